/* polsim.h: libpolsim, the embedding API (docs/api.md). Open a session, run
 * scenario text or a file in it, walk the result's records, render them as
 * text, JSON, CSV or an HTML page, close the session. Nothing of the
 * interpreter shows through: every handle is opaque and every field is read
 * through a function. Link with `pkg-config --cflags --libs polsim`.
 *
 * Ownership: the caller owns a polsim_session (polsim_open) and frees it
 * with polsim_close. Everything else the API hands out belongs to the
 * session: a polsim_result, its records, their values and every string or
 * rendering returned for them are copies in the session's memory, valid
 * until the next polsim_run / polsim_run_file on that session or until
 * polsim_close, whichever comes first. The caller never frees them.
 * Strings passed in (options, source text, names, paths) are read during
 * the call only.
 *
 * Threads: a session is used by one thread at a time; separate sessions
 * share no data. Process-wide state remains, so run sessions one at a
 * time in a process unless you accept it: the step budget and the time limit
 * are process-wide (each run re-arms them for its session; a time limit
 * installs a SIGALRM handler and an interval timer, and a run stuck outside
 * the evaluator two seconds past its limit ends the process with status
 * 65); the record renderer the report layer registers at start-up is
 * process-wide (the API does not use it: each session takes its records
 * through a sink of its own); running out of memory ends the process with
 * status 70, as in the command line. */
#ifndef POLSIM_API_H
#define POLSIM_API_H
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define POLSIM_API_VERSION 1

typedef struct polsim_session polsim_session;
typedef struct polsim_result polsim_result;
typedef struct polsim_record polsim_record;
typedef struct polsim_value polsim_value;

/* How a session starts. Fill it with polsim_options_init, then change
 * fields; a NULL options pointer means the defaults. */
typedef struct polsim_options {
    int stdlib;                   /* 1 (default): load the stdlib (the recorded world); 0: an empty world */
    int history;                  /* 1 (default): the stdlib's dated statements; 0: a policy-free world (--no-history) */
    unsigned long long max_steps; /* evaluation steps per run (default 1e9); 0: no limit */
    double max_seconds;           /* wall-clock seconds per run (default 0: no limit; see Threads above) */
    const char *stdlib_dir;       /* read the stdlib from this folder instead of the embedded copy, or NULL */
    int any_import;               /* 1: imports may use absolute paths and leave the file's folder */
    FILE *diagnostics;            /* also print each error, warning and note there as the command line does
                                     ("file:line:col: error: text", the line and a caret), or NULL */
    int color;                    /* 1: those diagnostics in colour (ANSI escapes) */
    unsigned long long seed;      /* the seed of a simulate or `over` that names none (default 0) */
} polsim_options;

typedef enum { POLSIM_TEXT, POLSIM_JSON, POLSIM_CSV, POLSIM_HTML } polsim_format;

/* A run's outcome, the command line's exit statuses. */
typedef enum { POLSIM_OK = 0, POLSIM_ASSERT_FAILED = 1, POLSIM_ERROR = 65, POLSIM_NOINPUT = 66 } polsim_status;

typedef enum {
    POLSIM_REC_VALUES,   /* print, a bare expression */
    POLSIM_REC_VALUE_AS, /* EXPR -> UNIT */
    POLSIM_REC_ENTITY,   /* show */
    POLSIM_REC_VERDICT,  /* classify, explain, headroom */
    POLSIM_REC_TABLE,    /* compare */
    POLSIM_REC_ASSERT,   /* assert, passed or failed */
    POLSIM_REC_PLOT,     /* a chart */
    POLSIM_REC_SERIES,   /* a series */
    POLSIM_REC_POINT,    /* a sweep point or simulation run */
    POLSIM_REC_SUMMARY,  /* simulate: a metric's percentiles */
    POLSIM_REC_SHARE,    /* simulate: the share of runs where a condition held */
    POLSIM_REC_ERROR,    /* an error: located message (the run stopped there) */
    POLSIM_REC_WARNING,  /* a warning or note */
} polsim_record_kind;

typedef enum { POLSIM_NONE, POLSIM_NUMBER, POLSIM_BOOL, POLSIM_STRING, POLSIM_DATE, POLSIM_UNKNOWN, POLSIM_OTHER } polsim_value_kind;

void polsim_options_init(polsim_options *opt);
/* sizeof(polsim_options) in this library: a binding that lays the struct
 * out itself (Python's ctypes) checks it against its own. */
size_t polsim_options_size(void);
/* A new session with the stdlib loaded (unless opt->stdlib is 0). NULL when
 * it cannot start (the stdlib failed to load), with the reason in err (if
 * err is not NULL; errn bytes at most). */
polsim_session *polsim_open(const polsim_options *opt, char *err, size_t errn);
/* Frees the session and everything it handed out. NULL is ignored. */
void polsim_close(polsim_session *s);

/* Runs statements in the session: definitions persist from run to run, as in
 * the REPL. name is shown in messages ("<text>" when NULL); len is the
 * text's length, or (size_t)-1 for a NUL-terminated text. Imports resolve
 * against the current folder. Never NULL. */
