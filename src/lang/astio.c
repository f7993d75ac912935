/* astio.c: writes syntax trees to the binary form described in astio.h and
 * reads them back. The reader checks every bound and enum, so a damaged blob
 * is refused rather than trusted. */
#include "astio.h"
#include "texthash.h"
#include <stdlib.h>
#include <string.h>

static const char MAGIC[4] = {'P', 'A', 'S', 'T'};

/* A change to the syntax tree must reach this file (put_* and get_*), the
 * comparison in tests/unit/test_prelude.c and ASTIO_VERSION. New kinds are
 * caught by -Wswitch; these catch new fields and kinds added past the last. */
_Static_assert(E_FISCAL == 21 && S_SIMULATE == 19 && P_ROUTE == 10 && OP_NOT == 13 && K_COUNT == 6,
               "an AST enum changed: update astio.c");
#if UINTPTR_MAX == 0xffffffffffffffffu
_Static_assert(sizeof(Expr) == 88 && sizeof(Stmt) == 200 && sizeof(Field) == 64 && sizeof(PolicySpec) == 168
                   && sizeof(Name) == 24 && sizeof(Quantity) == 16,
               "an AST node changed: update astio.c");
#endif
enum { MAX_DEPTH = 4096 };

/* --- writing ------------------------------------------------------------------- */

typedef struct ByteBuf {
    unsigned char *p;
    size_t len, cap;
} ByteBuf;

struct AstWriter {
    ByteBuf strings, files, body;
    size_t nstrings, nfiles;
    char **keys;   /* string table as a hash set: malloc'd copies */
    size_t *index; /* table index of keys[i] */
    size_t cap;
    const Source *src; /* the file being encoded */
    uint32_t last;     /* start of the previous Loc written: starts are deltas from it */
    size_t nodes;      /* bytes of the nodes the file being encoded reads into */
    bool bad;
};

