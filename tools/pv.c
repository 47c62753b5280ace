/* pvcreate, pvremove. */
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "device/signatures.h"
#include "metadata/format/store.h"
#include "metadata/pvresize.h"
#include "misc/log.h"
#include "misc/units.h"
#include "misc/uuid.h"
#include "tools/commands.h"
#include "tools/toollib.h"

/* Smallest device lvm2 accepts as a PV. */

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
int pv_create_one(struct cmd_context *ctx, const char *path, const struct pv_create_params *p,
                  const char *given_id)
{
	struct device dev;
	char id[UUID_LEN + 1];
	int r = -1;

	/* the claim first: a device in use is refused whatever -f or -y say */
	if (dev_open(&dev, path, DEV_RW))
		return -1;
	/* the size checks first: a refusal wipes nothing.  A device below
	 * devices/pv_min_size is one lvm2's filter hides, in its words */
	if (dev.size < scan_pv_min_size()) {
		log_error("Cannot use %s: device is too small (pv_min_size)", path);
		goto out;
	}
	if (p->size && p->size != dev.size) {
		/* --setphysicalvolumesize: lvm2 asks; vgtool wants the answer
		 * on the command line, and says what lvm2 says after a yes */
		if (!ctx->yes) {
			struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
			display_size(&a, p->size / 512);
			display_size(&b, dev.size / 512);
			log_error("%s: Requested size %s %s device size %s: not created without -y.",
			          path, a.buf, p->size > dev.size ? "exceeds" : "is less than", b.buf);
			strbuf_release(&a);
			strbuf_release(&b);
			goto out;
		}
		log_warn("WARNING: Faking size of PV %s. Don't write outside real device.", path);
		if (p->size > dev.size)
			log_warn("WARNING: %s: Overriding real size. You could lose data.", path);
	}
	/* the device, and the size the PV takes, at least devices/pv_min_size
	 * (the scan would not see a PV on a smaller device) */
	uint64_t have = p->size && p->size < dev.size ? p->size : dev.size;
	uint64_t need = scan_pv_min_size();
	if (have < need) {
		log_error("Device %s is too small for a physical volume (%llu bytes, %llu needed).",
		          path, (unsigned long long)have, (unsigned long long)need);
		goto out;
	}
	/* lvm2's test, one sector short of the end included */
	if (p->restore_end && p->restore_end - 1 > dev.size / 512) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		display_size(&a, p->restore_end - 1);
		display_size(&b, dev.size / 512);
		log_error("Physical extents (%s) end beyond end of device (%s) %s.", a.buf, b.buf,
		          path);
		strbuf_release(&a);
		strbuf_release(&b);
		goto out;
	}
	if (pv_prepare_device(ctx, path))
		goto out;
	if (given_id)
		memcpy(id, given_id, sizeof(id));
	else if (uuid_generate(id))
		goto out;
	if (pv_write_new(&dev, p, id))
		goto out;
	r = 0;
out:
	dev_close(&dev);
	return r;
}

/* --labelsector: lvm2 looks for labels in sectors 0-3 only. */
static int label_sector_arg(struct cmd_context *ctx, unsigned *out)
{
	const char *v = arg_str(ctx, OPT_LABELSECTOR, NULL);
	unsigned long long n;
	char *end;

	if (!v)
		return 0;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (!*v || *v == '-' || *v == '+' || *end || errno) {
		log_error("Invalid argument for --labelsector: %s", v);
		return -1;
	}
	if (n >= LABEL_SCAN_SECTORS) {
		log_error("labelsector must be less than %d.", LABEL_SCAN_SECTORS);
		return -1;
	}
	*out = (unsigned)n;
	return 0;
}

