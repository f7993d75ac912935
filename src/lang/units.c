/* units.c: see units.h. One table of accepted unit words, one table of
 * display families; everything else is arithmetic on exponent vectors. */
#include "units.h"
#include "numfmt.h"
#include "diag.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define D(op, b, t, en, m, l) ((Dim){{op, b, t, en, m, l}})
const Dim DIM_NONE = D(0, 0, 0, 0, 0, 0);
const Dim DIM_COMPUTE = D(1, 0, -1, 0, 0, 0);
const Dim DIM_DATA = D(0, 1, 0, 0, 0, 0);
const Dim DIM_RATE = D(0, 1, -1, 0, 0, 0);
const Dim DIM_POWER = D(0, 0, -1, 1, 0, 0);
const Dim DIM_ENERGY_ = D(0, 0, 0, 1, 0, 0);
const Dim DIM_MONEY_ = D(0, 0, 0, 0, 1, 0);
const Dim DIM_TIME_ = D(0, 0, 1, 0, 0, 0);
const Dim DIM_AREA = D(0, 0, 0, 0, 0, 2);

bool dim_eq(Dim a, Dim b) { return memcmp(a.e, b.e, sizeof a.e) == 0; }
bool dim_is_none(Dim a) { return dim_eq(a, DIM_NONE); }

Dim dim_mul(Dim a, Dim b)
{
    for (int i = 0; i < DIM_COUNT; i++) a.e[i] = (int8_t)(a.e[i] + b.e[i]);
    return a;
}

Dim dim_div(Dim a, Dim b)
{
    for (int i = 0; i < DIM_COUNT; i++) a.e[i] = (int8_t)(a.e[i] - b.e[i]);
    return a;
}

typedef struct UnitDef {
    const char *name;
    double scale;
    Dim dim;
} UnitDef;

#define COMPUTE(n, s) {n, s, D(1, 0, -1, 0, 0, 0)}
#define DATA(n, s) {n, s, D(0, 1, 0, 0, 0, 0)}
#define POWER(n, s) {n, s, D(0, 0, -1, 1, 0, 0)}
#define ENERGY(n, s) {n, s, D(0, 0, 0, 1, 0, 0)}
#define TIME(n, s) {n, s, D(0, 0, 1, 0, 0, 0)}
#define RATE(n, s) {n, s, D(0, 1, -1, 0, 0, 0)}
static const UnitDef UNITS[] = {
    COMPUTE("FLOPS", 1), COMPUTE("kFLOPS", 1e3), COMPUTE("MFLOPS", 1e6), COMPUTE("GFLOPS", 1e9),
    COMPUTE("TFLOPS", 1e12), COMPUTE("PFLOPS", 1e15), COMPUTE("EFLOPS", 1e18), COMPUTE("ZFLOPS", 1e21),
    COMPUTE("OPS", 1), COMPUTE("GOPS", 1e9), COMPUTE("TOPS", 1e12), COMPUTE("POPS", 1e15), COMPUTE("EOPS", 1e18),
    COMPUTE("PF", 1e15), COMPUTE("EF", 1e18), /* shorthand for PFLOPS, EFLOPS ("300 PF") */
    DATA("B", 1), DATA("kB", 1e3), DATA("MB", 1e6), DATA("GB", 1e9), DATA("TB", 1e12), DATA("PB", 1e15),
    DATA("EB", 1e18),
    DATA("KiB", 1024.0), DATA("MiB", 1048576.0), DATA("GiB", 1073741824.0), DATA("TiB", 1099511627776.0),
    DATA("PiB", 1125899906842624.0),
    DATA("b", 0.125), DATA("kb", 125), DATA("Mb", 1.25e5), DATA("Gb", 1.25e8), DATA("Tb", 1.25e11), /* bits */
    RATE("bps", 0.125), RATE("kbps", 125), RATE("Mbps", 1.25e5), RATE("Gbps", 1.25e8), RATE("Tbps", 1.25e11),
    POWER("W", 1), POWER("kW", 1e3), POWER("MW", 1e6), POWER("GW", 1e9), POWER("TW", 1e12),
    ENERGY("J", 1), ENERGY("kJ", 1e3), ENERGY("MJ", 1e6), ENERGY("GJ", 1e9), ENERGY("Wh", 3600),
    ENERGY("kWh", 3.6e6), ENERGY("MWh", 3.6e9), ENERGY("GWh", 3.6e12), ENERGY("TWh", 3.6e15),
    {"USD", 1, D(0, 0, 0, 0, 1, 0)},
    TIME("s", 1), TIME("h", 3600), TIME("day", 86400), TIME("days", 86400), TIME("week", 7 * 86400.0), TIME("weeks", 7 * 86400.0), TIME("yr", 365 * 86400.0),
    TIME("year", 365 * 86400.0), TIME("years", 365 * 86400.0),
    {"mm2", 1e-6, D(0, 0, 0, 0, 0, 2)},
    {"units", 1, D(0, 0, 0, 0, 0, 0)}, {"unit", 1, D(0, 0, 0, 0, 0, 0)}, {"chips", 1, D(0, 0, 0, 0, 0, 0)},
};
enum { NUNITS = sizeof UNITS / sizeof UNITS[0] };

