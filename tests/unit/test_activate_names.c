/* lvm2's device-mapper names, both ways (lib/activate/plan.c). */
#include "unit.h"

#include "activate/plan.h"

static void roundtrip(const char *vg, const char *lv)
{
	char *name = kdm_name_for(vg, lv, LAYER_TOP), *v = NULL, *l = NULL;
	assert_int_equal(kdm_name_split(name, &v, &l), 0);
	assert_string_equal(v, vg);
	assert_string_equal(l, lv);
	free(name);
	free(v);
	free(l);
}

static void test_split(void **state)
{
	char *v = NULL, *l = NULL;
	(void)state;
	roundtrip("vg0", "snap");
	roundtrip("a-b", "c");
	roundtrip("a", "b-c");
	roundtrip("a-", "b");      /* "a---b" */
	roundtrip("my--vg", "x-"); /* "my----vg-x--" */
	roundtrip("v", "l");
	/* layers and malformed names are not top-level devices */
	static const char *const bad[] = {
	    "vg0-snap-cow", "vg0-origin-real", "vg0", "-x", "vg0-", "", "a---", "--a-b"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!kdm_name_split(bad[i], &v, &l))
			fail_msg("\"%s\" split as %s / %s", bad[i], v, l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_split)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
