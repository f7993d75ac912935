/* period.h: the market model over time (docs/model.md, "Over time"). A
 * period (a quarter unless asked otherwise) is cut into stretches where the
 * state of the world is the same; each stretch runs the whole model (every
 * market, sharing each chip's supply, grey routes included) with the year's
 * budgets, demands and supplies scaled to the share of a year it stands
 * for, plus the units left in stock before it. What is not sold stays in
 * stock; a chip sells nothing before its launch.
 *
 * Pure like model.h: it reads only a snapshot's facts and policies (rules
 * decided first). Ownership: a Stock's arrays and a Stretch's block (its
 * markets, candidates and units) and arrays (stock, writedown) are malloc'd
 * and owned by their holder (stock_free, stretch_free). */
#ifndef POLSIM_PERIOD_H
#define POLSIM_PERIOD_H
#include "model.h"

/* Units in stock, per chip of `facts` (re-indexed by name when a later
 * stretch has other facts): one stock for the world, as supply is one. */
typedef struct Stock {
    const WorldFacts *facts; /* NULL before the first stretch */
    double *units;
    int n;
    double *written;         /* per chip: units of the stock already written down (docs/model.md, "Over time" 8) */
    int open;                /* stretches of the period under way not yet rounded (they precede the next) */
    double period_end;       /* the end of that period (days) */
} Stock;

/* One stretch: the days [from, to) of one period, the facts its chips and
 * markets index, and every market's results (in the facts' market order). */
typedef struct Stretch {
    double from, to;
    const WorldFacts *facts;
    MarketResult *markets;
    int nmarkets;
    double *stock;          /* per chip of facts: the stock after the stretch (after its period's rounding
                             * when it ends a period) */
    double *writedown;      /* per chip of facts: units of its stock written down in the stretch (stranded:
                             * no market is offered the chip) */
} Stretch;

void stock_free(Stock *s);
/* Adds units of chip (by name) to the stock; false when facts lack the chip. */
bool stock_add(Stock *s, const WorldFacts *f, const char *chip, double units);
/* Runs every market over a stretch from `from` to `to` (days) standing for
 * `share` of a year, with env's policies, and carries the stock on. Units
 * are fractional inside a period and whole over it: the stretch that ends
 * a period (of 1, 3 or 12 months, told by its share: months / 12 split by
 * days) rounds the whole period, so the stretches of one period must be
 * run in order into consecutive elements of one array (out follows the
 * earlier ones), as timeline.c does. */
void model_stretch(Env *env, double from, double to, double share, Stock *stock, Stretch *out);
/* The same with a share of a year per market and per chip (indexed by env's
 * facts; NULL: `share` for all): a market's budget and demand and a chip's
 * supply are scaled by its own, and `share` tells the period (docs/model.md,
 * "Over time" 2: markets no date of the period touches buy once for the
 * period, in its first stretch, and with 0 in the others). */
void model_stretch_shares(Env *env, double from, double to, double share, const double *market_share,
                          const double *chip_share, Stock *stock, Stretch *out);
void stretch_free(Stretch *s);

/* The readers below take the stretches of whole periods (units are whole
 * per period, so their unit counts are rounded to the nearest whole number,
 * which only drops the last bits of floating point).
 * Sums over stretches of one market (by name): the totals of a MarketResult
 * (compute, effective_compute, spend, total_units, power, domestic_compute,
 * unspent, tariff_income, grey_spend, grey_units, grey_compute) into *out;
 * false when no stretch has the market. */
bool stretch_totals(const Stretch *s, size_t n, const char *market, MarketResult *out);
/* Units of chip bought in market over the stretches; with market NULL, the
 * chip's stock after the last of them (made and not sold, orders included;
 * `stock(C) at D`), 0 when n is 0 or the facts lack the chip. */
double stretch_units(const Stretch *s, size_t n, const char *chip, const char *market);
/* Gross revenue of vendor over the stretches from sales booked in market
 * (NULL: every market), and the levies on it. */
double stretch_revenue(const Stretch *s, size_t n, const char *vendor, const char *market, double *levy);
/* Write-downs over the stretches in money (units x list price): of chip
 * (by name), or with chip NULL of every chip of vendor. */
double stretch_writedown(const Stretch *s, size_t n, const char *chip, const char *vendor);
/* Revenue-share income of government over the stretches. */
double stretch_levy_income(const Stretch *s, size_t n, const char *government);
#endif
