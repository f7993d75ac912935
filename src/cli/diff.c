/* diff.c: `polsim diff`, what changed between two versions of a scenario
 * file (see diff.h). Both versions run quietly in their own interpreter;
 * their final worlds are compared section by section: definitions, main's
 * policies, scenarios, and with --results the market model's figures. */
#include "diff.h"
#include "termtext.h"
#include "usage.h"
#include "../run/load.h"
#include "budget.h"
#include "interp.h"
#include "model.h"
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { DIFF_SAME = 0, DIFF_FOUND = 1, DIFF_USAGE = 2, DIFF_DATAERR = 65, DIFF_NOINPUT = 66 };

static const char DIFF_USAGE_TEXT[] =
    "usage: polsim diff [OPTIONS] OLD.pol NEW.pol   what changed between two scenario files\n"
    "       polsim diff [OPTIONS] REV -- FILE       what changed in FILE since git revision REV\n"
    "\n"
    "options:\n"
    "  --results               also compare the model's figures (compute, spend, domestic\n"
    "                          share, units, each vendor's revenue) of main and each scenario\n"
    "  --format text|json      plain words, or one JSON object per difference per line\n"
    "  --as PATH               read both files as if they were PATH: messages name a/PATH\n"
    "                          and b/PATH, imports resolve from PATH's folder (git drivers)\n"
    "  --no-prelude            start both with an empty world (no stdlib)\n"
    "  --stdlib DIR            load the prelude from DIR/prelude.pol\n"
    "  --allow-any-import      let imports use absolute paths or leave the file's folder\n"
    "  --color auto|always|never  colour diagnostics\n"
    "  --lines                 where words cannot tell (a file with an error, or a change\n"
    "                          in comments or layout only), show the lines that changed\n"
    "                          (a unified diff) after a note, instead of failing or nothing\n"
    "  -h, --help              this help\n"
    "\n"
    "exit status: 0 no difference, 1 differences, 2 wrong usage, 65 an error in either\n"
    "file (without --lines), 66 a file or revision that cannot be read.\n";

/* One version of the file: where its text comes from and how it is named. */
typedef struct Side {
    const char *path;  /* file to read (NULL: read from git) */
    const char *rev;   /* git revision, with gitfile */
    const char *gitfile;
    const char *name;  /* shown in messages and locations */
    const char *dir;   /* imports resolve against this folder */
    Interp I;
} Side;

/* One difference. Text fields are arena strings; NULL when not relevant. */
typedef struct Change {
    const char *section; /* definitions, policies, scenarios, results */
    const char *change;  /* added, removed, changed, lifted */
    const char *kind;    /* chip, let, policy, scenario, market, ... */
    const char *name;    /* the entity, or the policy's statement */
    const char *field;   /* the field or figure that changed */
    const char *old, *new_, *delta;
    const char *at;      /* where it is defined now (or was, when removed) */
} Change;

typedef struct Diff {
    Side a, b;
    bool results, json, lines;
    Arena arena;          /* every string the comparison makes */
    const char *scope;    /* NULL: main; else the scenario being compared */
    const char *base;     /* the scenario it extends (NULL: main) */
    json_t *keys;         /* set of "SCOPE\x1fKEY" of every difference found, shown or not */
    const char *heading;  /* the last section printed */
    int count;
} Diff;

/* --- output ---------------------------------------------------------------- */

/* A key naming a difference independently of its scope. */
static const char *change_key(Diff *d, const Change *c)
{
    return arena_printf(&d->arena, "%s|%s|%s|%s|%s|%s|%s", c->change, c->kind, c->name, c->field ? c->field : "",
                        c->old ? c->old : "", c->new_ ? c->new_ : "", c->at ? c->at : "");
}

/* Sets key to v in o unless v is NULL. */
static void json_set(json_t *o, const char *key, const char *v)
{
    if (v) json_object_set_new(o, key, json_string(v));
}

/* Whether scope (NULL: main) has the difference key. */
static bool scope_has(Diff *d, const char *scope, const char *key)
{
    const char *k = arena_printf(&d->arena, "%s\x1f%s", scope ? scope : "", key);
    return json_object_getn(d->keys, k, strlen(k)) != NULL;
}

/* Prints one difference (text is its line without the scenario prefix). A
 * scenario's difference that main or the scenario it extends already has is
 * not repeated. */
static void emit(Diff *d, const Change *c, const char *text)
{
    const char *key = change_key(d, c);
    if (strcmp(c->section, "results") != 0) {
        bool inherited = d->scope && (scope_has(d, NULL, key) || (d->base && scope_has(d, d->base, key)));
        const char *k = arena_printf(&d->arena, "%s\x1f%s", d->scope ? d->scope : "", key);
        json_object_setn_nocheck(d->keys, k, strlen(k), json_true()); /* a hash set; keys need not be UTF-8 */
        if (inherited) return;
    }
    d->count++;
    const char *section = d->scope && strcmp(c->section, "results") != 0 ? "scenarios" : c->section;
    if (d->json) {
        json_t *o = json_object();
        json_set(o, "type", "diff");
        json_set(o, "section", section);
        json_set(o, "scope", d->scope ? d->scope : "main");
        json_set(o, "change", c->change);
        json_set(o, "kind", c->kind);
        json_set(o, "name", c->name);
        json_set(o, "field", c->field);
        json_set(o, "old", c->old);
        json_set(o, "new", c->new_);
        json_set(o, "difference", c->delta);
        json_set(o, "at", c->at);
        char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        term_printf("%s\n", s);
        free(s);
        json_decref(o);
        return;
    }
    if (!d->heading || strcmp(d->heading, section) != 0) printf("%s:\n", d->heading = section);
    if (d->scope) term_printf("  scenario %s: %s\n", d->scope, text);
    else term_printf("  %s\n", text);
}

