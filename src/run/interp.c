/* interp.c: interpreter lifetime. */
#include "interp.h"
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void interp_init(Interp *I, const Options *opt)
{
    memset(I, 0, sizeof *I);
    I->opt = *opt;
    arena_init(&I->arena);
    arena_init(&I->name_arena);
    arena_init(&I->stmt_arena);
    intern_init(&I->names, &I->name_arena);
    sourceset_init(&I->sources);
    diag_init(&I->diag, stderr);
    I->diag.color = opt->color;
    /* Under --shard K/N with K > 1 only the studies' rows are printed (study.c). */
    bool other_shard = opt->shard_n > 0 && opt->shard_k > 1;
    I->report = (Report){.out = stdout, .format = opt->format, .quiet = opt->mode != MODE_RUN || other_shard,
                         .csv_started = other_shard}; /* shard 1 alone writes the CSV header */
    I->envs.arena = &I->arena;
    I->envs.free_timeline = timeline_cache_free;
    I->dated = NAN;
    I->day = INFINITY;
    I->main = env_new(&I->envs);
    I->main->no_history = opt->no_history;
    I->cur = I->main;
    I->main_scenario = arena_alloc(&I->arena, sizeof *I->main_scenario);
    *I->main_scenario = (Entity){.kind = K_SCENARIO, .serial = ++I->entity_serial, .name = intern_cstr(&I->names, "main"),
                                 .display = "top-level statements", .schema = schema_for(K_SCENARIO), .env = I->main};
    interp_set_root(I, ".");
}

void interp_set_root(Interp *I, const char *dir)
{
    free(I->root);
    I->root = realpath(dir, NULL);
}

static void free_strings(PtrVec *v)
{
    for (size_t i = 0; i < v->len; i++) free(v->items[i]);
    ptrvec_free(v);
}

void interp_free(Interp *I)
{
    envpool_free(&I->envs);
    free(I->frames);
    free(I->derived);
    free(I->memo);
    free(I->memo_logged);
    free(I->unc_list);
    free_strings(&I->import_stack);
    free_strings(&I->imported);
    free(I->root);
    ptrvec_free(&I->warned_unknown);
    intern_free(&I->names);
    sourceset_free(&I->sources);
    arena_free(&I->arena);
    arena_free(&I->name_arena);
    arena_free(&I->stmt_arena);
}

void interp_after_error(Interp *I)
{
    I->depth = 0;
    I->ndeciding = 0;
    I->validating = NULL;
}
