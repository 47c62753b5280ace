/* lvcreate, lvremove, lvrename, lvextend/lvreduce/lvresize.
 *
 * Activation (device-mapper) is not part of this build yet: these work
 * on inactive LVs, and lvcreate needs -an, as the refusal says. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>

#include "metadata/alloc.h"
#include "metadata/names.h"
#include "metadata/sizing.h"
#include "misc/log.h"
#include "misc/units.h"
#include "misc/uuid.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/toollib.h"

#define DEFAULT_CHUNK_SECTORS 8 /* 4 KiB */
#define SNAPSHOT_MIN_CHUNKS   3
/* Bytes zeroed at the start of a new LV or COW (an old snapshot header
 * in a reused COW would be taken for a live exception store). */
#define ZERO_BYTES 4096

static const char *size_text(uint64_t sectors, struct strbuf *sb)
{
	strbuf_reset(sb);
	display_size(sb, sectors);
	return sb->buf;
}

/* The PVs named after the VG/LV argument, which allocation is restricted
 * to.  0, or -1 after naming one that is not in the VG. */
static int pv_args(struct cmd_context *ctx, const struct vg *vg, struct pv ***pvs, size_t *n)
{
	for (int i = 1; i < ctx->args.argc; i++) {
		struct pv *pv = vg_find_pv_by_path(vg, ctx->args.argv[i]);
		if (!pv) {
			log_error("Physical volume %s is not in volume group %s.",
			          ctx->args.argv[i], vg->name);
			return -1;
		}
		*pvs = xrealloc(*pvs, (*n + 1) * sizeof(**pvs));
		(*pvs)[(*n)++] = pv;
	}
	return 0;
}

static void set_creation(struct lv *lv)
{
	struct utsname u;
	lv->creation_time = (uint64_t)time(NULL);
	free(lv->creation_host);
	lv->creation_host = xstrdup(uname(&u) == 0 ? u.nodename : "");
}

/* The bases of -l percentages for `lv` (NULL for lvcreate) in `vg`. */
static void size_bases_for(const struct vg *vg, const struct lv *lv, const struct lv *origin,
                           uint32_t chunk, int with_overhead, struct pv *const *pvs, size_t n_pvs,
                           struct size_bases *b)
{
	b->vg_extents = vg_extent_count(vg);
	b->free_extents = vg_free_extents(vg);
	/* lvm2: the free extents of the PVs named, or the whole VG */
	b->pvs_extents = n_pvs ? alloc_free_extents(vg, pvs, n_pvs) : vg_extent_count(vg);
	b->lv_extents = lv ? lv_extents(lv) : 0;
	b->origin_extents = origin ? lv_extents(origin) : 0;
	b->origin_max_cow = origin && with_overhead
	                        ? cow_max_extents(lv_extents(origin), vg->extent_size, chunk, 1)
	                        : b->origin_extents;
}

/* lvm2's exit codes: a zero given on the command line is a command-line
 * error (3); a percentage that works out to nothing, or a size beyond
 * what the VG's extent size can express, is a failure (5). */
static int sizing_error(enum sizing_result r, const char *what, int computed)
{
	switch (r) {
	case SIZING_OK:
		return EXIT_DONE;
	case SIZING_ZERO:
		log_error("The size of %s would be 0 extents.", what);
		return computed ? EXIT_FAILED : EXIT_INVALID;
	case SIZING_TOO_LARGE:
		log_error("The requested size of %s is too large for this volume group's extent "
		          "size.",
		          what);
		return EXIT_FAILED;
	case SIZING_NOT_HERE:
		log_error("That percentage does not apply to %s: use %%VG, %%FREE or %%PVS%s.",
		          what, strcmp(what, "the new logical volume") ? ", %LV or %ORIGIN" : "");
		break;
	}
	return EXIT_INVALID;
}

/* Turn -L/-l into extents.  `origin` is the snapshot's origin (for
 * %ORIGIN), `pvs` the PVs named on the command line (for %PVS). */
