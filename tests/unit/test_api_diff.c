/* test_api_diff.c: polsim_diff (include/polsim.h, API version 3), what
 * changed between the worlds of two sessions, the engine of `polsim diff`:
 * definitions, policies, scenarios (what main or the base already shows is
 * not repeated), the model's figures with POLSIM_DIFF_RESULTS, each
 * difference's fields, text line and JSON line, and the errors: a NULL
 * session, an unknown flag, a model that cannot run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "polsim.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A small world, as tests/diff/world.pol. */
static const char WORLD[] = "define vendor nv \"A US vendor\" { origin: US }\n"
                            "define vendor hw \"A Chinese vendor\" { origin: CN }\n"
                            "define market CN { budget: $3B }\n";

/* A check session without the stdlib (as `polsim diff --no-prelude`), of
 * max_steps steps a run (0: the default), that has run WORLD then text,
 * named name; the next run, or polsim_diff, goes on with the steps left. */
static polsim_session *world(const char *name, const char *text, unsigned long long max_steps, FILE *diagnostics)
{
    polsim_options o;
    polsim_options_init(&o);
    o.stdlib = 0;
    o.mode = POLSIM_MODE_CHECK;
    o.diagnostics = diagnostics;
    if (max_steps) o.max_steps = max_steps;
    char err[256] = "";
    polsim_session *s = polsim_open(&o, err, sizeof err);
    if (!s) fail_msg("polsim_open: %s", err);
    assert_int_equal(polsim_result_status(polsim_run(s, "world.pol", WORLD, (size_t)-1)), POLSIM_OK);
    assert_int_equal(polsim_result_status(polsim_run(s, name, text, (size_t)-1)), POLSIM_OK);
    return s;
}

/* What the callback saw: copies of each change's fields. */
enum { MAX_CHANGES = 32 };
typedef struct Seen {
    int n;
    char *field[MAX_CHANGES][12];
} Seen;
enum { F_SECTION, F_SCOPE, F_CHANGE, F_KIND, F_NAME, F_FIELD, F_OLD, F_NEW, F_DIFFERENCE, F_AT, F_TEXT, F_JSON };

static char *copy(const char *s) { return s ? strcpy(malloc(strlen(s) + 1), s) : NULL; }

static void collect(void *data, const polsim_change *c)
{
    Seen *seen = data;
    assert_true(seen->n < MAX_CHANGES);
    const char *f[12] = {c->section, c->scope,      c->change, c->kind, c->name, c->field,
                         c->old_value, c->new_value, c->difference, c->at, c->text, c->json};
    for (int i = 0; i < 12; i++) seen->field[seen->n][i] = copy(f[i]);
    seen->n++;
}

static void seen_free(Seen *seen)
{
    for (int k = 0; k < seen->n; k++)
        for (int i = 0; i < 12; i++) free(seen->field[k][i]);
    seen->n = 0;
}

/* The change whose text is text, or fail. */
static char **find(Seen *seen, const char *text)
{
    for (int k = 0; k < seen->n; k++)
        if (strcmp(seen->field[k][F_TEXT], text) == 0) return seen->field[k];
    fail_msg("no change '%s'", text);
    return NULL;
}

static const char FIELD_A[] = "define chip Fast \"Fast chip\" { vendor: nv; fp16: 1 PFLOPS; bandwidth: 4 TB/s; price: $20k }\n";
static const char FIELD_B[] =
    "define chip Fast \"Fast chip, cut down\" { vendor: nv; fp16: 1 PFLOPS; bandwidth: 1.4 TB/s \"press report\"; price: $18k }\n"
    "let x = 2\n";

