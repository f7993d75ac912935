/* value.c: see value.h. */
#include "value.h"
#include "world.h"
#include "dates.h"
#include <stdio.h>
#include <string.h>

Value value_num(Quantity q) { return (Value){.kind = V_NUM, .u.q = q}; }
Value value_plain(double v) { return value_num(quantity_plain(v)); }
Value value_bool(bool b) { return (Value){.kind = V_BOOL, .u.b = b}; }
Value value_str(const char *s) { return (Value){.kind = V_STR, .u.s = s}; }
Value value_sym(const char *s) { return (Value){.kind = V_SYM, .u.s = s}; }
Value value_entity(Entity *e, Env *env) { return (Value){.kind = V_ENTITY, .u.ent = {e, env}}; }
Value value_unknown(const char *figure) { return (Value){.kind = V_UNKNOWN, .u.s = figure}; }

const char *value_type_name(Value v)
{
    switch (v.kind) {
    case V_NONE: return "nothing";
    case V_NUM: return "number";
    case V_BOOL: return "true/false value";
    case V_STR: return "text";
    case V_DATE: return "date";
    case V_SYM: return "name";
    case V_ENTITY: return entity_kind_name(v.u.ent.e->kind);
    case V_UNKNOWN: return "unknown value";
    }
    return "value";
}

char *value_format(Value v, char *buf, size_t n)
{
    switch (v.kind) {
    case V_NONE: snprintf(buf, n, "-"); break;
    case V_NUM: quantity_format(v.u.q, buf, n); break;
    case V_BOOL: snprintf(buf, n, "%s", v.u.b ? "true" : "false"); break;
    case V_STR: case V_SYM: snprintf(buf, n, "%s", v.u.s); break;
    case V_DATE: date_format_span(v.u.date, v.span, buf, n); break;
    case V_ENTITY: snprintf(buf, n, "%s", v.u.ent.e->variant_of ? v.u.ent.e->display : v.u.ent.e->name); break;
    case V_UNKNOWN: snprintf(buf, n, "unknown"); break;
    }
    return buf;
}

bool value_equal(Value a, Value b)
{
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case V_NONE: return true;
    case V_NUM: return dim_eq(a.u.q.dim, b.u.q.dim) && quantity_close(a.u.q.v, b.u.q.v);
    case V_BOOL: return a.u.b == b.u.b;
    case V_STR: return strcmp(a.u.s, b.u.s) == 0;
    case V_SYM: return a.u.s == b.u.s;
    case V_DATE: return a.u.date == b.u.date; /* a period as a point is its first day */
    case V_ENTITY: return a.u.ent.e == b.u.ent.e || strcmp(a.u.ent.e->name, b.u.ent.e->name) == 0;
    case V_UNKNOWN: return false;
    }
    return false;
}