static int requested_extents(struct cmd_context *ctx, const struct vg *vg, const struct lv *origin,
                             uint32_t chunk, struct pv *const *pvs, size_t n_pvs, uint32_t *out)
{
	const char *what = "the new logical volume";
	enum sizing_result r;

	if (arg_count(ctx, OPT_SIZE) && arg_count(ctx, OPT_EXTENTS)) {
		log_error("Give either -L/--size or -l/--extents, not both.");
		return EXIT_INVALID;
	}
	if (arg_count(ctx, OPT_SIZE)) {
		struct size_arg sa;
		int rounded;
		/* lvm2 takes "+10m" as 10m here, and refuses "-10m" */
		if (parse_size_arg(arg_str(ctx, OPT_SIZE, NULL), 'm', SIGN_RULE_NOT_NEGATIVE,
		                   "--size", &sa))
			return EXIT_INVALID;
		r = size_from_sectors(sa.sectors, vg->extent_size, out, &rounded);
		if (r == SIZING_OK && rounded) {
			struct strbuf sb = STRBUF_INIT;
			display_size(&sb, (uint64_t)*out * vg->extent_size);
			log_print("Rounding up size to full physical extent %s", sb.buf);
			strbuf_release(&sb);
		}
		return sizing_error(r, what, 0);
	}
	if (arg_count(ctx, OPT_EXTENTS)) {
		struct extents_arg ea;
		struct size_bases b;
		if (parse_extents_arg(arg_str(ctx, OPT_EXTENTS, NULL), SIGN_RULE_NOT_NEGATIVE,
		                      "--extents", &ea))
			return EXIT_INVALID;
		size_bases_for(vg, NULL, origin, chunk, 1, pvs, n_pvs, &b);
		r = size_from_extents_arg(&ea, &b, out);
		/* lvm2 takes a percentage as "about": more than what is
		 * free becomes what is free */
		if (r == SIZING_OK && ea.base != PERCENT_NONE) {
			static const char *const base_names[] = {
			    [PERCENT_VG] = "VG",   [PERCENT_FREE] = "FREE",
			    [PERCENT_PVS] = "PVS", [PERCENT_ORIGIN] = "ORIGIN",
			    [PERCENT_LV] = "LV",
			};
			uint32_t avail = alloc_free_extents(vg, pvs, n_pvs);
			if (*out > avail && avail) {
				struct strbuf sb = STRBUF_INIT;
				display_size(&sb, (uint64_t)avail * vg->extent_size);
				log_print("Reducing %llu%%%s to remaining free space %s in VG.",
				          (unsigned long long)ea.count, base_names[ea.base],
				          sb.buf);
				strbuf_release(&sb);
				*out = avail;
			}
		}
		return sizing_error(r, what, ea.base != PERCENT_NONE);
	}
	log_error("Give the size with -L/--size or -l/--extents.");
	return EXIT_INVALID;
}

static int parse_chunk(struct cmd_context *ctx, uint32_t *chunk)
{
	struct size_arg sa;
	*chunk = DEFAULT_CHUNK_SECTORS;
	if (!arg_count(ctx, OPT_CHUNKSIZE))
		return 0;
	if (parse_size_arg(arg_str(ctx, OPT_CHUNKSIZE, NULL), 'k', 0, "--chunksize", &sa))
		return -1;
	/* power of two from 4 KiB to 512 KiB, as lvm2 */
	if (sa.sectors < 8 || sa.sectors > 1024 || (sa.sectors & (sa.sectors - 1))) {
		log_error("Chunk size %s must be a power of 2 from 4k to 512k.",
		          arg_str(ctx, OPT_CHUNKSIZE, NULL));
		return -1;
	}
	*chunk = (uint32_t)sa.sectors;
	return 0;
}

