/* safefile.c: see safefile.h. The folder is opened once and every later
 * step (the check of the name, the temporary file, the rename) is relative
 * to that descriptor, so a folder swapped for a link meanwhile changes
 * nothing. */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH */
#include "safefile.h"
#include "arena.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct SafeFile {
    int dirfd;
    char *dir;       /* real path of the folder */
    char *base;      /* the name inside it */
    char tmp[64];    /* the temporary file's name; "" while it is unnamed (O_TMPFILE) */
    FILE *stream;
    bool have_old;   /* a file was there: its owner is kept */
    struct stat old;
};

/* A short description of what a non-regular file is. */
static const char *kind_of(mode_t m)
{
    return S_ISLNK(m) ? "it is a symbolic link (polsim does not write through links)"
         : S_ISDIR(m) ? "it is a folder"
         : S_ISCHR(m) || S_ISBLK(m) ? "it is a device, not a regular file"
         : S_ISFIFO(m) ? "it is a named pipe, not a regular file"
         : S_ISSOCK(m) ? "it is a socket, not a regular file" : "it is not a regular file";
}

/* The folder part of path ("." when none) and its last name, malloc'd;
 * false when path names no file (empty, ends in '/', "." or ".."). */
static bool split_path(const char *path, char **dir, char **base)
{
    const char *slash = strrchr(path, '/');
    const char *b = slash ? slash + 1 : path;
    if (!*b || strcmp(b, ".") == 0 || strcmp(b, "..") == 0) return false;
    *base = xstrdup(b);
    if (!slash) *dir = xstrdup(".");
    else if (slash == path) *dir = xstrdup("/");
    else {
        *dir = xmalloc((size_t)(slash - path) + 1);
        memcpy(*dir, path, (size_t)(slash - path));
        (*dir)[slash - path] = '\0';
    }
    return true;
}

/* The real path of the open folder fd (what /proc says it is now, else
 * realpath of name); malloc'd, or NULL. */
static char *real_dir(int fd, const char *name)
{
    char link[64], buf[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    if (n > 0 && buf[0] == '/') {
        buf[n] = '\0';
        return xstrdup(buf);
    }
    return realpath(name, NULL);
}

/* True when the real folder dir is root's real path or lies under it. */
static bool inside_root(const char *dir, const char *root)
{
    char *r = realpath(root, NULL);
    if (!r) return false;
    size_t n = strlen(r);
    bool in = strcmp(r, "/") == 0 || (strncmp(dir, r, n) == 0 && (dir[n] == '\0' || dir[n] == '/'));
    free(r);
    return in;
}

/* Opens the folder of f's name and checks it against root; false with err set. */
static bool open_dir(SafeFile *f, const char *dir, const char *root, char *err, size_t errn)
{
    f->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (f->dirfd < 0) {
        snprintf(err, errn, "%s", errno == ENOTDIR ? "its folder is not a folder" : strerror(errno));
        return false;
    }
    f->dir = real_dir(f->dirfd, dir);
    if (!f->dir) {
        snprintf(err, errn, "%s", strerror(errno));
        return false;
    }
    if (root && !inside_root(f->dir, root)) {
        snprintf(err, errn, "its folder %s is outside %s (through a symbolic link?)", f->dir,
                 strcmp(root, ".") == 0 ? "the current folder" : root);
        return false;
    }
    return true;
}

/* What is at the name now: nothing, or a regular file (kept in f->old).
 * False with err set for anything else. */
static bool check_name(SafeFile *f, char *err, size_t errn)
{
    struct stat st;
    if (fstatat(f->dirfd, f->base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) return true;
        snprintf(err, errn, "%s", strerror(errno));
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errn, "%s", kind_of(st.st_mode));
        return false;
    }
    f->have_old = true;
    f->old = st;
    return true;
}

/* A fresh name for a temporary file in the folder. */
static void temp_name(char *buf, size_t n)
{
    static unsigned counter;
    snprintf(buf, n, ".polsim-%ld-%u-%lx.tmp", (long)getpid(), counter++, (unsigned long)random());
}

/* Creates the temporary file: unnamed when the file system can, else a
 * dot-file beside the target. Its descriptor, or -1 with errno. */
