/* model.c: the market model of docs/model.md; see model.h. */
#include "model.h"
#include "market.h"
#include "policy.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- the cost-order allocator ---------------------------------------------- */

typedef struct Order {
    double cost;
    int rank, index;
} Order;

/* a before b := lower unit cost, then lower rank. */
static bool order_before(const Order *a, const Order *b)
{
    return a->cost < b->cost || (a->cost == b->cost && a->rank < b->rank);
}

static int order_cmp(const void *a, const void *b)
{
    return order_before(a, b) ? -1 : order_before(b, a) ? 1 : 0;
}

/* Insertion sort for the usual few dozen candidates; qsort beyond. */
static void sort_orders(Order *o, int n)
{
    if (n > 48) {
        qsort(o, (size_t)n, sizeof *o, order_cmp);
        return;
    }
    for (int i = 1; i < n; i++) {
        Order x = o[i];
        int j = i;
        for (; j > 0 && order_before(&x, &o[j - 1]); j--) o[j] = o[j - 1];
        o[j] = x;
    }
}

/* Cheapest effective performance first, each chip up to its supply, whole
 * units; a chip too dear for the budget left is skipped and cheaper ones
 * after it still bought; with a demand, stop once it is met. */
static void allocate_cost_order(const AllocItem *c, int n, double budget, double demand, double *units)
{
    Order stack[64], *order = n <= 64 ? stack : xmalloc(sizeof *order * (size_t)n);
    for (int i = 0; i < n; i++) order[i] = (Order){c[i].unit_cost, c[i].rank, i};
    sort_orders(order, n);
    double left = budget, got = 0;
    for (int k = 0; k < n; k++) {
        const AllocItem *x = &c[order[k].index];
        double want = x->supply;
        if (isfinite(left)) want = fmin(want, floor(left / x->price * (1 + 1e-12)));
        if (isfinite(demand)) want = fmin(want, ceil((demand - got) / x->performance * (1 - 1e-12)));
        if (!(want > 0)) want = 0;
        if (!isfinite(want)) want = 0; /* no budget, no demand, no supply: nothing sensible to buy */
        units[order[k].index] = want;
        if (isfinite(left)) left -= want * x->price;
        got += want * x->performance;
        if (isfinite(demand) && got >= demand * (1 - 1e-12)) break;
    }
    if (order != stack) free(order);
}

const Allocator ALLOC_COST_ORDER = {"cost-order", allocate_cost_order};

/* --- building the candidates ------------------------------------------------ */

/* buyer price = list x (1 + passthrough x share) x (1 + tariff);
 * energy = tdp x pue x lifetime x energy price; effective = fp16 x (1 - switching). */
bool make_candidate(const ModelResult *in, int ci, int mi, Candidate *c)
{
    const ChipFacts *chip = &in->facts->chips[ci];
    const MarketFacts *m = &in->facts->markets[mi];
    double price = chip->fig[CA_PRICE], perf = chip->fig[CA_FP16];
    if (!(price > 0) || !(perf > 0)) return false;
    Verdict v;
    if (!policy_available(in->policies, in->npolicies, in->facts, ci, mi, &v, NULL, NULL)) return false;
    memset(c, 0, sizeof *c);
    c->chip = ci;
    c->vendor = chip->vendor;
    c->origin = chip->origin;
    c->list_price = price;
    c->performance = perf;
    c->supply = chip->supply;
    c->tdp = isnan(chip->fig[CA_TDP]) ? 0 : chip->fig[CA_TDP];
    c->share = policy_share(in->policies, in->npolicies, chip, m->name, &c->passthrough, &c->government);
    if (!c->government) c->government = c->origin;
    c->tariff = c->origin == m->name ? 0 : policy_tariff(in->policies, in->npolicies, c->origin, m->name);
    c->buyer_price = c->list_price * (1 + c->passthrough * c->share) * (1 + c->tariff);
    c->energy_cost = c->tdp * m->pue * m->lifetime * m->energy_price;
    double switching = m->incumbent && chip->ecosystem != m->incumbent ? m->switching : 0;
    c->effective = c->performance * (1 - switching);
    return c->effective > 0;
}

void allocate_market(const ModelResult *in, const MarketFacts *m, MarketResult *r)
{
    AllocItem stack[64] = {{0}}, *items = r->n <= 64 ? stack : xmalloc(sizeof *items * (size_t)r->n);
    for (int i = 0; i < r->n; i++) {
        const Candidate *c = &r->cands[i];
        items[i] = (AllocItem){c->buyer_price, (c->buyer_price + c->energy_cost) / c->effective, c->performance,
                               c->supply, in->facts->chips[c->chip].name_rank};
    }
    ALLOC_COST_ORDER.allocate(items, r->n, m->budget, m->demand, r->units);
    if (items != stack) free(items);
}

/* Totals over the bought units. */
void sum_market(const MarketFacts *m, MarketResult *r)
{
    for (int i = 0; i < r->n; i++) {
        const Candidate *c = &r->cands[i];
        double u = r->units[i];
        r->total_units += u;
        r->compute += u * c->performance;
        r->effective_compute += u * c->effective;
        r->spend += u * c->buyer_price;
        r->power += u * c->tdp * m->pue;
        if (c->origin == m->name) r->domestic_compute += u * c->performance;
        r->tariff_income += u * c->list_price * (1 + c->passthrough * c->share) * c->tariff;
    }
    r->unspent = isfinite(m->budget) ? m->budget - r->spend : 0;
}

