/* policy_stmt.c: the policy statements (caps, bans, rules, licences,
 * tariffs, lift), explain and classify, and deciding rule predicates so the
 * policy walk and the market model never call the evaluator. */
#include "interp.h"
#include "context.h"
#include "dates.h"
#include "attrs.h"
#include "model.h"
#include "policy.h"
#include "whatif.h"
#include "study.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- recording policies ----------------------------------------------------- */

/* The attribute a cap names: a chip attribute the table marks cappable. */
static const AttrDef *check_cap_attr(Interp *I, Name attr)
{
    const AttrDef *a = attr_find(K_CHIP, attr.id);
    if (a && a->cap >= 0) return a;
    size_t n, k = 0;
    const AttrDef *t = attr_table(&n);
    const char *names[CA_COUNT];
    for (size_t i = 0; i < n && k < CA_COUNT; i++)
        if (t[i].kind == K_CHIP && t[i].cap >= 0) names[k++] = t[i].name;
    const char *hint = diag_nearest(attr.id, names, k);
    if (hint) eval_fail(I, DC_NAME, attr.loc, "cannot cap '%s'; did you mean '%s'?", attr.id, hint);
    eval_fail(I, DC_NAME, attr.loc, "cannot cap '%s'; a cap takes a numeric chip attribute such as bandwidth or tpp", attr.id);
}

static double fraction(Interp *I, Expr *e, const char *what, double max)
{
    Quantity q = eval_number(I, e, what);
    if (!dim_is_none(q.dim)) {
        char n[64];
        eval_fail(I, DC_UNIT, e->loc, "%s must be a percentage, not %s", what, dim_phrase(q.dim, n, sizeof n));
    }
    if (!q.percent && q.v > 1)
        eval_fail(I, DC_UNIT, e->loc, "write %s as a percentage, such as %g%%", what, q.v);
    if (q.v < 0 || q.v > max) eval_fail(I, DC_RUNTIME, e->loc, "%s must be between 0%% and %g%%", what, max * 100);
    return q.v;
}

/* Whether name is a market or the origin of some vendor or chip in env. */
static bool is_country(const Env *env, const char *name)
{
    if (env_entity(env, name, K_MARKET)) return true;
    static const EntityKind KINDS[] = {K_VENDOR, K_CHIP};
    static const int ORIGIN[] = {VE_ORIGIN, CH_ORIGIN};
    for (int k = 0; k < 2; k++)
        for (const NameCell *c = env->by_kind[KINDS[k]]; c; c = c->next) {
            const Entity *e = env_entity(env, c->name, KINDS[k]);
            if (e && e->values[ORIGIN[k]].kind == V_SYM && e->values[ORIGIN[k]].u.s == name) return true;
        }
    return false;
}

/* A country: a market's name or the origin of some vendor or chip. */
static const char *check_country(Interp *I, Name n)
{
    if (!n.id) return NULL;
    if (is_country(I->cur, n.id)) return n.id;
    const WorldFacts *f = world_facts(I->cur); /* only to suggest a spelling */
    const char *hint = diag_nearest(n.id, f->countries, (size_t)f->ncountries);
    if (hint) eval_fail(I, DC_NAME, n.loc, "unknown country '%s'; did you mean '%s'?", n.id, hint);
    eval_fail(I, DC_NAME, n.loc, "unknown country '%s' (no market or vendor has that origin)", n.id);
}

static void check_cap_amount(Interp *I, const PolicySpec *ps, Policy *p)
{
    const AttrDef *def = check_cap_attr(I, ps->attr);
    p->cap = def->cap;
    p->attr = ps->attr.id;
    p->amount = eval_number(I, ps->amount, "a cap");
    Dim want = *attr_dim(def);
    if (dim_eq(p->amount.dim, want)) {
        const char *why = policy_problem(p); /* a negative cap would block every chip */
        if (why) eval_fail(I, DC_RUNTIME, ps->amount->loc, "%s", why);
        return;
    }
    char a[64], b[64], t[64];
    eval_fail(I, DC_UNIT, ps->amount->loc, "a cap on %s must be %s (e.g. %s), not %s (%s)", p->attr,
              dim_phrase(want, a, sizeof a), dim_example_unit(want)[0] ? dim_example_unit(want) : "4800",
              dim_phrase(p->amount.dim, b, sizeof b), quantity_format(p->amount, t, sizeof t));
}

