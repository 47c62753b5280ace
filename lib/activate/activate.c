/* Activation glue (see activate.h). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "activate/activate.h"
#include "activate/dm.h"
#include "device/discovery.h"
#include "device/loop.h"
#include "misc/clock.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

#include <time.h>

int act_begin(struct act *a, struct vg *vg, int test_mode, int for_change)
{
	struct strbuf sb = STRBUF_INIT;

	memset(a, 0, sizeof(*a));
	strbuf_init(&a->test_plan, 0);
	a->vg = vg;
	a->test_mode = test_mode;
	strbuf_addf(&sb, "LVM-%s", vg->id);
	a->prefix = strbuf_detach(&sb, NULL);
	if (!kdm_available()) {
		/* the usual reason when the driver is there: not root */
		struct strbuf ctl = STRBUF_INIT;
		strbuf_addf(&ctl, "%s/mapper/control", dev_dir());
		if (geteuid() && !access(ctl.buf, F_OK))
			log_error("Activation needs root: %s is not usable by this user.", ctl.buf);
		else
			log_error("Device-mapper is not available (no driver or no %s).", ctl.buf);
		strbuf_release(&ctl);
		return -1;
	}
	for (size_t i = 0; i < vg->n_pvs; i++) {
		struct pv *pv = vg->pvs[i];
		struct stat st;
		if (pv->dev_path && for_change && !test_mode && !stat(pv->dev_path, &st) &&
		    S_ISREG(st.st_mode)) {
			char *loop = loop_attach(pv->dev_path);
			if (!loop)
				return -1;
			free(pv->dev_path);
			pv->dev_path = loop;
		} else if (pv->dev_path && !stat(pv->dev_path, &st) && S_ISREG(st.st_mode)) {
			char *loop = loop_find(pv->dev_path);
			if (loop) {
				free(pv->dev_path);
				pv->dev_path = loop;
			}
		}
	}
	return act_reread(a);
}

int act_reread(struct act *a)
{
	char **paths = xcalloc(a->vg->n_pvs ? a->vg->n_pvs : 1, sizeof(*paths));
	double t0 = monotonic_ms();
	int r;

	for (size_t i = 0; i < a->vg->n_pvs; i++)
		paths[i] = a->vg->pvs[i]->dev_path;
	kdm_state_free(&a->have);
	r = kdm_read_state(&a->prefix, 1, paths, a->vg->n_pvs, &a->have);
	log_debug("activation: kernel state read in %.3f ms", monotonic_ms() - t0);
	free(paths);
	a->changed = 0;
	return r;
}

void act_end(struct act *a)
{
	kdm_state_free(&a->have);
	free(a->prefix);
	a->prefix = NULL;
	strbuf_release(&a->test_plan);
}

const struct kdm_kdev *act_lv_kdev(const struct act *a, const struct lv *lv)
{
	char *uuid = kdm_uuid_for(a->vg->id, lv->id, LAYER_TOP);
	const struct kdm_kdev *k = kdm_state_find_uuid(&a->have, uuid);
	free(uuid);
	return k;
}

static int minor_held(const struct act *a, const struct lv *lv, const int *claimed,
                      size_t n_claimed)
{
	const struct kdm_kdev *own = act_lv_kdev(a, lv);
	dev_t num;

	if (!(lv->status & LV_FIXED_MINOR) || lv->minor < 0 || own || kdm_major() < 0)
		return 0;
	for (size_t i = 0; i < n_claimed; i++)
		if (claimed[i] == lv->minor)
			return 1;
	num = makedev((unsigned)kdm_major(), (unsigned)lv->minor);
	for (size_t j = 0; j < a->have.n; j++)
		if (a->have.devs[j].dev == num)
			return 1;
	return 0;
}

int act_unit_minor_taken(const struct act *a, const struct lv *unit, int *claimed,
                         size_t *n_claimed)
{
	size_t n = *n_claimed;

	if (minor_held(a, unit, claimed, *n_claimed))
		return unit->minor;
	for (size_t i = 0; i < unit->n_snapshots; i++)
		if (minor_held(a, unit->snapshots[i]->cow, claimed, *n_claimed))
			return unit->snapshots[i]->cow->minor;
	if ((unit->status & LV_FIXED_MINOR) && unit->minor >= 0)
		claimed[n++] = unit->minor;
	for (size_t i = 0; i < unit->n_snapshots; i++)
		if ((unit->snapshots[i]->cow->status & LV_FIXED_MINOR) &&
		    unit->snapshots[i]->cow->minor >= 0)
			claimed[n++] = unit->snapshots[i]->cow->minor;
	*n_claimed = n;
	return -1;
}

