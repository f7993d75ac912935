/* repl.h: the interactive loop (GNU readline). With a terminal on stdin it
 * shows a banner and prompts, edits lines with readline, keeps history under
 * $XDG_STATE_HOME/polsim/history (or ~/.polsim_history), completes with Tab,
 * continues unfinished statements on `...>` lines and understands the
 * meta-commands :help :load :list :save :reset :quit. Without a terminal
 * (polsim -i FILE < script) it reads the same input silently. */
#ifndef POLSIM_REPL_H
#define POLSIM_REPL_H
#include "polsim.h"
/* Runs until :quit or end of input, in s's current state (which it may reset
 * with :reset); opt holds the options s was opened with (:save's header
 * repeats them) and failed the asserts that failed in s before (polsim -i
 * FILE). Statements run on s's step budget (POLSIM_RUN_SHARED_BUDGET) and
 * print to s's output (polsim_set_output). Returns the exit status: 0 on a
 * terminal; without one, 66 after a :load of a file that cannot be read,
 * else 65 after an input or meta-command that failed, 1 after a failed
 * assert, else 0. Completion is polsim_complete's. */
int repl_run(polsim_session *s, const polsim_options *opt, int failed);
#endif
