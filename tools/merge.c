/* lvconvert --merge: roll an origin back to its snapshot with the kernel's
 * "snapshot-merge" target, and the polling that finishes a merge.
 *
 * A merge has three stages, as in lvm2:
 *   1. the metadata says the snapshot is merging (merging_store);
 *   2. at the origin's next activation, or at once when neither the origin
 *      nor the snapshot is open, the origin's table becomes snapshot-merge
 *      and the kernel copies the snapshot's chunks back;
 *   3. when the kernel reports the copy done (used == metadata sectors),
 *      the snapshot LVs are removed and the origin folds back to linear.
 * Stage 3 needs someone to look: `lvconvert --merge` waits in the
 * foreground (or in a child with -b), and activation starts a child that
 * polls, as lvm2 does without lvmpolld.  No resident daemon. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "activate/dm.h"
#include "activate/plan.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/lockd.h"
#include "tools/toollib.h"

/* What the origin's snapshot-merge target says. */
struct merge_state {
	unsigned long long used, total, metadata;
	int invalid, overflow;
};

/* -1: the origin is not merging in the kernel (not active, or still
 * "snapshot-origin" because the merge was delayed). */
static int read_merge(const char *vg_name, const char *origin, struct merge_state *m)
{
	char *name = kdm_name_for(vg_name, origin, LAYER_TOP);
	int r =
	    kdm_snapshot_status(name, &m->used, &m->total, &m->metadata, &m->invalid, &m->overflow);
	free(name);
	return r;
}

/* The kernel is done when every exception has been copied back: the
 * chunks in use are then only the store's own metadata. */
static int merge_done(const struct merge_state *m)
{
	return !m->invalid && !m->overflow && m->used == m->metadata;
}

/* "Merged: NN.NN%" as lvm2 prints it: 100 less the part of the COW still
 * holding chunks to copy. */
static double merged_percent(const struct merge_state *m)
{
	if (merge_done(m) || !m->total)
		return 100.0;
	return 100.0 - 100.0 * (double)m->used / (double)m->total;
}

/* Stage 3 under the VG lock: 0 finished (or nothing left to finish), 1 not
 * done yet, -1 failed (logged). */
static int finish_merge(struct cmd_context *ctx, const char *vg_name, const char *origin_name)
{
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	struct segment *seg;
	struct lv *origin;
	struct merge_state m;
	char *cow_name = NULL;
	int r = -1;

	if (tool_begin(&t, ctx, vg_name))
		return -1;
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_clone(old)))
		goto out;
	origin = vg_find_lv(vg, origin_name);
	seg = origin ? lv_merging_segment(vg, origin) : NULL;
	if (!seg) {
		log_print("Logical volume %s/%s is no longer merging origin, polling has "
		          "finished.",
		          vg_name, origin_name);
		r = 0;
		goto out;
	}
	if (read_merge(vg_name, origin_name, &m) || !merge_done(&m)) {
		r = 1;
		goto out;
	}
	cow_name = xstrdup(seg->cow->name);
	vg_remove_snapshot(vg, seg);
	/* metadata first: should the fold below not happen, the next
	 * activation builds the plain origin the metadata now describes */
	if (tool_commit_steps(&t, old, vg, NULL, 0, 2) ||
	    tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0))
		goto out;
	/* a notice: the line a background poller or the watchdog leaves in
	 * syslog at the end of a merge (the terminal shows it as a print) */
	log_notice("Merge of snapshot into logical volume %s/%s has finished.", vg_name,
	           origin_name);
	log_print("Logical volume \"%s\" successfully removed.", cow_name);
	r = 0;
out:
	free(cow_name);
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	return r;
}

