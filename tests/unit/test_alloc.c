/* test_alloc.c: the share (logit) allocation and the performance index,
 * against values worked out by hand (docs/model.md). */
#include "alloc.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>

/* Two chips, unit costs 1 and 2, sensitivity 1: weights 1 and 1/2, shares
 * 2/3 and 1/3 of a $300 budget: $200 / $10 = 20 units, $100 / $20 = 5. */
static void shares_follow_cost(void **state)
{
    (void)state;
    AllocItem it[2] = {{10, 1, 10, INFINITY, 0}, {20, 2, 40, INFINITY, 1}};
    double u[2];
    alloc_logit(it, 2, 300, INFINITY, 1, u);
    assert_true(u[0] == 20 && u[1] == 5);
    /* sensitivity 2: weights 1 and 1/4, shares 4/5 and 1/5: $240 / $10, $60 / $20 */
    alloc_logit(it, 2, 300, INFINITY, 2, u);
    assert_true(u[0] == 24 && u[1] == 3);
    /* sensitivity 0: an even split, $150 each */
    alloc_logit(it, 2, 300, INFINITY, 0, u);
    assert_true(u[0] == 15 && u[1] == 7);
}

/* A chip held to its supply leaves the rest of its share to the others:
 * chip 0's $200 share buys only 10 units ($100); chip 1 gets $200 = 10 units. */
static void supply_excess_goes_to_the_others(void **state)
{
    (void)state;
    AllocItem it[3] = {{10, 1, 10, 10, 0}, {20, 2, 40, INFINITY, 1}, {10, 1, 10, 0, 2}};
    double u[3];
    alloc_logit(it, 3, 300, INFINITY, 1, u);
    assert_true(u[0] == 10 && u[1] == 10 && u[2] == 0);
}

/* A demand is split by compute shares: 2/3 of 600 = 400 FLOP over 10 per
 * unit = 40 units; 200 over 40 = 5. With a budget too, the demand stops it
 * first: the $300 buys 20 + 5 units = 400 FLOP, scaled to a 200 demand: 10 + 2.5 -> 10, 2. */
static void demand_and_both_limits(void **state)
{
    (void)state;
    AllocItem it[2] = {{10, 1, 10, INFINITY, 0}, {20, 2, 40, INFINITY, 1}};
    double u[2];
    alloc_logit(it, 2, INFINITY, 600, 1, u);
    assert_true(u[0] == 40 && u[1] == 5);
    alloc_logit(it, 2, 300, 200, 1, u);
    assert_true(u[0] == 10 && u[1] == 2);
}

/* Shares move smoothly with price: a 1% dearer chip 1 loses a little share,
 * where the cost order would not move at all or jump. */
static void shares_are_smooth(void **state)
{
    (void)state;
    AllocItem a[2] = {{1, 1, 1, INFINITY, 0}, {1, 1, 1, INFINITY, 1}};
    AllocItem b[2] = {{1, 1, 1, INFINITY, 0}, {1.01, 1.01, 1, INFINITY, 1}};
    double ua[2], ub[2];
    alloc_logit(a, 2, 1e6, INFINITY, 4, ua);
    alloc_logit(b, 2, 1e6, INFINITY, 4, ub);
    assert_true(ua[0] == 500000 && ua[1] == 500000);
    /* weights 1 and 1.01^-4 = 0.96098: chip 0 gets 1e6 x 1/1.96098 = 509950 units */
    assert_true(fabs(ub[0] - 509949) <= 1);
    assert_true(ub[1] > 480000 && ub[1] < 490000);
}

/* Nothing to buy with: no budget, no supply. */
static void nothing_to_buy(void **state)
{
    (void)state;
    AllocItem it[1] = {{10, 1, 10, 0, 0}};
    double u[1] = {7};
    alloc_logit(it, 1, 300, INFINITY, 1, u);
    assert_true(u[0] == 0);
    it[0].supply = INFINITY;
    alloc_logit(it, 1, INFINITY, INFINITY, 1, u);
    assert_true(u[0] == 0);
}

/* The roofline index. Training only: fp16. Inference, intensity 16 FLOP/B:
 * H20 (148 TF, 4.0 TB/s, 96 GB) min(148, 64) = 64 TF; H100 (989 TF, 3.35 TB/s,
 * 80 GB) min(989, 53.6) = 53.6 TF; a 64 GB chip against an 80 GB reference
 * keeps 0.8 of its bound. Half and half: (148 + 64) / 2 = 106 TF. */
