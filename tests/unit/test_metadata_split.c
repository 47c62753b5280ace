/* lib/metadata/split.c: which LVs go with the PVs vgsplit moves and what
 * it refuses, what vgmerge refuses, and the exported flags, against lvm2
 * 2.03.16 (tools/vgsplit.c _move_lvs and _move_snapshots,
 * lib/metadata/metadata.c vgs_are_compatible, tools/vgexport.c); the
 * refusals are those scenario 064 sees lvm2 make. */
#define VGTOOL_UNIT_MODEL
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "metadata/split.h"
#include "metadata/validate.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

static const char *const more_ids[] = {
    "o2o2o2o2o2o2o2o2o2o2o2o2o2o2o2o2",
    "s2s2s2s2s2s2s2s2s2s2s2s2s2s2s2s2",
    "snap1snap1snap1snap1snap1snap1sn",
    "spanspanspanspanspanspanspanspan",
};

/* pv0, pv1, pv2 and the LVs of scenario 064:
 *   a on pv0          b on pv1          span on pv0 then pv1 (`with_span`)
 *   o on pv2, its snapshot s on pv2
 *   o2 on pv2, its snapshot s2 on pv1 (`with_s2`) */
static struct vg *split_vg(int with_span, int with_s2)
{
	struct vg *vg = vg_new("vg1", 8192);
	struct pv *p[3];
	struct lv *o;

	memcpy(vg->id, "vg1vg1vg1vg1vg1vg1vg1vg1vg1vg1vg", UUID_LEN);

	for (int i = 0; i < 3; i++) {
		char path[16];
		p[i] = vg_add_pv(vg, ids[i], 409600, 2048, 49);
		snprintf(path, sizeof(path), "/dev/vd%c", 'a' + i);
		p[i]->dev_path = xstrdup(path);
	}
	linear(vg, "a", ids[3], p[0], 0, 2);
	linear(vg, "b", ids[4], p[1], 0, 2);
	if (with_span) {
		struct lv *span = linear(vg, "span", more_ids[3], p[0], 2, 2);
		struct segment *seg = lv_add_segment(span, SEG_STRIPED, 2, 2, 1);
		seg->areas[0].pv = p[1];
		seg->areas[0].pe = 2;
	}
	o = linear(vg, "o", ids[5], p[2], 0, 2);
	snapshot(vg, o, linear(vg, "s", ids[6], p[2], 2, 2), ids[7], 8);
	o = linear(vg, "o2", more_ids[0], p[2], 4, 2);
	if (with_s2) {
		struct segment *seg =
		    snapshot(vg, o, linear(vg, "s2", more_ids[1], p[1], 4, 2), more_ids[2], 8);
		vg_rename_lv(vg, seg->lv, "snapshot1");
	}
	return vg;
}

static void assert_valid(const struct vg *vg)
{
	struct strbuf err = STRBUF_INIT;
	int r = vg_validate(vg, &err);
	if (r)
		fail_msg("%s: %s", vg->name, err.buf);
	strbuf_release(&err);
}

static void test_lv_spanning_refused(void **state)
{
	struct vg *vg = split_vg(1, 0);
	struct split_plan plan;
	(void)state;
	assert_int_equal(vg_split_plan(vg, &vg->pvs[1], 1, NULL, &plan), -1);
	assert_int_equal(plan.why, SPLIT_LV_SPANS);
	assert_string_equal(plan.culprit->name, "span");
	split_plan_release(&plan);
	/* the LV goes along when all its PVs do */
	assert_int_equal(vg_split_plan(vg, vg->pvs, 2, NULL, &plan), 0);
	assert_int_equal(plan.n_lvs, 3);
	assert_string_equal(plan.lvs[2]->name, "span");
	split_plan_release(&plan);
	vg_free(vg);
}

