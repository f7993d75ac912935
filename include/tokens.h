/* tokens.h: the scanner's tokens (grammar/lexer.l) for code that looks at
 * text without running it: the REPL decides from them whether an input needs
 * another line, what to keep in history and what Tab may complete. The
 * tokens are exactly the ones the parser would get, including the statement
 * ends the scanner makes of newlines (after a name, literal, ')' or '}',
 * outside parentheses) and of the end of the text.
 *
 * Ownership: nothing is allocated for the caller; a Token is a byte span in
 * the caller's text. */
#ifndef POLSIM_TOKENS_H
#define POLSIM_TOKENS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum TokKind {
    TOK_NAME,        /* a name (not a keyword) */
    TOK_KEYWORD,     /* a reserved word: define, chip, true, ... */
    TOK_NUMBER,      /* a number or amount with its unit: 3, 1.4 TB/s, $12k, 25% */
    TOK_STRING,      /* a closed string literal */
    TOK_DATE,        /* 2024-10-17, 2025Q1 */
    TOK_PUNCT,       /* an operator or bracket: ( ) { } , : . + - * / < > = == != <= >= */
    TOK_END,         /* end of a statement: ';', a newline that ends one, or the end of the text */
    TOK_OPEN_STRING, /* a string with no closing '"' on its line (a scanner error) */
    TOK_ERROR,       /* other text the scanner rejects (a bad character, unit or date) */
} TokKind;

typedef struct Token {
    TokKind kind;
    uint32_t start, end; /* byte span; empty for the TOK_END at the end of the text, and for the one
                            the scanner puts before a statement keyword inside an unclosed '(' */
    const char *value;   /* TOK_STRING: its text with escapes undone (the scanner's own value),
                            valid only during the TokenFn call; otherwise NULL */
} Token;

/* Called for each token in order; returning false stops the scan. */
typedef bool (*TokenFn)(void *data, const Token *t);

/* Scans text[0..len) with the real scanner and calls fn for every token; the
 * scanner's messages are discarded. Returns how many tokens fn was given. */
size_t lex_tokens(const char *text, size_t len, TokenFn fn, void *data);

/* Every token of a text (lex_tokens), in one malloc'd array the caller frees
 * (free(list.t)); a string's value is not kept. */
typedef struct TokenList {
    Token *t;
    size_t n, cap;
} TokenList;
TokenList lex_token_list(const char *text, size_t len);

/* What an input needs before it can run. */
typedef enum LexStatus {
    LEX_COMPLETE, /* every statement ended (or there is nothing but blanks and comments) */
    LEX_MORE,     /* an open '{' or '(', or the last token cannot end a statement ("1 +", "max(1,") */
    LEX_BAD,      /* the scanner rejects something (an unterminated string, a bad character,
                     a statement keyword inside an unclosed '(') */
} LexStatus;

/* Whether text[0..len) is complete, needs more lines, or cannot scan. */
LexStatus lex_status(const char *text, size_t len);

/* --- the words of the language -------------------------------------------------
 * One table (tokens.c) of every keyword the scanner knows, with its roles and
 * a one-line help. The REPL's completion and `:help keywords` / `:help WORD`,
 * and the language server's hover on a keyword, are made from it;
 * tests/scripts/words.sh checks it against the scanner's KEYWORDS
 * (grammar/lexer.l), the editor grammars (editor/) and the keyword list of
 * docs/language.md, so a keyword missing from any of them fails `make check`. */
enum {
    WORD_STATEMENT = 1 << 0, /* starts a statement: define, let, sweep, ... */
    WORD_KIND = 1 << 1,      /* a kind of definition: chip, cluster, market, vendor, rule */
    WORD_POLICY = 1 << 2,    /* starts a policy, so may follow `lift`: ban, license, apply, cap, route */
    WORD_OPERATOR = 1 << 3,  /* joins expressions: and, or, not, in, between, within, ... */
    WORD_VALUE = 1 << 4,     /* a literal: true, false */
    WORD_CLAUSE = 1 << 5,    /* a word inside a statement: under, to, exports, ... */
};

typedef struct WordInfo {
    const char *word;
    unsigned roles; /* WORD_ flags */
    const char *usage; /* how it is written, e.g. "lift POLICY" */
    const char *help;  /* one line, no final period */
} WordInfo;

/* Word i of the table (sorted by word), or NULL past the last. */
const WordInfo *lex_word(size_t i);
/* The word s[0..n) in the table, or NULL. */
const WordInfo *lex_word_find(const char *s, size_t n);
#endif
