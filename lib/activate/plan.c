/* The activation planner (see plan.h).  Pure: no kernel, no I/O. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "activate/plan.h"
#include "activate/volume-list.h"
#include "metadata/names.h"
#include "misc/log.h"
#include "misc/uuid.h"
#include "misc/xalloc.h"

/* --- names --- */

static void add_escaped(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '-')
			strbuf_addch(sb, '-');
		strbuf_addch(sb, *s);
	}
}

static const char *layer_suffix(enum kdm_layer layer)
{
	return layer == LAYER_REAL ? "real" : layer == LAYER_COW ? "cow" : NULL;
}

/* "VG-LV" and "LVM-<vg id><lv id>", with "-SUFFIX" when there is one. */
static char *name_with(const char *vg, const char *lv, const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;
	add_escaped(&sb, vg);
	strbuf_addch(&sb, '-');
	add_escaped(&sb, lv);
	if (suffix)
		strbuf_addf(&sb, "-%s", suffix);
	return strbuf_detach(&sb, NULL);
}

static char *uuid_with(const char *vg_id, const char *lv_id, const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "LVM-%s%s", vg_id, lv_id);
	if (suffix)
		strbuf_addf(&sb, "-%s", suffix);
	return strbuf_detach(&sb, NULL);
}

char *kdm_name_for(const char *vg, const char *lv, enum kdm_layer layer)
{
	return name_with(vg, lv, layer_suffix(layer));
}

char *kdm_missing_name(const char *vg, const char *lv, size_t seg, size_t area)
{
	char suffix[64];
	snprintf(suffix, sizeof(suffix), "missing_%zu_%zu", seg, area);
	return name_with(vg, lv, suffix);
}

char *kdm_missing_uuid(const char *vg_id, const char *lv_id, size_t seg, size_t area)
{
	char suffix[64];
	snprintf(suffix, sizeof(suffix), "missing_%zu_%zu", seg, area);
	return uuid_with(vg_id, lv_id, suffix);
}

int kdm_name_split(const char *name, char **vg, char **lv)
{
	struct strbuf v = STRBUF_INIT, l = STRBUF_INIT, *cur = &v;
	int ok = 1;

	/* "--" is a dash of a name; the first single dash ends the VG's name
	 * (neither name can start with a dash); another single dash starts a
	 * layer suffix ("-cow", "-real"): not a top-level device */
	for (const char *p = name; *p && ok; p++) {
		if (*p != '-')
			strbuf_addch(cur, *p);
		else if (p[1] == '-')
			strbuf_addch(cur, *p++);
		else if (cur == &v && v.len)
			cur = &l;
		else
			ok = 0;
	}
	if (!ok || !l.len || v.buf[0] == '-' || l.buf[0] == '-') {
		strbuf_release(&v);
		strbuf_release(&l);
		return -1;
	}
	*vg = strbuf_detach(&v, NULL);
	*lv = strbuf_detach(&l, NULL);
	return 0;
}

char *kdm_uuid_for(const char *vg_id, const char *lv_id, enum kdm_layer layer)
{
	return uuid_with(vg_id, lv_id, layer_suffix(layer));
}

enum kdm_layer kdm_uuid_layer(const char *uuid, size_t *lv_len)
{
	/* the ids hold no dash: a dash starts the layer's suffix */
	const char *dash = strchr(uuid, '-');
	enum kdm_layer layer = LAYER_TOP;

	dash = dash ? strchr(dash + 1, '-') : NULL; /* past "LVM-" */
	if (dash && !strcmp(dash, "-real"))
		layer = LAYER_REAL;
	else if (dash && !strcmp(dash, "-cow"))
		layer = LAYER_COW;
	else if (dash && !strncmp(dash, "-missing_", 9))
		layer = LAYER_MISSING;
	if (lv_len)
		*lv_len = dash ? (size_t)(dash - uuid) : strlen(uuid);
	return layer;
}

/* --- udev flags --- */

