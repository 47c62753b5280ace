/* vgcreate, vgremove, vgextend, vgreduce, vgrename. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "activate/activate.h"
#include "device/dev-io.h"
#include "device/discovery.h"
#include "metadata/alloc.h"
#include "metadata/format/backup.h"
#include "metadata/format/store.h"
#include "metadata/missing.h"
#include "metadata/names.h"
#include "misc/log.h"
#include "misc/test-hooks.h"
#include "misc/units.h"
#include "misc/uuid.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/limits.h"
#include "tools/lockd.h"
#include "tools/toollib.h"

#define DEFAULT_EXTENT_SECTORS 8192 /* 4 MiB */

/* lvm2 refuses a VG name that is already a path under the device
 * directory (/dev/mapper, /dev/sda...): /dev/VG/LV would collide. */
static int vg_name_in_dev(const char *name)
{
	struct strbuf path = STRBUF_INIT;
	struct stat st;
	int exists;

	strbuf_addf(&path, "%s/%s", dev_dir(), name);
	exists = lstat(path.buf, &st) == 0;
	if (exists)
		log_error("Volume group name %s is taken: %s already exists.", name, path.buf);
	strbuf_release(&path);
	return exists;
}

static int vg_name_taken(const struct scan *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (pv_disk_vg_name(s->pvs[i]) && !strcmp(pv_disk_vg_name(s->pvs[i]), name))
			return 1;
	return 0;
}

/* Make sure every path is an unused PV, creating PVs on plain devices
 * as lvm2's vgcreate/vgextend do; then rescan.  Returns 0 or -1. */
/* devices/allow_mixed_block_sizes (lvm2's default 0): the devices given
 * have one logical block size, and a VG's new PVs the size of its PVs
 * (when those agree among themselves), in lvm2's words.  A size that
 * cannot be learnt (an image file) is left out.  0, or -1 after logging. */
static int block_sizes_agree(const struct vg *vg, char *const *paths, size_t n)
{
	unsigned first = 0, have = 0;

	if (config_bool(SET_DEVICES_ALLOW_MIXED_BLOCK_SIZES))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned bs = dev_logical_block_size(paths[i]);
		if (!bs)
			continue;
		if (first && bs != first) {
			log_error("Devices have inconsistent logical block sizes (%u and %u).", first,
			          bs);
			log_print("See lvm.conf allow_mixed_block_sizes.");
			return -1;
		}
		first = bs;
	}
	/* the VG's own PVs: only when they agree (lvm2 lets a VG already
	 * mixed grow on) */
	for (size_t i = 0; vg && i < vg->n_pvs; i++) {
		unsigned bs = vg->pvs[i]->dev_path ? dev_logical_block_size(vg->pvs[i]->dev_path) : 0;
		if (bs && have && bs != have)
			return 0;
		if (bs)
			have = bs;
	}
	if (have && first && have != first) {
		log_error("Devices have inconsistent logical block sizes (%u and %u).", have, first);
		return -1;
	}
	return 0;
}

static int prepare_pvs(struct tool *t, char *const *paths, size_t n, const char *vg_name)
{
	struct pv_create_params p;
	int created = 0;

	if (pv_params_from_args(t->ctx, &p))
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct pv_disk *pd = scan_find_path(&t->scan, paths[i]);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(paths[i], paths[j])) {
				log_error("Device %s is given twice.", paths[i]);
				return -1;
			}
		if (pd && pv_disk_vg_name(pd)) {
			log_error("Physical volume %s is already in volume group %s.", paths[i],
			          pv_disk_vg_name(pd));
			return -1;
		}
		if (pd && pv_disk_marked_used(pd)) {
			log_error("PV %s is used by a VG but its metadata is missing.", paths[i]);
			return -1;
		}
		if (pd && pv_disk_damage(pd)) {
			log_error("PV %s is damaged (%s).", paths[i], pv_disk_damage(pd));
			return -1;
		}
		if (pd)
			continue;
		if (t->ctx->test_mode) {
			log_error("Test mode: %s is not a PV yet; run pvcreate first.", paths[i]);
			return -1;
		}
		if (pv_create_one(t->ctx, paths[i], &p, NULL))
			return -1;
		log_print("Physical volume \"%s\" successfully created.", paths[i]);
		created = 1;
	}
	(void)vg_name;
	if (created) {
		scan_free(&t->scan);
		if (scan_pvs_extra(&t->scan, t->ctx->devices, paths, n))
			return -1;
	}
	return 0;
}

/* Add the PV on `path` (an unused PV in the scan) to the model. */
static int add_pv_to_vg(struct tool *t, struct vg *vg, const char *path)
{
	struct pv_disk *pd = scan_find_path(&t->scan, path);

	if (!pd) {
		log_error("Device %s holds no usable PV label.", path);
		return -1;
	}
	if (vg->max_pv && vg->n_pvs >= vg->max_pv) {
		log_error("No space for '%s' - volume group '%s' holds max %u physical volume(s).",
		          path, vg->name, vg->max_pv);
		return -1;
	}
	return vg_add_pv_disk(vg, pd) ? 0 : -1;
}

/* vgcreate's and vgextend's devices into `vg`: made PVs where they are
 * not yet, then added.  0 or -1 (logged). */
static int add_pvs(struct tool *t, struct vg *vg, char *const *paths, size_t n)
{
	/* as lvm2, the devices are made PVs even for a VG that then
	 * refuses them (not for block sizes that differ among them) */
	if (block_sizes_agree(NULL, paths, n) || prepare_pvs(t, paths, n, vg->name) ||
	    tool_refuse_not_resizeable(vg) || block_sizes_agree(vg, paths, n))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (add_pv_to_vg(t, vg, paths[i]))
			return -1;
	(void)vg_warn_pv_sizes(&t->scan, vg); /* lvm2 says it here too */
	return 0;
}

