/* uncertain.c: uncertain figures. A distribution evaluates to its central
 * value marked with its range (so every existing statement runs on the
 * central value), except in a simulation run, where it draws from
 * rng_uniform(seed, run, figure) with the figure named by where it is
 * written; see study.h and docs/model.md, "Sampling". */
#include "study.h"
#include "context.h"
#include "rng.h"
#include <math.h>
#include <string.h>

enum { MAX_CHOICES = 8 };

/* One distribution with its parameters in base units. */
typedef struct Dist {
    DistKind kind;
    double a, b, c;          /* uniform lo, hi; triangular lo, mode, hi; normal mean, sd; lognormal mu, sigma */
    bool truncated;          /* normal: cut at zero (a figure that cannot be negative) */
    int n;                   /* choice: options */
    double v[MAX_CHOICES], w[MAX_CHOICES]; /* choice: values and cumulative weights (the last is 1) */
} Dist;

/* The u-quantile of d (0 < u < 1): inverse-transform sampling, so one
 * uniform draw gives one sample and u = 0.05, 0.95 give its 90% interval. */
static double dist_quantile(const Dist *d, double u)
{
    switch (d->kind) {
    case DIST_UNIFORM: return d->a + u * (d->b - d->a);
    case DIST_TRIANGULAR: { /* F(mode) = (mode - lo) / (hi - lo) */
        double lo = d->a, m = d->b, hi = d->c, w = hi - lo;
        if (w <= 0) return m;
        if (u < (m - lo) / w) return lo + sqrt(u * w * (m - lo));
        return hi - sqrt((1 - u) * w * (hi - m));
    }
    case DIST_NORMAL: {
        if (d->b <= 0) return d->a;
        double p = u;
        if (d->truncated) { /* p in (F(0), 1): the normal conditioned on x >= 0 */
            double f0 = rng_normal_cdf(-d->a / d->b);
            p = f0 + u * (1 - f0);
        }
        double x = d->a + d->b * rng_normal_quantile(p);
        return d->truncated && x < 0 ? 0 : x;
    }
    case DIST_LOGNORMAL: return exp(d->a + d->b * rng_normal_quantile(u));
    case DIST_CHOICE:
        for (int i = 0; i < d->n - 1; i++)
            if (u < d->w[i]) return d->v[i];
        return d->v[d->n - 1];
    }
    return d->a;
}

/* The figure identity of a distribution: the name of the let or field it is
 * written in and its offset there, so draws do not move when the file is
 * renamed or other lines change; elsewhere (a metric, a policy), the file
 * and offset. */
static uint64_t figure_of(const Interp *I, Loc loc)
{
    if (I->figure) return rng_mix(I->figure ^ (uint64_t)(loc.start - I->figure_origin));
    return rng_figure(loc.src ? loc.src->name : "", loc.start);
}

/* Evaluates e with draws keyed by figure (see figure_of). */
static Value eval_keyed(Interp *I, uint64_t figure, uint32_t origin, Env *env, Expr *e)
{
    int f = ctx_enter(I, false);
    I->figure = figure;
    I->figure_origin = origin;
    Value v = env ? eval_in(I, env, NULL, e) : eval(I, e);
    ctx_leave(I, f);
    return v;
}

/* d as a value: a draw in a simulation run, else central marked with d's
 * range (its bounds, or its 90% interval when it has none). */
static Value dist_value(Interp *I, const Dist *d, Quantity central, Loc loc)
{
    if (I->sampling) {
        Quantity q = central;
        q.v = dist_quantile(d, rng_uniform(I->seed, I->run, figure_of(I, loc)));
        return value_num(q);
    }
    Uncertain *u = arena_alloc(&I->arena, sizeof *u);
    u->ranged = true;
    switch (d->kind) {
    case DIST_UNIFORM: u->lo = d->a; u->hi = d->b; break;
    case DIST_TRIANGULAR: u->lo = d->a; u->hi = d->c; break;
    case DIST_CHOICE:
        u->lo = u->hi = d->v[0];
        for (int i = 1; i < d->n; i++) u->lo = fmin(u->lo, d->v[i]), u->hi = fmax(u->hi, d->v[i]);
        break;
    default:
        u->interval90 = true;
        u->lo = dist_quantile(d, 0.05);
        u->hi = dist_quantile(d, 0.95);
    }
    I->saw_uncertain = true;
    Value v = value_num(central);
    v.unc = u;
    return v;
}

/* "compute (780 TFLOPS)" */
static const char *describe(Interp *I, Quantity q)
{
    char name[96], text[96];
    return arena_printf(&I->arena, "%s (%s)", dim_name(q.dim, name, sizeof name), quantity_format(q, text, sizeof text));
}

