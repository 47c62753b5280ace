/* lib/metadata/format/label.c: PV labels and metadata area headers as
 * lvm2 writes them, and the placement of metadata text in the circular
 * buffer.
 *
 * The sectors below were read (dd) from loop devices after lvm2 2.03.16
 * (Debian 12) wrote them, with `global { activation = 0 }`:
 *   u1: a PV of a 2-PV VG (64 MiB, seqno 6): label in sector 1, mda
 *       header at 4096;
 *   b3: pvcreate --bootloaderareasize 1m (64 MiB), in a VG;
 *   d1: pvcreate --pvmetadatacopies 2 (32 MiB), in a VG: two mdas, the
 *       second header at 32505856;
 *   c1: a 2 TiB sparse PV in a VG;
 *   e1: pvcreate --metadatasize 32k --dataalignment 4k, in a VG after 70
 *       commits: the committed text wraps around the end of the area;
 *   orphan_ignored: the header of pvcreate --metadataignore y (64 MiB).
 * pvck --dump headers printed the values the tests check. */
#include "unit.h"

#include "metadata/format/label.h"
#include "misc/crc.h"
#include "misc/strbuf.h"

/* u1.scan bytes 0-143 of the sector (the rest is zero) */
static const unsigned char u1_label[] = {
    0x4c, 0x41, 0x42, 0x45, 0x4c, 0x4f, 0x4e, 0x45, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x3c, 0xda, 0x2c, 0xc8, 0x20, 0x00, 0x00, 0x00, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x30, 0x30, 0x31,
    0x49, 0x6b, 0x64, 0x36, 0x51, 0x79, 0x6f, 0x6a, 0x46, 0x6e, 0x6d, 0x62, 0x54, 0x30, 0x49, 0x62,
    0x4c, 0x58, 0x7a, 0x44, 0x49, 0x33, 0x64, 0x55, 0x52, 0x47, 0x44, 0x36, 0x79, 0x6d, 0x4a, 0x74,
    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};
/* u1.mdah bytes 0-63 of the sector (the rest is zero) */
static const unsigned char u1_mdah[] = {
    0x38, 0xf3, 0x7b, 0x00, 0x20, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x78, 0x5b, 0x35, 0x41, 0x25, 0x72,
    0x30, 0x4e, 0x2a, 0x3e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xc8, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xa9, 0x4c, 0xad, 0x68, 0x00, 0x00, 0x00, 0x00,
};
/* b3.scan bytes 0-159 of the sector (the rest is zero) */
static const unsigned char b3_label[] = {
    0x4c, 0x41, 0x42, 0x45, 0x4c, 0x4f, 0x4e, 0x45, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x21, 0xfd, 0x46, 0xb0, 0x20, 0x00, 0x00, 0x00, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x30, 0x30, 0x31,
    0x53, 0x66, 0x64, 0x62, 0x45, 0x63, 0x43, 0x32, 0x5a, 0x59, 0x62, 0x4e, 0x55, 0x6d, 0x42, 0x4e,
    0x45, 0x65, 0x59, 0x6b, 0x77, 0x70, 0x66, 0x5a, 0x41, 0x4b, 0x64, 0x4e, 0x70, 0x32, 0x76, 0x71,
    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
};
/* b3.mdah bytes 0-63 of the sector (the rest is zero) */
static const unsigned char b3_mdah[] = {
    0x09, 0x01, 0x3c, 0x3a, 0x20, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x78, 0x5b, 0x35, 0x41, 0x25, 0x72,
    0x30, 0x4e, 0x2a, 0x3e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x8a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xe8, 0x0d, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x4c, 0xaa, 0x15, 0xcb, 0x00, 0x00, 0x00, 0x00,
};
/* d1.scan bytes 0-159 of the sector (the rest is zero) */
static const unsigned char d1_label[] = {
    0x4c, 0x41, 0x42, 0x45, 0x4c, 0x4f, 0x4e, 0x45, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x24, 0x8d, 0xbc, 0x6b, 0x20, 0x00, 0x00, 0x00, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x30, 0x30, 0x31,
    0x76, 0x44, 0x4f, 0x69, 0x41, 0x45, 0x5a, 0x57, 0x44, 0x45, 0x61, 0x71, 0x48, 0x32, 0x58, 0x62,
    0x43, 0x61, 0x77, 0x32, 0x55, 0x52, 0x69, 0x67, 0x79, 0x39, 0x79, 0x45, 0x74, 0x30, 0x67, 0x6b,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};
