/* PV I/O: pread/pwrite with retries on short transfers, fdatasync for
 * durability; O_DIRECT on block devices (dev-io.h).  Block devices are claimed (O_EXCL) when
 * written, so that a mounted filesystem, swap or a foreign dm device on them refuses the open, as
 * lvm2 does (see dev_reopen_rw in dev-io.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>
#include <unistd.h>

#include "device/dev-io.h"
#include "device/discovery.h"
#include "misc/log.h"
#include "misc/strbuf.h"
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

/* Who holds block device `rdev`, after the kernel refused to let us claim
 * it.  Returns 1 when every holder is a dm device of VG `vg_id` (then the
 * device may be written unclaimed), else 0 with `why` set to a phrase
 * naming the user: a holder (dm device or md array), the mount point, swap. */
static int busy_reason(dev_t rdev, const char *vg_id, struct strbuf *why)
{
	char dir[96], uuid[256], name[256];
	size_t own = 0, foreign = 0;
	struct dirent *e;
	DIR *d;
	FILE *f;

	snprintf(dir, sizeof(dir), "/sys/dev/block/%u:%u/holders", major(rdev), minor(rdev));
	if ((d = opendir(dir))) {
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			dev_sys_attr(e->d_name, "dm/uuid", uuid, sizeof(uuid));
			if (vg_id && !strncmp(uuid, "LVM-", 4) &&
			    !strncmp(uuid + 4, vg_id, strlen(vg_id))) {
				own++;
				continue;
			}
			dev_sys_attr(e->d_name, "dm/name", name, sizeof(name));
			if (name[0])
				strbuf_addf(why, "%sheld by device-mapper device %s",
				            foreign ? ", " : "", name);
			else
				strbuf_addf(why, "%sheld by %s%s", foreign ? ", " : "",
				            strncmp(e->d_name, "md", 2) ? "" : "md array ",
				            e->d_name);
			foreign++;
		}
		closedir(d);
	}
	if (own && !foreign)
		return 1;
	if (foreign)
		return 0;
	/* No holder: a filesystem or swap has it, or a program opened it O_EXCL. */
	if ((f = fopen("/proc/self/mountinfo", "re"))) {
		char *line = NULL;
		size_t cap = 0;
		while (getline(&line, &cap, f) > 0) {
			unsigned ma, mi;
			char mnt[4096];
			if (sscanf(line, "%*s %*s %u:%u %*s %4095s", &ma, &mi, mnt) == 3 &&
			    ma == major(rdev) && mi == minor(rdev)) {
				strbuf_addf(why, "mounted on %s", mnt);
				break;
			}
		}
		free(line);
		fclose(f);
		if (why->len)
			return 0;
	}
	if ((f = fopen("/proc/swaps", "re"))) {
		char *line = NULL;
		size_t cap = 0;
		while (getline(&line, &cap, f) > 0) {
			struct stat st;
			line[strcspn(line, " \t\n")] = 0;
			if (line[0] == '/' && !stat(line, &st) && S_ISBLK(st.st_mode) &&
			    st.st_rdev == rdev) {
				strbuf_addstr(why, "it is active swap");
				break;
			}
		}
		free(line);
		fclose(f);
		if (why->len)
			return 0;
	}
	strbuf_addstr(why, "in use (a mounted filesystem on a partition, or a program that "
	                   "opened it exclusively?)");
	return 0;
}

/* open(2) for writing, claiming a block device as dev_reopen_rw describes;
 * -1 after logging. */
static int open_for_writing(const char *path, const char *vg_id)
{
	struct stat st;
	struct strbuf why = STRBUF_INIT;
	int fd = open(path, O_RDWR | O_CLOEXEC | O_EXCL);

	if (fd >= 0 && vg_id) {
		/* A PV of the VG: nobody else uses it, but the claim must not
		 * outlive the check, or the VG's own LVs could not be loaded
		 * onto it (dm claims the devices of a table the same way). */
		close(fd);
		fd = open(path, O_RDWR | O_CLOEXEC);
	}
	if (fd >= 0 || errno != EBUSY) {
		/* O_EXCL on a regular file without O_CREAT means nothing */
		if (fd < 0)
			log_error("Cannot open %s for writing: %s.", path, strerror(errno));
		return fd;
	}
	if (stat(path, &st) || !S_ISBLK(st.st_mode)) {
		log_error("Cannot open %s for writing: %s.", path, strerror(EBUSY));
		return -1;
	}
	if (busy_reason(st.st_rdev, vg_id, &why)) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			log_error("Cannot open %s for writing: %s.", path, strerror(errno));
	} else {
		log_error("Can't open %s exclusively: %s; not writing to it.", path, why.buf);
	}
	strbuf_release(&why);
	return fd;
}

