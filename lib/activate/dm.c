/* The executor: every libdevmapper call of vgtool lives in this file.
 *
 * Tables reach the kernel as text built from the plan, with references to
 * other devices resolved to MAJOR:MINOR at the moment each op runs.  Each
 * op that generates a uevent (create, resume, rename, remove; as with
 * lvm2, suspend, load and clear carry none) carries one udev cookie for
 * the whole plan, waited on at the end (also after a failure), with
 * lvm2's flags: the device's own, decided by the planner, and the
 * settings' (kdm_udev_flags in plan.c).  With -vvv every ioctl is logged
 * with its duration. */
#include <errno.h>
#include <libdevmapper.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "activate/dm.h"
#include "device/discovery.h"
#include "misc/clock.h"
#include "misc/log.h"
#include "misc/test-hooks.h"
#include "misc/xalloc.h"

/* The last error libdevmapper logged since the executor cleared it: a
 * create's table load runs in a task of libdevmapper's own, and the
 * removal that undoes the create resets the errno we would read, so the
 * kernel's reason ("reload ioctl on ... failed: Input/output error", a
 * snapshot whose COW cannot be read) survives only in that message. */
static struct strbuf last_dm_error = STRBUF_INIT;

/* libdevmapper's own messages go through our logger, at debug level
 * unless they are errors, which the caller reports in its own words. */
__attribute__((format(printf, 5, 6))) static void
kdm_log_hook(int level, const char *file, int line, int dm_errno, const char *f, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	(void)file;
	(void)line;
	(void)dm_errno;
	/* most of its messages are debug chatter nobody asked to see:
	 * not even formatted then */
	if (level > 3 && !log_enabled(LOG_LVL_TRACE))
		return;
	va_start(ap, f);
	strbuf_vaddf(&sb, f, ap);
	va_end(ap);
	if (level <= 3) {
		strbuf_reset(&last_dm_error);
		strbuf_addstr(&last_dm_error, sb.buf);
	}
	log_message(level <= 3 ? LOG_LVL_VERBOSE : LOG_LVL_TRACE, "libdevmapper: %s", sb.buf);
	strbuf_release(&sb);
}

/* The reason in libdevmapper's last ioctl error ("... failed: REASON"),
 * or NULL. */
static const char *last_ioctl_reason(void)
{
	const char *p = last_dm_error.len ? strstr(last_dm_error.buf, " failed: ") : NULL;
	return p && p[9] ? p + 9 : NULL;
}

/* The planner's flag values are libdevmapper's (and udev's rules'). */
_Static_assert(KDM_UDEV_DISABLE_DM_RULES == DM_UDEV_DISABLE_DM_RULES_FLAG, "udev flag");
_Static_assert(KDM_UDEV_DISABLE_SUBSYSTEM_RULES == DM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG,
               "udev flag");
_Static_assert(KDM_UDEV_DISABLE_DISK_RULES == DM_UDEV_DISABLE_DISK_RULES_FLAG, "udev flag");
_Static_assert(KDM_UDEV_DISABLE_OTHER_RULES == DM_UDEV_DISABLE_OTHER_RULES_FLAG, "udev flag");
_Static_assert(KDM_UDEV_LOW_PRIORITY == DM_UDEV_LOW_PRIORITY_FLAG, "udev flag");
_Static_assert(KDM_UDEV_DISABLE_LIBRARY_FALLBACK == DM_UDEV_DISABLE_LIBRARY_FALLBACK, "udev flag");

static void init_once(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	dm_log_with_errno_init(kdm_log_hook);
	/* nodes under $DM_DEV_DIR/mapper, as lvm2 makes them (libdevmapper
	 * leaves reading the variable to its callers) */
	dm_set_dev_dir(dev_dir());
}

static struct kdm_udev_config udev_config = {1, 1, 0};
static struct kdm_udev udev;
static int udev_decided;
static char driver_version[64]; /* "4.47.0": from kdm_available's ioctl */

void kdm_udev_configure(const struct kdm_udev_config *c)
{
	udev_config = *c;
	udev_decided = 0;
}

static int plan_priority = -18; /* lvm2's default process_priority */

void kdm_priority_configure(long long nice_value)
{
	/* setpriority's own range; a value outside it means its end */
	plan_priority = nice_value < -20 ? -20 : nice_value > 19 ? 19 : (int)nice_value;
}

