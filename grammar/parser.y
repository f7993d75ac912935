/* parser.y: the polsim grammar. Pure, reentrant, with byte-offset locations.
 * Statements end at TERM (a newline the lexer kept, or ';'). Error recovery
 * resynchronises at the end of a statement, so one run reports several
 * syntax errors. All semantic values live in the parse arena: no destructors. */
%code requires {
#include "parse.h"
typedef void *yyscan_t;
}

%code provides {
int yylex(YYSTYPE *lval, Loc *lloc, yyscan_t scanner);
}

%code {
#include <string.h>
static Expr *mk_bin(ParseCtx *pc, Op op, Expr *a, Expr *b, Loc loc);
static Expr *mk_call(ParseCtx *pc, Expr *target, Name name, Expr *args, ExprKind kind, Loc loc);
static Stmt *mk_policy(ParseCtx *pc, PolicyKind kind, Loc loc);
static Name mk_name(const char *id, Loc loc) { return (Name){id, loc}; }
static Name no_name(void) { return (Name){NULL, {0}}; }
/* An optional name: NULL when absent. */
static Name *opt_name(ParseCtx *pc, const char *id, Loc loc)
{
    Name *n = parse_alloc(pc, sizeof *n);
    *n = mk_name(id, loc);
    return n;
}
static Name name_or_none(const Name *n) { return n ? *n : no_name(); }
static StmtList *list_new(ParseCtx *pc) { return parse_alloc(pc, sizeof(StmtList)); }
static void list_add(StmtList *l, Stmt *s)
{
    if (l->tail) l->tail->next = s;
    else l->head = s;
    l->tail = s;
}
static Stmt *mk_on(ParseCtx *pc, Expr *date, Stmt *body, Loc loc);
static Expr *mk_convert(ParseCtx *pc, Expr *value, const char *unit, Loc tok, Loc loc);
static Name *unit_as_name(ParseCtx *pc, const char *unit, Loc tok);
static void expect_word(ParseCtx *pc, const char *got, const char *want, Loc loc, const char *form);
static void yyerror(Loc *loc, ParseCtx *pc, yyscan_t scanner, const char *msg);
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                      \
    do {                                                                 \
        if (N) {                                                         \
            (Cur).src = YYRHSLOC(Rhs, 1).src;                            \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                        \
            (Cur).end = YYRHSLOC(Rhs, N).end;                            \
        } else {                                                         \
            (Cur).src = YYRHSLOC(Rhs, 0).src;                            \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;              \
        }                                                                \
    } while (0)
}

%define api.pure full
%define api.location.type {Loc}
%define parse.error custom
%locations
%expect 0
%parse-param {ParseCtx *pc} {yyscan_t scanner}
%lex-param {yyscan_t scanner}

/* Eight bytes: pointers and small scalars only, since bison copies the value
 * on every shift and reduction. NUMBER and DATE come from the scanner as
 * finished E_NUMBER and E_DATE nodes; a name is its interned text, its place
 * the symbol's location (@N); a policy is built in its Stmt. */
%union {
    const char *str;
    Expr *expr;
    Stmt *stmt;
    StmtList *list;
    Field *field;
    Name *nameref;
    EntityKind kind;
    Op op;
    int ival;
    bool boolean;
}

%token <str> IDENT "name" STRING "string"
%token <expr> NUMBER "number"
%token <str> CONVERT "'->'" TO_UNIT "'to' and a unit"
%token <expr> DATE "date"
%token <expr> FISCAL "fiscal period"
%token TERM "end of line" LEX_ERROR "invalid token"
%token EQ "==" NE "!=" LE "<=" GE ">="
%token KW_AND "and" KW_APPLY "apply" KW_ASSERT "assert" KW_BAN "ban" KW_BETWEEN "between"
%token KW_CAP "cap" KW_CHIP "chip" KW_CLASSIFY "classify" KW_CLUSTER "cluster" KW_COMPARE "compare"
%token KW_DEFINE "define" KW_EXPLAIN "explain" KW_EXPORT "export" KW_EXPORTS "exports"
%token KW_EXTENDS "extends" KW_FALSE "false" KW_FROM "from" KW_IMPORT "import" KW_IMPORTS "imports"
%token KW_IN "in" KW_LET "let" KW_LICENSE "license" KW_LIFT "lift" KW_LIKE "like" KW_MARKET "market"
%token KW_NOT "not" KW_OF "of" KW_ON "on" KW_OR "or" KW_PASSTHROUGH "passthrough" KW_PLOT "plot" KW_PRINT "print"
%token KW_REDEFINE "redefine" KW_RULE "rule" KW_SALES "sales" KW_SCENARIO "scenario" KW_SHARE "share"
%token KW_SHOW "show" KW_TARIFF "tariff" KW_TO "to" KW_TRUE "true" KW_UNDER "under" KW_VENDOR "vendor"
%token KW_WITHIN "within"
%token KW_OVER "over" KW_RUNS "runs" KW_SEED "seed" KW_SIMULATE "simulate" KW_STEP "step" KW_SWEEP "sweep"
%token KW_BLOCKS "blocks" KW_HEADROOM "headroom" KW_LARGEST "largest" KW_PASSES "passes" KW_SMALLEST "smallest"
%token KW_SOLVE "solve" KW_SUCH "such" KW_THAT "that" KW_UNKNOWN "unknown" KW_WITH "with" DOTDOT ".."
%token KW_ADD "add" KW_AT "at" KW_BY "by" KW_DURING "during" KW_SERIES "series" KW_WITHOUT "without"
%token KW_MARKUP "markup" KW_RISK "risk" KW_ROUTE "route" KW_VIA "via"
/* The characters, in the order the rules first use them: their symbol
 * numbers order the tokens an error message lists as expected. */