/* route M via V markup X [share S] [risk R]: V a market other than M. */
static void check_route(Interp *I, const PolicySpec *ps, Policy *p)
{
    p->via = lookup_entity(I, I->cur, ps->subject, K_MARKET)->name;
    if (p->via == p->to) eval_fail(I, DC_RUNTIME, ps->subject.loc, "a route goes through another market, not %s itself", p->to);
    p->subject = p->via;
    p->amount = quantity_plain(fraction(I, ps->amount, "a markup", 10));
    p->route_share = ps->route_share ? fraction(I, ps->route_share, "the route's share", 1) : NAN;
    p->risk = ps->risk ? fraction(I, ps->risk, "the risk", 1) : 0;
    if (p->risk >= 1) eval_fail(I, DC_RUNTIME, ps->risk->loc, "a risk of 100%% loses everything: the route carries nothing");
}

static Policy *build_policy_now(Interp *I, const Stmt *s)
{
    const PolicySpec *ps = &s->u.policy;
    Policy *p = arena_alloc(&I->arena, sizeof *p);
    p->kind = ps->kind;
    p->loc = s->loc;
    p->seq = ++I->policy_seq;
    p->date = NAN;
    p->cap = -1;
    p->unknown_passes = ps->unknown == UNKNOWN_PASSES;
    p->to = lookup_entity(I, I->cur, ps->to, K_MARKET)->name;
    p->from = check_country(I, ps->from);
    switch (ps->kind) {
    case P_CAP: check_cap_amount(I, ps, p); break;
    case P_BAN_VENDOR: case P_BAN_EXPORT_VENDOR: case P_LICENSE_VENDOR:
        p->subject = lookup_entity(I, I->cur, ps->subject, K_VENDOR)->name;
        break;
    case P_BAN_CHIP: case P_BAN_EXPORT_CHIP: case P_LICENSE_CHIP:
        p->subject = lookup_entity(I, I->cur, ps->subject, K_CHIP)->name;
        break;
    case P_APPLY_RULE: p->subject = lookup_entity(I, I->cur, ps->subject, K_RULE)->name; break;
    case P_TARIFF: p->amount = quantity_plain(fraction(I, ps->amount, "a tariff", 10)); break;
    case P_TARIFF_SHARE:
        p->on_chip = ps->on_chip;
        p->subject = lookup_entity(I, I->cur, ps->subject, ps->on_chip ? K_CHIP : K_VENDOR)->name;
        p->amount = quantity_plain(fraction(I, ps->amount, "a revenue share", 1));
        p->passthrough = ps->passthrough ? fraction(I, ps->passthrough, "the passthrough", 1) : 0;
        p->government = check_country(I, ps->government);
        break;
    case P_ROUTE: check_route(I, ps, p); break;
    }
    return p;
}

/* A policy from its statement, marked uncertain when a figure it read was. */
static Policy *build_policy(Interp *I, const Stmt *s)
{
    bool saw = I->saw_uncertain;
    I->saw_uncertain = false;
    Policy *p = build_policy_now(I, s);
    p->uncertain = I->saw_uncertain && !I->sampling;
    p->stmt = s;
    I->saw_uncertain |= saw;
    return p;
}

const Policy *policy_redraw(Interp *I, Env *env, const Policy *p)
{
    if (!p->uncertain || !I->sampling) return p;
    int f = ctx_enter(I, false);
    I->cur = env;
    I->figure = 0; /* a policy's draws are keyed by their place, whatever reads it */
    I->figure_origin = 0;
    uint64_t seq = I->policy_seq;
    Policy *q = build_policy_now(I, p->stmt);
    I->policy_seq = seq;
    ctx_leave(I, f);
    q->seq = p->seq;
    q->date = p->date;
    q->stmt = p->stmt;
    return q;
}

void policy_apply(Interp *I, const Stmt *s) { env_add_policy(I->cur, build_policy(I, s)); }

Policy *policy_build(Interp *I, const Stmt *s) { return build_policy(I, s); }

