/* The VG model: construction, lookup, removal and extent accounting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metadata/metadata.h"
#include "misc/hash.h"
#include "misc/xalloc.h"

/* The lookups are made on first use, so that a VG built by hand (an empty
 * orphan VG in a report) needs none. */
static void index_put(struct hash **h, const char *key, void *val)
{
	if (!*h)
		*h = hash_new();
	hash_put(*h, key, val);
}

static void *index_get(const struct hash *h, const char *key)
{
	return h ? hash_get(h, key) : NULL;
}

static void index_del(struct hash *h, const char *key, const void *val)
{
	if (h)
		hash_del(h, key, val);
}

struct vg *vg_new(const char *name, uint32_t extent_size)
{
	struct vg *vg = xcalloc(1, sizeof(*vg));
	vg->name = xstrdup(name);
	vg->extent_size = extent_size;
	vg->status = VG_READ | VG_WRITE | VG_RESIZEABLE;
	return vg;
}

void tag_list_add(struct tag_list *tl, const char *tag)
{
	tl->tags = xrealloc(tl->tags, (tl->n + 1) * sizeof(*tl->tags));
	tl->tags[tl->n++] = xstrdup(tag);
}

void tag_list_free(struct tag_list *tl)
{
	for (size_t i = 0; i < tl->n; i++)
		free(tl->tags[i]);
	free(tl->tags);
	tl->tags = NULL;
	tl->n = 0;
}

int tag_list_has(const struct tag_list *tl, const char *tag)
{
	for (size_t i = 0; i < tl->n; i++)
		if (!strcmp(tl->tags[i], tag))
			return 1;
	return 0;
}

int tag_list_has_any(const struct tag_list *tl, char *const *tags, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tag_list_has(tl, tags[i]))
			return 1;
	return 0;
}

int tag_list_add_new(struct tag_list *tl, const char *tag)
{
	if (tag_list_has(tl, tag))
		return 0;
	tag_list_add(tl, tag);
	return 1;
}

int tag_list_del(struct tag_list *tl, const char *tag)
{
	for (size_t i = 0; i < tl->n; i++)
		if (!strcmp(tl->tags[i], tag)) {
			free(tl->tags[i]);
			/* keep the others' order: the text lists them as added */
			memmove(tl->tags + i, tl->tags + i + 1,
			        (tl->n - i - 1) * sizeof(*tl->tags));
			tl->n--;
			return 1;
		}
	return 0;
}

static void pv_free(struct pv *pv)
{
	free(pv->name);
	free(pv->device_hint);
	free(pv->dev_path);
	free(pv->device_id);
	free(pv->device_id_type);
	tag_list_free(&pv->tags);
	free(pv);
}

static void lv_free(struct lv *lv)
{
	for (size_t i = 0; i < lv->n_segs; i++) {
		free(lv->segs[i].areas);
		free(lv->segs[i].type_name);
	}
	free(lv->segs);
	free(lv->snapshots);
	free(lv->name);
	free(lv->creation_host);
	free(lv->allocation_policy);
	free(lv->lock_args);
	tag_list_free(&lv->tags);
	free(lv);
}

void vg_free(struct vg *vg)
{
	if (!vg)
		return;
	for (size_t i = 0; i < vg->n_lvs; i++)
		lv_free(vg->lvs[i]);
	for (size_t i = 0; i < vg->n_pvs; i++)
		pv_free(vg->pvs[i]);
	free(vg->lvs);
	free(vg->pvs);
	free(vg->name);
	free(vg->system_id);
	free(vg->lock_type);
	free(vg->lock_args);
	free(vg->allocation_policy);
	free(vg->read_only_reason);
	tag_list_free(&vg->tags);
	hash_free(vg->lv_by_name);
	hash_free(vg->lv_by_id);
	hash_free(vg->pv_by_id);
	free(vg);
}

