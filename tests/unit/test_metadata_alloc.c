/* lib/metadata/alloc.c: where extents go, checked against what lvm2
 * 2.03.16 did in the same situations (host runs with loop devices and
 * tests/fixtures/lvm2/scenario), plus a random walk that checks the
 * invariants after every operation. */
#include "unit.h"

#include "metadata/alloc.h"
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

static struct vg *new_vg(const uint32_t *pe_counts, size_t n)
{
	struct vg *vg = vg_new("vg", 8192);
	memcpy(vg->id, ids[7], 33);
	for (size_t i = 0; i < n; i++) {
		char name[8];
		struct pv *pv = vg_add_pv(vg, ids[i], 0, 2048, pe_counts[i]);
		snprintf(name, sizeof(name), "pv%zu", i);
		pv->name = strdup(name);
	}
	return vg;
}

static struct lv *new_lv(struct vg *vg, const char *name)
{
	static unsigned k;
	char id[33];
	snprintf(id, sizeof(id), "LVid%028u", k++);
	return vg_add_lv(vg, name, id);
}

/* Place `len` extents at pv:pe by hand (to set a situation up). */
static void put(struct lv *lv, struct pv *pv, uint32_t pe, uint32_t len)
{
	struct segment *seg = lv_add_segment(lv, SEG_STRIPED, lv_extents(lv), len, 1);
	seg->areas[0] = (struct stripe_area){pv, pe};
}

/* The LV's segments, "pv0:0+2 pv1:0+15". */
static char *layout(const struct vg *vg, const struct lv *lv)
{
	struct strbuf sb = STRBUF_INIT;
	(void)vg;
	for (size_t s = 0; s < lv->n_segs; s++) {
		const struct segment *seg = &lv->segs[s];
		strbuf_addf(&sb, "%s%s:%u+%u", s ? " " : "", seg->areas[0].pv->name,
		            seg->areas[0].pe, seg->len);
	}
	return strbuf_detach(&sb, NULL);
}

#define ASSERT_LAYOUT(vg, lv, want)                                                                \
	do {                                                                                       \
		char *got_ = layout(vg, lv);                                                       \
		assert_string_equal(got_, want);                                                   \
		free(got_);                                                                        \
	} while (0)

static void assert_valid(const struct vg *vg)
{
	struct strbuf err = STRBUF_INIT;
	if (vg_validate(vg, &err)) {
		print_error("invalid VG: %s\n", err.buf);
		fail();
	}
	strbuf_release(&err);
}

/* ---- what lvm2 did ---- */

/* Host run (ut_vgA): 2 PVs of 15 extents; lvcreate -L 8M lv1;
 * lvcreate -L 100M span; lvextend -L +4M lv1.  lvm2 wrote
 * lv1 = pv0:0+2 pv0:12+1, span = pv1:0+15 pv0:2+10. */
static void test_like_lvm2_host(void **state)
{
	static const uint32_t pes[] = {15, 15};
	struct vg *vg = new_vg(pes, 2);
	struct lv *lv1 = new_lv(vg, "lv1"), *span = new_lv(vg, "span");
	(void)state;
	assert_int_equal(alloc_extend_lv(vg, lv1, 2, NULL, 0), 0);
	ASSERT_LAYOUT(vg, lv1, "pv0:0+2");
	assert_int_equal(alloc_extend_lv(vg, span, 25, NULL, 0), 0);
	ASSERT_LAYOUT(vg, span, "pv1:0+15 pv0:2+10");
	assert_int_equal(alloc_extend_lv(vg, lv1, 1, NULL, 0), 0);
	ASSERT_LAYOUT(vg, lv1, "pv0:0+2 pv0:12+1");
	assert_int_equal(lv1->segs[1].le, 2);
	assert_int_equal(vg_free_extents(vg), 2);
	assert_valid(vg);
	vg_free(vg);
}

/* tests/fixtures/lvm2/scenario 02, 03, 19-21: pv0 15, pv1 7 extents;
 * lv1 2 -> pv0:0; span 20 -> pv0:2+13 pv1:0+7; lv1 reduced to 1; span
 * removed; fill 10 -> pv0:1+10. */