static bool same_as(const Policy *p, const void *want) { return policy_same(p, want); }

void policy_lift(Interp *I, const Stmt *s)
{
    Policy *want = build_policy(I, s);
    if (env_remove_policy(I->cur, same_as, want)) return;
    const char *text = s->loc.src->text + s->loc.start + 5; /* after "lift " */
    int len = (int)(s->loc.end - s->loc.start) - 5;
    eval_fail(I, DC_RUNTIME, s->loc, "nothing to lift: no '%.*s' is in force here", len > 0 ? len : 0, len > 0 ? text : "");
}

/* --- rules ------------------------------------------------------------------- */

Value rule_verdict(Interp *I, Env *env, const Entity *rule, const Entity *chip)
{
    Value v = eval_in(I, env, chip, rule->predicate);
    if (v.kind != V_BOOL && v.kind != V_UNKNOWN)
        eval_fail(I, DC_TYPE, rule->predicate->loc, "rule '%s': controlled: must be a true/false condition", rule->name);
    return v;
}

/* Warns, once per policy and chip, that p cannot decide chip because figure
 * is unknown and so blocks it (the default; `unknown passes` lets it through). */
static void warn_unknown(Interp *I, const Policy *p, const Entity *chip, const char *figure)
{
    if (p->unknown_passes) return;
    /* keyed by the policy's place, not its address: a study point's policies are released */
    void *src = (void *)p->loc.src, *at = (void *)(uintptr_t)p->loc.start;
    for (size_t i = 0; i + 2 < I->warned_unknown.len; i += 3)
        if (I->warned_unknown.items[i] == src && I->warned_unknown.items[i + 1] == at
            && I->warned_unknown.items[i + 2] == chip->name)
            return;
    ptrvec_push(&I->warned_unknown, src);
    ptrvec_push(&I->warned_unknown, at);
    ptrvec_push(&I->warned_unknown, (void *)chip->name); /* by name: a chip's variants warn once */
    const char *what = p->kind == P_CAP ? "this cap" : arena_printf(&I->arena, "rule %s", p->subject);
    diag_report(&I->diag, DIAG_WARNING, DC_RUNTIME, p->loc,
                "%s is unknown, so %s cannot decide %s; it blocks %s (write 'unknown passes' to let it through)", figure,
                what, chip->name, chip->name);
}

/* Warns for each cap on chip's route into market whose figure chip lacks. */
static void warn_unknown_caps(Interp *I, const Policy *const *caps, size_t n, const ChipFacts *c, const char *market)
{
    for (size_t i = 0; i < n; i++) {
        const Policy *p = caps[i];
        if (p->kind != P_CAP || p->to != market || c->origin == market || (p->from && p->from != c->origin)) continue;
        if (isnan(c->fig[p->cap])) warn_unknown(I, p, c->chip, arena_printf(&I->arena, "%s.%s", c->name, p->attr));
    }
}

/* Whether a rule's test reads only the chip and plain bindings, so its
 * decisions hold for every snapshot with the same facts: literals, names,
 * `chip`, attributes other than market results and revenues, arithmetic and
 * comparisons, and the numeric builtins. Anything else (available(), units(),
 * a market's compute, a scenario) depends on the policies of the snapshot.
 * With chip_only, attributes are the chip's own (no other entity's). */
static bool pure_test(const Expr *e, bool chip_only)
{
    static const char *const PURE_CALLS[] = {"ratio", "min", "max", "floor", "ceil", "round", "abs"};
    if (!e) return true;
    switch (e->kind) {
    case E_NUMBER: case E_STRING: case E_BOOL: case E_DATE: case E_NAME: case E_SUBJECT: return true;
    case E_UNARY: return pure_test(e->u.bin.a, chip_only);
    case E_CLAUSE: return pure_test(e->u.clause.body, chip_only);
    case E_BINARY: return pure_test(e->u.bin.a, chip_only) && pure_test(e->u.bin.b, chip_only);
    case E_WITHIN: case E_BETWEEN:
        return pure_test(e->u.tern.a, chip_only) && pure_test(e->u.tern.b, chip_only) && pure_test(e->u.tern.c, chip_only);
    case E_ATTR: {
        if (chip_only && e->u.attr.target->kind != E_SUBJECT) return false; /* another entity's figure */
        size_t n;
        const AttrDef *t = attr_table(&n);
        for (size_t i = 0; i < n; i++)
            if ((t[i].get == AG_MARKET_RESULT || t[i].get == AG_VENDOR_REVENUE) && strcmp(t[i].name, e->u.attr.name.id) == 0)
                return false;
        return pure_test(e->u.attr.target, chip_only);
    }
    case E_CALL:
        for (size_t i = 0; i < sizeof PURE_CALLS / sizeof PURE_CALLS[0]; i++)
            if (strcmp(PURE_CALLS[i], e->u.attr.name.id) == 0) {
                for (const Expr *a = e->u.attr.args; a; a = a->next)
                    if (!pure_test(a, chip_only)) return false;
                return true;
            }
        return false;
    default: return false; /* E_METHOD: a scenario's state */
    }
}

