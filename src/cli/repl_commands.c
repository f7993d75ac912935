/* repl_commands.c: the REPL's meta-commands, typed as :NAME [ARG]: :help
 * [TOPIC], :list [KIND], :load FILE, :save FILE, :reset and :quit (aliases
 * :q :exit :h :?), and their dispatch.
 *
 * Ownership: paths made from an argument are malloc'd and freed by the command
 * that made them; :save writes the Repl's session log, :load adds to it and
 * :reset clears it (the log belongs to the Repl, see repl.c). */
#include "repl_internal.h"
#include "safefile.h"
#include "termtext.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    REPL_WRAP = 78,   /* :list wraps its lines here */
    REPL_INDENT = 14, /* :list: where names start */
};

/* --- file arguments ----------------------------------------------------------------- */

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

/* --- :help ------------------------------------------------------------------------ */

static const char REPL_HELP[] =
    "Type statements; a bare expression prints its value. An open '{' or '(', or a\n"
    "line ending in an operator or ',', continues on the next line (...>).\n"
    "\n"
    "Commands\n"
    "  :help [TOPIC]   this text, or a topic: statements, keywords, units, functions,\n"
    "                  examples, a kind (chip, cluster, market, vendor, rule,\n"
    "                  scenario) or a keyword (:help sweep)\n"
    "  :load FILE      run a scenario file in the current state\n"
    "  :list [KIND]    what is defined, by kind (chips, markets, values, ...);\n"
    "                  :list policies: the policies in force, as written\n"
    "  :info NAME      a name's figures and sources (a definition, a value, a function)\n"
    "  :save FILE      write this session's successful inputs as a scenario file\n"
    "  :reset          back to a fresh world with the prelude\n"
    "  :quit           leave (also Ctrl-D on an empty line, or the words quit, exit)\n"
    "\n"
    "Words\n"
    "  ans             the last value printed: ans * 2\n"
    "  EXPR -> UNIT    print a value in a unit: 1.4 TB/s -> GB/s\n"
    "  help, quit, exit  typed alone, as :help and :quit\n"
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
    "  let NAME = EXPR [\"source\"]        name a value (with its source note)\n"
    "Policies (in force from then on; 'lift POLICY' takes one back):\n"
    "  cap ATTR AMOUNT on exports [from COUNTRY] to MARKET\n"
    "  ban chip NAME in MARKET            ban vendor NAME in MARKET\n"
    "  ban export of chip|vendor NAME [from COUNTRY] to MARKET\n"
    "  license chip|vendor NAME to MARKET\n"
    "  apply rule RULE on exports [from COUNTRY] to MARKET\n"
    "  apply tariff RATE on imports [from COUNTRY] to MARKET\n"
    "  apply tariff share RATE on VENDOR sales to MARKET [passthrough SHARE] [to GOVERNMENT]\n"
    "Time (docs/language.md, Time):\n"
    "  on DATE STATEMENT, on DATE { ... } a dated definition, policy, lift or order\n"
    "  add N units of CHIP to stock       an order (with 'on DATE': delivered then)\n"
    "  EXPR at DATE, EXPR during PERIOD   read at a date; a period's flows summed\n"
    "  series EXPR, ... from A to B [by quarter|month|year]   a row per period\n"
    "  route MARKET via MARKET markup RATE [share SHARE] [risk SHARE]   a grey route\n"
    "Scenarios (a copy of the world with changes; S.NAME reads NAME in it):\n"
    "  scenario NAME [\"Title\"] [extends BASE] [without history] { statements }\n"
    "Questions:\n"
    "  print EXPR, ...                    show NAME   (or: show KIND NAME)\n"
    "  classify CHIP under RULE           explain CHIP in MARKET [under SCENARIO]\n"
    "  compare A, B, ... [on METRIC, ...] assert EXPR [\"message\"]\n"
    "  EXPR -> UNIT                       a value in a unit: 1.4 TB/s -> GB/s\n"
    "  headroom CHIP under RULE           CHIP with { FIELD: VALUE, ... }  (a variant, wherever a chip is)\n"
    "  solve largest|smallest NAME in A .. B such that CONDITION\n"
    "  import \"file.pol\"\n"
    "Expressions: + - * / with units, == != < <= > >=, and or not,\n"
    "  X within 10% of Y, X between A and B, NAME.attribute, function(args).\n"
    "Fields and attributes of a kind: :help chip (or market, ...), or NAME.<Tab>.\n";

