/* vgtool's commands as clients of lvm2's lvmlockd (shared VGs): which
 * lock each command asks for, and what it does with the answer, as lvm2's
 * commands do (lib/lockd holds the protocol; this file the policy).
 *
 * One connection per command, opened by the dispatcher when
 * global/use_lvmlockd is set and closed at exit, which releases every
 * lock but the persistent LV locks of activation.  The order is lvm2's:
 * lvm2's lock files first (tool_begin), then the global lock, then the
 * VG's lock, then the VG is read from the disks again, then LV locks. */
#ifndef VGTOOL_TOOLS_LOCKD_H
#define VGTOOL_TOOLS_LOCKD_H

#include "metadata/metadata.h"
#include "tools/cmdline.h"

/* What a VG lock request came to (lvm2's lockd_state), kept until the
 * VG has been read: a local VG ignores it, a shared one is judged by it
 * (tool_lockd_access). */
enum lockd_vg_state {
	LOCKD_VG_SH = 1 << 0,
	LOCKD_VG_EX = 1 << 1,
	LOCKD_VG_FAIL_REQUEST = 1 << 2, /* no answer: lvmlockd not running */
	LOCKD_VG_FAIL_NOLS = 1 << 3,    /* no lockspace: local VG, or not started */
	LOCKD_VG_FAIL_STARTING = 1 << 4,
	LOCKD_VG_FAIL_OTHER = 1 << 5,
};
#define LOCKD_VG_FAIL                                                                              \
	(LOCKD_VG_FAIL_REQUEST | LOCKD_VG_FAIL_NOLS | LOCKD_VG_FAIL_STARTING | LOCKD_VG_FAIL_OTHER)
/* held: asked for and granted */
#define LOCKD_VG_HELD(st) (((st) & (LOCKD_VG_SH | LOCKD_VG_EX)) && !((st)&LOCKD_VG_FAIL))

/* At the start of a command that reads metadata: when use_lvmlockd is
 * set, lvm2's warning if lvmlockd is not running, else the connection. */
void tool_lockd_begin(struct cmd_context *ctx);
void tool_lockd_finish(void);
/* global/use_lvmlockd, as this command read it */
int tool_lockd_used(void);
/* Connected to lvmlockd? */
int tool_lockd_connected(void);

/* The global lock, "sh", "ex" or "un": 0 to go on (a failed shared lock
 * only warns, as lvm2's reads go on without it), -1 after lvm2's lines.
 * `create_type`: vgcreate's lock type ("sanlock", "dlm", or "none" for a
 * local VG), whose bootstrap rules differ (the first sanlock VG holds the
 * global lock: it cannot be asked for before). */
int tool_lockd_gl(struct cmd_context *ctx, const char *mode, const char *create_type);

/* The VG lock, "sh" or "ex", asked for before the VG is read; *state
 * says what came of it.  0 to go on (the VG read next decides), -1 after
 * lvm2's line (an exclusive lock held by another host, after
 * global/lvmlockd_lock_retries tries a second apart). */
int tool_lockd_vg(struct cmd_context *ctx, const char *vg_name, const char *mode, unsigned *state);
/* Let it go, unless the request failed. */
void tool_lockd_vg_unlock(struct cmd_context *ctx, const char *vg_name, unsigned state);

/* May this command use `vg`, read under a VG lock that came to `state`?
 * A local VG always.  A shared one: not without lvmlockd (named: lvm2's
 * line; listed: passed over, *skip set; reports with --shared: shown);
 * not when its lock failed and the command needed it (exclusive, or
 * `enforce_sh`: activation); else read without a lock, with lvm2's
 * warning.  0, or -1 (after the line where lvm2 says one). */
int tool_lockd_access(struct cmd_context *ctx, const struct vg *vg, unsigned state, int named,
                      int enforce_sh, int *skip);

/* After a commit under an exclusive VG lock: the new seqno for the
 * lock's value block, as lvm2's vg_write sends it. */
void tool_lockd_vg_update(struct cmd_context *ctx, const struct vg *vg);

/* An LV's lock: `mode` "ex", "sh" or "un"; `persistent` for activation
 * (the lock outlives the command).  Nothing to do (0) for a local VG or
 * an LV without a lock of its own.  0, or -1 after lvm2's line. */
