/* lib/activate/volume-list.c: lvm2's activation lists
 * (lib/activate/activate.c, _lv_passes_volumes_filter): names, tags of
 * the LV or its VG, "@*" (host tags), empty items, absent and
 * empty lists, and the LV asked about for a snapshot. */
#define VGTOOL_UNIT_MODEL
#include "unit.h"

#include "activate/volume-list.h"

static struct vg *two_lvs(void)
{
	struct vg *vg = vg_new("vg", 8192);
	struct pv *pv = vg_add_pv(vg, ids[0], 131072, 2048, 15);
	struct lv *origin = linear(vg, "lv", ids[2], pv, 0, 4);
	snapshot(vg, origin, linear(vg, "snap", ids[3], pv, 4, 2), ids[4], 8);
	linear(vg, "other", ids[5], pv, 6, 1);
	return vg;
}

static int passes(enum volume_list w, const struct vg *vg, const char *lv)
{
	return volume_list_passes(w, vg, vg_find_lv(vg, lv));
}

static void test_absent_and_empty(void **state)
{
	struct vg *vg = two_lvs();
	(void)state;
	volume_list_release();
	assert_true(passes(VOLUME_LIST_ACTIVATION, vg, "lv"));
	assert_true(passes(VOLUME_LIST_AUTO_ACTIVATION, vg, "lv"));
	assert_false(passes(VOLUME_LIST_READ_ONLY, vg, "lv"));
	/* defined and empty: nothing passes */
	volume_list_configure(VOLUME_LIST_ACTIVATION, 1, NULL, 0);
	assert_false(passes(VOLUME_LIST_ACTIVATION, vg, "lv"));
	volume_list_release();
	vg_free(vg);
}

static void test_items(void **state)
{
	static char *const names[] = {"", "vg/other", "@", "@*"};
	static char *const vg_only[] = {"vg"};
	static char *const prefix[] = {"v", "vg/l", "vgx"};
	static char *const tags[] = {"@keep"};
	struct vg *vg = two_lvs();
	(void)state;
	volume_list_configure(VOLUME_LIST_ACTIVATION, 1, names, 4);
	assert_true(passes(VOLUME_LIST_ACTIVATION, vg, "other"));
	assert_false(passes(VOLUME_LIST_ACTIVATION, vg, "lv"));
	volume_list_configure(VOLUME_LIST_ACTIVATION, 1, vg_only, 1);
	assert_true(passes(VOLUME_LIST_ACTIVATION, vg, "lv"));
	volume_list_configure(VOLUME_LIST_ACTIVATION, 1, prefix, 3);
	assert_false(passes(VOLUME_LIST_ACTIVATION, vg, "lv"));
	/* a tag of the LV, then of its VG */
	volume_list_configure(VOLUME_LIST_ACTIVATION, 1, tags, 1);
	assert_false(passes(VOLUME_LIST_ACTIVATION, vg, "lv"));
	tag_list_add(&vg_find_lv(vg, "lv")->tags, "keep");
	assert_true(passes(VOLUME_LIST_ACTIVATION, vg, "lv"));
	assert_false(passes(VOLUME_LIST_ACTIVATION, vg, "other"));
	tag_list_add(&vg->tags, "keep");
	assert_true(passes(VOLUME_LIST_ACTIVATION, vg, "other"));
	/* the lists are separate */
	assert_true(passes(VOLUME_LIST_AUTO_ACTIVATION, vg, "other"));
	assert_false(passes(VOLUME_LIST_READ_ONLY, vg, "other"));
	volume_list_release();
	vg_free(vg);
}

/* "@*": a host tag of the list's on the LV or on its VG */
static void test_host_tags(void **state)
{
	static char *const any[] = {"@*"};
	static char *const hosts[] = {"h1", "site"};
	struct vg *vg = two_lvs();
	(void)state;
	volume_list_configure(VOLUME_LIST_ACTIVATION, 1, any, 1);
	tag_list_add(&vg_find_lv(vg, "lv")->tags, "site");
	/* no host tags yet */
	assert_false(passes(VOLUME_LIST_ACTIVATION, vg, "lv"));
	volume_list_host_tags(VOLUME_LIST_ACTIVATION, hosts, 2);
	assert_true(passes(VOLUME_LIST_ACTIVATION, vg, "lv"));
	assert_false(passes(VOLUME_LIST_ACTIVATION, vg, "other"));
	tag_list_add(&vg->tags, "h1");
	assert_true(passes(VOLUME_LIST_ACTIVATION, vg, "other"));
	/* each list has its own, and a new list none */
	volume_list_configure(VOLUME_LIST_READ_ONLY, 1, any, 1);
	assert_false(passes(VOLUME_LIST_READ_ONLY, vg, "lv"));
	volume_list_configure(VOLUME_LIST_ACTIVATION, 1, any, 1);
	assert_false(passes(VOLUME_LIST_ACTIVATION, vg, "lv"));
	volume_list_release();
	vg_free(vg);
}

static void test_unit(void **state)
{
	struct vg *vg = two_lvs();
	struct lv *origin = vg_find_lv(vg, "lv");
	(void)state;
	assert_ptr_equal(volume_list_unit(vg, vg_find_lv(vg, "snap")), origin);
	assert_ptr_equal(volume_list_unit(vg, vg_find_lv(vg, "snapshot0")), origin);
	assert_ptr_equal(volume_list_unit(vg, origin), origin);
	assert_ptr_equal(volume_list_unit(vg, vg_find_lv(vg, "other")), vg_find_lv(vg, "other"));
	vg_free(vg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_absent_and_empty),
	    cmocka_unit_test(test_items),
	    cmocka_unit_test(test_host_tags),
	    cmocka_unit_test(test_unit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
