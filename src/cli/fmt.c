/* fmt.c: `polsim fmt`, see fmt.h. The text is cut into pieces (the scanner's
 * tokens, statement ends and the comments between tokens), and the pieces
 * are laid out again: statements one per line, 2 spaces per open brace, one
 * space around binary operators and after ',' and ':', definitions on one line
 * when they were and still fit, else one field per line. Token text (numbers,
 * units, strings) is copied exactly as written. */
#include "fmt.h"
#include "readfile.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "intern.h"
#include "parse.h"
#include "safefile.h"
#include "source.h"
#include "termtext.h"
#include "tokens.h"
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FMT_WIDTH = 100, FMT_INDENT = 2, FMT_CONT = 4 };

typedef enum { PC_TOKEN, PC_END, PC_COMMENT } PieceKind;

/* A token, a statement end or a comment, with where it stood in the input. */
typedef struct Piece {
    PieceKind kind;
    TokKind tok;
    uint32_t start, end; /* byte span (a comment: '#' to the end of its line, trailing blanks cut) */
    int nl_before;       /* newlines since the previous token or comment */
    int col;             /* column it started at (0-based, tabs to multiples of 8) */
    uint32_t line;       /* line it started on (0-based) */
    int gap;             /* columns since the previous token or comment on its line; -1 if first */
} Piece;

typedef struct Pieces {
    const char *text;
    size_t len;
    Piece *p;
    size_t n, cap;
} Pieces;

/* --- cutting the text into pieces ---------------------------------------------- */

static void add_piece(Pieces *ps, PieceKind kind, TokKind tok, uint32_t start, uint32_t end)
{
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? 2 * ps->cap : 256;
        ps->p = xrealloc(ps->p, ps->cap * sizeof *ps->p);
    }
    ps->p[ps->n++] = (Piece){.kind = kind, .tok = tok, .start = start, .end = end};
}

/* The comments in text[from..to), which holds only blanks and comments. */
static void add_comments(Pieces *ps, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (ps->text[i] != '#') continue;
        size_t e = i;
        while (e < to && ps->text[e] != '\n') e++;
        size_t cut = e;
        while (cut > i && (ps->text[cut - 1] == ' ' || ps->text[cut - 1] == '\t' || ps->text[cut - 1] == '\r')) cut--;
        add_piece(ps, PC_COMMENT, TOK_END, (uint32_t)i, (uint32_t)cut);
        i = e;
    }
}

/* TokenFn: each token, after the comments in front of it. */
static bool take_token(void *data, const Token *t)
{
    Pieces *ps = data;
    size_t from = ps->n ? ps->p[ps->n - 1].end : 0;
    if (t->start > from) add_comments(ps, from, t->start);
    add_piece(ps, t->kind == TOK_END ? PC_END : PC_TOKEN, t->kind, t->start, t->end);
    return true;
}

/* The column after a character c at column col: tabs go to the next multiple of 8. */
static int next_col(int col, char c)
{
    if (c == '\n') return 0;
    return c == '\t' ? (col / 8 + 1) * 8 : col + 1;
}

/* A forward scan of the input that knows the line and column it is at. */
typedef struct Cursor {
    uint32_t pos, line;
    int col;
    int newlines; /* counted by the last cursor_to */
} Cursor;

static void cursor_to(Cursor *c, const char *text, uint32_t to)
{
    c->newlines = 0;
    for (; c->pos < to; c->pos++) {
        c->newlines += text[c->pos] == '\n';
        c->col = next_col(c->col, text[c->pos]);
    }
    c->line += (uint32_t)c->newlines;
}