/* As lvm2 does, a plan runs at a raised priority: the devices it suspends
 * stay suspended for less time, and under load (or software emulation)
 * the kernel's share of each operation is shorter: removing 100 LVs took
 * 2.5 s at nice 0 and 1.8 s at -18 in the sandbox.  Returns the nice value
 * to restore, or INT_MIN when it was left alone. */
static int raise_priority(void)
{
	int old;
	errno = 0;
	old = getpriority(PRIO_PROCESS, 0);
	if ((old == -1 && errno) || plan_priority >= old)
		return INT_MIN;
	if (setpriority(PRIO_PROCESS, 0, plan_priority)) {
		log_warn("WARNING: setpriority %d failed: %s.", plan_priority, strerror(errno));
		return INT_MIN;
	}
	log_debug("activation: priority %d -> %d", old, plan_priority);
	return old;
}

static void restore_priority(int old)
{
	if (old != INT_MIN && setpriority(PRIO_PROCESS, 0, old))
		log_debug("activation: priority %d not restored: %s", old, strerror(errno));
}

/* The run's udev settings (see kdm_udev_decide), decided at the first
 * use: before the first cookie is set. */
static const struct kdm_udev *udev_settings(void)
{
	unsigned maj = 0, min = 0;
	int running;
	if (udev_decided)
		return &udev;
	udev_decided = 1;
	init_once();
	if (!*driver_version && !dm_driver_version(driver_version, sizeof(driver_version)))
		*driver_version = '\0';
	/* udevd's control socket is how libudev itself tells whether udevd
	 * runs (build-aux/udev-queue.c does the same) */
	running = !getenv("DM_DISABLE_UDEV") && !access("/run/udev/control", F_OK);
	sscanf(driver_version, "%u.%u", &maj, &min);
	kdm_udev_decide(&udev_config, running, maj > 4 || (maj == 4 && min >= 18), &udev);
	/* without sync: no cookies and semaphores to set up and wait on
	 * (the flags still reach udev in the uevent) */
	dm_udev_set_sync_support(udev.sync);
	return &udev;
}

static const char *const task_names[] = {
    [DM_DEVICE_CREATE] = "create",   [DM_DEVICE_RELOAD] = "load",   [DM_DEVICE_REMOVE] = "remove",
    [DM_DEVICE_SUSPEND] = "suspend", [DM_DEVICE_RESUME] = "resume", [DM_DEVICE_INFO] = "info",
    [DM_DEVICE_TABLE] = "table",     [DM_DEVICE_STATUS] = "status", [DM_DEVICE_LIST] = "list",
    [DM_DEVICE_RENAME] = "rename",   [DM_DEVICE_CLEAR] = "clear",   [DM_DEVICE_VERSION] = "version",
};

/* Run a task, timing it for -vvv; on failure put the kernel's answer in
 * *err (errno) and return -1. */
static int run_task(struct dm_task *dmt, int type, const char *name, int *err)
{
	/* timed only for -vvv: a clock read is a real system call in the
	 * sandbox, and the monitor makes one ioctl per snapshot */
	int timed = log_enabled(LOG_LVL_DEBUG);
	double t0 = timed ? monotonic_ms() : 0;
	int ok = dm_task_run(dmt);
	double ms = timed ? monotonic_ms() - t0 : 0;
	const char *what =
	    (size_t)type < sizeof(task_names) / sizeof(*task_names) && task_names[type]
	        ? task_names[type]
	        : "ioctl";
	if (err)
		*err = ok ? 0 : dm_task_get_errno(dmt);
	log_debug("dm %s %s: %.3f ms%s", what, name ? name : "", ms, ok ? "" : " (failed)");
	return ok ? 0 : -1;
}

int kdm_available(void)
{
	struct dm_task *dmt;
	int ok;
	char control[4200];
	init_once();
	snprintf(control, sizeof(control), "%s/mapper/control", dev_dir());
	if (access(control, F_OK) && access("/proc/misc", F_OK))
		return 0;
	dmt = dm_task_create(DM_DEVICE_VERSION);
	if (!dmt)
		return 0;
	ok = run_task(dmt, DM_DEVICE_VERSION, NULL, NULL) == 0;
	if (ok && !dm_task_get_driver_version(dmt, driver_version, sizeof(driver_version)))
		*driver_version = '\0';
	dm_task_destroy(dmt);
	return ok;
}

