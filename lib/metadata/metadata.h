/* The in-memory model of a volume group: VG, PVs, LVs, segments.
 *
 * (Folder lib/metadata: the model and its pure rules: names, allocation,
 * validation, sizing, the autoextend policy.  Only format/ below it reads
 * or writes disks; nothing here talks to the kernel or prints.)
 *
 * Pure data and pure functions: nothing here touches a disk, the text
 * format or the kernel, so everything is unit-tested without devices.
 * Sizes are 512-byte sectors (uint64_t) and extent counts (uint32_t), as
 * in the metadata text.
 *
 * Ownership: a vg owns its pvs, lvs and segments; pointers between them
 * (segment -> pv, snapshot -> origin/cow lv) stay valid until the object
 * pointed to is removed with the functions below, which refuse to remove
 * something still referenced. */
#ifndef VGTOOL_METADATA_H
#define VGTOOL_METADATA_H

#include <stddef.h>
#include <stdint.h>
#include "misc/uuid.h"

/* Status words.  Bits map one to one onto the strings lvm2 writes in
 * `status = [...]` (STATUS) or `flags = [...]` (FLAG). */
enum vg_status {
	VG_READ = 1 << 0,
	VG_WRITE = 1 << 1,
	VG_RESIZEABLE = 1 << 2,
	VG_EXPORTED = 1 << 3,
	/* a FLAG: -aay (vgchange, lvchange) passes the VG's LVs over */
	VG_NOAUTOACTIVATE = 1 << 4,
};
enum pv_status {
	PV_ALLOCATABLE = 1 << 0,
	PV_EXPORTED = 1 << 1,
	PV_MISSING = 1 << 2, /* a FLAG, not a STATUS, in lvm2's text */
};
enum lv_status {
	LV_READ = 1 << 0,
	LV_WRITE = 1 << 1,
	LV_VISIBLE = 1 << 2,
	LV_FIXED_MINOR = 1 << 3,
	/* FLAGs: activation passes the LV over unless told to ignore the
	 * flag (-K); -aay passes it over */
	LV_ACTIVATION_SKIP = 1 << 4,
	LV_NOAUTOACTIVATE = 1 << 5,
};

enum seg_type {
	SEG_STRIPED = 0, /* "striped"; stripe_count 1 is linear */
	SEG_SNAPSHOT,    /* "snapshot": the snapshotN LV of a classic snapshot */
	/* "zero": reads give zeros, writes vanish; no PV behind it.  vgtool
	 * implements it only as a virtual origin (lv_is_virtual_origin):
	 * anywhere else the import makes the VG read-only */
	SEG_ZERO,
	SEG_UNKNOWN, /* anything else (raid, thin, ...): VG is read-only */
};

struct pv;
struct lv;

struct stripe_area {
	struct pv *pv;
	uint32_t pe; /* first physical extent on pv */
};

struct segment {
	uint32_t le;  /* start_extent: first logical extent */
	uint32_t len; /* extent_count */
	enum seg_type type;
	char *type_name; /* SEG_UNKNOWN: the type as written */
	/* SEG_STRIPED */
	uint32_t stripe_count;
	uint32_t stripe_size;      /* sectors; only when stripe_count > 1 */
	struct stripe_area *areas; /* stripe_count of them */
	/* SEG_SNAPSHOT.  origin and cow are set with vg_link_snapshot(),
	 * which keeps the LVs' back links (struct lv) in step. */
	uint32_t chunk_size; /* sectors */
	struct lv *origin;
	struct lv *cow;
	int merging;   /* merging_store instead of cow_store */
	struct lv *lv; /* the LV holding this segment (set by lv_add_segment) */
};

struct tag_list {
	char **tags;
	size_t n;
};

