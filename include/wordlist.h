/* wordlist.h: a growing list of candidate words, for completion (the REPL's
 * and the language server's, src/run/complete.c and src/cli/repl_complete.c).
 *
 * Ownership: the array is malloc'd and the caller frees it (free(list.w));
 * the words are borrowed (static tables, the session's names). */
#ifndef WORDLIST_H
#define WORDLIST_H
#include <stddef.h>

typedef struct WordList {
    const char **w;
    size_t n, cap;
    const char *suffix; /* added to each match (":" after a field name), or NULL */
} WordList;

/* Appends one word. */
void wordlist_add(WordList *ws, const char *w);
/* Appends the words of the language (tokens.h) that have one of the roles. */
void wordlist_add_words(WordList *ws, unsigned roles);
/* Appends a NULL-terminated list of words. */
void wordlist_add_list(WordList *ws, const char *const *list);
#endif
