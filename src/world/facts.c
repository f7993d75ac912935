/* facts.c: a snapshot's world resolved to flat arrays; see facts.h. */
#include "facts.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The stored chip field of each CapAttr, or -1 for the derived ones. */
static const int CAP_FIELD[CA_COUNT] = {
    [CA_FP32] = CH_FP32, [CA_FP16] = CH_FP16, [CA_FP8] = CH_FP8, [CA_INT8] = CH_INT8, [CA_FP4] = CH_FP4,
    [CA_MEMORY] = CH_MEMORY, [CA_BANDWIDTH] = CH_BANDWIDTH, [CA_INTERCONNECT] = CH_INTERCONNECT, [CA_TDP] = CH_TDP,
    [CA_PRICE] = CH_PRICE, [CA_DIE_AREA] = CH_DIE_AREA,
    [CA_TPP] = -1, [CA_DENSITY] = -1, [CA_PERF_PER_WATT] = -1, [CA_PRICE_PER_PFLOPS] = -1,
};

static bool field_num(const Entity *e, int f, double *out)
{
    if (e->values[f].kind != V_NUM) return false;
    *out = e->values[f].u.q.v;
    return true;
}

/* BIS Total Processing Performance: the largest dense TOPS x bit length. */
static bool chip_tpp(const Entity *chip, double *tpp)
{
    static const struct { int field; double bits; } PRECISIONS[] = {
        {CH_FP32, 32}, {CH_FP16, 16}, {CH_FP8, 8}, {CH_INT8, 8}, {CH_FP4, 4}};
    bool any = false;
    *tpp = 0;
    for (size_t i = 0; i < sizeof PRECISIONS / sizeof PRECISIONS[0]; i++) {
        double v;
        if (!field_num(chip, PRECISIONS[i].field, &v)) continue;
        if (v / 1e12 * PRECISIONS[i].bits > *tpp) *tpp = v / 1e12 * PRECISIONS[i].bits;
        any = true;
    }
    return any;
}

/* a / b of two stored fields, when both are there and b is not zero. */
static bool field_ratio(const Entity *chip, int a, int b, double *out)
{
    double x, y;
    if (!field_num(chip, a, &x) || !field_num(chip, b, &y) || y == 0) return false;
    *out = x / y;
    return true;
}

bool chip_figure(const Entity *chip, CapAttr a, double *out)
{
    double tpp, area;
    switch (a) {
    case CA_TPP: return chip_tpp(chip, out);
    case CA_DENSITY: /* TPP per mm² of die */
        if (!chip_tpp(chip, &tpp) || !field_num(chip, CH_DIE_AREA, &area)) return false;
        *out = tpp / (area * 1e6);
        return true;
    case CA_PERF_PER_WATT: return field_ratio(chip, CH_FP16, CH_TDP, out);
    case CA_PRICE_PER_PFLOPS: return field_ratio(chip, CH_PRICE, CH_FP16, out);
    case CA_INTERCONNECT: /* none given means no scale-up link */
        if (!field_num(chip, CH_INTERCONNECT, out)) *out = 0;
        return true;
    default: return field_num(chip, CAP_FIELD[a], out);
    }
}

_Static_assert(CH_NFIELDS <= 32, "chip_figure_fields keeps a field per bit");

uint32_t chip_figure_fields(CapAttr a)
{
    const uint32_t tpp = 1u << CH_FP32 | 1u << CH_FP16 | 1u << CH_FP8 | 1u << CH_INT8 | 1u << CH_FP4;
    switch (a) {
    case CA_TPP: return tpp;
    case CA_DENSITY: return tpp | 1u << CH_DIE_AREA;
    case CA_PERF_PER_WATT: return 1u << CH_FP16 | 1u << CH_TDP;
    case CA_PRICE_PER_PFLOPS: return 1u << CH_PRICE | 1u << CH_FP16;
    default: return 1u << CAP_FIELD[a];
    }
}

/* --- building ----------------------------------------------------------------- */

static const char *sym_field(const Entity *e, int f)
{
    return e && e->values[f].kind == V_SYM ? e->values[f].u.s : NULL;
}

