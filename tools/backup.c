/* vgcfgbackup, vgcfgrestore, vgck. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config/config.h"
#include "metadata/format/backup.h"
#include "metadata/format/text.h"
#include "metadata/missing.h"
#include "metadata/names.h"
#include "misc/log.h"
#include "misc/xalloc.h"
#include "tools/commands.h"
#include "tools/toollib.h"

/* Backup files are small; 64 MiB is far beyond any real one. */
#define MAX_BACKUP_BYTES (64u << 20)

struct vg *tool_read_backup(const char *path)
{
	size_t len;
	char *text = tool_read_metadata_file(path, &len);
	struct vg *vg = text ? text_import_vg(text, len, path) : NULL;
	free(text);
	return vg;
}

char *tool_read_metadata_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;

	if (!f) {
		log_error("Cannot read %s: %s.", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_add(&sb, buf, n);
		if (sb.len > MAX_BACKUP_BYTES) {
			log_error("%s is too large to hold metadata.", path);
			fclose(f);
			strbuf_release(&sb);
			return NULL;
		}
	}
	if (ferror(f)) {
		log_error("Cannot read %s: %s.", path, strerror(errno));
		fclose(f);
		strbuf_release(&sb);
		return NULL;
	}
	fclose(f);
	return strbuf_detach(&sb, len);
}

static int backup_one(struct cmd_context *ctx, struct tool *t, const char *name, const char *file)
{
	struct vg *vg = tool_read_vg_shared(t, name);
	struct text_origin o;
	struct strbuf path = STRBUF_INIT;
	int r = -1;

	if (!vg)
		return -1;
	/* lvm2 keeps the system's backup of a VG whole: with a PV missing,
	 * only a file named on purpose */
	if (!file && vg_missing_pv_count(vg)) {
		log_error("No backup taken: specify filename with -f to backup with missing PVs.");
		goto out;
	}
	if (file) {
		/* lvm2 lets a %s in the file name stand for the VG name */
		const char *pct = strstr(file, "%s");
		if (pct)
			strbuf_addf(&path, "%.*s%s%s", (int)(pct - file), file, name, pct + 2);
		else
			strbuf_addstr(&path, file);
	} else {
		strbuf_addf(&path, "%s/backup", system_dir());
		if (mkdir(system_dir(), 0700) && errno != EEXIST) {
			log_error("Cannot create %s: %s.", system_dir(), strerror(errno));
			goto out;
		}
		if (mkdir(path.buf, 0700) && errno != EEXIST) {
			log_error("Cannot create %s: %s.", path.buf, strerror(errno));
			goto out;
		}
		strbuf_addf(&path, "/%s", name);
	}
	text_origin_init(&o, ctx->cmdline);
	r = ctx->test_mode ? 0 : backup_write_file(vg, &o, path.buf);
	text_origin_release(&o);
	if (!r)
		log_print("Volume group \"%s\" successfully backed up.", name);
out:
	strbuf_release(&path);
	vg_free(vg);
	return r;
}

int cmd_vgcfgbackup(struct cmd_context *ctx)
{
	const char *file = arg_str(ctx, OPT_FILE, NULL);
	struct tool t;
	char **names = NULL;
	size_t n;
	int rc = EXIT_DONE;

	if (tool_begin(&t, ctx, NULL))
		return EXIT_FAILED;
	if (ctx->args.argc) {
		for (int i = 0; i < ctx->args.argc; i++)
			if (backup_one(ctx, &t, ctx->args.argv[i], file))
				rc = EXIT_FAILED;
	} else {
		n = scan_vg_names(&t.scan, &names);
		if (file && n > 1 && !strstr(file, "%s")) {
			log_error("Several volume groups need a file name with %%s in it.");
			rc = EXIT_INVALID;
		}
		for (size_t i = 0; i < n; i++) {
			if (rc == EXIT_DONE || rc == EXIT_FAILED)
				if (backup_one(ctx, &t, names[i], file))
					rc = EXIT_FAILED;
			free(names[i]);
		}
		free(names);
	}
	tool_end(&t);
	return rc;
}

/* One file of vgcfgrestore --list, as lvm2 shows archives and the backup
 * alike: its path, the VG, the description and the time it records. */
static void show_backup_file(const char *path, const char *name)
{
	size_t len;
	char *text = tool_read_metadata_file(path, &len);
	struct strbuf err = STRBUF_INIT;
	struct cfg_node *root = text ? cfg_parse(text, len, &cfg_limits_metadata, &err) : NULL;
	const char *desc = "";
	int64_t when = 0;
	time_t tt;
	char tb[64] = "";
	struct tm tm;

	if (root) {
		cfg_get_str(root, "description", &desc);
		cfg_get_int(root, "creation_time", &when);
	}
	log_print(" ");
	log_print("File:\t\t%s", path);
	log_print("VG name:    \t%s", name);
	log_print("Description:\t%s", desc);
	tt = (time_t)when;
	if (localtime_r(&tt, &tm))
		strftime(tb, sizeof(tb), "%a %b %e %T %Y", &tm);
	log_print("Backup Time:\t%s", tb);
	cfg_free(root);
	strbuf_release(&err);
	free(text);
}

