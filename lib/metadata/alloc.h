/* Extent allocation for linear LVs (pure: works on the model only). */
#ifndef VGTOOL_ALLOC_H
#define VGTOOL_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include "metadata/metadata.h"

/* Append `extents` logical extents to `lv`, taken from the free extents
 * of the VG's allocatable PVs (only those in `allowed` when n_allowed > 0).
 * Order of preference, as lvm2's "normal" policy:
 *   1. contiguous: right after the LV's last extent on the same PV;
 *   2. cling: other free space on PVs the LV already uses;
 *   3. anywhere: largest free area first.
 * Adjacent pieces are merged into one segment.  Returns 0, or -1 after
 * logging how many extents were missing (the LV is then unchanged). */
int alloc_extend_lv(struct vg *vg, struct lv *lv, uint32_t extents, struct pv *const *allowed,
                    size_t n_allowed);

/* Shrink `lv` to `extents` logical extents, dropping or trimming segments
 * from the end.  extents must be >= 1 and < lv_extents(lv). */
void alloc_reduce_lv(struct lv *lv, uint32_t extents);

/* Free extents the allocator could use for a request restricted to
 * `allowed` (all allocatable PVs when n_allowed == 0). */
uint32_t alloc_free_extents(const struct vg *vg, struct pv *const *allowed, size_t n_allowed);

#endif
