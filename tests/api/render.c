/* render.c: `render FORMAT FILE` runs FILE through libpolsim and writes the
 * result as `polsim --format FORMAT --no-provenance FILE` would on standard
 * output (html: the page), its errors on standard error as the command line
 * does, and exits with the run's status; `render stream-FORMAT FILE` the
 * same streamed (polsim_set_output). tests/scripts/api_c.sh compares them
 * with the command line on every example. */
#include <polsim.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    polsim_options opt;
    polsim_options_init(&opt);
    while (argc > 3 && argv[1][0] == '-') { /* the command line's options the corpus uses */
        if (strcmp(argv[1], "--no-prelude") == 0) opt.stdlib = 0;
        else if (strcmp(argv[1], "--no-history") == 0) opt.history = 0;
        else if (strcmp(argv[1], "--max-steps") == 0 && argc > 4) opt.max_steps = strtoull((++argv)[1], NULL, 10), argc--;
        else break;
        argv++, argc--;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: render [--no-prelude] [--no-history] [--max-steps N] [stream-]text|json|csv|html FILE\n");
        return 2;
    }
    const char *names[] = {"text", "json", "csv", "html"}, *name = argv[1];
    int stream = strncmp(name, "stream-", 7) == 0, fmt = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(name + (stream ? 7 : 0), names[i]) == 0) fmt = i;
    if (fmt < 0) return 2;
    opt.diagnostics = stderr;
    char err[256];
    polsim_session *s = polsim_open(&opt, err, sizeof err);
    if (!s) {
        fprintf(stderr, "render: %s\n", err);
        return 70;
    }
    if (stream && polsim_set_output(s, (polsim_format)fmt, stdout) != 0) return 2;
    const polsim_result *r = polsim_run_file(s, argv[2]);
    int status = stream || polsim_render(r, (polsim_format)fmt, stdout) == 0 ? (int)polsim_result_status(r) : 74;
    polsim_close(s);
    return status;
}
