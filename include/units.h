/* units.h: quantities with dimensions.
 * A quantity is a double in base units (operations, bytes, seconds, joules,
 * US dollars, metres) and a vector of exponents over those bases, so 1.4 TB/s
 * is 1.4e12 with bytes^1 seconds^-1. Printing picks a readable unit and
 * prefix by dimension ("300 PFLOPS", "559 kW", "$8.2M", "15%"). */
#ifndef POLSIM_UNITS_H
#define POLSIM_UNITS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { DIM_OP, DIM_BYTE, DIM_TIME, DIM_ENERGY, DIM_MONEY, DIM_LENGTH, DIM_COUNT };

typedef struct Dim {
    int8_t e[DIM_COUNT];
} Dim;

typedef struct Quantity {
    double v;     /* magnitude in base units */
    Dim dim;
    bool percent : 1; /* display hint: written as 15% and printed that way */
    bool points : 1;  /* display hint: a difference of two percentages, in percentage points ("-42.43 pp") */
    bool ops : 1;     /* display hint: integer operations, printed in OPS/TOPS rather than FLOPS (int8) */
    uint8_t unit;     /* display hint: 0, or the unit a conversion (`x -> GB/s`) asked for (unit_display) */
} Quantity;

extern const Dim DIM_NONE, DIM_COMPUTE, DIM_DATA, DIM_RATE, DIM_POWER, DIM_ENERGY_, DIM_MONEY_, DIM_TIME_, DIM_AREA;

bool dim_eq(Dim a, Dim b);
bool dim_is_none(Dim a);
Dim dim_mul(Dim a, Dim b);
Dim dim_div(Dim a, Dim b);

/* Looks up a unit word such as "TB/s", "kWh", "PFLOPS", "units" (also A/B of
 * two known units). On success sets *scale (to base units) and *dim. */
bool unit_lookup(const char *word, size_t len, double *scale, Dim *dim);
/* A conversion's target unit as written: a unit word ("GB/s", "GWh"), "$"
 * for USD, or "$" with a scale and an optional "/UNIT" ("$M", "$B",
 * "$/MWh", "$k/yr"). Sets *scale (base units per one of it) and *dim. */
bool unit_target(const char *spelling, double *scale, Dim *dim);
/* The display hint for a target unit (Quantity.unit), registered on first use;
 * 0 when 255 are taken (the value then prints in polsim's own unit). */
uint8_t unit_display(const char *spelling, double scale, Dim dim);
/* v (base units) in the target unit: "1,400 GB/s", "$1,500M", "$80/MWh";
 * the integer part grouped from four digits. */
char *unit_format_in(double v, const char *spelling, double scale, char *buf, size_t n);
/* Closest known unit spelling to word, or NULL. */
const char *unit_suggest(const char *word);

/* Human name of a dimension ("data rate", "power", ...), written into buf. */
const char *dim_name(Dim d, char *buf, size_t n);
/* The dimension as it reads in a sentence ("money", "a data rate"), into buf. */
const char *dim_phrase(Dim d, char *buf, size_t n);
/* An example unit of the dimension ("TB/s"), static; "" when none. */
const char *dim_example_unit(Dim d);
/* Base-unit spelling of a dimension for JSON ("B/s", "op/s", "USD/J"). */
const char *dim_base_unit(Dim d, char *buf, size_t n);

/* Readable text of q, e.g. "1.4 TB/s". Writes at most n bytes; returns buf. */
char *quantity_format(Quantity q, char *buf, size_t n);
/* number_format with thousands separators in the integer part when it has
 * five digits or more ("15,832", "383,333.333"; "4800" stays): for text output. */
char *number_format_grouped(double v, char *buf, size_t n);
/* A plain number with enough digits to be faithful and no exponent where
 * avoidable ("15832", "2.909", "0.15"). */
char *number_format(double v, char *buf, size_t n);

Quantity quantity_plain(double v);
/* Equality within a relative 1e-9 (dimensions must already match). */
bool quantity_close(double a, double b);
#endif
