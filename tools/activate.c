/* vgchange -ay/-an, lvchange -ay/-an, and the kernel side of the other
 * commands (tool_kernel_follow). */
#include <stdlib.h>
#include <string.h>

#include "activate/activate.h"
#include "activate/dm.h"
#include "activate/volume-list.h"
#include "config/settings.h"
#include "metadata/missing.h"
#include "misc/log.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/lockd.h"
#include "tools/limits.h"
#include "tools/toollib.h"

/* The origin of a snapshot, or the LV itself: the unit of activation. */
static const struct lv *group_of(const struct vg *vg, const struct lv *lv)
{
	const struct segment *s = lv_cow_segment(vg, lv);
	return s ? s->origin : lv;
}

/* act_converge(), printing in test mode what would have run */
static int tool_converge(struct act *a, struct lv *const *active, size_t n, struct lv *const *keep,
                         size_t n_keep)
{
	int r = act_converge(a, active, n, keep, n_keep);
	if (a->test_plan.len)
		log_print("%s", a->test_plan.buf);
	strbuf_reset(&a->test_plan);
	return r;
}

static int follow(struct cmd_context *ctx, struct vg *vg, struct lv *const *on, size_t n_on,
                  struct lv *const *off, size_t n_off, struct lv *const *refresh, size_t n_refresh,
                  int check_only)
{
	struct act a;
	struct lv **active;
	size_t n;
	int r;

	/* without device-mapper nothing can be active: metadata-only work
	 * (image files on a machine without dm) needs no kernel step */
	if (!n_on && !tool_kernel(ctx))
		return 0;
	if (act_begin(&a, vg, ctx->test_mode || check_only, !check_only))
		return -1;
	n = act_active_lvs(&a, &active);
	active = xrealloc(active, (n + n_on + 1) * sizeof(*active));
	/* drop what is to go (a whole origin group goes together) */
	for (size_t i = 0; i < n;) {
		int drop = 0;
		for (size_t j = 0; j < n_off && !drop; j++)
			drop = group_of(vg, active[i]) == group_of(vg, off[j]);
		if (drop)
			active[i] = active[--n];
		else
			i++;
	}
	for (size_t j = 0; j < n_on; j++)
		active[n++] = on[j];
	a.ro_follow = refresh;
	a.n_ro_follow = n_refresh;
	r = check_only ? act_check(&a, active, n) : tool_converge(&a, active, n, NULL, 0);
	free(active);
	act_end(&a);
	return r;
}

int tool_kernel_follow(struct cmd_context *ctx, struct vg *vg, struct lv *const *on, size_t n_on,
                       struct lv *const *off, size_t n_off)
{
	return follow(ctx, vg, on, n_on, off, n_off, NULL, 0, 0);
}

int tool_kernel_check(struct cmd_context *ctx, struct vg *vg, struct lv *const *on, size_t n_on)
{
	return follow(ctx, vg, on, n_on, NULL, 0, NULL, 0, 1);
}

int tool_lvmlock_refresh(struct cmd_context *ctx, const struct vg *vg)
{
	/* a copy: follow() may put loop devices in for image files */
	struct vg *c = vg_clone(vg);
	int r = follow(ctx, c, NULL, 0, NULL, 0, NULL, 0, 0);
	vg_free(c);
	if (r)
		log_error("Failed to refresh %s.", LVMLOCK_LV_NAME);
	return r;
}

/* The kernel follows the VG, `lv`'s devices (its group's) reloaded for
 * their read-only flag alone if need be, as lvm2 refreshes an LV. */
static int kernel_refresh(struct cmd_context *ctx, struct vg *vg, struct lv *lv)
{
	return follow(ctx, vg, NULL, 0, NULL, 0, &lv, 1, 0);
}

/* Is `lv` active, and its device read-only?  -1 when it is not active
 * (or the kernel cannot be asked), else the device's read-only flag. */
static int kernel_read_only(struct cmd_context *ctx, struct vg *vg, const struct lv *lv)
{
	const struct kdm_kdev *k;
	struct act a;
	int r = -1;
	if (!tool_kernel(ctx) || act_begin(&a, vg, 1, 0))
		return -1;
	if ((k = act_lv_kdev(&a, lv)))
		r = k->read_only != 0;
	act_end(&a);
	return r;
}

int tool_kernel_deactivate(struct cmd_context *ctx, struct vg *vg)
{
	struct act a;
	struct lv *none = NULL;
	int r;
	if (!tool_kernel(ctx))
		return 0;
	if (act_begin(&a, vg, ctx->test_mode, 0))
		return -1;
	r = tool_converge(&a, &none, 0, NULL, 0);
	act_end(&a);
	return r;
}

const struct lv *tool_first_open(struct cmd_context *ctx, struct vg *vg, struct lv *const *lvs,
                                 size_t n, int *any_active)
{
	const struct lv *open = NULL;
	struct act a;

	if (any_active)
		*any_active = 0;
	/* one read of the kernel's state for all of them */
	if (!tool_kernel(ctx) || act_begin(&a, vg, 1, 0))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (any_active && act_lv_active(&a, lvs[i]))
			*any_active = 1;
		if (!open && act_lv_open(&a, lvs[i]))
			open = lvs[i];
	}
	act_end(&a);
	return open;
}

int tool_lv_state(struct cmd_context *ctx, struct vg *vg, const struct lv *lv, int *active,
                  int *open)
{
	struct act a;
	(void)ctx;
	*active = *open = 0;
	if (!tool_kernel(ctx))
		return 0;
	if (act_begin(&a, vg, 1, 0))
		return -1;
	*active = act_lv_active(&a, lv);
	*open = act_lv_open(&a, lv);
	/* an origin group is open when any of its devices is */
	if (group_of(vg, lv) == lv)
		for (size_t i = 0; i < lv->n_snapshots && !*open; i++)
			*open = act_lv_open(&a, lv->snapshots[i]->cow);
	act_end(&a);
	return 0;
}

