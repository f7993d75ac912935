/* eval.c: expressions and statements. The dispatch functions are long by
 * nature; each case delegates to a short helper. */
#include "interp.h"
#include "context.h"
#include "load.h"
#include "budget.h"
#include "whatif.h"
#include "study.h"
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_DEPTH = 1000 }; /* nesting of the expression tree; a flat sum of N terms nests N deep */

_Noreturn void eval_fail(Interp *I, DiagClass cls, Loc loc, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_report(&I->diag, DIAG_ERROR, cls, loc, "%s", msg);
    longjmp(*I->on_error, 1);
}

char *fmt_value(Interp *I, Value v)
{
    char buf[256];
    return arena_strdup(&I->arena, value_format(v, buf, sizeof buf));
}

char *loc_text(Interp *I, Loc loc)
{
    if (!loc.src) return arena_strdup(&I->arena, "(built in)");
    int line, col;
    source_position(loc.src, loc.start, &line, &col);
    return arena_printf(&I->arena, "%s:%d", loc.src->name, line);
}

/* "data rate (1.4 TB/s)" */
static const char *describe_qty(Interp *I, Quantity q)
{
    char name[96], text[96];
    return arena_printf(&I->arena, "%s (%s)", dim_name(q.dim, name, sizeof name), quantity_format(q, text, sizeof text));
}

/* Suggest the nearest bound name in env. */
static const char *nearest_name(Interp *I, Env *env, const char *word)
{
    (void)I;
    size_t n;
    const char *const *names = env_names(env, &n);
    return diag_nearest(word, names, n);
}

/* The entity of kind (or of any kind but scenarios, for kind K_COUNT) whose
 * display title is word, ignoring case: "China" finds market CN. */
const Entity *entity_titled(Env *env, const char *word, EntityKind kind)
{
    for (int k = 0; k < K_SCENARIO; k++) {
        if (kind != K_COUNT && (int)kind != k) continue;
        size_t n;
        const char **names = env_kind_names(env, (EntityKind)k, &n);
        const Entity *found = NULL;
        for (size_t i = 0; i < n && !found; i++) {
            const Entity *e = env_entity(env, names[i], (EntityKind)k);
            if (e && e->display && strcasecmp(e->display, word) == 0) found = e;
        }
        free(names);
        if (found) return found;
    }
    return NULL;
}

_Noreturn void fail_unknown(Interp *I, Env *env, Name name, const char *what, EntityKind kind)
{
    const Entity *t = entity_titled(env, name.id, kind);
    if (t)
        eval_fail(I, DC_NAME, name.loc, "unknown %s '%s'; did you mean '%s', whose title is \"%s\"?",
                  what, name.id, t->name, t->display);
    const char *hint = nearest_name(I, env, name.id);
    if (hint) eval_fail(I, DC_NAME, name.loc, "unknown %s '%s'; did you mean '%s'?", what, name.id, hint);
    eval_fail(I, DC_NAME, name.loc, "unknown %s '%s'", what, name.id);
}

Entity *lookup_entity(Interp *I, Env *env, Name name, EntityKind kind)
{
    const Binding *b = env_lookup(env, name.id);
    if (!b) fail_unknown(I, env, name, entity_kind_name(kind), kind);
    if (!b->entity || b->entity->kind != kind)
        eval_fail(I, DC_TYPE, name.loc, "'%s' is a %s, not a %s", name.id,
             b->entity ? entity_kind_name(b->entity->kind) : "value", entity_kind_name(kind));
    return b->entity;
}

static Value eval_name(Interp *I, Expr *e)
{
    const Value *var = I->nvars ? study_var(I, e->u.name.id) : NULL;
    if (var) return *var;
    const Binding *b = env_lookup(I->cur, e->u.name.id);
    if (!b && I->cur->state_of) b = env_lookup(I->cur->state_of, e->u.name.id); /* a scenario bound since */
    if (!b && strcmp(e->u.name.id, "main") == 0) return value_entity(I->main_scenario, I->main);
    if (!b && strcmp(e->u.name.id, "ans") == 0) return ans_value(I, e->loc);
    if (!b) fail_unknown(I, I->cur, e->u.name, "name", K_COUNT);
    return b->entity ? value_entity(b->entity, I->cur) : uncertain_read(I, b->value);
}

