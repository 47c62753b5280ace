/* The COW watchdog's policy.
 *
 * lvm2's rule: every case below is what `lvm lvextend --use-policies`
 * (2.03.16, Debian 12) did in the sandbox, recorded in
 * tests/fixtures/lvm2/use-policies.txt: 1 MiB extents, a 16 MiB COW
 * (4 KiB chunks) of a 256 MiB origin, the origin written 4 KiB at a time
 * to several fill levels, then lvextend with a grid of thresholds (T) and
 * percents (P).  The dm status is the input, the size after is the
 * expected output.
 *
 * The rate rule: synthetic histories. */
#include "unit.h"

#include "metadata/metadata.h"
#include "metadata/policy.h"

#define MIB 2048 /* sectors per 1 MiB extent */

static struct cow_state snap16(uint64_t used, uint64_t total, uint64_t metadata)
{
	struct cow_state s = {0};
	s.extents = (uint32_t)(total / MIB);
	s.max_extents = cow_max_extents(256, MIB, 8, 1);
	s.free_extents = 1000;
	s.extent_size = MIB;
	s.st.used = used;
	s.st.total = total;
	s.st.metadata = metadata;
	return s;
}

static uint32_t lvm2_size(const struct cow_state *s, int t, int p)
{
	struct policy_config c = {t, p};
	struct policy_result r;
	policy_lvm2(s, &c, &r);
	return r.new_extents;
}

/* One fill level: the dm status and the size lvm2 left for each of the
 * twelve (T, P) pairs of the grid. */
struct fill_case {
	uint64_t used, total, metadata;
	uint32_t size[12];
};

static const int grid[12][2] = {{30, 20}, {50, 20}, {60, 20}, {70, 20}, {70, 10},  {80, 20},
                                {80, 5},  {90, 20}, {90, 50}, {99, 20}, {100, 20}, {75, 1}};

static const struct fill_case table[] = {
    /* 1500 chunks written: 36.8% */
    {12056, 32768, 56, {16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16}},
    /* 2050: 50.29%: only T<=50 acts, by P=20% of 16 = 3.2 -> 4 extents */
    {16480, 32768, 80, {20, 20, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16}},
    {16880, 32768, 80, {20, 20, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16}},
    {18480, 32768, 80, {20, 20, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16}},
    /* 63.77%: T=50 needs ceil(127.5)-100 = 28% > P: 4.48 -> 5 extents */
    {20896, 32768, 96, {21, 21, 20, 16, 16, 16, 16, 16, 16, 16, 16, 16}},
    /* 71.12%: T=70 P=10: max(10, ceil(101.6)-100) = 10% -> 1.6 -> 2 */
    {23304, 32768, 104, {23, 23, 20, 20, 18, 16, 16, 16, 16, 16, 16, 16}},
    /* 80.91%: T=75 P=1: ceil(107.9)-100 = 8% -> 1.28 -> 2 */
    {26512, 32768, 112, {26, 26, 22, 20, 19, 20, 17, 16, 16, 16, 16, 18}},
    {29728, 32768, 128, {30, 30, 25, 21, 21, 20, 19, 20, 24, 16, 16, 20}},
    /* 98.07%: T=50: 97% -> 15.52 -> 16 extents: 32 */
    {32136, 32768, 136, {32, 32, 27, 23, 23, 20, 20, 20, 24, 16, 16, 21}},
};

static void test_lvm2_grid(void **state)
{
	(void)state;
	for (size_t f = 0; f < sizeof(table) / sizeof(table[0]); f++) {
		struct cow_state s = snap16(table[f].used, table[f].total, table[f].metadata);
		for (size_t g = 0; g < 12; g++) {
			uint32_t got = lvm2_size(&s, grid[g][0], grid[g][1]);
			if (got != table[f].size[g])
				fail_msg("used %llu T=%d P=%d: lvm2 made %u extents, vgtool %u",
				         (unsigned long long)table[f].used, grid[g][0], grid[g][1],
				         table[f].size[g], got);
		}
	}
}

