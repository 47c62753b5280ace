/* lvm2's activation lists: see volume-list.h. */
#include "activate/volume-list.h"

#include <stdlib.h>
#include <string.h>

#include "misc/xalloc.h"

struct strings {
	char **s;
	size_t n;
};

static struct {
	int defined;
	struct strings items, host_tags;
} lists[VOLUME_LIST_COUNT];

static void strings_set(struct strings *to, char *const *s, size_t n)
{
	for (size_t i = 0; i < to->n; i++)
		free(to->s[i]);
	free(to->s);
	to->n = n;
	to->s = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		to->s[i] = xstrdup(s[i]);
}

void volume_list_configure(enum volume_list which, int defined, char *const *items, size_t n)
{
	lists[which].defined = defined;
	strings_set(&lists[which].items, items, defined ? n : 0);
	strings_set(&lists[which].host_tags, NULL, 0);
}

void volume_list_host_tags(enum volume_list which, char *const *tags, size_t n)
{
	strings_set(&lists[which].host_tags, tags, n);
}

void volume_list_release(void)
{
	for (int w = 0; w < VOLUME_LIST_COUNT; w++)
		volume_list_configure((enum volume_list)w, 0, NULL, 0);
}

static int item_matches(const struct strings *host_tags, const char *item, const struct vg *vg,
                        const struct lv *lv)
{
	size_t len = strlen(vg->name);

	if (*item == '@' && !strcmp(item + 1, "*"))
		/* a host tag on the LV or its VG */
		return tag_list_has_any(&lv->tags, host_tags->s, host_tags->n) ||
		       tag_list_has_any(&vg->tags, host_tags->s, host_tags->n);
	if (*item == '@')
		return item[1] &&
		       (tag_list_has(&lv->tags, item + 1) || tag_list_has(&vg->tags, item + 1));
	/* lvm2's comparison, prefix and all: "VG" or "VG/LV" */
	return !strncmp(item, vg->name, len) &&
	       (!item[len] || (item[len] == '/' && !strcmp(item + len + 1, lv->name)));
}

int volume_list_passes(enum volume_list which, const struct vg *vg, const struct lv *lv)
{
	if (!lists[which].defined)
		return which != VOLUME_LIST_READ_ONLY;
	for (size_t i = 0; i < lists[which].items.n; i++)
		if (*lists[which].items.s[i] &&
		    item_matches(&lists[which].host_tags, lists[which].items.s[i], vg, lv))
			return 1;
	return 0;
}

const struct lv *volume_list_unit(const struct vg *vg, const struct lv *lv)
{
	const struct segment *s = lv_snapshot_segment(lv);

	if (!s)
		s = lv->cow_of;
	if (!s && lv_is_virtual_origin(vg, lv) && lv->n_snapshots)
		s = lv->snapshots[0];
	if (!s || !s->origin)
		return lv;
	/* a sparse snapshot is what the user sees of its hidden origin */
	return lv_is_virtual_origin(vg, s->origin) && s->cow ? s->cow : s->origin;
}
