/* pvscan --cache: event activation, as lvm2 2.03 does it.
 *
 * udev runs `pvscan --cache ... DEV` for each PV as it appears (conf/udev/
 * 69-vgtool.rules).  The command records the PV online in lvm2's own files
 * under /run/lvm (lib/activate/online.h) and, once every PV of its VG is
 * recorded, claims the VG: one vgs_online file per VG, made with O_EXCL,
 * so that however the disks arrive (in any order, at once, twice) and
 * whichever of vgtool and lvm2 gets there first, exactly one command
 * activates the VG.  The activation itself is vgchange -aay: the claim is
 * the only new thing.
 *
 * Completeness is judged by the record, not by what the scan sees: a disk
 * that is in /dev but whose udev event has not been processed yet is not
 * online (its own event will come, and may complete the VG then). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "activate/online.h"
#include "config/settings.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/toollib.h"

/* What the command line asked for. */
struct pvscan_how {
	int cache;          /* --cache: record the PVs (--listvg alone does not) */
	int activate;       /* -aay: activate complete VGs here */
	int list_vg;        /* --listvg: say the PV's VG */
	int check_complete; /* --checkcomplete: and whether it is complete */
	int vg_online;      /* --vgonline: claim it when complete */
	int udev_output;    /* --udevoutput: KEY='value' lines only */
};

/* lvm2 puts "pvscan[PID] " before the lines of a pvscan --cache run from
 * a terminal or a service, not before those udev imports. */
#define say(how, fmt, ...)                                                                         \
	do {                                                                                       \
		if ((how)->udev_output)                                                            \
			log_print(fmt, __VA_ARGS__);                                               \
		else                                                                               \
			log_print("pvscan[%d] " fmt, (int)getpid(), __VA_ARGS__);                  \
	} while (0)

/* The VGs this run found complete. */
struct names {
	char **v;
	size_t n;
};

static void names_add(struct names *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], name))
			return;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(name);
}

static void names_free(struct names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* A device argument: a path (any name of the device) or "MAJOR:MINOR",
 * lvm2's two forms.  0 with its number, or -1 when there is none (a
 * path that is gone: its PV, if it was one, went with it). */
static int arg_devno(const char *arg, dev_t *devno)
{
	unsigned ma, mi;
	char end;
	struct stat st;

	if (sscanf(arg, "%u:%u%c", &ma, &mi, &end) == 2) {
		*devno = makedev(ma, mi);
		return 0;
	}
	if (stat(arg, &st) || !S_ISBLK(st.st_mode))
		return -1;
	*devno = st.st_rdev;
	return 0;
}

static struct pv_disk *find_devno(const struct scan *s, dev_t devno)
{
	for (size_t i = 0; i < s->n; i++)
		if (!pv_disk_device(s->pvs[i])->is_file && pv_disk_device(s->pvs[i])->rdev == devno)
			return s->pvs[i];
	return NULL;
}

/* The PV ids of `vg`, pointers into it. */
static char **vg_pv_ids(const struct vg *vg)
{
	char **ids = xcalloc(vg->n_pvs + 1, sizeof(*ids));
	for (size_t i = 0; i < vg->n_pvs; i++)
		ids[i] = (char *)vg->pvs[i]->id;
	return ids;
}

/* Record one PV found by the scan, and tell whether its VG is complete
 * now: its name added to `complete`.  -1 on an error worth exit 5. */
/* The VGs this command has read, by name (NULL for a name that could not
 * be read): each once, where a VG of N PVs would otherwise be read N times
 * by `pvscan --cache` of every PV. */
struct vg_reads {
	char **names;
	struct vg **vgs;
	size_t n;
};

static struct vg *read_vg_once(struct tool *t, struct vg_reads *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name))
			return c->vgs[i];
	c->names = xrealloc(c->names, (c->n + 1) * sizeof(*c->names));
	c->vgs = xrealloc(c->vgs, (c->n + 1) * sizeof(*c->vgs));
	c->names[c->n] = xstrdup(name);
	c->vgs[c->n] = vg_read(&t->scan, name);
	return c->vgs[c->n++];
}

