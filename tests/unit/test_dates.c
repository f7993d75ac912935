/* test_dates.c: calendar arithmetic (include/dates.h, src/lang/dates.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ast.h"
#include "dates.h"
#include <string.h>

/* Day numbers of known days, both ways. */
static void civil_round_trip(void **state)
{
    (void)state;
    assert_true(date_from_civil(1970, 1, 1) == 0);
    assert_true(date_from_civil(2025, 4, 9) == 20187);
    assert_true(date_from_civil(2000, 3, 1) - date_from_civil(2000, 2, 28) == 2); /* 2000 is a leap year */
    assert_true(date_from_civil(1900, 3, 1) - date_from_civil(1900, 2, 28) == 1); /* 1900 is not */
    int y, m, d;
    for (double day = -800000; day < 800000; day += 997) {
        date_to_civil(day, &y, &m, &d);
        assert_true(date_from_civil(y, m, d) == day);
        assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
    }
    date_to_civil(20187, &y, &m, &d);
    assert_int_equal(y * 10000 + m * 100 + d, 20250409);
}

/* The first day of a day's month, quarter and year. */
static void period_starts(void **state)
{
    (void)state;
    double day = date_from_civil(2025, 8, 20);
    assert_true(date_period_start(day, 1) == date_from_civil(2025, 8, 1));
    assert_true(date_period_start(day, 3) == date_from_civil(2025, 7, 1));
    assert_true(date_period_start(day, 12) == date_from_civil(2025, 1, 1));
    assert_true(date_period_start(date_from_civil(2025, 3, 31), 3) == date_from_civil(2025, 1, 1));
    assert_true(date_period_start(day, 0) == day);
}

/* Moving a first day by months, across years and backwards. */
static void add_months(void **state)
{
    (void)state;
    assert_true(date_add_months(date_from_civil(2025, 11, 1), 3) == date_from_civil(2026, 2, 1));
    assert_true(date_add_months(date_from_civil(2025, 1, 1), 12) == date_from_civil(2026, 1, 1));
    assert_true(date_add_months(date_from_civil(2025, 1, 1), -1) == date_from_civil(2024, 12, 1));
    assert_true(date_add_months(date_from_civil(2024, 1, 1), 3) - date_from_civil(2024, 1, 1) == 91); /* leap Q1 */
}

/* Periods print as they are written. */
static void formats(void **state)
{
    (void)state;
    char buf[16];
    double day = date_from_civil(2025, 4, 1);
    assert_string_equal(date_format_span(day, DATE_DAY, buf, sizeof buf), "2025-04-01");
    assert_string_equal(date_format_span(day, DATE_MONTH, buf, sizeof buf), "2025-04");
    assert_string_equal(date_format_span(day, DATE_QUARTER, buf, sizeof buf), "2025Q2");
    assert_string_equal(date_format_span(day, DATE_YEAR, buf, sizeof buf), "2025");
    assert_string_equal(date_format_span(date_from_civil(2025, 12, 31), DATE_QUARTER, buf, sizeof buf), "2025Q4");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(civil_round_trip),
        cmocka_unit_test(period_starts),
        cmocka_unit_test(add_months),
        cmocka_unit_test(formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