int tool_activation_mode(struct cmd_context *ctx)
{
	const char *opt = arg_str(ctx, OPT_ACTIVATIONMODE, NULL);
	const char *mode = opt ? opt : config_str(SET_ACTIVATION_ACTIVATION_MODE);

	/* -P/--partial: partial mode, and no other given with it (lvm2) */
	if (arg_count(ctx, OPT_PARTIAL)) {
		if (opt && strcmp(opt, "partial")) {
			log_error(
			    "--partial and --activationmode are mutually exclusive arguments");
			return EXIT_INVALID;
		}
		mode = "partial";
	}

	if (strcmp(mode, "partial") && strcmp(mode, "degraded") && strcmp(mode, "complete")) {
		log_error(
		    "Invalid activation mode \"%s\" given (%s: partial, degraded or complete).",
		    mode, opt ? "--activationmode" : "activation/activation_mode");
		return EXIT_INVALID;
	}
	/* degraded differs from complete for raid LVs alone, which vgtool
	 * never activates: both refuse every partial LV */
	ctx->partial_activation = !strcmp(mode, "partial");
	if (ctx->partial_activation)
		log_warn("PARTIAL MODE. Incomplete logical volumes will be processed.");
	return EXIT_DONE;
}

/* Is any device of the group of `unit` (a plain LV, or an origin and its
 * snapshots) in the kernel?  A crash can leave a group half-built. */
static int unit_active(const struct act *a, const struct lv *unit)
{
	int r = act_lv_active(a, unit);
	for (size_t i = 0; i < unit->n_snapshots && !r; i++)
		r = act_lv_active(a, unit->snapshots[i]->cow);
	return r;
}

/* Has the group of `unit` an extent on a PV that has no device now? */
static int unit_lost(const struct vg *vg, const struct lv *unit)
{
	int r = lv_has_lost_area(unit);
	(void)vg;
	for (size_t i = 0; i < unit->n_snapshots && !r; i++)
		r = lv_has_lost_area(unit->snapshots[i]->cow);
	return r;
}

/* How -a activates: ACTIVATE_AUTO (-aay) passes over the LVs and VGs
 * flagged NOAUTOACTIVATE, and -K (`ignore_skip`) takes those flagged to
 * be skipped too. */
struct act_how {
	enum activate_change change;
	int ignore_skip;
	/* lvchange --refresh: no change of state; the devices of an active
	 * LV reloaded from the metadata (nothing for an inactive one) */
	int refresh;
	/* in a shared VG, the LV lock activation takes: "ex" or "sh" */
	const char *lock_mode;
};

/* Does lvm2 pass this LV over in an activation as `how` says: skipped
 * unless -K, or not autoactivated with -aay?  For a snapshot lvm2 reads
 * the skip flag of the snapshot named (its COW LV) and the
 * autoactivation flag of its origin. */
static int passed_over(const struct vg *vg, const struct lv *lv, const struct act_how *how)
{
	const struct lv *unit = group_of(vg, lv);
	if ((lv->status & LV_ACTIVATION_SKIP) && !how->ignore_skip) {
		log_verbose("ACTIVATION_SKIP flag set for LV %s/%s, skipping activation.", vg->name,
		            lv->name);
		return 1;
	}
	return how->change == ACTIVATE_AUTO &&
	       ((unit->status & LV_NOAUTOACTIVATE) || (vg->status & VG_NOAUTOACTIVATE));
}

/* Does activation/volume_list (or with -aay auto_activation_volume_list)
 * keep the unit `lv` inactive?  As lvm2, that is no failure: the LV is
 * only passed over (verbose). */
static int filtered_out(const struct vg *vg, const struct lv *lv, const struct act_how *how)
{
	const struct lv *named = volume_list_unit(vg, lv);

	if (!volume_list_passes(VOLUME_LIST_ACTIVATION, vg, named)) {
		log_verbose("Not activating %s/%s since it does not pass activation filter.",
		            vg->name, named->name);
		return 1;
	}
	if (how->change == ACTIVATE_AUTO &&
	    !volume_list_passes(VOLUME_LIST_AUTO_ACTIVATION, vg, named)) {
		log_verbose("Not autoactivating %s/%s: not in "
		            "activation/auto_activation_volume_list.",
		            vg->name, named->name);
		return 1;
	}
	return 0;
}

static void unlock_deactivated(struct cmd_context *ctx, struct vg *vg, struct lv *const *was,
                               size_t n);

/* Activate the units (plain LVs, origins) in `want` (NULL: every unit of
 * the VG lvm2's vgchange -a takes, those passed over as `how` says
 * aside), the active ones staying as they are or following the
 * metadata; the units wanted get their read-only flag from the metadata,
 * as lvm2 reloads an active LV it activates again for that alone.  As
 * lvm2: a partial LV (lv_is_partial) is refused unless in partial mode,
 * each with lvm2's message, and the others go on; a refused LV that is
 * active keeps what the kernel has of it.  In partial mode, a group with
 * a lost PV is planned on its own, after the others: the kernel may
 * refuse it (a snapshot whose COW's header is lost cannot be loaded,
 * EIO), and what ran of it is then undone alone.  0, or -1 when a unit
 * was refused or failed (logged). */
