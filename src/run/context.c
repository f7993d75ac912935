/* context.c: the context stack and the state every reader reads (context.h). */
#include "context.h"
#include "study.h"
#include <math.h>
#include <stdlib.h>

int ctx_enter(Interp *I, bool release)
{
    if (I->nframes == I->frames_cap) {
        I->frames_cap = I->frames_cap ? 2 * I->frames_cap : 32;
        I->frames = xrealloc(I->frames, sizeof *I->frames * (size_t)I->frames_cap);
    }
    Frame *f = &I->frames[I->nframes];
    *f = (Frame){.cur = I->cur, .subject = I->subject, .scenario = I->scenario, .report_scenario = I->report.scenario,
                 .report_period = I->report.csv_period,
                 .when = I->when, .day = I->day, .dated = I->dated, .sampling = I->sampling, .seed = I->seed,
                 .run = I->run, .figure = I->figure, .figure_origin = I->figure_origin, .nvars = I->nvars,
                 .study_depth = I->study_depth, .depth = I->depth, .ndeciding = I->ndeciding,
                 .derived_start = I->derived_start, .nderived = I->nderived, .dyn_stamp = I->dyn_stamp,
                 .release = release};
    if (release) {
        f->serial_mark = I->entity_serial;
        f->memo_floor = I->memo_floor;
        f->memo_log = I->memo_nlog;
        if (!I->memo_floor) I->memo_floor = I->entity_serial; /* verdicts on entities made from here on are logged */
        f->arena = arena_mark(&I->arena);
        f->envs = envpool_mark(&I->envs);
        f->sorted = I->sorted;
        f->ans = I->ans;
    }
    return I->nframes++;
}

/* Puts back what frame f saved and frees what it owns. */
static void frame_restore(Interp *I, Frame *f)
{
    I->cur = f->cur;
    I->subject = f->subject;
    I->scenario = (Entity *)f->scenario;
    I->report.scenario = f->report_scenario;
    I->report.csv_period = f->report_period;
    I->when = f->when;
    I->day = f->day;
    I->dated = f->dated;
    I->sampling = f->sampling;
    I->seed = f->seed;
    I->run = f->run;
    I->figure = f->figure;
    I->figure_origin = f->figure_origin;
    I->nvars = f->nvars;
    I->study_depth = f->study_depth;
    I->depth = f->depth;
    I->ndeciding = f->ndeciding;
    I->derived_start = f->derived_start;
    I->nderived = f->nderived;
    I->dyn_stamp = f->dyn_stamp;
    for (int i = 0; i < f->nowned; i++) free(f->owned[i]);
    if (!f->release) return;
    memo_release(I, f->serial_mark, f->memo_log); /* verdicts on the entities freed below */
    I->memo_floor = f->memo_floor;
    envpool_reset(&I->envs, f->envs);
    arena_reset(&I->arena, f->arena);
    I->sorted = f->sorted;
    I->ans = f->ans;
    I->caps_checked_env = NULL; /* its snapshot may be gone; the warnings it guards are keyed by place */
}

void ctx_leave(Interp *I, int f)
{
    while (I->nframes > f) frame_restore(I, &I->frames[--I->nframes]);
}

void ctx_own(Interp *I, int f, void *p)
{
    Frame *fr = &I->frames[f];
    if (fr->nowned == FRAME_OWNED) abort(); /* a programming error: frames own a few blocks */
    fr->owned[fr->nowned++] = p;
}

void ctx_dynamic(Interp *I)
{
    I->dyn_stamp = I->envs.stamp;
    I->derived_start = I->nderived;
}

typedef struct Redraw {
    Interp *I;
    Env *env;
} Redraw;

static const Policy *redraw(const Policy *p, void *data)
{
    Redraw *r = data;
    return policy_redraw(r->I, r->env, p);
}

/* A fork of base for the current dynamic context; when sampling, drawn for
 * the run: its uncertain entities and policies built again with the run's draws. */
static Env *derive(Interp *I, Env *base)
{
    Env *to = base;
    if (I->sampling) {
        size_t n;
        Entity **u = uncertain_entities(I, base, &n);
        to = uncertain_world(I, base, u, n);
    }
    if (to == base) to = env_fork(base);
    if (I->sampling) env_swap_policies(to, redraw, &(Redraw){I, to});
    to->drawn = I->sampling;
    if (I->nderived == I->derived_cap) {
        I->derived_cap = I->derived_cap ? 2 * I->derived_cap : 16;
        I->derived = xrealloc(I->derived, sizeof *I->derived * I->derived_cap);
    }
    I->derived[I->nderived++] = (Derived){base, base->version, to};
    return to;
}

Env *ctx_base(Interp *I, Env *env)
{
    Env *base = env->state_of ? env->state_of : env;
    if (!I->dyn_stamp) return base;
    if (base->born > I->dyn_stamp && (!I->sampling || base->drawn)) return base; /* made in this context */
    for (size_t i = I->derived_start; i < I->nderived; i++)
        if (I->derived[i].from == base && I->derived[i].version == base->version) return I->derived[i].to;
    return derive(I, base);
}

Env *ctx_state_at(Interp *I, Env *env, double day) { return timeline_state(I, ctx_base(I, env), day); }

Env *ctx_state(Interp *I, Env *env) { return ctx_state_at(I, env, I->day); }

Value ctx_read(Interp *I, Env *env, const Entity *subject, Expr *e)
{
    int f = ctx_enter(I, false);
    I->cur = ctx_state(I, env);
    I->subject = subject;
    Value v = eval(I, e);
    ctx_leave(I, f);
    return v;
}