static void sleep_seconds(unsigned s)
{
	struct timespec ts = {(time_t)s, 0};
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Stage 3 by polling, every `interval` seconds (0: every 100 ms, no
 * progress lines), as lvm2's poll of a merge. */
static int poll_merge(struct cmd_context *ctx, const char *vg_name, const char *origin,
                      unsigned interval)
{
	for (;;) {
		struct merge_state m;
		int r;
		if (read_merge(vg_name, origin, &m)) {
			/* finished meanwhile by another poller: fine */
			r = finish_merge(ctx, vg_name, origin);
			if (r == 0)
				return 0;
			log_error("%s/%s: Failed query for merging percentage. Aborting merge.",
			          vg_name, origin);
			return -1;
		}
		if (m.invalid || m.overflow) {
			log_error("%s/%s: Merging snapshot invalidated. Aborting merge.", vg_name,
			          origin);
			return -1;
		}
		if (interval)
			log_print("%s/%s: Merged: %.2f%%", vg_name, origin, merged_percent(&m));
		if (merge_done(&m)) {
			r = finish_merge(ctx, vg_name, origin);
			if (r <= 0)
				return r;
		}
		if (interval)
			sleep_seconds(interval);
		else
			nanosleep(&(struct timespec){0, 100000000}, NULL);
	}
}

static int cannot_start_polling(const char *vg_name, const char *origin, const char *call)
{
	log_error("Cannot start polling of %s/%s: %s: %s.", vg_name, origin, call, strerror(errno));
	return -1;
}

/* Poll in a child that outlives the command: its own session, no lock held
 * (the caller released them), stdio to /dev/null and what it would have
 * printed to syslog, as "vgtool".  0 in the parent once the poller runs,
 * -1 (logged) when it could not be started. */
static int poll_in_background(struct cmd_context *ctx, const char *vg_name, const char *origin,
                              unsigned interval)
{
	pid_t pid;
	int status;

	if (ctx->test_mode)
		return 0;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return cannot_start_polling(vg_name, origin, "fork");
	if (pid > 0) {
		/* the first child exits at once, with EXIT_FAILED if the poller
		 * could not be started (it said why on our stderr) */
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				return cannot_start_polling(vg_name, origin, "waitpid");
		if (WIFSIGNALED(status))
			log_error("Cannot start polling of %s/%s: killed by signal %d.", vg_name,
			          origin, WTERMSIG(status));
		return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
	}
	/* the first child: a session of its own, and a second fork so that
	 * the poller is nobody's zombie; still on the command's stderr */
	if (setsid() < 0) {
		cannot_start_polling(vg_name, origin, "setsid");
		_exit(EXIT_FAILED);
	}
	pid = fork();
	if (pid < 0) {
		cannot_start_polling(vg_name, origin, "fork");
		_exit(EXIT_FAILED);
	}
	if (pid > 0)
		_exit(EXIT_DONE);
	/* the poller: nobody reads its terminal any more (it may be gone) */
	{
		int fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}
	log_detach_to_syslog("vgtool");
	_exit(poll_merge(ctx, vg_name, origin, interval) ? EXIT_FAILED : EXIT_DONE);
}

static unsigned polling_interval(struct cmd_context *ctx, int *bad)
{
	const char *iv = arg_str(ctx, OPT_INTERVAL, NULL);
	int64_t def = config_int(SET_ACTIVATION_POLLING_INTERVAL);
	char *end;
	unsigned long v;

	*bad = 0;
	if (!iv)
		return def < 0 ? 0 : (unsigned)def;
	if (*iv == '+')
		iv++; /* lvm2's "+N": the same here, the first check is immediate */
	errno = 0;
	v = strtoul(iv, &end, 10);
	if (errno || end == iv || *end || *iv == '-' || v > 86400) {
		log_error("Invalid argument for --interval: %s (whole seconds).", iv);
		*bad = 1;
		return 0;
	}
	return (unsigned)v;
}

/* Can snapshot `lv_name` of `vg` merge?  Its snapshot segment, or NULL
 * after lvm2's line.  *active: its origin is active; then *origin_open
 * and *snap_open: the merge must wait for the next activation. */
static struct segment *merge_check(struct cmd_context *ctx, struct vg *vg, const char *lv_name,
                                   int *active, int *origin_open, int *snap_open)
{
	const char *vg_name = vg->name;
	struct lv *lv = vg_find_lv(vg, lv_name);
	struct segment *seg = lv ? lv_cow_segment(vg, lv) : NULL, *other;
	int open = 0;

	*active = *origin_open = *snap_open = 0;
	if (!lv || lv_snapshot_segment(lv) || (!seg && !lv_is_user_visible(vg, lv))) {
		log_error("Failed to find logical volume \"%s/%s\"", vg_name, lv_name);
		return NULL;
	}
	if (!seg) {
		log_error("Logical volume %s/%s is not a snapshot: only snapshots can be merged.",
		          vg_name, lv_name);
		return NULL;
	}
	if (seg->merging) {
		log_error("Snapshot %s/%s is already merging into %s.", vg_name, lv_name,
		          seg->origin->name);
		return NULL;
	}
	if ((other = lv_merging_segment(vg, seg->origin))) {
		log_error("Cannot merge snapshot %s/%s into the origin %s/%s with merging snapshot "
		          "%s/%s.",
		          vg_name, lv_name, vg_name, seg->origin->name, vg_name, other->cow->name);
		return NULL;
	}
	/* lvm2 makes a virtual origin read-only and refuses that first (the
	 * line below); a writable one, from metadata written elsewhere, has
	 * nothing to take a merge either */
	if ((seg->origin->status & LV_WRITE) && lv_is_virtual_origin(vg, seg->origin)) {
		log_error("Cannot merge snapshot %s/%s into the virtual origin %s/%s.", vg_name,
		          lv_name, vg_name, seg->origin->name);
		return NULL;
	}
	if (!(seg->origin->status & LV_WRITE)) {
		log_error("Cannot merge snapshot %s/%s into the read-only origin %s/%s.", vg_name,
		          lv_name, vg_name, seg->origin->name);
		return NULL;
	}
	/* shared VG: the origin active on no other host (its lock, for the
	 * time of the command; active here, this host already holds it) */
	if (tool_lockd_lv(ctx, vg, seg->origin, "ex", 0)) {
		log_error("Failed to lock origin LV %s/%s", vg_name, seg->origin->name);
		return NULL;
	}
	if (tool_lv_state(ctx, vg, seg->origin, active, &open))
		return NULL;
	if (*active) {
		/* an invalid snapshot has nothing to give back */
		char *name = kdm_name_for(vg_name, lv_name, LAYER_TOP);
		unsigned long long u, tot, md;
		int invalid = 0, overflow = 0;
		int st = kdm_snapshot_status(name, &u, &tot, &md, &invalid, &overflow);
		free(name);
		if (!st && (invalid || overflow)) {
			log_error("Unable to merge invalidated snapshot LV %s/%s.", vg_name,
			          lv_name);
			return NULL;
		}
		*origin_open = tool_first_open(ctx, vg, &seg->origin, 1, NULL) != NULL;
		*snap_open = tool_first_open(ctx, vg, &seg->cow, 1, NULL) != NULL;
	}
	return seg;
}

/* What lvm2 says of a merge it put off: 1 when it was. */
static int say_delayed(const struct segment *seg, const char *vg_name, int active, int origin_open,
                       int snap_open)
{
	if (active && !origin_open && !snap_open)
		return 0;
	if (active)
		log_print("Delaying merge since %s is open.", origin_open ? "origin" : "snapshot");
	log_print("Merging of snapshot %s/%s will occur on next activation of %s/%s.", vg_name,
	          seg->cow->name, vg_name, seg->origin->name);
	return 1;
}

/* One `lvconvert --merge VG/SNAP`: stages 1 and 2.  *started is set when
 * the kernel merge runs (stage 3 to poll). */
static int start_merge(struct cmd_context *ctx, const char *vg_name, const char *lv_name,
                       char **origin_out, int *started)
{
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	struct segment *seg;
	int active = 0, rc = EXIT_FAILED, origin_open = 0, snap_open = 0;

	*started = 0;
	if (tool_begin(&t, ctx, vg_name))
		return EXIT_FAILED;
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_clone(old)) ||
	    !(seg = merge_check(ctx, vg, lv_name, &active, &origin_open, &snap_open)))
		goto out;
	*origin_out = xstrdup(seg->origin->name);
	vg_start_merge(vg, seg);
	if (tool_commit(&t, old, vg, NULL, 0))
		goto out;
	if (say_delayed(seg, vg_name, active, origin_open, snap_open)) {
		rc = EXIT_DONE;
		goto out;
	}
	/* the planner switches the live stack: the snapshot and the origin
	 * suspended, the origin resumed as snapshot-merge (taking over the
	 * snapshot's exceptions), the snapshot's device mapped to errors */
	if (tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0))
		goto out;
	log_print("Merging of volume %s/%s started.", vg_name, lv_name);
	*started = 1;
	rc = EXIT_DONE;
