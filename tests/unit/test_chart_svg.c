/* test_chart_svg.c: polsim's own SVG writer (src/report/chart_svg.c, the
 * browser build's charts) fed hand-computed data: the places of points,
 * bars (negative ones too) and histogram bins in the 720 x 450 frame
 * (plot area x 92..696, y 60..364), a gap in a line at a missing value,
 * grid lines at the ticks, escaping of titles and labels, the source line
 * cut to fit, tooltips, the id prefix, well-formed tags, and the same
 * <title> and <desc> as the cairo drawing's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "chart.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *svg(const Chart *c)
{
    char err[128] = "";
    char *s = chart_svg_plain(c, "", err, sizeof err);
    if (!s) print_error("chart_svg_plain: %s\n", err);
    assert_non_null(s);
    return s;
}

/* Fails, printing the SVG, when want is not in s. */
static void has(const char *s, const char *want)
{
    if (!strstr(s, want)) {
        print_error("missing: %s\nin:\n%s\n", want, s);
        fail();
    }
}

static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* Every element closed in order, and no raw control byte. */
static bool well_formed(const char *s)
{
    const char *stack[64];
    size_t lens[64];
    int depth = 0;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n') return false;
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
        const char *gt = strchr(p, '>');
        if (!gt || memchr(p + 1, '<', (size_t)(gt - p - 1))) return false;
        bool closing = p[1] == '/', empty = gt[-1] == '/';
        const char *name = p + 1 + closing;
        size_t len = strcspn(name, " \n/>");
        if (closing) {
            if (depth == 0 || lens[depth - 1] != len || strncmp(stack[depth - 1], name, len) != 0) return false;
            depth--;
        } else if (!empty) {
            if (depth == 64) return false;
            stack[depth] = name;
            lens[depth++] = len;
        }
    }
    return depth == 0;
}

static const char *const ABC[] = {"a", "b", "c"};

/* 0, 5, 10 on an axis of 0..10 (step 2): y 364, 212, 60; x from 92 + 20 to
 * 696 - 20 in two equal steps: 112, 394, 676. */
static void test_line_points(void **state)
{
    (void)state;
    static const double v[] = {0, 5, 10};
    ChartSeries s = {"n", v, 3};
    Chart c = {.kind = CHART_LINES, .title = "t", .labels = ABC, .nlabels = 3, .series = &s, .nseries = 1};
    char *t = svg(&c);
    has(t, "<path d=\"M112 364L394 212L676 60\"");
    has(t, "<circle cx=\"112\" cy=\"364\"");
    has(t, "<circle cx=\"394\" cy=\"212\"");
    has(t, "<circle cx=\"676\" cy=\"60\"");
    assert_int_equal(count(t, "<circle"), 3);
    /* grid lines at 0, 2 (y 303.2, drawn on the pixel: 303.5), ..., 10 */
    assert_int_equal(count(t, "<line "), 6);
    has(t, "<line x1=\"92\" y1=\"364.5\" x2=\"696\" y2=\"364.5\"");
    has(t, "<line x1=\"92\" y1=\"303.5\" x2=\"696\" y2=\"303.5\"");
    has(t, "<text x=\"86\" y=\"64.5\" font-size=\"12\" text-anchor=\"end\" fill=\"#404040\">10</text>");
    /* the labels under their points */
    has(t, "<text x=\"394\" y=\"382\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\">b</text>");
    has(t, "<title>c: 10</title></circle>");
    assert_true(well_formed(t));
    free(t);
}

/* A missing value breaks the line: 1, -, 3 on 1..3 is two moves, no line. */
static void test_line_gap(void **state)
{
    (void)state;
    static const double v[] = {1, NAN, 3};
    ChartSeries s = {"n", v, 3};
    Chart c = {.kind = CHART_LINES, .labels = ABC, .nlabels = 3, .series = &s, .nseries = 1};
    char *t = svg(&c);
    has(t, "<path d=\"M112 364M676 60\"");
    assert_int_equal(count(t, "<circle"), 2);
    free(t);
}

