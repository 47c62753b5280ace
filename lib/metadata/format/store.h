/* PVs on disk: scanning labels and metadata areas, reading a VG,
 * committing a new version of it, writing and wiping PV labels.
 *
 * (Folder lib/metadata/format: bytes on disk and the model, both ways:
 * label, metadata areas, the text format, backups, the commit protocol.
 * It never talks to device-mapper and never chooses what a command does.)
 *
 * The commit protocol (see store.c for the invariants) keeps the old or
 * the new VG readable at every write. */
#ifndef VGTOOL_STORE_H
#define VGTOOL_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "device/dev-io.h"
#include "misc/strbuf.h"
#include "metadata/format/label.h"
#include "metadata/format/text.h"
#include "metadata/metadata.h"

struct mda_state {
	struct disk_area area;
	struct mda_header hdr;
	int header_ok;  /* header read and valid */
	int ignored;    /* raw location flagged "ignored" */
	int bad;        /* header or text unreadable or invalid: as lvm2, such
	                 * an area is not read from nor written to until
	                 * vgck --updatemetadata rewrites it */
	uint32_t seqno; /* of the valid text it holds, 0 for none */
	int relocated;  /* moved by pvresize (pv_disk_move_end_mda): the
	                 * label on disk does not point to it yet */
};

/* One PV found on a device. */
struct pv_disk {
	struct device dev;
	struct pv_label label;
	struct mda_state mdas[MAX_AREAS];
	unsigned n_mdas;
	/* the newest valid metadata among this PV's areas, if any */
	char *text;
	size_t text_len;
	char *vg_name;
	char vg_id[UUID_LEN + 1];
	uint32_t seqno;
	char *damage; /* why a label/area/text was unusable, for vgck/pvs */
};

/* What tools/ may know of a pv_disk: the fields above are the format's
 * own, read through these. */
static inline const char *pv_disk_path(const struct pv_disk *pd)
{
	return pd->dev.path;
}
static inline const struct device *pv_disk_device(const struct pv_disk *pd)
{
	return &pd->dev;
}
/* the PV's uuid (32 characters, no dashes) */
static inline const char *pv_disk_pv_id(const struct pv_disk *pd)
{
	return pd->label.pv_id;
}
/* the VG its metadata names, NULL for a PV in no VG (or unreadable) */
static inline const char *pv_disk_vg_name(const struct pv_disk *pd)
{
	return pd->vg_name;
}
/* the id of that VG (32 characters, no dashes), "" when none */
static inline const char *pv_disk_vg_id(const struct pv_disk *pd)
{
	return pd->vg_id;
}
/* seqno of its newest valid metadata (0: none) */
static inline uint32_t pv_disk_seqno(const struct pv_disk *pd)
{
	return pd->seqno;
}
/* why a label, area or text was unusable, or NULL */
static inline const char *pv_disk_damage(const struct pv_disk *pd)
{
	return pd->damage;
}
/* seqno of its oldest copy among the areas that hold one (an area that
 * lagged behind the other), 0 when none does */
static inline uint32_t pv_disk_oldest_seqno(const struct pv_disk *pd)
{
	uint32_t oldest = 0;
	for (unsigned i = 0; i < pd->n_mdas; i++)
		if (pd->mdas[i].seqno && (!oldest || pd->mdas[i].seqno < oldest))
			oldest = pd->mdas[i].seqno;
	return oldest;
}
static inline int pv_disk_has_mda(const struct pv_disk *pd)
{
	return pd->n_mdas > 0;
}
/* Does it hold a copy of its VG's metadata?  (A PV without metadata
 * areas is in the VG whose metadata on other PVs lists it.) */
static inline int pv_disk_has_copy(const struct pv_disk *pd)
{
	return pd->text != NULL;
}
/* Its PV_EXT_USED mark: the label says the PV is in a VG (which may not
 * be found when it holds no metadata of its own). */
static inline int pv_disk_marked_used(const struct pv_disk *pd)
{
	return (pd->label.ext_flags & PV_EXT_USED) != 0;
}
/* Its label says it is in no VG (labels of lvm2 2.02.172 and later carry
 * the mark; an older one cannot tell). */
