/* The tree of a parsed or built text: building, lookup, typed getters,
 * freeing and merging. */
#include "config/config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "misc/xalloc.h"

/* Misuse of the building API (adding to a value, a list item to a
 * section) is a bug in the caller; carrying on would build a tree that
 * means something else, so stop and say where. */
static _Noreturn void cfg_bug(const char *what, const char *key)
{
	fatal_bug("config: %s ('%s')", what, key ? key : "(root)");
}

void cfg_value_clear(struct cfg_value *v)
{
	if (v->type == CFG_STRING) {
		free(v->s);
	} else if (v->type == CFG_LIST) {
		for (size_t i = 0; i < v->n_items; i++)
			if (v->items[i].type == CFG_STRING)
				free(v->items[i].s);
		free(v->items);
	}
	memset(v, 0, sizeof(*v));
}

/* Frees `node` and what is below it; the caller has unlinked it.  The
 * recursion only goes down, as deep as the tree (which the parser's depth
 * limit bounds); siblings are a loop. */
static void free_subtree(struct cfg_node *node)
{
	/* an arena tree holds nothing else (it is never changed): its nodes
	 * go with the arena, without a walk */
	if (node->flags & CFG_F_ARENA_ROOT) {
		cfg_free_arena_root(node);
		return;
	}
	if (node->flags & CFG_F_ARENA)
		return;
	for (struct cfg_node *c = node->child, *cn; c; c = cn) {
		cn = c->next;
		free_subtree(c);
	}
	cfg_value_clear(&node->v);
	free(node->key);
	free(node->comment);
	free(node);
}

void cfg_free(struct cfg_node *node)
{
	struct cfg_node **pp;

	if (!node)
		return;
	/* A node still in a tree leaves it first, so the tree stays valid. */
	if (node->parent) {
		for (pp = &node->parent->child; *pp && *pp != node; pp = &(*pp)->next)
			;
		if (*pp)
			*pp = node->next;
		if (node->parent->last_child == node)
			node->parent->last_child = NULL; /* found again on the next append */
	}
	free_subtree(node);
}

/* ---- building ---- */

static struct cfg_node *last_child(struct cfg_node *parent)
{
	struct cfg_node *c = parent->last_child;

	if (!c || c->next || c->parent != parent) {
		/* Relinked by hand: find the end again. */
		for (c = parent->child; c && c->next; c = c->next)
			;
		parent->last_child = c;
	}
	return c;
}

static struct cfg_node *append(struct cfg_node *parent, const char *key, enum cfg_type type)
{
	struct cfg_node *n, *last;

	if (!parent || parent->v.type != CFG_SECTION)
		cfg_bug("adding a node to a value", parent ? parent->key : NULL);
	if (!key && type != CFG_COMMENT)
		cfg_bug("adding a node without a key", parent->key);
	n = xcalloc(1, sizeof(*n));
	n->key = key ? xstrdup(key) : NULL;
	n->parent = parent;
	n->v.type = type;
	last = last_child(parent);
	if (last)
		last->next = n;
	else
		parent->child = n;
	parent->last_child = n;
	return n;
}

struct cfg_node *cfg_new_root(void)
{
	struct cfg_node *root = xcalloc(1, sizeof(*root));

	root->v.type = CFG_SECTION;
	return root;
}

struct cfg_node *cfg_add_section(struct cfg_node *parent, const char *key)
{
	return append(parent, key, CFG_SECTION);
}

struct cfg_node *cfg_add_int(struct cfg_node *parent, const char *key, int64_t v)
{
	struct cfg_node *n = append(parent, key, CFG_INT);

	n->v.i = v;
	return n;
}

struct cfg_node *cfg_add_float(struct cfg_node *parent, const char *key, double v)
{
	struct cfg_node *n = append(parent, key, CFG_FLOAT);

	n->v.f = v;
	return n;
}

struct cfg_node *cfg_add_str(struct cfg_node *parent, const char *key, const char *s)
{
	struct cfg_node *n = append(parent, key, CFG_STRING);

	n->v.s = xstrdup(s);
	return n;
}

struct cfg_node *cfg_add_list(struct cfg_node *parent, const char *key)
{
	return append(parent, key, CFG_LIST);
}

struct cfg_node *cfg_add_str_list(struct cfg_node *parent, const char *key, const char *const *s,
                                  size_t n)
{
	struct cfg_node *node = append(parent, key, CFG_LIST);

	if (n) {
		node->v.items = xcalloc(n, sizeof(*node->v.items));
		for (size_t i = 0; i < n; i++) {
			node->v.items[i].type = CFG_STRING;
			node->v.items[i].s = xstrdup(s[i]);
		}
		node->v.n_items = n;
	}
	return node;
}

static struct cfg_value *list_push(struct cfg_node *list)
{
	struct cfg_value *v;