out:
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	return rc;
}

/* Stage 3 for a merge started: in the foreground, or in a child with -b. */
static int poll_started(struct cmd_context *ctx, const char *vg_name, const char *origin,
                        unsigned interval)
{
	if (ctx->test_mode)
		return 0;
	return arg_count(ctx, OPT_BACKGROUND) ? poll_in_background(ctx, vg_name, origin, interval)
	                                      : poll_merge(ctx, vg_name, origin, interval);
}

int tool_merge_together(struct cmd_context *ctx, const char *vg_name, merge_pick_fn pick,
                        const void *arg)
{
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	struct segment **segs = NULL;
	int *started = NULL;
	int(*facts)[3] = NULL; /* active, origin open, snapshot open */
	char **origins = NULL, **members = NULL;
	int rc = EXIT_FAILED, bad, any = 0;
	unsigned interval = polling_interval(ctx, &bad);
	size_t n = 0;

	if (bad)
		return EXIT_INVALID;
	if (tool_begin(&t, ctx, vg_name))
		return EXIT_FAILED;
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_clone(old)))
		goto out;
	/* the members, picked under the lock that the commit holds */
	members = xcalloc(vg->n_lvs + 1, sizeof(*members));
	for (size_t i = 0; i < vg->n_lvs; i++)
		if (pick(vg, vg->lvs[i], arg))
			members[n++] = xstrdup(vg->lvs[i]->name);
	if (!n) {
		pick(vg, NULL, arg); /* (says there is none) */
		goto out;
	}
	segs = xcalloc(n, sizeof(*segs));
	started = xcalloc(n, sizeof(*started));
	facts = xcalloc(n, sizeof(*facts));
	origins = xcalloc(n, sizeof(*origins));
	/* all or none: each checked with those before it already merging
	 * in the model, so that two members of one origin are refused too */
	for (size_t i = 0; i < n; i++) {
		int *f = facts[i];
		if (!(segs[i] = merge_check(ctx, vg, members[i], &f[0], &f[1], &f[2])))
			goto out;
		started[i] = f[0] && !f[1] && !f[2];
		vg_start_merge(vg, segs[i]);
	}
	if (tool_commit(&t, old, vg, NULL, 0))
		goto out;
	for (size_t i = 0; i < n; i++) {
		origins[i] = xstrdup(segs[i]->origin->name);
		any |= started[i];
		say_delayed(segs[i], vg_name, facts[i][0], facts[i][1], facts[i][2]);
	}
	/* one plan: every merge that can start starts (planner:
	 * plan_merge_starts), those of open origins wait */
	if (any && tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (started[i])
			log_print("Merging of volume %s/%s started.", vg_name, members[i]);
	rc = EXIT_DONE;
out:
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	/* stage 3 without the VG lock (the poller takes it to finish) */
	for (size_t i = 0; rc == EXIT_DONE && i < n; i++)
		if (started[i] && poll_started(ctx, vg_name, origins[i], interval))
			rc = EXIT_FAILED;
	for (size_t i = 0; i < n; i++) {
		free(origins ? origins[i] : NULL);
		free(members[i]);
	}
	free(members);
	free(origins);
	free(segs);
	free(started);
	free(facts);
	return rc;
}

