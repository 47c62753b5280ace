/* Test hooks: environment variables that make vgtool crash or fail at a
 * chosen point, so that the kernel scenarios can check what a crash or a
 * refusal leaves behind.
 *
 *   VGTOOL_TEST_CRASH_AFTER_WRITE=N  _exit(99) after the Nth PV write
 *                                    (lib/device/dev-io.c)
 *   VGTOOL_TEST_AFTER_WRITE=N:CMD    runs the shell command CMD once, right
 *                                    after the Nth PV write (dev-io.c): a
 *                                    scenario makes a real disk fault start
 *                                    there (a PV's table switched to error)
 *   VGTOOL_TEST_CRASH_AFTER_DM_OP=N  _exit(99) after the Nth dm operation
 *                                    of a plan (lib/activate/dm.c)
 *   VGTOOL_TEST_FAIL_DM_OP=N         the Nth dm operation fails with EINVAL
 *                                    (lib/activate/dm.c)
 *   VGTOOL_TEST_MONITOR_BETWEEN=CMD  `monitor` runs the shell command CMD
 *                                    between its two phases (tools/monitor.c)
 *   VGTOOL_TEST_LVMLOCK_MB=N         vgcreate --shared makes lvmlock N MiB,
 *                                    not 256: sanlock's leases run out after
 *                                    a few LVs, and lvcreate's growth of
 *                                    lvmlock runs (tools/vg.c)
 *
 * They exist only when the sources are compiled with -DVGTOOL_TEST_HOOKS,
 * which `make vgtool-test` does (objects of its own, the binary
 * ./vgtool-test, $VGTOOL_TEST in the scenarios).  The vgtool that is
 * installed, and that root runs from cron, must never crash on request nor
 * run a command named by its environment: it is built without them, and
 * the Makefile refuses a ./vgtool that names any VGTOOL_TEST_ variable.
 * Each hook lives in a function that is empty in that build, so that the
 * code using it reads the same in both. */
#ifndef VGTOOL_TEST_HOOKS_H
#define VGTOOL_TEST_HOOKS_H

#ifdef VGTOOL_TEST_HOOKS
#include <stdlib.h>

/* The number N in the environment variable `name`; -1 when it is unset or
 * empty. */
static inline long test_hook_number(const char *name)
{
	const char *s = getenv(name);
	return s && *s ? strtol(s, NULL, 10) : -1;
}
#endif

#endif
