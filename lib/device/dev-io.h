/* Reading and writing PVs: block devices or regular (image) files.
 *
 * (Folder lib/device: devices as the kernel shows them: discovery and
 * filters, signatures (libblkid), claimed I/O, loop devices.  It knows
 * nothing of labels or VGs.)
 *
 * Every write goes through dev_write(), which is also where tests inject
 * crashes: in the test build (misc/test-hooks.h), with
 * VGTOOL_TEST_CRASH_AFTER_WRITE=N in the environment the process stops
 * dead (_exit, no cleanup) right after its Nth write has reached the disk,
 * so a test can check that the metadata reads back as either the old or
 * the new version for every N. */
#ifndef VGTOOL_DEV_IO_H
#define VGTOOL_DEV_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct device {
	char *path;
	int fd;
	int writable;
	int is_file;   /* a regular file used as a disk image */
	uint64_t size; /* bytes */
	dev_t rdev;    /* block devices: major:minor; 0 for files */
	/* Block devices are read and written with O_DIRECT, as lvm2 does, in
	 * whole logical blocks of this many bytes: what a read returns is
	 * what the device holds now (a disk that started failing, or another
	 * host's write, never hides behind the page cache), and a write error
	 * is the write's own.  0: buffered I/O (image files). */
	unsigned direct_block;
};

enum dev_open_flags {
	DEV_RW = 1 << 0,    /* read-write (ignored in test mode); see below */
	DEV_QUIET = 1 << 1, /* failing to open is not worth a message */
};
/* Open a device or image file.  Returns 0, or -1 after logging why
 * (unless DEV_QUIET).  DEV_RW on a block device claims it exclusively
 * (O_EXCL), as dev_reopen_rw() with no VG does. */
int dev_open(struct device *dev, const char *path, unsigned flags);
/* The logical block size of the block device at `path` (BLKSSZGET), or 0
 * for anything else (an image file) or when it cannot be learnt. */
unsigned dev_logical_block_size(const char *path);

/* Reopen read-write (for a device first opened while scanning).
 *
 * Nothing is ever written to a block device someone else is using: the
 * open claims the device exclusively (O_EXCL), which the kernel refuses
 * while it is mounted, active swap, under a dm device or md array, or open
 * O_EXCL by another program, and the claim lasts while the device stays
 * open, so nobody can mount it between the check and the writes.  The one
 * user allowed besides us is the VG's own LVs: with `vg_id` (a PV of that
 * VG getting new metadata, or zeroes at an extent of its LV) a device held
 * only by dm devices whose uuid starts "LVM-<vg_id>" is opened without the
 * claim, and a free one is checked but not kept claimed (the VG's LVs are
 * loaded onto it next, and dm claims it then).  A refusal is one line that says who holds the
 * device.  Image files are not claimed (the kernel has no such notion for them). */
int dev_reopen_rw(struct device *dev, const char *vg_id);
/* Close a read-only device's descriptor until its next read: a scanned
 * PV's open descriptor would count as a holder of its device, and a PV on
 * an LV of another VG would make that LV look in use (lvremove, vgchange
 * -an) to the command that scanned it. */
void dev_park(struct device *dev);
void dev_close(struct device *dev);

/* Exact reads/writes at a byte offset; 0 or -1 (logged, naming the
 * device).  Any offset and length: on an O_DIRECT device the blocks around
 * them are read and written whole. */
int dev_read(struct device *dev, uint64_t offset, void *buf, size_t len);
int dev_write(struct device *dev, uint64_t offset, const void *buf, size_t len);
/* Make the writes so far durable. */
int dev_flush(struct device *dev);
/* While on, a failing dev_read/dev_write/dev_flush logs only at verbose
 * level: the caller words the outcome itself (a scan for which an
 * unreadable device is simply not a PV; a commit that names the device it
 * could not update).  The failure's text, "Write error on DEV at N: why"
 * (no final period), stays in dev_last_error() until the next one. */
void dev_quiet_errors(int on);
const char *dev_last_error(void);
/* -t/--test: from now on dev_write() and dev_flush() only log what they
 * would do; opening read-write is not even attempted. */
void dev_set_test_mode(int on);
int dev_test_mode(void);
/* Number of dev_write() calls that succeeded in this process. */
unsigned long dev_write_count(void);

#endif