int cmd_lvcreate(struct cmd_context *ctx)
{
	int snapshot = arg_count(ctx, OPT_SNAPSHOT) > 0;
	const char *name = arg_str(ctx, OPT_NAME, NULL);
	char *vg_name = NULL, *origin_name = NULL, *lv_name = NULL;
	struct pv **pvs = NULL;
	size_t n_pvs = 0;
	uint32_t chunk = 0, extents = 0;
	int activate = 1, zero = 1, rc = EXIT_INVALID;
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	struct lv *lv, *origin = NULL;
	int began = 0;

	if (arg_count(ctx, OPT_ACTIVATE) &&
	    (activate = parse_yes_no("--activate", arg_str(ctx, OPT_ACTIVATE, NULL))) < 0)
		goto out;
	if (arg_count(ctx, OPT_ZERO) &&
	    (zero = parse_yes_no("--zero", arg_str(ctx, OPT_ZERO, NULL))) < 0)
		goto out;
	if (arg_count(ctx, OPT_WIPESIGNATURES) &&
	    parse_yes_no("--wipesignatures", arg_str(ctx, OPT_WIPESIGNATURES, NULL)) < 0)
		goto out;
	/* lvm2 leaves an LV created inactive unzeroed (with a warning)
	 * unless -Zy is given, which vgtool honours through the PVs */
	if (!activate && !arg_count(ctx, OPT_ZERO))
		zero = 0;
	if (!ctx->args.argc) {
		log_error("lvcreate: give the volume group%s.", snapshot ? "/origin" : "");
		goto out;
	}
	if (snapshot) {
		if (parse_lv_arg(ctx->args.argv[0], NULL, &vg_name, &origin_name) ||
		    parse_chunk(ctx, &chunk))
			goto out;
		if (arg_count(ctx, OPT_ZERO)) {
			log_error("Option --zero is not accepted with snapshots (the COW header "
			          "is always zeroed).");
			goto out;
		}
	} else {
		if (strchr(ctx->args.argv[0], '/')) {
			log_error("lvcreate: \"%s\" is not a volume group name.",
			          ctx->args.argv[0]);
			goto out;
		}
		vg_name = xstrdup(ctx->args.argv[0]);
		if (arg_count(ctx, OPT_CHUNKSIZE)) {
			log_error("Option --chunksize is only for snapshots.");
			goto out;
		}
	}
	if (name && strchr(name, '/')) {
		char *nvg = NULL, *nlv = NULL;
		if (parse_lv_arg(name, NULL, &nvg, &nlv))
			goto out;
		if (strcmp(nvg, vg_name)) {
			log_error("Name %s is in another volume group than %s.", name, vg_name);
			free(nvg);
			free(nlv);
			goto out;
		}
		free(nvg);
		lv_name = nlv;
	} else if (name) {
		lv_name = xstrdup(name);
	}
	if (lv_name && name_check_lv(lv_name))
		goto out;
	if (lv_name && name_check_full(vg_name, lv_name)) {
		rc = EXIT_FAILED;
		goto out;
	}
	rc = EXIT_FAILED;
	if (tool_begin_paths(&t, ctx, TOOL_LOCK_VG_EX, vg_name, ctx->args.argv + 1,
	                     (size_t)ctx->args.argc - 1))
		goto out;
	began = 1;
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_copy(old)))
		goto out;
	if (pv_args(ctx, vg, &pvs, &n_pvs))
		goto out;
	if (snapshot) {
		origin = vg_find_lv(vg, origin_name);
		if (!origin || !lv_is_user_visible(vg, origin)) {
			log_error("Logical volume %s not found in volume group %s.", origin_name,
			          vg_name);
			goto out;
		}
		if (lv_is_cow(vg, origin)) {
			log_error("Snapshots of snapshots are not supported: %s/%s is a snapshot.",
			          vg_name, origin_name);
			goto out;
		}
		if (lv_merging_segment(vg, origin)) {
			log_error("Snapshots of an origin that has a merging snapshot are not "
			          "supported: %s/%s.",
			          vg_name, origin_name);
			goto out;
		}
		/* a snapshot of an inactive origin stays inactive, even with
		 * -ay, as with lvm2 (the origin is not activated behind the
		 * user's back); its COW is zeroed through the PVs */
		if (activate) {
			int active = 0, open = 0;
			if (tool_lv_state(ctx, vg, origin, &active, &open))
				goto out;
			activate = active;
		}
	}
	rc = requested_extents(ctx, vg, origin, chunk, pvs, n_pvs, &extents);
	if (rc != EXIT_DONE)
		goto out;
	rc = EXIT_FAILED;
	if (snapshot) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		uint32_t max = cow_max_extents(lv_extents(origin), vg->extent_size, chunk, 1);
		if (extents > max) {
			log_print("Reducing COW size %s down to maximum usable size %s.",
			          size_text((uint64_t)extents * vg->extent_size, &a),
			          size_text((uint64_t)max * vg->extent_size, &b));
			extents = max;
		}
		if ((uint64_t)extents * vg->extent_size < (uint64_t)SNAPSHOT_MIN_CHUNKS * chunk) {
			log_error("A snapshot needs at least %d chunks (%s).", SNAPSHOT_MIN_CHUNKS,
			          size_text((uint64_t)SNAPSHOT_MIN_CHUNKS * chunk, &a));
			strbuf_release(&a);
			strbuf_release(&b);
			goto out;
		}
		strbuf_release(&a);
		strbuf_release(&b);
	}
	if (!lv_name)
		lv_name = vg_next_lv_name(vg, "lvol");
	if (vg_find_lv(vg, lv_name)) {
		log_error("Logical volume \"%s\" already exists in volume group \"%s\".", lv_name,
		          vg_name);
		goto out;
	}
	{
		char id[UUID_LEN + 1];
		if (uuid_generate(id))
			goto out;
		lv = vg_add_lv(vg, lv_name, id);
	}
	set_creation(lv);
	if (alloc_extend_lv(vg, lv, extents, pvs, n_pvs))
		goto out;
	if (snapshot) {
		char id[UUID_LEN + 1];
		char *sname = vg_next_lv_name(vg, "snapshot");
		struct lv *snap;
		struct segment *seg;
		if (uuid_generate(id)) {
			free(sname);
			goto out;
		}
		lv->status &= ~LV_VISIBLE; /* the COW LV is hidden */
		snap = vg_add_lv(vg, sname, id);
		free(sname);
		set_creation(snap);
		seg = lv_add_segment(snap, SEG_SNAPSHOT, 0, lv_extents(origin), 0);
		seg->origin = origin;
		seg->cow = lv;
		seg->chunk_size = chunk;
	}
	/* Zero the start before the metadata names the LV: a crash in
	 * between leaves zeroed free space, never an LV with stale data
	 * (for a COW: a stale snapshot header). */
	if ((snapshot || zero) && lv_zero_start(&t.scan, vg, lv, ZERO_BYTES, snapshot ? chunk : 0))
		goto out;
	if (!activate && !zero && !snapshot)
		log_warn("WARNING: Logical volume %s/%s not zeroed.", vg_name, lv_name);
	if (activate && tool_kernel_check(ctx, vg, &lv, 1))
		goto out;
	if (tool_commit_steps(&t, old, vg, NULL, 0, snapshot ? 2 : 1))
		goto out;
	/* Metadata first, kernel second: a crash in between leaves an
	 * inactive LV, which is harmless; a device without metadata could
	 * map extents another LV is then given. */
	if (activate && tool_kernel_follow(ctx, vg, &lv, 1, NULL, 0)) {
		/* put the metadata back as it was, so both agree again */
		struct vg *back = vg_copy(old);
		if (back && !tool_commit(&t, vg, back, NULL, 0))
			log_verbose("Metadata of %s rolled back.", vg_name);
		vg_free(back);
		goto out;
	}
	log_print("Logical volume \"%s\" created.", lv_name);
	rc = EXIT_DONE;
