/* libFuzzer target for lib/metadata/format/label.c: the PV label and the
 * metadata area header come straight from disks.
 *
 * Input layout (shorter inputs are padded with zeros):
 *   bytes    0-2047  the label scan area (sectors 0-3)
 *   bytes 2048-2559  a metadata area header sector
 *   byte  2560       flags: bit 0 keeps the label checksums as given,
 *                    bit 1 the header checksum (by default the harness
 *                    fixes them with lvm_crc32, so mutations get past
 *                    the checksums, as cryptsetup's fuzzers do)
 *   bytes 2561-2568  a text length for mda_next_offset (little-endian)
 *
 * For each sector: label_parse; a label found must have sane counts and
 * id and survive label_build + label_parse unchanged.  The header is
 * parsed against each metadata area of the label and against the
 * start/size it claims itself; a header accepted must survive
 * mda_header_build + mda_header_parse, and the placement of a next text
 * (mda_next_offset, mda_span) must stay inside the area and off the
 * committed copy.  Any broken promise aborts.
 *
 * Build and run (see tests/fuzz/README.md):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE \
 *     -Ilib -I. tests/fuzz/fuzz_label.c lib/metadata/format/label.c \
 *     lib/misc/crc.c lib/misc/strbuf.c lib/misc/xalloc.c lib/misc/uuid.c \
 *     lib/misc/log.c -lz -o fuzz_label
 *   ./fuzz_label -max_total_time=300 corpus-dir tests/fuzz/corpus/label
 * With -DFUZZ_STANDALONE it is a plain program that runs the files named
 * on its command line once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metadata/format/label.h"
#include "misc/crc.h"
#include "misc/strbuf.h"
#include "misc/uuid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SCAN_BYTES  (LABEL_SCAN_SECTORS * SECTOR_SIZE)
#define INPUT_BYTES (SCAN_BYTES + MDA_HEADER_SIZE + 1 + 8)

static _Noreturn void broken(const char *what)
{
	fprintf(stderr, "fuzz_label: %s\n", what);
	abort();
}

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

/* Is ring position [b, b+bl) clear of [a, a+al) in the circular buffer
 * [512, size)? */
static int ring_overlap(uint64_t size, uint64_t a, uint64_t al, uint64_t b, uint64_t bl)
{
	uint64_t ring = size - MDA_HEADER_SIZE;
	uint64_t da = a - MDA_HEADER_SIZE, db = b - MDA_HEADER_SIZE;
	uint64_t ab = (db + ring - da) % ring, ba = (da + ring - db) % ring;
	if (!al || !bl)
		return 0;
	return ab < al || ba < bl;
}

static int same_areas(const struct disk_area *a, const struct disk_area *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (a[i].offset != b[i].offset || a[i].size != b[i].size)
			return 0;
	return 1;
}

static int same_label(const struct pv_label *a, const struct pv_label *b)
{
	return a->sector == b->sector && !strcmp(a->pv_id, b->pv_id) &&
	       a->dev_size == b->dev_size && a->n_data == b->n_data && a->n_mda == b->n_mda &&
	       a->n_ba == b->n_ba && a->ext_version == b->ext_version &&
	       a->ext_flags == b->ext_flags && same_areas(a->data, b->data, a->n_data) &&
	       same_areas(a->mda, b->mda, a->n_mda) && same_areas(a->ba, b->ba, a->n_ba);
}

