/* lib/activate/plan.c: the devices a VG implies (tables as lvm2 loads them)
 * and the ordered operations that take the kernel there, including the
 * live switch of a merge.  Pure: the kernel's state is written by hand. */
#define VGTOOL_UNIT_MODEL
#include "unit.h"

#include <sys/sysmacros.h>

#include "activate/plan.h"
#include "metadata/metadata.h"
#include "misc/xalloc.h"
#include "plan_vg.h"

static char *table_of(const struct kdm_devs *d, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->devs[i].name, name)) {
			kdm_table_text(&d->devs[i], NULL, NULL, &sb);
			return strbuf_detach(&sb, NULL);
		}
	return NULL;
}

static void expect_table(const struct kdm_devs *d, const char *name, const char *want)
{
	char *t = table_of(d, name);
	assert_non_null(t);
	assert_string_equal(t, want);
	free(t);
}

static void test_snapshot_stack(void **state)
{
	struct vg *vg = test_vg();
	struct kdm_devs d;
	(void)state;
	assert_int_equal(plan_desired(vg, NULL, 0, NULL, &d), 0);
	assert_int_equal(d.n, 5);
	/* dependency order: -real, -cow, the snapshot, the origin; the four
	 * tables of the kernel's snapshot documentation */
	assert_string_equal(d.devs[0].name, "vg-base-real");
	assert_string_equal(d.devs[1].name, "vg-snap-cow");
	assert_string_equal(d.devs[2].name, "vg-snap");
	assert_string_equal(d.devs[3].name, "vg-base");
	expect_table(&d, "vg-base-real", "0 32768 linear </dev/ubda> 2048\n");
	expect_table(&d, "vg-snap-cow", "0 16384 linear </dev/ubda> 34816\n");
	expect_table(&d, "vg-snap",
	             "0 32768 snapshot <" U("8vUbaulaBYGeExCtfYJcLlV71SZxCIMK") "-real> <" U(
	                 "q61VH0dBZ6nnotBydfOpPGeImhkC4xA3") "-cow> P 8\n");
	expect_table(&d, "vg-base",
	             "0 32768 snapshot-origin <" U("8vUbaulaBYGeExCtfYJcLlV71SZxCIMK") "-real>\n");
	expect_table(&d, "vg-other", "0 8192 linear </dev/ubda> 51200\n");
	assert_string_equal(d.devs[2].uuid, U("q61VH0dBZ6nnotBydfOpPGeImhkC4xA3"));
	assert_false(d.devs[0].visible);
	assert_false(d.devs[1].visible);
	assert_true(d.devs[2].visible);
	kdm_devs_free(&d);
	vg_free(vg);
}

/* A merging snapshot with nothing active: the origin is created as
 * snapshot-merge, the snapshot's device as a hidden error mapping after
 * it. */
static void test_merge_from_inactive(void **state)
{
	struct vg *vg = test_vg();
	struct segment *seg = lv_snapshot_segment(vg_find_lv(vg, "snapshot0"));
	struct kdm_devs d;
	(void)state;
	vg_start_merge(vg, seg);
	assert_false(vg_find_lv(vg, "snapshot0")->status & LV_VISIBLE);
	assert_ptr_equal(lv_merging_segment(vg, vg_find_lv(vg, "base")), seg);
	assert_int_equal(plan_desired(vg, NULL, 0, NULL, &d), 0);
	assert_int_equal(d.n, 5);
	assert_string_equal(d.devs[0].name, "vg-base-real");
	assert_string_equal(d.devs[1].name, "vg-snap-cow");
	assert_string_equal(d.devs[2].name, "vg-base");
	assert_string_equal(d.devs[3].name, "vg-snap");
	expect_table(&d, "vg-base",
	             "0 32768 snapshot-merge <" U("8vUbaulaBYGeExCtfYJcLlV71SZxCIMK") "-real> <" U(
	                 "q61VH0dBZ6nnotBydfOpPGeImhkC4xA3") "-cow> P 8\n");
	expect_table(&d, "vg-snap", "0 32768 error\n");
	assert_false(d.devs[3].visible);
	kdm_devs_free(&d);
	vg_free(vg);
}

