/* fuzz_run.c: libFuzzer harness. Each input is parsed and run as a scenario
 * file in a fresh interpreter (prelude loaded, output discarded). Anything a
 * file contains must end in a message or a result, never a crash, a leak or
 * undefined behaviour. Build and run: make fuzz (clang). */
#include "interp.h"
#include <stdio.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static FILE *devnull;
    if (!devnull) devnull = fopen("/dev/null", "w");
    Options opt = {0};
    Interp I;
    interp_init(&I, &opt);
    I.diag.out = devnull;
    I.report.out = devnull;
    interp_load_prelude(&I);
    interp_run_text(&I, "<fuzz>", (const char *)data, size, false);
    interp_free(&I);
    return 0;
}