static bool reads_only_world(const Expr *e) { return pure_test(e, false); }

/* Whether some name e reads (through arithmetic, comparisons, clauses,
 * attributes, calls and their arguments) satisfies hit. */
static bool any_name(const Expr *e, bool (*hit)(const void *ctx, const char *name), const void *ctx)
{
    if (!e) return false;
    switch (e->kind) {
    case E_NAME: return hit(ctx, e->u.name.id);
    case E_ATTR: case E_CALL: case E_METHOD:
        if (any_name(e->u.attr.target, hit, ctx)) return true;
        for (const Expr *a = e->u.attr.args; a; a = a->next)
            if (any_name(a, hit, ctx)) return true;
        return false;
    case E_UNARY: case E_BINARY: return any_name(e->u.bin.a, hit, ctx) || any_name(e->u.bin.b, hit, ctx);
    case E_CLAUSE: return any_name(e->u.clause.body, hit, ctx);
    case E_WITHIN: case E_BETWEEN: case E_RANGE: case E_OVER:
        return any_name(e->u.tern.a, hit, ctx) || any_name(e->u.tern.b, hit, ctx) || any_name(e->u.tern.c, hit, ctx);
    default: return false;
    }
}

static bool is_study_var(const void *ctx, const char *name)
{
    const Interp *I = ctx;
    for (int i = 0; i < I->nvars; i++)
        if (I->vars[i].name == name) return true;
    return false;
}

/* Whether e names a sweep variable in scope (its value changes from point to point). */
static bool reads_study_var(const Interp *I, const Expr *e) { return any_name(e, is_study_var, I); }

/* The row of decisions for rule in f, valid for env: a rule that reads more
 * than the world starts afresh in each snapshot (and each change of it). */
static signed char *rule_row(Interp *I, WorldFacts *f, Env *env, const Entity *rule, const char *name)
{
    RuleRow *row = facts_rule(f, name);
    /* In a study, a sweep variable or a draw may change a test the world alone does not. */
    const Expr *test = rule ? rule->predicate : NULL;
    bool per_env = I->sampling || !reads_only_world(test) || (I->nvars > 0 && reads_study_var(I, test));
    if (rule && per_env && (row->for_env != env || row->for_version != env->version)) {
        memset(row->controls, -1, (size_t)(f->nchips ? f->nchips : 1));
        row->for_env = env;
        row->for_version = env->version;
    }
    return row->controls; /* stays put even when a nested decision grows f->rules */
}

/* Whether e has the shape of a test that reads the chip alone: as
 * reads_only_world, with attributes of `chip` only (no other entity). */
static bool chip_only_shape(const Expr *e) { return pure_test(e, true); }

typedef struct Scope {
    const Interp *I;
    const Env *env;
} Scope;

static bool is_bound(const void *ctx, const char *name)
{
    const Scope *sc = ctx;
    return env_lookup(sc->env, name) || is_study_var(sc->I, name);
}

/* Whether every name e reads is unbound here (a country such as US stands for itself). */
static bool names_unbound(const Interp *I, const Env *env, const Expr *e) { return !any_name(e, is_bound, &(Scope){I, env}); }

/* Whether rule's test reads the chip alone in env: it then decides a chip the
 * same way in every snapshot, study run and point, so its verdict is kept by
 * serial. The shape is looked at once per rule. */
