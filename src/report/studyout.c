/* studyout.c: sweep and simulation output; see studyout.h. */
#include "studyout.h"
#include "arena.h"
#include "termtext.h"
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

/* A value as a number in base units and its unit, or as text (unit ""). */
static void cell_parts(Value v, char *num, size_t n, char *unit, size_t un)
{
    unit[0] = '\0';
    if (v.kind == V_NUM) {
        snprintf(num, n, "%.15g", v.u.q.v == 0 ? 0.0 : v.u.q.v);
        if (!dim_is_none(v.u.q.dim)) dim_base_unit(v.u.q.dim, unit, un);
        return;
    }
    value_format(v, num, n);
}

static json_t *jtext(const char *s)
{
    json_t *j = json_string(s);
    return j ? j : json_string("?");
}

/* {"value": base units, "unit": ..., "text": as printed} as report.c writes
 * a number (unit "1" for a plain one), true/false as JSON, or the text. */
static json_t *jvalue(Value v)
{
    char num[128], unit[64], text[256];
    cell_parts(v, num, sizeof num, unit, sizeof unit);
    if (v.kind == V_BOOL) return json_boolean(v.u.b);
    if (v.kind == V_NONE) return json_null();
    if (v.kind != V_NUM) return jtext(num);
    dim_base_unit(v.u.q.dim, unit, sizeof unit);
    json_t *o = json_object();
    json_object_set_new(o, "value", isfinite(v.u.q.v) ? json_real(v.u.q.v) : json_null());
    json_object_set_new(o, "unit", jtext(unit));
    v.unc = NULL;
    json_object_set_new(o, "text", jtext(value_format(v, text, sizeof text)));
    return o;
}

static void json_emit(Report *r, json_t *o)
{
    char *text = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    if (text) term_fprintf(r->out, "%s\n", text);
    free(text);
    json_decref(o);
}

static void json_row(Report *r, Loc loc, const char *kind, const char *point, const StudyCell *params, int np,
                     const StudyCell *m)
{
    json_t *o = report_json_head(r, kind, loc), *ps = json_object();
    json_object_set_new(o, "point", jtext(point));
    for (int i = 0; i < np; i++) json_object_set_new(ps, params[i].name, jvalue(params[i].value));
    json_object_set_new(o, "params", ps);
    json_object_set_new(o, "metric", jtext(m->name));
    if (m->parts && m->parts->period) json_object_set_new(o, "period", jtext(m->parts->period));
    json_object_set_new(o, "value", jvalue(m->value));
    json_emit(r, o);
}

/* The tidy table's subject for a point: its index and parameters,
 * "3: b = 1.3 TB/s" ("3.1: a = 2 W, b = 20" in a grid; "17" for a run). */
/* buf[*used..] := text, cut to n - 1 bytes in all. */
static void append(char *buf, size_t n, size_t *used, const char *text)
{
    while (*text && *used + 1 < n) buf[(*used)++] = *text++;
    buf[*used] = '\0';
}

static const char *point_subject(const char *point, const StudyCell *params, int np, char *buf, size_t n)
{
    size_t used = 0;
    append(buf, n, &used, point);
    for (int i = 0; i < np; i++) {
        char v[128];
        append(buf, n, &used, i ? ", " : ": ");
        append(buf, n, &used, params[i].name);
        append(buf, n, &used, " = ");
        append(buf, n, &used, value_format(params[i].value, v, sizeof v));
    }
    return buf;
}

void study_point(Report *r, Loc loc, const char *kind, const char *point, const StudyCell *params, int nparams,
                 const StudyCell *metrics, int nmetrics)
{
    if (r->quiet) return;
    if (r->format == FMT_CSV) {
        char subject[512];
        point_subject(point, params, nparams, subject, sizeof subject);
        for (int i = 0; i < nmetrics; i++)
            report_csv_row(r, loc, kind, subject, metrics[i].parts, metrics[i].name, metrics[i].value);
        return;
    }
    if (r->format == FMT_JSON) {
        for (int i = 0; i < nmetrics; i++) json_row(r, loc, kind, point, params, nparams, &metrics[i]);
        return;
    }
    char buf[256];
    term_fprintf(r->out, "point %s:", point);
    for (int i = 0; i < nparams; i++) term_fprintf(r->out, " %s = %s", params[i].name, value_format(params[i].value, buf, sizeof buf));
    for (int i = 0; i < nmetrics; i++)
        term_fprintf(r->out, "%s%s = %s", i == 0 && nparams ? "   " : "  ", metrics[i].name,
                value_format(metrics[i].value, buf, sizeof buf));
    fputc('\n', r->out);
}

