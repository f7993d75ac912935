/* world.c: schemas and environments; see world.h. */
#include "world.h"
#include "intern.h"
#include <math.h>
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
    [CH_LAUNCH] = {"launch", FT_DATE, NULL, false, "when it first sells (a date or period); none before"},
    [CH_STOCK] = {"stock", FT_QTY, &DIM_NONE, false, "units already built when the timeline starts"},
    [CH_SOURCE] = {"source", FT_STRING, NULL, false, "where the figures come from"},
    [CH_SOLD_IN] = {"sold_in", FT_SYMBOL, NULL, false, "the one market it is sold in (default: every market)"},
};

static const FieldSpec CLUSTER_FIELDS[CL_NFIELDS] = {
    [CL_CHIP] = {"chip", FT_CHIP, NULL, true, "the accelerator it is built from"},
    [CL_COUNT] = {"count", FT_QTY, &DIM_NONE, true, "number of chips"},
    [CL_POWER] = {"power", FT_QTY, &DIM_POWER, false, "all-in power (default count x chip tdp)"},
    [CL_PRICE] = {"price", FT_QTY, &DIM_MONEY_, false, "system price (default count x chip price)"},
    [CL_LAUNCH] = {"launch", FT_DATE, NULL, false, "when the system first shipped or is to ship (a date or period)"},
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
    [MK_ALLOCATION] = {"allocation", FT_SYMBOL, NULL, false, "cost_order (default) or logit"},
    [MK_SENSITIVITY] = {"price_sensitivity", FT_QTY, &DIM_NONE, false, "logit: how sharply shares follow cost (default 4)"},
    [MK_TRAINING] = {"training_share", FT_QTY, &DIM_NONE, false, "share of compute bought for training (default 100%)"},
    [MK_INTENSITY] = {"inference_intensity", FT_QTY, &DIM_NONE, false, "inference FLOPs per byte of memory traffic (default 16)"},
    [MK_MEMORY_NEED] = {"memory_need", FT_QTY, &DIM_DATA, false, "memory a chip needs to serve a model whole (default: none)"},
};

static const FieldSpec VENDOR_FIELDS[VE_NFIELDS] = {
    [VE_ORIGIN] = {"origin", FT_SYMBOL, NULL, true, "home country"},
    [VE_ECOSYSTEM] = {"ecosystem", FT_SYMBOL, NULL, false, "software ecosystem"},
    [VE_SOURCE] = {"source", FT_STRING, NULL, false, "where the facts come from"},
    [VE_FISCAL_START] = {"fiscal_year_start", FT_DATE, NULL, false,
                         "the month its fiscal years start in (2025-02); dates FY2026Q1 of VENDOR"},
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
    for (int i = 0; i < s->nfields; i++) /* the first letter rules most out before strcmp */
        if (s->fields[i].name[0] == name[0] && strcmp(s->fields[i].name, name) == 0) return i;
    return -1;
}

bool entity_has(const Entity *e, int field) { return field < e->schema->nfields && e->values[field].kind != V_NONE; }

const char *entity_source(const Entity *e)
{
    int i = e->schema->nfields ? schema_field(e->schema, "source") : -1;
    return i >= 0 && e->values[i].kind == V_STR ? e->values[i].u.s : NULL;
}

/* --- the persistent name map: a 32-way hash array mapped trie ----------------
 * A slot holds a Binding* or, tagged with the low bit, a child HNode*. */

struct HNode {
    uint32_t bitmap; /* which of the 32 branches are present */
    uint32_t edit;   /* the Env edit token that may change this node in place */
    uint32_t cap;    /* slots allocated */
    void *slot[];    /* popcount(bitmap) entries, in branch order */
};

enum { HBITS = 5, HMASK = 31 };

/* Bijective 64-bit mix of a name's address (murmur3's finaliser): distinct
 * interned names get distinct hashes, so the trie never needs collision lists. */
