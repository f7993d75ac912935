/* diag.h: the one diagnostic sink. Every error, warning and note goes through
 * diag_report, which prints `file:line:col: error: message`, the source line
 * and a caret under the span, or hands the text to a callback (tests, REPL).
 * Messages are plain words for analysts, not C programmers. */
#ifndef POLSIM_DIAG_H
#define POLSIM_DIAG_H
#include "source.h"
#include <stdio.h>
#include <stdbool.h>

/* DIAG_FAILED: a failed assert; printed like an error but not counted as one. */
typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE, DIAG_FAILED } DiagLevel;

/* The class decides the exit status: input errors are 66, the rest 65. */
typedef enum { DC_SYNTAX, DC_UNIT, DC_NAME, DC_TYPE, DC_RUNTIME, DC_IMPORT, DC_INPUT } DiagClass;

typedef struct Diag {
    FILE *out;          /* where messages go (stderr by default) */
    bool color;
    int errors;         /* errors reported since the last diag_reset */
    int syntax_errors;  /* within the current parse, to cap cascades */
    bool input_error;   /* a file could not be opened or read */
    /* Optional: when set, receives every formatted message instead of out. */
    void (*callback)(void *data, const char *text);
    void *callback_data;
    /* Optional: when set, receives every message as its parts instead of any
     * output or callback: the level, the location (src NULL for a message
     * with none) and the message text (cleaned, valid during the call). */
    void (*on_diag)(void *data, DiagLevel level, Loc loc, const char *message);
    void *on_diag_data;
} Diag;

/* A parse reports at most this many errors, then "too many errors" and stops. */
enum { DIAG_MAX_SYNTAX_ERRORS = 50 };

void diag_init(Diag *d, FILE *out);
void diag_report(Diag *d, DiagLevel level, DiagClass cls, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* A message with no location (command line, files that cannot be opened). */
void diag_plain(Diag *d, DiagClass cls, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same as a note ("polsim: note: ..."), not counted as an error. */
void diag_plain_note(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Closest candidate to word by edit distance, or NULL when none is close. */
const char *diag_nearest(const char *word, const char *const *candidates, size_t n);
#endif
