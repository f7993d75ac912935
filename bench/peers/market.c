/* market.c FILE: the hand-written C peer of the market workload
 * (bench/README.md, B). Reads the file `bench/gen.py market` writes (one
 * statement per line, only the forms it writes), and for each
 * `print sI.M.compute` runs the model of docs/model.md on scenario sI's
 * policies -- every market at once, since they share each chip's supply
 * (step 5) -- and prints market M's compute in FLOPS, one number a line
 * ("%.17g"). Anything else in the file is an error (exit 1).
 * Every allocation lives until exit; the process frees nothing. */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXSYM 256
#define MAXENT 256

enum { F_FP16, F_BANDWIDTH, F_TDP, F_PRICE, F_SUPPLY, NCHIPF };
static const char *const CHIP_FIELDS[NCHIPF] = {"fp16", "bandwidth", "tdp", "price", "supply"};
enum { P_CAP, P_TARIFF, P_SHARE, P_BAN_EXPORT_CHIP, P_BAN_VENDOR };

typedef struct Chip {
    const char *name;
    int vendor, origin, eco;  /* vendor index; symbols */
    double f[NCHIPF];
    bool has[NCHIPF];
} Chip;
typedef struct Vendor { int name, origin, eco; } Vendor;
typedef struct Market {
    int name, incumbent;      /* symbols; incumbent -1 when none */
    double budget, demand, energy_price, pue, lifetime, switching;
} Market;
typedef struct Policy {
    int kind, attr, from, to; /* attr: chip field; from: symbol or -1; to: market symbol */
    int subject;              /* chip index (P_BAN_EXPORT_CHIP) or vendor index */
    double amount, passthrough;
} Policy;
typedef struct Scenario { char *name; size_t nmain; Policy own; } Scenario;

static const char *syms[MAXSYM];
static int nsyms;
static Chip chips[MAXENT];
static Vendor vendors[MAXENT];
static Market markets[MAXENT];
static int nchips, nvendors, nmarkets, lineno;
static Policy *mainp;
static size_t nmain, capmain;
static Scenario *scen;  /* open addressing on the name */
static size_t scencap;

/* Reports a problem with the input at the current line and exits 1. */
static _Noreturn void fail(const char *what, const char *text)
{
    fprintf(stderr, "market.c: line %d: %s '%s'\n", lineno, what, text);
    exit(1);
}

/* The symbol number of a name (interned; the world is small). */
static int sym(const char *s, size_t n)
{
    for (int i = 0; i < nsyms; i++)
        if (strlen(syms[i]) == n && memcmp(syms[i], s, n) == 0) return i;
    if (nsyms == MAXSYM) fail("too many names at", s);
    char *c = malloc(n + 1);
    memcpy(c, s, n);
    c[n] = 0;
    syms[nsyms] = c;
    return nsyms++;
}

/* The index of the vendor, chip or market with that name, or -1. */
static int find_vendor(int name)
{
    for (int i = 0; i < nvendors; i++)
        if (vendors[i].name == name) return i;
    return -1;
}

static int find_chip(const char *s, size_t n)
{
    for (int i = 0; i < nchips; i++)
        if (strlen(chips[i].name) == n && memcmp(chips[i].name, s, n) == 0) return i;
    return -1;
}

static int find_market(int name)
{
    for (int i = 0; i < nmarkets; i++)
        if (markets[i].name == name) return i;
    return -1;
}

/* A quantity of the generated file in base units: 1.4 TB/s, $12.5k, 20%, $0.08/kWh. */
static double number(const char *s, const char *end)
{
    static const struct { const char *unit; double scale; } UNITS[] = {
        {"", 1}, {" TFLOPS", 1e12}, {" PFLOPS", 1e15}, {" GFLOPS", 1e9}, {" TB/s", 1e12}, {" GB/s", 1e9},
        {" W", 1}, {" kW", 1e3}, {" units", 1}, {" yr", 365 * 86400.0}, {" mm2", 1e-6}, {"%", 0.01},
        {"/kWh", 1 / 3.6e6}};
    const char *p = s;
    if (*p == '$') p++;
    char *q;
    double v = strtod(p, &q);
    if (q == p) fail("cannot read the number", s);
    switch (*q) {
    case 'k': v *= 1e3; q++; break;
    case 'M': v *= 1e6; q++; break;
    case 'B': v *= 1e9; q++; break;
    case 'T': v *= 1e12; q++; break;
    }
    size_t n = (size_t)(end - q);
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++) {
        if (strlen(UNITS[i].unit) != n || memcmp(UNITS[i].unit, q, n) != 0) continue;
        if (strcmp(UNITS[i].unit, "%") == 0) return v / 100;
        if (strcmp(UNITS[i].unit, "/kWh") == 0) return v / 3.6e6;
        return v * UNITS[i].scale;
    }
    fail("cannot read the number", s);
}