int tool_lockd_lv(struct cmd_context *ctx, const struct vg *vg, const struct lv *lv,
                  const char *mode, int persistent);

/* sanlock: is there room in lvmlock for one more lease?  0 yes, 1 no
 * (lvmlockd's EMSGSIZE: lvmlock is to grow), -1 no answer.  Logs
 * nothing: lvcreate says lvm2's line (tools/lv.c, lvmlock_room). */
int tool_lockd_find_free_lock(struct cmd_context *ctx, const struct vg *vg);
/* A new LV's lock: its lock_args (sanlock: a lease in lvmlock, which
 * lvmlockd writes now; dlm: "dlm").  0, or -1 after lvm2's line. */
int tool_lockd_init_lv(struct cmd_context *ctx, const struct vg *vg, struct lv *lv);
/* A removed LV's lock freed (sanlock: its lease given back; dlm: the
 * resource forgotten); a failure is only logged, as lvm2's. */
void tool_lockd_free_lv(struct cmd_context *ctx, const struct vg *vg, const struct lv *lv);

/* vgcreate --shared without --locktype: the lock manager lvmlockd finds
 * running ("sanlock", "dlm"), or NULL after lvm2's line. */
const char *tool_lockd_running_lm(struct cmd_context *ctx);
/* vgcreate: make the new VG's lockspace (sanlock: in its lvmlock LV,
 * active here) and return the VG's lock_args (allocated), or NULL after
 * lvm2's line. */
char *tool_lockd_init_vg(struct cmd_context *ctx, const struct vg *vg, const char *lock_type);

/* vgremove of a shared VG: sanlock's lockspace freed (free_vg), or a dlm
 * VG checked unused (busy_vg), before its metadata goes; refused while
 * another host has the lockspace started ("Lockspace for "VG" not stopped
 * on other hosts").  0, or -1 after lvm2's line. */
int tool_lockd_free_vg_before(struct cmd_context *ctx, const struct vg *vg);
/* dlm: the lockspace freed after the metadata went (sanlock: nothing). */
void tool_lockd_free_vg_final(struct cmd_context *ctx, const struct vg *vg);

/* vgchange --lockstart for one VG (its lvmlock LV already active):
 * start_vg with local/host_id.  0 (started, or already), -1 after lvm2's
 * line. */
int tool_lockd_start_vg(struct cmd_context *ctx, const struct vg *vg);
/* Every LV lock of `vg` taken exclusive and let go at once: no LV is
 * active on another host (lvm2's _lockd_all_lvs).  0, or -1 after
 * lvm2's lines ("LV VG/LV must be inactive on all hosts[ before
 * BEFORE]."). */
int tool_lockd_all_lvs(struct cmd_context *ctx, const struct vg *vg, const char *before);

/* vgrename of a shared VG, as lvm2's.  Before the new name is written:
 * no LV active on another host, then lvmlockd leaves the lockspace
 * (refused while another host has it started: "Lockspace for "VG" not
 * stopped on other hosts").  0, or -1 after lvm2's lines.  The caller
 * then deactivates lvmlock (sanlock). */
int tool_lockd_rename_vg_before(struct cmd_context *ctx, const struct vg *vg);
/* After the commit (`renamed`), `vg` under its new name, its lvmlock
 * active again: sanlock's leases rewritten with the new lockspace name
 * (rename_vg_final), then the lockspace started (not waited for, as
 * lvm2).  Not renamed: the old lockspace started again.  0, or -1 after
 * lvm2's line (the leases still bear the old name: vgchange --locktype
 * none and back mends it, as with lvm2). */
int tool_lockd_rename_vg_final(struct cmd_context *ctx, const struct vg *vg, int renamed);

/* Wait until the lockspaces started by this command are ready. */
int tool_lockd_start_wait(struct cmd_context *ctx);
/* vgchange --lockstop: 0 (stopped: lvmlock may go), 1 (was not
 * started), or -1 after lvm2's line (LVs still active). */
int tool_lockd_stop_vg(struct cmd_context *ctx, const struct vg *vg);

#endif
