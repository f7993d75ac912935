/* fuzz_lsp.c: libFuzzer harness for the language server (src/cli/lsp.c).
 * An input that starts with "Content-Length:" is the client's byte stream
 * itself (framing, JSON-RPC, any method). Any other input is a document's
 * text: the harness opens it and asks what an editor asks (hover and
 * definition at a few places, completion, symbols, formatting), changes it,
 * and shuts the server down. Any message must be answered or refused, never
 * crash, leak or trip a sanitizer. Build and run: make fuzz, make fuzz-smoke. */
#include "../../src/cli/lsp.h"
#include "budget.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One framed message to f. */
static void frame(FILE *f, json_t *msg)
{
    char *body = json_dumps(msg, JSON_COMPACT);
    if (body) fprintf(f, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
    free(body);
    json_decref(msg);
}

static json_t *position(size_t line, size_t character)
{
    return json_pack("{s:{s:s},s:{s:I,s:I}}", "textDocument", "uri", "file:///fuzz/doc.pol", "position", "line",
                     (json_int_t)line, "character", (json_int_t)character);
}

/* The session an editor has with a document holding text. */
static void session(FILE *f, const unsigned char *text, size_t size)
{
    static const char *const AT[] = {"textDocument/hover", "textDocument/definition", "textDocument/completion"};
    frame(f, json_pack("{s:s,s:i,s:s,s:{s:n,s:s,s:{}}}", "jsonrpc", "2.0", "id", 1, "method", "initialize", "params",
                       "processId", "rootUri", "file:///fuzz", "capabilities"));
    json_t *doc = json_pack("{s:s,s:s,s:i,s:o}", "uri", "file:///fuzz/doc.pol", "languageId", "polsim", "version", 1, "text",
                            json_stringn_nocheck((const char *)text, size));
    frame(f, json_pack("{s:s,s:s,s:{s:o}}", "jsonrpc", "2.0", "method", "textDocument/didOpen", "params", "textDocument", doc));
    int id = 2;
    for (size_t k = 0; k < 6; k++) { /* places spread over the text */
        size_t line = size ? text[(k * 7919) % size] % 8 : 0, ch = size ? text[(k * 104729) % size] % 40 : 0;
        frame(f, json_pack("{s:s,s:i,s:s,s:o}", "jsonrpc", "2.0", "id", id++, "method", AT[k % 3], "params", position(line, ch)));
    }
    frame(f, json_pack("{s:s,s:i,s:s,s:{s:{s:s}}}", "jsonrpc", "2.0", "id", id++, "method", "textDocument/documentSymbol",
                       "params", "textDocument", "uri", "file:///fuzz/doc.pol"));
    frame(f, json_pack("{s:s,s:i,s:s,s:{s:{s:s},s:{s:i,s:b}}}", "jsonrpc", "2.0", "id", id++, "method",
                       "textDocument/formatting", "params", "textDocument", "uri", "file:///fuzz/doc.pol", "options",
                       "tabSize", 2, "insertSpaces", 1));
    json_t *change = json_pack("[{s:o}]", "text", json_stringn_nocheck((const char *)text, size / 2));
    frame(f, json_pack("{s:s,s:s,s:{s:{s:s,s:i},s:o}}", "jsonrpc", "2.0", "method", "textDocument/didChange", "params",
                       "textDocument", "uri", "file:///fuzz/doc.pol", "version", 2, "contentChanges", change));
    frame(f, json_pack("{s:s,s:i,s:s}", "jsonrpc", "2.0", "id", id++, "method", "shutdown"));
    frame(f, json_pack("{s:s,s:s}", "jsonrpc", "2.0", "method", "exit"));
}

enum { FUZZ_LSP_STEPS = 200000 };

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    lsp_set_steps(FUZZ_LSP_STEPS); /* each check; a document of big studies would outlast the 10 s timeout */
    char *stream = NULL;
    size_t len = 0;
    FILE *in;
    if (size >= 15 && memcmp(data, "Content-Length:", 15) == 0) {
        in = fmemopen((void *)data, size, "rb");
    } else {
        FILE *w = open_memstream(&stream, &len);
        session(w, data, size);
        fclose(w);
        in = fmemopen(stream, len, "rb");
    }
    FILE *out = fopen("/dev/null", "w"); /* lsp_serve closes it */
    if (in && out) lsp_serve(in, out);
    else if (out) fclose(out);
    if (in) fclose(in);
    free(stream);
    return 0;
}