static void test_snapshot_apart_refused(void **state)
{
	struct vg *vg = split_vg(0, 1);
	struct split_plan plan;
	(void)state;
	/* o2 goes with pv2, its snapshot's COW s2 stays on pv1: lvm2 names
	 * the COW */
	assert_int_equal(vg_split_plan(vg, &vg->pvs[2], 1, NULL, &plan), -1);
	assert_int_equal(plan.why, SPLIT_SNAPSHOT_SPANS);
	assert_string_equal(plan.culprit->name, "s2");
	split_plan_release(&plan);
	/* and the other way round: the COW goes, the origin stays */
	assert_int_equal(vg_split_plan(vg, &vg->pvs[1], 1, NULL, &plan), -1);
	assert_int_equal(plan.why, SPLIT_SNAPSHOT_SPANS);
	assert_string_equal(plan.culprit->name, "s2");
	split_plan_release(&plan);
	vg_free(vg);
}

static void test_active_refused_in_lvm2_order(void **state)
{
	struct vg *vg = split_vg(1, 0);
	unsigned char active[16] = {0};
	struct split_plan plan;
	(void)state;
	/* an active LV that stays is no matter */
	active[0] = 1; /* a */
	assert_int_equal(vg_split_plan(vg, &vg->pvs[2], 1, active, &plan), 0);
	split_plan_release(&plan);
	/* b (active, going) comes before span (split) in the VG's order */
	active[1] = 1;
	assert_int_equal(vg_split_plan(vg, &vg->pvs[1], 1, active, &plan), -1);
	assert_int_equal(plan.why, SPLIT_LV_ACTIVE);
	assert_string_equal(plan.culprit->name, "b");
	split_plan_release(&plan);
	/* an active origin cannot go */
	active[3] = 1; /* o */
	assert_int_equal(vg_split_plan(vg, &vg->pvs[2], 1, active, &plan), -1);
	assert_int_equal(plan.why, SPLIT_LV_ACTIVE);
	assert_string_equal(plan.culprit->name, "o");
	split_plan_release(&plan);
	vg_free(vg);
}

static void test_split_off(void **state)
{
	struct vg *vg = split_vg(0, 0);
	struct pv *pv2 = vg->pvs[2];
	struct split_plan plan;
	struct vg *part;
	(void)state;
	assert_int_equal(vg_split_plan(vg, &pv2, 1, NULL, &plan), 0);
	/* lvm2's order: the LVs in the VG's order, the snapshotN ones last */
	assert_int_equal(plan.n_lvs, 4);
	assert_string_equal(plan.lvs[0]->name, "o");
	assert_string_equal(plan.lvs[1]->name, "s");
	assert_string_equal(plan.lvs[2]->name, "o2");
	assert_string_equal(plan.lvs[3]->name, "snapshot0");
	part = vg_split_off(vg, &pv2, 1, &plan);
	split_plan_release(&plan);
	memcpy(part->id, "vg2vg2vg2vg2vg2vg2vg2vg2vg2vg2vg", UUID_LEN);
	assert_int_equal(part->n_pvs, 1);
	assert_string_equal(part->pvs[0]->id, ids[2]);
	assert_int_equal(part->n_lvs, 4);
	assert_int_equal(vg->n_pvs, 2);
	assert_int_equal(vg->n_lvs, 2);
	assert_null(vg_find_lv(vg, "o"));
	assert_non_null(vg_find_lv(vg, "a"));
	/* the snapshot's links point into the new VG */
	assert_int_equal(lv_snapshot_count(part, vg_find_lv(part, "o")), 1);
	assert_ptr_equal(vg_find_lv(part, "s")->cow_of->origin, vg_find_lv(part, "o"));
	assert_ptr_equal(vg_find_lv(part, "o")->segs[0].areas[0].pv, part->pvs[0]);
	assert_valid(vg);
	assert_valid(part);
	/* and back: vgmerge */
	vg_append(vg, part, NULL, 0, NULL, 0);
	assert_int_equal(vg->n_pvs, 3);
	assert_int_equal(vg->n_lvs, 6);
	assert_valid(vg);
	vg_free(part);
	vg_free(vg);
}

