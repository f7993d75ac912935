/* intern.h: interned identifiers. Equal names get the same pointer, so
 * environments compare names by address. Each interned name may carry a
 * small integer tag (the lexer marks its keywords this way, so a word is
 * looked up once to find both its keyword and its interned name).
 * Ownership: the names (with a hidden header of hash, length and tag) live in
 * the arena passed to intern_init; the table's own array is malloc'd. */
#ifndef POLSIM_INTERN_H
#define POLSIM_INTERN_H
#include "arena.h"
#include <stddef.h>
#include <stdint.h>

typedef struct Intern {
    Arena *arena;
    const char **slots;
    size_t cap, len;
    int tags_for;   /* which client set its tags here (0: none yet); see intern_tag */
} Intern;

void intern_init(Intern *t, Arena *arena);
void intern_free(Intern *t);
const char *intern(Intern *t, const char *s, size_t len);
const char *intern_cstr(Intern *t, const char *s);
uint32_t intern_hash_ptr(const void *p);
/* The tag of an interned name (0 unless set) and setting it. */
int intern_tag(const char *interned);
void intern_set_tag(const char *interned, int tag);
#endif
