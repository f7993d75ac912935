/* test_lexer.c: the scanner (grammar/lexer.l) seen through parse_source:
 * numbers with units, money, percentages, dates, strings, newline rules,
 * lexical and syntax errors with their locations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "intern.h"
#include "parse.h"
#include "source.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_MSGS = 64 };

typedef struct Fx {
    SourceSet set;
    Arena arena;
    Intern names;
    Diag diag;
    Source *src;
    ParseResult r;
    char *msgs[MAX_MSGS];
    int nmsgs;
} Fx;

static void capture(void *data, const char *text)
{
    Fx *fx = data;
    if (fx->nmsgs < MAX_MSGS) fx->msgs[fx->nmsgs] = strdup(text);
    fx->nmsgs++;
}

static int setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    if (!fx) return -1;
    sourceset_init(&fx->set);
    arena_init(&fx->arena);
    intern_init(&fx->names, &fx->arena);
    diag_init(&fx->diag, stderr);
    fx->diag.callback = capture;
    fx->diag.callback_data = fx;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fx *fx = *state;
    for (int i = 0; i < fx->nmsgs && i < MAX_MSGS; i++) free(fx->msgs[i]);
    intern_free(&fx->names);
    arena_free(&fx->arena);
    sourceset_free(&fx->set);
    free(fx);
    return 0;
}

/* Parses text as "t.pol"; the result is also kept in fx->r. */
static Stmt *parse(Fx *fx, const char *text, bool quiet_eof)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    memcpy(copy, text, len + 1);
    fx->src = sourceset_add(&fx->set, "t.pol", copy, len, NULL, false);
    fx->r = parse_source(fx->src, &fx->arena, &fx->names, &fx->diag, quiet_eof);
    return fx->r.stmts;
}

static void dump_msgs(const Fx *fx)
{
    for (int i = 0; i < fx->nmsgs && i < MAX_MSGS; i++) print_error("message %d: %s", i, fx->msgs[i]);
}

/* Parse must succeed with no messages. */
static Stmt *parse_ok(Fx *fx, const char *text)
{
    Stmt *s = parse(fx, text, false);
    if (!fx->r.ok || fx->nmsgs != 0) {
        print_error("parse of <<%s>> failed (ok=%d, %d messages)\n", text, fx->r.ok, fx->nmsgs);
        dump_msgs(fx);
        fail();
    }
    return s;
}

static int count_stmts(const Stmt *s)
{
    int n = 0;
    for (; s; s = s->next) n++;
    return n;
}

/* The value of the single statement `let v = <expr>`. */
static Expr *let_value(Fx *fx, const char *expr_text)
{
    char buf[256];
    snprintf(buf, sizeof buf, "let v = %s", expr_text);
    Stmt *s = parse_ok(fx, buf);
    assert_non_null(s);
    assert_int_equal(count_stmts(s), 1);
    assert_int_equal(s->kind, S_LET);
    assert_non_null(s->u.let.value);
    return s->u.let.value;
}

#include "assert_close.h"

static void assert_dim(Dim got, Dim want)
{
    if (!dim_eq(got, want)) {
        print_error("dimension {%d,%d,%d,%d,%d,%d}, expected {%d,%d,%d,%d,%d,%d}\n", got.e[0], got.e[1], got.e[2],
                    got.e[3], got.e[4], got.e[5], want.e[0], want.e[1], want.e[2], want.e[3], want.e[4], want.e[5]);
        fail();
    }
}

/* A number literal: value (base units) and dimension. */
static void assert_number(const Expr *e, double v, Dim d)
{
    assert_non_null(e);
    assert_int_equal(e->kind, E_NUMBER);
    assert_close(e->u.num.v, v);
    assert_dim(e->u.num.dim, d);
}

static void assert_loc(Loc l, uint32_t start, uint32_t end)
{
    if (l.start != start || l.end != end) {
        print_error("location %u..%u, expected %u..%u\n", l.start, l.end, start, end);
        fail();
    }
}

static void assert_prefix(const char *s, const char *prefix)
{
    if (strncmp(s, prefix, strlen(prefix)) != 0) {
        print_error("<<%s>> does not start with <<%s>>\n", s, prefix);
        fail();
    }
}

static void assert_contains(const char *s, const char *part)
{
    if (!strstr(s, part)) {
        print_error("<<%s>> does not contain <<%s>>\n", s, part);
        fail();
    }
}

