/* pvchange and pvresize: change PVs one by one, as lvm2's process_each_pv
 * does, with its messages and counts.
 *
 * The PVs come from tool_pv_targets (paths, @TAG, -a, -S) in lvm2's
 * order, which keeps each VG's PVs together.  Each VG is then locked and
 * read again, its PVs changed in the model, and committed once: where
 * lvm2 writes the VG once per PV, vgtool writes it once for all but
 * counts the seqno as lvm2 does (tool_commit_steps).  A PV in no VG has
 * no metadata of its own: what lvm2 keeps of it (uuid, size) is in its
 * label, written again under the global lock. */
#include <stdlib.h>
#include <string.h>

#include "metadata/pvresize.h"
#include "misc/log.h"
#include "misc/units.h"
#include "misc/uuid.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/toollib.h"

struct pv_job {
	struct cmd_context *ctx;
	/* Change one PV: `vg` and `pv` its VG and PV in the model, both NULL
	 * for a PV in no VG (whose label the callback writes itself).  1
	 * changed, 0 left as it was, -1 refused (logged). */
	int (*change)(struct pv_job *job, struct vg *vg, struct pv *pv, struct pv_disk *pd);
	/* Before the commit of a VG: -1 leaves the VG as it was. */
	int (*before_commit)(struct pv_job *job, struct tool *t, struct vg *vg);
	/* After a failed commit. */
	void (*undo)(struct pv_job *job, struct tool *t);
	/* the VG being changed: any LV of it active */
	int vg_active;
	unsigned done, total;
	int failed;
	/* pvchange */
	int allocatable; /* -x: 1 y, 0 n, -1 not given */
	int tags, new_uuid;
	/* the uuids changed in this VG: the PV's old and new one */
	char (*old_ids)[UUID_LEN + 1], (*new_ids)[UUID_LEN + 1];
	size_t n_ids;
	/* pvresize */
	uint64_t new_size; /* sectors, 0: the device's */
};

/* The PVs of one VG, targets [from, to): locked, read, changed, committed
 * once with a step per PV changed; then, in their order, what became of
 * each (lvm2 says it as it commits each). */
static void change_vg_pvs(struct pv_job *job, const struct pv_targets *tg, size_t from, size_t to)
{
	const char *name = tg->v[from].vg;
	struct vg *vg, *nvg;
	struct tool t;
	int *result = xcalloc(to - from + 1, sizeof(*result));
	char **paths = xcalloc(to - from + 1, sizeof(*paths));
	unsigned n = 0;
	int began;

	/* the PVs named are scanned again even if they are image files */
	for (size_t i = from; i < to; i++)
		paths[i - from] = tg->v[i].path;
	began = !tool_begin_paths(&t, job->ctx, name, paths, to - from);
	free(paths);
	if (!began) {
		job->failed = 1;
		free(result);
		return;
	}
	if (!(vg = tool_read_vg_for_write(&t, name))) {
		job->failed = 1;
		goto out;
	}
	nvg = vg_clone(vg);
	job->vg_active = job->new_uuid && tool_vg_has_active_lvs(job->ctx, nvg);
	job->n_ids = 0;
	for (size_t i = from; i < to; i++) {
		struct pv *pv = vg_find_pv_by_id(nvg, tg->v[i].id);
		struct pv_disk *pd = scan_find_pv_id(&t.scan, tg->v[i].id);

		job->total++;
		/* gone from the VG since the PVs were listed */
		if (!pv || !pd) {
			log_error("Unable to find %s in %s", tg->v[i].path, name);
			result[i - from] = -1;
		} else {
			result[i - from] = job->change(job, nvg, pv, pd);
		}
		n += result[i - from] > 0;
	}
	if (n && ((job->before_commit && job->before_commit(job, &t, nvg)) ||
	          tool_commit_steps(&t, vg, nvg, NULL, 0, n))) {
		if (job->undo)
			job->undo(job, &t);
		log_error("Failed to store physical volumes in volume group \"%s\"", name);
		for (size_t i = 0; i < to - from; i++)
			if (result[i] > 0)
				result[i] = -1;
	}
	for (size_t i = from; i < to; i++) {
		if (result[i - from] < 0)
			job->failed = 1;
		else if (result[i - from] == 0)
			log_print("Physical volume %s not changed", tg->v[i].path);
		else
			log_print("Physical volume \"%s\" changed", tg->v[i].path);
		job->done += result[i - from] > 0;
	}
	vg_free(nvg);
	vg_free(vg);
out:
	tool_end(&t);
	free(result);
}

