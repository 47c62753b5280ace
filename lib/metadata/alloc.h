/* Extent allocation for linear LVs (pure: works on the model only).
 *
 * Where the extents of a new or grown LV go is visible to anyone who
 * reads `lvs --segments` or `dmsetup table`, so vgtool places them where
 * lvm2 2.03.16 places them for the same free space and policy: the
 * allocator below replays lvm2's search (its phases, its per-PV lists of
 * free areas kept largest first, the order in which it reconsiders them)
 * rather than an idea of what the policies mean. */
#ifndef VGTOOL_ALLOC_H
#define VGTOOL_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include "metadata/metadata.h"

/* lvm2's allocation policies, in lvm2's order: a policy allows every
 * policy before it, and the allocator tries them in this order. */
enum alloc_policy {
	ALLOC_INVALID = 0,
	ALLOC_CONTIGUOUS,    /* one free area, right after the LV's last extent */
	ALLOC_CLING,         /* on the PVs the LV already uses */
	ALLOC_CLING_BY_TAGS, /* lvm2's cling with allocation/cling_tag_list */
	ALLOC_NORMAL,
	ALLOC_ANYWHERE,
	ALLOC_INHERIT, /* an LV: the VG's policy */
};

/* A policy as the command line or the metadata spells it; as lvm2,
 * "cling_by_tags" is cling.  ALLOC_INVALID for anything else. */
enum alloc_policy alloc_policy_from_name(const char *name);
/* "contiguous", ..., "inherit" (cling_by_tags is written "cling"). */
const char *alloc_policy_name(enum alloc_policy p);
/* The policies the model holds (lv->allocation_policy, NULL: inherit;
 * vg->allocation_policy, NULL: normal).  A name lvm2 would not know
 * counts as lvm2 counts it: inherit for an LV, normal for a VG. */
enum alloc_policy lv_alloc_policy(const struct lv *lv);
enum alloc_policy vg_alloc_policy(const struct vg *vg);
/* Store a policy as lvm2 writes it: the VG's normal and an LV's inherit
 * are not written (NULL). */
void lv_set_alloc_policy(struct lv *lv, enum alloc_policy p);
void vg_set_alloc_policy(struct vg *vg, enum alloc_policy p);

struct alloc_request {
	/* ALLOC_INHERIT (or 0): the LV's own policy, else the VG's */
	enum alloc_policy policy;
	/* the size was a percentage: as lvm2, fewer extents than asked are
	 * fine when the policy finds some */
	int approx;
	/* only these PVs, in this order (lvm2 tries PVs in the order of the
	 * command line); all allocatable PVs in VG order when n_allowed 0 */
	struct pv *const *allowed;
	size_t n_allowed;
};

/* Append up to `extents` logical extents to `lv` under `req`.  Adjacent
 * pieces are merged into one segment, and so are the LV's adjacent linear
 * segments, as lvm2 merges them after an extend.  *got (when given) is what
 * was appended: `extents`, or fewer with req->approx.  Returns 0, or -1 after logging lvm2's line
 * (the LV is then unchanged). */
int alloc_extend(struct vg *vg, struct lv *lv, uint32_t extents, const struct alloc_request *req,
                 uint32_t *got);

/* alloc_extend() with the LV's own policy, all of `extents` or nothing. */
int alloc_extend_lv(struct vg *vg, struct lv *lv, uint32_t extents, struct pv *const *allowed,
                    size_t n_allowed);

/* Shrink `lv` to `extents` logical extents, dropping or trimming segments
 * from the end.  extents must be >= 1 and < lv_extents(lv). */
void alloc_reduce_lv(struct lv *lv, uint32_t extents);

/* Free extents the allocator could use for a request restricted to
 * `allowed` (all allocatable PVs when n_allowed == 0). */
uint32_t alloc_free_extents(const struct vg *vg, struct pv *const *allowed, size_t n_allowed);

#endif