static void assert_nmsgs(const Fx *fx, int n)
{
    if (fx->nmsgs != n) {
        print_error("%d messages, expected %d\n", fx->nmsgs, n);
        dump_msgs(fx);
        fail();
    }
}

/* Forgets the messages captured so far (for a second parse in one test). */
static void forget_msgs(Fx *fx)
{
    for (int i = 0; i < fx->nmsgs && i < MAX_MSGS; i++) free(fx->msgs[i]);
    fx->nmsgs = 0;
}

/* ---- numbers and units ---- */

static void let_data_rate(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "let x = 1.4 TB/s");
    assert_int_equal(count_stmts(s), 1);
    assert_int_equal(s->kind, S_LET);
    assert_ptr_equal(s->u.let.name.id, intern_cstr(&fx->names, "x"));
    assert_loc(s->u.let.name.loc, 4, 5);
    assert_loc(s->loc, 0, 16);
    assert_ptr_equal(s->loc.src, fx->src);
    assert_number(s->u.let.value, 1.4e12, DIM_RATE);
    assert_loc(s->u.let.value->loc, 8, 16); /* the unit belongs to the literal */
    assert_false(s->u.let.value->u.num.percent);
}

static void attached_units_and_suffixes(void **state)
{
    Fx *fx = *state;
    assert_number(let_value(fx, "12MB"), 12e6, DIM_DATA); /* megabytes, not a million bytes */
    assert_number(let_value(fx, "12kW"), 12e3, DIM_POWER);
    assert_number(let_value(fx, "12M"), 12e6, DIM_NONE);
    assert_number(let_value(fx, "80 GB"), 80e9, DIM_DATA);
    assert_number(let_value(fx, "300 PFLOPS"), 300e15, DIM_COMPUTE);
    assert_number(let_value(fx, "4 yr"), 4 * 365 * 86400.0, DIM_TIME_);
    assert_number(let_value(fx, "814 mm2"), 814e-6, DIM_AREA);
}

static void count_suffix_k_units(void **state)
{
    Fx *fx = *state;
    Expr *e = let_value(fx, "300k units");
    assert_number(e, 300000, DIM_NONE);
    assert_loc(e->loc, 8, 18);
    assert_number(let_value(fx, "2.5M chips"), 2.5e6, DIM_NONE);
}

static void digit_separators_and_exponents(void **state)
{
    Fx *fx = *state;
    assert_number(let_value(fx, "12_000"), 12000, DIM_NONE);
    assert_number(let_value(fx, "1_000_000.5"), 1000000.5, DIM_NONE);
    assert_number(let_value(fx, "3e6"), 3e6, DIM_NONE);
    assert_number(let_value(fx, "2.5e-3"), 2.5e-3, DIM_NONE);
    assert_number(let_value(fx, "1E+2 W"), 100, DIM_POWER);
}

static void percent_literal(void **state)
{
    Fx *fx = *state;
    Expr *e = let_value(fx, "15%");
    assert_number(e, 0.15, DIM_NONE);
    assert_true(e->u.num.percent);
    assert_loc(e->loc, 8, 11);
    Expr *p = let_value(fx, "15");
    assert_number(p, 15, DIM_NONE);
    assert_false(p->u.num.percent);
}

static void money_literals(void **state)
{
    Fx *fx = *state;
    Expr *e = let_value(fx, "$8.2M");
    assert_number(e, 8.2e6, DIM_MONEY_);
    assert_loc(e->loc, 8, 13);
    assert_number(let_value(fx, "$12k"), 12e3, DIM_MONEY_);
    assert_number(let_value(fx, "$4.6B"), 4.6e9, DIM_MONEY_);
    assert_number(let_value(fx, "$1.1T"), 1.1e12, DIM_MONEY_);
    assert_number(let_value(fx, "$250"), 250, DIM_MONEY_);
}

static void money_per_energy(void **state)
{
    Fx *fx = *state;
    Expr *e = let_value(fx, "$0.08/kWh");
    Dim want = {{0, 0, 0, -1, 1, 0}}; /* USD per joule */
    assert_number(e, 0.08 / 3.6e6, want);
    assert_loc(e->loc, 8, 17);
    char buf[64];
    assert_string_equal(quantity_format(e->u.num, buf, sizeof buf), "$0.08/kWh");
    Dim per_year = {{0, 0, -1, 0, 1, 0}};
    assert_number(let_value(fx, "$1.2M/yr"), 1.2e6 / (365 * 86400.0), per_year);
}

