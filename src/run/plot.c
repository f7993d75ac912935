/* plot.c: `plot compare ITEMS [on METRICS] [to "FILE"]`: the comparison's
 * table as a bar chart (include/chart.h): a bar per item, a series per
 * metric. Every metric must share one dimension (one value axis); the values
 * are shown in the unit polsim would print the largest of them in. */
#include "compare.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The power of ten that turns base units into the unit polsim prints ref in
 * ("989 TFLOPS": 1e12, unit "TFLOPS"; "$12k": 1e3, "$k"; "15%": 0.01, "%"). */
static double display_scale(Quantity ref, char *unit, size_t n)
{
    if (dim_is_none(ref.dim) && ((!ref.percent && !ref.points) || fabs(ref.v) >= 100)) {
        /* a count: in thousands or millions when large ("317,934" is not a unit) */
        double a = fabs(ref.v), s = a >= 1e7 ? 1e6 : a >= 1e4 ? 1e3 : 1;
        snprintf(unit, n, "%s", s == 1e6 ? "M" : s == 1e3 ? "k" : "");
        return s;
    }
    char text[128];
    ref.unit = 0; /* the axis is in polsim's own unit, not a conversion's */
    quantity_format(ref, text, sizeof text);
    const char *p = text + (text[0] == '-');
    bool dollar = *p == '$';
    p += dollar;
    char *end;
    double num = strtod(p, &end);
    while (*end == ' ') end++;
    snprintf(unit, n, "%s%.60s", dollar ? "$" : "", end == p ? text : end);
    if (end == p || num == 0 || ref.v == 0 || !isfinite(ref.v)) return 1;
    return pow(10, round(log10(fabs(ref.v / num))));
}

/* One cell on a plot's value axis: skipped when missing (or, with
 * skip_unknown, unknown); else it must be a number of ref's dimension, and
 * ref := the cell of largest magnitude so far. In errors the cell is name
 * (of owner, when given) and first is the axis's first; noun is what a
 * column is ("metric", "line"). */
static void axis_cell(Interp *I, const Stmt *s, Value v, bool skip_unknown, const char *name, const char *owner,
                      const char *first, const char *noun, Quantity *ref, bool *have)
{
    if (v.kind == V_NONE || (skip_unknown && v.kind == V_UNKNOWN)) return;
    if (v.kind != V_NUM)
        eval_fail(I, DC_TYPE, s->loc, "plot needs numbers: %s%s%s is a %s", name, owner ? " of " : "", owner ? owner : "",
                  value_type_name(v));
    char a[64], b[64];
    if (*have && !dim_eq(v.u.q.dim, ref->dim))
        eval_fail(I, DC_UNIT, s->loc, "plot draws every %s on one axis: %s is %s but %s is %s; plot them separately", noun,
                  first, dim_phrase(ref->dim, a, sizeof a), name, dim_phrase(v.u.q.dim, b, sizeof b));
    if (!*have || fabs(v.u.q.v) > fabs(ref->v)) *ref = v.u.q;
    *have = true;
}

/* Checks that every cell is a number (or missing) of one dimension; returns
 * the cell of largest magnitude, or a zero quantity. */
static Quantity plot_reference(Interp *I, const Stmt *s, const CompareTable *t)
{
    Quantity ref = {0};
    bool have = false;
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->n; c++)
            axis_cell(I, s, t->cells[r * t->n + c], false, t->labels[r].text, t->cols[c], t->labels[0].text, "metric", &ref, &have);
    if (!have) eval_fail(I, DC_TYPE, s->loc, "there is no figure to plot: none of the items has %s", t->labels[0].text);
    return ref;
}

/* The line under the chart: where it was made and each item's source. */
static const char *plot_source(Interp *I, const Stmt *s, const CompareTable *t)
{
    const char *line = arena_printf(&I->arena, "polsim, %s", loc_text(I, s->loc));
    for (int c = 0; c < t->n; c++) {
        const char *src = t->scenarios ? NULL : entity_source(t->items[c].u.ent.e);
        if (src) line = arena_printf(&I->arena, "%s; %s: %s", line, t->cols[c], src);
    }
    return line;
}

/* `to "FILE"`: a relative path without "..", ending in .svg or .png. */
static void check_plot_path(Interp *I, const char *p, Loc at)
{
    size_t n = strlen(p);
    bool svg = n > 4 && strcmp(p + n - 4, ".svg") == 0, png = n > 4 && strcmp(p + n - 4, ".png") == 0;
    if (!svg && !png) eval_fail(I, DC_RUNTIME, at, "plot writes .svg or .png files, not '%s'", p);
    bool up = strncmp(p, "../", 3) == 0 || strstr(p, "/../") != NULL;
    if (p[0] == '/' || up)
        eval_fail(I, DC_RUNTIME, at, "plot writes under the current folder: '%s' %s", p,
                  p[0] == '/' ? "is an absolute path" : "leaves it with '..'");
}

static void draw(Interp *I, Loc loc, const Chart *chart, const char *file, Loc file_loc);

/* plot EXPR: a distribution (EXPR over N runs) as a histogram of its runs,
 * in the unit polsim prints its median in. */
