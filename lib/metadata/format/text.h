/* LVM2 metadata text <-> the VG model. */
#ifndef VGTOOL_TEXT_H
#define VGTOOL_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "metadata/metadata.h"
#include "misc/strbuf.h"

/* Parse and check metadata text (untrusted).  `source` names where it
 * came from in messages ("/dev/sdb", a backup file).  Returns the VG, or
 * NULL after logging one line.  A VG that uses something vgtool does not
 * implement is returned with read_only_reason set. */
struct vg *text_import_vg(const char *text, size_t len, const char *source);
/* The same, setting *syntax to 1 when the text failed to parse (rather
 * than parsed into a VG that is not valid). */
struct vg *text_import_vg_syntax(const char *text, size_t len, const char *source, int *syntax);
/* The same result through a whole tree of the text, without streaming its
 * LVs: for tests, which hold the two to the same VG and the same error. */
struct vg *text_import_vg_whole(const char *text, size_t len, const char *source);

/* Only the VG name, id and seqno, for scanning: 0 or -1.  Reads the head
 * of the text only (cfg_parse_head), so its cost does not grow with the
 * VG; text_import_vg checks the rest. */
int text_peek_vg(const char *text, size_t len, char **name, uint32_t *seqno, char *id);

enum text_layout {
	TEXT_DISK, /* as lvm2 writes into a metadata area: no indentation */
	TEXT_FILE, /* as lvm2 writes backups: header first, tabs, comments */
};

struct text_origin {
	const char *description; /* e.g. "Created *after* executing 'vgcreate ...'" */
	const char *hostname;
	const char *system_line; /* "Linux host 6.1.0 #1 SMP ... x86_64" */
	time_t now;
};

void text_export_vg(const struct vg *vg, enum text_layout layout, const struct text_origin *o,
                    struct strbuf *out);

/* The size lvm2 2.03.16 gives a metadata-area text (TEXT_DISK) that vgtool
 * exports in `len` bytes: the same but for the trailer comment naming the
 * program, whose lvm2 string is longer.  A metadata area must hold the VG
 * as lvm2 would write it (the limit is then lvm2's, LV for LV, and lvm2
 * can always write again a VG vgtool wrote); never less than `len`. */
uint64_t text_size_as_lvm2(uint64_t len);

#endif
