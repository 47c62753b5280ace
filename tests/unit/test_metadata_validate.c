/* lib/metadata/validate.c: vg_validate on models built by hand.  It runs
 * before every write, so anything it lets through must export to a text
 * that imports again. */
#include "unit.h"

#include "metadata/format/text.h"
#include "metadata/metadata.h"
#include "metadata/validate.h"
#include "misc/log.h"
#include "misc/strbuf.h"

static const char *const ids[] = {
    "Xd832wb3sIrntWoOXZ1TYf75Eo0YejdN", "aG9Ogyk8ZHE31yHB1wuntVAVlPwW8IJC",
    "8vUbaulaBYGeExCtfYJcLlV71SZxCIMK", "q61VH0dBZ6nnotBydfOpPGeImhkC4xA3",
    "xMg724htZ9gn6g9cqcryCDyCxf4fJtW2", "iChILI0bzSIwoY1gws3KclMhIpeSj1J4",
    "zoScWGqZx5HUaccID1ck14BMdTeRWmaf", "KmAybJBUbJyJTOpXEzOaFqMOrimzeFef",
};

static char *errbuf;
static size_t errlen;
static FILE *errf;

static int setup(void **state)
{
	(void)state;
	errf = open_memstream(&errbuf, &errlen);
	log_set_streams(errf, errf);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_set_streams(NULL, NULL);
	fclose(errf);
	free(errbuf);
	return 0;
}

static struct lv *linear(struct vg *vg, const char *name, const char *id, struct pv *pv,
                         uint32_t pe, uint32_t len)
{
	struct lv *lv = vg_add_lv(vg, name, id);
	struct segment *seg = lv_add_segment(lv, SEG_STRIPED, 0, len, 1);
	seg->areas[0] = (struct stripe_area){pv, pe};
	return lv;
}

/* vg: pv0 (15 extents), pv1 (7); lv1 = pv0:0+2, lv2 = pv1:0+3, a
 * snapshot of lv2 with COW snap = pv0:2+2 */
static struct vg *good_vg(void)
{
	struct vg *vg = vg_new("vg", 8192);
	struct pv *a, *b;
	struct lv *lv2, *cow, *snap;
	struct segment *seg;
	memcpy(vg->id, ids[7], 33);
	a = vg_add_pv(vg, ids[0], 131072, 2048, 15);
	b = vg_add_pv(vg, ids[1], 65536, 2048, 7);
	linear(vg, "lv1", ids[2], a, 0, 2);
	lv2 = linear(vg, "lv2", ids[3], b, 0, 3);
	cow = linear(vg, "snap", ids[4], a, 2, 2);
	cow->status &= ~LV_VISIBLE;
	snap = vg_add_lv(vg, "snapshot0", ids[5]);
	seg = lv_add_segment(snap, SEG_SNAPSHOT, 0, 3, 0);
	vg_link_snapshot(seg, lv2, cow);
	seg->chunk_size = 8;
	return vg;
}

static void valid(const struct vg *vg)
{
	struct strbuf err = STRBUF_INIT;
	if (vg_validate(vg, &err)) {
		print_error("refused: %s\n", err.buf);
		fail();
	}
	strbuf_release(&err);
}

static void invalid(struct vg *vg, const char *why)
{
	struct strbuf err = STRBUF_INIT;
	int r = vg_validate(vg, &err);
	if (r != -1 || !strstr(err.buf, why)) {
		print_error("vg_validate returned %d \"%s\", expected -1 \"%s\"\n", r, err.buf,
		            why);
		vg_free(vg);
		fail();
	}
	strbuf_release(&err);
	vg_free(vg);
}

/* What vg_validate accepts must survive export + import. */
static void exports_and_reimports(const struct vg *vg)
{
	struct strbuf out = STRBUF_INIT;
	struct text_origin o = {"d", "h", "Linux h", 0};
	struct vg *back;
	text_export_vg(vg, TEXT_DISK, &o, &out);
	back = text_import_vg(out.buf, out.len, "validate");
	if (!back) {
		fflush(errf);
		print_error("vg_validate accepted a VG whose text does not import: %s\n", errbuf);
		strbuf_release(&out);
		fail();
	}
	vg_free(back);
	strbuf_release(&out);
}

static void test_good(void **state)
{
	struct vg *vg = good_vg();
	(void)state;
	valid(vg);
	exports_and_reimports(vg);
	vg_free(vg);
}

