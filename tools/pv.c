/* pvcreate, pvremove. */
#include <stdlib.h>
#include <string.h>

#include "device/signatures.h"
#include "metadata/format/store.h"
#include "misc/log.h"
#include "misc/units.h"
#include "misc/uuid.h"
#include "tools/commands.h"
#include "tools/toollib.h"

/* Smallest device lvm2 accepts as a PV. */
#define PV_MIN_BYTES (2ULL << 20)

/* Refuse a device that holds someone else's data, unless forced; wipe it
 * when forced.  Called with the device claimed (opened exclusively), so
 * that nobody can mount it between the look and the wipe. */
static int pv_prepare_device(struct cmd_context *ctx, const char *path)
{
	struct strbuf found = STRBUF_INIT;
	int n = sig_find(path, &found);

	if (n < 0)
		goto fail;
	if (n > 0 && !arg_count(ctx, OPT_FORCE) && !ctx->yes) {
		log_error("Device %s holds %s; use -f or -y to wipe it.", path, found.buf);
		goto fail;
	}
	if (n > 0) {
		struct strbuf wiped = STRBUF_INIT;
		int r = sig_wipe(path, &wiped);
		for (char *type = wiped.buf, *nl; (nl = strchr(type, '\n')); type = nl + 1) {
			*nl = '\0';
			log_print("Wiping %s signature on %s.", type, path);
		}
		strbuf_release(&wiped);
		if (r)
			goto fail;
	}
	strbuf_release(&found);
	return 0;
fail:
	strbuf_release(&found);
	return -1;
}

/* Write a new PV label on `path`.  Returns 0 or -1 (logged).  Shared with
 * vgcreate and vgextend, which create PVs implicitly. */
int pv_create_one(struct cmd_context *ctx, const char *path, const struct pv_create_params *p)
{
	struct device dev;
	char id[UUID_LEN + 1];
	int r = -1;

	/* the claim first: a device in use is refused whatever -f or -y say */
	if (dev_open(&dev, path, DEV_RW))
		return -1;
	if (pv_prepare_device(ctx, path))
		goto out;
	if (dev.size < PV_MIN_BYTES) {
		log_error("Device %s is too small for a physical volume (%llu bytes, %llu needed).",
		          path, (unsigned long long)dev.size, (unsigned long long)PV_MIN_BYTES);
		goto out;
	}
	if (uuid_generate(id) || pv_write_new(&dev, p, id))
		goto out;
	r = 0;
out:
	dev_close(&dev);
	return r;
}

int pv_params_from_args(struct cmd_context *ctx, struct pv_create_params *p)
{
	struct size_arg sa;
	memset(p, 0, sizeof(*p));
	if (arg_count(ctx, OPT_METADATASIZE)) {
		if (parse_size_arg(arg_str(ctx, OPT_METADATASIZE, NULL), 'm', 0, "--metadatasize",
		                   &sa))
			return -1;
		p->mda_size = sa.sectors * 512;
	}
	if (arg_count(ctx, OPT_DATAALIGNMENT)) {
		if (parse_size_arg(arg_str(ctx, OPT_DATAALIGNMENT, NULL), 'k', 0, "--dataalignment",
		                   &sa))
			return -1;
		if (!sa.sectors) {
			log_error("--dataalignment must be greater than 0.");
			return -1;
		}
		p->data_alignment = sa.sectors * 512;
	}
	return 0;
}

int cmd_pvcreate(struct cmd_context *ctx)
{
	struct pv_create_params p;
	struct tool t;
	int rc = EXIT_DONE;

	if (!ctx->args.argc) {
		log_error("pvcreate: give at least one device.");
		return EXIT_INVALID;
	}
	if (pv_params_from_args(ctx, &p))
		return EXIT_INVALID;
	if (tool_begin_paths(&t, ctx, NULL, ctx->args.argv, (size_t)ctx->args.argc))
		return EXIT_FAILED;
	for (int i = 0; i < ctx->args.argc; i++) {
		const char *path = ctx->args.argv[i];
		struct pv_disk *pd = scan_find_path(&t.scan, path);
		if (pd && pv_disk_vg_name(pd)) {
			log_error("Physical volume %s is already in volume group %s.", path,
			          pv_disk_vg_name(pd));
			rc = EXIT_FAILED;
			continue;
		}
		if (pd) /* an unused PV is rewritten; close our read handle first */
			pv_disk_close(pd);
		if (pv_create_one(ctx, path, &p)) {
			rc = EXIT_FAILED;
			continue;
		}
		log_print("Physical volume \"%s\" successfully created.", path);
	}
	tool_end(&t);
	return rc;
}

int cmd_pvremove(struct cmd_context *ctx)
{
	struct tool t;
	int rc = EXIT_DONE;

	if (!ctx->args.argc) {
		log_error("pvremove: give at least one device.");
		return EXIT_INVALID;
	}
	if (tool_begin_paths(&t, ctx, NULL, ctx->args.argv, (size_t)ctx->args.argc))
		return EXIT_FAILED;
	for (int i = 0; i < ctx->args.argc; i++) {
		const char *path = ctx->args.argv[i];
		struct pv_disk *pd = scan_find_path(&t.scan, path);
		if (!pd) {
			log_error("No PV found on device %s.", path);
			rc = EXIT_FAILED;
			continue;
		}
		if (pv_disk_vg_name(pd) && arg_count(ctx, OPT_FORCE) < 2) {
			log_error("PV %s belongs to volume group %s; remove it from the VG first "
			          "(or use -ff).",
			          path, pv_disk_vg_name(pd));
			rc = EXIT_FAILED;
			continue;
		}
		if (pv_wipe_label(pd)) {
			rc = EXIT_FAILED;
			continue;
		}
		log_print("Labels on physical volume \"%s\" successfully wiped.", path);
	}
	tool_end(&t);
	return rc;
}
