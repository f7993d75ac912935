/* rng.c: see rng.h. */
#include "rng.h"
#include <math.h>

uint64_t rng_mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t rng_figure(const char *name, uint32_t offset)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a, 64 bits */
    for (const char *p = name ? name : ""; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return rng_mix(h ^ offset);
}

double rng_uniform(uint64_t seed, uint64_t run, uint64_t figure)
{
    uint64_t h = rng_mix(rng_mix(rng_mix(seed) ^ run) ^ figure);
    return ((double)(h >> 11) + 0.5) * 0x1.0p-53;
}

double rng_normal_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

/* Acklam's coefficients: the central region and the tails. */
static const double A[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                           1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
static const double B[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                           6.680131188771972e+01, -1.328068155288572e+01};
static const double C[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                           -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
static const double D[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                           3.754408661907416e+00};

/* Acklam's approximation (relative error 1.15e-9). */
static double acklam(double p)
{
    const double lo = 0.02425, hi = 1 - lo;
    if (p < lo) {
        double q = sqrt(-2 * log(p));
        return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
               / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    if (p > hi) return -acklam(1 - p);
    double q = p - 0.5, r = q * q;
    return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
           / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

double rng_normal_quantile(double p)
{
    if (!(p > 0)) return -INFINITY;
    if (!(p < 1)) return INFINITY;
    double x = acklam(p);
    double e = rng_normal_cdf(x) - p; /* one Halley step */
    double u = e * sqrt(2 * M_PI) * exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}