struct pv {
	char *name; /* "pv0" in the text; renumbered on export */
	char id[UUID_LEN + 1];
	char *device_hint;                /* `device = ` as last written */
	char *dev_path;                   /* where it was found now; NULL when missing */
	char *device_id, *device_id_type; /* lvm2's devices-file ids, kept as read */
	unsigned status;
	struct tag_list tags;
	uint64_t dev_size; /* sectors */
	uint64_t pe_start; /* sectors */
	uint32_t pe_count;
	uint64_t ba_start, ba_size; /* bootloader area, sectors; 0 when none */
	/* Read MISSING, found again with no extent in use: the flag was
	 * dropped at the read (missing.h), and vgextend --restoremissing
	 * still counts the PV as restored, as lvm2 does. */
	int missing_cleared;
};

struct lv {
	char *name;
	char id[UUID_LEN + 1];
	unsigned status;
	struct tag_list tags;
	char *creation_host; /* NULL when the text had none */
	uint64_t creation_time;
	char *allocation_policy; /* NULL = inherit */
	/* lvmlockd's name for this LV's lock in a shared VG ("1.0.0:OFFSET"
	 * for sanlock, "dlm"), or "pending" until the daemon gave it one;
	 * NULL for LVs without a lock (snapshots, lvmlock, local VGs) */
	char *lock_args;
	int64_t read_ahead;      /* -2 auto (not written), -1 none, else sectors */
	int major, minor;        /* -1 when not fixed */
	struct segment *segs;
	size_t n_segs;
	/* Back links, so that a per-LV question never scans the VG (a VG may
	 * hold ten thousand LVs).  Kept by vg_link_snapshot and vg_remove_lv;
	 * read them, never set them.  cow_of: the snapshot segment whose COW
	 * this LV is; snapshots: the snapshot segments whose origin it is, in
	 * the order of their LVs in the VG. */
	struct segment *cow_of;
	struct segment **snapshots;
	size_t n_snapshots;
};

struct vg {
	char *name;
	char id[UUID_LEN + 1];
	uint32_t seqno;
	unsigned status;
	struct tag_list tags;
	char *system_id;
	/* A shared VG's lock manager ("sanlock", "dlm") and its arguments
	 * for lvmlockd ("1.0.0:lvmlock"); NULL for a local VG.  vg_shared()
	 * says which is which. */
	char *lock_type, *lock_args;
	uint32_t extent_size; /* sectors */
	uint32_t max_lv, max_pv;
	uint32_t metadata_copies;
	char *allocation_policy; /* NULL = normal */
	struct pv **pvs;
	size_t n_pvs;
	struct lv **lvs;
	size_t n_lvs;
	/* Set by import when the VG uses a feature vgtool does not implement:
	 * the VG may be shown but never written or activated. */
	char *read_only_reason;
	/* Lookups by LV name, LV id and PV id (misc/hash.h), kept by the
	 * functions below: an LV is renamed with vg_rename_lv, never by
	 * hand. */
	struct hash *lv_by_name, *lv_by_id, *pv_by_id;
};

struct vg *vg_new(const char *name, uint32_t extent_size);
/* Is `vg` shared between hosts through lvmlockd (lock_type sanlock, dlm
 * or idm)?  "none" or no lock_type is a local VG, as lvm2 reads it. */
int vg_shared(const struct vg *vg);
/* The hidden LV that holds a sanlock VG's leases, by lvm2's name */
#define LVMLOCK_LV_NAME "lvmlock"
int lv_is_lvmlock(const struct vg *vg, const struct lv *lv);
/* Does `lv` take a lock of its own in a shared VG (lvm2's
 * lockd_lv_uses_lock for the LV types vgtool knows)?  Not a snapshot
 * (its origin's lock covers it), nor a hidden LV (lvmlock, a sparse
 * snapshot's origin). */
int lv_uses_lock(const struct vg *vg, const struct lv *lv);
void vg_free(struct vg *vg);

struct pv *vg_find_pv_by_name(const struct vg *vg, const char *name);
struct pv *vg_find_pv_by_id(const struct vg *vg, const char *id);
struct pv *vg_find_pv_by_path(const struct vg *vg, const char *path);
struct lv *vg_find_lv(const struct vg *vg, const char *name);
struct lv *vg_find_lv_by_id(const struct vg *vg, const char *id);

