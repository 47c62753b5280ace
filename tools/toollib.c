/* Shared pieces of the command handlers. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "activate/dm.h"
#include "device/discovery.h"
#include "device/hints.h"
#include "metadata/alloc.h"
#include "metadata/format/backup.h"
#include "metadata/format/text.h"
#include "metadata/missing.h"
#include "metadata/validate.h"
#include "misc/lock.h"
#include "misc/log.h"
#include "misc/units.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/lockd.h"
#include "tools/toollib.h"

int tool_pv_args(struct cmd_context *ctx, const struct vg *vg, struct pv ***pvs, size_t *n)
{
	for (int i = 1; i < ctx->args.argc; i++) {
		struct pv *pv = vg_find_pv_by_path(vg, ctx->args.argv[i]);
		if (!pv) {
			log_error("Physical volume %s is not in volume group %s.",
			          ctx->args.argv[i], vg->name);
			return -1;
		}
		/* as lvm2: named but not allocatable (pvchange -x n) or
		 * without a free extent, left out with a warning (and not
		 * counted in %PVS) */
		if (!(pv->status & PV_ALLOCATABLE)) {
			log_warn("WARNING: Physical volume %s not allocatable.", ctx->args.argv[i]);
			continue;
		}
		if (!alloc_free_extents(vg, &pv, 1)) {
			log_warn("WARNING: No free extents on physical volume \"%s\".",
			         ctx->args.argv[i]);
			continue;
		}
		*pvs = xrealloc(*pvs, (*n + 1) * sizeof(**pvs));
		(*pvs)[(*n)++] = pv;
	}
	/* (an empty list would let the allocator take any PV) */
	if (ctx->args.argc > 1 && !*n) {
		log_error("No specified PVs have space available.");
		return -1;
	}
	return 0;
}

static int autobackup(const struct cmd_context *ctx, enum setting_id id)
{
	const char *v = arg_str(ctx, OPT_AUTOBACKUP, NULL);
	return v ? opt_bool_value(v) : config_bool(id);
}

int tool_archive_on(const struct cmd_context *ctx)
{
	return autobackup(ctx, SET_BACKUP_ARCHIVE);
}

int tool_backup_on(const struct cmd_context *ctx)
{
	return autobackup(ctx, SET_BACKUP_BACKUP);
}

/* lvm2's exit codes: a zero given on the command line is a command-line
 * error (3); a percentage that works out to nothing, or a size beyond
 * what the VG's extent size can express, is a failure (5). */
int tool_sizing_error(enum sizing_result r, const char *what, int computed)
{
	switch (r) {
	case SIZING_OK:
		return EXIT_DONE;
	case SIZING_ZERO:
		log_error("The size of %s would be 0 extents.", what);
		return computed ? EXIT_FAILED : EXIT_INVALID;
	case SIZING_TOO_LARGE:
		log_error("The requested size of %s is too large for this volume group's extent "
		          "size.",
		          what);
		return EXIT_FAILED;
	case SIZING_NOT_HERE:
		log_error("That percentage does not apply to %s: use %%VG, %%FREE or %%PVS%s.",
		          what, strcmp(what, "the new logical volume") ? ", %LV or %ORIGIN" : "");
		break;
	}
	return EXIT_INVALID;
}

extern char **environ;

int tool_run(const char *path, char *const *argv, int quiet, struct strbuf *why)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, err;

	fflush(stdout);
	fflush(stderr);
	if ((err = posix_spawn_file_actions_init(&fa))) {
		strbuf_addf(why, "cannot start %s: %s", argv[0], strerror(err));
		return -1;
	}
	if (quiet) {
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	}
	err = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		strbuf_addf(why, "cannot start %s: %s", argv[0], strerror(err));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			strbuf_addf(why, "cannot wait for %s: %s", argv[0], strerror(errno));
			return -1;
		}
	}
	if (WIFSIGNALED(status)) {
		strbuf_addf(why, "%s was killed by signal %d", argv[0], WTERMSIG(status));
		return -1;
	}
	return WEXITSTATUS(status);
}

/* lvm2's module_present: MODPROBE_CMD, quietly; its outcome shows in the
 * target list read again after it */
