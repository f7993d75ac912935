/* fuzz_parse.c: libFuzzer harness for the front end alone: the scanner
 * (grammar/lexer.l) and the parser (grammar/parser.y) through parse_source
 * (include/parse.h), with and without quiet_eof (the REPL's mode, where an
 * early end of input is "incomplete" rather than an error). Nothing runs.
 * Any input must end in a statement list or located messages, never a crash,
 * a leak or undefined behaviour. Build and run: make fuzz, make fuzz-smoke. */
#include "arena.h"
#include "diag.h"
#include "intern.h"
#include "parse.h"
#include "source.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses a copy of data[0..size) once in the given mode. */
static void parse_once(const unsigned char *data, size_t size, bool quiet_eof, FILE *devnull)
{
    char *text = malloc(size + 1);
    if (!text) return;
    memcpy(text, data, size);
    text[size] = '\0';
    SourceSet set;
    Arena arena;
    Intern names;
    Diag diag;
    sourceset_init(&set);
    arena_init(&arena);
    intern_init(&names, &arena);
    diag_init(&diag, devnull);
    Source *src = sourceset_add(&set, "<fuzz>", text, size, NULL, false); /* owns text */
    ParseResult r = parse_source(src, &arena, &names, &diag, quiet_eof);
    /* An incomplete parse is never also a success; a success reports nothing. */
    if ((r.ok && r.incomplete) || (r.ok && diag.errors)) abort();
    intern_free(&names);
    arena_free(&arena);
    sourceset_free(&set);
}

/* libFuzzer's entry point: the input parsed as a file, then as REPL input. */
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static FILE *devnull;
    if (!devnull) devnull = fopen("/dev/null", "w");
    parse_once(data, size, false, devnull);
    parse_once(data, size, true, devnull);
    return 0;
}
