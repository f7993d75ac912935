/* test_units.c: unit words, dimension arithmetic and quantity printing
 * (include/units.h, src/lang/units.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "units.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assert_close.h"

static void assert_dim(Dim got, Dim want)
{
    for (int i = 0; i < DIM_COUNT; i++) {
        if (got.e[i] != want.e[i]) {
            print_error("dimension differs at exponent %d: got {%d,%d,%d,%d,%d,%d}, expected {%d,%d,%d,%d,%d,%d}\n", i,
                        got.e[0], got.e[1], got.e[2], got.e[3], got.e[4], got.e[5], want.e[0], want.e[1],
                        want.e[2], want.e[3], want.e[4], want.e[5]);
            fail();
        }
    }
}

static Dim mkdim(int op, int b, int t, int en, int m, int l)
{
    return (Dim){{(int8_t)op, (int8_t)b, (int8_t)t, (int8_t)en, (int8_t)m, (int8_t)l}};
}

/* Looks up a NUL-terminated word; fails the test if it is unknown. */
static void lookup_ok(const char *w, double want_scale, Dim want_dim)
{
    double scale = -1;
    Dim dim = mkdim(9, 9, 9, 9, 9, 9);
    if (!unit_lookup(w, strlen(w), &scale, &dim)) {
        print_error("unit_lookup(\"%s\") failed\n", w);
        fail();
    }
    assert_close(scale, want_scale);
    assert_dim(dim, want_dim);
}

static void lookup_fails(const char *w)
{
    double scale = 0;
    Dim dim = DIM_NONE;
    if (unit_lookup(w, strlen(w), &scale, &dim)) {
        print_error("unit_lookup(\"%s\") unexpectedly succeeded (scale %g)\n", w, scale);
        fail();
    }
}

static const char *fmt(double v, Dim d)
{
    static char buf[128];
    memset(buf, 'X', sizeof buf);
    return quantity_format((Quantity){.v = v, .dim = d}, buf, sizeof buf);
}

static const char *fmt_pct(double v)
{
    static char buf[128];
    return quantity_format((Quantity){.v = v, .dim = DIM_NONE, .percent = true}, buf, sizeof buf);
}

static const char *numfmt(double v)
{
    static char buf[128];
    return number_format(v, buf, sizeof buf);
}

/* ---- unit_lookup ---- */

static void lookup_data_rate_tb_per_s(void **state)
{
    (void)state;
    lookup_ok("TB/s", 1e12, DIM_RATE);
    assert_dim(DIM_RATE, mkdim(0, 1, -1, 0, 0, 0));
}

static void lookup_compound_gb_per_s(void **state)
{
    (void)state;
    lookup_ok("GB/s", 1e9, DIM_RATE);
    lookup_ok("MB/s", 1e6, DIM_RATE);
    /* A compound of two arbitrary known units: $ per ... is not a word, but
     * energy over time is power. */
    lookup_ok("kWh/h", 1e3, DIM_POWER);
}

static void lookup_energy_kwh(void **state)
{
    (void)state;
    lookup_ok("kWh", 3.6e6, DIM_ENERGY_);
    lookup_ok("Wh", 3600, DIM_ENERGY_);
    lookup_ok("MJ", 1e6, DIM_ENERGY_);
}

static void lookup_compute_prefixes(void **state)
{
    (void)state;
    lookup_ok("PFLOPS", 1e15, DIM_COMPUTE);
    lookup_ok("EFLOPS", 1e18, DIM_COMPUTE);
    lookup_ok("TFLOPS", 1e12, DIM_COMPUTE);
    lookup_ok("TOPS", 1e12, DIM_COMPUTE);
    assert_dim(DIM_COMPUTE, mkdim(1, 0, -1, 0, 0, 0));
}

