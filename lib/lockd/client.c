/* A connection to lvmlockd (client.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "lockd/client.h"

const char *lockd_socket_path(void)
{
	const char *env = getenv("LVM_LVMLOCKD_SOCKET");
	return env && *env ? env : LOCKD_SOCKET_DEFAULT;
}

/* send(), not write(): lvmlockd gone mid-command is an error to report,
 * never a SIGPIPE that kills the command between its steps */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One message: read until the text read ends with the terminator. */
static int read_message(int fd, struct strbuf *out, struct strbuf *err)
{
	char buf[4096];

	strbuf_reset(out);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			strbuf_addf(err, "lvmlockd closed the connection%s%s", n ? ": " : "",
			            n ? strerror(errno) : "");
			return -1;
		}
		strbuf_add(out, buf, (size_t)n);
		if (lockd_frame_length(out->buf, out->len) >= 0)
			return 0;
	}
}

int lockd_call(struct lockd_conn *c, const struct strbuf *req, struct lockd_reply *reply,
               struct strbuf *err)
{
	struct strbuf in = STRBUF_INIT;
	int r = -1;

	memset(reply, 0, sizeof(*reply));
	if (c->fd < 0) {
		strbuf_addstr(err, "not connected to lvmlockd");
		return -1;
	}
	if (write_all(c->fd, req->buf, req->len)) {
		strbuf_addf(err, "cannot write to lvmlockd: %s", strerror(errno));
	} else if (!read_message(c->fd, &in, err)) {
		r = lockd_reply_parse(in.buf, (size_t)lockd_frame_length(in.buf, in.len), reply,
		                      err);
	}
	strbuf_release(&in);
	return r;
}

enum lockd_connect_result lockd_connect(struct lockd_conn *c, const char *pidfile,
                                        const char *socket_path, struct strbuf *err)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct strbuf req = STRBUF_INIT;
	struct lockd_reply reply;
	const char *path = socket_path ? socket_path : lockd_socket_path();
	int ok;

	c->fd = -1;
	if (access(pidfile ? pidfile : LOCKD_PIDFILE_DEFAULT, F_OK))
		return LOCKD_NOT_RUNNING;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		strbuf_addf(err, "%s: socket path too long", path);
		return LOCKD_CONNECT_FAILED;
	}
	strcpy(sa.sun_path, path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		strbuf_addf(err, "%s: connect failed: %s", path, strerror(errno));
		lockd_close(c);
		return LOCKD_CONNECT_FAILED;
	}
	lockd_req_begin(&req, "hello");
	lockd_req_end(&req);
	ok = !lockd_call(c, &req, &reply, err);
	strbuf_release(&req);
	if (ok &&
	    (strcmp(reply.response, "OK") || !reply.protocol ||
	     strcmp(reply.protocol, "lvmlockd") || !reply.has_version || reply.version != 1)) {
		strbuf_addf(err,
		            "lvmlockd answered hello with response \"%s\", protocol \"%s\", "
		            "version %lld (vgtool speaks lvmlockd 1)",
		            reply.response, reply.protocol ? reply.protocol : "none",
		            reply.has_version ? (long long)reply.version : -1LL);
		ok = 0;
	}
	if (ok || reply.tree)
		lockd_reply_release(&reply);
	if (!ok) {
		lockd_close(c);
		return LOCKD_CONNECT_FAILED;
	}
	return LOCKD_CONNECTED;
}

void lockd_close(struct lockd_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
