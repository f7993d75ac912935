/* model.c: the market model of docs/model.md; see model.h. */
#include "model.h"
#include "market.h"
#include "alloc.h"
#include "policy.h"
#include <math.h>
#include <stddef.h>
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

/* x rounded down to whole units, a value within 1e-12 (relative) below a
 * whole number counting as that number (docs/model.md, "Rounding"). */
static double whole_down(double x)
{
    return floor(x * (1 + 1e-12));
}

/* Where a walk finds its items' figures: item i's price, performance and
 * supply are doubles at base + i x stride + the field's offset (AllocItems,
 * or a market's candidates, read in place). */
typedef struct Rows {
    const char *base;
    size_t stride, price, performance, supply;
} Rows;

static double row_figure(const Rows *r, int i, size_t field)
{
    double v;
    memcpy(&v, r->base + (size_t)i * r->stride + field, sizeof v);
    return v;
}

/* The walk of the cost order over n items taken in the order idx (NULL:
 * their own order, already cheapest first): each chip up to its supply; a
 * chip too dear for the budget left is skipped and cheaper ones after it
 * still bought; with a demand, stop once it is met (the chips after it buy
 * nothing). whole: whole units (the budget's and the supply's rounded down,
 * the demand's up); else fractional ones (a stretch of the period model). */
static void cost_order_walk(const Rows *c, const int *idx, int n, double budget, double demand, bool whole,
                            double *units)
{
    for (int i = 0; i < n; i++) units[i] = 0; /* the chips after the demand is met buy nothing */
    double left = budget, got = 0;
    for (int k = 0; k < n; k++) {
        int i = idx ? idx[k] : k;
        double price = row_figure(c, i, c->price), performance = row_figure(c, i, c->performance);
        double want = row_figure(c, i, c->supply), most;
        if (whole && left < price * (1 - 1e-11)) {
            want = 0; /* less than a unit's price left (whole_down of left / price is 0) */
        } else {
            if (isfinite(left) && (most = left / price) < want) want = most;
            if (isfinite(demand)) {
                most = (demand - got) / performance;
                if (whole) most = ceil(most * (1 - 1e-12));
                if (most < want) want = most;
            }
            if (whole) want = whole_down(want);
        }
        if (!(want > 0)) want = 0;
        if (!isfinite(want)) want = 0; /* no budget, no demand, no supply: nothing sensible to buy */
        units[i] = want;
        if (isfinite(left)) left -= want * price;
        got += want * performance;
        if (isfinite(demand) && got >= demand * (1 - 1e-12)) break;
    }
}

/* AllocItems as a walk reads them. */
static Rows item_rows(const AllocItem *c)
{
    return (Rows){(const char *)c, sizeof *c, offsetof(AllocItem, price), offsetof(AllocItem, performance),
                  offsetof(AllocItem, supply)};
}

/* Cheapest effective performance first (lower unit cost, then lower rank):
 * cost_order_walk after sorting. */
void alloc_cost_order(const AllocItem *c, int n, double budget, double demand, bool whole, double *units)
{
    Order stack[64], *order = n <= 64 ? stack : xmalloc(sizeof *order * (size_t)n);
    int istack[64], *idx = n <= 64 ? istack : xmalloc(sizeof *idx * (size_t)n);
    for (int i = 0; i < n; i++) order[i] = (Order){c[i].unit_cost, c[i].rank, i};
    sort_orders(order, n);
    for (int k = 0; k < n; k++) idx[k] = order[k].index;
    Rows rows = item_rows(c);
    cost_order_walk(&rows, idx, n, budget, demand, whole, units);
    if (order != stack) free(order);
    if (idx != istack) free(idx);
}

static void allocate_cost_order(const AllocItem *c, int n, double budget, double demand, double *units)
{
    alloc_cost_order(c, n, budget, demand, true, units);
}

const Allocator ALLOC_COST_ORDER = {"cost-order", allocate_cost_order};

/* --- building the candidates ------------------------------------------------ */

/* What c is worth to the buyers of m: energy = tdp x pue x lifetime x
 * energy price; effective = index(workload, fp16, bandwidth, memory) x (1 - switching);
 * unit cost = (buyer price + energy) / effective (set the buyer price first). */
static void value_to_buyers(Candidate *c, const ChipFacts *chip, const MarketFacts *m)
{
    c->energy_cost = c->tdp * m->pue * m->lifetime * m->energy_price;
    double switching = m->incumbent && chip->ecosystem != m->incumbent ? m->switching : 0;
    c->effective = perf_index(&m->workload, c->performance, chip->fig[CA_BANDWIDTH], chip->fig[CA_MEMORY])
                   * (1 - switching);
    c->unit_cost = (c->buyer_price + c->energy_cost) / c->effective;
}

/* buyer price = list x (1 + passthrough x share) x (1 + tariff);
 * energy = tdp x pue x lifetime x energy price;
 * effective = index(workload, fp16, bandwidth, memory) x (1 - switching).
 * A chip sold in one market only (sold_in) is no candidate elsewhere
 * (policy_available notes it; it is not a policy). */
/* offered := a price and performance above zero, launched (at the end of a
 * timeline: by its last date), available under in's policies
 * (policy_available) and sold in market mi. */
