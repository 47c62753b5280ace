/* lvextend, lvreduce, lvresize and `lvextend --use-policies`: one resize.
 *
 * Every way of resizing an LV ends in the same sequence, owned here by
 * resize_lv(): lvm2's size rules for the new size, the extents allocated
 * or freed, the commit with the kernel following in a safe order
 * (resize_commit(), which the monitor's growth uses too), and lvm2's two
 * lines.  The commands differ only in where the new size comes from:
 * -L/-l for lvextend/lvreduce/lvresize, lvm2's autoextend policy for
 * --use-policies. */
#include <stdlib.h>
#include <string.h>

#include "activate/dm.h"
#include "activate/plan.h"
#include "metadata/alloc.h"
#include "misc/log.h"
#include "misc/units.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/limits.h"
#include "tools/lockd.h"
#include "tools/resize.h"
#include "tools/resizefs.h"

static const char *size_text(struct strbuf *sb, uint64_t sectors)
{
	strbuf_reset(sb);
	display_size(sb, sectors);
	return sb->buf;
}

int resize_commit(struct tool *t, const struct vg *old, struct vg *vg, int shrinks)
{
	/* Shrink the device before the metadata frees its extents, grow it
	 * after they are allocated: at no point may the kernel map extents
	 * the metadata gives to nobody (or, next, to another LV). */
	if (shrinks && tool_kernel_follow(t->ctx, vg, NULL, 0, NULL, 0))
		return -1;
	if (tool_commit(t, old, vg, NULL, 0))
		return -1;
	if (!shrinks && tool_kernel_follow(t->ctx, vg, NULL, 0, NULL, 0))
		return -1;
	return 0;
}

/* The refusals of a size rule, in lvm2's words. */
static int resize_check_error(enum resize_check r, const struct vg *vg, const struct lv *lv,
                              uint32_t cur, uint32_t target)
{
	switch (r) {
	case RESIZE_OK:
		return 0;
	case RESIZE_COW_AT_MAX:
		log_error("Snapshot %s/%s already has the largest useful COW size.", vg->name,
		          lv->name);
		break;
	case RESIZE_SAME:
		log_error("New size (%u extents) matches the existing size of %s/%s.", cur,
		          vg->name, lv->name);
		break;
	case RESIZE_NOT_LARGER:
		log_error("New size given (%u extents) is not larger than the existing size (%u "
		          "extents) of %s/%s.",
		          target, cur, vg->name, lv->name);
		break;
	case RESIZE_NOT_SMALLER:
		log_error("New size given (%u extents) is not smaller than the existing size (%u "
		          "extents) of %s/%s.",
		          target, cur, vg->name, lv->name);
		break;
	}
	return -1;
}

/* An origin keeps its size while active (its snapshots map it) and is
 * never reduced: lvm2 checks that before anything else, the filesystem
 * included. */
static int resize_origin_allowed(struct cmd_context *ctx, struct vg *vg, struct lv *lv,
                                 uint32_t cur, uint32_t target)
{
	int active = 0, open = 0;

	if (!lv_is_origin(vg, lv))
		return 0;
	if (tool_lv_state(ctx, vg, lv, &active, &open))
		return -1;
	if (active) {
		log_error("Snapshot origin %s/%s can be resized only while inactive: "
		          "deactivate it first.",
		          vg->name, lv->name);
		return -1;
	}
	if (target < cur) {
		log_error("Snapshot origin %s/%s cannot be reduced.", vg->name, lv->name);
		return -1;
	}
	return 0;
}

/* What the kernel and the user must allow before `lv` shrinks: an open
 * LV is not reduced, nor a COW below its minimum, and reducing an active
 * LV destroys data in use, so it needs -f or -y, unless the filesystem
 * is shrunk first (-r: lvm2 asks nothing then either).  An inactive LV
 * is reduced without a word, as lvm2 does. */
