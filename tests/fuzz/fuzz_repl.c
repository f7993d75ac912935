/* fuzz_repl.c: libFuzzer harness for the REPL's line handling. Each input is
 * the text typed into one session, fed through repl_run (src/cli/repl.h) the
 * way `polsim -i < script` feeds it: line by line, deciding for each whether
 * it is a meta-command, continues an unfinished statement (the `...>` case)
 * or completes one, running what completes, and at the end reporting what is
 * left unfinished. repl_run is the REPL's stable entry point, so the harness
 * keeps working while the line scanner behind it changes.
 * Lines with :load or :save are turned into comments before the run (they
 * would read or write files named by the input); :help, :list, :reset and
 * :quit run. Build and run: make fuzz, make fuzz-smoke. */
#include "fuzz_interp.h"
#include "../../src/cli/repl.h" /* the REPL's own header, beside its sources */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether the word at s[0..n) (ended by a blank, a newline, NUL or the end)
 * is w: how repl_meta splits a command name from its argument. */
static bool word_is(const char *s, size_t n, const char *w)
{
    size_t len = strlen(w);
    return len <= n && memcmp(s, w, len) == 0 && (len == n || memchr(" \t\n", s[len], 4));
}

/* Turns every line that would run :load or :save into a comment. */
static void disarm_file_commands(char *text, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (i > 0 && text[i - 1] != '\n') continue;
        size_t p = i;
        while (p < size && (text[p] == ' ' || text[p] == '\t')) p++;
        if (p + 1 >= size || text[p] != ':') continue;
        if (word_is(text + p + 1, size - p - 1, "load") || word_is(text + p + 1, size - p - 1, "save")) text[p] = '#';
    }
}

/* Once: stdin is not a terminal (so repl_run takes the batch path) and
 * stdout, where results and :help go, is discarded. */
static FILE *quiet_once(void)
{
    static FILE *devnull;
    if (devnull) return devnull;
    devnull = fopen("/dev/null", "w");
    int fd = open("/dev/null", O_RDWR);
    if (!devnull || fd < 0) abort();
    dup2(fd, STDIN_FILENO);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    return devnull;
}

/* libFuzzer's entry point: one input, one REPL session in a fresh interpreter. */
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    FILE *devnull = quiet_once();
    if (size == 0) return 0;
    char *text = malloc(size);
    if (!text) return 0;
    memcpy(text, data, size);
    disarm_file_commands(text, size);
    FILE *in = fmemopen(text, size, "r");
    if (!in) abort();
    FILE *saved = stdin;
    stdin = in;
    polsim_options o; /* the session the command line would open (fuzz_interp.h's budget and output) */
    polsim_options_init(&o);
    o.max_steps = FUZZ_STEPS;
    o.diagnostics = devnull;
    polsim_session *s = polsim_open(&o, NULL, 0);
    if (!s) abort();
    polsim_set_output(s, POLSIM_TEXT, devnull);
    int status = repl_run(s, &o, 0);
    if (status < 0 || status >= 128) abort(); /* an exit status a shell would take for a signal */
    polsim_close(s);
    stdin = saved;
    fclose(in);
    free(text);
    return 0;
}