static void unit_slash_rest_rescanned(void **state)
{
    Fx *fx = *state;
    /* "W/chip" is no unit: only W belongs to 5, then '/' and `chip` follow. */
    Expr *e = let_value(fx, "5 W/chip");
    assert_int_equal(e->kind, E_BINARY);
    assert_int_equal(e->u.bin.op, OP_DIV);
    assert_number(e->u.bin.a, 5, DIM_POWER);
    assert_loc(e->u.bin.a->loc, 8, 11);
    assert_int_equal(e->u.bin.b->kind, E_SUBJECT);
    assert_loc(e->u.bin.b->loc, 12, 16);
}

static void keyword_after_number_is_not_a_unit(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "cap tpp 4800 on exports to CN");
    assert_int_equal(count_stmts(s), 1);
    assert_int_equal(s->kind, S_POLICY);
    assert_int_equal(s->u.policy.kind, P_CAP);
    assert_string_equal(s->u.policy.attr.id, "tpp");
    assert_number(s->u.policy.amount, 4800, DIM_NONE);
    assert_loc(s->u.policy.amount->loc, 8, 12); /* " on" given back */
    assert_null(s->u.policy.from.id);
    assert_ptr_equal(s->u.policy.to.id, intern_cstr(&fx->names, "CN"));
    assert_loc(s->u.policy.to.loc, 27, 29);
}

static void percent_then_keyword(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "assert a within 5% of b");
    assert_int_equal(s->kind, S_ASSERT);
    Expr *e = s->u.print.exprs;
    assert_int_equal(e->kind, E_WITHIN);
    assert_number(e->u.tern.b, 0.05, DIM_NONE);
    assert_true(e->u.tern.b->u.num.percent);
    assert_int_equal(e->u.tern.c->kind, E_NAME);
    assert_string_equal(e->u.tern.c->u.name.id, "b");
}

/* ---- dates, strings, words ---- */

static void quarter_and_day_dates(void **state)
{
    Fx *fx = *state;
    Expr *q = let_value(fx, "2026Q4");
    assert_int_equal(q->kind, E_DATE);
    assert_close(q->u.date, 20727); /* 2026-10-01 */
    assert_loc(q->loc, 8, 14);
    Expr *d = let_value(fx, "2026-01-15");
    assert_int_equal(d->kind, E_DATE);
    assert_close(d->u.date, 20468);
    Expr *leap = let_value(fx, "2024-02-29");
    assert_close(leap->u.date, 19782);
    assert_close(let_value(fx, "2024Q1")->u.date, 19723); /* 2024-01-01 */
}

static void invalid_date_reported(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "let d = 2026-02-30", false));
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:9: error: invalid date '2026-02-30'");
}

/* Regression: February has 29 days only in leap years (Gregorian rule:
 * every 4th year, but not centuries unless divisible by 400). 2025-02-29
 * and 2100-02-29 are errors, not silently March 1st; 2000-02-29 is valid. */
static void feb_29_only_in_leap_years(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "let d = 2025-02-29", false));
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:9: error: invalid date '2025-02-29'");
    forget_msgs(fx);
    assert_null(parse(fx, "let d = 2100-02-29", false));
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:9: error: invalid date '2100-02-29'");
    forget_msgs(fx);
    assert_close(let_value(fx, "2000-02-29")->u.date, 11016);
    assert_close(let_value(fx, "2025-02-28")->u.date, 20147);
}

static void string_unescaping(void **state)
{
    Fx *fx = *state;
    Expr *e = let_value(fx, "\"a \\\"q\\\"\""); /* "a \"q\"" */
    assert_int_equal(e->kind, E_STRING);
    assert_string_equal(e->u.str, "a \"q\"");
    assert_loc(e->loc, 8, 17);
    assert_string_equal(let_value(fx, "\"x\\\\y\"")->u.str, "x\\y");
    assert_string_equal(let_value(fx, "\"t\\tn\\n\"")->u.str, "t\tn\n");
    assert_string_equal(let_value(fx, "\"\"")->u.str, "");
    assert_string_equal(let_value(fx, "\"# not a comment\"")->u.str, "# not a comment");
}

