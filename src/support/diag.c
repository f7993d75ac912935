/* diag.c: see diag.h. Output follows gcc's layout so editors can jump to it:
 *   file:line:col: error: message
 *       3 | source line
 *         |     ^~~~~ */
#include "diag.h"
#include "termtext.h"
#include "arena.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(Diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
}

typedef struct Buf {
    char *s;
    size_t len, cap;
} Buf;

static void buf_vappend(Buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

static void buf_append(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_append(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vappend(b, fmt, ap);
    va_end(ap);
}

static const char *level_name(DiagLevel l)
{
    return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning" : l == DIAG_FAILED ? "assertion failed" : "note";
}

static const char *level_color(DiagLevel l)
{
    return l == DIAG_ERROR || l == DIAG_FAILED ? "\033[1;31m" : l == DIAG_WARNING ? "\033[1;35m" : "\033[1;36m";
}

enum { EXCERPT_WIDTH = 120 };

/* True for a sequence a terminal may act on: C0 controls but tab, DEL, C1. */
static bool is_control(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (n == 1) return (c < 0x20 && c != '\t') || c == 0x7f;
    return n == 2 && c == 0xC2 && (unsigned char)s[1] < 0xA0;
}

/* Appends s with every control character and every byte that is not valid
 * UTF-8 written as \xNN, so a file name or text quoted in a message cannot
 * send escape sequences to the terminal. */
static void append_clean(Buf *b, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t n = text_utf8_length(s + i, len - i);
        if (n == 0 || is_control(s + i, n)) {
            size_t bad = n ? n : 1;
            for (size_t k = 0; k < bad; k++) buf_append(b, "\\x%02x", (unsigned char)s[i + k]);
            i += bad;
        } else {
            buf_append(b, "%.*s", (int)n, s + i);
            i += n;
        }
    }
}

/* The quoted source line and a caret (^~~~) under the span. Long lines are
 * clipped to a window around the caret; each byte of a control character
 * (C0, DEL, C1) or of invalid UTF-8 prints as '?', so a file cannot send
 * escape sequences to the terminal. */
static void append_excerpt(Buf *b, const Diag *d, Loc loc, int line, int col)
{
    size_t len;
    const char *text = source_line(loc.src, loc.start, &len);
    size_t from = 0, to = len, at = (size_t)col - 1;
    if (len > EXCERPT_WIDTH) {
        from = at > EXCERPT_WIDTH / 2 ? at - EXCERPT_WIDTH / 2 : 0;
        to = from + EXCERPT_WIDTH < len ? from + EXCERPT_WIDTH : len;
    }
    buf_append(b, "%5d | %s", line, from ? "..." : "");
    for (size_t i = from; i < to;) {
        size_t n = text_utf8_length(text + i, to - i);
        if (n == 0 || is_control(text + i, n)) {
            buf_append(b, "?");
            i++;
        } else {
            buf_append(b, "%.*s", (int)n, text + i);
            i += n;
        }
    }
    buf_append(b, "%s\n      | %s", to < len ? "..." : "", from ? "   " : "");
    for (size_t i = from; i < at && i < len; i++) buf_append(b, "%c", text[i] == '\t' ? '\t' : ' ');
    size_t span = loc.end > loc.start ? loc.end - loc.start : 1;
    size_t room = to > at ? to - at : 1;
    if (span > room) span = room;
    if (d->color) buf_append(b, "\033[1;32m");
    buf_append(b, "^");
    for (size_t i = 1; i < span; i++) buf_append(b, "~");
    if (d->color) buf_append(b, "\033[0m");
    buf_append(b, "\n");
}

/* The formatted message, cleaned like append_clean. */
static void append_message(Buf *b, const char *fmt, va_list ap)
{
    Buf raw = {0};
    buf_vappend(&raw, fmt, ap);
    append_clean(b, raw.s ? raw.s : "");
    free(raw.s);
}

static void emit(Diag *d, Buf *b)
{
    if (d->callback) d->callback(d->callback_data, b->s);
    else {
        fputs(b->s, d->out);
        fflush(d->out);
    }
    free(b->s);
}

static void count(Diag *d, DiagLevel level, DiagClass cls)
{
    if (level != DIAG_ERROR) return;
    d->errors++;
    if (cls == DC_SYNTAX) d->syntax_errors++;
    if (cls == DC_INPUT) d->input_error = true;
}

/* Hands a message to the structured callback: see Diag.on_diag. */
static void emit_parts(Diag *d, DiagLevel level, DiagClass cls, Loc loc, const char *fmt, va_list ap)
{
    Buf b = {0};
    append_message(&b, fmt, ap);
    count(d, level, cls);
    d->on_diag(d->on_diag_data, level, loc, b.s ? b.s : "");
    free(b.s);
}

void diag_report(Diag *d, DiagLevel level, DiagClass cls, Loc loc, const char *fmt, ...)
{
    if (d->on_diag) {
        va_list ap;
        va_start(ap, fmt);
        emit_parts(d, level, cls, loc, fmt, ap);
        va_end(ap);
        return;
    }
    Buf b = {0};
    int line = 0, col = 0;
    if (loc.src) {
        source_position(loc.src, loc.start, &line, &col);
        buf_append(&b, "%s", d->color ? "\033[1m" : "");
        append_clean(&b, loc.src->name);
        buf_append(&b, ":%d:%d:%s ", line, col, d->color ? "\033[0m" : "");
    }
    buf_append(&b, "%s%s:%s ", d->color ? level_color(level) : "", level_name(level), d->color ? "\033[0m" : "");
    va_list ap;
    va_start(ap, fmt);
    append_message(&b, fmt, ap);
    va_end(ap);
    buf_append(&b, "\n");
    if (loc.src) append_excerpt(&b, d, loc, line, col);
    count(d, level, cls);
    emit(d, &b);
}

/* "polsim: error: message" (or note); only errors are counted. */
static void plain(Diag *d, DiagLevel level, DiagClass cls, const char *fmt, va_list ap)
{
    if (d->on_diag) {
        emit_parts(d, level, cls, (Loc){0}, fmt, ap);
        return;
    }
    Buf b = {0};
    buf_append(&b, "polsim: %s%s:%s ", d->color ? level_color(level) : "", level_name(level), d->color ? "\033[0m" : "");
    append_message(&b, fmt, ap);
    buf_append(&b, "\n");
    count(d, level, cls);
    emit(d, &b);
}

void diag_plain(Diag *d, DiagClass cls, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    plain(d, DIAG_ERROR, cls, fmt, ap);
    va_end(ap);
}

void diag_plain_note(Diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    plain(d, DIAG_NOTE, DC_INPUT, fmt, ap);
    va_end(ap);
}

/* Optimal-string-alignment distance, case-insensitive so 'h20' finds 'H20'. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return (size_t)-1;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int ca = a[i - 1] | 0x20, cb = b[j - 1] | 0x20;
            size_t cost = ca == cb ? 0 : 1;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best) best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && (a[i - 1] | 0x20) == (b[j - 2] | 0x20) && (a[i - 2] | 0x20) == (b[j - 1] | 0x20)
                && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

const char *diag_nearest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t wl = strlen(word);
    size_t limit = wl <= 3 ? 1 : wl <= 6 ? 2 : 3;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(word, candidates[i]);
        if (dist < best_d) {
            best_d = dist;
            best = candidates[i];
        }
    }
    return best_d <= limit ? best : NULL;
}
