/* chart_remote.c: chart_svg and chart_png (chart.h) for the command-line
 * program, which is linked statically (make's default) and so cannot open
 * cairo (its libraries need the dynamic loader): the chart goes as a request
 * (chart_wire.h) to the chart helper polsim-chart, a small dynamically
 * linked program built from chart_helper.c, which draws it with
 * chart_cairo.c and answers with the bytes: the same code draws for
 * libpolsim, in process, so the files are the same byte for byte. The
 * helper is looked up beside the running program, then in
 * ../libexec/polsim/ from it (where `make install` puts it). Every build of
 * the command line draws this way, the dynamically linked ones too (the
 * sanitizers' and valgrind's), so the path users take is the one they
 * check; libpolsim and the test programs draw in process. */
#define _GNU_SOURCE /* pipe2 */
#include "arena.h"
#include "chart.h"
#include "chart_wire.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The helper's path into out; false when there is none. */
static bool helper_path(char *out, size_t n)
{
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k <= 0) return false;
    exe[k] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return false;
    *slash = '\0';
    static const char *const places[] = {"%s/polsim-chart", "%s/../libexec/polsim/polsim-chart"};
    for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
        int w = snprintf(out, n, places[i], exe);
        if (w > 0 && (size_t)w < n && access(out, X_OK) == 0) return true;
    }
    return false;
}

typedef struct Bytes {
    char *p;
    size_t len, cap;
} Bytes;

/* Reads what fd has now (poll said so: the read does not block) into b,
 * keeping a byte for the NUL; false at end of file or on an error. */
static bool read_some(int fd, Bytes *b)
{
    if (b->cap - b->len < 65536) {
        b->cap = b->cap * 2 + 65536;
        b->p = xrealloc(b->p, b->cap);
    }
    ssize_t k = read(fd, b->p + b->len, b->cap - b->len - 1);
    if (k <= 0) return false;
    b->len += (size_t)k;
    b->p[b->len] = '\0';
    return true;
}

/* Sends req on in (a socket: no SIGPIPE if the helper is gone) while
 * reading out and err to their ends; closes all three. */
static void exchange(int in, int out, int err, const unsigned char *req, size_t len, Bytes *o, Bytes *e)
{
    size_t sent = 0;
    struct pollfd fds[3] = {{in, POLLOUT, 0}, {out, POLLIN, 0}, {err, POLLIN, 0}};
    while (fds[0].fd >= 0 || fds[1].fd >= 0 || fds[2].fd >= 0) {
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[0].fd >= 0 && fds[0].revents) {
            ssize_t k = send(in, req + sent, len - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (k > 0) sent += (size_t)k;
            if ((k < 0 && errno != EAGAIN && errno != EINTR) || sent == len) {
                close(in);
                fds[0].fd = -1;
            }
        }
        for (int i = 1; i < 3; i++)
            if (fds[i].fd >= 0 && fds[i].revents && !read_some(fds[i].fd, i == 1 ? o : e)) {
                close(fds[i].fd);
                fds[i].fd = -1;
            }
    }
    for (int i = 0; i < 3; i++)
        if (fds[i].fd >= 0) close(fds[i].fd);
}

/* Three channels to the helper: a socket for its input, pipes for its
 * output and errors; false (none left open) when the system has none. */
static bool open_channels(int in[2], int out[2], int er[2])
{
    in[0] = in[1] = out[0] = out[1] = er[0] = er[1] = -1;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) == 0 && pipe2(out, O_CLOEXEC) == 0
        && pipe2(er, O_CLOEXEC) == 0)
        return true;
    int saved = errno, *fds[] = {in, out, er};
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 2; k++)
            if (fds[i][k] >= 0) close(fds[i][k]);
    errno = saved;
    return false;
}

/* Why the helper at path gave no chart: spawn's error rc, else its message
 * (e, its standard error), else how it ended. */
static void failure(const char *path, int rc, int status, Bytes *e, char *err, size_t errn)
{
    while (e->len && (e->p[e->len - 1] == '\n' || e->p[e->len - 1] == '\r')) e->p[--e->len] = '\0';
    if (rc != 0) snprintf(err, errn, "cannot run the chart helper %s: %s", path, strerror(rc));
    else if (e->len) snprintf(err, errn, "%s", e->p);
    else if (WIFSIGNALED(status)) snprintf(err, errn, "the chart helper %s died of signal %d", path, WTERMSIG(status));
    else if (WEXITSTATUS(status) == 0) snprintf(err, errn, "the chart helper %s gave no chart", path);
    else snprintf(err, errn, "the chart helper %s failed (exit status %d) with no message", path, WEXITSTATUS(status));
}

/* Runs the helper on c; its output (malloc'd, *len bytes, NUL after them) or
 * NULL with the reason in err. */
static char *draw(const Chart *c, ChartWireMode mode, const char *id_prefix, size_t *len, char *err, size_t errn)
{
    if (!chart_check(c, err, errn)) return NULL;
    char path[PATH_MAX];
    if (!helper_path(path, sizeof path)) {
        snprintf(err, errn, "charts need the chart helper polsim-chart, installed beside polsim (or in "
                            "../libexec/polsim from it); it is not there");
        return NULL;
    }
    int in[2], out[2], er[2];
    if (!open_channels(in, out, er)) {
        snprintf(err, errn, "cannot run the chart helper: %s", strerror(errno));
        return NULL;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[1], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, er[1], 2);
    char *argv[] = {path, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, path, &fa, NULL, argv, environ), status = 0;
    posix_spawn_file_actions_destroy(&fa);
    close(in[1]);
    close(out[1]);
    close(er[1]);
    Bytes o = {0}, e = {0};
    if (rc == 0) {
        size_t reqlen;
        unsigned char *req = chart_wire_encode(c, mode, id_prefix, &reqlen);
        exchange(in[0], out[0], er[0], req, reqlen, &o, &e);
        free(req);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    } else {
        close(in[0]);
        close(out[0]);
        close(er[0]);
    }
    if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && o.len > 0) {
        free(e.p);
        *len = o.len;
        return o.p;
    }
    failure(path, rc, status, &e, err, errn);
    free(o.p);
    free(e.p);
    return NULL;
}

char *chart_svg(const Chart *c, const char *id_prefix, char *err, size_t errn)
{
    size_t len;
    return draw(c, CHART_WIRE_SVG, id_prefix, &len, err, errn);
}

unsigned char *chart_png(const Chart *c, size_t *len, char *err, size_t errn)
{
    return (unsigned char *)draw(c, CHART_WIRE_PNG, NULL, len, err, errn);
}
