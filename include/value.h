/* value.h: runtime values. Values are plain data (no ownership): strings and
 * entities they point to live in the interpreter's arena. */
#ifndef POLSIM_VALUE_H
#define POLSIM_VALUE_H
#include "units.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct Entity;
struct Env;

/* V_UNKNOWN: a figure the data does not have, and whatever is computed from
 * it (arithmetic, comparisons); u.s names the figure ("H20.die_area"). */
typedef enum { V_NONE, V_NUM, V_BOOL, V_STR, V_DATE, V_SYM, V_ENTITY, V_UNKNOWN, V_DIST } ValueKind;

struct Expr;

/* What makes a number uncertain (docs/language.md, "Uncertain figures"): the
 * expression it came from, to draw again in each simulation run, and what
 * `show` prints. Lives in the interpreter's arena. */
typedef struct Uncertain {
    const struct Expr *expr; /* the let's or field's expression */
    struct Env *env;         /* where it was written (names in it are read there) */
    bool ranged;             /* lo and hi known: a distribution written directly */
    bool interval90;         /* lo..hi is its 5th..95th percentile, not its bounds */
    double lo, hi;           /* in base units, the value's dimension */
    uint64_t figure;         /* the name it is known by (a let's, or CHIP.field's), hashed */
    uint32_t origin;         /* where expr starts: draws in it are keyed by offsets from here */
} Uncertain;

/* EXPR over N runs: the N draws sorted, with their moments. Arena memory. */
typedef struct Summary {
    size_t n;
    const double *sorted;
    double mean, sd;
    Dim dim;
    bool percent;
} Summary;

typedef struct Value {
    ValueKind kind;
    unsigned char span;  /* V_DATE: months the period spans, 0 for a day (DateLit in ast.h) */
    unsigned char fiscal; /* V_DATE: 0 for a calendar date; for a vendor's fiscal quarter or year
                           * (FY2026Q1 of nvidia) the month (1-12) its fiscal years start in, and
                           * u.period.vendor names the vendor (u.period.day is u.date) */
    const Uncertain *unc; /* V_NUM: set when the number is a central value with uncertainty */
    union {
        Quantity q;
        bool b;
        const char *s;   /* V_STR text, V_SYM interned name (an ecosystem such as cuda, a country such as US),
                          * V_UNKNOWN the figure that is unknown */
        double date;     /* days since 1970-01-01: a day, or a period's first day */
        struct { double day; const char *vendor; } period; /* V_DATE with fiscal set: day is date */
        struct { struct Entity *e; struct Env *env; } ent; /* env: the state the entity is read in */
        const Summary *dist; /* V_DIST */
    } u;
} Value;

Value value_num(Quantity q);
Value value_plain(double v);
Value value_bool(bool b);
Value value_str(const char *s);
Value value_sym(const char *s);
Value value_entity(struct Entity *e, struct Env *env);
Value value_unknown(const char *figure); /* figure: arena text such as "H20.die_area" */

/* The q-th quantile (0..1) of a summary: linear between order statistics
 * (the "type 7" rule of R and NumPy). */
double summary_quantile(const Summary *s, double q);

/* "number", "true/false", "text", "chip", ... for messages. */
const char *value_type_name(Value v);
/* Display text: "1.4 TB/s", "true", "H20", the string itself. */
char *value_format(Value v, char *buf, size_t n);
/* Structural equality for == on non-numbers. */
bool value_equal(Value a, Value b);
#endif