static void vg_reads_free(struct vg_reads *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->names[i]);
		vg_free(c->vgs[i]);
	}
	free(c->names);
	free(c->vgs);
}

static int record_pv(struct tool *t, const struct pvscan_how *how, struct pv_disk *pd,
                     struct vg_reads *reads, struct names *complete)
{
	const char *path = pv_disk_path(pd), *vg_name = pv_disk_vg_name(pd);
	dev_t devno = pv_disk_device(pd)->rdev;
	char *lookup_vg = NULL, **ids = NULL;
	size_t n_ids = 0, missing;
	struct vg *vg = NULL;
	struct online_pv other;
	int known = 1, r = 0;

	/* lvm2's order of the PVs it passes over: in no VG (its label
	 * says so), then what its VG is */
	if (pv_disk_unused(pd)) {
		say(how, "PV %s not used.", path);
		return 0;
	}
	/* this PV's own metadata names its VG, as for lvm2 (which reads no
	 * other device here): a PV without it is placed by the lookup file
	 * an earlier PV of its VG left, not by disks not yet announced */
	if (!pv_disk_has_copy(pd))
		vg_name = NULL;
	if (vg_name && !(vg = read_vg_once(t, reads, vg_name)))
		vg_name = NULL;
	if (!vg_name)
		say(how, "PV %s has no VG metadata.", path);
	if (vg && (vg->status & VG_EXPORTED)) {
		say(how, "PV %s ignore exported VG.", path);
		return 0;
	}
	/* shared VGs are activated under lvmlockd's locks, never by an
	 * event (lvm2's line) */
	if (vg && vg_shared(vg)) {
		say(how, "PV %s ignore shared VG.", path);
		return 0;
	}
	/* a VG vgtool cannot activate (lvm2 passes over the foreign VGs
	 * among them, with a line of its own) */
	if (vg && vg->read_only_reason) {
		say(how, "PV %s ignore VG %s: %s.", path, vg->name, vg->read_only_reason);
		return 0;
	}
	if (!how->cache)
		goto recorded;
	switch (online_pv_record(ONLINE_RUN_DIR, pv_disk_pv_id(pd), major(devno), minor(devno),
	                         vg_name, path, &other)) {
	case ONLINE_RECORDED:
	case ONLINE_ALREADY:
		break;
	case ONLINE_DUPLICATE:
		log_error("pvscan[%d] PV %s is duplicate for PVID %s on %u:%u and %u:%u.",
		          (int)getpid(), path, pv_disk_pv_id(pd), major(devno), minor(devno),
		          other.major, other.minor);
		return -1;
	case ONLINE_ERROR:
		log_error("pvscan[%d] PV %s failed to create online file: %s.", (int)getpid(), path,
		          strerror(errno));
		return -1;
	}
recorded:
	if (!how->activate && !how->list_vg && !how->check_complete) {
		say(how, "PV %s online.", path);
		return 0;
	}

	/* --listvg alone names the VG and counts nothing */
	if (!how->activate && !how->check_complete) {
		known = vg_name != NULL;
		missing = 0;
	} else if (vg) {
		char **mine = vg_pv_ids(vg);
		missing = online_pvs_missing(ONLINE_RUN_DIR, mine, vg->n_pvs);
		/* for a later PV without metadata of its own; then again,
		 * as lvm2: a PV recorded while the file was being made was
		 * not counted above but has read the file */
		if (vg->n_pvs > 1 &&
		    online_lookup_write(ONLINE_RUN_DIR, vg->name, mine, vg->n_pvs) > 0 && missing)
			missing = online_pvs_missing(ONLINE_RUN_DIR, mine, vg->n_pvs);
		free(mine);
		vg_name = vg->name;
	} else if (!online_lookup_find(ONLINE_RUN_DIR, pv_disk_pv_id(pd), &lookup_vg, &ids,
	                               &n_ids)) {
		missing = online_pvs_missing(ONLINE_RUN_DIR, ids, n_ids);
		vg_name = lookup_vg;
	} else {
		/* a PV in no VG, or the first of its VG without metadata */
		known = 0;
		missing = 0;
	}

