/* chart_cairo.c: the cairo back end of chart.h. One drawing routine paints
 * a chart on any cairo context, CHART_WIDTH x CHART_HEIGHT units: title,
 * value axis with ticks and its unit, the bars, lines or histogram, x labels,
 * a legend for several series and the source line at the foot. */
#include "chart.h"
#include "termtext.h"
#include <cairo/cairo-svg.h>
#include <cairo/cairo.h>
#include <ctype.h>
#include <dlfcn.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* cairo is opened on the first chart drawn to a file or page, not linked:
 * its library and the twenty it pulls in (fontconfig, freetype, X11...)
 * would double polsim's start-up (18 ms of CPU instead of 8) for every run
 * that draws nothing. cairo_lib holds the functions used, looked up by name. */
#define CAIRO_FUNCTIONS(X) \
    X(arc) X(debug_reset_static_data) X(create) X(destroy) X(fill) X(image_surface_create) X(line_to) X(move_to) X(paint) \
    X(rectangle) X(restore) X(rotate) X(save) X(select_font_face) X(set_font_size) X(set_line_width) \
    X(set_source_rgb) X(show_text) X(status) X(status_to_string) X(stroke) X(surface_destroy) \
    X(surface_finish) X(surface_status) X(surface_write_to_png_stream) X(svg_surface_create_for_stream) \
    X(svg_surface_set_document_unit) X(text_extents) X(translate)

static struct {
#define CAIRO_FIELD(f) __typeof__(&cairo_##f) f;
    CAIRO_FUNCTIONS(CAIRO_FIELD)
#undef CAIRO_FIELD
    void *handle;
} cairo_lib;

#define CAIRO(f) (cairo_lib.f)

/* At exit: cairo's font and surface caches and fontconfig's state freed, so leak checkers see
 * only polsim's own memory. */
static void cairo_unload(void)
{
    CAIRO(debug_reset_static_data)();
    void (*fc_fini)(void); /* fontconfig, loaded with cairo: its parsed configuration */
    *(void **)&fc_fini = dlsym(cairo_lib.handle, "FcFini");
    if (fc_fini) fc_fini();
}

