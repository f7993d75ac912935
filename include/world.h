/* world.h: entities (chips, clusters, markets, vendors, rules, scenarios),
 * their field schemas, and snapshots of the world (Env).
 *
 * Entities are immutable once defined and live in the interpreter's arena.
 * An Env is one state of the world (see below): scenarios fork it in O(1)
 * and share everything they do not change. */
#ifndef POLSIM_WORLD_H
#define POLSIM_WORLD_H
#include "ast.h"
#include "value.h"
#include <stdint.h>

typedef enum { FT_QTY, FT_BOOL, FT_STRING, FT_SYMBOL, FT_VENDOR, FT_CHIP, FT_PREDICATE, FT_DATE } FieldType;

typedef struct FieldSpec {
    const char *name;
    FieldType type;
    const Dim *dim;      /* FT_QTY: required dimension */
    bool required;
    const char *help;    /* one line, for show and :help */
} FieldSpec;

typedef struct Schema {
    EntityKind kind;
    const FieldSpec *fields;
    int nfields;
} Schema;

/* Field indices, fixed so hot code (availability, the market model) can read
 * fields without looking names up. Order matches the schema tables. */
enum { CH_VENDOR, CH_ORIGIN, CH_ECOSYSTEM, CH_YEAR, CH_FP32, CH_FP16, CH_FP8, CH_INT8, CH_FP4, CH_MEMORY,
       CH_BANDWIDTH, CH_INTERCONNECT, CH_TDP, CH_PRICE, CH_SUPPLY, CH_DATACENTER, CH_DIE_AREA, CH_SOURCE,
       CH_SOLD_IN, CH_LAUNCH, CH_STOCK, CH_NFIELDS };
enum { CL_CHIP, CL_COUNT, CL_POWER, CL_PRICE, CL_LAUNCH, CL_SOURCE, CL_NFIELDS };
enum { MK_BUDGET, MK_DEMAND, MK_ENERGY_PRICE, MK_PUE, MK_LIFETIME, MK_INCUMBENT, MK_SWITCHING, MK_SOURCE,
       MK_ALLOCATION, MK_SENSITIVITY, MK_TRAINING, MK_INTENSITY, MK_MEMORY_NEED, MK_NFIELDS };
enum { VE_ORIGIN, VE_ECOSYSTEM, VE_SOURCE, VE_FISCAL_START, VE_NFIELDS };
enum { RU_CONTROLLED, RU_SOURCE, RU_NFIELDS };

const Schema *schema_for(EntityKind kind);
int schema_field(const Schema *s, const char *name); /* -1 if absent */

struct Env;

typedef struct Entity {
    EntityKind kind;
    uint64_t serial;     /* unique for the interpreter's life (0: none): caches key by it, never by address */
    signed char chip_only; /* rules: 0 not looked at yet, 1 the test reads the chip alone, -1 not (policy_stmt.c) */
    const char *name;    /* interned */
    const char *display; /* optional title */
    Loc loc;             /* the define statement */
    const Schema *schema;
    Value *values;       /* schema->nfields entries; V_NONE where absent */
    const char **notes;  /* per-field source notes, or NULL */
    Loc *field_locs;
    Expr *predicate;     /* rules: the controlled: expression (borrowed from the AST) */
    struct Env *env;     /* scenarios: the final state */
    const char *base;    /* scenarios: the scenario it extends, or NULL for main */
    const struct Entity *variant_of; /* a chip made by `CHIP with { ... }`: that chip (display holds the text) */
} Entity;

bool entity_has(const Entity *e, int field);
const char *entity_source(const Entity *e); /* the source: field, or NULL */

typedef struct Policy {
    PolicyKind kind;
    Loc loc;              /* the statement that made it */
    uint64_t seq;         /* its place in source order (statements run in order) */
    double date;          /* when it takes effect, days since 1970-01-01; NAN: undated */
    const char *attr;     /* P_CAP: the attribute's name */
    int cap;              /* P_CAP: the attribute as a CapAttr (facts.h), resolved once */
    Quantity amount;      /* cap limit, tariff rate, revenue share */
    const char *subject;  /* chip, vendor or rule name (interned) */
    const char *from;     /* exporting country, NULL = any */
    const char *to;       /* market (interned) */
    double passthrough;   /* share of a levy passed on to buyers */
    const char *government; /* who receives a revenue share; NULL = vendor's origin */
    bool on_chip;         /* P_TARIFF_SHARE on one chip's sales rather than a vendor's */
    const char *via;      /* P_ROUTE: the market the grey route buys through (amount: its markup) */
    double route_share;   /* P_ROUTE: the most of the market's budget it carries; NAN: no limit */
    double risk;          /* P_ROUTE: the share of what is bought that is lost on the way */
    bool unknown_passes;  /* P_CAP, P_APPLY_RULE: a chip it cannot decide (a figure unknown) passes; default blocks */
    /* Its figures read an uncertain one (a range, a distribution): a study
     * run builds it again from stmt with that run's draws (context.c). */
    bool uncertain;
    const struct Stmt *stmt;
} Policy;

