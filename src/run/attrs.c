/* attrs.c: what `X.name` means for each kind of entity: stored fields,
 * defaults, derived figures (tpp, density, totals) and market results. */
#include "interp.h"
#include "model.h"
#include <math.h>
#include <string.h>

/* What an attribute lookup returns for a name the kind does not have, as
 * opposed to (Value){0}: a known attribute this entity has no figure for. */
#define NO_SUCH_ATTR ((Value){.kind = V_NONE, .u.b = true})
static bool is_no_such_attr(Value v) { return v.kind == V_NONE && v.u.b; }

static const char *chip_vendor(const Entity *chip) { return chip->values[CH_VENDOR].u.s; }

static Entity *vendor_of(Env *env, const Entity *chip) { return env_entity(env, chip_vendor(chip), K_VENDOR); }

/* origin or ecosystem: the chip's own, else its vendor's. */
static Value chip_sym(Env *env, const Entity *chip, int field, int vendor_field)
{
    if (chip->values[field].kind == V_SYM) return chip->values[field];
    Entity *v = vendor_of(env, chip);
    return v && v->values[vendor_field].kind == V_SYM ? v->values[vendor_field] : (Value){0};
}

static Value qty(double v, Dim d) { return value_num((Quantity){.v = v, .dim = d}); }

static Value ratio_of(Value a, Value b)
{
    if (a.kind != V_NUM || b.kind != V_NUM || b.u.q.v == 0) return (Value){0};
    return qty(a.u.q.v / b.u.q.v, dim_div(a.u.q.dim, b.u.q.dim));
}

/* A derived chip figure as a value with its dimension, or none. */
static Value chip_derived(const Entity *c, CapAttr a)
{
    double v;
    if (!chip_figure(c, a, &v)) return (Value){0};
    return value_num((Quantity){.v = v, .dim = *CAP_ATTRS[a].dim});
}

static Value chip_attr(Interp *I, const Entity *c, Env *env, const char *name)
{
    (void)I;
    int f = schema_field(c->schema, name);
    if (f == CH_VENDOR) {
        Entity *v = vendor_of(env, c);
        return v ? value_entity(v, env) : value_sym(chip_vendor(c));
    }
    if (f == CH_ORIGIN) return chip_sym(env, c, CH_ORIGIN, VE_ORIGIN);
    if (f == CH_ECOSYSTEM) return chip_sym(env, c, CH_ECOSYSTEM, VE_ECOSYSTEM);
    if (f == CH_DATACENTER && c->values[f].kind == V_NONE) return value_bool(true);
    if (f == CH_INTERCONNECT) return chip_derived(c, CA_INTERCONNECT);
    if (f >= 0) return c->values[f];
    int a = cap_attr_find(name);
    if (a >= 0) return chip_derived(c, (CapAttr)a);
    if (strcmp(name, "name") == 0) return value_str(c->name);
    if (strcmp(name, "title") == 0) return c->display ? value_str(c->display) : value_str(c->name);
    return NO_SUCH_ATTR;
}

static Value scaled(Value v, double k)
{
    if (v.kind != V_NUM) return (Value){0};
    v.u.q.v *= k;
    return v;
}

static Value cluster_attr(Interp *I, const Entity *cl, Env *env, const char *name)
{
    Entity *chip = env_entity(env, cl->values[CL_CHIP].u.s, K_CHIP);
    double count = cl->values[CL_COUNT].u.q.v;
    if (strcmp(name, "chip") == 0) return chip ? value_entity(chip, env) : value_sym(cl->values[CL_CHIP].u.s);
    if (strcmp(name, "count") == 0) return cl->values[CL_COUNT];
    if (strcmp(name, "source") == 0) return cl->values[CL_SOURCE];
    if (strcmp(name, "name") == 0) return value_str(cl->name);
    if (strcmp(name, "title") == 0) return value_str(cl->display ? cl->display : cl->name);
    if (!chip) return (Value){0};
    if (strcmp(name, "power") == 0)
        return cl->values[CL_POWER].kind == V_NUM ? cl->values[CL_POWER] : scaled(chip->values[CH_TDP], count);
    if (strcmp(name, "price") == 0)
        return cl->values[CL_PRICE].kind == V_NUM ? cl->values[CL_PRICE] : scaled(chip->values[CH_PRICE], count);
    if (strcmp(name, "perf_per_watt") == 0)
        return ratio_of(cluster_attr(I, cl, env, "fp16"), cluster_attr(I, cl, env, "power"));
    if (strcmp(name, "price_per_pflops") == 0)
        return ratio_of(cluster_attr(I, cl, env, "price"), cluster_attr(I, cl, env, "fp16"));
    if (strcmp(name, "tpp") == 0) return scaled(chip_derived(chip, CA_TPP), count);
    static const char *const TOTALS[] = {"fp32", "fp16", "fp8", "int8", "fp4", "memory", "bandwidth", "interconnect", "tdp"};
    for (size_t i = 0; i < sizeof TOTALS / sizeof TOTALS[0]; i++)
        if (strcmp(name, TOTALS[i]) == 0) return scaled(chip->values[schema_field(chip->schema, name)], count);
    return NO_SUCH_ATTR;
}

