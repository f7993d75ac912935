/* convert.c: `EXPR -> UNIT` and `EXPR to UNIT`, as a statement (a bare
 * expression printed in a unit of one's choosing: `1.4 TB/s -> GB/s` prints
 * "1,400 GB/s") and as an expression (`print x -> GWh`, `let y = (x -> $M)`:
 * the value, which prints in that unit), and `ans`, the last value printed. */
#include "interp.h"
#include <stdio.h>
#include <string.h>

Value ans_value(Interp *I, Loc loc)
{
    if (I->ans.kind == V_NONE)
        eval_fail(I, DC_NAME, loc, "'ans' is the last value printed, and nothing has been printed yet");
    return I->ans;
}

/* The value of e, checked against the target unit: a number of the unit's
 * dimension. Sets *scale and *dim to the unit's. */
static Value converted(Interp *I, const Expr *e, const char *unit, Loc unit_loc, double *scale, Dim *dim)
{
    Value v = eval(I, (Expr *)e);
    if (!unit_target(unit, scale, dim)) {
        const char *hint = unit_suggest(unit);
        if (hint) eval_fail(I, DC_UNIT, unit_loc, "unknown unit '%s'; did you mean '%s'?", unit, hint);
        eval_fail(I, DC_UNIT, unit_loc, "unknown unit '%s'", unit);
    }
    if (v.kind != V_NUM)
        eval_fail(I, DC_TYPE, e->loc, "'->' converts a number, not a %s ('%s')", value_type_name(v), fmt_value(I, v));
    if (!dim_eq(v.u.q.dim, *dim)) {
        char a[64], b[64], t[96];
        eval_fail(I, DC_UNIT, unit_loc, "cannot convert %s (%s) to '%s', which is %s", dim_phrase(v.u.q.dim, a, sizeof a),
                  quantity_format(v.u.q, t, sizeof t), unit, dim_phrase(*dim, b, sizeof b));
    }
    return v;
}

/* stmt: expr CONVERT. The value must have the unit's dimension. */
void value_stmt(Interp *I, const Stmt *s)
{
    double scale;
    Dim dim;
    Value v = converted(I, s->u.print.exprs, s->u.print.unit, s->u.print.unit_loc, &scale, &dim);
    char text[128];
    unit_format_in(v.u.q.v, s->u.print.unit, scale, text, sizeof text);
    emit_record(I, &(Record){.kind = REC_VALUE_AS, .type = "value", .loc = s->loc,
                             .u.value_as = {v, arena_strdup(&I->arena, text)}}, s->loc);
    I->ans = v;
}

/* expr: expr CONVERT. The unit stays with the value as its display hint until
 * arithmetic makes a new value (then it prints in polsim's own unit). */
Value convert_expr(Interp *I, const Expr *e)
{
    double scale;
    Dim dim;
    Value v = converted(I, e->u.convert.value, e->u.convert.unit, e->u.convert.unit_loc, &scale, &dim);
    v.u.q.unit = unit_display(e->u.convert.unit, scale, dim);
    return v;
}