static int activate_units(struct cmd_context *ctx, struct act *a, struct lv *const *want,
                          size_t n_want, const struct act_how *how)
{
	const struct vg *vg = a->vg;
	struct lv **on = xcalloc(vg->n_lvs + 1, sizeof(*on));
	struct lv **keep = xcalloc(2 * vg->n_lvs + 1, sizeof(*keep));
	struct lv **lost = xcalloc(vg->n_lvs + 1, sizeof(*lost));
	struct lv **wanted_units = xcalloc(vg->n_lvs + 1, sizeof(*wanted_units));
	int *claimed = xcalloc(vg->n_lvs + 1, sizeof(*claimed));
	size_t n_on = 0, n_keep = 0, n_lost = 0, n_wanted = 0, n_claimed = 0;
	int r = 0, minor;

	for (size_t i = 0; i < vg->n_lvs; i++) {
		struct lv *lv = vg->lvs[i];
		int active, wanted = 0;
		if (lv_snapshot_segment(lv) || lv_cow_segment(vg, lv))
			continue; /* a snapshot is its origin's business */
		/* sanlock's leases: lvm2's vgchange -a leaves lvmlock as it
		 * is (the lock start and stop activate it) */
		if (lv_is_lvmlock(vg, lv)) {
			if (act_lv_active(a, lv))
				keep[n_keep++] = lv;
			continue;
		}
		if (!want)
			wanted = !passed_over(vg, lv, how);
		for (size_t j = 0; j < n_want && !wanted; j++)
			wanted = want[j] == lv;
		if (wanted && filtered_out(vg, lv, how))
			wanted = 0;
		if (wanted)
			wanted_units[n_wanted++] = lv;
		active = unit_active(a, lv);
		if (!wanted && !active)
			continue;
		if (!ctx->partial_activation && lv_is_partial(vg, lv)) {
			if (wanted) {
				log_error("Refusing activation of partial LV %s/%s.  Use "
				          "'--activationmode partial' to override.",
				          vg->name, lv->name);
				r = -1;
			}
			if (active)
				keep[n_keep++] = lv;
		} else if (wanted &&
		           (minor = act_unit_minor_taken(a, lv, claimed, &n_claimed)) >= 0) {
			/* as lvm2: this one fails, the others go on */
			log_error("The requested major:minor pair (%d:%d) is already used.",
			          kdm_major(), minor);
			r = -1;
			if (active)
				keep[n_keep++] = lv;
		} else if (wanted && vg_shared(vg) && how->lock_mode &&
		           !strcmp(how->lock_mode, "sh") && lv_is_origin(vg, lv)) {
			/* Decided (lvm2 2.03.16 grants it): a snapshot's exceptions
			 * live in each host's kernel, so an origin written on one
			 * host corrupts its snapshot on the other; lvmlockd(8)
			 * says snapshots are not shared either. */
			log_error("Shared activation not compatible with LV type snapshot of %s/%s",
			          vg->name, lv->name);
			r = -1;
			if (active)
				keep[n_keep++] = lv;
		} else if (wanted &&
		           tool_lockd_lv(ctx, vg, lv, how->lock_mode ? how->lock_mode : "ex", 1)) {
			/* shared VG: another host has it (lvm2's line said so) */
			log_error("Failed to lock logical volume %s/%s.", vg->name, lv->name);
			r = -1;
			if (active)
				keep[n_keep++] = lv;
		} else if (!active && !a->test_mode && unit_lost(vg, lv)) {
			lost[n_lost++] = lv;
		} else {
			on[n_on++] = lv;
		}
	}
	/* first the rest, the groups with a lost PV left alone; then each of
	 * those in turn, the ones still to come left alone */
	for (size_t k = 0; k < n_lost; k++)
		keep[n_keep + k] = lost[k];
	a->ro_follow = wanted_units;
	a->n_ro_follow = n_wanted;
	if (tool_converge(a, on, n_on, keep, n_keep + n_lost))
		r = -1;
	for (size_t k = 0; k < n_lost; k++) {
		if (a->changed && act_reread(a)) {
			r = -1;
			break;
		}
		on[n_on++] = lost[k];
		for (size_t j = k + 1; j < n_lost; j++)
			keep[n_keep + j - k - 1] = lost[j];
		if (tool_converge(a, on, n_on, keep, n_keep + n_lost - k - 1)) {
			n_on--;
			r = -1;
		}
	}
	a->ro_follow = NULL;
	a->n_ro_follow = 0;
	/* shared VG: a unit that failed to come up lets its new lock go
	 * again, as lvm2 does, or no other host could have it */
	if (r && vg_shared(vg))
		unlock_deactivated(ctx, (struct vg *)vg, on, n_on);
	free(on);
	free(keep);
	free(lost);
	free(wanted_units);
	free(claimed);
	return r;
}

/* -a (checked by the option parser) and -K, which lvm2 takes only with
 * -a.  0, or -1 after logging (a bad command line). */
static int parse_activate(struct cmd_context *ctx, int required, struct act_how *how)
{
	const char *v = arg_str(ctx, OPT_ACTIVATE, NULL);
	how->change = v ? opt_activate_value(v) : ACTIVATE_BAD;
	how->lock_mode = v ? opt_activate_lock_mode(v) : NULL;
	how->ignore_skip = arg_count(ctx, OPT_IGNOREACTIVATIONSKIP) > 0;
	how->refresh = 0;
	if (!v && (required || how->ignore_skip)) {
		log_error("%s: give -ay, -aay or -an%s.", ctx->cmd->name,
		          how->ignore_skip ? " with --ignoreactivationskip" : "");
		return -1;
	}
	/* going on without lock files is for activation only (lvm2 takes
	 * these options in no other form of the two commands) */
	if (!v && (arg_count(ctx, OPT_SYSINIT) || arg_count(ctx, OPT_IGNORELOCKINGFAILURE))) {
		log_error("Command does not accept option: %s.",
		          arg_count(ctx, OPT_SYSINIT) ? "--sysinit" : "--ignorelockingfailure");
		return -1;
	}
	return 0;
}

/* What no activation may go past, vgchange's and lvchange's alike: a VG
 * vgtool only reads, or duplicate PVs.  0, or -1 after one line. */
static int refuse_activation(struct tool *t, struct vg *vg, const char *name)
{
	if (vg->read_only_reason) {
		log_error("Volume group %s cannot be activated by vgtool: %s.", name,
		          vg->read_only_reason);
		return -1;
	}
	return tool_refuse_duplicates(t, vg, 1) ? -1 : 0;
}

/* After a deactivation in a shared VG: the persistent LV locks of the
 * units that were active (`was`) and are no longer let go, as lvm2's
 * lv_active_change (a failure is said, and the command goes on). */
static void unlock_deactivated(struct cmd_context *ctx, struct vg *vg, struct lv *const *was,
                               size_t n)
{
	struct act a;

	if (!vg_shared(vg) || !n || act_begin(&a, vg, 1, 0))
		return;
	for (size_t i = 0; i < n; i++) {
		const struct lv *unit = group_of(vg, was[i]);
		if (unit != was[i] || unit_active(&a, unit) || !lv_uses_lock(vg, unit))
			continue;
		if (tool_lockd_lv(ctx, vg, unit, "un", 1))
			log_error("Failed to unlock logical volume %s/%s.", vg->name, unit->name);
	}
	act_end(&a);
}

/* The units of a shared VG active in the kernel state `a` read (for
 * unlock_deactivated); the count. */
