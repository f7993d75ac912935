/* timeline.c: time in the language (docs/language.md, "Time"). `on DATE`
 * statements go on the timeline of the scenario they run in (an Env's list of
 * TimeEntry, shared by the scenarios forked from it); the state at a date is
 * the undated statements plus the dated ones up to that date, applied in
 * (date, source order), built on demand and kept per distinct date; `at`,
 * `during` and `series` read a state and the market results of a period
 * (period.h), simulated period by period with the stock carried on. */
#include "interp.h"
#include "context.h"
#include "budget.h"
#include "study.h"
#include "compare.h"
#include "dates.h"
#include "period.h"
#include "policy.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The world (every market) simulated by periods of `months` from `start`. */
typedef struct Sim {
    int months;
    double start, next; /* the first day simulated; the first day not simulated yet */
    Stock stock;
    Stretch *st;        /* in date order */
    size_t n, cap;
    bool busy;          /* a period is being simulated: still set after an error cut it short */
} Sim;

/* A timeline in order: the entries in force (history left out when asked)
 * by date then seq, undated first; the distinct dates of those that change
 * the state. In the arena, made once per timeline (Interp.sorted memo), so
 * scenarios that share their parent's timeline share this too. */
typedef struct Sorted {
    const TimeCell *head;      /* the timeline it was made from */
    bool no_history;
    const TimeEntry **entries;
    size_t n;
    double *dates;
    size_t ndates;
    double first;              /* the earliest dated entry (orders too); INFINITY when none */
} Sorted;

/* What timeline.c keeps for one Env (its timeline_cache). It holds while
 * the Env's policies, world and timeline are the same: a scenario bound
 * later is found through the state's `state_of` (eval.c). */
typedef struct TimeCache {
    uint64_t world_stamp;      /* the Env's, when built */
    const PolicyCell *policies;
    size_t npolicies;
    const Sorted *sorted;
    Env *end;                  /* the state at the end; NULL until asked for */
    Env *undated;              /* the same for an undated read: offers only chips launched by the last date */
    Env **states;              /* states[k]: the state from sorted->dates[k] on; NULL until asked for */
    Sim **sims;
    size_t nsims;
} TimeCache;

static void sim_clear(Sim *s)
{
    for (size_t i = 0; i < s->n; i++) stretch_free(&s->st[i]);
    free(s->st);
    stock_free(&s->stock);
    s->st = NULL;
    s->n = s->cap = 0;
}

void timeline_cache_free(void *p)
{
    TimeCache *c = p;
    if (!c) return;
    for (size_t i = 0; i < c->nsims; i++) {
        sim_clear(c->sims[i]);
        free(c->sims[i]);
    }
    free(c->sims);
    free(c->states);
    free(c);
}