static int parse_extent_size(struct cmd_context *ctx, uint32_t *out)
{
	struct size_arg sa;
	*out = DEFAULT_EXTENT_SECTORS;
	if (!arg_count(ctx, OPT_PESIZE))
		return 0;
	/* *out 0: the text is no size (exit 3); otherwise a size lvm2 refuses
	 * when checking it (exit 5) */
	*out = 0;
	if (parse_size_arg(arg_str(ctx, OPT_PESIZE, NULL), 'm', 0, "--physicalextentsize", &sa))
		return -1;
	if (!sa.sectors) {
		log_error("Physical extent size may not be zero.");
		return -1;
	}
	*out = DEFAULT_EXTENT_SECTORS;
	/* lvm2: at least 1 KiB; a power of 2, or a multiple of 128 KiB */
	if (sa.sectors < 2 || sa.sectors > UINT32_MAX ||
	    ((sa.sectors & (sa.sectors - 1)) && sa.sectors % 256)) {
		log_error("Invalid physical extent size %s: use a power of 2 of at least 1k, or a "
		          "multiple of 128k.",
		          arg_str(ctx, OPT_PESIZE, NULL));
		return -1;
	}
	*out = (uint32_t)sa.sectors;
	return 0;
}

/* vgcreate's lock type, as lvm2's vgcreate_params_set_from_args: NULL
 * for a local VG, else "sanlock" or "dlm".  EXIT_DONE, or the exit code
 * after lvm2's line. */
static int vgcreate_lock_type(struct cmd_context *ctx, const char **out)
{
	const char *type = arg_str(ctx, OPT_LOCKTYPE, NULL);
	int shared = arg_count(ctx, OPT_SHARED) > 0;

	*out = NULL;
	if (type) {
		if (shared && strcmp(type, "sanlock") && strcmp(type, "dlm") && strcmp(type, "idm")) {
			log_error("The --shared option requires lock type sanlock, dlm or idm.");
			return EXIT_INVALID;
		}
	} else if (shared) {
		if (!tool_lockd_used()) {
			log_error("Using a shared lock type requires lvmlockd (lvm.conf use_lvmlockd.)");
			return EXIT_INVALID;
		}
		if (!(type = tool_lockd_running_lm(ctx)))
			return EXIT_INVALID;
	} else {
		return EXIT_DONE;
	}
	if (!strcmp(type, "none"))
		return EXIT_DONE;
	if (!strcmp(type, "idm")) {
		log_error("Lock type idm is not done by vgtool: use lvm2's vgcreate.");
		return EXIT_INVALID;
	}
	if (strcmp(type, "sanlock") && strcmp(type, "dlm")) {
		log_error("lock_type %s is invalid", type);
		return EXIT_INVALID;
	}
	if (!tool_lockd_used()) {
		log_error("Using a shared lock type requires lvmlockd.");
		return EXIT_INVALID;
	}
	if (ctx->test_mode) {
		log_error("Test mode is not yet supported with lock type %s.", type);
		return EXIT_FAILED;
	}
	*out = type;
	return EXIT_DONE;
}

/* sanlock's lease area: lvm2's sizes, 256 MiB when every PV has 512-byte
 * sectors, 1 GiB when one has 4 KiB ones, and a lease (1 MiB, 8 MiB) more
 * for each of `n_leases` LVs that exist already (vgchange --locktype), in
 * whole extents, rounded down as lvm2 rounds them */
static uint32_t lvmlock_extents(const struct vg *vg, size_t n_leases)
{
	uint64_t mib = 256, lease = 1;
	for (size_t i = 0; i < vg->n_pvs; i++)
		if (vg->pvs[i]->dev_path && dev_logical_block_size(vg->pvs[i]->dev_path) == 4096)
			mib = 1024, lease = 8;
#ifdef VGTOOL_TEST_HOOKS
	if (test_hook_number("VGTOOL_TEST_LVMLOCK_MB") > 0)
		mib = (uint64_t)test_hook_number("VGTOOL_TEST_LVMLOCK_MB");
#endif
	mib += lease * n_leases;
	return (uint32_t)(mib * 2048 / vg->extent_size);
}

/* The LVs that get a lock of their own once the VG is shared. */
static size_t lvs_needing_locks(const struct vg *vg, struct lv **out)
{
	size_t n = 0;
	for (size_t i = 0; i < vg->n_lvs; i++) {
		const struct lv *lv = vg->lvs[i];
		if (lv_is_visible(lv) && !lv_snapshot_segment(lv) && !lv->cow_of) {
			if (out)
				out[n] = vg->lvs[i];
			n++;
		}
	}
	return n;
}

/* A VG made shared, as lvm2's lockd_init_vg: for sanlock its lvmlock LV
 * made (zeroed, committed, active here), lvmlockd's lockspace written in
 * it, a lease for each of the VG's LVs (vgchange --locktype), and the LV
 * hidden and the lock types written; for dlm the lock types alone.  The
 * leases are all taken before that commit, so that a failure (or a
 * crash) leaves a local VG, never a shared one with LVs short of a lease;
 * the commit counts as lvm2's two when there are LVs (`steps`).  On
 * failure lvmlock is removed again (vgcreate then removes the VG).  0, or
 * -1 after the lines. */