%token '{' '}' '=' ',' ':' '<' '>' '+' '-' '*' '/' '.' '(' ')'

%type <list> stmts top
%type <stmt> stmt block define scenario dated order study opt_block policy
%type <expr> expr cmp timed sum term exprs args
%type <field> fields field body
%type <str> name attr_name
%type <nameref> opt_like opt_extends opt_from opt_gov opt_by to_name
%type <boolean> opt_without
%type <str> opt_string plot_to
%type <kind> kind
%type <expr> opt_pass opt_seed opt_on interval
%type <expr> opt_route_share opt_risk
%type <op> cmpop
%type <field> opt_with
%type <ival> opt_unknown solve_dir

%precedence CONVERT TO_UNIT
%precedence KW_THAT
%left KW_OR
%left KW_AND
%precedence KW_NOT
/* Within a term, loosest first: a postfix ('.', with) binds tighter than a sign. */
%left '*' '/'
%precedence UNARY
%precedence '.' KW_WITH

%%

/* The scanner ends the last line with TERM, so a program is just its
 * top-level statements. */
program
    : top                   { pc->result = $1 ? $1->head : NULL; }
    ;

/* top: stmts at the top level, each handed to parse_top_stmt as it ends
 * (under parse_source_each there is no list: NULL). When `top stmt TERM`
 * reduces, the parser has read nothing past the TERM (yychar is empty). */
top
    : %empty                { $$ = pc->on_stmt ? NULL : list_new(pc); }
    | top TERM              { $$ = $1; }
    | top stmt TERM         { parse_top_stmt(pc, $1, $2, yychar == YYEMPTY); $$ = $1; }
    | top error TERM        { parse_top_error(pc, yychar == YYEMPTY); $$ = $1; yyerrok; }
    ;

/* stmts: statements each ended by TERM; blank lines and stray ';' are fine.
 * Appended in source order at the list's tail (O(1) per statement). */
stmts
    : %empty                { $$ = list_new(pc); }
    | stmts TERM            { $$ = $1; }
    | stmts stmt TERM       { list_add($1, $2); $$ = $1; }
    | stmts error TERM      { $$ = $1; yyerrok; }
    ;

block
    : '{' stmts '}'         { $$ = $2->head; }
    | '{' stmts stmt '}'    { list_add($2, $3); $$ = $2->head; }
    | '{' stmts error '}'   { $$ = $2->head; yyerrok; }
    ;

stmt
    : define
    | scenario
    | KW_LET name '=' expr opt_string
                            { $$ = parse_stmt(pc, S_LET, @$); $$->u.let.name = mk_name($2, @2); $$->u.let.value = $4; $$->u.let.note = $5; }
    | KW_LET name '=' interval opt_string
                            { $$ = parse_stmt(pc, S_LET, @$); $$->u.let.name = mk_name($2, @2); $$->u.let.value = $4; $$->u.let.note = $5; }
    | KW_PRINT exprs        { $$ = parse_stmt(pc, S_PRINT, @$); $$->u.print.exprs = $2; }
    | KW_SHOW name          { $$ = parse_stmt(pc, S_SHOW, @$); $$->u.show.name = mk_name($2, @2); }
    | KW_SHOW kind name     { $$ = parse_stmt(pc, S_SHOW, @$); $$->u.show.has_kind = true; $$->u.show.kind = $2; $$->u.show.name = mk_name($3, @3); }
    | KW_CLASSIFY name opt_with KW_UNDER name
                            { $$ = parse_stmt(pc, S_CLASSIFY, @$); $$->u.pair.chip = mk_name($2, @2); $$->u.pair.with = $3; $$->u.pair.other = mk_name($5, @5); }
    | KW_HEADROOM name opt_with KW_UNDER name
                            { $$ = parse_stmt(pc, S_HEADROOM, @$); $$->u.pair.chip = mk_name($2, @2); $$->u.pair.with = $3; $$->u.pair.other = mk_name($5, @5); }
    | KW_EXPLAIN name opt_with KW_IN name
                            { $$ = parse_stmt(pc, S_EXPLAIN, @$); $$->u.pair.chip = mk_name($2, @2); $$->u.pair.with = $3; $$->u.pair.other = mk_name($5, @5); }
    | KW_EXPLAIN name opt_with KW_IN name KW_UNDER name
                            { $$ = parse_stmt(pc, S_EXPLAIN, @$); $$->u.pair.chip = mk_name($2, @2); $$->u.pair.with = $3; $$->u.pair.other = mk_name($5, @5);
                              $$->u.pair.scenario = mk_name($7, @7); }
    | KW_EXPLAIN name opt_with KW_IN name KW_AT sum
                            { $$ = parse_stmt(pc, S_EXPLAIN, @$); $$->u.pair.chip = mk_name($2, @2); $$->u.pair.with = $3; $$->u.pair.other = mk_name($5, @5);
                              $$->u.pair.at = $7; }
    | KW_EXPLAIN name opt_with KW_IN name KW_UNDER name KW_AT sum
                            { $$ = parse_stmt(pc, S_EXPLAIN, @$); $$->u.pair.chip = mk_name($2, @2); $$->u.pair.with = $3; $$->u.pair.other = mk_name($5, @5);
                              $$->u.pair.scenario = mk_name($7, @7); $$->u.pair.at = $9; }
    | KW_COMPARE exprs      { $$ = parse_stmt(pc, S_COMPARE, @$); $$->u.compare.items = $2; }
    | KW_COMPARE exprs KW_ON exprs
                            { $$ = parse_stmt(pc, S_COMPARE, @$); $$->u.compare.items = $2; $$->u.compare.metrics = $4; }
    | KW_PLOT study plot_to
                            { $$ = $2; $$->loc = @$; $$->u.study.plotted = true; $$->u.study.plot_to = $3;
                              $$->u.study.plot_to_loc = @3; }
    | KW_PLOT expr plot_to
                            { $$ = parse_stmt(pc, S_PLOT, @$); $$->u.plot.items = $2; $$->u.plot.dist = true;
                              $$->u.plot.to = $3; $$->u.plot.to_loc = @3; }
    | KW_PLOT KW_COMPARE exprs plot_to
                            { $$ = parse_stmt(pc, S_PLOT, @$); $$->u.plot.items = $3; $$->u.plot.to = $4; $$->u.plot.to_loc = @4; }
    | KW_PLOT KW_COMPARE exprs KW_ON exprs plot_to
                            {
                              $$ = parse_stmt(pc, S_PLOT, @$); $$->u.plot.items = $3; $$->u.plot.metrics = $5;
                              $$->u.plot.to = $6; $$->u.plot.to_loc = @6;
                            }
    | KW_ASSERT expr opt_string
                            { $$ = parse_stmt(pc, S_ASSERT, @$); $$->u.print.exprs = $2; $$->u.print.note = $3; }
    | KW_IMPORT STRING      { $$ = parse_stmt(pc, S_IMPORT, @$); $$->u.import.path = $2; $$->u.import.path_loc = @2; }
    | policy                { $$ = $1; }
    | KW_LIFT policy        { $$ = $2; $$->kind = S_LIFT; $$->loc = @$; }
    | study
    /* A bare expression prints its value; `1.4 TB/s -> GB/s` (or `to GB/s`)
     * prints it in that unit: the conversion is the statement's. */
    | expr                  {
                              $$ = parse_stmt(pc, S_EXPR, @$);
                              if ($1->kind == E_CONVERT) {
                                  $$->u.print.exprs = $1->u.convert.value; $$->u.print.unit = $1->u.convert.unit;
                                  $$->u.print.unit_loc = $1->u.convert.unit_loc;
                              } else {
                                  $$->u.print.exprs = $1;
                              }
                            }
    | KW_ON sum dated       { $$ = mk_on(pc, $2, $3, @$); }
    | KW_ON sum block       { $$ = mk_on(pc, $2, $3, @$); }
    | order
    | KW_SERIES exprs KW_FROM sum KW_TO sum opt_by
        {
          $$ = parse_stmt(pc, S_SERIES, @$);
          $$->u.series.exprs = $2; $$->u.series.from = $4; $$->u.series.to = $6; $$->u.series.by = name_or_none($7);
        }
    | KW_PLOT KW_SERIES exprs KW_FROM sum KW_TO sum opt_by plot_to
        {
          $$ = parse_stmt(pc, S_SERIES, @$);
          $$->u.series.exprs = $3; $$->u.series.from = $5; $$->u.series.to = $7; $$->u.series.by = name_or_none($8);
          $$->u.series.plotted = true; $$->u.series.plot_to = $9; $$->u.series.plot_to_loc = @9;
        }
    ;

