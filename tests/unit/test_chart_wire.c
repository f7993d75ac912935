/* test_chart_wire.c: drawing requests as bytes (chart_wire.h), how the
 * static polsim hands a chart to the chart helper: a round trip keeps
 * every field (NULL strings, NaN and infinite values, the mode and prefix);
 * a request cut at any byte, with one count or mode or kind raised, a
 * string longer than the bytes left, another version, or bytes after its
 * end is refused; and a chart drawn twice in
 * one process gives the same SVG text (cairo numbers surfaces across the
 * process; chart_cairo.c renumbers them per chart). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "chart.h"
#include "chart_wire.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const LABELS[] = {"H100", "H20", "B200"};
static const double A[] = {989, NAN, -2.5}, B[] = {INFINITY, 0.1, 1e-300};

static Chart sample(ChartSeries *s)
{
    s[0] = (ChartSeries){"fp16", A, 3};
    s[1] = (ChartSeries){NULL, B, 3};
    return (Chart){.kind = CHART_LINES, .title = "Supply", .unit = "", .value_label = "fp16", .x_label = NULL,
                   .labels = LABELS, .nlabels = 3, .series = s, .nseries = 2, .bins = 7, .source = "p.pol:1"};
}

static void same_str(const char *a, const char *b)
{
    if (!a || !b) assert_ptr_equal(a, b);
    else assert_string_equal(a, b);
}

static void same_double(double a, double b)
{
    if (isnan(a)) assert_true(isnan(b));
    else assert_memory_equal(&a, &b, sizeof a);
}

static void test_round_trip(void **state)
{
    (void)state;
    ChartSeries s[2];
    Chart c = sample(s);
    for (int mode = CHART_WIRE_SVG; mode <= CHART_WIRE_PNG; mode++) {
        size_t len;
        unsigned char *req = chart_wire_encode(&c, (ChartWireMode)mode, mode ? NULL : "c7-", &len);
        ChartRequest r;
        char err[128] = "";
        assert_true(chart_wire_decode(req, len, &r, err, sizeof err));
        free(req);
        assert_int_equal(r.mode, mode);
        same_str(r.id_prefix, mode ? NULL : "c7-");
        const Chart *d = &r.chart;
        assert_int_equal(d->kind, CHART_LINES);
        assert_int_equal(d->bins, 7);
        same_str(d->title, "Supply");
        same_str(d->unit, "");
        same_str(d->value_label, "fp16");
        same_str(d->x_label, NULL);
        same_str(d->source, "p.pol:1");
        assert_int_equal(d->nlabels, 3);
        for (int i = 0; i < 3; i++) same_str(d->labels[i], LABELS[i]);
        assert_int_equal(d->nseries, 2);
        same_str(d->series[0].name, "fp16");
        same_str(d->series[1].name, NULL);
        for (int k = 0; k < 2; k++) {
            assert_int_equal(d->series[k].n, 3);
            for (int i = 0; i < 3; i++) same_double(d->series[k].values[i], s[k].values[i]);
        }
        chart_wire_free(&r);
    }
}

/* Refused with err, and nothing left to free (the sanitizers' leak check sees it). */
static void refused(const unsigned char *p, size_t len)
{
    ChartRequest r;
    char err[128] = "";
    assert_false(chart_wire_decode(p, len, &r, err, sizeof err));
    assert_true(err[0] != '\0');
}

static void put_u32_at(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static void test_damaged(void **state)
{
    (void)state;
    ChartSeries s[2];
    Chart c = sample(s);
    size_t len;
    unsigned char *req = chart_wire_encode(&c, CHART_WIRE_SVG, "p-", &len);
    for (size_t cut = 0; cut < len; cut++) refused(req, cut); /* every prefix */
    unsigned char *more = malloc(len + 1);
    memcpy(more, req, len);
    more[len] = 0;
    refused(more, len + 1); /* a byte after the end */
    free(more);
    unsigned char *bad = malloc(len);
    memcpy(bad, req, len);
    bad[3] = 'X'; /* magic "PCHX" */
    refused(bad, len);
    /* u32 fields raised past their range: version, mode, then kind (after the prefix "p-": 4 + 2 bytes) */
    static const struct { size_t at; uint32_t v; } edits[] = {{4, 2}, {8, 2}, {18, 3}};
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        memcpy(bad, req, len);
        put_u32_at(bad + edits[i].at, edits[i].v);
        refused(bad, len);
    }
    free(bad);
    free(req);
    /* a string longer than the bytes left: the empty source line (the last
     * string, after magic, version, mode, prefix NULL, kind, bins and four
     * NULL texts: 10 words) claims 0x7fffffff bytes; what follows it would
     * read as the rest of the request */
    Chart bare = {.kind = CHART_BARS, .labels = LABELS, .nlabels = 1, .series = s, .nseries = 1, .source = ""};
    req = chart_wire_encode(&bare, CHART_WIRE_SVG, NULL, &len);
    ChartRequest ok;
    char err[128];
    assert_true(chart_wire_decode(req, len, &ok, err, sizeof err));
    chart_wire_free(&ok);
    assert_memory_equal(req + 40, "\0\0\0\0", 4); /* the source's length, 0 */
    put_u32_at(req + 40, 0x7fffffff);
    refused(req, len);
    free(req);
    /* a count far past the bytes left */
    Chart one = c;
    one.nlabels = 0;
    one.nseries = 1;
    ChartSeries empty = {"x", A, 0};
    one.series = &empty;
    req = chart_wire_encode(&one, CHART_WIRE_PNG, NULL, &len);
    put_u32_at(req + len - 4, 0x7fffffff); /* the series' n */
    refused(req, len);
    free(req);
}

/* The same chart drawn twice in a process gives the same SVG: its surface ids count from 1. */
static void test_surface_ids(void **state)
{
    (void)state;
    ChartSeries s[2];
    Chart c = sample(s);
    char err[256] = "";
    char *first = chart_svg(&c, "a-", err, sizeof err);
    if (!first) print_error("chart_svg: %s\n", err);
    assert_non_null(first);
    char *second = chart_svg(&c, "a-", err, sizeof err);
    assert_non_null(second);
    assert_string_equal(first, second);
    assert_non_null(strstr(first, "id=\"a-surface1\""));
    free(first);
    free(second);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_surface_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