/* A definition's fields, one by one, in the new world's order; an added let. */
static void definitions(void **state)
{
    (void)state;
    polsim_session *a = world("a.pol", FIELD_A, 0, NULL), *b = world("b.pol", FIELD_B, 0, NULL);
    Seen seen = {0};
    assert_int_equal(polsim_diff(a, b, 0, collect, &seen), 5);
    assert_int_equal(seen.n, 5);
    assert_string_equal(seen.field[0][F_TEXT], "chip Fast: title \"Fast chip\" → \"Fast chip, cut down\"");
    char **bw = seen.field[1];
    assert_string_equal(bw[F_SECTION], "definitions");
    assert_string_equal(bw[F_SCOPE], "main");
    assert_string_equal(bw[F_CHANGE], "changed");
    assert_string_equal(bw[F_KIND], "chip");
    assert_string_equal(bw[F_NAME], "Fast");
    assert_string_equal(bw[F_FIELD], "bandwidth");
    assert_string_equal(bw[F_OLD], "4 TB/s");
    assert_string_equal(bw[F_NEW], "1.4 TB/s");
    assert_null(bw[F_DIFFERENCE]);
    assert_string_equal(bw[F_AT], "b.pol:1");
    assert_string_equal(bw[F_TEXT], "chip Fast: bandwidth 4 TB/s → 1.4 TB/s");
    assert_string_equal(bw[F_JSON], "{\"type\":\"diff\",\"section\":\"definitions\",\"scope\":\"main\",\"change\":\"changed\","
                                    "\"kind\":\"chip\",\"name\":\"Fast\",\"field\":\"bandwidth\",\"old\":\"4 TB/s\","
                                    "\"new\":\"1.4 TB/s\",\"at\":\"b.pol:1\"}");
    assert_string_equal(seen.field[2][F_TEXT], "chip Fast: bandwidth note not set → \"press report\"");
    assert_string_equal(seen.field[3][F_TEXT], "chip Fast: price $20k → $18k");
    char **x = seen.field[4];
    assert_string_equal(x[F_CHANGE], "added");
    assert_string_equal(x[F_KIND], "let");
    assert_string_equal(x[F_NEW], "2");
    assert_string_equal(x[F_TEXT], "added let x = 2");
    seen_free(&seen);
    /* the other way round: removed, with where it was; fn NULL only counts */
    assert_int_equal(polsim_diff(b, a, 0, collect, &seen), 5);
    assert_string_equal(find(&seen, "removed let x")[F_AT], "b.pol:2");
    seen_free(&seen);
    assert_int_equal(polsim_diff(a, b, 0, NULL, NULL), 5);
    /* a world against itself, and against the same text run elsewhere */
    assert_int_equal(polsim_diff(b, b, 0, collect, &seen), 0);
    polsim_session *a2 = world("a.pol", FIELD_A, 0, NULL);
    assert_int_equal(polsim_diff(a, a2, POLSIM_DIFF_RESULTS, collect, &seen), 0);
    assert_int_equal(seen.n, 0);
    /* what the sessions handed out stays valid, and they run on */
    const polsim_result *r = polsim_run(b, "c.pol", "redefine chip Fast like Fast { price: $20k }\n", (size_t)-1);
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    assert_int_equal(polsim_diff(a, b, 0, NULL, NULL), 4);
    polsim_close(a2);
    polsim_close(a);
    polsim_close(b);
}

/* A let holding EXPR over N runs compares by its draws, each of them: the
 * same program in two sessions is no change, another seed is (make
 * sanitize reads every draw's neighbours: a walk one past the end fails). */
static void distributions(void **state)
{
    (void)state;
    const char *one = "let e = (1 to 2)\nlet r = e over 10 runs seed 1\n";
    const char *other = "let e = (1 to 2)\nlet r = e over 10 runs seed 2\n";
    polsim_session *a = world("a.pol", one, 0, NULL), *a2 = world("a2.pol", one, 0, NULL), *b = world("b.pol", other, 0, NULL);
    Seen seen = {0};
    assert_int_equal(polsim_diff(a, a2, 0, collect, &seen), 0);
    assert_int_equal(polsim_diff(a, b, 0, collect, &seen), 1);
    assert_string_equal(seen.field[0][F_NAME], "r");
    assert_string_equal(seen.field[0][F_CHANGE], "changed");
    seen_free(&seen);
    polsim_close(a);
    polsim_close(a2);
    polsim_close(b);
}