/* Fills in nl_before, col, line and gap of every token and comment, in one pass. */
static void measure(Pieces *ps)
{
    Cursor c = {0};
    if (ps->len >= 3 && memcmp(ps->text, "\xEF\xBB\xBF", 3) == 0) c.pos = 3; /* not a column: fmt_text keeps it apart */
    bool any = false;
    for (size_t k = 0; k < ps->n; k++) {
        Piece *p = &ps->p[k];
        if (p->kind == PC_END) continue;
        int end_col = c.col;
        cursor_to(&c, ps->text, p->start);
        p->nl_before = c.newlines;
        p->col = c.col;
        p->line = c.line;
        p->gap = any && c.newlines == 0 ? c.col - end_col : -1;
        cursor_to(&c, ps->text, p->end);
        any = true;
    }
}

/* The pieces of text[0..len); a byte-order mark at the start is no piece. */
static void cut_pieces(Pieces *ps, const char *text, size_t len)
{
    *ps = (Pieces){.text = text, .len = len};
    lex_tokens(text, len, take_token, ps);
    add_comments(ps, ps->n ? ps->p[ps->n - 1].end : 0, len);
    measure(ps);
}

/* --- the output ------------------------------------------------------------------ */

typedef struct Fmt {
    Pieces ps;
    size_t i;           /* next piece */
    char *buf;          /* the output so far */
    size_t len, cap;
    size_t base;        /* bytes before the first line (a byte-order mark) */
    size_t line_start;  /* offset of the current output line */
    int col;            /* columns of the current output line (as next_col counts) */
    bool at_line_start; /* only indentation on the current line yet */
    const Piece *prev;  /* the token before, on this line and in this statement or field */
    const Piece *line_first; /* the first token or comment on the current output line */
    bool prev_after_dot;
    bool prev_unary;
    bool in_fields;     /* laying out a definition body (where notes may be aligned) */
    bool with_body;     /* the body is `CHIP with { ... }`: fields joined by ", ", kept on its line */
} Fmt;

static void put(Fmt *f, const char *s, size_t n)
{
    if (f->len + n + 1 > f->cap) {
        while (f->len + n + 1 > f->cap) f->cap = f->cap ? 2 * f->cap : 4096;
        f->buf = xrealloc(f->buf, f->cap);
    }
    memcpy(f->buf + f->len, s, n);
    for (size_t i = 0; i < n; i++) f->col = next_col(f->col, s[i]);
    f->len += n;
    f->buf[f->len] = '\0';
}

static void put_spaces(Fmt *f, int n)
{
    for (; n > 0; n--) put(f, " ", 1);
}

static int width(const Fmt *f) { return f->col; }

/* Ends the current line (if it has anything) and starts one indented by indent. */
static void new_line(Fmt *f, int indent, bool blank)
{
    while (f->len > f->line_start && f->buf[f->len - 1] == ' ') f->len--;
    if (f->len > f->base) put(f, "\n", 1);
    f->col = 0;
    if (blank && f->len > f->base) put(f, "\n", 1);
    f->line_start = f->len;
    put_spaces(f, indent);
    f->at_line_start = true;
}

static const Piece *cur(const Fmt *f) { return f->i < f->ps.n ? &f->ps.p[f->i] : NULL; }

static size_t piece_len(const Piece *p) { return p->end - p->start; }

static bool is_punct(const Fmt *f, const Piece *p, const char *s)
{
    return p && p->kind == PC_TOKEN && p->tok == TOK_PUNCT && piece_len(p) == strlen(s)
           && memcmp(f->ps.text + p->start, s, piece_len(p)) == 0;
}

static bool is_word(const Fmt *f, const Piece *p, const char *s)
{
    return p && p->kind == PC_TOKEN && p->tok == TOK_KEYWORD && piece_len(p) == strlen(s)
           && memcmp(f->ps.text + p->start, s, piece_len(p)) == 0;
}

/* Whether the token before can end an operand (so a following '-' is binary). */
static bool ends_operand(const Fmt *f)
{
    const Piece *p = f->prev;
    if (!p) return false;
    switch (p->tok) {
    case TOK_NAME: case TOK_NUMBER: case TOK_STRING: case TOK_DATE: return true;
    case TOK_PUNCT: return is_punct(f, p, ")");
    case TOK_KEYWORD:
        return f->prev_after_dot || is_word(f, p, "true") || is_word(f, p, "false") || is_word(f, p, "chip");
    default: return false;
    }
}

