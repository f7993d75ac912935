/* study.c: sweeps, simulations and `EXPR over N runs` (docs/language.md,
 * "Sweeps and simulations"). Each point runs in a fork of the state the
 * study stands in and is released before the next (arena_reset and
 * envpool_reset around it), so memory does not grow with the number of
 * points; rows are written as each point ends. */
#include "study.h"
#include "context.h"
#include "budget.h"
#include "compare.h"
#include "load.h"
#include <inttypes.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { MAX_METRICS = 64, MAX_PLOT_POINTS = 10000 };

const Value *study_var(const Interp *I, const char *name)
{
    for (int i = I->nvars; i-- > 0;)
        if (I->vars[i].name == name) return &I->vars[i].value;
    return NULL;
}

/* --- points --------------------------------------------------------------- */

/* A study's body may not import: an import binds once, and points are released. */
static void check_body(Interp *I, const Stmt *body)
{
    for (const Stmt *s = body; s; s = s->next)
        if (s->kind == S_IMPORT)
            eval_fail(I, DC_SYNTAX, s->loc, "import cannot run inside a sweep or simulate; import before it");
}

/* The "i" or "i.j" of the current point: the indices of the studies in scope. */
static const char *point_path(Interp *I, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < I->nvars && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%llu", i ? "." : "", (unsigned long long)I->vars[i].index);
    return buf;
}

/* The sweep variables in scope as parameter cells (a simulation's run has none). */
static int param_cells(Interp *I, StudyCell *out)
{
    int n = 0;
    for (int i = 0; i < I->nvars; i++)
        if (I->vars[i].name) out[n++] = (StudyCell){I->vars[i].name, I->vars[i].value, NULL};
    return n;
}

/* The metrics' labels and parts, once per study (before any point's mark); returns how many. */
static int metric_labels(Interp *I, Expr *metrics, const char **labels, Metric *parts)
{
    int n = 0;
    for (Expr *m = metrics; m; m = m->next) {
        if (n == MAX_METRICS) eval_fail(I, DC_RUNTIME, m->loc, "a study reads at most %d metrics", MAX_METRICS);
        parts[n] = metric_of(I, m);
        labels[n] = parts[n].text;
        n++;
    }
    return n;
}

/* Reads the metrics in the point's state into cells; returns how many. */
static int eval_metrics(Interp *I, Expr *metrics, const char *const *labels, const Metric *parts, StudyCell *cells)
{
    int n = 0;
    for (Expr *m = metrics; m; m = m->next, n++) cells[n] = (StudyCell){labels[n], ctx_read(I, I->cur, NULL, m), &parts[n]};
    return n;
}

/* --- progress ------------------------------------------------------------------ */

typedef struct Progress {
    struct timespec start;
    bool shown;
    const char *what;
} Progress;

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* On a terminal, in text, once a study has run a second: "sweep: 1200/5000 points". */
static void progress(Interp *I, Progress *p, uint64_t done, uint64_t total)
{
    if ((done & 255) != 0 || I->study_depth > 1 || I->opt.format != FMT_TEXT || I->report.quiet) return;
    if (since(&p->start) < 1.0 || !isatty(STDERR_FILENO)) return;
    fprintf(stderr, "\r%s: %llu/%llu points", p->what, (unsigned long long)done, (unsigned long long)total);
    p->shown = true;
}

static void progress_end(Progress *p)
{
    if (p->shown) fputs("\r\033[K", stderr);
}

/* --- running a study -------------------------------------------------------------- */

/* The points [begin, end) of a study of total points this process runs:
 * all of them, or for a top-level study under --shard K/N, the K-th of N
 * contiguous slices. */
static void slice(Interp *I, uint64_t total, uint64_t *begin, uint64_t *end)
{
    *begin = 0;
    *end = total;
    if (I->study_depth > 0 || I->opt.shard_n <= 0) return;
    uint64_t k = (uint64_t)I->opt.shard_k - 1, n = (uint64_t)I->opt.shard_n;
    *begin = total / n * k + (k < total % n ? k : total % n);
    *end = *begin + total / n + (k < total % n ? 1 : 0);
}

