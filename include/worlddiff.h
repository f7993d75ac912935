/* worlddiff.h: what changed between the worlds of two interpreters, the
 * engine of `polsim diff` (src/run/worlddiff.c). Private to the library:
 * src/api/polsim.c includes it for polsim_diff (polsim.h); the command line
 * reaches it only through that.
 *
 * The two worlds are compared by names and values, never by pointers, so
 * they may come from different texts: definitions at top level, main's
 * policies in force at the end of its timeline, the scenarios, and with
 * results the market model's figures of main and of each scenario in both.
 *
 * Ownership: every string of a WorldChange is the engine's, valid during
 * the callback only; world_diff frees them all before it returns. */
#ifndef POLSIM_WORLDDIFF_H
#define POLSIM_WORLDDIFF_H
#include "interp.h"

/* One difference; a field that does not apply is NULL. */
typedef struct WorldChange {
    const char *section;    /* definitions, policies, scenarios, results */
    const char *scope;      /* "main", or the scenario being compared */
    const char *change;     /* added, removed, changed, lifted */
    const char *kind;       /* chip, let, policy, scenario, market, ... */
    const char *name;       /* the entity, the policy's statement, or the market */
    const char *field;      /* the field or figure that changed */
    const char *old, *new_; /* the values as polsim prints them */
    const char *delta;      /* a figure's change ("+300 PFLOPS") */
    const char *at;         /* where it is defined now (or was, when removed) */
    const char *text;       /* the line of `polsim diff`'s text output, without its indent */
    const char *json;       /* the line of `polsim diff --format json`, without its newline */
} WorldChange;

typedef void (*WorldChangeFn)(void *data, const WorldChange *c);

/* Hands fn (when not NULL) every difference from a's world (the old one) to
 * b's, in order; a scenario's difference that main or the scenario it
 * extends already has is not repeated. Returns how many, or -1 when results
 * are compared and the model could not run in either interpreter (the
 * error reported through that interpreter's Diag; the differences found
 * before it were handed on). a and b may be the same interpreter. */
int world_diff(Interp *a, Interp *b, bool results, WorldChangeFn fn, void *data);
#endif
