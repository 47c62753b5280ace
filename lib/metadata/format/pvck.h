/* pvck: check and print a PV's label, PV header, metadata area headers
 * and metadata text, field by field, as lvm2 2.03.16's pvck does.
 *
 * Unlike the scan (store.c), which takes a PV or leaves it, this reads
 * every field of damaged bytes and says what is wrong with each, in
 * lvm2's words ("CHECK: ..."), so that the output of both tools on the
 * same disk can be compared line for line.  Everything read is untrusted:
 * lists are bounded by their sector, reads by the device, and no offset
 * or size taken from the disk is used before it is checked.
 *
 * Pure: bytes come through a read callback, output goes to buffers. */
#ifndef VGTOOL_PVCK_H
#define VGTOOL_PVCK_H

#include <stddef.h>
#include <stdint.h>
#include "misc/strbuf.h"
#include "misc/uuid.h"

struct pvck_dev {
	/* Read `len` bytes at byte `off`: 0, or -1 (the callback may log). */
	int (*read)(void *arg, uint64_t off, void *buf, size_t len);
	void *arg;
	uint64_t size; /* bytes */
	const char *name;
};

enum pvck_dump {
	PVCK_CHECK = 0,       /* no --dump: lvm2's "Found label ..." check */
	PVCK_HEADERS,         /* every field of the label and area headers */
	PVCK_METADATA,        /* the committed metadata text */
	PVCK_METADATA_ALL,    /* every copy of the metadata found in the area */
	PVCK_METADATA_AREA,   /* the area's bytes, to the file */
	PVCK_METADATA_SEARCH, /* as _ALL, the area found without its header */
};

/* lvm2's --settings "key=value ...": where to look, what to take.  All
 * sizes and offsets in bytes; each value counts only when its _set flag
 * is on. */
struct pvck_settings {
	uint64_t metadata_offset;          /* dumps: the one copy at this device offset */
	uint64_t mda_offset, mda_size;     /* metadata_search: the first area; */
	uint64_t mda2_offset, mda2_size;   /* ... the second; repairs: mda2 */
	uint64_t device_size, data_offset; /* repairs without a metadata file */
	uint32_t seqno;                    /* dumps: the one copy of this seqno */
	char pv_id[UUID_LEN + 1];          /* repairs: the PV's uuid (raw) */
	int mda_num;                       /* 1 or 2 (0: not given) */
	unsigned char metadata_offset_set, mda_offset_set, mda_size_set, mda2_offset_set,
	    mda2_size_set, device_size_set, data_offset_set, seqno_set, pv_id_set;
};

/* Add the pairs of one --settings string (spaces around '=' allowed, as
 * lvm2 reads them) to *set.  0, or -1 after lvm2's line naming what is
 * wrong. */
int pvck_settings_parse(const char *str, struct pvck_settings *set);

struct pvck_opts {
	enum pvck_dump dump;
	uint64_t label_sector; /* where the label is looked for (lvm2: 1) */
	int mda_num;           /* 1 or 2: which metadata area (0: none) */
	int verbose;           /* _ALL, _SEARCH: each copy's description */
	int to_file;           /* text goes to `file` instead of `out` */
	/* --settings (NULL: none); its mda_num, when given, is the caller's
	 * to put in mda_num above */
	const struct pvck_settings *set;
};

enum pvck_result {
	PVCK_OK = 0,
	PVCK_BAD,      /* something is wrong (lvm2: "Found bad header ...") */
	PVCK_NO_LABEL, /* the check found no label */
	PVCK_FAILED,   /* could not be done (why: on warn) */
};

/* Run the check or dump on `d`.  `out` gets what lvm2 prints on stdout
 * (its "  " indent included), `file` what it writes to --file, `warn`
 * its warnings for stderr (one per line).  The lvm2 line for a result
 * other than PVCK_OK is the caller's to print. */
enum pvck_result pvck_run(const struct pvck_dev *d, const struct pvck_opts *o, struct strbuf *out,
                          struct strbuf *file, struct strbuf *warn);

/* What the label walk of the dumps found (lvm2 reads these from a
 * damaged label too). */
struct pvck_label_info {
	int found; /* id and type right */
	uint64_t mda1_offset, mda1_size, mda2_offset, mda2_size;
	int mda_count;
	/* a list ran past the label sector (lvm2 would read on past it):
	 * damage even when no metadata area was found */
	int overrun;
	char pv_id[UUID_LEN + 1]; /* the uuid field as stored (any bytes) */
};

/* The walk of the label at `label_sector` that every dump and repair
 * starts with, printing no field: its CHECK lines on `out`, read errors
 * on `warn`.  0, or -1 when something is wrong. */
int pvck_label_walk(const struct pvck_dev *d, uint64_t label_sector, struct strbuf *out,
                    struct strbuf *warn, struct pvck_label_info *li);

/* Does `line` (line_size bytes at most) start a metadata text, "name {"
 * (lvm2's test)?  1 with the name's length in *len, else 0. */
int pvck_vgname_start(const char *line, size_t line_size, int *len);

/* A dump name (lvm2's --dump values, metadata_area included): 0 and *out,
 * or -1. */
int pvck_dump_parse(const char *name, enum pvck_dump *out);

#endif
