/* repl_history.c: the REPL's history file, shared by every session. A new
 * entry is appended (readline's append_history) under an exclusive flock on
 * the file, so two sessions typing at once keep both their entries; then,
 * still under the lock, the file is compacted when it holds a repeat or more
 * than max entries: the newest copy of each entry kept, the last max
 * entries, written through safefile.h (whole or not at all). A session that
 * waited for the lock while the file was replaced opens it again. */
#include "repl_internal.h"
#include "arena.h"
#include "safefile.h"
#include <errno.h>
#include <fcntl.h>
#include <readline/history.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

enum { HISTORY_FILE_LIMIT = 16 << 20 }; /* larger files are appended to, never compacted */

/* Opens path (created 0600) and locks it, once it is still the file at
 * path; the descriptor, or -1 with errno. */
static int history_lock(const char *path)
{
    for (int tries = 0; tries < 20; tries++) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) return -1;
        struct stat a, b;
        if (flock(fd, LOCK_EX) != 0) {
            int err = errno;
            close(fd);
            errno = err;
            return -1;
        }
        if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) return fd;
        close(fd); /* another session replaced it meanwhile: lock the new one */
    }
    errno = EAGAIN;
    return -1;
}

/* The whole file behind fd (malloc'd, NUL-terminated), or NULL. */
static char *history_read(int fd, size_t *len)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size > HISTORY_FILE_LIMIT) return NULL;
    char *text = xmalloc((size_t)st.st_size + 1);
    ssize_t n = pread(fd, text, (size_t)st.st_size, 0);
    if (n < 0) {
        free(text);
        return NULL;
    }
    text[n] = '\0';
    *len = (size_t)n;
    return text;
}

/* One entry of the file: its "#TIME" line (may be empty) and its text. */
typedef struct HistEntry {
    const char *stamp, *text;
    size_t stamp_len, text_len;
} HistEntry;

/* True for a "#DIGITS" line of length n. */
static bool is_stamp(const char *s, size_t n)
{
    if (n < 2 || s[0] != '#') return false;
    for (size_t i = 1; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* Cuts text into entries: each begins at a "#TIME" line (a file without
 * any is one entry per line). Returns the count; *out malloc'd. */
static size_t history_split(const char *text, size_t len, HistEntry **out)
{
    bool stamped = false;
    for (const char *p = text; p < text + len;) {
        const char *nl = memchr(p, '\n', (size_t)(text + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
        stamped |= is_stamp(p, n);
        p += n + 1;
    }
    size_t count = 0, cap = 64;
    HistEntry *e = xmalloc(cap * sizeof *e);
    for (const char *p = text; p < text + len;) {
        const char *nl = memchr(p, '\n', (size_t)(text + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
        bool stamp = stamped && is_stamp(p, n);
        if (stamp || !stamped || count == 0) {
            if (count == cap) e = xrealloc(e, (cap *= 2) * sizeof *e);
            e[count++] = stamp ? (HistEntry){p, NULL, n, 0} : (HistEntry){"", p, 0, n};
        } else if (!e[count - 1].text) {
            e[count - 1].text = p, e[count - 1].text_len = n;
        } else {
            e[count - 1].text_len = (size_t)(p + n - e[count - 1].text); /* a further line of the entry */
        }
        p += n + 1;
    }
    *out = e;
    return count;
}

/* Marks in keep[] the newest copy of each entry, at most max of them;
 * true when that drops any. */
static bool history_choose(const HistEntry *e, size_t n, size_t max, bool *keep)
{
    size_t kept = 0;
    bool drop = false;
    for (size_t i = n; i-- > 0;) {
        keep[i] = e[i].text && kept < max;
        for (size_t j = i + 1; keep[i] && j < n; j++)
            if (keep[j] && e[j].text_len == e[i].text_len && memcmp(e[j].text, e[i].text, e[i].text_len) == 0)
                keep[i] = false;
        kept += keep[i];
        drop |= !keep[i];
    }
    return drop;
}

/* Rewrites the locked file at path without repeats and with at most max
 * entries, when it needs it. 0 or an errno value. */
static int history_compact(int fd, const char *path, size_t max)
{
    size_t len = 0;
    char *text = history_read(fd, &len);
    if (!text) return 0;
    HistEntry *e;
    size_t n = history_split(text, len, &e);
    bool *keep = xmalloc(n + 1);
    int err = 0;
    if (history_choose(e, n, max, keep)) {
        ReplBuf b = {0};
        for (size_t i = 0; i < n; i++) {
            if (!keep[i]) continue;
            if (e[i].stamp_len) repl_buf_add(&b, e[i].stamp, e[i].stamp_len), repl_buf_str(&b, "\n");
            repl_buf_add(&b, e[i].text, e[i].text_len);
            repl_buf_str(&b, "\n");
        }
        errno = 0;
        char why[256], *real = realpath(path, NULL); /* a history file kept behind a link stays there */
        if (!real || !safefile_write(real, NULL, b.s ? b.s : "", b.len, why, sizeof why)) err = errno ? errno : EIO;
        free(real);
        free(b.s);
    }
    free(keep);
    free(e);
    free(text);
    return err;
}

/* See repl_internal.h. */
int repl_history_append(const char *path, size_t max)
{
    int fd = history_lock(path);
    if (fd < 0) return errno;
    int err = append_history(1, path);
    if (!err) err = history_compact(fd, path, max);
    close(fd); /* and the lock with it */
    return err;
}