int act_lv_active(const struct act *a, const struct lv *lv)
{
	return act_lv_kdev(a, lv) != NULL;
}

int act_lv_open(const struct act *a, const struct lv *lv)
{
	const struct kdm_kdev *k = act_lv_kdev(a, lv);
	return k && k->open_count > 0;
}

size_t act_active_lvs(const struct act *a, struct lv ***out)
{
	size_t n = 0;
	*out = xcalloc(a->vg->n_lvs ? a->vg->n_lvs : 1, sizeof(**out));
	for (size_t i = 0; i < a->vg->n_lvs; i++) {
		struct lv *lv = a->vg->lvs[i];
		if (!lv_snapshot_segment(lv) && act_lv_active(a, lv))
			(*out)[n++] = lv;
	}
	return n;
}

/* A device of another VG or tool already holding one of our names. */
static int check_clashes(const struct act *a, const struct kdm_devs *want)
{
	for (size_t i = 0; i < want->n; i++) {
		const struct kdm_kdev *k = kdm_state_find_name(&a->have, want->devs[i].name);
		if (k && (!k->uuid || strcmp(k->uuid, want->devs[i].uuid))) {
			log_error("A device-mapper device named %s already exists (uuid %s); not "
			          "touching it.",
			          want->devs[i].name, k->uuid ? k->uuid : "none");
			return -1;
		}
		/* a persistent minor another device holds: the create would
		 * fail half way through the plan, so refuse it first */
		if (want->devs[i].fixed_minor && !k && kdm_major() >= 0) {
			dev_t num = makedev((unsigned)kdm_major(), (unsigned)want->devs[i].minor);
			for (size_t j = 0; j < a->have.n; j++)
				if (a->have.devs[j].dev == num) {
					log_error("The requested major:minor pair (%d:%d) is already used.",
					          kdm_major(), want->devs[i].minor);
					return -1;
				}
		}
	}
	return 0;
}

int act_check(struct act *a, struct lv *const *active, size_t n)
{
	struct kdm_devs want;
	int r;
	if (plan_desired(a->vg, active, n, &a->have, &want))
		return -1;
	r = check_clashes(a, &want);
	kdm_devs_free(&want);
	return r;
}

int act_converge(struct act *a, struct lv *const *active, size_t n, struct lv *const *keep,
                 size_t n_keep)
{
	struct kdm_devs want;
	struct kdm_plan plan;
	int r = 0;
	double t0 = monotonic_ms();

	if (plan_desired(a->vg, active, n, &a->have, &want))
		return -1;
	for (size_t i = 0; i < n_keep; i++)
		kdm_devs_keep(&want, a->vg, keep[i]);
	for (size_t i = 0; i < a->n_ro_follow; i++)
		kdm_devs_ro_follow(&want, a->vg, a->ro_follow[i]);
	if (check_clashes(a, &want)) {
		kdm_devs_free(&want);
		return -1;
	}
	plan_ops(&want, &a->have, a->prefix, 1, &plan);
	if (a->test_mode || log_enabled(LOG_LVL_VERBOSE)) {
		struct strbuf sb = STRBUF_INIT;
		kdm_plan_print(&plan, &sb);
		if (a->test_mode)
			strbuf_addf(&a->test_plan,
			            "Test mode: device-mapper operations not run:\n%s%s",
			            plan.n ? "" : "  (none)\n", sb.buf);
		else if (plan.n)
			log_verbose("Device-mapper plan:\n%s", sb.buf);
		strbuf_release(&sb);
	}
	log_debug("activation: planned %zu ops in %.3f ms", plan.n, monotonic_ms() - t0);
	t0 = monotonic_ms();
	if (!a->test_mode && plan.n) {
		r = kdm_run_plan(&plan, &a->have);
		a->changed = 1;
	}
	log_debug("activation: plan ran in %.3f ms", monotonic_ms() - t0);
	t0 = monotonic_ms();
	if (!a->test_mode && !kdm_udev_active())
		links_sync(a->vg->name, a->vg, a);
	log_debug("activation: links in %.3f ms", monotonic_ms() - t0);
	kdm_plan_free(&plan);
	kdm_devs_free(&want);
	return r;
}

