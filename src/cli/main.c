/* main.c: the command line. See `polsim --help` and docs/language.md. */
#include "arena.h"
#include "diag.h"
#include "diff.h"
#include "usage.h"
#include "fmt.h"
#include "lsp.h"
#include "polsim.h"
#include "provenance.h"
#include "report_cmd.h"
#include "repl.h"
#include "safefile.h"
#include "sources.h"
#include "termtext.h"
#include "version.h"
#include <math.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


enum { EXIT_ASSERT = 1, EXIT_USAGE = 2, EXIT_DATAERR = 65, EXIT_NOINPUT = 66, EXIT_IOERR = 74 };

static const char USAGE[] =
    "usage: polsim [OPTIONS] [FILE...]       run scenario files and print the report\n"
    "       polsim [OPTIONS]                  REPL on a terminal; otherwise read a script from stdin\n"
    "       polsim -i FILE                    run FILE, then open the REPL with its state\n"
    "       polsim -e 'STATEMENTS'            run statements given here\n"
    "       polsim check FILE...              parse and check names and units; print nothing else\n"
    "       polsim test PATH...               run the asserts of files (folders: every .pol inside)\n"
    "       polsim diff OLD.pol NEW.pol       what changed between two scenario files\n"
    "       polsim diff REV -- FILE           what changed in FILE since git revision REV\n"
    "                                         (see 'polsim diff --help')\n"
    "       polsim fmt [--check] [FILE...]    lay files out canonically, in place (no FILE or -: stdin\n"
    "                                         to stdout); --check lists the files that would change\n"
    "       polsim lsp                        a language server on stdin/stdout for editors\n"
    "       polsim sources NAME [FILE...]     the sources behind a definition (docs/sources.md)\n"
    "       polsim report FILE... [-o OUT.html]  one HTML page of the results, charts, traces and\n"
    "                                         sources (see 'polsim report --help')\n"
    "\n"
    "options:\n"
    "  -e, --eval TEXT         statements to run (may repeat; runs after any FILEs)\n"
    "  -i, --interactive       open the REPL after running the files\n"
    "  --format text|json|csv  how results are printed (json: one object per line)\n"
    "  -o, --output FILE       write the results to FILE, whole or not at all: the old FILE\n"
    "                          stays until the run ends without an error\n"
    "  --no-prelude            start with an empty world (no stdlib)\n"
    "  --no-history            leave out the stdlib's dated statements: a policy-free world\n"
    "  --stdlib DIR            load the prelude from DIR/prelude.pol (also: POLSIM_STDLIB)\n"
    "  --allow-any-import      let imports use absolute paths or leave the file's folder\n"
    "  --color auto|always|never  colour diagnostics (default auto; NO_COLOR disables)\n"
    "  --max-steps N           stop after N evaluation steps (default 1e9; 0: no limit)\n"
    "  --max-time SECONDS      stop after this wall-clock time, not counting the REPL\n"
    "                          (default 600; 0: no limit)\n"
    "  --max-memory SIZE       cap memory, e.g. 512M or 2G (default 4G; 0: no limit)\n"
    "  --shard K/N             run the K-th of N slices of every sweep and simulate (1 <= K <= N);\n"
    "                          only shard 1 prints the CSV header and what is outside studies\n"
    "  -h, --help              this help\n"
    "  -V, --version           print the version\n"
    "\n"
    "exit status: 0 success, 1 a failed assert, 2 wrong usage, 65 an error in a scenario\n"
    "(or a step or time limit reached), 66 an input that cannot be opened or read,\n"
    "70 out of memory, 74 output that cannot be written.\n";

typedef struct Cli {
    polsim_options opt;  /* stdlib, history, stdlib_dir, any_import, color, shard */
    polsim_format format;
    const char *evals[32];
    int nevals;
    const char *files[256];
    int nfiles;
    bool interactive;
    const char *command; /* NULL, "check" or "test" */
    const char *output;  /* --output FILE, or NULL: standard output */
    unsigned long long max_steps, max_memory;
    double max_time;
    int provenance; /* --provenance 1, --no-provenance 0, neither -1 (on for json) */
} Cli;

static int usage_error(const char *fmt, const char *arg) { return cli_usage(NULL, fmt, arg); }