/* One study: how its points are made and read. */
typedef struct Study {
    const Stmt *s;
    const char *kind;       /* "sweep" or "simulate" */
    const char *var;        /* sweep variable, NULL for a simulation */
    Value from, step;       /* from/to/step sweeps */
    Value *values;          /* list sweeps */
    uint64_t total;
    double **draws;         /* simulate in text: per metric, the runs' numbers (malloc'd) */
    size_t *held;           /* simulate in text: per true/false metric, the runs where it held */
    bool *is_bool;
    int nmetrics;
    uint64_t ndraws;
    bool top;
    const char *labels[MAX_METRICS]; /* the metrics as written */
    Metric parts[MAX_METRICS];       /* and their parts (tidy output) */
    Quantity shape[MAX_METRICS];     /* simulate: each metric's first number, for its summary's unit */
    Value *plot_cells;      /* plot sweep: per point, its metrics (malloc'd; numbers, kept past the point) */
    char (*plot_xs)[64];    /* plot sweep: per point, its value as printed (malloc'd) */
    uint64_t nplot;
} Study;

static Value point_value(const Study *st, uint64_t i)
{
    if (st->values) return st->values[i];
    Value v = st->from;
    v.u.q.v = st->from.u.q.v + (double)i * st->step.u.q.v; /* not accumulated: no drift */
    return v;
}

/* A simulation in text keeps each metric's numbers for its percentiles. */
static void keep_draws(Interp *I, Study *st, const StudyCell *cells, int n)
{
    for (int m = 0; m < n; m++) {
        Value v = cells[m].value;
        if (st->ndraws == 0) st->is_bool[m] = v.kind == V_BOOL;
        if (st->ndraws == 0 && v.kind == V_NUM) st->shape[m] = v.u.q; /* the unit the summary is in */
        if (v.kind == V_BOOL && st->is_bool[m]) st->held[m] += v.u.b;
        else if (v.kind == V_NUM && !st->is_bool[m]) st->draws[m][st->ndraws] = v.u.q.v;
        else
            eval_fail(I, DC_TYPE, st->s->loc, "simulate reads numbers or true/false conditions; '%s' is a %s",
                      cells[m].name, value_type_name(v));
    }
    st->ndraws++;
}

/* plot sweep: point i's value as printed and its metrics, kept past the
 * point's release (numbers only: a value's uncertainty pointer is dropped). */
static void keep_plot_point(Study *st, uint64_t i, const StudyCell *cells, int n)
{
    value_format(point_value(st, i), st->plot_xs[st->nplot], sizeof st->plot_xs[0]);
    for (int m = 0; m < n; m++) {
        Value v = cells[m].value;
        v.unc = NULL;
        st->plot_cells[st->nplot * (uint64_t)n + (uint64_t)m] = v.kind == V_NUM ? v : (Value){.kind = V_NONE};
    }
    st->nplot++;
}

/* One point, a dynamic context of its own (context.h) released when it
 * ends: the variable bound (a sweep) or the world drawn for the run (a
 * simulation), the body run in a fork of the state the study stands in,
 * the metrics read in the point's state. */
