/* Sizing rules (see sizing.h). */
#include "metadata/sizing.h"
#include "metadata/alloc.h"

enum sizing_result size_from_sectors(uint64_t sectors, uint32_t extent_size, uint32_t *extents,
                                     int *rounded)
{
	uint64_t n = sectors / extent_size + (sectors % extent_size != 0);
	*rounded = sectors % extent_size != 0;
	if (!n)
		return SIZING_ZERO;
	if (n > UINT32_MAX)
		return SIZING_TOO_LARGE;
	*extents = (uint32_t)n;
	return SIZING_OK;
}

enum sizing_result size_from_extents_arg(const struct extents_arg *ea, const struct size_bases *b,
                                         uint32_t *extents)
{
	uint64_t n, up = b->round_up ? 99 : 0;

	switch (ea->base) {
	case PERCENT_NONE:
		n = ea->count;
		break;
	case PERCENT_VG:
		n = (ea->count * b->vg_extents + up) / 100;
		break;
	case PERCENT_FREE:
		n = (ea->count * b->free_extents + up) / 100;
		break;
	case PERCENT_PVS:
		n = (ea->count * b->pvs_extents + up) / 100;
		break;
	case PERCENT_LV:
		if (!b->lv_extents)
			return SIZING_NOT_HERE;
		n = (ea->count * b->lv_extents + up) / 100;
		break;
	case PERCENT_ORIGIN:
		if (!b->origin_extents)
			return SIZING_NOT_HERE;
		/* the metadata estimate plus the percent, rounded up */
		n = (uint64_t)(b->origin_max_cow - b->origin_extents) +
		    (ea->count * b->origin_extents + 99) / 100;
		break;
	default:
		return SIZING_NOT_HERE;
	}
	if (!n)
		return SIZING_ZERO;
	if (n > UINT32_MAX)
		return SIZING_TOO_LARGE;
	*extents = (uint32_t)n;
	return SIZING_OK;
}

enum sizing_result size_apply_sign(uint32_t current, enum sign sign, uint64_t amount,
                                   uint32_t *target)
{
	uint64_t t = sign == SIGN_PLUS    ? current + amount
	             : sign == SIGN_MINUS ? (amount >= current ? 0 : current - amount)
	                                  : amount;
	if (!t)
		return SIZING_ZERO;
	if (t > UINT32_MAX)
		return SIZING_TOO_LARGE;
	*target = (uint32_t)t;
	return SIZING_OK;
}

void size_bases_of(const struct vg *vg, const struct lv *lv, const struct lv *origin,
                   uint32_t chunk, int with_overhead, int leak_chunks, struct pv *const *pvs,
                   size_t n_pvs, struct size_bases *b)
{
	b->vg_extents = vg_extent_count(vg);
	b->free_extents = vg_free_extents(vg);
	/* lvm2: the free extents of the PVs named, or the whole VG */
	b->pvs_extents = n_pvs ? alloc_free_extents(vg, pvs, n_pvs) : vg_extent_count(vg);
	b->lv_extents = lv ? lv_extents(lv) : 0;
	b->origin_extents = origin ? lv_extents(origin) : 0;
	b->origin_max_cow = origin && with_overhead
	                        ? cow_max_extents(lv_extents(origin), vg->extent_size, chunk, leak_chunks)
	                        : b->origin_extents;
	b->round_up = 0;
}

int cow_too_small(uint32_t extents, uint32_t extent_size, uint32_t chunk)
{
	return (uint64_t)extents * extent_size < (uint64_t)COW_MIN_CHUNKS * chunk;
}

enum resize_check resize_check_target(enum resize_kind kind, uint32_t current, uint32_t cow_max,
                                      uint32_t *target, int *capped)
{
	*capped = 0;
	/* growing a COW past what the origin can ever fill wastes space */
	if (cow_max && *target > current) {
		/* (lvm2 says it reached the maximum also of a COW already
		 * past it, as a sparse snapshot's may be from the start) */
		if (current > cow_max) {
			*capped = 1;
			return RESIZE_COW_AT_MAX;
		}
		if (*target > cow_max) {
			*target = cow_max;
			*capped = 1;
		}
		/* already at the maximum: lvm2 says so, then "unchanged", and
		 * succeeds without a commit (lvm2 2.03.16, fixtures) */
		if (*target == current)
			return RESIZE_OK;
	}
	if (*target == current)
		return RESIZE_SAME;
	if (kind == RESIZE_EXTEND && *target < current)
		return RESIZE_NOT_LARGER;
	if (kind == RESIZE_REDUCE && *target > current)
		return RESIZE_NOT_SMALLER;
	return RESIZE_OK;
}