static void test_like_lvm2_scenario(void **state)
{
	static const uint32_t pes[] = {15, 7};
	struct vg *vg = new_vg(pes, 2);
	struct lv *lv1 = new_lv(vg, "lv1"), *span = new_lv(vg, "span"), *fill;
	(void)state;
	assert_int_equal(alloc_extend_lv(vg, lv1, 2, NULL, 0), 0);
	assert_int_equal(alloc_extend_lv(vg, span, 20, NULL, 0), 0);
	ASSERT_LAYOUT(vg, span, "pv0:2+13 pv1:0+7");
	alloc_reduce_lv(lv1, 1);
	ASSERT_LAYOUT(vg, lv1, "pv0:0+1");
	vg_remove_lv(vg, span);
	fill = new_lv(vg, "fill");
	assert_int_equal(alloc_extend_lv(vg, fill, 10, NULL, 0), 0);
	ASSERT_LAYOUT(vg, fill, "pv0:1+10");
	assert_valid(vg);
	vg_free(vg);
}

/* ---- the preference order ---- */

static void test_contiguous_first(void **state)
{
	static const uint32_t pes[] = {10, 100};
	struct vg *vg = new_vg(pes, 2);
	struct lv *lv = new_lv(vg, "lv");
	(void)state;
	put(lv, vg->pvs[0], 0, 5);
	/* pv1 has far more space, but pv0:5 continues the LV */
	assert_int_equal(alloc_extend_lv(vg, lv, 3, NULL, 0), 0);
	ASSERT_LAYOUT(vg, lv, "pv0:0+8");
	vg_free(vg);
}

static void test_contiguous_then_cling(void **state)
{
	static const uint32_t pes[] = {30, 100};
	struct vg *vg = new_vg(pes, 2);
	struct lv *lv = new_lv(vg, "lv"), *other = new_lv(vg, "other");
	(void)state;
	put(lv, vg->pvs[0], 0, 5);
	put(other, vg->pvs[0], 7, 13); /* pv0 free: 5-6, 20-29 */
	assert_int_equal(alloc_extend_lv(vg, lv, 5, NULL, 0), 0);
	/* 2 contiguous, then 3 more on pv0 (the PV it uses), not pv1 */
	ASSERT_LAYOUT(vg, lv, "pv0:0+7 pv0:20+3");
	assert_valid(vg);
	vg_free(vg);
}

/* lvm2 2.03.16 in the guest (scenario 067 "cling, then a tie"): 5 on
 * pv1 (cling), then pv0 rather than the far larger pv2: candidates are
 * ranked by the extents they would give (3 each), ties in PV order. */
static void test_cling_then_tie_to_earlier_pv(void **state)
{
	static const uint32_t pes[] = {10, 10, 100};
	struct vg *vg = new_vg(pes, 3);
	struct lv *lv = new_lv(vg, "lv"), *other = new_lv(vg, "other");
	(void)state;
	put(lv, vg->pvs[1], 0, 2);
	put(other, vg->pvs[1], 2, 3); /* pv1 free: 5-9 */
	assert_int_equal(alloc_extend_lv(vg, lv, 8, NULL, 0), 0);
	ASSERT_LAYOUT(vg, lv, "pv1:0+2 pv1:5+5 pv0:0+3");
	vg_free(vg);
}

/* lvm2 in the guest (free 5, 10, 10): the largest candidate first, then
 * 2 from pv0, not pv2 (both would give 2: the earlier PV wins); then b
 * fits whole in pv2. */
static void test_largest_first_and_ties(void **state)
{
	static const uint32_t pes[] = {5, 10, 10};
	struct vg *vg = new_vg(pes, 3);
	struct lv *a = new_lv(vg, "a"), *b = new_lv(vg, "b");
	(void)state;
	assert_int_equal(alloc_extend_lv(vg, a, 12, NULL, 0), 0);
	ASSERT_LAYOUT(vg, a, "pv1:0+10 pv0:0+2");
	assert_int_equal(alloc_extend_lv(vg, b, 9, NULL, 0), 0);
	ASSERT_LAYOUT(vg, b, "pv2:0+9");
	assert_valid(vg);
	vg_free(vg);
}

static void test_allowed_pvs(void **state)
{
	static const uint32_t pes[] = {100, 10, 10};
	struct vg *vg = new_vg(pes, 3);
	struct lv *lv = new_lv(vg, "lv");
	struct pv *only[] = {vg->pvs[2], vg->pvs[1]};
	(void)state;
	assert_int_equal(alloc_free_extents(vg, NULL, 0), 120);
	assert_int_equal(alloc_free_extents(vg, only, 2), 20);
	/* the PVs in the order given, as lvm2 takes the command line's */
	assert_int_equal(alloc_extend_lv(vg, lv, 15, only, 2), 0);
	ASSERT_LAYOUT(vg, lv, "pv2:0+10 pv1:0+5");
	assert_int_equal(alloc_free_extents(vg, only, 2), 5);
	assert_int_equal(alloc_free_extents(vg, only, 1), 0);
	vg_free(vg);
}

