/* load.c: files and imports (the prelude is prelude.c). An import resolves against the
 * importing file's folder and must stay inside the root folder (the folder of
 * the file polsim was asked to run, or the current one) unless the user passed
 * --allow-any-import; each file is imported once; cycles are errors. */
#include "load.h"
#include "parse.h"
#include "prelude.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_IMPORT_DEPTH = 64 };

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    size_t n = (size_t)(slash - path);
    char *d = xmalloc(n + 1);
    memcpy(d, path, n);
    d[n] = '\0';
    return d;
}

static _Noreturn void fail_cycle(Interp *I, const Stmt *s, const char *key)
{
    char chain[1024] = "";
    size_t used = 0;
    for (size_t i = 0; i < I->import_stack.len && used < sizeof chain; i++) {
        const char *p = I->import_stack.items[i], *base = strrchr(p, '/');
        used += (size_t)snprintf(chain + used, sizeof chain - used, "%s -> ", base ? base + 1 : p);
    }
    const char *base = strrchr(key, '/');
    eval_fail(I, DC_IMPORT, s->u.import.path_loc, "import cycle: %s%s", chain, base ? base + 1 : key);
}

/* Runs a parsed source with key on the import stack; false if it failed. */
static bool run_imported(Interp *I, const Source *src, const char *key)
{
    ParseResult pr = parse_source(src, &I->arena, &I->names, &I->diag, false);
    if (!pr.ok) return false;
    ptrvec_push(&I->import_stack, xstrdup(key));
    bool ok = exec_stmts(I, pr.stmts);
    free(I->import_stack.items[--I->import_stack.len]);
    return ok;
}

static void import_embedded(Interp *I, const Stmt *s)
{
    const char *path = s->u.import.path;
    const EmbeddedFile *f = stdlib_find(polsim_stdlib_files, path);
    if (!f) eval_fail(I, DC_IMPORT, s->u.import.path_loc, "no stdlib file '%s'", path);
    char key[256];
    snprintf(key, sizeof key, "<stdlib>/%s", path);
    if (ptrvec_has_str(&I->import_stack, key)) fail_cycle(I, s, key);
    if (ptrvec_has_str(&I->imported, key)) return;
    ptrvec_push(&I->imported, xstrdup(key));
    Source *src = sourceset_add_static(&I->sources, key, f->text, f->len, true);
    if (!run_imported(I, src, key)) longjmp(*I->on_error, 1);
}

static bool inside(const char *root, const char *path)
{
    size_t n = strlen(root);
    return strncmp(root, path, n) == 0 && (path[n] == '/' || path[n] == '\0' || (n == 1 && root[0] == '/'));
}

void import_stmt(Interp *I, const Stmt *s)
{
    const Source *from = s->loc.src;
    const char *path = s->u.import.path;
    if (from->embedded) {
        import_embedded(I, s);
        return;
    }
    if (path[0] == '\0') eval_fail(I, DC_IMPORT, s->u.import.path_loc, "import needs a file name");
    if (path[0] == '/' && !I->opt.any_import)
        eval_fail(I, DC_IMPORT, s->u.import.path_loc, "import of an absolute path; use a path relative to this file, "
             "or pass --allow-any-import");
    if (I->import_stack.len >= MAX_IMPORT_DEPTH) eval_fail(I, DC_IMPORT, s->u.import.path_loc, "imports nested too deeply");
    char joined[PATH_MAX + 1], real[PATH_MAX + 1]; /* joined: DIR/PATH or /PATH, at most PATH_MAX characters */
    int w = path[0] == '/' ? snprintf(joined, sizeof joined, "%s", path)
                           : snprintf(joined, sizeof joined, "%s/%s", from->dir ? from->dir : ".", path);
    if ((size_t)w >= sizeof joined) /* cut short, it could name another file (w < 0 needs a path of 2 GB) */
        eval_fail(I, DC_IMPORT, s->u.import.path_loc, "cannot import a path of %zu characters (%zu with its folder): %s",
                  strlen(path), (size_t)w, strerror(ENAMETOOLONG));
    if (!realpath(joined, real))
        eval_fail(I, DC_IMPORT, s->u.import.path_loc, "cannot import '%s': %s", path, strerror(errno));
    if (!I->opt.any_import && I->root && !inside(I->root, real))
        eval_fail(I, DC_IMPORT, s->u.import.path_loc,
                  "import '%s' reaches outside the folder of the file being run; pass --allow-any-import to allow it", path);
    if (ptrvec_has_str(&I->import_stack, real)) fail_cycle(I, s, real);
    if (ptrvec_has_str(&I->imported, real)) return;
    size_t len;
    const char *why;
    char *text = load_file(real, &len, true, &why);
    if (!text) eval_fail(I, DC_IMPORT, s->u.import.path_loc, "cannot import '%s': %s", path, why);
    ptrvec_push(&I->imported, xstrdup(real));
    char *dir = dir_of(joined);
    char name[PATH_MAX + 1];
    snprintf(name, sizeof name, "%s", joined[0] == '.' && joined[1] == '/' ? joined + 2 : joined);
    Source *src = sourceset_add(&I->sources, name, text, len, dir, false);
    free(dir);
    if (!run_imported(I, src, real)) longjmp(*I->on_error, 1);
}

