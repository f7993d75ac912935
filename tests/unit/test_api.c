/* test_api.c: libpolsim (include/polsim.h) as a client sees it: records
 * copied out of the evaluator (they outlive the run's sweep points and
 * stay whole until the next run), their place, figures and units, errors
 * as located records, statuses, renderings equal to the command line's,
 * options (no stdlib, no history, a step budget) and sessions that share
 * nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "polsim.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static polsim_session *open_default(void)
{
    char err[256] = "";
    polsim_session *s = polsim_open(NULL, err, sizeof err);
    if (!s) fail_msg("polsim_open: %s", err);
    return s;
}

static const polsim_result *run(polsim_session *s, const char *text) { return polsim_run(s, "t.pol", text, (size_t)-1); }

static void values_with_units(void **state)
{
    (void)state;
    polsim_session *s = open_default();
    const polsim_result *r = run(s, "let x = 3\n  print H20.tpp, H20.bandwidth, \"hi\", true\n");
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    assert_int_equal(polsim_result_count(r), 1);
    const polsim_record *rec = polsim_result_record(r, 0);
    assert_null(polsim_result_record(r, 1));
    assert_int_equal(polsim_record_kind_of(rec), POLSIM_REC_VALUES);
    assert_string_equal(polsim_record_type(rec), "print");
    assert_string_equal(polsim_record_file(rec), "t.pol");
    assert_int_equal(polsim_record_line(rec), 2);
    assert_int_equal(polsim_record_column(rec), 3);
    assert_string_equal(polsim_record_scenario(rec), "main");
    assert_null(polsim_record_period(rec));
    assert_int_equal(polsim_record_count(rec), 4);
    const polsim_value *v = polsim_record_value(rec, 0);
    assert_int_equal(polsim_value_kind_of(v), POLSIM_NUMBER);
    assert_string_equal(polsim_value_metric(v), "H20.tpp");
    assert_true(polsim_value_number(v) == 2368);
    v = polsim_record_value(rec, 1);
    assert_true(polsim_value_number(v) == 4e12);
    assert_string_equal(polsim_value_unit(v), "B/s");
    assert_string_equal(polsim_value_text(v), "4 TB/s");
    v = polsim_record_value(rec, 2);
    assert_int_equal(polsim_value_kind_of(v), POLSIM_STRING);
    assert_string_equal(polsim_value_text(v), "hi");
    assert_true(isnan(polsim_value_number(v)));
    v = polsim_record_value(rec, 3);
    assert_int_equal(polsim_value_kind_of(v), POLSIM_BOOL);
    assert_int_equal(polsim_value_bool(v), 1);
    assert_null(polsim_record_value(rec, 4));
    polsim_close(s);
}

/* A sweep releases each point's memory as it goes: the copies must not. */
static void sweep_points_outlive_the_run(void **state)
{
    (void)state;
    polsim_session *s = open_default();
    const polsim_result *r = run(s, "sweep b from 1 TB/s to 40 TB/s step 1 TB/s {\n"
                                    "  cap bandwidth b on exports to CN\n"
                                    "} on CN.compute, b * 2\n");
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    assert_int_equal(polsim_result_count(r), 40);
    for (size_t i = 0; i < 40; i++) {
        const polsim_record *rec = polsim_result_record(r, i);
        assert_int_equal(polsim_record_kind_of(rec), POLSIM_REC_POINT);
        assert_string_equal(polsim_record_type(rec), "sweep");
        assert_int_equal(polsim_record_count(rec), 2);
        assert_int_equal(polsim_record_param_count(rec), 1);
        const polsim_value *p = polsim_record_param(rec, 0), *m = polsim_record_value(rec, 1);
        assert_string_equal(polsim_value_metric(p), "b");
        assert_true(fabs(polsim_value_number(p) - (double)(i + 1) * 1e12) < 1);
        assert_string_equal(polsim_value_metric(m), "b * 2");
        assert_true(fabs(polsim_value_number(m) - 2 * (double)(i + 1) * 1e12) < 1);
        assert_string_equal(polsim_value_metric(polsim_record_value(rec, 0)), "CN.compute");
        assert_string_equal(polsim_value_unit(polsim_record_value(rec, 0)), "op/s");
    }
    assert_null(polsim_record_param(polsim_result_record(r, 0), 1));
    polsim_close(s);
}

