/* Extent allocation: lvm2's search, replayed.
 *
 * lvm2 (lib/metadata/lv_manip.c, pv_map.c) keeps, for each PV it may
 * use, a list of its free areas sorted largest first, and fills a request
 * in passes.  Each pass picks one candidate area per PV (by rules that
 * depend on the policy and on what the LV already holds), sorts the
 * candidates by the extents each would give, and takes a piece of the
 * first.  Passes repeat under one policy until it finds nothing more, then
 * the next policy is tried, from contiguous up to the one asked for.  The
 * exact place of every piece follows from details (areas re-sorted while
 * a pass walks them, ties kept in list order, which segment "cling"
 * looks at), so they are reproduced here, each where lvm2 has it: the
 * resulting segments are compared with lvm2's by scenario 067.
 *
 * Free space is recomputed from the model on every call rather than
 * cached, so the model stays the single source of truth (VGs hold at most
 * a few thousand segments).  Only linear requests (one area per segment)
 * are made; the settings lvm2 reads for them are taken at their defaults:
 * allocation/maximise_cling on, no allocation/cling_tag_list (so
 * cling_by_tags allocates as cling, as it does in lvm2 without a list). */
#include <stdlib.h>
#include <string.h>

#include "metadata/alloc.h"
#include "misc/log.h"
#include "misc/xalloc.h"

/* ---- policies ---- */

static const char *const policy_names[] = {
    [ALLOC_CONTIGUOUS] = "contiguous",       [ALLOC_CLING] = "cling",
    [ALLOC_CLING_BY_TAGS] = "cling_by_tags", [ALLOC_NORMAL] = "normal",
    [ALLOC_ANYWHERE] = "anywhere",           [ALLOC_INHERIT] = "inherit",
};

enum alloc_policy alloc_policy_from_name(const char *name)
{
	if (!name)
		return ALLOC_INVALID;
	/* lvm2 stores and shows cling_by_tags as cling */
	if (!strcmp(name, "cling_by_tags"))
		return ALLOC_CLING;
	for (int p = ALLOC_CONTIGUOUS; p <= ALLOC_INHERIT; p++)
		if (!strcmp(name, policy_names[p]))
			return (enum alloc_policy)p;
	return ALLOC_INVALID;
}

const char *alloc_policy_name(enum alloc_policy p)
{
	return p >= ALLOC_CONTIGUOUS && p <= ALLOC_INHERIT ? policy_names[p] : "invalid";
}

enum alloc_policy lv_alloc_policy(const struct lv *lv)
{
	enum alloc_policy p = alloc_policy_from_name(lv->allocation_policy);
	return p == ALLOC_INVALID ? ALLOC_INHERIT : p;
}

enum alloc_policy vg_alloc_policy(const struct vg *vg)
{
	enum alloc_policy p = alloc_policy_from_name(vg->allocation_policy);
	return p == ALLOC_INVALID || p == ALLOC_INHERIT ? ALLOC_NORMAL : p;
}

void lv_set_alloc_policy(struct lv *lv, enum alloc_policy p)
{
	free(lv->allocation_policy);
	lv->allocation_policy = p == ALLOC_INHERIT ? NULL : xstrdup(alloc_policy_name(p));
}

void vg_set_alloc_policy(struct vg *vg, enum alloc_policy p)
{
	free(vg->allocation_policy);
	vg->allocation_policy = p == ALLOC_NORMAL ? NULL : xstrdup(alloc_policy_name(p));
}

/* ---- the free areas of each PV, as lvm2's pv_map ---- */

struct pv_map;

struct area {
	struct pv_map *map;
	uint32_t start, count;
	/* what the current pass has not set aside from it yet */
	uint32_t unreserved;
	struct area *prev, *next;
};

struct pv_map {
	struct pv *pv;
	struct area head; /* of a circular list, largest area first */
	uint32_t pe_count;
};

