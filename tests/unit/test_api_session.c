/* test_api_session.c: the part of libpolsim (include/polsim.h, API version
 * 2) the command line, the REPL and the language server are built on:
 * check and test sessions, partial input and a shared step budget, the
 * general run (text against a folder, a file, standard input), reset,
 * places of records, the session's sources and files, names and lookups,
 * the language's functions and fields, completion, the policies in force,
 * the notes behind a definition and the HTML page. */
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
#include <unistd.h>

static polsim_session *open_with(polsim_options *o)
{
    char err[256] = "";
    polsim_session *s = polsim_open(o, err, sizeof err);
    if (!s) fail_msg("polsim_open: %s", err);
    return s;
}

static polsim_session *open_mode(polsim_mode mode)
{
    polsim_options o;
    polsim_options_init(&o);
    o.mode = mode;
    return open_with(&o);
}

static const polsim_result *run(polsim_session *s, const char *text) { return polsim_run(s, "t.pol", text, (size_t)-1); }

/* A check session resolves names and units but prints nothing and runs no assert. */
static void check_mode(void **state)
{
    (void)state;
    polsim_session *s = open_mode(POLSIM_MODE_CHECK);
    const polsim_result *r = run(s, "print H20.tpp\nassert 1 > 2\n");
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    assert_int_equal(polsim_result_count(r), 0);
    assert_int_equal(polsim_result_asserts_failed(r), 0);
    r = run(s, "print 1 W + 1 s\n");
    assert_int_equal(polsim_result_status(r), POLSIM_ERROR);
    assert_non_null(polsim_result_error(r));
    /* POLSIM_RUN_SHOW makes records even here (a hover) */
    r = polsim_run_ex(s, "<hover>", "show H20\n", (size_t)-1, NULL, POLSIM_RUN_SHOW);
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    assert_int_equal(polsim_result_count(r), 1);
    assert_non_null(strstr(polsim_result_render(r, POLSIM_TEXT, NULL), "H20"));
    r = run(s, "print 2\n"); /* and only that run */
    assert_int_equal(polsim_result_count(r), 0);
    polsim_close(s);
}

/* A test session counts asserts and prints nothing else. */
static void test_mode(void **state)
{
    (void)state;
    polsim_session *s = open_mode(POLSIM_MODE_TEST);
    const polsim_result *r = run(s, "print 1\nassert 1 < 2\nassert 3 < 2 \"no\"\n");
    assert_int_equal(polsim_result_status(r), POLSIM_ASSERT_FAILED);
    assert_int_equal(polsim_result_asserts_passed(r), 1);
    assert_int_equal(polsim_result_asserts_failed(r), 1);
    assert_int_equal(polsim_result_count(r), 0);
    polsim_close(s);
}

/* Partial input asks for more and runs nothing; definitions persist across inputs. */
static void partial_input(void **state)
{
    (void)state;
    polsim_session *s = open_mode(POLSIM_MODE_RUN);
    const polsim_result *r = polsim_run_ex(s, "<repl>", "let x = (1 +\n", (size_t)-1, NULL, POLSIM_RUN_PARTIAL);
    assert_int_equal(polsim_result_status(r), POLSIM_INCOMPLETE);
    assert_int_equal(polsim_result_count(r), 0);
    r = polsim_run_ex(s, "<repl>", "let x = (1 +\n 2)\n", (size_t)-1, NULL, POLSIM_RUN_PARTIAL);
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    r = polsim_run_ex(s, "<repl>", "x * 2\n", (size_t)-1, NULL, POLSIM_RUN_PARTIAL);
    assert_string_equal(polsim_result_render(r, POLSIM_TEXT, NULL), "6\n");
    /* without the flag, the early end is an error */
    r = polsim_run_ex(s, "<repl>", "let y = (1 +\n", (size_t)-1, NULL, 0);
    assert_int_equal(polsim_result_status(r), POLSIM_ERROR);
    polsim_close(s);
}

/* POLSIM_RUN_SHARED_BUDGET goes on with the steps the last runs left. */
static void shared_budget(void **state)
{
    (void)state;
    polsim_options o;
    polsim_options_init(&o);
    o.stdlib = 0;
    o.max_steps = 30;
    polsim_session *s = open_with(&o);
    const char *work = "let a = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1\n";
    int stopped = 0;
    for (int i = 0; i < 10 && !stopped; i++)
        stopped = polsim_result_status(polsim_run_ex(s, NULL, work, (size_t)-1, NULL, POLSIM_RUN_SHARED_BUDGET))
                  == POLSIM_ERROR;
    assert_true(stopped); /* one budget for them all */
    for (int i = 0; i < 10; i++) /* a fresh budget each */
        assert_int_equal(polsim_result_status(polsim_run_ex(s, NULL, work, (size_t)-1, NULL, 0)), POLSIM_OK);
    polsim_close(s);
}

