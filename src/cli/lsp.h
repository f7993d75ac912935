/* lsp.h: `polsim lsp`, a language server on standard input and output (the
 * Language Server Protocol: JSON-RPC messages framed by Content-Length
 * headers, read and written with jansson). It keeps every open document's
 * text, runs it in a fresh quiet interpreter (like `polsim check`) after each
 * change and publishes the diagnostics; hover shows a name's figures with
 * their units and sources (the rows of `show`) or a value; completion offers
 * the REPL's Tab candidates; go to definition jumps to where a name is
 * defined: the document, an imported file, or a copy of the built-in stdlib
 * file written once under $XDG_CACHE_HOME/polsim/stdlib-VERSION/ (default
 * ~/.cache).
 *
 * Ownership: the server owns its documents (texts, paths, interpreters) and
 * frees them when a document closes and at exit. */
#ifndef POLSIM_LSP_H
#define POLSIM_LSP_H
/* Runs the server until an `exit` notification or the end of input; argv[0]
 * is "lsp". Returns 0 after a shutdown request was answered, else 1 (2 for
 * wrong usage). */
int lsp_main(int argc, char **argv);
/* Serves the messages read from in, answering on out (closed at the end
 * unless it is stdout), until `exit` or the end of in; returns as lsp_main.
 * The fuzz harness tests/fuzz/fuzz_lsp.c drives it. */
#include <stdio.h>
int lsp_serve(FILE *in, FILE *out);
/* The evaluation steps each check of a document may take (default 10^8). */
void lsp_set_steps(unsigned long long n);
#endif
