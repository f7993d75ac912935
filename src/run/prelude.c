/* prelude.c: the built-in world; see prelude.h. Statements are run one at a
 * time so that an `import` of another stdlib file is served here, from its
 * prebuilt tree, with the same bookkeeping as import_stmt (load.c): the key
 * "<stdlib>/NAME" goes on the import stack while it runs and into the
 * imported list. Imports this path does not take (an unknown file, a cycle,
 * a second import) go to import_stmt, which reports or skips them. */
#include "prelude.h"
#include "astio.h"
#include "load.h"
#include "parse.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Loader {
    Interp *I;
    const EmbeddedFile *files;
    AstBlob blob;
    bool have_blob;
    int parsed; /* files parsed from text */
} Loader;

static bool run_stmts(Loader *L, Stmt *s);

const EmbeddedFile *stdlib_find(const EmbeddedFile *files, const char *name)
{
    for (const EmbeddedFile *f = files; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

/* f's statements: the prebuilt tree if it was built from this very text,
 * else parsed. False on a syntax error (reported). */
static bool file_stmts(Loader *L, const EmbeddedFile *f, const Source *src, Stmt **out)
{
    Interp *I = L->I;
    const AstFile *af = L->have_blob ? astio_find(&L->blob, f->name) : NULL;
    if (af && af->hash == f->hash && astio_read(&L->blob, af, src, &I->arena, &I->names, out)) return true;
    L->parsed++;
    ParseResult pr = parse_source(src, &I->arena, &I->names, &I->diag, false);
    *out = pr.stmts;
    return pr.ok;
}

/* Runs stdlib file f with key on the import stack; imported says whether to
 * record it as imported (the prelude itself is not). */
static bool run_file(Loader *L, const EmbeddedFile *f, bool imported)
{
    Interp *I = L->I;
    char key[256];
    snprintf(key, sizeof key, "<stdlib>/%s", f->name);
    if (imported) ptrvec_push(&I->imported, xstrdup(key));
    Source *src = sourceset_add_static(&I->sources, key, f->text, f->len, true);
    Stmt *stmts;
    if (!file_stmts(L, f, src, &stmts)) return false;
    ptrvec_push(&I->import_stack, xstrdup(key));
    bool ok = run_stmts(L, stmts);
    free(I->import_stack.items[--I->import_stack.len]);
    return ok;
}

/* The stdlib file an import statement names, if this path should run it. */
static const EmbeddedFile *served_import(Loader *L, const Stmt *s)
{
    if (s->kind != S_IMPORT || !s->loc.src || !s->loc.src->embedded) return NULL;
    const EmbeddedFile *f = stdlib_find(L->files, s->u.import.path);
    if (!f) return NULL;
    char key[256];
    snprintf(key, sizeof key, "<stdlib>/%s", f->name);
    return ptrvec_has_str(&L->I->import_stack, key) || ptrvec_has_str(&L->I->imported, key) ? NULL : f;
}

/* Runs a statement list one statement at a time, stopping at the first failure. */
static bool run_stmts(Loader *L, Stmt *s)
{
    while (s) {
        Stmt *next = s->next;
        const EmbeddedFile *f = served_import(L, s);
        bool ok;
        if (f) {
            ok = run_file(L, f, true);
        } else {
            s->next = NULL; /* exec_stmts runs a list: give it this one statement */
            ok = exec_stmts(L->I, s);
            s->next = next;
        }
        if (!ok) return false;
        s = next;
    }
    return true;
}

bool prelude_load(Interp *I, const EmbeddedFile *files, const unsigned char *ast, size_t ast_len, int *parsed)
{
    Loader L = {.I = I, .files = files};
    L.have_blob = ast && astio_open(&L.blob, ast, ast_len);
    const EmbeddedFile *f = stdlib_find(files, "prelude.pol");
    bool ok = !f || run_file(&L, f, false);
    if (L.have_blob) astio_close(&L.blob);
    if (parsed) *parsed = L.parsed;
    return ok;
}

static bool load_prelude(Interp *I);

/* Loads the stdlib; what it dates is history (left out by --no-history). */
bool interp_load_prelude(Interp *I)
{
    I->in_prelude = true;
    bool ok = load_prelude(I);
    I->in_prelude = false;
    return ok;
}

static bool load_prelude(Interp *I)
{
    if (I->opt.no_prelude) return true;
    if (I->opt.stdlib_dir) {
        char path[PATH_MAX + 1];
        snprintf(path, sizeof path, "%s/prelude.pol", I->opt.stdlib_dir);
        char *saved_root = I->root;
        I->root = realpath(I->opt.stdlib_dir, NULL);
        RunStatus st = run_regular_file(I, path);
        free(I->root);
        I->root = saved_root;
        return st == RUN_OK;
    }
    return prelude_load(I, polsim_stdlib_files, polsim_stdlib_ast, polsim_stdlib_ast_len, NULL);
}
