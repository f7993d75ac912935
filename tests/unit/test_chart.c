/* test_chart.c: the chart module fed directly (include/chart.h,
 * src/report/chart.c, chart_cairo.c): axis ticks, bins, the Unicode bars,
 * lines and histogram, and the cairo SVG (tags balanced, words in <desc>)
 * and PNG (720 x 450) files of each kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "chart.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assert_close.h"

static const char *const CHIPS[] = {"H100", "H20"};
static const double FP16[] = {989, 148};

static Chart bars(void)
{
    static ChartSeries s[1];
    s[0] = (ChartSeries){"fp16", FP16, 2};
    return (Chart){.kind = CHART_BARS, .title = "Dense FP16", .unit = "TFLOPS", .value_label = "fp16",
                   .labels = CHIPS, .nlabels = 2, .series = s, .nseries = 1, .source = "vendor data sheets"};
}

static const char *const YEARS[] = {"2023", "2024", "2025", "2026"};
static const double SHARE_A[] = {10, 20, 35, 50}, SHARE_B[] = {90, 80, 65, NAN};

static Chart lines(void)
{
    static ChartSeries s[2];
    s[0] = (ChartSeries){"domestic", SHARE_A, 4};
    s[1] = (ChartSeries){"imported", SHARE_B, 4};
    return (Chart){.kind = CHART_LINES, .title = "China's chip supply", .unit = "%", .value_label = "share",
                   .x_label = "year", .labels = YEARS, .nlabels = 4, .series = s, .nseries = 2, .source = "model"};
}

static const double SAMPLES[] = {1, 2, 2, 3, 3, 3, 4, 4, 4, 4};

static Chart histogram(void)
{
    static ChartSeries s[1];
    s[0] = (ChartSeries){"runs", SAMPLES, 10};
    return (Chart){.kind = CHART_HISTOGRAM, .title = "Simulated spend", .unit = "$B", .value_label = "spend",
                   .series = s, .nseries = 1, .bins = 4, .source = "1000 draws"};
}

/* Renders c with chart_text into a malloc'd string. */
static char *text_of(const Chart *c, int width)
{
    char *buf = NULL, err[128];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_true(chart_text(f, c, width, err, sizeof err));
    fclose(f);
    return buf;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static void test_axis(void **state)
{
    (void)state;
    ChartAxis a;
    chart_axis(0, 989, 5, &a); /* 989 / 5 = 198 -> step 200 */
    assert_close(a.step, 200);
    assert_close(a.lo, 0);
    assert_close(a.hi, 1000);
    assert_int_equal(a.nticks, 6);
    chart_axis(-3, 7, 5, &a); /* 10 / 5 = 2 -> step 2, -4 .. 8 */
    assert_close(a.step, 2);
    assert_close(a.lo, -4);
    assert_close(a.hi, 8);
    assert_int_equal(a.nticks, 7);
    chart_axis(5, 5, 5, &a); /* one value: from zero */
    assert_close(a.lo, 0);
    assert_true(a.hi >= 5);
    char buf[32];
    chart_axis(0, 3, 6, &a); /* step 0.5 */
    assert_string_equal(chart_tick_text(&a, 2.5, buf, sizeof buf), "2.5");
    chart_axis(0, 989, 5, &a);
    assert_string_equal(chart_tick_text(&a, 1000, buf, sizeof buf), "1000");
}

static void test_histogram_bins(void **state)
{
    (void)state;
    int counts[CHART_MAX_BINS];
    double lo, hi;
    /* 1..4 in 4 bins of 0.75: 1 | 2 2 | 3 3 3 | 4 4 4 4 (the last bin closed) */
    assert_int_equal(chart_histogram(SAMPLES, 10, 4, &lo, &hi, counts), 4);
    assert_close(lo, 1);
    assert_close(hi, 4);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[1], 2);
    assert_int_equal(counts[2], 3);
    assert_int_equal(counts[3], 4);
    /* Sturges: 1 + ceil(log2 10) = 5 bins */
    assert_int_equal(chart_histogram(SAMPLES, 10, 0, &lo, &hi, counts), 5);
    const double nan_too[] = {NAN, 7, 7};
    assert_int_equal(chart_histogram(nan_too, 3, 4, &lo, &hi, counts), 1);
    assert_int_equal(counts[0], 2);
}

