/* polsim.c: libpolsim (include/polsim.h), the layer above the report layer
 * and below the command line. A session is one Interp whose Report hands
 * every record to take_record (record.h: records live only during
 * record_emit): it copies the record's place and figures into the session's
 * result, in an arena freed at the next run, and renders it at once into
 * the text, JSON and CSV streams of the result (each with its own Report, so
 * the tidy CSV table keeps its one header and its running unit column).
 * Diagnostics come through Diag.on_diag and become error and warning
 * records. The HTML page is made from the JSON stream when asked for. */
#include "polsim.h"
#include "readfile.h"
#include "arena.h"
#include "budget.h"
#include "html.h"
#include "interp.h"
#include "../run/load.h"
#include "report.h"
#include "stdlib_embed.h"
#include "worlddiff.h"
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { NFMT = 3 }; /* the streams rendered as records come: POLSIM_TEXT, POLSIM_JSON, POLSIM_CSV */

struct polsim_value {
    polsim_value_kind kind;
    const char *metric, *subject, *period, *unit, *text; /* arena text, or NULL */
    double number;
    int truth;
};

struct polsim_record {
    polsim_result *res;
    polsim_record_kind kind;
    const char *type, *file, *scenario, *period, *message; /* arena text, or NULL */
    int line, column, verdict;
    int source;                   /* its place: the index of its source in the session's, or -1 */
    size_t start, end;
    size_t first, n;              /* its figures: res->vals[first, first + n) */
    size_t from[NFMT], to[NFMT];  /* its rendering: res->buf[f][from[f], to[f]) */
    const char *own[NFMT];        /* an error's own text, JSON and CSV (not in the streams) */
    const char *slice[NFMT];      /* polsim_record_render's copies, made when asked */
};

struct polsim_result {
    polsim_session *s;
    polsim_status status;
    int passed, failed;
    const char *name;             /* the text's name or the file's path (arena) */
    polsim_record *recs;          /* malloc'd */
    size_t nrecs, reccap;
    polsim_value *vals;           /* malloc'd */
    size_t nvals, valcap;
    Arena arena;                  /* every string above */
    Report rep[NFMT];             /* the streams' rendering state */
    FILE *mem[NFMT];              /* open during the run */
    char *buf[NFMT];              /* malloc'd by open_memstream */
    size_t len[NFMT];
    char *html;                   /* malloc'd when first asked for */
    size_t html_len;
    bool html_tried;
};

struct polsim_session {
    Interp I;
    char *stdlib_dir;             /* malloc'd copy of the option */
    unsigned long long max_steps;
    double max_seconds;
    Diag echo;                    /* prints diagnostics as the command line does (out NULL: not at all) */
    FILE *out;                    /* polsim_set_output's stream, or NULL: records are kept */
    Report out_rep;               /* its rendering state, for the whole session */
    polsim_result res;            /* the last run's */
    bool running;                 /* res takes records and diagnostics */
    bool armed;                   /* a run has armed the step budget (POLSIM_RUN_SHARED_BUDGET) */
    bool out_color;               /* polsim_set_output_color */
    char open_err[256];           /* the first error while the stdlib loads */
};

void polsim_options_init(polsim_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->stdlib = 1;
    opt->history = 1;
    opt->max_steps = BUDGET_DEFAULT_STEPS;
}

size_t polsim_options_size(void) { return sizeof(polsim_options); }

/* --- copying ------------------------------------------------------------------- */

static const char *dup(polsim_result *r, const char *s) { return s ? arena_strdup(&r->arena, s) : NULL; }

static polsim_value *new_value(polsim_result *r, const char *subject, const char *metric, const char *period)
{
    if (r->nvals == r->valcap) r->vals = xrealloc(r->vals, (r->valcap = r->valcap ? r->valcap * 2 : 64) * sizeof *r->vals);
    polsim_value *v = &r->vals[r->nvals++];
    *v = (polsim_value){.kind = POLSIM_NONE, .subject = dup(r, subject), .metric = dup(r, metric), .period = dup(r, period),
                        .number = NAN, .truth = -1};
    return v;
}

/* A figure: v copied (its number in base units, its unit, its display text). */
static void add_value(polsim_result *r, const char *subject, const char *metric, const char *period, Value v)
{
    polsim_value *pv = new_value(r, subject, metric, period);
    char buf[512], unit[64];
    switch (v.kind) {
    case V_NUM:
        pv->kind = POLSIM_NUMBER;
        pv->number = v.u.q.v;
        pv->unit = dup(r, dim_base_unit(v.u.q.dim, unit, sizeof unit));
        break;
    case V_BOOL:
        pv->kind = POLSIM_BOOL;
        pv->truth = v.u.b;
        pv->number = v.u.b;
        break;
    case V_STR: case V_SYM: pv->kind = POLSIM_STRING; break;
    case V_DATE: pv->kind = POLSIM_DATE; break;
    case V_UNKNOWN: pv->kind = POLSIM_UNKNOWN; break;
    case V_NONE: pv->kind = POLSIM_NONE; break;
    default: pv->kind = POLSIM_OTHER; break;
    }
    /* texts and names whole, not cut to buf */
    pv->text = dup(r, v.kind == V_STR || v.kind == V_SYM ? v.u.s : v.kind == V_NONE ? "" : value_format(v, buf, sizeof buf));
}

