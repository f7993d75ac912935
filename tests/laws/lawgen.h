/* lawgen.h: random programs that check the laws of docs/language.md,
 * "Contexts" (a to e), with asserts: readers crossed with contexts
 * (scenario, date, period, study run, history on or off). A program passes
 * when every assert holds and nothing fails; an assert that fails, an error
 * or a crash is a violation. Shared by the checker run in `make check`
 * (tests/laws/lawcheck.c) and the libFuzzer harness (tests/fuzz/fuzz_laws.c),
 * where the input bytes drive the choices.
 *
 * A program is a list of units (a line, or a block kept whole), so a
 * failing one can be minimised by dropping units. Ownership: LawProgram's
 * units are malloc'd; law_free frees them. */
#ifndef POLSIM_LAWGEN_H
#define POLSIM_LAWGEN_H
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LAW_MAX_UNITS = 64, LAW_UNIT_CHARS = 1024 };

/* The choices: bytes first (the fuzzer's), then a xorshift stream. */
typedef struct LawRng {
    const unsigned char *data;
    size_t size, pos;
    uint64_t state;
} LawRng;

/* A number below n (n >= 1). */
static inline unsigned law_pick(LawRng *r, unsigned n)
{
    uint64_t x;
    if (r->pos < r->size) {
        x = r->data[r->pos++];
    } else {
        r->state ^= r->state << 13;
        r->state ^= r->state >> 7;
        r->state ^= r->state << 17;
        x = r->state >> 11;
    }
    return (unsigned)(x % n);
}

#define LAW_PICK(r, arr) (arr[law_pick(r, (unsigned)(sizeof arr / sizeof arr[0]))])

typedef struct LawProgram {
    char *units[LAW_MAX_UNITS];
    int n;
    bool history;        /* run with the recorded history (else --no-history) */
    const char *law;     /* which law the program checks, for messages */
    bool halves;         /* run it (not test it): its output is two equal halves */
} LawProgram;

