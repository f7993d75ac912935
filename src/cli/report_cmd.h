/* report_cmd.h: `polsim report FILE... [-o OUT.html]`: one self-contained
 * HTML page of a run (html.h). See docs/language.md, "The command line". */
#ifndef POLSIM_REPORT_CMD_H
#define POLSIM_REPORT_CMD_H

/* Runs `polsim report`; argv[0] is "report". Returns the exit status: 0 the
 * page is written, 1 written with a failed assert, 2 wrong usage, 65 an error
 * in a file (no page), 66 an unreadable file, 74 the page cannot be written. */
int report_main(int argc, char **argv);
#endif
