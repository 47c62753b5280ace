/* What command handlers share: locking + scanning in the right order,
 * committing a changed VG (archive, commit, backup), argument helpers. */
#ifndef VGTOOL_TOOLLIB_H
#define VGTOOL_TOOLLIB_H

#include "metadata/format/store.h"
#include "metadata/metadata.h"
#include "metadata/sizing.h"
#include "tools/cmdline.h"

struct tool {
	struct cmd_context *ctx;
	struct scan scan;
	int global_lock;
	int vg_lock;    /* held exclusive, or -1 */
	int vg_lock2;   /* vgrename: the other name's, or -1 */
	int hints_held; /* lvm2's hints invalidated, their lock held */
	int repair_bad; /* commits also rewrite areas the scan found bad
	                 * (vgck --updatemetadata) */
	/* the VGs whose lvmlockd locks this command asked for
	 * (tools/lockd.h), and what came of each; NULL when none (two for
	 * vgsplit and vgmerge) */
	char *lockd_vg, *lockd_vg2;
	unsigned lockd_state, lockd_state2;
	/* vgcreate --shared: the new VG's commits need no lock, which
	 * cannot exist before its lockspace */
	int lockd_new_vg;
};

/* Take the locks the command table declares for this command
 * (cmd_locks_for() in cmdline.h), then scan, so that what is read cannot
 * change before the command commits.  `vg_name`: the VG the command works
 * on, or NULL while it lists VGs or PVs. */
int tool_begin(struct tool *t, struct cmd_context *ctx, const char *vg_name);
/* The same, also scanning `paths` (device arguments; may be files). */
int tool_begin_paths(struct tool *t, struct cmd_context *ctx, const char *vg_name,
                     char *const *paths, size_t n_paths);
/* The same for two VGs (vgrename's old and new name), locked in name
 * order as lvm2 does, so that no two commands can deadlock. */
int tool_begin_two(struct tool *t, struct cmd_context *ctx, const char *vg_a, const char *vg_b);
void tool_end(struct tool *t);

/* Is device-mapper there?  Only for commands the table marks CMD_KERNEL
 * (the dispatcher asked once); asking from another is an internal error. */
int tool_kernel(const struct cmd_context *ctx);

/* Read a VG for reporting it (CMD_VG_SH commands, after listing the VGs
 * under the global lock): under its lock, shared, for the time of the
 * read, its PVs read again first.  NULL when it cannot be read (logged). */
struct vg *tool_read_vg_shared(struct tool *t, const char *name);
/* The same for a VG the command came across while listing them all, not
 * named: one this command may not use (exported) is passed over in
 * silence, NULL with *passed_over set. */
struct vg *tool_read_vg_listed(struct tool *t, const char *name, int *passed_over);
/* Every VG called `name` that a listing came across, each read so: two
 * where a disk was cloned, which lvm2 lists each (named, the name is
 * refused).  The count read into *vgs (allocated); *failed set when one
 * could not be read. */
size_t tool_read_vgs_listed(struct tool *t, const char *name, struct vg ***vgs, int *failed);
/* Is `vg` exported and this command one that lvm2 refuses exported VGs
 * (all but the reports and displays of VGs and PVs, vgcfgbackup,
 * vgcfgrestore, vgrename, vgimport)?  Then 1, after lvm2's line when the
 * VG was `named`.  The read functions here check it; commands that read
 * otherwise (activation) ask. */
int tool_vg_exported_refused(const struct cmd_context *ctx, const struct vg *vg, int named);

/* Read a VG to activate or deactivate its LVs (vgchange -a, lvchange -a,
 * --refresh), under the file lock tool_begin took: a shared VG's lvmlockd
 * lock is taken shared (lvm2's activation needs no more; `activating`: a
 * failed one refuses the command) and held until tool_end.  NULL when it
 * cannot be read or used (logged, but a listed shared VG without lvmlockd,
 * passed over in silence with *skip set). */
struct vg *tool_read_vg_activation(struct tool *t, const char *name, int named, int activating,
                                   int *skip);