static const char REPL_HELP_UNITS[] =
    "Numbers carry units, attached or after a space; arithmetic checks them.\n"
    "  compute   FLOPS kFLOPS MFLOPS GFLOPS TFLOPS PFLOPS EFLOPS ZFLOPS;\n"
    "            OPS GOPS TOPS POPS EOPS (INT8); PF EF are PFLOPS EFLOPS\n"
    "  data      B kB MB GB TB PB EB; KiB MiB GiB TiB PiB; bits b kb Mb Gb Tb\n"
    "            rates: TB/s, GB/s, Gb/s, ...; Mbps Gbps Tbps\n"
    "  power     W kW MW GW TW                  energy: J kJ MJ GJ Wh kWh MWh GWh TWh\n"
    "  money     $12k  $8.2M  $20B  $1.1T  $0.08/kWh  (or USD)\n"
    "  time      s h day days week weeks yr year years   area: mm2\n"
    "  counts    units unit chips; k = thousand, M = million: 300k units\n"
    "  percent   25% is 0.25\n"
    "  dates     2024-10-17, 2025-04 (a month), 2025Q1, 2025 (a year where a date is due);\n"
    "            date - date is a time, date + 90 days a date\n"
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

/* :help functions: every builtin with its usage and what it does. */
static void repl_help_functions(void)
{
    puts("Functions (call as name(args); attributes are read as NAME.attr):");
    const char *usage, *help;
    for (size_t i = 0; polsim_function(i, NULL, &usage, &help); i++) printf("  %-30s %s\n", usage, help);
}

/* :help keywords: every word of the language (tokens.h), grouped by what it does. */
static void repl_help_keywords(void)
{
    static const struct { unsigned role; const char *title; } GROUPS[] = {
        {WORD_POLICY, "Policies (statements; 'lift POLICY' takes one back)"}, {WORD_STATEMENT, "Statements"},
        {WORD_KIND, "Kinds of definition (:help KIND for the fields)"}, {WORD_OPERATOR, "Operators"},
        {WORD_VALUE, "Values"}, {WORD_CLAUSE, "Words inside statements"},
    };
    puts("Keywords (reserved: none can name a definition); :help WORD shows how one is written.");
    unsigned done = 0;
    for (size_t g = 0; g < sizeof GROUPS / sizeof GROUPS[0]; g++) {
        printf("%s:\n", GROUPS[g].title);
        const WordInfo *w;
        for (size_t i = 0; (w = lex_word(i)); i++)
            if ((w->roles & GROUPS[g].role) && !(w->roles & done)) printf("  %-12s %s\n", w->word, w->help);
        done |= GROUPS[g].role;
    }
}

