/* market.h: the steps of one market's model (model.c), shared inside the
 * model layer with the per-period model (period.c). */
#ifndef POLSIM_MARKET_H
#define POLSIM_MARKET_H
#include "model.h"

/* Chip ci as a candidate for market mi under in's policies; false when it
 * cannot be costed or is not available. */
bool make_candidate(const ModelResult *in, int ci, int mi, Candidate *c);
/* Units of each of r's candidates within m's budget and demand. */
void allocate_market(const ModelResult *in, const MarketFacts *m, MarketResult *r);
/* r's totals over its bought units. */
void sum_market(const MarketFacts *m, MarketResult *r);
/* Every market of f under the policies (rules decided into f), sharing
 * each chip's supply, as model_results does for a snapshot; the result is
 * one malloc'd block, the caller's to free. */
ModelResult *model_compute(const WorldFacts *f, const Policy *const *policies, size_t npolicies);
/* Gross revenue of units of c: units x list price x (1 + passthrough x share). */
double gross_of(const Candidate *c, double units);
#endif
