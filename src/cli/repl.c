/* repl.c: the interactive loop. GNU readline through its callback interface,
 * so a SIGINT handler that only sets a flag can abandon the line being typed;
 * history under $XDG_STATE_HOME/polsim/history (or ~/.polsim_history),
 * shared by concurrent sessions (repl_history.c), without duplicates, at
 * most REPL_HISTORY_MAX entries; `...>` continuation
 * lines until the interpreter says the statement is complete; the session
 * log that :save writes. Without a terminal on stdin (polsim -i FILE <
 * script) the same inputs are read with getline, with no banner and no
 * prompts. Also the small helpers that the meta-commands (repl_commands.c)
 * and Tab completion (repl_complete.c) use; what an input's tokens are comes
 * from the real scanner (tokens.h), which decides whether a statement goes
 * on to another line and what history keeps of it.
 *
 * Ownership: the Repl owns its pending text, its session log and the history
 * path (malloc'd, freed by repl_free). Strings given to readline are malloc'd
 * and readline frees them. */
#include "repl_internal.h"
#include "version.h"
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>

enum { REPL_HISTORY_MAX = 1000 };

static Repl *repl_self; /* for readline's callbacks, which take no user data */
static volatile sig_atomic_t repl_sigint, repl_sigwinch;

/* --- small helpers ---------------------------------------------------------------- */

/* Appends n bytes of s to b, keeping it NUL-terminated. */
void repl_buf_add(ReplBuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* Appends a C string to b. */
void repl_buf_str(ReplBuf *b, const char *s) { repl_buf_add(b, s, strlen(s)); }

/* Empties b, keeping its memory. */
static void repl_buf_clear(ReplBuf *b)
{
    b->len = 0;
    if (b->s) b->s[0] = '\0';
}

/* A malloc'd copy of s without leading and trailing blanks. */
char *repl_trim_dup(const char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    char *out = xmalloc(n + 1);
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

/* Whether s is only blanks. */
static bool repl_blank(const char *s)
{
    while (isspace((unsigned char)*s)) s++;
    return *s == '\0';
}

/* Whether the word s[0..n) is w. */
bool repl_word_is(const char *s, size_t n, const char *w) { return strlen(w) == n && memcmp(s, w, n) == 0; }

/* Whether the canonical path lies inside the canonical folder dir. */
bool repl_path_inside(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    return strncmp(dir, path, n) == 0 && (path[n] == '/' || path[n] == '\0' || strcmp(dir, "/") == 0);
}

/* --- the session log (:save) ------------------------------------------------------ */

/* Records a successful input; text is copied. */
void repl_log_add(Repl *R, const char *text, bool is_file)
{
    if (R->nlog == R->logcap) {
        R->logcap = R->logcap ? R->logcap * 2 : 32;
        R->log = xrealloc(R->log, R->logcap * sizeof *R->log);
    }
    R->log[R->nlog++] = (ReplEntry){xstrdup(text), is_file};
}

/* Forgets every recorded input (after :reset, and at the end). */
void repl_log_clear(Repl *R)
{
    for (size_t i = 0; i < R->nlog; i++) free(R->log[i].text);
    R->nlog = 0;
}

/* Files run before the REPL opened (polsim -i FILE, and what they imported),
 * so that :save reproduces them; the prelude and stdlib are left out. */
static void repl_log_preloaded(Repl *R)
{
    char *stdlib = R->opt->stdlib_dir ? realpath(R->opt->stdlib_dir, NULL) : NULL;
    const char *p;
    for (size_t i = 0; (p = polsim_file(R->s, i)); i++) {
        if (p[0] != '/' || (stdlib && repl_path_inside(stdlib, p))) continue;
        repl_log_add(R, p, true);
    }
    free(stdlib);
}

/* --- tokens and history text ------------------------------------------------------ */

/* Whether token t has text other than a newline (a name, literal, operator or ';'). */
static bool repl_tok_visible(const char *text, const Token *t) { return t->end > t->start && text[t->start] != '\n'; }

/* Appends text[from..to) to b without trailing blanks. */
static void repl_buf_rtrim(ReplBuf *b, const char *text, size_t from, size_t to)
{
    while (to > from && isspace((unsigned char)text[to - 1])) to--;
    repl_buf_add(b, text + from, to - from);
}

/* A statement as history keeps it: its lines as typed, one history entry
 * with newlines (so it runs back exactly as it ran), without the lines that
 * hold no token (blank, or only a comment) and without the blanks before
 * the first token and at line ends. A kept line never starts with '#',
 * which the history file uses for its timestamps. Malloc'd. */
static char *repl_history_text(const char *text)
{
    size_t len = strlen(text), done = 0; /* text before done is copied or skipped */
    TokenList ts = lex_token_list(text, len);
    ReplBuf out = {0};
    repl_buf_add(&out, "", 0);
    for (size_t i = 0; i < ts.n; i++) {
        const Token *t = &ts.t[i];
        if (!repl_tok_visible(text, t) || t->start < done) continue;
        size_t from = t->start;
        while (out.len && from > 0 && text[from - 1] != '\n') from--; /* keep the indentation after the first */
        const char *nl = memchr(text + t->start, '\n', len - t->start);
        done = nl ? (size_t)(nl - text) : len;
        if (out.len) repl_buf_str(&out, "\n");
        repl_buf_rtrim(&out, text, from, done);
    }
    free(ts.t);
    return out.s;
}

/* --- history ---------------------------------------------------------------------- */

/* mkdir -p with mode 0700. True if path is a folder afterwards; if not,
 * errno says why and path is cut to the folder that could not be made. */
static bool repl_mkdirs(char *path)
{
    struct stat st;
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p) continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST) return false;
        if (stat(path, &st) != 0) return false;
        if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            return false;
        }
        *p = c;
        if (!c) return true;
    }
}

