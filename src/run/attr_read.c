/* attr_read.c: what `X.name` reads, for each way of reading in the attribute
 * table (attrs.h): stored fields, defaults, derived figures, cluster totals
 * and market model results. */
#include "interp.h"
#include "attrs.h"
#include "model.h"
#include "study.h"
#include "context.h"
#include "dates.h"
#include <math.h>
#include <string.h>

static Value qty(double v, const Dim *d) { return value_num((Quantity){.v = v, .dim = *d}); }

/* A chip figure (stored or derived) with the dimension the table gives it. */
static Value chip_figure_value(const Entity *c, CapAttr a, const Dim *dim)
{
    double v;
    return chip_figure(c, a, &v) ? qty(v, dim) : (Value){0};
}

static Value scaled(Value v, double k)
{
    if (v.kind != V_NUM) return (Value){0};
    v.u.q.v *= k;
    return v;
}

static Value ratio_of(Value a, Value b)
{
    if (a.kind != V_NUM || b.kind != V_NUM || b.u.q.v == 0) return (Value){0};
    return value_num((Quantity){.v = a.u.q.v / b.u.q.v, .dim = dim_div(a.u.q.dim, b.u.q.dim)});
}

static Value chip_read(const AttrDef *a, const Entity *c, Env *env)
{
    const Entity *vendor = env_entity(env, c->values[CH_VENDOR].u.s, K_VENDOR);
    switch (a->get) {
    case AG_CHIP_VENDOR: return vendor ? value_entity((Entity *)vendor, env) : c->values[CH_VENDOR];
    case AG_CHIP_INHERITED: { /* the chip's own, else its vendor's */
        int own = a->arg == VE_ORIGIN ? CH_ORIGIN : CH_ECOSYSTEM;
        if (c->values[own].kind == V_SYM) return c->values[own];
        return vendor && vendor->values[a->arg].kind == V_SYM ? vendor->values[a->arg] : (Value){0};
    }
    case AG_CHIP_DATACENTER: return c->values[CH_DATACENTER].kind == V_NONE ? value_bool(true) : c->values[CH_DATACENTER];
    case AG_CHIP_FIGURE: return chip_figure_value(c, (CapAttr)a->arg, attr_dim(a));
    default: return c->values[a->arg];
    }
}

static Value cluster_read(const AttrDef *a, const Entity *cl, Env *env);

/* The cluster's attribute called name (for ratios of its totals). */
static Value cluster_named(const Entity *cl, Env *env, const char *name)
{
    return cluster_read(attr_find(K_CLUSTER, name), cl, env);
}

static Value cluster_read(const AttrDef *a, const Entity *cl, Env *env)
{
    Entity *chip = env_entity(env, cl->values[CL_CHIP].u.s, K_CHIP);
    double count = cl->values[CL_COUNT].u.q.v;
    switch (a->get) {
    case AG_CLUSTER_CHIP: return chip ? value_entity(chip, env) : cl->values[CL_CHIP];
    case AG_CLUSTER_TOTAL:
        /* a chip with no link figure may still have one: no total rather than 0 */
        if (!chip || (a->arg == CA_INTERCONNECT && chip->values[CH_INTERCONNECT].kind != V_NUM)) return (Value){0};
        return scaled(chip_figure_value(chip, (CapAttr)a->arg, attr_dim(a)), count);
    case AG_CLUSTER_OWN: /* its own figure, else count x the chip's tdp or price */
        if (cl->values[a->arg].kind == V_NUM) return cl->values[a->arg];
        return chip ? scaled(chip->values[a->arg == CL_POWER ? CH_TDP : CH_PRICE], count) : (Value){0};
    case AG_CLUSTER_RATIO:
        return a->arg == 0 ? ratio_of(cluster_named(cl, env, "fp16"), cluster_named(cl, env, "power"))
                           : ratio_of(cluster_named(cl, env, "price"), cluster_named(cl, env, "fp16"));
    default: return cl->values[a->arg];
    }
}

/* M.installed (docs/model.md, "Over time"): the FP16 compute M bought in
 * the n quarters that end with the one the period read ends in, n = its
 * lifetime in quarters (4 yr: 16), at least 1. Without a date, the yearly
 * model's compute x n / 4 (as many years of the same purchases). */
static Value installed_read(Interp *I, const AttrDef *a, const Entity *m, Env *env)
{
    double life = m->values[MK_LIFETIME].kind == V_NUM ? m->values[MK_LIFETIME].u.q.v : 4 * 365 * 86400.0;
    double q = floor(life / (365 * 86400.0) * 4 + 1e-9);
    int n = q < 1 ? 1 : q > 400 ? 400 : (int)q;
    if (!I->when) {
        prepare_model(I, env);
        return qty(model_market(env, m->name)->compute * n / 4, a->dim);
    }
    double end = date_add_months(date_period_start(I->when->to - 1, 3), 3);
    TimeCtx window = {date_add_months(end, -3 * n), end, 3, I->when->loc};
    int f = ctx_enter(I, false);
    I->when = &window;
    MarketResult period;
    timeline_market(I, env, m->name, &period);
    ctx_leave(I, f);
    return qty(period.compute, a->dim);
}

