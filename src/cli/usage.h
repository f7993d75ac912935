/* usage.h: the one way the command line reports wrong usage. */
#ifndef POLSIM_USAGE_H
#define POLSIM_USAGE_H
#include <stdio.h>

enum { EXIT_USAGE_STATUS = 2 };

/* Prints "polsim: MESSAGE" (fmt with one string argument) and where to read
 * more (`polsim [COMMAND] --help`; command NULL for the main help); returns 2. */
static inline int cli_usage(const char *command, const char *fmt, const char *arg)
{
    fputs("polsim: ", stderr);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'polsim %s%s--help'.\n", command ? command : "", command ? " " : "");
    return EXIT_USAGE_STATUS;
}
#endif
