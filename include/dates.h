/* dates.h: calendar arithmetic for dates and periods. A date is a count of
 * days since 1970-01-01 (proleptic Gregorian); a period is its first day and
 * the months it spans (DATE_DAY 0 for a single day, a month 1, a quarter 3, a
 * year 12; ast.h). Pure functions, no allocation. */
#ifndef POLSIM_DATES_H
#define POLSIM_DATES_H
#include <stddef.h>

/* Days since 1970-01-01 of year y, month m (1-12), day d. */
double date_from_civil(int y, int m, int d);
/* The year, month and day of a day number. */
void date_to_civil(double day, int *y, int *m, int *d);
/* The first day of the period of `months` months (1, 3 or 12, aligned to
 * the calendar year) that holds day. */
double date_period_start(double day, int months);
/* day moved by months (day of month kept; the day must be a first day). */
double date_add_months(double day, int months);
/* "2025-04-09" (span 0), "2025-04", "2025Q2", "2025". */
char *date_format_span(double day, int span, char *buf, size_t n);
/* Fiscal periods (docs/language.md, "Fiscal periods"): a vendor's fiscal
 * years start on the first of month start_month (1-12) and are named by the
 * calendar year they end in (Nvidia's FY2026: February 2025 to January
 * 2026). The first day of fiscal quarter `quarter` (1-4; 0: the year) of
 * fiscal year `year`. */
double date_fiscal_start(int year, int quarter, int start_month);
/* The first day of the fiscal period of `months` (1, 3 or 12) that holds
 * day, for fiscal years starting in start_month (1: the calendar's). */
double date_fiscal_period_start(double day, int months, int start_month);
/* "FY2026Q1 of nvidia" (span 3) or "FY2026 of nvidia" (span 12) for the
 * fiscal period that starts on day. */
char *date_format_fiscal(double day, int span, int start_month, const char *vendor, char *buf, size_t n);
#endif
