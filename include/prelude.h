/* prelude.h: loading the built-in world at start. The embedded stdlib runs
 * from syntax trees prebuilt at build time (astio.h, tools/astgen.c), so
 * start-up neither lexes nor parses; a file whose prebuilt tree is missing,
 * of another format version or built from other text (its hash differs) is
 * parsed from its embedded text instead, silently. `--stdlib DIR` parses
 * DIR/prelude.pol like any file; `--no-prelude` loads nothing.
 * interp_load_prelude (interp.h) is the entry point. */
#ifndef POLSIM_PRELUDE_H
#define POLSIM_PRELUDE_H
#include "interp.h"
#include "stdlib_embed.h"

/* Runs prelude.pol of files (and the files it imports), taking statements
 * from the blob ast (ast_len bytes; may be NULL) where it matches. Sets
 * *parsed (if not NULL) to the number of files that had to be parsed.
 * False if a file failed to parse or run (reported). */
bool prelude_load(Interp *I, const EmbeddedFile *files, const unsigned char *ast, size_t ast_len, int *parsed);
/* The file called name in files (a list ending with a NULL name), or NULL. */
const EmbeddedFile *stdlib_find(const EmbeddedFile *files, const char *name);
#endif
