/* fuzz_laws.c: libFuzzer harness for the laws of docs/language.md
 * ("Contexts"): the input bytes choose a generated program (tests/laws/
 * lawgen.h), which runs in a fresh interpreter as `polsim test` would; a
 * failed assert or an error is a violated law, reported as a crash (abort)
 * with the program on stderr. Build and run: make fuzz, make fuzz-smoke. */
#include "../laws/lawgen.h"
#include "fuzz_interp.h"
#include <stdio.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static FILE *devnull;
    if (!devnull) devnull = fopen("/dev/null", "w");
    LawRng r = {.data = data, .size = size, .state = 0x9E3779B97F4A7C15ull ^ size};
    LawProgram p = {0};
    law_program(&r, &p);
    char *text = law_text(&p, -1, NULL);
    Interp I;
    Options opt = {.mode = p.halves ? MODE_RUN : MODE_TEST, .no_history = !p.history};
    char *out = NULL;
    size_t outlen = 0;
    FILE *report = p.halves ? open_memstream(&out, &outlen) : devnull;
    budget_steps(FUZZ_STEPS * 100);
    interp_init(&I, &opt);
    I.diag.out = devnull;
    I.report.out = report;
    interp_load_prelude(&I);
    RunStatus st = interp_run_text(&I, "<law>", text, strlen(text), false);
    if (p.halves) fclose(report);
    bool halves_ok = !p.halves || law_two_halves(out, outlen);
    free(out);
    if (I.asserts_failed || st != RUN_OK || I.diag.errors || !halves_ok) {
        fprintf(stderr, "law %s violated (history %s):\n%s", p.law, p.history ? "on" : "off", text);
        abort();
    }
    interp_free(&I);
    free(text);
    law_free(&p);
    return 0;
}