static bool offer_verdict(const ModelResult *in, int ci, int mi, Verdict *v)
{
    const ChipFacts *chip = &in->facts->chips[ci];
    memset(v, 0, sizeof *v);
    if (!(chip->fig[CA_PRICE] > 0) || !(chip->fig[CA_FP16] > 0)) return false;
    if (in->launch_cut && chip->launch > in->launched_by) return false; /* launched later (NAN: always on sale) */
    return policy_available(in->policies, in->npolicies, in->facts, ci, mi, v, NULL, NULL) && !v->not_offered;
}

static bool offered(const ModelResult *in, int ci, int mi)
{
    Verdict v;
    return offer_verdict(in, ci, mi, &v);
}

static bool make_candidate(const ModelResult *in, int ci, int mi, Candidate *c)
{
    const ChipFacts *chip = &in->facts->chips[ci];
    const MarketFacts *m = &in->facts->markets[mi];
    double price = chip->fig[CA_PRICE], perf = chip->fig[CA_FP16];
    if (!offered(in, ci, mi)) return false;
    memset(c, 0, sizeof *c);
    c->chip = ci;
    c->vendor = chip->vendor;
    c->origin = chip->origin;
    c->list_price = price;
    c->performance = perf;
    c->supply = chip->supply;
    c->tdp = isnan(chip->fig[CA_TDP]) ? 0 : chip->fig[CA_TDP];
    c->share = policy_share(in->policies, in->npolicies, chip, m->name, &c->passthrough, &c->government);
    /* a share is a levy on the vendor's sales: paid to the vendor's home
     * government unless the policy names one (not the chip's origin, which
     * decides export controls and tariffs) */
    if (!c->government) c->government = chip->vendor_origin ? chip->vendor_origin : c->origin;
    c->tariff = c->origin == m->name ? 0 : policy_tariff(in->policies, in->npolicies, c->origin, m->name);
    c->buyer_price = c->list_price * (1 + c->passthrough * c->share) * (1 + c->tariff);
    c->sold_to = m->name;
    value_to_buyers(c, chip, m);
    return c->effective > 0;
}

/* A grey candidate: a chip the market may not buy directly but the route's
 * market may, bought there and carried over. Per unit that arrives:
 * buyer price = list x (1 + passthrough x share there) x (1 + markup) / (1 - risk);
 * no import tariff (it is not declared); the sale is booked in the route's market. */
static bool make_grey_candidate(const ModelResult *in, const Policy *route, int ci, int mi, Candidate *c)
{
    int vi = facts_market(in->facts, route->via);
    if (vi < 0 || !make_candidate(in, ci, vi, c)) return false;
    c->route = route;
    c->risk = route->risk;
    c->tariff = 0;
    c->buyer_price = c->list_price * (1 + c->passthrough * c->share) * (1 + route->amount.v) / (1 - route->risk);
    value_to_buyers(c, &in->facts->chips[ci], &in->facts->markets[mi]); /* the buyers are mi's, not the route's */
    c->supply *= 1 - route->risk; /* what can arrive of it */
    return c->effective > 0;
}

/* Allocates the candidates whose route is `route` (and, when `with_free`,
 * those of routes without a share) from budget and demand; returns the money
 * spent, and adds the compute got to *got. */
static double allocate_pool(const ModelResult *in, const MarketFacts *m, MarketResult *r, const Policy *route,
                            bool with_free, double budget, double demand, double *got)
{
    int n = 0, idx_stack[128], *idx = r->n <= 128 ? idx_stack : xmalloc(sizeof *idx * (size_t)r->n);
    AllocItem stack[128], *items = r->n <= 128 ? stack : xmalloc(sizeof *items * (size_t)r->n);
    double ustack[128], *units = r->n <= 128 ? ustack : xmalloc(sizeof *units * (size_t)r->n);
    for (int j = 0; j < r->n; j++) {
        int i = m->logit ? j : r->order[j]; /* the cost order walks them in this order */
        const Candidate *c = &r->cands[i];
        bool free_route = c->route && isnan(c->route->route_share);
        if (c->route != route && !(with_free && free_route)) continue;
        idx[n] = i;
        items[n++] = (AllocItem){c->buyer_price, c->unit_cost, c->performance, c->supply, in->facts->chips[c->chip].name_rank};
    }
    if (m->logit)
        alloc_logit_units(items, n, budget, demand, m->sensitivity, !in->fractional, units);
    else { /* the items are in r->order: cheapest first already */
        Rows rows = item_rows(items);
        cost_order_walk(&rows, NULL, n, budget, demand, !in->fractional, units);
    }
    double spent = 0;
    for (int k = 0; k < n; k++) {
        r->units[idx[k]] = units[k];
        spent += units[k] * items[k].price;
        *got += units[k] * items[k].performance;
    }
    if (idx != idx_stack) free(idx);
    if (items != stack) free(items);
    if (units != ustack) free(units);
    return spent;
}

/* Each grey route with a share S buys first, in statement order, with S of
 * the market's whole budget (and demand), or what earlier routes left when
 * that is less; what it leaves unspent goes back to the market, which then
 * buys directly (and through routes without a share). */
