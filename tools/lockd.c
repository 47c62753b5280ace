/* Shared VGs: vgtool's commands and lvmlockd (tools/lockd.h).  The
 * messages and the decisions are lvm2 2.03.16's (lib/locking/lvmlockd.c
 * and metadata.c's access check; doc/notes/lvmlockd-protocol.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockd/client.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/uuid.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/lockd.h"

static struct {
	int used;      /* global/use_lvmlockd */
	int connected; /* conn is open */
	int gl_ex;     /* this command holds the global lock exclusive */
	struct lockd_conn conn;
} lk = {.conn = {.fd = -1}};
/* lvm2's pid file (NULL: the default); a unit test points it elsewhere */
static const char *pidfile_path;

void tool_lockd_begin(struct cmd_context *ctx)
{
	struct strbuf err = STRBUF_INIT;

	(void)ctx;
	lk.used = config_bool(SET_GLOBAL_USE_LVMLOCKD);
	if (!lk.used)
		return;
	switch (lockd_connect(&lk.conn, pidfile_path, NULL, &err)) {
	case LOCKD_CONNECTED:
		lk.connected = 1;
		break;
	case LOCKD_NOT_RUNNING:
		log_warn("WARNING: lvmlockd process is not running.");
		break;
	case LOCKD_CONNECT_FAILED:
		log_error("%s", err.buf);
		log_warn("WARNING: lvmlockd connect failed.");
		break;
	}
	strbuf_release(&err);
}

void tool_lockd_finish(void)
{
	lockd_close(&lk.conn);
	lk.connected = lk.gl_ex = 0;
}

int tool_lockd_used(void)
{
	return lk.used;
}

int tool_lockd_connected(void)
{
	return lk.connected;
}

/* --nolocking skips lvmlockd's locks in the commands that only read, as
 * lvm2 takes it in its reports; a change of a shared VG always locks. */
static int nolocking(const struct cmd_context *ctx)
{
	return ctx &&
	       (ctx->lockd_disable || (arg_count(ctx, OPT_NOLOCKING) &&
	                               !(ctx->flags & (CMD_VG_EX | CMD_GLOBAL_EX | CMD_KERNEL))));
}

/* One request, its reply's op_result and flags: 0, or -1 when there was
 * no answer (lvm2's "no result": not connected, or the transport
 * failed, said at -v). */
struct answer {
	int64_t result;
	unsigned flags;
	char *lv_lock_args; /* init_lv's */
	char *vg_lock_args; /* init_vg's */
};

static int ask(const struct strbuf *req, const char *what, struct answer *a)
{
	struct strbuf err = STRBUF_INIT;
	struct lockd_reply reply;
	int r = -1;

	memset(a, 0, sizeof(*a));
	if (!lk.connected)
		return -1;
	if (lockd_call(&lk.conn, req, &reply, &err)) {
		log_verbose("lvmlockd %s failed no result: %s", what, err.buf);
	} else if (strcmp(reply.response, "OK") || !reply.has_op_result) {
		log_verbose("lvmlockd %s failed no result: response \"%s\"", what, reply.response);
		lockd_reply_release(&reply);
	} else {
		a->result = reply.op_result;
		a->flags = reply.flags;
		if (reply.lv_lock_args)
			a->lv_lock_args = xstrdup(reply.lv_lock_args);
		if (reply.vg_lock_args)
			a->vg_lock_args = xstrdup(reply.vg_lock_args);
		log_debug("lvmlockd %s result %lld flags %x", what, (long long)a->result, a->flags);
		lockd_reply_release(&reply);
		r = 0;
	}
	strbuf_release(&err);
	return r;
}

/* The fields lvm2's _lockd_request sends first */
static void req_head(struct strbuf *req, const char *request, struct cmd_context *ctx,
                     const char *mode, const char *opts)
{
	lockd_req_begin(req, request);
	lockd_req_str(req, "cmd", ctx && ctx->cmd ? ctx->cmd->name : NULL);
	lockd_req_int(req, "pid", getpid());
	lockd_req_str(req, "mode", mode);
	lockd_req_str(req, "opts", opts);
}

