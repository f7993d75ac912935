/* lawcheck.c: runs generated law programs (lawgen.h), each in a forked
 * child with a fresh interpreter, and reports every violation: an assert
 * that fails, an error, or a signal. A violating program is minimised by
 * dropping units while the violation stays the same (kind and message) and
 * written to DIR/law-SEED-I.pol, runnable as `polsim test FILE`.
 *
 *   lawcheck [--seed S] [--count N] [--seconds T] [--out DIR] [--show]
 *
 * --show prints each program before its verdict.
 * Prints "lawcheck: N programs (laws a a-rule b d e: ...), K violations";
 * exits 1 when K > 0, 2 on a usage error. */
#include "budget.h"
#include "interp.h"
#include "lawgen.h"
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { V_PASS, V_ASSERT, V_ERROR, V_SIGNAL };
static const char *const KIND[] = {"pass", "a failed assert", "an error", "a signal"};

typedef struct Verdict {
    int kind;
    char message[512]; /* the first message, without its location; the signal's number */
} Verdict;

/* Whether the output in f is two equal halves. */
static bool halves_of(FILE *f)
{
    fflush(f);
    long len = ftell(f);
    char *buf = malloc((size_t)len + 1);
    rewind(f);
    bool ok = buf && fread(buf, 1, (size_t)len, f) == (size_t)len && law_two_halves(buf, (size_t)len);
    free(buf);
    return ok;
}

/* The child: runs p's text, writes its first message to fd, exits with the kind. */
static void child(const LawProgram *p, const char *text, int fd)
{
    FILE *msgs = tmpfile(), *out = tmpfile();
    if (!msgs || !out) _exit(V_ERROR);
    Options opt = {.mode = p->halves ? MODE_RUN : MODE_TEST, .no_history = !p->history};
    Interp I;
    budget_steps(20000000);
    interp_init(&I, &opt);
    I.diag.out = msgs;
    I.report.out = out;
    interp_load_prelude(&I);
    RunStatus st = interp_run_text(&I, "<law>", text, strlen(text), false);
    int kind = I.asserts_failed ? V_ASSERT : (st != RUN_OK || I.diag.errors) ? V_ERROR : V_PASS;
    if (kind == V_PASS && p->halves && !halves_of(out)) {
        static const char msg[] = "the two halves of the output differ";
        if (write(fd, msg, sizeof msg - 1) < 0) _exit(V_ERROR);
        _exit(V_ASSERT);
    }
    fflush(msgs);
    rewind(msgs);
    char line[512] = "";
    while (fgets(line, sizeof line, msgs) && !strstr(line, "error:") && !strstr(line, "failed")) line[0] = '\0';
    char *colon = strstr(line, ": ");
    const char *msg = colon ? colon + 2 : line;
    line[strcspn(line, "\n")] = '\0';
    if (write(fd, msg, strlen(msg)) < 0) _exit(V_ERROR);
    _exit(kind);
}

static Verdict run(const LawProgram *p, const bool *dropped)
{
    Verdict v = {V_PASS, ""};
    char *text = law_text(p, -1, dropped);
    int fds[2];
    if (pipe(fds) != 0) abort();
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) abort();
    if (pid == 0) {
        close(fds[0]);
        child(p, text, fds[1]);
    }
    close(fds[1]);
    size_t got = 0;
    ssize_t k;
    while ((k = read(fds[0], v.message + got, sizeof v.message - 1 - got)) > 0) got += (size_t)k;
    v.message[got] = '\0';
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(status)) {
        v.kind = V_SIGNAL;
        snprintf(v.message, sizeof v.message, "signal %d", WTERMSIG(status));
    } else {
        v.kind = WEXITSTATUS(status) <= V_ERROR ? WEXITSTATUS(status) : V_ERROR;
    }
    free(text);
    return v;
}

static bool same(const Verdict *a, const Verdict *b) { return a->kind == b->kind && strcmp(a->message, b->message) == 0; }

/* Drops units while the violation stays the same; dropped[i] marks them. */
static void minimise(const LawProgram *p, const Verdict *want, bool *dropped)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = p->n - 1; i >= 0; i--) {
            if (dropped[i]) continue;
            dropped[i] = true;
            Verdict v = run(p, dropped);
            if (same(&v, want)) changed = true;
            else dropped[i] = false;
        }
    }
}

static void write_case(const char *dir, unsigned long seed, int i, const LawProgram *p, const bool *dropped,
                       const Verdict *v)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/law-%lu-%d.pol", dir, seed, i);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "lawcheck: cannot write %s: %s\n", path, strerror(errno));
        return;
    }
    char *text = law_text(p, -1, dropped);
    fprintf(f, "# law %s violated (%s: %s)\n%s%s", p->law, KIND[v->kind], v->message, p->history ? "" : "# args: --no-history\n",
            text);
    free(text);
    fclose(f);
    printf("lawcheck: law %s: %s (%s), minimised in %s\n", p->law, KIND[v->kind], v->message, path);
}

int main(int argc, char **argv)
{
    unsigned long seed = 1, count = 100;
    double seconds = 0;
    const char *out = ".";
    bool show = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) seed = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc) count = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) out = argv[++i];
        else if (strcmp(argv[i], "--show") == 0) show = true;
        else {
            fprintf(stderr, "usage: lawcheck [--seed S] [--count N] [--seconds T] [--out DIR] [--show]\n");
            return 2;
        }
    }
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long ran = 0, bad = 0, per_law[6] = {0};
    static const char *const LAWS[] = {"a", "a-rule", "b", "d", "e", "c"};
    for (unsigned long i = 0; i < count || seconds > 0; i++) {
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (seconds > 0 && (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 > seconds) break;
        LawRng r = {.state = (seed * 0x9E3779B97F4A7C15ull) ^ (i * 0xBF58476D1CE4E5B9ull) ^ 1};
        LawProgram p = {0};
        law_program(&r, &p);
        for (int k = 0; k < 6; k++)
            if (strcmp(p.law, LAWS[k]) == 0) per_law[k]++;
        Verdict v = run(&p, NULL);
        if (show) {
            char *text = law_text(&p, -1, NULL);
            printf("--- program %lu (law %s, history %s): %s\n%s", i, p.law, p.history ? "on" : "off", KIND[v.kind], text);
            free(text);
        }
        ran++;
        if (v.kind != V_PASS) {
            bad++;
            bool dropped[LAW_MAX_UNITS] = {false};
            minimise(&p, &v, dropped);
            write_case(out, seed, (int)i, &p, dropped, &v);
        }
        law_free(&p);
    }
    printf("lawcheck: %lu programs (laws a %lu, a-rule %lu, b %lu, c %lu, d %lu, e %lu), %lu violations\n", ran,
           per_law[0], per_law[1], per_law[2], per_law[5], per_law[3], per_law[4], bad);
    return bad ? 1 : 0;
}
