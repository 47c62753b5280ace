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
 * VG, free space and PVs round down; %ORIGIN rounds up and adds the COW's
 * metadata overhead (max COW - origin); %LV rounds down. */
enum sizing_result size_from_extents_arg(const struct extents_arg *ea, const struct size_bases *b,
                                         uint32_t *extents);

/* lvresize: the new size from the current one and a signed amount. */
enum sizing_result size_apply_sign(uint32_t current, enum sign sign, uint64_t amount,
                                   uint32_t *target);

#endif
