/* budget.h: limits for running untrusted scenarios (--max-steps, --max-time,
 * --max-memory). The state is process-wide: polsim runs one interpreter at a
 * time. A step or time limit that runs out is a located runtime error at the
 * expression being evaluated (exit 65); memory is capped with RLIMIT_AS, so
 * an allocation past it takes the out-of-memory exit (70, see arena.h). */
#ifndef POLSIM_BUDGET_H
#define POLSIM_BUDGET_H
#include "source.h"
#include <stdbool.h>
#include <stddef.h>

enum { BUDGET_EXIT_TIME = 65 };

/* Defaults a normal study never meets and a runaway file always does. */
#define BUDGET_DEFAULT_STEPS 1000000000ULL
#define BUDGET_DEFAULT_SECONDS 600.0
#define BUDGET_DEFAULT_MEMORY (4ULL << 30)

struct Interp;
/* Caps the address space at bytes (0: no cap); a lower limit already in
 * force (ulimit -v) is kept. False, with *why, if the cap cannot be set
 * (sanitizer builds reserve terabytes of address space). */
bool budget_memory(unsigned long long bytes, const char **why);
/* Starts the wall-clock limit (0: none). When it runs out the next
 * evaluation step fails; if the run is not back in the evaluator within two
 * more seconds, polsim prints the message and exits with BUDGET_EXIT_TIME. */
void budget_time(double seconds);
/* Stops the clock (before the REPL waits for a person) and forgets a timeout. */
void budget_time_stop(void);
/* (Re)arms the step counter with n evaluation steps (0: unlimited). */
void budget_steps(unsigned long long n);
/* One evaluation step at `at`: fails the statement (eval_fail) when a limit is used up. */
void budget_step(struct Interp *I, Loc at);
/* Steps a study point or Monte Carlo run costs beyond its evaluation: it
 * runs the market model in a world of its own (docs/language.md, budgets). */
enum { BUDGET_STEPS_PER_POINT = 100 };
/* Steps a stretch of the period model costs (a model run of every market):
 * a read 2,000 years out counts its 8,000 quarters. */
enum { BUDGET_STEPS_PER_STRETCH = 100 };
/* n steps at once (a study point: BUDGET_STEPS_PER_POINT), as budget_step. */
void budget_charge(struct Interp *I, Loc at, unsigned long long n);
/* "512M", "4G", "1048576" -> bytes; false if malformed or zero. */
bool budget_parse_size(const char *s, unsigned long long *out);
#endif