static void allocate_market(const ModelResult *in, const MarketFacts *m, MarketResult *r)
{
    double budget = m->budget, demand = m->demand, got = 0;
    const Policy *done[16];
    int ndone = 0;
    for (int i = 0; i < r->n && ndone < 16; i++) {
        const Policy *route = r->cands[i].route;
        if (!route || isnan(route->route_share)) continue;
        bool seen = false;
        for (int k = 0; k < ndone; k++) seen |= done[k] == route;
        if (seen) continue;
        done[ndone++] = route;
        double before = got;
        double b = fmin(m->budget * route->route_share, budget), d = fmin(m->demand * route->route_share, demand);
        budget -= allocate_pool(in, m, r, route, false, b, d, &got);
        demand -= got - before;
    }
    if (ndone == 0 && !m->logit) { /* one pool, every candidate: the walk reads them in place */
        Rows rows = {(const char *)r->cands, sizeof *r->cands, offsetof(Candidate, buyer_price),
                     offsetof(Candidate, performance), offsetof(Candidate, supply)};
        cost_order_walk(&rows, r->order, r->n, budget, demand, !in->fractional, r->units);
        return;
    }
    allocate_pool(in, m, r, NULL, true, budget, demand, &got);
}

void market_add_units(const MarketFacts *m, MarketResult *r, int i, double u)
{
    const Candidate *c = &r->cands[i];
    r->total_units += u;
    r->compute += u * c->performance;
    r->effective_compute += u * c->effective;
    r->spend += u * c->buyer_price;
    r->power += u * c->tdp * m->pue;
    if (c->origin == m->name) r->domestic_compute += u * c->performance;
    r->tariff_income += u * c->list_price * (1 + c->passthrough * c->share) * c->tariff;
    if (isfinite(m->budget)) r->unspent -= u * c->buyer_price;
    if (!c->route) return;
    r->grey_spend += u * c->buyer_price;
    r->grey_units += u;
    r->grey_compute += u * c->performance;
}

/* Totals over the bought units (a candidate that bought none adds nothing). */
static void sum_market(const MarketFacts *m, MarketResult *r)
{
    for (int i = 0; i < r->n; i++)
        if (r->units[i] != 0) market_add_units(m, r, i, r->units[i]);
    r->unspent = isfinite(m->budget) ? m->budget - r->spend : 0;
}

/* Whether chip ci is among r's candidates already. */
static bool has_candidate(const MarketResult *r, int ci)
{
    for (int i = 0; i < r->n; i++)
        if (r->cands[i].chip == ci) return true;
    return false;
}

/* The grey routes into market mi, in statement order: each offers the chips
 * the market cannot buy directly and no earlier route offers. */
static void add_grey_candidates(const ModelResult *res, int mi, MarketResult *r)
{
    const char *name = res->facts->markets[mi].name;
    for (size_t p = 0; p < res->npolicies; p++) {
        const Policy *route = res->policies[p];
        if (route->kind != P_ROUTE || route->to != name) continue;
        for (int ci = 0; ci < res->facts->nchips; ci++)
            if (!has_candidate(r, ci) && make_grey_candidate(res, route, ci, mi, &r->cands[r->n])) r->n++;
    }
}

/* r's totals zeroed and its n candidates kept, with its arrays (its slots
 * in the results block). */
static void market_reset(MarketResult *r, const Entity *market, int n)
{
    *r = (MarketResult){.market = market, .cands = r->cands, .units = r->units, .alone = r->alone, .order = r->order, .n = n};
}

/* r->order := r's candidates by unit cost, then name rank. */
static void order_candidates(const WorldFacts *f, MarketResult *r)
{
    Order stack[64], *o = r->n <= 64 ? stack : xmalloc(sizeof *o * (size_t)r->n);
    for (int i = 0; i < r->n; i++) o[i] = (Order){r->cands[i].unit_cost, f->chips[r->cands[i].chip].name_rank, i};
    sort_orders(o, r->n);
    for (int i = 0; i < r->n; i++) r->order[i] = o[i].index;
    if (o != stack) free(o);
}

/* res with only the policies naming market mi (in *mine: stack, when 64
 * hold them, else malloc'd, for the caller to free). */
static ModelResult market_policies(const ModelResult *res, int mi, const Policy **stack, const Policy ***mine)
{
    const char *name = res->facts->markets[mi].name;
    *mine = res->npolicies <= 64 ? stack : xmalloc(sizeof **mine * res->npolicies);
    ModelResult here = *res;
    here.policies = *mine;
    here.npolicies = 0;
    for (size_t i = 0; i < res->npolicies; i++)
        if (res->policies[i]->to == name) (*mine)[here.npolicies++] = res->policies[i];
    return here;
}

/* Computes market mi of res as if no other market wanted its chips (its
 * cands, units, alone and order have room for every chip). Only the
 * policies naming this market are walked for its candidates. */