/* Creating objects appends them to the VG (the text's order). */
struct pv *vg_add_pv(struct vg *vg, const char *id, uint64_t dev_size, uint64_t pe_start,
                     uint32_t pe_count);
struct lv *vg_add_lv(struct vg *vg, const char *name, const char *id);
struct segment *lv_add_segment(struct lv *lv, enum seg_type type, uint32_t le, uint32_t len,
                               uint32_t stripe_count);
void vg_remove_lv(struct vg *vg, struct lv *lv); /* caller checked references */
void vg_rename_lv(struct vg *vg, struct lv *lv, const char *name);
/* Give `pv` a new id (pvchange -u), its lookup kept. */
void vg_set_pv_id(struct vg *vg, struct pv *pv, const char *id);
/* Make `seg` (the snapshot segment of a snapshotN LV, unlinked) a
 * snapshot of `origin` stored in `cow`. */
void vg_link_snapshot(struct segment *seg, struct lv *origin, struct lv *cow);
/* A deep copy (links and lookups included); dev_path, missing_cleared
 * and read_only_reason come along. */
struct vg *vg_clone(const struct vg *vg);
/* Append copies of `src`'s PVs `pvs` and LVs `lvs` (NULL: all, in src's
 * order) to `dst`, in the order given (vgmerge, vgsplit).  The PVs the
 * LVs' segments use, and each snapshot's origin and COW, must be among the
 * objects dst has then (looked up by id); LV names and ids must be new to
 * dst.  src is left as it was. */
void vg_append(struct vg *dst, const struct vg *src, struct pv *const *pvs, size_t n_pvs,
               struct lv *const *lvs, size_t n_lvs);
/* Remove a snapshot: its COW LV and its snapshotN LV (frees seg). */
void vg_remove_snapshot(struct vg *vg, struct segment *seg);
/* The origin's merging snapshot segment, or NULL (one at most, as lvm2). */
struct segment *lv_merging_segment(const struct vg *vg, const struct lv *origin);
/* Mark a snapshot as merging into its origin (lvconvert --merge): the
 * text then says merging_store and the snapshotN LV is no longer VISIBLE,
 * as lvm2 writes it. */
void vg_start_merge(struct vg *vg, struct segment *seg);
void vg_remove_pv(struct vg *vg, struct pv *pv); /* caller checked it is unused */
/* Append a tag as read (the text's order, duplicates and all). */
void tag_list_add(struct tag_list *tl, const char *tag);
void tag_list_free(struct tag_list *tl);
/* Tags as the command line changes them (lvm2's str_list): adding a tag
 * the list holds, or deleting one it does not, leaves it as it is.  Each
 * returns 1 when the list changed, else 0. */
int tag_list_add_new(struct tag_list *tl, const char *tag);
int tag_list_del(struct tag_list *tl, const char *tag);
int tag_list_has(const struct tag_list *tl, const char *tag);
/* Does the list hold any of `tags`? */
int tag_list_has_any(const struct tag_list *tl, char *const *tags, size_t n);

/* Extent accounting. */
uint32_t lv_extents(const struct lv *lv); /* sum of segment lengths */
uint32_t pv_used_extents(const struct vg *vg, const struct pv *pv);
uint32_t vg_extent_count(const struct vg *vg);
uint32_t vg_free_extents(const struct vg *vg); /* on all PVs, as lvm2's VFree */

/* vgchange -s: every extent count, start and length of the VG in extents
 * of `new_size` sectors, the sectors unchanged (lvm2's
 * vg_set_extent_size).  0; EXTENT_NO_PERFECT_FIT when a larger size does
 * not divide the VG's size; EXTENT_MISFIT with *m naming the first count
 * that is no whole number of new extents, or too many for 32 bits.  The
 * VG is changed only on success. */
