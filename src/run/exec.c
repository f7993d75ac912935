/* exec.c: statements. Each runs against I->cur; errors abandon the statement. */
#include "interp.h"
#include "context.h"
#include "attrs.h"
#include "load.h"
#include "compare.h"
#include "study.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- define / redefine --------------------------------------------------- */

static const char *expected_kind(const FieldSpec *f)
{
    static char buf[96];
    char name[64];
    if (!f->dim) return "a number";
    if (dim_is_none(*f->dim)) return "a plain number";
    snprintf(buf, sizeof buf, "%s (e.g. %s)", dim_phrase(*f->dim, name, sizeof name), dim_example_unit(*f->dim));
    return buf;
}

static Value field_symbol(Interp *I, const Field *fd, const FieldSpec *spec)
{
    Expr *e = fd->value;
    if (e->kind == E_NAME) return value_sym(e->u.name.id);
    if (e->kind == E_STRING) return value_sym(intern_cstr(&I->names, e->u.str));
    eval_fail(I, DC_TYPE, e->loc, "field '%s' takes a name such as %s", spec->name,
         strcmp(spec->name, "origin") == 0 ? "US or CN" : "cuda");
}

/* Counts are whole; shares are fractions written as percentages. */
static void check_field_range(Interp *I, const Entity *ent, int idx, const Field *fd, Quantity q)
{
    bool count = (ent->kind == K_CLUSTER && idx == CL_COUNT)
                 || (ent->kind == K_CHIP && (idx == CH_SUPPLY || idx == CH_STOCK));
    if (count && q.v != floor(q.v))
        eval_fail(I, DC_RUNTIME, fd->value->loc, "field '%s' is a count of units and must be a whole number",
                  fd->name.id);
    if (ent->kind == K_MARKET && (idx == MK_SWITCHING || idx == MK_TRAINING) && q.v > 1)
        eval_fail(I, DC_UNIT, fd->value->loc, "write '%s' as a percentage between 0%% and 100%%, such as 20%%",
                  fd->name.id);
}

/* Evaluates one field's value according to its schema type. */
static Value field_value(Interp *I, Entity *ent, int idx, const Field *fd)
{
    const FieldSpec *spec = &ent->schema->fields[idx];
    switch (spec->type) {
    case FT_SYMBOL: {
        Value v = field_symbol(I, fd, spec);
        if (ent->kind == K_MARKET && idx == MK_ALLOCATION && strcmp(v.u.s, "cost_order") != 0
            && strcmp(v.u.s, "logit") != 0)
            eval_fail(I, DC_TYPE, fd->value->loc, "allocation is cost_order or logit, not '%s'", v.u.s);
        return v;
    }
    case FT_VENDOR: case FT_CHIP: {
        if (fd->value->kind != E_NAME)
            eval_fail(I, DC_TYPE, fd->value->loc, "field '%s' takes the name of a %s", spec->name, spec->name);
        Entity *ref = lookup_entity(I, I->cur, fd->value->u.name, spec->type == FT_VENDOR ? K_VENDOR : K_CHIP);
        return value_sym(ref->name); /* resolved again when read, so redefinitions show through */
    }
    case FT_PREDICATE:
        ent->predicate = fd->value;
        I->ast_pins++; /* the statement must keep its nodes */
        return value_bool(true);
    case FT_DATE: {
        Value d = date_of(I, fd->value, NULL); /* launch: 2026Q4, or a year */
        if (ent->kind == K_VENDOR && idx == VE_FISCAL_START && (d.span != DATE_MONTH || d.fiscal))
            eval_fail(I, DC_TYPE, fd->value->loc,
                      "fiscal_year_start takes a month, the first of a fiscal year (Nvidia's: 2025-02 for FY2026)");
        return d;
    }
    default: break;
    }
    Value v = uncertain_figure(I, NULL, ent->name, spec->name, fd->value);
    if (spec->type == FT_BOOL && v.kind != V_BOOL)
        eval_fail(I, DC_TYPE, fd->value->loc, "field '%s' must be true or false, not %s", spec->name, fmt_value(I, v));
    if (spec->type == FT_STRING && v.kind != V_STR)
        eval_fail(I, DC_TYPE, fd->value->loc, "field '%s' must be text in double quotes", spec->name);
    if (spec->type == FT_QTY) {
        if (v.kind != V_NUM) eval_fail(I, DC_TYPE, fd->value->loc, "field '%s' must be a number, not a %s", spec->name, value_type_name(v));
        if (spec->dim && !dim_eq(v.u.q.dim, *spec->dim)) {
            char name[64], text[64];
            eval_fail(I, DC_UNIT, fd->value->loc, "field '%s' of a %s is %s, but this is %s (%s)", spec->name,
                 entity_kind_name(ent->kind), expected_kind(spec), dim_phrase(v.u.q.dim, name, sizeof name),
                 quantity_format(v.u.q, text, sizeof text));
        }
        if (v.u.q.v < 0) eval_fail(I, DC_RUNTIME, fd->value->loc, "field '%s' cannot be negative", spec->name);
        const char *why = figure_problem(v.u.q.v); /* supply: 1e300 */
        if (why) eval_fail(I, DC_RUNTIME, fd->value->loc, "field '%s' %s", spec->name, why);
        check_field_range(I, ent, idx, fd, v.u.q);
    }
    return v;
}

