/* test_diag.c: the structured diagnostic callback (Diag.on_diag in include/diag.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arena.h"
#include "diag.h"
#include <stdlib.h>
#include <string.h>

/* What on_diag received last, and how often. */
typedef struct Seen {
    int calls;
    DiagLevel level;
    Loc loc;
    char message[256];
} Seen;

static void remember(void *data, DiagLevel level, Loc loc, const char *message)
{
    Seen *s = data;
    s->calls++;
    s->level = level;
    s->loc = loc;
    snprintf(s->message, sizeof s->message, "%s", message);
}

/* A Diag whose text output would go to a closed stream: nothing may be written there. */
static void setup_diag(Diag *d, Seen *seen)
{
    diag_init(d, NULL);
    d->on_diag = remember;
    d->on_diag_data = seen;
}

static void located_message_in_parts(void **state)
{
    (void)state;
    SourceSet set;
    sourceset_init(&set);
    Source *src = sourceset_add(&set, "x.pol", xstrdup("let a = 1\nlet b = q\n"), 20, NULL, false);
    Diag d;
    Seen seen = {0};
    setup_diag(&d, &seen);
    diag_report(&d, DIAG_ERROR, DC_NAME, (Loc){src, 18, 19}, "unknown name '%s'", "q");
    assert_int_equal(seen.calls, 1);
    assert_int_equal(seen.level, DIAG_ERROR);
    assert_ptr_equal(seen.loc.src, src);
    assert_int_equal(seen.loc.start, 18);
    assert_int_equal(seen.loc.end, 19);
    assert_string_equal(seen.message, "unknown name 'q'"); /* no file:line:col, no excerpt */
    assert_int_equal(d.errors, 1);
    diag_report(&d, DIAG_WARNING, DC_UNIT, (Loc){src, 0, 3}, "careful");
    assert_int_equal(seen.level, DIAG_WARNING);
    assert_int_equal(d.errors, 1); /* warnings are not counted */
    sourceset_free(&set);
}

static void plain_message_has_no_location(void **state)
{
    (void)state;
    Diag d;
    Seen seen = {0};
    setup_diag(&d, &seen);
    diag_plain(&d, DC_INPUT, "cannot open '%s'", "bad\033[2Jname");
    assert_int_equal(seen.calls, 1);
    assert_null(seen.loc.src);
    assert_string_equal(seen.message, "cannot open 'bad\\x1b[2Jname'"); /* cleaned like the text output */
    assert_true(d.input_error);
    diag_plain_note(&d, "just so you know");
    assert_int_equal(seen.level, DIAG_NOTE);
    assert_int_equal(d.errors, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(located_message_in_parts),
        cmocka_unit_test(plain_message_has_no_location),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