static int init_lock(struct cmd_context *ctx, struct tool *t, struct vg *vg, const char *type)
{
	struct vg *old = NULL;
	struct lv *lock = NULL, **lvs = xcalloc(vg->n_lvs + 1, sizeof(*lvs));
	size_t n_lvs = lvs_needing_locks(vg, lvs), n_init = 0;
	char *args = NULL;
	int r = -1;

	if (!strcmp(type, "sanlock")) {
		char id[UUID_LEN + 1];
		struct alloc_request req = {ALLOC_INHERIT, 0, NULL, 0};

		if (vg_find_lv(vg, LVMLOCK_LV_NAME)) {
			log_error("Logical Volume \"%s\" already exists in volume group \"%s\"",
			          LVMLOCK_LV_NAME, vg->name);
			log_error("Failed to create sanlock lv %s in vg %s", LVMLOCK_LV_NAME,
			          vg->name);
			log_error("Failed to create internal lv.");
			goto out;
		}
		old = vg_clone(vg);
		if (uuid_generate(id))
			goto out;
		lock = vg_add_lv(vg, LVMLOCK_LV_NAME, id);
		tool_set_creation(lock);
		lock->read_ahead = -1; /* lvm2 makes it with none */
		if (alloc_extend(vg, lock, lvmlock_extents(vg, n_lvs), &req, NULL) ||
		    lv_zero_start(&t->scan, vg, lock, 4096, 0) || tool_commit(t, old, vg, NULL, 0))
			goto undo;
		log_print("Logical volume \"%s\" created.", LVMLOCK_LV_NAME);
		if (tool_kernel_follow(ctx, vg, &lock, 1, NULL, 0))
			goto undo;
		vg_free(old);
		old = NULL;
	}
	if (!(args = tool_lockd_init_vg(ctx, vg, type)))
		goto undo;
	old = vg_clone(vg);
	if (lock)
		lock->status &= ~(unsigned)LV_VISIBLE;
	vg->lock_type = xstrdup(type);
	vg->lock_args = args;
	for (; n_init < n_lvs; n_init++)
		if (tool_lockd_init_lv(ctx, vg, lvs[n_init]))
			goto unlease;
	t->lockd_new_vg = 1;
	if (!tool_commit_steps(t, old, vg, NULL, 0, n_lvs ? 2 : 1)) {
		r = 0;
		goto out;
	}
unlease:
	/* (a failed write: lvm2 undoes lvmlock as below) */
	while (n_init--) {
		tool_lockd_free_lv(ctx, vg, lvs[n_init]);
		free(lvs[n_init]->lock_args);
		lvs[n_init]->lock_args = NULL;
	}
	free(vg->lock_type);
	free(vg->lock_args);
	vg->lock_type = vg->lock_args = NULL;
	if (lock)
		lock->status |= LV_VISIBLE;
undo:
	if (lock && vg_find_lv(vg, LVMLOCK_LV_NAME)) {
		struct vg *before = vg_clone(vg);
		/* as lvm2: a second for sanlock to let the device go */
		sleep(1);
		if (tool_kernel_follow(ctx, vg, NULL, 0, &lock, 1))
			log_error("Failed to deactivate sanlock lv %s/%s", vg->name,
			          LVMLOCK_LV_NAME);
		vg_remove_lv(vg, lock);
		(void)tool_commit(t, before, vg, NULL, 0);
		vg_free(before);
	}
out:
	t->lockd_new_vg = 0;
	vg_free(old);
	free(lvs);
	return r;
}

int cmd_vgcreate(struct cmd_context *ctx)
{
	const char *name;
	char *const *paths;
	size_t n;
	uint32_t extent_size;
	struct tool t;
	struct vg *vg = NULL;
	int rc = EXIT_FAILED;
	const char *lock_type = NULL;

	if (ctx->args.argc < 2) {
		log_error("vgcreate: give a volume group name and at least one device.");
		return EXIT_INVALID;
	}
	name = ctx->args.argv[0];
	paths = ctx->args.argv + 1;
	n = (size_t)ctx->args.argc - 1;
	if (name_check_new_vg(name) || vg_name_in_dev(name))
		return EXIT_INVALID;
	if (parse_extent_size(ctx, &extent_size))
		return extent_size ? EXIT_FAILED : EXIT_INVALID;
	if ((rc = vgcreate_lock_type(ctx, &lock_type)) != EXIT_DONE)
		return rc;
	/* lvmlockd's global lock, asked for with the new VG's lock type */
	ctx->lockd_gl_create = lock_type ? lock_type : "none";
	/* the limits and policy go on a model of their own first: they are
	 * checked before anything is read or written */
	vg = vg_new(name, extent_size);
	if ((rc = tool_vg_limit_args(ctx, vg)) != EXIT_DONE) {
		vg_free(vg);
		return rc;
	}
	rc = EXIT_FAILED;
	if (tool_begin_paths(&t, ctx, name, paths, n)) {
		vg_free(vg);
		return EXIT_FAILED;
	}
	if (vg_name_taken(&t.scan, name)) {
		log_error("A volume group called %s already exists.", name);
		goto out;
	}
	if (uuid_generate(vg->id) || add_pvs(&t, vg, paths, n))
		goto out;
	tool_change_tags(ctx, &vg->tags, 1);
	if (arg_count(ctx, OPT_SETAUTOACTIVATION) &&
	    !opt_bool_value(arg_str(ctx, OPT_SETAUTOACTIVATION, NULL)))
		vg->status |= VG_NOAUTOACTIVATE;
	if (tool_commit(&t, NULL, vg, NULL, 0))
		goto out;
	/* a shared VG is written local first, as lvm2 writes it: a crash
	 * before the lock type is written leaves a VG lvm2 and vgtool can
	 * remove, never a shared one without its leases */
	if (lock_type && init_lock(ctx, &t, vg, lock_type)) {
		struct pv_disk **pds = xcalloc(vg->n_pvs + 1, sizeof(*pds));
		size_t n_pds = 0;
		log_error("Failed to initialize lock args for lock type %s", lock_type);
		for (size_t i = 0; i < vg->n_pvs; i++)
			if ((pds[n_pds] = scan_find_pv_id(&t.scan, vg->pvs[i]->id)))
				n_pds++;
		if (!ctx->test_mode)
			(void)vg_commit_remove(pds, n_pds);
		free(pds);
		goto out;
	}
	log_print("Volume group \"%s\" successfully created", name);
	rc = EXIT_DONE;
	if (lock_type) {
		const char *opt = arg_str(ctx, OPT_LOCKOPT, NULL);
		/* started at once, as it will likely be used at once (lvm2);
		 * a failed start leaves the VG created */
		if (tool_lockd_start_vg(ctx, vg)) {
			log_error("Failed to start locking");
			goto out;
		}
		(void)tool_lockd_gl(ctx, "un", NULL);
		if (!opt || !strcmp(opt, "wait")) {
			log_print("Starting locking.  Waiting until locks are ready...");
			(void)tool_lockd_start_wait(ctx);
		} else if (!strcmp(opt, "nowait")) {
			log_print("Starting locking.  VG is read-only until locks are ready.");
		}
	}
out:
	vg_free(vg);
	tool_end(&t);
	return rc;
}

