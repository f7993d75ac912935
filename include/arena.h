/* arena.h: bump allocator for objects that die together (AST nodes, interned
 * names, entities, policy records). Ownership: the arena owns every block it
 * hands out; arena_free releases them all at once. Nothing is freed singly. */
#ifndef POLSIM_ARENA_H
#define POLSIM_ARENA_H
#include <stdbool.h>
#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
/* Zeroed, max-aligned memory valid until arena_free. Exits on exhaustion (see xmalloc). */
void *arena_alloc(Arena *a, size_t size);
/* Bytes handed out so far (for tests and statistics). */
size_t arena_used(const Arena *a);
/* A point in an arena's life: arena_reset(a, m) frees every block handed
 * out after arena_mark returned m, and the memory of the block that was
 * current is handed out again. A sweep or simulation marks before each point
 * and resets after it, so its memory does not grow with the number of points.
 * Nothing allocated after the mark may be used after the reset. */
typedef struct ArenaMark {
    ArenaBlock *head;
    size_t used;
} ArenaMark;
ArenaMark arena_mark(const Arena *a);
void arena_reset(Arena *a, ArenaMark m);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Growable array of pointers allocated with malloc (not the arena): used where
 * a list outlives or is rebuilt independently of any arena. */
typedef struct PtrVec {
    void **items;
    size_t len, cap;
} PtrVec;
void ptrvec_push(PtrVec *v, void *p);
void ptrvec_free(PtrVec *v);
/* Whether v (of C strings) holds one equal to s. */
bool ptrvec_has_str(const PtrVec *v, const char *s);

/* malloc wrappers that never return NULL: when memory runs out (or the
 * --max-memory cap is reached) they print "polsim: error: out of memory"
 * and exit with EXIT_OUT_OF_MEMORY. */
enum { EXIT_OUT_OF_MEMORY = 70 };
_Noreturn void out_of_memory(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
#endif