/* Whether one space goes between the previous token and p. */
static bool space_before(const Fmt *f, const Piece *p)
{
    const Piece *q = f->prev;
    if (!q) return true;
    if (is_punct(f, q, "(") || is_punct(f, q, ".") || f->prev_unary) return false;
    if (is_punct(f, p, ")") || is_punct(f, p, ",") || is_punct(f, p, ":") || is_punct(f, p, ".")) return false;
    if (is_punct(f, p, "(") && (q->tok == TOK_NAME || (q->tok == TOK_KEYWORD && f->prev_after_dot))) return false;
    return true;
}

/* Spaces to put before p, a field's note or a trailing comment that stood
 * apart from the code before it: on a line laid out as it was written (it
 * starts with the token that started p's line), p keeps its column if the
 * line leaves room, so aligned notes and comments stay aligned; elsewhere p
 * keeps the gap it was written with. At least one space. */
static int apart(const Fmt *f, const Piece *p)
{
    if (p->gap < 2) return 1;
    const Piece *first = f->line_first;
    bool as_written = first && first->gap < 0 && first->line == p->line;
    if (!as_written) return p->gap;
    return p->col >= width(f) + 2 ? p->col - width(f) : 1;
}

/* Appends token p to the current line. */
static void emit_token(Fmt *f, const Piece *p)
{
    if (f->at_line_start) f->line_first = p;
    else if (space_before(f, p)) put_spaces(f, f->in_fields && p->tok == TOK_STRING && ends_operand(f) ? apart(f, p) : 1);
    bool sign = is_punct(f, p, "-") || is_punct(f, p, "+");
    f->prev_unary = sign && !ends_operand(f);
    f->prev_after_dot = is_punct(f, f->prev, ".");
    const char *t = f->ps.text + p->start;
    if (piece_len(p) > 2 && t[0] == '-' && t[1] == '>') { /* "->  GB/s" is written "-> GB/s" */
        size_t skip = 2 + strspn(t + 2, " \t");
        put(f, "-> ", 3);
        put(f, t + skip, piece_len(p) - skip);
    } else {
        put(f, t, piece_len(p));
    }
    f->at_line_start = false;
    f->prev = p;
}

/* Appends comment p to the end of the current line (see apart). */
static void emit_trailing(Fmt *f, const Piece *p)
{
    if (f->at_line_start) f->line_first = p;
    else put_spaces(f, apart(f, p));
    put(f, f->ps.text + p->start, piece_len(p));
    f->at_line_start = false;
}

/* A comment on its own line (or the first thing in the file). */
static bool standalone(const Fmt *f, const Piece *p) { return p->nl_before > 0 || f->len == f->base; }

/* Indentation of a continuation line written delta columns right of the start of its statement. */
static int cont_indent(int indent, int delta) { return indent + (delta >= FMT_INDENT ? delta : FMT_CONT); }

/* A comment inside a statement or field that starts at original column base. */
static void emit_inner_comment(Fmt *f, const Piece *p, int indent, int base)
{
    if (standalone(f, p)) new_line(f, cont_indent(indent, p->col - base), false);
    emit_trailing(f, p);
}

/* --- statements, blocks and definition bodies ------------------------------------ */

static void fmt_block(Fmt *f, int depth);
static void fmt_define_body(Fmt *f, int depth);

/* Emits the '}' at the current piece right after the '{' before it: "{}". */
static void close_empty(Fmt *f)
{
    const Piece *p = cur(f);
    put(f, f->ps.text + p->start, piece_len(p));
    f->prev = p;
    f->i++;
}

