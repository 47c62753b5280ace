/* Where a new PV's areas go (pure): the data area's start and its zero,
 * one or two metadata areas, as lvm2 2.03.16's pvcreate places them for
 * --pvmetadatacopies, --metadatasize, --dataalignment and
 * --dataalignmentoffset; and where pvresize moves the second area.
 *
 * The first metadata area starts at 4 KiB (lvm2's page size on x86_64)
 * and is grown so that the data area after it starts on the alignment
 * (then shifted by the offset).  The second one sits at the end of the
 * device, grown downwards to start on the alignment.  Either gives way
 * to the space there is; an area under lvm2's 32 KiB floor is refused. */
#ifndef VGTOOL_LAYOUT_H
#define VGTOOL_LAYOUT_H

#include <stdint.h>
#include "metadata/format/label.h"
#include "misc/strbuf.h"

#define LAYOUT_MDA_START      4096ULL         /* lvm2: LABEL_SCAN_SIZE up to a page */
#define LAYOUT_MDA_SIZE_MIN   32768ULL        /* lvm2: 8 pages */
#define LAYOUT_DEFAULT_MDA    (2040ULL * 512) /* lvm2's default for a 4 KiB page */
#define LAYOUT_DEFAULT_ALIGN  (1ULL << 20)    /* the first extent at 1 MiB */
#define LAYOUT_MAX_MDA_COPIES 2

struct pv_layout_args {
	uint64_t dev_size;     /* bytes */
	unsigned mda_copies;   /* 0, 1 or 2 */
	uint64_t mda_size;     /* bytes asked for each area; 0: the default */
	uint64_t align;        /* bytes; 0: 1 MiB */
	uint64_t align_offset; /* bytes */
	uint64_t pe_start;     /* bytes: a data start to keep (a replacement
	                        * for a lost PV); 0: computed */
	const char *name;      /* the device, for the messages */
	/* bytes: a bootloader area between the first metadata area and the
	 * data (--bootloaderareasize), 0 for none; ba_start: where a kept
	 * data start's area starts (from a backup), 0 for after the
	 * alignment */
	uint64_t ba_size, ba_start;
};

struct pv_layout {
	uint64_t pe_start;          /* bytes */
	uint64_t ba_start, ba_size; /* bytes; 0, 0 for none */
	struct disk_area mda[LAYOUT_MAX_MDA_COPIES];
	unsigned n_mda;
};

/* 0 and the layout, or -1 with lvm2's reason in one line in err. */
int pv_layout_compute(const struct pv_layout_args *a, struct pv_layout *out, struct strbuf *err);

/* pvresize of a PV with an area at its end: where an area of `mda_size`
 * bytes goes on a device now `dev_size` bytes long whose data starts at
 * `pe_start` (lvm2 moves it without aligning it).  0, or -1 with lvm2's
 * reason in err. */
int pv_layout_end_mda(uint64_t dev_size, uint64_t mda_size, uint64_t pe_start, const char *name,
                      struct disk_area *out, struct strbuf *err);

#endif