/* Two groups of 302 px: a bar 72% of it (217.44, drawn 1 px narrower) from
 * 14% in; 10 on 0..10 reaches the top, 5 half way. */
static void test_bar_rects(void **state)
{
    (void)state;
    static const char *const L[] = {"A", "B"};
    static const double v[] = {10, 5};
    ChartSeries s = {"x", v, 2};
    Chart c = {.kind = CHART_BARS, .unit = "TFLOPS", .value_label = "fp16", .labels = L, .nlabels = 2, .series = &s, .nseries = 1};
    char *t = svg(&c);
    has(t, "<rect x=\"134.28\" y=\"60\" width=\"216.44\" height=\"304\" fill=\"#1f78b5\"><title>A: 10</title></rect>");
    has(t, "<rect x=\"436.28\" y=\"212\" width=\"216.44\" height=\"152\" fill=\"#1f78b5\"><title>B: 5</title></rect>");
    has(t, "<text x=\"243\" y=\"56\" font-size=\"11\" text-anchor=\"middle\" fill=\"#262626\">10</text>");
    has(t, "rotate(-90)\" font-size=\"13\" text-anchor=\"middle\">fp16 (TFLOPS)</text>");
    assert_true(well_formed(t));
    free(t);
}

/* -5 and 10: the axis -6..10 (step 2), 19 px a unit, zero at y 250; the
 * negative bar hangs from zero, its value below its end. */
static void test_bar_negative(void **state)
{
    (void)state;
    static const char *const L[] = {"A", "B"};
    static const double v[] = {-5, 10};
    ChartSeries s = {"x", v, 2};
    Chart c = {.kind = CHART_BARS, .labels = L, .nlabels = 2, .series = &s, .nseries = 1};
    char *t = svg(&c);
    has(t, "<rect x=\"134.28\" y=\"250\" width=\"216.44\" height=\"95\"");
    has(t, "<rect x=\"436.28\" y=\"60\" width=\"216.44\" height=\"190\"");
    has(t, "<text x=\"243\" y=\"358\" font-size=\"11\" text-anchor=\"middle\" fill=\"#262626\">-5</text>");
    has(t, ">-6</text>");
    free(t);
}

/* 1, 2, 2, 3, 3, 3, 4, 4, 4, 4 in 4 bins of 1..4 (x axis 1..4, 604 px for
 * 3): the first bin 1 to 1.75 is 151 px wide (drawn 150), 1 of 4 high. */
static void test_histogram_bins(void **state)
{
    (void)state;
    static const double v[] = {1, 2, 2, 3, 3, 3, 4, 4, 4, 4};
    ChartSeries s = {"runs", v, 10};
    Chart c = {.kind = CHART_HISTOGRAM, .unit = "$B", .value_label = "spend", .series = &s, .nseries = 1, .bins = 4};
    char *t = svg(&c);
    has(t, "<rect x=\"92\" y=\"288\" width=\"150\" height=\"76\" fill=\"#1f78b5\"><title>1 to 1.75: 1</title></rect>");
    has(t, "<rect x=\"545\" y=\"60\" width=\"150\" height=\"304\" fill=\"#1f78b5\"><title>3.25 to 4: 4</title></rect>");
    has(t, ">spend ($B)</text>");
    has(t, ">count</text>");
    free(t);
}

/* Titles and labels from a scenario: markup escaped, control bytes shown. */
static void test_escaping(void **state)
{
    (void)state;
    static const char *const L[] = {"a\x01<b>", "c&d"};
    static const double v[] = {1, 2};
    ChartSeries s = {"x", v, 2};
    Chart c = {.kind = CHART_BARS, .title = "R&D <\"fast\">", .labels = L, .nlabels = 2, .series = &s, .nseries = 1,
               .source = "</svg><script>"};
    char *t = svg(&c);
    has(t, "<title>R&amp;D &lt;&quot;fast&quot;&gt;</title>");
    has(t, ">a\\x01&lt;b&gt;</text>");
    has(t, "<title>c&amp;d: 2</title>");
    has(t, ">&lt;/svg&gt;&lt;script&gt;</text>");
    assert_null(strstr(t, "<script"));
    assert_int_equal(count(t, "</svg>"), 1);
    assert_true(well_formed(t));
    free(t);
}