/* The kernel as lvm2/vgtool left the snapshot stack of test_vg. */
static void add_kdev(struct kdm_state *s, const char *name, const char *uuid, unsigned minor,
                     int open, const char *table)
{
	struct kdm_kdev *k;
	s->devs = xrealloc(s->devs, (s->n + 1) * sizeof(*s->devs));
	k = &s->devs[s->n++];
	memset(k, 0, sizeof(*k));
	k->name = xstrdup(name);
	k->uuid = uuid ? xstrdup(uuid) : NULL;
	k->dev = makedev(uuid ? 254 : 98, minor);
	k->open_count = open;
	k->live_table = 1;
	k->table = xstrdup(table);
}

static void live_stack(struct kdm_state *s, int origin_open)
{
	memset(s, 0, sizeof(*s));
	add_kdev(s, "/dev/ubda", NULL, 0, 0, ""); /* the PV, by path */
	add_kdev(s, "vg-base-real", U("8vUbaulaBYGeExCtfYJcLlV71SZxCIMK") "-real", 0, 2,
	         "0 32768 linear 98:0 2048\n");
	add_kdev(s, "vg-snap-cow", U("q61VH0dBZ6nnotBydfOpPGeImhkC4xA3") "-cow", 1, 1,
	         "0 16384 linear 98:0 34816\n");
	add_kdev(s, "vg-snap", U("q61VH0dBZ6nnotBydfOpPGeImhkC4xA3"), 2, 0,
	         "0 32768 snapshot 254:0 254:1 P 8\n");
	add_kdev(s, "vg-base", U("8vUbaulaBYGeExCtfYJcLlV71SZxCIMK"), 3, origin_open,
	         "0 32768 snapshot-origin 254:0\n");
}

static void plan_text(const struct vg *vg, const struct kdm_state *have, struct strbuf *out)
{
	struct lv *base = vg_find_lv(vg, "base");
	struct kdm_devs d;
	struct kdm_plan p;
	assert_int_equal(plan_desired(vg, &base, 1, have, &d), 0);
	plan_ops(&d, have, VG_SCOPE, 1, &p);
	for (size_t i = 0; i < p.n; i++)
		strbuf_addf(out, "%s%s", i ? "," : "",
		            (const char *[]){[OP_CREATE] = "create",
		                             [OP_LOAD] = "load",
		                             [OP_SUSPEND] = "suspend",
		                             [OP_RESUME] = "resume",
		                             [OP_REMOVE] = "remove",
		                             [OP_RENAME] = "rename",
		                             [OP_CLEAR] = "clear"}[p.ops[i].kind]);
	for (size_t i = 0; i < p.n; i++)
		strbuf_addf(out, "%s%s", i ? "," : " ", p.ops[i].name);
	kdm_plan_free(&p);
	kdm_devs_free(&d);
}

/* Re-planning what the kernel has changes nothing (idempotence). */
static void test_live_stack_unchanged(void **state)
{
	struct vg *vg = test_vg();
	struct kdm_state have;
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	live_stack(&have, 0);
	plan_text(vg, &have, &sb);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	kdm_state_free(&have);
	vg_free(vg);
}

/* Starting a merge on a live, unopened stack: both tables loaded, then the
 * snapshot and the origin suspended, the origin resumed first (the kernel
 * hands the exceptions over from the suspended snapshot), then the
 * snapshot's device with its error table. */
static void test_merge_live_switch(void **state)
{
	struct vg *vg = test_vg();
	struct kdm_state have;
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	vg_start_merge(vg, lv_snapshot_segment(vg_find_lv(vg, "snapshot0")));
	live_stack(&have, 0);
	plan_text(vg, &have, &sb);
	assert_string_equal(sb.buf, "load,load,suspend,suspend,resume,resume "
	                            "vg-base,vg-snap,vg-snap,vg-base,vg-base,vg-snap");
	strbuf_release(&sb);
	kdm_state_free(&have);
	vg_free(vg);
}

