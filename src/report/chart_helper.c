/* chart_helper.c: polsim-chart, the chart helper of the command-line polsim
 * (chart_remote.c), which is linked statically and cannot open cairo. Reads
 * one drawing request (chart_wire.h) on standard input and writes the chart
 * drawn through cairo (chart_cairo.c) on standard output: the SVG page or
 * the PNG bytes. On failure, the reason alone on standard error (polsim
 * shows it as its own error) and status 1; status 2 for a wrong use
 * (arguments, or a terminal as input). */
#include "chart.h"
#include "chart_wire.h"
#include "readfile.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char USAGE[] = "usage: polsim-chart < REQUEST\n"
                            "Draws a chart for polsim: a request on standard input, the SVG or PNG on\n"
                            "standard output. polsim runs it when a chart is drawn; it is not run by hand.\n";

enum { MAX_REQUEST = 1 << 30 }; /* 1 GiB: a histogram of over 100 million draws */

int main(int argc, char **argv)
{
    if (argc > 1 || isatty(0)) {
        bool help = argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
        fputs(USAGE, help ? stdout : stderr);
        return help ? 0 : 2;
    }
    size_t len = 0;
    const char *why = NULL;
    unsigned char *req = (unsigned char *)load_stream_max(0, MAX_REQUEST, "it is larger than 1 GiB", &len, &why);
    if (!req) {
        fprintf(stderr, "the chart helper could not read its request: %s\n", why);
        return 1;
    }
    char err[512] = "";
    ChartRequest r;
    bool ok = chart_wire_decode(req, len, &r, err, sizeof err);
    free(req);
    if (!ok) {
        fprintf(stderr, "the chart helper got %s\n", err);
        return 1;
    }
    size_t n = 0;
    unsigned char *out = r.mode == CHART_WIRE_PNG ? chart_png(&r.chart, &n, err, sizeof err)
                                                  : (unsigned char *)chart_svg(&r.chart, r.id_prefix, err, sizeof err);
    if (out && r.mode == CHART_WIRE_SVG) n = strlen((char *)out);
    chart_wire_free(&r);
    if (!out) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    ok = fwrite(out, 1, n, stdout) == n && fflush(stdout) == 0;
    free(out);
    if (!ok) {
        fputs("the chart helper could not write the chart\n", stderr);
        return 1;
    }
    return 0;
}
