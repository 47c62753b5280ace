/* PV label and metadata area header: bytes <-> structs.
 *
 * Layout (all integers little-endian), from the LVM2 format:
 *
 *   label sector:  0 "LABELONE" | 8 sector number u64 | 16 crc u32 of
 *                  bytes 20..511 | 20 contents offset u32 (32) |
 *                  24 "LVM2 001" | 32 pv_header
 *   pv_header:     uuid[32] | device size u64 | data areas (u64 offset,
 *                  u64 size)... 0,0 | metadata areas ... 0,0 |
 *                  extension: version u32, flags u32, bootloader
 *                  areas ... 0,0
 *   mda header:    crc u32 of bytes 4..511 | magic[16] | version u32 |
 *                  start u64 | size u64 | raw locations (u64 offset,
 *                  u64 size, u32 checksum, u32 flags)... zero entry
 *
 * Every list is bounded by the sector it lives in; anything that would
 * run past it, or any count beyond MAX_AREAS, is damage. */
#include <string.h>

#include "metadata/format/label.h"
#include "misc/crc.h"

static const char label_id[8] = {'L', 'A', 'B', 'E', 'L', 'O', 'N', 'E'};
static const char label_type[8] = {'L', 'V', 'M', '2', ' ', '0', '0', '1'};
static const char mda_magic[16] = {' ', 'L', 'V', 'M', '2', ' ', 'x', '[',
                                   '5', 'A', '%', 'r', '0', 'N', '*', '>'};
#define MDA_VERSION           1
#define LABEL_CONTENTS_OFFSET 32
#define PV_HEADER_AREAS       72 /* 32 + uuid 32 + dev size 8 */

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* Read a zero-terminated list of (offset, size) pairs at *pos. */
static int read_areas(const uint8_t *s, size_t *pos, struct disk_area *areas, unsigned *n,
                      const char *what, struct strbuf *err)
{
	*n = 0;
	for (;;) {
		uint64_t off, size;
		if (*pos + 16 > SECTOR_SIZE) {
			strbuf_addf(err, "%s list runs past the label sector", what);
			return -1;
		}
		off = get64(s + *pos);
		size = get64(s + *pos + 8);
		*pos += 16;
		if (!off && !size)
			return 0;
		if (*n == MAX_AREAS) {
			strbuf_addf(err, "more than %d %s", MAX_AREAS, what);
			return -1;
		}
		areas[*n].offset = off;
		areas[*n].size = size;
		(*n)++;
	}
}

int label_parse(const uint8_t *s, uint64_t sector_no, struct pv_label *out, struct strbuf *err)
{
	size_t pos = PV_HEADER_AREAS;
	uint32_t crc;

	if (memcmp(s, label_id, sizeof(label_id)))
		return 0;
	memset(out, 0, sizeof(*out));
	if (get64(s + 8) != sector_no) {
		strbuf_addf(err, "label in sector %llu claims sector %llu",
		            (unsigned long long)sector_no, (unsigned long long)get64(s + 8));
		return -1;
	}
	crc = lvm_crc32(LVM_CRC_INITIAL, s + 20, SECTOR_SIZE - 20);
	if (crc != get32(s + 16)) {
		strbuf_addf(err, "label checksum mismatch (stored 0x%08x, computed 0x%08x)",
		            get32(s + 16), crc);
		return -1;
	}
	if (get32(s + 20) != LABEL_CONTENTS_OFFSET) {
		strbuf_addf(err, "unsupported label contents offset %u", get32(s + 20));
		return -1;
	}
	if (memcmp(s + 24, label_type, sizeof(label_type))) {
		strbuf_addstr(err, "label is not of type \"LVM2 001\"");
		return -1;
	}
	out->sector = sector_no;
	memcpy(out->pv_id, s + 32, UUID_LEN);
	out->pv_id[UUID_LEN] = '\0';
	if (!uuid_valid_raw(out->pv_id)) {
		strbuf_addstr(err, "label holds an invalid PV uuid");
		return -1;
	}
	out->dev_size = get64(s + 64);
	if (read_areas(s, &pos, out->data, &out->n_data, "data areas", err) ||
	    read_areas(s, &pos, out->mda, &out->n_mda, "metadata areas", err))
		return -1;
	/* The extension is optional (old lvm2 wrote none); version 0 or a
	 * sector too short to hold it means there is none. */
	if (pos + 8 <= SECTOR_SIZE && get32(s + pos)) {
		out->ext_version = get32(s + pos);
		out->ext_flags = get32(s + pos + 4);
		pos += 8;
		if (read_areas(s, &pos, out->ba, &out->n_ba, "bootloader areas", err))
			return -1;
	}
	return 1;
}