static void modprobe(const char *module)
{
	char *argv[] = {"/sbin/modprobe", (char *)module, NULL};
	struct strbuf why = STRBUF_INIT;

	if (!access(argv[0], X_OK))
		tool_run(argv[0], argv, 1, &why);
	strbuf_release(&why);
}

int tool_cow_leak_chunks(void)
{
	static int leak = -1;
	unsigned v[3];
	int found;

	if (leak >= 0)
		return leak;
	leak = 1;
	if (!kdm_available())
		return leak;
	if (!(found = kdm_target_version("snapshot", v))) {
		modprobe("dm-snapshot");
		found = kdm_target_version("snapshot", v);
	}
	if (found == 1 && (v[0] > 1 || (v[0] == 1 && v[1] >= 12)))
		leak = 0;
	log_debug("snapshot target %s: %s COW leak chunks", found == 1 ? "found" : "not found",
	          leak ? "with" : "without");
	return leak;
}

int tool_cow_too_small(const struct vg *vg, uint32_t extents, uint32_t chunk)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t min = (uint64_t)COW_MIN_CHUNKS * chunk;

	if (!cow_too_small(extents, vg->extent_size, chunk))
		return 0;
	display_size(&sb, min);
	/* lvm2's words, which its tests look for ("smaller") */
	log_error("Snapshot volume cannot be smaller than %d chunks (%llu extents, %s).",
	          COW_MIN_CHUNKS,
	          (unsigned long long)((min + vg->extent_size - 1) / vg->extent_size), sb.buf);
	strbuf_release(&sb);
	return 1;
}

void tool_say_reducing(const struct vg *vg, uint64_t percent, enum percent_base base,
                       uint32_t extents)
{
	static const char *const names[] = {
	    [PERCENT_VG] = "VG",         [PERCENT_FREE] = "FREE", [PERCENT_PVS] = "PVS",
	    [PERCENT_ORIGIN] = "ORIGIN", [PERCENT_LV] = "LV",
	};
	struct strbuf sb = STRBUF_INIT;
	display_size(&sb, (uint64_t)extents * vg->extent_size);
	log_print("Reducing %llu%%%s to remaining free space %s in VG.",
	          (unsigned long long)percent, names[base], sb.buf);
	strbuf_release(&sb);
}

static int take(enum cmd_lock want, const char *vg_name)
{
	enum lock_mode mode = want == CMD_LOCK_EX ? LOCK_EXCLUSIVE_MODE : LOCK_SHARED_MODE;
	if (want == CMD_LOCK_NONE)
		return -1;
	return vg_name ? lock_vg(vg_name, mode) : lock_global(mode);
}

static void warn_duplicate_vg_names(const struct scan *s);

/* lvmlockd's global lock, shared, is lvm2's for listing every VG: taken by
 * the PV commands always, by the others only when no VG or LV is named
 * (a tag stands for all of them, read to find it).  (The lock file is
 * taken all the same.) */
static int lockd_gl_wanted(const struct cmd_context *ctx, enum cmd_lock mode)
{
	int (*const pv_cmds[])(struct cmd_context *) = {cmd_pvs, cmd_pvdisplay, cmd_pvscan};

	if (mode != CMD_LOCK_SH || !ctx->args.argc)
		return 1;
	for (size_t i = 0; i < sizeof(pv_cmds) / sizeof(pv_cmds[0]); i++)
		if (ctx->cmd && ctx->cmd->fn == pv_cmds[i])
			return 1;
	for (int i = 0; i < ctx->args.argc; i++)
		if (ctx->args.argv[i][0] == '@')
			return 1;
	return 0;
}

/* lvm2's order: the global lock, then (for a change of which devices are
 * PVs or which VG names exist) the hints, then the VGs by name. */
