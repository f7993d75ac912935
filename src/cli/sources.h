/* sources.h: `polsim sources NAME [FILE...]`: the sources behind a
 * definition. It loads the prelude and the FILEs, then prints the `source:`
 * text and every figure note of NAME (for a cluster, of its chip too; for a
 * scenario, of the rules, chips and vendors its policies name), and the
 * docs/sources.md entry of every id they cite. A citation is the list of ids
 * in square brackets that starts a text: "[id, id] label; ...". The
 * bibliography is docs/sources.md, compiled into the binary
 * (polsim_doc_files, stdlib_embed.h). See docs/language.md, "Sources".
 * Nothing allocated here outlives a call. */
#ifndef POLSIM_SOURCES_H
#define POLSIM_SOURCES_H

/* Runs `polsim sources`; argv[0] is "sources". Returns the exit status: 0
 * listed, 2 wrong usage or an unknown NAME, 65 an error in a FILE, 66 a FILE
 * that cannot be read. Output goes to stdout, errors to stderr. */
int sources_main(int argc, char **argv);
#endif
