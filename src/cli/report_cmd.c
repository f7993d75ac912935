/* report_cmd.c: `polsim report FILE... [-o OUT.html]`. Runs the files as
 * `polsim --format json` would, into memory, then writes one HTML page
 * (html.h) of the results, charts, traces, sources and provenance. */
#include "report_cmd.h"
#include "polsim.h"
#include "provenance.h"
#include "safefile.h"
#include "usage.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { REPORT_ASSERT = 1, REPORT_DATAERR = 65, REPORT_NOINPUT = 66, REPORT_IOERR = 74 };

static const char REPORT_USAGE[] =
    "usage: polsim report [OPTIONS] FILE... [-o OUT.html]\n"
    "  one self-contained HTML page of the files' results: values, comparisons,\n"
    "  explain and classify traces, asserts, plots as inline SVG, the sources of\n"
    "  every definition a result names, and the run's provenance\n"
    "  -o, --output FILE        write the page here (default: standard output)\n"
    "  --no-prelude             start with an empty world (no stdlib)\n"
    "  --stdlib DIR             load the prelude from DIR/prelude.pol\n"
    "  --allow-any-import       let imports leave the file's folder\n"
    "exit status: 0 written, 1 written with a failed assert, 2 wrong usage,\n"
    "65 an error in a file (no page), 66 a file that cannot be read, 74 the page\n"
    "cannot be written.\n";

typedef struct ReportArgs {
    polsim_options opt;
    const char *files[256];
    int nfiles;
    const char *output;
} ReportArgs;

static int report_usage(const char *fmt, const char *arg) { return cli_usage("report", fmt, arg); }

/* Options and files; 0, or the exit status of a usage error (-1: --help). */
static int report_parse(int argc, char **argv, ReportArgs *a)
{
    polsim_options_init(&a->opt);
    a->opt.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    a->opt.diagnostics = stderr;
    a->opt.stdlib_dir = getenv("POLSIM_STDLIB");
    if (a->opt.stdlib_dir && !*a->opt.stdlib_dir) a->opt.stdlib_dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        bool takes = strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0 || strcmp(s, "--stdlib") == 0;
        if (takes && (i + 1 >= argc || !*argv[i + 1])) return report_usage("%s needs a value", s);
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) return -1;
        else if (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) a->output = argv[++i];
        else if (strcmp(s, "--stdlib") == 0) a->opt.stdlib_dir = argv[++i];
        else if (strcmp(s, "--no-prelude") == 0) a->opt.stdlib = 0;
        else if (strcmp(s, "--allow-any-import") == 0) a->opt.any_import = 1;
        else if (s[0] == '-') return report_usage("unknown option '%s' for report", s);
        else if (a->nfiles == 256) return report_usage("too many files%s", "");
        else a->files[a->nfiles++] = s;
    }
    if (a->nfiles == 0) return report_usage("'polsim report' needs at least one file%s", "");
    return 0;
}

/* The page, title and all, from the JSON results and the session's
 * definitions; to a file through safefile.h (the old page stays whole until
 * the new one is). */
static int write_page(polsim_session *s, const ReportArgs *a, const char *json, size_t len)
{
    char title[1024] = "", err[256], why[256] = "write error";
    for (int i = 0; i < a->nfiles; i++)
        snprintf(title + strlen(title), sizeof title - strlen(title), "%s%s", i ? ", " : "", a->files[i]);
    bool to_file = a->output && strcmp(a->output, "-") != 0;
    SafeFile *f = to_file ? safefile_open(a->output, NULL, why, sizeof why) : NULL;
    if (to_file && !f) {
        fprintf(stderr, "polsim: error: cannot write '%s': %s\n", a->output, why);
        return REPORT_IOERR;
    }
    FILE *out = f ? safefile_stream(f) : stdout;
    bool ok = polsim_html(s, title, json, len, out, err, sizeof err) == 0;
    bool bad = ferror(out) != 0;
    if (bad) snprintf(why, sizeof why, "%s", strerror(errno));
    if (f && ok && !bad) bad = !safefile_commit(f, why, sizeof why);
    else if (f) safefile_abort(f);
    if (!ok) fprintf(stderr, "polsim: error: %s\n", err);
    if (bad) fprintf(stderr, "polsim: error: cannot write '%s': %s\n", to_file ? a->output : "standard output", why);
    return !ok ? REPORT_DATAERR : bad ? REPORT_IOERR : 0;
}

/* Runs the files with results as JSON into *json (malloc'd, *len bytes), on
 * one step budget; 0 or the exit status. *failed: the asserts that failed. */
static int run_files(polsim_session *s, const ReportArgs *a, char **json, size_t *len, int *failed)
{
    FILE *mem = open_memstream(json, len);
    if (!mem) return REPORT_IOERR;
    polsim_set_output(s, POLSIM_JSON, mem);
    int status = 0;
    for (int i = 0; i < a->nfiles && !status; i++) {
        const polsim_result *r = polsim_run_ex(s, a->files[i], NULL, 0, NULL, POLSIM_RUN_SHARED_BUDGET);
        polsim_status st = polsim_result_status(r);
        *failed += polsim_result_asserts_failed(r);
        if (st == POLSIM_NOINPUT || st == POLSIM_ERROR) status = st == POLSIM_NOINPUT ? REPORT_NOINPUT : REPORT_DATAERR;
    }
    if (!status) {
        Provenance p;
        provenance_of(s, a->opt.stdlib, &p);
        provenance_print(mem, POLSIM_JSON, &p, s);
    }
    polsim_set_output(s, POLSIM_JSON, NULL);
    fclose(mem);
    return status;
}

int report_main(int argc, char **argv)
{
    ReportArgs a = {0};
    int rc = report_parse(argc, argv, &a);
    if (rc == -1) {
        fputs(REPORT_USAGE, stdout);
        return 0;
    }
    if (rc) return rc;
    polsim_status st;
    polsim_session *s = polsim_open_ex(&a.opt, &st, NULL, 0);
    char *json = NULL;
    size_t len = 0;
    int failed = 0, status;
    if (!s) {
        fprintf(stderr, "polsim: error: the prelude failed to load\n");
        status = st == POLSIM_NOINPUT ? REPORT_NOINPUT : REPORT_DATAERR;
    } else status = run_files(s, &a, &json, &len, &failed);
    if (status) fprintf(stderr, "polsim: no report written: the run stopped at an error\n");
    else status = write_page(s, &a, json, len);
    if (!status && failed) status = REPORT_ASSERT;
    free(json);
    polsim_close(s);
    return status;
}