struct pv *vg_find_pv_by_name(const struct vg *vg, const char *name)
{
	for (size_t i = 0; i < vg->n_pvs; i++)
		if (vg->pvs[i]->name && !strcmp(vg->pvs[i]->name, name))
			return vg->pvs[i];
	return NULL;
}

struct pv *vg_find_pv_by_id(const struct vg *vg, const char *id)
{
	return index_get(vg->pv_by_id, id);
}

struct pv *vg_find_pv_by_path(const struct vg *vg, const char *path)
{
	for (size_t i = 0; i < vg->n_pvs; i++)
		if (vg->pvs[i]->dev_path && !strcmp(vg->pvs[i]->dev_path, path))
			return vg->pvs[i];
	return NULL;
}

struct lv *vg_find_lv(const struct vg *vg, const char *name)
{
	return index_get(vg->lv_by_name, name);
}

struct lv *vg_find_lv_by_id(const struct vg *vg, const char *id)
{
	return index_get(vg->lv_by_id, id);
}

struct pv *vg_add_pv(struct vg *vg, const char *id, uint64_t dev_size, uint64_t pe_start,
                     uint32_t pe_count)
{
	struct pv *pv = xcalloc(1, sizeof(*pv));
	memcpy(pv->id, id, UUID_LEN);
	pv->id[UUID_LEN] = '\0';
	pv->dev_size = dev_size;
	pv->pe_start = pe_start;
	pv->pe_count = pe_count;
	pv->status = PV_ALLOCATABLE;
	vg->pvs = xrealloc(vg->pvs, (vg->n_pvs + 1) * sizeof(*vg->pvs));
	vg->pvs[vg->n_pvs++] = pv;
	index_put(&vg->pv_by_id, pv->id, pv);
	return pv;
}

struct lv *vg_add_lv(struct vg *vg, const char *name, const char *id)
{
	struct lv *lv = xcalloc(1, sizeof(*lv));
	lv->name = xstrdup(name);
	memcpy(lv->id, id, UUID_LEN);
	lv->id[UUID_LEN] = '\0';
	lv->status = LV_READ | LV_WRITE | LV_VISIBLE;
	lv->read_ahead = -2;
	lv->major = lv->minor = -1;
	/* The array doubles when n_lvs reaches a power of two, so its size
	 * is always at least the power of two at or above n_lvs (removals
	 * only shrink n_lvs): one realloc per LV was a quarter of adding ten
	 * thousand of them. */
	if (!(vg->n_lvs & (vg->n_lvs - 1)))
		vg->lvs = xrealloc(vg->lvs, (vg->n_lvs ? 2 * vg->n_lvs : 1) * sizeof(*vg->lvs));
	vg->lvs[vg->n_lvs++] = lv;
	index_put(&vg->lv_by_name, lv->name, lv);
	index_put(&vg->lv_by_id, lv->id, lv);
	return lv;
}

struct segment *lv_add_segment(struct lv *lv, enum seg_type type, uint32_t le, uint32_t len,
                               uint32_t stripe_count)
{
	struct segment *seg;
	/* moving the segments would leave the back links pointing nowhere */
	if (lv->n_segs && lv->segs[0].type == SEG_SNAPSHOT)
		fatal_bug("a second segment for snapshot %s", lv->name);
	lv->segs = xrealloc(lv->segs, (lv->n_segs + 1) * sizeof(*lv->segs));
	seg = &lv->segs[lv->n_segs++];
	memset(seg, 0, sizeof(*seg));
	seg->lv = lv;
	seg->type = type;
	seg->le = le;
	seg->len = len;
	if (type == SEG_STRIPED) {
		seg->stripe_count = stripe_count;
		seg->areas = xcalloc(stripe_count ? stripe_count : 1, sizeof(*seg->areas));
	}
	return seg;
}

