/* budget.c: see budget.h. */
#include "budget.h"
#include "interp.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define POLSIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POLSIM_ASAN 1
#endif
#endif

static unsigned long long step_limit, steps_left;
static double time_limit;
static volatile sig_atomic_t alarms; /* SIGALRMs since the limit ran out (0: still in time) */
static char time_message[96];

bool budget_memory(unsigned long long bytes, const char **why)
{
#ifdef POLSIM_ASAN
    *why = "not enforced in a sanitizer build (it reserves more address space than any limit)";
    return bytes == 0;
#else
    struct rlimit rl;
    if (bytes == 0 || getrlimit(RLIMIT_AS, &rl) != 0 || (rlim_t)bytes >= rl.rlim_cur)
        return true; /* no cap, or a lower one already set (ulimit -v) stays */
    rl.rlim_cur = (rlim_t)bytes;
    if (setrlimit(RLIMIT_AS, &rl) != 0) {
        *why = strerror(errno);
        return false;
    }
    return true;
#endif
}

/* First alarm: the evaluator fails its next step. Second (two seconds on):
 * the run is stuck outside the evaluator; end it here (async-signal-safe). */
static void on_alarm(int sig)
{
    (void)sig;
    if (++alarms < 2) return;
    ssize_t ignored = write(STDERR_FILENO, time_message, strlen(time_message));
    (void)ignored;
    _exit(BUDGET_EXIT_TIME);
}

void budget_time(double seconds)
{
    time_limit = seconds;
    alarms = 0;
    if (seconds <= 0) return;
    snprintf(time_message, sizeof time_message, "polsim: error: time limit of %g s exceeded (--max-time)\n", seconds);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {.it_interval = {2, 0}};
    it.it_value.tv_sec = (time_t)seconds;
    it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
    if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0) it.it_value.tv_usec = 1;
    setitimer(ITIMER_REAL, &it, NULL);
}

void budget_time_stop(void)
{
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    alarms = 0;
}

void budget_steps(unsigned long long n)
{
    step_limit = n;
    steps_left = n;
}

void budget_step(Interp *I, Loc at)
{
    if (alarms) eval_fail(I, DC_RUNTIME, at, "time limit of %g s exceeded (--max-time)", time_limit);
    if (!step_limit || steps_left-- > 0) return;
    steps_left = step_limit; /* the statement stops; a REPL input after it starts afresh */
    eval_fail(I, DC_RUNTIME, at, "step limit of %llu evaluation steps exceeded (--max-steps)", step_limit);
}

void budget_charge(Interp *I, Loc at, unsigned long long n)
{
    if (step_limit && steps_left > n) {
        steps_left -= n;
        return;
    }
    if (step_limit) steps_left = 0;
    budget_step(I, at);
}

bool budget_parse_size(const char *s, unsigned long long *out)
{
    char *end;
    double v = strtod(s, &end);
    double unit = 1;
    if (*end == 'K' || *end == 'k') unit = 1024.0;
    else if (*end == 'M' || *end == 'm') unit = 1024.0 * 1024;
    else if (*end == 'G' || *end == 'g') unit = 1024.0 * 1024 * 1024;
    else if (*end == 'T' || *end == 't') unit = 1024.0 * 1024 * 1024 * 1024;
    if (unit != 1) end++;
    if (end == s || *end || !(v >= 1) || v * unit > 1e18) return false;
    *out = (unsigned long long)(v * unit);
    return true;
}
