/* report.c: result output in text, JSON (one object per line) or CSV. */
#include "report.h"
#include "numfmt.h"
#include "studyout.h"
#include "arena.h"
#include "chart.h"
#include "termtext.h"
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of s, each byte that is not valid UTF-8 replaced by U+FFFD,
 * so a text is never dropped from the output. */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    if (j) return j;
    size_t len = strlen(s), n = 0;
    char *clean = xmalloc(3 * len + 1);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t k = text_utf8_length((const char *)p, 4); /* a NUL ends a sequence early */
        if (k) {
            memcpy(clean + n, p, k);
            n += k;
            p += k;
        } else {
            memcpy(clean + n, "\xEF\xBF\xBD", 3);
            n += 3;
            p++;
        }
    }
    clean[n] = '\0';
    j = json_string(clean);
    free(clean);
    return j;
}

/* obj[key] = val, with a key cleaned like jstr's text. */
static void jset(json_t *obj, const char *key, json_t *val)
{
    json_t *k = jstr(key);
    json_object_set_new(obj, json_string_value(k), val);
    json_decref(k);
}

static void emit_json(Report *r, json_t *obj)
{
    char *text = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15));
    if (text) {
        term_fprintf(r->out, "%s\n", text);
        free(text);
    }
    json_decref(obj);
}

/* Every object starts with type, file, line and scenario (main at the top level). */
json_t *report_json_head(const Report *r, const char *type, Loc loc)
{
    json_t *o = json_object();
    jset(o, "type", jstr(type));
    if (loc.src) {
        int line, col;
        source_position(loc.src, loc.start, &line, &col);
        jset(o, "file", jstr(loc.src->name));
        jset(o, "line", json_integer(line));
    }
    jset(o, "scenario", jstr(r->scenario ? r->scenario : "main"));
    return o;
}

/* A value as JSON: numbers keep their exact magnitude (base units) and text. */
static json_t *json_value(Value v)
{
    char text[128], unit[64];
    switch (v.kind) {
    case V_NONE: return json_null();
    case V_BOOL: return json_boolean(v.u.b);
    case V_STR: case V_SYM: return jstr(v.u.s);
    case V_NUM: {
        json_t *o = json_object();
        jset(o, "value", isfinite(v.u.q.v) ? json_real(v.u.q.v) : json_null());
        jset(o, "unit", jstr(dim_base_unit(v.u.q.dim, unit, sizeof unit)));
        jset(o, "text", jstr(quantity_format(v.u.q, text, sizeof text)));
        return o;
    }
    default: return jstr(value_format(v, text, sizeof text));
    }
}

/* Display text of v; texts and names are returned whole, not cut to buf. */
static const char *text_of(Value v, char *buf, size_t n)
{
    if (v.kind == V_STR || v.kind == V_SYM) return v.u.s;
    return value_format(v, buf, n);
}

/* One CSV field (RFC 4180 quoting when it holds , " CR or LF). A text
 * (text: a string or a name, not a number) that a spreadsheet would run as a formula, starting
 * with = + - @ tab or CR, gets a leading ' (OWASP's advice on CSV injection);
 * numbers such as "-$20.7B" stay as they are. */
static void csv_field(FILE *out, const char *s, bool text, bool last)
{
    char *shown = term_escapes(out) && !text_is_visible(s) ? text_visible(s) : NULL; /* a terminal */
    if (shown) s = shown;
    bool formula = text && *s && strchr("=+-@\t\r", *s);
    bool quote = strpbrk(s, ",\"\n\r") != NULL;
    if (quote) fputc('"', out);
    if (formula) fputc('\'', out);
    if (!quote) fputs(s, out);
    for (const char *p = s; quote && *p; p++) {
        if (*p == '"') fputc('"', out);
        fputc(*p, out);
    }
    if (quote) fputc('"', out);
    fputc(last ? '\n' : ',', out);
    free(shown);
}

/* The header of the one CSV table, written before its first row. */
static void csv_header(Report *r)
{
    if (r->csv_started) return;
    r->csv_started = true;
    fputs("scenario,statement,subject,metric,period,value,unit,text,message\n", r->out);
}

/* One tidy CSV row: scenario, statement, subject, metric, period, value,
 * unit, text, message. The value column holds numbers only: a number
 * plainly in the base unit named in the unit column (1.4 TB/s is
 * 1400000000000 in B/s), a truth as 1 or 0 with unit `bool`; any other
 * result is empty there and its text is in the text column (a date with unit
 * `date`); a missing figure is empty in both. The period is the row's date
 * or period (a series row, EXPR during PERIOD, explain ... at DATE); the
 * message an assert's. */
