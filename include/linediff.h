/* linediff.h: the lines that changed between two texts, as the hunks of a
 * unified diff (`polsim diff --lines`, when words cannot tell). Support
 * layer: plain text, nothing of the language. */
#ifndef POLSIM_LINEDIFF_H
#define POLSIM_LINEDIFF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes to out the hunks ("@@ -A,N +B,M @@", then each line marked ' ',
 * '-' or '+', made safe for a terminal) that turn ta[0..la) into tb[0..lb),
 * with 3 lines of context around each change and no file header. Lines
 * are aligned by their longest common subsequence after the common first
 * and last lines; middles too long for that (over 2^24 pairs of lines) are
 * shown as replaced whole. Returns whether any line differs. The texts are
 * read during the call only; the caller owns them. */
bool line_diff(FILE *out, const char *ta, size_t la, const char *tb, size_t lb);
#endif