static bool reads_chip_only(const Interp *I, const Env *env, Entity *rule)
{
    if (!rule->chip_only) rule->chip_only = chip_only_shape(rule->predicate) ? 1 : -1;
    return rule->chip_only > 0 && names_unbound(I, env, rule->predicate);
}

/* Where (rule, chip) starts its probe in a memo of mask + 1 slots. */
static size_t memo_home(size_t mask, uint64_t rule, uint64_t chip)
{
    return (size_t)((rule * 0x9E3779B97F4A7C15ull) ^ (chip * 0xBF58476D1CE4E5B9ull)) & mask;
}

/* The memo's slot for (rule, chip): its entry, or the empty slot where it goes. */
static VerdictMemo *memo_slot(Interp *I, uint64_t rule, uint64_t chip)
{
    size_t mask = I->memo_cap - 1, i = memo_home(mask, rule, chip);
    while (I->memo[i].rule && !(I->memo[i].rule == rule && I->memo[i].chip == chip)) i = (i + 1) & mask;
    return &I->memo[i];
}

/* Keeps a decided verdict; a full memo starts again empty (its size stays
 * bounded). An entry for an entity made inside a released frame is logged
 * for memo_release. */
static void memo_put(Interp *I, uint64_t rule, uint64_t chip, signed char verdict)
{
    enum { MEMO_MIN = 256, MEMO_MAX = 1 << 16 };
    if (I->memo_n + 1 > I->memo_cap / 2) {
        size_t cap = I->memo_cap ? 2 * I->memo_cap : MEMO_MIN;
        VerdictMemo *old = I->memo;
        size_t oldcap = I->memo_cap;
        I->memo = xcalloc(cap > MEMO_MAX ? MEMO_MAX : cap, sizeof *I->memo);
        I->memo_cap = cap > MEMO_MAX ? MEMO_MAX : cap;
        I->memo_n = 0;
        for (size_t i = 0; cap <= MEMO_MAX && i < oldcap; i++)
            if (old[i].rule) *memo_slot(I, old[i].rule, old[i].chip) = old[i], I->memo_n++;
        free(old);
    }
    *memo_slot(I, rule, chip) = (VerdictMemo){rule, chip, verdict};
    I->memo_n++;
    if (I->memo_floor && (rule > I->memo_floor || chip > I->memo_floor)) {
        if (I->memo_nlog == I->memo_logcap) {
            I->memo_logcap = I->memo_logcap ? 2 * I->memo_logcap : 64;
            I->memo_logged = xrealloc(I->memo_logged, sizeof *I->memo_logged * I->memo_logcap);
        }
        I->memo_logged[I->memo_nlog++] = (VerdictMemo){rule, chip, verdict};
    }
}

/* Removes (rule, chip) from the memo, if there: the entries after it in
 * its probe run move back so that every entry stays reachable from its home. */
static void memo_delete(Interp *I, uint64_t rule, uint64_t chip)
{
    if (!I->memo_cap) return;
    VerdictMemo *m = memo_slot(I, rule, chip);
    if (!m->rule) return; /* gone already: the memo was cleared when full */
    size_t mask = I->memo_cap - 1, i = (size_t)(m - I->memo), j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (!I->memo[j].rule) break;
        size_t k = memo_home(mask, I->memo[j].rule, I->memo[j].chip);
        if (i <= j ? (i < k && k <= j) : (i < k || k <= j)) continue; /* its home lies after the hole: it stays */
        I->memo[i] = I->memo[j];
        i = j;
    }
    I->memo[i] = (VerdictMemo){0};
    I->memo_n--;
}

void memo_release(Interp *I, uint64_t serial, size_t log_mark)
{
    size_t w = log_mark;
    for (size_t i = log_mark; i < I->memo_nlog; i++) {
        VerdictMemo k = I->memo_logged[i];
        if (k.rule > serial || k.chip > serial) memo_delete(I, k.rule, k.chip);
        else I->memo_logged[w++] = k; /* made in an outer released frame: removed when it is left */
    }
    I->memo_nlog = w;
}

/* rule_verdict, kept by serial for a rule whose test reads the chip alone
 * (unknown verdicts are not kept: deciding again warns where it should). */
