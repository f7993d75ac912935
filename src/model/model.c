/* model.c: the market model of docs/model.md; see model.h. */
#include "model.h"
#include "policy.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- the cost-order allocator ---------------------------------------------- */

static const Candidate *sort_base;
static int by_cost(const void *a, const void *b)
{
    const Candidate *x = &sort_base[*(const int *)a], *y = &sort_base[*(const int *)b];
    double cx = (x->buyer_price + x->energy_cost) / x->effective;
    double cy = (y->buyer_price + y->energy_cost) / y->effective;
    if (cx < cy) return -1;
    if (cx > cy) return 1;
    return strcmp(x->chip->name, y->chip->name);
}

/* Cheapest effective performance first, each chip up to its supply, whole
 * units; a chip too dear for the budget left is skipped and cheaper ones
 * after it still bought; with a demand, stop once it is met. */
static void allocate_cost_order(const Candidate *c, int n, double budget, double demand, double *units)
{
    int *order = malloc(sizeof *order * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) order[i] = i;
    sort_base = c;
    qsort(order, (size_t)n, sizeof *order, by_cost);
    double left = budget, got = 0;
    for (int k = 0; k < n; k++) {
        const Candidate *x = &c[order[k]];
        double want = x->supply;
        if (isfinite(left)) want = fmin(want, floor(left / x->buyer_price * (1 + 1e-12)));
        if (isfinite(demand)) want = fmin(want, ceil((demand - got) / x->performance * (1 - 1e-12)));
        if (!(want > 0)) want = 0;
        if (!isfinite(want)) want = 0; /* no budget, no demand, no supply: nothing sensible to buy */
        units[order[k]] = want;
        if (isfinite(left)) left -= want * x->buyer_price;
        got += want * x->performance;
        if (isfinite(demand) && got >= demand * (1 - 1e-12)) break;
    }
    free(order);
}

const Allocator ALLOC_COST_ORDER = {"cost-order", allocate_cost_order};

/* --- building the candidates ------------------------------------------------ */

static double field_num(const Entity *e, int f, double dflt)
{
    return e->values[f].kind == V_NUM ? e->values[f].u.q.v : dflt;
}

static bool make_candidate(Interp *I, Env *env, const Entity *chip, const Entity *m, Candidate *c)
{
    if (!entity_has(chip, CH_PRICE) || !entity_has(chip, CH_FP16)) return false;
    if (!policy_available(I, env, chip, m)) return false;
    memset(c, 0, sizeof *c);
    c->chip = chip;
    c->vendor = chip_vendor(chip);
    c->origin = chip_origin(I, env, chip);
    c->list_price = field_num(chip, CH_PRICE, 0);
    c->performance = field_num(chip, CH_FP16, 0);
    if (!(c->list_price > 0) || !(c->performance > 0)) return false;
    c->supply = field_num(chip, CH_SUPPLY, INFINITY);
    c->share = policy_share(env, chip, m->name, &c->passthrough, &c->government);
    if (!c->government) c->government = c->origin;
    c->tariff = c->origin == m->name ? 0 : policy_tariff(env, c->origin, m->name);
    c->buyer_price = c->list_price * (1 + c->passthrough * c->share) * (1 + c->tariff);
    double lifetime = field_num(m, MK_LIFETIME, 4 * 365 * 86400.0);
    c->energy_cost = field_num(chip, CH_TDP, 0) * field_num(m, MK_PUE, 1) * lifetime * field_num(m, MK_ENERGY_PRICE, 0);
    const char *eco = chip_ecosystem(I, env, chip);
    const char *incumbent = m->values[MK_INCUMBENT].kind == V_SYM ? m->values[MK_INCUMBENT].u.s : NULL;
    double switching = incumbent && eco != incumbent ? field_num(m, MK_SWITCHING, 0) : 0;
    c->effective = c->performance * (1 - switching);
    return c->effective > 0;
}