/* "file.pol:12" of a location, or "(built in)". */
static const char *where(Diff *d, Loc loc)
{
    if (!loc.src) return "(built in)";
    int line, col;
    source_position(loc.src, loc.start, &line, &col);
    return arena_printf(&d->arena, "%s:%d", loc.src->name, line);
}

/* The source text of a span on one line: runs of blanks become one space. */
static const char *span_text(Diff *d, Loc loc)
{
    if (!loc.src) return "(built in)";
    size_t n = loc.end - loc.start, k = 0;
    char *out = arena_strndup(&d->arena, loc.src->text + loc.start, n);
    for (size_t i = 0; i < n; i++) {
        char ch = out[i];
        bool blank = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
        if (blank && (k == 0 || out[k - 1] == ' ')) continue;
        out[k++] = blank ? ' ' : ch;
    }
    while (k && out[k - 1] == ' ') k--;
    out[k] = '\0';
    return out;
}

/* A value as polsim prints it; text in quotes; "not set" when absent. */
static const char *value_text(Diff *d, Value v)
{
    char buf[256];
    if (v.kind == V_NONE) return "not set";
    if (v.kind == V_STR) return arena_printf(&d->arena, "\"%s\"", v.u.s);
    return arena_strdup(&d->arena, value_format(v, buf, sizeof buf));
}

/* A quantity as polsim prints it (arena copy). */
static const char *qty_text(Diff *d, Quantity q)
{
    char buf[128];
    return arena_strdup(&d->arena, quantity_format(q, buf, sizeof buf));
}

/* --- comparing values across two interpreters ---------------------------------- */

/* Same spelling, or both NULL. */
static bool str_same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Equal values, comparing names by spelling (the interpreters intern apart). */
static bool value_same(Value a, Value b)
{
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case V_NONE: return true;
    case V_NUM: return dim_eq(a.u.q.dim, b.u.q.dim) && quantity_close(a.u.q.v, b.u.q.v);
    case V_BOOL: return a.u.b == b.u.b;
    case V_STR: case V_SYM: return str_same(a.u.s, b.u.s);
    case V_DATE: return a.u.date == b.u.date;
    case V_ENTITY: return a.u.ent.e->kind == b.u.ent.e->kind && str_same(a.u.ent.e->name, b.u.ent.e->name);
    case V_UNKNOWN: return str_same(a.u.s, b.u.s);
    case V_DIST: return a.u.dist == b.u.dist;
    }
    return false;
}

/* The binding of name (spelled in the other interpreter) in env, or NULL. */
static const Binding *lookup_in(Side *s, const Env *env, const char *name)
{
    return env_lookup(env, intern_cstr(&s->I.names, name));
}

/* --- definitions ---------------------------------------------------------------- */

/* Whether a binding is a scenario (compared in its own section). */
static bool is_scenario(const Binding *b) { return b && b->entity && b->entity->kind == K_SCENARIO; }

/* "chip", "market", ... or "let". */
static const char *binding_kind(const Binding *b) { return b->entity ? entity_kind_name(b->entity->kind) : "let"; }

/* "added chip B30A "title"" or "removed let x". */
static void emit_presence(Diff *d, const Binding *b, bool added)
{
    Change c = {"definitions", added ? "added" : "removed", binding_kind(b), b->name, .at = where(d, b->loc)};
    const char *title = b->entity && b->entity->display ? arena_printf(&d->arena, " \"%s\"", b->entity->display) : "";
    if (!b->entity && added) c.new_ = value_text(d, b->value);
    if (!b->entity && added) title = arena_printf(&d->arena, " = %s", c.new_);
    emit(d, &c, arena_printf(&d->arena, "%s %s %s%s", c.change, c.kind, b->name, title));
}

/* "chip H20: bandwidth 4 TB/s → 1.4 TB/s" */
static void emit_field(Diff *d, const Binding *b, const char *field, const char *old, const char *new_)
{
    Change c = {"definitions", "changed", binding_kind(b), b->name, field, old, new_, .at = where(d, b->loc)};
    const char *what = b->entity ? arena_printf(&d->arena, "%s ", field) : ""; /* a let has one value */
    emit(d, &c, arena_printf(&d->arena, "%s %s: %s%s → %s", c.kind, b->name, what, old, new_));
}

/* The text of a rule's controlled: predicate. */
static const char *predicate_text(Diff *d, const Entity *e)
{
    return e->predicate ? span_text(d, e->predicate->loc) : "not set";
}

/* The note on field i, quoted, or "not set". */
static const char *note_text(Diff *d, const Entity *e, int i)
{
    return e->notes && e->notes[i] ? arena_printf(&d->arena, "\"%s\"", e->notes[i]) : "not set";
}

