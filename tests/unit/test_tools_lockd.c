/* tools/lockd.c, the commands' side of lvmlockd: which request each call
 * sends and what it makes of each answer, lvm2's lines included.  A
 * stand-in daemon (a child process on a socket of the test's own) answers
 * hello, then replays the answers a test gives it, one per request, and
 * keeps the requests it got for the test to read.  (The real lvmlockd is
 * test_lockd's and scenarios 082-083's.) */
#include "unit.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../tools/lockd.c"

/* the settings tools/lockd.c reads (tools/config.c's in vgtool) */
static int use_lvmlockd = 1;
static int64_t host_id = 7;
int config_bool(enum setting_id id)
{
	return id == SET_GLOBAL_USE_LVMLOCKD ? use_lvmlockd : 0;
}
int64_t config_int(enum setting_id id)
{
	return id == SET_LOCAL_HOST_ID ? host_id : 0; /* no lock retries */
}

/* tools/activate.c's (the kernel's lvmlock at its size in the metadata):
 * counted, and failing when the test says so */
static int refreshes, refresh_fails;
int tool_lvmlock_refresh(struct cmd_context *c, const struct vg *vg)
{
	(void)c;
	(void)vg;
	refreshes++;
	return refresh_fails ? -1 : 0;
}

static char dir[64], sock_path[128], pid_path[128], req_path[128];
static char *errbuf;
static size_t errlen;
static FILE *errf;

static const char *logged(void)
{
	static char *last;
	fflush(errf);
	free(last);
	last = xstrndup(errbuf, errlen);
	rewind(errf);
	errbuf[0] = '\0';
	errlen = 0;
	return last;
}

/* "op_result = R" and `flags` (or "none") as lvmlockd replies */
static char *answer(int r, const char *flags, const char *extra)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb,
	            "response = \"OK\"\nop = 7\nlock_type = \"sanlock\"\nop_result = %d\n"
	            "lm_result = 0\nresult_flags = \"%s\"\n%s\n##\n",
	            r, flags ? flags : "none", extra ? extra : "");
	return strbuf_detach(&sb, NULL);
}

static pid_t daemon_pid;

/* Start the stand-in daemon with `n` answers (freed here). */
static void daemon_start(char **answers, size_t n)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0), fd;

	strcpy(sa.sun_path, sock_path);
	unlink(sock_path);
	unlink(req_path);
	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	fd = open(pid_path, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	close(fd);
	daemon_pid = fork();
	assert_true(daemon_pid >= 0);
	if (!daemon_pid) {
		int c = accept(lfd, NULL, NULL);
		FILE *reqs = fopen(req_path, "w");
		static const char hello[] =
		    "response = \"OK\"\nresult = 0\nprotocol = \"lvmlockd\"\n"
		    "version = 1\n\n##\n";
		for (size_t i = 0; i <= n && c >= 0; i++) {
			char buf[4096];
			size_t got = 0;
			const char *reply = i ? answers[i - 1] : hello;
			while (got < 4 || memcmp(buf + got - 4, "\n##\n", 4)) {
				ssize_t k = read(c, buf + got, sizeof(buf) - 1 - got);
				if (k <= 0)
					_exit(0);
				got += (size_t)k;
			}
			buf[got] = '\0';
			if (i) {
				fputs(buf, reqs);
				fflush(reqs);
			}
			if (write(c, reply, strlen(reply)) < 0)
				_exit(2);
		}
		_exit(0);
	}
	close(lfd);
	for (size_t i = 0; i < n; i++)
		free(answers[i]);
}

/* The requests the daemon got (after the command closed its connection). */
static char *daemon_requests(void)
{
	int st;
	char *text;
	tool_lockd_finish();
	if (daemon_pid > 0)
		assert_int_equal(waitpid(daemon_pid, &st, 0), daemon_pid);
	text = unit_slurp(req_path, NULL);
	return text ? text : xstrdup("");
}

