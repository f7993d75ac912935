/* sources.c: `polsim sources NAME [FILE...]`; see sources.h. */
#include "sources.h"
#include "arena.h"
#include "diag.h"
#include "polsim.h"
#include "termtext.h"
#include "usage.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char SOURCES_USAGE[] =
    "usage: polsim sources NAME [FILE...]\n"
    "\n"
    "The sources behind a chip, cluster, market, vendor, rule or scenario: its\n"
    "source: text and figure notes, then the entry of docs/sources.md for every\n"
    "id they cite (\"[id, id] label; ...\"). A cluster adds its chip's sources; a\n"
    "scenario those of the rules, chips and vendors its policies name. FILEs run\n"
    "first, so NAME may be one of their definitions.\n"
    "\n"
    "options:\n"
    "  --format text|json  json: one object {\"type\":\"sources\", \"name\", \"notes\": [...],\n"
    "                 \"cited\": [...]} with each entry's fields (\"found\": false if missing)\n"
    "  --no-prelude   start with an empty world (no stdlib)\n"
    "  -h, --help     this help\n"
    "\n"
    "exit status: 0 listed, 2 wrong usage or an unknown NAME, 65 an error in a\n"
    "FILE, 66 a FILE that cannot be read.\n";

enum { MAX_IDS = 256 };

/* The ids cited so far, in first-cited order (malloc'd copies). */
typedef struct Cited {
    char *ids[MAX_IDS];
    int n;
    json_t *notes;                  /* --format json: the texts, else NULL (owned) */
} Cited;

static void cite_id(Cited *c, const char *id, size_t len)
{
    for (int i = 0; i < c->n; i++)
        if (strlen(c->ids[i]) == len && memcmp(c->ids[i], id, len) == 0) return;
    if (c->n == MAX_IDS) return;
    char *copy = xmalloc(len + 1);
    memcpy(copy, id, len);
    copy[len] = '\0';
    c->ids[c->n++] = copy;
}

/* citation := "[" id ("," id)* "]" at the start of text; records the ids. */
static void cite_text(Cited *c, const char *text)
{
    if (!text || text[0] != '[') return;
    const char *end = strchr(text, ']');
    if (!end) return;
    for (const char *p = text + 1; p < end;) {
        while (p < end && (*p == ' ' || *p == ',')) p++;
        const char *q = p;
        while (q < end && *q != ',') q++;
        const char *r = q;
        while (r > p && r[-1] == ' ') r--;
        if (r > p) cite_id(c, p, (size_t)(r - p));
        p = q;
    }
}

/* One line "  FIELD  TEXT" (or a JSON note) and the ids TEXT cites. */
static void show_text(Cited *c, polsim_kind kind, const char *name, const char *field, const char *text)
{
    if (c->notes)
        json_array_append_new(c->notes, json_pack("{s:s, s:s, s:s, s:s}", "kind", polsim_kind_name(kind), "name", name,
                                                  "field", field, "text", text));
    else term_printf("  %-14s %s\n", field, text);
    cite_text(c, text);
}

/* polsim_note_fn: a definition (field NULL: kind NAME "title", then its
 * source: text) or one of its figure notes. */
static void show_note(void *data, polsim_kind kind, const char *name, const char *title, const char *field,
                      const char *text)
{
    Cited *c = data;
    if (field) {
        show_text(c, kind, name, field, text);
        return;
    }
    if (!c->notes) term_printf("%s %s%s%s%s\n", polsim_kind_name(kind), name, title ? " \"" : "", title ? title : "",
                               title ? "\"" : "");
    if (text) show_text(c, kind, name, "source", text);
    else if (kind != POLSIM_SCENARIO && !c->notes) printf("  %-14s (none)\n", "source"); /* a scenario has no source: field */
}

/* The docs/sources.md text, or "" if the binary carries none. */
static const char *bibliography(void)
{
    const char *text = polsim_doc("sources.md");
    return text ? text : "";
}

/* The value of "- key: value" in the entry starting at p, up to its end. */
static void entry_field(const char *p, const char *end, const char *key, const char **v, int *len)
{
    size_t kl = strlen(key);
    *v = NULL;
    *len = 0;
    for (; p && p < end; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, "- ", 2) != 0 || strncmp(p + 2, key, kl) != 0 || strncmp(p + 2 + kl, ": ", 2) != 0) continue;
        *v = p + 4 + kl;
        const char *nl = strchr(*v, '\n');
        *len = (int)(nl ? nl - *v : (long)strlen(*v));
        return;
    }
}

static const char *const KEYS[] = {"publisher", "title", "date", "url", "supports"};

/* An entry as a JSON object: its id, found, and the fields it has. */
static json_t *entry_json(const char *id, const char *const v[5], const int len[5], bool found)
{
    json_t *o = json_pack("{s:s, s:b}", "id", id, "found", found);
    for (int k = 0; found && k < 5; k++)
        if (v[k]) json_object_set_new(o, KEYS[k], json_stringn(v[k], (size_t)len[k]));
    return o;
}

/* entry := "### " id "\n" ("- " key ": " value "\n")*, ended by the next
 * heading. Printed, or appended to cited when it is a JSON array. */
