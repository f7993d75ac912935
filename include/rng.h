/* rng.h: the counter-based random numbers of simulations, and the inverse
 * normal distribution function their samplers need.
 *
 * A draw is a pure function of (seed, run, figure): no state is kept, so
 * run k of a simulation draws the same numbers whatever runs before it, in
 * whichever process (shards). The mix is SplitMix64's finaliser (Steele,
 * Lea and Flood, "Fast splittable pseudorandom number generators", 2014)
 * applied to each key in turn; see docs/model.md, "Sampling". */
#ifndef POLSIM_RNG_H
#define POLSIM_RNG_H
#include <stddef.h>
#include <stdint.h>

/* SplitMix64's output function: a bijection of 64-bit words. */
uint64_t rng_mix(uint64_t x);
/* The figure identity of text: FNV-1a of name, then the byte offset mixed in. */
uint64_t rng_figure(const char *name, uint32_t offset);
/* A uniform number in the open interval (0, 1), from the top 53 bits of
 * mix(mix(mix(seed) ^ run) ^ figure). */
double rng_uniform(uint64_t seed, uint64_t run, uint64_t figure);
/* The p-quantile of the standard normal distribution, 0 < p < 1 (Acklam's
 * rational approximation, refined by one Halley step on erfc: relative
 * error below 1e-13). */
double rng_normal_quantile(double p);
/* The standard normal distribution function. */
double rng_normal_cdf(double x);
#endif
