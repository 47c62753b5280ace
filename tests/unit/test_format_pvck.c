/* lib/metadata/format/pvck.c: pvck's checks and dumps on device images
 * built in memory.
 *
 * The expected outputs of the first tests are lvm2 2.03.16's own (Debian
 * 12, in the sandbox): `pvck --dump headers` of a PV in no VG after
 * `pvresize --setphysicalvolumesize 100m` (its bytes are what label_build
 * and mda_header_build make of the same fields, checksums included), and
 * of an 8 MiB file of zeros; `pvck` of an empty disk.  The others hold
 * pvck to lvm2's rules on damaged and odd bytes, and to staying inside
 * the device and its sectors whatever the bytes say. */
#include "unit.h"

#include "metadata/format/label.h"
#include "metadata/format/pvck.h"
#include "misc/crc.h"
#include "misc/strbuf.h"

#define MIB (1024 * 1024)

struct image {
	uint8_t *bytes;
	size_t size;
	unsigned reads;
};

static int read_image(void *arg, uint64_t off, void *buf, size_t len)
{
	struct image *im = arg;
	im->reads++;
	/* pvck checks the bounds itself: a read outside is a bug */
	assert_true(off <= im->size && len <= im->size - off);
	memcpy(buf, im->bytes + off, len);
	return 0;
}

static struct image *image_new(size_t size)
{
	struct image *im = calloc(1, sizeof(*im));
	im->bytes = calloc(1, size);
	im->size = size;
	return im;
}

static void image_free(struct image *im)
{
	free(im->bytes);
	free(im);
}

/* A PV label in sector 1: data at 1 MiB, one metadata area at 4096. */
static void put_label(struct image *im, const char *uuid, uint64_t dev_size, uint32_t flags)
{
	struct pv_label l;
	memset(&l, 0, sizeof(l));
	l.sector = 1;
	memcpy(l.pv_id, uuid, UUID_LEN);
	l.dev_size = dev_size;
	l.data[0] = (struct disk_area){MIB, 0};
	l.n_data = 1;
	l.mda[0] = (struct disk_area){4096, MIB - 4096};
	l.n_mda = 1;
	l.ext_version = 2;
	l.ext_flags = flags;
	label_build(&l, im->bytes + 512);
}

/* The area header at 4096, its committed text at `off` (wrapping as the
 * ring does) when text is given. */
static void put_area(struct image *im, const char *text, uint64_t off)
{
	struct mda_header h;
	memset(&h, 0, sizeof(h));
	h.version = 1;
	h.start = 4096;
	h.size = MIB - 4096;
	if (text) {
		size_t len = strlen(text) + 1, first = len;
		if (off + len > h.size)
			first = h.size - off;
		memcpy(im->bytes + 4096 + off, text, first);
		memcpy(im->bytes + 4096 + 512, text + first, len - first);
		h.loc[0] = (struct raw_locn){off, len, lvm_crc32(LVM_CRC_INITIAL, text, len), 0};
	}
	mda_header_build(&h, im->bytes + 4096);
}

static enum pvck_result run(struct image *im, enum pvck_dump dump, struct strbuf *out,
                            struct strbuf *file, struct strbuf *warn)
{
	struct pvck_dev d = {read_image, im, im->size, "/dev/vda"};
	struct pvck_opts o = {dump, 1, 1, 0, file != NULL, NULL};
	strbuf_reset(out);
	strbuf_reset(warn);
	return pvck_run(&d, &o, out, file, warn);
}

static void expect_text(const char *want, const struct strbuf *got)
{
	if (strcmp(want, got->buf)) {
		print_error("expected:\n%s\ngot:\n%s\n", want, got->buf);
		fail();
	}
}

