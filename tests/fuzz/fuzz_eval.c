/* fuzz_eval.c: libFuzzer harness for the whole interpreter. Each input is
 * parsed and run as a scenario file in a fresh interpreter (prelude loaded,
 * output discarded): evaluation, policies, the market model and reports.
 * Anything a file contains must end in a message or a result, never a crash,
 * a leak or undefined behaviour. Build and run: make fuzz, make fuzz-smoke. */
#include "budget.h"
#include "interp.h"
#include <stdio.h>

/* libFuzzer's entry point: one input, one fresh interpreter. */
enum { FUZZ_STEPS = 100000 };

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static FILE *devnull;
    if (!devnull) devnull = fopen("/dev/null", "w");
    Options opt = {0};
    /* An input's evaluation stops after FUZZ_STEPS steps, as under --max-steps (a study
     * point or Monte Carlo run counts 100):
     * a 100,000-run Monte Carlo of the seed corpus would outlast the 10 s
     * per-input timeout under the sanitizers. */
    budget_steps(FUZZ_STEPS);
    Interp I;
    interp_init(&I, &opt);
    I.diag.out = devnull;
    I.report.out = devnull;
    interp_load_prelude(&I);
    interp_run_text(&I, "<fuzz>", (const char *)data, size, false);
    interp_free(&I);
    return 0;
}