/* The shared VG made local again (lvm2's lockd_free_vg_before with
 * "changing"): every LV inactive on every host (each LV's lock taken and
 * let go), the lockspace freed (sanlock: refused while another host has
 * it started; dlm: while another host uses it), lvmlock deactivated and
 * removed, the lock types gone.  --lockopt force (`forced`): only the
 * last, without lvmlockd (lvm2's recovery, lvmlock left as it is).
 * 0, or -1 after the lines. */
static int unshare_vg(struct cmd_context *ctx, struct vg *vg, int forced)
{
	struct lv *lock = NULL;

	if (!forced) {
		if (tool_lockd_all_lvs(ctx, vg, NULL)) {
			log_error("Cannot change VG %s with active LVs", vg->name);
			return -1;
		}
		if (tool_lockd_free_vg_before(ctx, vg))
			return -1;
		for (size_t i = 0; i < vg->n_lvs && !lock; i++)
			if (lv_is_lvmlock(vg, vg->lvs[i]))
				lock = vg->lvs[i];
		if (lock) {
			/* as lvm2: a second for sanlock to let lvmlock go */
			sleep(1);
			if (tool_kernel_follow(ctx, vg, NULL, 0, &lock, 1)) {
				log_error("Failed to deactivate sanlock lv %s/%s", vg->name,
				          LVMLOCK_LV_NAME);
				return -1;
			}
		}
		tool_lockd_free_vg_final(ctx, vg);
		if (lock)
			vg_remove_lv(vg, lock);
	}
	for (size_t i = 0; i < vg->n_lvs; i++) {
		free(vg->lvs[i]->lock_args);
		vg->lvs[i]->lock_args = NULL;
	}
	free(vg->lock_type);
	free(vg->lock_args);
	vg->lock_type = vg->lock_args = NULL;
	return 0;
}

/* vgchange --locktype TYPE of one VG (lvm2's _vgchange_locktype): local
 * to sanlock or dlm as vgcreate --shared makes a VG shared, with a lease
 * for each LV and the lockspace not started (lvmlock deactivated again);
 * shared to none (unshare_vg).  No LV may be active here.  One line per
 * refusal, lvm2's; the VG unchanged. */
static int change_locktype(struct cmd_context *ctx, const char *name, const char *type, int forced)
{
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	const char *cur;
	int rc = EXIT_FAILED;
	size_t n_visible = 0;
	struct lv **visible = NULL;
	int active = 0;

	if (tool_begin(&t, ctx, name))
		return EXIT_FAILED;
	if (!(old = tool_read_vg_for_write(&t, name)))
		goto out;
	vg = vg_clone(old);
	cur = vg->lock_type ? vg->lock_type : "none";
	if (forced) {
		t.lockd_new_vg = 1; /* no lvmlockd lock was taken: the point */
		if (unshare_vg(ctx, vg, 1) || tool_commit(&t, old, vg, NULL, 0))
			goto out;
		goto done;
	}
	if (!strcmp(cur, type)) {
		/* lvm2 writes the VG all the same */
		log_warn("New lock type %s matches the current lock type %s.", type, cur);
		if (tool_commit(&t, old, vg, NULL, 0))
			goto out;
		goto done;
	}
	if (vg_shared(vg) && strcmp(type, "none")) {
		log_error("Cannot change lock type directly from \"%s\" to \"%s\".", cur, type);
		log_error("First change lock type to \"none\", then to \"%s\".", type);
		goto out;
	}
	if (strcmp(cur, "none") && !vg_shared(vg)) {
		log_error("Changing lock type %s of VG %s is not done by vgtool: use lvm2's.", cur,
		          name);
		goto out;
	}
	visible = xcalloc(vg->n_lvs + 1, sizeof(*visible));
	for (size_t i = 0; i < vg->n_lvs; i++)
		if (lv_is_visible(vg->lvs[i]))
			visible[n_visible++] = vg->lvs[i];
	(void)tool_first_open(ctx, vg, visible, n_visible, &active);
	if (active) {
		log_error("Changing VG %s lock type not allowed with active LVs", name);
		goto out;
	}
	if (!strcmp(type, "none")) {
		if (unshare_vg(ctx, vg, 0) || tool_commit(&t, old, vg, NULL, 0))
			goto out;
	} else {
		struct lv *lock;
		/* a shared VG has no system ID (lvm2 drops it) */
		free(vg->system_id);
		vg->system_id = NULL;
		if (init_lock(ctx, &t, vg, type)) {
			log_error("Failed to initialize lock args for lock type %s", type);
			goto out;
		}
		/* the lockspace is not started: lvmlock inactive again, as lvm2
		 * leaves it (vgchange --lockstart activates it) */
		lock = vg_find_lv(vg, LVMLOCK_LV_NAME);
		if (lock && tool_kernel_follow(ctx, vg, NULL, 0, &lock, 1)) {
			log_error("Failed to deativate %s/%s.", name, LVMLOCK_LV_NAME);
			goto out;
		}
	}
done:
	log_print("Volume group \"%s\" successfully changed", name);
	rc = EXIT_DONE;
out:
	free(visible);
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	return rc;
}