static void run_point(Interp *I, Study *st, uint64_t i)
{
    const Stmt *s = st->s;
    budget_charge(I, s->loc, BUDGET_STEPS_PER_POINT);
    if (I->nvars == MAX_STUDY_VARS) eval_fail(I, DC_RUNTIME, s->loc, "studies nested more than %d deep", MAX_STUDY_VARS);
    int f = ctx_enter(I, true);
    ctx_dynamic(I);
    I->vars[I->nvars++] = (StudyVar){st->var, st->var ? point_value(st, i) : (Value){0}, i};
    if (!st->var) {
        I->sampling = true;
        I->run = i;
    }
    I->cur = st->var ? env_fork(I->cur) : ctx_base(I, I->cur); /* a run's fork is drawn */
    if (!exec_stmts(I, s->u.study.body)) longjmp(*I->on_error, 1); /* already reported */
    if (s->u.study.metrics) {
        StudyCell cells[MAX_METRICS], params[MAX_STUDY_VARS];
        int n = eval_metrics(I, s->u.study.metrics, st->labels, st->parts, cells);
        char path[160];
        if (st->draws) keep_draws(I, st, cells, n); /* text: only the summary; JSON: the runs and the summary */
        if (st->plot_cells) keep_plot_point(st, i, cells, n);
        else if (!st->draws || I->opt.format != FMT_TEXT)
            emit_record(I, &(Record){.kind = REC_POINT, .type = st->kind, .loc = st->s->loc,
                                     .u.point = {point_path(I, path, sizeof path), params, param_cells(I, params), cells, n}},
                        st->s->loc);
    }
    ctx_leave(I, f);
}

/* Runs points [begin, end), each released before the next; an error stops
 * the study, and the guard it unwinds to restores the context. */
static void run_points(Interp *I, Study *st, uint64_t begin, uint64_t end)
{
    Progress pg = {.what = st->kind};
    clock_gettime(CLOCK_MONOTONIC, &pg.start);
    int f = ctx_enter(I, false);
    I->study_depth++;
    for (uint64_t i = begin; i < end; i++) {
        if (I->interrupted && *I->interrupted) break;
        run_point(I, st, i);
        progress(I, &pg, i - begin + 1, end - begin);
#ifdef __GLIBC__
        /* every point's memory is freed, but scattered free chunks would keep
         * pages in the process: hand them back now and then (law f) */
        if ((i - begin + 1) % 65536 == 0) malloc_trim(0);
#endif
    }
    ctx_leave(I, f);
    progress_end(&pg);
}

/* A study at the top level writes rows into the run's CSV table and, under --shard with
 * K > 1, is the only output (see interp_init). */
static void study_run(Interp *I, Study *st)
{
    check_body(I, st->s->u.study.body);
    metric_labels(I, st->s->u.study.metrics, st->labels, st->parts);
    st->top = I->study_depth == 0;
    uint64_t begin, end;
    slice(I, st->total, &begin, &end);
    bool quiet = I->report.quiet;
    if (st->top) I->report.quiet = I->opt.mode != MODE_RUN;
    run_points(I, st, begin, end);
    I->report.quiet = quiet;
}

/* --- sweep ------------------------------------------------------------------------- */

/* sweep NAME from A to B step S: A, A + S, ... up to B (within 1e-9 of a step). */
static void sweep_range(Interp *I, const Stmt *s, Study *st)
{
    Quantity a = eval_number(I, s->u.study.from, "a sweep's start");
    Quantity b = eval_number(I, s->u.study.to, "a sweep's end");
    Quantity step = eval_number(I, s->u.study.step, "a sweep's step");
    char n1[96], n2[96];
    if (!dim_eq(a.dim, b.dim) || !dim_eq(a.dim, step.dim))
        eval_fail(I, DC_UNIT, (Loc){s->loc.src, s->u.study.from->loc.start, s->u.study.step->loc.end},
                  "a sweep's start, end and step must have one unit: %s, %s and %s", quantity_format(a, n1, sizeof n1),
                  quantity_format(b, n2, sizeof n2), fmt_value(I, value_num(step)));
    if (step.v == 0 || (b.v - a.v) * step.v < 0)
        eval_fail(I, DC_RUNTIME, s->u.study.step->loc, "the step must be %s to go from %s to %s",
                  step.v == 0 ? "non-zero" : b.v > a.v ? "positive" : "negative", quantity_format(a, n1, sizeof n1),
                  quantity_format(b, n2, sizeof n2));
    double count = floor((b.v - a.v) / step.v + 1e-9) + 1;
    if (!(count <= 1e12)) eval_fail(I, DC_RUNTIME, s->u.study.step->loc, "a sweep of more than 10^12 points");
    st->total = (uint64_t)count;
    st->from = value_num(a);
    st->step = value_num(step);
    st->from.u.q.percent = a.percent;
}