/* The statements `on DATE` takes without braces: those that change the world. */
dated
    : define
    | order
    | policy                { $$ = $1; }
    | KW_LIFT policy        { $$ = $2; $$->kind = S_LIFT; $$->loc = @$; }
    ;

/* add 300k units of H20 to stock: an order delivered into the chip's stock. */
order
    : KW_ADD sum KW_OF name KW_TO IDENT
        {
          $$ = parse_stmt(pc, S_ORDER, @$); $$->u.order.amount = $2; $$->u.order.chip = mk_name($4, @4);
          expect_word(pc, $6, "stock", @6, "'add N units of CHIP to stock'");
        }
    ;

opt_by
    : %empty                { $$ = NULL; }
    | KW_BY IDENT           { $$ = opt_name(pc, $2, @2); }
    ;

/* plot ... to "FILE": the chart goes to an SVG or PNG file, not the terminal. */
plot_to
    : %empty                { $$ = NULL; }
    | KW_TO STRING          { $$ = $2; }
    ;

define
    : KW_DEFINE kind name opt_string opt_like body
        {
          $$ = parse_stmt(pc, S_DEFINE, @$);
          $$->u.def.kind = $2; $$->u.def.name = mk_name($3, @3); $$->u.def.display = $4;
          $$->u.def.like = name_or_none($5); $$->u.def.fields = $6;
        }
    | KW_REDEFINE kind name opt_string opt_like body
        {
          $$ = parse_stmt(pc, S_DEFINE, @$);
          $$->u.def.redefine = true;
          $$->u.def.kind = $2; $$->u.def.name = mk_name($3, @3); $$->u.def.display = $4;
          $$->u.def.like = name_or_none($5); $$->u.def.fields = $6;
        }
    ;

/* A bad field resynchronises at the end of its line or at the closing '}'. */
body
    : '{' fields '}'        { $$ = ast_field_reverse($2); }
    | '{' fields error '}'  { $$ = ast_field_reverse($2); yyerrok; }
    ;

kind
    : KW_CHIP               { $$ = K_CHIP; }
    | KW_CLUSTER            { $$ = K_CLUSTER; }
    | KW_MARKET             { $$ = K_MARKET; }
    | KW_VENDOR             { $$ = K_VENDOR; }
    | KW_RULE               { $$ = K_RULE; }
    ;

opt_string
    : %empty                { $$ = NULL; }
    | STRING                { $$ = $1; }
    ;

opt_like
    : %empty                { $$ = NULL; }
    | KW_LIKE name          { $$ = opt_name(pc, $2, @2); }
    ;

