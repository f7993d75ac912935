/* texthash.h: 64-bit FNV-1a of a text. tools/embed.c stores it for each
 * embedded stdlib file and tools/astgen.c for each parsed one, so the loader
 * can tell in O(1) whether a prebuilt syntax tree belongs to the embedded text.
 * Header-only so the stand-alone embed tool needs no library. */
#ifndef POLSIM_TEXTHASH_H
#define POLSIM_TEXTHASH_H
#include <stddef.h>
#include <stdint.h>

/* Continues hash h over len more bytes. */
static inline uint64_t text_hash_more(uint64_t h, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)text[i]) * 1099511628211u;
    return h;
}

static inline uint64_t text_hash(const char *text, size_t len) { return text_hash_more(14695981039346656037u, text, len); }
#endif