static int resize_allowed(struct cmd_context *ctx, struct vg *vg, struct lv *lv, uint32_t cur,
                          uint32_t target, int resizefs)
{
	const struct segment *cow_seg = lv_cow_segment(vg, lv);
	int active = 0;

	if (target >= cur)
		return 0;
	if (tool_first_open(ctx, vg, &lv, 1, &active)) {
		log_error("Logical volume %s/%s is in use; not reducing it.", vg->name, lv->name);
		return -1;
	}
	if (cow_seg && tool_cow_too_small(vg, target, cow_seg->chunk_size))
		return -1;
	if (active && !resizefs && !arg_count(ctx, OPT_FORCE) && !ctx->yes) {
		log_error("Reducing %s/%s destroys the data past the new end: confirm with -f "
		          "or -y.",
		          vg->name, lv->name);
		return -1;
	}
	return 0;
}

/* The LV's part of a resize: extents allocated or freed, the commit with
 * the kernel following, lvm2's two lines.  At the same size (only with
 * -r) nothing changes and lvm2's "unchanged" line is said.  0, or -1
 * (logged). */
static int resize_lv_part(struct tool *t, const struct vg *old, struct vg *vg, struct lv *lv,
                          uint32_t *target_io, struct pv *const *pvs, size_t n_pvs)
{
	uint32_t cur = lv_extents(lv), target = *target_io, got;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct alloc_request req = {ALLOC_INHERIT, 0, pvs, n_pvs};
	int rc = -1;

	/* --alloc applies to this allocation only; a percentage is "about"
	 * (what the policy finds, when it finds less), as lvm2's */
	tool_alloc_arg(t->ctx, &req.policy);
	req.approx =
	    arg_count(t->ctx, OPT_EXTENTS) && strchr(arg_str(t->ctx, OPT_EXTENTS, ""), '%');
	if (target == cur) {
		log_print("Size of logical volume %s/%s unchanged from %s (%u extents).", vg->name,
		          lv->name, size_text(&a, (uint64_t)cur * vg->extent_size), cur);
	} else {
		if (target < cur)
			alloc_reduce_lv(lv, target);
		else if (alloc_extend(vg, lv, target - cur, &req, &got))
			goto out;
		else
			*target_io = target = cur + got;
		/* snapshotN keeps the origin's size of when the snapshot was
		 * taken, as lvm2 keeps it (its dm device keeps that length too) */
		if (resize_commit(t, old, vg, target < cur))
			goto out;
		log_print("Size of logical volume %s/%s changed from %s (%u extents) to %s (%u "
		          "extents).",
		          vg->name, lv->name, size_text(&a, (uint64_t)cur * vg->extent_size), cur,
		          size_text(&b, (uint64_t)target * vg->extent_size), target);
	}
	log_print("Logical volume %s/%s successfully resized.", vg->name, lv->name);
	rc = 0;
out:
	strbuf_release(&a);
	strbuf_release(&b);
	return rc;
}

/* The steps of a resize with -r, in the plan's order (growing: the LV,
 * then the filesystem; shrinking: the filesystem, then the LV).  A
 * filesystem step that fails before the LV changed leaves everything as
 * it was; after, the LV keeps its new size and the line says so.
 * EXIT_DONE, or EXIT_FAILED after logging. */
static int resize_with_fs(struct tool *t, const struct vg *old, struct vg *vg, struct lv *lv,
                          const struct fs_resize *fr, uint32_t target, struct pv *const *pvs,
                          size_t n_pvs)
{
	uint64_t sectors = (uint64_t)target * vg->extent_size;
	struct strbuf why = STRBUF_INIT, sb = STRBUF_INIT;
	int lv_done = 0, rc = EXIT_FAILED;

	for (size_t i = 0; i < fr->plan.n_steps; i++) {
		enum fs_step step = fr->plan.steps[i];
		if (step == FS_STEP_LV) {
			if (resize_lv_part(t, old, vg, lv, &target, pvs, n_pvs))
				goto out;
			sectors = (uint64_t)target * vg->extent_size;
			lv_done = 1;
			continue;
		}
		if (!fs_resize_run(t->ctx, fr, i, sectors, &why))
			continue;
		if (lv_done)
			log_error(
			    "Filesystem resize failed (%s): logical volume %s/%s keeps its new "
			    "size %s.",
			    why.buf, vg->name, lv->name, size_text(&sb, sectors));
		else
			log_error("Filesystem %s failed (%s): logical volume %s/%s not resized.",
			          step == FS_STEP_CHECK ? "check" : "resize", why.buf, vg->name,
			          lv->name);
		goto out;
	}
	rc = EXIT_DONE;
out:
	strbuf_release(&why);
	strbuf_release(&sb);
	return rc;
}