/* Fields: one per line, or separated by ';' (TERM) or ','. Collected newest
 * first (constant time each) and put in source order by `body`. */
fields
    : %empty                { $$ = NULL; }
    | fields TERM           { $$ = $1; }
    | fields ','            { $$ = $1; }
    | fields field          { $2->next = $1; $$ = $2; }
    | fields error TERM     { $$ = $1; yyerrok; }
    ;

field
    : attr_name ':' expr opt_string
        {
          $$ = parse_alloc(pc, sizeof *$$);
          $$->name = mk_name($1, @1); $$->value = $3; $$->note = $4;
          if ($4) $$->note_loc = @4;
        }
    | attr_name ':' interval opt_string
        {
          $$ = parse_alloc(pc, sizeof *$$);
          $$->name = mk_name($1, @1); $$->value = $3; $$->note = $4;
          if ($4) $$->note_loc = @4;
        }
    ;

/* LOW to HIGH: a 90% interval, only where a value stands alone (a field's
 * value, the right side of let) or in parentheses, since `to` also joins
 * policy words. An E_RANGE without a central value. */
interval
    : sum KW_TO sum         { $$ = parse_expr(pc, E_RANGE, @$); $$->u.tern.b = $1; $$->u.tern.c = $3; }
    ;

scenario
    : KW_SCENARIO name opt_string opt_extends opt_without block
        {
          $$ = parse_stmt(pc, S_SCENARIO, @$);
          $$->u.scenario.name = mk_name($2, @2); $$->u.scenario.title = $3;
          $$->u.scenario.base = name_or_none($4); $$->u.scenario.body = $6;
          $$->u.scenario.end = @6; $$->u.scenario.without_history = $5;
        }
    ;

/* `without history`: the scenario leaves out the stdlib's dated statements. */
opt_without
    : %empty                { $$ = false; }
    | KW_WITHOUT IDENT      { $$ = true; expect_word(pc, $2, "history", @2, "'without history'"); }
    ;

opt_extends
    : %empty                { $$ = NULL; }
    | KW_EXTENDS name       { $$ = opt_name(pc, $2, @2); }
    ;

policy
    : KW_CAP attr_name expr KW_ON KW_EXPORTS opt_from to_name opt_unknown
        { $$ = mk_policy(pc, P_CAP, @$); PolicySpec *p = &$$->u.policy;
          p->attr = mk_name($2, @2); p->amount = $3; p->from = name_or_none($6); p->to = *$7; p->unknown = $8; }
    | KW_BAN KW_VENDOR name KW_IN name
        { $$ = mk_policy(pc, P_BAN_VENDOR, @$); $$->u.policy.subject = mk_name($3, @3); $$->u.policy.to = mk_name($5, @5); }
    | KW_BAN KW_CHIP name KW_IN name
        { $$ = mk_policy(pc, P_BAN_CHIP, @$); $$->u.policy.subject = mk_name($3, @3); $$->u.policy.to = mk_name($5, @5); }
    | KW_BAN KW_EXPORT KW_OF KW_CHIP name opt_from to_name
        { $$ = mk_policy(pc, P_BAN_EXPORT_CHIP, @$); PolicySpec *p = &$$->u.policy;
          p->subject = mk_name($5, @5); p->from = name_or_none($6); p->to = *$7; }
    | KW_BAN KW_EXPORT KW_OF KW_VENDOR name opt_from to_name
        { $$ = mk_policy(pc, P_BAN_EXPORT_VENDOR, @$); PolicySpec *p = &$$->u.policy;
          p->subject = mk_name($5, @5); p->from = name_or_none($6); p->to = *$7; }
    | KW_LICENSE KW_CHIP name to_name
        { $$ = mk_policy(pc, P_LICENSE_CHIP, @$); $$->u.policy.subject = mk_name($3, @3); $$->u.policy.to = *$4; }
    | KW_LICENSE KW_VENDOR name to_name
        { $$ = mk_policy(pc, P_LICENSE_VENDOR, @$); $$->u.policy.subject = mk_name($3, @3); $$->u.policy.to = *$4; }
    | KW_APPLY KW_RULE name KW_ON KW_EXPORTS opt_from to_name opt_unknown
        { $$ = mk_policy(pc, P_APPLY_RULE, @$); PolicySpec *p = &$$->u.policy;
          p->subject = mk_name($3, @3); p->from = name_or_none($6); p->to = *$7; p->unknown = $8; }
    | KW_APPLY KW_TARIFF expr KW_ON KW_IMPORTS opt_from to_name
        { $$ = mk_policy(pc, P_TARIFF, @$); PolicySpec *p = &$$->u.policy;
          p->amount = $3; p->from = name_or_none($6); p->to = *$7; }
    | KW_APPLY KW_TARIFF KW_SHARE expr KW_ON name KW_SALES to_name opt_pass opt_gov
        { $$ = mk_policy(pc, P_TARIFF_SHARE, @$); PolicySpec *p = &$$->u.policy;
          p->amount = $4; p->subject = mk_name($6, @6); p->to = *$8;
          p->passthrough = $9; p->government = name_or_none($10); }
    | KW_APPLY KW_TARIFF KW_SHARE expr KW_ON KW_CHIP name KW_SALES to_name opt_pass opt_gov
        { $$ = mk_policy(pc, P_TARIFF_SHARE, @$); PolicySpec *p = &$$->u.policy;
          p->amount = $4; p->subject = mk_name($7, @7); p->on_chip = true; p->to = *$9;
          p->passthrough = $10; p->government = name_or_none($11); }
    | KW_ROUTE name KW_VIA name KW_MARKUP sum opt_route_share opt_risk
        { $$ = mk_policy(pc, P_ROUTE, @$); PolicySpec *p = &$$->u.policy;
          p->to = mk_name($2, @2); p->subject = mk_name($4, @4); p->amount = $6; p->route_share = $7; p->risk = $8; }
    ;