int kdm_major(void)
{
	static int major = -2;
	char line[128];
	FILE *f;
	int blocks = 0, n;

	if (major != -2)
		return major;
	/* the driver registers its major when loaded: opening the control
	 * node (kdm_available) loads it on demand */
	for (int tries = 0; tries < 2 && major == -2; tries++) {
		if (tries && !kdm_available())
			break;
		if (!(f = fopen("/proc/devices", "re")))
			break;
		while (fgets(line, sizeof(line), f)) {
			char name[64];
			if (!strncmp(line, "Block devices:", 14))
				blocks = 1;
			else if (blocks && sscanf(line, "%d %63s", &n, name) == 2 &&
			         !strcmp(name, "device-mapper"))
				major = n;
		}
		fclose(f);
	}
	if (major == -2)
		major = -1;
	return major;
}

int kdm_target_version(const char *name, unsigned v[3])
{
	struct dm_task *dmt;
	struct dm_versions *t, *last;
	int r = 0;

	init_once();
	if (!(dmt = dm_task_create(DM_DEVICE_LIST_VERSIONS)))
		return -1;
	if (run_task(dmt, DM_DEVICE_LIST_VERSIONS, NULL, NULL)) {
		dm_task_destroy(dmt);
		return -1;
	}
	t = dm_task_get_versions(dmt);
	do {
		last = t;
		if (!strcmp(t->name, name)) {
			memcpy(v, t->version, 3 * sizeof(*v));
			r = 1;
			break;
		}
		t = (struct dm_versions *)((char *)t + t->next);
	} while (last != t);
	dm_task_destroy(dmt);
	return r;
}

int kdm_udev_active(void)
{
	const struct kdm_udev *u = udev_settings();
	/* otherwise libdevmapper makes (or checks) the /dev/mapper nodes
	 * and vgtool the /dev/VG/LV links, as lvm2's fallback does */
	return u->rules && !u->fallback;
}

int kdm_mknodes(void)
{
	init_once();
	if (!dm_mknodes(NULL)) {
		log_error("Failed to make the device-mapper nodes in /dev/mapper.");
		return -1;
	}
	/* the node operations libdevmapper queued, done now */
	dm_udev_wait(0);
	return 0;
}

static int matches_prefix(const char *uuid, char *const *prefixes, size_t n)
{
	for (size_t i = 0; uuid && i < n; i++)
		if (!strncmp(uuid, prefixes[i], strlen(prefixes[i])))
			return 1;
	return 0;
}

/* Live table of a device as "start len type params\n" lines. */
static int read_table(const char *name, char **out)
{
	struct dm_task *dmt = dm_task_create(DM_DEVICE_TABLE);
	struct strbuf sb = STRBUF_INIT;
	void *next = NULL;
	int err;

	if (!dmt || !dm_task_set_name(dmt, name) || run_task(dmt, DM_DEVICE_TABLE, name, &err)) {
		if (dmt)
			dm_task_destroy(dmt);
		log_error("Cannot read the table of %s from device-mapper.", name);
		return -1;
	}
	do {
		uint64_t start, len;
		char *type = NULL, *params = NULL;
		next = dm_get_next_target(dmt, next, &start, &len, &type, &params);
		if (type)
			strbuf_addf(&sb, "%llu %llu %s%s%s\n", (unsigned long long)start,
			            (unsigned long long)len, type, params && *params ? " " : "",
			            params ? params : "");
	} while (next);
	dm_task_destroy(dmt);
	*out = strbuf_detach(&sb, NULL);
	return 0;
}

static struct kdm_kdev *add_kdev(struct kdm_state *s)
{
	s->devs = xrealloc(s->devs, (s->n + 1) * sizeof(*s->devs));
	memset(&s->devs[s->n], 0, sizeof(s->devs[0]));
	return &s->devs[s->n++];
}