/* Field by field differences of two entities of the same kind. */
static void compare_entities(Diff *d, const Binding *ba, const Binding *bb)
{
    const Entity *a = ba->entity, *b = bb->entity;
    if (!str_same(a->display, b->display))
        emit_field(d, bb, "title", a->display ? arena_printf(&d->arena, "\"%s\"", a->display) : "not set",
                   b->display ? arena_printf(&d->arena, "\"%s\"", b->display) : "not set");
    for (int i = 0; i < b->schema->nfields; i++) {
        const char *field = b->schema->fields[i].name;
        if (b->schema->fields[i].type == FT_PREDICATE) {
            const char *pa = predicate_text(d, a), *pb = predicate_text(d, b);
            if (strcmp(pa, pb) != 0) emit_field(d, bb, field, pa, pb);
            continue;
        }
        if (!value_same(a->values[i], b->values[i]))
            emit_field(d, bb, field, value_text(d, a->values[i]), value_text(d, b->values[i]));
        const char *na = note_text(d, a, i), *nb = note_text(d, b, i);
        if (strcmp(na, nb) != 0) emit_field(d, bb, arena_printf(&d->arena, "%s note", field), na, nb);
    }
}

/* One name bound in both: its changes, or removed and added when its kind changed. */
static void compare_binding(Diff *d, const Binding *ba, const Binding *bb)
{
    if (!ba->entity && !bb->entity) {
        if (!value_same(ba->value, bb->value))
            emit_field(d, bb, "value", value_text(d, ba->value), value_text(d, bb->value));
    } else if (ba->entity && bb->entity && ba->entity->kind == bb->entity->kind) {
        compare_entities(d, ba, bb);
    } else {
        emit_presence(d, ba, false);
        emit_presence(d, bb, true);
    }
}

/* Names defined in env a and env b (scenarios aside): changed or added in
 * b's order, then removed in a's. */
static void compare_bindings(Diff *d, Env *ea, Env *eb)
{
    size_t na, nb;
    const char *const *names_b = env_names(eb, &nb);
    for (size_t i = 0; i < nb; i++) {
        const Binding *bb = env_lookup(eb, names_b[i]), *ba = lookup_in(&d->a, ea, names_b[i]);
        if (is_scenario(bb)) continue;
        if (!ba || is_scenario(ba)) emit_presence(d, bb, true);
        else compare_binding(d, ba, bb);
    }
    const char *const *names_a = env_names(ea, &na);
    for (size_t i = 0; i < na; i++) {
        const Binding *ba = env_lookup(ea, names_a[i]), *bb = lookup_in(&d->b, eb, names_a[i]);
        if (!is_scenario(ba) && (!bb || is_scenario(bb))) emit_presence(d, ba, false);
    }
}

/* --- policies ------------------------------------------------------------------- */

/* policy_same across interpreters: the same statement up to its amount. */
static bool policy_key_same(const Policy *a, const Policy *b)
{
    return a->kind == b->kind && str_same(a->subject, b->subject) && str_same(a->to, b->to) && str_same(a->from, b->from)
           && a->on_chip == b->on_chip && str_same(a->attr, b->attr);
}

/* Close numbers, or both NaN (unset). */
static bool num_same(double a, double b) { return (isnan(a) && isnan(b)) || quantity_close(a, b); }

/* Same figures: amount, passthrough, receiving government, date, what unknown does. */
static bool policy_value_same(const Policy *a, const Policy *b)
{
    return dim_eq(a->amount.dim, b->amount.dim) && quantity_close(a->amount.v, b->amount.v)
           && num_same(a->passthrough, b->passthrough) && str_same(a->government, b->government)
           && num_same(a->date, b->date) && a->unknown_passes == b->unknown_passes;
}

/* A fraction as a percentage ("15%"). */
static const char *share_text(Diff *d, double v)
{
    Quantity q = quantity_plain(v);
    q.percent = true;
    return qty_text(d, q);
}

/* A policy date as polsim prints dates, or "undated". */
static const char *date_text(Diff *d, double date)
{
    char buf[64];
    if (isnan(date)) return "undated";
    return arena_strdup(&d->arena, value_format((Value){.kind = V_DATE, .u.date = date}, buf, sizeof buf));
}

/* "cap bandwidth 1.4 TB/s on exports to CN", with its date once it has one. */
static const char *policy_text(Diff *d, const Policy *p)
{
    const char *text = span_text(d, p->loc);
    return isnan(p->date) ? text : arena_printf(&d->arena, "%s (from %s)", text, date_text(d, p->date));
}

/* "policy added (main): TEXT   [file:line]" in main, "policy added: ..." in a scenario. */
static void emit_policy(Diff *d, const char *change, const Policy *p, const char *field, const char *old,
                        const char *new_)
{
    Change c = {"policies", change, "policy", policy_text(d, p), field, old, new_, .at = where(d, p->loc)};
    const char *what = field ? arena_printf(&d->arena, ": %s %s → %s", field, old, new_) : "";
    emit(d, &c, arena_printf(&d->arena, "policy %s%s: %s%s   [%s]", change, d->scope ? "" : " (main)", c.name, what, c.at));
}

/* A policy's amount as written: tariff rates and revenue shares in percent. */
static const char *amount_text(Diff *d, const Policy *p)
{
    bool rate = (p->kind == P_TARIFF || p->kind == P_TARIFF_SHARE) && dim_is_none(p->amount.dim);
    return rate ? share_text(d, p->amount.v) : qty_text(d, p->amount);
}

