/* html.c: the page of `polsim report` (see html.h). */
#include "html.h"
#include "chart.h"
#include "termtext.h"
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char STYLE[] =
    "body{font:15px/1.45 system-ui,sans-serif;color:#1d1d1f;background:#fff;max-width:980px;margin:2em auto;padding:0 1em}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}"
    "section{margin:1.2em 0}.where{color:#777;font-size:.85em;font-weight:normal}"
    "table{border-collapse:collapse;margin:.4em 0}td,th{padding:.2em .7em;border-bottom:1px solid #eee;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#f6f6f6}"
    ".pass{color:#17803d}.fail{color:#b42318;font-weight:bold}.note{color:#555}"
    "ol.steps li{margin:.15em 0}.verdict{font-weight:bold}figure{margin:1em 0}svg{max-width:100%;height:auto}"
    "figcaption,.meta{color:#555;font-size:.85em}code{background:#f4f4f4;padding:0 .2em;overflow-wrap:anywhere}"
    ".wrap{overflow-x:auto;max-width:100%}caption{caption-side:top;text-align:left;color:#555;font-size:.85em;padding:.2em 0}"
    ".message{color:#333;font-style:italic}h1,h3,p,li,figcaption,pre{overflow-wrap:anywhere}th code{overflow-wrap:normal;white-space:nowrap}"
    "@media (max-width:600px){body{margin:1em auto;padding:0 .6em;font-size:14px}td,th{padding:.15em .4em}}";

/* Text with & < > " escaped, and what HTML and XML forbid (control bytes,
 * invalid UTF-8) written as visible \xNN (termtext.h). */
