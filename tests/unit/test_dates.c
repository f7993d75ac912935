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

/* Day by day from 1 March -1200 to 1 March 2801: each day is the one after
 * the day before it (the day after the last of a month is the 1st of the
 * next; after 31 December, 1 January), months have their lengths (February
 * 29 days in a leap year: divisible by 4, not by 100 unless by 400, years
 * before 0 too) and the day numbers invert. The span is ten 400-year
 * cycles of 146097 days (-1200 .. 2800) and 365 days (2801 is no leap year). */
static void every_day_follows_the_last(void **state)
{
    (void)state;
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    double first = date_from_civil(-1200, 3, 1), last = date_from_civil(2801, 3, 1);
    assert_true(last - first == 10 * 146097 + 365);  /* 4000 years of 146097 days a 400, then 2800-03 .. 2801-03 */
    int y = -1200, m = 3, d = 1;
    for (double day = first; day <= last; day++) {
        int gy, gm, gd;
        date_to_civil(day, &gy, &gm, &gd);
        if (gy != y || gm != m || gd != d) fail_msg("day %.0f: %d-%d-%d, expected %d-%d-%d", day, gy, gm, gd, y, m, d);
        if (date_from_civil(y, m, d) != day) fail_msg("%d-%d-%d is not day %.0f", y, m, d, day);
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int n = m == 2 && leap ? 29 : len[m - 1];
        if (++d > n) {
            d = 1;
            if (++m > 12) m = 1, y++;
        }
    }
    /* known days around the algorithm's era edges */
    assert_true(date_from_civil(0, 3, 1) == -719468);      /* the start of era 0 */
    assert_true(date_from_civil(0, 2, 29) == -719469);     /* year 0 is a leap year */
    assert_true(date_from_civil(-1, 12, 31) == -719529);   /* 0000-01-01 is -719528 */
    assert_true(date_from_civil(2000, 2, 29) == 11016);
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

/* Fiscal periods (docs/language.md, "Fiscal periods"): years starting in
 * February have quarters Feb-Apr, May-Jul, Aug-Oct, Nov-Jan; a day in the
 * middle month of one starts at its first month, the first day of a quarter
 * is its own start and the day before it is in the previous quarter. */
static void fiscal_period_starts(void **state)
{
    (void)state;
    assert_true(date_fiscal_period_start(date_from_civil(2025, 3, 15), 3, 2) == date_from_civil(2025, 2, 1));
    assert_true(date_fiscal_period_start(date_from_civil(2025, 4, 30), 3, 2) == date_from_civil(2025, 2, 1));
    assert_true(date_fiscal_period_start(date_from_civil(2025, 5, 1), 3, 2) == date_from_civil(2025, 5, 1));
    assert_true(date_fiscal_period_start(date_from_civil(2025, 1, 31), 3, 2) == date_from_civil(2024, 11, 1));
    assert_true(date_fiscal_period_start(date_from_civil(2025, 12, 31), 3, 2) == date_from_civil(2025, 11, 1));
    /* the fiscal year: February to January */
    assert_true(date_fiscal_period_start(date_from_civil(2025, 7, 4), 12, 2) == date_from_civil(2025, 2, 1));
    assert_true(date_fiscal_period_start(date_from_civil(2026, 1, 31), 12, 2) == date_from_civil(2025, 2, 1));
    assert_true(date_fiscal_period_start(date_from_civil(2026, 2, 1), 12, 2) == date_from_civil(2026, 2, 1));
}

/* A fiscal period's name (docs/language.md, "Fiscal periods"): a year is
 * named by the calendar year it ends in (unless it starts in January): fv's
 * years start in February, dv's in December, cv's in January. */
static void fiscal_names(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(date_format_fiscal(date_from_civil(2025, 2, 1), 3, 2, "fv", buf, sizeof buf), "FY2026Q1 of fv");
    assert_string_equal(date_format_fiscal(date_from_civil(2024, 11, 1), 3, 2, "fv", buf, sizeof buf), "FY2025Q4 of fv");
    assert_string_equal(date_format_fiscal(date_from_civil(2025, 12, 1), 3, 12, "dv", buf, sizeof buf), "FY2026Q1 of dv");
    assert_string_equal(date_format_fiscal(date_from_civil(2026, 3, 1), 3, 12, "dv", buf, sizeof buf), "FY2026Q2 of dv");
    assert_string_equal(date_format_fiscal(date_from_civil(2026, 9, 1), 3, 12, "dv", buf, sizeof buf), "FY2026Q4 of dv");
    assert_string_equal(date_format_fiscal(date_from_civil(2025, 1, 1), 12, 1, "cv", buf, sizeof buf), "FY2025 of cv");
    assert_string_equal(date_format_fiscal(date_from_civil(2025, 2, 1), 12, 2, "fv", buf, sizeof buf), "FY2026 of fv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(civil_round_trip),
        cmocka_unit_test(every_day_follows_the_last),
        cmocka_unit_test(period_starts),
        cmocka_unit_test(fiscal_period_starts),
        cmocka_unit_test(fiscal_names),
        cmocka_unit_test(add_months),
        cmocka_unit_test(formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