/* A unit word's slot: open addressing over a table four times the units,
 * filled once; a lookup hashes the word and compares one or two names. */
enum { UNIT_SLOTS = 512 };
_Static_assert(NUNITS * 4 <= UNIT_SLOTS, "the unit hash table is too small");

static unsigned unit_hash(const char *w, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h & (UNIT_SLOTS - 1);
}

static const UnitDef *find_simple(const char *w, size_t len)
{
    static unsigned char slot[UNIT_SLOTS]; /* 1 + index into UNITS; 0 empty */
    static bool filled;
    if (!filled) {
        for (size_t i = 0; i < NUNITS; i++) {
            unsigned h = unit_hash(UNITS[i].name, strlen(UNITS[i].name));
            while (slot[h]) h = (h + 1) & (UNIT_SLOTS - 1);
            slot[h] = (unsigned char)(i + 1);
        }
        filled = true;
    }
    if (!len) return NULL;
    for (unsigned h = unit_hash(w, len); slot[h]; h = (h + 1) & (UNIT_SLOTS - 1)) {
        const UnitDef *u = &UNITS[slot[h] - 1];
        if (u->name[0] == w[0] && strncmp(u->name, w, len) == 0 && u->name[len] == '\0') return u;
    }
    return NULL;
}

bool unit_lookup(const char *word, size_t len, double *scale, Dim *dim)
{
    const char *slash = memchr(word, '/', len);
    if (!slash) {
        const UnitDef *u = find_simple(word, len);
        if (!u) return false;
        *scale = u->scale;
        *dim = u->dim;
        return true;
    }
    const UnitDef *num = find_simple(word, (size_t)(slash - word));
    const UnitDef *den = find_simple(slash + 1, len - (size_t)(slash - word) - 1);
    if (!num || !den) return false;
    *scale = num->scale / den->scale;
    *dim = dim_div(num->dim, den->dim);
    return true;
}

bool unit_target(const char *spelling, double *scale, Dim *dim)
{
    size_t len = strlen(spelling);
    if (spelling[0] != '$') return unit_lookup(spelling, len, scale, dim);
    size_t i = 1;
    *scale = 1;
    const char *prefix = i < len ? strchr("kMBT", spelling[i]) : NULL;
    if (prefix && spelling[i] != '\0') {
        *scale = pow(1000, (double)(prefix - "kMBT" + 1));
        i++;
    }
    *dim = DIM_MONEY_;
    if (i == len) return true;
    if (spelling[i] != '/') return false;
    double s;
    Dim d;
    if (!unit_lookup(spelling + i + 1, len - i - 1, &s, &d)) return false;
    *scale /= s;
    *dim = dim_div(*dim, d);
    return true;
}

/* The target units asked for so far (index + 1 is the hint), process-wide. */
enum { DISPLAY_UNITS = 255 };
static struct {
    char spelling[32];
    double scale;
    Dim dim;
} display_units[DISPLAY_UNITS];
static int ndisplay_units;

uint8_t unit_display(const char *spelling, double scale, Dim dim)
{
    if (strlen(spelling) >= sizeof display_units[0].spelling) return 0;
    for (int i = 0; i < ndisplay_units; i++)
        if (strcmp(display_units[i].spelling, spelling) == 0) return (uint8_t)(i + 1);
    if (ndisplay_units == DISPLAY_UNITS) return 0;
    int i = ndisplay_units++;
    snprintf(display_units[i].spelling, sizeof display_units[i].spelling, "%s", spelling);
    display_units[i].scale = scale;
    display_units[i].dim = dim;
    return (uint8_t)(i + 1);
}

