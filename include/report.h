/* report.h: everything polsim prints as a result (not diagnostics). Text for
 * people, or JSON with one object per query result per line (jansson). The
 * evaluator hands over structured results; this module only formats them. */
#ifndef POLSIM_REPORT_H
#define POLSIM_REPORT_H
#include "value.h"
#include "source.h"
#include <stdio.h>

typedef enum { FMT_TEXT, FMT_JSON, FMT_CSV } OutFormat;

typedef struct Report {
    FILE *out;
    OutFormat format;
    bool color;  /* numbers in colour (the REPL on a terminal) */
    bool quiet; /* polsim test and check: results are not printed */
    const char *scenario; /* the scenario whose body runs, or NULL at top level (not owned) */
    bool csv_started;     /* the CSV header is written */
    const char *csv_period; /* set while a series writes its rows: the CSV period column */
    /* The statement column of the last CSV row, kept for the next row of
     * the same statement (a study writes thousands). */
    const void *stmt_src;
    size_t stmt_start;
    const char *stmt_type;
    char stmt_text[512];
    /* The unit column of the last number written, for the next of its dimension. */
    bool unit_known;
    Dim unit_dim;
    char unit_text[64];
} Report;

/* A row of a listing: label, value, optional note (a source, a formula). */
typedef struct ReportRow {
    const char *label;
    Value value;
    const char *note;
} ReportRow;

/* CSV (every result kind): one table with the header scenario, statement,
 * subject, metric, period, value, unit and one row per result value, numbers
 * plain in the base unit named. labels (may be NULL) name each value's metric. */
void report_values(Report *r, const char *type, Loc loc, const Value *vals, const char *const *labels, int n);
/* One value printed as text (`EXPR -> UNIT`: "1400 GB/s"): text prints text;
 * JSON keeps the number (value, unit in base units) with text as its text;
 * CSV is a tidy row with the number in its base unit. */
void report_value_as(Report *r, Loc loc, Value v, const char *text);
void report_entity(Report *r, Loc loc, const char *kind, const char *name, const char *display,
                   const char *defined_at, const ReportRow *rows, int n, const char *source);
/* classify and explain: a heading, step lines, and a verdict. */
typedef struct ReportStep {
    const char *text;   /* what was tested, with the values */
    const char *where;  /* file:line of the policy or clause, or NULL */
    int outcome;        /* 1 true/allowed, 0 false/blocked, -1 informational */
} ReportStep;
/* scenario: the scenario whose body asked, or NULL at top level. verdict:
 * 1 yes, 0 no, -1 undecided (a figure unknown; JSON null). */
void report_verdict(Report *r, const char *type, Loc loc, const char *subject, const char *object, const char *scenario,
                    const ReportStep *steps, int n, int verdict, const char *verdict_text);
/* compare: columns are the compared items; rows are metrics; the last column
 * is the ratio (two entities) or the difference (scenarios), or absent. */
void report_table(Report *r, Loc loc, bool scenarios, const char *extra_header, const char *const *columns, int ncols,
                  const char *const *row_labels, const Value *cells, const Value *extra, int nrows);
/* One row of the tidy CSV table: statement "type file:line", subject,
 * metric, and v as a plain number in its base unit (or its text). */
void report_csv_row(Report *r, Loc loc, const char *type, const char *subject, const char *metric, Value v);
/* assert: JSON {"type":"assert","condition","passed","detail"} and a CSV
 * row (value true/false); nothing in text, where a failure is a diagnostic. */
void report_assert(Report *r, Loc loc, const char *text, bool passed, const char *detail);
/* plot: the chart in Unicode blocks (text; a line naming file when it went
 * to one), its data as JSON {"type":"plot",...} or as CSV rows in its unit. */
struct Chart;
void report_plot(Report *r, Loc loc, const struct Chart *c, const char *file);
/* series: one row per period ("2025Q1"), one column per expression; JSON
 * {"type":"series","columns":[...],"rows":[{"period":...,"values":[...]}]},
 * CSV a header `period,EXPR,...` then a row per period. */
void report_series(Report *r, Loc loc, const char *const *columns, int ncols, const char *const *periods,
                   const Value *cells, int nrows);
#endif