static size_t active_units(const struct act *a, struct lv ***out)
{
	const struct vg *vg = a->vg;
	size_t n = 0;

	*out = NULL;
	if (!vg_shared(vg))
		return 0;
	*out = xcalloc(vg->n_lvs + 1, sizeof(**out));
	for (size_t i = 0; i < vg->n_lvs; i++)
		if (group_of(vg, vg->lvs[i]) == vg->lvs[i] && unit_active(a, vg->lvs[i]))
			(*out)[n++] = vg->lvs[i];
	return n;
}

/* `named`: the VG was an argument, not found by listing or a tag. */
static int change_vg(struct cmd_context *ctx, const char *name, const struct act_how *how,
                     int named)
{
	int on = how->change != ACTIVATE_NO;
	struct tool t;
	struct vg *vg;
	struct act a;
	struct lv *none = NULL, **was = NULL;
	size_t n_was = 0;
	int rc = EXIT_FAILED, polls = 0, skip;

	/* Exclusive, as lvm2's activation: the plan is made against the
	 * kernel's state as read below, so a second activation of this VG
	 * must not change that state until this one has applied its plan
	 * (two planning from one state would both create, or one remove
	 * what the other just made). */
	if (tool_begin(&t, ctx, name))
		return EXIT_FAILED;
	vg = tool_read_vg_activation(&t, name, named, on, &skip);
	if (!vg) {
		if (skip)
			rc = EXIT_DONE;
		goto out;
	}
	if (tool_vg_exported_refused(ctx, vg, named)) {
		if (!named)
			rc = EXIT_DONE;
		goto out;
	}
	/* lvm2 says nothing then, not even the count */
	if (how->change == ACTIVATE_AUTO && (vg->status & VG_NOAUTOACTIVATE)) {
		log_verbose("Autoactivation is disabled for VG %s.", name);
		rc = EXIT_DONE;
		goto out;
	}
	if (on && refuse_activation(&t, vg, name))
		goto out;
	if (act_begin(&a, vg, ctx->test_mode, on))
		goto out;
	if (!on) {
		struct lv **active;
		size_t n = act_active_lvs(&a, &active);
		for (size_t i = 0; i < n; i++)
			if (act_lv_open(&a, active[i]) && !lv_is_lvmlock(vg, active[i])) {
				log_error("Logical volume %s/%s is in use; cannot deactivate it.",
				          name, active[i]->name);
				free(active);
				act_end(&a);
				goto out;
			}
		free(active);
		n_was = active_units(&a, &was);
	}
	{
		/* (an empty list: none) but lvmlock, which the lock stop
		 * deactivates */
		struct lv *lock = vg_find_lv(vg, LVMLOCK_LV_NAME);
		int keep_lock = lock && lv_is_lvmlock(vg, lock) && act_lv_active(&a, lock);
		int r = on ? activate_units(ctx, &a, NULL, 0, how)
		           : tool_converge(&a, &none, 0, &lock, keep_lock ? 1 : 0);
		size_t visible = 0;
		for (size_t i = 0; i < vg->n_lvs; i++)
			visible +=
			    lv_is_user_visible(vg, vg->lvs[i]) && act_lv_active(&a, vg->lvs[i]);
		/* lvm2 says so before the count; the pollers start once the
		 * lock is released, below */
		if (on && (polls = merge_polls_due(ctx, vg)))
			log_print("Background polling started for %d logical volume(s) in volume "
			          "group \"%s\"",
			          polls, name);
		/* as lvm2, also when some LVs were refused or failed */
		log_print("%zu logical volume(s) in volume group \"%s\" now active", visible, name);
		rc = r ? EXIT_FAILED : EXIT_DONE;
	}
	act_end(&a);
	unlock_deactivated(ctx, vg, was, n_was);
out:
	free(was);
	tool_end(&t);
	/* no lock held: the pollers take it */
	if (polls && merge_start_polls(ctx, vg))
		rc = EXIT_FAILED;
	vg_free(vg);
	return rc;
}

int tool_autoactivate_vg(struct cmd_context *ctx, const char *name)
{
	struct act_how how = {.change = ACTIVATE_AUTO};
	unsigned flags = ctx->flags;
	int rc;

	/* vgchange's locks (the VG's exclusive), whichever command asks */
	ctx->flags = (flags & CMD_KERNEL) | CMD_VG_EX;
	rc = change_vg(ctx, name, &how, 1);
	ctx->flags = flags;
	return rc;
}

/* Every VG, for vgchange without one named, in lvm2's order (newest
 * discovered first).  0, or -1 (logged). */
