/* alloc.h: allocations beside the cost order (model.h's Allocator), and the
 * performance index the model ranks chips by. Pure functions of numbers:
 * no facts, no Env, no allocation that outlives a call. */
#ifndef POLSIM_ALLOC_H
#define POLSIM_ALLOC_H
#include "model.h"

/* The share (logit) allocation of docs/model.md: the budget (or demand) is
 * split in shares s_i = w_i / sum w, w_i = (c_min / c_i)^sensitivity, c_i the
 * unit cost of item i; a chip held back by its supply leaves its excess to
 * the others in proportion to their shares. Whole units (rounded down).
 * sensitivity 0 splits evenly; a large one approaches the cost order. */
void alloc_logit(const AllocItem *items, int n, double budget, double demand, double sensitivity, double *units);
/* The same, in whole units (as alloc_logit) or, with whole false, fractional
 * ones (a stretch of the period model, rounded per period). */
void alloc_logit_units(const AllocItem *items, int n, double budget, double demand, double sensitivity, bool whole,
                       double *units);
/* The cost order (model.h's ALLOC_COST_ORDER is it in whole units). */
void alloc_cost_order(const AllocItem *items, int n, double budget, double demand, bool whole, double *units);

/* index = training x fp16 + (1 - training) x min(fp16, bandwidth x intensity)
 *         x min(1, memory / memory_ref); a missing bandwidth or memory
 * (NAN) leaves that bound out. */
double perf_index(const Workload *w, double fp16, double bandwidth, double memory);

#endif