int pv_params_from_args(struct cmd_context *ctx, struct pv_create_params *p)
{
	static const struct pv_create_params defaults = PV_CREATE_DEFAULTS;
	const char *copies = arg_str(ctx, OPT_PVMETADATACOPIES, NULL);
	struct size_arg sa;

	*p = defaults;
	/* (checked by the parser: 0, 1 or 2) */
	if (!copies)
		copies = arg_str(ctx, OPT_METADATACOPIES, NULL);
	if (copies)
		p->mda_copies = (unsigned)(copies[*copies == '+'] - '0');
	if (label_sector_arg(ctx, &p->label_sector))
		return -1;
	/* lvm2: -Z y unless the PV takes a lost one's place (--uuid,
	 * --restorefile), whose start is kept as it was */
	if (arg_count(ctx, OPT_UUID) || arg_count(ctx, OPT_RESTOREFILE))
		p->zero_start = 0;
	if (arg_count(ctx, OPT_ZERO) &&
	    (p->zero_start = parse_yes_no("--zero", arg_str(ctx, OPT_ZERO, NULL))) < 0)
		return -1;
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
		if (sa.sectors > UINT32_MAX) {
			log_error("Physical volume data alignment is too big.");
			return -1;
		}
		p->data_alignment = sa.sectors * 512;
	} else if (config_int(SET_DEVICES_DATA_ALIGNMENT) > 0) {
		/* lvm2's order: data_alignment (KiB), then
		 * default_data_alignment (MiB; lvm2 2.03 takes 0 as 1) */
		p->data_alignment = (uint64_t)config_int(SET_DEVICES_DATA_ALIGNMENT) * 1024;
	} else if (config_int(SET_DEVICES_DEFAULT_DATA_ALIGNMENT) >= 0) {
		int64_t mib = config_int(SET_DEVICES_DEFAULT_DATA_ALIGNMENT);
		p->data_alignment = mib ? (uint64_t)mib << 20 : 1 << 20;
	}
	if (arg_count(ctx, OPT_SETPVSIZE)) {
		if (parse_size_arg(arg_str(ctx, OPT_SETPVSIZE, NULL), 'm', SIGN_RULE_NONE,
		                   "--setphysicalvolumesize", &sa))
			return -1;
		p->size = sa.sectors * 512; /* 0: the device's size, as lvm2 */
	}
	if (arg_count(ctx, OPT_DATAALIGNMENTOFFSET)) {
		if (parse_size_arg(arg_str(ctx, OPT_DATAALIGNMENTOFFSET, NULL), 'k', 0,
		                   "--dataalignmentoffset", &sa))
			return -1;
		if (sa.sectors > UINT32_MAX) {
			log_error("Physical volume data alignment offset is too big.");
			return -1;
		}
		p->data_alignment_offset = sa.sectors * 512;
	}
	if (tool_size_not_negative(ctx, OPT_BOOTLOADERAREASIZE, 'm', "--bootloaderareasize",
	                           "Bootloader area size may not be negative.", &p->ba_size))
		return -1;
	p->ba_size *= 512;
	return 0;
}

/* lvm2's way to put a new disk in place of a lost PV: --uuid gives the
 * new PV the lost one's uuid, --restorefile its data area's start from a
 * metadata backup (so that the extents line up), and vgcfgrestore then
 * writes the VG on it.  EXIT_DONE with *id set (or empty without --uuid),
 * or the exit code after one line; the checks and messages are lvm2's. */
