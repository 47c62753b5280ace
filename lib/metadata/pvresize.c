/* pvresize's arithmetic (see pvresize.h). */
#include <stdlib.h>

#include "metadata/pvresize.h"

static uint64_t min_sectors = 4096;

void pv_set_min_sectors(uint64_t sectors)
{
	min_sectors = sectors;
}

uint64_t pv_min_sectors(void)
{
	return min_sectors;
}

struct pv_resize pv_resize_orphan(uint64_t sectors, uint64_t pe_start)
{
	struct pv_resize r = {PV_RESIZE_OK, 0, 0};

	/* lvm2's order: the floor first, then the data start */
	if (sectors < min_sectors)
		r.result = PV_RESIZE_BELOW_MIN;
	else if (sectors < pe_start)
		r.result = PV_RESIZE_BELOW_PE_START;
	return r;
}

struct pv_resize pv_resize(struct vg *vg, struct pv *pv, uint64_t sectors, uint64_t end_mda)
{
	struct pv_resize r = pv_resize_orphan(sectors, pv->pe_start);
	struct pv_use *uses;
	size_t n;
	uint64_t count;

	if (r.result != PV_RESIZE_OK)
		return r;
	/* the data end where the area at the end begins, which lvm2 takes
	 * off the size it writes too */
	sectors -= end_mda < sectors - pv->pe_start ? end_mda : sectors - pv->pe_start;
	count = (sectors - pv->pe_start) / vg->extent_size;
	if (!count) {
		r.result = PV_RESIZE_NO_EXTENT;
		return r;
	}
	/* more than the text's u32 can say is more than any PV has */
	r.pe_count = count > UINT32_MAX ? UINT32_MAX : (uint32_t)count;
	if (r.pe_count < pv->pe_count) {
		r.allocated = pv_used_extents(vg, pv);
		if (r.pe_count < r.allocated) {
			r.result = PV_RESIZE_ALLOCATED;
			return r;
		}
		n = pv_uses(vg, pv, &uses);
		for (size_t i = 0; i < n; i++)
			if ((uint64_t)uses[i].pe + uses[i].len > r.pe_count)
				r.result = PV_RESIZE_LATER_ALLOCATED;
		free(uses);
		if (r.result != PV_RESIZE_OK)
			return r;
	}
	pv->pe_count = r.pe_count;
	pv->dev_size = sectors - pv->pe_start;
	return r;
}
