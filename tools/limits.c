/* Allocation policies and the limits of a VG on the command line:
 * --alloc and -C of lvcreate, lvchange, lvextend/lvresize, vgcreate and
 * vgchange; -l/-p (max_lv, max_pv) and -x (resizeable) of vgcreate and
 * vgchange; the segment types vgtool does not make (-i, -I, -m, --type),
 * refused in one line. */
#include <stdlib.h>
#include <string.h>

#include "metadata/alloc.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/units.h"
#include "misc/uuid.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/limits.h"
#include "tools/toollib.h"

int tool_uint32_arg(struct cmd_context *ctx, enum opt_id id, uint32_t *out)
{
	const char *v = arg_str(ctx, id, NULL), *p;
	char *end;
	unsigned long long n;

	if (!v)
		return 0;
	/* lvm2 takes "+5" as 5 and refuses any minus */
	p = *v == '+' ? v + 1 : v;
	n = strtoull(p, &end, 10);
	if (*p < '0' || *p > '9' || *end || n > UINT32_MAX) {
		log_error("Invalid argument for --%s: %s", opt_spec_find(id)->long_name, v);
		return -1;
	}
	*out = (uint32_t)n;
	return 0;
}

int tool_alloc_arg(struct cmd_context *ctx, enum alloc_policy *out)
{
	const char *v = arg_str(ctx, OPT_ALLOC, NULL);

	*out = ALLOC_INHERIT;
	if (!v)
		return EXIT_DONE;
	/* lvm2 takes the option once only, unlike most */
	if (arg_count(ctx, OPT_ALLOC) > 1) {
		log_error("Option --alloc may not be repeated.");
		return EXIT_INVALID;
	}
	if ((*out = alloc_policy_from_name(v)) == ALLOC_INVALID) {
		log_error("Invalid argument for --alloc: %s (contiguous, cling, cling_by_tags, "
		          "normal, anywhere or inherit)",
		          v);
		return EXIT_INVALID;
	}
	return EXIT_DONE;
}

int tool_lv_alloc_args(struct cmd_context *ctx, int creating, enum alloc_policy *out)
{
	int contiguous = 0, rc = tool_alloc_arg(ctx, out);

	if (rc != EXIT_DONE)
		return rc;
	if (arg_count(ctx, OPT_CONTIGUOUS) &&
	    (contiguous = parse_yes_no("--contiguous", arg_str(ctx, OPT_CONTIGUOUS, NULL))) < 0)
		return EXIT_INVALID;
	if (!arg_count(ctx, OPT_CONTIGUOUS))
		return EXIT_DONE;
	/* lvchange takes one or the other; lvcreate both, when they agree
	 * (-C n then leaves --alloc as it is) */
	if (!creating && arg_count(ctx, OPT_ALLOC)) {
		log_error("Options --contiguous and --alloc cannot be combined.");
		return EXIT_INVALID;
	}
	if (!arg_count(ctx, OPT_ALLOC))
		*out = contiguous ? ALLOC_CONTIGUOUS : ALLOC_INHERIT;
	else if (contiguous && *out != ALLOC_CONTIGUOUS) {
		log_error("Conflicting contiguous and alloc arguments.");
		return EXIT_INVALID;
	}
	return EXIT_DONE;
}

/* The segment types lvm2 knows: all but linear, striped and snapshot are
 * refused by name. */
static int known_segtype(const char *t)
{
	static const char *const known[] = {
	    "mirror",   "thin", "thin-pool", "cache",     "cache-pool", "writecache", "vdo",
	    "vdo-pool", "zero", "error",     "integrity", "raid0_meta", NULL,
	};
	for (size_t i = 0; known[i]; i++)
		if (!strcmp(t, known[i]))
			return 1;
	/* raid0, raid1, raid10, raid4, raid5, raid5_ls, raid6_zr, ... */
	return !strncmp(t, "raid", 4) && t[4] >= '0' && t[4] <= '9';
}

/* -i N: 1 is linear; 0 and garbage are bad command lines, as lvm2's. */
static int stripes_arg(struct cmd_context *ctx, uint32_t *stripes)
{
	*stripes = 1;
	if (!arg_count(ctx, OPT_STRIPES))
		return EXIT_DONE;
	if (tool_uint32_arg(ctx, OPT_STRIPES, stripes))
		return EXIT_INVALID;
	if (!*stripes) {
		log_error("--stripes may not be zero.");
		return EXIT_INVALID;
	}
	return EXIT_DONE;
}

