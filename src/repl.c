/* repl.c: the interactive loop. GNU readline through its callback interface,
 * so a SIGINT handler that only sets a flag can abandon the line being typed;
 * history under $XDG_STATE_HOME/polsim/history (or ~/.polsim_history),
 * without duplicates, at most REPL_HISTORY_MAX entries; Tab completion from
 * the statement being typed; `...>` continuation lines until the interpreter
 * says the statement is complete; the meta-commands :help :load :list :save
 * :reset :quit. Without a terminal on stdin (polsim -i FILE < script) the same
 * inputs are read with getline, with no banner and no prompts.
 *
 * Ownership: the Repl owns its pending text, its session log and the history
 * path (malloc'd, freed by repl_free). Strings given to readline are malloc'd
 * and readline frees them; names offered for completion are borrowed from the
 * interpreter (interned) or from static tables. */
#include "repl.h"
#include "parse.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>

#ifndef POLSIM_VERSION
#define POLSIM_VERSION "0.1.0" /* keep in step with main.c */
#endif

enum {
    REPL_HISTORY_MAX = 1000,
    REPL_EXIT_ASSERT = 1,
    REPL_EXIT_DATAERR = 65,
    REPL_WRAP = 78,   /* :list wraps its lines here */
    REPL_INDENT = 14, /* :list: where names start */
    REPL_MAX_ATTRS = 128,
};

/* Pseudo-kinds for name lists: every binding, every entity, let values. */
enum { REPL_ALL = -1, REPL_ENTITIES = -2, REPL_VALUES = K_COUNT };

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
    Interp *I;
    bool tty;          /* stdin is a terminal: readline, banner, prompts */
    bool color;        /* prompts in colour */
    bool quit;
    bool handler_on;   /* readline's callback handler is installed */
    int failed;        /* inputs that ended in an error */
    ReplBuf pending;   /* the statement being typed, its lines ended by '\n' */
    ReplEntry *log;    /* inputs that succeeded, in order, for :save */
    size_t nlog, logcap;
    char *history;     /* the history file, or NULL for none */
    bool history_warned;
} Repl;

static Repl *repl_self; /* for readline's callbacks, which take no user data */
static volatile sig_atomic_t repl_sigint, repl_sigwinch;

/* --- small helpers ---------------------------------------------------------------- */

/* Appends n bytes of s to b, keeping it NUL-terminated. */
static void repl_buf_add(ReplBuf *b, const char *s, size_t n)
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
static void repl_buf_str(ReplBuf *b, const char *s) { repl_buf_add(b, s, strlen(s)); }

/* Empties b, keeping its memory. */
static void repl_buf_clear(ReplBuf *b)
{
    b->len = 0;
    if (b->s) b->s[0] = '\0';
}

/* A malloc'd copy of s without leading and trailing blanks. */
static char *repl_trim_dup(const char *s)
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

/* Whether the canonical path lies inside the canonical folder dir. */
static bool repl_path_inside(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    return strncmp(dir, path, n) == 0 && (path[n] == '/' || path[n] == '\0' || strcmp(dir, "/") == 0);
}

/* The folder part of path ("." when there is none); malloc'd. */
static char *repl_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    char *d = xstrdup(path);
    d[slash - path] = '\0';
    return d;
}

/* A meta-command's file argument: quotes removed, a leading ~/ expanded; malloc'd. */
static char *repl_path_arg(const char *arg)
{
    char *p = repl_trim_dup(arg);
    size_t n = strlen(p);
    if (n >= 2 && (p[0] == '"' || p[0] == '\'') && p[n - 1] == p[0]) {
        memmove(p, p + 1, n - 2);
        p[n - 2] = '\0';
    }
    const char *home = getenv("HOME");
    if (p[0] == '~' && (p[1] == '/' || !p[1]) && home) {
        ReplBuf b = {0};
        repl_buf_str(&b, home);
        repl_buf_str(&b, p + 1);
        free(p);
        return b.s;
    }
    return p;
}

/* --- the session log (:save) ------------------------------------------------------ */

/* Records a successful input; text is copied. */
static void repl_log_add(Repl *R, const char *text, bool is_file)
{
    if (R->nlog == R->logcap) {
        R->logcap = R->logcap ? R->logcap * 2 : 32;
        R->log = xrealloc(R->log, R->logcap * sizeof *R->log);
    }
    R->log[R->nlog++] = (ReplEntry){xstrdup(text), is_file};
}

/* Forgets every recorded input (after :reset, and at the end). */
static void repl_log_clear(Repl *R)
{
    for (size_t i = 0; i < R->nlog; i++) free(R->log[i].text);
    R->nlog = 0;
}

/* Files run before the REPL opened (polsim -i FILE, and what they imported),
 * so that :save reproduces them; the prelude and stdlib are left out. */
static void repl_log_preloaded(Repl *R)
{
    Interp *I = R->I;
    char *stdlib = I->opt.stdlib_dir ? realpath(I->opt.stdlib_dir, NULL) : NULL;
    for (size_t i = 0; i < I->imported.len; i++) {
        const char *p = I->imported.items[i];
        if (p[0] != '/' || (stdlib && repl_path_inside(stdlib, p))) continue;
        repl_log_add(R, p, true);
    }
    free(stdlib);
}

/* --- scanning input (as lexer.l does, roughly) ----------------------------------- */

/* A token of REPL input: kind 'w' word, 'n' number, 's' string, '"' a string
 * still open at the end, '\n' a newline, 0 the end, else the punctuation. */
typedef struct ReplTok {
    size_t start, end;
    char kind;
} ReplTok;

/* Length of the number or money literal starting at s ("1.4", "$12k", "25%"). */
static size_t repl_number_len(const char *s)
{
    size_t n = 1;
    while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '.' || s[n] == '_' || s[n] == '%')) n++;
    return n;
}

/* Length of the string literal starting at s; *open when it is not closed. */
static size_t repl_string_len(const char *s, bool *open)
{
    size_t n = 1;
    while (s[n] && s[n] != '"' && s[n] != '\n') n += s[n] == '\\' && s[n + 1] && s[n + 1] != '\n' ? 2 : 1;
    *open = s[n] != '"';
    return *open ? n : n + 1;
}

