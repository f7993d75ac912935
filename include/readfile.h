/* readfile.h: reading a scenario's text whole, from a file, a pipe or
 * standard input, with a size limit. Support layer: the evaluator's loader
 * (src/run/load.c), the command line (fmt, diff, the language server) and
 * the chart helper (its request) read through it. */
#ifndef POLSIM_READFILE_H
#define POLSIM_READFILE_H
#include <stdbool.h>
#include <stddef.h>

enum { MAX_SOURCE_BYTES = 16 << 20 }; /* the most a scenario file, pipe or stdin may hold */
/* Reads a whole file into a malloc'd NUL-terminated buffer (the caller frees
 * it); NULL with *why (static text) on failure. Never blocks on opening a
 * named pipe unless regular_only is false; then pipes and the device that is
 * standard input are read too, up to MAX_SOURCE_BYTES. */
char *load_file(const char *path, size_t *len, bool regular_only, const char **why);
/* Reads fd to its end into a malloc'd NUL-terminated buffer (caller frees);
 * NULL with *why set on a read error or past MAX_SOURCE_BYTES. */
char *load_stream(int fd, size_t *len, const char **why);
/* load_stream with a limit of max bytes, past which *why is too_big. */
char *load_stream_max(int fd, size_t max, const char *too_big, size_t *len, const char **why);
/* The folder part of path, malloc'd (the caller frees it): "." for none, "/"
 * for a file at the root. */
char *path_folder(const char *path);
#endif