static void show_entry(const char *bib, const char *id, json_t *cited)
{
    const char *v[5] = {0};
    int len[5] = {0};
    size_t il = strlen(id);
    const char *p = bib;
    for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, "### ", 4) == 0 && strncmp(p + 4, id, il) == 0 && (p[4 + il] == '\n' || !p[4 + il])) break;
    if (!p || !*p) {
        if (cited) json_array_append_new(cited, entry_json(id, v, len, false));
        else term_printf("  %s\n    (not in docs/sources.md)\n", id);
        return;
    }
    const char *body = strchr(p, '\n');
    body = body ? body + 1 : p + strlen(p);
    const char *end = body;
    while (*end && !(end[0] == '#' && (end == body || end[-1] == '\n'))) end++;
    for (int k = 0; k < 5; k++) entry_field(body, end, KEYS[k], &v[k], &len[k]);
    if (cited) {
        json_array_append_new(cited, entry_json(id, v, len, true));
        return;
    }
    term_printf("  %s\n   ", id);
    for (int k = 0; k < 3; k++) /* "publisher. title. date." (no ".." after an abbreviation) */
        if (v[k]) term_printf(" %.*s%s", len[k], v[k], len[k] && v[k][len[k] - 1] == '.' ? "" : ".");
    printf("\n");
    if (v[3]) term_printf("    %.*s\n", len[3], v[3]);
    if (v[4]) term_printf("    supports: %.*s\n", len[4], v[4]);
}

/* Runs each FILE with its folder as the import root; 0, or the exit status of an error. */
static int run_files(polsim_session *s, char **files, int n)
{
    for (int i = 0; i < n; i++) {
        polsim_status st = polsim_result_status(polsim_run_ex(s, files[i], NULL, 0, NULL, POLSIM_RUN_SHARED_BUDGET));
        if (st == POLSIM_NOINPUT || st == POLSIM_ERROR) return (int)st;
    }
    return 0;
}

/* NAME is no definition: the usage error, naming the closest one. */
static int not_found(polsim_session *s, const char *name)
{
    polsim_info info;
    if (polsim_lookup(s, name, NULL, &info) && info.kind == POLSIM_LET)
        return cli_usage("sources", "'%s' is a let value, not a definition: it has no sources", name);
    size_t n = polsim_name_count(s);
    const char **names = xmalloc((n ? n : 1) * sizeof *names);
    for (size_t i = 0; i < n; i++) names[i] = polsim_name(s, i);
    const char *hint = diag_nearest(name, names, n);
    size_t len = strlen(name) + (hint ? strlen(hint) : 0) + 64;
    char *msg = xmalloc(len);
    snprintf(msg, len, "no definition named '%s'%s%s%s", name, hint ? " (did you mean '" : "", hint ? hint : "",
             hint ? "'?)" : "");
    int status = cli_usage("sources", "%s", msg);
    free(msg);
    free(names);
    return status;
}

/* The listing: text, or one JSON object; 0, or a usage error's status. */
static int print_sources(polsim_session *s, const char *name, bool json)
{
    Cited c = {.notes = json ? json_array() : NULL};
    polsim_info info;
    if (!polsim_lookup(s, name, NULL, &info) || info.kind >= POLSIM_LET || !polsim_notes(s, name, show_note, &c)) {
        json_decref(c.notes);
        return not_found(s, name);
    }
    json_t *cited = json ? json_array() : NULL;
    if (!json) printf("cited (%d):\n", c.n);
    for (int i = 0; i < c.n; i++) {
        show_entry(bibliography(), c.ids[i], cited);
        free(c.ids[i]);
    }
    if (!json) return 0;
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o}", "type", "sources", "kind", polsim_kind_name(info.kind), "name",
                          info.name, "notes", c.notes, "cited", cited);
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) : NULL;
    if (text) printf("%s\n", text);
    free(text);
    json_decref(o);
    return 0;
}

int sources_main(int argc, char **argv)
{
    polsim_options opt;
    polsim_options_init(&opt);
    opt.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    opt.diagnostics = stderr;
    opt.max_steps = 0; /* as it always ran: no step limit, the clock and memory cap only */
    char *pos[256];
    int npos = 0;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(SOURCES_USAGE, stdout);
            return 0;
        }
        const char *f = strncmp(argv[i], "--format=", 9) == 0 ? argv[i] + 9
                        : strcmp(argv[i], "--format") == 0 && i + 1 < argc ? argv[++i] : NULL;
        if (f && strcmp(f, "json") != 0 && strcmp(f, "text") != 0)
            return cli_usage("sources", "unknown format '%s' for sources (use text or json)", f);
        if (f) json = strcmp(f, "json") == 0;
        else if (strcmp(argv[i], "--format") == 0) return cli_usage("sources", "--format needs a value%s", "");
        else if (strcmp(argv[i], "--no-prelude") == 0) opt.stdlib = 0;
        else if (argv[i][0] == '-' && argv[i][1]) return cli_usage("sources", "unknown option '%s' for sources", argv[i]);
        else if (npos == 256) return cli_usage("sources", "too many files%s", "");
        else pos[npos++] = argv[i];
    }
    if (npos == 0) return cli_usage("sources", "'polsim sources' needs a NAME%s", "");
    const char *why;
    polsim_limit_memory(POLSIM_DEFAULT_MEMORY, &why);
    polsim_limit_time(POLSIM_DEFAULT_SECONDS);
    polsim_status st;
    polsim_session *s = polsim_open_ex(&opt, &st, NULL, 0);
    if (!s) return st == POLSIM_NOINPUT ? 66 : 65;
    int status = run_files(s, pos + 1, npos - 1);
    if (!status) status = print_sources(s, pos[0], json);
    polsim_close(s);
    return status;
}