static Loc span(Loc a, Loc b) { return (Loc){a.src, a.start, b.end}; }

/* A number argument (a draw inside a simulation is a number too). */
static Quantity num_arg(Interp *I, Value v, Expr *e, const char *what)
{
    if (v.kind != V_NUM) eval_fail(I, DC_TYPE, e->loc, "%s must be a number, not a %s", what, value_type_name(v));
    return v.u.q;
}

/* b must have a's unit. */
static void same_unit(Interp *I, Quantity a, Quantity b, Loc at, const char *what)
{
    if (!dim_eq(a.dim, b.dim))
        eval_fail(I, DC_UNIT, at, "%s must have one unit: %s and %s", what, describe(I, a), describe(I, b));
}

/* A figure that cannot be negative: one with a unit, or a percentage. */
static bool nonnegative_kind(Quantity q) { return !dim_is_none(q.dim) || q.percent; }

/* LOW to HIGH, the analysts' 90% interval (as in Squiggle and Guesstimate):
 * lognormal when both bounds are positive, else normal; central: the median. */
static Value interval90(Interp *I, Expr *e)
{
    Quantity lo = eval_number(I, e->u.tern.b, "the lower bound of an interval");
    Quantity hi = eval_number(I, e->u.tern.c, "the upper bound of an interval");
    same_unit(I, lo, hi, e->loc, "an interval's bounds");
    char a[96], b[96];
    if (lo.v > hi.v)
        eval_fail(I, DC_RUNTIME, e->loc, "the interval's bounds are reversed: %s to %s (write the lower bound first)",
                  quantity_format(lo, a, sizeof a), quantity_format(hi, b, sizeof b));
    const double z95 = 1.6448536269514722;
    Quantity c = lo;
    Dist d;
    if (lo.v > 0) {
        d = (Dist){.kind = DIST_LOGNORMAL, .a = (log(lo.v) + log(hi.v)) / 2, .b = (log(hi.v) - log(lo.v)) / (2 * z95)};
        c.v = exp(d.a);
    } else {
        d = (Dist){.kind = DIST_NORMAL, .a = (lo.v + hi.v) / 2, .b = (hi.v - lo.v) / (2 * z95)};
        c.v = d.a;
    }
    return dist_value(I, &d, c, e->loc);
}

/* central in lo .. hi: uniform between the bounds, central outside a run. */
Value uncertain_range(Interp *I, Expr *e)
{
    if (!e->u.tern.a) return interval90(I, e);
    Quantity c = eval_number(I, e->u.tern.a, "the value before 'in'");
    Quantity lo = eval_number(I, e->u.tern.b, "the lower bound of a range");
    Quantity hi = eval_number(I, e->u.tern.c, "the upper bound of a range");
    Loc range = span(e->u.tern.b->loc, e->u.tern.c->loc);
    same_unit(I, lo, hi, range, "a range's bounds");
    same_unit(I, c, lo, e->loc, "a figure and its range");
    char a[96], b[96], t[96];
    if (lo.v > hi.v)
        eval_fail(I, DC_RUNTIME, range, "the range's bounds are reversed: %s .. %s (write the lower bound first)",
                  quantity_format(lo, a, sizeof a), quantity_format(hi, b, sizeof b));
    if (c.v < lo.v || c.v > hi.v)
        eval_fail(I, DC_RUNTIME, e->u.tern.a->loc, "%s is outside its range %s .. %s", quantity_format(c, t, sizeof t),
                  quantity_format(lo, a, sizeof a), quantity_format(hi, b, sizeof b));
    Dist d = {.kind = DIST_UNIFORM, .a = lo.v, .b = hi.v};
    return dist_value(I, &d, c, e->loc);
}

static Value dist_uniform(Interp *I, const Value *v, Expr *const *x, Loc loc)
{
    Quantity lo = num_arg(I, v[0], x[0], "uniform's lower bound"), hi = num_arg(I, v[1], x[1], "uniform's upper bound");
    same_unit(I, lo, hi, span(x[0]->loc, x[1]->loc), "uniform's bounds");
    if (lo.v > hi.v)
        eval_fail(I, DC_RUNTIME, span(x[0]->loc, x[1]->loc), "uniform's bounds are reversed (write the lower bound first)");
    Quantity c = lo;
    c.v = (lo.v + hi.v) / 2;
    return dist_value(I, &(Dist){.kind = DIST_UNIFORM, .a = lo.v, .b = hi.v}, c, loc);
}