/* Insert before the first area strictly smaller than this one (so after
 * its equals): by its unreserved extents when `reduced`, as lvm2 does
 * while a pass has set part of it aside, else by its size.  lvm2
 * compares that key with the other areas' sizes, never their unreserved
 * extents; the order that follows is kept. */
static void area_insert(struct area *a, int reduced)
{
	struct area *head = &a->map->head, *p;
	uint32_t key = reduced ? a->unreserved : a->count;

	for (p = head->next; p != head; p = p->next)
		if (key > p->count)
			break;
	a->next = p;
	a->prev = p->prev;
	p->prev->next = a;
	p->prev = a;
	a->map->pe_count += a->count;
}

static void area_remove(struct area *a)
{
	a->prev->next = a->next;
	a->next->prev = a->prev;
	a->map->pe_count -= a->count;
}

static void area_reinsert(struct area *a)
{
	area_remove(a);
	area_insert(a, 1);
}

/* Take `n` extents from the start of the area (all of it: it leaves the
 * list). */
static void area_consume(struct area *a, uint32_t n)
{
	area_remove(a);
	if (n < a->count) {
		a->start += n;
		a->count -= n;
		a->unreserved = a->count;
		area_insert(a, 0);
	}
}

struct maps {
	struct pv_map *maps;
	size_t n;
	struct area *areas; /* every area, owned here */
	size_t n_areas;
};

static int pv_usable(const struct pv *pv)
{
	return (pv->status & PV_ALLOCATABLE) && !(pv->status & PV_MISSING);
}

static void maps_add_pv(struct maps *m, const struct vg *vg, struct pv *pv, size_t *cap)
{
	struct pv_map *map;
	struct pv_use *used;
	size_t nu;
	uint32_t next = 0;

	/* a PV named twice is one PV (lvm2 merges the command line's) */
	for (size_t i = 0; i < m->n; i++)
		if (m->maps[i].pv == pv)
			return;
	if (!pv_usable(pv))
		return;
	map = &m->maps[m->n++];
	map->pv = pv;
	map->head.next = map->head.prev = &map->head;
	map->pe_count = 0;
	nu = pv_uses(vg, pv, &used);
	for (size_t i = 0; i <= nu; i++) {
		uint32_t end = i < nu ? used[i].pe : pv->pe_count;
		if (end > next) {
			if (m->n_areas == *cap) {
				*cap = *cap ? 2 * *cap : 16;
				m->areas = xrealloc(m->areas, *cap * sizeof(*m->areas));
			}
			m->areas[m->n_areas++] =
			    (struct area){map, next, end - next, end - next, NULL, NULL};
		}
		if (i < nu && used[i].pe + used[i].len > next)
			next = used[i].pe + used[i].len;
	}
	free(used);
}

/* The maps of the PVs a request may use, in the order lvm2 tries them:
 * the command line's, else the VG's. */
static void maps_build(struct maps *m, const struct vg *vg, struct pv *const *allowed,
                       size_t n_allowed)
{
	size_t cap = 0, n = n_allowed ? n_allowed : vg->n_pvs;

	memset(m, 0, sizeof(*m));
	m->maps = xcalloc(n + 1, sizeof(*m->maps));
	for (size_t i = 0; i < n; i++)
		maps_add_pv(m, vg, n_allowed ? allowed[i] : vg->pvs[i], &cap);
	/* linked only now: the array no longer moves */
	for (size_t i = 0; i < m->n_areas; i++)
		area_insert(&m->areas[i], 0);
}

static void maps_release(struct maps *m)
{
	free(m->maps);
	free(m->areas);
}

static uint32_t maps_size(const struct maps *m)
{
	uint32_t total = 0;
	for (size_t i = 0; i < m->n; i++)
		total += m->maps[i].pe_count;
	return total;
}

uint32_t alloc_free_extents(const struct vg *vg, struct pv *const *allowed, size_t n_allowed)
{
	struct maps m;
	uint32_t total;

	maps_build(&m, vg, allowed, n_allowed);
	total = maps_size(&m);
	maps_release(&m);
	return total;
}

/* ---- the search ---- */

