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
    char joined[PATH_MAX + 1], real[PATH_MAX + 1];
    snprintf(joined, sizeof joined, "%s/%s", path[0] == '/' ? "" : from->dir ? from->dir : ".", path);
    if (path[0] == '/') snprintf(joined, sizeof joined, "%s", path);
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

static RunStatus run_source(Interp *I, Source *src, const char *key, bool allow_incomplete)
{
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
