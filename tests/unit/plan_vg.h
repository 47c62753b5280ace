/* The VG the planner's unit tests share (test_activate_plan.c and
 * test_activate_plan_promises.c): one PV at /dev/ubda (major 98 in the
 * tests' kernel states), origin "base" (4 extents of 4 MiB), snapshot
 * "snap" (COW of 2 extents, chunk 8 sectors) and "other" (plain, 1
 * extent); the snapshot and "other" are optional, so a test can hold the
 * metadata before and after a command with the same ids.  Include after
 * unit.h with VGTOOL_UNIT_MODEL defined. */
#ifndef VGTOOL_UNIT_PLAN_VG_H
#define VGTOOL_UNIT_PLAN_VG_H

#include "metadata/metadata.h"
#include "misc/xalloc.h"

/* The dm uuid prefix of the VG's devices (ids[1] is its id), and of an LV. */
#define VG_SCOPE "LVM-aG9Ogyk8ZHE31yHB1wuntVAVlPwW8IJC"
#define U(lv)    VG_SCOPE lv

enum { WITH_SNAPSHOT = 1, WITH_OTHER = 2 };

static inline struct vg *plan_vg(unsigned with)
{
	struct vg *vg = vg_new("vg", 8192);
	struct pv *pv = vg_add_pv(vg, ids[0], 1 << 20, 2048, 100);
	struct lv *origin;

	memcpy(vg->id, ids[1], 32);
	pv->dev_path = xstrdup("/dev/ubda");
	origin = linear(vg, "base", ids[2], pv, 0, 4);
	if (with & WITH_SNAPSHOT)
		snapshot(vg, origin, linear(vg, "snap", ids[3], pv, 4, 2), ids[4], 8);
	if (with & WITH_OTHER)
		linear(vg, "other", ids[5], pv, 6, 1);
	return vg;
}

static inline struct vg *test_vg(void)
{
	return plan_vg(WITH_SNAPSHOT | WITH_OTHER);
}

#endif