/* lvm2's alloc_parms flags, for one area per segment */
enum {
	A_CONTIGUOUS_TO_LVSEG = 1 << 0,
	A_CLING_TO_LVSEG = 1 << 1,
	A_CLING_TO_ALLOCED = 1 << 2,
	A_CAN_SPLIT = 1 << 3,
	A_AREA_COUNT_MATCHES = 1 << 4,
	A_POSITIONAL_FILL = 1 << 5,
};

enum area_use { NEXT_AREA, NEXT_PV, PREFERRED, USE_AREA };

struct slot {
	struct area *area;
	uint32_t used;
};

struct piece {
	struct pv *pv;
	uint32_t pe, len;
};

struct search {
	struct maps m;
	const struct lv *lv;
	/* the LV's last segment before this allocation (lvm2's prev_lvseg) */
	const struct segment *prev;
	/* candidate areas of a pass: the positional ones first */
	struct slot *slots;
	size_t n_slots;
	unsigned n_positional;
	/* pieces found so far, in order */
	struct piece *pieces;
	size_t n_pieces;
	uint32_t allocated, needed;
};

static void slot_set(struct search *s, size_t i, struct area *a, uint32_t used)
{
	if (i >= s->n_slots) {
		size_t n = 2 * i + 2;
		s->slots = xrealloc(s->slots, n * sizeof(*s->slots));
		memset(s->slots + s->n_slots, 0, (n - s->n_slots) * sizeof(*s->slots));
		s->n_slots = n;
	}
	s->slots[i] = (struct slot){a, used};
}

static int slot_taken(const struct search *s, size_t i)
{
	return i < s->n_slots && s->slots[i].area;
}

/* Does area `a` start right after the LV's last extent?  (A positional
 * search sets it aside, whole, in slot 0.) */
static int check_contiguous(struct search *s, struct area *a, int positional)
{
	const struct segment *prev = s->prev;

	if (positional && slot_taken(s, 0))
		return 0;
	if (prev->areas[0].pv != a->map->pv || prev->areas[0].pe + prev->len != a->start)
		return 0;
	if (positional)
		slot_set(s, 0, a, a->count);
	return 1;
}

/* Is `a` on a PV of the LV?  lvm2 (with maximise_cling) asks this of
 * the segment holding the LV's first extent only: its walk over "the
 * whole LV" stops after one segment. */
static int check_cling(struct search *s, struct area *a, int positional)
{
	const struct segment *first = &s->lv->segs[0];

	if (first->type != SEG_STRIPED)
		return 0;
	for (uint32_t k = 0; k < first->stripe_count; k++) {
		if (positional && slot_taken(s, k))
			continue;
		if (first->areas[k].pv != a->map->pv)
			continue;
		if (positional && k >= s->n_positional)
			continue;
		if (positional)
			slot_set(s, k, a, a->count);
		return 1;
	}
	return 0;
}

/* Is `a` on a PV this allocation has already taken a piece of? */
static int check_cling_to_alloced(struct search *s, struct area *a, int positional)
{
	if (positional && slot_taken(s, 0))
		return 0;
	for (size_t i = 0; i < s->n_pieces; i++)
		if (s->pieces[i].pv == a->map->pv) {
			if (positional)
				slot_set(s, 0, a, a->count);
			return 1;
		}
	return 0;
}

/* lvm2's _check_pva: whether a pass takes `a` (and how), skips it, or
 * leaves the rest of its PV. */
