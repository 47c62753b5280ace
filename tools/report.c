/* pvs, vgs, lvs and pvdisplay, vgdisplay, lvdisplay: find the objects the
 * arguments name, turn each into report rows (lib/report) and print.
 * pvscan, vgscan and lvscan (lvm2's one-line listings) and vgmknodes
 * read the same way, so they live here too.
 *
 * Reporting never stops at the first bad argument: like lvm2, every
 * object that can be shown is, each problem is one line on stderr and
 * the exit status is then 5. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "activate/activate.h"
#include "activate/dm.h"
#include "device/discovery.h"
#include "metadata/names.h"
#include "misc/log.h"
#include "misc/uuid.h"
#include "misc/xalloc.h"
#include "report/display.h"
#include "report/select.h"
#include "tools/commands.h"
#include "tools/toollib.h"

/* What the kernel has for the VG being reported, read once per VG. */
struct kernel_view {
	int available; /* device-mapper answers */
	char vg_id[UUID_LEN + 1];
	int loaded, failed;
	struct kdm_state have;
};

/* A number from sysfs for a block device, or `def`. */
static unsigned long sysfs_number(dev_t dev, const char *attr, unsigned long def)
{
	char path[128];
	unsigned long v;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/%s", major(dev), minor(dev), attr);
	if (!(f = fopen(path, "r")))
		return def;
	if (fscanf(f, "%lu", &v) != 1)
		v = def;
	fclose(f);
	return v;
}

/* The kernel's side of an LV as lvm2 reports it: the device named after
 * the LV (for a snapshot, the "snapshot" target named after its COW LV). */
static int kernel_lv_state(void *arg, const struct vg *vg, const struct lv *lv,
                           struct lv_kstate *out)
{
	struct kernel_view *k = arg;
	const struct kdm_kdev *d;
	char *uuid;

	if (!k->available)
		return 0;
	if (!k->loaded || strcmp(k->vg_id, vg->id)) {
		char *prefix = xmalloc(strlen(vg->id) + 5);

		if (k->loaded)
			kdm_state_free(&k->have);
		sprintf(prefix, "LVM-%s", vg->id);
		snprintf(k->vg_id, sizeof(k->vg_id), "%s", vg->id);
		k->loaded = 1;
		k->failed = kdm_read_state(&prefix, 1, NULL, 0, &k->have) != 0;
		free(prefix);
	}
	if (k->failed)
		return -1;
	uuid = kdm_uuid_for(vg->id, lv->id, LAYER_TOP);
	d = kdm_state_find_uuid(&k->have, uuid);
	free(uuid);
	if (!d)
		return 0;
	out->exists = 1;
	out->suspended = d->suspended;
	out->inactive_table = d->has_inactive;
	out->live_table = d->table && *d->table;
	out->open_count = d->open_count > 0 ? (unsigned)d->open_count : 0;
	out->major = (int)major(d->dev);
	out->minor = (int)minor(d->dev);
	/* what BLKRAGET and BLKROGET answer, in sectors */
	out->read_ahead = (uint32_t)(sysfs_number(d->dev, "queue/read_ahead_kb", 0) * 2);
	out->read_only = sysfs_number(d->dev, "ro", 0) != 0;
	if ((lv_cow_segment(vg, lv) || lv_merging_segment(vg, lv)) && out->live_table) {
		unsigned long long used, total, metadata;
		int invalid, overflow, r = -1;
		const struct segment *cs = lv_cow_segment(vg, lv);

		/* a merge under way reports through the origin's snapshot-merge
		 * target (the snapshot's own device maps errors then); a
		 * delayed one still through the snapshot */
		if (cs && cs->merging) {
			char *origin = kdm_name_for(vg->name, cs->origin->name, LAYER_TOP);
			r = kdm_snapshot_status(origin, &used, &total, &metadata, &invalid,
			                        &overflow);
			free(origin);
		}
		if (r)
			r = kdm_snapshot_status(d->name, &used, &total, &metadata, &invalid,
			                        &overflow);
		if (!r) {
			out->has_snap_status = 1;
			out->snap_used = used;
			out->snap_total = total;
			out->snap_metadata = metadata;
			out->snap_invalid = invalid || overflow;
		}
	}
	return 0;
}

struct run {
	struct cmd_context *ctx;
	struct tool t;
	int tool_started;
	struct report_ctx rc;
	char *dev_dir;
	struct vg **vgs; /* the VGs read, in lvm2's processing order */
	size_t n_vgs;
	int failed;
	struct vg orphans; /* lvm2's orphan VG, for PVs in no VG */
	int every_pv;      /* PV commands: no PV named, none by tag: all of them */
	struct kernel_view kernel;
};

/* `paths`: PV arguments, scanned too (they may be image files). */
static int run_begin(struct run *r, struct cmd_context *ctx, char *const *paths, size_t n_paths)
{
	const char *dev = dev_dir();
	/* --units, else global/units (checked when the configuration was
	 * read; lvm2's default "r") */
	const char *units = arg_str(ctx, OPT_UNITS, config_str(SET_GLOBAL_UNITS));

	memset(r, 0, sizeof(*r));
	r->ctx = ctx;
	r->orphans.name = "";
	r->orphans.id[0] = '\0';
	r->orphans.allocation_policy = "unknown";
	if (units) {
		if (parse_units_arg(units, &r->rc.units))
			return EXIT_INVALID;
	} else {
		units_default(&r->rc.units);
	}
	r->rc.nosuffix = arg_count(ctx, OPT_NOSUFFIX) > 0 || !config_bool(SET_GLOBAL_SUFFIX);
	r->dev_dir = xmalloc(strlen(dev) + 2);
	sprintf(r->dev_dir, "%s/", dev);
	r->rc.dev_dir = r->dev_dir;
	/* Without device-mapper (or as a user who may not ask it), every LV
	 * is shown inactive. */
	r->kernel.available = tool_kernel(ctx);
	r->rc.lv_state = kernel_lv_state;
	r->rc.lv_state_arg = &r->kernel;

	if (tool_begin_paths(&r->t, ctx, NULL, paths, n_paths))
		return EXIT_FAILED;
	r->tool_started = 1;
	r->rc.scan = &r->t.scan;
	return EXIT_DONE;
}

/* The VGs a report read, left for the process's exit to hand back.  A
 * report is the command's last act, and freeing a VG of ten thousand LVs
 * one allocation at a time costs more than the whole kernel unmap at exit
 * (15 M instructions, about a twentieth of `lvs`).  Kept reachable from
 * here, so leak checkers do not count them. */
static struct vg **vgs_left_for_exit;

static void run_end(struct run *r)
{
	if (vgs_left_for_exit) {
		for (size_t i = 0; i < r->n_vgs; i++)
			vg_free(r->vgs[i]);
		free(r->vgs);
	} else {
		vgs_left_for_exit = r->vgs;
	}
	free(r->dev_dir);
	if (r->kernel.loaded)
		kdm_state_free(&r->kernel.have);
	if (r->tool_started)
		tool_end(&r->t);
}

static void add_vg(struct run *r, struct vg *vg)
{
	r->vgs = xrealloc(r->vgs, (r->n_vgs + 1) * sizeof(*r->vgs));
	r->vgs[r->n_vgs++] = vg;
}

static struct vg *find_vg(struct run *r, const char *name)
{
	for (size_t i = 0; i < r->n_vgs; i++)
		if (!strcmp(r->vgs[i]->name, name))
			return r->vgs[i];
	return NULL;
}

/* Read the VGs named, in the order named (each once), or all of them in
 * lvm2's order.  A VG that cannot be read is reported and skipped. */
