/* Sizing rules against what lvm2 2.03.16 did (tests/fixtures/lvm2/sizing.txt:
 * a 64 MiB PV with 4 MiB extents = 15 extents; an origin of 4 extents). */
#define VGTOOL_UNIT_MODEL
#include "unit.h"

#include "metadata/metadata.h"
#include "metadata/sizing.h"

static void test_from_sectors(void **state)
{
	uint32_t e = 0;
	int rounded;
	(void)state;
	/* -L 10M -> "Rounding up size to full physical extent 12.00 MiB" */
	assert_int_equal(size_from_sectors(20480, 8192, &e, &rounded), SIZING_OK);
	assert_int_equal(e, 3);
	assert_true(rounded);
	/* -L 1.5m and -L 4096b -> 1 extent, rounded */
	assert_int_equal(size_from_sectors(3072, 8192, &e, &rounded), SIZING_OK);
	assert_int_equal(e, 1);
	assert_int_equal(size_from_sectors(8, 8192, &e, &rounded), SIZING_OK);
	assert_int_equal(e, 1);
	/* exactly 8M: not rounded */
	assert_int_equal(size_from_sectors(16384, 8192, &e, &rounded), SIZING_OK);
	assert_int_equal(e, 2);
	assert_false(rounded);
	assert_int_equal(size_from_sectors(0, 8192, &e, &rounded), SIZING_ZERO);
	/* more extents than 32 bits hold */
	assert_int_equal(size_from_sectors(UINT64_C(1) << 60, 2, &e, &rounded), SIZING_TOO_LARGE);
}

static struct size_bases vg15(uint32_t free_extents)
{
	struct size_bases b = {15, free_extents, 15, 0, 0, 0, 0};
	return b;
}

static uint32_t pct(enum percent_base base, uint64_t count, const struct size_bases *b,
                    enum sizing_result want)
{
	struct extents_arg ea = {SIGN_NONE, count, base};
	uint32_t e = 0;
	assert_int_equal(size_from_extents_arg(&ea, b, &e), want);
	return e;
}

static void test_percentages(void **state)
{
	struct size_bases b = vg15(15);
	(void)state;
	/* lvm2: 50%FREE of 15 -> 7; then 50%FREE of 8 -> 4; 100%FREE of 4 -> 4 */
	assert_int_equal(pct(PERCENT_FREE, 50, &b, SIZING_OK), 7);
	b = vg15(8);
	assert_int_equal(pct(PERCENT_FREE, 50, &b, SIZING_OK), 4);
	b = vg15(4);
	assert_int_equal(pct(PERCENT_FREE, 100, &b, SIZING_OK), 4);
	b = vg15(15);
	assert_int_equal(pct(PERCENT_VG, 100, &b, SIZING_OK), 15);
	assert_int_equal(pct(PERCENT_VG, 33, &b, SIZING_OK), 4);
	assert_int_equal(pct(PERCENT_PVS, 10, &b, SIZING_OK), 1);
	/* 1%VG of 15: "Calculated size of logical volume is 0 extents" */
	pct(PERCENT_VG, 1, &b, SIZING_ZERO);
	assert_int_equal(pct(PERCENT_NONE, 16, &b, SIZING_OK), 16);
	pct(PERCENT_NONE, 0, &b, SIZING_ZERO);
	/* %LV and %ORIGIN need an LV and an origin */
	pct(PERCENT_LV, 50, &b, SIZING_NOT_HERE);
	pct(PERCENT_ORIGIN, 50, &b, SIZING_NOT_HERE);
	/* lvresize without a minus sign rounds up (lvm2 took lvreduce -l
	 * 50%LV of 3 extents to 2) */
	b.lv_extents = 3;
	b.round_up = 1;
	assert_int_equal(pct(PERCENT_LV, 50, &b, SIZING_OK), 2);
	assert_int_equal(pct(PERCENT_VG, 33, &b, SIZING_OK), 5);
	assert_int_equal(pct(PERCENT_VG, 100, &b, SIZING_OK), 15);
	assert_int_equal(pct(PERCENT_FREE, 1, &b, SIZING_OK), 1);
}

static void test_origin(void **state)
{
	struct size_bases b = vg15(11);
	(void)state;
	/* origin of 4 extents of 4 MiB with 4 KiB chunks: lvm2 made 5
	 * extents for 100%ORIGIN and 3 for 50%ORIGIN */
	b.origin_extents = 4;
	b.origin_max_cow = cow_max_extents(4, 8192, 8, 1);
	assert_int_equal(b.origin_max_cow, 5);
	assert_int_equal(pct(PERCENT_ORIGIN, 100, &b, SIZING_OK), 5);
	assert_int_equal(pct(PERCENT_ORIGIN, 50, &b, SIZING_OK), 3);
	/* rounded up: 1% of 4 extents is one extent of data */
	assert_int_equal(pct(PERCENT_ORIGIN, 1, &b, SIZING_OK), 2);
}

static void test_signs(void **state)
{
	uint32_t t = 0;
	(void)state;
	assert_int_equal(size_apply_sign(10, SIGN_PLUS, 3, &t), SIZING_OK);
	assert_int_equal(t, 13);
	assert_int_equal(size_apply_sign(10, SIGN_MINUS, 3, &t), SIZING_OK);
	assert_int_equal(t, 7);
	assert_int_equal(size_apply_sign(10, SIGN_NONE, 3, &t), SIZING_OK);
	assert_int_equal(t, 3);
	assert_int_equal(size_apply_sign(10, SIGN_MINUS, 10, &t), SIZING_ZERO);
	assert_int_equal(size_apply_sign(10, SIGN_MINUS, 99, &t), SIZING_ZERO);
	assert_int_equal(size_apply_sign(UINT32_MAX, SIGN_PLUS, 1, &t), SIZING_TOO_LARGE);
}