void vg_link_snapshot(struct segment *seg, struct lv *origin, struct lv *cow)
{
	if (seg->type != SEG_SNAPSHOT || seg->origin || seg->cow)
		fatal_bug("linking a segment that is not a free snapshot segment");
	seg->origin = origin;
	seg->cow = cow;
	if (cow)
		cow->cow_of = seg;
	if (origin) {
		origin->snapshots =
		    xrealloc(origin->snapshots, (origin->n_snapshots + 1) * sizeof(seg));
		origin->snapshots[origin->n_snapshots++] = seg;
	}
}

/* Undo vg_link_snapshot for the snapshot segment of an LV going away. */
static void unlink_snapshot(struct segment *seg)
{
	struct lv *origin = seg->origin;
	if (seg->cow && seg->cow->cow_of == seg)
		seg->cow->cow_of = NULL;
	for (size_t i = 0; origin && i < origin->n_snapshots; i++)
		if (origin->snapshots[i] == seg) {
			memmove(&origin->snapshots[i], &origin->snapshots[i + 1],
			        (origin->n_snapshots - i - 1) * sizeof(seg));
			origin->n_snapshots--;
			break;
		}
	seg->origin = seg->cow = NULL;
}

void vg_remove_lv(struct vg *vg, struct lv *lv)
{
	for (size_t i = 0; i < vg->n_lvs; i++) {
		struct segment *snap;
		if (vg->lvs[i] != lv)
			continue;
		if ((snap = lv_snapshot_segment(lv)))
			unlink_snapshot(snap);
		index_del(vg->lv_by_name, lv->name, lv);
		index_del(vg->lv_by_id, lv->id, lv);
		memmove(&vg->lvs[i], &vg->lvs[i + 1], (vg->n_lvs - i - 1) * sizeof(*vg->lvs));
		vg->n_lvs--;
		lv_free(lv);
		return;
	}
}

void vg_rename_lv(struct vg *vg, struct lv *lv, const char *name)
{
	char *copy = xstrdup(name);
	index_del(vg->lv_by_name, lv->name, lv);
	free(lv->name);
	lv->name = copy;
	index_put(&vg->lv_by_name, lv->name, lv);
}

void vg_set_pv_id(struct vg *vg, struct pv *pv, const char *id)
{
	index_del(vg->pv_by_id, pv->id, pv);
	memcpy(pv->id, id, UUID_LEN);
	pv->id[UUID_LEN] = '\0';
	index_put(&vg->pv_by_id, pv->id, pv);
}

void vg_remove_pv(struct vg *vg, struct pv *pv)
{
	for (size_t i = 0; i < vg->n_pvs; i++) {
		if (vg->pvs[i] != pv)
			continue;
		index_del(vg->pv_by_id, pv->id, pv);
		memmove(&vg->pvs[i], &vg->pvs[i + 1], (vg->n_pvs - i - 1) * sizeof(*vg->pvs));
		vg->n_pvs--;
		pv_free(pv);
		return;
	}
}

uint32_t lv_extents(const struct lv *lv)
{
	uint32_t n = 0;
	for (size_t i = 0; i < lv->n_segs; i++)
		n += lv->segs[i].len;
	return n;
}

/* Call `fn` for each run of `pv` that a striped segment uses, in LV and
 * segment order.  A stripe area of a segment with k stripes covers
 * len / k extents of its PV.  The one walk over a PV's users. */
static void walk_pv_uses(const struct vg *vg, const struct pv *pv,
                         void (*fn)(void *ctx, const struct pv_use *use), void *ctx)
{
	for (size_t l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		for (size_t s = 0; s < lv->n_segs; s++) {
			const struct segment *seg = &lv->segs[s];
			if (seg->type != SEG_STRIPED || !seg->stripe_count)
				continue;
			for (uint32_t a = 0; a < seg->stripe_count; a++)
				if (seg->areas[a].pv == pv)
					fn(ctx,
					   &(struct pv_use){seg->areas[a].pe,
					                    seg->len / seg->stripe_count, lv, seg});
		}
	}
}

