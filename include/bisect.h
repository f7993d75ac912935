/* bisect.h: the numbers behind `solve`, `headroom` and classify's margins,
 * on plain doubles (no units, no evaluator), so they can be tested alone.
 *
 * A condition is a callback giving 1 (true) or 0 (false) at x; it may
 * longjmp out (an evaluation error), so these functions allocate nothing. */
#ifndef POLSIM_BISECT_H
#define POLSIM_BISECT_H
#include <stdbool.h>

typedef int (*TruthFn)(void *ctx, double x);

enum {
    BISECT_SAMPLES = 9,     /* points tested for monotonicity: the ends and 7 evenly spaced inside */
    BISECT_MAX_STEPS = 200, /* halvings at most; the interval stops at a relative 1e-12 first */
};

typedef enum { SOLVE_OK, SOLVE_NONE, SOLVE_NOT_MONOTONE } SolveStatus;

typedef struct SolveResult {
    SolveStatus status;
    double x;          /* SOLVE_OK: the bound (the last x that holds) */
    double witness[3]; /* SOLVE_NOT_MONOTONE: three samples whose truths go t, f, t or f, t, f */
    int truth[3];
    int steps;         /* halvings done */
} SolveResult;

/* The largest (largest) or smallest x in [lo, hi] for which f holds, given
 * that f changes at most once on the interval: sampled at BISECT_SAMPLES
 * evenly spaced points first (a second change there is SOLVE_NOT_MONOTONE;
 * no sample holding is SOLVE_NONE). When f holds at the end asked for (hi
 * for largest, lo for smallest) that end is the answer; otherwise the one
 * change is halved between the samples around it until the two are within a
 * relative 1e-12 of the interval's size or BISECT_MAX_STEPS. lo < hi. */
SolveResult bisect_bound(TruthFn f, void *ctx, double lo, double hi, bool largest);

/* The first x between from (where f is f(from)) and to (where f differs)
 * at which f has changed: halves [from, to] as bisect_bound does. */
double bisect_flip(TruthFn f, void *ctx, double from, double to);

/* (x - t) / |t|: how far x is above (> 0) or below (< 0) the threshold t,
 * as a fraction of t; NAN when t is 0. */
double margin_rel(double x, double t);
/* "1.3% below", "51% above", "at the threshold" for margin m (a fraction),
 * two significant figures under 10%, whole percents above. */
char *margin_text(double m, char *buf, int n);
#endif
