/* source.c: see source.h. */
#include "source.h"
#include "arena.h"
#include <stdlib.h>
#include <string.h>

void sourceset_init(SourceSet *set) { memset(set, 0, sizeof *set); }

void sourceset_free(SourceSet *set)
{
    for (size_t i = 0; i < set->len; i++) {
        Source *s = set->items[i];
        free(s->name);
        if (!s->static_text) free(s->text);
        free(s->dir);
        free(s->lines);
        free(s);
    }
    free(set->items);
    memset(set, 0, sizeof *set);
}

Source *sourceset_add(SourceSet *set, const char *name, char *text, size_t len, const char *dir, bool embedded)
{
    Source *s = xcalloc(1, sizeof *s);
    s->name = xstrdup(name);
    s->text = text;
    s->len = len;
    s->dir = dir ? xstrdup(dir) : NULL;
    s->embedded = embedded;
    if (set->len == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 8;
        set->items = xrealloc(set->items, set->cap * sizeof *set->items);
    }
    set->items[set->len++] = s;
    return s;
}

Source *sourceset_add_static(SourceSet *set, const char *name, const char *text, size_t len, bool embedded)
{
    Source *s = sourceset_add(set, name, (char *)text, len, NULL, embedded); /* never written through */
    s->static_text = true;
    return s;
}

static void build_lines(Source *s)
{
    size_t n = 1;
    for (size_t i = 0; i < s->len; i++)
        if (s->text[i] == '\n') n++;
    s->lines = xmalloc(n * sizeof *s->lines);
    s->lines[0] = 0;
    size_t k = 1;
    for (size_t i = 0; i < s->len; i++)
        if (s->text[i] == '\n') s->lines[k++] = (uint32_t)(i + 1);
    s->nlines = n;
}

/* Index of the line containing off (binary search over line starts). */
static size_t line_index(const Source *src, uint32_t off)
{
    Source *s = (Source *)src; /* the line table is a cache, built lazily */
    if (!s->lines) build_lines(s);
    size_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (s->lines[mid] <= off) lo = mid;
        else hi = mid;
    }
    return lo;
}

void source_position(const Source *src, uint32_t off, int *line, int *col)
{
    size_t i = line_index(src, off);
    *line = (int)i + 1;
    *col = (int)(off - src->lines[i]) + 1;
}

const char *source_line(const Source *src, uint32_t off, size_t *len)
{
    size_t i = line_index(src, off);
    const char *start = src->text + src->lines[i];
    const char *end = start;
    while (*end && *end != '\n') end++;
    if (end > start && end[-1] == '\r') end--;
    *len = (size_t)(end - start);
    return start;
}
