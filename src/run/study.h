/* study.h: uncertain figures (uncertain.c) and studies: sweeps, simulations
 * and `EXPR over N runs` (study.c). Shared by the evaluator's modules.
 * Everything these functions allocate lives in the interpreter's arena. */
#ifndef POLSIM_STUDY_H
#define POLSIM_STUDY_H
#include "interp.h"

/* The distributions of the language (docs/language.md, "Uncertain figures"). */
typedef enum { DIST_UNIFORM, DIST_TRIANGULAR, DIST_NORMAL, DIST_LOGNORMAL, DIST_CHOICE } DistKind;

/* central in lo .. hi (E_RANGE). */
Value uncertain_range(Interp *I, Expr *e);
/* uniform(...), triangular(...), ...: vals/exprs are the n arguments. */
Value uncertain_call(Interp *I, DistKind kind, const Value *vals, Expr *const *exprs, int n, Loc loc);
/* What a let or field stores: v, marked as uncertain (to be drawn again from
 * e in each run) when its evaluation read an uncertain figure. */
Value uncertain_keep(Interp *I, Value v, Expr *e);
/* Evaluates e (in env, or the current state when NULL), the value of the figure called name (a let) or owner.name (a
 * field), so that draws in it are keyed by that name; then uncertain_keep. */
Value uncertain_figure(Interp *I, Env *env, const char *owner, const char *name, Expr *e);
/* e evaluated in env for the current run, its draws keyed by their place
 * (file and offset), as a policy's or an order's figure. */
Value uncertain_redraw(Interp *I, Env *env, Expr *e);
/* A stored value as read now: in a simulation run, an uncertain one is drawn
 * again from its expression in the current state; otherwise v itself. */
Value uncertain_read(Interp *I, Value v);
/* Forks env for run I->run: every entity with an uncertain field is rebound
 * to a copy whose fields are drawn for this run (the model then reads them
 * through new facts). uncertain: the entities (from uncertain_entities). */
Env *uncertain_world(Interp *I, Env *env, Entity *const *uncertain, size_t n);
/* e drawn for the current run in env (e itself when no field is uncertain). */
Entity *uncertain_drawn(Interp *I, Env *env, Entity *e);
/* The entities of env with an uncertain field, in definition order: the
 * Interp's array (unc_list), good until the next call for another env. */
Entity **uncertain_entities(Interp *I, Env *env, size_t *n);

/* Statements and expressions (study.c). */
void exec_sweep(Interp *I, const Stmt *s);
void exec_simulate(Interp *I, const Stmt *s);
Value eval_over(Interp *I, Expr *e);
/* d.p5, d.mean, ...: an attribute of a distribution value. */
Value summary_attr(Interp *I, Value d, const char *name, Loc loc);
/* percentile(d, q). */
Value summary_percentile(Interp *I, Value d, Quantity q, Loc qloc);
/* The sweep variable called name in scope, or NULL. */
const Value *study_var(const Interp *I, const char *name);
#endif
