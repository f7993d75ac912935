/* convert.c: `EXPR -> UNIT` (a bare expression printed in a unit of one's
 * choosing: `1.4 TB/s -> GB/s` prints "1,400 GB/s") and `ans`, the last value
 * printed. */
#include "interp.h"
#include <stdio.h>
#include <string.h>

Value ans_value(Interp *I, Loc loc)
{
    if (I->ans.kind == V_NONE)
        eval_fail(I, DC_NAME, loc, "'ans' is the last value printed, and nothing has been printed yet");
    return I->ans;
}

/* The unit word as unit_lookup reads it: a leading "$" is USD ("$/kWh"). */
static const char *unit_spelling(Interp *I, const char *unit)
{
    return unit[0] == '$' ? arena_printf(&I->arena, "USD%s", unit + 1) : unit;
}

/* Fails with the nearest known unit when unit is not one. */
static void unknown_unit(Interp *I, const Stmt *s)
{
    const char *hint = unit_suggest(s->u.print.unit);
    if (hint) eval_fail(I, DC_UNIT, s->u.print.unit_loc, "unknown unit '%s'; did you mean '%s'?", s->u.print.unit, hint);
    eval_fail(I, DC_UNIT, s->u.print.unit_loc, "unknown unit '%s'", s->u.print.unit);
}

/* "1,400 GB/s", "$8,200,000", "$0.08/kWh": the magnitude in the unit, then the unit. */
static const char *converted_text(Interp *I, double v, const char *unit)
{
    char num[64];
    number_format_grouped(v, num, sizeof num);
    if (unit[0] == '$') return arena_printf(&I->arena, "%s$%s%s", num[0] == '-' ? "-" : "", num + (num[0] == '-'), unit + 1);
    return arena_printf(&I->arena, "%s %s", num, unit);
}

/* stmt: expr CONVERT. The value must have the unit's dimension. */
void value_stmt(Interp *I, const Stmt *s)
{
    Expr *e = s->u.print.exprs;
    Value v = eval(I, e);
    double scale;
    Dim dim;
    const char *spelled = unit_spelling(I, s->u.print.unit);
    if (!unit_lookup(spelled, strlen(spelled), &scale, &dim)) unknown_unit(I, s);
    if (v.kind != V_NUM)
        eval_fail(I, DC_TYPE, e->loc, "'->' converts a number, not a %s ('%s')", value_type_name(v), fmt_value(I, v));
    if (!dim_eq(v.u.q.dim, dim)) {
        char a[64], b[64], t[96];
        eval_fail(I, DC_UNIT, s->u.print.unit_loc, "cannot convert %s (%s) to '%s', which is %s", dim_phrase(v.u.q.dim, a, sizeof a),
                  quantity_format(v.u.q, t, sizeof t), s->u.print.unit, dim_phrase(dim, b, sizeof b));
    }
    emit_record(I, &(Record){.kind = REC_VALUE_AS, .type = "value", .loc = s->loc,
                             .u.value_as = {v, converted_text(I, v.u.q.v / scale, s->u.print.unit)}}, s->loc);
    I->ans = v;
}
