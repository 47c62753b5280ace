/* flock-based locks (see lock.h), in lvm2's files with lvm2's protocol
 * (lvm2 2.03 lib/misc/lvm-flock.c), so that the two tools exclude each
 * other:
 *   - open (creating) the file, flock it, then check that the path still
 *     names the inode locked: a holder may have removed the file on
 *     release (below) while we waited on it; if so, start again;
 *   - with global/prioritise_write_locks (lvm2's default), a "FILE:aux"
 *     lock taken exclusive first, so that a waiting writer holds off new
 *     readers: a writer locks FILE before dropping aux, a reader after;
 *   - on release, unlock; if an exclusive lock can then be had at once
 *     (nobody holds or waits) and the path is still that inode, remove
 *     the file, so that lock files do not pile up. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "misc/lock.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

char *lock_dir_default(uid_t uid, const char *runtime_dir)
{
	struct strbuf sb = STRBUF_INIT;

	/* Users other than root can only reach their own image files, which
	 * only their own commands need to serialise on: a private folder
	 * (lvm2's /run/lock/lvm is root's). */
	if (uid == 0)
		strbuf_addstr(&sb, LOCK_DIR_LVM2);
	else if (runtime_dir && *runtime_dir)
		strbuf_addf(&sb, "%s/vgtool", runtime_dir);
	else
		strbuf_addf(&sb, "/tmp/vgtool-lock-%u", (unsigned)uid);
	return strbuf_detach(&sb, NULL);
}

int lock_dir_check(const struct stat *st, uid_t uid, struct strbuf *why)
{
	if (S_ISLNK(st->st_mode))
		strbuf_addstr(why, "it is a symbolic link");
	else if (!S_ISDIR(st->st_mode))
		strbuf_addstr(why, "it is not a folder");
	else if (st->st_uid != uid)
		strbuf_addf(why, "it belongs to uid %u, not to uid %u", (unsigned)st->st_uid,
		            (unsigned)uid);
	else if (st->st_mode & (S_IWGRP | S_IWOTH))
		strbuf_addf(why, "its group or others can write to it (mode %04o)",
		            (unsigned)(st->st_mode & 07777));
	else
		return 0;
	return -1;
}

static int make_dir(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	int r = 0;
	strbuf_addstr(&sb, dir);
	/* create each missing component (/run/lock may not exist in a
	 * minimal environment) */
	for (char *p = sb.buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(sb.buf, 0755) && errno != EEXIST)
			r = -1;
		*p = '/';
	}
	if (mkdir(sb.buf, 0700) && errno != EEXIST)
		r = -1;
	else
		r = 0;
	if (r)
		log_error("Cannot create the lock directory %s: %s.", dir, strerror(errno));
	strbuf_release(&sb);
	return r;
}

/* The folder of the lock files, created if missing: NULL after logging.
 * The default one is checked before use: /tmp and /run/lock are
 * writable by everyone, so another user could have made it first, to
 * hold the locks or to see (and, with a symbolic link, steer) where the
 * lock files go.  One that $VGTOOL_LOCK_DIR names was chosen by the user
 * and is taken as it is. */
static char *configured_dir;
static int wait_for_locks = 1, write_priority = 1;
static int no_locking, ignore_failure, quiet_failure, activating;

void lock_configure(const char *locking_dir, int wait, int prioritise_write_locks)
{
	free(configured_dir);
	configured_dir = locking_dir && *locking_dir ? xstrdup(locking_dir) : NULL;
	wait_for_locks = wait;
	write_priority = prioritise_write_locks;
}

void lock_set_mode(int nolocking, int ignore, int quiet, int activation)
{
	no_locking = nolocking;
	ignore_failure = ignore;
	quiet_failure = quiet;
	activating = activation;
}

/* lvm2's test of its lock folder: only a read-only file system fails it
 * (other errors show when a lock file is opened). */
static int read_only_fs(const char *dir)
{
	if (!mkdir(dir, 0700) || errno == EEXIST) {
		if (!access(dir, R_OK | W_OK | X_OK) || errno != EROFS)
			return 0;
	} else if (errno != EROFS) {
		return 0;
	}
	/* lvm2's line; a warning where the command goes on without the
	 * files, so that a refusal that follows is the one error */
	if (ignore_failure && !quiet_failure)
		log_warn("WARNING: File locking initialisation failed.");
	else if (!quiet_failure)
		log_error("File locking initialisation failed.");
	return 1;
}

/* The lock folder, or NULL (said) when there is none to use; *failed is
 * set when that is because it is read-only. */
