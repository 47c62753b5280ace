/* The table of lvm2's report fields (ids, headings, kinds and initial
 * widths as lvm2 2.03's columns.h and `-o help` have them, in the same
 * order, which is also the order of "-o all") and what each shows for
 * vgtool's model.
 *
 * Fields for features vgtool does not implement (raid, thin, cache, vdo,
 * lvmlockd...) show what lvm2 shows for an LV without them: mostly blank,
 * "-1" or "unknown". */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/sysmacros.h>

#include "metadata/missing.h"
#include "misc/log.h"
#include "misc/xalloc.h"
#include "report/columns.h"
#include "report/select.h"

#define GET(name) static void get_##name(const struct report_object *o, struct field_value *v)

static void text(struct field_value *v, const char *s)
{
	strbuf_addstr(&v->text, s ? s : "");
}

static void num(struct field_value *v, uint64_t n)
{
	strbuf_addf(&v->text, "%" PRIu64, n);
	v->num = n;
}

/* lvm2 sorts signed numbers as unsigned, so -1 ("none") sorts last. */
static void snum(struct field_value *v, int64_t n)
{
	strbuf_addf(&v->text, "%" PRId64, n);
	v->num = (uint64_t)n;
}

static void size(const struct report_object *o, struct field_value *v, uint64_t sectors)
{
	format_size(&v->text, sectors, &o->ctx->units, o->ctx->nosuffix);
	v->num = sectors;
}

/* A binary field: a word when set, blank when not. */
static void bin(struct field_value *v, int set, const char *word)
{
	text(v, set ? word : "");
	v->num = set != 0;
	v->binary = 1;
}

/* lvm2's "unknown" for a binary field it cannot tell. */
static void undef(struct field_value *v)
{
	text(v, "unknown");
	v->num = UINT64_MAX;
	v->binary = 1;
}

static void uuid(struct field_value *v, const char *raw)
{
	char buf[UUID_FORMATTED_LEN + 1];

	if (!raw || strlen(raw) != UUID_LEN)
		return;
	uuid_format(raw, buf);
	text(v, buf);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A string list as lvm2 shows it: sorted, comma-separated. */
static void str_list(struct field_value *v, char **items, size_t n)
{
	char **sorted;

	if (!n)
		return;
	sorted = xcalloc(n + 1, sizeof(*sorted));
	memcpy(sorted, items, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&v->text, ',');
		strbuf_addstr(&v->text, sorted[i]);
	}
	free(sorted);
}

static int active(const struct report_object *o)
{
	return o->ks && o->ks->exists;
}

static uint32_t extent_size(const struct report_object *o)
{
	return o->vg ? o->vg->extent_size : 0;
}

static const char *pv_dev_name(const struct pv *pv)
{
	return pv->dev_path ? pv->dev_path : "[unknown]";
}

GET(blank)
{
	(void)o;
	(void)v;
}

/* A yes/no field for a feature vgtool does not have: never set (0 with
 * --binary, where a plain blank field stays blank). */
GET(bin_unset)
{
	(void)o;
	bin(v, 0, "");
}

GET(unknown)
{
	(void)o;
	undef(v);
}

GET(minus1)
{
	(void)o;
	snum(v, -1);
}

GET(zero_size)
{
	size(o, v, 0);
}

GET(fmt)
{
	(void)o;
	text(v, "lvm2");
}

/* A device without a PV label (pvs -a) has no format. */
GET(pv_fmt)
{
	text(v, o->pv || (o->pd && o->pd->label.pv_id[0]) ? "lvm2" : "");
}

/* -aay passes over a VG or LV flagged NOAUTOACTIVATE (--setautoactivation
 * n); a snapshot's row shows its COW LV's flag, as lvm2's. */
GET(vg_autoactivation)
{
	bin(v, !(o->vg->status & VG_NOAUTOACTIVATE), "enabled");
}

GET(lv_autoactivation)
{
	bin(v, o->lv && !(o->lv->status & LV_NOAUTOACTIVATE), "enabled");
}

/* Logical volumes.  For a snapshot the row's LV is the COW LV, which
 * carries the snapshot's name, as in lvm2. */

static const struct lv *cow_origin(const struct report_object *o)
{
	const struct segment *s = report_cow_segment(o->vg, o->lv);
	return s ? s->origin : NULL;
}

static int is_origin(const struct report_object *o)
{
	return o->lv && lv_is_origin(o->vg, o->lv);
}

GET(uuid)
{
	if (o->lv)
		uuid(v, o->lv->id);
}

GET(lv_name)
{
	if (!o->lv)
		return;
	if (!*o->lv->name || lv_is_user_visible(o->vg, o->lv)) {
		text(v, o->lv->name);
		return;
	}
	strbuf_addf(&v->text, "[%s]", o->lv->name);
	v->sort = xstrdup(o->lv->name);
}

GET(full_name)
{
	if (o->lv)
		strbuf_addf(&v->text, "%s/%s", o->vg->name, o->lv->name);
}

GET(path)
{
	if (o->lv && *o->vg->name && *o->lv->name && lv_is_user_visible(o->vg, o->lv))
		strbuf_addf(&v->text, "%s%s/%s", o->ctx->dev_dir, o->vg->name, o->lv->name);
}

/* device-mapper names double every '-' inside the VG and LV names. */
static void dm_name_part(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '-')
			strbuf_addch(sb, '-');
		strbuf_addch(sb, *s);
	}
}

GET(dm_path)
{
	if (!o->lv || !*o->vg->name)
		return;
	strbuf_addf(&v->text, "%smapper/", o->ctx->dev_dir);
	dm_name_part(&v->text, o->vg->name);
	strbuf_addch(&v->text, '-');
	dm_name_part(&v->text, o->lv->name);
}

GET(layout)
{
	const char *layout = "unknown";

	if (!o->lv)
		return;
	for (size_t i = 0; i < o->lv->n_segs; i++) {
		const struct segment *s = &o->lv->segs[i];
		if (s->type == SEG_UNKNOWN) {
			layout = s->type_name;
			break;
		}
		/* lvm2 calls an origin of zero segments virtual (and one
		 * anywhere else, which vgtool only reads, "zero") */
		if (s->type == SEG_ZERO) {
			layout = is_origin(o) ? "virtual" : "zero";
			break;
		}
		if (s->type == SEG_STRIPED && s->stripe_count > 1)
			layout = "striped";
		else if (s->type == SEG_STRIPED && strcmp(layout, "striped"))
			layout = "linear";
	}
	text(v, layout);
}

GET(role)
{
	if (!o->lv)
		return;
	/* a merging snapshot is hidden yet still lvm2's public snapshot */
	if (*o->lv->name && lv_is_virtual_origin(o->vg, o->lv))
		text(v, lv_snapshot_count(o->vg, o->lv) > 1
		            ? "private,origin,thickorigin,multithickorigin"
		            : "private,origin,thickorigin");
	else if (*o->lv->name && !lv_is_user_visible(o->vg, o->lv) && !cow_origin(o))
		text(v, "private");
	else if (is_origin(o))
		text(v, lv_snapshot_count(o->vg, o->lv) > 1
		            ? "public,origin,thickorigin,multithickorigin"
		            : "public,origin,thickorigin");
	else if (cow_origin(o))
		text(v, "public,snapshot,thicksnapshot");
	else
		text(v, "public");
}

GET(merging)
{
	const struct segment *s = report_cow_segment(o->vg, o->lv);
	int merging = s && s->merging;

	if (is_origin(o) && lv_merging_segment(o->vg, o->lv))
		merging = 1;
	bin(v, merging, "merging");
}