/* buf := a b c d, cut to n - 1 bytes (as snprintf would); returns buf. */
static char *concat(char *buf, size_t n, const char *a, const char *b, const char *c, const char *d)
{
    const char *part[4] = {a, b, c, d};
    size_t o = 0;
    for (int i = 0; i < 4 && n; i++)
        for (const char *p = part[i]; *p && o + 1 < n; p++) buf[o++] = *p;
    if (n) buf[o] = '\0';
    return buf;
}

char *unit_format_in(double v, const char *spelling, double scale, char *buf, size_t n)
{
    char plain[64], num[96];
    number_format(v / scale, plain, sizeof plain);
    const char *digits = plain + (plain[0] == '-');
    size_t intlen = strspn(digits, "0123456789"), o = 0;
    if (intlen < 4 || strchr(plain, 'e')) {
        concat(num, sizeof num, digits, "", "", "");
    } else {
        for (size_t i = 0; i < intlen; i++) {
            if (i && (intlen - i) % 3 == 0) num[o++] = ',';
            num[o++] = digits[i];
        }
        concat(num + o, sizeof num - o, digits + intlen, "", "", "");
    }
    const char *sign = plain[0] == '-' ? "-" : "";
    if (spelling[0] == '$') return concat(buf, n, sign, "$", num, spelling + 1);
    return concat(buf, n, sign, num, " ", spelling);
}

const char *unit_suggest(const char *word)
{
    const char *names[NUNITS + 8];
    size_t n = 0;
    for (size_t i = 0; i < NUNITS; i++) names[n++] = UNITS[i].name;
    static const char *const extra[] = {"TB/s", "GB/s", "MB/s", "PB/s"};
    for (size_t i = 0; i < 4; i++) names[n++] = extra[i];
    return diag_nearest(word, names, n);
}

/* Display families: a dimension, its name, base symbol and prefix ladder. */
typedef struct Family {
    Dim dim;
    const char *name;
    const char *example;
    const char *symbol; /* printed after the prefix */
    double unit;        /* base units per one symbol */
    const char *const *prefixes; /* NULL: no prefixes */
    int kind;           /* 0 normal, 1 money, 2 time, 3 money per X */
    const char *phrase; /* as it reads in a sentence: "money", "a data rate" */
} Family;

static const char *const SI[] = {"", "k", "M", "G", "T", "P", "E", "Z", NULL};
static const char *const SI_BIG[] = {"", "k", "M", "G", "T", NULL};
static const char *const DATA_P[] = {"", "k", "M", "G", "T", "P", "E", NULL};

static const Family FAMILIES[] = {
    {D(1, 0, -1, 0, 0, 0), "compute", "TFLOPS", "FLOPS", 1, SI, 0, "compute"},
    {D(0, 1, 0, 0, 0, 0), "data", "GB", "B", 1, DATA_P, 0, "data"},
    {D(0, 1, -1, 0, 0, 0), "data rate", "TB/s", "B/s", 1, DATA_P, 0, "a data rate"},
    {D(0, 0, -1, 1, 0, 0), "power", "W", "W", 1, SI_BIG, 0, "power"},
    {D(0, 0, 0, 1, 0, 0), "energy", "kWh", "Wh", 3600, SI_BIG, 0, "energy"},
    {D(0, 0, 0, 0, 1, 0), "money", "$12k", "", 1, NULL, 1, "money"},
    {D(0, 0, 1, 0, 0, 0), "time", "yr", "", 1, NULL, 2, "a time"},
    {D(0, 0, 0, 0, 0, 2), "area", "mm2", "mm2", 1e-6, NULL, 0, "an area"},
    {D(1, 0, 0, -1, 0, 0), "performance per watt", "TFLOPS/W", "FLOPS/W", 1, SI, 0, "performance per watt"},
    {D(-1, 0, 1, 0, 1, 0), "price per compute", "$/PFLOPS", "/PFLOPS", 1e-15, NULL, 3, "a price per compute"},
    {D(0, 0, 0, -1, 1, 0), "energy price", "$/kWh", "/kWh", 1 / 3.6e6, NULL, 3, "an energy price"},
    {D(0, 0, -1, 0, 1, 0), "money per time", "$/yr", "/yr", 1 / (365 * 86400.0), NULL, 3, "money per time"},
    {D(0, 0, 0, 0, 1, -2), "price per area", "$/mm2", "/mm2", 1e6, NULL, 3, "a price per area"},
    {D(0, 0, 0, 0, 0, 0), "plain number", "", "", 1, NULL, 0, "a plain number"},
};
enum { NFAMILIES = sizeof FAMILIES / sizeof FAMILIES[0] };