Quantity eval_number(Interp *I, Expr *e, const char *what)
{
    Value v = eval(I, e);
    if (v.kind == V_UNKNOWN) eval_fail(I, DC_RUNTIME, e->loc, "%s must be a known number; %s is unknown", what, v.u.s);
    if (v.kind != V_NUM) eval_fail(I, DC_TYPE, e->loc, "%s must be a number, not a %s", what, value_type_name(v));
    return v.u.q;
}

/* A condition's truth: 1 true, 0 false, -1 unknown (*unknown set to the value). */
static int eval_truth(Interp *I, Expr *e, const char *what, Value *unknown)
{
    Value v = eval(I, e);
    if (v.kind == V_UNKNOWN) {
        *unknown = v;
        return -1;
    }
    if (v.kind != V_BOOL)
        eval_fail(I, DC_TYPE, e->loc, "%s must be true or false, not a %s ('%s')", what, value_type_name(v), fmt_value(I, v));
    return v.u.b;
}

static const char *op_text(Op op)
{
    static const char *const T[] = {"+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or", "-", "not"};
    return T[op];
}

/* A result too large for a double is an error, not inf or nan in the report;
 * so is a product or quotient of non-zero numbers too small to tell from 0. */
static Value checked(Interp *I, Expr *e, Quantity a, Quantity b, Quantity r)
{
    Op op = e->u.bin.op;
    bool under = (op == OP_MUL || op == OP_DIV) && a.v != 0 && b.v != 0 && fabs(r.v) < DBL_MIN;
    if (isfinite(r.v) && !under) return value_num(r);
    char ta[96], tb[96];
    eval_fail(I, DC_RUNTIME, e->loc, "arithmetic %s: %s %s %s is too %s", under ? "underflow" : "overflow",
              quantity_format(a, ta, sizeof ta), op_text(op), quantity_format(b, tb, sizeof tb),
              under ? "small to tell from 0" : "large");
}

static Value arith(Interp *I, Expr *e, Quantity a, Quantity b)
{
    Op op = e->u.bin.op;
    Quantity r = {0};
    if (op == OP_ADD || op == OP_SUB) {
        if (!dim_eq(a.dim, b.dim))
            eval_fail(I, DC_UNIT, e->loc, "cannot %s %s and %s", op == OP_ADD ? "add" : "subtract", describe_qty(I, a),
                 describe_qty(I, b));
        r.v = op == OP_ADD ? a.v + b.v : a.v - b.v;
        r.dim = a.dim;
        r.percent = a.percent && b.percent;
        /* the difference of two percentages is in percentage points; a sum of points stays in points */
        r.points = r.percent && (op == OP_SUB || a.points || b.points);
        r.ops = a.ops && b.ops;
        return checked(I, e, a, b, r);
    }
    if (op == OP_DIV && b.v == 0) eval_fail(I, DC_RUNTIME, e->u.bin.b->loc, "division by zero");
    r.v = op == OP_MUL ? a.v * b.v : a.v / b.v;
    r.dim = op == OP_MUL ? dim_mul(a.dim, b.dim) : dim_div(a.dim, b.dim);
    r.percent = dim_is_none(r.dim) && (op == OP_MUL ? a.percent || b.percent : a.percent && !b.percent);
    r.points = r.percent && (a.points || b.points) && !(op == OP_DIV && b.percent);
    r.ops = dim_eq(r.dim, DIM_COMPUTE) && (a.ops || b.ops);
    return checked(I, e, a, b, r);
}

static bool compare_numbers(Interp *I, Expr *e, Op op, Quantity a, Quantity b)
{
    if (!dim_eq(a.dim, b.dim))
        eval_fail(I, DC_UNIT, e->loc, "cannot compare %s with %s", describe_qty(I, a), describe_qty(I, b));
    switch (op) {
    case OP_EQ: return quantity_close(a.v, b.v);
    case OP_NE: return !quantity_close(a.v, b.v);
    case OP_LT: return a.v < b.v && !quantity_close(a.v, b.v);
    case OP_LE: return a.v <= b.v || quantity_close(a.v, b.v);
    case OP_GT: return a.v > b.v && !quantity_close(a.v, b.v);
    default: return a.v >= b.v || quantity_close(a.v, b.v);
    }
}

