/* ast.h: the syntax tree. Every node carries the Loc of the text it came from.
 * Ownership: all nodes and strings live in the Arena given to the parser and
 * die with it; lists are singly linked through `next` in source order.
 * Identifiers are interned (see intern.h), so equal names are equal pointers. */
#ifndef POLSIM_AST_H
#define POLSIM_AST_H
#include "source.h"
#include "units.h"
#include "arena.h"

typedef struct Name {
    const char *id; /* interned */
    Loc loc;
} Name;

typedef enum {
    E_NUMBER, E_STRING, E_BOOL, E_DATE, E_NAME,
    E_SUBJECT,   /* `chip` inside a rule's predicate: the chip being classified */
    E_ATTR,      /* target.name */
    E_CALL,      /* name(args) */
    E_METHOD,    /* target.name(args): a call read in a scenario's state */
    E_UNARY,     /* -x, not x */
    E_BINARY,    /* + - * / == != < <= > >= and or */
    E_WITHIN,    /* a within tol of b */
    E_BETWEEN,   /* a between lo and hi */
    E_CLAUSE,    /* "3A090.a.1": expr, a labelled clause of a rule (its value is expr's) */
    E_WITH,      /* chip with { field: value ... }: an unnamed variant of a chip */
    E_SOLVE,     /* solve largest|smallest name in lo .. hi such that cond */
    E_AT,        /* a at date (u.bin.a, u.bin.b) */
    E_DURING,    /* a during period (u.bin.a, u.bin.b) */
    E_RANGE,     /* central in lo .. hi: an uncertain figure (tern a, b, c) */
    E_OVER,      /* expr over N runs [seed S]: a distribution (tern a, b = N, c = S or NULL) */
    E_CONVERT,   /* expr -> UNIT, expr to UNIT: the value, printed in that unit (u.convert) */
    E_FISCAL,    /* FY2026Q1 of nvidia: a vendor's fiscal quarter (quarter 1-4) or year (quarter 0) (u.fiscal) */
} ExprKind;

typedef enum {
    OP_ADD, OP_SUB, OP_MUL, OP_DIV,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_AND, OP_OR, OP_NEG, OP_NOT,
} Op;

/* A date literal: its first day (days since 1970-01-01) and the months it
 * spans (DATE_DAY 0, a month 1, a quarter 3, a year 12). */
typedef struct DateLit {
    double day;
    unsigned char span;
} DateLit;
enum { DATE_DAY = 0, DATE_MONTH = 1, DATE_QUARTER = 3, DATE_YEAR = 12 };

typedef struct Expr Expr;
struct Expr {
    ExprKind kind;
    unsigned char date_span; /* E_DATE: the months the literal spans (DateLit) */
    Loc loc;
    Expr *next; /* in argument and expression lists */
    union {
        Quantity num;
        const char *str;
        bool boolean;
        double date;      /* days since 1970-01-01 (a period: its first day; see date_span) */
        Name name;        /* E_NAME, E_SUBJECT */
        struct { Expr *target; Name name; Expr *args; } attr; /* E_ATTR, E_METHOD, E_CALL (target NULL) */
        struct { Op op; Expr *a, *b; } bin;                 /* E_UNARY uses a */
        struct { Expr *a, *b, *c; } tern;                   /* within: a,tol=b,ref=c; between, range: a,lo=b,hi=c */
        struct { const char *label; Expr *body; } clause;   /* E_CLAUSE */
        struct { Expr *target; struct Field *fields; } with; /* E_WITH */
        struct { bool largest; Name var; Expr *lo, *hi, *cond; } solve; /* E_SOLVE */
        struct { Expr *value; const char *unit; Loc unit_loc; } convert; /* E_CONVERT: unit as written ("GB/s", "$M") */
        struct { Name vendor; int year; unsigned char quarter; } fiscal; /* E_FISCAL: FYyear[Qquarter] of vendor */
    } u;
};

typedef enum { K_CHIP, K_CLUSTER, K_MARKET, K_VENDOR, K_RULE, K_SCENARIO, K_COUNT } EntityKind;
const char *entity_kind_name(EntityKind k);

typedef struct Field {
    Name name;
    Expr *value;
    const char *note; /* optional source string after the value */
    Loc note_loc;
    struct Field *next;
} Field;

typedef enum {
    P_CAP, P_BAN_VENDOR, P_BAN_CHIP, P_BAN_EXPORT_CHIP, P_BAN_EXPORT_VENDOR,
    P_LICENSE_CHIP, P_LICENSE_VENDOR, P_APPLY_RULE, P_TARIFF, P_TARIFF_SHARE, P_ROUTE,
} PolicyKind;

/* One policy statement as written. Names not used by a kind are NULL ids. */
typedef struct PolicySpec {
    PolicyKind kind;
    Name attr;        /* P_CAP: the chip attribute */
    Expr *amount;     /* P_CAP limit, tariff rate, share */
    Name subject;     /* chip, vendor or rule */
    Name from;        /* exporting country, optional */
    Name to;          /* the market */
    Expr *passthrough;/* P_TARIFF_SHARE, optional */
    Name government;  /* P_TARIFF_SHARE `to G`, optional */
    bool on_chip;     /* P_TARIFF_SHARE `on chip C sales`: subject is a chip, not a vendor */
    int unknown;      /* P_CAP, P_APPLY_RULE: 0 not written, UNKNOWN_PASSES or UNKNOWN_BLOCKS */
    Expr *route_share;/* P_ROUTE `share S`, optional (subject: the market routed through, amount: the markup) */
    Expr *risk;       /* P_ROUTE `risk R`, optional */
} PolicySpec;
enum { UNKNOWN_PASSES = 1, UNKNOWN_BLOCKS = 2 };

