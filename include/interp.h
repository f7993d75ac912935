/* interp.h: the evaluator. Runs statements in order against the current
 * Env (main, or the scenario being built), prints results through the report
 * and reports errors through the one Diag. A runtime error abandons its
 * statement (longjmp to the statement boundary); nothing allocated with
 * malloc is live across that jump, and arena memory is freed with the Interp. */
#ifndef POLSIM_INTERP_H
#define POLSIM_INTERP_H
#include "ast.h"
#include "diag.h"
#include "intern.h"
#include "record.h"
#include "world.h"
#include <setjmp.h>
#include <signal.h>

typedef enum { MODE_RUN, MODE_CHECK, MODE_TEST } RunMode;

typedef struct Options {
    RunMode mode;
    OutFormat format;
    bool no_prelude;
    bool no_history;         /* --no-history: the stdlib's dated statements are left out */
    const char *stdlib_dir;  /* read the prelude from here instead of the embedded copy */
    bool any_import;         /* allow absolute paths and '..' outside the root */
    bool color;              /* diagnostics in colour */
    int shard_k, shard_n;    /* --shard K/N: each study runs its K-th of N slices (1-based); 0/0: all */
    uint64_t default_seed;   /* the seed of a simulate or over that names none (the API's; 0 by default) */
} Options;

/* The period an `at`, `during` or `series` reads: market results are the
 * flows from day `from` to day `to`, simulated by periods of `months`. */
typedef struct TimeCtx {
    double from, to;
    int months;
    Loc loc;             /* the expression or statement that reads the period (budgets) */
} TimeCtx;
enum { MAX_STUDY_VARS = 8 };
/* A sweep's variable while its body runs (innermost last). */
typedef struct StudyVar {
    const char *name;        /* interned; NULL for a simulation's run */
    Value value;
    uint64_t index;          /* the point's index in its study */
} StudyVar;

enum { MAX_DECIDING = 16 };
/* A rule being decided for a chip (to catch a rule that needs its own verdict). */
typedef struct Deciding {
    const char *rule;
    const Entity *chip;
} Deciding;

/* One context frame (context.h): every field of the Interp a frame may
 * change, saved when it is entered and put back when it is left, and what
 * the frame owns (released memory, malloc'd blocks). */
enum { FRAME_OWNED = 8 };
typedef struct Frame {
    struct Env *cur;
    const struct Entity *subject, *scenario;
    const char *report_scenario, *report_period;
    const TimeCtx *when;
    double day, dated;
    bool sampling;
    uint64_t seed, run, figure;
    uint32_t figure_origin;
    int nvars, study_depth, depth, ndeciding;
    size_t derived_start, nderived;
    uint64_t dyn_stamp;
    /* release: memory made inside the frame is freed when it is left */
    bool release;
    ArenaMark arena;
    EnvMark envs;
    struct Sorted *sorted;
    Value ans;
    size_t warned;
    uint64_t serial_mark;     /* I->entity_serial when entered: entities made inside have larger serials */
    uint64_t memo_floor;      /* I->memo_floor when entered */
    size_t memo_log;          /* I->memo_nlog when entered */
    void *owned[FRAME_OWNED]; /* malloc'd blocks freed when the frame is left */
    int nowned;
} Frame;

/* A scenario's Env as read in one dynamic context (a study point, run or
 * solve step): a fork of it, drawn for the run when sampling (context.c). */
typedef struct Derived {
    struct Env *from;
    uint64_t version;
    struct Env *to;
} Derived;

/* A rule's verdict on a chip, for rules whose test reads the chip alone
 * (policy_stmt.c): keyed by the entities' serials. An entry for an entity
 * made inside a released context frame (a study run's drawn copy, a solve
 * step's variant) is logged and removed when the frame is left, so the memo
 * does not grow with the runs of a study. */
typedef struct VerdictMemo {
    uint64_t rule, chip;
    signed char verdict;
} VerdictMemo;

