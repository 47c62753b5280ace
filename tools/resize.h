/* What lvextend/lvreduce/lvresize, `lvextend --use-policies` and the
 * monitor share (tools/resize.c). */
#ifndef VGTOOL_RESIZE_H
#define VGTOOL_RESIZE_H

#include "metadata/policy.h"
#include "tools/toollib.h"

/* Commit a VG whose LVs were resized and make the kernel follow, in the
 * order that never lets a device map extents the metadata gives to
 * nobody: a shrinking device first, growing ones after the commit.
 * 0, or -1 (logged). */
int resize_commit(struct tool *t, const struct vg *old, struct vg *vg, int shrinks);

/* activation/snapshot_autoextend_threshold and _percent. */
struct policy_config snapshot_policy_config(void);
/* The dm status of the snapshot whose COW is `cow`: -1 when it is not
 * active (or not a snapshot device). */
int snapshot_read_status(const struct vg *vg, const struct lv *cow, struct cow_status *st);
/* The policy's view of COW `cow` of snapshot segment `seg`, the status
 * aside: sizes from the metadata, `free_extents` what it could add. */
void cow_state_of(const struct vg *vg, const struct lv *cow, const struct segment *seg,
                  uint32_t free_extents, struct cow_state *s);

#endif