/* Whether *p starts with word; if so, moves *p past it. */
static bool starts(const char **p, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(*p, word, n) != 0) return false;
    *p += n;
    return true;
}

/* The next name at *p: [A-Za-z0-9_]+; its length, with *p moved past it. */
static size_t name(const char **p, const char **start)
{
    *start = *p;
    while (isalnum((unsigned char)**p) || **p == '_') (*p)++;
    if (*p == *start) fail("expected a name at", *start);
    return (size_t)(*p - *start);
}

static int name_sym(const char **p)
{
    const char *s;
    size_t n = name(p, &s);
    return sym(s, n);
}

/* One field "key: value" of a definition; value runs to end. */
static void define_field(const char *kind, int idx, const char *key, size_t klen, const char *val, const char *end)
{
    bool is_name = isalpha((unsigned char)*val);
    if (strcmp(kind, "vendor") == 0) {
        Vendor *v = &vendors[idx];
        if (klen == 6 && !memcmp(key, "origin", 6)) v->origin = sym(val, (size_t)(end - val));
        else if (klen == 9 && !memcmp(key, "ecosystem", 9)) v->eco = sym(val, (size_t)(end - val));
        else fail("unknown vendor field in", key);
    } else if (strcmp(kind, "market") == 0) {
        Market *m = &markets[idx];
        if (klen == 9 && !memcmp(key, "incumbent", 9)) { m->incumbent = sym(val, (size_t)(end - val)); return; }
        if (is_name) fail("expected a number in", val);
        double x = number(val, end);
        if (klen == 6 && !memcmp(key, "budget", 6)) m->budget = x;
        else if (klen == 6 && !memcmp(key, "demand", 6)) m->demand = x;
        else if (klen == 12 && !memcmp(key, "energy_price", 12)) m->energy_price = x;
        else if (klen == 3 && !memcmp(key, "pue", 3)) m->pue = x;
        else if (klen == 8 && !memcmp(key, "lifetime", 8)) m->lifetime = x;
        else if (klen == 14 && !memcmp(key, "switching_cost", 14)) m->switching = x;
        else fail("unknown market field in", key);
    } else {
        Chip *c = &chips[idx];
        if (klen == 6 && !memcmp(key, "vendor", 6)) {
            c->vendor = find_vendor(sym(val, (size_t)(end - val)));
            if (c->vendor < 0) fail("unknown vendor in", val);
            return;
        }
        for (int f = 0; f < NCHIPF; f++) {
            if (strlen(CHIP_FIELDS[f]) != klen || memcmp(CHIP_FIELDS[f], key, klen) != 0) continue;
            c->f[f] = number(val, end);
            c->has[f] = true;
            return;
        }
        fail("unknown chip field in", key);
    }
}

/* define vendor|market|chip NAME { key: value; ... } */
static void define(const char *p)
{
    const char *kind = starts(&p, "vendor ") ? "vendor" : starts(&p, "market ") ? "market" : starts(&p, "chip ") ? "chip" : NULL;
    if (!kind) fail("cannot define", p);
    const char *nm;
    size_t n = name(&p, &nm);
    if (!starts(&p, " { ")) fail("expected '{' at", p);
    if (nvendors == MAXENT || nmarkets == MAXENT || nchips == MAXENT) fail("too many definitions at", nm);
    int idx;
    if (kind[0] == 'v') { idx = nvendors++; vendors[idx] = (Vendor){sym(nm, n), -1, -1}; }
    else if (kind[0] == 'm') { idx = nmarkets++; markets[idx] = (Market){sym(nm, n), -1, INFINITY, INFINITY, 0, 1, 4 * 365 * 86400.0, 0}; }
    else { idx = nchips++; memset(&chips[idx], 0, sizeof chips[idx]); chips[idx].name = syms[sym(nm, n)]; chips[idx].vendor = -1; }
    const char *close = strstr(p, " }");
    if (!close || close[2]) fail("expected ' }' at the end of", p);
    while (p < close) {
        const char *semi = strstr(p, "; ");
        const char *end = semi && semi < close ? semi : close;
        const char *colon = strstr(p, ": ");
        if (!colon || colon > end) fail("expected 'key: value' at", p);
        define_field(kind, idx, p, (size_t)(colon - p), colon + 2, end);
        p = end == close ? close : end + 2;
    }
    if (kind[0] == 'c') {
        if (chips[idx].vendor < 0) fail("a chip needs a vendor:", nm);
        chips[idx].origin = vendors[chips[idx].vendor].origin;
        chips[idx].eco = vendors[chips[idx].vendor].eco;
    }
}