/* Opens libcairo.so.2 once; false with a message when it or a function is missing. */
static bool cairo_load(char *err, size_t errn)
{
    if (cairo_lib.handle) return true;
    void *h = dlopen("libcairo.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(err, errn, "charts need the cairo library (Debian package libcairo2): %s", dlerror());
        return false;
    }
#define CAIRO_SYM(f)                                                                           \
    if (!(*(void **)&cairo_lib.f = dlsym(h, "cairo_" #f))) {                                   \
        snprintf(err, errn, "the cairo library lacks cairo_%s (version 1.16 or later needed)", #f); \
        dlclose(h);                                                                            \
        return false;                                                                          \
    }
    CAIRO_FUNCTIONS(CAIRO_SYM)
#undef CAIRO_SYM
    cairo_lib.handle = h;
    atexit(cairo_unload);
    return true;
}

static const double PALETTE[CHART_MAX_SERIES][3] = {
    {0.12, 0.47, 0.71}, {1.00, 0.50, 0.05}, {0.17, 0.63, 0.17}, {0.84, 0.15, 0.16},
    {0.58, 0.40, 0.74}, {0.55, 0.34, 0.29}, {0.89, 0.47, 0.76}, {0.50, 0.50, 0.50},
};

/* Text at (x, y) aligned by ax (0 left, 0.5 centre, 1 right) on its baseline. */
static void text_at(cairo_t *cr, double x, double y, double ax, const char *s)
{
    cairo_text_extents_t e;
    CAIRO(text_extents)(cr, s, &e);
    CAIRO(move_to)(cr, x - ax * e.x_advance, y);
    CAIRO(show_text)(cr, s);
}

/* Text from (x, y), cut at a character boundary with "..." to fit width. */
static void text_fit(cairo_t *cr, double x, double y, double width, const char *s)
{
    cairo_text_extents_t e;
    CAIRO(text_extents)(cr, s, &e);
    if (e.x_advance <= width) {
        text_at(cr, x, y, 0, s);
        return;
    }
    size_t len = strlen(s);
    char *cut = malloc(len + 4);
    if (!cut) return;
    for (size_t n = len; n > 0; n--) {
        if (((unsigned char)s[n] & 0xC0) == 0x80) continue; /* inside a UTF-8 sequence */
        memcpy(cut, s, n);
        memcpy(cut + n, "...", 4);
        CAIRO(text_extents)(cr, cut, &e);
        if (e.x_advance <= width) break;
    }
    text_at(cr, x, y, 0, cut);
    free(cut);
}

static void font(cairo_t *cr, double size, bool bold)
{
    CAIRO(select_font_face)(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    CAIRO(set_font_size)(cr, size);
}

static void grey(cairo_t *cr, double g) { CAIRO(set_source_rgb)(cr, g, g, g); }

/* Value axis: a grid line and its number at each tick, the axis title
 * ("fp16 (TFLOPS)") turned up the left edge. */
static void draw_value_axis(cairo_t *cr, const ChartFrame *f, const char *title)
{
    char buf[64];
    font(cr, 12, false);
    CAIRO(set_line_width)(cr, 1);
    for (int i = 0; i < f->y.nticks; i++) {
        double v = f->y.lo + i * f->y.step, y = round(chart_frame_y(f, v)) + 0.5;
        grey(cr, 0.88);
        CAIRO(move_to)(cr, f->x0, y);
        CAIRO(line_to)(cr, f->x1, y);
        CAIRO(stroke)(cr);
        grey(cr, 0.25);
        text_at(cr, f->x0 - 6, y + 4, 1, chart_tick_text(&f->y, v, buf, sizeof buf));
    }
    grey(cr, 0.2);
    CAIRO(move_to)(cr, f->x0 + 0.5, f->y0);
    CAIRO(line_to)(cr, f->x0 + 0.5, f->y1);
    CAIRO(line_to)(cr, f->x1, f->y1);
    CAIRO(stroke)(cr);
    if (!*title) return;
    CAIRO(save)(cr);
    CAIRO(translate)(cr, 20, (f->y0 + f->y1) / 2);
    CAIRO(rotate)(cr, -M_PI / 2);
    font(cr, 13, false);
    text_at(cr, 0, 0, 0.5, title);
    CAIRO(restore)(cr);
}

/* Category labels centred under x positions, every k-th so they do not overlap. */
static void draw_x_labels(cairo_t *cr, const ChartFrame *f, const Chart *c, double (*x_of)(const ChartFrame *, const Chart *, int))
{
    font(cr, 12, false);
    grey(cr, 0.2);
    double widest = 1;
    for (int i = 0; i < c->nlabels; i++) {
        cairo_text_extents_t e;
        CAIRO(text_extents)(cr, c->labels[i], &e);
        widest = fmax(widest, e.x_advance + 8);
    }
    int k = (int)ceil(widest / ((f->x1 - f->x0) / c->nlabels));
    for (int i = 0; i < c->nlabels; i += k > 1 ? k : 1) text_at(cr, x_of(f, c, i), f->y1 + 18, 0.5, c->labels[i]);
}

static double bar_group_x(const ChartFrame *f, const Chart *c, int i) { return f->x0 + (i + 0.5) * (f->x1 - f->x0) / c->nlabels; }

static double line_x(const ChartFrame *f, const Chart *c, int i)
{
    double pad = 20;
    return c->nlabels > 1 ? f->x0 + pad + i * (f->x1 - f->x0 - 2 * pad) / (c->nlabels - 1) : (f->x0 + f->x1) / 2;
}

static void set_series_colour(cairo_t *cr, int s) { CAIRO(set_source_rgb)(cr, PALETTE[s][0], PALETTE[s][1], PALETTE[s][2]); }

/* Bars: per label a group of nseries bars from zero, the value above each
 * when there is room. */
static void draw_bars(cairo_t *cr, const ChartFrame *f, const Chart *c)
{
    double gw = (f->x1 - f->x0) / c->nlabels, bw = gw * 0.72 / c->nseries, zero = chart_frame_y(f, 0);
    char buf[64];
    font(cr, 11, false);
    for (int i = 0; i < c->nlabels; i++)
        for (int s = 0; s < c->nseries; s++) {
            double v = c->series[s].values[i];
            if (!isfinite(v)) continue;
            double x = f->x0 + i * gw + gw * 0.14 + s * bw, y = chart_frame_y(f, v);
            set_series_colour(cr, s);
            CAIRO(rectangle)(cr, x, fmin(y, zero), bw - 1, fabs(zero - y));
            CAIRO(fill)(cr);
            if (bw < 24) continue;
            grey(cr, 0.15);
            text_at(cr, x + bw / 2, v >= 0 ? y - 4 : y + 13, 0.5, chart_value_text(v, buf, sizeof buf));
        }
    draw_x_labels(cr, f, c, bar_group_x);
}

/* Lines: a polyline per series through its finite points, a dot at each. */
static void draw_lines(cairo_t *cr, const ChartFrame *f, const Chart *c)
{
    CAIRO(set_line_width)(cr, 2.2);
    for (int s = 0; s < c->nseries; s++) {
        set_series_colour(cr, s);
        bool pen = false;
        for (int i = 0; i < c->nlabels; i++) {
            double v = c->series[s].values[i];
            if (!isfinite(v)) {
                pen = false;
                continue;
            }
            if (pen) CAIRO(line_to)(cr, line_x(f, c, i), chart_frame_y(f, v));
            else CAIRO(move_to)(cr, line_x(f, c, i), chart_frame_y(f, v));
            pen = true;
        }
        CAIRO(stroke)(cr);
        for (int i = 0; i < c->nlabels; i++) {
            double v = c->series[s].values[i];
            if (!isfinite(v)) continue;
            CAIRO(arc)(cr, line_x(f, c, i), chart_frame_y(f, v), 3.5, 0, 2 * M_PI);
            CAIRO(fill)(cr);
        }
    }
    draw_x_labels(cr, f, c, line_x);
}

/* Histogram: adjacent bars over the samples' range on a numeric x axis. */
static void draw_histogram(cairo_t *cr, const ChartFrame *f, const int *counts, int bins, double lo, double hi)
{
    ChartAxis x;
    chart_axis(lo, hi, 6, &x);
    double span = x.hi - x.lo, w = f->x1 - f->x0;
    set_series_colour(cr, 0);
    for (int b = 0; b < bins; b++) {
        double a = lo + (hi - lo) * b / bins, z = lo + (hi - lo) * (b + 1) / bins;
        double xa = f->x0 + (a - x.lo) / span * w, xz = f->x0 + (z - x.lo) / span * w;
        if (hi == lo) xa = f->x0 + w * 0.45, xz = f->x0 + w * 0.55;
        double y = chart_frame_y(f, counts[b]);
        CAIRO(rectangle)(cr, xa, y, fmax(xz - xa - 1, 1), f->y1 - y);
        CAIRO(fill)(cr);
    }
    char buf[64];
    font(cr, 12, false);
    grey(cr, 0.2);
    for (int i = 0; i < x.nticks; i++) {
        double v = x.lo + i * x.step;
        text_at(cr, f->x0 + (v - x.lo) / span * w, f->y1 + 18, 0.5, chart_tick_text(&x, v, buf, sizeof buf));
    }
}

static void draw_legend(cairo_t *cr, const Chart *c)
{
    if (c->nseries < 2 || c->kind == CHART_HISTOGRAM) return;
    font(cr, 12, false);
    double x = CHART_WIDTH - CHART_M_RIGHT;
    for (int s = c->nseries - 1; s >= 0; s--) {
        const char *name = c->series[s].name ? c->series[s].name : "";
        cairo_text_extents_t e;
        CAIRO(text_extents)(cr, name, &e);
        x -= e.x_advance;
        grey(cr, 0.2);
        text_at(cr, x, 46, 0, name);
        set_series_colour(cr, s);
        CAIRO(rectangle)(cr, x - 16, 36, 11, 11);
        CAIRO(fill)(cr);
        x -= 30;
    }
}

static void draw_chart(cairo_t *cr, const Chart *c)
{
    CAIRO(set_source_rgb)(cr, 1, 1, 1);
    CAIRO(paint)(cr);
    ChartFrame f;
    int counts[CHART_MAX_BINS], bins;
    double lo, hi;
    chart_layout(c, &f, counts, &bins, &lo, &hi);
    char title[256];
    chart_value_title(c, title, sizeof title);
    draw_value_axis(cr, &f, title);
    if (c->kind == CHART_BARS) draw_bars(cr, &f, c);
    else if (c->kind == CHART_LINES) draw_lines(cr, &f, c);
    else draw_histogram(cr, &f, counts, bins, lo, hi);
    chart_x_title(c, title, sizeof title);
    font(cr, 13, false);
    grey(cr, 0.1);
    if (*title) text_at(cr, (f.x0 + f.x1) / 2, f.y1 + 42, 0.5, title);
    font(cr, 17, true);
    if (c->title) text_at(cr, CHART_M_LEFT, 30, 0, c->title);
    draw_legend(cr, c);
    font(cr, 11, false);
    grey(cr, 0.4);
    if (c->source) text_fit(cr, 12, CHART_HEIGHT - 12, CHART_WIDTH - 24, c->source);
}

/* --- SVG text for a page ----------------------------------------------------- */

typedef struct Buf {
    char *s;
    size_t len, cap;
} Buf;

static void buf_add(Buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        char *grown = realloc(b->s, b->cap);
        if (!grown) abort();
        b->s = grown;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buf_str(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }

static cairo_status_t buf_write(void *closure, const unsigned char *data, unsigned int length)
{
    buf_add(closure, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* s with & < > " escaped for XML, and what XML forbids (control bytes,
 * invalid UTF-8) written as visible \xNN (termtext.h). */
static void buf_xml(Buf *b, const char *text)
{
    char *clean = text_visible(text ? text : "");
    for (const char *s = clean; *s; s++) {
        switch (*s) {
        case '&': buf_str(b, "&amp;"); break;
        case '<': buf_str(b, "&lt;"); break;
        case '>': buf_str(b, "&gt;"); break;
        case '"': buf_str(b, "&quot;"); break;
        default: buf_add(b, s, 1);
        }
    }
    free(clean);
}

/* <title> and <desc>: what the glyphs of the drawing say, as text. */
static void svg_text_of(Buf *b, const Chart *c)
{
    char t[256];
    buf_str(b, "<title>");
    buf_xml(b, c->title ? c->title : "chart");
    buf_str(b, "</title><desc>");
    chart_value_title(c, t, sizeof t);
    buf_xml(b, t);
    chart_x_title(c, t, sizeof t);
    if (*t) buf_str(b, "; "), buf_xml(b, t);
    if (c->kind != CHART_HISTOGRAM)
        for (int i = 0; i < c->nlabels; i++) buf_str(b, i ? ", " : "; "), buf_xml(b, c->labels[i]);
    for (int s = 0; s < c->nseries && c->nseries > 1; s++) buf_str(b, s ? ", " : "; "), buf_xml(b, c->series[s].name);
    if (c->source) buf_str(b, "; source: "), buf_xml(b, c->source);
    buf_str(b, "</desc>");
}

/* raw with its XML declaration dropped, ids (id=", href="#, url(#) prefixed
 * and the title and description put first inside <svg>. */
/* cairo numbers its surfaces across the process ("surface6" for the
 * second chart drawn): the ids a chart's SVG names are renumbered in their
 * order of appearance, so a chart's text does not depend on the charts drawn
 * before it (in a REPL session, or by the chart helper, one chart a run). */
typedef struct SurfaceIds {
    unsigned long seen[16];
    int n;
} SurfaceIds;

/* At p, an id after a reference's opening: "surface<N>" is written with N's
 * place in ids; returns where the reference goes on. */
static const char *surface_id(Buf *b, const char *p, SurfaceIds *ids)
{
    static const char WORD[] = "surface";
    if (strncmp(p, WORD, sizeof WORD - 1) != 0 || !isdigit((unsigned char)p[sizeof WORD - 1])) return p;
    char *end;
    unsigned long n = strtoul(p + sizeof WORD - 1, &end, 10);
    int k = 0;
    while (k < ids->n && ids->seen[k] != n) k++;
    if (k == ids->n && ids->n < (int)(sizeof ids->seen / sizeof *ids->seen)) ids->seen[ids->n++] = n;
    if (k == (int)(sizeof ids->seen / sizeof *ids->seen)) return p; /* past 16 surfaces: kept as cairo wrote it */
    char num[32];
    snprintf(num, sizeof num, "%s%d", WORD, k + 1);
    buf_str(b, num);
    return end;
}

static char *svg_for_page(const char *raw, const Chart *c, const char *prefix)
{
    Buf b = {0};
    SurfaceIds surfaces = {.n = 0};
    const char *p = strstr(raw, "<svg");
    p = p ? p : raw;
    const char *open_end = strchr(p, '>');
    static const char *const REFS[] = {"id=\"", "href=\"#", "url(#"};
    bool described = false;
    while (*p) {
        if (!described && open_end && p > open_end) {
            svg_text_of(&b, c);
            described = true;
        }
        size_t i;
        for (i = 0; i < 3 && strncmp(p, REFS[i], strlen(REFS[i])) != 0; i++) {}
        if (i < 3) {
            buf_str(&b, REFS[i]);
            buf_str(&b, prefix);
            p += strlen(REFS[i]);
            p = surface_id(&b, p, &surfaces);
        } else {
            buf_add(&b, p++, 1);
        }
    }
    return b.s;
}

char *chart_svg(const Chart *c, const char *id_prefix, char *err, size_t errn)
{
    if (!chart_check(c, err, errn)) return NULL;
    if (!cairo_load(err, errn)) return NULL;
    Buf raw = {0};
    cairo_surface_t *sf = CAIRO(svg_surface_create_for_stream)(buf_write, &raw, CHART_WIDTH, CHART_HEIGHT);
    CAIRO(svg_surface_set_document_unit)(sf, CAIRO_SVG_UNIT_PX); /* 720 x 450 pixels, as the PNG */
    cairo_t *cr = CAIRO(create)(sf);
    draw_chart(cr, c);
    CAIRO(destroy)(cr);
    CAIRO(surface_finish)(sf);
    cairo_status_t st = CAIRO(surface_status)(sf);
    CAIRO(surface_destroy)(sf);
    if (st != CAIRO_STATUS_SUCCESS || !raw.s) {
        snprintf(err, errn, "cannot draw the chart: %s", CAIRO(status_to_string)(st));
        free(raw.s);
        return NULL;
    }
    char *page = svg_for_page(raw.s, c, id_prefix);
    free(raw.s);
    return page;
}

/* A PNG is cairo's image surface written out into memory. */
unsigned char *chart_png(const Chart *c, size_t *len, char *err, size_t errn)
{
    if (!chart_check(c, err, errn)) return NULL;
    if (!cairo_load(err, errn)) return NULL;
    cairo_surface_t *sf = CAIRO(image_surface_create)(CAIRO_FORMAT_RGB24, CHART_WIDTH, CHART_HEIGHT);
    cairo_t *cr = CAIRO(create)(sf);
    draw_chart(cr, c);
    cairo_status_t st = CAIRO(status)(cr);
    CAIRO(destroy)(cr);
    Buf png = {0};
    if (st == CAIRO_STATUS_SUCCESS) st = CAIRO(surface_write_to_png_stream)(sf, buf_write, &png);
    CAIRO(surface_destroy)(sf);
    if (st != CAIRO_STATUS_SUCCESS || !png.s) {
        snprintf(err, errn, "cannot draw the chart: %s", CAIRO(status_to_string)(st));
        free(png.s);
        return NULL;
    }
    *len = png.len;
    return (unsigned char *)png.s;
}