/* A list of names, newest first; cells are immutable and shared by snapshots. */
typedef struct NameCell {
    const char *name;
    const struct NameCell *next;
} NameCell;

/* A binding made in a fork since it was forked (world.c): what the facts of
 * a study run's drawn copies are derived from (facts.c). */
typedef struct BindCell {
    const char *name;
    const struct Entity *entity; /* NULL for a value */
    bool added;                  /* a new name, not a rebinding */
    const struct BindCell *next;
} BindCell;

/* The policies in force, newest first; cells are immutable and shared. */
typedef struct PolicyCell {
    const Policy *policy;
    const struct PolicyCell *next;
} PolicyCell;

/* One entry of a scenario's timeline (docs/language.md, Time): the effect of
 * a dated statement, recorded when it first ran, or an order for stock. */
typedef enum { TE_POLICY, TE_LIFT, TE_BIND, TE_ORDER } TimeEffect;
typedef struct TimeEntry {
    TimeEffect kind;
    double date;            /* days since 1970-01-01; NAN: undated (an order in stock from the start) */
    uint64_t seq;           /* its place in source order: ties on one date go in this order */
    bool history;           /* from the built-in stdlib: left out `without history` */
    Loc loc;                /* the statement */
    const Policy *policy;   /* TE_POLICY: added; TE_LIFT: the pattern the lift removes */
    const char *name;       /* TE_BIND: the name bound, TE_ORDER: the chip (interned) */
    struct Entity *entity;  /* TE_BIND */
    double units;           /* TE_ORDER: its central value when amount is set */
    const struct Expr *amount; /* TE_ORDER of an uncertain amount: drawn again in each study run */
} TimeEntry;

/* A timeline, newest first; cells are immutable and shared by snapshots. */
typedef struct TimeCell {
    const TimeEntry *entry;
    const struct TimeCell *next;
} TimeCell;

typedef struct Binding {
    const char *name;     /* interned */
    Entity *entity;       /* set for definitions */
    Value value;          /* set for let */
    Loc loc;
    const char *note;     /* let: the source note after the value, or NULL */
} Binding;

enum { ENV_CACHED_RESULTS = 64, BIND_TRACKED = 64, ENV_SPARE_RESULTS = 8 };

typedef struct HNode HNode; /* a node of the persistent name map (world.c) */
typedef struct EnvPool EnvPool;

/* A snapshot of the world: the names bound and the policies in force.
 *
 * Representation: the name table is a persistent hash array mapped trie
 * (32-way, keyed by a bijective mix of the interned name's address, so two
 * names never share a full hash), and the name and policy lists are
 * immutable cons lists, newest first. env_fork gives a new Env that shares
 * every node and cell with its parent in O(1); a later change to either
 * copies only the trie path it touches (O(log32 n) nodes), never the table.
 * Nodes whose `edit` token matches the Env's are owned by it alone and are
 * changed in place, so building a world without forks copies nothing.
 * Ownership: Envs, nodes, cells and bindings live in the pool's arena; the
 * arrays built on demand and the model's results are malloc'd and freed by
 * envpool_free, which every Env is listed in. */
typedef struct Env {
    EnvPool *pool;
    HNode *root;
    uint32_t edit;         /* trie nodes carrying this token may be changed in place */
    const NameCell *order; /* every name, newest first */
    size_t norder;
    const NameCell *by_kind[K_COUNT]; /* names of each kind of entity, newest first */
    size_t nkind[K_COUNT];
    const PolicyCell *policies;       /* newest first */
    size_t npolicies;
    const TimeCell *timeline;         /* dated statements and orders, newest first (timeline.c) */
    size_t ntimeline;
    bool no_history;                  /* `without history` / --no-history: stdlib entries left out */
    struct Env *state_of;             /* a state of this Env's timeline at some date (timeline.c), or NULL */
    /* The end of a timeline's state (timeline.c): the yearly model offers
     * only the chips launched by its last date, launched_by (model.c). */
    bool launch_cut;
    double launched_by;
    void *timeline_cache;             /* timeline.c's snapshots and period results for this Env */
    uint64_t version;      /* a new pool-wide stamp on every change and fork; caches compare it */
    uint64_t born;         /* the stamp it was made with (context.c: made inside a context or before) */
    bool drawn;            /* its uncertain figures are drawn for the study run it was made in */
    uint64_t world_stamp;  /* changes with every binding other than a scenario's */
    void *model_cache;     /* the model's results (model.h): one malloc'd block */
    /* The snapshot this one was forked from (NULL for a new one): the model
     * reuses its results for the markets a fork's policies leave alone, and
     * prepares them once two forks have asked (model.c). */
    struct Env *base;
    unsigned forks_modelled;
    const BindCell *since_fork; /* its bindings since it was forked, newest first (arena cells; at most BIND_TRACKED) */
    size_t nsince_fork;         /* how many; BIND_TRACKED + 1: more than are tracked */
    void *facts;           /* WorldFacts (facts.h), shared with forks while world_stamp agrees */
    void *model_memo;      /* results of its forks by what they left available (model.c); owned, freed with it by the pool's free_memo */
    /* Arrays in definition order, built on demand and cached by version. */
    const char **order_arr;
    uint64_t order_arr_version;
    const Policy **policy_arr;
    uint64_t policy_arr_version;
} Env;

