/* Allocation policies and VG limits on the command line (tools/limits.c). */
#ifndef VGTOOL_TOOLS_LIMITS_H
#define VGTOOL_TOOLS_LIMITS_H

#include <stdint.h>
#include "metadata/alloc.h"
#include "tools/cmdline.h"

struct vg;

/* An unsigned 32-bit option value (lvm2 takes "+N" as N); *out is left
 * alone when the option is not given.  0, or -1 after lvm2's line
 * "Invalid argument for --NAME: VALUE" (a bad command line). */
int tool_uint32_arg(struct cmd_context *ctx, enum opt_id id, uint32_t *out);

/* --alloc POLICY (ALLOC_INHERIT when not given): EXIT_DONE or
 * EXIT_INVALID after one line. */
int tool_alloc_arg(struct cmd_context *ctx, enum alloc_policy *out);
/* --alloc and -C y|n of lvcreate (`creating`: both may be given when they
 * agree) and lvchange (one or the other), as lvm2 combines them. */
int tool_lv_alloc_args(struct cmd_context *ctx, int creating, enum alloc_policy *out);

/* -i, -I, -m and --type of lvcreate (`creating`) and lvextend/lvresize:
 * only what makes a linear LV (one stripe, no mirror) or, for lvcreate,
 * a snapshot (--type snapshot sets *snapshot).  The rest is refused in
 * one line, exit 3, as lvm2 refuses a segment type its kernel lacks. */
int tool_linear_args(struct cmd_context *ctx, int creating, int *snapshot);

/* lvm2's refusals: a VG that is not resizeable (vgextend, vgreduce,
 * vgsplit), one at its max_lv (lvcreate).  0, or -1 after one line. */
int tool_refuse_not_resizeable(const struct vg *vg);
int tool_refuse_max_lv(const struct vg *vg);

/* vgcreate's -l, -p and --alloc into the new `vg`: EXIT_DONE, or
 * EXIT_INVALID after one line. */
int tool_vg_limit_args(struct cmd_context *ctx, struct vg *vg);

/* The values of vgchange's -l, -p, -x, -s and --alloc, read once from
 * the command line for all the VGs it changes; each counts only when its
 * option is given. */
struct vg_props {
	uint32_t max_lv, max_pv;
	int resizeable;
	uint64_t extent_size; /* sectors */
	enum alloc_policy alloc;
};

/* vgchange -l, -p, -x, -s, --alloc, --setautoactivation, -u (with
 * --addtag/--deltag): given?  Values well formed (EXIT_DONE with *p set,
 * else EXIT_INVALID after one line)?  Then each VG changed in lvm2's
 * order, one commit; the first change refused leaves the VG as it was
 * (EXIT_FAILED). */
int tool_vg_props_given(const struct cmd_context *ctx);
int tool_vg_props_check(struct cmd_context *ctx, struct vg_props *p);
int tool_vg_change_props(struct cmd_context *ctx, const struct vg_props *p, const char *name);

/* lvchange --alloc / -C: given?  Then the LV's policy changed in the
 * model (the caller commits it with the command's other changes); -1
 * after one line when it already is that. */
int tool_lv_alloc_given(const struct cmd_context *ctx);
int tool_lv_change_alloc(struct cmd_context *ctx, struct vg *vg, struct lv *lv);

#endif
