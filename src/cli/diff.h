/* diff.h: `polsim diff A.pol B.pol` and `polsim diff REV -- FILE`: what
 * changed between two versions of a scenario file, in plain words (or JSON,
 * one object per difference): definitions, policies, scenarios and, with
 * --results, the model's figures. See docs/language.md, "The command line".
 *
 * Each version runs in a check session of its own (nothing printed); the
 * two worlds are then compared by names and values with polsim_diff
 * (polsim.h), never by pointers. */
#ifndef POLSIM_DIFF_H
#define POLSIM_DIFF_H

/* Runs `polsim diff`; argv[0] is "diff". Returns the exit status: 0 no
 * difference, 1 differences, 2 wrong usage, 65 an error in either file, 66 a
 * file (or git revision) that cannot be read. Output goes to stdout. */
int diff_main(int argc, char **argv);
#endif