static void esc(FILE *out, const char *text)
{
    char *clean = text_visible(text ? text : "");
    for (const char *s = clean; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
    free(clean);
}

/* A table in a scrolling box, with its caption and header row; close with tab_close. */
static void tab_open(FILE *out, const char *caption, const char *const *headers, int n)
{
    fputs("<div class=\"wrap\"><table>", out);
    if (caption) fputs("<caption>", out), esc(out, caption), fputs("</caption>", out);
    if (n) {
        fputs("<thead><tr>", out);
        for (int i = 0; i < n; i++) fputs("<th scope=\"col\">", out), esc(out, headers[i]), fputs("</th>", out);
        fputs("</tr></thead>", out);
    }
    fputs("<tbody>", out);
}

static void tab_close(FILE *out) { fputs("</tbody></table></div>\n", out); }

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* A result value: a number's text, true/false, a text, or a dash. */
static void value_cell(FILE *out, const json_t *v)
{
    bool num = json_is_object(v);
    fputs(num ? "<td class=\"n\">" : "<td>", out);
    if (num) esc(out, str(v, "text"));
    else if (json_is_boolean(v)) fputs(json_is_true(v) ? "true" : "false", out);
    else if (json_is_string(v)) esc(out, json_string_value(v));
    else fputs("&mdash;", out);
    fputs("</td>", out);
}

/* The heading of a result: what it is and where it was asked. */
static void heading(FILE *out, const json_t *o, const char *what)
{
    fputs("<h3>", out);
    esc(out, what);
    fputs(" <span class=\"where\">", out);
    esc(out, str(o, "file"));
    fprintf(out, ":%lld", (long long)json_integer_value(json_object_get(o, "line")));
    if (json_object_get(o, "scenario") && strcmp(str(o, "scenario"), "main") != 0) fputs(" &middot; scenario ", out), esc(out, str(o, "scenario"));
    fputs("</span></h3>\n", out);
}

/* Names the page lists under "Sources", in first use order. */
typedef struct Names {
    const char **v;
    size_t n, cap;
    char **own; /* the copies use_names_in made */
    size_t nown, owncap;
} Names;

static void use_name(Names *ns, const char *name)
{
    if (!name || !*name) return;
    for (size_t i = 0; i < ns->n; i++)
        if (strcmp(ns->v[i], name) == 0) return;
    if (ns->n == ns->cap) {
        ns->cap = ns->cap ? ns->cap * 2 : 32;
        const char **grown = realloc(ns->v, ns->cap * sizeof *grown);
        if (!grown) abort();
        ns->v = grown;
    }
    ns->v[ns->n++] = name;
}

/* Every name in an expression's text ("revenue(nvidia, CN)": revenue,
 * nvidia, CN); html_sources keeps those that are definitions. The names
 * are copied (the Names owns them). */
static void use_names_in(Names *ns, const char *text)
{
    for (const char *p = text; p && *p;) {
        if (!(isalpha((unsigned char)*p) || *p == '_')) {
            p++;
            continue;
        }
        const char *q = p;
        while (isalnum((unsigned char)*q) || *q == '_') q++;
        char *word = strndup(p, (size_t)(q - p));
        if (!word) abort();
        size_t before = ns->n;
        use_name(ns, word);
        if (ns->n > before) {
            if (ns->nown == ns->owncap) {
                ns->owncap = ns->owncap ? ns->owncap * 2 : 32;
                char **grown = realloc(ns->own, ns->owncap * sizeof *grown);
                if (!grown) abort();
                ns->own = grown;
            }
            ns->own[ns->nown++] = word;
        } else {
            free(word);
        }
        p = q;
    }
}

/* print and bare values: a row per value, the expression beside it. */
static void html_values(FILE *out, const json_t *o, Names *ns)
{
    heading(out, o, strcmp(str(o, "type"), "print") == 0 ? "print" : "value");
    const json_t *vals = json_object_get(o, "values"), *metrics = json_object_get(o, "metrics");
    static const char *const H[] = {"expression", "value"};
    tab_open(out, NULL, H, 2);
    for (size_t i = 0; i < json_array_size(vals); i++) {
        const char *m = json_string_value(json_array_get(metrics, i));
        use_names_in(ns, m);
        fputs("<tr><td><code>", out);
        esc(out, m ? m : "");
        fputs("</code></td>", out);
        value_cell(out, json_array_get(vals, i));
        fputs("</tr>", out);
    }
    tab_close(out);
}

/* show: the fields with their notes. */
static void html_show(FILE *out, const json_t *o, Names *ns)
{
    char what[256];
    snprintf(what, sizeof what, "show %s %s", str(o, "kind"), str(o, "name"));
    heading(out, o, what);
    use_name(ns, str(o, "name"));
    const json_t *fields = json_object_get(o, "fields"), *notes = json_object_get(o, "notes");
    const char *key;
    json_t *v;
    static const char *const H[] = {"field", "value", "note"};
    tab_open(out, NULL, H, 3);
    json_object_foreach((json_t *)fields, key, v) {
        fputs("<tr><td>", out);
        esc(out, key);
        fputs("</td>", out);
        value_cell(out, v);
        fputs("<td class=\"note\">", out);
        esc(out, json_string_value(json_object_get(notes, key)));
        fputs("</td></tr>", out);
    }
    tab_close(out);
}

/* --- charts drawn from the results' numbers ------------------------------------ */

/* The unit numbers in base unit `base` are shown in, at the scale their
 * largest magnitude needs (returned): FLOPS, bytes, dollars and watts with
 * their prefixes (EFLOPS, TB/s, $B), plain numbers in thousands or millions. */
static double display_unit(const char *base, double maxabs, char *unit, size_t n)
{
    static const char *const SI = " kMGTPEZ";
    int k = maxabs > 0 ? (int)floor(log10(maxabs) / 3) : 0;
    if (k < 0) k = 0;
    if (k > 7) k = 7;
    char p[2] = {SI[k] == ' ' ? '\0' : SI[k], '\0'};
    if (strcmp(base, "op/s") == 0) {
        snprintf(unit, n, "%sFLOPS", p);
    } else if (strcmp(base, "USD") == 0 || strcmp(base, "1") == 0 || !*base) {
        static const char *const MONEY[] = {"$", "$k", "$M", "$B", "$T"};
        static const char *const PLAIN[] = {"", "thousand", "million", "billion", "trillion"};
        if (k > 4) k = 4;
        snprintf(unit, n, "%s", strcmp(base, "USD") == 0 ? MONEY[k] : PLAIN[k]);
    } else if (strchr(base, '*') || strchr(base, '^')) {
        snprintf(unit, n, "%s", base); /* a compound unit: as it is */
        k = 0;
    } else {
        snprintf(unit, n, "%s%s", p, base);
    }
    return pow(1000, k);
}

/* A cell's number in base units, NAN when it has none (a truth: 1 or 0); *unit its unit. */
static double number_of(const json_t *v, const char **unit)
{
    if (json_is_object(v) && json_is_number(json_object_get(v, "value"))) {
        if (unit) *unit = str(v, "unit");
        return json_number_value(json_object_get(v, "value"));
    }
    if (json_is_boolean(v)) {
        if (unit) *unit = "1";
        return json_is_true(v);
    }
    return NAN;
}

/* Draws c inline as SVG in a figure with its caption. */
static void figure(FILE *out, const Chart *c, int *charts)
{
    char prefix[32], err[256];
    snprintf(prefix, sizeof prefix, "c%d-", ++*charts);
    char *svg = chart_svg(c, prefix, err, sizeof err);
    fputs("<figure>", out);
    if (svg) fputs(svg, out);
    else fputs("<p class=\"fail\">", out), esc(out, err), fputs("</p>", out);
    fputs("<figcaption>", out);
    esc(out, c->source ? c->source : c->title);
    fputs("</figcaption></figure>\n", out);
    free(svg);
}

/* A chart of nser series of n numbers in base unit `base` (values[s * n + i],
 * scaled here for display); a histogram takes its first series' samples. */
static void draw_numbers(FILE *out, ChartKind kind, const char *title, const char *base, const char *const *labels, int n,
                         const char *const *names, int nser, double *values, const char *source, int *charts)
{
    double maxabs = 0;
    if (nser > CHART_MAX_SERIES) nser = CHART_MAX_SERIES;
    for (int i = 0; i < n * nser; i++)
        if (isfinite(values[i]) && fabs(values[i]) > maxabs) maxabs = fabs(values[i]);
    char unit[64];
    double scale = display_unit(base, maxabs, unit, sizeof unit);
    for (int i = 0; i < n * nser; i++) values[i] /= scale;
    ChartSeries cs[CHART_MAX_SERIES];
    for (int s = 0; s < nser; s++) cs[s] = (ChartSeries){names[s], values + (size_t)s * (size_t)n, n};
    Chart c = {.kind = kind, .title = title, .unit = unit, .value_label = nser == 1 ? names[0] : NULL,
               .x_label = kind == CHART_HISTOGRAM ? names[0] : NULL, .labels = labels, .nlabels = kind == CHART_HISTOGRAM ? 0 : n,
               .series = cs, .nseries = nser, .source = source};
    figure(out, &c, charts);
}

/* compare: the table as polsim prints it, the ratio or difference last, and
 * a bar chart of its first metric with numbers. */
static void html_compare(FILE *out, const json_t *o, Names *ns, int *charts)
{
    heading(out, o, "compare");
    const json_t *cols = json_object_get(o, "columns"), *rows = json_object_get(o, "rows");
    size_t nc = json_array_size(cols), nr = json_array_size(rows);
    const json_t *first = json_array_get(rows, 0);
    const char *extra = json_object_get(first, "ratio") ? "ratio" : json_object_get(first, "difference") ? "difference" : NULL;
    const char *headers[20] = {"metric"};
    int nh = 1;
    for (size_t c = 0; c < nc && nh < 18; c++) {
        headers[nh++] = json_string_value(json_array_get(cols, c));
        use_name(ns, headers[nh - 1]);
    }
    if (extra) headers[nh++] = extra;
    tab_open(out, NULL, headers, nh);
    int chart_row = -1;
    for (size_t r = 0; r < nr; r++) {
        const json_t *row = json_array_get(rows, r), *vals = json_object_get(row, "values");
        fputs("<tr><th scope=\"row\"><code>", out);
        esc(out, str(row, "metric"));
        use_names_in(ns, str(row, "metric"));
        fputs("</code></th>", out);
        bool numbers = json_array_size(vals) > 0;
        for (size_t c = 0; c < json_array_size(vals); c++) {
            value_cell(out, json_array_get(vals, c));
            numbers &= json_is_object(json_array_get(vals, c));
        }
        if (numbers && chart_row < 0) chart_row = (int)r;
        if (extra) value_cell(out, json_object_get(row, extra));
        fputs("</tr>", out);
    }
    tab_close(out);
    if (chart_row < 0 || nc == 0) return;
    const json_t *row = json_array_get(rows, (size_t)chart_row), *vals = json_object_get(row, "values");
    double *v = calloc(nc, sizeof *v);
    const char **labels = calloc(nc, sizeof *labels), *unit = "", *name = str(row, "metric");
    for (size_t c = 0; c < nc; c++) labels[c] = json_string_value(json_array_get(cols, c)), v[c] = number_of(json_array_get(vals, c), &unit);
    draw_numbers(out, CHART_BARS, name, unit, labels, (int)nc, &name, 1, v, name, charts);
    free(v);
    free(labels);
}

/* series: the table by period, and a line chart of the numeric columns that
 * share the first one's unit. */
static void html_series(FILE *out, const json_t *o, Names *ns, int *charts)
{
    heading(out, o, "series");
    const json_t *cols = json_object_get(o, "columns"), *rows = json_object_get(o, "rows");
    size_t nc = json_array_size(cols), nr = json_array_size(rows);
    const char *headers[20] = {"period"};
    int nh = 1;
    for (size_t c = 0; c < nc && nh < 17; c++) {
        headers[nh++] = json_string_value(json_array_get(cols, c));
        use_names_in(ns, headers[nh - 1]);
    }
    tab_open(out, NULL, headers, nh);
    for (size_t r = 0; r < nr; r++) {
        const json_t *row = json_array_get(rows, r), *vals = json_object_get(row, "values");
        fputs("<tr><th scope=\"row\">", out);
        esc(out, str(row, "period"));
        fputs("</th>", out);
        for (size_t c = 0; c < json_array_size(vals); c++) value_cell(out, json_array_get(vals, c));
        fputs("</tr>", out);
    }
    tab_close(out);
    if (!nr || !nc) return;
    const char **labels = calloc(nr, sizeof *labels), *names[CHART_MAX_SERIES], *base = NULL;
    double *v = calloc(nr * CHART_MAX_SERIES, sizeof *v);
    int nser = 0;
    for (size_t c = 0; c < nc && nser < CHART_MAX_SERIES; c++) {
        const char *unit = NULL;
        if (isnan(number_of(json_array_get(json_object_get(json_array_get(rows, 0), "values"), c), &unit))) continue;
        if (base && strcmp(base, unit) != 0) continue; /* one unit a chart */
        base = unit;
        names[nser] = json_string_value(json_array_get(cols, c));
        for (size_t r = 0; r < nr; r++)
            v[(size_t)nser * nr + r] = number_of(json_array_get(json_object_get(json_array_get(rows, r), "values"), c), NULL);
        nser++;
    }
    for (size_t r = 0; r < nr; r++) labels[r] = str(json_array_get(rows, r), "period");
    if (nser) {
        /* v holds nser series of nr numbers (series-major) */
        draw_numbers(out, CHART_LINES, names[0], base, labels, (int)nr, names, nser, v, "polsim series", charts);
    }
    free(v);
    free(labels);
}

/* --- studies: a sweep's or a simulation's rows, grouped by statement ------- */

enum { STUDY_TABLE_ROWS = 40, STUDY_CHART_POINTS = 2000, STUDY_METRICS = 8 };

typedef struct StudyGroup {
    const json_t *all;
    size_t from, to;            /* its objects, all[from..to): rows, then summary objects */
    const char *metrics[STUDY_METRICS];
    int nmetrics;
    size_t npoints;
} StudyGroup;

static bool same_statement(const json_t *a, const json_t *b)
{
    return strcmp(str(a, "file"), str(b, "file")) == 0
           && json_integer_value(json_object_get(a, "line")) == json_integer_value(json_object_get(b, "line"))
           && strcmp(str(a, "scenario"), str(b, "scenario")) == 0;
}

/* The objects of one study starting at i: its rows and summaries. */
static size_t study_group(const json_t *all, size_t i, StudyGroup *g)
{
    const json_t *head = json_array_get(all, i);
    *g = (StudyGroup){.all = all, .from = i};
    const char *kind = str(head, "type"), *last_point = NULL;
    size_t j = i;
    for (; j < json_array_size(all); j++) {
        const json_t *o = json_array_get(all, j);
        const char *t = str(o, "type");
        if (!same_statement(o, head) || (strcmp(t, kind) != 0 && strcmp(t, "summary") != 0)) break;
        if (strcmp(t, "summary") == 0) continue;
        const char *m = str(o, "metric"), *p = str(o, "point");
        int k = 0;
        while (k < g->nmetrics && strcmp(g->metrics[k], m) != 0) k++;
        if (k == g->nmetrics && k < STUDY_METRICS) g->metrics[g->nmetrics++] = m;
        if (!last_point || strcmp(last_point, p) != 0) g->npoints++, last_point = p;
    }
    g->to = j;
    return j;
}

/* A point's parameters as text ("b = 1.4 TB/s"), or its index for a run. */
static void point_label(const json_t *o, char *buf, size_t n)
{
    const json_t *ps = json_object_get(o, "params");
    const char *key;
    json_t *v;
    size_t used = 0;
    buf[0] = '\0';
    json_object_foreach((json_t *)ps, key, v) {
        const char *t = json_is_object(v) ? str(v, "text") : json_is_string(v) ? json_string_value(v) : "?";
        used += (size_t)snprintf(buf + used, used < n ? n - used : 0, "%s%s = %s", used ? ", " : "", key, t);
    }
    if (!used) snprintf(buf, n, "%s", str(o, "point"));
}

/* The value of metric m at the point whose first row is all[r], or NULL. */
static const json_t *point_value(const StudyGroup *g, size_t r, const char *m)
{
    const char *p = str(json_array_get(g->all, r), "point");
    for (size_t j = r; j < g->to; j++) {
        const json_t *o = json_array_get(g->all, j);
        if (strcmp(str(o, "type"), "summary") == 0 || strcmp(str(o, "point"), p) != 0) break;
        if (strcmp(str(o, "metric"), m) == 0) return json_object_get(o, "value");
    }
    return NULL;
}

/* The first row of each point, in order (malloc'd; *n points). */
static size_t *point_rows(const StudyGroup *g, size_t *n)
{
    size_t *rows = malloc(sizeof *rows * (g->npoints ? g->npoints : 1)), k = 0;
    const char *last = NULL;
    for (size_t j = g->from; j < g->to && k < g->npoints; j++) {
        const json_t *o = json_array_get(g->all, j);
        if (strcmp(str(o, "type"), "summary") == 0) continue;
        if (!last || strcmp(last, str(o, "point")) != 0) rows[k++] = j, last = str(o, "point");
    }
    *n = k;
    return rows;
}

/* The points as a table (the first and last STUDY_TABLE_ROWS / 2 of a long study). */
static void study_table(FILE *out, const StudyGroup *g, const size_t *rows, size_t n, bool runs)
{
    const char *headers[STUDY_METRICS + 1] = {runs ? "run" : "point"};
    for (int k = 0; k < g->nmetrics; k++) headers[k + 1] = g->metrics[k];
    char caption[128];
    snprintf(caption, sizeof caption, n > STUDY_TABLE_ROWS ? "%zu %s; the first and last %d shown" : "%zu %s", n,
             runs ? "runs" : "points", STUDY_TABLE_ROWS / 2);
    tab_open(out, caption, headers, g->nmetrics + 1);
    char label[256];
    for (size_t i = 0; i < n; i++) {
        if (n > STUDY_TABLE_ROWS && i == STUDY_TABLE_ROWS / 2) {
            fprintf(out, "<tr><td colspan=\"%d\" class=\"note\">&hellip;</td></tr>", g->nmetrics + 1);
            i = n - STUDY_TABLE_ROWS / 2;
        }
        point_label(json_array_get(g->all, rows[i]), label, sizeof label);
        fputs("<tr><th scope=\"row\">", out);
        esc(out, label);
        fputs("</th>", out);
        for (int k = 0; k < g->nmetrics; k++) value_cell(out, point_value(g, rows[i], g->metrics[k]));
        fputs("</tr>", out);
    }
    tab_close(out);
}

/* A metric's numbers over the points (every k-th when there are more than
 * STUDY_CHART_POINTS); returns how many, 0 when it has none. */
static int metric_numbers(const StudyGroup *g, const size_t *rows, size_t n, const char *m, double *v, const char **labels,
                          char (*text)[64], const char **unit)
{
    size_t step = n > STUDY_CHART_POINTS ? (n + STUDY_CHART_POINTS - 1) / STUDY_CHART_POINTS : 1;
    int k = 0;
    bool any = false;
    for (size_t i = 0; i < n; i += step, k++) {
        v[k] = number_of(point_value(g, rows[i], m), unit);
        any |= isfinite(v[k]);
        if (labels) point_label(json_array_get(g->all, rows[i]), text[k], sizeof text[k]), labels[k] = text[k];
    }
    return any ? k : 0;
}

/* simulate's summary objects as a percentile table. */
static void summary_table(FILE *out, const StudyGroup *g)
{
    static const char *const Q[] = {"p5", "p25", "p50", "p75", "p95", "mean", "sd", "min", "max"};
    static const char *const H[] = {"metric", "runs", "p5", "p25", "p50", "p75", "p95", "mean", "sd", "min", "max", "unit"};
    bool any = false;
    for (size_t j = g->from; j < g->to; j++) {
        const json_t *o = json_array_get(g->all, j);
        if (strcmp(str(o, "type"), "summary") != 0) continue;
        if (!any) tab_open(out, "percentiles over the runs", H, 12), any = true;
        fputs("<tr><th scope=\"row\"><code>", out);
        esc(out, str(o, "metric"));
        fprintf(out, "</code></th><td class=\"n\">%lld</td>", (long long)json_integer_value(json_object_get(o, "runs")));
        if (json_object_get(o, "share")) {
            fprintf(out, "<td colspan=\"10\">true in %.4g%% of runs</td></tr>", 100 * json_number_value(json_object_get(o, "share")));
            continue;
        }
        char unit[64];
        double scale = display_unit(str(o, "unit"), fabs(json_number_value(json_object_get(o, "p50"))), unit, sizeof unit);
        for (size_t q = 0; q < sizeof Q / sizeof Q[0]; q++)
            fprintf(out, "<td class=\"n\">%.4g</td>", json_number_value(json_object_get(o, Q[q])) / scale);
        fputs("<td>", out);
        esc(out, unit);
        fputs("</td></tr>", out);
    }
    if (any) tab_close(out);
}

/* A sweep: its points as a table and each metric as a line over them; a
 * simulation: its percentiles, a table of runs and each metric's histogram. */
static void html_study(FILE *out, const StudyGroup *g, Names *ns, int *charts)
{
    const json_t *head = json_array_get(g->all, g->from);
    bool runs = strcmp(str(head, "type"), "simulate") == 0;
    heading(out, head, runs ? "simulate" : "sweep");
    size_t n;
    size_t *rows = point_rows(g, &n);
    if (runs) summary_table(out, g);
    study_table(out, g, rows, n, runs);
    double *v = malloc(sizeof *v * (n ? n : 1));
    const char **labels = malloc(sizeof *labels * (n ? n : 1));
    char (*text)[64] = malloc(sizeof *text * (n ? n : 1));
    for (int k = 0; k < g->nmetrics && k < 4; k++) {
        use_names_in(ns, g->metrics[k]);
        const char *unit = "";
        int m = metric_numbers(g, rows, n, g->metrics[k], v, runs ? NULL : labels, text, &unit);
        if (m) draw_numbers(out, runs ? CHART_HISTOGRAM : CHART_LINES, g->metrics[k], unit, labels, m, &g->metrics[k], 1, v,
                            g->metrics[k], charts);
    }
    free(v);
    free(labels);
    free(text);
    free(rows);
}

/* explain and classify: the steps in order with their outcomes and where
 * each rule or policy is, then the verdict. */
static void html_trace(FILE *out, const json_t *o, Names *ns)
{
    bool classify = strcmp(str(o, "type"), "explain") != 0; /* classify and headroom: a chip under a rule */
    const char *object = str(o, classify ? "rule" : "market");
    char what[256];
    const char *at = json_string_value(json_object_get(o, "at"));
    snprintf(what, sizeof what, "%s %s %s %s%s%s", str(o, "type"), str(o, "chip"), classify ? "under" : "in", object,
             at ? " at " : "", at ? at : "");
    heading(out, o, what);
    use_name(ns, str(o, "chip"));
    use_name(ns, object);
    const json_t *steps = json_object_get(o, "steps");
    fputs("<ol class=\"steps\">", out);
    for (size_t i = 0; i < json_array_size(steps); i++) {
        const json_t *s = json_array_get(steps, i);
        const char *oc = str(s, "outcome");
        bool bad = strcmp(oc, "blocks") == 0 || strcmp(oc, "true") == 0;
        fprintf(out, "<li><span class=\"%s\">%s</span> ", bad ? "fail" : strcmp(oc, "note") == 0 ? "note" : "pass", oc);
        esc(out, str(s, "text"));
        if (json_string_value(json_object_get(s, "at"))) fputs(" <span class=\"where\">", out), esc(out, str(s, "at")), fputs("</span>", out);
        fputs("</li>", out);
    }
    fputs("</ol><p class=\"verdict\">&rArr; ", out);
    esc(out, str(o, "verdict"));
    fputs("</p>\n", out);
}

static void html_assert(FILE *out, const json_t *o, Names *ns)
{
    use_names_in(ns, str(o, "condition"));
    bool passed = json_is_true(json_object_get(o, "passed"));
    fprintf(out, "<p class=\"%s\">%s <code>", passed ? "pass" : "fail", passed ? "&#10003; passed" : "&#10007; FAILED");
    esc(out, str(o, "condition"));
    fputs("</code>", out);
    if (!passed) esc(out, str(o, "detail"));
    if (json_string_value(json_object_get(o, "message")))
        fputs(" <span class=\"message\">", out), esc(out, str(o, "message")), fputs("</span>", out);
    fputs(" <span class=\"where\">", out);
    esc(out, str(o, "file"));
    fprintf(out, ":%lld</span></p>\n", (long long)json_integer_value(json_object_get(o, "line")));
}

/* plot: the chart drawn again from its JSON, inline, and its caption. */
static void html_plot(FILE *out, const json_t *o, int index, Names *ns)
{
    static const char *const KINDS[] = {"bars", "lines", "histogram"};
    const json_t *labels = json_object_get(o, "labels"), *series = json_object_get(o, "series");
    size_t nl = json_array_size(labels), nser = json_array_size(series);
    if (nser < 1 || nser > CHART_MAX_SERIES) return;
    const char **lab = calloc(nl + 1, sizeof *lab);
    double *vals = calloc(nser * (nl + 1), sizeof *vals);
    ChartSeries cs[CHART_MAX_SERIES];
    for (size_t i = 0; i < nl; i++) use_name(ns, lab[i] = json_string_value(json_array_get(labels, i)));
    for (size_t s = 0; s < nser; s++) {
        const json_t *js = json_array_get(series, s), *jv = json_object_get(js, "values");
        for (size_t i = 0; i < json_array_size(jv); i++)
            vals[s * (nl + 1) + i] = json_is_number(json_array_get(jv, i)) ? json_number_value(json_array_get(jv, i)) : NAN;
        cs[s] = (ChartSeries){str(js, "name"), vals + s * (nl + 1), (int)json_array_size(jv)};
    }
    Chart c = {.kind = CHART_BARS, .title = str(o, "title"), .unit = str(o, "unit"),
               .value_label = json_string_value(json_object_get(o, "value_label")), .labels = lab, .nlabels = (int)nl,
               .series = cs, .nseries = (int)nser, .source = json_string_value(json_object_get(o, "source"))};
    for (int k = 0; k < 3; k++)
        if (strcmp(str(o, "kind"), KINDS[k]) == 0) c.kind = (ChartKind)k;
    char prefix[32], err[256];
    snprintf(prefix, sizeof prefix, "c%d-", index);
    char *svg = chart_svg(&c, prefix, err, sizeof err);
    heading(out, o, "plot");
    fputs("<figure>", out);
    if (svg) fputs(svg, out);
    else fputs("<p class=\"fail\">", out), esc(out, err), fputs("</p>", out);
    fputs("<figcaption>", out);
    esc(out, c.source);
    fputs("</figcaption></figure>\n", out);
    free(svg);
    free(lab);
    free(vals);
}

/* A result this page has no layout of its own for: its fields as a table. */
static void html_other(FILE *out, const json_t *o)
{
    heading(out, o, str(o, "type"));
    static const char *const H[] = {"field", "value"};
    tab_open(out, NULL, H, 2);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v) {
        if (!strcmp(key, "type") || !strcmp(key, "file") || !strcmp(key, "line") || !strcmp(key, "scenario")) continue;
        fputs("<tr><th scope=\"row\">", out);
        esc(out, key);
        fputs("</th>", out);
        if (json_is_number(v)) fprintf(out, "<td class=\"n\">%.6g</td>", json_number_value(v));
        else if (json_is_array(v) || (json_is_object(v) && !json_object_get(v, "text"))) fprintf(out, "<td class=\"note\">%zu items</td>", json_is_array(v) ? json_array_size(v) : json_object_size(v));
        else value_cell(out, v);
        fputs("</tr>", out);
    }
    tab_close(out);
}