/* A shared VG's lvmlockd lock taken exclusive (held until tool_end) for
 * a command that reads the VG its own way (vgcfgrestore: read it again
 * afterwards, the scan has been refreshed).  0 (a local VG: nothing to
 * take), or -1 after lvm2's line. */
int tool_lockd_vg_ex(struct tool *t, const struct vg *vg);
/* Read a VG for changing it: refuses (logged) a VG that is read-only for
 * vgtool or has missing PVs (lvm2's two lines, exit 5). */
struct vg *tool_read_vg_for_write(struct tool *t, const char *name);
/* The same for the VG called `name` whose id is `id` (vgrename by uuid,
 * when two VGs share the name). */
struct vg *tool_read_vg_id_for_write(struct tool *t, const char *name, const char *id);
/* The same for the commands lvm2 lets change a VG whose PVs are missing
 * (its handles_missing_pvs: vgreduce --removemissing, vgextend, lvremove):
 * the commit then goes to the PVs present and writes the others MISSING. */
struct vg *tool_read_vg_missing_ok(struct tool *t, const char *name);

/* Bump seqno, validate, archive the old version, commit, back up the new
 * one.  `old` is the VG as read (for the archive). */
/* The outdated PVs of `vg` (scan_vg_outdated), to be emptied by the
 * caller's commit, each announced in lvm2's words.  Returns the count;
 * *out to free. */
size_t tool_outdated_pvs(struct tool *t, const struct vg *vg, struct pv_disk ***out);
int tool_commit(struct tool *t, const struct vg *old, struct vg *vg, struct pv_disk *const *dropped,
                size_t n_dropped);
/* The same, the seqno advancing by `steps`: where lvm2 commits a change in
 * several writes (a snapshot: created as a plain LV, then attached; removed:
 * detached, then removed), vgtool writes once, crash-safe, but counts as
 * lvm2 does, so that `vgs -o seqno` and vgdisplay agree after the same
 * commands. */
int tool_commit_steps(struct tool *t, const struct vg *old, struct vg *vg,
                      struct pv_disk *const *dropped, size_t n_dropped, unsigned steps);
/* Would tool_commit_steps(t, old, vg, ..., steps) find room for the text
 * in every metadata area?  0, or -1 with the refusal logged.  For commands
 * that write something before they commit (lvcreate zeroes the new LV):
 * a VG whose metadata area is full is refused before any write. */
int tool_commit_fits(struct tool *t, const struct vg *old, struct vg *vg, unsigned steps);

/* "VG/LV", "/dev/VG/LV" or "LV" with default_vg.  Returns 0 and
 * allocated strings, or -1 after logging (exit 3). */
int parse_lv_arg(const char *arg, const char *default_vg, char **vg, char **lv);
/* The PVs named after the VG/LV argument (argv[1] on), which allocation
 * is restricted to, those not allocatable left out with lvm2's warning.
 * 0, or -1 after naming one that is not in the VG, or when none is left. */
int tool_pv_args(struct cmd_context *ctx, const struct vg *vg, struct pv ***pvs, size_t *n);
/* lvm2's message and exit code for a sizing result of -L/-l for `what`
 * ("the new logical volume" or "VG/LV"); `computed` when the size came
 * from a percentage or a subtraction.  EXIT_DONE for SIZING_OK. */
/* Whether this change keeps an archive of the metadata before it, and a
 * backup after it: -A/--autobackup y|n, else backup/archive and
 * backup/backup (lvm2's -An turns both off). */
int tool_archive_on(const struct cmd_context *ctx);
int tool_backup_on(const struct cmd_context *ctx);
int tool_sizing_error(enum sizing_result r, const char *what, int computed);
/* 1 after saying so when a COW of `extents` holds fewer than three chunks */
int tool_cow_too_small(const struct vg *vg, uint32_t extents, uint32_t chunk);
/* cow_max_extents' leak_chunks, as lvm2 decides it: 0 when the kernel's
 * snapshot target is 1.12.0 or newer (loaded with modprobe first when it
 * is not yet, as lvm2 does), 1 when older or when there is no
 * device-mapper to ask.  Asked once per command. */