static int begin(struct tool *t, struct cmd_context *ctx, const char *vg_a, const char *vg_b,
                 char *const *paths, size_t n_paths)
{
	struct cmd_locks want = cmd_locks_for(ctx->flags, vg_a != NULL);

	memset(t, 0, sizeof(*t));
	t->ctx = ctx;
	t->global_lock = t->vg_lock = t->vg_lock2 = -1;
	/* the table is the one place that decides: a handler working on one
	 * VG must be declared as one */
	if (vg_a && want.vg == CMD_LOCK_NONE)
		fatal_bug("%s works on VG %s but its table entry takes no VG lock", ctx->cmd->name,
		          vg_a);
	if (vg_b && strcmp(vg_a, vg_b) > 0) {
		const char *first = vg_b;
		vg_b = vg_a;
		vg_a = first;
	}
	if (want.global != CMD_LOCK_NONE && (t->global_lock = take(want.global, NULL)) < 0)
		return -1;
	/* lvm2's order: its lock file, then lvmlockd's global lock */
	if (want.global != CMD_LOCK_NONE && lockd_gl_wanted(ctx, want.global) &&
	    tool_lockd_gl(ctx, want.global == CMD_LOCK_EX ? "ex" : "sh", ctx->lockd_gl_create)) {
		tool_end(t);
		return -1;
	}
	if (want.global == CMD_LOCK_EX && !ctx->test_mode) {
		hints_invalidate(HINTS_RUN_DIR_LVM2, ctx->cmd->name);
		t->hints_held = 1;
	}
	if ((want.vg != CMD_LOCK_NONE && (t->vg_lock = take(want.vg, vg_a)) < 0) ||
	    (vg_b && strcmp(vg_a, vg_b) && (t->vg_lock2 = take(want.vg, vg_b)) < 0) ||
	    scan_pvs_extra(&t->scan, ctx->devices, paths, n_paths)) {
		tool_end(t);
		return -1;
	}
	warn_duplicate_vg_names(&t->scan);
	return 0;
}

int tool_begin(struct tool *t, struct cmd_context *ctx, const char *vg_name)
{
	return begin(t, ctx, vg_name, NULL, NULL, 0);
}

int tool_begin_paths(struct tool *t, struct cmd_context *ctx, const char *vg_name,
                     char *const *paths, size_t n_paths)
{
	return begin(t, ctx, vg_name, NULL, paths, n_paths);
}

int tool_begin_two(struct tool *t, struct cmd_context *ctx, const char *vg_a, const char *vg_b)
{
	return begin(t, ctx, vg_a, vg_b, NULL, 0);
}

int tool_kernel(const struct cmd_context *ctx)
{
	if (!(ctx->flags & CMD_KERNEL))
		fatal_bug("%s asks device-mapper but its table entry lacks CMD_KERNEL",
		          ctx->cmd->name);
	return ctx->kernel;
}

void tool_end(struct tool *t)
{
	if (t->lockd_vg2)
		tool_lockd_vg_unlock(t->ctx, t->lockd_vg2, t->lockd_state2);
	if (t->lockd_vg)
		tool_lockd_vg_unlock(t->ctx, t->lockd_vg, t->lockd_state);
	free(t->lockd_vg);
	free(t->lockd_vg2);
	t->lockd_vg = t->lockd_vg2 = NULL;
	t->lockd_state = t->lockd_state2 = 0;
	scan_free(&t->scan);
	lock_release(t->vg_lock2);
	lock_release(t->vg_lock);
	lock_release(t->global_lock);
	if (t->hints_held)
		hints_release();
	t->vg_lock = t->vg_lock2 = t->global_lock = -1;
	t->hints_held = 0;
}

/* lvm2's commands with ALLOW_EXPORTED: the reports and displays of VGs
 * and PVs, the metadata backups, vgrename and vgimport.  Every other
 * command refuses an exported VG it is given by name ("Volume group %s is
 * exported") and passes over one it only comes across. */
static int exported_allowed(const struct cmd_context *ctx)
{
	int (*const allowed[])(struct cmd_context *) = {
	    cmd_vgs,          cmd_pvs,      cmd_vgdisplay, cmd_pvdisplay, cmd_vgcfgbackup,
	    cmd_vgcfgrestore, cmd_vgrename, cmd_vgimport,  cmd_pvscan,    cmd_vgscan,
	};
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (ctx->cmd && ctx->cmd->fn == allowed[i])
			return 1;
	return 0;
}

int tool_vg_exported_refused(const struct cmd_context *ctx, const struct vg *vg, int named)
{
	if (!(vg->status & VG_EXPORTED) || exported_allowed(ctx))
		return 0;
	if (named)
		log_error("Volume group %s is exported", vg->name);
	else
		log_verbose("Skipping exported volume group %s", vg->name);
	return 1;
}

