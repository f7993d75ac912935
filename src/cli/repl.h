/* repl.h: the interactive loop (GNU readline). With a terminal on stdin it
 * shows a banner and prompts, edits lines with readline, keeps history under
 * $XDG_STATE_HOME/polsim/history (or ~/.polsim_history), completes with Tab,
 * continues unfinished statements on `...>` lines and understands the
 * meta-commands :help :load :list :save :reset :quit. Without a terminal
 * (polsim -i FILE < script) it reads the same input silently. */
#ifndef POLSIM_REPL_H
#define POLSIM_REPL_H
#include "interp.h"
/* Runs until :quit or end of input, in I's current state (which it may reset
 * with :reset); returns the exit status: 0 on a terminal; without one, 66
 * after a :load of a file that cannot be read, else 65 after an input or
 * meta-command that failed, 1 after a failed assert, else 0. */
int repl_run(Interp *I);
/* Receives one completion candidate: a word (borrowed, valid during the
 * call) and what Tab would add after it (":" after a field name) or NULL. */
typedef void (*ReplCandidateFn)(void *data, const char *word, const char *suffix);
/* Tab completion without readline (the language server): calls fn with every
 * word the REPL would offer at the end of text[0..len), which holds the
 * statements so far up to where the word under the cursor starts, against
 * I's current state. prefix is the part of that word typed so far (NULL or
 * "" for none); it only chooses what is offered after S. (S a scenario: its
 * own names, or every name of its state when none of those fits the prefix).
 * Words are not filtered by the prefix. */
void repl_candidates_at(Interp *I, const char *text, size_t len, const char *prefix, ReplCandidateFn fn, void *data);
#endif