int tool_cow_leak_chunks(void);

/* Run the program at `path` with `argv` (its output to /dev/null when
 * `quiet`) and wait for it: its exit status, or -1 with the reason in
 * `why` when it could not be started or was killed. */
int tool_run(const char *path, char *const *argv, int quiet, struct strbuf *why);
/* lvm2's line when a percentage of -l asks for more than there is: "N%BASE"
 * lowered to `extents` of `vg` (lvcreate: the VG's free space; lvresize:
 * the LV's size with it). */
void tool_say_reducing(const struct vg *vg, uint64_t percent, enum percent_base base,
                       uint32_t extents);
/* "y"/"n" style option values: 1, 0, or -1 after logging. */
int parse_yes_no(const char *opt, const char *value);
/* A size option lvm2 reads with a sign and then refuses negative, in
 * its words (`negative`, e.g. "Physical extent size may not be
 * negative"): its sectors in *out (0 when absent).  0, or -1 after one
 * line (a bad command line). */
int tool_size_not_negative(struct cmd_context *ctx, enum opt_id id, char unit, const char *what,
                           const char *negative, uint64_t *out);

/* "12.00 MiB": sizes in messages, as lvm2's display_size prints them. */
void display_size(struct strbuf *sb, uint64_t sectors);

/* lvm2's refusal to change a VG, or (`activating`) to activate its LVs,
 * while one of its PVs appears on two devices (store.h), unless
 * devices/allow_changes_with_duplicate_pvs; -1 after logging. */
int tool_refuse_duplicates(struct tool *t, const struct vg *vg, int activating);

/* A sparse snapshot's virtual origin named to a command that takes LVs
 * (lvchange, lvremove, the reports without -a): lvm2 passes it over,
 * saying so on stdout, and then finds nothing ("Failed to find logical
 * volume"); 1 after both lines when `lv` is one, else 0. */
int tool_virtual_origin_named(const struct vg *vg, const struct lv *lv);

/* lvm2 visits devices in device-number order (image files, which lvm2
 * cannot use, come last) and lists VGs newest-discovered first: the VG
 * whose first PV comes last is processed first.  Reports sort anyway, but
 * the display commands, ties in -O keys and the commands that select by
 * tag show this order.  The scan's indexes in device order (allocated). */
size_t *scan_lvm2_order(const struct scan *s);
/* The VG names of the scan in lvm2's processing order (allocated, as
 * scan_vg_names'); the count. */
size_t scan_vg_names_lvm2_order(const struct scan *s, char ***names);
/* The ids of the VGs called `name` (more than one where disks were
 * cloned), in the same order (allocated); the count. */
size_t scan_vg_ids_lvm2_order(const struct scan *s, const char *name, char ***ids);

/* tools/tags.c: tags on the command line (--addtag, --deltag, @TAG). */

/* What an invalid "@TAG" argument does, as lvm2 answers it: the LV
 * reports skip it with a line (TAG_BAD_SKIP, exit 0), the VG and PV
 * commands refuse the command line with lvm2's line (exit 3).  Where lvm2
 * skips it in a command that changes LVs, vgtool refuses instead
 * (TAG_BAD_REFUSE, exit 3): lvm2's lvremove, left with no argument,
 * removes every LV of every VG. */
enum tag_bad { TAG_BAD_SKIP, TAG_BAD_VG, TAG_BAD_PV, TAG_BAD_REFUSE };

/* The positional arguments, split into names and tags ("@" dropped);
 * the strings are the arguments' own. */
struct tag_args {
	char **names;
	size_t n_names;
	char **tags;
	size_t n_tags;
};
/* EXIT_DONE, or EXIT_INVALID after one line (nothing to release). */
int tag_args_split(struct cmd_context *ctx, struct tag_args *ta, enum tag_bad bad);
void tag_args_release(struct tag_args *ta);
int tag_args_has_name(const struct tag_args *ta, const char *name);