static void read_vgs(struct run *r, char **names, size_t n)
{
	const struct scan *s = &r->t.scan;
	/* copies: reading a VG reads its PVs again, names included */
	char **order = NULL;
	size_t n_order = 0;

	if (names) {
		order = xcalloc(n + 1, sizeof(*order));
		for (size_t i = 0; i < n; i++)
			order[n_order++] = xstrdup(names[i]);
	} else {
		n_order = scan_vg_names_lvm2_order(s, &order);
	}
	for (size_t i = 0; i < n_order; i++) {
		struct vg *vg;
		int known = 0;

		if (!order[i] || find_vg(r, order[i]))
			continue;
		for (size_t k = 0; k < s->n && !known; k++)
			known = pv_disk_vg_name(s->pvs[k]) &&
			        !strcmp(pv_disk_vg_name(s->pvs[k]), order[i]);
		if (!known) {
			log_error("Volume group \"%s\" not found.", order[i]);
			r->failed = 1;
			continue;
		}
		if (names) {
			if ((vg = tool_read_vg_shared(&r->t, order[i])))
				add_vg(r, vg);
			else
				r->failed = 1;
			continue;
		}
		/* listed, not named: each VG of a name, as lvm2 lists VGs
		 * that share one (after its warning) */
		{
			struct vg **vgs;
			int failed = 0;
			size_t n_vgs = tool_read_vgs_listed(&r->t, order[i], &vgs, &failed);
			for (size_t k = 0; k < n_vgs; k++)
				add_vg(r, vgs[k]);
			free(vgs);
			r->failed |= failed;
		}
	}
	for (size_t i = 0; i < n_order; i++)
		free(order[i]);
	free(order);
}

/* The VGs that VG arguments name, "@TAG" standing for every VG carrying
 * it.  EXIT_DONE, or EXIT_INVALID for an invalid tag (lvm2's line). */
static int read_vg_args(struct run *r)
{
	struct tag_args ta;
	size_t kept = 0;

	if (tag_args_split(r->ctx, &ta, TAG_BAD_VG))
		return EXIT_INVALID;
	if (!ta.n_tags) {
		read_vgs(r, ta.n_names ? ta.names : NULL, ta.n_names);
		tag_args_release(&ta);
		return EXIT_DONE;
	}
	read_vgs(r, NULL, 0);
	for (size_t i = 0; i < r->n_vgs; i++) {
		struct vg *vg = r->vgs[i];
		if (tag_args_has_name(&ta, vg->name) ||
		    tag_list_has_any(&vg->tags, ta.tags, ta.n_tags))
			r->vgs[kept++] = vg;
		else
			vg_free(vg);
	}
	r->n_vgs = kept;
	tag_args_release(&ta);
	return EXIT_DONE;
}

/* LV arguments ("VG", "VG/LV", "/dev/VG/LV", "@TAG") for lvs and
 * lvdisplay. */
struct lv_sel {
	char **vg, **lv; /* lv[i] NULL: the whole VG */
	int *found;
	size_t n;
	struct tag_args ta; /* ta.tags: an LV carrying one, or in a VG that does */
};

static int parse_lv_sel(struct run *r, struct lv_sel *s)
{
	memset(s, 0, sizeof(*s));
	/* an invalid tag is skipped with a line, as lvm2's lvs does */
	tag_args_split(r->ctx, &s->ta, TAG_BAD_SKIP);
	s->n = s->ta.n_names;
	s->vg = xcalloc(s->n + 1, sizeof(*s->vg));
	s->lv = xcalloc(s->n + 1, sizeof(*s->lv));
	s->found = xcalloc(s->n + 1, sizeof(*s->found));
	for (size_t i = 0; i < s->n; i++) {
		const char *a = s->ta.names[i];
		const char *dev = r->dev_dir;

		if (!strncmp(a, dev, strlen(dev)))
			a += strlen(dev);
		if (strchr(a, '/')) {
			if (parse_lv_arg(a, NULL, &s->vg[i], &s->lv[i]))
				return -1;
		} else {
			s->vg[i] = xstrdup(a);
		}
	}
	return 0;
}

static void free_lv_sel(struct lv_sel *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->vg[i]);
		free(s->lv[i]);
	}
	free(s->vg);
	free(s->lv);
	free(s->found);
	tag_args_release(&s->ta);
}

/* Is lv of vg selected?  With no arguments every listed LV is. */
static int lv_selected(struct lv_sel *s, const struct vg *vg, const struct lv *lv, int all)
{
	int hit = 0;

	if (!s->n && !s->ta.n_tags)
		return report_lv_listed(vg, lv, all);
	if (s->ta.n_tags && (tag_list_has_any(&vg->tags, s->ta.tags, s->ta.n_tags) ||
	                     tag_list_has_any(&lv->tags, s->ta.tags, s->ta.n_tags)))
		hit = report_lv_listed(vg, lv, all);
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->vg[i], vg->name))
			continue;
		if (!s->lv[i] && report_lv_listed(vg, lv, all))
			hit = 1;
		if (!s->lv[i] || strcmp(s->lv[i], lv->name) || lv_snapshot_segment(lv))
			continue;
		/* a sparse snapshot's origin only with -a, as lvm2: named
		 * without, it is passed over and then not found */
		if (!all && lv_is_virtual_origin(vg, lv))
			log_print("Ignoring virtual origin logical volume %s/%s.", vg->name,
			          lv->name);
		else
			hit = s->found[i] = 1;
	}
	return hit;
}

static void read_lv_sel_vgs(struct run *r, struct lv_sel *s)
{
	/* with a tag, every VG (a VG named but missing is then no error, as
	 * in lvm2) */
	if (!s->n || s->ta.n_tags) {
		read_vgs(r, NULL, 0);
		return;
	}
	/* Each VG once, however many arguments name it. */
	char **names = xcalloc(s->n + 1, sizeof(*names));
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++) {
		int dup = 0;
		for (size_t j = 0; j < n && !dup; j++)
			dup = !strcmp(names[j], s->vg[i]);
		if (!dup)
			names[n++] = s->vg[i];
	}
	read_vgs(r, names, n);
	free(names);
}

static void check_lvs_found(struct run *r, const struct lv_sel *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->lv[i] && !s->found[i] && find_vg(r, s->vg[i])) {
			log_error("Failed to find logical volume \"%s/%s\".", s->vg[i], s->lv[i]);
			r->failed = 1;
		}
}

/* The PV arguments of pvs, pvdisplay, pvchange and pvresize: split into
 * paths and tags (an invalid tag is lvm2's refusal, exit 3), a path that
 * names no file or device dropped with lvm2's line (the command goes on
 * and fails at the end), and the scan begun with the others. */
static int pv_run_begin(struct run *r, struct cmd_context *ctx, struct tag_args *ta)
{
	size_t kept = 0;
	int missing = 0, every, rc;

	memset(r, 0, sizeof(*r));
	if ((rc = tag_args_split(ctx, ta, TAG_BAD_PV)) != EXIT_DONE)
		return rc;
	/* (arguments that all name nothing still name no PV: not all) */
	every = !ta->n_names && !ta->n_tags;
	for (size_t i = 0; i < ta->n_names; i++) {
		struct stat st;
		if (stat(ta->names[i], &st)) {
			log_error("Cannot use %s: device not found", ta->names[i]);
			missing = 1;
			continue;
		}
		ta->names[kept++] = ta->names[i];
	}
	ta->n_names = kept;
	rc = run_begin(r, ctx, ta->names, ta->n_names);
	r->failed |= missing;
	r->every_pv = every;
	return rc;
}

typedef void (*pv_visit_fn)(struct run *r, void *arg, const struct vg *vg, const struct pv *pv,
                            const struct pv_disk *pd);

/* Call `fn` for each PV the arguments name, by path or by one of its
 * tags (PV tags only, as lvm2's), or for every PV when they name none, in
 * lvm2's order: the PVs of each VG read (in its order), then the PVs in
 * no VG, in device order.  A path no PV answers is lvm2's error. */
