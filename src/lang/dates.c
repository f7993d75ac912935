/* dates.c: see dates.h. */
#include "dates.h"
#include <math.h>
#include <stdio.h>

/* days_from_civil (Howard Hinnant's algorithm) */
double date_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097.0 + doe - 719468;
}

/* civil_from_days (the same algorithm, inverted) */
void date_to_civil(double day, int *y, int *m, int *d)
{
    long z = (long)floor(day) + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)mm;
    *y = (int)(yoe + era * 400 + (mm <= 2));
}

double date_period_start(double day, int months)
{
    int y, m, d;
    date_to_civil(day, &y, &m, &d);
    if (months <= 0) return floor(day);
    return date_from_civil(y, (m - 1) / months * months + 1, 1);
}

double date_fiscal_period_start(double day, int months, int start_month)
{
    int y, m, d;
    date_to_civil(day, &y, &m, &d);
    if (months <= 0) return floor(day);
    int k = y * 12 + (m - 1) - (start_month - 1); /* months since the fiscal calendar's origin */
    k = (k >= 0 ? k / months : -((-k + months - 1) / months)) * months + (start_month - 1);
    return date_from_civil(k / 12, k % 12 + 1, 1);
}

double date_add_months(double day, int months)
{
    int y, m, d;
    date_to_civil(day, &y, &m, &d);
    int k = y * 12 + (m - 1) + months;
    return date_from_civil(k / 12, k % 12 + 1, d);
}

char *date_format_span(double day, int span, char *buf, size_t n)
{
    int y, m, d;
    date_to_civil(day, &y, &m, &d);
    switch (span) {
    case 1: snprintf(buf, n, "%04d-%02d", y, m); break;
    case 3: snprintf(buf, n, "%04dQ%d", y, (m - 1) / 3 + 1); break;
    case 12: snprintf(buf, n, "%04d", y); break;
    default: snprintf(buf, n, "%04d-%02d-%02d", y, m, d); break;
    }
    return buf;
}

double date_fiscal_start(int year, int quarter, int start_month)
{
    int k = (start_month == 1 ? year : year - 1) * 12 + (start_month - 1) + 3 * (quarter > 0 ? quarter - 1 : 0);
    return date_from_civil(k / 12, k % 12 + 1, 1);
}

char *date_format_fiscal(double day, int span, int start_month, const char *vendor, char *buf, size_t n)
{
    int y, m, d;
    date_to_civil(day, &y, &m, &d);
    int first = m >= start_month ? y : y - 1; /* the calendar year its fiscal year starts in */
    int label = start_month == 1 ? first : first + 1, q = (m - start_month + 12) % 12 / 3 + 1;
    if (span == 3) snprintf(buf, n, "FY%04dQ%d of %s", label, q, vendor);
    else snprintf(buf, n, "FY%04d of %s", label, vendor);
    return buf;
}