/* Names, symbols and texts compare by spelling: chip.origin == US, chip.ecosystem == "cuda". */
static const char *as_name(Value v)
{
    if (v.kind == V_SYM || v.kind == V_STR) return v.u.s;
    if (v.kind == V_ENTITY) return v.u.ent.e->name;
    return NULL;
}

static Value compare_values(Interp *I, Expr *e, Value a, Value b)
{
    Op op = e->u.bin.op;
    if (a.kind == V_UNKNOWN) return a; /* a comparison with an unknown figure is unknown */
    if (b.kind == V_UNKNOWN) return b;
    if (a.kind == V_NUM && b.kind == V_NUM) return value_bool(compare_numbers(I, e, op, a.u.q, b.u.q));
    if (op == OP_EQ || op == OP_NE) {
        const char *na = as_name(a), *nb = as_name(b);
        bool eq;
        if (na && nb) eq = strcmp(na, nb) == 0;
        else if (a.kind == b.kind) eq = value_equal(a, b);
        else eval_fail(I, DC_TYPE, e->loc, "cannot compare a %s with a %s", value_type_name(a), value_type_name(b));
        return value_bool(op == OP_EQ ? eq : !eq);
    }
    if (a.kind == V_DATE && b.kind == V_DATE)
        return value_bool(op == OP_LT ? a.u.date < b.u.date : op == OP_LE ? a.u.date <= b.u.date
                          : op == OP_GT ? a.u.date > b.u.date : a.u.date >= b.u.date);
    eval_fail(I, DC_TYPE, e->loc, "'%s' needs two numbers, not a %s and a %s", op_text(op), value_type_name(a),
         value_type_name(b));
}

/* In `chip.origin == US`, US may be a country no market is named after: an
 * unbound bare name compared with a name-valued side stands for itself. */
static Value eval_operand(Interp *I, Expr *e, Expr *other)
{
    if (e->kind == E_NAME && !env_lookup(I->cur, e->u.name.id)) {
        bool other_is_name = other->kind == E_ATTR || other->kind == E_SUBJECT;
        ValueKind k = other_is_name ? eval(I, other).kind : V_NONE;
        if (k == V_SYM || k == V_UNKNOWN) return value_sym(e->u.name.id); /* an unknown ecosystem is still compared with a name */
    }
    return eval(I, e);
}

/* Three-valued and/or (Kleene): false and unknown = false, true or unknown =
 * true, otherwise unknown with either side unknown. The right side is not
 * evaluated when the left decides. */
static Value eval_logic(Interp *I, Expr *e)
{
    bool is_and = e->u.bin.op == OP_AND;
    const char *what = is_and ? "each side of 'and'" : "each side of 'or'";
    Value ua = {0}, ub = {0};
    int a = eval_truth(I, e->u.bin.a, what, &ua);
    if (a == (is_and ? 0 : 1)) return value_bool(a);
    int b = eval_truth(I, e->u.bin.b, what, &ub);
    if (b == (is_and ? 0 : 1)) return value_bool(b);
    if (a < 0) return ua;
    if (b < 0) return ub;
    return value_bool(b);
}

/* date - date = a time (whole days); date + time, time + date, date - time
 * = a date (the time rounded down to whole days). */
static Value date_arith(Interp *I, Expr *e, Value a, Value b)
{
    Op op = e->u.bin.op;
    if (op == OP_SUB && a.kind == V_DATE && b.kind == V_DATE)
        return value_num((Quantity){.v = (a.u.date - b.u.date) * 86400, .dim = DIM_TIME_});
    bool a_date = a.kind == V_DATE;
    Value d = a_date ? a : b, t = a_date ? b : a;
    if ((op == OP_ADD || (op == OP_SUB && a_date)) && t.kind == V_NUM && dim_eq(t.u.q.dim, DIM_TIME_)) {
        double days = floor(t.u.q.v / 86400 + 1e-9);
        Value r = {.kind = V_DATE, .u.date = op == OP_ADD ? d.u.date + days : d.u.date - days};
        if (!isfinite(r.u.date) || fabs(r.u.date) > 3e6) eval_fail(I, DC_RUNTIME, e->loc, "the date is out of range");
        return r;
    }
    eval_fail(I, DC_TYPE, e->loc, "'%s' of a %s and a %s: a date takes + or - a time (such as 90 days), and a date - a date is a time",
              op_text(op), value_type_name(a), value_type_name(b));
}