void facts_of_chip(const Env *env, const Entity *chip, ChipFacts *c)
{
    memset(c, 0, sizeof *c);
    c->chip = chip;
    c->name = chip->name;
    c->vendor = chip->values[CH_VENDOR].u.s;
    const Entity *vendor = env_entity(env, c->vendor, K_VENDOR);
    c->vendor_origin = sym_field(vendor, VE_ORIGIN);
    c->origin = sym_field(chip, CH_ORIGIN) ? sym_field(chip, CH_ORIGIN) : c->vendor_origin;
    c->ecosystem = sym_field(chip, CH_ECOSYSTEM) ? sym_field(chip, CH_ECOSYSTEM) : sym_field(vendor, VE_ECOSYSTEM);
    for (int a = 0; a < CA_COUNT; a++)
        if (!chip_figure(chip, (CapAttr)a, &c->fig[a])) c->fig[a] = NAN;
    if (!field_num(chip, CH_SUPPLY, &c->supply)) c->supply = INFINITY;
    c->launch = chip->values[CH_LAUNCH].kind == V_DATE ? chip->values[CH_LAUNCH].u.date : NAN;
    if (!field_num(chip, CH_STOCK, &c->stock)) c->stock = 0;
    c->sold_in = sym_field(chip, CH_SOLD_IN);
}

static double num_or(const Entity *e, int f, double dflt)
{
    double v;
    return field_num(e, f, &v) ? v : dflt;
}

void facts_of_market(const Entity *m, MarketFacts *r)
{
    *r = (MarketFacts){
        .market = m, .name = m->name,
        .budget = num_or(m, MK_BUDGET, INFINITY), .demand = num_or(m, MK_DEMAND, INFINITY),
        .energy_price = num_or(m, MK_ENERGY_PRICE, 0), .pue = num_or(m, MK_PUE, 1),
        .lifetime = num_or(m, MK_LIFETIME, 4 * 365 * 86400.0), .switching = num_or(m, MK_SWITCHING, 0),
        .incumbent = sym_field(m, MK_INCUMBENT),
        .logit = sym_field(m, MK_ALLOCATION) && strcmp(sym_field(m, MK_ALLOCATION), "logit") == 0,
        .sensitivity = num_or(m, MK_SENSITIVITY, 4),
        .workload = {num_or(m, MK_TRAINING, 1), num_or(m, MK_INTENSITY, 16), num_or(m, MK_MEMORY_NEED, NAN)}};
}

static int by_chip_name(const void *a, const void *b)
{
    return strcmp((*(ChipFacts *const *)a)->name, (*(ChipFacts *const *)b)->name);
}

/* Ranks chips by name, for a tie-break that needs no strings later. */
static void rank_names(WorldFacts *f)
{
    ChipFacts **sorted = xmalloc((size_t)(f->nchips ? f->nchips : 1) * sizeof *sorted);
    for (int i = 0; i < f->nchips; i++) sorted[i] = &f->chips[i];
    qsort(sorted, (size_t)f->nchips, sizeof *sorted, by_chip_name);
    for (int i = 0; i < f->nchips; i++) sorted[i]->name_rank = i;
    free(sorted);
}

static void add_country(WorldFacts *f, const char *c, int cap)
{
    if (!c || facts_is_country(f, c) || f->ncountries == cap) return;
    f->countries[f->ncountries++] = c;
}

static void collect_countries(const Env *env, WorldFacts *f)
{
    int cap = f->nmarkets + f->nchips + (int)env->nkind[K_VENDOR];
    f->countries = xmalloc((size_t)(cap ? cap : 1) * sizeof *f->countries);
    for (int i = 0; i < f->nmarkets; i++) add_country(f, f->markets[i].name, cap);
    for (const NameCell *c = env->by_kind[K_VENDOR]; c; c = c->next)
        add_country(f, sym_field(env_entity(env, c->name, K_VENDOR), VE_ORIGIN), cap);
    for (int i = 0; i < f->nchips; i++) add_country(f, f->chips[i].origin, cap);
}

