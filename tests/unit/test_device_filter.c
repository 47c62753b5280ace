/* lvm2's device filters (devices/filter, devices/global_filter) as
 * lib/device/discovery.c applies them: the syntax, the first pattern that
 * matches a name decides for it, an accept on any name wins, no match
 * accepts, global_filter before filter. */
#include "unit.h"

#include "device/discovery.h"

static void configure(char *const *global, size_t n_global, char *const *filter, size_t n_filter)
{
	struct dev_filter_config c = {global, n_global, filter, n_filter, 0, 1, 1};
	assert_int_equal(dev_discovery_configure(&c), 0);
}

static void test_no_filter_accepts_everything(void **state)
{
	(void)state;
	configure(NULL, 0, NULL, 0);
	assert_true(dev_filter_accepts("/dev/sda", NULL));
	assert_true(dev_filter_accepts("/dev/mapper/x", "/dev/dm-0"));
	dev_discovery_release();
}

static void test_first_match_decides(void **state)
{
	char *f[] = {"a|^/dev/sda$|", "r|.*|"};
	(void)state;
	configure(NULL, 0, f, 2);
	assert_true(dev_filter_accepts("/dev/sda", NULL));
	assert_false(dev_filter_accepts("/dev/sdb", NULL));
	/* a prefix is not the whole name */
	assert_false(dev_filter_accepts("/dev/sda1", NULL));
	dev_discovery_release();
}

static void test_reject_then_accept_all(void **state)
{
	char *f[] = {"r|/dev/vd[bc]|", "a/.*/"}; /* any delimiter */
	(void)state;
	configure(NULL, 0, f, 2);
	assert_false(dev_filter_accepts("/dev/vdb", NULL));
	assert_false(dev_filter_accepts("/dev/vdc", NULL));
	assert_true(dev_filter_accepts("/dev/vda", NULL));
	dev_discovery_release();
}

static void test_unmatched_is_accepted(void **state)
{
	char *f[] = {"r|^/dev/loop|"};
	(void)state;
	configure(NULL, 0, f, 1);
	assert_false(dev_filter_accepts("/dev/loop0", NULL));
	assert_true(dev_filter_accepts("/dev/vda", NULL));
	dev_discovery_release();
}

static void test_alias_accept_wins(void **state)
{
	/* a dm device is known by /dev/mapper/NAME and /dev/dm-N: an
	 * accept on either name accepts it */
	char *f[] = {"a|^/dev/mapper/crypt|", "r|.*|"};
	(void)state;
	configure(NULL, 0, f, 2);
	assert_true(dev_filter_accepts("/dev/mapper/crypt0", "/dev/dm-3"));
	assert_true(dev_filter_accepts("/dev/dm-3", "/dev/mapper/crypt0"));
	assert_false(dev_filter_accepts("/dev/mapper/other", "/dev/dm-4"));
	dev_discovery_release();
}

static void test_global_filter_first(void **state)
{
	char *g[] = {"r|^/dev/vdb$|"};
	char *f[] = {"a|.*|"};
	(void)state;
	configure(g, 1, f, 1);
	assert_false(dev_filter_accepts("/dev/vdb", NULL));
	assert_true(dev_filter_accepts("/dev/vda", NULL));
	dev_discovery_release();
}

static void test_bad_patterns(void **state)
{
	char *bad[][1] = {{"x|a|"}, {"a|a"}, {"a|"}, {"a|[|"}, {""}};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dev_filter_config c = {NULL, 0, bad[i], 1, 0, 1, 1};
		assert_int_equal(dev_discovery_configure(&c), -1);
		/* a failed configuration leaves no filter behind */
		assert_true(dev_filter_accepts("/dev/vda", NULL));
	}
	dev_discovery_release();
}

/* An LV's DIR/VG/LV link from its dm name: the first single '-' splits,
 * "--" is one '-'; names that do not split have none. */
static void test_lv_link(void **state)
{
	char *l;
	(void)state;
	assert_int_equal(dev_lv_link("vg-lv", "/dev", &l), 0);
	assert_string_equal(l, "/dev/vg/lv");
	free(l);
	assert_int_equal(dev_lv_link("my--vg-my--lv--x", "/tmp/t/dev", &l), 0);
	assert_string_equal(l, "/tmp/t/dev/my-vg/my-lv-x");
	free(l);
	assert_int_equal(dev_lv_link("a-b-c", "/dev", &l), 0);
	assert_string_equal(l, "/dev/a/b-c");
	free(l);
	assert_int_equal(dev_lv_link("novg", "/dev", &l), -1);
	assert_null(l);
	assert_int_equal(dev_lv_link("only--dashes", "/dev", &l), -1);
	assert_int_equal(dev_lv_link("-lv", "/dev", &l), -1);
	assert_int_equal(dev_lv_link("vg-", "/dev", &l), -1);
	/* the link is a name the filters see */
	{
		const char *names[2] = {"/dev/dm-3", "/dev/vg/lv"};
		char *f[] = {"a|^/dev/vg/|", "r|.*|"};
		configure(NULL, 0, f, 2);
		assert_true(dev_filter_accepts_names(names, 2));
		assert_false(dev_filter_accepts_names(names, 1));
		dev_discovery_release();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_filter_accepts_everything),
	    cmocka_unit_test(test_first_match_decides),
	    cmocka_unit_test(test_reject_then_accept_all),
	    cmocka_unit_test(test_unmatched_is_accepted),
	    cmocka_unit_test(test_alias_accept_wins),
	    cmocka_unit_test(test_global_filter_first),
	    cmocka_unit_test(test_bad_patterns),
	    cmocka_unit_test(test_lv_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