static int all_vg_names(struct cmd_context *ctx, struct name_list *out)
{
	struct tool t;
	char **names = NULL;
	size_t n;

	if (tool_begin(&t, ctx, NULL))
		return -1;
	n = scan_vg_names_lvm2_order(&t.scan, &names);
	tool_end(&t);
	for (size_t i = 0; i < n; i++) {
		name_list_add(out, names[i], 0);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* vgchange --lockstart / --lockstop of one VG (lvm2's
 * _vgchange_lock_start_stop_single): 0, or -1 (logged).  *sanlock set
 * when a sanlock lockspace was started. */
static int lock_start_stop_vg(struct cmd_context *ctx, const char *name, int named, int start,
                              int *started, int *sanlock)
{
	struct tool t;
	struct vg *vg;
	struct lv *lock;
	int r = -1, skip = 0;

	if (tool_begin(&t, ctx, name))
		return -1;
	/* the start takes no VG lock (there is none until the lockspace
	 * runs); the stop takes it shared */
	vg = start ? vg_read(&t.scan, name) : tool_read_vg_activation(&t, name, named, 0, &skip);
	if (!vg) {
		r = skip ? 0 : -1;
		goto out;
	}
	if (!vg_shared(vg)) {
		r = 0;
		goto out;
	}
	lock = vg_find_lv(vg, LVMLOCK_LV_NAME);
	if (lock && !lv_is_lvmlock(vg, lock))
		lock = NULL;
	if (start) {
		/* lvmlockd finds sanlock's leases on /dev/mapper/VG-lvmlock */
		if (!strcmp(vg->lock_type, "sanlock") &&
		    (!lock || refuse_activation(&t, vg, name) ||
		     tool_kernel_follow(ctx, vg, &lock, 1, NULL, 0))) {
			log_error("Failed to activate sanlock lv %s/%s", vg->name, LVMLOCK_LV_NAME);
			goto out;
		}
		if (!strcmp(vg->lock_type, "sanlock"))
			*sanlock = 1;
		if (tool_lockd_start_vg(ctx, vg))
			goto out;
		(*started)++;
		r = 0;
	} else {
		int s = tool_lockd_stop_vg(ctx, vg);
		if (s < 0)
			goto out;
		if (!s && lock && tool_kernel_follow(ctx, vg, NULL, 0, &lock, 1)) {
			log_error("Failed to deactivate sanlock lv %s/%s", vg->name,
			          LVMLOCK_LV_NAME);
			goto out;
		}
		r = 0;
	}
out:
	tool_end(&t);
	vg_free(vg);
	return r;
}

static int lock_start_stop(struct cmd_context *ctx)
{
	int start = arg_count(ctx, OPT_LOCKSTART) > 0, started = 0, sanlock = 0;
	const char *opt = arg_str(ctx, OPT_LOCKOPT, NULL);
	struct name_list args = {0};
	int rc = EXIT_DONE;

	if (start && arg_count(ctx, OPT_LOCKSTOP)) {
		log_error("vgchange: --lockstart and --lockstop cannot be given together.");
		return EXIT_INVALID;
	}
	if (opt && strcmp(opt, "nowait") && strcmp(opt, "auto") && strcmp(opt, "autonowait")) {
		log_error("vgchange: --lockopt %s is not one vgtool takes (nowait, auto, "
		          "autonowait).",
		          opt);
		return EXIT_INVALID;
	}
	if (!tool_lockd_used()) {
		log_error("Using lock start and lock stop requires lvmlockd.");
		return EXIT_FAILED;
	}
	if (ctx->args.argc) {
		if ((rc = tool_vg_args(ctx, TAG_BAD_VG, &args)) != EXIT_DONE)
			return rc;
		/* lvm2 asks for the global lock shared once, and goes on
		 * without it */
		if (start)
			(void)tool_lockd_gl(ctx, "sh", NULL);
	} else if (all_vg_names(ctx, &args)) {
		return EXIT_FAILED;
	}
	for (size_t i = 0; i < args.n; i++)
		if (lock_start_stop_vg(ctx, args.names[i], ctx->args.argc && !args.by_tag[i], start,
		                       &started, &sanlock))
			rc = EXIT_FAILED;
	if (args.failed)
		rc = EXIT_FAILED;
	name_list_release(&args);
	if (start && started) {
		(void)tool_lockd_gl(ctx, "un", NULL);
		if (!opt || !strcmp(opt, "auto")) {
			log_print("Starting locking.  %s",
			          sanlock ? "Waiting for sanlock may take 20 sec to 3 min..."
			                  : "Waiting until locks are ready...");
			(void)tool_lockd_start_wait(ctx);
		} else {
			log_print("Starting locking.  VG can only be read until locks are ready.");
		}
	}
	return rc;
}

int cmd_vgchange(struct cmd_context *ctx)
{
	struct name_list args = {0};
	struct act_how how = {0};
	/* tags, limits, allocation policy, autoactivation: the VG's metadata */
	int rc = EXIT_DONE, props = tool_vg_props_given(ctx);
	struct vg_props values;
	const char *aa = arg_str(ctx, OPT_AUTOACTIVATION, NULL);

	/* the activation a udev event starts (conf/udev/69-vgtool.rules):
	 * none where boot activation is left to lvm2 */
	if (aa && strcmp(aa, "event")) {
		log_print("Skip vgchange for unknown autoactivation value.");
		return EXIT_DONE;
	}
	if (aa && !config_bool(SET_GLOBAL_EVENT_ACTIVATION)) {
		log_print("Skip vgchange for event and event_activation=0.");
		return EXIT_DONE;
	}
	if (arg_count(ctx, OPT_LOCKTYPE)) {
		if (props || arg_count(ctx, OPT_ACTIVATE) || arg_count(ctx, OPT_LOCKSTART) ||
		    arg_count(ctx, OPT_LOCKSTOP) || arg_count(ctx, OPT_SELECT)) {
			log_error("vgchange: --locktype goes alone.");
			return EXIT_INVALID;
		}
		return tool_vg_change_locktype(ctx);
	}
	if (arg_count(ctx, OPT_LOCKSTART) || arg_count(ctx, OPT_LOCKSTOP)) {
		if (props || arg_count(ctx, OPT_ACTIVATE)) {
			log_error("vgchange: --lockstart and --lockstop go alone.");
			return EXIT_INVALID;
		}
		return lock_start_stop(ctx);
	}
	/* lvm2 has no vgchange that does both */
	if (props && arg_count(ctx, OPT_ACTIVATE)) {
		log_error("vgchange: --activate cannot be combined with changes of the metadata "
		          "(--addtag, --deltag, -l, -p, -x, --alloc, --setautoactivation).");
		return EXIT_INVALID;
	}
	if (props && (rc = tool_vg_props_check(ctx, &values)) != EXIT_DONE)
		return rc;
	if (parse_activate(ctx, !props, &how))
		return EXIT_INVALID;
	/* lvm2's checks of --poll, in its order */
	if (arg_count(ctx, OPT_POLL) && how.change == ACTIVATE_NO) {
		log_error("Only -ay* allowed with --monitor or --poll.");
		return EXIT_INVALID;
	}
	if (arg_count(ctx, OPT_POLL) && arg_count(ctx, OPT_SYSINIT)) {
		log_error("Only one of --poll and --sysinit permitted.");
		return EXIT_INVALID;
	}
	if (arg_count(ctx, OPT_SELECT)) {
		/* a VG named but not there: the others first, then exit 5 */
		if ((rc = tool_select_vgs(ctx, &args)) != EXIT_DONE && !args.n)
			return rc;
	} else if (ctx->args.argc) {
		if ((rc = tool_vg_args(ctx, TAG_BAD_VG, &args)) != EXIT_DONE)
			return rc;
	} else if (all_vg_names(ctx, &args)) {
		return EXIT_FAILED;
	}
	for (size_t i = 0; i < args.n; i++) {
		int r =
		    props ? tool_vg_change_props(ctx, &values, args.names[i])
		          : change_vg(ctx, args.names[i], &how, ctx->args.argc && !args.by_tag[i]);
		if (r != EXIT_DONE)
			rc = r;
	}
	name_list_release(&args);
	return rc;
}

/* lvchange -ay of one LV (with its group), as activate_units. */
static int activate_lv(struct cmd_context *ctx, struct vg *vg, struct lv *lv,
                       const struct act_how *how)
{
	struct act a;
	struct lv *unit = (struct lv *)group_of(vg, lv);
	int r;
	if (act_begin(&a, vg, ctx->test_mode, 1))
		return -1;
	r = activate_units(ctx, &a, &unit, 1, how);
	act_end(&a);
	return r;
}

/* The LVs lvchange works on: the arguments, "@TAG" and -S resolved
 * (`activating`: a snapshot chosen by a tag or a selection is its
 * origin's business).  EXIT_DONE, or the exit code after logging. */
static int lv_targets(struct cmd_context *ctx, int activating, struct name_list *args)
{
	return arg_count(ctx, OPT_SELECT) ? tool_select_lvs(ctx, activating, args)
	                                  : tool_lv_args(ctx, TAG_BAD_REFUSE, activating, args);
}

/* The LV an argument names, if lvchange may change it; NULL when it may
 * not, with *failed set after lvm2's line, or not set for one chosen by
 * a tag and gone since (nothing to say). */
static struct lv *named_lv(struct vg *vg, const char *lv_name, int by_tag, int *failed)
{
	struct lv *lv = vg_find_lv(vg, lv_name);
	const struct segment *cs = lv ? lv_cow_segment(vg, lv) : NULL;

	*failed = 0;
	if (tool_virtual_origin_named(vg, lv)) {
		*failed = 1;
		return NULL;
	}
	if (cs && cs->merging) {
		log_error("Operation not permitted on hidden LV %s/%s.", vg->name, lv_name);
		*failed = 1;
		return NULL;
	}
	if (!lv || !lv_is_user_visible(vg, lv)) {
		if (!by_tag) {
			log_error("Logical volume %s not found in volume group %s.", lv_name,
			          vg->name);
			*failed = 1;
		}
		return NULL;
	}
	return lv;
}

/* What lvchange changes besides activation, each -1 (`tags` 0) when not
 * asked: lvm2's "properties" (lvchange.c, _lvchange_properties_single),
 * done in its order and committed once per LV. */
struct lv_props {
	int tags;
	int writable; /* -p */
	int alloc;    /* --alloc, -C (tools/limits.c) */
	int skip;     /* -k */
	int autoact;  /* --setautoactivation */
	/* -M: 0 for -Mn; 1 for -My with `minor` (and device-mapper's
	 * `major`), lvm2's command of its own */
	int persistent;
	int major, minor;
};

static int opt_bool_or_unset(struct cmd_context *ctx, enum opt_id id)
{
	return arg_count(ctx, id) ? opt_bool_value(arg_str(ctx, id, NULL)) : -1;
}

static void props_from_args(struct cmd_context *ctx, struct lv_props *p)
{
	p->tags = tool_tags_given(ctx);
	p->writable = arg_count(ctx, OPT_PERMISSION)
	                  ? opt_permission_value(arg_str(ctx, OPT_PERMISSION, NULL))
	                  : -1;
	p->alloc = tool_lv_alloc_given(ctx);
	p->skip = opt_bool_or_unset(ctx, OPT_SETACTIVATIONSKIP);
	p->autoact = opt_bool_or_unset(ctx, OPT_SETAUTOACTIVATION);
	p->persistent = opt_bool_or_unset(ctx, OPT_PERSISTENT);
	p->major = p->minor = -1;
}

static int props_given(const struct lv_props *p)
{
	return p->tags || p->writable >= 0 || p->alloc || p->skip >= 0 || p->autoact >= 0 ||
	       p->persistent >= 0;
}

/* lvm2's two command forms: "-My --minor N [--major M]" alone (with -a
 * at most), "-Mn" among the other properties; --minor and --major with
 * nothing else.  EXIT_DONE, or EXIT_INVALID after one line. */
static int persistent_args(struct cmd_context *ctx, struct lv_props *p)
{
	int numbers = arg_count(ctx, OPT_MINOR) || arg_count(ctx, OPT_MAJOR);

	if (p->persistent < 0 && !numbers)
		return EXIT_DONE;
	if (p->persistent < 0) {
		log_error("lvchange: --minor and --major go with -My (--persistent y).");
		return EXIT_INVALID;
	}
	if (!p->persistent && numbers) {
		log_error("lvchange: -Mn takes no --minor or --major.");
		return EXIT_INVALID;
	}
	if (p->persistent && !arg_count(ctx, OPT_MINOR)) {
		log_error("lvchange: -My needs --minor.");
		return EXIT_INVALID;
	}
	if (p->persistent && (p->tags || p->writable >= 0 || p->alloc || p->skip >= 0 ||
	                      p->autoact >= 0 || arg_count(ctx, OPT_REFRESH))) {
		log_error("lvchange: -My goes alone, with -a at most.");
		return EXIT_INVALID;
	}
	return tool_persistent_minor(ctx, &p->major, &p->minor) ? EXIT_FAILED : EXIT_DONE;
}

/* lvchange -My of an LV: the new number is taken at the next activation,
 * so an active LV is deactivated, its number committed, and activated
 * again, as lvm2 does; lvm2 asks first, vgtool wants -y. */
static int change_lv_minor(struct cmd_context *ctx, const struct lv_props *p, struct tool *t,
                           struct vg *old, struct vg *vg, struct lv *lv)
{
	struct lv *old_lv = vg_find_lv(old, lv->name);
	int active = kernel_read_only(ctx, vg, lv) >= 0;

	if (active && !ctx->yes) {
		log_error("%s/%s device number not changed: the LV is active and would be "
		          "deactivated for a moment (confirm with -y).",
		          vg->name, lv->name);
		return -1;
	}
	lv->status |= LV_FIXED_MINOR;
	lv->major = p->major;
	lv->minor = p->minor;
	if (active && follow(ctx, old, NULL, 0, &old_lv, 1, NULL, 0, 0))
		return -1;
	if (tool_commit(t, old, vg, NULL, 0))
		return -1;
	return active && follow(ctx, vg, &lv, 1, NULL, 0, NULL, 0, 0) ? -1 : 0;
}

/* -p on one LV, as lvm2: asking for the permission it has is refused,
 * unless the kernel's device says otherwise (activated read-only by
 * lvm2's --readonly, say): then the device is made to follow the
 * metadata, with no commit.  1 when done (*commit: the metadata changed;
 * *reload: the active device's read-only flag must follow), 0 when
 * refused (logged). */
static int change_permission(struct cmd_context *ctx, struct vg *vg, struct lv *lv, int writable,
                             int *commit, int *reload)
{
	int kernel_ro = kernel_read_only(ctx, vg, lv);

	if (writable == !!(lv->status & LV_WRITE)) {
		if (kernel_ro < 0 || kernel_ro != writable) {
			if (writable)
				log_error("Logical volume %s/%s is already writable.", vg->name,
				          lv->name);
			else
				log_error("Logical volume \"%s/%s\" is already read only.",
				          vg->name, lv->name);
			return 0;
		}
		log_print("Logical volume %s/%s is already %s.  Refreshing kernel state.", vg->name,
		          lv->name, writable ? "writable" : "read-only");
		*reload = 1;
		return 1;
	}
	if (writable)
		lv->status |= LV_WRITE;
	else
		lv->status &= ~(unsigned)LV_WRITE;
	*commit = 1;
	*reload = kernel_ro >= 0 && kernel_ro == writable;
	return 1;
}

/* lvchange's properties of one LV: each asked change that can be made
 * is, in one commit (lvm2 commits even when the tags or the skip flag
 * were already so, but not for autoactivation), and the LV is named as
 * changed; then EXIT_FAILED if any was refused, as lvm2. */
static int change_lv_props(struct cmd_context *ctx, const struct lv_props *p, const char *vg_name,
                           const char *lv_name, int by_tag)
{
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	struct lv *lv;
	int asked = 0, done = 0, commit = 0, reload = 0, failed = 0, rc = EXIT_FAILED;

	if (tool_begin(&t, ctx, vg_name))
		return EXIT_FAILED;
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_clone(old)))
		goto out;
	if (!(lv = named_lv(vg, lv_name, by_tag, &failed))) {
		rc = failed ? EXIT_FAILED : EXIT_DONE;
		goto out;
	}
	/* lvm2's command table keeps an origin's policy as it is */
	if (p->alloc && lv_is_origin(vg, lv)) {
		log_error("Logical volume %s/%s is a snapshot origin: its allocation policy is "
		          "not changed (--alloc, --contiguous).",
		          vg_name, lv_name);
		goto out;
	}
	if (p->persistent > 0) {
		/* lvm2's own command: no "changed" line */
		rc = change_lv_minor(ctx, p, &t, old, vg, lv) ? EXIT_FAILED : EXIT_DONE;
		goto out;
	}
	if (p->tags) {
		asked++, done++, commit = 1;
		tool_change_tags(ctx, &lv->tags, 0);
	}
	if (p->writable >= 0) {
		asked++;
		done += change_permission(ctx, vg, lv, p->writable, &commit, &reload);
	}
	if (p->alloc) {
		asked++;
		if (!tool_lv_change_alloc(ctx, vg, lv))
			done++, commit = 1;
	}
	if (p->skip >= 0) {
		asked++, done++, commit = 1;
		lv->status = p->skip ? lv->status | LV_ACTIVATION_SKIP
		                     : lv->status & ~(unsigned)LV_ACTIVATION_SKIP;
	}
	if (!p->persistent) {
		asked++;
		if (!(lv->status & LV_FIXED_MINOR)) {
			log_error("Minor number is already not persistent for %s/%s.", vg_name,
			          lv_name);
		} else {
			/* the active device keeps its number until reactivated */
			lv->status &= ~(unsigned)LV_FIXED_MINOR;
			lv->major = lv->minor = -1;
			done++, commit = 1;
		}
	}
	if (p->autoact >= 0) {
		unsigned want = p->autoact ? 0 : LV_NOAUTOACTIVATE;
		asked++, done++;
		if ((lv->status & LV_NOAUTOACTIVATE) != want) {
			lv->status ^= LV_NOAUTOACTIVATE;
			commit = 1;
		}
	}
	if (done) {
		if (commit && tool_commit(&t, old, vg, NULL, 0))
			goto out;
		log_print("Logical volume %s/%s changed.", vg_name, lv_name);
		if (reload && kernel_refresh(ctx, vg, lv))
			goto out;
	}
	rc = done == asked ? EXIT_DONE : EXIT_FAILED;
out:
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	return rc;
}

