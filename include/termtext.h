/* termtext.h: text made safe to show. A terminal acts on control bytes (an
 * escape sequence can retitle the window, hide text or move the cursor), and
 * XML forbids most of them, so text from a scenario (strings, names, notes,
 * file names) is shown with each such byte as a visible escape \xNN:
 *   - C0 controls but newline and tab, DEL, and C1 controls (U+0080..U+009F);
 *   - U+FFFE and U+FFFF (not characters; XML forbids them);
 *   - every byte that is not part of valid UTF-8.
 * term_* write to a stream and escape only when that stream is a terminal
 * (files and pipes get the bytes as they are; diagnostics on stderr are
 * always escaped, see diag.c).
 * Ownership: text_visible returns malloc'd text, the caller frees it. */
#ifndef POLSIM_TERMTEXT_H
#define POLSIM_TERMTEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Bytes in the valid UTF-8 sequence at s (1 for ASCII), or 0 if invalid. */
size_t text_utf8_length(const char *s, size_t avail);
/* s with every byte listed above as \xNN (newline and tab kept); malloc'd. */
char *text_visible(const char *s);
/* True when s needs no escape (the common case: nothing to copy). */
bool text_is_visible(const char *s);
/* True when f is a terminal (answers are kept per descriptor 0-2 until
 * term_refresh, which a caller that moves a descriptor with dup2 calls). */
bool term_escapes(FILE *f);
void term_refresh(void);
/* fputs / fprintf / printf, with the text escaped when f is a terminal. */
int term_fputs(const char *s, FILE *f);
int term_fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int term_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
