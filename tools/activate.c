/* vgchange -ay/-an, lvchange -ay/-an, and the kernel side of the other
 * commands (tool_kernel_follow). */
#include <stdlib.h>
#include <string.h>

#include "activate/activate.h"
#include "activate/dm.h"
#include "metadata/missing.h"
#include "misc/log.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
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
                  struct lv *const *off, size_t n_off, int check_only)
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
	r = check_only ? act_check(&a, active, n) : tool_converge(&a, active, n, NULL, 0);
	free(active);
	act_end(&a);
	return r;
}

int tool_kernel_follow(struct cmd_context *ctx, struct vg *vg, struct lv *const *on, size_t n_on,
                       struct lv *const *off, size_t n_off)
{
	return follow(ctx, vg, on, n_on, off, n_off, 0);
}

int tool_kernel_check(struct cmd_context *ctx, struct vg *vg, struct lv *const *on, size_t n_on)
{
	return follow(ctx, vg, on, n_on, NULL, 0, 1);
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

/* Activate the units (plain LVs, origins) in `want` (NULL: every unit of
 * the VG lvm2's vgchange -ay takes, those flagged to skip activation
 * aside), the active ones staying as they are or following the
 * metadata.  As lvm2: a partial LV (lv_is_partial) is refused unless in
 * partial mode, each with lvm2's message, and the others go on; a refused
 * LV that is active keeps what the kernel has of it.  In partial mode, a
 * group with a lost PV is planned on its own, after the others: the
 * kernel may refuse it (a snapshot whose COW's header is lost cannot be
 * loaded, EIO), and what ran of it is then undone alone.  0, or -1 when
 * a unit was refused or failed (logged). */
static int activate_units(struct cmd_context *ctx, struct act *a, struct lv *const *want,
                          size_t n_want)
{
	const struct vg *vg = a->vg;
	struct lv **on = xcalloc(vg->n_lvs + 1, sizeof(*on));
	struct lv **keep = xcalloc(2 * vg->n_lvs + 1, sizeof(*keep));
	struct lv **lost = xcalloc(vg->n_lvs + 1, sizeof(*lost));
	size_t n_on = 0, n_keep = 0, n_lost = 0;
	int r = 0;

	for (size_t i = 0; i < vg->n_lvs; i++) {
		struct lv *lv = vg->lvs[i];
		int active, wanted = !want && !(lv->status & LV_ACTIVATION_SKIP);
		if (lv_snapshot_segment(lv) || lv_cow_segment(vg, lv))
			continue; /* a snapshot is its origin's business */
		for (size_t j = 0; j < n_want && !wanted; j++)
			wanted = want[j] == lv;
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
	free(on);
	free(keep);
	free(lost);
	return r;
}

static int parse_activate(struct cmd_context *ctx, int *on)
{
	const char *v = arg_str(ctx, OPT_ACTIVATE, NULL);
	if (!v) {
		log_error("%s: give -ay or -an.", ctx->cmd->name);
		return -1;
	}
	*on = parse_yes_no("--activate", v);
	return *on < 0 ? -1 : 0;
}

/* `named`: the VG was an argument, not found by listing or a tag. */
static int change_vg(struct cmd_context *ctx, const char *name, int on, int named)
{
	struct tool t;
	struct vg *vg;
	struct act a;
	struct lv *none = NULL;
	int rc = EXIT_FAILED, polls = 0;

	/* Exclusive, as lvm2's activation: the plan is made against the
	 * kernel's state as read below, so a second activation of this VG
	 * must not change that state until this one has applied its plan
	 * (two planning from one state would both create, or one remove
	 * what the other just made). */
	if (tool_begin(&t, ctx, name))
		return EXIT_FAILED;
	vg = vg_read(&t.scan, name);
	if (!vg)
		goto out;
	if (tool_vg_exported_refused(ctx, vg, named)) {
		if (!named)
			rc = EXIT_DONE;
		goto out;
	}
	if (on && vg->read_only_reason) {
		log_error("Volume group %s cannot be activated by vgtool: %s.", name,
		          vg->read_only_reason);
		goto out;
	}
	if (on && tool_refuse_duplicates(&t, vg, 1))
		goto out;
	if (act_begin(&a, vg, ctx->test_mode, on))
		goto out;
	if (!on) {
		struct lv **active;
		size_t n = act_active_lvs(&a, &active);
		for (size_t i = 0; i < n; i++)
			if (act_lv_open(&a, active[i])) {
				log_error("Logical volume %s/%s is in use; cannot deactivate it.",
				          name, active[i]->name);
				free(active);
				act_end(&a);
				goto out;
			}
		free(active);
	}
	{
		/* (an empty list: none) */
		int r =
		    on ? activate_units(ctx, &a, NULL, 0) : tool_converge(&a, &none, 0, NULL, 0);
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
out:
	tool_end(&t);
	/* no lock held: the pollers take it */
	if (polls && merge_start_polls(ctx, vg))
		rc = EXIT_FAILED;
	vg_free(vg);
	return rc;
}

int cmd_vgchange(struct cmd_context *ctx)
{
	struct name_list args = {0};
	/* tags, limits, allocation policy: the VG's metadata */
	int on = -1, rc = EXIT_DONE, props = tool_vg_props_given(ctx);

	/* lvm2 has no vgchange that does both */
	if (props && arg_count(ctx, OPT_ACTIVATE)) {
		log_error("vgchange: --activate cannot be combined with changes of the metadata "
		          "(--addtag, --deltag, -l, -p, -x, --alloc).");
		return EXIT_INVALID;
	}
	if (props && (rc = tool_vg_props_check(ctx)) != EXIT_DONE)
		return rc;
	if (!props && parse_activate(ctx, &on))
		return EXIT_INVALID;
	if (arg_count(ctx, OPT_SELECT)) {
		/* a VG named but not there: the others first, then exit 5 */
		if ((rc = tool_select_vgs(ctx, &args)) != EXIT_DONE && !args.n)
			return rc;
	} else if (ctx->args.argc) {
		if ((rc = tool_vg_args(ctx, TAG_BAD_VG, &args)) != EXIT_DONE)
			return rc;
	} else {
		struct tool t;
		char **names = NULL;
		size_t n;
		if (tool_begin(&t, ctx, NULL))
			return EXIT_FAILED;
		/* lvm2's order: newest discovered first */
		n = scan_vg_names_lvm2_order(&t.scan, &names);
		tool_end(&t);
		for (size_t i = 0; i < n; i++) {
			name_list_add(&args, names[i], 0);
			free(names[i]);
		}
		free(names);
	}
	for (size_t i = 0; i < args.n; i++) {
		int r = props
		            ? tool_vg_change_props(ctx, args.names[i])
		            : change_vg(ctx, args.names[i], on, ctx->args.argc && !args.by_tag[i]);
		if (r != EXIT_DONE)
			rc = r;
	}
	name_list_release(&args);
	return rc;
}

/* lvchange -ay of one LV (with its group), as activate_units. */
static int activate_lv(struct cmd_context *ctx, struct vg *vg, struct lv *lv)
{
	struct act a;
	struct lv *unit = (struct lv *)group_of(vg, lv);
	int r;
	if (act_begin(&a, vg, ctx->test_mode, 1))
		return -1;
	r = activate_units(ctx, &a, &unit, 1);
	act_end(&a);
	return r;
}

/* lvchange's changes of the metadata of one LV (tags, allocation
 * policy): one commit for all, as lvm2's, even when the tags were
 * already so, and lvm2's line when any was made.  *vg becomes the VG
 * committed.  0, or -1 when one was refused or failed (logged). */
static int change_lv_props(struct tool *t, struct vg **vg, const char *lv_name)
{
	struct cmd_context *ctx = t->ctx;
	struct vg *old = *vg, *nvg;
	struct lv *lv = vg_find_lv(old, lv_name);
	int done = 0, failed = 0;

	/* lvm2's command table keeps an origin's policy as it is */
	if (tool_lv_alloc_given(ctx) && lv_is_origin(old, lv)) {
		log_error("Logical volume %s/%s is a snapshot origin: its allocation policy is "
		          "not changed (--alloc, --contiguous).",
		          old->name, lv_name);
		return -1;
	}
	if (!(nvg = vg_clone(old)))
		return -1;
	lv = vg_find_lv(nvg, lv_name);
	if (tool_tags_given(ctx)) {
		tool_change_tags(ctx, &lv->tags, 0);
		done = 1;
	}
	if (tool_lv_alloc_given(ctx)) {
		if (tool_lv_change_alloc(ctx, nvg, lv))
			failed = 1;
		else
			done = 1;
	}
	if (!done || tool_commit(t, old, nvg, NULL, 0)) {
		vg_free(nvg);
		return -1;
	}
	vg_free(old);
	*vg = nvg;
	log_print("Logical volume %s/%s changed.", nvg->name, lv_name);
	return failed ? -1 : 0;
}

int cmd_lvchange(struct cmd_context *ctx)
{
	/* tags or allocation policy: the LV's metadata */
	int on = -1, rc = EXIT_DONE, tags = tool_tags_given(ctx) || tool_lv_alloc_given(ctx);
	enum alloc_policy alloc;
	struct name_list args;

	if ((rc = tool_lv_alloc_args(ctx, 0, &alloc)) != EXIT_DONE)
		return rc;
	/* -a, or metadata, or both (lvm2 warns, changes the metadata, then
	 * activates) */
	if ((arg_count(ctx, OPT_ACTIVATE) || !tags) && parse_activate(ctx, &on))
		return EXIT_INVALID;
	if (!ctx->args.argc && !arg_count(ctx, OPT_SELECT)) {
		log_error("lvchange: give at least one VG/LV, or -S.");
		return EXIT_INVALID;
	}
	if (tags && on >= 0)
		log_warn(
		    "WARNING: Combining activation change with other commands is not advised.");
	rc = arg_count(ctx, OPT_SELECT) ? tool_select_lvs(ctx, on >= 0, &args)
	                                : tool_lv_args(ctx, TAG_BAD_REFUSE, on >= 0, &args);
	if (rc != EXIT_DONE)
		return rc;
	for (size_t i = 0; i < args.n; i++) {
		char *vg_name = NULL, *lv_name = NULL;
		struct tool t;
		struct vg *vg = NULL;
		struct lv *lv;
		int active = 0, open = 0, poll = 0;

		if (parse_lv_arg(args.names[i], NULL, &vg_name, &lv_name)) {
			rc = EXIT_INVALID;
			continue;
		}
		/* exclusive for the same reason as vgchange's (change_vg) */
		if (tool_begin(&t, ctx, vg_name)) {
			rc = EXIT_FAILED;
			goto next_nolock;
		}
		vg = tags ? tool_read_vg_for_write(&t, vg_name) : vg_read(&t.scan, vg_name);
		if (!vg) {
			rc = EXIT_FAILED;
			goto next;
		}
		if (!tags && tool_vg_exported_refused(ctx, vg, !args.by_tag[i])) {
			if (!args.by_tag[i])
				rc = EXIT_FAILED;
			goto next;
		}
		lv = vg_find_lv(vg, lv_name);
		if (lv && lv_cow_segment(vg, lv) && lv_cow_segment(vg, lv)->merging) {
			log_error("Operation not permitted on hidden LV %s/%s.", vg_name, lv_name);
			rc = EXIT_FAILED;
			goto next;
		}
		if (!lv || !lv_is_user_visible(vg, lv)) {
			/* chosen by a tag and gone since: nothing to say */
			if (args.by_tag[i])
				goto next;
			log_error("Logical volume %s not found in volume group %s.", lv_name,
			          vg_name);
			rc = EXIT_FAILED;
			goto next;
		}
		if (tags) {
			if (change_lv_props(&t, &vg, lv_name)) {
				rc = EXIT_FAILED;
				goto next;
			}
			lv = vg_find_lv(vg, lv_name);
		}
		if (on < 0)
			goto next;
		if (on && vg->read_only_reason) {
			log_error("Volume group %s cannot be activated by vgtool: %s.", vg_name,
			          vg->read_only_reason);
			rc = EXIT_FAILED;
			goto next;
		}
		if (on && tool_refuse_duplicates(&t, vg, 1)) {
			rc = EXIT_FAILED;
			goto next;
		}
		/* lvm2 asks before a snapshot's change, -ay or -an, takes its
		 * origin along (and refuses without a terminal); vgtool asks
		 * nothing and wants -y */
		if (group_of(vg, lv) != lv && !ctx->yes) {
			const struct lv *origin = group_of(vg, lv);
			size_t others = lv_snapshot_count(vg, origin) - 1;
			struct strbuf more = STRBUF_INIT;
			if (others)
				strbuf_addf(&more, " and %zu other snapshot(s)", others);
			log_error("Change of snapshot %s/%s will also change its origin %s/%s%s: "
			          "confirm with -y; logical volume %s/%s not changed.",
			          vg_name, lv_name, vg_name, origin->name, more.buf, vg_name,
			          lv_name);
			strbuf_release(&more);
			rc = EXIT_FAILED;
			goto next;
		}
		if (!on && tool_lv_state(ctx, vg, group_of(vg, lv), &active, &open) == 0 && open) {
			log_error("Logical volume %s/%s is in use; cannot deactivate it.", vg_name,
			          lv_name);
			rc = EXIT_FAILED;
			goto next;
		}
		if (on ? activate_lv(ctx, vg, lv) : tool_kernel_follow(ctx, vg, NULL, 0, &lv, 1))
			rc = EXIT_FAILED;
		else if (on)
			poll = merge_polls_due(ctx, vg);
	next:
		tool_end(&t);
		/* no lock held: the pollers take it */
		if (poll && merge_start_polls(ctx, vg))
			rc = EXIT_FAILED;
	next_nolock:
		vg_free(vg);
		free(vg_name);
		free(lv_name);
	}
	name_list_release(&args);
	return rc;
}
