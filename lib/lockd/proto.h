/* (Folder lib/lockd: vgtool as a client of lvm2's lvmlockd, for shared
 * VGs; doc/notes/lvmlockd-protocol.md is the reference this follows.)
 *
 * lvmlockd's wire protocol, pure: a request or a reply is text in lvm's
 * configuration syntax, flat `key = value` lines, ended by "\n##\n"
 * (lvm2's libdaemon framing).  A request starts with request="NAME"; a
 * reply with response="OK" and, for the lock and management requests,
 * op_result (0, a negative errno or one of lvmlockd's codes below) and
 * result_flags (comma-separated words).  The string "none" stands for an
 * absent value both ways.  The socket is lib/lockd/client.c's. */
#ifndef VGTOOL_LOCKD_PROTO_H
#define VGTOOL_LOCKD_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "misc/strbuf.h"

#define LOCKD_TERMINATOR "\n##\n"

/* lvmlockd's own results, beyond the negative errnos (sent negated) */
enum lockd_code {
	LOCKD_ENOLS = 210, /* no lockspace */
	LOCKD_ESTARTING,
	LOCKD_EARGS,
	LOCKD_EHOSTID,
	LOCKD_EMANAGER,
	LOCKD_EPREPARE,
	LOCKD_ELOCKD,
	LOCKD_EVGKILLED,
	LOCKD_ELOCKIO,
	LOCKD_EREMOVED,
	LOCKD_EDEVOPEN,
	LOCKD_ELMERR,
};

/* result_flags, as bits */
enum lockd_flag {
	LOCKD_NO_LOCKSPACES = 1 << 0,
	LOCKD_NO_GL_LS = 1 << 1,
	LOCKD_NO_LM = 1 << 2,
	LOCKD_DUP_GL_LS = 1 << 3,
	LOCKD_WARN_GL_REMOVED = 1 << 4,
	LOCKD_SH_EXISTS = 1 << 5,
};

/* A request: begun with its name, a field per call, ended with the
 * terminator (after which `sb` is what goes on the socket).  A NULL
 * string is sent as "none", as lvm2 sends an absent value. */
void lockd_req_begin(struct strbuf *sb, const char *request);
void lockd_req_str(struct strbuf *sb, const char *key, const char *value);
void lockd_req_int(struct strbuf *sb, const char *key, int64_t value);
void lockd_req_end(struct strbuf *sb);

/* Does `buf` hold one whole message?  Its length without the
 * terminator, or -1 while more is to come (the daemon's reader, too,
 * looks only at the tail). */
long lockd_frame_length(const char *buf, size_t len);

/* A reply, parsed.  Strings point into `tree` (NULL when absent or
 * "none"); the integers are valid where their has_ flag says so. */
struct cfg_node;
struct lockd_reply {
	struct cfg_node *tree;
	const char *response; /* "OK", or the daemon's reason */
	int has_op_result, has_result, has_version;
	int64_t op_result; /* the lock and management requests */
	int64_t result;    /* hello, info, dump */
	int64_t version;   /* hello: the protocol's version */
	const char *protocol, *lock_type, *mode, *vg_lock_args, *lv_lock_args;
	unsigned flags; /* enum lockd_flag */
};
/* Parse one reply (the text before the terminator).  0, or -1 with the
 * reason in `err` (text that does not parse, or no response). */
int lockd_reply_parse(const char *text, size_t len, struct lockd_reply *out, struct strbuf *err);
void lockd_reply_release(struct lockd_reply *r);

/* The name of an op_result for messages: "ENOLS", "EAGAIN", ... or NULL
 * when it has none here. */
const char *lockd_result_name(int64_t op_result);

#endif
