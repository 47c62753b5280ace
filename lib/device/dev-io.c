/* PV I/O: pread/pwrite with retries on short transfers, fdatasync for
 * durability.  Block devices are opened O_EXCL when written so that a
 * mounted filesystem or an active dm device on them refuses the open, as
 * lvm2 does for pvcreate. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "device/dev-io.h"
#include "misc/log.h"
#include "misc/test-hooks.h"
#include "misc/xalloc.h"

static unsigned long write_count;
static int test_mode;

void dev_set_test_mode(int on)
{
	test_mode = on;
}

int dev_test_mode(void)
{
	return test_mode;
}

int dev_open(struct device *dev, const char *path, unsigned flags)
{
	struct stat st;
	int writable = (flags & DEV_RW) != 0;
	memset(dev, 0, sizeof(*dev));
	dev->fd = -1;
	if (test_mode)
		writable = 0;
	dev->fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (dev->fd < 0) {
		if (!(flags & DEV_QUIET))
			log_error("Cannot open %s: %s.", path, strerror(errno));
		return -1;
	}
	if (fstat(dev->fd, &st)) {
		log_error("Cannot stat %s: %s.", path, strerror(errno));
		goto fail;
	}
	if (S_ISREG(st.st_mode)) {
		dev->is_file = 1;
		dev->size = (uint64_t)st.st_size;
	} else if (S_ISBLK(st.st_mode)) {
		dev->rdev = st.st_rdev;
		if (ioctl(dev->fd, BLKGETSIZE64, &dev->size)) {
			log_error("Cannot get the size of %s: %s.", path, strerror(errno));
			goto fail;
		}
	} else {
		log_error("%s is neither a block device nor a regular file.", path);
		goto fail;
	}
	dev->path = xstrdup(path);
	dev->writable = writable;
	return 0;
fail:
	close(dev->fd);
	dev->fd = -1;
	return -1;
}

int dev_reopen_rw(struct device *dev)
{
	int fd;
	if (dev->writable || test_mode)
		return 0;
	fd = open(dev->path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		log_error("Cannot open %s for writing: %s.", dev->path, strerror(errno));
		return -1;
	}
	close(dev->fd);
	dev->fd = fd;
	dev->writable = 1;
	return 0;
}

void dev_close(struct device *dev)
{
	if (dev->fd >= 0)
		close(dev->fd);
	dev->fd = -1;
	free(dev->path);
	dev->path = NULL;
}

int dev_read(struct device *dev, uint64_t offset, void *buf, size_t len)
{
	size_t done = 0;
	if (offset > dev->size || len > dev->size - offset) {
		log_error("Read of %zu bytes at %llu is beyond the end of %s.", len,
		          (unsigned long long)offset, dev->path);
		return -1;
	}
	while (done < len) {
		ssize_t n = pread(dev->fd, (char *)buf + done, len - done, (off_t)(offset + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("Read error on %s at %llu: %s.", dev->path,
			          (unsigned long long)(offset + done),
			          n < 0 ? strerror(errno) : "unexpected end of device");
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

#ifdef VGTOOL_TEST_HOOKS
/* The crash-injection hook (see dev-io.h): the write just made must be on
 * the disk before we "crash" after it. */
static void maybe_crash_after_write(struct device *dev)
{
	static long limit = -2;
	if (limit == -2)
		limit = test_hook_number("VGTOOL_TEST_CRASH_AFTER_WRITE");
	if (limit < 0)
		return;
	fdatasync(dev->fd);
	if ((long)write_count >= limit)
		_exit(99);
}
#else
/* The installed binary has no test hooks (misc/test-hooks.h). */
static void maybe_crash_after_write(struct device *dev)
{
	(void)dev;
}
#endif

int dev_write(struct device *dev, uint64_t offset, const void *buf, size_t len)
{
	size_t done = 0;
	if (test_mode) {
		log_verbose("Test mode: not writing %zu bytes at %llu of %s.", len,
		            (unsigned long long)offset, dev->path);
		return 0;
	}
	if (offset > dev->size || len > dev->size - offset) {
		log_error("Write of %zu bytes at %llu is beyond the end of %s.", len,
		          (unsigned long long)offset, dev->path);
		return -1;
	}
	while (done < len) {
		ssize_t n =
		    pwrite(dev->fd, (const char *)buf + done, len - done, (off_t)(offset + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("Write error on %s at %llu: %s.", dev->path,
			          (unsigned long long)(offset + done),
			          n < 0 ? strerror(errno) : "no progress");
			return -1;
		}
		done += (size_t)n;
	}
	write_count++;
	maybe_crash_after_write(dev);
	return 0;
}

int dev_flush(struct device *dev)
{
	if (test_mode)
		return 0;
	if (fdatasync(dev->fd)) {
		log_error("Cannot flush %s: %s.", dev->path, strerror(errno));
		return -1;
	}
	return 0;
}

unsigned long dev_write_count(void)
{
	return write_count;
}
