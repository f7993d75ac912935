/* chart_svg.c: polsim's own SVG writer for chart.h, for builds without
 * cairo (the browser build, make wasm, compiles with POLSIM_NO_CAIRO and
 * takes chart_svg and chart_render_file from here instead of
 * chart_cairo.c). It draws the layout chart_cairo.c draws, 720 x 450: the
 * title, the value axis with its ticks and unit, the bars, lines or
 * histogram, x labels, a legend for several series and the source line at
 * the foot. Letters are <text> (the browser's sans-serif), so their widths
 * are estimated (0.6 em a character) where the layout needs one: which x
 * labels fit, the legend's places, where the source line is cut. Every
 * bar and point carries a <title> with its label and value (a tooltip).
 *
 * Ownership: chart_svg_plain returns malloc'd text, the caller frees it;
 * nothing points into the Chart after a call. Coordinates are written with
 * at most two decimals, trailing zeros dropped ("134.28", "60"). */
#include "chart.h"
#include "termtext.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const PALETTE[CHART_MAX_SERIES] = {"#1f78b5", "#ff800d", "#2ba12b", "#d62629",
                                                      "#9466bd", "#8c574a", "#e378c2", "#808080"};

/* A coordinate: two decimals at most, no trailing zeros, no "-0". */
static void num(FILE *o, double v)
{
    char b[64];
    snprintf(b, sizeof b, "%.2f", v);
    char *e = b + strlen(b);
    while (e[-1] == '0') *--e = '\0';
    if (e[-1] == '.') *--e = '\0';
    fputs(strcmp(b, "-0") == 0 ? "0" : b, o);
}

/* Text for XML: & < > " escaped, what XML forbids (control bytes, invalid
 * UTF-8) as visible \xNN (termtext.h). */
static void xml(FILE *o, const char *text)
{
    char *clean = text_visible(text ? text : "");
    for (const char *s = clean; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", o); break;
        case '<': fputs("&lt;", o); break;
        case '>': fputs("&gt;", o); break;
        case '"': fputs("&quot;", o); break;
        default: fputc(*s, o);
        }
    }
    free(clean);
}