static void visit_pvs(struct run *r, const struct tag_args *ta, pv_visit_fn fn, void *arg)
{
	const struct scan *scan = &r->t.scan;
	char *const *paths = ta->names;
	size_t n_paths = ta->n_names;
	int every = r->every_pv;
	int *done = xcalloc(scan->n + 1, sizeof(*done));
	int *named = xcalloc(n_paths + 1, sizeof(*named));
	size_t *order = scan_lvm2_order(scan);

	for (size_t v = 0; v < r->n_vgs; v++) {
		struct vg *vg = r->vgs[v];
		for (size_t i = 0; i < vg->n_pvs; i++) {
			const struct pv *pv = vg->pvs[i];
			const struct pv_disk *pd = scan_find_pv_id(scan, pv->id);
			const char *name = pd ? pv_disk_path(pd) : "[unknown]";
			int want = every || tag_list_has_any(&pv->tags, ta->tags, ta->n_tags);

			for (size_t k = 0; k < scan->n; k++)
				if (scan->pvs[k] == pd)
					done[k] = 1;
			for (size_t a = 0; a < n_paths; a++)
				if (!strcmp(paths[a], name))
					want = named[a] = 1;
			if (want)
				fn(r, arg, vg, pv, pd);
		}
	}
	for (size_t o = 0; o < scan->n; o++) {
		size_t k = order[o];
		const struct pv_disk *pd = scan->pvs[k];
		int want = every;

		/* A PV of a VG that could not be read is not an orphan. */
		if (done[k] || pv_disk_vg_name(pd))
			continue;
		for (size_t a = 0; a < n_paths; a++)
			if (!strcmp(paths[a], pv_disk_path(pd)))
				want = named[a] = 1;
		if (want)
			fn(r, arg, &r->orphans, NULL, pd);
	}
	for (size_t a = 0; a < n_paths; a++) {
		int in_failed_vg = 0;
		for (size_t k = 0; k < scan->n; k++)
			if (!strcmp(pv_disk_path(scan->pvs[k]), paths[a]) &&
			    pv_disk_vg_name(scan->pvs[k]) && !done[k])
				in_failed_vg = 1;
		/* a VG that was read and does not list the PV: an outdated
		 * PV (scan_vg_outdated), in no VG and no orphan, as lvm2 */
		for (size_t k = 0; k < scan->n && in_failed_vg; k++)
			if (!strcmp(pv_disk_path(scan->pvs[k]), paths[a]))
				for (size_t v = 0; v < r->n_vgs; v++)
					if (!strcmp(r->vgs[v]->name, pv_disk_vg_name(scan->pvs[k])))
						in_failed_vg = 0;
		if (!named[a] && !in_failed_vg) {
			log_error("Failed to find physical volume \"%s\".", paths[a]);
			r->failed = 1;
		}
	}
	free(done);
	free(named);
	free(order);
}

struct pv_row_arg {
	struct report *rep;
	unsigned type;
};

static void add_pv_row(struct run *r, void *arg, const struct vg *vg, const struct pv *pv,
                       const struct pv_disk *pd)
{
	struct pv_row_arg *a = arg;
	report_add_pv(a->rep, &r->rc, a->type, vg, pv, pd);
}

/* pvs -a: the devices that could hold a PV but do not, as lvm2 lists
 * them (no format, no size). */
static void add_other_devices(struct run *r, struct report *rep, unsigned type)
{
	struct dev_list devs;

	if (dev_list_discover(&devs, r->ctx->devices)) {
		r->failed = 1;
		return;
	}
	for (size_t i = 0; i < devs.n; i++) {
		struct pv_disk none = pv_disk_blank(devs.paths[i]);

		if (scan_find_path(&r->t.scan, devs.paths[i]))
			continue;
		report_add_pv(rep, &r->rc, type, &r->orphans, NULL, &none);
	}
	dev_list_free(&devs);
}

/* -S: lvm2's "help" (or "?") lists the fields and the selection syntax
 * on stderr and selects nothing, a command that still succeeds. */
enum { SELECT_OK, SELECT_HELP, SELECT_BAD };

static int parse_select(struct cmd_context *ctx, const struct report_spec *spec,
                        struct selection **out)
{
	const char *text = arg_str(ctx, OPT_SELECT, NULL);

	*out = NULL;
	if (text && (!strcmp(text, "help") || !strcmp(text, "?"))) {
		report_log_help(spec);
		selection_log_help();
		return SELECT_HELP;
	}
	return selection_parse(spec, text, out) ? SELECT_BAD : SELECT_OK;
}

/* The same for a command that takes or shows whole objects of type
 * `base`: a selection naming fields that cannot go together fails as
 * in a report. */
static int parse_object_select(struct cmd_context *ctx, const struct report_spec *spec,
                               unsigned base, struct selection **out)
{
	unsigned type;
	int r = parse_select(ctx, spec, out);

	if (r == SELECT_OK && *out && report_row_type(selection_types(*out), base, &type)) {
		selection_free(*out);
		*out = NULL;
		return SELECT_BAD;
	}
	return r;
}

/* The settings of a report's default columns and sort keys. */
static void report_config_ids(const struct report_spec *spec, enum setting_id *cols,
                              enum setting_id *sort)
{
	if (spec == &lvsegs_spec) {
		*cols = SET_REPORT_SEGS_COLS;
		*sort = SET_REPORT_SEGS_SORT;
	} else if (spec == &pvsegs_spec) {
		*cols = SET_REPORT_PVSEGS_COLS;
		*sort = SET_REPORT_PVSEGS_SORT;
	} else if (spec == &pvs_spec) {
		*cols = SET_REPORT_PVS_COLS;
		*sort = SET_REPORT_PVS_SORT;
	} else if (spec == &vgs_spec) {
		*cols = SET_REPORT_VGS_COLS;
		*sort = SET_REPORT_VGS_SORT;
	} else {
		*cols = SET_REPORT_LVS_COLS;
		*sort = SET_REPORT_LVS_SORT;
	}
}

/* The report options shared by pvs, vgs and lvs.  With --segments, lvs
 * and pvs are lvm2's segment reports (their own default columns, sort
 * keys and field prefix). */