/* Emits '}' closing a body opened at depth: "{}" when nothing came after '{'. */
static void close_brace(Fmt *f, int depth, size_t len_after_open)
{
    if (f->len == len_after_open) {
        close_empty(f);
        return;
    }
    new_line(f, depth * FMT_INDENT, false);
    f->prev = NULL;
    emit_token(f, cur(f));
    f->i++;
}

/* One statement, from its first token to its end (or the '}' closing its block). */
static void fmt_stmt(Fmt *f, int depth, bool blank)
{
    const Piece *first = cur(f);
    int indent = depth * FMT_INDENT, parens = 0;
    bool is_define = is_word(f, first, "define") || is_word(f, first, "redefine");
    new_line(f, indent, blank);
    f->prev = NULL;
    for (const Piece *p; (p = cur(f));) {
        if (p->kind == PC_END && parens == 0) {
            f->i++;
            return;
        }
        if (is_punct(f, p, "}") && parens == 0) return;
        if (p->kind == PC_END) { f->i++; continue; }
        if (p->kind == PC_COMMENT) {
            emit_inner_comment(f, p, indent, first->col);
            f->i++;
            continue;
        }
        if (p != first && p->nl_before > 0) new_line(f, cont_indent(indent, p->col - first->col), false);
        emit_token(f, p);
        f->i++;
        parens += is_punct(f, p, "(") - is_punct(f, p, ")");
        is_define |= is_word(f, p, "define") || is_word(f, p, "redefine"); /* also after `on DATE` */
        if (!is_punct(f, p, "{")) continue;
        size_t after_open = f->len;
        bool with_body = f->i >= 2 && is_word(f, &f->ps.p[f->i - 2], "with"); /* CHIP with { fields } */
        if (is_define || with_body) {
            f->with_body = with_body;
            fmt_define_body(f, depth);
            f->with_body = false;
        } else {
            fmt_block(f, depth + 1);
            if (cur(f)) close_brace(f, depth, after_open);
        }
    }
}

/* Statements up to the '}' that closes the block (not taken) or the end. */
static void fmt_block(Fmt *f, int depth)
{
    bool first = true;
    for (const Piece *p; (p = cur(f));) {
        if (p->kind == PC_END) { f->i++; continue; }
        if (is_punct(f, p, "}")) return;
        bool blank = !first && p->nl_before >= 2;
        if (p->kind == PC_COMMENT) {
            bool alone = standalone(f, p);
            if (alone) new_line(f, depth * FMT_INDENT, blank);
            emit_trailing(f, p);
            f->i++;
            first = first && !alone; /* a comment after '{' is not the block's first line */
        } else {
            fmt_stmt(f, depth, blank);
            first = false;
        }
    }
}

/* Index of the '}' closing the definition body that starts at piece i. */
static size_t body_end(const Fmt *f, size_t i)
{
    while (i < f->ps.n && !is_punct(f, &f->ps.p[i], "}")) i++;
    return i;
}

/* Whether the body from piece i to the '}' at j was written on one line with no comment. */
static bool written_on_one_line(const Fmt *f, size_t i, size_t j)
{
    if (j >= f->ps.n) return false;
    for (size_t k = i; k < j; k++)
        if (f->ps.p[k].kind == PC_COMMENT) return false;
    uint32_t from = f->ps.p[i - 1].start, to = f->ps.p[j].start;
    return memchr(f->ps.text + from, '\n', to - from) == NULL;
}

/* The fields of a definition body, up to its '}' (not taken). one_line: as
 * "a: 1; b: 2" after the '{'; else one field per line at depth + 1. */
