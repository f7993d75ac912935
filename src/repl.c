/* repl.c: placeholder until the REPL issue: reads lines with readline. */
#include "repl.h"
#include <readline/history.h>
#include <readline/readline.h>
#include <stdlib.h>
#include <string.h>

int repl_run(Interp *I)
{
    char *line;
    while ((line = readline("polsim> "))) {
        if (*line) add_history(line);
        interp_run_text(I, "<repl>", line, strlen(line), false);
        free(line);
    }
    return 0;
}