static struct vg *read_shared(struct tool *t, const char *name, const char *id, int named,
                              int *passed_over)
{
	struct cmd_locks want = cmd_locks_for(t->ctx->flags, 1);
	struct vg *vg;
	unsigned lockd_state;
	char *copy;
	int h, skip = 0;

	if (want.vg != CMD_LOCK_SH)
		fatal_bug("%s reads VG %s but its table entry has no CMD_VG_SH", t->ctx->cmd->name,
		          name);
	if ((h = lock_vg(name, LOCK_SHARED_MODE)) < 0)
		return NULL;
	/* `name` may be the scan's own string, which the refresh replaces */
	copy = xstrdup(name);
	if (tool_lockd_vg(t->ctx, copy, "sh", &lockd_state)) {
		lock_release(h);
		free(copy);
		return NULL;
	}
	scan_refresh_vg(&t->scan, copy);
	vg = vg_read_id(&t->scan, copy, id);
	tool_lockd_vg_unlock(t->ctx, copy, lockd_state);
	lock_release(h);
	free(copy);
	if (vg && tool_lockd_access(t->ctx, vg, lockd_state, named, 0, &skip)) {
		vg_free(vg);
		if (passed_over)
			*passed_over = skip;
		return NULL;
	}
	if (vg && tool_vg_exported_refused(t->ctx, vg, named)) {
		vg_free(vg);
		vg = NULL;
		if (passed_over)
			*passed_over = 1;
	}
	return vg;
}

struct vg *tool_read_vg_shared(struct tool *t, const char *name)
{
	return read_shared(t, name, NULL, 1, NULL);
}

struct vg *tool_read_vg_listed(struct tool *t, const char *name, int *passed_over)
{
	*passed_over = 0;
	return read_shared(t, name, NULL, 0, passed_over);
}

size_t tool_read_vgs_listed(struct tool *t, const char *name, struct vg ***vgs, int *failed)
{
	char **ids = NULL;
	size_t n_ids = scan_vg_ids_lvm2_order(&t->scan, name, &ids), n = 0;

	*vgs = xcalloc(n_ids + 1, sizeof(**vgs));
	/* one VG of the name (or none found): read by name, as before */
	for (size_t k = 0; k < (n_ids > 1 ? n_ids : 1); k++) {
		int passed_over = 0;
		struct vg *vg = read_shared(t, name, n_ids > 1 ? ids[k] : NULL, 0, &passed_over);
		if (vg)
			(*vgs)[n++] = vg;
		else if (!passed_over)
			*failed = 1;
	}
	for (size_t k = 0; k < n_ids; k++)
		free(ids[k]);
	free(ids);
	return n;
}

/* A shared VG's lvmlockd lock, once per command for the VG it works on
 * (tool_end lets it go), then the VG's PVs read again under it: another
 * host may have changed the metadata since the scan. */
static int lockd_lock(struct tool *t, const char *name, const char *mode, unsigned *state)
{
	char **slot = !t->lockd_vg ? &t->lockd_vg : &t->lockd_vg2;
	unsigned *st = slot == &t->lockd_vg ? &t->lockd_state : &t->lockd_state2;

	if (t->lockd_vg && !strcmp(t->lockd_vg, name)) {
		*state = t->lockd_state;
		return 0;
	}
	if (t->lockd_vg2 && !strcmp(t->lockd_vg2, name)) {
		*state = t->lockd_state2;
		return 0;
	}
	if (*slot)
		fatal_bug("%s takes the lvmlockd locks of three VGs", t->ctx->cmd->name);
	if (tool_lockd_vg(t->ctx, name, mode, st))
		return -1;
	*slot = xstrdup(name);
	*state = *st;
	if (LOCKD_VG_HELD(*st))
		scan_refresh_vg(&t->scan, *slot);
	return 0;
}

/* Does this command hold `name`'s lvmlockd lock exclusive? */
static int lockd_ex_held(const struct tool *t, const char *name)
{
	unsigned st = t->lockd_vg && !strcmp(t->lockd_vg, name)     ? t->lockd_state
	              : t->lockd_vg2 && !strcmp(t->lockd_vg2, name) ? t->lockd_state2
	                                                            : 0;
	return (st & LOCKD_VG_EX) && LOCKD_VG_HELD(st);
}