static void run_market(ModelResult *res, int mi)
{
    const MarketFacts *m = &res->facts->markets[mi];
    MarketResult *r = &res->markets[mi];
    market_reset(r, m->market, 0);
    const Policy *stack[64], **mine;
    ModelResult here = market_policies(res, mi, stack, &mine);
    for (int ci = 0; ci < res->facts->nchips; ci++)
        if (make_candidate(&here, ci, mi, &r->cands[r->n])) r->n++;
    add_grey_candidates(res, mi, r);
    if (mine != stack) free(mine);
    for (int i = 0; i < r->n; i++) r->units[i] = 0, r->cands[i].offer = r->cands[i].supply;
    order_candidates(res->facts, r);
    allocate_market(res, m, r);
    memcpy(r->alone, r->units, sizeof *r->units * (size_t)r->n);
}

/* Market mi of res as base computed it alone: the same candidates, order
 * and units, for a market whose inputs did not change. */
static void copy_market(ModelResult *res, const ModelResult *base, int mi)
{
    const MarketResult *b = &base->markets[mi];
    MarketResult *r = &res->markets[mi];
    market_reset(r, b->market, b->n);
    memcpy(r->cands, b->cands, sizeof *b->cands * (size_t)b->n);
    for (int i = 0; i < r->n; i++) r->cands[i].supply = r->cands[i].offer;
    memcpy(r->order, b->order, sizeof *b->order * (size_t)b->n);
    memcpy(r->units, b->alone, sizeof *b->alone * (size_t)b->n);
    memcpy(r->alone, b->alone, sizeof *b->alone * (size_t)b->n);
}

/* Units of a chip that leave the factory for u arriving units of c. */
static double shipped(const Candidate *c, double u)
{
    return u / (1 - c->risk);
}

/* taken[ci] := units of chip ci shipped to all markets (none shipped for
 * none bought: a route's risk is below 1). */
static void count_taken(const ModelResult *res, double *taken)
{
    memset(taken, 0, sizeof *taken * (size_t)res->facts->nchips);
    for (int m = 0; m < res->nmarkets; m++)
        for (int i = 0; i < res->markets[m].n; i++)
            if (res->markets[m].units[i] != 0)
                taken[res->markets[m].cands[i].chip] += shipped(&res->markets[m].cands[i], res->markets[m].units[i]);
}

/* Whether chip ci is asked for more than its supply (beyond rounding). */
static bool oversold(const WorldFacts *f, const double *taken, int ci)
{
    double s = f->chips[ci].supply;
    return isfinite(s) && taken[ci] > s * (1 + 1e-12) + 1e-9;
}

/* One market's claim on an oversold chip: its candidate, what it asked
 * (shipped units) and its part of the supply. */
typedef struct Claim {
    int market, cand;
    double asked, part;
} Claim;

double remainder_key(double x)
{
    return floor((x - floor(x)) * 1e9 + 0.5);
}

/* a before b for the units left after rounding down: the larger remainder
 * (to 9 decimals: what floating point adds below that is noise), then the
 * market whose name comes first. */
static bool claim_before(const WorldFacts *f, const Claim *a, const Claim *b)
{
    double ra = remainder_key(a->part), rb = remainder_key(b->part);
    if (ra != rb) return ra > rb;
    return strcmp(f->markets[a->market].name, f->markets[b->market].name) < 0;
}

/* The parts of chip ci's supply, in shipped units, for every market that has
 * it among its candidates (one that asked none gets none): supply x asked /
 * all asked; whole: the supply rounded down is split by largest remainder
 * (each part rounded down, the units left one each to the largest
 * remainders, ties by market name), so no unit of it is left unsold.
 * Returns the number of claims, written to c (room for one a market). */
static int chip_parts(const ModelResult *res, int ci, double taken, Claim *c)
{
    const WorldFacts *f = res->facts;
    int n = 0;
    double supply = f->chips[ci].supply;
    for (int m = 0; m < res->nmarkets; m++)
        for (int i = 0; i < res->markets[m].n; i++)
            if (res->markets[m].cands[i].chip == ci) {
                double asked = shipped(&res->markets[m].cands[i], res->markets[m].units[i]);
                c[n++] = (Claim){m, i, asked, supply * asked / taken};
            }
    if (!res->fractional) {
        double whole = whole_down(supply), floors = 0;
        for (int k = 0; k < n; k++) floors += floor(c[k].part);
        long left = lround(whole - floors);
        /* the left units go one each to the largest remainders: a selection
         * by insertion (a chip has a claim per market at most) */
        for (int k = 1; k < n; k++)
            for (int j = k; j > 0 && claim_before(f, &c[j], &c[j - 1]); j--) {
                Claim t = c[j];
                c[j] = c[j - 1];
                c[j - 1] = t;
            }
        for (int k = 0; k < n; k++) c[k].part = floor(c[k].part) + (k < left && c[k].part > floor(c[k].part) ? 1 : 0);
    }
    return n;
}

/* One round of rationing: each market's units of an oversold chip are
 * capped at its part of the supply (chip_parts, from what every market
 * asked at the start of the round), and the markets so capped buy again.
 * False when no cap fell. c: room for a claim a market. */
