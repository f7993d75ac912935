/* builtins.c: the functions of the language: relations between entities
 * (available, controlled, units, revenue, levy, tariff_revenue) and numeric
 * helpers (ratio, min, max, floor, ceil, round, abs). */
#include "interp.h"
#include "model.h"
#include "study.h"
#include <math.h>
#include <string.h>

enum { MAX_ARGS = 16 };
typedef struct Args {
    Value v[MAX_ARGS];
    Expr *e[MAX_ARGS];
    int n;
} Args;

typedef Value (*BuiltinFn)(Interp *I, Args *a, Loc loc);

static Entity *arg_entity(Interp *I, Args *a, int i, EntityKind kind)
{
    Value v = a->v[i];
    if (v.kind != V_ENTITY || v.u.ent.e->kind != kind)
        eval_fail(I, DC_TYPE, a->e[i]->loc, "expected a %s here, not %s '%s'", entity_kind_name(kind), value_type_name(v),
             fmt_value(I, v));
    return v.u.ent.e;
}

static Quantity arg_num(Interp *I, Args *a, int i)
{
    if (a->v[i].kind != V_NUM) eval_fail(I, DC_TYPE, a->e[i]->loc, "expected a number here, not a %s", value_type_name(a->v[i]));
    return a->v[i].u.q;
}

/* A country (a market's name, or a bare country code such as US). */
static const char *arg_country(Interp *I, Args *a, int i)
{
    Value v = a->v[i];
    if (v.kind == V_ENTITY && (v.u.ent.e->kind == K_MARKET)) return v.u.ent.e->name;
    if (v.kind == V_SYM) return v.u.s;
    eval_fail(I, DC_TYPE, a->e[i]->loc, "expected a market or country here, not %s '%s'", value_type_name(v), fmt_value(I, v));
}

static Value money(double v) { return value_num((Quantity){.v = v, .dim = DIM_MONEY_}); }

static Value fn_available(Interp *I, Args *a, Loc loc)
{
    (void)loc;
    return value_bool(chip_available(I, I->cur, arg_entity(I, a, 0, K_CHIP), arg_entity(I, a, 1, K_MARKET)));
}

static Value fn_controlled(Interp *I, Args *a, Loc loc)
{
    (void)loc;
    return rule_verdict(I, I->cur, arg_entity(I, a, 1, K_RULE), arg_entity(I, a, 0, K_CHIP));
}

static Value fn_units(Interp *I, Args *a, Loc loc)
{
    (void)loc;
    const Entity *c = arg_entity(I, a, 0, K_CHIP);
    if (c->variant_of)
        eval_fail(I, DC_TYPE, a->e[0]->loc, "units() reads the market model, which buys defined chips, not a variant; "
                  "define the variant (define chip X like %s { ... }) to model it", c->name);
    const char *chip = c->name, *market = arg_entity(I, a, 1, K_MARKET)->name;
    if (I->when) return value_plain(timeline_units(I, I->cur, chip, market));
    prepare_model(I, I->cur);
    return value_plain(model_units(I->cur, chip, market));
}

/* stock(CHIP) at D: units made and not yet sold (orders included) at the
 * end of D's period (docs/model.md, "Over time"); only over time. */
static Value fn_stock(Interp *I, Args *a, Loc loc)
{
    const Entity *c = arg_entity(I, a, 0, K_CHIP);
    if (!I->when)
        eval_fail(I, DC_RUNTIME, loc, "stock() is read over time: ask it at a date or during a period (stock(%s) at 2025Q4)",
                  c->name);
    return value_plain(timeline_units(I, I->cur, c->name, NULL)); /* a NULL market reads the stock (period.h) */
}

/* writedown(CHIP) at D: the stock of CHIP written down in D's period, at
 * its list price (docs/model.md, "Over time" 8); only over time. */
