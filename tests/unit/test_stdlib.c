/* test_stdlib.c: the built-in world loads cleanly and every chip, cluster,
 * market, vendor and rule in it says where its figures come from. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <math.h>
#include <string.h>
#include "interp.h"

static Interp *load(void)
{
    static Interp I;
    Options opt = {0};
    interp_init(&I, &opt);
    I.report.quiet = true;
    return &I;
}

static void prelude_loads_without_errors(void **state)
{
    (void)state;
    Interp *I = load();
    assert_true(interp_load_prelude(I));
    assert_int_equal(I->diag.errors, 0);
    interp_free(I);
}

static void every_entity_has_a_source(void **state)
{
    (void)state;
    Interp *I = load();
    assert_true(interp_load_prelude(I));
    int checked = 0, missing = 0;
    size_t n;
    const char *const *names = env_names(I->main, &n);
    for (size_t i = 0; i < n; i++) {
        const Binding *b = env_lookup(I->main, names[i]);
        if (!b->entity) continue;
        const char *src = entity_source(b->entity);
        if (!src || strlen(src) < 10) {
            fprintf(stderr, "%s %s has no source\n", entity_kind_name(b->entity->kind), b->entity->name);
            missing++;
        }
        checked++;
    }
    assert_int_equal(missing, 0);
    assert_true(checked >= 30); /* vendors, chips, clusters, markets, rules */
    interp_free(I);
}

/* The design sketch names these; scenario files in users' repositories rely on them. */
static void the_sketched_world_is_there(void **state)
{
    (void)state;
    static const struct { const char *name; EntityKind kind; } WANT[] = {
        {"nvidia", K_VENDOR}, {"amd", K_VENDOR}, {"huawei", K_VENDOR}, {"cambricon", K_VENDOR},
        {"A100", K_CHIP}, {"H100", K_CHIP}, {"H800", K_CHIP}, {"H200", K_CHIP}, {"H20", K_CHIP},
        {"B200", K_CHIP}, {"GB200", K_CHIP}, {"RTXPro6000D", K_CHIP}, {"RTX4090", K_CHIP},
        {"RTX4090D", K_CHIP}, {"MI300X", K_CHIP}, {"MI308", K_CHIP}, {"Ascend910B", K_CHIP},
        {"Ascend910C", K_CHIP}, {"Ascend950PR", K_CHIP}, {"Ascend950DT", K_CHIP}, {"Ascend960", K_CHIP},
        {"Ascend970", K_CHIP}, {"NVL72", K_CLUSTER}, {"NVL144", K_CLUSTER}, {"CloudMatrix384", K_CLUSTER},
        {"Atlas950SuperNode", K_CLUSTER}, {"Atlas950SuperCluster", K_CLUSTER},
        {"Atlas960SuperNode", K_CLUSTER}, {"US", K_MARKET}, {"CN", K_MARKET}, {"MY", K_MARKET},
        {"EU", K_MARKET}, {"ROW", K_MARKET}, {"us_3a090_2022", K_RULE}, {"us_3a090_2023", K_RULE},
    };
    Interp *I = load();
    assert_true(interp_load_prelude(I));
    for (size_t i = 0; i < sizeof WANT / sizeof WANT[0]; i++) {
        Entity *e = env_entity(I->main, intern_cstr(&I->names, WANT[i].name), WANT[i].kind);
        if (!e) fprintf(stderr, "missing %s %s\n", entity_kind_name(WANT[i].kind), WANT[i].name);
        assert_non_null(e);
    }
    interp_free(I);
}

/* The prelude applies no undated policy: its decisions (history.pol) are
 * dated policies and lifts on the timeline, every one marked as history. */
static void the_prelude_applies_no_policy(void **state)
{
    (void)state;
    Interp *I = load();
    assert_true(interp_load_prelude(I));
    assert_int_equal(I->main->npolicies, 0);
    int policies = 0;
    for (const TimeCell *t = I->main->timeline; t; t = t->next) {
        assert_true(t->entry->history);
        assert_false(isnan(t->entry->date));
        policies += t->entry->kind == TE_POLICY;
    }
    assert_int_equal(policies, 24); /* history.pol: 24 dated policies (CN, MO, D5, D14), besides lifts; chips.pol dates orders only */
    interp_free(I);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prelude_loads_without_errors),
        cmocka_unit_test(every_entity_has_a_source),
        cmocka_unit_test(the_sketched_world_is_there),
        cmocka_unit_test(the_prelude_applies_no_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
