/* Every step a command takes over a VG must cost in proportion to the VG,
 * never to its square: a VG may hold ten thousand LVs (issue 15).
 *
 * Counted, not timed: this test is built with the library's own sources
 * compiled under -finstrument-functions (Makefile), so every function the
 * library enters calls profile_enter() below, and every strcmp goes
 * through __wrap_strcmp (a name lookup by scanning is strcmp after
 * strcmp).  The same steps run on VGs of 2,000 and 20,000 LVs; ten times
 * the LVs may cost at most eleven times the calls.  One per-LV question
 * answered by a scan of the VG would make that a hundred. */
#define VGTOOL_UNIT_MODEL
#include "unit.h"

#include "metadata/format/text.h"
#include "metadata/metadata.h"
#include "metadata/missing.h"
#include "misc/uuid.h"

/* volatile: glibc declares strcmp pure, so the compiler would take the
 * counter as unchanged across calls to it */
static volatile unsigned long long calls;

__attribute__((no_instrument_function)) void __cyg_profile_func_enter(void *fn, void *site);
__attribute__((no_instrument_function)) void __cyg_profile_func_exit(void *fn, void *site);

void __cyg_profile_func_enter(void *fn, void *site)
{
	(void)fn;
	(void)site;
	calls++;
}

void __cyg_profile_func_exit(void *fn, void *site)
{
	(void)fn;
	(void)site;
}

int __real_strcmp(const char *a, const char *b);
int __wrap_strcmp(const char *a, const char *b);
__attribute__((no_instrument_function)) int __wrap_strcmp(const char *a, const char *b)
{
	calls++;
	return __real_strcmp(a, b);
}

/* A raw id made from a number (uuid characters only). */
static void make_id(unsigned long n, char id[UUID_LEN + 1])
{
	static const char digits[] =
	    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	for (int i = UUID_LEN - 1; i >= 0; i--) {
		id[i] = digits[n % 62];
		n /= 62;
	}
	id[UUID_LEN] = '\0';
}

/* `n` LVs of one extent; one in ten is an origin with two snapshots of
 * one extent each (as bench/scale lays its VGs out). */
static struct vg *build(unsigned n)
{
	struct vg *vg = vg_new("big", 8192);
	char id[UUID_LEN + 1], name[32];
	unsigned long next = 1;
	uint32_t pe = 0;
	struct pv *pv;

	make_id(next++, id);
	memcpy(vg->id, id, UUID_LEN);
	make_id(next++, id);
	pv = vg_add_pv(vg, id, (uint64_t)8192 * 4 * n + 2048, 2048, 4 * n);
	pv->name = strdup("pv0");
	for (unsigned i = 0; i < n; i++) {
		struct lv *origin;
		snprintf(name, sizeof(name), "lv%u", i);
		make_id(next++, id);
		origin = linear(vg, name, id, pv, pe++, 1);
		for (unsigned k = 0; i % 10 == 0 && k < 2; k++) {
			char sid[UUID_LEN + 1];
			struct lv *cow, *snap;
			struct segment *seg;
			snprintf(name, sizeof(name), "lv%u_s%u", i, k);
			make_id(next++, id);
			cow = linear(vg, name, id, pv, pe++, 1);
			snprintf(name, sizeof(name), "snapshot%u", i / 10 * 2 + k);
			make_id(next++, sid);
			snap = vg_add_lv(vg, name, sid);
			seg = lv_add_segment(snap, SEG_SNAPSHOT, 0, 1, 0);
			vg_link_snapshot(seg, origin, cow);
			seg->chunk_size = 8;
			snap->status &= ~(unsigned)LV_VISIBLE;
		}
	}
	return vg;
}

struct cost {
	unsigned long long export, import, peek, questions, clone;
};