/* Undated entries first, then by date, then by source order. */
static int entry_cmp(const void *pa, const void *pb)
{
    const TimeEntry *a = *(const TimeEntry *const *)pa, *b = *(const TimeEntry *const *)pb;
    double da = isnan(a->date) ? -INFINITY : a->date, db = isnan(b->date) ? -INFINITY : b->date;
    if (da != db) return da < db ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Fills s->dates and s->first from s->entries. */
static void sorted_dates(Interp *I, Sorted *s)
{
    s->dates = arena_alloc(&I->arena, sizeof *s->dates * (s->n ? s->n : 1));
    s->first = INFINITY;
    for (size_t i = 0; i < s->n; i++) {
        const TimeEntry *e = s->entries[i];
        if (isnan(e->date)) continue;
        if (e->date < s->first) s->first = e->date;
        if (e->kind != TE_ORDER && (s->ndates == 0 || s->dates[s->ndates - 1] != e->date)) s->dates[s->ndates++] = e->date;
    }
}

/* env's timeline in order, made from prev (the order of env's timeline
 * without its newest entry) by putting that entry in its place. */
static Sorted *sorted_grown(Interp *I, const Env *env, const Sorted *prev)
{
    const TimeEntry *e = env->timeline->entry;
    bool kept = !(env->no_history && e->history);
    Sorted *s = arena_alloc(&I->arena, sizeof *s);
    s->head = env->timeline;
    s->no_history = env->no_history;
    s->entries = arena_alloc(&I->arena, sizeof *s->entries * (prev->n + 1));
    size_t lo = 0, hi = prev->n; /* where e goes: after every entry that sorts before it */
    while (kept && lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (entry_cmp(&prev->entries[mid], &e) < 0) lo = mid + 1;
        else hi = mid;
    }
    if (!kept) lo = prev->n;
    memcpy(s->entries, prev->entries, sizeof *s->entries * lo);
    if (kept) s->entries[lo] = e;
    memcpy(s->entries + lo + kept, prev->entries + lo, sizeof *s->entries * (prev->n - lo));
    s->n = prev->n + kept;
    sorted_dates(I, s);
    return s;
}

/* Whether prev is the order of env's timeline without its newest entry. */
static bool sorted_one_behind(const Sorted *prev, const Env *env)
{
    return prev && env->timeline && prev->head == env->timeline->next && prev->no_history == env->no_history;
}

/* env's timeline in order (the last one made is kept for the next Env);
 * grown from the last one made, or from old (env's stale one), when that
 * one lacks only env's newest entry. */
static const Sorted *sorted_of(Interp *I, const Env *env, const Sorted *old)
{
    Sorted *s = I->sorted;
    if (s && s->head == env->timeline && s->no_history == env->no_history) return s;
    if (sorted_one_behind(s, env) || sorted_one_behind(old, env)) {
        s = sorted_grown(I, env, sorted_one_behind(s, env) ? s : old);
        I->sorted = s;
        return s;
    }
    s = arena_alloc(&I->arena, sizeof *s);
    s->head = env->timeline;
    s->no_history = env->no_history;
    s->entries = arena_alloc(&I->arena, sizeof *s->entries * (env->ntimeline ? env->ntimeline : 1));
    for (const TimeCell *t = env->timeline; t; t = t->next)
        if (!(env->no_history && t->entry->history)) s->entries[s->n++] = t->entry;
    qsort(s->entries, s->n, sizeof *s->entries, entry_cmp);
    sorted_dates(I, s);
    I->sorted = s;
    return s;
}

static void apply_entry(Interp *I, Env *st, const TimeEntry *e);

/* Whether e is in s and no entry after it but orders (which change no state). */
static bool last_change(const Sorted *s, const TimeEntry *e)
{
    for (size_t i = s->n; i-- > 0;) {
        if (s->entries[i] == e) return true;
        if (s->entries[i]->kind != TE_ORDER) return false;
    }
    return false;
}

/* The state at the end of a timeline whose last change is e (last_change),
 * made from end, the state at the end of the same timeline without e: a
 * copy of end with e applied (as materialize would apply it last). */
static Env *end_extended(Interp *I, Env *end, const TimeEntry *e)
{
    Env *st = env_copy(end);
    if (!isnan(e->date)) apply_entry(I, st, e);
    st->state_of = end->state_of;
    return st;
}

/* env's cache, rebuilt after a change to its policies, world or timeline.
 * When only a newest entry was added to its timeline since the cache was
 * made, the order is grown from the old one and, if that entry is the last
 * change, the state at the end is the old end with it applied. */
static TimeCache *cache_of(Interp *I, Env *env)
{
    TimeCache *c = env->timeline_cache;
    if (c && c->world_stamp == env->world_stamp && c->policies == env->policies && c->npolicies == env->npolicies
        && c->sorted->head == env->timeline && c->sorted->no_history == env->no_history)
        return c;
    TimeCache *old = c;
    bool grown = old && old->world_stamp == env->world_stamp && old->policies == env->policies
                 && old->npolicies == env->npolicies && sorted_one_behind(old->sorted, env);
    c = xcalloc(1, sizeof *c);
    c->world_stamp = env->world_stamp;
    c->policies = env->policies;
    c->npolicies = env->npolicies;
    c->sorted = sorted_of(I, env, old ? old->sorted : NULL);
    const TimeEntry *e = env->timeline ? env->timeline->entry : NULL;
    if (grown && old->end && !env->drawn && last_change(c->sorted, e))
        c->end = end_extended(I, old->end, e);
    timeline_cache_free(old);
    env->timeline_cache = c;
    return c;
}

static bool same_policy(const Policy *p, const void *want) { return policy_same(p, want); }

/* Applies one entry's effect to a state being built. */
static void apply_entry(Interp *I, Env *st, const TimeEntry *e)
{
    char day[16];
    switch (e->kind) {
    case TE_POLICY: env_add_policy(st, st->drawn ? policy_redraw(I, st, e->policy) : e->policy); break;
    case TE_LIFT: /* a lift that finds nothing is an error when it is added; in a scenario
                   * whose own statements already removed the policy it does nothing */
        if (!env_remove_policy(st, same_policy, e->policy) && e == I->validating) {
            int len = (int)(e->loc.end - e->loc.start) - 5; /* after "lift " */
            eval_fail(I, DC_RUNTIME, e->loc, "nothing to lift on %s: no '%.*s' is in force then",
                      date_format_span(e->date, DATE_DAY, day, sizeof day), len > 0 ? len : 0,
                      e->loc.src->text + e->loc.start + 5);
        }
        break;
    case TE_BIND: env_bind(st, e->name, st->drawn ? uncertain_drawn(I, st, e->entity) : e->entity, (Value){0}, e->loc); break;
    case TE_ORDER: break; /* orders fill the stock of the period model */
    }
}

/* The state of base from `upto` on: a fork with every dated entry up to it. */
static Env *materialize(Interp *I, Env *base, const Sorted *s, double upto)
{
    Env *st = env_fork(base);
    st->timeline = NULL;
    st->ntimeline = 0;
    for (size_t i = 0; i < s->n && !(s->entries[i]->date > upto); i++)
        if (!isnan(s->entries[i]->date)) apply_entry(I, st, s->entries[i]);
    st->state_of = base;
    return st;
}

/* The date of the last dated entry (orders too). */
static double last_date(const Sorted *s)
{
    double last = -INFINITY;
    for (size_t i = 0; i < s->n; i++)
        if (s->entries[i]->date > last) last = s->entries[i]->date;
    return last;
}

Env *timeline_state(Interp *I, Env *env, double day)
{
    if (env->state_of) env = env->state_of;
    if (!env->ntimeline) return env;
    TimeCache *c = cache_of(I, env);
    const Sorted *s = c->sorted;
    size_t lo = 0, hi = s->ndates; /* k = how many dates are <= day */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->dates[mid] <= day) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return env;
    if (lo == s->ndates) {
        if (!c->end) c->end = materialize(I, env, s, INFINITY);
        if (day != INFINITY) return c->end; /* a period's stretch: the period model decides what is launched */
        if (!c->undated) { /* an undated read: the chips launched by the last dated entry are on sale */
            c->undated = env_fork(c->end);
            c->undated->state_of = env;
            c->undated->launch_cut = true;
            c->undated->launched_by = last_date(s);
        }
        return c->undated;
    }
    if (!c->states) c->states = xcalloc(s->ndates, sizeof *c->states);
    if (!c->states[lo - 1]) c->states[lo - 1] = materialize(I, env, s, s->dates[lo - 1]);
    return c->states[lo - 1];
}