static const char orphan_headers[] =
    "  label_header at 512\n"
    "  label_header.id LABELONE\n"
    "  label_header.sector 1\n"
    "  label_header.crc 0xa9375f91\n"
    "  label_header.offset 32\n"
    "  label_header.type LVM2 001\n"
    "  pv_header at 544\n"
    "  pv_header.pv_uuid k14wSAgUR10aqpqCNr1Zl67wTSmzrxi6\n"
    "  pv_header.device_size 104857600\n"
    "  pv_header.disk_locn[0] at 584 # location of data area\n"
    "  pv_header.disk_locn[0].offset 1048576\n"
    "  pv_header.disk_locn[0].size 0\n"
    "  pv_header.disk_locn[1] at 600 # location list end\n"
    "  pv_header.disk_locn[1].offset 0\n"
    "  pv_header.disk_locn[1].size 0\n"
    "  pv_header.disk_locn[2] at 616 # location of metadata area\n"
    "  pv_header.disk_locn[2].offset 4096\n"
    "  pv_header.disk_locn[2].size 1044480\n"
    "  pv_header.disk_locn[3] at 632 # location list end\n"
    "  pv_header.disk_locn[3].offset 0\n"
    "  pv_header.disk_locn[3].size 0\n"
    "  pv_header_extension at 648\n"
    "  pv_header_extension.version 2\n"
    "  pv_header_extension.flags 0\n"
    "  pv_header_extension.disk_locn[0] at 656 # location list end\n"
    "  pv_header_extension.disk_locn[0].offset 0\n"
    "  pv_header_extension.disk_locn[0].size 0\n"
    "  mda_header_1 at 4096 # metadata area\n"
    "  mda_header_1.checksum 0xdb8ed616\n"
    "  mda_header_1.magic 0x204c564d3220785b35412572304e2a3e\n"
    "  mda_header_1.version 1\n"
    "  mda_header_1.start 4096\n"
    "  mda_header_1.size 1044480\n"
    "  mda_header_1.raw_locn[0] at 4136 # commit\n"
    "  mda_header_1.raw_locn[0].offset 0\n"
    "  mda_header_1.raw_locn[0].size 0\n"
    "  mda_header_1.raw_locn[0].checksum 0x0\n"
    "  mda_header_1.raw_locn[0].flags 0x0\n"
    "  mda_header_1.raw_locn[1] at 4160 # precommit\n"
    "  mda_header_1.raw_locn[1].offset 0\n"
    "  mda_header_1.raw_locn[1].size 0\n"
    "  mda_header_1.raw_locn[1].checksum 0x0\n"
    "  mda_header_1.raw_locn[1].flags 0x0\n";

static void test_headers_as_lvm2(void **state)
{
	struct image *im = image_new(2 * MIB);
	struct strbuf out = STRBUF_INIT, warn = STRBUF_INIT;
	(void)state;
	put_label(im, "k14wSAgUR10aqpqCNr1Zl67wTSmzrxi6", 100 * MIB, 0);
	put_area(im, NULL, 0);
	assert_int_equal(run(im, PVCK_HEADERS, &out, NULL, &warn), PVCK_OK);
	expect_text(orphan_headers, &out);
	assert_int_equal(warn.len, 0);
	/* the check: lvm2's two lines */
	assert_int_equal(run(im, PVCK_CHECK, &out, NULL, &warn), PVCK_OK);
	expect_text("  Found label on /dev/vda, sector 1, type=LVM2 001\n"
	            "  Found text metadata area: offset=4096, size=1044480\n",
	            &out);
	/* no text: nothing to print */
	assert_int_equal(run(im, PVCK_METADATA, &out, NULL, &warn), PVCK_OK);
	expect_text("", &out);
	strbuf_release(&out);
	strbuf_release(&warn);
	image_free(im);
}

static void test_blank(void **state)
{
	struct image *im = image_new(8 * MIB);
	struct strbuf out = STRBUF_INIT, warn = STRBUF_INIT;
	(void)state;
	assert_int_equal(run(im, PVCK_HEADERS, &out, NULL, &warn), PVCK_OK);
	expect_text("  label_header at 512\n"
	            "  label_header.id ????????\n"
	            "  label_header.sector 0\n"
	            "  label_header.crc 0x0\n"
	            "  label_header.offset 0\n"
	            "  label_header.type ????????\n"
	            "  CHECK: label_header.id expected LABELONE\n"
	            "  CHECK: label_header.sector expected 1\n"
	            "  CHECK: label_header.crc expected 0x2c81f10\n"
	            "  CHECK: label_header.offset expected 32\n"
	            "  CHECK: label_header.type expected LVM2 001\n"
	            "  pv_header at 544\n"
	            "  pv_header.pv_uuid ????????????????????????????????\n"
	            "  pv_header.device_size 0\n"
	            "  CHECK: pv_header.pv_uuid invalid format\n"
	            "  pv_header.disk_locn[0] at 584 # location list end\n"
	            "  pv_header.disk_locn[0].offset 0\n"
	            "  pv_header.disk_locn[0].size 0\n"
	            "  pv_header.disk_locn[1] at 600 # location list end\n"
	            "  pv_header.disk_locn[1].offset 0\n"
	            "  pv_header.disk_locn[1].size 0\n"
	            "  pv_header_extension at 616\n"
	            "  pv_header_extension.version 0\n"
	            "  pv_header_extension.flags 0\n"
	            "  pv_header_extension.disk_locn[0] at 624 # location list end\n"
	            "  pv_header_extension.disk_locn[0].offset 0\n"
	            "  pv_header_extension.disk_locn[0].size 0\n"
	            "  zero metadata copies\n",
	            &out);
	assert_int_equal(run(im, PVCK_CHECK, &out, NULL, &warn), PVCK_NO_LABEL);
	expect_text("  CHECK: label_header.id expected LABELONE\n"
	            "  CHECK: label_header.sector expected 1\n"
	            "  CHECK: label_header.crc expected 0x2c81f10\n"
	            "  CHECK: label_header.offset expected 32\n"
	            "  CHECK: label_header.type expected LVM2 001\n"
	            "  CHECK: pv_header.pv_uuid invalid format\n",
	            &out);
	/* searching without headers: lvm2's defaults */
	assert_int_equal(run(im, PVCK_METADATA_SEARCH, &out, NULL, &warn), PVCK_OK);
	assert_non_null(strstr(out.buf,
	                       "  Using common defaults for first mda: offset 4096 size 1044480.\n"
	                       "  Override defaults with --settings \"mda_offset=<bytes> "
	                       "mda_size=<bytes>\"\n"
	                       "  Searching for metadata at offset 4096 size 1044480\n"));
	strbuf_release(&out);
	strbuf_release(&warn);
	image_free(im);
}