/* Text against a folder, a file with its folder, standard input; places and sources. */
static void runs_and_places(void **state)
{
    (void)state;
    char dir[] = "/tmp/polsim_api_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], inc[256];
    snprintf(path, sizeof path, "%s/main.pol", dir);
    snprintf(inc, sizeof inc, "%s/inc.pol", dir);
    FILE *f = fopen(inc, "w");
    fputs("let from_inc = 5 W\n", f);
    fclose(f);
    f = fopen(path, "w");
    fputs("import \"inc.pol\"\nprint from_inc\n", f);
    fclose(f);
    polsim_session *s = open_mode(POLSIM_MODE_RUN);
    size_t before = polsim_source_count(s);
    assert_true(before > 0); /* the stdlib */
    polsim_source_info src;
    assert_int_equal(polsim_source(s, 0, &src), 1);
    assert_int_equal(src.embedded, 1);
    /* text whose imports resolve against dir */
    const polsim_result *r = polsim_run_ex(s, "doc.pol", "import \"inc.pol\"\nprint nope\n", (size_t)-1, dir, 0);
    assert_int_equal(polsim_result_status(r), POLSIM_ERROR);
    const polsim_record *e = polsim_result_error(r);
    polsim_place pl;
    assert_int_equal(polsim_record_place(e, &pl), 1);
    assert_int_equal(pl.source, (int)before); /* the text itself */
    assert_string_equal(pl.file, "doc.pol");
    assert_int_equal(pl.line, 2);
    assert_int_equal(pl.column, 7);
    assert_int_equal(pl.end - pl.start, 4);
    assert_int_equal(polsim_source(s, before, &src), 1);
    assert_memory_equal(src.text + pl.start, "nope", 4);
    assert_int_equal(src.embedded, 0);
    assert_int_equal(polsim_source(s, polsim_source_count(s), &src), 0);
    /* the import was read and is among the files */
    bool seen = false;
    const char *file;
    for (size_t i = 0; (file = polsim_file(s, i)); i++) seen |= strstr(file, "inc.pol") != NULL;
    assert_true(seen);
    /* a file: its imports reach its own folder */
    polsim_close(s);
    s = open_mode(POLSIM_MODE_RUN);
    r = polsim_run_ex(s, path, NULL, 0, NULL, 0);
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    assert_string_equal(polsim_result_render(r, POLSIM_TEXT, NULL), "5 W\n");
    /* standard input */
    f = freopen(path, "r", stdin);
    assert_non_null(f);
    r = polsim_run_ex(s, "-", NULL, 0, dir, 0);
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    assert_string_equal(polsim_result_render(r, POLSIM_TEXT, NULL), "5 W\n");
    assert_int_equal(polsim_record_place(polsim_result_record(r, 0), &pl), 1);
    assert_string_equal(pl.file, "<stdin>");
    /* a file that is not there */
    r = polsim_run_ex(s, "/nonexistent/x.pol", NULL, 0, NULL, 0);
    assert_int_equal(polsim_result_status(r), POLSIM_NOINPUT);
    polsim_close(s);
    unlink(path);
    unlink(inc);
    rmdir(dir);
}

/* A stdlib folder that cannot be read is NOINPUT; reset gives a fresh world. */
static void open_status_and_reset(void **state)
{
    (void)state;
    polsim_options o;
    polsim_options_init(&o);
    o.stdlib_dir = "/nonexistent/stdlib";
    polsim_status st = POLSIM_OK;
    char err[256] = "";
    assert_null(polsim_open_ex(&o, &st, err, sizeof err));
    assert_int_equal(st, POLSIM_NOINPUT);
    assert_non_null(strstr(err, "stdlib"));
    polsim_session *s = open_mode(POLSIM_MODE_RUN);
    size_t names = polsim_name_count(s);
    assert_int_equal(polsim_result_status(run(s, "let mine = 2\n")), POLSIM_OK);
    assert_int_equal(polsim_name_count(s), names + 1);
    assert_int_equal(polsim_reset(s), POLSIM_OK);
    assert_int_equal(polsim_name_count(s), names);
    polsim_info info;
    assert_int_equal(polsim_lookup(s, "mine", NULL, &info), 0);
    assert_int_equal(info.kind, POLSIM_UNBOUND);
    polsim_close(s);
}

