/* repl_info.c: the REPL's questions about the state: `:info NAME` (a
 * definition's figures and sources as `show` prints them, a let value with
 * where it was made and its source note, a function's usage), `:list
 * policies` (the policies in force, as written, with where), and the bare
 * words `help`, `quit` and `exit`.
 *
 * Ownership: nothing here outlives a call but the text given to the
 * interpreter, which copies it. */
#include "repl_internal.h"
#include "termtext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REPL_WHERE_MAX = 4200 }; /* "file:line" of a path up to PATH_MAX */

/* "file.pol:12", or "(built in)" for a name made without a file. */
static void repl_where(Loc loc, char *buf, size_t n)
{
    if (!loc.src) {
        snprintf(buf, n, "(built in)");
        return;
    }
    int line, col;
    source_position(loc.src, loc.start, &line, &col);
    snprintf(buf, n, "%s:%d", loc.src->name, line);
}

static void state_now(Interp *I, void *out) { *(Env **)out = timeline_now(I); }

/* :list policies: each policy in force now (the recorded history's
 * included, at the end of the timeline), oldest first, as written. */
bool repl_list_policies(Repl *R)
{
    size_t n;
    Env *now = NULL;
    if (!interp_try(R->I, state_now, &now)) return false;
    const Policy *const *pol = env_policies(now, &n);
    if (!n) {
        puts("no policy in force");
        return true;
    }
    term_printf("policies in force (%zu), oldest first:\n", n);
    for (size_t i = 0; i < n; i++) {
        Loc l = pol[i]->loc;
        const char *where = policy_where(R->I, pol[i]);
        if (l.src) term_printf("  %-60.*s [%s]\n", (int)(l.end - l.start), l.src->text + l.start, where);
        else term_printf("  %s policy [%s]\n", pol[i]->subject ? pol[i]->subject : "a", where);
    }
    return true;
}

/* :info NAME for a let value: its value, where it was made and its source note. */
static void repl_info_value(const Binding *b)
{
    char val[256], where[REPL_WHERE_MAX];
    repl_where(b->loc, where, sizeof where);
    term_printf("%s = %s  (let, %s)\n", b->name, value_format(b->value, val, sizeof val), where);
    if (b->note) term_printf("  source: %s\n", b->note);
    else puts("  source: none given (write: let NAME = VALUE \"source\")");
}

/* :info NAME for a function of the language: its usage and what it does. */
static bool repl_info_function(const char *name)
{
    const BuiltinInfo *f;
    for (int i = 0; (f = builtin_info(i)); i++)
        if (strcmp(f->name, name) == 0) {
            term_printf("%s  (function)\n  %s\n", f->usage, f->help);
            return true;
        }
    return false;
}

/* :info NAME: see the file comment. Returns 0, or REPL_EXIT_DATAERR. */
int repl_cmd_info(Repl *R, const char *arg)
{
    Interp *I = R->I;
    size_t len = strcspn(arg, " \t");
    if (arg[len]) {
        diag_plain(&I->diag, DC_INPUT, "usage: :info NAME (one name)");
        return REPL_EXIT_DATAERR;
    }
    const char *id = intern_cstr(&I->names, arg);
    const Binding *b = env_lookup(I->cur, id);
    if (b && b->entity) { /* `show` prints the figures with their notes and the source */
        char *stmt = malloc(len + 8);
        snprintf(stmt, len + 8, "show %s\n", arg);
        RunStatus st = interp_run_text(I, "<info>", stmt, strlen(stmt), false);
        free(stmt);
        return st == RUN_OK ? 0 : REPL_EXIT_DATAERR;
    }
    if (b) {
        repl_info_value(b);
        return 0;
    }
    if (repl_info_function(arg)) return 0;
    const Entity *t = entity_titled(I->cur, id, K_COUNT);
    if (t) {
        diag_plain(&I->diag, DC_INPUT, "unknown name '%s'; did you mean '%s', whose title is \"%s\"?", arg, t->name, t->display);
        return REPL_EXIT_DATAERR;
    }
    size_t n;
    const char *const *names = env_names(I->cur, &n);
    const char *hint = diag_nearest(arg, names, n);
    if (hint) diag_plain(&I->diag, DC_INPUT, "unknown name '%s'; did you mean '%s'?", arg, hint);
    else diag_plain(&I->diag, DC_INPUT, "unknown name '%s' (:list shows what is defined)", arg);
    return REPL_EXIT_DATAERR;
}

/* `help`, `quit` or `exit` typed alone, when no definition has taken the
 * word: the meta-command of that name. True when line was one of them. */
bool repl_bare_word(Repl *R, const char *line)
{
    static const char *const WORDS[] = {"help", "quit", "exit"};
    char *w = repl_trim_dup(line);
    bool hit = false;
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0] && !hit; i++)
        hit = strcmp(w, WORDS[i]) == 0 && !env_lookup(R->I->cur, intern_cstr(&R->I->names, w));
    if (hit) repl_meta(R, w);
    free(w);
    return hit;
}