static int64_t retries(void)
{
	int64_t n = config_int(SET_GLOBAL_LVMLOCKD_LOCK_RETRIES);
	return n < 0 ? 0 : n;
}

static int gl_request(struct cmd_context *ctx, const char *mode, const char *type, struct answer *a)
{
	struct strbuf req = STRBUF_INIT;
	int64_t tries = 0;
	int r;

	for (;;) {
		req_head(&req, "lock_gl", ctx, mode, NULL);
		lockd_req_str(&req, "vg_lock_type", type);
		lockd_req_end(&req);
		r = ask(&req, "lock_gl", a);
		if (r || a->result != -EAGAIN || tries >= retries())
			break;
		log_warn("Retrying %s global lock", mode);
		sleep(1);
		tries++;
	}
	strbuf_release(&req);
	return r;
}

/* vgcreate's global lock (lvm2's lockd_global_create) */
static int gl_create(struct cmd_context *ctx, const char *type)
{
	struct answer a;

	if (gl_request(ctx, "ex", type, &a)) {
		log_error("Global lock failed: check that lvmlockd is running.");
		return -1;
	}
	if (a.result == -LOCKD_ENOLS) {
		if ((a.flags & LOCKD_NO_GL_LS) && (a.flags & LOCKD_NO_LOCKSPACES) &&
		    !strcmp(type, "sanlock")) {
			/* the first sanlock VG will hold the global lock; none
			 * can exist yet (the caller checked no sanlock VG is on
			 * the disks, else it would have to be started) */
			log_print("Enabling sanlock global lock");
			return 0;
		}
		if (!strcmp(type, "sanlock"))
			log_error(
			    "Global lock failed: check that VG holding global lock exists and "
			    "is started.");
		else
			log_error("Global lock failed: check that global lockspace is started.");
		if (a.flags & LOCKD_NO_LM)
			log_error("Start a lock manager, lvmlockd did not find one running.");
		return -1;
	}
	if (a.result < 0) {
		if (a.result == -LOCKD_ESTARTING)
			log_error("Global lock failed: lockspace is starting.");
		else if (a.result == -EAGAIN)
			log_error("Global lock failed: held by other host.");
		else if (a.result == -EPROTONOSUPPORT)
			log_error("VG create failed: lock manager %s is not supported by lvmlockd.",
			          type);
		else
			log_error("Global lock failed: error %lld", (long long)a.result);
		return -1;
	}
	lk.gl_ex = 1;
	return 0;
}

int tool_lockd_gl(struct cmd_context *ctx, const char *mode, const char *create_type)
{
	struct answer a;
	int sh = !strcmp(mode, "sh"), un = !strcmp(mode, "un");

	if (!lk.used || nolocking(ctx))
		return 0;
	if (create_type)
		return gl_create(ctx, create_type);
	if (sh && lk.gl_ex)
		return 0;
	if (un)
		lk.gl_ex = 0;
	if (gl_request(ctx, mode, NULL, &a)) {
		if (un)
			return 0;
		if (sh) {
			log_warn("Reading without shared global lock.");
			return 0;
		}
		log_error("Global lock failed: check that lvmlockd is running.");
		return -1;
	}
	if (a.result == -EALREADY || un)
		return 0;
	if (a.result == -LOCKD_ENOLS && (a.flags & LOCKD_NO_LM))
		log_error("Start a lock manager, lvmlockd did not find one running.");
	if (a.result == -LOCKD_ENOLS || a.result == -LOCKD_ESTARTING ||
	    a.result == -LOCKD_EVGKILLED || a.result == -LOCKD_ELOCKIO) {
		if (!sh) {
			if (a.result == -LOCKD_ESTARTING)
				log_error("Global lock failed: lockspace is starting");
			else if (a.result == -LOCKD_ENOLS)
				log_error(
				    "Global lock failed: check that global lockspace is started");
			else if (a.result == -LOCKD_ELOCKIO)
				log_error("Global lock failed: storage errors for sanlock leases");
			else
				log_error("Global lock failed: storage failed for sanlock leases");
			return -1;
		}
		/* a read goes on without it, as lvm2's */
		if (a.result == -LOCKD_ESTARTING)
			log_warn("Skipping global lock: lockspace is starting");
		else if (a.result == -LOCKD_ELOCKIO || a.result == -LOCKD_EVGKILLED)
			log_warn("Skipping global lock: storage %s for sanlock leases",
			         a.result == -LOCKD_ELOCKIO ? "errors" : "failed");
		else if ((a.flags & LOCKD_NO_GL_LS) && (a.flags & LOCKD_WARN_GL_REMOVED))
			log_warn("Skipping global lock: VG with global lock was removed");
		else if (a.flags & (LOCKD_NO_GL_LS | LOCKD_NO_LOCKSPACES))
			log_warn("Skipping global lock: lockspace not found or started");
		else {
			log_error("Global lock failed: error %lld", (long long)a.result);
			return -1;
		}
		return 0;
	}
	if (a.flags & LOCKD_DUP_GL_LS)
		log_warn("Duplicate sanlock global locks should be corrected");
	if (a.result == -EAGAIN) {
		log_error("Global lock failed: held by other host.");
		return -1;
	}
	if (a.result < 0) {
		log_error("Global lock failed: error %lld.", (long long)a.result);
		return -1;
	}
	if (!sh)
		lk.gl_ex = 1;
	return 0;
}

