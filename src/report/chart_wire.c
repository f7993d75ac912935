/* chart_wire.c: drawing requests as bytes; see chart_wire.h. */
#include "chart_wire.h"
#include "arena.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char MAGIC[4] = {'P', 'C', 'H', 'T'};
enum { NO_STRING = 0xffffffffu };

/* --- writing ------------------------------------------------------------------- */

typedef struct Out {
    unsigned char *p;
    size_t len, cap;
} Out;

static void put(Out *o, const void *p, size_t n)
{
    if (o->len + n > o->cap) {
        o->cap = (o->len + n) * 2 + 256;
        o->p = xrealloc(o->p, o->cap);
    }
    memcpy(o->p + o->len, p, n);
    o->len += n;
}

/* u32 little-endian. */
static void put_u32(Out *o, uint32_t v)
{
    unsigned char b[4] = {v & 0xffu, (v >> 8) & 0xffu, (v >> 16) & 0xffu, (v >> 24) & 0xffu};
    put(o, b, 4);
}

static void put_str(Out *o, const char *s)
{
    if (!s) {
        put_u32(o, NO_STRING);
        return;
    }
    size_t n = strlen(s);
    put_u32(o, (uint32_t)n);
    put(o, s, n);
}

/* A double as its IEEE bits, little-endian. */
static void put_double(Out *o, double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    put_u32(o, (uint32_t)(u & 0xffffffffu));
    put_u32(o, (uint32_t)(u >> 32));
}

unsigned char *chart_wire_encode(const Chart *c, ChartWireMode mode, const char *id_prefix, size_t *len)
{
    Out o = {0};
    put(&o, MAGIC, sizeof MAGIC);
    put_u32(&o, CHART_WIRE_VERSION);
    put_u32(&o, (uint32_t)mode);
    put_str(&o, id_prefix);
    put_u32(&o, (uint32_t)c->kind);
    put_u32(&o, (uint32_t)c->bins);
    const char *texts[] = {c->title, c->unit, c->value_label, c->x_label, c->source};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) put_str(&o, texts[i]);
    put_u32(&o, (uint32_t)c->nlabels);
    for (int i = 0; i < c->nlabels; i++) put_str(&o, c->labels[i]);
    put_u32(&o, (uint32_t)c->nseries);
    for (int s = 0; s < c->nseries; s++) {
        put_str(&o, c->series[s].name);
        put_u32(&o, (uint32_t)c->series[s].n);
        for (int i = 0; i < c->series[s].n; i++) put_double(&o, c->series[s].values[i]);
    }
    *len = o.len;
    return o.p;
}

/* --- reading ------------------------------------------------------------------- */

typedef struct In {
    const unsigned char *p;
    size_t pos, len;
    bool bad;
    ChartRequest *r;
} In;

static uint32_t get_u32(In *in)
{
    if (in->len - in->pos < 4) {
        in->bad = true;
        in->pos = in->len;
        return 0;
    }
    const unsigned char *b = in->p + in->pos;
    in->pos += 4;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* A count of items of at least `each` bytes: never more than the bytes left allow, nor than INT_MAX. */
static int get_count(In *in, size_t each)
{
    uint32_t n = get_u32(in);
    if (n > (in->len - in->pos) / each || n > 0x7fffffffu) {
        in->bad = true;
        return 0;
    }
    return (int)n;
}

/* A string, copied and kept in the request's list. */
static char *get_str(In *in)
{
    uint32_t n = get_u32(in);
    if (n == NO_STRING || in->bad) return NULL;
    if (n > in->len - in->pos) {
        in->bad = true;
        return NULL;
    }
    char *s = xmalloc((size_t)n + 1);
    memcpy(s, in->p + in->pos, n);
    s[n] = '\0';
    in->pos += n;
    ChartRequest *r = in->r;
    if (r->nstrings == r->strings_cap) {
        r->strings_cap = r->strings_cap ? 2 * r->strings_cap : 16;
        r->strings = xrealloc(r->strings, sizeof *r->strings * r->strings_cap);
    }
    r->strings[r->nstrings++] = s;
    return s;
}

static double get_double(In *in)
{
    uint64_t lo = get_u32(in), hi = get_u32(in), u = lo | hi << 32;
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

bool chart_wire_decode(const unsigned char *p, size_t len, ChartRequest *r, char *err, size_t errn)
{
    memset(r, 0, sizeof *r);
    if (len < sizeof MAGIC || memcmp(p, MAGIC, sizeof MAGIC) != 0) {
        snprintf(err, errn, "not a chart request");
        return false;
    }
    In in = {.p = p, .pos = sizeof MAGIC, .len = len, .r = r};
    uint32_t version = get_u32(&in);
    if (version != CHART_WIRE_VERSION) {
        snprintf(err, errn, "a chart request of version %u, not %d: polsim and polsim-chart are from different builds",
                 (unsigned)version, CHART_WIRE_VERSION);
        return false;
    }
    uint32_t mode = get_u32(&in);
    r->mode = mode == CHART_WIRE_PNG ? CHART_WIRE_PNG : CHART_WIRE_SVG;
    r->id_prefix = get_str(&in);
    Chart *c = &r->chart;
    uint32_t kind = get_u32(&in);
    c->kind = kind == CHART_LINES ? CHART_LINES : kind == CHART_HISTOGRAM ? CHART_HISTOGRAM : CHART_BARS;
    c->bins = (int)(get_u32(&in) & 0x7fffffffu);
    c->title = get_str(&in);
    c->unit = get_str(&in);
    c->value_label = get_str(&in);
    c->x_label = get_str(&in);
    c->source = get_str(&in);
    c->nlabels = get_count(&in, 4);
    r->labels = xcalloc((size_t)c->nlabels, sizeof *r->labels);
    for (int i = 0; i < c->nlabels; i++) r->labels[i] = get_str(&in);
    c->labels = r->labels;
    c->nseries = get_count(&in, 8);
    r->series = xcalloc((size_t)c->nseries, sizeof *r->series);
    r->values = xcalloc((size_t)c->nseries, sizeof *r->values);
    for (int s = 0; s < c->nseries && !in.bad; s++) {
        r->series[s].name = get_str(&in);
        int n = get_count(&in, 8);
        r->values[s] = xmalloc(sizeof **r->values * (size_t)(n ? n : 1));
        for (int i = 0; i < n; i++) r->values[s][i] = get_double(&in);
        r->series[s].values = r->values[s];
        r->series[s].n = n;
    }
    c->series = r->series;
    if (mode > CHART_WIRE_PNG || kind > CHART_HISTOGRAM || in.bad || in.pos != in.len) {
        chart_wire_free(r);
        snprintf(err, errn, "a damaged chart request");
        return false;
    }
    return true;
}

void chart_wire_free(ChartRequest *r)
{
    for (size_t i = 0; i < r->nstrings; i++) free(r->strings[i]);
    free(r->strings);
    for (int s = 0; s < r->chart.nseries && r->values; s++) free(r->values[s]);
    free(r->values);
    free(r->series);
    free(r->labels);
    memset(r, 0, sizeof *r);
}