static int field_index(Interp *I, const Schema *schema, EntityKind kind, const Field *fd)
{
    int idx = schema_field(schema, fd->name.id);
    if (idx >= 0) return idx;
    const char *names[32];
    for (int i = 0; i < schema->nfields; i++) names[i] = schema->fields[i].name;
    const char *hint = diag_nearest(fd->name.id, names, (size_t)schema->nfields);
    if (hint) eval_fail(I, DC_NAME, fd->name.loc, "a %s has no field '%s'; did you mean '%s'?", entity_kind_name(kind), fd->name.id, hint);
    eval_fail(I, DC_NAME, fd->name.loc, "a %s has no field '%s'", entity_kind_name(kind), fd->name.id);
}

static Entity *new_entity(Interp *I, const Stmt *s)
{
    const Schema *schema = schema_for(s->u.def.kind);
    Entity *ent = arena_alloc(&I->arena, sizeof *ent);
    ent->kind = s->u.def.kind;
    ent->serial = ++I->entity_serial;
    ent->name = s->u.def.name.id;
    ent->display = s->u.def.display;
    ent->loc = s->loc;
    ent->schema = schema;
    ent->values = arena_alloc(&I->arena, sizeof(Value) * (size_t)(schema->nfields + 1));
    ent->notes = arena_alloc(&I->arena, sizeof(char *) * (size_t)(schema->nfields + 1));
    ent->field_locs = arena_alloc(&I->arena, sizeof(Loc) * (size_t)(schema->nfields + 1));
    return ent;
}

/* like BASE: copy every field (and its note), then the body overrides. */
static void copy_like(Interp *I, Entity *ent, const Stmt *s)
{
    if (!s->u.def.like.id) return;
    Entity *base = lookup_entity(I, I->cur, s->u.def.like, ent->kind);
    size_t n = (size_t)ent->schema->nfields;
    memcpy(ent->values, base->values, n * sizeof *ent->values);
    memcpy(ent->notes, base->notes, n * sizeof *ent->notes);
    memcpy(ent->field_locs, base->field_locs, n * sizeof *ent->field_locs);
    ent->predicate = base->predicate; /* the display name is not a field: B30A is not "Nvidia B300" */
}

static void check_name_free(Interp *I, const Stmt *s)
{
    const Binding *b = env_lookup(I->cur, s->u.def.name.id);
    if (s->u.def.redefine) {
        if (!b || !b->entity)
            eval_fail(I, DC_NAME, s->u.def.name.loc, "nothing to redefine: no %s '%s' is defined", entity_kind_name(s->u.def.kind),
                 s->u.def.name.id);
        if (b->entity->kind != s->u.def.kind)
            eval_fail(I, DC_TYPE, s->u.def.name.loc, "'%s' is a %s; 'redefine %s' cannot change its kind", s->u.def.name.id,
                 entity_kind_name(b->entity->kind), entity_kind_name(s->u.def.kind));
        return;
    }
    if (b)
        eval_fail(I, DC_NAME, s->u.def.name.loc, "'%s' is already defined (%s, %s); write 'redefine %s %s' to replace it",
             s->u.def.name.id, b->entity ? entity_kind_name(b->entity->kind) : "let", loc_text(I, b->loc),
             entity_kind_name(s->u.def.kind), s->u.def.name.id);
}