/* plot sweep ...: the points kept, then drawn as lines over the sweep's
 * values, a line per metric (at most MAX_PLOT_POINTS points, at top level). */
static void plot_sweep(Interp *I, Study *st)
{
    const Stmt *s = st->s;
    if (I->study_depth > 0) eval_fail(I, DC_RUNTIME, s->loc, "plot sweep stands at the top level, not inside another study");
    if (!s->u.study.metrics) eval_fail(I, DC_RUNTIME, s->loc, "plot sweep needs the metrics to draw: add 'on EXPR, ...'");
    if (st->total > MAX_PLOT_POINTS)
        eval_fail(I, DC_RUNTIME, s->loc, "plot sweep draws at most %d points, not %" PRIu64 "; sweep with a larger step",
                  MAX_PLOT_POINTS, st->total);
    int n = metric_labels(I, s->u.study.metrics, st->labels, st->parts);
    int f = ctx_enter(I, false);
    st->plot_cells = xmalloc(sizeof *st->plot_cells * (size_t)(st->total ? st->total : 1) * (size_t)(n ? n : 1));
    ctx_own(I, f, st->plot_cells);
    st->plot_xs = xmalloc(sizeof *st->plot_xs * (size_t)(st->total ? st->total : 1));
    ctx_own(I, f, st->plot_xs);
    study_run(I, st);
    const char **xs = arena_alloc(&I->arena, sizeof *xs * (size_t)(st->nplot ? st->nplot : 1));
    Value *cells = arena_alloc(&I->arena, sizeof *cells * (size_t)(st->nplot ? st->nplot : 1) * (size_t)(n ? n : 1));
    for (uint64_t i = 0; i < st->nplot; i++) xs[i] = arena_strdup(&I->arena, st->plot_xs[i]);
    memcpy(cells, st->plot_cells, sizeof *cells * (size_t)st->nplot * (size_t)n);
    ctx_leave(I, f);
    st->plot_cells = NULL;
    st->plot_xs = NULL;
    plot_lines(I, s, st->labels, n, xs, st->var, cells, (int)st->nplot, s->u.study.plot_to, s->u.study.plot_to_loc);
}

void exec_sweep(Interp *I, const Stmt *s)
{
    Study st = {.s = s, .kind = "sweep", .var = s->u.study.var.id};
    if (s->u.study.values) {
        for (Expr *e = s->u.study.values; e; e = e->next) st.total++;
        st.values = arena_alloc(&I->arena, sizeof(Value) * st.total);
        uint64_t i = 0;
        for (Expr *e = s->u.study.values; e; e = e->next) st.values[i++] = eval(I, e);
    } else {
        sweep_range(I, s, &st);
    }
    if (s->u.study.plotted) {
        plot_sweep(I, &st);
        return;
    }
    study_run(I, &st);
}

/* --- simulate and over -------------------------------------------------------------- */

