/* period.c: the market model over time; see period.h and docs/model.md. */
#include "period.h"
#include "market.h"
#include "policy.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void stock_free(Stock *s)
{
    free(s->units);
    memset(s, 0, sizeof *s);
}

/* Re-indexes the stock for facts f: chips matched by name; a chip met for
 * the first time starts with its `stock:` field. */
static void stock_rebase(Stock *s, const WorldFacts *f)
{
    if (s->facts == f) return;
    double *units = xmalloc(sizeof *units * (size_t)(f->nchips ? f->nchips : 1));
    for (int i = 0; i < f->nchips; i++) {
        int old = s->facts ? facts_chip(s->facts, f->chips[i].name) : -1;
        units[i] = old >= 0 ? s->units[old] : f->chips[i].stock;
    }
    free(s->units);
    s->units = units;
    s->n = f->nchips;
    s->facts = f;
}

bool stock_add(Stock *s, const WorldFacts *f, const char *chip, double units)
{
    stock_rebase(s, f);
    int i = facts_chip(f, chip);
    if (i < 0) return false;
    s->units[i] += units;
    return true;
}

/* A stretch: budget and demand x share; each chip on sale offers its
 * supply x share plus its stock; what it does not sell stays in stock, and
 * so does what it makes while it may not be sold here. */
void model_stretch(Env *env, const char *market, double from, double to, double share, Stock *stock, Stretch *out)
{
    const WorldFacts *f = world_facts(env);
    int mi = facts_market(f, market);
    stock_rebase(stock, f);
    size_t nc = (size_t)(f->nchips ? f->nchips : 1);
    *out = (Stretch){.from = from, .to = to, .facts = f};
    MarketResult *r = &out->r;
    r->market = f->markets[mi].market;
    r->cands = xmalloc(sizeof *r->cands * nc);
    r->units = xmalloc(sizeof *r->units * nc);
    size_t np;
    const Policy *const *all = env_policies(env, &np);
    const Policy **mine = xmalloc(sizeof *mine * (np ? np : 1));
    ModelResult in = {.facts = f, .policies = mine};
    for (size_t i = 0; i < np; i++)
        if (all[i]->to == f->markets[mi].name) mine[in.npolicies++] = all[i];
    for (int ci = 0; ci < f->nchips; ci++) {
        const ChipFacts *c = &f->chips[ci];
        if (c->launch > from) continue; /* not launched: nothing made, nothing sold */
        double made = isfinite(c->supply) ? c->supply * share : INFINITY;
        if (make_candidate(&in, ci, mi, &r->cands[r->n])) {
            r->cands[r->n].supply = floor(made + stock->units[ci] + 1e-9); /* whole units; the rest waits */
            if (isfinite(made)) stock->units[ci] += made;
            r->n++;
        } else if (isfinite(made)) {
            stock->units[ci] += made;
        }
    }
    free(mine);
    MarketFacts m = f->markets[mi];
    m.budget *= share;
    m.demand *= share;
    for (int i = 0; i < r->n; i++) r->units[i] = 0;
    allocate_market(&in, &m, r);
    sum_market(&m, r);
    for (int i = 0; i < r->n; i++)
        if (isfinite(r->cands[i].supply)) stock->units[r->cands[i].chip] -= r->units[i];
}

void stretch_free(Stretch *s)
{
    free(s->r.cands);
    free(s->r.units);
    memset(s, 0, sizeof *s);
}

void stretch_totals(const Stretch *s, size_t n, MarketResult *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        const MarketResult *r = &s[i].r;
        out->market = r->market;
        out->compute += r->compute;
        out->effective_compute += r->effective_compute;
        out->spend += r->spend;
        out->total_units += r->total_units;
        out->power += r->power;
        out->domestic_compute += r->domestic_compute;
        out->unspent += r->unspent;
        out->tariff_income += r->tariff_income;
    }
}

double stretch_units(const Stretch *s, size_t n, const char *chip)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < s[i].r.n; k++)
            if (s[i].facts->chips[s[i].r.cands[k].chip].name == chip) total += s[i].r.units[k];
    return total;
}

double stretch_revenue(const Stretch *s, size_t n, const char *vendor, double *levy)
{
    double gross = 0, owed = 0;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < s[i].r.n; k++) {
            const Candidate *c = &s[i].r.cands[k];
            if (c->vendor != vendor) continue;
            double g = gross_of(c, s[i].r.units[k]);
            gross += g;
            owed += g * c->share;
        }
    if (levy) *levy = owed;
    return gross;
}

double stretch_levy_income(const Stretch *s, size_t n, const char *government)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < s[i].r.n; k++) {
            const Candidate *c = &s[i].r.cands[k];
            if (c->government == government) total += gross_of(c, s[i].r.units[k]) * c->share;
        }
    return total;
}