/* :help WORD for a keyword: how it is written and what it does. */
static void repl_help_word(const WordInfo *w)
{
    printf("%s\n  %s\n", w->usage, w->help);
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
static void repl_help_kind(polsim_kind kind)
{
    if (kind == POLSIM_SCENARIO) {
        puts("scenario NAME [\"Title\"] [extends BASE] { statements }\n"
             "  runs its statements on a copy of BASE (or of the main world).\n"
             "  S.NAME reads NAME in the scenario's final state: S.China.units.\n"
             "  compare S1, S2 on EXPR, ... puts scenarios side by side.");
        return;
    }
    printf("define %s NAME [\"Title\"] [like OTHER] { FIELD: VALUE [\"source note\"]; ... }\n", polsim_kind_name(kind));
    const char *name, *help;
    int required;
    for (size_t i = 0; polsim_field(kind, i, &name, &help, &required); i++)
        printf("  %-16s %s%s\n", name, help, required ? " (required)" : "");
    size_t n = 0;
    for (const char *d; n < 32 && (d = polsim_derived(kind, n)); n++) {
        if (!n) fputs("derived, read as NAME.attr:", stdout);
        printf(" %s", d);
    }
    if (n) putchar('\n');
}

/* :help [TOPIC] */
static int repl_cmd_help(Repl *R, const char *arg)
{
    static const char *const TOPICS[] = {"statements", "keywords", "units", "functions", "examples", "chip",
                                         "cluster", "market", "vendor", "rule", "scenario"};
    int kind = repl_kind_of_word(arg, strlen(arg));
    const WordInfo *word = lex_word_find(arg, strlen(arg));
    if (!*arg) {
        fputs(REPL_HELP, stdout);
        if (R->history) printf("History is kept in %s.\n", R->history);
    } else if (strcmp(arg, "statements") == 0) fputs(REPL_HELP_STATEMENTS, stdout);
    else if (strcmp(arg, "units") == 0) fputs(REPL_HELP_UNITS, stdout);
    else if (strcmp(arg, "functions") == 0) repl_help_functions();
    else if (strcmp(arg, "examples") == 0) fputs(REPL_HELP_EXAMPLES, stdout);
    else if (strcmp(arg, "keywords") == 0) repl_help_keywords();
    else if (kind >= 0) repl_help_kind((polsim_kind)kind);
    else if (word) repl_help_word(word);
    else {
        const char *names[128];
        size_t n = 0;
        for (; n < sizeof TOPICS / sizeof TOPICS[0]; n++) names[n] = TOPICS[n];
        for (size_t i = 0; lex_word(i) && n < sizeof names / sizeof names[0]; i++) names[n++] = lex_word(i)->word;
        const char *hint = diag_nearest(arg, names, n);
        if (hint) diag_plain(&R->diag, DC_INPUT, "no help topic '%s'; did you mean '%s'?", arg, hint);
        else diag_plain(&R->diag, DC_INPUT, "no help topic '%s'; topics: statements, keywords (or a keyword), "
                        "units, functions, examples, chip, cluster, market, vendor, rule, scenario", arg);
        return REPL_EXIT_DATAERR;
    }
    return 0;
}

/* --- :list ------------------------------------------------------------------------ */

static const struct {
    const char *label;
    int kind;
} REPL_GROUPS[] = {
    {"vendors", POLSIM_VENDOR}, {"chips", POLSIM_CHIP}, {"clusters", POLSIM_CLUSTER}, {"markets", POLSIM_MARKET},
    {"rules", POLSIM_RULE}, {"scenarios", POLSIM_SCENARIO}, {"values", POLSIM_LET},
};
enum { REPL_NGROUPS = sizeof REPL_GROUPS / sizeof REPL_GROUPS[0] };

/* The kind of the name bound as name (POLSIM_UNBOUND for none), its details in *info. */
static int repl_name_kind(Repl *R, const char *name, polsim_info *info)
{
    return polsim_lookup(R->s, name, NULL, info) && info->kind <= POLSIM_LET ? (int)info->kind : (int)POLSIM_UNBOUND;
}

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
    term_fputs(item, stdout);
    *col += n;
}