static int vg_request(struct cmd_context *ctx, const char *vg_name, const char *mode,
                      struct answer *a)
{
	struct strbuf req = STRBUF_INIT;
	int r;

	req_head(&req, "lock_vg", ctx, mode, NULL);
	lockd_req_str(&req, "vg_name", vg_name);
	/* not read yet: lvm2 sends neither */
	lockd_req_str(&req, "vg_lock_type", NULL);
	lockd_req_str(&req, "vg_lock_args", NULL);
	lockd_req_end(&req);
	r = ask(&req, "lock_vg", a);
	strbuf_release(&req);
	return r;
}

int tool_lockd_vg(struct cmd_context *ctx, const char *vg_name, const char *mode, unsigned *state)
{
	int ex = !strcmp(mode, "ex");
	int64_t tries = 0;
	struct answer a;

	*state = 0;
	if (!lk.used || nolocking(ctx))
		return 0;
	*state = ex ? LOCKD_VG_EX : LOCKD_VG_SH;
	for (;;) {
		if (vg_request(ctx, vg_name, mode, &a)) {
			*state |= LOCKD_VG_FAIL_REQUEST;
			return 0;
		}
		if (a.result != -EAGAIN || tries >= retries())
			break;
		log_warn("Retrying %s lock on VG %s", mode, vg_name);
		sleep(1);
		tries++;
	}
	if (a.flags & LOCKD_DUP_GL_LS)
		log_warn("Duplicate sanlock global lock in VG %s", vg_name);
	switch (a.result) {
	case 0:
		return 0;
	case -LOCKD_ENOLS:
		/* a local VG, or its lockspace not started: the read decides */
		*state |= LOCKD_VG_FAIL_NOLS;
		return 0;
	case -LOCKD_ESTARTING:
		*state |= LOCKD_VG_FAIL_STARTING;
		break;
	default:
		*state |= LOCKD_VG_FAIL_OTHER;
		break;
	}
	if (a.result == -LOCKD_EREMOVED) {
		log_error("VG %s lock failed: removed", vg_name);
		return 0;
	}
	if (a.result == -LOCKD_ESTARTING) {
		if (!ex) {
			log_warn("VG %s lock skipped: lock start in progress", vg_name);
			return 0;
		}
		log_error("VG %s lock failed: lock start in progress", vg_name);
		return -1;
	}
	if (a.result == -LOCKD_EVGKILLED || a.result == -LOCKD_ELOCKIO) {
		const char *problem = a.result == -LOCKD_ELOCKIO ? "errors" : "failed";
		if (!ex) {
			log_warn("VG %s lock skipped: storage %s for sanlock leases", vg_name,
			         problem);
			return 0;
		}
		log_error("VG %s lock failed: storage %s for sanlock leases", vg_name, problem);
		return -1;
	}
	if (a.result == -EAGAIN) {
		if (!ex) {
			log_warn("VG %s lock skipped: held by other host.", vg_name);
			return 0;
		}
		log_error("VG %s lock failed: held by other host.", vg_name);
		return -1;
	}
	if (!ex) {
		log_warn("VG %s lock skipped: error %lld", vg_name, (long long)a.result);
		return 0;
	}
	log_error("VG %s lock failed: error %lld", vg_name, (long long)a.result);
	return -1;
}