static bool ration_round(ModelResult *res, double *taken, Claim *c)
{
    const WorldFacts *f = res->facts;
    bool stack[64] = {false}, *dirty = res->nmarkets <= 64 ? stack : xcalloc((size_t)res->nmarkets, sizeof *dirty);
    bool any = false;
    count_taken(res, taken);
    for (int ci = 0; ci < f->nchips; ci++) {
        if (!oversold(f, taken, ci)) continue;
        int n = chip_parts(res, ci, taken[ci], c);
        for (int k = 0; k < n; k++) {
            Candidate *cand = &res->markets[c[k].market].cands[c[k].cand];
            double cap = c[k].part * (1 - cand->risk); /* what can arrive of the part */
            if (cap < cand->supply) cand->supply = cap, dirty[c[k].market] = any = true;
        }
    }
    for (int m = 0; m < res->nmarkets; m++) {
        if (!dirty[m]) continue;
        MarketResult *r = &res->markets[m];
        for (int i = 0; i < r->n; i++) r->units[i] = 0;
        allocate_market(res, &f->markets[m], r);
    }
    if (dirty != stack) free(dirty);
    return any;
}

/* Shared supply (docs/model.md): markets first buy as if alone; while a
 * chip is oversold, each market is held to its part of the supply and buys
 * again with what that frees. Caps only fall, so this ends; after 16 rounds
 * any chip still oversold is cut to the parts, without buying again. Then
 * every market's totals. */
static void share_supply(ModelResult *res)
{
    const WorldFacts *f = res->facts;
    double stack[256], *taken = f->nchips <= 256 ? stack : xmalloc(sizeof *taken * (size_t)f->nchips);
    Claim cstack[16], *c = res->nmarkets <= 16 ? cstack : xmalloc(sizeof *c * (size_t)res->nmarkets);
    int round = 0;
    while (round < 16 && ration_round(res, taken, c)) round++;
    count_taken(res, taken);
    for (int ci = 0; ci < f->nchips; ci++) {
        if (!oversold(f, taken, ci)) continue;
        int n = chip_parts(res, ci, taken[ci], c);
        for (int k = 0; k < n; k++) {
            const Candidate *cand = &res->markets[c[k].market].cands[c[k].cand];
            double u = c[k].part * (1 - cand->risk), *units = &res->markets[c[k].market].units[c[k].cand];
            if (!res->fractional) u = whole_down(u);
            if (u < *units) *units = u;
        }
    }
    for (int m = 0; m < res->nmarkets; m++) {
        MarketResult *r = &res->markets[m];
        market_reset(r, f->markets[m].market, r->n);
        sum_market(&f->markets[m], r);
    }
    if (taken != stack) free(taken);
    if (c != cstack) free(c);
}

/* Room per market: each chip at most twice, directly and by one grey route. */
static size_t slots_per_market(const WorldFacts *f)
{
    return 2 * (size_t)f->nchips;
}

static size_t results_size(const WorldFacts *f)
{
    size_t nm = (size_t)f->nmarkets, slots = nm * slots_per_market(f);
    return sizeof(ModelResult) + nm * sizeof(MarketResult) + slots * (sizeof(Candidate) + 2 * sizeof(double) + sizeof(int));
}

/* Lays out one block (spare, when it is big enough, else a new one): the
 * result, its markets, every market's candidates, then their units, then
 * their units alone, then their orders (results_size counts the same
 * parts). Nothing is computed yet. */
