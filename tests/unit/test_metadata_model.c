/* lib/metadata/vg.c: the VG model, lookups, extent accounting, classic
 * snapshot relations, cow_max_extents and vg_next_lv_name against lvm2
 * (lib/metadata/snapshot_manip.c _cow_max_size/cow_max_extents and
 * lib/metadata/lv_manip.c generate_lv_name). */
#define VGTOOL_UNIT_MODEL
#include "unit.h"

#include "metadata/metadata.h"

/* origin "lv" (4 extents), COW "snap" (2 extents), snapshotN "snapshot0" */
static struct vg *snapshot_vg(void)
{
	struct vg *vg = vg_new("vg", 8192);
	struct pv *pv = vg_add_pv(vg, ids[0], 131072, 2048, 15);
	struct lv *origin = linear(vg, "lv", ids[2], pv, 0, 4);
	snapshot(vg, origin, linear(vg, "snap", ids[3], pv, 4, 2), ids[4], 8);
	return vg;
}

static void test_new_and_defaults(void **state)
{
	struct vg *vg = vg_new("vg0", 8192);
	struct pv *pv;
	struct lv *lv;
	(void)state;
	assert_string_equal(vg->name, "vg0");
	assert_int_equal(vg->extent_size, 8192);
	assert_int_equal(vg->status, VG_READ | VG_WRITE | VG_RESIZEABLE);
	assert_int_equal(vg->seqno, 0);
	assert_int_equal(vg->n_pvs, 0);
	assert_null(vg->read_only_reason);
	pv = vg_add_pv(vg, ids[0], 131072, 2048, 15);
	assert_string_equal(pv->id, ids[0]);
	assert_int_equal(pv->status, PV_ALLOCATABLE);
	assert_int_equal(pv->dev_size, 131072);
	assert_int_equal(pv->pe_start, 2048);
	assert_int_equal(pv->pe_count, 15);
	lv = vg_add_lv(vg, "lvol0", ids[2]);
	assert_string_equal(lv->id, ids[2]);
	assert_int_equal(lv->status, LV_READ | LV_WRITE | LV_VISIBLE);
	assert_int_equal(lv->read_ahead, -2);
	assert_int_equal(lv->major, -1);
	assert_int_equal(lv->minor, -1);
	assert_int_equal(lv->n_segs, 0);
	assert_int_equal(lv_extents(lv), 0);
	vg_free(vg);
	vg_free(NULL);
}

static void test_lookups(void **state)
{
	struct vg *vg = vg_new("vg", 8192);
	struct pv *a = vg_add_pv(vg, ids[0], 0, 2048, 10), *b = vg_add_pv(vg, ids[1], 0, 2048, 10);
	struct lv *l1 = vg_add_lv(vg, "one", ids[2]), *l2 = vg_add_lv(vg, "two", ids[3]);
	(void)state;
	a->name = strdup("pv0");
	b->dev_path = strdup("/dev/sdb");
	assert_ptr_equal(vg_find_pv_by_name(vg, "pv0"), a);
	assert_null(vg_find_pv_by_name(vg, "pv1")); /* b has no name: no crash */
	assert_ptr_equal(vg_find_pv_by_id(vg, ids[1]), b);
	assert_null(vg_find_pv_by_id(vg, ids[2]));
	assert_ptr_equal(vg_find_pv_by_path(vg, "/dev/sdb"), b);
	assert_null(vg_find_pv_by_path(vg, "/dev/sda")); /* a has no path */
	assert_ptr_equal(vg_find_lv(vg, "two"), l2);
	assert_null(vg_find_lv(vg, "tw"));
	assert_ptr_equal(vg_find_lv_by_id(vg, ids[2]), l1);
	assert_null(vg_find_lv_by_id(vg, ids[4]));
	/* removal keeps the order of the others */
	vg_remove_lv(vg, l1);
	assert_int_equal(vg->n_lvs, 1);
	assert_ptr_equal(vg->lvs[0], l2);
	vg_remove_pv(vg, a);
	assert_int_equal(vg->n_pvs, 1);
	assert_ptr_equal(vg->pvs[0], b);
	vg_free(vg);
}

