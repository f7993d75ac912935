/* bisect.c: see bisect.h. */
#include "bisect.h"
#include <math.h>
#include <stdio.h>

/* Halves [a, b] (f(a) = fa, f(b) differs) down to a relative 1e-12 of the
 * starting width; *steps counts the halvings. Returns b's side: the first x
 * with f's other value. *a_out gets the last x with fa. */
static double halve(TruthFn f, void *ctx, double a, double b, int fa, double *a_out, int *steps)
{
    double tol = fabs(b - a) * 1e-12;
    int k = 0;
    while (fabs(b - a) > tol && k < BISECT_MAX_STEPS) {
        double mid = a + (b - a) / 2;
        if (mid == a || mid == b) break; /* no double lies between them */
        if (f(ctx, mid) == fa) a = mid;
        else b = mid;
        k++;
    }
    if (a_out) *a_out = a;
    if (steps) *steps = k;
    return b;
}

SolveResult bisect_bound(TruthFn f, void *ctx, double lo, double hi, bool largest)
{
    SolveResult r = {.status = SOLVE_OK};
    double xs[BISECT_SAMPLES];
    int ts[BISECT_SAMPLES], changes = 0, at = -1;
    for (int i = 0; i < BISECT_SAMPLES; i++) {
        xs[i] = i == BISECT_SAMPLES - 1 ? hi : lo + (hi - lo) * i / (BISECT_SAMPLES - 1);
        ts[i] = f(ctx, xs[i]) ? 1 : 0;
        if (i > 0 && ts[i] != ts[i - 1]) {
            changes++;
            if (changes == 2) { /* x_at, x_{i-1}, x_i go t f t or f t f */
                r.status = SOLVE_NOT_MONOTONE;
                r.witness[0] = xs[at - 1], r.witness[1] = xs[i - 1], r.witness[2] = xs[i];
                r.truth[0] = ts[at - 1], r.truth[1] = ts[i - 1], r.truth[2] = ts[i];
                return r;
            }
            at = i;
        }
    }
    if (changes == 0) {
        if (!ts[0]) r.status = SOLVE_NONE;
        r.x = largest ? hi : lo;
        return r;
    }
    /* one change between xs[at-1] and xs[at]; when f holds at the end asked for, that end is the answer */
    if (largest ? ts[BISECT_SAMPLES - 1] : ts[0]) {
        r.x = largest ? hi : lo;
        return r;
    }
    double last_same;
    double flipped = halve(f, ctx, xs[at - 1], xs[at], ts[at - 1], &last_same, &r.steps);
    r.x = largest ? last_same : flipped;
    return r;
}

double bisect_flip(TruthFn f, void *ctx, double from, double to)
{
    return halve(f, ctx, from, to, f(ctx, from), NULL, NULL);
}

double margin_rel(double x, double t)
{
    if (t == 0) return NAN;
    return (x - t) / fabs(t);
}

char *margin_text(double m, char *buf, int n)
{
    double pct = fabs(m) * 100;
    if (pct < 1e-9) snprintf(buf, (size_t)n, "at the threshold");
    else if (pct < 10) snprintf(buf, (size_t)n, "%.2g%% %s", pct, m < 0 ? "below" : "above");
    else snprintf(buf, (size_t)n, "%.0f%% %s", pct, m < 0 ? "below" : "above");
    return buf;
}