/* The history file, $XDG_STATE_HOME/polsim/history (folder created) or
 * ~/.polsim_history; malloc'd, or NULL when there is nowhere to keep it. */
static char *repl_history_path(void)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    ReplBuf b = {0};
    if (xdg && xdg[0] == '/') {
        repl_buf_str(&b, xdg);
        repl_buf_str(&b, "/polsim");
        if (!repl_mkdirs(b.s)) {
            fprintf(stderr, "polsim: cannot create the folder %s: %s (history is not kept)\n", b.s, strerror(errno));
            free(b.s);
            return NULL;
        }
        repl_buf_str(&b, "/history");
        return b.s;
    }
    if (!home || !*home) return NULL;
    repl_buf_str(&b, home);
    repl_buf_str(&b, "/.polsim_history");
    return b.s;
}

/* Frees a history entry taken out of the list. */
static void repl_history_drop(HIST_ENTRY *h)
{
    if (h) free(free_history_entry(h));
}

/* Keeps only the newest copy of each line (another session may have written the file). */
static void repl_history_dedupe(void)
{
    for (int i = history_length - 1; i > 0; i--)
        for (int j = i - 1; j >= 0; j--) {
            HIST_ENTRY **list = history_list();
            if (strcmp(list[j]->line, list[i]->line) != 0) continue;
            repl_history_drop(remove_history(j));
            i--;
        }
}

/* Reads the history file into readline's list, bounded and without
 * duplicates. Entries may span lines: the file gets a "#TIME" line before
 * each entry, and readline reads a file that starts with one as entries
 * (history_multiline_entries is its own to set then); an older file,
 * without them, is read one line per entry. */
static void repl_history_load(Repl *R)
{
    using_history();
    stifle_history(REPL_HISTORY_MAX);
    history_comment_char = '#';
    history_write_timestamps = 1;
    R->history = repl_history_path();
    if (R->history) read_history(R->history); /* a missing file is a first session */
    repl_history_dedupe();
}