GET(alloc_policy)
{
	if (o->lv)
		text(v, o->lv->allocation_policy ? o->lv->allocation_policy
		        : *o->lv->name           ? "inherit"
		                                 : "unknown");
}

GET(fixed_minor)
{
	bin(v, o->lv && (o->lv->status & LV_FIXED_MINOR), "fixed minor");
}

GET(skip_activation)
{
	bin(v, o->lv && (o->lv->status & LV_ACTIVATION_SKIP), "skip activation");
}

GET(active)
{
	text(v, active(o) ? "active" : "");
}

GET(active_locally)
{
	bin(v, active(o), "active locally");
}

GET(active_exclusively)
{
	bin(v, active(o), "active exclusively");
}

GET(major)
{
	snum(v, o->lv ? o->lv->major : -1);
}

GET(minor)
{
	snum(v, o->lv ? o->lv->minor : -1);
}

GET(read_ahead)
{
	if (o->lv && o->lv->read_ahead == -2) {
		text(v, "auto");
		v->num = UINT64_MAX - 1;
	} else {
		size(o, v, o->lv && o->lv->read_ahead > 0 ? (uint64_t)o->lv->read_ahead : 0);
	}
}

GET(lv_size)
{
	size(o, v, o->lv ? (uint64_t)lv_extents(o->lv) * extent_size(o) : 0);
}

GET(seg_count)
{
	num(v, o->lv ? o->lv->n_segs : 0);
}

GET(origin)
{
	const struct lv *origin = cow_origin(o);
	if (!origin)
		return;
	/* a hidden origin (a sparse snapshot's) in brackets, as lv_name */
	if (lv_is_user_visible(o->vg, origin)) {
		text(v, origin->name);
		return;
	}
	strbuf_addf(&v->text, "[%s]", origin->name);
	v->sort = xstrdup(origin->name);
}

GET(origin_uuid)
{
	const struct lv *origin = cow_origin(o);
	if (origin)
		uuid(v, origin->id);
}

GET(origin_size)
{
	const struct segment *s = report_cow_segment(o->vg, o->lv);

	if (s)
		size(o, v, (uint64_t)s->len * extent_size(o));
	else if (is_origin(o))
		size(o, v, (uint64_t)lv_extents(o->lv) * extent_size(o));
}

GET(ancestors)
{
	const struct lv *origin = cow_origin(o);
	if (origin)
		text(v, origin->name);
}

GET(descendants)
{
	char **names = NULL;
	size_t n = 0;

	for (size_t i = 0; is_origin(o) && i < o->lv->n_snapshots; i++) {
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = o->lv->snapshots[i]->cow->name;
	}
	str_list(v, names, n);
	free(names);
}

GET(lv_tags)
{
	if (o->lv)
		str_list(v, o->lv->tags.tags, o->lv->tags.n);
}

GET(lv_time)
{
	char buf[64];
	time_t t;
	struct tm tm;

	if (!o->lv || !o->lv->creation_time)
		return;
	t = (time_t)o->lv->creation_time;
	if (localtime_r(&t, &tm) && strftime(buf, sizeof(buf), "%Y-%m-%d %T %z", &tm))
		text(v, buf);
	v->num = o->lv->creation_time;
}

GET(lv_lockargs)
{
	text(v, o->lv->lock_args);
}

GET(lv_host)
{
	if (o->lv)
		text(v, o->lv->creation_host);
}

GET(modules)
{
	/* (lvm2 sorts the list) */
	int zero = o->lv && o->lv->n_segs && o->lv->segs[0].type == SEG_ZERO;

	if (zero && is_origin(o))
		text(v, "snapshot,zero");
	else if (zero)
		text(v, "zero");
	else if (is_origin(o) || cow_origin(o))
		text(v, "snapshot");
}

GET(kernel_major)
{
	snum(v, active(o) ? o->ks->major : -1);
}

GET(kernel_minor)
{
	snum(v, active(o) ? o->ks->minor : -1);
}

GET(kernel_read_ahead)
{
	if (active(o))
		size(o, v, o->ks->read_ahead);
	else
		snum(v, -1);
}

GET(permissions)
{
	if (o->lv && *o->lv->name && !(o->lv->status & LV_WRITE))
		text(v, "read-only");
	else if (active(o))
		text(v, o->ks->read_only ? "read-only-override" : "writeable");
	else
		text(v, "unknown");
}

GET(suspended)
{
	if (active(o))
		bin(v, o->ks->suspended, "suspended");
	else
		undef(v);
}

GET(live_table)
{
	if (active(o))
		bin(v, o->ks->live_table, "live table present");
	else
		undef(v);
}

GET(inactive_table)
{
	if (active(o))
		bin(v, o->ks->inactive_table, "inactive table present");
	else
		undef(v);
}

GET(device_open)
{
	if (active(o))
		bin(v, o->ks->open_count > 0, "open");
	else
		undef(v);
}

GET(snap_percent)
{
	/* a snapshot's, or a merging origin's (its snapshot-merge status) */
	int32_t p = (cow_origin(o) || (o->lv && lv_merging_segment(o->vg, o->lv))) && o->ks
	                ? snapshot_percent(o->ks)
	                : -1;

	v->num = UINT64_MAX;
	if (p < 0)
		return;
	format_percent(&v->text, p);
	v->num = (uint64_t)p;
}

GET(health)
{
	char attr[11];

	if (!o->lv || !*o->lv->name)
		return;
	lv_attr_string(o->vg, o->lv, o->ks, 1, attr);
	if (attr[8] == 'p')
		text(v, "partial");
}

static int snap_status(const struct report_object *o)
{
	return cow_origin(o) && active(o) && o->ks->live_table && o->ks->has_snap_status;
}

GET(merge_failed)
{
	if (snap_status(o))
		bin(v, o->ks->snap_merge_failed, "merge failed");
	else
		undef(v);
}

GET(snapshot_invalid)
{
	if (snap_status(o))
		bin(v, o->ks->snap_invalid, "snapshot invalid");
	else
		undef(v);
}

GET(lv_attr)
{
	char attr[11];

	if (!o->lv || !*o->lv->name)
		return;
	lv_attr_string(o->vg, o->lv, o->ks, !o->state_unknown, attr);
	text(v, attr);
}

/* PV labels and physical volumes.  An orphan PV has no model PV; a PV
 * whose device is missing has no pv_disk. */

static int mda_used(const struct mda_state *m)
{
	return !m->ignored;
}

GET(pv_uuid)
{
	uuid(v, o->pd ? o->pd->label.pv_id : o->pv ? o->pv->id : NULL);
}

GET(dev_size)
{
	size(o, v, o->pd ? o->pd->dev.size / 512 : 0);
}

GET(pv_name)
{
	text(v, o->pd ? o->pd->dev.path : o->pv ? pv_dev_name(o->pv) : "");
}

GET(pv_major)
{
	if (o->pd && !o->pd->dev.is_file)
		strbuf_addf(&v->text, "%u", major(o->pd->dev.rdev));
}

GET(pv_minor)
{
	if (o->pd && !o->pd->dev.is_file)
		strbuf_addf(&v->text, "%u", minor(o->pd->dev.rdev));
}

GET(pv_mda_free)
{
	uint64_t best = UINT64_MAX;

	for (unsigned i = 0; o->pd && i < o->pd->n_mdas; i++) {
		uint64_t f = mda_free_sectors(&o->pd->mdas[i]);
		if (mda_used(&o->pd->mdas[i]) && f < best)
			best = f;
	}
	size(o, v, best == UINT64_MAX ? 0 : best);
}

