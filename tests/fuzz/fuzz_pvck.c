/* libFuzzer target for lib/metadata/format/pvck.c: pvck reads every
 * field of a damaged PV, label, area headers and metadata text, and
 * follows the offsets it finds there.
 *
 * Input layout:
 *   byte 0   flags: bit 0 keeps the label checksum as given, bit 1 the
 *            checksum of the area header at 4096 (by default the harness
 *            fixes them with lvm_crc32, so mutations get past them); bits
 *            2-3 the label sector (0-3); bit 4 dumps the second area;
 *            bit 5 verbose
 *   the rest the device image (its size is the device's)
 *
 * Every check and dump runs on the image (to a file for metadata_area,
 * to stdout and to a file for the others).  Promises: no read outside
 * the image (the callback aborts), a result pvck.h names, output in whole
 * lines, every line of stdout either one of pvck's ("  " first) or metadata
 * text of the dump that prints it, and warnings in whole lines.  Then each
 * repair is planned on it (pvck_repair.c), from a small VG text: no read
 * outside the image, and every write the plan holds inside it.
 *
 * Build and run (see tests/fuzz/README.md):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE \
 *     -Ilib -I. tests/fuzz/fuzz_pvck.c $(LIB_SRCS of the Makefile) $(DEP_LIBS) \
 *     -o fuzz_pvck   (or: make build-fuzz/fuzz_pvck)
 *   ./fuzz_pvck -max_total_time=300 corpus-dir tests/fuzz/corpus/pvck
 * With -DFUZZ_STANDALONE it is a plain program that runs the files named
 * on its command line once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metadata/format/pvck.h"
#include "metadata/format/pvck_repair.h"
#include "misc/crc.h"
#include "misc/log.h"
#include "misc/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void broken(const char *what)
{
	fprintf(stderr, "fuzz_pvck: %s\n", what);
	abort();
}

struct image {
	const uint8_t *bytes;
	size_t size;
};

static void repairs(struct image *im, uint64_t sector);

static int read_image(void *arg, uint64_t off, void *buf, size_t len)
{
	const struct image *im = arg;
	if (off > im->size || len > im->size - off)
		broken("read outside the device");
	memcpy(buf, im->bytes + off, len);
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void whole_lines(const struct strbuf *sb, const char *what)
{
	if (sb->len && sb->buf[sb->len - 1] != '\n')
		broken(what);
}

/* Lines of stdout: pvck's own start with two spaces (or are empty, after
 * a -v description); the dump of the
 * metadata text prints the text (any bytes) between two "  ---" lines,
 * last. */
