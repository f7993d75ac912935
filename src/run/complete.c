/* complete.c: the words Tab completion offers (the REPL's, and the
 * language server's and any library client's through polsim_complete).
 * Scans the statement typed so far with the real scanner (tokens.h) and
 * offers what it allows next: statement words, names of the right kind,
 * fields inside a definition, NAME.attributes, policy words.
 *
 * Ownership: candidate lists are malloc'd arrays of borrowed strings, names
 * from the interpreter (interned) or from static tables; each call frees its
 * own. */
#include "interp.h"
#include "tokens.h"
#include "wordlist.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pseudo-kinds for name lists: every binding, every entity, let values. */
enum { REPL_ALL = -1, REPL_ENTITIES = -2, REPL_VALUES = K_COUNT };

/* Whether the word s[0..n) is w. */
static bool repl_word_is(const char *s, size_t n, const char *w) { return strlen(w) == n && memcmp(s, w, n) == 0; }

/* The pseudo-kind of a binding: its entity's kind, or REPL_VALUES for let. */
static int repl_binding_kind(const Binding *b) { return b->entity ? (int)b->entity->kind : REPL_VALUES; }

/* The scanner's tokens of a text. */
enum { REPL_MAX_ATTRS = 128 };

/* --- completion: what the statement so far allows next ------------------------------ */

/* In EntityKind order (K_CHIP ... K_RULE): repl_kind_at relies on it. */
static const char *const REPL_KIND_WORDS[] = {"chip", "cluster", "market", "vendor", "rule", NULL};

/* A token as completion sees it: kind 'w' a word (name or keyword), 'n' a
 * number or date, 's' a string, ';' an end of statement, '?' a scanner
 * error, else the operator's first character. */
typedef struct CTok {
    size_t start, end;
    char kind;
} CTok;

/* The statement being completed: its tokens up to the word under the cursor. */
typedef struct ReplCtx {
    char *text;      /* pending lines + the current line up to the word; malloc'd */
    CTok *t;      /* tokens of text; malloc'd */
    int n;           /* all tokens */
    int first;       /* the current statement's first token */
    char block;      /* innermost '{': 'd' a definition, 's' other, 0 none */
    EntityKind kind; /* block 'd': the kind being defined */
    bool in_string;  /* the word is inside a string */
    const char *prefix; /* the part of the word typed so far ("" for none) */
} ReplCtx;

/* Adds the names bound in env of kind (or REPL_ALL, REPL_ENTITIES, REPL_VALUES). */
static void repl_add_names(WordList *ws, const Env *env, int kind)
{
    size_t n;
    const char *const *names = env_names((Env *)env, &n);
    for (size_t i = 0; i < n; i++) {
        const Binding *b = env_lookup(env, names[i]);
        if (!b) continue;
        int k = repl_binding_kind(b);
        if (kind == REPL_ALL || k == kind || (kind == REPL_ENTITIES && b->entity)) wordlist_add(ws, names[i]);
    }
}

/* Adds every attribute name an entity kind answers to. */
static void repl_add_attrs(WordList *ws, EntityKind kind)
{
    const char *names[REPL_MAX_ATTRS]; /* static strings */
    int n = attr_names(kind, names, REPL_MAX_ATTRS);
    for (int i = 0; i < n; i++) wordlist_add(ws, names[i]);
}

/* Adds the function names. */
static void repl_add_builtins(WordList *ws)
{
    const char *names[64]; /* static strings */
    int n = builtin_names(names, 64);
    for (int i = 0; i < n; i++) wordlist_add(ws, names[i]);
}

/* Token i of the current statement (negative: from its end). */
static const CTok *repl_tok(const ReplCtx *c, int i)
{
    int m = c->n - c->first;
    if (i < 0) i += m;
    return i >= 0 && i < m ? &c->t[c->first + i] : NULL;
}

/* Whether token i of the statement (negative: from the end) is the word w. */
static bool repl_is(const ReplCtx *c, int i, const char *w)
{
    const CTok *t = repl_tok(c, i);
    return t && t->kind == 'w' && repl_word_is(c->text + t->start, t->end - t->start, w);
}

/* Number of tokens of the current statement before the word. */
static int repl_len(const ReplCtx *c) { return c->n - c->first; }