static WorldFacts *facts_build(Env *env)
{
    WorldFacts *f = xcalloc(1, sizeof *f);
    f->stamp = env->world_stamp;
    size_t n;
    const char **names = env_kind_names(env, K_CHIP, &n);
    f->chips = xmalloc((n ? n : 1) * sizeof *f->chips);
    for (size_t i = 0; i < n; i++) {
        const Entity *chip = env_entity(env, names[i], K_CHIP);
        if (!chip) continue;
        facts_of_chip(env, chip, &f->chips[f->nchips]);
        for (int a = 0; a < CA_COUNT; a++)
            if (isnan(f->chips[f->nchips].fig[a])) f->lacking |= 1u << a;
        f->nchips++;
    }
    free(names);
    names = env_kind_names(env, K_MARKET, &n);
    f->markets = xmalloc((n ? n : 1) * sizeof *f->markets);
    for (size_t i = 0; i < n; i++) {
        const Entity *m = env_entity(env, names[i], K_MARKET);
        if (m) facts_of_market(m, &f->markets[f->nmarkets++]);
    }
    free(names);
    rank_names(f);
    collect_countries(env, f);
    return f;
}

/* f's row of the chip or market rebound as c, built again from env; false
 * when the facts cannot be patched so (a new name, another kind, a vendor,
 * or a chip whose origin changed: the countries would differ). */
/* Whether a and b price a chip alike for their buyers: all but budget and
 * demand the same (docs/model.md, steps 2 and 3). */
static bool same_costs(const MarketFacts *a, const MarketFacts *b)
{
    return a->name == b->name && a->energy_price == b->energy_price && a->pue == b->pue && a->lifetime == b->lifetime
           && a->switching == b->switching && a->incumbent == b->incumbent && a->logit == b->logit
           && a->sensitivity == b->sensitivity && a->workload.training == b->workload.training
           && a->workload.intensity == b->workload.intensity
           && (a->workload.memory_ref == b->workload.memory_ref
               || (isnan(a->workload.memory_ref) && isnan(b->workload.memory_ref)));
}

static bool patch_row(WorldFacts *f, const WorldFacts *g, Env *env, const BindCell *c)
{
    int ci = facts_chip(f, c->name), mi = facts_market(f, c->name);
    int kind = c->entity ? (int)c->entity->kind : -1;
    if (kind == K_VENDOR) return false;
    if (ci < 0 && mi < 0) return kind != K_CHIP && kind != K_MARKET; /* no row: a value, rule or system reads none */
    if (env_lookup(env, c->name)->entity != c->entity) return true; /* bound again since: that cell patches the row */
    if (mi >= 0) {
        if (kind != K_MARKET) return false;
        facts_of_market(c->entity, &f->markets[mi]);
        f->market_patch[mi] = same_costs(&f->markets[mi], &f->from->markets[mi]) ? 1 : 2;
        return true;
    }
    if (kind != K_CHIP) return false;
    if (f->chips_borrowed) { /* f's own copy of the rows before the first change */
        ChipFacts *own = xmalloc((size_t)(f->nchips ? f->nchips : 1) * sizeof *own);
        memcpy(own, f->chips, (size_t)f->nchips * sizeof *own);
        f->chips = own;
        f->chips_borrowed = false;
    }
    f->chip_patched = true;
    facts_of_chip(env, c->entity, &f->chips[ci]);
    f->chips[ci].name_rank = g->chips[ci].name_rank;
    return f->chips[ci].origin == g->chips[ci].origin && f->chips[ci].vendor_origin == g->chips[ci].vendor_origin;
}

/* env's facts as its base's with the rows of the chips and markets bound
 * since the fork built again (a study run's drawn copies), or NULL when
 * more changed than rows (facts_build then builds them whole). */
