/* lib/activate/dm.c: what the executor hands libdevmapper for each op of
 * a plan: which tasks carry a udev cookie, and with which flags (the op's
 * own and the run's settings'), as lvm2 passes them.  libdevmapper's
 * tasks are stand-ins here (a real one needs /dev/mapper/control), and
 * udevd's presence (its control socket) and the driver's version are the
 * test's. */
// WRAP: dm_task_create dm_task_destroy dm_task_set_name dm_task_set_newname dm_task_set_uuid
// WRAP: dm_task_set_ro dm_task_add_target dm_task_retry_remove dm_task_set_cookie dm_task_run
// WRAP: dm_task_get_info dm_task_get_errno dm_driver_version access
#include "unit.h"

#include <libdevmapper.h>
#include <unistd.h>

#include "activate/dm.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

int __real_access(const char *path, int mode);

/* A task: its type, name and cookie flags. */
struct task {
	int type;
	char name[64];
	int cookie; /* a cookie was set, with `flags` */
	uint16_t flags;
};
static struct strbuf sent = STRBUF_INIT; /* one line per task run */
static int udevd_running;
/* the create the kernel refuses, as it refuses a snapshot whose COW it
 * cannot read: libdevmapper logs the reload's failure and loses its
 * errno in the removal that undoes the create */
static const char *refused_create;
/* the suspend the kernel refuses (an origin of a snapshot set whose
 * filesystem cannot be frozen) */
static const char *refused_suspend;
extern dm_log_with_errno_fn dm_log_with_errno; /* libdevmapper's logger */

#define TASK(dmt) ((struct task *)(void *)(dmt))

struct dm_task *__wrap_dm_task_create(int type);
struct dm_task *__wrap_dm_task_create(int type)
{
	struct task *t = xcalloc(1, sizeof(*t));
	t->type = type;
	return (struct dm_task *)(void *)t;
}

void __wrap_dm_task_destroy(struct dm_task *dmt);
void __wrap_dm_task_destroy(struct dm_task *dmt)
{
	free(TASK(dmt));
}

int __wrap_dm_task_set_name(struct dm_task *dmt, const char *name);
int __wrap_dm_task_set_name(struct dm_task *dmt, const char *name)
{
	snprintf(TASK(dmt)->name, sizeof(TASK(dmt)->name), "%s", name);
	return 1;
}

/* what the tasks carry besides: not what this test is about */
int __wrap_dm_task_set_newname(struct dm_task *dmt, const char *name);
int __wrap_dm_task_set_newname(struct dm_task *dmt, const char *name)
{
	(void)dmt;
	(void)name;
	return 1;
}

int __wrap_dm_task_set_uuid(struct dm_task *dmt, const char *uuid);
int __wrap_dm_task_set_uuid(struct dm_task *dmt, const char *uuid)
{
	(void)dmt;
	(void)uuid;
	return 1;
}

int __wrap_dm_task_set_ro(struct dm_task *dmt);
int __wrap_dm_task_set_ro(struct dm_task *dmt)
{
	(void)dmt;
	return 1;
}

int __wrap_dm_task_add_target(struct dm_task *dmt, uint64_t start, uint64_t size, const char *ttype,
                              const char *params);
int __wrap_dm_task_add_target(struct dm_task *dmt, uint64_t start, uint64_t size, const char *ttype,
                              const char *params)
{
	(void)dmt;
	(void)start;
	(void)size;
	(void)ttype;
	(void)params;
	return 1;
}

int __wrap_dm_task_retry_remove(struct dm_task *dmt);
int __wrap_dm_task_retry_remove(struct dm_task *dmt)
{
	(void)dmt;
	return 1;
}

int __wrap_dm_task_get_info(struct dm_task *dmt, struct dm_info *info);
int __wrap_dm_task_get_info(struct dm_task *dmt, struct dm_info *info)
{
	(void)dmt;
	memset(info, 0, sizeof(*info)); /* a created device's number: none */
	return 1;
}

