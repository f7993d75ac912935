/* test_bisect.c: the numbers behind solve, headroom and classify's margins
 * (include/bisect.h, src/support/bisect.c), on conditions whose answers are
 * worked out by hand. Also the unknown value (value.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "bisect.h"
#include "value.h"
#include <math.h>
#include <string.h>

typedef struct Step {
    double at;     /* the condition changes here */
    bool below;    /* true below `at` (x < at), else true from `at` up (x >= at) */
    int calls;
} Step;

static int step_fn(void *ctx, double x)
{
    Step *s = ctx;
    s->calls++;
    return s->below ? x < s->at : x >= s->at;
}

/* A band: true only on [lo, hi). */
typedef struct Band {
    double lo, hi;
} Band;

static int band_fn(void *ctx, double x)
{
    Band *b = ctx;
    return x >= b->lo && x < b->hi;
}

/* largest x in [0, 10000] with x < 2400: 2400 (the H20's TPP line), to 1e-12 relative. */
static void largest_below_a_line(void **state)
{
    (void)state;
    Step s = {.at = 2400, .below = true};
    SolveResult r = bisect_bound(step_fn, &s, 0, 10000, true);
    assert_int_equal(r.status, SOLVE_OK);
    assert_true(r.x < 2400);
    assert_true(2400 - r.x <= 10000 * 1e-12 * 2);
    assert_true(s.calls <= BISECT_SAMPLES + BISECT_MAX_STEPS);
}

/* smallest x in [0, 1e13] with x >= 1.4e12 (1.4 TB/s in B/s): the first x that holds. */
static void smallest_from_a_line(void **state)
{
    (void)state;
    Step s = {.at = 1.4e12, .below = false};
    SolveResult r = bisect_bound(step_fn, &s, 0, 1e13, false);
    assert_int_equal(r.status, SOLVE_OK);
    assert_true(r.x >= 1.4e12);
    assert_true(r.x - 1.4e12 <= 1e13 * 2e-12);
}

/* When the condition holds at the end asked for, that end is the answer. */
static void holds_at_the_end(void **state)
{
    (void)state;
    Step up = {.at = 5, .below = false}; /* true from 5 up: largest is 10 */
    SolveResult r = bisect_bound(step_fn, &up, 0, 10, true);
    assert_int_equal(r.status, SOLVE_OK);
    assert_true(r.x == 10);
    Step down = {.at = 5, .below = true}; /* true below 5: smallest is 0 */
    r = bisect_bound(step_fn, &down, 0, 10, false);
    assert_int_equal(r.status, SOLVE_OK);
    assert_true(r.x == 0);
}

static void never_true_is_none(void **state)
{
    (void)state;
    Step s = {.at = 20, .below = false}; /* true from 20, outside [0, 10] */
    assert_int_equal(bisect_bound(step_fn, &s, 0, 10, true).status, SOLVE_NONE);
    assert_int_equal(bisect_bound(step_fn, &s, 0, 10, false).status, SOLVE_NONE);
}

/* True on [3, 6) of [0, 8]: the samples at 0, 1, ..., 8 go f f f t t t f f f. */
static void band_is_not_monotone(void **state)
{
    (void)state;
    Band b = {3, 6};
    SolveResult r = bisect_bound(band_fn, &b, 0, 8, true);
    assert_int_equal(r.status, SOLVE_NOT_MONOTONE);
    assert_true(r.witness[0] == 2 && r.truth[0] == 0);
    assert_true(r.witness[1] == 5 && r.truth[1] == 1);
    assert_true(r.witness[2] == 6 && r.truth[2] == 0);
}

/* A band narrower than the sample spacing is missed: the documented limit. */
static void narrow_band_between_samples_is_missed(void **state)
{
    (void)state;
    Band b = {3.2, 3.4}; /* between the samples 3 and 4 of [0, 8] */
    assert_int_equal(bisect_bound(band_fn, &b, 0, 8, true).status, SOLVE_NONE);
}

static void flip_finds_the_first_changed_value(void **state)
{
    (void)state;
    Step s = {.at = 800e9, .below = false}; /* 800 GB/s: the H20's bandwidth line with 900 GB/s of NVLink */
    double x = bisect_flip(step_fn, &s, 4e12, 0); /* going down from 4 TB/s: the first x below the line */
    assert_true(x < 800e9 && 800e9 - x < 4e12 * 2e-12);
}

/* (x - t) / |t|: the H20's TPP 2368 is 1.33% below 2400; 4 TB/s is 186% above 1.4 TB/s. */
static void margins(void **state)
{
    (void)state;
    char buf[48];
    assert_true(fabs(margin_rel(2368, 2400) - (-32.0 / 2400)) < 1e-15);
    assert_string_equal(margin_text(margin_rel(2368, 2400), buf, sizeof buf), "1.3% below");
    assert_string_equal(margin_text(margin_rel(4e12, 1.4e12), buf, sizeof buf), "186% above");
    assert_string_equal(margin_text(margin_rel(2.909, 3.2), buf, sizeof buf), "9.1% below");
    assert_string_equal(margin_text(margin_rel(2400, 2400), buf, sizeof buf), "at the threshold");
    assert_true(isnan(margin_rel(5, 0)));
    assert_true(margin_rel(-1, -2) > 0); /* -1 is above -2 */
}

static void unknown_value(void **state)
{
    (void)state;
    char buf[32];
    Value u = value_unknown("H20.die_area");
    assert_int_equal(u.kind, V_UNKNOWN);
    assert_string_equal(value_format(u, buf, sizeof buf), "unknown");
    assert_string_equal(value_type_name(u), "unknown value");
    assert_false(value_equal(u, u)); /* an unknown equals nothing, not even itself */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(largest_below_a_line),
        cmocka_unit_test(smallest_from_a_line),
        cmocka_unit_test(holds_at_the_end),
        cmocka_unit_test(never_true_is_none),
        cmocka_unit_test(band_is_not_monotone),
        cmocka_unit_test(narrow_band_between_samples_is_missed),
        cmocka_unit_test(flip_finds_the_first_changed_value),
        cmocka_unit_test(margins),
        cmocka_unit_test(unknown_value),
    };
    return cmocka_run_group_tests_name("bisect", tests, NULL, NULL);
}
