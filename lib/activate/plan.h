/* Activation as data.
 *
 *   metadata (struct vg) --plan_desired--> the dm devices it implies
 *   desired + what the kernel has --plan_ops--> an ordered list of ops
 *
 * Both steps are pure: no kernel, no I/O, so --test prints a plan and the
 * unit tests assert on one.  lib/activate/dm.c (the executor, the only
 * file that includes libdevmapper.h) reads the kernel's state into a
 * struct kdm_state and runs a plan.
 *
 * A table argument may name another device of the plan (a layer below,
 * or a PV): such references are resolved to MAJOR:MINOR by the executor at
 * the moment the op runs, because a device created by the same plan has
 * no number before then.
 *
 * Names: the kernel layer's own types and functions start with kdm_
 * ("kernel device-mapper").  The dm_ prefix belongs to libdevmapper, which
 * vgtool links (statically, too): a name of ours there would break the
 * build the day the library adds a symbol of the same name. */
#ifndef VGTOOL_PLAN_H
#define VGTOOL_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "metadata/metadata.h"
#include "misc/strbuf.h"

enum kdm_layer {
	LAYER_TOP = 0, /* VG-LV: what users open */
	LAYER_REAL,    /* VG-LV-real: an origin's data under its snapshots */
	LAYER_COW,     /* VG-SNAP-cow: a snapshot's exception store */
};

/* One word of a table line's parameters. */
struct kdm_arg {
	enum { ARG_TEXT, ARG_DEV_UUID, ARG_PV } kind;
	char *text; /* ARG_TEXT: the word; ARG_DEV_UUID: the dm uuid of a
	             * device of the plan; ARG_PV: the PV's device path */
};

struct kdm_target {
	uint64_t start, len; /* sectors */
	char *type;          /* "linear", "snapshot", "snapshot-origin", ... */
	struct kdm_arg *args;
	size_t n_args;
};

struct kdm_dev {
	char *name; /* "VG-LV", "VG-LV-real" */
	char *uuid; /* "LVM-<vg id><lv id>", "...-real" */
	enum kdm_layer layer;
	int visible;   /* gets /dev/VG/LV and the normal udev rules */
	int read_only; /* the LV lacks WRITE */
	struct kdm_target *targets;
	size_t n_targets;
	/* uuids of devices this one's table uses (dependency order) */
	char **deps;
	size_t n_deps;
};

struct kdm_devs {
	struct kdm_dev *devs;
	size_t n;
};

/* What the kernel has, as the executor read it (only devices whose uuid
 * starts with "LVM-<vg id>", plus every name, for clash checks). */
struct kdm_kdev {
	char *name;
	char *uuid;
	dev_t dev;
	int open_count;
	int suspended;
	int has_inactive; /* a loaded but not resumed table */
	int live_table;   /* a table is active */
	int read_only;
	char *table; /* live table, "start len type params\n"... */
};

struct kdm_state {
	struct kdm_kdev *devs;
	size_t n;
};

enum kdm_op_kind {
	OP_CREATE, /* create + load + resume a new device */
	OP_LOAD,   /* load an inactive table into an existing device */
	OP_SUSPEND,
	OP_RESUME,
	OP_REMOVE,
	OP_RENAME,
	OP_CLEAR, /* drop a loaded, never resumed table (a crashed run's) */
};

struct kdm_op {
	enum kdm_op_kind kind;
	const struct kdm_dev *dev; /* CREATE, LOAD: the table to load */
	char *name;                /* the device the op acts on */
	char *uuid;
	char *new_name; /* RENAME */
};

struct kdm_plan {
	struct kdm_op *ops;
	size_t n;
};

/* lvm2's names: "-" inside VG and LV names doubled, layers appended. */
char *kdm_name_for(const char *vg, const char *lv, enum kdm_layer layer);
char *kdm_uuid_for(const char *vg_id, const char *lv_id, enum kdm_layer layer);
/* The inverse of kdm_name_for(vg, lv, LAYER_TOP): 0 and allocated names, or
 * -1 for a name that is not a VG-LV top-level device's. */
int kdm_name_split(const char *name, char **vg, char **lv);

/* The devices that activating `lvs` (NULL: every LV that can be active)
 * of `vg` implies; an origin brings its snapshots and vice versa.  PV
 * paths in ARG_PV args are pv->dev_path.  `have` (may be NULL: nothing
 * active) decides only whether a merging snapshot's merge starts (see
 * plan_merge_starts).  Returns 0, or -1 after logging (an LV vgtool cannot
 * activate). */
int plan_desired(const struct vg *vg, struct lv *const *lvs, size_t n_lvs,
                 const struct kdm_state *have, struct kdm_devs *out);
/* Can the merge of snapshot segment `seg` (seg->merging) run with the
 * kernel as `have` says?  Yes once "snapshot-merge" is loaded, and to start
 * it neither the origin nor the snapshot may be open (as lvm2: "Delaying
 * merge since origin is open"); until then the stack stays as it is. */
int plan_merge_starts(const struct vg *vg, const struct segment *seg, const struct kdm_state *have);
void kdm_devs_free(struct kdm_devs *d);
const struct kdm_dev *kdm_devs_find_uuid(const struct kdm_devs *d, const char *uuid);

/* Ops that take the kernel from `have` to `want`, limited to the devices
 * of `scope_prefix` (the VG's "LVM-<vg id>" uuid prefix): devices of the
 * VG that `want` lacks are removed only if `remove_others`.  Order:
 * tables a crashed run left loaded cleared first, lower layers created
 * before the devices using them, tables loaded before the one
 * suspend/resume that switches a live device (so the suspend window holds
 * no table load), removals top-down.  Devices whose table already matches
 * are left alone, so running a plan twice changes nothing the second
 * time. */
void plan_ops(const struct kdm_devs *want, const struct kdm_state *have, const char *scope_prefix,
              int remove_others, struct kdm_plan *out);
/* Remove the devices of these uuid prefixes (deactivation), top-down,
 * after clearing the tables a crashed run left loaded in them. */
void plan_remove(const struct kdm_state *have, char *const *uuid_prefixes, size_t n,
                 struct kdm_plan *out);
void kdm_plan_free(struct kdm_plan *p);

/* Render a table as dmsetup prints it, resolving references with
 * `resolve` (NULL: references print as <uuid>/<path>). */
typedef int (*kdm_resolve_fn)(void *ctx, const struct kdm_arg *arg, dev_t *out);
void kdm_table_text(const struct kdm_dev *d, kdm_resolve_fn resolve, void *ctx, struct strbuf *out);
/* One line per op, for --test and -v. */
void kdm_plan_print(const struct kdm_plan *p, struct strbuf *out);

void kdm_state_free(struct kdm_state *s);
const struct kdm_kdev *kdm_state_find_uuid(const struct kdm_state *s, const char *uuid);
/* A table's device reference resolved against the kernel's state: an LV
 * layer by uuid, a PV by the path it is recorded under.  0 with *out set,
 * or -1 when the state has no such device. */
int kdm_state_resolve(const struct kdm_state *s, const struct kdm_arg *arg, dev_t *out);
const struct kdm_kdev *kdm_state_find_name(const struct kdm_state *s, const char *name);

#endif