static inline int pv_disk_unused(const struct pv_disk *pd)
{
	return pd->label.ext_version >= 2 && !(pd->label.ext_flags & PV_EXT_USED);
}
/* A device that holds no PV, for reports listing every device (pvs -a):
 * only its path is set. */
static inline struct pv_disk pv_disk_blank(const char *path)
{
	struct pv_disk pd = {0};
	pd.dev.path = (char *)path;
	return pd;
}
/* Give up the scan's read handle on the device, before the PV is
 * rewritten through a claim of its own (pvcreate over an unused PV).  The
 * scan keeps the entry, path included: the next argument is looked up in
 * it (closing it whole crashed `pvcreate -ff PV1 PV2` on the second). */
static inline void pv_disk_close(struct pv_disk *pd)
{
	dev_park(&pd->dev);
}
/* Add the PV on `pd` (an unused PV in the scan) to `vg` as a model PV
 * with as many extents as fit after its data start (none when smaller
 * than one extent, as in lvm2).  NULL (logged) when the label describes
 * no data area. */
struct pv *vg_add_pv_disk(struct vg *vg, const struct pv_disk *pd);

struct scan {
	struct pv_disk **pvs;
	size_t n;
	/* The same PV seen on more devices (a cloned disk, a path next to its
	 * multipath device): the copies not used, kept apart from `pvs`. */
	struct pv_disk **dups;
	size_t n_dups;
	/* each (VG id, seqno) the scan's metadata areas hold, with the size
	 * and checksum of the first text seen for it: a later area with the
	 * same seqno and other text is set aside as lvm2 does (bad until
	 * vgck --updatemetadata), since both cannot be the VG */
	struct mda_summary {
		char vg_id[UUID_LEN + 1];
		uint32_t seqno, checksum;
		uint64_t size;
	} * sums;
	size_t n_sums;
};

/* Read every device in the list (see discovery.h) and keep those with a
 * PV label.  Devices without a label are skipped silently; damaged labels
 * and areas are recorded in pv_disk.damage.  A PV found on two devices is
 * used on one, chosen by lvm2's rules (the device an active LV uses, else
 * the one whose size is the PV's, else the one the metadata names, else a
 * dm device, else the first seen),
 * with lvm2's two warnings; the other goes to `dups`.  Returns 0 or -1
 * (logged). */
int scan_pvs(struct scan *s, const char *devices);
/* Also scan these paths (PV arguments, which may be image files). */
int scan_pvs_extra(struct scan *s, const char *devices, char *const *extra, size_t n_extra);
void scan_free(struct scan *s);
/* Read the PVs of VG `vg_name` again, as they are now: a command that
 * listed the VGs under the global lock alone reads each one again once it
 * holds the VG's lock, as lvm2 does.  (A PV that left the VG, or no longer
 * holds a label, is then simply not one of its PVs.) */
void scan_refresh_vg(struct scan *s, const char *vg_name);
struct pv_disk *scan_find_path(const struct scan *s, const char *path);
struct pv_disk *scan_find_pv_id(const struct scan *s, const char *id);
/* Does a PV of `vg` appear on duplicate devices?  (lvm2 then refuses to
 * change the VG or activate its LVs.) */
int scan_vg_has_duplicates(const struct scan *s, const struct vg *vg);

/* How many metadata areas the PVs of `vg` found in the scan have (the
 * "ignored" ones too): 0 when no PV left could keep a copy of it. */
unsigned scan_vg_mda_count(const struct scan *s, const struct vg *vg);

/* The VG named `name` from the newest metadata found; PVs get dev_path
 * from the scan.  NULL when there is no such VG (logged "Volume group
 * \"%s\" not found"), when two VGs have that name (logged, lvm2's
 * lines), or when its metadata is invalid (logged). */
struct vg *vg_read(const struct scan *s, const char *name);
/* The same, of the VG called `name` whose id is `id` (raw, 32
 * characters), when two VGs share the name. */
