/* pvck: check a PV's headers and metadata on disk, or print them
 * (--dump), as lvm2's pvck does (lib/metadata/format/pvck.c reads and
 * words it; this opens the devices, prints and picks the exit code).
 * Nothing is written to the devices, and no lock is taken: lvm2's pvck
 * takes none either, so that it can look at a PV another command holds. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "device/dev-io.h"
#include "metadata/format/pvck.h"
#include "misc/log.h"
#include "tools/commands.h"

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

int cmd_pvck(struct cmd_context *ctx)
{
	struct pvck_opts o = {PVCK_CHECK, 1, 1, ctx->verbose > 0, 0};
	const char *dump = arg_str(ctx, OPT_DUMP, NULL);
	const char *file = arg_str(ctx, OPT_DUMP_FILE, NULL);
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
	if (!dump && (file || arg_count(ctx, OPT_PVMDACOPIES))) {
		log_error("pvck: %s goes with --dump.", file ? "--file" : "--pvmetadatacopies");
		return EXIT_INVALID;
	}
	if (dump && ctx->args.argc > 1) {
		log_error("Command does not accept argument: %s.", ctx->args.argv[1]);
		return EXIT_INVALID;
	}
	if (number_arg(ctx, OPT_LABELSECTOR, "labelsector", UINT64_MAX / 512, &o.label_sector) ||
	    number_arg(ctx, OPT_PVMDACOPIES, "pvmetadatacopies", 2, &copies))
		return EXIT_INVALID;
	o.mda_num = (int)copies;
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
