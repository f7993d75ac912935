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
} Report;

/* A row of a listing: label, value, optional note (a source, a formula). */
typedef struct ReportRow {
    const char *label;
    Value value;
    const char *note;
} ReportRow;

void report_values(Report *r, const char *type, Loc loc, const Value *vals, int n);
/* One value printed as text (`EXPR -> UNIT`: "1400 GB/s"): text and CSV print
 * text; JSON keeps the number (value, unit in base units) with text as its text. */
void report_value_as(Report *r, Loc loc, Value v, const char *text);
void report_entity(Report *r, Loc loc, const char *kind, const char *name, const char *display,
                   const char *defined_at, const ReportRow *rows, int n, const char *source);
/* classify and explain: a heading, step lines, and a verdict. */
typedef struct ReportStep {
    const char *text;   /* what was tested, with the values */
    const char *where;  /* file:line of the policy or clause, or NULL */
    int outcome;        /* 1 true/allowed, 0 false/blocked, -1 informational */
} ReportStep;
/* scenario: the scenario whose body asked, or NULL at top level. */
void report_verdict(Report *r, const char *type, Loc loc, const char *subject, const char *object, const char *scenario,
                    const ReportStep *steps, int n, bool verdict, const char *verdict_text);
/* compare: columns are the compared items; rows are metrics; the last column
 * is the ratio (two entities) or the difference (scenarios), or absent. */
void report_table(Report *r, Loc loc, const char *extra_header, const char *const *columns, int ncols,
                  const char *const *row_labels, const Value *cells, const Value *extra, int nrows);
/* series: one row per period ("2025Q1"), one column per expression; JSON
 * {"type":"series","columns":[...],"rows":[{"period":...,"values":[...]}]},
 * CSV a header `period,EXPR,...` then a row per period. */
void report_series(Report *r, Loc loc, const char *const *columns, int ncols, const char *const *periods,
                   const Value *cells, int nrows);
#endif