	if (!how->activate && !how->check_complete)
		; /* said below */
	else if (!known)
		say(how, "PV %s online, VG unknown.", path);
	else if (missing)
		say(how, "PV %s online, VG %s incomplete (need %zu).", path, vg_name, missing);
	else {
		say(how, "PV %s online, VG %s is complete.", path, vg_name);
		names_add(complete, vg_name);
	}

	if (how->list_vg) {
		if (!known || !vg_name) {
			log_print("VG unknown");
		} else if (!how->check_complete) {
			log_print("VG %s", vg_name);
		} else if (!missing) {
			int claimed = how->vg_online ? online_vg_claim(ONLINE_RUN_DIR, vg_name) : 1;
			if (claimed < 0) {
				log_error("pvscan[%d] VG %s cannot be claimed for activation: %s.",
				          (int)getpid(), vg_name, strerror(errno));
				r = -1;
			} else if (!claimed) {
				log_print("VG %s finished", vg_name);
			} else if (how->udev_output) {
				/* the one line udev imports (log_print is held) */
				printf("LVM_VG_NAME_COMPLETE='%s'\n", vg_name);
			} else {
				log_print("VG %s complete", vg_name);
			}
		} else if (how->udev_output) {
			printf("LVM_VG_NAME_INCOMPLETE='%s'\n", vg_name);
		} else {
			log_print("VG %s incomplete", vg_name);
		}
	}
	free(lookup_vg);
	online_ids_free(ids, n_ids);
	return r;
}

/* The activation phase: claim each complete VG, activate the claimed. */
static int activate_complete(struct cmd_context *ctx, const struct pvscan_how *how,
                             const struct names *complete)
{
	int rc = EXIT_DONE;

	for (size_t i = 0; i < complete->n; i++) {
		const char *name = complete->v[i];
		int claimed = online_vg_claim(ONLINE_RUN_DIR, name);

		if (claimed < 0) {
			log_error("pvscan[%d] VG %s cannot be claimed for activation: %s.",
			          (int)getpid(), name, strerror(errno));
			rc = EXIT_FAILED;
			continue;
		}
		if (!claimed) {
			say(how, "VG %s skip autoactivation.", name);
			continue;
		}
		say(how, "VG %s run autoactivation.", name);
		if (tool_autoactivate_vg(ctx, name) != EXIT_DONE) {
			log_error("pvscan[%d] %s: autoactivation failed.", (int)getpid(), name);
			rc = EXIT_FAILED;
		}
	}
	return rc;
}

/* lvm2's line for an option its command definitions do not allow with
 * the others given; 1. */
static int refuse(const char *option, const char *value)
{
	log_error("Command does not accept option: %s%s%s.", option, value ? " " : "",
	          value ? value : "");
	return 1;
}