/* The end of every run: buffered results are written out, and a failure to
 * write them (a full disk) is an error, EXIT_IOERR. A reader that went away
 * (`polsim FILE | head -1`) is a normal end: it asked for no more. */
static int finish_output(int status)
{
    errno = 0;
    bool bad = fflush(stdout) != 0 || ferror(stdout);
    int err = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = true;
        err = errno;
    }
    if (!bad || err == EPIPE) return status;
    fprintf(stderr, "polsim: error: cannot write output: %s\n", err ? strerror(err) : "write error");
    return EXIT_IOERR;
}

/* Descriptors 0-2 found closed get /dev/null opened the other way round
 * (stdin for writing, stdout and stderr for reading): reads and writes
 * there fail as on a closed descriptor, but no file polsim opens later can
 * take the slot and receive its output. True when stdin was closed. */
static bool hold_std_fds(void)
{
    bool stdin_closed = false;
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        stdin_closed |= fd == 0;
        int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (got >= 0 && got != fd) {
            dup2(got, fd);
            close(got);
        }
    }
    return stdin_closed;
}

static bool stdin_closed; /* hold_std_fds found standard input closed */

/* --output FILE: standard output becomes a temporary file beside FILE
 * (safefile.h), renamed over it by finish_run_output. NULL after a message. */
static SafeFile *open_run_output(const char *path)
{
    char why[256];
    SafeFile *f = safefile_open(path, NULL, why, sizeof why);
    if (!f) {
        fprintf(stderr, "polsim: error: cannot write '%s': %s\n", path, why);
        return NULL;
    }
    fflush(stdout);
    if (dup2(fileno(safefile_stream(f)), STDOUT_FILENO) < 0) {
        fprintf(stderr, "polsim: error: cannot write '%s': %s\n", path, strerror(errno));
        safefile_abort(f);
        return NULL;
    }
    term_refresh(); /* standard output is a file now, not a terminal */
    return f;
}

/* The end of a run with --output: the results replace path when the run
 * ended without an error (status 0, or 1 for a failed assert) and were all
 * written; otherwise path is left as it was. The exit status. */
static int finish_run_output(SafeFile *f, const char *path, int status)
{
    char why[256];
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "polsim: error: cannot write '%s': %s (it is left as it was)\n", path,
                errno ? strerror(errno) : "write error");
        safefile_abort(f);
        return EXIT_IOERR;
    }
    if (status != 0 && status != EXIT_ASSERT) {
        fprintf(stderr, "polsim: nothing written to '%s': the run stopped at an error\n", path);
        safefile_abort(f);
        return status;
    }
    if (!safefile_commit(f, why, sizeof why)) {
        fprintf(stderr, "polsim: error: cannot write '%s': %s (it is left as it was)\n", path, why);
        return EXIT_IOERR;
    }
    return status;
}

static int parse_format(const char *s, polsim_format *f)
{
    if (strcmp(s, "text") == 0) *f = POLSIM_TEXT;
    else if (strcmp(s, "json") == 0) *f = POLSIM_JSON;
    else if (strcmp(s, "csv") == 0) *f = POLSIM_CSV;
    else return usage_error("unknown format '%s' (use text, json or csv)", s);
    return 0;
}

static int parse_color(const char *s, polsim_options *o)
{
    if (strcmp(s, "always") == 0) o->color = 1;
    else if (strcmp(s, "never") == 0) o->color = 0;
    else if (strcmp(s, "auto") != 0) return usage_error("unknown --color '%s' (use auto, always or never)", s);
    return 0;
}

/* Option with a value: "--format json" or "--format=json". Returns NULL if
 * argv[*i] is not this option, and MISSING if it is but has no value. */
static const char MISSING[] = "";
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) != 0) return NULL;
    if (*i + 1 >= argc) return MISSING;
    return argv[++*i];
}