static void roofline_index(void **state)
{
    (void)state;
    Workload train = {1, 16, 80e9}, infer = {0, 16, 80e9}, half = {0.5, 16, 80e9};
    assert_true(perf_index(&train, 148e12, 4.0e12, 96e9) == 148e12);
    assert_true(fabs(perf_index(&infer, 148e12, 4.0e12, 96e9) - 64e12) < 1);
    assert_true(fabs(perf_index(&infer, 989e12, 3.35e12, 80e9) - 53.6e12) < 1);
    assert_true(fabs(perf_index(&infer, 320e12, 1.6e12, 64e9) - 25.6e12 * 0.8) < 1);
    assert_true(fabs(perf_index(&half, 148e12, 4.0e12, 96e9) - 106e12) < 1);
    /* a missing bandwidth or memory leaves that bound out */
    assert_true(perf_index(&infer, 148e12, NAN, NAN) == 148e12);
    /* so does a zero bandwidth, memory, intensity or reference memory (not a
     * bound of 0 FLOPS, nor a factor of 0) */
    Workload no_intensity = {0, 0, 80e9}, no_ref = {0, 16, 0};
    assert_true(perf_index(&infer, 148e12, 0, NAN) == 148e12);
    assert_true(perf_index(&no_intensity, 148e12, 4.0e12, NAN) == 148e12);
    assert_true(perf_index(&infer, 148e12, NAN, 0) == 148e12);
    assert_true(perf_index(&no_ref, 148e12, NAN, 64e9) == 148e12);
    /* small but positive figures are bounds like any other (units are base
     * units: B/s, FLOP/B, B): min(148e12, 0.5 x 16) = 8; min(148e12, 4e12 x
     * 0.5) = 2e12; a 0.5 B memory against a 1 B reference keeps half */
    Workload low_intensity = {0, 0.5, 80e9}, tiny_ref = {0, 16, 1};
    assert_true(perf_index(&infer, 148e12, 0.5, NAN) == 8);
    assert_true(perf_index(&low_intensity, 148e12, 4.0e12, NAN) == 2e12);
    assert_true(perf_index(&tiny_ref, 148e12, NAN, 0.5) == 74e12);
    Workload half_ref = {0, 16, 0.5};
    assert_true(perf_index(&half_ref, 148e12, NAN, 0.25) == 74e12);
    /* memory at the reference keeps it all; above it no bonus: min(1, 96 / 80) */
    assert_true(perf_index(&infer, 148e12, NAN, 80e9) == 148e12);
    assert_true(perf_index(&infer, 148e12, NAN, 96e9) == 148e12);
}

/* The smallest amounts still count: a chip with a supply of exactly 1 sells
 * it; a budget of exactly $1 buys two $0.50 chips, a demand of exactly 1 FLOP
 * one 1-FLOP chip; a price, performance and unit cost just above 0 still buy. */
static void smallest_amounts_still_buy(void **state)
{
    (void)state;
    AllocItem one[1] = {{10, 1, 10, 1, 0}};
    double u[2];
    alloc_logit(one, 1, 300, INFINITY, 1, u);
    assert_true(u[0] == 1);                      /* $300 would buy 30; the supply is 1 */
    AllocItem cheap[1] = {{0.5, 0.5, 1, INFINITY, 0}};
    alloc_logit(cheap, 1, 1, INFINITY, 1, u);
    assert_true(u[0] == 2);                      /* $1 / $0.50 */
    AllocItem unit[1] = {{1, 1, 1, INFINITY, 0}};
    alloc_logit(unit, 1, INFINITY, 1, 1, u);
    assert_true(u[0] == 1);                      /* 1 FLOP / 1 FLOP a unit */
    alloc_logit(unit, 1, INFINITY, 0.5, 1, u);
    assert_true(u[0] == 0);                      /* half a unit rounds down */
    AllocItem tiny[1] = {{0.25, 0.25, 0.25, INFINITY, 0}};
    alloc_logit(tiny, 1, 1, INFINITY, 1, u);
    assert_true(u[0] == 4);                      /* $1 / $0.25; performance 0.25 */
    /* two chips, budget $3, both at $1 and equal cost: an even split, 1.5
     * each, rounded down to 1 each (not 2: nothing is bought twice) */
    AllocItem pair[2] = {{1, 1, 1, INFINITY, 0}, {1, 1, 1, INFINITY, 1}};
    alloc_logit(pair, 2, 3, INFINITY, 1, u);
    assert_true(u[0] == 1 && u[1] == 1);
    /* a budget exactly at a chip's supply x price: bought whole, nothing closed early */
    AllocItem exact[2] = {{1, 1, 1, 5, 0}, {1, 1, 1, INFINITY, 1}};
    alloc_logit(exact, 2, 10, INFINITY, 1, u);
    assert_true(u[0] == 5 && u[1] == 5);         /* $5 each: chip 0's share equals its supply */
}

/* Fills the stack below the caller with 0xff bytes, so that alloc_logit's
 * stack arrays (open flags, weights) start with nonzero garbage there: an
 * element read one past them is "open" with a NaN weight, not a lucky 0. */
static __attribute__((noinline)) void paint_stack(void)
{
    volatile unsigned char pad[16384];
    for (size_t i = 0; i < sizeof pad; i++) pad[i] = 0xff;
}

