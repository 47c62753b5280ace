/* `-r/--resizefs` of lvextend, lvreduce and lvresize: the filesystem on
 * the LV resized with it by the filesystem's own tools (tools/resizefs.c;
 * the plan is lib/device/filesystem.c's). */
#ifndef VGTOOL_RESIZEFS_H
#define VGTOOL_RESIZEFS_H

#include <stdint.h>

#include "device/filesystem.h"
#include "tools/toollib.h"

struct fs_resize {
	struct fs_plan plan;
	char *dev;                         /* $DM_DEV_DIR/mapper/VG-LV */
	char *type;                        /* blkid's TYPE */
	struct strbuf mount_point;         /* empty when not mounted */
	char *programs[FS_PLAN_MAX_STEPS]; /* each step's program, found in PATH */
	int force;                         /* -f: resize2fs -f, as fsadm --force */
};

/* Look at the filesystem on `lv` and plan its resize in direction `dir`;
 * every refusal is told here, in one line, before anything changes,
 * including a missing program.  EXIT_DONE with `fr` ready, or EXIT_FAILED
 * after logging; fs_resize_release() either way. */
int fs_resize_prepare(struct cmd_context *ctx, struct vg *vg, const struct lv *lv,
                      enum fs_direction dir, struct fs_resize *fr);

/* Run step `i` of the plan (not FS_STEP_LV) for an LV of `sectors`.
 * 0, or -1 with the reason ("resize2fs exited with status 1") in `why`:
 * the caller tells it, with what has changed by then. */
int fs_resize_run(struct cmd_context *ctx, const struct fs_resize *fr, size_t i, uint64_t sectors,
                  struct strbuf *why);

void fs_resize_release(struct fs_resize *fr);

#endif