/* Switch a block device's descriptor to O_DIRECT (struct device).  A
 * device that refuses it (none known) stays buffered: correct, only
 * blind to a failing disk behind cached pages. */
static void set_direct(struct device *dev)
{
	int bs = 0, fl = fcntl(dev->fd, F_GETFL);
	dev->direct_block = 0;
	if (fl < 0 || ioctl(dev->fd, BLKSSZGET, &bs) || bs < 512 || (bs & (bs - 1)))
		return;
	if (fcntl(dev->fd, F_SETFL, fl | O_DIRECT))
		return;
	dev->direct_block = (unsigned)bs;
}

unsigned dev_logical_block_size(const char *path)
{
	int bs = 0, fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return 0;
	if (ioctl(fd, BLKSSZGET, &bs) || bs < 512)
		bs = 0;
	close(fd);
	return (unsigned)bs;
}

int dev_open(struct device *dev, const char *path, unsigned flags)
{
	struct stat st;
	int writable = (flags & DEV_RW) != 0;
	memset(dev, 0, sizeof(*dev));
	dev->fd = -1;
	if (test_mode)
		writable = 0;
	if (writable) {
		dev->fd = open_for_writing(path, NULL);
		if (dev->fd < 0)
			return -1;
	} else
		dev->fd = open(path, O_RDONLY | O_CLOEXEC);
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
		set_direct(dev);
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

void dev_park(struct device *dev)
{
	if (dev->writable || dev->fd < 0)
		return;
	close(dev->fd);
	dev->fd = -1;
}

/* A parked device is opened again for its next read, as it was: read-only,
 * O_DIRECT if it had it, and the same device (a node that now names
 * another one is an error, not a silent switch). */
static int unpark(struct device *dev)
{
	struct stat st;
	int fd, fl;
	if (dev->fd >= 0)
		return 0;
	fd = open(dev->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("Cannot open %s: %s.", dev->path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || (dev->rdev && st.st_rdev != dev->rdev)) {
		log_error("%s is no longer the device the scan read.", dev->path);
		close(fd);
		return -1;
	}
	if (dev->direct_block &&
	    ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl | O_DIRECT))) {
		log_error("Cannot open %s for direct I/O again: %s.", dev->path, strerror(errno));
		close(fd);
		return -1;
	}
	dev->fd = fd;
	return 0;
}