/* The token at or after *pos in s, skipping blanks and comments; advances *pos. */
static ReplTok repl_token(const char *s, size_t *pos)
{
    size_t i = *pos;
    for (;;) {
        while (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') i++;
        if (s[i] != '#') break;
        while (s[i] && s[i] != '\n') i++;
    }
    unsigned char c = (unsigned char)s[i];
    ReplTok t = {i, i + (c != 0), (char)c};
    if (isalpha(c) || c == '_') {
        t.kind = 'w';
        while (isalnum((unsigned char)s[t.end]) || s[t.end] == '_') t.end++;
    } else if (isdigit(c) || c == '$') {
        t.kind = 'n';
        t.end = i + repl_number_len(s + i);
    } else if (c == '"') {
        bool open;
        t.end = i + repl_string_len(s + i, &open);
        t.kind = open ? '"' : 's';
    }
    *pos = t.end;
    return t;
}

/* Whether the word s[0..n) is w. */
static bool repl_word_is(const char *s, size_t n, const char *w) { return strlen(w) == n && memcmp(s, w, n) == 0; }

/* Whether a newline after t ends the statement (lexer.l's ends_statement). */
static bool repl_tok_ends(const char *s, ReplTok t)
{
    if (t.kind == 'w') {
        const char *w = s + t.start;
        size_t n = t.end - t.start;
        return !lex_is_keyword(w, n) || repl_word_is(w, n, "true") || repl_word_is(w, n, "false");
    }
    return t.kind == 'n' || t.kind == 's' || t.kind == ')' || t.kind == '}';
}

/* Joins the lines of a statement into one that runs the same: a newline that
 * ends a statement becomes "; ", any other a space; comments go. For history,
 * which keeps one line per entry. Malloc'd. */
static char *repl_one_line(const char *text)
{
    ReplBuf out = {0};
    repl_buf_add(&out, "", 0);
    size_t pos = 0, prev_end = 0;
    int depth = 0;
    bool ends = false, newline = false, term = false;
    for (ReplTok t; (t = repl_token(text, &pos)).kind;) {
        if (t.kind == '\n') {
            term |= depth == 0 && ends;
            ends = false;
            newline = true;
            continue;
        }
        if (newline && out.len) repl_buf_str(&out, term ? "; " : " ");
        else if (out.len) repl_buf_add(&out, text + prev_end, t.start - prev_end);
        repl_buf_add(&out, text + t.start, t.end - t.start);
        depth += t.kind == '(' ? 1 : t.kind == ')' && depth > 0 ? -1 : 0;
        ends = repl_tok_ends(text, t);
        newline = term = false;
        prev_end = t.end;
    }
    return out.s;
}

/* --- history ---------------------------------------------------------------------- */

/* mkdir -p with mode 0700; true if path is a folder afterwards. */
static bool repl_mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        mkdir(path, 0700); /* failures show in the final check */
        *p = '/';
    }
    mkdir(path, 0700);
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
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
            fprintf(stderr, "polsim: cannot create %s: %s (history is not kept)\n", b.s, strerror(errno));
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

/* Reads the history file into readline's list, bounded and without duplicates. */
static void repl_history_load(Repl *R)
{
    using_history();
    stifle_history(REPL_HISTORY_MAX);
    R->history = repl_history_path();
    if (R->history) read_history(R->history); /* a missing file is a first session */
    repl_history_dedupe();
}

/* Adds a history line (moving an earlier copy to the end) and writes the file. */
static void repl_history_add_line(Repl *R, const char *line)
{
    if (!R->tty || !*line) return;
    for (int i = history_length - 1; i >= 0; i--)
        if (strcmp(history_list()[i]->line, line) == 0) repl_history_drop(remove_history(i));
    add_history(line);
    int err = R->history ? write_history(R->history) : 0;
    if (R->history && !err) history_truncate_file(R->history, REPL_HISTORY_MAX);
    if (err && !R->history_warned)
        fprintf(stderr, "polsim: cannot write history to %s: %s\n", R->history, strerror(err));
    R->history_warned |= err != 0;
}

/* Adds a statement, its lines joined into one, to the history. */
static void repl_history_add(Repl *R, const char *text)
{
    char *line = repl_one_line(text);
    repl_history_add_line(R, line);
    free(line);
}

/* --- running input ---------------------------------------------------------------- */

/* After a run: if Ctrl-C stopped it, says so (the terminal has echoed ^C);
 * clears the flag either way. True if it was interrupted. */
static bool repl_after_run(bool ok)
{
    bool stopped = repl_sigint && !ok;
    fflush(stdout);
    if (stopped) fprintf(stderr, " interrupted (statements that ran before stay in effect)\n");
    repl_sigint = 0;
    return stopped;
}

/* Runs the pending text; keeps it when the statement is not finished yet. */
static void repl_run_pending(Repl *R)
{
    RunStatus st = interp_run_text(R->I, "<repl>", R->pending.s, R->pending.len, true);
    if (st == RUN_INCOMPLETE) return;
    repl_after_run(st == RUN_OK);
    repl_history_add(R, R->pending.s);
    if (st == RUN_OK) repl_log_add(R, R->pending.s, false);
    else R->failed++;
    repl_buf_clear(&R->pending);
}

/* An unfinished statement at the end of input: reports what it lacks, drops it. */
static void repl_finish_incomplete(Repl *R)
{
    interp_run_text(R->I, "<repl>", R->pending.s, R->pending.len, false);
    repl_after_run(false);
    R->failed++;
    repl_buf_clear(&R->pending);
}

static void repl_meta(Repl *R, const char *line);

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
    repl_buf_str(&R->pending, line);
    repl_buf_str(&R->pending, "\n");
    repl_run_pending(R);
}

/* --- :help ------------------------------------------------------------------------ */

static const char REPL_HELP[] =
    "Type statements; a bare expression prints its value. An open '{' or '(', or a\n"
    "line ending in an operator or ',', continues on the next line (...>).\n"
    "\n"
    "Commands\n"
    "  :help [TOPIC]   this text, or a topic: statements, units, functions, examples,\n"
    "                  or a kind (chip, cluster, market, vendor, rule, scenario)\n"
    "  :load FILE      run a scenario file in the current state\n"
    "  :list [KIND]    what is defined, by kind (chips, markets, values, ...)\n"
    "  :save FILE      write this session's successful inputs as a scenario file\n"
    "  :reset          back to a fresh world with the prelude\n"
    "  :quit           leave (also Ctrl-D on an empty line)\n"
    "\n"
    "Keys\n"
    "  Tab             complete keywords, names, NAME.attributes, metrics after\n"
    "                  'compare ... on', file names after 'import \"' and ':load'\n"
    "  Up, Down        history; Ctrl-R searches it\n"
    "  Ctrl-C          abandon the current input, even a half-typed multi-line one\n";