/* The binding of the name s[0..n) in env, or NULL. */
static const Binding *repl_binding(const Env *env, const char *s, size_t n)
{
    for (const NameCell *c = env->order; c; c = c->next)
        if (repl_word_is(s, n, c->name)) return env_lookup(env, c->name);
    return NULL;
}

/* The entity token t names in env (a definition, or a let holding one), or NULL. */
static const Entity *repl_entity(const ReplCtx *c, const Env *env, const CTok *t)
{
    const Binding *b = t && t->kind == 'w' ? repl_binding(env, c->text + t->start, t->end - t->start) : NULL;
    if (!b) return NULL;
    return b->entity ? b->entity : b->value.kind == V_ENTITY ? b->value.u.ent.e : NULL;
}

/* The kind token i names ("chip" ...), or -1. */
static int repl_kind_at(const ReplCtx *c, int i)
{
    const CTok *t = repl_tok(c, i);
    if (!t || t->kind != 'w') return -1;
    for (int k = 0; REPL_KIND_WORDS[k]; k++)
        if (repl_word_is(c->text + t->start, t->end - t->start, REPL_KIND_WORDS[k])) return k;
    return -1;
}

/* After S. (S a scenario): what S.NAME reads that is the scenario's own: the
 * names it binds or changes (bound otherwise than in world, the top level),
 * the markets (their results are the scenario's) and its title. When a typed
 * prefix fits none of those, every name of the scenario's state. */
static void repl_add_scenario_names(WordList *ws, const Entity *sc, const Env *world, const char *prefix)
{
    const Env *env = sc->env;
    size_t from = ws->n, plen = strlen(prefix);
    bool match = strncmp("title", prefix, plen) == 0;
    for (const NameCell *c = env->order; c; c = c->next) {
        const Binding *b = env_lookup(env, c->name);
        if (!b) continue;
        bool market = b->entity && b->entity->kind == K_MARKET;
        if (market || env == world || env_lookup(world, c->name) != b) {
            wordlist_add(ws, c->name);
            match |= strncmp(c->name, prefix, plen) == 0;
        }
    }
    wordlist_add(ws, "title");
    if (plen && !match) { /* S.H10: no name of the scenario's own fits, so any name of its state */
        ws->n = from;
        repl_add_names(ws, env, REPL_ALL);
    }
}

/* After NAME. (or S.NAME. ...): the attributes of what the chain names. */
static void repl_complete_attr(Interp *I, const ReplCtx *c, WordList *ws)
{
    int end = c->n - 2, begin = end;
    while (begin - 2 >= c->first && c->t[begin - 1].kind == '.' && c->t[begin - 2].kind == 'w') begin -= 2;
    if (begin == end && repl_is(c, end - c->first, "chip")) {
        repl_add_attrs(ws, K_CHIP); /* chip.ATTR in a rule */
        return;
    }
    const Env *env = I->cur;
    const Entity *e = NULL;
    for (int i = begin; i <= end; i += 2) {
        if (e && e->kind != K_SCENARIO) return;
        if (e) env = e->env;
        if (!(e = repl_entity(c, env, &c->t[i]))) return;
    }
    if (e->kind != K_SCENARIO) repl_add_attrs(ws, e->kind);
    else repl_add_scenario_names(ws, e, I->main, c->prefix);
}

/* Inside define KIND NAME { ... }: field names, and names that fit a field. */
static bool repl_complete_field(Interp *I, const ReplCtx *c, WordList *ws)
{
    if (repl_len(c) == 0) {
        const Schema *s = schema_for(c->kind);
        for (int i = 0; i < s->nfields; i++) wordlist_add(ws, s->fields[i].name);
        ws->suffix = ":"; /* "bud<Tab>" gives "budget: " */
        return true;
    }
    const CTok *colon = repl_tok(c, 1);
    if (repl_len(c) != 2 || colon->kind != ':') return false;
    if (repl_is(c, 0, "vendor")) repl_add_names(ws, I->cur, K_VENDOR);
    else if (repl_is(c, 0, "chip")) repl_add_names(ws, I->cur, K_CHIP);
    else return false;
    return true;
}