double timeline_history_end(const Env *env)
{
    double last = NAN;
    if (env->no_history) return last;
    for (const TimeCell *t = env->timeline; t; t = t->next)
        if (t->entry->history && !isnan(t->entry->date) && !(t->entry->date <= last)) last = t->entry->date;
    return last;
}

Env *timeline_now(Interp *I) { return ctx_state(I, I->cur); }

Env *scenario_state(Interp *I, const Entity *sc) { return ctx_state(I, sc->env); }

/* --- dates ------------------------------------------------------------------- */

Value date_of(Interp *I, Expr *e, const char *what)
{
    Value v = eval(I, e);
    if (v.kind == V_DATE) return v;
    if (v.kind == V_NUM && dim_is_none(v.u.q.dim) && !v.u.q.percent && v.u.q.v == floor(v.u.q.v) && v.u.q.v >= 1000
        && v.u.q.v <= 9999)
        return (Value){.kind = V_DATE, .span = DATE_YEAR, .u.date = date_from_civil((int)v.u.q.v, 1, 1)};
    eval_fail(I, DC_TYPE, e->loc, "%s must be a date (2025-04-09), a month (2025-04), a quarter (2025Q2) or a year (2025), not %s",
              what ? what : "this", fmt_value(I, v));
}

/* FY2026Q1 of nvidia: the vendor's fiscal quarter (or year) as a period,
 * dated by its fiscal_year_start (docs/language.md, "Fiscal periods"). */
Value eval_fiscal(Interp *I, Expr *e)
{
    Entity *v = lookup_entity(I, I->cur, e->u.fiscal.vendor, K_VENDOR);
    Value start = v->values[VE_FISCAL_START];
    if (start.kind != V_DATE) {
        const char *have = NULL;
        size_t n;
        const char **vendors = env_kind_names(I->cur, K_VENDOR, &n);
        for (size_t i = 0; i < n && !have; i++) {
            const Entity *o = env_entity(I->cur, vendors[i], K_VENDOR);
            if (o && o->values[VE_FISCAL_START].kind == V_DATE) have = o->name;
        }
        free(vendors);
        char with[96] = "";
        if (have) snprintf(with, sizeof with, "; %s has one", have);
        eval_fail(I, DC_NAME, e->u.fiscal.vendor.loc,
                  "vendor '%s' has no fiscal_year_start, so %.*s has no dates; add the month its fiscal years start in "
                  "to its definition (fiscal_year_start: 2025-02 \"source\"%s), or read a calendar period (2025Q1)",
                  v->name, (int)(e->loc.end - e->loc.start), e->loc.src->text + e->loc.start, with);
    }
    int y, m, d;
    date_to_civil(start.u.date, &y, &m, &d);
    Value r = {.kind = V_DATE, .span = e->u.fiscal.quarter ? DATE_QUARTER : DATE_YEAR, .fiscal = (unsigned char)m};
    r.u.period.day = date_fiscal_start(e->u.fiscal.year, e->u.fiscal.quarter, m);
    r.u.period.vendor = v->name;
    return r;
}

/* The years the period model runs in (docs/language.md, "Time"): a period
 * read outside them is an error, not minutes of quarters simulated. */
enum { HORIZON_FIRST_YEAR = 1900, HORIZON_LAST_YEAR = 2199 };

/* Fails unless [from, to) lies within the period model's horizon. */
static void check_horizon(Interp *I, double from, double to, Loc loc)
{
    if (from >= date_from_civil(HORIZON_FIRST_YEAR, 1, 1) && to <= date_from_civil(HORIZON_LAST_YEAR + 1, 1, 1)) return;
    char a[16];
    eval_fail(I, DC_RUNTIME, loc, "the period model runs from %d to %d; %s is beyond its horizon", HORIZON_FIRST_YEAR,
              HORIZON_LAST_YEAR, date_format_span(from < date_from_civil(HORIZON_FIRST_YEAR, 1, 1) ? from : to - 1, DATE_DAY, a, sizeof a));
}

