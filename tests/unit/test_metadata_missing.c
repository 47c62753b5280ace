/* lib/metadata/missing.c: which PVs are missing, which LVs they take down,
 * and the order vgreduce --removemissing --force removes them in, against
 * lvm2 (lib/metadata/metadata.c _set_pv_device, vg_read,
 * vg_mark_partial_lvs; tools/vgreduce.c _make_vg_consistent). */
#define VGTOOL_UNIT_MODEL
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "metadata/missing.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

/* pv0 present, pv1 gone; the LVs of scenario 053:
 *   whole  on pv1            keep  on pv0
 *   span   pv0 then pv1      orig  on pv0, its snapshot "snap" on pv1
 *   orig2  on pv1, its snapshot "snap2" on pv0
 *   orig3  on pv0, its snapshot "snap3" on pv0 */
static struct vg *lost_vg(void)
{
	struct vg *vg = vg_new("vg", 8192);
	struct pv *p0 = vg_add_pv(vg, ids[0], 409600, 2048, 49);
	struct pv *p1 = vg_add_pv(vg, ids[1], 409600, 2048, 49);
	struct lv *span, *o;
	struct segment *seg;

	p0->dev_path = xstrdup("/dev/mapper/l0");
	p1->device_hint = xstrdup("/dev/mapper/l1");
	linear(vg, "whole", ids[2], p1, 0, 2);
	linear(vg, "keep", ids[3], p0, 0, 2);
	span = linear(vg, "span", ids[4], p0, 2, 2);
	seg = lv_add_segment(span, SEG_STRIPED, 2, 2, 1);
	seg->areas[0].pv = p1;
	seg->areas[0].pe = 2;
	o = linear(vg, "orig", ids[5], p0, 4, 2);
	snapshot(vg, o, linear(vg, "snap", ids[6], p1, 4, 2), ids[7], 8);
	o = linear(vg, "orig2", "orig2orig2orig2orig2orig2orig2o2", p1, 6, 2);
	snapshot(vg, o, linear(vg, "snap2", "snap2snap2snap2snap2snap2snap2s2", p0, 6, 2),
	         "snapshot1snapshot1snapshot1snap1", 8);
	o = linear(vg, "orig3", "orig3orig3orig3orig3orig3orig3o3", p0, 8, 2);
	snapshot(vg, o, linear(vg, "snap3", "snap3snap3snap3snap3snap3snap3s3", p0, 10, 2),
	         "snapshot2snapshot2snapshot2snap2", 8);
	return vg;
}

static void test_settle_gone(void **state)
{
	struct vg *vg = lost_vg();
	enum pv_presence p[2];
	(void)state;
	/* before the read settles it, a PV without a device is missing all
	 * the same (reports of a VG read by hand) */
	assert_int_equal(vg_missing_pv_count(vg), 1);
	vg_settle_missing(vg, p);
	assert_int_equal(p[0], PV_PRESENT);
	assert_int_equal(p[1], PV_GONE);
	/* written MISSING by the next commit, as lvm2 does */
	assert_int_equal(vg->pvs[1]->status, PV_ALLOCATABLE | PV_MISSING);
	assert_int_equal(vg->pvs[0]->status, PV_ALLOCATABLE);
	assert_true(pv_is_missing(vg->pvs[1]));
	assert_false(pv_is_missing(vg->pvs[0]));
	vg_free(vg);
}

static void test_settle_reappeared(void **state)
{
	struct vg *vg = lost_vg();
	enum pv_presence p[2];
	(void)state;
	/* back, with extents in use: stays missing (its data may be stale) */
	vg->pvs[1]->dev_path = xstrdup("/dev/mapper/l1");
	vg->pvs[1]->status |= PV_MISSING;
	vg_settle_missing(vg, p);
	assert_int_equal(p[1], PV_BACK_ALLOCATED);
	assert_true(vg->pvs[1]->status & PV_MISSING);
	assert_true(lv_is_partial(vg, vg_find_lv(vg, "whole")));
	vg_free(vg);

	/* back, nothing on it: the flag goes */
	vg = vg_new("vg", 8192);
	vg_add_pv(vg, ids[0], 409600, 2048, 49)->dev_path = xstrdup("/dev/a");
	vg_add_pv(vg, ids[1], 409600, 2048, 49)->dev_path = xstrdup("/dev/b");
	vg->pvs[1]->status |= PV_MISSING;
	linear(vg, "lv", ids[2], vg->pvs[0], 0, 2);
	vg_settle_missing(vg, NULL);
	assert_int_equal(vg->pvs[1]->status, PV_ALLOCATABLE);
	assert_true(vg->pvs[1]->missing_cleared);
	assert_false(vg->pvs[0]->missing_cleared);
	assert_int_equal(vg_missing_pv_count(vg), 0);
	vg_free(vg);
}

