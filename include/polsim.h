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
 * the call only. What the questions about a session's state return
 * (polsim_lookup, polsim_name, polsim_source, polsim_file, polsim_titled,
 * polsim_history_end, the strings handed to a callback) is session memory
 * too, valid until the next run, polsim_reset or polsim_close on that
 * session; strings about the language itself (polsim_function,
 * polsim_field, polsim_derived, polsim_kind_name) are static. Callbacks get
 * borrowed strings, valid during the call.
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
 * status 70, as in the command line. A callback must not call back into
 * its session. */
#ifndef POLSIM_API_H
#define POLSIM_API_H
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define POLSIM_API_VERSION 3

typedef struct polsim_session polsim_session;
typedef struct polsim_result polsim_result;
typedef struct polsim_record polsim_record;
typedef struct polsim_value polsim_value;

/* What a run does: everything (the default); parse, resolve names and check
 * units and types, printing nothing (`polsim check`); or run asserts only,
 * printing nothing else (`polsim test`). */
typedef enum { POLSIM_MODE_RUN = 0, POLSIM_MODE_CHECK = 1, POLSIM_MODE_TEST = 2 } polsim_mode;

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
    /* since POLSIM_API_VERSION 2 */
    int mode;                     /* a polsim_mode (default POLSIM_MODE_RUN) */
    int shard_k, shard_n;         /* run the K-th of N slices of every sweep and simulate (--shard K/N); 0, 0: all */
} polsim_options;

typedef enum { POLSIM_TEXT, POLSIM_JSON, POLSIM_CSV, POLSIM_HTML } polsim_format;

/* A run's outcome, the command line's exit statuses. */
typedef enum { POLSIM_OK = 0, POLSIM_ASSERT_FAILED = 1, POLSIM_ERROR = 65, POLSIM_NOINPUT = 66,
               POLSIM_INCOMPLETE = -1 /* POLSIM_RUN_PARTIAL: the text ends inside a statement; nothing ran */ } polsim_status;

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

/* --- since POLSIM_API_VERSION 2: what the command line, REPL and language
 * server are built on -------------------------------------------------------- */

/* polsim_open that also says why it failed: *status (when status is not
 * NULL) is POLSIM_OK, POLSIM_NOINPUT when the stdlib could not be read
 * (a --stdlib folder without prelude.pol) or POLSIM_ERROR when it had an
 * error. The stdlib's messages go to opt->diagnostics. */
polsim_session *polsim_open_ex(const polsim_options *opt, polsim_status *status, char *err, size_t errn);
/* Back to a fresh world with the session's options, as opened (the REPL's
 * :reset); the output stream, colour and interrupt flag stay, and so does
 * the step budget left (the stdlib loads within it). POLSIM_OK, or the
 * status of a stdlib that failed to load (the session stays usable). */
polsim_status polsim_reset(polsim_session *s);

/* Flags of polsim_run_ex. */
enum {
    POLSIM_RUN_PARTIAL = 1,        /* text that merely ends early is POLSIM_INCOMPLETE: nothing runs or is reported (a REPL asks for more) */
    POLSIM_RUN_SHARED_BUDGET = 2,  /* go on with the steps the session's earlier runs left instead of max_steps afresh
                                      (the first run of a session always starts afresh) */
    POLSIM_RUN_SHOW = 4,           /* make records even in a check or test session (a hover that asks `show NAME`) */
    POLSIM_RUN_ONCE = 8            /* a check session closed after this run (`polsim check`): each statement is checked
                                      as soon as it is parsed and its syntax tree freed, so memory does not grow with
                                      the file's; the result is the same, but when the text has a syntax error the
                                      statements before it have run (no other flag, no other mode) */
};
/* The general run. text not NULL: statements named name ("<text>" when
 * NULL), len bytes or (size_t)-1 for NUL-terminated, whose imports resolve
 * against dir (NULL: the current folder). text NULL: the file at path name
 * ("-": standard input, named <stdin>), whose imports may reach dir (NULL:
 * the file's own folder). polsim_run and polsim_run_file are this with
 * flags 0. Never NULL. */
const polsim_result *polsim_run_ex(polsim_session *s, const char *name, const char *text, size_t len, const char *dir,
                                   unsigned flags);
/* Numbers in colour in the text written by polsim_set_output (the REPL on a
 * terminal); 0 (the default): plain. */
void polsim_set_output_color(polsim_session *s, int on);
/* While a run goes on, a nonzero *flag stops it at the next evaluation step
 * with an error (a SIGINT handler sets it; the caller clears it). NULL: none. */
