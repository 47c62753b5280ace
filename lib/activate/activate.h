/* Activation of a VG's LVs: the glue between the model, the planner, the
 * executor and /dev links.  No libdevmapper here (that is dm.c).
 *
 * (Folder lib/activate: from the model to the kernel: dm names, the pure
 * planner (plan.h), the executor (dm.c, the only file that includes
 * libdevmapper.h) and /dev links.  It never writes metadata.) */
#ifndef VGTOOL_ACTIVATE_H
#define VGTOOL_ACTIVATE_H

#include <stddef.h>
#include "activate/plan.h"
#include "metadata/metadata.h"
#include "misc/strbuf.h"

struct act {
	struct vg *vg;
	struct kdm_state have;
	char *prefix; /* "LVM-<vg id>" */
	int test_mode;
	/* test mode: what act_converge() would have run, for the command to
	 * print (lib/ does not print) */
	struct strbuf test_plan;
	/* a plan ran since the kernel's state was read: `have` knows which
	 * devices exist but not all their tables (act_reread) */
	int changed;
	/* the LVs whose devices' read-only flag act_converge() makes follow
	 * the metadata (kdm_devs_ro_follow): the callers set them for one
	 * plan, the LVs activated or refreshed by name */
	struct lv *const *ro_follow;
	size_t n_ro_follow;
};

/* Read what the kernel has for this VG (and attach image-file PVs to loop
 * devices when `for_change`, replacing their dev_path).  0 or -1. */
int act_begin(struct act *a, struct vg *vg, int test_mode, int for_change);
void act_end(struct act *a);
/* Read the kernel's state again, for another plan after one that ran.
 * 0 or -1 (logged). */
int act_reread(struct act *a);

/* Is this LV active (its top device, or for a snapshot its device, is in
 * the kernel)?  Is it open (mounted, in use)? */
int act_lv_active(const struct act *a, const struct lv *lv);
int act_lv_open(const struct act *a, const struct lv *lv);
/* The top device's kernel entry, or NULL. */
const struct kdm_kdev *act_lv_kdev(const struct act *a, const struct lv *lv);
/* Activating `unit` (an LV and, an origin, its snapshots) would create a
 * device with a persistent minor (lvchange -My) that a device other than
 * the LV's own holds, or that `claimed` (the minors units planned before
 * it take) lists: that minor, else -1.  Without it, the unit's fixed
 * minors are appended to `claimed` (room for every LV of the VG). */
int act_unit_minor_taken(const struct act *a, const struct lv *unit, int *claimed,
                         size_t *n_claimed);

/* Make the kernel hold exactly the LVs in `active` (plus what they
 * need: an origin's snapshots and vice versa) and nothing else of this
 * VG, but for the LVs in `keep` (with their groups), whose devices stay
 * exactly as they are.  In test mode nothing runs and the plan goes to
 * a->test_plan.  /dev/VG/LV links follow when udev does not make them.
 * 0 or -1 (logged; what ran of a plan that failed was undone as far as
 * it could be, see kdm_run_plan). */
int act_converge(struct act *a, struct lv *const *active, size_t n, struct lv *const *keep,
                 size_t n_keep);
/* Could act_converge() run with these LVs: can each be activated, and is
 * no name taken by a device of someone else?  For checks before a
 * metadata commit.  0 or -1 (logged). */
int act_check(struct act *a, struct lv *const *active, size_t n);
/* The LVs active now, as a list for act_converge (caller frees). */
size_t act_active_lvs(const struct act *a, struct lv ***out);

/* /dev/VG/LV links (DM_DEV_DIR honoured) when udev does not manage them:
 * make those of the visible active LVs, remove stale ones. */
void links_sync(const char *vg_name, const struct vg *vg, const struct act *a);
void links_remove_vg(const char *vg_name);

#endif