static void test_partial_lvs(void **state)
{
	struct vg *vg = lost_vg();
	static const struct {
		const char *name;
		int partial;
	} want[] = {
	    {"whole", 1}, {"keep", 0},  {"span", 1},  {"orig", 1},  {"snap", 1},
	    {"orig2", 1}, {"snap2", 0}, {"orig3", 0}, {"snap3", 0},
	};
	(void)state;
	vg_settle_missing(vg, NULL);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct lv *lv = vg_find_lv(vg, want[i].name);
		assert_non_null(lv);
		if (lv_is_partial(vg, lv) != want[i].partial)
			fail_msg("%s: partial %d, expected %d", want[i].name, !want[i].partial,
			         want[i].partial);
	}
	/* the snapshotN LVs hold no extents and depend on nothing: never
	 * partial (lvm2's _lv_each_dependency does not follow a snapshot
	 * segment) */
	for (size_t i = 0; i < vg->n_lvs; i++)
		if (lv_snapshot_segment(vg->lvs[i]))
			assert_false(lv_is_partial(vg, vg->lvs[i]));
	vg_free(vg);
}

/* lvm2's lv_remove_with_dependencies, as far as this VG needs it: an
 * origin takes its snapshots along. */
static void remove_with_snapshots(struct vg *vg, struct lv *lv)
{
	struct segment *cs = lv_cow_segment(vg, lv);
	if (cs) {
		vg_remove_snapshot(vg, cs);
		return;
	}
	for (size_t i = 0; i < vg->n_lvs;) {
		struct segment *s = lv_snapshot_segment(vg->lvs[i]);
		if (s && s->origin == lv) {
			vg_remove_snapshot(vg, s);
			i = 0;
		} else {
			i++;
		}
	}
	vg_remove_lv(vg, lv);
}

static void test_force_order(void **state)
{
	struct vg *vg = lost_vg();
	struct strbuf got = STRBUF_INIT;
	struct lv *lv;
	(void)state;
	vg_settle_missing(vg, NULL);
	/* the missing PV still holds extents: not removable yet */
	assert_int_equal(vg_remove_missing_pvs(vg), 0);
	assert_int_equal(vg->n_pvs, 2);
	/* in the VG's LV order, restarting after each removal: "orig" (its
	 * snapshot's COW is lost) takes "snap" along, "orig2" (lost) takes
	 * "snap2" (whole, but not partial by itself) */
	while ((lv = vg_next_partial_lv(vg))) {
		strbuf_addf(&got, "%s%s", got.len ? " " : "", lv->name);
		remove_with_snapshots(vg, lv);
	}
	assert_string_equal(got.buf, "whole span orig orig2");
	assert_null(vg_find_lv(vg, "snap2"));
	assert_null(vg_find_lv(vg, "snap"));
	assert_null(vg_find_lv(vg, "orig"));
	assert_non_null(vg_find_lv(vg, "snap3"));
	assert_int_equal(vg_remove_missing_pvs(vg), 1);
	assert_int_equal(vg->n_pvs, 1);
	assert_string_equal(vg->pvs[0]->id, ids[0]);
	assert_int_equal(vg_missing_pv_count(vg), 0);
	strbuf_release(&got);
	vg_free(vg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_settle_gone),
	    cmocka_unit_test(test_settle_reappeared),
	    cmocka_unit_test(test_partial_lvs),
	    cmocka_unit_test(test_force_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
