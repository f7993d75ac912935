/* world.c: schemas and environments; see world.h. */
#include "world.h"
#include "intern.h"
#include <stdlib.h>
#include <string.h>

static const FieldSpec CHIP_FIELDS[CH_NFIELDS] = {
    [CH_VENDOR] = {"vendor", FT_VENDOR, NULL, true, "who makes and sells it"},
    [CH_ORIGIN] = {"origin", FT_SYMBOL, NULL, false, "exporting country (default: the vendor's)"},
    [CH_ECOSYSTEM] = {"ecosystem", FT_SYMBOL, NULL, false, "software ecosystem (default: the vendor's)"},
    [CH_YEAR] = {"year", FT_QTY, &DIM_NONE, false, "year of launch"},
    [CH_FP32] = {"fp32", FT_QTY, &DIM_COMPUTE, false, "dense FP32"},
    [CH_FP16] = {"fp16", FT_QTY, &DIM_COMPUTE, false, "dense FP16/BF16"},
    [CH_FP8] = {"fp8", FT_QTY, &DIM_COMPUTE, false, "dense FP8"},
    [CH_INT8] = {"int8", FT_QTY, &DIM_COMPUTE, false, "dense INT8 (TOPS)"},
    [CH_FP4] = {"fp4", FT_QTY, &DIM_COMPUTE, false, "dense FP4"},
    [CH_MEMORY] = {"memory", FT_QTY, &DIM_DATA, false, "memory capacity"},
    [CH_BANDWIDTH] = {"bandwidth", FT_QTY, &DIM_RATE, false, "memory bandwidth"},
    [CH_INTERCONNECT] = {"interconnect", FT_QTY, &DIM_RATE, false, "scale-up link bandwidth (0 when none)"},
    [CH_TDP] = {"tdp", FT_QTY, &DIM_POWER, false, "board power"},
    [CH_PRICE] = {"price", FT_QTY, &DIM_MONEY_, false, "price per unit"},
    [CH_SUPPLY] = {"supply", FT_QTY, &DIM_NONE, false, "units deliverable per year"},
    [CH_DATACENTER] = {"datacenter", FT_BOOL, NULL, false, "designed or marketed for data centres (default true)"},
    [CH_DIE_AREA] = {"die_area", FT_QTY, &DIM_AREA, false, "logic die area"},
    [CH_SOURCE] = {"source", FT_STRING, NULL, false, "where the figures come from"},
};

static const FieldSpec CLUSTER_FIELDS[CL_NFIELDS] = {
    [CL_CHIP] = {"chip", FT_CHIP, NULL, true, "the accelerator it is built from"},
    [CL_COUNT] = {"count", FT_QTY, &DIM_NONE, true, "number of chips"},
    [CL_POWER] = {"power", FT_QTY, &DIM_POWER, false, "all-in power (default count x chip tdp)"},
    [CL_PRICE] = {"price", FT_QTY, &DIM_MONEY_, false, "system price (default count x chip price)"},
    [CL_SOURCE] = {"source", FT_STRING, NULL, false, "where the figures come from"},
};

static const Dim DIM_ENERGY_PRICE = {{0, 0, 0, -1, 1, 0}}; /* money per joule */

static const FieldSpec MARKET_FIELDS[MK_NFIELDS] = {
    [MK_BUDGET] = {"budget", FT_QTY, &DIM_MONEY_, false, "accelerator spend per year"},
    [MK_DEMAND] = {"demand", FT_QTY, &DIM_COMPUTE, false, "compute wanted per year (instead of a budget)"},
    [MK_ENERGY_PRICE] = {"energy_price", FT_QTY, &DIM_ENERGY_PRICE, false, "price of electricity ($/kWh)"},
    [MK_PUE] = {"pue", FT_QTY, &DIM_NONE, false, "power usage effectiveness (default 1)"},
    [MK_LIFETIME] = {"lifetime", FT_QTY, &DIM_TIME_, false, "equipment lifetime (default 4 yr)"},
    [MK_INCUMBENT] = {"incumbent", FT_SYMBOL, NULL, false, "the ecosystem buyers already use"},
    [MK_SWITCHING] = {"switching_cost", FT_QTY, &DIM_NONE, false, "performance discount for other ecosystems"},
    [MK_SOURCE] = {"source", FT_STRING, NULL, false, "where the figures come from"},
};

static const FieldSpec VENDOR_FIELDS[VE_NFIELDS] = {
    [VE_ORIGIN] = {"origin", FT_SYMBOL, NULL, true, "home country"},
    [VE_ECOSYSTEM] = {"ecosystem", FT_SYMBOL, NULL, false, "software ecosystem"},
    [VE_SOURCE] = {"source", FT_STRING, NULL, false, "where the facts come from"},
};

static const FieldSpec RULE_FIELDS[RU_NFIELDS] = {
    [RU_CONTROLLED] = {"controlled", FT_PREDICATE, NULL, true, "when a chip is controlled (uses chip.ATTR)"},
    [RU_SOURCE] = {"source", FT_STRING, NULL, false, "the legal text"},
};

static const Schema SCHEMAS[K_COUNT] = {
    [K_CHIP] = {K_CHIP, CHIP_FIELDS, CH_NFIELDS},
    [K_CLUSTER] = {K_CLUSTER, CLUSTER_FIELDS, CL_NFIELDS},
    [K_MARKET] = {K_MARKET, MARKET_FIELDS, MK_NFIELDS},
    [K_VENDOR] = {K_VENDOR, VENDOR_FIELDS, VE_NFIELDS},
    [K_RULE] = {K_RULE, RULE_FIELDS, RU_NFIELDS},
    [K_SCENARIO] = {K_SCENARIO, NULL, 0},
};

