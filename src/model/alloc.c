/* alloc.c: the share allocation and the performance index; see alloc.h. */
#include "alloc.h"
#include "arena.h"
#include <math.h>
#include <stdlib.h>

/* w_i = (c_min / c_i)^sensitivity, over the items still open (open[i]). */
static double logit_weights(const AllocItem *it, int n, const bool *open, double sensitivity, double *w)
{
    double cmin = INFINITY, sum = 0;
    for (int i = 0; i < n; i++)
        if (open[i] && it[i].unit_cost < cmin) cmin = it[i].unit_cost;
    for (int i = 0; i < n; i++) {
        w[i] = open[i] ? pow(cmin / it[i].unit_cost, sensitivity) : 0;
        sum += w[i];
    }
    return sum;
}

/* Splits what is left over the open items by share; an item whose share
 * would exceed its supply is closed at its supply and the split is done
 * again without it (at most n rounds). Closing an item frees share for the
 * others, so every item over its supply in a round can be closed at once.
 * by_money: total is a budget (per unit: the price), else a demand (per
 * unit: the performance). */
static void split_by_share(const AllocItem *it, int n, double total, bool by_money, double sensitivity,
                           double *units, bool *open, double *w)
{
    double left = total;
    for (int round = 0; round <= n; round++) {
        double sum = logit_weights(it, n, open, sensitivity, w);
        if (!(sum > 0)) return;
        bool closed = false;
        double spent = 0; /* by the items closed this round; the others only gain from it */
        for (int i = 0; i < n; i++) {
            if (!open[i]) continue;
            double per = by_money ? it[i].price : it[i].performance;
            if (left * w[i] / sum / per > it[i].supply) {
                units[i] = it[i].supply;
                spent += it[i].supply * per;
                open[i] = false;
                closed = true;
            }
        }
        left -= spent;
        if (!closed) {
            for (int i = 0; i < n; i++)
                if (open[i]) units[i] = left * w[i] / sum / (by_money ? it[i].price : it[i].performance);
            return;
        }
    }
}

void alloc_logit(const AllocItem *it, int n, double budget, double demand, double sensitivity, double *units)
{
    alloc_logit_units(it, n, budget, demand, sensitivity, true, units);
}

void alloc_logit_units(const AllocItem *it, int n, double budget, double demand, double sensitivity, bool whole,
                       double *units)
{
    bool stack_open[64];
    double stack_w[64];
    bool *open = n <= 64 ? stack_open : xmalloc(sizeof *open * (size_t)n);
    double *w = n <= 64 ? stack_w : xmalloc(sizeof *w * (size_t)n);
    for (int i = 0; i < n; i++) {
        units[i] = 0;
        open[i] = it[i].supply > 0 && it[i].price > 0 && it[i].performance > 0 && it[i].unit_cost > 0;
    }
    bool by_money = isfinite(budget);
    double total = by_money ? budget : demand;
    if (isfinite(total) && total > 0) split_by_share(it, n, total, by_money, sensitivity, units, open, w);
    double got = 0;
    for (int i = 0; i < n; i++) got += units[i] * it[i].performance;
    /* with both limits, the first reached stops it: scale down to the demand */
    double scale = by_money && isfinite(demand) && got > demand ? demand / got : 1;
    for (int i = 0; i < n; i++) {
        double u = units[i] * scale;
        if (whole) u = floor(u * (1 + 1e-12));
        units[i] = isfinite(u) && u > 0 ? u : 0;
    }
    if (open != stack_open) free(open);
    if (w != stack_w) free(w);
}

double perf_index(const Workload *w, double fp16, double bandwidth, double memory)
{
    double infer = fp16;
    if (bandwidth > 0 && w->intensity > 0) infer = fmin(infer, bandwidth * w->intensity);
    if (memory > 0 && w->memory_ref > 0) infer *= fmin(1, memory / w->memory_ref);
    return w->training * fp16 + (1 - w->training) * infer;
}