static enum area_use check_area(struct search *s, struct area *a, uint32_t still_needed,
                                unsigned flags, enum alloc_policy phase, int already_found_one)
{
	int positional = (flags & A_POSITIONAL_FILL) != 0;

	if (!a->unreserved)
		return NEXT_AREA;
	if (flags & (A_CONTIGUOUS_TO_LVSEG | A_CLING_TO_LVSEG | A_CLING_TO_ALLOCED)) {
		/* (maximise_cling: contiguous and cling are tried whenever
		 * the last segment has one area, whatever the phase) */
		if ((flags & (A_CONTIGUOUS_TO_LVSEG | A_AREA_COUNT_MATCHES)) &&
		    check_contiguous(s, a, positional))
			goto found;
		if (flags & A_CONTIGUOUS_TO_LVSEG)
			return NEXT_AREA;
		if ((flags & (A_CLING_TO_LVSEG | A_AREA_COUNT_MATCHES)) &&
		    check_cling(s, a, positional))
			goto found;
		if ((flags & A_CLING_TO_ALLOCED) && check_cling_to_alloced(s, a, positional))
			goto found;
		/* every area of this PV would answer the same */
		return NEXT_PV;
	}
	/* Big enough on its own?  The first area of a PV is taken anyway
	 * when the request may be split; a later (smaller) one replaces it
	 * only when it still holds the whole request. */
	if (a->unreserved < still_needed &&
	    (!(flags & A_CAN_SPLIT) || (already_found_one && phase != ALLOC_ANYWHERE)))
		return NEXT_PV;
found:
	return positional ? PREFERRED : USE_AREA;
}

/* How much of `a` the pass sets aside for slot `ix_slot`. */
static uint32_t set_aside(struct area *a, unsigned ix_slot, uint32_t max, enum alloc_policy phase)
{
	/* lvm2 reserves nothing past the first slot under anywhere (those
	 * slots are for mirror logs, which a linear LV has none of) */
	uint32_t required = phase == ALLOC_ANYWHERE && ix_slot >= 1 ? 0 : max;

	if (required >= a->unreserved) {
		required = a->unreserved;
		a->unreserved = 0; /* (left where it is in the list) */
	} else {
		a->unreserved -= required;
		area_reinsert(a);
	}
	return required;
}

/* Candidates by the extents they give, largest first; a stable sort, as
 * glibc's qsort is for lvm2 here (ties keep the PVs' order). */
static void sort_candidates(struct slot *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct slot x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1].used < x.used) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static void take_piece(struct search *s, struct area *a, uint32_t len)
{
	s->pieces = xrealloc(s->pieces, (s->n_pieces + 1) * sizeof(*s->pieces));
	s->pieces[s->n_pieces++] = (struct piece){a->map->pv, a->start, len};
	area_consume(a, len);
	s->allocated += len;
}

/* Back to a fresh pass: no candidates, nothing set aside (lvm2's
 * _clear_areas and _reset_unreserved, re-sorting as it walks). */
static void pass_reset(struct search *s)
{
	for (size_t i = 0; i < s->n_slots; i++)
		s->slots[i].area = NULL;
	s->n_positional = 0;
	for (size_t i = 0; i < s->m.n; i++) {
		struct area *head = &s->m.maps[i].head;
		for (struct area *a = head->next; a != head; a = a->next)
			if (a->unreserved != a->count) {
				a->unreserved = a->count;
				area_reinsert(a);
			}
	}
}

/* One pass (lvm2's _find_some_parallel_space): at most one piece. */
static void find_some(struct search *s, unsigned flags, enum alloc_policy phase, uint32_t max)
{
	unsigned ix = 0, preferred = 0;
	uint32_t len;

	pass_reset(s);
	if (flags & A_POSITIONAL_FILL)
		s->n_positional = flags & (A_CONTIGUOUS_TO_LVSEG | A_CLING_TO_LVSEG)
		                      ? s->prev->stripe_count
		                      : (flags & A_CLING_TO_ALLOCED) != 0;
	for (size_t i = 0; i < s->m.n; i++) {
		struct area *head = &s->m.maps[i].head;
		int already_found_one = 0;

		if (head->next == head)
			continue; /* (lvm2 skips the stop test below too) */
		for (struct area *a = head->next; a != head; a = a->next) {
			enum area_use use = check_area(s, a, max, flags, phase, already_found_one);
			unsigned at;
			if (use == PREFERRED)
				preferred++;
			if (use == PREFERRED || use == NEXT_PV)
				break;
			if (use == NEXT_AREA)
				continue;
			/* USE_AREA: one candidate per PV (each area under
			 * anywhere), a later one replacing the first */
			if (!already_found_one || phase == ALLOC_ANYWHERE) {
				ix++;
				already_found_one = 1;
			}
			at = ix + s->n_positional - 1;
			slot_set(s, at, a, set_aside(a, at, max, phase));
			/* (a may have moved: the walk goes on from where it
			 * is now, as lvm2's) */
		}
		if ((phase == ALLOC_ANYWHERE && ix + s->n_positional >= 1) ||
		    (preferred == s->n_positional && s->n_positional == 1))
			break;
	}
	if (preferred < s->n_positional && !(flags & A_CLING_TO_ALLOCED) && !ix)
		return;
	if (ix + preferred < 1)
		return;
	if (ix > 1)
		sort_candidates(s->slots + s->n_positional, ix);
	if (!slot_taken(s, 0))
		return;
	len = max < s->slots[0].used ? max : s->slots[0].used;
	if (len)
		take_piece(s, s->slots[0].area, len);
}