const Schema *schema_for(EntityKind kind) { return &SCHEMAS[kind]; }

int schema_field(const Schema *s, const char *name)
{
    for (int i = 0; i < s->nfields; i++)
        if (strcmp(s->fields[i].name, name) == 0) return i;
    return -1;
}

bool entity_has(const Entity *e, int field) { return field < e->schema->nfields && e->values[field].kind != V_NONE; }

const char *entity_source(const Entity *e)
{
    int i = e->schema->nfields ? schema_field(e->schema, "source") : -1;
    return i >= 0 && e->values[i].kind == V_STR ? e->values[i].u.s : NULL;
}

static Env *pool_add(EnvPool *pool, Env *env)
{
    if (pool->len == pool->cap) {
        pool->cap = pool->cap ? pool->cap * 2 : 8;
        pool->items = xrealloc(pool->items, pool->cap * sizeof *pool->items);
    }
    pool->items[pool->len++] = env;
    return env;
}

Env *env_new(EnvPool *pool)
{
    Env *env = xcalloc(1, sizeof *env);
    env->arena = pool->arena;
    env->cap = 64;
    env->slots = xcalloc(env->cap, sizeof *env->slots);
    return pool_add(pool, env);
}

Env *env_clone(EnvPool *pool, const Env *src)
{
    Env *env = xmalloc(sizeof *env);
    *env = *src;
    env->slots = xmalloc(src->cap * sizeof *env->slots);
    memcpy(env->slots, src->slots, src->cap * sizeof *env->slots);
    env->order = src->order_cap ? xmalloc(src->order_cap * sizeof *env->order) : NULL;
    if (src->norder) memcpy(env->order, src->order, src->norder * sizeof *env->order);
    env->policies = src->policy_cap ? xmalloc(src->policy_cap * sizeof *env->policies) : NULL;
    if (src->npolicies) memcpy(env->policies, src->policies, src->npolicies * sizeof *env->policies);
    for (int k = 0; k < K_COUNT; k++) {
        NameList *l = &env->by_kind[k];
        const char **items = l->cap ? xmalloc(l->cap * sizeof *items) : NULL;
        if (l->len) memcpy(items, l->items, l->len * sizeof *items);
        l->items = items;
    }
    env->model_cache = NULL;
    return pool_add(pool, env);
}

void model_cache_free(void *cache); /* model.c */

void envpool_free(EnvPool *pool)
{
    for (size_t i = 0; i < pool->len; i++) {
        Env *env = pool->items[i];
        free(env->slots);
        free(env->order);
        free(env->policies);
        for (int k = 0; k < K_COUNT; k++) free(env->by_kind[k].items);
        model_cache_free(env->model_cache);
        free(env);
    }
    free(pool->items);
    memset(pool, 0, sizeof *pool);
}

/* Slot index of name, or of the empty slot where it would go. */
static size_t slot_of(const Env *env, const char *name)
{
    size_t mask = env->cap - 1, i = intern_hash_ptr(name) & mask;
    while (env->slots[i] && env->slots[i]->name != name) i = (i + 1) & mask;
    return i;
}

const Binding *env_lookup(const Env *env, const char *name) { return env->slots[slot_of(env, name)]; }

static void names_push(NameList *l, const char *name)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->len++] = name;
}

static void env_grow(Env *env)
{
    const Binding **old = env->slots;
    size_t oldcap = env->cap;
    env->cap *= 2;
    env->slots = xcalloc(env->cap, sizeof *env->slots);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i]) env->slots[slot_of(env, old[i]->name)] = old[i];
    free(old);
}

void env_bind(Env *env, const char *name, Entity *entity, Value value, Loc loc)
{
    env->version++;
    if (!env_lookup(env, name)) {
        if ((env->used + 1) * 2 > env->cap) env_grow(env);
        env->used++;
        if (env->norder == env->order_cap) {
            env->order_cap = env->order_cap ? env->order_cap * 2 : 64;
            env->order = xrealloc(env->order, env->order_cap * sizeof *env->order);
        }
        env->order[env->norder++] = name;
        if (entity) names_push(&env->by_kind[entity->kind], name);
    }
    Binding *b = arena_alloc(env->arena, sizeof *b);
    *b = (Binding){.name = name, .entity = entity, .value = value, .loc = loc};
    env->slots[slot_of(env, name)] = b;
}

void env_add_policy(Env *env, const Policy *p)
{
    env->version++;
    if (env->npolicies == env->policy_cap) {
        env->policy_cap = env->policy_cap ? env->policy_cap * 2 : 16;
        env->policies = xrealloc(env->policies, env->policy_cap * sizeof *env->policies);
    }
    env->policies[env->npolicies++] = p;
}

void env_remove_policy(Env *env, size_t index)
{
    env->version++;
    memmove(&env->policies[index], &env->policies[index + 1], (env->npolicies - index - 1) * sizeof *env->policies);
    env->npolicies--;
}

Entity *env_entity(const Env *env, const char *name, EntityKind kind)
{
    const Binding *b = name ? env_lookup(env, name) : NULL;
    return b && b->entity && b->entity->kind == kind ? b->entity : NULL;
}