int __wrap_dm_task_get_errno(struct dm_task *dmt);
int __wrap_dm_task_get_errno(struct dm_task *dmt)
{
	(void)dmt;
	return 0;
}

int __wrap_dm_task_set_cookie(struct dm_task *dmt, uint32_t *cookie, uint16_t flags);
int __wrap_dm_task_set_cookie(struct dm_task *dmt, uint32_t *cookie, uint16_t flags)
{
	TASK(dmt)->cookie = 1;
	TASK(dmt)->flags = flags;
	*cookie = 0; /* no semaphore: kdm_run_plan waits on nothing */
	return 1;
}

int __wrap_dm_task_run(struct dm_task *dmt);
int __wrap_dm_task_run(struct dm_task *dmt)
{
	static const char *const names[] = {
	    [DM_DEVICE_CREATE] = "create", [DM_DEVICE_RELOAD] = "load",
	    [DM_DEVICE_REMOVE] = "remove", [DM_DEVICE_SUSPEND] = "suspend",
	    [DM_DEVICE_RESUME] = "resume", [DM_DEVICE_RENAME] = "rename",
	    [DM_DEVICE_CLEAR] = "clear",   [DM_DEVICE_VERSION] = "version",
	};
	struct task *t = TASK(dmt);
	strbuf_addf(&sent, "%s %s", names[t->type], t->name);
	if (t->cookie)
		strbuf_addf(&sent, " 0x%02x", (unsigned)t->flags);
	strbuf_addch(&sent, '\n');
	if (t->type == DM_DEVICE_CREATE && refused_create && !strcmp(t->name, refused_create)) {
		dm_log_with_errno(3, __FILE__, __LINE__, -1,
		                  "device-mapper: reload ioctl on %s  (254:3) failed: %s", t->name,
		                  strerror(EIO));
		return 0;
	}
	if (t->type == DM_DEVICE_SUSPEND && refused_suspend && !strcmp(t->name, refused_suspend))
		return 0;
	return 1;
}

int __wrap_dm_driver_version(char *version, size_t size);
int __wrap_dm_driver_version(char *version, size_t size)
{
	snprintf(version, size, "4.47.0"); /* Debian 12's kernel */
	return 1;
}

int __wrap_access(const char *path, int mode);
int __wrap_access(const char *path, int mode)
{
	if (!strcmp(path, "/run/udev/control"))
		return udevd_running ? 0 : -1;
	return __real_access(path, mode);
}

/* --- a plan by hand: one op of each kind --- */

static struct kdm_dev devs[2];
static struct kdm_target target = {0, 8, "linear", NULL, 0};
static struct kdm_arg args[] = {{ARG_TEXT, "8:0"}, {ARG_TEXT, "2048"}};

