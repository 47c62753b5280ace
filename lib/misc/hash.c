/* Hash map of borrowed string keys (hash.h), open addressing with linear
 * probing: the entries live in one array, so that putting ten thousand
 * LVs into a lookup is not ten thousand mallocs (and their frees). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "misc/hash.h"
#include "misc/xalloc.h"

struct entry {
	const char *key; /* NULL: empty; &removed: an entry was removed here */
	void *val;
	uint32_t code;
	uint32_t seq; /* order of the puts: among equal keys the first wins */
};

struct hash {
	struct entry *slots;
	size_t n_slots; /* a power of two */
	size_t n;       /* entries */
	size_t used;    /* entries and removal marks: what fills the probes */
	uint32_t seq;
};

/* A removed entry's slot keeps this mark, so that probes go on past it. */
static const char removed[] = "";

/* FNV-1a: short keys (LV names, 32-byte ids), no adversary to fear beyond
 * a slow lookup, since the table grows with its entries.  (A hash eight
 * bytes a step was slower on these keys, with its strlen.) */
static uint32_t hash_code(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

struct hash *hash_new(void)
{
	struct hash *h = xcalloc(1, sizeof(*h));
	h->n_slots = 16;
	h->slots = xcalloc(h->n_slots, sizeof(*h->slots));
	return h;
}

void hash_free(struct hash *h)
{
	if (!h)
		return;
	free(h->slots);
	free(h);
}

static void insert(struct hash *h, struct entry e)
{
	size_t mask = h->n_slots - 1, i;

	for (i = e.code & mask; h->slots[i].key; i = (i + 1) & mask)
		;
	h->slots[i] = e;
}

/* Keep entries and marks at most half of the slots, so that probes stay
 * short; rebuilt, the table loses its marks.  The size doubles only when
 * the entries themselves need it. */
static void rebuild(struct hash *h)
{
	struct entry *old = h->slots;
	size_t old_n = h->n_slots;

	if ((h->n + 1) * 2 > h->n_slots)
		h->n_slots *= 2;
	h->slots = xcalloc(h->n_slots, sizeof(*h->slots));
	for (size_t i = 0; i < old_n; i++)
		if (old[i].key && old[i].key != removed)
			insert(h, old[i]);
	h->used = h->n;
	free(old);
}

void hash_put(struct hash *h, const char *key, void *val)
{
	struct entry e = {key, val, hash_code(key), h->seq++};

	if ((h->used + 1) * 2 > h->n_slots)
		rebuild(h);
	insert(h, e);
	h->n++;
	h->used++;
}

/* The entry for `key` put first (and mapping to `val` unless `val` is
 * NULL), or NULL.  Equal keys share a run of the probe sequence but not
 * its order, hence the seq. */
static struct entry *find(const struct hash *h, const char *key, const void *val)
{
	uint32_t code = hash_code(key);
	size_t mask = h->n_slots - 1;
	struct entry *best = NULL;

	for (size_t i = code & mask; h->slots[i].key; i = (i + 1) & mask) {
		struct entry *e = &h->slots[i];
		if (e->code == code && e->key != removed && (!val || e->val == val) &&
		    !strcmp(e->key, key) && (!best || e->seq < best->seq))
			best = e;
	}
	return best;
}

void *hash_get(const struct hash *h, const char *key)
{
	struct entry *e = find(h, key, NULL);
	return e ? e->val : NULL;
}

void hash_del(struct hash *h, const char *key, const void *val)
{
	struct entry *e = val ? find(h, key, val) : NULL;

	if (!e)
		return;
	e->key = removed;
	e->val = NULL;
	h->n--;
}

size_t hash_count(const struct hash *h)
{
	return h->n;
}
