/* main.c: the command line. See `polsim --help` and docs/language.md. */
#include "interp.h"
#include "repl.h"
#include "version.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


enum { EXIT_ASSERT = 1, EXIT_USAGE = 2, EXIT_DATAERR = 65, EXIT_NOINPUT = 66 };

static const char USAGE[] =
    "usage: polsim [OPTIONS] [FILE...]       run scenario files and print the report\n"
    "       polsim [OPTIONS]                  REPL on a terminal; otherwise read a script from stdin\n"
    "       polsim -i FILE                    run FILE, then open the REPL with its state\n"
    "       polsim -e 'STATEMENTS'            run statements given here\n"
    "       polsim check FILE...              parse and check names and units; print nothing else\n"
    "       polsim test PATH...               run the asserts of files (folders: every .pol inside)\n"
    "\n"
    "options:\n"
    "  -e, --eval TEXT         statements to run (may repeat; runs after any FILEs)\n"
    "  -i, --interactive       open the REPL after running the files\n"
    "  --format text|json|csv  how results are printed (json: one object per line)\n"
    "  --no-prelude            start with an empty world (no stdlib)\n"
    "  --stdlib DIR            load the prelude from DIR/prelude.pol (also: POLSIM_STDLIB)\n"
    "  --allow-any-import      let imports use absolute paths or leave the file's folder\n"
    "  --color auto|always|never  colour diagnostics (default auto; NO_COLOR disables)\n"
    "  -h, --help              this help\n"
    "  -V, --version           print the version\n"
    "\n"
    "exit status: 0 success, 1 a failed assert, 2 wrong usage, 65 an error in a scenario,\n"
    "66 an input that cannot be opened.\n";

typedef struct Cli {
    Options opt;
    const char *evals[32];
    int nevals;
    const char *files[256];
    int nfiles;
    bool interactive;
    const char *command; /* NULL, "check" or "test" */
} Cli;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "polsim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'polsim --help'.\n");
    return EXIT_USAGE;
}

static int parse_format(const char *s, OutFormat *f)
{
    if (strcmp(s, "text") == 0) *f = FMT_TEXT;
    else if (strcmp(s, "json") == 0) *f = FMT_JSON;
    else if (strcmp(s, "csv") == 0) *f = FMT_CSV;
    else return usage_error("unknown format '%s' (use text, json or csv)", s);
    return 0;
}

static int parse_color(const char *s, Options *o)
{
    if (strcmp(s, "always") == 0) o->color = true;
    else if (strcmp(s, "never") == 0) o->color = false;
    else if (strcmp(s, "auto") != 0) return usage_error("unknown --color '%s' (use auto, always or never)", s);
    return 0;
}

/* Option with a value: "--format json" or "--format=json". */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) != 0) return NULL;
    if (*i + 1 >= argc) return "";
    return argv[++*i];
}

static int parse_args(int argc, char **argv, Cli *c)
{
    const char *v;
    bool opts_done = false;
    const char *term = getenv("TERM");
    c->opt.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR") && !(term && strcmp(term, "dumb") == 0);
    c->opt.stdlib_dir = getenv("POLSIM_STDLIB");
    if (c->opt.stdlib_dir && !*c->opt.stdlib_dir) c->opt.stdlib_dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (!c->command && c->nfiles == 0 && (strcmp(a, "check") == 0 || strcmp(a, "test") == 0) && !opts_done) {
                c->command = a;
                continue;
            }
            if (c->nfiles == 256) return usage_error("too many files%s", "");
            c->files[c->nfiles++] = a;
        } else if (strcmp(a, "--") == 0) opts_done = true;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) { fputs(USAGE, stdout); exit(0); }
        else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) { puts("polsim " POLSIM_VERSION); exit(0); }
        else if (strcmp(a, "-i") == 0 || strcmp(a, "--interactive") == 0) c->interactive = true;
        else if (strcmp(a, "--no-prelude") == 0) c->opt.no_prelude = true;
        else if (strcmp(a, "--allow-any-import") == 0) c->opt.any_import = true;
        else if ((v = option_value(argc, argv, &i, "--format"))) { if (parse_format(v, &c->opt.format)) return EXIT_USAGE; }
        else if ((v = option_value(argc, argv, &i, "--color"))) { if (parse_color(v, &c->opt)) return EXIT_USAGE; }
        else if ((v = option_value(argc, argv, &i, "--stdlib"))) {
            if (!*v) return usage_error("--stdlib needs a folder%s", "");
            c->opt.stdlib_dir = v;
        } else if ((v = option_value(argc, argv, &i, "-e")) || (v = option_value(argc, argv, &i, "--eval"))) {
            if (i >= argc || (v[0] == '\0' && strcmp(argv[i], "-e") == 0 && i == argc - 1))
                return usage_error("%s needs statements to run", a);
            if (c->nevals == 32) return usage_error("too many -e%s", "");
            c->evals[c->nevals++] = v;
        } else return usage_error("unknown option '%s'", a);
    }
    if (getenv("NO_COLOR") && *getenv("NO_COLOR")) c->opt.color = false;
    if (c->command && c->nfiles == 0) return usage_error("'polsim %s' needs at least one file", c->command);
    if (c->command && (c->nevals || c->interactive))
        return usage_error("'polsim %s' takes files, not -e or -i", c->command);
    return 0;
}

static int status_of(Interp *I)
{
    if (I->diag.input_error) return EXIT_NOINPUT;
    if (I->diag.errors) return EXIT_DATAERR;
    if (I->asserts_failed) return EXIT_ASSERT;
    return 0;
}

