/* whatif.h: questions about thresholds (whatif.c) and classify's clauses
 * (clauses.c), shared inside the run layer. Variants live in the
 * interpreter's arena. */
#ifndef POLSIM_WHATIF_H
#define POLSIM_WHATIF_H
#include "interp.h"

/* A copy of base (a chip) to change: same name, variant_of set. */
Entity *chip_variant(Interp *I, const Entity *base);
/* base with each field's value evaluated and set; display "H20 with { ... }". */
Entity *chip_with(Interp *I, const Entity *base, const Field *fields);
/* The chip of a classify, explain or headroom statement, with its `with`. */
Entity *stmt_chip(Interp *I, const Stmt *s);
Value eval_with(Interp *I, Expr *e);
Value eval_solve(Interp *I, Expr *e);
/* headroom's figure lines (arena text) into lines; returns how many. */
int headroom_moves(Interp *I, const Entity *rule, const Entity *chip, Loc loc, const char **lines, int max);
#endif