/* --- running whole files and texts ------------------------------------------------ */

/* A message of a statement run once (run_source_once), held back until the
 * parse of its file has ended: replayed if the file parses, else dropped. */
typedef struct HeldDiag {
    DiagLevel level;
    Loc loc;
    char *message;        /* malloc'd */
    const char *scenario; /* I->report.scenario when it was made */
} HeldDiag;

/* The state of run_source_once. */
typedef struct Once {
    Interp *I;
    bool failed;          /* a statement failed (or the run was interrupted): the rest are parsed, not run */
    void (*on_diag)(void *data, DiagLevel level, Loc loc, const char *message); /* the Diag's own */
    void *on_diag_data;
    HeldDiag *held;       /* malloc'd */
    size_t nheld, cap;
    int errors;           /* errors among the held messages (kept out of I->diag.errors meanwhile) */
    bool input_error;     /* one of them was an input error */
} Once;

/* Diag.on_diag while a statement runs once: keeps the message. */
static void hold_diag(void *data, DiagLevel level, Loc loc, const char *message)
{
    Once *o = data;
    if (o->nheld == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 8;
        o->held = xrealloc(o->held, o->cap * sizeof *o->held);
    }
    o->held[o->nheld++] = (HeldDiag){level, loc, xstrdup(message), o->I->report.scenario};
}

/* Statements whose nodes nothing keeps once they have run, unless they
 * count an ast_pin (a rule's predicate, an uncertain figure's expression):
 * their strings are in I->arena (parse_source_each's keep), names interned. */
static bool frees_nodes(StmtKind k)
{
    return k == S_DEFINE || k == S_LET || k == S_ASSERT || k == S_PRINT || k == S_EXPR;
}

/* ParseStmtFn of run_source_once: runs s unless a statement failed before
 * it, its messages held; whether its nodes may be freed. */
static bool once_stmt(void *data, Stmt *s)
{
    Once *o = data;
    Interp *I = o->I;
    if (o->failed) return true;
    Diag *d = &I->diag;
    int errors = d->errors, syntax = d->syntax_errors;
    bool input = d->input_error;
    uint64_t pins = I->ast_pins;
    d->on_diag = hold_diag;
    d->on_diag_data = o;
    o->failed = !exec_stmts(I, s); /* s->next is NULL: s alone, guarded */
    d->on_diag = o->on_diag;
    d->on_diag_data = o->on_diag_data;
    o->errors += d->errors - errors;
    o->input_error |= d->input_error && !input;
    d->errors = errors; /* the parse counts only its own errors */
    d->syntax_errors = syntax;
    d->input_error = input;
    return frees_nodes(s->kind) && I->ast_pins == pins;
}

