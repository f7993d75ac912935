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
    "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f6f6}"
    ".pass{color:#17803d}.fail{color:#b42318;font-weight:bold}.note{color:#555}"
    "ol.steps li{margin:.15em 0}.verdict{font-weight:bold}figure{margin:1em 0}svg{max-width:100%;height:auto}"
    "figcaption,.meta{color:#555;font-size:.85em}code{background:#f4f4f4;padding:0 .2em}";

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
    fputs("<table>", out);
    for (size_t i = 0; i < json_array_size(vals); i++) {
        const char *m = json_string_value(json_array_get(metrics, i));
        use_names_in(ns, m);
        fputs("<tr><td><code>", out);
        esc(out, m ? m : "");
        fputs("</code></td>", out);
        value_cell(out, json_array_get(vals, i));
        fputs("</tr>", out);
    }
    fputs("</table>\n", out);
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
    fputs("<table><tr><th>field</th><th>value</th><th>note</th></tr>", out);
    json_object_foreach((json_t *)fields, key, v) {
        fputs("<tr><td>", out);
        esc(out, key);
        fputs("</td>", out);
        value_cell(out, v);
        fputs("<td class=\"note\">", out);
        esc(out, json_string_value(json_object_get(notes, key)));
        fputs("</td></tr>", out);
    }
    fputs("</table>\n", out);
}

/* compare: the table as polsim prints it, the ratio or difference last. */
static void html_compare(FILE *out, const json_t *o, Names *ns)
{
    heading(out, o, "compare");
    const json_t *cols = json_object_get(o, "columns"), *rows = json_object_get(o, "rows");
    fputs("<table><tr><th></th>", out);
    for (size_t c = 0; c < json_array_size(cols); c++) {
        fputs("<th>", out);
        esc(out, json_string_value(json_array_get(cols, c)));
        fputs("</th>", out);
        use_name(ns, json_string_value(json_array_get(cols, c)));
    }
    const json_t *first = json_array_get(rows, 0);
    const char *extra = json_object_get(first, "ratio") ? "ratio" : json_object_get(first, "difference") ? "difference" : NULL;
    if (extra) fprintf(out, "<th>%s</th>", extra);
    fputs("</tr>", out);
    for (size_t r = 0; r < json_array_size(rows); r++) {
        const json_t *row = json_array_get(rows, r), *vals = json_object_get(row, "values");
        fputs("<tr><td><code>", out);
        esc(out, str(row, "metric"));
        use_names_in(ns, str(row, "metric"));
        fputs("</code></td>", out);
        for (size_t c = 0; c < json_array_size(vals); c++) value_cell(out, json_array_get(vals, c));
        if (extra) value_cell(out, json_object_get(row, extra));
        fputs("</tr>", out);
    }
    fputs("</table>\n", out);
}

/* explain and classify: the steps in order with their outcomes and where
 * each rule or policy is, then the verdict. */
static void html_trace(FILE *out, const json_t *o, Names *ns)
{
    bool classify = strcmp(str(o, "type"), "classify") == 0;
    const char *object = str(o, classify ? "rule" : "market");
    char what[256];
    snprintf(what, sizeof what, "%s %s %s %s", str(o, "type"), str(o, "chip"), classify ? "under" : "in", object);
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

/* A result this page has no layout for yet: its JSON as it is. */
static void html_other(FILE *out, const json_t *o)
{
    heading(out, o, str(o, "type"));
    char *text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    fputs("<pre>", out);
    esc(out, text);
    fputs("</pre>\n", out);
    free(text);
}

/* The sources behind the figures: every definition a result named. */
static void html_sources(FILE *out, const Names *ns, HtmlLookup lookup, void *ctx)
{
    fputs("<h2>Sources</h2>\n<table><tr><th>name</th><th>kind</th><th>defined at</th><th>source</th></tr>", out);
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
    fputs("</table>\n", out);
}

static void html_provenance(FILE *out, const json_t *o)
{
    fputs("<h2>Provenance</h2>\n<p class=\"meta\">polsim ", out);
    esc(out, str(o, "polsim"));
    fputs(" &middot; stdlib data ", out);
    esc(out, str(o, "stdlib_data"));
    fputs(" &middot; files ", out);
    esc(out, str(o, "files_hash"));
    fputs("</p>\n<table><tr><th>file</th><th>bytes</th><th>hash</th></tr>", out);
    const json_t *src = json_object_get(o, "sources");
    for (size_t i = 0; i < json_array_size(src); i++) {
        const json_t *s = json_array_get(src, i);
        fputs("<tr><td>", out);
        esc(out, str(s, "file"));
        fprintf(out, "</td><td class=\"n\">%lld</td><td><code>", (long long)json_integer_value(json_object_get(s, "bytes")));
        esc(out, str(s, "hash"));
        fputs("</code></td></tr>", out);
    }
    fputs("</table>\n", out);
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
        const json_t *o = json_array_get(all, i);
        results += strcmp(str(o, "type"), "provenance") != 0;
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
    int plots = 0;
    for (size_t i = 0; i < json_array_size(all); i++) {
        const json_t *o = json_array_get(all, i);
        const char *t = str(o, "type");
        fputs("<section>", out);
        if (strcmp(t, "print") == 0 || strcmp(t, "value") == 0) html_values(out, o, &ns);
        else if (strcmp(t, "show") == 0) html_show(out, o, &ns);
        else if (strcmp(t, "compare") == 0) html_compare(out, o, &ns);
        else if (strcmp(t, "explain") == 0 || strcmp(t, "classify") == 0) html_trace(out, o, &ns);
        else if (strcmp(t, "assert") == 0) html_assert(out, o, &ns);
        else if (strcmp(t, "plot") == 0) html_plot(out, o, ++plots, &ns);
        else if (strcmp(t, "provenance") == 0) prov = o;
        else html_other(out, o);
        fputs("</section>\n", out);
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