/* The udev flags lvm2 2.03.16 gives a device (lib/activate/dev_manager.c,
 * _get_udev_flags, called with the LV whose device it is: the origin for
 * VG-ORIGIN and -real, the snapshot's COW LV for VG-SNAP and -cow), less
 * what the settings add (kdm_udev_flags):
 *
 *   device                     own flags
 *   VG-LV, VG-ORIGIN           none
 *   VG-ORIGIN-real             SUBSYSTEM DISK OTHER  (a layer)
 *   VG-SNAP                    LOW_PRIORITY          (a COW LV: udev
 *                              prefers the origin for links both could
 *                              claim, such as a filesystem's by-uuid)
 *   VG-SNAP-cow                SUBSYSTEM DISK OTHER LOW_PRIORITY
 *   VG-SNAP, merging           SUBSYSTEM DISK OTHER LOW_PRIORITY (hidden
 *                              in the metadata from lvconvert --merge
 *                              on, whether its table is still the
 *                              snapshot or already the error mapping)
 *   VG-LV, reserved name       DISK OTHER  (lvm2's own volumes' names)
 *   VG-LV-missing_S_A          none when created (lvm2 makes it with
 *                              dm_tree_add_new_dev, which gives none);
 *                              removed as a layer of its LV: SUBSYSTEM
 *                              DISK OTHER, with LOW_PRIORITY for a COW
 *                              LV's (checked in the sandbox, scenario 057)
 *
 * The same on every operation that carries flags (create, resume,
 * rename, remove), with the metadata the operation follows; for an LV
 * the metadata no longer has, see kdev_udev_flags.  lvm2's other flags
 * never apply: DM_SUBSYSTEM_UDEV_FLAG0 ("noscan") and the temporary
 * flags mark devices lvm2 writes after creating them (the start of a new
 * LV, a new COW activated alone to zero it), and vgtool zeroes through
 * the PVs before the device exists (tools/lv.c). */
static uint16_t role_udev_flags(enum kdm_layer layer, int visible, int cow, int reserved)
{
	uint16_t f = 0;
	if (layer != LAYER_TOP || !visible)
		f |= KDM_UDEV_DISABLE_SUBSYSTEM_RULES | KDM_UDEV_DISABLE_DISK_RULES |
		     KDM_UDEV_DISABLE_OTHER_RULES;
	else if (reserved)
		f |= KDM_UDEV_DISABLE_DISK_RULES | KDM_UDEV_DISABLE_OTHER_RULES;
	if (cow)
		f |= KDM_UDEV_LOW_PRIORITY;
	return f;
}

static uint16_t dev_udev_flags(const struct vg *vg, const struct lv *lv, enum kdm_layer layer)
{
	return role_udev_flags(layer, lv_is_user_visible(vg, lv), lv_is_cow(vg, lv),
	                       name_lv_reserved(lv->name));
}

void kdm_udev_decide(const struct kdm_udev_config *cfg, int udev_running, int driver_ok,
                     struct kdm_udev *out)
{
	out->rules = cfg->rules && udev_running;
	out->sync = cfg->sync && udev_running;
	out->fallback = !out->rules || cfg->verify || !driver_ok;
}

uint16_t kdm_udev_flags(uint16_t dev_flags, const struct kdm_udev *u)
{
	uint16_t f = dev_flags;
	if (!u->fallback)
		f |= KDM_UDEV_DISABLE_LIBRARY_FALLBACK;
	if (!u->rules)
		f |= KDM_UDEV_DISABLE_DM_RULES | KDM_UDEV_DISABLE_SUBSYSTEM_RULES;
	return f;
}

/* --- desired devices --- */

static struct kdm_dev *new_dev(struct kdm_devs *d, const struct vg *vg, const struct lv *lv,
                               enum kdm_layer layer)
{
	struct kdm_dev *dev;
	d->devs = xrealloc(d->devs, (d->n + 1) * sizeof(*d->devs));
	dev = &d->devs[d->n++];
	memset(dev, 0, sizeof(*dev));
	dev->name = kdm_name_for(vg->name, lv->name, layer);
	dev->uuid = kdm_uuid_for(vg->id, lv->id, layer);
	dev->layer = layer;
	dev->udev_flags = dev_udev_flags(vg, lv, layer);
	/* lvm2 keeps a COW writable whatever its snapshot's permission:
	 * the snapshot target writes its exceptions there */
	dev->read_only = layer != LAYER_COW &&
	                 (!(lv->status & LV_WRITE) ||
	                  /* activation/read_only_volume_list, asked of the LV
	                   * whose activation carries this one, as lvm2 asks
	                   * of the LV it activates */
	                  volume_list_passes(VOLUME_LIST_READ_ONLY, vg, volume_list_unit(vg, lv)));
	/* lvchange -My: the LV's own device, the one named VG-LV */
	if (layer == LAYER_TOP && (lv->status & LV_FIXED_MINOR) && lv->minor >= 0) {
		dev->fixed_minor = 1;
		dev->minor = lv->minor;
	}
	return dev;
}

static struct kdm_target *add_target(struct kdm_dev *dev, uint64_t start, uint64_t len,
                                     const char *type)
{
	struct kdm_target *t;
	dev->targets = xrealloc(dev->targets, (dev->n_targets + 1) * sizeof(*dev->targets));
	t = &dev->targets[dev->n_targets++];
	memset(t, 0, sizeof(*t));
	t->start = start;
	t->len = len;
	t->type = xstrdup(type);
	return t;
}

static void add_arg(struct kdm_target *t, int kind, const char *text)
{
	t->args = xrealloc(t->args, (t->n_args + 1) * sizeof(*t->args));
	t->args[t->n_args].kind = kind;
	t->args[t->n_args].text = xstrdup(text);
	t->n_args++;
}