static void fmt_fields(Fmt *f, int depth, bool one_line)
{
    int indent = (depth + 1) * FMT_INDENT, parens = 0;
    const Piece *start = NULL; /* first token of the current field */
    bool any = false;
    f->in_fields = true;
    for (const Piece *p; (p = cur(f)) && !(is_punct(f, p, "}") && parens == 0); f->i++) {
        if (parens == 0 && (p->kind == PC_END || is_punct(f, p, ","))) {
            start = NULL;
            continue;
        }
        if (p->kind == PC_COMMENT) {
            if (standalone(f, p) && !start) {
                new_line(f, indent, any && p->nl_before >= 2);
                emit_trailing(f, p);
                any = true;
            } else {
                emit_inner_comment(f, p, indent, start ? start->col : p->col);
            }
            continue;
        }
        if (!start) {
            if (one_line) {
                if (any) put(f, f->with_body ? "," : ";", 1);
                f->prev = NULL;
            } else {
                new_line(f, indent, any && p->nl_before >= 2);
                f->prev = NULL;
            }
            start = p;
            any = true;
        } else if (p->nl_before > 0) {
            new_line(f, cont_indent(indent, p->col - start->col), false);
        }
        emit_token(f, p);
        parens += is_punct(f, p, "(") - is_punct(f, p, ")");
    }
    f->in_fields = false;
}

/* A definition body after its '{' (already emitted), through its '}'. */
static void fmt_define_body(Fmt *f, int depth)
{
    size_t open = f->i, close = body_end(f, open), mark = f->len;
    int mark_col = f->col;
    if (written_on_one_line(f, open, close)) {
        fmt_fields(f, depth, true);
        if (width(f) + 2 <= FMT_WIDTH || f->with_body) { /* a with body stays inside its expression */
            if (f->len == mark) {
                close_empty(f);
            } else {
                f->prev = NULL;
                emit_token(f, cur(f));
                f->i++;
            }
            return;
        }
        f->len = mark; /* too long: undo, one field per line */
        f->col = mark_col;
        f->buf[f->len] = '\0';
        f->i = open;
    }
    fmt_fields(f, depth, false);
    if (cur(f)) close_brace(f, depth, mark);
}

/* The canonical layout: see fmt.h. */
char *fmt_text(const char *text, size_t len, size_t *out_len)
{
    Fmt f = {0};
    cut_pieces(&f.ps, text, len);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        put(&f, text, 3);
        f.base = f.line_start = f.len;
        f.col = 0;
    }
    fmt_block(&f, 0);
    while (f.len > f.line_start && f.buf[f.len - 1] == ' ') f.len--;
    if (f.len > f.line_start) put(&f, "\n", 1);
    if (!f.buf) put(&f, "", 0);
    f.buf[f.len] = '\0';
    free(f.ps.p);
    *out_len = f.len;
    return f.buf;
}

/* --- the command ------------------------------------------------------------------ */

enum { EXIT_CHANGED = 1, EXIT_USAGE = 2, EXIT_DATAERR = 65, EXIT_NOINPUT = 66, EXIT_SOFTWARE = 70, EXIT_IOERR = 74 };

static const char FMT_USAGE[] =
    "usage: polsim fmt [--check] [FILE...]   lay files out canonically, in place\n"
    "       polsim fmt [-]                   format stdin to stdout\n"
    "  --check   change nothing; list the files that would change (exit 1 if any)\n";

/* Diag callback for the second parse: its messages are about text nobody wrote. */
static void quiet(void *data, const char *text)
{
    (void)data;
    (void)text;
}

/* Whether text parses; its messages go to diag. */
static bool parses(SourceSet *set, const char *name, const char *text, size_t len, Arena *arena, Intern *names,
                   Diag *diag, Stmt **out)
{
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    const Source *src = sourceset_add(set, name, copy, len, NULL, false);
    ParseResult r = parse_source(src, arena, names, diag, false);
    *out = r.stmts;
    return r.ok;
}

/* Formats text (named name in messages) into *out after checking that it
 * parses and that the result means the same. Returns 0, 65 or 70. */
