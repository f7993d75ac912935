/* ast.c: node constructors and list helpers; see ast.h. */
#include "ast.h"
#include <stddef.h>
#include <string.h>

#define EXPR_SIZE(member) (offsetof(Expr, u) + sizeof(((Expr *)0)->u.member))
#define STMT_SIZE(member) (offsetof(Stmt, u) + sizeof(((Stmt *)0)->u.member))

size_t ast_expr_size(ExprKind kind)
{
    switch (kind) {
    case E_NUMBER: return EXPR_SIZE(num);
    case E_STRING: return EXPR_SIZE(str);
    case E_BOOL: return EXPR_SIZE(boolean);
    case E_DATE: return EXPR_SIZE(date);
    case E_NAME: case E_SUBJECT: return EXPR_SIZE(name);
    case E_ATTR: case E_CALL: return EXPR_SIZE(attr);
    case E_UNARY: case E_BINARY: case E_AT: case E_DURING: return EXPR_SIZE(bin);
    case E_WITHIN: case E_BETWEEN: case E_RANGE: case E_OVER: return EXPR_SIZE(tern);
    case E_CLAUSE: return EXPR_SIZE(clause);
    case E_WITH: return EXPR_SIZE(with);
    case E_CONVERT: return EXPR_SIZE(convert);
    case E_FISCAL: return EXPR_SIZE(fiscal);
    case E_METHOD: /* copied whole by the evaluator (eval_method) */
    case E_SOLVE: break;
    }
    return sizeof(Expr);
}

size_t ast_stmt_size(StmtKind kind)
{
    switch (kind) {
    case S_DEFINE: return STMT_SIZE(def);
    case S_LET: return STMT_SIZE(let);
    case S_PRINT: case S_EXPR: case S_ASSERT: return STMT_SIZE(print);
    case S_SHOW: return STMT_SIZE(show);
    case S_CLASSIFY: case S_EXPLAIN: case S_HEADROOM: return STMT_SIZE(pair);
    case S_COMPARE: return STMT_SIZE(compare);
    case S_PLOT: return STMT_SIZE(plot);
    case S_IMPORT: return STMT_SIZE(import);
    case S_SCENARIO: return STMT_SIZE(scenario);
    case S_ON: return STMT_SIZE(on);
    case S_ORDER: return STMT_SIZE(order);
    case S_SERIES: return STMT_SIZE(series);
    case S_SWEEP: case S_SIMULATE: return STMT_SIZE(study);
    case S_POLICY: case S_LIFT: break;
    }
    return sizeof(Stmt);
}

Expr *ast_expr(Arena *a, ExprKind kind, Loc loc)
{
    return ast_expr_in(arena_alloc(a, ast_expr_size(kind)), kind, loc);
}

Stmt *ast_stmt(Arena *a, StmtKind kind, Loc loc)
{
    return ast_stmt_in(arena_alloc(a, ast_stmt_size(kind)), kind, loc);
}

Expr *ast_expr_in(void *zeroed, ExprKind kind, Loc loc)
{
    Expr *e = zeroed;
    e->kind = kind;
    e->loc = loc;
    return e;
}

Stmt *ast_stmt_in(void *zeroed, StmtKind kind, Loc loc)
{
    Stmt *s = zeroed;
    s->kind = kind;
    s->loc = loc;
    return s;
}

#define APPEND(T, a, b)                         \
    do {                                        \
        if (!(a)) return (b);                   \
        T *last_ = (a);                         \
        while (last_->next) last_ = last_->next; \
        last_->next = (b);                      \
        return (a);                             \
    } while (0)

Expr *ast_expr_append(Expr *a, Expr *b) { APPEND(Expr, a, b); }

/* Reverses a list linked through `next`, in place; returns the new head. */
#define REVERSE(T, list)                        \
    do {                                        \
        T *out_ = NULL, *at_ = (list);          \
        while (at_) {                           \
            T *next_ = at_->next;               \
            at_->next = out_;                   \
            out_ = at_;                         \
            at_ = next_;                        \
        }                                       \
        return out_;                            \
    } while (0)

Stmt *ast_stmt_reverse(Stmt *s) { REVERSE(Stmt, s); }
Field *ast_field_reverse(Field *f) { REVERSE(Field, f); }

const char *entity_kind_name(EntityKind k)
{
    static const char *const names[K_COUNT] = {"chip", "cluster", "market", "vendor", "rule", "scenario"};
    return k < K_COUNT ? names[k] : "?";
}

/* --- structural equality (ast_equal) ------------------------------------------ */

typedef struct AstCmp {
    bool locs; /* compare locations too */
} AstCmp;

static bool eq_loc(const AstCmp *c, Loc a, Loc b)
{
    return !c->locs || (a.src == b.src && a.start == b.start && a.end == b.end);
}

