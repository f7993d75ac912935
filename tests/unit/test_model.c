/* test_model.c: the market model's cache and its allocator interface. */
#include "interp.h"
#include "model.h"
#include "../../src/model/market.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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
    const ModelResult *first = run_model(I, I->main);
    assert_ptr_equal(run_model(I, I->main), first);
    uint64_t version = first->version;
    assert_int_equal(interp_run_text(I, "<test>", "ban chip A in M", 15, false), RUN_OK);
    const ModelResult *second = run_model(I, I->main);
    assert_true(second->version != version);
    assert_true(fabs(second->markets[0].spend - 1e9) < 1);         /* B alone: 50k x $20k */
    interp_free(I);
}

/* Scenarios have their own results; main's cache is untouched by them. */
static void scenarios_have_their_own_results(void **state)
{
    (void)state;
    Interp *I = world(WORLD);
    const ModelResult *main_before = run_model(I, I->main);
    double spend = main_before->markets[0].spend;
    const char *s = "scenario s { ban chip B in M }\nlet x = s.M.spend";
    assert_int_equal(interp_run_text(I, "<test>", s, strlen(s), false), RUN_OK);
    assert_true(fabs(run_model(I, I->main)->markets[0].spend - spend) < 1);
    assert_true(fabs(spend - 1e9) < 1); /* A 50k x $10k, then B 25k x $20k with the $500M left */
    interp_free(I);
}

/* The cost-order allocator on its own: cheapest effective compute first,
 * whole units, skipping what the budget left cannot pay for. */
static void cost_order_allocator(void **state)
{
    (void)state;
    AllocItem c[3] = {
        {.price = 30, .unit_cost = 30, .performance = 1, .supply = 10, .rank = 0},   /* 30 per unit of compute */
        {.price = 10, .unit_cost = 10, .performance = 1, .supply = 2, .rank = 1},    /* 10: first */
        {.price = 100, .unit_cost = 20, .performance = 10, .supply = 1, .rank = 2},  /* 20: second */
    };
    double units[3] = {0};
    ALLOC_COST_ORDER.allocate(c, 3, 185, INFINITY, units);
    assert_true(units[1] == 2 && units[2] == 1 && units[0] == 2); /* 20 + 100 + 60 = 180, 5 left */
    double d_units[3] = {0};
    ALLOC_COST_ORDER.allocate(c, 3, INFINITY, 12, d_units); /* demand 12: b gives 2, c gives 10 */
    assert_true(d_units[1] == 2 && d_units[2] == 1 && d_units[0] == 0);
}

/* Every item's units are written, also those after the demand is met or
 * the loop stops: the caller's array may hold anything (here 7, where the
 * model's own is an uninitialised stack array). Demand 2: item 1 (cost 10,
 * supply 2) meets it alone; items 0 and 2 get 0. And with nothing to
 * allocate (no budget, no demand), every item gets 0. */
static void cost_order_sets_every_item(void **state)
{
    (void)state;
    AllocItem c[3] = {
        {.price = 30, .unit_cost = 30, .performance = 1, .supply = 10, .rank = 0},
        {.price = 10, .unit_cost = 10, .performance = 1, .supply = 2, .rank = 1},
        {.price = 100, .unit_cost = 20, .performance = 10, .supply = 1, .rank = 2},
    };
    double units[4] = {7, 7, 7, 7};
    ALLOC_COST_ORDER.allocate(c, 3, INFINITY, 2, units);
    assert_true(units[1] == 2 && units[0] == 0 && units[2] == 0);
    assert_true(units[3] == 7); /* and nothing past the array */
    double none[4] = {7, 7, 7, 7};
    ALLOC_COST_ORDER.allocate(c, 3, 0, INFINITY, none);
    assert_true(none[0] == 0 && none[1] == 0 && none[2] == 0 && none[3] == 7);
}

/* Equal unit costs are bought in rank order (the chips' name order). */
static void cost_ties_follow_rank(void **state)
{
    (void)state;
    AllocItem c[2] = {
        {.price = 10, .unit_cost = 10, .performance = 1, .supply = 5, .rank = 1},
        {.price = 10, .unit_cost = 10, .performance = 1, .supply = 5, .rank = 0},
    };
    double units[2] = {0};
    ALLOC_COST_ORDER.allocate(c, 2, 70, INFINITY, units); /* rank 0 first: 5 units, then 2 of the other */
    assert_true(units[1] == 5 && units[0] == 2);
    /* three ties already in rank order stay in it (a tie is no reason to
     * move): $70 buys 5 of rank 0, 2 of rank 1, none of rank 2 */
    AllocItem t[3] = {
        {.price = 10, .unit_cost = 10, .performance = 1, .supply = 5, .rank = 0},
        {.price = 10, .unit_cost = 10, .performance = 1, .supply = 5, .rank = 1},
        {.price = 10, .unit_cost = 10, .performance = 1, .supply = 5, .rank = 2},
    };
    double tu[3] = {0};
    ALLOC_COST_ORDER.allocate(t, 3, 70, INFINITY, tu);
    assert_true(tu[0] == 5 && tu[1] == 2 && tu[2] == 0);
}