static void add_argu(struct kdm_target *t, unsigned long long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%llu", v);
	add_arg(t, ARG_TEXT, buf);
}

static void add_dep(struct kdm_dev *dev, const char *uuid)
{
	dev->deps = xrealloc(dev->deps, (dev->n_deps + 1) * sizeof(*dev->deps));
	dev->deps[dev->n_deps++] = xstrdup(uuid);
}

static int seg_is_linear(const struct segment *seg)
{
	return seg->type == SEG_STRIPED && seg->stripe_count == 1;
}

/* The error devices that stand for the areas of `lv` whose PV has no
 * device (see LAYER_MISSING), "0 LEN error" each, to be listed before
 * the device whose table uses them.  (Only linear segments: any other
 * is refused by add_linear_table.) */
static void add_missing_devs(struct kdm_devs *d, const struct vg *vg, const struct lv *lv)
{
	for (size_t s = 0; s < lv->n_segs; s++) {
		const struct segment *seg = &lv->segs[s];
		struct kdm_dev *dev;
		if (!seg_is_linear(seg) || seg->areas[0].pv->dev_path)
			continue;
		d->devs = xrealloc(d->devs, (d->n + 1) * sizeof(*d->devs));
		dev = &d->devs[d->n++];
		memset(dev, 0, sizeof(*dev));
		dev->name = kdm_missing_name(vg->name, lv->name, s, 0);
		dev->uuid = kdm_missing_uuid(vg->id, lv->id, s, 0);
		dev->layer = LAYER_MISSING;
		/* no flags of its own, and writable, as lvm2 creates it */
		add_target(dev, 0, (uint64_t)seg->len * vg->extent_size, "error");
	}
}

/* The linear mapping of an LV's segments onto its PVs; an area whose PV
 * is lost maps onto its error device (add_missing_devs, listed before)
 * from its start, as lvm2's table reads: "linear <that device> 0".  A
 * zero segment (a virtual origin's) is a "zero" target, no arguments. */
static int add_linear_table(struct kdm_dev *dev, const struct vg *vg, const struct lv *lv)
{
	for (size_t s = 0; s < lv->n_segs; s++) {
		const struct segment *seg = &lv->segs[s];
		struct kdm_target *t;
		const struct pv *pv;
		if (seg->type == SEG_ZERO) {
			add_target(dev, (uint64_t)seg->le * vg->extent_size,
			           (uint64_t)seg->len * vg->extent_size, "zero");
			continue;
		}
		if (!seg_is_linear(seg)) {
			log_error("Logical volume %s/%s cannot be activated by vgtool: segment %zu "
			          "is not linear.",
			          vg->name, lv->name, s + 1);
			return -1;
		}
		pv = seg->areas[0].pv;
		t = add_target(dev, (uint64_t)seg->le * vg->extent_size,
		               (uint64_t)seg->len * vg->extent_size, "linear");
		if (!pv->dev_path) {
			char *uuid = kdm_missing_uuid(vg->id, lv->id, s, 0);
			add_arg(t, ARG_DEV_UUID, uuid);
			add_argu(t, 0);
			add_dep(dev, uuid);
			free(uuid);
			continue;
		}
		add_arg(t, ARG_PV, pv->dev_path);
		add_argu(t, (unsigned long long)(pv->pe_start +
		                                 (uint64_t)seg->areas[0].pe * vg->extent_size));
	}
	return 0;
}

static int dev_listed(const struct kdm_devs *d, const char *uuid)
{
	return kdm_devs_find_uuid(d, uuid) != NULL;
}

/* "snapshot" and "snapshot-merge": <origin's real> <cow> P <chunk>
 * (persistent store, as lvm2 always loads it). */
static void add_snapshot_table(struct kdm_dev *dev, const char *type, uint64_t len,
                               const char *real_uuid, const char *cow_uuid, uint32_t chunk)
{
	struct kdm_target *t = add_target(dev, 0, len, type);
	add_arg(t, ARG_DEV_UUID, real_uuid);
	add_arg(t, ARG_DEV_UUID, cow_uuid);
	add_arg(t, ARG_TEXT, "P");
	add_argu(t, chunk);
	add_dep(dev, real_uuid);
	add_dep(dev, cow_uuid);
}

/* The parameters of the first target `type` in the kernel's live table
 * of `k` (they end at the line's end), or NULL when it has none. */
