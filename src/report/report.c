/* report.c: result output in text, JSON (one object per line) or CSV. */
#include "report.h"
#include "arena.h"
#include <jansson.h>
#include <math.h>
#include <string.h>

static void emit_json(Report *r, json_t *obj)
{
    char *text = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15));
    if (text) {
        fprintf(r->out, "%s\n", text);
        free(text);
    }
    json_decref(obj);
}

static json_t *json_base(const char *type, Loc loc)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(type));
    if (loc.src) {
        int line, col;
        source_position(loc.src, loc.start, &line, &col);
        json_object_set_new(o, "file", json_string(loc.src->name));
        json_object_set_new(o, "line", json_integer(line));
    }
    return o;
}

/* A value as JSON: numbers keep their exact magnitude (base units) and text. */
static json_t *json_value(Value v)
{
    char text[128], unit[64];
    switch (v.kind) {
    case V_NONE: return json_null();
    case V_BOOL: return json_boolean(v.u.b);
    case V_STR: case V_SYM: return json_string(v.u.s);
    case V_NUM: {
        json_t *o = json_object();
        json_object_set_new(o, "value", isfinite(v.u.q.v) ? json_real(v.u.q.v) : json_null());
        json_object_set_new(o, "unit", json_string(dim_base_unit(v.u.q.dim, unit, sizeof unit)));
        json_object_set_new(o, "text", json_string(quantity_format(v.u.q, text, sizeof text)));
        return o;
    }
    default: return json_string(value_format(v, text, sizeof text));
    }
}

/* Display text of v; texts and names are returned whole, not cut to buf. */
static const char *text_of(Value v, char *buf, size_t n)
{
    if (v.kind == V_STR || v.kind == V_SYM) return v.u.s;
    return value_format(v, buf, n);
}

static void csv_field(FILE *out, const char *s, bool last)
{
    bool quote = strpbrk(s, ",\"\n") != NULL;
    if (quote) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"') fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputc(last ? '\n' : ',', out);
}

void report_values(Report *r, const char *type, Loc loc, const Value *vals, int n)
{
    if (r->quiet) return;
    char buf[256];
    if (r->format == FMT_JSON) {
        json_t *o = json_base(type, loc), *arr = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(arr, json_value(vals[i]));
        json_object_set_new(o, "values", arr);
        emit_json(r, o);
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *text = text_of(vals[i], buf, sizeof buf);
        bool paint = r->color && r->format == FMT_TEXT && vals[i].kind == V_NUM;
        if (r->format == FMT_CSV) csv_field(r->out, text, i == n - 1);
        else fprintf(r->out, "%s%s%s%s", paint ? "\033[36m" : "", text, paint ? "\033[0m" : "", i == n - 1 ? "\n" : " ");
    }
    if (n == 0) fputc('\n', r->out);
}

void report_entity(Report *r, Loc loc, const char *kind, const char *name, const char *display,
                   const char *defined_at, const ReportRow *rows, int n, const char *source)
{
    if (r->quiet) return;
    char buf[256];
    if (r->format == FMT_JSON) {
        json_t *o = json_base("show", loc), *fields = json_object(), *notes = json_object();
        json_object_set_new(o, "kind", json_string(kind));
        json_object_set_new(o, "name", json_string(name));
        if (display) json_object_set_new(o, "title", json_string(display));
        json_object_set_new(o, "defined_at", json_string(defined_at));
        for (int i = 0; i < n; i++) {
            json_object_set_new(fields, rows[i].label, json_value(rows[i].value));
            if (rows[i].note) json_object_set_new(notes, rows[i].label, json_string(rows[i].note));
        }
        json_object_set_new(o, "fields", fields);
        json_object_set_new(o, "notes", notes);
        json_object_set_new(o, "source", source ? json_string(source) : json_null());
        emit_json(r, o);
        return;
    }
    if (r->format == FMT_CSV) {
        for (int i = 0; i < n; i++) {
            csv_field(r->out, rows[i].label, false);
            csv_field(r->out, text_of(rows[i].value, buf, sizeof buf), false);
            csv_field(r->out, rows[i].note ? rows[i].note : "", true);
        }
        return;
    }
    fprintf(r->out, "%s %s", kind, name);
    if (display) fprintf(r->out, " \"%s\"", display);
    fprintf(r->out, "  (%s)\n", defined_at);
    for (int i = 0; i < n; i++) {
        const char *text = text_of(rows[i].value, buf, sizeof buf);
        if (rows[i].note) fprintf(r->out, "  %-18s %-16s %s%s%s\n", rows[i].label, text,
                                  strcmp(rows[i].note, "derived") ? "[" : "(", rows[i].note,
                                  strcmp(rows[i].note, "derived") ? "]" : ")");
        else fprintf(r->out, "  %-18s %s\n", rows[i].label, text);
    }
    if (source) fprintf(r->out, "  source: %s\n", source);
}

static const char *outcome_word(const char *type, int outcome)
{
    bool classify = strcmp(type, "classify") == 0;
    if (outcome < 0) return "note";
    if (classify) return outcome ? "true" : "false";
    return outcome ? "allows" : "blocks";
}