static void check_required(Interp *I, const Entity *ent, const Stmt *s)
{
    for (int i = 0; i < ent->schema->nfields; i++)
        if (ent->schema->fields[i].required && ent->values[i].kind == V_NONE)
            eval_fail(I, DC_NAME, s->u.def.name.loc, "%s '%s' needs a '%s:' field: %s", entity_kind_name(ent->kind), ent->name,
                 ent->schema->fields[i].name, ent->schema->fields[i].help);
    if (ent->kind == K_MARKET && ent->values[MK_BUDGET].kind == V_NONE && ent->values[MK_DEMAND].kind == V_NONE)
        eval_fail(I, DC_NAME, s->u.def.name.loc, "market '%s' needs a 'budget:' (money per year) or a 'demand:' (compute)",
             ent->name);
}

static void exec_define(Interp *I, const Stmt *s)
{
    check_name_free(I, s);
    Entity *ent = new_entity(I, s);
    copy_like(I, ent, s);
    bool seen[32] = {0};
    for (const Field *fd = s->u.def.fields; fd; fd = fd->next) {
        int idx = field_index(I, ent->schema, ent->kind, fd);
        if (seen[idx]) eval_fail(I, DC_NAME, fd->name.loc, "field '%s' is given twice", fd->name.id);
        seen[idx] = true;
        ent->values[idx] = field_value(I, ent, idx, fd);
        ent->notes[idx] = fd->note;
        ent->field_locs[idx] = fd->name.loc;
    }
    check_required(I, ent, s);
    env_bind(I->cur, ent->name, ent, (Value){0}, s->loc);
}

/* --- let, print, show ------------------------------------------------------ */

static void exec_let(Interp *I, const Stmt *s)
{
    const Binding *b = env_lookup(I->cur, s->u.let.name.id);
    if (b && b->entity)
        eval_fail(I, DC_NAME, s->u.let.name.loc, "'%s' is already a %s (%s); choose another name", s->u.let.name.id,
             entity_kind_name(b->entity->kind), loc_text(I, b->loc));
    Value v = uncertain_figure(I, ctx_state(I, I->cur), NULL, s->u.let.name.id, s->u.let.value); /* read at the timeline's end, bound from the start */
    env_bind_noted(I->cur, s->u.let.name.id, v, s->loc, s->u.let.note);
}

static const char *expr_text(Interp *I, const Expr *e)
{
    return arena_strndup(&I->arena, e->loc.src->text + e->loc.start, e->loc.end - e->loc.start);
}

Metric metric_of(Interp *I, const Expr *e)
{
    Metric m = {expr_text(I, e), NULL, NULL};
    m.metric = m.text;
    if (e->kind == E_AT || e->kind == E_DURING) m.metric = expr_text(I, e->u.bin.a), m.period = expr_text(I, e->u.bin.b);
    return m;
}

static void exec_print(Interp *I, const Stmt *s, const char *type)
{
    Value vals[64] = {{0}};
    Metric metrics[64] = {{0}};
    int n = 0;
    for (Expr *e = s->u.print.exprs; e; e = e->next) {
        if (n == 64) eval_fail(I, DC_RUNTIME, e->loc, "print takes at most 64 values");
        if (e->kind != E_STRING) metrics[n] = metric_of(I, e); /* a string is a caption, not a figure */
        vals[n++] = eval(I, e);
    }
    emit_record(I, &(Record){.kind = REC_VALUES, .type = type, .loc = s->loc, .u.values = {vals, metrics, n}}, s->loc);
    if (n) I->ans = vals[n - 1];
}

