/* lib/activate/plan.c: the devices a VG implies (tables as lvm2 loads them)
 * and the ordered operations that take the kernel there, including the
 * live switch of a merge.  Pure: the kernel's state is written by hand. */
#define VGTOOL_UNIT_MODEL
#include "unit.h"

#include <sys/sysmacros.h>

#include "activate/plan.h"
#include "activate/volume-list.h"
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
	/* hidden from udev's /dev/VG/LV rules: the layers (test_activate_udev.c
	 * has the whole flags) */
	assert_true(d.devs[0].udev_flags & KDM_UDEV_DISABLE_SUBSYSTEM_RULES);
	assert_true(d.devs[1].udev_flags & KDM_UDEV_DISABLE_SUBSYSTEM_RULES);
	assert_false(d.devs[2].udev_flags & KDM_UDEV_DISABLE_SUBSYSTEM_RULES);
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
	assert_true(d.devs[3].udev_flags & KDM_UDEV_DISABLE_SUBSYSTEM_RULES);
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

/* The same stack once a merge has started: the origin's snapshot-merge,
 * the snapshot's error mapping. */
static void live_merging_stack(struct kdm_state *s)
{
	live_stack(s, 0);
	free(s->devs[4].table);
	s->devs[4].table = xstrdup("0 32768 snapshot-merge 254:0 254:1 P 8\n");
	free(s->devs[3].table);
	s->devs[3].table = xstrdup("0 32768 error\n");
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

/* A snapshot set (tools/snapset.c): "base" and "other", live and plain,
 * each given a snapshot in one plan.  Every new device is made and every
 * origin's table loaded first; then both origins are suspended before
 * either is resumed, which is what makes the two snapshots one point in
 * time. */
static void test_snapshot_set_switch(void **state)
{
	struct vg *vg = vg_new("vg", 8192);
	struct pv *pv = vg_add_pv(vg, ids[0], 1 << 20, 2048, 100);
	struct lv *base, *other, *snap, *lvs[2];
	struct segment *seg;
	struct kdm_state have;
	struct kdm_devs d;
	struct kdm_plan p;
	struct strbuf kinds = STRBUF_INIT, names = STRBUF_INIT;
	(void)state;

	memcpy(vg->id, ids[1], 32);
	pv->dev_path = xstrdup("/dev/ubda");
	base = linear(vg, "base", ids[2], pv, 0, 4);
	other = linear(vg, "other", ids[5], pv, 6, 1);
	snapshot(vg, base, linear(vg, "base_s", ids[3], pv, 4, 2), ids[4], 8);
	snap = vg_add_lv(vg, "snapshot1", ids[7]);
	seg = lv_add_segment(snap, SEG_SNAPSHOT, 0, lv_extents(other), 0);
	vg_link_snapshot(seg, other, linear(vg, "other_s", ids[6], pv, 7, 1));
	seg->chunk_size = 8;
	seg->cow->status &= ~LV_VISIBLE;

	memset(&have, 0, sizeof(have));
	add_kdev(&have, "/dev/ubda", NULL, 0, 0, "");
	add_kdev(&have, "vg-base", U("8vUbaulaBYGeExCtfYJcLlV71SZxCIMK"), 1, 1,
	         "0 32768 linear 98:0 2048\n");
	add_kdev(&have, "vg-other", U("iChILI0bzSIwoY1gws3KclMhIpeSj1J4"), 2, 1,
	         "0 8192 linear 98:0 51200\n");
	lvs[0] = base;
	lvs[1] = other;
	assert_int_equal(plan_desired(vg, lvs, 2, &have, &d), 0);
	plan_ops(&d, &have, VG_SCOPE, 1, &p);
	for (size_t i = 0; i < p.n; i++) {
		static const char *const kind[] = {
		    [OP_CREATE] = "create", [OP_LOAD] = "load",     [OP_SUSPEND] = "suspend",
		    [OP_RESUME] = "resume", [OP_REMOVE] = "remove", [OP_RENAME] = "rename",
		    [OP_CLEAR] = "clear"};
		strbuf_addf(&kinds, "%s%s", i ? "," : "", kind[p.ops[i].kind]);
		if (p.ops[i].kind == OP_SUSPEND || p.ops[i].kind == OP_RESUME)
			strbuf_addf(&names, "%s%s", names.len ? "," : "", p.ops[i].name);
	}
	/* (the origins are open: mounted filesystems, which the suspend
	 * freezes; the plan does not wait for them to close) */
	assert_string_equal(kinds.buf, "create,create,create,load,create,create,create,load,"
	                               "suspend,suspend,resume,resume");
	assert_string_equal(names.buf, "vg-other,vg-base,vg-base,vg-other");
	strbuf_release(&kinds);
	strbuf_release(&names);
	kdm_plan_free(&p);
	kdm_devs_free(&d);
	kdm_state_free(&have);
	vg_free(vg);
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
	live_merging_stack(&have);
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

/* --- udev flags (plan.c, dev_udev_flags; kdm_udev_flags) --- */

enum {
	SUB = KDM_UDEV_DISABLE_SUBSYSTEM_RULES,
	HIDDEN = KDM_UDEV_DISABLE_SUBSYSTEM_RULES | KDM_UDEV_DISABLE_DISK_RULES |
	         KDM_UDEV_DISABLE_OTHER_RULES,
	LOW = KDM_UDEV_LOW_PRIORITY,
	FALLBACK = KDM_UDEV_DISABLE_LIBRARY_FALLBACK,
	NO_DM = KDM_UDEV_DISABLE_DM_RULES,
};

/* "kind name flags" of each op that carries a udev cookie (create,
 * resume, rename, remove: the others generate no uevent). */
static void plan_flags(const struct kdm_plan *p, struct strbuf *out)
{
	static const char *const kinds[] = {[OP_CREATE] = "create",
	                                    [OP_RESUME] = "resume",
	                                    [OP_REMOVE] = "remove",
	                                    [OP_RENAME] = "rename"};
	for (size_t i = 0; i < p->n; i++) {
		const struct kdm_op *op = &p->ops[i];
		if (op->kind < sizeof(kinds) / sizeof(*kinds) && kinds[op->kind])
			strbuf_addf(out, "%s %s 0x%02x\n", kinds[op->kind], op->name,
			            (unsigned)op->udev_flags);
	}
}

/* The flags of the plan taking `have` (NULL: nothing active) to `lvs` of
 * `vg` (NULL: all of them), compared with `want`. */
static void expect_plan_flags(const struct vg *vg, struct lv *const *lvs, size_t n,
                              const struct kdm_state *have, const char *want)
{
	struct kdm_state none = {0};
	struct kdm_devs d;
	struct kdm_plan p;
	struct strbuf sb = STRBUF_INIT;
	if (!have)
		have = &none;
	assert_int_equal(plan_desired(vg, lvs, n, have, &d), 0);
	plan_ops(&d, have, VG_SCOPE, 1, &p);
	plan_flags(&p, &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
	kdm_plan_free(&p);
	kdm_devs_free(&d);
}

/* The flags of plan_remove's plan (no metadata) for the VG's devices. */
static void expect_remove_flags(const struct kdm_state *have, const char *want)
{
	char *prefix = VG_SCOPE;
	struct kdm_plan p;
	struct strbuf sb = STRBUF_INIT;
	plan_remove(have, &prefix, 1, &p);
	plan_flags(&p, &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
	kdm_plan_free(&p);
}

/* Each layer of the stack as lvm2 flags it (lvm2's values with the
 * sandbox's udev_rules=0, less libdevmapper's PRIMARY_SOURCE 0x40:
 * 0x43 VG-LV, 0x4f -real, 0x53 the snapshot, 0x5f -cow; here without the
 * settings' 0x03). */
static void test_udev_flags_stack(void **state)
{
	struct vg *vg = test_vg();
	struct kdm_state have;
	struct lv *none = NULL;
	(void)state;
	expect_plan_flags(vg, NULL, 0, NULL,
	                  "create vg-base-real 0x0e\n"
	                  "create vg-snap-cow 0x1e\n"
	                  "create vg-snap 0x10\n"
	                  "create vg-base 0x00\n"
	                  "create vg-other 0x00\n");
	/* deactivation: the same flags on the removals, top-down */
	live_stack(&have, 0);
	expect_plan_flags(vg, &none, 0, &have,
	                  "remove vg-snap 0x10\n"
	                  "remove vg-base 0x00\n"
	                  "remove vg-base-real 0x0e\n"
	                  "remove vg-snap-cow 0x1e\n");
	kdm_state_free(&have);
	vg_free(vg);
}

/* lvrename of an active snapshot: both its devices renamed, with the
 * snapshot's flags (as lvm2's rename and resume carry them). */
static void test_udev_flags_rename(void **state)
{
	struct vg *vg = test_vg();
	struct lv *snap = vg_find_lv(vg, "snap"), *base = vg_find_lv(vg, "base");
	struct kdm_state have;
	(void)state;
	free(snap->name);
	snap->name = xstrdup("snap2");
	live_stack(&have, 0);
	expect_plan_flags(vg, &base, 1, &have,
	                  "rename vg-snap-cow 0x1e\n"
	                  "rename vg-snap 0x10\n");
	kdm_state_free(&have);
	vg_free(vg);
}

/* A merging snapshot is hidden in the metadata: its device gets a
 * layer's flags from the merge's start, whether its table is the error
 * mapping (the merge runs) or still the snapshot (delayed by an open
 * origin), and keeps them when it goes. */
static void test_udev_flags_merge(void **state)
{
	struct vg *vg = test_vg();
	struct lv *base = vg_find_lv(vg, "base"), *none = NULL;
	struct kdm_state have;
	struct kdm_devs d;
	(void)state;
	vg_start_merge(vg, lv_snapshot_segment(vg_find_lv(vg, "snapshot0")));
	/* merge on activation */
	expect_plan_flags(vg, &base, 1, NULL,
	                  "create vg-base-real 0x0e\n"
	                  "create vg-snap-cow 0x1e\n"
	                  "create vg-base 0x00\n"
	                  "create vg-snap 0x1e\n");
	/* merge started on a live stack */
	live_stack(&have, 0);
	expect_plan_flags(vg, &base, 1, &have,
	                  "resume vg-base 0x00\n"
	                  "resume vg-snap 0x1e\n");
	/* delayed: the snapshot table stays, the flags change */
	kdm_state_free(&have);
	live_stack(&have, 1);
	assert_int_equal(plan_desired(vg, &base, 1, &have, &d), 0);
	assert_string_equal(d.devs[2].name, "vg-snap");
	assert_int_equal(d.devs[2].udev_flags, HIDDEN | LOW);
	kdm_devs_free(&d);
	kdm_state_free(&have);
	/* deactivated while merging */
	live_merging_stack(&have);
	expect_plan_flags(vg, &none, 0, &have,
	                  "remove vg-snap 0x1e\n"
	                  "remove vg-base 0x00\n"
	                  "remove vg-base-real 0x0e\n"
	                  "remove vg-snap-cow 0x1e\n");
	kdm_state_free(&have);
	vg_free(vg);
}

/* A snapshot gone from the metadata (lvremove, the end of a merge): lvm2
 * first makes its COW a plain visible LV, so the snapshot's device goes
 * with no flag of its own and the -cow with a layer's; -real is a layer
 * still. */
static void test_udev_flags_snapshot_removed(void **state)
{
	struct vg *vg = test_vg();
	struct lv *base = vg_find_lv(vg, "base");
	struct kdm_state have;
	(void)state;
	vg_remove_snapshot(vg, lv_snapshot_segment(vg_find_lv(vg, "snapshot0")));
	live_stack(&have, 0);
	expect_plan_flags(vg, &base, 1, &have,
	                  "resume vg-base 0x00\n"
	                  "remove vg-snap 0x00\n"
	                  "remove vg-base-real 0x0e\n"
	                  "remove vg-snap-cow 0x0e\n");
	kdm_state_free(&have);
	/* the same after a merge (the error mapping in place of the snapshot) */
	live_merging_stack(&have);
	expect_plan_flags(vg, &base, 1, &have,
	                  "resume vg-base 0x00\n"
	                  "remove vg-base-real 0x0e\n"
	                  "remove vg-snap-cow 0x0e\n"
	                  "remove vg-snap 0x00\n");
	/* without metadata (plan_remove): by the layer, and the kernel's
	 * tables (no snapshot table here: the merge's error mapping) */
	expect_remove_flags(&have, "remove vg-snap 0x00\n"
	                           "remove vg-base 0x00\n"
	                           "remove vg-base-real 0x0e\n"
	                           "remove vg-snap-cow 0x0e\n");
	kdm_state_free(&have);
	vg_free(vg);
}

/* lvremove -f of an origin with its snapshot: lvm2 deactivates the whole
 * stack before the metadata changes, so the snapshot's devices go as a
 * snapshot's (the kernel's snapshot table says whose snapshot it was);
 * the same from plan_remove, which has no metadata. */
static void test_udev_flags_origin_removed(void **state)
{
	struct vg *vg = test_vg();
	struct lv *other = vg_find_lv(vg, "other");
	struct kdm_state have;
	(void)state;
	vg_remove_snapshot(vg, lv_snapshot_segment(vg_find_lv(vg, "snapshot0")));
	vg_remove_lv(vg, vg_find_lv(vg, "base"));
	live_stack(&have, 0);
	/* as act_converge plans it: "other" stays (and is created), the rest
	 * goes */
	expect_plan_flags(vg, &other, 1, &have,
	                  "create vg-other 0x00\n"
	                  "remove vg-snap 0x10\n"
	                  "remove vg-base 0x00\n"
	                  "remove vg-base-real 0x0e\n"
	                  "remove vg-snap-cow 0x1e\n");
	expect_remove_flags(&have, "remove vg-snap 0x10\n"
	                           "remove vg-base 0x00\n"
	                           "remove vg-base-real 0x0e\n"
	                           "remove vg-snap-cow 0x1e\n");
	kdm_state_free(&have);
	vg_free(vg);
}

/* A sparse snapshot "sp" (lvcreate --type snapshot -V 100M -L 8M): its
 * COW (2 extents) and its hidden, read-only virtual origin of one zero
 * segment (25 extents), next to plan_vg's "base". */
#define VORIGIN_ID "iChILI0bzSIwoY1gws3KclMhIpeSj1J4"
#define SPARSE_ID  "q61VH0dBZ6nnotBydfOpPGeImhkC4xA3"
static struct vg *sparse_vg(void)
{
	struct vg *vg = plan_vg(0);
	struct lv *cow = linear(vg, "sp", SPARSE_ID, vg->pvs[0], 4, 2);
	struct lv *vo = vg_add_lv(vg, "sp_vorigin", VORIGIN_ID);
	vo->status = LV_READ;
	lv_add_segment(vo, SEG_ZERO, 0, 25, 0);
	snapshot(vg, vo, cow, ids[4], 8);
	return vg;
}

/* The kernel with sparse_vg's stack active, minors as lvm2 gives them. */
static void live_sparse_stack(struct kdm_state *s)
{
	memset(s, 0, sizeof(*s));
	add_kdev(s, "/dev/ubda", NULL, 0, 0, "");
	add_kdev(s, "vg-sp_vorigin-real", U(VORIGIN_ID) "-real", 0, 2, "0 204800 zero\n");
	add_kdev(s, "vg-sp_vorigin", U(VORIGIN_ID), 1, 0, "0 204800 snapshot-origin 254:0\n");
	add_kdev(s, "vg-sp-cow", U(SPARSE_ID) "-cow", 2, 1, "0 16384 linear 98:0 34816\n");
	add_kdev(s, "vg-sp", U(SPARSE_ID), 3, 0, "0 204800 snapshot 254:0 254:2 P 8\n");
}

/* lvm2's four devices of a sparse snapshot, in the order it creates them
 * (so that the kernel numbers them alike): the origin's -real, a "zero"
 * target, and the origin right after it, both read-only and hidden from
 * udev like their LV; then the COW and the snapshot, which udev sees. */
static void test_sparse_snapshot_stack(void **state)
{
	struct vg *vg = sparse_vg();
	struct lv *sp = vg_find_lv(vg, "sp");
	struct kdm_devs d;
	(void)state;
	assert_int_equal(plan_desired(vg, &sp, 1, NULL, &d), 0);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.devs[0].name, "vg-sp_vorigin-real");
	assert_string_equal(d.devs[1].name, "vg-sp_vorigin");
	assert_string_equal(d.devs[2].name, "vg-sp-cow");
	assert_string_equal(d.devs[3].name, "vg-sp");
	expect_table(&d, "vg-sp_vorigin-real", "0 204800 zero\n");
	expect_table(&d, "vg-sp_vorigin", "0 204800 snapshot-origin <" U(VORIGIN_ID) "-real>\n");
	expect_table(&d, "vg-sp-cow", "0 16384 linear </dev/ubda> 34816\n");
	expect_table(&d, "vg-sp",
	             "0 204800 snapshot <" U(VORIGIN_ID) "-real> <" U(SPARSE_ID) "-cow> P 8\n");
	assert_true(d.devs[0].read_only);
	assert_true(d.devs[1].read_only);
	assert_false(d.devs[2].read_only);
	assert_false(d.devs[3].read_only);
	/* the hidden origin's udev flags are a layer's, the snapshot's a
	 * visible COW LV's (lvm2's, seen in the sandbox) */
	assert_int_equal(d.devs[0].udev_flags, HIDDEN);
	assert_int_equal(d.devs[1].udev_flags, HIDDEN);
	assert_int_equal(d.devs[2].udev_flags, HIDDEN | LOW);
	assert_int_equal(d.devs[3].udev_flags, LOW);
	kdm_devs_free(&d);
	/* activating the virtual origin is the same */
	sp = vg_find_lv(vg, "sp_vorigin");
	assert_int_equal(plan_desired(vg, &sp, 1, NULL, &d), 0);
	assert_int_equal(d.n, 4);
	kdm_devs_free(&d);
	vg_free(vg);
}

/* lvremove of a sparse snapshot: the metadata loses the snapshot and its
 * origin, the kernel's devices go with the flags lvm2 deactivates them
 * with (the origin was hidden: the kernel's tables tell, a
 * snapshot-origin over a "zero" device); the same from plan_remove. */
static void test_udev_flags_sparse_removed(void **state)
{
	struct vg *vg = sparse_vg();
	struct lv *base = vg_find_lv(vg, "base");
	struct kdm_state have;
	(void)state;
	vg_remove_snapshot(vg, lv_snapshot_segment(vg_find_lv(vg, "snapshot0")));
	vg_remove_lv(vg, vg_find_lv(vg, "sp_vorigin"));
	live_sparse_stack(&have);
	expect_plan_flags(vg, &base, 1, &have,
	                  "create vg-base 0x00\n"
	                  "remove vg-sp_vorigin 0x0e\n"
	                  "remove vg-sp 0x10\n"
	                  "remove vg-sp_vorigin-real 0x0e\n"
	                  "remove vg-sp-cow 0x1e\n");
	expect_remove_flags(&have, "remove vg-sp_vorigin 0x0e\n"
	                           "remove vg-sp 0x10\n"
	                           "remove vg-sp_vorigin-real 0x0e\n"
	                           "remove vg-sp-cow 0x1e\n");
	kdm_state_free(&have);
	vg_free(vg);
}

/* lvm2 keeps udev's disk and other rules off a visible LV with a name it
 * reserves (from metadata someone else wrote: neither tool creates one). */
static void test_udev_flags_reserved_name(void **state)
{
	struct vg *vg = plan_vg(0);
	(void)state;
	linear(vg, "data_pmspare", ids[5], vg->pvs[0], 6, 1);
	expect_plan_flags(vg, NULL, 0, NULL,
	                  "create vg-base 0x00\n"
	                  "create vg-data_pmspare 0x0c\n");
	vg_free(vg);
}

/* The settings: lvm2's rules (toolcontext.c, dev_manager.c), and vgtool
 * without udevd as lvm2 with DM_DISABLE_UDEV.  The values with the
 * snapshot's -cow (0x1e) are lvm2's on this layer, as the sandbox saw
 * them (less PRIMARY_SOURCE). */
static void test_udev_settings(void **state)
{
	static const struct {
		struct kdm_udev_config cfg;
		int running, driver_ok;
		struct kdm_udev want;
		uint16_t top, cow;
	} cases[] = {
	    /* lvm2's defaults with udevd: udev alone makes nodes and links */
	    {{1, 1, 0}, 1, 1, {1, 1, 0}, FALLBACK, HIDDEN | LOW | FALLBACK},
	    /* no udevd: libdevmapper's nodes, vgtool's links, udev's rules
	     * off should udevd start (lvm2 with DM_DISABLE_UDEV, or with the
	     * sandbox's udev_rules=0 udev_sync=0) */
	    {{1, 1, 0}, 0, 1, {0, 0, 1}, NO_DM | SUB, HIDDEN | LOW | NO_DM},
	    {{0, 0, 0}, 0, 1, {0, 0, 1}, NO_DM | SUB, HIDDEN | LOW | NO_DM},
	    /* udev_rules=0 with udevd: still waited for, no node from udev */
	    {{0, 1, 0}, 1, 1, {0, 1, 1}, NO_DM | SUB, HIDDEN | LOW | NO_DM},
	    /* verify_udev_operations=1, or a dm driver before 4.18: udev's
	     * rules and libdevmapper's fallback both */
	    {{1, 1, 1}, 1, 1, {1, 1, 1}, 0, HIDDEN | LOW},
	    {{1, 1, 0}, 1, 0, {1, 1, 1}, 0, HIDDEN | LOW},
	    /* udev_sync=0: flags as with sync, no waiting */
	    {{1, 0, 0}, 1, 1, {1, 0, 0}, FALLBACK, HIDDEN | LOW | FALLBACK},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct kdm_udev u;
		kdm_udev_decide(&cases[i].cfg, cases[i].running, cases[i].driver_ok, &u);
		assert_int_equal(u.rules, cases[i].want.rules);
		assert_int_equal(u.sync, cases[i].want.sync);
		assert_int_equal(u.fallback, cases[i].want.fallback);
		assert_int_equal(kdm_udev_flags(0, &u), cases[i].top);
		assert_int_equal(kdm_udev_flags(HIDDEN | LOW, &u), cases[i].cow);
	}
}

/* Read-only LVs (lvchange -p r), as lvm2 loads them: an origin's top
 * and -real devices follow the origin; a snapshot's device follows its
 * COW LV, whose -cow device stays writable (the exceptions go there). */
static void test_read_only_devices(void **state)
{
	struct vg *vg = test_vg();
	struct kdm_devs d;
	(void)state;
	vg_find_lv(vg, "snap")->status &= ~(unsigned)LV_WRITE;
	assert_int_equal(plan_desired(vg, NULL, 0, NULL, &d), 0);
	assert_string_equal(d.devs[1].name, "vg-snap-cow");
	assert_false(d.devs[1].read_only);
	assert_string_equal(d.devs[2].name, "vg-snap");
	assert_true(d.devs[2].read_only);
	assert_false(d.devs[0].read_only); /* vg-base-real */
	assert_false(d.devs[3].read_only); /* vg-base */
	kdm_devs_free(&d);
	vg_find_lv(vg, "snap")->status |= LV_WRITE;
	vg_find_lv(vg, "base")->status &= ~(unsigned)LV_WRITE;
	assert_int_equal(plan_desired(vg, NULL, 0, NULL, &d), 0);
	assert_true(d.devs[0].read_only);
	assert_false(d.devs[1].read_only);
	assert_false(d.devs[2].read_only);
	assert_true(d.devs[3].read_only);
	kdm_devs_free(&d);
	vg_free(vg);
}

/* activation/read_only_volume_list: what it takes is loaded read-only
 * as if its LV were (-p r), asked of the origin for a whole snapshot
 * group, the COW writable still. */
static void test_read_only_list(void **state)
{
	static char *const by_tag[] = {"@ro"}, *const by_name[] = {"vg/base"};
	struct vg *vg = test_vg();
	struct kdm_devs d;
	(void)state;
	/* the snapshot's tag does not count: lvm2 asks the LV it activates */
	tag_list_add(&vg_find_lv(vg, "snap")->tags, "ro");
	volume_list_configure(VOLUME_LIST_READ_ONLY, 1, by_tag, 1);
	assert_int_equal(plan_desired(vg, NULL, 0, NULL, &d), 0);
	for (size_t i = 0; i < d.n; i++)
		assert_false(d.devs[i].read_only);
	kdm_devs_free(&d);
	volume_list_configure(VOLUME_LIST_READ_ONLY, 1, by_name, 1);
	assert_int_equal(plan_desired(vg, NULL, 0, NULL, &d), 0);
	assert_true(d.devs[0].read_only);  /* vg-base-real */
	assert_false(d.devs[1].read_only); /* vg-snap-cow */
	assert_true(d.devs[2].read_only);  /* vg-snap */
	assert_true(d.devs[3].read_only);  /* vg-base */
	kdm_devs_free(&d);
	volume_list_release();
	vg_free(vg);
}

/* The read-only flag alone differs from the kernel's: reloaded for the
 * LVs the command activates or refreshes (kdm_devs_ro_follow), the
 * tables unchanged; any other device keeps the kernel's flag. */
static void test_read_only_follow(void **state)
{
	struct vg *vg = test_vg();
	struct lv *base = vg_find_lv(vg, "base");
	struct kdm_state have;
	struct kdm_devs d;
	struct kdm_plan p;
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	base->status &= ~(unsigned)LV_WRITE;
	live_stack(&have, 0);
	/* not asked: left as the kernel has it */
	assert_int_equal(plan_desired(vg, &base, 1, &have, &d), 0);
	plan_ops(&d, &have, VG_SCOPE, 1, &p);
	assert_int_equal(p.n, 0);
	kdm_plan_free(&p);
	/* asked: the origin's two devices switch, the snapshot's stay */
	kdm_devs_ro_follow(&d, vg, base);
	plan_ops(&d, &have, VG_SCOPE, 1, &p);
	kdm_plan_print(&p, &sb);
	assert_string_equal(sb.buf, "load vg-base-real\n"
	                            "    0 32768 linear </dev/ubda> 2048\n"
	                            "load vg-base\n"
	                            "    0 32768 snapshot-origin <" U(
	                                "8vUbaulaBYGeExCtfYJcLlV71SZxCIMK") "-real>\n"
	                                                                    "suspend vg-base\n"
	                                                                    "suspend vg-base-real\n"
	                                                                    "resume vg-base-real\n"
	                                                                    "resume vg-base\n");
	kdm_plan_free(&p);
	kdm_devs_free(&d);
	/* as the kernel has it then: nothing more to do */
	have.devs[1].read_only = have.devs[4].read_only = 1;
	assert_int_equal(plan_desired(vg, &base, 1, &have, &d), 0);
	kdm_devs_ro_follow(&d, vg, vg_find_lv(vg, "snap")); /* its group */
	plan_ops(&d, &have, VG_SCOPE, 1, &p);
	assert_int_equal(p.n, 0);
	kdm_plan_free(&p);
	kdm_devs_free(&d);
	/* a writable LV the kernel has read-only (lvm2's --readonly):
	 * kept by a plan that follows other LVs, made writable when asked */
	base->status |= LV_WRITE;
	assert_int_equal(plan_desired(vg, &base, 1, &have, &d), 0);
	plan_ops(&d, &have, VG_SCOPE, 1, &p);
	assert_int_equal(p.n, 0);
	kdm_plan_free(&p);
	kdm_devs_ro_follow(&d, vg, base);
	plan_ops(&d, &have, VG_SCOPE, 1, &p);
	assert_int_equal(p.n, 6);
	assert_false(p.ops[0].dev->read_only);
	kdm_plan_free(&p);
	kdm_devs_free(&d);
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
	    cmocka_unit_test(test_snapshot_set_switch),
	    cmocka_unit_test(test_merge_live_switch),
	    cmocka_unit_test(test_merge_delayed_when_open),
	    cmocka_unit_test(test_fold_after_merge),
	    cmocka_unit_test(test_stale_loaded_table),
	    cmocka_unit_test(test_udev_flags_stack),
	    cmocka_unit_test(test_udev_flags_rename),
	    cmocka_unit_test(test_udev_flags_merge),
	    cmocka_unit_test(test_udev_flags_snapshot_removed),
	    cmocka_unit_test(test_udev_flags_origin_removed),
	    cmocka_unit_test(test_udev_flags_reserved_name),
	    cmocka_unit_test(test_sparse_snapshot_stack),
	    cmocka_unit_test(test_udev_flags_sparse_removed),
	    cmocka_unit_test(test_udev_settings),
	    cmocka_unit_test(test_read_only_devices),
	    cmocka_unit_test(test_read_only_list),
	    cmocka_unit_test(test_read_only_follow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
