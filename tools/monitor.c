/* The COW watchdog, `vgtool monitor`: its rounds and its signal loop.
 *
 * A classic snapshot whose COW fills is invalidated by the kernel.  lvm2
 * prevents that only while dmeventd runs; vgtool runs from cron or a
 * systemd timer instead, so each run must be cheap (no disk read, no lock,
 * one status ioctl per active snapshot unless something must grow) and
 * must remember what the last run saw (a state file under /run/vgtool) to
 * measure fill rates.
 *
 * One round of the monitor:
 *   1. from the kernel alone: the device list, each active snapshot's
 *      status; the policy (lib/metadata/policy.c) decides from it and the
 *      previous reading whether the snapshot may need to grow;
 *   2. for each VG with such a snapshot: the VG's write lock, a scan, the
 *      VG read, each snapshot found by uuid (one removed or merged
 *      meanwhile is skipped), a fresh status, the policy again with the
 *      real sizes and free space, the COWs extended, one commit, the
 *      kernel follows (the -cow tables grow live);
 *   3. the readings saved, one line per snapshot printed, every extension
 *      and problem logged (syslog when there is one, else stderr); the
 *      exit status is 5 if any snapshot is invalid or could not be grown.
 *
 * The history state file is tools/monitor-history.c's, the report
 * tools/monitor-report.c's; the growth commits as every resize does
 * (tools/resize.c). */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "activate/dm.h"
#include "metadata/alloc.h"
#include "misc/clock.h"
#include "misc/log.h"
#include "misc/units.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/monitor.h"
#include "tools/resize.h"

#define CRON_INTERVAL 60 /* seconds between checks when run from cron */

/* Monotonic: the state file carries the boot id, so readings of another
 * boot are never compared. */
static uint64_t now_ms(void)
{
	return (uint64_t)monotonic_ms();
}

/* Phase times for -vv (not -vvv only: its line per ioctl would be most of
 * what is measured); a clock read is a system call, so not otherwise. */
static double debug_ms(void)
{
	return log_enabled(LOG_LVL_VERY_VERBOSE) ? monotonic_ms() : 0;
}

static const char *size_str(struct strbuf *sb, uint64_t sectors)
{
	strbuf_reset(sb);
	display_size(sb, sectors);
	return sb->buf;
}

static int use_syslog; /* /dev/log exists: a syslog daemon or journald listens */

/* An extension: syslog keeps it; without one it goes to stderr, so cron
 * mails it and nothing is lost silently. */
__attribute__((format(printf, 1, 2))) static void log_event(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (use_syslog)
		log_notice("%s", sb.buf);
	else
		log_warn("%s", sb.buf);
	strbuf_release(&sb);
}

/* Pseudo extents for phase 1, which reads no metadata: sectors, halved
 * until they fit.  They only decide whether a snapshot might need to grow
 * (that depends on its use and rate alone); phase 2 sizes it for real. */