/* A whole number of runs (at least 1) and a seed (a whole number >= 0). */
static uint64_t whole(Interp *I, Expr *e, const char *what, double min)
{
    Quantity q = eval_number(I, e, what);
    if (!dim_is_none(q.dim) || q.percent || q.v != floor(q.v) || q.v < min || q.v > 1e15)
        eval_fail(I, DC_RUNTIME, e->loc, "%s must be a whole number%s", what, min > 0 ? " of at least 1" : " (0 or more)");
    return (uint64_t)q.v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The summary of n numbers (sorted in place; the summary keeps an arena copy). */
static Summary *summarize(Interp *I, double *v, size_t n, Dim dim, bool percent)
{
    qsort(v, n, sizeof *v, cmp_double);
    Summary *s = arena_alloc(&I->arena, sizeof *s);
    double *sorted = arena_alloc(&I->arena, sizeof *sorted * (n + 1));
    memcpy(sorted, v, sizeof *v * n);
    sorted[n] = NAN; /* a canary: a walk past the last draw compares unequal (worlddiff.c same_summary) */
    double sum = 0, ss = 0;
    for (size_t i = 0; i < n; i++) sum += v[i];
    double mean = n ? sum / (double)n : 0;
    for (size_t i = 0; i < n; i++) ss += (v[i] - mean) * (v[i] - mean);
    *s = (Summary){n, sorted, mean, n > 1 ? sqrt(ss / (double)(n - 1)) : 0, dim, percent};
    return s;
}

static void print_summaries(Interp *I, Study *st)
{
    int m = 0;
    for (Expr *e = st->s->u.study.metrics; e; e = e->next, m++) {
        const char *label = st->labels[m];
        if (st->is_bool[m]) {
            emit_record(I, &(Record){.kind = REC_SHARE, .type = "simulate", .loc = st->s->loc,
                                     .u.share = {label, st->held[m], st->ndraws, I->seed}}, st->s->loc);
            continue;
        }
        Quantity q = st->shape[m];
        emit_record(I, &(Record){.kind = REC_SUMMARY, .type = "simulate", .loc = st->s->loc,
                                 .u.summary = {label, summarize(I, st->draws[m], st->ndraws, q.dim, q.percent), I->seed}},
                    st->s->loc);
    }
}

/* simulate in text keeps, per metric, the numbers of the runs of its slice
 * (one block, owned by frame f). */
static void alloc_draws(Interp *I, int f, Study *st)
{
    uint64_t b, e;
    slice(I, st->total, &b, &e);
    size_t runs = (size_t)(e - b ? e - b : 1);
    double *block = xmalloc(sizeof(double) * runs * (size_t)st->nmetrics);
    ctx_own(I, f, block);
    st->draws = xcalloc((size_t)st->nmetrics, sizeof *st->draws);
    ctx_own(I, f, st->draws);
    for (int m = 0; m < st->nmetrics; m++) st->draws[m] = block + runs * (size_t)m;
    st->held = xcalloc((size_t)st->nmetrics, sizeof *st->held);
    ctx_own(I, f, st->held);
    st->is_bool = xcalloc((size_t)st->nmetrics, sizeof *st->is_bool);
    ctx_own(I, f, st->is_bool);
}

void exec_simulate(Interp *I, const Stmt *s)
{
    Study st = {.s = s, .kind = "simulate"};
    st.total = whole(I, s->u.study.runs, "the number of runs", 1);
    uint64_t seed = s->u.study.seed ? whole(I, s->u.study.seed, "the seed", 0) : I->opt.default_seed;
    bool summary = (I->opt.format == FMT_TEXT || I->opt.format == FMT_JSON) && s->u.study.metrics;
    int f = ctx_enter(I, false);
    if (summary && st.total > 100000000)
        eval_fail(I, DC_RUNTIME, s->u.study.runs->loc,
                  "simulate keeps every run for its summary in text and JSON: at most 10^8 runs (--format csv streams more)");
    if (summary) {
        for (Expr *e = s->u.study.metrics; e; e = e->next) st.nmetrics++;
        if (st.nmetrics > MAX_METRICS) eval_fail(I, DC_RUNTIME, s->loc, "a study reads at most %d metrics", MAX_METRICS);
        alloc_draws(I, f, &st);
    }
    I->seed = seed;
    bool top = I->study_depth == 0;
    study_run(I, &st);
    /* each shard of a sharded run prints the summary of its own slice */
    bool shown = !I->report.quiet || (top && I->opt.shard_n > 0);
    if (summary && shown && I->opt.mode == MODE_RUN) {
        bool quiet = I->report.quiet;
        I->report.quiet = false;
        print_summaries(I, &st);
        I->report.quiet = quiet;
    }
    ctx_leave(I, f); /* the draws freed now (the statement's guard would leave the frame too) */
}

/* One run of `over`: the expression read in the current moment's state of
 * a world drawn for run k (a dynamic context, released when it ends). */
static double over_run(Interp *I, Expr *e, uint64_t k, Value *shape)
{
    budget_charge(I, e->loc, BUDGET_STEPS_PER_POINT);
    int f = ctx_enter(I, true);
    ctx_dynamic(I);
    I->sampling = true;
    I->run = k;
    I->cur = ctx_state(I, I->cur);
    Value v = eval(I, e);
    if (v.kind == V_BOOL) v = value_plain(v.u.b);
    if (v.kind != V_NUM)
        eval_fail(I, DC_TYPE, e->loc, "'over' needs a number or a true/false condition, not a %s", value_type_name(v));
    v.unc = NULL; /* released with the run */
    *shape = v;
    ctx_leave(I, f);
    return v.u.q.v;
}

Value eval_over(Interp *I, Expr *e)
{
    uint64_t n = whole(I, e->u.tern.b, "the number of runs", 1);
    uint64_t seed = e->u.tern.c ? whole(I, e->u.tern.c, "the seed", 0) : I->opt.default_seed;
    if (n > 100000000) eval_fail(I, DC_RUNTIME, e->u.tern.b->loc, "'over' keeps every run: at most 10^8 runs");
    int f = ctx_enter(I, false);
    double *v = xmalloc(sizeof *v * (size_t)n);
    ctx_own(I, f, v);
    Value shape = {0};
    I->seed = seed;
    for (uint64_t k = 0; k < n; k++) v[k] = over_run(I, e->u.tern.a, k, &shape);
    Summary *s = summarize(I, v, (size_t)n, shape.u.q.dim, shape.u.q.percent);
    ctx_leave(I, f);
    return (Value){.kind = V_DIST, .u.dist = s};
}

/* --- distribution values ---------------------------------------------------------------- */

/* The attributes of a distribution (one table: read by summary_attr and :help). */
static const struct {
    const char *name;
    double q; /* a quantile, or -1 for mean, -2 sd, -3 runs */
} SUMMARY_ATTRS[] = {
    {"p5", 0.05}, {"p10", 0.10}, {"p25", 0.25}, {"p50", 0.5}, {"p75", 0.75}, {"p90", 0.9}, {"p95", 0.95},
    {"min", 0}, {"max", 1}, {"median", 0.5}, {"mean", -1}, {"sd", -2}, {"count", -3},
};

Value summary_attr(Interp *I, Value d, const char *name, Loc loc)
{
    const Summary *s = d.u.dist;
    for (size_t i = 0; i < sizeof SUMMARY_ATTRS / sizeof SUMMARY_ATTRS[0]; i++) {
        if (strcmp(SUMMARY_ATTRS[i].name, name) != 0) continue;
        double q = SUMMARY_ATTRS[i].q;
        if (q == -3) return value_plain((double)s->n);
        double v = q == -1 ? s->mean : q == -2 ? s->sd : summary_quantile(s, q);
        return value_num((Quantity){.v = v, .dim = s->dim, .percent = s->percent});
    }
    eval_fail(I, DC_NAME, loc, "a distribution has no '%s'; it has p5, p10, p25, p50, p75, p90, p95, min, max, median, mean, sd and count",
              name);
}

Value summary_percentile(Interp *I, Value d, Quantity q, Loc qloc)
{
    if (!dim_is_none(q.dim) || q.v < 0 || q.v > 1)
        eval_fail(I, DC_RUNTIME, qloc, "a percentile is between 0%% and 100%%, such as 90%%");
    const Summary *s = d.u.dist;
    return value_num((Quantity){.v = summary_quantile(s, q.v), .dim = s->dim, .percent = s->percent});
}