static int format_checked(const char *name, const char *text, size_t len, char **out, size_t *out_len)
{
    Arena arena;
    Intern names;
    SourceSet set;
    Diag diag, silent;
    arena_init(&arena);
    intern_init(&names, &arena);
    sourceset_init(&set);
    diag_init(&diag, stderr);
    diag.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    diag_init(&silent, stderr);
    silent.callback = quiet;
    Stmt *before, *after;
    int rc = 0;
    *out = NULL;
    if (!parses(&set, name, text, len, &arena, &names, &diag, &before)) {
        fprintf(stderr, "polsim: %s does not parse; not formatted\n", name);
        rc = EXIT_DATAERR;
    } else {
        *out = fmt_text(text, len, out_len);
        if (!parses(&set, name, *out, *out_len, &arena, &names, &silent, &after) || !ast_equal(before, after, false)) {
            fprintf(stderr, "polsim: internal error: the formatted %s would not mean the same; left unchanged\n", name);
            free(*out);
            *out = NULL;
            rc = EXIT_SOFTWARE;
        }
    }
    sourceset_free(&set);
    intern_free(&names);
    arena_free(&arena);
    return rc;
}

/* Replaces path's contents by text[0..len) through safefile.h. A symbolic
 * link is resolved first: fmt edits the file it read, wherever the link
 * leads, and the link keeps pointing at it. */
static int write_in_place(const char *path, const char *text, size_t len)
{
    char *real = realpath(path, NULL), why[256];
    bool ok = real && safefile_write(real, NULL, text, len, why, sizeof why);
    if (!real) snprintf(why, sizeof why, "%s", strerror(errno));
    if (!ok) fprintf(stderr, "polsim: cannot write %s: %s\n", path, why);
    free(real);
    return ok ? 0 : EXIT_IOERR;
}

/* Formats one file ("-": stdin to stdout). Returns its exit status. */
static int fmt_one(const char *path, bool check)
{
    bool std = strcmp(path, "-") == 0;
    const char *name = std ? "<stdin>" : path, *why = NULL;
    size_t len = 0;
    /* only regular files: formatting a pipe or a device in place means nothing */
    char *text = std ? load_stream(STDIN_FILENO, &len, &why) : load_file(path, &len, true, &why);
    if (!text) {
        fprintf(stderr, "polsim: cannot read %s: %s\n", name, why);
        return EXIT_NOINPUT;
    }
    char *out;
    size_t out_len;
    int rc = format_checked(name, text, len, &out, &out_len);
    if (rc == 0) {
        bool changed = out_len != len || memcmp(out, text, len) != 0;
        if (check) {
            if (changed) term_printf("%s\n", name);
            rc = changed ? EXIT_CHANGED : 0;
        } else if (std) {
            if (fwrite(out, 1, out_len, stdout) != out_len) rc = EXIT_IOERR;
        } else if (changed) {
            rc = write_in_place(path, out, out_len);
        }
    }
    free(out);
    free(text);
    return rc;
}

/* `polsim fmt`: see fmt.h. Every file is tried; the worst status wins. */
int fmt_main(int argc, char **argv)
{
    bool check = false, opts_done = false;
    const char *files[256];
    int nfiles = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!opts_done && strcmp(a, "--check") == 0) check = true;
        else if (!opts_done && strcmp(a, "--") == 0) opts_done = true;
        else if (!opts_done && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            fputs(FMT_USAGE, stdout);
            return 0;
        } else if (!opts_done && a[0] == '-' && a[1]) {
            fprintf(stderr, "polsim: unknown option '%s' for fmt\n%s", a, FMT_USAGE);
            return EXIT_USAGE;
        } else if (nfiles == 256) {
            fprintf(stderr, "polsim: too many files\n");
            return EXIT_USAGE;
        } else files[nfiles++] = a;
    }
    if (nfiles == 0) files[nfiles++] = "-";
    int worst = 0;
    for (int i = 0; i < nfiles; i++) {
        int rc = fmt_one(files[i], check);
        if (rc > worst) worst = rc;
    }
    if (fflush(stdout) != 0 && worst < EXIT_IOERR) worst = EXIT_IOERR;
    return worst;
}