static Value memo_verdict(Interp *I, Env *env, const Entity *rule, const Entity *chip, bool chip_only)
{
    bool keep = chip_only && rule->serial && chip->serial;
    if (keep && I->memo_cap) {
        VerdictMemo *m = memo_slot(I, rule->serial, chip->serial);
        if (m->rule) return value_bool(m->verdict);
    }
    Value v = rule_verdict(I, env, rule, chip);
    if (keep && v.kind == V_BOOL) memo_put(I, rule->serial, chip->serial, (signed char)v.u.b);
    return v;
}

/* Decides rule for chip into *ctl; a rule whose test needs its own verdict
 * on the same chip (through available(), say) is an error, not a loop. */
static void decide_one(Interp *I, Env *env, const Policy *p, const Entity *rule, const Entity *chip, signed char *ctl,
                       bool chip_only)
{
    if (*ctl >= 0) return;
    for (int i = 0; i < I->ndeciding; i++)
        if (I->deciding[i].rule == p->subject && I->deciding[i].chip == chip)
            eval_fail(I, DC_RUNTIME, rule ? rule->predicate->loc : p->loc,
                      "rule '%s' needs its own verdict on %s to decide it", p->subject, chip->name);
    if (I->ndeciding == MAX_DECIDING)
        eval_fail(I, DC_RUNTIME, p->loc, "rules nested more than %d deep in deciding %s", MAX_DECIDING, chip->name);
    I->deciding[I->ndeciding++] = (Deciding){p->subject, chip};
    bool saw = I->saw_uncertain; /* the model's decisions mark nothing uncertain, memoized or not */
    Value v = rule ? memo_verdict(I, env, rule, chip, chip_only) : value_bool(false);
    I->saw_uncertain = saw;
    I->ndeciding--;
    *ctl = v.kind == V_UNKNOWN ? RULE_UNKNOWN : v.u.b;
    if (v.kind == V_UNKNOWN) warn_unknown(I, p, chip, v.u.s);
}

/* The model only buys chips with a price and FP16 figure; others need no decision. */
static bool model_candidate(const ChipFacts *c) { return c->fig[CA_PRICE] > 0 && c->fig[CA_FP16] > 0; }

/* Decides the applied rules the policy walk will read: for chip index only
 * (into market, or any market when NULL), or for every chip the model can
 * buy when only is -1. Returns the facts. */
static WorldFacts *decide_rules(Interp *I, Env *env, int only, const char *market)
{
    WorldFacts *f = world_facts(env);
    size_t n;
    const Policy *const *pol = env_policies(env, &n);
    for (size_t i = 0; i < n; i++) {
        const Policy *p = pol[i];
        if (p->kind != P_APPLY_RULE || (market && p->to != market)) continue;
        const Entity *rule = env_entity(env, p->subject, K_RULE);
        signed char *ctl = rule_row(I, f, env, rule, p->subject);
        bool chip_only = rule && reads_chip_only(I, env, (Entity *)rule); /* once per rule: the names depend on env alone */
        for (int ci = only >= 0 ? only : 0; ci < (only >= 0 ? only + 1 : f->nchips); ci++) {
            const ChipFacts *c = &f->chips[ci];
            if ((only < 0 && !model_candidate(c)) || !policy_rule_applies(p, c->origin, p->to)) continue;
            decide_one(I, env, p, rule, c->chip, &ctl[ci], chip_only);
        }
    }
    /* caps on figures a chip lacks: checked once per snapshot version for the whole model */
    if (only >= 0 || I->caps_checked_env != env || I->caps_checked_version != env->version || I->caps_checked_market != market) {
        const Policy **caps = arena_alloc(&I->arena, sizeof *caps * (n ? n : 1));
        size_t ncaps = 0;
        for (size_t i = 0; i < n; i++) /* only caps on a figure some chip lacks can warn */
            if (pol[i]->kind == P_CAP && (only >= 0 || facts_some_lack(f, pol[i]->cap))) caps[ncaps++] = pol[i];
        for (int ci = only >= 0 ? only : 0; ncaps && ci < (only >= 0 ? only + 1 : f->nchips); ci++)
            for (int mi = 0; mi < f->nmarkets; mi++)
                if ((only >= 0 || model_candidate(&f->chips[ci])) && (!market || f->markets[mi].name == market))
                    warn_unknown_caps(I, caps, ncaps, &f->chips[ci], f->markets[mi].name);
        if (only < 0) I->caps_checked_env = env, I->caps_checked_version = env->version, I->caps_checked_market = market;
    }
    return f;
}

