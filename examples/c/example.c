/* example.c: libpolsim from C (docs/api.md). Opens a session with the
 * stdlib, runs a few statements, walks the records and their figures,
 * prints one number in base units, shows a located error, and writes the
 * results as JSON lines. Build it against an installed polsim with
 *     cc example.c $(pkg-config --cflags --libs polsim)
 * Usage: example [FILE]: without FILE it runs the statements below. */
#include <polsim.h>
#include <stdio.h>
#include <string.h>

static const char SCENARIO[] =
    "print H20.tpp, H20.bandwidth\n"
    "compare H20, H100 on tpp\n"
    "assert H20.tpp < 4800 \"the H20 is under the 4800 TPP line\"\n";

int main(int argc, char **argv)
{
    polsim_options opt;
    polsim_options_init(&opt);
    opt.max_steps = 100000000; /* a runaway file stops with a located error */
    char err[256];
    polsim_session *s = polsim_open(&opt, err, sizeof err);
    if (!s) {
        fprintf(stderr, "example: %s\n", err);
        return 1;
    }
    const polsim_result *r = argc > 1 ? polsim_run_file(s, argv[1]) : polsim_run(s, "scenario", SCENARIO, (size_t)-1);
    for (size_t i = 0; i < polsim_result_count(r); i++) {
        const polsim_record *rec = polsim_result_record(r, i);
        printf("%s at %s:%d:%d (%zu figures)\n", polsim_record_type(rec), polsim_record_file(rec),
               polsim_record_line(rec), polsim_record_column(rec), polsim_record_count(rec));
        for (size_t k = 0; k < polsim_record_count(rec); k++) {
            const polsim_value *v = polsim_record_value(rec, k);
            const char *subject = polsim_value_subject(v), *metric = polsim_value_metric(v);
            printf("  %s%s%s = %s", subject ? subject : "", subject ? " " : "", metric ? metric : "(value)",
                   polsim_value_text(v));
            if (polsim_value_kind_of(v) == POLSIM_NUMBER)
                printf("  [%.15g %s]", polsim_value_number(v), polsim_value_unit(v));
            putchar('\n');
        }
        if (polsim_record_kind_of(rec) == POLSIM_REC_ASSERT)
            printf("  %s: %s\n", polsim_record_verdict(rec) ? "passed" : "FAILED", polsim_record_message(rec));
    }
    int status = polsim_result_status(r);

    /* definitions persist: a second run sees the first; an error is a record */
    r = polsim_run(s, "second", "let bw = H20.bandwidth\nprint bw / 2\nprint H21.tpp\n", (size_t)-1);
    const polsim_record *e = polsim_result_error(r);
    if (e) printf("error at %s:%d:%d: %s\n", polsim_record_file(e), polsim_record_line(e), polsim_record_column(e),
                  polsim_record_message(e));
    printf("JSON:\n");
    polsim_render(r, POLSIM_JSON, stdout);
    polsim_close(s);
    return status;
}