/* The sources behind the figures: every definition a result named. */
static void html_sources(FILE *out, const Names *ns, HtmlLookup lookup, void *ctx)
{
    static const char *const H[] = {"name", "kind", "defined at", "source"};
    fputs("<h2>Sources</h2>\n", out);
    tab_open(out, NULL, H, 4);
    for (size_t i = 0; i < ns->n; i++) {
        const char *kind = NULL, *at = NULL, *source = NULL;
        if (!lookup || !lookup(ctx, ns->v[i], &kind, &at, &source)) continue;
        fputs("<tr><td>", out);
        esc(out, ns->v[i]);
        fputs("</td><td>", out);
        esc(out, kind);
        fputs("</td><td class=\"note\">", out);
        esc(out, at);
        fputs("</td><td>", out);
        if (source) esc(out, source);
        else if (strcmp(kind, "scenario") == 0) fputs("<span class=\"note\">figures from the definitions listed here</span>", out);
        else fputs("<span class=\"note\">no source given</span>", out);
        fputs("</td></tr>", out);
    }
    tab_close(out);
}

static void html_provenance(FILE *out, const json_t *o)
{
    fputs("<h2>Provenance</h2>\n<p class=\"meta\">polsim ", out);
    esc(out, str(o, "polsim"));
    fputs(" &middot; stdlib data ", out);
    esc(out, str(o, "stdlib_data"));
    fputs(" &middot; files ", out);
    esc(out, str(o, "files_hash"));
    fputs("</p>\n", out);
    static const char *const H[] = {"file", "bytes", "hash"};
    tab_open(out, NULL, H, 3);
    const json_t *src = json_object_get(o, "sources");
    for (size_t i = 0; i < json_array_size(src); i++) {
        const json_t *s = json_array_get(src, i);
        fputs("<tr><td>", out);
        esc(out, str(s, "file"));
        fprintf(out, "</td><td class=\"n\">%lld</td><td><code>", (long long)json_integer_value(json_object_get(s, "bytes")));
        esc(out, str(s, "hash"));
        fputs("</code></td></tr>", out);
    }
    tab_close(out);
}

