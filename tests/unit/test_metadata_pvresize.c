/* lib/metadata/pvresize.c: pvresize's sizes and refusals, with the
 * numbers lvm2 2.03.16 gave in the sandbox (4 MiB extents, data at 1 MiB):
 * 150 MiB -> dev_size 305152, 37 extents; 256 MiB -> 522240, 63; a shrink
 * to 12 extents with 25 in use refused; 1 MiB and 100 sectors below the
 * 4096-sector floor. */
#include "unit.h"

#include "metadata/metadata.h"
#include "metadata/pvresize.h"
#include "metadata/validate.h"
#include "misc/strbuf.h"

static const char *const ids[] = {
    "Xd832wb3sIrntWoOXZ1TYf75Eo0YejdN",
    "aG9Ogyk8ZHE31yHB1wuntVAVlPwW8IJC",
    "8vUbaulaBYGeExCtfYJcLlV71SZxCIMK",
    "q61VH0dBZ6nnotBydfOpPGeImhkC4xA3",
};

/* pv0: 63 extents as vgcreate makes them of 256 MiB; lv1 on its first
 * 25, lv2 (when `tail`) on its extents 40-44. */
static struct vg *vg_with_lvs(int tail)
{
	struct vg *vg = vg_new("vg1", 8192);
	struct pv *pv = vg_add_pv(vg, ids[0], 524288, 2048, 63);
	struct lv *lv = vg_add_lv(vg, "lv1", ids[1]);
	struct segment *seg = lv_add_segment(lv, SEG_STRIPED, 0, 25, 1);

	memcpy(vg->id, ids[3], 33);
	seg->areas[0] = (struct stripe_area){pv, 0};
	if (tail) {
		lv = vg_add_lv(vg, "lv2", ids[2]);
		seg = lv_add_segment(lv, SEG_STRIPED, 0, 5, 1);
		seg->areas[0] = (struct stripe_area){pv, 40};
	}
	return vg;
}

static void valid(const struct vg *vg)
{
	struct strbuf err = STRBUF_INIT;
	if (vg_validate(vg, &err))
		fail_msg("vg_validate: %s", err.buf);
	strbuf_release(&err);
}

static void test_as_lvm2(void **state)
{
	struct vg *vg = vg_with_lvs(0);
	struct pv *pv = vg->pvs[0];
	struct pv_resize r;
	(void)state;

	r = pv_resize(vg, pv, 307200, 0); /* 150 MiB */
	assert_int_equal(r.result, PV_RESIZE_OK);
	assert_int_equal(pv->pe_count, 37);
	assert_int_equal(pv->dev_size, 305152);
	valid(vg);
	r = pv_resize(vg, pv, 102400, 0); /* 50 MiB: 12 extents, 25 in use */
	assert_int_equal(r.result, PV_RESIZE_ALLOCATED);
	assert_int_equal(r.pe_count, 12);
	assert_int_equal(r.allocated, 25);
	assert_int_equal(pv->pe_count, 37); /* unchanged */
	assert_int_equal(pv->dev_size, 305152);
	r = pv_resize(vg, pv, 524288, 0); /* back to the device's 256 MiB */
	assert_int_equal(r.result, PV_RESIZE_OK);
	assert_int_equal(pv->pe_count, 63);
	assert_int_equal(pv->dev_size, 522240);
	valid(vg);
	/* the same count again still changes dev_size, as lvm2 writes it */
	r = pv_resize(vg, pv, 524288 + 100, 0);
	assert_int_equal(r.result, PV_RESIZE_OK);
	assert_int_equal(pv->pe_count, 63);
	assert_int_equal(pv->dev_size, 522340);
	/* a device of 129 MiB: the extents fill dev_size exactly */
	r = pv_resize(vg, pv, 129 * 2048, 0);
	assert_int_equal(r.result, PV_RESIZE_OK);
	assert_int_equal(pv->pe_count, 32);
	assert_int_equal(pv->dev_size, 32 * 8192);
	valid(vg);
	vg_free(vg);
}

static void test_refusals(void **state)
{
	struct vg *vg = vg_with_lvs(1);
	struct pv *pv = vg->pvs[0];
	(void)state;

	assert_int_equal(pv_resize(vg, pv, 2048, 0).result, PV_RESIZE_BELOW_MIN);
	assert_int_equal(pv_resize(vg, pv, 100, 0).result, PV_RESIZE_BELOW_MIN);
	assert_int_equal(pv_resize(vg, pv, 4095, 0).result, PV_RESIZE_BELOW_MIN);
	/* above the floor, not one extent after pe_start */
	assert_int_equal(pv_resize(vg, pv, 4096 + 2048, 0).result, PV_RESIZE_NO_EXTENT);
	/* 30 extents: enough for the 30 in use, not for lv2 at 40-44 */
	assert_int_equal(pv_resize(vg, pv, 2048 + 30 * 8192, 0).result, PV_RESIZE_LATER_ALLOCATED);
	/* 45 extents hold lv2's last one */
	assert_int_equal(pv_resize(vg, pv, 2048 + 45 * 8192, 0).result, PV_RESIZE_OK);
	assert_int_equal(pv->pe_count, 45);
	valid(vg);
	assert_int_equal(pv_resize(vg, pv, 2048 + 44 * 8192, 0).result, PV_RESIZE_LATER_ALLOCATED);
	assert_int_equal(pv->pe_count, 45);
	/* a data start past a small device */
	pv->pe_start = 8192;
	assert_int_equal(pv_resize(vg, pv, 6000, 0).result, PV_RESIZE_BELOW_PE_START);
	vg_free(vg);
}

static void test_orphan(void **state)
{
	(void)state;
	assert_int_equal(pv_resize_orphan(204800, 2048).result, PV_RESIZE_OK);
	assert_int_equal(pv_resize_orphan(6144, 2048).result, PV_RESIZE_OK); /* 3 MiB */
	assert_int_equal(pv_resize_orphan(2056, 2048).result, PV_RESIZE_BELOW_MIN);
	assert_int_equal(pv_resize_orphan(4096, 8192).result, PV_RESIZE_BELOW_PE_START);
	assert_int_equal(pv_resize_orphan(UINT64_MAX, 2048).result, PV_RESIZE_OK);
}

static void test_huge(void **state)
{
	struct vg *vg = vg_with_lvs(0);
	(void)state;
	/* more extents than a u32 counts stop at its limit */
	assert_int_equal(pv_resize(vg, vg->pvs[0], UINT64_MAX, 0).result, PV_RESIZE_OK);
	assert_int_equal(vg->pvs[0]->pe_count, UINT32_MAX);
	vg_free(vg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_as_lvm2),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_orphan),
	    cmocka_unit_test(test_huge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