static void lookup_area_money_time_counts(void **state)
{
    (void)state;
    lookup_ok("mm2", 1e-6, DIM_AREA);
    lookup_ok("USD", 1, DIM_MONEY_);
    lookup_ok("yr", 365 * 86400.0, DIM_TIME_);
    lookup_ok("h", 3600, DIM_TIME_);
    lookup_ok("days", 86400, DIM_TIME_);
    lookup_ok("units", 1, DIM_NONE);
    lookup_ok("chips", 1, DIM_NONE);
    lookup_ok("kW", 1e3, DIM_POWER);
}

static void lookup_unknown_words_fail(void **state)
{
    (void)state;
    lookup_fails("GBy");
    lookup_fails("tb/s"); /* unit words are case-sensitive */
    lookup_fails("TB/");
    lookup_fails("/s");
    lookup_fails("TB/GBy");
    lookup_fails("GBy/s");
    lookup_fails("gib");
    lookup_fails("pf");
    lookup_fails("");
    lookup_fails("TB/s/s");
}

static void lookup_respects_length(void **state)
{
    (void)state;
    double scale = 0;
    Dim dim = DIM_NONE;
    /* Only the first len bytes count: "TB/s" cut to "TB", "kWh" cut to "kW". */
    assert_true(unit_lookup("TB/s", 2, &scale, &dim));
    assert_close(scale, 1e12);
    assert_dim(dim, DIM_DATA);
    assert_true(unit_lookup("kWh", 2, &scale, &dim));
    assert_close(scale, 1e3);
    assert_dim(dim, DIM_POWER);
    assert_false(unit_lookup("kWh", 1, &scale, &dim)); /* "k" alone is no unit */
}

/* ---- dimensions ---- */

static void dim_div_pflops_per_kw_is_perf_per_watt(void **state)
{
    (void)state;
    double sp = 0, sk = 0;
    Dim dp, dk;
    assert_true(unit_lookup("PFLOPS", 6, &sp, &dp));
    assert_true(unit_lookup("kW", 2, &sk, &dk));
    Dim ppw = dim_div(dp, dk);
    assert_dim(ppw, mkdim(1, 0, 0, -1, 0, 0)); /* operations per joule */
    char buf[64];
    assert_string_equal(dim_name(ppw, buf, sizeof buf), "performance per watt");
    /* 1 PFLOPS / 1 kW = 1e12 FLOPS/W */
    assert_string_equal(fmt(sp / sk, ppw), "1 TFLOPS/W");
}

static void dim_mul_div_algebra(void **state)
{
    (void)state;
    assert_dim(dim_mul(DIM_RATE, DIM_TIME_), DIM_DATA);
    assert_dim(dim_div(DIM_ENERGY_, DIM_TIME_), DIM_POWER);
    assert_dim(dim_mul(DIM_POWER, DIM_TIME_), DIM_ENERGY_);
    assert_dim(dim_div(DIM_RATE, DIM_RATE), DIM_NONE);
    assert_dim(dim_div(DIM_NONE, DIM_TIME_), mkdim(0, 0, -1, 0, 0, 0));
    assert_dim(dim_mul(DIM_AREA, DIM_AREA), mkdim(0, 0, 0, 0, 0, 4));
    assert_true(dim_is_none(dim_div(DIM_MONEY_, DIM_MONEY_)));
    assert_false(dim_is_none(DIM_MONEY_));
    assert_true(dim_eq(dim_div(DIM_DATA, DIM_TIME_), DIM_RATE));
    assert_false(dim_eq(DIM_RATE, DIM_COMPUTE));
}

static void dim_names_and_examples(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(dim_name(DIM_RATE, buf, sizeof buf), "data rate");
    assert_string_equal(dim_name(DIM_POWER, buf, sizeof buf), "power");
    assert_string_equal(dim_name(DIM_COMPUTE, buf, sizeof buf), "compute");
    assert_string_equal(dim_name(DIM_MONEY_, buf, sizeof buf), "money");
    assert_string_equal(dim_name(DIM_ENERGY_, buf, sizeof buf), "energy");
    assert_string_equal(dim_name(DIM_NONE, buf, sizeof buf), "plain number");
    assert_string_equal(dim_name(dim_div(DIM_MONEY_, DIM_ENERGY_), buf, sizeof buf), "energy price");
    assert_string_equal(dim_example_unit(DIM_RATE), "TB/s");
    assert_string_equal(dim_example_unit(DIM_ENERGY_), "kWh");
}