/* The period `at` or `during` reads: the period the date names (a day: its
 * quarter, for `at` only), simulated by months (a month, a fiscal quarter
 * or year: the sum of its calendar months) or by quarters. */
static TimeCtx period_ctx(Interp *I, Value d, bool during, Loc loc)
{
    if (d.span == DATE_DAY && during)
        eval_fail(I, DC_TYPE, loc, "'during' takes a period (2025, 2025Q3, 2025-04), not a day");
    int months = d.span == DATE_MONTH || d.fiscal ? 1 : 3, span = d.span == DATE_DAY ? 3 : d.span;
    double from = d.fiscal ? d.u.period.day : date_period_start(d.u.date, span);
    TimeCtx t = {from, date_add_months(from, span), months, loc};
    check_horizon(I, t.from, t.to, loc);
    return t;
}

/* e read at day, with the flows of period ctx, in env's scenario. */
static Value eval_when(Interp *I, Env *env, double day, const TimeCtx *ctx, Expr *e)
{
    int f = ctx_enter(I, false);
    I->day = day;
    I->when = ctx;
    I->cur = ctx_state(I, env);
    Value v = eval(I, e);
    ctx_leave(I, f);
    return v;
}

/* EXPR at DATE: the state at that day, the flows of its quarter (its month
 * or year when DATE names one); EXPR during PERIOD: the state at the
 * period's first day, the flows of the period. */
Value eval_timed(Interp *I, Expr *e)
{
    bool during = e->kind == E_DURING;
    Value d = date_of(I, e->u.bin.b, during ? "the period after 'during'" : "the date after 'at'");
    TimeCtx ctx = period_ctx(I, d, during, e->u.bin.b->loc);
    return eval_when(I, I->cur, during ? ctx.from : d.u.date, &ctx, e->u.bin.a);
}

/* --- on DATE, orders ------------------------------------------------------- */

typedef struct Dated {
    const Stmt *s;
    TimeEntry *te;
} Dated;

/* add N units of CHIP to stock: a whole number of units of a known chip. */
static void order_entry(Interp *I, const Stmt *s, TimeEntry *te)
{
    bool saw = I->saw_uncertain;
    I->saw_uncertain = false;
    Quantity q = eval_number(I, s->u.order.amount, "the units of an order");
    bool uncertain = I->saw_uncertain && !I->sampling;
    I->saw_uncertain |= saw;
    if (!dim_is_none(q.dim) || q.percent || q.v < 0 || (!uncertain && q.v != floor(q.v)))
        eval_fail(I, DC_UNIT, s->u.order.amount->loc, "an order is a whole number of units, such as 300k units");
    te->kind = TE_ORDER;
    te->name = lookup_entity(I, I->cur, s->u.order.chip, K_CHIP)->name;
    te->units = uncertain ? round(q.v) : q.v; /* an uncertain amount: its central value to the nearest unit */
    te->amount = uncertain ? s->u.order.amount : NULL;
}

/* The units order e delivers in state st: in a study run, an uncertain
 * amount is drawn for the run (keyed by its place, as a policy's figure)
 * and rounded to the nearest unit, at least 0. */
static double order_units(Interp *I, const TimeEntry *e, Env *st)
{
    if (!e->amount || !I->sampling) return e->units;
    Value v = uncertain_redraw(I, st, (Expr *)e->amount);
    if (v.kind != V_NUM || !dim_is_none(v.u.q.dim) || v.u.q.percent)
        eval_fail(I, DC_UNIT, e->amount->loc, "an order is a whole number of units, such as 300k units");
    return v.u.q.v > 0 ? round(v.u.q.v) : 0;
}

/* Runs one dated statement in a scratch copy of the state at its date and
 * records its effect in te. */
static void run_dated(Interp *I, void *data)
{
    Dated *d = data;
    const Stmt *s = d->s;
    switch (s->kind) {
    case S_POLICY:
    case S_LIFT: {
        Policy *p = policy_build(I, s);
        p->date = d->te->date;
        d->te->kind = s->kind == S_POLICY ? TE_POLICY : TE_LIFT;
        d->te->policy = p;
        break;
    }
    case S_DEFINE:
        exec_one(I, (Stmt *)s);
        d->te->kind = TE_BIND;
        d->te->name = s->u.def.name.id;
        d->te->entity = env_lookup(I->cur, s->u.def.name.id)->entity;
        break;
    case S_ORDER: order_entry(I, s, d->te); break;
    default:
        eval_fail(I, DC_TYPE, s->loc, "'on DATE' takes definitions, policies, 'lift' and 'add ... to stock'; "
                                      "this statement cannot be dated");
    }
}

/* A cache for a fork of c's Env made before anything else changed in it:
 * c's order and end state, from which cache_of grows the fork's (the
 * states at dates and the period model are left to be made again). */
static TimeCache *cache_seed(const TimeCache *c)
{
    TimeCache *n = xcalloc(1, sizeof *n);
    n->world_stamp = c->world_stamp;
    n->policies = c->policies;
    n->npolicies = c->npolicies;
    n->sorted = c->sorted;
    n->end = c->end;
    return n;
}

