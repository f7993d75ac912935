/* test_tokens.c: the token API (src/lang/tokens.c) over the real scanner:
 * kinds and spans, the statement ends the scanner makes of newlines, and
 * lex_status's decision whether a REPL input is complete, needs more lines or
 * cannot scan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tokens.h"
#include <stdio.h>
#include <string.h>

enum { MAX_TOKS = 64 };

/* The tokens of one scan. */
typedef struct Toks {
    Token t[MAX_TOKS];
    size_t n;
    size_t stop_after; /* 0: take them all */
} Toks;

/* TokenFn: stores the token (a string's value in a static buffer); stops
 * after stop_after tokens when set. */
static char last_string[64];
static bool collect(void *data, const Token *t)
{
    Toks *ts = data;
    assert_true((t->kind == TOK_STRING) == (t->value != NULL));
    if (t->value) snprintf(last_string, sizeof last_string, "%s", t->value);
    if (ts->n < MAX_TOKS) ts->t[ts->n] = *t;
    ts->n++;
    return ts->stop_after == 0 || ts->n < ts->stop_after;
}

/* Scans text into a Toks. */
static Toks scan(const char *text)
{
    Toks ts = {.n = 0};
    size_t n = lex_tokens(text, strlen(text), collect, &ts);
    assert_int_equal(n, ts.n);
    return ts;
}

/* Token i must have kind k and span [start, end). */
static void assert_tok(const Toks *ts, size_t i, TokKind k, uint32_t start, uint32_t end)
{
    if (i >= ts->n || ts->t[i].kind != k || ts->t[i].start != start || ts->t[i].end != end) {
        if (i < ts->n)
            print_error("token %zu: kind %d [%u,%u), expected kind %d [%u,%u)\n", i, (int)ts->t[i].kind,
                        ts->t[i].start, ts->t[i].end, (int)k, start, end);
        else print_error("token %zu missing (%zu tokens)\n", i, ts->n);
        fail();
    }
}

/* The status of a C string. */
static LexStatus status(const char *text) { return lex_status(text, strlen(text)); }

static void kinds_and_spans(void **state)
{
    (void)state;
    Toks ts = scan("let x = 1.4 TB/s\n");
    assert_int_equal(ts.n, 5);
    assert_tok(&ts, 0, TOK_KEYWORD, 0, 3);
    assert_tok(&ts, 1, TOK_NAME, 4, 5);
    assert_tok(&ts, 2, TOK_PUNCT, 6, 7);
    assert_tok(&ts, 3, TOK_NUMBER, 8, 16); /* the unit belongs to the number */
    assert_tok(&ts, 4, TOK_END, 16, 17);   /* the newline ends the statement */
}

static void strings_dates_and_two_char_operators(void **state)
{
    (void)state;
    Toks ts = scan("\"a\\\"b\" 2024-10-17 <= 2025Q1 != x; y");
    assert_int_equal(ts.n, 9);
    assert_tok(&ts, 0, TOK_STRING, 0, 6);
    assert_tok(&ts, 1, TOK_DATE, 7, 17);
    assert_tok(&ts, 2, TOK_PUNCT, 18, 20);
    assert_tok(&ts, 3, TOK_DATE, 21, 27);
    assert_tok(&ts, 4, TOK_PUNCT, 28, 30);
    assert_tok(&ts, 5, TOK_NAME, 31, 32);
    assert_tok(&ts, 6, TOK_END, 32, 33); /* ';' */
    assert_tok(&ts, 7, TOK_NAME, 34, 35);
    assert_tok(&ts, 8, TOK_END, 35, 35); /* the end of the text ends the statement */
}

static void string_value_is_the_scanners(void **state)
{
    (void)state;
    Toks ts = scan("import \"a\\\"b.pol\"");
    assert_tok(&ts, 1, TOK_STRING, 7, 17);
    assert_string_equal(last_string, "a\"b.pol"); /* escapes undone */
}

/* The case the REPL's own scanner got wrong: 'chip' after '.' ends a line. */
static void keyword_attribute_ends_line(void **state)
{
    (void)state;
    Toks ts = scan("NVL72.chip\nprint x");
    assert_int_equal(ts.n, 7);
    assert_tok(&ts, 0, TOK_NAME, 0, 5);
    assert_tok(&ts, 1, TOK_PUNCT, 5, 6);
    assert_tok(&ts, 2, TOK_KEYWORD, 6, 10);
    assert_tok(&ts, 3, TOK_END, 10, 11);
    assert_tok(&ts, 4, TOK_KEYWORD, 11, 16);
    assert_tok(&ts, 5, TOK_NAME, 17, 18);
    assert_tok(&ts, 6, TOK_END, 18, 18);
}

