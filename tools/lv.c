/* lvcreate, lvremove, lvrename (lvextend/lvreduce/lvresize: tools/resize.c).
 *
 * Each commits the metadata and then makes the kernel follow (activation
 * through lib/activate), in the order that keeps both readable after a
 * crash at any point. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>

#include "activate/volume-list.h"
#include "device/discovery.h"
#include "metadata/alloc.h"
#include "metadata/names.h"
#include "metadata/sizing.h"
#include "misc/log.h"
#include "misc/units.h"
#include "misc/uuid.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/limits.h"
#include "tools/lockd.h"
#include "tools/toollib.h"

#define DEFAULT_CHUNK_SECTORS 8 /* 4 KiB */
/* Bytes zeroed at the start of a new LV or COW (an old snapshot header
 * in a reused COW would be taken for a live exception store). */
#define ZERO_BYTES 4096

static const char *size_text(uint64_t sectors, struct strbuf *sb)
{
	strbuf_reset(sb);
	display_size(sb, sectors);
	return sb->buf;
}

void tool_set_creation(struct lv *lv)
{
	struct utsname u;
	lv->creation_time = (uint64_t)time(NULL);
	free(lv->creation_host);
	lv->creation_host = xstrdup(uname(&u) == 0 ? u.nodename : "");
}

/* Turn -L/-l into extents.  `origin` is the snapshot's origin (for
 * %ORIGIN), `pvs` the PVs named on the command line (for %PVS). */
static int requested_extents(struct cmd_context *ctx, const struct vg *vg, const struct lv *origin,
                             uint32_t chunk, struct pv *const *pvs, size_t n_pvs, uint32_t *out,
                             int *approx)
{
	const char *what = "the new logical volume";
	enum sizing_result r;

	/* (size_args_check() has refused what the command line alone
	 * shows) */
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
		return tool_sizing_error(r, what, 0);
	}
	if (arg_count(ctx, OPT_EXTENTS)) {
		struct extents_arg ea;
		struct size_bases b;
		if (parse_extents_arg(arg_str(ctx, OPT_EXTENTS, NULL), SIGN_RULE_NOT_NEGATIVE,
		                      "--extents", &ea))
			return EXIT_INVALID;
		size_bases_of(vg, NULL, origin, chunk, 1, tool_cow_leak_chunks(), pvs, n_pvs, &b);
		r = size_from_extents_arg(&ea, &b, out);
		*approx = ea.base != PERCENT_NONE;
		/* lvm2 takes a percentage as "about": more than the VG has
		 * free becomes what it has (said even when that is nothing),
		 * and, when the policy finds less, what it finds */
		if (r == SIZING_OK && ea.base != PERCENT_NONE) {
			uint32_t vg_free = alloc_free_extents(vg, NULL, 0);
			if (*out > vg_free) {
				tool_say_reducing(vg, ea.count, ea.base, vg_free);
				*out = vg_free;
			}
			if (!*out)
				r = SIZING_ZERO;
		}
		/* lvm2 finds out with the VG read, so a failure (5), in words
		 * its tests look for */
		if (r == SIZING_NOT_HERE) {
			log_error("Please express size as %%FREE%s, %%PVS or %%VG.",
			          origin ? ", %ORIGIN" : "");
			return EXIT_FAILED;
		}
		/* a count of 0 is a bad command line, whatever its base */
		return tool_sizing_error(r, what, ea.base != PERCENT_NONE && ea.count);
	}
	log_error("Please specify either size or extents.");
	return EXIT_INVALID;
}

/* What lvm2 refuses in -L/-l before it reads the VG: a value that does
 * not parse, a size of zero, either both or neither given.  EXIT_DONE,
 * or EXIT_INVALID after logging. */
static int size_args_check(struct cmd_context *ctx)
{
	if (arg_count(ctx, OPT_SIZE) && arg_count(ctx, OPT_EXTENTS)) {
		log_error("Please specify either size or extents (not both).");
		return EXIT_INVALID;
	}
	if (arg_count(ctx, OPT_SIZE)) {
		struct size_arg sa;
		if (parse_size_arg(arg_str(ctx, OPT_SIZE, NULL), 'm', SIGN_RULE_NOT_NEGATIVE,
		                   "--size", &sa))
			return EXIT_INVALID;
		if (!sa.sectors) {
			log_error("The size of the new logical volume may not be zero.");
			return EXIT_INVALID;
		}
	} else if (arg_count(ctx, OPT_EXTENTS)) {
		struct extents_arg ea;
		if (parse_extents_arg(arg_str(ctx, OPT_EXTENTS, NULL), SIGN_RULE_NOT_NEGATIVE,
		                      "--extents", &ea))
			return EXIT_INVALID;
		if (!ea.count) {
			log_error("The extents of the new logical volume may not be zero.");
			return EXIT_INVALID;
		}
	} else {
		log_error("Please specify either size or extents.");
		return EXIT_INVALID;
	}
	return EXIT_DONE;
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

/* The name given with -n (LV or VG/LV, in the VG of the command), or
 * NULL in *lv_name for lvm2's next "lvolN".  EXIT_DONE, or the exit code
 * after logging. */
static int new_lv_name(const char *name, const char *vg_name, char **lv_name)
{
	if (name && strchr(name, '/')) {
		char *nvg = NULL, *nlv = NULL;
		if (parse_lv_arg(name, NULL, &nvg, &nlv))
			return EXIT_INVALID;
		if (strcmp(nvg, vg_name)) {
			log_error("Name %s is in another volume group than %s.", name, vg_name);
			free(nvg);
			free(nlv);
			return EXIT_INVALID;
		}
		free(nvg);
		*lv_name = nlv;
	} else if (name) {
		*lv_name = xstrdup(name);
	}
	if (*lv_name && name_check_lv(*lv_name))
		return EXIT_INVALID;
	if (*lv_name && name_check_full(vg_name, *lv_name))
		return EXIT_FAILED;
	return EXIT_DONE;
}

/* A new snapshot's COW size: lowered to what `origin` (NULL for a sparse
 * snapshot) can ever fill, and refused below the kernel's minimum.  0,
 * or -1 after logging. */
static int cow_fit(const struct vg *vg, const struct lv *origin, uint32_t chunk, uint32_t *extents)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	uint32_t max = origin ? cow_max_extents(lv_extents(origin), vg->extent_size, chunk,
	                                        tool_cow_leak_chunks())
	                      : 0;
	int rc = 0;

	/* (a sparse snapshot's COW is not lowered: lvm2 has no origin to
	 * measure it against yet, and keeps the size asked) */
	if (origin && *extents > max) {
		log_print("Reducing COW size %s down to maximum usable size %s.",
		          size_text((uint64_t)*extents * vg->extent_size, &a),
		          size_text((uint64_t)max * vg->extent_size, &b));
		*extents = max;
	}
	if (tool_cow_too_small(vg, *extents, chunk))
		rc = -1;
	strbuf_release(&a);
	strbuf_release(&b);
	return rc;
}

