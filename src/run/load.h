/* load.h: reading files, resolving imports safely, and the prelude. */
#ifndef POLSIM_LOAD_H
#define POLSIM_LOAD_H
#include "interp.h"

/* Reads a whole file into a malloc'd NUL-terminated buffer; NULL with errno set on failure. */
char *load_file(const char *path, size_t *len);
/* Runs `import "path"` in the current env: resolves it against the importing
 * file, keeps it inside the root unless --allow-any-import, refuses cycles,
 * and imports each file once. */
void import_stmt(Interp *I, const Stmt *s);
/* Executes a statement list (each statement guarded; stops at the first error). */
bool exec_stmts(Interp *I, Stmt *stmts);
#endif
