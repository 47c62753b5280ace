/* Sizing rules (see sizing.h). */
#include "metadata/sizing.h"

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
	uint64_t n;

	switch (ea->base) {
	case PERCENT_NONE:
		n = ea->count;
		break;
	case PERCENT_VG:
		n = ea->count * b->vg_extents / 100;
		break;
	case PERCENT_FREE:
		n = ea->count * b->free_extents / 100;
		break;
	case PERCENT_PVS:
		n = ea->count * b->pvs_extents / 100;
		break;
	case PERCENT_LV:
		if (!b->lv_extents)
			return SIZING_NOT_HERE;
		n = ea->count * b->lv_extents / 100;
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