/* run_source for a file checked once (I->run_once): each statement runs as
 * soon as it is parsed and its nodes are freed, so memory does not grow
 * with the file's syntax tree. As when the whole file is parsed first,
 * nothing is reported but the syntax errors when there are any (the
 * statements' messages are held until the parse ends); the statements
 * before the first syntax error have run, which a check session, closed
 * after the run, cannot tell. */
static RunStatus run_source_once(Interp *I, Source *src, const char *key)
{
    Once o = {.I = I, .on_diag = I->diag.on_diag, .on_diag_data = I->diag.on_diag_data};
    if (key) ptrvec_push(&I->import_stack, xstrdup(key));
    ParseResult pr = parse_source_each(src, &I->stmt_arena, &I->arena, &I->names, &I->diag, once_stmt, &o);
    if (key) free(I->import_stack.items[--I->import_stack.len]);
    if (pr.ok) {
        I->diag.errors += o.errors;
        if (o.input_error) I->diag.input_error = true;
        const char *scenario = I->report.scenario;
        for (size_t i = 0; i < o.nheld; i++) {
            I->report.scenario = o.held[i].scenario;
            o.on_diag(o.on_diag_data, o.held[i].level, o.held[i].loc, o.held[i].message);
        }
        I->report.scenario = scenario;
    }
    for (size_t i = 0; i < o.nheld; i++) free(o.held[i].message);
    free(o.held);
    return pr.ok && !o.failed ? RUN_OK : RUN_ERROR;
}

static RunStatus run_source(Interp *I, Source *src, const char *key, bool allow_incomplete)
{
    /* Messages are held through on_diag; check mode makes no records to keep in order with them. */
    if (I->run_once && I->opt.mode == MODE_CHECK && I->report.quiet && !allow_incomplete && I->diag.on_diag)
        return run_source_once(I, src, key);
    ParseResult pr = parse_source(src, &I->arena, &I->names, &I->diag, allow_incomplete);
    if (pr.incomplete && allow_incomplete) return RUN_INCOMPLETE;
    if (!pr.ok) {
        if (pr.incomplete) /* quiet parse: report the early end now */
            parse_source(src, &I->arena, &I->names, &I->diag, false);
        return RUN_ERROR;
    }
    if (key) ptrvec_push(&I->import_stack, xstrdup(key));
    bool ok = exec_stmts(I, pr.stmts);
    if (key) free(I->import_stack.items[--I->import_stack.len]);
    return ok ? RUN_OK : RUN_ERROR;
}

/* A file run as a scenario; with regular_only, a pipe or device is refused (never waited on). */
static RunStatus run_file(Interp *I, const char *path, bool regular_only)
{
    size_t len;
    const char *why;
    char *text = load_file(path, &len, regular_only, &why);
    if (!text) {
        diag_plain(&I->diag, DC_INPUT, "cannot open '%s': %s", path, why);
        return RUN_ERROR;
    }
    char real[PATH_MAX + 1];
    const char *key = realpath(path, real) ? real : path;
    if (!ptrvec_has_str(&I->imported, key)) ptrvec_push(&I->imported, xstrdup(key));
    char *dir = dir_of(path);
    Source *src = sourceset_add(&I->sources, path, text, len, dir, false);
    free(dir);
    return run_source(I, src, key, false);
}

RunStatus interp_run_file(Interp *I, const char *path) { return run_file(I, path, false); }

RunStatus run_regular_file(Interp *I, const char *path) { return run_file(I, path, true); }

RunStatus run_text_at(Interp *I, const char *name, char *text, size_t len, const char *dir)
{
    Source *src = sourceset_add(&I->sources, name, text, len, dir, false);
    return run_source(I, src, NULL, false);
}

RunStatus run_text_in(Interp *I, const char *name, const char *text, size_t len, const char *dir, bool allow_incomplete)
{
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    Source *src = sourceset_add(&I->sources, name, copy, len, dir, false);
    return run_source(I, src, NULL, allow_incomplete);
}

RunStatus interp_run_text(Interp *I, const char *name, const char *text, size_t len, bool allow_incomplete)
{
    return run_text_in(I, name, text, len, ".", allow_incomplete);
}