	if (list->v.type != CFG_LIST)
		cfg_bug("adding a list item to a node that is no list", list->key);
	list->v.items = xrealloc(list->v.items, (list->v.n_items + 1) * sizeof(*list->v.items));
	v = &list->v.items[list->v.n_items++];
	memset(v, 0, sizeof(*v));
	return v;
}

void cfg_list_add_str(struct cfg_node *list, const char *s)
{
	struct cfg_value *v = list_push(list);

	v->type = CFG_STRING;
	v->s = xstrdup(s);
}

void cfg_list_add_int(struct cfg_node *list, int64_t i)
{
	struct cfg_value *v = list_push(list);

	v->type = CFG_INT;
	v->i = i;
}

__attribute__((format(printf, 1, 0))) static char *vformat(const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_vaddf(&sb, fmt, ap);
	return strbuf_detach(&sb, NULL);
}

struct cfg_node *cfg_add_comment_line(struct cfg_node *parent, const char *fmt, ...)
{
	struct cfg_node *n = append(parent, NULL, CFG_COMMENT);
	va_list ap;

	va_start(ap, fmt);
	n->comment = vformat(fmt, ap);
	va_end(ap);
	return n;
}

void cfg_set_comment(struct cfg_node *node, const char *fmt, ...)
{
	va_list ap;

	free(node->comment);
	va_start(ap, fmt);
	node->comment = vformat(fmt, ap);
	va_end(ap);
}

/* ---- lookup ---- */

const struct cfg_node *cfg_find(const struct cfg_node *section, const char *path)
{
	const struct cfg_node *n = section;
	const char *s = path;
	int found_any = 0;

	if (!n || !path)
		return NULL;
	while (*s) {
		const char *e;
		size_t len;
		const struct cfg_node *c;

		while (*s == '/')
			s++;
		if (!*s)
			break;
		for (e = s; *e && *e != '/'; e++)
			;
		len = (size_t)(e - s);
		if (n->v.type != CFG_SECTION)
			return NULL;
		/* the first byte first: a metadata import asks this of every
		 * key of every LV */
		for (c = n->child; c; c = c->next)
			if (c->key && c->key[0] == s[0] && !strncmp(c->key, s, len) && !c->key[len])
				break;
		if (!c)
			return NULL;
		n = c;
		found_any = 1;
		s = e;
	}
	return found_any ? n : NULL;
}

static int find_typed(const struct cfg_node *section, const char *path, const struct cfg_node **n)
{
	*n = cfg_find(section, path);
	return *n ? 0 : -1;
}

int cfg_get_int(const struct cfg_node *section, const char *path, int64_t *out)
{
	const struct cfg_node *n;

	if (find_typed(section, path, &n))
		return -1;
	if (n->v.type != CFG_INT)
		return -2;
	*out = n->v.i;
	return 0;
}

int cfg_get_str(const struct cfg_node *section, const char *path, const char **out)
{
	const struct cfg_node *n;

	if (find_typed(section, path, &n))
		return -1;
	if (n->v.type != CFG_STRING)
		return -2;
	*out = n->v.s;
	return 0;
}

int cfg_get_float(const struct cfg_node *section, const char *path, double *out)
{
	const struct cfg_node *n;

	if (find_typed(section, path, &n))
		return -1;
	if (n->v.type == CFG_FLOAT)
		*out = n->v.f;
	else if (n->v.type == CFG_INT)
		*out = (double)n->v.i;
	else
		return -2;
	return 0;
}

