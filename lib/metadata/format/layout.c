/* A new PV's layout, as lvm2 2.03.16 computes it (see layout.h).
 *
 * The arithmetic follows lvm2's order of adjustments step by step, since
 * every step can change the result at the edges (small devices, big
 * areas, odd alignments): compared with lvm2's own layouts by the unit
 * tests (test_format_layout.c) and by kernel scenario 072. */
#include "metadata/format/layout.h"

static int no_room(const struct pv_layout_args *a, unsigned index, struct strbuf *err)
{
	strbuf_addf(err, "Not enough space available for metadata area with index %u on PV %s.",
	            index, a->name);
	return -1;
}

static int too_small(uint64_t size, struct strbuf *err)
{
	strbuf_addf(err,
	            "Metadata area size too small: %llu bytes. It must be at least %llu bytes.",
	            (unsigned long long)size, LAYOUT_MDA_SIZE_MIN);
	return -1;
}

/* The first area: after the label, ending where the data area (or the
 * bootloader area before it) starts. */
static int first_mda(const struct pv_layout_args *a, uint64_t align, int locked,
                     struct pv_layout *out, struct strbuf *err)
{
	uint64_t limit = locked ? out->pe_start : a->dev_size;
	uint64_t start = 2048, size = a->mda_size ? a->mda_size : LAYOUT_DEFAULT_MDA, adj, grown;

	/* (lvm2 takes the bootloader area off the limit, wrapping below 0
	 * into its "no room" check) */
	if (out->ba_size)
		limit -= out->ba_size;

	if (limit > a->dev_size)
		return no_room(a, 0, err);
	/* on a page, when there is room for the smallest area after it */
	if (limit < start || limit - start >= LAYOUT_MDA_SIZE_MIN)
		start = LAYOUT_MDA_START;
	if (limit < start) /* (lvm2's arithmetic wraps around here) */
		return no_room(a, 0, err);
	/* its end (the data's start) on the alignment, then the offset */
	if ((adj = (start + size) % align) && start + (grown = size + align - adj) <= limit)
		size = grown;
	if (a->align_offset && !((start + size) % align) &&
	    start + (grown = size + a->align_offset) <= limit)
		size = grown;
	if (start + size > limit) {
		/* too big for the device: two alignments less, realigned */
		if (!locked && limit - start > 2 * align) {
			size = limit - start - 2 * align;
			if ((adj = (start + size) % align))
				size += align - adj;
			if (start + size > limit)
				return no_room(a, 0, err);
		} else {
			size = limit - start;
		}
	}
	if (!locked && out->ba_size) {
		out->ba_start = start + size;
		out->pe_start = out->ba_start + out->ba_size;
	} else if (!locked) {
		out->pe_start = start + size;
	}
	if (!size)
		return 0; /* (lvm2 then adds no area, silently) */
	if (size < LAYOUT_MDA_SIZE_MIN)
		return too_small(size, err);
	out->mda[out->n_mda++] = (struct disk_area){start, size};
	return 0;
}

/* The second area at the end of the device, not below `limit`; its start
 * moved down to the alignment when there is room (align 0: not). */
static int end_mda(uint64_t dev_size, uint64_t size, uint64_t align, uint64_t limit,
                   const char *name, struct disk_area *out, struct strbuf *err)
{
	uint64_t start, adj;

	if (limit >= dev_size) {
		strbuf_addf(err,
		            "Not enough space available for metadata area with index 1 on PV %s.",
		            name);
		return -1;
	}
	if (size > dev_size)
		size = dev_size - limit;
	start = dev_size - size;
	if (start < limit) {
		size = dev_size - limit;
		start = limit;
	} else if (align && (adj = start % align) && size + adj < dev_size &&
	           dev_size - (size + adj) >= limit) {
		size += adj;
		start -= adj;
	}
	if (size < LAYOUT_MDA_SIZE_MIN)
		return too_small(size, err);
	*out = (struct disk_area){start, size};
	return 0;
}

int pv_layout_compute(const struct pv_layout_args *a, struct pv_layout *out, struct strbuf *err)
{
	uint64_t align = a->align ? a->align : LAYOUT_DEFAULT_ALIGN;
	int locked = a->pe_start != 0;

	out->n_mda = 0;
	if (align < a->align_offset) {
		strbuf_addf(err,
		            "%s: pe_align (%llu sectors) must not be less than pe_align_offset "
		            "(%llu sectors)",
		            a->name, (unsigned long long)(align / 512),
		            (unsigned long long)(a->align_offset / 512));
		return -1;
	}
	if (a->dev_size < align + a->align_offset) {
		strbuf_addf(err, "%s: Data alignment must not exceed device size.", a->name);
		return -1;
	}
	out->pe_start = locked ? a->pe_start : align + a->align_offset;
	out->ba_start = out->ba_size = 0;
	if (a->ba_size && a->dev_size < align + a->align_offset + a->ba_size) {
		strbuf_addf(err, "%s: Bootloader area with data-aligned start must not exceed device size.",
		            a->name);
		return -1;
	}
	if (a->ba_size && !locked) {
		/* after the alignment, its size a whole number of alignments,
		 * cut at the end of the device (data of no extents then) */
		uint64_t first = align + a->align_offset;
		out->ba_start = first;
		out->ba_size = a->ba_size;
		if (out->ba_size % align)
			out->ba_size += align - out->ba_size % align;
		if (a->dev_size < first + out->ba_size)
			out->ba_size = a->dev_size - first;
		out->pe_start = first + out->ba_size;
	} else if (a->ba_size) {
		/* a kept data start: the area fits between the alignment (or
		 * its own start) and the data */
		uint64_t first = align + a->align_offset;
		if ((a->ba_start && a->ba_start + a->ba_size > a->pe_start) ||
		    a->pe_start <= first || a->pe_start - first < a->ba_size) {
			strbuf_addf(err, "%s: Bootloader area would overlap data area.", a->name);
			return -1;
		}
		out->ba_start = a->ba_start ? a->ba_start : first;
		out->ba_size = a->ba_size;
	}
	if (a->mda_copies >= 1 && first_mda(a, align, locked, out, err))
		return -1;
	if (a->mda_copies >= 2) {
		uint64_t size = a->mda_size ? a->mda_size : LAYOUT_DEFAULT_MDA;
		if (end_mda(a->dev_size, size, align, out->pe_start, a->name, &out->mda[out->n_mda],
		            err))
			return -1;
		out->n_mda++;
	}
	return 0;
}

int pv_layout_end_mda(uint64_t dev_size, uint64_t mda_size, uint64_t pe_start, const char *name,
                      struct disk_area *out, struct strbuf *err)
{
	return end_mda(dev_size, mda_size, 0, pe_start, name, out, err);
}
