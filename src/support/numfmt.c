/* numfmt.c: printf's %.Pg without printf; see numfmt.h. */
#include "numfmt.h"
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static _Thread_local size_t slow;

size_t fmt_g_slow(void) { return slow; }

static size_t fallback(double x, int prec, char *buf)
{
    slow++;
    return (size_t)snprintf(buf, FMT_G_SIZE, "%.*g", prec, x);
}

#if LDBL_MANT_DIG >= 64
/* 10^k, exact in a 64-bit significand for k <= 27 (5^27 < 2^63), so the
 * literals convert exactly. */
static const long double POW10[28] = {
    1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L, 1e12L, 1e13L,
    1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};

/* *s := |a| x 10^(prec-1-e) in long double (relative error below 2^-63);
 * false when 10^(prec-1-e) is not exact. */
static int scaled(double a, int prec, int e, long double *s)
{
    int k = prec - 1 - e;
    if (k > 27 || k < -27) return 0;
    *s = k >= 0 ? (long double)a * POW10[k] : (long double)a / POW10[-k];
    return 1;
}

/* Whether s is too near t for its error to tell which side it is on. */
static int near(long double s, long double t)
{
    return fabsl(s - t) <= s * 0x1p-60L + 0x1p-60L;
}

/* *e := a's decimal exponent, *digits := a's prec significant digits
 * rounded to nearest, as printf rounds the exact value; a carry into a
 * new digit moves the exponent. False when one long double rounding cannot
 * settle either (ties, exact ones included, go to snprintf, which rounds
 * them half to even). */
static int decimal(double a, int prec, int *e, uint64_t *digits)
{
    long double lo = POW10[prec - 1], hi = POW10[prec], s;
    *e = (int)floor(log10(a));
    for (int tries = 0;; tries++) { /* log10 may be one off either way */
        if (tries == 2 || !scaled(a, prec, *e, &s) || near(s, lo) || near(s, hi)) return 0;
        if (s < lo) (*e)--;
        else if (s >= hi) (*e)++;
        else break;
    }
    long double fl = floorl(s), frac = s - fl;
    if (near(s, fl + 0.5L)) return 0; /* (near a whole number either side rounds to it) */
    uint64_t d = (uint64_t)fl + (frac > 0.5L ? 1 : 0);
    if ((long double)d >= hi) d = (uint64_t)lo, (*e)++;
    *digits = d;
    return 1;
}
#endif

size_t fmt_g(double x, int prec, char *buf)
{
#if LDBL_MANT_DIG >= 64
    if (prec < 1 || prec > 17 || !isfinite(x) || x == 0) return fallback(x, prec, buf);
    double a = fabs(x);
    int e;
    uint64_t d;
    if (!decimal(a, prec, &e, &d)) return fallback(x, prec, buf);
    char dig[20];
    for (int i = prec - 1; i >= 0; i--) dig[i] = (char)('0' + d % 10), d /= 10;
    int nd = prec;
    while (nd > 1 && dig[nd - 1] == '0') nd--; /* %g drops trailing zeros */
    size_t o = 0;
    if (x < 0) buf[o++] = '-';
    if (e < -4 || e >= prec) { /* d.ddde+XX */
        buf[o++] = dig[0];
        if (nd > 1) {
            buf[o++] = '.';
            memcpy(buf + o, dig + 1, (size_t)nd - 1);
            o += (size_t)nd - 1;
        }
        buf[o++] = 'e';
        buf[o++] = e < 0 ? '-' : '+';
        int ae = e < 0 ? -e : e;
        if (ae >= 100) buf[o++] = (char)('0' + ae / 100);
        buf[o++] = (char)('0' + ae / 10 % 10);
        buf[o++] = (char)('0' + ae % 10);
    } else if (e >= 0) { /* ddd.ddd */
        int ints = e + 1;
        for (int i = 0; i < ints; i++) buf[o++] = i < nd ? dig[i] : '0';
        if (nd > ints) {
            buf[o++] = '.';
            memcpy(buf + o, dig + ints, (size_t)(nd - ints));
            o += (size_t)(nd - ints);
        }
    } else { /* 0.000ddd */
        buf[o++] = '0';
        buf[o++] = '.';
        for (int i = 0; i < -e - 1; i++) buf[o++] = '0';
        memcpy(buf + o, dig, (size_t)nd);
        o += (size_t)nd;
    }
    buf[o] = '\0';
    return o;
#else
    return fallback(x, prec, buf);
#endif
}
