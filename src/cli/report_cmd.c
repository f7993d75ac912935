/* report_cmd.c: `polsim report FILE... [-o OUT.html]`. Runs the files as
 * `polsim --format json` would, into memory, then writes one HTML page
 * (html.h) of the results, charts, traces, sources and provenance. */
#include "report_cmd.h"
#include "budget.h"
#include "html.h"
#include "interp.h"
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
    Options opt;
    const char *files[256];
    int nfiles;
    const char *output;
} ReportArgs;

static int report_usage(const char *fmt, const char *arg) { return cli_usage("report", fmt, arg); }

/* Options and files; 0, or the exit status of a usage error (-1: --help). */
static int report_parse(int argc, char **argv, ReportArgs *a)
{
    a->opt.mode = MODE_RUN;
    a->opt.format = FMT_JSON;
    a->opt.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    a->opt.stdlib_dir = getenv("POLSIM_STDLIB");
    if (a->opt.stdlib_dir && !*a->opt.stdlib_dir) a->opt.stdlib_dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        bool takes = strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0 || strcmp(s, "--stdlib") == 0;
        if (takes && (i + 1 >= argc || !*argv[i + 1])) return report_usage("%s needs a value", s);
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) return -1;
        else if (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) a->output = argv[++i];
        else if (strcmp(s, "--stdlib") == 0) a->opt.stdlib_dir = argv[++i];
        else if (strcmp(s, "--no-prelude") == 0) a->opt.no_prelude = true;
        else if (strcmp(s, "--allow-any-import") == 0) a->opt.any_import = true;
        else if (s[0] == '-') return report_usage("unknown option '%s' for report", s);
        else if (a->nfiles == 256) return report_usage("too many files%s", "");
        else a->files[a->nfiles++] = s;
    }
    if (a->nfiles == 0) return report_usage("'polsim report' needs at least one file%s", "");
    return 0;
}

/* html.h's lookup: a name defined at top level, with its kind, place and source. */
static bool lookup_definition(void *ctx, const char *name, const char **kind, const char **at, const char **source)
{
    Interp *I = ctx;
    const Binding *b = env_lookup(I->main, intern_cstr(&I->names, name));
    if (!b || !b->entity) return false;
    *kind = entity_kind_name(b->entity->kind);
    *at = loc_text(I, b->entity->loc);
    *source = entity_source(b->entity);
    return true;
}

/* The page, title and all, from the JSON results and I's definitions; to a
 * file through safefile.h (the old page stays whole until the new one is). */
static int write_page(Interp *I, const ReportArgs *a, const char *json)
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
    bool ok = html_report(out, title, json, lookup_definition, I, err, sizeof err);
    bool bad = ferror(out) != 0;
    if (bad) snprintf(why, sizeof why, "%s", strerror(errno));
    if (f && ok && !bad) bad = !safefile_commit(f, why, sizeof why);
    else if (f) safefile_abort(f);
    if (!ok) fprintf(stderr, "polsim: error: %s\n", err);
    if (bad) fprintf(stderr, "polsim: error: cannot write '%s': %s\n", to_file ? a->output : "standard output", why);
    return !ok ? REPORT_DATAERR : bad ? REPORT_IOERR : 0;
}

/* Runs the files with results as JSON into *json (malloc'd); 0 or the exit status. */
static int run_files(Interp *I, const ReportArgs *a, char **json)
{
    size_t len = 0;
    FILE *mem = open_memstream(json, &len);
    if (!mem) return REPORT_IOERR;
    I->report.out = mem;
    int status = 0;
    if (!interp_load_prelude(I)) {
        fprintf(stderr, "polsim: error: the prelude failed to load\n");
        status = I->diag.input_error ? REPORT_NOINPUT : REPORT_DATAERR;
    }
    budget_steps(BUDGET_DEFAULT_STEPS);
    for (int i = 0; i < a->nfiles && !status; i++) {
        const char *slash = strrchr(a->files[i], '/');
        char dir[4096];
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - a->files[i]) : 1, slash ? a->files[i] : ".");
        interp_set_root(I, slash == a->files[i] ? "/" : dir);
        if (interp_run_file(I, a->files[i]) != RUN_OK)
            status = I->diag.input_error ? REPORT_NOINPUT : REPORT_DATAERR;
    }
    if (!status) {
        Provenance p;
        provenance_of(&I->sources, !a->opt.no_prelude, &p);
        provenance_print(mem, FMT_JSON, &p, &I->sources);
    }
    I->report.out = stdout;
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
    Interp I;
    interp_init(&I, &a.opt);
    char *json = NULL;
    int status = run_files(&I, &a, &json);
    if (status) fprintf(stderr, "polsim: no report written: the run stopped at an error\n");
    else status = write_page(&I, &a, json);
    if (!status && I.asserts_failed) status = REPORT_ASSERT;
    free(json);
    interp_free(&I);
    return status;
}
