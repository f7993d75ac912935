/* parse.c: runs the generated scanner and parser over one Source. */
#include "parse.h"
#include "parser.tab.h"
#include "lexer.yy.h"

ParseResult parse_source(const Source *src, Arena *arena, Intern *names, Diag *diag, bool quiet_eof)
{
    ParseCtx pc = {.src = src, .arena = arena, .names = names, .diag = diag, .quiet_eof = quiet_eof};
    int errors_before = diag->errors;
    diag->syntax_errors = 0;
    yyscan_t scanner;
    if (yylex_init_extra(&pc, &scanner) != 0) {
        diag_plain(diag, DC_INPUT, "cannot start the scanner");
        return (ParseResult){0};
    }
    YY_BUFFER_STATE buf = yy_scan_bytes(src->text, (int)src->len, scanner);
    int rc = yyparse(&pc, scanner);
    yy_delete_buffer(buf, scanner);
    yylex_destroy(scanner);
    ParseResult r = {.stmts = pc.result};
    r.ok = rc == 0 && diag->errors == errors_before && !pc.hit_eof_error && !pc.other_error;
    r.incomplete = pc.hit_eof_error && !pc.other_error && diag->errors == errors_before;
    if (!r.ok) r.stmts = NULL;
    return r;
}

/* n bytes (rounded up to 8) from the pool. Chunks start small (a REPL line
 * wastes little of one) and double up to 64 KiB. */
void *parse_alloc(ParseCtx *pc, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (pc->pool_left < n) {
        size_t chunk = pc->pool_chunk ? pc->pool_chunk * 2 : 1024;
        if (chunk > 65536) chunk = 65536;
        pc->pool_chunk = chunk;
        if (chunk < n) chunk = n;
        pc->pool = arena_alloc(pc->arena, chunk);
        pc->pool_left = chunk;
    }
    void *p = pc->pool;
    pc->pool += n;
    pc->pool_left -= n;
    return p;
}

Expr *parse_expr(ParseCtx *pc, ExprKind kind, Loc loc)
{
    return ast_expr_in(parse_alloc(pc, ast_expr_size(kind)), kind, loc);
}

Stmt *parse_stmt(ParseCtx *pc, StmtKind kind, Loc loc)
{
    return ast_stmt_in(parse_alloc(pc, ast_stmt_size(kind)), kind, loc);
}

bool parse_may_report(ParseCtx *pc, Loc loc)
{
    if (pc->diag->syntax_errors < DIAG_MAX_SYNTAX_ERRORS) return true;
    if (!pc->stop)
        diag_report(pc->diag, DIAG_ERROR, DC_SYNTAX, loc, "too many errors in this file (%d); stopping here",
                    DIAG_MAX_SYNTAX_ERRORS);
    pc->stop = true;
    return false;
}

/* The words that begin a statement. */
static const char *const STATEMENT_WORDS[] = {
    "add", "apply", "assert", "ban", "cap", "classify", "compare", "define", "explain", "headroom", "import",
    "let", "license", "lift", "on", "plot", "print", "redefine", "route", "scenario", "series", "show",
    "simulate", "sweep",
};

const char *parse_statement_word(const char *word)
{
    return diag_nearest(word, STATEMENT_WORDS, sizeof STATEMENT_WORDS / sizeof STATEMENT_WORDS[0]);
}