/* One policy found in both with a new amount, passthrough, receiver or date. */
static void emit_policy_change(Diff *d, const Policy *a, const Policy *b)
{
    if (!dim_eq(a->amount.dim, b->amount.dim) || !quantity_close(a->amount.v, b->amount.v))
        emit_policy(d, "changed", b, "amount", amount_text(d, a), amount_text(d, b));
    if (!num_same(a->passthrough, b->passthrough))
        emit_policy(d, "changed", b, "passthrough", share_text(d, a->passthrough), share_text(d, b->passthrough));
    if (!str_same(a->government, b->government))
        emit_policy(d, "changed", b, "government", a->government ? a->government : "the vendor's origin",
                    b->government ? b->government : "the vendor's origin");
    if (!num_same(a->date, b->date)) emit_policy(d, "changed", b, "date", date_text(d, a->date), date_text(d, b->date));
    if (a->unknown_passes != b->unknown_passes)
        emit_policy(d, "changed", b, "unknown", a->unknown_passes ? "passes" : "blocks", b->unknown_passes ? "passes" : "blocks");
}

/* Pairs b's policies with a's: equal ones first, then the same statement with
 * other figures (changed); the rest were added (b) or lifted (a). */
/* The state at the end of env's timeline: dated policies included. */
static Env *end_of(Side *s, Env *env) { return timeline_state(&s->I, env, INFINITY); }

static void compare_policies(Diff *d, Env *ea, Env *eb)
{
    size_t na, nb;
    const Policy *const *pa = env_policies(ea, &na);
    const Policy *const *pb = env_policies(eb, &nb);
    int *match_b = xmalloc((nb + 1) * sizeof *match_b); /* index in a, -1 none */
    bool *used_a = calloc(na + 1, 1);
    if (!used_a) abort();
    for (int pass = 0; pass < 2; pass++)
        for (size_t j = 0; j < nb; j++) {
            if (pass == 0) match_b[j] = -1;
            if (match_b[j] >= 0) continue;
            for (size_t i = 0; i < na; i++)
                if (!used_a[i] && policy_key_same(pa[i], pb[j]) && (pass == 1 || policy_value_same(pa[i], pb[j]))) {
                    used_a[i] = true;
                    match_b[j] = (int)i;
                    break;
                }
        }
    for (size_t j = 0; j < nb; j++) {
        if (match_b[j] < 0) emit_policy(d, "added", pb[j], NULL, NULL, NULL);
        else emit_policy_change(d, pa[match_b[j]], pb[j]);
    }
    for (size_t i = 0; i < na; i++)
        if (!used_a[i]) emit_policy(d, "lifted", pa[i], NULL, NULL, NULL);
    free(match_b);
    free(used_a);
}

/* --- scenarios ------------------------------------------------------------------ */

/* "added scenario other" / "removed scenario gone". */
static void emit_scenario(Diff *d, const Entity *s, const char *change)
{
    Change c = {"scenarios", change, "scenario", s->name, .at = where(d, s->loc)};
    const char *title = s->display ? arena_printf(&d->arena, " \"%s\"", s->display) : "";
    emit(d, &c, arena_printf(&d->arena, "%s scenario %s%s", change, s->name, title));
}

/* "scenario deal: extends pause → resume" and the like. */
static void emit_scenario_field(Diff *d, const Entity *s, const char *field, const char *old, const char *new_)
{
    Change c = {"scenarios", "changed", "scenario", s->name, field, old, new_, .at = where(d, s->loc)};
    emit(d, &c, arena_printf(&d->arena, "%s %s → %s", field, old, new_));
}

/* s in quotes, or none when NULL. */
static const char *quoted_or(Diff *d, const char *s, const char *none)
{
    return s ? arena_printf(&d->arena, "\"%s\"", s) : none;
}

/* A scenario in both files: its base, title, policies and definitions; what
 * main already shows is not repeated. */
static void compare_scenario(Diff *d, Entity *a, Entity *b)
{
    d->scope = b->name;
    d->base = b->base;
    if (!str_same(a->base, b->base))
        emit_scenario_field(d, b, "extends", a->base ? a->base : "main", b->base ? b->base : "main");
    if (!str_same(a->display, b->display))
        emit_scenario_field(d, b, "title", quoted_or(d, a->display, "not set"), quoted_or(d, b->display, "not set"));
    compare_policies(d, end_of(&d->a, a->env), end_of(&d->b, b->env));
    compare_bindings(d, a->env, b->env);
    d->scope = d->base = NULL;
}

/* The scenario named name in env of side s, or NULL. */
static Entity *scenario_in(Side *s, const Env *env, const char *name)
{
    const Binding *b = lookup_in(s, env, name);
    return is_scenario(b) ? b->entity : NULL;
}