int tool_vg_change_locktype(struct cmd_context *ctx)
{
	const char *type = arg_str(ctx, OPT_LOCKTYPE, NULL);
	const char *opt = arg_str(ctx, OPT_LOCKOPT, NULL);
	int forced = opt && !strcmp(opt, "force");
	struct name_list args = {0};
	int rc;

	if (strcmp(type, "none") && strcmp(type, "sanlock") && strcmp(type, "dlm")) {
		if (!strcmp(type, "idm") || !strcmp(type, "clvm"))
			log_error("Lock type %s is not done by vgtool: use lvm2's vgchange.", type);
		else
			log_error("Invalid argument for --locktype: %s", type);
		return EXIT_INVALID;
	}
	if (opt && !forced) {
		log_error("vgchange --locktype: --lockopt %s is not one vgtool takes (force).",
		          opt);
		return EXIT_INVALID;
	}
	if (!ctx->args.argc) {
		log_error("vgchange --locktype: give the volume groups to change.");
		return EXIT_INVALID;
	}
	if (forced) {
		if (strcmp(type, "none")) {
			log_error("Lock type can only be forced to \"none\" for recovery.");
			return EXIT_FAILED;
		}
		/* lvm2 asks; vgtool wants the answer on the command line */
		if (!ctx->yes) {
			log_error("Forcibly changing the VG lock type to none: confirm with -y.");
			return EXIT_FAILED;
		}
		/* lvm2's recovery: no lvmlockd lock at all */
		ctx->lockd_disable = 1;
	} else if (!tool_lockd_used()) {
		log_error("Using lock type requires lvmlockd.");
		return EXIT_FAILED;
	} else if (tool_lockd_gl(ctx, "ex", NULL)) {
		/* lvm2 takes it exclusively, so that other hosts read again */
		return EXIT_FAILED;
	}
	if ((rc = tool_vg_args(ctx, TAG_BAD_VG, &args)) != EXIT_DONE)
		return rc;
	for (size_t i = 0; i < args.n; i++) {
		int r = change_locktype(ctx, args.names[i], type, forced);
		if (r != EXIT_DONE)
			rc = r;
	}
	name_list_release(&args);
	return rc;
}

/* vgextend --restoremissing VG PV...: a PV written MISSING whose device
 * is back is a PV of the VG again (lvm2's _restore_pv).  0 when at least
 * one PV was restored, else -1 (logged). */
static int restore_pvs(struct vg *vg, char *const *paths, size_t n)
{
	size_t fixed = 0;

	for (size_t i = 0; i < n; i++) {
		struct pv *pv = vg_find_pv_by_path(vg, paths[i]);
		if (!pv)
			log_warn("WARNING: PV %s not found in VG %s", paths[i], vg->name);
		else if (!(pv->status & PV_MISSING) && !pv->missing_cleared)
			log_warn("WARNING: PV %s was not missing in VG %s", paths[i], vg->name);
		else {
			pv->status &= ~PV_MISSING;
			fixed++;
		}
	}
	if (!fixed) {
		log_error("No PV has been restored.");
		return -1;
	}
	return 0;
}

int cmd_vgextend(struct cmd_context *ctx)
{
	const char *name;
	char *const *paths;
	size_t n;
	struct tool t;
	struct vg *vg = NULL, *old = NULL;
	int rc = EXIT_FAILED, restore = arg_count(ctx, OPT_RESTOREMISSING) > 0;

	if (ctx->args.argc < 2) {
		log_error("vgextend: give a volume group name and at least one device.");
		return EXIT_INVALID;
	}
	name = ctx->args.argv[0];
	paths = ctx->args.argv + 1;
	n = (size_t)ctx->args.argc - 1;
	/* PVs to restore are the VG's, found by the scan or not at all */
	if (restore ? tool_begin(&t, ctx, name) : tool_begin_paths(&t, ctx, name, paths, n))
		return EXIT_FAILED;
	/* lvm2 adds PVs to a VG whose PVs are missing (no LV changes) */
	if (!(old = tool_read_vg_missing_ok(&t, name)) || !(vg = vg_clone(old)) ||
	    (restore ? restore_pvs(vg, paths, n) : add_pvs(&t, vg, paths, n)))
		goto out;
	if (tool_commit(&t, old, vg, NULL, 0))
		goto out;
	log_print("Volume group \"%s\" successfully extended", name);
	rc = EXIT_DONE;
out:
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	return rc;
}

/* lvm2's _consolidate_vg: the partial LVs left are named, and then no
 * PV is removed; else the missing PVs (all unused now) go.  1 when the
 * VG came out consistent. */
static int consolidate(struct vg *vg)
{
	int partial = 0;

	for (size_t i = 0; i < vg->n_lvs; i++)
		if (lv_is_partial(vg, vg->lvs[i])) {
			log_warn("WARNING: Partial LV %s needs to be repaired or removed. ",
			         vg->lvs[i]->name);
			partial = 1;
		}
	if (partial) {
		log_error("There are still partial LVs in VG %s.", vg->name);
		log_error("To remove them unconditionally use: vgreduce --removemissing --force.");
		log_warn("WARNING: Proceeding to remove empty missing PVs.");
		return 0;
	}
	vg_remove_missing_pvs(vg);
	return 1;
}

/* Is an LV of `old` that `vg` no longer has open (mounted, in use)?
 * Then it is not removed (logged). */
static int lvs_gone_in_use(struct cmd_context *ctx, struct vg *old, const struct vg *vg)
{
	struct lv **gone = xcalloc(old->n_lvs + 1, sizeof(*gone));
	const struct lv *open;
	size_t n = 0;

	for (size_t i = 0; i < old->n_lvs; i++)
		if (!vg_find_lv_by_id(vg, old->lvs[i]->id))
			gone[n++] = old->lvs[i];
	open = n ? tool_first_open(ctx, old, gone, n, NULL) : NULL;
	free(gone);
	if (open)
		log_error("Logical volume %s/%s is in use.", old->name, open->name);
	return open != NULL;
}

/* vgreduce --removemissing [-f] VG: drop the PVs that are missing from
 * the metadata; with -f first every LV on them (an origin with its
 * snapshots, a snapshot whose origin or COW is there), as lvm2. */
