/* PVs that are missing, and what they take down with them: lvm2's rules
 * (lib/metadata/metadata.c vg_read, _set_pv_device, vg_mark_partial_lvs;
 * tools/vgreduce.c), as pure functions over the model.
 *
 * A PV is missing when no device holds it now (dev_path NULL), or when
 * the VG was written while it was gone: lvm2 then writes "MISSING" into
 * the PV's flags, and the flag stays after the device comes back until
 * `vgextend --restoremissing` (or `vgreduce --removemissing`) settles it. */
#ifndef VGTOOL_MISSING_H
#define VGTOOL_MISSING_H

#include <stddef.h>
#include "metadata/metadata.h"

int pv_is_missing(const struct pv *pv);
size_t vg_missing_pv_count(const struct vg *vg);

/* What a read decides about one PV (store.c prints lvm2's warnings). */
enum pv_presence {
	PV_PRESENT,        /* found, not flagged */
	PV_GONE,           /* no device: flagged MISSING, so a commit writes it */
	PV_BACK_UNUSED,    /* flagged, back, no extent used: the flag is dropped */
	PV_BACK_ALLOCATED, /* flagged, back, extents used: still missing */
};
/* Settle the MISSING flag of every PV after a read that set dev_path on
 * those found, as lvm2's vg_read does; `out` (n_pvs entries, may be NULL)
 * gets each PV's case. */
void vg_settle_missing(struct vg *vg, enum pv_presence *out);

/* lvm2's PARTIAL_LV: an extent on a missing PV, or (an origin) a
 * snapshot whose COW has one.  A snapshot of a lost origin is not
 * partial by itself; it goes with its origin. */
int lv_is_partial(const struct vg *vg, const struct lv *lv);

/* Has `lv` an extent on a PV that has no device now?  Activation maps
 * such an extent to I/O errors (partial activation); a PV written
 * MISSING whose device is back counts as present here (lvm2 maps it to
 * the device), while lv_is_partial still holds. */
int lv_has_lost_area(const struct lv *lv);

/* `vgreduce --removemissing --force`: the next LV to remove, with its
 * dependencies (an origin's snapshots), or NULL when no user-visible LV
 * is partial any more.  lvm2 restarts its walk of the VG's LVs after each
 * removal; so does the caller. */
struct lv *vg_next_partial_lv(const struct vg *vg);

/* Remove every missing PV that no extent uses; returns how many. */
size_t vg_remove_missing_pvs(struct vg *vg);

#endif
