/* test_context.c: the context stack's contract (include/context.h): what a
 * frame changes, leaving it puts back; outside every dynamic context a
 * scenario is read from itself, inside one from a fork made for it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "context.h"
#include "interp.h"
#include <string.h>

static Interp *started(Interp *I, Options *opt)
{
    *opt = (Options){.mode = MODE_CHECK};
    interp_init(I, opt);
    const char *src = "let a = 1\n";
    assert_int_equal(interp_run_text(I, "t.pol", src, strlen(src), false), RUN_OK);
    return I;
}

/* A dynamic context reads main from a fork made for it; after it is left,
 * main is read from main again (the stamp that marks the context is gone). */
static void dynamic_context_ends(void **state)
{
    (void)state;
    Options opt;
    Interp I;
    started(&I, &opt);
    assert_ptr_equal(ctx_base(&I, I.main), I.main);
    int f = ctx_enter(&I, true);
    ctx_dynamic(&I);
    Env *inside = ctx_base(&I, I.main);
    assert_ptr_not_equal(inside, I.main);
    assert_ptr_equal(ctx_base(&I, I.main), inside); /* one fork per context and version */
    ctx_leave(&I, f);
    assert_int_equal(I.dyn_stamp, 0);
    assert_ptr_equal(ctx_base(&I, I.main), I.main);
    assert_int_equal(I.nframes, 0);
    interp_free(&I);
}

/* Nested: leaving the inner context brings back the outer one's stamp and
 * forks, not the inner's, and not none. */
static void nested_contexts_unwind(void **state)
{
    (void)state;
    Options opt;
    Interp I;
    started(&I, &opt);
    int outer = ctx_enter(&I, true);
    ctx_dynamic(&I);
    uint64_t stamp = I.dyn_stamp;
    Env *outer_fork = ctx_base(&I, I.main);
    size_t forks = I.nderived;
    int inner = ctx_enter(&I, true);
    env_fork(I.main); /* the pool moves on, so the inner stamp differs */
    ctx_dynamic(&I);
    assert_true(I.dyn_stamp != stamp);
    assert_ptr_not_equal(ctx_base(&I, I.main), outer_fork);
    assert_true(I.nderived > forks);
    ctx_leave(&I, inner);
    assert_int_equal(I.dyn_stamp, stamp);
    assert_int_equal(I.nderived, forks); /* the inner forks are gone with their context */
    assert_ptr_equal(ctx_base(&I, I.main), outer_fork);
    ctx_leave(&I, outer);
    assert_ptr_equal(ctx_base(&I, I.main), I.main);
    interp_free(&I);
}

/* A released frame logs the verdicts kept on entities made inside it (the
 * memo floor) and may free the snapshot whose caps were checked last:
 * leaving it ends the logging and forgets that snapshot. */
static void released_frame_forgets(void **state)
{
    (void)state;
    Options opt;
    Interp I;
    started(&I, &opt);
    assert_true(I.entity_serial > 0);
    assert_int_equal(I.memo_floor, 0);
    int f = ctx_enter(&I, true);
    assert_int_equal(I.memo_floor, I.entity_serial);
    int g = ctx_enter(&I, true); /* an inner released frame keeps the outer floor */
    uint64_t floor = I.memo_floor;
    I.caps_checked_env = env_fork(I.main);
    ctx_leave(&I, g);
    assert_int_equal(I.memo_floor, floor);
    assert_null(I.caps_checked_env);
    I.caps_checked_env = I.main;
    ctx_leave(&I, f);
    assert_int_equal(I.memo_floor, 0);
    assert_null(I.caps_checked_env);
    /* a frame without release frees nothing, so the checked snapshot stays */
    I.caps_checked_env = I.main;
    ctx_leave(&I, ctx_enter(&I, false));
    assert_ptr_equal(I.caps_checked_env, I.main);
    interp_free(&I);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dynamic_context_ends),
        cmocka_unit_test(nested_contexts_unwind),
        cmocka_unit_test(released_frame_forgets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
