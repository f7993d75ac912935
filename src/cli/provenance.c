/* provenance.c: see provenance.h. */
#include "provenance.h"
#include "arena.h"
#include "texthash.h"
#include "version.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The name without its folder: the same file hashes alike wherever it is. */
static const char *base_name(const char *name)
{
    const char *slash = strrchr(name, '/');
    return slash ? slash + 1 : name;
}

/* The date of a `# data: YYYY-MM-DD` line at the start of a line of text, or "unknown". */
static void data_date(const polsim_source_info *prelude, char out[16])
{
    static const char TAG[] = "# data: ";
    strcpy(out, "unknown");
    for (const char *p = prelude->text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, TAG, sizeof TAG - 1) != 0) continue;
        p += sizeof TAG - 1;
        size_t n = strspn(p, "0123456789-");
        if (n == 10) {
            memcpy(out, p, n);
            out[n] = '\0';
        }
        return;
    }
}

void provenance_of(const polsim_session *session, bool with_prelude, Provenance *p)
{
    polsim_source_info first, s;
    p->hash = text_hash("", 0);
    p->nfiles = polsim_source_count(session);
    strcpy(p->data_date, "none");
    p->history[0] = '\0';
    if (with_prelude && polsim_source(session, 0, &first) && strcmp(base_name(first.name), "prelude.pol") == 0)
        data_date(&first, p->data_date);
    for (size_t i = 0; polsim_source(session, i, &s); i++) {
        const char *name = base_name(s.name);
        char len[32];
        int n = snprintf(len, sizeof len, "%zu", s.len);
        p->hash = text_hash_more(p->hash, name, strlen(name) + 1); /* with its NUL: names cannot run together */
        p->hash = text_hash_more(p->hash, len, (size_t)n + 1);
        p->hash = text_hash_more(p->hash, s.text, s.len);
    }
}

/* A file name as a JSON string; in a name that is not valid UTF-8, every
 * byte past ASCII becomes U+FFFD, so the name is never dropped. */
static json_t *json_name(const char *name)
{
    json_t *j = json_string(name);
    if (j) return j;
    char *clean = xmalloc(3 * strlen(name) + 1), *q = clean;
    for (const char *p = name; *p; p++) {
        if ((unsigned char)*p < 0x80) {
            *q++ = *p;
        } else {
            memcpy(q, "\xEF\xBF\xBD", 3);
            q += 3;
        }
    }
    *q = '\0';
    j = json_string(clean);
    free(clean);
    return j;
}

void provenance_print(FILE *out, polsim_format format, const Provenance *p, const polsim_session *session)
{
    char hash[32];
    snprintf(hash, sizeof hash, "fnv1a64:%016llx", (unsigned long long)p->hash);
    if (format != POLSIM_JSON) {
        fprintf(out, "# polsim %s \xC2\xB7 stdlib data %s%s%s \xC2\xB7 files %s (%zu file%s)\n", POLSIM_VERSION,
                p->data_date, p->history[0] ? " \xC2\xB7 history to " : "", p->history, hash, p->nfiles,
                p->nfiles == 1 ? "" : "s");
        return;
    }
    json_t *names = json_array(), *each = json_array();
    polsim_source_info s;
    for (size_t i = 0; polsim_source(session, i, &s); i++) {
        char one[32];
        snprintf(one, sizeof one, "fnv1a64:%016llx", (unsigned long long)text_hash(s.text, s.len));
        json_array_append_new(names, json_name(s.name));
        json_array_append_new(each, json_pack("{s:o, s:I, s:s}", "file", json_name(s.name), "bytes",
                                              (json_int_t)s.len, "hash", one));
    }
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "type", "provenance", "polsim", POLSIM_VERSION,
                          "stdlib_data", p->data_date, "files_hash", hash, "nfiles", (json_int_t)p->nfiles,
                          "files", names, "sources", each);
    if (o && p->history[0]) json_object_set_new(o, "history_to", json_string(p->history));
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    if (text) fprintf(out, "%s\n", text);
    free(text);
    json_decref(o);
}
