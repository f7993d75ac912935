/* test_complete.c: the table of words (tokens.h) and the REPL's completion
 * made from it (repl.h, repl_candidates_at, which Tab and the language server
 * use): the table is sorted, every entry is a keyword of the scanner with a
 * role and help, lookups find each word; completion offers every statement
 * word at a statement's start (sweep, simulate, plot ...), every policy after
 * `lift` (route too), and after `S.` (S a scenario) the scenario's own
 * names and its title, not every name of the world (unless a typed prefix
 * fits none of them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "interp.h"
#include "parse.h"
#include "../../src/cli/repl.h"
#include "tokens.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Candidates gathered from repl_candidates_at. */
typedef struct Got {
    char **w;
    size_t n;
} Got;

static void got_add(void *data, const char *word, const char *suffix)
{
    (void)suffix;
    Got *g = data;
    g->w = realloc(g->w, (g->n + 1) * sizeof *g->w);
    g->w[g->n++] = strdup(word);
}

static bool got_has(const Got *g, const char *w)
{
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->w[i], w) == 0) return true;
    return false;
}

static void got_free(Got *g)
{
    for (size_t i = 0; i < g->n; i++) free(g->w[i]);
    free(g->w);
}

static Interp *world(const char *program)
{
    Interp *I = calloc(1, sizeof *I);
    Options opt = {.mode = MODE_CHECK};
    interp_init(I, &opt);
    I->report.quiet = true;
    assert_true(interp_load_prelude(I));
    if (program) assert_int_equal(interp_run_text(I, "<test>", program, strlen(program), false), RUN_OK);
    return I;
}

static void world_free(Interp *I)
{
    interp_free(I);
    free(I);
}

/* The candidates after text, the word so far being prefix. */
static Got complete_word(Interp *I, const char *text, const char *prefix)
{
    Got g = {0};
    repl_candidates_at(I, text, strlen(text), prefix, got_add, &g);
    return g;
}

static Got complete(Interp *I, const char *text) { return complete_word(I, text, ""); }

static void test_table(void **state)
{
    (void)state;
    size_t n = 0;
    for (const WordInfo *w; (w = lex_word(n)); n++) {
        assert_true(lex_is_keyword(w->word, strlen(w->word)));
        assert_true(w->roles != 0);
        assert_true(w->help && w->help[0] && w->usage && w->usage[0]);
        assert_ptr_equal(lex_word_find(w->word, strlen(w->word)), w);
        if (n > 0) assert_true(strcmp(lex_word(n - 1)->word, w->word) < 0);
    }
    assert_true(n >= 70);
    assert_null(lex_word_find("swee", 4));
    assert_null(lex_word_find("sweeps", 6));
    assert_non_null(lex_word_find("sweep it", 5));
    assert_true(lex_word_find("route", 5)->roles & WORD_POLICY);
}

static void test_statement_words(void **state)
{
    (void)state;
    Interp *I = world(NULL);
    Got g = complete(I, "");
    for (size_t i = 0; lex_word(i); i++)
        if (lex_word(i)->roles & WORD_STATEMENT) assert_true(got_has(&g, lex_word(i)->word));
    assert_true(got_has(&g, "sweep"));
    assert_true(got_has(&g, "simulate"));
    assert_true(got_has(&g, "plot"));
    assert_true(got_has(&g, "H100"));
    assert_false(got_has(&g, "under"));
    got_free(&g);
    g = complete(I, "let x = 1\n");
    assert_true(got_has(&g, "sweep"));
    got_free(&g);
    world_free(I);
}

static void test_lift(void **state)
{
    (void)state;
    Interp *I = world(NULL);
    Got g = complete(I, "lift ");
    const char *want[] = {"ban", "license", "apply", "cap", "route"};
    for (size_t i = 0; i < 5; i++) assert_true(got_has(&g, want[i]));
    assert_false(got_has(&g, "define"));
    assert_false(got_has(&g, "lift"));
    got_free(&g);
    g = complete(I, "on 2026-01-01 lift ");
    assert_true(got_has(&g, "route"));
    got_free(&g);
    world_free(I);
}