/* --- /dev/VG/LV links --- */

void links_sync(const char *vg_name, const struct vg *vg, const struct act *a)
{
	struct strbuf dir = STRBUF_INIT, link = STRBUF_INIT, target = STRBUF_INIT;
	struct strbuf mapper = STRBUF_INIT;
	DIR *d;
	struct dirent *e;
	int dir_made = 0;

	/* (system calls are counted here: under emulation each costs tens of
	 * microseconds, a bulk activation makes thousands of links, and the
	 * kernel's own work for a device is only a few times more) */
	strbuf_addf(&dir, "%s/%s", dev_dir(), vg_name);
	strbuf_addf(&mapper, "%s/mapper/", dev_dir());
	/* make the links of visible active LVs */
	for (size_t i = 0; vg && i < vg->n_lvs; i++) {
		const struct lv *lv = vg->lvs[i];
		char *name, buf[4096];
		ssize_t n;
		if (!lv_is_user_visible(vg, lv) || !act_lv_active(a, lv))
			continue;
		if (!dir_made && mkdir(dir.buf, 0755) && errno != EEXIST) {
			log_warn("WARNING: cannot create %s: %s.", dir.buf, strerror(errno));
			break;
		}
		dir_made = 1;
		name = kdm_name_for(vg->name, lv->name, LAYER_TOP);
		strbuf_reset(&link);
		strbuf_reset(&target);
		strbuf_addf(&link, "%s/%s", dir.buf, lv->name);
		/* absolute, as lvm2 makes them without udev (udev's own links
		 * are relative, to the dm-N node) */
		strbuf_addf(&target, "%s/mapper/%s", dev_dir(), name);
		free(name);
		/* a new link is the common case: made at once; one already
		 * there is kept when it points at the node */
		if (!symlink(target.buf, link.buf))
			continue;
		if (errno != EEXIST) {
			log_warn("WARNING: cannot create %s: %s.", link.buf, strerror(errno));
			continue;
		}
		n = readlink(link.buf, buf, sizeof(buf) - 1);
		if (n >= 0) {
			buf[n] = '\0';
			if (!strcmp(buf, target.buf))
				continue;
		}
		unlink(link.buf);
		if (symlink(target.buf, link.buf))
			log_warn("WARNING: cannot create %s: %s.", link.buf, strerror(errno));
	}
	/* remove links whose device is gone */
	d = opendir(dir.buf);
	while (d && (e = readdir(d))) {
		const struct lv *lv;
		char buf[4096];
		ssize_t n;
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		/* the links just made or checked above */
		lv = vg ? vg_find_lv(vg, e->d_name) : NULL;
		if (lv && lv_is_user_visible(vg, lv) && act_lv_active(a, lv))
			continue;
		strbuf_reset(&link);
		strbuf_addf(&link, "%s/%s", dir.buf, e->d_name);
		n = readlink(link.buf, buf, sizeof(buf) - 1);
		if (n < 0)
			continue;
		buf[n] = '\0';
		/* ours or lvm2's (older vgtool made them relative) */
		if (strncmp(buf, "../mapper/", 10) && strncmp(buf, mapper.buf, mapper.len))
			continue;
		/* dangling (the node is gone), or the LV is hidden now (a
		 * snapshot whose merge was put off while its origin was open):
		 * lvm2 removes a hidden LV's link whenever it reloads it */
		if ((lv && !lv_is_user_visible(vg, lv)) || stat(link.buf, &st))
			unlink(link.buf);
	}
	if (d)
		closedir(d);
	rmdir(dir.buf); /* only succeeds when empty */
	strbuf_release(&dir);
	strbuf_release(&link);
	strbuf_release(&target);
	strbuf_release(&mapper);
}

void links_remove_vg(const char *vg_name)
{
	links_sync(vg_name, NULL, NULL);
}
