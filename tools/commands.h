/* Handlers of the commands in the dispatch table (tools/vgtool.c).
 * One file per command family; each handler reads like its man page.
 *
 * (Folder tools: command lines turned into library calls: options, locks,
 * which VG, what a command prints and its exit status.  Disks and the
 * kernel are reached through lib/, never directly: no libdevmapper, no
 * device I/O here.) */
#ifndef VGTOOL_COMMANDS_H
#define VGTOOL_COMMANDS_H

#include "metadata/format/store.h"
#include "tools/cmdline.h"

/* tools/config.c: vgtool.conf merged with --config, for the whole run.
 * Every setting is read through the table of lib/config/settings.h, by
 * its id: the default, the type and whether lvm2's lvm.conf counts come
 * from there, never from the caller. */
#include <stdint.h>
#include "config/settings.h"
int config_load(struct cmd_context *ctx);
void config_release(void);
int config_bool(enum setting_id id);
int64_t config_int(enum setting_id id);
const char *config_str(enum setting_id id);
/* One configuration file as read. */
struct config_file {
	char *path;
	struct cfg_node *tree;
};
/* The trees behind those values, for lvmconfig: vgtool.conf with its tag
 * files merged as lvm2 merges lvm.conf with its own (NULL without
 * vgtool.conf), the --config tree (NULL without it), both merged, and
 * lvm.conf with its tag files (NULL without one), with the two files'
 * paths; and vgtool's files one by one, vgtool.conf first. */
struct config_sources {
	const struct cfg_node *conf, *override, *merged, *lvm;
	const char *conf_path, *lvm_path;
	const struct config_file *files;
	size_t n_files;
};
void config_sources(struct config_sources *out);

/* tools/lvmconfig.c */
int cmd_lvmconfig(struct cmd_context *ctx);

/* tools/pv.c */
int cmd_pvcreate(struct cmd_context *ctx);
int cmd_pvremove(struct cmd_context *ctx);
/* `id`: the new PV's uuid (32 characters), NULL for a new one. */
int pv_create_one(struct cmd_context *ctx, const char *path, const struct pv_create_params *p,
                  const char *id);
int pv_params_from_args(struct cmd_context *ctx, struct pv_create_params *p);

/* tools/vg.c */
int cmd_vgcreate(struct cmd_context *ctx);
int cmd_vgextend(struct cmd_context *ctx);
int cmd_vgreduce(struct cmd_context *ctx);
int cmd_vgremove(struct cmd_context *ctx);
int cmd_vgrename(struct cmd_context *ctx);

/* tools/vgsplit.c */
int cmd_vgexport(struct cmd_context *ctx);
int cmd_vgimport(struct cmd_context *ctx);
int cmd_vgsplit(struct cmd_context *ctx);
int cmd_vgmerge(struct cmd_context *ctx);
struct vg;
/* Is any LV of `vg` active (one read of the kernel)? */
int tool_vg_has_active_lvs(struct cmd_context *ctx, struct vg *vg);
/* Is the shared VG's lvmlock LV active here (its sanlock lockspace
 * started)? */
int tool_vg_lvmlock_active(struct cmd_context *ctx, struct vg *vg);

/* tools/pvchange.c */
int cmd_pvchange(struct cmd_context *ctx);
int cmd_pvresize(struct cmd_context *ctx);

/* tools/pvck.c */
int cmd_pvck(struct cmd_context *ctx);

/* tools/lv.c */
int cmd_lvcreate(struct cmd_context *ctx);
int cmd_lvremove(struct cmd_context *ctx);
int cmd_lvrename(struct cmd_context *ctx);
/* Remove an LV from the model, as lvm2's lvremove: a snapshot (named by
 * its COW LV) alone, an origin with its snapshots (each one taken along
 * is named as removed; lvm2 asks first only when the origin is active,
 * which the caller checks).  Adds lvm2's count of commits to *steps,
 * `snapshot_steps` for each snapshot taken along. */
void tool_remove_lv(struct vg *vg, struct lv *lv, unsigned snapshot_steps, unsigned *steps);

/* tools/resize.c */
int cmd_lvextend(struct cmd_context *ctx);
int cmd_lvreduce(struct cmd_context *ctx);
int cmd_lvresize(struct cmd_context *ctx);

/* tools/merge.c */
int cmd_lvconvert(struct cmd_context *ctx);
struct vg;
int merge_polls_due(struct cmd_context *ctx, const struct vg *vg);
int merge_start_polls(struct cmd_context *ctx, const struct vg *vg);
int merge_finish_completed(struct cmd_context *ctx, char *const *vgs, size_t n_vgs);

/* tools/lv.c, for the snapshot sets (tools/snapset.c) */
struct tool;
struct vg;
struct lv;
/* -L/-l (given, one of them, not zero) and -c, as lvcreate -s reads
 * them; the chunk in sectors.  EXIT_DONE, or the exit code after one
 * line. */
int tool_snapshot_args(struct cmd_context *ctx, uint32_t *chunk);
/* The origin `origin_name` of `vg` if it can take a snapshot, else NULL
 * after logging.  *activate (in: the snapshot is to be active) becomes
 * whether the origin is active: a snapshot follows its origin. */
/* A new LV's creation time and host (this machine's name), as lvm2 writes them. */
void tool_set_creation(struct lv *lv);
struct lv *tool_snapshot_origin(struct cmd_context *ctx, struct vg *vg, const char *origin_name,
                                int *activate);