static void newlines_that_do_not_end(void **state)
{
    (void)state;
    Toks ts = scan("max(1,\n2)\n"); /* inside parentheses, and after ',' */
    assert_int_equal(ts.n, 7);
    assert_tok(&ts, 0, TOK_NAME, 0, 3);
    assert_tok(&ts, 3, TOK_PUNCT, 5, 6);
    assert_tok(&ts, 4, TOK_NUMBER, 7, 8);
    assert_tok(&ts, 5, TOK_PUNCT, 8, 9);
    assert_tok(&ts, 6, TOK_END, 9, 10);
    ts = scan("1 +\n# a comment\n\n2");
    assert_int_equal(ts.n, 4);
    assert_tok(&ts, 2, TOK_NUMBER, 17, 18);
    assert_tok(&ts, 3, TOK_END, 18, 18);
}

static void errors_are_tokens(void **state)
{
    (void)state;
    Toks ts = scan("print \"abc\nx @");
    assert_tok(&ts, 0, TOK_KEYWORD, 0, 5);
    assert_tok(&ts, 1, TOK_OPEN_STRING, 6, 10);
    assert_tok(&ts, 2, TOK_END, 10, 11);
    assert_tok(&ts, 3, TOK_NAME, 11, 12);
    assert_tok(&ts, 4, TOK_ERROR, 13, 14);
    /* more errors than a parse reports (it stops at 20): every one is a token */
    char many[200] = "";
    for (int i = 0; i < 30; i++) strcat(many, "@ ");
    ts = scan(many);
    assert_int_equal(ts.n, 31); /* 30 errors and the end */
}

static void callback_can_stop(void **state)
{
    (void)state;
    Toks ts = {.stop_after = 2};
    assert_int_equal(lex_tokens("a b c d", 7, collect, &ts), 2);
    assert_int_equal(ts.n, 2);
}

static void status_complete(void **state)
{
    (void)state;
    assert_int_equal(status(""), LEX_COMPLETE);
    assert_int_equal(status("  # only a comment\n\n"), LEX_COMPLETE);
    assert_int_equal(status("let x = 1"), LEX_COMPLETE);
    assert_int_equal(status("let x = 1\n"), LEX_COMPLETE);
    assert_int_equal(status("1; 2;"), LEX_COMPLETE);
    assert_int_equal(status("print \"a { (\""), LEX_COMPLETE); /* brackets in a string */
    assert_int_equal(status("define chip X {\n  vendor: nvidia\n}\n"), LEX_COMPLETE);
    assert_int_equal(status("scenario s {\n  let x = NVL72.chip\n  print x\n}\n"), LEX_COMPLETE);
    assert_int_equal(status("max(1,\n5)\n"), LEX_COMPLETE);
    assert_int_equal(status("assert"), LEX_COMPLETE); /* the parser says what is missing */
}

static void status_more(void **state)
{
    (void)state;
    assert_int_equal(status("let x = 1 +"), LEX_MORE);
    assert_int_equal(status("let x = 1 +\n"), LEX_MORE);
    assert_int_equal(status("x =="), LEX_MORE);
    assert_int_equal(status("a and\n"), LEX_MORE);
    assert_int_equal(status("compare A, B on"), LEX_MORE);
    assert_int_equal(status("define chip X {"), LEX_MORE);
    assert_int_equal(status("define chip X {\n  vendor: nvidia\n"), LEX_MORE);
    assert_int_equal(status("scenario s {\n  let x = NVL72.chip\n  print x\n"), LEX_MORE);
    assert_int_equal(status("scenario s {\n  define chip Y {\n  }\n"), LEX_MORE); /* one '{' still open */
    assert_int_equal(status("print max(1,\n"), LEX_MORE);
    assert_int_equal(status("print (1 + 2"), LEX_MORE);
    assert_int_equal(status("print (1 + 2\n"), LEX_MORE);
}

static void status_bad(void **state)
{
    (void)state;
    assert_int_equal(status("print \"abc"), LEX_BAD);    /* strings end on their line */
    assert_int_equal(status("print \"abc\n"), LEX_BAD);
    assert_int_equal(status("define chip X {\n  name: \"x\n"), LEX_BAD); /* even with '{' open */
    assert_int_equal(status("let \xc3\xa9 = 1"), LEX_BAD);
    assert_int_equal(status("let y = 3 TFLOPZ"), LEX_BAD); /* unknown unit */
    assert_int_equal(status("print (1 +\nlet z = 2"), LEX_BAD); /* a statement inside '(' */
    assert_int_equal(status("2024-02-30"), LEX_BAD);
}

#define T(name) cmocka_unit_test(name)
int main(void)
{
    const struct CMUnitTest tests[] = {
        T(kinds_and_spans),
        T(strings_dates_and_two_char_operators),
        T(string_value_is_the_scanners),
        T(keyword_attribute_ends_line),
        T(newlines_that_do_not_end),
        T(errors_are_tokens),
        T(callback_can_stop),
        T(status_complete),
        T(status_more),
        T(status_bad),
    };
    return cmocka_run_group_tests_name("tokens", tests, NULL, NULL);
}