/* Make `cow` the hidden COW of a new snapshot of `origin`: the visible
 * side is a "snapshotN" LV holding the snapshot segment, as lvm2 writes
 * it.  0, or -1 after logging. */
static int attach_snapshot(struct vg *vg, struct lv *origin, struct lv *cow, uint32_t chunk)
{
	char id[UUID_LEN + 1];
	char *sname;
	struct lv *snap;
	struct segment *seg;

	if (uuid_generate(id))
		return -1;
	sname = vg_next_lv_name(vg, "snapshot");
	cow->status &= ~LV_VISIBLE;
	snap = vg_add_lv(vg, sname, id);
	free(sname);
	tool_set_creation(snap);
	seg = lv_add_segment(snap, SEG_SNAPSHOT, 0, lv_extents(origin), 0);
	vg_link_snapshot(seg, origin, cow);
	seg->chunk_size = chunk;
	return 0;
}

/* A sparse snapshot's origin, "<cow>_vorigin": a hidden, read-only LV
 * of one zero segment of `extents`, then the snapshot of it stored in
 * `cow`, as lvm2 writes them (the COW first in the text, then the
 * origin, then the snapshotN LV).  0, or -1 after logging. */
static int add_virtual_origin(struct vg *vg, struct lv *cow, uint32_t extents, uint32_t chunk)
{
	char id[UUID_LEN + 1];
	struct strbuf name = STRBUF_INIT;
	struct lv *origin;
	int rc = -1;

	strbuf_addf(&name, "%s_vorigin", cow->name);
	if (vg_find_lv(vg, name.buf)) {
		log_error("Logical volume \"%s\" already exists in volume group \"%s\".", name.buf,
		          vg->name);
		goto out;
	}
	if (uuid_generate(id))
		goto out;
	origin = vg_add_lv(vg, name.buf, id);
	origin->status = LV_READ;
	tool_set_creation(origin);
	lv_add_segment(origin, SEG_ZERO, 0, extents, 0);
	rc = attach_snapshot(vg, origin, cow, chunk);
out:
	strbuf_release(&name);
	return rc;
}

/* The name of a sparse snapshot's origin must be a valid LV name too:
 * lvm2 refuses one past its 127 characters ("Virtual origin name is too
 * long"), and vgtool also one whose "VG/LV" is (its dm name would be).
 * 0, or -1 after logging. */
static int virtual_origin_name_check(const char *vg_name, const char *lv_name)
{
	struct strbuf name = STRBUF_INIT;
	int rc = 0;

	strbuf_addf(&name, "%s_vorigin", lv_name);
	if (name.len > NAME_MAX_LEN) {
		log_error("Virtual origin name %s is too long.", name.buf);
		rc = -1;
	} else if (name_check_full(vg_name, name.buf)) {
		rc = -1;
	}
	strbuf_release(&name);
	return rc;
}

/* -V in extents, rounded up as lvm2 rounds it (and says so, after -L's
 * rounding).  EXIT_DONE, or the exit code after logging. */
static int virtual_extents(const struct vg *vg, uint64_t sectors, uint32_t *out)
{
	int rounded = 0;
	enum sizing_result r = size_from_sectors(sectors, vg->extent_size, out, &rounded);

	if (r == SIZING_OK && rounded) {
		struct strbuf sb = STRBUF_INIT;
		display_size(&sb, (uint64_t)*out * vg->extent_size);
		log_print("Rounding up size to full physical extent %s", sb.buf);
		strbuf_release(&sb);
	}
	return tool_sizing_error(r, "the virtual origin", 0);
}

/* What lvcreate was asked for, from its command line. */
struct create_req {
	int snapshot, activate, zero;
	int wipe; /* -W, or zeroing with allocation/wipe_signatures_when_zeroing_new_lvs */
	enum alloc_policy alloc; /* the new LV's, from --alloc or -C */
	int approx;              /* the size was a percentage */
	int auto_activate;       /* -aay: activated, as lvm2 does, but not zeroed */
	int read_only;           /* -p r */
	int skip;                /* -ky: ACTIVATION_SKIP, and inactive unless -K */
	int ignore_skip;         /* -K */
	int no_autoact;          /* --setautoactivation n */
	int major, minor;        /* -My --minor: persistent, else -1 */
	int ro_listed;           /* activation/read_only_volume_list takes it: not zeroed */
	char *vg_name, *origin_name, *lv_name; /* lv_name NULL: lvolN */
	uint32_t chunk;                        /* sectors, snapshots only */
	/* -V: a sparse snapshot of this many sectors over a new virtual
	 * origin (origin_name NULL); 0 for any other LV */
	uint64_t virtual_sectors;
};

static void create_req_release(struct create_req *r)
{
	free(r->vg_name);
	free(r->origin_name);
	free(r->lv_name);
}