static const char *kdev_target_params(const struct kdm_kdev *k, const char *type)
{
	size_t n = strlen(type);
	for (const char *line = k ? k->table : NULL; line && *line;) {
		/* "start len type params" */
		const char *t = strchr(line, ' ');
		t = t ? strchr(t + 1, ' ') : NULL;
		if (t && !strncmp(t + 1, type, n) &&
		    (t[1 + n] == ' ' || t[1 + n] == '\n' || !t[1 + n]))
			return t + 1 + n + (t[1 + n] == ' ');
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return NULL;
}

/* Does the kernel's live table of `k` use target `type`? */
static int kdev_has_target(const struct kdm_kdev *k, const char *type)
{
	return kdev_target_params(k, type) != NULL;
}

int plan_merge_starts(const struct vg *vg, const struct segment *seg, const struct kdm_state *have)
{
	char *top = kdm_uuid_for(vg->id, seg->origin->id, LAYER_TOP);
	char *snap = kdm_uuid_for(vg->id, seg->cow->id, LAYER_TOP);
	const struct kdm_kdev *kt = have ? kdm_state_find_uuid(have, top) : NULL;
	const struct kdm_kdev *ks = have ? kdm_state_find_uuid(have, snap) : NULL;
	int r;

	free(top);
	free(snap);
	if (kdev_has_target(kt, "snapshot-merge"))
		r = 1; /* started already: it goes on, open or not */
	else
		r = !(kt && kt->open_count > 0) && !(ks && ks->open_count > 0);
	return r;
}

/* An origin's own device: "snapshot-origin <its -real>". */
static void add_origin_table(struct kdm_dev *top, uint64_t len, const char *real_uuid)
{
	add_arg(add_target(top, 0, len, "snapshot-origin"), ARG_DEV_UUID, real_uuid);
	add_dep(top, real_uuid);
}

/* An origin and its snapshots, as lvm2 stacks them.  A merging snapshot
 * (whose merge can start, see plan_merge_starts) turns the origin into
 * "snapshot-merge <real> <cow> P <chunk>" and its own device into an
 * "error" mapping of the same size; it comes after the origin in the list
 * so that the origin resumes first: the kernel hands the exceptions over
 * from the old snapshot while that one is still suspended. */
static int add_origin_group(struct kdm_devs *d, const struct vg *vg, const struct lv *origin,
                            const struct kdm_state *have)
{
	struct kdm_dev *real, *top;
	char *real_uuid, *merge_cow = NULL;
	struct kdm_dev *err;
	const struct segment *merge = NULL;
	int early;
	uint64_t size = (uint64_t)lv_extents(origin) * vg->extent_size;

	add_missing_devs(d, vg, origin);
	real = new_dev(d, vg, origin, LAYER_REAL);
	if (add_linear_table(real, vg, origin))
		return -1;
	real_uuid = xstrdup(real->uuid);
	/* A virtual origin's device right after its -real, before the
	 * snapshot's: the order lvm2 creates them in, so that the kernel
	 * gives them the same minors (lvdisplay shows them).  Its snapshot
	 * does not merge (lvconvert refuses it; a merge in metadata from
	 * elsewhere keeps the order below), so nothing needs it last. */
	early = lv_is_virtual_origin(vg, origin) && !lv_merging_segment(vg, origin);
	if (early)
		add_origin_table(new_dev(d, vg, origin, LAYER_TOP), size, real_uuid);
	for (size_t i = 0; i < vg->n_lvs; i++) {
		const struct segment *seg = lv_snapshot_segment(vg->lvs[i]);
		struct kdm_dev *cow, *snap;
		char *cow_uuid;
		if (!seg || seg->origin != origin)
			continue;
		add_missing_devs(d, vg, seg->cow);
		cow = new_dev(d, vg, seg->cow, LAYER_COW);
		if (add_linear_table(cow, vg, seg->cow)) {
			free(real_uuid);
			return -1;
		}
		cow_uuid = xstrdup(cow->uuid);
		if (seg->merging && !merge && plan_merge_starts(vg, seg, have)) {
			merge = seg;
			merge_cow = cow_uuid;
			continue;
		}
		/* the snapshot device carries the COW LV's name and uuid, and
		 * the size the origin had when the snapshot was taken (the
		 * snapshotN LV's), as lvm2 loads it */
		snap = new_dev(d, vg, seg->cow, LAYER_TOP);
		add_snapshot_table(snap, "snapshot", (uint64_t)seg->len * vg->extent_size,
		                   real_uuid, cow_uuid, seg->chunk_size);
		free(cow_uuid);
	}
	if (early) {
		/* (made above) */
	} else if (merge) {
		top = new_dev(d, vg, origin, LAYER_TOP);
		add_snapshot_table(top, "snapshot-merge", size, real_uuid, merge_cow,
		                   merge->chunk_size);
		/* (`top` may move as the array grows: it is not used below)
		 * the merging snapshot's own device stays, as lvm2 keeps it,
		 * mapped to errors (and hidden from udev like its LV) */
		err = new_dev(d, vg, merge->cow, LAYER_TOP);
		add_target(err, 0, (uint64_t)merge->len * vg->extent_size, "error");
	} else {
		add_origin_table(new_dev(d, vg, origin, LAYER_TOP), size, real_uuid);
	}
	free(merge_cow);
	free(real_uuid);
	return 0;
}

int plan_desired(const struct vg *vg, struct lv *const *lvs, size_t n_lvs,
                 const struct kdm_state *have, struct kdm_devs *out)
{
	memset(out, 0, sizeof(*out));
	out->vg = vg;
	for (size_t i = 0; i < (lvs ? n_lvs : vg->n_lvs); i++) {
		const struct lv *lv = lvs ? lvs[i] : vg->lvs[i];
		const struct segment *cs = lv_cow_segment(vg, lv);
		char *uuid;
		int listed;

		if (lv_snapshot_segment(lv))
			continue; /* snapshotN: part of its origin's group */
		if (cs)
			lv = cs->origin; /* a snapshot activates with its origin */
		if (!lvs && (lv->status & LV_ACTIVATION_SKIP))
			continue;
		uuid = kdm_uuid_for(vg->id, lv->id, LAYER_TOP);
		listed = dev_listed(out, uuid);
		free(uuid);
		if (listed)
			continue;
		if (!lv_is_origin(vg, lv))
			add_missing_devs(out, vg, lv);
		if (lv_is_origin(vg, lv)
		        ? add_origin_group(out, vg, lv, have)
		        : add_linear_table(new_dev(out, vg, lv, LAYER_TOP), vg, lv)) {
			kdm_devs_free(out);
			return -1;
		}
	}
	return 0;
}

static void lv_set_free(struct kdm_lv_set *set)
{
	for (size_t k = 0; k < set->n; k++)
		free(set->prefixes[k]);
	free(set->prefixes);
	set->prefixes = NULL;
	set->n = 0;
}

static void lv_set_add(struct kdm_lv_set *set, const struct vg *vg, const struct lv *lv)
{
	set->prefixes = xrealloc(set->prefixes, (set->n + 1) * sizeof(*set->prefixes));
	set->prefixes[set->n++] = kdm_uuid_for(vg->id, lv->id, LAYER_TOP);
}

/* `lv`'s activation group: an origin and its snapshots. */
static void lv_set_add_group(struct kdm_lv_set *set, const struct vg *vg, const struct lv *lv)
{
	const struct segment *cs = lv_cow_segment(vg, lv);
	const struct lv *origin = cs ? cs->origin : lv;

	/* each LV's devices share its uuid as a prefix (layers add a
	 * suffix), and ids have a fixed length: no LV's prefix is another's */
	lv_set_add(set, vg, origin);
	for (size_t i = 0; i < origin->n_snapshots; i++)
		lv_set_add(set, vg, origin->snapshots[i]->cow);
}

static int lv_set_has(const struct kdm_lv_set *set, const char *uuid)
{
	for (size_t k = 0; uuid && k < set->n; k++)
		if (!strncmp(uuid, set->prefixes[k], strlen(set->prefixes[k])))
			return 1;
	return 0;
}

void kdm_devs_free(struct kdm_devs *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct kdm_dev *dev = &d->devs[i];
		for (size_t t = 0; t < dev->n_targets; t++) {
			for (size_t a = 0; a < dev->targets[t].n_args; a++)
				free(dev->targets[t].args[a].text);
			free(dev->targets[t].args);
			free(dev->targets[t].type);
		}
		for (size_t k = 0; k < dev->n_deps; k++)
			free(dev->deps[k]);
		free(dev->deps);
		free(dev->targets);
		free(dev->name);
		free(dev->uuid);
	}
	free(d->devs);
	d->devs = NULL;
	d->n = 0;
	lv_set_free(&d->keep);
	lv_set_free(&d->ro_follow);
}

