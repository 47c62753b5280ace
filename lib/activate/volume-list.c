/* lvm2's activation lists: see volume-list.h. */
#include "activate/volume-list.h"

#include <stdlib.h>
#include <string.h>

#include "misc/xalloc.h"

static struct {
	int defined;
	char **items;
	size_t n;
} lists[VOLUME_LIST_COUNT];

void volume_list_configure(enum volume_list which, int defined, char *const *items, size_t n)
{
	for (size_t i = 0; i < lists[which].n; i++)
		free(lists[which].items[i]);
	free(lists[which].items);
	lists[which].defined = defined;
	lists[which].n = defined ? n : 0;
	lists[which].items = xcalloc(lists[which].n + 1, sizeof(char *));
	for (size_t i = 0; i < lists[which].n; i++)
		lists[which].items[i] = xstrdup(items[i]);
}

void volume_list_release(void)
{
	for (int w = 0; w < VOLUME_LIST_COUNT; w++)
		volume_list_configure((enum volume_list)w, 0, NULL, 0);
}

static int item_matches(const char *item, const struct vg *vg, const struct lv *lv)
{
	size_t len = strlen(vg->name);

	if (*item == '@')
		/* "@*": a host tag on the LV or its VG; vgtool has no host tags */
		return item[1] && strcmp(item + 1, "*") &&
		       (tag_list_has(&lv->tags, item + 1) || tag_list_has(&vg->tags, item + 1));
	/* lvm2's comparison, prefix and all: "VG" or "VG/LV" */
	return !strncmp(item, vg->name, len) &&
	       (!item[len] || (item[len] == '/' && !strcmp(item + len + 1, lv->name)));
}

int volume_list_passes(enum volume_list which, const struct vg *vg, const struct lv *lv)
{
	if (!lists[which].defined)
		return which != VOLUME_LIST_READ_ONLY;
	for (size_t i = 0; i < lists[which].n; i++)
		if (*lists[which].items[i] && item_matches(lists[which].items[i], vg, lv))
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