static const char REPL_HELP_STATEMENTS[] =
    "Definitions (fields one per line, or separated by ';' or ','):\n"
    "  define chip NAME [\"Title\"] [like OTHER] { vendor: nvidia; fp16: 989 TFLOPS }\n"
    "  define cluster NAME { chip: H100; count: 8 }\n"
    "  define market NAME { budget: $20B; incumbent: cuda; switching_cost: 20% }\n"
    "  define vendor NAME { origin: US; ecosystem: cuda }\n"
    "  define rule NAME { controlled: chip.tpp >= 4800 }\n"
    "  redefine KIND NAME { ... }        replace a definition\n"
    "  let NAME = EXPR                   name a value\n"
    "Policies (in force from then on; 'lift POLICY' takes one back):\n"
    "  cap ATTR AMOUNT on exports [from COUNTRY] to MARKET\n"
    "  ban chip NAME in MARKET            ban vendor NAME in MARKET\n"
    "  ban export of chip|vendor NAME [from COUNTRY] to MARKET\n"
    "  license chip|vendor NAME to MARKET\n"
    "  apply rule RULE on exports [from COUNTRY] to MARKET\n"
    "  apply tariff RATE on imports [from COUNTRY] to MARKET\n"
    "  apply tariff share RATE on VENDOR sales to MARKET [passthrough SHARE] [to GOVERNMENT]\n"
    "Scenarios (a copy of the world with changes; S.NAME reads NAME in it):\n"
    "  scenario NAME [\"Title\"] [extends BASE] { statements }\n"
    "Questions:\n"
    "  print EXPR, ...                    show NAME   (or: show KIND NAME)\n"
    "  classify CHIP under RULE           explain CHIP in MARKET\n"
    "  compare A, B, ... [on METRIC, ...] assert EXPR\n"
    "  import \"file.pol\"\n"
    "Expressions: + - * / with units, == != < <= > >=, and or not,\n"
    "  X within 10% of Y, X between A and B, NAME.attribute, function(args).\n"
    "Fields and attributes of a kind: :help chip (or market, ...), or NAME.<Tab>.\n";

static const char REPL_HELP_UNITS[] =
    "Numbers carry units, attached or after a space; arithmetic checks them.\n"
    "  compute   FLOPS kFLOPS MFLOPS GFLOPS TFLOPS PFLOPS EFLOPS ZFLOPS;\n"
    "            OPS GOPS TOPS POPS EOPS (INT8)\n"
    "  data      B kB MB GB TB PB EB            rates: TB/s, GB/s, ...\n"
    "  power     W kW MW GW TW                  energy: J kJ MJ GJ Wh kWh MWh GWh TWh\n"
    "  money     $12k  $8.2M  $20B  $1.1T  $0.08/kWh  (or USD)\n"
    "  time      s h day days yr year years     area: mm2\n"
    "  counts    units unit chips; k = thousand, M = million: 300k units\n"
    "  percent   25% is 0.25\n"
    "  dates     2024-10-17, 2025Q1\n"
    "Examples: 989 TFLOPS / 700 W gives performance per watt; 1 TFLOPS + 1 GB is an\n"
    "error; ratio(H100.fp16, H20.fp16) is a plain number.\n";

static const char REPL_HELP_EXAMPLES[] =
    "Paste these one at a time (a '{' continues onto the next lines):\n"
    "  define chip Z1 { vendor: nvidia; fp16: 400 TFLOPS; tdp: 500 W; price: $15k }\n"
    "  Z1.tpp                              # a bare expression prints its value\n"
    "  Z1.fp16 / Z1.tdp\n"
    "  define market M { budget: $10B; incumbent: cuda }\n"
    "  define rule big { controlled: chip.tpp >= 4800 }\n"
    "  classify Z1 under big               # is it controlled, and why\n"
    "  scenario strict {\n"
    "      apply rule big on exports to M\n"
    "      ban chip Z1 in M\n"
    "  }\n"
    "  strict.M.units                      # read a result in the scenario\n"
    "  explain Z1 in M                     # why Z1 may (not) be sold in M\n"
    "  scenario loose { }                  # the world as it is, for comparison\n"
    "  compare loose, strict on M.units, M.spend\n"
    "  compare Z1, H100 on fp16, tpp, price\n"
    "  :list                               # what is defined now\n"
    "  :save session.pol                   # then: polsim session.pol\n";

/* A short description of each function builtin_names() lists. */
static const struct {
    const char *name, *usage, *help;
} REPL_FUNCTIONS[] = {
    {"available", "available(CHIP, MARKET)", "true if CHIP may be sold in MARKET under the policies in force"},
    {"controlled", "controlled(CHIP, RULE)", "true if RULE's controlled: test holds for CHIP"},
    {"units", "units(CHIP, MARKET)", "units of CHIP the market model has MARKET buy"},
    {"revenue", "revenue(VENDOR[, MARKET])", "VENDOR's sales, everywhere or in one market"},
    {"net_revenue", "net_revenue(VENDOR[, MARKET])", "revenue less the shares paid to governments"},
    {"levy", "levy(GOVERNMENT)", "what a government (such as US) collects from revenue shares"},
    {"tariff_revenue", "tariff_revenue(MARKET)", "what MARKET's import tariffs collect"},
    {"ratio", "ratio(A, B)", "A / B for two quantities of one kind, as a plain number"},
    {"min", "min(A, B, ...)", "the smallest of up to four values"},
    {"max", "max(A, B, ...)", "the largest of up to four values"},
    {"floor", "floor(X)", "rounded down, in X's unit"},
    {"ceil", "ceil(X)", "rounded up, in X's unit"},
    {"round", "round(X)", "rounded to the nearest whole number, in X's unit"},
    {"abs", "abs(X)", "without its sign"},
};

/* :help functions: every builtin, described where this file knows it. */
static void repl_help_functions(void)
{
    const char *names[64];
    int n = builtin_names(names, 64);
    puts("Functions (call as name(args); attributes are read as NAME.attr):");
    for (int i = 0; i < n; i++) {
        const char *usage = names[i], *help = "";
        for (size_t j = 0; j < sizeof REPL_FUNCTIONS / sizeof REPL_FUNCTIONS[0]; j++)
            if (strcmp(REPL_FUNCTIONS[j].name, names[i]) == 0) usage = REPL_FUNCTIONS[j].usage, help = REPL_FUNCTIONS[j].help;
        printf("  %-30s %s\n", usage, help);
    }
}

/* The kind a word names ("chip", "chips", ...), or -1. */
static int repl_kind_of_word(const char *s, size_t n)
{
    static const char *const KINDS[] = {"chip", "cluster", "market", "vendor", "rule", "scenario"};
    if (n > 1 && s[n - 1] == 's') n--;
    for (int k = 0; k < 6; k++)
        if (repl_word_is(s, n, KINDS[k])) return k;
    return -1;
}