GET(pv_mda_size)
{
	uint64_t best = UINT64_MAX;

	for (unsigned i = 0; o->pd && i < o->pd->n_mdas; i++)
		if (o->pd->mdas[i].area.size / 512 < best)
			best = o->pd->mdas[i].area.size / 512;
	size(o, v, best == UINT64_MAX ? 0 : best);
}

GET(pv_ext_vsn)
{
	num(v, o->pd ? o->pd->label.ext_version : 0);
}

GET(pe_start)
{
	if (o->pv)
		size(o, v, o->pv->pe_start);
	else
		size(o, v, o->pd && o->pd->label.n_data ? o->pd->label.data[0].offset / 512 : 0);
}

/* A PV without extents (an orphan) shows its whole size, as lvm2 does. */
static uint64_t pv_size_sectors(const struct report_object *o)
{
	if (o->pv && o->pv->pe_count)
		return (uint64_t)o->pv->pe_count * extent_size(o);
	if (o->pv)
		return o->pv->dev_size;
	if (o->pd)
		return o->pd->label.dev_size ? o->pd->label.dev_size / 512 : o->pd->dev.size / 512;
	return 0;
}

static uint32_t pv_alloc(const struct report_object *o)
{
	return o->pv ? pv_used_extents(o->vg, o->pv) : 0;
}

GET(pv_size)
{
	size(o, v, pv_size_sectors(o));
}

/* lvm2's: a VG's PV its free extents (none when it has no extent), an
 * orphan its size, unless its label says a VG uses it */
GET(pv_free)
{
	if (o->pv)
		size(o, v, (uint64_t)(o->pv->pe_count - pv_alloc(o)) * extent_size(o));
	else if (o->pd && pv_disk_marked_used(o->pd))
		size(o, v, 0);
	else
		size(o, v, pv_size_sectors(o));
}

GET(pv_used)
{
	size(o, v, (uint64_t)pv_alloc(o) * extent_size(o));
}

GET(pv_attr)
{
	char attr[4];

	pv_attr_string(o->vg, o->pv, attr);
	/* a PV in no VG found whose label says it is in one (its metadata
	 * is on PVs not there): lvm2's "used" */
	if (!o->pv && o->pd && pv_disk_marked_used(o->pd))
		attr[0] = 'u';
	text(v, attr);
}

GET(pv_allocatable)
{
	bin(v, o->pv && (o->pv->status & PV_ALLOCATABLE), "allocatable");
}

GET(pv_exported)
{
	bin(v, o->pv && (o->vg->status & VG_EXPORTED), "exported");
}

GET(pv_missing)
{
	bin(v, o->pv && pv_is_missing(o->pv), "missing");
}

GET(pv_pe_count)
{
	num(v, o->pv ? o->pv->pe_count : 0);
}

GET(pv_pe_alloc_count)
{
	num(v, pv_alloc(o));
}

GET(pv_tags)
{
	if (o->pv)
		str_list(v, o->pv->tags.tags, o->pv->tags.n);
}

GET(pv_mda_count)
{
	num(v, o->pd ? o->pd->n_mdas : 0);
}

GET(pv_mda_used_count)
{
	uint64_t n = 0;

	for (unsigned i = 0; o->pd && i < o->pd->n_mdas; i++)
		n += mda_used(&o->pd->mdas[i]);
	num(v, n);
}

GET(pv_ba_start)
{
	if (o->pv)
		size(o, v, o->pv->ba_start);
	else
		size(o, v, o->pd && o->pd->label.n_ba ? o->pd->label.ba[0].offset / 512 : 0);
}

GET(pv_ba_size)
{
	if (o->pv)
		size(o, v, o->pv->ba_size);
	else
		size(o, v, o->pd && o->pd->label.n_ba ? o->pd->label.ba[0].size / 512 : 0);
}

GET(pv_in_use)
{
	bin(v, o->pv != NULL, "used");
}

GET(pv_device_id)
{
	if (o->pv)
		text(v, o->pv->device_id);
}

GET(pv_device_id_type)
{
	if (o->pv)
		text(v, o->pv->device_id_type);
}

/* Volume groups.  An orphan PV's row has lvm2's orphan VG: no name, no
 * extents, read-only. */

static uint32_t vg_alloc_extents(const struct vg *vg)
{
	uint32_t n = 0;
	for (size_t i = 0; i < vg->n_pvs; i++)
		n += pv_used_extents(vg, vg->pvs[i]);
	return n;
}

/* Calls fn for each metadata area on the VG's PVs that were found. */
static void vg_mdas(const struct report_object *o, void (*fn)(const struct mda_state *, void *),
                    void *arg)
{
	for (size_t i = 0; o->ctx->scan && i < o->vg->n_pvs; i++) {
		const struct pv_disk *pd = scan_find_pv_id(o->ctx->scan, o->vg->pvs[i]->id);
		for (unsigned m = 0; pd && m < pd->n_mdas; m++)
			fn(&pd->mdas[m], arg);
	}
}

struct mda_sums {
	uint64_t count, used, min_free, min_size;
};

static void add_mda(const struct mda_state *m, void *arg)
{
	struct mda_sums *s = arg;
	uint64_t f = mda_free_sectors(m);

	s->count++;
	if (!mda_used(m))
		return;
	s->used++;
	if (f < s->min_free)
		s->min_free = f;
	if (m->area.size / 512 < s->min_size)
		s->min_size = m->area.size / 512;
}

static struct mda_sums vg_mda_sums(const struct report_object *o)
{
	struct mda_sums s = {0, 0, UINT64_MAX, UINT64_MAX};

	vg_mdas(o, add_mda, &s);
	if (s.min_free == UINT64_MAX)
		s.min_free = 0;
	if (s.min_size == UINT64_MAX)
		s.min_size = 0;
	return s;
}

GET(vg_uuid)
{
	uuid(v, o->vg->id);
}

GET(vg_name)
{
	/* a PV in no VG found whose label says it is in one: lvm2 names its
	 * VG "[unknown]" */
	if (!o->pv && o->pd && !*o->vg->name && pv_disk_marked_used(o->pd))
		text(v, "[unknown]");
	else
		text(v, o->vg->name);
}

GET(vg_attr)
{
	char attr[7];

	vg_attr_string(o->vg, attr);
	text(v, attr);
}

GET(vg_permissions)
{
	text(v, (o->vg->status & VG_WRITE) ? "writeable" : "read-only");
}

GET(vg_extendable)
{
	bin(v, o->vg->status & VG_RESIZEABLE, "extendable");
}

GET(vg_exported)
{
	bin(v, o->vg->status & VG_EXPORTED, "exported");
}

GET(vg_partial)
{
	bin(v, vg_missing_pv_count(o->vg) > 0, "partial");
}

GET(vg_allocation_policy)
{
	text(v, o->vg->allocation_policy ? o->vg->allocation_policy : "normal");
}

GET(vg_size)
{
	size(o, v, (uint64_t)vg_extent_count(o->vg) * o->vg->extent_size);
}

GET(vg_free)
{
	size(o, v,
	     (uint64_t)(vg_extent_count(o->vg) - vg_alloc_extents(o->vg)) * o->vg->extent_size);
}

GET(vg_systemid)
{
	text(v, o->vg->system_id);
}

GET(vg_shared)
{
	bin(v, vg_shared(o->vg), "shared");
}

/* lvm2 shows "none" as nothing */
GET(vg_lock_type)
{
	const char *t = o->vg->lock_type;
	text(v, t && strcmp(t, "none") ? t : NULL);
}

GET(vg_lock_args)
{
	text(v, o->vg->lock_args);
}

