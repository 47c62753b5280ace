/* VG consistency checks.  Run on every VG read from disk and before every
 * write, so that vgtool never writes (or activates) what it could not
 * read back. */
#include <stdlib.h>
#include <string.h>

#include "metadata/names.h"
#include "metadata/validate.h"
#include "misc/xalloc.h"

struct used {
	const struct pv *pv;
	uint64_t start, end; /* [start, end), 64-bit so untrusted sums cannot wrap */
	const struct lv *lv;
};

/* by PV (any fixed order), then by first extent */
static int cmp_used(const void *a, const void *b)
{
	const struct used *x = a, *y = b;
	if (x->pv != y->pv)
		return (uintptr_t)x->pv < (uintptr_t)y->pv ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Every extent range any LV uses, sorted by PV and start: collected once
 * for all PVs (a pass over the LVs for each PV grew with PVs times LVs). */
static struct used *collect_used(const struct vg *vg, size_t *n_out)
{
	struct used *u;
	size_t n = 0, cap = 0;

	for (size_t l = 0; l < vg->n_lvs; l++)
		for (size_t s = 0; s < vg->lvs[l]->n_segs; s++)
			if (vg->lvs[l]->segs[s].type == SEG_STRIPED)
				cap += vg->lvs[l]->segs[s].stripe_count;
	u = xcalloc(cap + 1, sizeof(*u));
	for (size_t l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		for (size_t s = 0; s < lv->n_segs; s++) {
			const struct segment *seg = &lv->segs[s];
			if (seg->type != SEG_STRIPED)
				continue;
			for (uint32_t a = 0; a < seg->stripe_count; a++) {
				u[n].pv = seg->areas[a].pv;
				u[n].start = seg->areas[a].pe;
				u[n].end =
				    (uint64_t)seg->areas[a].pe + seg->len / seg->stripe_count;
				u[n].lv = lv;
				n++;
			}
		}
	}
	if (n > 1)
		qsort(u, n, sizeof(*u), cmp_used);
	*n_out = n;
	return u;
}

/* `pv`'s ranges of `u` (from collect_used) stay within it and apart. */
static int check_pv_overlaps(const struct pv *pv, const struct used *u, size_t n,
                             struct strbuf *err)
{
	size_t lo = 0, hi = n;

	/* the first range on pv */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)u[mid].pv < (uintptr_t)pv)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < n && u[i].pv == pv; i++) {
		if (u[i].end > pv->pe_count) {
			strbuf_addf(err,
			            "LV %s uses extents %llu-%llu beyond the %u extents of PV %s",
			            u[i].lv->name, (unsigned long long)u[i].start,
			            (unsigned long long)(u[i].end - 1), pv->pe_count,
			            pv->name ? pv->name : pv->id);
			return -1;
		}
		if (i + 1 < n && u[i + 1].pv == pv && u[i + 1].start < u[i].end) {
			strbuf_addf(err, "LVs %s and %s both use extent %llu of PV %s",
			            u[i].lv->name, u[i + 1].lv->name,
			            (unsigned long long)u[i + 1].start,
			            pv->name ? pv->name : pv->id);
			return -1;
		}
	}
	return 0;
}

static int check_lv(const struct vg *vg, const struct lv *lv, struct strbuf *err)
{
	uint32_t le = 0;

	/* (its name and id: check_unique) */
	if (!lv->n_segs) {
		strbuf_addf(err, "LV %s has no segments", lv->name);
		return -1;
	}
	for (size_t s = 0; s < lv->n_segs; s++) {
		const struct segment *seg = &lv->segs[s];
		if (seg->le != le || !seg->len || seg->len > UINT32_MAX - le) {
			strbuf_addf(
			    err, "LV %s segment %zu starts at extent %u, expected %u (length %u)",
			    lv->name, s + 1, seg->le, le, seg->len);
			return -1;
		}
		le += seg->len;
		if (seg->type == SEG_STRIPED && seg->len % seg->stripe_count) {
			strbuf_addf(err,
			            "LV %s segment %zu: %u extents do not divide into %u stripes",
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
				strbuf_addf(err,
				            "snapshot %s has inconsistent origin/COW references",
				            lv->name);
				return -1;
			}
			if (!seg->chunk_size || (seg->chunk_size & (seg->chunk_size - 1))) {
				strbuf_addf(err, "snapshot %s has an invalid chunk size %u",
				            lv->name, seg->chunk_size);
				return -1;
			}
		}
	}
	return 0;
}

static int cmp_ptr(const void *a, const void *b)
{
	const void *x = *(const void *const *)a, *y = *(const void *const *)b;
	return x < y ? -1 : x > y;
}