static void check_header(const uint8_t *hdr, uint64_t start, uint64_t size, uint64_t len)
{
	struct strbuf err = STRBUF_INIT;
	struct mda_header h, h2;
	uint8_t built[MDA_HEADER_SIZE];
	struct mda_span sp;
	uint64_t off;
	int r = mda_header_parse(hdr, start, size, &h, &err);

	if (r != 0 && r != -1)
		broken("mda_header_parse returned neither 0 nor -1");
	if (r) {
		if (!err.len)
			broken("mda_header_parse failed without a reason");
		strbuf_release(&err);
		return;
	}
	if (err.len)
		broken("mda_header_parse succeeded with a reason");
	if (h.start != start || h.size != size || size <= MDA_HEADER_SIZE)
		broken("accepted header does not describe the area");
	for (int i = 0; i < 2; i++) {
		const struct raw_locn *l = &h.loc[i];
		if ((l->offset || l->size) && (l->offset < MDA_HEADER_SIZE || l->offset >= size ||
		                               l->size > size - MDA_HEADER_SIZE))
			broken("accepted raw location outside the area");
	}
	mda_header_build(&h, built);
	if (mda_header_parse(built, start, size, &h2, &err))
		broken("built header does not parse");
	/* the checksum covers bytes the struct does not keep; an empty raw
	 * location ends the list, its other fields mean nothing (the
	 * IGNORED flag lvm2 keeps there is checked in test_format_label.c) */
	h2.checksum = h.checksum;
	for (int i = 0; i < 2; i++)
		if (!h.loc[i].offset && !h.loc[i].size) {
			h2.loc[i].checksum = h.loc[i].checksum;
			h2.loc[i].flags = h.loc[i].flags;
		}
	if (memcmp(&h, &h2, sizeof(h)))
		broken("header changed through build + parse");

	/* where a next text of `len` bytes goes */
	if (!mda_next_offset(&h, len, &off)) {
		if (!len)
			goto out; /* nothing to place */
		if (off < MDA_HEADER_SIZE || off >= size)
			broken("next offset outside the area");
		if (len > size - MDA_HEADER_SIZE)
			broken("placed a text larger than the buffer");
		/* lvm2 and vgtool write sector-aligned copies; the overlap
		 * of an unaligned committed copy is a known, separate case */
		if (!(h.loc[0].offset % SECTOR_SIZE) && !(size % SECTOR_SIZE) &&
		    ring_overlap(size, h.loc[0].offset, h.loc[0].size, off, len))
			broken("next text overlaps the committed one");
		mda_span(&h, off, len, &sp);
		if (sp.len1 + sp.len2 != len || sp.off1 != off || sp.off1 + sp.len1 > size ||
		    (sp.len2 && (sp.off2 != MDA_HEADER_SIZE || sp.off2 + sp.len2 > size)))
			broken("mda_span pieces wrong");
	}
	/* reading the committed copy uses mda_span too */
	if (h.loc[0].size) {
		mda_span(&h, h.loc[0].offset, h.loc[0].size, &sp);
		if (sp.len1 + sp.len2 != h.loc[0].size || sp.off1 + sp.len1 > size ||
		    (sp.len2 && sp.off2 + sp.len2 > size))
			broken("mda_span of the committed copy out of the area");
	}
out:
	strbuf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t in[INPUT_BYTES];
	uint8_t *scan = in, *hdr = in + SCAN_BYTES;
	unsigned flags;
	uint64_t len;
	int found = 0;

	memset(in, 0, sizeof(in));
	memcpy(in, data, size < sizeof(in) ? size : sizeof(in));
	flags = in[SCAN_BYTES + MDA_HEADER_SIZE];
	len = get64(in + SCAN_BYTES + MDA_HEADER_SIZE + 1);

	if (!(flags & 1))
		for (unsigned s = 0; s < LABEL_SCAN_SECTORS; s++)
			if (!memcmp(scan + s * SECTOR_SIZE, "LABELONE", 8))
				put32(scan + s * SECTOR_SIZE + 16,
				      lvm_crc32(LVM_CRC_INITIAL, scan + s * SECTOR_SIZE + 20,
				                SECTOR_SIZE - 20));
	if (!(flags & 2))
		put32(hdr, lvm_crc32(LVM_CRC_INITIAL, hdr + 4, MDA_HEADER_SIZE - 4));

	for (unsigned s = 0; s < LABEL_SCAN_SECTORS; s++) {
		struct strbuf err = STRBUF_INIT;
		struct pv_label l, l2;
		uint8_t built[SECTOR_SIZE];
		int r = label_parse(scan + s * SECTOR_SIZE, s, &l, &err);

		if (r < -1 || r > 1)
			broken("label_parse returned something else than -1, 0, 1");
		if (r == -1 && !err.len)
			broken("damaged label without a reason");
		if (r != -1 && err.len)
			broken("a reason without damage");
		if (r == 1) {
			found = 1;
			if (l.n_data > MAX_AREAS || l.n_mda > MAX_AREAS || l.n_ba > MAX_AREAS)
				broken("too many areas");
			if (l.sector != s || !uuid_valid_raw(l.pv_id))
				broken("bad sector or id accepted");
			label_build(&l, built);
			if (label_parse(built, s, &l2, &err) != 1)
				broken("built label does not parse");
			if (!same_label(&l, &l2))
				broken("label changed through build + parse");
			for (unsigned m = 0; m < l.n_mda; m++)
				check_header(hdr, l.mda[m].offset, l.mda[m].size, len);
		}
		strbuf_release(&err);
	}
	/* the header on its own, for the area it claims */
	if (!found)
		check_header(hdr, get64(hdr + 24), get64(hdr + 32), len);
	return 0;
}

#include "standalone.h"
