/* sources.c: `polsim sources NAME [FILE...]`; see sources.h. */
#include "sources.h"
#include "arena.h"
#include "budget.h"
#include "interp.h"
#include "stdlib_embed.h"
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

enum { MAX_IDS = 256, MAX_SHOWN = 64 };

/* The ids cited so far, in first-cited order (malloc'd copies). */
typedef struct Cited {
    char *ids[MAX_IDS];
    int n;
    const Entity *shown[MAX_SHOWN]; /* entities printed, so none prints twice */
    int nshown;
    json_t *notes;                  /* --format json: the texts, else NULL (owned) */
    const Entity *cur;              /* the entity whose texts are being listed */
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
static void show_text(Cited *c, const char *field, const char *text)
{
    if (c->notes)
        json_array_append_new(c->notes, json_pack("{s:s, s:s, s:s, s:s}", "kind", entity_kind_name(c->cur->kind),
                                                  "name", c->cur->name, "field", field, "text", text));
    else term_printf("  %-14s %s\n", field, text);
    cite_text(c, text);
}

/* kind NAME "title", then its source: and every figure note. */
static void show_entity(Cited *c, const Entity *e)
{
    for (int i = 0; i < c->nshown; i++)
        if (c->shown[i] == e) return;
    if (c->nshown < MAX_SHOWN) c->shown[c->nshown++] = e;
    c->cur = e;
    if (!c->notes) term_printf("%s %s%s%s%s\n", entity_kind_name(e->kind), e->name, e->display ? " \"" : "",
                          e->display ? e->display : "", e->display ? "\"" : "");
    const char *src = entity_source(e);
    if (src) show_text(c, "source", src);
    else if (e->kind != K_SCENARIO && !c->notes) printf("  %-14s (none)\n", "source"); /* a scenario has no source: field */
    for (int i = 0; e->notes && e->schema && i < e->schema->nfields; i++)
        if (e->notes[i]) show_text(c, e->schema->fields[i].name, e->notes[i]);
}

/* The definitions behind e: a cluster's chip; the subjects of a scenario's policies. */
static void show_behind(Cited *c, Env *env, const Entity *e)
{
    if (e->kind == K_CLUSTER && e->values[CL_CHIP].kind != V_NONE) {
        const Entity *chip = env_entity(env, e->values[CL_CHIP].u.s, K_CHIP);
        if (chip) show_entity(c, chip);
    }
    if (e->kind != K_SCENARIO || !e->env) return;
    size_t n;
    const Policy *const *pol = env_policies(e->env, &n);
    for (size_t i = 0; i < n; i++) {
        if (!pol[i]->subject) continue;
        static const EntityKind KINDS[] = {K_RULE, K_CHIP, K_VENDOR};
        for (int k = 0; k < 3; k++) {
            const Entity *s = env_entity(e->env, pol[i]->subject, KINDS[k]);
            if (s) show_entity(c, s);
        }
    }
}

/* The docs/sources.md text, or "" if the binary carries none. */
static const char *bibliography(void)
{
    for (const EmbeddedFile *f = polsim_doc_files; f->name; f++)
        if (strcmp(f->name, "sources.md") == 0) return f->text;
    return "";
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

/* Runs each FILE in I with its folder as the import root; false on an error. */
static bool run_files(Interp *I, char **files, int n)
{
    for (int i = 0; i < n; i++) {
        const char *slash = strrchr(files[i], '/');
        char *dir = slash ? arena_printf(&I->arena, "%.*s", slash == files[i] ? 1 : (int)(slash - files[i]), files[i])
                          : arena_strdup(&I->arena, ".");
        interp_set_root(I, dir);
        if (interp_run_file(I, files[i]) != RUN_OK) return false;
    }
    return true;
}

/* NAME as a definition, or a usage error naming the closest one. */
static const Entity *find_entity(Interp *I, const char *name, int *status)
{
    const Binding *b = env_lookup(I->main, intern_cstr(&I->names, name));
    if (b && b->entity) return b->entity;
    if (b) {
        *status = cli_usage("sources", "'%s' is a let value, not a definition: it has no sources", name);
        return NULL;
    }
    size_t n;
    const char *const *names = env_names(I->main, &n);
    const char *hint = diag_nearest(name, names, n);
    char *msg = arena_printf(&I->arena, "no definition named '%s'%s%s%s", name, hint ? " (did you mean '" : "",
                             hint ? hint : "", hint ? "'?)" : "");
    *status = cli_usage("sources", "%s", msg);
    return NULL;
}

static int status_of(const Interp *I)
{
    return I->diag.input_error ? 66 : 65;
}

/* The listing: text, or one JSON object. */
static void print_sources(Interp *I, const Entity *e, bool json)
{
    Cited c = {.notes = json ? json_array() : NULL};
    show_entity(&c, e);
    show_behind(&c, I->main, e);
    json_t *cited = json ? json_array() : NULL;
    if (!json) printf("cited (%d):\n", c.n);
    for (int i = 0; i < c.n; i++) {
        show_entry(bibliography(), c.ids[i], cited);
        free(c.ids[i]);
    }
    if (!json) return;
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o}", "type", "sources", "kind", entity_kind_name(e->kind), "name",
                          e->name, "notes", c.notes, "cited", cited);
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) : NULL;
    if (text) printf("%s\n", text);
    free(text);
    json_decref(o);
}

int sources_main(int argc, char **argv)
{
    Options opt = {.mode = MODE_RUN, .color = isatty(STDERR_FILENO) && !getenv("NO_COLOR")};
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
        else if (strcmp(argv[i], "--no-prelude") == 0) opt.no_prelude = true;
        else if (argv[i][0] == '-' && argv[i][1]) return cli_usage("sources", "unknown option '%s' for sources", argv[i]);
        else if (npos == 256) return cli_usage("sources", "too many files%s", "");
        else pos[npos++] = argv[i];
    }
    if (npos == 0) return cli_usage("sources", "'polsim sources' needs a NAME%s", "");
    const char *why;
    budget_memory(BUDGET_DEFAULT_MEMORY, &why);
    budget_time(BUDGET_DEFAULT_SECONDS);
    Interp I;
    interp_init(&I, &opt);
    int status = 0;
    if (!interp_load_prelude(&I) || !run_files(&I, pos + 1, npos - 1)) {
        status = status_of(&I);
        interp_free(&I);
        return status;
    }
    const Entity *e = find_entity(&I, pos[0], &status);
    if (e) print_sources(&I, e, json);
    interp_free(&I);
    return status;
}