void report_verdict(Report *r, const char *type, Loc loc, const char *subject, const char *object, const char *scenario,
                    const ReportStep *steps, int n, bool verdict, const char *verdict_text)
{
    if (r->quiet) return;
    if (r->format == FMT_JSON) {
        json_t *o = json_base(type, loc), *arr = json_array();
        json_object_set_new(o, "chip", json_string(subject));
        json_object_set_new(o, strcmp(type, "classify") == 0 ? "rule" : "market", json_string(object));
        json_object_set_new(o, "scenario", json_string(scenario ? scenario : "main"));
        for (int i = 0; i < n; i++) {
            json_t *s = json_object();
            json_object_set_new(s, "text", json_string(steps[i].text));
            json_object_set_new(s, "at", steps[i].where ? json_string(steps[i].where) : json_null());
            json_object_set_new(s, "outcome", json_string(outcome_word(type, steps[i].outcome)));
            json_array_append_new(arr, s);
        }
        json_object_set_new(o, "steps", arr);
        json_object_set_new(o, strcmp(type, "classify") == 0 ? "controlled" : "available", json_boolean(verdict));
        json_object_set_new(o, "verdict", json_string(verdict_text));
        emit_json(r, o);
        return;
    }
    if (r->format == FMT_CSV) {
        for (int i = 0; i < n; i++) {
            csv_field(r->out, outcome_word(type, steps[i].outcome), false);
            csv_field(r->out, steps[i].where ? steps[i].where : "", false);
            csv_field(r->out, steps[i].text, true);
        }
        csv_field(r->out, "verdict", false);
        csv_field(r->out, "", false);
        csv_field(r->out, verdict_text, true);
        return;
    }
    fprintf(r->out, "%s %s %s %s", type, subject, strcmp(type, "classify") == 0 ? "under" : "in", object);
    if (scenario) fprintf(r->out, "  (scenario %s)", scenario);
    fputc('\n', r->out);
    for (int i = 0; i < n; i++) {
        fprintf(r->out, "  %-6s %s", outcome_word(type, steps[i].outcome), steps[i].text);
        if (steps[i].where) fprintf(r->out, "  [%s]", steps[i].where);
        fputc('\n', r->out);
    }
    fprintf(r->out, "  => %s\n", verdict_text);
}

typedef struct Table {
    const char *extra_header; /* "A/B" (ratio) or "B - A" (difference), or NULL */
    const char *const *columns;
    int ncols;
    const char *const *labels;
    const Value *cells, *extra;
    int nrows;
} Table;

static void table_json(Report *r, Loc loc, const Table *t)
{
    json_t *o = json_base("compare", loc), *cols = json_array(), *rows = json_array();
    for (int c = 0; c < t->ncols; c++) json_array_append_new(cols, json_string(t->columns[c]));
    for (int i = 0; i < t->nrows; i++) {
        json_t *row = json_object(), *vals = json_array();
        json_object_set_new(row, "metric", json_string(t->labels[i]));
        for (int c = 0; c < t->ncols; c++) json_array_append_new(vals, json_value(t->cells[i * t->ncols + c]));
        json_object_set_new(row, "values", vals);
        if (t->extra_header)
            json_object_set_new(row, strchr(t->extra_header, '/') ? "ratio" : "difference", json_value(t->extra[i]));
        json_array_append_new(rows, row);
    }
    json_object_set_new(o, "columns", cols);
    json_object_set_new(o, "rows", rows);
    emit_json(r, o);
}

static void table_csv(Report *r, const Table *t)
{
    char buf[128];
    bool ex = t->extra_header != NULL;
    csv_field(r->out, "metric", false);
    for (int c = 0; c < t->ncols; c++) csv_field(r->out, t->columns[c], c == t->ncols - 1 && !ex);
    if (ex) csv_field(r->out, t->extra_header, true);
    for (int i = 0; i < t->nrows; i++) {
        csv_field(r->out, t->labels[i], false);
        for (int c = 0; c < t->ncols; c++)
            csv_field(r->out, value_format(t->cells[i * t->ncols + c], buf, sizeof buf), c == t->ncols - 1 && !ex);
        if (ex) csv_field(r->out, value_format(t->extra[i], buf, sizeof buf), true);
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
    fprintf(r->out, "%-*s", (int)wl, "");
    for (int c = 0; c < last; c++) fprintf(r->out, "  %*s", (int)w[c], c < t->ncols ? t->columns[c] : t->extra_header);
    fputc('\n', r->out);
    for (int i = 0; i < t->nrows; i++) {
        fprintf(r->out, "%-*s", (int)wl, t->labels[i]);
        for (int c = 0; c < last; c++) fprintf(r->out, "  %*s", (int)w[c], cell_text(t, i, c, buf, sizeof buf));
        fputc('\n', r->out);
    }
}

void report_table(Report *r, Loc loc, const char *extra_header, const char *const *columns, int ncols,
                  const char *const *row_labels, const Value *cells, const Value *extra, int nrows)
{
    if (r->quiet) return;
    Table t = {extra_header, columns, ncols, row_labels, cells, extra, nrows};
    if (r->format == FMT_JSON) table_json(r, loc, &t);
    else if (r->format == FMT_CSV) table_csv(r, &t);
    else table_text(r, &t);
}
