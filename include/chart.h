/* chart.h: charts of numbers, apart from where the numbers come from. A
 * Chart is a kind, a title, the unit of its values, category labels, one or
 * more series of numbers and a source line. Bars compare categories (a group
 * of bars per label when there are several series); lines follow series over
 * the labels as x positions (years of a series, steps of a sweep); a
 * histogram counts the samples of its first series in bins (a distribution).
 *
 * chart_text draws with Unicode blocks for a terminal; chart_render_file and
 * chart_svg draw through cairo (SVG or PNG, 720 x 450), with the value axis
 * labelled with the unit and the source line under the chart. Both read the
 * same axis (chart_axis) and bins (chart_histogram).
 *
 * A Chart only points at its caller's data; nothing here keeps a pointer
 * after a call returns. chart_svg's result is malloc'd and the caller frees it. */
#ifndef POLSIM_CHART_H
#define POLSIM_CHART_H
#include "record.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Chart, ChartSeries and ChartKind are in record.h: a plot record carries one. */

/* Ticks at multiples of step (1, 2 or 5 times a power of ten) from lo to
 * hi inclusive, covering the data range [min, max] with about target ticks. */
typedef struct ChartAxis {
    double lo, hi, step;
    int nticks;
} ChartAxis;

/* Checks that c can be drawn; false with a message in err otherwise. */
bool chart_check(const Chart *c, char *err, size_t errn);
/* The value axis over [min, max] (bars always include zero). */
void chart_axis(double min, double max, int target, ChartAxis *a);
/* Tick text of v on axis a: as many decimals as the step needs ("2.5", "1000"). */
char *chart_tick_text(const ChartAxis *a, double v, char *buf, size_t n);
/* A value's own text beside its bar: three significant digits, whole
 * numbers from 100 up to a million ("0.148", "2.25", "989", "1979"). */
char *chart_value_text(double v, char *buf, size_t n);
/* Histogram of n samples (NaN skipped) in bins equal bins over [*lo, *hi]
 * (the samples' range); returns the number of bins used (at most
 * CHART_MAX_BINS), counts[i] the samples in bin i (the last bin closed). */
int chart_histogram(const double *x, int n, int bins, double *lo, double *hi, int *counts);
/* The value range a renderer draws: a histogram's bins (*bins, counts,
 * [*lo, *hi]) and 0 to the largest count; else the finite values' range,
 * from zero for bars (min, max; INFINITY, -INFINITY when none). */
void chart_range(const Chart *c, int *counts, int *bins, double *lo, double *hi, double *min, double *max);
/* Both renderers' margins and plot area: the area inside the margins and
 * the value axis (counts for a histogram). */
enum { CHART_M_LEFT = 92, CHART_M_RIGHT = 24, CHART_M_TOP = 60, CHART_M_BOTTOM = 86 };
typedef struct ChartFrame {
    double x0, y0, x1, y1; /* left, top, right, bottom */
    ChartAxis y;
} ChartFrame;
/* The plot area of c with its value axis (chart_range, chart_axis); a
 * histogram's bins in counts[*bins] over lo .. hi. */
void chart_layout(const Chart *c, ChartFrame *f, int *counts, int *bins, double *lo, double *hi);
/* y := the height of value v in f: f->y1 - (v - lo) / (hi - lo) x (y1 - y0). */
double chart_frame_y(const ChartFrame *f, double v);
/* Axis titles: the values' ("fp16 (TFLOPS)", "count" for a histogram) and
 * the x axis's (lines' x_label, a histogram's "fp16 (TFLOPS)", else ""). */
void chart_value_title(const Chart *c, char *buf, size_t n);
void chart_x_title(const Chart *c, char *buf, size_t n);

/* Draws c with Unicode blocks, width columns wide (at least 40). */
bool chart_text(FILE *out, const Chart *c, int width, char *err, size_t errn);
/* Draws c into path through cairo: SVG or PNG by the name's ending, written
 * as safefile.h writes (root: the folder path must lie in, or NULL);
 * src/report/chart_file.c. */
bool chart_render_file(const Chart *c, const char *path, const char *root, char *err, size_t errn);
/* c as SVG text for an HTML page (malloc'd, NUL-terminated): no XML
 * declaration, every id prefixed with id_prefix so charts can share a page,
 * and a <title> and <desc> naming the title, axis, labels and source. */
char *chart_svg(const Chart *c, const char *id_prefix, char *err, size_t errn);
/* c as a PNG image through cairo: malloc'd, *len bytes. */
unsigned char *chart_png(const Chart *c, size_t *len, char *err, size_t errn);
/* chart_svg and chart_png are drawn in this process (src/report/chart_cairo.c,
 * cairo opened with dlopen: libpolsim) or, in the command-line program, by
 * the chart helper polsim-chart (src/report/chart_remote.c): the program is
 * linked statically, and a static program cannot open cairo. */
/* c as SVG text drawn without cairo (src/report/chart_svg.c): the same
 * layout, letters as <text>, a tooltip <title> on every bar and point, the
 * root's id "<id_prefix>chart"; malloc'd, the caller frees it. A build with
 * POLSIM_NO_CAIRO (make wasm) takes chart_svg and chart_render_file (SVG
 * files only) from chart_svg.c, and leaves chart_cairo.c out. */
char *chart_svg_plain(const Chart *c, const char *id_prefix, char *err, size_t errn);
#endif
