/* chart_file.c: chart_render_file (chart.h) for the builds with cairo, on
 * top of chart_svg and chart_png, drawn in this process (chart_cairo.c) or
 * by the chart helper (chart_remote.c). The browser build (POLSIM_NO_CAIRO)
 * takes its own from chart_svg.c. */
#ifndef POLSIM_NO_CAIRO
#include "chart.h"
#include "safefile.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char XML_DECL[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/* True when path ends with suffix, ignoring case. */
static bool ends_with(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    return n >= k && strcasecmp(path + n - k, suffix) == 0;
}

/* c's SVG page behind an XML declaration (malloc'd, *len bytes). cairo
 * draws text as glyph outlines: its <title> and <desc> keep the words findable. */
static unsigned char *svg_file(const Chart *c, size_t *len, char *err, size_t errn)
{
    char *page = chart_svg(c, "", err, errn);
    if (!page) return NULL;
    size_t n = strlen(page), k = sizeof XML_DECL - 1;
    unsigned char *out = malloc(k + n);
    if (!out) {
        free(page);
        snprintf(err, errn, "cannot draw the chart: out of memory");
        return NULL;
    }
    memcpy(out, XML_DECL, k);
    memcpy(out + k, page, n);
    free(page);
    *len = k + n;
    return out;
}

/* An SVG or a PNG by the name's ending, written through safefile.h, so the
 * old file stays whole until the new one is. */
bool chart_render_file(const Chart *c, const char *path, const char *root, char *err, size_t errn)
{
    if (!chart_check(c, err, errn)) return false;
    bool svg = ends_with(path, ".svg");
    if (!svg && !ends_with(path, ".png")) {
        snprintf(err, errn, "a chart file ends in .svg or .png, not '%s'", path);
        return false;
    }
    size_t len = 0;
    unsigned char *data = svg ? svg_file(c, &len, err, errn) : chart_png(c, &len, err, errn);
    if (!data) return false;
    char why[256];
    bool ok = safefile_write(path, root, data, len, why, sizeof why);
    free(data);
    if (!ok) snprintf(err, errn, "cannot write '%s': %s", path, why);
    return ok;
}
#endif