/* --max-steps N, --max-time SECONDS, --max-memory SIZE ("0": no limit). */
static int parse_limit(const char *opt, const char *v, Cli *c)
{
    char *end;
    if (strcmp(opt, "--max-memory") == 0) {
        if (strcmp(v, "0") == 0) c->max_memory = 0;
        else if (polsim_parse_size(v, &c->max_memory) != 0)
            return usage_error("--max-memory needs a size such as 512M or 4G, not '%s'", v);
        return 0;
    }
    double d = strtod(v, &end);
    if (end == v || *end || !(d >= 0)) return usage_error("%s needs a number of at least 0", opt);
    if (d > 1e15) return usage_error(strcmp(opt, "--max-time") == 0 ? "--max-time is at most 1e15 seconds (0: no limit), not %s"
                                                                    : "--max-steps is at most 1e15 (0: no limit), not %s", v);
    if (strcmp(opt, "--max-time") == 0) c->max_time = d;
    else c->max_steps = (unsigned long long)d;
    return 0;
}

static const char *const LIMIT_OPTIONS[] = {"--max-steps", "--max-time", "--max-memory"};

/* One option with a value at argv[*i]; 1 if argv[*i] is none of them, 0 if
 * taken, EXIT_USAGE on a bad or missing value. */
/* --shard K/N: two whole numbers, 1 <= K <= N. */
static int parse_shard(const char *v, polsim_options *opt)
{
    char *end;
    long k = strtol(v, &end, 10), n = *end == '/' ? strtol(end + 1, &end, 10) : 0;
    if (*end || k < 1 || n < 1 || k > n || n > 1000000)
        return usage_error("--shard needs K/N with 1 <= K <= N, such as 2/4, not '%s'", v);
    opt->shard_k = (int)k;
    opt->shard_n = (int)n;
    return 0;
}

static int value_option(int argc, char **argv, int *i, Cli *c)
{
    const char *v, *a = argv[*i];
    for (int k = 0; k < 3; k++)
        if ((v = option_value(argc, argv, i, LIMIT_OPTIONS[k]))) {
            if (v == MISSING) return usage_error("%s needs a value", LIMIT_OPTIONS[k]);
            return parse_limit(LIMIT_OPTIONS[k], v, c) ? EXIT_USAGE : 0;
        }
    if ((v = option_value(argc, argv, i, "--format")) || (v = option_value(argc, argv, i, "--color"))) {
        if (v == MISSING) return usage_error("%s needs a value", a);
        if (a[2] == 'f') return parse_format(v, &c->format) ? EXIT_USAGE : 0;
        return parse_color(v, &c->opt) ? EXIT_USAGE : 0;
    }
    if ((v = option_value(argc, argv, i, "--shard"))) {
        if (v == MISSING) return usage_error("--shard needs K/N, such as 2/4%s", "");
        return parse_shard(v, &c->opt) ? EXIT_USAGE : 0;
    }
    if ((v = option_value(argc, argv, i, "--output")) || (v = option_value(argc, argv, i, "-o"))) {
        if (v == MISSING || !*v) return usage_error("%s needs a file", a);
        c->output = v;
        return 0;
    }
    if ((v = option_value(argc, argv, i, "--stdlib"))) {
        if (v == MISSING || !*v) return usage_error("--stdlib needs a folder%s", "");
        c->opt.stdlib_dir = v;
        return 0;
    }
    if ((v = option_value(argc, argv, i, "-e")) || (v = option_value(argc, argv, i, "--eval"))) {
        if (v == MISSING) return usage_error("%s needs statements to run", a);
        if (c->nevals == 32) return usage_error("too many -e%s", "");
        c->evals[c->nevals++] = v;
        return 0;
    }
    return 1;
}

