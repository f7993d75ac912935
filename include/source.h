/* source.h: source buffers and locations.
 * A Loc is a byte span in one Source; line and column are computed lazily
 * from a line table built once per buffer (1-based columns, counted in bytes).
 * Ownership: a SourceSet owns its Sources (name, text, line table; a static
 * text is borrowed); every Loc
 * borrows its Source, so the set must outlive the ASTs that point into it. */
#ifndef POLSIM_SOURCE_H
#define POLSIM_SOURCE_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct Source {
    char *name;       /* as shown in messages: "examples/x.pol", "<stdin>", "<stdlib>/chips.pol" */
    char *text;       /* NUL-terminated contents */
    size_t len;
    char *dir;        /* directory imports resolve against; NULL for embedded or -e text */
    bool embedded;    /* part of the built-in stdlib */
    bool static_text; /* text is static storage (sourceset_add_static): never written nor freed */
    uint32_t *lines;  /* byte offset of each line start; built on first use */
    size_t nlines;
} Source;

typedef struct Loc {
    const Source *src;
    uint32_t start, end; /* byte offsets, end exclusive */
} Loc;

typedef struct SourceSet {
    Source **items;
    size_t len, cap;
} SourceSet;

void sourceset_init(SourceSet *set);
void sourceset_free(SourceSet *set);
/* Takes ownership of text (malloc'd, NUL-terminated). dir may be NULL. */
Source *sourceset_add(SourceSet *set, const char *name, char *text, size_t len, const char *dir, bool embedded);

/* sourceset_add for text in static storage that outlives the set (the
 * embedded stdlib): borrowed, not copied nor freed. */
Source *sourceset_add_static(SourceSet *set, const char *name, const char *text, size_t len, bool embedded);

/* Line (1-based) and column (1-based) of byte offset off. */
void source_position(const Source *src, uint32_t off, int *line, int *col);
/* Start and length of the line holding byte offset off (without newline). */
const char *source_line(const Source *src, uint32_t off, size_t *len);

#endif
