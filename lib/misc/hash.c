/* Chained hash map of borrowed string keys (hash.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "misc/hash.h"
#include "misc/xalloc.h"

struct entry {
	const char *key;
	void *val;
	uint32_t code;
	struct entry *next;
};

struct hash {
	struct entry **slots;
	size_t n_slots; /* a power of two */
	size_t n;
};

/* FNV-1a: short keys (LV names, 32-byte ids), no adversary to fear beyond
 * a slow lookup, since the table grows with its entries. */
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
	for (size_t i = 0; i < h->n_slots; i++)
		for (struct entry *e = h->slots[i], *next; e; e = next) {
			next = e->next;
			free(e);
		}
	free(h->slots);
	free(h);
}

/* Double the slots, keeping each chain's order (the first put stays
 * first among equal keys). */
static void grow(struct hash *h)
{
	size_t n_slots = h->n_slots * 2;
	struct entry **slots = xcalloc(n_slots, sizeof(*slots));
	struct entry **tails = xcalloc(n_slots, sizeof(*tails));
	for (size_t i = 0; i < h->n_slots; i++)
		for (struct entry *e = h->slots[i], *next; e; e = next) {
			size_t s = e->code & (n_slots - 1);
			next = e->next;
			e->next = NULL;
			if (tails[s])
				tails[s]->next = e;
			else
				slots[s] = e;
			tails[s] = e;
		}
	free(tails);
	free(h->slots);
	h->slots = slots;
	h->n_slots = n_slots;
}

void hash_put(struct hash *h, const char *key, void *val)
{
	struct entry *e = xmalloc(sizeof(*e)), **p;
	if (h->n >= h->n_slots)
		grow(h);
	e->key = key;
	e->val = val;
	e->code = hash_code(key);
	e->next = NULL;
	for (p = &h->slots[e->code & (h->n_slots - 1)]; *p; p = &(*p)->next)
		;
	*p = e;
	h->n++;
}

void *hash_get(const struct hash *h, const char *key)
{
	uint32_t code = hash_code(key);
	for (const struct entry *e = h->slots[code & (h->n_slots - 1)]; e; e = e->next)
		if (e->code == code && !strcmp(e->key, key))
			return e->val;
	return NULL;
}

void hash_del(struct hash *h, const char *key, const void *val)
{
	uint32_t code = hash_code(key);
	for (struct entry **p = &h->slots[code & (h->n_slots - 1)]; *p; p = &(*p)->next) {
		struct entry *e = *p;
		if (e->val == val && e->code == code && !strcmp(e->key, key)) {
			*p = e->next;
			free(e);
			h->n--;
			return;
		}
	}
}

size_t hash_count(const struct hash *h)
{
	return h->n;
}