static void add_number(polsim_result *r, const char *subject, const char *metric, const char *period, double x, const char *unit)
{
    polsim_value *pv = new_value(r, subject, metric, period);
    char buf[64];
    pv->kind = isfinite(x) ? POLSIM_NUMBER : POLSIM_NONE;
    pv->number = x;
    pv->unit = dup(r, unit ? unit : "");
    snprintf(buf, sizeof buf, "%.6g%s%s", x, unit && *unit ? " " : "", unit ? unit : "");
    pv->text = dup(r, isfinite(x) ? buf : "");
}

/* The index of src among the session's sources, or -1. */
static int source_index(const Interp *I, const Source *src)
{
    for (size_t i = I->sources.len; src && i-- > 0;)
        if (I->sources.items[i] == src) return (int)i;
    return -1;
}

static polsim_record *new_record(polsim_result *r, polsim_record_kind kind, const char *type, Loc loc)
{
    if (r->nrecs == r->reccap) r->recs = xrealloc(r->recs, (r->reccap = r->reccap ? r->reccap * 2 : 16) * sizeof *r->recs);
    polsim_record *c = &r->recs[r->nrecs++];
    memset(c, 0, sizeof *c);
    c->res = r;
    c->kind = kind;
    c->type = dup(r, type);
    c->verdict = -1;
    c->first = r->nvals;
    c->source = source_index(&r->s->I, loc.src);
    c->start = loc.start;
    c->end = loc.end;
    if (loc.src) {
        c->file = dup(r, loc.src->name);
        source_position(loc.src, loc.start, &c->line, &c->column);
    }
    return c;
}

/* The record's figures in the tidy table's order (report.c's CSV rows). */
static void copy_figures(polsim_result *r, polsim_record *c, const Record *rec)
{
    char buf[512];
    switch (rec->kind) {
    case REC_VALUES:
        for (int i = 0; i < rec->u.values.n; i++) {
            const Metric *m = rec->u.values.metrics ? &rec->u.values.metrics[i] : NULL;
            add_value(r, NULL, m ? m->metric : NULL, m ? m->period : NULL, rec->u.values.vals[i]);
        }
        break;
    case REC_VALUE_AS:
        add_value(r, NULL, NULL, NULL, rec->u.value_as.v);
        r->vals[r->nvals - 1].text = dup(r, rec->u.value_as.text); /* in the unit asked for */
        break;
    case REC_ENTITY:
        for (int i = 0; i < rec->u.entity.n; i++)
            add_value(r, rec->u.entity.name, rec->u.entity.rows[i].label, NULL, rec->u.entity.rows[i].value);
        c->message = dup(r, rec->u.entity.source);
        break;
    case REC_VERDICT: {
        bool classify = strcmp(rec->type, "explain") != 0;
        snprintf(buf, sizeof buf, "%s %s", classify ? "controlled under" : "available in", rec->u.verdict.object);
        add_value(r, rec->u.verdict.subject, buf, NULL,
                  rec->u.verdict.verdict < 0 ? (Value){.kind = V_NONE} : value_bool(rec->u.verdict.verdict));
        c->verdict = rec->u.verdict.verdict < 0 ? -1 : rec->u.verdict.verdict != 0;
        c->message = dup(r, rec->u.verdict.text);
        break;
    }
    case REC_TABLE:
        for (int i = 0; i < rec->u.table.nrows; i++) {
            const Metric *m = &rec->u.table.labels[i];
            for (int k = 0; k < rec->u.table.ncols; k++)
                add_value(r, rec->u.table.columns[k], m->metric, m->period, rec->u.table.cells[i * rec->u.table.ncols + k]);
            if (!rec->u.table.extra_header) continue;
            snprintf(buf, sizeof buf, "%s %s", m->metric, rec->u.table.scenarios ? "difference" : "ratio");
            add_value(r, rec->u.table.extra_header, buf, m->period, rec->u.table.extra[i]);
        }
        break;
    case REC_ASSERT:
        add_value(r, NULL, rec->u.assertion.text, NULL, value_bool(rec->u.assertion.passed));
        c->verdict = rec->u.assertion.passed;
        c->message = dup(r, rec->u.assertion.message);
        break;
    case REC_PLOT: {
        const Chart *ch = rec->u.plot.chart;
        bool periods = ch->kind == CHART_LINES && ch->x_label && strcmp(ch->x_label, "period") == 0;
        for (int s = 0; s < ch->nseries; s++)
            for (int i = 0; i < ch->series[s].n; i++) {
                const char *label = ch->kind != CHART_HISTOGRAM && i < ch->nlabels ? ch->labels[i] : NULL;
                add_number(r, periods ? NULL : label, ch->series[s].name, periods ? label : NULL, ch->series[s].values[i],
                           ch->unit);
            }
        c->message = dup(r, rec->u.plot.file);
        break;
    }
    case REC_SERIES:
        for (int i = 0; i < rec->u.series.nrows; i++)
            for (int k = 0; k < rec->u.series.ncols; k++)
                add_value(r, NULL, rec->u.series.columns[k], rec->u.series.periods[i],
                          rec->u.series.cells[i * rec->u.series.ncols + k]);
        break;
    case REC_POINT:
        for (int i = 0; i < rec->u.point.nmetrics; i++) {
            const StudyCell *m = &rec->u.point.metrics[i];
            add_value(r, rec->u.point.point, m->parts ? m->parts->metric : m->name, m->parts ? m->parts->period : NULL,
                      m->value);
        }
        c->n = r->nvals - c->first;
        /* the sweep's variables follow the figures: polsim_record_param */
        for (int i = 0; i < rec->u.point.nparams; i++)
            add_value(r, rec->u.point.point, rec->u.point.params[i].name, NULL, rec->u.point.params[i].value);
        return;
    case REC_SUMMARY: {
        static const double QS[] = {0.05, 0.10, 0.25, 0.5, 0.75, 0.9, 0.95};
        static const char *const NAMES[] = {"p5", "p10", "p25", "p50", "p75", "p90", "p95", "mean", "sd", "min", "max"};
        const Summary *s = rec->u.summary.summary;
        for (int i = 0; i < 11; i++) {
            double x = i < 7 ? summary_quantile(s, QS[i]) : i == 7 ? s->mean : i == 8 ? s->sd
                     : !s->n ? 0 : i == 9 ? s->sorted[0] : s->sorted[s->n - 1];
            add_value(r, NAMES[i], rec->u.summary.metric, NULL, value_num((Quantity){.v = x, .dim = s->dim, .percent = s->percent}));
        }
        break;
    }
    case REC_SHARE: {
        size_t runs = rec->u.share.runs;
        add_value(r, "share", rec->u.share.metric, NULL,
                  value_num((Quantity){.v = runs ? (double)rec->u.share.held / (double)runs : 0, .percent = true}));
        break;
    }
    }
    c->n = r->nvals - c->first;
}

