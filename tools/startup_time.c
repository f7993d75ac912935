/* startup_time.c: measures start-up. Runs each command N times, interleaved
 * (A B A B ...) so that a busy machine slows them alike, with output to
 * /dev/null, and prints per command the median wall time and the median CPU
 * time (user + system) in ms, with the minimum and maximum wall time.
 * Usage: startup_time N COMMAND [ARG...] [-- COMMAND [ARG...]]... */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { MAX_COMMANDS = 8 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv) { return tv.tv_sec * 1e3 + tv.tv_usec / 1e3; }

/* One run of argv with stdout and stderr to /dev/null: sets its wall and CPU
 * time in ms; false if it could not run or exited non-zero. */
static int run_once(char **argv, double *wall, double *cpu)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    double t0 = now_ms();
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return 0;
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return 0;
    *wall = now_ms() - t0;
    *cpu = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    int n = argc > 2 ? atoi(argv[1]) : 0;
    if (n < 1) {
        fprintf(stderr, "usage: startup_time N COMMAND [ARG...] [-- COMMAND [ARG...]]...\n");
        return 2;
    }
    char **cmds[MAX_COMMANDS];
    int ncmds = 0;
    for (int i = 2; i < argc && ncmds < MAX_COMMANDS; i++) {
        cmds[ncmds++] = argv + i;
        while (i < argc && strcmp(argv[i], "--") != 0) i++;
        if (i < argc) argv[i] = NULL; /* ends this command's argv */
    }
    double *wall = malloc(sizeof *wall * (size_t)n * ncmds), *cpu = malloc(sizeof *cpu * (size_t)n * ncmds);
    if (!wall || !cpu) return 1;
    for (int r = 0; r < n; r++)
        for (int c = 0; c < ncmds; c++)
            if (!run_once(cmds[c], &wall[c * n + r], &cpu[c * n + r])) {
                fprintf(stderr, "startup_time: '%s' failed to run or exited non-zero\n", cmds[c][0]);
                return 1;
            }
    for (int c = 0; c < ncmds; c++) {
        double *w = wall + c * n, mc = median(cpu + c * n, n), mw = median(w, n);
        printf("wall median %7.3f ms (min %.3f, max %.3f)  cpu median %7.3f ms  %d runs:", mw, w[0], w[n - 1], mc, n);
        for (char **a = cmds[c]; *a; a++) printf(" %s", *a);
        printf("\n");
    }
    free(wall);
    free(cpu);
    return 0;
}