/* -V/--virtualsize or --virtualoriginsize: a sparse snapshot, as lvm2
 * makes it with --type snapshot (or --virtualoriginsize, which always
 * means one).  Without either, lvm2 takes -V as its
 * global/sparse_segtype_default, thin by default, -s or not: vgtool
 * makes no thin LVs and says so.  lvm2's command table takes no
 * stripes or mirrors with it.  EXIT_DONE (r->virtual_sectors 0 when
 * none was given), or the exit code after logging. */
static int virtual_size_arg(struct cmd_context *ctx, struct create_req *r)
{
	unsigned n = arg_count(ctx, OPT_VIRTUALSIZE) + arg_count(ctx, OPT_VIRTUALORIGINSIZE);
	const char *type = arg_str(ctx, OPT_TYPE, NULL);
	struct size_arg sa;

	if (!n)
		return EXIT_DONE;
	if (n > 1) {
		log_error("Option -V/--virtualsize may not be repeated.");
		return EXIT_INVALID;
	}
	if (parse_size_arg(arg_str(ctx, OPT_VIRTUALSIZE, arg_str(ctx, OPT_VIRTUALORIGINSIZE, NULL)),
	                   'm', SIGN_RULE_NONE, "--virtualsize", &sa))
		return EXIT_INVALID;
	if (!sa.sectors) {
		log_error("--virtualsize may not be zero.");
		return EXIT_INVALID;
	}
	if (type && strcmp(type, "snapshot") && strcmp(type, "thin")) {
		log_error("Option --virtualsize does not go with --type %s.", type);
		return EXIT_INVALID;
	}
	if (!arg_count(ctx, OPT_VIRTUALORIGINSIZE) && !(type && !strcmp(type, "snapshot"))) {
		log_error("vgtool does not make thin logical volumes, which lvm2 makes of -V "
		          "without --type snapshot (its global/sparse_segtype_default): give "
		          "--type snapshot for a sparse snapshot.");
		return EXIT_INVALID;
	}
	if (arg_count(ctx, OPT_STRIPES) || arg_count(ctx, OPT_STRIPESIZE) ||
	    arg_count(ctx, OPT_MIRRORS)) {
		log_error("A sparse snapshot (--virtualsize) takes no --stripes, --stripesize or "
		          "--mirrors.");
		return EXIT_INVALID;
	}
	r->snapshot = 1;
	r->virtual_sectors = sa.sectors;
	return EXIT_DONE;
}

/* The options and the VG (or VG/ORIGIN) argument.  EXIT_DONE, or the
 * exit code after logging. */
static int create_req_parse(struct cmd_context *ctx, struct create_req *r)
{
	const char *act = arg_str(ctx, OPT_ACTIVATE, "y");
	int rc;

	memset(r, 0, sizeof(*r));
	r->snapshot = arg_count(ctx, OPT_SNAPSHOT) > 0;
	r->zero = 1;
	if ((rc = virtual_size_arg(ctx, r)) != EXIT_DONE ||
	    (rc = tool_linear_args(ctx, 1, &r->snapshot)) != EXIT_DONE ||
	    (rc = tool_lv_alloc_args(ctx, 1, &r->alloc)) != EXIT_DONE)
		return rc;
	/* (the values were checked by the option parser) */
	r->activate = opt_activate_value(act) != ACTIVATE_NO;
	r->auto_activate = opt_activate_value(act) == ACTIVATE_AUTO;
	r->read_only = !opt_permission_value(arg_str(ctx, OPT_PERMISSION, "rw"));
	r->skip = opt_bool_value(arg_str(ctx, OPT_SETACTIVATIONSKIP, "n"));
	r->ignore_skip = arg_count(ctx, OPT_IGNOREACTIVATIONSKIP) > 0;
	r->no_autoact = !opt_bool_value(arg_str(ctx, OPT_SETAUTOACTIVATION, "y"));
	/* --minor alone means -My, as in lvm2 */
	if (tool_persistent_minor(ctx, &r->major, &r->minor))
		return EXIT_FAILED; /* (lvm2's exit code here) */
	if (r->snapshot && arg_count(ctx, OPT_SETAUTOACTIVATION)) {
		log_error("Option --setautoactivation is unsupported with snapshots.");
		return EXIT_INVALID;
	}
	if (arg_count(ctx, OPT_ZERO) &&
	    (r->zero = parse_yes_no("--zero", arg_str(ctx, OPT_ZERO, NULL))) < 0)
		return EXIT_INVALID;
	if (arg_count(ctx, OPT_WIPESIGNATURES) &&
	    parse_yes_no("--wipesignatures", arg_str(ctx, OPT_WIPESIGNATURES, NULL)) < 0)
		return EXIT_INVALID;
	/* lvm2 leaves an LV created inactive unzeroed (with a warning)
	 * unless -Zy is given, which vgtool honours through the PVs */
	if (!r->activate && !arg_count(ctx, OPT_ZERO))
		r->zero = 0;
	/* -W decides; else zeroing wipes too, when the setting says so
	 * (lvm2's default).  -Wy alone on an inactive LV is honoured
	 * through the PVs as -Zy is. */
	if (arg_count(ctx, OPT_WIPESIGNATURES))
		r->wipe = parse_yes_no("--wipesignatures", arg_str(ctx, OPT_WIPESIGNATURES, NULL));
	else
		r->wipe =
		    r->zero && config_bool(SET_ALLOCATION_WIPE_SIGNATURES_WHEN_ZEROING_NEW_LVS);
	if (!ctx->args.argc) {
		log_error("lvcreate: give the volume group%s.",
		          r->snapshot && !r->virtual_sectors ? "/origin" : "");
		return EXIT_INVALID;
	}
	if (r->virtual_sectors) {
		if (strchr(ctx->args.argv[0], '/')) {
			log_error("lvcreate: \"%s\" is not a volume group name: a sparse snapshot "
			          "(-V) has no origin to name.",
			          ctx->args.argv[0]);
			return EXIT_INVALID;
		}
		r->vg_name = xstrdup(ctx->args.argv[0]);
		if (parse_chunk(ctx, &r->chunk))
			return EXIT_INVALID;
		if (arg_count(ctx, OPT_ZERO)) {
			log_error("Option --zero is not accepted with snapshots (the COW header "
			          "is always zeroed).");
			return EXIT_INVALID;
		}
	} else if (r->snapshot) {
		if (parse_lv_arg(ctx->args.argv[0], NULL, &r->vg_name, &r->origin_name) ||
		    parse_chunk(ctx, &r->chunk))
			return EXIT_INVALID;
		if (arg_count(ctx, OPT_ZERO)) {
			log_error("Option --zero is not accepted with snapshots (the COW header "
			          "is always zeroed).");
			return EXIT_INVALID;
		}
	} else {
		if (strchr(ctx->args.argv[0], '/')) {
			log_error("lvcreate: \"%s\" is not a volume group name.",
			          ctx->args.argv[0]);
			return EXIT_INVALID;
		}
		r->vg_name = xstrdup(ctx->args.argv[0]);
		if (arg_count(ctx, OPT_CHUNKSIZE)) {
			log_error("Option --chunksize is only for snapshots.");
			return EXIT_INVALID;
		}
	}
	return new_lv_name(arg_str(ctx, OPT_NAME, NULL), r->vg_name, &r->lv_name);
}