/* define/redefine KIND NAME ["Title"] [like OTHER] { */
static bool repl_complete_define(Interp *I, const ReplCtx *c, WordList *ws)
{
    int m = repl_len(c), kind = repl_kind_at(c, 1);
    if (m == 1) wordlist_add_list(ws, REPL_KIND_WORDS);
    else if (kind >= 0 && (repl_is(c, -1, "like") || (m == 2 && repl_is(c, 0, "redefine"))))
        repl_add_names(ws, I->cur, kind);
    else if (m >= 3 && !repl_is(c, -1, "like") && repl_tok(c, -1)->kind != '}') wordlist_add(ws, "like");
    return true;
}

/* scenario NAME ["Title"] [extends BASE] { */
static bool repl_complete_scenario(Interp *I, const ReplCtx *c, WordList *ws)
{
    if (repl_is(c, -1, "extends")) repl_add_names(ws, I->cur, K_SCENARIO);
    else if (repl_len(c) >= 2 && repl_tok(c, -1)->kind != '}') wordlist_add(ws, "extends");
    return true;
}

/* show NAME, show KIND NAME */
static bool repl_complete_show(Interp *I, const ReplCtx *c, WordList *ws)
{
    int kind = repl_kind_at(c, 1);
    if (repl_len(c) == 1) {
        wordlist_add_list(ws, REPL_KIND_WORDS);
        repl_add_names(ws, I->cur, REPL_ENTITIES);
    } else if (repl_len(c) == 2 && kind >= 0) repl_add_names(ws, I->cur, kind);
    return true;
}

/* classify CHIP under RULE, explain CHIP in MARKET [under SCENARIO] */
static bool repl_complete_pair(Interp *I, const ReplCtx *c, WordList *ws)
{
    bool classify = !repl_is(c, 0, "explain"); /* classify and headroom: CHIP under RULE */
    int m = repl_len(c);
    if (m == 1) repl_add_names(ws, I->cur, K_CHIP);
    else if (m == 2) wordlist_add(ws, classify ? "under" : "in");
    else if (m == 3) repl_add_names(ws, I->cur, classify ? K_RULE : K_MARKET);
    else if (m == 4 && !classify) wordlist_add(ws, "under");
    else if (m == 5 && !classify) {
        repl_add_names(ws, I->main, K_SCENARIO); /* scenarios are named at the top level */
        wordlist_add(ws, "main");
    }
    return true;
}

/* compare A, B, ... [on METRIC, ...]: items, then the first item's attributes
 * (for scenarios, the names in the first one). */
static bool repl_complete_compare(Interp *I, const ReplCtx *c, WordList *ws)
{
    bool on = false;
    for (int i = 1; i < repl_len(c); i++) on |= repl_is(c, i, "on");
    const CTok *last = repl_tok(c, -1);
    if (!on && (repl_len(c) == 1 || last->kind == ',')) repl_add_names(ws, I->cur, REPL_ENTITIES);
    else if (!on) wordlist_add(ws, "on");
    else {
        const Entity *e = repl_entity(c, I->cur, repl_tok(c, 1));
        if (e && e->kind == K_SCENARIO) repl_add_names(ws, e->env, REPL_ALL);
        else if (e) repl_add_attrs(ws, e->kind);
    }
    return true;
}

/* Words that must come next in a policy (ban, license, apply, cap, lift). */
static bool repl_complete_policy(Interp *I, const ReplCtx *c, WordList *ws)
{
    static const char *const BAN[] = {"chip", "vendor", "export", NULL}, *const CV[] = {"chip", "vendor", NULL},
                             *const APPLY[] = {"rule", "tariff", NULL},
                             *const FROM_TO[] = {"from", "to", NULL};
    int m = repl_len(c);
    bool share = repl_is(c, 1, "tariff") && repl_is(c, 2, "share");
    if (m == 1 && repl_is(c, 0, "ban")) wordlist_add_list(ws, BAN);
    else if (m == 1 && repl_is(c, 0, "license")) wordlist_add_list(ws, CV);
    else if (m == 1 && repl_is(c, 0, "apply")) wordlist_add_list(ws, APPLY);
    else if (m == 1 && repl_is(c, 0, "lift")) wordlist_add_words(ws, WORD_POLICY);
    else if (m == 1 && repl_is(c, 0, "cap")) repl_add_attrs(ws, K_CHIP);
    else if (repl_is(c, -1, "export")) wordlist_add(ws, "of");
    else if (repl_is(c, -1, "of")) wordlist_add_list(ws, CV);
    else if (repl_is(c, -1, "tariff") && m == 2) wordlist_add(ws, "share");
    else if (repl_is(c, -1, "on") && share) repl_add_names(ws, I->cur, K_VENDOR);
    else if (repl_is(c, -1, "on")) wordlist_add(ws, repl_is(c, 1, "tariff") ? "imports" : "exports");
    else if (repl_is(c, -1, "exports") || repl_is(c, -1, "imports")) wordlist_add_list(ws, FROM_TO);
    else if (share && m >= 5 && repl_is(c, -2, "on")) wordlist_add(ws, "sales");
    else if (repl_is(c, -1, "sales")) wordlist_add(ws, "to");
    else return false;
    return true;
}