static void test_text_bars(void **state)
{
    (void)state;
    Chart c = bars();
    char *t = text_of(&c, 60);
    /* room = 60 - 4 (label) - 12 = 44 columns for 989; 148 is 6.58 columns: 6 full and 5/8 */
    char want_h100[256] = "H100 ", want_h20[256] = "H20  ";
    for (int i = 0; i < 44; i++) strcat(want_h100, "\u2588");
    strcat(want_h100, " 989\n");
    for (int i = 0; i < 6; i++) strcat(want_h20, "\u2588");
    strcat(want_h20, "\u258B 148\n");
    assert_non_null(strstr(t, want_h100));
    assert_non_null(strstr(t, want_h20));
    assert_non_null(strstr(t, "Dense FP16\n"));
    assert_non_null(strstr(t, "     (TFLOPS)\n"));
    assert_non_null(strstr(t, "source: vendor data sheets\n"));
    free(t);
}

static void test_text_bars_negative(void **state)
{
    (void)state;
    static const char *const L[] = {"a", "b"};
    static const double V[] = {-10, 30};
    ChartSeries s = {"d", V, 2};
    Chart c = {.kind = CHART_BARS, .labels = L, .nlabels = 2, .series = &s, .nseries = 1, .unit = ""};
    char *t = text_of(&c, 52); /* room 52 - 1 - 12 = 39; span 40: 10 columns left of zero, 29.25 right */
    assert_non_null(strstr(t, "a \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2502 -10\n"));
    assert_non_null(strstr(t, "b           \u2502"));
    free(t);
}

static void test_text_lines(void **state)
{
    (void)state;
    Chart c = lines();
    char *t = text_of(&c, 70);
    /* 4 points of the first series, 3 of the second (one NaN) */
    assert_int_equal(count(t, "\u25CF"), 4 + 1); /* and its legend entry */
    assert_int_equal(count(t, "\u25A0"), 3 + 1);
    assert_non_null(strstr(t, "2023"));
    assert_non_null(strstr(t, "2026"));
    assert_non_null(strstr(t, "y: share (%), x: year"));
    assert_true(count(t, "\xE2\xA0") + count(t, "\xE2\xA1") + count(t, "\xE2\xA2") + count(t, "\xE2\xA3") > 10); /* braille */
    free(t);
}

static void test_text_histogram(void **state)
{
    (void)state;
    Chart c = histogram();
    char *t = text_of(&c, 60);
    assert_non_null(strstr(t, "4 \u2502")); /* the largest count labels the top row */
    assert_non_null(strstr(t, "count in 4 bins of 10 samples"));
    /* bin widths (60 - 1 - 2) / 4 = 14 -> 6 columns; the top row: only the last bin is full */
    assert_non_null(strstr(t, "4 \u2502                  \u2588\u2588\u2588\u2588\u2588\u2588\n"));
    free(t);
}

static void test_check_errors(void **state)
{
    (void)state;
    char err[128];
    Chart c = bars();
    c.nlabels = 3;
    assert_false(chart_text(stdout, &c, 60, err, sizeof err));
    assert_string_equal(err, "series 1 has 2 values for 3 labels");
    static const double none[] = {NAN, NAN};
    ChartSeries s = {"x", none, 2};
    c = bars();
    c.series = &s;
    assert_false(chart_check(&c, err, sizeof err));
    assert_string_equal(err, "there is no figure to chart");
    c = bars();
    assert_false(chart_render_file(&c, "chart.gif", NULL, err, sizeof err));
    assert_string_equal(err, "a chart file ends in .svg or .png, not 'chart.gif'");
}

/* The whole file at path, malloc'd. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *s = malloc(*len + 1);
    assert_int_equal(fread(s, 1, *len, f), *len);
    s[*len] = '\0';
    fclose(f);
    return s;
}

/* True when every element of the XML text s is closed in order (declaration
 * and comments skipped): the SVG is well formed as far as tags go. */