/* The one resize: `lv` of `vg` (a copy of `old`, as read, under the VG's
 * write lock) to `target` extents, new ones on `pvs` (none: anywhere);
 * with -r, the filesystem on it too.  EXIT_DONE, or EXIT_FAILED after
 * logging. */
static int resize_lv(struct tool *t, const struct vg *old, struct vg *vg, struct lv *lv,
                     enum resize_kind kind, uint32_t target, struct pv *const *pvs, size_t n_pvs)
{
	const struct segment *cow_seg = lv_cow_segment(vg, lv);
	int resizefs = arg_count(t->ctx, OPT_RESIZEFS) > 0;
	uint32_t cur = lv_extents(lv), max = 0;
	struct strbuf a = STRBUF_INIT;
	struct fs_resize fr;
	enum resize_check r;
	int capped, rc = EXIT_FAILED;

	memset(&fr, 0, sizeof(fr));
	if (cow_seg)
		max = cow_max_extents(lv_extents(cow_seg->origin), vg->extent_size,
		                      cow_seg->chunk_size, tool_cow_leak_chunks());
	r = resize_check_target(kind, cur, max, &target, &capped);
	if (capped)
		log_print("Reached maximum COW size %s (%u extents).",
		          size_text(&a, (uint64_t)max * vg->extent_size), max);
	/* lvm2 takes the same size with -r as a resize of the filesystem
	 * alone, to fill the LV */
	if (resizefs && r == RESIZE_SAME)
		r = RESIZE_OK;
	if (resize_check_error(r, vg, lv, cur, target) ||
	    resize_origin_allowed(t->ctx, vg, lv, cur, target))
		goto out;
	/* what the filesystem cannot do is refused before the rules of a
	 * shrink: a mounted ext4 is open, but the reason to tell is the
	 * filesystem's */
	if (resizefs && fs_resize_prepare(t->ctx, vg, lv,
	                                  target > cur    ? FS_GROW
	                                  : target == cur ? FS_SAME
	                                                  : FS_SHRINK,
	                                  &fr))
		goto out;
	if (resize_allowed(t->ctx, vg, lv, cur, target, resizefs))
		goto out;
	if (resizefs)
		rc = resize_with_fs(t, old, vg, lv, &fr, target, pvs, n_pvs);
	else if (!resize_lv_part(t, old, vg, lv, &target, pvs, n_pvs))
		rc = EXIT_DONE;
out:
	fs_resize_release(&fr);
	strbuf_release(&a);
	return rc;
}

/* The LV a resizing command names (argv[0]), read for writing under its
 * VG's lock, and the PVs named after it. */
struct resize_job {
	struct tool t;
	int began;
	char *vg_name, *lv_name;
	struct vg *old, *vg;
	struct lv *lv;
	struct pv **pvs;
	size_t n_pvs;
};

/* EXIT_DONE, or the exit code after logging.  `internal`: a merging COW
 * or a sparse snapshot's virtual origin is refused by name rather than
 * as not found (lvm2's "Can't resize internal logical volume"). */
static int job_open(struct cmd_context *ctx, struct resize_job *j, int internal)
{
	memset(j, 0, sizeof(*j));
	if (parse_lv_arg(ctx->args.argv[0], NULL, &j->vg_name, &j->lv_name))
		return EXIT_INVALID;
	if (tool_begin_paths(&j->t, ctx, j->vg_name, ctx->args.argv + 1,
	                     (size_t)ctx->args.argc - 1))
		return EXIT_FAILED;
	j->began = 1;
	if (!(j->old = tool_read_vg_for_write(&j->t, j->vg_name)) || !(j->vg = vg_clone(j->old)))
		return EXIT_FAILED;
	j->lv = vg_find_lv(j->vg, j->lv_name);
	if (internal && j->lv &&
	    (lv_is_merging_cow(j->vg, j->lv) || lv_is_virtual_origin(j->vg, j->lv))) {
		log_error("Can't resize internal logical volume %s/%s.", j->vg_name, j->lv_name);
		return EXIT_FAILED;
	}
	if (!j->lv || !lv_is_user_visible(j->vg, j->lv)) {
		log_error("Logical volume %s not found in volume group %s.", j->lv_name,
		          j->vg_name);
		return EXIT_FAILED;
	}
	/* shared VG: active on no other host (lvm2's lock for the time of
	 * the resize; this host's own activation already holds it) */
	{
		const struct segment *cow = lv_cow_segment(j->vg, j->lv);
		if (tool_lockd_lv(ctx, j->vg, cow ? cow->origin : j->lv, "ex", 0))
			return EXIT_FAILED;
	}
	if (tool_pv_args(ctx, j->vg, &j->pvs, &j->n_pvs))
		return EXIT_FAILED;
	return EXIT_DONE;
}

