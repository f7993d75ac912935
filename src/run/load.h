/* load.h: running files and texts, resolving imports safely. */
#ifndef POLSIM_LOAD_H
#define POLSIM_LOAD_H
#include "interp.h"
#include "readfile.h" /* load_file, load_stream */

/* Runs text (malloc'd, NUL-terminated; the source set takes it) as a file
 * named name whose imports resolve against dir: the old version of a file
 * read from git, say. */
RunStatus run_text_at(Interp *I, const char *name, char *text, size_t len, const char *dir);
/* interp_run_text against dir (copied text; see interp_run_text for allow_incomplete). */
RunStatus run_text_in(Interp *I, const char *name, const char *text, size_t len, const char *dir, bool allow_incomplete);
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