/* vgcfgrestore --list: every archive of the VG, then its backup. */
static int list_backups(const char *name)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	struct dirent **ents = NULL;
	size_t nl = strlen(name);
	int n, shown = 0;

	strbuf_addf(&dir, "%s/archive", system_dir());
	n = scandir(dir.buf, &ents, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *f = ents[i]->d_name;
		if (!strncmp(f, name, nl) && f[nl] == '_' && strstr(f, ".vg")) {
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s", dir.buf, f);
			shown++;
			show_backup_file(path.buf, name);
		}
		free(ents[i]);
	}
	free(ents);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/backup/%s", system_dir(), name);
	if (!access(path.buf, R_OK)) {
		shown++;
		show_backup_file(path.buf, name);
	}
	if (!shown)
		log_print("No backups or archives of volume group %s in %s.", name, system_dir());
	strbuf_release(&dir);
	strbuf_release(&path);
	return EXIT_DONE;
}

int cmd_vgcfgrestore(struct cmd_context *ctx)
{
	const char *name, *file = arg_str(ctx, OPT_FILE, NULL);
	struct strbuf path = STRBUF_INIT;
	struct tool t;
	struct vg *vg = NULL, *old = NULL;
	char *text = NULL;
	size_t len;
	int rc = EXIT_FAILED, began = 0;

	if (ctx->args.argc != 1) {
		log_error("vgcfgrestore: give exactly one volume group.");
		return EXIT_INVALID;
	}
	name = ctx->args.argv[0];
	if (name_check_vg(name))
		return EXIT_INVALID;
	if (arg_count(ctx, OPT_LIST))
		return list_backups(name);
	if (file)
		strbuf_addstr(&path, file);
	else
		strbuf_addf(&path, "%s/backup/%s", system_dir(), name);
	if (!(text = tool_read_metadata_file(path.buf, &len)) ||
	    !(vg = text_import_vg(text, len, path.buf)))
		goto out;
	if (strcmp(vg->name, name)) {
		log_error("%s holds volume group %s, not %s.", path.buf, vg->name, name);
		goto out;
	}
	if (vg->read_only_reason) {
		log_error("Volume group %s in %s is read-only for vgtool: %s.", name, path.buf,
		          vg->read_only_reason);
		goto out;
	}
	if (tool_begin(&t, ctx, name))
		goto out;
	began = 1;
	for (size_t i = 0; i < vg->n_pvs; i++) {
		struct pv_disk *pd = scan_find_pv_id(&t.scan, vg->pvs[i]->id);
		if (!pd) {
			log_error("Cannot restore volume group %s: PV %s (%s) not found.", name,
			          vg->pvs[i]->id,
			          vg->pvs[i]->device_hint ? vg->pvs[i]->device_hint : "?");
			goto out;
		}
		if (pv_disk_vg_name(pd) && strcmp(pv_disk_vg_name(pd), name)) {
			log_error("Cannot restore volume group %s: PV %s belongs to %s.", name,
			          pv_disk_path(pd), pv_disk_vg_name(pd));
			goto out;
		}
		free(vg->pvs[i]->dev_path);
		vg->pvs[i]->dev_path = xstrdup(pv_disk_path(pd));
	}
	/* the VG as it is on disk now, if readable, is archived first (its
	 * PV headers are about to be rewritten: no word about them) */
	vg_check_pv_headers(0);
	for (size_t i = 0; i < t.scan.n && !old; i++)
		if (pv_disk_vg_name(t.scan.pvs[i]) && !strcmp(pv_disk_vg_name(t.scan.pvs[i]), name))
			old = vg_read(&t.scan, name);
	vg_check_pv_headers(1);
	/* A shared VG is restored under its lvmlockd lock, exclusive, and
	 * read again under it (lvm2's restore takes only the global lock: a
	 * change by another host at the same moment would be lost).  The
	 * LVs' leases are left as they are: an LV the backup brings back
	 * keeps the lease its lock_args name, as with lvm2. */
	if (old && vg_shared(old)) {
		if (tool_lockd_vg_ex(&t, old))
			goto out;
		vg_free(old);
		vg_check_pv_headers(0);
		old = vg_read(&t.scan, name);
		vg_check_pv_headers(1);
		if (!old)
			goto out;
	}
	/* lvm2 asks before restoring under active LVs (their tables may no
	 * longer match); vgtool asks nothing and wants -y */
	if (old && old->n_lvs && !ctx->yes) {
		int active = 0;
		const struct lv *open = tool_first_open(ctx, old, old->lvs, old->n_lvs, &active);
		if (active) {
			log_error("Volume group %s has active volumes%s%s: confirm the restore "
			          "with -y.",
			          name, open ? ", in use: " : "", open ? open->name : "");
			goto out;
		}
	}
	if (tool_commit(&t, old, vg, NULL, 0))
		goto out;
	log_print("Restored volume group %s.", name);
	rc = EXIT_DONE;
out:
	if (began)
		tool_end(&t);
	vg_free(vg);
	vg_free(old);
	free(text);
	strbuf_release(&path);
	return rc;
}