static void csv_cells(Report *r, Loc loc, const char *type, const char *scenario, const char *subject,
                      const char *metric, const char *period, const char *value, const char *unit, const char *text,
                      const char *message)
{
    csv_header(r);
    if (r->stmt_src != loc.src || r->stmt_start != loc.start || r->stmt_type != type || !loc.src) {
        int line = 0, col;
        if (loc.src) source_position(loc.src, loc.start, &line, &col);
        if (loc.src) snprintf(r->stmt_text, sizeof r->stmt_text, "%s %s:%d", type, loc.src->name, line);
        else snprintf(r->stmt_text, sizeof r->stmt_text, "%s", type);
        r->stmt_src = loc.src, r->stmt_start = loc.start, r->stmt_type = type;
    }
    csv_field(r->out, scenario ? scenario : r->scenario ? r->scenario : "main", true, false);
    csv_field(r->out, r->stmt_text, true, false);
    csv_field(r->out, subject ? subject : "", true, false);
    csv_field(r->out, metric ? metric : "", true, false);
    csv_field(r->out, period ? period : r->csv_period ? r->csv_period : "", true, false);
    csv_field(r->out, value, false, false);
    csv_field(r->out, unit, true, false);
    csv_field(r->out, text ? text : "", true, false);
    csv_field(r->out, message ? message : "", true, true);
}

static void csv_row_full(Report *r, Loc loc, const char *type, const char *scenario, const char *subject,
                         const char *metric, const char *period, Value v, const char *message)
{
    char num[64], buf[256];
    const char *value = "", *u = "", *text = NULL;
    if (v.kind == V_NUM) {
        if (isfinite(v.u.q.v)) fmt_g(v.u.q.v, 15, num), value = num;
        if (!r->unit_known || memcmp(&r->unit_dim, &v.u.q.dim, sizeof r->unit_dim) != 0) {
            dim_base_unit(v.u.q.dim, r->unit_text, sizeof r->unit_text);
            r->unit_dim = v.u.q.dim;
            r->unit_known = true;
        }
        u = r->unit_text;
    } else if (v.kind == V_BOOL) {
        value = v.u.b ? "1" : "0";
        u = "bool";
    } else if (v.kind != V_NONE) {
        text = text_of(v, buf, sizeof buf);
        if (v.kind == V_DATE) u = "date";
    }
    csv_cells(r, loc, type, scenario, subject, metric, period, value, u, text, message);
}

static void csv_row(Report *r, Loc loc, const char *type, const char *scenario, const char *subject,
                    const char *metric, Value v)
{
    csv_row_full(r, loc, type, scenario, subject, metric, NULL, v, NULL);
}

void report_csv_row(Report *r, Loc loc, const char *type, const char *subject, const Metric *m, const char *name, Value v)
{
    csv_row_full(r, loc, type, NULL, subject, m ? m->metric : name, m ? m->period : NULL, v, NULL);
}

void report_values(Report *r, const char *type, Loc loc, const Value *vals, const Metric *metrics, int n)
{
    if (r->quiet) return;
    char buf[256];
    if (r->format == FMT_CSV) {
        for (int i = 0; i < n; i++)
            csv_row_full(r, loc, type, NULL, NULL, metrics ? metrics[i].metric : NULL, metrics ? metrics[i].period : NULL,
                         vals[i], NULL);
        return;
    }
    if (r->format == FMT_JSON) {
        json_t *o = report_json_head(r, type, loc), *arr = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(arr, json_value(vals[i]));
        jset(o, "values", arr);
        if (metrics) { /* what each value is: the expression (null for a caption) and its date or period */
            json_t *m = json_array(), *p = json_array();
            bool any = false;
            for (int i = 0; i < n; i++) {
                json_array_append_new(m, metrics[i].text ? jstr(metrics[i].text) : json_null());
                json_array_append_new(p, metrics[i].period ? jstr(metrics[i].period) : json_null());
                any |= metrics[i].period != NULL;
            }
            jset(o, "metrics", m);
            if (any) jset(o, "periods", p);
            else json_decref(p);
        }
        emit_json(r, o);
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *text = text_of(vals[i], buf, sizeof buf);
        bool paint = r->color && r->format == FMT_TEXT && vals[i].kind == V_NUM;
        fputs(paint ? "\033[36m" : "", r->out); /* polsim's own colour; the text made visible */
        term_fputs(text, r->out);
        fputs(paint ? "\033[0m" : "", r->out);
        fputs(i == n - 1 ? "\n" : " ", r->out);
    }
    if (n == 0) fputc('\n', r->out);
}