struct vg *tool_read_vg_activation(struct tool *t, const char *name, int named, int activating,
                                   int *skip)
{
	struct vg *vg;
	unsigned state;

	*skip = 0;
	if (lockd_lock(t, name, "sh", &state) || !(vg = vg_read(&t->scan, name)))
		return NULL;
	if (tool_lockd_access(t->ctx, vg, state, named, activating, skip)) {
		vg_free(vg);
		return NULL;
	}
	return vg;
}

/* vgmerge and vgsplit of a shared VG: refused, as lvm2 refuses them
 * (its vgsplit fails on an internal error, as the LVs moved keep their
 * leases in the old VG's lvmlock).  1 after lvm2's line. */
static int shared_refused(const struct cmd_context *ctx, const struct vg *vg)
{
	if (!vg_shared(vg) || !ctx->cmd ||
	    (ctx->cmd->fn != cmd_vgmerge && ctx->cmd->fn != cmd_vgsplit))
		return 0;
	log_error("%s not allowed for lock_type %s", ctx->cmd->name, vg->lock_type);
	return 1;
}

static struct vg *read_for_write(struct tool *t, const char *name, const char *id, int missing_ok)
{
	struct vg *vg;
	unsigned state;

	if (lockd_lock(t, name, "ex", &state) || !(vg = vg_read_id(&t->scan, name, id)))
		return NULL;
	if (tool_lockd_access(t->ctx, vg, state, 1, 0, NULL) || shared_refused(t->ctx, vg)) {
		vg_free(vg);
		return NULL;
	}
	if (vg->read_only_reason) {
		log_error("Volume group %s is read-only for vgtool: %s.", name,
		          vg->read_only_reason);
		vg_free(vg);
		return NULL;
	}
	if (tool_vg_exported_refused(t->ctx, vg, 1) || tool_refuse_duplicates(t, vg, 0)) {
		vg_free(vg);
		return NULL;
	}
	if (!missing_ok && vg_missing_pv_count(vg)) {
		log_error("Cannot change VG %s while PVs are missing.", name);
		log_error("See vgreduce --removemissing and vgextend --restoremissing.");
		log_error("Cannot process volume group %s", name);
		vg_free(vg);
		return NULL;
	}
	return vg;
}

int tool_lockd_vg_ex(struct tool *t, const struct vg *vg)
{
	unsigned state;

	if (lockd_lock(t, vg->name, "ex", &state))
		return -1;
	return tool_lockd_access(t->ctx, vg, state, 1, 0, NULL) ? -1 : 0;
}

struct vg *tool_read_vg_for_write(struct tool *t, const char *name)
{
	return read_for_write(t, name, NULL, 0);
}

struct vg *tool_read_vg_id_for_write(struct tool *t, const char *name, const char *id)
{
	return read_for_write(t, name, id, 0);
}

struct vg *tool_read_vg_missing_ok(struct tool *t, const char *name)
{
	return read_for_write(t, name, NULL, 1);
}

int tool_virtual_origin_named(const struct vg *vg, const struct lv *lv)
{
	if (!lv || !lv_is_virtual_origin(vg, lv))
		return 0;
	log_print("Ignoring virtual origin logical volume %s/%s.", vg->name, lv->name);
	log_error("Failed to find logical volume \"%s/%s\"", vg->name, lv->name);
	return 1;
}

int tool_refuse_duplicates(struct tool *t, const struct vg *vg, int activating)
{
	if (!scan_vg_has_duplicates(&t->scan, vg) ||
	    config_bool(SET_DEVICES_ALLOW_CHANGES_WITH_DUPLICATE_PVS))
		return 0;
	if (activating)
		log_error("Cannot activate LVs in VG %s while PVs appear on duplicate devices.",
		          vg->name);
	else
		log_error("Cannot update volume group %s with duplicate PV devices.", vg->name);
	return -1;
}

