/* lib/lockd: lvmlockd's wire protocol (requests as lvm2 writes them,
 * replies as lvmlockd writes them: doc/notes/lvmlockd-protocol.md §1) and
 * the client's connection, against a stand-in daemon on a socket of the
 * test's own. */
#include "unit.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lockd/client.h"
#include "lockd/proto.h"

/* A request, byte for byte as lvm2's libdaemon writes it. */
static void test_request_text(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	lockd_req_begin(&sb, "lock_vg");
	lockd_req_str(&sb, "cmd", "lvs");
	lockd_req_int(&sb, "pid", 4242);
	lockd_req_str(&sb, "mode", "sh");
	lockd_req_str(&sb, "opts", NULL);
	lockd_req_str(&sb, "vg_name", "odd\"na\\me");
	lockd_req_end(&sb);
	assert_string_equal(sb.buf, "request=\"lock_vg\"\ncmd=\"lvs\"\npid=4242\nmode=\"sh\"\n"
	                            "opts=\"none\"\nvg_name=\"odd\\\"na\\\\me\"\n\n##\n");
	assert_int_equal(lockd_frame_length(sb.buf, sb.len), (long)sb.len - 4);
	assert_int_equal(lockd_frame_length(sb.buf, sb.len - 1), -1);
	assert_int_equal(lockd_frame_length("##\n", 3), -1);
	strbuf_release(&sb);
}

/* A lock request's reply as lvmlockd's client_send_result writes it. */
static void test_reply_fields(void **state)
{
	const char *text = "response = \"OK\"\nop = 7\nlock_type = \"sanlock\"\nop_result = -210\n"
	                   "lm_result = 0\nresult_flags = \"NO_LOCKSPACES,NO_GL_LS\"\n";
	struct strbuf err = STRBUF_INIT;
	struct lockd_reply r;
	(void)state;
	assert_int_equal(lockd_reply_parse(text, strlen(text), &r, &err), 0);
	assert_string_equal(r.response, "OK");
	assert_true(r.has_op_result);
	assert_int_equal(r.op_result, -LOCKD_ENOLS);
	assert_string_equal(lockd_result_name(r.op_result), "ENOLS");
	assert_string_equal(r.lock_type, "sanlock");
	assert_int_equal(r.flags, LOCKD_NO_LOCKSPACES | LOCKD_NO_GL_LS);
	assert_false(r.has_result);
	assert_null(r.vg_lock_args);
	lockd_reply_release(&r);

	/* init_vg's: the lock args; "none" is no value */
	text =
	    "response = \"OK\"\nop = 3\nop_result = 0\nlm_result = 0\n"
	    "vg_lock_args = \"1.0.0:lvmlock\"\nlv_lock_args = \"none\"\nresult_flags = \"none\"\n";
	assert_int_equal(lockd_reply_parse(text, strlen(text), &r, &err), 0);
	assert_string_equal(r.vg_lock_args, "1.0.0:lvmlock");
	assert_null(r.lv_lock_args);
	assert_int_equal(r.flags, 0);
	assert_int_equal(r.op_result, 0);
	lockd_reply_release(&r);

	/* no response, or no text: refused */
	text = "op_result = 0\n";
	assert_int_equal(lockd_reply_parse(text, strlen(text), &r, &err), -1);
	strbuf_reset(&err);
	text = "response = \n";
	assert_int_equal(lockd_reply_parse(text, strlen(text), &r, &err), -1);
	assert_true(err.len > 0);
	strbuf_release(&err);
	assert_string_equal(lockd_result_name(-EAGAIN), "EAGAIN");
	assert_null(lockd_result_name(-ENOMEM));
}

static char dir[64], sock_path[128], pid_path[128];

/* The stand-in daemon: answers hello with `hello`, then each request
 * with `answer`, checking that the request names `want`. */
static pid_t daemon_start(const char *hello, const char *want, const char *answer)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t pid;

	strcpy(sa.sun_path, sock_path);
	unlink(sock_path);
	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int fd = accept(lfd, NULL, NULL), bad = 0;
		char buf[4096];
		size_t got = 0;
		const char *replies[2] = {hello, answer};
		for (int i = 0; i < 2 && fd >= 0; i++) {
			got = 0;
			while (got < 4 || memcmp(buf + got - 4, "\n##\n", 4)) {
				ssize_t n = read(fd, buf + got, sizeof(buf) - 1 - got);
				if (n <= 0)
					_exit(bad);
				got += (size_t)n;
			}
			buf[got] = '\0';
			if (i == 0)
				bad |= !strstr(buf, "request=\"hello\"");
			else
				bad |= !strstr(buf, want);
			if (write(fd, replies[i], strlen(replies[i])) < 0)
				_exit(2);
		}
		_exit(bad);
	}
	close(lfd);
	return pid;
}

static int daemon_status(pid_t pid)
{
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 99;
}

static const char *good_hello = "response = \"OK\"\nresult = 0\nprotocol = \"lvmlockd\"\n"
                                "version = 1\n\n##\n";

