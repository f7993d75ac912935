/* repl.h: the interactive loop (GNU readline). */
#ifndef POLSIM_REPL_H
#define POLSIM_REPL_H
#include "interp.h"
/* Runs until :quit or end of input; returns the exit status. */
int repl_run(Interp *I);
#endif
