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

struct pvck_opts {
	enum pvck_dump dump;
	uint64_t label_sector; /* where the label is looked for (lvm2: 1) */
	int mda_num;           /* 1 or 2: which metadata area (0: none) */
	int verbose;           /* _ALL, _SEARCH: each copy's description */
	int to_file;           /* text goes to `file` instead of `out` */
};

enum pvck_result {
	PVCK_OK = 0,
	PVCK_BAD,      /* something is wrong (lvm2: "Found bad header ...") */
	PVCK_NO_LABEL, /* the check found no label */
};

/* Run the check or dump on `d`.  `out` gets what lvm2 prints on stdout
 * (its "  " indent included), `file` what it writes to --file, `warn`
 * its warnings for stderr (one per line).  The lvm2 line for a result
 * other than PVCK_OK is the caller's to print. */
enum pvck_result pvck_run(const struct pvck_dev *d, const struct pvck_opts *o, struct strbuf *out,
                          struct strbuf *file, struct strbuf *warn);

/* A dump name (lvm2's --dump values, metadata_area included): 0 and *out,
 * or -1. */
int pvck_dump_parse(const char *name, enum pvck_dump *out);

#endif