/* lvchange's first pass, as lvm2's: the properties of every LV named. */
static int change_props_all(struct cmd_context *ctx, const struct lv_props *p)
{
	struct name_list args;
	int rc = lv_targets(ctx, 0, &args);

	if (rc != EXIT_DONE)
		return rc;
	if (args.failed)
		rc = EXIT_FAILED;
	for (size_t i = 0; i < args.n; i++) {
		char *vg_name = NULL, *lv_name = NULL;
		int r = EXIT_INVALID;
		if (!parse_lv_arg(args.names[i], NULL, &vg_name, &lv_name))
			r = change_lv_props(ctx, p, vg_name, lv_name, args.by_tag[i]);
		if (r != EXIT_DONE)
			rc = r;
		free(vg_name);
		free(lv_name);
	}
	name_list_release(&args);
	return rc;
}

/* lvchange -a of one LV (its group): 0, or EXIT_FAILED after logging.
 * *poll: merges the activation started, to be polled. */
static int change_lv_activation(struct cmd_context *ctx, const struct act_how *how,
                                const char *vg_name, const char *lv_name, int by_tag, int *poll,
                                struct vg **vg_out)
{
	int on = how->change != ACTIVATE_NO, active = 0, open = 0, failed = 0;
	struct tool t;
	struct vg *vg;
	struct lv *lv;
	int rc = EXIT_FAILED;

