/* lvm2's report fields over vgtool's model: the one table of columns
 * behind pvs, vgs and lvs, lv_attr/vg_attr/pv_attr, and what the kernel
 * adds to a row (through a provider, so this code never talks to
 * device-mapper and is tested without devices). */
#ifndef VGTOOL_COLUMNS_H
#define VGTOOL_COLUMNS_H

#include <stdint.h>
#include "metadata/format/store.h"
#include "metadata/metadata.h"
#include "misc/units.h"
#include "report/report.h"

/* What the kernel says about one LV as lvm2 presents it: for a snapshot
 * that is the device named after the snapshot (target "snapshot"), for an
 * origin the device named after the origin (target "snapshot-origin").
 * All zero means "not active". */
struct lv_kstate {
	int exists; /* a dm device is there */
	int suspended;
	int live_table;
	int inactive_table;
	int read_only;
	unsigned open_count;
	int major, minor;
	uint32_t read_ahead; /* sectors, as the kernel has it */
	/* A snapshot's status line: "used/total metadata", "Invalid",
	 * "Merge failed". */
	int has_snap_status;
	uint64_t snap_used, snap_total, snap_metadata;
	int snap_invalid;
	int snap_merge_failed;
};

/* Fills `out` (already zeroed) for `lv` of `vg`; returns 0, or -1 when the
 * state cannot be known (lvm2 then shows 'X' in lv_attr). */
typedef int (*lv_state_fn)(void *arg, const struct vg *vg, const struct lv *lv,
                           struct lv_kstate *out);

struct report_ctx {
	const struct scan *scan; /* the PVs found: labels and metadata areas */
	struct units units;
	int nosuffix;
	const char *dev_dir;  /* "/dev/" (DM_DEV_DIR + '/') */
	lv_state_fn lv_state; /* NULL: every LV is inactive */
	void *lv_state_arg;
};

/* A PV segment: a run of extents on one PV, used by one LV segment or free
 * (lv == NULL). */
struct pvseg {
	uint32_t pe, len;
	const struct lv *lv;
	const struct segment *seg;
};

/* What one row is about.  Every pointer but ctx may be NULL: a VG row has
 * no LV, an orphan PV no VG nor model PV, a missing PV no pv_disk, a free
 * PV segment no LV. */
struct report_object {
	const struct report_ctx *ctx;
	const struct vg *vg;
	const struct lv *lv;
	const struct segment *seg;
	const struct pv *pv;
	const struct pv_disk *pd;
	const struct pvseg *pvseg;
	const struct lv_kstate *ks; /* the LV's state, when there is an LV */
	int state_unknown;          /* the provider could not tell */
};

extern const struct report_spec lvs_spec, vgs_spec, pvs_spec;
/* -o help's line for each field of the one table, in its order
 * (lib/report/help.c). */
extern const struct report_field_help field_help[];
extern const size_t n_field_help;

/* lvs --segments and pvs --segments: lvm2's "seg" and "pvseg" reports */
extern const struct report_spec lvsegs_spec, pvsegs_spec;
/* lvm fullreport's subreports (their defaults differ from the commands') */
extern const struct report_spec vgs_full_spec, pvs_full_spec, lvs_full_spec, pvsegs_full_spec,
    segs_full_spec;

/* The LVs a report lists for a VG, in metadata order: every LV but the
 * snapshotN halves of snapshots (shown under the COW LV's name), and only
 * the user-visible ones unless `all`. */
int report_lv_listed(const struct vg *vg, const struct lv *lv, int all);

/* A PV's segments in extent order, free runs included; a PV without
 * extents (an orphan) has none.  Caller frees. */
size_t pv_segments(const struct vg *vg, const struct pv *pv, struct pvseg **out);

/* What one row of a report is (RT_LV, RT_SEG, RT_PV, RT_VG, RT_PVSEG or
 * base), from the types of the fields asked for, as lvm2 decides it: any
 * segment field makes a row per LV segment, LV fields in pvs a row per PV
 * segment, PV fields in vgs a row per PV.  base is the command's own type
 * (RT_LV for lvs, RT_VG for vgs, RT_LABEL for pvs).  Returns 0, or -1
 * after logging when lvs or vgs is asked for LV and PV fields at once. */
/* Do fields of these types make no row type with `base` (LV and PV
 * fields together outside pvs)?  report_row_type() says so in lvm2's
 * words. */
int report_types_clash(unsigned types, unsigned base);
int report_row_type(unsigned types, unsigned base, unsigned *out);

/* Add the rows of one object to a report whose rows are `type` (from
 * report_row_type): a VG; an LV, or its segments; a PV, or its segments,
 * free ones included.  An orphan PV has pv NULL and lvm2's orphan VG
 * (empty name, no extents); a missing PV has pd NULL. */
void report_add_vg(struct report *r, const struct report_ctx *ctx, const struct vg *vg);
void report_add_lv(struct report *r, const struct report_ctx *ctx, unsigned type,
                   const struct vg *vg, const struct lv *lv);
void report_add_pv(struct report *r, const struct report_ctx *ctx, unsigned type,
                   const struct vg *vg, const struct pv *pv, const struct pv_disk *pd);

struct selection;
/* -S for the commands that show or change whole objects (lvdisplay,
 * lvchange -S, vgchange -S...): does the selection take this LV, VG or
 * PV?  A selection naming fields of smaller objects takes the object
 * when one of them passes: an LV by its segments, a VG by its LVs (or
 * their segments) or its PVs, a PV by its segments.  The selection's
 * types must have passed report_row_type() for the command's base. */
int report_select_lv(struct selection *s, const struct report_ctx *ctx, const struct vg *vg,
                     const struct lv *lv);
int report_select_vg(struct selection *s, const struct report_ctx *ctx, const struct vg *vg);
int report_select_pv(struct selection *s, const struct report_ctx *ctx, const struct vg *vg,
                     const struct pv *pv, const struct pv_disk *pd);

/* Query the provider (or report "inactive" when there is none). */
int report_lv_state(const struct report_ctx *ctx, const struct vg *vg, const struct lv *lv,
                    struct lv_kstate *out);

/* The attribute strings. */
void lv_attr_string(const struct vg *vg, const struct lv *lv, const struct lv_kstate *ks,
                    int state_known, char out[11]);
void vg_attr_string(const struct vg *vg, char out[7]);
/* pv may be NULL (orphan PV); missing: the PV's device was not found. */
void pv_attr_string(const struct vg *vg, const struct pv *pv, char out[4]);

/* A snapshot's fullness in lvm2's fixed point (1000000 = 1%), or -1 when
 * there is none to show (not a snapshot, not active, merge failed). */
int32_t snapshot_percent(const struct lv_kstate *ks);
/* "%.2f" of a percent as lvm2 rounds it: never 0.00 for a non-empty
 * snapshot nor 100.00 for one that is not full. */
void format_percent(struct strbuf *sb, int32_t percent);

/* lvm2's metadata-area free space: what a new copy could take, given
 * that one copy may use at most half the area. */
uint64_t mda_free_sectors(const struct mda_state *m);

/* The snapshot segment for a COW LV, else NULL. */
const struct segment *report_cow_segment(const struct vg *vg, const struct lv *lv);

#endif
