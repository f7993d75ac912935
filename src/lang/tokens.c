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
#include <string.h>

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
    case DATE: case FISCAL: return TOK_DATE;
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

/* --- the words of the language (tokens.h) --------------------------------------------- */

enum { ST = WORD_STATEMENT, KI = WORD_KIND, PO = WORD_POLICY, OP = WORD_OPERATOR, VA = WORD_VALUE, CL = WORD_CLAUSE };

/* Sorted by word; every entry is a keyword of the scanner and every keyword
 * of the scanner has an entry (tests/unit/test_complete.c, tests/scripts/words.sh). */
static const WordInfo WORDS[] = {
    {"add", ST, "add N units of CHIP to stock", "an order into a chip's stock (with 'on DATE': delivered then)"},
    {"and", OP, "A and B", "both conditions hold; also X between A and B"},
    {"apply", ST | PO, "apply rule RULE on exports ... to MARKET", "a policy: a rule on exports, or a tariff on imports or on sales"},
    {"assert", ST, "assert EXPR [\"message\"]", "stop with the message when EXPR is false (polsim test counts it)"},
    {"at", CL, "EXPR at DATE", "read EXPR as the world stands at a date; also explain ... at DATE"},
    {"ban", ST | PO, "ban chip|vendor NAME in MARKET", "a policy: a chip or vendor banned in a market, or (ban export of) its exports"},
    {"between", OP, "X between A and B", "whether X lies from A to B"},
    {"blocks", CL, "... unknown blocks", "a chip with an unknown figure the policy reads is blocked (the default)"},
    {"by", CL, "series ... from A to B by quarter|month|year", "the length of a series' periods"},
    {"cap", ST | PO, "cap ATTR AMOUNT on exports [from COUNTRY] to MARKET", "a policy: exports of chips above AMOUNT in ATTR stop"},
    {"chip", KI, "define chip NAME { vendor: V; fp16: 989 TFLOPS; ... }", "a chip and its figures; in a rule, the chip being judged"},
    {"classify", ST, "classify CHIP under RULE", "whether a rule controls the chip, clause by clause"},
    {"cluster", KI, "define cluster NAME { chip: CHIP; count: N }", "a system built of chips"},
    {"compare", ST, "compare A, B, ... [on METRIC, ...]", "definitions or scenarios side by side"},
    {"define", ST, "define KIND NAME [\"Title\"] [like OTHER] { FIELD: VALUE; ... }", "a definition: chip, cluster, market, vendor or rule"},
    {"during", CL, "EXPR during PERIOD", "a period's flows summed (2025Q1, 2025)"},
    {"explain", ST, "explain CHIP in MARKET [under SCENARIO] [at DATE]", "why a chip may or may not be sold in a market"},
    {"export", CL, "ban export of chip|vendor NAME [from COUNTRY] to MARKET", "an export ban"},
    {"exports", CL, "... on exports [from COUNTRY] to MARKET", "what a cap or a rule applies to"},
    {"extends", CL, "scenario NAME extends BASE { ... }", "a scenario that starts from another one"},
    {"false", VA, "false", "the boolean false"},
    {"from", CL, "from COUNTRY; from A to B", "a policy's origin; the first point of a series or sweep"},
    {"headroom", ST, "headroom CHIP under RULE", "how far each figure the rule reads may move before its verdict flips"},
    {"import", ST, "import \"file.pol\"", "run another file here (its folder and below)"},
    {"imports", CL, "apply tariff RATE on imports [from COUNTRY] to MARKET", "what a tariff applies to"},
    {"in", OP | CL, "explain CHIP in MARKET; X in A .. B", "the market of a ban or question; a range test; sweep NAME in LIST"},
    {"largest", CL, "solve largest NAME in A .. B such that CONDITION", "the largest value for which the condition holds"},
    {"let", ST, "let NAME = EXPR [\"source\"]", "name a value, with an optional source note"},
    {"license", ST | PO, "license chip|vendor NAME to MARKET", "a policy: an exception to a ban or rule"},
    {"lift", ST, "lift POLICY", "take back a policy in force (ban, license, apply, cap, route)"},
    {"like", CL, "define KIND NAME like OTHER { ... }", "a definition that starts from another one's fields"},
    {"market", KI, "define market NAME { budget: $20B; incumbent: cuda }", "a market that buys chips"},
    {"markup", CL, "route MARKET via MARKET markup RATE", "the price markup on a grey route"},
    {"not", OP, "not A", "the condition's opposite"},
    {"of", CL, "X within T of Y; add N units of CHIP", "joins within, ban export and add"},
    {"on", ST | CL, "on DATE STATEMENT; ... on exports; compare ... on METRIC", "a dated statement or block; what a policy applies to; the metrics read"},
    {"or", OP, "A or B", "either condition holds"},
    {"over", OP, "EXPR over N runs [seed S]", "a distribution of EXPR over simulated runs"},
    {"passes", CL, "... unknown passes", "a chip with an unknown figure the policy reads is let through"},
    {"passthrough", CL, "apply tariff share ... passthrough SHARE", "the share of a sales tariff passed on to buyers"},
    {"plot", ST, "plot EXPR|compare ...|series ...|STUDY [to \"FILE\"]", "a chart on the terminal, or in an SVG or PNG file"},
    {"print", ST, "print EXPR, ...", "print values"},
    {"redefine", ST, "redefine KIND NAME { ... }", "replace a definition"},
    {"risk", CL, "route ... risk SHARE", "the share of a grey route's chips lost on the way"},
    {"route", ST | PO, "route MARKET via MARKET markup RATE [share SHARE] [risk SHARE]", "a policy: a grey route into a market through another"},
    {"rule", KI, "define rule NAME { controlled: chip.tpp >= 4800 }", "an export-control rule"},
    {"runs", CL, "simulate N runs; EXPR over N runs", "how many runs a simulation draws"},
    {"sales", CL, "apply tariff share RATE on VENDOR sales to MARKET", "a tariff on a vendor's sales"},
    {"scenario", ST, "scenario NAME [\"Title\"] [extends BASE] [without history] { ... }", "a copy of the world with changes; S.NAME reads NAME in it"},
    {"seed", CL, "simulate N runs seed S", "the random seed of a simulation"},
    {"series", ST, "series EXPR, ... from A to B [by PERIOD]", "a row per period"},
    {"share", CL, "apply tariff share RATE ...; route ... share SHARE", "a share of sales or of a budget; also a field name"},
    {"show", ST, "show NAME; show KIND NAME", "a definition's figures"},
    {"simulate", ST, "simulate N runs [seed S] [{ ... }] on METRIC, ...", "a Monte Carlo study over the uncertain figures"},
    {"smallest", CL, "solve smallest NAME in A .. B such that CONDITION", "the smallest value for which the condition holds"},
    {"solve", ST | OP, "solve largest|smallest NAME in A .. B such that CONDITION", "the bound of a range where a condition holds"},
    {"step", CL, "sweep NAME from A to B step S", "the step of a sweep"},
    {"such", CL, "solve ... such that CONDITION", "the condition a solve meets"},
    {"sweep", ST, "sweep NAME from A to B step S|in LIST [{ ... }] on METRIC, ...", "a study that runs the body for each value of NAME"},
    {"tariff", CL, "apply tariff RATE on imports ... to MARKET", "a tariff on imports, or (tariff share) on a vendor's sales"},
    {"that", CL, "solve ... such that CONDITION", "the condition a solve meets"},
    {"to", CL, "... to MARKET; from A to B; LOW to HIGH", "the market of a policy; a range's end; an uncertain figure's interval"},
    {"true", VA, "true", "the boolean true"},
    {"under", CL, "classify CHIP under RULE; explain ... under SCENARIO", "the rule or scenario a question is asked under"},
    {"unknown", CL, "... unknown passes|blocks", "what a policy does with a chip whose figure is unknown"},
    {"vendor", KI, "define vendor NAME { origin: US; ecosystem: cuda }", "a chip maker"},
    {"via", CL, "route MARKET via MARKET markup RATE", "the market a grey route goes through"},
    {"with", CL, "CHIP with { FIELD: VALUE, ... }", "a variant of a chip, wherever a chip may stand"},
    {"within", OP, "X within T of Y", "whether X is within T (10%, or an amount) of Y"},
    {"without", CL, "scenario NAME without history { ... }", "a scenario without the stdlib's dated statements"},
};

/* Word i of the table: see tokens.h. */
const WordInfo *lex_word(size_t i) { return i < sizeof WORDS / sizeof WORDS[0] ? &WORDS[i] : NULL; }

/* The word s[0..n) in the table (binary search), or NULL: see tokens.h. */
const WordInfo *lex_word_find(const char *s, size_t n)
{
    size_t lo = 0, hi = sizeof WORDS / sizeof WORDS[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *w = WORDS[mid].word;
        int c = strncmp(w, s, n);
        if (c == 0) c = w[n] == '\0' ? 0 : 1;
        if (c == 0) return &WORDS[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* TokenFn for lex_token_list: appends the token, without its value. */
static bool token_list_add(void *data, const Token *t)
{
    TokenList *ts = data;
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? ts->cap * 2 : 64;
        ts->t = xrealloc(ts->t, ts->cap * sizeof *ts->t);
    }
    ts->t[ts->n] = *t;
    ts->t[ts->n++].value = NULL; /* valid only during the call */
    return true;
}

TokenList lex_token_list(const char *text, size_t len)
{
    TokenList ts = {0};
    lex_tokens(text, len, token_list_add, &ts);
    return ts;
}
