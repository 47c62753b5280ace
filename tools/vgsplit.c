/* vgexport, vgimport, vgsplit, vgmerge: VGs leaving a host, coming back,
 * splitting in two and joining, with lvm2's rules (metadata/split.h) and
 * its order of commits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activate/activate.h"
#include "metadata/format/backup.h"
#include "metadata/names.h"
#include "metadata/split.h"
#include "misc/log.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/limits.h"
#include "tools/lockd.h"
#include "tools/toollib.h"

/* Which LVs of `vg` are active (per LV, vg->lvs order), one read of the
 * kernel for all; *any tells whether one is. */
static unsigned char *active_lvs(struct cmd_context *ctx, struct vg *vg, int *any)
{
	unsigned char *on = xcalloc(vg->n_lvs + 1, 1);
	struct act a;

	*any = 0;
	if (!tool_kernel(ctx) || act_begin(&a, vg, 1, 0))
		return on;
	for (size_t i = 0; i < vg->n_lvs; i++)
		*any |= on[i] = (unsigned char)act_lv_active(&a, vg->lvs[i]);
	act_end(&a);
	return on;
}

/* Is an LV of `vg` active: lvmlock alone (`lvmlock`), or any other?
 * (lvm2's lvs_in_vg_activated leaves the hidden lvmlock out: it is
 * active while a shared VG's lockspace runs.) */
static int vg_active(struct cmd_context *ctx, struct vg *vg, int lvmlock)
{
	int any, found = 0;
	unsigned char *on = active_lvs(ctx, vg, &any);

	for (size_t i = 0; i < vg->n_lvs; i++)
		found |= on[i] && lv_is_lvmlock(vg, vg->lvs[i]) == lvmlock;
	free(on);
	return found;
}

int tool_vg_has_active_lvs(struct cmd_context *ctx, struct vg *vg)
{
	return vg_active(ctx, vg, 0);
}

int tool_vg_lvmlock_active(struct cmd_context *ctx, struct vg *vg)
{
	return vg_active(ctx, vg, 1);
}

/* vgexport and vgimport's arguments: VGs, or -a for all (those the
 * command may use: vgexport passes over the exported ones, as lvm2). */
static int export_args(struct cmd_context *ctx, const char *what, struct name_list *out)
{
	struct tool t;
	char **names = NULL;
	size_t n;

	memset(out, 0, sizeof(*out));
	/* lvm2 has no form with both */
	if (arg_count(ctx, OPT_ALL_VGS) && arg_count(ctx, OPT_SELECT)) {
		log_error("Command does not accept option: --all.");
		return EXIT_INVALID;
	}
	if (arg_count(ctx, OPT_ALL_VGS) && ctx->args.argc) {
		log_error("No arguments permitted when using -a for all.");
		return EXIT_INVALID;
	}
	if (arg_count(ctx, OPT_SELECT))
		return tool_select_vgs(ctx, out);
	if (!arg_count(ctx, OPT_ALL_VGS)) {
		if (!ctx->args.argc) {
			log_error("%s: give volume groups, -S, or -a for all.", what);
			return EXIT_INVALID;
		}
		return tool_vg_args(ctx, TAG_BAD_VG, out);
	}
	if (tool_begin(&t, ctx, NULL))
		return EXIT_FAILED;
	n = scan_vg_names_lvm2_order(&t.scan, &names);
	tool_end(&t);
	for (size_t i = 0; i < n; i++) {
		name_list_add(out, names[i], 1);
		free(names[i]);
	}
	free(names);
	return EXIT_DONE;
}