/* One dated statement: recorded on I->cur's timeline once it is known to
 * apply (a lift must find its policy in force at its date). */
static void dated_one(Interp *I, const Stmt *s, double day)
{
    Env *base = I->cur;
    TimeEntry *te = arena_alloc(&I->arena, sizeof *te);
    *te = (TimeEntry){.date = day, .seq = ++I->time_seq, .history = I->in_prelude, .loc = s->loc};
    Env *scratch = env_fork(timeline_state(I, base, day));
    scratch->state_of = NULL;
    scratch->timeline = NULL;
    scratch->ntimeline = 0;
    Dated d = {s, te};
    I->cur = scratch;
    I->dated = day;
    bool ok = interp_try(I, run_dated, &d);
    I->cur = base;
    I->dated = NAN;
    if (!ok) longjmp(*I->on_error, 1);
    if (te->kind == TE_LIFT) { /* a lift must find its policy with the whole timeline in force (apply_entry) */
        Env *trial = env_fork(base);
        env_add_time(trial, te);
        if (base->timeline_cache) trial->timeline_cache = cache_seed(base->timeline_cache);
        I->validating = te;
        timeline_state(I, trial, INFINITY);
        I->validating = NULL;
        timeline_cache_free(trial->timeline_cache);
        trial->timeline_cache = NULL;
    }
    env_add_time(base, te);
}

void on_stmt(Interp *I, const Stmt *s)
{
    if (!isnan(I->dated)) eval_fail(I, DC_SYNTAX, s->loc, "'on DATE' cannot be inside another 'on DATE'");
    Value d = date_of(I, s->u.on.date, "the date after 'on'");
    for (const Stmt *x = s->u.on.body; x; x = x->next) dated_one(I, x, d.u.date);
}

void order_stmt(Interp *I, const Stmt *s)
{
    TimeEntry *te = arena_alloc(&I->arena, sizeof *te);
    *te = (TimeEntry){.date = NAN, .seq = ++I->time_seq, .history = I->in_prelude, .loc = s->loc};
    order_entry(I, s, te);
    env_add_time(I->cur, te);
}

/* --- the period model ---------------------------------------------------- */

/* base's simulation of the world by periods of months, starting no later than
 * the period of `from` (nor than the timeline's first date). */
static Sim *sim_get(Interp *I, Env *base, int months, double from)
{
    TimeCache *c = cache_of(I, base);
    Sim *s = NULL;
    for (size_t i = 0; i < c->nsims && !s; i++)
        if (c->sims[i]->months == months) s = c->sims[i];
    if (!s) {
        c->sims = xrealloc(c->sims, sizeof *c->sims * (c->nsims + 1));
        s = c->sims[c->nsims++] = xcalloc(1, sizeof *s);
        s->months = months;
        s->start = s->next = INFINITY;
    }
    double start = date_period_start(fmin(from, c->sorted->first), months);
    if (start < s->start || s->busy) { /* an earlier period, or one an error left half done: again from the start */
        sim_clear(s);
        s->start = s->next = start;
        s->busy = false;
    }
    return s;
}

static int double_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Where the period [p0, p1) is cut: its start, every timeline date and
 * launch inside it. Returns the number of cuts (sorted, distinct). */
static size_t period_cuts(const Sorted *s, const WorldFacts *f, double p0, double p1, double **out)
{
    double *cuts = xmalloc(sizeof *cuts * (s->n + (size_t)f->nchips + 1));
    size_t n = 0;
    cuts[n++] = p0;
    for (size_t i = 0; i < s->n; i++)
        if (s->entries[i]->date > p0 && s->entries[i]->date < p1) cuts[n++] = s->entries[i]->date;
    for (int i = 0; i < f->nchips; i++)
        if (f->chips[i].launch > p0 && f->chips[i].launch < p1) cuts[n++] = f->chips[i].launch;
    qsort(cuts, n, sizeof *cuts, double_cmp);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (cuts[i] != cuts[k - 1]) cuts[k++] = cuts[i];
    *out = cuts;
    return k;
}

/* Orders delivered in [a, b): undated ones and earlier ones at the start. */
static void deliver_orders(Interp *I, const Sorted *o, Sim *s, Env *st, double a, double b)
{
    for (size_t i = 0; i < o->n; i++) {
        const TimeEntry *e = o->entries[i];
        if (e->kind != TE_ORDER) continue;
        double d = isnan(e->date) || e->date < s->start ? s->start : e->date;
        if (d >= a && d < b && !stock_add(&s->stock, world_facts(st), e->name, order_units(I, e, st)))
            eval_fail(I, DC_RUNTIME, e->loc, "chip '%s' of this order is not defined when it is delivered", e->name);
    }
}

/* --- per-market stretches ------------------------------------------------------ */

/* The markets (by name) a period's cuts know, joined into groups that share
 * something: a chip with a supply offered in both (directly or by a route),
 * or a route between them. Union-find over name indices. */
