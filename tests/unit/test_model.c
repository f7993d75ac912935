/* test_model.c: the market model's cache and its allocator interface. */
#include "model.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

static Interp *world(const char *text)
{
    static Interp I;
    Options opt = {.no_prelude = true};
    interp_init(&I, &opt);
    I.report.quiet = true;
    assert_int_equal(interp_run_text(&I, "<test>", text, strlen(text), false), RUN_OK);
    return &I;
}

static const char WORLD[] = "define vendor v { origin: US }\n"
                            "define market M { budget: $1B }\n"
                            "define chip A { vendor: v; fp16: 100 TFLOPS; price: $10k; supply: 50k units }\n"
                            "define chip B { vendor: v; fp16: 100 TFLOPS; price: $20k; supply: 50k units }\n";

/* Reading results twice without a change reuses them. */
static void results_are_cached_until_a_change(void **state)
{
    (void)state;
    Interp *I = world(WORLD);
    const ModelResult *first = model_results(I, I->main);
    assert_ptr_equal(model_results(I, I->main), first);
    uint64_t version = first->version;
    assert_int_equal(interp_run_text(I, "<test>", "ban chip A in M", 15, false), RUN_OK);
    const ModelResult *second = model_results(I, I->main);
    assert_true(second->version != version);
    assert_true(fabs(second->markets[0].spend - 1e9) < 1);         /* B alone: 50k x $20k */
    interp_free(I);
}

/* Scenarios have their own results; main's cache is untouched by them. */
static void scenarios_have_their_own_results(void **state)
{
    (void)state;
    Interp *I = world(WORLD);
    const ModelResult *main_before = model_results(I, I->main);
    double spend = main_before->markets[0].spend;
    const char *s = "scenario s { ban chip B in M }\nlet x = s.M.spend";
    assert_int_equal(interp_run_text(I, "<test>", s, strlen(s), false), RUN_OK);
    assert_true(fabs(model_results(I, I->main)->markets[0].spend - spend) < 1);
    assert_true(fabs(spend - 1e9) < 1); /* A 50k x $10k, then B 25k x $20k with the $500M left */
    interp_free(I);
}

/* The cost-order allocator on its own: cheapest effective compute first,
 * whole units, skipping what the budget left cannot pay for. */
static void cost_order_allocator(void **state)
{
    (void)state;
    Candidate c[3] = {
        {.buyer_price = 30, .performance = 1, .effective = 1, .supply = 10},    /* 30 per unit of compute */
        {.buyer_price = 10, .performance = 1, .effective = 1, .supply = 2},     /* 10: first */
        {.buyer_price = 100, .performance = 10, .effective = 5, .supply = 1},   /* 20: second */
    };
    Entity e[3] = {{.name = "a"}, {.name = "b"}, {.name = "c"}};
    for (int i = 0; i < 3; i++) c[i].chip = &e[i];
    double units[3] = {0};
    ALLOC_COST_ORDER.allocate(c, 3, 185, INFINITY, units);
    assert_true(units[1] == 2 && units[2] == 1 && units[0] == 2); /* 20 + 100 + 60 = 180, 5 left */
    double d_units[3] = {0};
    ALLOC_COST_ORDER.allocate(c, 3, INFINITY, 12, d_units); /* demand 12: b gives 2, c gives 10 */
    assert_true(d_units[1] == 2 && d_units[2] == 1 && d_units[0] == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(results_are_cached_until_a_change),
        cmocka_unit_test(scenarios_have_their_own_results),
        cmocka_unit_test(cost_order_allocator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