/* `to MARKET` in a policy. The scanner reads `to` and a unit word after a name
 * as a conversion (TO_UNIT); here the word is the market's name ("TW", "GB"). */
to_name
    : KW_TO name            { $$ = opt_name(pc, $2, @2); }
    | TO_UNIT               { $$ = unit_as_name(pc, $1, @1); }
    ;

/* route ... [share S] [risk R] */
opt_route_share
    : %empty                { $$ = NULL; }
    | KW_SHARE sum          { $$ = $2; }
    ;

opt_risk
    : %empty                { $$ = NULL; }
    | KW_RISK sum           { $$ = $2; }
    ;

/* Studies (docs/language.md, "Sweeps and simulations"): each point runs the
 * body in a fork of the current state and reads the metrics after 'on'. */
study
    : KW_SWEEP name KW_FROM sum KW_TO sum KW_STEP sum opt_block opt_on
        {
          $$ = parse_stmt(pc, S_SWEEP, @$);
          $$->u.study.var = mk_name($2, @2); $$->u.study.from = $4; $$->u.study.to = $6; $$->u.study.step = $8;
          $$->u.study.body = $9; $$->u.study.end = $9 ? @9 : @8; $$->u.study.metrics = $10;
        }
    | KW_SWEEP name KW_IN exprs opt_block opt_on
        {
          $$ = parse_stmt(pc, S_SWEEP, @$);
          $$->u.study.var = mk_name($2, @2); $$->u.study.values = $4;
          $$->u.study.body = $5; $$->u.study.end = $5 ? @5 : @4; $$->u.study.metrics = $6;
        }
    | KW_SIMULATE sum KW_RUNS opt_seed opt_block opt_on
        {
          $$ = parse_stmt(pc, S_SIMULATE, @$);
          $$->u.study.runs = $2; $$->u.study.seed = $4;
          $$->u.study.body = $5; $$->u.study.end = $5 ? @5 : @3; $$->u.study.metrics = $6;
        }
    ;

opt_block
    : %empty                { $$ = NULL; }
    | block                 { $$ = $1; }
    ;

opt_on
    : %empty                { $$ = NULL; }
    | KW_ON exprs           { $$ = $2; }
    ;

opt_seed
    : %empty                { $$ = NULL; }
    | KW_SEED sum           { $$ = $2; }
    ;

/* `CHIP with { ... }` in classify, explain and headroom: an unnamed variant. */
opt_with
    : %empty                { $$ = NULL; }
    | KW_WITH body          { $$ = $2; }
    ;

/* What a cap or rule does with a chip it cannot decide (a figure unknown). */
opt_unknown
    : %empty                { $$ = 0; }
    | KW_UNKNOWN KW_PASSES  { $$ = UNKNOWN_PASSES; }
    | KW_UNKNOWN KW_BLOCKS  { $$ = UNKNOWN_BLOCKS; }
    ;

solve_dir
    : KW_LARGEST            { $$ = 1; }
    | KW_SMALLEST           { $$ = 0; }
    ;

opt_from
    : %empty                { $$ = NULL; }
    | KW_FROM name          { $$ = opt_name(pc, $2, @2); }
    ;

opt_pass
    : %empty                { $$ = NULL; }
    | KW_PASSTHROUGH sum    { $$ = $2; }
    ;

opt_gov
    : %empty                { $$ = NULL; }
    | to_name
    ;

name
    : IDENT
    ;

/* After a dot or before ':' the kind keywords are ordinary field names. */
attr_name
    : IDENT
    | KW_CHIP               { $$ = intern_cstr(pc->names, "chip"); }
    | KW_VENDOR             { $$ = intern_cstr(pc->names, "vendor"); }
    | KW_MARKET             { $$ = intern_cstr(pc->names, "market"); }
    | KW_CLUSTER            { $$ = intern_cstr(pc->names, "cluster"); }
    | KW_RULE               { $$ = intern_cstr(pc->names, "rule"); }
    | KW_SHARE              { $$ = intern_cstr(pc->names, "share"); }
    ;

exprs
    : expr                  { $$ = $1; }
    | exprs ',' expr        { $$ = ast_expr_append($1, $3); }
    ;

expr
    : expr KW_OR expr       { $$ = mk_bin(pc, OP_OR, $1, $3, @$); }
    | expr KW_AND expr      { $$ = mk_bin(pc, OP_AND, $1, $3, @$); }
    | KW_NOT expr           { $$ = mk_bin(pc, OP_NOT, $2, NULL, @$); $$->kind = E_UNARY; }
    | KW_SOLVE solve_dir name KW_IN sum DOTDOT sum KW_SUCH KW_THAT expr
        {
          $$ = parse_expr(pc, E_SOLVE, @$);
          $$->u.solve.largest = $2; $$->u.solve.var = mk_name($3, @3);
          $$->u.solve.lo = $5; $$->u.solve.hi = $7; $$->u.solve.cond = $10;
        }
    | STRING ':' cmp        { $$ = parse_expr(pc, E_CLAUSE, @$); $$->u.clause.label = $1; $$->u.clause.body = $3; }
    | cmp
    | cmp KW_OVER sum KW_RUNS opt_seed
        { $$ = parse_expr(pc, E_OVER, @$); $$->u.tern.a = $1; $$->u.tern.b = $3; $$->u.tern.c = $5; }
    /* EXPR -> UNIT, EXPR to UNIT: the value, printed in the unit (checked when it runs) */
    | expr CONVERT          { $$ = mk_convert(pc, $1, $2, @2, @$); }
    | expr TO_UNIT          { $$ = mk_convert(pc, $1, $2, @2, @$); }
    ;