/* Names in scope, what each is, where it is defined. */
static void names_and_lookup(void **state)
{
    (void)state;
    polsim_session *s = open_mode(POLSIM_MODE_RUN);
    run(s, "let bw = 4 TB/s \"a note\"\ndefine chip Z1 \"Zed One\" {\n  vendor: nvidia\n  fp16: 400 TFLOPS\n}\n");
    size_t n = polsim_name_count(s);
    assert_string_equal(polsim_name(s, n - 1), "Z1");
    assert_string_equal(polsim_name(s, n - 2), "bw");
    assert_null(polsim_name(s, n));
    polsim_info info;
    assert_int_equal(polsim_lookup(s, "bw", NULL, &info), 1);
    assert_int_equal(info.kind, POLSIM_LET);
    assert_string_equal(info.value, "4 TB/s");
    assert_string_equal(info.note, "a note");
    assert_string_equal(info.place.file, "t.pol");
    assert_int_equal(info.place.line, 1);
    assert_int_equal(polsim_lookup(s, "Z1", NULL, &info), 1);
    assert_int_equal(info.kind, POLSIM_CHIP);
    assert_string_equal(polsim_kind_name(info.kind), "chip");
    assert_string_equal(info.title, "Zed One");
    assert_null(info.value);
    assert_int_equal(polsim_lookup(s, "Z1", "fp16", &info), 1);
    assert_int_equal(info.place.line, 4);
    assert_int_equal(info.place.column, 3);
    assert_int_equal(polsim_lookup(s, "H20", NULL, &info), 1);
    assert_int_equal(info.kind, POLSIM_CHIP);
    assert_true(info.place.source >= 0); /* in the stdlib */
    assert_int_equal(polsim_lookup(s, "ratio", NULL, &info), 1);
    assert_int_equal(info.kind, POLSIM_FUNCTION);
    assert_non_null(info.usage);
    assert_int_equal(info.place.source, -1);
    assert_int_equal(polsim_lookup(s, "no_such_name", NULL, &info), 0);
    assert_int_equal(polsim_lookup(s, "bw", "fp16", &info), 0); /* a let has no fields */
    assert_string_equal(polsim_titled(s, "zed one"), "Z1");
    assert_null(polsim_titled(s, "nothing titled so"));
    polsim_close(s);
}

/* The language: functions, fields, derived attributes. */
static void language_tables(void **state)
{
    (void)state;
    const char *name, *usage, *help;
    size_t nf = 0;
    bool ratio = false;
    for (; polsim_function(nf, &name, &usage, &help); nf++) ratio |= strcmp(name, "ratio") == 0;
    assert_true(nf > 5 && ratio);
    int required = -1;
    bool fp16 = false;
    size_t i = 0;
    for (; polsim_field(POLSIM_CHIP, i, &name, &help, &required); i++) fp16 |= strcmp(name, "fp16") == 0;
    assert_true(fp16);
    assert_int_equal(polsim_field(POLSIM_CHIP, i, &name, &help, &required), 0);
    assert_int_equal(polsim_field(POLSIM_LET, 0, &name, &help, &required), 0);
    bool tpp = false;
    const char *d;
    for (i = 0; (d = polsim_derived(POLSIM_CHIP, i)); i++) tpp |= strcmp(d, "tpp") == 0;
    assert_true(tpp);
    assert_null(polsim_derived(POLSIM_FUNCTION, 0));
    assert_non_null(polsim_doc("sources.md"));
    assert_null(polsim_doc("nothing.md"));
}

typedef struct Words {
    char buf[8192];
    const char *suffix;
} Words;

static void take_word(void *data, const char *word, const char *suffix)
{
    Words *w = data;
    size_t n = strlen(w->buf);
    snprintf(w->buf + n, sizeof w->buf - n, " %s", word);
    w->suffix = suffix;
}

static bool has_word(const Words *w, const char *word)
{
    char pat[128];
    snprintf(pat, sizeof pat, " %s ", word);
    char padded[8300];
    snprintf(padded, sizeof padded, "%s ", w->buf);
    return strstr(padded, pat) != NULL;
}

