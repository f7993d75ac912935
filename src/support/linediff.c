/* linediff.c: the lines that changed between two texts (see linediff.h):
 * common ends cut off, the longest common subsequence of the middle, then
 * hunks with CONTEXT lines around each change. */
#include "linediff.h"
#include "arena.h"
#include "termtext.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { CONTEXT = 3, LCS_MAX_CELLS = 1 << 24 };

/* A text cut into lines (borrowed spans, without their '\n'). */
typedef struct Lines {
    const char **s;
    size_t *n;
    size_t count;
} Lines;

static Lines split_lines(const char *text, size_t len)
{
    Lines l = {0};
    size_t cap = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (l.count == cap) {
            cap = cap ? cap * 2 : 64;
            l.s = xrealloc(l.s, cap * sizeof *l.s);
            l.n = xrealloc(l.n, cap * sizeof *l.n);
        }
        l.s[l.count] = text + i;
        l.n[l.count++] = end - i;
        i = end + 1;
    }
    return l;
}

static bool line_same(const Lines *a, size_t i, const Lines *b, size_t j)
{
    return a->n[i] == b->n[j] && memcmp(a->s[i], b->s[j], a->n[i]) == 0;
}

/* One line of the edit script: ' ' kept, '-' only in a, '+' only in b; ai and
 * bi are the lines of a and b it stands at. */
typedef struct LineOp {
    char kind;
    size_t ai, bi;
} LineOp;

/* The edit script from a to b: common ends, then the longest common
 * subsequence of the middle (or, past LCS_MAX_CELLS, all of it replaced). */
static LineOp *edit_script(const Lines *a, const Lines *b, size_t *nops)
{
    size_t p = 0, q = 0;
    while (p < a->count && p < b->count && line_same(a, p, b, p)) p++;
    while (q < a->count - p && q < b->count - p && line_same(a, a->count - 1 - q, b, b->count - 1 - q)) q++;
    size_t n = a->count - p - q, m = b->count - p - q, k = 0;
    LineOp *ops = xmalloc((a->count + b->count + 1) * sizeof *ops);
    for (size_t i = 0; i < p; i++) ops[k++] = (LineOp){' ', i, i};
    uint32_t *t = (n + 1) * (m + 1) <= LCS_MAX_CELLS ? xmalloc((n + 1) * (m + 1) * sizeof *t) : NULL;
    if (t) { /* t[i][j]: the LCS of a's middle from i and b's from j */
        for (size_t i = n + 1; i-- > 0;)
            for (size_t j = m + 1; j-- > 0;) {
                uint32_t *c = &t[i * (m + 1) + j];
                if (i == n || j == m) *c = 0;
                else if (line_same(a, p + i, b, p + j)) *c = t[(i + 1) * (m + 1) + j + 1] + 1;
                else *c = t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1] ? t[(i + 1) * (m + 1) + j] : t[i * (m + 1) + j + 1];
            }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (t && i < n && j < m && line_same(a, p + i, b, p + j)) ops[k++] = (LineOp){' ', p + i++, p + j++};
        else if (i < n && (j == m || !t || t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1])) ops[k++] = (LineOp){'-', p + i++, p + j};
        else ops[k++] = (LineOp){'+', p + i, p + j++};
    }
    free(t);
    for (size_t r = 0; r < q; r++) ops[k++] = (LineOp){' ', p + n + r, p + m + r};
    *nops = k;
    return ops;
}

/* Prints one line of a hunk: its mark and its text, made safe for a terminal. */
static void print_line(FILE *out, char mark, const char *s, size_t n)
{
    char *line = xmalloc(n + 1);
    memcpy(line, s, n);
    line[n] = '\0';
    term_fprintf(out, "%c%s\n", mark, line);
    free(line);
}

bool line_diff(FILE *out, const char *ta, size_t la, const char *tb, size_t lb)
{
    Lines a = split_lines(ta, la), b = split_lines(tb, lb);
    size_t nops, i = 0;
    LineOp *ops = edit_script(&a, &b, &nops);
    bool any = false;
    while (i < nops) {
        if (ops[i].kind == ' ') {
            i++;
            continue;
        }
        any = true;
        size_t start = i > CONTEXT ? i - CONTEXT : 0, last = i, j = i;
        for (; j < nops; j++) {
            if (ops[j].kind != ' ') last = j;
            else if (j - last > 2 * CONTEXT) break;
        }
        size_t end = last + CONTEXT + 1 < nops ? last + CONTEXT + 1 : nops, na = 0, nb = 0;
        for (size_t k = start; k < end; k++) {
            na += ops[k].kind != '+';
            nb += ops[k].kind != '-';
        }
        term_fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ops[start].ai + (na > 0), na, ops[start].bi + (nb > 0), nb);
        for (size_t k = start; k < end; k++) {
            const LineOp *o = &ops[k];
            if (o->kind == '+') print_line(out, '+', b.s[o->bi], b.n[o->bi]);
            else print_line(out, o->kind, a.s[o->ai], a.n[o->ai]);
        }
        i = end;
    }
    free(ops);
    free(a.s), free(a.n), free(b.s), free(b.n);
    return any;
}
