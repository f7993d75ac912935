/* studyout.h: the output of sweeps and simulations (docs/language.md,
 * "Sweeps and simulations"): a line per point in text, or, with --format csv
 * or json, one row per point and metric, written as the study runs. CSV rows
 * join the run's one tidy table (report.h):
 *
 *   scenario,statement,subject,metric,period,value,unit
 *
 * with statement "sweep file:line", subject the point's index (nested
 * sweeps: "i.j") and its parameters ("3: b = 1.3 TB/s"), value a number in
 * base units. JSON rows keep point and params apart. Nothing here is
 * allocated for the caller. */
#ifndef POLSIM_STUDYOUT_H
#define POLSIM_STUDYOUT_H
#include "report.h"

/* One point: text "point 3: b = 1.4 TB/s  CN.compute = 182 EFLOPS", or one
 * CSV/JSON row per metric. kind: "sweep" or "simulate" (JSON's type). */
void study_point(Report *r, Loc loc, const char *kind, const char *point, const StudyCell *params, int nparams,
                 const StudyCell *metrics, int nmetrics);
/* simulate in text: one metric's percentiles, mean, sd and range. */
void study_summary(Report *r, Loc loc, const char *metric, const Summary *s, uint64_t seed);
/* simulate in text: a true/false metric, as the share of runs where it held. */
void study_share(Report *r, Loc loc, const char *metric, size_t held, size_t runs, uint64_t seed);
#endif
