/* whatif.c: questions about thresholds. `CHIP with { field: value }` (an
 * unnamed variant of a chip), `solve largest|smallest NAME in A .. B such
 * that COND` (bisection, bisect.h) and the figure moves of `headroom`. */
#include "interp.h"
#include "context.h"
#include "attrs.h"
#include "bisect.h"
#include "whatif.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- CHIP with { field: value } ----------------------------------------------- */

static const int COMPUTE_FIELDS[] = {CH_FP32, CH_FP16, CH_FP8, CH_INT8, CH_FP4};

/* Every name `with` accepts: the chip's numeric and true/false fields, and
 * the derived figures it can move (tpp, density, perf_per_watt,
 * price_per_pflops). For suggestions. */
static int with_names(const char **out, int max)
{
    const Schema *s = schema_for(K_CHIP);
    int k = 0;
    for (int i = 0; i < s->nfields && k < max; i++)
        if (s->fields[i].type == FT_QTY || s->fields[i].type == FT_BOOL) out[k++] = s->fields[i].name;
    static const char *const DERIVED[] = {"tpp", "density", "perf_per_watt", "price_per_pflops"};
    for (int i = 0; i < 4 && k < max; i++) out[k++] = DERIVED[i];
    return k;
}

static double num_of(const Entity *c, int f) { return c->values[f].kind == V_NUM ? c->values[f].u.q.v : NAN; }

static void set_num(Entity *c, int f, double v, Dim dim)
{
    c->values[f] = value_num((Quantity){.v = v, .dim = dim});
}

/* Moves a derived figure to target by changing the stored field it comes
 * from: tpp scales every compute precision; density sets die_area = tpp /
 * density; perf_per_watt sets tdp = fp16 / target; price_per_pflops sets
 * price = target x fp16. */
static void set_derived(Interp *I, Entity *c, CapAttr a, double target, Loc loc)
{
    double tpp, fp16 = num_of(c, CH_FP16);
    const Schema *s = schema_for(K_CHIP);
    if (a == CA_TPP || a == CA_DENSITY) {
        if (!chip_figure(c, CA_TPP, &tpp) || tpp <= 0)
            eval_fail(I, DC_RUNTIME, loc, "cannot move %s: %s has no compute figure to scale", a == CA_TPP ? "tpp" : "density",
                      c->name);
        if (a == CA_TPP) {
            for (size_t i = 0; i < sizeof COMPUTE_FIELDS / sizeof COMPUTE_FIELDS[0]; i++)
                if (c->values[COMPUTE_FIELDS[i]].kind == V_NUM) c->values[COMPUTE_FIELDS[i]].u.q.v *= target / tpp;
        } else {
            if (target <= 0) eval_fail(I, DC_RUNTIME, loc, "density must be above 0 to give a die area");
            set_num(c, CH_DIE_AREA, tpp / target / 1e6, *s->fields[CH_DIE_AREA].dim);
        }
        return;
    }
    if (isnan(fp16)) eval_fail(I, DC_RUNTIME, loc, "cannot move this figure: %s has no fp16 figure", c->name);
    if (a == CA_PERF_PER_WATT) {
        if (target <= 0) eval_fail(I, DC_RUNTIME, loc, "perf_per_watt must be above 0 to give a tdp");
        set_num(c, CH_TDP, fp16 / target, *s->fields[CH_TDP].dim);
    } else {
        set_num(c, CH_PRICE, target * fp16, *s->fields[CH_PRICE].dim);
    }
}

