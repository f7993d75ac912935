/* test_prelude.c: the prebuilt stdlib syntax trees (astio.h, tools/astgen.c)
 * equal a fresh parse of the embedded text node by node (kinds, names,
 * numbers, strings, locations); a tree written and read back equals the
 * original for every statement and expression kind (also by ast_equal); the world loaded from
 * the trees shows every entity exactly as the parsed world does; and a stale,
 * foreign or damaged blob is not used: the prelude falls back to parsing. */
#define _GNU_SOURCE /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "astio.h"
#include "parse.h"
#include "prelude.h"
#include "stdlib_embed.h"
#include "texthash.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t nfiles(void)
{
    size_t n = 0;
    while (polsim_stdlib_files[n].name) n++;
    return n;
}

/* --- node-by-node comparison -------------------------------------------------- */

typedef struct Cmp {
    size_t nodes;      /* statements, expressions and fields compared */
    int diffs;         /* differences found */
    bool quiet;        /* do not print them (tests of the comparison itself) */
    const char *where; /* file being compared, for messages */
} Cmp;

static void fail_at(Cmp *c, Loc loc, const char *what)
{
    if (!c->quiet && c->diffs < 10) fprintf(stderr, "%s: byte %u: %s differs\n", c->where, (unsigned)loc.start, what);
    c->diffs++;
}

static void same_loc(Cmp *c, Loc a, Loc b, const char *what)
{
    if (a.src != b.src || a.start != b.start || a.end != b.end) fail_at(c, a, what);
}

/* Names are interned in one table on both sides: equal names are equal pointers. */
static void same_name(Cmp *c, Name a, Name b, const char *what)
{
    if (a.id != b.id) fail_at(c, a.loc, what);
    same_loc(c, a.loc, b.loc, what);
}

static void same_str(Cmp *c, Loc at, const char *a, const char *b, const char *what)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0)) fail_at(c, at, what);
}

static void same_double(Cmp *c, Loc at, double a, double b, const char *what)
{
    if (memcmp(&a, &b, sizeof a) != 0) fail_at(c, at, what);
}

static void same_quantity(Cmp *c, Loc at, Quantity a, Quantity b)
{
    same_double(c, at, a.v, b.v, "number");
    if (!dim_eq(a.dim, b.dim)) fail_at(c, at, "dimension");
    if (a.percent != b.percent) fail_at(c, at, "percent flag");
}

static void same_exprs(Cmp *c, const Expr *a, const Expr *b);
static void same_fields(Cmp *c, const Field *a, const Field *b);

static void same_expr(Cmp *c, const Expr *a, const Expr *b)
{
    c->nodes++;
    if (a->kind != b->kind) fail_at(c, a->loc, "expression kind");
    same_loc(c, a->loc, b->loc, "expression location");
    switch (a->kind) {
    case E_NUMBER: same_quantity(c, a->loc, a->u.num, b->u.num); break;
    case E_STRING: same_str(c, a->loc, a->u.str, b->u.str, "string"); break;
    case E_BOOL: if (a->u.boolean != b->u.boolean) fail_at(c, a->loc, "boolean"); break;
    case E_DATE:
        same_double(c, a->loc, a->u.date, b->u.date, "date");
        if (a->date_span != b->date_span) fail_at(c, a->loc, "date span");
        break;
    case E_NAME:
    case E_SUBJECT: same_name(c, a->u.name, b->u.name, "name"); break;
    case E_ATTR:
    case E_CALL:
    case E_METHOD:
        same_exprs(c, a->u.attr.target, b->u.attr.target);
        same_name(c, a->u.attr.name, b->u.attr.name, "attribute name");
        same_exprs(c, a->u.attr.args, b->u.attr.args);
        break;
    case E_UNARY:
    case E_BINARY:
    case E_AT:
    case E_DURING:
        if (a->u.bin.op != b->u.bin.op) fail_at(c, a->loc, "operator");
        same_exprs(c, a->u.bin.a, b->u.bin.a);
        same_exprs(c, a->u.bin.b, b->u.bin.b);
        break;
    case E_WITHIN:
    case E_BETWEEN:
    case E_RANGE:
    case E_OVER:
        same_exprs(c, a->u.tern.a, b->u.tern.a);
        same_exprs(c, a->u.tern.b, b->u.tern.b);
        same_exprs(c, a->u.tern.c, b->u.tern.c);
        break;
    case E_CLAUSE:
        same_str(c, a->loc, a->u.clause.label, b->u.clause.label, "clause label");
        same_exprs(c, a->u.clause.body, b->u.clause.body);
        break;
    case E_WITH:
        same_exprs(c, a->u.with.target, b->u.with.target);
        same_fields(c, a->u.with.fields, b->u.with.fields);
        break;
    case E_CONVERT:
        same_str(c, a->loc, a->u.convert.unit, b->u.convert.unit, "conversion unit");
        same_exprs(c, a->u.convert.value, b->u.convert.value);
        break;
    case E_FISCAL:
        same_name(c, a->u.fiscal.vendor, b->u.fiscal.vendor, "fiscal vendor");
        if (a->u.fiscal.year != b->u.fiscal.year || a->u.fiscal.quarter != b->u.fiscal.quarter)
            fail_at(c, a->loc, "fiscal period");
        break;
    case E_SOLVE:
        if (a->u.solve.largest != b->u.solve.largest) fail_at(c, a->loc, "solve direction");
        same_name(c, a->u.solve.var, b->u.solve.var, "solve name");
        same_exprs(c, a->u.solve.lo, b->u.solve.lo);
        same_exprs(c, a->u.solve.hi, b->u.solve.hi);
        same_exprs(c, a->u.solve.cond, b->u.solve.cond);
        break;
    }
}