static void test_tags(void **state)
{
	struct tag_list tl = {0};
	(void)state;
	tag_list_add(&tl, "a");
	tag_list_add(&tl, "b+c");
	assert_int_equal(tl.n, 2);
	assert_string_equal(tl.tags[1], "b+c");
	tag_list_free(&tl);
	assert_int_equal(tl.n, 0);
	assert_null(tl.tags);
	tag_list_free(&tl);
}

static void test_extent_accounting(void **state)
{
	struct vg *vg = vg_new("vg", 8192);
	struct pv *a = vg_add_pv(vg, ids[0], 0, 2048, 15), *b = vg_add_pv(vg, ids[1], 0, 2048, 7);
	struct lv *lv = linear(vg, "lv", ids[2], a, 0, 5);
	struct lv *st = vg_add_lv(vg, "striped", ids[3]);
	struct segment *seg;
	(void)state;
	seg = lv_add_segment(lv, SEG_STRIPED, 5, 3, 1);
	seg->areas[0].pv = b;
	seg->areas[0].pe = 0;
	/* 2 stripes of 2 extents each */
	seg = lv_add_segment(st, SEG_STRIPED, 0, 4, 2);
	seg->stripe_size = 128;
	seg->areas[0] = (struct stripe_area){a, 10};
	seg->areas[1] = (struct stripe_area){b, 3};
	assert_int_equal(lv_extents(lv), 8);
	assert_int_equal(lv_extents(st), 4);
	assert_int_equal(pv_used_extents(vg, a), 5 + 2);
	assert_int_equal(pv_used_extents(vg, b), 3 + 2);
	assert_int_equal(vg_extent_count(vg), 22);
	assert_int_equal(vg_free_extents(vg), 22 - 12);
	/* an unallocatable PV's free extents still count as the VG's free
	 * space (lvm2's VFree and %FREE); only the allocator skips them */
	b->status &= ~PV_ALLOCATABLE;
	assert_int_equal(vg_free_extents(vg), 22 - 12);
	{
		/* the runs each PV gives its LVs, by first extent whatever the
		 * order of the LVs: "late", added last, lies between the others
		 * on a */
		struct lv *late = linear(vg, "late", ids[4], a, 6, 2);
		struct pv_use *u;
		size_t n = pv_uses(vg, b, &u);
		assert_int_equal(n, 2);
		assert_int_equal(u[0].pe, 0);
		assert_int_equal(u[0].len, 3);
		assert_ptr_equal(u[0].lv, lv);
		assert_int_equal(u[1].pe, 3);
		assert_int_equal(u[1].len, 2); /* a stripe: the segment's length / stripes */
		assert_ptr_equal(u[1].lv, st);
		free(u);
		n = pv_uses(vg, a, &u);
		assert_int_equal(n, 3);
		assert_true(u[0].pe == 0 && u[0].len == 5 && u[0].lv == lv);
		assert_true(u[1].pe == 6 && u[1].len == 2 && u[1].lv == late);
		assert_true(u[2].pe == 10 && u[2].len == 2 && u[2].lv == st);
		free(u);
	}
	vg_free(vg);
}

/* vgchange -s: every count scaled, the sectors unchanged; a size that
 * does not divide something changes nothing and names it as lvm2 does. */