static EntityKind shown_kind(Interp *I, const Stmt *s, Entity **out)
{
    const Binding *b = env_lookup(I->cur, s->u.show.name.id);
    if (!b) fail_unknown(I, I->cur, s->u.show.name, "name", s->u.show.has_kind ? s->u.show.kind : K_COUNT);
    if (!b->entity) eval_fail(I, DC_TYPE, s->u.show.name.loc, "'%s' is a value, not a definition; use print", s->u.show.name.id);
    if (s->u.show.has_kind && b->entity->kind != s->u.show.kind)
        eval_fail(I, DC_TYPE, s->u.show.name.loc, "'%s' is a %s, not a %s", s->u.show.name.id,
             entity_kind_name(b->entity->kind), entity_kind_name(s->u.show.kind));
    *out = b->entity;
    return b->entity->kind;
}

static void exec_show(Interp *I, const Stmt *s)
{
    Entity *e;
    shown_kind(I, s, &e);
    ReportRow rows[64];
    int n = 0;
    Value self = value_entity(e, I->cur);
    for (int i = 0; i < e->schema->nfields && n < 64; i++) {
        const char *fname = e->schema->fields[i].name;
        if (strcmp(fname, "source") == 0 || e->values[i].kind == V_NONE) continue;
        if (e->schema->fields[i].type == FT_PREDICATE) {
            const Expr *p = e->predicate;
            rows[n++] = (ReportRow){fname, value_str(arena_strndup(&I->arena, p->loc.src->text + p->loc.start,
                                                                   p->loc.end - p->loc.start)), NULL};
            continue;
        }
        Value v = attr_get(I, self, fname, s->loc);
        if (v.kind == V_NUM && e->values[i].kind == V_NUM) v.unc = e->values[i].unc; /* show prints the range */
        rows[n++] = (ReportRow){fname, v, e->notes[i]};
    }
    const char *derived[32];
    int nd = attr_derived_names(e->kind, derived, 32);
    for (int i = 0; i < nd && n < 64; i++) {
        Value v = attr_get_opt(I, self, derived[i], s->loc);
        if (v.kind != V_NONE) rows[n++] = (ReportRow){derived[i], v, "derived"};
    }
    emit_record(I, &(Record){.kind = REC_ENTITY, .type = "show", .loc = s->loc,
                             .u.entity = {entity_kind_name(e->kind), e->name, e->display, loc_text(I, e->loc),
                                          entity_source(e), rows, n}}, s->loc);
}

/* --- compare --------------------------------------------------------------- */

static Value ratio_or_diff(Value a, Value b, bool scenarios)
{
    if (a.kind != V_NUM || b.kind != V_NUM) return (Value){0};
    if (scenarios) {
        if (!dim_eq(a.u.q.dim, b.u.q.dim)) return (Value){0};
        Quantity d = b.u.q;
        d.v = b.u.q.v - a.u.q.v;
        d.points = a.u.q.percent && b.u.q.percent; /* two shares differ by percentage points */
        return value_num(d);
    }
    if (b.u.q.v == 0 || !dim_eq(a.u.q.dim, b.u.q.dim)) return (Value){0};
    return value_plain(a.u.q.v / b.u.q.v);
}

/* One metric for one compared item: an attribute of an entity, or any
 * expression read in a scenario's state. */
static Value compare_cell(Interp *I, Value item, Expr *metric, bool scenarios)
{
    if (scenarios) return eval_in(I, scenario_state(I, item.u.ent.e), NULL, metric);
    if (metric->kind != E_NAME)
        eval_fail(I, DC_TYPE, metric->loc, "compare of %ss takes attribute names after 'on' (such as fp16, tpp)",
             entity_kind_name(item.u.ent.e->kind));
    return attr_get_opt(I, item, metric->u.name.id, metric->loc);
}

/* The compared items: entities of one kind, at most 16. Returns their count. */
static int compare_items(Interp *I, Expr *list, Value *items, const char **cols)
{
    int n = 0;
    for (Expr *e = list; e; e = e->next) {
        if (n == 16) eval_fail(I, DC_RUNTIME, e->loc, "compare takes at most 16 items");
        items[n] = eval(I, e);
        if (items[n].kind != V_ENTITY)
            eval_fail(I, DC_TYPE, e->loc, "compare takes chips, clusters, markets or scenarios, not a %s",
                      value_type_name(items[n]));
        if (n && items[n].u.ent.e->kind != items[0].u.ent.e->kind)
            eval_fail(I, DC_TYPE, e->loc, "cannot compare a %s with a %s", entity_kind_name(items[0].u.ent.e->kind),
                      entity_kind_name(items[n].u.ent.e->kind));
        cols[n] = items[n].u.ent.e->variant_of ? items[n].u.ent.e->display : items[n].u.ent.e->name;
        n++;
    }
    return n;
}