static void test_vg_level(void **state)
{
	struct vg *vg;
	(void)state;
	vg = good_vg();
	free(vg->name);
	vg->name = strdup("bad name");
	invalid(vg, "VG name");
	vg = good_vg();
	vg->id[3] = '$';
	invalid(vg, "invalid id");
	vg = good_vg();
	vg->extent_size = 0;
	invalid(vg, "extent size");
}

static void test_pv_fits_device(void **state)
{
	struct vg *vg;
	(void)state;
	vg = good_vg();
	vg->pvs[0]->dev_size = 15 * 8192 - 1;
	invalid(vg, "do not fit");
	vg = good_vg();
	vg->pvs[0]->dev_size = 2048 + 15 * 8192; /* exactly, as vgcreate writes it */
	valid(vg);
	/* as lvm2's pvresize writes it: the device less pe_start, the
	 * extents filling it */
	vg->pvs[0]->dev_size = 15 * 8192;
	valid(vg);
	exports_and_reimports(vg);
	vg->pvs[0]->dev_size = 0; /* unknown size: not checked */
	valid(vg);
	vg->pvs[1]->pe_start = UINT64_MAX - 5;
	vg->pvs[1]->dev_size = 100;
	invalid(vg, "do not fit");
}

static void test_extents_in_range(void **state)
{
	struct vg *vg;
	(void)state;
	vg = good_vg();
	vg->lvs[1]->segs[0].areas[0].pe = 5; /* 5-7 on a 7-extent PV */
	invalid(vg, "beyond");
	vg = good_vg();
	vg->lvs[1]->segs[0].areas[0].pe = 4; /* 4-6: the last ones */
	valid(vg);
	vg->lvs[1]->segs[0].areas[0].pe = UINT32_MAX;
	invalid(vg, "beyond");
}

static void test_overlaps(void **state)
{
	struct vg *vg;
	struct segment *seg;
	(void)state;
	vg = good_vg();
	vg->lvs[2]->segs[0].areas[0].pe = 1; /* snap over lv1's last extent */
	invalid(vg, "both use extent 1");
	/* one LV over itself */
	vg = good_vg();
	seg = lv_add_segment(vg->lvs[0], SEG_STRIPED, 2, 2, 1);
	seg->areas[0] = (struct stripe_area){vg->pvs[0], 1};
	invalid(vg, "both use extent");
	/* a striped segment's areas count len / stripes each */
	vg = good_vg();
	seg = lv_add_segment(vg->lvs[0], SEG_STRIPED, 2, 4, 2);
	seg->stripe_size = 128;
	seg->areas[0] = (struct stripe_area){vg->pvs[0], 4};
	seg->areas[1] = (struct stripe_area){vg->pvs[1], 3};
	valid(vg);
	seg->areas[1].pe = 2;
	invalid(vg, "both use extent 2");
}

static void test_segments_add_up(void **state)
{
	struct vg *vg;
	struct segment *seg;
	(void)state;
	vg = good_vg();
	/* hiding the segment from the count would hide its areas from
	 * vg_free too */
	free(vg->lvs[0]->segs[0].areas);
	vg->lvs[0]->segs[0].areas = NULL;
	vg->lvs[0]->n_segs = 0;
	invalid(vg, "no segments");
	vg = good_vg();
	vg->lvs[0]->segs[0].le = 1;
	invalid(vg, "expected 0");
	vg = good_vg();
	seg = lv_add_segment(vg->lvs[0], SEG_STRIPED, 3, 1, 1); /* gap at 2 */
	seg->areas[0] = (struct stripe_area){vg->pvs[0], 10};
	invalid(vg, "expected 2");
	vg = good_vg();
	seg = lv_add_segment(vg->lvs[0], SEG_STRIPED, 2, 0, 1);
	seg->areas[0] = (struct stripe_area){vg->pvs[0], 10};
	invalid(vg, "");
	vg = good_vg();
	seg = lv_add_segment(vg->lvs[0], SEG_STRIPED, 2, UINT32_MAX - 1, 1);
	seg->areas[0] = (struct stripe_area){vg->pvs[0], 10};
	invalid(vg, "");
	vg = good_vg();
	seg = lv_add_segment(vg->lvs[0], SEG_STRIPED, 2, 3, 2);
	seg->areas[0] = (struct stripe_area){vg->pvs[0], 10};
	seg->areas[1] = (struct stripe_area){vg->pvs[1], 4};
	invalid(vg, "do not divide");
}