/* The market named at *p (its symbol); fails when there is none. */
static int market_at(const char **p)
{
    int m = name_sym(p);
    if (find_market(m) < 0) fail("unknown market", syms[m]);
    return m;
}

/* The policies of the generated file; p is the whole statement. */
static Policy policy(const char *p)
{
    const char *text = p, *s;
    Policy r = {.from = -1, .subject = -1};
    if (starts(&p, "cap ")) {
        r.kind = P_CAP;
        size_t n = name(&p, &s);
        r.attr = -1;
        for (int f = 0; f < NCHIPF; f++)
            if (strlen(CHIP_FIELDS[f]) == n && memcmp(CHIP_FIELDS[f], s, n) == 0) r.attr = f;
        if (r.attr < 0 || *p++ != ' ') fail("cannot cap in", text);
        const char *on = strstr(p, " on exports ");
        if (!on) fail("expected 'on exports' in", text);
        r.amount = number(p, on);
        p = on + 12;
        if (starts(&p, "from ")) { r.from = name_sym(&p); if (*p++ != ' ') fail("bad cap", text); }
        if (!starts(&p, "to ")) fail("expected 'to' in", text);
        r.to = market_at(&p);
    } else if (starts(&p, "apply tariff share ")) {
        r.kind = P_SHARE;
        const char *sp = strchr(p, ' ');
        if (!sp) fail("bad share", text);
        r.amount = number(p, sp);
        p = sp;
        if (!starts(&p, " on ")) fail("expected 'on' in", text);
        r.subject = find_vendor(name_sym(&p));
        if (r.subject < 0 || !starts(&p, " sales to ")) fail("bad share", text);
        r.to = market_at(&p);
        if (starts(&p, " passthrough ")) { r.passthrough = number(p, p + strlen(p)); p += strlen(p); }
    } else if (starts(&p, "apply tariff ")) {
        r.kind = P_TARIFF;
        const char *sp = strchr(p, ' ');
        if (!sp) fail("bad tariff", text);
        r.amount = number(p, sp);
        p = sp;
        if (!starts(&p, " on imports from ")) fail("expected 'on imports from' in", text);
        r.from = name_sym(&p);
        if (!starts(&p, " to ")) fail("expected 'to' in", text);
        r.to = market_at(&p);
    } else if (starts(&p, "ban export of chip ")) {
        r.kind = P_BAN_EXPORT_CHIP;
        size_t n = name(&p, &s);
        r.subject = find_chip(s, n);
        if (r.subject < 0 || !starts(&p, " to ")) fail("bad export ban", text);
        r.to = market_at(&p);
    } else if (starts(&p, "ban vendor ")) {
        r.kind = P_BAN_VENDOR;
        r.subject = find_vendor(name_sym(&p));
        if (r.subject < 0 || !starts(&p, " in ")) fail("bad vendor ban", text);
        r.to = market_at(&p);
    } else {
        fail("cannot read the statement", text);
    }
    if (*p) fail("unexpected text at the end of", text);
    return r;
}

/* quantity_close of src/lang/units.c, and whether a policy covers a route. */
static bool close_to(double a, double b) { return a == b || fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b)); }
static bool route(const Policy *p, int origin, int market) { return p->to == market && (p->from < 0 || p->from == origin); }

/* The policies in force in a scenario: main's at its start, then its own. */
typedef struct Pols { const Policy *main; size_t nmain; const Policy *own; } Pols;
#define EACH_POLICY(ps, i, p) \
    for (size_t i = 0; i <= (ps)->nmain; i++) \
        for (const Policy *p = i < (ps)->nmain ? &(ps)->main[i] : (ps)->own; p; p = NULL)

