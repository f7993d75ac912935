/* lsp.c: the language server, see lsp.h. Positions in the protocol are
 * 0-based lines and UTF-16 code units; the interpreter counts bytes, so every
 * position is converted against the text it belongs to. */
#include "lsp.h"
#include "safefile.h"
#include "usage.h"
#include "fmt.h"
#include "parse.h"
#include "polsim.h"
#include "readfile.h"
#include "tokens.h"
#include "version.h"
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* JSON-RPC error codes. */
enum { RPC_PARSE_ERROR = -32700, RPC_INVALID_REQUEST = -32600, RPC_METHOD_NOT_FOUND = -32601,
       RPC_INVALID_PARAMS = -32602, RPC_NOT_INITIALIZED = -32002, RPC_REQUEST_FAILED = -32803 };
/* LSP SymbolKind values. */
enum { SYM_NAMESPACE = 3, SYM_FIELD = 8, SYM_VARIABLE = 13, SYM_STRUCT = 23 };
/* The most a message body may hold, and evaluation steps per document run. */
enum { LSP_MAX_BODY = 64 << 20 };
#define LSP_STEPS 100000000ULL
static unsigned long long lsp_steps = LSP_STEPS; /* per check of a document (lsp_set_steps) */

void lsp_set_steps(unsigned long long n) { lsp_steps = n; }

static const char LSP_USAGE[] =
    "usage: polsim lsp    a language server on stdin/stdout (Language Server Protocol)\n"
    "Point an editor's LSP client at the command `polsim lsp` for .pol files: it gives\n"
    "diagnostics as you type, hover (names, fields, keywords), completion, go to\n"
    "definition, document symbols and formatting (as polsim fmt).\n";

/* One open document. */
typedef struct Doc {
    char *uri, *path, *dir; /* malloc'd; path names the document in messages */
    char *text;             /* the newest text, malloc'd, NUL-terminated */
    size_t len;
    polsim_session *s;      /* the last run that succeeded (or the first run); may be NULL */
    int src;                /* the source of s that is the document's text as s ran it */
} Doc;

typedef struct Server {
    FILE *out;              /* the protocol's output (the real stdout) */
    Doc *docs;
    size_t ndocs, cap;
    bool initialized, shutdown, exit;
    int write_errno; /* the first failed write to the client (0: none); it ends the server */
    json_t *failed;  /* a request handler's error message (a JSON string), sent instead of its result */
} Server;

/* --- framing -------------------------------------------------------------------------- */

/* Writes msg (consumed) as one framed message; NULL (a json_pack that failed) sends nothing. */
static void lsp_send(Server *S, json_t *msg)
{
    if (!msg) return;
    size_t n = json_dumpb(msg, NULL, 0, JSON_COMPACT);
    char *buf = xmalloc(n ? n : 1);
    json_dumpb(msg, buf, n, JSON_COMPACT);
    errno = 0;
    fprintf(S->out, "Content-Length: %zu\r\n\r\n", n);
    fwrite(buf, 1, n, S->out);
    if ((fflush(S->out) != 0 || ferror(S->out)) && !S->write_errno) {
        S->write_errno = errno ? errno : EIO;
        S->exit = true; /* nobody can hear the answers */
    }
    free(buf);
    json_decref(msg);
}

/* Sends the result of request id. */
static void lsp_reply(Server *S, json_t *id, json_t *result)
{
    lsp_send(S, json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(), "result",
                          result ? result : json_null()));
}

/* Sends an error response to request id (NULL: id null). */
static void lsp_error(Server *S, json_t *id, int code, const char *message)
{
    lsp_send(S, json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error",
                          "code", code, "message", message));
}

/* Reads the header block of one message; the body length in *len, or -1 if
 * the block has none (or a bad one). False at the end of input. */
static bool lsp_read_header(FILE *in, long long *len)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool any = false, done = false;
    *len = -1;
    while ((n = getline(&line, &cap, in)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        if (n == 0 && any) {
            done = true;
            break;
        }
        if (n == 0) continue; /* blank lines between messages */
        any = true;
        if (strncasecmp(line, "content-length:", 15) == 0) {
            char *end;
            errno = 0;
            long long v = strtoll(line + 15, &end, 10);
            while (*end == ' ' || *end == '\t') end++;
            *len = errno || *end || v < 0 ? -1 : v;
        }
    }
    free(line);
    return done;
}

/* Reads one message body (malloc'd, NUL-terminated, length *len). NULL with
 * *len 0 at the end of input; NULL with *len 1 for a message that cannot be
 * read (no length or too long: its bytes are skipped). */
static char *lsp_read(FILE *in, size_t *len)
{
    long long n;
    *len = 0;
    if (!lsp_read_header(in, &n)) return NULL;
    if (n < 0 || n > LSP_MAX_BODY) {
        for (long long i = 0; i < n && getc(in) != EOF; i++) continue;
        *len = 1;
        return NULL;
    }
    char *body = xmalloc((size_t)n + 1);
    if (fread(body, 1, (size_t)n, in) != (size_t)n) {
        free(body);
        return NULL;
    }
    body[n] = '\0';
    *len = (size_t)n;
    return body;
}