/* `found`, what a lookup gave for the `kind` ("name", "id") of the PV or LV
 * (`what`) named `name`, must be that object itself. */
static int lookup_is_self(const void *found, const void *self, const char *what, const char *kind,
                          const char *key, const char *name, struct strbuf *err)
{
	if (found == self)
		return 0;
	if (found)
		strbuf_addf(err, "%s %s %s appears twice", what, kind, key);
	else
		strbuf_addf(err, "%s %s is missing from the VG's lookup", what, name);
	return -1;
}

/* Every LV's name and id are well formed, and no two LVs share a name or
 * an id and no two PVs an id: each must be what the VG's lookups answer
 * for its own name and id.  Of two that share one, one cannot be (the
 * lookup holds one answer), and an object missing from a lookup shows a
 * model out of step with itself.  One lookup each: sorting the names was
 * a tenth of reading a VG of ten thousand LVs. */
static int check_unique(const struct vg *vg, struct strbuf *err)
{
	for (size_t p = 0; p < vg->n_pvs; p++) {
		const struct pv *pv = vg->pvs[p];
		if (lookup_is_self(vg_find_pv_by_id(vg, pv->id), pv, "PV", "id", pv->id, pv->id,
		                   err))
			return -1;
	}
	for (size_t l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		const char *why = name_problem(lv->name);

		if (why) {
			strbuf_addf(err, "LV name \"%s\" %s", lv->name, why);
			return -1;
		}
		if (!uuid_valid_raw(lv->id)) {
			strbuf_addf(err, "LV %s has an invalid id", lv->name);
			return -1;
		}
		if (lookup_is_self(vg_find_lv(vg, lv->name), lv, "LV", "name", lv->name, lv->name,
		                   err) ||
		    lookup_is_self(vg_find_lv_by_id(vg, lv->id), lv, "LV", "id", lv->id, lv->name,
		                   err))
			return -1;
	}
	return 0;
}

/* Through the VG's lookups, not a scan: one question per segment. */
static int pv_in_vg(const struct vg *vg, const struct pv *pv)
{
	return vg_find_pv_by_id(vg, pv->id) == pv;
}

static int lv_in_vg(const struct vg *vg, const struct lv *lv)
{
	return vg_find_lv_by_id(vg, lv->id) == lv;
}

/* The back links (struct lv) agree with the segments' references. */
static int snapshot_linked(const struct segment *seg)
{
	if (seg->cow->cow_of != seg)
		return 0;
	for (size_t i = 0; i < seg->origin->n_snapshots; i++)
		if (seg->origin->snapshots[i] == seg)
			return 1;
	return 0;
}

/* Every pointer of the model points into this VG. */
static int check_references(const struct vg *vg, struct strbuf *err)
{
	for (size_t l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		for (size_t s = 0; s < lv->n_segs; s++) {
			const struct segment *seg = &lv->segs[s];
			if (seg->type == SEG_STRIPED) {
				if (!seg->stripe_count || !seg->areas) {
					strbuf_addf(err, "LV %s segment %zu has no stripes",
					            lv->name, s + 1);
					return -1;
				}
				for (uint32_t a = 0; a < seg->stripe_count; a++)
					if (!seg->areas[a].pv || !pv_in_vg(vg, seg->areas[a].pv)) {
						strbuf_addf(
						    err,
						    "LV %s segment %zu uses a PV outside the VG",
						    lv->name, s + 1);
						return -1;
					}
			} else if (seg->type == SEG_SNAPSHOT) {
				if (!seg->origin || !seg->cow || !lv_in_vg(vg, seg->origin) ||
				    !lv_in_vg(vg, seg->cow)) {
					strbuf_addf(err,
					            "snapshot %s refers to an LV outside the VG",
					            lv->name);
					return -1;
				}
				if (!snapshot_linked(seg)) {
					strbuf_addf(
					    err,
					    "snapshot %s has inconsistent origin/COW references",
					    lv->name);
					return -1;
				}
			}
		}
	}
	return 0;
}