int tool_linear_args(struct cmd_context *ctx, int creating, int *snapshot)
{
	const char *type = arg_str(ctx, OPT_TYPE, NULL);
	uint32_t stripes, mirrors = 0;
	struct size_arg sa;
	int rc;

	if (type && strcmp(type, "linear") && strcmp(type, "striped") && strcmp(type, "snapshot")) {
		if (!known_segtype(type)) {
			log_error("Invalid argument for --type: %s", type);
			return EXIT_INVALID;
		}
		log_error("vgtool does not make %s logical volumes: only linear ones and "
		          "snapshots.",
		          type);
		return EXIT_INVALID;
	}
	if (type && !strcmp(type, "snapshot"))
		*snapshot = 1;
	/* a snapshot is not a striped LV, for lvm2's command table either */
	if (type && !strcmp(type, "striped") && *snapshot) {
		log_error("Option --snapshot does not go with --type striped.");
		return EXIT_INVALID;
	}
	if ((rc = stripes_arg(ctx, &stripes)) != EXIT_DONE)
		return rc;
	if (arg_count(ctx, OPT_STRIPESIZE) &&
	    parse_size_arg(arg_str(ctx, OPT_STRIPESIZE, NULL), 'k', 0, "--stripesize", &sa))
		return EXIT_INVALID;
	if (arg_count(ctx, OPT_MIRRORS) && tool_uint32_arg(ctx, OPT_MIRRORS, &mirrors))
		return EXIT_INVALID;
	if (stripes > 1) {
		log_error("vgtool does not make striped %s (-i %u): only linear ones%s.",
		          creating ? "logical volumes" : "segments", stripes,
		          creating ? " and snapshots" : "");
		return EXIT_INVALID;
	}
	if (mirrors) {
		log_error("vgtool does not make mirrored logical volumes (-m %u): only linear "
		          "ones and snapshots.",
		          mirrors);
		return EXIT_INVALID;
	}
	/* lvcreate's linear and snapshot forms take no -I without -i (lvm2
	 * refuses it so); with one stripe it is ignored, and said so */
	if (arg_count(ctx, OPT_STRIPESIZE) && creating && !arg_count(ctx, OPT_STRIPES)) {
		log_error("Option --stripesize needs --stripes.");
		return EXIT_INVALID;
	}
	/* (lvextend ignores it without a word) */
	if (creating && arg_count(ctx, OPT_STRIPESIZE))
		log_print("Ignoring stripesize argument with single stripe.");
	if (arg_count(ctx, OPT_MIRRORS))
		log_print("Redundant mirrors argument: default is 0");
	return EXIT_DONE;
}

int tool_refuse_not_resizeable(const struct vg *vg)
{
	if (vg->status & VG_RESIZEABLE)
		return 0;
	log_error("Volume group %s is not resizeable.", vg->name);
	return -1;
}

int tool_refuse_max_lv(const struct vg *vg)
{
	if (!vg->max_lv || vg_visible_lv_count(vg) < vg->max_lv)
		return 0;
	log_error("Maximum number of logical volumes (%u) reached in volume group %s", vg->max_lv,
	          vg->name);
	return -1;
}

int tool_vg_limit_args(struct cmd_context *ctx, struct vg *vg)
{
	enum alloc_policy alloc;
	int rc;

	if (tool_uint32_arg(ctx, OPT_MAXLV, &vg->max_lv) ||
	    tool_uint32_arg(ctx, OPT_MAXPV, &vg->max_pv))
		return EXIT_INVALID;
	if ((rc = tool_alloc_arg(ctx, &alloc)) != EXIT_DONE)
		return rc;
	if (arg_count(ctx, OPT_ALLOC) && alloc == ALLOC_INHERIT) {
		log_error("Volume Group allocation policy cannot inherit from anything");
		return EXIT_INVALID;
	}
	if (arg_count(ctx, OPT_ALLOC))
		vg_set_alloc_policy(vg, alloc);
	return EXIT_DONE;
}

/* ---- vgchange ---- */

/* The VG properties given other than tags: the one list of them, so
 * that "tags only" (tool_vg_change_props) cannot miss one added here. */
static int vg_props_but_tags_given(const struct cmd_context *ctx)
{
	return arg_count(ctx, OPT_LOGICALVOLUME) || arg_count(ctx, OPT_MAXPV) ||
	       arg_count(ctx, OPT_RESIZEABLE) || arg_count(ctx, OPT_ALLOC) ||
	       arg_count(ctx, OPT_SETAUTOACTIVATION) || arg_count(ctx, OPT_PESIZE) ||
	       arg_count(ctx, OPT_NEWUUID);
}

