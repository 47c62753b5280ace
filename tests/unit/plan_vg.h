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

/* A VG whose second PV is lost (no device, as a read leaves a PV it did
 * not find), or back at /dev/ubdb (major 98, minor 16) with `back`:
 * LOST_LINEAR: "lin" (2 extents) on the lost PV, "span" with its first
 * extent on /dev/ubda and its second on the lost PV; LOST_COW: origin
 * "base" (4 extents) on /dev/ubda, its snapshot "snap"'s COW (2) on the
 * lost PV; LOST_ORIGIN: the other way round.  The ids are plan_vg's. */
enum { LOST_LINEAR = 1, LOST_COW = 2, LOST_ORIGIN = 4 };
#define LOST_PV_ID "lostPV0aBcDeFgHiJkLmNoPqRsTuVwXy"

static inline struct vg *lost_pv_vg(unsigned with, int back)
{
	struct vg *vg = vg_new("vg", 8192);
	struct pv *pv = vg_add_pv(vg, ids[0], 1 << 20, 2048, 100);
	struct pv *lost = vg_add_pv(vg, LOST_PV_ID, 1 << 20, 2048, 100);

	memcpy(vg->id, ids[1], 32);
	pv->dev_path = xstrdup("/dev/ubda");
	if (back)
		lost->dev_path = xstrdup("/dev/ubdb");
	if (with & (LOST_COW | LOST_ORIGIN)) {
		int cow_lost = (with & LOST_COW) != 0;
		struct lv *origin = linear(vg, "base", ids[2], cow_lost ? pv : lost, 0, 4);
		snapshot(vg, origin, linear(vg, "snap", ids[3], cow_lost ? lost : pv, 4, 2), ids[4],
		         8);
	}
	if (with & LOST_LINEAR) {
		struct lv *span = linear(vg, "span", ids[7], pv, 10, 1);
		struct segment *seg = lv_add_segment(span, SEG_STRIPED, 1, 1, 1);
		seg->areas[0].pv = lost;
		seg->areas[0].pe = 8;
		linear(vg, "lin", ids[6], lost, 6, 2);
	}
	return vg;
}

#endif