/* Prints the names of one group (let values with their value); false if none. */
static bool repl_list_group(Repl *R, int g)
{
    int count = 0, col = REPL_INDENT;
    size_t n = polsim_name_count(R->s);
    polsim_info info;
    for (size_t i = 0; i < n; i++) count += repl_name_kind(R, polsim_name(R->s, i), &info) == REPL_GROUPS[g].kind;
    if (!count) return false;
    char label[32], item[160], val[128];
    snprintf(label, sizeof label, "%s (%d)", REPL_GROUPS[g].label, count);
    printf("%-*s", REPL_INDENT, label);
    for (size_t i = 0; i < n; i++) {
        if (repl_name_kind(R, polsim_name(R->s, i), &info) != REPL_GROUPS[g].kind) continue;
        if (info.kind != POLSIM_LET) snprintf(item, sizeof item, "%s", info.name);
        else {
            snprintf(val, sizeof val, "%s", info.value); /* cut as :list always cut it */
            snprintf(item, sizeof item, "%s = %s", info.name, val);
        }
        repl_list_item(&col, item);
    }
    putchar('\n');
    return true;
}

/* :list [KIND] */
static int repl_cmd_list(Repl *R, const char *arg)
{
    int kind = -1; /* all */
    if (strcmp(arg, "policies") == 0 || strcmp(arg, "policy") == 0) return repl_list_policies(R) ? 0 : REPL_EXIT_DATAERR;
    if (*arg) {
        kind = strcmp(arg, "let") == 0 || strcmp(arg, "value") == 0 || strcmp(arg, "values") == 0
                   ? (int)POLSIM_LET : repl_kind_of_word(arg, strlen(arg));
        if (kind < 0) {
            diag_plain(&R->diag, DC_INPUT, "':list' takes a kind: chips, clusters, markets, vendors, rules, "
                       "scenarios, values or policies, not '%s'", arg);
            return REPL_EXIT_DATAERR;
        }
    }
    bool any = false;
    const char *label = "names";
    for (int g = 0; g < REPL_NGROUPS; g++)
        if (kind < 0 || kind == REPL_GROUPS[g].kind) {
            any |= repl_list_group(R, g);
            if (kind >= 0) label = REPL_GROUPS[g].label;
        }
    if (!any) printf("no %s defined\n", label);
    return 0;
}

/* --- :load, :reset, :quit ------------------------------------------------------------ */

/* :load FILE: runs it here, with imports allowed inside its own folder.
 * A file that cannot be read is REPL_EXIT_NOINPUT, other failures _DATAERR. */
static int repl_cmd_load(Repl *R, const char *arg)
{
    char *path = repl_path_arg(arg), *dir = repl_dir_of(path);
    size_t before = polsim_name_count(R->s);
    int st;
    bool ok = repl_exec(R, path, NULL, 0, dir, 0, &st); /* imports may reach the file's folder */
    bool stopped = repl_after_run(ok), unread = st == POLSIM_NOINPUT;
    size_t after = polsim_name_count(R->s);
    char real[PATH_MAX + 1];
    int status = 0;
    if (ok && realpath(path, real)) {
        repl_log_add(R, real, true);
        size_t added = after - before;
        term_printf("loaded %s (%zu new name%s)\n", path, added, added == 1 ? "" : "s");
    } else {
        status = unread ? REPL_EXIT_NOINPUT : REPL_EXIT_DATAERR;
        if (after > before && !stopped) fprintf(stderr, "(definitions made before the error are kept)\n");
    }
    free(dir);
    free(path);
    return status;
}

/* :reset: a fresh interpreter with the prelude; the options stay. */
static int repl_cmd_reset(Repl *R, const char *arg)
{
    (void)arg;
    bool ok = polsim_reset(R->s) == POLSIM_OK; /* the options, output and interrupt flag stay */
    R->failed = 0;
    repl_log_clear(R);
    if (!ok) fprintf(stderr, "polsim: the prelude failed to load\n");
    else puts(!R->opt->stdlib ? "fresh, empty world (--no-prelude)" : "fresh world with the prelude");
    return ok ? 0 : REPL_EXIT_DATAERR;
}