void tool_lockd_vg_unlock(struct cmd_context *ctx, const char *vg_name, unsigned state)
{
	struct answer a;

	if (!lk.used || !state || (state & LOCKD_VG_FAIL))
		return;
	(void)vg_request(ctx, vg_name, "un", &a);
}

int tool_lockd_access(struct cmd_context *ctx, const struct vg *vg, unsigned state, int named,
                      int enforce_sh, int *skip)
{
	if (skip)
		*skip = 0;
	if (!vg_shared(vg) || nolocking(ctx))
		return 0;
	if (!lk.used) {
		/* the reports' --shared shows them (reading only) */
		if (ctx && arg_count(ctx, OPT_SHARED) &&
		    !(ctx->flags & (CMD_VG_EX | CMD_GLOBAL_EX)))
			return 0;
		if (named)
			log_error("Cannot access VG %s with lock type %s that requires lvmlockd.",
			          vg->name, vg->lock_type);
		else
			log_verbose("Skipping volume group %s", vg->name);
		if (skip && !named)
			*skip = 1;
		return -1;
	}
	if (state & LOCKD_VG_FAIL) {
		if ((state & LOCKD_VG_EX) || enforce_sh) {
			log_error("Cannot access VG %s due to failed lock.", vg->name);
			return -1;
		}
		log_warn("Reading VG %s without a lock.", vg->name);
		return 0;
	}
	if (!state) {
		/* read without asking (a path that has no lock of its own):
		 * never for a change */
		log_error("Cannot access VG %s due to failed lock.", vg->name);
		return -1;
	}
	if (ctx && ctx->test_mode) {
		log_error("Test mode is not yet supported with lock type %s.", vg->lock_type);
		return -1;
	}
	return 0;
}

void tool_lockd_vg_update(struct cmd_context *ctx, const struct vg *vg)
{
	struct strbuf req = STRBUF_INIT;
	struct answer a;

	(void)ctx;
	if (!lk.used || !vg_shared(vg))
		return;
	lockd_req_begin(&req, "vg_update");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "vg_name", vg->name);
	lockd_req_int(&req, "version", vg->seqno);
	lockd_req_end(&req);
	/* lvm2 does not look at the result either: other hosts read the
	 * metadata from the disks under the lock anyway */
	(void)ask(&req, "vg_update", &a);
	strbuf_release(&req);
}

static void lv_req(struct strbuf *req, const struct vg *vg, const struct lv *lv)
{
	char id[UUID_FORMATTED_LEN + 1];

	uuid_format(lv->id, id);
	lockd_req_str(req, "vg_name", vg->name);
	lockd_req_str(req, "lv_name", lv->name);
	lockd_req_str(req, "lv_uuid", id);
	lockd_req_str(req, "vg_lock_type", vg->lock_type);
	lockd_req_str(req, "vg_lock_args", vg->lock_args);
	lockd_req_str(req, "lv_lock_args", lv->lock_args);
}