const polsim_result *polsim_run(polsim_session *s, const char *name, const char *text, size_t len);
/* Runs a file; its imports may reach its own folder. Never NULL. */
const polsim_result *polsim_run_file(polsim_session *s, const char *path);

/* Streaming: from the next run on, each record is written to out in fmt
 * (POLSIM_TEXT, POLSIM_JSON or POLSIM_CSV) as it is made, exactly as the
 * command line writes it with --format (the CSV header once for the
 * session), and is not kept: results then hold only their error and warning
 * records, status and asserts, and render as "". Memory no longer grows
 * with a study's points. out NULL: back to keeping records. -1 for
 * POLSIM_HTML (a page is made from kept records), else 0. */
int polsim_set_output(polsim_session *s, polsim_format fmt, FILE *out);

polsim_status polsim_result_status(const polsim_result *r);
size_t polsim_result_count(const polsim_result *r);   /* records, errors included, in order */
const polsim_record *polsim_result_record(const polsim_result *r, size_t i); /* NULL past the last */
int polsim_result_asserts_passed(const polsim_result *r);
int polsim_result_asserts_failed(const polsim_result *r);
/* The first error record, or NULL when the run had none. */
const polsim_record *polsim_result_error(const polsim_result *r);
/* The result rendered as the command line prints it on standard output
 * (text, JSON lines, the tidy CSV table with its header) or as one HTML page
 * (polsim report's); diagnostics are not part of it. *len (when not NULL)
 * gets the length. NULL for HTML when the page cannot be made. */
const char *polsim_result_render(const polsim_result *r, polsim_format fmt, size_t *len);
/* The same written to out: 0, or -1 when it could not be made or written. */
int polsim_render(const polsim_result *r, polsim_format fmt, FILE *out);

polsim_record_kind polsim_record_kind_of(const polsim_record *rec);
const char *polsim_record_type(const polsim_record *rec);     /* print, value, show, explain, compare, sweep, assert, error, ... */
const char *polsim_record_file(const polsim_record *rec);     /* the statement's file, or NULL */
int polsim_record_line(const polsim_record *rec);             /* 1-based, 0 when it has no place */
int polsim_record_column(const polsim_record *rec);           /* 1-based byte column, 0 when it has no place */
const char *polsim_record_scenario(const polsim_record *rec); /* the scenario whose body asked, "main" at top level */
const char *polsim_record_period(const polsim_record *rec);   /* the date or period it was read at, or NULL */
/* An assert's message (NULL when it has none), an error's or warning's
 * text, a verdict's text ("controlled", "allowed"), a show's source, a
 * plot's file; NULL otherwise. */
const char *polsim_record_message(const polsim_record *rec);
/* assert: 1 passed, 0 failed; classify/explain/headroom: 1 yes, 0 no, -1
 * undecided; any other record: -1. */
int polsim_record_verdict(const polsim_record *rec);
/* This record alone in fmt (text, JSON or CSV; "" for HTML): one JSON object
 * for every record (errors as {"type":"error","file","line","column","message"}). */
const char *polsim_record_render(const polsim_record *rec, polsim_format fmt);

/* The figures of a record, in the tidy table's order (one per CSV row):
 * a print's values, a show's fields, a compare's cells, a series' cells,
 * a point's metrics, a summary's statistics (subject "p5" ... "p95",
 * "mean", "sd", "min", "max"), a share (subject "share"), a verdict (subject
 * the chip, metric "controlled under RULE" or "available in MARKET"), a
 * plot's numbers (in the chart's unit, not the base unit). */
size_t polsim_record_count(const polsim_record *rec);
const polsim_value *polsim_record_value(const polsim_record *rec, size_t i); /* NULL past the last */

/* A sweep point's or simulation run's variables (name in polsim_value_metric,
 * the point in polsim_value_subject); none for other records. */
size_t polsim_record_param_count(const polsim_record *rec);
const polsim_value *polsim_record_param(const polsim_record *rec, size_t i); /* NULL past the last */

polsim_value_kind polsim_value_kind_of(const polsim_value *v);
const char *polsim_value_metric(const polsim_value *v);  /* what it is ("H20.tpp", "fp16"), or NULL */
const char *polsim_value_subject(const polsim_value *v); /* the item it is for (a compare column, a point), or NULL */
const char *polsim_value_period(const polsim_value *v);  /* its date or period, or NULL */
double polsim_value_number(const polsim_value *v);       /* a number in base units (NaN when not a number) */
const char *polsim_value_unit(const polsim_value *v);    /* its base unit ("FLOP/s", "" for a plain number), or NULL */
int polsim_value_bool(const polsim_value *v);            /* 1 or 0 for a truth, -1 otherwise */
const char *polsim_value_text(const polsim_value *v);    /* display text ("4.44 PFLOPS", "true", a string) */

#ifdef __cplusplus
}
#endif
#endif