GET(vg_extent_size)
{
	size(o, v, o->vg->extent_size);
}

GET(vg_extent_count)
{
	num(v, vg_extent_count(o->vg));
}

GET(vg_free_count)
{
	num(v, vg_extent_count(o->vg) - vg_alloc_extents(o->vg));
}

GET(max_lv)
{
	num(v, o->vg->max_lv);
}

GET(max_pv)
{
	num(v, o->vg->max_pv);
}

GET(pv_count)
{
	num(v, o->vg->n_pvs);
}

GET(vg_missing_pv_count)
{
	num(v, vg_missing_pv_count(o->vg));
}

GET(lv_count)
{
	uint64_t n = 0;
	for (size_t i = 0; i < o->vg->n_lvs; i++)
		n += report_lv_listed(o->vg, o->vg->lvs[i], 0);
	num(v, n);
}

GET(snap_count)
{
	uint64_t n = 0;
	for (size_t i = 0; i < o->vg->n_lvs; i++)
		n += lv_snapshot_segment(o->vg->lvs[i]) != NULL;
	num(v, n);
}

GET(vg_seqno)
{
	num(v, o->vg->seqno);
}

GET(vg_tags)
{
	str_list(v, o->vg->tags.tags, o->vg->tags.n);
}

GET(vg_mda_count)
{
	num(v, vg_mda_sums(o).count);
}

GET(vg_mda_used_count)
{
	num(v, vg_mda_sums(o).used);
}

GET(vg_mda_free)
{
	size(o, v, vg_mda_sums(o).min_free);
}

GET(vg_mda_size)
{
	size(o, v, vg_mda_sums(o).min_size);
}

GET(vg_mda_copies)
{
	if (o->vg->metadata_copies)
		num(v, o->vg->metadata_copies);
	else
		text(v, "unmanaged");
}

/* LV segments.  A free PV segment's row has a segment of type "free". */

GET(segtype)
{
	if (!o->seg)
		return;
	if (o->seg->type == SEG_STRIPED)
		text(v, o->seg->stripe_count > 1 ? "striped" : "linear");
	else if (o->seg->type == SEG_SNAPSHOT)
		text(v, "snapshot");
	else if (o->seg->type == SEG_ZERO)
		text(v, "zero");
	else
		text(v, o->seg->type_name);
}

GET(stripes)
{
	num(v, o->seg && o->seg->type == SEG_STRIPED ? o->seg->stripe_count : 0);
}

GET(data_copies)
{
	if (o->seg && o->seg->type == SEG_STRIPED)
		num(v, 1);
}

GET(stripe_size)
{
	size(o, v, o->seg && o->seg->stripe_count > 1 ? o->seg->stripe_size : 0);
}

GET(chunk_size)
{
	const struct segment *s = report_cow_segment(o->vg, o->lv);
	size(o, v, s ? s->chunk_size : 0);
}

GET(seg_start)
{
	size(o, v, o->seg ? (uint64_t)o->seg->le * extent_size(o) : 0);
}

GET(seg_start_pe)
{
	num(v, o->seg ? o->seg->le : 0);
}

GET(seg_size)
{
	size(o, v, o->seg ? (uint64_t)o->seg->len * extent_size(o) : 0);
}

GET(seg_size_pe)
{
	num(v, o->seg ? o->seg->len : 0);
}

/* The PV areas of a segment: "dev(pe)" or "dev:first-last". */
static void seg_areas(const struct report_object *o, struct field_value *v, int ranges,
                      const char *sep)
{
	const struct segment *s = o->seg;

	if (!s || s->type != SEG_STRIPED)
		return;
	for (uint32_t a = 0; a < s->stripe_count; a++) {
		uint32_t pe = s->areas[a].pe, len = s->len / s->stripe_count;

		if (a)
			strbuf_addstr(&v->text, sep);
		strbuf_addstr(&v->text, pv_dev_name(s->areas[a].pv));
		if (ranges)
			strbuf_addf(&v->text, ":%u-%u", pe, pe + len - 1);
		else
			strbuf_addf(&v->text, "(%u)", pe);
	}
}

GET(seg_pe_ranges)
{
	seg_areas(o, v, 1, " ");
}

GET(seg_le_ranges)
{
	seg_areas(o, v, 1, ",");
}

GET(devices)
{
	seg_areas(o, v, 0, ",");
}

GET(pvseg_start)
{
	num(v, o->pvseg ? o->pvseg->pe : 0);
}

GET(pvseg_size)
{
	num(v, o->pvseg ? o->pvseg->len : 0);
}

