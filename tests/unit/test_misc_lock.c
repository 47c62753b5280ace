/* The locks: which folder a user's lock files go to and which folders are
 * refused (pure), and, with real files in a scratch folder and forked
 * waiters, that a wait ends on SIGTERM or SIGINT with one line while the
 * program's own handling of the two signals stays as it was. */
#include "unit.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "misc/lock.h"
#include "misc/strbuf.h"

/* ---- the folder ---- */

static void test_default_folder(void **state)
{
	char *d;
	(void)state;
	d = lock_dir_default(0, "/run/user/0");
	assert_string_equal(d, "/run/lock/lvm");
	free(d);
	d = lock_dir_default(1000, "/run/user/1000");
	assert_string_equal(d, "/run/user/1000/vgtool");
	free(d);
	d = lock_dir_default(1000, "");
	assert_string_equal(d, "/tmp/vgtool-lock-1000");
	free(d);
	d = lock_dir_default(65534, NULL);
	assert_string_equal(d, "/tmp/vgtool-lock-65534");
	free(d);
}

/* lock_dir_check over a made-up lstat: "" when accepted, else the reason */
static char *check(mode_t mode, uid_t owner, uid_t user)
{
	struct stat st;
	struct strbuf why = STRBUF_INIT;
	int r;
	memset(&st, 0, sizeof(st));
	st.st_mode = mode;
	st.st_uid = owner;
	r = lock_dir_check(&st, user, &why);
	assert_int_equal(r, why.len ? -1 : 0);
	return strbuf_detach(&why, NULL);
}

static void test_folder_check(void **state)
{
	static const struct {
		mode_t mode;
		uid_t owner, user;
		const char *why;
	} cases[] = {
	    {S_IFDIR | 0700, 1000, 1000, ""},
	    {S_IFDIR | 0755, 1000, 1000, ""}, /* others may look, not write */
	    {S_IFDIR | 0700, 0, 0, ""},
	    {S_IFDIR | 0700, 0, 1000, "it belongs to uid 0, not to uid 1000"},
	    {S_IFDIR | 0700, 1001, 1000, "it belongs to uid 1001, not to uid 1000"},
	    {S_IFDIR | 0770, 1000, 1000, "its group or others can write to it (mode 0770)"},
	    {S_IFDIR | 0702, 1000, 1000, "its group or others can write to it (mode 0702)"},
	    {S_IFDIR | 01777, 1000, 1000, "its group or others can write to it (mode 1777)"},
	    {S_IFLNK | 0777, 1000, 1000, "it is a symbolic link"},
	    {S_IFREG | 0600, 1000, 1000, "it is not a folder"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *why = check(cases[i].mode, cases[i].owner, cases[i].user);
		assert_string_equal(why, cases[i].why);
		free(why);
	}
}

/* ---- waits, with real lock files ---- */

static char scratch[] = "/tmp/vgtool-lock-test.XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(scratch))
		return -1;
	return setenv("VGTOOL_LOCK_DIR", scratch, 1);
}

static int teardown(void **state)
{
	static const char *const files[] = {"V_vg0", "P_global", "V_vg0:aux", "P_global:aux",
	                                    "V_vg0.moved"};
	struct strbuf path = STRBUF_INIT;
	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", scratch, files[i]);
		unlink(path.buf);
	}
	strbuf_release(&path);
	return rmdir(scratch);
}

/* Does `pid` wait for a flock() lock?  The kernel lists a blocked request
 * in /proc/locks with "->"; this looks for 10 s at most. */
static int waits_for_lock(pid_t pid)
{
	char want[32], line[256];
	snprintf(want, sizeof(want), " %d ", (int)pid);
	for (int i = 0; i < 1000; i++) {
		FILE *f = fopen("/proc/locks", "r");
		int found = 0;
		if (!f)
			return 0;
		while (!found && fgets(line, sizeof(line), f))
			found = strstr(line, "-> FLOCK ") && strstr(line, want);
		fclose(f);
		if (found)
			return 1;
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	}
	return 0;
}

