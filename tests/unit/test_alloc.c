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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shares_follow_cost),
        cmocka_unit_test(supply_excess_goes_to_the_others),
        cmocka_unit_test(demand_and_both_limits),
        cmocka_unit_test(shares_are_smooth),
        cmocka_unit_test(nothing_to_buy),
        cmocka_unit_test(roofline_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