/* -l N%ORIGIN for a sparse snapshot, which has no origin yet: refused
 * (exit 5, as lvm2 fails it).  0, or -1 after logging. */
static int percent_of_origin(struct cmd_context *ctx)
{
	struct extents_arg ea;

	if (!arg_count(ctx, OPT_EXTENTS) ||
	    parse_extents_arg(arg_str(ctx, OPT_EXTENTS, NULL), SIGN_RULE_NOT_NEGATIVE, "--extents",
	                      &ea) ||
	    ea.base != PERCENT_ORIGIN)
		return 0;
	log_error("A sparse snapshot has no origin to take %%ORIGIN of: use %%VG, %%FREE or "
	          "%%PVS.");
	return -1;
}

/* (commands.h) A snapshot of an inactive origin stays inactive, even
 * with -ay, as with lvm2: the origin is not activated behind the user's
 * back, and the COW is zeroed through the PVs. */
struct lv *tool_snapshot_origin(struct cmd_context *ctx, struct vg *vg, const char *origin_name,
                                int *activate)
{
	struct lv *origin = vg_find_lv(vg, origin_name);
	int active = 0, open = 0;

	if (origin && lv_is_virtual_origin(vg, origin)) {
		log_error("Can't share virtual origins. Use --virtualsize.");
		return NULL;
	}
	if (!origin || !lv_is_user_visible(vg, origin)) {
		log_error("Logical volume %s not found in volume group %s.", origin_name, vg->name);
		return NULL;
	}
	if (lv_is_cow(vg, origin)) {
		log_error("Snapshots of snapshots are not supported: %s/%s is a snapshot.",
		          vg->name, origin_name);
		return NULL;
	}
	if (lv_merging_segment(vg, origin)) {
		log_error("Snapshots of an origin that has a merging snapshot are not "
		          "supported: %s/%s.",
		          vg->name, origin_name);
		return NULL;
	}
	if (*activate) {
		if (tool_lv_state(ctx, vg, origin, &active, &open))
			return NULL;
		*activate = active;
	}
	return origin;
}

/* The new LV in the model, its extents allocated (and, for a snapshot,
 * attached to its origin); NULL after logging. */
static struct lv *add_new_lv(struct vg *vg, const struct create_req *r, struct lv *origin,
                             uint32_t extents, struct pv **pvs, size_t n_pvs)
{
	char id[UUID_LEN + 1];
	struct lv *lv;

	struct alloc_request req = {ALLOC_INHERIT, r->approx, pvs, n_pvs};

	if (vg_find_lv(vg, r->lv_name)) {
		log_error("Logical volume \"%s\" already exists in volume group \"%s\".",
		          r->lv_name, r->vg_name);
		return NULL;
	}
	if (tool_refuse_max_lv(vg) || uuid_generate(id))
		return NULL;
	lv = vg_add_lv(vg, r->lv_name, id);
	tool_set_creation(lv);
	/* (the allocation follows the LV's policy, else the VG's) */
	lv_set_alloc_policy(lv, r->alloc);
	if (alloc_extend(vg, lv, extents, &req, NULL) ||
	    (origin && attach_snapshot(vg, origin, lv, r->chunk)))
		return NULL;
	return lv;
}

/* What keeps lvm2 from zeroing a new LV (lvcreate.c,
 * _check_zero_parameters): read-only, autoactivated or skipped from
 * activation, and inactive.  With any of the first three, -Zy (or -Wy
 * without -Z) is refused with lvm2's line, before anything changes, and
 * the LV is not zeroed.  (Inactive alone: vgtool zeroes through the PVs
 * when -Zy asks, see create_req_parse.)  lvm2 then exits 0 having
 * created nothing; vgtool exits 5 (doc/vgtool-lvcreate.8).  0, or -1
 * after logging. */
static int zero_conflicts(struct cmd_context *ctx, struct create_req *r)
{
	int skipped = r->skip && !r->ignore_skip;
	const char *zero = arg_str(ctx, OPT_ZERO, arg_str(ctx, OPT_WIPESIGNATURES, "n"));

	if (r->snapshot || !(r->read_only || r->auto_activate || skipped))
		return 0;
	if (parse_yes_no("--zero", zero) == 1) {
		log_error("Cannot zero %s%s%s%slogical volume with option -Zy or -Wy.",
		          r->read_only ? "read-only " : "", r->activate ? "" : "inactive ",
		          r->auto_activate ? "auto activated " : "",
		          skipped ? "skipped from activation " : "");
		return -1;
	}
	r->zero = r->wipe = 0;
	/* lvm2 leaves an LV flagged to be skipped inactive, whatever -a
	 * says (a snapshot follows its origin) */
	if (skipped)
		r->activate = 0;
	return 0;
}