typedef enum {
    S_DEFINE, S_LET, S_PRINT, S_SHOW, S_CLASSIFY, S_EXPLAIN, S_COMPARE,
    S_ASSERT, S_IMPORT, S_SCENARIO, S_POLICY, S_LIFT, S_PLOT, S_EXPR,
    S_HEADROOM,  /* headroom CHIP [with {...}] under RULE (uses pair) */
    S_ON,        /* on DATE stmt / on DATE { stmts } */
    S_ORDER,     /* add N units of CHIP to stock */
    S_SERIES,    /* series EXPR, ... from A to B [by quarter|month|year] */
    S_SWEEP,    /* sweep NAME from A to B step S / in V, ... [{ body }] [on metrics] */
    S_SIMULATE, /* simulate N runs [seed S] [{ body }] [on metrics] */
} StmtKind;

typedef struct Stmt Stmt;
struct Stmt {
    StmtKind kind;
    Loc loc;
    Stmt *next;
    union {
        struct { bool redefine; EntityKind kind; Name name; const char *display; Name like; Field *fields; } def;
        struct { Name name; Expr *value; const char *note; } let; /* note: `let x = 5 GW "source"` */
        /* S_PRINT, S_EXPR (one expr), S_ASSERT (one expr); note: assert's "message";
         * unit: S_EXPR `EXPR -> UNIT`, the unit to print in (NULL: the usual one) */
        struct { Expr *exprs; const char *note; const char *unit; Loc unit_loc; } print;
        struct { bool has_kind; EntityKind kind; Name name; } show;
        struct { Name chip, other, scenario; struct Field *with; struct Expr *at; } pair; /* classify/headroom chip under rule;
                                      explain chip in market [under scenario] [at DATE]; with: the variant's fields or NULL;
                                      at: the date explained, or NULL for the end of the timeline */
        struct { Expr *items; Expr *metrics; } compare;
        struct { Expr *items; Expr *metrics; const char *to; Loc to_loc; bool dist; } plot;
        /* plot compare ... (dist false), or plot EXPR (dist: items is one
         * expression whose value is a distribution); to: NULL or a file */
        struct { const char *path; Loc path_loc; } import;
        struct { Name name; const char *title; Name base; Stmt *body; Loc end; bool without_history; } scenario;
        struct { Expr *date; Stmt *body; } on;
        struct { Expr *amount; Name chip; } order;
        struct { Expr *exprs, *from, *to; Name by; bool plotted; const char *plot_to; Loc plot_to_loc; } series;
        /* series ...; plotted: `plot series ...` draws it as lines, to the
         * terminal or (plot_to) an SVG or PNG file */
        PolicySpec policy;                       /* S_POLICY, S_LIFT */
        /* S_SWEEP: var and either from/to/step or values (a list); S_SIMULATE:
         * runs and seed (NULL: seed 0). body and metrics may be NULL. */
        struct {
            Name var; Expr *from, *to, *step, *values, *runs, *seed, *metrics; Stmt *body; Loc end;
            bool plotted; const char *plot_to; Loc plot_to_loc; /* plot sweep ...: lines, to the terminal or a file */
        } study;
    } u;
};

/* A node is allocated only as large as its kind's member of `u` needs
 * (ast_expr_size, ast_stmt_size): read and write only that member, never
 * change a node to a kind with a larger member, and copy a node by value
 * only if its kind is allocated whole (E_METHOD, E_SOLVE, S_POLICY, S_LIFT). */
size_t ast_expr_size(ExprKind kind);
size_t ast_stmt_size(StmtKind kind);
Expr *ast_expr(Arena *a, ExprKind kind, Loc loc);
Stmt *ast_stmt(Arena *a, StmtKind kind, Loc loc);
/* The same in zeroed memory of ast_expr_size(kind) (ast_stmt_size) bytes,
 * aligned for a pointer and a double: the parser's own node pool. */
Expr *ast_expr_in(void *zeroed, ExprKind kind, Loc loc);
Stmt *ast_stmt_in(void *zeroed, StmtKind kind, Loc loc);
/* Appends b to list a (either may be NULL); returns the head. Linear in the
 * length of a: for short lists (arguments). */
Expr *ast_expr_append(Expr *a, Expr *b);
/* Reverses a field list in place (fields are collected newest-first). */
Field *ast_field_reverse(Field *f);
/* Reverses a statement list in place (statements are collected newest-first). */
Stmt *ast_stmt_reverse(Stmt *s);
/* Whether two statement lists are the same tree: the same kinds, names (by
 * text), numbers (bit for bit, with dimension and percent flag), strings,
 * operators and list lengths, and with_locs: the same locations (Source and
 * byte span) too. */
bool ast_equal(const Stmt *a, const Stmt *b, bool with_locs);
#endif
