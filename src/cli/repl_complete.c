/* repl_complete.c: Tab completion for the REPL, through readline. What the
 * statement typed so far (the pending lines and the current line up to the
 * cursor) allows next is polsim_complete's (statement words, names of the
 * right kind, fields inside a definition, NAME.attributes, policy words);
 * here are meta-commands and their arguments, and file names after
 * 'import "' and :load/:save.
 *
 * Ownership: candidate lists are malloc'd arrays of borrowed strings, names
 * from the session or from static tables; each completion frees its own.
 * The matches handed to readline are malloc'd and readline frees them. */
#include "repl_internal.h"
#include "wordlist.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>

static Repl *repl_completing; /* the session being completed (readline's hooks take no user data) */

/* polsim_word_fn: a candidate of the session, with its suffix (the same for all). */
static void repl_take_word(void *data, const char *word, const char *suffix)
{
    WordList *ws = data;
    wordlist_add(ws, word);
    ws->suffix = suffix;
}

/* --- completion: readline glue ------------------------------------------------------ */

static const WordList *repl_gen_words; /* what repl_generate offers */

/* Readline generator: the next candidate starting with text (malloc'd), or NULL. */
static char *repl_generate(const char *text, int state)
{
    static size_t next;
    if (!state) next = 0;
    size_t len = strlen(text);
    while (repl_gen_words && next < repl_gen_words->n) {
        const char *w = repl_gen_words->w[next++], *suffix = repl_gen_words->suffix;
        if (strncmp(w, text, len) != 0) continue;
        ReplBuf b = {0};
        repl_buf_str(&b, w);
        if (suffix) repl_buf_str(&b, suffix);
        return b.s;
    }
    return NULL;
}

/* Readline's matches for text among ws. */
static char **repl_matches(const WordList *ws, const char *text)
{
    repl_gen_words = ws;
    char **m = rl_completion_matches(text, repl_generate);
    repl_gen_words = NULL;
    return m;
}

/* The meta-command a line holds (":load x" -> "load", length in *n), or NULL. */
static const char *repl_meta_word(const char *line, size_t *n)
{
    line += strspn(line, " \t");
    if (line[0] != ':') return NULL;
    *n = strcspn(line + 1, " \t");
    return line + 1;
}

/* Completion on a meta-command line: the command, then its argument. */
static char **repl_complete_meta(const char *text, int start)
{
    static const char *const TOPICS[] = {"statements", "keywords", "units", "functions", "examples", "chip",
                                         "cluster", "market", "vendor", "rule", "scenario", NULL};
    static const char *const KINDS[] = {"chips", "clusters", "markets", "vendors", "rules", "scenarios",
                                        "values", "policies", NULL};
    size_t n;
    const char *cmd = repl_meta_word(rl_line_buffer, &n);
    WordList ws = {0};
    if ((size_t)start <= (size_t)(cmd - rl_line_buffer))
        for (int i = 0; repl_command_name(i); i++) wordlist_add(&ws, repl_command_name(i));
    else if (repl_word_is(cmd, n, "load") || repl_word_is(cmd, n, "save"))
        return rl_completion_matches(text, rl_filename_completion_function);
    else if (repl_word_is(cmd, n, "help")) {
        wordlist_add_list(&ws, TOPICS);
        wordlist_add_words(&ws, (unsigned)~WORD_KIND);
    }
    else if (repl_word_is(cmd, n, "list")) wordlist_add_list(&ws, KINDS);
    else if (repl_word_is(cmd, n, "info")) { /* every name, and the functions */
        const char *name;
        for (size_t i = 0; (name = polsim_name(repl_completing->s, i)); i++) wordlist_add(&ws, name);
        for (size_t i = 0; polsim_function(i, &name, NULL, NULL); i++) wordlist_add(&ws, name);
    }
    char **m = repl_matches(&ws, text);
    free(ws.w);
    return m;
}

/* Readline's completion entry: the candidates for text, which starts at start. */
static char **repl_complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1; /* never fall back to file names */
    size_t n;
    if (repl_meta_word(rl_line_buffer, &n)) return repl_complete_meta(text, start);
    const Repl *R = repl_completing;
    ReplBuf b = {0}; /* the pending lines and the current line up to the word */
    repl_buf_add(&b, R->pending.s ? R->pending.s : "", R->pending.len);
    repl_buf_add(&b, rl_line_buffer, (size_t)start);
    WordList ws = {0};
    char **m;
    if (polsim_complete(R->s, b.s, b.len, text, repl_take_word, &ws))
        m = rl_completion_matches(text, rl_filename_completion_function); /* import "path */
    else m = repl_matches(&ws, text);
    free(ws.w);
    free(b.s);
    return m;
}

/* Where words start: a path after :load/:save is one word; elsewhere names
 * stop at punctuation, so NAME.<Tab> completes the attribute. */
static char *repl_word_breaks(void)
{
    static char path_breaks[] = " \t\n";
    static char breaks[] = " \t\n\"'`<>=;|&{}(),:.+-*/!#$";
    size_t n;
    const char *cmd = repl_meta_word(rl_line_buffer, &n);
    bool path = cmd && cmd[n] && (repl_word_is(cmd, n, "load") || repl_word_is(cmd, n, "save"));
    if (path) return path_breaks;
    return breaks;
}

/* Installs the completion hooks: see repl_internal.h. */
void repl_complete_setup(Repl *R)
{
    repl_completing = R;
    rl_attempted_completion_function = repl_complete;
    rl_completion_word_break_hook = repl_word_breaks;
    rl_completer_quote_characters = "\"";
}