static int parse_args(int argc, char **argv, Cli *c)
{
    bool opts_done = false;
    const char *term = getenv("TERM");
    polsim_options_init(&c->opt);
    c->format = POLSIM_TEXT;
    c->opt.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR") && !(term && strcmp(term, "dumb") == 0);
    c->opt.stdlib_dir = getenv("POLSIM_STDLIB");
    if (c->opt.stdlib_dir && !*c->opt.stdlib_dir) c->opt.stdlib_dir = NULL;
    c->max_steps = POLSIM_DEFAULT_STEPS;
    c->max_time = POLSIM_DEFAULT_SECONDS;
    c->max_memory = POLSIM_DEFAULT_MEMORY;
    c->provenance = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rc;
        if (opts_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (!c->command && c->nfiles == 0 && (strcmp(a, "check") == 0 || strcmp(a, "test") == 0) && !opts_done) {
                c->command = a;
                continue;
            }
            if (c->nfiles == 256) return usage_error("too many files%s", "");
            c->files[c->nfiles++] = a;
        } else if (strcmp(a, "--") == 0) opts_done = true;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) { fputs(USAGE, stdout); exit(finish_output(0)); }
        else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) { puts("polsim " POLSIM_VERSION); exit(finish_output(0)); }
        else if (strcmp(a, "-i") == 0 || strcmp(a, "--interactive") == 0) c->interactive = true;
        else if (strcmp(a, "--no-prelude") == 0) c->opt.stdlib = 0;
        else if (strcmp(a, "--no-history") == 0) c->opt.history = 0;
        else if (strcmp(a, "--allow-any-import") == 0) c->opt.any_import = 1;
        else if (strcmp(a, "--provenance") == 0 || strcmp(a, "--no-provenance") == 0) c->provenance = a[2] == 'p';
        else if ((rc = value_option(argc, argv, &i, c)) != 1) { if (rc) return rc; }
        else return usage_error("unknown option '%s'", a);
    }
    if (getenv("NO_COLOR") && *getenv("NO_COLOR")) c->opt.color = 0;
    if (c->command && c->nfiles == 0) return usage_error("'polsim %s' needs at least one file", c->command);
    if (c->command && (c->nevals || c->interactive))
        return usage_error("'polsim %s' takes files, not -e or -i", c->command);
    if (c->output && (c->interactive || (!c->command && !c->nfiles && !c->nevals && isatty(STDIN_FILENO))))
        return usage_error("--output is for a run's results, not for the REPL%s", "");
    if (c->command && c->provenance == 1) return usage_error("'polsim %s' prints no results to trace: no --provenance", c->command);
    return 0;
}

/* The worst outcome of a session's runs, as one exit status: an input that
 * could not be read, then an error, then a failed assert. */
typedef struct Outcome {
    bool noinput, error;
    int failed;
} Outcome;

/* Runs one input on the session's one budget; true when it ran without an error. */
static bool run_one(polsim_session *s, Outcome *o, const char *name, const char *text, size_t len)
{
    const polsim_result *r = polsim_run_ex(s, name, text, len, NULL, POLSIM_RUN_SHARED_BUDGET);
    polsim_status st = polsim_result_status(r);
    o->noinput |= st == POLSIM_NOINPUT;
    o->error |= st == POLSIM_ERROR;
    o->failed += polsim_result_asserts_failed(r);
    return st == POLSIM_OK || st == POLSIM_ASSERT_FAILED;
}

static int status_of(const Outcome *o)
{
    return o->noinput ? EXIT_NOINPUT : o->error ? EXIT_DATAERR : o->failed ? EXIT_ASSERT : 0;
}

/* The options of a session of the command line's (diagnostics on stderr). */
static polsim_options session_options(const Cli *c, polsim_mode mode)
{
    polsim_options o = c->opt;
    o.mode = mode;
    o.max_steps = c->max_steps; /* max_seconds stays 0: main started the clock for the whole run */
    o.diagnostics = stderr;
    return o;
}

/* polsim FILE... / -e / stdin / REPL: one session, files run in order, on
 * one step budget. */