/* Lists, including NULL and `next` chains, must match in length and content. */
static void same_exprs(Cmp *c, const Expr *a, const Expr *b)
{
    for (; a && b; a = a->next, b = b->next) same_expr(c, a, b);
    if (a || b) fail_at(c, a ? a->loc : b->loc, "expression list length");
}

static void same_fields(Cmp *c, const Field *a, const Field *b)
{
    for (; a && b; a = a->next, b = b->next) {
        c->nodes++;
        same_name(c, a->name, b->name, "field name");
        same_exprs(c, a->value, b->value);
        same_str(c, a->name.loc, a->note, b->note, "field note");
        same_loc(c, a->note_loc, b->note_loc, "note location");
    }
    if (a || b) fail_at(c, a ? a->name.loc : b->name.loc, "field list length");
}

static void same_policy(Cmp *c, Loc at, const PolicySpec *a, const PolicySpec *b)
{
    if (a->kind != b->kind || a->on_chip != b->on_chip || a->unknown != b->unknown) fail_at(c, at, "policy");
    same_name(c, a->attr, b->attr, "policy attribute");
    same_exprs(c, a->amount, b->amount);
    same_name(c, a->subject, b->subject, "policy subject");
    same_name(c, a->from, b->from, "policy from");
    same_name(c, a->to, b->to, "policy to");
    same_exprs(c, a->passthrough, b->passthrough);
    same_name(c, a->government, b->government, "policy government");
    same_exprs(c, a->route_share, b->route_share);
    same_exprs(c, a->risk, b->risk);
}

static void same_stmts(Cmp *c, const Stmt *a, const Stmt *b);

