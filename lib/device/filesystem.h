/* The filesystem on an LV, for `lvextend/lvreduce/lvresize -r`: what it
 * is (libblkid), where it is mounted (/proc/self/mountinfo), and the plan
 * of a resize with it, in the order lvm2 2.03.16 (through fsadm) follows:
 * growing, the LV first and then the filesystem; shrinking, the
 * filesystem first and then the LV.  vgtool never writes a filesystem
 * structure itself: each filesystem step is its own tool (e2fsck,
 * resize2fs, xfs_growfs), run by tools/resizefs.c.
 *
 * The plan is a pure function of the situation, so every refusal (what
 * the filesystem cannot do) is decided, and told, before anything
 * changes. */
#ifndef VGTOOL_FILESYSTEM_H
#define VGTOOL_FILESYSTEM_H

#include <stddef.h>

#include "misc/strbuf.h"

/* The filesystems -r knows, as fsadm sorts them. */
enum fs_family {
	FS_FAMILY_NONE,  /* no signature at all */
	FS_FAMILY_EXT,   /* ext2, ext3, ext4: resize2fs */
	FS_FAMILY_XFS,   /* xfs_growfs, grow only */
	FS_FAMILY_OTHER, /* a signature fsadm does not support (swap, vfat, btrfs...) */
};

/* blkid's TYPE (NULL or "" for none) to a family; fsadm's ext[234]. */
enum fs_family fs_family_of(const char *type);

enum fs_direction { FS_GROW, FS_SAME, FS_SHRINK };

enum fs_step {
	FS_STEP_CHECK,  /* e2fsck -f -p on the unmounted filesystem */
	FS_STEP_LV,     /* the LV's own resize (metadata and kernel) */
	FS_STEP_RESIZE, /* resize2fs DEV SIZE, or xfs_growfs MOUNTPOINT */
};

/* Why a resize with the filesystem is refused before any change. */
enum fs_refusal {
	FS_REFUSE_NONE = 0,
	FS_REFUSE_INACTIVE,       /* no device to look at: lvm2's "must be activated" */
	FS_REFUSE_NO_FS,          /* nothing blkid recognises */
	FS_REFUSE_UNSUPPORTED,    /* a type fsadm does not resize */
	FS_REFUSE_XFS_SHRINK,     /* XFS cannot shrink at all */
	FS_REFUSE_MOUNTED_SHRINK, /* ext shrinks only unmounted; vgtool never unmounts */
	FS_REFUSE_XFS_UNMOUNTED,  /* xfs_growfs works on a mount point only */
};

struct fs_situation {
	const char *type; /* blkid's TYPE, NULL when none */
	int active;       /* the LV has a device */
	int mounted;      /* that device is mounted (mountinfo, by device number) */
	enum fs_direction dir;
	int nofsck; /* -n/--nofsck: no check before the resize */
};

#define FS_PLAN_MAX_STEPS 3

struct fs_plan {
	enum fs_refusal refusal; /* FS_REFUSE_NONE: steps[] is the plan */
	enum fs_family family;
	size_t n_steps;
	enum fs_step steps[FS_PLAN_MAX_STEPS];
};

/* The steps of a resize with the filesystem, or the first refusal in the
 * order lvm2 meets them (the device before the type, the type before
 * what it allows).  FS_STEP_LV is there at the same size too (FS_SAME:
 * lvm2 then leaves the LV and resizes the filesystem to fill it). */
void fs_plan_resize(const struct fs_situation *s, struct fs_plan *out);

/* The program a step of a family runs ("e2fsck", "resize2fs",
 * "xfs_growfs"); NULL for FS_STEP_LV. */
const char *fs_step_program(enum fs_family family, enum fs_step step);

/* The first line of mountinfo `text` (/proc/self/mountinfo's format) for
 * device major:minor: its mount point (octal escapes such as \040
 * decoded) appended to `mount_point`.  1 when found, else 0. */
int mountinfo_find(const char *text, unsigned major, unsigned minor, struct strbuf *mount_point);

/* blkid's TYPE of the filesystem on `path` (malloc'd into *type, NULL
 * when there is none or blkid finds conflicting signatures, as
 * `blkid -s TYPE` answers nothing then).  0, or -1 (logged) when the
 * device cannot be read. */
int fs_probe_type(const char *path, char **type);

/* Where device major:minor is mounted in this process's namespace
 * (/proc/self/mountinfo): 1 with the mount point appended, 0 when not
 * mounted, -1 (logged) when mountinfo cannot be read. */
int fs_mount_point(unsigned major, unsigned minor, struct strbuf *mount_point);

#endif
