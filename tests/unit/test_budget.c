/* test_budget.c: the limits for untrusted files (include/budget.h, src/run/budget.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "budget.h"
#include "interp.h"
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

static void sizes_with_suffixes(void **state)
{
    (void)state;
    unsigned long long n = 0;
    assert_true(budget_parse_size("512M", &n));
    assert_true(n == 512ULL << 20);
    assert_true(budget_parse_size("4G", &n));
    assert_true(n == 4ULL << 30);
    assert_true(budget_parse_size("1.5k", &n));
    assert_true(n == 1536);
    assert_true(budget_parse_size("1048576", &n));
    assert_true(n == 1048576);
    /* every suffix, both cases, and the bounds: at least 1 byte, at most 1e18 */
    assert_true(budget_parse_size("2T", &n) && n == 2ULL << 40);
    assert_true(budget_parse_size("2t", &n) && n == 2ULL << 40);
    assert_true(budget_parse_size("3g", &n) && n == 3ULL << 30);
    assert_true(budget_parse_size("5m", &n) && n == 5ULL << 20);
    assert_true(budget_parse_size("7K", &n) && n == 7ULL << 10);
    assert_true(budget_parse_size("1", &n) && n == 1);
    assert_false(budget_parse_size("0.5", &n));
    assert_true(budget_parse_size("1e18", &n) && n == 1000000000000000000ULL);
    assert_false(budget_parse_size("1.0000001e18", &n));
}

static void sizes_refused(void **state)
{
    (void)state;
    unsigned long long n = 7;
    assert_false(budget_parse_size("", &n));
    assert_false(budget_parse_size("lots", &n));
    assert_false(budget_parse_size("12Q", &n));
    assert_false(budget_parse_size("4GB", &n));
    assert_false(budget_parse_size("-1M", &n));
    assert_false(budget_parse_size("0", &n));
    assert_false(budget_parse_size("1e30G", &n));
    assert_true(n == 7);
}

/* A run with a budget of 3 steps: the fourth evaluation fails its statement
 * with a located message; the next statement gets a fresh budget. */
static void steps_run_out(void **state)
{
    (void)state;
    char *messages = NULL;
    Options opt = {.no_prelude = true, .mode = MODE_CHECK};
    Interp I;
    interp_init(&I, &opt);
    FILE *err = open_memstream(&messages, &(size_t){0});
    I.diag.out = err;
    budget_steps(3);
    const char *two = "let a = 1\nlet b = 1 + 2 * 3\n", *one = "let c = 1 + 2 * 3\n";
    assert_int_equal(interp_run_text(&I, "t.pol", two, strlen(two), false), RUN_ERROR);
    fclose(err);
    assert_non_null(strstr(messages, "t.pol:2:"));
    assert_non_null(strstr(messages, "step limit of 3 evaluation steps exceeded (--max-steps)"));
    budget_steps(0);
    assert_int_equal(interp_run_text(&I, "u.pol", one, strlen(one), false), RUN_OK);
    free(messages);
    interp_free(&I);
}

/* budget_time(0) arms no timer (0: no limit); a limit arms one, and
 * budget_time_stop disarms it. */
static void time_zero_arms_nothing(void **state)
{
    (void)state;
    struct itimerval it;
    budget_time(0);
    assert_int_equal(getitimer(ITIMER_REAL, &it), 0);
    assert_true(it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0);
    budget_time(100);
    assert_int_equal(getitimer(ITIMER_REAL, &it), 0);
    assert_true(it.it_value.tv_sec > 0);
    budget_time_stop();
    assert_int_equal(getitimer(ITIMER_REAL, &it), 0);
    assert_true(it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_with_suffixes),
        cmocka_unit_test(time_zero_arms_nothing),
        cmocka_unit_test(sizes_refused),
        cmocka_unit_test(steps_run_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