static int run_main(Cli *c)
{
    polsim_options o = session_options(c, POLSIM_MODE_RUN);
    polsim_status st;
    polsim_session *s = polsim_open_ex(&o, &st, NULL, 0);
    if (!s) {
        fprintf(stderr, "polsim: error: the prelude failed to load\n");
        return st == POLSIM_NOINPUT ? EXIT_NOINPUT : EXIT_DATAERR;
    }
    polsim_set_output(s, c->format, stdout);
    Outcome out = {0};
    int status = 0;
    for (int i = 0; i < c->nfiles; i++) {
        if (strcmp(c->files[i], "-") == 0) continue;
        if (!run_one(s, &out, c->files[i], NULL, 0)) { /* each file's imports may reach its own folder */
            if (!c->interactive) goto out;
            break; /* like python -i: explore the state the file reached */
        }
    }
    for (int i = 0; i < c->nevals; i++)
        if (!run_one(s, &out, "<-e>", c->evals[i], strlen(c->evals[i]))) {
            if (!c->interactive) goto out;
            break;
        }
    bool want_stdin = (c->nfiles == 0 && c->nevals == 0) || (c->nfiles == 1 && strcmp(c->files[0], "-") == 0);
    if (c->interactive && stdin_closed) {
        fprintf(stderr, "polsim: error: standard input is closed: the REPL has nothing to read\n");
        status = EXIT_NOINPUT;
        goto done;
    }
    if (c->interactive || (want_stdin && isatty(STDIN_FILENO))) {
        polsim_limit_time(0); /* the clock is for files, not for a person typing */
        status = repl_run(s, &o, out.failed); /* a script from a pipe: nonzero after a failed statement or :command */
        goto done;
    }
    if (want_stdin) run_one(s, &out, "-", NULL, 0); /* a script on standard input, with a file's size limit */
out:
    status = status_of(&out);
    if (c->provenance == 1 || (c->provenance == -1 && c->format == POLSIM_JSON)) {
        Provenance p;
        provenance_of(s, c->opt.stdlib, &p);
        const char *last = polsim_history_end(s);
        if (last) snprintf(p.history, sizeof p.history, "%s", last);
        provenance_print(stdout, c->format, &p, s);
    }
done:
    polsim_close(s);
    return status;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The files of a walk over folders; dirs holds each folder's device and
 * inode so a symbolic link back up the tree is walked once, not forever. */
typedef struct Walk {
    char **files; /* malloc'd paths, freed by run_each */
    size_t n, cap;
    struct { dev_t dev; ino_t ino; } *dirs;
    size_t ndirs, dircap;
    Diag diag;    /* refused entries: errors on stderr */
} Walk;

static void walk_add(Walk *w, const char *path)
{
    if (w->n == w->cap) w->files = xrealloc(w->files, (w->cap = w->cap ? w->cap * 2 : 16) * sizeof *w->files);
    w->files[w->n++] = xstrdup(path);
}

/* True the first time a folder is seen. */
static bool walk_new_dir(Walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->ndirs; i++)
        if (w->dirs[i].dev == st->st_dev && w->dirs[i].ino == st->st_ino) return false;
    if (w->ndirs == w->dircap) w->dirs = xrealloc(w->dirs, (w->dircap = w->dircap ? w->dircap * 2 : 16) * sizeof *w->dirs);
    w->dirs[w->ndirs].dev = st->st_dev;
    w->dirs[w->ndirs++].ino = st->st_ino;
    return true;
}

/* Sorted entries of folder path worth a look: sub-folders and *.pol (malloc'd). */
static char **list_dir(Walk *w, const char *path, size_t *count)
{
    DIR *d = opendir(path);
    if (!d) diag_plain(&w->diag, DC_INPUT, "cannot read folder '%s': %s", path, strerror(errno));
    char **names = NULL;
    size_t nn = 0, nc = 0, pl = strlen(path);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        if (nn == nc) names = xrealloc(names, (nc = nc ? nc * 2 : 16) * sizeof *names);
        names[nn] = xmalloc(pl + strlen(de->d_name) + 2);
        sprintf(names[nn++], "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", de->d_name);
    }
    if (d) closedir(d);
    if (nn) qsort(names, nn, sizeof *names, cmp_str);
    *count = nn;
    return names;
}

/* Collects .pol files under path (sorted, recursive); a file named on the
 * command line (top) is taken as it is. Inside folders, only regular files
 * are taken: a named pipe would block the walk. */
static void collect(Walk *w, const char *path, bool top)
{
    struct stat st;
    bool is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    size_t l = strlen(path);
    if (!is_dir) {
        if (top) walk_add(w, path);
        else if (l < 4 || strcmp(path + l - 4, ".pol") != 0) return;
        else if (S_ISREG(st.st_mode)) walk_add(w, path);
        else diag_plain(&w->diag, DC_INPUT, "skipped '%s': not a regular file", path);
        return;
    }
    if (!walk_new_dir(w, &st)) {
        diag_plain_note(&w->diag, "skipped '%s': a folder already walked (a symbolic link loop?)", path);
        return;
    }
    size_t nn;
    char **names = list_dir(w, path, &nn);
    for (size_t i = 0; i < nn; i++) {
        collect(w, names[i], false);
        free(names[i]);
    }
    free(names);
}