struct extent_misfit {
	const char *name; /* the VG's, the PV's device or the LV's */
	const char *what; /* "", " free space", " segment start"... */
	uint64_t sectors;
	int too_many; /* a whole number, but more than 32 bits hold */
};
#define EXTENT_NO_PERFECT_FIT (-1)
#define EXTENT_MISFIT (-2)
int vg_set_extent_size(struct vg *vg, uint32_t new_size, struct extent_misfit *m);

/* The extents of a PV that LV segments use, one run per segment area,
 * sorted by first extent (the one walk that allocation's free space and
 * the pvs segment report both need).  Returns the count and sets *out
 * (allocated; NULL when there are none). */
struct pv_use {
	uint32_t pe, len;
	const struct lv *lv;
	const struct segment *seg;
};
size_t pv_uses(const struct vg *vg, const struct pv *pv, struct pv_use **out);

/* Classic snapshots.  A snapshot is a hidden COW LV named after the
 * snapshot plus a visible "snapshotN" LV holding the snapshot segment. */
struct segment *lv_snapshot_segment(const struct lv *lv);                  /* on snapshotN */
struct segment *lv_cow_segment(const struct vg *vg, const struct lv *cow); /* cow -> its seg */
int lv_is_cow(const struct vg *vg, const struct lv *lv);
/* A COW whose snapshot is being merged: hidden, and most commands refuse
 * it as lvm2 does. */
int lv_is_merging_cow(const struct vg *vg, const struct lv *lv);
int lv_is_origin(const struct vg *vg, const struct lv *lv);
/* A sparse snapshot's origin (lvcreate -V): a hidden LV of zero
 * segments, named "<snapshot>_vorigin", that only its snapshot's COW
 * stores data for.  lvm2's test is the origin's being hidden; the COW
 * of such an origin is what the user sees, and commands naming it act
 * on the whole stack (activation, removal, renaming). */
int lv_is_virtual_origin(const struct vg *vg, const struct lv *lv);
/* The virtual origin whose snapshot `lv` (a COW) is, or NULL. */
struct lv *lv_virtual_origin_of(const struct vg *vg, const struct lv *lv);
/* Are `lv`'s zero segments where vgtool implements them: either all its
 * segments are zero and it is a virtual origin, or none is and it is not
 * one?  (The import makes the VG read-only otherwise.) */
int lv_zero_layout_ok(const struct vg *vg, const struct lv *lv);
size_t lv_snapshot_count(const struct vg *vg, const struct lv *origin);
int lv_is_visible(const struct lv *lv);
/* Visible to the user as lvm2 presents it: a snapshotN LV never is, a COW
 * LV is (under the snapshot's name) when its origin is a virtual origin,
 * or is visible and the snapshot not merging; anything else by its
 * VISIBLE flag.  Decides the order of LVs in the text and what
 * reports list. */
int lv_is_user_visible(const struct vg *vg, const struct lv *lv);
/* How many LVs the user sees (a snapshot counts once): what lvm2 holds
 * against the VG's max_lv. */
size_t vg_visible_lv_count(const struct vg *vg);

/* Largest COW worth having for a snapshot of `origin_extents` with
 * `chunk` sectors per chunk: a header chunk, one chunk per origin chunk,
 * and the exception-table chunks (16 bytes per exception, plus a
 * terminating table when they fill chunks exactly); `leak_chunks` adds
 * the 1/64 slack lvm2 reserves for kernels whose snapshot target leaks
 * (older than 1.12.0; lvm2 assumes so whenever it cannot ask the kernel,
 * see tool_cow_leak_chunks).  In extents. */
uint32_t cow_max_extents(uint32_t origin_extents, uint32_t extent_size, uint32_t chunk,
                         int leak_chunks);

/* Lowest free "<prefix>N" name as lvm2 makes them: one past the highest N
 * in use ("lvol0", "snapshot3").  Caller frees. */
char *vg_next_lv_name(const struct vg *vg, const char *prefix);

#endif
