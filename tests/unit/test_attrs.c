/* test_attrs.c: the one attribute table (include/attrs.h, src/world/attrs.c)
 * covers every stored field, names each attribute once per kind, and gives a
 * dimension to everything a cap can name and help to every attribute. */
#include "attrs.h"
#include "interp.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

/* Every field a definition may write can be read back as an attribute. */
static void every_field_is_an_attribute(void **state)
{
    (void)state;
    for (int k = 0; k < K_SCENARIO; k++) {
        const Schema *s = schema_for((EntityKind)k);
        for (int i = 0; i < s->nfields; i++) {
            if (s->fields[i].type == FT_PREDICATE) continue;
            if (!attr_find((EntityKind)k, s->fields[i].name))
                fail_msg("%s field '%s' has no attribute row", entity_kind_name((EntityKind)k), s->fields[i].name);
        }
    }
}

static void names_are_unique_per_kind(void **state)
{
    (void)state;
    size_t n;
    const AttrDef *t = attr_table(&n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (t[i].kind == t[j].kind && strcmp(t[i].name, t[j].name) == 0)
                fail_msg("%s.%s is listed twice", entity_kind_name(t[i].kind), t[i].name);
}

/* A cap compares a chip figure with an amount: it needs the figure's unit. */
static void cap_attributes_are_chip_numbers(void **state)
{
    (void)state;
    size_t n;
    int caps = 0;
    const AttrDef *t = attr_table(&n);
    for (size_t i = 0; i < n; i++) {
        if (t[i].cap < 0) continue;
        caps++;
        assert_int_equal(t[i].kind, K_CHIP);
        assert_non_null(attr_dim(&t[i]));
        assert_true(t[i].cap < CA_COUNT);
    }
    assert_int_equal(caps, CA_COUNT); /* every figure the facts hold can be capped by one name */
}

static void every_attribute_has_help(void **state)
{
    (void)state;
    size_t n;
    const AttrDef *t = attr_table(&n);
    for (size_t i = 0; i < n; i++)
        if (!attr_help(&t[i]) || strlen(attr_help(&t[i])) < 3)
            fail_msg("%s.%s has no help text", entity_kind_name(t[i].kind), t[i].name);
}

/* Fields the table reads specially still take their unit and help from the schema. */
static void schema_fields_lend_unit_and_help(void **state)
{
    (void)state;
    const AttrDef *bw = attr_find(K_CHIP, "bandwidth"), *ic = attr_find(K_CHIP, "interconnect");
    assert_true(dim_eq(*attr_dim(bw), DIM_RATE));
    assert_true(dim_eq(*attr_dim(ic), DIM_RATE));
    assert_string_equal(attr_help(ic), schema_for(K_CHIP)->fields[CH_INTERCONNECT].help);
    assert_null(attr_find(K_CHIP, "compute"));
    assert_non_null(attr_find(K_MARKET, "compute"));
}

/* attr_derived_names writes at most max names: with room for one, one is
 * written and the slot after it is left alone; with none, none. */
static void derived_names_stop_at_max(void **state)
{
    (void)state;
    const char *all[64], *out[3] = {NULL, "unwritten", "unwritten"};
    assert_true(attr_derived_names(K_CHIP, all, 64) >= 2);
    assert_int_equal(attr_derived_names(K_CHIP, out, 1), 1);
    assert_ptr_equal(out[0], all[0]);
    assert_string_equal(out[1], "unwritten");
    assert_int_equal(attr_derived_names(K_CHIP, out + 2, 0), 0);
    assert_string_equal(out[2], "unwritten");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_field_is_an_attribute),
        cmocka_unit_test(derived_names_stop_at_max),
        cmocka_unit_test(names_are_unique_per_kind),
        cmocka_unit_test(cap_attributes_are_chip_numbers),
        cmocka_unit_test(every_attribute_has_help),
        cmocka_unit_test(schema_fields_lend_unit_and_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