struct vg *vg_read_id(const struct scan *s, const char *name, const char *id);
/* devices/pv_min_size in bytes: smaller devices are no PVs to the scan
 * (lvm2's filter); 2 MiB until set. */
void scan_set_pv_min_size(uint64_t bytes);
uint64_t scan_pv_min_size(void);
/* metadata/check_pv_device_sizes: whether vg_read and vg_warn_pv_sizes
 * warn (on by default). */
void vg_check_pv_sizes(int on);
/* Whether vg_read warns of PV headers out of step with the VG (on by
 * default; vgcfgrestore reads the VG it replaces quietly, as lvm2 does
 * not read it at all). */
void vg_check_pv_headers(int on);
/* lvm2's warning for each PV of `vg` whose device (as scanned) is smaller
 * than the PV's size in the metadata: the extents past the device's end
 * are lost.  1 when there was none (or the check is off), else 0.
 * vg_read calls it, and adds lvm2's summary line. */
int vg_warn_pv_sizes(const struct scan *s, const struct vg *vg);
/* lvm2's "outdated" PVs of `vg`: they hold a copy of its metadata (same
 * name and id) but its newest metadata no longer lists them (removed by
 * vgreduce --removemissing while they were away).  Never used as its
 * PVs; vgremove and vgck --updatemetadata empty their areas and mark
 * them unused, so that an old copy cannot bring back a VG that was
 * removed.  Returns the count; *out (to free) lists them. */
size_t scan_vg_outdated(const struct scan *s, const struct vg *vg, struct pv_disk ***out);
/* Names of all VGs found, sorted; returns the count. */
size_t scan_vg_names(const struct scan *s, char ***names);

/* Commit `vg` (whose seqno the caller has already incremented) on every
 * PV of the VG present in the scan, and drop it from `dropped` PVs
 * (removed by vgreduce/vgremove: their areas are emptied and their label
 * marked unused).  Areas found bad by the scan are skipped, as lvm2 does,
 * unless `repair_bad` (vgck --updatemetadata).  Returns 0; -1 when
 * nothing was committed (the VG reads as before; logged in one line that
 * names the device); 1 when the new VG is committed but a device failed
 * after the switch began, so that one still holds the old copy (logged in
 * one line naming it: readers take the newest copy, and the next commit
 * writes it again). */
int vg_commit(struct scan *s, const struct vg *vg, const struct text_origin *origin,
              struct pv_disk *const *dropped, size_t n_dropped, int repair_bad);

/* Would vg_commit of `vg` with this origin fit every metadata area?  0,
 * or -1 with lvm2's "exceeds maximum metadata size" refusal logged (with
 * its cure).  For a command that must write elsewhere before it commits
 * (lvcreate zeroes the new LV first), so that a VG whose metadata area is
 * full is left untouched; vg_commit checks the same before any write. */
int vg_commit_fits(struct scan *s, const struct vg *vg, const struct text_origin *origin);

/* vgremove: empty the metadata areas of all these PVs (all of a VG's). */
int vg_commit_remove(struct pv_disk *const *pvs, size_t n);

/* Wipe the signatures libblkid finds on a new LV (lvcreate -W), read
 * directly on its PVs as lv_zero_start writes: the whole LV when it has
 * one segment, else its first and last segments, where signatures sit
 * (counted from a device's start or end).  They are named as on `name`
 * (the LV's path), their types added as lines to `wiped`; without `yes`
 * one found is refused.  Returns 0 or -1 (logged). */
int lv_wipe_signatures(struct scan *s, const struct vg *vg, const struct lv *lv, int yes,
                       const char *name, struct strbuf *wiped);

/* Write zeros over the first `bytes` (at least `chunk` sectors when
 * chunk > 0) of a new LV, directly on its PVs (the extents, before any dm
 * device maps them: lvm2 zeroes a new LV's start, and a new snapshot's COW
 * must start with an empty header).  A PV is written only if nothing but
 * the VG's own LVs holds it (dev-io.h).  Returns 0 or -1 (logged). */