/* Checks v for the figure called name (dimension, sign) and sets it on c. */
static void with_set(Interp *I, Entity *c, Name name, Value v, Loc at)
{
    int idx = schema_field(c->schema, name.id);
    const AttrDef *a = attr_find(K_CHIP, name.id);
    bool derived = idx < 0 && a && a->get == AG_CHIP_FIGURE;
    const FieldSpec *spec = idx >= 0 ? &c->schema->fields[idx] : NULL;
    if (!derived && (!spec || (spec->type != FT_QTY && spec->type != FT_BOOL))) {
        const char *names[32];
        int n = with_names(names, 32);
        const char *hint = diag_nearest(name.id, names, (size_t)n);
        if (spec) eval_fail(I, DC_NAME, name.loc, "'with' changes a chip's figures, not its '%s'", name.id);
        if (hint) eval_fail(I, DC_NAME, name.loc, "a chip has no figure '%s'; did you mean '%s'?", name.id, hint);
        eval_fail(I, DC_NAME, name.loc, "a chip has no figure '%s'", name.id);
    }
    if (v.kind == V_UNKNOWN) eval_fail(I, DC_RUNTIME, at, "'%s' needs a known value; %s is unknown", name.id, v.u.s);
    if (spec && spec->type == FT_BOOL) {
        if (v.kind != V_BOOL) eval_fail(I, DC_TYPE, at, "'%s' must be true or false, not %s", name.id, fmt_value(I, v));
        c->values[idx] = v;
        return;
    }
    Dim want = derived ? *attr_dim(a) : *spec->dim;
    if (v.kind != V_NUM) eval_fail(I, DC_TYPE, at, "'%s' must be a number, not a %s", name.id, value_type_name(v));
    if (!dim_eq(v.u.q.dim, want)) {
        char w[64], h[64], t[64];
        eval_fail(I, DC_UNIT, at, "'%s' of a chip is %s, but this is %s (%s)", name.id, dim_phrase(want, w, sizeof w),
                  dim_phrase(v.u.q.dim, h, sizeof h), quantity_format(v.u.q, t, sizeof t));
    }
    if (v.u.q.v < 0) eval_fail(I, DC_RUNTIME, at, "'%s' cannot be negative", name.id);
    if (derived) set_derived(I, c, (CapAttr)a->arg, v.u.q.v, at);
    else c->values[idx] = v;
}

Entity *chip_variant(Interp *I, const Entity *base)
{
    Entity *c = arena_alloc(&I->arena, sizeof *c);
    *c = *base;
    c->serial = ++I->entity_serial;
    size_t n = (size_t)base->schema->nfields;
    c->values = arena_alloc(&I->arena, n * sizeof *c->values);
    memcpy(c->values, base->values, n * sizeof *c->values);
    c->notes = NULL; /* a variant's figures are the user's, not the sources' */
    c->variant_of = base->variant_of ? base->variant_of : base;
    return c;
}

Entity *chip_with(Interp *I, const Entity *base, const Field *fields)
{
    Entity *c = chip_variant(I, base);
    char buf[512];
    int used = snprintf(buf, sizeof buf, "%s with { ", base->variant_of ? base->display : base->name);
    for (const Field *f = fields; f; f = f->next) {
        Value v = eval(I, f->value);
        with_set(I, c, f->name, v, f->value->loc);
        char t[96];
        if (used < (int)sizeof buf)
            used += snprintf(buf + used, sizeof buf - (size_t)used, "%s%s: %s", f == fields ? "" : ", ", f->name.id,
                             value_format(v, t, sizeof t));
    }
    if (used < (int)sizeof buf) snprintf(buf + used, sizeof buf - (size_t)used, " }");
    c->display = arena_strdup(&I->arena, buf);
    return c;
}

Value eval_with(Interp *I, Expr *e)
{
    Value t = eval(I, e->u.with.target);
    if (t.kind != V_ENTITY || t.u.ent.e->kind != K_CHIP)
        eval_fail(I, DC_TYPE, e->u.with.target->loc, "'with' makes a variant of a chip; '%s' is a %s", fmt_value(I, t),
                  value_type_name(t));
    return value_entity(chip_with(I, t.u.ent.e, e->u.with.fields), t.u.ent.env ? t.u.ent.env : I->cur);
}

/* The chip a statement names: a defined chip, or a `let` holding a variant
 * (`let part = H100 with { ... }` then `explain part in CN`). */
Entity *stmt_chip(Interp *I, const Stmt *s)
{
    const Binding *b = env_lookup(I->cur, s->u.pair.chip.id);
    Value v = b && !b->entity ? b->value : (Value){0};
    bool held = v.kind == V_ENTITY && v.u.ent.e->kind == K_CHIP;
    Entity *chip = held ? v.u.ent.e : lookup_entity(I, I->cur, s->u.pair.chip, K_CHIP);
    return s->u.pair.with ? chip_with(I, chip, s->u.pair.with) : chip;
}