/* The names a keyword asks for next (chip -> chips, in/to -> markets, ...). */
static bool repl_complete_after_word(Interp *I, const ReplCtx *c, WordList *ws)
{
    static const struct { const char *word; int kind; } AFTER[] = {
        {"chip", K_CHIP}, {"vendor", K_VENDOR}, {"rule", K_RULE}, {"under", K_RULE}, {"in", K_MARKET},
        {"to", K_MARKET}, {"from", REPL_ENTITIES}, {"like", REPL_ENTITIES}, {"extends", K_SCENARIO},
        {"cluster", K_CLUSTER}, {"market", K_MARKET}, {"scenario", K_SCENARIO},
    };
    for (size_t i = 0; i < sizeof AFTER / sizeof AFTER[0]; i++)
        if (repl_is(c, -1, AFTER[i].word)) {
            repl_add_names(ws, I->cur, AFTER[i].kind);
            return true;
        }
    return false;
}

/* Statement-specific completion, by the statement's first word. */
static bool repl_complete_statement(Interp *I, ReplCtx *c, WordList *ws)
{
    static const struct { const char *word; bool (*fn)(Interp *, const ReplCtx *, WordList *); } BY_WORD[] = {
        {"define", repl_complete_define}, {"redefine", repl_complete_define}, {"scenario", repl_complete_scenario},
        {"show", repl_complete_show},     {"classify", repl_complete_pair},    {"explain", repl_complete_pair}, {"headroom", repl_complete_pair},
        {"compare", repl_complete_compare}, {"ban", repl_complete_policy},    {"license", repl_complete_policy},
        {"apply", repl_complete_policy},  {"cap", repl_complete_policy},       {"lift", repl_complete_policy},
    };
    if (repl_is(c, 0, "lift") && repl_len(c) > 1) c->first++; /* lift POLICY: complete the policy */
    if (repl_is(c, 0, "let") && repl_len(c) <= 2) return true; /* a new name */
    if (repl_is(c, 0, "import")) return true;
    for (size_t i = 0; i < sizeof BY_WORD / sizeof BY_WORD[0]; i++)
        if (repl_is(c, 0, BY_WORD[i].word)) return BY_WORD[i].fn(I, c, ws);
    return false;
}

/* All candidates for the word after the statement so far. */
static void repl_candidates(Interp *I, ReplCtx *c, WordList *ws)
{
    const CTok *last = repl_tok(c, -1), *before = repl_tok(c, -2);
    if (c->in_string) return;
    if (repl_is(c, 0, "on") && repl_len(c) >= 2 && repl_tok(c, 1)->kind == 'n') { /* on DATE STATEMENT */
        c->first += 2;
        last = repl_tok(c, -1), before = repl_tok(c, -2);
    }
    if (last && last->kind == '.' && before && before->kind == 'w') {
        repl_complete_attr(I, c, ws);
        return;
    }
    if (c->block == 'd' && repl_complete_field(I, c, ws)) return;
    if (repl_len(c) == 0) {
        wordlist_add_words(ws, WORD_STATEMENT);
        repl_add_names(ws, I->cur, REPL_ALL);
        repl_add_builtins(ws);
        return;
    }
    if (repl_complete_statement(I, c, ws) || repl_complete_after_word(I, c, ws)) return;
    repl_add_names(ws, I->cur, REPL_ALL);
    repl_add_builtins(ws);
    wordlist_add_words(ws, (unsigned)~WORD_STATEMENT & ~(unsigned)WORD_POLICY);
}