static void same_stmt_body(Cmp *c, const Stmt *a, const Stmt *b)
{
    switch (a->kind) {
    case S_DEFINE:
        if (a->u.def.redefine != b->u.def.redefine || a->u.def.kind != b->u.def.kind) fail_at(c, a->loc, "definition");
        same_name(c, a->u.def.name, b->u.def.name, "defined name");
        same_str(c, a->loc, a->u.def.display, b->u.def.display, "display name");
        same_name(c, a->u.def.like, b->u.def.like, "like");
        same_fields(c, a->u.def.fields, b->u.def.fields);
        break;
    case S_LET:
        same_name(c, a->u.let.name, b->u.let.name, "let name");
        same_exprs(c, a->u.let.value, b->u.let.value);
        break;
    case S_PRINT:
    case S_EXPR:
    case S_ASSERT: same_exprs(c, a->u.print.exprs, b->u.print.exprs); break;
    case S_SHOW:
        if (a->u.show.has_kind != b->u.show.has_kind || a->u.show.kind != b->u.show.kind) fail_at(c, a->loc, "show");
        same_name(c, a->u.show.name, b->u.show.name, "shown name");
        break;
    case S_CLASSIFY:
    case S_EXPLAIN:
    case S_HEADROOM:
        same_name(c, a->u.pair.chip, b->u.pair.chip, "chip");
        same_name(c, a->u.pair.other, b->u.pair.other, "rule or market");
        same_name(c, a->u.pair.scenario, b->u.pair.scenario, "scenario");
        same_fields(c, a->u.pair.with, b->u.pair.with);
        break;
    case S_COMPARE:
        same_exprs(c, a->u.compare.items, b->u.compare.items);
        same_exprs(c, a->u.compare.metrics, b->u.compare.metrics);
        break;
    case S_PLOT:
        same_exprs(c, a->u.plot.items, b->u.plot.items);
        same_exprs(c, a->u.plot.metrics, b->u.plot.metrics);
        same_str(c, a->loc, a->u.plot.to, b->u.plot.to, "plot file");
        if (a->u.plot.dist != b->u.plot.dist) fail_at(c, a->loc, "plot of a distribution");
        break;
    case S_IMPORT:
        same_str(c, a->loc, a->u.import.path, b->u.import.path, "import path");
        same_loc(c, a->u.import.path_loc, b->u.import.path_loc, "import path location");
        break;
    case S_SCENARIO:
        same_name(c, a->u.scenario.name, b->u.scenario.name, "scenario name");
        same_str(c, a->loc, a->u.scenario.title, b->u.scenario.title, "scenario title");
        same_name(c, a->u.scenario.base, b->u.scenario.base, "scenario base");
        same_stmts(c, a->u.scenario.body, b->u.scenario.body);
        same_loc(c, a->u.scenario.end, b->u.scenario.end, "scenario end");
        if (a->u.scenario.without_history != b->u.scenario.without_history) fail_at(c, a->loc, "without history");
        break;
    case S_POLICY:
    case S_LIFT: same_policy(c, a->loc, &a->u.policy, &b->u.policy); break;
    case S_ON:
        same_exprs(c, a->u.on.date, b->u.on.date);
        same_stmts(c, a->u.on.body, b->u.on.body);
        break;
    case S_ORDER:
        same_exprs(c, a->u.order.amount, b->u.order.amount);
        same_name(c, a->u.order.chip, b->u.order.chip, "ordered chip");
        break;
    case S_SERIES:
        same_exprs(c, a->u.series.exprs, b->u.series.exprs);
        same_exprs(c, a->u.series.from, b->u.series.from);
        same_exprs(c, a->u.series.to, b->u.series.to);
        same_name(c, a->u.series.by, b->u.series.by, "series step");
        if (a->u.series.plotted != b->u.series.plotted) fail_at(c, a->loc, "series plotted");
        break;
    case S_SWEEP:
    case S_SIMULATE:
        same_name(c, a->u.study.var, b->u.study.var, "sweep variable");
        same_exprs(c, a->u.study.from, b->u.study.from);
        same_exprs(c, a->u.study.to, b->u.study.to);
        same_exprs(c, a->u.study.step, b->u.study.step);
        same_exprs(c, a->u.study.values, b->u.study.values);
        same_exprs(c, a->u.study.runs, b->u.study.runs);
        same_exprs(c, a->u.study.seed, b->u.study.seed);
        same_exprs(c, a->u.study.metrics, b->u.study.metrics);
        same_stmts(c, a->u.study.body, b->u.study.body);
        same_loc(c, a->u.study.end, b->u.study.end, "study end");
        if (a->u.study.plotted != b->u.study.plotted) fail_at(c, a->loc, "sweep plotted");
        break;
    }
}

static void same_stmts(Cmp *c, const Stmt *a, const Stmt *b)
{
    for (; a && b; a = a->next, b = b->next) {
        c->nodes++;
        if (a->kind != b->kind) fail_at(c, a->loc, "statement kind");
        same_loc(c, a->loc, b->loc, "statement location");
        same_stmt_body(c, a, b);
    }
    if (a || b) fail_at(c, a ? a->loc : b->loc, "statement list length");
}

/* --- fixture: one arena, intern table and source set for both sides ----------- */

typedef struct Fx {
    Arena arena;
    Intern names;
    SourceSet sources;
    Diag diag;
} Fx;

