/* tokens.c: runs the generated scanner (grammar/lexer.l) on its own, without
 * the parser, and reports each token's kind and byte span; see tokens.h.
 * The scanner needs what a parse gives it (a Source, an arena and name table
 * for literals and names, a Diag for its messages): lex_tokens makes them for
 * one scan, with a Diag that swallows the messages, and frees them after. */
#include "tokens.h"
#include "parse.h"
#include "parser.tab.h"
#include "lexer.yy.h"
#include <limits.h>

/* A scan's private state: everything the scanner's "extra" points at. */
typedef struct TokScan {
    Source src;
    Arena arena;
    Intern names;
    Diag diag;
    ParseCtx pc;
} TokScan;

/* Diag callback: scanner messages are not wanted here. */
static void tok_quiet(void *data, const char *text)
{
    (void)data;
    (void)text;
}

/* The kind of scanner token tok. */
static TokKind tok_kind(int tok, ParseCtx *pc)
{
    if (tok == STRING && pc->open_string) { /* read to the end of its line, and reported */
        pc->open_string = false;
        return TOK_OPEN_STRING;
    }
    switch (tok) {
    case IDENT: return TOK_NAME;
    case NUMBER: return TOK_NUMBER;
    case STRING: return TOK_STRING;
    case DATE: return TOK_DATE;
    case TERM: return TOK_END;
    case LEX_ERROR: return TOK_ERROR;
    case EQ: case NE: case LE: case GE: case DOTDOT: return TOK_PUNCT;
    default: return tok < 256 ? TOK_PUNCT : TOK_KEYWORD;
    }
}

/* Sets up ts to scan text[0..len); the text is borrowed. */
static void tok_scan_init(TokScan *ts, const char *text, size_t len)
{
    ts->src = (Source){.name = "<tokens>", .text = (char *)text, .len = len}; /* never written */
    arena_init(&ts->arena);
    intern_init(&ts->names, &ts->arena);
    diag_init(&ts->diag, stderr);
    ts->diag.callback = tok_quiet;
    ts->pc = (ParseCtx){.src = &ts->src, .arena = &ts->arena, .names = &ts->names, .diag = &ts->diag};
}

/* Frees what tok_scan_init made. */
static void tok_scan_free(TokScan *ts)
{
    free(ts->src.lines); /* the line table a message may have built */
    intern_free(&ts->names);
    arena_free(&ts->arena);
}

/* Scanning with the parser's state in ts->pc: see tokens.h. */
static size_t tok_run(TokScan *ts, const char *text, size_t len, TokenFn fn, void *data)
{
    yyscan_t scanner;
    if (len > INT_MAX || yylex_init_extra(&ts->pc, &scanner) != 0) return 0;
    YY_BUFFER_STATE buf = yy_scan_bytes(text, (int)len, scanner);
    size_t n = 0;
    YYSTYPE val;
    Loc loc;
    for (int tok; (tok = yylex(&val, &loc, scanner)) != 0;) {
        ts->diag.syntax_errors = 0; /* no cap on errors: every token is wanted */
        if (ts->pc.eof_state == 1) loc.start = loc.end = (uint32_t)len; /* <<EOF>> leaves loc as it was */
        Token t = {tok_kind(tok, &ts->pc), loc.start, loc.end, tok == STRING ? val.str : NULL};
        if (t.kind == TOK_OPEN_STRING) t.value = NULL;
        n++;
        if (!fn(data, &t)) break;
    }
    yy_delete_buffer(buf, scanner);
    yylex_destroy(scanner);
    return n;
}

/* Every token of text[0..len) to fn: see tokens.h. */
size_t lex_tokens(const char *text, size_t len, TokenFn fn, void *data)
{
    TokScan ts;
    tok_scan_init(&ts, text, len);
    size_t n = tok_run(&ts, text, len, fn, data);
    tok_scan_free(&ts);
    return n;
}

/* What lex_status learns from the tokens. */
typedef struct TokSummary {
    size_t count;
    TokKind last;
    bool bad;
    size_t len; /* of the text */
} TokSummary;

/* lex_status's TokenFn: remembers the last kind and any scanner error. */
static bool tok_summarise(void *data, const Token *t)
{
    TokSummary *s = data;
    s->count++;
    s->last = t->kind;
    s->bad |= t->kind == TOK_ERROR || t->kind == TOK_OPEN_STRING;
    s->bad |= t->kind == TOK_END && t->start == t->end && t->end < s->len; /* a statement inside '(' */
    return true;
}

/* Complete, more lines needed, or a scanner error: see tokens.h. A text
 * whose statements all ended has a TOK_END last (the scanner adds one at the
 * end of the text when the last token can end a statement) and no '{' or
 * '(' left open. */
LexStatus lex_status(const char *text, size_t len)
{
    TokScan ts;
    TokSummary s = {.len = len};
    tok_scan_init(&ts, text, len);
    tok_run(&ts, text, len, tok_summarise, &s);
    bool open = ts.pc.nbraces > 0 || ts.pc.paren_depth > 0;
    tok_scan_free(&ts);
    if (s.bad) return LEX_BAD;
    if (s.count == 0) return LEX_COMPLETE;
    return open || s.last != TOK_END ? LEX_MORE : LEX_COMPLETE;
}