static void write_areas(uint8_t *s, size_t *pos, const struct disk_area *areas, unsigned n)
{
	for (unsigned i = 0; i < n; i++, *pos += 16) {
		put64(s + *pos, areas[i].offset);
		put64(s + *pos + 8, areas[i].size);
	}
	*pos += 16; /* the zero terminator (the sector starts zeroed) */
}

uint32_t label_header_set(uint8_t s[SECTOR_SIZE], uint64_t sector_no)
{
	uint32_t crc;

	memcpy(s, label_id, sizeof(label_id));
	put64(s + 8, sector_no);
	put32(s + 20, LABEL_CONTENTS_OFFSET);
	memcpy(s + 24, label_type, sizeof(label_type));
	crc = lvm_crc32(LVM_CRC_INITIAL, s + 20, SECTOR_SIZE - 20);
	put32(s + 16, crc);
	return crc;
}

void label_build(const struct pv_label *l, uint8_t s[SECTOR_SIZE])
{
	size_t pos = PV_HEADER_AREAS;

	memset(s, 0, SECTOR_SIZE);
	memcpy(s + 32, l->pv_id, UUID_LEN);
	put64(s + 64, l->dev_size);
	write_areas(s, &pos, l->data, l->n_data);
	write_areas(s, &pos, l->mda, l->n_mda);
	if (l->ext_version) {
		put32(s + pos, l->ext_version);
		put32(s + pos + 4, l->ext_flags);
		pos += 8;
		write_areas(s, &pos, l->ba, l->n_ba);
	}
	/* last: the crc covers the PV header */
	label_header_set(s, l->sector);
}

unsigned mda_header_faults(const uint8_t *b, uint64_t area_start, struct mda_header *h)
{
	unsigned bad = 0;

	memset(h, 0, sizeof(*h));
	h->checksum = get32(b);
	h->version = get32(b + 20);
	h->start = get64(b + 24);
	h->size = get64(b + 32);
	if (lvm_crc32(LVM_CRC_INITIAL, b + 4, MDA_HEADER_SIZE - 4) != h->checksum)
		bad |= MDA_BAD_CHECKSUM;
	if (memcmp(b + 4, mda_magic, sizeof(mda_magic)))
		bad |= MDA_BAD_MAGIC;
	if (h->version != MDA_VERSION)
		bad |= MDA_BAD_VERSION;
	if (h->start != area_start)
		bad |= MDA_BAD_START;
	return bad;
}

int mda_header_parse(const uint8_t *b, uint64_t area_start, uint64_t area_size,
                     struct mda_header *out, struct strbuf *err)
{
	uint32_t crc = lvm_crc32(LVM_CRC_INITIAL, b + 4, MDA_HEADER_SIZE - 4);
	size_t pos = 40;

	memset(out, 0, sizeof(*out));
	out->checksum = get32(b);
	if (crc != out->checksum) {
		strbuf_addf(err,
		            "metadata area header checksum mismatch (stored 0x%08x, computed "
		            "0x%08x)",
		            out->checksum, crc);
		return -1;
	}
	if (memcmp(b + 4, mda_magic, sizeof(mda_magic))) {
		strbuf_addstr(err, "metadata area header has a wrong magic number");
		return -1;
	}
	out->version = get32(b + 20);
	if (out->version != MDA_VERSION) {
		strbuf_addf(err, "unsupported metadata area header version %u", out->version);
		return -1;
	}
	out->start = get64(b + 24);
	out->size = get64(b + 32);
	if (out->start != area_start || out->size != area_size) {
		strbuf_addf(err, "metadata area header describes %llu+%llu, label says %llu+%llu",
		            (unsigned long long)out->start, (unsigned long long)out->size,
		            (unsigned long long)area_start, (unsigned long long)area_size);
		return -1;
	}
	if (area_size <= MDA_HEADER_SIZE) {
		strbuf_addf(err, "metadata area of %llu bytes is too small",
		            (unsigned long long)area_size);
		return -1;
	}
	for (int i = 0; i < 2 && pos + 24 <= MDA_HEADER_SIZE; i++, pos += 24) {
		struct raw_locn *r = &out->loc[i];
		r->offset = get64(b + pos);
		r->size = get64(b + pos + 8);
		r->checksum = get32(b + pos + 16);
		r->flags = get32(b + pos + 20);
		if (!r->offset && !r->size)
			break; /* end of list */
		if (r->offset < MDA_HEADER_SIZE || r->offset >= area_size ||
		    r->size > area_size - MDA_HEADER_SIZE) {
			strbuf_addf(err,
			            "metadata location %llu+%llu lies outside the %llu-byte area",
			            (unsigned long long)r->offset, (unsigned long long)r->size,
			            (unsigned long long)area_size);
			return -1;
		}
	}
	return 0;
}