static const struct report_field fields[] = {
    {"lv_uuid", "LV UUID", FK_STR, RT_LV, 38, get_uuid},
    {"lv_name", "LV", FK_STR, RT_LV, 4, get_lv_name},
    {"lv_full_name", "LV", FK_STR, RT_LV, 4, get_full_name},
    {"lv_path", "Path", FK_STR, RT_LV, 0, get_path},
    {"lv_dm_path", "DMPath", FK_STR, RT_LV, 0, get_dm_path},
    {"lv_parent", "Parent", FK_STR, RT_LV, 0, get_blank},
    {"lv_layout", "Layout", FK_STRLIST, RT_LV, 10, get_layout},
    {"lv_role", "Role", FK_STRLIST, RT_LV, 10, get_role},
    {"lv_initial_image_sync", "InitImgSync", FK_BIN, RT_LV, 10, get_bin_unset},
    {"lv_image_synced", "ImgSynced", FK_BIN, RT_LV, 10, get_bin_unset},
    {"lv_merging", "Merging", FK_BIN, RT_LV, 10, get_merging},
    {"lv_converting", "Converting", FK_BIN, RT_LV, 0, get_bin_unset},
    {"lv_allocation_policy", "AllocPol", FK_STR, RT_LV, 10, get_alloc_policy},
    {"lv_allocation_locked", "AllocLock", FK_BIN, RT_LV, 10, get_bin_unset},
    {"lv_fixed_minor", "FixMin", FK_BIN, RT_LV, 10, get_fixed_minor},
    {"lv_skip_activation", "SkipAct", FK_BIN, RT_LV, 15, get_skip_activation},
    {"lv_autoactivation", "AutoAct", FK_BIN, RT_LV, 0, get_lv_autoactivation},
    {"lv_when_full", "WhenFull", FK_STR, RT_LV, 15, get_blank},
    {"lv_active", "Active", FK_STR, RT_LV, 0, get_active},
    {"lv_active_locally", "ActLocal", FK_BIN, RT_LV, 10, get_active_locally},
    {"lv_active_remotely", "ActRemote", FK_BIN, RT_LV, 10, get_bin_unset},
    {"lv_active_exclusively", "ActExcl", FK_BIN, RT_LV, 10, get_active_exclusively},
    {"lv_major", "Maj", FK_SNUM, RT_LV, 0, get_major},
    {"lv_minor", "Min", FK_SNUM, RT_LV, 0, get_minor},
    {"lv_read_ahead", "Rahead", FK_SIZE, RT_LV, 0, get_read_ahead},
    {"lv_size", "LSize", FK_SIZE, RT_LV, 0, get_lv_size},
    {"lv_metadata_size", "MSize", FK_SIZE, RT_LV, 0, get_blank},
    {"seg_count", "#Seg", FK_NUM, RT_LV, 0, get_seg_count},
    {"origin", "Origin", FK_STR, RT_LV, 0, get_origin},
    {"origin_uuid", "Origin UUID", FK_STR, RT_LV, 38, get_origin_uuid},
    {"origin_size", "OSize", FK_SIZE, RT_LV, 0, get_origin_size},
    {"lv_ancestors", "Ancestors", FK_STRLIST, RT_LV, 0, get_ancestors},
    {"lv_full_ancestors", "FAncestors", FK_STRLIST, RT_LV, 0, get_ancestors},
    {"lv_descendants", "Descendants", FK_STRLIST, RT_LV, 0, get_descendants},
    {"lv_full_descendants", "FDescendants", FK_STRLIST, RT_LV, 0, get_descendants},
    {"raid_mismatch_count", "Mismatches", FK_NUM, RT_LV, 0, get_blank},
    {"raid_sync_action", "SyncAction", FK_STR, RT_LV, 0, get_blank},
    {"raid_write_behind", "WBehind", FK_NUM, RT_LV, 0, get_blank},
    {"raid_min_recovery_rate", "MinSync", FK_NUM, RT_LV, 0, get_blank},
    {"raid_max_recovery_rate", "MaxSync", FK_NUM, RT_LV, 0, get_blank},
    {"raidintegritymode", "IntegMode", FK_STR, RT_LV, 0, get_blank},
    {"raidintegrityblocksize", "IntegBlkSize", FK_NUM, RT_LV, 0, get_minus1},
    {"integritymismatches", "IntegMismatches", FK_NUM, RT_LV, 0, get_blank},
    {"move_pv", "Move", FK_STR, RT_LV, 0, get_blank},
    {"move_pv_uuid", "Move UUID", FK_STR, RT_LV, 38, get_blank},
    {"convert_lv", "Convert", FK_STR, RT_LV, 0, get_blank},
    {"convert_lv_uuid", "Convert UUID", FK_STR, RT_LV, 38, get_blank},
    {"mirror_log", "Log", FK_STR, RT_LV, 0, get_blank},
    {"mirror_log_uuid", "Log UUID", FK_STR, RT_LV, 38, get_blank},
    {"data_lv", "Data", FK_STR, RT_LV, 0, get_blank},
    {"data_lv_uuid", "Data UUID", FK_STR, RT_LV, 38, get_blank},
    {"metadata_lv", "Meta", FK_STR, RT_LV, 0, get_blank},
    {"metadata_lv_uuid", "Meta UUID", FK_STR, RT_LV, 38, get_blank},
    {"pool_lv", "Pool", FK_STR, RT_LV, 0, get_blank},
    {"pool_lv_uuid", "Pool UUID", FK_STR, RT_LV, 38, get_blank},
    {"lv_tags", "LV Tags", FK_STRLIST, RT_LV, 0, get_lv_tags},
    {"lv_profile", "LProfile", FK_STR, RT_LV, 0, get_blank},
    {"lv_lockargs", "LLockArgs", FK_STR, RT_LV, 0, get_lv_lockargs},
    {"lv_time", "CTime", FK_TIME, RT_LV, 26, get_lv_time},
    {"lv_time_removed", "RTime", FK_TIME, RT_LV, 26, get_blank},
    {"lv_host", "Host", FK_STR, RT_LV, 10, get_lv_host},
    {"lv_modules", "Modules", FK_STRLIST, RT_LV, 0, get_modules},
    {"lv_historical", "Historical", FK_BIN, RT_LV, 0, get_bin_unset},
    {"writecache_block_size", "WCacheBlkSize", FK_NUM, RT_LV, 0, get_minus1},
    {"lv_kernel_major", "KMaj", FK_SNUM, RT_LV, 0, get_kernel_major},
    {"lv_kernel_minor", "KMin", FK_SNUM, RT_LV, 0, get_kernel_minor},
    {"lv_kernel_read_ahead", "KRahead", FK_SIZE, RT_LV, 0, get_kernel_read_ahead},
    {"lv_permissions", "LPerms", FK_STR, RT_LV, 8, get_permissions},
    {"lv_suspended", "Suspended", FK_BIN, RT_LV, 10, get_suspended},
    {"lv_live_table", "LiveTable", FK_BIN, RT_LV, 20, get_live_table},
    {"lv_inactive_table", "InactiveTable", FK_BIN, RT_LV, 20, get_inactive_table},
    {"lv_device_open", "DevOpen", FK_BIN, RT_LV, 10, get_device_open},
    {"data_percent", "Data%", FK_PCT, RT_LV, 6, get_snap_percent},
    {"snap_percent", "Snap%", FK_PCT, RT_LV, 6, get_snap_percent},
    {"metadata_percent", "Meta%", FK_PCT, RT_LV, 6, get_blank},
    {"copy_percent", "Cpy%Sync", FK_PCT, RT_LV, 0, get_blank},
    {"sync_percent", "Cpy%Sync", FK_PCT, RT_LV, 0, get_blank},
    {"cache_total_blocks", "CacheTotalBlocks", FK_NUM, RT_LV, 0, get_blank},
    {"cache_used_blocks", "CacheUsedBlocks", FK_NUM, RT_LV, 16, get_blank},
    {"cache_dirty_blocks", "CacheDirtyBlocks", FK_NUM, RT_LV, 0, get_blank},
    {"cache_read_hits", "CacheReadHits", FK_NUM, RT_LV, 16, get_blank},
    {"cache_read_misses", "CacheReadMisses", FK_NUM, RT_LV, 16, get_blank},
    {"cache_write_hits", "CacheWriteHits", FK_NUM, RT_LV, 16, get_blank},
    {"cache_write_misses", "CacheWriteMisses", FK_NUM, RT_LV, 0, get_blank},
    {"kernel_cache_settings", "KCacheSettings", FK_STRLIST, RT_LV, 18, get_blank},
    {"kernel_cache_policy", "KCachePolicy", FK_STR, RT_LV, 18, get_blank},
    {"kernel_metadata_format", "KMFmt", FK_NUM, RT_LV, 0, get_blank},
    {"lv_health_status", "Health", FK_STR, RT_LV, 15, get_health},
    {"kernel_discards", "KDiscards", FK_STR, RT_LV, 0, get_blank},
    {"lv_check_needed", "CheckNeeded", FK_BIN, RT_LV, 15, get_unknown},
    {"lv_merge_failed", "MergeFailed", FK_BIN, RT_LV, 15, get_merge_failed},
    {"lv_snapshot_invalid", "SnapInvalid", FK_BIN, RT_LV, 15, get_snapshot_invalid},
    {"vdo_operating_mode", "VDOOperatingMode", FK_STR, RT_LV, 0, get_blank},
    {"vdo_compression_state", "VDOCompressionState", FK_STR, RT_LV, 0, get_blank},
    {"vdo_index_state", "VDOIndexState", FK_STR, RT_LV, 0, get_blank},
    {"vdo_used_size", "VDOUsedSize", FK_NUM, RT_LV, 0, get_blank},
    {"vdo_saving_percent", "VDOSaving%", FK_NUM, RT_LV, 0, get_blank},
    {"writecache_total_blocks", "WCacheTotalBlocks", FK_NUM, RT_LV, 0, get_blank},
    {"writecache_free_blocks", "WCacheFreeBlocks", FK_NUM, RT_LV, 0, get_blank},
    {"writecache_writeback_blocks", "WCacheWritebackBlocks", FK_NUM, RT_LV, 0, get_blank},
    {"writecache_error", "WCacheErrors", FK_NUM, RT_LV, 0, get_blank},
    {"lv_attr", "Attr", FK_STR, RT_LV, 0, get_lv_attr},
    {"pv_fmt", "Fmt", FK_STR, RT_LABEL, 0, get_pv_fmt},
    {"pv_uuid", "PV UUID", FK_STR, RT_LABEL, 38, get_pv_uuid},
    {"dev_size", "DevSize", FK_SIZE, RT_LABEL, 0, get_dev_size},
    {"pv_name", "PV", FK_STR, RT_LABEL, 10, get_pv_name},
    {"pv_major", "Maj", FK_STR, RT_LABEL, 0, get_pv_major},
    {"pv_minor", "Min", FK_STR, RT_LABEL, 0, get_pv_minor},
    {"pv_mda_free", "PMdaFree", FK_SIZE, RT_LABEL, 9, get_pv_mda_free},
    {"pv_mda_size", "PMdaSize", FK_SIZE, RT_LABEL, 9, get_pv_mda_size},
    {"pv_ext_vsn", "PExtVsn", FK_NUM, RT_LABEL, 0, get_pv_ext_vsn},
    {"pe_start", "1st PE", FK_SIZE, RT_PV, 7, get_pe_start},
    {"pv_size", "PSize", FK_SIZE, RT_PV, 0, get_pv_size},
    {"pv_free", "PFree", FK_SIZE, RT_PV, 0, get_pv_free},
    {"pv_used", "Used", FK_SIZE, RT_PV, 0, get_pv_used},
    {"pv_attr", "Attr", FK_STR, RT_PV, 0, get_pv_attr},
    {"pv_allocatable", "Allocatable", FK_BIN, RT_PV, 0, get_pv_allocatable},
    {"pv_exported", "Exported", FK_BIN, RT_PV, 10, get_pv_exported},
    {"pv_missing", "Missing", FK_BIN, RT_PV, 10, get_pv_missing},
    {"pv_pe_count", "PE", FK_NUM, RT_PV, 3, get_pv_pe_count},
    {"pv_pe_alloc_count", "Alloc", FK_NUM, RT_PV, 0, get_pv_pe_alloc_count},
    {"pv_tags", "PV Tags", FK_STRLIST, RT_PV, 0, get_pv_tags},
    {"pv_mda_count", "#PMda", FK_NUM, RT_PV, 0, get_pv_mda_count},
    {"pv_mda_used_count", "#PMdaUse", FK_NUM, RT_PV, 0, get_pv_mda_used_count},
    {"pv_ba_start", "BA Start", FK_SIZE, RT_PV, 0, get_pv_ba_start},
    {"pv_ba_size", "BA Size", FK_SIZE, RT_PV, 0, get_pv_ba_size},
    {"pv_in_use", "PInUse", FK_BIN, RT_PV, 0, get_pv_in_use},
    {"pv_duplicate", "Duplicate", FK_BIN, RT_PV, 0, get_bin_unset},
    {"pv_device_id", "DeviceID", FK_STR, RT_PV, 0, get_pv_device_id},
    {"pv_device_id_type", "DeviceIDType", FK_STR, RT_PV, 0, get_pv_device_id_type},
    {"vg_fmt", "Fmt", FK_STR, RT_VG, 0, get_fmt},
    {"vg_uuid", "VG UUID", FK_STR, RT_VG, 38, get_vg_uuid},
    {"vg_name", "VG", FK_STR, RT_VG, 0, get_vg_name},
    {"vg_attr", "Attr", FK_STR, RT_VG, 5, get_vg_attr},
    {"vg_permissions", "VPerms", FK_STR, RT_VG, 10, get_vg_permissions},
    {"vg_extendable", "Extendable", FK_BIN, RT_VG, 0, get_vg_extendable},
    {"vg_exported", "Exported", FK_BIN, RT_VG, 10, get_vg_exported},
    {"vg_autoactivation", "AutoAct", FK_BIN, RT_VG, 0, get_vg_autoactivation},
    {"vg_partial", "Partial", FK_BIN, RT_VG, 10, get_vg_partial},
    {"vg_allocation_policy", "AllocPol", FK_STR, RT_VG, 10, get_vg_allocation_policy},
    {"vg_clustered", "Clustered", FK_BIN, RT_VG, 10, get_bin_unset},
    {"vg_shared", "Shared", FK_BIN, RT_VG, 7, get_vg_shared},
    {"vg_size", "VSize", FK_SIZE, RT_VG, 0, get_vg_size},
    {"vg_free", "VFree", FK_SIZE, RT_VG, 0, get_vg_free},
    {"vg_sysid", "SYS ID", FK_STR, RT_VG, 0, get_vg_systemid},
    {"vg_systemid", "System ID", FK_STR, RT_VG, 0, get_vg_systemid},
    {"vg_lock_type", "LockType", FK_STR, RT_VG, 0, get_vg_lock_type},
    {"vg_lock_args", "VLockArgs", FK_STR, RT_VG, 0, get_vg_lock_args},
    {"vg_extent_size", "Ext", FK_SIZE, RT_VG, 0, get_vg_extent_size},
    {"vg_extent_count", "#Ext", FK_NUM, RT_VG, 0, get_vg_extent_count},
    {"vg_free_count", "Free", FK_NUM, RT_VG, 0, get_vg_free_count},
    {"max_lv", "MaxLV", FK_NUM, RT_VG, 0, get_max_lv},
    {"max_pv", "MaxPV", FK_NUM, RT_VG, 0, get_max_pv},
    {"pv_count", "#PV", FK_NUM, RT_VG, 0, get_pv_count},
    {"vg_missing_pv_count", "#PV Missing", FK_NUM, RT_VG, 0, get_vg_missing_pv_count},
    {"lv_count", "#LV", FK_NUM, RT_VG, 0, get_lv_count},
    {"snap_count", "#SN", FK_NUM, RT_VG, 0, get_snap_count},
    {"vg_seqno", "Seq", FK_NUM, RT_VG, 0, get_vg_seqno},
    {"vg_tags", "VG Tags", FK_STRLIST, RT_VG, 0, get_vg_tags},
    {"vg_profile", "VProfile", FK_STR, RT_VG, 0, get_blank},
    {"vg_mda_count", "#VMda", FK_NUM, RT_VG, 0, get_vg_mda_count},
    {"vg_mda_used_count", "#VMdaUse", FK_NUM, RT_VG, 0, get_vg_mda_used_count},
    {"vg_mda_free", "VMdaFree", FK_SIZE, RT_VG, 9, get_vg_mda_free},
    {"vg_mda_size", "VMdaSize", FK_SIZE, RT_VG, 9, get_vg_mda_size},
    {"vg_mda_copies", "#VMdaCps", FK_NUM, RT_VG, 0, get_vg_mda_copies},
    {"segtype", "Type", FK_STR, RT_SEG, 0, get_segtype},
    {"stripes", "#Str", FK_NUM, RT_SEG, 0, get_stripes},
    {"data_stripes", "#DStr", FK_NUM, RT_SEG, 0, get_stripes},
    {"reshape_len", "RSize", FK_SIZE, RT_SEG, 0, get_blank},
    {"reshape_len_le", "RSize", FK_NUM, RT_SEG, 0, get_blank},
    {"data_copies", "#Cpy", FK_NUM, RT_SEG, 0, get_data_copies},
    {"data_offset", "DOff", FK_NUM, RT_SEG, 0, get_blank},
    {"new_data_offset", "NOff", FK_NUM, RT_SEG, 0, get_blank},
    {"parity_chunks", "#Par", FK_NUM, RT_SEG, 0, get_blank},
    {"stripe_size", "Stripe", FK_SIZE, RT_SEG, 0, get_stripe_size},
    {"region_size", "Region", FK_SIZE, RT_SEG, 0, get_zero_size},
    {"chunk_size", "Chunk", FK_SIZE, RT_SEG, 0, get_chunk_size},
    {"thin_count", "#Thins", FK_NUM, RT_SEG, 0, get_blank},
    {"discards", "Discards", FK_STR, RT_SEG, 0, get_blank},
    {"cache_metadata_format", "CMFmt", FK_NUM, RT_SEG, 0, get_blank},
    {"cache_mode", "CacheMode", FK_STR, RT_SEG, 0, get_blank},
    {"zero", "Zero", FK_BIN, RT_SEG, 0, get_unknown},
    {"transaction_id", "TransId", FK_NUM, RT_SEG, 0, get_blank},
    {"thin_id", "ThId", FK_NUM, RT_SEG, 0, get_blank},
    {"seg_start", "Start", FK_SIZE, RT_SEG, 0, get_seg_start},
    {"seg_start_pe", "Start", FK_NUM, RT_SEG, 0, get_seg_start_pe},
    {"seg_size", "SSize", FK_SIZE, RT_SEG, 0, get_seg_size},
    {"seg_size_pe", "SSize", FK_NUM, RT_SEG, 0, get_seg_size_pe},
    {"seg_tags", "Seg Tags", FK_STRLIST, RT_SEG, 0, get_blank},
    {"seg_pe_ranges", "PE Ranges", FK_STRLIST, RT_SEG, 0, get_seg_pe_ranges},
    {"seg_le_ranges", "LE Ranges", FK_STRLIST, RT_SEG, 0, get_seg_le_ranges},
    {"seg_metadata_le_ranges", "Metadata LE Ranges", FK_STRLIST, RT_SEG, 0, get_blank},
    {"devices", "Devices", FK_STRLIST, RT_SEG, 0, get_devices},
    {"metadata_devices", "Metadata Devs", FK_STRLIST, RT_SEG, 0, get_blank},
    {"seg_monitor", "Monitor", FK_STR, RT_SEG, 0, get_blank},
    {"cache_policy", "CachePolicy", FK_STR, RT_SEG, 0, get_blank},
    {"cache_settings", "CacheSettings", FK_STRLIST, RT_SEG, 0, get_blank},
    {"vdo_compression", "VDOCompression", FK_BIN, RT_SEG, 0, get_blank},
    {"vdo_deduplication", "VDODeduplication", FK_BIN, RT_SEG, 0, get_blank},
    {"vdo_use_metadata_hints", "VDOMetadataHints", FK_BIN, RT_SEG, 0, get_blank},
    {"vdo_minimum_io_size", "VDOMinimumIOSize", FK_NUM, RT_SEG, 0, get_blank},
    {"vdo_block_map_cache_size", "VDOBlockMapCacheSize", FK_SIZE, RT_SEG, 0, get_blank},
    {"vdo_block_map_era_length", "VDOBlockMapEraLength", FK_NUM, RT_SEG, 0, get_blank},
    {"vdo_use_sparse_index", "VDOSparseIndex", FK_BIN, RT_SEG, 0, get_blank},
    {"vdo_index_memory_size", "VDOIndexMemorySize", FK_SIZE, RT_SEG, 0, get_blank},
    {"vdo_slab_size", "VDOSlabSize", FK_SIZE, RT_SEG, 0, get_blank},
    {"vdo_ack_threads", "VDOAckThreads", FK_NUM, RT_SEG, 0, get_blank},
    {"vdo_bio_threads", "VDOBioThreads", FK_NUM, RT_SEG, 0, get_blank},
    {"vdo_bio_rotation", "VDOBioRotation", FK_NUM, RT_SEG, 0, get_blank},
    {"vdo_cpu_threads", "VDOCPUThreads", FK_NUM, RT_SEG, 0, get_blank},
    {"vdo_hash_zone_threads", "VDOHashZoneThreads", FK_NUM, RT_SEG, 0, get_blank},
    {"vdo_logical_threads", "VDOLogicalThreads", FK_NUM, RT_SEG, 0, get_blank},
    {"vdo_physical_threads", "VDOPhysicalThreads", FK_NUM, RT_SEG, 0, get_blank},
    {"vdo_max_discard", "VDOMaxDiscard", FK_NUM, RT_SEG, 0, get_blank},
    {"vdo_write_policy", "VDOWritePolicy", FK_STR, RT_SEG, 0, get_blank},
    {"vdo_header_size", "VDOHeaderSize", FK_SIZE, RT_SEG, 0, get_blank},
    {"pvseg_start", "Start", FK_NUM, RT_PVSEG, 0, get_pvseg_start},
    {"pvseg_size", "SSize", FK_NUM, RT_PVSEG, 0, get_pvseg_size},
    /* lvm2's implicit field: the engine fills it in (whether the row
     * passes -S); of no report type, so no "all" lists it */
    {"selected", "Selected", FK_NUM, 0, 0, NULL},
};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