/* lvm2's alphabet for lock_args: "VERSION:INFO", one colon at most */
static int lock_args_ok(const char *a)
{
	int colons = 0;
	for (const char *c = a; *c; c++) {
		if (*c == ':')
			colons++;
		else if (!(*c >= 'a' && *c <= 'z') && !(*c >= 'A' && *c <= 'Z') &&
		         !(*c >= '0' && *c <= '9') && !strchr("._-+", *c))
			return 0;
	}
	return colons <= 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A shared VG as lvm2's vg_validate wants it: lock_args of the lock
 * manager's alphabet, no system ID; LVs with a lock of their own may
 * carry lock_args (sanlock's each a lease of its own, so never two
 * alike; dlm's the word "dlm"), the others none.  A local VG has no
 * lock_args at all.  A lock_type other than lvm2's is not read here
 * (text_import makes such a VG read-only). */
static int check_locks(const struct vg *vg, struct strbuf *err)
{
	const char **args;
	size_t n = 0;
	int r = -1;

	if (!vg_shared(vg)) {
		if (vg->lock_args) {
			strbuf_addf(err, "the VG has lock_args \"%s\" without a lock type",
			            vg->lock_args);
			return -1;
		}
		for (size_t l = 0; l < vg->n_lvs; l++)
			if (vg->lvs[l]->lock_args) {
				strbuf_addf(err, "LV %s has lock_args in a VG that is not shared",
				            vg->lvs[l]->name);
				return -1;
			}
		return 0;
	}
	if (!vg->lock_args || !lock_args_ok(vg->lock_args)) {
		strbuf_addf(err, "the shared VG has %s lock_args",
		            vg->lock_args ? "invalid" : "no");
		return -1;
	}
	if (vg->system_id && *vg->system_id) {
		strbuf_addf(err, "the shared VG has a system ID (%s)", vg->system_id);
		return -1;
	}
	args = xcalloc(vg->n_lvs + 1, sizeof(*args));
	for (size_t l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		if (!lv->lock_args)
			continue;
		if (!lv_uses_lock(vg, lv)) {
			strbuf_addf(err, "LV %s has lock_args but takes no lock of its own",
			            lv->name);
			goto out;
		}
		if (!lock_args_ok(lv->lock_args) ||
		    (strcmp(vg->lock_type, "sanlock") && strcmp(lv->lock_args, vg->lock_type))) {
			strbuf_addf(err, "LV %s has invalid lock_args \"%s\"", lv->name,
			            lv->lock_args);
			goto out;
		}
		args[n++] = lv->lock_args;
	}
	if (!strcmp(vg->lock_type, "sanlock")) {
		if (n > 1)
			qsort(args, n, sizeof(*args), cmp_str);
		for (size_t i = 1; i < n; i++)
			if (!strcmp(args[i], args[i - 1]) && strcmp(args[i], "pending")) {
				strbuf_addf(err, "two LVs have the lock_args \"%s\"", args[i]);
				goto out;
			}
	}
	r = 0;
out:
	free(args);
	return r;
}

int vg_validate(const struct vg *vg, struct strbuf *err)
{
	const char *why = name_problem(vg->name);
	const void **cows;
	struct used *used = NULL;
	size_t n_used = 0;
	size_t n_cows = 0;
	int r = -1;

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
	/* duplicates first: the references are checked through the VG's
	 * lookups by id, which a duplicate id would mislead */
	if (check_unique(vg, err))
		return -1;
	cows = xcalloc(vg->n_lvs + 1, sizeof(*cows));
	for (size_t l = 0; l < vg->n_lvs; l++) {
		const struct segment *seg = lv_snapshot_segment(vg->lvs[l]);
		if (seg && seg->cow)
			cows[n_cows++] = seg->cow;
	}
	if (n_cows > 1)
		qsort(cows, n_cows, sizeof(*cows), cmp_ptr);
	for (size_t i = 1; i < n_cows; i++)
		if (cows[i] == cows[i - 1]) {
			strbuf_addf(err, "LV %s is the COW store of two snapshots",
			            ((const struct lv *)cows[i])->name);
			goto out;
		}
	if (check_references(vg, err) || check_locks(vg, err))
		goto out;
	used = collect_used(vg, &n_used);
	for (size_t p = 0; p < vg->n_pvs; p++) {
		const struct pv *pv = vg->pvs[p];
		uint64_t data = (uint64_t)pv->pe_count * vg->extent_size;
		/* Not pe_start + data: lvm2's pvresize writes a dev_size that
		 * leaves out pe_start (vgcreate writes the whole device), and
		 * its extents fill what is left, so only the extents are sure
		 * to fit in dev_size. */
		if (pv->dev_size && data > pv->dev_size) {
			strbuf_addf(err, "PV %s: %u extents do not fit in %llu sectors",
			            pv->name ? pv->name : pv->id, pv->pe_count,
			            (unsigned long long)pv->dev_size);
			goto out;
		}
		if (check_pv_overlaps(pv, used, n_used, err))
			goto out;
	}
	for (size_t l = 0; l < vg->n_lvs; l++)
		if (check_lv(vg, vg->lvs[l], err))
			goto out;
	r = 0;
out:
	free(used);
	free(cows);
	return r;
}