/* Markets share supply, so the model runs them all: every market's rules. */
void prepare_model(Interp *I, Env *env)
{
    decide_rules(I, env, -1, NULL); /* cheap when they are decided already */
}

const ModelResult *run_model(Interp *I, Env *env)
{
    prepare_model(I, env);
    return model_results(env);
}

/* The facts for a question about one chip in one market. The snapshot's
 * facts serve when they are current and hold this very chip and market;
 * otherwise a view of just that chip and market is made, so a file that
 * defines chips and asks about each one in turn does not rebuild the whole
 * world's facts at every question. */
typedef struct OneChip {
    WorldFacts view;
    ChipFacts chip;
    MarketFacts market;
    int ci, mi;
} OneChip;

/* Fills q for chip in market; returns the facts to read (q->view or the snapshot's). */
static WorldFacts *one_chip(Interp *I, Env *env, const Entity *chip, const Entity *market, OneChip *q)
{
    WorldFacts *f = env->facts;
    memset(q, 0, sizeof *q);
    if (f && f->stamp == env->world_stamp) {
        q->ci = facts_chip(f, chip->name);
        q->mi = facts_market(f, market->name);
        if (q->ci >= 0 && q->mi >= 0 && f->chips[q->ci].chip == chip && f->markets[q->mi].market == market) {
            decide_rules(I, env, q->ci, market->name);
            return f;
        }
    }
    q->ci = q->mi = 0;
    facts_of_chip(env, chip, &q->chip);
    facts_of_market(market, &q->market);
    size_t n;
    const Policy *const *pol = env_policies(env, &n);
    /* rows live in the arena, so an error in a rule's test (a longjmp) leaks nothing */
    q->view = (WorldFacts){.stamp = env->world_stamp, .chips = &q->chip, .nchips = 1, .markets = &q->market,
                           .nmarkets = 1, .rules = arena_alloc(&I->arena, sizeof(RuleRow) * (n ? n : 1)),
                           .rules_cap = (int)(n ? n : 1)};
    for (size_t i = 0; i < n; i++) {
        const Policy *p = pol[i];
        if (p->to != market->name || !policy_rule_applies(p, q->chip.origin, p->to)) continue;
        RuleRow *row = NULL;
        for (int k = 0; k < q->view.nrules && !row; k++)
            if (q->view.rules[k].rule == p->subject) row = &q->view.rules[k];
        if (!row) {
            row = &q->view.rules[q->view.nrules++]; /* at most one row per policy: within rules_cap */
            *row = (RuleRow){.rule = p->subject, .controls = arena_alloc(&I->arena, 1)};
            row->controls[0] = -1;
        }
        Entity *rule = env_entity(env, p->subject, K_RULE);
        decide_one(I, env, p, rule, chip, &row->controls[0], rule && reads_chip_only(I, env, rule));
    }
    warn_unknown_caps(I, pol, n, &q->chip, market->name);
    return &q->view;
}

bool chip_available(Interp *I, Env *env, const Entity *chip, const Entity *market)
{
    OneChip q;
    WorldFacts *f = one_chip(I, env, chip, market, &q);
    size_t n;
    const Policy *const *pol = env_policies(env, &n);
    Verdict v;
    return policy_available(pol, n, f, q.ci, q.mi, &v, NULL, NULL);
}

/* --- explain ------------------------------------------------------------------- */

const char *policy_where(Interp *I, const Policy *p)
{
    if (isnan(p->date)) return loc_text(I, p->loc);
    return arena_printf(&I->arena, "%s, on %s", loc_text(I, p->loc),
                        fmt_value(I, (Value){.kind = V_DATE, .u.date = p->date}));
}

typedef struct Steps {
    Interp *I;
    ReportStep *items;
    int n, cap;
} Steps;

