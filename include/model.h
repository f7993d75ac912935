/* model.h: the market model of docs/model.md as a pure, reentrant function
 * of a snapshot: for every market it works out which chips are bought, how
 * many, and who earns what (vendors, governments).
 *
 * It reads only the snapshot's facts (facts.h) and policies (policy.h): no
 * evaluator, no globals. Rules must be decided into the facts before it runs
 * (the evaluator does so). The allocation step sits behind the Allocator
 * interface, which sees numbers only, so another allocation (a logit share
 * model, say) can sit beside the cost-order one. Results are cached in the
 * Env and recomputed only when its version moves. Ownership: a ModelResult
 * and its arrays are one malloc'd block owned by the Env's cache; the EnvPool
 * frees it with free(). */
#ifndef POLSIM_MODEL_H
#define POLSIM_MODEL_H
#include "facts.h"

/* What an allocator sees of one candidate. */
typedef struct AllocItem {
    double price;       /* what the buyer pays per unit */
    double unit_cost;   /* (price + lifetime energy) / effective performance: the order key */
    double performance; /* counts towards a demand */
    double supply;      /* units available; INFINITY when not limited */
    int rank;           /* tie-break among equal costs (lower first) */
} AllocItem;

typedef struct Allocator {
    const char *name;
    /* Fills units[i] for each item; budget or demand may be INFINITY. */
    void (*allocate)(const AllocItem *items, int n, double budget, double demand, double *units);
} Allocator;

extern const Allocator ALLOC_COST_ORDER;

typedef struct Candidate {
    int chip;               /* index into the facts' chips */
    const char *vendor;     /* interned */
    const char *origin;     /* interned */
    double list_price;      /* vendor's price */
    double buyer_price;     /* with passed-through levy and import tariff */
    double energy_cost;     /* lifetime energy, per unit */
    double performance;     /* fp16, FLOPS */
    double effective;       /* performance after the ecosystem switching cost */
    double supply;          /* units per year; INFINITY when not given (rationing lowers it) */
    double offer;           /* supply before markets share it */
    double unit_cost;       /* (buyer price + energy) / effective: the cost order's key */
    double share;           /* revenue share owed on its sales */
    double passthrough;
    const char *government; /* who receives the share */
    double tariff;          /* import tariff rate */
    double tdp;             /* watts per unit */
    const char *sold_to;    /* the market the vendor's sale is booked in: this one, or a grey route's */
    const Policy *route;    /* the grey route it arrives by; NULL: bought directly */
    double risk;            /* grey: the share lost on the way (units arrive x (1 - risk)) */
} Candidate;

typedef struct MarketResult {
    const Entity *market;
    Candidate *cands;       /* chips available to this market */
    double *units;          /* per candidate */
    double *alone;          /* per candidate: units bought as if no other market wanted them */
    int *order;             /* the candidates by unit cost, then name rank */
    int n;
    double compute, effective_compute, spend, total_units, power, domestic_compute, unspent;
    double tariff_income;   /* paid to this market's government */
    double grey_spend, grey_units, grey_compute; /* what arrived through grey routes */
} MarketResult;

typedef struct ModelResult {
    size_t bytes;           /* the size of its one block */
    uint64_t version;
    const PolicyCell *policy_list; /* the Env's policies when computed (for a fork's reuse) */
    size_t npolicy_list;
    const WorldFacts *facts;
    const Policy *const *policies; /* the Env's, in statement order */
    size_t npolicies;
    MarketResult *markets;  /* in facts order */
    int nmarkets;
    bool computed;          /* every market is (results_of lays it out empty) */
    bool fractional;        /* units need not be whole (a stretch of the period model, rounded per period) */
    bool launch_cut;        /* only chips launched by launched_by are offered (the Env's; the period model cuts its own) */
    double launched_by;
} ModelResult;

/* The results for env, every market computed; cached until the next change. */
const ModelResult *model_results(Env *env);
/* One market's results (every market is computed: they share supply); NULL when there is no such market. */
const MarketResult *model_market(Env *env, const char *market);
double model_units(Env *env, const char *chip, const char *market);
/* Gross revenue of vendor (NULL market: all markets), and the levies on it. */
double model_revenue(Env *env, const char *vendor, const char *market, double *levy);
/* Revenue-share income of a government, and its import-tariff income. */
double model_levy_income(Env *env, const char *government);
double model_tariff_income(Env *env, const char *government);
#endif