typedef struct Groups {
    const char **names;
    int *parent;
    int n, cap;
    const char **chips; /* chips with a supply, and the market group each is offered in (-1: none) */
    int *chip_owner;
    int nchips, chip_cap;
} Groups;

static int group_find(Groups *g, int i)
{
    while (g->parent[i] != i) i = g->parent[i] = g->parent[g->parent[i]];
    return i;
}

static int group_name(Groups *g, const char *name)
{
    for (int i = 0; i < g->n; i++)
        if (g->names[i] == name) return i;
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 16;
        g->names = xrealloc(g->names, sizeof *g->names * (size_t)g->cap);
        g->parent = xrealloc(g->parent, sizeof *g->parent * (size_t)g->cap);
    }
    g->names[g->n] = name;
    g->parent[g->n] = g->n;
    return g->n++;
}

/* name's index, or -1 when no stretch knows it */
static int group_index(const Groups *g, const char *name)
{
    for (int i = 0; i < g->n; i++)
        if (g->names[i] == name) return i;
    return -1;
}

/* Marks name's index in touched, if it is known. */
static void touch(const Groups *g, const char *name, bool *touched)
{
    int i = group_index(g, name);
    if (i >= 0) touched[i] = true;
}

static void group_join(Groups *g, int a, int b)
{
    a = group_find(g, a), b = group_find(g, b);
    if (a != b) g->parent[a < b ? b : a] = a < b ? a : b;
}

/* The group chip (by name) is offered in; -1 when none yet (index into chips with *slot). */
static int *chip_owner(Groups *g, const char *chip)
{
    for (int i = 0; i < g->nchips; i++)
        if (g->chips[i] == chip) return &g->chip_owner[i];
    if (g->nchips == g->chip_cap) {
        g->chip_cap = g->chip_cap ? 2 * g->chip_cap : 16;
        g->chips = xrealloc(g->chips, sizeof *g->chips * (size_t)g->chip_cap);
        g->chip_owner = xrealloc(g->chip_owner, sizeof *g->chip_owner * (size_t)g->chip_cap);
    }
    g->chips[g->nchips] = chip;
    g->chip_owner[g->nchips] = -1;
    return &g->chip_owner[g->nchips++];
}

static void groups_free(void *p)
{
    Groups *g = p;
    free(g->names);
    free(g->parent);
    free(g->chips);
    free(g->chip_owner);
    free(g);
}

/* Marks (touched[i], by name index) the markets offered chip ci in res. */
static void touch_offered(const Groups *g, const ModelResult *res, int ci, bool *touched)
{
    for (int m = 0; m < res->nmarkets; m++)
        for (int k = 0; k < res->markets[m].n; k++)
            if (res->markets[m].cands[k].chip == ci) touch(g, res->facts->markets[m].name, touched);
}

/* Where each market's stretches start (docs/model.md, "Over time" 2). The
 * period [p0, p1) is cut at cuts[0..n) (cuts[0] = p0) into fine stretches;
 * a cut touches the market of a dated policy or lift, a market defined on
 * it, every market for any other definition, and the markets offered a
 * chip ordered or launched on it. Markets in one group (they share a
 * supplied chip or a route in some fine stretch) are cut together, at the
 * cuts that touch any of them; a group no cut touches buys once, over the
 * whole period, in the first stretch. Fills mshare[k] and cshare[k] (per
 * market and chip of stretch k's facts: its share of a year in that
 * stretch, 0 inside a longer one) in one malloc'd block, *block. */