static void fx_init(Fx *fx)
{
    arena_init(&fx->arena);
    intern_init(&fx->names, &fx->arena);
    sourceset_init(&fx->sources);
    diag_init(&fx->diag, stderr);
}

static void fx_free(Fx *fx)
{
    sourceset_free(&fx->sources);
    intern_free(&fx->names);
    arena_free(&fx->arena);
}

static Source *fx_source(Fx *fx, const char *name, const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    copy[len] = '\0';
    return sourceset_add(&fx->sources, name, copy, len, NULL, true);
}

static Stmt *fx_parse(Fx *fx, const Source *src)
{
    ParseResult pr = parse_source(src, &fx->arena, &fx->names, &fx->diag, false);
    assert_true(pr.ok);
    return pr.stmts;
}

/* --- the built-in blob ------------------------------------------------------- */

static void every_stdlib_file_has_a_matching_tree(void **state)
{
    (void)state;
    AstBlob b;
    assert_true(astio_open(&b, polsim_stdlib_ast, polsim_stdlib_ast_len));
    assert_int_equal(b.nfiles, nfiles());
    for (const EmbeddedFile *f = polsim_stdlib_files; f->name; f++) {
        assert_true(f->hash == text_hash(f->text, f->len)); /* tools/embed.c hashed what it embedded */
        const AstFile *af = astio_find(&b, f->name);
        assert_non_null(af);
        assert_true(af->hash == f->hash);
    }
    assert_null(astio_find(&b, "no-such-file.pol"));
    astio_close(&b);
}

static void prebuilt_trees_equal_a_fresh_parse(void **state)
{
    (void)state;
    AstBlob b;
    assert_true(astio_open(&b, polsim_stdlib_ast, polsim_stdlib_ast_len));
    Fx fx;
    fx_init(&fx);
    Cmp c = {0};
    for (const EmbeddedFile *f = polsim_stdlib_files; f->name; f++) {
        const Source *src = fx_source(&fx, f->name, f->text, f->len);
        Stmt *parsed = fx_parse(&fx, src), *loaded = NULL;
        assert_true(astio_read(&b, astio_find(&b, f->name), src, &fx.arena, &fx.names, &loaded));
        c.where = f->name;
        same_stmts(&c, parsed, loaded);
        assert_true(ast_equal(parsed, loaded, true));
    }
    assert_int_equal(c.diffs, 0);
    assert_true(c.nodes > 700); /* the whole stdlib (about 800 nodes today), not a stub */
    fx_free(&fx);
    astio_close(&b);
}

/* --- writing and reading back every kind of node ----------------------------- */

