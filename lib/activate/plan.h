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
	/* VG-LV-missing_S_A: an "error" device that stands, in partial
	 * activation (--activationmode partial), for area A of segment S of
	 * the LV whose PV has no device; the LV's own table (its top, -real
	 * or -cow) maps that range onto it, as lvm2 does */
	LAYER_MISSING,
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

/* The udev flags of a dm operation, with libdevmapper's values (its
 * DM_UDEV_*_FLAG; dm.c checks they agree): the kernel hands them to udev
 * in the uevent's DM_COOKIE (its high 16 bits) and the rules act on them,
 * lvm2's and vgtool's alike (conf/udev/57-vgtool.rules). */
enum {
	KDM_UDEV_DISABLE_DM_RULES = 0x0001,         /* no /dev/mapper node from udev */
	KDM_UDEV_DISABLE_SUBSYSTEM_RULES = 0x0002,  /* no /dev/VG/LV */
	KDM_UDEV_DISABLE_DISK_RULES = 0x0004,       /* no blkid, no /dev/disk/by-* */
	KDM_UDEV_DISABLE_OTHER_RULES = 0x0008,      /* nothing else either */
	KDM_UDEV_LOW_PRIORITY = 0x0010,             /* a shared by-uuid link goes elsewhere */
	KDM_UDEV_DISABLE_LIBRARY_FALLBACK = 0x0020, /* udev alone makes the nodes */
};

/* lvm2's activation/udev_rules, udev_sync and verify_udev_operations, as
 * vgtool.conf sets them (tools/config.c; defaults 1, 1, 0). */
struct kdm_udev_config {
	int rules, sync, verify;
};

/* How udev takes part in the operations of this run. */
struct kdm_udev {
	int rules;    /* udev's rules make the /dev/mapper nodes and /dev/VG/LV */
	int sync;     /* each plan waits for udev (a cookie) */
	int fallback; /* libdevmapper makes (or checks) the nodes, vgtool the links */
};

/* The udev settings of a run, from the configuration and the host:
 * `udev_running` (udevd's control socket is there and DM_DISABLE_UDEV is
 * not set) and `driver_ok` (the dm driver reports its uevents reliably:
 * 4.18 and later).  As lvm2 (toolcontext.c, dev_manager.c
 * _check_udev_fallback): fallback = !rules || verify_udev_operations ||
 * an old driver.  Unlike lvm2, rules and sync are off whenever udevd is
 * not running, as lvm2 has them with DM_DISABLE_UDEV: lvm2 with its
 * default configuration and no udevd passes DISABLE_LIBRARY_FALLBACK and
 * then no one makes the nodes (its lvcreate fails, "not found: device not
 * cleared"). */
void kdm_udev_decide(const struct kdm_udev_config *cfg, int udev_running, int driver_ok,
                     struct kdm_udev *out);
/* An operation's flags: the device's own (kdm_dev.udev_flags,
 * kdm_op.udev_flags) and what the settings add (lvm2: no
 * DISABLE_LIBRARY_FALLBACK in fallback mode; with udev rules off,
 * DISABLE_DM_RULES and DISABLE_SUBSYSTEM_RULES). */
uint16_t kdm_udev_flags(uint16_t dev_flags, const struct kdm_udev *u);

struct kdm_dev {
	char *name; /* "VG-LV", "VG-LV-real" */
	char *uuid; /* "LVM-<vg id><lv id>", "...-real" */
	enum kdm_layer layer;
	/* the device's own udev flags, by its layer and its LV (plan.c,
	 * dev_udev_flags); an operation adds the settings' (kdm_udev_flags) */
	uint16_t udev_flags;
	/* loaded read-only: the LV lacks WRITE (a snapshot's -cow and the
	 * error devices stay writable, as lvm2 loads them) */
	int read_only;
	/* fixed_minor: created with `minor` (the LV's persistent minor, on
	 * its visible device); else the kernel chooses */
	int fixed_minor;
	int minor;
	struct kdm_target *targets;
	size_t n_targets;
	/* uuids of devices this one's table uses (dependency order) */
	char **deps;
	size_t n_deps;
};

/* The devices of some LVs, by the uuid prefixes ("LVM-<vg id><lv id>")
 * their devices share, layers and all. */
struct kdm_lv_set {
	char **prefixes;
	size_t n;
};

