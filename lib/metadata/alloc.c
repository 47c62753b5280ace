/* Extent allocation.
 *
 * The free space of a PV is the complement of the stripe areas that all
 * striped segments place on it; it is recomputed from the model on every
 * call rather than cached, so the model stays the single source of truth
 * (VGs hold at most a few thousand segments). */
#include <stdlib.h>
#include <string.h>

#include "metadata/alloc.h"
#include "misc/log.h"
#include "misc/xalloc.h"

struct free_area {
	struct pv *pv;
	size_t pv_index; /* VG order, for a stable preference among equals */
	uint32_t start, len;
};

static int pv_allowed(const struct pv *pv, struct pv *const *allowed, size_t n_allowed)
{
	if (!(pv->status & PV_ALLOCATABLE) || (pv->status & PV_MISSING))
		return 0;
	if (!n_allowed)
		return 1;
	for (size_t i = 0; i < n_allowed; i++)
		if (allowed[i] == pv)
			return 1;
	return 0;
}

/* All free areas of the allowed PVs, in PV then extent order. */
static size_t free_areas(const struct vg *vg, struct pv *const *allowed, size_t n_allowed,
                         struct free_area **out)
{
	size_t n = 0, cap = 0;
	struct free_area *fa = NULL;

	for (size_t p = 0; p < vg->n_pvs; p++) {
		struct pv *pv = vg->pvs[p];
		struct pv_use *used;
		size_t nu;
		uint32_t next = 0;

		if (!pv_allowed(pv, allowed, n_allowed))
			continue;
		nu = pv_uses(vg, pv, &used);
		for (size_t i = 0; i <= nu; i++) {
			uint32_t end = i < nu ? used[i].pe : pv->pe_count;
			if (end > next) {
				if (n == cap) {
					cap = cap ? 2 * cap : 16;
					fa = xrealloc(fa, cap * sizeof(*fa));
				}
				fa[n++] = (struct free_area){pv, p, next, end - next};
			}
			if (i < nu && used[i].pe + used[i].len > next)
				next = used[i].pe + used[i].len;
		}
		free(used);
	}
	*out = fa;
	return n;
}

uint32_t alloc_free_extents(const struct vg *vg, struct pv *const *allowed, size_t n_allowed)
{
	struct free_area *fa;
	size_t n = free_areas(vg, allowed, n_allowed, &fa);
	uint32_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += fa[i].len;
	free(fa);
	return total;
}

/* Append `len` extents at pv:pe to the LV, growing the last segment when
 * the new piece continues it on the same PV. */
static void append_piece(struct lv *lv, struct pv *pv, uint32_t pe, uint32_t len)
{
	uint32_t le = lv_extents(lv);
	struct segment *last = lv->n_segs ? &lv->segs[lv->n_segs - 1] : NULL;
	struct segment *seg;

	if (last && last->type == SEG_STRIPED && last->stripe_count == 1 &&
	    last->areas[0].pv == pv && last->areas[0].pe + last->len == pe) {
		last->len += len;
		return;
	}
	seg = lv_add_segment(lv, SEG_STRIPED, le, len, 1);
	seg->areas[0].pv = pv;
	seg->areas[0].pe = pe;
}

static int lv_uses_pv(const struct lv *lv, const struct pv *pv)
{
	for (size_t s = 0; s < lv->n_segs; s++)
		for (uint32_t a = 0; a < lv->segs[s].stripe_count; a++)
			if (lv->segs[s].areas[a].pv == pv)
				return 1;
	return 0;
}

/* Largest first; among equals, earlier PV then lower extent. */
static int cmp_area_pref(const void *a, const void *b)
{
	const struct free_area *x = a, *y = b;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	if (x->pv_index != y->pv_index)
		return x->pv_index < y->pv_index ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

static uint32_t take(struct lv *lv, struct free_area *fa, uint32_t want)
{
	uint32_t n = fa->len < want ? fa->len : want;
	if (!n)
		return 0;
	append_piece(lv, fa->pv, fa->start, n);
	fa->start += n;
	fa->len -= n;
	return n;
}

int alloc_extend_lv(struct vg *vg, struct lv *lv, uint32_t extents, struct pv *const *allowed,
                    size_t n_allowed)
{
	struct free_area *fa;
	size_t n = free_areas(vg, allowed, n_allowed, &fa);
	uint32_t avail = 0, want = extents;

	for (size_t i = 0; i < n; i++)
		avail += fa[i].len;
	if (avail < extents) {
		log_error("Volume group \"%s\" has insufficient free space (%u extents): %u "
		          "required.",
		          vg->name, avail, extents);
		free(fa);
		return -1;
	}
	qsort(fa, n, sizeof(*fa), cmp_area_pref);

	/* 1. contiguous with the LV's last extent */
	if (lv->n_segs) {
		const struct segment *last = &lv->segs[lv->n_segs - 1];
		if (last->type == SEG_STRIPED && last->stripe_count == 1) {
			/* copied: take() may move the segment array */
			const struct pv *pv = last->areas[0].pv;
			uint32_t end = last->areas[0].pe + last->len;
			for (size_t i = 0; i < n && want; i++)
				if (fa[i].pv == pv && fa[i].start == end)
					want -= take(lv, &fa[i], want);
		}
	}
	/* 2. cling to PVs the LV already uses */
	for (size_t i = 0; i < n && want && lv->n_segs; i++)
		if (lv_uses_pv(lv, fa[i].pv))
			want -= take(lv, &fa[i], want);
	/* 3. anywhere, largest area first */
	for (size_t i = 0; i < n && want; i++)
		want -= take(lv, &fa[i], want);

	free(fa);
	return 0;
}

void alloc_reduce_lv(struct lv *lv, uint32_t extents)
{
	while (lv->n_segs) {
		struct segment *last = &lv->segs[lv->n_segs - 1];
		if (last->le >= extents) {
			free(last->areas);
			lv->n_segs--;
			continue;
		}
		if (last->le + last->len > extents)
			last->len = extents - last->le;
		break;
	}
}