static int reduce_missing(struct cmd_context *ctx, const char *name)
{
	struct tool t;
	struct vg *vg = NULL, *old = NULL;
	unsigned steps = 1;
	int rc = EXIT_FAILED, fixed;

	if (tool_begin(&t, ctx, name))
		return EXIT_FAILED;
	if (!(old = tool_read_vg_missing_ok(&t, name)) || !(vg = vg_clone(old)))
		goto out;
	if (!vg_missing_pv_count(vg)) {
		log_print("Volume group \"%s\" is already consistent.", name);
		rc = EXIT_DONE;
		goto out;
	}
	if (arg_count(ctx, OPT_FORCE)) {
		struct lv *lv;
		while ((lv = vg_next_partial_lv(vg))) {
			char *lv_name = xstrdup(lv->name);
			log_warn("WARNING: Removing partial LV %s/%s.", name, lv_name);
			/* lvm2 2.03.16 commits twice for each snapshot its
			 * --force takes along with an origin (seen in the
			 * sandbox), once in lvremove */
			tool_remove_lv(vg, lv, 2, &steps);
			log_print("Logical volume \"%s\" successfully removed.", lv_name);
			free(lv_name);
		}
	}
	if (lvs_gone_in_use(ctx, old, vg))
		goto out;
	fixed = consolidate(vg);
	/* lvm2 writes the VG even when it removed nothing: the missing
	 * PVs are then written MISSING */
	if (tool_commit_steps(&t, old, vg, NULL, 0, steps) ||
	    tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0))
		goto out;
	if (fixed) {
		log_print("Wrote out consistent volume group %s.", name);
		rc = EXIT_DONE;
	}
out:
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	return rc;
}

int cmd_vgreduce(struct cmd_context *ctx)
{
	const char *name;
	struct tool t;
	struct vg *vg = NULL, *old = NULL;
	char **paths = NULL, **chosen = NULL;
	size_t n_paths = 0, n_chosen = 0, n_pvs;
	int all = arg_count(ctx, OPT_ALL_PVS) > 0;
	int rc = EXIT_FAILED;

	if (arg_count(ctx, OPT_REMOVEMISSING)) {
		if (ctx->args.argc != 1) {
			log_error(ctx->args.argc ? "Please only specify the volume group."
			                         : "Please give volume group name.");
			return EXIT_INVALID;
		}
		return reduce_missing(ctx, ctx->args.argv[0]);
	}
	if (ctx->args.argc < 1) {
		log_error("Please give volume group name and physical volume paths.");
		return EXIT_INVALID;
	}
	if (ctx->args.argc == 1 && !all) {
		log_error("Please enter physical volume paths or option -a.");
		return EXIT_INVALID;
	}
	if (ctx->args.argc > 1 && all) {
		log_error("Option -a and physical volume paths mutually exclusive.");
		return EXIT_INVALID;
	}
	name = ctx->args.argv[0];
	/* the paths given ("@TAG" is resolved against the VG's PVs below) */
	paths = xcalloc((size_t)ctx->args.argc, sizeof(*paths));
	for (int i = 1; i < ctx->args.argc; i++) {
		const char *a = ctx->args.argv[i];
		if (*a != '@')
			paths[n_paths++] = ctx->args.argv[i];
		else if (tag_problem(a + 1)) {
			log_error("Skipping invalid tag %s.", a + 1);
			free(paths);
			return EXIT_INVALID;
		}
	}
	if (tool_begin_paths(&t, ctx, name, paths, n_paths)) {
		free(paths);
		return EXIT_FAILED;
	}
	if (!(old = tool_read_vg_for_write(&t, name)) || !(vg = vg_clone(old)) ||
	    tool_refuse_not_resizeable(vg))
		goto out;
	for (size_t i = 0; i < n_paths; i++)
		if (!vg_find_pv_by_path(vg, paths[i])) {
			log_error("Physical volume %s is not in volume group %s.", paths[i], name);
			goto out;
		}
	/* As lvm2: the PVs in the VG's order, named, carrying a tag given, or
	 * all of them with -a; each removed in a commit of its own, a PV
	 * that cannot go said and the others removed all the same (exit 5
	 * then). */
	rc = EXIT_DONE;
	n_pvs = vg->n_pvs;
	chosen = xcalloc(n_pvs + 1, sizeof(*chosen));
	for (size_t k = 0; k < n_pvs; k++) {
		const struct pv *pv = vg->pvs[k];
		int take = all;
		for (size_t i = 0; i < n_paths && !take; i++)
			take = vg_find_pv_by_path(vg, paths[i]) == pv;
		for (int i = 1; i < ctx->args.argc && !take; i++)
			take = ctx->args.argv[i][0] == '@' &&
			       tag_list_has(&pv->tags, ctx->args.argv[i] + 1);
		if (take)
			chosen[n_chosen++] = xstrdup(pv->id);
	}
	for (size_t k = 0; k < n_chosen; k++) {
		struct pv *pv = vg_find_pv_by_id(vg, chosen[k]);
		const char *path = pv && pv->dev_path ? pv->dev_path : "[unknown]";
		struct pv_disk *pd;
		char *shown;
		if (!pv)
			continue;
		for (size_t i = 0; i < n_paths; i++)
			if (vg_find_pv_by_path(vg, paths[i]) == pv)
				path = paths[i];
		if (pv_used_extents(vg, pv)) {
			log_error("Physical volume \"%s\" still in use", path);
			rc = EXIT_FAILED;
			continue;
		}
		if (vg->n_pvs == 1) {
			log_error(
			    "Can't remove final physical volume \"%s\" from volume group \"%s\"",
			    path, name);
			rc = EXIT_FAILED;
			continue;
		}
		pd = pv->dev_path ? scan_find_path(&t.scan, pv->dev_path) : NULL;
		shown = xstrdup(path);
		vg_remove_pv(vg, pv);
		/* the PVs left must keep a copy of the VG (lvm2's words) */
		if (!scan_vg_mda_count(&t.scan, vg)) {
			log_error("Cannot remove final metadata area on \"%s\" from \"%s\"", shown,
			          name);
			free(shown);
			rc = EXIT_FAILED;
			vg_free(vg);
			vg = vg_clone(old);
			continue;
		}
		if (tool_commit(&t, old, vg, &pd, pd ? 1 : 0)) {
			free(shown);
			rc = EXIT_FAILED;
			goto out;
		}
		log_print("Removed \"%s\" from volume group \"%s\"", shown, name);
		free(shown);
		vg_free(old);
		old = vg_clone(vg);
	}
out:
	for (size_t k = 0; k < n_chosen; k++)
		free(chosen[k]);
	free(chosen);
	free(paths);
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	return rc;
}

