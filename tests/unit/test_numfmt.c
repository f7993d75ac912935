/* test_numfmt.c: fmt_g gives snprintf's "%.*g" byte for byte (include/numfmt.h),
 * and takes its own path (not snprintf's) for the usual figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "numfmt.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static uint64_t next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Fails with the value and precision where fmt_g and snprintf differ. */
static void same(double x, int prec)
{
    char want[64], got[FMT_G_SIZE];
    snprintf(want, sizeof want, "%.*g", prec, x);
    size_t n = fmt_g(x, prec, got);
    if (strcmp(want, got) != 0 || n != strlen(want)) fail_msg("%.17g at %d: snprintf %s, fmt_g %s", x, prec, want, got);
}

/* Boundaries by hand: carries into a new digit, exact ties (half to even on
 * the binary value), where %g switches to exponents, zeros and signs. */
static void hand_picked_boundaries(void **state)
{
    (void)state;
    static const double X[] = {0, -0.0, 1, -1, 9.9995, 9.9996, 9.99949, 99999.5, 0.125, 0.375, 2.5, 3.5, 1e-4, 9.99999e-5,
                               1e-5, 1e15, 1e16, 999999999999999.0, 1e15 - 0.5, 123456789012345678.0, 0.1, 0.2, 0.3,
                               1e21, 1e-21, 5e-324, 1.7976931348623157e308, 800e9, 8.80665156e+20, 1.4e12, 4800,
                               0.5, 1.5, 1e22, 1e23, 1e28, 1e-13, 1e-14, 12345.5, 1234.5, 0.00012345, 65536.5};
    static const int P[] = {1, 2, 3, 4, 6, 9, 15, 17};
    for (size_t i = 0; i < sizeof X / sizeof X[0]; i++)
        for (size_t j = 0; j < sizeof P / sizeof P[0]; j++) same(X[i], P[j]), same(-X[i], P[j]);
    char b[FMT_G_SIZE];
    fmt_g(NAN, 4, b);
    assert_string_equal(b, "nan");
    fmt_g(-INFINITY, 15, b);
    assert_string_equal(b, "-inf");
}

/* 400,000 random doubles a precision: every bit pattern of the usual
 * magnitudes, decimal-looking values (n / 10^k) and values a hair from a tie. */
static void random_doubles_match_snprintf(void **state)
{
    (void)state;
    uint64_t s = 12345;
    static const int P[] = {4, 15, 17, 3};
    for (size_t j = 0; j < sizeof P / sizeof P[0]; j++)
        for (int i = 0; i < 100000; i++) {
            uint64_t r = next(&s);
            double x;
            memcpy(&x, &r, sizeof x);
            if (isfinite(x)) same(x, P[j]);
            same((double)(int64_t)(next(&s) % 2000000001u - 1000000000) / pow(10, (double)(next(&s) % 20)), P[j]);
            same(ldexp((double)(next(&s) >> 11), (int)(next(&s) % 200) - 100), P[j]);
            double t = (double)(next(&s) % 100000) + 0.5; /* ties at the digit after the point, and their neighbours */
            same(t, 5), same(nextafter(t, 0), 5), same(nextafter(t, 1e9), 5);
        }
}

/* The usual figures (a sweep's values and labels) do not go to snprintf:
 * of 100,000 decimal-looking values at 4 and 15 digits, under 1% do. */
static void usual_figures_take_the_fast_path(void **state)
{
    (void)state;
    uint64_t s = 99;
    char b[FMT_G_SIZE];
    size_t before = fmt_g_slow();
    for (int i = 0; i < 100000; i++) {
        double x = (double)(next(&s) % 100000000) / pow(10, (double)(next(&s) % 12)) * 1e9;
        fmt_g(x, i % 2 ? 4 : 15, b);
    }
    assert_true(fmt_g_slow() - before < 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_picked_boundaries),
        cmocka_unit_test(random_doubles_match_snprintf),
        cmocka_unit_test(usual_figures_take_the_fast_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