static const char SCEN_A[] = "define chip Fast { vendor: nv; fp16: 1 PFLOPS; price: $20k }\n"
                             "cap fp16 2 PFLOPS on exports to CN\n"
                             "scenario deal \"the deal\" {\n"
                             "  ban vendor nv in CN\n"
                             "  apply tariff share 15% on nv sales to CN\n"
                             "}\n"
                             "scenario gone { }\n"
                             "scenario child extends deal { }\n";
static const char SCEN_B[] = "define chip Fast { vendor: nv; fp16: 1 PFLOPS; price: $20k }\n"
                             "cap fp16 3 PFLOPS on exports to CN\n"
                             "scenario base { }\n"
                             "scenario deal \"the deal, revised\" extends base {\n"
                             "  apply tariff share 20% on nv sales to CN\n"
                             "  redefine chip Fast like Fast { price: $25k }\n"
                             "  license chip Fast to CN\n"
                             "}\n"
                             "scenario child extends deal { ban vendor hw in CN }\n";

/* Policies and scenarios: a scenario's own differences only (tests/diff/scenario.out). */
static void scenarios(void **state)
{
    (void)state;
    polsim_session *a = world("scenario_a.pol", SCEN_A, 0, NULL), *b = world("scenario_b.pol", SCEN_B, 0, NULL);
    Seen seen = {0};
    assert_int_equal(polsim_diff(a, b, 0, collect, &seen), 10);
    static const char *const want[] = {
        "policy changed (main): cap fp16 3 PFLOPS on exports to CN: amount 2 PFLOPS → 3 PFLOPS   [scenario_b.pol:2]",
        "added scenario base",
        "scenario deal: extends main → base",
        "scenario deal: title \"the deal\" → \"the deal, revised\"",
        "scenario deal: policy changed: apply tariff share 20% on nv sales to CN: amount 15% → 20%   [scenario_b.pol:5]",
        "scenario deal: policy added: license chip Fast to CN   [scenario_b.pol:7]",
        "scenario deal: policy lifted: ban vendor nv in CN   [scenario_a.pol:4]",
        "scenario deal: chip Fast: price $20k → $25k",
        "scenario child: policy added: ban vendor hw in CN   [scenario_b.pol:9]",
        "removed scenario gone",
    };
    for (int k = 0; k < 10; k++) assert_string_equal(seen.field[k][F_TEXT], want[k]);
    assert_string_equal(seen.field[0][F_SECTION], "policies");
    assert_string_equal(seen.field[0][F_NAME], "cap fp16 3 PFLOPS on exports to CN");
    assert_string_equal(seen.field[0][F_OLD], "2 PFLOPS");
    char **lifted = seen.field[6];
    assert_string_equal(lifted[F_SECTION], "scenarios");
    assert_string_equal(lifted[F_SCOPE], "deal");
    assert_string_equal(lifted[F_CHANGE], "lifted");
    assert_string_equal(lifted[F_KIND], "policy");
    assert_null(lifted[F_FIELD]);
    assert_null(lifted[F_OLD]);
    assert_string_equal(seen.field[8][F_SCOPE], "child");
    assert_string_equal(seen.field[9][F_SCOPE], "main");
    seen_free(&seen);
    polsim_close(a);
    polsim_close(b);
}

static const char RESULTS[] = "define chip Fast { vendor: nv; fp16: 1 PFLOPS; bandwidth: 4 TB/s; price: $20k; supply: 100k units }\n"
                              "define chip Home { vendor: hw; fp16: 0.5 PFLOPS; bandwidth: 1.6 TB/s; price: $20k; supply: 1M units }\n";
static const char SCENARIO_S[] = "scenario s { ban vendor hw in CN }\n";