static void add_len(void *ctx, const struct pv_use *use)
{
	*(uint32_t *)ctx += use->len;
}

uint32_t pv_used_extents(const struct vg *vg, const struct pv *pv)
{
	uint32_t used = 0;
	walk_pv_uses(vg, pv, add_len, &used);
	return used;
}

uint32_t vg_extent_count(const struct vg *vg)
{
	uint32_t n = 0;
	for (size_t i = 0; i < vg->n_pvs; i++)
		n += vg->pvs[i]->pe_count;
	return n;
}

uint32_t vg_free_extents(const struct vg *vg)
{
	uint32_t n = 0;
	/* every PV counts, allocatable or not, as lvm2's VFree and %FREE */
	for (size_t i = 0; i < vg->n_pvs; i++)
		n += vg->pvs[i]->pe_count - pv_used_extents(vg, vg->pvs[i]);
	return n;
}

/* One count in extents of the old size, converted: 0, or -1 with *m
 * saying what does not convert (lvm2's _recalc_extents). */
static int convert_extents(uint64_t extents, uint32_t old_size, uint32_t new_size,
                           const char *name, const char *what, struct extent_misfit *m,
                           uint32_t *out)
{
	uint64_t sectors = extents * old_size;

	if (sectors % new_size || sectors / new_size > UINT32_MAX) {
		m->name = name;
		m->what = what;
		m->sectors = sectors;
		m->too_many = !(sectors % new_size);
		return -1;
	}
	if (out)
		*out = (uint32_t)(sectors / new_size);
	return 0;
}

int vg_set_extent_size(struct vg *vg, uint32_t new_size, struct extent_misfit *m)
{
	uint32_t old = vg->extent_size;

	memset(m, 0, sizeof(*m));
	if (new_size == old)
		return 0;
	if (new_size > old && ((uint64_t)vg_extent_count(vg) * old) % new_size)
		return EXTENT_NO_PERFECT_FIT;
	/* every count first, in lvm2's order, so that a misfit changes
	 * nothing; then the same walk again, converting */
	for (int apply = 0; apply < 2; apply++) {
		if (convert_extents(vg_extent_count(vg), old, new_size, vg->name, "", m, NULL) ||
		    convert_extents(vg_free_extents(vg), old, new_size, vg->name, " free space", m,
		                    NULL))
			return EXTENT_MISFIT;
		for (size_t i = 0; i < vg->n_pvs; i++) {
			struct pv *pv = vg->pvs[i];
			const char *name = pv->dev_path ? pv->dev_path : "[unknown]";
			if (convert_extents(pv_used_extents(vg, pv), old, new_size, name,
			                    " allocated space", m, NULL) ||
			    convert_extents(pv->pe_count, old, new_size, name, "", m,
			                    apply ? &pv->pe_count : NULL))
				return EXTENT_MISFIT;
		}
		for (size_t i = 0; i < vg->n_lvs; i++) {
			struct lv *lv = vg->lvs[i];
			if (convert_extents(lv_extents(lv), old, new_size, lv->name, "", m, NULL))
				return EXTENT_MISFIT;
			for (size_t k = 0; k < lv->n_segs; k++) {
				struct segment *seg = &lv->segs[k];
				uint32_t stripes = seg->type == SEG_STRIPED ? seg->stripe_count : 0;
				if (convert_extents(seg->le, old, new_size, lv->name, " segment start",
				                    m, apply ? &seg->le : NULL) ||
				    convert_extents(seg->len, old, new_size, lv->name, " segment length",
				                    m, NULL) ||
				    (stripes && convert_extents(seg->len / stripes, old, new_size,
				                                lv->name, " area length", m, NULL)))
					return EXTENT_MISFIT;
				if (apply)
					seg->len = (uint32_t)((uint64_t)seg->len * old / new_size);
				for (uint32_t a = 0; a < stripes; a++)
					if (convert_extents(seg->areas[a].pe, old, new_size, lv->name,
					                    " pvseg start", m,
					                    apply ? &seg->areas[a].pe : NULL))
						return EXTENT_MISFIT;
			}
		}
	}
	vg->extent_size = new_size;
	return 0;
}