/* Scenarios of main in both files (b's order), added, and removed (a's order). */
static void compare_scenarios(Diff *d)
{
    size_t na, nb;
    const char **names_b = env_kind_names(d->b.I.main, K_SCENARIO, &nb);
    for (size_t i = 0; i < nb; i++) {
        Entity *sb = scenario_in(&d->b, d->b.I.main, names_b[i]), *sa = scenario_in(&d->a, d->a.I.main, names_b[i]);
        if (!sa) emit_scenario(d, sb, "added");
        else compare_scenario(d, sa, sb);
    }
    const char **names_a = env_kind_names(d->a.I.main, K_SCENARIO, &na);
    for (size_t i = 0; i < na; i++)
        if (!scenario_in(&d->b, d->b.I.main, names_a[i])) emit_scenario(d, scenario_in(&d->a, d->a.I.main, names_a[i]), "removed");
    free(names_a);
    free(names_b);
}

/* --- results -------------------------------------------------------------------- */

/* A figure of one market: its name (market attribute or "revenue") and, for
 * revenue, the vendor. Read as `show` and attributes read them. False (the
 * error reported) when the model could not run. */
typedef struct Figure {
    Env *env;
    const char *market, *attr, *vendor;
    Quantity out;
} Figure;

static void figure_read(Interp *I, void *data)
{
    Figure *f = data;
    Entity *m = env_entity(f->env, intern_cstr(&I->names, f->market), K_MARKET);
    if (f->vendor) {
        prepare_model(I, f->env);
        f->out = quantity_plain(model_revenue(f->env, intern_cstr(&I->names, f->vendor), m->name, NULL));
        f->out.dim = DIM_MONEY_;
    } else {
        Value v = attr_get(I, value_entity(m, f->env), f->attr, (Loc){0});
        f->out = v.kind == V_NUM ? v.u.q : quantity_plain(0);
    }
}

static bool read_figure(Side *s, Env *env, const char *market, const char *attr, const char *vendor, Quantity *out)
{
    Figure f = {.env = env, .market = market, .attr = attr, .vendor = vendor};
    if (!interp_try(&s->I, figure_read, &f)) return false;
    *out = f.out;
    return true;
}

/* "main: CN.compute 1.2 EFLOPS → 1.5 EFLOPS (+300 PFLOPS)" when it moved. */
static bool compare_figure(Diff *d, Env *ea, Env *eb, const char *market, const char *attr, const char *vendor)
{
    Quantity qa, qb;
    if (!read_figure(&d->a, ea, market, attr, vendor, &qa) || !read_figure(&d->b, eb, market, attr, vendor, &qb))
        return false;
    if (quantity_close(qa.v, qb.v)) return true;
    Quantity dq = qb;
    dq.v = qb.v - qa.v;
    dq.points = qa.percent && qb.percent; /* a share moves by percentage points */
    const char *delta = qty_text(d, dq);
    if (dq.v > 0) delta = arena_printf(&d->arena, "+%s", delta);
    const char *figure = vendor ? arena_printf(&d->arena, "revenue(%s, %s)", vendor, market)
                                : arena_printf(&d->arena, "%s.%s", market, attr);
    Change c = {"results", "changed", "market", market, figure, qty_text(d, qa), qty_text(d, qb), delta, NULL};
    const char *text = arena_printf(&d->arena, "%s %s → %s (%s)", figure, c.old, c.new_, delta);
    emit(d, &c, d->scope ? text : arena_printf(&d->arena, "main: %s", text));
    return true;
}

/* Names of a kind in b's env, then those only in a's (malloc'd array). */
static const char **union_names(Diff *d, Env *ea, Env *eb, EntityKind kind, size_t *n)
{
    size_t na, nb;
    const char **a = env_kind_names(ea, kind, &na), **b = env_kind_names(eb, kind, &nb);
    const char **all = xmalloc((na + nb + 1) * sizeof *all);
    memcpy(all, b, nb * sizeof *b);
    *n = nb;
    for (size_t i = 0; i < na; i++)
        if (!env_entity(eb, intern_cstr(&d->b.I.names, a[i]), kind)) all[(*n)++] = a[i];
    free(a);
    free(b);
    return all;
}

static const char *const MARKET_FIGURES[] = {"compute", "spend", "domestic_share", "units"};

/* Every market in both snapshots: its figures and each vendor's revenue there. */
static bool compare_results_of(Diff *d, Env *ea, Env *eb)
{
    size_t nm, nv;
    const char **markets = env_kind_names(eb, K_MARKET, &nm);
    const char **vendors = union_names(d, ea, eb, K_VENDOR, &nv);
    bool ok = true;
    for (size_t m = 0; m < nm && ok; m++) {
        if (!env_entity(ea, intern_cstr(&d->a.I.names, markets[m]), K_MARKET)) continue;
        for (int f = 0; f < 4 && ok; f++) ok = compare_figure(d, ea, eb, markets[m], MARKET_FIGURES[f], NULL);
        for (size_t v = 0; v < nv && ok; v++) ok = compare_figure(d, ea, eb, markets[m], "revenue", vendors[v]);
    }
    free(markets);
    free(vendors);
    return ok;
}

/* --results: main, then each scenario found in both files. */
static bool compare_results(Diff *d)
{
    if (!compare_results_of(d, end_of(&d->a, d->a.I.main), end_of(&d->b, d->b.I.main))) return false;
    size_t nb;
    const char **names = env_kind_names(d->b.I.main, K_SCENARIO, &nb);
    bool ok = true;
    for (size_t i = 0; i < nb && ok; i++) {
        Entity *sb = scenario_in(&d->b, d->b.I.main, names[i]), *sa = scenario_in(&d->a, d->a.I.main, names[i]);
        if (!sa) continue;
        d->scope = sb->name;
        ok = compare_results_of(d, end_of(&d->a, sa->env), end_of(&d->b, sb->env));
        d->scope = NULL;
    }
    free(names);
    return ok;
}