void kdm_devs_keep(struct kdm_devs *d, const struct vg *vg, const struct lv *lv)
{
	lv_set_add_group(&d->keep, vg, lv);
}

void kdm_devs_ro_follow(struct kdm_devs *d, const struct vg *vg, const struct lv *lv)
{
	lv_set_add_group(&d->ro_follow, vg, lv);
}

static int kept(const struct kdm_devs *d, const char *uuid)
{
	return d && lv_set_has(&d->keep, uuid);
}

const struct kdm_dev *kdm_devs_find_uuid(const struct kdm_devs *d, const char *uuid)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->devs[i].uuid, uuid))
			return &d->devs[i];
	return NULL;
}

/* --- kernel state --- */

const struct kdm_kdev *kdm_state_find_uuid(const struct kdm_state *s, const char *uuid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->devs[i].uuid && !strcmp(s->devs[i].uuid, uuid))
			return &s->devs[i];
	return NULL;
}

const struct kdm_kdev *kdm_state_find_name(const struct kdm_state *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->devs[i].name, name))
			return &s->devs[i];
	return NULL;
}

void kdm_state_free(struct kdm_state *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->devs[i].name);
		free(s->devs[i].uuid);
		free(s->devs[i].table);
	}
	free(s->devs);
	s->devs = NULL;
	s->n = 0;
}