out:
	free(pvs);
	vg_free(vg);
	vg_free(old);
	if (began)
		tool_end(&t);
	free(vg_name);
	free(origin_name);
	free(lv_name);
	return rc;
}

/* A snapshot being merged: hidden, and most commands refuse it as lvm2. */
static int is_merging_cow(const struct vg *vg, const struct lv *lv)
{
	const struct segment *seg = lv_cow_segment(vg, lv);
	return seg && seg->merging;
}

/* Refuse to remove an LV (or, with -f, an origin's snapshots) whose
 * device is open: mounted or in use. */
static int lvs_in_use(struct cmd_context *ctx, struct vg *vg, struct lv *lv, int *active)
{
	struct lv **lvs = xcalloc(vg->n_lvs + 1, sizeof(*lvs));
	const struct lv *open;
	size_t n = 0;

	lvs[n++] = lv;
	if (lv_is_origin(vg, lv) && arg_count(ctx, OPT_FORCE))
		for (size_t i = 0; i < vg->n_lvs; i++) {
			const struct segment *s = lv_snapshot_segment(vg->lvs[i]);
			if (s && s->origin == lv)
				lvs[n++] = s->cow;
		}
	open = tool_first_open(vg, lvs, n, active);
	free(lvs);
	if (open) {
		log_error("Logical volume %s/%s is in use.", vg->name, open->name);
		return 1;
	}
	return 0;
}