static ModelResult *results_alloc(const WorldFacts *f, ModelResult *spare)
{
    size_t nm = (size_t)f->nmarkets, per = slots_per_market(f), size = results_size(f);
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
    double *units = (double *)(cands + nm * per), *alone = units + nm * per;
    int *order = (int *)(alone + nm * per);
    res->nmarkets = f->nmarkets;
    for (size_t i = 0; i < nm; i++) {
        res->markets[i].cands = cands + i * per;
        res->markets[i].units = units + i * per;
        res->markets[i].alone = alone + i * per;
        res->markets[i].order = order + i * per;
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
    res->launch_cut = env->launch_cut;
    res->launched_by = env->launched_by;
    res->policy_list = env->policies;
    res->npolicy_list = env->npolicies;
    env->model_cache = res;
    return res;
}

ModelResult *model_compute(const WorldFacts *f, const Policy *const *policies, size_t npolicies, bool fractional)
{
    ModelResult *res = results_alloc(f, NULL);
    res->fractional = fractional;
    res->facts = f;
    res->policies = policies;
    res->npolicies = npolicies;
    for (int i = 0; i < res->nmarkets; i++) run_market(res, i);
    share_supply(res);
    res->computed = true;
    return res;
}

/* Whether env's policies are base's with some added: the list is newest
 * first, so base's cells are its tail. *added := how many. */
static bool extends(const Env *env, const Env *base, size_t *added)
{
    if (env->npolicies < base->npolicies) return false;
    const PolicyCell *c = env->policies;
    *added = env->npolicies - base->npolicies;
    for (size_t i = 0; i < *added; i++) c = c->next;
    return c == base->policies;
}

/* changed[m] := whether market m's candidates may differ from base's: a
 * policy added names it (one that names no market changes them all), or a
 * grey route into it buys through a changed market. */
static void mark_changed(const ModelResult *res, const Env *env, size_t added, bool *changed)
{
    const WorldFacts *f = res->facts;
    const PolicyCell *c = env->policies;
    for (size_t i = 0; i < added; i++, c = c->next) {
        int mi = c->policy->to ? facts_market(f, c->policy->to) : -1;
        if (mi >= 0) changed[mi] = true;
        else for (int m = 0; m < f->nmarkets; m++) changed[m] = true;
    }
    for (bool more = true; more;) {
        more = false;
        for (size_t p = 0; p < res->npolicies; p++) {
            const Policy *route = res->policies[p];
            if (route->kind != P_ROUTE) continue;
            int to = facts_market(f, route->to), via = facts_market(f, route->via);
            if (to >= 0 && via >= 0 && changed[via] && !changed[to]) changed[to] = more = true;
        }
    }
}

/* Whether every rule decision in f holds for all its snapshots. */
static bool rules_shared(const WorldFacts *f)
{
    for (int i = 0; i < f->nrules; i++)
        if (f->rules[i].for_env) return false;
    return true;
}

/* The results of env's base, when they can stand in for env's unchanged
 * markets: the same facts, no decision made for one snapshot only, and
 * env's policies base's plus some. The base is computed once a second fork
 * asks (a sweep, a file of scenarios), not for a fork of its own. */
static const ModelResult *base_results(Env *env, const ModelResult *res, size_t *added)
{
    Env *base = env->base;
    if (!base || base->world_stamp != env->world_stamp || world_facts(base) != res->facts || !rules_shared(res->facts)
        || base->launch_cut != env->launch_cut || (env->launch_cut && base->launched_by != env->launched_by)
        || !extends(env, base, added))
        return NULL;
    const ModelResult *b = base->model_cache; /* still good if only a scenario was bound in base since */
    if (b && b->facts == res->facts && b->policy_list == base->policies && b->npolicy_list == base->npolicies
        && b->computed)
        return b;
    if (++base->forks_modelled < 2) return NULL;
    b = model_results(base);
    return env->model_cache == res ? b : NULL; /* res is still env's (the base's cannot have evicted it) */
}

/* --- the results of a base's forks, by what they left available -------------
 *
 * A fork that adds only caps and bans to its base's policies changes, in each
 * market those name, which chips are offered (offered()), and nothing else
 * the model reads: its results are a function of those sets. The base keeps
 * the results of the sets its forks met (at most MEMO_BYTES of them), so a
 * sweep over a cap computes each distinct set once (docs/model.md,
 * "Performance"). */

enum { MEMO_BYTES = 16 << 20 };

typedef struct MemoEntry {
    uint64_t hash;
    unsigned char *key;  /* owned */
    size_t klen;
    ModelResult *res;    /* owned: one block laid out by results_alloc */
} MemoEntry;

typedef struct ResultMemo {
    uint64_t version;    /* the base's when its entries were made */
    const WorldFacts *facts;
    /* per market and chip under the base's policies: 0 not asked yet, 1 not
     * offered, 2 offered, 3 offered and licensed (owned, nmarkets x nchips) */
    unsigned char *offer;
    MemoEntry *items;    /* owned */
    size_t n, cap, bytes;
} ResultMemo;

static void memo_clear(ResultMemo *m)
{
    for (size_t i = 0; i < m->n; i++) free(m->items[i].key), free(m->items[i].res);
    m->n = m->bytes = 0;
}

static void memo_free(void *memo)
{
    ResultMemo *m = memo;
    memo_clear(m);
    free(m->items);
    free(m->offer);
    free(m);
}

/* dst := src's computed markets (dst laid out for the same facts). */
static void results_copy(ModelResult *dst, const ModelResult *src)
{
    for (int i = 0; i < src->nmarkets; i++) {
        MarketResult *d = &dst->markets[i];
        const MarketResult *s = &src->markets[i];
        MarketResult keep = *d;
        *d = *s;
        d->cands = keep.cands, d->units = keep.units, d->alone = keep.alone, d->order = keep.order;
        size_t n = (size_t)s->n;
        memcpy(d->cands, s->cands, sizeof *s->cands * n);
        memcpy(d->units, s->units, sizeof *s->units * n);
        memcpy(d->alone, s->alone, sizeof *s->alone * n);
        memcpy(d->order, s->order, sizeof *s->order * n);
    }
}

/* Whether env's results are a function of what is offered in its changed
 * markets: its added policies only caps and bans, no grey route into a
 * changed market (its offer reads another market's policies). */
static bool memo_applies(const ModelResult *res, const Env *env, size_t added, const bool *changed)
{
    const PolicyCell *c = env->policies;
    for (size_t i = 0; i < added; i++, c = c->next)
        switch (c->policy->kind) {
        case P_CAP: case P_BAN_VENDOR: case P_BAN_CHIP: case P_BAN_EXPORT_CHIP: case P_BAN_EXPORT_VENDOR: break;
        default: return false;
        }
    for (size_t p = 0; p < res->npolicies; p++) {
        int to = res->policies[p]->kind == P_ROUTE ? facts_market(res->facts, res->policies[p]->to) : -1;
        if (to >= 0 && changed[to]) return false;
    }
    return !res->fractional;
}

/* The base's offer of chip ci in market mi (ResultMemo.offer), asked once. */
static unsigned base_offer(ResultMemo *m, const ModelResult *base, int mi, int ci)
{
    unsigned char *o = &m->offer[(size_t)mi * (size_t)base->facts->nchips + (size_t)ci];
    if (!*o) {
        const Policy *stack[64], **mine;
        ModelResult here = market_policies(base, mi, stack, &mine);
        Verdict v;
        *o = offer_verdict(&here, ci, mi, &v) ? (v.licensed ? 3 : 2) : 1;
        if (mine != stack) free(mine);
    }
    return *o;
}

/* key := per market whether it changed, and for a changed one whether each
 * chip is offered there; returns its length (key has room for
 * nmarkets x (nchips + 1) bytes). A cap or ban only blocks, so a chip is
 * offered in the fork when the base offers it and the added policies (the
 * newest `added` of env's) neither ban it nor, unless the base licenses it,
 * cap it (policy.c's decide over the two walks). */
static size_t memo_key(const ModelResult *res, const ModelResult *base, const Env *env, size_t added,
                       const bool *changed, ResultMemo *m, unsigned char *key)
{
    size_t k = 0;
    const Policy *stack[16], **mine = added <= 16 ? stack : xmalloc(sizeof *mine * added);
    for (int mi = 0; mi < res->nmarkets; mi++) {
        key[k++] = changed[mi];
        if (!changed[mi]) continue;
        size_t n = 0;
        const PolicyCell *c = env->policies;
        for (size_t i = 0; i < added; i++, c = c->next)
            if (c->policy->to == res->facts->markets[mi].name) mine[n++] = c->policy;
        for (int ci = 0; ci < res->facts->nchips; ci++) {
            unsigned o = base_offer(m, base, mi, ci);
            Verdict v;
            if (o > 1) policy_available(mine, n, res->facts, ci, mi, &v, NULL, NULL);
            key[k++] = o > 1 && !v.export_banned && !v.import_banned && (o == 3 || !(v.capped || v.cap_unknown));
        }
    }
    if (mine != stack) free(mine);
    return k;
}

/* FNV-1a of the key. */
static uint64_t memo_hash(const unsigned char *key, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) h = (h ^ key[i]) * 1099511628211u;
    return h;
}

