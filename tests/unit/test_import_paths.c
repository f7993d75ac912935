/* test_import_paths.c: imports at the longest paths the system allows
 * (src/run/load.c). A file whose real path has PATH_MAX - 1 characters
 * (4,095 on Linux: the longest realpath gives) is imported whole; a joined
 * path one character longer than the buffer is refused, not cut short.
 * Under make sanitize a buffer one byte short of realpath's result fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "polsim.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char base[PATH_MAX];

/* Makes base/a.../a.../NAME.pol (components of 250 characters) whose real
 * path has exactly total characters; the path relative to base in rel. */
static void deep_file(size_t total, char *rel, size_t cap)
{
    char path[2 * PATH_MAX + 16]; /* base and rel, each at most PATH_MAX */
    size_t blen = strlen(base), n = 0;
    rel[0] = '\0';
    char comp[251];
    memset(comp, 'a', 250);
    comp[250] = '\0';
    /* components while a file name of 5 to 200 characters can still end the path */
    while (blen + n + 1 + 251 + 1 + 5 + 4 <= total) {
        n += (size_t)snprintf(rel + n, cap - n, "%s/", comp);
        snprintf(path, sizeof path, "%s/%.*s", base, (int)(n - 1), rel);
        assert_true(mkdir(path, 0700) == 0 || access(path, F_OK) == 0);
    }
    size_t name = total - blen - 1 - n - 4; /* base "/" rel NAME ".pol" */
    assert_true(name >= 1 && name <= 250);
    memset(rel + n, 'f', name);
    memcpy(rel + n + name, ".pol", 5);
    snprintf(path, sizeof path, "%s/%s", base, rel);
    assert_int_equal(strlen(path), total);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("let from_deep = 42\n", f);
    fclose(f);
}

static const polsim_result *import_run(polsim_session *s, const char *rel)
{
    size_t n = strlen(rel) + 64;
    char *text = malloc(n);
    snprintf(text, n, "import \"%s\"\nprint from_deep\n", rel);
    const polsim_result *r = polsim_run_ex(s, "t.pol", text, (size_t)-1, base, 0);
    free(text);
    return r;
}

static void longest_real_path(void **state)
{
    (void)state;
    char rel[PATH_MAX + 1];
    deep_file(PATH_MAX - 1, rel, sizeof rel);
    polsim_options opt;
    polsim_options_init(&opt);
    opt.stdlib = 0;
    polsim_session *s = polsim_open(&opt, NULL, 0);
    const polsim_result *r = import_run(s, rel);
    if (polsim_result_status(r) != POLSIM_OK) fail_msg("%s", polsim_record_message(polsim_result_error(r)));
    size_t len;
    assert_string_equal(polsim_result_render(r, POLSIM_TEXT, &len), "42\n");
    polsim_close(s);
}

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(base, sizeof base, "%s/polsim-imports-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(base)) return -1;
    char *real = realpath(base, NULL); /* /tmp may be a link: the real path is what counts */
    if (!real) return -1;
    snprintf(base, sizeof base, "%s", real);
    free(real);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(longest_real_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