int tool_vg_props_given(const struct cmd_context *ctx)
{
	return vg_props_but_tags_given(ctx) || tool_tags_given(ctx);
}

/* lvm2's refusal of -l, -p and -s on a VG that is not resizeable, naming
 * `what` would change: -1 after its line, else 0. */
static int refuse_fixed_vg(const struct vg *vg, const char *what)
{
	if (vg->status & VG_RESIZEABLE)
		return 0;
	log_error("Volume group \"%s\" must be resizeable to change %s", vg->name, what);
	return -1;
}

/* The new extent size, as lvm2's: a size it cannot take, or the size the
 * VG has, only warns (and the VG is still committed, unchanged); its lvm2
 * format takes any power of two, or a multiple of 64 KiB; then every
 * count is converted.  0, or -1 after logging. */
static int change_extent_size(struct vg *vg, uint64_t size)
{
	struct extent_misfit m;
	struct strbuf sb = STRBUF_INIT;
	int r;

	if (size > UINT32_MAX || size == vg->extent_size) {
		display_size(&sb, size > UINT32_MAX ? UINT32_MAX : size);
		if (size > UINT32_MAX)
			log_warn("Physical extent size cannot be larger than %s.", sb.buf);
		else
			log_warn("Physical extent size of VG %s is already %s.", vg->name, sb.buf);
		strbuf_release(&sb);
		return 0;
	}
	if (refuse_fixed_vg(vg, "PE size"))
		return -1;
	if (!size) {
		log_error("Physical extent size may not be zero");
		return -1;
	}
	if ((size & (size - 1)) && size % 128) {
		display_size(&sb, 128);
		log_error("Physical Extent size must be a multiple of %s when not a power of 2.",
		          sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	r = vg_set_extent_size(vg, (uint32_t)size, &m);
	if (r == EXTENT_NO_PERFECT_FIT)
		log_error("New extent size is not a perfect fit");
	else if (r && m.too_many)
		log_error("New extent count %llu for %s%s exceeds 32 bits.",
		          (unsigned long long)(m.sectors / size), m.name, m.what);
	else if (r)
		log_error("New size %llu for %s%s not an exact number of new extents.",
		          (unsigned long long)m.sectors, m.name, m.what);
	return r ? -1 : 0;
}

/* vgchange -u: a new VG id, refused while an LV is active (its devices'
 * uuids hold the old one). */
static int change_vg_id(struct cmd_context *ctx, struct vg *vg)
{
	char id[UUID_LEN + 1];

	if (tool_vg_has_active_lvs(ctx, vg)) {
		log_error("Volume group has active logical volumes");
		return -1;
	}
	/* lvm2 changes it and loses its own lvmlock device, whose kernel
	 * uuid holds the old id (its next lock start fails): the device
	 * cannot take a new uuid while sanlock holds it open */
	if (vg_shared(vg) && tool_vg_lvmlock_active(ctx, vg)) {
		log_error("Cannot change the UUID of shared VG %s while its lvmlock LV is active "
		          "(its lockspace is started).",
		          vg->name);
		return -1;
	}
	if (uuid_generate(id)) {
		log_error("Failed to generate new random UUID for VG %s.", vg->name);
		return -1;
	}
	memcpy(vg->id, id, sizeof(vg->id));
	return 0;
}

int tool_vg_props_check(struct cmd_context *ctx, struct vg_props *p)
{
	memset(p, 0, sizeof(*p));
	if (tool_uint32_arg(ctx, OPT_LOGICALVOLUME, &p->max_lv) ||
	    tool_uint32_arg(ctx, OPT_MAXPV, &p->max_pv))
		return EXIT_INVALID;
	if (arg_count(ctx, OPT_RESIZEABLE) &&
	    (p->resizeable = parse_yes_no("--resizeable", arg_str(ctx, OPT_RESIZEABLE, NULL))) < 0)
		return EXIT_INVALID;
	/* -s as lvm2 reads it: a size, MiB without a unit */
	if (tool_size_not_negative(ctx, OPT_PESIZE, 'm', "--physicalextentsize",
	                           "Physical extent size may not be negative", &p->extent_size))
		return EXIT_INVALID;
	return tool_alloc_arg(ctx, &p->alloc);
}

/* The changes in lvm2's order (-l, -p, -x, --setautoactivation, the tags,
 * --alloc); the first refused leaves the VG as it was.
 * 0, or -1 after logging. */
static int change_vg_props(struct cmd_context *ctx, const struct vg_props *p, struct vg *vg)
{
	if (arg_count(ctx, OPT_LOGICALVOLUME)) {
		if (refuse_fixed_vg(vg, "MaxLogicalVolume"))
			return -1;
		if (p->max_lv && p->max_lv < vg_visible_lv_count(vg)) {
			log_error("MaxLogicalVolume is less than the current number %zu of LVs for "
			          "%s",
			          vg_visible_lv_count(vg), vg->name);
			return -1;
		}
		vg->max_lv = p->max_lv;
	}
	if (arg_count(ctx, OPT_MAXPV)) {
		if (refuse_fixed_vg(vg, "MaxPhysicalVolumes"))
			return -1;
		if (p->max_pv && p->max_pv < vg->n_pvs) {
			log_error("MaxPhysicalVolumes is less than the current number %zu of PVs "
			          "for \"%s\"",
			          vg->n_pvs, vg->name);
			return -1;
		}
		vg->max_pv = p->max_pv;
	}
	if (arg_count(ctx, OPT_RESIZEABLE)) {
		if (p->resizeable == !!(vg->status & VG_RESIZEABLE)) {
			log_error("Volume group \"%s\" is already %sresizeable", vg->name,
			          p->resizeable ? "" : "not ");
			return -1;
		}
		vg->status ^= VG_RESIZEABLE;
	}
	if (arg_count(ctx, OPT_SETAUTOACTIVATION)) {
		int no = !opt_bool_value(arg_str(ctx, OPT_SETAUTOACTIVATION, NULL));
		/* refused, as lvm2, rather than committed unchanged */
		if (no == !!(vg->status & VG_NOAUTOACTIVATE)) {
			log_error("Volume group autoactivation is already %s.", no ? "no" : "yes");
			return -1;
		}
		vg->status ^= VG_NOAUTOACTIVATE;
	}
	tool_change_tags(ctx, &vg->tags, 1);
	if ((arg_count(ctx, OPT_PESIZE) && change_extent_size(vg, p->extent_size)) ||
	    (arg_count(ctx, OPT_NEWUUID) && change_vg_id(ctx, vg)))
		return -1;
	if (arg_count(ctx, OPT_ALLOC)) {
		if (p->alloc == vg_alloc_policy(vg)) {
			log_error("Volume group allocation policy is already %s",
			          alloc_policy_name(p->alloc));
			return -1;
		}
		if (p->alloc == ALLOC_INHERIT) {
			log_error("Volume Group allocation policy cannot inherit from anything");
			return -1;
		}
		vg_set_alloc_policy(vg, p->alloc);
	}
	return 0;
}

int tool_vg_change_props(struct cmd_context *ctx, const struct vg_props *p, const char *name)
{
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	int rc = EXIT_FAILED;

	if (tool_begin(&t, ctx, name))
		return EXIT_FAILED;
	/* Tags alone may change while a PV is missing, as in lvm2 (its
	 * "partial safe" changes): the metadata goes to the PVs there, the
	 * missing one keeps its MISSING flag.  One commit, as lvm2's, even
	 * when the tags were already so. */
	int tags_only = tool_tags_given(ctx) && !vg_props_but_tags_given(ctx);

	if ((old = tags_only ? tool_read_vg_missing_ok(&t, name)
	                     : tool_read_vg_for_write(&t, name)) &&
	    (vg = vg_clone(old)) && !change_vg_props(ctx, p, vg) &&
	    !tool_commit(&t, old, vg, NULL, 0)) {
		log_print("Volume group \"%s\" successfully changed", name);
		rc = EXIT_DONE;
	}
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	return rc;
}

/* ---- lvchange ---- */

int tool_lv_alloc_given(const struct cmd_context *ctx)
{
	return arg_count(ctx, OPT_ALLOC) || arg_count(ctx, OPT_CONTIGUOUS);
}

int tool_lv_change_alloc(struct cmd_context *ctx, struct vg *vg, struct lv *lv)
{
	enum alloc_policy alloc;

	tool_lv_alloc_args(ctx, 0, &alloc);
	/* lvm2 only notes that the extents may not be contiguous yet */
	if (lv_alloc_policy(lv) == alloc) {
		log_error("Allocation policy of logical volume %s/%s is already %s.", vg->name,
		          lv->name, alloc_policy_name(alloc));
		return -1;
	}
	lv_set_alloc_policy(lv, alloc);
	return 0;
}