struct segment *lv_snapshot_segment(const struct lv *lv)
{
	if (lv->n_segs == 1 && lv->segs[0].type == SEG_SNAPSHOT)
		return &lv->segs[0];
	return NULL;
}

struct segment *lv_cow_segment(const struct vg *vg, const struct lv *cow)
{
	(void)vg;
	return cow->cow_of;
}

int lv_is_cow(const struct vg *vg, const struct lv *lv)
{
	return lv_cow_segment(vg, lv) != NULL;
}

int lv_is_merging_cow(const struct vg *vg, const struct lv *lv)
{
	const struct segment *seg = lv_cow_segment(vg, lv);
	return seg && seg->merging;
}

size_t lv_snapshot_count(const struct vg *vg, const struct lv *origin)
{
	(void)vg;
	return origin->n_snapshots;
}

void vg_remove_snapshot(struct vg *vg, struct segment *seg)
{
	struct lv *snap = seg->lv, *cow = seg->cow;
	vg_remove_lv(vg, snap); /* frees seg */
	vg_remove_lv(vg, cow);
}

struct segment *lv_merging_segment(const struct vg *vg, const struct lv *origin)
{
	(void)vg;
	for (size_t i = 0; i < origin->n_snapshots; i++)
		if (origin->snapshots[i]->merging)
			return origin->snapshots[i];
	return NULL;
}

void vg_start_merge(struct vg *vg, struct segment *seg)
{
	(void)vg;
	seg->merging = 1;
	seg->lv->status &= ~(unsigned)LV_VISIBLE;
}

int lv_is_origin(const struct vg *vg, const struct lv *lv)
{
	return lv_snapshot_count(vg, lv) > 0;
}

int lv_is_visible(const struct lv *lv)
{
	return (lv->status & LV_VISIBLE) != 0;
}

int vg_shared(const struct vg *vg)
{
	const char *t = vg->lock_type;
	return t && (!strcmp(t, "sanlock") || !strcmp(t, "dlm") || !strcmp(t, "idm"));
}

/* lvm2 knows it by its name and its being hidden, nothing else */
int lv_is_lvmlock(const struct vg *vg, const struct lv *lv)
{
	return vg_shared(vg) && !lv_is_visible(lv) && !strcmp(lv->name, LVMLOCK_LV_NAME);
}

int lv_uses_lock(const struct vg *vg, const struct lv *lv)
{
	return vg_shared(vg) && lv_is_visible(lv) && !lv_snapshot_segment(lv) && !lv->cow_of;
}

int lv_is_virtual_origin(const struct vg *vg, const struct lv *lv)
{
	return lv_is_origin(vg, lv) && !lv_is_visible(lv);
}

struct lv *lv_virtual_origin_of(const struct vg *vg, const struct lv *lv)
{
	const struct segment *seg = lv_cow_segment(vg, lv);
	return seg && lv_is_virtual_origin(vg, seg->origin) ? seg->origin : NULL;
}

int lv_zero_layout_ok(const struct vg *vg, const struct lv *lv)
{
	size_t zeros = 0;
	for (size_t i = 0; i < lv->n_segs; i++)
		zeros += lv->segs[i].type == SEG_ZERO;
	if (lv_is_virtual_origin(vg, lv))
		return lv->n_segs && zeros == lv->n_segs;
	return !zeros;
}