cmp
    : timed
    | timed cmpop timed     { $$ = mk_bin(pc, $2, $1, $3, @$); }
    | timed KW_WITHIN timed KW_OF timed
        { $$ = parse_expr(pc, E_WITHIN, @$); $$->u.tern.a = $1; $$->u.tern.b = $3; $$->u.tern.c = $5; }
    | timed KW_BETWEEN timed KW_AND timed
        { $$ = parse_expr(pc, E_BETWEEN, @$); $$->u.tern.a = $1; $$->u.tern.b = $3; $$->u.tern.c = $5; }
    | sum KW_IN sum DOTDOT sum
        { $$ = parse_expr(pc, E_RANGE, @$); $$->u.tern.a = $1; $$->u.tern.b = $3; $$->u.tern.c = $5; }
    ;

/* EXPR at DATE: read in the state of that date (and that period's results);
 * EXPR during PERIOD: flows summed over the period, ratios weighted. */
timed
    : sum
    | sum KW_AT sum         { $$ = mk_bin(pc, OP_ADD, $1, $3, @$); $$->kind = E_AT; }
    | sum KW_DURING sum     { $$ = mk_bin(pc, OP_ADD, $1, $3, @$); $$->kind = E_DURING; }
    ;

cmpop
    : EQ { $$ = OP_EQ; } | NE { $$ = OP_NE; } | '<' { $$ = OP_LT; } | LE { $$ = OP_LE; }
    | '>' { $$ = OP_GT; } | GE { $$ = OP_GE; }
    ;

sum
    : term
    | sum '+' term          { $$ = mk_bin(pc, OP_ADD, $1, $3, @$); }
    | sum '-' term          { $$ = mk_bin(pc, OP_SUB, $1, $3, @$); }
    ;

/* Products and operands: one nonterminal whose operators bind as the
 * precedences above say (term, unary, postfix and primary, each its own
 * nonterminal, made every operand reduce through each of them); the trees
 * are the same. sum stays apart, so a syntax error after an operand is
 * still found in a state that expects '+' or '-' (and lists them). */
term
    : term '*' term         { $$ = mk_bin(pc, OP_MUL, $1, $3, @$); }
    | term '/' term         { $$ = mk_bin(pc, OP_DIV, $1, $3, @$); }
    | '-' term %prec UNARY  { $$ = mk_bin(pc, OP_NEG, $2, NULL, @$); $$->kind = E_UNARY; }
    | '+' term %prec UNARY  { $$ = $2; }
    | term '.' attr_name    { $$ = mk_call(pc, $1, mk_name($3, @3), NULL, E_ATTR, @$); }
    | term '.' attr_name '(' args ')'
                            { $$ = mk_call(pc, $1, mk_name($3, @3), $5, E_METHOD, @$); }
    | name '(' args ')'     { $$ = mk_call(pc, NULL, mk_name($1, @1), $3, E_CALL, @$); }
    | term KW_WITH body     { $$ = parse_expr(pc, E_WITH, @$); $$->u.with.target = $1; $$->u.with.fields = $3; }
    | NUMBER
    | STRING                { $$ = parse_expr(pc, E_STRING, @$); $$->u.str = $1; }
    | DATE
    /* FY2026Q1 of nvidia: a vendor's fiscal quarter (or year), dated by its fiscal_year_start */
    | FISCAL KW_OF name     { $$ = $1; $$->loc = @$; $$->u.fiscal.vendor = mk_name($3, @3); }
    | KW_TRUE               { $$ = parse_expr(pc, E_BOOL, @$); $$->u.boolean = true; }
    | KW_FALSE              { $$ = parse_expr(pc, E_BOOL, @$); $$->u.boolean = false; }
    | name                  { $$ = parse_expr(pc, E_NAME, @$); $$->u.name = mk_name($1, @1); }
    | KW_CHIP               { $$ = parse_expr(pc, E_SUBJECT, @$); $$->u.name = mk_name(intern_cstr(pc->names, "chip"), @1); }
    | '(' expr ')'          { $$ = $2; }
    | '(' interval ')'      { $$ = $2; }
    ;

args
    : %empty                { $$ = NULL; }
    | exprs                 { $$ = $1; }
    ;

%%

static Expr *mk_bin(ParseCtx *pc, Op op, Expr *a, Expr *b, Loc loc)
{
    Expr *e = parse_expr(pc, E_BINARY, loc);
    e->u.bin.op = op;
    e->u.bin.a = a;
    e->u.bin.b = b;
    return e;
}

static Expr *mk_call(ParseCtx *pc, Expr *target, Name name, Expr *args, ExprKind kind, Loc loc)
{
    Expr *e = parse_expr(pc, kind, loc);
    e->u.attr.target = target;
    e->u.attr.name = name;
    e->u.attr.args = args;
    return e;
}

/* expr -> UNIT: the unit is the end of the token (after '->' or 'to'). */
static Expr *mk_convert(ParseCtx *pc, Expr *value, const char *unit, Loc tok, Loc loc)
{
    Expr *e = parse_expr(pc, E_CONVERT, loc);
    e->u.convert.value = value;
    e->u.convert.unit = unit;
    e->u.convert.unit_loc = (Loc){tok.src, tok.end - (uint32_t)strlen(unit), tok.end};
    return e;
}