int lv_zero_start(struct scan *s, const struct vg *vg, const struct lv *lv, uint64_t bytes,
                  uint32_t chunk);
/* The same for the `bytes` from byte `from` of the LV (an LV grown: its new
 * part, before the metadata gives it to the LV). */
int lv_zero_range(struct scan *s, const struct vg *vg, const struct lv *lv, uint64_t from,
                  uint64_t bytes);

/* pvcreate's layout choices (metadata/format/layout.h computes it). */
struct pv_create_params {
	uint64_t mda_size;       /* bytes of each metadata area, 0 = default */
	uint64_t data_alignment; /* bytes, 0 = default (1 MiB) */
	/* bytes, 0 = from the two above; else where the data area starts
	 * (a replacement for a lost PV: its pe_start from a backup), the
	 * metadata area filling the space before it */
	uint64_t pe_start;
	uint64_t data_alignment_offset; /* bytes added to the aligned start */
	unsigned mda_copies;            /* metadata areas: 0, 1 or 2 */
	unsigned label_sector;          /* 0-3 */
	/* zero the first 2048 bytes (the sectors lvm2 looks for labels in)
	 * before the label goes there; else only stale labels are wiped */
	int zero_start;
	/* sectors: where the restored PV's last extent ends (its pe_start and
	 * extents from the backup), which the device must reach; 0 = none */
	uint64_t restore_end;
	/* bytes: the size the PV takes the device to have, 0 = its real size
	 * (pvcreate --setphysicalvolumesize) */
	uint64_t size;
	/* bytes: a bootloader area (--bootloaderareasize; from a backup,
	 * where it starts too), 0 for none (layout.h) */
	uint64_t ba_size, ba_start;
};
/* lvm2's defaults: one metadata area, the label in sector 1, the
 * device's first 4 sectors zeroed */
#define PV_CREATE_DEFAULTS                                                                         \
	{                                                                                          \
		.mda_copies = 1, .label_sector = 1, .zero_start = 1                                \
	}

/* Write the label of `pd` again with a new uuid (`id`, NULL: the same)
 * and device size (`dev_size` bytes, 0: the same), its areas as they are:
 * pvresize of a PV in no VG (lvm2 keeps its size there) and pvchange -u.
 * `vg_id`: the PV's VG, whose own LVs may hold the device (dev-io.h).
 * 0, or -1 (logged) with pd as it was. */
int pv_disk_rewrite_label(struct pv_disk *pd, const char *id, uint64_t dev_size, const char *vg_id);
/* pvresize of a PV with a metadata area at its end: the area moves to the
 * end of a device of `dev_size` bytes, keeping its size, as lvm2 moves it
 * (*size: its size there, bytes; 0 when the PV has no such area).  Only
 * in memory: the next vg_commit (a PV in a VG) or pv_disk_rewrite_label
 * (in no VG) writes it, its header first and then the label that points
 * to it, so that a crash leaves the label pointing at the old area or at
 * a complete new one.  The label's device size becomes what lvm2 writes
 * there: the new size, less the data start and the area in a VG
 * (`in_vg`).  An area the device shrank under is moved too (lvm2 forgets
 * it: its copy is lost).  0, or -1 (logged: no room). */
int pv_disk_move_end_mda(struct pv_disk *pd, uint64_t dev_size, int in_vg, uint64_t *size);
/* Where the data area starts (sectors; 0 when the label has none). */
uint64_t pv_disk_pe_start(const struct pv_disk *pd);
/* The size (bytes) of the metadata area past the start of the data area
 * (the second copy lvm2 keeps at the end of the device with
 * --pvmetadatacopies 2), 0 when there is none. */
uint64_t pv_disk_end_mda_size(const struct pv_disk *pd);

/* Write a fresh label and its empty metadata areas to an opened device.
 * 0, or -1 (logged: lvm2's reason when the layout does not fit). */
int pv_write_new(struct device *dev, const struct pv_create_params *p, const char *pv_id);
/* Wipe the label sector(s) (pvremove). */
int pv_wipe_label(struct pv_disk *pd);

#endif