static int create_temp(SafeFile *f, mode_t mode)
{
#ifdef O_TMPFILE
    int fd = openat(f->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
    if (fd >= 0) return fd;
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT) return -1;
#endif
    for (int tries = 0; tries < 100; tries++) {
        temp_name(f->tmp, sizeof f->tmp);
        int t = openat(f->dirfd, f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (t >= 0 || errno != EEXIST) {
            if (t < 0) f->tmp[0] = '\0';
            return t;
        }
    }
    f->tmp[0] = '\0';
    errno = EEXIST;
    return -1;
}

/* Frees f and everything it holds. */
static void safefile_free(SafeFile *f)
{
    if (f->stream) fclose(f->stream);
    if (f->dirfd >= 0) close(f->dirfd);
    free(f->dir);
    free(f->base);
    free(f);
}

/* The temporary file's mode: the old file's bits, else 0666 less the umask. */
static mode_t new_mode(const SafeFile *f)
{
    if (f->have_old) return f->old.st_mode & 07777;
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

SafeFile *safefile_open(const char *path, const char *root, char *err, size_t errn)
{
    SafeFile *f = xmalloc(sizeof *f);
    memset(f, 0, sizeof *f);
    f->dirfd = -1;
    char *dir = NULL;
    if (!split_path(path, &dir, &f->base)) {
        snprintf(err, errn, "it names a folder, not a file");
        safefile_free(f);
        return NULL;
    }
    bool ok = open_dir(f, dir, root, err, errn) && check_name(f, err, errn);
    free(dir);
    int fd = -1;
    if (ok) {
        mode_t mode = new_mode(f);
        fd = create_temp(f, mode);
        ok = fd >= 0 && fchmod(fd, mode) == 0; /* exactly the mode: the umask narrowed openat's */
        if (ok && f->have_old && geteuid() == 0 && fchown(fd, f->old.st_uid, f->old.st_gid) != 0) ok = false;
        if (ok) f->stream = fdopen(fd, "wb");
        ok = ok && f->stream;
        if (!ok) snprintf(err, errn, "%s", strerror(errno));
    }
    if (ok) return f;
    if (fd >= 0 && !f->stream) close(fd);
    if (f->tmp[0]) unlinkat(f->dirfd, f->tmp, 0);
    safefile_free(f);
    return NULL;
}

FILE *safefile_stream(SafeFile *f) { return f->stream; }

const char *safefile_dir(const SafeFile *f) { return f->dir; }

/* Gives an unnamed temporary file a name in the folder; false with errno. */
static bool name_temp(SafeFile *f)
{
    if (f->tmp[0]) return true;
    int fd = fileno(f->stream);
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    for (int tries = 0; tries < 100; tries++) {
        temp_name(f->tmp, sizeof f->tmp);
        if (linkat(AT_FDCWD, proc, f->dirfd, f->tmp, AT_SYMLINK_FOLLOW) == 0) return true;
#ifdef AT_EMPTY_PATH
        if (errno == ENOENT && linkat(fd, "", f->dirfd, f->tmp, AT_EMPTY_PATH) == 0) return true;
#endif
        if (errno != EEXIST) break;
    }
    f->tmp[0] = '\0';
    return false;
}

bool safefile_commit(SafeFile *f, char *err, size_t errn)
{
    errno = 0;
    bool ok = fflush(f->stream) == 0 && !ferror(f->stream) && fsync(fileno(f->stream)) == 0;
    if (!ok) snprintf(err, errn, "%s", errno ? strerror(errno) : "write error");
    ok = ok && check_name(f, err, errn); /* nothing else slipped in at the name meanwhile */
    if (ok && !(name_temp(f) && renameat(f->dirfd, f->tmp, f->dirfd, f->base) == 0)) {
        snprintf(err, errn, "%s", strerror(errno));
        ok = false;
    }
    if (ok) {
        f->tmp[0] = '\0';
        fsync(f->dirfd); /* the rename on disk; the file itself is already synced */
    }
    safefile_abort(f);
    return ok;
}

void safefile_abort(SafeFile *f)
{
    if (f->tmp[0]) unlinkat(f->dirfd, f->tmp, 0);
    safefile_free(f);
}

bool safefile_write(const char *path, const char *root, const void *data, size_t len, char *err, size_t errn)
{
    SafeFile *f = safefile_open(path, root, err, errn);
    if (!f) return false;
    if (len && fwrite(data, 1, len, f->stream) != len) {
        snprintf(err, errn, "%s", strerror(errno));
        safefile_abort(f);
        return false;
    }
    return safefile_commit(f, err, errn);
}