/* `to TW` in a policy: the unit word is a market's name; "GB/s" cannot be one. */
static Name *unit_as_name(ParseCtx *pc, const char *unit, Loc tok)
{
    Loc at = {tok.src, tok.end - (uint32_t)strlen(unit), tok.end};
    if (strpbrk(unit, "/$")) {
        pc->other_error = true;
        if (parse_may_report(pc, at))
            diag_report(pc->diag, DIAG_ERROR, DC_SYNTAX, at, "unexpected unit '%s', expected a name", unit);
    }
    return opt_name(pc, intern_cstr(pc->names, unit), at);
}

/* A policy statement of the kind, its fields to fill in. */
static Stmt *mk_policy(ParseCtx *pc, PolicyKind kind, Loc loc)
{
    Stmt *s = parse_stmt(pc, S_POLICY, loc);
    s->u.policy.kind = kind;
    return s;
}

/* on DATE stmt, on DATE { stmts } */
static Stmt *mk_on(ParseCtx *pc, Expr *date, Stmt *body, Loc loc)
{
    Stmt *s = parse_stmt(pc, S_ON, loc);
    s->u.on.date = date;
    s->u.on.body = body;
    return s;
}

/* A plain word the grammar fixes (`to stock`, `without history`). */
static void expect_word(ParseCtx *pc, const char *got, const char *want, Loc loc, const char *form)
{
    if (strcmp(got, want) == 0) return;
    pc->other_error = true;
    diag_report(pc->diag, DIAG_ERROR, DC_SYNTAX, loc, "unexpected name '%s', expected '%s' (%s)", got, want, form);
}

static void yyerror(Loc *loc, ParseCtx *pc, yyscan_t scanner, const char *msg)
{
    (void)scanner;
    pc->other_error = true;
    if (strcmp(msg, "memory exhausted") == 0) msg = "expression nested too deeply";
    diag_report(pc->diag, DIAG_ERROR, DC_SYNTAX, *loc, "%s", msg);
}

/* How a token reads in a message: "name 'foo'", "end of line", "'define'". */
static void describe_token(ParseCtx *pc, yysymbol_kind_t sym, const Loc *loc, char *buf, size_t n)
{
    const char *text = pc->src->text + loc->start;
    int len = (int)(loc->end - loc->start);
    if (len > 40) len = 40;
    switch (sym) {
    case YYSYMBOL_IDENT: snprintf(buf, n, "name '%.*s'", len, text); break;
    case YYSYMBOL_NUMBER: snprintf(buf, n, "number '%.*s'", len, text); break;
    case YYSYMBOL_STRING: snprintf(buf, n, "string %.*s", len, text); break;
    case YYSYMBOL_DATE: snprintf(buf, n, "date '%.*s'", len, text); break;
    case YYSYMBOL_FISCAL: snprintf(buf, n, "fiscal period '%.*s'", len, text); break;
    case YYSYMBOL_TERM: snprintf(buf, n, "%s", text[0] == ';' ? "';'" : "end of line"); break;
    case YYSYMBOL_YYEOF: snprintf(buf, n, "end of input"); break;
    default: snprintf(buf, n, "'%.*s'", len, text); break;
    }
}

/* How an expected token reads: keywords and punctuation quoted, classes in words. */
static void symbol_text(yysymbol_kind_t sym, char *buf, size_t n)
{
    switch (sym) {
    case YYSYMBOL_IDENT: snprintf(buf, n, "a name"); return;
    case YYSYMBOL_STRING: snprintf(buf, n, "text in double quotes"); return;
    case YYSYMBOL_NUMBER: snprintf(buf, n, "a number"); return;
    case YYSYMBOL_DATE: snprintf(buf, n, "a date"); return;
    case YYSYMBOL_FISCAL: snprintf(buf, n, "a fiscal period (FY2026Q1 of nvidia)"); return;
    case YYSYMBOL_TERM: snprintf(buf, n, "end of line"); return;
    case YYSYMBOL_YYEOF: snprintf(buf, n, "end of input"); return;
    default: break;
    }
    const char *s = yysymbol_name(sym);
    size_t len = strlen(s);
    if (len >= 2 && (s[0] == '"' || s[0] == '\'')) snprintf(buf, n, "'%.*s'", (int)len - 2, s + 1);
    else snprintf(buf, n, "'%s'", s);
}

static bool is_word_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

static uint32_t skip_space_back(const char *t, uint32_t i)
{
    while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\r' || t[i - 1] == '\n')) i--;
    return i;
}

/* "field: <newline> other: ..." or "field: <newline> }": the value of field is
 * missing. Finds that field's name; returns false when the error is another. */
static bool empty_field_value(ParseCtx *pc, yysymbol_kind_t la, const Loc *loc, Loc *name)
{
    const char *t = pc->src->text;
    uint32_t i = skip_space_back(t, loc->start);
    char at = loc->start < pc->src->len ? t[loc->start] : '\0';
    if (at == ':') { /* the next field's name was taken for the value */
        while (i > 0 && is_word_char(t[i - 1])) i--;
        i = skip_space_back(t, i);
    } else if (!(la == YYSYMBOL_TERM || at == '}')) {
        return false;
    }
    if (i == 0 || t[i - 1] != ':') return false;
    uint32_t end = skip_space_back(t, i - 1), start = end;
    while (start > 0 && is_word_char(t[start - 1])) start--;
    if (start == end) return false;
    *name = (Loc){pc->src, start, end};
    return true;
}

/* "scenario ban { ...": a keyword where a name must be. Says so; false when
 * the token at loc is not a keyword. */
static bool keyword_as_name(ParseCtx *pc, const Loc *loc)
{
    const char *text = pc->src->text + loc->start;
    size_t len = loc->end - loc->start;
    if (!len || !lex_is_keyword(text, len)) return false;
    diag_report(pc->diag, DIAG_ERROR, DC_SYNTAX, *loc, "unexpected '%.*s', expected a name ('%.*s' is a keyword, so it "
                "cannot be one)", (int)len, text, (int)len, text);
    return true;
}