static int report_setup(struct run *r, struct report *rep, const struct report_spec *spec,
                        unsigned base, unsigned *type, struct report_format *fmt)
{
	struct cmd_context *ctx = r->ctx;
	const struct opt_value *o = &ctx->args.opt[OPT_OPTIONS];
	const char *format = arg_str(ctx, OPT_REPORTFORMAT, "basic");
	int rc;

	memset(fmt, 0, sizeof(*fmt));
	if (arg_count(ctx, OPT_SEGMENTS)) {
		spec = base == RT_LV ? &lvsegs_spec : &pvsegs_spec;
		base = spec->base;
	}
	if (!strcmp(format, "json")) {
		fmt->json = 1;
	} else if (strcmp(format, "basic")) {
		log_error("Invalid argument for --reportformat: %s (use basic or json).", format);
		return EXIT_INVALID;
	}
	fmt->headings = !arg_count(ctx, OPT_NOHEADINGS);
	fmt->separator = arg_str(ctx, OPT_SEPARATOR, NULL);
	fmt->aligned = arg_count(ctx, OPT_ALIGNED) > 0;
	fmt->prefixes = arg_count(ctx, OPT_NAMEPREFIXES) > 0;
	fmt->unquoted = arg_count(ctx, OPT_UNQUOTED) > 0;
	fmt->rows = arg_count(ctx, OPT_ROWS) > 0;
	/* a sort needs every row first: -O wins over --unbuffered */
	fmt->unbuffered = arg_count(ctx, OPT_UNBUFFERED) && !arg_count(ctx, OPT_SORT);
	/* an unknown field fails as in lvm2 (5), rather than as a
	 * command-line error; "help" lists the fields and reports nothing,
	 * yet the objects named are still looked for (and missing ones
	 * still fail), as in lvm2 */
	{
		/* the configured columns as a first -o that the command line's
		 * replace or change, and the configured compaction as a first
		 * -o# */
		enum setting_id cols_id, sort_id;
		const char **opts = xcalloc(o->count + 2, sizeof(*opts));
		const char *compact = config_str(SET_REPORT_COMPACT_OUTPUT_COLS);
		char *hash = NULL;
		size_t n = 0;

		report_config_ids(spec, &cols_id, &sort_id);
		opts[n++] = config_str(cols_id);
		if (*compact) {
			hash = xmalloc(strlen(compact) + 2);
			hash[0] = '#';
			strcpy(hash + 1, compact);
			opts[n++] = hash;
		}
		for (size_t i = 0; i < o->count; i++)
			opts[n++] = o->values[i];
		rc = report_init(rep, spec, opts, n, arg_str(ctx, OPT_SORT, config_str(sort_id)));
		free(opts);
		free(hash);
	}
	if (rc < 0)
		return EXIT_FAILED;
	/* only a buffered report can know a column is empty in every row */
	if (config_bool(SET_REPORT_COMPACT_OUTPUT) && !fmt->unbuffered)
		report_compact_all(rep);
	else if (fmt->unbuffered) {
		free(rep->compact);
		rep->compact = NULL;
	}
	if (rc == REPORT_HELP)
		report_log_help(spec);
	if (rc != REPORT_HELP) {
		struct selection *sel;

		switch (parse_select(ctx, spec, &sel)) {
		case SELECT_HELP:
			rep->help = 1;
			break;
		case SELECT_BAD:
			report_free(rep);
			return EXIT_FAILED;
		}
		/* the fields selected on count in what a row is, as in lvm2
		 * (pvs -S pvseg_start>0 makes a row per PV segment) */
		rep->types |= selection_types(sel);
		report_set_selection(rep, sel);
	}
	rep->binary = arg_count(ctx, OPT_BINARY) > 0;
	if (report_row_type(rep->types, base, type)) {
		report_free(rep);
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}

static int report_finish(struct run *r, struct report *rep, const struct report_format *fmt)
{
	struct strbuf out = STRBUF_INIT;

	/* unbuffered, lvm2 prints rows in the order it visits them */
	if (!fmt->unbuffered)
		report_sort(rep);
	report_compact(rep);
	report_write(rep, fmt, &out);
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	report_free(rep);
	return r->failed ? EXIT_FAILED : EXIT_DONE;
}

int cmd_lvs(struct cmd_context *ctx)
{
	struct run r;
	struct report rep;
	struct report_format fmt;
	struct lv_sel sel = {0};
	unsigned type;
	int rc, all = arg_count(ctx, OPT_ALL) > 0;

	if ((rc = run_begin(&r, ctx, NULL, 0)) ||
	    (rc = report_setup(&r, &rep, &lvs_spec, RT_LV, &type, &fmt))) {
		run_end(&r);
		return rc;
	}
	if (parse_lv_sel(&r, &sel)) {
		free_lv_sel(&sel);
		report_free(&rep);
		run_end(&r);
		return EXIT_INVALID;
	}
	read_lv_sel_vgs(&r, &sel);
	for (size_t v = 0; v < r.n_vgs; v++)
		for (size_t i = 0; i < r.vgs[v]->n_lvs; i++)
			if (lv_selected(&sel, r.vgs[v], r.vgs[v]->lvs[i], all))
				report_add_lv(&rep, &r.rc, type, r.vgs[v], r.vgs[v]->lvs[i]);
	check_lvs_found(&r, &sel);
	free_lv_sel(&sel);
	rc = report_finish(&r, &rep, &fmt);
	run_end(&r);
	return rc;
}

int cmd_vgs(struct cmd_context *ctx)
{
	struct run r;
	struct report rep;
	struct report_format fmt;
	unsigned type;
	int rc;

	if ((rc = run_begin(&r, ctx, NULL, 0)) ||
	    (rc = report_setup(&r, &rep, &vgs_spec, RT_VG, &type, &fmt))) {
		run_end(&r);
		return rc;
	}
	if ((rc = read_vg_args(&r))) {
		report_free(&rep);
		run_end(&r);
		return rc;
	}
	for (size_t v = 0; v < r.n_vgs; v++) {
		struct vg *vg = r.vgs[v];
		if (type == RT_VG) {
			report_add_vg(&rep, &r.rc, vg);
		} else if (type == RT_LV || type == RT_SEG) {
			for (size_t i = 0; i < vg->n_lvs; i++)
				if (report_lv_listed(vg, vg->lvs[i], 0))
					report_add_lv(&rep, &r.rc, type, vg, vg->lvs[i]);
		} else {
			for (size_t i = 0; i < vg->n_pvs; i++)
				report_add_pv(&rep, &r.rc, type, vg, vg->pvs[i],
				              scan_find_pv_id(&r.t.scan, vg->pvs[i]->id));
		}
	}
	rc = report_finish(&r, &rep, &fmt);
	run_end(&r);
	return rc;
}

int cmd_pvs(struct cmd_context *ctx)
{
	struct run r;
	struct report rep;
	struct report_format fmt;
	struct tag_args ta;
	struct pv_row_arg row = {&rep, 0};
	int rc;

	if ((rc = pv_run_begin(&r, ctx, &ta)) ||
	    (rc = report_setup(&r, &rep, &pvs_spec, RT_LABEL, &row.type, &fmt))) {
		tag_args_release(&ta);
		run_end(&r);
		return rc;
	}
	read_vgs(&r, NULL, 0);
	visit_pvs(&r, &ta, add_pv_row, &row);
	if (arg_count(ctx, OPT_ALL) && !ctx->args.argc)
		add_other_devices(&r, &rep, row.type);
	tag_args_release(&ta);
	rc = report_finish(&r, &rep, &fmt);
	run_end(&r);
	return rc;
}

static int print_and_finish(struct run *r, struct strbuf *out)
{
	int rc = r->failed ? EXIT_FAILED : EXIT_DONE;

	fwrite(out->buf, 1, out->len, stdout);
	strbuf_release(out);
	run_end(r);
	return rc;
}

struct pv_display_arg {
	struct strbuf *out;
	struct selection *sel;
	int maps;
	int brief;  /* -s */
	int colons; /* -c */
};

static void display_pv_row(struct run *r, void *arg, const struct vg *vg, const struct pv *pv,
                           const struct pv_disk *pd)
{
	struct pv_display_arg *a = arg;
	if (!report_select_pv(a->sel, &r->rc, vg, pv, pd))
		return;
	if (a->brief)
		display_pv_capacity(a->out, &r->rc, vg, pv, pd);
	else if (a->colons)
		display_pv_colons(a->out, &r->rc, vg, pv, pd);
	else
		display_pv(a->out, &r->rc, vg, pv, pd, a->maps);
}

/* --- fullreport: lvm2's five reports of each VG, one VG after another --- */

/* The subreports, in lvm2's order within a VG. */
enum { SUB_VG, SUB_PV, SUB_LV, SUB_PVSEG, SUB_SEG, N_SUBS };

struct sub {
	const char *name;
	const struct report_spec *spec;
	unsigned row; /* what its rows are */
	/* the -o, -O and -S that came after --configreport NAME */
	const char **opts;
	size_t n_opts;
	const char *sort, *select;
	int help; /* -o help or -S help: shown once, no rows */
};

static void subs_init(struct sub *subs)
{
	static const struct {
		const char *name;
		const struct report_spec *spec;
		unsigned row;
	} table[N_SUBS] = {
	    {"vg", &vgs_full_spec, RT_VG},    {"pv", &pvs_full_spec, RT_PV},
	    {"lv", &lvs_full_spec, RT_LV},    {"pvseg", &pvsegs_full_spec, RT_PVSEG},
	    {"seg", &segs_full_spec, RT_SEG},
	};

	memset(subs, 0, N_SUBS * sizeof(*subs));
	for (int i = 0; i < N_SUBS; i++) {
		subs[i].name = table[i].name;
		subs[i].spec = table[i].spec;
		subs[i].row = table[i].row;
	}
}

/* -o, -O and -S apply to the subreport the last --configreport named, as
 * in lvm2; before any, they apply to no report and are ignored (lvm2's
 * "full" report has no columns of its own).  "log" (lvm2's log report,
 * off unless configured) takes them and shows nothing.  EXIT_DONE, or
 * EXIT_INVALID for a name that is none of these. */
static int subs_from_args(struct cmd_context *ctx, struct sub *subs)
{
	static const enum opt_id ids[] = {OPT_CONFIGREPORT, OPT_OPTIONS, OPT_SORT, OPT_SELECT};
	unsigned pos[4] = {0};
	int cur = -1, in_log = 0;

	for (;;) {
		int next = -1;
		const char *v;

		/* the earliest occurrence left among the four options */
		for (int k = 0; k < 4; k++) {
			const struct opt_value *o = &ctx->args.opt[ids[k]];
			if (pos[k] < o->count &&
			    (next < 0 || o->seq[pos[k]] < ctx->args.opt[ids[next]].seq[pos[next]]))
				next = k;
		}
		if (next < 0)
			return EXIT_DONE;
		v = ctx->args.opt[ids[next]].values[pos[next]++];
		if (ids[next] == OPT_CONFIGREPORT) {
			in_log = !strcmp(v, "log");
			for (cur = N_SUBS - 1; cur >= 0 && strcmp(subs[cur].name, v); cur--)
				;
			if (cur < 0 && !in_log) {
				log_error(
				    "Invalid argument for --configreport: %s (vg, pv, lv, pvseg, "
				    "seg or log).",
				    v);
				return EXIT_INVALID;
			}
			continue;
		}
		if (cur < 0)
			continue;
		if (ids[next] == OPT_OPTIONS) {
			subs[cur].opts =
			    xrealloc(subs[cur].opts, (subs[cur].n_opts + 1) * sizeof(char *));
			subs[cur].opts[subs[cur].n_opts++] = v;
		} else if (ids[next] == OPT_SORT) {
			subs[cur].sort = v;
		} else {
			subs[cur].select = v;
		}
	}
}

/* One subreport, ready for rows; `first` shows -o/-S help (once).  0, 1
 * when it shows no rows (help), -1 after one line. */
static int sub_begin(struct sub *s, struct cmd_context *ctx, struct report *rep, int first)
{
	struct selection *sel = NULL;
	unsigned type;
	int rc = report_init(rep, s->spec, s->opts, s->n_opts, s->sort);

	if (rc < 0)
		return -1;
	if (rc == REPORT_HELP ||
	    (s->select && (!strcmp(s->select, "help") || !strcmp(s->select, "?")))) {
		if (first) {
			report_log_help(s->spec);
			if (rc != REPORT_HELP)
				selection_log_help();
		}
		report_free(rep);
		s->help = 1;
		return 1;
	}
	if (selection_parse(s->spec, s->select, &sel)) {
		report_free(rep);
		return -1;
	}
	rep->types |= selection_types(sel);
	report_set_selection(rep, sel);
	rep->binary = arg_count(ctx, OPT_BINARY) > 0;
	if (report_row_type(rep->types, s->spec->base, &type)) {
		report_free(rep);
		return -1;
	}
	/* a PV row of label fields alone is still a PV row */
	if (type != s->row && !(s->row == RT_PV && type == RT_LABEL)) {
		log_error(
		    "Subreport of type \"%s\" contains columns which lead to change of report "
		    "type: give them to the subreport of their type (--configreport).",
		    s->name);
		report_free(rep);
		return -1;
	}
	return 0;
}

/* One VG's block (vg NULL: the orphan PVs'), appended to out. */
static void fullreport_block(struct run *r, struct sub *subs, const struct vg *vg,
                             const struct report_format *fmt, int *blocks, struct strbuf *out)
{
	const struct scan *scan = &r->t.scan;
	const struct vg *rows_vg = vg ? vg : &r->orphans;
	int all = arg_count(r->ctx, OPT_ALL) > 0, shown = 0;

	if (fmt->json)
		strbuf_addstr(out, (*blocks)++ ? "          ,\n          {\n" : "          {\n");
	for (int i = 0; i < N_SUBS; i++) {
		struct report rep;

		/* the orphans have PVs only */
		if (!vg && i != SUB_PV && i != SUB_PVSEG)
			continue;
		if (subs[i].help || sub_begin(&subs[i], r->ctx, &rep, 0))
			continue;
		if (i == SUB_VG) {
			report_add_vg(&rep, &r->rc, vg);
		} else if (i == SUB_PV || i == SUB_PVSEG) {
			unsigned type = i == SUB_PV ? RT_PV : RT_PVSEG;
			if (vg) {
				for (size_t k = 0; k < vg->n_pvs; k++)
					report_add_pv(&rep, &r->rc, type, vg, vg->pvs[k],
					              scan_find_pv_id(scan, vg->pvs[k]->id));
			} else {
				size_t *order = scan_lvm2_order(scan);
				for (size_t o = 0; o < scan->n; o++) {
					const struct pv_disk *pd = scan->pvs[order[o]];
					if (!pv_disk_vg_name(pd))
						report_add_pv(&rep, &r->rc, type, rows_vg, NULL,
						              pd);
				}
				free(order);
			}
		} else {
			for (size_t k = 0; k < vg->n_lvs; k++)
				if (report_lv_listed(vg, vg->lvs[k], all))
					report_add_lv(&rep, &r->rc, i == SUB_LV ? RT_LV : RT_SEG,
					              vg, vg->lvs[k]);
		}
		if (!fmt->unbuffered || subs[i].sort)
			report_sort(&rep);
		/* lvm2 compacts its subreports under compact_output alone (the
		 * column list of compact_output_cols is not theirs) */
		if (config_bool(SET_REPORT_COMPACT_OUTPUT) && !fmt->unbuffered) {
			report_compact_all(&rep);
			report_compact(&rep);
		}
		if (fmt->json) {
			if (shown++)
				strbuf_addstr(out, "              ,\n");
			report_write_json_array(&rep, fmt, out);
		} else {
			report_write(&rep, fmt, out);
		}
		report_free(&rep);
	}
	if (fmt->json)
		strbuf_addstr(out, "          }\n");
}

/* Are there orphan PVs (PVs in no VG) to show? */
static int have_orphans(const struct run *r)
{
	for (size_t k = 0; k < r->t.scan.n; k++)
		if (!pv_disk_vg_name(r->t.scan.pvs[k]))
			return 1;
	return 0;
}

int cmd_fullreport(struct cmd_context *ctx)
{
	struct sub subs[N_SUBS];
	struct report_format fmt = {0};
	struct strbuf out = STRBUF_INIT;
	const char *format = arg_str(ctx, OPT_REPORTFORMAT, "basic");
	struct run r;
	int rc, blocks = 0;

	subs_init(subs);
	if ((rc = subs_from_args(ctx, subs)))
		goto free_subs;
	if (!strcmp(format, "json")) {
		fmt.json = 1;
	} else if (strcmp(format, "basic")) {
		log_error("Invalid argument for --reportformat: %s (use basic or json).", format);
		rc = EXIT_INVALID;
		goto free_subs;
	}
	/* VG names only (lvm2 takes no VG/LV here) */
	for (int i = 0; i < ctx->args.argc; i++)
		if (ctx->args.argv[i][0] != '@' && name_problem(ctx->args.argv[i])) {
			log_error("Invalid volume group name %s.", ctx->args.argv[i]);
			rc = EXIT_INVALID;
			goto free_subs;
		}
	/* every subreport checked (and its help shown) before anything is
	 * read: a bad field fails the command before any output */
	for (int i = 0; i < N_SUBS; i++) {
		struct report rep;
		int b = sub_begin(&subs[i], ctx, &rep, 1);
		if (b < 0) {
			rc = EXIT_FAILED;
			goto free_subs;
		}
		if (!b)
			report_free(&rep);
	}
	fmt.headings = !arg_count(ctx, OPT_NOHEADINGS);
	fmt.separator = arg_str(ctx, OPT_SEPARATOR, NULL);
	fmt.aligned = arg_count(ctx, OPT_ALIGNED) > 0;
	fmt.prefixes = arg_count(ctx, OPT_NAMEPREFIXES) > 0;
	fmt.unquoted = arg_count(ctx, OPT_UNQUOTED) > 0;
	fmt.rows = arg_count(ctx, OPT_ROWS) > 0;
	fmt.unbuffered = arg_count(ctx, OPT_UNBUFFERED) > 0;

	if ((rc = run_begin(&r, ctx, NULL, 0)) || (rc = read_vg_args(&r))) {
		run_end(&r);
		goto free_subs;
	}
	if (fmt.json)
		strbuf_addstr(&out, "  {\n      \"report\": [\n");
	for (size_t v = 0; v < r.n_vgs; v++)
		fullreport_block(&r, subs, r.vgs[v], &fmt, &blocks, &out);
	if (!ctx->args.argc && have_orphans(&r))
		fullreport_block(&r, subs, NULL, &fmt, &blocks, &out);
	if (fmt.json)
		strbuf_addstr(&out, "      ]\n  }\n");
	rc = print_and_finish(&r, &out);
free_subs:
	for (int i = 0; i < N_SUBS; i++)
		free(subs[i].opts);
	return rc;
}

/* lvm2's displays: -C is the report (with its options, and nothing of
 * the long form's); without -C, the report-only options are refused. */
static int display_as_report(struct cmd_context *ctx, int all_is_report,
                             int (*report)(struct cmd_context *), int *rc)
{
	static const enum opt_id report_only[] = {OPT_ALIGNED,   OPT_BINARY,    OPT_NOHEADINGS,
	                                          OPT_OPTIONS,   OPT_SEPARATOR, OPT_SORT,
	                                          OPT_UNBUFFERED};
	int bad = 0;

	if (arg_count(ctx, OPT_COLUMNS)) {
		if (arg_count(ctx, OPT_MAPS) || arg_count(ctx, OPT_SHORT) ||
		    arg_count(ctx, OPT_COLON) || arg_count(ctx, OPT_ACTIVEVGS)) {
			log_error("Incompatible options selected");
			*rc = EXIT_INVALID;
		} else
			*rc = report(ctx);
		return 1;
	}
	for (size_t i = 0; i < sizeof(report_only) / sizeof(report_only[0]); i++)
		bad |= arg_count(ctx, report_only[i]) > 0;
	if (bad || (all_is_report && arg_count(ctx, OPT_ALL))) {
		log_error("Incompatible options selected");
		*rc = EXIT_INVALID;
		return 1;
	}
	/* lvm2's words for -c beside -m or -s */
	if (arg_count(ctx, OPT_COLON) && arg_count(ctx, OPT_MAPS)) {
		log_error("Option -c not allowed with option -m");
		*rc = EXIT_INVALID;
		return 1;
	}
	if (arg_count(ctx, OPT_COLON) && arg_count(ctx, OPT_SHORT)) {
		log_error("Option -c is not allowed with option -s");
		*rc = EXIT_INVALID;
		return 1;
	}
	return 0;
}

int cmd_pvdisplay(struct cmd_context *ctx)
{
	struct run r;
	struct strbuf out = STRBUF_INIT;
	struct tag_args ta;
	struct pv_display_arg a = {&out, NULL, arg_count(ctx, OPT_MAPS) > 0,
	                           arg_count(ctx, OPT_SHORT) > 0, arg_count(ctx, OPT_COLON) > 0};
	int rc;

	if (display_as_report(ctx, 1, cmd_pvs, &rc))
		return rc;
	/* (-s wins over -m, as in lvm2) */

	if ((rc = parse_object_select(ctx, &pvs_spec, RT_LABEL, &a.sel)))
		return rc == SELECT_HELP ? EXIT_DONE : EXIT_FAILED;
	if ((rc = pv_run_begin(&r, ctx, &ta))) {
		selection_free(a.sel);
		tag_args_release(&ta);
		run_end(&r);
		return rc;
	}
	read_vgs(&r, NULL, 0);
	visit_pvs(&r, &ta, display_pv_row, &a);
	tag_args_release(&ta);
	selection_free(a.sel);
	return print_and_finish(&r, &out);
}

/* vgdisplay -A: is one of the VG's listed LVs active (lvm2's
 * lvs_in_vg_activated)? */
static int any_lv_active(struct run *r, const struct vg *vg)
{
	for (size_t i = 0; i < vg->n_lvs; i++) {
		struct lv_kstate ks;
		if (report_lv_listed(vg, vg->lvs[i], 0) &&
		    !report_lv_state(&r->rc, vg, vg->lvs[i], &ks) && ks.exists)
			return 1;
	}
	return 0;
}

int cmd_vgdisplay(struct cmd_context *ctx)
{
	struct run r;
	struct strbuf out = STRBUF_INIT;
	struct selection *sel;
	int rc;

	if (display_as_report(ctx, 1, cmd_vgs, &rc))
		return rc;
	if ((rc = parse_object_select(ctx, &vgs_spec, RT_VG, &sel)))
		return rc == SELECT_HELP ? EXIT_DONE : EXIT_FAILED;
	if ((rc = run_begin(&r, ctx, NULL, 0)) || (rc = read_vg_args(&r))) {
		selection_free(sel);
		run_end(&r);
		return rc;
	}
	for (size_t v = 0; v < r.n_vgs; v++) {
		const struct vg *vg = r.vgs[v];
		if (!report_select_vg(sel, &r.rc, vg) ||
		    (arg_count(ctx, OPT_ACTIVEVGS) && !any_lv_active(&r, vg)))
			continue;
		if (arg_count(ctx, OPT_COLON))
			display_vg_colons(&out, &r.rc, vg);
		else if (arg_count(ctx, OPT_SHORT))
			display_vg_short(&out, &r.rc, vg);
		else
			display_vg(&out, &r.rc, vg, ctx->verbose > 0);
	}
	selection_free(sel);
	return print_and_finish(&r, &out);
}

int cmd_lvdisplay(struct cmd_context *ctx)
{
	struct run r;
	struct strbuf out = STRBUF_INIT;
	struct lv_sel sel;
	struct selection *pick;
	int rc, all = arg_count(ctx, OPT_ALL) > 0, maps = arg_count(ctx, OPT_MAPS) > 0;

	/* lvdisplay's own words (pvdisplay's are display_as_report's) */
	if (!arg_count(ctx, OPT_COLUMNS) && maps && arg_count(ctx, OPT_COLON)) {
		log_error("Options -c and -m are incompatible.");
		return EXIT_INVALID;
	}
	if (display_as_report(ctx, 0, cmd_lvs, &rc))
		return rc;

	if ((rc = parse_object_select(ctx, &lvs_spec, RT_LV, &pick)))
		return rc == SELECT_HELP ? EXIT_DONE : EXIT_FAILED;
	if ((rc = run_begin(&r, ctx, NULL, 0))) {
		selection_free(pick);
		run_end(&r);
		return rc;
	}
	if (parse_lv_sel(&r, &sel)) {
		selection_free(pick);
		free_lv_sel(&sel);
		run_end(&r);
		return EXIT_INVALID;
	}
	read_lv_sel_vgs(&r, &sel);
	for (size_t v = 0; v < r.n_vgs; v++)
		for (size_t i = 0; i < r.vgs[v]->n_lvs; i++)
			/* a hidden LV (a merging snapshot) even when named: only
			 * with -a, as lvm2's lvdisplay */
			if (lv_selected(&sel, r.vgs[v], r.vgs[v]->lvs[i], all) &&
			    (all || lv_is_user_visible(r.vgs[v], r.vgs[v]->lvs[i])) &&
			    report_select_lv(pick, &r.rc, r.vgs[v], r.vgs[v]->lvs[i])) {
				if (arg_count(ctx, OPT_COLON))
					display_lv_colons(&out, &r.rc, r.vgs[v], r.vgs[v]->lvs[i]);
				else
					display_lv(&out, &r.rc, r.vgs[v], r.vgs[v]->lvs[i], maps);
			}
	check_lvs_found(&r, &sel);
	free_lv_sel(&sel);
	selection_free(pick);
	return print_and_finish(&r, &out);
}

/* The objects that -S takes for lvchange, lvremove and vgchange, among
 * those the arguments name (every one when there are none): read once,
 * unlocked, then each command reads and
 * locks its VG again to change it (what has gone since is skipped
 * quietly: the names come marked by_tag). */
static int in_names(const struct name_list *l, const char *vg, const char *lv)
{
	size_t vl = strlen(vg);

	for (size_t i = 0; i < l->n; i++) {
		const char *n = l->names[i];
		if (!strcmp(n, vg))
			return 1;
		if (lv && !strncmp(n, vg, vl) && n[vl] == '/' && !strcmp(n + vl + 1, lv))
			return 1;
	}
	return 0;
}

/* Every VG, read without its lock (the command takes it later to
 * change the VG, as the @TAG lookup in tools/tags.c does). */
static void read_vgs_unlocked(struct run *r)
{
	char **names = NULL;
	size_t n = scan_vg_names_lvm2_order(&r->t.scan, &names);

	for (size_t i = 0; i < n; i++) {
		struct vg *vg = vg_read(&r->t.scan, names[i]);
		if (vg) {
			r->vgs = xrealloc(r->vgs, (r->n_vgs + 1) * sizeof(*r->vgs));
			r->vgs[r->n_vgs++] = vg;
		}
		free(names[i]);
	}
	free(names);
}

int tool_select_lvs(struct cmd_context *ctx, int activating, struct name_list *out)
{
	struct name_list named = {0};
	struct selection *sel;
	struct run r;
	int rc;

	unsigned type;
	int mixed;

	memset(out, 0, sizeof(*out));
	if ((rc = parse_select(ctx, &lvs_spec, &sel)))
		return rc == SELECT_HELP ? EXIT_DONE : EXIT_FAILED;
	/* LV and PV fields together: lvm2 fails the selection of each LV
	 * in turn, with both its lines, and goes on (exit 0, nothing
	 * changed) */
	mixed = sel && report_types_clash(selection_types(sel), RT_LV);
	if (ctx->args.argc && (rc = tool_lv_args(ctx, TAG_BAD_REFUSE, activating, &named))) {
		selection_free(sel);
		return rc;
	}
	if ((rc = run_begin(&r, ctx, NULL, 0))) {
		selection_free(sel);
		name_list_release(&named);
		run_end(&r);
		return rc;
	}
	read_vgs_unlocked(&r);
	for (size_t v = 0; v < r.n_vgs; v++) {
		const struct vg *vg = r.vgs[v];
		for (size_t i = 0; i < vg->n_lvs; i++) {
			const struct lv *lv = vg->lvs[i];
			struct strbuf full = STRBUF_INIT;

			if (!report_lv_listed(vg, lv, 0) || lv_snapshot_segment(lv) ||
			    (ctx->args.argc && !in_names(&named, vg->name, lv->name)))
				continue;
			/* a snapshot's activation is its origin's */
			if (activating && lv_is_cow(vg, lv))
				continue;
			if (mixed) {
				report_row_type(selection_types(sel), RT_LV, &type);
				log_error("Selection failed for LV %s.", lv->name);
				continue;
			}
			if (!report_select_lv(sel, &r.rc, vg, lv))
				continue;
			strbuf_addf(&full, "%s/%s", vg->name, lv->name);
			name_list_add(out, full.buf, 1);
			strbuf_release(&full);
		}
	}
	out->failed = named.failed;
	selection_free(sel);
	name_list_release(&named);
	run_end(&r);
	return EXIT_DONE;
}

int tool_select_vgs(struct cmd_context *ctx, struct name_list *out)
{
	struct name_list named = {0};
	struct selection *sel;
	struct run r;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = parse_object_select(ctx, &vgs_spec, RT_VG, &sel)))
		return rc == SELECT_HELP ? EXIT_DONE : EXIT_FAILED;
	if (ctx->args.argc && (rc = tool_vg_args(ctx, TAG_BAD_VG, &named))) {
		selection_free(sel);
		return rc;
	}
	if ((rc = run_begin(&r, ctx, NULL, 0))) {
		selection_free(sel);
		name_list_release(&named);
		run_end(&r);
		return rc;
	}
	read_vgs_unlocked(&r);
	for (size_t v = 0; v < r.n_vgs; v++)
		if ((!ctx->args.argc || in_names(&named, r.vgs[v]->name, NULL)) &&
		    report_select_vg(sel, &r.rc, r.vgs[v]))
			name_list_add(out, r.vgs[v]->name, 1);
	/* a VG named that is not there fails the command, as in lvm2, once
	 * the others are done: `out` holds them all the same */
	for (size_t i = 0; i < named.n; i++)
		if (!named.by_tag[i] && !find_vg(&r, named.names[i])) {
			log_error("Volume group \"%s\" not found.", named.names[i]);
			rc = EXIT_FAILED;
		}
	selection_free(sel);
	name_list_release(&named);
	run_end(&r);
	return rc;
}