void report_value_as(Report *r, Loc loc, Value v, const char *text)
{
    if (r->quiet) return;
    if (r->format == FMT_JSON) {
        json_t *o = report_json_head(r, "value", loc), *arr = json_array(), *jv = json_value(v);
        if (json_is_object(jv)) jset(jv, "text", jstr(text));
        json_array_append_new(arr, jv);
        jset(o, "values", arr);
        emit_json(r, o);
        return;
    }
    if (r->format == FMT_CSV) csv_row(r, loc, "value", NULL, NULL, NULL, v); /* the number in its base unit */
    else {
        fputs(r->color ? "\033[36m" : "", r->out); /* polsim's own colour; the text made visible */
        term_fputs(text, r->out);
        fputs(r->color ? "\033[0m\n" : "\n", r->out);
    }
}

void report_entity(Report *r, Loc loc, const char *kind, const char *name, const char *display,
                   const char *defined_at, const ReportRow *rows, int n, const char *source)
{
    if (r->quiet) return;
    char buf[256];
    if (r->format == FMT_JSON) {
        json_t *o = report_json_head(r, "show", loc), *fields = json_object(), *notes = json_object();
        jset(o, "kind", jstr(kind));
        jset(o, "name", jstr(name));
        if (display) jset(o, "title", jstr(display));
        jset(o, "defined_at", jstr(defined_at));
        for (int i = 0; i < n; i++) {
            jset(fields, rows[i].label, json_value(rows[i].value));
            if (rows[i].note) jset(notes, rows[i].label, jstr(rows[i].note));
        }
        jset(o, "fields", fields);
        jset(o, "notes", notes);
        jset(o, "source", source ? jstr(source) : json_null());
        emit_json(r, o);
        return;
    }
    if (r->format == FMT_CSV) {
        for (int i = 0; i < n; i++) csv_row(r, loc, "show", NULL, name, rows[i].label, rows[i].value);
        return;
    }
    term_fprintf(r->out, "%s %s", kind, name);
    if (display) term_fprintf(r->out, " \"%s\"", display);
    term_fprintf(r->out, "  (%s)\n", defined_at);
    for (int i = 0; i < n; i++) {
        const char *text = text_of(rows[i].value, buf, sizeof buf);
        if (rows[i].note) term_fprintf(r->out, "  %-18s %-16s %s%s%s\n", rows[i].label, text,
                                  strcmp(rows[i].note, "derived") ? "[" : "(", rows[i].note,
                                  strcmp(rows[i].note, "derived") ? "]" : ")");
        else term_fprintf(r->out, "  %-18s %s\n", rows[i].label, text);
    }
    if (source) term_fprintf(r->out, "  source: %s\n", source);
}

static const char *outcome_word(const char *type, int outcome)
{
    bool classify = strcmp(type, "classify") == 0 || strcmp(type, "headroom") == 0;
    if (outcome == 2) return "unknown";
    if (outcome < 0) return classify && type[0] == 'h' ? "move" : "note";
    if (classify) return outcome ? "true" : "false";
    return outcome ? "allows" : "blocks";
}