static void names_keywords_and_booleans(void **state)
{
    Fx *fx = *state;
    Expr *e = let_value(fx, "true or not false");
    assert_int_equal(e->kind, E_BINARY);
    assert_int_equal(e->u.bin.op, OP_OR);
    assert_int_equal(e->u.bin.a->kind, E_BOOL);
    assert_true(e->u.bin.a->u.boolean);
    assert_int_equal(e->u.bin.b->kind, E_UNARY);
    assert_int_equal(e->u.bin.b->u.bin.op, OP_NOT);
    assert_false(e->u.bin.b->u.bin.a->u.boolean);
    Expr *n = let_value(fx, "H20_x.tpp");
    assert_int_equal(n->kind, E_ATTR);
    assert_string_equal(n->u.attr.name.id, "tpp");
    assert_string_equal(n->u.attr.target->u.name.id, "H20_x");
    assert_true(lex_is_keyword("exports", 7));
    assert_true(lex_is_keyword("export", 6));
    assert_false(lex_is_keyword("export", 5)); /* only the first 5 bytes: "expor" */
    assert_true(lex_is_keyword("in", 2));
    assert_true(lex_is_keyword("imports", 7));
    assert_true(lex_is_keyword("and", 3));    /* first in the table */
    assert_true(lex_is_keyword("within", 6)); /* last in the table */
    assert_false(lex_is_keyword("im", 2));
    assert_false(lex_is_keyword("withinx", 7));
    assert_false(lex_is_keyword("", 0));
    assert_false(lex_is_keyword("tpp", 3));
    assert_false(lex_is_keyword("Let", 3)); /* case-sensitive */
}

/* ---- newlines and separators ---- */

static void newline_after_operator_continues(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "let x = 1 +\n 2");
    assert_int_equal(count_stmts(s), 1);
    Expr *e = s->u.let.value;
    assert_int_equal(e->kind, E_BINARY);
    assert_int_equal(e->u.bin.op, OP_ADD);
    assert_number(e->u.bin.a, 1, DIM_NONE);
    assert_number(e->u.bin.b, 2, DIM_NONE);
    assert_loc(e->u.bin.b->loc, 13, 14);
    assert_loc(s->loc, 0, 14);
}

static void newline_after_comma_and_paren_continues(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "print 1,\n  2\nprint f(\n3,\n4\n)");
    assert_int_equal(count_stmts(s), 2);
    assert_int_equal(s->kind, S_PRINT);
    assert_number(s->u.print.exprs, 1, DIM_NONE);
    assert_number(s->u.print.exprs->next, 2, DIM_NONE);
    assert_null(s->u.print.exprs->next->next);
    Expr *call = s->next->u.print.exprs;
    assert_int_equal(call->kind, E_CALL);
    assert_string_equal(call->u.attr.name.id, "f");
    assert_number(call->u.attr.args, 3, DIM_NONE);
    assert_number(call->u.attr.args->next, 4, DIM_NONE); /* newline inside () ignored even after 4 */
}

static void newline_and_semicolon_separate(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "# heading\n\nlet a = 1; let b = 2\n\n  let c = 3 # trailing\n;;\n");
    assert_int_equal(count_stmts(s), 3);
    const char *want[] = {"a", "b", "c"};
    uint32_t starts[] = {11, 22, 35};
    int i = 0;
    for (Stmt *t = s; t; t = t->next, i++) {
        assert_int_equal(t->kind, S_LET);
        assert_string_equal(t->u.let.name.id, want[i]);
        assert_number(t->u.let.value, i + 1, DIM_NONE);
        assert_int_equal(t->loc.start, starts[i]);
    }
}

/* `EXPR -> UNIT`: the unit is the token's text after the arrow and blanks,
 * and unit_loc covers just the unit; a newline after it ends the statement. */
static void convert_arrow(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "1.4 TB/s ->  GB/s\nx->$/kWh\n");
    assert_int_equal(count_stmts(s), 2);
    assert_int_equal(s->kind, S_EXPR);
    assert_string_equal(s->u.print.unit, "GB/s");
    assert_int_equal(s->u.print.unit_loc.start, 13);
    assert_int_equal(s->u.print.unit_loc.end, 17);
    assert_int_equal(s->u.print.exprs->kind, E_NUMBER);
    assert_string_equal(s->next->u.print.unit, "$/kWh");
    assert_null(parse_ok(fx, "1 - 2\n")->u.print.unit); /* a minus is still a minus */
}

/* let NAME = EXPR "note", assert COND "message", explain C in M under S. */
static void notes_messages_and_under(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "let x = 5 GW \"press\"\nassert x > 1 GW \"big\"\nexplain a in b under c\nexplain a in b\n");
    assert_int_equal(s->kind, S_LET);
    assert_string_equal(s->u.let.note, "press");
    s = s->next;
    assert_int_equal(s->kind, S_ASSERT);
    assert_string_equal(s->u.print.note, "big");
    s = s->next;
    assert_int_equal(s->kind, S_EXPLAIN);
    assert_string_equal(s->u.pair.scenario.id, "c");
    assert_null(s->next->u.pair.scenario.id);
}