static void job_close(struct resize_job *j)
{
	if (j->began)
		tool_end(&j->t);
	free(j->pvs);
	vg_free(j->vg);
	vg_free(j->old);
	free(j->vg_name);
	free(j->lv_name);
}

/* The new size in extents from -L/-l with an optional sign. */
static int resize_target(struct cmd_context *ctx, enum resize_kind kind, const struct vg *vg,
                         const struct lv *lv, struct pv *const *pvs, size_t n_pvs, uint32_t *out)
{
	const struct segment *cow_seg = lv_cow_segment(vg, lv);
	/* which signs each command takes, as lvm2 */
	int rule = kind == RESIZE_EXTEND   ? SIGN_RULE_NOT_NEGATIVE
	           : kind == RESIZE_REDUCE ? SIGN_RULE_NOT_POSITIVE
	                                   : SIGN_RULE_ANY;
	struct strbuf what = STRBUF_INIT;
	struct extents_arg ea = {.base = PERCENT_NONE};
	uint32_t amount;
	enum sign sign;
	enum sizing_result r;
	int rc, computed = 0;
	/* `lvextend LV PV...` with no size takes every free extent of those
	 * PVs: lvm2's +100%PVS */
	int by_pvs = !arg_count(ctx, OPT_SIZE) && !arg_count(ctx, OPT_EXTENTS) && n_pvs &&
	             kind != RESIZE_REDUCE;

	strbuf_addf(&what, "%s/%s", vg->name, lv->name);
	if (!by_pvs && arg_count(ctx, OPT_SIZE) == !!arg_count(ctx, OPT_EXTENTS)) {
		/* both: in lvm2's words, which its tests look for */
		if (arg_count(ctx, OPT_SIZE))
			log_error("Please specify either size or extents but not both.");
		else
			log_error("Give the new size with either -L/--size or -l/--extents.");
		strbuf_release(&what);
		return EXIT_INVALID;
	}
	if (arg_count(ctx, OPT_SIZE)) {
		struct size_arg sa;
		int rounded;
		if (parse_size_arg(arg_str(ctx, OPT_SIZE, NULL), 'm', rule, "--size", &sa)) {
			strbuf_release(&what);
			return EXIT_INVALID;
		}
		sign = sa.sign;
		/* a relative -L of 0 is allowed to fail later as "no change" */
		r = sa.sectors ? size_from_sectors(sa.sectors, vg->extent_size, &amount, &rounded)
		               : SIZING_ZERO;
		if (r == SIZING_OK && rounded) {
			struct strbuf sb = STRBUF_INIT;
			display_size(&sb, (uint64_t)amount * vg->extent_size);
			log_print("Rounding size to boundary between physical extents: %s.",
			          sb.buf);
			strbuf_release(&sb);
		}
	} else {
		struct size_bases b;
		if (by_pvs)
			ea = (struct extents_arg){
			    .sign = SIGN_PLUS, .count = 100, .base = PERCENT_PVS};
		else if (parse_extents_arg(arg_str(ctx, OPT_EXTENTS, NULL), rule, "--extents",
		                           &ea)) {
			strbuf_release(&what);
			return EXIT_INVALID;
		}
		sign = ea.sign;
		computed = ea.base != PERCENT_NONE;
		size_bases_of(vg, lv, cow_seg ? cow_seg->origin : NULL, 0, 0, 1, pvs, n_pvs, &b);
		b.round_up = sign != SIGN_MINUS;
		r = size_from_extents_arg(&ea, &b, &amount);
		/* a relative percentage of nothing (+100%FREE of a full VG)
		 * is a change of 0: the same size, which -r takes as a resize
		 * of the filesystem alone (lvm2) */
		if (r == SIZING_ZERO && sign != SIGN_NONE && ea.base != PERCENT_NONE) {
			amount = 0;
			r = SIZING_OK;
		}
	}
	if (r == SIZING_OK) {
		r = size_apply_sign(lv_extents(lv), sign, amount, out);
		computed |= sign == SIGN_MINUS;
	}
	/* as lvcreate, lvm2 takes a size as a percentage of the VG, its
	 * free space or PVs as "about": past what the LV can grow to, it
	 * is lowered to that (a relative one is not) */
	if (r == SIZING_OK && sign == SIGN_NONE &&
	    (ea.base == PERCENT_VG || ea.base == PERCENT_FREE || ea.base == PERCENT_PVS)) {
		uint32_t most = lv_extents(lv) + alloc_free_extents(vg, NULL, 0);
		if (*out > most) {
			tool_say_reducing(vg, ea.count, ea.base, most);
			*out = most;
		}
	}
	if (r == SIZING_NOT_HERE) {
		/* the one base a resize may not have: %ORIGIN of a non-COW */
		log_error("Specified LV does not have an origin LV.");
		rc = EXIT_FAILED;
	} else
		rc = tool_sizing_error(r, what.buf, computed);
	strbuf_release(&what);
	return rc;
}