void report_verdict(Report *r, const char *type, Loc loc, const char *subject, const char *object, const char *scenario,
                    const ReportStep *steps, int n, int verdict, const char *verdict_text)
{
    if (r->quiet) return;
    if (r->format == FMT_JSON) {
        json_t *o = report_json_head(r, type, loc), *arr = json_array();
        jset(o, "chip", jstr(subject));
        jset(o, strcmp(type, "explain") != 0 ? "rule" : "market", jstr(object));
        if (r->csv_period) jset(o, "at", jstr(r->csv_period)); /* explain ... at DATE */
        for (int i = 0; i < n; i++) {
            json_t *s = json_object();
            jset(s, "text", jstr(steps[i].text));
            jset(s, "at", steps[i].where ? jstr(steps[i].where) : json_null());
            jset(s, "outcome", jstr(outcome_word(type, steps[i].outcome)));
            json_array_append_new(arr, s);
        }
        jset(o, "steps", arr);
        jset(o, strcmp(type, "explain") != 0 ? "controlled" : "available", verdict < 0 ? json_null() : json_boolean(verdict));
        jset(o, "verdict", jstr(verdict_text));
        emit_json(r, o);
        return;
    }
    if (r->format == FMT_CSV) {
        char metric[256];
        bool classify = strcmp(type, "explain") != 0; /* classify and headroom: a chip under a rule */
        snprintf(metric, sizeof metric, "%s %s", classify ? "controlled under" : "available in", object);
        csv_row(r, loc, type, scenario, subject, metric, value_bool(verdict));
        return;
    }
    term_fprintf(r->out, "%s %s %s %s", type, subject, strcmp(type, "explain") == 0 ? "in" : "under", object);
    if (r->csv_period) term_fprintf(r->out, " at %s", r->csv_period);
    if (scenario) term_fprintf(r->out, "  (scenario %s)", scenario);
    fputc('\n', r->out);
    for (int i = 0; i < n; i++) {
        term_fprintf(r->out, "  %-*s %s", strcmp(type, "explain") ? 7 : 6, outcome_word(type, steps[i].outcome), steps[i].text);
        if (steps[i].where) term_fprintf(r->out, "  [%s]", steps[i].where);
        fputc('\n', r->out);
    }
    term_fprintf(r->out, "  => %s\n", verdict_text);
}

typedef struct Table {
    const char *extra_header; /* "A/B" (ratio) or "B - A" (difference), or NULL */
    const char *const *columns;
    int ncols;
    const char *const *labels; /* the rows' text */
    const Metric *metrics;     /* compare: the rows' metrics (NULL for a series) */
    const Value *cells, *extra;
    int nrows;
} Table;

/* A table as JSON {"type":type,"columns":[...],"rows":[{row_key: label,
 * "values":[...], and "ratio" or "difference" when the table has one}]}:
 * compare (rows by metric) and series (rows by period). */
static void table_json(Report *r, Loc loc, const Table *t, const char *type, const char *row_key)
{
    json_t *o = report_json_head(r, type, loc), *cols = json_array(), *rows = json_array();
    for (int c = 0; c < t->ncols; c++) json_array_append_new(cols, jstr(t->columns[c]));
    for (int i = 0; i < t->nrows; i++) {
        json_t *row = json_object(), *vals = json_array();
        jset(row, row_key, jstr(t->labels[i]));
        if (t->metrics && t->metrics[i].period) jset(row, "period", jstr(t->metrics[i].period));
        for (int c = 0; c < t->ncols; c++) json_array_append_new(vals, json_value(t->cells[i * t->ncols + c]));
        jset(row, "values", vals);
        if (t->extra_header)
            jset(row, strchr(t->extra_header, '/') ? "ratio" : "difference", json_value(t->extra[i]));
        json_array_append_new(rows, row);
    }
    jset(o, "columns", cols);
    jset(o, "rows", rows);
    emit_json(r, o);
}

/* compare as tidy rows: one per cell, the item as subject (as scenario when
 * the items are scenarios), then the ratio or the difference as a metric of
 * its own ("CN.compute difference", subject "beijing - deal"). */
static void table_csv(Report *r, Loc loc, const Table *t, bool scenarios)
{
    char metric[512];
    for (int i = 0; i < t->nrows; i++) {
        const Metric *m = &t->metrics[i];
        for (int c = 0; c < t->ncols; c++)
            csv_row_full(r, loc, "compare", scenarios ? t->columns[c] : NULL, scenarios ? NULL : t->columns[c], m->metric,
                         m->period, t->cells[i * t->ncols + c], NULL);
        if (!t->extra_header) continue;
        snprintf(metric, sizeof metric, "%s %s", m->metric, scenarios ? "difference" : "ratio");
        csv_row_full(r, loc, "compare", NULL, t->extra_header, metric, m->period, t->extra[i], NULL);
    }
}

/* Text of a cell; column ncols is the ratio/difference column ("1.67x"). */
static const char *cell_text(const Table *t, int row, int col, char *buf, size_t n)
{
    if (col < t->ncols) return value_format(t->cells[row * t->ncols + col], buf, n);
    Value v = t->extra[row];
    if (v.kind == V_NUM && dim_is_none(v.u.q.dim) && strchr(t->extra_header, '/')) snprintf(buf, n, "%.3gx", v.u.q.v);
    else value_format(v, buf, n);
    return buf;
}

