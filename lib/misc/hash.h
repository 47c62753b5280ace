/* A map from strings to pointers, for the model's lookups by name and id.
 *
 * A VG may hold ten thousand LVs and every command asks for some of them
 * by name; a scan of the list per question makes a command quadratic.
 * Keys are not copied: each key must stay allocated, unchanged, as long as
 * its entry (the model keys LVs by their own name and id strings).  Two
 * entries may share a key; lookup returns the one put first, which is
 * what a scan in list order finds. */
#ifndef VGTOOL_HASH_H
#define VGTOOL_HASH_H

#include <stddef.h>

struct hash;

struct hash *hash_new(void);
void hash_free(struct hash *h); /* NULL is fine */
void hash_put(struct hash *h, const char *key, void *val);
void *hash_get(const struct hash *h, const char *key);
/* Remove the entry for `key` that maps to `val`; nothing when none does. */
void hash_del(struct hash *h, const char *key, const void *val);
size_t hash_count(const struct hash *h);

#endif