/* --- loading the two versions -------------------------------------------------- */

/* The folder of path (malloc'd): "." when it has none. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    char *dir = xstrdup(path);
    dir[slash - path] = '\0';
    return dir;
}

/* FILE's text at git revision rev (malloc'd), read with `git -C DIR show
 * REV:./BASE`; NULL (git has said why on stderr) when git cannot give it. */
static char *git_text(const char *rev, const char *file, size_t *len)
{
    char *dir = dir_of(file);
    const char *slash = strrchr(file, '/');
    char *spec = xmalloc(strlen(rev) + strlen(file) + 4);
    sprintf(spec, "%s:./%s", rev, slash ? slash + 1 : file);
    int fds[2];
    char *text = NULL;
    fflush(stdout);
    if (pipe(fds) == 0) {
        pid_t pid = fork();
        if (pid == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            execlp("git", "git", "-C", dir, "show", spec, (char *)NULL);
            fprintf(stderr, "polsim: error: cannot run git\n");
            _exit(127);
        }
        close(fds[1]);
        const char *why;
        text = pid > 0 ? load_stream(fds[0], len, &why) : NULL;
        close(fds[0]);
        int st = 0;
        if (pid > 0 && (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)) {
            free(text);
            text = NULL;
        }
    }
    free(spec);
    free(dir);
    return text;
}

/* Runs one version in its own quiet interpreter; false on an error (reported). */
static bool load_side(Side *s, const Options *opt)
{
    Interp *I = &s->I;
    interp_init(I, opt);
    interp_set_root(I, s->dir);
    if (!interp_load_prelude(I)) {
        fprintf(stderr, "polsim: error: the prelude failed to load\n");
        return false;
    }
    budget_steps(BUDGET_DEFAULT_STEPS);
    if (s->path && s->name == s->path) return interp_run_file(I, s->path) == RUN_OK;
    size_t len = 0;
    const char *why = NULL;
    char *text = NULL;
    if (!s->path) text = git_text(s->rev, s->gitfile, &len);
    else if (strcmp(s->path, "/dev/null") == 0) text = xstrdup(""); /* git's side of an added or deleted file */
    else text = load_file(s->path, &len, false, &why);
    if (!text) {
        if (s->path) diag_plain(&I->diag, DC_INPUT, "cannot open '%s': %s", s->path, why);
        else diag_plain(&I->diag, DC_INPUT, "cannot read '%s' at revision '%s' from git", s->gitfile, s->rev);
        return false;
    }
    return run_text_at(I, s->name, text, len, s->dir) == RUN_OK;
}

/* Exit status after an error in side s: 66 unreadable input, else 65. */
static int side_status(const Side *s)
{
    return s->I.diag.input_error ? DIFF_NOINPUT : DIFF_DATAERR;
}

/* --- lines (--lines) ---------------------------------------------------------- */

enum { CONTEXT = 3, LCS_MAX_CELLS = 1 << 24 };

/* A text cut into lines (borrowed spans, without their '\n'). */
typedef struct Lines {
    const char **s;
    size_t *n;
    size_t count;
} Lines;

static Lines split_lines(const char *text, size_t len)
{
    Lines l = {0};
    size_t cap = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (l.count == cap) {
            cap = cap ? cap * 2 : 64;
            l.s = xrealloc(l.s, cap * sizeof *l.s);
            l.n = xrealloc(l.n, cap * sizeof *l.n);
        }
        l.s[l.count] = text + i;
        l.n[l.count++] = end - i;
        i = end + 1;
    }
    return l;
}

static bool line_same(const Lines *a, size_t i, const Lines *b, size_t j)
{
    return a->n[i] == b->n[j] && memcmp(a->s[i], b->s[j], a->n[i]) == 0;
}

/* One line of the edit script: ' ' kept, '-' only in a, '+' only in b; ai and
 * bi are the lines of a and b it stands at. */
typedef struct LineOp {
    char kind;
    size_t ai, bi;
} LineOp;

/* The edit script from a to b: common ends, then the longest common
 * subsequence of the middle (or, past LCS_MAX_CELLS, all of it replaced). */