struct waiter {
	pid_t pid;
	int err; /* read end of the child's stderr */
};

/* Fork a child that gives up the parent's lock `held` (its copy of the
 * descriptor would keep the lock), runs `body` with its stderr in a pipe
 * and exits with body's value. */
static struct waiter start_waiter(int held, int (*body)(void))
{
	struct waiter w;
	int p[2];
	assert_int_equal(pipe(p), 0);
	w.pid = fork();
	assert_true(w.pid >= 0);
	if (w.pid == 0) {
		lock_close_inherited();
		(void)held;
		/* the test's own start may have ignored SIGINT (a job started
		 * in the background of a script): each body sets what it tests */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		close(p[0]);
		dup2(p[1], 2);
		alarm(20); /* a wait the test cannot end must not hang it */
		_exit(body());
	}
	close(p[1]);
	w.err = p[0];
	return w;
}

/* The child's exit status (-1: did not exit) and, in *err, its stderr. */
static int finish_waiter(struct waiter *w, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[256];
	ssize_t n;
	int status;
	while ((n = read(w->err, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	close(w->err);
	assert_int_equal(waitpid(w->pid, &status, 0), w->pid);
	*err = strbuf_detach(&sb, NULL);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Hold vg0 (in `held_mode`) here, start `body` in a child, wait until it
 * waits for the lock, send it `sig`. */
static struct waiter signal_blocked_waiter(int held_mode, int (*body)(void), int sig, int *held)
{
	struct waiter w;
	*held = lock_vg("vg0", held_mode);
	assert_true(*held >= 0);
	w = start_waiter(*held, body);
	assert_true(waits_for_lock(w.pid));
	assert_int_equal(kill(w.pid, sig), 0);
	return w;
}

/* Release the lock held here, then the child's exit status and stderr. */
static void expect_waiter(struct waiter *w, int held, int status, const char *err)
{
	char *got;
	lock_release(held);
	assert_int_equal(finish_waiter(w, &got), status);
	assert_string_equal(got, err);
	free(got);
}

/* A command's waiter: 5 when the wait failed, and a later lock request
 * (the global lock, free) failed too without waiting; 10, 11 otherwise. */
static int wait_for_vg0(void)
{
	if (lock_vg("vg0", LOCK_EXCLUSIVE_MODE) >= 0)
		return 10;
	if (lock_global(LOCK_SHARED_MODE) >= 0)
		return 11;
	return 5;
}

static const char interrupted[] = "  Interrupted while waiting for the lock on volume group vg0.\n";

static void expect_interrupted_by(int sig, int held_mode)
{
	int held;
	struct waiter w = signal_blocked_waiter(held_mode, wait_for_vg0, sig, &held);
	expect_waiter(&w, held, 5, interrupted);
}

static void test_sigterm_ends_a_wait(void **state)
{
	(void)state;
	expect_interrupted_by(SIGTERM, LOCK_EXCLUSIVE_MODE);
	/* an exclusive request waits for a shared holder as well */
	expect_interrupted_by(SIGTERM, LOCK_SHARED_MODE);
}

static void test_sigint_ends_a_wait(void **state)
{
	(void)state;
	expect_interrupted_by(SIGINT, LOCK_EXCLUSIVE_MODE);
}

typedef void (*handler_fn)(int);

/* What `sig` does now: SIG_DFL, SIG_IGN or a handler. */
static handler_fn handler_of(int sig)
{
	struct sigaction now;
	sigaction(sig, NULL, &now);
	return now.sa_handler;
}

static volatile sig_atomic_t own_handler_ran;

static void own_handler(int sig)
{
	(void)sig;
	own_handler_ran++;
}

/* The program handles SIGTERM itself (as the monitor's loop does): the
 * wait ends, its handler still sees the signal once, and is in place
 * again after. */
static int wait_with_own_handler(void)
{
	struct sigaction act;
	memset(&act, 0, sizeof(act));
	act.sa_handler = own_handler;
	sigemptyset(&act.sa_mask);
	act.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &act, NULL);
	if (lock_vg("vg0", LOCK_EXCLUSIVE_MODE) >= 0)
		return 10;
	if (own_handler_ran != 1)
		return 12;
	if (handler_of(SIGTERM) != own_handler)
		return 13;
	return 5;
}

static void test_own_handler_still_gets_the_signal(void **state)
{
	int held;
	struct waiter w;
	(void)state;
	w = signal_blocked_waiter(LOCK_EXCLUSIVE_MODE, wait_with_own_handler, SIGTERM, &held);
	expect_waiter(&w, held, 5, interrupted);
}

/* SIGINT ignored (a command in the background of a script): it does not
 * end the wait, and stays ignored once the lock is granted. */
static int wait_ignoring_sigint(void)
{
	int h;
	signal(SIGINT, SIG_IGN);
	h = lock_vg("vg0", LOCK_EXCLUSIVE_MODE);
	if (h < 0)
		return 10;
	if (handler_of(SIGINT) != SIG_IGN || handler_of(SIGTERM) != SIG_DFL)
		return 12;
	lock_release(h);
	return 0;
}

static void test_ignored_sigint_stays_ignored(void **state)
{
	int held;
	struct waiter w;
	(void)state;
	w = signal_blocked_waiter(LOCK_EXCLUSIVE_MODE, wait_ignoring_sigint, SIGINT, &held);
	nanosleep(&(struct timespec){0, 200000000}, NULL);
	assert_int_equal(waitpid(w.pid, NULL, WNOHANG), 0);
	assert_true(waits_for_lock(w.pid));
	expect_waiter(&w, held, 0, "");
}

/* Shared holders do not wait for each other. */
static int take_vg0_shared(void)
{
	int h = lock_vg("vg0", LOCK_SHARED_MODE);
	return h >= 0 ? 0 : 10;
}

static void test_shared_locks_do_not_wait(void **state)
{
	int held = lock_vg("vg0", LOCK_SHARED_MODE);
	struct waiter w;
	(void)state;
	assert_true(held >= 0);
	w = start_waiter(held, take_vg0_shared);
	expect_waiter(&w, held, 0, "");
}

/* ---- lvm2's protocol ---- */

static char *vg0_path(const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/V_vg0%s", scratch, suffix);
	return strbuf_detach(&sb, NULL);
}

/* The file goes with its last holder, as lvm2's do; a shared holder
 * left keeps it. */
static void test_release_removes_the_file(void **state)
{
	char *path = vg0_path("");
	int a, b;
	(void)state;
	a = lock_vg("vg0", LOCK_EXCLUSIVE_MODE);
	assert_true(a >= 0);
	assert_int_equal(access(path, F_OK), 0);
	lock_release(a);
	assert_int_equal(access(path, F_OK), -1);
	a = lock_vg("vg0", LOCK_SHARED_MODE);
	b = lock_vg("vg0", LOCK_SHARED_MODE);
	assert_true(a >= 0 && b >= 0);
	lock_release(a);
	assert_int_equal(access(path, F_OK), 0);
	lock_release(b);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
}

/* --nolocking: every lock granted at once, no file made, none waited on
 * (here while a real exclusive lock is held), and released as usual. */
static void test_nolocking(void **state)
{
	char *path = vg0_path("");
	int held, a, b;
	(void)state;
	held = lock_vg("vg0", LOCK_EXCLUSIVE_MODE);
	assert_true(held >= 0);
	lock_set_mode(1, 0, 0, 0);
	a = lock_vg("vg0", LOCK_EXCLUSIVE_MODE);
	b = lock_global(LOCK_EXCLUSIVE_MODE);
	assert_true(a >= 0 && b >= 0 && a != b && a != held);
	lock_release(a);
	lock_release(b);
	lock_set_mode(0, 0, 0, 0);
	/* the real lock and its file are still there */
	assert_int_equal(access(path, F_OK), 0);
	lock_release(held);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
}

/* Locked, and on the file the path names when the lock came: 0; else
 * 10 (no lock) or 20 (a lock on a file no longer there). */
static int take_vg0_then_check(void)
{
	char *path = vg0_path("");
	int h = lock_vg("vg0", LOCK_EXCLUSIVE_MODE);
	int r = h < 0 ? 10 : access(path, F_OK) ? 20 : 0;
	free(path);
	return r;
}

/* A holder removed the file while another waited on it (lvm2 does so on
 * release): the waiter locks the file of that name anew, not the old
 * inode, or two commands would hold "the" lock at once. */
static void test_file_replaced_while_waiting(void **state)
{
	char *path = vg0_path(""), *moved = vg0_path(".moved");
	int held = lock_vg("vg0", LOCK_EXCLUSIVE_MODE);
	struct waiter w;
	(void)state;
	assert_true(held >= 0);
	w = start_waiter(held, take_vg0_then_check);
	assert_true(waits_for_lock(w.pid));
	assert_int_equal(rename(path, moved), 0);
	expect_waiter(&w, held, 0, "");
	unlink(moved);
	free(path);
	free(moved);
}

static int take_vg0_nowait(void)
{
	lock_configure(NULL, 0, 1);
	return lock_vg("vg0", LOCK_SHARED_MODE) >= 0 ? 10 : 5;
}

/* global/wait_for_locks = 0: one line, no wait. */
static void test_no_wait(void **state)
{
	int held = lock_vg("vg0", LOCK_EXCLUSIVE_MODE);
	struct waiter w;
	char *err;
	(void)state;
	assert_true(held >= 0);
	w = start_waiter(held, take_vg0_nowait);
	/* the child ends by itself, the lock still held here */
	assert_int_equal(finish_waiter(&w, &err), 5);
	assert_string_equal(err, "  Cannot take the lock on volume group vg0: it is held by "
	                         "another command and global/wait_for_locks is 0.\n");
	free(err);
	lock_release(held);
}

static int take_vg0_exclusive(void)
{
	int h = lock_vg("vg0", LOCK_EXCLUSIVE_MODE);
	return h >= 0 ? 0 : 10;
}

static int take_vg0_shared_no_priority(void)
{
	lock_configure(NULL, 1, 0);
	return take_vg0_shared();
}

/* global/prioritise_write_locks (on by default, as in lvm2): a writer
 * waiting for readers to go holds off new readers; off, they pass it. */
static void test_waiting_writer_holds_off_readers(void **state)
{
	int held = lock_vg("vg0", LOCK_SHARED_MODE);
	struct waiter writer, reader;
	(void)state;
	assert_true(held >= 0);
	writer = start_waiter(held, take_vg0_exclusive);
	assert_true(waits_for_lock(writer.pid));
	reader = start_waiter(held, take_vg0_shared_no_priority);
	{
		char *err;
		assert_int_equal(finish_waiter(&reader, &err), 0);
		assert_string_equal(err, "");
		free(err);
	}
	reader = start_waiter(held, take_vg0_shared);
	assert_true(waits_for_lock(reader.pid));
	expect_waiter(&writer, held, 0, "");
	expect_waiter(&reader, -1, 0, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_folder),
	    cmocka_unit_test(test_folder_check),
	    cmocka_unit_test(test_sigterm_ends_a_wait),
	    cmocka_unit_test(test_sigint_ends_a_wait),
	    cmocka_unit_test(test_own_handler_still_gets_the_signal),
	    cmocka_unit_test(test_ignored_sigint_stays_ignored),
	    cmocka_unit_test(test_shared_locks_do_not_wait),
	    cmocka_unit_test(test_release_removes_the_file),
	    cmocka_unit_test(test_nolocking),
	    cmocka_unit_test(test_file_replaced_while_waiting),
	    cmocka_unit_test(test_no_wait),
	    cmocka_unit_test(test_waiting_writer_holds_off_readers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
