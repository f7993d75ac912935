/* usage.h: the one way the command line reports wrong usage. */
#ifndef POLSIM_USAGE_H
#define POLSIM_USAGE_H
#include "termtext.h"
#include <stdio.h>
#include <stdlib.h>

enum { EXIT_USAGE_STATUS = 2 };

/* Prints "polsim: MESSAGE" (fmt with one string argument, its control bytes
 * shown as \xNN like every diagnostic) and where to read more (`polsim
 * [COMMAND] --help`; command NULL for the main help); returns 2. */
static inline int cli_usage(const char *command, const char *fmt, const char *arg)
{
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, arg);
    char *shown = text_visible(msg);
    fprintf(stderr, "polsim: %s", shown);
    free(shown);
    fprintf(stderr, "\nTry 'polsim %s%s--help'.\n", command ? command : "", command ? " " : "");
    return EXIT_USAGE_STATUS;
}
#endif