size_t tool_outdated_pvs(struct tool *t, const struct vg *vg, struct pv_disk ***out)
{
	size_t n = scan_vg_outdated(&t->scan, vg, out);

	for (size_t i = 0; i < n; i++) {
		const char *path = pv_disk_path((*out)[i]);
		for (unsigned m = 0; m < (*out)[i]->n_mdas; m++)
			log_warn("WARNING: wiping mda on outdated PV %s", path);
		log_warn("WARNING: wiping header on outdated PV %s", path);
	}
	return n;
}

int tool_commit(struct tool *t, const struct vg *old, struct vg *vg, struct pv_disk *const *dropped,
                size_t n_dropped)
{
	return tool_commit_steps(t, old, vg, dropped, n_dropped, 1);
}

/* The seqno a commit of `vg` over `old` writes: one past anything either
 * copy has seen (vgcfgrestore brings a VG whose seqno may be older or
 * newer than the one on disk), `steps` on. */
static uint32_t next_seqno(const struct vg *old, const struct vg *vg, unsigned steps)
{
	return (old && old->seqno > vg->seqno ? old->seqno : vg->seqno) + (steps ? steps : 1);
}

/* Does the text fit the VG's metadata areas?  (The origin of the text
 * counts: its description names the command line, as lvm2's does.) */
static int commit_fits(struct tool *t, const struct vg *vg)
{
	struct strbuf desc = STRBUF_INIT;
	struct text_origin o;
	int r;
	strbuf_addf(&desc, "Write from %s.", t->ctx->cmdline);
	text_origin_init(&o, desc.buf);
	r = vg_commit_fits(&t->scan, vg, &o);
	text_origin_release(&o);
	strbuf_release(&desc);
	return r;
}

int tool_commit_fits(struct tool *t, const struct vg *old, struct vg *vg, unsigned steps)
{
	uint32_t seqno = vg->seqno;
	int r;
	vg->seqno = next_seqno(old, vg, steps);
	r = commit_fits(t, vg);
	vg->seqno = seqno;
	return r;
}

int tool_commit_steps(struct tool *t, const struct vg *old, struct vg *vg,
                      struct pv_disk *const *dropped, size_t n_dropped, unsigned steps)
{
	struct strbuf err = STRBUF_INIT, desc = STRBUF_INIT;
	struct text_origin o;
	int r;

	if (t->vg_lock < 0)
		fatal_bug("%s commits VG %s without holding its lock exclusively",
		          t->ctx->cmd->name, vg->name);
	/* a shared VG is written only under its exclusive lvmlockd lock
	 * (the read refused it otherwise: this is the last guard) */
	if ((vg_shared(vg) || (old && vg_shared(old))) && !t->lockd_new_vg &&
	    !lockd_ex_held(t, old ? old->name : vg->name)) {
		log_error("Cannot access VG %s due to failed lock.", vg->name);
		return -1;
	}
	vg->seqno = next_seqno(old, vg, steps);
	if (vg_validate(vg, &err)) {
		log_error("Internal error: refusing to write inconsistent metadata for %s: %s.",
		          vg->name, err.buf);
		strbuf_release(&err);
		return -1;
	}
	strbuf_release(&err);
	if (t->ctx->test_mode) {
		/* a text too large is refused in test mode too, as lvm2 does */
		if (commit_fits(t, vg))
			return -1;
		log_print("Test mode: metadata of %s not written (seqno would be %u).", vg->name,
		          vg->seqno);
		return 0;
	}
	/* backup { archive = 0 } / { backup = 0 } turn them off, as in lvm2 */
	if (old && tool_archive_on(t->ctx) && backup_archive(old, t->ctx->cmdline))
		return -1;
	strbuf_addf(&desc, "Write from %s.", t->ctx->cmdline);
	text_origin_init(&o, desc.buf);
	r = vg_commit(&t->scan, vg, &o, dropped, n_dropped, t->repair_bad);
	text_origin_release(&o);
	strbuf_release(&desc);
	if (r < 0)
		return -1;
	/* Committed, but a device failed on the way (logged): the command
	 * goes on so that the kernel follows the metadata that now stands,
	 * and exits 5 at the end (run_command). */
	if (r > 0)
		t->ctx->commit_incomplete = 1;
	tool_lockd_vg_update(t->ctx, vg);
	/* the commit stands even if the backup cannot be written */
	if (tool_backup_on(t->ctx) && backup_after(vg, t->ctx->cmdline))
		log_warn("WARNING: metadata of %s committed but not backed up.", vg->name);
	return 0;
}

