/* numfmt.h: printf's %.Pg for doubles, without printf on the usual path.
 *
 * Study output prints one or two numbers a row; snprintf's general
 * machinery was a fifth of a sweep point. fmt_g gives the same bytes as
 * snprintf("%.*g", prec, x): it scales x to prec digits in long double
 * (exact powers of ten, one rounding) and rounds; when the scaled value is
 * too near a rounding boundary for that to be certain, or the platform's
 * long double is no wider than double, it asks snprintf. No allocation. */
#ifndef NUMFMT_H
#define NUMFMT_H
#include <stddef.h>

enum { FMT_G_SIZE = 32 }; /* room fmt_g needs: sign, 17 digits, point, exponent, NUL */

/* buf := snprintf's "%.*g" of x with prec (1..17) digits; returns its length. */
size_t fmt_g(double x, int prec, char *buf);
/* How many fmt_g calls of this thread asked snprintf (for the tests). */
size_t fmt_g_slow(void);
#endif
