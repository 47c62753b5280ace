/* A connection to lvmlockd, as lvm2's commands hold one: opened once per
 * command, requests sent one at a time (each answered before the next is
 * written), closed at exit, which releases every lock the command took
 * but persistent LV locks.  lvm2 looks for the daemon's pid file before
 * it tries the socket, and says nothing more than lockd_connect's
 * caller decides. */
#ifndef VGTOOL_LOCKD_CLIENT_H
#define VGTOOL_LOCKD_CLIENT_H

#include "lockd/proto.h"

/* lvm2 2.03.16's places (Debian's build): the socket may be moved with
 * $LVM_LVMLOCKD_SOCKET, as lvm2's commands allow */
#define LOCKD_SOCKET_DEFAULT  "/run/lvm/lvmlockd.socket"
#define LOCKD_PIDFILE_DEFAULT "/run/lvmlockd.pid"

struct lockd_conn {
	int fd; /* -1: not connected */
};

enum lockd_connect_result {
	LOCKD_CONNECTED = 0,
	LOCKD_NOT_RUNNING,    /* no pid file: lvm2's "lvmlockd process is not running" */
	LOCKD_CONNECT_FAILED, /* the socket or the hello failed: the reason in err */
};

/* The socket: $LVM_LVMLOCKD_SOCKET, else the default. */
const char *lockd_socket_path(void);

/* Connect and say hello (the reply must be protocol "lvmlockd", version
 * 1).  `pidfile` and `socket` NULL for the defaults. */
enum lockd_connect_result lockd_connect(struct lockd_conn *c, const char *pidfile,
                                        const char *socket, struct strbuf *err);

/* Send one request (a whole message, lockd_req_end'ed) and read its
 * reply.  0, or -1 with the reason in `err` (the connection failed, or
 * the reply does not parse); the reply's own result is the caller's. */
int lockd_call(struct lockd_conn *c, const struct strbuf *req, struct lockd_reply *reply,
               struct strbuf *err);

void lockd_close(struct lockd_conn *c);

#endif