void mda_header_build(const struct mda_header *h, uint8_t b[MDA_HEADER_SIZE])
{
	size_t pos = 40;

	memset(b, 0, MDA_HEADER_SIZE);
	memcpy(b + 4, mda_magic, sizeof(mda_magic));
	put32(b + 20, MDA_VERSION);
	put64(b + 24, h->start);
	put64(b + 32, h->size);
	for (int i = 0; i < 2; i++) {
		const struct raw_locn *r = &h->loc[i];
		/* an empty but flagged location (an ignored area of an orphan
		 * PV: 0, 0, 0, IGNORED) is kept, as lvm2 writes it */
		if (!r->offset && !r->size && !r->flags)
			break;
		put64(b + pos, r->offset);
		put64(b + pos + 8, r->size);
		put32(b + pos + 16, r->checksum);
		put32(b + pos + 20, r->flags);
		pos += 24;
	}
	put32(b, lvm_crc32(LVM_CRC_INITIAL, b + 4, MDA_HEADER_SIZE - 4));
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

/* Does [a, a+alen) meet [b, b+blen), both taken around the circular
 * buffer of the usable part of the area (offsets from the area start)? */
static int circular_overlap(uint64_t size, uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	uint64_t usable = size - MDA_HEADER_SIZE;
	/* positions in the ring, 0 .. usable-1 */
	uint64_t ra = a - MDA_HEADER_SIZE, rb = b - MDA_HEADER_SIZE;
	if (!alen || !blen)
		return 0;
	if (alen >= usable || blen >= usable)
		return 1;
	/* b's start inside a, or a's start inside b, modulo the ring */
	return (rb + usable - ra) % usable < alen || (ra + usable - rb) % usable < blen;
}

uint64_t mda_max_text_size(uint64_t area_size)
{
	uint64_t half;
	if (area_size <= MDA_HEADER_SIZE)
		return 0;
	/* two copies in the ring, each starting on a sector boundary
	 * (lvm2's _vg_write_raw: (mdah->size - MDA_HEADER_SIZE) / 2 - 512) */
	half = (area_size - MDA_HEADER_SIZE) / 2;
	return half > SECTOR_SIZE ? half - SECTOR_SIZE : 0;
}

int mda_next_offset(const struct mda_header *h, uint64_t len, uint64_t *offset)
{
	const struct raw_locn *old = &h->loc[0];
	uint64_t off;

	/* never write a text lvm2 would refuse to write (nor then update) */
	if (!len || len > mda_max_text_size(h->size))
		return -1;
	if (!old->size) {
		*offset = MDA_HEADER_SIZE;
		return 0;
	}
	off = align_up(old->offset + old->size, SECTOR_SIZE);
	while (off >= h->size)
		off = MDA_HEADER_SIZE + (off - h->size);
	/* the committed copy stays valid until the header names the new
	 * one: the two may not overlap, wherever the old one starts */
	if (circular_overlap(h->size, off, len, old->offset, old->size))
		return -1;
	*offset = off;
	return 0;
}

void mda_span(const struct mda_header *h, uint64_t offset, uint64_t len, struct mda_span *out)
{
	memset(out, 0, sizeof(*out));
	out->off1 = offset;
	if (offset + len <= h->size) {
		out->len1 = len;
		return;
	}
	out->len1 = h->size - offset;
	out->off2 = MDA_HEADER_SIZE;
	out->len2 = len - out->len1;
}
