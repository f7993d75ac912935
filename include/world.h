/* world.h: entities (chips, clusters, markets, vendors, rules, scenarios),
 * their field schemas, and environments.
 *
 * An Env is one state of the world: name bindings and the policies in force,
 * in order. Entities are immutable once defined and live in the interpreter's
 * arena; an Env only holds pointers to them, so env_clone (the start of every
 * scenario) copies two small arrays and nothing else. Envs themselves are
 * malloc'd and owned by the EnvPool that made them. A binding is never
 * changed in place: rebinding a name stores a new one, so a clone shares
 * every binding with its parent and copies only the pointer table. */
#ifndef POLSIM_WORLD_H
#define POLSIM_WORLD_H
#include "ast.h"
#include "value.h"
#include <stdint.h>

typedef enum { FT_QTY, FT_BOOL, FT_STRING, FT_SYMBOL, FT_VENDOR, FT_CHIP, FT_PREDICATE } FieldType;

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
       CH_NFIELDS };
enum { CL_CHIP, CL_COUNT, CL_POWER, CL_PRICE, CL_SOURCE, CL_NFIELDS };
enum { MK_BUDGET, MK_DEMAND, MK_ENERGY_PRICE, MK_PUE, MK_LIFETIME, MK_INCUMBENT, MK_SWITCHING, MK_SOURCE,
       MK_NFIELDS };
enum { VE_ORIGIN, VE_ECOSYSTEM, VE_SOURCE, VE_NFIELDS };
enum { RU_CONTROLLED, RU_SOURCE, RU_NFIELDS };

const Schema *schema_for(EntityKind kind);
int schema_field(const Schema *s, const char *name); /* -1 if absent */

struct Env;

typedef struct Entity {
    EntityKind kind;
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
} Entity;

bool entity_has(const Entity *e, int field);
const char *entity_source(const Entity *e); /* the source: field, or NULL */

typedef struct Policy {
    PolicyKind kind;
    Loc loc;              /* the statement that made it */
    const char *attr;     /* P_CAP */
    Quantity amount;      /* cap limit, tariff rate, revenue share */
    const char *subject;  /* chip, vendor or rule name (interned) */
    const char *from;     /* exporting country, NULL = any */
    const char *to;       /* market (interned) */
    double passthrough;   /* share of a levy passed on to buyers */
    const char *government; /* who receives a revenue share; NULL = vendor's origin */
    bool on_chip;         /* P_TARIFF_SHARE on one chip's sales rather than a vendor's */
} Policy;

typedef struct NameList {
    const char **items;
    size_t len, cap;
} NameList;

typedef struct Binding {
    const char *name;     /* interned; NULL for an empty slot */
    Entity *entity;       /* set for definitions */
    Value value;          /* set for let */
    Loc loc;
} Binding;

typedef struct Env {
    const Binding **slots; /* open addressing on the name pointer; bindings are immutable, in the arena */
    Arena *arena;          /* where new bindings go (the interpreter's) */
    size_t cap, used;
    const char **order;   /* names in definition order, for listings */
    size_t norder, order_cap;
    NameList by_kind[K_COUNT]; /* names of each kind of entity, in definition order (the model's loops) */
    const Policy **policies; /* in force, in statement order */
    size_t npolicies, policy_cap;
    uint64_t version;     /* bumps on every change; caches compare it */
    void *model_cache;    /* owned by the model (model.h) */
} Env;

typedef struct EnvPool {
    struct Env **items;
    size_t len, cap;
    Arena *arena;        /* borrowed: where bindings are allocated */
} EnvPool;

Env *env_new(EnvPool *pool);
Env *env_clone(EnvPool *pool, const Env *src);
void envpool_free(EnvPool *pool);
const Binding *env_lookup(const Env *env, const char *name);
void env_bind(Env *env, const char *name, Entity *entity, Value value, Loc loc);
void env_add_policy(Env *env, const Policy *p);
void env_remove_policy(Env *env, size_t index);
/* Entity bound to name with the given kind, or NULL. */
Entity *env_entity(const Env *env, const char *name, EntityKind kind);
#endif