static char *read_stream(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) { free(buf); return NULL; }
            buf = bigger;
        }
    }
    *len = n;
    return buf;
}

/* polsim FILE... / -e / stdin / REPL: one interpreter, files run in order. */
static int run_main(Cli *c)
{
    Interp I;
    interp_init(&I, &c->opt);
    int status = 0;
    if (!interp_load_prelude(&I)) {
        fprintf(stderr, "polsim: the prelude failed to load\n");
        status = EXIT_DATAERR;
        goto done;
    }
    for (int i = 0; i < c->nfiles; i++) {
        if (strcmp(c->files[i], "-") == 0) continue;
        if (i == 0) {
            char *slash = strrchr(c->files[i], '/');
            char dir[4096];
            snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - c->files[i]) : 1, slash ? c->files[i] : ".");
            interp_set_root(&I, slash == c->files[i] ? "/" : dir);
        }
        if (interp_run_file(&I, c->files[i]) != RUN_OK) {
            if (!c->interactive) goto out;
            break; /* like python -i: explore the state the file reached */
        }
    }
    interp_set_root(&I, ".");
    for (int i = 0; i < c->nevals; i++)
        if (interp_run_text(&I, "<-e>", c->evals[i], strlen(c->evals[i]), false) != RUN_OK) {
            if (!c->interactive) goto out;
            break;
        }
    bool want_stdin = (c->nfiles == 0 && c->nevals == 0) || (c->nfiles == 1 && strcmp(c->files[0], "-") == 0);
    if (c->interactive || (want_stdin && isatty(STDIN_FILENO))) {
        status = repl_run(&I);
        goto done;
    }
    if (want_stdin) {
        size_t len;
        char *text = read_stream(stdin, &len);
        if (!text) diag_plain(&I.diag, DC_INPUT, "cannot read standard input");
        else interp_run_text(&I, "<stdin>", text, len, false);
        free(text);
    }
out:
    status = status_of(&I);
done:
    fflush(stdout);
    interp_free(&I);
    return status;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Collects .pol files under path (sorted, recursive); a file is taken as is. */
static void collect(const char *path, char ***out, size_t *n, size_t *cap)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        if (*n == *cap) *out = realloc(*out, (*cap = *cap ? *cap * 2 : 16) * sizeof **out);
        (*out)[(*n)++] = strdup(path);
        return;
    }
    DIR *d = opendir(path);
    if (!d) return;
    char **names = NULL;
    size_t nn = 0, nc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        size_t l = strlen(de->d_name);
        char full[4096];
        size_t pl = strlen(path);
        snprintf(full, sizeof full, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", de->d_name);
        struct stat s2;
        bool dir = stat(full, &s2) == 0 && S_ISDIR(s2.st_mode);
        if (!dir && (l < 4 || strcmp(de->d_name + l - 4, ".pol") != 0)) continue;
        if (nn == nc) names = realloc(names, (nc = nc ? nc * 2 : 16) * sizeof *names);
        names[nn++] = strdup(full);
    }
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_str);
    for (size_t i = 0; i < nn; i++) {
        collect(names[i], out, n, cap);
        free(names[i]);
    }
    free(names);
}

/* check and test: every file in a fresh interpreter, a line per file, a summary. */
static int run_each(Cli *c, RunMode mode)
{
    char **files = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < c->nfiles; i++) collect(c->files[i], &files, &n, &cap);
    int passed = 0, failed = 0, worst = 0;
    for (size_t i = 0; i < n; i++) {
        Options opt = c->opt;
        opt.mode = mode;
        fflush(stdout); /* keep each file's line next to its messages on stderr */
        Interp I;
        interp_init(&I, &opt);
        char *slash = strrchr(files[i], '/');
        if (slash) { *slash = '\0'; interp_set_root(&I, files[i][0] ? files[i] : "/"); *slash = '/'; }
        bool ok = interp_load_prelude(&I) && interp_run_file(&I, files[i]) == RUN_OK;
        int st = status_of(&I);
        if (!ok && st == 0) st = EXIT_DATAERR;
        if (mode == MODE_TEST) {
            passed += I.asserts_passed;
            failed += I.asserts_failed + (st == EXIT_DATAERR || st == EXIT_NOINPUT ? 1 : 0);
            printf("%s %s (%d passed, %d failed%s)\n", st == 0 ? "ok  " : "FAIL", files[i], I.asserts_passed,
                   I.asserts_failed, st == EXIT_DATAERR || st == EXIT_NOINPUT ? ", stopped by an error" : "");
            fflush(stdout);
        } else if (st == 0) {
            printf("%s: ok\n", files[i]);
        }
        if (st == EXIT_NOINPUT || (st == EXIT_DATAERR && worst != EXIT_NOINPUT) || (st == EXIT_ASSERT && !worst)) worst = st;
        interp_free(&I);
        free(files[i]);
    }
    free(files);
    if (mode == MODE_TEST) printf("%d passed, %d failed\n", passed, failed);
    fflush(stdout);
    return worst;
}

int main(int argc, char **argv)
{
    Cli c = {0};
    int rc = parse_args(argc, argv, &c);
    if (rc) return rc;
    if (c.command && strcmp(c.command, "check") == 0) return run_each(&c, MODE_CHECK);
    if (c.command && strcmp(c.command, "test") == 0) return run_each(&c, MODE_TEST);
    return run_main(&c);
}