/* Info (uuid, open count, state) of one device by name. */
static int read_info(struct kdm_kdev *k)
{
	struct dm_task *dmt = dm_task_create(DM_DEVICE_INFO);
	struct dm_info info;
	const char *uuid;
	int err;

	if (!dmt || !dm_task_set_name(dmt, k->name) ||
	    run_task(dmt, DM_DEVICE_INFO, k->name, &err) || !dm_task_get_info(dmt, &info)) {
		if (dmt)
			dm_task_destroy(dmt);
		log_error("Cannot read the state of %s from device-mapper.", k->name);
		return -1;
	}
	if (!info.exists) { /* gone since the list was read */
		dm_task_destroy(dmt);
		return 1;
	}
	uuid = dm_task_get_uuid(dmt);
	free(k->uuid);
	k->uuid = uuid && *uuid ? xstrdup(uuid) : NULL;
	k->dev = makedev(info.major, info.minor);
	k->open_count = info.open_count;
	k->suspended = info.suspended;
	k->has_inactive = info.inactive_table;
	k->live_table = info.live_table;
	k->read_only = info.read_only;
	dm_task_destroy(dmt);
	return 0;
}

int kdm_read_state(char *const *prefixes, size_t n_prefixes, char *const *pv_paths, size_t n_pvs,
                   struct kdm_state *out)
{
	struct dm_task *dmt;
	struct dm_names *names;
	int err = 0;

	init_once();
	memset(out, 0, sizeof(*out));
	dmt = dm_task_create(DM_DEVICE_LIST);
	if (!dmt || run_task(dmt, DM_DEVICE_LIST, NULL, &err)) {
		log_error("Cannot list device-mapper devices%s%s.", err ? ": " : "",
		          err ? strerror(err) : "");
		if (dmt)
			dm_task_destroy(dmt);
		return -1;
	}
	names = dm_task_get_names(dmt);
	if (names && names->dev) {
		for (;;) {
			struct kdm_kdev *k = add_kdev(out);
			k->name = xstrdup(names->name);
			k->dev = (dev_t)names->dev;
			if (!names->next)
				break;
			names = (struct dm_names *)((char *)names + names->next);
		}
	}
	dm_task_destroy(dmt);
	for (size_t i = 0; i < out->n;) {
		struct kdm_kdev *k = &out->devs[i];
		int r = read_info(k);
		if (r < 0)
			goto fail;
		if (r > 0) { /* vanished: drop it */
			free(k->name);
			free(k->uuid);
			out->devs[i] = out->devs[--out->n];
			continue;
		}
		if (matches_prefix(k->uuid, prefixes, n_prefixes) && read_table(k->name, &k->table))
			goto fail;
		i++;
	}
	for (size_t i = 0; i < n_pvs; i++) {
		struct stat st;
		struct kdm_kdev *k;
		/* NULL: a missing PV */
		if (!pv_paths[i] || stat(pv_paths[i], &st) || !S_ISBLK(st.st_mode))
			continue; /* plans referring to it fail to resolve, loudly */
		k = add_kdev(out);
		k->name = xstrdup(pv_paths[i]);
		k->dev = st.st_rdev;
	}
	return 0;
fail:
	kdm_state_free(out);
	return -1;
}

/* Add the plan's table to a task, references resolved now. */
static int add_targets(struct dm_task *dmt, const struct kdm_dev *d, const struct kdm_state *have)
{
	struct strbuf params = STRBUF_INIT;
	for (size_t t = 0; t < d->n_targets; t++) {
		const struct kdm_target *tg = &d->targets[t];
		strbuf_reset(&params);
		for (size_t a = 0; a < tg->n_args; a++) {
			dev_t dev;
			if (a)
				strbuf_addch(&params, ' ');
			if (tg->args[a].kind == ARG_TEXT) {
				strbuf_addstr(&params, tg->args[a].text);
			} else if (!kdm_state_resolve(have, &tg->args[a], &dev)) {
				strbuf_addf(&params, "%u:%u", major(dev), minor(dev));
			} else {
				log_error("Cannot build the table of %s: %s is not available.",
				          d->name, tg->args[a].text);
				strbuf_release(&params);
				return -1;
			}
		}
		if (!dm_task_add_target(dmt, tg->start, tg->len, tg->type, params.buf)) {
			strbuf_release(&params);
			return -1;
		}
	}
	strbuf_release(&params);
	return 0;
}

static void forget(struct kdm_state *have, const char *name)
{
	for (size_t i = 0; i < have->n; i++)
		if (!strcmp(have->devs[i].name, name)) {
			free(have->devs[i].name);
			free(have->devs[i].uuid);
			free(have->devs[i].table);
			have->devs[i] = have->devs[--have->n];
			return;
		}
}