/* --- positions ------------------------------------------------------------------------ */

/* UTF-16 code units of the UTF-8 bytes s[0..n). */
static long utf16_units(const char *s, size_t n)
{
    long units = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
    }
    return units;
}

/* The LSP position {line, character} of byte offset off in text. */
static json_t *lsp_position(const char *text, size_t len, size_t off)
{
    if (off > len) off = len;
    long line = 0;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') {
            line++;
            start = i + 1;
        }
    return json_pack("{s:i, s:i}", "line", (json_int_t)line, "character", (json_int_t)utf16_units(text + start, off - start));
}

/* The LSP range of bytes [start, end) of text. */
static json_t *lsp_range(const char *text, size_t len, size_t start, size_t end)
{
    if (end < start) end = start;
    return json_pack("{s:o, s:o}", "start", lsp_position(text, len, start), "end", lsp_position(text, len, end));
}

/* The byte offset of an LSP position in text (clamped to its line and text). */
static size_t lsp_offset(const char *text, size_t len, json_int_t line, json_int_t character)
{
    size_t i = 0;
    for (json_int_t l = 0; l < line && i < len; i++)
        if (text[i] == '\n') l++;
    json_int_t units = 0;
    while (i < len && text[i] != '\n' && units < character) {
        unsigned char c = (unsigned char)text[i++];
        units += c >= 0xF0 ? 2 : 1;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80) i++;
    }
    return i;
}

/* --- documents ------------------------------------------------------------------------ */

/* The path a file:// URI names (malloc'd, percent escapes undone); other URIs as they are. */
static char *uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0) return xstrdup(uri);
    const char *s = uri + 7;
    char *out = xmalloc(strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
            char hex[3] = {s[1], s[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            s += 2;
        } else *o++ = *s;
    }
    *o = '\0';
    return out;
}

/* The file:// URI of an absolute path (malloc'd), bytes outside the unreserved set escaped. */
static char *path_to_uri(const char *path)
{
    char *out = xmalloc(7 + strlen(path) * 3 + 1), *o = out;
    o += sprintf(o, "file://");
    for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
        if (isalnum(*s) || strchr("/-._~", *s)) *o++ = (char)*s;
        else o += sprintf(o, "%%%02X", *s);
    }
    *o = '\0';
    return out;
}

/* The folder of a document path (malloc'd): its directory, or "." for a relative one */
static char *doc_dir(const char *path)
{
    return path[0] == '/' ? path_folder(path) : xstrdup(".");
}

/* The open document with uri, or NULL. */
static Doc *doc_find(Server *S, const char *uri)
{
    for (size_t i = 0; uri && i < S->ndocs; i++)
        if (strcmp(S->docs[i].uri, uri) == 0) return &S->docs[i];
    return NULL;
}

/* Closes a document's session. */
static void doc_drop_session(Doc *d)
{
    polsim_close(d->s);
    d->s = NULL;
    d->src = -1;
}

/* Frees everything a document holds. */
static void doc_free(Doc *d)
{
    doc_drop_session(d);
    free(d->uri);
    free(d->path);
    free(d->dir);
    free(d->text);
}

/* --- diagnostics ---------------------------------------------------------------------- */

/* A record of an error, warning or note of a run as one LSP diagnostic. A
 * message about another file (an import) is put at the document's start,
 * with its own place in the text. */
static json_t *lsp_diagnostic(const Doc *d, const polsim_record *rec, int src)
{
    const char *type = polsim_record_type(rec), *message = polsim_record_message(rec);
    int severity = strcmp(type, "warning") == 0 ? 2 : strcmp(type, "note") == 0 ? 3 : 1;
    polsim_place pl;
    json_t *range;
    char *msg;
    if (polsim_record_place(rec, &pl) && pl.source == src) {
        range = lsp_range(d->text, d->len, pl.start, pl.end);
        msg = xstrdup(message);
    } else {
        range = lsp_range(d->text, d->len, 0, 0);
        size_t n = strlen(message) + (pl.file ? strlen(pl.file) : 0) + 48;
        msg = xmalloc(n);
        if (pl.file) snprintf(msg, n, "%s:%d:%d: %s", pl.file, pl.line, pl.column, message);
        else snprintf(msg, n, "%s", message);
    }
    json_t *text = json_string(msg); /* NULL if a file name is not UTF-8: then the message alone */
    json_t *diag = json_pack("{s:o, s:i, s:s, s:o}", "range", range, "severity", severity, "source", "polsim", "message",
                             text ? text : json_string(message));
    free(msg);
    return diag;
}

/* Runs a document's text in a fresh quiet session (check mode) and
 * publishes its diagnostics; keeps the session if the run succeeded or none
 * is kept. */