/* :help KIND: the fields a definition takes and the attributes it answers. */
static void repl_help_kind(EntityKind kind)
{
    if (kind == K_SCENARIO) {
        puts("scenario NAME [\"Title\"] [extends BASE] { statements }\n"
             "  runs its statements on a copy of BASE (or of the main world).\n"
             "  S.NAME reads NAME in the scenario's final state: S.China.units.\n"
             "  compare S1, S2 on EXPR, ... puts scenarios side by side.");
        return;
    }
    const Schema *s = schema_for(kind);
    printf("define %s NAME [\"Title\"] [like OTHER] { FIELD: VALUE [\"source note\"]; ... }\n",
           entity_kind_name(kind));
    for (int i = 0; i < s->nfields; i++)
        printf("  %-16s %s%s\n", s->fields[i].name, s->fields[i].help, s->fields[i].required ? " (required)" : "");
    const char *derived[32];
    int n = attr_derived_names(kind, derived, 32);
    if (n) fputs("derived, read as NAME.attr:", stdout);
    for (int i = 0; i < n; i++) printf(" %s", derived[i]);
    if (n) putchar('\n');
}

/* :help [TOPIC] */
static void repl_cmd_help(Repl *R, const char *arg)
{
    static const char *const TOPICS[] = {"statements", "units", "functions", "examples", "chip", "cluster",
                                         "market", "vendor", "rule", "scenario"};
    int kind = repl_kind_of_word(arg, strlen(arg));
    if (!*arg) {
        fputs(REPL_HELP, stdout);
        if (R->history) printf("History is kept in %s.\n", R->history);
    } else if (strcmp(arg, "statements") == 0) fputs(REPL_HELP_STATEMENTS, stdout);
    else if (strcmp(arg, "units") == 0) fputs(REPL_HELP_UNITS, stdout);
    else if (strcmp(arg, "functions") == 0) repl_help_functions();
    else if (strcmp(arg, "examples") == 0) fputs(REPL_HELP_EXAMPLES, stdout);
    else if (kind >= 0) repl_help_kind((EntityKind)kind);
    else {
        const char *hint = diag_nearest(arg, TOPICS, sizeof TOPICS / sizeof TOPICS[0]);
        if (hint) diag_plain(&R->I->diag, DC_INPUT, "no help topic '%s'; did you mean '%s'?", arg, hint);
        else diag_plain(&R->I->diag, DC_INPUT, "no help topic '%s'; topics: statements, units, functions, "
                        "examples, chip, cluster, market, vendor, rule, scenario", arg);
    }
}

/* --- :list ------------------------------------------------------------------------ */

static const struct {
    const char *label;
    int kind;
} REPL_GROUPS[] = {
    {"vendors", K_VENDOR}, {"chips", K_CHIP}, {"clusters", K_CLUSTER}, {"markets", K_MARKET},
    {"rules", K_RULE}, {"scenarios", K_SCENARIO}, {"values", REPL_VALUES},
};
enum { REPL_NGROUPS = sizeof REPL_GROUPS / sizeof REPL_GROUPS[0] };

/* The pseudo-kind of a binding: its entity's kind, or REPL_VALUES for let. */
static int repl_binding_kind(const Binding *b) { return b->entity ? (int)b->entity->kind : REPL_VALUES; }

/* Prints one item of a wrapped, comma-separated list; *col is the column. */
static void repl_list_item(int *col, const char *item)
{
    int n = (int)strlen(item);
    if (*col > REPL_INDENT && *col + 2 + n > REPL_WRAP) {
        printf(",\n%*s", REPL_INDENT, "");
        *col = REPL_INDENT;
    } else if (*col > REPL_INDENT) {
        fputs(", ", stdout);
        *col += 2;
    }
    fputs(item, stdout);
    *col += n;
}

/* Prints the names of one group (let values with their value); false if none. */
static bool repl_list_group(Repl *R, int g)
{
    const Env *env = R->I->cur;
    int count = 0, col = REPL_INDENT;
    for (size_t i = 0; i < env->norder; i++) {
        const Binding *b = env_lookup(env, env->order[i]);
        count += b && repl_binding_kind(b) == REPL_GROUPS[g].kind;
    }
    if (!count) return false;
    char label[32], item[160], val[128];
    snprintf(label, sizeof label, "%s (%d)", REPL_GROUPS[g].label, count);
    printf("%-*s", REPL_INDENT, label);
    for (size_t i = 0; i < env->norder; i++) {
        const Binding *b = env_lookup(env, env->order[i]);
        if (!b || repl_binding_kind(b) != REPL_GROUPS[g].kind) continue;
        if (b->entity) snprintf(item, sizeof item, "%s", b->name);
        else snprintf(item, sizeof item, "%s = %s", b->name, value_format(b->value, val, sizeof val));
        repl_list_item(&col, item);
    }
    putchar('\n');
    return true;
}

/* :list [KIND] */
static void repl_cmd_list(Repl *R, const char *arg)
{
    int kind = REPL_ALL;
    if (*arg) {
        kind = strcmp(arg, "let") == 0 || strcmp(arg, "value") == 0 || strcmp(arg, "values") == 0
                   ? REPL_VALUES : repl_kind_of_word(arg, strlen(arg));
        if (kind < 0) {
            diag_plain(&R->I->diag, DC_INPUT, "':list' takes a kind: chips, clusters, markets, vendors, rules, "
                       "scenarios or values, not '%s'", arg);
            return;
        }
    }
    bool any = false;
    const char *label = "names";
    for (int g = 0; g < REPL_NGROUPS; g++)
        if (kind == REPL_ALL || kind == REPL_GROUPS[g].kind) {
            any |= repl_list_group(R, g);
            if (kind != REPL_ALL) label = REPL_GROUPS[g].label;
        }
    if (!any) printf("no %s defined\n", label);
}

/* --- :load, :reset, :quit ------------------------------------------------------------ */

/* :load FILE: runs it here, with imports allowed inside its own folder. */
static void repl_cmd_load(Repl *R, const char *arg)
{
    Interp *I = R->I;
    char *path = repl_path_arg(arg), *dir = repl_dir_of(path), *saved_root = I->root;
    size_t before = I->cur->norder;
    I->root = NULL;
    interp_set_root(I, dir);
    RunStatus st = interp_run_file(I, path);
    free(I->root);
    I->root = saved_root;
    bool stopped = repl_after_run(st == RUN_OK);
    char real[PATH_MAX + 1];
    if (st == RUN_OK && realpath(path, real)) {
        repl_log_add(R, real, true);
        size_t added = I->cur->norder - before;
        printf("loaded %s (%zu new name%s)\n", path, added, added == 1 ? "" : "s");
    } else {
        R->failed++;
        if (I->cur->norder > before && !stopped) fprintf(stderr, "(definitions made before the error are kept)\n");
    }
    free(dir);
    free(path);
}