/* Passes under one policy (lvm2's _find_max_parallel_space_for_one_policy). */
static void find_max(struct search *s, unsigned flags, enum alloc_policy phase, int approx)
{
	do {
		uint32_t old = s->allocated;
		find_some(s, flags, phase, s->needed - s->allocated);
		if (old == s->allocated) {
			/* cling: once more, any area of those PVs; normal:
			 * once more, any PV */
			if ((phase == ALLOC_CLING || phase == ALLOC_CLING_BY_TAGS) &&
			    (flags & A_CLING_TO_LVSEG) && (flags & A_POSITIONAL_FILL))
				flags &= ~A_POSITIONAL_FILL;
			else if (phase == ALLOC_NORMAL && (flags & A_CLING_TO_ALLOCED))
				flags &= ~A_CLING_TO_ALLOCED;
			else
				break;
		} else if (phase == ALLOC_NORMAL && !(flags & A_CLING_TO_ALLOCED)) {
			/* stay on the disks just used */
			flags |= A_CLING_TO_ALLOCED;
		}
	} while (phase != ALLOC_CONTIGUOUS && s->allocated != s->needed && (flags & A_CAN_SPLIT) &&
	         (!approx || maps_size(&s->m)));
}

static unsigned phase_flags(const struct search *s, enum alloc_policy phase, int can_split)
{
	unsigned flags = 0;
	int cling = phase == ALLOC_CLING || phase == ALLOC_CLING_BY_TAGS;

	if (s->prev && s->prev->type == SEG_STRIPED && s->prev->stripe_count == 1) {
		flags |= A_AREA_COUNT_MATCHES;
		if (phase == ALLOC_CONTIGUOUS)
			flags |= A_CONTIGUOUS_TO_LVSEG | A_POSITIONAL_FILL;
		else if (cling)
			flags |= A_CLING_TO_LVSEG | A_POSITIONAL_FILL;
	} else if (cling) {
		/* a new LV clings to what its first pieces took */
		flags |= A_CLING_TO_ALLOCED | A_POSITIONAL_FILL;
	}
	if (phase == ALLOC_NORMAL && s->allocated != s->needed)
		flags |= A_CLING_TO_ALLOCED;
	if (can_split)
		flags |= A_CAN_SPLIT;
	return flags;
}

/* Does linear segment `b` continue linear segment `a` on the same PV? */
static int continues(const struct segment *a, const struct segment *b)
{
	return a->type == SEG_STRIPED && a->stripe_count == 1 && b->type == SEG_STRIPED &&
	       b->stripe_count == 1 && a->areas[0].pv == b->areas[0].pv &&
	       a->areas[0].pe + a->len == b->areas[0].pe;
}

/* Append `len` extents at pv:pe to the LV, as a segment of its own. */
static void append_piece(struct lv *lv, struct pv *pv, uint32_t pe, uint32_t len)
{
	struct segment *seg = lv_add_segment(lv, SEG_STRIPED, lv_extents(lv), len, 1);
	seg->areas[0].pv = pv;
	seg->areas[0].pe = pe;
}

