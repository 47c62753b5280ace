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
 * text of the dump that prints it, and warnings in whole lines.
 *
 * Build and run (see tests/fuzz/README.md):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE \
 *     -Ilib -I. tests/fuzz/fuzz_pvck.c lib/metadata/format/pvck.c \
 *     lib/metadata/format/label.c lib/config/parse.c lib/config/tree.c lib/misc/crc.c \
 *     lib/misc/strbuf.c lib/misc/xalloc.c lib/misc/uuid.c lib/misc/log.c -lz -o fuzz_pvck
 *   ./fuzz_pvck -max_total_time=300 corpus-dir tests/fuzz/corpus/pvck
 * With -DFUZZ_STANDALONE it is a plain program that runs the files named
 * on its command line once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metadata/format/pvck.h"
#include "misc/crc.h"
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

/* Lines of stdout: pvck's own start with two spaces; the dump of the
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
		if (strncmp(p, "  ", 2))
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
	free(bytes);
	return 0;
}

#include "standalone.h"