/* :reset: a fresh interpreter with the prelude; the options stay. */
static void repl_cmd_reset(Repl *R, const char *arg)
{
    (void)arg;
    Interp *I = R->I;
    Options opt = I->opt;
    volatile sig_atomic_t *flag = I->interrupted;
    bool report_color = I->report.color;
    interp_free(I);
    interp_init(I, &opt);
    I->interrupted = flag;
    I->report.color = report_color;
    bool ok = interp_load_prelude(I);
    repl_log_clear(R);
    if (!ok) fprintf(stderr, "polsim: the prelude failed to load\n");
    else puts(opt.no_prelude ? "fresh, empty world (--no-prelude)" : "fresh world with the prelude");
}

/* :quit */
static void repl_cmd_quit(Repl *R, const char *arg)
{
    (void)arg;
    R->quit = true;
}

/* --- :save ------------------------------------------------------------------------ */

/* file relative to the folder dir (both canonical); malloc'd. */
static char *repl_relative(const char *dir, const char *file)
{
    if (strcmp(dir, "/") == 0) dir = "";
    size_t i = 0, common = 0;
    for (; dir[i] && dir[i] == file[i]; i++)
        if (dir[i] == '/') common = i;
    if (!dir[i] && file[i] == '/') common = i;
    ReplBuf b = {0};
    repl_buf_add(&b, "", 0);
    for (const char *p = dir + common; *p; p++)
        if (*p == '/') repl_buf_str(&b, "../");
    repl_buf_str(&b, file + common + 1);
    return b.s;
}

/* Writes s as a polsim string literal. */
static void repl_write_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Whether a loaded file lies outside the folder dir (needs --allow-any-import). */
static bool repl_save_outside(const Repl *R, const char *dir)
{
    for (size_t i = 0; i < R->nlog; i++)
        if (R->log[i].is_file && !repl_path_inside(dir, R->log[i].text)) return true;
    return false;
}

/* The saved file's text: a header saying how to run it, then the inputs. */
static void repl_save_write(const Repl *R, FILE *f, const char *dir, const char *name)
{
    char when[64];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&now));
    fprintf(f, "# polsim session saved with :save on %s\n# run it with: polsim %s%s%s\n", when,
            R->I->opt.no_prelude ? "--no-prelude " : "", repl_save_outside(R, dir) ? "--allow-any-import " : "", name);
    for (size_t i = 0; i < R->nlog; i++) {
        const char *t = R->log[i].text;
        if (R->log[i].is_file) {
            char *rel = repl_relative(dir, t);
            fputs("import ", f);
            repl_write_string(f, rel);
            fputs("   # loaded in the session\n", f);
            free(rel);
        } else {
            fputs(t, f);
            if (!*t || t[strlen(t) - 1] != '\n') fputc('\n', f);
        }
    }
}

/* Writes into a temporary file beside path, then renames it over path. */
static bool repl_save_file(const Repl *R, const char *path, const char *dir)
{
    ReplBuf tmp = {0};
    repl_buf_str(&tmp, path);
    repl_buf_str(&tmp, ".XXXXXX");
    int fd = mkstemp(tmp.s);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    bool ok = f != NULL;
    if (ok) {
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
        const char *base = strrchr(path, '/');
        repl_save_write(R, f, dir, base ? base + 1 : path);
        ok = !ferror(f);
    }
    int err = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = false;
        err = errno;
    } else if (!f && fd >= 0) {
        close(fd);
    }
    if (ok && rename(tmp.s, path) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok && fd >= 0) unlink(tmp.s);
    free(tmp.s);
    errno = err;
    return ok;
}

/* :save FILE */
static void repl_cmd_save(Repl *R, const char *arg)
{
    char *path = repl_path_arg(arg), *dir = repl_dir_of(path);
    char *real_dir = realpath(dir, NULL);
    if (!real_dir || !repl_save_file(R, path, real_dir))
        diag_plain(&R->I->diag, DC_INPUT, "cannot write '%s': %s", path, strerror(errno));
    else {
        printf("saved %zu input%s to %s\n", R->nlog, R->nlog == 1 ? "" : "s", path);
        if (repl_save_outside(R, real_dir))
            printf("(it imports files outside its folder: run it with --allow-any-import)\n");
    }
    free(real_dir);
    free(dir);
    free(path);
}

/* --- meta-commands ------------------------------------------------------------------- */

typedef struct ReplCommand {
    const char *name;
    bool takes_arg;  /* false: refuses one; true: needs one unless optional */
    bool optional;
    void (*run)(Repl *R, const char *arg);
} ReplCommand;

static const ReplCommand REPL_COMMANDS[] = {
    {"help", true, true, repl_cmd_help},   {"load", true, false, repl_cmd_load},
    {"list", true, true, repl_cmd_list},   {"save", true, false, repl_cmd_save},
    {"reset", false, false, repl_cmd_reset}, {"quit", false, false, repl_cmd_quit},
};
enum { REPL_NCOMMANDS = sizeof REPL_COMMANDS / sizeof REPL_COMMANDS[0] };

/* The command named name (aliases :q, :exit, :h, :?), or NULL. */
static const ReplCommand *repl_command(const char *name)
{
    static const char *const ALIASES[][2] = {{"q", "quit"}, {"exit", "quit"}, {"h", "help"}, {"?", "help"}};
    for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++)
        if (strcmp(name, ALIASES[i][0]) == 0) name = ALIASES[i][1];
    for (int i = 0; i < REPL_NCOMMANDS; i++)
        if (strcmp(REPL_COMMANDS[i].name, name) == 0) return &REPL_COMMANDS[i];
    return NULL;
}

/* Reports an unknown meta-command with the nearest known one. */
static void repl_unknown_command(Repl *R, const char *name)
{
    const char *names[REPL_NCOMMANDS];
    for (int i = 0; i < REPL_NCOMMANDS; i++) names[i] = REPL_COMMANDS[i].name;
    const char *hint = diag_nearest(name, names, REPL_NCOMMANDS);
    if (hint) diag_plain(&R->I->diag, DC_INPUT, "unknown command ':%s'; did you mean ':%s'? (:help lists them)", name, hint);
    else diag_plain(&R->I->diag, DC_INPUT, "unknown command ':%s'; the commands are :help, :load, :list, :save, "
                    ":reset and :quit", name);
}

