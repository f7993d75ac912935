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

/* Reads fd to its end, refusing more than MAX_SOURCE_BYTES. */
char *load_stream(int fd, size_t *len, const char **why)
{
    size_t cap = 8192, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            *why = strerror(errno);
            free(buf);
            return NULL;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n > MAX_SOURCE_BYTES) {
            *why = "it is larger than the 16 MiB limit for a scenario";
            free(buf);
            return NULL;
        }
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Why a file of this type cannot be read as a scenario, or NULL if it can:
 * regular files always; pipes, and the terminal or device that is standard
 * input, only when the user named them (not for imports or folder walks). */
static const char *refusal(const struct stat *st, bool regular_only)
{
    struct stat in;
    if (S_ISREG(st->st_mode)) return st->st_size > MAX_SOURCE_BYTES ? "it is larger than the 16 MiB limit for a scenario" : NULL;
    if (S_ISDIR(st->st_mode)) return strerror(EISDIR);
    if (S_ISFIFO(st->st_mode)) return regular_only ? "it is a pipe, not a regular file" : NULL;
    if (S_ISSOCK(st->st_mode)) return regular_only ? "it is a socket, not a regular file" : NULL;
    if (S_ISCHR(st->st_mode) && !regular_only && fstat(STDIN_FILENO, &in) == 0 && S_ISCHR(in.st_mode)
        && in.st_rdev == st->st_rdev)
        return NULL;
    return "it is a device, not a regular file";
}

char *load_file(const char *path, size_t *len, bool regular_only, const char **why)
{
    struct stat st;
    /* Opening a named pipe blocks until a writer comes: only when asked to read one. */
    bool wait = !regular_only && stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
    int fd = open(path, O_RDONLY | O_CLOEXEC | (wait ? 0 : O_NONBLOCK));
    if (fd < 0) {
        *why = strerror(errno);
        return NULL;
    }
    char *text = NULL;
    if (fstat(fd, &st) != 0) *why = strerror(errno);
    else if (!(*why = refusal(&st, regular_only))) {
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        text = load_stream(fd, len, why);
    }
    close(fd);
    return text;
}

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
    char *text = xmalloc(f->len + 1);
    memcpy(text, f->text, f->len + 1);
    Source *src = sourceset_add(&I->sources, key, text, f->len, NULL, true);
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

RunStatus interp_run_text(Interp *I, const char *name, const char *text, size_t len, bool allow_incomplete)
{
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    Source *src = sourceset_add(&I->sources, name, copy, len, ".", false);
    return run_source(I, src, NULL, allow_incomplete);
}
