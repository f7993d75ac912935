/* render.c: `render FORMAT FILE` runs FILE through libpolsim and writes the
 * result as `polsim --format FORMAT --no-provenance FILE` would on standard
 * output (html: the page), its errors on standard error, and exits with the
 * run's status. tests/scripts/api_c.sh compares the two on every example. */
#include <polsim.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: render text|json|csv|html FILE\n");
        return 2;
    }
    const char *names[] = {"text", "json", "csv", "html"};
    int fmt = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(argv[1], names[i]) == 0) fmt = i;
    if (fmt < 0) return 2;
    polsim_options opt;
    polsim_options_init(&opt);
    opt.diagnostics = stderr;
    char err[256];
    polsim_session *s = polsim_open(&opt, err, sizeof err);
    if (!s) {
        fprintf(stderr, "render: %s\n", err);
        return 70;
    }
    const polsim_result *r = polsim_run_file(s, argv[2]);
    int status = polsim_render(r, (polsim_format)fmt, stdout) == 0 ? (int)polsim_result_status(r) : 74;
    polsim_close(s);
    return status;
}
