/* The filesystem on an LV: its plan of resize, its type, its mount point
 * (see filesystem.h). */
#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "device/filesystem.h"
#include "misc/log.h"
#include "misc/xalloc.h"

enum fs_family fs_family_of(const char *type)
{
	if (!type || !*type)
		return FS_FAMILY_NONE;
	/* fsadm's `ext[234]`: exactly these three names */
	if (!strcmp(type, "ext2") || !strcmp(type, "ext3") || !strcmp(type, "ext4"))
		return FS_FAMILY_EXT;
	if (!strcmp(type, "xfs"))
		return FS_FAMILY_XFS;
	return FS_FAMILY_OTHER;
}

static void add_step(struct fs_plan *p, enum fs_step step)
{
	if (p->n_steps < FS_PLAN_MAX_STEPS)
		p->steps[p->n_steps++] = step;
}

static enum fs_refusal fs_refusal_of(const struct fs_situation *s, enum fs_family family)
{
	/* lvm2 asks for an active LV before fsadm looks at anything */
	if (!s->active)
		return FS_REFUSE_INACTIVE;
	if (family == FS_FAMILY_NONE)
		return FS_REFUSE_NO_FS;
	if (family == FS_FAMILY_OTHER)
		return FS_REFUSE_UNSUPPORTED;
	/* fsadm refuses an XFS shrink mounted or not, so that comes before
	 * the mount state */
	if (family == FS_FAMILY_XFS && s->dir == FS_SHRINK)
		return FS_REFUSE_XFS_SHRINK;
	/* fsadm would offer to unmount it (and mount it back); vgtool
	 * leaves mounts to their owner and refuses instead */
	if (family == FS_FAMILY_EXT && s->dir == FS_SHRINK && s->mounted)
		return FS_REFUSE_MOUNTED_SHRINK;
	/* fsadm mounts an unmounted XFS on a temporary directory; vgtool
	 * mounts nothing */
	if (family == FS_FAMILY_XFS && !s->mounted)
		return FS_REFUSE_XFS_UNMOUNTED;
	return FS_REFUSE_NONE;
}

void fs_plan_resize(const struct fs_situation *s, struct fs_plan *out)
{
	memset(out, 0, sizeof(*out));
	out->family = fs_family_of(s->type);
	out->refusal = fs_refusal_of(s, out->family);
	if (out->refusal)
		return;
	/* lvm2 checks an unmounted filesystem before any change, growing
	 * too: resize2fs refuses to resize offline a filesystem mounted
	 * since its last full check.  A mounted one is not checked (fsadm's
	 * check answers "mounted" and lvm2 goes on). */
	if (out->family == FS_FAMILY_EXT && !s->mounted && !s->nofsck)
		add_step(out, FS_STEP_CHECK);
	/* growing: the filesystem can only use space the device already
	 * has; shrinking: the LV may only lose what the filesystem gave up */
	if (s->dir == FS_SHRINK)
		add_step(out, FS_STEP_RESIZE);
	/* at the same size too: lvm2 then says the size is unchanged and
	 * resizes the filesystem to fill the LV */
	add_step(out, FS_STEP_LV);
	if (s->dir != FS_SHRINK)
		add_step(out, FS_STEP_RESIZE);
}

const char *fs_step_program(enum fs_family family, enum fs_step step)
{
	switch (step) {
	case FS_STEP_CHECK:
		return family == FS_FAMILY_EXT ? "e2fsck" : NULL;
	case FS_STEP_RESIZE:
		return family == FS_FAMILY_EXT   ? "resize2fs"
		       : family == FS_FAMILY_XFS ? "xfs_growfs"
		                                 : NULL;
	case FS_STEP_LV:
		break;
	}
	return NULL;
}

/* Append the mountinfo field at `p` (up to a space or the end of the
 * line), decoding the kernel's \ooo escapes of space, tab, newline and
 * backslash. */
static void add_unescaped(struct strbuf *sb, const char *p, const char *end)
{
	while (p < end && *p != ' ' && *p != '\n') {
		if (*p == '\\' && end - p >= 4 && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' &&
		    p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
			strbuf_addch(sb, (p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 4;
		} else {
			strbuf_addch(sb, *p++);
		}
	}
}

/* The start of field `n` (0-based) of the line [p, end), or NULL. */
static const char *field_at(const char *p, const char *end, int n)
{
	while (n-- > 0) {
		while (p < end && *p != ' ')
			p++;
		if (p >= end)
			return NULL;
		p++;
	}
	return p < end ? p : NULL;
}

int mountinfo_find(const char *text, unsigned major, unsigned minor, struct strbuf *mount_point)
{
	const char *line = text;

	/* "36 35 98:0 /root /mnt/point rw,... - ext4 /dev/x rw": the third
	 * field is the device number, the fifth the mount point */
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		const char *end = nl ? nl : line + strlen(line);
		const char *dev = field_at(line, end, 2);
		unsigned long ma, mi;
		char *after;

		if (dev) {
			errno = 0;
			ma = strtoul(dev, &after, 10);
			if (!errno && after < end && *after == ':' && after > dev) {
				const char *m = after + 1;
				mi = strtoul(m, &after, 10);
				if (!errno && after > m && after < end && *after == ' ' &&
				    ma == major && mi == minor) {
					const char *mp = field_at(line, end, 4);
					if (mp) {
						add_unescaped(mount_point, mp, end);
						return 1;
					}
				}
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

int fs_probe_type(const char *path, char **type)
{
	blkid_probe pr;
	const char *value = NULL;
	int fd, r;

	*type = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("Cannot open %s: %s.", path, strerror(errno));
		return -1;
	}
	pr = blkid_new_probe();
	if (!pr || blkid_probe_set_device(pr, fd, 0, 0)) {
		log_error("Cannot probe %s for a filesystem.", path);
		if (pr)
			blkid_free_probe(pr);
		close(fd);
		return -1;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	/* the safe probe answers nothing for conflicting signatures, as
	 * the blkid command fsadm runs does */
	r = blkid_do_safeprobe(pr);
	if (r == 0 && !blkid_probe_lookup_value(pr, "TYPE", &value, NULL) && value)
		*type = xstrdup(value);
	blkid_free_probe(pr);
	close(fd);
	if (r == -1) {
		log_error("Cannot probe %s for a filesystem.", path);
		return -1;
	}
	return 0;
}

int fs_mount_point(unsigned major, unsigned minor, struct strbuf *mount_point)
{
	struct strbuf text = STRBUF_INIT;
	int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC), r = -1;

	if (fd < 0) {
		log_error("Cannot read /proc/self/mountinfo: %s.", strerror(errno));
		return -1;
	}
	for (;;) {
		ssize_t n;
		strbuf_grow(&text, 4096);
		n = read(fd, text.buf + text.len, text.alloc - text.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_error("Cannot read /proc/self/mountinfo: %s.", strerror(errno));
			goto out;
		}
		if (!n)
			break;
		strbuf_setlen(&text, text.len + (size_t)n);
	}
	r = mountinfo_find(text.buf, major, minor, mount_point);
out:
	close(fd);
	strbuf_release(&text);
	return r;
}