static uint64_t name_hash(const char *name)
{
    uint64_t h = (uint64_t)(uintptr_t)name;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static bool is_node(const void *slot) { return ((uintptr_t)slot & 1) != 0; }
static HNode *as_node(void *slot) { return (HNode *)((uintptr_t)slot & ~(uintptr_t)1); }
static void *tag_node(HNode *n) { return (void *)((uintptr_t)n | 1); }
/* The bits set in x (SWAR: inline, where __builtin_popcount is a library call without -mpopcnt). */
static inline int popcount32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (int)((((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24);
}

static int slot_pos(uint32_t bitmap, uint32_t bit) { return popcount32(bitmap & (bit - 1)); }

static HNode *node_alloc(Env *env, uint32_t cap)
{
    HNode *n = arena_alloc(env->pool->arena, sizeof *n + cap * sizeof(void *));
    n->edit = env->edit;
    n->cap = cap;
    return n;
}

/* n itself when env owns it, else a copy with room for `extra` more slots. */
static HNode *node_editable(Env *env, HNode *n, uint32_t extra)
{
    uint32_t count = (uint32_t)popcount32(n->bitmap);
    if (n->edit == env->edit && n->cap >= count + extra) return n;
    HNode *c = node_alloc(env, count + extra + (extra ? count / 2 + 1 : 0));
    c->bitmap = n->bitmap;
    memcpy(c->slot, n->slot, count * sizeof(void *));
    return c;
}

/* A node holding two bindings whose hashes agree below `shift`. */
static HNode *node_pair(Env *env, const Binding *a, uint64_t ha, const Binding *b, uint64_t hb, int shift)
{
    uint32_t ia = (uint32_t)(ha >> shift) & HMASK, ib = (uint32_t)(hb >> shift) & HMASK;
    HNode *n = node_alloc(env, 2);
    if (ia == ib) {
        n->bitmap = 1u << ia;
        n->slot[0] = tag_node(node_pair(env, a, ha, b, hb, shift + HBITS));
        return n;
    }
    n->bitmap = (1u << ia) | (1u << ib);
    n->slot[ia < ib ? 0 : 1] = (void *)a;
    n->slot[ia < ib ? 1 : 0] = (void *)b;
    return n;
}

/* Inserts or replaces b below n (NULL: empty); returns the node to use. */
static HNode *trie_put(Env *env, HNode *n, uint64_t h, int shift, const Binding *b, bool *added)
{
    uint32_t bit = 1u << ((h >> shift) & HMASK);
    if (!n) {
        n = node_alloc(env, 2);
        n->bitmap = bit;
        n->slot[0] = (void *)b;
        *added = true;
        return n;
    }
    int pos = slot_pos(n->bitmap, bit);
    if (!(n->bitmap & bit)) {
        uint32_t count = (uint32_t)popcount32(n->bitmap);
        HNode *e = node_editable(env, n, 1);
        memmove(&e->slot[pos + 1], &e->slot[pos], (count - (uint32_t)pos) * sizeof(void *));
        e->slot[pos] = (void *)b;
        e->bitmap |= bit;
        *added = true;
        return e;
    }
    void *old = n->slot[pos], *now;
    if (is_node(old)) {
        HNode *child = trie_put(env, as_node(old), h, shift + HBITS, b, added);
        if (child == as_node(old)) return n;
        now = tag_node(child);
    } else if (((const Binding *)old)->name == b->name) {
        now = (void *)b;
    } else {
        const Binding *ob = old;
        now = tag_node(node_pair(env, ob, name_hash(ob->name), b, h, shift + HBITS));
        *added = true;
    }
    HNode *e = node_editable(env, n, 0);
    e->slot[pos] = now;
    return e;
}

static const Binding *trie_get(const HNode *n, uint64_t h, const char *name)
{
    for (int shift = 0; n; shift += HBITS) {
        uint32_t bit = 1u << ((h >> shift) & HMASK);
        if (!(n->bitmap & bit)) return NULL;
        void *s = n->slot[slot_pos(n->bitmap, bit)];
        if (!is_node(s)) return ((const Binding *)s)->name == name ? s : NULL;
        n = as_node(s);
    }
    return NULL;
}

/* --- snapshots ------------------------------------------------------------------ */

static Env *pool_add(EnvPool *pool, Env *env)
{
    if (pool->len == pool->cap) {
        pool->cap = pool->cap ? pool->cap * 2 : 8;
        pool->items = xrealloc(pool->items, pool->cap * sizeof *pool->items);
    }
    pool->items[pool->len++] = env;
    return env;
}

static void env_changed(Env *env, bool world)
{
    env->version = ++env->pool->stamp;
    if (world) env->world_stamp = env->version;
}

Env *env_new(EnvPool *pool)
{
    Env *env = arena_alloc(pool->arena, sizeof *env);
    env->pool = pool;
    env->edit = ++pool->edit;
    env_changed(env, true);
    env->born = env->version;
    return pool_add(pool, env);
}

Env *env_fork(const Env *parent)
{
    EnvPool *pool = parent->pool;
    Env *env = arena_alloc(pool->arena, sizeof *env);
    *env = *parent;
    env->edit = ++pool->edit;
    ((Env *)parent)->edit = ++pool->edit; /* its nodes are shared now: both copy on write */
    env->model_cache = NULL;
    env->model_memo = NULL;
    env->since_fork = NULL;
    env->nsince_fork = 0;
    env->base = (Env *)parent;
    env->forks_modelled = 0;
    env->timeline_cache = NULL;
    env->state_of = NULL;
    env->order_arr = NULL;
    env->policy_arr = NULL;
    env->order_arr_version = env->policy_arr_version = 0;
    /* a version of its own: a cache keyed by (snapshot, version) cannot take a
     * later fork made at a released one's address for it */
    env->version = env->born = ++pool->stamp;
    return pool_add(pool, env);
}

Env *env_copy(const Env *e)
{
    Env *env = env_fork(e);
    env->base = e->base;
    env->since_fork = e->since_fork;
    env->nsince_fork = e->nsince_fork;
    return env;
}

void facts_free(void *facts);       /* facts.c */
/* The first field of every WorldFacts (facts.h): its world stamp. */
typedef struct WorldFactsHead {
    uint64_t stamp;
} WorldFactsHead;

void envpool_free(EnvPool *pool)
{
    for (size_t i = 0; i < pool->len; i++) {
        Env *env = pool->items[i];
        free(env->order_arr);
        free(env->policy_arr);
        free(env->model_cache); /* one malloc'd block (model.h) */
        if (env->timeline_cache && pool->free_timeline) pool->free_timeline(env->timeline_cache);
        if (env->model_memo && pool->free_memo) pool->free_memo(env->model_memo);
    }
    for (size_t i = 0; i < pool->facts.len; i++) facts_free(pool->facts.items[i]);
    ptrvec_free(&pool->facts);
    free(pool->items);
    for (unsigned i = 0; i < pool->nspare; i++) free(pool->spare[i]);
    memset(pool, 0, sizeof *pool);
}

void *envpool_cached(EnvPool *pool, Env *env)
{
    for (unsigned i = 0; i < ENV_CACHED_RESULTS; i++)
        if (pool->cached[i] == env) return NULL;
    Env **slot = &pool->cached[pool->next_cached++ % ENV_CACHED_RESULTS];
    void *evicted = NULL;
    if (*slot) {
        evicted = (*slot)->model_cache;
        (*slot)->model_cache = NULL;
    }
    *slot = env;
    if (!evicted && pool->nspare) evicted = pool->spare[--pool->nspare];
    return evicted;
}

EnvMark envpool_mark(const EnvPool *pool) { return (EnvMark){pool->len, pool->stamp}; }

/* Whether env is one of the snapshots made since m (they are listed last). */
static bool made_since(const EnvPool *pool, EnvMark m, const Env *env)
{
    for (size_t i = m.len; i < pool->len; i++)
        if (pool->items[i] == env) return true;
    return false;
}

/* A released snapshot's results block: kept as a spare, or freed. */
static void drop_results(EnvPool *pool, void *block)
{
    if (!block) return;
    if (pool->nspare < ENV_SPARE_RESULTS) pool->spare[pool->nspare++] = block;
    else free(block);
}

void envpool_reset(EnvPool *pool, EnvMark m)
{
    for (unsigned i = 0; i < ENV_CACHED_RESULTS; i++)
        if (pool->cached[i] && made_since(pool, m, pool->cached[i])) pool->cached[i] = NULL;
    for (size_t i = m.len; i < pool->len; i++) {
        Env *env = pool->items[i];
        free(env->order_arr);
        free(env->policy_arr);
        drop_results(pool, env->model_cache);
        if (env->timeline_cache && pool->free_timeline) pool->free_timeline(env->timeline_cache);
        if (env->model_memo && pool->free_memo) pool->free_memo(env->model_memo);
    }
    pool->len = m.len;
    size_t kept = 0; /* facts of worlds made since m go; older worlds' facts stay shared */
    for (size_t i = 0; i < pool->facts.len; i++) {
        WorldFactsHead *f = pool->facts.items[i];
        if (f->stamp > m.stamp) facts_free(f);
        else pool->facts.items[kept++] = f;
    }
    pool->facts.len = kept;
}

static void env_put_binding(Env *env, Binding *b);

const Binding *env_lookup(const Env *env, const char *name) { return trie_get(env->root, name_hash(name), name); }

static const NameCell *names_push(Env *env, const NameCell *list, const char *name)
{
    NameCell *c = arena_alloc(env->pool->arena, sizeof *c);
    *c = (NameCell){name, list};
    return c;
}

void env_bind(Env *env, const char *name, Entity *entity, Value value, Loc loc)
{
    Binding *b = arena_alloc(env->pool->arena, sizeof *b);
    *b = (Binding){.name = name, .entity = entity, .value = value, .loc = loc};
    env_put_binding(env, b);
}

void env_bind_noted(Env *env, const char *name, Value value, Loc loc, const char *note)
{
    Binding *b = arena_alloc(env->pool->arena, sizeof *b);
    *b = (Binding){.name = name, .value = value, .loc = loc, .note = note};
    env_put_binding(env, b);
}

/* Adds b to env, replacing any binding of its name. */
static void env_put_binding(Env *env, Binding *b)
{
    const char *name = b->name;
    Entity *entity = b->entity;
    bool added = false;
    env->root = trie_put(env, env->root, name_hash(name), 0, b, &added);
    if (env->base && (!entity || entity->kind != K_SCENARIO) && env->nsince_fork <= BIND_TRACKED) {
        if (env->nsince_fork < BIND_TRACKED) {
            BindCell *c = arena_alloc(env->pool->arena, sizeof *c);
            *c = (BindCell){name, entity, added, env->since_fork};
            env->since_fork = c;
        }
        env->nsince_fork++;
    }
    if (added) {
        env->order = names_push(env, env->order, name);
        env->norder++;
        if (entity) {
            env->by_kind[entity->kind] = names_push(env, env->by_kind[entity->kind], name);
            env->nkind[entity->kind]++;
        }
    }
    env_changed(env, !entity || entity->kind != K_SCENARIO);
}

void env_add_policy(Env *env, const Policy *p)
{
    PolicyCell *c = arena_alloc(env->pool->arena, sizeof *c);
    *c = (PolicyCell){p, env->policies};
    env->policies = c;
    env->npolicies++;
    env_changed(env, false);
}

void env_add_time(Env *env, const TimeEntry *e)
{
    TimeCell *c = arena_alloc(env->pool->arena, sizeof *c);
    *c = (TimeCell){e, env->timeline};
    env->timeline = c;
    env->ntimeline++;
    env_changed(env, false);
}

/* The list with each policy swapped; cells from the last changed one on are copied. */
static const PolicyCell *policies_swapped(Env *env, const PolicyCell *list, const Policy *(*swap)(const Policy *, void *),
                                          void *data)
{
    if (!list) return NULL;
    const PolicyCell *rest = policies_swapped(env, list->next, swap, data);
    const Policy *p = swap(list->policy, data);
    if (p == list->policy && rest == list->next) return list;
    PolicyCell *c = arena_alloc(env->pool->arena, sizeof *c);
    *c = (PolicyCell){p, rest};
    return c;
}

void env_swap_policies(Env *env, const Policy *(*swap)(const Policy *p, void *data), void *data)
{
    const PolicyCell *list = policies_swapped(env, env->policies, swap, data);
    if (list == env->policies) return;
    env->policies = list;
    env_changed(env, false);
}

/* Copies the cells before the removed one; the rest stays shared. */
static const PolicyCell *policies_without(Env *env, const PolicyCell *list, const PolicyCell *gone)
{
    if (list == gone) return gone->next;
    PolicyCell *c = arena_alloc(env->pool->arena, sizeof *c);
    *c = (PolicyCell){list->policy, policies_without(env, list->next, gone)};
    return c;
}

bool env_remove_policy(Env *env, bool (*match)(const Policy *p, const void *data), const void *data)
{
    for (const PolicyCell *c = env->policies; c; c = c->next) {
        if (!match(c->policy, data)) continue;
        env->policies = policies_without(env, env->policies, c);
        env->npolicies--;
        env_changed(env, false);
        return true;
    }
    return false;
}

Entity *env_entity(const Env *env, const char *name, EntityKind kind)
{
    const Binding *b = name ? env_lookup(env, name) : NULL;
    return b && b->entity && b->entity->kind == kind ? b->entity : NULL;
}

/* Fills out[0..n) from a newest-first list, oldest first. */
static void names_reversed(const NameCell *list, size_t n, const char **out)
{
    for (const NameCell *c = list; c && n; c = c->next) out[--n] = c->name;
}

const char *const *env_names(Env *env, size_t *n)
{
    if (env->order_arr_version != env->version || !env->order_arr) {
        free(env->order_arr);
        env->order_arr = xmalloc((env->norder ? env->norder : 1) * sizeof *env->order_arr);
        names_reversed(env->order, env->norder, env->order_arr);
        env->order_arr_version = env->version;
    }
    *n = env->norder;
    return env->order_arr;
}

const Policy *const *env_policies(Env *env, size_t *n)
{
    if (env->policy_arr_version != env->version || !env->policy_arr) {
        free(env->policy_arr);
        env->policy_arr = xmalloc((env->npolicies ? env->npolicies : 1) * sizeof *env->policy_arr);
        size_t k = env->npolicies;
        for (const PolicyCell *c = env->policies; c && k; c = c->next) env->policy_arr[--k] = c->policy;
        env->policy_arr_version = env->version;
    }
    *n = env->npolicies;
    return env->policy_arr;
}

const char **env_kind_names(const Env *env, EntityKind kind, size_t *n)
{
    const char **out = xmalloc((env->nkind[kind] ? env->nkind[kind] : 1) * sizeof *out);
    names_reversed(env->by_kind[kind], env->nkind[kind], out);
    *n = env->nkind[kind];
    return out;
}

/* See world.h: NaN and infinities are out too. */
const char *figure_problem(double v)
{
    if (isnan(v)) return "is not a number";
    if (fabs(v) > FIGURE_MAX) return "is beyond the largest figure polsim takes (1e21 in its base unit)";
    return NULL;
}