/* d1.mdah bytes 0-63 of the sector (the rest is zero) */
static const unsigned char d1_mdah[] = {
    0x43, 0xef, 0xfb, 0xf7, 0x20, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x78, 0x5b, 0x35, 0x41, 0x25, 0x72,
    0x30, 0x4e, 0x2a, 0x3e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xdf, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x92, 0xd9, 0x7d, 0x00, 0x00, 0x00, 0x00,
};
/* c1.scan bytes 0-143 of the sector (the rest is zero) */
static const unsigned char c1_label[] = {
    0x4c, 0x41, 0x42, 0x45, 0x4c, 0x4f, 0x4e, 0x45, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x93, 0xaf, 0x7e, 0xc9, 0x20, 0x00, 0x00, 0x00, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x30, 0x30, 0x31,
    0x36, 0x66, 0x4a, 0x41, 0x63, 0x34, 0x65, 0x34, 0x45, 0x69, 0x4a, 0x50, 0x55, 0x38, 0x62, 0x59,
    0x59, 0x73, 0x32, 0x56, 0x76, 0x6b, 0x6a, 0x6e, 0x4d, 0x4e, 0x53, 0x48, 0x6d, 0x4a, 0x71, 0x69,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};
/* c1.mdah bytes 0-63 of the sector (the rest is zero) */
static const unsigned char c1_mdah[] = {
    0x85, 0x5d, 0x04, 0x21, 0x20, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x78, 0x5b, 0x35, 0x41, 0x25, 0x72,
    0x30, 0x4e, 0x2a, 0x3e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xf5, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x16, 0x2d, 0x31, 0x54, 0x00, 0x00, 0x00, 0x00,
};
/* d1.mdah2 bytes 0-63 of the sector (the rest is zero) */
static const unsigned char d1_mdah2[] = {
    0xab, 0x04, 0xa5, 0xa9, 0x20, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x78, 0x5b, 0x35, 0x41, 0x25, 0x72,
    0x30, 0x4e, 0x2a, 0x3e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xdf, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x92, 0xd9, 0x7d, 0x00, 0x00, 0x00, 0x00,
};
/* e1.scan bytes 0-143 of the sector (the rest is zero) */
static const unsigned char e1_label[] = {
    0x4c, 0x41, 0x42, 0x45, 0x4c, 0x4f, 0x4e, 0x45, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x29, 0x79, 0xae, 0xe9, 0x20, 0x00, 0x00, 0x00, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x30, 0x30, 0x31,
    0x32, 0x49, 0x6c, 0x38, 0x39, 0x44, 0x62, 0x7a, 0x53, 0x36, 0x62, 0x6c, 0x4b, 0x45, 0x75, 0x50,
    0x63, 0x4c, 0x48, 0x66, 0x46, 0x77, 0x66, 0x6b, 0x30, 0x4e, 0x45, 0x53, 0x54, 0x35, 0x65, 0x76,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x90, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};
/* e1.mdah bytes 0-63 of the sector (the rest is zero) */
static const unsigned char e1_mdah[] = {
    0x9e, 0x98, 0x54, 0x8f, 0x20, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x78, 0x5b, 0x35, 0x41, 0x25, 0x72,
    0x30, 0x4e, 0x2a, 0x3e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xec, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xcc, 0x7b, 0x68, 0xf2, 0x00, 0x00, 0x00, 0x00,
};
/* h1.mdah bytes 0-63 of the sector (the rest is zero) */
static const unsigned char orphan_ignored_mdah[] = {
    0x1e, 0x58, 0x24, 0x45, 0x20, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x78, 0x5b, 0x35, 0x41, 0x25, 0x72,
    0x30, 0x4e, 0x2a, 0x3e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};

/* ---- helpers ---- */

static void sector_from(const unsigned char *head, size_t n, uint8_t out[512])
{
	memset(out, 0, 512);
	memcpy(out, head, n);
}

#define SECTOR(a, out) sector_from(a, sizeof(a), out)

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void fix_label_crc(uint8_t *s)
{
	put32(s + 16, lvm_crc32(LVM_CRC_INITIAL, s + 20, 512 - 20));
}

static void fix_mda_crc(uint8_t *s)
{
	put32(s, lvm_crc32(LVM_CRC_INITIAL, s + 4, 512 - 4));
}

static int parse_label(const uint8_t *s, uint64_t sector, struct pv_label *l, struct strbuf *err)
{
	strbuf_reset(err);
	return label_parse(s, sector, l, err);
}

/* label_parse must say "damaged" (-1) with `why` in the reason. */
static void label_damaged(const uint8_t *s, const char *why)
{
	struct strbuf err = STRBUF_INIT;
	struct pv_label l;
	int r = label_parse(s, 1, &l, &err);
	if (r != -1 || !strstr(err.buf, why)) {
		print_error("label_parse returned %d \"%s\", expected -1 \"%s\"\n", r, err.buf,
		            why);
		fail();
	}
	strbuf_release(&err);
}

static void mda_damaged(const uint8_t *s, uint64_t start, uint64_t size, const char *why)
{
	struct strbuf err = STRBUF_INIT;
	struct mda_header h;
	int r = mda_header_parse(s, start, size, &h, &err);
	if (r != -1 || !strstr(err.buf, why)) {
		print_error("mda_header_parse returned %d \"%s\", expected -1 \"%s\"\n", r, err.buf,
		            why);
		fail();
	}
	strbuf_release(&err);
}