static void test_unusable_pvs(void **state)
{
	static const uint32_t pes[] = {50, 10, 10};
	struct vg *vg = new_vg(pes, 3);
	struct lv *lv = new_lv(vg, "lv");
	(void)state;
	vg->pvs[0]->status &= ~PV_ALLOCATABLE;
	vg->pvs[1]->status |= PV_MISSING;
	assert_int_equal(alloc_free_extents(vg, NULL, 0), 10);
	/* even when named explicitly */
	assert_int_equal(alloc_free_extents(vg, vg->pvs, 2), 0);
	assert_int_equal(alloc_extend_lv(vg, lv, 10, NULL, 0), 0);
	ASSERT_LAYOUT(vg, lv, "pv2:0+10");
	vg_free(vg);
}

static void test_insufficient_space(void **state)
{
	static const uint32_t pes[] = {10, 5};
	struct vg *vg = new_vg(pes, 2);
	struct lv *lv = new_lv(vg, "lv");
	(void)state;
	put(lv, vg->pvs[0], 0, 3);
	fflush(errf);
	assert_int_equal(alloc_extend_lv(vg, lv, 13, NULL, 0), -1);
	fflush(errf);
	assert_non_null(strstr(errbuf, "insufficient free space (12 extents): 13 required"));
	/* unchanged */
	ASSERT_LAYOUT(vg, lv, "pv0:0+3");
	assert_int_equal(alloc_extend_lv(vg, lv, 12, NULL, 0), 0);
	assert_int_equal(lv_extents(lv), 15);
	assert_int_equal(alloc_free_extents(vg, NULL, 0), 0);
	vg_free(vg);
}

static void test_reduce(void **state)
{
	static const uint32_t pes[] = {100};
	struct vg *vg = new_vg(pes, 1);
	struct lv *lv = new_lv(vg, "lv"), *gap = new_lv(vg, "gap");
	(void)state;
	put(lv, vg->pvs[0], 0, 5);
	put(gap, vg->pvs[0], 5, 1);
	put(lv, vg->pvs[0], 10, 5);
	put(lv, vg->pvs[0], 20, 5);
	alloc_reduce_lv(lv, 12);
	ASSERT_LAYOUT(vg, lv, "pv0:0+5 pv0:10+5 pv0:20+2");
	alloc_reduce_lv(lv, 10);
	ASSERT_LAYOUT(vg, lv, "pv0:0+5 pv0:10+5");
	alloc_reduce_lv(lv, 3);
	ASSERT_LAYOUT(vg, lv, "pv0:0+3");
	assert_int_equal(alloc_free_extents(vg, NULL, 0), 96);
	/* and grows back contiguously */
	assert_int_equal(alloc_extend_lv(vg, lv, 2, NULL, 0), 0);
	ASSERT_LAYOUT(vg, lv, "pv0:0+5");
	assert_valid(vg);
	vg_free(vg);
}

/* The last segment is a snapshot (or otherwise not linear): nothing is
 * contiguous to it, and nothing is merged into it. */
static void test_extend_after_other_segment_types(void **state)
{
	static const uint32_t pes[] = {10, 10};
	struct vg *vg = new_vg(pes, 2);
	struct lv *lv = new_lv(vg, "lv");
	struct segment *seg;
	(void)state;
	seg = lv_add_segment(lv, SEG_STRIPED, 0, 4, 2);
	seg->stripe_size = 128;
	seg->areas[0] = (struct stripe_area){vg->pvs[0], 0};
	seg->areas[1] = (struct stripe_area){vg->pvs[1], 0};
	assert_int_equal(alloc_extend_lv(vg, lv, 3, NULL, 0), 0);
	assert_int_equal(lv->n_segs, 2);
	assert_int_equal(lv->segs[1].le, 4);
	assert_int_equal(lv->segs[1].stripe_count, 1);
	assert_valid(vg);
	vg_free(vg);
}

/* Adjacent linear segments (as lvm2 leaves them after lvextend -I) join
 * at the next extend, as lvm2's lv_merge_segments() joins them. */