static void kernel_geometry(struct cow_state *s)
{
	uint32_t es = 1;
	while (s->st.total / es > UINT32_MAX / 4)
		es *= 2;
	s->extent_size = es;
	s->extents = (uint32_t)(s->st.total / es);
	s->max_extents = s->free_extents = UINT32_MAX;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Phase 1: the active snapshots, from the kernel alone: one list of the
 * device names, one status query per snapshot.  No disk is read, so a
 * check every few seconds neither costs a scan nor keeps disks awake.  A
 * snapshot is a VG-LV device next to a VG-LV-cow one (lvm2's naming), and
 * its uuid, "LVM-" + VG id + LV id, names the COW LV for phase 2. */
static void read_kernel(struct round *rd, char *const *vgs, size_t n_vgs)
{
	char **names, *vg = NULL, *lv = NULL;
	size_t n = kdm_list_names(&names);
	uint64_t now = now_ms(); /* one reading: the statuses follow within ms */
	struct strbuf cow = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const char *key;
		struct cow_status st = {0};
		unsigned long long used, total, metadata;
		char *uuid = NULL;
		struct snap *sp;
		int keep = 0;

		strbuf_reset(&cow);
		strbuf_addf(&cow, "%s-cow", names[i]);
		key = cow.buf;
		if (!bsearch(&key, names, n, sizeof(*names), name_cmp) ||
		    kdm_name_split(names[i], &vg, &lv))
			continue;
		for (size_t v = 0; v < n_vgs && !keep; v++)
			keep = !strcmp(vgs[v], vg);
		/* a merging snapshot's device is no "snapshot" any more: skipped */
		if ((keep || !n_vgs) &&
		    !kdm_snapshot_status_uuid(names[i], &used, &total, &metadata, &st.invalid,
		                              &st.overflow, &uuid) &&
		    strlen(uuid) == 4 + 2 * UUID_LEN && !strncmp(uuid, "LVM-", 4)) {
			rd->snaps = xrealloc(rd->snaps, (rd->n + 1) * sizeof(*rd->snaps));
			sp = &rd->snaps[rd->n++];
			memset(sp, 0, sizeof(*sp));
			strbuf_init(&sp->note, 0);
			sp->vg_name = vg;
			sp->lv_name = lv;
			vg = lv = NULL;
			memcpy(sp->lv_id, uuid + 4 + UUID_LEN, UUID_LEN);
			sp->time_ms = now;
			st.used = used;
			st.total = total;
			st.metadata = metadata;
			sp->s.st = st;
			kernel_geometry(&sp->s);
			sp->prev = monitor_state_find(rd->hist, rd->n_hist, sp->lv_id);
			policy_rate(&sp->s, &rd->c, sp->prev, now, rd->interval, &sp->r);
			sp->final_extents = sp->s.extents;
		}
		free(uuid);
		free(vg);
		free(lv);
		vg = lv = NULL;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	strbuf_release(&cow);
}

/* Phase 1's verdict: might grow (with pseudo geometry, a snapshot to
 * grow always shows as EXTEND); phase 2's: grows, fully or partly. */
static int wants_growth(const struct snap *sp)
{
	return sp->r.action == POLICY_EXTEND ||
	       (sp->r.action == POLICY_NO_SPACE && sp->s.free_extents > 0);
}

/* Phase 2 for one VG: under its write lock, grow what still needs it. */
static void grow_vg(struct round *rd, const char *vg_name)
{
	struct vg *old = NULL, *vg = NULL;
	struct snap **grown = NULL;
	size_t n_grown = 0;
	int behind = 0; /* a COW in the kernel smaller than in the metadata */
	struct tool t;

	if (tool_begin(&t, rd->ctx, vg_name)) {
		rd->failed = 1;
		return;
	}
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_clone(old))) {
		for (size_t i = 0; i < rd->n; i++)
			if (!strcmp(rd->snaps[i].vg_name, vg_name) && wants_growth(&rd->snaps[i])) {
				rd->snaps[i].action = "failed";
				rd->snaps[i].problem = 1;
				strbuf_addstr(&rd->snaps[i].note, "cannot change the VG");
			}
		goto out;
	}
	for (size_t i = 0; i < rd->n; i++) {
		struct snap *sp = &rd->snaps[i];
		struct lv *lv;
		struct segment *seg;
		uint32_t add;

		if (strcmp(sp->vg_name, vg_name) || !wants_growth(sp))
			continue;
		lv = vg_find_lv_by_id(vg, sp->lv_id);
		seg = lv ? lv_cow_segment(vg, lv) : NULL;
		if (!seg || seg->merging || snapshot_read_status(vg, lv, &sp->s.st)) {
			sp->action = "skipped";
			strbuf_addstr(&sp->note, "removed, merged or deactivated meanwhile");
			sp->r.action = POLICY_NONE;
			continue;
		}
		free(sp->lv_name); /* renamed meanwhile: the metadata's name */
		sp->lv_name = xstrdup(lv->name);
		/* decide again from what is true now (another run may have
		 * grown it meanwhile) */
		sp->time_ms = now_ms();
		cow_state_of(vg, lv, seg, alloc_free_extents(vg, NULL, 0), &sp->s);
		/* an earlier growth committed but not loaded (the kernel refused
		 * it): load the table now, whatever the policy says */
		behind |= sp->s.st.total < (uint64_t)sp->s.extents * sp->s.extent_size;
		policy_rate(&sp->s, &rd->c, sp->prev, sp->time_ms, rd->interval, &sp->r);
		sp->final_extents = sp->s.extents;
		if (!wants_growth(sp))
			continue;
		add = sp->r.action == POLICY_EXTEND ? sp->r.new_extents - sp->s.extents
		                                    : sp->s.free_extents;
		if (alloc_extend_lv(vg, lv, add, NULL, 0)) {
			sp->action = "failed";
			sp->problem = 1;
			strbuf_addstr(&sp->note, "allocation failed");
			continue;
		}
		sp->final_extents = sp->s.extents + add;
		grown = xrealloc(grown, (n_grown + 1) * sizeof(*grown));
		grown[n_grown++] = sp;
	}
	/* one commit and one kernel update for all of the VG's snapshots */
	if (n_grown ? resize_commit(&t, old, vg, 0)
	            : behind && tool_kernel_follow(rd->ctx, vg, NULL, 0, NULL, 0)) {
		rd->failed = 1; /* also when only a catch-up failed */
		for (size_t i = 0; i < n_grown; i++) {
			grown[i]->final_extents = grown[i]->s.extents;
			grown[i]->action = "failed";
			grown[i]->problem = 1;
			strbuf_addstr(&grown[i]->note,
			              "the metadata or the kernel refused the change");
		}
	}
out:
	tool_end(&t);
	free(grown);
	vg_free(vg);
	vg_free(old);
}

