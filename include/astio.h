/* astio.h: syntax trees in a compact binary form, so the built-in stdlib is
 * lexed and parsed once at build time (tools/astgen.c) and only rebuilt at
 * start, without flex or bison.
 *
 * A blob holds a string table and one entry per source file: the file's name,
 * the hash of the text it was parsed from, and its statements. Locs are byte
 * offsets into that text, so the text itself must be kept (it is embedded
 * alongside) for diagnostics and `show`. Numbers are exact (IEEE bits).
 * Layout (integers are unsigned LEB128 unless noted):
 *   "PAST" version nstrings {len bytes NUL}* nfiles
 *   { name-string hash(8 bytes, little-endian) node-bytes body-length body }*
 * A body is a statement list; every list is a count then its items. The
 * reader takes the file's nodes from one allocation of node-bytes.
 *
 * Ownership: an AstWriter owns everything it builds until astio_writer_finish
 * hands the bytes to the caller (malloc'd). An AstBlob borrows its data and
 * mallocs index arrays and a cache of interned names that astio_close frees. A tree read from a blob
 * lives in the given Arena, its names are interned in the given Intern, and
 * its literal strings point into the blob's data, which must outlive it. */
#ifndef POLSIM_ASTIO_H
#define POLSIM_ASTIO_H
#include "ast.h"
#include "intern.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bump whenever the encoding or the AST it mirrors changes. */
enum { ASTIO_VERSION = 6 };

typedef struct AstWriter AstWriter;
AstWriter *astio_writer_new(void);
/* Encodes the statements parsed from src under the file name name. Returns
 * false (and writes nothing usable) if a Loc points outside src. */
bool astio_writer_add(AstWriter *w, const char *name, const Source *src, const Stmt *stmts);
/* The finished blob (malloc'd, *len bytes); frees the writer. */
unsigned char *astio_writer_finish(AstWriter *w, size_t *len);

typedef struct AstFile {
    const char *name; /* points into the blob */
    uint64_t hash;    /* text_hash (texthash.h) of the text the statements came from */
    size_t nodes;     /* bytes of the nodes (Stmt, Expr, Field) its statements read into */
    size_t body, body_len; /* offset and length of the encoded statements */
} AstFile;

typedef struct AstBlob {
    const unsigned char *data;
    size_t len;
    const char **strings; /* nstrings entries, pointing into data */
    size_t nstrings;
    AstFile *files;
    size_t nfiles;
    const char **ids;       /* interned copy of each string, made on first use as a name */
    const Intern *ids_from; /* the table ids were interned in */
} AstBlob;

/* Checks the magic and version and indexes strings and files. False if the
 * blob is from another format version or malformed (nothing to close then). */
bool astio_open(AstBlob *b, const unsigned char *data, size_t len);
void astio_close(AstBlob *b);
/* The entry for file name, or NULL. */
const AstFile *astio_find(const AstBlob *b, const char *name);
/* Rebuilds f's statements with Locs in src. False if the body is malformed
 * (nodes already made stay in the arena, unused). Names interned in one read
 * are cached in b for the next: use one Intern for all reads of an opened
 * blob, and close the blob before freeing that Intern. */
bool astio_read(AstBlob *b, const AstFile *f, const Source *src, Arena *arena, Intern *names, Stmt **out);
#endif