/* A metadata text as lvm2 lays one out, `seqno` and padding varying. */
static char *vg_text(unsigned seqno, size_t pad)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb,
	            "vg1 {\nid = \"scouTM-JW7n-Vq2c-AdGU-fe1m-YjK3-KX3GuP\"\nseqno = %u\n"
	            "format = \"lvm2\"\nstatus = [\"RESIZEABLE\", \"READ\", \"WRITE\"]\n"
	            "flags = []\nextent_size = 8192\nmax_lv = 0\nmax_pv = 0\n"
	            "metadata_copies = 0\n}\n# Generated by LVM2\n\ncontents = \"Text Format "
	            "Volume Group\"\nversion = 1\n\ndescription = \"Write from lvcreate -n "
	            "l%u.\"\n\ncreation_host = \"h\"\t# Linux h\ncreation_time = %u\t# now\n",
	            seqno, seqno, 1700000000 + seqno);
	for (size_t i = 0; i < pad; i++)
		strbuf_addch(&sb, '#');
	strbuf_addstr(&sb, "\n\n");
	return strbuf_detach(&sb, NULL);
}

static void test_metadata(void **state)
{
	struct image *im = image_new(2 * MIB);
	struct strbuf out = STRBUF_INIT, warn = STRBUF_INIT, file = STRBUF_INIT, want = STRBUF_INIT;
	char *text = vg_text(27, 0);
	uint32_t crc = lvm_crc32(LVM_CRC_INITIAL, text, strlen(text) + 1);
	(void)state;
	put_label(im, "VnxlTuxz3pu051Ign0FHOKQdgPtFgFUG", 256 * MIB, 1);
	put_area(im, text, 512);
	assert_int_equal(run(im, PVCK_METADATA, &out, NULL, &warn), PVCK_OK);
	strbuf_addf(&want,
	            "  metadata text at 4608 crc 0x%x # vgname vg1 seqno 27\n  ---\n%s\n  ---\n",
	            crc, text);
	expect_text(want.buf, &out);
	/* to a file: the text alone */
	assert_int_equal(run(im, PVCK_METADATA, &out, &file, &warn), PVCK_OK);
	assert_string_equal(file.buf, text);
	strbuf_reset(&want);
	strbuf_addf(&want, "  metadata text at 4608 crc 0x%x # vgname vg1 seqno 27\n", crc);
	expect_text(want.buf, &out);
	/* the headers end with the text's line */
	assert_int_equal(run(im, PVCK_HEADERS, &out, NULL, &warn), PVCK_OK);
	assert_non_null(strstr(out.buf, want.buf));
	assert_non_null(strstr(out.buf, "  pv_header_extension.flags 1\n"));

	/* a byte of the text changed: the checksum no longer matches */
	im->bytes[4096 + 512 + 10] ^= 1;
	assert_int_equal(run(im, PVCK_CHECK, &out, NULL, &warn), PVCK_BAD);
	expect_text("  CHECK: metadata text at 4608 crc does not match "
	            "mda_header_1.raw_locn[0].checksum\n"
	            "  Found label on /dev/vda, sector 1, type=LVM2 001\n"
	            "  Found text metadata area: offset=4096, size=1044480\n",
	            &out);
	/* the header's own checksum: the area is still found (its magic) */
	im->bytes[4096 + 512 + 10] ^= 1;
	im->bytes[4096 + 200] ^= 0x40; /* past the raw locations */
	assert_int_equal(run(im, PVCK_CHECK, &out, NULL, &warn), PVCK_BAD);
	assert_non_null(strstr(out.buf, "  CHECK: mda_header_1.checksum expected 0x"));
	assert_non_null(strstr(out.buf, "  Found text metadata area: offset=4096"));
	/* the magic: the area is not found */
	memcpy(im->bytes + 4096 + 4, "XXXX", 4);
	assert_int_equal(run(im, PVCK_CHECK, &out, NULL, &warn), PVCK_BAD);
	assert_non_null(strstr(
	    out.buf, "  CHECK: mda_header_1.magic expected 0x204c564d3220785b35412572304e2a3e\n"
	             "  Found label on"));
	assert_null(strstr(out.buf, "Found text metadata area"));
	/* the label's id: no label */
	memcpy(im->bytes + 512, "XXXXXXXX", 8);
	assert_int_equal(run(im, PVCK_CHECK, &out, NULL, &warn), PVCK_NO_LABEL);
	expect_text("  CHECK: label_header.id expected LABELONE\n", &out);
	assert_int_equal(run(im, PVCK_HEADERS, &out, NULL, &warn), PVCK_BAD);
	assert_non_null(strstr(out.buf, "  label_header.id XXXXXXXX\n"));

	free(text);
	strbuf_release(&out);
	strbuf_release(&warn);
	strbuf_release(&file);
	strbuf_release(&want);
	image_free(im);
}

