/* worlddiff.c: the engine of `polsim diff` (see worlddiff.h): the final
 * worlds of two interpreters compared section by section: definitions,
 * main's policies, scenarios, and with results the market model's figures.
 * Names are looked up in each interpreter by spelling (the two intern
 * apart). */
#include "worlddiff.h"
#include "arena.h"
#include "model.h"
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    Interp *a, *b;
    bool results;
    Arena arena;          /* every string the comparison makes */
    const char *scope;    /* NULL: main; else the scenario being compared */
    const char *base;     /* the scenario it extends (NULL: main) */
    json_t *keys;         /* set of "SCOPE\x1fKEY" of every difference found, shown or not */
    WorldChangeFn fn;
    void *data;
    int count;
} Diff;

/* --- differences --------------------------------------------------------------- */

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

/* Hands on one difference (text is its line without the scenario prefix). A
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
    if (!d->fn) return;
    const char *section = d->scope && strcmp(c->section, "results") != 0 ? "scenarios" : c->section;
    WorldChange w = {section, d->scope ? d->scope : "main", c->change, c->kind, c->name, c->field, c->old, c->new_,
                     c->delta, c->at, NULL, NULL};
    json_t *o = json_object();
    json_set(o, "type", "diff");
    json_set(o, "section", w.section);
    json_set(o, "scope", w.scope);
    json_set(o, "change", c->change);
    json_set(o, "kind", c->kind);
    json_set(o, "name", c->name);
    json_set(o, "field", c->field);
    json_set(o, "old", c->old);
    json_set(o, "new", c->new_);
    json_set(o, "difference", c->delta);
    json_set(o, "at", c->at);
    char *json = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!json) {
        fprintf(stderr, "polsim: out of memory\n");
        exit(70);
    }
    w.json = json;
    w.text = d->scope ? arena_printf(&d->arena, "scenario %s: %s", d->scope, text) : text;
    d->fn(d->data, &w);
    free(json);
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

/* Two distributions (EXPR over N runs) alike: the same unit and the same
 * draws, each close (a and b come from two worlds: never the same pointer). */
static bool same_summary(const Summary *a, const Summary *b)
{
    if (a->n != b->n || !dim_eq(a->dim, b->dim) || a->percent != b->percent) return false;
    for (size_t i = 0; i < a->n; i++)
        if (!quantity_close(a->sorted[i], b->sorted[i])) return false;
    return true;
}

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
    case V_DIST: return same_summary(a.u.dist, b.u.dist);
    }
    return false;
}

/* The binding of name (spelled in the other interpreter) in env of I, or NULL. */
static const Binding *lookup_in(Interp *I, const Env *env, const char *name)
{
    return env_lookup(env, intern_cstr(&I->names, name));
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
        const Binding *bb = env_lookup(eb, names_b[i]), *ba = lookup_in(d->a, ea, names_b[i]);
        if (is_scenario(bb)) continue;
        if (!ba || is_scenario(ba)) emit_presence(d, bb, true);
        else compare_binding(d, ba, bb);
    }
    const char *const *names_a = env_names(ea, &na);
    for (size_t i = 0; i < na; i++) {
        const Binding *ba = env_lookup(ea, names_a[i]), *bb = lookup_in(d->b, eb, names_a[i]);
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

/* The state at the end of env's timeline: dated policies included. */
static Env *end_of(Interp *I, Env *env) { return timeline_state(I, env, INFINITY); }

/* Pairs b's policies with a's: equal ones first, then the same statement with
 * other figures (changed); the rest were added (b) or lifted (a). */
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
    compare_policies(d, end_of(d->a, a->env), end_of(d->b, b->env));
    compare_bindings(d, a->env, b->env);
    d->scope = d->base = NULL;
}

/* The scenario named name in env of I, or NULL. */
static Entity *scenario_in(Interp *I, const Env *env, const char *name)
{
    const Binding *b = lookup_in(I, env, name);
    return is_scenario(b) ? b->entity : NULL;
}

/* Scenarios of main in both files (b's order), added, and removed (a's order). */
static void compare_scenarios(Diff *d)
{
    size_t na, nb;
    const char **names_b = env_kind_names(d->b->main, K_SCENARIO, &nb);
    for (size_t i = 0; i < nb; i++) {
        Entity *sb = scenario_in(d->b, d->b->main, names_b[i]), *sa = scenario_in(d->a, d->a->main, names_b[i]);
        if (!sa) emit_scenario(d, sb, "added");
        else compare_scenario(d, sa, sb);
    }
    const char **names_a = env_kind_names(d->a->main, K_SCENARIO, &na);
    for (size_t i = 0; i < na; i++)
        if (!scenario_in(d->b, d->b->main, names_a[i])) emit_scenario(d, scenario_in(d->a, d->a->main, names_a[i]), "removed");
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

static bool read_figure(Interp *I, Env *env, const char *market, const char *attr, const char *vendor, Quantity *out)
{
    Figure f = {.env = env, .market = market, .attr = attr, .vendor = vendor};
    if (!interp_try(I, figure_read, &f)) return false;
    *out = f.out;
    return true;
}

/* "main: CN.compute 1.2 EFLOPS → 1.5 EFLOPS (+300 PFLOPS)" when it moved. */
static bool compare_figure(Diff *d, Env *ea, Env *eb, const char *market, const char *attr, const char *vendor)
{
    Quantity qa, qb;
    if (!read_figure(d->a, ea, market, attr, vendor, &qa) || !read_figure(d->b, eb, market, attr, vendor, &qb))
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
        if (!env_entity(eb, intern_cstr(&d->b->names, a[i]), kind)) all[(*n)++] = a[i];
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
        if (!env_entity(ea, intern_cstr(&d->a->names, markets[m]), K_MARKET)) continue;
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
    if (!compare_results_of(d, end_of(d->a, d->a->main), end_of(d->b, d->b->main))) return false;
    size_t nb;
    const char **names = env_kind_names(d->b->main, K_SCENARIO, &nb);
    bool ok = true;
    for (size_t i = 0; i < nb && ok; i++) {
        Entity *sb = scenario_in(d->b, d->b->main, names[i]), *sa = scenario_in(d->a, d->a->main, names[i]);
        if (!sa) continue;
        d->scope = sb->name;
        ok = compare_results_of(d, end_of(d->a, sa->env), end_of(d->b, sb->env));
        d->scope = NULL;
    }
    free(names);
    return ok;
}

int world_diff(Interp *a, Interp *b, bool results, WorldChangeFn fn, void *data)
{
    Diff d = {.a = a, .b = b, .results = results, .keys = json_object(), .fn = fn, .data = data};
    arena_init(&d.arena);
    compare_bindings(&d, a->main, b->main);
    compare_policies(&d, end_of(a, a->main), end_of(b, b->main));
    compare_scenarios(&d);
    bool ok = !results || compare_results(&d);
    json_decref(d.keys);
    arena_free(&d.arena);
    return ok ? d.count : -1;
}