/* --alloc, -i and -I of lvextend and lvresize: well formed, one stripe. */
static int grow_args(struct cmd_context *ctx)
{
	enum alloc_policy alloc;
	int snapshot = 0, rc = tool_alloc_arg(ctx, &alloc);
	return rc != EXIT_DONE ? rc : tool_linear_args(ctx, 0, &snapshot);
}

static int do_resize(struct cmd_context *ctx, enum resize_kind kind)
{
	struct resize_job j;
	uint32_t target = 0;
	int rc;

	if (!ctx->args.argc) {
		log_error("%s: give VG/LV.", ctx->cmd->name);
		return EXIT_INVALID;
	}
	if ((rc = grow_args(ctx)) != EXIT_DONE)
		return rc;
	rc = job_open(ctx, &j, 1);
	if (rc == EXIT_DONE)
		rc = resize_target(ctx, kind, j.vg, j.lv, j.pvs, j.n_pvs, &target);
	if (rc == EXIT_DONE)
		rc = resize_lv(&j.t, j.old, j.vg, j.lv, kind, target, j.pvs, j.n_pvs);
	job_close(&j);
	return rc;
}

/* ---- lvextend --use-policies: lvm2's rule, once ---- */

struct policy_config snapshot_policy_config(void)
{
	struct policy_config c = {config_int(SET_ACTIVATION_SNAPSHOT_AUTOEXTEND_THRESHOLD),
	                          config_int(SET_ACTIVATION_SNAPSHOT_AUTOEXTEND_PERCENT)};
	return c;
}

int snapshot_read_status(const struct vg *vg, const struct lv *cow, struct cow_status *st)
{
	/* the snapshot's top device carries the COW LV's name */
	char *name = kdm_name_for(vg->name, cow->name, LAYER_TOP);
	unsigned long long used, total, metadata;
	int r = kdm_snapshot_status(name, &used, &total, &metadata, &st->invalid, &st->overflow);
	free(name);
	st->used = used;
	st->total = total;
	st->metadata = metadata;
	return r;
}

void cow_state_of(const struct vg *vg, const struct lv *cow, const struct segment *seg,
                  uint32_t free_extents, struct cow_state *s)
{
	s->extents = lv_extents(cow);
	s->max_extents = cow_max_extents(lv_extents(seg->origin), vg->extent_size, seg->chunk_size,
	                                 tool_cow_leak_chunks());
	s->free_extents = free_extents;
	s->extent_size = vg->extent_size;
}

/* lvm2's policy for snapshot `lv`: EXIT_DONE with *grow set when it is
 * to grow to r->new_extents, or the exit code of what it said instead. */