/* The action word and note of a row, and its log lines. */
static void conclude(struct round *rd, struct snap *sp)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	const struct policy_result *r = &sp->r;
	uint64_t es = sp->s.extent_size;

	if (sp->action) { /* failed or skipped in phase 2 */
		if (sp->problem)
			log_error("%s/%s: COW not extended: %s.", sp->vg_name, sp->lv_name,
			          sp->note.buf);
		return;
	}
	/* an invalid snapshot is a problem whatever the policy says: with
	 * the policy off (threshold 100) lvm2's rule stops before looking at
	 * it, but its data is lost and cron mail must say so */
	switch ((sp->s.st.invalid || sp->s.st.overflow) ? POLICY_INVALID : r->action) {
	case POLICY_EXTEND:
	case POLICY_NO_SPACE:
		if (r->reason == REASON_RATE)
			strbuf_addf(&sp->note, "would pass %d%% within %us", r->threshold,
			            rd->interval);
		else
			strbuf_addf(&sp->note, "above %d%%", r->threshold);
		if (sp->final_extents > sp->s.extents)
			log_event("%s/%s: COW %s from %s to %s (%s).", sp->vg_name, sp->lv_name,
			          rd->ctx->test_mode ? "would be extended" : "extended",
			          size_str(&a, sp->s.extents * es),
			          size_str(&b, sp->final_extents * es), sp->note.buf);
		if (r->action == POLICY_EXTEND) {
			sp->action = "extended";
			break;
		}
		sp->action = sp->final_extents > sp->s.extents ? "extended-partly" : "vg-full";
		sp->problem = 1;
		log_error("%s/%s: needs %s of COW but volume group %s has only %u free extents.",
		          sp->vg_name, sp->lv_name, size_str(&a, r->want * es), sp->vg_name,
		          sp->s.free_extents);
		break;
	case POLICY_AT_MAX:
		sp->action = "at-max";
		strbuf_addstr(&sp->note, "as large as the origin needs");
		break;
	case POLICY_DISABLED:
		sp->action = "disabled";
		if (r->alarm) {
			sp->problem = 1;
			strbuf_addstr(&sp->note,
			              "above 95% and snapshot_autoextend_threshold is 100");
			log_error("%s/%s: COW %.2f%% full and autoextend is off "
			          "(activation/snapshot_autoextend_threshold = 100).",
			          sp->vg_name, sp->lv_name, (double)r->percent / POLICY_PERCENT_1);
		}
		break;
	case POLICY_BAD_PERCENT:
		sp->action = "refused";
		sp->problem = 1;
		strbuf_addstr(&sp->note, "snapshot_autoextend_percent is 0");
		log_error("%s/%s: cannot extend with snapshot autoextend percent set to 0%%.",
		          sp->vg_name, sp->lv_name);
		break;
	case POLICY_INVALID:
		sp->action = sp->s.st.invalid ? "invalid" : "overflow";
		sp->problem = 1;
		strbuf_addstr(&sp->note, sp->s.st.invalid ? "the kernel invalidated it: its data "
		                                            "is lost"
		                                          : "writes to it overflowed its COW");
		/* never touched: growing the COW cannot bring the data back;
		 * the cure is the user's, and the line names it */
		log_error("%s/%s: snapshot %s: remove it with lvremove %s/%s%s.", sp->vg_name,
		          sp->lv_name,
		          sp->s.st.invalid ? "is invalid (its COW filled; its data is lost)"
		                           : "overflowed (writes to it fail; it still reads)",
		          sp->vg_name, sp->lv_name,
		          sp->s.st.invalid ? "" : " once what it holds is copied");
		break;
	case POLICY_NONE:
		sp->action = "none";
		break;
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

#ifdef VGTOOL_TEST_HOOKS
/* Test hook: a command run between the phases, as another admin's (a
 * snapshot removed meanwhile must be skipped cleanly).  A shell command,
 * because the scenario needs another process to change the VG at exactly
 * this point; only the test build has it (misc/test-hooks.h). */
static void between_phases(void)
{
	const char *cmd = getenv("VGTOOL_TEST_MONITOR_BETWEEN");
	if (cmd && *cmd && system(cmd))
		log_verbose("VGTOOL_TEST_MONITOR_BETWEEN failed.");
}
#else
/* The installed binary, which root runs from cron, never runs a command
 * named by its environment. */
static void between_phases(void)
{
}
#endif

static int monitor_round(struct cmd_context *ctx, uint32_t interval, int json)
{
	struct round rd = {0};
	struct tool t;
	int rc = EXIT_DONE;
	double t0 = debug_ms(), t1, t2, t3;

	rd.ctx = ctx;
	rd.c = snapshot_policy_config();
	rd.interval = interval;
	monitor_read_boot_id(rd.boot_id, sizeof(rd.boot_id));
	if (rd.c.threshold < 50)
		log_warn("WARNING: Snapshot autoextend threshold %lld%% is set below minimal "
		         "supported value 50%%.",
		         (long long)rd.c.threshold);
	monitor_history_load(&rd);
	/* VGs named: check they exist (a typo in a cron line must not watch
	 * nothing in silence); this costs a scan, the default run has none */
	if (ctx->args.argc) {
		char **all = NULL;
		size_t n_all = 0;
		if (tool_begin(&t, ctx, NULL)) {
			free(rd.hist);
			return EXIT_FAILED;
		}
		n_all = scan_vg_names(&t.scan, &all);
		tool_end(&t);
		for (int i = 0; i < ctx->args.argc; i++) {
			int found = 0;
			for (size_t j = 0; j < n_all && !found; j++)
				found = !strcmp(all[j], ctx->args.argv[i]);
			if (!found) {
				log_error("Volume group \"%s\" not found.", ctx->args.argv[i]);
				rd.failed = 1;
			}
		}
		for (size_t j = 0; j < n_all; j++)
			free(all[j]);
		free(all);
	}
	t1 = debug_ms();
	read_kernel(&rd, ctx->args.argv, (size_t)ctx->args.argc);
	t2 = debug_ms();
	between_phases();
	/* phase 2, one VG at a time, in the order first seen */
	for (size_t i = 0; i < rd.n; i++) {
		int first = 1;
		for (size_t j = 0; j < i && first; j++)
			first = strcmp(rd.snaps[j].vg_name, rd.snaps[i].vg_name) != 0;
		if (!first)
			continue;
		for (size_t j = i; j < rd.n; j++)
			if (!strcmp(rd.snaps[j].vg_name, rd.snaps[i].vg_name) &&
			    wants_growth(&rd.snaps[j])) {
				grow_vg(&rd, rd.snaps[i].vg_name);
				break;
			}
	}
	t3 = debug_ms();
	for (size_t i = 0; i < rd.n; i++) {
		conclude(&rd, &rd.snaps[i]);
		if (rd.snaps[i].problem)
			rc = EXIT_FAILED;
	}
	if (monitor_print_report(&rd, json))
		rc = EXIT_FAILED;
	/* merges the kernel finished with nobody left watching them; their
	 * lines stay out of a JSON document (syslog still has them) */
	log_hold_stdout(json);
	if (merge_finish_completed(ctx, ctx->args.argv, (size_t)ctx->args.argc) < 0)
		rc = EXIT_FAILED;
	log_hold_stdout(0);
	if (!ctx->test_mode)
		monitor_history_save(&rd);
	if (rd.failed)
		rc = EXIT_FAILED;
	log_very_verbose(
	    "monitor: history (and VG names) %.3f ms, %zu statuses read %.3f ms, growth %.3f ms, "
	    "report and history %.3f ms",
	    t1 - t0, rd.n, t2 - t1, t3 - t2, debug_ms() - t3);
	for (size_t i = 0; i < rd.n; i++) {
		free(rd.snaps[i].vg_name);
		free(rd.snaps[i].lv_name);
		strbuf_release(&rd.snaps[i].note);
	}
	free(rd.snaps);
	free(rd.hist);
	return rc;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int cmd_monitor(struct cmd_context *ctx)
{
	const char *fmt = arg_str(ctx, OPT_REPORTFORMAT, "basic");
	const char *iv = arg_str(ctx, OPT_INTERVAL, NULL);
	int once = arg_count(ctx, OPT_ONCE) > 0 || !iv, json, rc;
	unsigned long interval = CRON_INTERVAL;
	struct timespec next;
	struct stat st;

	if (!strcmp(fmt, "json")) {
		json = 1;
	} else if (!strcmp(fmt, "basic")) {
		json = 0;
	} else {
		log_error("Invalid argument for --reportformat: %s (use basic or json).", fmt);
		return EXIT_INVALID;
	}
	if (iv) {
		char *end;
		errno = 0;
		interval = strtoul(iv, &end, 10);
		if (errno || end == iv || *end || !interval || interval > 86400 || *iv == '-') {
			log_error(
			    "Invalid argument for --interval: %s (whole seconds, 1 to 86400).", iv);
			return EXIT_INVALID;
		}
	}
	if (!tool_kernel(ctx)) {
		log_error("Device-mapper is not available: cannot watch any snapshot.");
		return EXIT_FAILED;
	}
	use_syslog = !stat("/dev/log", &st) && S_ISSOCK(st.st_mode);
	if (use_syslog)
		log_use_syslog("vgtool-monitor");
	else
		log_verbose("No syslog (/dev/log): events go to standard error.");
	if (once)
		return monitor_round(ctx, (uint32_t)interval, json);

	/* --interval alone: a loop, each round started on a fixed beat (a
	 * slow round delays the next one, never shifts all later ones) */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	clock_gettime(CLOCK_MONOTONIC, &next);
	do {
		rc = monitor_round(ctx, (uint32_t)interval, json);
		next.tv_sec += (time_t)interval;
		while (!stop &&
		       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	} while (!stop);
	return rc;
}