static void test_merge_adjacent(void **state)
{
	static const uint32_t pes[] = {15};
	struct vg *vg = new_vg(pes, 1);
	struct lv *lv = new_lv(vg, "s");
	(void)state;
	put(lv, vg->pvs[0], 5, 1);
	put(lv, vg->pvs[0], 6, 1);
	assert_int_equal(lv->n_segs, 2);
	assert_int_equal(alloc_extend_lv(vg, lv, 1, NULL, 0), 0);
	assert_int_equal(lv->n_segs, 1);
	assert_int_equal(lv->segs[0].len, 3);
	assert_int_equal(lv->segs[0].areas[0].pe, 5);
	assert_valid(vg);
	vg_free(vg);
}

/* ---- policies, each checked against lvm2 in scenario 067 ---- */

static int extend_with(struct vg *vg, struct lv *lv, uint32_t n, enum alloc_policy p, int approx,
                       uint32_t *got)
{
	struct alloc_request req = {p, approx, NULL, 0};
	return alloc_extend(vg, lv, n, &req, got);
}

static const char *errors(void)
{
	fflush(errf);
	return errbuf ? errbuf : "";
}

/* cling looks at the PV of the LV's first segment (lvm2's walk over "the
 * whole LV" stops after one segment); a percentage takes what cling finds;
 * past that, nothing. */
static void test_cling_to_first_segment(void **state)
{
	static const uint32_t pes[] = {15, 15, 15};
	struct vg *vg = new_vg(pes, 3);
	struct lv *cl = new_lv(vg, "cl"), *blk = new_lv(vg, "blk");
	uint32_t got = 0;
	(void)state;
	put(cl, vg->pvs[1], 0, 2);
	put(cl, vg->pvs[0], 0, 2);
	put(blk, vg->pvs[0], 2, 1);
	assert_int_equal(extend_with(vg, cl, 2, ALLOC_CLING, 0, NULL), 0);
	ASSERT_LAYOUT(vg, cl, "pv1:0+2 pv0:0+2 pv1:2+2");
	assert_int_equal(extend_with(vg, cl, alloc_free_extents(vg, NULL, 0), ALLOC_CLING, 1, &got),
	                 0);
	assert_int_equal(got, 11);
	ASSERT_LAYOUT(vg, cl, "pv1:0+2 pv0:0+2 pv1:2+13");
	assert_int_equal(extend_with(vg, cl, 3, ALLOC_CLING, 0, NULL), -1);
	assert_non_null(strstr(errors(), "Insufficient suitable allocatable extents for logical "
	                                 "volume cl: 3 more required"));
	ASSERT_LAYOUT(vg, cl, "pv1:0+2 pv0:0+2 pv1:2+13");
	/* the LV's own policy, when the request names none */
	lv_set_alloc_policy(cl, ALLOC_CLING);
	assert_int_equal(alloc_extend_lv(vg, cl, 1, NULL, 0), -1);
	assert_valid(vg);
	vg_free(vg);
}

/* Once the allocation moved to a new PV, normal clings to it and, there,
 * takes the last area of the PV's list first (the smallest). */
static void test_normal_smallest_first_on_a_new_pv(void **state)
{
	static const uint32_t pes[] = {15, 15, 15};
	struct vg *vg = new_vg(pes, 3);
	struct lv *f = new_lv(vg, "f"), *sm = new_lv(vg, "sm");
	struct pv *two[] = {vg->pvs[0], vg->pvs[1]};
	(void)state;
	put(f, vg->pvs[1], 5, 1);
	put(f, vg->pvs[1], 9, 1);
	put(f, vg->pvs[1], 12, 3); /* pv1 free: 0-4, 6-8, 10-11 */
	assert_int_equal(alloc_extend_lv(vg, sm, 25, two, 2), 0);
	ASSERT_LAYOUT(vg, sm, "pv0:0+15 pv1:0+5 pv1:10+2 pv1:6+3");
	assert_valid(vg);
	vg_free(vg);
}

/* contiguous: one area holding the whole request, or nothing; the LV
 * grows only right after its end.  A VG's policy is inherited. */