static Value dist_triangular(Interp *I, const Value *v, Expr *const *x, Loc loc)
{
    Quantity lo = num_arg(I, v[0], x[0], "triangular's lower bound");
    Quantity m = num_arg(I, v[1], x[1], "triangular's most likely value");
    Quantity hi = num_arg(I, v[2], x[2], "triangular's upper bound");
    same_unit(I, lo, m, span(x[0]->loc, x[1]->loc), "triangular's figures");
    same_unit(I, lo, hi, span(x[0]->loc, x[2]->loc), "triangular's figures");
    if (!(lo.v <= m.v && m.v <= hi.v))
        eval_fail(I, DC_RUNTIME, span(x[0]->loc, x[2]->loc), "triangular needs lower <= most likely <= upper");
    return dist_value(I, &(Dist){.kind = DIST_TRIANGULAR, .a = lo.v, .b = m.v, .c = hi.v}, m, loc);
}

static Value dist_normal(Interp *I, const Value *v, Expr *const *x, Loc loc)
{
    Quantity m = num_arg(I, v[0], x[0], "normal's mean"), sd = num_arg(I, v[1], x[1], "normal's standard deviation");
    same_unit(I, m, sd, span(x[0]->loc, x[1]->loc), "normal's mean and standard deviation");
    if (sd.v < 0) eval_fail(I, DC_RUNTIME, x[1]->loc, "a standard deviation cannot be negative");
    bool cut = nonnegative_kind(m) && m.v >= 0;
    return dist_value(I, &(Dist){.kind = DIST_NORMAL, .a = m.v, .b = sd.v, .truncated = cut}, m, loc);
}

/* lognormal(lo, hi): the lognormal whose 90% interval is lo .. hi; its
 * central value is the median sqrt(lo x hi). */
static Value dist_lognormal(Interp *I, const Value *v, Expr *const *x, Loc loc)
{
    Quantity lo = num_arg(I, v[0], x[0], "lognormal's 5th percentile");
    Quantity hi = num_arg(I, v[1], x[1], "lognormal's 95th percentile");
    same_unit(I, lo, hi, span(x[0]->loc, x[1]->loc), "lognormal's bounds");
    if (!(lo.v > 0 && hi.v > lo.v))
        eval_fail(I, DC_RUNTIME, span(x[0]->loc, x[1]->loc),
                  "lognormal(LOW, HIGH) needs 0 < LOW < HIGH (its 5th and 95th percentiles)");
    double mu = (log(lo.v) + log(hi.v)) / 2, sigma = (log(hi.v) - log(lo.v)) / (2 * 1.6448536269514722);
    Quantity c = lo;
    c.v = exp(mu);
    return dist_value(I, &(Dist){.kind = DIST_LOGNORMAL, .a = mu, .b = sigma}, c, loc);
}

/* choice(V1, W1, V2, W2, ...): V_i with probability W_i / sum W; central: the heaviest. */
static Value dist_choice(Interp *I, const Value *v, Expr *const *x, int n, Loc loc)
{
    if (n % 2 || n < 2) eval_fail(I, DC_TYPE, loc, "choice takes values each followed by its weight: choice(V1, W1, V2, W2, ...)");
    Dist d = {.kind = DIST_CHOICE, .n = n / 2};
    Quantity first = num_arg(I, v[0], x[0], "a choice"), best = first;
    double total = 0, heaviest = -1;
    for (int i = 0; i < d.n; i++) {
        Quantity q = num_arg(I, v[2 * i], x[2 * i], "a choice"), w = num_arg(I, v[2 * i + 1], x[2 * i + 1], "a weight");
        same_unit(I, first, q, x[2 * i]->loc, "choice's values");
        if (!dim_is_none(w.dim) || w.v < 0)
            eval_fail(I, DC_TYPE, x[2 * i + 1]->loc, "a weight is a plain number or percentage, not negative");
        d.v[i] = q.v;
        total += w.v;
        d.w[i] = total;
        if (w.v > heaviest) heaviest = w.v, best = q;
    }
    if (!(total > 0)) eval_fail(I, DC_RUNTIME, loc, "choice's weights add up to zero");
    for (int i = 0; i < d.n; i++) d.w[i] /= total;
    return dist_value(I, &d, best, loc);
}

Value uncertain_call(Interp *I, DistKind kind, const Value *vals, Expr *const *exprs, int n, Loc loc)
{
    switch (kind) {
    case DIST_UNIFORM: return dist_uniform(I, vals, exprs, loc);
    case DIST_TRIANGULAR: return dist_triangular(I, vals, exprs, loc);
    case DIST_NORMAL: return dist_normal(I, vals, exprs, loc);
    case DIST_LOGNORMAL: return dist_lognormal(I, vals, exprs, loc);
    case DIST_CHOICE: return dist_choice(I, vals, exprs, n, loc);
    }
    eval_fail(I, DC_RUNTIME, loc, "unknown distribution");
}

