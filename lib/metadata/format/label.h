/* The LVM2 PV label (one 512-byte sector, sector 1 by default) and the
 * metadata area header (the first 512 bytes of each metadata area).
 *
 * Pure byte <-> struct conversion with every field checked; the bytes come
 * from disks and are untrusted. */
#ifndef VGTOOL_LABEL_H
#define VGTOOL_LABEL_H

#include <stddef.h>
#include <stdint.h>
#include "misc/strbuf.h"
#include "misc/uuid.h"

#define SECTOR_SIZE        512
#define LABEL_SCAN_SECTORS 4 /* lvm2 looks for the label in sectors 0-3 */
#define MDA_HEADER_SIZE    512
#define MAX_AREAS          8 /* more than lvm2 ever writes (1 data area, 2 mdas) */

struct disk_area {
	uint64_t offset; /* bytes from the start of the device */
	uint64_t size;   /* bytes; 0 for a data area means "to the end" */
};

struct pv_label {
	uint64_t sector; /* where the label lives */
	char pv_id[UUID_LEN + 1];
	uint64_t dev_size; /* bytes */
	struct disk_area data[MAX_AREAS];
	unsigned n_data;
	struct disk_area mda[MAX_AREAS];
	unsigned n_mda;
	uint32_t ext_version;           /* 0 when there is no extension */
	uint32_t ext_flags;             /* PV_EXT_USED: the PV belongs to a VG */
	struct disk_area ba[MAX_AREAS]; /* bootloader areas */
	unsigned n_ba;
};

#define PV_EXT_USED 0x1

/* Returns 1 if `sector` (512 bytes read at sector number `sector_no`)
 * holds a valid LVM2 label and fills `out`; 0 if it holds no label at all
 * (no LABELONE); -1 if it looks like a label but is damaged, with the
 * reason in err. */
int label_parse(const uint8_t *sector, uint64_t sector_no, struct pv_label *out,
                struct strbuf *err);
void label_build(const struct pv_label *label, uint8_t sector[SECTOR_SIZE]);
/* Set the label header (the first 32 bytes: id, sector number, contents
 * offset, type, crc) of a label sector for sector `sector_no`, leaving the
 * PV header after it as it is, and return the crc (of bytes 20-511, so
 * it covers the PV header too).  pvck --repairtype label_header. */
uint32_t label_header_set(uint8_t sector[SECTOR_SIZE], uint64_t sector_no);

/* A raw location: where one copy of the metadata text sits in the area. */
struct raw_locn {
	uint64_t offset; /* from the start of the area, >= MDA_HEADER_SIZE */
	uint64_t size;   /* bytes of text, including the final NUL */
	uint32_t checksum;
	uint32_t flags;
};

#define RAW_LOCN_IGNORED 0x1

struct mda_header {
	uint32_t checksum;
	uint32_t version;
	uint64_t start;         /* absolute byte offset of the area */
	uint64_t size;          /* bytes */
	struct raw_locn loc[2]; /* 0: committed, 1: precommitted (size 0 if none) */
};

/* The header fields lvm2 checks one by one, each with its own warning (a
 * damaged header may fail several): a bit per faulty field, 0 when all
 * four are right.  `h` gets the stored values whatever they are. */
enum {
	MDA_BAD_CHECKSUM = 1,
	MDA_BAD_MAGIC = 2,
	MDA_BAD_VERSION = 4,
	MDA_BAD_START = 8,
};
unsigned mda_header_faults(const uint8_t *buf, uint64_t area_start, struct mda_header *h);

/* Parse the header sector of the area at byte offset `area_start` of
 * `area_size` bytes.  Returns 0, or -1 with the reason in err (checksum,
 * magic, version, start/size mismatch, raw locations outside the area). */
int mda_header_parse(const uint8_t *buf, uint64_t area_start, uint64_t area_size,
                     struct mda_header *out, struct strbuf *err);
void mda_header_build(const struct mda_header *h, uint8_t buf[MDA_HEADER_SIZE]);

/* The largest metadata text (bytes, NUL included) an area of `area_size`
 * bytes takes, as lvm2 2.03.16 counts it: half the ring after the header,
 * less one sector, so that the committed copy and a new one always fit
 * side by side.  0 for an area too small for any. */
uint64_t mda_max_text_size(uint64_t area_size);

/* Where metadata text of `len` bytes (incl. NUL) goes next in the circular
 * buffer, keeping the committed copy intact: right after it, 512-aligned,
 * wrapping to just after the header.  Returns 0 and the offset (from the
 * area start), or -1 if the text is larger than mda_max_text_size or the
 * area cannot hold it next to the old copy. */
int mda_next_offset(const struct mda_header *h, uint64_t len, uint64_t *offset);

/* Split a text placement into at most two contiguous byte ranges of the
 * area (the second one when it wraps past the end). */
struct mda_span {
	uint64_t off1, len1, off2, len2; /* offsets from the area start */
};
void mda_span(const struct mda_header *h, uint64_t offset, uint64_t len, struct mda_span *out);

#endif