/* The metrics after 'on', or the default figures of chips and clusters. */
static Expr *compare_metrics(Interp *I, Expr *given, Loc loc, EntityKind kind, const char *first, bool *defaults_used)
{
    *defaults_used = !given;
    if (given) return given;
    size_t n;
    const AttrDef *t = attr_table(&n);
    Expr *list = NULL;
    for (size_t i = 0; i < n; i++) {
        if (t[i].kind != kind || !t[i].compared) continue;
        Expr *m = ast_expr(&I->arena, E_NAME, loc);
        m->u.name = (Name){intern_cstr(&I->names, t[i].name), loc};
        list = ast_expr_append(list, m);
    }
    if (!list) eval_fail(I, DC_TYPE, loc, "say what to compare: compare %s, ... on METRIC, METRIC", first);
    return list;
}

void compare_table(Interp *I, Expr *item_list, Expr *metric_list, Loc loc, CompareTable *t)
{
    Value *items = t->items;
    const char **cols = t->cols;
    int n = t->n = compare_items(I, item_list, items, cols);
    bool scenarios = t->scenarios = items[0].u.ent.e->kind == K_SCENARIO, defaults;
    Expr *metrics = compare_metrics(I, metric_list, loc, items[0].u.ent.e->kind, cols[0], &defaults);
    int nrows = 0;
    for (Expr *m = metrics; m; m = m->next) nrows++;
    Value *cells = arena_alloc(&I->arena, sizeof(Value) * (size_t)(nrows * n));
    Value *extra = arena_alloc(&I->arena, sizeof(Value) * (size_t)nrows);
    Metric *labels = arena_alloc(&I->arena, sizeof *labels * (size_t)nrows);
    int kept = 0;
    for (Expr *m = metrics; m; m = m->next) {
        bool any = false;
        for (int c = 0; c < n; c++) {
            cells[kept * n + c] = compare_cell(I, items[c], m, scenarios);
            any |= cells[kept * n + c].kind != V_NONE;
        }
        if (!any && defaults) continue; /* a default figure none of them has */
        labels[kept] = defaults ? (Metric){m->u.name.id, m->u.name.id, NULL} : metric_of(I, m);
        extra[kept] = n == 2 ? ratio_or_diff(cells[kept * n], cells[kept * n + 1], scenarios) : (Value){0};
        kept++;
    }
    t->extra_header = n != 2 ? NULL
                      : scenarios ? arena_printf(&I->arena, "%s - %s", cols[1], cols[0])
                                  : arena_printf(&I->arena, "%s/%s", cols[0], cols[1]);
    t->labels = labels;
    t->cells = cells;
    t->extra = extra;
    t->nrows = kept;
}

static void exec_compare(Interp *I, const Stmt *s)
{
    CompareTable t;
    compare_table(I, s->u.compare.items, s->u.compare.metrics, s->loc, &t);
    emit_record(I, &(Record){.kind = REC_TABLE, .type = "compare", .loc = s->loc,
                             .u.table = {t.scenarios, t.extra_header, t.cols, t.n, t.labels, t.cells, t.extra, t.nrows}},
                s->loc);
}

/* --- assert ------------------------------------------------------------------ */

/* For a failed comparison, the values on each side help more than "false". */
static void assert_detail(Interp *I, Expr *e, char *buf, size_t n)
{
    buf[0] = '\0';
    char a[96], b[96];
    if (e->kind == E_BINARY && e->u.bin.op >= OP_EQ && e->u.bin.op <= OP_GE) {
        snprintf(buf, n, " (left side %s, right side %s)", value_format(eval(I, e->u.bin.a), a, sizeof a),
                 value_format(eval(I, e->u.bin.b), b, sizeof b));
    } else if (e->kind == E_WITHIN) {
        char t[96], r[96];
        snprintf(buf, n, " (value %s, tolerance %s of %s)", value_format(eval(I, e->u.tern.a), a, sizeof a),
                 value_format(eval(I, e->u.tern.b), t, sizeof t), value_format(eval(I, e->u.tern.c), r, sizeof r));
    } else if (e->kind == E_BETWEEN) {
        snprintf(buf, n, " (value %s)", value_format(eval(I, e->u.tern.a), a, sizeof a));
    }
}