int dev_reopen_rw(struct device *dev, const char *vg_id)
{
	int fd;
	if (dev->writable || test_mode)
		return 0;
	fd = open_for_writing(dev->path, vg_id);
	if (fd < 0)
		return -1;
	if (dev->fd >= 0)
		close(dev->fd);
	dev->fd = fd;
	dev->writable = 1;
	if (dev->rdev)
		set_direct(dev);
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

/* pread/pwrite all of `len` at `offset`; 0, or -1 with errno set (EIO
 * for a device that ends early) and *where at the failing byte. */
static int xfer(int fd, int writing, void *buf, size_t len, uint64_t offset, uint64_t *where)
{
	size_t done = 0;
	while (done < len) {
		ssize_t n = writing
		                ? pwrite(fd, (char *)buf + done, len - done, (off_t)(offset + done))
		                : pread(fd, (char *)buf + done, len - done, (off_t)(offset + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;
			*where = offset + done;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

/* The whole blocks around [offset, offset+len) of an O_DIRECT device, in
 * a buffer aligned for it. */
struct span {
	uint64_t start;
	size_t len;
	char *buf;
};

static void span_of(const struct device *dev, uint64_t offset, size_t len, struct span *sp)
{
	uint64_t b = dev->direct_block, end = offset + len;
	void *p;
	sp->start = offset & ~(b - 1);
	end = (end + b - 1) & ~(b - 1);
	sp->len = (size_t)(end - sp->start);
	if (posix_memalign(&p, b, sp->len))
		fatal_oom(sp->len);
	sp->buf = p;
}

static int aligned(const struct device *dev, uint64_t offset, const void *buf, size_t len)
{
	uint64_t b = dev->direct_block;
	return !((offset | len | (uintptr_t)buf) & (b - 1));
}

static int quiet_errors;
static char last_error[512];

void dev_quiet_errors(int on)
{
	quiet_errors = on;
}

const char *dev_last_error(void)
{
	return last_error;
}

static void io_error(const struct device *dev, int writing, uint64_t where)
{
	snprintf(last_error, sizeof(last_error), "%s error on %s at %llu: %s",
	         writing ? "Write" : "Read", dev->path, (unsigned long long)where, strerror(errno));
	if (quiet_errors)
		log_verbose("%s.", last_error);
	else
		log_error("%s.", last_error);
}

int dev_read(struct device *dev, uint64_t offset, void *buf, size_t len)
{
	struct span sp;
	uint64_t where;
	int r;
	if (offset > dev->size || len > dev->size - offset) {
		log_error("Read of %zu bytes at %llu is beyond the end of %s.", len,
		          (unsigned long long)offset, dev->path);
		return -1;
	}
	if (unpark(dev))
		return -1;
	if (!dev->direct_block || aligned(dev, offset, buf, len)) {
		if ((r = xfer(dev->fd, 0, buf, len, offset, &where)))
			io_error(dev, 0, where);
		return r;
	}
	span_of(dev, offset, len, &sp);
	if ((r = xfer(dev->fd, 0, sp.buf, sp.len, sp.start, &where)))
		io_error(dev, 0, where);
	else
		memcpy(buf, sp.buf + (offset - sp.start), len);
	free(sp.buf);
	return r;
}

#ifdef VGTOOL_TEST_HOOKS
/* The crash-injection hook (see dev-io.h): the write just made must be on
 * the disk before we "crash" after it.  And the fault hook: a command run
 * after the Nth write (misc/test-hooks.h), which starts a real fault the
 * following writes meet. */
static void maybe_crash_after_write(struct device *dev)
{
	static long limit = -2;
	const char *at = getenv("VGTOOL_TEST_AFTER_WRITE"), *colon;
	if (at && (colon = strchr(at, ':')) && strtol(at, NULL, 10) == (long)write_count) {
		fdatasync(dev->fd);
		if (system(colon + 1) != 0)
			log_warn("WARNING: test hook command failed: %s", colon + 1);
	}
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

/* The unaligned write on an O_DIRECT device: the partial blocks at either
 * end are read first and written back whole (the bytes around ours
 * unchanged). */
static int write_blocks(struct device *dev, uint64_t offset, const void *buf, size_t len,
                        uint64_t *where)
{
	struct span sp;
	uint64_t b = dev->direct_block;
	int r = 0;
	span_of(dev, offset, len, &sp);
	if (offset != sp.start)
		r = xfer(dev->fd, 0, sp.buf, b, sp.start, where);
	if (!r && (offset + len) % b && (sp.len > b || offset == sp.start))
		r = xfer(dev->fd, 0, sp.buf + sp.len - b, b, sp.start + sp.len - b, where);
	if (!r) {
		memcpy(sp.buf + (offset - sp.start), buf, len);
		r = xfer(dev->fd, 1, sp.buf, sp.len, sp.start, where);
	}
	free(sp.buf);
	return r;
}

int dev_write(struct device *dev, uint64_t offset, const void *buf, size_t len)
{
	uint64_t where;
	int r;
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
	if (!dev->direct_block || aligned(dev, offset, buf, len))
		r = xfer(dev->fd, 1, (void *)buf, len, offset, &where);
	else
		r = write_blocks(dev, offset, buf, len, &where);
	if (r) {
		/* (a failed read of the blocks around: still this write's
		 * failure, at the byte it could not do) */
		io_error(dev, 1, where);
		return -1;
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
		snprintf(last_error, sizeof(last_error), "Cannot flush %s: %s", dev->path,
		         strerror(errno));
		if (quiet_errors)
			log_verbose("%s.", last_error);
		else
			log_error("%s.", last_error);
		return -1;
	}
	return 0;
}

unsigned long dev_write_count(void)
{
	return write_count;
}