/* :quit */
static int repl_cmd_quit(Repl *R, const char *arg)
{
    (void)arg;
    R->quit = true;
    return 0;
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

/* Appends s as a polsim string literal. */
static void repl_buf_string(ReplBuf *b, const char *s)
{
    repl_buf_str(b, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') repl_buf_str(b, "\\");
        repl_buf_add(b, s, 1);
    }
    repl_buf_str(b, "\"");
}

/* What :save writes after its header, and whether running it needs
 * --allow-any-import (it imports from outside its folder, or an absolute path). */
typedef struct ReplSave {
    char *dir; /* the canonical folder of the file being written; malloc'd */
    ReplBuf body;
    bool outside;
} ReplSave;

/* An import of the canonical path real, written relative to the saved file's folder. */
static void repl_save_import(ReplSave *sv, const char *real)
{
    char *rel = repl_relative(sv->dir, real);
    repl_buf_string(&sv->body, rel);
    sv->outside |= !repl_path_inside(sv->dir, real);
    free(rel);
}

/* Copying a statement: where it is, and whether the last token was 'import'. */
typedef struct ReplCopy {
    ReplSave *sv;
    const char *text;
    size_t copied; /* text before this is in sv->body */
    bool after_import;
} ReplCopy;

/* TokenFn: copies the statement, rewriting the path of each relative import
 * (resolved, as the REPL did, from the current folder) to be relative to the
 * saved file's folder. A path that no longer resolves stays as typed. */
static bool repl_copy_token(void *data, const Token *t)
{
    ReplCopy *c = data;
    bool import_path = c->after_import && t->kind == TOK_STRING;
    c->after_import = t->kind == TOK_KEYWORD && repl_word_is(c->text + t->start, t->end - t->start, "import");
    if (!import_path) return true;
    char *real = t->value[0] == '/' ? NULL : realpath(t->value, NULL);
    c->sv->outside |= t->value[0] == '/';
    if (!real) return true;
    repl_buf_add(&c->sv->body, c->text + c->copied, t->start - c->copied);
    repl_save_import(c->sv, real);
    c->copied = t->end;
    free(real);
    return true;
}

/* Appends a statement of the session, its imports rewritten (repl_copy_token). */
static void repl_save_statement(ReplSave *sv, const char *text)
{
    size_t len = strlen(text);
    ReplCopy c = {.sv = sv, .text = text};
    lex_tokens(text, len, repl_copy_token, &c);
    repl_buf_add(&sv->body, text + c.copied, len - c.copied);
    if (!len || text[len - 1] != '\n') repl_buf_str(&sv->body, "\n");
}

/* The saved file's inputs: statements, and an import for each file loaded. */
static void repl_save_body(const Repl *R, ReplSave *sv)
{
    repl_buf_add(&sv->body, "", 0);
    for (size_t i = 0; i < R->nlog; i++) {
        if (!R->log[i].is_file) {
            repl_save_statement(sv, R->log[i].text);
            continue;
        }
        repl_buf_str(&sv->body, "import ");
        repl_save_import(sv, R->log[i].text);
        repl_buf_str(&sv->body, "   # loaded in the session\n");
    }
}

/* The saved file's text: a header saying how to run it, then the body; malloc'd. */
static char *repl_save_text(const Repl *R, const ReplSave *sv, const char *name)
{
    char when[64];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&now));
    ReplBuf b = {0};
    repl_buf_str(&b, "# polsim session saved with :save on ");
    repl_buf_str(&b, when);
    repl_buf_str(&b, "\n# run it with: polsim ");
    if (!R->opt->stdlib) repl_buf_str(&b, "--no-prelude ");
    if (!R->opt->history) repl_buf_str(&b, "--no-history ");
    if (sv->outside) repl_buf_str(&b, "--allow-any-import ");
    repl_buf_str(&b, name);
    repl_buf_str(&b, "\n");
    repl_buf_add(&b, sv->body.s, sv->body.len);
    return b.s;
}