	/* exclusive for the same reason as vgchange's (change_vg) */
	int skip;

	if (tool_begin(&t, ctx, vg_name))
		return EXIT_FAILED;
	*vg_out = vg = tool_read_vg_activation(&t, vg_name, !by_tag, on && !how->refresh, &skip);
	if (!vg) {
		if (skip)
			rc = EXIT_DONE;
		goto out;
	}
	if (tool_vg_exported_refused(ctx, vg, !by_tag)) {
		if (by_tag)
			rc = EXIT_DONE;
		goto out;
	}
	if (!(lv = named_lv(vg, lv_name, by_tag, &failed))) {
		if (!failed)
			rc = EXIT_DONE;
		goto out;
	}
	/* A sparse snapshot stands for its whole stack, as lvm2 takes it:
	 * activated through its virtual origin, whose flags count (-k of
	 * the snapshot does not keep lvchange -ay from it), with no
	 * question asked. */
	if (lv_virtual_origin_of(vg, lv))
		lv = lv_virtual_origin_of(vg, lv);
	/* --refresh, as lvm2: which also starts a merge put off while the
	 * origin was open, once nobody holds it */
	if (how->refresh) {
		if (tool_lv_state(ctx, vg, group_of(vg, lv), &active, &open) == 0 && active &&
		    (refuse_activation(&t, vg, vg_name) || kernel_refresh(ctx, vg, lv)))
			goto out;
		*poll = active ? merge_polls_due(ctx, vg) : 0;
		rc = EXIT_DONE;
		goto out;
	}
	/* lvm2 asks before a snapshot's change, -ay or -an, takes its origin
	 * along (and refuses without a terminal); vgtool asks nothing and
	 * wants -y */
	if (group_of(vg, lv) != lv && !ctx->yes) {
		const struct lv *origin = group_of(vg, lv);
		size_t others = lv_snapshot_count(vg, origin) - 1;
		struct strbuf more = STRBUF_INIT;
		if (others)
			strbuf_addf(&more, " and %zu other snapshot(s)", others);
		log_error("Change of snapshot %s/%s will also change its origin %s/%s%s: "
		          "confirm with -y; logical volume %s/%s not changed.",
		          vg_name, lv_name, vg_name, origin->name, more.buf, vg_name, lv_name);
		strbuf_release(&more);
		goto out;
	}
	/* as lvm2, in silence */
	if (on && passed_over(vg, lv, how)) {
		rc = EXIT_DONE;
		goto out;
	}
	if (on && refuse_activation(&t, vg, vg_name))
		goto out;
	if (!on && tool_lv_state(ctx, vg, group_of(vg, lv), &active, &open) == 0 && open) {
		log_error("Logical volume %s/%s is in use; cannot deactivate it.", vg_name,
		          lv_name);
		goto out;
	}
	if (on ? activate_lv(ctx, vg, lv, how) : tool_kernel_follow(ctx, vg, NULL, 0, &lv, 1))
		goto out;
	if (!on) {
		struct lv *unit = (struct lv *)group_of(vg, lv);
		unlock_deactivated(ctx, vg, &unit, 1);
	}
	if (on)
		*poll = merge_polls_due(ctx, vg);
	rc = EXIT_DONE;
out:
	tool_end(&t);
	return rc;
}

