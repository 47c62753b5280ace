/* Resizing a PV (pvresize): its new size and extent count, as lvm2
 * 2.03.16 works them out (pure: the model and numbers only). */
#ifndef VGTOOL_PVRESIZE_H
#define VGTOOL_PVRESIZE_H

#include <stdint.h>
#include "metadata/metadata.h"

/* lvm2's floor for a PV, in sectors: devices/pv_min_size (2 MiB unless
 * configured, 512 KiB at least), for pvresize as for pvcreate. */
void pv_set_min_sectors(uint64_t sectors);
uint64_t pv_min_sectors(void);

enum pv_resize_result {
	PV_RESIZE_OK,
	PV_RESIZE_BELOW_MIN,       /* under pv_min_sectors() */
	PV_RESIZE_BELOW_PE_START,  /* the data area would start past the end */
	PV_RESIZE_NO_EXTENT,       /* in a VG: not one extent would fit */
	PV_RESIZE_ALLOCATED,       /* fewer extents than the LVs use */
	PV_RESIZE_LATER_ALLOCATED, /* an extent past the new end is in use */
};

struct pv_resize {
	enum pv_resize_result result;
	uint32_t pe_count;  /* the extents the new size holds (in a VG) */
	uint32_t allocated; /* PV_RESIZE_ALLOCATED: the extents in use */
};

/* The checks of a PV in no VG (its size is only its label's). */
struct pv_resize pv_resize_orphan(uint64_t sectors, uint64_t pe_start);

/* Resize `pv` of `vg` to a device of `sectors`: as lvm2, pe_count becomes
 * what fits after pe_start and dev_size becomes the size less pe_start
 * (lvm2's pvresize writes it so; vgcreate writes the whole device).  A
 * shrink may only drop free extents at the end.  On a refusal the PV is
 * left as it was.  Equal extent counts are a success (lvm2 still writes
 * the VG, its dev_size changed).  `end_mda`: the sectors of a metadata
 * area at the device's end (after its move), which the data area ends
 * before (0: none). */
struct pv_resize pv_resize(struct vg *vg, struct pv *pv, uint64_t sectors, uint64_t end_mda);

#endif
