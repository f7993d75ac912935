/* market_sweep.c FILE: the prepared C peer of the sweep workload
 * (bench/README.md, D). Reads the same files as market.c -- whose parser and
 * model it includes -- but prepares once what a sweep of caps does not change
 * and recomputes per point only what it does: the physical limit of this
 * model for a cap sweep.
 *
 * Prepared once, at the first read: each market's candidates under the
 * standing policies, with their costs, in cost order (ties by name), and each
 * market's allocation as if alone. A scenario's own policy must be a cap
 * (anything else is refused: exit 1); a cap changes no cost, it only removes
 * candidates from the market it caps. Per read: that market's candidates are
 * the prepared ones the cap lets through, in the prepared order, and it buys
 * from scratch (market.c's allocate); every other market starts from its
 * prepared allocation; then the shared supply is rationed exactly as in
 * market.c (ration_round, up to 16 rounds, which may make any market buy
 * again), and any chip still oversold is cut. Prints the read market's
 * compute in FLOPS, one number a line ("%.17g"), as market.c does. */
#define main market_main
#include "market.c"
#undef main

static Buy prepared[MAXENT], work[MAXENT];
static size_t prepared_nmain = (size_t)-1;

/* Each market's candidates and allocation under the standing policies alone. */
static void prepare(void)
{
    Pols ps = {mainp, nmain, NULL};
    for (int k = 0; k < nmarkets; k++) {
        Buy *b = &prepared[k];
        b->m = &markets[k];
        b->n = 0;
        for (int i = 0; i < nchips; i++)
            if (candidate(i, b->m, &ps, &b->cands[b->n])) b->n++;
        qsort(b->cands, (size_t)b->n, sizeof b->cands[0], by_cost);
        allocate(b);
    }
    prepared_nmain = nmain;
}

/* Whether the cap keeps chip ci out of market mi (docs/language.md,
 * Policies: foreign chips only, the 1e-9 tolerance at the limit). */
static bool capped_out(const Policy *cap, int ci, int msym)
{
    const Chip *c = &chips[ci];
    return c->origin != msym && route(cap, c->origin, msym) && c->has[cap->attr] && c->f[cap->attr] > cap->amount &&
           !close_to(c->f[cap->attr], cap->amount);
}

/* Market mi's compute in the scenario whose own policy is cap. */
static double compute_capped(int mi, const Policy *cap)
{
    double taken[MAXENT];
    for (int k = 0; k < nmarkets; k++) {
        const Buy *p = &prepared[k];
        Buy *w = &work[k];
        w->m = p->m;
        if (markets[k].name != cap->to) {
            w->n = p->n;
            memcpy(w->cands, p->cands, (size_t)p->n * sizeof p->cands[0]);
            memcpy(w->units, p->units, (size_t)nchips * sizeof p->units[0]);
            continue;
        }
        w->n = 0;
        for (int j = 0; j < p->n; j++)
            if (!capped_out(cap, p->cands[j].chip, cap->to)) w->cands[w->n++] = p->cands[j];
        allocate(w);
    }
    for (int round = 0; round < 16 && ration_round(work, taken); round++) {}
    count_taken(work, taken);
    double total = 0;
    for (int i = 0; i < nchips; i++) {
        double u = work[mi].units[i];
        if (oversold(taken, i)) u = floor(u * chips[i].f[F_SUPPLY] / taken[i]);
        total += u * chips[i].f[F_FP16];
    }
    return total;
}

/* print SCENARIO.MARKET.compute */
static void print_prepared(const char *p)
{
    const char *s;
    size_t n = name(&p, &s);
    Scenario *sc = scencap ? scenario_slot(s, n) : NULL;
    if (!sc || !sc->name || *p++ != '.') fail("unknown scenario in", s);
    int mi = find_market(name_sym(&p));
    if (mi < 0 || strcmp(p, ".compute") != 0) fail("cannot read", s);
    if (sc->own.kind != P_CAP) fail("the prepared peer handles only a cap in a scenario:", sc->name);
    if (sc->nmain != nmain) fail("a standing policy after this scenario is not handled:", sc->name);
    if (prepared_nmain != nmain) prepare();
    printf("%.17g\n", compute_capped(mi, &sc->own));
}

int main(int argc, char **argv)
{
    if (argc != 2) { fputs("usage: market_sweep FILE\n", stderr); return 2; }
    FILE *f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 1; }
    char *line = NULL;
    size_t cap = 0, nscen = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && isspace((unsigned char)line[len - 1])) line[--len] = 0;
        const char *p = line;
        while (isspace((unsigned char)*p)) p++;
        if (!*p || *p == '#') continue;
        if (starts(&p, "define ")) {
            define(p);
            prepared_nmain = (size_t)-1; /* the world changed */
        } else if (starts(&p, "scenario ")) scenario(p, &nscen);
        else if (starts(&p, "print ")) print_prepared(p);
        else {
            if (nmain == capmain) {
                capmain = capmain ? capmain * 2 : 16;
                mainp = realloc(mainp, capmain * sizeof *mainp);
                if (!mainp) fail("out of memory at", p);
            }
            mainp[nmain++] = policy(p);
        }
    }
    free(line);
    fclose(f);
    return 0;
}