/* The PVs pvchange and pvresize work on (toollib.h). */
struct pv_target_arg {
	struct pv_targets *out;
	struct selection *sel;
};

static void add_pv_target(struct run *r, void *arg, const struct vg *vg, const struct pv *pv,
                          const struct pv_disk *pd)
{
	struct pv_target_arg *a = arg;
	struct pv_targets *t = a->out;
	struct pv_target *pt;

	/* a missing PV is no one's to change */
	if (!pd || !report_select_pv(a->sel, &r->rc, vg, pv, pd))
		return;
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	pt = &t->v[t->n++];
	pt->vg = pv ? xstrdup(vg->name) : NULL;
	memcpy(pt->id, pd->label.pv_id, sizeof(pt->id));
	pt->path = xstrdup(pv_disk_path(pd));
}

int tool_pv_targets(struct cmd_context *ctx, struct pv_targets *out)
{
	struct pv_target_arg a = {out, NULL};
	struct tag_args ta;
	struct run r;
	int rc;

	memset(out, 0, sizeof(*out));
	switch (parse_object_select(ctx, &pvs_spec, RT_LABEL, &a.sel)) {
	case SELECT_HELP:
		return EXIT_DONE;
	case SELECT_BAD:
		out->failed = 1;
		return EXIT_DONE;
	}
	rc = pv_run_begin(&r, ctx, &ta);
	if (rc == EXIT_DONE) {
		read_vgs_unlocked(&r);
		visit_pvs(&r, &ta, add_pv_target, &a);
	}
	out->failed |= r.failed || rc == EXIT_FAILED;
	tag_args_release(&ta);
	selection_free(a.sel);
	run_end(&r);
	return rc == EXIT_FAILED ? EXIT_DONE : rc;
}