static const char EVERY_KIND[] =
    "define vendor acme \"Acme Corp\" { country: US, source: \"x\" \"a note\" }\n"
    "redefine chip c2 \"C2\" like c1 { fp16: 10 TFLOPS \"spec\"; share: 15%\n vendor: acme }\n"
    "define market M { budget: $8.2M }\n"
    "define rule r { predicate: chip.tpp >= 4800 and not chip.datacenter }\n"
    "let x = -(1 + 2) * 3 / 4 - 5\n"
    "print x, \"tab\\tnew\\nline\", true, false, 2024-01-02, 2025Q3, 1.4 TB/s, 0.5\n"
    "show H100; show chip H100\n"
    "classify H100 under r\n"
    "explain H100 in CN\n"
    "compare H100, H20\n"
    "compare H100, H20 on fp16, tpp\n"
    "plot compare H100, H20\n"
    "plot compare H100, H20 on fp16, fp8 to \"chart.svg\"\n"
    "assert x within 1% of 2 or x between 1 and 2 or x == 1 or x != 2 or x < 1 or x <= 1 or x > 1 or x >= 1\n"
    "import \"other.pol\"\n"
    "scenario s \"Title\" extends base {\n"
    "  cap bandwidth 1 TB/s on exports from US to CN\n"
    "  cap tpp 4800 on exports to CN\n"
    "  ban vendor nvidia in CN\n"
    "  ban chip H100 in CN\n"
    "  ban export of chip H100 from US to CN\n"
    "  ban export of vendor nvidia to CN\n"
    "  license chip H100 to CN\n"
    "  license vendor nvidia to CN\n"
    "  apply rule r on exports from US to CN\n"
    "  apply tariff 10% on imports from CN to US\n"
    "  apply tariff share 15% on nvidia sales to CN passthrough 0.5 to US\n"
    "  apply tariff share 15% on chip H20 sales to CN\n"
    "  lift ban vendor nvidia in CN\n"
    "  scenario inner { print 1 }\n"
    "}\n"
    "scenario empty {}\n"
    "H100.fp16\n"
    "s.CN.compute(x, 2)\n"
    "max(1, 2) + min()\n"
    "define rule lr { controlled: \"a.1\": chip.tpp >= 4800 or \"b\": (\"b.1\": chip.tpp > 1 and chip.density < 2) }\n"
    "cap fp8 1 PFLOPS on exports to CN unknown passes\n"
    "apply rule lr on exports from US to CN unknown blocks\n"
    "classify H100 with { bandwidth: 1 TB/s, tpp: 2000 } under lr\n"
    "explain H100 with { datacenter: false } in CN\n"
    "headroom H20 under lr\n"
    "headroom H20 with { interconnect: 0 B/s } under lr\n"
    "print solve largest b in 0 B/s .. 4 TB/s such that available(H20 with { bandwidth: b }, CN)\n"
    "let s2 = solve smallest t in 0 .. 10 such that t > 2\n"
    "let u = 780 TFLOPS in 752 TFLOPS .. 800 TFLOPS\n"
    "let v = 1 W to 2 W\n"
    "define chip w { fp16: 1 TFLOPS to 2 TFLOPS }\n"
    "print (1 to 2)\n"
    "print (u over 100 runs seed 7).p50, u over 10 runs\n"
    "sweep b from 1 TB/s to 4 TB/s step 1 TB/s { cap bandwidth b on exports to CN } on CN.compute, u\n"
    "sweep b in 1, 2 { sweep c in 3, 4 on b * c }\n"
    "sweep b in 1, 2\n"
    "simulate 10 runs seed 3 { cap tpp 4800 on exports to CN } on CN.compute\n"
    "simulate 10 runs on CN.compute\n"
    "on 2025-04-09 ban export of chip H20 to CN\n"
    "on 2025-08 { license chip H20 to CN\n add 300k units of H20 to stock }\n"
    "add 5 units of H20 to stock\n"
    "print CN.units at 2025Q3, CN.units during 2025, 2025-04 - 2025-01-01\n"
    "series CN.units, CN.spend from 2025Q1 to 2026 by year\n"
    "plot series CN.units from 2025Q1 to 2025Q4 to \"s.svg\"\n"
    "route CN via MY markup 50% share 10% risk 20%\n"
    "scenario nh without history { }\n"
    "plot CN.compute over 10 runs seed 1 to \"h.svg\"\n"
    "plot sweep b from 1 TB/s to 2 TB/s step 0.5 TB/s { cap bandwidth b on exports to CN } on CN.compute to \"w.svg\"\n";

/* Writes stmts (from src) as a one-file blob; the caller frees it. */
static unsigned char *write_blob(const Source *src, const Stmt *stmts, size_t *len)
{
    AstWriter *w = astio_writer_new();
    assert_true(astio_writer_add(w, "every.pol", src, stmts));
    return astio_writer_finish(w, len);
}

static void every_kind_survives_a_round_trip(void **state)
{
    (void)state;
    Fx fx;
    fx_init(&fx);
    const Source *src = fx_source(&fx, "every.pol", EVERY_KIND, sizeof EVERY_KIND - 1);
    Stmt *parsed = fx_parse(&fx, src), *loaded = NULL;
    size_t len;
    unsigned char *blob = write_blob(src, parsed, &len);
    AstBlob b;
    assert_true(astio_open(&b, blob, len));
    assert_true(astio_read(&b, astio_find(&b, "every.pol"), src, &fx.arena, &fx.names, &loaded));
    Cmp c = {.where = "every.pol"};
    same_stmts(&c, parsed, loaded);
    assert_int_equal(c.diffs, 0);
    assert_true(ast_equal(parsed, loaded, true));
    /* every statement kind at least once */
    bool seen[S_SIMULATE + 1] = {0};
    for (const Stmt *s = loaded; s; s = s->next) seen[s->kind] = true;
    for (const Stmt *s = loaded; s; s = s->next)
        if (s->kind == S_SCENARIO)
            for (const Stmt *t = s->u.scenario.body; t; t = t->next) seen[t->kind] = true;
    for (int k = 0; k <= S_SIMULATE; k++)
        if (!seen[k]) fail_msg("no statement of kind %d in EVERY_KIND", k);
    astio_close(&b);
    free(blob);
    fx_free(&fx);
}