/* check and test: every file in a fresh session, a line per file, a summary. */
static int run_each(Cli *c, polsim_mode mode)
{
    Walk w = {0};
    diag_init(&w.diag, stderr);
    w.diag.color = c->opt.color;
    for (int i = 0; i < c->nfiles; i++) collect(&w, c->files[i], true);
    char **files = w.files;
    size_t n = w.n;
    free(w.dirs);
    int passed = 0, failed = w.diag.errors, worst = w.diag.errors ? EXIT_NOINPUT : 0;
    for (size_t i = 0; i < n; i++) {
        polsim_options o = session_options(c, mode);
        fflush(stdout); /* keep each file's line next to its messages on stderr */
        polsim_status open_st;
        polsim_session *s = polsim_open_ex(&o, &open_st, NULL, 0); /* the prelude loads without a step limit */
        int st = (int)open_st, ok_asserts = 0, bad_asserts = 0;
        if (s) {
            polsim_set_output(s, c->format, stdout); /* nothing is printed: the format chooses what studies keep */
            /* the whole step budget; a check session ends with its file: checked as it is parsed */
            const polsim_result *r = polsim_run_ex(s, files[i], NULL, 0, NULL, mode == POLSIM_MODE_CHECK ? POLSIM_RUN_ONCE : 0);
            st = (int)polsim_result_status(r);
            ok_asserts = polsim_result_asserts_passed(r);
            bad_asserts = polsim_result_asserts_failed(r);
        }
        if (mode == POLSIM_MODE_TEST) {
            passed += ok_asserts;
            failed += bad_asserts + (st == EXIT_DATAERR || st == EXIT_NOINPUT ? 1 : 0);
            term_printf("%s %s (%d passed, %d failed%s)\n", st == 0 ? "ok  " : "FAIL", files[i], ok_asserts,
                   bad_asserts, st == EXIT_DATAERR || st == EXIT_NOINPUT ? ", stopped by an error" : "");
            fflush(stdout);
        } else if (st == 0) {
            term_printf("%s: ok\n", files[i]);
        }
        if (st == EXIT_NOINPUT || (st == EXIT_DATAERR && worst != EXIT_NOINPUT) || (st == EXIT_ASSERT && !worst)) worst = st;
        polsim_close(s);
        free(files[i]);
    }
    free(files);
    if (mode == POLSIM_MODE_TEST) printf("%d passed, %d failed\n", passed, failed);
    return worst;
}

int main(int argc, char **argv)
{
    json_set_alloc_funcs(xmalloc, free); /* JSON output out of memory: the same clean exit */
    signal(SIGPIPE, SIG_IGN); /* a closed output pipe is an EPIPE write error, see finish_output */
    stdin_closed = hold_std_fds();
    if (argc > 1 && strcmp(argv[1], "diff") == 0) return finish_output(diff_main(argc - 1, argv + 1));
    if (argc > 1 && strcmp(argv[1], "fmt") == 0) return finish_output(fmt_main(argc - 2, argv + 2));
    if (argc > 1 && strcmp(argv[1], "lsp") == 0) return lsp_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "sources") == 0) return finish_output(sources_main(argc - 1, argv + 1));
    if (argc > 1 && strcmp(argv[1], "report") == 0) return finish_output(report_main(argc - 1, argv + 1));
    Cli c = {0};
    int rc = parse_args(argc, argv, &c);
    if (rc) return rc;
    const char *why;
    if (polsim_limit_memory(c.max_memory, &why) != 0 && c.max_memory != POLSIM_DEFAULT_MEMORY)
        fprintf(stderr, "polsim: warning: --max-memory is %s\n", why);
    polsim_limit_time(c.max_time);
    SafeFile *out = NULL;
    if (c.output && strcmp(c.output, "-") != 0 && !(out = open_run_output(c.output))) return EXIT_IOERR;
    if (c.command && strcmp(c.command, "check") == 0) rc = run_each(&c, POLSIM_MODE_CHECK);
    else if (c.command && strcmp(c.command, "test") == 0) rc = run_each(&c, POLSIM_MODE_TEST);
    else rc = run_main(&c);
    if (out) rc = finish_run_output(out, c.output, rc);
    return finish_output(rc);
}