/* A keyword where only a name can stand is reported as a keyword. */
static void keyword_where_a_name_must_be(void **state)
{
    Fx *fx = *state;
    parse(fx, "scenario ban { }\n", false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:10: error: unexpected 'ban', expected a name ('ban' is a keyword, so it cannot be one)");
}

static void two_lines_two_statements(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "let a = 1\nprint a");
    assert_int_equal(count_stmts(s), 2);
    assert_int_equal(s->kind, S_LET);
    assert_int_equal(s->next->kind, S_PRINT);
    assert_int_equal(s->next->u.print.exprs->kind, E_NAME);
    assert_ptr_equal(s->next->u.print.exprs->u.name.id, s->u.let.name.id); /* interned */
}

static void locations_on_later_lines(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "let a = 1\n\nlet b = 22 TB\n");
    assert_int_equal(count_stmts(s), 2);
    Expr *e = s->next->u.let.value;
    assert_number(e, 22e12, DIM_DATA);
    assert_loc(e->loc, 19, 24);
    int line = 0, col = 0;
    source_position(fx->src, e->loc.start, &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 9);
    source_position(fx->src, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    source_position(fx->src, 10, &line, &col); /* the empty line 2 */
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
    size_t len = 0;
    const char *text = source_line(fx->src, e->loc.start, &len);
    assert_int_equal(len, 13);
    assert_memory_equal(text, "let b = 22 TB", 13);
}

/* ---- errors ---- */

static void unknown_unit_gib(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "print 12 GBy", false));
    assert_false(fx->r.ok);
    assert_false(fx->r.incomplete);
    assert_nmsgs(fx, 1);
    assert_int_equal(fx->diag.errors, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:10: error: unknown unit 'GBy'");
    assert_contains(fx->msgs[0], "did you mean 'GB'?");
    /* excerpt: the line, then carets under exactly "GBy" */
    assert_contains(fx->msgs[0], "\n    1 | print 12 GBy\n      |          ^~~\n");
}

static void unknown_unit_without_hint(void **state)
{
    Fx *fx = *state;
    parse(fx, "let x = 3 parsecs", false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:11: error: unknown unit 'parsecs'");
    assert_null(strstr(fx->msgs[0], "did you mean"));
}

static void unknown_money_unit(void **state)
{
    Fx *fx = *state;
    parse(fx, "let p = $5/GBy", false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:12: error: unknown unit 'GBy'");
}

static void unterminated_string(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "print \"abc", false));
    assert_false(fx->r.ok);
    assert_false(fx->r.incomplete);
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:7: error: unterminated string");
    assert_contains(fx->msgs[0], "      |       ^~~~\n");
}

static void unterminated_string_not_incomplete_when_quiet(void **state)
{
    Fx *fx = *state;
    parse(fx, "print \"abc", true);
    assert_false(fx->r.ok);
    assert_false(fx->r.incomplete); /* a string does not continue on the next line */
    assert_nmsgs(fx, 1);
}

static void unexpected_characters(void **state)
{
    Fx *fx = *state;
    parse(fx, "let a = $", false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:9: error: unexpected character '$'");
    parse(fx, "print 1 @ 2", false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 2);
    assert_prefix(fx->msgs[1], "t.pol:1:9: error: unexpected character '@'");
    assert_contains(fx->msgs[1], "      |         ^\n");
}

static void incomplete_input_is_quiet(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "define chip X {", true));
    assert_false(fx->r.ok);
    assert_true(fx->r.incomplete);
    assert_nmsgs(fx, 0);
    assert_int_equal(fx->diag.errors, 0);
    parse(fx, "let x = 1 +", true);
    assert_true(fx->r.incomplete);
    parse(fx, "print f(1,", true);
    assert_true(fx->r.incomplete);
    parse(fx, "define chip X {\n  tpp: 4800\n", true);
    assert_true(fx->r.incomplete);
    assert_nmsgs(fx, 0);
    /* and a complete statement is not incomplete */
    parse(fx, "define chip X { tpp: 4800 }", true);
    assert_true(fx->r.ok);
    assert_false(fx->r.incomplete);
}