/* The size rules of lvresize (tools/resize.c) in lvm2's order. */
static void test_resize_check(void **state)
{
	uint32_t t;
	int capped;
	(void)state;
	/* a plain LV: any size but its own, in the command's direction */
	t = 12;
	assert_int_equal(resize_check_target(RESIZE_ANY, 10, 0, &t, &capped), RESIZE_OK);
	assert_int_equal(t, 12);
	assert_false(capped);
	t = 8;
	assert_int_equal(resize_check_target(RESIZE_ANY, 10, 0, &t, &capped), RESIZE_OK);
	t = 10;
	assert_int_equal(resize_check_target(RESIZE_ANY, 10, 0, &t, &capped), RESIZE_SAME);
	t = 8;
	assert_int_equal(resize_check_target(RESIZE_EXTEND, 10, 0, &t, &capped), RESIZE_NOT_LARGER);
	t = 12;
	assert_int_equal(resize_check_target(RESIZE_REDUCE, 10, 0, &t, &capped),
	                 RESIZE_NOT_SMALLER);
	/* a COW grows to its useful maximum and no further */
	t = 9;
	assert_int_equal(resize_check_target(RESIZE_EXTEND, 3, 5, &t, &capped), RESIZE_OK);
	assert_int_equal(t, 5);
	assert_true(capped);
	/* at it already: capped, and unchanged (lvm2 exits 0) */
	t = 9;
	assert_int_equal(resize_check_target(RESIZE_EXTEND, 5, 5, &t, &capped), RESIZE_OK);
	assert_int_equal(t, 5);
	assert_true(capped);
	/* past it (a sparse snapshot's COW): capped, and it cannot grow */
	t = 9;
	assert_int_equal(resize_check_target(RESIZE_EXTEND, 6, 5, &t, &capped), RESIZE_COW_AT_MAX);
	assert_true(capped);
	/* lvreduce of a COW to more than it has: capped first, then refused,
	 * as lvm2 says both */
	t = 9;
	assert_int_equal(resize_check_target(RESIZE_REDUCE, 3, 5, &t, &capped), RESIZE_NOT_SMALLER);
	assert_true(capped);
	/* reducing a COW past its maximum (the origin shrank) is allowed */
	t = 6;
	assert_int_equal(resize_check_target(RESIZE_ANY, 8, 5, &t, &capped), RESIZE_OK);
	assert_int_equal(t, 6);
	assert_false(capped);
}

static void test_cow_too_small(void **state)
{
	(void)state;
	/* 3 chunks of 4 KiB fit in one 4 MiB extent; 3 of 512 KiB do not fit
	 * in 1 MiB (2048 sectors) */
	assert_false(cow_too_small(1, 8192, 8));
	assert_true(cow_too_small(0, 8192, 8));
	assert_true(cow_too_small(1, 2048, 1024));
	assert_false(cow_too_small(2, 2048, 1024));
	/* no overflow in 32 bits: 2^31 extents of 2^16 sectors */
	assert_false(cow_too_small(UINT32_C(1) << 31, 65536, 1024));
}

/* The bases from a VG: 15 extents on two PVs, an origin of 4 extents and
 * a COW of 2. */
static void test_bases_of(void **state)
{
	struct vg *vg = vg_new("vg", 8192);
	struct pv *a = vg_add_pv(vg, ids[0], 131072, 2048, 10);
	struct pv *b = vg_add_pv(vg, ids[1], 131072, 2048, 5);
	struct lv *origin = linear(vg, "lv", ids[2], a, 0, 4);
	struct lv *cow = linear(vg, "snap", ids[3], b, 0, 2);
	struct size_bases sb;
	(void)state;
	size_bases_of(vg, NULL, origin, 8, 1, 1, NULL, 0, &sb);
	assert_int_equal(sb.vg_extents, 15);
	assert_int_equal(sb.free_extents, 9);
	assert_int_equal(sb.pvs_extents, 15); /* no PV named: the whole VG */
	assert_int_equal(sb.lv_extents, 0);
	assert_int_equal(sb.origin_extents, 4);
	assert_int_equal(sb.origin_max_cow, 5); /* with the COW's overhead */
	size_bases_of(vg, cow, origin, 0, 0, 1, &b, 1, &sb);
	assert_int_equal(sb.pvs_extents, 3); /* free on the PV named */
	assert_int_equal(sb.lv_extents, 2);
	assert_int_equal(sb.origin_max_cow, 4); /* lvresize: none */
	size_bases_of(vg, cow, NULL, 0, 0, 1, NULL, 0, &sb);
	assert_int_equal(sb.origin_extents, 0);
	assert_int_equal(sb.origin_max_cow, 0);
	vg_free(vg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_from_sectors), cmocka_unit_test(test_percentages),
	    cmocka_unit_test(test_origin),       cmocka_unit_test(test_signs),
	    cmocka_unit_test(test_resize_check), cmocka_unit_test(test_cow_too_small),
	    cmocka_unit_test(test_bases_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
