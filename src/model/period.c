/* period.c: the market model over time; see period.h and docs/model.md. */
#include "period.h"
#include "market.h"
#include "policy.h"
#include "dates.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void stock_free(Stock *s)
{
    free(s->units);
    free(s->written);
    memset(s, 0, sizeof *s);
}

/* Re-indexes the stock for facts f: chips matched by name; a chip met for
 * the first time starts with its `stock:` field. */
static void stock_rebase(Stock *s, const WorldFacts *f)
{
    if (s->facts == f) return;
    double *units = xmalloc(sizeof *units * (size_t)(f->nchips ? f->nchips : 1));
    double *written = xmalloc(sizeof *written * (size_t)(f->nchips ? f->nchips : 1));
    for (int i = 0; i < f->nchips; i++) {
        int old = s->facts ? facts_chip(s->facts, f->chips[i].name) : -1;
        units[i] = old >= 0 ? s->units[old] : f->chips[i].stock;
        written[i] = old >= 0 ? s->written[old] : 0;
    }
    free(s->units);
    free(s->written);
    s->units = units;
    s->written = written;
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

/* The facts of a stretch: f with each market's budget and demand x share,
 * and each chip's supply what it makes in the stretch (supply x share)
 * plus its stock (fractional: the period rounds its units as a whole); a
 * chip not launched by the stretch's first day has no price, so no market
 * buys it. made[ci] := what chip ci makes (INFINITY: no supply figure).
 * The arrays are malloc'd. */
static WorldFacts stretch_facts(const WorldFacts *f, double from, double share, const double *mshare,
                                const double *cshare, const Stock *stock, double *made)
{
    WorldFacts g = *f;
    size_t nc = (size_t)(f->nchips ? f->nchips : 1), nm = (size_t)(f->nmarkets ? f->nmarkets : 1);
    ChipFacts *chips = xmalloc(sizeof *chips * nc);
    MarketFacts *markets = xmalloc(sizeof *markets * nm);
    for (int ci = 0; ci < f->nchips; ci++) {
        chips[ci] = f->chips[ci];
        bool launched = !(f->chips[ci].launch > from);
        made[ci] = !launched ? 0 : isfinite(f->chips[ci].supply) ? f->chips[ci].supply * (cshare ? cshare[ci] : share) : INFINITY;
        if (!launched) chips[ci].fig[CA_PRICE] = NAN; /* not launched: nothing made, nothing sold */
        if (isfinite(made[ci])) chips[ci].supply = fmax(0, made[ci] + stock->units[ci]);
    }
    for (int mi = 0; mi < f->nmarkets; mi++) {
        markets[mi] = f->markets[mi];
        double k = mshare ? mshare[mi] : share; /* 0: the market buys nothing here (the one not given stays INFINITY) */
        if (isfinite(markets[mi].budget)) markets[mi].budget *= k;
        if (isfinite(markets[mi].demand)) markets[mi].demand *= k;
    }
    g.chips = chips;
    g.markets = markets;
    return g;
}

/* A copy of res's markets, each with exactly its candidates: one block. */
static MarketResult *compact_results(const ModelResult *res)
{
    size_t ncands = 0, nm = (size_t)res->nmarkets;
    for (size_t m = 0; m < nm; m++) ncands += (size_t)res->markets[m].n;
    MarketResult *out = xmalloc(nm * sizeof *out + ncands * (sizeof(Candidate) + sizeof(double)) + 1);
    Candidate *cands = (Candidate *)(out + nm);
    double *units = (double *)(cands + ncands);
    for (size_t m = 0; m < nm; m++) {
        const MarketResult *r = &res->markets[m];
        out[m] = *r;
        out[m].cands = cands;
        out[m].units = units;
        out[m].alone = NULL;
        out[m].order = NULL;
        memcpy(cands, r->cands, sizeof *cands * (size_t)r->n);
        memcpy(units, r->units, sizeof *units * (size_t)r->n);
        cands += r->n;
        units += r->n;
    }
    return out;
}

/* The period a stretch of the timeline belongs to: the one of 1, 3 or 12
 * months containing `from` whose share of a year, split by days, gives the
 * stretch `share` (timeline.c's scheme; no two of them agree on a stretch);
 * its end in *end. 0 when none does: the stretch is rounded on its own. */
static int period_months(double from, double to, double share, double *end)
{
    static const int MONTHS[] = {1, 3, 12};
    for (size_t k = 0; k < sizeof MONTHS / sizeof MONTHS[0]; k++) {
        double p0 = date_period_start(from, MONTHS[k]), p1 = date_add_months(p0, MONTHS[k]);
        if (!(to <= p1) || !(p1 > p0)) continue;
        double want = MONTHS[k] / 12.0 / (p1 - p0) * (to - from);
        if (fabs(want - share) <= 1e-9 * share) {
            *end = p1;
            return MONTHS[k];
        }
    }
    return 0;
}

/* One thing bought over a period: a chip in a market, directly or by a grey
 * route; its units summed over the stretches, and where it was last bought. */
typedef struct Bought {
    const char *chip, *market; /* interned */
    bool grey;
    double units, whole;
    Stretch *last;
    int mi, cand;
} Bought;

/* a before b for the units left after rounding down: larger remainder (to
 * 9 decimals, remainder_key), then market name, then direct before grey. */
static bool bought_before(const Bought *a, const Bought *b)
{
    double ra = remainder_key(a->units), rb = remainder_key(b->units);
    if (ra != rb) return ra > rb;
    int c = strcmp(a->market, b->market);
    if (c) return c < 0;
    return !a->grey && b->grey;
}

/* Rounds the n stretches of one period to whole units (docs/model.md, "Over
 * time", Rounding): per chip, the units bought over the period rounded down
 * (1e-12 relative tolerance) are split by largest remainder over what bought
 * it (each rounded down, the units left one each to the largest remainders,
 * ties by market name, direct first); each difference is booked in the
 * last stretch that bought it, at that stretch's prices, and goes back to
 * (or comes from) the stock. */
static void round_period(Stretch *st, size_t n, Stock *stock)
{
    size_t cap = 0, nb = 0;
    for (size_t s = 0; s < n; s++)
        for (int m = 0; m < st[s].nmarkets; m++) cap += (size_t)st[s].markets[m].n;
    Bought *b = xmalloc(sizeof *b * (cap ? cap : 1));
    for (size_t s = 0; s < n; s++)
        for (int m = 0; m < st[s].nmarkets; m++) {
            const MarketResult *r = &st[s].markets[m];
            for (int i = 0; i < r->n; i++) {
                const Candidate *c = &r->cands[i];
                const char *chip = st[s].facts->chips[c->chip].name, *market = st[s].facts->markets[m].name;
                bool grey = c->route != NULL;
                size_t k = 0;
                while (k < nb && !(b[k].chip == chip && b[k].market == market && b[k].grey == grey)) k++;
                if (k == nb) b[nb++] = (Bought){chip, market, grey, 0, 0, NULL, 0, 0};
                b[k].units += r->units[i];
                if (r->units[i] > 0) b[k].last = &st[s], b[k].mi = m, b[k].cand = i;
            }
        }
    /* by chip: sort so each chip's items are together, by remainder within */
    for (size_t k = 1; k < nb; k++)
        for (size_t j = k; j > 0; j--) {
            Bought *x = &b[j], *y = &b[j - 1];
            int c = strcmp(x->chip, y->chip);
            if (!(c < 0 || (c == 0 && bought_before(x, y)))) break;
            Bought t = *x;
            *x = *y;
            *y = t;
        }
    for (size_t k = 0; k < nb;) {
        size_t e = k;
        double total = 0, floors = 0;
        while (e < nb && b[e].chip == b[k].chip) total += b[e].units, floors += floor(b[e].units), e++;
        long left = lround(floor(total * (1 + 1e-12)) - floors);
        for (size_t j = k; j < e; j++) {
            double rem = b[j].units - floor(b[j].units);
            b[j].whole = floor(b[j].units) + (left > 0 && rem > 0 ? 1 : 0);
            if (left > 0 && rem > 0) left--;
        }
        k = e;
    }
    for (size_t k = 0; k < nb; k++) {
        double d = b[k].whole - b[k].units;
        if (d == 0 || !b[k].last) continue;
        MarketResult *r = &b[k].last->markets[b[k].mi];
        const Candidate *c = &r->cands[b[k].cand];
        r->units[b[k].cand] += d;
        market_add_units(&b[k].last->facts->markets[b[k].mi], r, b[k].cand, d);
        int ci = stock->facts ? facts_chip(stock->facts, b[k].chip) : -1;
        if (ci >= 0 && isfinite(stock->facts->chips[ci].supply)) stock->units[ci] -= d / (1 - c->risk);
    }
    free(b);
}

/* Write-downs (docs/model.md, "Over time" 8): a chip with a price and an
 * fp16 figure, launched by the stretch's first day, that no market is
 * offered (directly or by a route) is stranded: its stock not yet written
 * down is written down, in the stretch, at its list price. Written-down
 * units leave the count as the stock falls below it (sold after a lift);
 * nothing is written back. Called after the stretch (and again after its
 * period's rounding, which may move the stock of a chip bought earlier). */
static void write_down(Stretch *out, Stock *stock)
{
    const WorldFacts *f = out->facts;
    for (int ci = 0; ci < f->nchips; ci++) {
        const ChipFacts *c = &f->chips[ci];
        bool offered = false;
        for (int m = 0; m < out->nmarkets && !offered; m++)
            for (int k = 0; k < out->markets[m].n && !offered; k++) offered = out->markets[m].cands[k].chip == ci;
        bool stranded = !offered && c->fig[CA_PRICE] > 0 && c->fig[CA_FP16] > 0 && !(c->launch > out->from);
        if (stranded && stock->units[ci] > stock->written[ci]) {
            out->writedown[ci] += stock->units[ci] - stock->written[ci];
            stock->written[ci] = stock->units[ci];
        } else if (stock->written[ci] > stock->units[ci]) {
            stock->written[ci] = fmax(0, stock->units[ci]);
        }
    }
}

void model_stretch(Env *env, double from, double to, double share, Stock *stock, Stretch *out)
{
    model_stretch_shares(env, from, to, share, NULL, NULL, stock, out);
}

void model_stretch_shares(Env *env, double from, double to, double share, const double *mshare, const double *cshare,
                          Stock *stock, Stretch *out)
{
    const WorldFacts *f = world_facts(env);
    stock_rebase(stock, f);
    double *made = xmalloc(sizeof *made * (size_t)(f->nchips ? f->nchips : 1));
    WorldFacts g = stretch_facts(f, from, share, mshare, cshare, stock, made);
    size_t np;
    const Policy *const *pol = env_policies(env, &np);
    ModelResult *res = model_compute(&g, pol, np, true);
    for (int ci = 0; ci < f->nchips; ci++)
        if (isfinite(made[ci])) stock->units[ci] += made[ci];
    for (int m = 0; m < res->nmarkets; m++) /* what left the factory: grey losses included */
        for (int i = 0; i < res->markets[m].n; i++) {
            const Candidate *c = &res->markets[m].cands[i];
            if (isfinite(made[c->chip])) stock->units[c->chip] -= res->markets[m].units[i] / (1 - c->risk);
        }
    *out = (Stretch){.from = from, .to = to, .facts = f, .markets = compact_results(res), .nmarkets = res->nmarkets,
                     .stock = xmalloc(sizeof *out->stock * (size_t)(f->nchips ? f->nchips : 1)),
                     .writedown = xcalloc((size_t)(f->nchips ? f->nchips : 1), sizeof *out->writedown)};
    memcpy(out->stock, stock->units, sizeof *out->stock * (size_t)f->nchips);
    write_down(out, stock);
    free(res);
    free(made);
    free((void *)g.chips);
    free((void *)g.markets);
    /* whole units per period: the stretches of this one so far precede out */
    double end = NAN;
    int months = period_months(from, to, share, &end);
    if (stock->open && !(months && stock->period_end == end)) { /* an earlier period left open */
        round_period(out - stock->open, (size_t)stock->open, stock);
        stock->open = 0;
    }
    if (months && to < end) {
        stock->period_end = end;
        stock->open++;
        return;
    }
    round_period(out - stock->open, (size_t)stock->open + 1, stock);
    stock->open = 0;
    write_down(out, stock);
    memcpy(out->stock, stock->units, sizeof *out->stock * (size_t)f->nchips); /* after the rounding */
}

void stretch_free(Stretch *s)
{
    free(s->markets);
    free(s->stock);
    free(s->writedown);
    memset(s, 0, sizeof *s);
}

/* Stretch s's results for market (by name), or NULL. */
static const MarketResult *market_of(const Stretch *s, const char *market)
{
    int mi = facts_market(s->facts, market);
    return mi < 0 ? NULL : &s->markets[mi];
}

bool stretch_totals(const Stretch *s, size_t n, const char *market, MarketResult *out)
{
    bool any = false;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        const MarketResult *r = market_of(&s[i], market);
        if (!r) continue;
        any = true;
        out->market = r->market;
        out->compute += r->compute;
        out->effective_compute += r->effective_compute;
        out->spend += r->spend;
        out->total_units += r->total_units;
        out->power += r->power;
        out->domestic_compute += r->domestic_compute;
        out->unspent += r->unspent;
        out->tariff_income += r->tariff_income;
        out->grey_spend += r->grey_spend;
        out->grey_units += r->grey_units;
        out->grey_compute += r->grey_compute;
    }
    /* whole periods sell whole units: what the sum of their stretches
     * misses by the last bits of floating point goes */
    out->total_units = round(out->total_units);
    out->grey_units = round(out->grey_units);
    return any;
}