static void early_eof_reported_when_not_quiet(void **state)
{
    Fx *fx = *state;
    parse(fx, "let a = 1\ndefine chip X {", false);
    assert_false(fx->r.ok);
    assert_false(fx->r.incomplete);
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:2:");
    assert_contains(fx->msgs[0], "error: unexpected end of input");
    assert_contains(fx->msgs[0], "'}' missing to close the '{' at line 2");
}

static void real_error_is_not_incomplete(void **state)
{
    Fx *fx = *state;
    parse(fx, "let = 1\ndefine chip X {", true);
    assert_false(fx->r.ok);
    assert_false(fx->r.incomplete);
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:5: error: unexpected '='");
}

static void several_syntax_errors_reported(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "let = 1\nlet ok = 2\nlet y 2\nlet = 3\n", false));
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 3);
    assert_prefix(fx->msgs[0], "t.pol:1:5: error: unexpected '='");
    assert_prefix(fx->msgs[1], "t.pol:3:7: error: unexpected number '2'");
    assert_prefix(fx->msgs[2], "t.pol:4:5: error: unexpected '='");
    assert_contains(fx->msgs[0], "\n    1 | let = 1\n      |     ^\n");
    assert_int_equal(fx->diag.errors, 3);
    assert_int_equal(fx->diag.syntax_errors, 3);
}

static void syntax_errors_capped(void **state)
{
    Fx *fx = *state;
    char text[1024] = "";
    for (int i = 0; i < 60; i++) strcat(text, "let = 1\n");
    parse(fx, text, false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, DIAG_MAX_SYNTAX_ERRORS + 1);
    assert_prefix(fx->msgs[DIAG_MAX_SYNTAX_ERRORS - 1], "t.pol:50:5: error: unexpected '='");
    assert_prefix(fx->msgs[DIAG_MAX_SYNTAX_ERRORS], "t.pol:51:5: error: too many errors in this file (50); stopping here");
}

/* Scanner and parser errors share the cap; the scan stops at it. */
static void mixed_errors_capped(void **state)
{
    Fx *fx = *state;
    char text[2048] = "";
    for (int i = 0; i < 40; i++) strcat(text, i % 2 ? "let = 1\n" : "let x = 1 zz\n");
    for (int i = 0; i < 20; i++) strcat(text, "let y = @\n");
    strcat(text, "define chip X {\n"); /* the end of input is not reported past the cap */
    parse(fx, text, false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, DIAG_MAX_SYNTAX_ERRORS + 1);
    assert_contains(fx->msgs[DIAG_MAX_SYNTAX_ERRORS], "error: too many errors in this file");
}

static void misspelled_statement_word(void **state)
{
    Fx *fx = *state;
    parse(fx, "pritn x\nlet y = 1\nlett z = 2\nfoo bar\nshwo \"a\"\n", false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 4);
    assert_prefix(fx->msgs[0], "t.pol:1:1: error: unknown statement 'pritn'; did you mean 'print'?");
    assert_prefix(fx->msgs[1], "t.pol:3:1: error: unknown statement 'lett'; did you mean 'let'?");
    assert_prefix(fx->msgs[2], "t.pol:4:5: error: unexpected name 'bar'"); /* nothing close: the usual message */
    assert_prefix(fx->msgs[3], "t.pol:5:1: error: unknown statement 'shwo'; did you mean 'show'?");
}

/* An unterminated string ends at the end of its line, less a trailing '{'
 * or ')': the block or call after it parses as meant, with no more errors. */
static void unterminated_string_gives_back_brace(void **state)
{
    Fx *fx = *state;
    parse(fx, "define chip H \"Nvidia H100 {\n  vendor: nv\n}\nprint f(\"a)\nprint 1\nprint \"b {\nprint \"c)\n", false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 4); /* '{' only where a block may follow, ')' only with a '(' open */
    assert_prefix(fx->msgs[0], "t.pol:1:15: error: unterminated string");
    assert_prefix(fx->msgs[1], "t.pol:4:9: error: unterminated string");
    assert_prefix(fx->msgs[2], "t.pol:6:7: error: unterminated string");
    assert_prefix(fx->msgs[3], "t.pol:7:7: error: unterminated string");
}