int tool_lockd_lv(struct cmd_context *ctx, const struct vg *vg, const struct lv *lv,
                  const char *mode, int persistent)
{
	struct strbuf req = STRBUF_INIT;
	struct answer a;
	int r;

	if (!vg_shared(vg) || !lv_uses_lock(vg, lv) || !lv->lock_args)
		return 0;
	if (!lk.used) {
		log_error("LV in VG %s with lock_type %s requires lvmlockd.", vg->name,
		          vg->lock_type);
		return -1;
	}
	if (!lk.connected)
		return -1;
	req_head(&req, "lock_lv", ctx, mode, persistent ? "persistent" : NULL);
	lv_req(&req, vg, lv);
	lockd_req_end(&req);
	r = ask(&req, "lock_lv", &a);
	/* The lease lies past the end of lvmlock as this host's kernel maps
	 * it: another host grew lvmlock (lvcreate).  The kernel's lvmlock
	 * follows the metadata, and the lock is asked for once more, as
	 * lvm2 does. */
	if (!r && a.result == -EMSGSIZE && !tool_lvmlock_refresh(ctx, vg))
		r = ask(&req, "lock_lv", &a);
	strbuf_release(&req);
	if (r) {
		log_error("Locking failed for LV %s/%s", vg->name, lv->name);
		return -1;
	}
	if ((a.result == -ENOENT && !strcmp(mode, "un")) || a.result == -EALREADY || !a.result)
		return 0;
	if (a.result == -EAGAIN)
		log_error("LV locked by other host: %s/%s", vg->name, lv->name);
	else if (a.result == -EEXIST)
		log_error("LV is already locked with incompatible mode: %s/%s", vg->name, lv->name);
	else if (a.result == -LOCKD_ENOLS)
		log_error("LV %s/%s lock failed: lockspace is inactive", vg->name, lv->name);
	else if (a.result == -LOCKD_EVGKILLED || a.result == -LOCKD_ELOCKIO)
		log_error("LV %s/%s lock failed: storage %s for sanlock leases", vg->name, lv->name,
		          a.result == -LOCKD_ELOCKIO ? "errors" : "failed");
	else if (a.result < 0)
		log_error("LV %s/%s lock failed: error %lld", vg->name, lv->name,
		          (long long)a.result);
	else
		return 0;
	return -1;
}

int tool_lockd_find_free_lock(struct cmd_context *ctx, const struct vg *vg)
{
	struct strbuf req = STRBUF_INIT;
	struct answer a;
	int r;

	(void)ctx;
	if (!lk.used || !vg_shared(vg) || strcmp(vg->lock_type, "sanlock"))
		return 0;
	lockd_req_begin(&req, "find_free_lock");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "vg_name", vg->name);
	lockd_req_end(&req);
	r = ask(&req, "find_free_lock", &a);
	strbuf_release(&req);
	if (r)
		return -1;
	if (a.result == -EMSGSIZE)
		return 1;
	return a.result < 0 ? -1 : 0;
}

int tool_lockd_init_lv(struct cmd_context *ctx, const struct vg *vg, struct lv *lv)
{
	struct strbuf req = STRBUF_INIT;
	char id[UUID_FORMATTED_LEN + 1];
	struct answer a;
	int r;

	(void)ctx;
	if (!vg_shared(vg) || !lv_uses_lock(vg, lv))
		return 0;
	free(lv->lock_args);
	lv->lock_args = NULL;
	if (!strcmp(vg->lock_type, "dlm")) {
		lv->lock_args = xstrdup("dlm");
		return 0;
	}
	if (strcmp(vg->lock_type, "sanlock"))
		return -1;
	if (!lk.connected) {
		log_error("Cannot allocate lock for new LV.");
		return -1;
	}
	uuid_format(lv->id, id);
	lockd_req_begin(&req, "init_lv");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "vg_name", vg->name);
	lockd_req_str(&req, "lv_name", lv->name);
	lockd_req_str(&req, "lv_uuid", id);
	lockd_req_str(&req, "vg_lock_type", "sanlock");
	lockd_req_str(&req, "vg_lock_args", vg->lock_args);
	lockd_req_end(&req);
	r = ask(&req, "init_lv", &a);
	strbuf_release(&req);
	if (!r && a.result == -EEXIST)
		log_error("Lock already exists for LV %s/%s", vg->name, lv->name);
	else if (!r && a.result == -EMSGSIZE)
		log_error("No sanlock space for lock for LV %s/%s", vg->name, lv->name);
	else if (!r && a.result < 0)
		log_error("_init_lv_sanlock lvmlockd result %lld", (long long)a.result);
	else if (!r && !a.lv_lock_args)
		log_error("lv_lock_args not returned");
	else if (!r) {
		lv->lock_args = a.lv_lock_args;
		free(a.vg_lock_args);
		return 0;
	}
	free(a.lv_lock_args);
	free(a.vg_lock_args);
	log_error("Cannot allocate lock for new LV.");
	return -1;
}