/* A PV in no VG, under the global lock. */
static void change_orphan(struct pv_job *job, const struct pv_target *pt)
{
	struct tool t;
	struct pv_disk *pd;
	int r;

	job->total++;
	if (tool_begin_paths(&t, job->ctx, NULL, (char *const *)&pt->path, 1)) {
		job->failed = 1;
		return;
	}
	/* still there, and still in no VG */
	pd = scan_find_pv_id(&t.scan, pt->id);
	if (!pd || pv_disk_vg_name(pd) || strcmp(pv_disk_path(pd), pt->path)) {
		log_error("Failed to find physical volume \"%s\".", pt->path);
		job->failed = 1;
	} else if ((r = job->change(job, NULL, NULL, pd)) < 0) {
		job->failed = 1;
	} else if (r > 0) {
		log_print("Physical volume \"%s\" changed", pt->path);
		job->done++;
	} else {
		log_print("Physical volume %s not changed", pt->path);
	}
	tool_end(&t);
}

/* Run `job` on the PVs the arguments give; the exit code (the caller
 * prints lvm2's count). */
static int run_job(struct pv_job *job)
{
	struct pv_targets tg;
	int rc = tool_pv_targets(job->ctx, &tg);

	if (rc != EXIT_DONE)
		return rc;
	job->failed |= tg.failed;
	for (size_t i = 0; i < tg.n;) {
		size_t end = i + 1;
		if (!tg.v[i].vg) {
			change_orphan(job, &tg.v[i]);
		} else {
			while (end < tg.n && tg.v[end].vg && !strcmp(tg.v[end].vg, tg.v[i].vg))
				end++;
			change_vg_pvs(job, &tg, i, end);
		}
		i = end;
	}
	pv_targets_release(&tg);
	return job->failed ? EXIT_FAILED : EXIT_DONE;
}

/* --- pvchange --- */

static int pvchange_one(struct pv_job *job, struct vg *vg, struct pv *pv, struct pv_disk *pd)
{
	const char *path = pv_disk_path(pd);
	char id[UUID_LEN + 1];
	int done = 0;

	if (!pv) {
		/* lvm2 keeps a PV's tags and flags in its VG's metadata */
		if (job->tags) {
			log_error("Can't change tag on Physical Volume %s not in volume group",
			          path);
			return -1;
		}
		if (job->allocatable >= 0) {
			log_error("Allocatability not supported by orphan lvm2 format PV %s", path);
			return -1;
		}
		if (uuid_generate(id) || pv_disk_rewrite_label(pd, id, 0, NULL))
			return -1;
		return 1;
	}
	if (job->new_uuid && job->vg_active) {
		log_error("Volume group containing %s has active logical volumes", path);
		return -1;
	}
	if (job->allocatable >= 0) {
		int now = (pv->status & PV_ALLOCATABLE) != 0;
		if (now == job->allocatable) {
			/* (lvm2's line has no "WARNING:"; a warning it is, and a
			 * failing pvchange says why in its one other line) */
			log_warn("WARNING: Physical volume \"%s\" is already %sallocatable.", path,
			         now ? "" : "un");
		} else {
			pv->status ^= PV_ALLOCATABLE;
			done = 1;
		}
	}
	/* lvm2 commits a tag change even when the tags were already so */
	if (job->tags) {
		tool_change_tags(job->ctx, &pv->tags, 0);
		done = 1;
	}
	if (job->new_uuid) {
		if (uuid_generate(id))
			return -1;
		job->old_ids = xrealloc(job->old_ids, (job->n_ids + 1) * sizeof(*job->old_ids));
		job->new_ids = xrealloc(job->new_ids, (job->n_ids + 1) * sizeof(*job->new_ids));
		memcpy(job->old_ids[job->n_ids], pv->id, sizeof(id));
		memcpy(job->new_ids[job->n_ids++], id, sizeof(id));
		vg_set_pv_id(vg, pv, id);
		done = 1;
	}
	return done;
}