/* Several series: a legend, tooltips naming the series, a colour each. */
static void test_series_legend(void **state)
{
    (void)state;
    static const char *const Y[] = {"2024", "2025"};
    static const double a[] = {1, 2}, b[] = {3, 4};
    ChartSeries s[2] = {{"domestic", a, 2}, {"imported", b, 2}};
    Chart c = {.kind = CHART_LINES, .labels = Y, .nlabels = 2, .series = s, .nseries = 2};
    char *t = svg(&c);
    has(t, "<title>2025, imported: 4</title>");
    has(t, "stroke=\"#ff800d\"");
    /* "imported", 8 characters of 7.2 px, ends at 696; its swatch 16 px before */
    has(t, "<text x=\"638.4\" y=\"46\" font-size=\"12\" fill=\"#333\">imported</text>");
    has(t, "<rect x=\"622.4\" y=\"36\" width=\"11\" height=\"11\" fill=\"#ff800d\"/>");
    free(t);
}

/* A source line wider than the chart: cut at 102 characters, then "...". */
static void test_source_cut(void **state)
{
    (void)state;
    char src[201], want[120];
    memset(src, 'x', 200);
    src[200] = '\0';
    memset(want + 1, 'x', 102);
    want[0] = '>';
    strcpy(want + 103, "...</text>");
    static const double v[] = {1};
    ChartSeries s = {"x", v, 1};
    Chart c = {.kind = CHART_BARS, .labels = ABC, .nlabels = 1, .series = &s, .nseries = 1, .source = src};
    char *t = svg(&c);
    has(t, want);
    free(t);
}

/* The id prefix on the one id; errors as chart_check says them. */
static void test_prefix_and_errors(void **state)
{
    (void)state;
    static const double v[] = {1};
    ChartSeries s = {"x", v, 1};
    Chart c = {.kind = CHART_BARS, .labels = ABC, .nlabels = 1, .series = &s, .nseries = 1};
    char err[128];
    char *t = chart_svg_plain(&c, "c7-", err, sizeof err);
    assert_non_null(t);
    const char *head = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"c7-chart\" width=\"720\" height=\"450\"";
    assert_true(strncmp(t, head, strlen(head)) == 0);
    assert_int_equal(count(t, "id=\""), 1);
    free(t);
    c.nlabels = 0;
    assert_null(chart_svg_plain(&c, "", err, sizeof err));
    assert_string_equal(err, "a chart needs at least one label");
}

/* What the drawing says as text is the cairo drawing's. */
static void test_same_description(void **state)
{
    (void)state;
    static const char *const Y[] = {"2024", "2025"};
    static const double a[] = {1, 2}, b[] = {3, NAN};
    ChartSeries s[2] = {{"domestic", a, 2}, {"imported", b, 2}};
    Chart c = {.kind = CHART_LINES, .title = "Supply", .unit = "%", .value_label = "share", .x_label = "year",
               .labels = Y, .nlabels = 2, .series = s, .nseries = 2, .source = "model"};
    char err[128];
    char *plain = svg(&c), *cairo = chart_svg(&c, "", err, sizeof err);
    assert_non_null(cairo);
    const char *d = "<title>Supply</title><desc>share (%); year; 2024, 2025; domestic, imported; source: model</desc>";
    has(plain, d);
    has(cairo, d);
    free(plain);
    free(cairo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_points),  cmocka_unit_test(test_line_gap),
        cmocka_unit_test(test_bar_rects),    cmocka_unit_test(test_bar_negative),
        cmocka_unit_test(test_histogram_bins), cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_series_legend), cmocka_unit_test(test_source_cut),
        cmocka_unit_test(test_prefix_and_errors), cmocka_unit_test(test_same_description),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