/* Adds a history line (moving an earlier copy to the end) and appends it to the file. */
static void repl_history_add_line(Repl *R, const char *line)
{
    if (!R->tty || !*line) return;
    for (int i = history_length - 1; i >= 0; i--)
        if (strcmp(history_list()[i]->line, line) == 0) repl_history_drop(remove_history(i));
    add_history(line);
    int err = R->history ? repl_history_append(R->history, REPL_HISTORY_MAX) : 0; /* other sessions' entries stay */
    if (err && !R->history_warned)
        fprintf(stderr, "polsim: cannot write history to %s: %s\n", R->history, strerror(err));
    R->history_warned |= err != 0;
}

/* Adds a statement to the history, as repl_history_text keeps it. */
static void repl_history_add(Repl *R, const char *text)
{
    char *line = repl_history_text(text);
    repl_history_add_line(R, line);
    free(line);
}

/* --- running input ---------------------------------------------------------------- */

/* After a run: if Ctrl-C stopped it, says so (the terminal has echoed ^C);
 * clears the flag either way. True if it was interrupted. */
bool repl_after_run(bool ok)
{
    bool stopped = repl_sigint && !ok;
    fflush(stdout);
    if (stopped) fprintf(stderr, " interrupted (statements that ran before stay in effect)\n");
    repl_sigint = 0;
    return stopped;
}

/* Records a failed input: see repl_internal.h. A missing file outranks other errors. */
void repl_failed(Repl *R, int status)
{
    if (R->status != REPL_EXIT_NOINPUT) R->status = status;
}

/* Runs in the session: see repl_internal.h. */
bool repl_exec(Repl *R, const char *name, const char *text, size_t len, const char *dir, unsigned flags, int *status)
{
    const polsim_result *r = polsim_run_ex(R->s, name, text, len, dir, flags | POLSIM_RUN_SHARED_BUDGET);
    polsim_status st = polsim_result_status(r);
    R->failed += polsim_result_asserts_failed(r);
    if (status) *status = (int)st;
    return st == POLSIM_OK || st == POLSIM_ASSERT_FAILED;
}

/* Runs the pending text; keeps it when the statement is not finished yet.
 * The scanner's tokens say whether it may be unfinished (an open bracket, a
 * last token that cannot end a statement); only then may the parser treat
 * an early end as "more to come" rather than an error. */
static void repl_run_pending(Repl *R)
{
    bool more = lex_status(R->pending.s, R->pending.len) != LEX_COMPLETE;
    int status;
    bool ok = repl_exec(R, "<repl>", R->pending.s, R->pending.len, NULL, more ? POLSIM_RUN_PARTIAL : 0, &status);
    if (status == POLSIM_INCOMPLETE) return;
    repl_after_run(ok);
    repl_history_add(R, R->pending.s);
    if (ok) repl_log_add(R, R->pending.s, false);
    else repl_failed(R, REPL_EXIT_DATAERR);
    repl_buf_clear(&R->pending);
}

/* An unfinished statement at the end of input: reports what it lacks, drops it. */
static void repl_finish_incomplete(Repl *R)
{
    repl_exec(R, "<repl>", R->pending.s, R->pending.len, NULL, 0, NULL);
    repl_after_run(false);
    repl_failed(R, REPL_EXIT_DATAERR);
    repl_buf_clear(&R->pending);
}

/* One line typed or read: a meta-command, or more of the current statement. */
static void repl_feed(Repl *R, const char *line)
{
    const char *p = line + strspn(line, " \t");
    if (p[0] == ':' && (isalpha((unsigned char)p[1]) || p[1] == '?')) {
        if (R->pending.len) fprintf(stderr, "(the unfinished statement was dropped)\n");
        repl_buf_clear(&R->pending);
        char *trimmed = repl_trim_dup(p);
        repl_history_add_line(R, trimmed);
        free(trimmed);
        repl_meta(R, p + 1);
        return;
    }
    if (R->pending.len == 0 && repl_blank(line)) return;
    if (R->pending.len == 0 && repl_bare_word(R, line)) {
        repl_history_add_line(R, line);
        return;
    }
    repl_buf_str(&R->pending, line);
    repl_buf_str(&R->pending, "\n");
    repl_run_pending(R);
}

