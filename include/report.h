/* report.h: everything polsim prints as a result (not diagnostics): records
 * (record.h) rendered as text for people, JSON with one object per result
 * per line (jansson), or rows of the one tidy CSV table. The evaluator hands
 * over records; this module only formats them. */
#ifndef POLSIM_REPORT_H
#define POLSIM_REPORT_H
#include "record.h"
#include <stdio.h>

/* A JSON object holding what every result object starts with: type, file,
 * line, scenario (`main` at the top level); the caller owns it (jansson). */
struct json_t;
struct json_t *report_json_head(const Report *r, const char *type, Loc loc);
/* Renders rec into r's output in r's format (the renderer record_emit uses). */
const char *report_render(Report *r, const Record *rec);

/* CSV (every result kind): one table with the header scenario, statement,
 * subject, metric, period, value, unit and one row per result value, numbers
 * plain in the base unit named. labels (may be NULL) name each value's metric. */
void report_values(Report *r, const char *type, Loc loc, const Value *vals, const Metric *metrics, int n);
/* One value printed as text (`EXPR -> UNIT`: "1400 GB/s"): text prints text;
 * JSON keeps the number (value, unit in base units) with text as its text;
 * CSV is a tidy row with the number in its base unit. */
void report_value_as(Report *r, Loc loc, Value v, const char *text);
void report_entity(Report *r, Loc loc, const char *kind, const char *name, const char *display,
                   const char *defined_at, const ReportRow *rows, int n, const char *source);
/* scenario: the scenario whose body asked, or NULL at top level. verdict:
 * 1 yes, 0 no, -1 undecided (a figure unknown; JSON null). */
void report_verdict(Report *r, const char *type, Loc loc, const char *subject, const char *object, const char *scenario,
                    const ReportStep *steps, int n, int verdict, const char *verdict_text);
/* compare: columns are the compared items; rows are metrics; the last column
 * is the ratio (two entities) or the difference (scenarios), or absent. */
void report_table(Report *r, Loc loc, bool scenarios, const char *extra_header, const char *const *columns, int ncols,
                  const Metric *metrics, const Value *cells, const Value *extra, int nrows);
/* One row of the tidy CSV table: statement "type file:line", subject,
 * metric, and v as a plain number in its base unit (or its text). */
void report_csv_row(Report *r, Loc loc, const char *type, const char *subject, const Metric *m, const char *name, Value v);
/* assert: JSON {"type":"assert","condition","passed","detail"} and a CSV
 * row (value true/false); nothing in text, where a failure is a diagnostic. */
void report_assert(Report *r, Loc loc, const char *text, bool passed, const char *detail, const char *message);
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