static void plot_distribution(Interp *I, const Stmt *s)
{
    Expr *e = s->u.plot.items;
    Value v = eval(I, e);
    if (v.kind != V_DIST)
        eval_fail(I, DC_TYPE, e->loc, "plot EXPR draws a distribution (such as CN.compute over 1000 runs seed 7), not a %s; "
                  "for figures use plot compare, for periods plot series", value_type_name(v));
    const Summary *d = v.u.dist;
    if (d->n == 0) eval_fail(I, DC_RUNTIME, e->loc, "the distribution has no runs to plot");
    char unit[64];
    Quantity mid = {.v = summary_quantile(d, 0.5), .dim = d->dim, .percent = d->percent};
    if (mid.v == 0) mid.v = d->sorted[d->n - 1];
    double scale = display_scale(mid, unit, sizeof unit);
    double *x = arena_alloc(&I->arena, sizeof(double) * d->n);
    for (size_t i = 0; i < d->n; i++) x[i] = d->sorted[i] / scale;
    const char *label = arena_strndup(&I->arena, e->loc.src->text + e->loc.start, e->loc.end - e->loc.start);
    ChartSeries series = {label, x, (int)d->n};
    Chart chart = {.kind = CHART_HISTOGRAM, .title = label, .unit = unit, .value_label = label, .x_label = label,
                   .series = &series, .nseries = 1,
                   .source = arena_printf(&I->arena, "polsim, %s; %zu runs", loc_text(I, s->loc), d->n)};
    draw(I, s->loc, &chart, s->u.plot.to, s->u.plot.to_loc);
}

void plot_stmt(Interp *I, const Stmt *s)
{
    if (s->u.plot.to) check_plot_path(I, s->u.plot.to, s->u.plot.to_loc);
    if (s->u.plot.dist) {
        plot_distribution(I, s);
        return;
    }
    CompareTable t;
    compare_table(I, s->u.plot.items, s->u.plot.metrics, s->loc, &t);
    if (t.nrows > CHART_MAX_SERIES)
        eval_fail(I, DC_RUNTIME, s->loc, "plot takes at most %d metrics, not %d", CHART_MAX_SERIES, t.nrows);
    char unit[64];
    double scale = display_scale(plot_reference(I, s, &t), unit, sizeof unit);
    ChartSeries series[CHART_MAX_SERIES];
    const char *title = t.labels[0].text;
    for (int r = 0; r < t.nrows; r++) {
        double *vals = arena_alloc(&I->arena, sizeof(double) * (size_t)t.n);
        for (int c = 0; c < t.n; c++) {
            Value v = t.cells[r * t.n + c];
            vals[c] = v.kind == V_NUM ? v.u.q.v / scale : NAN;
        }
        series[r] = (ChartSeries){t.labels[r].text, vals, t.n};
        if (r) title = arena_printf(&I->arena, "%s, %s", title, t.labels[r].text);
    }
    Chart chart = {.kind = CHART_BARS, .title = title, .unit = unit, .value_label = t.nrows == 1 ? t.labels[0].text : NULL,
                   .labels = t.cols, .nlabels = t.n, .series = series, .nseries = t.nrows,
                   .source = plot_source(I, s, &t)};
    draw(I, s->loc, &chart, s->u.plot.to, s->u.plot.to_loc);
}

/* The chart to its file (when given) and the report; not in check and test. */
static void draw(Interp *I, Loc loc, const Chart *chart, const char *file, Loc file_loc)
{
    if (I->opt.mode != MODE_RUN) return; /* check and test: evaluated, not drawn */
    emit_record(I, &(Record){.kind = REC_PLOT, .type = "plot", .loc = loc, .u.plot = {chart, file}}, file ? file_loc : loc);
}

/* The largest number of a series table, after checking every cell is a
 * number (or missing) of one dimension. */
static Quantity series_reference(Interp *I, const Stmt *s, const char *const *cols, int ncols, const Value *cells,
                                 int nrows)
{
    Quantity ref = {0};
    bool have = false;
    for (int i = 0; i < nrows * ncols; i++)
        axis_cell(I, s, cells[i], true, cols[i % ncols], NULL, cols[0], "line", &ref, &have);
    if (!have) eval_fail(I, DC_TYPE, s->loc, "there is no figure to plot in this series");
    return ref;
}

void plot_lines(Interp *I, const Stmt *s, const char *const *cols, int ncols, const char *const *xs, const char *x_label,
                const Value *cells, int nrows, const char *file, Loc file_loc)
{
    if (file) check_plot_path(I, file, file_loc);
    if (ncols > CHART_MAX_SERIES)
        eval_fail(I, DC_RUNTIME, s->loc, "plot takes at most %d lines, not %d", CHART_MAX_SERIES, ncols);
    char unit[64];
    double scale = display_scale(series_reference(I, s, cols, ncols, cells, nrows), unit, sizeof unit);
    ChartSeries series[CHART_MAX_SERIES];
    const char *title = cols[0];
    for (int c = 0; c < ncols; c++) {
        double *vals = arena_alloc(&I->arena, sizeof(double) * (size_t)nrows);
        for (int r = 0; r < nrows; r++) {
            Value v = cells[r * ncols + c];
            vals[r] = v.kind == V_NUM ? v.u.q.v / scale : NAN;
        }
        series[c] = (ChartSeries){cols[c], vals, nrows};
        if (c) title = arena_printf(&I->arena, "%s, %s", title, cols[c]);
    }
    Chart chart = {.kind = CHART_LINES, .title = title, .unit = unit, .value_label = ncols == 1 ? cols[0] : NULL,
                   .x_label = x_label, .labels = xs, .nlabels = nrows, .series = series, .nseries = ncols,
                   .source = arena_printf(&I->arena, "polsim, %s", loc_text(I, s->loc))};
    draw(I, s->loc, &chart, file, file_loc);
}