/* ---- labels written by lvm2 ---- */

static void test_label_u1(void **state)
{
	uint8_t s[512], built[512];
	struct pv_label l;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	SECTOR(u1_label, s);
	assert_int_equal(parse_label(s, 1, &l, &err), 1);
	assert_string_equal(err.buf, "");
	assert_int_equal(l.sector, 1);
	assert_string_equal(l.pv_id, "Ikd6QyojFnmbT0IbLXzDI3dURGD6ymJt");
	assert_int_equal(l.dev_size, 67108864);
	assert_int_equal(l.n_data, 1);
	assert_int_equal(l.data[0].offset, 1048576);
	assert_int_equal(l.data[0].size, 0);
	assert_int_equal(l.n_mda, 1);
	assert_int_equal(l.mda[0].offset, 4096);
	assert_int_equal(l.mda[0].size, 1044480);
	assert_int_equal(l.ext_version, 2);
	assert_int_equal(l.ext_flags, PV_EXT_USED);
	assert_int_equal(l.n_ba, 0);
	/* building it again gives lvm2's bytes */
	label_build(&l, built);
	assert_memory_equal(built, s, 512);
	strbuf_release(&err);
}

static void test_label_bootloader_area(void **state)
{
	uint8_t s[512], built[512];
	struct pv_label l;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	SECTOR(b3_label, s);
	assert_int_equal(parse_label(s, 1, &l, &err), 1);
	assert_string_equal(l.pv_id, "SfdbEcC2ZYbNUmBNEeYkwpfZAKdNp2vq");
	assert_int_equal(l.data[0].offset, 2097152);
	assert_int_equal(l.n_ba, 1);
	assert_int_equal(l.ba[0].offset, 1048576);
	assert_int_equal(l.ba[0].size, 1048576);
	label_build(&l, built);
	assert_memory_equal(built, s, 512);
	strbuf_release(&err);
}

static void test_label_two_mdas(void **state)
{
	uint8_t s[512], built[512];
	struct pv_label l;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	SECTOR(d1_label, s);
	assert_int_equal(parse_label(s, 1, &l, &err), 1);
	assert_string_equal(l.pv_id, "vDOiAEZWDEaqH2XbCaw2URigy9yEt0gk");
	assert_int_equal(l.dev_size, 33554432);
	assert_int_equal(l.n_mda, 2);
	assert_int_equal(l.mda[0].offset, 4096);
	assert_int_equal(l.mda[0].size, 1044480);
	assert_int_equal(l.mda[1].offset, 32505856);
	assert_int_equal(l.mda[1].size, 1048576);
	assert_int_equal(l.ext_flags, PV_EXT_USED);
	label_build(&l, built);
	assert_memory_equal(built, s, 512);
	strbuf_release(&err);
}

static void test_label_2tib(void **state)
{
	uint8_t s[512], built[512];
	struct pv_label l;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	SECTOR(c1_label, s);
	assert_int_equal(parse_label(s, 1, &l, &err), 1);
	assert_int_equal(l.dev_size, 2199023255552ULL);
	label_build(&l, built);
	assert_memory_equal(built, s, 512);
	strbuf_release(&err);
}

/* lvm2 before 2.02.110 wrote no extension: the sector ends after the
 * metadata area list. */
static void test_label_without_extension(void **state)
{
	uint8_t s[512], built[512];
	struct pv_label l;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	SECTOR(u1_label, s);
	/* extension at 32 + 32 + 8 + 2*16 + 2*16 = 136 */
	memset(s + 136, 0, 16);
	fix_label_crc(s);
	assert_int_equal(parse_label(s, 1, &l, &err), 1);
	assert_int_equal(l.ext_version, 0);
	assert_int_equal(l.ext_flags, 0);
	label_build(&l, built);
	assert_memory_equal(built, s, 512);
	strbuf_release(&err);
}

/* Every label with the header of its first metadata area. */
static void test_label_and_mda_pairs(void **state)
{
	static const struct {
		const unsigned char *label, *mdah;
		size_t label_len, mdah_len;
	} pairs[] = {
	    {u1_label, u1_mdah, sizeof(u1_label), sizeof(u1_mdah)},
	    {b3_label, b3_mdah, sizeof(b3_label), sizeof(b3_mdah)},
	    {c1_label, c1_mdah, sizeof(c1_label), sizeof(c1_mdah)},
	    {d1_label, d1_mdah, sizeof(d1_label), sizeof(d1_mdah)},
	    {e1_label, e1_mdah, sizeof(e1_label), sizeof(e1_mdah)},
	};
	struct strbuf err = STRBUF_INIT;
	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(*pairs); i++) {
		uint8_t s[512], m[512], built[512];
		struct pv_label l;
		struct mda_header h;
		sector_from(pairs[i].label, pairs[i].label_len, s);
		sector_from(pairs[i].mdah, pairs[i].mdah_len, m);
		assert_int_equal(parse_label(s, 1, &l, &err), 1);
		assert_true(l.n_mda >= 1);
		assert_int_equal(mda_header_parse(m, l.mda[0].offset, l.mda[0].size, &h, &err), 0);
		assert_true(h.loc[0].size > 0);
		mda_header_build(&h, built);
		assert_memory_equal(built, m, 512);
		label_build(&l, built);
		assert_memory_equal(built, s, 512);
	}
	strbuf_release(&err);
}