static void plan_stretches(Interp *I, Env *base, const Sorted *so, const double *cuts, size_t n, double p1,
                           double per_day, double **mshare, double **cshare, void **block, int frame)
{
    const ModelResult **res = xmalloc(sizeof *res * n);
    ctx_own(I, frame, res); /* deciding rules may fail: nothing else is allocated until they are decided */
    for (size_t k = 0; k < n; k++) {
        Env *st = timeline_state(I, base, cuts[k]);
        I->day = cuts[k];
        prepare_model(I, st);
        res[k] = model_results(st);
    }
    Groups *g = xcalloc(1, sizeof *g);
    for (size_t k = 0; k < n; k++) {
        Env *st = timeline_state(I, base, cuts[k]);
        const WorldFacts *f = res[k]->facts;
        for (int m = 0; m < f->nmarkets; m++) group_name(g, f->markets[m].name);
        for (int m = 0; m < res[k]->nmarkets; m++)
            for (int j = 0; j < res[k]->markets[m].n; j++) {
                int ci = res[k]->markets[m].cands[j].chip;
                if (!isfinite(f->chips[ci].supply)) continue; /* unlimited: nothing to share */
                int *owner = chip_owner(g, f->chips[ci].name), mi = group_name(g, f->markets[m].name);
                if (*owner < 0) *owner = mi;
                else group_join(g, *owner, mi);
            }
        size_t np;
        const Policy *const *pol = env_policies(st, &np);
        for (size_t i = 0; i < np; i++)
            if (pol[i]->kind == P_ROUTE && pol[i]->to && pol[i]->via)
                group_join(g, group_name(g, pol[i]->to), group_name(g, pol[i]->via));
    }
    /* starts[k * N + r]: group r (a root) begins a stretch at cut k */
    int N = g->n;
    bool *starts = xcalloc(n * (size_t)N + 1, sizeof *starts), *touched = xcalloc((size_t)N + 1, sizeof *touched);
    for (int r = 0; r < N; r++) starts[r] = true;
    for (size_t k = 1; k < n; k++) {
        memset(touched, 0, sizeof *touched * (size_t)N);
        bool all = false;
        const WorldFacts *f = res[k]->facts;
        for (size_t i = 0; i < so->n; i++) {
            const TimeEntry *e = so->entries[i];
            if (e->date != cuts[k]) continue;
            if (e->kind == TE_POLICY || e->kind == TE_LIFT) {
                if (e->policy->to) touch(g, e->policy->to, touched);
                else all = true;
            } else if (e->kind == TE_BIND) {
                if (e->entity && e->entity->kind == K_MARKET) touch(g, e->name, touched);
                else all = true;
            } else if (e->kind == TE_ORDER) {
                int ci = facts_chip(f, e->name);
                if (ci >= 0) touch_offered(g, res[k], ci, touched);
            }
        }
        for (int ci = 0; ci < f->nchips; ci++)
            if (f->chips[ci].launch == cuts[k]) touch_offered(g, res[k], ci, touched);
        for (int i = 0; i < N; i++)
            if (all || touched[i]) starts[k * (size_t)N + (size_t)group_find(g, i)] = true;
    }
    /* the shares: a group's stretch runs from a cut that starts it to the next */
    size_t nm = 0, nc = 0;
    for (size_t k = 0; k < n; k++) nm += (size_t)res[k]->facts->nmarkets, nc += (size_t)res[k]->facts->nchips;
    double *mem = xmalloc(sizeof *mem * (nm + nc + 1)), *at = mem;
    double *gshare = xmalloc(sizeof *gshare * (size_t)N + 1);
    for (size_t k = 0; k < n; k++) {
        double b = k + 1 < n ? cuts[k + 1] : p1;
        for (int r = 0; r < N; r++) {
            if (group_find(g, r) != r) continue;
            if (!starts[k * (size_t)N + (size_t)r]) {
                gshare[r] = 0;
                continue;
            }
            size_t e = k + 1;
            while (e < n && !starts[e * (size_t)N + (size_t)r]) e++;
            gshare[r] = per_day * ((e < n ? cuts[e] : p1) - cuts[k]);
        }
        const WorldFacts *f = res[k]->facts;
        mshare[k] = at;
        for (int m = 0; m < f->nmarkets; m++) *at++ = gshare[group_find(g, group_name(g, f->markets[m].name))];
        cshare[k] = at;
        for (int ci = 0; ci < f->nchips; ci++) {
            int owner = isfinite(f->chips[ci].supply) ? *chip_owner(g, f->chips[ci].name) : -1;
            *at++ = owner >= 0 ? gshare[group_find(g, owner)] : per_day * (b - cuts[k]); /* offered nowhere: by the stretch */
        }
    }
    free(gshare);
    free(starts);
    free(touched);
    groups_free(g);
    *block = mem;
}

/* Simulates the next period of s: one stretch per state in force (charged to loc's budget). */
static void sim_period(Interp *I, Env *base, Sim *s, Loc loc)
{
    TimeCache *c = cache_of(I, base);
    double p0 = s->next, p1 = date_add_months(p0, s->months), *cuts;
    size_t ncuts = period_cuts(c->sorted, world_facts(timeline_state(I, base, p0)), p0, p1, &cuts);
    int f = ctx_enter(I, false); /* frees cuts, by an error too (a budget runs out) */
    ctx_own(I, f, cuts);
    s->busy = true;
    double per_day = s->months / 12.0 / (p1 - p0); /* a period is months/12 of a year, split by days */
    double **mshare = NULL, **cshare = NULL;
    if (ncuts > 1) { /* per-market stretches: a market only where a cut touches it */
        mshare = xcalloc(2 * ncuts, sizeof *mshare);
        ctx_own(I, f, mshare);
        cshare = mshare + ncuts;
        void *block;
        plan_stretches(I, base, c->sorted, cuts, ncuts, p1, per_day, mshare, cshare, &block, f);
        ctx_own(I, f, block);
    }
    for (size_t k = 0; k < ncuts; k++) {
        double a = cuts[k], b = k + 1 < ncuts ? cuts[k + 1] : p1;
        Env *st = timeline_state(I, base, a);
        budget_charge(I, loc, BUDGET_STEPS_PER_STRETCH); /* a model run of every market */
        I->day = a; /* a rule that reads a scenario reads it at this stretch */
        deliver_orders(I, c->sorted, s, st, a, b);
        prepare_model(I, st);
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 16;
            s->st = xrealloc(s->st, sizeof *s->st * s->cap);
        }
        model_stretch_shares(st, a, b, per_day * (b - a), mshare ? mshare[k] : NULL, cshare ? cshare[k] : NULL,
                             &s->stock, &s->st[s->n++]);
    }
    ctx_leave(I, f);
    s->busy = false;
    s->next = p1;
}