/* Runs a meta-command; line is the text after ':'. */
static void repl_meta(Repl *R, const char *line)
{
    char *text = repl_trim_dup(line);
    size_t n = strcspn(text, " \t");
    char *arg = text + n + strspn(text + n, " \t");
    text[n] = '\0';
    const ReplCommand *c = repl_command(text);
    if (!c) repl_unknown_command(R, text);
    else if (!c->takes_arg && *arg) diag_plain(&R->I->diag, DC_INPUT, "':%s' takes no argument", c->name);
    else if (c->takes_arg && !c->optional && !*arg) diag_plain(&R->I->diag, DC_INPUT, "usage: :%s FILE", c->name);
    else c->run(R, arg);
    fflush(stdout);
    free(text);
}

/* --- completion: what the statement so far allows next ------------------------------ */

static const char *const REPL_STATEMENT_WORDS[] = {
    "define", "redefine", "let", "print", "show", "classify", "explain", "compare", "assert", "import",
    "scenario", "cap", "ban", "license", "apply", "lift", NULL};
static const char *const REPL_OTHER_WORDS[] = {
    "chip", "cluster", "market", "vendor", "rule", "under", "in", "on", "within", "of", "between", "and", "or",
    "not", "export", "exports", "imports", "from", "to", "tariff", "share", "sales", "passthrough", "extends",
    "like", "true", "false", NULL};
/* In EntityKind order (K_CHIP ... K_RULE): repl_kind_at relies on it. */
static const char *const REPL_KIND_WORDS[] = {"chip", "cluster", "market", "vendor", "rule", NULL};

/* Candidate words (borrowed strings). */
typedef struct ReplWords {
    const char **w;
    size_t n, cap;
    const char *suffix; /* added to each match (":" after a field name), or NULL */
} ReplWords;

/* The statement being completed: its tokens up to the word under the cursor. */
typedef struct ReplCtx {
    char *text;      /* pending lines + the current line up to the word; malloc'd */
    ReplTok *t;      /* tokens of text; malloc'd */
    int n;           /* all tokens */
    int first;       /* the current statement's first token */
    char block;      /* innermost '{': 'd' a definition, 's' other, 0 none */
    EntityKind kind; /* block 'd': the kind being defined */
    bool in_string;  /* the word is inside a string */
} ReplCtx;

/* Adds one candidate. */
static void repl_add(ReplWords *ws, const char *w)
{
    if (ws->n == ws->cap) {
        ws->cap = ws->cap ? ws->cap * 2 : 64;
        ws->w = xrealloc(ws->w, ws->cap * sizeof *ws->w);
    }
    ws->w[ws->n++] = w;
}

/* Adds a NULL-terminated list of candidates. */
static void repl_add_list(ReplWords *ws, const char *const *list)
{
    for (; *list; list++) repl_add(ws, *list);
}

/* Adds the names bound in env of kind (or REPL_ALL, REPL_ENTITIES, REPL_VALUES). */
static void repl_add_names(ReplWords *ws, const Env *env, int kind)
{
    for (size_t i = 0; i < env->norder; i++) {
        const Binding *b = env_lookup(env, env->order[i]);
        if (!b) continue;
        int k = repl_binding_kind(b);
        if (kind == REPL_ALL || k == kind || (kind == REPL_ENTITIES && b->entity)) repl_add(ws, env->order[i]);
    }
}

/* Adds every attribute name an entity kind answers to. */
static void repl_add_attrs(ReplWords *ws, EntityKind kind)
{
    const char *names[REPL_MAX_ATTRS]; /* static strings */
    int n = attr_names(kind, names, REPL_MAX_ATTRS);
    for (int i = 0; i < n; i++) repl_add(ws, names[i]);
}

/* Adds the function names. */
static void repl_add_builtins(ReplWords *ws)
{
    const char *names[64]; /* static strings */
    int n = builtin_names(names, 64);
    for (int i = 0; i < n; i++) repl_add(ws, names[i]);
}

/* Token i of the current statement (negative: from its end). */
static const ReplTok *repl_tok(const ReplCtx *c, int i)
{
    int m = c->n - c->first;
    if (i < 0) i += m;
    return i >= 0 && i < m ? &c->t[c->first + i] : NULL;
}

/* Whether token i of the statement (negative: from the end) is the word w. */
static bool repl_is(const ReplCtx *c, int i, const char *w)
{
    const ReplTok *t = repl_tok(c, i);
    return t && t->kind == 'w' && repl_word_is(c->text + t->start, t->end - t->start, w);
}

/* Number of tokens of the current statement before the word. */
static int repl_len(const ReplCtx *c) { return c->n - c->first; }

/* The binding of the name s[0..n) in env, found through env->order, or NULL. */
static const Binding *repl_binding(const Env *env, const char *s, size_t n)
{
    for (size_t i = env->norder; i-- > 0;)
        if (repl_word_is(s, n, env->order[i])) return env_lookup(env, env->order[i]);
    return NULL;
}

/* The entity token t names in env (a definition, or a let holding one), or NULL. */
static const Entity *repl_entity(const ReplCtx *c, const Env *env, const ReplTok *t)
{
    const Binding *b = t && t->kind == 'w' ? repl_binding(env, c->text + t->start, t->end - t->start) : NULL;
    if (!b) return NULL;
    return b->entity ? b->entity : b->value.kind == V_ENTITY ? b->value.u.ent.e : NULL;
}

/* The kind token i names ("chip" ...), or -1. */
static int repl_kind_at(const ReplCtx *c, int i)
{
    const ReplTok *t = repl_tok(c, i);
    if (!t || t->kind != 'w') return -1;
    for (int k = 0; REPL_KIND_WORDS[k]; k++)
        if (repl_word_is(c->text + t->start, t->end - t->start, REPL_KIND_WORDS[k])) return k;
    return -1;
}

/* After NAME. (or S.NAME. ...): the attributes of what the chain names. */
static void repl_complete_attr(Repl *R, const ReplCtx *c, ReplWords *ws)
{
    int end = c->n - 2, begin = end;
    while (begin - 2 >= c->first && c->t[begin - 1].kind == '.' && c->t[begin - 2].kind == 'w') begin -= 2;
    if (begin == end && repl_is(c, end - c->first, "chip")) {
        repl_add_attrs(ws, K_CHIP); /* chip.ATTR in a rule */
        return;
    }
    const Env *env = R->I->cur;
    const Entity *e = NULL;
    for (int i = begin; i <= end; i += 2) {
        if (e && e->kind != K_SCENARIO) return;
        if (e) env = e->env;
        if (!(e = repl_entity(c, env, &c->t[i]))) return;
    }
    if (e->kind != K_SCENARIO) repl_add_attrs(ws, e->kind);
    else {
        repl_add_names(ws, e->env, REPL_ALL);
        repl_add(ws, "title");
    }
}