static bool tags_balanced(const char *s)
{
    const char *stack[256];
    size_t lens[256];
    int depth = 0, elements = 0;
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
        if (p[1] == '?' || p[1] == '!') continue;
        const char *gt = strchr(p, '>');
        if (!gt) return false;
        bool closing = p[1] == '/', empty = gt[-1] == '/';
        const char *name = p + 1 + closing;
        size_t len = strcspn(name, " \t\n/>");
        if (closing) {
            if (depth == 0 || lens[depth - 1] != len || strncmp(stack[depth - 1], name, len) != 0) return false;
            depth--;
        } else if (!empty) {
            if (depth == 256) return false;
            stack[depth] = name;
            lens[depth++] = len;
        }
        elements++;
    }
    return depth == 0 && elements > 10;
}

static void render_svg(const Chart *c, const char *want_desc)
{
    char path[] = "/tmp/test_chart_XXXXXX.svg", err[128];
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    close(fd);
    assert_true(chart_render_file(c, path, NULL, err, sizeof err));
    size_t len;
    char *s = slurp(path, &len);
    unlink(path);
    assert_true(strncmp(s, "<?xml", 5) == 0);
    assert_non_null(strstr(s, "<svg"));
    assert_non_null(strstr(s, "</svg>"));
    assert_non_null(strstr(s, want_desc));
    assert_true(count(s, "<use") > 20); /* the glyphs of the labels */
    assert_true(tags_balanced(s));
    free(s);
}

static void test_svg_files(void **state)
{
    (void)state;
    Chart b = bars(), l = lines(), h = histogram();
    render_svg(&b, "<title>Dense FP16</title><desc>fp16 (TFLOPS); H100, H20; source: vendor data sheets</desc>");
    render_svg(&l, "<desc>share (%); year; 2023, 2024, 2025, 2026; domestic, imported; source: model</desc>");
    render_svg(&h, "<desc>count; spend ($B); source: 1000 draws</desc>");
}

static void test_png_files(void **state)
{
    (void)state;
    Chart charts[] = {bars(), lines(), histogram()};
    for (int i = 0; i < 3; i++) {
        char path[] = "/tmp/test_chart_XXXXXX.png", err[128];
        int fd = mkstemps(path, 4);
        assert_true(fd >= 0);
        close(fd);
        assert_true(chart_render_file(&charts[i], path, NULL, err, sizeof err));
        size_t len;
        unsigned char *s = (unsigned char *)slurp(path, &len);
        unlink(path);
        assert_true(len > 2000);
        assert_memory_equal(s, "\x89PNG\r\n\x1a\n", 8);
        assert_memory_equal(s + 12, "IHDR", 4);
        unsigned w = (unsigned)s[16] << 24 | s[17] << 16 | s[18] << 8 | s[19];
        unsigned hgt = (unsigned)s[20] << 24 | s[21] << 16 | s[22] << 8 | s[23];
        assert_int_equal(w, CHART_WIDTH);
        assert_int_equal(hgt, CHART_HEIGHT);
        free(s);
    }
}

static void test_svg_ids_prefixed(void **state)
{
    (void)state;
    Chart c = bars();
    char err[128];
    char *s = chart_svg(&c, "c7-", err, sizeof err);
    assert_non_null(s);
    assert_true(strncmp(s, "<svg", 4) == 0); /* no XML declaration inside a page */
    assert_true(tags_balanced(s));
    assert_false(tags_balanced("<svg><g></svg></g>"));
    assert_true(count(s, "id=\"") > 0);
    assert_int_equal(count(s, "id=\""), count(s, "id=\"c7-"));
    assert_int_equal(count(s, "href=\"#"), count(s, "href=\"#c7-"));
    assert_int_equal(count(s, "url(#"), count(s, "url(#c7-"));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_axis),
        cmocka_unit_test(test_histogram_bins),
        cmocka_unit_test(test_text_bars),
        cmocka_unit_test(test_text_bars_negative),
        cmocka_unit_test(test_text_lines),
        cmocka_unit_test(test_text_histogram),
        cmocka_unit_test(test_check_errors),
        cmocka_unit_test(test_svg_files),
        cmocka_unit_test(test_png_files),
        cmocka_unit_test(test_svg_ids_prefixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