/* base's memo for res's facts, emptied when base changed since. */
static ResultMemo *memo_of(Env *base, const ModelResult *res)
{
    ResultMemo *m = base->model_memo;
    if (!m) {
        m = base->model_memo = xcalloc(1, sizeof *m);
        base->pool->free_memo = memo_free;
    }
    if (m->version != base->version || m->facts != res->facts) {
        memo_clear(m);
        m->version = base->version;
        m->facts = res->facts;
        free(m->offer);
        m->offer = xcalloc((size_t)res->nmarkets * (size_t)res->facts->nchips + 1, 1);
    }
    return m;
}

static const ModelResult *memo_find(const ResultMemo *m, uint64_t h, const unsigned char *key, size_t klen)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->items[i].hash == h && m->items[i].klen == klen && memcmp(m->items[i].key, key, klen) == 0)
            return m->items[i].res;
    return NULL;
}

/* Keeps a copy of res under key, while the memo has room. */
static void memo_add(ResultMemo *m, uint64_t h, const unsigned char *key, size_t klen, const ModelResult *res)
{
    if (m->bytes + res->bytes + klen > MEMO_BYTES) return;
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 16;
        m->items = xrealloc(m->items, sizeof *m->items * m->cap);
    }
    MemoEntry *e = &m->items[m->n++];
    e->hash = h;
    e->klen = klen;
    e->key = xmalloc(klen ? klen : 1);
    memcpy(e->key, key, klen);
    e->res = results_alloc(res->facts, NULL);
    results_copy(e->res, res);
    m->bytes += e->res->bytes + klen;
}

/* --- a study run's drawn world, from a run before ---------------------------
 *
 * A Monte Carlo run's world is its parent's with the uncertain chips and
 * markets drawn again, their facts patched row by row (facts.c). When no
 * chip's row is patched and the policies are the same, a market whose row
 * neither this run nor a kept earlier run patched has that run's
 * candidates, order and units alone; one whose row differs only in budget
 * or demand has its candidates and their order, and buys again. Only the
 * rest is computed whole before supply is shared (docs/model.md,
 * "Performance"). The kept run is the last one computed without a kept
 * run to start from; it is kept with the facts the runs are patched from. */

typedef struct DrawnRef {
    ModelResult *res;           /* owned: laid out by results_alloc, computed */
    const Policy **policies;    /* owned copy of the run's list */
    size_t npolicies;
    unsigned char *patch;       /* owned: the kept run's market_patch */
} DrawnRef;

static void drawn_ref_free(void *p)
{
    DrawnRef *r = p;
    free(r->res);
    free(r->policies);
    free(r->patch);
    free(r);
}

/* The kept run res may start from, or NULL. */
static const DrawnRef *drawn_ref(const ModelResult *res)
{
    const WorldFacts *f = res->facts;
    if (!f->from || f->chip_patched || !f->from->model_ref || res->fractional || !rules_shared(f)) return NULL;
    const DrawnRef *r = f->from->model_ref;
    if (r->npolicies != res->npolicies || r->res->nmarkets != res->nmarkets
        || r->res->launch_cut != res->launch_cut || (res->launch_cut && r->res->launched_by != res->launched_by)
        || memcmp(r->policies, res->policies, sizeof *r->policies * res->npolicies) != 0)
        return NULL;
    return r;
}