static Value eval_binary(Interp *I, Expr *e)
{
    Op op = e->u.bin.op;
    if (op == OP_AND || op == OP_OR) return eval_logic(I, e);
    if (op == OP_EQ || op == OP_NE) return compare_values(I, e, eval_operand(I, e->u.bin.a, e->u.bin.b),
                                                          eval_operand(I, e->u.bin.b, e->u.bin.a));
    Value a = eval(I, e->u.bin.a), b = eval(I, e->u.bin.b);
    if (op >= OP_EQ && op <= OP_GE) return compare_values(I, e, a, b);
    if (a.kind == V_UNKNOWN) return a; /* arithmetic with an unknown is unknown */
    if (b.kind == V_UNKNOWN) return b;
    if (a.kind == V_DATE || b.kind == V_DATE) return date_arith(I, e, a, b);
    if (a.kind != V_NUM || b.kind != V_NUM)
        eval_fail(I, DC_TYPE, e->loc, "'%s' needs two numbers, not a %s and a %s", op_text(op), value_type_name(a),
             value_type_name(b));
    return arith(I, e, a.u.q, b.u.q);
}

static Value eval_unary(Interp *I, Expr *e)
{
    if (e->u.bin.op == OP_NOT) {
        Value u = {0};
        int t = eval_truth(I, e->u.bin.a, "the operand of 'not'", &u);
        return t < 0 ? u : value_bool(!t);
    }
    Value v = eval(I, e->u.bin.a);
    if (v.kind == V_UNKNOWN) return v;
    if (v.kind != V_NUM) eval_fail(I, DC_TYPE, e->u.bin.a->loc, "the operand of '-' must be a number, not a %s", value_type_name(v));
    v.u.q.v = -v.u.q.v;
    return v;
}

/* The first unknown among the values of a, b and c (any may be NULL), or V_NONE. */
static Value first_unknown(Interp *I, Expr *a, Expr *b, Expr *c, Value *va, Value *vb, Value *vc)
{
    Expr *es[3] = {a, b, c};
    Value *vs[3] = {va, vb, vc};
    Value u = {0};
    for (int i = 0; i < 3; i++) {
        *vs[i] = eval(I, es[i]);
        if (vs[i]->kind == V_UNKNOWN && u.kind == V_NONE) u = *vs[i];
    }
    return u;
}

/* The number v (already evaluated from e), or an error naming what it had to be. */
static Quantity number_of(Interp *I, Expr *e, Value v, const char *what)
{
    if (v.kind != V_NUM) eval_fail(I, DC_TYPE, e->loc, "%s must be a number, not a %s", what, value_type_name(v));
    return v.u.q;
}

/* a within tol of b. A tolerance written as a percentage is relative
 * (1.66 within 5% of 1.7); one with a's dimension is absolute, and for plain
 * numbers a plain tolerance is absolute too (tpp within 1 of 5285); a plain
 * tolerance on a quantity with units is a relative fraction. */
static Value eval_within(Interp *I, Expr *e)
{
    Value va, vt, vb, u = first_unknown(I, e->u.tern.a, e->u.tern.b, e->u.tern.c, &va, &vt, &vb);
    if (u.kind == V_UNKNOWN) return u;
    Quantity a = number_of(I, e->u.tern.a, va, "the value before 'within'");
    Quantity tol = number_of(I, e->u.tern.b, vt, "the tolerance of 'within'");
    Quantity b = number_of(I, e->u.tern.c, vb, "the value after 'of'");
    if (!dim_eq(a.dim, b.dim)) eval_fail(I, DC_UNIT, e->loc, "cannot compare %s with %s", describe_qty(I, a), describe_qty(I, b));
    double allowed;
    if (tol.percent) allowed = fabs(tol.v * b.v);
    else if (dim_eq(tol.dim, a.dim)) allowed = fabs(tol.v);
    else if (dim_is_none(tol.dim)) allowed = fabs(tol.v * b.v);
    else {
        char n1[64];
        eval_fail(I, DC_UNIT, e->u.tern.b->loc, "the tolerance must be a percentage or a %s quantity, not %s",
                  dim_name(a.dim, n1, sizeof n1), describe_qty(I, tol));
    }
    return value_bool(fabs(a.v - b.v) <= allowed * (1 + 1e-12));
}