static void test_contiguous_policy(void **state)
{
	static const uint32_t pes[] = {15, 15, 15};
	struct vg *vg = new_vg(pes, 3);
	struct lv *x = new_lv(vg, "x"), *y = new_lv(vg, "y"), *big = new_lv(vg, "big");
	uint32_t got = 0;
	(void)state;
	vg_set_alloc_policy(vg, ALLOC_CONTIGUOUS);
	assert_int_equal(alloc_extend_lv(vg, x, 1, NULL, 0), 0);
	assert_int_equal(alloc_extend_lv(vg, y, 1, NULL, 0), 0);
	assert_int_equal(alloc_extend_lv(vg, x, 1, NULL, 0), -1);
	assert_non_null(strstr(errors(), "Insufficient suitable contiguous allocatable extents "
	                                 "for logical volume x: 1 more required"));
	ASSERT_LAYOUT(vg, x, "pv0:0+1");
	/* normal, for this request only */
	assert_int_equal(extend_with(vg, x, 1, ALLOC_NORMAL, 0, NULL), 0);
	ASSERT_LAYOUT(vg, x, "pv0:0+1 pv0:2+1");
	assert_int_equal(alloc_extend_lv(vg, big, 25, NULL, 0), -1);
	assert_non_null(strstr(errors(), "big: 25 more required"));
	assert_int_equal(lv_extents(big), 0);
	assert_int_equal(alloc_extend_lv(vg, big, 15, NULL, 0), 0);
	ASSERT_LAYOUT(vg, big, "pv1:0+15");
	/* about all the free space: no one area holds it */
	vg_remove_lv(vg, big);
	big = new_lv(vg, "big2");
	assert_int_equal(
	    extend_with(vg, big, alloc_free_extents(vg, NULL, 0), ALLOC_INHERIT, 1, &got), -1);
	assert_non_null(strstr(errors(), "Insufficient suitable contiguous allocatable extents "
	                                 "found for logical volume big2."));
	/* growing by "about" what follows the LV gets what is there */
	assert_int_equal(extend_with(vg, y, 20, ALLOC_CONTIGUOUS, 1, &got), -1);
	assert_int_equal(extend_with(vg, x, 20, ALLOC_CONTIGUOUS, 1, &got), 0);
	assert_int_equal(got, 12);
	ASSERT_LAYOUT(vg, x, "pv0:0+1 pv0:2+13");
	vg_remove_lv(vg, big);
	assert_valid(vg);
	vg_free(vg);
}

/* For a linear LV, anywhere places as normal does (normal always finishes
 * first), and cling_by_tags as cling (no tag list). */
static void test_anywhere_and_cling_by_tags(void **state)
{
	static const uint32_t pes[] = {5, 10, 10};
	struct vg *vg = new_vg(pes, 3);
	struct lv *a = new_lv(vg, "a");
	(void)state;
	assert_int_equal(extend_with(vg, a, 12, ALLOC_ANYWHERE, 0, NULL), 0);
	ASSERT_LAYOUT(vg, a, "pv1:0+10 pv0:0+2");
	assert_int_equal(alloc_policy_from_name("cling_by_tags"), ALLOC_CLING);
	assert_int_equal(extend_with(vg, a, 3, alloc_policy_from_name("cling_by_tags"), 0, NULL),
	                 0);
	ASSERT_LAYOUT(vg, a, "pv1:0+10 pv0:0+5");
	vg_free(vg);
}

static void test_policy_names(void **state)
{
	static const uint32_t pes[] = {5};
	struct vg *vg = new_vg(pes, 1);
	struct lv *lv = new_lv(vg, "lv");
	(void)state;
	assert_int_equal(alloc_policy_from_name("contiguous"), ALLOC_CONTIGUOUS);
	assert_int_equal(alloc_policy_from_name("inherit"), ALLOC_INHERIT);
	assert_int_equal(alloc_policy_from_name("Normal"), ALLOC_INVALID);
	assert_int_equal(alloc_policy_from_name(""), ALLOC_INVALID);
	assert_string_equal(alloc_policy_name(ALLOC_ANYWHERE), "anywhere");
	/* stored as lvm2 writes them: nothing for an LV's inherit or a VG's
	 * normal */
	assert_int_equal(lv_alloc_policy(lv), ALLOC_INHERIT);
	lv_set_alloc_policy(lv, ALLOC_CLING);
	assert_string_equal(lv->allocation_policy, "cling");
	lv_set_alloc_policy(lv, ALLOC_INHERIT);
	assert_null(lv->allocation_policy);
	assert_int_equal(vg_alloc_policy(vg), ALLOC_NORMAL);
	vg_set_alloc_policy(vg, ALLOC_ANYWHERE);
	assert_string_equal(vg->allocation_policy, "anywhere");
	vg_set_alloc_policy(vg, ALLOC_NORMAL);
	assert_null(vg->allocation_policy);
	/* what lvm2 would not know counts as its default */
	lv->allocation_policy = strdup("sideways");
	vg->allocation_policy = strdup("inherit");
	assert_int_equal(lv_alloc_policy(lv), ALLOC_INHERIT);
	assert_int_equal(vg_alloc_policy(vg), ALLOC_NORMAL);
	vg_free(vg);
}