/* pvchange -u of PVs in a VG: their labels first, then the VG that names
 * them, as lvm2 writes them.  The label gets the size the metadata gives,
 * as lvm2's.  A label that cannot be written keeps its uuid in the VG. */
static int write_new_labels(struct pv_job *job, struct tool *t, struct vg *vg)
{
	for (size_t i = 0; i < job->n_ids; i++) {
		struct pv_disk *pd = scan_find_pv_id(&t->scan, job->old_ids[i]);
		struct pv *pv = vg_find_pv_by_id(vg, job->new_ids[i]);

		if (!pd || !pv ||
		    pv_disk_rewrite_label(pd, job->new_ids[i], pv->dev_size * 512, vg->id))
			return -1;
	}
	return 0;
}

/* The commit failed: the labels written get their old uuids back, so
 * that they match the VG's metadata again. */
static void restore_labels(struct pv_job *job, struct tool *t)
{
	for (size_t i = 0; i < job->n_ids; i++) {
		struct pv_disk *pd = scan_find_pv_id(&t->scan, job->new_ids[i]);
		if (pd && pv_disk_rewrite_label(pd, job->old_ids[i], 0, NULL))
			log_error("PV %s keeps its new uuid, which its VG does not know: "
			          "vgcfgrestore after pvcreate --uuid repairs it.",
			          pv_disk_path(pd));
	}
}

int cmd_pvchange(struct cmd_context *ctx)
{
	struct pv_job job = {.ctx = ctx, .change = pvchange_one, .allocatable = -1};
	const char *x = arg_str(ctx, OPT_ALLOCATABLE, NULL);
	int all = arg_count(ctx, OPT_ALL_PVS) > 0, rc;

	job.tags = tool_tags_given(ctx);
	job.new_uuid = arg_count(ctx, OPT_NEWUUID) > 0;
	if (!x && !job.tags && !job.new_uuid) {
		log_error("pvchange: give -x y|n, -u, --addtag or --deltag.");
		return EXIT_INVALID;
	}
	if (x && strcmp(x, "y") && strcmp(x, "n")) {
		log_error("Invalid argument for --allocatable: %s", x);
		return EXIT_INVALID;
	}
	if (x)
		job.allocatable = !strcmp(x, "y");
	if (all && ctx->args.argc) {
		log_error("Command does not accept argument: %s.", ctx->args.argv[0]);
		return EXIT_INVALID;
	}
	if (all && arg_count(ctx, OPT_SELECT)) {
		log_error("Command does not accept option: --select.");
		return EXIT_INVALID;
	}
	if (!all && !ctx->args.argc && !arg_count(ctx, OPT_SELECT)) {
		log_error("pvchange: give PVs, -a or -S.");
		return EXIT_INVALID;
	}
	if (job.new_uuid) {
		job.before_commit = write_new_labels;
		job.undo = restore_labels;
	}
	rc = run_job(&job);
	free(job.old_ids);
	free(job.new_ids);
	log_print("%u physical volume%s changed / %u physical volume%s not changed", job.done,
	          job.done == 1 ? "" : "s", job.total - job.done,
	          job.total - job.done == 1 ? "" : "s");
	return rc;
}