int cfg_get_bool(const struct cfg_node *section, const char *path, int *out)
{
	static const char *const yes[] = {"y", "yes", "on", "true"};
	static const char *const no[] = {"n", "no", "off", "false"};
	const struct cfg_node *n;

	if (find_typed(section, path, &n))
		return -1;
	if (n->v.type == CFG_INT) {
		*out = n->v.i != 0;
		return 0;
	}
	if (n->v.type != CFG_STRING)
		return -2;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(n->v.s, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(n->v.s, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -2;
}

int cfg_get_list(const struct cfg_node *section, const char *path, const struct cfg_value **items,
                 size_t *n)
{
	const struct cfg_node *node;

	if (find_typed(section, path, &node))
		return -1;
	switch (node->v.type) {
	case CFG_LIST:
		*items = node->v.items;
		*n = node->v.n_items;
		return 0;
	case CFG_INT:
	case CFG_FLOAT:
	case CFG_STRING:
		*items = &node->v;
		*n = 1;
		return 0;
	default:
		return -2;
	}
}

/* ---- merging ---- */

static void value_copy(struct cfg_value *dst, const struct cfg_value *src)
{
	*dst = *src;
	if (src->type == CFG_STRING) {
		dst->s = xstrdup(src->s);
	} else if (src->type == CFG_LIST) {
		dst->items = NULL;
		if (src->n_items)
			dst->items = xcalloc(src->n_items, sizeof(*dst->items));
		for (size_t i = 0; i < src->n_items; i++) {
			dst->items[i] = src->items[i];
			if (src->items[i].type == CFG_STRING)
				dst->items[i].s = xstrdup(src->items[i].s);
		}
	}
}

/* Give `dst` (a node of `base`) the contents of `src`: its value, or its
 * children when it is a section. */
static void node_take(struct cfg_node *dst, const struct cfg_node *src);

static void copy_children(struct cfg_node *dst, const struct cfg_node *src)
{
	for (const struct cfg_node *c = src->child; c; c = c->next) {
		struct cfg_node *n;

		if (c->v.type == CFG_COMMENT)
			continue;
		n = append(dst, c->key, CFG_SECTION);
		node_take(n, c);
		n->comment = c->comment ? xstrdup(c->comment) : NULL;
		/* (a copy is the tree's own, allocated node by node, even
		 * when it comes from a parser's arena) */
		n->flags = c->flags & ~(unsigned)(CFG_F_ARENA | CFG_F_ARENA_ROOT);
		n->blank_before = c->blank_before;
		n->blank_after = c->blank_after;
		n->list_wrap = c->list_wrap;
		n->line = c->line;
		n->col = c->col;
	}
}

static void drop_children(struct cfg_node *n)
{
	for (struct cfg_node *c = n->child, *cn; c; c = cn) {
		cn = c->next;
		free_subtree(c);
	}
	n->child = n->last_child = NULL;
}

static void node_take(struct cfg_node *dst, const struct cfg_node *src)
{
	drop_children(dst);
	cfg_value_clear(&dst->v);
	if (src->v.type == CFG_SECTION) {
		dst->v.type = CFG_SECTION;
		copy_children(dst, src);
	} else {
		value_copy(&dst->v, &src->v);
	}
}

void cfg_merge(struct cfg_node *base, const struct cfg_node *over)
{
	/* A tree merged into itself is already merged (and copying from
	 * nodes being replaced would read freed memory). */
	if (!base || !over || base == over || base->v.type != CFG_SECTION ||
	    over->v.type != CFG_SECTION)
		return;
	for (const struct cfg_node *c = over->child; c; c = c->next) {
		struct cfg_node *b;

		if (c->v.type == CFG_COMMENT || !c->key)
			continue;
		for (b = base->child; b; b = b->next)
			if (b->key && !strcmp(b->key, c->key))
				break;
		if (!b) {
			b = append(base, c->key, CFG_SECTION);
			node_take(b, c);
		} else if (b->v.type == CFG_SECTION && c->v.type == CFG_SECTION) {
			cfg_merge(b, c);
		} else {
			node_take(b, c);
		}
	}
}

struct cfg_node *cfg_add_copy(struct cfg_node *parent, const struct cfg_node *src)
{
	struct cfg_node *n = append(parent, src->key, CFG_SECTION);

	node_take(n, src);
	n->line = src->line;
	n->col = src->col;
	return n;
}

struct cfg_node *cfg_insert_copy(struct cfg_node *parent, struct cfg_node *after,
                                 const struct cfg_node *src)
{
	struct cfg_node *prev = last_child(parent), *n = cfg_add_copy(parent, src);

	if (!prev || after == prev)
		return n; /* already there: the only child, or right after `after` */
	prev->next = NULL;
	parent->last_child = prev;
	if (after) {
		n->next = after->next;
		after->next = n;
	} else {
		n->next = parent->child;
		parent->child = n;
	}
	return n;
}

void cfg_replace(struct cfg_node *dst, const struct cfg_node *src)
{
	if (dst != src)
		node_take(dst, src);
}

/* The items of a value: a list's, or the value itself as one. */
static const struct cfg_value *items_of(const struct cfg_value *v, size_t *n)
{
	*n = v->type == CFG_LIST ? v->n_items : v->type == CFG_SECTION ? 0 : 1;
	return v->type == CFG_LIST ? v->items : v;
}

void cfg_list_concat(struct cfg_node *dst, const struct cfg_value *front,
                     const struct cfg_value *back)
{
	size_t nf, nb;
	const struct cfg_value *f = items_of(front, &nf), *b = items_of(back, &nb);
	struct cfg_value v = {.type = CFG_LIST, .n_items = (uint32_t)(nf + nb)};

	v.items = nf + nb ? xcalloc(nf + nb, sizeof(*v.items)) : NULL;
	for (size_t i = 0; i < nf + nb; i++)
		value_copy(&v.items[i], i < nf ? &f[i] : &b[i - nf]);
	drop_children(dst);
	cfg_value_clear(&dst->v);
	dst->v = v;
}
