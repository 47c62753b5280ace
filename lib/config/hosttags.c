/* lvm2's host tags and tag files: see hosttags.h. */
#include "config/hosttags.h"

#include <stdlib.h>
#include <string.h>

#include "metadata/names.h"
#include "misc/xalloc.h"

int host_tags_has(const struct host_tags *t, const char *tag)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->tags[i], tag))
			return 1;
	return 0;
}

static void add_tag(struct host_tags *t, const char *tag)
{
	if (host_tags_has(t, tag))
		return;
	t->tags = xrealloc(t->tags, (t->n + 1) * sizeof(*t->tags));
	t->tags[t->n++] = xstrdup(tag);
}

void host_tags_release(struct host_tags *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->tags[i]);
	free(t->tags);
	*t = (struct host_tags){0};
}

int host_list_matches(const struct cfg_node *section, const char *hostname, struct strbuf *err)
{
	int passes = 1;

	/* lvm2 looks at the keys in order: a host_list naming this host
	 * settles it at once, a later one that does not can undo an
	 * earlier miss only by naming it */
	for (const struct cfg_node *k = section->child; k; k = k->next) {
		if (!k->key || k->v.type == CFG_SECTION || k->v.type == CFG_COMMENT)
			continue;
		if (!strcmp(k->key, "host_list")) {
			size_t n = k->v.type == CFG_LIST ? k->v.n_items : 1;
			const struct cfg_value *items = k->v.type == CFG_LIST ? k->v.items : &k->v;

			passes = 0;
			for (size_t i = 0; i < n; i++) {
				if (items[i].type != CFG_STRING) {
					/* lvm2 names the key where it means the tag */
					strbuf_addf(err, "Invalid hostname string for tag %s",
					            k->key);
					return -1;
				}
				if (!strcmp(items[i].s, hostname))
					return 1;
			}
		}
		if (!strcmp(k->key, "host_filter")) {
			strbuf_addstr(err, "host_filter not supported yet");
			return -1;
		}
	}
	return passes;
}

int host_tags_read(struct host_tags *t, const struct cfg_node *root, const char *hostname,
                   struct strbuf *err)
{
	const struct cfg_node *sec = cfg_find(root, "tags");
	int on;

	if (!sec || sec->v.type != CFG_SECTION || !sec->child)
		return 0;
	if (!t->hosttags && !cfg_get_bool(sec, "hosttags", &on) && on) {
		add_tag(t, hostname);
		t->hosttags = 1;
	}
	for (const struct cfg_node *c = sec->child; c; c = c->next) {
		const char *tag = c->key;
		int r;

		if (c->v.type != CFG_SECTION || !tag)
			continue;
		if (*tag == '@')
			tag++;
		if (name_problem(tag)) {
			strbuf_addf(err, "Invalid tag in config file: %s", c->key);
			return -1;
		}
		if ((r = host_list_matches(c, hostname, err)) < 0)
			return -1;
		if (r)
			add_tag(t, tag);
	}
	return 0;
}

/* lvm2's test of a section's "tags = [ ... ]": one of them a host tag. */
static int names_host_tag(const struct cfg_node *tags, const struct host_tags *t)
{
	size_t n = tags->v.type == CFG_LIST ? tags->v.n_items : 1;
	const struct cfg_value *items = tags->v.type == CFG_LIST ? tags->v.items : &tags->v;

	if (tags->v.type == CFG_SECTION)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = items[i].type == CFG_STRING ? items[i].s : "";

		if (*s == '@')
			s++;
		if (*s && host_tags_has(t, s))
			return 1;
	}
	return 0;
}

static struct cfg_node *child_named(const struct cfg_node *section, const char *key)
{
	for (struct cfg_node *c = section->child; c; c = c->next)
		if (c->key && !strcmp(c->key, key))
			return c;
	return NULL;
}

/* The lists lvm2 joins rather than replaces, in a section of that name. */
static int joined_list(const char *section, const char *key)
{
	return (!strcmp(section, "activation") && !strcmp(key, "volume_list")) ||
	       (!strcmp(section, "devices") && (!strcmp(key, "filter") || !strcmp(key, "types")));
}

/* The values of `over` into the section `base` of the same name. */
static void merge_values(struct cfg_node *base, const struct cfg_node *over)
{
	for (const struct cfg_node *c = over->child; c; c = c->next) {
		struct cfg_node *old;

		if (!c->key || c->v.type == CFG_COMMENT || c->v.type == CFG_SECTION ||
		    !strcmp(c->key, "tags"))
			continue;
		if (!(old = child_named(base, c->key)))
			cfg_insert_copy(base, base->child, c);
		else if (old->v.type != CFG_SECTION && joined_list(base->key, c->key))
			cfg_list_concat(old, &c->v, &old->v);
		else
			cfg_replace(old, c);
	}
}

void cfg_merge_tagged(struct cfg_node *base, const struct cfg_node *over, const struct host_tags *t)
{
	for (const struct cfg_node *c = over ? over->child : NULL; c; c = c->next) {
		const struct cfg_node *cond;
		struct cfg_node *old, *n, *k, *kn;

		if (!c->key || c->v.type == CFG_COMMENT || !strcmp(c->key, "tags"))
			continue;
		if (c->v.type == CFG_SECTION && (cond = child_named(c, "tags")) &&
		    !names_host_tag(cond, t))
			continue;
		if ((old = child_named(base, c->key))) {
			if (old->v.type == CFG_SECTION && c->v.type == CFG_SECTION)
				merge_values(old, c);
			continue;
		}
		n = cfg_insert_copy(base, base->child, c);
		for (k = n->v.type == CFG_SECTION ? n->child : NULL; k; k = kn) {
			kn = k->next;
			if (k->key && !strcmp(k->key, "tags"))
				cfg_free(k);
		}
	}
}