static void put_bytes(ByteBuf *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void put_byte(ByteBuf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    put_bytes(b, &c, 1);
}

/* Unsigned LEB128. */
static void put_u(ByteBuf *b, uint64_t v)
{
    do {
        unsigned char c = v & 0x7f;
        v >>= 7;
        put_byte(b, v ? c | 0x80u : c);
    } while (v);
}

static void put_u64le(ByteBuf *b, uint64_t v)
{
    for (int i = 0; i < 8; i++) put_byte(b, (unsigned)(v >> (8 * i)) & 0xffu);
}

AstWriter *astio_writer_new(void)
{
    AstWriter *w = xcalloc(1, sizeof *w);
    w->cap = 1024;
    w->keys = xcalloc(w->cap, sizeof *w->keys);
    w->index = xcalloc(w->cap, sizeof *w->index);
    return w;
}

static void grow_strings(AstWriter *w)
{
    size_t cap = w->cap * 2;
    char **keys = xcalloc(cap, sizeof *keys);
    size_t *index = xcalloc(cap, sizeof *index);
    for (size_t i = 0; i < w->cap; i++) {
        if (!w->keys[i]) continue;
        size_t j = text_hash(w->keys[i], strlen(w->keys[i])) & (cap - 1);
        while (keys[j]) j = (j + 1) & (cap - 1);
        keys[j] = w->keys[i];
        index[j] = w->index[i];
    }
    free(w->keys);
    free(w->index);
    w->keys = keys;
    w->index = index;
    w->cap = cap;
}

/* Table index of s, adding it on first use. */
static size_t string_index(AstWriter *w, const char *s)
{
    if (w->nstrings * 2 >= w->cap) grow_strings(w);
    size_t n = strlen(s), j = text_hash(s, n) & (w->cap - 1);
    while (w->keys[j]) {
        if (strcmp(w->keys[j], s) == 0) return w->index[j];
        j = (j + 1) & (w->cap - 1);
    }
    w->keys[j] = xstrdup(s);
    w->index[j] = w->nstrings;
    put_u(&w->strings, n);
    put_bytes(&w->strings, s, n + 1);
    return w->nstrings++;
}

/* A string reference: 0 for NULL, else table index + 1. */
static void put_str(AstWriter *w, const char *s) { put_u(&w->body, s ? string_index(w, s) + 1 : 0); }

/* Zigzag: small negative numbers as small unsigned ones. */
static uint64_t zigzag(int64_t v) { return v < 0 ? ((uint64_t)-(v + 1) << 1) | 1 : (uint64_t)v << 1; }

/* (zigzag(start - previous start) << 1 | 1), then the length: nodes come in
 * source order, so most starts are a byte or two from the last. A Loc
 * without a source (an absent note, unit, ...: mostly {NULL, 0, 0}) is
 * (start << 1) and the length, and is not the previous start of the next. */
static void put_loc(AstWriter *w, Loc l)
{
    if ((l.src && l.src != w->src) || l.end < l.start) w->bad = true;
    if (l.src) {
        put_u(&w->body, zigzag((int64_t)l.start - (int64_t)w->last) << 1 | 1);
        w->last = l.start;
    } else {
        put_u(&w->body, (uint64_t)l.start << 1);
    }
    put_u(&w->body, l.end >= l.start ? l.end - l.start : 0);
}

static void put_name(AstWriter *w, Name n)
{
    put_str(w, n.id);
    put_loc(w, n.loc);
}

static uint64_t double_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* IEEE bits, then flags (1 percent, 2 has a dimension), then the exponents. */
static void put_quantity(AstWriter *w, Quantity q)
{
    put_u64le(&w->body, double_bits(q.v));
    bool dim = !dim_is_none(q.dim);
    put_byte(&w->body, (q.percent ? 1u : 0u) | (dim ? 2u : 0u));
    if (dim)
        for (int i = 0; i < DIM_COUNT; i++) put_byte(&w->body, (unsigned char)q.dim.e[i]);
}

static void put_exprs(AstWriter *w, const Expr *e);
static void put_fields(AstWriter *w, const Field *f);

static void put_expr(AstWriter *w, const Expr *e)
{
    put_byte(&w->body, e->kind);
    put_loc(w, e->loc);
    switch (e->kind) {
    case E_NUMBER: put_quantity(w, e->u.num); break;
    case E_STRING: put_str(w, e->u.str); break;
    case E_BOOL: put_byte(&w->body, e->u.boolean); break;
    case E_DATE:
        put_u64le(&w->body, double_bits(e->u.date));
        put_byte(&w->body, e->date_span);
        break;
    case E_NAME:
    case E_SUBJECT: put_name(w, e->u.name); break;
    case E_ATTR:
    case E_CALL:
    case E_METHOD:
        put_exprs(w, e->u.attr.target);
        put_name(w, e->u.attr.name);
        put_exprs(w, e->u.attr.args);
        break;
    case E_UNARY:
    case E_BINARY:
    case E_AT:
    case E_DURING:
        put_byte(&w->body, e->u.bin.op);
        put_exprs(w, e->u.bin.a);
        put_exprs(w, e->u.bin.b);
        break;
    case E_WITHIN:
    case E_BETWEEN:
    case E_RANGE:
    case E_OVER:
        put_exprs(w, e->u.tern.a);
        put_exprs(w, e->u.tern.b);
        put_exprs(w, e->u.tern.c);
        break;
    case E_CLAUSE:
        put_str(w, e->u.clause.label);
        put_exprs(w, e->u.clause.body);
        break;
    case E_WITH:
        put_exprs(w, e->u.with.target);
        put_fields(w, e->u.with.fields);
        break;
    case E_SOLVE:
        put_byte(&w->body, e->u.solve.largest);
        put_name(w, e->u.solve.var);
        put_exprs(w, e->u.solve.lo);
        put_exprs(w, e->u.solve.hi);
        put_exprs(w, e->u.solve.cond);
        break;
    case E_CONVERT:
        put_exprs(w, e->u.convert.value);
        put_str(w, e->u.convert.unit);
        put_loc(w, e->u.convert.unit_loc);
        break;
    case E_FISCAL:
        put_name(w, e->u.fiscal.vendor);
        put_u(&w->body, (uint64_t)e->u.fiscal.year);
        put_byte(&w->body, e->u.fiscal.quarter);
        break;
    }
}

/* Every Expr pointer is written as a list (count, items), so a NULL and any
 * `next` chain survive exactly. */
static void put_exprs(AstWriter *w, const Expr *e)
{
    size_t n = 0;
    for (const Expr *x = e; x; x = x->next) n++;
    put_u(&w->body, n);
    w->nodes += n * sizeof(Expr);
    for (const Expr *x = e; x; x = x->next) put_expr(w, x);
}

static void put_fields(AstWriter *w, const Field *f)
{
    size_t n = 0;
    for (const Field *x = f; x; x = x->next) n++;
    put_u(&w->body, n);
    w->nodes += n * sizeof(Field);
    for (const Field *x = f; x; x = x->next) {
        put_name(w, x->name);
        put_exprs(w, x->value);
        put_str(w, x->note);
        put_loc(w, x->note_loc);
    }
}

static void put_policy(AstWriter *w, const PolicySpec *p)
{
    put_byte(&w->body, p->kind);
    put_name(w, p->attr);
    put_exprs(w, p->amount);
    put_name(w, p->subject);
    put_name(w, p->from);
    put_name(w, p->to);
    put_exprs(w, p->passthrough);
    put_name(w, p->government);
    put_byte(&w->body, p->on_chip);
    put_exprs(w, p->route_share);
    put_exprs(w, p->risk);
    put_byte(&w->body, (unsigned char)p->unknown);
}

static void put_stmts(AstWriter *w, const Stmt *s);

static void put_stmt(AstWriter *w, const Stmt *s)
{
    put_byte(&w->body, s->kind);
    put_loc(w, s->loc);
    switch (s->kind) {
    case S_DEFINE:
        put_byte(&w->body, s->u.def.redefine);
        put_byte(&w->body, s->u.def.kind);
        put_name(w, s->u.def.name);
        put_str(w, s->u.def.display);
        put_name(w, s->u.def.like);
        put_fields(w, s->u.def.fields);
        break;
    case S_LET:
        put_name(w, s->u.let.name);
        put_exprs(w, s->u.let.value);
        put_str(w, s->u.let.note);
        break;
    case S_PRINT:
    case S_EXPR:
    case S_ASSERT:
        put_exprs(w, s->u.print.exprs);
        put_str(w, s->u.print.note);
        put_str(w, s->u.print.unit);
        put_loc(w, s->u.print.unit_loc);
        break;
    case S_SHOW:
        put_byte(&w->body, s->u.show.has_kind);
        put_byte(&w->body, s->u.show.kind);
        put_name(w, s->u.show.name);
        break;
    case S_CLASSIFY:
    case S_EXPLAIN:
    case S_HEADROOM:
        put_name(w, s->u.pair.chip);
        put_name(w, s->u.pair.other);
        put_fields(w, s->u.pair.with);
        put_name(w, s->u.pair.scenario);
        put_exprs(w, s->u.pair.at);
        break;
    case S_COMPARE:
        put_exprs(w, s->u.compare.items);
        put_exprs(w, s->u.compare.metrics);
        break;
    case S_PLOT:
        put_exprs(w, s->u.plot.items);
        put_exprs(w, s->u.plot.metrics);
        put_str(w, s->u.plot.to);
        put_loc(w, s->u.plot.to_loc);
        put_byte(&w->body, s->u.plot.dist);
        break;
    case S_IMPORT:
        put_str(w, s->u.import.path);
        put_loc(w, s->u.import.path_loc);
        break;
    case S_SCENARIO:
        put_name(w, s->u.scenario.name);
        put_str(w, s->u.scenario.title);
        put_name(w, s->u.scenario.base);
        put_stmts(w, s->u.scenario.body);
        put_loc(w, s->u.scenario.end);
        put_byte(&w->body, s->u.scenario.without_history);
        break;
    case S_POLICY:
    case S_LIFT: put_policy(w, &s->u.policy); break;
    case S_ON:
        put_exprs(w, s->u.on.date);
        put_stmts(w, s->u.on.body);
        break;
    case S_ORDER:
        put_exprs(w, s->u.order.amount);
        put_name(w, s->u.order.chip);
        break;
    case S_SERIES:
        put_exprs(w, s->u.series.exprs);
        put_exprs(w, s->u.series.from);
        put_exprs(w, s->u.series.to);
        put_name(w, s->u.series.by);
        put_byte(&w->body, s->u.series.plotted);
        put_str(w, s->u.series.plot_to);
        put_loc(w, s->u.series.plot_to_loc);
        break;
    case S_SWEEP:
    case S_SIMULATE:
        put_name(w, s->u.study.var);
        put_exprs(w, s->u.study.from);
        put_exprs(w, s->u.study.to);
        put_exprs(w, s->u.study.step);
        put_exprs(w, s->u.study.values);
        put_exprs(w, s->u.study.runs);
        put_exprs(w, s->u.study.seed);
        put_exprs(w, s->u.study.metrics);
        put_stmts(w, s->u.study.body);
        put_loc(w, s->u.study.end);
        put_byte(&w->body, s->u.study.plotted);
        put_str(w, s->u.study.plot_to);
        put_loc(w, s->u.study.plot_to_loc);
        break;
    }
}

static void put_stmts(AstWriter *w, const Stmt *s)
{
    size_t n = 0;
    for (const Stmt *x = s; x; x = x->next) n++;
    put_u(&w->body, n);
    w->nodes += n * sizeof(Stmt);
    for (const Stmt *x = s; x; x = x->next) put_stmt(w, x);
}

bool astio_writer_add(AstWriter *w, const char *name, const Source *src, const Stmt *stmts)
{
    w->src = src;
    w->last = 0;
    w->body.len = 0;
    w->nodes = 0;
    put_stmts(w, stmts);
    put_u(&w->files, string_index(w, name) + 1);
    put_u64le(&w->files, text_hash(src->text, src->len));
    put_u(&w->files, w->nodes);
    put_u(&w->files, w->body.len);
    put_bytes(&w->files, w->body.p, w->body.len);
    w->nfiles++;
    return !w->bad;
}

unsigned char *astio_writer_finish(AstWriter *w, size_t *len)
{
    ByteBuf out = {0};
    put_bytes(&out, MAGIC, sizeof MAGIC);
    put_u(&out, ASTIO_VERSION);
    put_u(&out, w->nstrings);
    put_bytes(&out, w->strings.p, w->strings.len);
    put_u(&out, w->nfiles);
    put_bytes(&out, w->files.p, w->files.len);
    for (size_t i = 0; i < w->cap; i++) free(w->keys[i]);
    free(w->keys);
    free(w->index);
    free(w->strings.p);
    free(w->files.p);
    free(w->body.p);
    free(w);
    *len = out.len;
    return out.p;
}

/* --- reading ------------------------------------------------------------------- */

typedef struct Reader {
    const unsigned char *p;
    size_t pos, end;
    bool bad;
    int depth;
    const AstBlob *blob;
    const Source *src;
    Intern *names;
    const char **ids; /* interned copy of each table string, made on first use */
    uint32_t last;    /* start of the previous Loc read */
    unsigned char *mem; /* where the next list of nodes goes: the rest of the file's one block */
    size_t left;        /* bytes left there */
} Reader;

static unsigned get_byte(Reader *r)
{
    if (r->pos >= r->end) {
        r->bad = true;
        return 0;
    }
    return r->p[r->pos++];
}

static uint64_t get_u_long(Reader *r);

/* Unsigned LEB128; the one-byte case inline. */
static inline uint64_t get_u(Reader *r)
{
    if (r->pos < r->end && r->p[r->pos] < 0x80) return r->p[r->pos++];
    return get_u_long(r);
}

static uint64_t get_u_long(Reader *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        unsigned c = get_byte(r);
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return v;
    }
    r->bad = true;
    return 0;
}