/* The JSON lines as an array (NULL with err set on a bad line). */
static json_t *parse_lines(const char *json, char *err, size_t errn)
{
    json_t *all = json_array();
    for (const char *p = json; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        json_error_t e;
        json_t *o = len ? json_loadb(p, len, 0, &e) : NULL;
        if (len && !o) {
            snprintf(err, errn, "a result is not JSON: %s", e.text);
            json_decref(all);
            return NULL;
        }
        if (o) json_array_append_new(all, o);
        p += len + (nl != NULL);
    }
    return all;
}

/* The line under the title: how many asserts passed and failed. */
static void html_summary(FILE *out, const json_t *all)
{
    int pass = 0, fail = 0, results = 0;
    for (size_t i = 0; i < json_array_size(all); i++) {
        const json_t *o = json_array_get(all, i), *prev = i ? json_array_get(all, i - 1) : NULL;
        const char *t = str(o, "type");
        bool study_row = strcmp(t, "sweep") == 0 || strcmp(t, "simulate") == 0 || strcmp(t, "summary") == 0;
        if (study_row && prev && same_statement(o, prev)) continue; /* a study is one result */
        results += strcmp(t, "provenance") != 0;
        if (strcmp(str(o, "type"), "assert") == 0) json_is_true(json_object_get(o, "passed")) ? pass++ : fail++;
    }
    fprintf(out, "<p class=\"meta\">%d result%s &middot; <span class=\"pass\">%d assert%s passed</span>", results,
            results == 1 ? "" : "s", pass, pass == 1 ? "" : "s");
    if (fail) fprintf(out, " &middot; <span class=\"fail\">%d failed</span>", fail);
    fputs("</p>\n", out);
}

