/* provenance.h: the line that can end a run (`--provenance`, on by default
 * with --format json) so a result pasted into a report can be traced back:
 * the polsim version, the date of the stdlib's data (the `# data: DATE`
 * line of the prelude that was loaded) and a 64-bit FNV-1a hash of the base
 * name and contents of every source the run read, in the order read.
 * When the stdlib's dated statements (its history) are in force, the last
 * of their dates follows the data date: `· history to 2025-09-17`.
 * Text and CSV: one line `# polsim V · stdlib data D · files fnv1a64:H (N files)`;
 * JSON: one object {"type":"provenance",...} that also lists each source
 * with its size and its own FNV-1a 64 hash of the contents ("sources"). Nothing here allocates
 * anything that outlives a call. */
#ifndef POLSIM_PROVENANCE_H
#define POLSIM_PROVENANCE_H
#include "polsim.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Provenance {
    char data_date[16]; /* "2026-11-23"; "none" without a prelude, "unknown" without a `# data:` line */
    uint64_t hash;      /* FNV-1a 64 over base name, length and text of each source */
    size_t nfiles;      /* sources hashed: the prelude's files, FILEs, imports, -e texts, stdin */
    char history[16];   /* the last date of the stdlib's dated statements in force ("" when none) */
} Provenance;

/* The provenance of the sources session s has read (polsim_source);
 * with_prelude says whether the first is the prelude (so its `# data:` line
 * is read). */
void provenance_of(const polsim_session *s, bool with_prelude, Provenance *p);
/* Writes p to out as a text line (POLSIM_TEXT, POLSIM_CSV) or a JSON object. */
void provenance_print(FILE *out, polsim_format format, const Provenance *p, const polsim_session *s);
#endif