static void check_out(const struct strbuf *out, enum pvck_dump dump)
{
	whole_lines(out, "stdout ends inside a line");
	for (const char *p = out->buf; p && *p;) {
		const char *nl = strchr(p, '\n');
		if (!strncmp(p, "  ---\n", 6)) {
			if (dump != PVCK_METADATA)
				broken("metadata text printed where it does not belong");
			if (out->len < 6 || strcmp(out->buf + out->len - 6, "  ---\n"))
				broken("metadata text without its end line");
			return;
		}
		/* (-v: lvm2's empty line after a copy's creation_time) */
		if (strncmp(p, "  ", 2) && *p != '\n')
			broken("a line of stdout that is not pvck's");
		p = nl ? nl + 1 : NULL;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *bytes;
	struct image im;
	unsigned flags;
	uint64_t sector;

	if (!size)
		return 0;
	flags = data[0];
	im.size = size - 1;
	bytes = malloc(im.size ? im.size : 1);
	memcpy(bytes, data + 1, im.size);
	im.bytes = bytes;
	sector = (flags >> 2) & 3;
	if (!(flags & 1) && im.size >= (sector + 1) * 512)
		put32(bytes + sector * 512 + 16,
		      lvm_crc32(LVM_CRC_INITIAL, bytes + sector * 512 + 20, 512 - 20));
	if (!(flags & 2) && im.size >= 4096 + 512)
		put32(bytes + 4096, lvm_crc32(LVM_CRC_INITIAL, bytes + 4096 + 4, 512 - 4));

	for (enum pvck_dump dump = PVCK_CHECK; dump <= PVCK_METADATA_SEARCH; dump++)
		for (int to_file = 0; to_file < 2; to_file++) {
			struct pvck_dev d = {read_image, &im, im.size, "/dev/fuzz"};
			struct pvck_opts o = {dump,
			                      sector,
			                      flags & 0x10 ? 2 : 1,
			                      (flags & 0x20) != 0,
			                      to_file || dump == PVCK_METADATA_AREA,
			                      NULL};
			struct strbuf out = STRBUF_INIT, file = STRBUF_INIT, warn = STRBUF_INIT;
			enum pvck_result r = pvck_run(&d, &o, &out, &file, &warn);

			if (r != PVCK_OK && r != PVCK_BAD && r != PVCK_NO_LABEL)
				broken("a result pvck.h does not name");
			if (r == PVCK_NO_LABEL && dump != PVCK_CHECK)
				broken("no label outside the check");
			check_out(&out, o.to_file ? PVCK_CHECK : dump);
			whole_lines(&warn, "a warning ends inside a line");
			if (!o.to_file && file.len)
				broken("a file written without one");
			strbuf_release(&out);
			strbuf_release(&file);
			strbuf_release(&warn);
		}
	repairs(&im, sector);
	free(bytes);
	return 0;
}

static int no_uuid_elsewhere(void *arg, const char *id, const char **where)
{
	(void)arg;
	(void)id;
	(void)where;
	return 0;
}

static int any_dev(void *arg, const char *hint)
{
	(void)arg;
	(void)hint;
	return 1;
}

/* Each repair planned on the image: its writes must stay inside it. */
static void repairs(struct image *im, uint64_t sector)
{
	static const char text[] =
	    "vg1 {\nid = \"scouTM-JW7n-Vq2c-AdGU-fe1m-YjK3-KX3GuP\"\nseqno = 3\n"
	    "format = \"lvm2\"\nstatus = [\"RESIZEABLE\", \"READ\", \"WRITE\"]\nflags = []\n"
	    "extent_size = 8192\nmax_lv = 0\nmax_pv = 0\nmetadata_copies = 0\n"
	    "physical_volumes {\npv0 {\nid = \"VnxlTu-xz3p-u051-Ign0-FHOK-QdgP-tFgFUG\"\n"
	    "device = \"/dev/fuzz\"\nstatus = [\"ALLOCATABLE\"]\nflags = []\n"
	    "dev_size = 16384\npe_start = 2048\npe_count = 0\n}\n}\n}\n\n";
	struct pvck_dev d = {read_image, im, im->size, "/dev/fuzz"};
	struct pvck_settings set = {0};
	struct pvck_mfile mf;
	struct pvck_plan p;
	static FILE *null;

	if (!null)
		null = fopen("/dev/null", "w");
	log_set_streams(null, null);
	if (pvck_mfile_load("meta", text, sizeof(text) - 1, 1, &mf))
		broken("the fuzzer's metadata text refused");
	for (enum pvck_repair what = PVCK_REPAIR_LABEL_HEADER; what <= PVCK_REPAIR_ALL; what++) {
		struct pvck_repair_env e = {&d,      sector, 1, &set, &mf, no_uuid_elsewhere,
		                            any_dev, NULL};
		if (pvck_repair_plan(&e, what, &p))
			continue;
		for (unsigned i = 0; i < p.n; i++)
			for (unsigned w = 0; w < p.steps[i].n_w; w++) {
				const struct pvck_write *x = &p.steps[i].w[w];
				if (x->offset > d.size || x->len > d.size - x->offset)
					broken("a repair writes outside the device");
			}
		pvck_plan_release(&p);
	}
	pvck_mfile_release(&mf);
	log_set_streams(NULL, NULL);
}

#include "standalone.h"