void tool_lockd_free_lv(struct cmd_context *ctx, const struct vg *vg, const struct lv *lv)
{
	struct strbuf req = STRBUF_INIT;
	char id[UUID_FORMATTED_LEN + 1];
	struct answer a;

	(void)ctx;
	/* dlm too, as lvm2: lvmlockd then forgets the LV's lock resource */
	if (!lk.used || !vg_shared(vg) || !lv->lock_args)
		return;
	uuid_format(lv->id, id);
	lockd_req_begin(&req, "free_lv");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "vg_name", vg->name);
	lockd_req_str(&req, "lv_name", lv->name);
	lockd_req_str(&req, "lv_uuid", id);
	lockd_req_str(&req, "vg_lock_type", vg->lock_type);
	lockd_req_str(&req, "vg_lock_args", vg->lock_args);
	lockd_req_str(&req, "lv_lock_args", lv->lock_args);
	lockd_req_end(&req);
	if (ask(&req, "free_lv", &a) || a.result < 0)
		log_error("_free_lv lvmlockd result %lld", (long long)a.result);
	free(a.lv_lock_args);
	free(a.vg_lock_args);
	strbuf_release(&req);
}

const char *tool_lockd_running_lm(struct cmd_context *ctx)
{
	struct strbuf req = STRBUF_INIT;
	struct answer a;
	int r;

	(void)ctx;
	lockd_req_begin(&req, "running_lm");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_end(&req);
	r = lk.connected ? ask(&req, "running_lm", &a) : -1;
	strbuf_release(&req);
	if (r && lk.connected)
		log_error("Failed to get result from lvmlockd");
	/* lvmlockd's numbers for the lock managers (lock_type_t) */
	if (!r && a.result == 3)
		return "sanlock";
	if (!r && a.result == 2)
		return "dlm";
	if (!r && a.result == -EXFULL)
		log_error("Found multiple lock managers, select one with --lock-type.");
	else {
		if (!r && a.result != -ENOLCK && a.result != 4)
			log_error("Failed to find a running lock manager.");
		log_error("Failed to detect a running lock manager to select lock type.");
	}
	return NULL;
}

char *tool_lockd_init_vg(struct cmd_context *ctx, const struct vg *vg, const char *lock_type)
{
	struct strbuf req = STRBUF_INIT;
	int64_t result = -LOCKD_ELOCKD;
	struct answer a;
	int sanlock = !strcmp(lock_type, "sanlock");

	(void)ctx;
	lockd_req_begin(&req, "init_vg");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "vg_name", vg->name);
	lockd_req_str(&req, "vg_lock_type", lock_type);
	if (sanlock) {
		lockd_req_str(&req, "vg_lock_args", LVMLOCK_LV_NAME);
		lockd_req_str(&req, "opts", NULL);
	}
	lockd_req_end(&req);
	if (!ask(&req, "init_vg", &a))
		result = a.result;
	strbuf_release(&req);
	free(a.lv_lock_args);
	if (result)
		free(a.vg_lock_args);
	switch (result) {
	case 0:
		if (!a.vg_lock_args)
			log_error("VG %s init failed: lock_args not returned", vg->name);
		return a.vg_lock_args;
	case -LOCKD_ELOCKD:
		log_error("VG %s init failed: lvmlockd not available", vg->name);
		break;
	case -LOCKD_EARGS:
		log_error("VG %s init failed: invalid parameters for %s", vg->name, lock_type);
		break;
	case -LOCKD_EDEVOPEN:
		log_error("VG %s init failed: sanlock cannot open device /dev/mapper/%s-%s",
		          vg->name, vg->name, LVMLOCK_LV_NAME);
		log_error("Check that sanlock has permission to access disks.");
		break;
	case -LOCKD_EMANAGER:
		log_error("VG %s init failed: lock manager %s is not running", vg->name, lock_type);
		break;
	case -EPROTONOSUPPORT:
		log_error("VG %s init failed: lock manager %s is not supported by lvmlockd",
		          vg->name, lock_type);
		break;
	case -EMSGSIZE:
		log_error("VG %s init failed: no disk space for leases", vg->name);
		break;
	case -EEXIST:
		log_error("VG %s init failed: a lockspace with the same name exists", vg->name);
		break;
	default:
		log_error("VG %s init failed: %lld", vg->name, (long long)result);
	}
	return NULL;
}

