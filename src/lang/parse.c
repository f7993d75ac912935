/* parse.c: runs the generated scanner and parser over one Source. */
#include "parse.h"
#include "parser.tab.h"
#include "lexer.yy.h"
#include <string.h>

/* Runs the scanner and parser over pc->src (pc set up by the caller). */
static ParseResult parse_run(ParseCtx *pc)
{
    Diag *diag = pc->diag;
    int errors_before = pc->errors_before = diag->errors;
    diag->syntax_errors = 0;
    yyscan_t scanner;
    if (yylex_init_extra(pc, &scanner) != 0) {
        diag_plain(diag, DC_INPUT, "cannot start the scanner");
        return (ParseResult){0};
    }
    YY_BUFFER_STATE buf = yy_create_buffer(NULL, 64 * 1024, scanner); /* filled by YY_INPUT (lexer.l) */
    yy_switch_to_buffer(buf, scanner);
    int rc = yyparse(pc, scanner);
    yy_delete_buffer(buf, scanner);
    yylex_destroy(scanner);
    ParseResult r = {.stmts = pc->result};
    r.ok = rc == 0 && diag->errors == errors_before && !pc->hit_eof_error && !pc->other_error;
    r.incomplete = pc->hit_eof_error && !pc->other_error && diag->errors == errors_before;
    if (!r.ok) r.stmts = NULL;
    return r;
}

ParseResult parse_source(const Source *src, Arena *arena, Intern *names, Diag *diag, bool quiet_eof)
{
    ParseCtx pc = {.src = src, .arena = arena, .names = names, .diag = diag, .quiet_eof = quiet_eof};
    return parse_run(&pc);
}

ParseResult parse_source_each(const Source *src, Arena *scratch, Arena *keep, Intern *names, Diag *diag, ParseStmtFn fn,
                              void *data)
{
    ParseCtx pc = {.src = src, .arena = scratch, .keep = keep, .names = names, .diag = diag, .on_stmt = fn,
                   .on_stmt_data = data};
    pc.stmt_mark.arena = arena_mark(scratch);
    ParseResult r = parse_run(&pc);
    r.stmts = NULL;
    return r;
}

Arena *parse_keep(ParseCtx *pc) { return pc->keep ? pc->keep : pc->arena; }

/* Where the next statement's nodes begin. */
static void stmt_mark(ParseCtx *pc)
{
    pc->stmt_mark.arena = arena_mark(pc->arena);
    pc->stmt_mark.pool = pc->pool;
    pc->stmt_mark.pool_left = pc->pool_left;
    pc->stmt_mark.pool_chunk = pc->pool_chunk;
    pc->stmt_mark.pool_chunks = pc->pool_chunks;
}

/* Frees every node made since stmt_mark: the chunks taken since go back to
 * the arena, and the part of the chunk current then that was used since is
 * zeroed again (parse_alloc hands out zeroed memory). */
static void stmt_release(ParseCtx *pc)
{
    char *from = pc->stmt_mark.pool;
    if (from) {
        size_t used = pc->pool_chunks == pc->stmt_mark.pool_chunks ? (size_t)(pc->pool - from) : pc->stmt_mark.pool_left;
        memset(from, 0, used);
    }
    arena_reset(pc->arena, pc->stmt_mark.arena);
    pc->pool = from;
    pc->pool_left = pc->stmt_mark.pool_left;
    pc->pool_chunk = pc->stmt_mark.pool_chunk;
    pc->pool_chunks = pc->stmt_mark.pool_chunks;
}

/* Whether the parse has found an error so far. */
static bool parse_failing(const ParseCtx *pc)
{
    return pc->other_error || pc->hit_eof_error || pc->stop || pc->diag->errors != pc->errors_before;
}

void parse_top_stmt(ParseCtx *pc, StmtList *list, Stmt *s, bool settled)
{
    if (!pc->on_stmt) {
        if (list->tail) list->tail->next = s;
        else list->head = s;
        list->tail = s;
        return;
    }
    bool release = parse_failing(pc) || pc->on_stmt(pc->on_stmt_data, s);
    if (release && settled) stmt_release(pc);
    else stmt_mark(pc);
}

void parse_top_error(ParseCtx *pc, bool settled)
{
    if (!pc->on_stmt) return;
    if (settled) stmt_release(pc);
    else stmt_mark(pc);
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
        pc->pool_chunks++;
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