/* --- the terminal loop ------------------------------------------------------------- */

/* SIGINT and SIGWINCH only set flags; the loop acts on them. */
static void repl_on_signal(int sig)
{
    if (sig == SIGINT) repl_sigint = 1;
    else repl_sigwinch = 1;
}

/* The prompt for the next line: "polsim> ", or "...> " inside a statement. */
static const char *repl_prompt(const Repl *R)
{
    bool more = R->pending.len > 0;
    if (!R->color) return more ? "   ...> " : "polsim> ";
    return more ? "\001\033[1;36m\002   ...>\001\033[0m\002 " : "\001\033[1;36m\002polsim>\001\033[0m\002 ";
}

/* Whether prompts may be coloured: the options allow colour, the prompt goes
 * to a terminal that is not "dumb", and NO_COLOR is unset. */
static bool repl_want_color(const Repl *R)
{
    const char *term = getenv("TERM"), *no = getenv("NO_COLOR");
    return R->opt->color && isatty(fileno(rl_outstream)) && !(term && strcmp(term, "dumb") == 0) && !(no && *no);
}

static void repl_on_line(char *line);
static int repl_getc(FILE *f);

/* Readline settings: the name for .inputrc, completion, and signals left to us. */
static void repl_readline_setup(Repl *R)
{
    rl_readline_name = "polsim";
    rl_instream = stdin;
    rl_outstream = isatty(STDOUT_FILENO) || !isatty(STDERR_FILENO) ? stdout : stderr;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_getc_function = repl_getc;
    repl_complete_setup(R);
    R->color = repl_want_color(R);
    polsim_set_output_color(R->s, R->color && isatty(STDOUT_FILENO));
}

/* (Re)installs the line handler, which shows the prompt. */
static void repl_install(Repl *R)
{
    rl_callback_handler_install(repl_prompt(R), repl_on_line);
    R->handler_on = true;
}

/* Ctrl-C while typing: drops the line and any unfinished statement, new prompt. */
static void repl_on_interrupt(Repl *R)
{
    repl_sigint = 0;
    bool empty = rl_end == 0 && R->pending.len == 0;
    rl_point = rl_end;
    rl_redisplay();
    fputs("^C", rl_outstream); /* before the cleanup, which may return the cursor to column 0 */
    fflush(rl_outstream);
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_cleanup_after_signal();
    rl_callback_handler_remove();
    fputc('\n', rl_outstream);
    if (empty) fputs("(to leave, type :quit or press Ctrl-D)\n", rl_outstream);
    repl_buf_clear(&R->pending);
    repl_install(R);
}

/* Ctrl-D: ends the session, or first reports an unfinished statement. A
 * Ctrl-C that repl_getc turned into an end of input only drops the input. */
static void repl_on_eof(Repl *R)
{
    if (repl_sigint) {
        repl_sigint = 0;
        fputs("^C\n", rl_outstream);
        repl_buf_clear(&R->pending);
        return;
    }
    fputc('\n', rl_outstream);
    if (R->pending.len) repl_finish_incomplete(R);
    else R->quit = true;
}

/* Readline's line handler: runs the line, then sets the next prompt. */
static void repl_on_line(char *line)
{
    Repl *R = repl_self;
    if (!line) repl_on_eof(R);
    else repl_feed(R, line);
    free(line);
    if (R->quit) {
        rl_callback_handler_remove();
        R->handler_on = false;
    } else {
        rl_set_prompt(repl_prompt(R));
    }
}

