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
    case V_DIST: return "distribution";
    }
    return "value";
}

double summary_quantile(const Summary *s, double q)
{
    if (s->n == 0) return 0;
    double h = (double)(s->n - 1) * q;
    size_t i = (size_t)h;
    if (i + 1 >= s->n) return s->sorted[s->n - 1];
    return s->sorted[i] + (h - (double)i) * (s->sorted[i + 1] - s->sorted[i]);
}

/* "780 TFLOPS (752 TFLOPS .. 800 TFLOPS)", "650k (90%: 601k .. 699k)", or the
 * central value alone for a figure derived from uncertain ones. */
static void uncertain_format(Value v, char *buf, size_t n)
{
    char c[96], lo[96], hi[96];
    quantity_format(v.u.q, c, sizeof c);
    if (!v.unc->ranged) {
        snprintf(buf, n, "%s (uncertain)", c);
        return;
    }
    Quantity a = v.u.q, b = v.u.q;
    a.v = v.unc->lo;
    b.v = v.unc->hi;
    snprintf(buf, n, "%s (%s%s .. %s)", c, v.unc->interval90 ? "90%: " : "", quantity_format(a, lo, sizeof lo),
             quantity_format(b, hi, sizeof hi));
}

/* "p5 182 EFLOPS  p50 201 EFLOPS  p95 219 EFLOPS" */
static void summary_format(const Summary *s, char *buf, size_t n)
{
    static const double Q[] = {0.05, 0.5, 0.95};
    static const char *const L[] = {"p5", "p50", "p95"};
    size_t used = 0;
    for (int i = 0; i < 3 && used < n; i++) {
        char t[96];
        Quantity q = {.v = summary_quantile(s, Q[i]), .dim = s->dim, .percent = s->percent};
        used += (size_t)snprintf(buf + used, n - used, "%s%s %s", i ? "  " : "", L[i], quantity_format(q, t, sizeof t));
    }
}

char *value_format(Value v, char *buf, size_t n)
{
    switch (v.kind) {
    case V_NONE: snprintf(buf, n, "-"); break;
    case V_NUM:
        if (v.unc) uncertain_format(v, buf, n);
        else quantity_format(v.u.q, buf, n);
        break;
    case V_DIST: summary_format(v.u.dist, buf, n); break;
    case V_BOOL: snprintf(buf, n, "%s", v.u.b ? "true" : "false"); break;
    case V_STR: case V_SYM: snprintf(buf, n, "%s", v.u.s); break;
    case V_DATE:
        if (v.fiscal) date_format_fiscal(v.u.period.day, v.span, v.fiscal, v.u.period.vendor, buf, n);
        else date_format_span(v.u.date, v.span, buf, n);
        break;
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
    case V_DIST: return a.u.dist == b.u.dist;
    }
    return false;
}