/* "pritn x": a statement that begins with a name, which the next token
 * cannot follow, where the name is close to a statement word. Says so. */
static bool misspelled_statement(ParseCtx *pc, const Loc *loc)
{
    if (pc->stmt_ntok != 2 || pc->stmt_first_tok != IDENT) return false;
    if (pc->stmt_first.end > loc->start) return false;
    Loc w = pc->stmt_first;
    char word[40];
    if (w.end - w.start >= sizeof word) return false;
    snprintf(word, sizeof word, "%.*s", (int)(w.end - w.start), pc->src->text + w.start);
    const char *hint = parse_statement_word(word);
    if (!hint) return false;
    diag_report(pc->diag, DIAG_ERROR, DC_SYNTAX, w, "unknown statement '%s'; did you mean '%s'?", word, hint);
    return true;
}

/* "x to GBs": a `to` that cannot be the keyword here, before a word close
 * to a unit, was meant as a conversion. Says so. */
static bool unknown_unit_after_to(ParseCtx *pc, const Loc *loc)
{
    const char *t = pc->src->text;
    uint32_t i = loc->end, len = (uint32_t)pc->src->len;
    while (i < len && (t[i] == ' ' || t[i] == '\t')) i++;
    uint32_t start = i;
    while (i < len && (is_word_char(t[i]) || t[i] == '/' || t[i] == '$')) i++;
    if (i == start || i - start > 40) return false;
    char word[48];
    snprintf(word, sizeof word, "%.*s", (int)(i - start), t + start);
    const char *hint = unit_suggest(word);
    if (!hint) return false;
    diag_report(pc->diag, DIAG_ERROR, DC_SYNTAX, (Loc){pc->src, start, i}, "unknown unit '%s'; did you mean '%s'?", word, hint);
    return true;
}

/* "unexpected X, expected A, B or C"; at the end of input, name the block
 * that is still open so the user knows which '{' lacks its '}'. */
static int yyreport_syntax_error(const yypcontext_t *ctx, ParseCtx *pc, yyscan_t scanner)
{
    (void)scanner;
    yysymbol_kind_t la = yypcontext_token(ctx);
    const Loc *loc = yypcontext_location(ctx);
    if (la == YYSYMBOL_LEX_ERROR) return 0; /* the scanner said what was wrong */
    if (pc->suppress_next) {
        pc->suppress_next = false;
        return 0;
    }
    if (la == YYSYMBOL_YYEOF) {
        pc->hit_eof_error = true;
        if (pc->quiet_eof) return 0;
    } else {
        pc->other_error = true;
    }
    if (!parse_may_report(pc, *loc)) return 0;
    if (misspelled_statement(pc, loc)) return 0;
    if (la == YYSYMBOL_KW_TO && unknown_unit_after_to(pc, loc)) return 0;
    Loc field;
    if (empty_field_value(pc, la, loc, &field)) {
        diag_report(pc->diag, DIAG_ERROR, DC_SYNTAX, field, "field '%.*s' has no value",
                    (int)(field.end - field.start), pc->src->text + field.start);
        return 0;
    }
    char what[96], msg[512];
    describe_token(pc, la, loc, what, sizeof what);
    int used = snprintf(msg, sizeof msg, "unexpected %s", what);
    /* Where a name is expected, the kind words (chip, vendor, ...) are names too: say "a name" once. */
    yysymbol_kind_t expected[12];
    int n = yypcontext_expected_tokens(ctx, expected, 12);
    bool wants_name = false;
    for (int i = 0; i < n; i++) wants_name |= expected[i] == YYSYMBOL_IDENT;
    if (wants_name && n == 1 && keyword_as_name(pc, loc)) return 0;
    const char *items[12];
    char texts[12][48];
    int k = 0;
    for (int i = 0; i < n; i++) {
        yysymbol_kind_t e = expected[i];
        if (e == YYSYMBOL_TO_UNIT) continue; /* `to` and a unit: an 'to' is expected already, or a conversion */
        if (wants_name && (e == YYSYMBOL_KW_CHIP || e == YYSYMBOL_KW_VENDOR || e == YYSYMBOL_KW_MARKET
                           || e == YYSYMBOL_KW_CLUSTER || e == YYSYMBOL_KW_RULE || e == YYSYMBOL_KW_SHARE))
            continue;
        symbol_text(e, texts[k], sizeof texts[k]);
        items[k] = texts[k];
        k++;
    }
    if (n > 0 && k <= 5) {
        used += snprintf(msg + used, sizeof msg - (size_t)used, ", expected ");
        for (int i = 0; i < k && used < (int)sizeof msg; i++)
            used += snprintf(msg + used, sizeof msg - (size_t)used, "%s%s", i == 0 ? "" : i == k - 1 ? " or " : ", ", items[i]);
    }
    Loc at = *loc;
    if (la == YYSYMBOL_YYEOF && pc->nbraces > 0 && pc->nbraces <= 64) {
        int line, col;
        Loc open = pc->braces[pc->nbraces - 1];
        source_position(open.src, open.start, &line, &col);
        snprintf(msg + used, sizeof msg - (size_t)used, "; '}' missing to close the '{' at line %d", line);
    }
    if (la == YYSYMBOL_YYEOF && at.start > 0 && at.start >= pc->src->len) at.start = at.end = (uint32_t)pc->src->len;
    diag_report(pc->diag, DIAG_ERROR, DC_SYNTAX, at, "%s", msg);
    return 0;
}