static void table_text(Report *r, const Table *t)
{
    char buf[128];
    int last = t->ncols + (t->extra_header ? 1 : 0);
    size_t wl = 6, w[18] = {0};
    for (int i = 0; i < t->nrows; i++)
        if (strlen(t->labels[i]) > wl) wl = strlen(t->labels[i]);
    for (int c = 0; c < last; c++) {
        w[c] = strlen(c < t->ncols ? t->columns[c] : t->extra_header);
        for (int i = 0; i < t->nrows; i++)
            if (strlen(cell_text(t, i, c, buf, sizeof buf)) > w[c]) w[c] = strlen(buf);
    }
    term_fprintf(r->out, "%-*s", (int)wl, "");
    for (int c = 0; c < last; c++) term_fprintf(r->out, "  %*s", (int)w[c], c < t->ncols ? t->columns[c] : t->extra_header);
    fputc('\n', r->out);
    for (int i = 0; i < t->nrows; i++) {
        term_fprintf(r->out, "%-*s", (int)wl, t->labels[i]);
        for (int c = 0; c < last; c++) term_fprintf(r->out, "  %*s", (int)w[c], cell_text(t, i, c, buf, sizeof buf));
        fputc('\n', r->out);
    }
}

void report_table(Report *r, Loc loc, bool scenarios, const char *extra_header, const char *const *columns, int ncols,
                  const Metric *metrics, const Value *cells, const Value *extra, int nrows)
{
    if (r->quiet) return;
    const char *labels[256];
    if (nrows > 256) nrows = 256;
    for (int i = 0; i < nrows; i++) labels[i] = metrics[i].text;
    Table t = {extra_header, columns, ncols, labels, metrics, cells, extra, nrows};
    if (r->format == FMT_JSON) table_json(r, loc, &t, "compare", "metric");
    else if (r->format == FMT_CSV) table_csv(r, loc, &t, scenarios);
    else table_text(r, &t);
}

void report_assert(Report *r, Loc loc, const char *text, bool passed, const char *detail, const char *message)
{
    if (r->quiet || r->format == FMT_TEXT) return; /* text: a failure is a diagnostic on stderr */
    if (r->format == FMT_CSV) {
        csv_row_full(r, loc, "assert", NULL, NULL, text, NULL, value_bool(passed), message);
        return;
    }
    json_t *o = report_json_head(r, "assert", loc);
    jset(o, "condition", jstr(text));
    jset(o, "passed", json_boolean(passed));
    if (message) jset(o, "message", jstr(message));
    if (!passed && detail && *detail) jset(o, "detail", jstr(detail));
    emit_json(r, o);
}

static const char *const CHART_KINDS[] = {"bars", "lines", "histogram"};