void polsim_set_interrupt(polsim_session *s, volatile sig_atomic_t *flag);
/* One HTML page (polsim report's) of JSON records (the lines of
 * POLSIM_JSON renderings of any of the session's runs, a provenance line
 * among them if wanted) titled title, its definitions looked up in the
 * session: 0, or -1 with the reason in err when the page cannot be made. */
int polsim_html(polsim_session *s, const char *title, const char *json, size_t len, FILE *out, char *err, size_t errn);

/* Where something is: source (an index for polsim_source, -1 when it has no
 * place), its name, the byte span [start, end) in that source's text and
 * the 1-based line and byte column of start. */
typedef struct polsim_place {
    int source;
    const char *file;
    size_t start, end;
    int line, column;
} polsim_place;
/* A record's place (an error's or warning's, or its statement's): 1, or 0
 * (and source -1) when it has none. */
int polsim_record_place(const polsim_record *rec, polsim_place *out);

/* The texts the session has read, in order: the stdlib's files first, then
 * every file, import and text run (a provenance hashes them). */
typedef struct polsim_source_info {
    const char *name; /* as in messages: "examples/x.pol", "<stdin>", "<stdlib>/chips.pol" */
    const char *text; /* NUL-terminated; len bytes */
    size_t len;
    int embedded;     /* 1: part of the stdlib built into the library */
} polsim_source_info;
size_t polsim_source_count(const polsim_session *s);
int polsim_source(const polsim_session *s, size_t i, polsim_source_info *out); /* 1, or 0 past the last */
/* The files run or imported so far (canonical paths, each once, in order;
 * the embedded stdlib is not among them); NULL past the last. */
const char *polsim_file(const polsim_session *s, size_t i);
/* The last date of the stdlib's dated statements in force at top level
 * ("2025-09-17"), or NULL when none is (no stdlib, or no history). */
const char *polsim_history_end(polsim_session *s);

/* What a name is. The first six are the kinds of definition. */
typedef enum {
    POLSIM_CHIP, POLSIM_CLUSTER, POLSIM_MARKET, POLSIM_VENDOR, POLSIM_RULE, POLSIM_SCENARIO,
    POLSIM_LET,      /* a value made with let */
    POLSIM_FUNCTION, /* a function of the language */
    POLSIM_UNBOUND   /* nothing of that name */
} polsim_kind;
/* "chip", ..., "scenario", "let", "function", "unbound". */
const char *polsim_kind_name(polsim_kind kind);

/* The names bound where statements run now (top level, or the scenario
 * being built), in the order they were first bound. */
size_t polsim_name_count(polsim_session *s);
const char *polsim_name(polsim_session *s, size_t i); /* NULL past the last */

/* What polsim_lookup tells of a name; a field is NULL when it does not apply. */
typedef struct polsim_info {
    polsim_kind kind;
    const char *name;
    const char *title;   /* a definition's display title ("Nvidia H20") */
    const char *value;   /* a let's value as printed ("4 TB/s") */
    const char *note;    /* a let's source note, a definition's source: text */
    const char *usage;   /* a function's usage line ("ratio(a, b)") */
    const char *help;    /* a function's description */
    polsim_place place;  /* where it is defined (source -1 for a function or an unbound name) */
} polsim_info;
/* name bound where statements run now, or a function of the language (a
 * binding first). With field not NULL: name must be a definition, and place
 * is that of its field (FIELD: VALUE) in the definition. Returns 1, or 0
 * with kind POLSIM_UNBOUND. */
int polsim_lookup(polsim_session *s, const char *name, const char *field, polsim_info *out);
/* The name of the definition whose display title is word (ignoring case:
 * "China" finds CN), or NULL. */
const char *polsim_titled(polsim_session *s, const char *word);

/* The language: its i-th function (1, or 0 past the last); the i-th field
 * a definition of kind takes (1, or 0 past the last); its i-th derived
 * attribute, read as NAME.attr (NULL past the last). */
int polsim_function(size_t i, const char **name, const char **usage, const char **help);
int polsim_field(polsim_kind kind, size_t i, const char **name, const char **help, int *required);
const char *polsim_derived(polsim_kind kind, size_t i);

/* Completion: calls fn with every word Tab would offer at the end of
 * text[0..len) (the statements so far, up to where the word under the
 * cursor starts) in the session's current state, and what would follow it
 * (":" after a field name) or NULL. prefix is the part of the word typed so
 * far (NULL: none); it only chooses what is offered after S. (S a
 * scenario). Words are not filtered by the prefix and may repeat. */
typedef void (*polsim_word_fn)(void *data, const char *word, const char *suffix);
/* Returns 1 when the word is inside the string of an `import` (a file name:
 * nothing is offered), else 0. */
