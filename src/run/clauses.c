/* clauses.c: classify and headroom. Each labelled clause of a rule's test
 * ("3A090.a.1": ...) is a line, and each comparison in it a line with its
 * values and margin ("chip.tpp >= 4800: 2368 vs 4800, 51% below"). */
#include "whatif.h"
#include "bisect.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct Lines {
    Interp *I;
    ReportStep *items;
    int n, cap;
} Lines;

static void add_line(Lines *st, int depth, int outcome, const char *text, const char *where)
{
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 16;
        ReportStep *grown = arena_alloc(&st->I->arena, sizeof *grown * (size_t)st->cap);
        if (st->n) memcpy(grown, st->items, sizeof *grown * (size_t)st->n);
        st->items = grown;
    }
    st->items[st->n++] = (ReportStep){arena_printf(&st->I->arena, "%*s%s", depth * 2, "", text), where, outcome};
}

/* 1 true, 0 false, 2 unknown (the outcome words of classify). */
static int outcome_of(Value v) { return v.kind == V_UNKNOWN ? 2 : v.kind == V_BOOL ? v.u.b : -1; }

static const char *value_text(Interp *I, Value v)
{
    if (v.kind == V_UNKNOWN) return arena_printf(&I->arena, "unknown (%s)", v.u.s);
    return fmt_value(I, v);
}

/* "chip.tpp >= 4800: 2368 vs 4800, 51% below": a comparison, its two values
 * and how far the left is above or below the right, as a share of it. */
static const char *leaf_text(Interp *I, const Entity *chip, Expr *e)
{
    const char *src = arena_printf(&I->arena, "%.*s", (int)(e->loc.end - e->loc.start), e->loc.src->text + e->loc.start);
    if (e->kind != E_BINARY || e->u.bin.op < OP_EQ) return arena_printf(&I->arena, "%s: %s", src, value_text(I, eval_in(I, I->cur, chip, e)));
    Value a = eval_in(I, I->cur, chip, e->u.bin.a), b = eval_in(I, I->cur, chip, e->u.bin.b);
    const char *text = arena_printf(&I->arena, "%s: %s vs %s", src, value_text(I, a), value_text(I, b));
    if (a.kind != V_NUM || b.kind != V_NUM || !dim_eq(a.u.q.dim, b.u.q.dim)) return text;
    double m = margin_rel(a.u.q.v, b.u.q.v);
    char mt[48];
    if (isnan(m)) return text;
    return arena_printf(&I->arena, "%s, %s", text, margin_text(m, mt, sizeof mt));
}

static bool is_logic(const Expr *e)
{
    return (e->kind == E_BINARY && (e->u.bin.op == OP_AND || e->u.bin.op == OP_OR))
           || (e->kind == E_UNARY && e->u.bin.op == OP_NOT);
}

/* Walks and/or/not down to clauses and comparisons; a labelled clause is a
 * line of its own with its parts indented below it (or, when it is one
 * comparison, on the same line). Unlabelled comparisons keep their place. */
static void walk(Interp *I, const Entity *chip, Expr *e, Lines *st, int depth, bool labelled)
{
    if (is_logic(e)) {
        walk(I, chip, e->u.bin.a, st, depth, labelled);
        if (e->kind == E_BINARY) walk(I, chip, e->u.bin.b, st, depth, labelled);
        return;
    }
    if (e->kind == E_CLAUSE) {
        Expr *body = e->u.clause.body;
        Value v = eval_in(I, I->cur, chip, body);
        if (!is_logic(body) && body->kind != E_CLAUSE) {
            add_line(st, depth, outcome_of(v), arena_printf(&I->arena, "%s  %s", e->u.clause.label, leaf_text(I, chip, body)), NULL);
            return;
        }
        add_line(st, depth, outcome_of(v), e->u.clause.label, NULL);
        walk(I, chip, body, st, depth + 1, true);
        return;
    }
    Value r = eval_in(I, I->cur, chip, e);
    add_line(st, depth, outcome_of(r), leaf_text(I, chip, e), labelled ? NULL : loc_text(I, e->loc));
}

static bool has_clause(const Expr *e)
{
    if (!e) return false;
    if (e->kind == E_CLAUSE) return true;
    return is_logic(e) && (has_clause(e->u.bin.a) || (e->kind == E_BINARY && has_clause(e->u.bin.b)));
}

static const char *verdict_text(Interp *I, const Entity *chip, const Entity *rule, Value v)
{
    char name[600];
    value_format(value_entity((Entity *)chip, NULL), name, sizeof name);
    if (v.kind == V_UNKNOWN)
        return arena_printf(&I->arena, "%s cannot be classified under %s: %s is unknown", name, rule->name, v.u.s);
    return arena_printf(&I->arena, "%s is %scontrolled under %s", name, v.u.b ? "" : "not ", rule->name);
}

static void clause_lines(Interp *I, const Entity *chip, const Entity *rule, Lines *st)
{
    walk(I, chip, rule->predicate, st, 0, has_clause(rule->predicate));
}

void classify_stmt(Interp *I, const Stmt *s)
{
    Entity *chip = stmt_chip(I, s);
    Entity *rule = lookup_entity(I, I->cur, s->u.pair.other, K_RULE);
    Lines st = {.I = I};
    clause_lines(I, chip, rule, &st);
    size_t n;
    const Policy *const *pol = env_policies(I->cur, &n);
    for (size_t i = 0; i < n; i++) /* where the rule is in force, and since when */
        if (pol[i]->kind == P_APPLY_RULE && pol[i]->subject == rule->name)
            add_line(&st, 0, -1, arena_printf(&I->arena, "applied on exports%s%s to %s", pol[i]->from ? " from " : "",
                                              pol[i]->from ? pol[i]->from : "", pol[i]->to), policy_where(I, pol[i]));
    Value v = rule_verdict(I, I->cur, rule, chip);
    emit_verdict(I, "classify", s->loc, fmt_value(I, value_entity(chip, NULL)), rule->name, st.items, st.n,
                 v.kind == V_BOOL ? v.u.b : -1, verdict_text(I, chip, rule, v));
}

/* headroom CHIP under RULE: the clauses with their margins, then for each
 * figure the rule reads how far it may move each way before the verdict flips. */
void headroom_stmt(Interp *I, const Stmt *s)
{
    Entity *chip = stmt_chip(I, s);
    Entity *rule = lookup_entity(I, I->cur, s->u.pair.other, K_RULE);
    Lines st = {.I = I};
    clause_lines(I, chip, rule, &st);
    const char *moves[16];
    int n = headroom_moves(I, rule, chip, s->loc, moves, 16);
    for (int i = 0; i < n; i++) add_line(&st, 0, -1, moves[i], NULL);
    Value v = rule_verdict(I, I->cur, rule, chip);
    emit_verdict(I, "headroom", s->loc, fmt_value(I, value_entity(chip, NULL)), rule->name, st.items, st.n,
                 v.kind == V_BOOL ? v.u.b : -1, verdict_text(I, chip, rule, v));
}