int cmd_pvscan_cache(struct cmd_context *ctx)
{
	struct pvscan_how how = {0};
	const char *aa = arg_str(ctx, OPT_AUTOACTIVATION, NULL);
	const char *act = arg_str(ctx, OPT_ACTIVATE, NULL);
	int event_activation = config_bool(SET_GLOBAL_EVENT_ACTIVATION);
	struct names complete = {0};
	struct vg_reads reads = {0};
	struct tool t;
	int rc = EXIT_DONE;

	how.cache = arg_count(ctx, OPT_CACHE) > 0;
	how.list_vg = arg_count(ctx, OPT_LISTVG) > 0;
	how.check_complete = arg_count(ctx, OPT_CHECKCOMPLETE) > 0;
	how.vg_online = arg_count(ctx, OPT_VGONLINE) > 0;
	how.udev_output = arg_count(ctx, OPT_UDEVOUTPUT) > 0;
	/* lvm2's forms: pvscan --cache [-aay] [--autoactivation A] [PV...],
	 * pvscan --cache --listvg [--checkcomplete [--vgonline]]
	 * [--udevoutput] [PV...], pvscan --listvg PV... */
	{
		int bad = 0;
		if (!how.cache && act)
			bad = refuse("--activate", act);
		if (!(how.cache && how.list_vg)) {
			if (how.check_complete)
				bad = refuse("--checkcomplete", NULL);
			if (how.vg_online)
				bad = refuse("--vgonline", NULL);
			if (how.udev_output)
				bad = refuse("--udevoutput", NULL);
		}
		if (!how.cache && aa)
			bad = refuse("--autoactivation", aa);
		if (!how.cache && !ctx->args.argc) {
			log_error("pvscan --listvg: give the PVs to list.");
			bad = 1;
		}
		if (bad)
			return EXIT_INVALID;
	}
	if (act && opt_activate_value(act) != ACTIVATE_AUTO) {
		log_error("Only --activate ay allowed with pvscan.");
		return EXIT_INVALID;
	}
	how.activate = act != NULL;
	/* udev imports stdout: nothing but the KEY='value' lines may land
	 * there (errors still go to stderr, which udev logs) */
	if (how.udev_output)
		log_hold_stdout(1);

	if (how.activate && !event_activation) {
		log_verbose("Ignoring pvscan --cache -aay because event_activation is disabled.");
		how.activate = 0;
	}
	/* the udev rule's form: a machine whose boot activation is lvm2's
	 * (global/event_activation = 0 here) records nothing */
	if (how.check_complete && !event_activation) {
		if (how.udev_output)
			printf("LVM_EVENT_ACTIVATION=0\n");
		else
			log_print(
			    "Ignoring pvscan with --checkcomplete because event_activation is "
			    "disabled.");
		return EXIT_DONE;
	}
	if (ctx->args.argc && !event_activation) {
		log_verbose("Ignoring pvscan --cache because event_activation is disabled.");
		return EXIT_DONE;
	}
	if (aa && strcmp(aa, "event")) {
		say(&how, "%s", "Skip pvscan for unknown autoactivation value.");
		return EXIT_DONE;
	}

	if (how.cache && online_setup(ONLINE_RUN_DIR)) {
		log_error("Failed to create %s: %s.", ONLINE_RUN_DIR, strerror(errno));
		return EXIT_FAILED;
	}
	if (tool_begin(&t, ctx, NULL))
		return EXIT_FAILED;
	if (!ctx->args.argc) {
		/* every PV there is, the record started anew (lvm2's form for a
		 * service that runs once at boot, or after a change by hand) */
		online_clear(ONLINE_RUN_DIR);
		for (size_t i = 0; i < t.scan.n; i++)
			if (!pv_disk_device(t.scan.pvs[i])->is_file &&
			    record_pv(&t, &how, t.scan.pvs[i], &reads, &complete))
				rc = EXIT_FAILED;
	}
	for (int i = 0; i < ctx->args.argc; i++) {
		const char *arg = ctx->args.argv[i];
		struct pv_disk *pd;
		dev_t devno;

		if (arg_devno(arg, &devno)) {
			log_verbose("pvscan %s: no such device.", arg);
			continue;
		}
		pd = find_devno(&t.scan, devno);
		if (!pd) {
			/* gone, filtered, or no longer a PV: its record goes, and
			 * its VG is activated again once complete again */
			if (online_pv_forget_devno(ONLINE_RUN_DIR, major(devno), minor(devno)))
				say(&how, "PV %u:%u offline.", major(devno), minor(devno));
			else
				log_verbose("pvscan %s: not a PV.", arg);
			continue;
		}
		if (record_pv(&t, &how, pd, &reads, &complete))
			rc = EXIT_FAILED;
	}
	/* the activation takes its own locks and scans anew */
	vg_reads_free(&reads);
	tool_end(&t);
	if (how.activate && complete.n) {
		int r = activate_complete(ctx, &how, &complete);
		if (r != EXIT_DONE)
			rc = r;
	}
	names_free(&complete);
	if (how.udev_output)
		fflush(stdout);
	return rc;
}
