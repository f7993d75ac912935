/* arena.c: see arena.h. Blocks grow geometrically; large requests get their
 * own block so small ones keep packing densely. */
#include "arena.h"
#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
};

enum { ARENA_MIN_BLOCK = 16 * 1024, ARENA_MAX_BLOCK = 4 * 1024 * 1024 };

/* Out of memory: a message, buffered output flushed, exit EXIT_OUT_OF_MEMORY
 * (never abort: a core dump and status 134 say "crash", not "too big"). */
_Noreturn void out_of_memory(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        fprintf(stderr, "polsim: error: out of memory (the limit is %llu MiB; see --max-memory)\n",
                (unsigned long long)rl.rlim_cur >> 20);
    else
        fputs("polsim: error: out of memory\n", stderr);
    exit(EXIT_OUT_OF_MEMORY);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory();
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

void arena_init(Arena *a) { a->head = NULL; }

void arena_free(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

void *arena_alloc(Arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    ArenaBlock *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t want = b ? b->size * 2 : ARENA_MIN_BLOCK;
        if (want > ARENA_MAX_BLOCK) want = ARENA_MAX_BLOCK; /* doubling stops at 4 MiB */
        if (want < size) want = size;
        /* Big blocks are not marked for transparent huge pages: where the
         * kernel compacts memory to find one (defrag "madvise", the kernel's
         * default), a 64,000-scenario file took 0.04 to 0.68 s of system
         * time instead of a steady 0.1 s (bench/README.md, A). */
        b = xmalloc(sizeof *b + want);
        b->used = 0;
        b->size = want;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

ArenaMark arena_mark(const Arena *a) { return (ArenaMark){a->head, a->head ? a->head->used : 0}; }

/* Frees the blocks newer than m; the block current at m is rewound to its use then. */
void arena_reset(Arena *a, ArenaMark m)
{
    while (a->head && a->head != m.head) {
        ArenaBlock *next = a->head->next;
        free(a->head);
        a->head = next;
    }
    if (a->head) a->head->used = m.used;
}

size_t arena_used(const Arena *a)
{
    size_t n = 0;
    for (const ArenaBlock *b = a->head; b; b = b->next) n += b->used;
    return n;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void ptrvec_push(PtrVec *v, void *p)
{
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 8;
        v->items = xrealloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->len++] = p;
}

bool ptrvec_has_str(const PtrVec *v, const char *s)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], s) == 0) return true;
    return false;
}

void ptrvec_free(PtrVec *v)
{
    free(v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}