bool html_report(FILE *out, const char *title, const char *json, HtmlLookup lookup, void *ctx, char *err, size_t errn)
{
    json_t *all = parse_lines(json, err, errn);
    if (!all) return false;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>polsim report: ", out);
    esc(out, title);
    fprintf(out, "</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>%s</style></head><body>\n<h1>", STYLE);
    esc(out, title);
    fputs("</h1>\n", out);
    html_summary(out, all);
    fputs("<h2>Results</h2>\n", out);
    Names ns = {0};
    const json_t *prov = NULL;
    int charts = 0;
    for (size_t i = 0; i < json_array_size(all);) {
        const json_t *o = json_array_get(all, i);
        const char *t = str(o, "type");
        if (strcmp(t, "provenance") == 0) {
            prov = o;
            i++;
            continue;
        }
        fputs("<section data-kind=\"", out); /* what the result is: the page's tests read it */
        esc(out, t);
        fputs("\">", out);
        size_t next = i + 1;
        if (strcmp(t, "print") == 0 || strcmp(t, "value") == 0) html_values(out, o, &ns);
        else if (strcmp(t, "show") == 0) html_show(out, o, &ns);
        else if (strcmp(t, "compare") == 0) html_compare(out, o, &ns, &charts);
        else if (strcmp(t, "series") == 0) html_series(out, o, &ns, &charts);
        else if (strcmp(t, "sweep") == 0 || strcmp(t, "simulate") == 0) {
            StudyGroup g;
            next = study_group(all, i, &g);
            html_study(out, &g, &ns, &charts);
        } else if (strcmp(t, "explain") == 0 || strcmp(t, "classify") == 0 || strcmp(t, "headroom") == 0)
            html_trace(out, o, &ns);
        else if (strcmp(t, "assert") == 0) html_assert(out, o, &ns);
        else if (strcmp(t, "plot") == 0) html_plot(out, o, ++charts, &ns);
        else html_other(out, o);
        fputs("</section>\n", out);
        i = next;
    }
    html_sources(out, &ns, lookup, ctx);
    if (prov) html_provenance(out, prov);
    fputs("</body></html>\n", out);
    for (size_t i = 0; i < ns.nown; i++) free(ns.own[i]);
    free(ns.own);
    free(ns.v);
    json_decref(all);
    return true;
}