static void exec_assert(Interp *I, const Stmt *s)
{
    Expr *e = s->u.print.exprs;
    Value v = eval(I, e);
    if (v.kind == V_UNKNOWN && I->opt.mode != MODE_CHECK) {
        I->asserts_failed++;
        diag_report(&I->diag, DIAG_FAILED, DC_RUNTIME, e->loc, "%.*s is unknown: %s has no figure",
                    (int)(e->loc.end - e->loc.start), e->loc.src->text + e->loc.start, v.u.s);
        return;
    }
    if (v.kind == V_UNKNOWN) return;
    if (v.kind != V_BOOL)
        eval_fail(I, DC_TYPE, e->loc, "assert needs a true/false condition, not a %s ('%s')", value_type_name(v), fmt_value(I, v));
    if (I->opt.mode == MODE_CHECK) return;
    const char *text = arena_strndup(&I->arena, e->loc.src->text + e->loc.start, e->loc.end - e->loc.start);
    if (v.u.b) {
        I->asserts_passed++;
        emit_record(I, &(Record){.kind = REC_ASSERT, .type = "assert", .loc = s->loc,
                                 .u.assertion = {text, s->u.print.note, NULL, true}}, s->loc);
        return;
    }
    I->asserts_failed++;
    char detail[400];
    assert_detail(I, e, detail, sizeof detail);
    emit_record(I, &(Record){.kind = REC_ASSERT, .type = "assert", .loc = s->loc,
                             .u.assertion = {text, s->u.print.note, detail, false}}, s->loc);
    if (s->u.print.note) /* assert COND "message": the message first, then what failed */
        diag_report(&I->diag, DIAG_FAILED, DC_RUNTIME, e->loc, "%s: %.*s is false%s", s->u.print.note,
                    (int)(e->loc.end - e->loc.start), e->loc.src->text + e->loc.start, detail);
    else
        diag_report(&I->diag, DIAG_FAILED, DC_RUNTIME, e->loc, "%.*s is false%s", (int)(e->loc.end - e->loc.start),
                    e->loc.src->text + e->loc.start, detail);
}

/* --- scenarios ------------------------------------------------------------- */

static void exec_scenario(Interp *I, const Stmt *s)
{
    if (I->scenario)
        eval_fail(I, DC_SYNTAX, s->loc, "scenario '%s' is inside scenario '%s'; scenarios cannot nest (use 'extends')",
             s->u.scenario.name.id, I->scenario->name);
    const Binding *b = env_lookup(I->cur, s->u.scenario.name.id);
    if (b) eval_fail(I, DC_NAME, s->u.scenario.name.loc, "'%s' is already defined (%s)", s->u.scenario.name.id, loc_text(I, b->loc));
    Env *base = I->cur;
    bool extends_main = s->u.scenario.base.id && strcmp(s->u.scenario.base.id, "main") == 0
                        && !env_lookup(I->cur, s->u.scenario.base.id);
    if (extends_main) base = I->main; /* `extends main`: the top level as it stands */
    else if (s->u.scenario.base.id) base = lookup_entity(I, I->cur, s->u.scenario.base, K_SCENARIO)->env;
    Entity *sc = arena_alloc(&I->arena, sizeof *sc);
    sc->kind = K_SCENARIO;
    sc->serial = ++I->entity_serial;
    sc->name = s->u.scenario.name.id;
    sc->display = s->u.scenario.title;
    sc->loc = s->loc;
    sc->schema = schema_for(K_SCENARIO);
    sc->base = s->u.scenario.base.id;
    sc->env = env_fork(base);
    if (s->u.scenario.without_history) sc->env->no_history = true;
    Env *outer = I->cur;
    int f = ctx_enter(I, false);
    I->cur = sc->env;
    I->scenario = sc;
    I->report.scenario = sc->name;
    bool ok = exec_stmts(I, s->u.scenario.body);
    ctx_leave(I, f);
    if (!ok) longjmp(*I->on_error, 1); /* already reported */
    env_bind(outer, sc->name, sc, (Value){0}, s->loc);
}