/* --- solve ------------------------------------------------------------------------ */

typedef struct SolveCtx {
    Interp *I;
    Expr *e;
    Dim dim;
} SolveCtx;

/* The condition with the variable bound to x: a dynamic context of its own
 * (context.h), so scenarios it reads see x, and no verdict cached for
 * another x is read again; released before the next x. */
static int solve_truth(void *ctx, double x)
{
    SolveCtx *sc = ctx;
    Interp *I = sc->I;
    if (I->nvars == MAX_STUDY_VARS) eval_fail(I, DC_RUNTIME, sc->e->loc, "studies nested more than %d deep", MAX_STUDY_VARS);
    int f = ctx_enter(I, true);
    ctx_dynamic(I);
    I->vars[I->nvars++] = (StudyVar){sc->e->u.solve.var.id, value_num((Quantity){.v = x, .dim = sc->dim}), 0};
    I->cur = ctx_state(I, I->cur);
    Value v = eval(I, sc->e->u.solve.cond);
    if (v.kind == V_UNKNOWN)
        eval_fail(I, DC_RUNTIME, sc->e->u.solve.cond->loc, "the condition is unknown (%s has no figure), so solve cannot decide it",
                  v.u.s);
    if (v.kind != V_BOOL)
        eval_fail(I, DC_TYPE, sc->e->u.solve.cond->loc, "solve needs a true/false condition, not a %s ('%s')",
                  value_type_name(v), fmt_value(I, v));
    bool truth = v.u.b;
    ctx_leave(I, f);
    return truth;
}

static const char *qtext(Interp *I, double v, Dim dim)
{
    char t[96];
    return arena_strdup(&I->arena, quantity_format((Quantity){.v = v, .dim = dim}, t, sizeof t));
}

/* solve largest|smallest NAME in LO .. HI such that COND: see bisect_bound. */
Value eval_solve(Interp *I, Expr *e)
{
    Quantity lo = eval_number(I, e->u.solve.lo, "the start of the interval");
    Quantity hi = eval_number(I, e->u.solve.hi, "the end of the interval");
    if (!dim_eq(lo.dim, hi.dim)) {
        char a[64], b[64];
        eval_fail(I, DC_UNIT, e->loc, "the interval's ends must be of one kind, not %s and %s", dim_phrase(lo.dim, a, sizeof a),
                  dim_phrase(hi.dim, b, sizeof b));
    }
    Loc span = {e->u.solve.lo->loc.src, e->u.solve.lo->loc.start, e->u.solve.hi->loc.end};
    if (!(lo.v < hi.v))
        eval_fail(I, DC_RUNTIME, span, "solve needs an interval whose start is below its end, not %s .. %s",
                  qtext(I, lo.v, lo.dim), qtext(I, hi.v, hi.dim));
    const Binding *b = env_lookup(I->cur, e->u.solve.var.id);
    if (b) eval_fail(I, DC_NAME, e->u.solve.var.loc, "'%s' is already defined (%s); solve needs a new name", e->u.solve.var.id,
                     loc_text(I, b->loc));
    SolveCtx sc = {I, e, lo.dim};
    SolveResult r = bisect_bound(solve_truth, &sc, lo.v, hi.v, e->u.solve.largest);
    if (r.status == SOLVE_NONE)
        eval_fail(I, DC_RUNTIME, e->u.solve.cond->loc, "no %s in %s .. %s makes the condition true (tested at %d points)",
                  e->u.solve.var.id, qtext(I, lo.v, lo.dim), qtext(I, hi.v, hi.dim), BISECT_SAMPLES);
    if (r.status == SOLVE_NOT_MONOTONE)
        eval_fail(I, DC_RUNTIME, e->u.solve.cond->loc,
                  "the condition is not monotone on %s .. %s: %s at %s = %s, %s at %s, %s at %s; solve needs one change",
                  qtext(I, lo.v, lo.dim), qtext(I, hi.v, hi.dim), r.truth[0] ? "true" : "false", e->u.solve.var.id,
                  qtext(I, r.witness[0], lo.dim), r.truth[1] ? "true" : "false", qtext(I, r.witness[1], lo.dim),
                  r.truth[2] ? "true" : "false", qtext(I, r.witness[2], lo.dim));
    Quantity q = {.v = r.x, .dim = lo.dim, .percent = lo.percent && hi.percent};
    return value_num(q);
}