typedef struct Interp {
    Options opt;
    Arena arena;             /* AST, entities, policies, strings */
    Arena name_arena;        /* interned names: they outlive a sweep point's arena_reset */
    Arena stmt_arena;        /* the nodes of a file run once (run_once): a statement's are reused by
                              * the next, but for those something kept (see ast_pins) */
    bool run_once;           /* check a file (a check session, to be closed after the run) one statement
                              * at a time as it is parsed, its syntax tree freed as it goes (load.c) */
    uint64_t ast_pins;       /* pointers into a statement's syntax tree kept past it (a rule's predicate,
                              * an uncertain figure's expression) so far: its nodes must stay */
    Intern names;
    SourceSet sources;
    Diag diag;
    EnvPool envs;
    Report report;
    Env *main;               /* top-level state */
    Env *cur;                /* where statements run now */
    Entity *scenario;        /* scenario whose body is running, or NULL */
    Entity *main_scenario;   /* `main` as a scenario value: the top-level state as it stands */
    int asserts_passed, asserts_failed;
    uint64_t policy_seq;     /* policies made so far: each one's place in source order */
    uint64_t time_seq;       /* timeline entries made so far (timeline.c) */
    double dated;            /* the date of the `on` statement running now; NAN otherwise */
    const TimeCtx *when;     /* the period being read by at/during/series, or NULL */
    double day;              /* the moment read: a day, or INFINITY for the end of the timeline */
    Frame *frames;           /* the context stack (context.h; malloc'd) */
    int nframes, frames_cap;
    Derived *derived;        /* scenarios as read in the dynamic contexts in scope (malloc'd) */
    size_t nderived, derived_cap, derived_start; /* [derived_start, nderived): the innermost context's */
    uint64_t dyn_stamp;      /* the pool stamp when the innermost dynamic context began; 0: none */
    uint64_t entity_serial;  /* the last Entity.serial handed out */
    VerdictMemo *memo;       /* open addressing, malloc'd; cleared when full (policy_stmt.c) */
    VerdictMemo *memo_logged; /* keys put since the outermost released frame began, for an entity made
                               * inside it (malloc'd; removed from the memo when their frame is left) */
    size_t memo_nlog, memo_logcap;
    uint64_t memo_floor;     /* the serial mark of the outermost released frame in scope; 0: none */
    const struct Env *unc_env; /* the snapshot whose uncertain entities unc_list holds (uncertain.c) */
    uint64_t unc_version;
    struct Entity **unc_list; /* malloc'd */
    size_t unc_n, unc_cap;
    size_t memo_cap, memo_n;
    bool in_prelude;         /* the stdlib is loading: its dated statements are history */
    const TimeEntry *validating; /* the dated statement being added (timeline.c) */
    struct Sorted *sorted;   /* the last timeline put in order (timeline.c; in the arena) */
    Deciding deciding[MAX_DECIDING]; /* rules being decided now, innermost last */
    int ndeciding;
    PtrVec import_stack;     /* realpaths being imported (malloc'd), for cycles */
    PtrVec imported;         /* realpaths already imported (malloc'd) */
    char *root;              /* realpath imports must stay inside; malloc'd */
    PtrVec warned_unknown;   /* (Policy *, chip name) pairs already warned about an unknown figure */
    const Env *caps_checked_env; /* the last snapshot (and version, market) whose caps were checked for unknowns */
    uint64_t caps_checked_version;
    const char *caps_checked_market;
    jmp_buf *on_error;
    const Entity *subject;   /* the chip a rule predicate is testing */
    int depth;               /* expression nesting guard */
    volatile sig_atomic_t *interrupted; /* set by the REPL's SIGINT handler */
    Value ans;               /* `ans`: the last value print or a bare expression printed; V_NONE before */
    /* Uncertainty and studies (src/run/uncertain.c, src/run/study.c). */
    bool sampling;           /* in a simulation run: distributions draw instead of giving central values */
    uint64_t seed, run;      /* the run being drawn */
    bool saw_uncertain;      /* an evaluation since it was cleared read an uncertain figure */
    uint64_t figure;         /* the let or field being evaluated (hashed name), 0: none */
    uint32_t figure_origin;  /* where its expression starts */
    StudyVar vars[MAX_STUDY_VARS]; /* sweep variables in scope */
    int nvars;
    int study_depth;         /* studies running now (nested sweeps) */
} Interp;

void interp_init(Interp *I, const Options *opt);
void interp_free(Interp *I);
bool interp_load_prelude(Interp *I);
/* Resets what a statement abandoned by an error (a longjmp) leaves behind:
 * the nesting depth and the rules being decided. interp_try calls it. */