/* Remove one LV.  An origin with snapshots needs -f and takes them
 * along, as lvm2. */
static int remove_lv(struct cmd_context *ctx, struct vg *vg, struct lv *lv)
{
	struct segment *seg = lv_cow_segment(vg, lv);

	if (seg) {
		vg_remove_snapshot(vg, seg);
		return 0;
	}
	if (lv_is_origin(vg, lv) && !arg_count(ctx, OPT_FORCE)) {
		log_error("Logical volume %s/%s has %zu snapshot(s); remove them first or use -f.",
		          vg->name, lv->name, lv_snapshot_count(vg, lv));
		return -1;
	}
	for (;;) {
		struct segment *s = NULL;
		for (size_t i = 0; i < vg->n_lvs && !s; i++) {
			s = lv_snapshot_segment(vg->lvs[i]);
			if (s && s->origin != lv)
				s = NULL;
		}
		if (!s)
			break;
		log_print("Logical volume \"%s\" successfully removed.", s->cow->name);
		vg_remove_snapshot(vg, s);
	}
	vg_remove_lv(vg, lv);
	return 0;
}

int cmd_lvremove(struct cmd_context *ctx)
{
	int rc = EXIT_DONE;

	if (!ctx->args.argc) {
		log_error("lvremove: give at least one VG/LV.");
		return EXIT_INVALID;
	}
	for (int a = 0; a < ctx->args.argc; a++) {
		char *vg_name = NULL, *lv_name = NULL;
		struct tool t;
		struct vg *old = NULL, *vg = NULL;
		struct lv *lv;
		int active = 0;
		unsigned steps;

		if (parse_lv_arg(ctx->args.argv[a], NULL, &vg_name, &lv_name)) {
			rc = EXIT_INVALID;
			continue;
		}
		if (tool_begin(&t, ctx, TOOL_LOCK_VG_EX, vg_name)) {
			rc = EXIT_FAILED;
			goto next_nolock;
		}
		if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_copy(old))) {
			rc = EXIT_FAILED;
			goto next;
		}
		lv = vg_find_lv(vg, lv_name);
		if (lv && is_merging_cow(vg, lv)) {
			/* a merge under way cannot be undone; one not started
			 * (the origin inactive) can be dropped with its snapshot */
			int open = 0;
			if (tool_lv_state(ctx, vg, lv, &active, &open) || active) {
				log_error("Can't remove merging snapshot logical volume %s/%s.",
				          vg_name, lv_name);
				rc = EXIT_FAILED;
				goto next;
			}
		} else if (!lv || !lv_is_user_visible(vg, lv)) {
			log_error("Logical volume %s not found in volume group %s.", lv_name,
			          vg_name);
			rc = EXIT_FAILED;
			goto next;
		}
		if (lvs_in_use(ctx, vg, lv, &active)) {
			rc = EXIT_FAILED;
			goto next;
		}
		/* lvm2 asks before removing an active LV; vgtool asks nothing
		 * and wants the answer on the command line instead */
		if (!arg_count(ctx, OPT_FORCE) && !ctx->yes && !ctx->test_mode) {
			if (active) {
				log_error(
				    "Logical volume %s/%s is active: confirm its removal with -f "
				    "or -y.",
				    vg_name, lv_name);
				rc = EXIT_FAILED;
				goto next;
			}
		}
		/* Metadata first: a crash before the kernel follows leaves
		 * devices the next activation removes, never a snapshot that
		 * misses writes to its origin. */
		/* lvm2's count of commits: a snapshot 2, an origin 1 + one per
		 * snapshot taken along */
		steps = lv_cow_segment(vg, lv) ? 2 : 1 + (unsigned)lv_snapshot_count(vg, lv);
		if (remove_lv(ctx, vg, lv) || tool_commit_steps(&t, old, vg, NULL, 0, steps) ||
		    tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0)) {
			rc = EXIT_FAILED;
			goto next;
		}
		log_print("Logical volume \"%s\" successfully removed.", lv_name);
	next:
		tool_end(&t);
	next_nolock:
		vg_free(vg);
		vg_free(old);
		free(vg_name);
		free(lv_name);
	}
	return rc;
}