/* --- tables as text --- */

void kdm_table_text(const struct kdm_dev *d, kdm_resolve_fn resolve, void *ctx, struct strbuf *out)
{
	for (size_t t = 0; t < d->n_targets; t++) {
		const struct kdm_target *tg = &d->targets[t];
		strbuf_addf(out, "%llu %llu %s", (unsigned long long)tg->start,
		            (unsigned long long)tg->len, tg->type);
		for (size_t a = 0; a < tg->n_args; a++) {
			const struct kdm_arg *arg = &tg->args[a];
			dev_t dev;
			if (arg->kind == ARG_TEXT)
				strbuf_addf(out, " %s", arg->text);
			else if (resolve && !resolve(ctx, arg, &dev))
				strbuf_addf(out, " %u:%u", major(dev), minor(dev));
			else
				strbuf_addf(out, " <%s>", arg->text);
		}
		strbuf_addch(out, '\n');
	}
}

/* References resolve against what the kernel has (devices of the plan
 * that exist already) and the PVs' device numbers kept in the state. */
struct have_ctx {
	const struct kdm_state *have;
	const struct kdm_devs *want;
};

static int resolve_have(void *p, const struct kdm_arg *arg, dev_t *out)
{
	const struct have_ctx *c = p;
	return kdm_state_resolve(c->have, arg, out);
}

int kdm_state_resolve(const struct kdm_state *s, const struct kdm_arg *arg, dev_t *out)
{
	const struct kdm_kdev *k = NULL;
	if (arg->kind == ARG_DEV_UUID) {
		k = kdm_state_find_uuid(s, arg->text);
	} else {
		/* PVs are recorded in the state under their path as name,
		 * with no uuid (see dm.c) */
		for (size_t i = 0; i < s->n && !k; i++)
			if (!s->devs[i].uuid && !strcmp(s->devs[i].name, arg->text))
				k = &s->devs[i];
	}
	if (!k)
		return -1;
	*out = k->dev;
	return 0;
}

/* --- ops --- */

static struct kdm_op *add_op(struct kdm_plan *p, enum kdm_op_kind kind, const struct kdm_dev *dev,
                             const char *name, const char *uuid, const char *new_name)
{
	struct kdm_op *op;
	p->ops = xrealloc(p->ops, (p->n + 1) * sizeof(*p->ops));
	op = &p->ops[p->n++];
	op->kind = kind;
	op->dev = dev;
	op->name = xstrdup(name);
	op->uuid = uuid ? xstrdup(uuid) : NULL;
	op->new_name = new_name ? xstrdup(new_name) : NULL;
	op->udev_flags = dev ? dev->udev_flags : 0;
	return op;
}

void kdm_plan_free(struct kdm_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->ops[i].name);
		free(p->ops[i].uuid);
		free(p->ops[i].new_name);
	}
	free(p->ops);
	p->ops = NULL;
	p->n = 0;
}

static int in_scope(const struct kdm_kdev *k, const char *prefix)
{
	return k->uuid && !strncmp(k->uuid, prefix, strlen(prefix));
}

/* Does kernel device `user` use kernel device `used` (by MAJOR:MINOR in
 * its table)? */
static int kdev_uses(const struct kdm_kdev *user, const struct kdm_kdev *used)
{
	char num[32];
	const char *p;
	size_t n;
	if (!user->table)
		return 0;
	n = (size_t)snprintf(num, sizeof(num), "%u:%u", major(used->dev), minor(used->dev));
	for (p = user->table; (p = strstr(p, num)); p += n)
		if ((p == user->table || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || !p[n]))
			return 1;
	return 0;
}

/* The device of `params`' first "MAJOR:MINOR", or NULL. */
static const struct kdm_kdev *kdev_by_number(const struct kdm_state *have, const char *params)
{
	unsigned maj, min;

	if (!params || sscanf(params, "%u:%u", &maj, &min) != 2)
		return NULL;
	for (size_t i = 0; i < have->n; i++)
		if (have->devs[i].dev == makedev(maj, min))
			return &have->devs[i];
	return NULL;
}

/* Is `k` a sparse snapshot's origin, by the kernel's tables: a
 * "snapshot-origin" over a "zero" device?  (Its LV was hidden, which the
 * metadata, without it now, no longer says.) */
static int kdev_is_virtual_origin(const struct kdm_state *have, const struct kdm_kdev *k)
{
	return kdev_has_target(kdev_by_number(have, kdev_target_params(k, "snapshot-origin")),
	                       "zero");
}

/* Is `k`, a device of a snapshot (VG-SNAP, its -cow or -missing_S_A)
 * that the metadata no longer has, removed with the snapshot's origin
 * (the origin's device is not in `want`)?  The kernel says whose
 * snapshot it is: VG-SNAP's table "snapshot <origin's -real> <-cow> ...".
 * `lv_len`: the length of the snapshot's own uuid in k's. */