/* rec rendered into one stream; a chart's file is drawn only by the first
 * (draw): the other streams write what report_plot writes. */
static const char *render_into(Report *rep, const Record *rec, bool draw)
{
    if (rec->kind != REC_PLOT || draw) return report_render(rep, rec);
    const char *scenario = rep->scenario, *period = rep->csv_period;
    rep->scenario = rec->scenario;
    rep->csv_period = rec->period;
    report_plot(rep, rec->loc, rec->u.plot.chart, rec->u.plot.file);
    rep->scenario = scenario;
    rep->csv_period = period;
    return NULL;
}

/* r's renderings, one memory stream a format, opened for its first kept
 * record (a streaming run keeps none: it opens none). */
static void open_streams(polsim_result *r)
{
    for (int f = 0; f < NFMT; f++) {
        r->mem[f] = open_memstream(&r->buf[f], &r->len[f]);
        if (!r->mem[f]) {
            fprintf(stderr, "polsim: out of memory\n");
            exit(70);
        }
        r->rep[f] = (Report){.out = r->mem[f], .format = f == POLSIM_TEXT ? FMT_TEXT : f == POLSIM_JSON ? FMT_JSON : FMT_CSV};
    }
}

/* The session's sink (record.h). */
static const char *take_record(void *ctx, const Record *rec)
{
    polsim_session *s = ctx;
    polsim_result *r = &s->res;
    if (!s->running) return NULL; /* the stdlib while the session opens: nothing to show */
    if (s->out) return report_render(&s->out_rep, rec); /* streaming: nothing kept */
    if (!r->mem[0]) open_streams(r);
    size_t from[NFMT];
    for (int f = 0; f < NFMT; f++) {
        fflush(r->mem[f]);
        from[f] = r->len[f];
    }
    /* JSON first: it draws a plot's file, and when that fails nothing is
     * written and the evaluator reports why at the statement */
    const char *why = render_into(&r->rep[POLSIM_JSON], rec, true);
    if (why) return why;
    /* The session runs as --format json, whose records are the most: the
     * evaluator leaves a simulation's runs out in text (only the summary)
     * and its summaries out in CSV (the runs stream). The streams do too. */
    if (!(rec->kind == REC_POINT && strcmp(rec->type, "simulate") == 0)) render_into(&r->rep[POLSIM_TEXT], rec, false);
    if (rec->kind != REC_SUMMARY && rec->kind != REC_SHARE) render_into(&r->rep[POLSIM_CSV], rec, false);
    polsim_record *c = new_record(r, (polsim_record_kind)rec->kind, rec->type, rec->loc);
    c->scenario = dup(r, rec->scenario ? rec->scenario : "main");
    c->period = dup(r, rec->period);
    copy_figures(r, c, rec);
    for (int f = 0; f < NFMT; f++) {
        fflush(r->mem[f]);
        c->from[f] = from[f];
        c->to[f] = r->len[f];
    }
    return NULL;
}

static const char *const LEVELS[] = {"error", "warning", "note", "error"};

/* Diag.on_diag: an error or warning as a record; a failed assert is its
 * assert record already. Also printed to the diagnostics stream. */