/* metadata_all: every copy, the committed one wrapping round the ring. */
static void test_metadata_all(void **state)
{
	struct image *im = image_new(2 * MIB);
	struct strbuf out = STRBUF_INIT, warn = STRBUF_INIT, file = STRBUF_INIT, want = STRBUF_INIT;
	char *old = vg_text(4, 600), *cur = vg_text(5, 300);
	size_t area = MIB - 4096, cur_at = area - 512; /* wraps: 512 bytes at the end */
	struct pvck_dev d = {read_image, im, im->size, "/dev/vda"};
	struct pvck_opts o = {PVCK_METADATA_ALL, 1, 1, 1, 0, NULL};
	(void)state;
	put_label(im, "VnxlTuxz3pu051Ign0FHOKQdgPtFgFUG", 256 * MIB, 1);
	memcpy(im->bytes + 4096 + 2048, old, strlen(old) + 1);
	put_area(im, cur, cur_at);
	assert_int_equal(pvck_run(&d, &o, &out, NULL, &warn), PVCK_OK);
	/* the wrapped copy is found where its tail is (sector 1 of the ring
	 * holds no start), after the tail's sectors: the old one first */
	strbuf_addf(&want,
	            "  metadata at %zu length %zu crc %08x vg vg1 seqno 4 id "
	            "scouTM-JW7n-Vq2c-AdGU-fe1m-YjK3-KX3GuP\n"
	            "  description = \"Write from lvcreate -n l4.\"\n"
	            "  creation_time = 1700000004\t# now\n\n",
	            (size_t)4096 + 2048, strlen(old) + 1,
	            lvm_crc32(LVM_CRC_INITIAL, old, strlen(old) + 1));
	strbuf_addf(&want,
	            "  metadata at %zu length %zu crc %08x vg vg1 seqno 5 id "
	            "scouTM-JW7n-Vq2c-AdGU-fe1m-YjK3-KX3GuP\n"
	            "  description = \"Write from lvcreate -n l5.\"\n"
	            "  creation_time = 1700000005\t# now\n\n",
	            (size_t)4096 + cur_at, strlen(cur) + 1,
	            lvm_crc32(LVM_CRC_INITIAL, cur, strlen(cur) + 1));
	expect_text(want.buf, &out);
	assert_int_equal(warn.len, 0);
	/* to a file: the texts, "--" between them */
	o.verbose = 0;
	o.to_file = 1;
	assert_int_equal(pvck_run(&d, &o, &out, &file, &warn), PVCK_OK);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s\n--\n%s", old, cur);
	assert_string_equal(file.buf, want.buf);
	free(old);
	free(cur);
	strbuf_release(&out);
	strbuf_release(&warn);
	strbuf_release(&file);
	strbuf_release(&want);
	image_free(im);
}

/* Bytes that point anywhere: pvck says so and reads nothing outside the
 * device (read_image asserts it). */