/* -o help's sections, as lvm2 groups its fields (the LV fields by what
 * they need: metadata, the kernel's device info, its status, both). */
static const struct report_section sections[] = {
    {"lv_uuid", "Logical Volume", "lv_"},
    {"lv_kernel_major", "Logical Volume Device Info", "lv_"},
    {"data_percent", "Logical Volume Device Status", "lv_"},
    {"lv_attr", "Logical Volume Device Info and Status Combined", "lv_"},
    {"pv_fmt", "Physical Volume Label", "pv_"},
    {"pe_start", "Physical Volume", "pv_"},
    {"vg_fmt", "Volume Group", "vg_"},
    {"segtype", "Logical Volume Segment", "seg_"},
    {"pvseg_start", "Physical Volume Segment", "pvseg_"},
};
#define HELP sections, sizeof(sections) / sizeof(sections[0]), field_help

const struct report_spec lvs_spec = {
    fields,
    N_FIELDS,
    "lv",
    "lv_",
    RT_LV,
    RT_LV,
    "lv_name,vg_name,lv_attr,lv_size,pool_lv,origin,data_percent,metadata_percent,move_pv,"
    "mirror_log,copy_percent,convert_lv",
    "vg_name,lv_name",
    HELP,
};

/* lvs --segments: a row per LV segment even for LV fields only, field
 * names completed with "seg_" (so "-o name" is unknown, as in lvm2). */