static void add_step(void *ctx, const Policy *p, int outcome, const char *text)
{
    Steps *st = ctx;
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 16;
        ReportStep *grown = arena_alloc(&st->I->arena, sizeof *grown * (size_t)st->cap);
        if (st->n) memcpy(grown, st->items, sizeof *grown * (size_t)st->n);
        st->items = grown;
    }
    st->items[st->n++] = (ReportStep){arena_strdup(&st->I->arena, text), p ? policy_where(st->I, p) : NULL, outcome};
}

/* For explain: a note naming the figure each applied rule could not decide on. */
static void explain_unknowns(Interp *I, const Policy *const *pol, size_t n, const WorldFacts *f, int ci, const Entity *chip,
                             const Entity *market, Steps *st)
{
    for (size_t i = 0; i < n; i++) {
        const Policy *p = pol[i];
        if (!policy_rule_applies(p, f->chips[ci].origin, market->name)) continue;
        const Entity *rule = env_entity(I->cur, p->subject, K_RULE);
        Value v = rule ? rule_verdict(I, I->cur, rule, chip) : value_bool(false);
        if (v.kind != V_UNKNOWN) continue;
        char text[300];
        snprintf(text, sizeof text, "%s cannot decide: %s is unknown", p->subject, v.u.s);
        add_step(st, p, -1, text);
    }
}

static void explain_here(Interp *I, const Stmt *s);

/* explain CHIP in MARKET under SCENARIO: explained in the scenario's final
 * state (`under main`: the top level as it stands), from anywhere. */
static void explain_under(Interp *I, const Stmt *s)
{
    Name sn = s->u.pair.scenario;
    Env *names = env_lookup(I->cur, sn.id) ? I->cur : I->main; /* scenarios are named at the top level */
    bool is_main = !env_lookup(names, sn.id) && strcmp(sn.id, "main") == 0;
    Entity *sc = is_main ? I->main_scenario : lookup_entity(I, names, sn, K_SCENARIO);
    int f = ctx_enter(I, false);
    I->cur = ctx_state(I, is_main ? I->main : sc->env); /* the state explain reads inside it */
    I->scenario = sc;
    explain_here(I, s);
    ctx_leave(I, f);
}

/* explain CHIP in MARKET [under SCENARIO] [at DATE]: at DATE, the state
 * in force that day (a month, quarter or year: its first day). */
void explain_stmt(Interp *I, const Stmt *s)
{
    int f = ctx_enter(I, false);
    char day[16];
    if (s->u.pair.at) {
        Value d = date_of(I, s->u.pair.at, "the date after 'at'");
        I->day = d.span == DATE_DAY ? d.u.date : date_period_start(d.u.date, d.span);
        I->cur = ctx_state(I, I->cur);
        I->report.csv_period = date_format_span(d.u.date, d.span, day, sizeof day);
    }
    if (s->u.pair.scenario.id) explain_under(I, s);
    else explain_here(I, s);
    ctx_leave(I, f); /* the day, the state and the CSV period as they were */
}

/* explain CHIP in MARKET, in the current state. */
static void explain_here(Interp *I, const Stmt *s)
{
    Entity *chip = stmt_chip(I, s);
    Entity *market = lookup_entity(I, I->cur, s->u.pair.other, K_MARKET);
    OneChip q;
    WorldFacts *f = one_chip(I, I->cur, chip, market, &q);
    size_t n;
    const Policy *const *pol = env_policies(I->cur, &n);
    Steps st = {.I = I};
    Verdict v;
    bool ok = policy_available(pol, n, f, q.ci, q.mi, &v, add_step, &st);
    explain_unknowns(I, pol, n, f, q.ci, chip, market, &st);
    if (st.n == 0) {
        char text[256];
        snprintf(text, sizeof text, "no policy in force touches %s in %s", chip->name, market->name);
        add_step(&st, NULL, -1, text);
    }
    const char *name = fmt_value(I, value_entity(chip, NULL));
    const char *text = ok ? arena_printf(&I->arena, "%s is available in %s", name, market->name)
                          : arena_printf(&I->arena, "%s is not available in %s: %s", name, market->name,
                                         policy_verdict_reason(&v));
    emit_verdict(I, "explain", s->loc, name, market->name, st.items, st.n, ok, text);
}