static Value market_read(Interp *I, const AttrDef *a, const Entity *m, Env *env)
{
    if (a->get != AG_MARKET_RESULT) return m->values[a->arg];
    if (a->arg == MS_INSTALLED) return installed_read(I, a, m, env);
    MarketResult period; /* within at, during or series: that period's flows */
    const MarketResult *r = &period;
    if (!timeline_market(I, env, m->name, &period)) {
        prepare_model(I, env);
        r = model_market(env, m->name);
    }
    switch ((MarketStat)a->arg) {
    case MS_COMPUTE: return qty(r->compute, a->dim);
    case MS_EFFECTIVE: return qty(r->effective_compute, a->dim);
    case MS_SPEND: return qty(r->spend, a->dim);
    case MS_UNITS: return qty(r->total_units, a->dim);
    case MS_POWER: return qty(r->power, a->dim);
    case MS_DOMESTIC_SHARE: { /* domestic compute / compute */
        Quantity q = quantity_plain(r->compute > 0 ? r->domestic_compute / r->compute : 0);
        q.percent = true;
        return value_num(q);
    }
    case MS_UNSPENT: return qty(r->unspent, a->dim);
    case MS_TARIFF: return qty(r->tariff_income, a->dim);
    case MS_GREY_SPEND: return qty(r->grey_spend, a->dim);
    case MS_GREY_UNITS: return qty(r->grey_units, a->dim);
    case MS_GREY_COMPUTE: return qty(r->grey_compute, a->dim);
    case MS_INSTALLED: break; /* read above */
    }
    return (Value){0};
}

static Value vendor_read(Interp *I, const AttrDef *a, const Entity *v, Env *env, Loc loc)
{
    if (a->get != AG_VENDOR_REVENUE) return v->values[a->arg];
    if (a->arg == 2) { /* writedowns: over time only */
        if (!I->when)
            eval_fail(I, DC_RUNTIME, loc,
                      "%s.writedowns is read over time: ask it at a date or during a period (%s.writedowns during 2025Q2)",
                      v->name, v->name);
        return qty(timeline_writedown(I, env, NULL, v->name), a->dim);
    }
    double levy, gross;
    if (I->when) {
        gross = timeline_revenue(I, env, v->name, NULL, &levy);
    } else {
        prepare_model(I, env);
        gross = model_revenue(env, v->name, NULL, &levy);
    }
    return qty(a->arg ? gross - levy : gross, a->dim); /* net = gross - revenue shares owed */
}

/* S.NAME: the name as bound in scenario S's final state. */
static Value scenario_attr(Interp *I, const Entity *sc, const char *name, Loc loc)
{
    Env *st = scenario_state(I, sc);
    const Binding *b = env_lookup(st, name);
    if (b) return b->entity ? value_entity(b->entity, st) : b->value;
    if (strcmp(name, "title") == 0) return value_str(sc->display ? sc->display : sc->name);
    size_t n;
    const char *const *names = env_names(sc->env, &n);
    const char *hint = diag_nearest(name, names, n);
    if (hint) eval_fail(I, DC_NAME, loc, "scenario '%s' has no '%s'; did you mean '%s'?", sc->name, name, hint);
    eval_fail(I, DC_NAME, loc, "scenario '%s' has no '%s'", sc->name, name);
}

int attr_derived_names(EntityKind kind, const char **out, int max)
{
    size_t n;
    const AttrDef *t = attr_table(&n);
    int k = 0;
    for (size_t i = 0; i < n && k < max; i++)
        if (t[i].kind == kind && t[i].derived) out[k++] = t[i].name;
    return k;
}

int attr_names(EntityKind kind, const char **out, int max)
{
    size_t n;
    const AttrDef *t = attr_table(&n);
    int k = 0;
    for (size_t i = 0; i < n && k < max; i++)
        if (t[i].kind == kind) out[k++] = t[i].name;
    return k;
}

static _Noreturn void no_such_attr(Interp *I, EntityKind kind, const char *name, Loc loc)
{
    const char *names[96];
    int n = attr_names(kind, names, 96);
    const char *hint = diag_nearest(name, names, (size_t)n);
    if (hint) eval_fail(I, DC_NAME, loc, "a %s has no attribute '%s'; did you mean '%s'?", entity_kind_name(kind), name, hint);
    eval_fail(I, DC_NAME, loc, "a %s has no attribute '%s'", entity_kind_name(kind), name);
}

/* Whether field f of e is an uncertain figure (drawn in each run). */
static bool field_uncertain(const Entity *e, int f)
{
    return e && e->values[f].kind == V_NUM && e->values[f].unc && e->values[f].unc->expr;
}