static void lsp_check(Server *S, Doc *d)
{
    polsim_options o;
    polsim_options_init(&o);
    o.mode = POLSIM_MODE_CHECK;
    o.max_steps = lsp_steps;
    polsim_session *s = polsim_open(&o, NULL, 0);
    json_t *list = json_array();
    bool ok = false;
    int src = -1;
    if (s) {
        src = (int)polsim_source_count(s); /* the document's text is the next source */
        const polsim_result *r = polsim_run_ex(s, d->path, d->text, d->len, d->dir, 0);
        polsim_status st = polsim_result_status(r);
        ok = st == POLSIM_OK || st == POLSIM_ASSERT_FAILED;
        for (size_t i = 0; i < polsim_result_count(r); i++) {
            const polsim_record *rec = polsim_result_record(r, i);
            polsim_record_kind k = polsim_record_kind_of(rec);
            if (k == POLSIM_REC_ERROR || k == POLSIM_REC_WARNING) json_array_append_new(list, lsp_diagnostic(d, rec, src));
        }
    }
    lsp_send(S, json_pack("{s:s, s:s, s:{s:s, s:o}}", "jsonrpc", "2.0", "method", "textDocument/publishDiagnostics",
                          "params", "uri", d->uri, "diagnostics", list));
    if (s && (ok || !d->s)) {
        doc_drop_session(d);
        d->s = s;
        d->src = src;
    } else polsim_close(s);
}

/* Sets a document's text (taking text) and checks it. */
static void lsp_set_text(Server *S, Doc *d, char *text, size_t len)
{
    free(d->text);
    d->text = text;
    d->len = len;
    lsp_check(S, d);
}

/* A malloc'd copy of a JSON string, its length in *len; NULL if not a string. */
static char *json_text(json_t *s, size_t *len)
{
    if (!json_is_string(s)) return NULL;
    *len = json_string_length(s);
    char *t = xmalloc(*len + 1);
    memcpy(t, json_string_value(s), *len + 1);
    return t;
}

/* textDocument/didOpen */
static void lsp_did_open(Server *S, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    size_t len;
    char *text = json_text(json_object_get(td, "text"), &len);
    if (!uri || !text) {
        free(text);
        return;
    }
    Doc *d = doc_find(S, uri);
    if (!d) {
        if (S->ndocs == S->cap) S->docs = xrealloc(S->docs, (S->cap = S->cap ? S->cap * 2 : 8) * sizeof *S->docs);
        d = &S->docs[S->ndocs++];
        *d = (Doc){.uri = xstrdup(uri), .path = uri_to_path(uri), .src = -1};
        d->dir = doc_dir(d->path);
    }
    lsp_set_text(S, d, text, len);
}