static const Family *family_of(Dim d)
{
    for (size_t i = 0; i < NFAMILIES; i++)
        if (dim_eq(FAMILIES[i].dim, d)) return &FAMILIES[i];
    return NULL;
}

/* "B/s", "op/J", "USD*s/op": numerator terms, then each denominator after '/'. */
const char *dim_base_unit(Dim d, char *buf, size_t n)
{
    static const char *const base[DIM_COUNT] = {"op", "B", "s", "J", "USD", "m"};
    size_t used = 0;
    buf[0] = '\0';
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < DIM_COUNT && used < n; i++) {
            int e = pass ? -d.e[i] : d.e[i];
            if (e <= 0) continue;
            const char *sep = pass ? "/" : used ? "*" : "";
            if (pass && used == 0) sep = "1/";
            int w = e == 1 ? snprintf(buf + used, n - used, "%s%s", sep, base[i])
                           : snprintf(buf + used, n - used, "%s%s^%d", sep, base[i], e);
            if (w > 0) used += (size_t)w;
        }
    if (used >= n && n) buf[n - 1] = '\0';
    if (!used && n) snprintf(buf, n, "1");
    return buf;
}

/* The family's name or phrase; for a dimension without a family, its base units. */
static const char *family_text(Dim d, bool phrase, char *buf, size_t n)
{
    const Family *f = family_of(d);
    char base[64];
    if (f) snprintf(buf, n, "%s", phrase ? f->phrase : f->name);
    else snprintf(buf, n, "%squantity in %s", phrase ? "a " : "", dim_base_unit(d, base, sizeof base));
    return buf;
}

const char *dim_name(Dim d, char *buf, size_t n) { return family_text(d, false, buf, n); }
const char *dim_phrase(Dim d, char *buf, size_t n) { return family_text(d, true, buf, n); }

const char *dim_example_unit(Dim d)
{
    const Family *f = family_of(d);
    return f ? f->example : "";
}

/* Enough significant digits to keep the integer part exact, at least four,
 * trailing zeros trimmed, no exponent for ordinary magnitudes. */