static inline void law_add(LawProgram *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void law_add(LawProgram *p, const char *fmt, ...)
{
    if (p->n == LAW_MAX_UNITS) return;
    char *u = malloc(LAW_UNIT_CHARS);
    if (!u) abort();
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(u, LAW_UNIT_CHARS, fmt, ap);
    va_end(ap);
    p->units[p->n++] = u;
}

static inline void law_free(LawProgram *p)
{
    for (int i = 0; i < p->n; i++) free(p->units[i]);
    p->n = 0;
}

/* The program's text, units joined by newlines (skip: a unit left out, or -1); malloc'd. */
static inline char *law_text(const LawProgram *p, int skip, const bool *dropped)
{
    size_t len = 1;
    for (int i = 0; i < p->n; i++) len += strlen(p->units[i]) + 1;
    char *t = malloc(len), *w = t;
    if (!t) abort();
    for (int i = 0; i < p->n; i++) {
        if (i == skip || (dropped && dropped[i])) continue;
        size_t k = strlen(p->units[i]);
        memcpy(w, p->units[i], k);
        w += k;
        *w++ = '\n';
    }
    *w = '\0';
    return t;
}

/* --- the readers and contexts ------------------------------------------------ */

/* Reads that a scenario can qualify (S.READ) and that take `at`/`during`. */
static const char *const LAW_BOOL_READS[] = {
    "available(H20, CN)", "available(H100, CN)", "available(H200, CN)", "available(B200, CN)",
    "available(RTXPro6000D, CN)", "available(MI308, CN)", "available(Ascend910C, CN)", "available(A100, CN)",
};
static const char *const LAW_NUM_READS[] = {
    "CN.compute", "CN.units", "CN.spend", "revenue(nvidia, CN)", "units(H20, CN)", "levy(US)", "revenue(huawei)",
};
/* Days at the recorded history's edges, and periods. */
static const char *const LAW_DAYS[] = {
    "2023-10-22", "2023-10-23", "2023-11-16", "2023-11-17", "2025-04-08", "2025-04-09", "2025-08-11",
    "2025-08-12", "2025-06-01", "2025-09-17", "2026-01-14", "2026-01-15", "2024Q3", "2025Q2", "2026",
};
static const char *const LAW_PERIODS[] = {"2025Q1", "2025Q2", "2025Q3", "2025", "2024", "2025-04", "2026Q1", "2023Q4"};
/* Policies a scenario or the top level may add (valid with history on or off). */
static const char *const LAW_POLICIES[] = {
    "cap bandwidth 2 TB/s on exports to CN",
    "cap tpp 4800 on exports to CN",
    "apply tariff 25% on imports from US to CN",
    "license chip H20 to CN",
    "ban vendor nvidia in CN",
    "ban chip Ascend910C in CN",
    "apply tariff share 15% on nvidia sales to CN",
    "on 2025-06-01 ban chip H100 in CN",
    "on 2024-01-01 license chip H20 to CN",
    "on 2025-10-01 ban vendor nvidia in CN",
    "on 2025-04-09 cap bandwidth 1.4 TB/s on exports to CN",
};

/* A moment for a read: none, `at DAY` or `during PERIOD`. */
static inline const char *law_moment(LawRng *r, char *buf, size_t n)
{
    switch (law_pick(r, 3)) {
    case 0: buf[0] = '\0'; break;
    case 1: snprintf(buf, n, " at %s", LAW_PICK(r, LAW_DAYS)); break;
    default: snprintf(buf, n, " during %s", LAW_PICK(r, LAW_PERIODS)); break;
    }
    return buf;
}

/* A read (a template) and whether it is a number. */
static inline const char *law_read(LawRng *r, bool *num)
{
    *num = law_pick(r, 2) == 0;
    return *num ? LAW_PICK(r, LAW_NUM_READS) : LAW_PICK(r, LAW_BOOL_READS);
}

/* --- the laws ------------------------------------------------------------------ */

/* Top-level policies of the world the law is read in (0 to 2). */
static inline void law_world(LawRng *r, LawProgram *p)
{
    for (unsigned k = law_pick(r, 3); k > 0; k--) law_add(p, "%s", LAW_PICK(r, LAW_POLICIES));
}

/* a: a study with no uncertain input gives the plain read in every run and point. */
static inline void law_a(LawRng *r, LawProgram *p)
{
    bool num;
    char m[64];
    const char *t = law_read(r, &num);
    law_moment(r, m, sizeof m);
    law_add(p, "let p = (%s%s)", t, m);
    switch (law_pick(r, 5)) {
    case 0: law_add(p, "sweep v in 1, 2, 3 { assert (%s%s) == p }", t, m); break;
    case 1: law_add(p, "sweep v in 1, 2 {\n  sweep w from 1 to 2 step 1 { assert (%s%s) == p }\n}", t, m); break;
    case 2: law_add(p, "simulate 3 runs seed %u { assert (%s%s) == p }", law_pick(r, 100), t, m); break;
    case 3:
        law_add(p, "let d = ((%s%s) == p) over 3 runs", t, m);
        law_add(p, "assert d.min == 1 and d.max == 1");
        break;
    default:
        law_add(p, "sweep v in 1, 2 { %s }", LAW_PICK(r, LAW_POLICIES));
        law_add(p, "assert (%s%s) == p", t, m); /* a point's policies do not outlive it */
        break;
    }
}

/* a, with the variable read by a rule: each point is the read with the
 * variable bound to its value, in any order of points. */
static inline void law_a_rule(LawRng *r, LawProgram *p)
{
    static const char *const VALUES[] = {"50 TFLOPS", "H20.fp16", "148.1 TFLOPS", "500 TFLOPS", "1 PFLOPS", "147.9 TFLOPS"};
    bool num;
    const char *t = law_read(r, &num);
    law_add(p, "define rule lawrule { controlled: chip.fp16 >= t }");
    /* applied once at the top (nothing reads main itself then: t is bound only in
     * the scenarios and sweeps), or in each scenario and point */
    bool top = law_pick(r, 2) == 0;
    const char *apply = top ? "" : "\n  apply rule lawrule on exports to CN";
    if (top) law_add(p, "apply rule lawrule on exports to CN");
    int n = 2 + (int)law_pick(r, 3);
    for (int i = 0; i < n; i++) {
        law_add(p, "scenario lawt%d {\n  let t = %s%s\n}", i, VALUES[i], apply);
        law_add(p, "let q%d = lawt%d.%s", i, i, t);
    }
    int order[8];
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) { /* the points in another order (Fisher-Yates) */
        int j = (int)law_pick(r, (unsigned)i + 1), x = order[i];
        order[i] = order[j];
        order[j] = x;
    }
    for (int k = 0; k < n; k++)
        law_add(p, "sweep t in %s {%s\n  assert %s == q%d\n}", VALUES[order[k]], apply, t, order[k]);
    /* one sweep over two values, each point against its own read */
    int a = order[0], b = order[1];
    law_add(p, "sweep t in %s, %s {%s\n  assert (t == %s and %s == q%d) or (t == %s and %s == q%d)\n}", VALUES[a],
            VALUES[b], apply, VALUES[a], t, a, VALUES[b], t, b);
    law_add(p, "sweep t in %s, %s on %s", VALUES[a], VALUES[b], t); /* the metric form: no error */
}