static struct cmd_context ctx;
static struct command lvs_cmd = {.name = "lvs"};

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/vgtool-tlockd-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sock_path, sizeof(sock_path), "%s/lvmlockd.socket", dir);
	snprintf(pid_path, sizeof(pid_path), "%s/lvmlockd.pid", dir);
	snprintf(req_path, sizeof(req_path), "%s/requests", dir);
	setenv("LVM_LVMLOCKD_SOCKET", sock_path, 1);
	pidfile_path = pid_path;
	errf = open_memstream(&errbuf, &errlen);
	log_set_streams(errf, errf);
	ctx.cmd = &lvs_cmd;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_set_streams(NULL, NULL);
	fclose(errf);
	free(errbuf);
	unlink(sock_path);
	unlink(pid_path);
	unlink(req_path);
	rmdir(dir);
	return 0;
}

/* a shared VG with one LV, as lvm2 writes them */
static struct vg *shared_vg(void)
{
	struct vg *vg = vg_new("vg1", 8192);
	struct lv *lv = vg_add_lv(vg, "lv", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	vg->lock_type = xstrdup("sanlock");
	vg->lock_args = xstrdup("1.0.0:lvmlock");
	lv->lock_args = xstrdup("1.0.0:70254592");
	return vg;
}

/* lvmlockd not running: lvm2's warning, reads without locks, a change
 * refused after the VG is read */
static void test_not_running(void **state)
{
	struct vg *vg = shared_vg();
	unsigned st;
	(void)state;
	unlink(pid_path);
	tool_lockd_begin(&ctx);
	assert_string_equal(logged(), "  WARNING: lvmlockd process is not running.\n");
	assert_int_equal(tool_lockd_gl(&ctx, "sh", NULL), 0);
	assert_string_equal(logged(), "  Reading without shared global lock.\n");
	assert_int_equal(tool_lockd_gl(&ctx, "ex", NULL), -1);
	assert_string_equal(logged(), "  Global lock failed: check that lvmlockd is running.\n");
	assert_int_equal(tool_lockd_vg(&ctx, "vg1", "sh", &st), 0);
	assert_true(st & LOCKD_VG_FAIL_REQUEST);
	assert_int_equal(tool_lockd_access(&ctx, vg, st, 1, 0, NULL), 0);
	assert_string_equal(logged(), "  Reading VG vg1 without a lock.\n");
	/* activation enforces the shared lock */
	assert_int_equal(tool_lockd_access(&ctx, vg, st, 1, 1, NULL), -1);
	assert_string_equal(logged(), "  Cannot access VG vg1 due to failed lock.\n");
	assert_int_equal(tool_lockd_vg(&ctx, "vg1", "ex", &st), 0);
	assert_int_equal(tool_lockd_access(&ctx, vg, st, 1, 0, NULL), -1);
	assert_string_equal(logged(), "  Cannot access VG vg1 due to failed lock.\n");
	/* a local VG: nothing to say */
	free(vg->lock_type);
	vg->lock_type = NULL;
	assert_int_equal(tool_lockd_access(&ctx, vg, st, 1, 0, NULL), 0);
	assert_string_equal(logged(), "");
	tool_lockd_finish();
	vg_free(vg);
}

/* use_lvmlockd=0: named, lvm2's refusal; listed, passed over */
static void test_not_used(void **state)
{
	struct vg *vg = shared_vg();
	int skip = 0;
	(void)state;
	use_lvmlockd = 0;
	tool_lockd_begin(&ctx);
	assert_int_equal(tool_lockd_access(&ctx, vg, 0, 1, 0, &skip), -1);
	assert_string_equal(
	    logged(), "  Cannot access VG vg1 with lock type sanlock that requires lvmlockd.\n");
	assert_int_equal(skip, 0);
	assert_int_equal(tool_lockd_access(&ctx, vg, 0, 0, 0, &skip), -1);
	assert_int_equal(skip, 1);
	assert_string_equal(logged(), "");
	assert_int_equal(tool_lockd_lv(&ctx, vg, vg->lvs[0], "ex", 1), -1);
	assert_string_equal(logged(), "  LV in VG vg1 with lock_type sanlock requires lvmlockd.\n");
	tool_lockd_finish();
	use_lvmlockd = 1;
	vg_free(vg);
}

/* The global lock's answers */
static void test_global(void **state)
{
	char *a[] = {
	    answer(-210, "NO_GL_LS,NO_LOCKSPACES", NULL),
	    answer(-210, "NO_GL_LS,NO_LM", NULL),
	    answer(-211, NULL, NULL),
	    answer(-11, NULL, NULL),
	    answer(-210, "NO_GL_LS,NO_LOCKSPACES", NULL),
	    answer(0, NULL, NULL),
	};
	char *reqs;
	(void)state;
	daemon_start(a, 6);
	tool_lockd_begin(&ctx);
	assert_int_equal(tool_lockd_gl(&ctx, "sh", NULL), 0);
	assert_string_equal(logged(), "  Skipping global lock: lockspace not found or started\n");
	assert_int_equal(tool_lockd_gl(&ctx, "ex", NULL), -1);
	assert_string_equal(logged(),
	                    "  Start a lock manager, lvmlockd did not find one running.\n"
	                    "  Global lock failed: check that global lockspace is started\n");
	assert_int_equal(tool_lockd_gl(&ctx, "ex", NULL), -1);
	assert_string_equal(logged(), "  Global lock failed: lockspace is starting\n");
	assert_int_equal(tool_lockd_gl(&ctx, "ex", NULL), -1);
	assert_string_equal(logged(), "  Global lock failed: held by other host.\n");
	/* vgcreate of the first sanlock VG: it will hold the global lock */
	assert_int_equal(tool_lockd_gl(&ctx, "ex", "sanlock"), 0);
	assert_string_equal(logged(), "  Enabling sanlock global lock\n");
	assert_int_equal(tool_lockd_gl(&ctx, "ex", NULL), 0);
	assert_string_equal(logged(), "");
	reqs = daemon_requests();
	/* lvm2's fields: the command's name, the pid, mode, and for vgcreate
	 * the lock type */
	assert_non_null(strstr(reqs, "request=\"lock_gl\"\ncmd=\"lvs\"\npid="));
	assert_non_null(strstr(reqs, "mode=\"ex\"\nopts=\"none\"\nvg_lock_type=\"sanlock\"\n"));
	free(reqs);
}

/* VG locks: what each answer leaves for the read to judge */
static void test_vg(void **state)
{
	char *a[] = {
	    answer(0, NULL, NULL),   answer(-210, NULL, NULL), answer(-11, NULL, NULL),
	    answer(-11, NULL, NULL), answer(-211, NULL, NULL), answer(0, NULL, NULL),
	    answer(0, NULL, NULL),
	};
	struct vg *vg = shared_vg();
	unsigned st;
	char *reqs;
	(void)state;
	daemon_start(a, 7);
	tool_lockd_begin(&ctx);
	assert_int_equal(tool_lockd_vg(&ctx, "vg1", "ex", &st), 0);
	assert_true(LOCKD_VG_HELD(st) && (st & LOCKD_VG_EX));
	assert_int_equal(tool_lockd_access(&ctx, vg, st, 1, 0, NULL), 0);
	/* no lockspace: a local VG's answer, or one not started */
	assert_int_equal(tool_lockd_vg(&ctx, "vg1", "sh", &st), 0);
	assert_true(st & LOCKD_VG_FAIL_NOLS);
	assert_string_equal(logged(), "");
	assert_int_equal(tool_lockd_vg(&ctx, "vg1", "sh", &st), 0);
	assert_string_equal(logged(), "  VG vg1 lock skipped: held by other host.\n");
	assert_int_equal(tool_lockd_vg(&ctx, "vg1", "ex", &st), -1);
	assert_string_equal(logged(), "  VG vg1 lock failed: held by other host.\n");
	assert_int_equal(tool_lockd_vg(&ctx, "vg1", "ex", &st), -1);
	assert_string_equal(logged(), "  VG vg1 lock failed: lock start in progress\n");
	/* vg_update after a commit, then the unlock */
	vg->seqno = 42;
	tool_lockd_vg_update(&ctx, vg);
	tool_lockd_vg_unlock(&ctx, "vg1", LOCKD_VG_EX);
	/* the daemon gone (it answered all it had): no answer, and no
	 * SIGPIPE either */
	assert_int_equal(waitpid(daemon_pid, NULL, 0), daemon_pid);
	assert_int_equal(tool_lockd_vg(&ctx, "vg1", "ex", &st), 0);
	assert_true(st & LOCKD_VG_FAIL_REQUEST);
	daemon_pid = -1;
	reqs = daemon_requests();
	assert_non_null(strstr(reqs, "request=\"lock_vg\"\ncmd=\"lvs\"\npid="));
	assert_non_null(
	    strstr(reqs, "vg_name=\"vg1\"\nvg_lock_type=\"none\"\nvg_lock_args=\"none\"\n"));
	assert_non_null(strstr(reqs, "request=\"vg_update\"\npid="));
	assert_non_null(strstr(reqs, "vg_name=\"vg1\"\nversion=42\n"));
	assert_non_null(strstr(reqs, "mode=\"un\""));
	free(reqs);
	vg_free(vg);
}

/* LV locks: lvm2's lines for each refusal, the request's fields */
static void test_lv(void **state)
{
	char *a[] = {
	    answer(0, NULL, NULL),    answer(-11, NULL, NULL), answer(-17, "SH_EXISTS", NULL),
	    answer(-210, NULL, NULL), answer(-2, NULL, NULL),
	};
	struct vg *vg = shared_vg();
	struct lv *lv = vg->lvs[0];
	char *reqs;
	(void)state;
	daemon_start(a, 5);
	tool_lockd_begin(&ctx);
	assert_int_equal(tool_lockd_lv(&ctx, vg, lv, "ex", 1), 0);
	assert_int_equal(tool_lockd_lv(&ctx, vg, lv, "ex", 1), -1);
	assert_string_equal(logged(), "  LV locked by other host: vg1/lv\n");
	assert_int_equal(tool_lockd_lv(&ctx, vg, lv, "ex", 0), -1);
	assert_string_equal(logged(), "  LV is already locked with incompatible mode: vg1/lv\n");
	assert_int_equal(tool_lockd_lv(&ctx, vg, lv, "sh", 1), -1);
	assert_string_equal(logged(), "  LV vg1/lv lock failed: lockspace is inactive\n");
	/* unlocking what is not locked is fine */
	assert_int_equal(tool_lockd_lv(&ctx, vg, lv, "un", 1), 0);
	assert_string_equal(logged(), "");
	/* a snapshot, a hidden LV, an LV without lock_args: no request */
	lv->status &= ~(unsigned)LV_VISIBLE;
	assert_int_equal(tool_lockd_lv(&ctx, vg, lv, "ex", 1), 0);
	reqs = daemon_requests();
	assert_non_null(strstr(reqs, "request=\"lock_lv\"\ncmd=\"lvs\"\npid="));
	assert_non_null(strstr(reqs, "mode=\"ex\"\nopts=\"persistent\"\nvg_name=\"vg1\"\n"
	                             "lv_name=\"lv\"\nlv_uuid=\"aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-"
	                             "aaaaaa\"\nvg_lock_type=\"sanlock\"\nvg_lock_args=\"1.0.0:"
	                             "lvmlock\"\nlv_lock_args=\"1.0.0:70254592\"\n"));
	assert_non_null(strstr(reqs, "mode=\"ex\"\nopts=\"none\""));
	free(reqs);
	vg_free(vg);
}

/* A new LV's lease, a removed one's freed; lock start and stop */
static void test_leases_and_lockspaces(void **state)
{
	char *a[] = {
	    answer(0, NULL, "lv_lock_args = \"1.0.0:71303168\"\n"),
	    answer(-90, NULL, NULL),
	    answer(0, NULL, NULL),
	    answer(-213, NULL, NULL),
	    answer(-17, NULL, NULL),
	    answer(-16, NULL, NULL),
	    answer(-210, NULL, NULL),
	};
	struct vg *vg = shared_vg();
	struct lv *lv = vg_add_lv(vg, "new", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	char *reqs;
	(void)state;
	daemon_start(a, 7);
	tool_lockd_begin(&ctx);
	assert_int_equal(tool_lockd_init_lv(&ctx, vg, lv), 0);
	assert_string_equal(lv->lock_args, "1.0.0:71303168");
	assert_int_equal(tool_lockd_init_lv(&ctx, vg, lv), -1);
	assert_string_equal(logged(), "  No sanlock space for lock for LV vg1/new\n"
	                              "  Cannot allocate lock for new LV.\n");
	assert_null(lv->lock_args);
	lv->lock_args = xstrdup("1.0.0:71303168");
	tool_lockd_free_lv(&ctx, vg, lv);
	assert_string_equal(logged(), "");
	assert_int_equal(tool_lockd_start_vg(&ctx, vg), -1);
	assert_string_equal(
	    logged(), "  VG vg1 start failed: invalid sanlock host_id, set in lvmlocal.conf\n");
	/* already started: fine, in silence */
	assert_int_equal(tool_lockd_start_vg(&ctx, vg), 0);
	assert_string_equal(logged(), "");
	assert_int_equal(tool_lockd_stop_vg(&ctx, vg), -1);
	assert_string_equal(logged(), "  VG vg1 stop failed: LVs must first be deactivated\n");
	/* not started: nothing to stop */
	assert_int_equal(tool_lockd_stop_vg(&ctx, vg), 1);
	reqs = daemon_requests();
	assert_non_null(strstr(reqs, "request=\"init_lv\"\npid="));
	assert_non_null(strstr(reqs, "lv_name=\"new\"\nlv_uuid=\"bbbbbb-bbbb-bbbb-bbbb-bbbb-bbbb-"
	                             "bbbbbb\"\nvg_lock_type=\"sanlock\"\nvg_lock_args=\"1.0.0:"
	                             "lvmlock\"\n"));
	assert_non_null(strstr(reqs, "request=\"free_lv\"\n"));
	assert_non_null(strstr(reqs, "lv_lock_args=\"1.0.0:71303168\"\n"));
	/* start_vg: the host_id from local/host_id, the VG's seqno */
	assert_non_null(strstr(reqs, "request=\"start_vg\"\npid="));
	assert_non_null(strstr(reqs, "version=0\nhost_id=7\nopts=\"none\"\n"));
	assert_non_null(strstr(reqs, "request=\"stop_vg\"\npid="));
	free(reqs);
	vg_free(vg);
}

/* lvmlock full: find_free_lock says so (lvcreate grows lvmlock); a lease
 * past lvmlock's end as this host maps it (another host grew it): the
 * kernel's lvmlock refreshed, the lock asked for once more */
static void test_lvmlock_full(void **state)
{
	char *a[] = {
	    answer(-90, NULL, NULL), answer(0, NULL, NULL),   answer(-22, NULL, NULL),
	    answer(-90, NULL, NULL), answer(0, NULL, NULL),   answer(-90, NULL, NULL),
	    answer(-90, NULL, NULL), answer(-90, NULL, NULL),
	};
	struct vg *vg = shared_vg();
	struct lv *lv = vg->lvs[0];
	char *reqs;
	(void)state;
	daemon_start(a, 8);
	tool_lockd_begin(&ctx);
	assert_int_equal(tool_lockd_find_free_lock(&ctx, vg), 1);
	assert_int_equal(tool_lockd_find_free_lock(&ctx, vg), 0);
	assert_int_equal(tool_lockd_find_free_lock(&ctx, vg), -1);
	assert_string_equal(logged(), "");
	refreshes = 0;
	assert_int_equal(tool_lockd_lv(&ctx, vg, lv, "ex", 1), 0);
	assert_int_equal(refreshes, 1);
	/* still past the end after the refresh: lvm2's line for the error */
	assert_int_equal(tool_lockd_lv(&ctx, vg, lv, "ex", 1), -1);
	assert_int_equal(refreshes, 2);
	assert_string_equal(logged(), "  LV vg1/lv lock failed: error -90\n");
	/* a refresh that fails: the first answer stands */
	refresh_fails = 1;
	assert_int_equal(tool_lockd_lv(&ctx, vg, lv, "ex", 1), -1);
	refresh_fails = 0;
	assert_int_equal(refreshes, 3);
	assert_string_equal(logged(), "  LV vg1/lv lock failed: error -90\n");
	reqs = daemon_requests();
	assert_non_null(strstr(reqs, "request=\"find_free_lock\"\npid="));
	assert_non_null(strstr(reqs, "vg_name=\"vg1\"\n"));
	free(reqs);
	vg_free(vg);
}

/* vgremove: the lockspace freed, or refused while another host has it */
static void test_free_vg(void **state)
{
	char *a[] = {
	    answer(-16, NULL, NULL),
	    answer(0, "WARN_GL_REMOVED", NULL),
	};
	struct vg *vg = shared_vg();
	char *reqs;
	(void)state;
	daemon_start(a, 2);
	tool_lockd_begin(&ctx);
	assert_int_equal(tool_lockd_free_vg_before(&ctx, vg), -1);
	assert_string_equal(logged(), "  Lockspace for \"vg1\" not stopped on other hosts\n");
	assert_int_equal(tool_lockd_free_vg_before(&ctx, vg), 0);
	assert_string_equal(logged(),
	                    "  VG vg1 held the sanlock global lock, enable global lock in "
	                    "another VG.\n");
	/* sanlock: nothing after the metadata went */
	tool_lockd_free_vg_final(&ctx, vg);
	reqs = daemon_requests();
	assert_non_null(strstr(reqs, "request=\"free_vg\"\npid="));
	assert_non_null(strstr(reqs, "vg_name=\"vg1\"\nvg_lock_type=\"sanlock\"\n"
	                             "vg_lock_args=\"1.0.0:lvmlock\"\n"));
	assert_null(strstr(reqs, "busy_vg"));
	free(reqs);
	vg_free(vg);
}

/* vgrename: every LV's lock probed, the lockspace left (refused while
 * another host has it), then the leases renamed and the lockspace
 * started under the new name, or the old one started again */
static void test_rename_vg(void **state)
{
	char *a[] = {
	    answer(-11, NULL, NULL),                        /* lv: EAGAIN */
	    answer(0, NULL, NULL),   answer(0, NULL, NULL), /* lv ex, un */
	    answer(-16, NULL, NULL),                        /* before: EBUSY */
	    answer(0, NULL, NULL),   answer(0, NULL, NULL), /* lv ex, un */
	    answer(0, NULL, NULL),                          /* before */
	    answer(0, NULL, NULL),   answer(0, NULL, NULL), /* final, start_vg */
	    answer(-5, NULL, NULL),                         /* final: EIO */
	    answer(-17, NULL, NULL),                        /* start_vg: EEXIST */
	};
	struct vg *vg = shared_vg();
	char *reqs;
	(void)state;
	daemon_start(a, 11);
	tool_lockd_begin(&ctx);
	assert_int_equal(tool_lockd_rename_vg_before(&ctx, vg), -1);
	assert_string_equal(logged(), "  LV locked by other host: vg1/lv\n"
	                              "  LV vg1/lv must be inactive on all hosts.\n"
	                              "  Cannot rename VG vg1 with active LVs\n");
	assert_int_equal(tool_lockd_rename_vg_before(&ctx, vg), -1);
	assert_string_equal(logged(), "  Lockspace for \"vg1\" not stopped on other hosts\n");
	assert_int_equal(tool_lockd_rename_vg_before(&ctx, vg), 0);
	free(vg->name);
	vg->name = xstrdup("vg9");
	assert_int_equal(tool_lockd_rename_vg_final(&ctx, vg, 1), 0);
	assert_string_equal(logged(), "  VG vg9 starting sanlock lockspace\n");
	assert_int_equal(tool_lockd_rename_vg_final(&ctx, vg, 1), -1);
	assert_string_equal(logged(), "  lockd_rename_vg_final lvmlockd result -5\n");
	/* not renamed: started again, nothing said when it already runs */
	assert_int_equal(tool_lockd_rename_vg_final(&ctx, vg, 0), 0);
	assert_string_equal(logged(), "");
	reqs = daemon_requests();
	assert_non_null(strstr(reqs, "request=\"rename_vg_before\"\npid="));
	assert_non_null(strstr(reqs, "vg_name=\"vg1\"\nvg_lock_type=\"sanlock\"\n"
	                             "vg_lock_args=\"1.0.0:lvmlock\"\n\n##"));
	assert_non_null(strstr(reqs, "request=\"rename_vg_final\"\npid="));
	assert_non_null(strstr(reqs, "vg_name=\"vg9\"\nvg_lock_type=\"sanlock\"\n"));
	/* the start after a rename is lvm2's start_init; after none, none */
	assert_non_null(strstr(reqs, "host_id=7\nopts=\"start_init\"\n"));
	assert_non_null(strstr(reqs, "host_id=7\nopts=\"none\"\n"));
	free(reqs);
	vg_free(vg);
}

/* vgcreate --shared: which lock manager runs, and the new VG's lockspace
 * (sanlock in lvmlock; dlm in its cluster) */
static void test_init_vg(void **state)
{
	char *a[] = {
	    answer(3, NULL, NULL),
	    answer(-37, NULL, NULL), /* ENOLCK */
	    answer(-54, NULL, NULL), /* EXFULL */
	    answer(0, NULL, "vg_lock_args = \"1.0.0:lvmlock\"\n"),
	    answer(0, NULL, "vg_lock_args = \"1.0.0:cluster1\"\n"),
	    answer(-214, NULL, NULL),
	};
	struct vg *vg = vg_new("vg2", 8192);
	char *args, *reqs;
	(void)state;
	daemon_start(a, 6);
	tool_lockd_begin(&ctx);
	assert_string_equal(tool_lockd_running_lm(&ctx), "sanlock");
	assert_null(tool_lockd_running_lm(&ctx));
	assert_string_equal(logged(),
	                    "  Failed to detect a running lock manager to select lock type.\n");
	assert_null(tool_lockd_running_lm(&ctx));
	assert_string_equal(logged(),
	                    "  Found multiple lock managers, select one with --lock-type.\n");
	args = tool_lockd_init_vg(&ctx, vg, "sanlock");
	assert_string_equal(args, "1.0.0:lvmlock");
	free(args);
	args = tool_lockd_init_vg(&ctx, vg, "dlm");
	assert_string_equal(args, "1.0.0:cluster1");
	free(args);
	assert_null(tool_lockd_init_vg(&ctx, vg, "dlm"));
	assert_string_equal(logged(), "  VG vg2 init failed: lock manager dlm is not running\n");
	reqs = daemon_requests();
	assert_non_null(strstr(reqs, "request=\"running_lm\"\npid="));
	/* sanlock: the leases' LV named; dlm: the lock type alone */
	assert_non_null(strstr(reqs, "request=\"init_vg\"\npid="));
	assert_non_null(strstr(reqs, "vg_name=\"vg2\"\nvg_lock_type=\"sanlock\"\n"
	                             "vg_lock_args=\"lvmlock\"\nopts=\"none\"\n"));
	assert_non_null(strstr(reqs, "vg_name=\"vg2\"\nvg_lock_type=\"dlm\"\n\n##"));
	free(reqs);
	vg_free(vg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_not_running),  cmocka_unit_test(test_not_used),
	    cmocka_unit_test(test_global),       cmocka_unit_test(test_vg),
	    cmocka_unit_test(test_lv),           cmocka_unit_test(test_leases_and_lockspaces),
	    cmocka_unit_test(test_free_vg),      cmocka_unit_test(test_init_vg),
	    cmocka_unit_test(test_lvmlock_full), cmocka_unit_test(test_rename_vg),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