/* --- dispatch ---------------------------------------------------------------- */

static void exec_kind(Interp *I, Stmt *s);

/* A statement that only reads: run in the state of the current context
 * (the end of the timeline, drawn for the study run), I->cur restored after. */
static void exec_read(Interp *I, Stmt *s)
{
    Env *now = ctx_state(I, I->cur);
    if (now == I->cur) {
        exec_kind(I, s);
        return;
    }
    int f = ctx_enter(I, false);
    I->cur = now;
    exec_kind(I, s);
    ctx_leave(I, f);
}

static bool reads_only(StmtKind k)
{
    return k == S_PRINT || k == S_EXPR || k == S_SHOW || k == S_CLASSIFY || k == S_EXPLAIN || k == S_COMPARE
           || k == S_ASSERT || k == S_SERIES || k == S_HEADROOM || k == S_PLOT;
}

static void exec_stmt(Interp *I, Stmt *s)
{
    if (reads_only(s->kind)) exec_read(I, s);
    else exec_kind(I, s);
}

void exec_one(Interp *I, Stmt *s) { exec_stmt(I, s); }

/* The statement itself, in I->cur. */
static void exec_kind(Interp *I, Stmt *s)
{
    switch (s->kind) {
    case S_DEFINE: exec_define(I, s); break;
    case S_LET: exec_let(I, s); break;
    case S_PRINT: exec_print(I, s, "print"); break;
    case S_EXPR: /* a bare expression prints its value */
        if (s->u.print.unit) value_stmt(I, s);
        else exec_print(I, s, "value");
        break;
    case S_SHOW: exec_show(I, s); break;
    case S_CLASSIFY: classify_stmt(I, s); break;
    case S_EXPLAIN: explain_stmt(I, s); break;
    case S_COMPARE: exec_compare(I, s); break;
    case S_PLOT: plot_stmt(I, s); break;
    case S_ASSERT: exec_assert(I, s); break;
    case S_IMPORT: import_stmt(I, s); break;
    case S_SCENARIO: exec_scenario(I, s); break;
    case S_POLICY: policy_apply(I, s); break;
    case S_LIFT: policy_lift(I, s); break;
    case S_HEADROOM: headroom_stmt(I, s); break;
    case S_ON: on_stmt(I, s); break;
    case S_ORDER: order_stmt(I, s); break;
    case S_SERIES: series_stmt(I, s); break;
    case S_SWEEP: exec_sweep(I, s); break;
    case S_SIMULATE: exec_simulate(I, s); break;
    }
}

void emit_record(Interp *I, const Record *rec, Loc at)
{
    const char *why = record_emit(&I->report, rec);
    if (why) eval_fail(I, DC_INPUT, at, "%s", why);
}

void emit_verdict(Interp *I, const char *type, Loc loc, const char *subject, const char *object, const ReportStep *steps,
                  int n, int verdict, const char *text)
{
    emit_record(I, &(Record){.kind = REC_VERDICT, .type = type, .loc = loc, .scenario = I->scenario ? I->scenario->name : NULL,
                             .u.verdict = {subject, object, steps, n, verdict, text}}, loc);
}

/* The one guard: an error anywhere below unwinds to it, and it leaves every
 * context frame entered since it began (context.h). */
bool interp_try(Interp *I, void (*fn)(Interp *I, void *data), void *data)
{
    jmp_buf jb, *outer = I->on_error;
    int f = ctx_enter(I, false);
    I->on_error = &jb;
    if (setjmp(jb)) {
        I->on_error = outer;
        ctx_leave(I, f);
        interp_after_error(I);
        return false;
    }
    fn(I, data);
    I->on_error = outer;
    ctx_leave(I, f);
    return true;
}

static void run_one(Interp *I, void *stmt) { exec_stmt(I, stmt); }

static bool exec_guarded(Interp *I, Stmt *s) { return interp_try(I, run_one, s); }

bool exec_stmts(Interp *I, Stmt *stmts)
{
    for (Stmt *s = stmts; s; s = s->next) {
        if (I->interrupted && *I->interrupted) return false;
        if (!exec_guarded(I, s)) return false;
    }
    return true;
}