static void take_diag(void *data, DiagLevel level, Loc loc, const char *message)
{
    polsim_session *s = data;
    int line = 0, col = 0;
    if (loc.src) source_position(loc.src, loc.start, &line, &col);
    if (s->echo.out) { /* the message is clean already (diag.c); cleaning it again changes nothing */
        if (loc.src) diag_report(&s->echo, level, DC_RUNTIME, loc, "%s", message);
        else if (level == DIAG_NOTE) diag_plain_note(&s->echo, "%s", message);
        else diag_plain(&s->echo, DC_RUNTIME, "%s", message);
    }
    if (!s->running) {
        if (level == DIAG_ERROR && !s->open_err[0])
            snprintf(s->open_err, sizeof s->open_err, "%s%s%s", loc.src ? loc.src->name : "", loc.src ? ": " : "", message);
        return;
    }
    if (level == DIAG_FAILED) return;
    polsim_result *r = &s->res;
    polsim_record *c = new_record(r, level == DIAG_ERROR ? POLSIM_REC_ERROR : POLSIM_REC_WARNING, LEVELS[level], loc);
    c->message = dup(r, message);
    c->scenario = dup(r, s->I.report.scenario ? s->I.report.scenario : "main");
    if (loc.src) c->own[POLSIM_TEXT] = arena_printf(&r->arena, "%s:%d:%d: %s: %s\n", c->file, line, col, c->type, message);
    else c->own[POLSIM_TEXT] = arena_printf(&r->arena, "polsim: %s: %s\n", c->type, message);
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(c->type));
    if (loc.src) {
        json_object_set_new(o, "file", json_string(c->file));
        json_object_set_new(o, "line", json_integer(line));
        json_object_set_new(o, "column", json_integer(col));
    }
    json_object_set_new(o, "message", json_string(message));
    char *text = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
    c->own[POLSIM_JSON] = arena_printf(&r->arena, "%s\n", text ? text : "{}");
    c->own[POLSIM_CSV] = "";
    free(text);
    json_decref(o);
}

/* --- the result ---------------------------------------------------------------- */

static void result_free(polsim_result *r)
{
    for (int f = 0; f < NFMT; f++) {
        if (r->mem[f]) fclose(r->mem[f]);
        free(r->buf[f]);
    }
    free(r->recs);
    free(r->vals);
    free(r->html);
    if (r->s) arena_free(&r->arena);
    polsim_session *s = r->s;
    memset(r, 0, sizeof *r);
    r->s = s;
}

static void result_start(polsim_session *s, const char *name, bool fresh_budget)
{
    polsim_result *r = &s->res;
    result_free(r);
    r->s = s;
    arena_init(&r->arena);
    r->name = dup(r, name);
    s->I.diag.input_error = false;
    s->running = true;
    if (fresh_budget || !s->armed) budget_steps(s->max_steps);
    s->armed = true;
    if (s->max_seconds > 0) budget_time(s->max_seconds);
}

static const polsim_result *result_end(polsim_session *s, RunStatus run, int errors_before, int passed_before, int failed_before)
{
    polsim_result *r = &s->res;
    if (s->max_seconds > 0) budget_time_stop();
    s->running = false;
    for (int f = 0; f < NFMT && r->mem[f]; f++) {
        fclose(r->mem[f]); /* buf and len final, NUL-terminated */
        r->mem[f] = NULL;
    }
    r->passed = s->I.asserts_passed - passed_before;
    r->failed = s->I.asserts_failed - failed_before;
    int errors = s->I.diag.errors - errors_before;
    r->status = run == RUN_INCOMPLETE ? POLSIM_INCOMPLETE
              : s->I.diag.input_error ? POLSIM_NOINPUT
              : errors || run != RUN_OK ? POLSIM_ERROR
              : r->failed ? POLSIM_ASSERT_FAILED : POLSIM_OK;
    return r;
}

/* --- the session --------------------------------------------------------------- */

/* Hooks the session into its interpreter (after interp_init). */
static void hook(polsim_session *s, volatile sig_atomic_t *interrupt)
{
    s->I.diag.on_diag = take_diag;
    s->I.diag.on_diag_data = s;
    s->I.report.sink = (RecordSink){take_record, s};
    s->I.interrupted = interrupt;
}

/* The stdlib loaded (unless the options leave it out): its status. */
static polsim_status load_stdlib(polsim_session *s)
{
    s->open_err[0] = '\0';
    if (interp_load_prelude(&s->I)) return POLSIM_OK;
    return s->I.diag.input_error ? POLSIM_NOINPUT : POLSIM_ERROR;
}

polsim_session *polsim_open_ex(const polsim_options *opt, polsim_status *status, char *err, size_t errn)
{
    polsim_options dflt;
    if (!opt) {
        polsim_options_init(&dflt);
        opt = &dflt;
    }
    polsim_session *s = xcalloc(1, sizeof *s);
    s->stdlib_dir = opt->stdlib_dir ? xstrdup(opt->stdlib_dir) : NULL;
    s->max_steps = opt->max_steps;
    s->max_seconds = opt->max_seconds > 0 && isfinite(opt->max_seconds) ? opt->max_seconds : 0;
    diag_init(&s->echo, opt->diagnostics);
    s->echo.color = opt->color != 0;
    bool shard = opt->shard_n > 0 && opt->shard_k >= 1 && opt->shard_k <= opt->shard_n;
    RunMode mode = opt->mode == POLSIM_MODE_CHECK ? MODE_CHECK : opt->mode == POLSIM_MODE_TEST ? MODE_TEST : MODE_RUN;
    Options o = {.mode = mode, .format = FMT_JSON, .no_prelude = !opt->stdlib, .no_history = !opt->history,
                 .stdlib_dir = s->stdlib_dir, .any_import = opt->any_import != 0, .color = opt->color != 0,
                 .shard_k = shard ? opt->shard_k : 0, .shard_n = shard ? opt->shard_n : 0, .default_seed = opt->seed};
    interp_init(&s->I, &o);
    hook(s, NULL);
    s->res.s = s;
    arena_init(&s->res.arena);
    budget_steps(0); /* the stdlib loads without a step limit, as in the command line */
    polsim_status st = load_stdlib(s);
    if (status) *status = st;
    if (st != POLSIM_OK) {
        if (err && errn) snprintf(err, errn, "the stdlib failed to load%s%s", s->open_err[0] ? ": " : "", s->open_err);
        polsim_close(s);
        return NULL;
    }
    return s;
}