static int restore_params(struct cmd_context *ctx, struct pv_create_params *p,
                          char id[UUID_LEN + 1])
{
	const char *uuid = arg_str(ctx, OPT_UUID, NULL);
	const char *file = arg_str(ctx, OPT_RESTOREFILE, NULL);
	const struct pv *pv = NULL;
	struct vg *vg;

	id[0] = '\0';
	if (file && !uuid) {
		log_error("--uuid is required with --restorefile");
		return EXIT_INVALID;
	}
	if (!uuid)
		return EXIT_DONE;
	if (!file && !arg_count(ctx, OPT_NORESTOREFILE) &&
	    config_bool(SET_DEVICES_REQUIRE_RESTOREFILE_WITH_UUID)) {
		log_error("--restorefile is required with --uuid");
		return EXIT_INVALID;
	}
	if (ctx->args.argc != 1) {
		log_error("Can only set uuid on one volume at once");
		return EXIT_INVALID;
	}
	if (uuid_parse(uuid, id)) {
		/* lvm2's three messages (lib/uuid: dashes are skipped) */
		size_t n = 0;
		char bad = 0;
		for (const char *c = uuid; *c; c++)
			if (*c != '-') {
				n++;
				if (!bad &&
				    !((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
				      (*c >= 'A' && *c <= 'Z') || *c == '!' || *c == '#'))
					bad = *c;
			}
		if (n > UUID_LEN)
			log_error("Too many characters to be uuid.");
		else if (n < UUID_LEN)
			log_error("Couldn't read uuid: incorrect number of characters.");
		else
			log_error("UUID contains invalid character '%c'", bad ? bad : '?');
		return EXIT_INVALID;
	}
	if (!file)
		return EXIT_DONE;
	/* one line either way: lvm2's when the file cannot be read, the
	 * parser's when it holds no VG */
	if (access(file, R_OK)) {
		log_error("Unable to read volume group from %s: %s", file, strerror(errno));
		return EXIT_INVALID;
	}
	if (!(vg = tool_read_backup(file)))
		return EXIT_INVALID;
	for (size_t i = 0; i < vg->n_pvs && !pv; i++)
		if (!strcmp(vg->pvs[i]->id, id))
			pv = vg->pvs[i];
	if (!pv) {
		log_error("Can't find uuid %s in backup file %s", uuid, file);
		vg_free(vg);
		return EXIT_INVALID;
	}
	p->pe_start = pv->pe_start * 512;
	p->restore_end = pv->pe_start + (uint64_t)pv->pe_count * vg->extent_size;
	/* and its bootloader area, where it was */
	if (pv->ba_size) {
		p->ba_start = pv->ba_start * 512;
		p->ba_size = pv->ba_size * 512;
	}
	vg_free(vg);
	return EXIT_DONE;
}

int cmd_pvcreate(struct cmd_context *ctx)
{
	struct pv_create_params p;
	struct tool t;
	char id[UUID_LEN + 1];
	int rc = EXIT_DONE;

	if (!ctx->args.argc) {
		log_error("pvcreate: give at least one device.");
		return EXIT_INVALID;
	}
	if (pv_params_from_args(ctx, &p))
		return EXIT_INVALID;
	if ((rc = restore_params(ctx, &p, id)) != EXIT_DONE)
		return rc;
	if (tool_begin_paths(&t, ctx, NULL, ctx->args.argv, (size_t)ctx->args.argc))
		return EXIT_FAILED;
	for (int i = 0; i < ctx->args.argc; i++) {
		const char *path = ctx->args.argv[i];
		struct pv_disk *pd = scan_find_path(&t.scan, path);
		const struct pv_disk *user = *id ? scan_find_pv_id(&t.scan, id) : NULL;
		if (user && user != pd) {
			log_error("UUID %s already in use on \"%s\".", arg_str(ctx, OPT_UUID, ""),
			          pv_disk_path(user));
			rc = EXIT_FAILED;
			continue;
		}
		/* A VG's PV (or one marked used by a VG none of whose PVs with
		 * metadata is here) only with -ff, as lvm2; and -y, the
		 * answer lvm2 asks for: vgtool asks nothing */
		if (pd && (pv_disk_vg_name(pd) || pv_disk_marked_used(pd)) &&
		    (arg_count(ctx, OPT_FORCE) < 2 || !ctx->yes)) {
			if (arg_count(ctx, OPT_FORCE) < 2 && pv_disk_vg_name(pd))
				log_error("Can't initialize physical volume \"%s\" of volume group "
				          "\"%s\" without -ff",
				          path, pv_disk_vg_name(pd));
			else if (arg_count(ctx, OPT_FORCE) < 2)
				log_error("PV %s is used by a VG but its metadata is missing: can't "
				          "initialize it without -ff.",
				          path);
			else
				log_error("Physical volume \"%s\" is used by %s%s: confirm with -y.",
				          path, pv_disk_vg_name(pd) ? "volume group " : "a VG",
				          pv_disk_vg_name(pd) ? pv_disk_vg_name(pd) : "");
			rc = EXIT_FAILED;
			continue;
		}
		if (pd) /* an unused PV is rewritten; close our read handle first */
			pv_disk_close(pd);
		if (pv_create_one(ctx, path, &p, *id ? id : NULL)) {
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
		const char *in_vg;
		int used;
		if (!pd && arg_count(ctx, OPT_FORCE) && !access(path, F_OK)) {
			/* lvm2: -f takes a device without a PV label as done;
			 * there is no label to wipe, so nothing is written, but
			 * a device in use is refused all the same (as lvm2's
			 * exclusive open) */
			struct device dev;
			if (dev_open(&dev, path, DEV_RW)) {
				rc = EXIT_FAILED;
				continue;
			}
			dev_close(&dev);
			log_print("Labels on physical volume \"%s\" successfully wiped.", path);
			continue;
		}
		if (!pd) {
			log_error("No PV found on device %s.", path);
			rc = EXIT_FAILED;
			continue;
		}
		in_vg = pv_disk_vg_name(pd);
		used = in_vg || pv_disk_marked_used(pd);
		if (used && arg_count(ctx, OPT_FORCE) < 2) {
			if (in_vg)
				log_error("PV %s is used by VG %s so please use vgreduce first (or "
				          "confirm with -ff -y).",
				          path, in_vg);
			else
				log_error(
				    "PV %s is used by a VG but its metadata is missing (-ff -y "
				    "removes it all the same).",
				    path);
			rc = EXIT_FAILED;
			continue;
		}
		/* lvm2 asks here; vgtool asks nothing and wants -y */
		if (used && !ctx->yes) {
			log_error("PV %s is used by %s%s: confirm the wipe with -y.", path,
			          in_vg ? "VG " : "a VG whose metadata is missing",
			          in_vg ? in_vg : "");
			rc = EXIT_FAILED;
			continue;
		}
		if (pv_wipe_label(pd)) {
			rc = EXIT_FAILED;
			continue;
		}
		/* lvm2's warning, once it is done: a refusal stays one line */
		if (in_vg)
			log_warn("WARNING: PV %s is used by VG %s.", path, in_vg);
		else if (used)
			log_warn("WARNING: PV %s is used by a VG but its metadata is missing.",
			         path);
		log_print("Labels on physical volume \"%s\" successfully wiped.", path);
	}
	tool_end(&t);
	return rc;
}