static void add(struct kdm_plan *p, enum kdm_op_kind kind, const struct kdm_dev *dev,
                const char *name, const char *new_name, uint16_t flags)
{
	struct kdm_op *op;
	p->ops = xrealloc(p->ops, (p->n + 1) * sizeof(*p->ops));
	op = &p->ops[p->n++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->dev = dev;
	op->name = (char *)name;
	op->uuid = dev ? dev->uuid : NULL;
	op->new_name = (char *)new_name;
	op->udev_flags = flags;
}

/* Run the plan with these settings and udevd there or not; the tasks
 * libdevmapper got, one line each. */
static char *run(struct kdm_udev_config cfg, int running)
{
	struct kdm_plan p = {0};
	struct kdm_state have = {0};
	const uint16_t hidden = KDM_UDEV_DISABLE_SUBSYSTEM_RULES | KDM_UDEV_DISABLE_DISK_RULES |
	                        KDM_UDEV_DISABLE_OTHER_RULES;

	target.args = args;
	target.n_args = 2;
	devs[0] =
	    (struct kdm_dev){.name = "vg-lv", .uuid = "LVM-1", .targets = &target, .n_targets = 1};
	devs[1] = (struct kdm_dev){.name = "vg-lv-real",
	                           .uuid = "LVM-1-real",
	                           .layer = LAYER_REAL,
	                           .udev_flags = hidden,
	                           .targets = &target,
	                           .n_targets = 1};
	add(&p, OP_CREATE, &devs[1], "vg-lv-real", NULL, hidden);
	add(&p, OP_CREATE, &devs[0], "vg-lv", NULL, 0);
	add(&p, OP_LOAD, &devs[0], "vg-lv", NULL, 0);
	add(&p, OP_SUSPEND, &devs[0], "vg-lv", NULL, 0);
	add(&p, OP_RESUME, &devs[0], "vg-lv", NULL, 0);
	add(&p, OP_RENAME, NULL, "vg-snap", "vg-snap2", KDM_UDEV_LOW_PRIORITY);
	add(&p, OP_REMOVE, NULL, "vg-snap2-cow", NULL, hidden | KDM_UDEV_LOW_PRIORITY);
	add(&p, OP_CLEAR, NULL, "vg-other", NULL, 0);
	udevd_running = running;
	kdm_udev_configure(&cfg);
	strbuf_reset(&sent);
	assert_int_equal(kdm_run_plan(&p, &have), 0);
	free(p.ops);
	kdm_state_free(&have);
	return sent.buf;
}

/* lvm2's defaults with udevd: DISABLE_LIBRARY_FALLBACK on each cookie;
 * no cookie on load, suspend and clear (no uevent, as lvm2). */
static void test_cookies_with_udevd(void **state)
{
	(void)state;
	unsetenv("DM_DISABLE_UDEV");
	assert_string_equal(run((struct kdm_udev_config){1, 1, 0}, 1), "create vg-lv-real 0x2e\n"
	                                                               "create vg-lv 0x20\n"
	                                                               "load vg-lv\n"
	                                                               "suspend vg-lv\n"
	                                                               "resume vg-lv 0x20\n"
	                                                               "rename vg-snap 0x30\n"
	                                                               "remove vg-snap2-cow 0x3e\n"
	                                                               "clear vg-other\n");
	assert_true(kdm_udev_active());
	/* verify_udev_operations=1: no DISABLE_LIBRARY_FALLBACK, and vgtool
	 * makes the links as lvm2's fallback does */
	assert_string_equal(run((struct kdm_udev_config){1, 1, 1}, 1), "create vg-lv-real 0x0e\n"
	                                                               "create vg-lv 0x00\n"
	                                                               "load vg-lv\n"
	                                                               "suspend vg-lv\n"
	                                                               "resume vg-lv 0x00\n"
	                                                               "rename vg-snap 0x10\n"
	                                                               "remove vg-snap2-cow 0x1e\n"
	                                                               "clear vg-other\n");
	assert_false(kdm_udev_active());
}

/* Without udevd (or with udev_rules=0): udev's dm and subsystem rules off,
 * libdevmapper's nodes, vgtool's links, as lvm2 with DM_DISABLE_UDEV. */
static void test_cookies_without_udevd(void **state)
{
	const char *want = "create vg-lv-real 0x0f\n"
	                   "create vg-lv 0x03\n"
	                   "load vg-lv\n"
	                   "suspend vg-lv\n"
	                   "resume vg-lv 0x03\n"
	                   "rename vg-snap 0x13\n"
	                   "remove vg-snap2-cow 0x1f\n"
	                   "clear vg-other\n";
	(void)state;
	unsetenv("DM_DISABLE_UDEV");
	assert_string_equal(run((struct kdm_udev_config){1, 1, 0}, 0), want);
	assert_false(kdm_udev_active());
	assert_string_equal(run((struct kdm_udev_config){0, 1, 0}, 1), want);
	assert_false(kdm_udev_active());
	/* DM_DISABLE_UDEV: as if udevd did not run (lvm2 and libdevmapper
	 * read it too) */
	setenv("DM_DISABLE_UDEV", "1", 1);
	assert_string_equal(run((struct kdm_udev_config){1, 1, 0}, 1), want);
	unsetenv("DM_DISABLE_UDEV");
}

/* A create the kernel refuses (partial activation of a snapshot whose
 * COW is lost): one message with the kernel's reason, taken from
 * libdevmapper's log, and the create before it undone. */
/* Run `p` without udevd, the kernel refusing what refused_create or
 * refused_suspend names: the plan must fail; what was logged in *err (to
 * free), the tasks in `sent`. */
static void run_refused(struct kdm_plan *p, char **err)
{
	struct kdm_state have = {0};
	size_t len = 0;
	FILE *f = open_memstream(err, &len);

	udevd_running = 0;
	kdm_udev_configure(&(struct kdm_udev_config){1, 1, 0});
	strbuf_reset(&sent);
	log_set_streams(NULL, f);
	assert_int_equal(kdm_run_plan(p, &have), -1);
	log_set_streams(NULL, NULL);
	fclose(f);
	kdm_state_free(&have);
}

static void test_refused_create(void **state)
{
	struct kdm_plan p = {0};
	char *err = NULL;
	(void)state;
	target.args = args;
	target.n_args = 2;
	devs[0] = (struct kdm_dev){
	    .name = "vg-snap-cow", .uuid = "LVM-2-cow", .targets = &target, .n_targets = 1};
	devs[1] = (struct kdm_dev){
	    .name = "vg-snap", .uuid = "LVM-2", .targets = &target, .n_targets = 1};
	add(&p, OP_CREATE, &devs[0], "vg-snap-cow", NULL, 0);
	add(&p, OP_CREATE, &devs[1], "vg-snap", NULL, 0);
	refused_create = "vg-snap";
	run_refused(&p, &err);
	refused_create = NULL;
	assert_string_equal(err,
	                    "  Device-mapper refused to create vg-snap: Input/output error.\n");
	assert_string_equal(sent.buf, "create vg-snap-cow 0x03\n"
	                              "create vg-snap 0x03\n"
	                              "remove vg-snap-cow 0x03\n");
	free(err);
	free(p.ops);
}

/* The switch of a snapshot set refused half way: both origins' new
 * tables loaded, the first suspended, the second's suspend refused.  The
 * first must come back with its old table: its loaded one cleared before
 * it is resumed (a resume would make the loaded table live). */
static void test_refused_suspend(void **state)
{
	struct kdm_plan p = {0};
	char *err = NULL;
	(void)state;
	target.args = args;
	target.n_args = 2;
	devs[0] =
	    (struct kdm_dev){.name = "vg-a", .uuid = "LVM-a", .targets = &target, .n_targets = 1};
	devs[1] =
	    (struct kdm_dev){.name = "vg-b", .uuid = "LVM-b", .targets = &target, .n_targets = 1};
	add(&p, OP_LOAD, &devs[0], "vg-a", NULL, 0);
	add(&p, OP_LOAD, &devs[1], "vg-b", NULL, 0);
	add(&p, OP_SUSPEND, &devs[1], "vg-b", NULL, 0);
	add(&p, OP_SUSPEND, &devs[0], "vg-a", NULL, 0);
	add(&p, OP_RESUME, &devs[0], "vg-a", NULL, 0);
	add(&p, OP_RESUME, &devs[1], "vg-b", NULL, 0);
	refused_suspend = "vg-a";
	run_refused(&p, &err);
	refused_suspend = NULL;
	assert_string_equal(sent.buf, "load vg-a\n"
	                              "load vg-b\n"
	                              "suspend vg-b\n"
	                              "suspend vg-a\n"
	                              "clear vg-b\n"
	                              "resume vg-b 0x03\n"
	                              "clear vg-b\n"
	                              "clear vg-a\n");
	free(err);
	free(p.ops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cookies_with_udevd),
	    cmocka_unit_test(test_cookies_without_udevd),
	    cmocka_unit_test(test_refused_create),
	    cmocka_unit_test(test_refused_suspend),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	strbuf_release(&sent);
	return r;
}