static void dim_name_of_unnamed_dimension(void **state)
{
    (void)state;
    char buf[64];
    Dim b2 = dim_mul(DIM_DATA, DIM_DATA);
    const char *n = dim_name(b2, buf, sizeof buf);
    assert_ptr_equal(n, buf); /* written into the caller's buffer */
    assert_string_equal(n, "quantity in B^2");
    assert_string_equal(fmt(2, b2), "2 B^2");
}

/* ---- quantity_format ---- */

static void format_data_rate(void **state)
{
    (void)state;
    assert_string_equal(fmt(1.4e12, DIM_RATE), "1.4 TB/s");
    assert_string_equal(fmt(3.35e12, DIM_RATE), "3.35 TB/s");
    assert_string_equal(fmt(2e15, DIM_RATE), "2 PB/s");
    assert_string_equal(fmt(900e9, DIM_RATE), "900 GB/s");
    assert_string_equal(fmt(-1.4e12, DIM_RATE), "-1.4 TB/s");
    assert_string_equal(fmt(80e9, DIM_DATA), "80 GB");
}

static void format_compute(void **state)
{
    (void)state;
    assert_string_equal(fmt(300e15, DIM_COMPUTE), "300 PFLOPS");
    assert_string_equal(fmt(1.2e18, DIM_COMPUTE), "1.2 EFLOPS");
    assert_string_equal(fmt(989e12, DIM_COMPUTE), "989 TFLOPS");
    assert_string_equal(fmt(1e12, DIM_COMPUTE), "1 TFLOPS");
}

static void format_power_and_energy(void **state)
{
    (void)state;
    assert_string_equal(fmt(559e3, DIM_POWER), "559 kW");
    assert_string_equal(fmt(700, DIM_POWER), "700 W");
    assert_string_equal(fmt(1.5e6, DIM_POWER), "1.5 MW");
    assert_string_equal(fmt(3.6e6, DIM_ENERGY_), "1 kWh");
    assert_string_equal(fmt(3.6e9 * 2.5, DIM_ENERGY_), "2.5 MWh");
}

static void format_money(void **state)
{
    (void)state;
    assert_string_equal(fmt(8.2e6, DIM_MONEY_), "$8.2M");
    assert_string_equal(fmt(12e3, DIM_MONEY_), "$12k");
    assert_string_equal(fmt(4.6e9, DIM_MONEY_), "$4.6B");
    assert_string_equal(fmt(1.1e12, DIM_MONEY_), "$1.1T");
    assert_string_equal(fmt(250, DIM_MONEY_), "$250");
    assert_string_equal(fmt(0, DIM_MONEY_), "$0");
    assert_string_equal(fmt(-8.2e6, DIM_MONEY_), "-$8.2M");
}

static void format_percent(void **state)
{
    (void)state;
    assert_string_equal(fmt_pct(0.15), "15%");
    assert_string_equal(fmt_pct(0.125), "12.5%");
    assert_string_equal(fmt_pct(1), "100%");
    assert_string_equal(fmt_pct(0), "0%");
    /* Without the display hint the same value is a plain fraction. */
    assert_string_equal(fmt(0.15, DIM_NONE), "0.15");
}

static void format_time(void **state)
{
    (void)state;
    assert_string_equal(fmt(4 * 365 * 86400.0, DIM_TIME_), "4 yr");
    assert_string_equal(fmt(1.5 * 365 * 86400.0, DIM_TIME_), "1.5 yr");
    assert_string_equal(fmt(86400, DIM_TIME_), "1 day");
    assert_string_equal(fmt(7200, DIM_TIME_), "2 h");
    assert_string_equal(fmt(30, DIM_TIME_), "30 s");
    assert_string_equal(fmt(0, DIM_TIME_), "0 s");
}