/* ---- random walk ---- */

static uint64_t rnd(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return *seed >> 33;
}

static void check_invariants(const struct vg *vg)
{
	uint32_t used = 0;
	assert_valid(vg);
	for (size_t l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		for (size_t s = 0; s + 1 < lv->n_segs; s++) {
			const struct segment *a = &lv->segs[s], *b = &lv->segs[s + 1];
			/* pieces that continue each other are one segment */
			if (a->areas[0].pv == b->areas[0].pv &&
			    a->areas[0].pe + a->len == b->areas[0].pe) {
				print_error("LV %s segments %zu and %zu are contiguous\n", lv->name,
				            s + 1, s + 2);
				fail();
			}
		}
	}
	for (size_t p = 0; p < vg->n_pvs; p++)
		used += pv_used_extents(vg, vg->pvs[p]);
	assert_int_equal(used + alloc_free_extents(vg, NULL, 0), vg_extent_count(vg));
}

static void test_random_walk(void **state)
{
	uint64_t seed = 7;
	(void)state;
	for (int round = 0; round < 40; round++) {
		uint32_t pes[5];
		size_t npv = 1 + rnd(&seed) % 5;
		struct vg *vg;
		for (size_t i = 0; i < npv; i++)
			pes[i] = 1 + (uint32_t)(rnd(&seed) % 200);
		vg = new_vg(pes, npv);
		for (int step = 0; step < 300; step++) {
			unsigned op = (unsigned)(rnd(&seed) % 10);
			struct lv *lv = vg->n_lvs ? vg->lvs[rnd(&seed) % vg->n_lvs] : NULL;
			uint32_t free_all = alloc_free_extents(vg, NULL, 0);
			if (op < 3 || !lv) {
				char name[16];
				uint32_t want = 1 + (uint32_t)(rnd(&seed) % 40);
				snprintf(name, sizeof(name), "lv%d", step);
				lv = new_lv(vg, name);
				if (alloc_extend_lv(vg, lv, want, NULL, 0)) {
					assert_true(want > free_all);
					vg_remove_lv(vg, lv);
				} else {
					assert_int_equal(lv_extents(lv), want);
				}
			} else if (op < 6) {
				uint32_t before = lv_extents(lv),
				         want = 1 + (uint32_t)(rnd(&seed) % 30);
				struct pv *allowed[5];
				size_t na = rnd(&seed) % (npv + 1);
				for (size_t i = 0; i < na; i++)
					allowed[i] = vg->pvs[rnd(&seed) % npv];
				if (!alloc_extend_lv(vg, lv, want, allowed, na))
					assert_int_equal(lv_extents(lv), before + want);
				else
					assert_int_equal(lv_extents(lv), before);
			} else if (op < 8) {
				uint32_t n = lv_extents(lv);
				if (n > 1) {
					uint32_t to = 1 + (uint32_t)(rnd(&seed) % (n - 1));
					alloc_reduce_lv(lv, to);
					assert_int_equal(lv_extents(lv), to);
				}
			} else {
				vg_remove_lv(vg, lv);
			}
			check_invariants(vg);
		}
		vg_free(vg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_like_lvm2_host),
	    cmocka_unit_test(test_like_lvm2_scenario),
	    cmocka_unit_test(test_contiguous_first),
	    cmocka_unit_test(test_contiguous_then_cling),
	    cmocka_unit_test(test_cling_then_tie_to_earlier_pv),
	    cmocka_unit_test(test_largest_first_and_ties),
	    cmocka_unit_test(test_allowed_pvs),
	    cmocka_unit_test(test_unusable_pvs),
	    cmocka_unit_test(test_insufficient_space),
	    cmocka_unit_test(test_reduce),
	    cmocka_unit_test(test_extend_after_other_segment_types),
	    cmocka_unit_test(test_merge_adjacent),
	    cmocka_unit_test(test_cling_to_first_segment),
	    cmocka_unit_test(test_normal_smallest_first_on_a_new_pv),
	    cmocka_unit_test(test_contiguous_policy),
	    cmocka_unit_test(test_anywhere_and_cling_by_tags),
	    cmocka_unit_test(test_policy_names),
	    cmocka_unit_test(test_random_walk),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