/* Objects to work on, in order; by_tag[i] when names[i] was chosen by a
 * tag, not named: such an object gone by the time it is locked is passed
 * over in silence. */
struct name_list {
	char **names;
	int *by_tag;
	size_t n;
	int failed; /* a name was found to be of nothing (said): exit 5 in the end */
};
/* Every VG, in lvm2's order, each read once without its lock (to learn
 * tags or names: a command reads a VG again under its lock before
 * changing it).  0, or -1 (logged); tool_free_vgs() frees them. */
int tool_read_all_vgs(struct cmd_context *ctx, struct vg ***vgs, size_t *n);
void tool_free_vgs(struct vg **vgs, size_t n);
void name_list_add(struct name_list *l, const char *name, int by_tag);
void name_list_release(struct name_list *l);

/* The VGs the arguments name, "@TAG" standing for every VG carrying the
 * tag (in lvm2's order then, scan_vg_names_lvm2_order).  EXIT_DONE, or the exit
 * code after logging. */
int tool_vg_args(struct cmd_context *ctx, enum tag_bad bad, struct name_list *out);
/* The "VG/LV" the arguments name, "@TAG" standing for every LV carrying
 * the tag or in a VG carrying it, and a VG's name for all its LVs
 * (`activating`: but a snapshot, whose origin is its unit, unless named).
 * A VG that is not there is said, and out->failed set, as lvm2 goes on
 * with the others.  EXIT_DONE, or the exit code after logging. */
int tool_lv_args(struct cmd_context *ctx, enum tag_bad bad, int activating, struct name_list *out);

/* -S/--select for lvchange, lvremove (LVs as "VG/LV") and vgchange,
 * vgremove, vgexport, vgimport (VGs): what the selection takes among the
 * objects the arguments name, or among all when there are none, in lvm2's
 * order (tools/report.c).  EXIT_DONE (the list may be empty), or the exit
 * code of a bad selection or argument, after logging.  tool_select_vgs
 * also fails (EXIT_FAILED) for a VG named that is not there, with the
 * list of the others filled: the caller does those, then exits 5. */
int tool_select_lvs(struct cmd_context *ctx, int activating, struct name_list *out);
int tool_select_vgs(struct cmd_context *ctx, struct name_list *out);

/* pvchange and pvresize: the PVs the arguments name (paths, "@TAG" for
 * the PVs carrying it), or every PV when there are none, those -S takes
 * among them, in lvm2's order (each VG's PVs, VG by VG, then the PVs in
 * no VG), read without locks: the command locks and reads each VG again
 * to change it.  A missing PV is left out.  What lvm2 reports as the
 * command goes on (a path that names nothing, a bad selection) is logged
 * and sets `failed`; the exit code of a bad command line otherwise. */
struct pv_target {
	char *vg; /* NULL: the PV is in no VG */
	char id[UUID_LEN + 1];
	char *path;
};
struct pv_targets {
	struct pv_target *v;
	size_t n;
	int failed;
};
int tool_pv_targets(struct cmd_context *ctx, struct pv_targets *out);
void pv_targets_release(struct pv_targets *t);

/* Apply --deltag and --addtag to a tag list, deleting first for a VG
 * (`del_first`, lvm2's vgchange) and adding first for an LV (lvchange).
 * 1 when the list changed. */
int tool_change_tags(struct cmd_context *ctx, struct tag_list *tl, int del_first);
/* Was --addtag or --deltag given? */
int tool_tags_given(const struct cmd_context *ctx);

/* The largest minor number the kernel gives (20 bits). */
#define LV_MINOR_MAX 1048575
/* -M/--persistent, -j/--major and --minor as lvm2 reads them: *minor the
 * persistent minor asked for, or -1 (-Mn, or none given); *major then
 * device-mapper's own (a --major is warned about and replaced, as lvm2
 * does).  0, or EXIT_FAILED after logging. */
int tool_persistent_minor(struct cmd_context *ctx, int *major, int *minor);

#endif