/* textDocument/didChange: the whole text (the last change given). */
static void lsp_did_change(Server *S, json_t *params)
{
    Doc *d = doc_find(S, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
    json_t *changes = json_object_get(params, "contentChanges");
    size_t n = json_array_size(changes), len;
    char *text = d && n ? json_text(json_object_get(json_array_get(changes, n - 1), "text"), &len) : NULL;
    if (text) lsp_set_text(S, d, text, len);
}

/* textDocument/didClose */
static void lsp_did_close(Server *S, json_t *params)
{
    Doc *d = doc_find(S, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
    if (!d) return;
    lsp_send(S, json_pack("{s:s, s:s, s:{s:s, s:[]}}", "jsonrpc", "2.0", "method", "textDocument/publishDiagnostics",
                          "params", "uri", d->uri, "diagnostics"));
    doc_free(d);
    *d = S->docs[--S->ndocs];
}

/* --- queries: the name under the cursor ----------------------------------------------- */

/* The scanner's tokens of a text. */
typedef struct TokList {
    Token *t;
    size_t n, cap;
} TokList;

/* TokenFn: appends a token (without its string value, which does not outlive the call). */
static bool tok_push(void *data, const Token *t)
{
    TokList *l = data;
    if (l->n == l->cap) l->t = xrealloc(l->t, (l->cap = l->cap ? l->cap * 2 : 256) * sizeof *l->t);
    l->t[l->n] = *t;
    l->t[l->n++].value = NULL;
    return true;
}

/* The name under the cursor: a chain NAME.NAME...NAME whose last name is at the cursor. */
typedef struct Target {
    Doc *d;
    size_t first, last; /* byte spans: the chain starts at first, the name at the cursor is [last, end) */
    size_t end;
    bool chain;         /* there is a NAME. before the name */
    size_t owner, owner_end; /* chain: the name before the '.' */
} Target;

/* Finds the document and the name at params' position; false if there is none. */
static bool lsp_target(Server *S, json_t *params, Target *t)
{
    json_t *pos = json_object_get(params, "position");
    t->d = doc_find(S, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
    if (!t->d || !t->d->s || !json_is_object(pos)) return false;
    Doc *d = t->d;
    size_t off = lsp_offset(d->text, d->len, json_integer_value(json_object_get(pos, "line")),
                            json_integer_value(json_object_get(pos, "character")));
    TokList l = {0};
    lex_tokens(d->text, d->len, tok_push, &l);
    size_t at = l.n;
    for (size_t i = 0; i < l.n; i++)
        if (l.t[i].kind == TOK_NAME && l.t[i].start <= off && off <= l.t[i].end) at = i;
    bool found = at < l.n;
    if (found) {
        size_t j = at;
        while (j >= 2 && l.t[j - 1].kind == TOK_PUNCT && d->text[l.t[j - 1].start] == '.' && l.t[j - 2].kind == TOK_NAME) j -= 2;
        *t = (Target){d, l.t[j].start, l.t[at].start, l.t[at].end, j != at, 0, 0};
        if (t->chain) {
            t->owner = l.t[at - 2].start;
            t->owner_end = l.t[at - 2].end;
        }
    }
    free(l.t);
    return found;
}

/* What the name text[start, end) is in the session's state (kind POLSIM_UNBOUND: nothing). */
static polsim_info lsp_lookup(polsim_session *s, const char *text, size_t start, size_t end, const char *field)
{
    polsim_info info;
    char *name = xmalloc(end - start + 1);
    memcpy(name, text + start, end - start);
    name[end - start] = '\0';
    polsim_lookup(s, name, field, &info);
    free(name);
    return info;
}

/* Runs one statement in the session and returns what it printed (malloc'd), or NULL on an error. */
static char *lsp_capture(polsim_session *s, const char *stmt)
{
    const polsim_result *r = polsim_run_ex(s, "<hover>", stmt, strlen(stmt), NULL, POLSIM_RUN_SHOW);
    polsim_status st = polsim_result_status(r);
    if (st != POLSIM_OK && st != POLSIM_ASSERT_FAILED) return NULL;
    return xstrdup(polsim_result_render(r, POLSIM_TEXT, NULL));
}

/* The hover text for a function's name s[0..n): its usage and what it does; NULL for another word. */
static char *lsp_builtin_text(const char *s, size_t n)
{
    const char *name, *usage, *help;
    for (size_t i = 0; polsim_function(i, &name, &usage, &help); i++) {
        if (strlen(name) != n || strncmp(name, s, n) != 0) continue;
        size_t len = strlen(usage) + strlen(help) + 32;
        char *out = xmalloc(len);
        snprintf(out, len, "```text\n%s\n```\n%s", usage, help);
        return out;
    }
    return NULL;
}

/* The hover text for the target: an entity's `show` rows, a let's value, or NAME.attr's value. */
static char *lsp_hover_text(const Target *t)
{
    polsim_session *s = t->d->s;
    const char *text = t->d->text;
    int span = (int)(t->end - t->first), name = (int)(t->end - t->last);
    char stmt[1024], *out = NULL;
    if ((size_t)span > sizeof stmt - 32) return NULL;
    polsim_info b = {.kind = POLSIM_UNBOUND};
    if (!t->chain) b = lsp_lookup(s, text, t->last, t->end, NULL);
    bool entity = b.kind < POLSIM_LET, let = b.kind == POLSIM_LET;
    if (!t->chain && !entity && !let) return lsp_builtin_text(text + t->last, (size_t)name);
    snprintf(stmt, sizeof stmt, "%s %.*s\n", entity ? "show" : "print", span, text + t->first);
    char *shown = lsp_capture(s, stmt);
    if (!shown) return NULL;
    size_t n = strlen(shown) + (size_t)span + 256 + (let && b.note ? strlen(b.note) : 0) + (b.place.file ? strlen(b.place.file) : 0);
    out = xmalloc(n);
    char where[64];
    snprintf(where, sizeof where, ":%d", b.place.line);
    if (entity) snprintf(out, n, "```text\n%s```", shown);
    else if (let) /* a let: its value, where it is made and its source note */
        snprintf(out, n, "```text\nlet %.*s = %s```\n(%s%s)%s%s", name, text + t->last, shown,
                 b.place.file ? b.place.file : "(built in)", b.place.file ? where : "", b.note ? "\n\nsource: " : "",
                 b.note ? b.note : "");
    else snprintf(out, n, "```text\n%.*s = %s```", span, text + t->first, shown);
    free(shown);
    return out;
}

/* --- the document's syntax tree (symbols, formatting, hover on fields) ------------------ */

/* One parse of a text, with what it needs. */
typedef struct DocParse {
    Arena arena;
    Intern names;
    SourceSet set;
    Diag diag;
    Stmt *stmts;
    bool ok;
} DocParse;

/* Diag callback: a parse for a query reports nothing. */
static void lsp_quiet(void *data, const char *text)
{
    (void)data, (void)text;
}

/* Parses text[0..len) (copied) into p; p->ok says whether it parsed. Free with doc_parse_free. */
static void doc_parse(DocParse *p, const char *name, const char *text, size_t len)
{
    arena_init(&p->arena);
    intern_init(&p->names, &p->arena);
    sourceset_init(&p->set);
    diag_init(&p->diag, stderr);
    p->diag.callback = lsp_quiet;
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    ParseResult r = parse_source(sourceset_add(&p->set, name, copy, len, NULL, false), &p->arena, &p->names, &p->diag, false);
    p->stmts = r.stmts;
    p->ok = r.ok;
}

static void doc_parse_free(DocParse *p)
{
    sourceset_free(&p->set);
    intern_free(&p->names);
    arena_free(&p->arena);
}

/* The open document params name, or NULL. */
static Doc *lsp_doc(Server *S, json_t *params)
{
    return doc_find(S, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
}

/* The byte offset of params' position in d's text. */
static size_t lsp_param_offset(const Doc *d, json_t *params)
{
    json_t *pos = json_object_get(params, "position");
    return lsp_offset(d->text, d->len, json_integer_value(json_object_get(pos, "line")),
                      json_integer_value(json_object_get(pos, "character")));
}

/* The field whose name covers byte off in a definition of stmts (also in
 * scenarios and dated blocks); its definition's kind in *kind. */
static const Field *field_at(const Stmt *stmts, size_t off, EntityKind *kind)
{
    for (const Stmt *s = stmts; s; s = s->next) {
        const Field *f = NULL;
        if (s->kind == S_DEFINE) {
            for (f = s->u.def.fields; f; f = f->next)
                if (f->name.loc.start <= off && off <= f->name.loc.end) break;
            if (f) *kind = s->u.def.kind;
        } else if (s->kind == S_SCENARIO) f = field_at(s->u.scenario.body, off, kind);
        else if (s->kind == S_ON) f = field_at(s->u.on.body, off, kind);
        if (f) return f;
    }
    return NULL;
}

/* Hover on a field name inside a definition: the field's help (FieldSpec), or NULL. */
static char *lsp_field_text(const Doc *d, size_t off)
{
    DocParse p;
    doc_parse(&p, d->path, d->text, d->len);
    EntityKind kind = K_CHIP;
    const Field *f = p.ok ? field_at(p.stmts, off, &kind) : NULL;
    const char *name = NULL, *help = NULL;
    int required = 0;
    for (size_t i = 0; f && polsim_field((polsim_kind)kind, i, &name, &help, &required); i++)
        if (strcmp(name, f->name.id) == 0) break;
    char *out = NULL;
    if (f && name && strcmp(name, f->name.id) == 0) {
        size_t n = strlen(name) + strlen(help) + 64;
        out = xmalloc(n);
        snprintf(out, n, "**%s** (field of a %s%s)\n\n%s", name, polsim_kind_name((polsim_kind)kind),
                 required ? ", required" : "", help);
    }
    doc_parse_free(&p);
    return out;
}

/* TokenFn: finds the keyword token that covers off (not an attribute after '.'). */
typedef struct KeywordAt {
    const char *text;
    size_t off;
    Token tok;
    bool found, after_dot; /* after_dot: the last token was '.' (NVL72.chip reads an attribute) */
} KeywordAt;

static bool keyword_at(void *data, const Token *t)
{
    KeywordAt *k = data;
    if (t->start > k->off) return false;
    k->found = t->kind == TOK_KEYWORD && k->off <= t->end && !k->after_dot;
    if (k->found) k->tok = *t;
    k->after_dot = t->kind == TOK_PUNCT && k->text[t->start] == '.';
    return true;
}

/* Hover on a keyword: how it is written and what it does (the table of words,
 * tokens.h); NULL when no keyword is at off. The keyword's span in *start, *end. */
static char *lsp_keyword_text(const Doc *d, size_t off, size_t *start, size_t *end)
{
    KeywordAt k = {.text = d->text, .off = off};
    lex_tokens(d->text, d->len, keyword_at, &k);
    const WordInfo *w = k.found ? lex_word_find(d->text + k.tok.start, k.tok.end - k.tok.start) : NULL;
    if (!w) return NULL;
    *start = k.tok.start;
    *end = k.tok.end;
    size_t n = strlen(w->usage) + strlen(w->help) + 32;
    char *out = xmalloc(n);
    snprintf(out, n, "```text\n%s\n```\n%s", w->usage, w->help);
    return out;
}

/* textDocument/hover */
static json_t *lsp_hover(Server *S, json_t *params)
{
    Doc *d = lsp_doc(S, params);
    if (d && json_is_object(json_object_get(params, "position"))) {
        size_t off = lsp_param_offset(d, params), start = off, end = off;
        char *md = lsp_field_text(d, off);
        if (!md) md = lsp_keyword_text(d, off, &start, &end);
        if (md) {
            json_t *r = json_pack("{s:{s:s, s:s}}", "contents", "kind", "markdown", "value", md);
            if (start != end) json_object_set_new(r, "range", lsp_range(d->text, d->len, start, end));
            free(md);
            return r;
        }
    }
    Target t;
    if (!lsp_target(S, params, &t)) return json_null();
    char *md = lsp_hover_text(&t);
    if (!md) return json_null();
    json_t *r = json_pack("{s:{s:s, s:s}, s:o}", "contents", "kind", "markdown", "value", md, "range",
                          lsp_range(t.d->text, t.d->len, t.last, t.end));
    free(md);
    return r;
}

/* --- definition ----------------------------------------------------------------------- */

/* The folder the stdlib copies go in (malloc'd), or NULL without a home. */
static char *stdlib_cache_dir(void)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char buf[PATH_MAX];
    if (xdg && xdg[0] == '/') snprintf(buf, sizeof buf, "%s/polsim/stdlib-%s", xdg, POLSIM_VERSION);
    else if (home && home[0]) snprintf(buf, sizeof buf, "%s/.cache/polsim/stdlib-%s", home, POLSIM_VERSION);
    else return NULL;
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    mkdir(buf, 0755);
    return xstrdup(buf);
}

/* Whether the file at path holds exactly text[0..len). */
static bool file_holds(const char *path, const char *text, size_t len)
{
    size_t n;
    const char *why;
    char *old = load_file(path, &n, true, &why);
    bool same = old && n == len && memcmp(old, text, len) == 0;
    free(old);
    return same;
}

/* The path of the cached copy of an embedded stdlib source (malloc'd), written
 * through safefile.h if missing or different; NULL if it cannot be written. */
static char *stdlib_copy(const polsim_source_info *src)
{
    const char *base = strrchr(src->name, '/');
    char *dir = stdlib_cache_dir();
    if (!dir) return NULL;
    size_t n = strlen(dir) + strlen(base ? base : src->name) + 16;
    char *path = xmalloc(n), why[256];
    snprintf(path, n, "%s/%s", dir, base ? base + 1 : src->name);
    free(dir);
    bool ok = file_holds(path, src->text, src->len) || safefile_write(path, NULL, src->text, src->len, why, sizeof why);
    if (ok) return path;
    free(path);
    return NULL;
}

/* The URI of a place's source (malloc'd), or NULL; its text in *src. */
static char *lsp_source_uri(const Doc *d, const polsim_place *pl, polsim_source_info *src)
{
    if (!polsim_source(d->s, (size_t)pl->source, src)) return NULL;
    if (pl->source == d->src) return xstrdup(d->uri);
    char *path = src->embedded ? stdlib_copy(src) : realpath(src->name, NULL);
    if (!path) return NULL;
    char *uri = path_to_uri(path);
    free(path);
    return uri;
}

/* Where what the target names is defined: a definition or let, or (NAME.field)
 * the field in the entity's definition (source -1: nowhere). */
static polsim_place lsp_defined_at(const Target *t)
{
    const char *text = t->d->text;
    if (!t->chain) return lsp_lookup(t->d->s, text, t->last, t->end, NULL).place;
    char field[128];
    snprintf(field, sizeof field, "%.*s", (int)(t->end - t->last), text + t->last);
    return lsp_lookup(t->d->s, text, t->owner, t->owner_end, field).place;
}

/* textDocument/definition */
static json_t *lsp_definition(Server *S, json_t *params)
{
    Target t;
    if (!lsp_target(S, params, &t)) return json_null();
    polsim_place pl = lsp_defined_at(&t);
    polsim_source_info src;
    char *uri = pl.source >= 0 ? lsp_source_uri(t.d, &pl, &src) : NULL;
    if (!uri) return json_null();
    json_t *r = json_pack("{s:s, s:o}", "uri", uri, "range", lsp_range(src.text, src.len, pl.start, pl.end));
    free(uri);
    return r;
}

/* --- completion ----------------------------------------------------------------------- */

/* Completion items being gathered. */
typedef struct Items {
    json_t *items, *seen;
    const char *prefix;
    size_t plen;
    polsim_session *s;
} Items;

/* The LSP kind of a candidate: a field, a function, a defined name, or a word of the language. */
static int item_kind(polsim_session *s, const char *word, const char *suffix)
{
    if (suffix) return 5; /* Field */
    const char *name;
    for (size_t i = 0; polsim_function(i, &name, NULL, NULL); i++)
        if (strcmp(name, word) == 0) return 3; /* Function */
    polsim_info b;
    polsim_lookup(s, word, NULL, &b);
    if (b.kind <= POLSIM_LET) return b.kind < POLSIM_LET ? 7 : 6; /* Class for definitions, Variable for lets */
    return 14;                                                  /* Keyword (and attribute names after '.') */
}

/* polsim_word_fn: adds a candidate that starts with the prefix, once. */
static void add_item(void *data, const char *word, const char *suffix)
{
    Items *it = data;
    if (strncmp(word, it->prefix, it->plen) != 0 || json_object_get(it->seen, word)) return;
    json_object_set_new(it->seen, word, json_true());
    json_t *item = json_pack("{s:s, s:i}", "label", word, "kind", item_kind(it->s, word, suffix));
    if (suffix) {
        size_t n = strlen(word) + strlen(suffix) + 1;
        char *ins = xmalloc(n);
        snprintf(ins, n, "%s%s", word, suffix);
        json_object_set_new(item, "insertText", json_string(ins));
        free(ins);
    }
    json_array_append_new(it->items, item);
}

/* textDocument/completion: the REPL's candidates for the word at the cursor. */
static json_t *lsp_completion(Server *S, json_t *params)
{
    json_t *pos = json_object_get(params, "position");
    Doc *d = doc_find(S, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
    if (!d || !d->s || !json_is_object(pos)) return json_null();
    size_t off = lsp_offset(d->text, d->len, json_integer_value(json_object_get(pos, "line")),
                            json_integer_value(json_object_get(pos, "character")));
    size_t start = off;
    while (start > 0 && (isalnum((unsigned char)d->text[start - 1]) || d->text[start - 1] == '_')) start--;
    char *prefix = xmalloc(off - start + 1);
    memcpy(prefix, d->text + start, off - start);
    prefix[off - start] = '\0';
    Items it = {json_array(), json_object(), prefix, off - start, d->s};
    polsim_complete(d->s, d->text, start, prefix, add_item, &it);
    json_decref(it.seen);
    free(prefix);
    return json_pack("{s:b, s:o}", "isIncomplete", 0, "items", it.items);
}

/* --- document symbols and formatting ---------------------------------------------------- */

/* One DocumentSymbol: name at name_loc inside the statement's span. */
static json_t *lsp_symbol(const Doc *d, const char *name, const char *detail, int kind, Loc whole, Loc name_loc)
{
    if (name_loc.start < whole.start || name_loc.end > whole.end) name_loc = whole;
    json_t *sym = json_pack("{s:s, s:i, s:o, s:o}", "name", name, "kind", kind, "range",
                            lsp_range(d->text, d->len, whole.start, whole.end), "selectionRange",
                            lsp_range(d->text, d->len, name_loc.start, name_loc.end));
    if (sym && detail) json_object_set_new(sym, "detail", json_string(detail));
    return sym;
}

/* Appends the symbols of stmts to list: definitions (with their fields),
 * lets, scenarios (with what they hold); dated blocks add theirs. */
static void lsp_symbols_of(const Doc *d, const Stmt *stmts, json_t *list)
{
    for (const Stmt *s = stmts; s; s = s->next) {
        json_t *sym = NULL;
        if (s->kind == S_DEFINE) {
            sym = lsp_symbol(d, s->u.def.name.id, polsim_kind_name((polsim_kind)s->u.def.kind), SYM_STRUCT, s->loc, s->u.def.name.loc);
            json_t *fields = json_array();
            for (const Field *f = s->u.def.fields; f; f = f->next) {
                Loc whole = f->name.loc;
                if (f->value && f->value->loc.end > whole.end) whole.end = f->value->loc.end;
                json_array_append_new(fields, lsp_symbol(d, f->name.id, NULL, SYM_FIELD, whole, f->name.loc));
            }
            json_object_set_new(sym, "children", fields);
        } else if (s->kind == S_LET) sym = lsp_symbol(d, s->u.let.name.id, "let", SYM_VARIABLE, s->loc, s->u.let.name.loc);
        else if (s->kind == S_SCENARIO) {
            sym = lsp_symbol(d, s->u.scenario.name.id, s->u.scenario.title ? s->u.scenario.title : "scenario",
                             SYM_NAMESPACE, s->loc, s->u.scenario.name.loc);
            json_t *inner = json_array();
            lsp_symbols_of(d, s->u.scenario.body, inner);
            json_object_set_new(sym, "children", inner);
        } else if (s->kind == S_ON) lsp_symbols_of(d, s->u.on.body, list);
        if (sym) json_array_append_new(list, sym);
    }
}

/* textDocument/documentSymbol: from the text as it parses now (nothing while it does not). */
static json_t *lsp_document_symbol(Server *S, json_t *params)
{
    Doc *d = lsp_doc(S, params);
    if (!d) return json_null();
    DocParse p;
    doc_parse(&p, d->path, d->text, d->len);
    json_t *list = json_array();
    if (p.ok) lsp_symbols_of(d, p.stmts, list);
    doc_parse_free(&p);
    return list;
}

/* textDocument/formatting: polsim fmt's layout (fmt.h) as one edit of the whole
 * text, none when it is laid out already. A text that does not parse, or
 * whose layout would parse to another tree, fails the request. */
static json_t *lsp_formatting(Server *S, json_t *params)
{
    Doc *d = lsp_doc(S, params);
    if (!d) return json_null();
    DocParse before, after;
    doc_parse(&before, d->path, d->text, d->len);
    json_t *r = NULL;
    if (!before.ok) {
        S->failed = json_string("the document does not parse; fix its errors, then format it");
        doc_parse_free(&before);
        return NULL;
    }
    size_t n;
    char *out = fmt_text(d->text, d->len, &n);
    doc_parse(&after, d->path, out, n);
    if (!after.ok || !ast_equal(before.stmts, after.stmts, false))
        S->failed = json_string("internal error: the formatted text would not mean the same; not formatted");
    else if (n == d->len && memcmp(out, d->text, n) == 0) r = json_array();
    else {
        json_t *text = json_stringn(out, n);
        r = json_pack("[{s:o, s:o}]", "range", lsp_range(d->text, d->len, 0, d->len), "newText",
                      text ? text : json_string(""));
    }
    doc_parse_free(&after);
    doc_parse_free(&before);
    free(out);
    return r;
}

/* --- dispatch ------------------------------------------------------------------------- */

/* initialize: what the server can do. */
static json_t *lsp_initialize(Server *S)
{
    S->initialized = true;
    return json_pack("{s:{s:{s:b, s:i}, s:b, s:{s:[s]}, s:b, s:b, s:b}, s:{s:s, s:s}}", "capabilities",
                     "textDocumentSync", "openClose", 1, "change", 1, "hoverProvider", 1, "completionProvider",
                     "triggerCharacters", ".", "definitionProvider", 1, "documentSymbolProvider", 1,
                     "documentFormattingProvider", 1, "serverInfo", "name", "polsim", "version", POLSIM_VERSION);
}

/* Handles a notification (a message without an id). */
static void lsp_notify(Server *S, const char *method, json_t *params)
{
    if (strcmp(method, "exit") == 0) S->exit = true;
    else if (!S->initialized || S->shutdown) return;
    else if (strcmp(method, "textDocument/didOpen") == 0) lsp_did_open(S, params);
    else if (strcmp(method, "textDocument/didChange") == 0) lsp_did_change(S, params);
    else if (strcmp(method, "textDocument/didClose") == 0) lsp_did_close(S, params);
}

/* Handles a request and sends its response. */
static void lsp_request(Server *S, json_t *id, const char *method, json_t *params)
{
    static const struct { const char *method; json_t *(*fn)(Server *, json_t *); } QUERIES[] = {
        {"textDocument/hover", lsp_hover}, {"textDocument/completion", lsp_completion},
        {"textDocument/definition", lsp_definition}, {"textDocument/documentSymbol", lsp_document_symbol},
        {"textDocument/formatting", lsp_formatting}};
    if (strcmp(method, "initialize") == 0) {
        lsp_reply(S, id, lsp_initialize(S));
        return;
    }
    if (!S->initialized || S->shutdown) {
        lsp_error(S, id, S->shutdown ? RPC_INVALID_REQUEST : RPC_NOT_INITIALIZED,
                  S->shutdown ? "the server is shutting down" : "the server is not initialized");
        return;
    }
    if (strcmp(method, "shutdown") == 0) {
        S->shutdown = true;
        lsp_reply(S, id, NULL);
        return;
    }
    for (size_t i = 0; i < sizeof QUERIES / sizeof QUERIES[0]; i++)
        if (strcmp(method, QUERIES[i].method) == 0) {
            if (!json_is_object(params)) {
                lsp_error(S, id, RPC_INVALID_PARAMS, "params must be an object");
                return;
            }
            json_t *result = QUERIES[i].fn(S, params);
            if (S->failed) {
                lsp_error(S, id, RPC_REQUEST_FAILED, json_string_value(S->failed));
                json_decref(S->failed);
                S->failed = NULL;
                json_decref(result);
            } else lsp_reply(S, id, result);
            return;
        }
    char msg[256];
    snprintf(msg, sizeof msg, "unknown method '%.200s'", method);
    lsp_error(S, id, RPC_METHOD_NOT_FOUND, msg);
}

/* Handles one message body. */
static void lsp_handle(Server *S, const char *body, size_t len)
{
    json_error_t err;
    json_t *msg = json_loadb(body, len, JSON_DECODE_ANY, &err);
    if (!msg) {
        lsp_error(S, NULL, RPC_PARSE_ERROR, "the message is not valid JSON");
        return;
    }
    json_t *id = json_object_get(msg, "id");
    const char *method = json_string_value(json_object_get(msg, "method"));
    if (!json_is_object(msg) || (id && !json_is_string(id) && !json_is_integer(id))
        || (!method && !json_object_get(msg, "result") && !json_object_get(msg, "error")))
        lsp_error(S, NULL, RPC_INVALID_REQUEST, "not a JSON-RPC request");
    else if (method && id) lsp_request(S, id, method, json_object_get(msg, "params"));
    else if (method) lsp_notify(S, method, json_object_get(msg, "params"));
    json_decref(msg);
}

/* The protocol's output: a copy of standard output, which then goes to
 * standard error so nothing else printed can corrupt the stream. */
static FILE *lsp_output(void)
{
    fflush(stdout);
    int fd = dup(STDOUT_FILENO);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (out) dup2(STDERR_FILENO, STDOUT_FILENO);
    return out ? out : stdout;
}

int lsp_main(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(LSP_USAGE, stdout);
        return 0;
    }
    if (argc > 1) return cli_usage("lsp", "lsp takes no arguments%s", "");
    return lsp_serve(stdin, lsp_output());
}

int lsp_serve(FILE *in, FILE *out)
{
    Server S = {.out = out};
    while (!S.exit) {
        size_t len;
        char *body = lsp_read(in, &len);
        if (!body && len == 0) break;
        if (!body) lsp_error(&S, NULL, RPC_PARSE_ERROR, "a message without a valid Content-Length");
        else lsp_handle(&S, body, len);
        free(body);
    }
    for (size_t i = 0; i < S.ndocs; i++) doc_free(&S.docs[i]);
    free(S.docs);
    if (S.out != stdout && fclose(S.out) != 0 && !S.write_errno) S.write_errno = errno ? errno : EIO;
    if (S.write_errno) {
        fprintf(stderr, "polsim: error: lsp cannot write to its client: %s\n", strerror(S.write_errno));
        return 74;
    }
    if (!S.shutdown) fprintf(stderr, "polsim: lsp: the input ended without a shutdown request (exit status 1)\n");
    return S.shutdown ? 0 : 1;
}