/* Opens a block at token i: a definition's fields, or statements. */
static void repl_ctx_open(ReplCtx *c, int i, int *stack_first, char *stack_block, EntityKind *stack_kind, int *sp)
{
    if (*sp < 64) {
        stack_first[*sp] = c->first;
        stack_block[*sp] = c->block;
        stack_kind[*sp] = c->kind;
    }
    ++*sp;
    bool def = repl_is(c, 0, "define") || repl_is(c, 0, "redefine");
    int kind = repl_kind_at(c, 1);
    c->block = def && kind >= 0 ? 'd' : 's';
    c->kind = kind >= 0 ? (EntityKind)kind : K_CHIP;
    c->first = i + 1;
}

/* Finds the statement the word belongs to: after the last end of statement,
 * '{' or (inside a definition) ','; a '}' resumes the enclosing statement. */
static void repl_ctx_statement(ReplCtx *c)
{
    int stack_first[64], sp = 0, depth = 0;
    char stack_block[64];
    EntityKind stack_kind[64];
    for (int i = 0; i < c->n; i++) {
        char k = c->t[i].kind;
        if (k == '{') repl_ctx_open(c, i, stack_first, stack_block, stack_kind, &sp);
        else if (k == '}' && sp > 0 && --sp < 64) {
            c->first = stack_first[sp];
            c->block = stack_block[sp];
            c->kind = stack_kind[sp];
        } else if (k == ';' || (k == ',' && c->block == 'd' && depth == 0)) c->first = i + 1;
        depth += k == '(' ? 1 : k == ')' && depth > 0 ? -1 : 0;
    }
}

/* Appends a token to c's list. */
static void repl_ctx_push(ReplCtx *c, CTok t, int *cap)
{
    if (c->n == *cap) c->t = xrealloc(c->t, (size_t)(*cap = *cap ? *cap * 2 : 64) * sizeof *c->t);
    c->t[c->n++] = t;
}

/* The completion kind of a scanner token of text (see CTok). */
static char repl_ctok_kind(const char *text, const Token *t)
{
    switch (t->kind) {
    case TOK_NAME: case TOK_KEYWORD: return 'w';
    case TOK_NUMBER: case TOK_DATE: return 'n';
    case TOK_STRING: return 's';
    case TOK_END: return ';';
    case TOK_OPEN_STRING: return '"';
    case TOK_PUNCT: return text[t->start];
    default: return '?';
    }
}

/* Scans text (malloc'd; c takes it) with the real scanner into c's tokens;
 * the end of statement the scanner adds at the end of the text is left out
 * (the statement goes on at the cursor). */
static void repl_ctx_scan(ReplCtx *c, char *text, size_t len)
{
    memset(c, 0, sizeof *c);
    c->text = text;
    TokenList ts = lex_token_list(text, len);
    int cap = 0;
    for (size_t i = 0; i < ts.n; i++) {
        const Token *t = &ts.t[i];
        if (t->kind == TOK_END && t->start == len) continue;
        CTok ct = {t->start, t->end, repl_ctok_kind(c->text, t)};
        c->in_string = ct.kind == '"';
        if (!c->in_string) repl_ctx_push(c, ct, &cap); /* an open string is where the word is */
    }
    free(ts.t);
    repl_ctx_statement(c);
}

/* The candidates for a text: see interp.h. */
bool repl_candidates_at(Interp *I, const char *text, size_t len, const char *prefix, ReplCandidateFn fn, void *data)
{
    ReplCtx c;
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    repl_ctx_scan(&c, copy, len);
    c.prefix = prefix ? prefix : "";
    bool path = c.in_string && repl_is(&c, 0, "import") && repl_len(&c) == 1;
    WordList ws = {0};
    repl_candidates(I, &c, &ws);
    for (size_t i = 0; i < ws.n; i++) fn(data, ws.w[i], ws.suffix);
    free(ws.w);
    free(c.text);
    free(c.t);
    return path;
}
