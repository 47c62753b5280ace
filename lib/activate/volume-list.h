/* lvm2's activation lists (activation/volume_list,
 * auto_activation_volume_list, read_only_volume_list): which LVs may be
 * activated, which -aay activates, which are activated read-only.
 * Configured once per command (tools/config.c); pure matching. */
#ifndef VGTOOL_VOLUME_LIST_H
#define VGTOOL_VOLUME_LIST_H

#include <stddef.h>

#include "metadata/metadata.h"

enum volume_list {
	VOLUME_LIST_ACTIVATION,      /* activation/volume_list */
	VOLUME_LIST_AUTO_ACTIVATION, /* activation/auto_activation_volume_list */
	VOLUME_LIST_READ_ONLY,       /* activation/read_only_volume_list */
	VOLUME_LIST_COUNT
};

/* The list's items, copied; `defined` 0 when the setting is absent,
 * which is not the same as an empty list (nothing passes that). */
void volume_list_configure(enum volume_list which, int defined, char *const *items, size_t n);
void volume_list_release(void);
/* The host tags "@*" of that list stands for (copied; none until set,
 * and none again after volume_list_configure): the tags of the
 * configuration the list came from (lib/config/hosttags.h). */
void volume_list_host_tags(enum volume_list which, char *const *tags, size_t n);

/* Does the list pass `lv`?  An item is "VG", "VG/LV", "@TAG" (a tag of
 * the LV or of its VG) or "@*" (any of the list's host tags on the LV or
 * on its VG); empty items are ignored.  An absent list
 * passes every LV, except the read-only one, which passes none. */
int volume_list_passes(enum volume_list which, const struct vg *vg, const struct lv *lv);

/* The LV whose activation carries `lv`, the one the lists are asked
 * about: a snapshot's (COW or snapshotN) origin, else the LV. */
const struct lv *volume_list_unit(const struct vg *vg, const struct lv *lv);

#endif