/* Characters of UTF-8 text (continuation bytes not counted). */
static int chars(const char *s)
{
    int n = 0;
    for (; s && *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The estimated width of s in a font of size px. */
static double width_of(const char *s, double px) { return chars(s) * px * 0.6; }

/* <text> at (x, y) on its baseline; anchor "start", "middle" or "end"; attrs more attributes. */
static void text_at(FILE *o, double x, double y, const char *anchor, double px, const char *attrs, const char *s)
{
    fputs("<text x=\"", o);
    num(o, x);
    fputs("\" y=\"", o);
    num(o, y);
    fprintf(o, "\" font-size=\"%g\"", px);
    if (strcmp(anchor, "start") != 0) fprintf(o, " text-anchor=\"%s\"", anchor);
    fprintf(o, "%s%s>", *attrs ? " " : "", attrs);
    xml(o, s);
    fputs("</text>\n", o);
}

static void line(FILE *o, double x0, double y0, double x1, double y1, const char *stroke)
{
    fputs("<line x1=\"", o);
    num(o, x0);
    fputs("\" y1=\"", o);
    num(o, y0);
    fputs("\" x2=\"", o);
    num(o, x1);
    fputs("\" y2=\"", o);
    num(o, y1);
    fprintf(o, "\" stroke=\"%s\"/>\n", stroke);
}

/* A filled rectangle with a tooltip (tip, value: "H100: 989"; no tooltip when tip is NULL). */
static void rect(FILE *o, double x, double y, double w, double h, const char *fill, const char *tip, const char *value)
{
    fputs("<rect x=\"", o);
    num(o, x);
    fputs("\" y=\"", o);
    num(o, y);
    fputs("\" width=\"", o);
    num(o, w);
    fputs("\" height=\"", o);
    num(o, h);
    fprintf(o, "\" fill=\"%s\"", fill);
    if (!tip) {
        fputs("/>\n", o);
        return;
    }
    fputs("><title>", o);
    xml(o, tip);
    fputs(": ", o);
    xml(o, value);
    fputs("</title></rect>\n", o);
}

/* Value axis: a grid line and its number at each tick, the axis title turned up the left edge. */
static void value_axis(FILE *o, const ChartFrame *f, const char *title)
{
    char buf[64];
    for (int i = 0; i < f->y.nticks; i++) {
        double v = f->y.lo + i * f->y.step, y = round(chart_frame_y(f, v)) + 0.5;
        line(o, f->x0, y, f->x1, y, "#e0e0e0");
        text_at(o, f->x0 - 6, y + 4, "end", 12, "fill=\"#404040\"", chart_tick_text(&f->y, v, buf, sizeof buf));
    }
    fputs("<path d=\"M", o);
    num(o, f->x0 + 0.5);
    fputc(' ', o);
    num(o, f->y0);
    fputs("V", o);
    num(o, f->y1);
    fputs("H", o);
    num(o, f->x1);
    fputs("\" fill=\"none\" stroke=\"#333\"/>\n", o);
    if (!*title) return;
    fputs("<text transform=\"translate(20 ", o);
    num(o, (f->y0 + f->y1) / 2);
    fputs(") rotate(-90)\" font-size=\"13\" text-anchor=\"middle\">", o);
    xml(o, title);
    fputs("</text>\n", o);
}

static double bar_group_x(const ChartFrame *f, const Chart *c, int i) { return f->x0 + (i + 0.5) * (f->x1 - f->x0) / c->nlabels; }

static double line_x(const ChartFrame *f, const Chart *c, int i)
{
    double pad = 20;
    return c->nlabels > 1 ? f->x0 + pad + i * (f->x1 - f->x0 - 2 * pad) / (c->nlabels - 1) : (f->x0 + f->x1) / 2;
}

/* Category labels centred under x positions, every k-th so they do not overlap. */
static void x_labels(FILE *o, const ChartFrame *f, const Chart *c, double (*x_of)(const ChartFrame *, const Chart *, int))
{
    double widest = 1;
    for (int i = 0; i < c->nlabels; i++) widest = fmax(widest, width_of(c->labels[i], 12) + 8);
    int k = (int)ceil(widest / ((f->x1 - f->x0) / c->nlabels));
    for (int i = 0; i < c->nlabels; i += k > 1 ? k : 1)
        text_at(o, x_of(f, c, i), f->y1 + 18, "middle", 12, "fill=\"#333\"", c->labels[i]);
}

/* The tooltip's name of a value: the label, with the series when there are several. */
static const char *tip_of(const Chart *c, int s, int i, char *buf, size_t n)
{
    const char *name = c->series[s].name;
    if (c->nseries > 1 && name) snprintf(buf, n, "%s, %s", c->labels[i] ? c->labels[i] : "", name);
    else snprintf(buf, n, "%s", c->labels[i] ? c->labels[i] : "");
    return buf;
}

/* Bars: per label a group of nseries bars from zero, the value above each when there is room. */
static void bars(FILE *o, const ChartFrame *f, const Chart *c)
{
    double gw = (f->x1 - f->x0) / c->nlabels, bw = gw * 0.72 / c->nseries, zero = chart_frame_y(f, 0);
    char buf[64], tip[256];
    for (int i = 0; i < c->nlabels; i++)
        for (int s = 0; s < c->nseries; s++) {
            double v = c->series[s].values[i];
            if (!isfinite(v)) continue;
            double x = f->x0 + i * gw + gw * 0.14 + s * bw, y = chart_frame_y(f, v);
            chart_value_text(v, buf, sizeof buf);
            rect(o, x, fmin(y, zero), bw - 1, fabs(zero - y), PALETTE[s], tip_of(c, s, i, tip, sizeof tip), buf);
            if (bw >= 24) text_at(o, x + bw / 2, v >= 0 ? y - 4 : y + 13, "middle", 11, "fill=\"#262626\"", buf);
        }
    x_labels(o, f, c, bar_group_x);
}

/* Lines: a path per series through its finite points (a gap at a missing
 * one), a dot at each point. */
static void lines(FILE *o, const ChartFrame *f, const Chart *c)
{
    char buf[64], tip[256];
    for (int s = 0; s < c->nseries; s++) {
        bool pen = false, any = false;
        for (int i = 0; i < c->nlabels; i++) {
            double v = c->series[s].values[i];
            if (!isfinite(v)) {
                pen = false;
                continue;
            }
            if (!any) fputs("<path d=\"", o);
            fputc(pen ? 'L' : 'M', o);
            num(o, line_x(f, c, i));
            fputc(' ', o);
            num(o, chart_frame_y(f, v));
            pen = any = true;
        }
        if (any) fprintf(o, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>\n", PALETTE[s]);
        for (int i = 0; i < c->nlabels; i++) {
            double v = c->series[s].values[i];
            if (!isfinite(v)) continue;
            fputs("<circle cx=\"", o);
            num(o, line_x(f, c, i));
            fputs("\" cy=\"", o);
            num(o, chart_frame_y(f, v));
            fprintf(o, "\" r=\"3.5\" fill=\"%s\"><title>", PALETTE[s]);
            xml(o, tip_of(c, s, i, tip, sizeof tip));
            fputs(": ", o);
            xml(o, chart_value_text(v, buf, sizeof buf));
            fputs("</title></circle>\n", o);
        }
    }
    x_labels(o, f, c, line_x);
}

/* Histogram: adjacent bars over the samples' range on a numeric x axis. */
static void histogram(FILE *o, const ChartFrame *f, const int *counts, int bins, double lo, double hi)
{
    ChartAxis x;
    chart_axis(lo, hi, 6, &x);
    double span = x.hi - x.lo, w = f->x1 - f->x0;
    char buf[64], from[64], to[64], tip[160];
    for (int b = 0; b < bins; b++) {
        double a = lo + (hi - lo) * b / bins, z = lo + (hi - lo) * (b + 1) / bins;
        double xa = f->x0 + (a - x.lo) / span * w, xz = f->x0 + (z - x.lo) / span * w;
        if (hi == lo) xa = f->x0 + w * 0.45, xz = f->x0 + w * 0.55;
        double y = chart_frame_y(f, counts[b]);
        snprintf(tip, sizeof tip, "%s to %s", chart_value_text(a, from, sizeof from), chart_value_text(z, to, sizeof to));
        snprintf(buf, sizeof buf, "%d", counts[b]);
        rect(o, xa, y, fmax(xz - xa - 1, 1), f->y1 - y, PALETTE[0], tip, buf);
    }
    for (int i = 0; i < x.nticks; i++) {
        double v = x.lo + i * x.step;
        text_at(o, f->x0 + (v - x.lo) / span * w, f->y1 + 18, "middle", 12, "fill=\"#333\"", chart_tick_text(&x, v, buf, sizeof buf));
    }
}

/* The legend, right-aligned at the top: a swatch and the name of each series. */
static void legend(FILE *o, const Chart *c)
{
    if (c->nseries < 2 || c->kind == CHART_HISTOGRAM) return;
    double x = CHART_WIDTH - CHART_M_RIGHT;
    for (int s = c->nseries - 1; s >= 0; s--) {
        const char *name = c->series[s].name ? c->series[s].name : "";
        x -= width_of(name, 12);
        text_at(o, x, 46, "start", 12, "fill=\"#333\"", name);
        rect(o, x - 16, 36, 11, 11, PALETTE[s], NULL, NULL);
        x -= 30;
    }
}

/* The source line, cut at a character with "..." to fit width. */
static void footer(FILE *o, const Chart *c)
{
    double room = CHART_WIDTH - 24;
    const char *s = c->source;
    if (!s || !*s) return;
    if (width_of(s, 11) <= room) {
        text_at(o, 12, CHART_HEIGHT - 12, "start", 11, "fill=\"#666\"", s);
        return;
    }
    int keep = (int)(room / (11 * 0.6)) - 3, n = 0;
    size_t len = 0;
    for (; s[len]; len++) /* len: the bytes of the first keep characters */
        if (((unsigned char)s[len] & 0xC0) != 0x80 && n++ == keep) break;
    char *cut = malloc(len + 4);
    if (!cut) return;
    memcpy(cut, s, len);
    memcpy(cut + len, "...", 4);
    text_at(o, 12, CHART_HEIGHT - 12, "start", 11, "fill=\"#666\"", cut);
    free(cut);
}

/* <title> and <desc>: what the drawing says, as text (as chart_cairo.c's). */
static void described(FILE *o, const Chart *c)
{
    char t[256];
    fputs("<title>", o);
    xml(o, c->title ? c->title : "chart");
    fputs("</title><desc>", o);
    chart_value_title(c, t, sizeof t);
    xml(o, t);
    chart_x_title(c, t, sizeof t);
    if (*t) fputs("; ", o), xml(o, t);
    if (c->kind != CHART_HISTOGRAM)
        for (int i = 0; i < c->nlabels; i++) fputs(i ? ", " : "; ", o), xml(o, c->labels[i]);
    for (int s = 0; s < c->nseries && c->nseries > 1; s++) fputs(s ? ", " : "; ", o), xml(o, c->series[s].name);
    if (c->source) fputs("; source: ", o), xml(o, c->source);
    fputs("</desc>\n", o);
}

static void draw(FILE *o, const Chart *c, const char *prefix)
{
    fprintf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"");
    xml(o, prefix);
    fprintf(o, "chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" role=\"img\">\n",
            CHART_WIDTH, CHART_HEIGHT, CHART_WIDTH, CHART_HEIGHT);
    described(o, c);
    fprintf(o, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", CHART_WIDTH, CHART_HEIGHT);
    ChartFrame f;
    int counts[CHART_MAX_BINS], bins;
    double lo, hi;
    chart_layout(c, &f, counts, &bins, &lo, &hi);
    char title[256];
    chart_value_title(c, title, sizeof title);
    value_axis(o, &f, title);
    if (c->kind == CHART_BARS) bars(o, &f, c);
    else if (c->kind == CHART_LINES) lines(o, &f, c);
    else histogram(o, &f, counts, bins, lo, hi);
    chart_x_title(c, title, sizeof title);
    if (*title) text_at(o, (f.x0 + f.x1) / 2, f.y1 + 42, "middle", 13, "fill=\"#1a1a1a\"", title);
    if (c->title) text_at(o, CHART_M_LEFT, 30, "start", 17, "font-weight=\"bold\" fill=\"#1a1a1a\"", c->title);
    legend(o, c);
    footer(o, c);
    fputs("</svg>\n", o);
}

char *chart_svg_plain(const Chart *c, const char *id_prefix, char *err, size_t errn)
{
    if (!chart_check(c, err, errn)) return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    if (!o) {
        snprintf(err, errn, "cannot draw the chart: out of memory");
        return NULL;
    }
    draw(o, c, id_prefix ? id_prefix : "");
    if (fclose(o) != 0) {
        free(text);
        snprintf(err, errn, "cannot draw the chart: out of memory");
        return NULL;
    }
    return text;
}

#ifdef POLSIM_NO_CAIRO
/* A build without cairo (make wasm): chart.h's cairo functions are these. */
#include "safefile.h"
#include <errno.h>
#include <strings.h>

char *chart_svg(const Chart *c, const char *id_prefix, char *err, size_t errn)
{
    return chart_svg_plain(c, id_prefix, err, errn);
}

bool chart_render_file(const Chart *c, const char *path, const char *root, char *err, size_t errn)
{
    size_t n = strlen(path);
    if (n < 4 || strcasecmp(path + n - 4, ".svg") != 0) {
        snprintf(err, errn, "this build draws charts as SVG only (no cairo), not '%s'", path);
        return false;
    }
    char *text = chart_svg_plain(c, "", err, errn), why[256];
    if (!text) return false;
    SafeFile *f = safefile_open(path, root, why, sizeof why);
    bool ok = f && fprintf(safefile_stream(f), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n%s", text) > 0;
    if (f && !ok) snprintf(why, sizeof why, "%s", strerror(errno));
    if (ok) ok = safefile_commit(f, why, sizeof why);
    else if (f) safefile_abort(f);
    free(text);
    if (!ok) snprintf(err, errn, "cannot write '%s': %s", path, why);
    return ok;
}
#endif