/* ---- damaged labels ---- */

static void test_label_not_a_label(void **state)
{
	uint8_t s[512];
	struct pv_label l;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	memset(s, 0, sizeof(s));
	assert_int_equal(parse_label(s, 1, &l, &err), 0);
	SECTOR(u1_label, s);
	s[0] = 'l';
	assert_int_equal(parse_label(s, 1, &l, &err), 0);
	assert_string_equal(err.buf, "");
	strbuf_release(&err);
}

static void test_label_damage(void **state)
{
	uint8_t s[512];
	(void)state;

	SECTOR(u1_label, s);
	s[100] ^= 1; /* any byte covered by the checksum */
	label_damaged(s, "checksum");

	SECTOR(u1_label, s);
	s[16] ^= 0x80; /* the checksum itself */
	label_damaged(s, "checksum");

	/* the sector number it claims is checked */
	SECTOR(u1_label, s);
	{
		struct strbuf err = STRBUF_INIT;
		struct pv_label l;
		assert_int_equal(label_parse(s, 2, &l, &err), -1);
		assert_non_null(strstr(err.buf, "sector"));
		strbuf_release(&err);
	}

	SECTOR(u1_label, s);
	put32(s + 20, 64);
	fix_label_crc(s);
	label_damaged(s, "offset");

	SECTOR(u1_label, s);
	memcpy(s + 24, "LVM1 001", 8);
	fix_label_crc(s);
	label_damaged(s, "LVM2 001");

	SECTOR(u1_label, s);
	s[40] = '$';
	fix_label_crc(s);
	label_damaged(s, "uuid");
}

/* Area lists that never end, or end past the sector. */
static void test_label_runaway_lists(void **state)
{
	uint8_t s[512];
	(void)state;

	/* more than MAX_AREAS data areas */
	SECTOR(u1_label, s);
	memset(s + 72, 0, 512 - 72);
	for (int i = 0; i <= MAX_AREAS; i++)
		put64(s + 72 + 16 * i, 1048576 + (uint64_t)i);
	fix_label_crc(s);
	label_damaged(s, "more than 8 data areas");

	/* data areas fill the sector: 72 + 27*16 = 504, no room for the end */
	SECTOR(u1_label, s);
	memset(s + 72, 0, 512 - 72);
	for (size_t pos = 72; pos + 16 <= 512; pos += 16)
		put64(s + pos, 1 + pos);
	fix_label_crc(s);
	label_damaged(s, "");

	/* more than MAX_AREAS metadata areas (the list starts at 104, after
	 * one data area and its terminator) */
	SECTOR(u1_label, s);
	memset(s + 104, 0, 512 - 104);
	for (int i = 0; i <= MAX_AREAS; i++) {
		put64(s + 104 + 16 * i, 4096 + (uint64_t)i);
		put64(s + 104 + 16 * i + 8, 512);
	}
	fix_label_crc(s);
	label_damaged(s, "more than");

	/* exactly MAX_AREAS is fine, and survives label_build */
	SECTOR(u1_label, s);
	memset(s + 104, 0, 512 - 104);
	for (int i = 0; i < MAX_AREAS; i++) {
		put64(s + 104 + 16 * i, 4096 + (uint64_t)i);
		put64(s + 104 + 16 * i + 8, 512);
	}
	fix_label_crc(s);
	{
		struct strbuf err = STRBUF_INIT;
		struct pv_label l;
		uint8_t built[512];
		assert_int_equal(label_parse(s, 1, &l, &err), 1);
		assert_int_equal(l.n_data, 1);
		assert_int_equal(l.n_mda, MAX_AREAS);
		label_build(&l, built);
		assert_memory_equal(built, s, 512);
		strbuf_release(&err);
	}

	/* a bootloader list running off the end */
	SECTOR(u1_label, s);
	for (size_t pos = 144; pos + 16 <= 512; pos += 16)
		put64(s + pos, 7);
	fix_label_crc(s);
	label_damaged(s, "");
}