/* The flags lvcreate sets on the new LV (for a snapshot: on its COW
 * LV, the LV the snapshot's name stands for, as lvm2). */
static void set_new_lv_flags(const struct create_req *r, struct lv *lv)
{
	if (r->read_only)
		lv->status &= ~(unsigned)LV_WRITE;
	if (r->skip)
		lv->status |= LV_ACTIVATION_SKIP;
	if (r->no_autoact)
		lv->status |= LV_NOAUTOACTIVATE;
	if (r->minor >= 0) {
		lv->status |= LV_FIXED_MINOR;
		lv->major = r->major;
		lv->minor = r->minor;
	}
}

/* lvm2's activation lists on a new LV (snapshots follow their origin):
 * one that read_only_volume_list takes is activated read-only and never
 * zeroed; -aay activates only what auto_activation_volume_list takes;
 * one that volume_list keeps inactive is created inactive, unless it is
 * to be zeroed, which lvm2 can do only through the LV's device: then it
 * fails as lvm2 does (vgtool before changing anything, lvm2 after
 * undoing).  0, or -1 after logging. */
static int volume_lists_apply(struct create_req *r, const struct vg *vg, const struct lv *lv)
{
	const struct lv *named = volume_list_unit(vg, lv);

	if (r->snapshot && !r->virtual_sectors)
		return 0;
	if (volume_list_passes(VOLUME_LIST_READ_ONLY, vg, named)) {
		r->ro_listed = 1;
		r->zero = r->wipe = 0;
	}
	if (r->activate && r->auto_activate &&
	    !volume_list_passes(VOLUME_LIST_AUTO_ACTIVATION, vg, named))
		r->activate = 0;
	if (r->activate && !volume_list_passes(VOLUME_LIST_ACTIVATION, vg, named)) {
		if (r->zero && !r->virtual_sectors) {
			/* (lvm2 adds "Aborting. Failed to wipe start of new
			 * LV.", having committed the LV and taken it back) */
			log_error("Volume %s/%s is not active locally (volume_list activation "
			          "filter?).",
			          vg->name, named->name);
			return -1;
		}
		log_verbose("Not activating %s/%s since it does not pass activation filter.",
		            vg->name, named->name);
		r->activate = 0;
	}
	return 0;
}

/* lvcreate -W: the signatures on the new LV's extents wiped, in lvm2's
 * words, before the metadata names the LV (as its zeroing).  -y or -f
 * wipes; without either a signature found is refused, where lvm2 asks.
 * 0, or -1 after logging. */
static int wipe_new_lv(struct cmd_context *ctx, struct tool *t, const struct vg *vg,
                       const struct lv *lv)
{
	struct strbuf name = STRBUF_INIT, wiped = STRBUF_INIT;
	int r;

	strbuf_addf(&name, "%s/%s/%s", dev_dir(), vg->name, lv->name);
	log_verbose("Wiping known signatures on logical volume %s/%s.", vg->name, lv->name);
	r = lv_wipe_signatures(&t->scan, vg, lv, ctx->yes || arg_count(ctx, OPT_FORCE) > 0,
	                       name.buf, &wiped);
	for (char *type = wiped.buf, *nl; (nl = strchr(type, '\n')); type = nl + 1) {
		*nl = '\0';
		log_print("Wiping %s signature on %s.", type, name.buf);
	}
	strbuf_release(&name);
	strbuf_release(&wiped);
	return r;
}

int tool_follow_or_roll_back(struct tool *t, const struct vg *old, struct vg *vg,
                             struct lv *const *on, size_t n_on)
{
	struct vg *back;

	if (!tool_kernel_follow(t->ctx, vg, on, n_on, NULL, 0))
		return 0;
	/* put the metadata back as it was, so both agree again */
	back = vg_clone(old);
	if (back && !tool_commit(t, vg, back, NULL, 0))
		log_verbose("Metadata of %s rolled back.", vg->name);
	else /* (a disk failing: the write that would undo it failed) */
		for (size_t i = 0; i < n_on; i++)
			log_error("Logical volume \"%s\" stays in volume group %s, inactive.",
			          on[i]->name, vg->name);
	vg_free(back);
	return -1;
}

int tool_snapshot_args(struct cmd_context *ctx, uint32_t *chunk)
{
	int rc = size_args_check(ctx);
	if (rc == EXIT_DONE && parse_chunk(ctx, chunk))
		rc = EXIT_INVALID;
	return rc;
}

struct lv *tool_add_snapshot(struct cmd_context *ctx, struct vg *vg, struct lv *origin,
                             const char *name, uint32_t chunk, uint64_t when)
{
	struct create_req r;
	uint32_t extents = 0;
	struct lv *cow;

	memset(&r, 0, sizeof(r));
	r.snapshot = 1;
	r.chunk = chunk;
	r.alloc = ALLOC_INHERIT;
	r.vg_name = vg->name;
	r.lv_name = (char *)name; /* (read only: never released here) */
	if (requested_extents(ctx, vg, origin, chunk, NULL, 0, &extents, &r.approx) != EXIT_DONE ||
	    cow_fit(vg, origin, chunk, &extents) ||
	    !(cow = add_new_lv(vg, &r, origin, extents, NULL, 0)))
		return NULL;
	/* one time for the whole set: the COW LV and its snapshotN LV */
	cow->creation_time = when;
	cow->cow_of->lv->creation_time = when;
	return cow;
}

/* lvm2's handle_sanlock_lv, before every lvcreate in a sanlock VG: room
 * in lvmlock for one more lease.  The kernel's lvmlock first follows the
 * metadata (another host may have grown it, and lvmlockd finds leases on
 * the device as this host maps it); when lvmlockd finds none free,
 * lvmlock grows by global/sanlock_lv_extend MiB in a commit of its own,
 * as lvm2's, and the lvcreate goes on.  Unlike lvm2, which zeroes the new
 * part through the device after the commit, vgtool zeroes it on the PVs
 * before the metadata gives it to lvmlock: a crash in between never
 * leaves stale bytes where sanlock looks for leases.  `*old` follows the
 * commit.  0, or -1 after lvm2's line. */