struct EnvPool {
    Env **items;
    size_t len, cap;
    Arena *arena;        /* borrowed: where bindings, nodes and cells are allocated */
    uint64_t stamp;      /* the last version stamp handed out */
    uint32_t edit;       /* the last edit token handed out */
    PtrVec facts;        /* every WorldFacts made, freed with the pool */
    /* The Envs holding model results, oldest evicted first: results are
     * recomputed on demand, so thousands of scenarios keep few alive. */
    Env *cached[ENV_CACHED_RESULTS];
    unsigned next_cached;
    void (*free_timeline)(void *cache); /* frees an Env's timeline_cache (set by the run layer) */
    void (*free_memo)(void *memo);      /* frees an Env's model_memo (set by the model layer with the first memo) */
    /* Results blocks kept from released snapshots, for reuse (malloc'd): a
     * study run makes and releases a few each, and handing them back to
     * the system each run would cost page faults in the next. */
    void *spare[ENV_SPARE_RESULTS];
    unsigned nspare;
};

/* The pool at one moment, for releasing every snapshot made after it. */
typedef struct EnvMark {
    size_t len;          /* snapshots listed then */
    uint64_t stamp;      /* the last version stamp then: newer facts are the released snapshots' own */
} EnvMark;
EnvMark envpool_mark(const EnvPool *pool);
/* Releases the snapshots made since m (their arrays, results and the facts
 * of worlds they made); their arena memory is the caller's to reset (see
 * arena_reset). Snapshots made before m are untouched; stamps keep rising,
 * so no cache can mistake a new snapshot for a released one. */
void envpool_reset(EnvPool *pool, EnvMark m);

/* Notes that env is about to hold model results. When that evicts the
 * oldest holder's results, returns them (the caller frees or reuses them). */
void *envpool_cached(EnvPool *pool, Env *env);

Env *env_new(EnvPool *pool);
/* A new snapshot that starts equal to parent and shares all of it: O(1). */
Env *env_fork(const Env *parent);
/* A new snapshot equal to e that stands where e stands: forked from e's
 * base (the model compares the two as it would e and its base), with e's
 * bindings since that fork. O(1), like env_fork. */
Env *env_copy(const Env *e);
void envpool_free(EnvPool *pool);
const Binding *env_lookup(const Env *env, const char *name);
void env_bind(Env *env, const char *name, Entity *entity, Value value, Loc loc);
/* env_bind for a let value with its source note (NULL for none; borrowed). */
void env_bind_noted(Env *env, const char *name, Value value, Loc loc, const char *note);
void env_add_policy(Env *env, const Policy *p);
/* Adds an entry to env's timeline (a change: caches of env are stale). */
void env_add_time(Env *env, const TimeEntry *e);
/* Replaces each policy p in force by swap(p, data) (p itself to keep it), in place in the order. */
void env_swap_policies(Env *env, const Policy *(*swap)(const Policy *p, void *data), void *data);
/* Removes the newest policy for which match(p, data) holds; false if none. */
bool env_remove_policy(Env *env, bool (*match)(const Policy *p, const void *data), const void *data);
/* Entity bound to name with the given kind, or NULL. */
Entity *env_entity(const Env *env, const char *name, EntityKind kind);
/* Every bound name in definition order (cached until the next change). */
const char *const *env_names(Env *env, size_t *n);
/* The policies in force in statement order (cached until the next change). */
const Policy *const *env_policies(Env *env, size_t *n);
/* Names of entities of one kind, in definition order, into a malloc'd array. */
const char **env_kind_names(const Env *env, EntityKind kind, size_t *n);
/* The largest magnitude a figure written in a definition may have, in its
 * base unit (FLOPS, bytes, bytes/s, W, $, units): 1e21, a thousand times any
 * real figure (a zettaFLOPS per chip, a sextillion dollars or chips), so a
 * typo such as `supply: 1e300` is refused instead of flooding the model with
 * infinities. figure_problem says why v is out of bounds, or NULL. */
#define FIGURE_MAX 1e21
const char *figure_problem(double v);
#endif