/* simulate in JSON: {"type":"summary", ..., "metric", "runs", "seed", "unit",
 * "p5" ... "p95", "mean", "sd", "min", "max"} in base units. */
static void summary_json(Report *r, Loc loc, const char *metric, const Summary *s, uint64_t seed)
{
    static const double QS[] = {0.05, 0.10, 0.25, 0.5, 0.75, 0.9, 0.95};
    static const char *const NAMES[] = {"p5", "p10", "p25", "p50", "p75", "p90", "p95"};
    char unit[64];
    json_t *o = report_json_head(r, "summary", loc);
    json_object_set_new(o, "metric", jtext(metric));
    json_object_set_new(o, "runs", json_integer((json_int_t)s->n));
    json_object_set_new(o, "seed", json_integer((json_int_t)seed));
    json_object_set_new(o, "unit", jtext(dim_base_unit(s->dim, unit, sizeof unit)));
    for (size_t i = 0; i < sizeof QS / sizeof QS[0]; i++) json_object_set_new(o, NAMES[i], json_real(summary_quantile(s, QS[i])));
    json_object_set_new(o, "mean", json_real(s->mean));
    json_object_set_new(o, "sd", json_real(s->sd));
    json_object_set_new(o, "min", json_real(s->n ? s->sorted[0] : 0));
    json_object_set_new(o, "max", json_real(s->n ? s->sorted[s->n - 1] : 0));
    json_emit(r, o);
}

void study_summary(Report *r, Loc loc, const char *metric, const Summary *s, uint64_t seed)
{
    if (r->quiet) return;
    if (r->format == FMT_JSON) {
        summary_json(r, loc, metric, s, seed);
        return;
    }
    char dist[400], mean[96], sd[96], lo[96], hi[96];
    value_format((Value){.kind = V_DIST, .u.dist = s}, dist, sizeof dist);
    Quantity q = {.v = s->mean, .dim = s->dim, .percent = s->percent};
    quantity_format(q, mean, sizeof mean);
    q.v = s->sd;
    quantity_format(q, sd, sizeof sd);
    q.v = s->n ? s->sorted[0] : 0;
    quantity_format(q, lo, sizeof lo);
    q.v = s->n ? s->sorted[s->n - 1] : 0;
    quantity_format(q, hi, sizeof hi);
    term_fprintf(r->out, "%s: %s  mean %s  sd %s  min %s  max %s  (%zu runs, seed %" PRIu64 ")\n", metric, dist, mean, sd, lo,
            hi, s->n, seed);
}

void study_share(Report *r, Loc loc, const char *metric, size_t held, size_t runs, uint64_t seed)
{
    if (r->quiet) return;
    if (r->format == FMT_JSON) { /* {"type":"summary", ..., "metric", "runs", "seed", "held", "share"} */
        json_t *o = report_json_head(r, "summary", loc);
        json_object_set_new(o, "metric", jtext(metric));
        json_object_set_new(o, "runs", json_integer((json_int_t)runs));
        json_object_set_new(o, "seed", json_integer((json_int_t)seed));
        json_object_set_new(o, "held", json_integer((json_int_t)held));
        json_object_set_new(o, "share", json_real(runs ? (double)held / (double)runs : 0));
        json_emit(r, o);
        return;
    }
    char pct[64];
    quantity_format((Quantity){.v = runs ? (double)held / (double)runs : 0, .percent = true}, pct, sizeof pct);
    term_fprintf(r->out, "%s: true in %s of runs (%zu of %zu, seed %" PRIu64 ")\n", metric, pct, held, runs, seed);
}