/* The model's figures with POLSIM_DIFF_RESULTS (tests/diff/results.out). */
static void results(void **state)
{
    (void)state;
    char ta[512], tb[512];
    snprintf(ta, sizeof ta, "%scap bandwidth 5 TB/s on exports to CN\n%s", RESULTS, SCENARIO_S);
    snprintf(tb, sizeof tb, "%scap bandwidth 3 TB/s on exports to CN\n%s", RESULTS, SCENARIO_S);
    polsim_session *a = world("a.pol", ta, 0, NULL), *b = world("b.pol", tb, 0, NULL);
    Seen seen = {0};
    assert_int_equal(polsim_diff(a, b, 0, collect, &seen), 1);
    seen_free(&seen);
    assert_int_equal(polsim_diff(a, b, POLSIM_DIFF_RESULTS, collect, &seen), 9);
    char **compute = find(&seen, "main: CN.compute 125 EFLOPS → 75 EFLOPS (-50 EFLOPS)");
    assert_string_equal(compute[F_SECTION], "results");
    assert_string_equal(compute[F_SCOPE], "main");
    assert_string_equal(compute[F_KIND], "market");
    assert_string_equal(compute[F_NAME], "CN");
    assert_string_equal(compute[F_FIELD], "CN.compute");
    assert_string_equal(compute[F_DIFFERENCE], "-50 EFLOPS");
    assert_null(compute[F_AT]);
    assert_string_equal(find(&seen, "main: CN.domestic_share 20% → 100% (+80 pp)")[F_DIFFERENCE], "+80 pp");
    char **rev = find(&seen, "scenario s: revenue(nv, CN) $2B → $0 (-$2B)");
    assert_string_equal(rev[F_SCOPE], "s");
    assert_string_equal(rev[F_SECTION], "results");
    assert_string_equal(rev[F_FIELD], "revenue(nv, CN)");
    seen_free(&seen);
    polsim_close(a);
    polsim_close(b);
}

static int called;
static void count_call(void *data, const polsim_change *c)
{
    (void)data;
    (void)c;
    called++;
}

/* Errors: -1 and nothing handed on for a NULL session or an unknown flag;
 * -1 after the differences found so far, the message on the session's
 * diagnostics stream, when the model cannot run for a figure. */
static void errors(void **state)
{
    (void)state;
    polsim_session *a = world("a.pol", FIELD_A, 0, NULL), *b = world("b.pol", FIELD_B, 0, NULL);
    called = 0;
    assert_int_equal(polsim_diff(NULL, b, 0, count_call, NULL), -1);
    assert_int_equal(polsim_diff(a, NULL, POLSIM_DIFF_RESULTS, count_call, NULL), -1);
    assert_int_equal(polsim_diff(a, b, 8, count_call, NULL), -1);
    assert_int_equal(called, 0);
    assert_int_equal(polsim_diff(a, b, 0, count_call, NULL), 5);
    assert_int_equal(called, 5);
    polsim_close(b);
    /* the figures need more evaluation steps (a rule's long test of each
     * chip, not evaluated by the check run) than the new world's run left:
     * the run takes about 10, the figures a few hundred */
    char tb[8192];
    int k = snprintf(tb, sizeof tb, "%sdefine rule r { controlled: chip.fp16 > 0.1 PFLOPS", RESULTS);
    for (int i = 0; i < 120; i++) k += snprintf(tb + k, sizeof tb - (size_t)k, " and chip.fp16 > 0.1 PFLOPS");
    snprintf(tb + k, sizeof tb - (size_t)k, " }\napply rule r on exports from US to CN\n");
    FILE *diag = tmpfile();
    assert_non_null(diag);
    polsim_session *c = world("c.pol", RESULTS, 0, NULL), *d = world("d.pol", tb, 50, diag);
    called = 0;
    assert_int_equal(polsim_diff(c, d, POLSIM_DIFF_RESULTS, count_call, NULL), -1);
    assert_int_equal(called, 2); /* the added rule and policy, before the figures */
    char text[1024] = "";
    rewind(diag);
    size_t n = fread(text, 1, sizeof text - 1, diag);
    text[n] = '\0';
    assert_non_null(strstr(text, "error: step limit of 50 evaluation steps exceeded"));
    /* without the figures the same worlds compare */
    assert_int_equal(polsim_diff(c, d, 0, NULL, NULL), 2);
    fclose(diag);
    polsim_close(c);
    polsim_close(d);
    polsim_close(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(definitions),
        cmocka_unit_test(distributions),
        cmocka_unit_test(scenarios),
        cmocka_unit_test(results),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