static void test_lvm2_edges(void **state)
{
	struct cow_state s;
	struct policy_config c = {70, 0};
	struct policy_result r;
	(void)state;

	/* exactly 75% (3059 chunks): not above T=75; T=50 needs exactly 50%
	 * (no rounding up of an exact quotient): 8 extents; T=60: 25% */
	s = snap16(24576, 32768, 104);
	assert_int_equal(lvm2_size(&s, 75, 20), 16);
	assert_int_equal(lvm2_size(&s, 50, 20), 24);
	assert_int_equal(lvm2_size(&s, 60, 20), 20);
	/* P=0 is refused ("Can't extend ... autoextend percent set to 0%"),
	 * whatever the use, unless the policy is off */
	policy_lvm2(&s, &c, &r);
	assert_int_equal(r.action, POLICY_BAD_PERCENT);
	s = snap16(16, 32768, 16);
	policy_lvm2(&s, &c, &r);
	assert_int_equal(r.action, POLICY_BAD_PERCENT);
	c.threshold = 100;
	policy_lvm2(&s, &c, &r);
	assert_int_equal(r.action, POLICY_DISABLED);
	/* a fresh snapshot: only metadata used = 0% */
	assert_int_equal(cow_percent(&s.st), 0);
	assert_int_equal(lvm2_size(&s, 50, 20), 16);
	/* full and still valid (used == total): 100%, T=70: 43% -> 6.88 -> 7 */
	s = snap16(32768, 32768, 136);
	assert_int_equal(cow_percent(&s.st), POLICY_PERCENT_100);
	assert_int_equal(lvm2_size(&s, 70, 20), 23);
	/* invalid: nothing, and never touched */
	s.st.invalid = 1;
	c.threshold = 70;
	c.percent = 20;
	policy_lvm2(&s, &c, &r);
	assert_int_equal(r.action, POLICY_INVALID);
	assert_int_equal(r.new_extents, 16);
	assert_int_equal(cow_percent(&s.st), POLICY_PERCENT_INVALID);
	s.st.invalid = 0;
	s.st.overflow = 1;
	policy_lvm2(&s, &c, &r);
	assert_int_equal(r.action, POLICY_INVALID);
	/* threshold clamping: below 50 acts as 50 (even negative); 150 is off */
	s = snap16(20896, 32768, 96);
	policy_lvm2(&s, &(struct policy_config){-5, 20}, &r);
	assert_true(r.clamped);
	assert_int_equal(r.threshold, 50);
	assert_int_equal(r.new_extents, 21);
	policy_lvm2(&s, &(struct policy_config){150, 20}, &r);
	assert_int_equal(r.action, POLICY_DISABLED);
	/* a negative percent loses to the computed step (T=50: 28%) */
	assert_int_equal(lvm2_size(&s, 50, -10), 21);
}

static void test_lvm2_cap_and_space(void **state)
{
	struct cow_state s = {0};
	struct policy_result r;
	struct policy_config c = {50, 20};
	(void)state;

	/* an 8 MiB origin: lvm2's largest useful COW is 9 extents */
	s.extents = 8;
	s.max_extents = cow_max_extents(8, MIB, 8, 1);
	assert_int_equal(s.max_extents, 9);
	s.free_extents = 100;
	s.extent_size = MIB;
	s.st = (struct cow_status){15272, 16384, 72, 0, 0};
	/* 93.2%, T=50: +86% = 15 -> "Reached maximum COW size 9.00 MiB" */
	policy_lvm2(&s, &c, &r);
	assert_int_equal(r.action, POLICY_EXTEND);
	assert_true(r.capped);
	assert_int_equal(r.new_extents, 9);
	/* again at 9 extents (82.86%): still above 50, "unchanged" */
	s.extents = 9;
	s.st.total = 18432;
	policy_lvm2(&s, &c, &r);
	assert_int_equal(r.action, POLICY_AT_MAX);
	assert_int_equal(r.new_extents, 9);
	/* T=90 P=5 at 93.2%: 5% of 8 -> 1 extent = exactly the maximum, no
	 * "Reached" message; then 82.86% < 90: nothing */
	s.extents = 8;
	s.st.total = 16384;
	policy_lvm2(&s, &(struct policy_config){90, 5}, &r);
	assert_int_equal(r.action, POLICY_EXTEND);
	assert_false(r.capped);
	assert_int_equal(r.new_extents, 9);
	s.extents = 9;
	s.st.total = 18432;
	assert_int_equal(lvm2_size(&s, 90, 5), 9);

	/* a 64 MiB origin in a VG with 2 free extents: "Insufficient free
	 * space: 7 extents needed, but only 2 available" */
	s.extents = 8;
	s.max_extents = cow_max_extents(64, MIB, 8, 1);
	s.free_extents = 2;
	s.st.total = 16384;
	policy_lvm2(&s, &c, &r);
	assert_int_equal(r.action, POLICY_NO_SPACE);
	assert_int_equal(r.want - s.extents, 7);
	assert_int_equal(r.new_extents, 8);
}

/* The rate rule: a 16 MiB COW, T=70, P=20, checks every 10 s. */
static struct policy_result rate(uint64_t used, const struct cow_sample *prev, uint64_t now)
{
	struct cow_state s = snap16(used, 32768, 64);
	struct policy_result r;
	policy_rate(&s, &(struct policy_config){70, 20}, prev, now, 10, &r);
	return r;
}