/* Whether one of the fields of chip c in mask (bit CH_x) is uncertain. */
static bool fields_uncertain(const Entity *c, uint32_t mask)
{
    for (int f = 0; c && f < CH_NFIELDS; f++)
        if (mask >> f & 1 && field_uncertain(c, f)) return true;
    return false;
}

/* Whether r, attribute a of e, was read from an uncertain figure: a stored
 * one (it carries its range) or a figure derived from one (tpp from fp16,
 * a cluster's total from its chip's). A market's model results are not
 * counted (docs/language.md, "Uncertain figures"). */
static bool reads_uncertain(const AttrDef *a, const Entity *e, Env *env, Value r)
{
    if (r.kind != V_NUM) return false;
    if (r.unc) return true;
    if (e->kind == K_CHIP && a->get == AG_CHIP_FIGURE) return fields_uncertain(e, chip_figure_fields((CapAttr)a->arg));
    if (e->kind != K_CLUSTER) return false;
    const Entity *chip = env_entity(env, e->values[CL_CHIP].u.s, K_CHIP);
    switch (a->get) {
    case AG_CLUSTER_TOTAL: return fields_uncertain(chip, chip_figure_fields((CapAttr)a->arg));
    case AG_CLUSTER_RATIO: /* fp16 / power or price / fp16 (cluster_read); power and price its own, else its chip's */
        if (fields_uncertain(chip, chip_figure_fields(CA_FP16))) return true;
        if (a->arg == 0) return e->values[CL_POWER].kind == V_NUM ? field_uncertain(e, CL_POWER) : field_uncertain(chip, CH_TDP);
        return e->values[CL_PRICE].kind == V_NUM ? field_uncertain(e, CL_PRICE) : field_uncertain(chip, CH_PRICE);
    default: return false;
    }
}

Value attr_get_opt(Interp *I, Value v, const char *name, Loc loc)
{
    if (v.kind == V_DIST) return summary_attr(I, v, name, loc);
    if (v.kind != V_ENTITY)
        eval_fail(I, DC_TYPE, loc, "'.%s' reads an attribute of a chip, cluster, market, vendor or scenario, not of a %s", name,
             value_type_name(v));
    const Entity *e = v.u.ent.e;
    Env *env = v.u.ent.env ? v.u.ent.env : I->cur;
    if (e->kind == K_SCENARIO) return scenario_attr(I, e, name, loc);
    const AttrDef *a = attr_find(e->kind, name);
    if (!a) no_such_attr(I, e->kind, name, loc);
    switch (a->get) {
    case AG_NAME: return value_str(e->name);
    case AG_TITLE: return value_str(e->display ? e->display : e->name);
    default: break;
    }
    Value r;
    switch (e->kind) {
    case K_CHIP: r = chip_read(a, e, env); break;
    case K_CLUSTER: r = cluster_read(a, e, env); break;
    case K_MARKET: r = market_read(I, a, e, env); break;
    case K_VENDOR: r = vendor_read(I, a, e, env, loc); break;
    default: r = e->values[a->arg]; break;
    }
    if (!I->sampling && reads_uncertain(a, e, env, r)) I->saw_uncertain = true; /* what stores r is drawn again in a run */
    bool int8 = a->cap == CA_INT8 || (a->get == AG_CLUSTER_TOTAL && a->arg == CA_INT8);
    if (r.kind == V_NUM && int8) r.u.q.ops = true; /* integer precision: printed in TOPS */
    return r;
}

/* The field a derived chip figure lacks (density without die_area names
 * die_area), so a message says which figure the data is missing. */
static const char *missing_input(const Entity *e, const char *name)
{
    const AttrDef *a = attr_find(K_CHIP, name);
    double v;
    if (e->kind != K_CHIP || !a || a->get != AG_CHIP_FIGURE) return name;
    switch ((CapAttr)a->arg) {
    case CA_DENSITY: return chip_figure(e, CA_TPP, &v) ? "die_area" : "tpp";
    case CA_PERF_PER_WATT: return e->values[CH_FP16].kind == V_NUM ? "tdp" : "fp16";
    case CA_PRICE_PER_PFLOPS: return e->values[CH_PRICE].kind == V_NUM ? "fp16" : "price";
    default: return name;
    }
}

/* A known attribute with no figure is unknown (a value), naming the figure:
 * "H20.die_area". */
Value attr_get(Interp *I, Value v, const char *name, Loc loc)
{
    if (v.kind == V_UNKNOWN) return v; /* (unknown).x is unknown */
    Value r = attr_get_opt(I, v, name, loc);
    if (r.kind != V_NONE) return r;
    const Entity *e = v.u.ent.e;
    return value_unknown(arena_printf(&I->arena, "%s.%s", e->name, missing_input(e, name)));
}
