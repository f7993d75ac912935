/* facts.h: the world of one snapshot resolved to flat arrays, once, for the
 * policy walk and the market model: each chip's vendor, origin, ecosystem and
 * numeric figures by index; each market's parameters; the known countries;
 * and, filled in by the evaluator before the model runs, which chips each
 * applied rule controls.
 *
 * Facts depend only on the bindings of a snapshot (not its policies), so a
 * scenario that only changes policies shares its parent's facts. Ownership:
 * a WorldFacts and its arrays are malloc'd and owned by the EnvPool (freed
 * with it); entities and names are borrowed from the interpreter's arena. */
#ifndef POLSIM_FACTS_H
#define POLSIM_FACTS_H
#include "world.h"

/* The chip figures a cap can read, by index (attrs.h names them). */
typedef enum {
    CA_FP32, CA_FP16, CA_FP8, CA_INT8, CA_FP4, CA_MEMORY, CA_BANDWIDTH, CA_INTERCONNECT, CA_TDP, CA_PRICE,
    CA_DIE_AREA, CA_TPP, CA_DENSITY, CA_PERF_PER_WATT, CA_PRICE_PER_PFLOPS, CA_COUNT
} CapAttr;

/* A derived chip figure (tpp, density, perf_per_watt, price_per_pflops, or a
 * stored field) as a number in base units; false when the chip lacks it. */
bool chip_figure(const Entity *chip, CapAttr a, double *out);
/* The stored chip fields (bit CH_x) chip_figure reads for a. */
uint32_t chip_figure_fields(CapAttr a);

typedef struct ChipFacts {
    const Entity *chip;
    const char *name, *vendor, *origin, *ecosystem; /* interned; origin/ecosystem NULL when unknown */
    const char *vendor_origin; /* interned: the vendor's origin, whose government a revenue share is paid to */
    double fig[CA_COUNT]; /* NAN where the chip has no figure */
    double supply;        /* INFINITY when not given */
    double launch;        /* first day it sells (days since 1970-01-01); NAN: always */
    double stock;         /* units built before the timeline starts (0 when not given) */
    const char *sold_in;  /* interned: the one market it is sold in; NULL: every market */
    int name_rank;        /* position in name order: the allocation's tie-break */
} ChipFacts;

/* The workload a market buys for, and the inference roofline's parameters
 * (the performance index of alloc.h and docs/model.md). */
typedef struct Workload {
    double training;    /* the share of compute bought for training, 0..1 */
    double intensity;   /* inference arithmetic intensity, FLOP per byte of memory traffic */
    double memory_ref;  /* bytes of memory a chip needs to serve a model whole; NAN: no bound */
} Workload;

typedef struct MarketFacts {
    const Entity *market;
    const char *name;
    double budget, demand;  /* INFINITY when not given */
    double energy_price, pue, lifetime, switching;
    const char *incumbent;  /* NULL when none */
    bool logit;             /* allocation: logit (else the cost order) */
    double sensitivity;     /* the logit's price sensitivity */
    Workload workload;      /* what the performance index weighs (alloc.h) */
} MarketFacts;

enum { RULE_UNKNOWN = 2 }; /* a rule row's answer when a figure its test reads is unknown */

typedef struct RuleRow {
    const char *rule;       /* interned rule name */
    signed char *controls;  /* per chip: 1 controlled, 0 not, RULE_UNKNOWN cannot decide, -1 not decided yet */
    /* A rule whose test reads more than the chip and plain bindings (a market
     * result, available(), a scenario) holds for one snapshot only: the Env
     * and version its decisions were made for. NULL: for every snapshot
     * with these facts. */
    const void *for_env;
    uint64_t for_version;
} RuleRow;

typedef struct WorldFacts {
    uint64_t stamp;         /* the Env world_stamp these were built from */
    ChipFacts *chips;
    int nchips;
    MarketFacts *markets;
    int nmarkets;
    const char **countries; /* market names and every vendor or chip origin */
    int ncountries;
    RuleRow *rules;
    int nrules, rules_cap;
    unsigned lacking;       /* bit a (a CapAttr): some chip has no figure a */
    /* Facts patched from others' (facts.c: a study run's drawn copies): the
     * facts they all came from (built whole), which markets' rows differ
     * from those, whether only in budget and demand (so the candidates'
     * costs are the same), and whether any chip's row does. from NULL: built whole. */
    const struct WorldFacts *from;
    unsigned char *market_patch; /* owned, nmarkets: 0 same row, 1 budget or demand only, 2 more */
    bool chip_patched;
    /* chips and countries are the base facts' arrays, not owned (a derived
     * set copies chips on its first patched chip row and never changes countries) */
    bool chips_borrowed, countries_borrowed;
    /* The model's results for one set of facts patched from these, kept for
     * the next (model.c): owned, freed with the facts by free_model_ref. */
    void *model_ref;
    void (*free_model_ref)(void *ref);
} WorldFacts;

/* One chip's or one market's facts as they stand in env (no name rank). */
void facts_of_chip(const Env *env, const Entity *chip, ChipFacts *c);
void facts_of_market(const Entity *m, MarketFacts *r);

/* The facts of env, built on first use after a change to its bindings. */
WorldFacts *world_facts(Env *env);
/* Whether some chip of f lacks figure a (a CapAttr). */
bool facts_some_lack(const WorldFacts *f, int a);
/* Index of the chip or market called name, or -1. */
int facts_chip(const WorldFacts *f, const char *name);
int facts_market(const WorldFacts *f, const char *name);
bool facts_is_country(const WorldFacts *f, const char *name);
/* The decisions for rule (created undecided on first use). */
RuleRow *facts_rule(WorldFacts *f, const char *rule);
void facts_free(void *facts);
#endif