static void test_rate_steady(void **state)
{
	/* 40% now, growing by 100 sectors/s: 41000 ms later it would be
	 * at 13107 + 1000 = 43.1%: no action */
	struct cow_sample prev = {1000, 12107};
	struct policy_result r = rate(13107, &prev, 11000);
	(void)state;
	assert_true(r.rate_known);
	assert_true(r.rate > 99.9 && r.rate < 100.1);
	assert_int_equal(r.action, POLICY_NONE);
	/* 40% now, 1000 sectors/s: 70.5% in 10 s: extend before the
	 * threshold is reached, to hold two intervals under 70%:
	 * (13107 + 20000) * 100 / 70 = 47296 sectors -> 24 extents */
	prev.used = 3107;
	r = rate(13107, &prev, 11000);
	assert_int_equal(r.action, POLICY_EXTEND);
	assert_int_equal(r.reason, REASON_RATE);
	assert_int_equal(r.new_extents, 24);
	/* lvm2's rule alone would do nothing at 40% */
	assert_int_equal(
	    lvm2_size(&(struct cow_state){16, 1000, 1000, MIB, {13107, 32768, 64, 0, 0}}, 70, 20),
	    16);
	/* a slow rate never gives less than lvm2's step: at 75% with 10
	 * sectors/s, +20% = 20 extents */
	prev = (struct cow_sample){1000, 24476};
	r = rate(24576, &prev, 11000);
	assert_int_equal(r.reason, REASON_THRESHOLD);
	assert_int_equal(r.new_extents, 20);
}

static void test_rate_bursty(void **state)
{
	/* nothing for a while, then a burst: 8 MiB in the last seconds of
	 * a 60 s window reads as the average, 273 sectors/s: 50% now, 58.3%
	 * at the next check, under 70%: no action yet */
	struct cow_sample prev = {0, 0};
	struct policy_result r = rate(16384, &prev, 60000);
	(void)state;
	assert_true(r.rate_known);
	assert_int_equal(r.action, POLICY_NONE);
	/* the next check sees the burst continue: 8 MiB per 10 s */
	prev = (struct cow_sample){60000, 16384};
	r = rate(32768 - 4096, &prev, 70000);
	assert_int_equal(r.action, POLICY_EXTEND);
	/* 28672 + 2 * 12288 = 53248 sectors under 70%: 76069 -> 38 extents */
	assert_int_equal(r.new_extents, 38);
}

static void test_rate_no_history(void **state)
{
	struct cow_sample prev;
	struct policy_result r;
	(void)state;

	/* none */
	r = rate(13107, NULL, 5000);
	assert_false(r.rate_known);
	assert_int_equal(r.action, POLICY_NONE);
	/* used went down (another snapshot under a reused uuid, or a
	 * restored VG): no history, lvm2's rule only */
	prev = (struct cow_sample){1000, 20000};
	r = rate(13107, &prev, 11000);
	assert_false(r.rate_known);
	assert_int_equal(r.action, POLICY_NONE);
	/* the clock went backwards */
	prev = (struct cow_sample){20000, 3107};
	r = rate(13107, &prev, 11000);
	assert_false(r.rate_known);
	assert_int_equal(r.action, POLICY_NONE);
	/* readings too close together */
	prev = (struct cow_sample){10900, 3107};
	r = rate(13107, &prev, 11000);
	assert_false(r.rate_known);
	/* still lvm2's rule without history: 75% -> 20 */
	r = rate(24576, NULL, 11000);
	assert_int_equal(r.action, POLICY_EXTEND);
	assert_int_equal(r.new_extents, 20);
	/* no growth: rate 0, no action below the threshold */
	prev = (struct cow_sample){1000, 13107};
	r = rate(13107, &prev, 11000);
	assert_true(r.rate_known);
	assert_true(r.rate == 0);
	assert_int_equal(r.action, POLICY_NONE);
}

static void test_rate_limits(void **state)
{
	struct cow_state s = snap16(13107, 32768, 64);
	struct cow_sample prev = {1000, 3107};
	struct policy_result r;
	(void)state;

	/* capped by the VG's free space: the wanted size is kept */
	s.free_extents = 3;
	policy_rate(&s, &(struct policy_config){70, 20}, &prev, 11000, 10, &r);
	assert_int_equal(r.action, POLICY_NO_SPACE);
	assert_int_equal(r.want, 24);
	assert_int_equal(r.new_extents, 16);
	/* capped by the largest useful COW */
	s.free_extents = 1000;
	s.max_extents = 20;
	policy_rate(&s, &(struct policy_config){70, 20}, &prev, 11000, 10, &r);
	assert_int_equal(r.action, POLICY_EXTEND);
	assert_true(r.capped);
	assert_int_equal(r.new_extents, 20);
	/* disabled: no action, an alarm above 95% only */
	policy_rate(&s, &(struct policy_config){100, 20}, &prev, 11000, 10, &r);
	assert_int_equal(r.action, POLICY_DISABLED);
	assert_false(r.alarm);
	s.st.used = 31500;
	policy_rate(&s, &(struct policy_config){100, 20}, &prev, 11000, 10, &r);
	assert_true(r.alarm);
	/* invalid: no rate, never touched */
	s.st.invalid = 1;
	policy_rate(&s, &(struct policy_config){70, 20}, &prev, 11000, 10, &r);
	assert_int_equal(r.action, POLICY_INVALID);
	assert_false(r.rate_known);
}

