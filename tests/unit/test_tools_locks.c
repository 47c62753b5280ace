/* Which locks a command takes, from what its row in the command table
 * declares (cmd_locks_for in tools/cmdline.h): the one place that decides,
 * so that lvm2's lock files can later be taken in the same place. */
#include "unit.h"

#include "tools/cmdline.h"

static void expect(unsigned flags, int vg_named, enum cmd_lock global, enum cmd_lock vg)
{
	struct cmd_locks l = cmd_locks_for(flags, vg_named);
	assert_int_equal(l.global, global);
	assert_int_equal(l.vg, vg);
}

/* reports, vgck, vgcfgbackup: the global lock shared for the listing,
 * then each VG's lock shared while it is read */
static void test_readers(void **state)
{
	(void)state;
	expect(CMD_GLOBAL_SH | CMD_VG_SH, 0, CMD_LOCK_SH, CMD_LOCK_NONE);
	expect(CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL, 0, CMD_LOCK_SH, CMD_LOCK_NONE);
	expect(CMD_GLOBAL_SH | CMD_VG_SH, 1, CMD_LOCK_SH, CMD_LOCK_SH);
	/* a writer's VG lock is never weakened to shared */
	expect(CMD_VG_EX | CMD_VG_SH, 1, CMD_LOCK_NONE, CMD_LOCK_EX);
}

/* pvcreate, pvremove: the global lock exclusive, no VG named */
static void test_label_writers(void **state)
{
	(void)state;
	expect(CMD_GLOBAL_EX, 0, CMD_LOCK_EX, CMD_LOCK_NONE);
}

/* vgcreate, vgremove, vgrename, vgextend, ...: global then VG, both
 * exclusive */
static void test_vg_name_writers(void **state)
{
	(void)state;
	expect(CMD_GLOBAL_EX | CMD_VG_EX, 1, CMD_LOCK_EX, CMD_LOCK_EX);
	expect(CMD_GLOBAL_EX | CMD_VG_EX | CMD_KERNEL, 1, CMD_LOCK_EX, CMD_LOCK_EX);
}

/* lvcreate, lvextend, vgchange -a on one VG: its lock only; listing the
 * VGs to visit (vgchange with no name, the watchdog) takes the global lock
 * shared and no VG lock */
static void test_lv_writers(void **state)
{
	(void)state;
	expect(CMD_VG_EX | CMD_KERNEL, 1, CMD_LOCK_NONE, CMD_LOCK_EX);
	expect(CMD_VG_EX | CMD_KERNEL, 0, CMD_LOCK_SH, CMD_LOCK_NONE);
	/* a declared global lock is not weakened for the listing */
	expect(CMD_GLOBAL_EX | CMD_VG_EX, 0, CMD_LOCK_EX, CMD_LOCK_NONE);
}

/* help, version */
static void test_no_locks(void **state)
{
	(void)state;
	expect(CMD_NONE, 0, CMD_LOCK_NONE, CMD_LOCK_NONE);
	expect(CMD_KERNEL, 0, CMD_LOCK_NONE, CMD_LOCK_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_readers),         cmocka_unit_test(test_label_writers),
	    cmocka_unit_test(test_vg_name_writers), cmocka_unit_test(test_lv_writers),
	    cmocka_unit_test(test_no_locks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