static void run_market(Interp *I, Env *env, const Entity *m, MarketResult *r)
{
    memset(r, 0, sizeof *r);
    r->market = m;
    const NameList *chips = &env->by_kind[K_CHIP];
    r->cands = xmalloc(sizeof *r->cands * (chips->len ? chips->len : 1));
    for (size_t i = 0; i < chips->len; i++) {
        Entity *chip = env_entity(env, chips->items[i], K_CHIP);
        if (chip && make_candidate(I, env, chip, m, &r->cands[r->n])) r->n++;
    }
    r->units = xcalloc((size_t)(r->n ? r->n : 1), sizeof *r->units);
    double budget = field_num(m, MK_BUDGET, INFINITY), demand = field_num(m, MK_DEMAND, INFINITY);
    ALLOC_COST_ORDER.allocate(r->cands, r->n, budget, demand, r->units);
    double pue = field_num(m, MK_PUE, 1);
    for (int i = 0; i < r->n; i++) {
        const Candidate *c = &r->cands[i];
        double u = r->units[i];
        r->total_units += u;
        r->compute += u * c->performance;
        r->effective_compute += u * c->effective;
        r->spend += u * c->buyer_price;
        r->power += u * field_num(c->chip, CH_TDP, 0) * pue;
        if (c->origin == m->name) r->domestic_compute += u * c->performance;
        r->tariff_income += u * c->list_price * (1 + c->passthrough * c->share) * c->tariff;
    }
    r->unspent = isfinite(budget) ? budget - r->spend : 0;
}

static void free_results(ModelResult *res)
{
    if (!res) return;
    for (int i = 0; i < res->nmarkets; i++) {
        free(res->markets[i].cands);
        free(res->markets[i].units);
    }
    free(res->markets);
    free(res);
}

void model_cache_free(void *cache) { free_results(cache); }

const ModelResult *model_results(Interp *I, Env *env)
{
    ModelResult *res = env->model_cache;
    if (res && res->version == env->version) return res;
    free_results(res);
    env->model_cache = NULL;
    res = xcalloc(1, sizeof *res);
    const NameList *markets = &env->by_kind[K_MARKET];
    res->markets = xmalloc(sizeof *res->markets * (markets->len ? markets->len : 1));
    /* A market that cannot be run (a bad rule) must not leave a half-built cache. */
    env->model_cache = res;
    res->version = (uint64_t)-1;
    for (size_t i = 0; i < markets->len; i++) {
        Entity *m = env_entity(env, markets->items[i], K_MARKET);
        if (m) run_market(I, env, m, &res->markets[res->nmarkets++]);
    }
    res->version = env->version;
    return res;
}

const MarketResult *model_market(Interp *I, Env *env, const Entity *market)
{
    const ModelResult *res = model_results(I, env);
    for (int i = 0; i < res->nmarkets; i++)
        if (res->markets[i].market->name == market->name) return &res->markets[i];
    return NULL;
}

double model_units(Interp *I, Env *env, const Entity *chip, const Entity *market)
{
    const MarketResult *r = model_market(I, env, market);
    for (int i = 0; r && i < r->n; i++)
        if (r->cands[i].chip->name == chip->name) return r->units[i];
    return 0;
}

static double gross_of(const Candidate *c, double units)
{
    return units * c->list_price * (1 + c->passthrough * c->share);
}

double model_revenue(Interp *I, Env *env, const char *vendor, const Entity *market, double *levy)
{
    const ModelResult *res = model_results(I, env);
    double gross = 0, owed = 0;
    for (int k = 0; k < res->nmarkets; k++) {
        const MarketResult *r = &res->markets[k];
        if (market && r->market->name != market->name) continue;
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

double model_levy_income(Interp *I, Env *env, const char *government)
{
    const ModelResult *res = model_results(I, env);
    double total = 0;
    for (int k = 0; k < res->nmarkets; k++)
        for (int i = 0; i < res->markets[k].n; i++) {
            const Candidate *c = &res->markets[k].cands[i];
            if (c->government == government) total += gross_of(c, res->markets[k].units[i]) * c->share;
        }
    return total;
}

double model_tariff_income(Interp *I, Env *env, const char *government)
{
    const ModelResult *res = model_results(I, env);
    for (int k = 0; k < res->nmarkets; k++)
        if (res->markets[k].market->name == government) return res->markets[k].tariff_income;
    return 0;
}