static void test_state_file(void **state)
{
	struct monitor_entry e[2] = {{"AAAA-bbbb-0123", {1500, 77}}, {"Zz9", {2, 0}}}, *got;
	struct strbuf sb = STRBUF_INIT;
	size_t n;
	(void)state;

	monitor_state_format(&sb, "boot-1", e, 2);
	assert_string_equal(sb.buf, "vgtool-monitor-state 1\nboot boot-1\n"
	                            "AAAA-bbbb-0123 1500 77\nZz9 2 0\n");
	assert_int_equal(monitor_state_parse(sb.buf, sb.len, "boot-1", &got, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(got[0].uuid, "AAAA-bbbb-0123");
	assert_int_equal(got[0].s.time_ms, 1500);
	assert_int_equal(got[0].s.used, 77);
	assert_int_equal(got[1].s.time_ms, 2);
	free(got);
	/* another boot: no history */
	assert_int_equal(monitor_state_parse(sb.buf, sb.len, "boot-2", &got, &n), -1);
	assert_int_equal(n, 0);
	assert_null(got);
	/* cut short, garbage, duplicates, overflowing numbers, empty */
	static const char *const bad[] = {
	    "vgtool-monitor-state 1\nboot boot-1\nAAAA 1 2",
	    "vgtool-monitor-state 2\nboot boot-1\n",
	    "vgtool-monitor-state 1\nboot boot-1\nAAAA 1\n",
	    "vgtool-monitor-state 1\nboot boot-1\nAAAA 1 x\n",
	    "vgtool-monitor-state 1\nboot boot-1\nAA/A 1 2\n",
	    "vgtool-monitor-state 1\nboot boot-1\nAAAA 1 2\nAAAA 3 4\n",
	    "vgtool-monitor-state 1\nboot boot-1\nAAAA 99999999999999999999 2\n",
	    "vgtool-monitor-state 1\nboot boot-1\nAAAA  1 2\n",
	    "vgtool-monitor-state 1\n",
	    "",
	    "\0\0\0",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = i == sizeof(bad) / sizeof(bad[0]) - 1 ? 3 : strlen(bad[i]);
		if (monitor_state_parse(bad[i], len, "boot-1", &got, &n) != -1 || n || got)
			fail_msg("bad state %zu accepted", i);
	}
	/* no entries is valid */
	assert_int_equal(
	    monitor_state_parse("vgtool-monitor-state 1\nboot boot-1\n", 35, "boot-1", &got, &n),
	    0);
	assert_int_equal(n, 0);
	free(got);
	strbuf_release(&sb);
}

static void test_state_merge(void **state)
{
	/* "gone" is a removed snapshot's reading: a new snapshot (another
	 * uuid) never finds it, and it expires after a day */
	struct monitor_entry old[3] = {
	    {"kept", {1000, 5}}, {"gone", {2000, 9}}, {"future", {9999, 1}}};
	struct monitor_entry seen[1] = {{"new", {5000, 42}}}, out[4];
	size_t n;
	(void)state;

	assert_null(monitor_state_find(old, 3, "new"));
	assert_int_equal(monitor_state_find(old, 3, "gone")->used, 9);
	n = monitor_state_next(seen, 1, old, 2, 5000, out);
	assert_int_equal(n, 3);
	assert_string_equal(out[0].uuid, "new");
	assert_string_equal(out[2].uuid, "gone");
	/* a day later only this round's readings remain; a reading from the
	 * future (time went back) is dropped */
	n = monitor_state_next(seen, 1, old, 3, 2000 + POLICY_KEEP_MS, out);
	assert_int_equal(n, 2);
	assert_string_equal(out[1].uuid, "future");
	n = monitor_state_next(seen, 1, old, 3, 5000, out);
	assert_int_equal(n, 3);
	/* a snapshot seen again replaces its old reading */
	strcpy(seen[0].uuid, "kept");
	n = monitor_state_next(seen, 1, old, 2, 5000, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].s.used, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lvm2_grid),          cmocka_unit_test(test_lvm2_edges),
	    cmocka_unit_test(test_lvm2_cap_and_space), cmocka_unit_test(test_rate_steady),
	    cmocka_unit_test(test_rate_bursty),        cmocka_unit_test(test_rate_no_history),
	    cmocka_unit_test(test_rate_limits),        cmocka_unit_test(test_state_file),
	    cmocka_unit_test(test_state_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