const struct report_spec lvsegs_spec = {
    fields,
    N_FIELDS,
    "seg",
    "seg_",
    RT_SEG,
    RT_SEG,
    "lv_name,vg_name,lv_attr,stripes,segtype,seg_size",
    "vg_name,lv_name,seg_start",
    HELP,
};

const struct report_spec vgs_spec = {
    fields,
    N_FIELDS,
    "vg",
    "vg_",
    RT_VG,
    RT_VG,
    "vg_name,pv_count,lv_count,snap_count,vg_attr,vg_size,vg_free",
    "vg_name",
    HELP,
};

const struct report_spec pvs_spec = {
    fields,
    N_FIELDS,
    "pv",
    "pv_",
    RT_LABEL,
    RT_LABEL | RT_PV,
    "pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free",
    "pv_name",
    HELP,
};

/* pvs --segments: a row per PV segment, free ones included. */
const struct report_spec pvsegs_spec = {
    fields,
    N_FIELDS,
    "pvseg",
    "pvseg_",
    RT_PVSEG,
    RT_PVSEG,
    "pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free,pvseg_start,pvseg_size",
    "pv_name,pvseg_start",
    HELP,
};

/* lvm fullreport's five subreports, with the defaults of lvm2's report/vgs_cols_full,
 * vgs_sort_full and their kin: everything of each kind, segments by uuid. */