/* A task without a table; `flags`: the device's own udev flags. */
static int simple_task(int type, const char *name, const char *new_name, uint16_t flags,
                       uint32_t *cookie, int *err)
{
	struct dm_task *dmt = dm_task_create(type);
	int r = -1;
	if (!dmt || !dm_task_set_name(dmt, name))
		goto out;
	if (type == DM_DEVICE_RENAME && !dm_task_set_newname(dmt, new_name))
		goto out;
	if (type == DM_DEVICE_REMOVE)
		dm_task_retry_remove(dmt); /* udev's blkid may hold it a moment */
	if ((type == DM_DEVICE_RESUME || type == DM_DEVICE_REMOVE || type == DM_DEVICE_RENAME) &&
	    !dm_task_set_cookie(dmt, cookie, kdm_udev_flags(flags, udev_settings())))
		goto out;
	r = run_task(dmt, type, name, err);
out:
	if (dmt)
		dm_task_destroy(dmt);
	return r;
}

static int load_task(int type, const struct kdm_op *op, struct kdm_state *have, uint32_t *cookie,
                     int *err)
{
	struct dm_task *dmt = dm_task_create(type);
	struct dm_info info;
	int r = -1;
	*err = 0;
	if (!dmt || !dm_task_set_name(dmt, op->name))
		goto out;
	if (type == DM_DEVICE_CREATE && !dm_task_set_uuid(dmt, op->uuid))
		goto out;
	/* a persistent minor (lvchange -My); the major is the driver's own */
	if (type == DM_DEVICE_CREATE && op->dev->fixed_minor &&
	    !dm_task_set_major_minor(dmt, kdm_major(), op->dev->minor, 1))
		goto out;
	if (op->dev->read_only && !dm_task_set_ro(dmt))
		goto out;
	if (add_targets(dmt, op->dev, have))
		goto out;
	/* (libdevmapper passes the cookie on to the resume that ends a create) */
	if (type == DM_DEVICE_CREATE &&
	    !dm_task_set_cookie(dmt, cookie, kdm_udev_flags(op->udev_flags, udev_settings())))
		goto out;
	r = run_task(dmt, type, op->name, err);
	/* the new device's number, for the devices stacked on it next,
	 * comes with the create's own answer: no extra ioctl */
	if (!r && type == DM_DEVICE_CREATE && dm_task_get_info(dmt, &info) && info.exists) {
		struct kdm_kdev *k = add_kdev(have);
		k->name = xstrdup(op->name);
		k->uuid = xstrdup(op->uuid);
		k->dev = makedev(info.major, info.minor);
	}
out:
	if (dmt)
		dm_task_destroy(dmt);
	return r;
}

static int run_op(const struct kdm_op *op, struct kdm_state *have, uint32_t *cookie, int *err)
{
	int r;
	switch (op->kind) {
	case OP_CREATE:
		return load_task(DM_DEVICE_CREATE, op, have, cookie, err);
	case OP_LOAD:
		return load_task(DM_DEVICE_RELOAD, op, have, cookie, err);
	case OP_SUSPEND:
		return simple_task(DM_DEVICE_SUSPEND, op->name, NULL, op->udev_flags, cookie, err);
	case OP_RESUME:
		return simple_task(DM_DEVICE_RESUME, op->name, NULL, op->udev_flags, cookie, err);
	case OP_REMOVE:
		r = simple_task(DM_DEVICE_REMOVE, op->name, NULL, op->udev_flags, cookie, err);
		if (!r)
			forget(have, op->name);
		return r;
	case OP_CLEAR:
		return simple_task(DM_DEVICE_CLEAR, op->name, NULL, op->udev_flags, cookie, err);
	case OP_RENAME:
		r = simple_task(DM_DEVICE_RENAME, op->name, op->new_name, op->udev_flags, cookie,
		                err);
		if (!r)
			for (size_t i = 0; i < have->n; i++)
				if (!strcmp(have->devs[i].name, op->name)) {
					free(have->devs[i].name);
					have->devs[i].name = xstrdup(op->new_name);
				}
		return r;
	}
	return -1;
}

static const char *op_verb(enum kdm_op_kind k)
{
	switch (k) {
	case OP_CREATE:
		return "create";
	case OP_LOAD:
		return "load a table into";
	case OP_SUSPEND:
		return "suspend";
	case OP_RESUME:
		return "resume";
	case OP_REMOVE:
		return "remove";
	case OP_RENAME:
		return "rename";
	case OP_CLEAR:
		return "clear the loaded table of";
	}
	return "change";
}

