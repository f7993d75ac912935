/* value.h: runtime values. Values are plain data (no ownership): strings and
 * entities they point to live in the interpreter's arena. */
#ifndef POLSIM_VALUE_H
#define POLSIM_VALUE_H
#include "units.h"
#include <stdbool.h>
#include <stddef.h>

struct Entity;
struct Env;

/* V_UNKNOWN: a figure the data does not have, and whatever is computed from
 * it (arithmetic, comparisons); u.s names the figure ("H20.die_area"). */
typedef enum { V_NONE, V_NUM, V_BOOL, V_STR, V_DATE, V_SYM, V_ENTITY, V_UNKNOWN } ValueKind;

typedef struct Value {
    ValueKind kind;
    unsigned char span;  /* V_DATE: months the period spans, 0 for a day (DateLit in ast.h) */
    union {
        Quantity q;
        bool b;
        const char *s;   /* V_STR text, V_SYM interned name (an ecosystem such as cuda, a country such as US),
                          * V_UNKNOWN the figure that is unknown */
        double date;     /* days since 1970-01-01: a day, or a period's first day */
        struct { struct Entity *e; struct Env *env; } ent; /* env: the state the entity is read in */
    } u;
} Value;

Value value_num(Quantity q);
Value value_plain(double v);
Value value_bool(bool b);
Value value_str(const char *s);
Value value_sym(const char *s);
Value value_entity(struct Entity *e, struct Env *env);
Value value_unknown(const char *figure); /* figure: arena text such as "H20.die_area" */

/* "number", "true/false", "text", "chip", ... for messages. */
const char *value_type_name(Value v);
/* Display text: "1.4 TB/s", "true", "H20", the string itself. */
char *value_format(Value v, char *buf, size_t n);
/* Structural equality for == on non-numbers. */
bool value_equal(Value a, Value b);
#endif
