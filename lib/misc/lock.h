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

enum lock_mode { LOCK_SHARED_MODE, LOCK_EXCLUSIVE_MODE };

/* Returns a lock handle (>= 0) or -1 after logging.  Blocks until the
 * lock is granted. */
int lock_global(enum lock_mode mode);
int lock_vg(const char *vg_name, enum lock_mode mode);
void lock_release(int handle);

#endif