void interp_after_error(Interp *I);
/* Runs fn(I, data) guarded: false when it failed (the error already reported,
 * the interpreter reset for the next statement). The one setjmp guard. */
bool interp_try(Interp *I, void (*fn)(Interp *I, void *data), void *data);
/* Sets the folder imports must stay within (default: current directory). */
void interp_set_root(Interp *I, const char *dir);

typedef enum { RUN_OK, RUN_ERROR, RUN_INCOMPLETE } RunStatus;
RunStatus interp_run_file(Interp *I, const char *path);
/* Text from -e, a pipe or the REPL; name is shown in messages. With
 * allow_incomplete, input that merely ends early returns RUN_INCOMPLETE
 * without reporting or running anything (the REPL asks for more). */
RunStatus interp_run_text(Interp *I, const char *name, const char *text, size_t len, bool allow_incomplete);

/* complete.c: Tab completion (the REPL's, the language server's, polsim_complete):
 * calls fn with every word offered at the end of text[0..len), the statements
 * so far up to where the word under the cursor starts, against I's current
 * state, and what would follow it (":" after a field name) or NULL. prefix is
 * the part of the word typed so far (NULL or "" for none); it only chooses
 * what is offered after S. (S a scenario: its own names, or every name of its
 * state when none of those fits the prefix). Words are not filtered by the
 * prefix. True when the word is inside the string of an import (a path). */
typedef void (*ReplCandidateFn)(void *data, const char *word, const char *suffix);
bool repl_candidates_at(Interp *I, const char *text, size_t len, const char *prefix, ReplCandidateFn fn, void *data);