static Value market_attr(Interp *I, const Entity *m, Env *env, const char *name)
{
    int f = schema_field(m->schema, name);
    if (f >= 0) return m->values[f];
    if (strcmp(name, "name") == 0) return value_str(m->name);
    if (strcmp(name, "title") == 0) return value_str(m->display ? m->display : m->name);
    static const char *const RESULTS[] = {"compute", "effective_compute", "spend", "units", "power",
                                          "domestic_share", "unspent", "tariff_revenue"};
    size_t k = 0;
    while (k < sizeof RESULTS / sizeof RESULTS[0] && strcmp(name, RESULTS[k]) != 0) k++;
    if (k == sizeof RESULTS / sizeof RESULTS[0]) return NO_SUCH_ATTR;
    prepare_model(I, env);
    const MarketResult *r = model_market(env, m->name);
    switch (k) {
    case 0: return qty(r->compute, DIM_COMPUTE);
    case 1: return qty(r->effective_compute, DIM_COMPUTE);
    case 2: return qty(r->spend, DIM_MONEY_);
    case 3: return value_plain(r->total_units);
    case 4: return qty(r->power, DIM_POWER);
    case 5: { Quantity q = quantity_plain(r->compute > 0 ? r->domestic_compute / r->compute : 0); q.percent = true; return value_num(q); }
    case 6: return qty(r->unspent, DIM_MONEY_);
    default: return qty(r->tariff_income, DIM_MONEY_);
    }
}

static Value vendor_attr(Interp *I, const Entity *v, Env *env, const char *name)
{
    int f = schema_field(v->schema, name);
    if (f >= 0) return v->values[f];
    if (strcmp(name, "name") == 0) return value_str(v->name);
    if (strcmp(name, "title") == 0) return value_str(v->display ? v->display : v->name);
    double levy;
    prepare_model(I, env);
    if (strcmp(name, "revenue") == 0) return qty(model_revenue(env, v->name, NULL, NULL), DIM_MONEY_);
    if (strcmp(name, "net_revenue") == 0) {
        double gross = model_revenue(env, v->name, NULL, &levy);
        return qty(gross - levy, DIM_MONEY_);
    }
    return NO_SUCH_ATTR;
}

/* S.NAME: the name as bound in scenario S's final state. */
static Value scenario_attr(Interp *I, const Entity *sc, const char *name, Loc loc)
{
    const Binding *b = env_lookup(sc->env, name);
    if (b) return b->entity ? value_entity(b->entity, sc->env) : b->value;
    if (strcmp(name, "title") == 0) return value_str(sc->display ? sc->display : sc->name);
    size_t n;
    const char *const *names = env_names(sc->env, &n);
    const char *hint = diag_nearest(name, names, n);
    if (hint) eval_fail(I, DC_NAME, loc, "scenario '%s' has no '%s'; did you mean '%s'?", sc->name, name, hint);
    eval_fail(I, DC_NAME, loc, "scenario '%s' has no '%s'", sc->name, name);
}

int attr_derived_names(EntityKind kind, const char **out, int max)
{
    static const char *const CHIP[] = {"tpp", "density", "perf_per_watt", "price_per_pflops", NULL};
    static const char *const CLUSTER[] = {"fp32", "fp16", "fp8", "int8", "fp4", "memory", "bandwidth", "interconnect",
                                          "tpp", "perf_per_watt", "price_per_pflops", NULL};
    static const char *const MARKET[] = {"compute", "effective_compute", "spend", "units", "power",
                                         "domestic_share", "unspent", "tariff_revenue", NULL};
    static const char *const VENDOR[] = {"revenue", "net_revenue", NULL};
    static const char *const NONE[] = {NULL};
    const char *const *list = kind == K_CHIP ? CHIP : kind == K_CLUSTER ? CLUSTER : kind == K_MARKET ? MARKET
                              : kind == K_VENDOR ? VENDOR : NONE;
    int n = 0;
    for (; list[n] && n < max; n++) out[n] = list[n];
    return n;
}

int attr_names(EntityKind kind, const char **out, int max)
{
    int n = 0;
    const Schema *s = schema_for(kind);
    for (int i = 0; i < s->nfields && n < max; i++) out[n++] = s->fields[i].name;
    n += attr_derived_names(kind, out + n, max - n);
    if (n < max) out[n++] = "name";
    if (n < max) out[n++] = "title";
    return n;
}

Value attr_get_opt(Interp *I, Value v, const char *name, Loc loc)
{
    if (v.kind != V_ENTITY)
        eval_fail(I, DC_TYPE, loc, "'.%s' reads an attribute of a chip, cluster, market, vendor or scenario, not of a %s", name,
             value_type_name(v));
    const Entity *e = v.u.ent.e;
    Env *env = v.u.ent.env ? v.u.ent.env : I->cur;
    Value r;
    switch (e->kind) {
    case K_CHIP: r = chip_attr(I, e, env, name); break;
    case K_CLUSTER: r = cluster_attr(I, e, env, name); break;
    case K_MARKET: r = market_attr(I, e, env, name); break;
    case K_VENDOR: r = vendor_attr(I, e, env, name); break;
    case K_SCENARIO: return scenario_attr(I, e, name, loc);
    default: {
        int f = schema_field(e->schema, name);
        r = f >= 0 && e->schema->fields[f].type != FT_PREDICATE ? e->values[f] : NO_SUCH_ATTR;
    }
    }
    if (is_no_such_attr(r)) {
        const char *names[64];
        int n = attr_names(e->kind, names, 64);
        const char *hint = diag_nearest(name, names, (size_t)n);
        if (hint) eval_fail(I, DC_NAME, loc, "a %s has no attribute '%s'; did you mean '%s'?", entity_kind_name(e->kind), name, hint);
        eval_fail(I, DC_NAME, loc, "a %s has no attribute '%s'", entity_kind_name(e->kind), name);
    }
    return r;
}

Value attr_get(Interp *I, Value v, const char *name, Loc loc)
{
    Value r = attr_get_opt(I, v, name, loc);
    if (r.kind == V_NONE && !I->subject)
        eval_fail(I, DC_RUNTIME, loc, "%s '%s' has no figure for '%s'", entity_kind_name(v.u.ent.e->kind), v.u.ent.e->name, name);
    return r;
}
