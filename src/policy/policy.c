/* policy.c: what the policies in force decide; see policy.h. The same walk
 * answers availability quietly (the market model's inner loop) and, with a
 * StepFn, describes each policy that touched the chip (explain). */
#include "policy.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct Walk {
    StepFn step;
    void *ctx;
} Walk;

/* Describes p to the walk's StepFn as "<policy text>: <message>". */
static void say(const Walk *w, const Policy *p, int outcome, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void say(const Walk *w, const Policy *p, int outcome, const char *fmt, ...)
{
    char msg[400], text[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p) snprintf(text, sizeof text, "%.*s: %s", (int)(p->loc.end - p->loc.start), p->loc.src->text + p->loc.start, msg);
    else snprintf(text, sizeof text, "%s", msg);
    w->step(w->ctx, p, outcome, text);
}

static bool route_matches(const Policy *p, const char *origin, const char *market)
{
    return p->to == market && (!p->from || p->from == origin);
}

/* above := the chip's figure exceeds the cap (beyond rounding); a missing
 * figure cannot decide, which blocks unless the cap says `unknown passes`. */
static bool cap_blocks(const Walk *w, const Policy *p, const ChipFacts *c, Verdict *v)
{
    double have = c->fig[p->cap];
    bool known = !isnan(have);
    bool above = known && have > p->amount.v && !quantity_close(have, p->amount.v);
    if (!known && !p->unknown_passes) v->cap_unknown = true;
    if (!w->step) return above;
    char ht[64], limit[64];
    Quantity hq = p->amount;
    hq.v = have;
    quantity_format(p->amount, limit, sizeof limit);
    if (!known)
        say(w, p, p->unknown_passes, "%s has no %s figure (unknown), so the cap cannot decide; unknown %s", c->name, p->attr,
            p->unknown_passes ? "passes" : "blocks (the default)");
    else say(w, p, above ? 0 : 1, "%s %s is %s, %s the cap of %s", c->name, p->attr, quantity_format(hq, ht, sizeof ht),
             above ? "above" : "within", limit);
    return above;
}

/* The rule's decision for chip index ci: 1, 0 or RULE_UNKNOWN (0 when undecided). */
static int rule_decides(const WorldFacts *f, const char *rule, int ci)
{
    for (int i = 0; i < f->nrules; i++)
        if (f->rules[i].rule == rule) return f->rules[i].controls[ci] > 0 ? f->rules[i].controls[ci] : 0;
    return 0;
}

/* Describes an applied rule's decision for explain. */
static void say_rule(const Walk *w, const Policy *p, const ChipFacts *c, int ctl)
{
    if (ctl == RULE_UNKNOWN)
        say(w, p, p->unknown_passes, "%s cannot be decided under %s (a figure its test reads is unknown); unknown %s",
            c->name, p->subject, p->unknown_passes ? "passes" : "blocks (the default)");
    else say(w, p, ctl ? 0 : 1, "%s is %s under %s", c->name, ctl ? "controlled (needs a licence)" : "not controlled",
             p->subject);
}

static void walk_export(const Walk *w, const Policy *const *pol, size_t n, const WorldFacts *f, int ci,
                        const char *market, Verdict *v)
{
    const ChipFacts *c = &f->chips[ci];
    for (size_t i = 0; i < n; i++) {
        const Policy *p = pol[i];
        if (!route_matches(p, c->origin, market)) continue;
        switch (p->kind) {
        case P_BAN_EXPORT_CHIP: case P_BAN_EXPORT_VENDOR:
            if (p->subject != (p->kind == P_BAN_EXPORT_CHIP ? c->name : c->vendor)) break;
            v->export_banned = true;
            if (w->step) say(w, p, 0, "exports of %s are banned", c->name);
            break;
        case P_LICENSE_CHIP: case P_LICENSE_VENDOR:
            if (p->subject != (p->kind == P_LICENSE_CHIP ? c->name : c->vendor)) break;
            v->licensed = true;
            v->export_banned = false; /* the later of a ban and a licence wins */
            if (w->step) say(w, p, 1, "licensed; exempt from caps and rules");
            break;
        case P_CAP:
            if (cap_blocks(w, p, c, v)) v->capped = true;
            break;
        case P_APPLY_RULE: {
            int ctl = rule_decides(f, p->subject, ci);
            if (ctl == 1) v->ruled = true;
            if (ctl == RULE_UNKNOWN && !p->unknown_passes) v->rule_unknown = true;
            if (w->step) say_rule(w, p, c, ctl);
            break;
        }
        default: break;
        }
    }
}

static void walk_import(const Walk *w, const Policy *const *pol, size_t n, const ChipFacts *c, const char *market,
                        Verdict *v)
{
    for (size_t i = 0; i < n; i++) {
        const Policy *p = pol[i];
        if (p->to != market) continue;
        bool hit = (p->kind == P_BAN_CHIP && p->subject == c->name) || (p->kind == P_BAN_VENDOR && p->subject == c->vendor);
        if (!hit) continue;
        v->import_banned = true;
        if (w->step) say(w, p, 0, "%s bans it on import", market);
    }
}

/* available := not export-banned and (licensed or no cap or rule blocks,
 * undecided ones included) and not import-banned. Where the chip is
 * offered (sold_in) is the vendor's choice, not a policy: it is noted in the
 * verdict for the model and explain, and does not decide availability. */
static bool decide(const Verdict *v)
{
    bool blocked = v->capped || v->ruled || v->cap_unknown || v->rule_unknown;
    bool export_ok = !v->export_banned && (v->licensed || !blocked);
    return export_ok && !v->import_banned;
}

bool policy_available(const Policy *const *pol, size_t n, const WorldFacts *f, int chip, int market, Verdict *v,
                      StepFn step, void *ctx)
{
    Walk w = {step, ctx};
    const ChipFacts *c = &f->chips[chip];
    const char *mname = f->markets[market].name;
    memset(v, 0, sizeof *v);
    if (c->sold_in && c->sold_in != mname) {
        v->not_offered = true;
        if (step)
            say(&w, NULL, -1, "%s is sold in %s only (sold_in): the market model does not offer it in %s", c->name,
                c->sold_in, mname);
    }
    if (c->origin != mname) walk_export(&w, pol, n, f, chip, mname, v);
    else if (step) say(&w, NULL, -1, "%s is made in %s: no export controls apply", c->name, mname);
    walk_import(&w, pol, n, c, mname, v);
    return decide(v);
}

const char *policy_verdict_reason(const Verdict *v)
{
    if (v->export_banned) return "its export is banned";
    if ((v->capped || v->ruled) && !v->licensed) return v->capped ? "it is above an export cap" : "it is controlled and has no licence";
    if ((v->cap_unknown || v->rule_unknown) && !v->licensed)
        return v->cap_unknown ? "a cap cannot decide it (a figure is unknown)" : "a rule cannot decide it (a figure is unknown)";
    if (v->import_banned) return "the importer bans it";
    return "";
}

double policy_tariff(const Policy *const *pol, size_t n, const char *origin, const char *market)
{
    double rate = 0;
    for (size_t i = 0; i < n; i++)
        if (pol[i]->kind == P_TARIFF && route_matches(pol[i], origin, market)) rate = pol[i]->amount.v;
    return rate;
}

double policy_share(const Policy *const *pol, size_t n, const ChipFacts *chip, const char *market,
                    double *passthrough, const char **government)
{
    double share = 0;
    *passthrough = 0;
    *government = NULL;
    for (size_t i = 0; i < n; i++) {
        const Policy *p = pol[i];
        if (p->kind != P_TARIFF_SHARE || p->to != market) continue;
        if (p->subject != (p->on_chip ? chip->name : chip->vendor)) continue;
        share = p->amount.v;
        *passthrough = p->passthrough;
        *government = p->government;
    }
    return share;
}

bool policy_rule_applies(const Policy *p, const char *origin, const char *market)
{
    return p->kind == P_APPLY_RULE && origin != market && route_matches(p, origin, market);
}

bool policy_same(const Policy *a, const Policy *b)
{
    return a->kind == b->kind && a->subject == b->subject && a->to == b->to && a->from == b->from
           && a->on_chip == b->on_chip && a->attr == b->attr;
}

/* See policy.h. */
const char *policy_problem(const Policy *p)
{
    if (p->kind == P_CAP && !(p->amount.v >= 0))
        return "a cap cannot be negative: every chip would exceed it (to block every chip, ban the exports)";
    return NULL;
}