int cmd_lvrename(struct cmd_context *ctx)
{
	char *vg_name = NULL, *from = NULL, *to = NULL, *vg2 = NULL;
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	struct lv *lv;
	int rc = EXIT_INVALID, began = 0;

	/* lvrename VG OLD NEW | VG/OLD NEW | VG/OLD VG/NEW */
	if (ctx->args.argc == 3) {
		vg_name = xstrdup(ctx->args.argv[0]);
		from = xstrdup(ctx->args.argv[1]);
		to = xstrdup(ctx->args.argv[2]);
	} else if (ctx->args.argc == 2) {
		if (parse_lv_arg(ctx->args.argv[0], NULL, &vg_name, &from))
			goto out;
		if (strchr(ctx->args.argv[1], '/')) {
			if (parse_lv_arg(ctx->args.argv[1], NULL, &vg2, &to))
				goto out;
			if (strcmp(vg2, vg_name)) {
				log_error(
				    "Logical volumes cannot move between volume groups (%s, %s).",
				    vg_name, vg2);
				goto out;
			}
		} else {
			to = xstrdup(ctx->args.argv[1]);
		}
	} else {
		log_error("lvrename: give VG OLD NEW or VG/OLD NEW.");
		goto out;
	}
	if (name_check_lv(to))
		goto out;
	if (!strcmp(from, to)) {
		log_error("Old and new names are the same (%s).", from);
		goto out;
	}
	if (name_check_full(vg_name, to)) {
		rc = EXIT_FAILED;
		goto out;
	}
	rc = EXIT_FAILED;
	if (tool_begin(&t, ctx, TOOL_LOCK_VG_EX, vg_name))
		goto out;
	began = 1;
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_copy(old)))
		goto out;
	lv = vg_find_lv(vg, from);
	if (lv && is_merging_cow(vg, lv)) {
		log_error("Cannot rename internal LV \"%s\".", from);
		goto out;
	}
	if (!lv || !lv_is_user_visible(vg, lv)) {
		log_error("Logical volume %s not found in volume group %s.", from, vg_name);
		goto out;
	}

	if (vg_find_lv(vg, to)) {
		log_error("Logical volume \"%s\" already exists in volume group \"%s\".", to,
		          vg_name);
		goto out;
	}
	free(lv->name);
	lv->name = xstrdup(to);
	/* the kernel devices follow by uuid: renamed, tables unchanged */
	if (tool_kernel_check(ctx, vg, NULL, 0) || tool_commit(&t, old, vg, NULL, 0) ||
	    tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0))
		goto out;
	log_print("Renamed \"%s\" to \"%s\" in volume group \"%s\"", from, to, vg_name);
	rc = EXIT_DONE;
