/* diff.c: `polsim diff`, what changed between two versions of a scenario
 * file (see diff.h): the command line's front end. Each version runs in a
 * quiet check session of its own (polsim.h); polsim_diff compares the two
 * worlds and hands each difference here to print, as words or JSON. Where
 * words cannot tell, --lines shows the lines that changed (linediff.h). */
#include "diff.h"
#include "polsim.h"
#include "arena.h"
#include "diag.h"
#include "linediff.h"
#include "readfile.h"
#include "termtext.h"
#include "usage.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { DIFF_SAME = 0, DIFF_FOUND = 1, DIFF_USAGE = 2, DIFF_DATAERR = 65, DIFF_NOINPUT = 66 };

static const char DIFF_USAGE_TEXT[] =
    "usage: polsim diff [OPTIONS] OLD.pol NEW.pol   what changed between two scenario files\n"
    "       polsim diff [OPTIONS] REV -- FILE       what changed in FILE since git revision REV\n"
    "\n"
    "options:\n"
    "  --results               also compare the model's figures (compute, spend, domestic\n"
    "                          share, units, each vendor's revenue) of main and each scenario\n"
    "  --format text|json      plain words, or one JSON object per difference per line\n"
    "  --as PATH               read both files as if they were PATH: messages name a/PATH\n"
    "                          and b/PATH, imports resolve from PATH's folder (git drivers)\n"
    "  --no-prelude            start both with an empty world (no stdlib)\n"
    "  --stdlib DIR            load the prelude from DIR/prelude.pol\n"
    "  --allow-any-import      let imports use absolute paths or leave the file's folder\n"
    "  --color auto|always|never  colour diagnostics\n"
    "  --lines                 where words cannot tell (a file with an error, or a change\n"
    "                          in comments or layout only), show the lines that changed\n"
    "                          (a unified diff) after a note, instead of failing or nothing\n"
    "  -h, --help              this help\n"
    "\n"
    "exit status: 0 no difference, 1 differences, 2 wrong usage, 65 an error in either\n"
    "file (without --lines), 66 a file or revision that cannot be read.\n";

/* One version of the file: where its text comes from and how it is named. */
typedef struct Side {
    const char *path;  /* file to read (NULL: read from git) */
    const char *rev;   /* git revision, with gitfile */
    const char *gitfile;
    const char *name;  /* shown in messages and locations */
    const char *dir;   /* imports resolve against this folder */
    polsim_session *s; /* its world, once loaded */
    polsim_status status; /* POLSIM_NOINPUT or POLSIM_ERROR after a failed load */
} Side;

typedef struct Diff {
    Side a, b;
    bool json;
    Arena arena;          /* the sides' names and folders, --lines' note */
    char heading[32];     /* the last section printed ("" before the first) */
} Diff;

/* --- output ---------------------------------------------------------------- */

/* polsim_diff's callback: one difference as a JSON line, or as its line under
 * its section's heading. */
static void print_change(void *data, const polsim_change *c)
{
    Diff *d = data;
    if (d->json) {
        term_printf("%s\n", c->json);
        return;
    }
    if (strcmp(d->heading, c->section) != 0) {
        snprintf(d->heading, sizeof d->heading, "%s", c->section);
        printf("%s:\n", c->section);
    }
    term_printf("  %s\n", c->text);
}

/* --- loading the two versions -------------------------------------------------- */

/* The folder of path (malloc'd): "." when it has none. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    char *dir = xstrdup(path);
    dir[slash - path] = '\0';
    return dir;
}

/* FILE's text at git revision rev (malloc'd), read with `git -C DIR show
 * REV:./BASE`; NULL (git has said why on stderr) when git cannot give it. */
static char *git_text(const char *rev, const char *file, size_t *len)
{
    char *dir = dir_of(file);
    const char *slash = strrchr(file, '/');
    char *spec = xmalloc(strlen(rev) + strlen(file) + 4);
    sprintf(spec, "%s:./%s", rev, slash ? slash + 1 : file);
    int fds[2];
    char *text = NULL;
    fflush(stdout);
    if (pipe(fds) == 0) {
        pid_t pid = fork();
        if (pid == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            execlp("git", "git", "-C", dir, "show", spec, (char *)NULL);
            fprintf(stderr, "polsim: error: cannot run git\n");
            _exit(127);
        }
        close(fds[1]);
        const char *why;
        text = pid > 0 ? load_stream(fds[0], len, &why) : NULL;
        close(fds[0]);
        int st = 0;
        if (pid > 0 && (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)) {
            free(text);
            text = NULL;
        }
    }
    free(spec);
    free(dir);
    return text;
}

/* Runs one version in a quiet check session of its own; false on an error
 * (reported on standard error, its status in s->status). */