static void message_format(void **state)
{
    Fx *fx = *state;
    parse(fx, "let x = 1\n  let y 2\n", false);
    assert_nmsgs(fx, 1);
    /* gcc layout: file:line:col: error: text, the line, a caret */
    assert_prefix(fx->msgs[0], "t.pol:2:9: error: unexpected number '2'");
    assert_contains(fx->msgs[0], "expected '='");
    size_t n = strlen(fx->msgs[0]);
    assert_true(n > 0 && fx->msgs[0][n - 1] == '\n');
    assert_contains(fx->msgs[0], "\n    2 |   let y 2\n      |         ^\n");
}

/* Regression: the newline after a lexical error (unexpected character,
 * unknown unit, unterminated string, invalid date) must end the statement,
 * or error recovery skips the next line and its error is never reported
 * (fixed in 5174b17 by making LEX_ERROR end a statement). */
static void error_after_lexical_error_still_reported(void **state)
{
    Fx *fx = *state;
    parse(fx, "let a = @\nlet = 2\nprint 12 GBy\nlet = 4\nprint \"abc\nlet = 6\n", false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 6);
    assert_prefix(fx->msgs[0], "t.pol:1:9: error: unexpected character '@'");
    assert_prefix(fx->msgs[1], "t.pol:2:5: error: unexpected '='");
    assert_prefix(fx->msgs[2], "t.pol:3:10: error: unknown unit 'GBy'");
    assert_prefix(fx->msgs[3], "t.pol:4:5: error: unexpected '='");
    assert_prefix(fx->msgs[4], "t.pol:5:7: error: unterminated string");
    assert_prefix(fx->msgs[5], "t.pol:6:5: error: unexpected '='");
}

/* Regression: a stray token after a complete statement is reported as
 * unexpected (not "expected end of file"), and error recovery resumes at the
 * next line, so the later error is reported too. */
static void stray_token_after_statement_recovers(void **state)
{
    Fx *fx = *state;
    parse(fx, "print 1 2\nlet = 3\n", false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 2);
    assert_prefix(fx->msgs[0], "t.pol:1:9: error: unexpected number '2'");
    if (strstr(fx->msgs[0], "end of file")) {
        print_error("misleading: %s", fx->msgs[0]);
        fail();
    }
    assert_prefix(fx->msgs[1], "t.pol:2:5: error: unexpected '='");
    forget_msgs(fx);
    parse(fx, "let x = 5 6\nlet = 3\n", false);
    assert_nmsgs(fx, 2);
    assert_prefix(fx->msgs[0], "t.pol:1:11: error: unexpected number '6'");
    assert_prefix(fx->msgs[1], "t.pol:2:5: error: unexpected '='");
}

/* Regression: with quiet_eof, input that ends inside open parentheses is
 * incomplete (the REPL asks for another line), even after a token that
 * could end a statement; once the parenthesis closes it parses. */
static void eof_inside_parens_is_incomplete(void **state)
{
    Fx *fx = *state;
    parse(fx, "print (1 + 2", true);
    assert_false(fx->r.ok);
    assert_true(fx->r.incomplete);
    parse(fx, "print f(1,\n2", true);
    assert_false(fx->r.ok);
    assert_true(fx->r.incomplete);
    assert_nmsgs(fx, 0);
    assert_non_null(parse(fx, "print (1 + 2\n)", true));
    assert_true(fx->r.ok);
    assert_false(fx->r.incomplete);
    assert_nmsgs(fx, 0);
}

/* Regression: a non-ASCII character is reported once, as the whole UTF-8
 * character at its first byte, not once per byte. */
static void utf8_character_reported_once(void **state)
{
    Fx *fx = *state;
    parse(fx, "let \xc3\xa9 = 1", false);
    assert_false(fx->r.ok);
    assert_nmsgs(fx, 1);
    assert_prefix(fx->msgs[0], "t.pol:1:5: error: unexpected character '\xc3\xa9'");
}

/* Fields come out in source order (they are collected newest first), in one
 * line, over several lines, and after a field the parser recovered from. */
static void fields_keep_source_order(void **state)
{
    Fx *fx = *state;
    Stmt *s = parse_ok(fx, "define chip X { vendor: v; fp16: 1; bandwidth: 2 }\n"
                           "define chip Y {\n  price: 3\n  tdp: 4, memory: 5\n}\n");
    const char *want[2][3] = {{"vendor", "fp16", "bandwidth"}, {"price", "tdp", "memory"}};
    for (int k = 0; k < 2; k++, s = s->next) {
        const Field *f = s->u.def.fields;
        for (int i = 0; i < 3; i++, f = f->next) {
            assert_non_null(f);
            assert_string_equal(f->name.id, want[k][i]);
        }
        assert_null(f);
    }
}