static void test_lv_pvs_used(void **state)
{
	struct vg *vg = split_vg(1, 0);
	struct pv **pvs;
	(void)state;
	assert_int_equal(lv_pvs_used(vg_find_lv(vg, "span"), &pvs), 2);
	assert_ptr_equal(pvs[0], vg->pvs[0]);
	assert_ptr_equal(pvs[1], vg->pvs[1]);
	free(pvs);
	/* a COW's own PVs only, not its origin's (lvm2's vgsplit -n) */
	assert_int_equal(lv_pvs_used(vg_find_lv(vg, "s"), &pvs), 1);
	assert_ptr_equal(pvs[0], vg->pvs[2]);
	free(pvs);
	assert_int_equal(lv_pvs_used(vg_find_lv(vg, "snapshot0"), &pvs), 0);
	assert_null(pvs);
	vg_free(vg);
}

static void test_merge_check(void **state)
{
	struct vg *a = split_vg(0, 0), *b = vg_new("vg2", 8192), *c = vg_new("vg3", 2048);
	struct pv *pv = vg_add_pv(b, "pvpvpvpvpvpvpvpvpvpvpvpvpvpvpvpv", 409600, 2048, 49);
	const struct lv *clash;
	struct lv *o;
	(void)state;
	o = linear(b, "c", "cccccccccccccccccccccccccccccccc", pv, 0, 2);
	assert_int_equal(vg_merge_check(a, b, &clash), MERGE_OK);
	assert_int_equal(vg_merge_check(a, c, &clash), MERGE_EXTENT_SIZE);
	a->max_pv = 3;
	assert_int_equal(vg_merge_check(a, b, &clash), MERGE_MAX_PV);
	a->max_pv = 4;
	a->max_lv = 5; /* a, b, o, s, o2 visible in a; c in b */
	assert_int_equal(vg_merge_check(a, b, &clash), MERGE_MAX_LV);
	a->max_lv = 6;
	assert_int_equal(vg_merge_check(a, b, &clash), MERGE_OK);
	a->max_lv = 0;
	/* a snapshot in each: the hidden snapshot0 LVs clash, as in lvm2 */
	snapshot(b, o, linear(b, "sc", "scscscscscscscscscscscscscscscsc", pv, 2, 2),
	         "snsnsnsnsnsnsnsnsnsnsnsnsnsnsnsn", 8);
	assert_int_equal(vg_merge_check(a, b, &clash), MERGE_LV_NAME);
	assert_string_equal(clash->name, "snapshot0");
	vg_free(a);
	vg_free(b);
	vg_free(c);
}

static void test_exported(void **state)
{
	struct vg *vg = split_vg(0, 0);
	(void)state;
	vg->system_id = xstrdup("host1");
	vg_set_exported(vg, 1);
	assert_true(vg->status & VG_EXPORTED);
	for (size_t i = 0; i < vg->n_pvs; i++)
		assert_true(vg->pvs[i]->status & PV_EXPORTED);
	assert_null(vg->system_id);
	vg_set_exported(vg, 0);
	assert_int_equal(vg->status, VG_READ | VG_WRITE | VG_RESIZEABLE);
	for (size_t i = 0; i < vg->n_pvs; i++)
		assert_int_equal(vg->pvs[i]->status, PV_ALLOCATABLE);
	vg_free(vg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lv_spanning_refused),
	    cmocka_unit_test(test_snapshot_apart_refused),
	    cmocka_unit_test(test_active_refused_in_lvm2_order),
	    cmocka_unit_test(test_split_off),
	    cmocka_unit_test(test_lv_pvs_used),
	    cmocka_unit_test(test_merge_check),
	    cmocka_unit_test(test_exported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