static void errors_are_located_records(void **state)
{
    (void)state;
    polsim_session *s = open_default();
    const polsim_result *r = run(s, "print 1\nprint 1 W + 2 s\nprint 3\n");
    assert_int_equal(polsim_result_status(r), POLSIM_ERROR);
    const polsim_record *e = polsim_result_error(r);
    assert_non_null(e);
    assert_int_equal(polsim_record_kind_of(e), POLSIM_REC_ERROR);
    assert_string_equal(polsim_record_type(e), "error");
    assert_string_equal(polsim_record_file(e), "t.pol");
    assert_int_equal(polsim_record_line(e), 2);
    assert_int_equal(polsim_record_column(e), 7);
    assert_non_null(strstr(polsim_record_message(e), "cannot add power"));
    assert_int_equal(polsim_record_count(e), 0);
    const char *json = polsim_record_render(e, POLSIM_JSON);
    assert_non_null(strstr(json, "\"type\":\"error\",\"file\":\"t.pol\",\"line\":2,\"column\":7"));
    assert_string_equal(polsim_record_render(e, POLSIM_CSV), "");
    /* the text stream is the command line's standard output: no error in it */
    assert_string_equal(polsim_result_render(r, POLSIM_TEXT, NULL), "1\n");
    /* a file that is not there */
    r = polsim_run_file(s, "/nonexistent/x.pol");
    assert_int_equal(polsim_result_status(r), POLSIM_NOINPUT);
    assert_non_null(polsim_result_error(r));
    /* the session goes on after an error */
    r = run(s, "print 2 * 21\n");
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    assert_null(polsim_result_error(r));
    assert_string_equal(polsim_result_render(r, POLSIM_TEXT, NULL), "42\n");
    polsim_close(s);
}

static void asserts_and_verdicts(void **state)
{
    (void)state;
    polsim_session *s = open_default();
    const polsim_result *r = run(s, "assert 1 < 2 \"one is less\"\nassert 2 < 1 \"two is not\"\nassert true\n"
                                    "explain H20 in CN\n");
    assert_int_equal(polsim_result_status(r), POLSIM_ASSERT_FAILED);
    assert_int_equal(polsim_result_asserts_passed(r), 2);
    assert_int_equal(polsim_result_asserts_failed(r), 1);
    assert_int_equal(polsim_result_count(r), 4);
    const polsim_record *a = polsim_result_record(r, 0), *b = polsim_result_record(r, 1), *c = polsim_result_record(r, 2);
    assert_int_equal(polsim_record_kind_of(a), POLSIM_REC_ASSERT);
    assert_int_equal(polsim_record_verdict(a), 1);
    assert_string_equal(polsim_record_message(a), "one is less");
    assert_int_equal(polsim_record_verdict(b), 0);
    assert_string_equal(polsim_record_message(b), "two is not");
    assert_null(polsim_record_message(c));
    const polsim_record *x = polsim_result_record(r, 3);
    assert_int_equal(polsim_record_kind_of(x), POLSIM_REC_VERDICT);
    assert_string_equal(polsim_record_type(x), "explain");
    assert_int_equal(polsim_record_verdict(x), 0); /* licence required since 2025-04-09 */
    assert_string_equal(polsim_value_subject(polsim_record_value(x, 0)), "H20");
    assert_string_equal(polsim_value_metric(polsim_record_value(x, 0)), "available in CN");
    assert_int_equal(polsim_record_verdict(polsim_result_record(run(s, "print 1"), 0)), -1);
    polsim_close(s);
}

/* A record handed out by one run is gone after the next: the result now is the new one. */
static void definitions_persist_between_runs(void **state)
{
    (void)state;
    polsim_session *s = open_default();
    assert_int_equal(polsim_result_status(run(s, "let k = 7 W")), POLSIM_OK);
    const polsim_result *r = run(s, "print k * 6");
    assert_string_equal(polsim_value_text(polsim_record_value(polsim_result_record(r, 0), 0)), "42 W");
    polsim_close(s);
}