/* Numbers read without strtod where that is exact (decimal_fast) must be the
 * very bits strtod gives, on both sides of every limit of the fast path:
 * 19 digits, 2^53, 10^22, leading and trailing zeros, '_' separators. */
static void check_number(Fx *fx, const char *num, const char *plain)
{
    char text[128];
    snprintf(text, sizeof text, "let x = %s\n", num);
    Stmt *st = parse(fx, text, false);
    if (!st) fail_msg("%s did not parse", num);
    double want = strtod(plain, NULL), got = st->u.let.value->u.num.v;
    if (memcmp(&want, &got, sizeof want) != 0) fail_msg("%s: read %.17g, strtod gives %.17g", num, got, want);
}

static uint64_t next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void numbers_match_strtod(void **state)
{
    Fx *fx = *state;
    uint64_t x = 88172645463325252u;
    char num[96], plain[96];
    for (int k = 0; k < 20000; k++) {
        size_t n = 0, p = 0;
        uint64_t r = next_random(&x);
        int ints = 1 + (int)(r % 21), fracs = (int)((r >> 8) % 24) - 3, exp = (int)((r >> 16) % 61) - 30;
        bool has_exp = (r >> 24) % 3 == 0, unders = (r >> 26) % 5 == 0;
        for (int i = 0; i < ints; i++) {
            uint64_t d = next_random(&x);
            char c = (char)('0' + ((d >> 33) % 7 == 0 ? 0 : d % 10));
            num[n++] = c;
            plain[p++] = c;
            if (unders && i + 1 < ints && i % 3 == 2) num[n++] = '_';
        }
        if (fracs > 0) {
            num[n++] = '.';
            plain[p++] = '.';
            for (int i = 0; i < fracs; i++) {
                uint64_t d = next_random(&x);
                char c = (char)('0' + ((d >> 35) % 3 == 0 ? 0 : d % 10));
                num[n++] = c;
                plain[p++] = c;
            }
        }
        num[n] = plain[p] = '\0';
        if (has_exp) {
            snprintf(num + n, sizeof num - n, "e%d", exp);
            snprintf(plain + p, sizeof plain - p, "e%d", exp);
        }
        check_number(fx, num, plain);
    }
    static const char *const edges[] = {"9007199254740992", "9007199254740993", "9007199254740993e-3", "1e22", "1e23",
                                        "123456789012345678e-22", "1234567890123456789", "0.1", "0.3", "4.35", "1e-22",
                                        "1e-23", "0.000000000000000000000000001", "17976931348623157e292", "5e-324",
                                        "4503599627370497.5", "1.7976931348623157e308", "2.2250738585072014e-308"};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) check_number(fx, edges[i], edges[i]);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(let_data_rate),
        T(attached_units_and_suffixes),
        T(count_suffix_k_units),
        T(digit_separators_and_exponents),
        T(percent_literal),
        T(money_literals),
        T(money_per_energy),
        T(unit_slash_rest_rescanned),
        T(keyword_after_number_is_not_a_unit),
        T(percent_then_keyword),
        T(quarter_and_day_dates),
        T(invalid_date_reported),
        T(feb_29_only_in_leap_years),
        T(string_unescaping),
        T(names_keywords_and_booleans),
        T(newline_after_operator_continues),
        T(newline_after_comma_and_paren_continues),
        T(newline_and_semicolon_separate),
        T(two_lines_two_statements),
        T(convert_arrow),
        T(notes_messages_and_under),
        T(keyword_where_a_name_must_be),
        T(locations_on_later_lines),
        T(unknown_unit_gib),
        T(unknown_unit_without_hint),
        T(unknown_money_unit),
        T(unterminated_string),
        T(unterminated_string_not_incomplete_when_quiet),
        T(unexpected_characters),
        T(incomplete_input_is_quiet),
        T(early_eof_reported_when_not_quiet),
        T(real_error_is_not_incomplete),
        T(several_syntax_errors_reported),
        T(syntax_errors_capped),
        T(mixed_errors_capped),
        T(numbers_match_strtod),
        T(misspelled_statement_word),
        T(unterminated_string_gives_back_brace),
        T(message_format),
        T(error_after_lexical_error_still_reported),
        T(stray_token_after_statement_recovers),
        T(eof_inside_parens_is_incomplete),
        T(utf8_character_reported_once),
        T(fields_keep_source_order),
    };
    return cmocka_run_group_tests_name("lexer", tests, NULL, NULL);
}