struct kdm_devs {
	struct kdm_dev *devs;
	size_t n;
	/* the metadata they were planned from (NULL when made by hand): it
	 * also describes, for their udev flags, the devices a plan removes */
	const struct vg *vg;
	/* uuid prefixes ("LVM-<vg id><lv id>") of devices that plan_ops
	 * leaves exactly as the kernel has them, neither loaded nor removed
	 * (kdm_devs_keep) */
	struct kdm_lv_set keep;
	/* those whose read-only flag plan_ops makes follow the metadata
	 * even where the table needs no reload (kdm_devs_ro_follow) */
	struct kdm_lv_set ro_follow;
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
	char *new_name;      /* RENAME */
	uint16_t udev_flags; /* the device's own (see kdm_dev.udev_flags) */
};

struct kdm_plan {
	struct kdm_op *ops;
	size_t n;
};

/* lvm2's names: "-" inside VG and LV names doubled, layers appended.
 * (LAYER_MISSING needs the area's place: kdm_missing_name/_uuid.) */
char *kdm_name_for(const char *vg, const char *lv, enum kdm_layer layer);
char *kdm_uuid_for(const char *vg_id, const char *lv_id, enum kdm_layer layer);
/* "VG-LV-missing_S_A" and "LVM-<vg id><lv id>-missing_S_A": area `area`
 * of segment `seg` (both from 0) of the LV, as lvm2 names them. */
char *kdm_missing_name(const char *vg, const char *lv, size_t seg, size_t area);
char *kdm_missing_uuid(const char *vg_id, const char *lv_id, size_t seg, size_t area);
/* The layer a dm uuid of an LV's device names, by its suffix (none,
 * "-real", "-cow", "-missing_S_A"); *lv_len (may be NULL) gets the
 * length of the LV's own part ("LVM-<vg id><lv id>"). */
enum kdm_layer kdm_uuid_layer(const char *uuid, size_t *lv_len);
/* The inverse of kdm_name_for(vg, lv, LAYER_TOP): 0 and allocated names, or
 * -1 for a name that is not a VG-LV top-level device's. */
int kdm_name_split(const char *name, char **vg, char **lv);

/* The devices that activating `lvs` (NULL: every LV that can be active)
 * of `vg` implies; an origin brings its snapshots and vice versa.  PV
 * paths in ARG_PV args are pv->dev_path; an area whose PV has none (a
 * lost PV) maps to its LAYER_MISSING device, so the LV works where its
 * data is there and fails I/O where it is not: whether that may be
 * done at all (--activationmode) is the caller's decision.  `have` (may be NULL: nothing
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
/* Leave the kernel's devices of `lv` and of its activation group (an
 * origin and its snapshots) as they are in plans made from `d`: an LV
 * whose activation is refused keeps whatever it has. */
void kdm_devs_keep(struct kdm_devs *d, const struct vg *vg, const struct lv *lv);
/* Make the read-only flag of the devices of `lv`'s activation group
 * follow the metadata in plans made from `d`, reloading a table for that
 * alone, as lvm2 does for an LV it activates or refreshes (lvchange -ay,
 * vgchange -ay, lvchange -p).  Elsewhere a device whose table stays keeps
 * the kernel's flag: one activated read-only by lvm2 (--readonly) is not
 * made writable by a command that only follows the metadata of other
 * LVs, as with lvm2. */
void kdm_devs_ro_follow(struct kdm_devs *d, const struct vg *vg, const struct lv *lv);
const struct kdm_dev *kdm_devs_find_uuid(const struct kdm_devs *d, const char *uuid);

/* Ops that take the kernel from `have` to `want`, limited to the devices
 * of `scope_prefix` (the VG's "LVM-<vg id>" uuid prefix) less those
 * want->keep names: devices of the VG that `want` lacks are removed
 * only if `remove_others`.  Order:
 * tables a crashed run left loaded cleared first, lower layers created
 * before the devices using them, tables loaded before the one
 * suspend/resume that switches a live device (so the suspend window holds
 * no table load), removals top-down.  Devices whose table already matches
 * are left alone, so running a plan twice changes nothing the second
 * time.  Each op carries the udev flags of its device: from `want`, or
 * for a removal from want->vg and `have` (see plan.c, kdev_udev_flags). */
void plan_ops(const struct kdm_devs *want, const struct kdm_state *have, const char *scope_prefix,
              int remove_others, struct kdm_plan *out);
/* Remove the devices of these uuid prefixes (deactivation), top-down,
 * after clearing the tables a crashed run left loaded in them.  Without
 * metadata, the udev flags of the removals go by each uuid's layer and,
 * for a snapshot's devices, by the kernel's snapshot table (a merging
 * snapshot is not known as such: act_converge removes through plan_ops). */
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