/* The comparison is not vacuous: it sees a changed number, name, string,
 * location or a shorter list. */
static void the_comparison_sees_each_kind_of_change(void **state)
{
    (void)state;
    Fx fx;
    fx_init(&fx);
    static const char T[] = "let a = 1 + 2\nprint \"s\", b\n";
    const Source *src = fx_source(&fx, "t.pol", T, sizeof T - 1);
    Stmt *a = fx_parse(&fx, src), *b = fx_parse(&fx, src);
    Cmp c = {.quiet = true};
    same_stmts(&c, a, b);
    assert_int_equal(c.diffs, 0);
    assert_true(ast_equal(a, b, true));
    Expr *two = b->u.let.value->u.bin.b, *str = b->next->u.print.exprs, *name = str->next;
    two->u.num.v = 3;
    same_stmts(&c, a, b);
    assert_int_equal(c.diffs, 1);
    assert_false(ast_equal(a, b, false));
    two->u.num.v = 2;
    assert_true(ast_equal(a, b, true));
    name->u.name.id = intern_cstr(&fx.names, "c");
    same_stmts(&c, a, b);
    assert_int_equal(c.diffs, 2);
    assert_false(ast_equal(a, b, false));
    name->u.name.id = a->next->u.print.exprs->next->u.name.id;
    str->u.str = "t";
    same_stmts(&c, a, b);
    assert_true(c.diffs >= 3);
    assert_false(ast_equal(a, b, false));
    str->u.str = a->next->u.print.exprs->u.str;
    assert_true(ast_equal(a, b, true));
    int before = c.diffs;
    b->loc.end++;
    same_stmts(&c, a, b);
    assert_true(c.diffs > before);
    assert_false(ast_equal(a, b, true));
    assert_true(ast_equal(a, b, false)); /* only a location moved */
    before = c.diffs;
    b->next = NULL;
    same_stmts(&c, a, b);
    assert_true(c.diffs > before);
    assert_false(ast_equal(a, b, false));
    fx_free(&fx);
}

/* Every prefix of a blob is refused, never read out of bounds (ASan checks). */
static void a_truncated_blob_is_refused(void **state)
{
    (void)state;
    Fx fx;
    fx_init(&fx);
    const Source *src = fx_source(&fx, "every.pol", EVERY_KIND, sizeof EVERY_KIND - 1);
    size_t len;
    unsigned char *blob = write_blob(src, fx_parse(&fx, src), &len);
    for (size_t n = 0; n < len; n++) {
        unsigned char *cut = malloc(n ? n : 1);
        assert_non_null(cut);
        memcpy(cut, blob, n);
        AstBlob b;
        assert_false(astio_open(&b, cut, n));
        free(cut);
    }
    free(blob);
    fx_free(&fx);
}

/* Any single corrupted byte either is refused or reads as some tree; no crash. */
static void a_corrupted_blob_does_not_crash(void **state)
{
    (void)state;
    Fx fx;
    fx_init(&fx);
    const Source *src = fx_source(&fx, "every.pol", EVERY_KIND, sizeof EVERY_KIND - 1);
    size_t len;
    unsigned char *blob = write_blob(src, fx_parse(&fx, src), &len);
    int refused = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char saved = blob[i];
        blob[i] ^= 0xff;
        AstBlob b;
        Stmt *out = NULL;
        if (!astio_open(&b, blob, len)) refused++;
        else {
            const AstFile *f = astio_find(&b, "every.pol");
            if (!f || !astio_read(&b, f, src, &fx.arena, &fx.names, &out)) refused++;
            astio_close(&b);
        }
        blob[i] = saved;
    }
    assert_true(refused > 0);
    free(blob);
    fx_free(&fx);
}

/* --- the loaded world -------------------------------------------------------- */

static void init_interp(Interp *I)
{
    Options opt = {0};
    interp_init(I, &opt);
    I->report.quiet = true;
}

