/* context.h: the context a question is read in (docs/internals.md,
 * "Contexts"). A context is the scenario, the moment (a day, and the
 * period whose flows are read), the study run (index and seed, or none)
 * and whether the recorded history applies (the scenario's Env says). Every
 * reader asks ctx_state for the state of the world it reads; none builds a
 * world by hand.
 *
 * Contexts nest as frames on one stack in the Interp. ctx_enter saves every
 * field a frame may change; the caller then changes them; ctx_leave puts
 * them back and frees what the frame owns. interp_try, the one guard, leaves
 * every frame entered since it began when an error unwinds to it, so no
 * reader needs a setjmp of its own.
 *
 * Ownership: the stack and the derived-scenario table are malloc'd by the
 * Interp and freed by interp_free. A frame entered with release frees, when
 * it is left, the arena memory and snapshots made inside it and the rule
 * verdicts kept for entities made inside it (memo_release); ctx_own hands
 * a frame a malloc'd block to free when it is left. */
#ifndef POLSIM_CONTEXT_H
#define POLSIM_CONTEXT_H
#include "interp.h"

/* Pushes a frame saving the current context; returns its index. With
 * release, what is allocated in the arena and the snapshots forked inside
 * the frame are freed when it is left (nothing made inside may outlive it),
 * and so are the verdicts the memo keeps on entities made inside it. */
int ctx_enter(Interp *I, bool release);
/* Leaves frame f and every frame above it, innermost first. */
void ctx_leave(Interp *I, int f);
/* Frame f frees p (malloc'd) when it is left, by an error too. */
void ctx_own(Interp *I, int f, void *p);
/* The frame just entered becomes a dynamic context: a study point, a simulation run or a
 * solve step. Scenarios read inside it are read afresh (see ctx_base), and
 * a new serial keeps every cached rule verdict of another context out. */
void ctx_dynamic(Interp *I);

/* The Env a scenario is read from in the current context: env's own base
 * (the scenario, not one of its timeline states); inside a dynamic context
 * a fork of it made for that context (drawn for the run when sampling),
 * unless env was made inside the context itself and needs no draw. */
Env *ctx_base(Interp *I, Env *env);
/* The state of env's scenario at the current moment (I->day), in the
 * current study run: what every reader reads. */
Env *ctx_state(Interp *I, Env *env);
/* The same at day (INFINITY: the end of the timeline). */
Env *ctx_state_at(Interp *I, Env *env, double day);
/* e read in env's state at the current moment, with `chip` meaning subject. */
Value ctx_read(Interp *I, Env *env, const Entity *subject, Expr *e);
#endif
