/* lib/metadata/names.c against lvm2 2.03.16's rules.  Every expectation
 * below was checked on the build host with lvm2 2.03.16 (Debian 12):
 * `lvcreate --test -n NAME` and `vgcreate --test NAME`. */
#include "unit.h"

#include "metadata/names.h"
#include "misc/log.h"

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

static const char *last_log(void)
{
	fflush(errf);
	return errbuf;
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void test_basic_rules(void **state)
{
	static const char *const good[] = {
	    "a", "vg0", "a+b", "a.b-c_d", "...", ".a", "..a", "a-", "x", "0", "A_Z", "lvm", "dev",
	};
	static const char *const bad[] = {
	    "",     "-a",   "-",   ".",   "..",  "a b",       "a/b",
	    "a\tb", "a\"b", "a#b", "a:b", "a@b", "a\xc3\xa9", "a\n",
	};
	char *s;
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (name_problem(good[i])) {
			print_error("\"%s\" refused: %s\n", good[i], name_problem(good[i]));
			fail();
		}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (!name_problem(bad[i])) {
			print_error("\"%s\" accepted\n", bad[i]);
			fail();
		}
	assert_non_null(name_problem(NULL));
	/* at most 127 characters */
	s = repeat('v', 127);
	assert_null(name_problem(s));
	free(s);
	s = repeat('v', 128);
	assert_non_null(name_problem(s));
	free(s);
}

static void test_vg_names(void **state)
{
	(void)state;
	/* vgcreate accepted all of these */
	assert_int_equal(name_check_vg("lvm"), 0);
	assert_int_equal(name_check_vg("snapshot"), 0);
	assert_int_equal(name_check_vg("x_mlog"), 0);
	assert_int_equal(name_check_vg("vg-x"), 0);
	assert_int_equal(name_check_vg("..."), 0);
	assert_string_equal(last_log(), "");
	assert_int_equal(name_check_vg("a/b"), -1);
	assert_non_null(strstr(last_log(), "Volume group name \"a/b\""));
	assert_int_equal(name_check_vg(""), -1);
	assert_int_equal(name_check_vg(NULL), -1);
}

/* lvm2 2.03.16 refused, with "Names starting/including ... are
 * reserved": */
static const char *const lvm2_reserved[] = {
    "snapshot", "snapshotX", "pvmove1", "x_cdata",  "x_cmeta", "x_corig",   "x_cpool",
    "x_cvol",   "x_imeta",   "x_iorig", "x_mimage", "x_mlog",  "x_mlog_",   "x_pmspare",
    "x_rimage", "x_rmeta",   "x_tdata", "x_tmeta",  "x_vdata", "x_vorigin", "x_wcorig",
};
/* ... and accepted: */
static const char *const lvm2_fine[] = {
    "pvmov",   "...",   ".a",     "a+b",      "a.b-c_d", "x_vpool",  "x_tpool",     "x_cache",
    "x_wcvol", "x_vdo", "x_rlog", "x_imagex", "x_integ", "Snapshot", "my_snapshot", "lvol0",
};

static void test_lv_reserved_names(void **state)
{
	int failed = 0;
	(void)state;
	for (size_t i = 0; i < sizeof(lvm2_reserved) / sizeof(*lvm2_reserved); i++)
		if (name_check_lv(lvm2_reserved[i]) != -1) {
			print_error("\"%s\" accepted; lvm2 2.03.16 reserves it\n",
			            lvm2_reserved[i]);
			failed = 1;
		}
	for (size_t i = 0; i < sizeof(lvm2_fine) / sizeof(*lvm2_fine); i++)
		if (name_check_lv(lvm2_fine[i]) != 0) {
			print_error("\"%s\" refused; lvm2 2.03.16 accepts it\n", lvm2_fine[i]);
			failed = 1;
		}
	if (failed)
		fail();
}

static void test_lv_messages(void **state)
{
	(void)state;
	fflush(errf);
	rewind(errf);
	assert_int_equal(name_check_lv("snapshot7"), -1);
	assert_non_null(strstr(last_log(), "\"snapshot\""));
	rewind(errf);
	assert_int_equal(name_check_lv("a_tmeta"), -1);
	assert_non_null(strstr(last_log(), "\"_tmeta\""));
	rewind(errf);
	assert_int_equal(name_check_lv("-x"), -1);
	assert_non_null(strstr(last_log(), "Logical volume name \"-x\""));
}

/* lvm2 2.03.16 (tests/fixtures/lvm2/errors.txt): in VG "ev", LV names of
 * 122 characters are accepted, of 123 refused ("vg/lv" of 126). */
static void test_full_name_length(void **state)
{
	char name[200];
	(void)state;
	memset(name, 'x', sizeof(name));
	name[122] = '\0';
	assert_int_equal(name_check_full("ev", name), 0);
	name[122] = 'x';
	name[123] = '\0';
	assert_int_equal(name_check_full("ev", name), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic_rules),       cmocka_unit_test(test_vg_names),
	    cmocka_unit_test(test_lv_reserved_names), cmocka_unit_test(test_lv_messages),
	    cmocka_unit_test(test_full_name_length),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