static int lvmlock_room(struct tool *t, struct vg **old, struct vg *vg)
{
	struct cmd_context *ctx = t->ctx;
	int64_t mb = config_int(SET_GLOBAL_SANLOCK_LV_EXTEND);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct lv *lock = NULL;
	uint64_t sectors, from;
	uint32_t cur, add;
	int r;

	if (!tool_lockd_used() || !vg_shared(vg) || strcmp(vg->lock_type, "sanlock") || mb <= 0)
		return 0;
	for (size_t i = 0; i < vg->n_lvs && !lock; i++)
		if (lv_is_lvmlock(vg, vg->lvs[i]))
			lock = vg->lvs[i];
	if (!lock || tool_lvmlock_refresh(ctx, vg))
		goto fail;
	r = tool_lockd_find_free_lock(ctx, vg);
	if (r < 0)
		goto fail;
	if (!r)
		return 0;
	cur = lv_extents(lock);
	from = (uint64_t)cur * vg->extent_size * SECTOR_SIZE;
	sectors = (uint64_t)cur * vg->extent_size + (uint64_t)mb * 2048;
	add = (uint32_t)((sectors + vg->extent_size - 1) / vg->extent_size) - cur;
	if ((uint64_t)add * vg->extent_size != (uint64_t)mb * 2048) {
		display_size(&a, (uint64_t)(cur + add) * vg->extent_size);
		log_print("Rounding size to boundary between physical extents: %s.", a.buf);
	}
	if (alloc_extend_lv(vg, lock, add, NULL, 0)) {
		display_size(&a, sectors);
		log_error("Extend sanlock LV %s/%s to size %s failed.", vg->name, lock->name,
		          a.buf);
		goto fail;
	}
	display_size(&a, (uint64_t)cur * vg->extent_size);
	display_size(&b, (uint64_t)(cur + add) * vg->extent_size);
	log_print("Size of logical volume %s/%s changed from %s (%u extents) to %s (%u extents).",
	          vg->name, lock->name, a.buf, cur, b.buf, cur + add);
	log_print("Logical volume %s/%s successfully resized.", vg->name, lock->name);
	log_print("Zeroing %lld MiB on extended internal lvmlock LV...", (long long)mb);
	if ((!ctx->test_mode && lv_zero_range(&t->scan, vg, lock, from,
	                                      (uint64_t)add * vg->extent_size * SECTOR_SIZE)) ||
	    tool_commit(t, *old, vg, NULL, 0) || tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0))
		goto fail;
	vg_free(*old);
	*old = vg_clone(vg);
	strbuf_release(&a);
	strbuf_release(&b);
	return 0;
fail:
	strbuf_release(&a);
	strbuf_release(&b);
	log_error("No space for sanlock lock, extend the internal lvmlock LV.");
	return -1;
}

int cmd_lvcreate(struct cmd_context *ctx)
{
	struct create_req r;
	struct pv **pvs = NULL;
	size_t n_pvs = 0;
	uint32_t extents = 0, virtual = 0;
	int rc, began = 0;
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	struct lv *lv, *origin = NULL;

	rc = create_req_parse(ctx, &r);
	if (rc == EXIT_DONE)
		rc = size_args_check(ctx);
	if (rc != EXIT_DONE)
		goto out;
	rc = EXIT_FAILED;
	if (tool_begin_paths(&t, ctx, r.vg_name, ctx->args.argv + 1, (size_t)ctx->args.argc - 1))
		goto out;
	began = 1;
	if (!(old = tool_read_vg_for_write(&t, r.vg_name)) || !(vg = vg_clone(old)) ||
	    zero_conflicts(ctx, &r))
		goto out;
	/* A sparse snapshot is activated as lvm2 does it, by its own -a and
	 * -k (an ordinary one follows its origin, see snapshot_origin). */
	if (r.virtual_sectors && r.skip && !r.ignore_skip)
		r.activate = 0;
	/* lvm2's order: -L rounded (and said) first, then the PVs named,
	 * the origin, and -l, whose percentages may need both */
	if (arg_count(ctx, OPT_SIZE) && (rc = requested_extents(ctx, vg, NULL, r.chunk, NULL, 0,
	                                                        &extents, &r.approx)) != EXIT_DONE)
		goto out;
	if (r.virtual_sectors &&
	    (rc = virtual_extents(vg, r.virtual_sectors, &virtual)) != EXIT_DONE)
		goto out;
	rc = EXIT_FAILED;
	if (tool_pv_args(ctx, vg, &pvs, &n_pvs))
		goto out;
	if (r.snapshot && !r.virtual_sectors &&
	    !(origin = tool_snapshot_origin(ctx, vg, r.origin_name, &r.activate)))
		goto out;
	if (r.virtual_sectors && percent_of_origin(ctx))
		goto out;
	if (!arg_count(ctx, OPT_SIZE) &&
	    (rc = requested_extents(ctx, vg, origin, r.chunk, pvs, n_pvs, &extents, &r.approx)) !=
	        EXIT_DONE)
		goto out;
	rc = EXIT_FAILED;
	if (r.snapshot && cow_fit(vg, origin, r.chunk, &extents))
		goto out;
	if (!r.lv_name)
		r.lv_name = vg_next_lv_name(vg, "lvol");
	if (r.virtual_sectors && virtual_origin_name_check(r.vg_name, r.lv_name))
		goto out;
	if (lvmlock_room(&t, &old, vg))
		goto out;
	/* shared VG: a snapshot only of an origin no other host has active
	 * (lvm2 takes its lock for the time of the command) */
	if (origin && tool_lockd_lv(ctx, vg, origin, "ex", 0)) {
		log_error("Failed to lock origin LV %s/%s", r.vg_name, origin->name);
		goto out;
	}
	if (!(lv = add_new_lv(vg, &r, origin, extents, pvs, n_pvs)) ||
	    (r.virtual_sectors && add_virtual_origin(vg, lv, virtual, r.chunk)))
		goto out;
	/* on the LV named: a snapshot's tags are its COW LV's, as lvm2's */
	tool_change_tags(ctx, &lv->tags, 0);
	set_new_lv_flags(&r, lv);
	if (volume_lists_apply(&r, vg, lv))
		goto out;
	/* Zero the start before the metadata names the LV: a crash in
	 * between leaves zeroed free space, never an LV with stale data
	 * (for a COW: a stale snapshot header). */
	if ((r.snapshot || r.zero || r.wipe) && tool_commit_fits(&t, old, vg, r.snapshot ? 2 : 1))
		goto out;
	if (r.wipe && !r.snapshot && wipe_new_lv(ctx, &t, vg, lv))
		goto out;
	if ((r.snapshot || r.zero) &&
	    lv_zero_start(&t.scan, vg, lv, ZERO_BYTES, r.snapshot ? r.chunk : 0))
		goto out;
	if (r.activate && tool_kernel_check(ctx, vg, &lv, 1))
		goto out;
	/* its lease in a shared VG, before the metadata names it */
	if (tool_lockd_init_lv(ctx, vg, lv))
		goto out;
	if (tool_commit_steps(&t, old, vg, NULL, 0, r.snapshot ? 2 : 1)) {
		tool_lockd_free_lv(ctx, vg, lv);
		goto out;
	}
	/* (once committed, as lvm2: a refused command warns of nothing) */
	if (r.ro_listed)
		log_warn("WARNING: Read-only activated logical volume %s/%s not zeroed.", r.vg_name,
		         r.lv_name);
	else if (!r.zero && !r.snapshot)
		log_warn("WARNING: Logical volume %s/%s not zeroed.", r.vg_name, r.lv_name);
	/* Metadata first, kernel second: a crash in between leaves an
	 * inactive LV, which is harmless; a device without metadata could
	 * map extents another LV is then given. */
	/* shared VG: active here under its lock, exclusive (lvm2's -ay) */
	if (r.activate && !r.snapshot && tool_lockd_lv(ctx, vg, lv, "ex", 1)) {
		log_error("Failed to lock logical volume %s/%s.", r.vg_name, r.lv_name);
		goto out;
	}
	if (r.activate && tool_follow_or_roll_back(&t, old, vg, &lv, 1))
		goto out;
	log_print("Logical volume \"%s\" created.", r.lv_name);
	rc = EXIT_DONE;
out:
	free(pvs);
	vg_free(vg);
	vg_free(old);
	if (began)
		tool_end(&t);
	create_req_release(&r);
	return rc;
}

