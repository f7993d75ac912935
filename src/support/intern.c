/* intern.c: open-addressing string set; see intern.h. */
#include "intern.h"
#include <stdlib.h>
#include <string.h>

/* What sits in the arena just before each interned name's first byte. */
typedef struct Head {
    uint32_t hash, len;
    int tag;
} Head;

static Head *head_of(const char *s) { return (Head *)(void *)(s - sizeof(Head)); }

void intern_init(Intern *t, Arena *arena)
{
    t->arena = arena;
    t->cap = 256;
    t->len = 0;
    t->tags_for = 0;
    t->slots = xcalloc(t->cap, sizeof *t->slots);
}

void intern_free(Intern *t)
{
    free(t->slots);
    t->slots = NULL;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

uint32_t intern_hash_ptr(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0xed5ad4bbu;
    x ^= x >> 11;
    return (uint32_t)x;
}

static void grow(Intern *t)
{
    size_t cap = t->cap * 2;
    const char **slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < t->cap; i++) {
        const char *s = t->slots[i];
        if (!s) continue;
        size_t j = head_of(s)->hash & (cap - 1);
        while (slots[j]) j = (j + 1) & (cap - 1);
        slots[j] = s;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
}

const char *intern(Intern *t, const char *s, size_t len)
{
    if (t->len * 2 >= t->cap) grow(t);
    uint32_t h = hash_bytes(s, len);
    size_t j = h & (t->cap - 1);
    for (const char *c; (c = t->slots[j]); j = (j + 1) & (t->cap - 1)) {
        const Head *hd = head_of(c);
        if (hd->hash == h && hd->len == len && memcmp(c, s, len) == 0) return c;
    }
    Head *hd = arena_alloc(t->arena, sizeof *hd + len + 1);
    *hd = (Head){h, (uint32_t)len, 0};
    char *copy = (char *)(hd + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    t->slots[j] = copy;
    t->len++;
    return copy;
}

const char *intern_cstr(Intern *t, const char *s) { return intern(t, s, strlen(s)); }

int intern_tag(const char *interned) { return head_of(interned)->tag; }

void intern_set_tag(const char *interned, int tag) { head_of(interned)->tag = tag; }
