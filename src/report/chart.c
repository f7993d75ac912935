/* chart.c: the chart's data checks, axis, bins and the Unicode renderer
 * (see chart.h); chart_cairo.c is the cairo back end. */
#include "chart.h"
#include "termtext.h"
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static bool chart_fail(char *err, size_t errn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errn, fmt, ap);
    va_end(ap);
    return false;
}

bool chart_check(const Chart *c, char *err, size_t errn)
{
    if (c->nseries < 1 || c->nseries > CHART_MAX_SERIES)
        return chart_fail(err, errn, "a chart takes 1 to %d series, not %d", CHART_MAX_SERIES, c->nseries);
    if (c->kind == CHART_HISTOGRAM) {
        int finite = 0;
        for (int i = 0; i < c->series[0].n; i++) finite += isfinite(c->series[0].values[i]) != 0;
        return finite > 0 ? true : chart_fail(err, errn, "a histogram needs at least one number");
    }
    if (c->nlabels < 1) return chart_fail(err, errn, "a chart needs at least one label");
    bool any = false;
    for (int s = 0; s < c->nseries; s++) {
        if (c->series[s].n != c->nlabels)
            return chart_fail(err, errn, "series %d has %d values for %d labels", s + 1, c->series[s].n, c->nlabels);
        for (int i = 0; i < c->nlabels; i++) any |= isfinite(c->series[s].values[i]) != 0;
    }
    return any ? true : chart_fail(err, errn, "there is no figure to chart");
}

/* A step of 1, 2 or 5 times a power of ten near span / target. */
static double nice_step(double span, int target)
{
    double raw = span / (target > 1 ? target : 1), p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

void chart_axis(double min, double max, int target, ChartAxis *a)
{
    if (!(max > min)) { /* one value (or none): a span around it */
        double m = fabs(max) > 0 ? fabs(max) : 1;
        min = max > 0 ? 0 : max - m;
        max = max > 0 ? max : max < 0 ? 0 : 1;
        if (!(max > min)) max = min + m;
    }
    a->step = nice_step(max - min, target);
    a->lo = floor(min / a->step) * a->step;
    a->hi = ceil(max / a->step) * a->step;
    a->nticks = (int)lround((a->hi - a->lo) / a->step) + 1;
}

char *chart_tick_text(const ChartAxis *a, double v, char *buf, size_t n)
{
    int decimals = a->step >= 1 ? 0 : (int)ceil(-log10(a->step) - 1e-9);
    if (fabs(v) < a->step * 1e-9) v = 0; /* no "-0" */
    if (fabs(v) >= 1e6 || (v != 0 && fabs(v) < 1e-4)) snprintf(buf, n, "%.3g", v);
    else snprintf(buf, n, "%.*f", decimals > 6 ? 6 : decimals, v);
    return buf;
}

char *chart_value_text(double v, char *buf, size_t n)
{
    double a = fabs(v);
    if (!isfinite(v)) snprintf(buf, n, "-");
    else if (a >= 100 && a < 1e6) snprintf(buf, n, "%.0f", v);
    else snprintf(buf, n, "%.3g", v);
    return buf;
}

int chart_histogram(const double *x, int n, int bins, double *lo, double *hi, int *counts)
{
    int finite = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (!isfinite(x[i])) continue;
        finite++;
        *lo = fmin(*lo, x[i]);
        *hi = fmax(*hi, x[i]);
    }
    if (bins <= 0) bins = finite > 0 ? 1 + (int)ceil(log2(finite)) : 1; /* Sturges */
    if (bins > CHART_MAX_BINS) bins = CHART_MAX_BINS;
    if (finite == 0) *lo = *hi = 0;
    if (*hi == *lo) bins = 1;
    memset(counts, 0, sizeof *counts * (size_t)bins);
    for (int i = 0; i < n; i++) {
        if (!isfinite(x[i])) continue;
        int b = *hi > *lo ? (int)((x[i] - *lo) / (*hi - *lo) * bins) : 0;
        counts[b < bins ? b : bins - 1]++;
    }
    return bins;
}

/* --- Unicode ----------------------------------------------------------------- */