int parse_lv_arg(const char *arg, const char *default_vg, char **vg, char **lv)
{
	const char *s = arg, *slash;
	const char *dev = dev_dir();
	size_t dl = strlen(dev);

	if (!strncmp(s, dev, dl) && s[dl] == '/')
		s += dl + 1;
	slash = strchr(s, '/');
	if (slash) {
		if (strchr(slash + 1, '/') || slash == s || !slash[1]) {
			log_error("\"%s\" is not of the form VG/LV.", arg);
			return -1;
		}
		*vg = xstrndup(s, (size_t)(slash - s));
		*lv = xstrdup(slash + 1);
		return 0;
	}
	if (!default_vg) {
		log_error("\"%s\": the volume group is missing (use VG/LV).", arg);
		return -1;
	}
	*vg = xstrdup(default_vg);
	*lv = xstrdup(s);
	return 0;
}

int parse_yes_no(const char *opt, const char *value)
{
	if (!strcmp(value, "y") || !strcmp(value, "Y") || !strcmp(value, "ay"))
		return 1;
	if (!strcmp(value, "n") || !strcmp(value, "N") || !strcmp(value, "an"))
		return 0;
	log_error("Invalid argument for %s: \"%s\" (expected y or n).", opt, value);
	return -1;
}

int tool_size_not_negative(struct cmd_context *ctx, enum opt_id id, char unit, const char *what,
                           const char *negative, uint64_t *out)
{
	struct size_arg sa;

	*out = 0;
	if (!arg_count(ctx, id))
		return 0;
	if (parse_size_arg(arg_str(ctx, id, NULL), unit, SIGN_RULE_ANY, what, &sa))
		return -1;
	if (sa.sign == SIGN_MINUS) {
		log_error("%s", negative);
		return -1;
	}
	*out = sa.sectors;
	return 0;
}

void display_size(struct strbuf *sb, uint64_t sectors)
{
	format_size_long(sb, sectors, NULL, 0);
}