static void format_money_per_x(void **state)
{
    (void)state;
    assert_string_equal(fmt(0.08 / 3.6e6, dim_div(DIM_MONEY_, DIM_ENERGY_)), "$0.08/kWh");
    assert_string_equal(fmt(1.2e6 / (365 * 86400.0), dim_div(DIM_MONEY_, DIM_TIME_)), "$1.2M/yr");
    assert_string_equal(fmt(30000 / 1e15, dim_div(DIM_MONEY_, DIM_COMPUTE)), "$30k/PFLOPS");
    assert_string_equal(fmt(814e-6, DIM_AREA), "814 mm2");
}

static void format_plain_numbers(void **state)
{
    (void)state;
    assert_string_equal(fmt(15832, DIM_NONE), "15,832");
    assert_string_equal(fmt(2.90909, DIM_NONE), "2.909");
    assert_string_equal(fmt(-3, DIM_NONE), "-3");
}

/* Counts of five digits or more get thousands separators in text; four-digit
 * numbers (years, TPP 4800) do not; number_format itself stays plain. */
static void format_grouped_counts(void **state)
{
    (void)state;
    assert_string_equal(fmt(1000000, DIM_NONE), "1,000,000");
    assert_string_equal(fmt(383333.3333333, DIM_NONE), "383,333.333");
    assert_string_equal(fmt(-25000, DIM_NONE), "-25,000");
    assert_string_equal(fmt(4800, DIM_NONE), "4800");
    assert_string_equal(fmt(2025, DIM_NONE), "2025");
    assert_string_equal(fmt(10000, DIM_NONE), "10,000");
    char buf[64];
    assert_string_equal(number_format(1000000, buf, sizeof buf), "1000000");
    assert_string_equal(number_format_grouped(123456789, buf, sizeof buf), "123,456,789");
    assert_string_equal(number_format_grouped(2e20, buf, sizeof buf), "2e+20"); /* exponent form: left alone */
}

/* Display hints: percentage points for a difference of shares, OPS for integer precisions. */
static void format_points_and_ops(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(quantity_format((Quantity){.v = -0.4243, .dim = DIM_NONE, .percent = true, .points = true}, buf,
                                        sizeof buf), "-42.43 pp");
    assert_string_equal(quantity_format((Quantity){.v = 0.15, .dim = DIM_NONE, .percent = true}, buf, sizeof buf), "15%");
    assert_string_equal(quantity_format((Quantity){.v = 296e12, .dim = DIM_COMPUTE, .ops = true}, buf, sizeof buf),
                        "296 TOPS");
    assert_string_equal(quantity_format((Quantity){.v = 1.979e15, .dim = DIM_COMPUTE, .ops = true}, buf, sizeof buf),
                        "1.979 POPS");
    assert_string_equal(quantity_format((Quantity){.v = 296e12, .dim = DIM_COMPUTE}, buf, sizeof buf), "296 TFLOPS");
}

/* PF and EF are FLOPS shorthand; bits are an eighth of a byte; KiB..PiB are powers of 1024. */
static void lookup_shorthand_bits_binary(void **state)
{
    (void)state;
    lookup_ok("PF", 1e15, DIM_COMPUTE);
    lookup_ok("EF", 1e18, DIM_COMPUTE);
    lookup_ok("GiB", 1073741824.0, DIM_DATA);
    lookup_ok("TiB", 1099511627776.0, DIM_DATA);
    lookup_ok("KiB", 1024, DIM_DATA);
    lookup_ok("Gb/s", 1.25e8, DIM_RATE);
    lookup_ok("Tbps", 1.25e11, DIM_RATE);
    lookup_ok("Gbps", 1.25e8, DIM_RATE);
    lookup_ok("b", 0.125, DIM_DATA);
    lookup_ok("PF/kW", 1e12, dim_div(DIM_COMPUTE, DIM_POWER));
    /* 8,192 x 144 GiB / 1024 is 1,152 TiB */
    double gib, tib;
    Dim d;
    assert_true(unit_lookup("GiB", 3, &gib, &d));
    assert_true(unit_lookup("TiB", 3, &tib, &d));
    assert_true(fabs(8192 * 144 * gib / tib - 1152) < 1e-9);
}