Value uncertain_keep(Interp *I, Value v, Expr *e)
{
    if (!I->saw_uncertain || v.kind != V_NUM || I->sampling) return v;
    Uncertain *u = arena_alloc(&I->arena, sizeof *u);
    if (v.unc) *u = *v.unc;
    else u->ranged = false; /* derived from uncertain figures: no range of its own */
    u->expr = e;
    I->ast_pins++; /* e's statement must keep its nodes */
    u->env = I->cur;
    u->figure = I->figure;
    u->origin = I->figure_origin;
    v.unc = u;
    return v;
}

Value uncertain_figure(Interp *I, Env *env, const char *owner, const char *name, Expr *e)
{
    if (e->kind == E_NUMBER || e->kind == E_STRING || e->kind == E_BOOL || e->kind == E_DATE) /* a literal draws nothing */
        return env ? eval_in(I, env, NULL, e) : eval(I, e);
    uint64_t key = rng_figure(name, 0);
    if (owner) key = rng_mix(rng_figure(owner, 0) ^ key);
    bool saw = I->saw_uncertain;
    I->saw_uncertain = false;
    uint64_t saved = I->figure;
    uint32_t saved_origin = I->figure_origin;
    Value v = eval_keyed(I, key, e->loc.start, env, e);
    I->figure = key, I->figure_origin = e->loc.start; /* uncertain_keep records them */
    v = uncertain_keep(I, v, e);
    I->figure = saved, I->figure_origin = saved_origin;
    I->saw_uncertain |= saw;
    return v;
}

Value uncertain_redraw(Interp *I, Env *env, Expr *e) { return eval_keyed(I, 0, 0, env, e); }

Value uncertain_read(Interp *I, Value v)
{
    if (v.kind == V_NUM && v.unc) {
        if (!I->sampling) {
            I->saw_uncertain = true;
            return v;
        }
        if (v.unc->expr) return eval_keyed(I, v.unc->figure, v.unc->origin, NULL, (Expr *)v.unc->expr);
    }
    return v;
}

static bool has_uncertain(const Entity *e)
{
    for (int i = 0; i < e->schema->nfields; i++)
        if (e->values[i].kind == V_NUM && e->values[i].unc && e->values[i].unc->expr) return true;
    return false;
}

Entity **uncertain_entities(Interp *I, Env *env, size_t *n)
{
    if (I->unc_env == env && I->unc_version == env->version) { /* the last env asked: every run of a study asks again */
        *n = I->unc_n;
        return I->unc_list;
    }
    size_t nn;
    const char *const *names = env_names(env, &nn);
    if (nn > I->unc_cap) {
        I->unc_cap = nn;
        I->unc_list = xrealloc(I->unc_list, sizeof *I->unc_list * nn);
    }
    *n = 0;
    for (size_t i = 0; i < nn; i++) {
        const Binding *b = env_lookup(env, names[i]);
        if (b && b->entity && b->entity->kind != K_SCENARIO && has_uncertain(b->entity)) I->unc_list[(*n)++] = b->entity;
    }
    I->unc_env = env; /* (snapshot, version) never repeats: versions keep rising */
    I->unc_version = env->version;
    I->unc_n = *n;
    return I->unc_list;
}

/* A copy of e whose uncertain fields are drawn for this run, in env. */
static Entity *drawn_copy(Interp *I, Env *env, const Entity *e)
{
    Entity *c = arena_alloc(&I->arena, sizeof *c);
    *c = *e;
    c->serial = ++I->entity_serial;
    size_t nf = (size_t)e->schema->nfields;
    c->values = arena_alloc(&I->arena, sizeof(Value) * (nf + 1));
    memcpy(c->values, e->values, sizeof(Value) * nf);
    for (size_t i = 0; i < nf; i++) {
        const Uncertain *u = e->values[i].unc;
        if (e->values[i].kind != V_NUM || !u || !u->expr) continue;
        Value v = eval_keyed(I, u->figure, u->origin, env, (Expr *)u->expr);
        if (v.kind != V_NUM || !dim_eq(v.u.q.dim, e->values[i].u.q.dim))
            eval_fail(I, DC_RUNTIME, u->expr->loc, "this figure's draw is not a number of its unit");
        v.unc = NULL;
        c->values[i] = v;
    }
    return c;
}

Entity *uncertain_drawn(Interp *I, Env *env, Entity *e)
{
    return e->kind != K_SCENARIO && has_uncertain(e) ? drawn_copy(I, env, e) : e;
}

Env *uncertain_world(Interp *I, Env *env, Entity *const *uncertain, size_t n)
{
    if (n == 0) return env;
    Env *run = env_fork(env);
    for (size_t i = 0; i < n; i++) /* definition order: a figure written from another's reads its draw */
        env_bind(run, uncertain[i]->name, drawn_copy(I, run, uncertain[i]), (Value){0}, uncertain[i]->loc);
    return run;
}
