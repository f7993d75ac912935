/* wordlist.c: candidate words for completion; see wordlist.h. */
#include "wordlist.h"
#include "arena.h"
#include "tokens.h"

void wordlist_add(WordList *ws, const char *w)
{
    if (ws->n == ws->cap) {
        ws->cap = ws->cap ? ws->cap * 2 : 64;
        ws->w = xrealloc(ws->w, ws->cap * sizeof *ws->w);
    }
    ws->w[ws->n++] = w;
}

void wordlist_add_words(WordList *ws, unsigned roles)
{
    const WordInfo *w;
    for (size_t i = 0; (w = lex_word(i)); i++)
        if (w->roles & roles) wordlist_add(ws, w->word);
}

void wordlist_add_list(WordList *ws, const char *const *list)
{
    for (; *list; list++) wordlist_add(ws, *list);
}