static int snapshot_goes_with_origin(const struct kdm_devs *want, const struct kdm_state *have,
                                     const struct kdm_kdev *k, size_t lv_len)
{
	char *top = xstrndup(k->uuid, lv_len);
	const struct kdm_kdev *real =
	    kdev_by_number(have, kdev_target_params(kdm_state_find_uuid(have, top), "snapshot"));
	int r = 0;

	if (real && real->uuid && kdm_uuid_layer(real->uuid, &lv_len) == LAYER_REAL) {
		char *origin = xstrndup(real->uuid, lv_len);
		r = !want || !kdm_devs_find_uuid(want, origin);
		free(origin);
	}
	free(top);
	return r;
}

/* The udev flags of `k`, a device of the kernel the plan does not keep,
 * by its uuid ("LVM-<vg id><lv id>[-real|-cow|-missing_S_A]"): its LV's
 * and layer's in the metadata (want->vg).  An LV the metadata no longer
 * has gets the flags lvm2 gives it when it removes the devices: a
 * snapshot removed with its origin (lvremove -f ORIGIN) is deactivated
 * first, still a snapshot; one removed alone (lvremove SNAP, the end of
 * a merge) is first made a plain visible LV (snapshot_manip.c,
 * vg_remove_snapshot), so its VG-SNAP goes with no flag of its own and
 * its -cow (and -missing_S_A) as a layer. */
static uint16_t kdev_udev_flags(const struct kdm_devs *want, const struct kdm_state *have,
                                const struct kdm_kdev *k)
{
	const struct vg *vg = want ? want->vg : NULL;
	enum kdm_layer layer;
	size_t n = vg ? strlen(vg->id) : 0, lv_len;

	if (!k->uuid)
		return 0;
	layer = kdm_uuid_layer(k->uuid, &lv_len);
	if (vg && !strncmp(k->uuid, "LVM-", 4) && !strncmp(k->uuid + 4, vg->id, n) &&
	    strlen(k->uuid + 4 + n) >= UUID_LEN) {
		char id[UUID_LEN + 1];
		const struct lv *lv;
		memcpy(id, k->uuid + 4 + n, UUID_LEN);
		id[UUID_LEN] = '\0';
		if ((lv = vg_find_lv_by_id(vg, id)))
			return dev_udev_flags(vg, lv, layer);
	}
	return role_udev_flags(
	    layer, !(layer == LAYER_TOP && kdev_is_virtual_origin(have, k)),
	    layer != LAYER_REAL && snapshot_goes_with_origin(want, have, k, lv_len), 0);
}

/* An op on a device of the kernel that the plan does not describe (a
 * clear, a removal), with its udev flags (kdev_udev_flags). */
static void add_kdev_op(struct kdm_plan *p, enum kdm_op_kind kind, const struct kdm_devs *want,
                        const struct kdm_state *have, const struct kdm_kdev *k)
{
	add_op(p, kind, NULL, k->name, k->uuid, NULL)->udev_flags = kdev_udev_flags(want, have, k);
}

/* A table loaded but never resumed, as a run that died between its load
 * and its resume leaves it, is cleared before anything else: the
 * kernel refuses to load a snapshot table on a COW that already has one
 * waiting ("Snapshot cow pairing for exception table handover failed",
 * dm-snap.c), so reloading over it would fail at every run; and a stale
 * table holds the devices it names, which then cannot be removed. */
static void add_clear(struct kdm_plan *out, const struct kdm_devs *want,
                      const struct kdm_state *have, const struct kdm_kdev *k)
{
	if (k->has_inactive)
		add_kdev_op(out, OP_CLEAR, want, have, k);
}

/* Remove `victims` (indexes into have) top-down: a device goes once no
 * other victim still uses it.  `want` (may be NULL): what stays, and the
 * metadata, for their udev flags. */
static void add_removals(const struct kdm_state *have, const struct kdm_devs *want, int *victim,
                         struct kdm_plan *out)
{
	int progress = 1;
	while (progress) {
		progress = 0;
		for (size_t i = 0; i < have->n; i++) {
			int used = 0;
			if (!victim[i])
				continue;
			for (size_t j = 0; j < have->n && !used; j++)
				used = j != i && victim[j] &&
				       kdev_uses(&have->devs[j], &have->devs[i]);
			if (used)
				continue;
			add_kdev_op(out, OP_REMOVE, want, have, &have->devs[i]);
			victim[i] = 0;
			progress = 1;
		}
	}
	/* a cycle cannot happen with dm, but never loop forever on odd
	 * input: whatever is left goes in table order */
	for (size_t i = 0; i < have->n; i++)
		if (victim[i])
			add_kdev_op(out, OP_REMOVE, want, have, &have->devs[i]);
}