out:
	if (began)
		tool_end(&t);
	vg_free(vg);
	vg_free(old);
	free(vg_name);
	free(vg2);
	free(from);
	free(to);
	return rc;
}

enum resize_kind { RESIZE_ANY, RESIZE_EXTEND, RESIZE_REDUCE };

/* The new size in extents from -L/-l with an optional sign. */
static int resize_target(struct cmd_context *ctx, enum resize_kind kind, const struct vg *vg,
                         const struct lv *lv, const struct segment *cow_seg, struct pv *const *pvs,
                         size_t n_pvs, uint32_t *out)
{
	/* which signs each command takes, as lvm2 */
	int rule = kind == RESIZE_EXTEND   ? SIGN_RULE_NOT_NEGATIVE
	           : kind == RESIZE_REDUCE ? SIGN_RULE_NOT_POSITIVE
	                                   : SIGN_RULE_ANY;
	struct strbuf what = STRBUF_INIT;
	uint32_t amount;
	enum sign sign;
	enum sizing_result r;
	int rc, computed = 0;

	strbuf_addf(&what, "%s/%s", vg->name, lv->name);
	if (arg_count(ctx, OPT_SIZE) == !!arg_count(ctx, OPT_EXTENTS)) {
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
		struct extents_arg ea;
		struct size_bases b;
		if (parse_extents_arg(arg_str(ctx, OPT_EXTENTS, NULL), rule, "--extents", &ea)) {
			strbuf_release(&what);
			return EXIT_INVALID;
		}
		sign = ea.sign;
		computed = ea.base != PERCENT_NONE;
		size_bases_for(vg, lv, cow_seg ? cow_seg->origin : NULL, 0, 0, pvs, n_pvs, &b);
		r = size_from_extents_arg(&ea, &b, &amount);
	}
	if (r == SIZING_OK) {
		r = size_apply_sign(lv_extents(lv), sign, amount, out);
		computed |= sign == SIGN_MINUS;
	}
	rc = sizing_error(r, what.buf, computed);
	strbuf_release(&what);
	return rc;
}

