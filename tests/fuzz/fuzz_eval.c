/* fuzz_eval.c: libFuzzer harness for the whole interpreter. Each input is
 * parsed and run as a scenario file in a fresh interpreter (prelude loaded,
 * output discarded): evaluation, policies, the market model and reports.
 * Anything a file contains must end in a message or a result, never a crash,
 * a leak or undefined behaviour. Build and run: make fuzz, make fuzz-smoke. */
#include "fuzz_interp.h"
#include <stdio.h>

/* libFuzzer's entry point: one input, one fresh interpreter. */
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static FILE *devnull;
    if (!devnull) devnull = fopen("/dev/null", "w");
    Interp I;
    fuzz_interp_init(&I, devnull);
    interp_run_text(&I, "<fuzz>", (const char *)data, size, false);
    interp_free(&I);
    return 0;
}