static LineOp *edit_script(const Lines *a, const Lines *b, size_t *nops)
{
    size_t p = 0, q = 0;
    while (p < a->count && p < b->count && line_same(a, p, b, p)) p++;
    while (q < a->count - p && q < b->count - p && line_same(a, a->count - 1 - q, b, b->count - 1 - q)) q++;
    size_t n = a->count - p - q, m = b->count - p - q, k = 0;
    LineOp *ops = xmalloc((a->count + b->count + 1) * sizeof *ops);
    for (size_t i = 0; i < p; i++) ops[k++] = (LineOp){' ', i, i};
    uint32_t *t = (n + 1) * (m + 1) <= LCS_MAX_CELLS ? xmalloc((n + 1) * (m + 1) * sizeof *t) : NULL;
    if (t) { /* t[i][j]: the LCS of a's middle from i and b's from j */
        for (size_t i = n + 1; i-- > 0;)
            for (size_t j = m + 1; j-- > 0;) {
                uint32_t *c = &t[i * (m + 1) + j];
                if (i == n || j == m) *c = 0;
                else if (line_same(a, p + i, b, p + j)) *c = t[(i + 1) * (m + 1) + j + 1] + 1;
                else *c = t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1] ? t[(i + 1) * (m + 1) + j] : t[i * (m + 1) + j + 1];
            }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (t && i < n && j < m && line_same(a, p + i, b, p + j)) ops[k++] = (LineOp){' ', p + i++, p + j++};
        else if (i < n && (j == m || !t || t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1])) ops[k++] = (LineOp){'-', p + i++, p + j};
        else ops[k++] = (LineOp){'+', p + i, p + j++};
    }
    free(t);
    for (size_t r = 0; r < q; r++) ops[k++] = (LineOp){' ', p + n + r, p + m + r};
    *nops = k;
    return ops;
}

/* Prints one line of a hunk: its mark and its text, made safe for a terminal. */
static void print_line(char mark, const char *s, size_t n)
{
    char *line = xmalloc(n + 1);
    memcpy(line, s, n);
    line[n] = '\0';
    term_printf("%c%s\n", mark, line);
    free(line);
}

/* Prints a unified diff of the texts (hunks with CONTEXT lines around each
 * change, no file header); returns whether any line differs. */
static bool line_diff(const char *ta, size_t la, const char *tb, size_t lb)
{
    Lines a = split_lines(ta, la), b = split_lines(tb, lb);
    size_t nops, i = 0;
    LineOp *ops = edit_script(&a, &b, &nops);
    bool any = false;
    while (i < nops) {
        if (ops[i].kind == ' ') {
            i++;
            continue;
        }
        any = true;
        size_t start = i > CONTEXT ? i - CONTEXT : 0, last = i, j = i;
        for (; j < nops; j++) {
            if (ops[j].kind != ' ') last = j;
            else if (j - last > 2 * CONTEXT) break;
        }
        size_t end = last + CONTEXT + 1 < nops ? last + CONTEXT + 1 : nops, na = 0, nb = 0;
        for (size_t k = start; k < end; k++) {
            na += ops[k].kind != '+';
            nb += ops[k].kind != '-';
        }
        term_printf("@@ -%zu,%zu +%zu,%zu @@\n", ops[start].ai + (na > 0), na, ops[start].bi + (nb > 0), nb);
        for (size_t k = start; k < end; k++) {
            const LineOp *o = &ops[k];
            if (o->kind == '+') print_line('+', b.s[o->bi], b.n[o->bi]);
            else print_line(o->kind, a.s[o->ai], a.n[o->ai]);
        }
        i = end;
    }
    free(ops);
    free(a.s), free(a.n), free(b.s), free(b.n);
    return any;
}

/* A side's text as load_side reads it (malloc'd), or NULL. */
static char *side_text(const Side *s, size_t *len)
{
    const char *why;
    *len = 0;
    if (!s->path) return git_text(s->rev, s->gitfile, len);
    if (strcmp(s->path, "/dev/null") == 0) return xstrdup("");
    return load_file(s->path, len, false, &why);
}

/* --lines: a note saying why, then the lines that changed; the exit status. */
static int diff_lines(Diff *d, const char *why)
{
    size_t la, lb;
    char *ta = side_text(&d->a, &la), *tb = ta ? side_text(&d->b, &lb) : NULL;
    int rc = DIFF_SAME;
    if (!ta || !tb) rc = DIFF_NOINPUT;
    else if (la != lb || memcmp(ta, tb, la) != 0) {
        term_printf("note: %s; the lines that changed:\n", why);
        rc = line_diff(ta, la, tb, lb) ? DIFF_FOUND : DIFF_SAME;
    }
    free(ta);
    free(tb);
    return rc;
}

/* --- the command line -------------------------------------------------------- */

typedef struct DiffArgs {
    Options opt;
    bool results, json, help, lines;
    const char *as;
    const char *pos[3];
    int npos;
    bool dashdash;   /* REV -- FILE */
} DiffArgs;

/* A usage message; returns exit status 2. */
static int diff_usage(const char *fmt, const char *arg) { return cli_usage("diff", fmt, arg); }