static void test_scenario_names(void **state)
{
    (void)state;
    Interp *I = world("let big = 5\n"
                      "scenario deal \"the deal\" {\n"
                      "    let margin = 2\n"
                      "    define market ZZ { budget: $1B; incumbent: cuda }\n"
                      "    license chip H20 to CN\n"
                      "}\n");
    Got g = complete(I, "deal.");
    assert_true(got_has(&g, "margin"));
    assert_true(got_has(&g, "ZZ"));
    assert_true(got_has(&g, "CN"));    /* a market: what a scenario changes */
    assert_true(got_has(&g, "title"));
    assert_false(got_has(&g, "H100")); /* a chip of the world the scenario leaves alone */
    assert_false(got_has(&g, "big"));
    assert_false(got_has(&g, "deal"));
    assert_false(got_has(&g, "sweep"));
    got_free(&g);
    g = complete(I, "print deal.");
    assert_true(got_has(&g, "margin"));
    assert_false(got_has(&g, "H100"));
    got_free(&g);
    g = complete_word(I, "deal.", "ma"); /* fits margin: the scenario's own names */
    assert_true(got_has(&g, "margin"));
    assert_false(got_has(&g, "H100"));
    got_free(&g);
    g = complete_word(I, "deal.", "H1"); /* fits none of them: every name in the scenario */
    assert_true(got_has(&g, "H100"));
    assert_true(got_has(&g, "margin"));
    got_free(&g);
    g = complete(I, "deal.ZZ.");
    assert_true(got_has(&g, "budget"));
    got_free(&g);
    world_free(I);
}

/* Fails unless the candidates after text include word (want) or leave it out (!want). */
static void offers(Interp *I, const char *text, const char *word, bool want)
{
    Got g = complete(I, text);
    if (got_has(&g, word) != want) fail_msg("after '%s': '%s' %s", text, word, want ? "missing" : "offered");
    got_free(&g);
}

/* Completion by its context: after `show NAME ` nothing is offered (a kind
 * word there would offer its names); like after a definition's name;
 * scenarios after explain's under only; field names after a comma, not
 * inside parentheses; after a comparison, NAME. offers NAME's attributes, not
 * those of a chain reaching back over the operator. */
static void test_not_a_kind_not_a_chain(void **state)
{
    (void)state;
    Interp *I = world(NULL);
    static const struct { const char *text, *word; bool want; } cases[] = {
        {"show H100 ", "H20", false},             /* H100 is no kind word */
        {"show chip ", "H20", true},
        {"define chip ", "like", false},          /* like comes after the name */
        {"define chip X ", "like", true},
        {"explain H100 in CN under ", "main", true},
        {"explain H100 in CN under main ", "main", false},
        {"classify H100 under us_oct2023 ", "main", false},
        {"define chip X { vendor: nvidia, ", "tdp", true},   /* a new field */
        {"define chip X { price: max($1, ", "tdp", false},   /* a comma inside parentheses */
        {"apply tariff 10% on ", "imports", true},
        {"apply tariff 10% on ", "nvidia", false},
        {"apply tariff share 15% on ", "nvidia", true},
        {"apply tariff share 15% on ", "imports", false},
        {"define rule r { controlled: chip.", "tpp", true},
        {"define rule r { controlled: chip.tpp > 1 and chip.", "tpp", true},
        {"assert H100.fp16 > H20.", "fp16", true},  /* H20's, not a chain over '>' */
        {"assert H100.fp16 > H20.", "tpp", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) offers(I, cases[i].text, cases[i].word, cases[i].want);
    world_free(I);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_statement_words),
        cmocka_unit_test(test_lift),
        cmocka_unit_test(test_not_a_kind_not_a_chain),
        cmocka_unit_test(test_scenario_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