/* A guard element past each array: alloc_logit writes units[0 .. n-1] and
 * reads items[0 .. n-1] only. The guard item would be bought if it were
 * read (the cheapest of all), and the guard unit (0.5) would be rounded or
 * zeroed if it were written. Sizes 3, 64 (the stack arrays' last fit) and
 * 65 (the first on the heap): n identical $1 chips share a budget of
 * 10 x n dollars evenly, 10 units each. */
static void writes_nothing_past_its_arrays(void **state)
{
    (void)state;
    static const int sizes[] = {3, 64, 65};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int n = sizes[s];
        AllocItem it[66];
        double u[66];
        for (int i = 0; i < n; i++) it[i] = (AllocItem){1, 1, 1, INFINITY, i};
        it[n] = (AllocItem){0.5, 0.5, 1, INFINITY, n}; /* the guard: cheaper than all */
        for (int i = 0; i <= n; i++) u[i] = 0.5;
        paint_stack();
        alloc_logit(it, n, 10.0 * n, INFINITY, 1, u);
        for (int i = 0; i < n; i++) assert_true(u[i] == 10);
        assert_true(u[n] == 0.5);
        /* by demand, and with both limits: 10 x n FLOP, 10 units each; a budget
         * of 20 x n buys 20 each, scaled down to the demand: 10 each */
        u[n] = 0.5;
        paint_stack();
        alloc_logit(it, n, INFINITY, 10.0 * n, 1, u);
        for (int i = 0; i < n; i++) assert_true(u[i] == 10);
        assert_true(u[n] == 0.5);
        paint_stack();
        alloc_logit(it, n, 20.0 * n, 10.0 * n, 1, u);
        for (int i = 0; i < n; i++) assert_true(u[i] == 10);
        assert_true(u[n] == 0.5);
    }
}

/* An item with no price, no unit cost or no performance takes no part:
 * none of the budget goes to it, and the others split it as if it were
 * not there (unit costs 1 and 2, sensitivity 1: $200 / $10 and $100 / $20).
 * Each such item at 0 exactly; the boundary, a unit cost just above 0,
 * takes part (it is by far the cheapest: all but a sliver of the budget,
 * limited by its supply of 1 unit). */
static void items_without_price_cost_or_performance_take_no_part(void **state)
{
    (void)state;
    double u[3];
    AllocItem free_chip[3] = {{0, 1, 10, 100, 0}, {10, 1, 10, INFINITY, 1}, {20, 2, 40, INFINITY, 2}};
    alloc_logit(free_chip, 3, 300, INFINITY, 1, u);
    assert_true(u[0] == 0 && u[1] == 20 && u[2] == 5);
    AllocItem costless[3] = {{10, 0, 10, 100, 0}, {10, 1, 10, INFINITY, 1}, {20, 2, 40, INFINITY, 2}};
    alloc_logit(costless, 3, 300, INFINITY, 1, u);
    assert_true(u[0] == 0 && u[1] == 20 && u[2] == 5);
    AllocItem useless[3] = {{10, 1, 0, 100, 0}, {10, 1, 10, INFINITY, 1}, {20, 2, 40, INFINITY, 2}};
    alloc_logit(useless, 3, 300, INFINITY, 1, u);
    assert_true(u[0] == 0 && u[1] == 20 && u[2] == 5);
    AllocItem cheap[3] = {{10, 1e-9, 10, 1, 0}, {10, 1, 10, INFINITY, 1}, {20, 2, 40, INFINITY, 2}};
    alloc_logit(cheap, 3, 300, INFINITY, 1, u);
    assert_true(u[0] == 1);
}

/* Neither a budget nor a demand (both unlimited), or a budget of $0: nothing
 * is bought, even of chips with a supply. */
static void no_budget_no_demand_buys_nothing(void **state)
{
    (void)state;
    AllocItem it[2] = {{10, 1, 10, 5, 0}, {20, 2, 40, 7, 1}};
    double u[2] = {9, 9};
    alloc_logit(it, 2, INFINITY, INFINITY, 1, u);
    assert_true(u[0] == 0 && u[1] == 0);
    u[0] = u[1] = 9;
    alloc_logit(it, 2, 0, INFINITY, 1, u);
    assert_true(u[0] == 0 && u[1] == 0);
    u[0] = u[1] = 9;
    alloc_logit(it, 2, INFINITY, 0, 1, u);
    assert_true(u[0] == 0 && u[1] == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shares_follow_cost),
        cmocka_unit_test(supply_excess_goes_to_the_others),
        cmocka_unit_test(items_without_price_cost_or_performance_take_no_part),
        cmocka_unit_test(no_budget_no_demand_buys_nothing),
        cmocka_unit_test(demand_and_both_limits),
        cmocka_unit_test(shares_are_smooth),
        cmocka_unit_test(nothing_to_buy),
        cmocka_unit_test(roofline_index),
        cmocka_unit_test(smallest_amounts_still_buy),
        cmocka_unit_test(writes_nothing_past_its_arrays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