/* vgremove of a shared VG, before its metadata goes (lvm2's order): no
 * LV active on another host (each LV's lock, for the time of the
 * command: "LV locked by other host"), the LVs deactivated here and their
 * locks let go, then the lockspace freed (sanlock: refused while another
 * host has it started), then lvmlock deactivated.  0, or -1 (logged;
 * nothing removed, the LVs maybe deactivated). */
static int shared_vg_gone(struct cmd_context *ctx, struct vg *vg)
{
	struct lv **units = xcalloc(vg->n_lvs + 1, sizeof(*units));
	size_t n = 0;
	int r = -1;

	for (size_t i = 0; i < vg->n_lvs; i++)
		if (lv_uses_lock(vg, vg->lvs[i])) {
			if (tool_lockd_lv(ctx, vg, vg->lvs[i], "ex", 0))
				goto out;
			units[n++] = vg->lvs[i];
		}
	if (n && tool_kernel_follow(ctx, vg, NULL, 0, units, n))
		goto out;
	for (size_t i = 0; i < n; i++)
		(void)tool_lockd_lv(ctx, vg, units[i], "un", 1);
	if (tool_lockd_free_vg_before(ctx, vg))
		goto out;
	/* as lvm2: a second for sanlock to let lvmlock go */
	if (!strcmp(vg->lock_type, "sanlock"))
		sleep(1);
	r = 0;
out:
	free(units);
	return r;
}

/* vgremove -f names the LVs as lvm2 removes them: in the VG's order, an
 * origin's snapshots just before it, a sparse snapshot in its place. */
static void print_removed_lvs(const struct vg *vg)
{
	for (size_t i = 0; i < vg->n_lvs; i++) {
		const struct lv *lv = vg->lvs[i];
		/* (a sparse snapshot is named where its COW LV is) */
		if (!lv_is_user_visible(vg, lv) ||
		    (lv_cow_segment(vg, lv) && !lv_virtual_origin_of(vg, lv)))
			continue;
		for (size_t j = 0; j < lv->n_snapshots; j++)
			log_print("Logical volume \"%s\" successfully removed.",
			          lv->snapshots[j]->cow->name);
		log_print("Logical volume \"%s\" successfully removed.", lv->name);
	}
}

int cmd_vgremove(struct cmd_context *ctx)
{
	int rc = EXIT_DONE;
	struct name_list args;

	if (!ctx->args.argc && !arg_count(ctx, OPT_SELECT)) {
		log_error("vgremove: give at least one volume group, or -S.");
		return EXIT_INVALID;
	}
	/* -S: the VGs it selects among those named (all without names); a
	 * VG named but not there fails at the end, the others are removed */
	rc = arg_count(ctx, OPT_SELECT) ? tool_select_vgs(ctx, &args)
	                                : tool_vg_args(ctx, TAG_BAD_VG, &args);
	if (rc != EXIT_DONE && (rc == EXIT_INVALID || !args.n)) {
		name_list_release(&args);
		return rc;
	}
	for (size_t a = 0; a < args.n; a++) {
		const char *name = args.names[a];
		struct tool t;
		struct vg *vg;
		struct pv_disk **pds;
		size_t n_pds;

		if (tool_begin(&t, ctx, name)) {
			rc = EXIT_FAILED;
			continue;
		}
		vg = tool_read_vg_missing_ok(&t, name);
		if (!vg) {
			rc = EXIT_FAILED;
			tool_end(&t);
			continue;
		}
		/* lvm2 asks before removing LVs (vgtool wants -f, or -y, the
		 * answer given), warning first of missing PVs; with -f a VG
		 * with missing PVs goes too, from the PVs that are there */
		if (vg->n_lvs && !arg_count(ctx, OPT_FORCE) && !ctx->yes) {
			size_t visible = 0;
			for (size_t i = 0; i < vg->n_lvs; i++)
				visible += lv_is_user_visible(vg, vg->lvs[i]);
			if (vg_missing_pv_count(vg))
				log_warn("WARNING: %zu physical volumes are currently missing from "
				         "the system.",
				         vg_missing_pv_count(vg));
			log_error("Volume group %s still contains %zu logical volume(s); use -f to "
			          "remove them too.",
			          name, visible);
			rc = EXIT_FAILED;
			goto next;
		}
		if (vg_missing_pv_count(vg) && !arg_count(ctx, OPT_FORCE)) {
			log_error(
			    "Volume group \"%s\" not found, is inconsistent or has PVs missing.",
			    name);
			log_error("Consider vgreduce --removemissing if metadata is inconsistent.");
			rc = EXIT_FAILED;
			goto next;
		}
		{
			struct lv **lvs = xcalloc(vg->n_lvs + 1, sizeof(*lvs));
			const struct lv *open;
			size_t n = 0;
			for (size_t i = 0; i < vg->n_lvs; i++)
				if (lv_is_user_visible(vg, vg->lvs[i]))
					lvs[n++] = vg->lvs[i];
			open = tool_first_open(ctx, vg, lvs, n, NULL);
			free(lvs);
			if (open) {
				log_error(
				    "Logical volume %s/%s is in use; not removing volume group %s.",
				    name, open->name, name);
				rc = EXIT_FAILED;
				goto next;
			}
		}
		if (ctx->test_mode) {
			log_print("Test mode: volume group %s not removed.", name);
			goto next;
		}
		/* a shared VG: its lockspace given back first (shared_vg_gone) */
		if (vg_shared(vg) && shared_vg_gone(ctx, vg)) {
			rc = EXIT_FAILED;
			goto next;
		}
		/* deactivate everything first: nothing may map extents of a
		 * VG that no longer exists */
		if (tool_kernel_deactivate(ctx, vg)) {
			rc = EXIT_FAILED;
			goto next;
		}
		if (tool_archive_on(ctx) && backup_archive(vg, ctx->cmdline)) {
			rc = EXIT_FAILED;
			goto next;
		}
		{
			/* the outdated PVs too: their old copy would bring the
			 * VG back once the others are gone */
			struct pv_disk **outdated;
			size_t n_out = tool_outdated_pvs(&t, vg, &outdated);
			pds = xcalloc(vg->n_pvs + n_out + 1, sizeof(*pds));
			n_pds = 0;
			for (size_t i = 0; i < vg->n_pvs; i++)
				if ((pds[n_pds] = scan_find_pv_id(&t.scan, vg->pvs[i]->id)))
					n_pds++;
			for (size_t i = 0; i < n_out; i++)
				pds[n_pds++] = outdated[i];
			if (n_out)
				free(outdated);
		}
		print_removed_lvs(vg);
		if (vg_commit_remove(pds, n_pds)) {
			rc = EXIT_FAILED;
		} else {
			backup_remove(name);
			tool_lockd_free_vg_final(ctx, vg);
			log_print("Volume group \"%s\" successfully removed", name);
		}
		free(pds);
	next:
		vg_free(vg);
		tool_end(&t);
	}
	name_list_release(&args);
	return rc;
}