/* The steps of a command, each counted. */
static void run(unsigned n, struct cost *c)
{
	struct vg *vg = build(n), *in, *copy;
	struct strbuf text = STRBUF_INIT;
	struct text_origin o = {"counted", "host", "Linux host", 0};
	unsigned long long t;
	char *name = NULL, id[UUID_LEN + 1];
	uint32_t seqno;
	size_t answers = 0;

	t = calls;
	text_export_vg(vg, TEXT_DISK, &o, &text);
	c->export = calls - t;

	t = calls;
	assert_int_equal(text_peek_vg(text.buf, text.len, &name, &seqno, id), 0);
	c->peek = calls - t;
	assert_string_equal(name, "big");

	t = calls;
	in = text_import_vg(text.buf, text.len, "counted text");
	c->import = calls - t;
	assert_non_null(in);
	assert_int_equal(in->n_lvs, vg->n_lvs);
	in->pvs[0]->dev_path = strdup("/dev/counted"); /* found: no LV is partial */

	/* what reports and activation ask of each LV */
	t = calls;
	for (size_t i = 0; i < in->n_lvs; i++) {
		const struct lv *lv = in->lvs[i];
		answers += vg_find_lv(in, lv->name) == lv;
		answers += vg_find_lv_by_id(in, lv->id) == lv;
		answers += lv_snapshot_count(in, lv);
		answers += lv_cow_segment(in, lv) != NULL;
		answers += lv_merging_segment(in, lv) != NULL;
		answers += (size_t)lv_is_user_visible(in, lv);
		answers += (size_t)lv_is_partial(in, lv);
		answers += (size_t)lv_is_origin(in, lv);
	}
	c->questions = calls - t;
	/* every LV found by name and id; 2 snapshots and 1 origin per 10th
	 * LV, 2 COWs; visible: n LVs and 2 COWs per 10th */
	assert_int_equal(answers, 2 * (size_t)in->n_lvs + n / 10 * (2 + 2 + 1) + n + n / 10 * 2);

	t = calls;
	copy = vg_clone(in);
	c->clone = calls - t;
	assert_int_equal(copy->n_lvs, in->n_lvs);

	vg_free(copy);
	vg_free(in);
	vg_free(vg);
	free(name);
	strbuf_release(&text);
}

static void check(const char *step, unsigned long long small, unsigned long long large)
{
	print_message("%-10s %12llu calls at 2,000 LVs %12llu at 20,000 (x%.1f)\n", step, small,
	              large, small ? (double)large / (double)small : 0.0);
	if (large > 11 * small)
		fail_msg("%s: %llu calls at 20,000 LVs, more than 11 times the %llu at 2,000", step,
		         large, small);
}

static void test_linear_in_the_vg(void **state)
{
	struct cost s, l;
	(void)state;
	run(2000, &s);
	run(20000, &l);
	check("export", s.export, l.export);
	check("import", s.import, l.import);
	check("questions", s.questions, l.questions);
	check("clone", s.clone, l.clone);
	/* the scan reads the head of a text only: the same at any size */
	print_message("%-10s %12llu calls at 2,000 LVs %12llu at 20,000\n", "peek", s.peek, l.peek);
	if (l.peek > 2 * s.peek + 1000)
		fail_msg("peek: %llu calls at 20,000 LVs against %llu at 2,000", l.peek, s.peek);
}

/* The counter itself counts: a scan per LV is caught.  (The check the
 * test relies on, shown to fail on a quadratic step.) */
static void test_counter_sees_a_scan(void **state)
{
	struct vg *small = build(200), *large = build(2000);
	unsigned long long t, a, b;
	volatile int sink = 0;
	(void)state;
	t = calls;
	for (size_t i = 0; i < small->n_lvs; i++)
		for (size_t j = 0; j < small->n_lvs; j++)
			sink += strcmp(small->lvs[j]->name, small->lvs[i]->name);
	a = calls - t;
	t = calls;
	for (size_t i = 0; i < large->n_lvs; i++)
		for (size_t j = 0; j < large->n_lvs; j++)
			sink += strcmp(large->lvs[j]->name, large->lvs[i]->name);
	b = calls - t;
	print_message("a scan per LV: %llu calls at 280 LVs, %llu at 2,800\n", a, b);
	assert_true(b > 11 * a);
	vg_free(small);
	vg_free(large);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counter_sees_a_scan),
	    cmocka_unit_test(test_linear_in_the_vg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
