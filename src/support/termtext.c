/* termtext.c: see termtext.h. */
#include "termtext.h"
#include "arena.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

size_t text_utf8_length(const char *s, size_t avail)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0];
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || n > avail) return 0;
    for (size_t i = 1; i < n; i++)
        if ((u[i] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && u[1] < 0xA0) || (c == 0xED && u[1] > 0x9F) || (c == 0xF0 && u[1] < 0x90) || (c == 0xF4 && u[1] > 0x8F))
        return 0;
    return n;
}

/* True for the n-byte character at s that must be escaped (see termtext.h). */
static bool needs_escape(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 1) return (u[0] < 0x20 && u[0] != '\t' && u[0] != '\n') || u[0] == 0x7f;
    if (n == 2) return u[0] == 0xC2 && u[1] < 0xA0;
    return n == 3 && u[0] == 0xEF && u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF);
}

/* Bytes of the character at s to escape (0: it is shown as it is). */
static size_t escape_run(const char *s, size_t avail, size_t *n)
{
    *n = text_utf8_length(s, avail);
    if (*n == 0) return 1;
    return needs_escape(s, *n) ? *n : 0;
}

bool text_is_visible(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0, n; i < len; i += n) {
        if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
            n = 1;
            continue;
        }
        if (escape_run(s + i, len - i, &n)) return false;
    }
    return true;
}

char *text_visible(const char *s)
{
    size_t len = strlen(s), o = 0;
    char *out = xmalloc(len * 4 + 1);
    for (size_t i = 0; i < len;) {
        size_t n, bad = escape_run(s + i, len - i, &n);
        if (bad) {
            for (size_t k = 0; k < bad; k++) o += (size_t)sprintf(out + o, "\\x%02x", (unsigned char)s[i + k]);
            i += bad;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = '\0';
    return out;
}

/* isatty of descriptors 0-2: -1 not asked yet. */
static int tty_known[3] = {-1, -1, -1};

void term_refresh(void) { tty_known[0] = tty_known[1] = tty_known[2] = -1; }

bool term_escapes(FILE *f)
{
    int fd = f ? fileno(f) : -1;
    if (fd < 0) return false;
    if (fd > 2) return isatty(fd);
    if (tty_known[fd] < 0) tty_known[fd] = isatty(fd);
    return tty_known[fd];
}

int term_fputs(const char *s, FILE *f)
{
    if (!term_escapes(f) || text_is_visible(s)) return fputs(s, f);
    char *clean = text_visible(s);
    int rc = fputs(clean, f);
    free(clean);
    return rc;
}

/* vfprintf through term_fputs. */
static int term_vfprintf(FILE *f, const char *fmt, va_list ap)
{
    if (!term_escapes(f)) return vfprintf(f, fmt, ap);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return n;
    char *text = xmalloc((size_t)n + 1);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    int rc = term_fputs(text, f);
    free(text);
    return rc < 0 ? rc : n;
}

int term_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = term_vfprintf(f, fmt, ap);
    va_end(ap);
    return rc;
}

int term_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = term_vfprintf(stdout, fmt, ap);
    va_end(ap);
    return rc;
}
