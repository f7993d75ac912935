/* test_rng.c: the counter-based generator and the normal quantile (include/rng.h),
 * and the arena's mark and reset (include/arena.h) that studies use per point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arena.h"
#include "rng.h"
#include "value.h"
#include <math.h>

/* A draw depends on (seed, run, figure) only, and each key changes it. */
static void draws_are_pure_functions_of_their_keys(void **state)
{
    (void)state;
    double a = rng_uniform(7, 500, 42);
    for (int i = 0; i < 1000; i++) (void)rng_uniform(7, (uint64_t)i, 42); /* other runs in between */
    assert_true(rng_uniform(7, 500, 42) == a);
    assert_true(rng_uniform(8, 500, 42) != a);
    assert_true(rng_uniform(7, 501, 42) != a);
    assert_true(rng_uniform(7, 500, 43) != a);
    assert_true(rng_figure("x", 3) == rng_figure("x", 3));
    assert_true(rng_figure("x", 3) != rng_figure("x", 4));
    assert_true(rng_figure("x", 3) != rng_figure("y", 3));
}

/* 100,000 draws lie in (0, 1) with mean 1/2 and variance 1/12 (within 1%). */
static void draws_are_uniform(void **state)
{
    (void)state;
    double sum = 0, ss = 0;
    const int n = 100000;
    for (int i = 0; i < n; i++) {
        double u = rng_uniform(1, (uint64_t)i, 99);
        assert_true(u > 0 && u < 1);
        sum += u;
        ss += u * u;
    }
    double mean = sum / n, var = ss / n - mean * mean;
    assert_true(fabs(mean - 0.5) < 0.005);
    assert_true(fabs(var - 1.0 / 12) < 1.0 / 1200);
}

/* Known quantiles of the standard normal, and the cdf undoing the quantile. */
static void normal_quantile_is_accurate(void **state)
{
    (void)state;
    assert_true(fabs(rng_normal_quantile(0.975) - 1.959963984540054) < 1e-12);
    assert_true(fabs(rng_normal_quantile(0.95) - 1.6448536269514722) < 1e-12);
    assert_true(rng_normal_quantile(0.5) == 0 || fabs(rng_normal_quantile(0.5)) < 1e-15);
    assert_true(fabs(rng_normal_quantile(1e-10) + 6.361340902404056) < 1e-9);
    for (double p = 0.001; p < 1; p += 0.0917) assert_true(fabs(rng_normal_cdf(rng_normal_quantile(p)) - p) < 1e-13);
    assert_true(isinf(rng_normal_quantile(0)) && isinf(rng_normal_quantile(1)));
}

/* A summary's quantiles interpolate between order statistics. */
static void summary_quantiles(void **state)
{
    (void)state;
    double v[] = {1, 2, 3, 4, 5};
    Summary s = {5, v, 3, 1.58, {{0}}, false};
    assert_true(summary_quantile(&s, 0) == 1 && summary_quantile(&s, 1) == 5);
    assert_true(summary_quantile(&s, 0.5) == 3);
    assert_true(fabs(summary_quantile(&s, 0.05) - 1.2) < 1e-12);
}

/* A reset frees what came after the mark and hands its bytes out again. */
static void arena_reset_rewinds(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    (void)arena_alloc(&a, 100);
    size_t used = arena_used(&a);
    ArenaMark m = arena_mark(&a);
    for (int i = 0; i < 1000; i++) (void)arena_alloc(&a, 1000); /* several new blocks */
    assert_true(arena_used(&a) > used + 900000);
    arena_reset(&a, m);
    assert_true(arena_used(&a) == used);
    char *p = arena_alloc(&a, 16);
    assert_true(p != NULL && p[0] == 0);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(draws_are_pure_functions_of_their_keys),
        cmocka_unit_test(draws_are_uniform),
        cmocka_unit_test(normal_quantile_is_accurate),
        cmocka_unit_test(summary_quantiles),
        cmocka_unit_test(arena_reset_rewinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