/* b: S.x at D equals x at D read inside S; an empty scenario and `extends main` equal main. */
static inline void law_b(LawRng *r, LawProgram *p)
{
    bool num;
    char m[64];
    const char *t = law_read(r, &num);
    law_moment(r, m, sizeof m);
    switch (law_pick(r, 3)) {
    case 0:
        law_add(p, "scenario lawe { }");
        law_add(p, "assert (lawe.%s)%s == (%s)%s", t, m, t, m);
        break;
    case 1:
        law_add(p, "scenario lawx extends main { }");
        law_add(p, "assert (lawx.%s)%s == (%s)%s", t, m, t, m);
        break;
    default: {
        const char *hist = law_pick(r, 3) == 0 ? " without history" : "";
        law_add(p, "scenario laws%s {\n  %s\n  let pin = (%s)%s\n}", hist, LAW_PICK(r, LAW_POLICIES), t, m);
        law_add(p, "assert (laws.%s)%s == laws.pin", t, m);
        break;
    }
    }
}

/* c: explain under S lists the steps explain lists inside S (at a date too);
 * the program prints the two, and its output is two equal halves. */
static inline void law_c(LawRng *r, LawProgram *p)
{
    static const char *const CHIPS[] = {"H20", "H100", "H200", "B200", "RTXPro6000D", "MI308", "Ascend910C", "A100"};
    const char *chip = LAW_PICK(r, CHIPS), *hist = law_pick(r, 3) == 0 ? " without history" : "";
    char at[64] = "";
    if (law_pick(r, 2)) snprintf(at, sizeof at, " at %s", LAW_PICK(r, LAW_DAYS));
    p->halves = true;
    law_add(p, "scenario lawc%s {\n  %s\n  explain %s in CN%s\n}", hist, LAW_PICK(r, LAW_POLICIES), chip, at);
    law_add(p, "explain %s in CN under lawc%s", chip, at);
}

/* d: periods survive `over`, names resolve in bodies and metrics. */
static inline void law_d(LawRng *r, LawProgram *p)
{
    const char *t = LAW_PICK(r, LAW_NUM_READS);
    const char *per = LAW_PICK(r, LAW_PERIODS);
    switch (law_pick(r, 3)) {
    case 0:
        law_add(p, "let d = (%s during %s) over 2 runs", t, per);
        law_add(p, "assert d.min == (%s during %s) and d.max == (%s during %s)", t, per, t, per);
        break;
    case 1:
        law_add(p, "scenario lawn { %s }", LAW_PICK(r, LAW_POLICIES));
        law_add(p, "let k = lawn.%s", t);
        law_add(p, "let d = (lawn.%s) over 2 runs", t);
        law_add(p, "assert d.min == k");
        law_add(p, "sweep v in 1, 2 { assert lawn.%s == k }", t);
        break;
    default: {
        const char *day = LAW_PICK(r, LAW_DAYS);
        law_add(p, "scenario lawn { %s }", LAW_PICK(r, LAW_POLICIES));
        law_add(p, "let k = (lawn.%s) at %s", t, day);
        law_add(p, "simulate 2 runs { assert (lawn.%s) at %s == k }", t, day);
        break;
    }
    }
}