polsim_session *polsim_open(const polsim_options *opt, char *err, size_t errn) { return polsim_open_ex(opt, NULL, err, errn); }

/* The streaming Report afresh: shards after the first leave the CSV header to the first. */
static void output_start(polsim_session *s, OutFormat f)
{
    bool other_shard = s->I.opt.shard_n > 0 && s->I.opt.shard_k > 1;
    s->out_rep = (Report){.out = s->out, .format = f, .color = s->out_color, .csv_started = other_shard};
}

int polsim_set_output(polsim_session *s, polsim_format fmt, FILE *out)
{
    if (out && (fmt == POLSIM_HTML || (int)fmt < 0 || (int)fmt >= NFMT)) return -1;
    OutFormat f = fmt == POLSIM_TEXT ? FMT_TEXT : fmt == POLSIM_JSON ? FMT_JSON : FMT_CSV;
    s->out = out;
    output_start(s, f);
    /* the evaluator makes a format's records (a simulation's runs or its
     * summary): kept records are JSON's, the most */
    s->I.opt.format = out ? f : FMT_JSON;
    return 0;
}

void polsim_set_output_color(polsim_session *s, int on)
{
    s->out_color = on != 0;
    s->out_rep.color = s->out_color;
}

void polsim_set_interrupt(polsim_session *s, volatile sig_atomic_t *flag) { s->I.interrupted = flag; }

polsim_status polsim_reset(polsim_session *s)
{
    Options o = s->I.opt;
    volatile sig_atomic_t *interrupt = s->I.interrupted;
    interp_free(&s->I);
    interp_init(&s->I, &o);
    hook(s, interrupt);
    output_start(s, s->out_rep.format); /* as a fresh interpreter's report: the CSV header again */
    return load_stdlib(s);              /* within the steps left, as the REPL's :reset always did */
}

void polsim_close(polsim_session *s)
{
    if (!s) return;
    result_free(&s->res);
    interp_free(&s->I);
    free(s->stdlib_dir);
    free(s);
}

const polsim_result *polsim_run_ex(polsim_session *s, const char *name, const char *text, size_t len, const char *dir,
                                   unsigned flags)
{
    bool std_in = !text && name && strcmp(name, "-") == 0;
    if (text && !name) name = "<text>";
    if (!text && !name) name = "-", std_in = true;
    if (text && len == (size_t)-1) len = strlen(text);
    int e = s->I.diag.errors, p = s->I.asserts_passed, f = s->I.asserts_failed;
    result_start(s, std_in ? "<stdin>" : name, !(flags & POLSIM_RUN_SHARED_BUDGET));
    bool quiet = s->I.report.quiet;
    if (flags & POLSIM_RUN_SHOW) s->I.report.quiet = false;
    s->I.run_once = flags == POLSIM_RUN_ONCE;
    RunStatus st = RUN_ERROR;
    if (text || std_in) {
        interp_set_root(&s->I, dir ? dir : ".");
        char *input = NULL;
        const char *why;
        if (std_in && !(input = load_stream(0, &len, &why)))
            diag_plain(&s->I.diag, DC_INPUT, "cannot read standard input: %s", why);
        else st = run_text_in(&s->I, std_in ? "<stdin>" : name, std_in ? input : text, len, dir ? dir : ".",
                              (flags & POLSIM_RUN_PARTIAL) != 0);
        free(input);
    } else {
        /* the file's imports may reach its own folder (as `polsim FILE`) */
        char *own = dir ? NULL : path_folder(name);
        interp_set_root(&s->I, dir ? dir : own);
        free(own);
        st = interp_run_file(&s->I, name);
    }
    s->I.report.quiet = quiet;
    s->I.run_once = false;
    return result_end(s, st, e, p, f);
}

const polsim_result *polsim_run(polsim_session *s, const char *name, const char *text, size_t len)
{
    return polsim_run_ex(s, name, text ? text : "", len, NULL, 0);
}

const polsim_result *polsim_run_file(polsim_session *s, const char *path)
{
    int e = s->I.diag.errors, p = s->I.asserts_passed, f = s->I.asserts_failed;
    if (!path || strcmp(path, "-") != 0) return polsim_run_ex(s, path ? path : "", NULL, 0, NULL, 0);
    result_start(s, path, true); /* "-" is a file of that name here, not standard input */
    interp_set_root(&s->I, ".");
    return result_end(s, interp_run_file(&s->I, path), e, p, f);
}

/* --- reading a result ---------------------------------------------------------- */

polsim_status polsim_result_status(const polsim_result *r) { return r->status; }
size_t polsim_result_count(const polsim_result *r) { return r->nrecs; }
int polsim_result_asserts_passed(const polsim_result *r) { return r->passed; }
int polsim_result_asserts_failed(const polsim_result *r) { return r->failed; }

const polsim_record *polsim_result_record(const polsim_result *r, size_t i) { return i < r->nrecs ? &r->recs[i] : NULL; }