static bool load_side(Side *s, const polsim_options *opt)
{
    s->s = polsim_open_ex(opt, &s->status, NULL, 0);
    if (!s->s) {
        fprintf(stderr, "polsim: error: the prelude failed to load\n");
        return false;
    }
    const polsim_result *r;
    if (s->path && s->name == s->path && strcmp(s->path, "-") != 0) { /* a file of that name ("-" too, not stdin) */
        r = polsim_run_ex(s->s, s->path, NULL, 0, s->dir, 0);
    } else {
        size_t len = 0;
        const char *why = NULL;
        char *text = NULL;
        if (!s->path) text = git_text(s->rev, s->gitfile, &len);
        else if (s->name != s->path && strcmp(s->path, "/dev/null") == 0) text = xstrdup(""); /* git's side of an added or deleted file */
        else text = load_file(s->path, &len, false, &why);
        if (!text) {
            Diag d;
            diag_init(&d, stderr);
            d.color = opt->color != 0;
            if (s->path) diag_plain(&d, DC_INPUT, "cannot open '%s': %s", s->path, why);
            else diag_plain(&d, DC_INPUT, "cannot read '%s' at revision '%s' from git", s->gitfile, s->rev);
            s->status = POLSIM_NOINPUT;
            return false;
        }
        r = polsim_run_ex(s->s, s->name, text, len, s->dir, 0);
        free(text);
    }
    s->status = polsim_result_status(r);
    return s->status == POLSIM_OK;
}

/* Exit status after an error in side s: 66 unreadable input, else 65. */
static int side_status(const Side *s)
{
    return s->status == POLSIM_NOINPUT ? DIFF_NOINPUT : DIFF_DATAERR;
}

/* A side's text as load_side reads it (malloc'd), or NULL. */
static char *side_text(const Side *s, size_t *len)
{
    const char *why;
    *len = 0;
    if (!s->path) return git_text(s->rev, s->gitfile, len);
    if (strcmp(s->path, "/dev/null") == 0) return xstrdup("");
    return load_file(s->path, len, false, &why);
}

/* --lines: a note saying why, then the lines that changed; the exit status. */
static int diff_lines(Diff *d, const char *why)
{
    size_t la, lb;
    char *ta = side_text(&d->a, &la), *tb = ta ? side_text(&d->b, &lb) : NULL;
    int rc = DIFF_SAME;
    if (!ta || !tb) rc = DIFF_NOINPUT;
    else if (la != lb || memcmp(ta, tb, la) != 0) {
        term_printf("note: %s; the lines that changed:\n", why);
        rc = line_diff(stdout, ta, la, tb, lb) ? DIFF_FOUND : DIFF_SAME;
    }
    free(ta);
    free(tb);
    return rc;
}

/* --- the command line -------------------------------------------------------- */

typedef struct DiffArgs {
    polsim_options opt;
    bool results, json, help, lines;
    const char *as;
    const char *pos[3];
    int npos;
    bool dashdash;   /* REV -- FILE */
} DiffArgs;

/* A usage message; returns exit status 2. */
static int diff_usage(const char *fmt, const char *arg) { return cli_usage("diff", fmt, arg); }

/* The value of an option given as "--name VALUE" or "--name=VALUE", or NULL. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) != 0) return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* One option with a value; 1 when argv[*i] is none of them, 0 taken, 2 bad. */
static int diff_value_option(int argc, char **argv, int *i, DiffArgs *a)
{
    static const char *const names[] = {"--format", "--color", "--stdlib", "--as"};
    for (int k = 0; k < 4; k++) {
        bool missing = false;
        const char *v = opt_value(argc, argv, i, names[k], &missing);
        if (missing) return diff_usage("%s needs a value", names[k]);
        if (!v) continue;
        if (k == 0 && strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
            return diff_usage("unknown format '%s' for diff (use text or json)", v);
        if (k == 1 && strcmp(v, "always") != 0 && strcmp(v, "never") != 0 && strcmp(v, "auto") != 0)
            return diff_usage("unknown --color '%s' (use auto, always or never)", v);
        if (!*v) return diff_usage("%s needs a value", names[k]);
        if (k == 0) a->json = strcmp(v, "json") == 0;
        if (k == 1 && strcmp(v, "auto") != 0) a->opt.color = strcmp(v, "always") == 0;
        if (k == 2) a->opt.stdlib_dir = v;
        if (k == 3) a->as = v;
        return 0;
    }
    return 1;
}

/* Options and the two files (or REV -- FILE) of `polsim diff`. */
static int diff_parse(int argc, char **argv, DiffArgs *a)
{
    a->opt.mode = POLSIM_MODE_CHECK; /* run everything, print nothing, asserts are not counted */
    a->opt.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    a->opt.stdlib_dir = getenv("POLSIM_STDLIB");
    if (a->opt.stdlib_dir && !*a->opt.stdlib_dir) a->opt.stdlib_dir = NULL;
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        int rc;
        if (opts_done || s[0] != '-') { /* so a revision never starts with '-': git would take it as an option */
            if (a->npos == 3) return diff_usage("too many files%s", "");
            a->pos[a->npos++] = s;
        } else if (strcmp(s, "--") == 0) {
            opts_done = a->dashdash = true;
            if (a->npos != 1) return diff_usage("give one git revision before '--'%s", "");
        } else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) a->help = true;
        else if (strcmp(s, "--results") == 0) a->results = true;
        else if (strcmp(s, "--lines") == 0) a->lines = true;
        else if (strcmp(s, "--no-prelude") == 0) a->opt.stdlib = 0;
        else if (strcmp(s, "--allow-any-import") == 0) a->opt.any_import = 1;
        else if ((rc = diff_value_option(argc, argv, &i, a)) != 1) { if (rc) return rc; }
        else return diff_usage("unknown option '%s' for diff", s);
    }
    if (a->help) return 0;
    if (a->npos != 2) return diff_usage(a->dashdash ? "'polsim diff REV -- FILE' takes one file%s"
                                                    : "'polsim diff' needs two files, or REV -- FILE%s", "");
    if (a->dashdash && a->as) return diff_usage("--as is for two files, not REV -- FILE%s", "");
    return 0;
}

