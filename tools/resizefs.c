/* -r/--resizefs: the filesystem's own tools, run in the order the plan
 * (lib/device/filesystem.c) gives, as lvm2 2.03.16 runs them through
 * fsadm: `e2fsck -f -p DEV` before an offline ext resize, `resize2fs
 * [-f] DEV SIZE`, `xfs_growfs MOUNTPOINT`.  Nothing here writes to the
 * filesystem itself. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "activate/plan.h"
#include "device/discovery.h"
#include "misc/log.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/resizefs.h"

/* `name` in a directory of $PATH, as execvp would find it, or NULL.
 * Only PATH is searched: the tools are the administrator's to choose. */
static char *find_program(const char *name)
{
	const char *path = getenv("PATH"), *p;
	struct strbuf sb = STRBUF_INIT;

	if (!path || !*path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct stat st;
		strbuf_reset(&sb);
		/* an empty entry is the current directory, as for execvp */
		if (len)
			strbuf_add(&sb, p, len);
		else
			strbuf_addch(&sb, '.');
		strbuf_addf(&sb, "/%s", name);
		if (!stat(sb.buf, &st) && S_ISREG(st.st_mode) && !access(sb.buf, X_OK))
			return strbuf_detach(&sb, NULL);
		if (!end)
			break;
		p = end;
	}
	strbuf_release(&sb);
	return NULL;
}

/* The Debian package of each program, for the one line that says it is
 * missing. */
static const char *package_of(const char *program)
{
	return !strcmp(program, "xfs_growfs") ? "xfsprogs" : "e2fsprogs";
}

static void refuse(const struct fs_resize *fr, const struct vg *vg, const struct lv *lv)
{
	switch (fr->plan.refusal) {
	case FS_REFUSE_NONE:
		break;
	case FS_REFUSE_INACTIVE:
		log_error("Logical volume %s/%s must be activated before resizing filesystem.",
		          vg->name, lv->name);
		break;
	case FS_REFUSE_NO_FS:
		/* fsadm's words: blkid gave no TYPE */
		log_error("Cannot get FSTYPE of \"%s\": no filesystem to resize with %s/%s.",
		          fr->dev, vg->name, lv->name);
		break;
	case FS_REFUSE_UNSUPPORTED:
		log_error("Filesystem \"%s\" on device \"%s\" is not supported by this tool.",
		          fr->type, fr->dev);
		break;
	case FS_REFUSE_XFS_SHRINK:
		log_error("Xfs filesystem shrinking is unsupported: not reducing %s/%s.", vg->name,
		          lv->name);
		break;
	case FS_REFUSE_MOUNTED_SHRINK:
		log_error(
		    "Cannot proceed with mounted filesystem \"%s\": %s shrinks only unmounted "
		    "(umount it, then reduce %s/%s).",
		    fr->mount_point.buf, fr->type, vg->name, lv->name);
		break;
	case FS_REFUSE_XFS_UNMOUNTED:
		log_error("Xfs filesystem on \"%s\" grows only while mounted (xfs_growfs): mount "
		          "it, then resize %s/%s.",
		          fr->dev, vg->name, lv->name);
		break;
	}
}

int fs_resize_prepare(struct cmd_context *ctx, struct vg *vg, const struct lv *lv,
                      enum fs_direction dir, struct fs_resize *fr)
{
	struct fs_situation s = {NULL, 0, 0, dir, arg_count(ctx, OPT_NOFSCK) > 0};
	const char *ddir = dev_dir();
	char *name = kdm_name_for(vg->name, lv->name, LAYER_TOP);
	int open = 0;
	struct stat st;

	memset(fr, 0, sizeof(*fr));
	strbuf_init(&fr->mount_point, 0);
	fr->force = arg_count(ctx, OPT_FORCE) > 0;
	fr->dev = xmalloc(strlen(ddir) + strlen(name) + sizeof("/mapper/"));
	sprintf(fr->dev, "%s/mapper/%s", ddir, name);
	free(name);