const polsim_record *polsim_result_error(const polsim_result *r)
{
    for (size_t i = 0; i < r->nrecs; i++)
        if (r->recs[i].kind == POLSIM_REC_ERROR) return &r->recs[i];
    return NULL;
}

/* html.h's lookup: a name defined at top level (report_cmd.c's). */
static bool lookup_definition(void *ctx, const char *name, const char **kind, const char **at, const char **source)
{
    Interp *I = ctx;
    const Binding *b = env_lookup(I->main, intern_cstr(&I->names, name));
    if (!b || !b->entity) return false;
    *kind = entity_kind_name(b->entity->kind);
    *at = loc_text(I, b->entity->loc);
    *source = entity_source(b->entity);
    return true;
}

const char *polsim_result_render(const polsim_result *cr, polsim_format fmt, size_t *len)
{
    polsim_result *r = (polsim_result *)cr; /* session memory: the page is made once, when first asked for */
    if ((int)fmt < NFMT && (int)fmt >= 0) {
        if (len) *len = r->len[fmt];
        return r->buf[fmt] ? r->buf[fmt] : "";
    }
    if (fmt != POLSIM_HTML) return NULL;
    if (!r->html_tried) {
        r->html_tried = true;
        char err[256];
        FILE *out = open_memstream(&r->html, &r->html_len);
        bool ok = out && html_report(out, r->name ? r->name : "polsim", r->buf[POLSIM_JSON] ? r->buf[POLSIM_JSON] : "",
                                     lookup_definition, &r->s->I, err, sizeof err);
        if (out && fclose(out) != 0) ok = false;
        if (!ok) {
            free(r->html);
            r->html = NULL;
            r->html_len = 0;
        }
    }
    if (len) *len = r->html_len;
    return r->html;
}

