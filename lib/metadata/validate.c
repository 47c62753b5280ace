/* VG consistency checks.  Run on every VG read from disk and before every
 * write, so that vgtool never writes (or activates) what it could not
 * read back. */
#include <stdlib.h>
#include <string.h>

#include "metadata/names.h"
#include "metadata/validate.h"
#include "misc/xalloc.h"

struct used {
	uint64_t start, end; /* [start, end), 64-bit so untrusted sums cannot wrap */
	const struct lv *lv;
};

static int cmp_used(const void *a, const void *b)
{
	const struct used *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int check_pv_overlaps(const struct vg *vg, const struct pv *pv, struct strbuf *err)
{
	struct used *u = NULL;
	size_t n = 0;
	int r = 0;

	for (size_t l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		for (size_t s = 0; s < lv->n_segs; s++) {
			const struct segment *seg = &lv->segs[s];
			if (seg->type != SEG_STRIPED)
				continue;
			for (uint32_t a = 0; a < seg->stripe_count; a++) {
				if (seg->areas[a].pv != pv)
					continue;
				u = xrealloc(u, (n + 1) * sizeof(*u));
				u[n].start = seg->areas[a].pe;
				u[n].end = (uint64_t)seg->areas[a].pe + seg->len / seg->stripe_count;
				u[n].lv = lv;
				n++;
			}
		}
	}
	if (n)
		qsort(u, n, sizeof(*u), cmp_used);
	for (size_t i = 0; i < n && !r; i++) {
		if (u[i].end > pv->pe_count) {
			strbuf_addf(err, "LV %s uses extents %llu-%llu beyond the %u extents of PV %s",
				    u[i].lv->name, (unsigned long long)u[i].start, (unsigned long long)(u[i].end - 1), pv->pe_count,
				    pv->name ? pv->name : pv->id);
			r = -1;
		} else if (i + 1 < n && u[i + 1].start < u[i].end) {
			strbuf_addf(err, "LVs %s and %s both use extent %llu of PV %s", u[i].lv->name,
				    u[i + 1].lv->name, (unsigned long long)u[i + 1].start, pv->name ? pv->name : pv->id);
			r = -1;
		}
	}
	free(u);
	return r;
}

static int check_lv(const struct vg *vg, const struct lv *lv, struct strbuf *err)
{
	uint32_t le = 0;
	const char *why = name_problem(lv->name);

	if (why) {
		strbuf_addf(err, "LV name \"%s\" %s", lv->name, why);
		return -1;
	}
	if (!uuid_valid_raw(lv->id)) {
		strbuf_addf(err, "LV %s has an invalid id", lv->name);
		return -1;
	}
	if (!lv->n_segs) {
		strbuf_addf(err, "LV %s has no segments", lv->name);
		return -1;
	}
	for (size_t s = 0; s < lv->n_segs; s++) {
		const struct segment *seg = &lv->segs[s];
		if (seg->le != le || !seg->len || seg->len > UINT32_MAX - le) {
			strbuf_addf(err, "LV %s segment %zu starts at extent %u, expected %u (length %u)",
				    lv->name, s + 1, seg->le, le, seg->len);
			return -1;
		}
		le += seg->len;
		if (seg->type == SEG_STRIPED && seg->len % seg->stripe_count) {
			strbuf_addf(err, "LV %s segment %zu: %u extents do not divide into %u stripes",
				    lv->name, s + 1, seg->len, seg->stripe_count);
			return -1;
		}
		if (seg->type == SEG_SNAPSHOT) {
			const struct lv *o = seg->origin, *c = seg->cow;
			if (lv->n_segs != 1) {
				strbuf_addf(err, "snapshot %s has more than one segment", lv->name);
				return -1;
			}
			if (o == lv || c == lv || o == c || lv_snapshot_segment(o) ||
			    lv_snapshot_segment(c) || lv_is_cow(vg, o)) {
				strbuf_addf(err, "snapshot %s has inconsistent origin/COW references",
					    lv->name);
				return -1;
			}
			if (!seg->chunk_size || (seg->chunk_size & (seg->chunk_size - 1))) {
				strbuf_addf(err, "snapshot %s has an invalid chunk size %u", lv->name,
					    seg->chunk_size);
				return -1;
			}
		}
	}
	return 0;
}

int vg_validate(const struct vg *vg, struct strbuf *err)
{
	const char *why = name_problem(vg->name);

	if (why) {
		strbuf_addf(err, "VG name \"%s\" %s", vg->name, why);
		return -1;
	}
	if (!uuid_valid_raw(vg->id)) {
		strbuf_addstr(err, "the VG has an invalid id");
		return -1;
	}
	if (!vg->extent_size) {
		strbuf_addstr(err, "extent size is 0");
		return -1;
	}
	for (size_t p = 0; p < vg->n_pvs; p++) {
		const struct pv *pv = vg->pvs[p];
		uint64_t data = (uint64_t)pv->pe_count * vg->extent_size;
		if (pv->dev_size && (pv->pe_start > pv->dev_size || data > pv->dev_size - pv->pe_start)) {
			strbuf_addf(err, "PV %s: %u extents from sector %llu do not fit in %llu sectors",
				    pv->name ? pv->name : pv->id, pv->pe_count,
				    (unsigned long long)pv->pe_start, (unsigned long long)pv->dev_size);
			return -1;
		}
		if (check_pv_overlaps(vg, pv, err))
			return -1;
	}
	for (size_t l = 0; l < vg->n_lvs; l++) {
		if (check_lv(vg, vg->lvs[l], err))
			return -1;
		for (size_t m = l + 1; m < vg->n_lvs; m++)
			if (!strcmp(vg->lvs[l]->id, vg->lvs[m]->id)) {
				strbuf_addf(err, "LVs %s and %s share an id", vg->lvs[l]->name,
					    vg->lvs[m]->name);
				return -1;
			}
	}
	for (size_t l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		size_t uses = 0;
		for (size_t m = 0; m < vg->n_lvs; m++) {
			const struct segment *seg = lv_snapshot_segment(vg->lvs[m]);
			if (seg && seg->cow == lv)
				uses++;
		}
		if (uses > 1) {
			strbuf_addf(err, "LV %s is the COW store of %zu snapshots", lv->name, uses);
			return -1;
		}
	}
	return 0;
}