static void test_lv_names_and_ids(void **state)
{
	struct vg *vg;
	(void)state;
	vg = good_vg();
	free(vg->lvs[0]->name);
	vg->lvs[0]->name = strdup("-lv");
	invalid(vg, "LV name");
	vg = good_vg();
	vg->lvs[0]->id[0] = '*';
	invalid(vg, "invalid id");
	vg = good_vg();
	memcpy(vg->lvs[1]->id, vg->lvs[0]->id, 33);
	invalid(vg, "appears twice");
}

/* Two LVs with one name, or two PVs with one id, export to a text that
 * no parser accepts (duplicate section / "appears twice"): the VG could
 * not be read back after such a commit. */
static void test_duplicate_lv_names(void **state)
{
	struct vg *vg = good_vg();
	(void)state;
	free(vg->lvs[1]->name);
	vg->lvs[1]->name = strdup("lv1");
	invalid(vg, "lv1");
}

static void test_duplicate_pv_ids(void **state)
{
	struct vg *vg = good_vg();
	(void)state;
	memcpy(vg->pvs[1]->id, vg->pvs[0]->id, 33);
	invalid(vg, "");
}

/* A stripe on a PV that is not in the VG (or none) exports as "pv-1". */
static void test_stripe_on_foreign_pv(void **state)
{
	struct vg *vg = good_vg();
	(void)state;
	vg->lvs[0]->segs[0].areas[0].pv = NULL;
	invalid(vg, "");
}

static void test_snapshot_checks(void **state)
{
	struct vg *vg;
	struct segment *seg;
	(void)state;
	vg = good_vg();
	lv_snapshot_segment(vg->lvs[3])->chunk_size = 0;
	invalid(vg, "chunk size");
	vg = good_vg();
	lv_snapshot_segment(vg->lvs[3])->chunk_size = 24;
	invalid(vg, "chunk size");
	vg = good_vg();
	lv_snapshot_segment(vg->lvs[3])->origin = vg->lvs[3];
	invalid(vg, "inconsistent");
	vg = good_vg();
	lv_snapshot_segment(vg->lvs[3])->cow = vg->lvs[1]; /* origin == cow */
	invalid(vg, "inconsistent");
	/* two snapshotN LVs over one COW */
	vg = good_vg();
	seg = lv_add_segment(vg_add_lv(vg, "snapshot1", ids[6]), SEG_SNAPSHOT, 0, 2, 0);
	vg_link_snapshot(seg, vg->lvs[0], vg->lvs[2]);
	seg->chunk_size = 8;
	invalid(vg, "COW store of two snapshots");
	/* a snapshot of a COW LV */
	vg = good_vg();
	seg = lv_add_segment(vg_add_lv(vg, "snapshot1", ids[6]), SEG_SNAPSHOT, 0, 2, 0);
	vg_link_snapshot(seg, vg->lvs[2], vg->lvs[0]);
	seg->chunk_size = 8;
	invalid(vg, "inconsistent");
	/* a snapshotN LV with more segments: the model refuses to build one
	 * (test_format_text: import refuses the text) */
}

/* An origin LV used as the COW of another snapshot: lvm2 has no such
 * thing (a COW is never an origin). */
static void test_origin_as_cow(void **state)
{
	struct vg *vg = good_vg();
	struct segment *seg;
	(void)state;
	seg = lv_add_segment(vg_add_lv(vg, "snapshot1", ids[6]), SEG_SNAPSHOT, 0, 2, 0);
	vg_link_snapshot(seg, vg->lvs[0], vg->lvs[1]); /* lv2, the origin of snapshot0 */
	seg->chunk_size = 8;
	invalid(vg, "");
}

/* Dangling references must be reported, not followed. */
static void test_snapshot_null_references(void **state)
{
	struct vg *vg;
	(void)state;
	vg = good_vg();
	lv_snapshot_segment(vg->lvs[3])->origin = NULL;
	invalid(vg, "");
	vg = good_vg();
	lv_snapshot_segment(vg->lvs[3])->cow = NULL;
	invalid(vg, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_vg_level),
	    cmocka_unit_test(test_pv_fits_device),
	    cmocka_unit_test(test_extents_in_range),
	    cmocka_unit_test(test_overlaps),
	    cmocka_unit_test(test_segments_add_up),
	    cmocka_unit_test(test_lv_names_and_ids),
	    cmocka_unit_test(test_duplicate_lv_names),
	    cmocka_unit_test(test_duplicate_pv_ids),
	    cmocka_unit_test(test_stripe_on_foreign_pv),
	    cmocka_unit_test(test_snapshot_checks),
	    cmocka_unit_test(test_origin_as_cow),
	    cmocka_unit_test(test_snapshot_null_references),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
