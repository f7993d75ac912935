/* policy.c: policy statements and what they decide. The same walk over the
 * policies in force answers available() (quietly, in the market model's
 * inner loop) and explain (with a line per policy that touched the chip). */
#include "policy.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* --- recording policies ----------------------------------------------------- */

static const char *const CAP_ATTRS[] = {"fp32", "fp16", "fp8", "int8", "fp4", "memory", "bandwidth", "interconnect",
                                        "tdp", "price", "die_area", "tpp", "density", "perf_per_watt",
                                        "price_per_pflops"};
enum { NCAP_ATTRS = sizeof CAP_ATTRS / sizeof CAP_ATTRS[0] };

static Dim cap_dim(const char *attr)
{
    int f = schema_field(schema_for(K_CHIP), attr);
    if (f >= 0) return *schema_for(K_CHIP)->fields[f].dim;
    if (strcmp(attr, "perf_per_watt") == 0) return dim_div(DIM_COMPUTE, DIM_POWER);
    if (strcmp(attr, "price_per_pflops") == 0) return dim_div(DIM_MONEY_, DIM_COMPUTE);
    return DIM_NONE; /* tpp, density: plain numbers, as BIS writes them */
}

static const char *check_cap_attr(Interp *I, Name attr)
{
    for (int i = 0; i < NCAP_ATTRS; i++)
        if (strcmp(CAP_ATTRS[i], attr.id) == 0) return attr.id;
    const char *hint = diag_nearest(attr.id, CAP_ATTRS, NCAP_ATTRS);
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

/* A country: a market's name or the origin of some vendor or chip. */
static const char *check_country(Interp *I, Name n)
{
    if (!n.id) return NULL;
    if (env_entity(I->cur, n.id, K_MARKET)) return n.id;
    const char *known[256];
    size_t k = 0;
    for (size_t i = 0; i < I->cur->norder && k < 256; i++) {
        const Binding *b = env_lookup(I->cur, I->cur->order[i]);
        if (!b->entity) continue;
        if (b->entity->kind == K_MARKET) known[k++] = b->entity->name;
        if (b->entity->kind == K_VENDOR && b->entity->values[VE_ORIGIN].kind == V_SYM) known[k++] = b->entity->values[VE_ORIGIN].u.s;
        if (b->entity->kind == K_CHIP && b->entity->values[CH_ORIGIN].kind == V_SYM) known[k++] = b->entity->values[CH_ORIGIN].u.s;
    }
    for (size_t i = 0; i < k; i++)
        if (known[i] == n.id) return n.id;
    const char *hint = diag_nearest(n.id, known, k);
    if (hint) eval_fail(I, DC_NAME, n.loc, "unknown country '%s'; did you mean '%s'?", n.id, hint);
    eval_fail(I, DC_NAME, n.loc, "unknown country '%s' (no market or vendor has that origin)", n.id);
}

static Policy *build_policy(Interp *I, const Stmt *s)
{
    const PolicySpec *ps = &s->u.policy;
    Policy *p = arena_alloc(&I->arena, sizeof *p);
    p->kind = ps->kind;
    p->loc = s->loc;
    p->to = lookup_entity(I, I->cur, ps->to, K_MARKET)->name;
    p->from = check_country(I, ps->from);
    switch (ps->kind) {
    case P_CAP: {
        p->attr = check_cap_attr(I, ps->attr);
        p->amount = eval_number(I, ps->amount, "a cap");
        Dim want = cap_dim(p->attr);
        if (!dim_eq(p->amount.dim, want)) {
            char a[64], b[64], t[64];
            eval_fail(I, DC_UNIT, ps->amount->loc, "a cap on %s must be %s (e.g. %s), not %s (%s)", p->attr, dim_phrase(want, a, sizeof a),
                 dim_example_unit(want)[0] ? dim_example_unit(want) : "4800", dim_phrase(p->amount.dim, b, sizeof b),
                 quantity_format(p->amount, t, sizeof t));
        }
        break;
    }
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
    }
    return p;
}

void policy_apply(Interp *I, const Stmt *s) { env_add_policy(I->cur, build_policy(I, s)); }

static bool same_policy(const Policy *a, const Policy *b)
{
    return a->kind == b->kind && a->subject == b->subject && a->to == b->to && a->from == b->from
           && a->on_chip == b->on_chip && a->attr == b->attr
           && (a->attr == NULL || strcmp(a->attr, b->attr) == 0);
}

void policy_lift(Interp *I, const Stmt *s)
{
    Policy *want = build_policy(I, s);
    for (size_t i = I->cur->npolicies; i-- > 0;) {
        if (same_policy(I->cur->policies[i], want)) {
            env_remove_policy(I->cur, i);
            return;
        }
    }
    const char *text = s->loc.src->text + s->loc.start + 5; /* after "lift " */
    int len = (int)(s->loc.end - s->loc.start) - 5;
    eval_fail(I, DC_RUNTIME, s->loc, "nothing to lift: no '%.*s' is in force here", len > 0 ? len : 0, len > 0 ? text : "");
}

/* --- rules ------------------------------------------------------------------- */

bool rule_controls(Interp *I, Env *env, const Entity *rule, const Entity *chip)
{
    Value v = eval_in(I, env, chip, rule->predicate);
    if (v.kind != V_BOOL)
        eval_fail(I, DC_TYPE, rule->predicate->loc, "rule '%s': controlled: must be a true/false condition", rule->name);
    return v.u.b;
}

/* --- availability -------------------------------------------------------------- */

typedef struct Steps {
    ReportStep items[64];
    int n;
} Steps;

static void step(Interp *I, Steps *st, const Policy *p, int outcome, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void step(Interp *I, Steps *st, const Policy *p, int outcome, const char *fmt, ...)
{
    if (!st || st->n == 64) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    st->items[st->n++] = (ReportStep){arena_strdup(&I->arena, buf), p ? loc_text(I, p->loc) : NULL, outcome};
}

static const char *policy_text(Interp *I, const Policy *p)
{
    return arena_strndup(&I->arena, p->loc.src->text + p->loc.start, p->loc.end - p->loc.start);
}

static bool route_matches(const Policy *p, const char *origin, const char *market)
{
    return p->to == market && (!p->from || p->from == origin);
}

static bool cap_blocks(Interp *I, Env *env, const Policy *p, const Entity *chip, Steps *st)
{
    Value v = attr_get_opt(I, value_entity((Entity *)chip, env), p->attr, p->loc);
    bool known = v.kind == V_NUM;
    bool above = known && v.u.q.v > p->amount.v && !quantity_close(v.u.q.v, p->amount.v);
    if (!st) return above; /* the model's inner loop: no text */
    char have[64], limit[64];
    quantity_format(p->amount, limit, sizeof limit);
    if (!known)
        step(I, st, p, 1, "%s: %s has no %s figure, so the cap cannot stop it", policy_text(I, p), chip->name, p->attr);
    else
        step(I, st, p, above ? 0 : 1, "%s: %s %s is %s, %s the cap of %s", policy_text(I, p), chip->name, p->attr,
             quantity_format(v.u.q, have, sizeof have), above ? "above" : "within", limit);
    return above;
}

typedef struct Verdict {
    bool export_banned, capped, ruled, licensed, import_banned;
} Verdict;

static void walk_export(Interp *I, Env *env, const Entity *chip, const char *origin, const char *market, Verdict *v,
                        Steps *st)
{
    const char *vendor = chip_vendor(chip);
    for (size_t i = 0; i < env->npolicies; i++) {
        const Policy *p = env->policies[i];
        if (!route_matches(p, origin, market)) continue;
        switch (p->kind) {
        case P_BAN_EXPORT_CHIP: case P_BAN_EXPORT_VENDOR:
            if (p->subject != (p->kind == P_BAN_EXPORT_CHIP ? chip->name : vendor)) break;
            v->export_banned = true;
            if (st) step(I, st, p, 0, "%s: exports of %s are banned", policy_text(I, p), chip->name);
            break;
        case P_LICENSE_CHIP: case P_LICENSE_VENDOR:
            if (p->subject != (p->kind == P_LICENSE_CHIP ? chip->name : vendor)) break;
            v->licensed = true;
            v->export_banned = false; /* the later of a ban and a licence wins */
            if (st) step(I, st, p, 1, "%s: licensed; exempt from caps and rules", policy_text(I, p));
            break;
        case P_CAP:
            if (cap_blocks(I, env, p, chip, st)) v->capped = true;
            break;
        case P_APPLY_RULE: {
            const Entity *rule = env_entity(env, p->subject, K_RULE);
            bool ctl = rule && rule_controls(I, env, rule, chip);
            if (ctl) v->ruled = true;
            if (st) step(I, st, p, ctl ? 0 : 1, "%s: %s is %s under %s", policy_text(I, p), chip->name,
                 ctl ? "controlled (needs a licence)" : "not controlled", p->subject);
            break;
        }
        default: break;
        }
    }
}

static void walk_import(Interp *I, Env *env, const Entity *chip, const char *market, Verdict *v, Steps *st)
{
    for (size_t i = 0; i < env->npolicies; i++) {
        const Policy *p = env->policies[i];
        if (p->to != market) continue;
        bool hit = (p->kind == P_BAN_CHIP && p->subject == chip->name)
                   || (p->kind == P_BAN_VENDOR && p->subject == chip_vendor(chip));
        if (!hit) continue;
        v->import_banned = true;
        if (st) step(I, st, p, 0, "%s: %s bans it on import", policy_text(I, p), market);
    }
}

static bool decide(const Verdict *v)
{
    bool export_ok = !v->export_banned && (v->licensed || !(v->capped || v->ruled));
    return export_ok && !v->import_banned;
}

static bool availability(Interp *I, Env *env, const Entity *chip, const Entity *market, Verdict *v, Steps *st)
{
    memset(v, 0, sizeof *v);
    const char *origin = chip_origin(I, env, chip);
    if (origin != market->name) walk_export(I, env, chip, origin, market->name, v, st);
    else if (st) step(I, st, NULL, -1, "%s is made in %s: no export controls apply", chip->name, market->name);
    walk_import(I, env, chip, market->name, v, st);
    return decide(v);
}

bool policy_available(Interp *I, Env *env, const Entity *chip, const Entity *market)
{
    Verdict v;
    return availability(I, env, chip, market, &v, NULL);
}

static const char *verdict_reason(const Verdict *v)
{
    if (v->export_banned) return "its export is banned";
    if ((v->capped || v->ruled) && !v->licensed) return v->capped ? "it is above an export cap" : "it is controlled and has no licence";
    if (v->import_banned) return "the importer bans it";
    return "";
}

void explain_stmt(Interp *I, const Stmt *s)
{
    Entity *chip = lookup_entity(I, I->cur, s->u.pair.chip, K_CHIP);
    Entity *market = lookup_entity(I, I->cur, s->u.pair.other, K_MARKET);
    Steps st = {0};
    Verdict v;
    bool ok = availability(I, I->cur, chip, market, &v, &st);
    if (st.n == 0) step(I, &st, NULL, -1, "no policy in force touches %s in %s", chip->name, market->name);
    const char *text = ok ? arena_printf(&I->arena, "%s is available in %s", chip->name, market->name)
                          : arena_printf(&I->arena, "%s is not available in %s: %s", chip->name, market->name, verdict_reason(&v));
    report_verdict(&I->report, "explain", s->loc, chip->name, market->name, I->scenario ? I->scenario->name : NULL,
                   st.items, st.n, ok, text);
}

/* --- classify: each clause of the predicate with the values that decided it --- */

static void classify_walk(Interp *I, const Entity *chip, Expr *e, Steps *st)
{
    if (e->kind == E_BINARY && (e->u.bin.op == OP_AND || e->u.bin.op == OP_OR)) {
        classify_walk(I, chip, e->u.bin.a, st);
        classify_walk(I, chip, e->u.bin.b, st);
        return;
    }
    if (e->kind == E_UNARY && e->u.bin.op == OP_NOT) {
        classify_walk(I, chip, e->u.bin.a, st);
        return;
    }
    Value r = eval_in(I, I->cur, chip, e);
    char detail[256] = "";
    if (e->kind == E_BINARY && e->u.bin.op >= OP_EQ) {
        Value a = eval_in(I, I->cur, chip, e->u.bin.a), b = eval_in(I, I->cur, chip, e->u.bin.b);
        char ta[96], tb[96];
        snprintf(detail, sizeof detail, " (%s vs %s)", a.kind == V_NONE ? "unknown" : value_format(a, ta, sizeof ta),
                 value_format(b, tb, sizeof tb));
    } else if (e->kind != E_BINARY) {
        char t[96];
        snprintf(detail, sizeof detail, " (%s)", value_format(r, t, sizeof t));
    }
    if (st->n == 64) return;
    st->items[st->n++] = (ReportStep){
        arena_printf(&I->arena, "%.*s%s", (int)(e->loc.end - e->loc.start), e->loc.src->text + e->loc.start, detail),
        loc_text(I, e->loc), r.kind == V_BOOL ? r.u.b : -1};
}

void classify_stmt(Interp *I, const Stmt *s)
{
    Entity *chip = lookup_entity(I, I->cur, s->u.pair.chip, K_CHIP);
    Entity *rule = lookup_entity(I, I->cur, s->u.pair.other, K_RULE);
    Steps st = {0};
    classify_walk(I, chip, rule->predicate, &st);
    bool ctl = rule_controls(I, I->cur, rule, chip);
    const char *text = arena_printf(&I->arena, "%s is %scontrolled under %s", chip->name, ctl ? "" : "not ", rule->name);
    report_verdict(&I->report, "classify", s->loc, chip->name, rule->name, I->scenario ? I->scenario->name : NULL,
                   st.items, st.n, ctl, text);
}

/* --- money ----------------------------------------------------------------------- */

double policy_tariff(Env *env, const char *origin, const char *market)
{
    double rate = 0;
    for (size_t i = 0; i < env->npolicies; i++) {
        const Policy *p = env->policies[i];
        if (p->kind == P_TARIFF && route_matches(p, origin, market)) rate = p->amount.v;
    }
    return rate;
}

double policy_share(Env *env, const Entity *chip, const char *market, double *passthrough, const char **government)
{
    double share = 0;
    *passthrough = 0;
    *government = NULL;
    const char *vendor = chip_vendor(chip);
    for (size_t i = 0; i < env->npolicies; i++) {
        const Policy *p = env->policies[i];
        if (p->kind != P_TARIFF_SHARE || p->to != market) continue;
        if (p->subject != (p->on_chip ? chip->name : vendor)) continue;
        share = p->amount.v;
        *passthrough = p->passthrough;
        *government = p->government;
    }
    return share;
}
