/* test_world.c: snapshots of the world (include/world.h, src/world/world.c):
 * forks share their parent and stay isolated from it, the persistent name
 * map holds many names, and a fork costs the same however big the world. */
#include "world.h"
#include "policy.h"
#include <math.h>
#include "intern.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Fixture {
    Arena arena;
    Intern names;
    EnvPool pool;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    arena_init(&f->arena);
    intern_init(&f->names, &f->arena);
    f->pool.arena = &f->arena;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    envpool_free(&f->pool);
    intern_free(&f->names);
    arena_free(&f->arena);
    free(f);
    return 0;
}

static const char *nm(Fixture *f, const char *s) { return intern_cstr(&f->names, s); }

static void bind_num(Env *env, const char *name, double v) { env_bind(env, name, NULL, value_plain(v), (Loc){0}); }

static double num_of(const Env *env, const char *name)
{
    const Binding *b = env_lookup(env, name);
    return b ? b->value.u.q.v : -1;
}

/* A fork sees its parent's names; what either binds afterwards stays its own. */
static void fork_is_isolated_both_ways(void **state)
{
    Fixture *f = *state;
    Env *main = env_new(&f->pool);
    bind_num(main, nm(f, "a"), 1);
    Env *child = env_fork(main);
    bind_num(child, nm(f, "b"), 2);
    bind_num(main, nm(f, "c"), 3);
    bind_num(child, nm(f, "a"), 10); /* rebinding in the child */
    assert_true(num_of(child, nm(f, "a")) == 10);
    assert_true(num_of(main, nm(f, "a")) == 1);
    assert_null(env_lookup(main, nm(f, "b")));
    assert_null(env_lookup(child, nm(f, "c")));
    assert_int_equal(main->norder, 2);
    assert_int_equal(child->norder, 2);
}

/* Thousands of names in one snapshot, with forks between them: every name
 * keeps its own value in the snapshot that bound it. */
static void many_names_and_forks(void **state)
{
    Fixture *f = *state;
    Env *main = env_new(&f->pool);
    enum { N = 20000 };
    Env *forks[N / 1000];
    char buf[32];
    for (int i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "n%d", i);
        bind_num(main, nm(f, buf), i);
        if (i % 1000 == 999) forks[i / 1000] = env_fork(main);
    }
    for (int i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "n%d", i);
        assert_true(num_of(main, nm(f, buf)) == i);
        const Env *fk = forks[N / 1000 - 1]; /* the last fork saw every name */
        assert_true(num_of(fk, nm(f, buf)) == i);
    }
    snprintf(buf, sizeof buf, "n%d", 5000);
    assert_null(env_lookup(forks[2], nm(f, buf))); /* bound after the third fork */
    assert_int_equal(main->norder, N);
}

/* Names come back in definition order, and rebinding does not move them. */
static void names_in_definition_order(void **state)
{
    Fixture *f = *state;
    Env *env = env_new(&f->pool);
    bind_num(env, nm(f, "z"), 1);
    bind_num(env, nm(f, "a"), 2);
    bind_num(env, nm(f, "m"), 3);
    bind_num(env, nm(f, "z"), 4);
    size_t n;
    const char *const *names = env_names(env, &n);
    assert_int_equal(n, 3);
    assert_string_equal(names[0], "z");
    assert_string_equal(names[1], "a");
    assert_string_equal(names[2], "m");
}

static bool is_policy(const Policy *p, const void *want) { return p == want; }

/* Removing a policy in a fork leaves the parent's list whole. */
static void lift_in_fork_keeps_parent(void **state)
{
    Fixture *f = *state;
    Env *main = env_new(&f->pool);
    Policy p[3] = {{.kind = P_CAP}, {.kind = P_TARIFF}, {.kind = P_BAN_CHIP}};
    for (int i = 0; i < 3; i++) env_add_policy(main, &p[i]);
    Env *child = env_fork(main);
    assert_true(env_remove_policy(child, is_policy, &p[1]));
    assert_false(env_remove_policy(child, is_policy, &p[1]));
    size_t n;
    const Policy *const *pc = env_policies(child, &n);
    assert_int_equal(n, 2);
    assert_ptr_equal(pc[0], &p[0]);
    assert_ptr_equal(pc[1], &p[2]);
    const Policy *const *pm = env_policies(main, &n);
    assert_int_equal(n, 3);
    assert_ptr_equal(pm[1], &p[1]);
}

/* A fork costs the same in a small world and in a big one: it copies nothing. */
static void fork_cost_does_not_grow_with_the_world(void **state)
{
    Fixture *f = *state;
    Env *env = env_new(&f->pool);
    char buf[32];
    size_t cost[2];
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < (round ? 50000 : 10); i++) {
            snprintf(buf, sizeof buf, "r%d_%d", round, i);
            bind_num(env, nm(f, buf), i);
        }
        size_t before = arena_used(&f->arena);
        Env *child = env_fork(env);
        bind_num(child, nm(f, "x"), 1); /* the child's own statement: a path copy */
        cost[round] = arena_used(&f->arena) - before;
    }
    /* the path to one name is at most log32(50k) + 1 = 5 nodes of <= 33 slots */
    assert_true(cost[1] <= 5 * (33 * 8 + 32) + 64);
    assert_true(cost[0] <= cost[1]);
}

/* A figure beyond FIGURE_MAX (or NaN) is refused; real figures pass. */
static void figure_bounds(void **state)
{
    (void)state;
    assert_null(figure_problem(0));
    assert_null(figure_problem(2.25e15));  /* B200 fp16 FLOPS */
    assert_null(figure_problem(80e9));     /* a market's $80B budget */
    assert_null(figure_problem(FIGURE_MAX));
    assert_non_null(figure_problem(1e300));
    assert_non_null(figure_problem(-1e22));
    assert_non_null(figure_problem(INFINITY));
    assert_non_null(figure_problem(NAN));
}

/* A negative cap has a problem; a zero or positive one, and other kinds, none. */
static void negative_cap(void **state)
{
    (void)state;
    Policy p = {.kind = P_CAP, .amount = {.v = -1e12}};
    assert_non_null(policy_problem(&p));
    p.amount.v = NAN;
    assert_non_null(policy_problem(&p));
    p.amount.v = 0;
    assert_null(policy_problem(&p));
    p.amount.v = 1.4e12;
    assert_null(policy_problem(&p));
    p.kind = P_BAN_CHIP;
    p.amount.v = -1;
    assert_null(policy_problem(&p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(fork_is_isolated_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(many_names_and_forks, setup, teardown),
        cmocka_unit_test_setup_teardown(names_in_definition_order, setup, teardown),
        cmocka_unit_test_setup_teardown(lift_in_fork_keeps_parent, setup, teardown),
        cmocka_unit_test_setup_teardown(fork_cost_does_not_grow_with_the_world, setup, teardown),
        cmocka_unit_test(figure_bounds),
        cmocka_unit_test(negative_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