void pv_targets_release(struct pv_targets *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].vg);
		free(t->v[i].path);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* --- pvscan, vgscan, lvscan, vgmknodes: lvm2's one-line listings --- */

/* lvm2's scan commands take no object arguments: its command table
 * refuses the first one, exit 3. */
static int no_arguments(const struct cmd_context *ctx)
{
	if (!ctx->args.argc)
		return 0;
	log_error("Command does not accept argument: %s.", ctx->args.argv[0]);
	return -1;
}

/* Field widths of pvscan's lines, as lvm2 takes them from its cache:
 * every PV device found and every VG name, with the orphan VG's own
 * name ("#orphans_lvm2") always among them, each plus two. */
struct pvscan_widths {
	int pv, vg;
};

static void pvscan_line(struct strbuf *out, const struct report_ctx *rc,
                        const struct pvscan_widths *w, int short_form, int show_uuid,
                        const struct vg *vg, const struct pv *pv, const struct pv_disk *pd)
{
	struct strbuf name = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	const char *path = pd ? pv_disk_path(pd) : pv->dev_path ? pv->dev_path : "[unknown]";
	int width = w->pv;

	if (short_form) {
		strbuf_addf(out, "  %s\n", path);
		return;
	}
	if (show_uuid) {
		char id[UUID_FORMATTED_LEN + 1];

		uuid_format(pd ? pd->label.pv_id : pv->id, id);
		strbuf_addf(&name, "%-*s with UUID %s", w->pv - 2, path, id);
		/* lvm2 2.03.16 widens the column by 50, three more than
		 * " with UUID " and the UUID take (seen in its output for
		 * several name lengths, scenario 065) */
		width += UUID_FORMATTED_LEN + 12;
	} else {
		strbuf_addstr(&name, path);
	}
	if (!pv) {
		uint64_t size = pd->label.dev_size ? pd->label.dev_size / 512 : pd->dev.size / 512;

		format_size_long(&a, size, &rc->units, 0);
		strbuf_addf(out, "  PV %-*s    %-*s lvm2 [%s]\n", width, name.buf, w->vg, " ",
		            a.buf);
	} else {
		uint64_t total = (uint64_t)pv->pe_count * vg->extent_size;
		uint64_t free =
		    (uint64_t)(pv->pe_count - pv_used_extents(vg, pv)) * vg->extent_size;

		format_size_long(&a, total, &rc->units, 0);
		format_size_long(&b, free, &rc->units, 0);
		if (vg->status & VG_EXPORTED)
			strbuf_addf(out, "  PV %-*s  is in exported VG %s [%s / %s free]\n", width,
			            name.buf, vg->name, a.buf, b.buf);
		else
			strbuf_addf(out, "  PV %-*s VG %-*s lvm2 [%s / %s free]\n", width, name.buf,
			            w->vg, vg->name, a.buf, b.buf);
	}
	strbuf_release(&name);
	strbuf_release(&a);
	strbuf_release(&b);
}