	/* a snapshot's size is its COW's, not the filesystem's: lvm2 2.03.16
	 * resizes the snapshot's filesystem to the COW's size, which cuts
	 * off the snapshot's view of its origin */
	if (lv_cow_segment(vg, lv)) {
		log_error("Cannot resize the filesystem of snapshot %s/%s: its size is the COW "
		          "area's, not the filesystem's (resize without -r).",
		          vg->name, lv->name);
		return EXIT_FAILED;
	}
	if (tool_kernel(ctx) && tool_lv_state(ctx, vg, lv, &s.active, &open))
		return EXIT_FAILED;
	if (s.active) {
		if (stat(fr->dev, &st) || !S_ISBLK(st.st_mode)) {
			log_error("Cannot find the device of %s/%s at %s.", vg->name, lv->name,
			          fr->dev);
			return EXIT_FAILED;
		}
		if (fs_probe_type(fr->dev, &fr->type))
			return EXIT_FAILED;
		s.type = fr->type;
		s.mounted = fs_mount_point(major(st.st_rdev), minor(st.st_rdev), &fr->mount_point);
		if (s.mounted < 0)
			return EXIT_FAILED;
	}
	fs_plan_resize(&s, &fr->plan);
	if (fr->plan.refusal) {
		refuse(fr, vg, lv);
		return EXIT_FAILED;
	}
	/* every program before any step: a missing one must not leave a
	 * half-done resize */
	for (size_t i = 0; i < fr->plan.n_steps; i++) {
		const char *program = fs_step_program(fr->plan.family, fr->plan.steps[i]);
		if (!program)
			continue;
		if (!(fr->programs[i] = find_program(program))) {
			log_error("%s not found in PATH: cannot resize the filesystem of %s/%s "
			          "(install %s).",
			          program, vg->name, lv->name, package_of(program));
			return EXIT_FAILED;
		}
	}
	return EXIT_DONE;
}

int fs_resize_run(struct cmd_context *ctx, const struct fs_resize *fr, size_t i, uint64_t sectors,
                  struct strbuf *why)
{
	enum fs_step step = fr->plan.steps[i];
	const char *program = fs_step_program(fr->plan.family, step);
	struct strbuf size = STRBUF_INIT, line = STRBUF_INIT;
	char *argv[6];
	int n = 0, status, rc = -1;

	/* the bare name, as a shell would pass it: the tools name
	 * themselves by it in their messages */
	argv[n++] = (char *)program;
	if (step == FS_STEP_CHECK) {
		/* -f: resize2fs wants a full check since the last mount;
		 * -p: repair what is safe, without questions, as fsadm */
		argv[n++] = (char *)"-f";
		argv[n++] = (char *)"-p";
		argv[n++] = fr->dev;
	} else if (fr->plan.family == FS_FAMILY_EXT) {
		if (fr->force)
			argv[n++] = (char *)"-f"; /* lvm2's -f reaches resize2fs */
		/* the LV's size in KiB: resize2fs rounds down to its block */
		strbuf_addf(&size, "%lluK", (unsigned long long)(sectors / 2));
		argv[n++] = fr->dev;
		argv[n++] = size.buf;
	} else {
		/* xfs_growfs takes the mount point and grows to the device */
		argv[n++] = fr->mount_point.buf;
	}
	argv[n] = NULL;

	strbuf_addstr(&line, program);
	for (int k = 1; k < n; k++)
		strbuf_addf(&line, " %s", argv[k]);
	if (ctx->test_mode) {
		log_print("Test mode: not running %s.", line.buf);
		rc = 0;
		goto out;
	}
	log_verbose("Executing %s.", line.buf);
	status = tool_run(fr->programs[i], argv, 0, why);
	if (status < 0)
		goto out;
	/* e2fsck's 1 is "errors corrected": fsadm takes it as success */
	if (status == 0 || (step == FS_STEP_CHECK && status == 1))
		rc = 0;
	else
		strbuf_addf(why, "%s exited with status %d", program, status);
out:
	strbuf_release(&size);
	strbuf_release(&line);
	return rc;
}

void fs_resize_release(struct fs_resize *fr)
{
	free(fr->dev);
	free(fr->type);
	strbuf_release(&fr->mount_point);
	for (size_t i = 0; i < FS_PLAN_MAX_STEPS; i++)
		free(fr->programs[i]);
	memset(fr, 0, sizeof(*fr));
}