/* The model reads only its snapshot: two snapshots computed in turn do not
 * disturb each other's results (no shared state between runs). */
static void snapshots_are_independent_inputs(void **state)
{
    (void)state;
    Interp *I = world(WORLD);
    const char *s = "scenario a { ban chip A in M }\nscenario b { ban chip B in M }";
    assert_int_equal(interp_run_text(I, "<test>", s, strlen(s), false), RUN_OK);
    Env *a = env_entity(I->main, intern_cstr(&I->names, "a"), K_SCENARIO)->env;
    Env *b = env_entity(I->main, intern_cstr(&I->names, "b"), K_SCENARIO)->env;
    double sa = run_model(I, a)->markets[0].spend, sb = run_model(I, b)->markets[0].spend;
    assert_true(fabs(sa - 1e9) < 1);   /* B alone: 50k x $20k */
    assert_true(fabs(sb - 5e8) < 1);   /* A alone: 50k x $10k */
    assert_true(fabs(run_model(I, a)->markets[0].spend - sa) < 1e-6);
    interp_free(I);
}

/* remainder_key compares remainders to 9 decimals (docs/model.md,
 * Rounding): what floating point adds below that ties. A remainder of
 * exactly one half and the double just under it (0.5 and 2.5 less one
 * ulp) have the same key; 1e-9 more is a larger key. */
static void remainders_compare_to_nine_decimals(void **state)
{
    (void)state;
    assert_true(remainder_key(0.5) == 500000000);
    assert_true(remainder_key(nextafter(0.5, 0)) == 500000000);
    assert_true(remainder_key(2.5) == 500000000);
    assert_true(remainder_key(nextafter(2.5, 0)) == 500000000);
    assert_true(remainder_key(0.25) == 250000000);
    assert_true(remainder_key(3.0) == 0);
    assert_true(remainder_key(0.5 + 1e-9) == 500000001);
    assert_true(remainder_key(0.5 - 1e-9) == 499999999);
}

/* Worlds at the sizes where the model's stack arrays give way to the heap
 * (64 and 128 candidates in a market, 64 markets, 64 policies on a market,
 * 256 chips; alloc.c's 64 items), exactly at each size and one past it; a
 * `make sanitize` run (or tools/mutate.py's last stage) sees a write past a
 * stack array. Every chip: 1 TFLOPS, $1k, 10 units. */
static char *chips_text(int nchips, int nmarkets, int nbans, double supply, const char *market)
{
    size_t cap = 200 + (size_t)(nchips + nmarkets + nbans) * 120, len = 0;
    char *t = malloc(cap);
    len += (size_t)snprintf(t + len, cap - len, "define vendor v { origin: US }\n");
    for (int m = 0; m < nmarkets; m++)
        len += (size_t)snprintf(t + len, cap - len, "define market M%03d { %s }\n", m, market);
    for (int c = 0; c < nchips; c++)
        len += (size_t)snprintf(t + len, cap - len,
                                "define chip C%03d { vendor: v; fp16: 1 TFLOPS; price: $1k; supply: %g units }\n", c,
                                supply);
    for (int b = 0; b < nbans; b++) len += (size_t)snprintf(t + len, cap - len, "ban chip C%03d in M000\n", b);
    assert_true(len < cap);
    return t;
}

/* Units sold in all markets of the world text (of its scenario named, if not NULL). */
static double units_sold_in(const char *text, const char *scenario, int *nmarkets)
{
    Interp *I = world(text);
    Env *env = I->main;
    if (scenario) { /* the main results first: the scenario's start from them */
        run_model(I, I->main);
        env = env_entity(I->main, intern_cstr(&I->names, scenario), K_SCENARIO)->env;
    }
    const ModelResult *r = run_model(I, env);
    double total = 0;
    for (int m = 0; m < r->nmarkets; m++) total += r->markets[m].total_units;
    *nmarkets = r->nmarkets;
    interp_free(I);
    return total;
}

static double units_sold(const char *text, int *nmarkets) { return units_sold_in(text, NULL, nmarkets); }

