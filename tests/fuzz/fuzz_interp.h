/* fuzz_interp.h: the interpreter the evaluating harnesses (fuzz_eval.c,
 * fuzz_repl.c) run each input in: fresh, output to `out`, prelude loaded,
 * and a step budget. The caller frees it with interp_free. */
#ifndef POLSIM_FUZZ_INTERP_H
#define POLSIM_FUZZ_INTERP_H
#include "budget.h"
#include "interp.h"
#include <stdio.h>

/* An input's evaluation stops after FUZZ_STEPS steps, as under --max-steps
 * (a study point or Monte Carlo run counts 100): a 100,000-run Monte Carlo
 * of the seed corpus would outlast the 10 s per-input timeout under the
 * sanitizers. */
enum { FUZZ_STEPS = 100000 };

static inline void fuzz_interp_init(Interp *I, FILE *out)
{
    Options opt = {0};
    budget_steps(FUZZ_STEPS);
    interp_init(I, &opt);
    I->diag.out = out;
    I->report.out = out;
    interp_load_prelude(I);
}
#endif