int cmd_lvconvert(struct cmd_context *ctx)
{
	int rc = EXIT_DONE, bad, tagged = 0;
	unsigned interval = polling_interval(ctx, &bad);
	struct name_list targets = {0};
	char **names = ctx->args.argv;
	size_t n_targets = (size_t)ctx->args.argc;

	if (bad)
		return EXIT_INVALID;
	if (!arg_count(ctx, OPT_MERGE) && !arg_count(ctx, OPT_MERGESNAPSHOT)) {
		log_error(
		    "lvconvert: vgtool converts only with --merge (a snapshot into its origin).");
		return EXIT_INVALID;
	}
	if (!ctx->args.argc) {
		log_error("lvconvert --merge: give at least one VG/SNAPSHOT.");
		return EXIT_INVALID;
	}
	/* "@snapset_NAME": a snapshot set's tag, its members merged
	 * together (tools/snapset.c), all or none; the other arguments
	 * after, as before */
	for (int a = 0; a < ctx->args.argc; a++)
		if (!strncmp(ctx->args.argv[a], "@snapset_", 9) && ctx->args.argv[a][9]) {
			int r = tool_snapset_merge(ctx, ctx->args.argv[a] + 9);
			if (r != EXIT_DONE && rc != EXIT_INVALID)
				rc = r;
			memmove(ctx->args.argv + a, ctx->args.argv + a + 1,
			        (size_t)(ctx->args.argc - a - 1) * sizeof(char *));
			ctx->args.argc--;
			a--;
		}
	if (!ctx->args.argc)
		return rc;
	names = ctx->args.argv;
	n_targets = (size_t)ctx->args.argc;
	/* "@TAG": every snapshot carrying it, in lvm2's order */
	for (int a = 0; a < ctx->args.argc && !tagged; a++)
		tagged = ctx->args.argv[a][0] == '@';
	if (tagged) {
		int r = tool_lv_args(ctx, TAG_BAD_SKIP, 0, &targets);
		if (r != EXIT_DONE)
			return r;
		n_targets = targets.n;
		names = targets.names;
	}
	/* several snapshots merge one after another, as lvm2 */
	for (size_t a = 0; a < n_targets; a++) {
		char *vg_name = NULL, *lv_name = NULL, *origin = NULL;
		int started = 0, r;

		if (parse_lv_arg(names[a], NULL, &vg_name, &lv_name)) {
			rc = EXIT_INVALID;
			continue;
		}
		r = start_merge(ctx, vg_name, lv_name, &origin, &started);
		if (r != EXIT_DONE)
			rc = r;
		else if (started && poll_started(ctx, vg_name, origin, interval))
			rc = EXIT_FAILED;
		free(origin);
		free(vg_name);
		free(lv_name);
	}
	if (targets.failed && rc == EXIT_DONE)
		rc = EXIT_FAILED;
	name_list_release(&targets);
	return rc;
}