int lv_is_user_visible(const struct vg *vg, const struct lv *lv)
{
	const struct segment *seg;
	if (lv_snapshot_segment(lv))
		return 0;
	seg = lv_cow_segment(vg, lv);
	/* (lvm2's order: a sparse snapshot is shown whatever else holds) */
	if (seg && lv_is_virtual_origin(vg, seg->origin))
		return 1;
	if (seg)
		return !seg->merging && lv_is_visible(seg->origin);
	return lv_is_visible(lv);
}

size_t vg_visible_lv_count(const struct vg *vg)
{
	size_t n = 0;
	for (size_t i = 0; i < vg->n_lvs; i++)
		n += lv_is_user_visible(vg, vg->lvs[i]);
	return n;
}

uint32_t cow_max_extents(uint32_t origin_extents, uint32_t extent_size, uint32_t chunk,
                         int leak_chunks)
{
	uint64_t origin = (uint64_t)origin_extents * extent_size;
	uint64_t origin_chunks = (origin + chunk - 1) / chunk;
	uint64_t per_table = (uint64_t)chunk * 512 / 16;
	uint64_t tables = (origin_chunks + per_table) / per_table;
	uint64_t n = 1 + origin_chunks + tables;
	uint64_t size;

	if (leak_chunks)
		n += (n + 63) / 64;
	size = (n * chunk + extent_size - 1) / extent_size;
	return size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
}

char *vg_next_lv_name(const struct vg *vg, const char *prefix)
{
	size_t pl = strlen(prefix);
	long high = -1;
	char *name;

	for (size_t i = 0; i < vg->n_lvs; i++) {
		const char *n = vg->lvs[i]->name, *p;
		char *end;
		long v;
		if (strncmp(n, prefix, pl))
			continue;
		p = n + pl;
		/* like lvm2's sscanf("%d"): an optional sign, then digits */
		if (!((*p >= '0' && *p <= '9') ||
		      ((*p == '+' || *p == '-') && p[1] >= '0' && p[1] <= '9')))
			continue;
		v = strtol(p, &end, 10);
		if (v > high)
			high = v;
	}
	name = xmalloc(pl + 24);
	snprintf(name, pl + 24, "%s%ld", prefix, high + 1);
	return name;
}

struct uses {
	struct pv_use *v;
	size_t n, cap;
};

static void add_use(void *ctx, const struct pv_use *use)
{
	struct uses *u = ctx;
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 16;
		u->v = xrealloc(u->v, u->cap * sizeof(*u->v));
	}
	u->v[u->n++] = *use;
}

static int cmp_use(const void *a, const void *b)
{
	const struct pv_use *x = a, *y = b;
	return x->pe < y->pe ? -1 : x->pe > y->pe;
}