static Value fn_writedown(Interp *I, Args *a, Loc loc)
{
    const Entity *c = arg_entity(I, a, 0, K_CHIP);
    if (!I->when)
        eval_fail(I, DC_RUNTIME, loc,
                  "writedown() is read over time: ask it at a date or during a period (writedown(%s) during 2025Q2)", c->name);
    return money(timeline_writedown(I, I->cur, c->name, NULL));
}

static Value fn_revenue(Interp *I, Args *a, Loc loc)
{
    (void)loc;
    Entity *m = a->n > 1 ? arg_entity(I, a, 1, K_MARKET) : NULL;
    const char *vendor = arg_entity(I, a, 0, K_VENDOR)->name;
    if (I->when) return money(timeline_revenue(I, I->cur, vendor, m ? m->name : NULL, NULL));
    prepare_model(I, I->cur);
    return money(model_revenue(I->cur, vendor, m ? m->name : NULL, NULL));
}

static Value fn_net_revenue(Interp *I, Args *a, Loc loc)
{
    (void)loc;
    Entity *m = a->n > 1 ? arg_entity(I, a, 1, K_MARKET) : NULL;
    const char *vendor = arg_entity(I, a, 0, K_VENDOR)->name;
    double levy, gross;
    if (I->when) {
        gross = timeline_revenue(I, I->cur, vendor, m ? m->name : NULL, &levy);
    } else {
        prepare_model(I, I->cur);
        gross = model_revenue(I->cur, vendor, m ? m->name : NULL, &levy);
    }
    return money(gross - levy);
}

static Value fn_levy(Interp *I, Args *a, Loc loc)
{
    (void)loc;
    const char *country = intern_cstr(&I->names, arg_country(I, a, 0));
    if (I->when) return money(timeline_levy(I, I->cur, country));
    prepare_model(I, I->cur);
    return money(model_levy_income(I->cur, country));
}

static Value fn_tariff_revenue(Interp *I, Args *a, Loc loc)
{
    (void)loc;
    const char *country = intern_cstr(&I->names, arg_country(I, a, 0));
    MarketResult period;
    if (I->when) /* a country that is no market collects no import tariff */
        return money(facts_market(world_facts(I->cur), country) >= 0 && timeline_market(I, I->cur, country, &period)
                         ? period.tariff_income : 0);
    prepare_model(I, I->cur);
    return money(model_tariff_income(I->cur, country));
}

static Value fn_ratio(Interp *I, Args *a, Loc loc)
{
    Quantity x = arg_num(I, a, 0), y = arg_num(I, a, 1);
    if (!dim_eq(x.dim, y.dim)) {
        char n1[64], n2[64];
        eval_fail(I, DC_UNIT, loc, "ratio needs two quantities of one kind, not %s and %s", dim_name(x.dim, n1, sizeof n1),
             dim_name(y.dim, n2, sizeof n2));
    }
    if (y.v == 0) eval_fail(I, DC_RUNTIME, a->e[1]->loc, "ratio with a zero denominator");
    return value_plain(x.v / y.v);
}

static Value fn_minmax(Interp *I, Args *a, Loc loc, bool want_max)
{
    Quantity best = arg_num(I, a, 0);
    for (int i = 1; i < a->n; i++) {
        Quantity q = arg_num(I, a, i);
        if (!dim_eq(q.dim, best.dim)) eval_fail(I, DC_UNIT, loc, "%s needs quantities of one kind", want_max ? "max" : "min");
        if (want_max ? q.v > best.v : q.v < best.v) best = q;
    }
    return value_num(best);
}

/* known(X): false when X is unknown (a figure the data does not have). */
static Value fn_known(Interp *I, Args *a, Loc loc)
{
    (void)I, (void)loc;
    return value_bool(a->v[0].kind != V_UNKNOWN);
}

static Value fn_min(Interp *I, Args *a, Loc loc) { return fn_minmax(I, a, loc, false); }
static Value fn_max(Interp *I, Args *a, Loc loc) { return fn_minmax(I, a, loc, true); }