static void test_set_extent_size(void **state)
{
	struct extent_misfit m;
	struct vg *vg = snapshot_vg();
	struct lv *origin = vg_find_lv(vg, "lv"), *cow = vg_find_lv(vg, "snap");
	struct pv *pv = vg->pvs[0];
	(void)state;

	pv->dev_path = strdup("/dev/x");
	/* 15 extents of 4 MiB are no whole number of 8 MiB extents */
	assert_int_equal(vg_set_extent_size(vg, 16384, &m), EXTENT_NO_PERFECT_FIT);
	assert_int_equal(vg->extent_size, 8192);
	assert_int_equal(vg_set_extent_size(vg, 1024, &m), 0);
	assert_int_equal(vg->extent_size, 1024);
	assert_int_equal(pv->pe_count, 120);
	assert_int_equal(lv_extents(origin), 32);
	assert_int_equal(cow->segs[0].areas[0].pe, 32);
	assert_int_equal(lv_extents(cow), 16);
	/* a snapshot segment is as long as its origin */
	assert_int_equal(lv_extents(vg_find_lv(vg, "snapshot0")), 32);
	assert_int_equal(vg_free_extents(vg), 120 - 48);
	/* 80 free extents of 512 KiB are 2.5 of 16 MiB: the VG's free space
	 * is named before any PV or LV, and nothing changes */
	pv->pe_count = 128;
	assert_int_equal(vg_set_extent_size(vg, 32768, &m), EXTENT_MISFIT);
	assert_string_equal(m.name, "vg");
	assert_string_equal(m.what, " free space");
	assert_int_equal(m.sectors, 80 * 1024);
	assert_int_equal(m.too_many, 0);
	assert_int_equal(vg->extent_size, 1024);
	assert_int_equal(pv->pe_count, 128);
	assert_int_equal(lv_extents(origin), 32);
	vg_free(vg);

	/* an LV that starts half way into a new extent */
	vg = vg_new("vg", 8);
	pv = vg_add_pv(vg, ids[0], 0, 2048, 16);
	pv->dev_path = strdup("/dev/x");
	linear(vg, "lv", ids[2], pv, 1, 2);
	assert_int_equal(vg_set_extent_size(vg, 16, &m), EXTENT_MISFIT);
	assert_string_equal(m.name, "lv");
	assert_string_equal(m.what, " pvseg start");
	assert_int_equal(m.sectors, 8);
	vg_free(vg);

	/* more extents than 32 bits count: the VG's total is named first */
	vg = vg_new("big", 1u << 31);
	vg_add_pv(vg, ids[0], 0, 2048, 4);
	assert_int_equal(vg_set_extent_size(vg, 1, &m), EXTENT_MISFIT);
	assert_string_equal(m.name, "big");
	assert_string_equal(m.what, "");
	assert_int_equal(m.too_many, 1);
	vg_free(vg);

	/* a stripe of one old extent is half a new one */
	vg = vg_new("vg", 8);
	{
		struct pv *a = vg_add_pv(vg, ids[0], 0, 2048, 8), *b = vg_add_pv(vg, ids[1], 0, 2048, 8);
		struct lv *st = vg_add_lv(vg, "st", ids[2]);
		struct segment *seg = lv_add_segment(st, SEG_STRIPED, 0, 2, 2);
		seg->stripe_size = 8;
		seg->areas[0] = (struct stripe_area){a, 0};
		seg->areas[1] = (struct stripe_area){b, 0};
		/* (each PV's allocated space a whole number of new extents) */
		linear(vg, "x", ids[3], a, 1, 1);
		linear(vg, "y", ids[4], b, 1, 1);
		assert_int_equal(vg_set_extent_size(vg, 16, &m), EXTENT_MISFIT);
		assert_string_equal(m.name, "st");
		assert_string_equal(m.what, " area length");
	}
	vg_free(vg);
}

static void test_snapshot_relations(void **state)
{
	struct vg *vg = snapshot_vg();
	struct lv *origin = vg_find_lv(vg, "lv"), *cow = vg_find_lv(vg, "snap"),
	          *snap = vg_find_lv(vg, "snapshot0");
	struct segment *seg = lv_snapshot_segment(snap);
	(void)state;
	assert_non_null(seg);
	assert_null(lv_snapshot_segment(origin));
	assert_null(lv_snapshot_segment(cow));
	assert_ptr_equal(lv_cow_segment(vg, cow), seg);
	assert_null(lv_cow_segment(vg, origin));
	assert_true(lv_is_cow(vg, cow));
	assert_false(lv_is_cow(vg, snap));
	assert_true(lv_is_origin(vg, origin));
	assert_false(lv_is_origin(vg, cow));
	assert_int_equal(lv_snapshot_count(vg, origin), 1);
	assert_int_equal(lv_snapshot_count(vg, cow), 0);
	/* the snapshot segment takes no PV space */
	assert_int_equal(pv_used_extents(vg, vg->pvs[0]), 6);
	assert_int_equal(lv_extents(snap), 4);
	vg_free(vg);
}