/* Names compare by text, so trees from two name tables can be compared. */
static bool eq_id(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool eq_name(const AstCmp *c, Name a, Name b) { return eq_id(a.id, b.id) && eq_loc(c, a.loc, b.loc); }

static bool eq_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static bool eq_quantity(Quantity a, Quantity b)
{
    return eq_double(a.v, b.v) && dim_eq(a.dim, b.dim) && a.percent == b.percent;
}

static bool eq_exprs(const AstCmp *c, const Expr *a, const Expr *b);
static bool eq_fields(const AstCmp *c, const Field *a, const Field *b);

/* One expression node and its children (not its `next`). */
static bool eq_expr(const AstCmp *c, const Expr *a, const Expr *b)
{
    if (a->kind != b->kind || !eq_loc(c, a->loc, b->loc)) return false;
    switch (a->kind) {
    case E_NUMBER: return eq_quantity(a->u.num, b->u.num);
    case E_STRING: return eq_id(a->u.str, b->u.str);
    case E_BOOL: return a->u.boolean == b->u.boolean;
    case E_DATE: return eq_double(a->u.date, b->u.date) && a->date_span == b->date_span;
    case E_NAME:
    case E_SUBJECT: return eq_name(c, a->u.name, b->u.name);
    case E_ATTR:
    case E_CALL:
    case E_METHOD:
        return eq_exprs(c, a->u.attr.target, b->u.attr.target) && eq_name(c, a->u.attr.name, b->u.attr.name)
               && eq_exprs(c, a->u.attr.args, b->u.attr.args);
    case E_UNARY:
    case E_BINARY:
    case E_AT:
    case E_DURING:
        return a->u.bin.op == b->u.bin.op && eq_exprs(c, a->u.bin.a, b->u.bin.a) && eq_exprs(c, a->u.bin.b, b->u.bin.b);
    case E_WITHIN:
    case E_BETWEEN:
    case E_RANGE:
    case E_OVER:
        return eq_exprs(c, a->u.tern.a, b->u.tern.a) && eq_exprs(c, a->u.tern.b, b->u.tern.b)
               && eq_exprs(c, a->u.tern.c, b->u.tern.c);
    case E_CLAUSE: return eq_id(a->u.clause.label, b->u.clause.label) && eq_exprs(c, a->u.clause.body, b->u.clause.body);
    case E_WITH: return eq_exprs(c, a->u.with.target, b->u.with.target) && eq_fields(c, a->u.with.fields, b->u.with.fields);
    case E_CONVERT:
        return eq_id(a->u.convert.unit, b->u.convert.unit) && eq_loc(c, a->u.convert.unit_loc, b->u.convert.unit_loc)
               && eq_exprs(c, a->u.convert.value, b->u.convert.value);
    case E_FISCAL:
        return eq_name(c, a->u.fiscal.vendor, b->u.fiscal.vendor) && a->u.fiscal.year == b->u.fiscal.year
               && a->u.fiscal.quarter == b->u.fiscal.quarter;
    case E_SOLVE:
        return a->u.solve.largest == b->u.solve.largest && eq_name(c, a->u.solve.var, b->u.solve.var)
               && eq_exprs(c, a->u.solve.lo, b->u.solve.lo) && eq_exprs(c, a->u.solve.hi, b->u.solve.hi)
               && eq_exprs(c, a->u.solve.cond, b->u.solve.cond);
    }
    return false;
}

/* Lists (through `next`) of equal length and content; NULL equals NULL. */
static bool eq_exprs(const AstCmp *c, const Expr *a, const Expr *b)
{
    for (; a && b; a = a->next, b = b->next)
        if (!eq_expr(c, a, b)) return false;
    return !a && !b;
}

static bool eq_fields(const AstCmp *c, const Field *a, const Field *b)
{
    for (; a && b; a = a->next, b = b->next)
        if (!eq_name(c, a->name, b->name) || !eq_exprs(c, a->value, b->value) || !eq_id(a->note, b->note)
            || (a->note && !eq_loc(c, a->note_loc, b->note_loc)))
            return false;
    return !a && !b;
}

static bool eq_policy(const AstCmp *c, const PolicySpec *a, const PolicySpec *b)
{
    return a->kind == b->kind && a->on_chip == b->on_chip && a->unknown == b->unknown && eq_name(c, a->attr, b->attr)
           && eq_exprs(c, a->amount, b->amount) && eq_name(c, a->subject, b->subject) && eq_name(c, a->from, b->from)
           && eq_name(c, a->to, b->to) && eq_exprs(c, a->passthrough, b->passthrough)
           && eq_name(c, a->government, b->government);
}

static bool eq_stmts(const AstCmp *c, const Stmt *a, const Stmt *b);

/* The kind-specific part of two statements of the same kind. */
static bool eq_stmt_body(const AstCmp *c, const Stmt *a, const Stmt *b)
{
    switch (a->kind) {
    case S_DEFINE:
        return a->u.def.redefine == b->u.def.redefine && a->u.def.kind == b->u.def.kind
               && eq_name(c, a->u.def.name, b->u.def.name) && eq_id(a->u.def.display, b->u.def.display)
               && eq_name(c, a->u.def.like, b->u.def.like) && eq_fields(c, a->u.def.fields, b->u.def.fields);
    case S_LET:
        return eq_name(c, a->u.let.name, b->u.let.name) && eq_exprs(c, a->u.let.value, b->u.let.value)
               && eq_id(a->u.let.note, b->u.let.note);
    case S_PRINT:
    case S_EXPR:
    case S_ASSERT:
        return eq_exprs(c, a->u.print.exprs, b->u.print.exprs) && eq_id(a->u.print.note, b->u.print.note)
               && eq_id(a->u.print.unit, b->u.print.unit);
    case S_SHOW:
        return a->u.show.has_kind == b->u.show.has_kind && a->u.show.kind == b->u.show.kind
               && eq_name(c, a->u.show.name, b->u.show.name);
    case S_CLASSIFY:
    case S_EXPLAIN:
    case S_HEADROOM:
        return eq_name(c, a->u.pair.chip, b->u.pair.chip) && eq_name(c, a->u.pair.other, b->u.pair.other)
               && eq_name(c, a->u.pair.scenario, b->u.pair.scenario) && eq_fields(c, a->u.pair.with, b->u.pair.with)
               && eq_exprs(c, a->u.pair.at, b->u.pair.at);
    case S_COMPARE:
        return eq_exprs(c, a->u.compare.items, b->u.compare.items)
               && eq_exprs(c, a->u.compare.metrics, b->u.compare.metrics);
    case S_PLOT:
        return eq_exprs(c, a->u.plot.items, b->u.plot.items) && eq_exprs(c, a->u.plot.metrics, b->u.plot.metrics)
               && eq_id(a->u.plot.to, b->u.plot.to) && (!a->u.plot.to || eq_loc(c, a->u.plot.to_loc, b->u.plot.to_loc))
               && a->u.plot.dist == b->u.plot.dist;
    case S_IMPORT:
        return eq_id(a->u.import.path, b->u.import.path) && eq_loc(c, a->u.import.path_loc, b->u.import.path_loc);
    case S_SCENARIO:
        return eq_name(c, a->u.scenario.name, b->u.scenario.name) && eq_id(a->u.scenario.title, b->u.scenario.title)
               && eq_name(c, a->u.scenario.base, b->u.scenario.base)
               && eq_stmts(c, a->u.scenario.body, b->u.scenario.body)
               && eq_loc(c, a->u.scenario.end, b->u.scenario.end)
               && a->u.scenario.without_history == b->u.scenario.without_history;
    case S_POLICY:
    case S_LIFT: return eq_policy(c, &a->u.policy, &b->u.policy);
    case S_ON: return eq_exprs(c, a->u.on.date, b->u.on.date) && eq_stmts(c, a->u.on.body, b->u.on.body);
    case S_ORDER:
        return eq_exprs(c, a->u.order.amount, b->u.order.amount) && eq_name(c, a->u.order.chip, b->u.order.chip);
    case S_SERIES:
        return eq_exprs(c, a->u.series.exprs, b->u.series.exprs) && eq_exprs(c, a->u.series.from, b->u.series.from)
               && eq_exprs(c, a->u.series.to, b->u.series.to) && eq_name(c, a->u.series.by, b->u.series.by)
               && a->u.series.plotted == b->u.series.plotted
               && (a->u.series.plot_to ? b->u.series.plot_to && strcmp(a->u.series.plot_to, b->u.series.plot_to) == 0
                                       : !b->u.series.plot_to);
    case S_SWEEP:
    case S_SIMULATE:
        return eq_name(c, a->u.study.var, b->u.study.var) && eq_exprs(c, a->u.study.from, b->u.study.from)
               && eq_exprs(c, a->u.study.to, b->u.study.to) && eq_exprs(c, a->u.study.step, b->u.study.step)
               && eq_exprs(c, a->u.study.values, b->u.study.values) && eq_exprs(c, a->u.study.runs, b->u.study.runs)
               && eq_exprs(c, a->u.study.seed, b->u.study.seed)
               && eq_exprs(c, a->u.study.metrics, b->u.study.metrics) && eq_stmts(c, a->u.study.body, b->u.study.body)
               && eq_loc(c, a->u.study.end, b->u.study.end) && a->u.study.plotted == b->u.study.plotted
               && eq_id(a->u.study.plot_to, b->u.study.plot_to);
    }
    return false;
}

static bool eq_stmts(const AstCmp *c, const Stmt *a, const Stmt *b)
{
    for (; a && b; a = a->next, b = b->next)
        if (a->kind != b->kind || !eq_loc(c, a->loc, b->loc) || !eq_stmt_body(c, a, b)) return false;
    return !a && !b;
}

/* Whether two statement lists are the same tree: see ast.h. */
bool ast_equal(const Stmt *a, const Stmt *b, bool with_locs)
{
    AstCmp c = {.locs = with_locs};
    return eq_stmts(&c, a, b);
}