/* An open origin (or snapshot) delays the merge: the stack stays. */
static void test_merge_delayed_when_open(void **state)
{
	struct vg *vg = test_vg();
	struct segment *seg = lv_snapshot_segment(vg_find_lv(vg, "snapshot0"));
	struct kdm_state have;
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	vg_start_merge(vg, seg);
	live_stack(&have, 1);
	assert_false(plan_merge_starts(vg, seg, &have));
	plan_text(vg, &have, &sb);
	assert_string_equal(sb.buf, "");
	kdm_state_free(&have);
	/* the snapshot open instead */
	live_stack(&have, 0);
	have.devs[3].open_count = 1;
	assert_false(plan_merge_starts(vg, seg, &have));
	/* once snapshot-merge is loaded, an open origin no longer matters */
	have.devs[3].open_count = 0;
	free(have.devs[4].table);
	have.devs[4].table = xstrdup("0 32768 snapshot-merge 254:0 254:1 P 8\n");
	have.devs[4].open_count = 1;
	assert_true(plan_merge_starts(vg, seg, &have));
	assert_true(plan_merge_starts(vg, seg, NULL));
	strbuf_release(&sb);
	kdm_state_free(&have);
	vg_free(vg);
}

/* The merge done and the snapshot removed from the metadata: the origin
 * folds back to linear under its own name, then the rest goes (none of it
 * uses another: the error device holds nothing, and the origin no longer
 * holds -real once resumed). */
static void test_fold_after_merge(void **state)
{
	struct vg *vg = test_vg();
	struct kdm_state have;
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	live_stack(&have, 0);
	free(have.devs[4].table);
	have.devs[4].table = xstrdup("0 32768 snapshot-merge 254:0 254:1 P 8\n");
	free(have.devs[3].table);
	have.devs[3].table = xstrdup("0 32768 error\n");
	vg_remove_snapshot(vg, lv_snapshot_segment(vg_find_lv(vg, "snapshot0")));
	plan_text(vg, &have, &sb);
	assert_string_equal(sb.buf, "load,suspend,resume,remove,remove,remove "
	                            "vg-base,vg-base,vg-base,vg-base-real,vg-snap-cow,vg-snap");
	strbuf_release(&sb);
	kdm_state_free(&have);
	vg_free(vg);
}

/* A table a crashed run loaded and never resumed is cleared before
 * anything else: loading the snapshot-merge table again over it would be
 * refused by the kernel (one waiting snapshot table per COW), at every
 * run.  Once cleared, a device whose live table is right is left alone. */
static void test_stale_loaded_table(void **state)
{
	struct vg *vg = test_vg();
	struct kdm_state have;
	struct kdm_plan p;
	struct strbuf sb = STRBUF_INIT;
	char *prefix = VG_SCOPE;
	(void)state;
	live_stack(&have, 0);
	have.devs[4].has_inactive = 1; /* vg-base: the merge's table, loaded */
	plan_text(vg, &have, &sb);
	assert_string_equal(sb.buf, "clear vg-base");
	strbuf_reset(&sb);
	vg_start_merge(vg, lv_snapshot_segment(vg_find_lv(vg, "snapshot0")));
	plan_text(vg, &have, &sb);
	assert_string_equal(sb.buf, "clear,load,load,suspend,suspend,resume,resume "
	                            "vg-base,vg-base,vg-snap,vg-snap,vg-base,vg-base,vg-snap");
	/* deactivation too: a stale table would hold the devices it names */
	plan_remove(&have, &prefix, 1, &p);
	assert_int_equal(p.ops[0].kind, OP_CLEAR);
	assert_string_equal(p.ops[0].name, "vg-base");
	assert_int_equal(p.n, 5);
	kdm_plan_free(&p);
	strbuf_release(&sb);
	kdm_state_free(&have);
	vg_free(vg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_snapshot_stack),
	    cmocka_unit_test(test_merge_from_inactive),
	    cmocka_unit_test(test_live_stack_unchanged),
	    cmocka_unit_test(test_merge_live_switch),
	    cmocka_unit_test(test_merge_delayed_when_open),
	    cmocka_unit_test(test_fold_after_merge),
	    cmocka_unit_test(test_stale_loaded_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
