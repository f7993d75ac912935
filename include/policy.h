/* policy.h: policy statements (caps, bans, rules, licences, tariffs), chip
 * availability in a market, and the explain/classify walk-throughs. */
#ifndef POLSIM_POLICY_H
#define POLSIM_POLICY_H
#include "interp.h"

void policy_apply(Interp *I, const Stmt *s);   /* S_POLICY: validate and record */
void policy_lift(Interp *I, const Stmt *s);    /* S_LIFT: remove the matching policy */

/* Whether chip may be sold into market in env. Pure and allocation-free:
 * the market model calls it for every chip. */
bool policy_available(Interp *I, Env *env, const Entity *chip, const Entity *market);
/* Whether chip is controlled under rule; fails (longjmp) on a bad predicate. */
bool rule_controls(Interp *I, Env *env, const Entity *rule, const Entity *chip);

void explain_stmt(Interp *I, const Stmt *s);
void classify_stmt(Interp *I, const Stmt *s);

/* Import tariff rate on chip into market (0 when none). */
double policy_tariff(Env *env, const char *origin, const char *market);
/* Revenue share owed on chip's sales into market (a share on the chip, or on
 * its vendor: the latest statement that covers it); sets passthrough and the
 * receiving government (NULL: the vendor's origin). */
double policy_share(Env *env, const Entity *chip, const char *market, double *passthrough, const char **government);
#endif