static Value rounding(Interp *I, Args *a, double (*f)(double))
{
    Quantity q = arg_num(I, a, 0);
    q.v = f(q.v);
    return value_num(q);
}

static Value fn_floor(Interp *I, Args *a, Loc loc) { (void)loc; return rounding(I, a, floor); }
static Value fn_ceil(Interp *I, Args *a, Loc loc) { (void)loc; return rounding(I, a, ceil); }
static Value fn_round(Interp *I, Args *a, Loc loc) { (void)loc; return rounding(I, a, round); }
static Value fn_abs(Interp *I, Args *a, Loc loc) { (void)loc; return rounding(I, a, fabs); }

/* Distributions (src/run/uncertain.c): a central value with its range, or a draw in a simulation run. */
static Value fn_uniform(Interp *I, Args *a, Loc loc) { return uncertain_call(I, DIST_UNIFORM, a->v, a->e, a->n, loc); }
static Value fn_triangular(Interp *I, Args *a, Loc loc) { return uncertain_call(I, DIST_TRIANGULAR, a->v, a->e, a->n, loc); }
static Value fn_normal(Interp *I, Args *a, Loc loc) { return uncertain_call(I, DIST_NORMAL, a->v, a->e, a->n, loc); }
static Value fn_lognormal(Interp *I, Args *a, Loc loc) { return uncertain_call(I, DIST_LOGNORMAL, a->v, a->e, a->n, loc); }
static Value fn_choice(Interp *I, Args *a, Loc loc) { return uncertain_call(I, DIST_CHOICE, a->v, a->e, a->n, loc); }

static Value fn_percentile(Interp *I, Args *a, Loc loc)
{
    (void)loc;
    if (a->v[0].kind != V_DIST)
        eval_fail(I, DC_TYPE, a->e[0]->loc, "percentile reads a distribution (EXPR over N runs), not a %s",
                  value_type_name(a->v[0]));
    return summary_percentile(I, a->v[0], arg_num(I, a, 1), a->e[1]->loc);
}

/* The one table of functions: what the evaluator calls, what completion
 * offers and what :help functions prints. */
static const struct Builtin {
    BuiltinInfo info;
    int min_args, max_args;
    BuiltinFn fn;
} BUILTINS[] = {
    {{"available", "available(CHIP, MARKET)", "true if CHIP may be sold in MARKET under the policies in force"},
     2, 2, fn_available},
    {{"controlled", "controlled(CHIP, RULE)", "true if RULE's controlled: test holds for CHIP"}, 2, 2, fn_controlled},
    {{"units", "units(CHIP, MARKET)", "units of CHIP the market model has MARKET buy"}, 2, 2, fn_units},
    {{"stock", "stock(CHIP) at DATE", "units of CHIP made and not yet sold at the end of DATE's period"}, 1, 1, fn_stock},
    {{"writedown", "writedown(CHIP) during PERIOD", "stock of CHIP written down in the period (no market may buy it), at its price"},
     1, 1, fn_writedown},
    {{"revenue", "revenue(VENDOR[, MARKET])", "VENDOR's sales, everywhere or in one market"}, 1, 2, fn_revenue},
    {{"net_revenue", "net_revenue(VENDOR[, MARKET])", "revenue less the shares paid to governments"}, 1, 2, fn_net_revenue},
    {{"levy", "levy(GOVERNMENT)", "what a government (such as US) collects from revenue shares"}, 1, 1, fn_levy},
    {{"tariff_revenue", "tariff_revenue(MARKET)", "what MARKET's import tariffs collect"}, 1, 1, fn_tariff_revenue},
    {{"ratio", "ratio(A, B)", "A / B for two quantities of one kind, as a plain number"}, 2, 2, fn_ratio},
    {{"min", "min(A, B, ...)", "the smallest of up to four values"}, 1, 4, fn_min},
    {{"max", "max(A, B, ...)", "the largest of up to four values"}, 1, 4, fn_max},
    {{"floor", "floor(X)", "rounded down, in X's unit"}, 1, 1, fn_floor},
    {{"ceil", "ceil(X)", "rounded up, in X's unit"}, 1, 1, fn_ceil},
    {{"round", "round(X)", "rounded to the nearest whole number, in X's unit"}, 1, 1, fn_round},
    {{"abs", "abs(X)", "without its sign"}, 1, 1, fn_abs},
    {{"known", "known(X)", "false when X is unknown: a figure the data lacks, or computed from one"}, 1, 1, fn_known},
    {{"uniform", "uniform(LOW, HIGH)", "uncertain: any value from LOW to HIGH alike (central value: the midpoint)"},
     2, 2, fn_uniform},
    {{"triangular", "triangular(LOW, LIKELY, HIGH)", "uncertain: LIKELY most often, tapering to LOW and HIGH"},
     3, 3, fn_triangular},
    {{"normal", "normal(MEAN, SD)", "uncertain: bell-shaped (never below 0 for a figure with a unit or a percentage)"},
     2, 2, fn_normal},
    {{"lognormal", "lognormal(LOW, HIGH)", "uncertain: right-skewed, with LOW and HIGH its 5th and 95th percentiles"},
     2, 2, fn_lognormal},
    {{"choice", "choice(V1, W1, V2, W2, ...)", "uncertain: V1 with weight W1, V2 with weight W2, ... (up to 8)"},
     2, MAX_ARGS, fn_choice},
    {{"percentile", "percentile(D, Q)", "the Q-th percentile (such as 90%) of D, a distribution (EXPR over N runs)"},
     2, 2, fn_percentile},
};
enum { NBUILTINS = sizeof BUILTINS / sizeof BUILTINS[0] };

