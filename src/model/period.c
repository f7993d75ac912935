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

/* The facts of a stretch: f with each market's budget and demand x share,
 * and each chip's supply what it makes in the stretch (supply x share)
 * plus its stock, in whole units (the rest waits); a chip not launched by
 * the stretch's first day has no price, so no market buys it. made[ci] :=
 * what chip ci makes (INFINITY: no supply figure). The arrays are malloc'd. */
static WorldFacts stretch_facts(const WorldFacts *f, double from, double share, const Stock *stock, double *made)
{
    WorldFacts g = *f;
    size_t nc = (size_t)(f->nchips ? f->nchips : 1), nm = (size_t)(f->nmarkets ? f->nmarkets : 1);
    ChipFacts *chips = xmalloc(sizeof *chips * nc);
    MarketFacts *markets = xmalloc(sizeof *markets * nm);
    for (int ci = 0; ci < f->nchips; ci++) {
        chips[ci] = f->chips[ci];
        bool launched = !(f->chips[ci].launch > from);
        made[ci] = !launched ? 0 : isfinite(f->chips[ci].supply) ? f->chips[ci].supply * share : INFINITY;
        if (!launched) chips[ci].fig[CA_PRICE] = NAN; /* not launched: nothing made, nothing sold */
        if (isfinite(made[ci])) chips[ci].supply = floor(made[ci] + stock->units[ci] + 1e-9);
    }
    for (int mi = 0; mi < f->nmarkets; mi++) {
        markets[mi] = f->markets[mi];
        markets[mi].budget *= share;
        markets[mi].demand *= share;
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

void model_stretch(Env *env, double from, double to, double share, Stock *stock, Stretch *out)
{
    const WorldFacts *f = world_facts(env);
    stock_rebase(stock, f);
    double *made = xmalloc(sizeof *made * (size_t)(f->nchips ? f->nchips : 1));
    WorldFacts g = stretch_facts(f, from, share, stock, made);
    size_t np;
    const Policy *const *pol = env_policies(env, &np);
    ModelResult *res = model_compute(&g, pol, np);
    for (int ci = 0; ci < f->nchips; ci++)
        if (isfinite(made[ci])) stock->units[ci] += made[ci];
    for (int m = 0; m < res->nmarkets; m++) /* what left the factory: grey losses included */
        for (int i = 0; i < res->markets[m].n; i++) {
            const Candidate *c = &res->markets[m].cands[i];
            if (isfinite(made[c->chip])) stock->units[c->chip] -= res->markets[m].units[i] / (1 - c->risk);
        }
    *out = (Stretch){.from = from, .to = to, .facts = f, .markets = compact_results(res), .nmarkets = res->nmarkets};
    free(res);
    free(made);
    free((void *)g.chips);
    free((void *)g.markets);
}

void stretch_free(Stretch *s)
{
    free(s->markets);
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
    return any;
}

double stretch_units(const Stretch *s, size_t n, const char *chip, const char *market)
{
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        const MarketResult *r = market_of(&s[i], market);
        for (int k = 0; r && k < r->n; k++)
            if (s[i].facts->chips[r->cands[k].chip].name == chip) total += r->units[k];
    }
    return total;
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
