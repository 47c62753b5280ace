/* Reading and writing PVs: block devices or regular (image) files.
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
};

enum dev_open_flags {
	DEV_RW = 1 << 0,    /* read-write (ignored in test mode) */
	DEV_QUIET = 1 << 1, /* failing to open is not worth a message */
};
/* Open a device or image file.  Returns 0, or -1 after logging why
 * (unless DEV_QUIET). */
int dev_open(struct device *dev, const char *path, unsigned flags);
/* Reopen read-write (for a device first opened while scanning). */
int dev_reopen_rw(struct device *dev);
void dev_close(struct device *dev);

/* Exact reads/writes at a byte offset; 0 or -1 (logged). */
int dev_read(struct device *dev, uint64_t offset, void *buf, size_t len);
int dev_write(struct device *dev, uint64_t offset, const void *buf, size_t len);
/* Make the writes so far durable. */
int dev_flush(struct device *dev);
/* -t/--test: from now on dev_write() and dev_flush() only log what they
 * would do; opening read-write is not even attempted. */
void dev_set_test_mode(int on);
int dev_test_mode(void);
/* Number of dev_write() calls that succeeded in this process. */
unsigned long dev_write_count(void);

#endif
