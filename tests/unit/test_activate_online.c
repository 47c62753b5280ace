/* Event activation's files (lib/activate/online.c) in a scratch run
 * directory: lvm2's formats both ways, one claim per VG however many
 * commands race for it, a VG complete only when every PV is recorded, and
 * names from disk metadata that could leave the folder refused. */
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "activate/online.h"
#include "misc/strbuf.h"

static char run[] = "/tmp/vgtool-online-test.XXXXXX";

#define PV_A "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define PV_B "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
#define PV_C "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"

static char *path(const char *folder, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s/%s", run, folder, name);
	return strbuf_detach(&sb, NULL);
}

static int exists(const char *folder, const char *name)
{
	char *p = path(folder, name);
	int r = access(p, F_OK) == 0;
	free(p);
	return r;
}

static void write_file(const char *folder, const char *name, const char *text)
{
	char *p = path(folder, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static char *read_file(const char *folder, const char *name)
{
	char *p = path(folder, name), *text = unit_slurp(p, NULL);
	free(p);
	return text;
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(run))
		return -1;
	return online_setup(run);
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", run);
	return system(cmd);
}

/* before each test: an empty record */
static int empty(void **state)
{
	(void)state;
	online_clear(run);
	return 0;
}

/* The three folders, made again without complaint when there. */
static void test_setup(void **state)
{
	struct stat st;
	char *p = path("vgs_online", "");

	(void)state;
	assert_int_equal(online_setup(run), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	free(p);
	assert_true(exists("pvs_online", "."));
	assert_true(exists("pvs_lookup", "."));
}

/* A PV's file as lvm2 2.03.16 writes it, and read back; lvm2's own
 * files read the same. */
static void test_record_format(void **state)
{
	struct online_pv pv;
	char *text;

	(void)state;
	assert_int_equal(online_pv_record(run, PV_A, 253, 7, "vg0", "/dev/vdb", NULL),
	                 ONLINE_RECORDED);
	text = read_file("pvs_online", PV_A);
	assert_string_equal(text, "253:7\nvg:vg0\ndev:/dev/vdb\n");
	free(text);
	assert_int_equal(online_pv_read(run, PV_A, &pv), 0);
	assert_int_equal(pv.major, 253);
	assert_int_equal(pv.minor, 7);
	assert_string_equal(pv.vg_name, "vg0");
	assert_string_equal(pv.dev_name, "/dev/vdb");

	/* no VG known (a PV without metadata of its own): the number only */
	assert_int_equal(online_pv_record(run, PV_B, 8, 16, NULL, "/dev/sdb", NULL),
	                 ONLINE_RECORDED);
	text = read_file("pvs_online", PV_B);
	assert_string_equal(text, "8:16\ndev:/dev/sdb\n");
	free(text);

	/* lvm2 2.03.11's files had no dev: line */
	write_file("pvs_online", PV_C, "8:32\nvg:old\n");
	assert_int_equal(online_pv_read(run, PV_C, &pv), 0);
	assert_string_equal(pv.vg_name, "old");
	assert_string_equal(pv.dev_name, "");
	/* not one of ours: no device number first */
	write_file("pvs_online", PV_C, "vg:old\n");
	assert_int_equal(online_pv_read(run, PV_C, &pv), -1);
	assert_int_equal(online_pv_read(run, "nothere", &pv), -1);
}

/* The same PV twice: once recorded; on another device: a duplicate,
 * the first record kept. */
static void test_record_twice(void **state)
{
	struct online_pv other;
	char *text;

	(void)state;
	assert_int_equal(online_pv_record(run, PV_A, 8, 16, "vg0", "/dev/sdb", &other),
	                 ONLINE_RECORDED);
	assert_int_equal(online_pv_record(run, PV_A, 8, 16, "vg0", "/dev/sdb", &other),
	                 ONLINE_ALREADY);
	assert_int_equal(online_pv_record(run, PV_A, 8, 32, "vg0", "/dev/sdc", &other),
	                 ONLINE_DUPLICATE);
	assert_int_equal(other.major, 8);
	assert_int_equal(other.minor, 16);
	text = read_file("pvs_online", PV_A);
	assert_string_equal(text, "8:16\nvg:vg0\ndev:/dev/sdb\n");
	free(text);
}

/* Complete only when every PV has a file, whoever wrote it. */
static void test_missing(void **state)
{
	char *ids[] = {PV_A, PV_B, PV_C};

	(void)state;
	assert_int_equal(online_pvs_missing(run, ids, 3), 3);
	online_pv_record(run, PV_B, 8, 16, "vg0", NULL, NULL);
	assert_int_equal(online_pvs_missing(run, ids, 3), 2);
	write_file("pvs_online", PV_A, "8:32\nvg:vg0\n"); /* lvm2's pvscan */
	assert_int_equal(online_pvs_missing(run, ids, 3), 1);
	online_pv_record(run, PV_C, 8, 48, "vg0", NULL, NULL);
	assert_int_equal(online_pvs_missing(run, ids, 3), 0);
	assert_int_equal(online_pvs_missing(run, ids, 0), 0);
}

/* One claim per VG: the second is told, an unclaim frees it. */
static void test_claim(void **state)
{
	(void)state;
	assert_int_equal(online_vg_claim(run, "vg0"), 1);
	assert_true(exists("vgs_online", "vg0"));
	assert_int_equal(online_vg_claim(run, "vg0"), 0);
	assert_int_equal(online_vg_claim(run, "vg1"), 1);
	online_vg_unclaim(run, "vg0");
	assert_int_equal(online_vg_claim(run, "vg0"), 1);
	/* lvm2's claim counts the same */
	write_file("vgs_online", "byLvm2", "");
	assert_int_equal(online_vg_claim(run, "byLvm2"), 0);
}

/* Sixteen commands claiming at once: exactly one wins. */
static void test_claim_race(void **state)
{
	int winners = 0;
	pid_t pids[16];

	(void)state;
	for (int i = 0; i < 16; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (!pids[i])
			_exit(online_vg_claim(run, "raced") == 1 ? 1 : 0);
	}
	for (int i = 0; i < 16; i++) {
		int status;
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		winners += WEXITSTATUS(status);
	}
	assert_int_equal(winners, 1);
}

/* The lookup file: lvm2's format, first writer wins, found by any of
 * its PV ids. */
static void test_lookup(void **state)
{
	char *ids[] = {PV_A, PV_B}, *other[] = {PV_C};
	char *vg = NULL, **found = NULL, *text;
	size_t n = 0;

	(void)state;
	assert_int_equal(online_lookup_find(run, PV_B, &vg, &found, &n), -1);
	assert_int_equal(online_lookup_write(run, "vg0", ids, 2), 1);
	assert_int_equal(online_lookup_write(run, "vg0", other, 1), 0);
	text = read_file("pvs_lookup", "vg0");
	assert_string_equal(text, PV_A "\n" PV_B "\n");
	free(text);
	assert_int_equal(online_lookup_find(run, PV_B, &vg, &found, &n), 0);
	assert_string_equal(vg, "vg0");
	assert_int_equal(n, 2);
	assert_string_equal(found[0], PV_A);
	assert_string_equal(found[1], PV_B);
	free(vg);
	online_ids_free(found, n);
	assert_int_equal(online_lookup_find(run, PV_C, &vg, &found, &n), -1);
	assert_null(vg);
}

/* A device gone: its PV forgotten, its VG's claim and lookup with it, so
 * that the VG is activated again when complete again. */
static void test_forget(void **state)
{
	char *ids[] = {PV_A, PV_B};

	(void)state;
	online_pv_record(run, PV_A, 8, 16, "vg0", NULL, NULL);
	online_pv_record(run, PV_B, 8, 32, "vg0", NULL, NULL);
	online_lookup_write(run, "vg0", ids, 2);
	assert_int_equal(online_vg_claim(run, "vg0"), 1);
	assert_int_equal(online_pv_forget_devno(run, 8, 48), 0);
	assert_int_equal(online_pv_forget_devno(run, 8, 32), 1);
	assert_false(exists("pvs_online", PV_B));
	assert_true(exists("pvs_online", PV_A));
	assert_false(exists("vgs_online", "vg0"));
	assert_false(exists("pvs_lookup", "vg0"));
	assert_int_equal(online_pvs_missing(run, ids, 2), 1);
}

/* Names from metadata on a disk are untrusted: none may reach outside
 * its folder, and a PV id is 32 letters and digits. */
static void test_bad_names(void **state)
{
	char *ids[] = {"../../etc/passwd"};

	(void)state;
	assert_false(online_name_ok(""));
	assert_false(online_name_ok("."));
	assert_false(online_name_ok(".."));
	assert_false(online_name_ok("a/b"));
	assert_true(online_name_ok("vg_0+x.y-z"));
	assert_false(online_pv_id_ok("AAAA"));
	assert_false(online_pv_id_ok("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/."));
	assert_true(online_pv_id_ok(PV_A));
	assert_int_equal(online_vg_claim(run, "../pvs_online"), -1);
	assert_int_equal(online_vg_claim(run, ".."), -1);
	assert_int_equal(online_pv_record(run, "../x", 8, 0, NULL, NULL, NULL), ONLINE_ERROR);
	assert_int_equal(online_lookup_write(run, "a/b", ids, 1), -1);
	assert_int_equal(online_pvs_missing(run, ids, 1), 1);
	/* a VG name that cannot be a file name is left out of the PV's file */
	assert_int_equal(online_pv_record(run, PV_A, 8, 0, "x/y", NULL, NULL), ONLINE_RECORDED);
	{
		char *text = read_file("pvs_online", PV_A);
		assert_string_equal(text, "8:0\n");
		free(text);
	}
}

/* pvscan --cache without a device starts anew: every file goes. */
static void test_clear(void **state)
{
	(void)state;
	online_pv_record(run, PV_A, 8, 16, "vg0", NULL, NULL);
	online_vg_claim(run, "vg0");
	write_file("pvs_lookup", "vg0", PV_A "\n");
	online_clear(run);
	assert_false(exists("pvs_online", PV_A));
	assert_false(exists("vgs_online", "vg0"));
	assert_false(exists("pvs_lookup", "vg0"));
	assert_true(exists("pvs_online", "."));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_setup, empty),
	    cmocka_unit_test_setup(test_record_format, empty),
	    cmocka_unit_test_setup(test_record_twice, empty),
	    cmocka_unit_test_setup(test_missing, empty),
	    cmocka_unit_test_setup(test_claim, empty),
	    cmocka_unit_test_setup(test_claim_race, empty),
	    cmocka_unit_test_setup(test_lookup, empty),
	    cmocka_unit_test_setup(test_forget, empty),
	    cmocka_unit_test_setup(test_bad_names, empty),
	    cmocka_unit_test_setup(test_clear, empty),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
