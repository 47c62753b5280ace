/* pvck: check a PV's headers and metadata on disk, print them (--dump),
 * or repair them (--repair, --repairtype), as lvm2's pvck does
 * (lib/metadata/format/pvck.c reads and words the checks and dumps,
 * pvck_repair.c plans the repairs; this opens the devices, prints, writes
 * and picks the exit code).  The checks and dumps write nothing and take
 * no lock: lvm2's take none either, so that they can look at a PV another
 * command holds.  A repair takes the global lock, as lvm2's does, and
 * writes only what its plan says once the whole plan is made. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "device/dev-io.h"
#include "metadata/format/pvck.h"
#include "metadata/format/pvck_repair.h"
#include "misc/log.h"
#include "tools/commands.h"
#include "tools/toollib.h"

static int read_dev(void *arg, uint64_t off, void *buf, size_t len)
{
	return dev_read(arg, off, buf, len);
}

/* A number option: 0 and *out, or -1 after lvm2's line. */
static int number_arg(struct cmd_context *ctx, enum opt_id id, const char *name, uint64_t max,
                      uint64_t *out)
{
	const char *s = arg_str(ctx, id, NULL);
	char *end;

	if (!s)
		return 0;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (!*s || *end || errno || *s == '-' || *out > max) {
		log_error("Invalid argument for --%s: %s", name, s);
		return -1;
	}
	return 0;
}

/* Each line of `text` on stderr as a warning. */
static void warn_lines(const struct strbuf *text)
{
	const char *p = text->buf;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		/* a read that failed is said on stdout already (CHECK: failed to
		 * read ...); lvm2 says it twice */
		if (!strncmp(p, "Error reading device", 20))
			log_verbose("%.*s", len, p);
		else
			log_warn("%.*s", len, p);
		p = nl ? nl + 1 : NULL;
	}
}

/* One PV: EXIT_DONE or EXIT_FAILED (logged). */
static int check_one(struct cmd_context *ctx, const char *path, const struct pvck_opts *o,
                     struct strbuf *file)
{
	struct strbuf out = STRBUF_INIT, warnings = STRBUF_INIT;
	struct device dev;
	struct stat st;
	struct pvck_dev d;
	enum pvck_result r;

	(void)ctx;
	if (stat(path, &st)) {
		if (o->dump)
			log_error("Cannot access %s.", path);
		else
			log_error("Cannot access device %s.", path);
		return EXIT_FAILED;
	}
	if (dev_open(&dev, path, 0))
		return EXIT_FAILED;
	d = (struct pvck_dev){read_dev, &dev, dev.size, path};
	dev_quiet_errors(1);
	r = pvck_run(&d, o, &out, file, &warnings);
	dev_quiet_errors(0);
	dev_close(&dev);
	fwrite(out.buf, 1, out.len, stdout);
	warn_lines(&warnings);
	strbuf_release(&out);
	strbuf_release(&warnings);
	switch (r) {
	case PVCK_OK:
		return EXIT_DONE;
	case PVCK_FAILED:
		break;
	case PVCK_NO_LABEL:
		log_error("Could not find LVM label on %s", path);
		break;
	case PVCK_BAD:
		if (o->dump)
			log_error("Found bad header or metadata values.");
		else
			log_error("Found bad header or metadata values on %s.", path);
		break;
	}
	return EXIT_FAILED;
}

