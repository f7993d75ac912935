/* model.h: the market model. For every market of an Env it works out which
 * chips are bought, how many, and who earns what (vendors, governments).
 *
 * The allocation step sits behind the Allocator interface: it sees only
 * numbers (costs, effective performance, supply, budget or demand) and
 * returns units per candidate, so another allocation (a logit share model,
 * say) can be added beside the cost-order one without touching the rest.
 * Results are cached in the Env and recomputed only when its version moves. */
#ifndef POLSIM_MODEL_H
#define POLSIM_MODEL_H
#include "interp.h"

typedef struct Candidate {
    const Entity *chip;
    const char *vendor;     /* interned */
    const char *origin;     /* interned */
    double list_price;      /* vendor's price */
    double buyer_price;     /* with passed-through levy and import tariff */
    double energy_cost;     /* lifetime energy, per unit */
    double performance;     /* fp16, FLOPS */
    double effective;       /* performance after the ecosystem switching cost */
    double supply;          /* units per year; INFINITY when not given */
    double share;           /* revenue share owed on its sales */
    double passthrough;
    const char *government; /* who receives the share */
    double tariff;          /* import tariff rate */
} Candidate;

typedef struct Allocator {
    const char *name;
    /* Fills units[i] for each candidate; budget or demand may be INFINITY. */
    void (*allocate)(const Candidate *c, int n, double budget, double demand, double *units);
} Allocator;

extern const Allocator ALLOC_COST_ORDER;

typedef struct MarketResult {
    const Entity *market;
    Candidate *cands;       /* chips available to this market */
    double *units;          /* per candidate */
    int n;
    double compute, effective_compute, spend, total_units, power, domestic_compute, unspent;
    double tariff_income;   /* paid to this market's government */
} MarketResult;

typedef struct ModelResult {
    uint64_t version;
    MarketResult *markets;
    int nmarkets;
} ModelResult;

/* The results for env, computed on first use after any change. */
const ModelResult *model_results(Interp *I, Env *env);
const MarketResult *model_market(Interp *I, Env *env, const Entity *market);
double model_units(Interp *I, Env *env, const Entity *chip, const Entity *market);
/* Gross revenue of vendor (NULL market: all markets), and the levies on it. */
double model_revenue(Interp *I, Env *env, const char *vendor, const Entity *market, double *levy);
/* Revenue-share income of a government, and its import-tariff income. */
double model_levy_income(Interp *I, Env *env, const char *government);
double model_tariff_income(Interp *I, Env *env, const char *government);
void model_cache_free(void *cache);
#endif