/* Any single flipped bit is caught by the checksum (or the magic). */
static void test_label_every_bit(void **state)
{
	uint8_t s[512];
	struct pv_label l;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	for (size_t bit = 0; bit < 512 * 8; bit++) {
		int r;
		SECTOR(u1_label, s);
		s[bit / 8] ^= (uint8_t)(1 << (bit % 8));
		strbuf_reset(&err);
		r = label_parse(s, 1, &l, &err);
		if (r == 1) {
			print_error("bit %zu flipped and still a valid label\n", bit);
			fail();
		}
	}
	strbuf_release(&err);
}

/* ---- metadata area headers ---- */

static void test_mda_header_u1(void **state)
{
	uint8_t s[512], built[512];
	struct mda_header h;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	SECTOR(u1_mdah, s);
	assert_int_equal(mda_header_parse(s, 4096, 1044480, &h, &err), 0);
	assert_int_equal(h.version, 1);
	assert_int_equal(h.start, 4096);
	assert_int_equal(h.size, 1044480);
	/* pvck: "metadata text at 13312 crc 0x68ad4ca9" */
	assert_int_equal(h.loc[0].offset, 13312 - 4096);
	assert_int_equal(h.loc[0].checksum, 0x68ad4ca9);
	assert_int_equal(h.loc[0].flags, 0);
	assert_int_equal(h.loc[1].offset, 0);
	assert_int_equal(h.loc[1].size, 0);
	mda_header_build(&h, built);
	assert_memory_equal(built, s, 512);
	strbuf_release(&err);
}

static void test_mda_header_second_area(void **state)
{
	uint8_t s[512], built[512];
	struct mda_header h;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	SECTOR(d1_mdah2, s);
	assert_int_equal(mda_header_parse(s, 32505856, 1048576, &h, &err), 0);
	assert_int_equal(h.loc[0].offset, 512);
	assert_int_equal(h.loc[0].size, 735);
	assert_int_equal(h.loc[0].checksum, 0x7dd9920b);
	mda_header_build(&h, built);
	assert_memory_equal(built, s, 512);
	/* the first area of the same PV holds the same text */
	SECTOR(d1_mdah, s);
	assert_int_equal(mda_header_parse(s, 4096, 1044480, &h, &err), 0);
	assert_int_equal(h.loc[0].checksum, 0x7dd9920b);
	strbuf_release(&err);
}

static void test_mda_header_wrapped(void **state)
{
	uint8_t s[512], built[512];
	struct mda_header h;
	struct mda_span sp;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	SECTOR(e1_mdah, s);
	assert_int_equal(mda_header_parse(s, 4096, 32768, &h, &err), 0);
	assert_int_equal(h.loc[0].offset, 32256);
	assert_int_equal(h.loc[0].size, 2284);
	assert_int_equal(h.loc[0].checksum, 0xf2687bcc);
	mda_header_build(&h, built);
	assert_memory_equal(built, s, 512);
	/* 512 bytes at the end of the area, the rest after the header */
	mda_span(&h, h.loc[0].offset, h.loc[0].size, &sp);
	assert_int_equal(sp.off1, 32256);
	assert_int_equal(sp.len1, 512);
	assert_int_equal(sp.off2, 512);
	assert_int_equal(sp.len2, 2284 - 512);
	strbuf_release(&err);
}

/* The faults lvm2 warns about one by one: each bit for its own field, and
 * several at once when random bytes hit the header. */
