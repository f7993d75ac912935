/* record.h: results as records (docs/internals.md, "Results are records").
 * The evaluator does not print: each result it has (a print's values, a
 * show, an explain, a compare table, an assert, a chart, a series, a study
 * point or summary) becomes one Record, handed to record_emit with the run's
 * Output. The report layer, above the evaluator, renders records into text,
 * JSON, CSV, HTML and charts; a client of its own (the HTML report, an
 * embedding program) can take them through Output.sink instead.
 *
 * Ownership: a Record and everything it points at belong to the emitter and
 * live only during the record_emit call; a sink that keeps a record copies
 * what it needs. */
#ifndef POLSIM_RECORD_H
#define POLSIM_RECORD_H
#include "source.h"
#include "value.h"
#include <stdio.h>

typedef enum { FMT_TEXT, FMT_JSON, FMT_CSV } OutFormat;

/* --- charts (the data of a chart; report/chart.c draws it) -------------------- */

typedef enum { CHART_BARS, CHART_LINES, CHART_HISTOGRAM } ChartKind;

enum { CHART_MAX_SERIES = 8, CHART_MAX_BINS = 64, CHART_WIDTH = 720, CHART_HEIGHT = 450 };

typedef struct ChartSeries {
    const char *name;     /* legend text (NULL: no legend entry) */
    const double *values; /* bars, lines: one per label (NaN: no figure); histogram: the samples */
    int n;
} ChartSeries;

typedef struct Chart {
    ChartKind kind;
    const char *title;
    const char *unit;          /* unit of the values ("TFLOPS", "$M"), "" for plain numbers */
    const char *value_label;   /* what the values are ("fp16"); the axis reads "fp16 (TFLOPS)" */
    const char *x_label;       /* lines and histograms: what the x axis is ("year"), or NULL */
    const char *const *labels; /* bars: categories; lines: x positions; unused by histograms */
    int nlabels;
    const ChartSeries *series;
    int nseries;               /* 1..CHART_MAX_SERIES; a histogram uses the first */
    int bins;                  /* histogram: bins, 0 for Sturges' rule (1 + log2 n) */
    const char *source;        /* the line under the chart, or NULL */
} Chart;

/* --- the parts of records ------------------------------------------------------ */

/* A row of a listing: label, value, optional note (a source, a formula). */
typedef struct ReportRow {
    const char *label;
    Value value;
    const char *note;
} ReportRow;

/* A step of classify, explain or headroom. */
typedef struct ReportStep {
    const char *text;   /* what was tested, with the values */
    const char *where;  /* file:line of the policy or clause, or NULL */
    int outcome;        /* 1 true/allowed, 0 false/blocked, -1 informational, 2 unknown */
} ReportStep;

/* What a value is, for tidy output: the expression as written, and when it
 * reads at a date or during a period, what it reads and that date or period
 * (`CN.compute during 2026`: metric `CN.compute`, period `2026`). */
typedef struct Metric {
    const char *text;   /* as written; NULL: a caption, not a figure */
    const char *metric; /* without its date or period */
    const char *period; /* the date or period as written, or NULL */
} Metric;

/* A study's parameter or metric with its value. */
typedef struct StudyCell {
    const char *name;  /* a sweep variable's name, or a metric as written */
    Value value;
    const Metric *parts; /* a metric's parts, or NULL (a parameter) */
} StudyCell;

/* --- records ---------------------------------------------------------------------- */

typedef enum {
    REC_VALUES,   /* print, a bare expression: values, each with its expression */
    REC_VALUE_AS, /* EXPR -> UNIT: a value and its text in that unit */
    REC_ENTITY,   /* show */
    REC_VERDICT,  /* classify, explain, headroom */
    REC_TABLE,    /* compare */
    REC_ASSERT,   /* assert, passed or failed, with its message */
    REC_PLOT,     /* a chart, and the file it goes to */
    REC_SERIES,   /* a series: a row per period */
    REC_POINT,    /* a sweep point or simulation run */
    REC_SUMMARY,  /* simulate: one metric's percentiles over the runs */
    REC_SHARE,    /* simulate: the share of runs where a condition held */
} RecordKind;

typedef struct Record {
    RecordKind kind;
    const char *type;     /* the statement's word: print, value, show, explain, compare, sweep, ... */
    Loc loc;              /* the statement */
    const char *scenario; /* the scenario whose body asked, or NULL for main */
    const char *period;   /* the date or period it was read at (explain ... at), or NULL */
    union {
        struct { const Value *vals; const Metric *metrics; int n; } values; /* metrics may be NULL */
        struct { Value v; const char *text; } value_as;
        struct { const char *kind, *name, *display, *defined_at, *source; const ReportRow *rows; int n; } entity;
        struct { const char *subject, *object; const ReportStep *steps; int n; int verdict; const char *text; } verdict;
        struct {
            bool scenarios;             /* the items are scenarios: the extra column is a difference */
            const char *extra_header;   /* "A/B" (ratio) or "B - A" (difference), or NULL */
            const char *const *columns; /* the compared items */
            int ncols;
            const Metric *labels;       /* the metrics */
            const Value *cells, *extra; /* cells[row * ncols + col]; extra[row] */
            int nrows;
        } table;
        struct { const char *text, *message, *detail; bool passed; } assertion;
        struct { const Chart *chart; const char *file; } plot; /* file: where it is drawn, or NULL */
        struct { const char *const *columns; int ncols; const char *const *periods; const Value *cells; int nrows; } series;
        struct { const char *point; const StudyCell *params; int nparams; const StudyCell *metrics; int nmetrics; } point;
        struct { const char *metric; const Summary *summary; uint64_t seed; } summary;
        struct { const char *metric; size_t held, runs; uint64_t seed; } share;
    } u;
} Record;

/* Takes a record; returns NULL, or why it could not (a chart's file not
 * written), which the evaluator reports at the record's place. */
typedef struct RecordSink {
    const char *(*take)(void *ctx, const Record *rec);
    void *ctx;
} RecordSink;

/* Where a run's records go, and the state of their rendering: the output
 * stream and format, and the tidy CSV table's running columns. */
typedef struct Report {
    FILE *out;
    OutFormat format;
    bool color;  /* numbers in colour (the REPL on a terminal) */
    bool quiet;  /* polsim test and check: results are not rendered */
    const char *scenario;   /* the scenario whose body runs, or NULL at top level (not owned) */
    const char *csv_period; /* the period rows are read at (a series row, explain at), or NULL */
    RecordSink sink;        /* a client's own taker; NULL take: the report layer renders */
    /* rendering state (report layer) */
    bool csv_started;       /* the CSV header is written */
    const void *stmt_src;   /* the statement column of the last CSV row, kept for the next */
    size_t stmt_start;
    const char *stmt_type;
    char stmt_text[512];
    bool unit_known;        /* the unit column of the last number written, for the next of its dimension */
    Dim unit_dim;
    char unit_text[64];
} Report;

/* Hands rec to r's sink, or to the renderer; nothing when r is quiet.
 * rec->scenario and rec->period default to r's. */
const char *record_emit(Report *r, const Record *rec);
/* The renderer record_emit uses when a Report has no sink of its own: the
 * report layer registers it when the program starts (report.c). */
void record_set_renderer(const char *(*render)(Report *r, const Record *rec));
#endif