/* Write the dump to the file made for it. */
static int write_file(int fd, const char *name, const struct strbuf *text)
{
	size_t done = 0;
	while (done < text->len) {
		ssize_t n = write(fd, text->buf + done, text->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("Failed to write file %s: %s", name, strerror(errno));
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd) && errno != EINVAL) {
		log_error("Failed to write file %s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

/* What the repair's callbacks ask of the command: the scan, and the
 * device given. */
struct repair_dev {
	struct tool *t;
	const char *path;
	struct stat st;
};

static int same_file(const struct stat *a, const struct stat *b)
{
	if (S_ISBLK(a->st_mode) || S_ISBLK(b->st_mode))
		return S_ISBLK(a->st_mode) && S_ISBLK(b->st_mode) && a->st_rdev == b->st_rdev;
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static int is_dev(void *arg, const char *hint)
{
	struct repair_dev *rd = arg;
	struct stat st;
	return !strcmp(hint, rd->path) || (!stat(hint, &st) && same_file(&st, &rd->st));
}

static int uuid_elsewhere(void *arg, const char *id, const char **where)
{
	struct repair_dev *rd = arg;
	const struct scan *s = &rd->t->scan;

	/* the PVs the scan took, and the copies it left */
	for (size_t i = 0; i < s->n + s->n_dups; i++) {
		const struct pv_disk *pd = i < s->n ? s->pvs[i] : s->dups[i - s->n];
		if (strcmp(pv_disk_pv_id(pd), id) || is_dev(rd, pv_disk_path(pd)))
			continue;
		*where = pv_disk_path(pd);
		return 1;
	}
	return 0;
}

/* Run the plan's steps in order, each after its lines; without -y none
 * (lvm2 asks before each), in test mode none either. */
static int repair_write(struct cmd_context *ctx, struct device *dev, const struct pvck_plan *plan,
                        const char *vg_id)
{
	int opened = 0;

	for (unsigned i = 0; i < plan->n; i++) {
		const struct pvck_step *s = &plan->steps[i];
		const char *p = s->lines.buf;
		while (p && *p) {
			const char *nl = strchr(p, '\n');
			log_print("%.*s", (int)(nl - p), p);
			p = nl + 1;
		}
		if (ctx->test_mode) {
			log_warn("Skip writing in test mode.");
			continue;
		}
		if (!ctx->yes) {
			log_error("Not writing the %s to %s without -y.", s->what, dev->path);
			return -1;
		}
		if (!opened && dev_reopen_rw(dev, vg_id))
			return -1;
		opened = 1;
		for (unsigned w = 0; w < s->n_w; w++)
			if (dev_write(dev, s->w[w].offset, s->w[w].buf, s->w[w].len))
				return -1;
		if (dev_flush(dev))
			return -1;
	}
	return 0;
}

static int repair(struct cmd_context *ctx, enum pvck_repair what, const struct pvck_settings *set,
                  uint64_t label_sector)
{
	const char *file = arg_str(ctx, OPT_DUMP_FILE, NULL);
	struct repair_dev rd = {NULL, ctx->args.argv[0], {0}};
	struct pvck_mfile mf = {0};
	struct pvck_repair_env e = {NULL, label_sector,   ctx->yes, set,
	                            NULL, uuid_elsewhere, is_dev,   &rd};
	struct pvck_plan plan;
	struct device dev;
	struct pvck_dev d;
	struct tool t;
	char vg_id[UUID_LEN + 1];
	int rc = EXIT_FAILED;

	if (file) {
		size_t len;
		char *buf = tool_read_metadata_file(file, &len);
		int bad = !buf || pvck_mfile_load(file, buf, len, ctx->yes, &mf);
		free(buf);
		if (bad)
			return EXIT_FAILED;
		e.mf = &mf;
	}
	if (stat(rd.path, &rd.st)) {
		log_error("Cannot use %s: device not found.", rd.path);
		goto out_mf;
	}
	/* lvm2's lock, and the scan that finds the uuid on other devices */
	ctx->flags |= CMD_GLOBAL_EX;
	if (tool_begin_paths(&t, ctx, NULL, ctx->args.argv, 1))
		goto out_mf;
	rd.t = &t;
	if (dev_open(&dev, rd.path, 0))
		goto out_tool;
	d = (struct pvck_dev){read_dev, &dev, dev.size, rd.path};
	e.d = &d;
	if (!pvck_repair_plan(&e, what, &plan)) {
		/* the VG's own active LVs may hold the device */
		int known = e.mf && !uuid_parse(e.mf->vg_id, vg_id);
		if (!repair_write(ctx, &dev, &plan, known ? vg_id : NULL))
			rc = EXIT_DONE;
		pvck_plan_release(&plan);
	}
	dev_close(&dev);
out_tool:
	tool_end(&t);
out_mf:
	pvck_mfile_release(&mf);
	return rc;
}

/* The options that go with --dump and those that go with a repair. */
static int check_modes(struct cmd_context *ctx, const char *dump, const char *repairtype)
{
	int repair = arg_count(ctx, OPT_REPAIR) > 0;
	const char *file = arg_str(ctx, OPT_DUMP_FILE, NULL);

	if ((dump != NULL) + repair + (repairtype != NULL) > 1) {
		log_error("pvck: give one of --dump, --repair and --repairtype.");
		return -1;
	}
	if (!dump && !repair && !repairtype &&
	    (file || arg_count(ctx, OPT_SETTINGS) || arg_count(ctx, OPT_PVMDACOPIES))) {
		log_error("pvck: %s goes with --dump or a repair.", file ? "--file"
		                                                    : arg_count(ctx, OPT_SETTINGS)
		                                                        ? "--settings"
		                                                        : "--pvmetadatacopies");
		return -1;
	}
	if (!dump && arg_count(ctx, OPT_PVMDACOPIES)) {
		log_error("pvck: --pvmetadatacopies goes with --dump.");
		return -1;
	}
	if (repair && !file) {
		log_error("pvck: --repair needs the metadata to repair from: -f FILE.");
		return -1;
	}
	if ((dump || repair || repairtype) && ctx->args.argc > 1) {
		log_error("Command does not accept argument: %s.", ctx->args.argv[1]);
		return -1;
	}
	return 0;
}

int cmd_pvck(struct cmd_context *ctx)
{
	struct pvck_settings set = {0};
	struct pvck_opts o = {PVCK_CHECK, 1, 1, ctx->verbose > 0, 0, &set};
	const char *dump = arg_str(ctx, OPT_DUMP, NULL);
	const char *repairtype = arg_str(ctx, OPT_REPAIRTYPE, NULL);
	const char *file = arg_str(ctx, OPT_DUMP_FILE, NULL);
	const struct opt_value *pairs = &ctx->args.opt[OPT_SETTINGS];
	enum pvck_repair what = PVCK_REPAIR_ALL;
	struct strbuf text = STRBUF_INIT;
	uint64_t copies = 1;
	int rc = EXIT_DONE, fd = -1;

	if (!ctx->args.argc) {
		log_error("pvck: give at least one PV.");
		return EXIT_INVALID;
	}
	if (dump && pvck_dump_parse(dump, &o.dump)) {
		log_error("Invalid argument for --dump: %s", dump);
		return EXIT_INVALID;
	}
	if (repairtype && pvck_repair_parse(repairtype, &what)) {
		log_error("Invalid argument for --repairtype: %s", repairtype);
		return EXIT_INVALID;
	}
	if (check_modes(ctx, dump, repairtype))
		return EXIT_INVALID;
	if (number_arg(ctx, OPT_LABELSECTOR, "labelsector", UINT64_MAX / 512, &o.label_sector) ||
	    number_arg(ctx, OPT_PVMDACOPIES, "pvmetadatacopies", 2, &copies))
		return EXIT_INVALID;
	/* (lvm2 reads them in the command: a bad one fails it) */
	for (unsigned i = 0; i < pairs->count; i++)
		if (pvck_settings_parse(pairs->values[i], &set))
			return EXIT_FAILED;
	if (!dump && (repairtype || arg_count(ctx, OPT_REPAIR)))
		return repair(ctx, what, &set, o.label_sector);
	o.mda_num = set.mda_num ? set.mda_num : (int)copies;
	if (o.dump == PVCK_METADATA_AREA && !file) {
		log_error("--dump metadata_area writes the area to a file: give -f FILE.");
		return EXIT_FAILED;
	}
	/* made first, and only if new, as lvm2 makes it: a dump never
	 * overwrites a file */
	if (file && (fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		log_error("Failed to create file %s: %s", file, strerror(errno));
		return EXIT_FAILED;
	}
	o.to_file = fd >= 0;
	for (int i = 0; i < ctx->args.argc; i++)
		if (check_one(ctx, ctx->args.argv[i], &o, &text) != EXIT_DONE)
			rc = EXIT_FAILED;
	if (fd >= 0) {
		if (write_file(fd, file, &text))
			rc = EXIT_FAILED;
		close(fd);
	}
	strbuf_release(&text);
	return rc;
}