/* Export (1) or import (0) each VG the arguments name: one commit each. */
static int export_each(struct cmd_context *ctx, int exporting)
{
	struct name_list args;
	int rc;

	rc = export_args(ctx, exporting ? "vgexport" : "vgimport", &args);
	/* -S with a VG named that is not there: the others first, then 5 */
	if (rc != EXIT_DONE && (rc == EXIT_INVALID || !args.n)) {
		name_list_release(&args);
		return rc;
	}
	if (!exporting && arg_count(ctx, OPT_FORCE))
		log_warn("WARNING: Volume groups with missing PVs will be imported with --force.");
	for (size_t i = 0; i < args.n; i++) {
		const char *name = args.names[i];
		struct tool t;
		struct vg *old = NULL, *vg = NULL;

		if (tool_begin(&t, ctx, name)) {
			rc = EXIT_FAILED;
			continue;
		}
		/* -a: an exported VG is not vgexport's to see (read once more
		 * below: a VG that is not there is said once, there) */
		if (exporting && args.by_tag[i]) {
			old = vg_read(&t.scan, name);
			if (old && tool_vg_exported_refused(ctx, old, 0))
				goto next;
			vg_free(old);
		}
		old = !exporting && arg_count(ctx, OPT_FORCE) ? tool_read_vg_missing_ok(&t, name)
		                                              : tool_read_vg_for_write(&t, name);
		if (!old || !(vg = vg_clone(old))) {
			rc = EXIT_FAILED;
			goto next;
		}
		if (exporting && tool_vg_has_active_lvs(ctx, vg)) {
			log_error("Volume group \"%s\" has active logical volumes", name);
			rc = EXIT_FAILED;
			goto next;
		}
		/* a shared VG: no LV active on another host either (the
		 * lockspace stays started, as lvm2's) */
		if (exporting && tool_lockd_all_lvs(ctx, vg, "vgexport")) {
			rc = EXIT_FAILED;
			goto next;
		}
		if (!exporting && !(vg->status & VG_EXPORTED)) {
			log_error("Volume group \"%s\" is not exported", name);
			rc = EXIT_FAILED;
			goto next;
		}
		vg_set_exported(vg, exporting);
		if (tool_commit(&t, old, vg, NULL, 0)) {
			rc = EXIT_FAILED;
			goto next;
		}
		log_print("Volume group \"%s\" successfully %s", name,
		          exporting ? "exported" : "imported");
	next:
		vg_free(vg);
		vg_free(old);
		tool_end(&t);
	}
	name_list_release(&args);
	return rc;
}

int cmd_vgexport(struct cmd_context *ctx)
{
	return export_each(ctx, 1);
}

int cmd_vgimport(struct cmd_context *ctx)
{
	return export_each(ctx, 0);
}

/* lvm2's line for a VG that cannot take `src`'s LVs and PVs. */
static int merge_refused(const struct vg *dst, const struct vg *src)
{
	const struct lv *clash;

	switch (vg_merge_check(dst, src, &clash)) {
	case MERGE_OK:
		return 0;
	case MERGE_EXTENT_SIZE:
		log_error("Extent sizes differ: %u (%s) and %u (%s)", dst->extent_size, dst->name,
		          src->extent_size, src->name);
		break;
	case MERGE_MAX_PV:
		log_error("Maximum number of physical volumes (%u) exceeded  for \"%s\" and \"%s\"",
		          dst->max_pv, dst->name, src->name);
		break;
	case MERGE_MAX_LV:
		log_error("Maximum number of logical volumes (%u) exceeded  for \"%s\" and \"%s\"",
		          dst->max_lv, dst->name, src->name);
		break;
	case MERGE_LV_NAME:
		log_error("Duplicate logical volume name \"%s\" in \"%s\" and \"%s\"", clash->name,
		          dst->name, src->name);
		break;
	}
	return 1;
}

/* lvm2's vgs_are_compatible: `src` inactive, then the rules above. */
static int compatible(struct cmd_context *ctx, const struct vg *dst, struct vg *src)
{
	if (tool_vg_has_active_lvs(ctx, src)) {
		log_error("Logical volumes in \"%s\" must be inactive", src->name);
		return 0;
	}
	return !merge_refused(dst, src);
}

/* `src` with a new id for each LV whose id `dst` has too (the VGs were
 * cloned, say), as lvm2's vgmerge gives them; NULL (logged) when no id
 * could be made. */
static struct vg *with_fresh_lv_ids(const struct vg *src, const struct vg *dst)
{
	struct vg *c = vg_clone(src), *fresh;
	int changed = 0;

	for (size_t i = 0; i < c->n_lvs; i++) {
		char id[UUID_LEN + 1];
		if (!vg_find_lv_by_id(dst, c->lvs[i]->id))
			continue;
		if (uuid_generate(id)) {
			vg_free(c);
			return NULL;
		}
		memcpy(c->lvs[i]->id, id, sizeof(id));
		changed = 1;
	}
	if (!changed)
		return c;
	/* the lookups by id follow the new ids in a copy */
	fresh = vg_clone(c);
	vg_free(c);
	return fresh;
}