static void test_damage_stays_inside(void **state)
{
	struct image *im = image_new(2 * MIB);
	struct strbuf out = STRBUF_INIT, warn = STRBUF_INIT, file = STRBUF_INIT;
	uint8_t *s = im->bytes + 512;
	(void)state;
	put_label(im, "VnxlTuxz3pu051Ign0FHOKQdgPtFgFUG", 256 * MIB, 1);
	put_area(im, NULL, 0);
	/* the area 4 GiB away, as a flipped byte made it in lvm2's own test */
	s[616 - 512 + 4] = 1;
	for (enum pvck_dump dump = PVCK_CHECK; dump <= PVCK_METADATA_SEARCH; dump++)
		run(im, dump, &out, dump == PVCK_METADATA_AREA ? &file : NULL, &warn);
	assert_int_equal(run(im, PVCK_CHECK, &out, NULL, &warn), PVCK_BAD);
	assert_non_null(strstr(out.buf, "  WARNING: pv_header.disk_locn[2].offset 4294971392 is "
	                                "unexpected # for first mda\n"
	                                "  CHECK: failed to read mda_header at 4294971392\n"));
	assert_non_null(
	    strstr(warn.buf, "Error reading device /dev/vda at 4294971392 length 512."));

	/* a list with no end in the sector */
	memset(s + 72, 0xff, 512 - 72);
	assert_int_equal(run(im, PVCK_HEADERS, &out, NULL, &warn), PVCK_BAD);
	assert_non_null(strstr(out.buf, "runs past the label sector"));
	for (enum pvck_dump dump = PVCK_CHECK; dump <= PVCK_METADATA_SEARCH; dump++)
		run(im, dump, &out, dump == PVCK_METADATA_AREA ? &file : NULL, &warn);

	/* a raw location past the area, and a size past everything */
	put_label(im, "VnxlTuxz3pu051Ign0FHOKQdgPtFgFUG", 256 * MIB, 1);
	{
		struct mda_header h;
		memset(&h, 0, sizeof(h));
		h.version = 1;
		h.start = 4096;
		h.size = MIB - 4096;
		h.loc[0] = (struct raw_locn){MIB * 3, UINT64_MAX - 7, 1, 0};
		h.loc[1] = (struct raw_locn){600, 100, 1, 0};
		mda_header_build(&h, im->bytes + 4096);
	}
	assert_int_equal(run(im, PVCK_HEADERS, &out, NULL, &warn), PVCK_BAD);
	assert_non_null(strstr(out.buf, "  mda_header_1.raw_locn[0] at 4136 # commit wrapped\n"));
	assert_non_null(
	    strstr(out.buf, "  CHECK: mda_header_1.raw_locn[1] for precommit not empty\n"));
	assert_non_null(strstr(
	    out.buf, "  CHECK: mda_header_1.raw_locn[0].size larger than metadata area size\n"));
	assert_non_null(strstr(out.buf, "  CHECK: failed to read metadata text at "));
	for (enum pvck_dump dump = PVCK_CHECK; dump <= PVCK_METADATA_SEARCH; dump++)
		run(im, dump, &out, dump == PVCK_METADATA_AREA ? &file : NULL, &warn);

	/* an area as large as the device says it could be, and larger */
	put_label(im, "VnxlTuxz3pu051Ign0FHOKQdgPtFgFUG", 256 * MIB, 1);
	memset(s + 72 + 16 + 16 + 8, 0xee, 8); /* the area's size */
	for (enum pvck_dump dump = PVCK_CHECK; dump <= PVCK_METADATA_SEARCH; dump++)
		run(im, dump, &out, dump == PVCK_METADATA_AREA ? &file : NULL, &warn);
	assert_int_equal(run(im, PVCK_METADATA_ALL, &out, NULL, &warn), PVCK_BAD);

	strbuf_release(&out);
	strbuf_release(&warn);
	strbuf_release(&file);
	image_free(im);
}

static void test_dump_names(void **state)
{
	enum pvck_dump d;
	(void)state;
	assert_int_equal(pvck_dump_parse("headers", &d), 0);
	assert_int_equal(d, PVCK_HEADERS);
	assert_int_equal(pvck_dump_parse("metadata_search", &d), 0);
	assert_int_equal(d, PVCK_METADATA_SEARCH);
	assert_int_equal(pvck_dump_parse("metadata_area", &d), 0);
	assert_int_equal(pvck_dump_parse("backup_to_raw", &d), -1);
	assert_int_equal(pvck_dump_parse("", &d), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_headers_as_lvm2),
	    cmocka_unit_test(test_blank),
	    cmocka_unit_test(test_metadata),
	    cmocka_unit_test(test_metadata_all),
	    cmocka_unit_test(test_damage_stays_inside),
	    cmocka_unit_test(test_dump_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