/* Columns a UTF-8 text takes (one per character). */
static int text_width(const char *s)
{
    int w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void pad(FILE *out, const char *s, int width)
{
    fputs(s, out);
    for (int i = text_width(s); i < width; i++) fputc(' ', out);
}

static void repeat(FILE *out, const char *s, int n)
{
    for (int i = 0; i < n; i++) fputs(s, out);
}

/* A bar of len columns (eighths from ▏ to █) from the left edge. */
static void bar_right(FILE *out, double len)
{
    static const char *const EIGHTHS[] = {"", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B", "\u258A", "\u2589"};
    int eighths = (int)lround(len * 8);
    repeat(out, "\u2588", eighths / 8);
    fputs(EIGHTHS[eighths % 8], out);
}

/* The value axis's extent over every finite value (bars: with zero). */
static void value_range(const Chart *c, double *min, double *max)
{
    *min = c->kind == CHART_BARS ? 0 : INFINITY;
    *max = c->kind == CHART_BARS ? 0 : -INFINITY;
    for (int s = 0; s < c->nseries; s++)
        for (int i = 0; i < c->series[s].n; i++)
            if (isfinite(c->series[s].values[i])) {
                *min = fmin(*min, c->series[s].values[i]);
                *max = fmax(*max, c->series[s].values[i]);
            }
}

static void text_heading(FILE *out, const Chart *c)
{
    if (c->title && *c->title) fprintf(out, "%s\n", c->title);
}

static void text_footer(FILE *out, const Chart *c)
{
    if (c->source && *c->source) fprintf(out, "source: %s\n", c->source);
}

/* Axis text "fp16 (TFLOPS)", "TFLOPS" or "fp16" into buf. */
static const char *axis_title(const Chart *c, char *buf, size_t n)
{
    const char *what = c->value_label ? c->value_label : "", *unit = c->unit ? c->unit : "";
    if (*what && *unit) snprintf(buf, n, "%s (%s)", what, unit);
    else snprintf(buf, n, "%s", *what ? what : unit);
    return buf;
}

/* Bars: a line per label and series, the bar's length to scale, then the
 * value; negative values grow left of a zero column. */
static void text_bars(FILE *out, const Chart *c, int width)
{
    int lw = 0, sw = 0;
    for (int i = 0; i < c->nlabels; i++) lw = lw > text_width(c->labels[i]) ? lw : text_width(c->labels[i]);
    for (int s = 0; s < c->nseries && c->nseries > 1; s++)
        if (c->series[s].name) sw = sw > text_width(c->series[s].name) ? sw : text_width(c->series[s].name);
    double min, max;
    value_range(c, &min, &max);
    int room = width - lw - (sw ? sw + 1 : 0) - 12;
    if (room < 10) room = 10;
    double span = fmax(max, 0) - fmin(min, 0);
    if (span <= 0) span = 1;
    int left = (int)lround(-fmin(min, 0) / span * room); /* columns left of zero */
    char buf[64];
    for (int i = 0; i < c->nlabels; i++)
        for (int s = 0; s < c->nseries; s++) {
            pad(out, s == 0 ? c->labels[i] : "", lw);
            fputc(' ', out);
            if (sw) {
                pad(out, c->series[s].name ? c->series[s].name : "", sw);
                fputc(' ', out);
            }
            double v = c->series[s].values[i];
            if (!isfinite(v)) {
                repeat(out, " ", left);
                fputs("-\n", out);
                continue;
            }
            double len = fabs(v) / span * room;
            if (v < 0) {
                int full = (int)lround(len);
                repeat(out, " ", left - full);
                repeat(out, "\u2588", full);
                fputs("\u2502", out);
            } else {
                repeat(out, " ", left);
                if (left) fputs("\u2502", out);
                bar_right(out, len);
            }
            fprintf(out, " %s\n", chart_value_text(v, buf, sizeof buf));
        }
    const char *t = c->unit && *c->unit ? c->unit : "";
    if (*t) fprintf(out, "%*s(%s)\n", lw + 1 + (sw ? sw + 1 : 0), "", t);
}

/* A grid of braille cells: 2 x 4 dots a character. */
typedef struct Braille {
    int cols, rows;
    unsigned char *dots; /* cols * rows bit masks */
    char *mark;          /* a series' marker index + 1 at a data point, else 0 */
} Braille;

static void braille_set(Braille *g, int x, int y)
{
    static const unsigned char BIT[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    if (x < 0 || y < 0 || x >= g->cols * 2 || y >= g->rows * 4) return;
    g->dots[(y / 4) * g->cols + x / 2] |= BIT[y % 4][x % 2];
}

/* Bresenham's line between two dots. */
static void braille_line(Braille *g, int x0, int y0, int x1, int y1)
{
    int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, e = dx + dy;
    for (;;) {
        braille_set(g, x0, y0);
        if (x0 == x1 && y0 == y1) return;
        int e2 = 2 * e;
        if (e2 >= dy) e += dy, x0 += sx;
        if (e2 <= dx) e += dx, y0 += sy;
    }
}

static void braille_cell(FILE *out, unsigned char bits)
{
    unsigned cp = 0x2800u + bits; /* U+2800..U+28FF, three UTF-8 bytes */
    fputc(0xE0 | (cp >> 12), out);
    fputc(0x80 | ((cp >> 6) & 0x3F), out);
    fputc(0x80 | (cp & 0x3F), out);
}

static const char *const MARKERS[CHART_MAX_SERIES] = {"\u25CF", "\u25A0", "\u25B2", "\u25C6",
                                                      "\u25CB", "\u25A1", "\u25B3", "\u25C7"};

/* Lines: braille segments between the points, each point a series marker,
 * the axis's top, middle and bottom values at the left, the first and last
 * labels below, a legend when there are several series. */
static void text_lines(FILE *out, const Chart *c, int width)
{
    double min, max;
    value_range(c, &min, &max);
    ChartAxis a;
    chart_axis(min, max, 4, &a);
    char top[64], bottom[64], mid[64], title[256];
    chart_tick_text(&a, a.hi, top, sizeof top);
    chart_tick_text(&a, a.lo, bottom, sizeof bottom);
    chart_tick_text(&a, (a.lo + a.hi) / 2, mid, sizeof mid);
    int yw = text_width(top) > text_width(bottom) ? text_width(top) : text_width(bottom);
    yw = yw > text_width(mid) ? yw : text_width(mid);
    Braille g = {width - yw - 2, 10, NULL, NULL};
    if (g.cols < 10) g.cols = 10;
    g.dots = calloc((size_t)(g.cols * g.rows), 1);
    g.mark = calloc((size_t)(g.cols * g.rows), 1);
    if (!g.dots || !g.mark) {
        free(g.dots);
        free(g.mark);
        return;
    }
    int xs = g.cols * 2 - 1, ys = g.rows * 4 - 1;
    for (int s = 0; s < c->nseries; s++) {
        int px = -1, py = -1;
        for (int i = 0; i < c->nlabels; i++) {
            double v = c->series[s].values[i];
            if (!isfinite(v)) {
                px = -1;
                continue;
            }
            int x = c->nlabels > 1 ? (int)lround((double)i / (c->nlabels - 1) * xs) : xs / 2;
            int y = (int)lround((a.hi - v) / (a.hi - a.lo) * ys);
            if (px >= 0) braille_line(&g, px, py, x, y);
            else braille_set(&g, x, y);
            g.mark[(y / 4) * g.cols + x / 2] = (char)(s + 1);
            px = x, py = y;
        }
    }
    text_heading(out, c);
    for (int r = 0; r < g.rows; r++) {
        const char *lab = r == 0 ? top : r == g.rows - 1 ? bottom : r == g.rows / 2 ? mid : "";
        fprintf(out, "%*s%s \u2502", yw - text_width(lab), "", lab);
        for (int col = 0; col < g.cols; col++) {
            int m = g.mark[r * g.cols + col];
            if (m) fputs(MARKERS[m - 1], out);
            else braille_cell(out, g.dots[r * g.cols + col]);
        }
        fputc('\n', out);
    }
    fprintf(out, "%*s \u2514", yw, "");
    repeat(out, "\u2500", g.cols);
    fputc('\n', out);
    const char *first = c->labels[0], *last = c->labels[c->nlabels - 1];
    int gap = g.cols - text_width(first) - (c->nlabels > 1 ? text_width(last) : 0);
    fprintf(out, "%*s  %s", yw, "", first);
    if (c->nlabels > 1) {
        repeat(out, " ", gap > 1 ? gap : 1);
        fputs(last, out);
    }
    fputc('\n', out);
    const char *t = axis_title(c, title, sizeof title);
    fprintf(out, "%*s  %s%s%s%s\n", yw, "", *t ? "y: " : "", t, c->x_label ? (*t ? ", x: " : "x: ") : "",
            c->x_label ? c->x_label : "");
    if (c->nseries > 1) {
        fprintf(out, "%*s  ", yw, "");
        for (int s = 0; s < c->nseries; s++)
            fprintf(out, "%s %s%s", MARKERS[s], c->series[s].name ? c->series[s].name : "", s < c->nseries - 1 ? "  " : "\n");
    }
    free(g.dots);
    free(g.mark);
}

/* Histogram: a column of eighth blocks per bin, 8 rows tall, the largest
 * count at the top left, the range of the samples below. */
static void text_histogram(FILE *out, const Chart *c, int width)
{
    static const char *const UP[] = {" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"};
    int counts[CHART_MAX_BINS], rows = 8, top = 0;
    double lo, hi;
    int bins = chart_histogram(c->series[0].values, c->series[0].n, c->bins, &lo, &hi, counts);
    for (int b = 0; b < bins; b++) top = counts[b] > top ? counts[b] : top;
    char topt[32], lot[64], hit[64], title[256];
    snprintf(topt, sizeof topt, "%d", top);
    int yw = (int)strlen(topt), bw = (width - yw - 2) / bins;
    bw = bw < 1 ? 1 : bw > 6 ? 6 : bw;
    text_heading(out, c);
    for (int r = rows - 1; r >= 0; r--) {
        fprintf(out, "%*s \u2502", yw, r == rows - 1 ? topt : r == 0 ? "0" : "");
        for (int b = 0; b < bins; b++) {
            int eighths = top ? (int)lround((double)counts[b] / top * rows * 8) : 0, here = eighths - r * 8;
            for (int k = 0; k < bw; k++) fputs(UP[here <= 0 ? 0 : here >= 8 ? 8 : here], out);
        }
        fputc('\n', out);
    }
    fprintf(out, "%*s \u2514", yw, "");
    repeat(out, "\u2500", bins * bw);
    fputc('\n', out);
    ChartAxis a;
    chart_axis(lo, hi, 4, &a);
    chart_tick_text(&a, lo, lot, sizeof lot);
    chart_tick_text(&a, hi, hit, sizeof hit);
    int gap = bins * bw - text_width(lot) - text_width(hit);
    fprintf(out, "%*s  %s", yw, "", lot);
    repeat(out, " ", gap > 1 ? gap : 1);
    fprintf(out, "%s\n", hit);
    const char *t = axis_title(c, title, sizeof title);
    fprintf(out, "%*s  %s%scount in %d bins of %d samples\n", yw, "", t, *t ? "; " : "", bins, c->series[0].n);
}

/* chart_text to out as it is. */
static bool chart_text_raw(FILE *out, const Chart *c, int width, char *err, size_t errn)
{
    if (!chart_check(c, err, errn)) return false;
    if (width < 40) width = 40;
    if (c->kind == CHART_BARS) {
        text_heading(out, c);
        text_bars(out, c, width);
    } else if (c->kind == CHART_LINES) {
        text_lines(out, c, width);
    } else {
        text_histogram(out, c, width);
    }
    text_footer(out, c);
    return true;
}

/* On a terminal the chart is drawn into memory first, then shown with its
 * control bytes made visible (termtext.h): titles, labels and the source
 * line come from the scenario. */
bool chart_text(FILE *out, const Chart *c, int width, char *err, size_t errn)
{
    if (!term_escapes(out)) return chart_text_raw(out, c, width, err, errn);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) return chart_text_raw(out, c, width, err, errn);
    bool ok = chart_text_raw(mem, c, width, err, errn);
    fclose(mem);
    if (text) term_fputs(text, out);
    free(text);
    return ok;
}

void chart_range(const Chart *c, int *counts, int *bins, double *lo, double *hi, double *min, double *max)
{
    *bins = 0;
    *lo = *hi = 0;
    *min = INFINITY;
    *max = -INFINITY;
    if (c->kind == CHART_HISTOGRAM) {
        *bins = chart_histogram(c->series[0].values, c->series[0].n, c->bins, lo, hi, counts);
        *min = *max = 0;
        for (int b = 0; b < *bins; b++) *max = fmax(*max, counts[b]);
        return;
    }
    if (c->kind == CHART_BARS) *min = *max = 0;
    for (int s = 0; s < c->nseries; s++)
        for (int i = 0; i < c->series[s].n; i++)
            if (isfinite(c->series[s].values[i])) {
                *min = fmin(*min, c->series[s].values[i]);
                *max = fmax(*max, c->series[s].values[i]);
            }
}

/* "what (unit)", or whichever of the two is there. */
static void labelled(const Chart *c, char *buf, size_t n)
{
    const char *what = c->value_label ? c->value_label : "", *unit = c->unit ? c->unit : "";
    if (*what && *unit) snprintf(buf, n, "%s (%s)", what, unit);
    else snprintf(buf, n, "%s", *what ? what : unit);
}

void chart_value_title(const Chart *c, char *buf, size_t n)
{
    if (c->kind == CHART_HISTOGRAM) snprintf(buf, n, "count");
    else labelled(c, buf, n);
}

void chart_x_title(const Chart *c, char *buf, size_t n)
{
    buf[0] = '\0';
    if (c->kind == CHART_HISTOGRAM) labelled(c, buf, n);
    else if (c->x_label) snprintf(buf, n, "%s", c->x_label);
}

void chart_layout(const Chart *c, ChartFrame *f, int *counts, int *bins, double *lo, double *hi)
{
    *f = (ChartFrame){.x0 = CHART_M_LEFT, .y0 = CHART_M_TOP, .x1 = CHART_WIDTH - CHART_M_RIGHT,
                      .y1 = CHART_HEIGHT - CHART_M_BOTTOM};
    double min, max;
    chart_range(c, counts, bins, lo, hi, &min, &max);
    chart_axis(min, max, 6, &f->y);
}

double chart_frame_y(const ChartFrame *f, double v) { return f->y1 - (v - f->y.lo) / (f->y.hi - f->y.lo) * (f->y1 - f->y0); }
