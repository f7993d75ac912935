/* intern.h: interned identifiers. Equal names get the same pointer, so
 * environments compare names by address. Ownership: the strings live in the
 * arena passed to intern_init; the table's own array is malloc'd. */
#ifndef POLSIM_INTERN_H
#define POLSIM_INTERN_H
#include "arena.h"
#include <stddef.h>
#include <stdint.h>

typedef struct Intern {
    Arena *arena;
    const char **slots;
    size_t cap, len;
} Intern;

void intern_init(Intern *t, Arena *arena);
void intern_free(Intern *t);
const char *intern(Intern *t, const char *s, size_t len);
const char *intern_cstr(Intern *t, const char *s);
uint32_t intern_hash_ptr(const void *p);
#endif
