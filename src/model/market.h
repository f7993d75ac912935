/* market.h: the parts of the yearly model (model.c) that the per-period
 * model (period.c) runs on a stretch's facts; inside the model layer only. */
#ifndef POLSIM_MARKET_H
#define POLSIM_MARKET_H
#include "model.h"

/* Every market of f under the policies (rules decided into f), sharing
 * each chip's supply, as model_results does for a snapshot (in whole units;
 * fractional: units need not be whole, for a stretch of a period that is
 * rounded as a whole); the result is one malloc'd block, the caller's to
 * free. */
ModelResult *model_compute(const WorldFacts *f, const Policy *const *policies, size_t npolicies, bool fractional);
/* Adds u units of candidate i to r's totals (not to r->units): units,
 * compute, effective compute, spend, power, domestic compute, tariff income,
 * the grey totals, and takes their price from the unspent budget. */
void market_add_units(const MarketFacts *m, MarketResult *r, int i, double u);
/* The remainder of x above floor(x) as largest remainder compares it: in
 * units of 1e-9, rounded half up (docs/model.md, Rounding). */
double remainder_key(double x);
/* Gross revenue of units of c: units x list price x (1 + passthrough x share). */
double gross_of(const Candidate *c, double units);
#endif