/* vgck --updatemetadata VG...: the VG written again (seqno + 1, as lvm2)
 * on every metadata area of its PVs, those the scan found unreadable or
 * damaged and those holding an older copy included. */
static int update_metadata(struct cmd_context *ctx)
{
	int rc = EXIT_DONE;

	if (!ctx->args.argc) {
		log_error("vgck --updatemetadata: give the volume groups to write.");
		return EXIT_INVALID;
	}
	for (int i = 0; i < ctx->args.argc; i++) {
		const char *name = ctx->args.argv[i];
		struct vg *vg = NULL, *old = NULL;
		struct tool t;
		if (tool_begin(&t, ctx, name)) {
			rc = EXIT_FAILED;
			continue;
		}
		t.repair_bad = 1;
		/* as lvm2: a VG with a missing PV is written too, the PV
		 * kept as missing */
		if (!(vg = tool_read_vg_missing_ok(&t, name)) || !(old = vg_clone(vg))) {
			rc = EXIT_FAILED;
		} else {
			/* and, as lvm2, the PVs removed while they were away
			 * lose their old copy */
			struct pv_disk **outdated;
			size_t n_out = ctx->test_mode ? 0 : tool_outdated_pvs(&t, vg, &outdated);
			if (tool_commit(&t, old, vg, n_out ? outdated : NULL, n_out))
				rc = EXIT_FAILED;
			if (n_out)
				free(outdated);
		}
		vg_free(vg);
		vg_free(old);
		tool_end(&t);
	}
	return rc;
}

/* vgck: every PV present, every metadata area readable, checksummed and
 * at the newest seqno with the same text. */
/* vgck's checks of one VG read: 1 after lvm2's lines when it fails them. */
static int check_vg(struct tool *t, const struct vg *vg)
{
	const char *name = vg->name;
	int bad = 0;

	/* lvm2's words, once for the VG (the PVs were named by the
	 * read's warnings) */
	if (vg_missing_pv_count(vg)) {
		log_error("The volume group is missing %zu physical volumes.",
		          vg_missing_pv_count(vg));
		bad = 1;
	}
	for (size_t i = 0; i < vg->n_pvs; i++) {
		const struct pv_disk *pd = scan_find_pv_id(&t->scan, vg->pvs[i]->id);
		if (!pd || pv_is_missing(vg->pvs[i]))
			continue;
		if (pv_disk_damage(pd)) {
			log_error("Volume group %s: %s: damaged %s.", name, pv_disk_path(pd),
			          pv_disk_damage(pd));
			bad = 1;
		} else if (pv_disk_has_mda(pd) &&
		           (!pv_disk_vg_name(pd) || strcmp(pv_disk_vg_name(pd), name) ||
		            pv_disk_oldest_seqno(pd) != vg->seqno)) {
			/* (a PV without areas holds no copy to check) */
			log_error("Volume group %s: %s holds metadata seqno %u, the newest is "
			          "%u.",
			          name, pv_disk_path(pd), pv_disk_oldest_seqno(pd), vg->seqno);
			bad = 1;
		}
	}
	if (vg->read_only_reason)
		log_warn("WARNING: volume group %s is read-only for vgtool: %s.", name,
		         vg->read_only_reason);
	return bad;
}

int cmd_vgck(struct cmd_context *ctx)
{
	struct tool t;
	int rc = EXIT_DONE;
	char **names = NULL;
	size_t n = 0;

	if (arg_count(ctx, OPT_UPDATEMETADATA))
		return update_metadata(ctx);
	if (ctx->args.argc) {
		/* (@TAG: the VGs carrying it, chosen before the scan below) */
		struct name_list args;
		if ((rc = tool_vg_args(ctx, TAG_BAD_VG, &args)) != EXIT_DONE)
			return rc;
		n = args.n;
		names = args.names;
		free(args.by_tag);
	}
	if (tool_begin(&t, ctx, NULL)) {
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return EXIT_FAILED;
	}
	if (!ctx->args.argc)
		n = scan_vg_names(&t.scan, &names);
	for (size_t v = 0; v < n; v++) {
		struct vg **vgs;
		int failed = 0;
		size_t n_vgs;

		if (ctx->args.argc) {
			vgs = xcalloc(1, sizeof(*vgs));
			n_vgs = (vgs[0] = tool_read_vg_shared(&t, names[v])) != NULL;
			failed = !n_vgs;
		} else {
			/* listed, not named: each VG of a name (lvm2 checks each) */
			n_vgs = tool_read_vgs_listed(&t, names[v], &vgs, &failed);
		}
		for (size_t k = 0; k < n_vgs; k++) {
			failed |= check_vg(&t, vgs[k]);
			vg_free(vgs[k]);
		}
		free(vgs);
		if (failed)
			rc = EXIT_FAILED;
	}
	for (size_t v = 0; v < n; v++)
		free(names[v]);
	free(names);
	tool_end(&t);
	return rc;
}
