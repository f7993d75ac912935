/* repl_internal.h: what the REPL's three files share; nothing else includes
 * it. repl.c runs the loop, the input, history and the session log, and has
 * the small helpers the others use (tokens come from the real scanner, see
 * tokens.h); repl_commands.c has the meta-commands (:help :list :load :reset
 * :quit :save); repl_complete.c has Tab completion; repl_history.c writes
 * the history file that sessions share. */
#ifndef POLSIM_REPL_INTERNAL_H
#define POLSIM_REPL_INTERNAL_H
#include "repl.h"
#include "arena.h"
#include "diag.h"
#include "tokens.h"
#include <stdbool.h>
#include <stddef.h>

/* Exit statuses of a session without a terminal (sysexits.h values). */
enum { REPL_EXIT_ASSERT = 1, REPL_EXIT_DATAERR = 65, REPL_EXIT_NOINPUT = 66 };

/* A growable NUL-terminated string (malloc'd). */
typedef struct ReplBuf {
    char *s;
    size_t len, cap;
} ReplBuf;

/* One input of the session that succeeded: statement text, or the realpath
 * of a file run with :load or -i (is_file). Owns text. */
typedef struct ReplEntry {
    char *text;
    bool is_file;
} ReplEntry;

/* One REPL session. */
typedef struct Repl {
    polsim_session *s;
    const polsim_options *opt; /* what s was opened with */
    Diag diag;         /* the REPL's own messages (stderr) */
    int failed;        /* asserts that failed in this world (since the start or :reset) */
    bool tty;          /* stdin is a terminal: readline, banner, prompts */
    bool color;        /* prompts in colour */
    bool quit;
    bool handler_on;   /* readline's callback handler is installed */
    int status;        /* worst failure so far: 0, REPL_EXIT_DATAERR, or REPL_EXIT_NOINPUT (a missing file) */
    ReplBuf pending;   /* the statement being typed, its lines ended by '\n' */
    ReplEntry *log;    /* inputs that succeeded, in order, for :save */
    size_t nlog, logcap;
    char *history;     /* the history file, or NULL for none */
    bool history_warned;
} Repl;

/* repl.c: small helpers. */
void repl_buf_add(ReplBuf *b, const char *s, size_t n); /* appends n bytes of s */
void repl_buf_str(ReplBuf *b, const char *s);           /* appends a C string */
/* Appends the newest entry of readline's list to the history file at path
 * under a lock, then keeps the file without repeats and to max entries.
 * 0, or an errno value. */
int repl_history_append(const char *path, size_t max);
char *repl_trim_dup(const char *s); /* malloc'd copy without outer blanks */
bool repl_path_inside(const char *dir, const char *path); /* both canonical */
/* Whether the word s[0..n) is w. */
bool repl_word_is(const char *s, size_t n, const char *w);

/* repl.c: the session log and running input. */
void repl_log_add(Repl *R, const char *text, bool is_file); /* text is copied */
void repl_log_clear(Repl *R);                               /* forgets every input */
/* After a run: reports and clears a Ctrl-C; true if it stopped the run. */
bool repl_after_run(bool ok);
/* Records a failed input: status is REPL_EXIT_DATAERR or _NOINPUT. */
void repl_failed(Repl *R, int status);

/* repl_commands.c */
/* Runs a meta-command; line is the text after ':'. A command that fails
 * records it with repl_failed. */
void repl_meta(Repl *R, const char *line);
/* The name of meta-command i (0, 1, ...), or NULL past the last. */
const char *repl_command_name(int i);
/* A statement, file (text NULL: path name) or :info's show run in the
 * session on its budget; the asserts that failed are counted. True when it
 * ran without an error; *status (when not NULL) is the result's status. */
bool repl_exec(Repl *R, const char *name, const char *text, size_t len, const char *dir, unsigned flags, int *status);

/* repl_info.c */
int repl_cmd_info(Repl *R, const char *arg); /* :info NAME; 0 or REPL_EXIT_DATAERR */
bool repl_list_policies(Repl *R);          /* :list policies */
/* `help`, `quit`, `exit` typed alone (and not names defined here): runs the
 * meta-command; true when line was one of them. */
bool repl_bare_word(Repl *R, const char *line);

/* repl_complete.c */
/* Sets readline's completion hooks to complete for R, a terminal session;
 * R must outlive the readline calls that follow. */
void repl_complete_setup(Repl *R);
#endif