/* After an activation, the merges the kernel now runs in this VG need a
 * poller each (lvm2's "background polling"), unless --poll n: how many. */
int merge_polls_due(struct cmd_context *ctx, const struct vg *vg)
{
	const char *poll = arg_str(ctx, OPT_POLL, NULL);
	int n = 0;

	if (ctx->test_mode || (poll && parse_yes_no("--poll", poll) == 0))
		return 0;
	for (size_t i = 0; i < vg->n_lvs; i++) {
		const struct segment *seg = lv_snapshot_segment(vg->lvs[i]);
		struct merge_state m;
		n += seg && seg->merging && !read_merge(vg->name, seg->origin->name, &m);
	}
	return n;
}

/* Start them, once the caller holds no lock (a poller takes the VG lock to
 * finish, and a forked child would keep the parent's).  -1 when one could
 * not be started (logged). */
int merge_start_polls(struct cmd_context *ctx, const struct vg *vg)
{
	int bad = 0, r = 0;
	unsigned interval = polling_interval(ctx, &bad);

	for (size_t i = 0; i < vg->n_lvs; i++) {
		const struct segment *seg = lv_snapshot_segment(vg->lvs[i]);
		struct merge_state m;
		if (seg && seg->merging && !read_merge(vg->name, seg->origin->name, &m) &&
		    poll_in_background(ctx, vg->name, seg->origin->name, interval))
			r = -1;
	}
	return r;
}

/* For the watchdog: finish the merges the kernel has completed whose poller
 * is gone (a reboot after `--poll n`, a killed child), so that no daemon is
 * needed for that either.  One status ioctl per origin being merged.
 * Returns how many were finished, -1 on a failure (logged). */
int merge_finish_completed(struct cmd_context *ctx, char *const *vgs, size_t n_vgs)
{
	char **names = NULL;
	size_t n = kdm_list_names(&names);
	struct strbuf real = STRBUF_INIT;
	int done = 0, failed = 0;

	for (size_t i = 0; i < n; i++) {
		char *vg = NULL, *lv = NULL;
		struct merge_state m;
		int keep = !n_vgs, found = 0;

		/* an origin: its "-real" layer is listed too (names are sorted) */
		strbuf_reset(&real);
		strbuf_addf(&real, "%s-real", names[i]);
		for (size_t j = i + 1;
		     j < n && !found && strncmp(names[j], names[i], strlen(names[i])) == 0; j++)
			found = !strcmp(names[j], real.buf);
		if (!found || kdm_name_split(names[i], &vg, &lv))
			continue;
		for (size_t v = 0; v < n_vgs && !keep; v++)
			keep = !strcmp(vgs[v], vg);
		if (keep && !read_merge(vg, lv, &m) && merge_done(&m) && !ctx->test_mode) {
			int r = finish_merge(ctx, vg, lv);
			if (r < 0)
				failed = 1;
			else if (r == 0)
				done++;
		}
		free(vg);
		free(lv);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	strbuf_release(&real);
	return failed ? -1 : done;
}