static void test_connect_and_call(void **state)
{
	struct lockd_conn c;
	struct strbuf err = STRBUF_INIT, req = STRBUF_INIT;
	struct lockd_reply r;
	pid_t pid;
	int fd;
	(void)state;

	strcpy(dir, "/tmp/vgtool-lockd-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sock_path, sizeof(sock_path), "%s/lvmlockd.socket", dir);
	snprintf(pid_path, sizeof(pid_path), "%s/lvmlockd.pid", dir);

	/* no pid file: not running, nothing tried */
	assert_int_equal(lockd_connect(&c, pid_path, sock_path, &err), LOCKD_NOT_RUNNING);
	assert_int_equal(c.fd, -1);
	fd = open(pid_path, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	close(fd);
	/* a pid file, no socket: the connect's reason */
	assert_int_equal(lockd_connect(&c, pid_path, sock_path, &err), LOCKD_CONNECT_FAILED);
	assert_non_null(strstr(err.buf, "connect failed"));
	strbuf_reset(&err);

	/* hello, then a VG lock refused for want of a lockspace */
	pid = daemon_start(good_hello, "request=\"lock_vg\"\n",
	                   "response = \"OK\"\nop = 7\nlock_type = \"none\"\nop_result = -210\n"
	                   "lm_result = 0\nresult_flags = \"NO_LOCKSPACES\"\n\n##\n");
	assert_int_equal(lockd_connect(&c, pid_path, sock_path, &err), LOCKD_CONNECTED);
	lockd_req_begin(&req, "lock_vg");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "mode", "sh");
	lockd_req_str(&req, "vg_name", "vg1");
	lockd_req_end(&req);
	assert_int_equal(lockd_call(&c, &req, &r, &err), 0);
	assert_int_equal(r.op_result, -LOCKD_ENOLS);
	assert_int_equal(r.flags, LOCKD_NO_LOCKSPACES);
	assert_null(r.lock_type);
	lockd_reply_release(&r);
	lockd_close(&c);
	assert_int_equal(daemon_status(pid), 0);

	/* a daemon of another protocol version: refused at hello */
	pid = daemon_start(
	    "response = \"OK\"\nresult = 0\nprotocol = \"lvmlockd\"\nversion = 2\n\n##\n", "", "");
	assert_int_equal(lockd_connect(&c, pid_path, sock_path, &err), LOCKD_CONNECT_FAILED);
	assert_non_null(strstr(err.buf, "version 2"));
	assert_int_equal(c.fd, -1);
	daemon_status(pid);

	unlink(sock_path);
	unlink(pid_path);
	rmdir(dir);
	strbuf_release(&err);
	strbuf_release(&req);
}

/* The real lvmlockd (Debian's lvm2-lockd, 2.03.16), with no lock manager
 * and no lockspace, on paths of the test's own: it takes vgtool's hello
 * and answers a global lock and a VG lock with lvm2's "no lockspace"
 * (ENOLS) and its flags.  The daemon is a build dependency (quickstart
 * installs it): without it this fails, it does not skip. */
static void test_real_daemon(void **state)
{
	const char *daemon = "/usr/sbin/lvmlockd";
	char adopt[160];
	struct lockd_conn c;
	struct strbuf err = STRBUF_INIT, req = STRBUF_INIT;
	struct lockd_reply r;
	pid_t pid;
	int i;
	(void)state;

	assert_int_equal(access(daemon, X_OK), 0);
	strcpy(dir, "/tmp/vgtool-lockd-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sock_path, sizeof(sock_path), "%s/lvmlockd.socket", dir);
	snprintf(pid_path, sizeof(pid_path), "%s/lvmlockd.pid", dir);
	snprintf(adopt, sizeof(adopt), "%s/lvmlockd.adopt", dir);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 1);
		dup2(null, 2);
		execl(daemon, daemon, "-f", "-p", pid_path, "-s", sock_path, "--adopt-file", adopt,
		      "-S", "err", (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100 && (access(pid_path, F_OK) || access(sock_path, F_OK)); i++)
		usleep(50000);
	assert_int_equal(lockd_connect(&c, pid_path, sock_path, &err), LOCKD_CONNECTED);

	lockd_req_begin(&req, "lock_gl");
	lockd_req_str(&req, "cmd", "vgs");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "mode", "sh");
	lockd_req_str(&req, "opts", NULL);
	lockd_req_str(&req, "vg_lock_type", NULL);
	lockd_req_end(&req);
	assert_int_equal(lockd_call(&c, &req, &r, &err), 0);
	assert_string_equal(r.response, "OK");
	assert_true(r.has_op_result);
	assert_int_equal(r.op_result, -LOCKD_ENOLS);
	assert_int_equal(r.flags, LOCKD_NO_LOCKSPACES | LOCKD_NO_GL_LS | LOCKD_NO_LM);
	lockd_reply_release(&r);

	lockd_req_begin(&req, "lock_vg");
	lockd_req_str(&req, "cmd", "vgs");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "mode", "sh");
	lockd_req_str(&req, "opts", NULL);
	lockd_req_str(&req, "vg_name", "vg1");
	lockd_req_str(&req, "vg_lock_type", "sanlock");
	lockd_req_str(&req, "vg_lock_args", "1.0.0:lvmlock");
	lockd_req_end(&req);
	assert_int_equal(lockd_call(&c, &req, &r, &err), 0);
	assert_int_equal(r.op_result, -LOCKD_ENOLS);
	assert_true(r.flags & LOCKD_NO_LOCKSPACES);
	lockd_reply_release(&r);
	lockd_close(&c);

	/* (no clean shutdown needed: nothing of it outlives the test) */
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	unlink(sock_path);
	unlink(pid_path);
	unlink(adopt);
	rmdir(dir);
	strbuf_release(&err);
	strbuf_release(&req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request_text),
	    cmocka_unit_test(test_reply_fields),
	    cmocka_unit_test(test_connect_and_call),
	    cmocka_unit_test(test_real_daemon),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