/* A request about the whole VG (free_vg, busy_vg, rename_vg_before,
 * rename_vg_final): 0, or -1 after lvm2's line (`who`: the function
 * lvm2's line names). */
static int vg_whole_request(const struct vg *vg, const char *request, const char *who)
{
	struct strbuf req = STRBUF_INIT;
	struct answer a;
	int r;

	lockd_req_begin(&req, request);
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "vg_name", vg->name);
	lockd_req_str(&req, "vg_lock_type", vg->lock_type);
	lockd_req_str(&req, "vg_lock_args", vg->lock_args);
	lockd_req_end(&req);
	r = ask(&req, request, &a);
	strbuf_release(&req);
	if (!r && a.result == -EBUSY) {
		log_error("Lockspace for \"%s\" not stopped on other hosts", vg->name);
		return -1;
	}
	if (r || a.result < 0) {
		log_error("%s lvmlockd result %lld", who, r ? 0LL : (long long)a.result);
		return -1;
	}
	if (a.flags & LOCKD_WARN_GL_REMOVED)
		log_warn("VG %s held the sanlock global lock, enable global lock in another VG.",
		         vg->name);
	return 0;
}

int tool_lockd_free_vg_before(struct cmd_context *ctx, const struct vg *vg)
{
	(void)ctx;
	if (!vg_shared(vg))
		return 0;
	if (!lk.connected)
		return -1;
	return strcmp(vg->lock_type, "sanlock") ? vg_whole_request(vg, "busy_vg", "_busy_vg")
	                                        : vg_whole_request(vg, "free_vg", "_free_vg");
}

void tool_lockd_free_vg_final(struct cmd_context *ctx, const struct vg *vg)
{
	(void)ctx;
	if (vg_shared(vg) && lk.connected && strcmp(vg->lock_type, "sanlock"))
		(void)vg_whole_request(vg, "free_vg", "_free_vg");
}

/* start_vg; `opts` "start_init" after vgrename, as lvm2's */
static int start_vg(const struct vg *vg, const char *opts)
{
	struct strbuf req = STRBUF_INIT;
	char id[UUID_FORMATTED_LEN + 1];
	int64_t host_id = 0;
	struct answer a;

	if (!vg_shared(vg))
		return 0;
	if (!lk.used) {
		log_error("VG %s start failed: lvmlockd is not enabled", vg->name);
		return -1;
	}
	if (!lk.connected) {
		log_error("VG %s start failed: lvmlockd is not running", vg->name);
		return -1;
	}
	if (!strcmp(vg->lock_type, "sanlock"))
		host_id = config_int(SET_LOCAL_HOST_ID);
	uuid_format(vg->id, id);
	lockd_req_begin(&req, "start_vg");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "vg_name", vg->name);
	lockd_req_str(&req, "vg_lock_type", vg->lock_type);
	lockd_req_str(&req, "vg_lock_args", vg->lock_args);
	lockd_req_str(&req, "vg_uuid", id);
	lockd_req_int(&req, "version", vg->seqno);
	lockd_req_int(&req, "host_id", host_id);
	lockd_req_str(&req, "opts", opts);
	lockd_req_end(&req);
	if (ask(&req, "start_vg", &a))
		a.result = -LOCKD_ELOCKD;
	strbuf_release(&req);
	switch (a.result) {
	case 0:
		log_print("VG %s starting %s lockspace", vg->name, vg->lock_type);
		return 0;
	case -EEXIST:
	case -LOCKD_ESTARTING:
		log_verbose("VG %s start error: already start%s", vg->name,
		            a.result == -EEXIST ? "ed" : "ing");
		return 0;
	case -LOCKD_ELOCKD:
		log_error("VG %s start failed: lvmlockd not available", vg->name);
		break;
	case -LOCKD_EARGS:
		log_error("VG %s start failed: invalid parameters for %s", vg->name, vg->lock_type);
		break;
	case -LOCKD_EHOSTID:
		log_error("VG %s start failed: invalid sanlock host_id, set in lvmlocal.conf",
		          vg->name);
		break;
	case -LOCKD_EMANAGER:
		log_error("VG %s start failed: lock manager %s is not running", vg->name,
		          vg->lock_type);
		break;
	case -EPROTONOSUPPORT:
		log_error("VG %s start failed: lock manager %s is not supported by lvmlockd",
		          vg->name, vg->lock_type);
		break;
	default:
		log_error("VG %s start failed: %lld", vg->name, (long long)a.result);
	}
	return -1;
}