/* Undo ops [0, done) in reverse, as far as they can be undone. */
static void undo(const struct kdm_plan *p, size_t done, struct kdm_state *have, uint32_t *cookie)
{
	int err;
	while (done-- > 0) {
		const struct kdm_op *op = &p->ops[done];
		switch (op->kind) {
		case OP_CREATE:
			if (!simple_task(DM_DEVICE_REMOVE, op->name, NULL, op->udev_flags, cookie,
			                 &err))
				forget(have, op->name);
			break;
		case OP_LOAD:
			simple_task(DM_DEVICE_CLEAR, op->name, NULL, op->udev_flags, cookie, &err);
			break;
		case OP_SUSPEND:
			/* a table this plan loaded into it would go live with
			 * the resume: cleared first, so that the device comes
			 * back with the table it had (an origin of a snapshot
			 * set whose switch failed half way) */
			for (size_t j = 0; j < done; j++)
				if (p->ops[j].kind == OP_LOAD && !strcmp(p->ops[j].name, op->name))
					simple_task(DM_DEVICE_CLEAR, op->name, NULL, op->udev_flags,
					            cookie, &err);
			simple_task(DM_DEVICE_RESUME, op->name, NULL, op->udev_flags, cookie, &err);
			break;
		case OP_RENAME:
			simple_task(DM_DEVICE_RENAME, op->new_name, op->name, op->udev_flags,
			            cookie, &err);
			break;
		case OP_CLEAR:
			break; /* a crashed run's table: nothing to put back */
		case OP_RESUME:
		case OP_REMOVE:
			log_warn("WARNING: device-mapper changes up to \"%s %s\" stay; the next "
			         "activation completes or removes them.",
			         op_verb(op->kind), op->name);
			return;
		}
	}
}

#ifdef VGTOOL_TEST_HOOKS
/* Test hook: VGTOOL_TEST_CRASH_AFTER_DM_OP=N stops the process dead after
 * the Nth device-mapper op of the run, leaving a half-built stack for the
 * repair tests. */
static void maybe_crash_after_op(void)
{
	static long count, limit = -2;
	if (limit == -2)
		limit = test_hook_number("VGTOOL_TEST_CRASH_AFTER_DM_OP");
	if (limit >= 0 && ++count >= limit) {
		dm_task_update_nodes();
		_exit(99);
	}
}

/* Test hook: VGTOOL_TEST_FAIL_DM_OP=N makes the Nth op of the run fail as
 * if the kernel had refused it (EINVAL), for the rollback tests. */
static int injected_failure(size_t i, int *err)
{
	if (test_hook_number("VGTOOL_TEST_FAIL_DM_OP") != (long)i + 1)
		return 0;
	*err = EINVAL;
	return 1;
}
#else
/* The installed binary has no test hooks (misc/test-hooks.h). */
static void maybe_crash_after_op(void)
{
}

static int injected_failure(size_t i, int *err)
{
	(void)i;
	(void)err;
	return 0;
}
#endif

/* How long each device this plan suspended stayed so: a line per device
 * at -vvv and the longest, which is what the applications on it saw (for
 * a snapshot set, the first origin suspended waits for all the others). */
static void note_suspension(const struct kdm_plan *p, size_t i, const double *suspended_at,
                            double *longest, size_t *longest_op)
{
	for (size_t j = 0; j < i; j++)
		if (p->ops[j].kind == OP_SUSPEND && !strcmp(p->ops[j].name, p->ops[i].name)) {
			double ms = monotonic_ms() - suspended_at[j];
			log_debug("dm: %s was suspended for %.3f ms", p->ops[i].name, ms);
			if (ms > *longest) {
				*longest = ms;
				*longest_op = j;
			}
			return;
		}
}