/* docs/language.md, Policies: the export side (foreign chips only), then the import side. */
static bool available(int ci, int market, const Pols *ps)
{
    const Chip *c = &chips[ci];
    if (c->origin != market) {
        EACH_POLICY(ps, i, p) {
            if (!route(p, c->origin, market)) continue;
            if (p->kind == P_BAN_EXPORT_CHIP && p->subject == ci) return false;
            if (p->kind == P_CAP && c->has[p->attr] && c->f[p->attr] > p->amount && !close_to(c->f[p->attr], p->amount))
                return false;
        }
    }
    EACH_POLICY(ps, i, p)
        if (p->to == market && p->kind == P_BAN_VENDOR && p->subject == c->vendor) return false;
    return true;
}

typedef struct Cand { int chip; double buyer, perf, cap, cost; } Cand; /* cap: the supply it may buy */

/* Ascending cost per effective FLOPS, ties by name (the order of model.c). */
static int by_cost(const void *a, const void *b)
{
    const Cand *x = a, *y = b;
    if (x->cost < y->cost) return -1;
    if (x->cost > y->cost) return 1;
    return strcmp(chips[x->chip].name, chips[y->chip].name);
}

/* make_candidate of src/model/model.c: the chip's costs in market m. */
static bool candidate(int ci, const Market *m, const Pols *ps, Cand *out)
{
    const Chip *c = &chips[ci];
    if (!c->has[F_PRICE] || !c->has[F_FP16] || !available(ci, m->name, ps)) return false;
    double price = c->f[F_PRICE], perf = c->f[F_FP16];
    if (!(price > 0) || !(perf > 0)) return false;
    double tariff = 0, share = 0, passthrough = 0;
    EACH_POLICY(ps, i, p) {
        if (p->kind == P_TARIFF && c->origin != m->name && route(p, c->origin, m->name)) tariff = p->amount;
        if (p->kind == P_SHARE && p->to == m->name && p->subject == c->vendor) { share = p->amount; passthrough = p->passthrough; }
    }
    double buyer = price * (1 + passthrough * share) * (1 + tariff);
    double energy = (c->has[F_TDP] ? c->f[F_TDP] : 0) * m->pue * m->lifetime * m->energy_price;
    double switching = m->incumbent >= 0 && c->eco != m->incumbent ? m->switching : 0;
    double eff = perf * (1 - switching);
    if (!(eff > 0)) return false;
    *out = (Cand){ci, buyer, perf, c->has[F_SUPPLY] ? c->f[F_SUPPLY] : INFINITY, (buyer + energy) / eff};
    return true;
}

/* One market's state in a scenario: its candidates in cost order, and the
 * units bought, indexed by chip (0 for chips that are no candidate). */
typedef struct Buy {
    const Market *m;
    Cand cands[MAXENT];
    int n;
    double units[MAXENT];
} Buy;

/* The cost-order allocation of src/model/model.c: b->units from scratch,
 * each candidate up to its cap. */
static void allocate(Buy *b)
{
    memset(b->units, 0, sizeof b->units);
    double left = b->m->budget, demand = b->m->demand, got = 0;
    for (int k = 0; k < b->n; k++) {
        const Cand *x = &b->cands[k];
        double want = x->cap;
        if (isfinite(left)) want = fmin(want, floor(left / x->buyer * (1 + 1e-12)));
        if (isfinite(demand)) want = fmin(want, ceil((demand - got) / x->perf * (1 - 1e-12)));
        if (!(want > 0) || !isfinite(want)) want = 0;
        b->units[x->chip] = want;
        if (isfinite(left)) left -= want * x->buyer;
        got += want * x->perf;
        if (isfinite(demand) && got >= demand * (1 - 1e-12)) break;
    }
}

/* taken[chip] := units of the chip bought by all markets (no grey routes: shipped = units). */
static void count_taken(const Buy *buys, double *taken)
{
    for (int ci = 0; ci < nchips; ci++) {
        taken[ci] = 0;
        for (int mi = 0; mi < nmarkets; mi++) taken[ci] += buys[mi].units[ci];
    }
}

/* Whether chip ci is asked for more than its (finite) supply, beyond rounding. */
static bool oversold(const double *taken, int ci)
{
    double s = chips[ci].has[F_SUPPLY] ? chips[ci].f[F_SUPPLY] : INFINITY;
    return isfinite(s) && taken[ci] > s * (1 + 1e-12) + 1e-9;
}