/* Completion: names of the right kind, fields with their colon, an import's path. */
static void completion(void **state)
{
    (void)state;
    polsim_session *s = open_mode(POLSIM_MODE_RUN);
    run(s, "define rule mine { controlled: chip.tpp >= 1 }\n");
    Words w = {"", NULL};
    assert_int_equal(polsim_complete(s, "classify H20 under ", (size_t)-1, "", take_word, &w), 0);
    assert_true(has_word(&w, "mine"));
    assert_false(has_word(&w, "H20"));
    Words f = {"", NULL};
    polsim_complete(s, "define chip Q {\n  ", (size_t)-1, "fp", take_word, &f);
    assert_true(has_word(&f, "fp16"));
    assert_string_equal(f.suffix, ":");
    Words a = {"", NULL};
    polsim_complete(s, "print H20.", (size_t)-1, NULL, take_word, &a);
    assert_true(has_word(&a, "tpp"));
    Words p = {"", NULL};
    assert_int_equal(polsim_complete(s, "import \"ex", (size_t)-1, "ex", take_word, &p), 1);
    assert_string_equal(p.buf, "");
    polsim_close(s);
}

typedef struct Seen {
    int n;
    char last[512], where[512];
} Seen;

static void take_policy(void *data, const char *text, size_t len, const char *subject, const char *where)
{
    (void)subject;
    Seen *s = data;
    s->n++;
    snprintf(s->last, sizeof s->last, "%.*s", text ? (int)len : 0, text ? text : "");
    snprintf(s->where, sizeof s->where, "%s", where);
}

static void policies(void **state)
{
    (void)state;
    polsim_options o;
    polsim_options_init(&o);
    o.history = 0;
    polsim_session *s = open_with(&o);
    Seen seen = {0};
    assert_int_equal(polsim_policies(s, take_policy, &seen), 0);
    run(s, "ban chip H20 in CN\n");
    assert_int_equal(polsim_policies(s, take_policy, &seen), 1);
    assert_string_equal(seen.last, "ban chip H20 in CN");
    assert_string_equal(seen.where, "t.pol:1");
    polsim_close(s);
}

typedef struct Notes {
    int defs, notes;
    char first[64];
} Notes;

static void take_note(void *data, polsim_kind kind, const char *name, const char *title, const char *field,
                      const char *text)
{
    (void)kind, (void)title, (void)text;
    Notes *n = data;
    if (!field && !n->defs++) snprintf(n->first, sizeof n->first, "%s", name);
    if (field) n->notes++;
}

static void notes_and_page(void **state)
{
    (void)state;
    polsim_session *s = open_mode(POLSIM_MODE_RUN);
    run(s, "define cluster K { chip: H100 \"[x] a note\"; count: 8 }\nlet v = 1\n");
    Notes n = {0};
    assert_int_equal(polsim_notes(s, "K", take_note, &n), 1);
    assert_string_equal(n.first, "K");
    assert_int_equal(n.defs, 2); /* the cluster and its chip */
    assert_true(n.notes >= 1);
    assert_int_equal(polsim_notes(s, "v", take_note, &n), 0);
    const polsim_result *r = run(s, "print H20.tpp\n");
    size_t len;
    const char *json = polsim_result_render(r, POLSIM_JSON, &len);
    char *page = NULL;
    size_t plen = 0;
    FILE *out = open_memstream(&page, &plen);
    char err[256];
    assert_int_equal(polsim_html(s, "a title", json, len, out, err, sizeof err), 0);
    fclose(out);
    assert_non_null(strstr(page, "a title"));
    assert_non_null(strstr(page, "H20.tpp"));
    free(page);
    polsim_close(s);
}

/* Streaming under a shard after the first: no CSV header (the first shard writes it). */
static void shard_output(void **state)
{
    (void)state;
    polsim_options o;
    polsim_options_init(&o);
    o.shard_k = 2;
    o.shard_n = 2;
    polsim_session *s = open_with(&o);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    polsim_set_output(s, POLSIM_CSV, out);
    const polsim_result *r = polsim_run(s, "t.pol", "sweep b from 1 to 4 step 1 {\n  print b\n}\nprint 7\n", (size_t)-1);
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    fclose(out);
    assert_string_equal(buf, "main,print t.pol:2,,b,,3,1,,\nmain,print t.pol:2,,b,,4,1,,\n"); /* no header, no print 7 */
    free(buf);
    polsim_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(check_mode),        cmocka_unit_test(test_mode),
        cmocka_unit_test(partial_input),     cmocka_unit_test(shared_budget),
        cmocka_unit_test(runs_and_places),   cmocka_unit_test(open_status_and_reset),
        cmocka_unit_test(names_and_lookup),  cmocka_unit_test(language_tables),
        cmocka_unit_test(completion),        cmocka_unit_test(policies),
        cmocka_unit_test(notes_and_page),    cmocka_unit_test(shard_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