static int do_resize(struct cmd_context *ctx, enum resize_kind kind)
{
	char *vg_name = NULL, *lv_name = NULL;
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	struct lv *lv;
	struct segment *cow_seg;
	struct pv **pvs = NULL;
	size_t n_pvs = 0;
	uint32_t cur, target;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int rc = EXIT_INVALID, began = 0;

	if (!ctx->args.argc) {
		log_error("%s: give VG/LV.", ctx->cmd->name);
		goto out;
	}
	if (parse_lv_arg(ctx->args.argv[0], NULL, &vg_name, &lv_name))
		goto out;
	rc = EXIT_FAILED;
	if (tool_begin_paths(&t, ctx, TOOL_LOCK_VG_EX, vg_name, ctx->args.argv + 1,
	                     (size_t)ctx->args.argc - 1))
		goto out;
	began = 1;
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_copy(old)))
		goto out;
	lv = vg_find_lv(vg, lv_name);
	if (lv && is_merging_cow(vg, lv)) {
		log_error("Can't resize internal logical volume %s/%s.", vg_name, lv_name);
		goto out;
	}
	if (!lv || !lv_is_user_visible(vg, lv)) {
		log_error("Logical volume %s not found in volume group %s.", lv_name, vg_name);
		goto out;
	}
	if (pv_args(ctx, vg, &pvs, &n_pvs))
		goto out;
	cow_seg = lv_cow_segment(vg, lv);
	cur = lv_extents(lv);
	rc = resize_target(ctx, kind, vg, lv, cow_seg, pvs, n_pvs, &target);
	if (rc != EXIT_DONE)
		goto out;
	rc = EXIT_FAILED;
	if (cow_seg && target > cur) {
		uint32_t max = cow_max_extents(lv_extents(cow_seg->origin), vg->extent_size,
		                               cow_seg->chunk_size, 1);
		if (cur >= max) {
			log_error("Snapshot %s/%s already has the largest useful COW size.",
			          vg_name, lv_name);
			goto out;
		}
		if (target > max) {
			log_print("Reached maximum COW size %s (%u extents).",
			          (display_size(&a, (uint64_t)max * vg->extent_size), a.buf), max);
			target = max;
		}
	}
	if (target == cur) {
		log_error("New size (%u extents) matches the existing size of %s/%s.", cur, vg_name,
		          lv_name);
		goto out;
	}
	if (kind == RESIZE_EXTEND && target < cur) {
		log_error("New size given (%u extents) is not larger than the existing size (%u "
		          "extents) of %s/%s.",
		          target, cur, vg_name, lv_name);
		goto out;
	}
	if (kind == RESIZE_REDUCE && target > cur) {
		log_error("New size given (%u extents) is not smaller than the existing size (%u "
		          "extents) of %s/%s.",
		          target, cur, vg_name, lv_name);
		goto out;
	}
	if (lv_is_origin(vg, lv)) {
		int active = 0, open = 0;
		if (tool_lv_state(ctx, vg, lv, &active, &open))
			goto out;
		if (active) {
			log_error("Snapshot origin %s/%s can be resized only while inactive: "
			          "deactivate it first.",
			          vg_name, lv_name);
			goto out;
		}
	}
	if (target < cur && tool_first_open(vg, &lv, 1, NULL)) {
		log_error("Logical volume %s/%s is in use; not reducing it.", vg_name, lv_name);
		goto out;
	}
	if (target < cur) {
		if (lv_is_origin(vg, lv)) {
			log_error("Snapshot origin %s/%s cannot be reduced.", vg_name, lv_name);
			goto out;
		}
		if (cow_seg && (uint64_t)target * vg->extent_size < 3ULL * cow_seg->chunk_size) {
			log_error("A snapshot needs at least 3 chunks.");
			goto out;
		}
		if (!arg_count(ctx, OPT_FORCE) && !ctx->yes) {
			log_error(
			    "Reducing %s/%s destroys the data past the new end: confirm with -f "
			    "or -y.",
			    vg_name, lv_name);
			goto out;
		}
		alloc_reduce_lv(lv, target);
	} else if (alloc_extend_lv(vg, lv, target - cur, pvs, n_pvs)) {
		goto out;
	}
	/* snapshotN keeps the origin's size of when the snapshot was taken,
	 * as lvm2 keeps it (its dm device keeps that length too) */
	/* Shrink the device before the metadata frees its extents, grow it
	 * after they are allocated: at no point may the kernel map extents
	 * the metadata gives to nobody (or, next, to another LV). */
	if (target < cur && tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0))
		goto out;
	if (tool_commit(&t, old, vg, NULL, 0))
		goto out;
	if (target > cur && tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0))
		goto out;
	strbuf_reset(&a);
	strbuf_reset(&b);
	display_size(&a, (uint64_t)cur * vg->extent_size);
	display_size(&b, (uint64_t)target * vg->extent_size);
	log_print("Size of logical volume %s/%s changed from %s (%u extents) to %s (%u extents).",
	          vg_name, lv_name, a.buf, cur, b.buf, target);
	log_print("Logical volume %s/%s successfully resized.", vg_name, lv_name);
	rc = EXIT_DONE;
out:
	if (began)
		tool_end(&t);
	strbuf_release(&a);
	strbuf_release(&b);
	free(pvs);
	vg_free(vg);
	vg_free(old);
	free(vg_name);
	free(lv_name);
	return rc;
}

int cmd_lvextend(struct cmd_context *ctx)
{
	if (arg_count(ctx, OPT_USE_POLICIES))
		return cmd_lvextend_policies(ctx); /* tools/monitor.c */
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