/* The stretches of I->when's period, simulated as far as needed. */
static const Stretch *period_stretches(Interp *I, Env *env, size_t *n)
{
    const TimeCtx *w = I->when;
    Env *base = env->state_of ? env->state_of : env;
    Sim *s = sim_get(I, base, w->months, w->from);
    int f = ctx_enter(I, false);
    I->when = NULL; /* rules decided on the way read the state, not a period */
    while (s->next < w->to) sim_period(I, base, s, w->loc);
    ctx_leave(I, f);
    size_t i = 0;
    while (i < s->n && s->st[i].from < w->from) i++;
    size_t j = i;
    while (j < s->n && s->st[j].from < w->to) j++;
    *n = j - i;
    return s->st + i;
}

bool timeline_market(Interp *I, Env *env, const char *market, MarketResult *out)
{
    if (!I->when) return false;
    size_t n;
    const Stretch *st = period_stretches(I, env, &n);
    stretch_totals(st, n, market, out);
    return true;
}

double timeline_units(Interp *I, Env *env, const char *chip, const char *market)
{
    size_t n;
    const Stretch *st = period_stretches(I, env, &n);
    return stretch_units(st, n, chip, market);
}

double timeline_revenue(Interp *I, Env *env, const char *vendor, const char *market, double *levy)
{
    size_t n;
    const Stretch *st = period_stretches(I, env, &n);
    return stretch_revenue(st, n, vendor, market, levy);
}

double timeline_writedown(Interp *I, Env *env, const char *chip, const char *vendor)
{
    size_t n;
    const Stretch *st = period_stretches(I, env, &n);
    return stretch_writedown(st, n, chip, vendor);
}

double timeline_levy(Interp *I, Env *env, const char *government)
{
    size_t n;
    const Stretch *st = period_stretches(I, env, &n);
    return stretch_levy_income(st, n, government);
}

/* --- series ------------------------------------------------------------------ */

enum { MAX_SERIES_ROWS = 1200, MAX_SERIES_COLUMNS = 16 };

static int series_months(Interp *I, Name by)
{
    if (!by.id || strcmp(by.id, "quarter") == 0) return 3;
    if (strcmp(by.id, "month") == 0) return 1;
    if (strcmp(by.id, "year") == 0) return 12;
    eval_fail(I, DC_NAME, by.loc, "'by' takes quarter, month or year, not '%s'", by.id);
}

void series_stmt(Interp *I, const Stmt *s)
{
    int months = series_months(I, s->u.series.by), ncols = 0;
    /* from a fiscal period: rows by that vendor's fiscal quarters or years, each read by months */
    Value from = date_of(I, s->u.series.from, "the start of a series");
    int fy = from.fiscal ? from.fiscal : 1, read = from.fiscal ? 1 : months;
    double p = date_fiscal_period_start(from.u.date, months, fy);
    double last = date_fiscal_period_start(date_of(I, s->u.series.to, "the end of a series").u.date, months, fy);
    if (last < p) eval_fail(I, DC_RUNTIME, s->u.series.to->loc, "the series ends before it starts");
    check_horizon(I, p, date_add_months(last, months), s->loc);
    const char *cols[MAX_SERIES_COLUMNS];
    for (Expr *e = s->u.series.exprs; e; e = e->next) {
        if (ncols == MAX_SERIES_COLUMNS) eval_fail(I, DC_RUNTIME, e->loc, "a series takes at most %d expressions", MAX_SERIES_COLUMNS);
        cols[ncols++] = arena_strndup(&I->arena, e->loc.src->text + e->loc.start, e->loc.end - e->loc.start);
    }
    size_t nrows = 0;
    for (double d = p; d <= last; d = date_add_months(d, months))
        if (++nrows > MAX_SERIES_ROWS) eval_fail(I, DC_RUNTIME, s->loc, "a series has at most %d periods", MAX_SERIES_ROWS);
    Value *cells = arena_alloc(&I->arena, sizeof *cells * nrows * (size_t)ncols);
    const char **labels = arena_alloc(&I->arena, sizeof *labels * nrows);
    size_t row = 0;
    for (double d = p; d <= last; d = date_add_months(d, months), row++) {
        TimeCtx ctx = {d, date_add_months(d, months), read, s->loc};
        char buf[96];
        labels[row] = arena_strdup(&I->arena, from.fiscal && months > 1
                                                  ? date_format_fiscal(d, months, fy, from.u.period.vendor, buf, sizeof buf)
                                                  : date_format_span(d, months, buf, sizeof buf));
        int c = 0;
        for (Expr *e = s->u.series.exprs; e; e = e->next) cells[row * (size_t)ncols + (size_t)c++] = eval_when(I, I->cur, d, &ctx, e);
    }
    if (s->u.series.plotted)
        plot_lines(I, s, cols, ncols, labels, "period", cells, (int)nrows, s->u.series.plot_to, s->u.series.plot_to_loc);
    else emit_record(I, &(Record){.kind = REC_SERIES, .type = "series", .loc = s->loc,
                                  .u.series = {cols, ncols, labels, cells, (int)nrows}}, s->loc);
}