static void test_user_visible(void **state)
{
	struct vg *vg = snapshot_vg();
	struct lv *origin = vg_find_lv(vg, "lv"), *cow = vg_find_lv(vg, "snap"),
	          *snap = vg_find_lv(vg, "snapshot0");
	struct lv *hidden = linear(vg, "hidden", ids[5], vg->pvs[0], 6, 1);
	(void)state;
	hidden->status &= ~LV_VISIBLE;
	assert_true(lv_is_user_visible(vg, origin));
	assert_true(lv_is_user_visible(vg, cow));   /* shown as the snapshot */
	assert_false(lv_is_user_visible(vg, snap)); /* never shown */
	assert_false(lv_is_user_visible(vg, hidden));
	/* a hidden origin is a virtual one (lvm2's test), whose COW is
	 * what the user sees of the sparse snapshot */
	origin->status &= ~LV_VISIBLE;
	assert_true(lv_is_virtual_origin(vg, origin));
	assert_true(lv_virtual_origin_of(vg, cow) == origin);
	assert_true(lv_is_user_visible(vg, cow));
	assert_false(lv_is_user_visible(vg, origin));
	assert_false(lv_zero_layout_ok(vg, origin)); /* hidden, yet linear */
	origin->status |= LV_VISIBLE;
	assert_false(lv_is_virtual_origin(vg, origin));
	assert_null(lv_virtual_origin_of(vg, cow));
	assert_false(lv_is_virtual_origin(vg, hidden)); /* hidden, no snapshot */
	assert_true(lv_zero_layout_ok(vg, origin));
	assert_false(lv_is_merging_cow(vg, cow));
	/* a merging snapshot's COW is hidden (lvm2 lv_is_visible) */
	lv_snapshot_segment(snap)->merging = 1;
	assert_false(lv_is_user_visible(vg, cow));
	assert_true(lv_is_merging_cow(vg, cow));
	assert_false(lv_is_merging_cow(vg, origin));
	/* even with VISIBLE set, snapshotN is not shown */
	snap->status |= LV_VISIBLE;
	assert_false(lv_is_user_visible(vg, snap));
	vg_free(vg);
}

/* lvm2's formula, transcribed from snapshot_manip.c (_cow_max_size and
 * cow_max_extents, MAX_EXTENT_COUNT = UINT32_MAX). */
static uint32_t lvm2_cow_max_extents(uint32_t origin_extents, uint32_t extent_size,
                                     uint32_t chunk_size, int leak)
{
	uint64_t origin_size = (uint64_t)origin_extents * extent_size;
	uint64_t origin_chunks = (origin_size + chunk_size - 1) / chunk_size;
	uint64_t chunks_per_metadata_area = (uint64_t)chunk_size << (9 - 4);
	uint64_t metadata_chunks =
	    (origin_chunks + chunks_per_metadata_area) / chunks_per_metadata_area;
	uint64_t n_chunks = 1 + origin_chunks + metadata_chunks;
	uint64_t size = (n_chunks + (leak ? (n_chunks + 63) / 64 : 0)) * chunk_size;
	uint64_t max_size = (uint64_t)UINT32_MAX * extent_size;
	if (size % extent_size)
		size += extent_size - size % extent_size;
	if (size > max_size)
		size = max_size;
	return (uint32_t)(size / extent_size);
}

static void test_cow_max_extents_by_hand(void **state)
{
	(void)state;
	/* 3 x 1 MiB origin, 4 KiB chunks: 768 chunks + 4 tables + header =
	 * 773 (+13 leak) chunks = 3.02 (3.07) MiB -> 4 extents; lvm2 made
	 * exactly 4 for -l 100%ORIGIN (tests/fixtures/lvm2/scenario/33-*) */
	assert_int_equal(cow_max_extents(3, 2048, 8, 1), 4);
	assert_int_equal(cow_max_extents(3, 2048, 8, 0), 4);
	/* 1 GiB origin in 4 MiB extents, 4 KiB chunks: 262144 + 1025 + 1 =
	 * 263170 chunks = 257.0039 extents -> 258; with 4113 leak chunks
	 * 261.01 -> 262 */
	assert_int_equal(cow_max_extents(256, 8192, 8, 0), 258);
	assert_int_equal(cow_max_extents(256, 8192, 8, 1), 262);
	/* 256 chunks fill a table exactly: a terminating table follows
	 * (1 + 256 + 2 = 259 chunks) */
	assert_int_equal(cow_max_extents(1, 2048, 8, 0), 2);
	/* the smallest: 1 chunk + 1 table + header = 3 chunks (+1 leak) */
	assert_int_equal(cow_max_extents(1, 8, 8, 0), 3);
	assert_int_equal(cow_max_extents(1, 8, 8, 1), 4);
	/* 100 MiB origin, 512 KiB chunks: 200 + 1 + 1 (+4) = 206 chunks */
	assert_int_equal(cow_max_extents(25, 8192, 1024, 1), 26);
	/* far beyond MAX_EXTENT_COUNT: capped */
	assert_int_equal(cow_max_extents(UINT32_MAX, 8192, 8, 1), UINT32_MAX);
}