/* The value of an option given as "--name VALUE" or "--name=VALUE", or NULL. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) != 0) return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* One option with a value; 1 when argv[*i] is none of them, 0 taken, 2 bad. */
static int diff_value_option(int argc, char **argv, int *i, DiffArgs *a)
{
    static const char *const names[] = {"--format", "--color", "--stdlib", "--as"};
    for (int k = 0; k < 4; k++) {
        bool missing = false;
        const char *v = opt_value(argc, argv, i, names[k], &missing);
        if (missing) return diff_usage("%s needs a value", names[k]);
        if (!v) continue;
        if (k == 0 && strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
            return diff_usage("unknown format '%s' for diff (use text or json)", v);
        if (k == 1 && strcmp(v, "always") != 0 && strcmp(v, "never") != 0 && strcmp(v, "auto") != 0)
            return diff_usage("unknown --color '%s' (use auto, always or never)", v);
        if (!*v) return diff_usage("%s needs a value", names[k]);
        if (k == 0) a->json = strcmp(v, "json") == 0;
        if (k == 1 && strcmp(v, "auto") != 0) a->opt.color = strcmp(v, "always") == 0;
        if (k == 2) a->opt.stdlib_dir = v;
        if (k == 3) a->as = v;
        return 0;
    }
    return 1;
}

/* Options and the two files (or REV -- FILE) of `polsim diff`. */
static int diff_parse(int argc, char **argv, DiffArgs *a)
{
    a->opt.mode = MODE_CHECK; /* run everything, print nothing, asserts are not counted */
    a->opt.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    a->opt.stdlib_dir = getenv("POLSIM_STDLIB");
    if (a->opt.stdlib_dir && !*a->opt.stdlib_dir) a->opt.stdlib_dir = NULL;
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        int rc;
        if (opts_done || s[0] != '-') { /* so a revision never starts with '-': git would take it as an option */
            if (a->npos == 3) return diff_usage("too many files%s", "");
            a->pos[a->npos++] = s;
        } else if (strcmp(s, "--") == 0) {
            opts_done = a->dashdash = true;
            if (a->npos != 1) return diff_usage("give one git revision before '--'%s", "");
        } else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) a->help = true;
        else if (strcmp(s, "--results") == 0) a->results = true;
        else if (strcmp(s, "--lines") == 0) a->lines = true;
        else if (strcmp(s, "--no-prelude") == 0) a->opt.no_prelude = true;
        else if (strcmp(s, "--allow-any-import") == 0) a->opt.any_import = true;
        else if ((rc = diff_value_option(argc, argv, &i, a)) != 1) { if (rc) return rc; }
        else return diff_usage("unknown option '%s' for diff", s);
    }
    if (a->help) return 0;
    if (a->npos != 2) return diff_usage(a->dashdash ? "'polsim diff REV -- FILE' takes one file%s"
                                                    : "'polsim diff' needs two files, or REV -- FILE%s", "");
    if (a->dashdash && a->as) return diff_usage("--as is for two files, not REV -- FILE%s", "");
    return 0;
}

/* Where each side's text comes from, how it is named, and its import folder. */
static void diff_sides(Diff *d, const DiffArgs *args)
{
    if (args->dashdash) {
        const char *file = args->pos[1];
        d->a = (Side){.rev = args->pos[0], .gitfile = file, .name = arena_printf(&d->arena, "%s:%s", args->pos[0], file)};
        d->b = (Side){.path = file, .name = file};
    } else if (args->as) {
        d->a = (Side){.path = args->pos[0], .name = arena_printf(&d->arena, "a/%s", args->as)};
        d->b = (Side){.path = args->pos[1], .name = arena_printf(&d->arena, "b/%s", args->as)};
    } else {
        d->a = (Side){.path = args->pos[0], .name = args->pos[0]};
        d->b = (Side){.path = args->pos[1], .name = args->pos[1]};
    }
    const char *home = args->as ? args->as : args->dashdash ? args->pos[1] : NULL;
    char *da = dir_of(home ? home : d->a.path), *db = dir_of(home ? home : d->b.path);
    d->a.dir = arena_strdup(&d->arena, da);
    d->b.dir = arena_strdup(&d->arena, db);
    free(da);
    free(db);
}

/* Every section in order; the exit status. */
static int diff_run(Diff *d, const DiffArgs *args)
{
    bool ok_a = load_side(&d->a, &args->opt);
    bool ok_b = ok_a && load_side(&d->b, &args->opt);
    const Side *bad = !ok_a ? &d->a : !ok_b ? &d->b : NULL;
    bool lines = args->lines && !args->json;
    if (bad && lines && side_status(bad) == DIFF_DATAERR) /* a working copy half edited: still show something */
        return diff_lines(d, arena_printf(&d->arena, "%s has an error (its message is on standard error), so words cannot tell", bad->name));
    if (bad) return side_status(bad);
    compare_bindings(d, d->a.I.main, d->b.I.main);
    compare_policies(d, end_of(&d->a, d->a.I.main), end_of(&d->b, d->b.I.main));
    compare_scenarios(d);
    if (d->results && !compare_results(d)) return side_status(d->a.I.diag.errors ? &d->a : &d->b);
    if (!d->count && lines) return diff_lines(d, "no change in meaning (comments or layout)");
    return d->count ? DIFF_FOUND : DIFF_SAME;
}

int diff_main(int argc, char **argv)
{
    DiffArgs args = {0};
    int rc = diff_parse(argc, argv, &args);
    if (rc) return rc;
    if (args.help) {
        fputs(DIFF_USAGE_TEXT, stdout);
        return 0;
    }
    if (getenv("NO_COLOR") && *getenv("NO_COLOR")) args.opt.color = false;
    const char *why;
    budget_memory(BUDGET_DEFAULT_MEMORY, &why); /* as polsim without options: a failure here is not an error */
    budget_time(BUDGET_DEFAULT_SECONDS);
    Diff d = {.results = args.results, .json = args.json, .keys = json_object()};
    arena_init(&d.arena);
    diff_sides(&d, &args);
    rc = diff_run(&d, &args);
    if (d.a.I.main) interp_free(&d.a.I);
    if (d.b.I.main) interp_free(&d.b.I);
    json_decref(d.keys);
    arena_free(&d.arena);
    return rc;
}
