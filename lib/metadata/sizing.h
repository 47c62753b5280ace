/* Sizing rules of lvcreate and lvresize (pure): -L and -l arguments to
 * extent counts, as lvm2 computes them. */
#ifndef VGTOOL_SIZING_H
#define VGTOOL_SIZING_H

#include <stdint.h>
#include "metadata/metadata.h"
#include "misc/units.h"

/* What the percentages of -l refer to. */
struct size_bases {
	uint32_t vg_extents;     /* %VG: all extents of the VG */
	uint32_t free_extents;   /* %FREE: free extents of the VG */
	uint32_t pvs_extents;    /* %PVS: free extents of the PVs named (or %VG's) */
	uint32_t lv_extents;     /* %LV: the LV being resized (0 for lvcreate) */
	uint32_t origin_extents; /* %ORIGIN: a snapshot's origin (0: none) */
	uint32_t origin_max_cow; /* cow_max_extents() of that origin */
	int round_up;            /* lvresize without a minus sign: as lvm2, percentages
	                          * round up (lvcreate's round down) */
};

enum sizing_result {
	SIZING_OK = 0,
	SIZING_ZERO,      /* the result would be 0 extents */
	SIZING_TOO_LARGE, /* more than 2^32-1 extents */
	SIZING_NOT_HERE,  /* a percent base this command does not take */
};

/* -L: sectors -> extents, rounded up; *rounded tells whether it was. */
enum sizing_result size_from_sectors(uint64_t sectors, uint32_t extent_size, uint32_t *extents,
                                     int *rounded);

/* -l: a count, or a percentage of a base.  As lvm2: percentages of the
 * VG, free space, PVs and LV round down (up with b->round_up); %ORIGIN
 * rounds up and adds the COW's metadata overhead (max COW - origin). */
enum sizing_result size_from_extents_arg(const struct extents_arg *ea, const struct size_bases *b,
                                         uint32_t *extents);

/* lvresize: the new size from the current one and a signed amount. */
enum sizing_result size_apply_sign(uint32_t current, enum sign sign, uint64_t amount,
                                   uint32_t *target);

/* The bases of -l percentages for `lv` (NULL for lvcreate) in `vg`:
 * `origin` is a snapshot's origin (for %ORIGIN, with the COW's metadata
 * overhead when `with_overhead`, for a COW of `chunk` sectors, and
 * cow_max_extents' `leak_chunks`), `pvs` the PVs named on the command
 * line (for %PVS; none: the whole VG). */
void size_bases_of(const struct vg *vg, const struct lv *lv, const struct lv *origin,
                   uint32_t chunk, int with_overhead, int leak_chunks, struct pv *const *pvs,
                   size_t n_pvs, struct size_bases *b);

/* The smallest COW the kernel takes, in chunks (lvm2's limit too). */
#define COW_MIN_CHUNKS 3

/* A COW of `extents` holds fewer than COW_MIN_CHUNKS chunks of `chunk`
 * sectors. */
int cow_too_small(uint32_t extents, uint32_t extent_size, uint32_t chunk);

/* Which directions a resizing command takes: lvresize either, lvextend
 * (and --use-policies, and the monitor) only up, lvreduce only down. */
enum resize_kind { RESIZE_ANY, RESIZE_EXTEND, RESIZE_REDUCE };

/* The first size rule a resize breaks, in lvm2's order of checks. */
enum resize_check {
	RESIZE_OK = 0,
	RESIZE_COW_AT_MAX,  /* a COW to grow is already as large as useful */
	RESIZE_SAME,        /* the new size is the current one */
	RESIZE_NOT_LARGER,  /* lvextend to a smaller size */
	RESIZE_NOT_SMALLER, /* lvreduce to a larger size */
};

/* Check a new size `*target` of an LV of `current` extents.  For a COW
 * (`cow_max` its largest useful size, 0 for any other LV) a target past
 * cow_max is lowered to it, and *capped says so: lvm2 tells that before
 * any refusal that follows (also of a COW already larger than cow_max,
 * which cannot grow: RESIZE_COW_AT_MAX).  A COW already at cow_max gets
 * RESIZE_OK with *target its current size (lvm2: "unchanged", exit 0). */
enum resize_check resize_check_target(enum resize_kind kind, uint32_t current, uint32_t cow_max,
                                      uint32_t *target, int *capped);

#endif
