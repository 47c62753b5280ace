/* vgsplit's, vgmerge's and vgexport's rules over the model (split.h). */
#include <stdlib.h>
#include <string.h>

#include "metadata/split.h"
#include "misc/xalloc.h"

static size_t pv_index(const struct vg *vg, const struct pv *pv)
{
	for (size_t i = 0; i < vg->n_pvs; i++)
		if (vg->pvs[i] == pv)
			return i;
	fatal_bug("PV %s is not in VG %s", pv->id, vg->name);
}

static size_t lv_index(const struct vg *vg, const struct lv *lv)
{
	/* the origin and COW of a snapshot, found through the model's links;
	 * VGs with many snapshots split rarely, so a walk will do */
	for (size_t i = 0; i < vg->n_lvs; i++)
		if (vg->lvs[i] == lv)
			return i;
	fatal_bug("LV %s is not in VG %s", lv->name, vg->name);
}

/* Where the extents of `lv` lie: 1 all on PVs that go, 0 all on PVs that
 * stay (or none at all), -1 both. */
static int lv_side(const struct vg *vg, const struct lv *lv, const unsigned char *pv_moves)
{
	int side = -2;
	for (size_t s = 0; s < lv->n_segs; s++) {
		const struct segment *seg = &lv->segs[s];
		if (seg->type != SEG_STRIPED)
			continue;
		for (uint32_t a = 0; a < seg->stripe_count; a++) {
			int here;
			if (!seg->areas[a].pv)
				continue;
			here = pv_moves[pv_index(vg, seg->areas[a].pv)];
			if (side == -2)
				side = here;
			else if (side != here)
				return -1;
		}
	}
	/* lvm2 moves an LV that uses no PV at all: a sparse snapshot's
	 * virtual origin goes with any split (and the split is refused
	 * when its snapshot's COW stays); the snapshotN LVs go their own
	 * way */
	return side == -2 ? 1 : side;
}

static int refuse(struct split_plan *plan, enum split_refusal why, const struct lv *lv)
{
	plan->why = why;
	plan->culprit = lv;
	return -1;
}

int vg_split_plan(const struct vg *vg, struct pv *const *pvs, size_t n_pvs,
                  const unsigned char *lv_active, struct split_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	plan->pv_moves = xcalloc(vg->n_pvs + 1, 1);
	plan->lv_moves = xcalloc(vg->n_lvs + 1, 1);
	plan->lvs = xcalloc(vg->n_lvs + 1, sizeof(*plan->lvs));
	for (size_t i = 0; i < n_pvs; i++)
		plan->pv_moves[pv_index(vg, pvs[i])] = 1;
	/* lvm2's _move_lvs: one pass in the VG's order, each LV refused or
	 * moved as it comes */
	for (size_t i = 0; i < vg->n_lvs; i++) {
		const struct lv *lv = vg->lvs[i];
		int side;
		if (lv_snapshot_segment(lv))
			continue;
		side = lv_side(vg, lv, plan->pv_moves);
		if (side < 0)
			return refuse(plan, SPLIT_LV_SPANS, lv);
		if (!side)
			continue;
		if (lv_active && lv_active[i])
			return refuse(plan, SPLIT_LV_ACTIVE, lv);
		plan->lv_moves[i] = 1;
		plan->lvs[plan->n_lvs++] = vg->lvs[i];
	}
	/* then _move_snapshots: a snapshot goes with its origin and COW */
	for (size_t i = 0; i < vg->n_lvs; i++) {
		const struct segment *seg = lv_snapshot_segment(vg->lvs[i]);
		int origin_goes, cow_goes;
		if (!seg || !seg->origin || !seg->cow)
			continue;
		origin_goes = plan->lv_moves[lv_index(vg, seg->origin)];
		cow_goes = plan->lv_moves[lv_index(vg, seg->cow)];
		if (origin_goes != cow_goes)
			return refuse(plan, SPLIT_SNAPSHOT_SPANS, seg->cow);
		if (!origin_goes)
			continue;
		if (lv_active && lv_active[i])
			return refuse(plan, SPLIT_LV_ACTIVE, vg->lvs[i]);
		plan->lv_moves[i] = 1;
		plan->lvs[plan->n_lvs++] = vg->lvs[i];
	}
	return 0;
}

void split_plan_release(struct split_plan *plan)
{
	free(plan->pv_moves);
	free(plan->lv_moves);
	free(plan->lvs);
	memset(plan, 0, sizeof(*plan));
}

struct vg *vg_split_off(struct vg *vg, struct pv *const *pvs, size_t n_pvs,
                        const struct split_plan *plan)
{
	struct vg *part = vg_new(vg->name, vg->extent_size);
	/* asked before any is freed */
	unsigned char *is_snap = xcalloc(plan->n_lvs + 1, 1);

	vg_append(part, vg, pvs, n_pvs, plan->lvs, plan->n_lvs);
	for (size_t i = 0; i < plan->n_lvs; i++)
		is_snap[i] = lv_snapshot_segment(plan->lvs[i]) != NULL;
	/* snapshots first: an origin or COW leaves only unreferenced */
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < plan->n_lvs; i++)
			if (is_snap[i] == (pass == 0))
				vg_remove_lv(vg, plan->lvs[i]);
	free(is_snap);
	for (size_t i = 0; i < n_pvs; i++)
		vg_remove_pv(vg, pvs[i]);
	return part;
}

size_t lv_pvs_used(const struct lv *lv, struct pv ***out)
{
	size_t n = 0;
	*out = NULL;
	for (size_t s = 0; s < lv->n_segs; s++) {
		const struct segment *seg = &lv->segs[s];
		for (uint32_t a = 0; seg->type == SEG_STRIPED && a < seg->stripe_count; a++) {
			struct pv *pv = seg->areas[a].pv;
			int seen = 0;
			for (size_t k = 0; k < n && !seen; k++)
				seen = (*out)[k] == pv;
			if (!pv || seen)
				continue;
			*out = xrealloc(*out, (n + 1) * sizeof(**out));
			(*out)[n++] = pv;
		}
	}
	return n;
}

enum merge_refusal vg_merge_check(const struct vg *dst, const struct vg *src,
                                  const struct lv **clash)
{
	*clash = NULL;
	if (dst->extent_size != src->extent_size)
		return MERGE_EXTENT_SIZE;
	if (dst->max_pv && dst->max_pv < dst->n_pvs + src->n_pvs)
		return MERGE_MAX_PV;
	if (dst->max_lv && dst->max_lv < vg_visible_lv_count(dst) + vg_visible_lv_count(src))
		return MERGE_MAX_LV;
	/* dst's order first, as lvm2 names the first clash it meets */
	for (size_t i = 0; i < dst->n_lvs; i++)
		if (vg_find_lv(src, dst->lvs[i]->name)) {
			*clash = dst->lvs[i];
			return MERGE_LV_NAME;
		}
	return MERGE_OK;
}

void vg_set_exported(struct vg *vg, int exported)
{
	if (exported)
		vg->status |= VG_EXPORTED;
	else
		vg->status &= ~(unsigned)VG_EXPORTED;
	for (size_t i = 0; i < vg->n_pvs; i++)
		if (exported)
			vg->pvs[i]->status |= PV_EXPORTED;
		else
			vg->pvs[i]->status &= ~(unsigned)PV_EXPORTED;
	free(vg->system_id);
	vg->system_id = NULL;
}
