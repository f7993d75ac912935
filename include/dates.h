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
#endif