/* lvm2's vgrename takes the VG's uuid for its old name, when no VG is
 * called that: the name of the VG with that id, or NULL.  (Looked up
 * before the locks, which go by name; the read under them finds out if
 * the VG changed meanwhile.) */
static char *vg_name_by_uuid(const struct cmd_context *ctx, const char *arg,
                             char raw[UUID_LEN + 1])
{
	struct scan s;
	char *name = NULL;

	if (uuid_parse(arg, raw) || scan_pvs(&s, ctx->devices))
		return NULL;
	if (!vg_name_taken(&s, arg))
		for (size_t i = 0; i < s.n && !name; i++)
			if (pv_disk_vg_name(s.pvs[i]) && !strcmp(pv_disk_vg_id(s.pvs[i]), raw))
				name = xstrdup(pv_disk_vg_name(s.pvs[i]));
	scan_free(&s);
	return name;
}

/* vgrename of a shared VG, before the new name is written (lvm2's
 * lockd_rename_vg_before): no LV active here or on another host, the
 * lockspace left (every other host must have stopped it), and sanlock's
 * lvmlock deactivated, so that no device of the old name is left.  0,
 * or -1 after lvm2's lines. */
static int shared_rename_before(struct cmd_context *ctx, struct vg *vg)
{
	struct lv *lock = vg_find_lv(vg, LVMLOCK_LV_NAME);

	/* lvm2 says so and exits 0; a refusal here exits 5 */
	if (tool_vg_has_active_lvs(ctx, vg)) {
		log_error("LVs must be inactive before vgrename.");
		return -1;
	}
	if (tool_lockd_rename_vg_before(ctx, vg))
		return -1;
	if (lock && lv_is_lvmlock(vg, lock) && tool_kernel_follow(ctx, vg, NULL, 0, &lock, 1))
		log_error("Failed to deactivate sanlock lv %s/%s", vg->name, LVMLOCK_LV_NAME);
	return 0;
}

/* After it (`renamed`: under the new name; else the old): lvmlock
 * active again, sanlock's leases renamed, the lockspace started.  0, or
 * -1 after lvm2's line. */
static int shared_rename_final(struct cmd_context *ctx, struct vg *vg, int renamed)
{
	struct lv *lock = vg_find_lv(vg, LVMLOCK_LV_NAME);

	if (lock && lv_is_lvmlock(vg, lock) && tool_kernel_follow(ctx, vg, &lock, 1, NULL, 0)) {
		log_error("Failed to activate sanlock lv %s/%s", vg->name, LVMLOCK_LV_NAME);
		return -1;
	}
	return tool_lockd_rename_vg_final(ctx, vg, renamed);
}

int cmd_vgrename(struct cmd_context *ctx)
{
	const char *from, *to;
	char *by_uuid = NULL, id[UUID_LEN + 1];
	struct tool t;
	struct vg *vg = NULL, *old = NULL;
	int rc = EXIT_FAILED, stopped = 0, renamed = 0;

	if (ctx->args.argc != 2) {
		log_error("vgrename: give the old and the new name.");
		return EXIT_INVALID;
	}
	from = ctx->args.argv[0];
	to = ctx->args.argv[1];
	/* lvm2's vgrename checks the new name late: a failure, not a
	 * command-line error */
	if (name_check_new_vg(to) || vg_name_in_dev(to))
		return EXIT_FAILED;
	if ((by_uuid = vg_name_by_uuid(ctx, from, id)))
		from = by_uuid;
	if (tool_begin_two(&t, ctx, from, to)) {
		free(by_uuid);
		return EXIT_FAILED;
	}
	if (vg_name_taken(&t.scan, to)) {
		log_error("A volume group called %s already exists.", to);
		goto out;
	}
	/* by uuid, that VG alone, whether or not another has its name */
	if (!(old = by_uuid ? tool_read_vg_id_for_write(&t, from, id)
	                    : tool_read_vg_for_write(&t, from)) ||
	    !(vg = vg_clone(old)))
		goto out;
	free(vg->name);
	vg->name = xstrdup(to);
	if (vg_shared(old) && shared_rename_before(ctx, old))
		goto out;
	stopped = vg_shared(old);
	if (tool_kernel_check(ctx, vg, NULL, 0) || tool_commit(&t, old, vg, NULL, 0))
		goto out;
	renamed = 1;
	if (tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0))
		goto out;
	links_remove_vg(from);
	backup_remove(from);
	if (stopped && shared_rename_final(ctx, vg, 1))
		goto out;
	stopped = 0;
	/* (by uuid: lvm2 names the VG by the uuid given) */
	log_print("Volume group \"%s\" successfully renamed to \"%s\"", ctx->args.argv[0], to);
	rc = EXIT_DONE;
out:
	/* the lockspace left for the rename is started again, under the
	 * name the VG has now */
	if (stopped && !renamed)
		(void)shared_rename_final(ctx, old, 0);
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	free(by_uuid);
	return rc;
}