/* Where each side's text comes from, how it is named, and its import folder. */
static void diff_sides(Diff *d, const DiffArgs *args)
{
    if (args->dashdash) {
        const char *file = args->pos[1];
        d->a = (Side){.rev = args->pos[0], .gitfile = file, .name = arena_printf(&d->arena, "%s:%s", args->pos[0], file)};
        d->b = (Side){.path = file, .name = file};
    } else if (args->as) {
        d->a = (Side){.path = args->pos[0], .name = arena_printf(&d->arena, "a/%s", args->as)};
        d->b = (Side){.path = args->pos[1], .name = arena_printf(&d->arena, "b/%s", args->as)};
    } else {
        d->a = (Side){.path = args->pos[0], .name = args->pos[0]};
        d->b = (Side){.path = args->pos[1], .name = args->pos[1]};
    }
    const char *home = args->as ? args->as : args->dashdash ? args->pos[1] : NULL;
    char *da = dir_of(home ? home : d->a.path), *db = dir_of(home ? home : d->b.path);
    d->a.dir = arena_strdup(&d->arena, da);
    d->b.dir = arena_strdup(&d->arena, db);
    free(da);
    free(db);
}

/* Both versions, then every difference in order; the exit status. */
static int diff_run(Diff *d, const DiffArgs *args)
{
    bool ok_a = load_side(&d->a, &args->opt);
    bool ok_b = ok_a && load_side(&d->b, &args->opt);
    const Side *bad = !ok_a ? &d->a : !ok_b ? &d->b : NULL;
    bool lines = args->lines && !args->json;
    if (bad && lines && side_status(bad) == DIFF_DATAERR) /* a working copy half edited: still show something */
        return diff_lines(d, arena_printf(&d->arena, "%s has an error (its message is on standard error), so words cannot tell", bad->name));
    if (bad) return side_status(bad);
    int n = polsim_diff(d->a.s, d->b.s, args->results ? POLSIM_DIFF_RESULTS : 0, print_change, d);
    if (n < 0) return DIFF_DATAERR; /* the model could not run (the message is on standard error) */
    if (!n && lines) return diff_lines(d, "no change in meaning (comments or layout)");
    return n ? DIFF_FOUND : DIFF_SAME;
}

int diff_main(int argc, char **argv)
{
    DiffArgs args = {0};
    polsim_options_init(&args.opt);
    args.opt.diagnostics = stderr;
    int rc = diff_parse(argc, argv, &args);
    if (rc) return rc;
    if (args.help) {
        fputs(DIFF_USAGE_TEXT, stdout);
        return 0;
    }
    if (getenv("NO_COLOR") && *getenv("NO_COLOR")) args.opt.color = 0;
    const char *why;
    polsim_limit_memory(POLSIM_DEFAULT_MEMORY, &why); /* as polsim without options: a failure here is not an error */
    polsim_limit_time(POLSIM_DEFAULT_SECONDS);
    Diff d = {.json = args.json};
    arena_init(&d.arena);
    diff_sides(&d, &args);
    rc = diff_run(&d, &args);
    polsim_close(d.a.s);
    polsim_close(d.b.s);
    arena_free(&d.arena);
    return rc;
}