/* Inside define KIND NAME { ... }: field names, and names that fit a field. */
static bool repl_complete_field(Repl *R, const ReplCtx *c, ReplWords *ws)
{
    if (repl_len(c) == 0) {
        const Schema *s = schema_for(c->kind);
        for (int i = 0; i < s->nfields; i++) repl_add(ws, s->fields[i].name);
        ws->suffix = ":"; /* "bud<Tab>" gives "budget: " */
        return true;
    }
    const ReplTok *colon = repl_tok(c, 1);
    if (repl_len(c) != 2 || colon->kind != ':') return false;
    if (repl_is(c, 0, "vendor")) repl_add_names(ws, R->I->cur, K_VENDOR);
    else if (repl_is(c, 0, "chip")) repl_add_names(ws, R->I->cur, K_CHIP);
    else return false;
    return true;
}

/* define/redefine KIND NAME ["Title"] [like OTHER] { */
static bool repl_complete_define(Repl *R, const ReplCtx *c, ReplWords *ws)
{
    int m = repl_len(c), kind = repl_kind_at(c, 1);
    if (m == 1) repl_add_list(ws, REPL_KIND_WORDS);
    else if (kind >= 0 && (repl_is(c, -1, "like") || (m == 2 && repl_is(c, 0, "redefine"))))
        repl_add_names(ws, R->I->cur, kind);
    else if (m >= 3 && !repl_is(c, -1, "like") && repl_tok(c, -1)->kind != '}') repl_add(ws, "like");
    return true;
}

/* scenario NAME ["Title"] [extends BASE] { */
static bool repl_complete_scenario(Repl *R, const ReplCtx *c, ReplWords *ws)
{
    if (repl_is(c, -1, "extends")) repl_add_names(ws, R->I->cur, K_SCENARIO);
    else if (repl_len(c) >= 2 && repl_tok(c, -1)->kind != '}') repl_add(ws, "extends");
    return true;
}

/* show NAME, show KIND NAME */
static bool repl_complete_show(Repl *R, const ReplCtx *c, ReplWords *ws)
{
    int kind = repl_kind_at(c, 1);
    if (repl_len(c) == 1) {
        repl_add_list(ws, REPL_KIND_WORDS);
        repl_add_names(ws, R->I->cur, REPL_ENTITIES);
    } else if (repl_len(c) == 2 && kind >= 0) repl_add_names(ws, R->I->cur, kind);
    return true;
}

/* classify CHIP under RULE, explain CHIP in MARKET */
static bool repl_complete_pair(Repl *R, const ReplCtx *c, ReplWords *ws)
{
    bool classify = repl_is(c, 0, "classify");
    int m = repl_len(c);
    if (m == 1) repl_add_names(ws, R->I->cur, K_CHIP);
    else if (m == 2) repl_add(ws, classify ? "under" : "in");
    else if (m == 3) repl_add_names(ws, R->I->cur, classify ? K_RULE : K_MARKET);
    return true;
}

/* compare A, B, ... [on METRIC, ...]: items, then the first item's attributes
 * (for scenarios, the names in the first one). */
static bool repl_complete_compare(Repl *R, const ReplCtx *c, ReplWords *ws)
{
    bool on = false;
    for (int i = 1; i < repl_len(c); i++) on |= repl_is(c, i, "on");
    const ReplTok *last = repl_tok(c, -1);
    if (!on && (repl_len(c) == 1 || last->kind == ',')) repl_add_names(ws, R->I->cur, REPL_ENTITIES);
    else if (!on) repl_add(ws, "on");
    else {
        const Entity *e = repl_entity(c, R->I->cur, repl_tok(c, 1));
        if (e && e->kind == K_SCENARIO) repl_add_names(ws, e->env, REPL_ALL);
        else if (e) repl_add_attrs(ws, e->kind);
    }
    return true;
}

/* Words that must come next in a policy (ban, license, apply, cap, lift). */
static bool repl_complete_policy(Repl *R, const ReplCtx *c, ReplWords *ws)
{
    static const char *const BAN[] = {"chip", "vendor", "export", NULL}, *const CV[] = {"chip", "vendor", NULL},
                             *const APPLY[] = {"rule", "tariff", NULL},
                             *const LIFT[] = {"ban", "license", "apply", "cap", NULL},
                             *const FROM_TO[] = {"from", "to", NULL};
    int m = repl_len(c);
    bool share = repl_is(c, 1, "tariff") && repl_is(c, 2, "share");
    if (m == 1 && repl_is(c, 0, "ban")) repl_add_list(ws, BAN);
    else if (m == 1 && repl_is(c, 0, "license")) repl_add_list(ws, CV);
    else if (m == 1 && repl_is(c, 0, "apply")) repl_add_list(ws, APPLY);
    else if (m == 1 && repl_is(c, 0, "lift")) repl_add_list(ws, LIFT);
    else if (m == 1 && repl_is(c, 0, "cap")) repl_add_attrs(ws, K_CHIP);
    else if (repl_is(c, -1, "export")) repl_add(ws, "of");
    else if (repl_is(c, -1, "of")) repl_add_list(ws, CV);
    else if (repl_is(c, -1, "tariff") && m == 2) repl_add(ws, "share");
    else if (repl_is(c, -1, "on") && share) repl_add_names(ws, R->I->cur, K_VENDOR);
    else if (repl_is(c, -1, "on")) repl_add(ws, repl_is(c, 1, "tariff") ? "imports" : "exports");
    else if (repl_is(c, -1, "exports") || repl_is(c, -1, "imports")) repl_add_list(ws, FROM_TO);
    else if (share && m >= 5 && repl_is(c, -2, "on")) repl_add(ws, "sales");
    else if (repl_is(c, -1, "sales")) repl_add(ws, "to");
    else return false;
    return true;
}

/* The names a keyword asks for next (chip -> chips, in/to -> markets, ...). */
static bool repl_complete_after_word(Repl *R, const ReplCtx *c, ReplWords *ws)
{
    static const struct { const char *word; int kind; } AFTER[] = {
        {"chip", K_CHIP}, {"vendor", K_VENDOR}, {"rule", K_RULE}, {"under", K_RULE}, {"in", K_MARKET},
        {"to", K_MARKET}, {"from", REPL_ENTITIES}, {"like", REPL_ENTITIES}, {"extends", K_SCENARIO},
        {"cluster", K_CLUSTER}, {"market", K_MARKET}, {"scenario", K_SCENARIO},
    };
    for (size_t i = 0; i < sizeof AFTER / sizeof AFTER[0]; i++)
        if (repl_is(c, -1, AFTER[i].word)) {
            repl_add_names(ws, R->I->cur, AFTER[i].kind);
            return true;
        }
    return false;
}