const struct report_spec vgs_full_spec = {
    fields, N_FIELDS, "vg", "vg_", RT_VG, RT_VG, "vg_all", "vg_name", HELP,
};
const struct report_spec pvs_full_spec = {
    fields, N_FIELDS, "pv", "pv_", RT_LABEL, RT_LABEL | RT_PV, "pv_all", "pv_name", HELP,
};
const struct report_spec lvs_full_spec = {
    fields, N_FIELDS, "lv", "lv_", RT_LV, RT_LV, "lv_all", "vg_name,lv_name", HELP,
};
const struct report_spec pvsegs_full_spec = {
    fields,
    N_FIELDS,
    "pvseg",
    "pvseg_",
    RT_PVSEG,
    RT_PVSEG,
    "pvseg_all,pv_uuid,lv_uuid",
    "pv_uuid,pvseg_start",
    HELP,
};
const struct report_spec segs_full_spec = {
    fields, N_FIELDS, "seg", "seg_", RT_SEG, RT_SEG, "seg_all,lv_uuid", "lv_uuid,seg_start", HELP,
};

int report_types_clash(unsigned types, unsigned base)
{
	unsigned t = types | base;

	if (t & RT_SEG)
		t |= RT_LV;
	if (t & RT_PVSEG)
		t |= RT_PV;
	/* pvs (and pvs --segments) make a row per PV segment instead */
	return (t & RT_LV) && (t & (RT_PV | RT_LABEL)) && base != RT_LABEL && base != RT_PVSEG;
}

int report_row_type(unsigned types, unsigned base, unsigned *out)
{
	const unsigned lv = RT_LV, pv = RT_PV | RT_LABEL;
	unsigned t = types | base;

	if (t & RT_SEG)
		t |= RT_LV;
	if (t & RT_PVSEG)
		t |= RT_PV;
	if (report_types_clash(types, base)) {
		log_error("Can't report LV and PV fields at the same time in report type \"%s\".",
		          base == RT_LV    ? "lv"
		          : base == RT_SEG ? "seg"
		                           : "vg");
		return -1;
	}
	if ((t & RT_PVSEG) || ((t & pv) && (t & lv)))
		*out = RT_PVSEG;
	else if ((t & RT_PV) || ((t & RT_LABEL) && (t & RT_VG)))
		*out = RT_PV;
	else if (t & RT_SEG)
		*out = RT_SEG;
	else if (t & RT_LV)
		*out = RT_LV;
	else
		*out = base;
	return 0;
}

void report_add_vg(struct report *r, const struct report_ctx *ctx, const struct vg *vg)
{
	struct report_object o = {ctx, vg, NULL, NULL, NULL, NULL, NULL, NULL, 0};

	report_add_row(r, &o);
}

void report_add_lv(struct report *r, const struct report_ctx *ctx, unsigned type,
                   const struct vg *vg, const struct lv *lv)
{
	struct lv_kstate ks;
	struct report_object o = {ctx, vg, lv, NULL, NULL, NULL, NULL, &ks, 0};

	o.state_unknown = report_lv_state(ctx, vg, lv, &ks) != 0;
	if (type != RT_SEG) {
		report_add_row(r, &o);
		return;
	}
	for (size_t i = 0; i < lv->n_segs; i++) {
		o.seg = &lv->segs[i];
		report_add_row(r, &o);
	}
}

void report_add_pv(struct report *r, const struct report_ctx *ctx, unsigned type,
                   const struct vg *vg, const struct pv *pv, const struct pv_disk *pd)
{
	struct report_object o = {ctx, vg, NULL, NULL, pv, pd, NULL, NULL, 0};
	/* lvm2's nameless LV and "free" segment for free PV segments */
	struct lv free_lv = {.name = "", .status = LV_VISIBLE, .major = -1, .minor = -1};
	struct segment free_seg = {.type = SEG_UNKNOWN, .type_name = "free"};
	struct lv_kstate ks;
	struct pvseg none = {0, 0, NULL, NULL}, *segs;
	size_t n;

	if (type != RT_PVSEG) {
		report_add_row(r, &o);
		return;
	}
	/* A PV without extents still has one (empty, free) row. */
	n = pv_segments(vg, pv, &segs);
	for (size_t i = 0; i < (n ? n : 1); i++) {
		const struct pvseg *ps = n ? &segs[i] : &none;

		o.pvseg = ps;
		o.ks = &ks;
		if (ps->lv) {
			o.lv = ps->lv;
			o.seg = ps->seg;
			o.state_unknown = report_lv_state(ctx, vg, ps->lv, &ks) != 0;
		} else {
			free_seg.len = ps->len;
			o.lv = &free_lv;
			o.seg = &free_seg;
			o.state_unknown = report_lv_state(ctx, vg, NULL, &ks) != 0;
		}
		report_add_row(r, &o);
	}
	free(segs);
}

int report_select_lv(struct selection *s, const struct report_ctx *ctx, const struct vg *vg,
                     const struct lv *lv)
{
	struct lv_kstate ks;
	struct report_object o = {ctx, vg, lv, NULL, NULL, NULL, NULL, &ks, 0};

	if (!s)
		return 1;
	o.state_unknown = report_lv_state(ctx, vg, lv, &ks) != 0;
	if (!(selection_types(s) & RT_SEG))
		return selection_match(s, &o);
	for (size_t i = 0; i < lv->n_segs; i++) {
		o.seg = &lv->segs[i];
		if (selection_match(s, &o))
			return 1;
	}
	return 0;
}

int report_select_vg(struct selection *s, const struct report_ctx *ctx, const struct vg *vg)
{
	struct report_object o = {ctx, vg, NULL, NULL, NULL, NULL, NULL, NULL, 0};
	unsigned types = selection_types(s);

	if (!s)
		return 1;
	if (types & (RT_LV | RT_SEG)) {
		for (size_t i = 0; i < vg->n_lvs; i++)
			if (report_lv_listed(vg, vg->lvs[i], 0) &&
			    report_select_lv(s, ctx, vg, vg->lvs[i]))
				return 1;
		return 0;
	}
	if (types & (RT_PV | RT_LABEL | RT_PVSEG)) {
		for (size_t i = 0; i < vg->n_pvs; i++)
			if (report_select_pv(s, ctx, vg, vg->pvs[i],
			                     scan_find_pv_id(ctx->scan, vg->pvs[i]->id)))
				return 1;
		return 0;
	}
	return selection_match(s, &o);
}

int report_select_pv(struct selection *s, const struct report_ctx *ctx, const struct vg *vg,
                     const struct pv *pv, const struct pv_disk *pd)
{
	struct report_object o = {ctx, vg, NULL, NULL, pv, pd, NULL, NULL, 0};
	struct pvseg *segs;
	size_t n;
	int r = 0;

	if (!s)
		return 1;
	if (!(selection_types(s) & (RT_PVSEG | RT_LV | RT_SEG)))
		return selection_match(s, &o);
	/* through the rows pvs would make, free segments included */
	n = pv_segments(vg, pv, &segs);
	for (size_t i = 0; i < n && !r; i++) {
		struct lv_kstate ks;
		struct lv free_lv = {.name = "", .status = LV_VISIBLE, .major = -1, .minor = -1};
		struct segment free_seg = {.type = SEG_UNKNOWN, .type_name = "free"};

		o.pvseg = &segs[i];
		o.ks = &ks;
		if (segs[i].lv) {
			o.lv = segs[i].lv;
			o.seg = segs[i].seg;
		} else {
			free_seg.len = segs[i].len;
			o.lv = &free_lv;
			o.seg = &free_seg;
		}
		o.state_unknown = report_lv_state(ctx, vg, segs[i].lv, &ks) != 0;
		r = selection_match(s, &o);
	}
	free(segs);
	return r;
}