size_t *scan_lvm2_order(const struct scan *s)
{
	size_t *idx = xcalloc(s->n + 1, sizeof(*idx));

	for (size_t i = 0; i < s->n; i++) {
		size_t j = i;
		const struct device *d = pv_disk_device(s->pvs[i]);

		/* insertion sort: stable, and scans are short */
		while (j > 0) {
			const struct device *p = pv_disk_device(s->pvs[idx[j - 1]]);
			if (p->is_file < d->is_file ||
			    (p->is_file == d->is_file && p->rdev <= d->rdev))
				break;
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	return idx;
}

size_t scan_vg_names_lvm2_order(const struct scan *s, char ***names)
{
	size_t *idx = scan_lvm2_order(s), n = 0;

	*names = xcalloc(s->n + 1, sizeof(**names));
	/* walk the devices backwards, each VG where its first PV is */
	for (size_t k = s->n; k-- > 0;) {
		const char *name = pv_disk_vg_name(s->pvs[idx[k]]);
		int seen = 0;
		/* a PV without metadata does not place its VG (lvm2 learns of
		 * it from the VG) */
		if (!name || !pv_disk_has_copy(s->pvs[idx[k]]))
			continue;
		for (size_t i = 0; i < n && !seen; i++)
			seen = !strcmp((*names)[i], name);
		if (seen) {
			/* a VG's place is its first PV's: move it back */
			size_t i = 0;
			char *keep;
			while (strcmp((*names)[i], name))
				i++;
			keep = (*names)[i];
			memmove(*names + i, *names + i + 1, (n - i - 1) * sizeof(**names));
			(*names)[n - 1] = keep;
		} else {
			(*names)[n++] = xstrdup(name);
		}
	}
	free(idx);
	return n;
}

size_t scan_vg_ids_lvm2_order(const struct scan *s, const char *name, char ***ids)
{
	size_t *idx = scan_lvm2_order(s), n = 0;

	*ids = xcalloc(s->n + 1, sizeof(**ids));
	/* as the names above: each VG where its first PV is, last first */
	for (size_t k = s->n; k-- > 0;) {
		const struct pv_disk *pd = s->pvs[idx[k]];
		size_t i = 0;
		char *keep;

		if (!pv_disk_vg_name(pd) || !pv_disk_has_copy(pd) ||
		    strcmp(pv_disk_vg_name(pd), name))
			continue;
		while (i < n && strcmp((*ids)[i], pv_disk_vg_id(pd)))
			i++;
		if (i == n) {
			(*ids)[n++] = xstrdup(pv_disk_vg_id(pd));
			continue;
		}
		keep = (*ids)[i];
		memmove(*ids + i, *ids + i + 1, (n - i - 1) * sizeof(**ids));
		(*ids)[n - 1] = keep;
	}
	free(idx);
	return n;
}

/* lvm2's warning as its scan finds a second VG of a name (lvmcache):
 * once per command, however many scans the command makes. */
static void warn_duplicate_vg_names(const struct scan *s)
{
	static int warned;
	size_t *idx, n = 0;
	const struct pv_disk **first;

	if (warned)
		return;
	idx = scan_lvm2_order(s);
	first = xcalloc(s->n + 1, sizeof(*first));
	for (size_t k = 0; k < s->n; k++) {
		const struct pv_disk *pd = s->pvs[idx[k]];
		const char *name = pv_disk_vg_name(pd);
		size_t i = 0;

		if (!name || !pv_disk_has_copy(pd))
			continue;
		/* the first VG of each name, and every other VG once */
		while (i < n && (strcmp(pv_disk_vg_name(first[i]), name) ||
		                 strcmp(pv_disk_vg_id(first[i]), pv_disk_vg_id(pd))))
			i++;
		if (i < n)
			continue;
		first[n++] = pd;
		for (i = 0; i + 1 < n; i++)
			if (!strcmp(pv_disk_vg_name(first[i]), name)) {
				char a[UUID_FORMATTED_LEN + 1], b[UUID_FORMATTED_LEN + 1];
				uuid_format(pv_disk_vg_id(pd), a);
				uuid_format(pv_disk_vg_id(first[i]), b);
				log_warn("WARNING: VG name %s is used by VGs %s and %s.", name, a,
				         b);
				log_warn("Fix duplicate VG names with vgrename uuid, a device "
				         "filter, or "
				         "system IDs.");
				warned = 1;
				break;
			}
	}
	free(first);
	free(idx);
}

int tool_persistent_minor(struct cmd_context *ctx, int *major, int *minor)
{
	/* (the values were checked by the option parser) */
	if (arg_count(ctx, OPT_MINOR) > 1) {
		log_error("Option --minor may not be repeated.");
		return EXIT_FAILED;
	}
	if (arg_count(ctx, OPT_MAJOR) > 1) {
		log_error("Option -j|--major may not be repeated.");
		return EXIT_FAILED;
	}
	*major = *minor = -1;
	if (!opt_bool_value(arg_str(ctx, OPT_PERSISTENT, "y"))) {
		if (arg_count(ctx, OPT_MINOR) || arg_count(ctx, OPT_MAJOR)) {
			log_error("Options --major and --minor are incompatible with -Mn.");
			return EXIT_FAILED;
		}
		return 0;
	}
	if (arg_count(ctx, OPT_MAJOR))
		*major = atoi(arg_str(ctx, OPT_MAJOR, "-1"));
	if (arg_count(ctx, OPT_MINOR))
		*minor = atoi(arg_str(ctx, OPT_MINOR, "-1"));
	if (arg_count(ctx, OPT_PERSISTENT) && *minor < 0) {
		log_error("Please specify minor number with --minor when using -My.");
		return EXIT_FAILED;
	}
	/* the kernel numbers device-mapper's devices under its one major,
	 * whatever was asked; lvm2 warns and stores that major */
	if (*major >= 0)
		log_warn(
		    "WARNING: Ignoring supplied major number %d - kernel assigns major numbers "
		    "dynamically. Using major number %d instead.",
		    *major, kdm_major());
	*major = *minor < 0 ? -1 : kdm_major();
	if (*minor > LV_MINOR_MAX) {
		log_error("Minor number %d outside range 0-%d.", *minor, LV_MINOR_MAX);
		return EXIT_FAILED;
	}
	return 0;
}