static Value eval_between(Interp *I, Expr *e)
{
    Value va, vl, vh, u = first_unknown(I, e->u.tern.a, e->u.tern.b, e->u.tern.c, &va, &vl, &vh);
    if (u.kind == V_UNKNOWN) return u;
    Quantity a = number_of(I, e->u.tern.a, va, "the value before 'between'");
    Quantity lo = number_of(I, e->u.tern.b, vl, "the lower bound");
    Quantity hi = number_of(I, e->u.tern.c, vh, "the upper bound");
    if (!dim_eq(a.dim, lo.dim) || !dim_eq(a.dim, hi.dim))
        eval_fail(I, DC_UNIT, e->loc, "cannot compare %s with bounds %s and %s", describe_qty(I, a), describe_qty(I, lo),
             describe_qty(I, hi));
    return value_bool((a.v >= lo.v || quantity_close(a.v, lo.v)) && (a.v <= hi.v || quantity_close(a.v, hi.v)));
}

Value eval_in(Interp *I, Env *env, const Entity *subject, Expr *e)
{
    int f = ctx_enter(I, false);
    I->cur = env;
    I->subject = subject;
    Value v = eval(I, e);
    ctx_leave(I, f);
    return v;
}

/* scenario.call(args): the call is read in the scenario's final state. */
static Value eval_method(Interp *I, Expr *e)
{
    Value t = eval(I, e->u.attr.target);
    if (t.kind != V_ENTITY || t.u.ent.e->kind != K_SCENARIO)
        eval_fail(I, DC_TYPE, e->loc, "'.%s(...)' reads a function in a scenario; '%s' is a %s", e->u.attr.name.id,
             fmt_value(I, t), value_type_name(t));
    Expr call = *e;
    call.kind = E_CALL;
    call.u.attr.target = NULL;
    return eval_in(I, scenario_state(I, t.u.ent.e), NULL, &call);
}

Value eval(Interp *I, Expr *e)
{
    if (++I->depth > MAX_DEPTH) {
        I->depth = 0;
        Loc at = e->loc;
        at.end = at.start + 1;
        eval_fail(I, DC_RUNTIME, at, "expression nested more than %d deep", MAX_DEPTH);
    }
    budget_step(I, e->loc);
    Value v;
    switch (e->kind) {
    case E_NUMBER: v = value_num(e->u.num); break;
    case E_STRING: v = value_str(e->u.str); break;
    case E_BOOL: v = value_bool(e->u.boolean); break;
    case E_DATE: v = (Value){.kind = V_DATE, .span = e->date_span, .u.date = e->u.date}; break;
    case E_NAME: v = eval_name(I, e); break;
    case E_SUBJECT:
        if (!I->subject)
            eval_fail(I, DC_NAME, e->loc, "'chip' stands for the chip a rule tests; use it inside a rule's controlled: field");
        v = value_entity((Entity *)I->subject, I->cur);
        break;
    case E_ATTR: v = attr_get(I, eval(I, e->u.attr.target), e->u.attr.name.id, e->u.attr.name.loc); break;
    case E_METHOD: v = eval_method(I, e); break;
    case E_CALL: v = call_builtin(I, e->u.attr.name, e->u.attr.args, e->loc); break;
    case E_UNARY: v = eval_unary(I, e); break;
    case E_BINARY: v = eval_binary(I, e); break;
    case E_WITHIN: v = eval_within(I, e); break;
    case E_BETWEEN: v = eval_between(I, e); break;
    case E_CLAUSE: v = eval(I, e->u.clause.body); break;
    case E_WITH: v = eval_with(I, e); break;
    case E_SOLVE: v = eval_solve(I, e); break;
    case E_AT: case E_DURING: v = eval_timed(I, e); break;
    case E_FISCAL: v = eval_fiscal(I, e); break;
    case E_RANGE: v = uncertain_range(I, e); break;
    case E_OVER: v = eval_over(I, e); break;
    case E_CONVERT: v = convert_expr(I, e); break;
    default: eval_fail(I, DC_RUNTIME, e->loc, "cannot evaluate this expression");
    }
    I->depth--;
    return v;
}