int cmd_vgmerge(struct cmd_context *ctx)
{
	const char *to, *from;
	struct tool t;
	struct vg *dst = NULL, *src = NULL, *vg = NULL, *moving = NULL;
	int rc = EXIT_FAILED;

	if (ctx->args.argc != 2) {
		log_error("vgmerge: give the destination and the source volume group.");
		/* lvm2 shows the one syntax on stdout */
		printf("  vgmerge VG VG\n\n");
		return EXIT_INVALID;
	}
	to = ctx->args.argv[0];
	from = ctx->args.argv[1];
	if (!strcmp(to, from)) {
		log_error("Duplicate volume group name \"%s\"", from);
		return EXIT_FAILED;
	}
	if (tool_begin_two(&t, ctx, to, from))
		return EXIT_FAILED;
	/* lvm2 reads the two in name order, as it locks them */
	if (strcmp(to, from) > 0 ? !(src = tool_read_vg_for_write(&t, from)) ||
	                               !(dst = tool_read_vg_for_write(&t, to))
	                         : !(dst = tool_read_vg_for_write(&t, to)) ||
	                               !(src = tool_read_vg_for_write(&t, from)))
		goto out;
	if (!compatible(ctx, dst, src) || !(moving = with_fresh_lv_ids(src, dst)))
		goto out;
	vg = vg_clone(dst);
	vg_append(vg, moving, NULL, 0, NULL, 0);
	/* One commit to every PV, the source's included: a crash leaves
	 * some of the source's PVs with the merged VG, which lists them all
	 * and has the destination's higher seqno on its own PVs, so it
	 * reads whole; the source reads as before from the others.  lvm2's
	 * own order. */
	if (tool_archive_on(ctx) && !ctx->test_mode && backup_archive(src, ctx->cmdline))
		goto out;
	if (tool_commit(&t, dst, vg, NULL, 0))
		goto out;
	log_print("Volume group \"%s\" successfully merged into \"%s\"", from, to);
	rc = EXIT_DONE;
out:
	vg_free(moving);
	vg_free(vg);
	vg_free(src);
	vg_free(dst);
	tool_end(&t);
	return rc;
}

/* The PVs vgsplit moves: the arguments after the two VG names, or those
 * the LV of -n uses.  0, or -1 after lvm2's line. */
static int split_pvs(struct cmd_context *ctx, struct vg *vg, struct pv ***pvs, size_t *n)
{
	const char *lv_name = arg_str(ctx, OPT_SPLIT_LV, NULL);

	*pvs = NULL;
	*n = 0;
	if (lv_name) {
		struct lv *lv = vg_find_lv(vg, lv_name);
		if (!lv) {
			log_error("Logical volume %s not in volume group %s", lv_name, vg->name);
			return -1;
		}
		*n = lv_pvs_used(lv, pvs);
		return 0;
	}
	for (int i = 2; i < ctx->args.argc; i++) {
		struct pv *pv = vg_find_pv_by_path(vg, ctx->args.argv[i]);
		int seen = 0;
		for (size_t k = 0; k < *n && !seen; k++)
			seen = (*pvs)[k] == pv;
		if (!pv || seen) {
			/* lvm2 finds a PV given twice gone the second time */
			log_error("Physical volume %s not in volume group %s", ctx->args.argv[i],
			          vg->name);
			return -1;
		}
		*pvs = xrealloc(*pvs, (*n + 1) * sizeof(**pvs));
		(*pvs)[(*n)++] = pv;
	}
	return 0;
}

/* lvm2's line for a refused split plan. */
static void split_refused(const struct vg *vg, const struct split_plan *plan)
{
	switch (plan->why) {
	case SPLIT_OK:
		break;
	case SPLIT_LV_SPANS:
		log_error("Can't split Logical Volume %s between two Volume Groups",
		          plan->culprit->name);
		break;
	case SPLIT_LV_ACTIVE:
		log_error("Logical volume %s/%s must be inactive.", vg->name, plan->culprit->name);
		break;
	case SPLIT_SNAPSHOT_SPANS:
		log_error("Can't split snapshot %s between two Volume Groups", plan->culprit->name);
		break;
	}
}