static void sessions_share_nothing(void **state)
{
    (void)state;
    polsim_session *a = open_default(), *b = open_default();
    assert_int_equal(polsim_result_status(run(a, "let only_a = 1")), POLSIM_OK);
    assert_int_equal(polsim_result_status(run(b, "print only_a")), POLSIM_ERROR);
    const polsim_result *ra = run(a, "print only_a");
    assert_int_equal(polsim_result_status(ra), POLSIM_OK);
    /* b's run did not disturb a's result, and the other way round */
    const polsim_result *rb = run(b, "print 5");
    assert_string_equal(polsim_result_render(ra, POLSIM_TEXT, NULL), "1\n");
    assert_string_equal(polsim_result_render(rb, POLSIM_TEXT, NULL), "5\n");
    polsim_close(a);
    polsim_close(b);
}

static void options(void **state)
{
    (void)state;
    polsim_options opt;
    polsim_options_init(&opt);
    assert_int_equal(opt.stdlib, 1);
    assert_int_equal(opt.history, 1);
    opt.stdlib = 0;
    polsim_session *s = polsim_open(&opt, NULL, 0);
    assert_non_null(s);
    assert_int_equal(polsim_result_status(run(s, "print H20.tpp")), POLSIM_ERROR);
    assert_int_equal(polsim_result_status(run(s, "print 1 + 1")), POLSIM_OK);
    polsim_close(s);

    /* without the history, no rule is in force: the H20 is sold in CN */
    polsim_options_init(&opt);
    opt.history = 0;
    s = polsim_open(&opt, NULL, 0);
    const polsim_result *r = run(s, "explain H20 in CN");
    assert_int_equal(polsim_record_verdict(polsim_result_record(r, 0)), 1);
    polsim_close(s);

    /* a step budget stops a runaway run with a located error */
    polsim_options_init(&opt);
    opt.max_steps = 1000;
    s = polsim_open(&opt, NULL, 0);
    r = run(s, "sweep n from 1 to 100000 step 1 on n * 2");
    assert_int_equal(polsim_result_status(r), POLSIM_ERROR);
    assert_non_null(strstr(polsim_record_message(polsim_result_error(r)), "step limit"));
    polsim_close(s);

    /* a time limit ends with its run: 1.3 s after a run under a limit of
     * 60 s, a session without one still runs (no alarm left armed) */
    polsim_options_init(&opt);
    opt.stdlib = 0;
    opt.max_seconds = 60;
    s = polsim_open(&opt, NULL, 0);
    assert_int_equal(polsim_result_status(run(s, "print 1 + 1")), POLSIM_OK);
    polsim_close(s);
    struct timespec pause = {1, 300000000};
    while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {}
    opt.max_seconds = 0;
    s = polsim_open(&opt, NULL, 0);
    assert_int_equal(polsim_result_status(run(s, "print 1 + 1")), POLSIM_OK);
    polsim_close(s);

    /* a stdlib folder that is not there: no session, and why */
    polsim_options_init(&opt);
    opt.stdlib_dir = "/nonexistent";
    char err[256] = "";
    assert_null(polsim_open(&opt, err, sizeof err));
    assert_non_null(strstr(err, "stdlib"));
    polsim_close(NULL);
}

/* polsim check's run (POLSIM_RUN_ONCE): each statement checked as it is
 * parsed, its nodes reused; a runtime error in one is located and makes the
 * run an error, and closing the session frees every node (make sanitize's
 * leak check runs this). */
static void check_run_once(void **state)
{
    (void)state;
    polsim_options opt;
    polsim_options_init(&opt);
    opt.stdlib = 0;
    opt.mode = POLSIM_MODE_CHECK;
    polsim_session *s = polsim_open(&opt, NULL, 0);
    assert_non_null(s);
    /* the scenario's nodes are kept (it is read later), the others' reused */
    const char *text = "let a = 1\nscenario S { let z = 2 }\nlet b = a + nope\nlet c = 2\n";
    const polsim_result *r = polsim_run_ex(s, "t.pol", text, (size_t)-1, NULL, POLSIM_RUN_ONCE);
    assert_int_equal(polsim_result_status(r), POLSIM_ERROR);
    const polsim_record *e = polsim_result_error(r);
    assert_non_null(e);
    assert_non_null(strstr(polsim_record_message(e), "nope"));
    assert_int_equal(polsim_record_line(e), 3);
    polsim_close(s);
}

/* The renderings are the command line's (tests/scripts/api_c.sh compares
 * whole files); here each record's slice and the formats' shapes. */
