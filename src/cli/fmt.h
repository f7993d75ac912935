/* fmt.h: `polsim fmt`, the canonical layout of scenario files (docs/language.md,
 * "Formatting"). The layout is made from the scanner's tokens (tokens.h) and
 * the comments between them, so every comment is kept; the result must parse
 * to the same syntax tree as the input (ast_equal without locations), or
 * nothing is written.
 *
 * Ownership: fmt_text returns a malloc'd buffer the caller frees. */
#ifndef POLSIM_FMT_H
#define POLSIM_FMT_H
#include <stddef.h>

/* The canonical layout of text[0..len), which must be text that parses
 * (formatting text that does not parse gives an unspecified layout). Returns a
 * NUL-terminated malloc'd string and sets *out_len to its length. */
char *fmt_text(const char *text, size_t len, size_t *out_len);

/* `polsim fmt [--check] [FILE...|-]`; argv holds the arguments after "fmt".
 * Returns the exit status: 0 done (or, with --check, nothing would change),
 * 1 with --check some file would change (listed on stdout), 2 wrong usage,
 * 65 a file that does not parse (left untouched), 66 a file that cannot be
 * read, 70 the formatted text would mean something else (nothing written),
 * 74 a file that cannot be written. */
int fmt_main(int argc, char **argv);
#endif