int tool_lockd_start_vg(struct cmd_context *ctx, const struct vg *vg)
{
	(void)ctx;
	return start_vg(vg, NULL);
}

int tool_lockd_all_lvs(struct cmd_context *ctx, const struct vg *vg, const char *before)
{
	for (size_t i = 0; i < vg->n_lvs; i++) {
		const struct lv *lv = vg->lvs[i];
		if (!lv_uses_lock(vg, lv))
			continue;
		if (tool_lockd_lv(ctx, vg, lv, "ex", 0)) {
			log_error("LV %s/%s must be inactive on all hosts%s%s.", vg->name, lv->name,
			          before ? " before " : "", before ? before : "");
			return -1;
		}
		if (tool_lockd_lv(ctx, vg, lv, "un", 0)) {
			log_error("Failed to unlock LV %s/%s.", vg->name, lv->name);
			return -1;
		}
	}
	return 0;
}

int tool_lockd_rename_vg_before(struct cmd_context *ctx, const struct vg *vg)
{
	if (!vg_shared(vg))
		return 0;
	if (!lk.used || !lk.connected)
		return -1;
	if (tool_lockd_all_lvs(ctx, vg, NULL)) {
		log_error("Cannot rename VG %s with active LVs", vg->name);
		return -1;
	}
	return vg_whole_request(vg, "rename_vg_before", "lockd_rename_vg_before");
}

int tool_lockd_rename_vg_final(struct cmd_context *ctx, const struct vg *vg, int renamed)
{
	(void)ctx;
	if (!vg_shared(vg) || !lk.used || !lk.connected)
		return 0;
	if (!renamed) {
		if (start_vg(vg, NULL))
			log_error("Failed to restart VG %s lockspace.", vg->name);
		return 0;
	}
	if (!strcmp(vg->lock_type, "sanlock") &&
	    vg_whole_request(vg, "rename_vg_final", "lockd_rename_vg_final"))
		return -1;
	if (start_vg(vg, "start_init"))
		log_error("Failed to start VG %s lockspace.", vg->name);
	return 0;
}

int tool_lockd_start_wait(struct cmd_context *ctx)
{
	struct strbuf req = STRBUF_INIT;
	struct answer a;
	int r;

	(void)ctx;
	if (!lk.connected)
		return -1;
	lockd_req_begin(&req, "start_wait");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_end(&req);
	r = ask(&req, "start_wait", &a);
	strbuf_release(&req);
	if (r || a.result < 0) {
		log_error("Lock start failed");
		return -1;
	}
	return 0;
}

int tool_lockd_stop_vg(struct cmd_context *ctx, const struct vg *vg)
{
	struct strbuf req = STRBUF_INIT;
	struct answer a;
	int r;

	(void)ctx;
	if (!vg_shared(vg))
		return 0;
	if (!lk.used || !lk.connected)
		return -1;
	lockd_req_begin(&req, "stop_vg");
	lockd_req_int(&req, "pid", getpid());
	lockd_req_str(&req, "vg_name", vg->name);
	lockd_req_end(&req);
	r = ask(&req, "stop_vg", &a);
	strbuf_release(&req);
	if (!r && !a.result)
		return 0;
	if (!r && a.result == -LOCKD_ENOLS)
		return 1; /* not started: nothing to stop, lvmlock left as it is */
	if (!r && a.result == -EBUSY)
		log_error("VG %s stop failed: LVs must first be deactivated", vg->name);
	else
		log_error("VG %s stop failed: %lld", vg->name, r ? 0LL : (long long)a.result);
	return -1;
}