int cmd_vgsplit(struct cmd_context *ctx)
{
	const char *from, *to;
	int by_lv = arg_count(ctx, OPT_SPLIT_LV) > 0, existing, any_active;
	int new_options =
	    arg_count(ctx, OPT_MAXLV) || arg_count(ctx, OPT_MAXPV) || arg_count(ctx, OPT_ALLOC);
	struct tool t;
	struct vg *src = NULL, *dst = NULL, *vg = NULL, *part = NULL, *to_vg = NULL;
	struct pv **pvs = NULL;
	size_t n_pvs = 0;
	unsigned char *active = NULL;
	struct split_plan plan = {0};
	int rc = EXIT_FAILED, r;

	if (ctx->args.argc < (by_lv ? 2 : 3)) {
		log_error("Existing VG, new VG and either physical volumes or logical volume "
		          "required.");
		return EXIT_INVALID;
	}
	if (by_lv && ctx->args.argc > 2) {
		log_error("A logical volume name cannot be given with physical volumes.");
		return EXIT_INVALID;
	}
	from = ctx->args.argv[0];
	to = ctx->args.argv[1];
	if (!strcmp(from, to)) {
		log_error("Duplicate volume group name \"%s\"", from);
		return EXIT_FAILED;
	}
	if (tool_begin_two(&t, ctx, from, to))
		return EXIT_FAILED;
	existing = 0;
	for (size_t i = 0; i < t.scan.n && !existing; i++)
		existing =
		    pv_disk_vg_name(t.scan.pvs[i]) && !strcmp(pv_disk_vg_name(t.scan.pvs[i]), to);
	if (!existing && name_problem(to)) {
		log_error("Invalid vg name %s.", to);
		goto out;
	}
	if ((existing && !(dst = tool_read_vg_for_write(&t, to))) ||
	    !(src = tool_read_vg_for_write(&t, from)))
		goto out;
	if (existing) {
		if (new_options) {
			log_error("Volume group \"%s\" exists, but new VG option specified", to);
			goto out;
		}
		if (!compatible(ctx, dst, src))
			goto out;
	} else {
		/* lvm2's new VG: the source's extent size, limits, allocation
		 * policy, system ID and metadata copies; no tags */
		to_vg = vg_new(to, src->extent_size);
		if (uuid_generate(to_vg->id))
			goto out;
		to_vg->max_lv = src->max_lv;
		to_vg->max_pv = src->max_pv;
		to_vg->metadata_copies = src->metadata_copies;
		to_vg->allocation_policy =
		    src->allocation_policy ? xstrdup(src->allocation_policy) : NULL;
		to_vg->system_id = src->system_id ? xstrdup(src->system_id) : NULL;
		/* -l, -p and --alloc: the new VG's own, or the source's */
		if ((r = tool_vg_limit_args(ctx, to_vg)) != EXIT_DONE) {
			rc = r;
			goto out;
		}
	}
	/* PVs leave or join a VG only while it is resizeable (lvm2 asks
	 * as it moves the first) */
	if (!(vg = vg_clone(src)) || split_pvs(ctx, vg, &pvs, &n_pvs) ||
	    (n_pvs &&
	     (tool_refuse_not_resizeable(src) || (dst && tool_refuse_not_resizeable(dst)))))
		goto out;
	active = active_lvs(ctx, vg, &any_active);
	if (vg_split_plan(vg, pvs, n_pvs, active, &plan)) {
		split_refused(vg, &plan);
		goto out;
	}
	if (!n_pvs) {
		log_error("Cannot split: Nowhere to store metadata for new Volume Group");
		goto out;
	}
	part = vg_split_off(vg, pvs, n_pvs, &plan);
	if (existing) {
		to_vg = vg_clone(dst);
	}
	vg_append(to_vg, part, NULL, 0, NULL, 0);
	/* each VG keeps a copy of its metadata on its PVs (lvm2's words) */
	if (!scan_vg_mda_count(&t.scan, to_vg) || (vg->n_pvs && !scan_vg_mda_count(&t.scan, vg))) {
		log_error("Cannot split: Nowhere to store metadata for new Volume Group");
		goto out;
	}
	/* lvm2's order, so that a crash anywhere leaves what lvm2's would:
	 * first the destination, marked exported (with the PVs that move);
	 * a crash then leaves the source whole and an exported copy to
	 * remove.  Then the source without them: a crash then leaves the
	 * destination to import.  Then the destination, imported. */
	to_vg->status |= VG_EXPORTED;
	if (tool_commit(&t, dst, to_vg, NULL, 0))
		goto out;
	/* a source left without PVs is gone: lvm2 writes nothing for it */
	if (vg->n_pvs && tool_commit(&t, src, vg, NULL, 0))
		goto out;
	to_vg->status &= ~(unsigned)VG_EXPORTED;
	if (tool_commit(&t, NULL, to_vg, NULL, 0))
		goto out;
	log_print("%s volume group \"%s\" successfully split from \"%s\"",
	          existing ? "Existing" : "New", to, from);
	rc = EXIT_DONE;
out:
	split_plan_release(&plan);
	free(active);
	free(pvs);
	vg_free(part);
	vg_free(to_vg);
	vg_free(vg);
	vg_free(src);
	vg_free(dst);
	tool_end(&t);
	return rc;
}