/* Output of `show KIND NAME` for every entity the stdlib defines, in one string (malloc'd). */
static char *show_everything(Interp *I)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    assert_non_null(out);
    I->report.out = out;
    I->report.quiet = false;
    Fx fx;
    fx_init(&fx);
    int shown = 0;
    for (const EmbeddedFile *f = polsim_stdlib_files; f->name; f++) {
        const Source *src = fx_source(&fx, f->name, f->text, f->len);
        for (const Stmt *s = fx_parse(&fx, src); s; s = s->next) {
            if (s->kind != S_DEFINE) continue;
            char cmd[256];
            snprintf(cmd, sizeof cmd, "show %s %s", entity_kind_name(s->u.def.kind), s->u.def.name.id);
            assert_int_equal(interp_run_text(I, "<test>", cmd, strlen(cmd), false), RUN_OK);
            shown++;
        }
    }
    assert_true(shown >= 30);
    fx_free(&fx);
    fclose(out);
    I->report.out = stdout;
    return buf;
}

static void the_loaded_world_shows_as_the_parsed_one(void **state)
{
    (void)state;
    Interp loaded, parsed;
    int nparsed = -1;
    init_interp(&loaded);
    assert_true(prelude_load(&loaded, polsim_stdlib_files, polsim_stdlib_ast, polsim_stdlib_ast_len, &nparsed));
    assert_int_equal(nparsed, 0); /* nothing was parsed */
    init_interp(&parsed);
    assert_true(prelude_load(&parsed, polsim_stdlib_files, NULL, 0, &nparsed));
    assert_int_equal(nparsed, (int)nfiles());
    char *a = show_everything(&loaded), *b = show_everything(&parsed);
    assert_true(strlen(a) > 10000);
    assert_string_equal(a, b);
    assert_int_equal(loaded.diag.errors, 0);
    assert_int_equal(parsed.diag.errors, 0);
    free(a);
    free(b);
    interp_free(&loaded);
    interp_free(&parsed);
}

/* The files with one text changed after the blob was built (a comment line
 * in front, so every location moves) and its hash updated, as embed would. */
static EmbeddedFile *files_with_edited(const char *name, char **text_out)
{
    size_t n = nfiles();
    EmbeddedFile *files = calloc(n + 1, sizeof *files);
    assert_non_null(files);
    memcpy(files, polsim_stdlib_files, n * sizeof *files);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(files[i].name, name) != 0) continue;
        static const char EXTRA[] = "# edited after the build\n";
        char *text = malloc(sizeof EXTRA + files[i].len);
        assert_non_null(text);
        memcpy(text, EXTRA, sizeof EXTRA - 1);
        memcpy(text + sizeof EXTRA - 1, files[i].text, files[i].len + 1);
        files[i].text = text;
        files[i].len += sizeof EXTRA - 1;
        files[i].hash = text_hash(text, files[i].len);
        *text_out = text;
    }
    return files;
}

static void a_stale_tree_falls_back_to_parsing(void **state)
{
    (void)state;
    char *text = NULL;
    EmbeddedFile *files = files_with_edited("chips.pol", &text);
    assert_non_null(text);
    Interp I, ref;
    int nparsed = -1;
    init_interp(&I);
    assert_true(prelude_load(&I, files, polsim_stdlib_ast, polsim_stdlib_ast_len, &nparsed));
    assert_int_equal(nparsed, 1); /* chips.pol only */
    assert_int_equal(I.diag.errors, 0);
    init_interp(&ref);
    assert_true(prelude_load(&ref, files, NULL, 0, &nparsed));
    Interp orig;
    init_interp(&orig);
    assert_true(prelude_load(&orig, polsim_stdlib_files, polsim_stdlib_ast, polsim_stdlib_ast_len, NULL));
    char *a = show_everything(&I), *b = show_everything(&ref), *o = show_everything(&orig);
    assert_string_equal(a, b);
    assert_true(strcmp(a, o) != 0); /* the chips' line numbers moved with the edit: the old tree was not used */
    free(a);
    free(b);
    free(o);
    interp_free(&I);
    interp_free(&ref);
    interp_free(&orig);
    free(text);
    free(files);
}