int polsim_complete(polsim_session *s, const char *text, size_t len, const char *prefix, polsim_word_fn fn, void *data);

/* The policies in force at the end of the top level's timeline, oldest
 * first: fn gets each one's statement as written (text[0..len), or text
 * NULL for one made without a statement, with its subject or NULL) and
 * where it was made ("file.pol:12, on 2025-04-09"). The count, or -1 after
 * an error (reported like a run's). */
typedef void (*polsim_policy_fn)(void *data, const char *text, size_t len, const char *subject, const char *where);
int polsim_policies(polsim_session *s, polsim_policy_fn fn, void *data);

/* The texts behind a definition (polsim sources): for it, then for each
 * definition behind it (a cluster's chip; the rules, chips and vendors a
 * scenario's policies name), each once: fn with field NULL and text its
 * source: text (NULL when it has none), then with each figure note (field
 * the field's name). 1, or 0 when name is no definition. */
typedef void (*polsim_note_fn)(void *data, polsim_kind kind, const char *name, const char *title, const char *field,
                               const char *text);
int polsim_notes(polsim_session *s, const char *name, polsim_note_fn fn, void *data);

/* A document built into the library ("sources.md": the bibliography that
 * polsim sources prints entries from), static text, or NULL. */
const char *polsim_doc(const char *name);

/* --- since POLSIM_API_VERSION 3: what changed between two worlds (polsim
 * diff) -------------------------------------------------------------------- */

/* One difference polsim_diff finds; a field that does not apply is NULL.
 * Every string is borrowed, valid during the callback only. */
typedef struct polsim_change {
    const char *section;    /* "definitions", "policies", "scenarios" (anything in a scenario's body), "results" */
    const char *scope;      /* "main", or the scenario compared */
    const char *change;     /* "added", "removed", "changed", or "lifted" (a policy no longer in force) */
    const char *kind;       /* "chip", ..., "let", "policy", "scenario", or "market" (a result) */
    const char *name;       /* the definition, the policy's statement as written, or the market */
    const char *field;      /* the field or figure that changed ("bandwidth", "amount", "CN.compute") */
    const char *old_value;  /* the values as polsim prints them ("4 TB/s", "not set") */
    const char *new_value;
    const char *difference; /* a figure's change ("+300 PFLOPS") */
    const char *at;         /* where it is defined ("file.pol:12"; where it was, when removed) */
    const char *text;       /* its line in `polsim diff`'s text, unindented ("chip H20: bandwidth 4 TB/s → 1.4 TB/s",
                               "scenario S: ..." in a scenario) */
    const char *json;       /* its line in `polsim diff --format json`: one JSON object, no newline */
} polsim_change;
typedef void (*polsim_change_fn)(void *data, const polsim_change *c);

/* Flags of polsim_diff. */
enum {
    POLSIM_DIFF_RESULTS = 1 /* also the market model's figures (compute, spend, domestic_share, units, each
                               vendor's revenue) of main and of each scenario in both worlds */
};
/* Compares the world of old_s with that of new_s as their runs left them
 * (`polsim diff` runs each version in a check session of its own): the
 * definitions at top level, main's policies in force at the end of its
 * timeline, the scenarios (added, removed; each one's base, title, policies
 * and definitions, leaving out what main or the scenario it extends already
 * shows), then with POLSIM_DIFF_RESULTS the figures. Names are compared by
 * spelling, so the worlds may come from different texts. fn (NULL: count
 * only) gets each difference in order. Returns how many, or -1: a session
 * is NULL, a flag is unknown, or the model could not run for a figure (the
 * error goes to that session's diagnostics stream, as a run's; the
 * differences before it were handed on). Neither session's definitions
 * change, and what the sessions handed out stays valid. */
int polsim_diff(polsim_session *old_s, polsim_session *new_s, unsigned flags, polsim_change_fn fn, void *data);

/* Process-wide limits (see Threads above), as the command line sets them:
 * the defaults of its --max-steps, --max-time and --max-memory; an address
 * space cap of bytes (0: none; a lower limit in force is kept): 0, or -1
 * with the reason in *why; a wall-clock limit for everything that follows
 * (seconds <= 0: stop the clock); "512M", "4G" as bytes: 0, or -1 when
 * malformed or zero. */
#define POLSIM_DEFAULT_STEPS 1000000000ULL
#define POLSIM_DEFAULT_SECONDS 600.0
#define POLSIM_DEFAULT_MEMORY (4ULL << 30)
int polsim_limit_memory(unsigned long long bytes, const char **why);
void polsim_limit_time(double seconds);
int polsim_parse_size(const char *text, unsigned long long *bytes);

#ifdef __cplusplus
}
#endif
#endif