/* Keeps res, computed whole, for the next run patched from the same facts. */
static void drawn_keep(const ModelResult *res)
{
    const WorldFacts *f = res->facts;
    if (!f->from || f->chip_patched || res->fractional || !rules_shared(f)) return;
    WorldFacts *from = (WorldFacts *)f->from;
    if (from->model_ref) from->free_model_ref(from->model_ref);
    DrawnRef *r = xmalloc(sizeof *r);
    r->res = results_alloc(f, NULL);
    r->res->launch_cut = res->launch_cut;
    r->res->launched_by = res->launched_by;
    results_copy(r->res, res);
    r->npolicies = res->npolicies;
    r->policies = xmalloc(sizeof *r->policies * (res->npolicies ? res->npolicies : 1));
    memcpy(r->policies, res->policies, sizeof *r->policies * res->npolicies);
    r->patch = xmalloc((size_t)(f->nmarkets ? f->nmarkets : 1));
    memcpy(r->patch, f->market_patch, (size_t)f->nmarkets);
    from->model_ref = r;
    from->free_model_ref = drawn_ref_free;
}

/* Market mi of res with b's candidates and order (the same costs), bought
 * again from its own budget and demand as if alone. */
static void rebuy_market(ModelResult *res, const ModelResult *b, int mi)
{
    copy_market(res, b, mi);
    MarketResult *r = &res->markets[mi];
    const MarketFacts *m = &res->facts->markets[mi];
    r->market = m->market;
    for (int i = 0; i < r->n; i++) r->units[i] = 0;
    allocate_market(res, m, r);
    memcpy(r->alone, r->units, sizeof *r->units * (size_t)r->n);
}

/* Every market at once: they share each chip's supply. Markets a fork
 * leaves alone start from its base's results; a fork whose results its
 * base's memo holds takes them from there; a study run's from a kept run. */
const ModelResult *model_results(Env *env)
{
    ModelResult *res = results_of(env);
    if (res->computed) return res;
    size_t added = 0;
    const ModelResult *base = base_results(env, res, &added);
    bool stack[64] = {false}, *changed = res->nmarkets <= 64 ? stack : xcalloc((size_t)res->nmarkets, sizeof *changed);
    if (base) mark_changed(res, env, added, changed);
    ResultMemo *memo = NULL;
    unsigned char kstack[1024], *key = kstack;
    size_t klen = 0;
    uint64_t h = 0;
    if (base && memo_applies(res, env, added, changed)) {
        size_t room = (size_t)res->nmarkets * ((size_t)res->facts->nchips + 1);
        if (room > sizeof kstack) key = xmalloc(room);
        memo = memo_of(env->base, res);
        klen = memo_key(res, base, env, added, changed, memo, key);
        h = memo_hash(key, klen);
        const ModelResult *hit = memo_find(memo, h, key, klen);
        if (hit) {
            results_copy(res, hit);
            res->computed = true;
            if (key != kstack) free(key);
            if (changed != stack) free(changed);
            return res;
        }
    }
    const DrawnRef *ref = base ? NULL : drawn_ref(res);
    for (int i = 0; i < res->nmarkets; i++) {
        int patch = ref ? (ref->patch[i] > res->facts->market_patch[i] ? ref->patch[i] : res->facts->market_patch[i]) : 2;
        if (base && !changed[i]) copy_market(res, base, i);
        else if (ref && patch == 0) copy_market(res, ref->res, i);
        else if (ref && patch == 1) rebuy_market(res, ref->res, i);
        else run_market(res, i);
    }
    if (changed != stack) free(changed);
    share_supply(res);
    res->computed = true;
    if (memo) memo_add(memo, h, key, klen, res);
    if (!base && !ref) drawn_keep(res);
    if (key != kstack) free(key);
    return res;
}

const MarketResult *model_market(Env *env, const char *market)
{
    const ModelResult *res = model_results(env);
    int mi = facts_market(res->facts, market);
    return mi < 0 ? NULL : &res->markets[mi];
}

double model_units(Env *env, const char *chip, const char *market)
{
    const MarketResult *r = model_market(env, market);
    const ModelResult *res = env->model_cache;
    for (int i = 0; r && i < r->n; i++)
        if (res->facts->chips[r->cands[i].chip].name == chip) return r->units[i];
    return 0;
}

/* gross = units sold x list price x (1 + passthrough x share); a grey route
 * sells units / (1 - risk) for the units that arrive. */
double gross_of(const Candidate *c, double units)
{
    return units / (1 - c->risk) * c->list_price * (1 + c->passthrough * c->share);
}

double model_revenue(Env *env, const char *vendor, const char *market, double *levy)
{
    const ModelResult *res = model_results(env);
    double gross = 0, owed = 0;
    for (int k = 0; k < res->nmarkets; k++) {
        const MarketResult *r = &res->markets[k];
        for (int i = 0; i < r->n; i++) {
            if (r->cands[i].vendor != vendor || (market && r->cands[i].sold_to != market)) continue;
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