/* Computes market mi of res (its cands and units have room for every chip).
 * Only the policies naming this market are walked for its candidates. */
static void run_market(ModelResult *res, int mi)
{
    const MarketFacts *m = &res->facts->markets[mi];
    MarketResult *r = &res->markets[mi];
    Candidate *cands = r->cands;
    double *units = r->units;
    *r = (MarketResult){.market = m->market, .cands = cands, .units = units};
    const Policy *stack[64], **mine = res->npolicies <= 64 ? stack : xmalloc(sizeof *mine * res->npolicies);
    ModelResult here = *res;
    here.policies = mine;
    here.npolicies = 0;
    for (size_t i = 0; i < res->npolicies; i++)
        if (res->policies[i]->to == m->name) mine[here.npolicies++] = res->policies[i];
    for (int ci = 0; ci < res->facts->nchips; ci++)
        if (make_candidate(&here, ci, mi, &r->cands[r->n])) r->n++;
    if (mine != stack) free(mine);
    for (int i = 0; i < r->n; i++) r->units[i] = 0;
    allocate_market(res, m, r);
    sum_market(m, r);
    res->done[mi] = true;
}

static size_t results_size(const WorldFacts *f)
{
    size_t nm = (size_t)f->nmarkets, nc = (size_t)f->nchips;
    return sizeof(ModelResult) + nm * sizeof(MarketResult) + nm * nc * (sizeof(Candidate) + sizeof(double))
           + nm * sizeof(bool);
}

/* Lays out one block (spare, when it is big enough, else a new one): the
 * result, its markets, their done flags, then each market's candidates and
 * units. Nothing is computed yet. */
static ModelResult *results_alloc(const WorldFacts *f, ModelResult *spare)
{
    size_t nm = (size_t)f->nmarkets, nc = (size_t)f->nchips, size = results_size(f);
    ModelResult *res = spare && spare->bytes >= size ? spare : NULL;
    if (!res) {
        free(spare);
        res = xmalloc(size);
        res->bytes = size;
    }
    size_t bytes = res->bytes;
    memset(res, 0, sizeof *res + nm * sizeof(MarketResult));
    res->bytes = bytes;
    res->markets = (MarketResult *)(res + 1);
    Candidate *cands = (Candidate *)(res->markets + nm);
    double *units = (double *)(cands + nm * nc);
    res->done = (bool *)(units + nm * nc);
    memset(res->done, 0, nm * sizeof(bool));
    res->nmarkets = f->nmarkets;
    for (size_t i = 0; i < nm; i++) {
        res->markets[i].cands = cands + i * nc;
        res->markets[i].units = units + i * nc;
    }
    return res;
}

/* env's results, fresh (nothing computed) after any change; the block of
 * stale or evicted results is reused. */
static ModelResult *results_of(Env *env)
{
    ModelResult *res = env->model_cache;
    if (res && res->version == env->version) return res;
    env->model_cache = NULL;
    /* stale results of env (env is then in the ring already) or the evicted ones */
    ModelResult *spare = res ? res : envpool_cached(env->pool, env);
    const WorldFacts *f = world_facts(env);
    res = results_alloc(f, spare);
    res->facts = f;
    res->policies = env_policies(env, &res->npolicies);
    res->version = env->version;
    env->model_cache = res;
    return res;
}

const ModelResult *model_results(Env *env)
{
    ModelResult *res = results_of(env);
    for (int i = 0; i < res->nmarkets; i++)
        if (!res->done[i]) run_market(res, i);
    return res;
}

const MarketResult *model_market(Env *env, const char *market)
{
    ModelResult *res = results_of(env);
    int mi = facts_market(res->facts, market);
    if (mi < 0) return NULL;
    if (!res->done[mi]) run_market(res, mi);
    return &res->markets[mi];
}

double model_units(Env *env, const char *chip, const char *market)
{
    const MarketResult *r = model_market(env, market);
    const ModelResult *res = env->model_cache;
    for (int i = 0; r && i < r->n; i++)
        if (res->facts->chips[r->cands[i].chip].name == chip) return r->units[i];
    return 0;
}

/* gross = units x list price x (1 + passthrough x share) */
double gross_of(const Candidate *c, double units)
{
    return units * c->list_price * (1 + c->passthrough * c->share);
}

double model_revenue(Env *env, const char *vendor, const char *market, double *levy)
{
    const ModelResult *res = model_results(env);
    double gross = 0, owed = 0;
    for (int k = 0; k < res->nmarkets; k++) {
        const MarketResult *r = &res->markets[k];
        if (market && r->market->name != market) continue;
        for (int i = 0; i < r->n; i++) {
            if (r->cands[i].vendor != vendor) continue;
            double g = gross_of(&r->cands[i], r->units[i]);
            gross += g;
            owed += g * r->cands[i].share;
        }
    }
    if (levy) *levy = owed;
    return gross;
}

double model_levy_income(Env *env, const char *government)
{
    const ModelResult *res = model_results(env);
    double total = 0;
    for (int k = 0; k < res->nmarkets; k++)
        for (int i = 0; i < res->markets[k].n; i++) {
            const Candidate *c = &res->markets[k].cands[i];
            if (c->government == government) total += gross_of(c, res->markets[k].units[i]) * c->share;
        }
    return total;
}

double model_tariff_income(Env *env, const char *government)
{
    const MarketResult *r = model_market(env, government);
    return r ? r->tariff_income : 0;
}
