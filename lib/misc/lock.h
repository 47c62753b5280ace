/* Serialising commands, with lvm2's own lock files and protocol so that
 * vgtool and lvm2 exclude each other: flock() on V_<vg> and P_global in
 * lvm2's global/locking_dir (/run/lock/lvm; users other than root keep a
 * private folder; $VGTOOL_LOCK_DIR overrides, for tests).  Readers take a
 * VG's lock shared, writers exclusive, and so do activation changes
 * (vgchange and lvchange -ay/-an plan against the kernel's state, which
 * must not change under them: lvm2 also holds V_<vg> exclusively there).
 * Changes to which devices are PVs or which VG names exist also take the
 * global lock, always before any VG lock.  Locks are released on unlock
 * or when the process exits, so a crashed command never leaves one
 * behind (a lock file left over is harmless: lvm2 leaves them too). */
#ifndef VGTOOL_LOCK_H
#define VGTOOL_LOCK_H

#include <sys/types.h>

struct stat;
struct strbuf;

enum lock_mode { LOCK_SHARED_MODE, LOCK_EXCLUSIVE_MODE };

#define LOCK_DIR_LVM2 "/run/lock/lvm" /* lvm2's global/locking_dir on Debian */

/* lvm2's settings: global/locking_dir (NULL: the default), and
 * global/wait_for_locks (0: a lock held elsewhere fails at once, with one
 * line) and global/prioritise_write_locks (1: lvm2's "FILE:aux" protocol).
 * Before the first lock; the defaults are lvm2's. */
void lock_configure(const char *locking_dir, int wait_for_locks, int prioritise_write_locks);

/* When lock files cannot or must not be used, as lvm2's options say:
 * `nolocking` (--nolocking, global/locking_type 0): every lock is granted
 * without a file.  Otherwise a lock folder on a read-only file system
 * fails the command ("File locking initialisation failed."), unless
 * `ignore_failure` (--ignorelockingfailure, --sysinit): then shared locks
 * are granted without a file, and exclusive ones only to an `activating`
 * command (vgchange/lvchange -a); `quiet` (--sysinit) drops the line.
 * Before the first lock. */
void lock_set_mode(int nolocking, int ignore_failure, int quiet, int activating);

/* Returns a lock handle (>= 0) or -1 after logging.  Blocks until the
 * lock is granted, or until SIGINT or SIGTERM ends the wait: then -1
 * after one line ("Interrupted while waiting for the lock on volume group
 * VG."), and the command is taken to be ending: every later request in
 * this process fails at once, without another line.  Signals the program
 * ignores stay ignored, and one it handles itself still reaches its
 * handler. */
int lock_global(enum lock_mode mode);
int lock_vg(const char *vg_name, enum lock_mode mode);
void lock_release(int handle);
/* In a child after fork(): close the descriptors of the locks inherited,
 * leaving the locks to the parent (a flock belongs to the open file the
 * two share: unlocking here would unlock there). */
void lock_close_inherited(void);

/* The lock folder of a user when neither $VGTOOL_LOCK_DIR nor (for root)
 * global/locking_dir is set: root's /run/lock/lvm, else
 * $XDG_RUNTIME_DIR/vgtool (runtime_dir: its value, may be NULL), else
 * /tmp/vgtool-lock-UID.  Allocated. */
char *lock_dir_default(uid_t uid, const char *runtime_dir);
/* May that folder (`st`: its lstat) hold the locks of `uid`?  0 when it is
 * a folder, not a symbolic link, of that user, that no one else can write
 * to; else -1 and the reason ("it is a symbolic link") added to `why`. */
int lock_dir_check(const struct stat *st, uid_t uid, struct strbuf *why);

#endif