int kdm_run_plan(const struct kdm_plan *p, struct kdm_state *have)
{
	uint32_t cookie = 0;
	int r = 0;
	/* (timed only for -vvv: matching a resume to its suspend walks the
	 * plan, which a refresh of thousands of LVs should not pay for) */
	double *suspended_at =
	    log_enabled(LOG_LVL_DEBUG) ? xcalloc(p->n + 1, sizeof(double)) : NULL;
	double longest = -1;
	size_t longest_op = 0;

	int old_priority;

	init_once();
	udev_settings(); /* sync support set before the first cookie */
	old_priority = p->n ? raise_priority() : INT_MIN;
	for (size_t i = 0; i < p->n; i++) {
		int err = 0;
		if (i)
			maybe_crash_after_op();
		strbuf_reset(&last_dm_error);
		/* (from before the ioctl: new I/O waits from its start) */
		if (suspended_at && p->ops[i].kind == OP_SUSPEND)
			suspended_at[i] = monotonic_ms();
		if (injected_failure(i, &err) || run_op(&p->ops[i], have, &cookie, &err)) {
			const struct kdm_op *op = &p->ops[i];
			const char *why = err ? strerror(err) : last_ioctl_reason();
			if (err == EBUSY && op->kind == OP_REMOVE)
				log_error("Cannot remove %s: the device is in use.", op->name);
			else
				log_error("Device-mapper refused to %s %s%s%s.", op_verb(op->kind),
				          op->name, why ? ": " : "", why ? why : "");
			undo(p, i, have, &cookie);
			r = -1;
			break;
		}
		if (suspended_at && p->ops[i].kind == OP_RESUME)
			note_suspension(p, i, suspended_at, &longest, &longest_op);
	}
	restore_priority(old_priority);
	if (longest >= 0)
		log_debug("dm: longest suspension %.3f ms (%s)", longest, p->ops[longest_op].name);
	free(suspended_at);
	if (cookie) {
		double t0 = monotonic_ms();
		dm_udev_wait(cookie);
		log_debug("udev: waited %.3f ms", monotonic_ms() - t0);
	} else {
		/* without udev, libdevmapper queues its /dev/mapper node
		 * changes: make them now, before anything looks for them */
		dm_task_update_nodes();
	}
	return r;
}

int kdm_snapshot_status_uuid(const char *name, unsigned long long *used, unsigned long long *total,
                             unsigned long long *metadata, int *invalid, int *overflow, char **uuid)
{
	struct dm_task *dmt = dm_task_create(DM_DEVICE_STATUS);
	uint64_t start, len;
	char *type = NULL, *params = NULL;
	const char *u;
	int err, r = -1;

	init_once();
	*used = *total = *metadata = 0;
	*invalid = *overflow = 0;
	if (!dmt || !dm_task_set_name(dmt, name) || run_task(dmt, DM_DEVICE_STATUS, name, &err))
		goto out;
	dm_get_next_target(dmt, NULL, &start, &len, &type, &params);
	/* a merging origin's "snapshot-merge" reports in the same form */
	if (!type || (strcmp(type, "snapshot") && strcmp(type, "snapshot-merge")) || !params)
		goto out;
	if (!strcmp(params, "Invalid"))
		*invalid = 1;
	else if (!strcmp(params, "Overflow"))
		*overflow = 1;
	else if (sscanf(params, "%llu/%llu %llu", used, total, metadata) < 2)
		goto out;
	if (uuid) /* the same ioctl's answer carries it */
		*uuid = xstrdup((u = dm_task_get_uuid(dmt)) ? u : "");
	r = 0;
out:
	if (dmt)
		dm_task_destroy(dmt);
	return r;
}

int kdm_snapshot_status(const char *name, unsigned long long *used, unsigned long long *total,
                        unsigned long long *metadata, int *invalid, int *overflow)
{
	return kdm_snapshot_status_uuid(name, used, total, metadata, invalid, overflow, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t kdm_list_names(char ***out)
{
	struct dm_task *dmt;
	struct dm_names *names;
	size_t n = 0;

	init_once();
	*out = NULL;
	dmt = dm_task_create(DM_DEVICE_LIST);
	if (!dmt || run_task(dmt, DM_DEVICE_LIST, NULL, NULL)) {
		if (dmt)
			dm_task_destroy(dmt);
		return 0;
	}
	names = dm_task_get_names(dmt);
	while (names && names->dev) {
		*out = xrealloc(*out, (n + 1) * sizeof(**out));
		(*out)[n++] = xstrdup(names->name);
		if (!names->next)
			break;
		names = (struct dm_names *)((char *)names + names->next);
	}
	dm_task_destroy(dmt);
	if (n)
		qsort(*out, n, sizeof(**out), cmp_str);
	return n;
}