double stretch_units(const Stretch *s, size_t n, const char *chip, const char *market)
{
    if (!market) { /* the stock after the last stretch */
        int ci = n ? facts_chip(s[n - 1].facts, chip) : -1;
        return ci < 0 ? 0 : s[n - 1].stock[ci];
    }
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        const MarketResult *r = market_of(&s[i], market);
        for (int k = 0; r && k < r->n; k++)
            if (s[i].facts->chips[r->cands[k].chip].name == chip) total += r->units[k];
    }
    return round(total); /* whole periods sell whole units (stretch_totals) */
}

double stretch_revenue(const Stretch *s, size_t n, const char *vendor, const char *market, double *levy)
{
    double gross = 0, owed = 0;
    for (size_t i = 0; i < n; i++)
        for (int m = 0; m < s[i].nmarkets; m++)
            for (int k = 0; k < s[i].markets[m].n; k++) {
                const Candidate *c = &s[i].markets[m].cands[k];
                if (c->vendor != vendor || (market && c->sold_to != market)) continue;
                double g = gross_of(c, s[i].markets[m].units[k]);
                gross += g;
                owed += g * c->share;
            }
    if (levy) *levy = owed;
    return gross;
}

double stretch_writedown(const Stretch *s, size_t n, const char *chip, const char *vendor)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        for (int ci = 0; ci < s[i].facts->nchips; ci++) {
            const ChipFacts *c = &s[i].facts->chips[ci];
            if (s[i].writedown[ci] != 0 && (chip ? c->name == chip : c->vendor == vendor))
                total += s[i].writedown[ci] * c->fig[CA_PRICE];
        }
    return total;
}

double stretch_levy_income(const Stretch *s, size_t n, const char *government)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        for (int m = 0; m < s[i].nmarkets; m++)
            for (int k = 0; k < s[i].markets[m].n; k++) {
                const Candidate *c = &s[i].markets[m].cands[k];
                if (c->government == government) total += gross_of(c, s[i].markets[m].units[k]) * c->share;
            }
    return total;
}