static void test_mda_header_faults(void **state)
{
	uint8_t s[512];
	struct mda_header h;
	(void)state;

	SECTOR(u1_mdah, s);
	assert_int_equal(mda_header_faults(s, 4096, &h), 0);
	assert_int_equal(h.start, 4096);
	assert_int_equal(h.version, 1);

	s[45] ^= 1;
	assert_int_equal(mda_header_faults(s, 4096, &h), MDA_BAD_CHECKSUM);
	assert_int_equal(h.checksum, (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16 |
	                                 (uint32_t)s[3] << 24);

	SECTOR(u1_mdah, s);
	s[5] = 'x';
	put32(s + 20, 7);
	fix_mda_crc(s);
	assert_int_equal(mda_header_faults(s, 4096, &h), MDA_BAD_MAGIC | MDA_BAD_VERSION);
	assert_int_equal(h.version, 7);

	SECTOR(u1_mdah, s);
	assert_int_equal(mda_header_faults(s, 8192, &h), MDA_BAD_START);

	memset(s, 0x5a, sizeof(s));
	assert_int_equal(mda_header_faults(s, 4096, &h),
	                 MDA_BAD_CHECKSUM | MDA_BAD_MAGIC | MDA_BAD_VERSION | MDA_BAD_START);
}

static void test_mda_header_damage(void **state)
{
	uint8_t s[512];
	(void)state;

	SECTOR(u1_mdah, s);
	s[45] ^= 1;
	mda_damaged(s, 4096, 1044480, "checksum");

	SECTOR(u1_mdah, s);
	s[5] = 'x';
	fix_mda_crc(s);
	mda_damaged(s, 4096, 1044480, "magic");

	SECTOR(u1_mdah, s);
	put32(s + 20, 2);
	fix_mda_crc(s);
	mda_damaged(s, 4096, 1044480, "version");

	/* start/size must be what the label says */
	SECTOR(u1_mdah, s);
	mda_damaged(s, 8192, 1044480, "label says");
	mda_damaged(s, 4096, 1044992, "label says");

	/* an area too small to hold anything */
	SECTOR(u1_mdah, s);
	put64(s + 32, 512);
	memset(s + 40, 0, 48);
	fix_mda_crc(s);
	mda_damaged(s, 4096, 512, "too small");

	/* raw locations outside the area */
	SECTOR(u1_mdah, s);
	put64(s + 40, 100); /* inside the header */
	fix_mda_crc(s);
	mda_damaged(s, 4096, 1044480, "outside");
	SECTOR(u1_mdah, s);
	put64(s + 40, 1044480);
	fix_mda_crc(s);
	mda_damaged(s, 4096, 1044480, "outside");
	SECTOR(u1_mdah, s);
	put64(s + 48, 1044480 - 511); /* size larger than the buffer */
	fix_mda_crc(s);
	mda_damaged(s, 4096, 1044480, "outside");
	SECTOR(u1_mdah, s);
	put64(s + 48, UINT64_MAX);
	fix_mda_crc(s);
	mda_damaged(s, 4096, 1044480, "outside");
	/* the precommit slot is checked too */
	SECTOR(u1_mdah, s);
	put64(s + 64, 2000000);
	put64(s + 72, 10);
	fix_mda_crc(s);
	mda_damaged(s, 4096, 1044480, "outside");
}

static void test_mda_header_empty_and_ignored(void **state)
{
	uint8_t s[512], built[512];
	struct mda_header h = {0};
	struct strbuf err = STRBUF_INIT;
	(void)state;
	/* an orphan PV's header: no raw location */
	h.version = 1;
	h.start = 4096;
	h.size = 1044480;
	mda_header_build(&h, s);
	assert_int_equal(mda_header_parse(s, 4096, 1044480, &h, &err), 0);
	assert_int_equal(h.loc[0].size, 0);
	/* pvchange --metadataignore y: the flag is kept */
	h.loc[0] = (struct raw_locn){512, 900, 0x12345678, RAW_LOCN_IGNORED};
	mda_header_build(&h, built);
	memset(&h, 0, sizeof(h));
	assert_int_equal(mda_header_parse(built, 4096, 1044480, &h, &err), 0);
	assert_int_equal(h.loc[0].flags, RAW_LOCN_IGNORED);
	assert_int_equal(h.loc[0].checksum, 0x12345678);
	strbuf_release(&err);
}

/* pvcreate --metadataignore y: lvm2 keeps the IGNORED flag in an
 * otherwise empty raw location (pvck: raw_locn[0] offset 0, size 0,
 * flags 0x1).  Rewriting the header (vgreduce/vgremove empty the areas
 * of the PVs they drop) must keep it. */
static void test_mda_header_ignored_orphan(void **state)
{
	uint8_t s[512], built[512];
	struct mda_header h;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	SECTOR(orphan_ignored_mdah, s);
	assert_int_equal(mda_header_parse(s, 4096, 1044480, &h, &err), 0);
	assert_int_equal(h.loc[0].offset, 0);
	assert_int_equal(h.loc[0].size, 0);
	assert_int_equal(h.loc[0].flags, RAW_LOCN_IGNORED);
	mda_header_build(&h, built);
	assert_memory_equal(built, s, 512);
	strbuf_release(&err);
}

/* ---- placement in the circular buffer ---- */

/* (offset, size) of raw_locn[0] after each of 61 consecutive commits by
 * lvm2 2.03.16 into a 32768-byte area (the e1 PV); the texts grew and
 * shrank by a few bytes, and wrapped three times. */
static const uint64_t lvm2_sequence[][2] = {
    {1536, 1033},  {3072, 1062},  {4608, 1091},  {6144, 1127},  {7680, 1124},  {9216, 1151},
    {10752, 1185}, {12288, 1180}, {13824, 1206}, {15360, 1238}, {16896, 1233}, {18432, 1257},
    {19968, 1288}, {21504, 1326}, {23040, 1325}, {24576, 1354}, {26112, 1390}, {27648, 1387},
    {29184, 1414}, {30720, 1448}, {32256, 1443}, {1536, 1468},  {3072, 1500},  {4608, 1493},
    {6144, 1516},  {7680, 1546},  {9728, 1583},  {11776, 1581}, {13824, 1609}, {15872, 1644},
    {17920, 1640}, {19968, 1666}, {22016, 1699}, {24064, 1693}, {26112, 1717}, {28160, 1748},
    {30208, 1786}, {32256, 1785}, {2048, 1814},  {4096, 1850},  {6144, 1847},  {8192, 1874},
    {10240, 1908}, {12288, 1903}, {14336, 1928}, {16384, 1960}, {18432, 1953}, {20480, 1976},
    {22528, 2006}, {24576, 2043}, {26624, 2041}, {28672, 2069}, {31232, 2104}, {1536, 2100},
    {4096, 2126},  {6656, 2159},  {9216, 2153},  {11776, 2177}, {14336, 2208}, {16896, 2246},
    {19456, 2245},
};

static void test_next_offset_follows_lvm2(void **state)
{
	struct mda_header h = {0};
	(void)state;
	h.version = 1;
	h.start = 4096;
	h.size = 32768;
	for (size_t i = 1; i < sizeof(lvm2_sequence) / sizeof(*lvm2_sequence); i++) {
		uint64_t off = 0;
		h.loc[0].offset = lvm2_sequence[i - 1][0];
		h.loc[0].size = lvm2_sequence[i - 1][1];
		assert_int_equal(mda_next_offset(&h, lvm2_sequence[i][1], &off), 0);
		if (off != lvm2_sequence[i][0]) {
			print_error(
			    "commit %zu: after %llu+%llu lvm2 wrote at %llu, vgtool at %llu\n", i,
			    (unsigned long long)h.loc[0].offset, (unsigned long long)h.loc[0].size,
			    (unsigned long long)lvm2_sequence[i][0], (unsigned long long)off);
			fail();
		}
	}
}

static void test_next_offset_basics(void **state)
{
	struct mda_header h = {0};
	uint64_t off = 1;
	(void)state;
	h.size = 1044480;
	/* lvm2's limit for one text: 521472 bytes in the default area (as
	 * its "exceeds maximum metadata size (521472 bytes)" says), 15616 in
	 * its smallest (32 KiB), none in an area of three sectors */
	assert_int_equal(mda_max_text_size(1044480), 521472);
	assert_int_equal(mda_max_text_size(32768), 15616);
	assert_int_equal(mda_max_text_size(1536), 0);
	assert_int_equal(mda_next_offset(&h, 521473, &off), -1);
	/* empty area: right after the header */
	assert_int_equal(mda_next_offset(&h, 874, &off), 0);
	assert_int_equal(off, 512);
	/* 2-PV scenario fixture: 512+874 -> 1536 */
	h.loc[0] = (struct raw_locn){512, 874, 0, 0};
	assert_int_equal(mda_next_offset(&h, 1169, &off), 0);
	assert_int_equal(off, 1536);
	/* ending exactly on a sector boundary: the next sector */
	h.loc[0] = (struct raw_locn){512, 1024, 0, 0};
	assert_int_equal(mda_next_offset(&h, 10, &off), 0);
	assert_int_equal(off, 1536);
	/* ending exactly at the end of the area: wrap */
	h.loc[0] = (struct raw_locn){1044480 - 1024, 1024, 0, 0};
	assert_int_equal(mda_next_offset(&h, 10, &off), 0);
	assert_int_equal(off, 512);
	/* ending in the last sector: wrap */
	h.loc[0] = (struct raw_locn){1044480 - 1024, 1000, 0, 0};
	assert_int_equal(mda_next_offset(&h, 10, &off), 0);
	assert_int_equal(off, 512);
}

/* lvm2 (format_text.c _vg_write_raw) refuses any text larger than
 * (area size - 512) / 2 - 512, so that two copies always fit side by
 * side whatever their sizes: a bigger text written by vgtool could not
 * be followed by a text of the same size, and lvm2 could not update
 * the VG at all.  On the build host, with a 32 KiB area, lvm2 2.03.16
 * said "VG ut_vgJ 117 metadata on /dev/loop0 (15721 bytes) exceeds
 * maximum metadata size (15616 bytes)". */
static void test_next_offset_lvm2_max_size(void **state)
{
	struct mda_header h = {0};
	uint64_t off, max = (1044480 - 512) / 2 - 512;
	(void)state;
	h.size = 1044480;
	assert_int_equal(mda_next_offset(&h, max, &off), 0);
	assert_int_equal(mda_next_offset(&h, max + 1, &off), -1);
	h.loc[0] = (struct raw_locn){512, max, 0, 0};
	assert_int_equal(mda_next_offset(&h, max, &off), 0);
	assert_int_equal(mda_next_offset(&h, max + 1, &off), -1);
	h.size = 32768;
	h.loc[0] = (struct raw_locn){512, 1000, 0, 0};
	assert_int_equal(mda_next_offset(&h, 15616, &off), 0);
	assert_int_equal(mda_next_offset(&h, 15721, &off), -1);
}

/* Circular ring positions [512, size): does [a, a+al) meet [b, b+bl)? */
static int ring_overlap(uint64_t size, uint64_t a, uint64_t al, uint64_t b, uint64_t bl)
{
	uint64_t ring = size - 512;
	uint64_t da = a - 512, db = b - 512;
	/* distance from a forward to b, and from b forward to a */
	uint64_t ab = (db + ring - da) % ring, ba = (da + ring - db) % ring;
	if (!al || !bl)
		return 0;
	return ab < al || ba < bl;
}

static uint64_t rnd(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return *seed >> 33;
}

/* Wherever the committed copy is (sector-aligned, as lvm2 and vgtool
 * write it), the new one never overlaps it and stays in the buffer. */
static void test_next_offset_never_overlaps(void **state)
{
	uint64_t seed = 42;
	(void)state;
	for (int i = 0; i < 200000; i++) {
		struct mda_header h = {0};
		struct mda_span sp;
		uint64_t ring, off, len;
		h.size = 512 * (2 + rnd(&seed) % 64);
		ring = h.size - 512;
		h.loc[0].offset = 512 + 512 * (rnd(&seed) % (ring / 512));
		h.loc[0].size = 1 + rnd(&seed) % ring;
		len = 1 + rnd(&seed) % ring;
		if (mda_next_offset(&h, len, &off))
			continue;
		if (off < 512 || off >= h.size || off % 512 ||
		    ring_overlap(h.size, h.loc[0].offset, h.loc[0].size, off, len)) {
			print_error("size %llu old %llu+%llu new %llu+%llu\n",
			            (unsigned long long)h.size, (unsigned long long)h.loc[0].offset,
			            (unsigned long long)h.loc[0].size, (unsigned long long)off,
			            (unsigned long long)len);
			fail();
		}
		mda_span(&h, off, len, &sp);
		assert_int_equal(sp.len1 + sp.len2, len);
		assert_true(sp.off1 + sp.len1 <= h.size);
		assert_true(!sp.len2 || (sp.off2 == 512 && sp.off2 + sp.len2 <= off));
	}
}

/* The committed offset is untrusted (any offset >= 512 passes
 * mda_header_parse): one that is not sector-aligned must not make the
 * new copy overwrite the old one either. */
static void test_next_offset_unaligned_old_copy(void **state)
{
	struct mda_header h = {0};
	uint64_t off;
	(void)state;
	h.size = 512 * 8; /* a ring of 3584 bytes */
	h.loc[0] = (struct raw_locn){1000, 100, 0, 0};
	/* old copy: [1000, 1100); the next starts at 1536 and may run
	 * around the ring up to 1000 (3584 - 536 = 3048 bytes) */
	if (!mda_next_offset(&h, 3072, &off) && ring_overlap(h.size, 1000, 100, off, 3072)) {
		print_error("new copy %llu+3072 overwrites the committed copy 1000+100\n",
		            (unsigned long long)off);
		fail();
	}
}

static void test_span(void **state)
{
	struct mda_header h = {0};
	struct mda_span sp;
	(void)state;
	h.size = 4096;
	mda_span(&h, 512, 100, &sp);
	assert_int_equal(sp.off1, 512);
	assert_int_equal(sp.len1, 100);
	assert_int_equal(sp.len2, 0);
	mda_span(&h, 3584, 512, &sp); /* exactly to the end */
	assert_int_equal(sp.len1, 512);
	assert_int_equal(sp.len2, 0);
	mda_span(&h, 3584, 513, &sp);
	assert_int_equal(sp.len1, 512);
	assert_int_equal(sp.off2, 512);
	assert_int_equal(sp.len2, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_label_u1),
	    cmocka_unit_test(test_label_bootloader_area),
	    cmocka_unit_test(test_label_two_mdas),
	    cmocka_unit_test(test_label_2tib),
	    cmocka_unit_test(test_label_without_extension),
	    cmocka_unit_test(test_label_and_mda_pairs),
	    cmocka_unit_test(test_label_not_a_label),
	    cmocka_unit_test(test_label_damage),
	    cmocka_unit_test(test_label_runaway_lists),
	    cmocka_unit_test(test_label_every_bit),
	    cmocka_unit_test(test_mda_header_u1),
	    cmocka_unit_test(test_mda_header_second_area),
	    cmocka_unit_test(test_mda_header_wrapped),
	    cmocka_unit_test(test_mda_header_damage),
	    cmocka_unit_test(test_mda_header_faults),
	    cmocka_unit_test(test_mda_header_empty_and_ignored),
	    cmocka_unit_test(test_mda_header_ignored_orphan),
	    cmocka_unit_test(test_next_offset_follows_lvm2),
	    cmocka_unit_test(test_next_offset_basics),
	    cmocka_unit_test(test_next_offset_lvm2_max_size),
	    cmocka_unit_test(test_next_offset_never_overlaps),
	    cmocka_unit_test(test_next_offset_unaligned_old_copy),
	    cmocka_unit_test(test_span),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