/* :save FILE, written through safefile.h: never through a symbolic link or
 * over a device, and the old file whole until the new one is. Imports are
 * made relative to the real folder the file goes in. */
static int repl_cmd_save(Repl *R, const char *arg)
{
    char *path = repl_path_arg(arg), why[256];
    ReplSave sv = {0};
    SafeFile *f = safefile_open(path, NULL, why, sizeof why);
    bool ok = f != NULL;
    if (ok) {
        const char *base = strrchr(path, '/');
        sv.dir = xstrdup(safefile_dir(f));
        repl_save_body(R, &sv);
        char *text = repl_save_text(R, &sv, base ? base + 1 : path);
        ok = fputs(text, safefile_stream(f)) >= 0;
        if (!ok) snprintf(why, sizeof why, "%s", strerror(errno)), safefile_abort(f);
        else ok = safefile_commit(f, why, sizeof why);
        free(text);
    }
    if (!ok) diag_plain(&R->diag, DC_INPUT, "cannot write '%s': %s", path, why);
    else term_printf("saved %zu input%s to %s\n", R->nlog, R->nlog == 1 ? "" : "s", path);
    if (ok && sv.outside) printf("(it imports files outside its folder: run it with --allow-any-import)\n");
    free(sv.body.s);
    free(sv.dir);
    free(path);
    return ok ? 0 : REPL_EXIT_DATAERR;
}

/* --- meta-commands ------------------------------------------------------------------- */

typedef struct ReplCommand {
    const char *name;
    bool takes_arg;  /* false: refuses one; true: needs one unless optional */
    bool optional;
    int (*run)(Repl *R, const char *arg); /* 0, or the exit status its failure asks for */
} ReplCommand;

static const ReplCommand REPL_COMMANDS[] = {
    {"help", true, true, repl_cmd_help},   {"load", true, false, repl_cmd_load},
    {"list", true, true, repl_cmd_list},   {"save", true, false, repl_cmd_save},
    {"reset", false, false, repl_cmd_reset}, {"quit", false, false, repl_cmd_quit},
    {"info", true, false, repl_cmd_info},
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

/* The name of meta-command i: see repl_internal.h. */
const char *repl_command_name(int i) { return i >= 0 && i < REPL_NCOMMANDS ? REPL_COMMANDS[i].name : NULL; }

/* Reports an unknown meta-command with the nearest known one. */
static void repl_unknown_command(Repl *R, const char *name)
{
    const char *names[REPL_NCOMMANDS];
    for (int i = 0; i < REPL_NCOMMANDS; i++) names[i] = REPL_COMMANDS[i].name;
    const char *hint = diag_nearest(name, names, REPL_NCOMMANDS);
    if (hint) diag_plain(&R->diag, DC_INPUT, "unknown command ':%s'; did you mean ':%s'? (:help lists them)", name, hint);
    else diag_plain(&R->diag, DC_INPUT, "unknown command ':%s'; the commands are :help, :load, :list, :save, "
                    ":info, :reset and :quit", name);
}

/* Runs a meta-command; line is the text after ':'. */
void repl_meta(Repl *R, const char *line)
{
    char *text = repl_trim_dup(line);
    size_t n = strcspn(text, " \t");
    char *arg = text + n + strspn(text + n, " \t");
    text[n] = '\0';
    const ReplCommand *c = repl_command(text);
    int status = REPL_EXIT_DATAERR;
    if (!c) repl_unknown_command(R, text);
    else if (!c->takes_arg && *arg) diag_plain(&R->diag, DC_INPUT, "':%s' takes no argument", c->name);
    else if (c->takes_arg && !c->optional && !*arg)
        diag_plain(&R->diag, DC_INPUT, "usage: :%s %s", c->name, c->run == repl_cmd_info ? "NAME" : "FILE");
    else status = c->run(R, arg);
    if (status) repl_failed(R, status);
    fflush(stdout);
    free(text);
}