static json_t *json_number_or_null(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* plot as JSON: everything needed to draw the chart again (polsim report does). */
static void plot_json(Report *r, Loc loc, const Chart *c, const char *file)
{
    json_t *o = report_json_head(r, "plot", loc), *labels = json_array(), *series = json_array();
    jset(o, "kind", jstr(CHART_KINDS[c->kind]));
    jset(o, "title", jstr(c->title ? c->title : ""));
    jset(o, "unit", jstr(c->unit ? c->unit : ""));
    jset(o, "value_label", c->value_label ? jstr(c->value_label) : json_null());
    for (int i = 0; i < c->nlabels; i++) json_array_append_new(labels, jstr(c->labels[i]));
    for (int s = 0; s < c->nseries; s++) {
        json_t *vals = json_array();
        for (int i = 0; i < c->series[s].n; i++) json_array_append_new(vals, json_number_or_null(c->series[s].values[i]));
        json_array_append_new(series, json_pack("{s:o, s:o}", "name", jstr(c->series[s].name ? c->series[s].name : ""),
                                                "values", vals));
    }
    jset(o, "labels", labels);
    jset(o, "series", series);
    jset(o, "source", c->source ? jstr(c->source) : json_null());
    jset(o, "output", file ? jstr(file) : json_null()); /* "file" is the scenario file */
    emit_json(r, o);
}

void report_plot(Report *r, Loc loc, const Chart *c, const char *file)
{
    if (r->quiet) return;
    if (r->format == FMT_JSON) {
        plot_json(r, loc, c, file);
    } else if (r->format == FMT_CSV) { /* the plotted numbers, in the chart's unit */
        char num[64];
        for (int s = 0; s < c->nseries; s++)
            for (int i = 0; i < c->series[s].n; i++) {
                double v = c->series[s].values[i];
                snprintf(num, sizeof num, "%.15g", v);
                /* a series' x positions are periods; a sweep's are its values (the subject) */
                bool lines = c->kind == CHART_LINES && c->x_label && strcmp(c->x_label, "period") == 0;
                r->csv_period = lines ? c->labels[i] : NULL;
                csv_cells(r, loc, "plot", NULL, lines ? NULL : c->labels[i], c->series[s].name, NULL, isfinite(v) ? num : "",
                          c->unit, NULL, NULL);
                r->csv_period = NULL;
            }
    } else if (file) {
        term_fprintf(r->out, "plot written to %s\n", file);
    } else {
        char err[128];
        chart_text(r->out, c, 72, err, sizeof err);
    }
}

/* A tidy row per period and expression: the period column is the row's period. */
static void series_csv(Report *r, Loc loc, const Table *t)
{
    for (int i = 0; i < t->nrows; i++) {
        r->csv_period = t->labels[i];
        for (int c = 0; c < t->ncols; c++) csv_row(r, loc, "series", NULL, NULL, t->columns[c], t->cells[i * t->ncols + c]);
    }
    r->csv_period = NULL;
}

void report_series(Report *r, Loc loc, const char *const *columns, int ncols, const char *const *periods,
                   const Value *cells, int nrows)
{
    if (r->quiet) return;
    Table t = {NULL, columns, ncols, periods, NULL, cells, NULL, nrows};
    if (r->format == FMT_JSON) table_json(r, loc, &t, "series", "period");
    else if (r->format == FMT_CSV) series_csv(r, loc, &t);
    else table_text(r, &t);
}

/* --- records ------------------------------------------------------------------ */

const char *report_render(Report *r, const Record *rec)
{
    static char err[512]; /* the reason a chart's file was not written, until the next call */
    const char *scenario = r->scenario, *period = r->csv_period;
    r->scenario = rec->scenario;
    r->csv_period = rec->period;
    const char *why = NULL;
    switch (rec->kind) {
    case REC_VALUES: report_values(r, rec->type, rec->loc, rec->u.values.vals, rec->u.values.metrics, rec->u.values.n); break;
    case REC_VALUE_AS: report_value_as(r, rec->loc, rec->u.value_as.v, rec->u.value_as.text); break;
    case REC_ENTITY:
        report_entity(r, rec->loc, rec->u.entity.kind, rec->u.entity.name, rec->u.entity.display, rec->u.entity.defined_at,
                      rec->u.entity.rows, rec->u.entity.n, rec->u.entity.source);
        break;
    case REC_VERDICT:
        report_verdict(r, rec->type, rec->loc, rec->u.verdict.subject, rec->u.verdict.object, rec->scenario,
                       rec->u.verdict.steps, rec->u.verdict.n, rec->u.verdict.verdict, rec->u.verdict.text);
        break;
    case REC_TABLE:
        report_table(r, rec->loc, rec->u.table.scenarios, rec->u.table.extra_header, rec->u.table.columns,
                     rec->u.table.ncols, rec->u.table.labels, rec->u.table.cells, rec->u.table.extra, rec->u.table.nrows);
        break;
    case REC_ASSERT:
        report_assert(r, rec->loc, rec->u.assertion.text, rec->u.assertion.passed, rec->u.assertion.detail,
                      rec->u.assertion.message);
        break;
    case REC_PLOT:
        if (rec->u.plot.file && !chart_render_file(rec->u.plot.chart, rec->u.plot.file, ".", err, sizeof err)) {
            why = err;
            break;
        }
        report_plot(r, rec->loc, rec->u.plot.chart, rec->u.plot.file);
        break;
    case REC_SERIES:
        report_series(r, rec->loc, rec->u.series.columns, rec->u.series.ncols, rec->u.series.periods, rec->u.series.cells,
                      rec->u.series.nrows);
        break;
    case REC_POINT:
        study_point(r, rec->loc, rec->type, rec->u.point.point, rec->u.point.params, rec->u.point.nparams,
                    rec->u.point.metrics, rec->u.point.nmetrics);
        break;
    case REC_SUMMARY: study_summary(r, rec->loc, rec->u.summary.metric, rec->u.summary.summary, rec->u.summary.seed); break;
    case REC_SHARE: study_share(r, rec->loc, rec->u.share.metric, rec->u.share.held, rec->u.share.runs, rec->u.share.seed); break;
    }
    r->scenario = scenario;
    r->csv_period = period;
    return why;
}

/* The renderer of every Report without a sink of its own (record.h). */
__attribute__((constructor)) static void register_renderer(void) { record_set_renderer(report_render); }
