/* test_safefile.c: the one writer (include/safefile.h, src/support/safefile.c)
 * and the text shown on terminals (include/termtext.h): in a scratch folder,
 * what may be replaced and what may not, that an abandoned write leaves the
 * old file, and which bytes are escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "safefile.h"
#include "termtext.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

/* A fresh scratch folder as the current folder; its path in dir. */
static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/polsim-safefile-XXXXXX");
    if (!mkdtemp(dir) || chdir(dir) != 0) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    if (chdir("/") != 0) return -1;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The text of path ("" when missing), in a static buffer. */
static const char *text_of(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f) fclose(f);
    buf[n] = '\0';
    return buf;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* No ".polsim-*" temporary file is left in the folder. */
static void no_temp_left(const char *folder)
{
    DIR *d = opendir(folder);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));) assert_int_not_equal(strncmp(e->d_name, ".polsim-", 8), 0);
    closedir(d);
}

/* A new file and a replaced one; the replaced one keeps its mode. */
static void writes_and_replaces(void **state)
{
    (void)state;
    char err[256];
    assert_true(safefile_write("new.txt", NULL, "hello\n", 6, err, sizeof err));
    assert_string_equal(text_of("new.txt"), "hello\n");
    put("old.txt", "old\n");
    chmod("old.txt", 0640);
    assert_true(safefile_write("old.txt", ".", "new\n", 4, err, sizeof err));
    assert_string_equal(text_of("old.txt"), "new\n");
    struct stat st;
    assert_int_equal(stat("old.txt", &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    no_temp_left(".");
}

/* A symbolic link, a named pipe and a folder are refused; the link's target stays. */
static void refuses_non_regular(void **state)
{
    (void)state;
    char err[256];
    put("target.txt", "keep\n");
    assert_int_equal(symlink("target.txt", "link.txt"), 0);
    assert_false(safefile_write("link.txt", NULL, "x", 1, err, sizeof err));
    assert_non_null(strstr(err, "symbolic link"));
    assert_string_equal(text_of("target.txt"), "keep\n");
    assert_int_equal(mkfifo("pipe.txt", 0600), 0);
    assert_false(safefile_write("pipe.txt", NULL, "x", 1, err, sizeof err));
    assert_non_null(strstr(err, "named pipe"));
    assert_int_equal(mkdir("folder.txt", 0700), 0);
    assert_false(safefile_write("folder.txt", NULL, "x", 1, err, sizeof err));
    assert_non_null(strstr(err, "folder"));
    assert_false(safefile_write("sub/", NULL, "x", 1, err, sizeof err));
    no_temp_left(".");
}

/* With a root, a folder outside it (also through a linked folder) is refused. */
static void keeps_inside_root(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(mkdir("proj", 0700), 0);
    assert_int_equal(mkdir("outside", 0700), 0);
    assert_int_equal(mkdir("proj/in", 0700), 0);
    assert_int_equal(symlink("../outside", "proj/up"), 0);
    assert_int_equal(symlink("in", "proj/alias"), 0);
    assert_int_equal(chdir("proj"), 0);
    assert_false(safefile_write("up/x.svg", ".", "x", 1, err, sizeof err));
    assert_non_null(strstr(err, "outside"));
    assert_false(safefile_write("../x.svg", ".", "x", 1, err, sizeof err));
    assert_true(safefile_write("alias/x.svg", ".", "x", 1, err, sizeof err));
    assert_true(safefile_write("up/x.svg", NULL, "x", 1, err, sizeof err)); /* no root: anywhere */
    assert_int_equal(chdir(".."), 0);
    assert_string_equal(text_of("proj/in/x.svg"), "x");
}

/* An abandoned write leaves the old file and no temporary file. */
static void abort_keeps_old(void **state)
{
    (void)state;
    char err[256];
    put("keep.txt", "old\n");
    SafeFile *f = safefile_open("keep.txt", NULL, err, sizeof err);
    assert_non_null(f);
    fputs("half a fi", safefile_stream(f));
    fflush(safefile_stream(f));
    assert_string_equal(text_of("keep.txt"), "old\n");
    safefile_abort(f);
    assert_string_equal(text_of("keep.txt"), "old\n");
    no_temp_left(".");
}

/* Which bytes text_visible escapes: controls, DEL, C1, U+FFFE/F, bad UTF-8. */
static void visible_text(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } CASES[] = {
        {"plain text", "plain text"},
        {"tab\tand\nnewline", "tab\tand\nnewline"},
        {"x\033[31my", "x\\x1b[31my"},
        {"cr\rbell\a", "cr\\x0dbell\\x07"},
        {"del\x7f", "del\\x7f"},
        {"c1 \xc2\x9b", "c1 \\xc2\\x9b"},
        {"nonchar \xef\xbf\xbe", "nonchar \\xef\\xbf\\xbe"},
        {"bad \xff utf8", "bad \\xff utf8"},
        {"ok \xc3\xa9 \xe2\x86\x92", "ok \xc3\xa9 \xe2\x86\x92"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        char *got = text_visible(CASES[i].in);
        assert_string_equal(got, CASES[i].out);
        assert_int_equal(text_is_visible(CASES[i].in), strcmp(CASES[i].in, CASES[i].out) == 0);
        free(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(writes_and_replaces, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_non_regular, setup, teardown),
        cmocka_unit_test_setup_teardown(keeps_inside_root, setup, teardown),
        cmocka_unit_test_setup_teardown(abort_keeps_old, setup, teardown),
        cmocka_unit_test(visible_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