/* Refuse to remove an LV (or, with -f, an origin's snapshots) whose
 * device is open: mounted or in use. */
static int lvs_in_use(struct cmd_context *ctx, struct vg *vg, struct lv *lv, int *active)
{
	struct lv **lvs = xcalloc(lv->n_snapshots + 1, sizeof(*lvs));
	const struct lv *open;
	size_t n = 0;

	lvs[n++] = lv;
	for (size_t i = 0; i < lv->n_snapshots; i++)
		lvs[n++] = lv->snapshots[i]->cow;
	open = tool_first_open(ctx, vg, lvs, n, active);
	free(lvs);
	if (open) {
		log_error("Logical volume %s/%s is in use.", vg->name, open->name);
		return 1;
	}
	return 0;
}

void tool_remove_lv(struct vg *vg, struct lv *lv, unsigned snapshot_steps, unsigned *steps)
{
	struct segment *seg = lv_cow_segment(vg, lv);

	/* lvm2's count of commits: a snapshot 2, an origin 1 + as many per
	 * snapshot taken along as the caller says */
	if (seg) {
		/* a sparse snapshot takes its virtual origin along, as lvm2's
		 * (in the same two commits) */
		struct lv *vorigin = lv_virtual_origin_of(vg, lv);
		*steps += 2;
		vg_remove_snapshot(vg, seg);
		if (vorigin && !vorigin->n_snapshots)
			vg_remove_lv(vg, vorigin);
		return;
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
		*steps += snapshot_steps;
	}
	vg_remove_lv(vg, lv);
	*steps += 1;
}

/* lvremove's LVs of one VG (args->names[first..end-1], which
 * tool_lv_args() lists VG by VG), removed with one commit as lvm2 does:
 * its seqno goes up by one, and by one more per snapshot removed (lvm2
 * commits once to take each snapshot off its origin).  Returns the exit
 * status of this VG's part. */
