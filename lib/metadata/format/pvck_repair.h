/* pvck --repair and --repairtype label_header|pv_header|metadata: new
 * headers for a PV whose label, PV header or metadata area headers were
 * damaged, from a copy of its VG's metadata, as lvm2 2.03.16 writes them.
 *
 * The repair is planned whole before anything is written: every read,
 * every choice and every check is done first, and the plan is a list of
 * steps, each a few byte ranges to write with the lines lvm2 prints for
 * it.  A repair that cannot be done leaves the disk untouched (lvm2 may
 * have written the PV header of a --repair by then).
 *
 * Pure: the device comes through pvck_dev's read callback, what only the
 * caller can know (is a PV uuid on another device? is a path this
 * device?) through callbacks; messages go through the logger. */
#ifndef VGTOOL_PVCK_REPAIR_H
#define VGTOOL_PVCK_REPAIR_H

#include <stddef.h>
#include <stdint.h>
#include "metadata/format/pvck.h"
#include "metadata/metadata.h"
#include "misc/strbuf.h"
#include "misc/uuid.h"

/* A metadata file (-f): the raw text a --dump metadata* -f wrote, or a
 * vgcfgbackup file, turned into the text a metadata area holds. */
struct pvck_mfile {
	const char *name; /* the file, for messages */
	char *text;       /* NUL-terminated */
	uint64_t size;    /* bytes written to an area: the text and its NUL */
	uint32_t crc;     /* of those bytes */
	/* the VG id as the text spells it (with dashes), "" when not found */
	char vg_id[UUID_FORMATTED_LEN + 1];
};

/* Take the bytes of file `name` (len of them; a NUL may follow): a backup
 * file (it starts "# Generated") becomes raw text as lvm2 converts it,
 * raw text gets its terminating NUL.  Checked as lvm2 checks it; text
 * that does not start with a VG name is taken only with `yes` (lvm2 asks).
 * 0, or -1 (logged). */
int pvck_mfile_load(const char *name, const char *buf, size_t len, int yes, struct pvck_mfile *mf);
void pvck_mfile_release(struct pvck_mfile *mf);

/* lvm2's conversion of a backup file to the text of a metadata area: the
 * VG section from its first line, tabs at the start of lines and
 * "<tab># comments" at their ends dropped, then the lines before the VG
 * section (the file's header) as they are.  Appended to `out`, without
 * the NUL. */
void pvck_backup_to_raw(const char *buf, size_t len, struct strbuf *out);

/* The PV of `vg` a repaired PV header describes: the one whose uuid is
 * `set_id` (--settings pv_uuid) or else `cur_id` (a valid uuid in the PV
 * header on disk), or without either the one whose device hint
 * `is_dev(arg, hint)` says is the device `dev_name`.  NULL after lvm2's
 * two lines. */
const struct pv *pvck_choose_pv(const struct vg *vg, const char *set_id, const char *cur_id,
                                const char *dev_name, int (*is_dev)(void *arg, const char *hint),
                                void *arg);

/* Does the area of `size` bytes at `offset` (its bytes in `area`) look
 * like a second metadata area this PV used: a header with lvm2's magic,
 * version and start, and text naming `vg_id` within 256 bytes of a
 * sector start in the first half of the ring?  1 or 0, with lvm2's line
 * saying which (none when there is no magic). */
int pvck_mda2_matches(const uint8_t *area, uint64_t offset, uint64_t size, const char *vg_id);

/* Where lvm2 looks for a second area on a device of `dev_size` bytes:
 * from a MiB before its last whole MiB to the end.  0, or -1 for a device
 * under 2 MiB. */
int pvck_mda2_default(uint64_t dev_size, uint64_t *offset, uint64_t *size);

enum pvck_repair {
	PVCK_REPAIR_LABEL_HEADER,
	PVCK_REPAIR_PV_HEADER,
	PVCK_REPAIR_METADATA,
	PVCK_REPAIR_ALL, /* --repair: pv_header, then metadata */
};

/* A name (lvm2's --repairtype values): 0 and *out, or -1. */
int pvck_repair_parse(const char *name, enum pvck_repair *out);

struct pvck_write {
	uint64_t offset;
	size_t len;
	uint8_t *buf;
};

/* One of lvm2's writes, with the lines it prints before it and what it
 * writes, for the caller's refusal without -y (lvm2 asks "Write new LVM
 * header to DEV?" there). */
struct pvck_step {
	struct strbuf lines; /* each line without its indent */
	const char *what;    /* "new LVM header", "new LVM metadata" */
	struct pvck_write w[2];
	unsigned n_w;
};

struct pvck_plan {
	struct pvck_step steps[3]; /* the PV header, mda1, mda2 */
	unsigned n;
};

struct pvck_repair_env {
	const struct pvck_dev *d;
	uint64_t label_sector;
	int yes; /* -y: lvm2's early questions answered */
	const struct pvck_settings *set;
	const struct pvck_mfile *mf; /* NULL without -f */
	/* 1 with *where (the other device's name) when a device other than
	 * this one holds a PV of uuid `id`, 0 when none does, -1 when that
	 * cannot be known (logged) */
	int (*uuid_elsewhere)(void *arg, const char *id, const char **where);
	/* does the device hint `hint` of the metadata name this device? */
	int (*is_dev)(void *arg, const char *hint);
	void *arg;
};

/* Plan the repair `what`.  0 with *plan to run (pvck_plan_release after),
 * or -1 (logged, nothing to write). */
int pvck_repair_plan(const struct pvck_repair_env *e, enum pvck_repair what,
                     struct pvck_plan *plan);
void pvck_plan_release(struct pvck_plan *plan);

#endif