static uint64_t rnd(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return *seed >> 33;
}

static void test_cow_max_extents_like_lvm2(void **state)
{
	static const uint32_t chunks[] = {8, 16, 32, 64, 128, 256, 512, 1024};
	static const uint32_t extent_sizes[] = {8, 16, 2048, 8192, 65536, 2097152};
	uint64_t seed = 1;
	(void)state;
	for (int i = 0; i < 200000; i++) {
		uint32_t es = extent_sizes[rnd(&seed) % 6];
		uint32_t ch = chunks[rnd(&seed) % 8];
		uint32_t oe =
		    (uint32_t)(i % 3 ? 1 + rnd(&seed) % 100000 : rnd(&seed) % UINT32_MAX + 1);
		int leak = (int)(rnd(&seed) & 1);
		uint32_t want = lvm2_cow_max_extents(oe, es, ch, leak);
		uint32_t got = cow_max_extents(oe, es, ch, leak);
		if (got != want) {
			print_error("cow_max_extents(%u, %u, %u, %d) = %u, lvm2 %u\n", oe, es, ch,
			            leak, got, want);
			fail();
		}
	}
}

static char *next_name(const char *const *names, size_t n, const char *prefix)
{
	struct vg *vg = vg_new("vg", 8192);
	char *r;
	for (size_t i = 0; i < n; i++)
		vg_add_lv(vg, names[i], ids[i % 8]);
	r = vg_next_lv_name(vg, prefix);
	vg_free(vg);
	return r;
}

#define NEXT(expect, prefix, ...)                                                                  \
	do {                                                                                       \
		static const char *const names_[] = {__VA_ARGS__};                                 \
		char *got_ = next_name(names_, sizeof(names_) / sizeof(*names_), prefix);          \
		assert_string_equal(got_, expect);                                                 \
		free(got_);                                                                        \
	} while (0)

static void test_next_lv_name(void **state)
{
	struct vg *vg = vg_new("vg", 8192);
	char *n;
	(void)state;
	n = vg_next_lv_name(vg, "lvol");
	assert_string_equal(n, "lvol0");
	free(n);
	vg_free(vg);
	NEXT("lvol1", "lvol", "lvol0");
	/* one past the highest, not the lowest gap (lvm2) */
	NEXT("lvol6", "lvol", "lvol5");
	NEXT("lvol3", "lvol", "lvol2", "lvol0");
	/* sscanf("lvol%d"): leading digits count, the rest is ignored */
	NEXT("lvol8", "lvol", "lvol7abc", "lvol3");
	NEXT("lvol8", "lvol", "lvol007");
	NEXT("lvol0", "lvol", "lvol", "lvolx", "Lvol9", "xlvol4", "lv");
	/* hidden LVs count too (they are in the VG's LV list) */
	NEXT("snapshot2", "snapshot", "snapshot1", "lvol5", "snap", "snapshot0");
	NEXT("lvol11", "lvol", "lvol9", "lvol10x");
}

/* sscanf's %d also takes a sign: lvm2 gives "lvol8" next to an LV named
 * "lvol+7" (a valid name), and ignores "lvol-3" as lower than -1. */
static void test_next_lv_name_sign(void **state)
{
	(void)state;
	NEXT("lvol0", "lvol", "lvol-3");
	NEXT("lvol8", "lvol", "lvol+7");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_and_defaults),
	    cmocka_unit_test(test_lookups),
	    cmocka_unit_test(test_tags),
	    cmocka_unit_test(test_extent_accounting),
	    cmocka_unit_test(test_set_extent_size),
	    cmocka_unit_test(test_snapshot_relations),
	    cmocka_unit_test(test_user_visible),
	    cmocka_unit_test(test_cow_max_extents_by_hand),
	    cmocka_unit_test(test_cow_max_extents_like_lvm2),
	    cmocka_unit_test(test_next_lv_name),
	    cmocka_unit_test(test_next_lv_name_sign),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
