/* lvm2's hints invalidated as lvm2's own commands do (lib/device/hints.c),
 * in a scratch run directory: the files left behind, the hints file kept
 * as the same inode, and its lock held until released. */
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "device/hints.h"
#include "misc/strbuf.h"

static char dir[] = "/tmp/vgtool-hints-test.XXXXXX";

static char *path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", dir, name);
	return strbuf_detach(&sb, NULL);
}

static int exists(const char *name)
{
	char *p = path(name);
	int r = access(p, F_OK) == 0;
	free(p);
	return r;
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	static const char *const names[] = {"hints", "newhints", "nohints"};
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = path(names[i]);
		unlink(p);
		free(p);
	}
	return rmdir(dir);
}

/* No run directory (no lvm2 on the host): nothing to do, nothing made. */
static void test_no_run_dir(void **state)
{
	char *missing = path("absent");
	(void)state;
	assert_int_equal(hints_invalidate(missing, "vgcreate"), 0);
	assert_int_equal(access(missing, F_OK), -1);
	hints_release();
	free(missing);
}

/* Could another process lock the hints file exclusively right now? */
static int others_can_lock(const char *hints)
{
	pid_t pid = fork();
	int status;
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(hints, O_RDWR);
		_exit(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Hints lvm2 wrote: emptied in place to one comment line, "newhints"
 * made, "nohints" gone, the file locked until released. */
static void test_invalidate(void **state)
{
	char *hints = path("hints");
	struct stat before, after;
	char buf[256];
	FILE *f = fopen(hints, "w");
	size_t n;
	(void)state;
	assert_non_null(f);
	fputs("hints_version: 2.1\nscan:/dev/loop0 pvid:x devn:7:0 vg:vg0\n", f);
	fclose(f);
	assert_int_equal(stat(hints, &before), 0);

	assert_int_equal(hints_invalidate(dir, "pvcreate"), 0);
	assert_int_equal(stat(hints, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	f = fopen(hints, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_true(!strncmp(buf, "# Created empty by pvcreate pid ", 32));
	assert_true(strchr(buf, '\n') == buf + n - 1); /* one line */
	assert_true(exists("newhints"));
	assert_false(exists("nohints"));
	assert_false(others_can_lock(hints));
	hints_release();
	assert_true(others_can_lock(hints));
	free(hints);
}

/* No hints file yet: it is made, empty but for the comment. */
static void test_invalidate_without_hints(void **state)
{
	char *hints = path("hints");
	(void)state;
	unlink(hints);
	assert_int_equal(hints_invalidate(dir, "vgremove"), 0);
	assert_true(exists("hints"));
	assert_true(exists("newhints"));
	hints_release();
	free(hints);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_run_dir),
	    cmocka_unit_test(test_invalidate),
	    cmocka_unit_test(test_invalidate_without_hints),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
