/* test_values.c: runtime values (include/value.h, src/lang/value.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arena.h"
#include "intern.h"
#include "value.h"
#include "world.h"
#include <math.h>
#include <string.h>

static Value date_value(double days) { return (Value){.kind = V_DATE, .u.date = days}; }

static Value qty(double v, Dim d) { return value_num((Quantity){.v = v, .dim = d}); }

static const char *fmt(Value v)
{
    static char buf[128];
    memset(buf, 'X', sizeof buf);
    return value_format(v, buf, sizeof buf);
}

/* ---- constructors ---- */

static void constructors_numbers(void **state)
{
    (void)state;
    Value v = value_num((Quantity){.v = 1.4e12, .dim = DIM_RATE, .percent = false});
    assert_int_equal(v.kind, V_NUM);
    assert_true(v.u.q.v == 1.4e12);
    assert_true(dim_eq(v.u.q.dim, DIM_RATE));

    Value p = value_plain(-7.25);
    assert_int_equal(p.kind, V_NUM);
    assert_true(p.u.q.v == -7.25);
    assert_true(dim_is_none(p.u.q.dim));
    assert_false(p.u.q.percent);

    Value pc = value_num((Quantity){.v = 0.15, .dim = DIM_NONE, .percent = true});
    assert_true(pc.u.q.percent);
}

static void constructors_other_kinds(void **state)
{
    (void)state;
    Value t = value_bool(true), f = value_bool(false);
    assert_int_equal(t.kind, V_BOOL);
    assert_true(t.u.b);
    assert_false(f.u.b);

    const char *text = "hello";
    Value s = value_str(text);
    assert_int_equal(s.kind, V_STR);
    assert_ptr_equal(s.u.s, text); /* borrowed, not copied */

    Value y = value_sym(text);
    assert_int_equal(y.kind, V_SYM);
    assert_ptr_equal(y.u.s, text);

    Entity e = {.kind = K_CHIP, .name = "H20"};
    Value ev = value_entity(&e, NULL);
    assert_int_equal(ev.kind, V_ENTITY);
    assert_ptr_equal(ev.u.ent.e, &e);
    assert_null(ev.u.ent.env);
}

/* ---- value_type_name ---- */

static void type_names(void **state)
{
    (void)state;
    assert_string_equal(value_type_name((Value){.kind = V_NONE}), "nothing");
    assert_string_equal(value_type_name(value_plain(1)), "number");
    assert_string_equal(value_type_name(value_bool(true)), "true/false value");
    assert_string_equal(value_type_name(value_str("x")), "text");
    assert_string_equal(value_type_name(date_value(0)), "date");
    assert_string_equal(value_type_name(value_sym("cuda")), "name");
}

static void type_name_of_entity_is_its_kind(void **state)
{
    (void)state;
    Entity chip = {.kind = K_CHIP, .name = "H20"};
    Entity market = {.kind = K_MARKET, .name = "CN"};
    Entity rule = {.kind = K_RULE, .name = "r"};
    assert_string_equal(value_type_name(value_entity(&chip, NULL)), "chip");
    assert_string_equal(value_type_name(value_entity(&market, NULL)), "market");
    assert_string_equal(value_type_name(value_entity(&rule, NULL)), "rule");
}

/* ---- value_format ---- */

static void format_numbers(void **state)
{
    (void)state;
    assert_string_equal(fmt(qty(1.4e12, DIM_RATE)), "1.4 TB/s");
    assert_string_equal(fmt(qty(8.2e6, DIM_MONEY_)), "$8.2M");
    assert_string_equal(fmt(value_plain(15832)), "15,832");
    assert_string_equal(fmt(value_plain(4800)), "4800");
    assert_string_equal(fmt(value_num((Quantity){.v = 0.15, .dim = DIM_NONE, .percent = true})), "15%");
}

static void format_bool_text_sym_none(void **state)
{
    (void)state;
    assert_string_equal(fmt(value_bool(true)), "true");
    assert_string_equal(fmt(value_bool(false)), "false");
    assert_string_equal(fmt(value_str("a \"quoted\" 100%")), "a \"quoted\" 100%"); /* not a format string */
    assert_string_equal(fmt(value_sym("cuda")), "cuda");
    assert_string_equal(fmt((Value){.kind = V_NONE}), "-");
    Entity e = {.kind = K_CHIP, .name = "H20", .display = "NVIDIA H20"};
    assert_string_equal(fmt(value_entity(&e, NULL)), "H20");
}

static void format_dates(void **state)
{
    (void)state;
    assert_string_equal(fmt(date_value(0)), "1970-01-01");
    assert_string_equal(fmt(date_value(19782)), "2024-02-29");
    assert_string_equal(fmt(date_value(20727)), "2026-10-01");
    assert_string_equal(fmt(date_value(20468)), "2026-01-15");
    assert_string_equal(fmt(date_value(-1)), "1969-12-31");
    assert_string_equal(fmt(date_value(10957)), "2000-01-01");
}