void plan_ops(const struct kdm_devs *want, const struct kdm_state *have, const char *scope_prefix,
              int remove_others, struct kdm_plan *out)
{
	struct have_ctx hc = {have, want};
	int *switched = xcalloc(want->n ? want->n : 1, sizeof(int));
	int *victim = xcalloc(have->n ? have->n : 1, sizeof(int));
	struct strbuf text = STRBUF_INIT;

	memset(out, 0, sizeof(*out));
	/* 0. stale loaded tables of the devices this plan acts on */
	for (size_t i = 0; i < have->n; i++)
		if (in_scope(&have->devs[i], scope_prefix) && !kept(want, have->devs[i].uuid) &&
		    (remove_others || kdm_devs_find_uuid(want, have->devs[i].uuid)))
			add_clear(out, want, have, &have->devs[i]);
	/* 1. renames, then new devices bottom-up and table loads; devices
	 *    that only need new tables switch in step 2 */
	for (size_t i = 0; i < want->n; i++) {
		const struct kdm_dev *d = &want->devs[i];
		const struct kdm_kdev *k = kdm_state_find_uuid(have, d->uuid);
		if (!k) {
			add_op(out, OP_CREATE, d, d->name, d->uuid, NULL);
			continue;
		}
		if (strcmp(k->name, d->name))
			add_op(out, OP_RENAME, d, k->name, d->uuid, d->name);
		strbuf_reset(&text);
		kdm_table_text(d, resolve_have, &hc, &text);
		/* a reference to a device that does not exist yet prints as
		 * <uuid>: never equal, so the table is reloaded */
		if (!k->table || strcmp(k->table, text.buf) ||
		    (!k->read_only != !d->read_only && lv_set_has(&want->ro_follow, d->uuid))) {
			add_op(out, OP_LOAD, d, d->name, d->uuid, NULL);
			switched[i] = 1;
		} else if (k->suspended) {
			switched[i] = 1; /* left suspended by a crash: resume */
		}
	}
	/* 2. the switch: suspend top-down, resume bottom-up (want is in
	 *    dependency order), nothing else in between */
	for (size_t i = want->n; i-- > 0;)
		if (switched[i]) {
			const struct kdm_kdev *k = kdm_state_find_uuid(have, want->devs[i].uuid);
			if (!k->suspended)
				add_op(out, OP_SUSPEND, &want->devs[i], want->devs[i].name,
				       want->devs[i].uuid, NULL);
		}
	for (size_t i = 0; i < want->n; i++)
		if (switched[i])
			add_op(out, OP_RESUME, &want->devs[i], want->devs[i].name,
			       want->devs[i].uuid, NULL);
	/* 3. what the VG has in the kernel but should not */
	if (remove_others) {
		for (size_t i = 0; i < have->n; i++)
			victim[i] = in_scope(&have->devs[i], scope_prefix) &&
			            !kept(want, have->devs[i].uuid) &&
			            !kdm_devs_find_uuid(want, have->devs[i].uuid);
		add_removals(have, want, victim, out);
	}
	strbuf_release(&text);
	free(switched);
	free(victim);
}

void plan_remove(const struct kdm_state *have, char *const *uuid_prefixes, size_t n,
                 struct kdm_plan *out)
{
	int *victim = xcalloc(have->n ? have->n : 1, sizeof(int));
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < have->n; i++) {
		for (size_t j = 0; j < n && !victim[i]; j++)
			victim[i] = in_scope(&have->devs[i], uuid_prefixes[j]);
		if (victim[i])
			add_clear(out, NULL, have, &have->devs[i]);
	}
	add_removals(have, NULL, victim, out);
	free(victim);
}

static const char *const op_names[] = {
    [OP_CREATE] = "create", [OP_LOAD] = "load",     [OP_SUSPEND] = "suspend",
    [OP_RESUME] = "resume", [OP_REMOVE] = "remove", [OP_RENAME] = "rename",
    [OP_CLEAR] = "clear",
};

void kdm_plan_print(const struct kdm_plan *p, struct strbuf *out)
{
	struct strbuf t = STRBUF_INIT;
	for (size_t i = 0; i < p->n; i++) {
		const struct kdm_op *op = &p->ops[i];
		strbuf_addf(out, "%s %s", op_names[op->kind], op->name);
		if (op->kind == OP_RENAME)
			strbuf_addf(out, " -> %s", op->new_name);
		strbuf_addch(out, '\n');
		if (op->kind == OP_CREATE || op->kind == OP_LOAD) {
			strbuf_reset(&t);
			kdm_table_text(op->dev, NULL, NULL, &t);
			for (char *line = t.buf, *nl; *line; line = nl + 1) {
				nl = strchr(line, '\n');
				strbuf_addf(out, "    %.*s\n", (int)(nl - line), line);
			}
		}
	}
	strbuf_release(&t);
}