char *number_format(double v, char *buf, size_t n)
{
    if (v == 0) v = 0; /* no "-0" */
    double a = fabs(v);
    if (isnan(v) || isinf(v)) {
        snprintf(buf, n, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return buf;
    }
    char num[FMT_G_SIZE];
    if (a >= 1e15 || (a < 1e-4 && a > 0)) fmt_g(v, 4, num);
    else if (a == floor(a)) fmt_g(v, 15, num); /* a whole number below 1e15: its digits, as %.0f */
    else {
        int intdigits = a >= 1 ? (int)floor(log10(a)) + 1 : 0;
        int sig = intdigits + 3 > 4 ? intdigits + 3 : 4;
        fmt_g(v, sig > 15 ? 15 : sig, num);
    }
    return concat(buf, n, num, "", "", "");
}

/* Inserts ',' every three digits of the integer part when it has five or more. */
char *number_format_grouped(double v, char *buf, size_t n)
{
    char plain[64];
    number_format(v, plain, sizeof plain);
    const char *digits = plain + (plain[0] == '-');
    size_t intlen = strspn(digits, "0123456789");
    if (intlen < 5 || strchr(plain, 'e')) {
        snprintf(buf, n, "%s", plain);
        return buf;
    }
    char out[96];
    size_t o = 0;
    if (plain[0] == '-') out[o++] = '-';
    for (size_t i = 0; i < intlen; i++) {
        if (i && (intlen - i) % 3 == 0) out[o++] = ',';
        out[o++] = digits[i];
    }
    snprintf(out + o, sizeof out - o, "%s", digits + intlen);
    snprintf(buf, n, "%s", out);
    return buf;
}

/* Whether "%.4g" text of a non-negative number reads 1000 or more: four
 * digits before any point, or a positive exponent. */
static bool at_least_1000(const char *num)
{
    const char *e = strchr(num, 'e');
    if (e) return e[1] == '+';
    size_t digits = strcspn(num, ".");
    return digits >= 4;
}

/* Mantissa and prefix index for v with 4 significant digits, moving up a
 * prefix when rounding reaches 1000 (999.96 TB/s prints "1 PB/s"). */
static int pick_prefix(double *m, int nprefixes)
{
    int p = 0;
    /* 10000 and up rounds to 1000 or more whatever the digits: no need to print it */
    while (fabs(*m) >= 1e4 && p + 1 < nprefixes) {
        *m /= 1000;
        p++;
    }
    for (;;) {
        if (fabs(*m) < 999.9 || p + 1 >= nprefixes) return p; /* rounds below 1000: no need to print it */
        char num[64];
        snprintf(num, sizeof num, "%.4g", fabs(*m));
        if (!at_least_1000(num)) return p;
        *m /= 1000;
        p++;
    }
}

static int count_prefixes(const char *const *prefixes)
{
    int n = 0;
    while (prefixes && prefixes[n]) n++;
    return n ? n : 1;
}

static char *format_prefixed(double v, const Family *f, char *buf, size_t n)
{
    double m = v / f->unit;
    int p = f->prefixes ? pick_prefix(&m, count_prefixes(f->prefixes)) : 0;
    char num[64];
    fmt_g(m, 4, num);
    if (strchr(num, 'e')) number_format(m, num, sizeof num);
    return concat(buf, n, num, " ", f->prefixes ? f->prefixes[p] : "", f->symbol);
}

/* Integer operations (int8): the compute ladder with OPS for FLOPS ("296 TOPS"). */
static char *format_ops(double v, char *buf, size_t n)
{
    Family ops = *family_of(DIM_COMPUTE);
    ops.symbol = "OPS";
    return format_prefixed(v, &ops, buf, n);
}

/* $12k, $8.2M, $4.6B, $1.1T, $0.08 */
static char *format_money(double v, const char *suffix, char *buf, size_t n)
{
    static const char *const P[] = {"", "k", "M", "B", "T"};
    double m = fabs(v);
    int p = pick_prefix(&m, 5);
    char num[FMT_G_SIZE + 1];
    num[0] = '$';
    fmt_g(m, m >= 1 || m == 0 ? 4 : 3, num + 1);
    return concat(buf, n, v < 0 ? "-" : "", num, P[p], suffix);
}

static char *format_time(double v, char *buf, size_t n)
{
    static const struct { const char *sym; double s; } T[] = {
        {"yr", 365 * 86400.0}, {"day", 86400}, {"h", 3600}, {"s", 1}};
    for (size_t i = 0; i < 4; i++)
        if (fabs(v) >= T[i].s || i == 3) {
            char num[64];
            double x = v / T[i].s;
            bool days = i == 1 && fabs(x) != 1; /* "1 day", "125 days"; the symbols have no plural */
            snprintf(buf, n, "%s %s%s", number_format(x, num, sizeof num), T[i].sym, days ? "s" : "");
            break;
        }
    return buf;
}

char *quantity_format(Quantity q, char *buf, size_t n)
{
    char num[64];
    if (q.unit && q.unit <= ndisplay_units && dim_eq(display_units[q.unit - 1].dim, q.dim))
        return unit_format_in(q.v, display_units[q.unit - 1].spelling, display_units[q.unit - 1].scale, buf, n);
    if (dim_is_none(q.dim)) {
        /* A percentage is a ratio: from 100 (10,000%) up it is a count scaled
         * by one (a chip's tpp * 50%), and prints as the count. */
        bool ratio = fabs(q.v) < 100;
        if (q.points && ratio) snprintf(buf, n, "%.4g pp", q.v * 100 == 0 ? 0 : q.v * 100);
        else if (q.percent && ratio) snprintf(buf, n, "%.4g%%", q.v * 100 == 0 ? 0 : q.v * 100);
        else number_format_grouped(q.v, buf, n);
        return buf;
    }
    if (q.ops && dim_eq(q.dim, DIM_COMPUTE)) return format_ops(q.v, buf, n);
    const Family *f = family_of(q.dim);
    if (!f) {
        char base[64];
        snprintf(buf, n, "%s %s", number_format(q.v, num, sizeof num), dim_base_unit(q.dim, base, sizeof base));
        return buf;
    }
    switch (f->kind) {
    case 1: return format_money(q.v, "", buf, n);
    case 2: return format_time(q.v, buf, n);
    case 3: return format_money(q.v / f->unit, f->symbol, buf, n);
    default: return format_prefixed(q.v, f, buf, n);
    }
}

Quantity quantity_plain(double v) { return (Quantity){.v = v, .dim = DIM_NONE}; }

bool quantity_close(double a, double b)
{
    if (a == b) return true;
    double scale = fmax(fabs(a), fabs(b));
    return fabs(a - b) <= 1e-9 * scale;
}