int cmd_pvscan(struct cmd_context *ctx)
{
	struct run r;
	struct strbuf out = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	const struct scan *scan;
	int rc, exported = arg_count(ctx, OPT_EXPORTED) > 0, novg = arg_count(ctx, OPT_NOVG) > 0;
	int short_form = arg_count(ctx, OPT_SHORT) > 0,
	    show_uuid = arg_count(ctx, OPT_SHOWUUID) > 0;
	struct pvscan_widths w = {0, (int)strlen("#orphans_lvm2")};
	unsigned found = 0, found_new = 0;
	uint64_t size_total = 0, size_new = 0;
	int *done;
	size_t *order;
	char **names = NULL;
	size_t n_names;

	/* the udev-driven form: event activation (tools/pvscan.c) */
	if (arg_count(ctx, OPT_CACHE) || arg_count(ctx, OPT_LISTVG) ||
	    arg_count(ctx, OPT_ACTIVATE) || arg_count(ctx, OPT_CHECKCOMPLETE) ||
	    arg_count(ctx, OPT_VGONLINE) || arg_count(ctx, OPT_UDEVOUTPUT) ||
	    arg_count(ctx, OPT_AUTOACTIVATION))
		return cmd_pvscan_cache(ctx);
	if (no_arguments(ctx))
		return EXIT_INVALID;
	if (exported && novg) {
		log_error("Options -e and -n are incompatible");
		return EXIT_INVALID;
	}
	if (exported || novg)
		log_warn("WARNING: only considering physical volumes %s",
		         exported ? "of exported volume group(s)" : "in no volume group");
	if ((rc = run_begin(&r, ctx, NULL, 0))) {
		run_end(&r);
		return rc;
	}
	scan = &r.t.scan;
	read_vgs(&r, NULL, 0);
	for (size_t k = 0; k < scan->n; k++)
		if ((int)strlen(pv_disk_path(scan->pvs[k])) > w.pv)
			w.pv = (int)strlen(pv_disk_path(scan->pvs[k]));
	n_names = scan_vg_names_lvm2_order(scan, &names);
	for (size_t i = 0; i < n_names; i++) {
		if ((int)strlen(names[i]) > w.vg)
			w.vg = (int)strlen(names[i]);
		free(names[i]);
	}
	free(names);
	w.pv += 2;
	w.vg += 2;

	done = xcalloc(scan->n + 1, sizeof(*done));
	order = scan_lvm2_order(scan);
	for (size_t v = 0; v < r.n_vgs; v++) {
		const struct vg *vg = r.vgs[v];

		for (size_t i = 0; i < vg->n_pvs; i++) {
			const struct pv_disk *pd = scan_find_pv_id(scan, vg->pvs[i]->id);

			for (size_t k = 0; k < scan->n; k++)
				done[k] |= scan->pvs[k] == pd;
			if (novg || (exported && !(vg->status & VG_EXPORTED)))
				continue;
			found++;
			size_total += (uint64_t)vg->pvs[i]->pe_count * vg->extent_size;
			pvscan_line(&out, &r.rc, &w, short_form, show_uuid, vg, vg->pvs[i], pd);
		}
	}
	for (size_t o = 0; o < scan->n && !exported; o++) {
		const struct pv_disk *pd = scan->pvs[order[o]];
		uint64_t size = pd->label.dev_size ? pd->label.dev_size / 512 : pd->dev.size / 512;

		/* a PV of a VG that could not be read is no orphan */
		if (done[order[o]] || pv_disk_vg_name(pd))
			continue;
		found++;
		found_new++;
		size_total += size;
		size_new += size;
		pvscan_line(&out, &r.rc, &w, short_form, show_uuid, &r.orphans, NULL, pd);
	}
	free(done);
	free(order);
	if (!found) {
		strbuf_addstr(&out, "  No matching physical volumes found\n");
	} else {
		format_size_long(&a, size_total, &r.rc.units, 0);
		format_size_long(&b, size_total - size_new, &r.rc.units, 0);
		format_size_long(&c, size_new, &r.rc.units, 0);
		strbuf_addf(&out, "  Total: %u [%s] / in use: %u [%s] / in no VG: %u [%s]\n", found,
		            a.buf, found - found_new, b.buf, found_new, c.buf);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
	return print_and_finish(&r, &out);
}

/* vgmknodes on the VGs read: the /dev/mapper nodes of every device
 * first, then the /dev/VG/LV links of the active LVs (those of inactive
 * ones and dangling ones removed), as lvm2's vgmknodes does even when
 * udev normally makes them. */
static void mknodes_vgs(struct run *r)
{
	if (!r->kernel.available) {
		log_error("vgmknodes needs device-mapper (run it as root, dm-mod loaded).");
		r->failed = 1;
		return;
	}
	/* -t: nothing in /dev changes */
	if (r->ctx->test_mode)
		return;
	if (kdm_mknodes()) {
		r->failed = 1;
		return;
	}
	for (size_t v = 0; v < r->n_vgs; v++) {
		struct act a;

		if (act_begin(&a, r->vgs[v], 0, 0)) {
			r->failed = 1;
			continue;
		}
		links_sync(r->vgs[v]->name, r->vgs[v], &a);
		act_end(&a);
	}
}

int cmd_vgscan(struct cmd_context *ctx)
{
	struct run r;
	struct strbuf out = STRBUF_INIT;
	int rc;

	if (no_arguments(ctx))
		return EXIT_INVALID;
	if ((rc = run_begin(&r, ctx, NULL, 0))) {
		run_end(&r);
		return rc;
	}
	read_vgs(&r, NULL, 0);
	for (size_t v = 0; v < r.n_vgs; v++)
		strbuf_addf(&out, "  Found %svolume group \"%s\" using metadata type lvm2\n",
		            (r.vgs[v]->status & VG_EXPORTED) ? "exported " : "", r.vgs[v]->name);
	if (arg_count(ctx, OPT_MKNODES))
		mknodes_vgs(&r);
	return print_and_finish(&r, &out);
}

int cmd_lvscan(struct cmd_context *ctx)
{
	struct run r;
	struct strbuf out = STRBUF_INIT, a = STRBUF_INIT;
	int rc, all = arg_count(ctx, OPT_ALL) > 0;

	if (no_arguments(ctx))
		return EXIT_INVALID;
	if ((rc = run_begin(&r, ctx, NULL, 0))) {
		run_end(&r);
		return rc;
	}
	read_vgs(&r, NULL, 0);
	for (size_t v = 0; v < r.n_vgs; v++) {
		const struct vg *vg = r.vgs[v];

		for (size_t i = 0; i < vg->n_lvs; i++) {
			const struct lv *lv = vg->lvs[i];
			struct lv_kstate ks;
			int active, cow = lv_is_cow(vg, lv);

			if (!report_lv_listed(vg, lv, all))
				continue;
			active = !report_lv_state(&r.rc, vg, lv, &ks) && ks.exists;
			/* a snapshot the kernel cannot give a status of, or an
			 * invalid one, is not active for lvm2's lvscan */
			if (active && cow)
				active = ks.has_snap_status && !ks.snap_invalid;
			strbuf_reset(&a);
			format_size_long(&a, (uint64_t)lv_extents(lv) * vg->extent_size,
			                 &r.rc.units, 0);
			strbuf_addf(&out, "  %s%s '%s%s/%s' [%s] %s\n",
			            active ? "ACTIVE   " : "inactive ",
			            lv_is_origin(vg, lv) ? "Original"
			            : cow                ? "Snapshot"
			                                 : "        ",
			            r.dev_dir, vg->name, lv->name, a.buf,
			            lv->allocation_policy ? lv->allocation_policy : "inherit");
		}
	}
	strbuf_release(&a);
	return print_and_finish(&r, &out);
}

int cmd_vgmknodes(struct cmd_context *ctx)
{
	struct run r;
	struct strbuf out = STRBUF_INIT;
	struct lv_sel sel;
	int rc;

	if ((rc = run_begin(&r, ctx, NULL, 0))) {
		run_end(&r);
		return rc;
	}
	if (parse_lv_sel(&r, &sel)) {
		free_lv_sel(&sel);
		run_end(&r);
		return EXIT_INVALID;
	}
	read_lv_sel_vgs(&r, &sel);
	/* an LV named is looked for as lvm2 does; the links are made for
	 * its whole VG, which names no more than lvm2 would */
	for (size_t v = 0; v < r.n_vgs; v++)
		for (size_t i = 0; i < r.vgs[v]->n_lvs; i++)
			lv_selected(&sel, r.vgs[v], r.vgs[v]->lvs[i], 1);
	check_lvs_found(&r, &sel);
	free_lv_sel(&sel);
	mknodes_vgs(&r);
	return print_and_finish(&r, &out);
}