/* --- headroom: how far one figure may move before a rule's verdict flips --------- */

typedef struct MoveCtx {
    Interp *I;
    const Entity *rule, *chip;
    const AttrDef *attr;
    Loc loc;
} MoveCtx;

/* The rule's verdict (1, 0, or 2 unknown) for the chip with the figure at x. */
static int verdict_at(MoveCtx *m, double x)
{
    Interp *I = m->I;
    Entity *c = chip_variant(I, m->chip);
    int idx = schema_field(c->schema, m->attr->name);
    if (idx >= 0) set_num(c, idx, x, *attr_dim(m->attr));
    else set_derived(I, c, (CapAttr)m->attr->arg, x, m->loc);
    Value v = rule_verdict(I, I->cur, m->rule, c);
    return v.kind == V_UNKNOWN ? 2 : v.u.b;
}

typedef struct FlipCtx {
    MoveCtx *m;
    int base;
} FlipCtx;

static int same_verdict(void *ctx, double x)
{
    FlipCtx *f = ctx;
    return verdict_at(f->m, x) == f->base;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The nearest value of the figure above (up) or below x0 at which the
 * verdict differs from base, tried at the thresholds (cand) and at x0 x 2^k
 * or x0 / 2^k, then halved to 1e-12; NAN when it never changes (down to 0,
 * or 2^-40 x0 for density and perf_per_watt, which cannot be 0; up to
 * 2^40 x0). *verdict gets the verdict there. */
static double headroom_flip(MoveCtx *m, double x0, int base, bool up, const double *cand, int ncand, int *verdict)
{
    double pts[96];
    int n = 0;
    bool zero_ok = m->attr->arg != CA_DENSITY && m->attr->arg != CA_PERF_PER_WATT;
    for (int i = 0; i < ncand && n < 48; i++)
        if (up ? cand[i] > x0 : cand[i] < x0 && cand[i] > (zero_ok ? -1 : 0)) pts[n++] = cand[i];
    double scale = x0 > 0 ? x0 : 1;
    for (int i = 0; i < ncand; i++) scale = x0 > 0 ? scale : fmax(scale, fabs(cand[i]));
    for (int k = 1; k <= 40 && n < 95; k++)
        if (up) pts[n++] = x0 > 0 ? x0 * ldexp(1, k) : scale * ldexp(1, k - 20);
        else if (x0 > 0) pts[n++] = x0 / ldexp(1, k);
    if (!up && x0 > 0 && zero_ok) pts[n++] = 0;
    qsort(pts, (size_t)n, sizeof pts[0], cmp_double);
    FlipCtx fc = {m, base};
    double prev = x0;
    for (int i = 0; i < n; i++) {
        double p = up ? pts[i] : pts[n - 1 - i];
        if (same_verdict(&fc, p)) {
            prev = p;
            continue;
        }
        double at = bisect_flip(same_verdict, &fc, prev, p);
        *verdict = verdict_at(m, at);
        return at;
    }
    return NAN;
}

/* The verdict word for headroom. */
static const char *verdict_word(int v) { return v == 2 ? "undecided" : v ? "controlled" : "not controlled"; }

/* Collects the chip figures a predicate reads (chip.X) into names, once each. */
static void figures_read(const Expr *e, const AttrDef **out, int *n, int max)
{
    for (; e; e = e->next) {
        switch (e->kind) {
        case E_ATTR:
            if (e->u.attr.target && e->u.attr.target->kind == E_SUBJECT) {
                const AttrDef *a = attr_find(K_CHIP, e->u.attr.name.id);
                bool have = false;
                for (int i = 0; i < *n; i++) have |= out[i] == a;
                if (a && a->cap >= 0 && !have && *n < max) out[(*n)++] = a;
            }
            figures_read(e->u.attr.target, out, n, max);
            break;
        case E_CALL: case E_METHOD: figures_read(e->u.attr.args, out, n, max); break;
        case E_UNARY: case E_BINARY: figures_read(e->u.bin.a, out, n, max); figures_read(e->u.bin.b, out, n, max); break;
        case E_WITHIN: case E_BETWEEN:
            figures_read(e->u.tern.a, out, n, max);
            figures_read(e->u.tern.b, out, n, max);
            figures_read(e->u.tern.c, out, n, max);
            break;
        case E_CLAUSE: figures_read(e->u.clause.body, out, n, max); break;
        default: break;
        }
    }
}

/* Thresholds chip.X is compared with directly (chip.X OP value, value OP chip.X). */
static void thresholds_of(Interp *I, const Entity *chip, const Expr *e, const AttrDef *a, double *out, int *n, int max)
{
    if (!e) return;
    if (e->kind == E_CLAUSE) { thresholds_of(I, chip, e->u.clause.body, a, out, n, max); return; }
    if (e->kind == E_UNARY) { thresholds_of(I, chip, e->u.bin.a, a, out, n, max); return; }
    if (e->kind != E_BINARY) return;
    if (e->u.bin.op == OP_AND || e->u.bin.op == OP_OR) {
        thresholds_of(I, chip, e->u.bin.a, a, out, n, max);
        thresholds_of(I, chip, e->u.bin.b, a, out, n, max);
        return;
    }
    if (e->u.bin.op < OP_EQ) return;
    for (int side = 0; side < 2; side++) {
        const Expr *x = side ? e->u.bin.b : e->u.bin.a, *t = side ? e->u.bin.a : e->u.bin.b;
        if (x->kind == E_ATTR && x->u.attr.target->kind == E_SUBJECT && attr_find(K_CHIP, x->u.attr.name.id) == a) {
            Value v = eval_in(I, I->cur, chip, (Expr *)t);
            if (v.kind == V_NUM && *n < max) out[(*n)++] = v.u.q.v;
        }
    }
}

/* One line per figure the rule reads: its value, and the nearest values up
 * and down at which the verdict changes. */
int headroom_moves(Interp *I, const Entity *rule, const Entity *chip, Loc loc, const char **lines, int max)
{
    const AttrDef *figs[16];
    int nf = 0, k = 0;
    figures_read(rule->predicate, figs, &nf, 16);
    Value base_v = rule_verdict(I, I->cur, rule, chip);
    int base = base_v.kind == V_UNKNOWN ? 2 : base_v.u.b;
    for (int i = 0; i < nf && k < max; i++) {
        double x0;
        const Dim dim = *attr_dim(figs[i]);
        if (!chip_figure(chip, (CapAttr)figs[i]->cap, &x0)) {
            lines[k++] = arena_printf(&I->arena, "%s unknown: set it with '%s with { ... }' to see the rule decide", figs[i]->name,
                                      chip->name);
            continue;
        }
        double cand[48];
        int nc = 0;
        thresholds_of(I, chip, rule->predicate, figs[i], cand, &nc, 48);
        MoveCtx m = {I, rule, chip, figs[i], loc};
        char parts[2][256];
        for (int dir = 1; dir >= 0; dir--) {
            int v = base;
            double at = headroom_flip(&m, x0, base, dir, cand, nc, &v);
            char pct[48] = "";
            if (!isnan(at) && x0 != 0) snprintf(pct, sizeof pct, " (%s%.3g%%)", at >= x0 ? "+" : "-", fabs(margin_rel(at, x0)) * 100);
            if (isnan(at)) snprintf(parts[dir], sizeof parts[dir], "%s: no change", dir ? "up" : "down to 0");
            else snprintf(parts[dir], sizeof parts[dir], "%s %s %s%s", verdict_word(v), dir ? "from" : "below", qtext(I, at, dim), pct);
        }
        lines[k++] = arena_printf(&I->arena, "%s %s: %s; %s", figs[i]->name, qtext(I, x0, dim), parts[1], parts[0]);
    }
    return k;
}