/* One round: each market's cap on an oversold chip falls to
 * floor(supply x units here / taken), and a market so capped buys again
 * from scratch. False when no cap fell. */
static bool ration_round(Buy *buys, double *taken)
{
    bool any = false;
    count_taken(buys, taken);
    for (int mi = 0; mi < nmarkets; mi++) {
        Buy *b = &buys[mi];
        bool dirty = false;
        for (int k = 0; k < b->n; k++) {
            Cand *x = &b->cands[k];
            if (!oversold(taken, x->chip)) continue;
            double cap = floor(chips[x->chip].f[F_SUPPLY] * b->units[x->chip] / taken[x->chip]);
            if (cap < x->cap) x->cap = cap, dirty = true;
        }
        if (!dirty) continue;
        any = true;
        allocate(b);
    }
    return any;
}

/* Every market at once (docs/model.md, step 5, shared supply); returns
 * market mi's compute. Candidates are sorted in place, so sums run in chip
 * order through units[]. */
static double compute(int mi, const Pols *ps)
{
    static Buy buys[MAXENT];
    double taken[MAXENT];
    for (int k = 0; k < nmarkets; k++) {
        Buy *b = &buys[k];
        b->m = &markets[k];
        b->n = 0;
        for (int i = 0; i < nchips; i++)
            if (candidate(i, b->m, ps, &b->cands[b->n])) b->n++;
        qsort(b->cands, (size_t)b->n, sizeof b->cands[0], by_cost);
        allocate(b);
    }
    for (int round = 0; round < 16 && ration_round(buys, taken); round++) {}
    count_taken(buys, taken);
    double total = 0;
    for (int i = 0; i < nchips; i++) {
        double u = buys[mi].units[i];
        if (oversold(taken, i)) u = floor(u * chips[i].f[F_SUPPLY] / taken[i]);
        total += u * chips[i].f[F_FP16];
    }
    return total;
}

/* Scenarios by name: FNV-1a over open addressing, grown at half full. */
static size_t hash(const char *s, size_t n)
{
    size_t h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static Scenario *scenario_slot(const char *s, size_t n)
{
    for (size_t h = hash(s, n) & (scencap - 1);; h = (h + 1) & (scencap - 1))
        if (!scen[h].name || (strlen(scen[h].name) == n && memcmp(scen[h].name, s, n) == 0)) return &scen[h];
}

static void grow_scenarios(void)
{
    Scenario *old = scen;
    size_t oldcap = scencap;
    scencap = scencap ? scencap * 2 : 1024;
    scen = calloc(scencap, sizeof *scen);
    if (!scen) fail("out of memory at", "scenarios");
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].name) *scenario_slot(old[i].name, strlen(old[i].name)) = old[i];
    free(old);
}

/* scenario NAME { POLICY } */
static void scenario(const char *p, size_t *count)
{
    const char *nm;
    size_t n = name(&p, &nm);
    if (!starts(&p, " { ")) fail("expected '{' at", p);
    size_t len = strlen(p);
    if (len < 2 || strcmp(p + len - 2, " }") != 0) fail("expected ' }' at the end of", p);
    char *body = strndup(p, len - 2);
    if (2 * (*count + 1) > scencap) grow_scenarios();
    Scenario *sc = scenario_slot(nm, n);
    if (!sc->name) (*count)++;
    *sc = (Scenario){strndup(nm, n), nmain, policy(body)};
    free(body);
}

/* print SCENARIO.MARKET.compute */
static void print_read(const char *p)
{
    const char *s;
    size_t n = name(&p, &s);
    Scenario *sc = scencap ? scenario_slot(s, n) : NULL;
    if (!sc || !sc->name || *p++ != '.') fail("unknown scenario in", s);
    int mi = find_market(name_sym(&p));
    if (mi < 0 || strcmp(p, ".compute") != 0) fail("cannot read", s);
    Pols ps = {mainp, sc->nmain, &sc->own};
    printf("%.17g\n", compute(mi, &ps));
}

/* Reads the file line by line; each read prints as it is met. */
int main(int argc, char **argv)
{
    if (argc != 2) { fputs("usage: market FILE\n", stderr); return 2; }
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
        if (starts(&p, "define ")) define(p);
        else if (starts(&p, "scenario ")) scenario(p, &nscen);
        else if (starts(&p, "print ")) print_read(p);
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