int polsim_render(const polsim_result *r, polsim_format fmt, FILE *out)
{
    size_t len;
    const char *text = polsim_result_render(r, fmt, &len);
    if (!text) return -1;
    if (len && fwrite(text, 1, len, out) != len) return -1;
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/* --- reading a record ---------------------------------------------------------- */

polsim_record_kind polsim_record_kind_of(const polsim_record *rec) { return rec->kind; }
const char *polsim_record_type(const polsim_record *rec) { return rec->type; }
const char *polsim_record_file(const polsim_record *rec) { return rec->file; }
int polsim_record_line(const polsim_record *rec) { return rec->line; }
int polsim_record_column(const polsim_record *rec) { return rec->column; }
const char *polsim_record_scenario(const polsim_record *rec) { return rec->scenario; }
const char *polsim_record_period(const polsim_record *rec) { return rec->period; }
const char *polsim_record_message(const polsim_record *rec) { return rec->message; }
int polsim_record_verdict(const polsim_record *rec) { return rec->verdict; }
size_t polsim_record_count(const polsim_record *rec) { return rec->n; }

const polsim_value *polsim_record_value(const polsim_record *rec, size_t i)
{
    return i < rec->n ? &rec->res->vals[rec->first + i] : NULL;
}

size_t polsim_record_param_count(const polsim_record *rec)
{
    if (rec->kind != POLSIM_REC_POINT) return 0;
    size_t end = rec + 1 < rec->res->recs + rec->res->nrecs ? rec[1].first : rec->res->nvals;
    return end - rec->first - rec->n;
}

const polsim_value *polsim_record_param(const polsim_record *rec, size_t i)
{
    return i < polsim_record_param_count(rec) ? &rec->res->vals[rec->first + rec->n + i] : NULL;
}

const char *polsim_record_render(const polsim_record *crec, polsim_format fmt)
{
    if ((int)fmt < 0 || (int)fmt >= NFMT) return "";
    polsim_record *rec = (polsim_record *)crec; /* session memory: the copy is made once */
    if (rec->own[fmt]) return rec->own[fmt];
    if (!rec->slice[fmt]) {
        const char *buf = rec->res->buf[fmt] ? rec->res->buf[fmt] : "";
        rec->slice[fmt] = arena_strndup(&rec->res->arena, buf + rec->from[fmt], rec->to[fmt] - rec->from[fmt]);
    }
    return rec->slice[fmt];
}

polsim_value_kind polsim_value_kind_of(const polsim_value *v) { return v->kind; }
const char *polsim_value_metric(const polsim_value *v) { return v->metric; }
const char *polsim_value_subject(const polsim_value *v) { return v->subject; }
const char *polsim_value_period(const polsim_value *v) { return v->period; }
double polsim_value_number(const polsim_value *v) { return v->number; }
const char *polsim_value_unit(const polsim_value *v) { return v->unit; }
int polsim_value_bool(const polsim_value *v) { return v->truth; }
const char *polsim_value_text(const polsim_value *v) { return v->text; }

/* --- the page, places, sources -------------------------------------------------- */

int polsim_html(polsim_session *s, const char *title, const char *json, size_t len, FILE *out, char *err, size_t errn)
{
    char why[256] = "";
    char *text = xmalloc(len + 1); /* html_report reads a NUL-terminated text */
    memcpy(text, json ? json : "", json ? len : 0);
    text[json ? len : 0] = '\0';
    bool ok = html_report(out, title ? title : "polsim", text, lookup_definition, &s->I, why, sizeof why);
    free(text);
    if (!ok && err && errn) snprintf(err, errn, "%s", why);
    return ok ? 0 : -1;
}

/* A place from a Loc of the session (session memory). */
static polsim_place place_of(polsim_session *s, Loc loc)
{
    polsim_place pl = {.source = -1};
    if (!loc.src) return pl;
    pl.source = source_index(&s->I, loc.src);
    pl.file = loc.src->name;
    pl.start = loc.start;
    pl.end = loc.end;
    source_position(loc.src, loc.start, &pl.line, &pl.column);
    return pl;
}

int polsim_record_place(const polsim_record *rec, polsim_place *out)
{
    *out = (polsim_place){.source = rec->source, .file = rec->file, .start = rec->start, .end = rec->end,
                          .line = rec->line, .column = rec->column};
    if (!rec->file) out->source = -1;
    return rec->file != NULL;
}

size_t polsim_source_count(const polsim_session *s) { return s->I.sources.len; }

int polsim_source(const polsim_session *s, size_t i, polsim_source_info *out)
{
    if (i >= s->I.sources.len) return 0;
    const Source *src = s->I.sources.items[i];
    *out = (polsim_source_info){.name = src->name, .text = src->text, .len = src->len, .embedded = src->embedded};
    return 1;
}

const char *polsim_file(const polsim_session *s, size_t i)
{
    return i < s->I.imported.len ? s->I.imported.items[i] : NULL;
}

const char *polsim_history_end(polsim_session *s)
{
    double last = timeline_history_end(s->I.main);
    if (isnan(last)) return NULL;
    char buf[64];
    return dup(&s->res, value_format((Value){.kind = V_DATE, .u.date = last}, buf, sizeof buf));
}

/* --- names ------------------------------------------------------------------------ */

static const char *const KIND_NAMES[] = {"chip", "cluster", "market", "vendor", "rule", "scenario", "let", "function",
                                         "unbound"};

const char *polsim_kind_name(polsim_kind kind)
{
    return (int)kind >= 0 && kind <= POLSIM_UNBOUND ? KIND_NAMES[kind] : "unbound";
}

size_t polsim_name_count(polsim_session *s)
{
    size_t n;
    env_names(s->I.cur, &n);
    return n;
}

const char *polsim_name(polsim_session *s, size_t i)
{
    size_t n;
    const char *const *names = env_names(s->I.cur, &n);
    return i < n ? names[i] : NULL;
}

int polsim_lookup(polsim_session *s, const char *name, const char *field, polsim_info *out)
{
    Interp *I = &s->I;
    *out = (polsim_info){.kind = POLSIM_UNBOUND, .place = {.source = -1}};
    const Binding *b = name ? env_lookup(I->cur, intern_cstr(&I->names, name)) : NULL;
    if (field) {
        if (!b || !b->entity) return 0;
        const Entity *e = b->entity;
        *out = (polsim_info){.kind = (polsim_kind)e->kind, .name = b->name, .title = e->display, .note = entity_source(e),
                             .place = {.source = -1}};
        int i = e->schema ? schema_field(e->schema, field) : -1;
        if (i >= 0 && e->field_locs) out->place = place_of(s, e->field_locs[i]);
        return 1;
    }
    if (b) {
        out->name = b->name;
        out->place = place_of(s, b->loc);
        if (b->entity) {
            out->kind = (polsim_kind)b->entity->kind;
            out->title = b->entity->display;
            out->note = entity_source(b->entity);
        } else {
            char buf[512];
            out->kind = POLSIM_LET;
            out->value = dup(&s->res, value_format(b->value, buf, sizeof buf));
            out->note = b->note;
        }
        return 1;
    }
    const BuiltinInfo *f;
    for (int i = 0; name && (f = builtin_info(i)); i++)
        if (strcmp(f->name, name) == 0) {
            *out = (polsim_info){.kind = POLSIM_FUNCTION, .name = f->name, .usage = f->usage, .help = f->help,
                                 .place = {.source = -1}};
            return 1;
        }
    return 0;
}

const char *polsim_titled(polsim_session *s, const char *word)
{
    const Entity *e = entity_titled(s->I.cur, intern_cstr(&s->I.names, word), K_COUNT);
    return e ? e->name : NULL;
}

int polsim_function(size_t i, const char **name, const char **usage, const char **help)
{
    const BuiltinInfo *f = i < 100000 ? builtin_info((int)i) : NULL;
    if (!f) return 0;
    if (name) *name = f->name;
    if (usage) *usage = f->usage;
    if (help) *help = f->help;
    return 1;
}

int polsim_field(polsim_kind kind, size_t i, const char **name, const char **help, int *required)
{
    if ((int)kind < 0 || kind > POLSIM_SCENARIO) return 0;
    const Schema *sc = schema_for((EntityKind)kind);
    if (!sc || i >= (size_t)sc->nfields) return 0;
    if (name) *name = sc->fields[i].name;
    if (help) *help = sc->fields[i].help;
    if (required) *required = sc->fields[i].required;
    return 1;
}

const char *polsim_derived(polsim_kind kind, size_t i)
{
    if ((int)kind < 0 || kind > POLSIM_SCENARIO) return NULL;
    const char *names[64]; /* static strings */
    int n = attr_derived_names((EntityKind)kind, names, 64);
    return i < (size_t)n ? names[i] : NULL;
}

int polsim_complete(polsim_session *s, const char *text, size_t len, const char *prefix, polsim_word_fn fn, void *data)
{
    if (!text) text = "";
    if (len == (size_t)-1) len = strlen(text);
    return repl_candidates_at(&s->I, text, len, prefix, fn, data);
}

static void state_now(Interp *I, void *out) { *(Env **)out = timeline_now(I); }

int polsim_policies(polsim_session *s, polsim_policy_fn fn, void *data)
{
    Env *now = NULL;
    if (!interp_try(&s->I, state_now, &now)) return -1;
    size_t n;
    const Policy *const *pol = env_policies(now, &n);
    for (size_t i = 0; i < n; i++) {
        Loc l = pol[i]->loc;
        const char *where = policy_where(&s->I, pol[i]);
        fn(data, l.src ? l.src->text + l.start : NULL, l.src ? l.end - l.start : 0, pol[i]->subject, where);
    }
    return (int)n;
}

/* What polsim_notes walks: the definitions given so far (each once). */
enum { NOTES_SHOWN = 64 };
typedef struct NoteWalk {
    const Entity *shown[NOTES_SHOWN];
    int nshown;
    polsim_note_fn fn;
    void *data;
} NoteWalk;

static void notes_of(NoteWalk *w, const Entity *e)
{
    for (int i = 0; i < w->nshown; i++)
        if (w->shown[i] == e) return;
    if (w->nshown < NOTES_SHOWN) w->shown[w->nshown++] = e;
    polsim_kind k = (polsim_kind)e->kind;
    w->fn(w->data, k, e->name, e->display, NULL, entity_source(e));
    for (int i = 0; e->notes && e->schema && i < e->schema->nfields; i++)
        if (e->notes[i]) w->fn(w->data, k, e->name, e->display, e->schema->fields[i].name, e->notes[i]);
}

/* The definitions behind e: a cluster's chip (in env); the subjects of a scenario's policies. */
static void notes_behind(NoteWalk *w, Env *env, const Entity *e)
{
    if (e->kind == K_CLUSTER && e->values[CL_CHIP].kind != V_NONE) {
        const Entity *chip = env_entity(env, e->values[CL_CHIP].u.s, K_CHIP);
        if (chip) notes_of(w, chip);
    }
    if (e->kind != K_SCENARIO || !e->env) return;
    size_t n;
    const Policy *const *pol = env_policies(e->env, &n);
    for (size_t i = 0; i < n; i++) {
        if (!pol[i]->subject) continue;
        static const EntityKind KINDS[] = {K_RULE, K_CHIP, K_VENDOR};
        for (int k = 0; k < 3; k++) {
            const Entity *sub = env_entity(e->env, pol[i]->subject, KINDS[k]);
            if (sub) notes_of(w, sub);
        }
    }
}

int polsim_notes(polsim_session *s, const char *name, polsim_note_fn fn, void *data)
{
    const Binding *b = env_lookup(s->I.cur, intern_cstr(&s->I.names, name));
    if (!b || !b->entity) return 0;
    NoteWalk w = {.fn = fn, .data = data};
    notes_of(&w, b->entity);
    notes_behind(&w, s->I.cur, b->entity);
    return 1;
}

const char *polsim_doc(const char *name)
{
    for (const EmbeddedFile *f = polsim_doc_files; name && f->name; f++)
        if (strcmp(f->name, name) == 0) return f->text;
    return NULL;
}

/* --- comparing two worlds ------------------------------------------------------------ */

typedef struct ChangeCall {
    polsim_change_fn fn;
    void *data;
} ChangeCall;

static void take_change(void *data, const WorldChange *w)
{
    ChangeCall *call = data;
    polsim_change c = {w->section, w->scope, w->change, w->kind, w->name, w->field, w->old, w->new_, w->delta, w->at,
                       w->text, w->json};
    call->fn(call->data, &c);
}

int polsim_diff(polsim_session *old_s, polsim_session *new_s, unsigned flags, polsim_change_fn fn, void *data)
{
    if (!old_s || !new_s || (flags & ~(unsigned)POLSIM_DIFF_RESULTS)) return -1;
    ChangeCall call = {fn, data};
    return world_diff(&old_s->I, &new_s->I, flags & POLSIM_DIFF_RESULTS, fn ? take_change : NULL, &call);
}

/* --- process-wide limits ------------------------------------------------------------ */

int polsim_limit_memory(unsigned long long bytes, const char **why)
{
    const char *w = NULL;
    bool ok = budget_memory(bytes, &w);
    if (why) *why = w;
    return ok ? 0 : -1;
}

void polsim_limit_time(double seconds)
{
    budget_time(seconds > 0 ? seconds : 0);
    if (!(seconds > 0)) budget_time_stop();
}

int polsim_parse_size(const char *text, unsigned long long *bytes) { return budget_parse_size(text, bytes) ? 0 : -1; }

_Static_assert(POLSIM_DEFAULT_STEPS == BUDGET_DEFAULT_STEPS && POLSIM_DEFAULT_MEMORY == BUDGET_DEFAULT_MEMORY,
               "polsim.h's limits are budget.h's"); /* and POLSIM_DEFAULT_SECONDS is BUDGET_DEFAULT_SECONDS */
_Static_assert((int)POLSIM_SCENARIO == (int)K_SCENARIO && (int)POLSIM_LET == (int)K_COUNT, "polsim_kind follows EntityKind");