static void format_truncates_to_buffer(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'X', sizeof buf);
    char *r = quantity_format((Quantity){.v = 1.4e12, .dim = DIM_RATE}, buf, 4);
    assert_ptr_equal(r, buf);
    assert_string_equal(buf, "1.4"); /* n includes the NUL */
    assert_int_equal(buf[4], 'X');   /* nothing written past n */
}

/* Regression: the prefix is chosen after rounding to 4 significant digits,
 * so a value just under a prefix step moves up to the next prefix ("1 PB/s",
 * not "1000 TB/s"), while one that rounds below the step keeps its prefix. */
static void format_rounding_carries_into_next_prefix(void **state)
{
    (void)state;
    static const struct { double v; const Dim *d; const char *want; } cases[] = {
        {999.96e12, &DIM_RATE, "1 PB/s"},
        {999.94e12, &DIM_RATE, "999.9 TB/s"},
        {999990, &DIM_MONEY_, "$1M"},
        {999940, &DIM_MONEY_, "$999.9k"},
        {-999990, &DIM_MONEY_, "-$1M"},
        {999.99e15, &DIM_COMPUTE, "1 EFLOPS"},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = fmt(cases[i].v, *cases[i].d);
        if (strcmp(got, cases[i].want) != 0) {
            print_error("quantity_format(%.17g) = \"%s\", expected \"%s\"\n", cases[i].v, got, cases[i].want);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* The energy units' scales exactly, in joules (a watt-hour is 3600 J), and
 * a price per area named and printed as one. */
static void energy_scales_exact(void **state)
{
    (void)state;
    static const struct { const char *w; double joules; } E[] = {
        {"J", 1}, {"kJ", 1e3}, {"MJ", 1e6}, {"GJ", 1e9}, {"Wh", 3600},
        {"kWh", 3.6e6}, {"MWh", 3.6e9}, {"GWh", 3.6e12}, {"TWh", 3.6e15},
    };
    for (size_t i = 0; i < sizeof E / sizeof E[0]; i++) {
        double scale = 0;
        Dim d;
        assert_true(unit_lookup(E[i].w, strlen(E[i].w), &scale, &d));
        if (scale != E[i].joules) fail_msg("%s is %.17g J, expected %.17g", E[i].w, scale, E[i].joules);
        assert_dim(d, DIM_ENERGY_);
    }
    Dim per_area = mkdim(0, 0, 0, 0, 1, -2); /* $ / m^2; $1/mm2 = $1e6/m^2 */
    char buf[64];
    assert_string_equal(dim_name(per_area, buf, sizeof buf), "price per area");
    assert_string_equal(fmt(1e6, per_area), "$1/mm2");
    assert_string_equal(fmt(2.5e6, per_area), "$2.5/mm2");
    /* the scale is exactly 1e6 $/m^2 a $/mm2: 1.00050001 rounds up to 1.001
     * (a scale off by one part in a million would print 1.000499 as 1) */
    assert_string_equal(fmt(1.00050001e6, per_area), "$1.001/mm2");
}

/* ---- number_format ---- */

static void number_format_cases(void **state)
{
    (void)state;
    assert_string_equal(numfmt(15832), "15832");
    assert_string_equal(numfmt(2.90909), "2.909");
    assert_string_equal(numfmt(0.15), "0.15");
    assert_string_equal(numfmt(0.1 + 0.2), "0.3");
    assert_string_equal(numfmt(123456.789), "123456.789");
    assert_string_equal(numfmt(-2.5), "-2.5");
    assert_string_equal(numfmt(-0.0), "0"); /* no "-0" */
    assert_string_equal(numfmt(1e14), "100000000000000");
    assert_string_equal(numfmt(1e15), "1e+15");
    assert_string_equal(numfmt(NAN), "nan");
    assert_string_equal(numfmt(INFINITY), "inf");
    assert_string_equal(numfmt(-INFINITY), "-inf");
}

/* ---- quantity_close, quantity_plain ---- */

static void quantity_close_relative(void **state)
{
    (void)state;
    assert_true(quantity_close(1.0, 1.0));
    assert_true(quantity_close(0.0, 0.0));
    assert_true(quantity_close(1.0, 1.0 + 1e-10));
    assert_false(quantity_close(1.0, 1.0 + 1e-8));
    assert_true(quantity_close(1.4e12, 1.4e12 + 100)); /* relative: 7e-11 */
    assert_false(quantity_close(1.4e12, 1.4e12 + 1e4));
    assert_true(quantity_close(-5.0, -5.0 * (1 + 1e-10)));
    assert_false(quantity_close(1.0, -1.0));
    assert_false(quantity_close(0.0, 1e-300)); /* no absolute slack */
    assert_true(quantity_close(0.1 + 0.2, 0.3));
}

static void quantity_plain_is_dimensionless(void **state)
{
    (void)state;
    Quantity q = quantity_plain(42.5);
    assert_close(q.v, 42.5);
    assert_true(dim_is_none(q.dim));
    assert_false(q.percent);
}

/* ---- unit_suggest ---- */

static void unit_suggest_nearest(void **state)
{
    (void)state;
    const char *s = unit_suggest("GBy");
    assert_non_null(s);
    assert_string_equal(s, "GB");
    s = unit_suggest("TFLOP");
    assert_non_null(s);
    assert_string_equal(s, "TFLOPS");
    s = unit_suggest("TB/S");
    assert_non_null(s);
    assert_string_equal(s, "TB/s");
    assert_null(unit_suggest("parsecs"));
    assert_null(unit_suggest("xyzzy"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lookup_data_rate_tb_per_s),
        cmocka_unit_test(lookup_compound_gb_per_s),
        cmocka_unit_test(lookup_energy_kwh),
        cmocka_unit_test(lookup_compute_prefixes),
        cmocka_unit_test(lookup_area_money_time_counts),
        cmocka_unit_test(lookup_unknown_words_fail),
        cmocka_unit_test(lookup_respects_length),
        cmocka_unit_test(dim_div_pflops_per_kw_is_perf_per_watt),
        cmocka_unit_test(dim_mul_div_algebra),
        cmocka_unit_test(dim_names_and_examples),
        cmocka_unit_test(dim_name_of_unnamed_dimension),
        cmocka_unit_test(format_data_rate),
        cmocka_unit_test(format_compute),
        cmocka_unit_test(format_power_and_energy),
        cmocka_unit_test(format_money),
        cmocka_unit_test(format_percent),
        cmocka_unit_test(format_time),
        cmocka_unit_test(format_money_per_x),
        cmocka_unit_test(format_plain_numbers),
        cmocka_unit_test(format_grouped_counts),
        cmocka_unit_test(format_points_and_ops),
        cmocka_unit_test(lookup_shorthand_bits_binary),
        cmocka_unit_test(format_truncates_to_buffer),
        cmocka_unit_test(format_rounding_carries_into_next_prefix),
        cmocka_unit_test(energy_scales_exact),
        cmocka_unit_test(number_format_cases),
        cmocka_unit_test(quantity_close_relative),
        cmocka_unit_test(quantity_plain_is_dimensionless),
        cmocka_unit_test(unit_suggest_nearest),
    };
    return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