static const char *lock_dir(int *failed)
{
	static char *dir;
	/* 0: not looked at yet, 1: fine, -1: refused (said), -2: on a
	 * read-only file system (said) */
	static int state;
	const char *env = getenv("VGTOOL_LOCK_DIR");
	struct strbuf why = STRBUF_INIT;
	struct stat st;

	if (env && *env) {
		if (read_only_fs(env)) {
			*failed = 1;
			return NULL;
		}
		return make_dir(env) ? NULL : env;
	}
	if (state == -2)
		*failed = 1;
	if (state)
		return state > 0 ? dir : NULL;
	/* lvm2's global/locking_dir is root's: other users keep their own */
	free(dir);
	if (configured_dir && geteuid() == 0)
		dir = xstrdup(configured_dir);
	else
		dir = lock_dir_default(geteuid(), getenv("XDG_RUNTIME_DIR"));
	if (read_only_fs(dir)) {
		state = -2;
		*failed = 1;
		return NULL;
	}
	if (make_dir(dir))
		return NULL; /* perhaps a passing problem: not remembered */
	if (lstat(dir, &st)) {
		log_error("Cannot read the lock folder %s: %s.", dir, strerror(errno));
		return NULL;
	}
	if (lock_dir_check(&st, geteuid(), &why)) {
		log_error("Refusing the lock folder %s: %s.", dir, why.buf);
		state = -1; /* said once; each later lock fails without a word */
	} else {
		state = 1;
	}
	strbuf_release(&why);
	return state > 0 ? dir : NULL;
}

/* ---- waiting, until SIGINT or SIGTERM ---- */

static const int wait_signals[] = {SIGINT, SIGTERM};
#define N_WAIT_SIGNALS (sizeof(wait_signals) / sizeof(wait_signals[0]))

static volatile sig_atomic_t caught, armed;
static sigjmp_buf wait_env;
/* A wait was interrupted: the command is ending (see lock.h). */
static int interrupted;

static void on_wait_signal(int sig)
{
	caught = sig;
	/* Out of flock() at once; also out of the instant between the check
	 * of `caught` and flock() entering the kernel, where a signal would
	 * otherwise only be seen once the lock came. */
	if (armed)
		siglongjmp(wait_env, 1);
}

/* flock(fd, op) for as long as it takes, unless SIGINT or SIGTERM comes:
 * 0 (locked), -1 (errno says why) or the number of the signal.  The
 * program's own handling of the two signals is set back afterwards: a
 * signal the program ignores (SIGINT, for a command started in the
 * background of a script) is ignored during the wait too, and one it
 * handles itself (the monitor's loop, which ends on it) is passed on to
 * its handler after the wait ended. */
static int wait_flock(int fd, int op, const char *what)
{
	struct sigaction act, old[N_WAIT_SIGNALS];
	volatile int r = -1, err = 0;
	int sig;

	memset(&act, 0, sizeof(act));
	act.sa_handler = on_wait_signal;
	sigemptyset(&act.sa_mask);
	for (size_t i = 0; i < N_WAIT_SIGNALS; i++)
		sigaddset(&act.sa_mask, wait_signals[i]);
	act.sa_flags = 0; /* no SA_RESTART: the wait is what must end */
	caught = 0;
	for (size_t i = 0; i < N_WAIT_SIGNALS; i++) {
		sigaction(wait_signals[i], NULL, &old[i]);
		if (old[i].sa_handler != SIG_IGN)
			sigaction(wait_signals[i], &act, NULL);
	}
	/* after the handlers are in place: a test may signal on this line */
	log_verbose("Waiting for %s.", what);
	if (!sigsetjmp(wait_env, 1)) {
		armed = 1;
		while (!caught && (r = flock(fd, op)) && errno == EINTR)
			; /* another signal's handler, without SA_RESTART */
		err = errno;
		armed = 0;
	}
	armed = 0;
	sig = caught;
	for (size_t i = 0; i < N_WAIT_SIGNALS; i++) {
		if (old[i].sa_handler != SIG_IGN)
			sigaction(wait_signals[i], &old[i], NULL);
		if (sig == wait_signals[i] &&
		    ((old[i].sa_flags & SA_SIGINFO) || old[i].sa_handler != SIG_DFL))
			raise(sig);
	}
	if (sig)
		return sig;
	errno = err;
	return r;
}

/* The locks held, by handle: lvm2's release needs the path. */
#define MAX_HELD 8
static struct held {
	int fd;
	char *path;
} held[MAX_HELD];