/* A count of items that each take at least one byte: never more than remain. */
static size_t get_count(Reader *r)
{
    uint64_t n = get_u(r);
    if (n > r->end - r->pos) {
        r->bad = true;
        return 0;
    }
    return (size_t)n;
}

static uint64_t get_u64le(Reader *r)
{
    if (r->end - r->pos < 8) {
        r->bad = true;
        r->pos = r->end;
        return 0;
    }
    uint64_t v;
    memcpy(&v, r->p + r->pos, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    r->pos += 8;
    return v;
}

/* An enum value below limit. */
static unsigned get_enum(Reader *r, unsigned limit)
{
    unsigned v = get_byte(r);
    if (v >= limit) {
        r->bad = true;
        return 0;
    }
    return v;
}

static bool get_bool(Reader *r) { return get_enum(r, 2) != 0; }

/* Table index + 1 (0 for NULL) checked against the table; returns the index or -1. */
static long get_string_ref(Reader *r)
{
    uint64_t i = get_u(r);
    if (i == 0) return -1;
    if (i > r->blob->nstrings) {
        r->bad = true;
        return -1;
    }
    return (long)(i - 1);
}

static const char *get_str(Reader *r)
{
    long i = get_string_ref(r);
    return i < 0 ? NULL : r->blob->strings[i];
}

static const char *get_id(Reader *r)
{
    long i = get_string_ref(r);
    if (i < 0) return NULL;
    if (!r->ids[i]) r->ids[i] = intern_cstr(r->names, r->blob->strings[i]);
    return r->ids[i];
}

static inline Loc get_loc(Reader *r)
{
    uint64_t code = get_u(r), len = get_u(r), delta = code >> 1;
    int64_t start = !(code & 1) ? (int64_t)(delta & 0xffffffffu)
                                : (int64_t)r->last + (delta & 1 ? -(int64_t)(delta >> 1) - 1 : (int64_t)(delta >> 1));
    if (delta >> 32 || start < 0 || (uint64_t)start > r->src->len || len > r->src->len - (uint64_t)start) {
        r->bad = true;
        return (Loc){0};
    }
    if (!(code & 1)) return (Loc){NULL, (uint32_t)start, (uint32_t)(start + (int64_t)len)};
    r->last = (uint32_t)start;
    return (Loc){r->src, (uint32_t)start, (uint32_t)(start + (int64_t)len)};
}

static inline Name get_name(Reader *r)
{
    const char *id = get_id(r);
    return (Name){id, get_loc(r)};
}

static double get_double(Reader *r)
{
    uint64_t u = get_u64le(r);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static Quantity get_quantity(Reader *r)
{
    Quantity q = {.v = get_double(r)};
    unsigned flags = get_byte(r);
    if (flags > 3) r->bad = true;
    q.percent = flags & 1;
    if (flags & 2)
        for (int i = 0; i < DIM_COUNT; i++) q.dim.e[i] = (int8_t)get_byte(r);
    return q;
}

static Expr *get_exprs(Reader *r);

static Field *get_fields(Reader *r);

/* The next n bytes of the file's block of nodes (zeroed); NULL and bad when
 * the block is used up (the blob's size for it was wrong). */
static void *take(Reader *r, size_t n)
{
    if (n > r->left) {
        r->bad = true;
        return NULL;
    }
    void *p = r->mem;
    r->mem += n;
    r->left -= n;
    return p;
}

static void get_expr_body(Reader *r, Expr *e)
{
    switch (e->kind) {
    case E_NUMBER: e->u.num = get_quantity(r); break;
    case E_STRING: e->u.str = get_str(r); break;
    case E_BOOL: e->u.boolean = get_bool(r); break;
    case E_DATE:
        e->u.date = get_double(r);
        e->date_span = (unsigned char)get_enum(r, DATE_YEAR + 1);
        break;
    case E_NAME:
    case E_SUBJECT: e->u.name = get_name(r); break;
    case E_ATTR:
    case E_CALL:
    case E_METHOD:
        e->u.attr.target = get_exprs(r);
        e->u.attr.name = get_name(r);
        e->u.attr.args = get_exprs(r);
        break;
    case E_UNARY:
    case E_BINARY:
    case E_AT:
    case E_DURING:
        e->u.bin.op = (Op)get_enum(r, OP_NOT + 1);
        e->u.bin.a = get_exprs(r);
        e->u.bin.b = get_exprs(r);
        break;
    case E_WITHIN:
    case E_BETWEEN:
    case E_RANGE:
    case E_OVER:
        e->u.tern.a = get_exprs(r);
        e->u.tern.b = get_exprs(r);
        e->u.tern.c = get_exprs(r);
        break;
    case E_CLAUSE:
        e->u.clause.label = get_str(r);
        e->u.clause.body = get_exprs(r);
        break;
    case E_WITH:
        e->u.with.target = get_exprs(r);
        e->u.with.fields = get_fields(r);
        break;
    case E_SOLVE:
        e->u.solve.largest = get_bool(r);
        e->u.solve.var = get_name(r);
        e->u.solve.lo = get_exprs(r);
        e->u.solve.hi = get_exprs(r);
        e->u.solve.cond = get_exprs(r);
        break;
    case E_CONVERT:
        e->u.convert.value = get_exprs(r);
        e->u.convert.unit = get_str(r);
        e->u.convert.unit_loc = get_loc(r);
        break;
    case E_FISCAL:
        e->u.fiscal.vendor = get_name(r);
        uint64_t year = get_u(r);
        if (year > 9999) r->bad = true;
        e->u.fiscal.year = (int)(year % 10000);
        e->u.fiscal.quarter = (unsigned char)get_enum(r, 5);
        break;
    }
}

/* Nesting guard shared by the recursive list readers. */
static bool enter(Reader *r)
{
    if (r->bad || ++r->depth > MAX_DEPTH) {
        r->bad = true;
        return false;
    }
    return true;
}

static Expr *get_exprs(Reader *r)
{
    if (!enter(r)) return NULL;
    size_t n = get_count(r);
    Expr *nodes = n ? take(r, n * sizeof *nodes) : NULL;
    for (size_t i = 0; i < n && !r->bad; i++) {
        Expr *e = &nodes[i];
        e->kind = (ExprKind)get_enum(r, E_FISCAL + 1);
        e->loc = get_loc(r);
        get_expr_body(r, e);
        if (i > 0) nodes[i - 1].next = e;
    }
    r->depth--;
    return nodes;
}

static Field *get_fields(Reader *r)
{
    size_t n = get_count(r);
    Field *fields = n ? take(r, n * sizeof *fields) : NULL;
    for (size_t i = 0; i < n && !r->bad; i++) {
        Field *f = &fields[i];
        f->name = get_name(r);
        f->value = get_exprs(r);
        f->note = get_str(r);
        f->note_loc = get_loc(r);
        if (i > 0) fields[i - 1].next = f;
    }
    return fields;
}

static PolicySpec get_policy(Reader *r)
{
    PolicySpec p = {.kind = (PolicyKind)get_enum(r, P_ROUTE + 1)};
    p.attr = get_name(r);
    p.amount = get_exprs(r);
    p.subject = get_name(r);
    p.from = get_name(r);
    p.to = get_name(r);
    p.passthrough = get_exprs(r);
    p.government = get_name(r);
    p.on_chip = get_bool(r);
    p.route_share = get_exprs(r);
    p.risk = get_exprs(r);
    p.unknown = (int)get_enum(r, UNKNOWN_BLOCKS + 1);
    return p;
}

static Stmt *get_stmts(Reader *r);

static void get_stmt_body(Reader *r, Stmt *s)
{
    switch (s->kind) {
    case S_DEFINE:
        s->u.def.redefine = get_bool(r);
        s->u.def.kind = (EntityKind)get_enum(r, K_COUNT);
        s->u.def.name = get_name(r);
        s->u.def.display = get_str(r);
        s->u.def.like = get_name(r);
        s->u.def.fields = get_fields(r);
        break;
    case S_LET:
        s->u.let.name = get_name(r);
        s->u.let.value = get_exprs(r);
        s->u.let.note = get_str(r);
        break;
    case S_PRINT:
    case S_EXPR:
    case S_ASSERT:
        s->u.print.exprs = get_exprs(r);
        s->u.print.note = get_str(r);
        s->u.print.unit = get_str(r);
        s->u.print.unit_loc = get_loc(r);
        break;
    case S_SHOW:
        s->u.show.has_kind = get_bool(r);
        s->u.show.kind = (EntityKind)get_enum(r, K_COUNT);
        s->u.show.name = get_name(r);
        break;
    case S_CLASSIFY:
    case S_EXPLAIN:
    case S_HEADROOM:
        s->u.pair.chip = get_name(r);
        s->u.pair.other = get_name(r);
        s->u.pair.with = get_fields(r);
        s->u.pair.scenario = get_name(r);
        s->u.pair.at = get_exprs(r);
        break;
    case S_COMPARE:
        s->u.compare.items = get_exprs(r);
        s->u.compare.metrics = get_exprs(r);
        break;
    case S_PLOT:
        s->u.plot.items = get_exprs(r);
        s->u.plot.metrics = get_exprs(r);
        s->u.plot.to = get_str(r);
        s->u.plot.to_loc = get_loc(r);
        s->u.plot.dist = get_bool(r);
        break;
    case S_IMPORT:
        s->u.import.path = get_str(r);
        s->u.import.path_loc = get_loc(r);
        break;
    case S_SCENARIO:
        s->u.scenario.name = get_name(r);
        s->u.scenario.title = get_str(r);
        s->u.scenario.base = get_name(r);
        s->u.scenario.body = get_stmts(r);
        s->u.scenario.end = get_loc(r);
        s->u.scenario.without_history = get_bool(r);
        break;
    case S_POLICY:
    case S_LIFT: s->u.policy = get_policy(r); break;
    case S_ON:
        s->u.on.date = get_exprs(r);
        s->u.on.body = get_stmts(r);
        break;
    case S_ORDER:
        s->u.order.amount = get_exprs(r);
        s->u.order.chip = get_name(r);
        break;
    case S_SERIES:
        s->u.series.exprs = get_exprs(r);
        s->u.series.from = get_exprs(r);
        s->u.series.to = get_exprs(r);
        s->u.series.by = get_name(r);
        s->u.series.plotted = get_bool(r);
        s->u.series.plot_to = get_str(r);
        s->u.series.plot_to_loc = get_loc(r);
        break;
    case S_SWEEP:
    case S_SIMULATE:
        s->u.study.var = get_name(r);
        s->u.study.from = get_exprs(r);
        s->u.study.to = get_exprs(r);
        s->u.study.step = get_exprs(r);
        s->u.study.values = get_exprs(r);
        s->u.study.runs = get_exprs(r);
        s->u.study.seed = get_exprs(r);
        s->u.study.metrics = get_exprs(r);
        s->u.study.body = get_stmts(r);
        s->u.study.end = get_loc(r);
        s->u.study.plotted = get_bool(r);
        s->u.study.plot_to = get_str(r);
        s->u.study.plot_to_loc = get_loc(r);
        break;
    }
}

static Stmt *get_stmts(Reader *r)
{
    if (!enter(r)) return NULL;
    size_t n = get_count(r);
    Stmt *stmts = n ? take(r, n * sizeof *stmts) : NULL;
    for (size_t i = 0; i < n && !r->bad; i++) {
        Stmt *s = &stmts[i];
        s->kind = (StmtKind)get_enum(r, S_SIMULATE + 1);
        s->loc = get_loc(r);
        get_stmt_body(r, s);
        if (i > 0) stmts[i - 1].next = s;
    }
    r->depth--;
    return stmts;
}

bool astio_read(AstBlob *b, const AstFile *f, const Source *src, Arena *arena, Intern *names, Stmt **out)
{
    if (!b->ids || b->ids_from != names) {
        free(b->ids);
        b->ids = xcalloc(b->nstrings ? b->nstrings : 1, sizeof *b->ids);
        b->ids_from = names;
    }
    Reader r = {.p = b->data, .pos = f->body, .end = f->body + f->body_len, .blob = b,
                .src = src, .names = names, .ids = b->ids};
    r.mem = f->nodes ? arena_alloc(arena, f->nodes) : NULL; /* zeroed: every node in one allocation */
    r.left = f->nodes;
    Stmt *stmts = get_stmts(&r);
    if (r.bad || r.pos != r.end || r.left) return false;
    *out = stmts;
    return true;
}

/* --- opening a blob ------------------------------------------------------------ */

/* Indexes the string table: each entry is a length, the bytes and a NUL
 * (checked, so every entry is a terminated C string within the blob). */
static bool index_strings(Reader *r, AstBlob *b)
{
    b->nstrings = get_count(r);
    b->strings = xmalloc((b->nstrings ? b->nstrings : 1) * sizeof *b->strings);
    for (size_t i = 0; i < b->nstrings && !r->bad; i++) {
        uint64_t n = get_u(r);
        if (n >= r->end - r->pos || r->p[r->pos + n] != '\0') return false;
        b->strings[i] = (const char *)r->p + r->pos;
        r->pos += n + 1;
    }
    return !r->bad;
}

static bool index_files(Reader *r, AstBlob *b)
{
    b->nfiles = get_count(r);
    b->files = xmalloc((b->nfiles ? b->nfiles : 1) * sizeof *b->files);
    for (size_t i = 0; i < b->nfiles && !r->bad; i++) {
        AstFile *f = &b->files[i];
        f->name = get_str(r);
        f->hash = get_u64le(r);
        f->nodes = get_u(r);
        f->body_len = get_u(r);
        f->body = r->pos;
        if (!f->name || f->body_len > r->end - r->pos) return false;
        if (f->nodes > f->body_len * sizeof(Stmt)) return false; /* a node takes more than one byte to write */
        r->pos += f->body_len;
    }
    return !r->bad && r->pos == r->end;
}

bool astio_open(AstBlob *b, const unsigned char *data, size_t len)
{
    memset(b, 0, sizeof *b);
    if (len < sizeof MAGIC || memcmp(data, MAGIC, sizeof MAGIC) != 0) return false;
    *b = (AstBlob){.data = data, .len = len};
    Reader r = {.p = data, .pos = sizeof MAGIC, .end = len, .blob = b};
    if (get_u(&r) != ASTIO_VERSION || r.bad) return false;
    if (index_strings(&r, b) && index_files(&r, b)) return true;
    astio_close(b);
    return false;
}

void astio_close(AstBlob *b)
{
    free(b->ids);
    free(b->strings);
    free(b->files);
    memset(b, 0, sizeof *b);
}

const AstFile *astio_find(const AstBlob *b, const char *name)
{
    for (size_t i = 0; i < b->nfiles; i++)
        if (strcmp(b->files[i].name, name) == 0) return &b->files[i];
    return NULL;
}
