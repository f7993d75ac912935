/* html.h: one self-contained HTML page from a run's JSON results (the
 * objects of --format json, one a line): a summary of the asserts, every
 * result in order (values, definitions, comparisons, explain and classify
 * traces, asserts), each plot as inline SVG (chart_svg), the sources of the
 * definitions the results name, and the run's provenance. No script, no
 * external file: the page opens anywhere. */
#ifndef POLSIM_HTML_H
#define POLSIM_HTML_H
#include <stdbool.h>
#include <stdio.h>

/* What the page says of a name a result used: its kind ("chip"), where it is
 * defined ("chips.pol:12") and its source: text, each NULL when unknown.
 * Returns false for a name that is not a definition. */
typedef bool (*HtmlLookup)(void *ctx, const char *name, const char **kind, const char **defined_at,
                           const char **source);

/* Writes the page for the JSON lines in json (NUL-terminated) to out;
 * title heads it. Returns false (message in err) if a line is not JSON. */
bool html_report(FILE *out, const char *title, const char *json, HtmlLookup lookup, void *ctx, char *err,
                 size_t errn);
#endif
