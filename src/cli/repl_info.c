/* repl_info.c: the REPL's questions about the state: `:info NAME` (a
 * definition's figures and sources as `show` prints them, a let value with
 * where it was made and its source note, a function's usage), `:list
 * policies` (the policies in force, as written, with where), and the bare
 * words `help`, `quit` and `exit`.
 *
 * Ownership: nothing here outlives a call but the text given to the
 * session, which copies it; the session's answers are its memory. */
#include "repl_internal.h"
#include "termtext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REPL_WHERE_MAX = 4200 }; /* "file:line" of a path up to PATH_MAX */

/* "file.pol:12", or "(built in)" for a name made without a file. */
static void repl_where(const polsim_place *pl, char *buf, size_t n)
{
    if (pl->source < 0) snprintf(buf, n, "(built in)");
    else snprintf(buf, n, "%s:%d", pl->file, pl->line);
}

/* The policies in force, as polsim_policies hands them on (session memory). */
typedef struct ReplPolicy {
    const char *text, *subject, *where;
    size_t len;
} ReplPolicy;

typedef struct ReplPolicies {
    ReplPolicy *p;
    size_t n, cap;
} ReplPolicies;

static void repl_add_policy(void *data, const char *text, size_t len, const char *subject, const char *where)
{
    ReplPolicies *ps = data;
    if (ps->n == ps->cap) ps->p = xrealloc(ps->p, (ps->cap = ps->cap ? ps->cap * 2 : 16) * sizeof *ps->p);
    ps->p[ps->n++] = (ReplPolicy){text, subject, where, len};
}

/* :list policies: each policy in force now (the recorded history's
 * included, at the end of the timeline), oldest first, as written. */
bool repl_list_policies(Repl *R)
{
    ReplPolicies ps = {0};
    if (polsim_policies(R->s, repl_add_policy, &ps) < 0) return false;
    if (!ps.n) puts("no policy in force");
    else term_printf("policies in force (%zu), oldest first:\n", ps.n);
    for (size_t i = 0; i < ps.n; i++) {
        const ReplPolicy *p = &ps.p[i];
        if (p->text) term_printf("  %-60.*s [%s]\n", (int)p->len, p->text, p->where);
        else term_printf("  %s policy [%s]\n", p->subject ? p->subject : "a", p->where);
    }
    free(ps.p);
    return true;
}

/* :info NAME for a let value: its value, where it was made and its source note. */
static void repl_info_value(const polsim_info *b)
{
    char val[256], where[REPL_WHERE_MAX];
    repl_where(&b->place, where, sizeof where);
    snprintf(val, sizeof val, "%s", b->value); /* cut as :info always cut it */
    term_printf("%s = %s  (let, %s)\n", b->name, val, where);
    if (b->note) term_printf("  source: %s\n", b->note);
    else puts("  source: none given (write: let NAME = VALUE \"source\")");
}

/* :info NAME: see the file comment. Returns 0, or REPL_EXIT_DATAERR. */
int repl_cmd_info(Repl *R, const char *arg)
{
    size_t len = strcspn(arg, " \t");
    if (arg[len]) {
        diag_plain(&R->diag, DC_INPUT, "usage: :info NAME (one name)");
        return REPL_EXIT_DATAERR;
    }
    polsim_info info;
    polsim_lookup(R->s, arg, NULL, &info);
    if (info.kind < POLSIM_LET) { /* `show` prints the figures with their notes and the source */
        char *stmt = malloc(len + 8);
        snprintf(stmt, len + 8, "show %s\n", arg);
        bool ok = repl_exec(R, "<info>", stmt, strlen(stmt), NULL, 0, NULL);
        free(stmt);
        return ok ? 0 : REPL_EXIT_DATAERR;
    }
    if (info.kind == POLSIM_LET) {
        repl_info_value(&info);
        return 0;
    }
    if (info.kind == POLSIM_FUNCTION) {
        term_printf("%s  (function)\n  %s\n", info.usage, info.help);
        return 0;
    }
    const char *titled = polsim_titled(R->s, arg);
    if (titled && polsim_lookup(R->s, titled, NULL, &info)) {
        diag_plain(&R->diag, DC_INPUT, "unknown name '%s'; did you mean '%s', whose title is \"%s\"?", arg, info.name,
                   info.title);
        return REPL_EXIT_DATAERR;
    }
    size_t n = polsim_name_count(R->s);
    const char **names = xmalloc((n ? n : 1) * sizeof *names);
    for (size_t i = 0; i < n; i++) names[i] = polsim_name(R->s, i);
    const char *hint = diag_nearest(arg, names, n);
    if (hint) diag_plain(&R->diag, DC_INPUT, "unknown name '%s'; did you mean '%s'?", arg, hint);
    else diag_plain(&R->diag, DC_INPUT, "unknown name '%s' (:list shows what is defined)", arg);
    free(names);
    return REPL_EXIT_DATAERR;
}

/* `help`, `quit` or `exit` typed alone, when no definition has taken the
 * word: the meta-command of that name. True when line was one of them. */
bool repl_bare_word(Repl *R, const char *line)
{
    static const char *const WORDS[] = {"help", "quit", "exit"};
    char *w = repl_trim_dup(line);
    bool hit = false;
    polsim_info info;
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0] && !hit; i++)
        hit = strcmp(w, WORDS[i]) == 0 && !(polsim_lookup(R->s, w, NULL, &info) && info.kind <= POLSIM_LET);
    if (hit) repl_meta(R, w);
    free(w);
    return hit;
}
