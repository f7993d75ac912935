/* policy.h: what the policies in force decide, read from a snapshot and its
 * facts (facts.h): whether a chip may be sold into a market (and, for
 * explain, why), the import tariff and the revenue share on its sales.
 *
 * Pure: no evaluator, no printing. Rule predicates are decided by the
 * evaluator beforehand into the facts' rule rows (policy_rule_applies says
 * which); a rule row still undecided here counts as not controlling.
 * A cap on a figure the chip lacks (NAN), or a rule that answered
 * RULE_UNKNOWN, blocks unless its policy says `unknown passes`. */
#ifndef POLSIM_POLICY_H
#define POLSIM_POLICY_H
#include "facts.h"

/* capped/ruled: a cap or rule stops the chip; cap_unknown/rule_unknown: one
 * could not decide (a figure unknown) and blocks, as it does by default;
 * not_offered: the chip is sold in another market only (its sold_in), which
 * is no policy: it does not decide availability, the model reads it. */
typedef struct Verdict {
    bool export_banned, capped, ruled, licensed, import_banned, cap_unknown, rule_unknown, not_offered;
} Verdict;

/* Receives each policy that touched the chip, for explain: outcome 1 allowed,
 * 0 blocked, -1 informational; text is only valid during the call. */
typedef void (*StepFn)(void *ctx, const Policy *p, int outcome, const char *text);

/* Whether chip (an index into f->chips) may be sold into market (an index into
 * f->markets) under the policies pol[0..n) (statement order). With step
 * set, each deciding policy is described to it (and a sold_in naming
 * another market, as information). */
bool policy_available(const Policy *const *pol, size_t n, const WorldFacts *f, int chip, int market, Verdict *v,
                      StepFn step, void *ctx);
/* Why a chip is not available, from its verdict ("its export is banned", ...). */
const char *policy_verdict_reason(const Verdict *v);

/* Import tariff rate on goods from origin into market (0 when none). */
double policy_tariff(const Policy *const *pol, size_t n, const char *origin, const char *market);
/* Revenue share owed on chip's sales into market (a share on the chip, or on
 * its vendor: the latest statement that covers it); sets passthrough and the
 * receiving government (NULL: the vendor's origin). */
double policy_share(const Policy *const *pol, size_t n, const ChipFacts *chip, const char *market,
                    double *passthrough, const char **government);

/* Whether the export walk of a chip from origin into market reads p: p
 * applies a rule to that route and the chip is not made there. These are the
 * only (rule, chip) pairs that ever need deciding. */
bool policy_rule_applies(const Policy *p, const char *origin, const char *market);
/* Whether two policies are the same statement up to its amount (for lift). */
bool policy_same(const Policy *a, const Policy *b);
/* Why p cannot be in force as written, or NULL: a negative or NaN cap
 * (every chip's figure exceeds it, so it would silently block them all). The
 * evaluator reports it at the amount when it builds the policy. */
const char *policy_problem(const Policy *p);
#endif