static void worlds_at_the_stack_arrays_bounds(void **state)
{
    (void)state;
    static const int sizes[] = {64, 65, 128, 129, 256, 257};
    int nm;
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        int n = sizes[i];
        char *t = chips_text(n, 1, 0, 10, "budget: $1B");
        /* one market, n candidates: it buys every chip's 10 units */
        assert_true(units_sold(t, &nm) == 10.0 * n && nm == 1);
        free(t);
        t = chips_text(n, 1, 0, 10, "budget: $1B; allocation: logit");
        assert_true(fabs(units_sold(t, &nm) - 10.0 * n) < 1e-9);
        free(t);
    }
    /* 64 and 65 markets, each $1k, sharing one chip of 30 units: each asks
     * 1 unit, the chip is oversold and the 30 units go one each to the
     * markets first by name (the remainders tie) */
    for (int n = 64; n <= 65; n++) {
        char *t = chips_text(1, n, 0, 30, "budget: $1k");
        assert_true(units_sold(t, &nm) == 30 && nm == n);
        free(t);
        /* a scenario that bans the chip in M000 starts from the main results
         * (markets it leaves alone): the others still share the 30 units */
        t = chips_text(1, n, 0, 30, "budget: $1k");
        char *u = malloc(strlen(t) + 64);
        sprintf(u, "%sscenario s { ban chip C000 in M000 }\n", t);
        assert_true(units_sold_in(u, "s", &nm) == 30 && nm == n);
        free(u);
        free(t);
    }
    /* 64 and 65 bans on the one market of 70 chips: it buys the other chips' 10 units each */
    for (int n = 64; n <= 65; n++) {
        char *t = chips_text(70, 1, n, 10, "budget: $1B");
        assert_true(units_sold(t, &nm) == 10.0 * (70 - n));
        free(t);
    }
}

/* Rationing (docs/model.md, shared supply) runs at most 16 rounds; a chip
 * still oversold then is cut to the parts without buying again. A chain
 * that needs one round per market: market Mk may buy Ck and C(k+1) only
 * (the same price, so Ck first by name); every chip has s units, s =
 * 12,252,240 (divisible by 2 to 18); M01 has money for 2s units, the
 * others for s. Round k finds C(k+1) oversold: Mk holds s/k of it, M(k+1)
 * s; the parts are s/(k+1) and ks/(k+1), and M(k+1) buys its s/(k+1) left
 * of C(k+2). With 17 markets the 16 rounds end it: M17 buys s/17 of C18.
 * With 18, C18 is still oversold after 16 rounds: cut to s/18 (M17) and
 * 17s/18 (M18), and M18 does not go on to buy C19. */
static char *chain_text(int k)
{
    size_t cap = 64 + (size_t)(k + 1) * 120 + (size_t)k * (size_t)(k + 1) * 24, len = 0;
    char *t = malloc(cap);
    len += (size_t)snprintf(t + len, cap - len, "define vendor v { origin: US }\n");
    for (int c = 1; c <= k + 1; c++)
        len += (size_t)snprintf(t + len, cap - len,
                                "define chip C%02d { vendor: v; fp16: 1 TFLOPS; price: $1; supply: 12252240 units }\n", c);
    for (int m = 1; m <= k; m++) {
        len += (size_t)snprintf(t + len, cap - len, "define market M%02d { budget: $%d }\n", m, m == 1 ? 24504480 : 12252240);
        for (int c = 1; c <= k + 1; c++)
            if (c != m && c != m + 1) len += (size_t)snprintf(t + len, cap - len, "ban chip C%02d in M%02d\n", c, m);
    }
    assert_true(len < cap);
    return t;
}

static double chain_units(Interp *I, const char *chip, const char *market)
{
    return model_units(I->main, intern_cstr(&I->names, chip), intern_cstr(&I->names, market));
}

static void rationing_stops_after_16_rounds(void **state)
{
    (void)state;
    const double s = 12252240;
    char *t = chain_text(17);
    Interp *I = world(t);
    run_model(I, I->main);
    assert_true(chain_units(I, "C02", "M01") == s / 2 && chain_units(I, "C02", "M02") == s / 2);
    assert_true(chain_units(I, "C17", "M16") == s / 17 && chain_units(I, "C17", "M17") == s * 16 / 17);
    assert_true(chain_units(I, "C18", "M17") == s / 17);
    interp_free(I);
    free(t);

    t = chain_text(18);
    I = world(t);
    run_model(I, I->main);
    assert_true(chain_units(I, "C17", "M16") == s / 17 && chain_units(I, "C17", "M17") == s * 16 / 17);
    assert_true(chain_units(I, "C18", "M17") == s / 18 && chain_units(I, "C18", "M18") == s * 17 / 18);
    assert_true(chain_units(I, "C19", "M18") == 0);
    interp_free(I);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(results_are_cached_until_a_change),
        cmocka_unit_test(scenarios_have_their_own_results),
        cmocka_unit_test(cost_order_allocator),
        cmocka_unit_test(cost_order_sets_every_item),
        cmocka_unit_test(cost_ties_follow_rank),
        cmocka_unit_test(snapshots_are_independent_inputs),
        cmocka_unit_test(remainders_compare_to_nine_decimals),
        cmocka_unit_test(worlds_at_the_stack_arrays_bounds),
        cmocka_unit_test(rationing_stops_after_16_rounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