static void renderings(void **state)
{
    (void)state;
    polsim_session *s = open_default();
    const polsim_result *r = run(s, "print H20.tpp\ncompare H20, H100 on tpp\n");
    const char *csv = polsim_result_render(r, POLSIM_CSV, NULL);
    assert_true(strncmp(csv, "scenario,statement,subject,metric,period,value,unit,text,message\n", 65) == 0);
    assert_non_null(strstr(csv, "main,print t.pol:1,,H20.tpp,,2368,1,,\n"));
    const char *rec0 = polsim_record_render(polsim_result_record(r, 0), POLSIM_JSON);
    assert_string_equal(rec0, "{\"type\":\"print\",\"file\":\"t.pol\",\"line\":1,\"scenario\":\"main\",\"values\":[{\"value\":2368.0,"
                              "\"unit\":\"1\",\"text\":\"2368\"}],\"metrics\":[\"H20.tpp\"]}\n");
    assert_string_equal(polsim_record_render(polsim_result_record(r, 0), POLSIM_TEXT), "2368\n");
    const char *rec1 = polsim_record_render(polsim_result_record(r, 1), POLSIM_TEXT);
    assert_non_null(strstr(rec1, "H20/H100"));
    size_t len;
    const char *text = polsim_result_render(r, POLSIM_TEXT, &len);
    assert_int_equal(len, strlen(text));
    assert_int_equal(strncmp(text, "2368\n", 5), 0);
    const char *html = polsim_result_render(r, POLSIM_HTML, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html, "<html"));
    assert_non_null(strstr(html, "H20"));
    assert_null(polsim_result_render(r, (polsim_format)99, NULL));
    assert_string_equal(polsim_record_render(polsim_result_record(r, 0), POLSIM_HTML), "");
    polsim_close(s);
}

/* Streaming: records go straight out, the CSV header once per session,
 * nothing but errors kept; back to keeping with a NULL stream. */
static void streaming(void **state)
{
    (void)state;
    polsim_session *s = open_default();
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_int_equal(polsim_set_output(s, POLSIM_HTML, mem), -1);
    assert_int_equal(polsim_set_output(s, POLSIM_CSV, mem), 0);
    const polsim_result *r = run(s, "sweep b from 1 TB/s to 3 TB/s step 1 TB/s on b * 2\n");
    assert_int_equal(polsim_result_status(r), POLSIM_OK);
    assert_int_equal(polsim_result_count(r), 0);
    assert_string_equal(polsim_result_render(r, POLSIM_CSV, NULL), "");
    r = run(s, "print 7\nprint nope\n");
    assert_int_equal(polsim_result_count(r), 1); /* the error, kept */
    assert_int_equal(polsim_record_kind_of(polsim_result_record(r, 0)), POLSIM_REC_ERROR);
    fclose(mem);
    assert_string_equal(buf, "scenario,statement,subject,metric,period,value,unit,text,message\n"
                             "main,sweep t.pol:1,0: b = 1 TB/s,b * 2,,2000000000000,B/s,,\n"
                             "main,sweep t.pol:1,1: b = 2 TB/s,b * 2,,4000000000000,B/s,,\n"
                             "main,sweep t.pol:1,2: b = 3 TB/s,b * 2,,6000000000000,B/s,,\n"
                             "main,print t.pol:1,,7,,7,1,,\n");
    free(buf);
    /* a simulation streamed as text is its summary alone, as on the command line */
    buf = NULL;
    mem = open_memstream(&buf, &len);
    polsim_set_output(s, POLSIM_TEXT, mem);
    run(s, "simulate 20 runs seed 1 on CN.compute\n");
    fclose(mem);
    assert_non_null(strstr(buf, "CN.compute: "));
    assert_null(strstr(buf, "point"));
    free(buf);
    assert_int_equal(polsim_set_output(s, POLSIM_TEXT, NULL), 0);
    r = run(s, "print 8");
    assert_int_equal(polsim_result_count(r), 1);
    assert_string_equal(polsim_result_render(r, POLSIM_TEXT, NULL), "8\n");
    polsim_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_with_units),
        cmocka_unit_test(sweep_points_outlive_the_run),
        cmocka_unit_test(errors_are_located_records),
        cmocka_unit_test(asserts_and_verdicts),
        cmocka_unit_test(definitions_persist_between_runs),
        cmocka_unit_test(sessions_share_nothing),
        cmocka_unit_test(options),
        cmocka_unit_test(check_run_once),
        cmocka_unit_test(renderings),
        cmocka_unit_test(streaming),
    };
    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