const BuiltinInfo *builtin_info(int i) { return i >= 0 && i < NBUILTINS ? &BUILTINS[i].info : NULL; }

int builtin_names(const char **out, int max)
{
    int n = 0;
    for (; n < NBUILTINS && n < max; n++) out[n] = BUILTINS[n].info.name;
    return n;
}

/* Bare names such as US in levy(US) may name a country with no market. */
static Value eval_arg(Interp *I, Expr *e)
{
    if (e->kind == E_NAME && !env_lookup(I->cur, e->u.name.id)) return value_sym(e->u.name.id);
    return eval(I, e);
}

Value call_builtin(Interp *I, Name fn, Expr *args, Loc loc)
{
    const struct Builtin *b = NULL;
    for (int i = 0; i < NBUILTINS; i++)
        if (strcmp(BUILTINS[i].info.name, fn.id) == 0) b = &BUILTINS[i];
    if (!b) {
        const char *names[NBUILTINS];
        builtin_names(names, NBUILTINS);
        const char *hint = diag_nearest(fn.id, names, NBUILTINS);
        if (hint) eval_fail(I, DC_NAME, fn.loc, "unknown function '%s'; did you mean '%s'?", fn.id, hint);
        eval_fail(I, DC_NAME, fn.loc, "unknown function '%s'", fn.id);
    }
    Args a = {0};
    for (Expr *e = args; e; e = e->next) {
        if (a.n == MAX_ARGS) eval_fail(I, DC_TYPE, e->loc, "too many arguments: %s", b->info.usage);
        a.e[a.n] = e;
        a.v[a.n++] = b->fn == fn_levy || b->fn == fn_tariff_revenue ? eval_arg(I, e) : eval(I, e);
        if (a.v[a.n - 1].kind == V_UNKNOWN && b->fn != fn_known) return a.v[a.n - 1]; /* f(unknown) is unknown */
    }
    if (a.n < b->min_args || a.n > b->max_args)
        eval_fail(I, DC_TYPE, loc, "%s takes %d argument%s: %s", b->info.name, b->min_args, b->min_args == 1 ? "" : "s",
                  b->info.usage);
    return b->fn(I, &a, loc);
}
