/* chart_wire.h: a drawing request (a Chart, SVG or PNG, the SVG ids'
 * prefix) as bytes, how the command-line polsim hands a chart to the
 * chart helper polsim-chart (chart_remote.c, chart_helper.c), which draws
 * it through cairo. Layout (integers 4 bytes, little-endian):
 *   "PCHT" version mode id_prefix kind bins title unit value_label x_label
 *   source nlabels {label}* nseries {name n {value: 8 bytes, IEEE bits}*}*
 * a string is its length (0xffffffff for NULL) then its bytes.
 * Ownership: chart_wire_encode's result is malloc'd (the caller frees it);
 * a decoded ChartRequest owns copies of every string and number, freed by
 * chart_wire_free. */
#ifndef POLSIM_CHART_WIRE_H
#define POLSIM_CHART_WIRE_H
#include "record.h"
#include <stdbool.h>
#include <stddef.h>

enum { CHART_WIRE_VERSION = 1 };
typedef enum { CHART_WIRE_SVG, CHART_WIRE_PNG } ChartWireMode;

typedef struct ChartRequest {
    ChartWireMode mode;
    char *id_prefix;
    Chart chart; /* its strings, labels and series point into blocks the request owns */
    char **strings; /* every string decoded, for chart_wire_free */
    size_t nstrings, strings_cap;
    ChartSeries *series;
    double **values;
    const char **labels;
} ChartRequest;

/* The request for drawing c as mode (malloc'd, *len bytes). */
unsigned char *chart_wire_encode(const Chart *c, ChartWireMode mode, const char *id_prefix, size_t *len);
/* Reads a request; false with the reason in err when the bytes are not one
 * (r then holds nothing to free). Counts are checked against the bytes
 * left, so a damaged request is refused, never trusted. */
bool chart_wire_decode(const unsigned char *p, size_t len, ChartRequest *r, char *err, size_t errn);
void chart_wire_free(ChartRequest *r);
#endif
