/* parse.h: turns one Source into a statement list. A fresh reentrant scanner
 * and parser are made per call (file, -e string, REPL entry). */
#ifndef POLSIM_PARSE_H
#define POLSIM_PARSE_H
#include "ast.h"
#include "diag.h"
#include "intern.h"

typedef struct ParseResult {
    Stmt *stmts;     /* NULL when empty or on error */
    bool ok;         /* no syntax errors */
    bool incomplete; /* the only error is an unexpected end of input (REPL continuation) */
} ParseResult;

/* quiet_eof: report nothing if the input merely ends too early (the REPL asks
 * for another line instead). AST nodes go into arena. */
ParseResult parse_source(const Source *src, Arena *arena, Intern *names, Diag *diag, bool quiet_eof);

/* Called with each top-level statement of parse_source_each as soon as it is
 * complete, while the parse has found no error; returns whether the
 * statement's nodes may be freed now (nothing kept a pointer into them). */
typedef bool (*ParseStmtFn)(void *data, Stmt *s);

/* parse_source one top-level statement at a time: fn(data, s) for each in
 * turn, then its nodes freed (when fn says so, and always once the parse has
 * found an error, when fn is no longer called), so the syntax tree never
 * holds more than one statement plus the ones fn keeps. Nodes go into
 * scratch, whose memory is reused from statement to statement; the text of
 * strings into keep, which must outlive them. ParseResult.stmts is NULL;
 * ok and incomplete are as for parse_source (quiet_eof false). */
ParseResult parse_source_each(const Source *src, Arena *scratch, Arena *keep, Intern *names, Diag *diag, ParseStmtFn fn,
                              void *data);

/* A statement list being built: appended at its tail (grammar/parser.y). */
typedef struct StmtList {
    Stmt *head, *tail;
} StmtList;

/* Lexer/parser shared state (the scanner's "extra"); internal to grammar/. */
typedef struct ParseCtx {
    const Source *src;
    Arena *arena;
    Intern *names;
    Diag *diag;
    Stmt *result;
    uint32_t offset;      /* byte offset of the next character */
    int last_token;       /* for newline-as-terminator decisions */
    int paren_depth;
    Loc parens[64];       /* open '(' locations, innermost last */
    bool suppress_next;   /* the scanner already explained the next syntax error */
    bool stop;            /* too many errors: the scanner reports end of input */
    int eof_state;        /* 0 scanning, 1 final terminator sent, 2 done */
    Loc braces[64];       /* open '{' locations, innermost last */
    int nbraces;
    bool quiet_eof;
    bool hit_eof_error;
    bool other_error;
    int stmt_ntok;        /* tokens so far in the current statement (1: its first) */
    int stmt_first_tok;   /* the token that started it, and where */
    Loc stmt_first;
    bool open_string;     /* the last STRING had no closing '"' (tokens.c) */
    char *pool;           /* zeroed arena memory the nodes are cut from, 8-aligned */
    size_t pool_left, pool_chunk;
    unsigned pool_chunks; /* chunks taken so far */
    Arena *keep;          /* where the text of strings goes; NULL: arena */
    ParseStmtFn on_stmt;  /* parse_source_each: fn and data, and where the next statement begins */
    void *on_stmt_data;
    int errors_before;    /* diag->errors when the parse began */
    size_t input_at;      /* the bytes of src the scanner has taken so far */
    struct {
        ArenaMark arena;
        char *pool;
        size_t pool_left, pool_chunk;
        unsigned pool_chunks;
    } stmt_mark;
} ParseCtx;

/* Zeroed memory for the parse's nodes, 8-aligned, from pc->arena. */
void *parse_alloc(ParseCtx *pc, size_t n);
/* The arena for text that outlives the nodes (strings): pc->keep, or pc->arena. */
Arena *parse_keep(ParseCtx *pc);
/* The grammar's `top: top stmt TERM`: s is complete and the parser holds no
 * other node (settled: no lookahead token read past it). Appends it to
 * list, or under parse_source_each hands it to on_stmt and frees it. */
void parse_top_stmt(ParseCtx *pc, StmtList *list, Stmt *s, bool settled);
/* The grammar's `top: top error TERM`: under parse_source_each, frees the
 * nodes of the statement given up on (settled as above). */
void parse_top_error(ParseCtx *pc, bool settled);
/* Nodes of the parse, each as large as its kind needs (see ast.h). */
Expr *parse_expr(ParseCtx *pc, ExprKind kind, Loc loc);
Stmt *parse_stmt(ParseCtx *pc, StmtKind kind, Loc loc);

/* Whether another syntax error may be reported: false once the file has
 * DIAG_MAX_SYNTAX_ERRORS, the first time saying "too many errors" at loc and
 * stopping the scan (the scanner then reports the end of the input). */
bool parse_may_report(ParseCtx *pc, Loc loc);
/* Statement words, for "did you mean" on a misspelled one. */
const char *parse_statement_word(const char *word);

bool lex_is_keyword(const char *s, size_t len);
#endif
