/* Missing PVs and partial LVs (see missing.h). */
#include "metadata/missing.h"

int pv_is_missing(const struct pv *pv)
{
	return !pv->dev_path || (pv->status & PV_MISSING);
}

size_t vg_missing_pv_count(const struct vg *vg)
{
	size_t n = 0;
	for (size_t i = 0; i < vg->n_pvs; i++)
		n += pv_is_missing(vg->pvs[i]);
	return n;
}

void vg_settle_missing(struct vg *vg, enum pv_presence *out)
{
	for (size_t i = 0; i < vg->n_pvs; i++) {
		struct pv *pv = vg->pvs[i];
		enum pv_presence p = PV_PRESENT;

		if (!pv->dev_path) {
			pv->status |= PV_MISSING;
			p = PV_GONE;
		} else if (pv->status & PV_MISSING) {
			/* back after the VG changed without it: harmless when
			 * nothing lives on it, otherwise its extents may hold
			 * stale data and it stays missing until the user says */
			if (pv_used_extents(vg, pv)) {
				p = PV_BACK_ALLOCATED;
			} else {
				pv->status &= ~PV_MISSING;
				pv->missing_cleared = 1;
				p = PV_BACK_UNUSED;
			}
		}
		if (out)
			out[i] = p;
	}
}

/* Has `lv` an extent on a PV that `missing` says is missing? */
static int lv_on_pv_where(const struct lv *lv, int (*missing)(const struct pv *pv))
{
	for (size_t i = 0; i < lv->n_segs; i++) {
		const struct segment *seg = &lv->segs[i];
		if (seg->type != SEG_STRIPED)
			continue;
		for (uint32_t a = 0; a < seg->stripe_count; a++)
			if (missing(seg->areas[a].pv))
				return 1;
	}
	return 0;
}

static int lv_on_missing_pv(const struct lv *lv)
{
	return lv_on_pv_where(lv, pv_is_missing);
}

static int pv_has_no_device(const struct pv *pv)
{
	return !pv->dev_path;
}

int lv_has_lost_area(const struct lv *lv)
{
	return lv_on_pv_where(lv, pv_has_no_device);
}

int lv_is_partial(const struct vg *vg, const struct lv *lv)
{
	if (lv_on_missing_pv(lv))
		return 1;
	/* lvm2 2.03.16 (checked in the sandbox): an origin is partial when
	 * the COW of one of its snapshots is, a snapshot whose origin is
	 * lost is not (only its own extents count) */
	(void)vg;
	for (size_t i = 0; i < lv->n_snapshots; i++)
		if (lv->snapshots[i]->cow && lv_on_missing_pv(lv->snapshots[i]->cow))
			return 1;
	return 0;
}

struct lv *vg_next_partial_lv(const struct vg *vg)
{
	for (size_t i = 0; i < vg->n_lvs; i++)
		if (lv_is_user_visible(vg, vg->lvs[i]) && lv_is_partial(vg, vg->lvs[i]))
			return vg->lvs[i];
	return NULL;
}

size_t vg_remove_missing_pvs(struct vg *vg)
{
	size_t n = 0;
	for (size_t i = 0; i < vg->n_pvs;) {
		struct pv *pv = vg->pvs[i];
		if (pv_is_missing(pv) && !pv_used_extents(vg, pv)) {
			vg_remove_pv(vg, pv);
			n++;
		} else {
			i++;
		}
	}
	return n;
}