/* lvchange's activation pass, after the properties (as lvm2's). */
static int change_activation_all(struct cmd_context *ctx, const struct act_how *how)
{
	struct name_list args;
	int rc = lv_targets(ctx, 1, &args);

	if (rc != EXIT_DONE)
		return rc;
	if (args.failed)
		rc = EXIT_FAILED;
	for (size_t i = 0; i < args.n; i++) {
		char *vg_name = NULL, *lv_name = NULL;
		struct vg *vg = NULL;
		int poll = 0, r = EXIT_INVALID;

		if (!parse_lv_arg(args.names[i], NULL, &vg_name, &lv_name))
			r = change_lv_activation(ctx, how, vg_name, lv_name, args.by_tag[i], &poll,
			                         &vg);
		/* no lock held: the pollers take it */
		if (poll && merge_start_polls(ctx, vg))
			r = EXIT_FAILED;
		if (r != EXIT_DONE)
			rc = r;
		vg_free(vg);
		free(vg_name);
		free(lv_name);
	}
	name_list_release(&args);
	return rc;
}

int cmd_lvchange(struct cmd_context *ctx)
{
	struct lv_props p;
	struct act_how how = {0};
	enum alloc_policy alloc;
	int rc;

	if ((rc = tool_lv_alloc_args(ctx, 0, &alloc)) != EXIT_DONE)
		return rc;
	props_from_args(ctx, &p);
	if ((rc = persistent_args(ctx, &p)) != EXIT_DONE)
		return rc;
	if (arg_count(ctx, OPT_REFRESH)) {
		/* lvm2 takes --refresh alone (with tags and -S to choose) */
		if (props_given(&p) || arg_count(ctx, OPT_ACTIVATE)) {
			log_error("lvchange: --refresh goes alone, without -a or properties.");
			return EXIT_INVALID;
		}
		if (!ctx->args.argc && !arg_count(ctx, OPT_SELECT)) {
			log_error("lvchange: give at least one VG/LV, or -S.");
			return EXIT_INVALID;
		}
		how.change = ACTIVATE_BAD;
		how.ignore_skip = 0;
		how.refresh = 1;
		return change_activation_all(ctx, &how);
	}
	/* -a, or properties, or both (lvm2 changes the properties, warns,
	 * then activates) */
	if (parse_activate(ctx, !props_given(&p), &how))
		return EXIT_INVALID;
	/* lvm2 takes -K only in a command that activates and nothing else */
	if (props_given(&p) && how.ignore_skip) {
		log_error("Command does not accept option: --ignoreactivationskip.");
		return EXIT_INVALID;
	}
	if (!ctx->args.argc && !arg_count(ctx, OPT_SELECT)) {
		log_error("lvchange: give at least one VG/LV, or -S.");
		return EXIT_INVALID;
	}
	if (props_given(&p)) {
		rc = change_props_all(ctx, &p);
		if (rc != EXIT_DONE || how.change == ACTIVATE_BAD)
			return rc;
		log_warn(
		    "WARNING: Combining activation change with other commands is not advised.");
	}
	return change_activation_all(ctx, &how);
}