/* Waits until fd has input (1), a signal came (0) or waiting failed (-1).
 * Signals are blocked except inside pselect, so a Ctrl-C cannot slip in
 * between the check of the flag and the wait. */
static int repl_wait_key(int fd)
{
    sigset_t block, orig;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGWINCH);
    sigprocmask(SIG_BLOCK, &block, &orig);
    if (repl_sigwinch) {
        repl_sigwinch = 0;
        rl_resize_terminal();
    }
    int r = 0, err = 0;
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(fd, &fds);
    if (!repl_sigint) {
        r = pselect(fd + 1, &fds, NULL, NULL, NULL, &orig);
        err = errno;
    }
    sigprocmask(SIG_SETMASK, &orig, NULL);
    return r > 0 ? 1 : r == 0 || err == EINTR ? 0 : -1;
}

/* readline's key reader (rl_getc_function). Unlike rl_getc it does not go
 * back to waiting after a Ctrl-C (the tty may have flushed the keys that
 * made the main loop call readline): it returns EOF, which readline reports
 * as the end of the line or of input, and repl_on_eof tells apart. */
static int repl_getc(FILE *f)
{
    int fd = fileno(f);
    for (;;) {
        int w = repl_wait_key(fd);
        if (w < 0 || repl_sigint) return EOF;
        if (w == 0) continue; /* a resize */
        unsigned char c;
        ssize_t r = read(fd, &c, 1);
        if (r == 1) return c;
        if (r == 0 || errno != EINTR) return EOF;
    }
}

/* Waits for a key, a signal or the end of input, and handles it. */
static void repl_wait(Repl *R)
{
    int w = repl_wait_key(fileno(rl_instream));
    if (repl_sigint) repl_on_interrupt(R);
    else if (w > 0) rl_callback_read_char();
    else if (w < 0) R->quit = true;
}

/* The session on a terminal. */
static void repl_interactive(Repl *R)
{
    struct sigaction sa, old_int, old_winch;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = repl_on_signal;
    sigemptyset(&sa.sa_mask);
    repl_readline_setup(R);
    repl_history_load(R);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGWINCH, &sa, &old_winch);
    polsim_set_interrupt(R->s, &repl_sigint);
    fprintf(rl_outstream, "polsim %s - AI-chip trade policy scenarios\n"
                          "Type :help for help, Tab to complete, Ctrl-D or :quit to leave.\n", POLSIM_VERSION);
    repl_install(R);
    while (!R->quit) repl_wait(R);
    if (R->handler_on) rl_callback_handler_remove();
    polsim_set_interrupt(R->s, NULL);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGWINCH, &old_winch, NULL);
    rl_clear_history();
}

/* Without a terminal: the same inputs from stdin, silently. */
static void repl_batch(Repl *R)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!R->quit && (n = getline(&line, &cap, stdin)) >= 0) {
        if (n > 0 && line[n - 1] == '\n') line[n - 1] = '\0';
        repl_feed(R, line);
    }
    free(line);
    if (R->pending.len && !R->quit) repl_finish_incomplete(R);
}

/* Frees what the Repl owns. */
static void repl_free(Repl *R)
{
    repl_log_clear(R);
    free(R->log);
    free(R->pending.s);
    free(R->history);
    repl_self = NULL;
}

/* The REPL: see repl.h. */
int repl_run(polsim_session *s, const polsim_options *opt, int failed)
{
    Repl R = {.s = s, .opt = opt, .failed = failed, .tty = isatty(STDIN_FILENO)};
    diag_init(&R.diag, stderr);
    R.diag.color = opt->color != 0;
    repl_self = &R;
    repl_log_preloaded(&R);
    if (R.tty) repl_interactive(&R);
    else repl_batch(&R);
    fflush(stdout);
    int status = R.tty ? 0 : R.status ? R.status : R.failed ? REPL_EXIT_ASSERT : 0;
    repl_free(&R);
    return status;
}
