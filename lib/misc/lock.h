/* Serialising commands: flock() on files under /run/lock/vgtool
 * ($VGTOOL_LOCK_DIR overrides, for tests).  Readers take a VG's lock
 * shared, writers exclusive, and so do activation changes (vgchange and
 * lvchange -ay/-an plan against the kernel's state, which must not change
 * under them: lvm2 also holds V_<vg> exclusively there).  PV label changes
 * (pvcreate, pvremove, and anything moving PVs between VGs) also take the
 * global lock.  Locks are released on unlock or when the process exits, so
 * a crashed command never leaves one behind. */
#ifndef VGTOOL_LOCK_H
#define VGTOOL_LOCK_H

#include <sys/types.h>

struct stat;
struct strbuf;

enum lock_mode { LOCK_SHARED_MODE, LOCK_EXCLUSIVE_MODE };

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

/* The lock folder of a user when $VGTOOL_LOCK_DIR is not set: root's
 * /run/lock/vgtool, else $XDG_RUNTIME_DIR/vgtool (runtime_dir: its value,
 * may be NULL), else /tmp/vgtool-lock-UID.  Allocated. */
char *lock_dir_default(uid_t uid, const char *runtime_dir);
/* May that folder (`st`: its lstat) hold the locks of `uid`?  0 when it is
 * a folder, not a symbolic link, of that user, that no one else can write
 * to; else -1 and the reason ("it is a symbolic link") added to `why`. */
int lock_dir_check(const struct stat *st, uid_t uid, struct strbuf *why);

#endif