/* A new snapshot of `origin` in the model, its COW called `name`, sized
 * by -L/-l (%ORIGIN: of this origin) as lvcreate -s sizes it, its
 * creation time `when`.  The COW LV, or NULL after logging. */
struct lv *tool_add_snapshot(struct cmd_context *ctx, struct vg *vg, struct lv *origin,
                             const char *name, uint32_t chunk, uint64_t when);
/* After a commit that adds LVs: the kernel follows, `on` activated; if
 * it cannot (undone as far as it went), the metadata is put back to
 * `old` so that both agree again.  0, or -1 after logging. */
int tool_follow_or_roll_back(struct tool *t, const struct vg *old, struct vg *vg,
                             struct lv *const *on, size_t n_on);
/* tools/snapset.c */
int cmd_snapset(struct cmd_context *ctx);
/* `snapset merge SET` (lvconvert --merge @snapset_SET): an exit code. */
int tool_snapset_merge(struct cmd_context *ctx, const char *set);
/* tools/merge.c: start the merge of the snapshots of VG `vg_name` that
 * `pick` takes, together: one commit, none when any cannot merge; then
 * poll them as lvconvert --merge does.  `pick` is asked of each LV under
 * the VG's lock, and once with lv NULL when it took none (to say so).
 * An exit code. */
typedef int (*merge_pick_fn)(const struct vg *vg, const struct lv *lv, const void *arg);
int tool_merge_together(struct cmd_context *ctx, const char *vg_name, merge_pick_fn pick,
                        const void *arg);

/* tools/activate.c */
int cmd_vgchange(struct cmd_context *ctx);
int cmd_lvchange(struct cmd_context *ctx);
/* vgchange -aay of VG `name`, named on the command line (pvscan --cache
 * -aay once the VG is complete).  An exit code. */
int tool_autoactivate_vg(struct cmd_context *ctx, const char *name);
/* The activation mode, from --activationmode or activation/activation_mode
 * (default "degraded", as lvm2), into ctx->partial_activation.  As lvm2,
 * every command reads it: "partial" is announced on stderr, and a mode
 * that is none of partial, degraded and complete is a bad command line.
 * EXIT_DONE, or EXIT_INVALID after one line. */
int tool_activation_mode(struct cmd_context *ctx);
struct vg;
struct lv;
/* Make the kernel follow a changed VG: the LVs active now stay active
 * (under new names, sizes, tables), those in `on` are activated, those
 * in `off` (with their origin group) and those gone from the VG are
 * removed.  0 or -1 (logged). */
int tool_kernel_follow(struct cmd_context *ctx, struct vg *vg, struct lv *const *on, size_t n_on,
                       struct lv *const *off, size_t n_off);
/* The same checks tool_kernel_follow() would make, without changing
 * anything: run before a commit so a refusal leaves the metadata as is. */
int tool_kernel_check(struct cmd_context *ctx, struct vg *vg, struct lv *const *on, size_t n_on);
/* Shared sanlock VG: the kernel's lvmlock at its size in `vg`'s metadata
 * (another host may have grown it, lvm2's refresh of lvmlock), the VG's
 * other active LVs following their metadata too.  0 or -1 (logged). */
int tool_lvmlock_refresh(struct cmd_context *ctx, const struct vg *vg);
/* vgchange --locktype sanlock|dlm|none [--lockopt force] VG... (tools/vg.c).
 * An exit code. */
int tool_vg_change_locktype(struct cmd_context *ctx);
/* Remove every device of the VG from the kernel. */
int tool_kernel_deactivate(struct cmd_context *ctx, struct vg *vg);
/* The first of these LVs whose own device is open (mounted, in use), or
 * NULL; *any_active (if given) tells whether any of them is active. */
const struct lv *tool_first_open(struct cmd_context *ctx, struct vg *vg, struct lv *const *lvs,
                                 size_t n, int *any_active);
/* Is the LV (its origin group) active, and is any of its devices open? */
int tool_lv_state(struct cmd_context *ctx, struct vg *vg, const struct lv *lv, int *active,
                  int *open);

/* tools/monitor.c: the COW watchdog */
int cmd_monitor(struct cmd_context *ctx);

/* tools/backup.c */
int cmd_vgcfgbackup(struct cmd_context *ctx);
int cmd_vgcfgrestore(struct cmd_context *ctx);
/* The VG in a backup file, or NULL (logged). */
struct vg *tool_read_backup(const char *path);
/* The bytes of a file of metadata (a backup, a pvck dump), bounded by the
 * size no metadata reaches, or NULL (logged). */
char *tool_read_metadata_file(const char *path, size_t *len);
int cmd_vgck(struct cmd_context *ctx);

/* tools/report.c */
int cmd_pvs(struct cmd_context *ctx);
int cmd_vgs(struct cmd_context *ctx);
int cmd_lvs(struct cmd_context *ctx);
int cmd_pvdisplay(struct cmd_context *ctx);
int cmd_vgdisplay(struct cmd_context *ctx);
int cmd_lvdisplay(struct cmd_context *ctx);
int cmd_pvscan(struct cmd_context *ctx);
/* tools/pvscan.c: pvscan --cache, event activation */
int cmd_pvscan_cache(struct cmd_context *ctx);
int cmd_vgscan(struct cmd_context *ctx);
int cmd_lvscan(struct cmd_context *ctx);
int cmd_vgmknodes(struct cmd_context *ctx);
int cmd_fullreport(struct cmd_context *ctx);

#endif