static WorldFacts *facts_derive(Env *env)
{
    Env *base = env->base;
    if (!base || env->nsince_fork > BIND_TRACKED) return NULL;
    const WorldFacts *g = world_facts(base);
    WorldFacts *f = xcalloc(1, sizeof *f);
    *f = (WorldFacts){.stamp = env->world_stamp, .nchips = g->nchips, .nmarkets = g->nmarkets, .ncountries = g->ncountries};
    f->chips = g->chips; /* borrowed until a chip row is patched (patch_row) */
    f->chips_borrowed = true;
    f->markets = xmalloc((size_t)(g->nmarkets ? g->nmarkets : 1) * sizeof *f->markets);
    memcpy(f->markets, g->markets, (size_t)g->nmarkets * sizeof *f->markets);
    f->countries = g->countries; /* rows patched keep their origins (patch_row), so the countries are g's */
    f->countries_borrowed = true;
    f->from = g->from ? g->from : g;
    f->market_patch = xcalloc((size_t)(g->nmarkets ? g->nmarkets : 1), 1);
    if (g->from) memcpy(f->market_patch, g->market_patch, (size_t)g->nmarkets);
    f->chip_patched = g->chip_patched;
    for (const BindCell *c = env->since_fork; c; c = c->next)
        if (!patch_row(f, g, env, c)) {
            facts_free(f);
            return NULL;
        }
    f->lacking = g->lacking;
    if (f->chip_patched) { /* a drawn figure may fill or leave a gap: count again */
        f->lacking = 0;
        for (int i = 0; i < f->nchips; i++)
            for (int a = 0; a < CA_COUNT; a++)
                if (isnan(f->chips[i].fig[a])) f->lacking |= 1u << a;
    }
    return f;
}

WorldFacts *world_facts(Env *env)
{
    WorldFacts *f = env->facts;
    if (f && f->stamp == env->world_stamp) return f;
    /* Snapshots forked before their parent asked share its later facts. */
    PtrVec *made = &env->pool->facts;
    for (size_t i = made->len, k = 0; i-- > 0 && k < 8; k++) {
        f = made->items[i];
        if (f->stamp == env->world_stamp) return env->facts = f;
    }
    if (env->base && env->base->world_stamp == env->world_stamp) return env->facts = world_facts(env->base);
    f = facts_derive(env);
    if (!f) f = facts_build(env);
    ptrvec_push(&env->pool->facts, f);
    env->facts = f;
    return f;
}

bool facts_some_lack(const WorldFacts *f, int a)
{
    return a >= 0 && a < CA_COUNT && (f->lacking >> a & 1u);
}

int facts_chip(const WorldFacts *f, const char *name)
{
    for (int i = 0; i < f->nchips; i++)
        if (f->chips[i].name == name) return i;
    return -1;
}

int facts_market(const WorldFacts *f, const char *name)
{
    for (int i = 0; i < f->nmarkets; i++)
        if (f->markets[i].name == name) return i;
    return -1;
}

bool facts_is_country(const WorldFacts *f, const char *name)
{
    for (int i = 0; i < f->ncountries; i++)
        if (f->countries[i] == name) return true;
    return false;
}

RuleRow *facts_rule(WorldFacts *f, const char *rule)
{
    for (int i = 0; i < f->nrules; i++)
        if (f->rules[i].rule == rule) return &f->rules[i];
    if (f->nrules == f->rules_cap) {
        f->rules_cap = f->rules_cap ? f->rules_cap * 2 : 4;
        f->rules = xrealloc(f->rules, (size_t)f->rules_cap * sizeof *f->rules);
    }
    RuleRow *r = &f->rules[f->nrules++];
    *r = (RuleRow){.rule = rule};
    r->controls = xmalloc((size_t)(f->nchips ? f->nchips : 1));
    memset(r->controls, -1, (size_t)(f->nchips ? f->nchips : 1));
    return r;
}

void facts_free(void *facts)
{
    WorldFacts *f = facts;
    if (!f) return;
    for (int i = 0; i < f->nrules; i++) free(f->rules[i].controls);
    free(f->rules);
    free(f->market_patch);
    if (f->model_ref) f->free_model_ref(f->model_ref);
    if (!f->chips_borrowed) free(f->chips);
    free(f->markets);
    if (!f->countries_borrowed) free(f->countries);
    free(f);
}