static int policy_decide(struct resize_job *j, const struct segment *seg, struct cow_state *s,
                         struct policy_result *r, int *grow)
{
	struct policy_config c = snapshot_policy_config();
	const struct vg *vg = j->vg;
	struct strbuf a = STRBUF_INIT;
	int rc = EXIT_FAILED;

	*grow = 0;
	cow_state_of(vg, j->lv, seg, alloc_free_extents(vg, j->pvs, j->n_pvs), s);
	/* the order of lvm2's checks, so the same setting fails the same way */
	if (c.threshold < 50)
		log_warn("WARNING: Snapshot autoextend threshold %lld%% is set below minimal "
		         "supported value 50%%.",
		         (long long)c.threshold);
	if (c.threshold >= 100)
		return EXIT_DONE; /* the policy is off: nothing to do, silently */
	if (!c.percent) {
		log_error("Can't extend %s/%s with snapshot autoextend percent set to 0%%.",
		          j->vg_name, j->lv_name);
		return EXIT_FAILED;
	}
	if (seg->merging || !tool_kernel(j->t.ctx) || snapshot_read_status(vg, j->lv, &s->st)) {
		log_error("Can't read state of locally inactive LV %s/%s.", j->vg_name, j->lv_name);
		return EXIT_FAILED;
	}
	policy_lvm2(s, &c, r);
	if (r->capped)
		log_print("Reached maximum COW size %s (%u extents).",
		          size_text(&a, (uint64_t)s->max_extents * vg->extent_size),
		          s->max_extents);
	switch (r->action) {
	case POLICY_EXTEND:
		*grow = 1;
		rc = EXIT_DONE;
		break;
	case POLICY_AT_MAX:
		log_print("Size of logical volume %s/%s unchanged from %s (%u extents).",
		          j->vg_name, j->lv_name,
		          size_text(&a, (uint64_t)s->extents * vg->extent_size), s->extents);
		log_print("Logical volume %s/%s successfully resized.", j->vg_name, j->lv_name);
		rc = EXIT_DONE;
		break;
	case POLICY_NO_SPACE:
		log_error("Insufficient free space: %u extents needed, but only %u available",
		          r->want - s->extents, s->free_extents);
		break;
	default: /* below the threshold, or invalid: lvm2 leaves it, silently */
		rc = EXIT_DONE;
		break;
	}
	strbuf_release(&a);
	return rc;
}

static int cmd_lvextend_policies(struct cmd_context *ctx)
{
	struct resize_job j;
	struct cow_state s;
	struct policy_result r;
	struct segment *seg = NULL;
	int rc, grow = 0;

	if (arg_count(ctx, OPT_SIZE) || arg_count(ctx, OPT_EXTENTS)) {
		log_error("lvextend: --use-policies takes no -L/--size or -l/--extents.");
		return EXIT_INVALID;
	}
	if (!ctx->args.argc) {
		log_error("lvextend: give VG/SNAPSHOT.");
		return EXIT_INVALID;
	}
	if ((rc = grow_args(ctx)) != EXIT_DONE)
		return rc;
	rc = job_open(ctx, &j, 0);
	if (rc == EXIT_DONE && !(seg = lv_cow_segment(j.vg, j.lv))) {
		log_error("Policy-based resize is supported only for snapshots (%s/%s is not one).",
		          j.vg_name, j.lv_name);
		rc = EXIT_FAILED;
	}
	if (rc == EXIT_DONE)
		rc = policy_decide(&j, seg, &s, &r, &grow);
	if (rc == EXIT_DONE && grow)
		rc = resize_lv(&j.t, j.old, j.vg, j.lv, RESIZE_EXTEND, r.new_extents, j.pvs,
		               j.n_pvs);
	job_close(&j);
	return rc;
}

int cmd_lvextend(struct cmd_context *ctx)
{
	if (arg_count(ctx, OPT_USE_POLICIES))
		return cmd_lvextend_policies(ctx);
	return do_resize(ctx, RESIZE_EXTEND);
}

int cmd_lvreduce(struct cmd_context *ctx)
{
	return do_resize(ctx, RESIZE_REDUCE);
}

int cmd_lvresize(struct cmd_context *ctx)
{
	return do_resize(ctx, RESIZE_ANY);
}