/* --- pvresize --- */

static int pvresize_one(struct pv_job *job, struct vg *vg, struct pv *pv, struct pv_disk *pd)
{
	const char *path = pv_disk_path(pd);
	uint64_t real = pv_disk_device(pd)->size / 512, size = real;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct pv_resize r;

	(void)vg;
	if (job->new_size) {
		if (job->new_size > real) {
			display_size(&a, real);
			log_warn("WARNING: %s: Overriding real size %s. You could lose data.", path,
			         a.buf);
		}
		if (job->new_size != real && !job->ctx->yes) {
			/* lvm2 asks; vgtool wants the answer on the command line */
			strbuf_reset(&a);
			display_size(&a, job->new_size);
			display_size(&b, real);
			log_error("%s: Requested size %s %s real size %s: not resized without -y.",
			          path, a.buf, job->new_size > real ? "exceeds" : "is less than",
			          b.buf);
			strbuf_release(&a);
			strbuf_release(&b);
			return -1;
		}
		if (job->new_size != real)
			log_warn("WARNING: %s: Pretending size is %llu not %llu sectors.", path,
			         (unsigned long long)job->new_size, (unsigned long long)real);
		size = job->new_size;
	}
	strbuf_release(&a);
	strbuf_release(&b);
	r = pv_resize_orphan(size, pv_disk_pe_start(pd));
	/* lvm2's order: the floor and the data start, then the area at the
	 * end moves (written with the VG, or with the label in no VG) */
	if (r.result == PV_RESIZE_OK) {
		uint64_t end_mda;
		if (pv_disk_move_end_mda(pd, size * 512, pv != NULL, &end_mda))
			return -1;
		if (pv)
			r = pv_resize(vg, pv, size, end_mda / 512);
	}
	switch (r.result) {
	case PV_RESIZE_OK:
		break;
	case PV_RESIZE_BELOW_MIN:
		log_error("Size must exceed minimum of %llu sectors on PV %s.",
		          (unsigned long long)pv_min_sectors(), path);
		return -1;
	case PV_RESIZE_BELOW_PE_START:
		log_error("Size must exceed physical extent start of %llu sectors on PV %s.",
		          (unsigned long long)pv_disk_pe_start(pd), path);
		return -1;
	case PV_RESIZE_NO_EXTENT:
		log_error("Size must leave space for at least one physical extent of %u sectors on "
		          "PV %s.",
		          vg->extent_size, path);
		return -1;
	case PV_RESIZE_ALLOCATED:
		log_error("%s: cannot resize to %u extents as %u are allocated.", path, r.pe_count,
		          r.allocated);
		return -1;
	case PV_RESIZE_LATER_ALLOCATED:
		log_error("%s: cannot resize to %u extents as later ones are allocated.", path,
		          r.pe_count);
		return -1;
	}
	/* in no VG, the label holds the size (the VG's metadata otherwise) */
	if (!pv && pv_disk_rewrite_label(pd, NULL, size * 512, NULL))
		return -1;
	return 1;
}

int cmd_pvresize(struct cmd_context *ctx)
{
	struct pv_job job = {.ctx = ctx, .change = pvresize_one};
	const char *size = arg_str(ctx, OPT_SETPVSIZE, NULL);
	int rc;

	if (!ctx->args.argc) {
		log_error("pvresize: give at least one PV.");
		return EXIT_INVALID;
	}
	if (size) {
		struct size_arg sa;
		if (parse_size_arg(size, 'm', SIGN_RULE_NONE, "--setphysicalvolumesize", &sa))
			return EXIT_INVALID;
		job.new_size = sa.sectors; /* 0: the device's size, as lvm2 */
	}
	rc = run_job(&job);
	log_print("%u physical volume(s) resized or updated / %u physical volume(s) not resized",
	          job.done, job.total - job.done);
	return rc;
}