static void format_truncates(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'X', sizeof buf);
    assert_ptr_equal(value_format(value_str("abcdefgh"), buf, 5), buf);
    assert_string_equal(buf, "abcd");
    assert_int_equal(buf[5], 'X');
}

/* ---- value_equal ---- */

static void equal_numbers_within_tolerance(void **state)
{
    (void)state;
    assert_true(value_equal(value_plain(1.0), value_plain(1.0)));
    assert_true(value_equal(value_plain(1.0), value_plain(1.0 + 1e-12)));
    assert_true(value_equal(qty(1.4e12, DIM_RATE), qty(1.4e12 * (1 + 5e-10), DIM_RATE)));
    assert_false(value_equal(qty(1.4e12, DIM_RATE), qty(1.4e12 * (1 + 5e-9), DIM_RATE)));
    assert_false(value_equal(value_plain(1.0), value_plain(1.001)));
    assert_true(value_equal(value_plain(0.1 + 0.2), value_plain(0.3)));
    assert_false(value_equal(value_plain(2), value_plain(-2)));
}

static void equal_numbers_need_same_dimension(void **state)
{
    (void)state;
    assert_false(value_equal(qty(1e12, DIM_RATE), qty(1e12, DIM_COMPUTE)));
    assert_false(value_equal(qty(1e12, DIM_RATE), qty(1e12, DIM_DATA)));
    assert_false(value_equal(qty(5, DIM_MONEY_), value_plain(5)));
    assert_true(value_equal(qty(3.6e6, DIM_ENERGY_), qty(3.6e6, DIM_ENERGY_)));
    /* percent is a display hint only: 15% equals 0.15 */
    assert_true(value_equal(value_num((Quantity){.v = 0.15, .dim = DIM_NONE, .percent = true}), value_plain(0.15)));
}

static void equal_across_kinds_is_false(void **state)
{
    (void)state;
    assert_false(value_equal(value_plain(1), value_bool(true)));
    assert_false(value_equal(value_str("1"), value_plain(1)));
    assert_false(value_equal(value_str("cuda"), value_sym("cuda")));
    assert_false(value_equal((Value){.kind = V_NONE}, value_plain(0)));
    assert_true(value_equal((Value){.kind = V_NONE}, (Value){.kind = V_NONE}));
    assert_false(value_equal(date_value(0), value_plain(0)));
}

static void equal_bools_strings_dates(void **state)
{
    (void)state;
    assert_true(value_equal(value_bool(true), value_bool(true)));
    assert_false(value_equal(value_bool(true), value_bool(false)));
    char a[] = "H20", b[] = "H20";
    assert_true(value_equal(value_str(a), value_str(b))); /* by content */
    assert_false(value_equal(value_str("H20"), value_str("H200")));
    assert_false(value_equal(value_str("h20"), value_str("H20")));
    assert_true(value_equal(date_value(20727), date_value(20727)));
    assert_false(value_equal(date_value(20727), date_value(20728)));
}

static void equal_symbols_by_interned_pointer(void **state)
{
    (void)state;
    Arena arena;
    arena_init(&arena);
    Intern names;
    intern_init(&names, &arena);
    char buf1[] = "cuda", buf2[] = "cuda";
    const char *s1 = intern_cstr(&names, buf1), *s2 = intern_cstr(&names, buf2);
    const char *s3 = intern_cstr(&names, "rocm");
    bool same = value_equal(value_sym(s1), value_sym(s2));
    bool diff = value_equal(value_sym(s1), value_sym(s3));
    intern_free(&names);
    arena_free(&arena);
    assert_true(same);
    assert_false(diff);
}

static void equal_entities_by_identity_or_name(void **state)
{
    (void)state;
    Entity a = {.kind = K_CHIP, .name = "H20"};
    Entity a2 = {.kind = K_CHIP, .name = "H20"}; /* e.g. the same chip redefined in a scenario */
    Entity b = {.kind = K_CHIP, .name = "B200"};
    assert_true(value_equal(value_entity(&a, NULL), value_entity(&a, NULL)));
    assert_true(value_equal(value_entity(&a, NULL), value_entity(&a2, NULL)));
    assert_false(value_equal(value_entity(&a, NULL), value_entity(&b, NULL)));
    assert_false(value_equal(value_entity(&a, NULL), value_str("H20")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(constructors_numbers),
        cmocka_unit_test(constructors_other_kinds),
        cmocka_unit_test(type_names),
        cmocka_unit_test(type_name_of_entity_is_its_kind),
        cmocka_unit_test(format_numbers),
        cmocka_unit_test(format_bool_text_sym_none),
        cmocka_unit_test(format_dates),
        cmocka_unit_test(format_truncates),
        cmocka_unit_test(equal_numbers_within_tolerance),
        cmocka_unit_test(equal_numbers_need_same_dimension),
        cmocka_unit_test(equal_across_kinds_is_false),
        cmocka_unit_test(equal_bools_strings_dates),
        cmocka_unit_test(equal_symbols_by_interned_pointer),
        cmocka_unit_test(equal_entities_by_identity_or_name),
    };
    return cmocka_run_group_tests_name("values", tests, NULL, NULL);
}
