/* readfile.c: see readfile.h. */
#include "readfile.h"
#include "arena.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads fd to its end, refusing more than MAX_SOURCE_BYTES. */
char *load_stream(int fd, size_t *len, const char **why)
{
    return load_stream_max(fd, MAX_SOURCE_BYTES, "it is larger than the 16 MiB limit for a scenario", len, why);
}

/* Reads fd to its end, refusing more than max bytes. */
char *load_stream_max(int fd, size_t max, const char *too_big, size_t *len, const char **why)
{
    size_t cap = 8192, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            *why = strerror(errno);
            free(buf);
            return NULL;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n > max) {
            *why = too_big;
            free(buf);
            return NULL;
        }
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Why a file of this type cannot be read as a scenario, or NULL if it can:
 * regular files always; pipes, and the terminal or device that is standard
 * input, only when the user named them (not for imports or folder walks). */
static const char *refusal(const struct stat *st, bool regular_only)
{
    struct stat in;
    if (S_ISREG(st->st_mode)) return st->st_size > MAX_SOURCE_BYTES ? "it is larger than the 16 MiB limit for a scenario" : NULL;
    if (S_ISDIR(st->st_mode)) return strerror(EISDIR);
    if (S_ISFIFO(st->st_mode)) return regular_only ? "it is a pipe, not a regular file" : NULL;
    if (S_ISSOCK(st->st_mode)) return regular_only ? "it is a socket, not a regular file" : NULL;
    if (S_ISCHR(st->st_mode) && !regular_only && fstat(STDIN_FILENO, &in) == 0 && S_ISCHR(in.st_mode)
        && in.st_rdev == st->st_rdev)
        return NULL;
    return "it is a device, not a regular file";
}

char *load_file(const char *path, size_t *len, bool regular_only, const char **why)
{
    struct stat st;
    /* Opening a named pipe blocks until a writer comes: only when asked to read one. */
    bool wait = !regular_only && stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
    int fd = open(path, O_RDONLY | O_CLOEXEC | (wait ? 0 : O_NONBLOCK));
    if (fd < 0) {
        *why = strerror(errno);
        return NULL;
    }
    char *text = NULL;
    if (fstat(fd, &st) != 0) *why = strerror(errno);
    else if (!(*why = refusal(&st, regular_only))) {
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        text = load_stream(fd, len, why);
    }
    close(fd);
    return text;
}

char *path_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    char *d = xmalloc((size_t)(slash - path) + 1);
    memcpy(d, path, (size_t)(slash - path));
    d[slash - path] = '\0';
    return d;
}
