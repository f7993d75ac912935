/* studyout.h: the output of sweeps and simulations (docs/language.md,
 * "Sweeps and simulations"): a line per point in text, or, with --format csv
 * or json, one tidy row per point and metric, written as the study runs:
 *
 *   point,PARAM...,metric,value,unit
 *
 * point is the point's index in its study (nested sweeps: "i.j"), PARAM the
 * value of each sweep variable, value a number in base units (unit: its
 * base-unit spelling, empty for plain numbers) or a text. Nothing here is
 * allocated for the caller. */
#ifndef POLSIM_STUDYOUT_H
#define POLSIM_STUDYOUT_H
#include "report.h"

typedef struct StudyCell {
    const char *name;  /* a sweep variable's name, or a metric as written */
    Value value;
} StudyCell;

/* The CSV header: point, the parameter names, metric, value, unit. */
void study_header(Report *r, const char *const *params, int nparams);
/* One point: text "point 3: b = 1.4 TB/s  CN.compute = 182 EFLOPS", or one
 * CSV/JSON row per metric. kind: "sweep" or "simulate" (JSON's type). */
void study_point(Report *r, const char *kind, const char *point, const StudyCell *params, int nparams,
                 const StudyCell *metrics, int nmetrics);
/* simulate in text: one metric's percentiles, mean, sd and range. */
void study_summary(Report *r, const char *metric, const Summary *s, uint64_t seed);
/* simulate in text: a true/false metric, as the share of runs where it held. */
void study_share(Report *r, const char *metric, size_t held, size_t runs, uint64_t seed);
#endif