static void a_blob_of_another_version_is_not_used(void **state)
{
    (void)state;
    unsigned char *copy = malloc(polsim_stdlib_ast_len);
    assert_non_null(copy);
    memcpy(copy, polsim_stdlib_ast, polsim_stdlib_ast_len);
    assert_int_equal(copy[4], ASTIO_VERSION); /* after the magic */
    copy[4] = ASTIO_VERSION + 1;
    AstBlob b;
    assert_false(astio_open(&b, copy, polsim_stdlib_ast_len));
    Interp I;
    int nparsed = -1;
    init_interp(&I);
    assert_true(prelude_load(&I, polsim_stdlib_files, copy, polsim_stdlib_ast_len, &nparsed));
    assert_int_equal(nparsed, (int)nfiles());
    assert_int_equal(I.diag.errors, 0);
    interp_free(&I);
    copy[0] = 'X'; /* not a blob at all */
    init_interp(&I);
    assert_true(prelude_load(&I, polsim_stdlib_files, copy, polsim_stdlib_ast_len, &nparsed));
    assert_int_equal(nparsed, (int)nfiles());
    interp_free(&I);
    free(copy);
}

/* A missing tree (a file added to the stdlib but not to the blob) is parsed. */
static void a_file_missing_from_the_blob_is_parsed(void **state)
{
    (void)state;
    Fx fx;
    fx_init(&fx);
    const EmbeddedFile *prelude = NULL;
    for (const EmbeddedFile *f = polsim_stdlib_files; f->name; f++)
        if (strcmp(f->name, "prelude.pol") == 0) prelude = f;
    assert_non_null(prelude);
    const Source *src = fx_source(&fx, "prelude.pol", prelude->text, prelude->len);
    size_t len;
    AstWriter *w = astio_writer_new();
    assert_true(astio_writer_add(w, "prelude.pol", src, fx_parse(&fx, src)));
    unsigned char *blob = astio_writer_finish(w, &len);
    Interp I;
    int nparsed = -1;
    init_interp(&I);
    assert_true(prelude_load(&I, polsim_stdlib_files, blob, len, &nparsed));
    assert_int_equal(nparsed, (int)nfiles() - 1); /* all but prelude.pol */
    assert_int_equal(I.diag.errors, 0);
    interp_free(&I);
    free(blob);
    fx_free(&fx);
}

/* A stdlib file imported twice runs once: vendors.pol (here a stand-in with the
 * stdlib's name) defines av once (a second run would redefine it: an error);
 * markets.pol imports it again, and nothing runs twice. */
static void a_stdlib_import_runs_once(void **state)
{
    (void)state;
    static const char prelude[] = "import \"vendors.pol\"\nimport \"vendors.pol\"\nimport \"markets.pol\"\n";
    static const char a[] = "define vendor av { origin: AUS }\n";
    static const char b[] = "import \"vendors.pol\"\ndefine vendor bv { origin: BUS }\n";
    const EmbeddedFile files[] = {{"prelude.pol", prelude, sizeof prelude - 1, 0},
                                  {"vendors.pol", a, sizeof a - 1, 0},
                                  {"markets.pol", b, sizeof b - 1, 0},
                                  {NULL, NULL, 0, 0}};
    Interp I;
    int nparsed = -1;
    init_interp(&I);
    assert_true(prelude_load(&I, files, NULL, 0, &nparsed));
    assert_int_equal(nparsed, 3);
    assert_int_equal(I.diag.errors, 0);
    interp_free(&I);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_stdlib_file_has_a_matching_tree),
        cmocka_unit_test(prebuilt_trees_equal_a_fresh_parse),
        cmocka_unit_test(every_kind_survives_a_round_trip),
        cmocka_unit_test(the_comparison_sees_each_kind_of_change),
        cmocka_unit_test(a_truncated_blob_is_refused),
        cmocka_unit_test(a_corrupted_blob_does_not_crash),
        cmocka_unit_test(the_loaded_world_shows_as_the_parsed_one),
        cmocka_unit_test(a_stale_tree_falls_back_to_parsing),
        cmocka_unit_test(a_blob_of_another_version_is_not_used),
        cmocka_unit_test(a_file_missing_from_the_blob_is_parsed),
        cmocka_unit_test(a_stdlib_import_runs_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