/* --- shared by the evaluator's modules (eval.c, attr_read.c, builtins.c, policy_stmt.c) --- */
_Noreturn void eval_fail(Interp *I, DiagClass cls, Loc loc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
Value eval(Interp *I, Expr *e);
/* e evaluated in env, with `chip` meaning subject (may be NULL); errors propagate. */
Value eval_in(Interp *I, Env *env, const Entity *subject, Expr *e);
Quantity eval_number(Interp *I, Expr *e, const char *what);
Entity *lookup_entity(Interp *I, Env *env, Name name, EntityKind kind);
/* The entity of kind (K_COUNT: of any kind but scenarios) whose display title
 * is word, ignoring case ("China" finds market CN), or NULL. */
const Entity *entity_titled(Env *env, const char *word, EntityKind kind);
/* Fails with "unknown WHAT 'NAME'" and the definition titled NAME, or else
 * the nearest name in env. */
_Noreturn void fail_unknown(Interp *I, Env *env, Name name, const char *what, EntityKind kind);
/* Attribute name of entity value v (fields, derived values, market results). */
Value attr_get(Interp *I, Value v, const char *name, Loc loc);
/* The same, but V_NONE for a known attribute the entity has no figure for. */
Value attr_get_opt(Interp *I, Value v, const char *name, Loc loc);
int attr_derived_names(EntityKind kind, const char **out, int max);
/* Every attribute name an entity kind answers to, for suggestions and completion. */
int attr_names(EntityKind kind, const char **out, int max);
Value call_builtin(Interp *I, Name fn, Expr *args, Loc loc);
typedef struct BuiltinInfo {
    const char *name, *usage, *help;
} BuiltinInfo;
/* The i-th function of the language (0, 1, ...), or NULL past the last. */
const BuiltinInfo *builtin_info(int i);
int builtin_names(const char **out, int max);
/* convert.c: a bare expression `EXPR` or `EXPR -> UNIT` (S_EXPR): prints it, sets `ans`. */
void value_stmt(Interp *I, const Stmt *s);
/* expr -> UNIT as an expression: the value, with the unit as its display hint (convert.c). */
Value convert_expr(Interp *I, const Expr *e);
/* The value `ans` names when no binding has that name; fails when nothing was printed yet. */
Value ans_value(Interp *I, Loc loc);
/* policy_stmt.c: removes from the verdict memo the entries logged since
 * log_mark whose rule or chip was made after serial (a released frame's
 * entities, freed with it); keeps the rest logged for an outer frame. */
void memo_release(Interp *I, uint64_t serial, size_t log_mark);

/* policy_stmt.c: policy statements, explain and classify. */
void policy_apply(Interp *I, const Stmt *s);   /* S_POLICY: validate and record */
void policy_lift(Interp *I, const Stmt *s);    /* S_LIFT: remove the matching policy */
void explain_stmt(Interp *I, const Stmt *s);
void classify_stmt(Interp *I, const Stmt *s);   /* clauses.c */
void headroom_stmt(Interp *I, const Stmt *s);   /* clauses.c */
/* Whether chip is controlled under rule: true, false, or V_UNKNOWN naming
 * the figure that keeps it from deciding; fails (longjmp) on a bad predicate. */
Value rule_verdict(Interp *I, Env *env, const Entity *rule, const Entity *chip);
/* Whether chip may be sold into market in env (rules decided first). */
bool chip_available(Interp *I, Env *env, const Entity *chip, const Entity *market);
/* Decides the rules the market model needs for env (every market's: they
 * share supply); call it before reading model_*() results. */
void prepare_model(Interp *I, Env *env);
/* The market model's results for env, every market, after prepare_model. */
struct ModelResult;
const struct ModelResult *run_model(Interp *I, Env *env);
char *fmt_value(Interp *I, Value v); /* arena copy of value_format */
/* exec.c: one statement against I->cur (errors propagate). */
void exec_one(Interp *I, Stmt *s);
/* policy_stmt.c: where a policy was made, "file.pol:12", and for a dated
 * policy "file.pol:12, on 2025-04-09" (arena text). */
const char *policy_where(Interp *I, const Policy *p);
/* policy_stmt.c: a policy statement checked and built (not applied). */
Policy *policy_build(Interp *I, const Stmt *s);
/* p as the current study run draws it, built again in env (p itself
 * outside a run, or when no figure it read was uncertain). */
const Policy *policy_redraw(Interp *I, Env *env, const Policy *p);
/* timeline.c: dates, the timeline of a scenario and the period model. */
void timeline_cache_free(void *cache);
/* e as a date: a date value, or a whole number 1000-9999 as that year. */
Value date_of(Interp *I, Expr *e, const char *what);
void on_stmt(Interp *I, const Stmt *s);      /* S_ON: record dated statements */
void order_stmt(Interp *I, const Stmt *s);   /* S_ORDER without a date: in stock from the start */
void series_stmt(Interp *I, const Stmt *s);  /* S_SERIES */
Value eval_timed(Interp *I, Expr *e);        /* E_AT, E_DURING */
Value eval_fiscal(Interp *I, Expr *e);       /* E_FISCAL: FY2026Q1 of nvidia as a period */
/* The state of env's timeline at day (INFINITY: its end); env itself when
 * no dated statement is in force by then. */
Env *timeline_state(Interp *I, Env *env, double day);
/* The last date of the stdlib's dated statements in env's timeline, NAN
 * when none is in force (none recorded, or left out by `without history`). */
double timeline_history_end(const Env *env);
/* The state queries read: the end of I->cur's timeline. */
Env *timeline_now(Interp *I);
/* A scenario's state: at the period being read, else at its timeline's end. */
Env *scenario_state(Interp *I, const Entity *sc);
/* Results over I->when's period; timeline_market is false (nothing done)
 * outside at/during/series. */
struct MarketResult;
bool timeline_market(Interp *I, Env *env, const char *market, struct MarketResult *out);
double timeline_units(Interp *I, Env *env, const char *chip, const char *market);
double timeline_revenue(Interp *I, Env *env, const char *vendor, const char *market, double *levy);
double timeline_levy(Interp *I, Env *env, const char *government);
/* Write-downs over I->when's period in money: of chip, or (chip NULL) of every chip of vendor. */
double timeline_writedown(Interp *I, Env *env, const char *chip, const char *vendor);
char *loc_text(Interp *I, Loc loc);  /* "file.pol:12" */
/* exec.c: e as a metric: its text, and for EXPR at DATE or EXPR during
 * PERIOD the text of EXPR and of the date or period (arena text). */
Metric metric_of(Interp *I, const Expr *e);
/* exec.c: hands a classify, explain or headroom result on as a record
 * (verdict: 1 yes, 0 no, -1 undecided). */
void emit_verdict(Interp *I, const char *type, Loc loc, const char *subject, const char *object, const ReportStep *steps,
                  int n, int verdict, const char *text);
/* Hands rec on (record.h); a record that could not be taken fails at at. */
void emit_record(Interp *I, const Record *rec, Loc at);
#endif