static int same_inode(const char *path, int fd)
{
	struct stat a, b;
	return !stat(path, &a) && !fstat(fd, &b) && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

/* lvm2's _undo_flock: unlock, and remove the file if nobody else holds or
 * waits on it. */
static void undo_flock(const char *path, int fd)
{
	flock(fd, LOCK_UN | LOCK_NB);
	if (!flock(fd, LOCK_EX | LOCK_NB) && same_inode(path, fd) && unlink(path) &&
	    errno != ENOENT)
		log_debug("Cannot remove the lock file %s: %s.", path, strerror(errno));
	close(fd);
}

/* Open and flock `path` (`op`: LOCK_SH or LOCK_EX) until the lock is on
 * the file the path names.  The fd, or -1 after logging (`what`: for the
 * messages). */
static int flock_file(const char *path, int op, const char *what)
{
	for (;;) {
		int fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
		int r;

		if (fd < 0) {
			log_error("Cannot open the lock file %s: %s.", path, strerror(errno));
			return -1;
		}
		/* the signal handlers only for a wait: most locks are free */
		while ((r = flock(fd, op | LOCK_NB)) && errno == EINTR)
			;
		if (r && errno == EWOULDBLOCK && !wait_for_locks) {
			log_error("Cannot take %s: it is held by another command and "
			          "global/wait_for_locks is 0.",
			          what);
			close(fd);
			return -1;
		}
		if (r && errno == EWOULDBLOCK)
			r = wait_flock(fd, op, what);
		if (r > 0) {
			log_error("Interrupted while waiting for %s.", what);
			interrupted = 1;
		} else if (r) {
			log_error("Cannot lock %s: %s.", path, strerror(errno));
		}
		if (r) {
			close(fd);
			return -1;
		}
		if (same_inode(path, fd))
			return fd;
		/* removed (or replaced) by its last holder meanwhile */
		log_debug("Lock file %s was replaced while waiting; locking it again.", path);
		close(fd);
	}
}

static int take(const char *name, const char *what, enum lock_mode mode)
{
	struct strbuf path = STRBUF_INIT, aux = STRBUF_INIT;
	int op = mode == LOCK_EXCLUSIVE_MODE ? LOCK_EX : LOCK_SH;
	int slot = -1, fd = -1, aux_fd = -1, failed = 0;
	const char *dir;

	/* the wait that ended said so; nothing more is to start */
	if (interrupted)
		return -1;
	for (int i = 0; i < MAX_HELD && slot < 0; i++)
		if (!held[i].path)
			slot = i;
	if (slot < 0)
		fatal_bug("more than %d locks held at once", MAX_HELD);
	if (no_locking || (!(dir = lock_dir(&failed)) && failed && ignore_failure)) {
		/* held without a file, as lvm2 grants it */
		if (!no_locking && mode == LOCK_EXCLUSIVE_MODE && !activating) {
			log_error("Cannot take %s for a change: file locking failed.", what);
			return -1;
		}
		held[slot].fd = -1;
		held[slot].path = xstrdup("");
		return slot;
	}
	if (!dir)
		return -1;
	strbuf_addf(&path, "%s/%s", dir, name);
	if (write_priority) {
		strbuf_addf(&aux, "%s:aux", path.buf);
		if ((aux_fd = flock_file(aux.buf, LOCK_EX, what)) < 0)
			goto out;
		if (op == LOCK_SH)
			undo_flock(aux.buf, aux_fd);
	}
	fd = flock_file(path.buf, op, what);
	if (write_priority && op == LOCK_EX)
		undo_flock(aux.buf, aux_fd);
	if (fd >= 0) {
		log_debug("Locked %s (%s).", path.buf,
		          mode == LOCK_EXCLUSIVE_MODE ? "exclusive" : "shared");
		held[slot].fd = fd;
		held[slot].path = strbuf_detach(&path, NULL);
	}
out:
	strbuf_release(&path);
	strbuf_release(&aux);
	return fd >= 0 ? slot : -1;
}

int lock_global(enum lock_mode mode)
{
	return take("P_global", "the global lock", mode);
}

int lock_vg(const char *vg_name, enum lock_mode mode)
{
	struct strbuf name = STRBUF_INIT, what = STRBUF_INIT;
	int r;
	/* VG names cannot contain '/', so the name is a safe file name */
	strbuf_addf(&name, "V_%s", vg_name);
	strbuf_addf(&what, "the lock on volume group %s", vg_name);
	r = take(name.buf, what.buf, mode);
	strbuf_release(&what);
	strbuf_release(&name);
	return r;
}

void lock_release(int handle)
{
	if (handle < 0 || handle >= MAX_HELD || !held[handle].path)
		return;
	if (held[handle].fd >= 0)
		undo_flock(held[handle].path, held[handle].fd);
	free(held[handle].path);
	held[handle].path = NULL;
}

void lock_close_inherited(void)
{
	for (int i = 0; i < MAX_HELD; i++)
		if (held[i].path) {
			if (held[i].fd >= 0)
				close(held[i].fd);
			free(held[i].path);
			held[i].path = NULL;
		}
}