/* lvm2's lv_merge_segments() after an extend: each linear segment that
 * continues the one before it joins it (two that lvm2 left apart, for
 * one, after lvextend -I). */
static void merge_segments(struct lv *lv)
{
	size_t out = 0;

	for (size_t i = 1; i < lv->n_segs; i++) {
		struct segment *a = &lv->segs[out], *b = &lv->segs[i];
		if (continues(a, b)) {
			a->len += b->len;
			free(b->areas);
			continue;
		}
		lv->segs[++out] = *b;
	}
	if (lv->n_segs)
		lv->n_segs = out + 1;
}

static enum alloc_policy effective_policy(const struct vg *vg, const struct lv *lv,
                                          enum alloc_policy asked)
{
	enum alloc_policy p = asked;
	if (p == ALLOC_INVALID || p == ALLOC_INHERIT)
		p = lv_alloc_policy(lv);
	if (p == ALLOC_INHERIT)
		p = vg_alloc_policy(vg);
	return p;
}

int alloc_extend(struct vg *vg, struct lv *lv, uint32_t extents, const struct alloc_request *req,
                 uint32_t *got)
{
	struct search s;
	enum alloc_policy policy = effective_policy(vg, lv, req->policy), last;
	int can_split = policy != ALLOC_CONTIGUOUS, rc = -1;
	uint32_t avail;

	memset(&s, 0, sizeof(s));
	maps_build(&s.m, vg, req->allowed, req->n_allowed);
	s.lv = lv;
	s.prev = lv->n_segs ? &lv->segs[lv->n_segs - 1] : NULL;
	s.needed = extents;
	avail = maps_size(&s.m);
	if (avail < extents && !req->approx) {
		log_error("Volume group \"%s\" has insufficient free space (%u extents): %u "
		          "required.",
		          vg->name, avail, extents);
		goto out;
	}
	/* lvm2 tries cling_by_tags after cling, and only with a tag list */
	last = policy == ALLOC_CLING ? ALLOC_CLING_BY_TAGS : policy;
	for (int phase = ALLOC_CONTIGUOUS; phase <= (int)last; phase++) {
		uint32_t old = s.allocated;
		if (phase == ALLOC_CLING_BY_TAGS)
			continue;
		find_max(&s, phase_flags(&s, (enum alloc_policy)phase, can_split),
		         (enum alloc_policy)phase, req->approx);
		if (s.allocated == s.needed || (!can_split && s.allocated != old))
			break;
	}
	if (s.allocated != s.needed) {
		const char *how = can_split ? "" : "contiguous ";
		if (!req->approx) {
			log_error("Insufficient suitable %sallocatable extents for logical volume "
			          "%s: %u more required",
			          how, lv->name, s.needed - s.allocated);
			goto out;
		}
		if (!s.allocated) {
			log_error("Insufficient suitable %sallocatable extents found for logical "
			          "volume %s.",
			          how, lv->name);
			goto out;
		}
		log_verbose("Found fewer %sallocatable extents for logical volume %s than "
		            "requested: using %u extents (reduced by %u).",
		            how, lv->name, s.allocated, s.needed - s.allocated);
	}
	/* only now, so that a refusal leaves the LV as it was */
	for (size_t i = 0; i < s.n_pieces; i++)
		append_piece(lv, s.pieces[i].pv, s.pieces[i].pe, s.pieces[i].len);
	merge_segments(lv);
	if (got)
		*got = s.allocated;
	rc = 0;
out:
	maps_release(&s.m);
	free(s.slots);
	free(s.pieces);
	return rc;
}

int alloc_extend_lv(struct vg *vg, struct lv *lv, uint32_t extents, struct pv *const *allowed,
                    size_t n_allowed)
{
	struct alloc_request req = {ALLOC_INHERIT, 0, allowed, n_allowed};
	return alloc_extend(vg, lv, extents, &req, NULL);
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
