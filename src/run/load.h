/* load.h: reading files, resolving imports safely, and the prelude. */
#ifndef POLSIM_LOAD_H
#define POLSIM_LOAD_H
#include "interp.h"

enum { MAX_SOURCE_BYTES = 16 << 20 }; /* the most a scenario file, pipe or stdin may hold */
/* Reads a whole file into a malloc'd NUL-terminated buffer (the caller frees
 * it); NULL with *why (static text) on failure. Never blocks on opening a
 * named pipe unless regular_only is false; then pipes and the device that is
 * standard input are read too, up to MAX_SOURCE_BYTES. */
char *load_file(const char *path, size_t *len, bool regular_only, const char **why);
/* Reads fd to its end into a malloc'd NUL-terminated buffer (caller frees);
 * NULL with *why set on a read error or past MAX_SOURCE_BYTES. */
char *load_stream(int fd, size_t *len, const char **why);
/* Runs text (malloc'd, NUL-terminated; the source set takes it) as a file
 * named name whose imports resolve against dir: the old version of a file
 * read from git, say. */
RunStatus run_text_at(Interp *I, const char *name, char *text, size_t len, const char *dir);
/* interp_run_file for a file that must be a regular one (the prelude under
 * --stdlib): a FIFO or device there is an error at once, not a wait. */
RunStatus run_regular_file(Interp *I, const char *path);
/* Runs `import "path"` in the current env: resolves it against the importing
 * file, keeps it inside the root unless --allow-any-import, refuses cycles,
 * and imports each file once. */
void import_stmt(Interp *I, const Stmt *s);
/* Executes a statement list (each statement guarded; stops at the first error). */
bool exec_stmts(Interp *I, Stmt *stmts);
#endif