static int lvremove_vg(struct cmd_context *ctx, const struct name_list *args, size_t first,
                       size_t end, const char *vg_name)
{
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	unsigned steps = 0, removed = 0;
	int rc = EXIT_DONE;
	/* shared VG: the LVs whose locks are let go and freed at the end */
	const struct lv **locked = NULL;
	size_t n_locked = 0;

	if (tool_begin(&t, ctx, vg_name))
		return EXIT_FAILED;
	if (!(old = tool_read_vg_missing_ok(&t, vg_name)) || !(vg = vg_clone(old))) {
		rc = EXIT_FAILED;
		goto out;
	}
	if (vg_shared(old))
		locked = xcalloc(old->n_lvs + 1, sizeof(*locked));
	for (size_t a = first; a < end; a++) {
		char *lv_name = NULL, *ignored = NULL;
		struct lv *lv, *vorigin;
		int active = 0;

		if (parse_lv_arg(args->names[a], NULL, &ignored, &lv_name)) {
			rc = EXIT_INVALID;
			continue;
		}
		free(ignored);
		lv = vg_find_lv(vg, lv_name);
		if (tool_virtual_origin_named(vg, lv)) {
			rc = EXIT_FAILED;
			goto next;
		}
		if (lv && lv_is_merging_cow(vg, lv)) {
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
			/* chosen by a tag, or taken along by its origin before:
			 * nothing to say */
			if (args->by_tag[a] || vg_find_lv(old, lv_name))
				goto next;
			log_error("Logical volume %s not found in volume group %s.", lv_name,
			          vg_name);
			rc = EXIT_FAILED;
			goto next;
		}
		/* (a sparse snapshot is its whole stack: in use when any of
		 * it is open) */
		vorigin = lv_virtual_origin_of(vg, lv);
		if (lvs_in_use(ctx, vg, vorigin ? vorigin : lv, &active)) {
			rc = EXIT_FAILED;
			goto next;
		}
		/* lvm2 asks before removing an active LV (not a sparse
		 * snapshot, whose hidden origin it removes in silence); vgtool
		 * asks nothing and wants the answer on the command line instead */
		if (active && !vorigin && !arg_count(ctx, OPT_FORCE) && !ctx->yes &&
		    !ctx->test_mode) {
			log_error(
			    "Logical volume %s/%s is active: confirm its removal with -f or -y.",
			    vg_name, lv_name);
			rc = EXIT_FAILED;
			goto next;
		}
		/* shared VG: no host may have it active (lvm2's lock) */
		if (locked && lv_uses_lock(vg, lv)) {
			if (tool_lockd_lv(ctx, vg, lv, "ex", 1)) {
				rc = EXIT_FAILED;
				goto next;
			}
			locked[n_locked++] = vg_find_lv(old, lv->name);
		}
		/* (each removal counts its own final commit: one is made) */
		tool_remove_lv(vg, lv, 1, &steps);
		removed++;
		log_print("Logical volume \"%s\" successfully removed.", lv_name);
	next:
		free(lv_name);
	}
	/* Metadata first: a crash before the kernel follows leaves devices
	 * the next activation removes, never a snapshot that misses writes
	 * to its origin. */
	if (removed && (tool_commit_steps(&t, old, vg, NULL, 0, steps - removed + 1) ||
	                tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0)))
		rc = EXIT_FAILED;
	/* committed: the removed LVs' locks let go and their leases freed
	 * (a failed commit leaves them locked here, as the LVs still are) */
	else
		for (size_t i = 0; i < n_locked; i++) {
			if (tool_lockd_lv(ctx, old, locked[i], "un", 1))
				log_warn("WARNING: Failed to unlock %s.", locked[i]->name);
			tool_lockd_free_lv(ctx, old, locked[i]);
		}
out:
	free(locked);
	tool_end(&t);
	vg_free(vg);
	vg_free(old);
	return rc;
}

int cmd_lvremove(struct cmd_context *ctx)
{
	int rc = EXIT_DONE;
	struct name_list args;

	if (!ctx->args.argc && !arg_count(ctx, OPT_SELECT)) {
		log_error("lvremove: give at least one VG/LV, or -S.");
		return EXIT_INVALID;
	}
	rc = arg_count(ctx, OPT_SELECT) ? tool_select_lvs(ctx, 0, &args)
	                                : tool_lv_args(ctx, TAG_BAD_REFUSE, 0, &args);
	if (rc != EXIT_DONE)
		return rc;
	if (args.failed)
		rc = EXIT_FAILED;
	for (size_t a = 0, end; a < args.n; a = end) {
		char *vg_name = NULL, *lv_name = NULL;
		int r;

		end = a + 1;
		if (parse_lv_arg(args.names[a], NULL, &vg_name, &lv_name)) {
			rc = EXIT_INVALID;
			continue;
		}
		/* the names that follow in the same VG */
		while (end < args.n) {
			size_t vl = strlen(vg_name);
			if (strncmp(args.names[end], vg_name, vl) || args.names[end][vl] != '/')
				break;
			end++;
		}
		r = lvremove_vg(ctx, &args, a, end, vg_name);
		if (r != EXIT_DONE && rc != EXIT_INVALID)
			rc = r;
		free(vg_name);
		free(lv_name);
	}
	name_list_release(&args);
	return rc;
}

/* A sparse snapshot renamed from `from` to `to` takes its virtual
 * origin's name along, as lvm2 renames sub-LVs: "<from>_vorigin" becomes
 * "<to>_vorigin" (whatever follows `from`, kept).  0, or -1 after
 * logging (an origin named otherwise, or a new name that cannot be). */
static int rename_virtual_origin(struct vg *vg, struct lv *cow, const char *from, const char *to)
{
	struct lv *vorigin = lv_virtual_origin_of(vg, cow);
	size_t len = strlen(from);
	struct strbuf name = STRBUF_INIT;
	int rc = -1;

	if (!vorigin)
		return 0;
	if (strncmp(vorigin->name, from, len) || vorigin->name[len] != '_') {
		log_error("Cannot rename \"%s\": name format not recognized for internal LV "
		          "\"%s\"",
		          from, vorigin->name);
		return -1;
	}
	strbuf_addf(&name, "%s%s", to, vorigin->name + len);
	/* (name_check_full's limit, without its line) */
	if (name_problem(name.buf) || strlen(vg->name) + 1 + name.len > NAME_MAX_LEN - 2) {
		log_error("Cannot rename \"%s\". New logical volume name \"%s\" is invalid.",
		          vorigin->name, name.buf);
	} else if (vg_find_lv(vg, name.buf)) {
		log_error("Logical volume \"%s\" already exists in volume group \"%s\".", name.buf,
		          vg->name);
	} else {
		vg_rename_lv(vg, vorigin, name.buf);
		rc = 0;
	}
	strbuf_release(&name);
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
	if (tool_begin(&t, ctx, vg_name))
		goto out;
	began = 1;
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_clone(old)))
		goto out;
	lv = vg_find_lv(vg, from);
	if (lv && lv_is_merging_cow(vg, lv)) {
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
	/* shared VG: not active on another host, whose device would keep
	 * the old name (lvm2's lock for the time of the command) */
	if (tool_lockd_lv(ctx, vg, lv, "ex", 0))
		goto out;
	if (rename_virtual_origin(vg, lv, from, to))
		goto out;
	vg_rename_lv(vg, lv, to);
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