/* Statement-specific completion, by the statement's first word. */
static bool repl_complete_statement(Repl *R, ReplCtx *c, ReplWords *ws)
{
    static const struct { const char *word; bool (*fn)(Repl *, const ReplCtx *, ReplWords *); } BY_WORD[] = {
        {"define", repl_complete_define}, {"redefine", repl_complete_define}, {"scenario", repl_complete_scenario},
        {"show", repl_complete_show},     {"classify", repl_complete_pair},    {"explain", repl_complete_pair},
        {"compare", repl_complete_compare}, {"ban", repl_complete_policy},    {"license", repl_complete_policy},
        {"apply", repl_complete_policy},  {"cap", repl_complete_policy},       {"lift", repl_complete_policy},
    };
    if (repl_is(c, 0, "lift") && repl_len(c) > 1) c->first++; /* lift POLICY: complete the policy */
    if (repl_is(c, 0, "let") && repl_len(c) <= 2) return true; /* a new name */
    if (repl_is(c, 0, "import")) return true;
    for (size_t i = 0; i < sizeof BY_WORD / sizeof BY_WORD[0]; i++)
        if (repl_is(c, 0, BY_WORD[i].word)) return BY_WORD[i].fn(R, c, ws);
    return false;
}

/* All candidates for the word after the statement so far. */
static void repl_candidates(Repl *R, ReplCtx *c, ReplWords *ws)
{
    const ReplTok *last = repl_tok(c, -1), *before = repl_tok(c, -2);
    if (c->in_string) return;
    if (last && last->kind == '.' && before && before->kind == 'w') {
        repl_complete_attr(R, c, ws);
        return;
    }
    if (c->block == 'd' && repl_complete_field(R, c, ws)) return;
    if (repl_len(c) == 0) {
        repl_add_list(ws, REPL_STATEMENT_WORDS);
        repl_add_names(ws, R->I->cur, REPL_ALL);
        repl_add_builtins(ws);
        return;
    }
    if (repl_complete_statement(R, c, ws) || repl_complete_after_word(R, c, ws)) return;
    repl_add_names(ws, R->I->cur, REPL_ALL);
    repl_add_builtins(ws);
    repl_add_list(ws, REPL_OTHER_WORDS);
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
static void repl_ctx_push(ReplCtx *c, ReplTok t, int *cap)
{
    if (c->n == *cap) c->t = xrealloc(c->t, (size_t)(*cap = *cap ? *cap * 2 : 64) * sizeof *c->t);
    c->t[c->n++] = t;
}

/* Scans the pending lines and the current line up to start: a newline that
 * ends a statement becomes ';', other newlines go (as in lexer.l). */
static void repl_ctx_init(ReplCtx *c, const Repl *R, int start)
{
    memset(c, 0, sizeof *c);
    ReplBuf b = {0};
    repl_buf_add(&b, R->pending.s ? R->pending.s : "", R->pending.len);
    repl_buf_add(&b, rl_line_buffer, (size_t)start);
    c->text = b.s;
    size_t pos = 0;
    int cap = 0, depth = 0;
    bool ends = false;
    for (ReplTok t; (t = repl_token(c->text, &pos)).kind;) {
        if (t.kind == '\n' && !(depth == 0 && ends)) continue;
        if (t.kind == '\n') t.kind = ';';
        depth += t.kind == '(' ? 1 : t.kind == ')' && depth > 0 ? -1 : 0;
        ends = repl_tok_ends(c->text, t);
        c->in_string = t.kind == '"';
        if (!c->in_string) repl_ctx_push(c, t, &cap); /* an open string is where the word is */
    }
    repl_ctx_statement(c);
}

/* --- completion: readline glue ------------------------------------------------------ */

static const ReplWords *repl_gen_words; /* what repl_generate offers */

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
static char **repl_matches(const ReplWords *ws, const char *text)
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
    static const char *const TOPICS[] = {"statements", "units", "functions", "examples", "chip", "cluster",
                                         "market", "vendor", "rule", "scenario", NULL};
    static const char *const KINDS[] = {"chips", "clusters", "markets", "vendors", "rules", "scenarios",
                                        "values", NULL};
    size_t n;
    const char *cmd = repl_meta_word(rl_line_buffer, &n);
    ReplWords ws = {0};
    if ((size_t)start <= (size_t)(cmd - rl_line_buffer))
        for (int i = 0; i < REPL_NCOMMANDS; i++) repl_add(&ws, REPL_COMMANDS[i].name);
    else if (repl_word_is(cmd, n, "load") || repl_word_is(cmd, n, "save"))
        return rl_completion_matches(text, rl_filename_completion_function);
    else if (repl_word_is(cmd, n, "help")) repl_add_list(&ws, TOPICS);
    else if (repl_word_is(cmd, n, "list")) repl_add_list(&ws, KINDS);
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
    ReplCtx c;
    repl_ctx_init(&c, repl_self, start);
    char **m = NULL;
    if (c.in_string && repl_is(&c, 0, "import") && repl_len(&c) == 1)
        m = rl_completion_matches(text, rl_filename_completion_function);
    else if (!c.in_string) {
        ReplWords ws = {0};
        repl_candidates(repl_self, &c, &ws);
        m = repl_matches(&ws, text);
        free(ws.w);
    }
    free(c.text);
    free(c.t);
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
    return R->I->opt.color && isatty(fileno(rl_outstream)) && !(term && strcmp(term, "dumb") == 0) && !(no && *no);
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
    rl_attempted_completion_function = repl_complete;
    rl_completion_word_break_hook = repl_word_breaks;
    rl_completer_quote_characters = "\"";
    R->color = repl_want_color(R);
    R->I->report.color = R->color && isatty(STDOUT_FILENO);
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
    R->I->interrupted = &repl_sigint;
    fprintf(rl_outstream, "polsim %s - AI-chip trade policy scenarios\n"
                          "Type :help for help, Tab to complete, Ctrl-D or :quit to leave.\n", POLSIM_VERSION);
    repl_install(R);
    while (!R->quit) repl_wait(R);
    if (R->handler_on) rl_callback_handler_remove();
    R->I->interrupted = NULL;
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
int repl_run(Interp *I)
{
    Repl R = {.I = I, .tty = isatty(STDIN_FILENO)};
    repl_self = &R;
    repl_log_preloaded(&R);
    if (R.tty) repl_interactive(&R);
    else repl_batch(&R);
    fflush(stdout);
    int status = R.tty ? 0 : R.failed ? REPL_EXIT_DATAERR : I->asserts_failed ? REPL_EXIT_ASSERT : 0;
    repl_free(&R);
    return status;
}
