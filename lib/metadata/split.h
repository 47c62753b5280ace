/* PVs and LVs moving between VGs (vgsplit, vgmerge) and the exported
 * state (vgexport, vgimport): lvm2's rules as pure functions over the
 * model.  The tools print lvm2's messages for the refusals named here. */
#ifndef VGTOOL_SPLIT_H
#define VGTOOL_SPLIT_H

#include "metadata/metadata.h"

enum split_refusal {
	SPLIT_OK = 0,
	/* an LV with extents on PVs that go and on PVs that stay (culprit):
	 * "Can't split Logical Volume LV between two Volume Groups" */
	SPLIT_LV_SPANS,
	/* an LV that would go is active: "Logical volume VG/LV must be
	 * inactive." */
	SPLIT_LV_ACTIVE,
	/* a snapshot whose origin goes and COW stays, or the reverse
	 * (culprit: the COW LV, the name lvm2 shows) */
	SPLIT_SNAPSHOT_SPANS,
};

struct split_plan {
	unsigned char *pv_moves; /* per PV, vg->pvs order: 1 when it goes */
	unsigned char *lv_moves; /* per LV, vg->lvs order */
	/* The LVs that go, in the order lvm2 moves them (so their order in
	 * the new VG's text): every LV but the snapshotN ones in the VG's
	 * order, then the snapshotN LVs whose origin and COW both went. */
	struct lv **lvs;
	size_t n_lvs;
	enum split_refusal why;
	const struct lv *culprit;
};

/* Which LVs go with the PVs `pvs` of `vg`, as lvm2's vgsplit decides:
 * each LV whose extents all lie on them (a COW and an origin like any
 * LV), then each snapshot whose origin and COW both went.  `lv_active`
 * (per LV in vg->lvs order; NULL: none is) marks the active ones, which
 * may not go.  The checks come in lvm2's order, so the refusal is the one
 * lvm2 reports first.  Returns 0, or -1 with plan->why and plan->culprit;
 * the plan is allocated either way (split_plan_release). */
int vg_split_plan(const struct vg *vg, struct pv *const *pvs, size_t n_pvs,
                  const unsigned char *lv_active, struct split_plan *plan);
void split_plan_release(struct split_plan *plan);

/* Take what a successful plan moves out of `vg` into a new model (named
 * as vg, its extent size, nothing else set): the PVs in the order of
 * `pvs`, the LVs in the plan's order.  vg no longer has them. */
struct vg *vg_split_off(struct vg *vg, struct pv *const *pvs, size_t n_pvs,
                        const struct split_plan *plan);

/* The PVs the extents of `lv` use (vgsplit -n LV), in segment order, each
 * once.  The count; *out allocated (NULL when none). */
size_t lv_pvs_used(const struct lv *lv, struct pv ***out);

/* Can the LVs and PVs of `src` join `dst` (vgmerge, vgsplit into an
 * existing VG)?  lvm2's vgs_are_compatible, in its order, but for the
 * active LVs the tools check. */
enum merge_refusal {
	MERGE_OK = 0,
	MERGE_EXTENT_SIZE, /* "Extent sizes differ: ..." */
	MERGE_MAX_PV,      /* dst's max_pv would be exceeded */
	MERGE_MAX_LV,      /* dst's max_lv would be exceeded (visible LVs) */
	MERGE_LV_NAME,     /* an LV name (hidden ones too) in both: *clash */
};
enum merge_refusal vg_merge_check(const struct vg *dst, const struct vg *src,
                                  const struct lv **clash);

/* vgexport (1) / vgimport (0): the EXPORTED flag on the VG and on each of
 * its PVs, where lvm2 writes it; both drop the system ID, as lvm2 does
 * when it has no system ID of its own (vgtool never has one). */
void vg_set_exported(struct vg *vg, int exported);

#endif