size_t pv_uses(const struct vg *vg, const struct pv *pv, struct pv_use **out)
{
	struct uses u = {NULL, 0, 0};
	walk_pv_uses(vg, pv, add_use, &u);
	if (u.n)
		qsort(u.v, u.n, sizeof(*u.v), cmp_use);
	*out = u.v;
	return u.n;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void tags_copy(struct tag_list *to, const struct tag_list *from)
{
	for (size_t i = 0; i < from->n; i++)
		tag_list_add(to, from->tags[i]);
}

/* Copies of src's PVs `pvs` and LVs `lvs` (NULL: all of them), appended to
 * dst in the order given; the PVs their segments use and the origins and
 * COWs of their snapshots are looked up by id in dst, where the caller has
 * put them (vg_append's contract). */
static void append_objects(struct vg *dst, const struct vg *src, struct pv *const *pvs,
                           size_t n_pvs, struct lv *const *lvs, size_t n_lvs)
{
	struct lv **made;

	if (!pvs)
		n_pvs = src->n_pvs;
	if (!lvs)
		n_lvs = src->n_lvs;
	for (size_t i = 0; i < n_pvs; i++) {
		const struct pv *p = pvs ? pvs[i] : src->pvs[i];
		struct pv *q = vg_add_pv(dst, p->id, p->dev_size, p->pe_start, p->pe_count);
		q->name = dup_or_null(p->name);
		q->device_hint = dup_or_null(p->device_hint);
		q->dev_path = dup_or_null(p->dev_path);
		q->device_id = dup_or_null(p->device_id);
		q->device_id_type = dup_or_null(p->device_id_type);
		q->status = p->status;
		tags_copy(&q->tags, &p->tags);
		q->ba_start = p->ba_start;
		q->ba_size = p->ba_size;
		q->missing_cleared = p->missing_cleared;
	}
	made = xcalloc(n_lvs + 1, sizeof(*made));
	for (size_t i = 0; i < n_lvs; i++) {
		const struct lv *l = lvs ? lvs[i] : src->lvs[i];
		struct lv *m = vg_add_lv(dst, l->name, l->id);
		made[i] = m;
		m->status = l->status;
		tags_copy(&m->tags, &l->tags);
		m->creation_host = dup_or_null(l->creation_host);
		m->creation_time = l->creation_time;
		m->allocation_policy = dup_or_null(l->allocation_policy);
		m->lock_args = dup_or_null(l->lock_args);
		m->read_ahead = l->read_ahead;
		m->major = l->major;
		m->minor = l->minor;
		for (size_t s = 0; s < l->n_segs; s++) {
			const struct segment *a = &l->segs[s];
			struct segment *b =
			    lv_add_segment(m, a->type, a->le, a->len, a->stripe_count);
			b->type_name = dup_or_null(a->type_name);
			b->stripe_size = a->stripe_size;
			b->chunk_size = a->chunk_size;
			b->merging = a->merging;
			for (uint32_t k = 0; a->type == SEG_STRIPED && k < a->stripe_count; k++) {
				struct pv *pv = NULL;
				if (a->areas[k].pv &&
				    !(pv = vg_find_pv_by_id(dst, a->areas[k].pv->id)))
					fatal_bug("LV %s moves without its PV", l->name);
				b->areas[k].pv = pv;
				b->areas[k].pe = a->areas[k].pe;
			}
		}
	}
	/* after every LV exists: a snapshot may come before its COW */
	for (size_t i = 0; i < n_lvs; i++) {
		const struct segment *a = lv_snapshot_segment(lvs ? lvs[i] : src->lvs[i]);
		struct lv *origin = NULL, *cow = NULL;
		if (!a)
			continue;
		if ((a->origin && !(origin = vg_find_lv_by_id(dst, a->origin->id))) ||
		    (a->cow && !(cow = vg_find_lv_by_id(dst, a->cow->id))))
			fatal_bug("snapshot %s moves without its origin or COW", made[i]->name);
		vg_link_snapshot(&made[i]->segs[0], origin, cow);
	}
	free(made);
}

void vg_append(struct vg *dst, const struct vg *src, struct pv *const *pvs, size_t n_pvs,
               struct lv *const *lvs, size_t n_lvs)
{
	append_objects(dst, src, pvs, n_pvs, lvs, n_lvs);
}

/* Field by field, not through the text: a command's working copy of a VG
 * with ten thousand LVs would otherwise cost an export and a parse. */
struct vg *vg_clone(const struct vg *vg)
{
	struct vg *c = vg_new(vg->name, vg->extent_size);
	memcpy(c->id, vg->id, sizeof(c->id));
	c->seqno = vg->seqno;
	c->status = vg->status;
	tags_copy(&c->tags, &vg->tags);
	c->system_id = dup_or_null(vg->system_id);
	c->lock_type = dup_or_null(vg->lock_type);
	c->lock_args = dup_or_null(vg->lock_args);
	c->max_lv = vg->max_lv;
	c->max_pv = vg->max_pv;
	c->metadata_copies = vg->metadata_copies;
	c->allocation_policy = dup_or_null(vg->allocation_policy);
	c->read_only_reason = dup_or_null(vg->read_only_reason);
	append_objects(c, vg, NULL, 0, NULL, 0);
	return c;
}