/* e: a range inside a scenario is drawn, with the same draw as main's (common random numbers). */
static inline void law_e(LawRng *r, LawProgram *p)
{
    switch (law_pick(r, 3)) {
    case 0:
        law_add(p, "scenario lawu { define chip GX \"a drawn chip\" like H20 { price: 10000 USD to 14000 USD } }");
        law_add(p, "let d = (lawu.GX.price) over 100 runs seed %u", law_pick(r, 50));
        law_add(p, "assert d.sd > 0 USD");
        break;
    case 1:
        law_add(p, "define chip GY \"a drawn chip\" like H20 { price: 10000 USD to 14000 USD }");
        law_add(p, "scenario lawv { %s }", LAW_PICK(r, LAW_POLICIES));
        law_add(p, "scenario laww { redefine chip GY \"the same figure\" like H20 { price: 10000 USD to 14000 USD } }");
        law_add(p, "let d = (lawv.GY.price - GY.price) over 50 runs");
        law_add(p, "let e = (laww.GY.price - GY.price) over 50 runs");
        law_add(p, "assert d.min == 0 USD and d.max == 0 USD and e.min == 0 USD and e.max == 0 USD");
        law_add(p, "let f = (GY.price) over 50 runs");
        law_add(p, "assert f.sd > 0 USD");
        break;
    default:
        law_add(p, "scenario lawp without history { cap bandwidth (1 TB/s to 6 TB/s) on exports to CN }");
        law_add(p, "let d = (lawp.available(H100, CN)) over 100 runs seed %u", law_pick(r, 50));
        law_add(p, "assert d.mean > 0 and d.mean < 1");
        break;
    }
}

/* Whether output (len bytes) is two equal halves: the text from its first
 * line up to that line's second start equals the rest. Output whose first
 * line does not start again (nothing printed, or one explain left after
 * minimising) has nothing to compare. */
static inline bool law_two_halves(const char *out, size_t len)
{
    const char *nl = memchr(out, '\n', len);
    if (!nl) return true;
    size_t first = (size_t)(nl - out) + 1;
    for (size_t at = first; at + first <= len; at++) {
        if (out[at - 1] != '\n' || memcmp(out + at, out, first) != 0) continue;
        return len - at == at && memcmp(out, out + at, at) == 0;
    }
    return true;
}

/* The stdlib's uncertain figures (Huawei's Ascend output, the roadmap
 * chips' prices and output and the RTX Pro 6000D's supply, stdlib/chips.pol)
 * pinned at their central values, for the laws that need a world with no
 * uncertain input (a, d). */
static inline void law_certain(LawProgram *p)
{
    law_add(p, "redefine chip RTXPro6000D like RTXPro6000D { supply: 30000 units }\n"
               "redefine chip Ascend910B like Ascend910B { supply: 300000 units }\n"
               "redefine chip Ascend910C like Ascend910C { supply: 100000 units }\n"
               "redefine chip Ascend950PR like Ascend950PR { price: 18525 USD; supply: 100000 units }\n"
               "redefine chip Ascend950DT like Ascend950DT { price: 18525 USD; supply: 100000 units }\n"
               "redefine chip Ascend960 like Ascend960 { price: 37051 USD; supply: 100000 units }\n"
               "redefine chip Ascend970 like Ascend970 { price: 74103 USD; supply: 100000 units }");
}

/* One program: a world, then one law's checks. */
static inline void law_program(LawRng *r, LawProgram *p)
{
    p->n = 0;
    p->halves = false;
    p->history = law_pick(r, 4) != 0;
    static const char *const NAMES[] = {"a", "a-rule", "b", "d", "e", "c"};
    unsigned which = law_pick(r, 6);
    p->law = NAMES[which];
    if (which == 0 || which == 1 || which == 3) law_certain(p);
    if (which != 4) law_world(r, p); /* e's expectations are for the recorded world alone */
    switch (which) {
    case 0: law_a(r, p); break;
    case 1: law_a_rule(r, p); break;
    case 2: law_b(r, p); break;
    case 3: law_d(r, p); break;
    case 4: law_e(r, p); break;
    default: law_c(r, p); break;
    }
}
#endif
