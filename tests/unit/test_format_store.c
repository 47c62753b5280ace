/* lib/metadata/format/store.c on image files (dev_open accepts regular
 * files): pv_write_new, scan, vg_read, vg_commit, the circular buffer
 * over thousands of commits, damage, crashes at every write, and PVs
 * that lvm2 itself wrote.
 *
 * The lvm2 bytes (label sectors, metadata area headers, metadata texts)
 * were read from loop devices after lvm2 2.03.16 (Debian 12) wrote them
 * (see test_format_label.c and test_format_text_lvm2.c for how):
 *   u1, u2: the two PVs of VG ut_vgA (seqno 6, text at area offset 9216;
 *       the text is tests/unit/data/lvm2/a_disk.vg);
 *   e1: a PV with a 32 KiB metadata area whose committed text (VG ut_vgE,
 *       tests/unit/data/lvm2/e_disk.vg) wraps around the end of the area;
 *   orphan: pvcreate of a 64 MiB device (from test_misc_crc.c). */
// WRAP: pwrite
#include "unit.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "device/dev-io.h"
#include "metadata/alloc.h"
#include "metadata/format/label.h"
#include "metadata/format/store.h"
#include "metadata/format/text.h"
#include "metadata/metadata.h"
#include "metadata/pvresize.h"
#include "misc/crc.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

static const unsigned char orphan_label_head[] = {
    0x4c, 0x41, 0x42, 0x45, 0x4c, 0x4f, 0x4e, 0x45, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x04, 0x21, 0xc0, 0x97, 0x20, 0x00, 0x00, 0x00, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x30, 0x30, 0x31,
    0x63, 0x4b, 0x68, 0x58, 0x78, 0x72, 0x64, 0x66, 0x30, 0x33, 0x52, 0x4d, 0x53, 0x33, 0x34, 0x35,
    0x6e, 0x31, 0x55, 0x55, 0x55, 0x65, 0x6a, 0x32, 0x52, 0x46, 0x69, 0x6c, 0x49, 0x52, 0x38, 0x39,
    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const unsigned char orphan_mda_head[] = {
    0x16, 0xd6, 0x8e, 0xdb, 0x20, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x78, 0x5b, 0x35, 0x41, 0x25, 0x72,
    0x30, 0x4e, 0x2a, 0x3e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
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
/* u2.scan bytes 0-143 of the sector (the rest is zero) */
static const unsigned char u2_label[] = {
    0x4c, 0x41, 0x42, 0x45, 0x4c, 0x4f, 0x4e, 0x45, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xf1, 0x2a, 0x16, 0x28, 0x20, 0x00, 0x00, 0x00, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x30, 0x30, 0x31,
    0x45, 0x31, 0x33, 0x70, 0x48, 0x58, 0x33, 0x75, 0x54, 0x63, 0x4f, 0x76, 0x31, 0x43, 0x43, 0x50,
    0x50, 0x5a, 0x74, 0x73, 0x42, 0x50, 0x38, 0x7a, 0x39, 0x62, 0x77, 0x34, 0x69, 0x74, 0x73, 0x73,
    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};
/* u2.mdah bytes 0-63 of the sector (the rest is zero) */
static const unsigned char u2_mdah[] = {
    0x38, 0xf3, 0x7b, 0x00, 0x20, 0x4c, 0x56, 0x4d, 0x32, 0x20, 0x78, 0x5b, 0x35, 0x41, 0x25, 0x72,
    0x30, 0x4e, 0x2a, 0x3e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xc8, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xa9, 0x4c, 0xad, 0x68, 0x00, 0x00, 0x00, 0x00,
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

#define MiB (1024ULL * 1024)

static const char *const pv_ids[] = {
    "Xd832wb3sIrntWoOXZ1TYf75Eo0YejdN",
    "aG9Ogyk8ZHE31yHB1wuntVAVlPwW8IJC",
    "q61VH0dBZ6nnotBydfOpPGeImhkC4xA3",
    "xMg724htZ9gn6g9cqcryCDyCxf4fJtW2",
};
static const char vg_id[] = "PHlcCh05o9WgOprNEeqj5o7FMUJxfdrS";
static const struct text_origin origin = {"Write from the unit test.", "testhost",
                                          "Linux testhost 6.1.0 #1 SMP x86_64", 1795645314};

static char tmpdir[64];
static char *errbuf;
static size_t errlen;
static FILE *errf;

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	strcpy(tmpdir, "/tmp/vgtool-store-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	errf = open_memstream(&errbuf, &errlen);
	log_set_streams(errf, errf);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	log_set_streams(NULL, NULL);
	fclose(errf);
	free(errbuf);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

/* Everything logged since the last call. */
static char *take_log(void)
{
	char *r;
	fflush(errf);
	r = xstrndup(errbuf, errlen);
	rewind(errf);
	fflush(errf);
	errbuf[0] = '\0';
	return r;
}

static void forget_log(void)
{
	free(take_log());
}

/* ---- images ---- */

static char *image(const char *name, uint64_t size)
{
	char path[128];
	int fd;
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	close(fd);
	return xstrdup(path);
}

static void pwrite_file(const char *path, uint64_t off, const void *buf, size_t len)
{
	int fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, buf, len, (off_t)off), (ssize_t)len);
	close(fd);
}

static void pread_file(const char *path, uint64_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, len, (off_t)off), (ssize_t)len);
	close(fd);
}

static void flip(const char *path, uint64_t off, uint8_t mask)
{
	uint8_t b;
	pread_file(path, off, &b, 1);
	b ^= mask;
	pwrite_file(path, off, &b, 1);
}

/* pv_write_new on the image at `path`: its result. */
static int write_pv(const char *path, const struct pv_create_params *p, const char *id)
{
	struct device dev;
	int r;
	assert_int_equal(dev_open(&dev, path, DEV_RW), 0);
	r = pv_write_new(&dev, p, id);
	dev_close(&dev);
	return r;
}

static void make_pv(const char *path, const char *id, uint64_t mda_size, uint64_t align)
{
	struct pv_create_params p = {mda_size, align, 0, 0, 1, 1, 0, 0, 0, 0, 0};
	assert_int_equal(write_pv(path, &p, id), 0);
}

/* `paths` as scan_pvs takes them: one string, comma-separated. */
static void join_paths(char *devices, size_t size, char *const *paths, size_t n)
{
	size_t len = 0;
	devices[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(devices + len, size - len, "%s%s", i ? "," : "", paths[i]);
		assert_true(w >= 0 && (size_t)w < size - len);
		len += (size_t)w;
	}
}

/* A PV of lvm2's layout for `mda_size` and `align` on each of `paths`
 * (the ids of pv_ids in turn), and `devices` naming them all. */
static void make_pvs(char *devices, size_t size, char *const *paths, size_t n, uint64_t mda_size,
                     uint64_t align)
{
	for (size_t i = 0; i < n; i++)
		make_pv(paths[i], pv_ids[i], mda_size, align);
	join_paths(devices, size, paths, n);
}

static void rescan(struct scan *s, const char *devices)
{
	scan_free(s);
	assert_int_equal(scan_pvs(s, devices), 0);
}

/* ---- VGs ---- */

/* A VG without PVs, of the tests' id, at seqno 1. */
static struct vg *empty_vg(const char *name, uint32_t extent_size)
{
	struct vg *vg = vg_new(name, extent_size);
	memcpy(vg->id, vg_id, sizeof(vg_id));
	vg->seqno = 1;
	return vg;
}

static struct vg *vg_on(const struct scan *s, const char *name, char *const *paths, size_t n)
{
	struct vg *vg = empty_vg(name, 8192);
	for (size_t i = 0; i < n; i++) {
		struct pv_disk *pd = scan_find_path(s, paths[i]);
		uint64_t start;
		struct pv *pv;
		assert_non_null(pd);
		start = pd->label.data[0].offset;
		pv = vg_add_pv(vg, pd->label.pv_id, pd->dev.size / 512, start / 512,
		               (uint32_t)((pd->dev.size - start) / (8192 * 512)));
		pv->dev_path = xstrdup(paths[i]);
	}
	return vg;
}

/* A VG of the scanned PVs at `paths`, each as vg_add_pv_disk lays it
 * out (its extents up to an area at its end). */
static struct vg *vg_of_disks(const struct scan *s, const char *name, uint32_t extent_size,
                              char *const *paths, size_t n)
{
	struct vg *vg = empty_vg(name, extent_size);
	for (size_t i = 0; i < n; i++)
		assert_non_null(vg_add_pv_disk(vg, scan_find_path(s, paths[i])));
	return vg;
}

static struct lv *add_lv(struct vg *vg, const char *name, uint32_t extents)
{
	static unsigned k;
	char id[33];
	struct lv *lv;
	snprintf(id, sizeof(id), "LVid%028u", k++);
	lv = vg_add_lv(vg, name, id);
	lv->creation_host = xstrdup("testhost");
	lv->creation_time = 1795645000;
	if (alloc_extend_lv(vg, lv, extents, NULL, 0)) {
		vg_remove_lv(vg, lv);
		return NULL;
	}
	return lv;
}

static char *text_of(const struct vg *vg)
{
	struct strbuf sb = STRBUF_INIT;
	text_export_vg(vg, TEXT_DISK, &origin, &sb);
	return strbuf_detach(&sb, NULL);
}

/* vg_read(name) must give exactly `want` (NULL: no such VG). */
static void assert_reads(const struct scan *s, const char *name, const char *want)
{
	struct vg *vg = vg_read(s, name);
	char *got;
	if (!want) {
		assert_null(vg);
		forget_log();
		return;
	}
	if (!vg) {
		char *l = take_log();
		print_error("vg_read(%s) failed: %s\n", name, l);
		free(l);
		fail();
	}
	got = text_of(vg);
	if (strcmp(got, want)) {
		print_error("vg_read(%s) differs:\n--- got\n%s\n--- want\n%s\n", name, got, want);
		fail();
	}
	free(got);
	vg_free(vg);
}

static void commit(struct scan *s, const struct vg *vg)
{
	if (vg_commit(s, vg, &origin, NULL, 0, 0)) {
		char *l = take_log();
		print_error("vg_commit failed: %s\n", l);
		free(l);
		fail();
	}
}

/* ---- lv_zero_range ---- */

/* Zeros over a range of an LV that spans two PVs, written on the PVs
 * where its extents lie (lvcreate grows a full lvmlock: its new part);
 * not a byte outside the range, nor past the LV's end. */
static void test_zero_range(void **state)
{
	char *paths[2] = {image("z1.img", 64 * MiB), image("z2.img", 32 * MiB)};
	char devices[300];
	struct scan s = {0};
	struct vg *vg;
	struct lv *lv;
	static uint8_t buf[2 * MiB];
	uint64_t start[2], seg0;
	(void)state;
	make_pvs(devices, sizeof(devices), paths, 2, 0, 0);
	rescan(&s, devices);
	vg = vg_on(&s, "ut", paths, 2);
	for (size_t i = 0; i < 2; i++)
		start[i] = vg->pvs[i]->pe_start * 512;
	/* every extent of the first PV, one of the second */
	lv = add_lv(vg, "x", vg->pvs[0]->pe_count + 1);
	assert_non_null(lv);
	assert_int_equal(lv->n_segs, 2);
	seg0 = (uint64_t)lv->segs[0].len * vg->extent_size * 512;
	memset(buf, 0xaa, sizeof(buf));
	pwrite_file(paths[0], start[0] + seg0 - MiB - 512, buf, MiB + 512);
	pwrite_file(paths[1], start[1], buf, 2 * MiB);
	/* the last MiB of the first segment and the first of the second */
	assert_int_equal(lv_zero_range(&s, vg, lv, seg0 - MiB, 2 * MiB), 0);
	pread_file(paths[0], start[0] + seg0 - MiB - 512, buf, MiB + 512);
	assert_int_equal(buf[511], 0xaa);
	for (size_t i = 512; i < MiB + 512; i++)
		if (buf[i])
			fail_msg("byte %zu of the first PV's range not zeroed", i);
	pread_file(paths[1], start[1], buf, 2 * MiB);
	for (size_t i = 0; i < MiB; i++)
		if (buf[i])
			fail_msg("byte %zu of the second PV's range not zeroed", i);
	assert_int_equal(buf[MiB], 0xaa);
	assert_int_equal(buf[2 * MiB - 1], 0xaa);
	/* past the LV's end: nothing beyond it is written */
	memset(buf, 0xaa, sizeof(buf));
	pwrite_file(paths[1], start[1] + 4 * MiB, buf, MiB);
	assert_int_equal(lv_zero_range(&s, vg, lv, seg0 + 3 * MiB, 8 * MiB), 0);
	pread_file(paths[1], start[1] + 3 * MiB, buf, 2 * MiB);
	for (size_t i = 0; i < MiB; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(buf[MiB], 0xaa);
	vg_free(vg);
	scan_free(&s);
	for (size_t i = 0; i < 2; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
}

/* ---- pv_write_new ---- */

static void test_new_pv_is_lvm2s(void **state)
{
	char *path = image("orphan.img", 64 * MiB);
	uint8_t got[4 * 512], want[512];
	struct scan s = {0};
	struct pv_disk *pd;
	(void)state;
	/* the id lvm2 gave the PV whose sectors test_misc_crc.c keeps */
	make_pv(path, "cKhXxrdf03RMS345n1UUUej2RFilIR89", 0, 0);
	pread_file(path, 0, got, sizeof(got));
	memset(want, 0, sizeof(want));
	assert_memory_equal(got, want, 512);
	assert_memory_equal(got + 1024, want, 512);
	assert_memory_equal(got + 1536, want, 512);
	memcpy(want, orphan_label_head, sizeof(orphan_label_head));
	assert_memory_equal(got + 512, want, 512);
	pread_file(path, 4096, got, 512);
	memset(want, 0, sizeof(want));
	memcpy(want, orphan_mda_head, sizeof(orphan_mda_head));
	assert_memory_equal(got, want, 512);

	rescan(&s, path);
	assert_int_equal(s.n, 1);
	pd = s.pvs[0];
	assert_string_equal(pd->dev.path, path);
	assert_string_equal(pd->label.pv_id, "cKhXxrdf03RMS345n1UUUej2RFilIR89");
	assert_int_equal(pd->n_mdas, 1);
	assert_true(pd->mdas[0].header_ok);
	assert_false(pd->mdas[0].ignored);
	assert_null(pd->vg_name);
	assert_null(pd->text);
	assert_null(pd->damage);
	assert_ptr_equal(scan_find_pv_id(&s, "cKhXxrdf03RMS345n1UUUej2RFilIR89"), pd);
	scan_free(&s);
	free(path);
}

/* pvcreate's layout for --metadatasize / --dataalignment, as lvm2
 * 2.03.16 chose it on a 64 MiB device (tests/fixtures/lvm2/host/03-08
 * and the e1 PV): data area offset and metadata area size. */
static void test_new_pv_layouts(void **state)
{
	static const struct {
		uint64_t mda_size, align, pe_start, area_size;
	} cases[] = {
	    {0, 0, 1048576, 1044480},
	    {2 * MiB, 0, 3145728, 3141632},       /* --metadatasize 2m */
	    {1500 * 1024, 0, 2097152, 2093056},   /* 1500k */
	    {100 * 1024, 0, 1048576, 1044480},    /* 100k */
	    {0, 4 * MiB, 4194304, 4190208},       /* --dataalignment 4m */
	    {4 * MiB, 4 * MiB, 8388608, 8384512}, /* both 4m */
	    {0, 192 * 1024, 1179648, 1175552},    /* --dataalignment 192k */
	    {32768, 4096, 36864, 32768},          /* 32k + 4k */
	};
	char *path = image("layout.img", 64 * MiB);
	struct scan s = {0};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct pv_disk *pd;
		make_pv(path, pv_ids[0], cases[i].mda_size, cases[i].align);
		rescan(&s, path);
		assert_int_equal(s.n, 1);
		pd = s.pvs[0];
		assert_int_equal(pd->label.dev_size, 64 * MiB);
		assert_int_equal(pd->label.n_data, 1);
		assert_int_equal(pd->label.data[0].offset, cases[i].pe_start);
		assert_int_equal(pd->label.data[0].size, 0);
		assert_int_equal(pd->label.n_mda, 1);
		assert_int_equal(pd->label.mda[0].offset, 4096);
		assert_int_equal(pd->label.mda[0].size, cases[i].area_size);
		assert_int_equal(pd->label.ext_version, 2);
		assert_int_equal(pd->label.ext_flags, 0);
		assert_true(pd->mdas[0].header_ok);
		assert_null(pd->damage);
	}
	scan_free(&s);
	free(path);
}

/* A replacement for a lost PV (pvcreate --restorefile): the data area
 * starts where the backup says, whatever the defaults; the metadata area
 * is the default one where it fits before it (lvm2 does not grow it to
 * fill the space), else as much as there is; a start that leaves no room
 * for an area is refused. */
static void test_new_pv_given_pe_start(void **state)
{
	static const uint64_t starts[] = {2 * MiB, 1536 * 1024, 192 * 1024};
	static const uint64_t areas[] = {1044480, 1044480, 192 * 1024 - 4096};
	char *path = image("restore.img", 64 * MiB);
	struct scan s = {0};
	(void)state;
	for (size_t i = 0; i < sizeof(starts) / sizeof(*starts); i++) {
		struct pv_create_params p = {0, 0, starts[i], 0, 1, 1, 0, 0, 0, 0, 0};
		assert_int_equal(write_pv(path, &p, pv_ids[0]), 0);
		rescan(&s, path);
		assert_int_equal(s.n, 1);
		assert_int_equal(s.pvs[0]->label.data[0].offset, starts[i]);
		assert_int_equal(s.pvs[0]->label.mda[0].offset, 4096);
		assert_int_equal(s.pvs[0]->label.mda[0].size, areas[i]);
		assert_null(s.pvs[0]->damage);
	}
	{
		struct pv_create_params p = {0, 0, 4096, 0, 1, 1, 0, 0, 0, 0, 0};
		assert_int_equal(write_pv(path, &p, pv_ids[1]), -1);
		forget_log();
		rescan(&s, path);
		assert_string_equal(s.pvs[0]->label.pv_id, pv_ids[0]); /* untouched */
	}
	scan_free(&s);
	free(path);
}

static void test_new_pv_too_small_and_stale_labels(void **state)
{
	char *small = image("small.img", 1 * MiB), *path = image("stale.img", 64 * MiB);
	struct pv_create_params p = {0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0};
	uint8_t sec[512], junk[512];
	char *l;
	(void)state;
	assert_int_equal(write_pv(small, &p, pv_ids[0]), -1);
	l = take_log();
	assert_non_null(strstr(l, "too small"));
	free(l);

	/* an area under lvm2's 32 KiB floor (--metadatasize 20k
	 * --dataalignment 32k: 28 KiB after alignment) is refused in lvm2's
	 * words, the device untouched; 32 KiB is taken */
	{
		struct pv_create_params tiny = {20 * 1024, 32 * 1024, 0, 0, 1, 1, 0, 0, 0, 0, 0};
		uint8_t zero[8192] = {0}, head[8192];
		assert_int_equal(write_pv(path, &tiny, pv_ids[0]), -1);
		l = take_log();
		assert_non_null(strstr(l, "Metadata area size too small: 28672 bytes. It must be "
		                          "at least 32768 bytes."));
		free(l);
		pread_file(path, 0, head, sizeof(head));
		assert_memory_equal(head, zero, sizeof(head));
		tiny.mda_size = 32 * 1024;
		assert_int_equal(write_pv(path, &tiny, pv_ids[0]), 0);
		pwrite_file(path, 0, zero, sizeof(zero));
	}

	/* old labels in sectors 0 and 3 go; other data in sector 2 stays */
	memset(junk, 0x5a, sizeof(junk));
	memcpy(junk, "LABELONE", 8);
	pwrite_file(path, 0, junk, 512);
	pwrite_file(path, 1536, junk, 512);
	junk[0] = 'X';
	pwrite_file(path, 1024, junk, 512);
	make_pv(path, pv_ids[0], 0, 0);
	pread_file(path, 0, sec, 512);
	memset(junk, 0, 512);
	assert_memory_equal(sec, junk, 512);
	pread_file(path, 1536, sec, 512);
	assert_memory_equal(sec, junk, 512);
	pread_file(path, 1024, sec, 512);
	assert_int_equal(sec[0], 'X');
	/* lvm2's -Z y (pvcreate's default): all four sectors start zeroed,
	 * then the label goes to its own */
	{
		struct pv_create_params zp = PV_CREATE_DEFAULTS;
		assert_int_equal(zp.zero_start, 1);
		zp.label_sector = 3;
		assert_int_equal(write_pv(path, &zp, pv_ids[0]), 0);
		for (unsigned k = 0; k < 3; k++) {
			pread_file(path, k * 512, sec, 512);
			assert_memory_equal(sec, junk, 512);
		}
		pread_file(path, 1536, sec, 512);
		assert_memory_equal(sec, "LABELONE", 8);
	}
	free(small);
	free(path);
}

/* ---- commit and read ---- */

static void test_commit_and_read(void **state)
{
	char *paths[2] = {image("c1.img", 64 * MiB), image("c2.img", 32 * MiB)};
	char devices[300], **names;
	struct scan s = {0};
	struct vg *vg;
	char *want;
	uint8_t hdr[512];
	(void)state;
	make_pvs(devices, sizeof(devices), paths, 2, 0, 0);
	rescan(&s, devices);
	vg = vg_on(&s, "ut", paths, 2);
	assert_non_null(add_lv(vg, "lv1", 2));
	assert_non_null(add_lv(vg, "span", 15));
	tag_list_add(&vg_find_lv(vg, "span")->tags, "t1");
	commit(&s, vg);
	want = text_of(vg);

	rescan(&s, devices);
	for (size_t i = 0; i < 2; i++) {
		struct pv_disk *pd = scan_find_path(&s, paths[i]);
		assert_non_null(pd);
		assert_null(pd->damage);
		assert_string_equal(pd->vg_name, "ut");
		assert_string_equal(pd->vg_id, vg_id);
		assert_int_equal(pd->seqno, 1);
		/* the NUL is stored and counted, as lvm2 does */
		assert_int_equal(pd->text_len, strlen(want) + 1);
		assert_string_equal(pd->text, want);
		assert_true(pd->label.ext_flags & PV_EXT_USED);
		/* the first text goes right after the header, checksummed */
		pread_file(paths[i], 4096, hdr, 512);
		assert_int_equal(pd->mdas[0].hdr.loc[0].offset, 512);
		assert_int_equal(pd->mdas[0].hdr.loc[0].checksum,
		                 lvm_crc32(LVM_CRC_INITIAL, want, strlen(want) + 1));
	}
	assert_reads(&s, "ut", want);
	assert_int_equal(scan_vg_names(&s, &names), 1);
	assert_string_equal(names[0], "ut");
	free(names[0]);
	free(names);
	assert_reads(&s, "other", NULL);

	/* a second commit with the same scan: right after the first text,
	 * on the next sector boundary */
	{
		uint64_t first_end = 512 + strlen(want) + 1;
		vg->seqno = 2;
		assert_non_null(add_lv(vg, "more", 3));
		commit(&s, vg);
		free(want);
		want = text_of(vg);
		rescan(&s, devices);
		assert_reads(&s, "ut", want);
		assert_int_equal(scan_find_path(&s, paths[0])->mdas[0].hdr.loc[0].offset,
		                 (first_end + 511) / 512 * 512);
	}
	free(want);
	vg_free(vg);
	scan_free(&s);
	free(paths[0]);
	free(paths[1]);
}

/* ---- reading a VG again under its lock ---- */

/* A scan made before another process committed: refreshed, it reads the
 * new version; refreshed with nothing changed, the text is kept as it was
 * (not read and parsed again). */
static void test_refresh_vg(void **state)
{
	char *paths[1] = {image("r1.img", 64 * MiB)};
	struct scan early = {0}, other = {0};
	struct vg *vg;
	struct pv_disk *pd;
	char *want;
	(void)state;
	make_pv(paths[0], pv_ids[0], 0, 0);
	rescan(&other, paths[0]);
	vg = vg_on(&other, "ut", paths, 1);
	commit(&other, vg);
	rescan(&early, paths[0]);

	/* another process commits seqno 2 */
	vg->seqno = 2;
	assert_non_null(add_lv(vg, "lv1", 2));
	commit(&other, vg);
	want = text_of(vg);
	assert_int_equal(scan_find_path(&early, paths[0])->seqno, 1);
	scan_refresh_vg(&early, "ut");
	assert_int_equal(scan_find_path(&early, paths[0])->seqno, 2);
	assert_reads(&early, "ut", want);

	/* the text damaged behind an unchanged header: a refresh that read
	 * it again would find the checksum wrong */
	pd = scan_find_path(&early, paths[0]);
	flip(paths[0], pd->mdas[0].area.offset + pd->mdas[0].hdr.loc[0].offset + 10, 0x20);
	scan_refresh_vg(&early, "ut");
	assert_null(scan_find_path(&early, paths[0])->damage);
	assert_reads(&early, "ut", want);
	/* whereas a fresh scan does read it */
	rescan(&other, paths[0]);
	assert_non_null(scan_find_path(&other, paths[0])->damage);
	forget_log();

	free(want);
	vg_free(vg);
	scan_free(&early);
	scan_free(&other);
	free(paths[0]);
}

/* ---- the circular buffer over many commits ---- */

/* The next version of a VG: LVs come and go, tags grow and shrink, so
 * the text size changes at every step. */
static void mutate(struct vg *vg, unsigned i)
{
	char name[64];
	vg->seqno++;
	switch (i % 4) {
	case 0:
		snprintf(name, sizeof(name), "lv%u", i);
		if (vg->n_lvs < 12)
			add_lv(vg, name, 1 + i % 3);
		break;
	case 1:
		if (vg->n_lvs) {
			struct lv *lv = vg->lvs[i % vg->n_lvs];
			snprintf(name, sizeof(name), "tag%u_%.*s", i, (int)(i % 37),
			         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
			if (lv->tags.n > 3)
				tag_list_free(&lv->tags);
			tag_list_add(&lv->tags, name);
		}
		break;
	case 2:
		if (vg->n_lvs > 3)
			vg_remove_lv(vg, vg->lvs[0]);
		break;
	default:
		if (vg->n_lvs && lv_extents(vg->lvs[vg->n_lvs - 1]) > 1)
			alloc_reduce_lv(vg->lvs[vg->n_lvs - 1], 1);
		else if (vg->n_lvs)
			alloc_extend_lv(vg, vg->lvs[vg->n_lvs - 1], 1 + i % 5, NULL, 0);
		break;
	}
}

static void test_2000_commits(void **state)
{
	/* one PV with lvm2's default area (1 MiB less 4 KiB) and one with
	 * a 32 KiB area (--metadatasize 32k --dataalignment 4k) */
	char *paths[2] = {image("m1.img", 64 * MiB), image("m2.img", 64 * MiB)};
	char devices[300];
	struct scan s = {0};
	struct vg *vg;
	uint64_t last[2] = {0, 0};
	unsigned wraps[2] = {0, 0};
	(void)state;
	make_pv(paths[0], pv_ids[0], 0, 0);
	make_pv(paths[1], pv_ids[1], 32768, 4096);
	join_paths(devices, sizeof(devices), paths, 2);
	rescan(&s, devices);
	vg = vg_on(&s, "many", paths, 2);
	for (unsigned i = 0; i < 2000; i++) {
		char *want;
		if (i)
			mutate(vg, i);
		commit(&s, vg);
		want = text_of(vg);
		rescan(&s, devices);
		for (size_t p = 0; p < 2; p++) {
			struct pv_disk *pd = scan_find_path(&s, paths[p]);
			const struct raw_locn *r = &pd->mdas[0].hdr.loc[0];
			if (!pd->text || strcmp(pd->text, want) || pd->seqno != vg->seqno) {
				print_error("commit %u: %s holds seqno %u, damage \"%s\"\n", i,
				            paths[p], pd->seqno, pd->damage ? pd->damage : "");
				fail();
			}
			if (r->offset < last[p])
				wraps[p]++;
			last[p] = r->offset;
		}
		assert_reads(&s, "many", want);
		free(want);
	}
	/* the texts are 1-3 KiB: the small area wrapped often, the big one
	 * a few times */
	assert_true(wraps[1] > 50);
	assert_true(wraps[0] >= 2);
	vg_free(vg);
	scan_free(&s);
	free(paths[0]);
	free(paths[1]);
}

/* A text that no longer fits beside the committed one is refused before
 * anything is written. */
/* vg_commit of `vg` is refused, saying `says`; the first `n` bytes of
 * the image are still `before` and the VG still reads as `want`. */
static void assert_commit_refused(struct scan *s, const struct vg *vg, const char *path,
                                  const char *name, const char *want, const uint8_t *before,
                                  size_t n, const char *says)
{
	uint8_t *after = xmalloc(n);
	char *l;
	assert_int_equal(vg_commit(s, vg, &origin, NULL, 0, 0), -1);
	l = take_log();
	assert_non_null(strstr(l, says));
	free(l);
	pread_file(path, 0, after, n);
	assert_memory_equal(before, after, n);
	free(after);
	rescan(s, path);
	assert_reads(s, name, want);
}

static void test_too_large(void **state)
{
	char *path = image("full.img", 64 * MiB);
	struct scan s = {0};
	struct vg *vg;
	char *want;
	uint8_t before[32768 + 4096];
	(void)state;
	make_pv(path, pv_ids[0], 32768, 4096);
	rescan(&s, path);
	vg = vg_on(&s, "big", &path, 1);
	commit(&s, vg);
	want = text_of(vg);
	pread_file(path, 0, before, sizeof(before));
	vg->seqno++;
	for (int i = 0; i < 900; i++) {
		char tag[64];
		snprintf(tag, sizeof(tag), "a_rather_long_tag_to_fill_the_area_%d", i);
		tag_list_add(&vg->tags, tag);
	}
	assert_commit_refused(&s, vg, path, "big", want, before, sizeof(before), "big");
	free(want);
	vg_free(vg);
	scan_free(&s);
	free(path);
}

/* A full metadata area, as lvm2 2.03.16 counts it: a text may take half
 * the ring after the header less a sector, measured as lvm2 would write
 * it (its trailer names "LVM2 version 2.03.16(2) (2022-05-18)", longer
 * than vgtool's).  A text of exactly that size is written; one byte more
 * is refused in lvm2's words, with the cure, and nothing on the image
 * changes; vg_commit_fits says the same without writing. */
static void test_full_area_limit_is_lvm2s(void **state)
{
	char *path = image("limit.img", 1024 * MiB);
	struct scan s = {0};
	struct vg *vg;
	char *want, *l, tag[4096], expect[512];
	/* lvm2's smallest area, 32 KiB: (32768 - 512) / 2 - 512 */
	const uint64_t max = 15616;
	uint8_t before[4096 + 32768];
	uint64_t len;
	int lvs = 0;
	(void)state;
	make_pv(path, pv_ids[0], 32768, 4096);
	rescan(&s, path);
	assert_int_equal(s.pvs[0]->mdas[0].area.size, 32768);
	assert_int_equal(mda_max_text_size(s.pvs[0]->mdas[0].hdr.size), max);
	vg = vg_on(&s, "full", &path, 1);
	/* LV by LV until the area refuses: the last accepted text is within
	 * the limit, the refused one beyond it, as lvm2 counts */
	for (;;) {
		char name[16];
		snprintf(name, sizeof(name), "lv%d", ++lvs);
		assert_non_null(add_lv(vg, name, 1));
		vg->seqno++;
		want = text_of(vg);
		len = strlen(want) + 1;
		free(want);
		if (vg_commit(&s, vg, &origin, NULL, 0, 0))
			break;
		assert_true(text_size_as_lvm2(len) <= max);
		rescan(&s, path);
	}
	assert_true(text_size_as_lvm2(len) > max);
	assert_true(lvs > 20);
	l = take_log();
	snprintf(expect, sizeof(expect),
	         "  VG full %u metadata on %s (%llu bytes) exceeds maximum metadata size (15616 "
	         "bytes): failed to write VG full; keep fewer LVs in it, or build it on PVs "
	         "created by pvcreate with a larger --metadatasize.\n",
	         vg->seqno, path, (unsigned long long)text_size_as_lvm2(len));
	assert_string_equal(l, expect);
	free(l);
	vg_free(vg);

	/* two LVs fewer, and a tag that brings the text to exactly the
	 * limit: written */
	rescan(&s, path);
	vg = vg_read(&s, "full");
	assert_non_null(vg);
	vg_remove_lv(vg, vg_find_lv(vg, "lv1"));
	vg_remove_lv(vg, vg_find_lv(vg, "lv2"));
	vg->seqno++;
	tag_list_add(&vg->tags, "t");
	want = text_of(vg);
	len = text_size_as_lvm2(strlen(want) + 1);
	free(want);
	assert_true(len <= max && max - len + 2 < sizeof(tag));
	memset(tag, 't', sizeof(tag));
	tag[max - len + 1] = '\0';
	tag_list_free(&vg->tags);
	tag_list_add(&vg->tags, tag);
	want = text_of(vg);
	assert_int_equal(text_size_as_lvm2(strlen(want) + 1), max);
	assert_int_equal(vg_commit_fits(&s, vg, &origin), 0);
	commit(&s, vg);
	rescan(&s, path);
	assert_reads(&s, "full", want);

	/* one byte more: refused by vg_commit_fits and by vg_commit,
	 * nothing written, the exact-fit VG still the committed one */
	vg->seqno++;
	tag[max - len + 1] = 't';
	tag[max - len + 2] = '\0';
	tag_list_free(&vg->tags);
	tag_list_add(&vg->tags, tag);
	pread_file(path, 0, before, sizeof(before));
	assert_int_equal(vg_commit_fits(&s, vg, &origin), -1);
	forget_log();
	assert_commit_refused(&s, vg, path, "full", want, before, sizeof(before),
	                      "(15617 bytes) exceeds maximum metadata size (15616 bytes)");
	vg_free(vg);
	free(want);
	scan_free(&s);
	free(path);
}

/* ---- damage ---- */

struct fixture2 {
	char *paths[2];
	char devices[300];
	char *text; /* what was committed */
	struct scan s;
};

static void two_pv_vg(struct fixture2 *f, const char *tag)
{
	char n1[32], n2[32];
	struct vg *vg;
	snprintf(n1, sizeof(n1), "%s1.img", tag);
	snprintf(n2, sizeof(n2), "%s2.img", tag);
	f->paths[0] = image(n1, 64 * MiB);
	f->paths[1] = image(n2, 64 * MiB);
	make_pvs(f->devices, sizeof(f->devices), f->paths, 2, 0, 0);
	memset(&f->s, 0, sizeof(f->s));
	rescan(&f->s, f->devices);
	vg = vg_on(&f->s, "dmg", f->paths, 2);
	add_lv(vg, "lv1", 3);
	add_lv(vg, "lv2", 20);
	vg->seqno = 4;
	commit(&f->s, vg);
	f->text = text_of(vg);
	vg_free(vg);
	rescan(&f->s, f->devices);
}

static void fixture2_free(struct fixture2 *f)
{
	scan_free(&f->s);
	free(f->paths[0]);
	free(f->paths[1]);
	free(f->text);
}

/* The VG as read with the first PV's copy unusable: the same VG (its
 * PV 0 has no dev_path when its label is gone). */
static char *text_without_pv0_path(const struct fixture2 *f)
{
	struct vg *vg = text_import_vg(f->text, strlen(f->text), "t");
	char *t;
	free(vg->pvs[0]->dev_path);
	vg->pvs[0]->dev_path = NULL;
	/* vg_read flags a PV it cannot find, as lvm2 */
	vg->pvs[0]->status |= PV_MISSING;
	t = text_of(vg);
	vg_free(vg);
	return t;
}

static void test_damaged_label(void **state)
{
	struct fixture2 f;
	char *l, *want;
	(void)state;
	two_pv_vg(&f, "dl");
	flip(f.paths[0], 512 + 100, 0x10);
	forget_log();
	rescan(&f.s, f.devices);
	l = take_log();
	assert_null(scan_find_path(&f.s, f.paths[0]));
	assert_non_null(strstr(l, f.paths[0]));
	assert_non_null(strstr(l, "checksum"));
	free(l);
	/* read from the other PV, with PV 0 missing */
	want = text_without_pv0_path(&f);
	assert_reads(&f.s, "dmg", want);
	free(want);
	fixture2_free(&f);
}

static void test_damaged_mda_header(void **state)
{
	struct fixture2 f;
	struct pv_disk *pd;
	(void)state;
	two_pv_vg(&f, "dh");
	flip(f.paths[0], 4096 + 200, 0x01);
	rescan(&f.s, f.devices);
	pd = scan_find_path(&f.s, f.paths[0]);
	assert_non_null(pd);
	assert_non_null(pd->damage);
	assert_non_null(strstr(pd->damage, "checksum"));
	assert_false(pd->mdas[0].header_ok);
	assert_null(pd->vg_name);
	assert_reads(&f.s, "dmg", f.text);
	fixture2_free(&f);
}

static void test_damaged_text(void **state)
{
	struct fixture2 f;
	struct pv_disk *pd;
	(void)state;
	two_pv_vg(&f, "dt");
	flip(f.paths[0], 4096 + 512 + 30, 0x02);
	rescan(&f.s, f.devices);
	pd = scan_find_path(&f.s, f.paths[0]);
	assert_non_null(strstr(pd->damage, "checksum mismatch"));
	assert_true(pd->mdas[0].header_ok);
	assert_null(pd->vg_name);
	assert_reads(&f.s, "dmg", f.text);
	/* both copies gone: no VG, and a message */
	flip(f.paths[1], 4096 + 512 + 30, 0x02);
	rescan(&f.s, f.devices);
	forget_log();
	assert_null(vg_read(&f.s, "dmg"));
	{
		char *l = take_log();
		assert_non_null(strstr(l, "not found"));
		free(l);
	}
	fixture2_free(&f);
}

/* Read the VG, bump it and commit it, `repair_bad` as vgck
 * --updatemetadata does; returns vg_commit's result. */
static int commit_next(struct fixture2 *f, int repair_bad)
{
	struct vg *vg = vg_read(&f->s, "dmg");
	int r;
	assert_non_null(vg);
	vg->seqno++;
	r = vg_commit(&f->s, vg, &origin, NULL, 0, repair_bad);
	vg_free(vg);
	return r;
}

/* An area the scan finds bad gets lvm2's warnings, and is left alone by
 * commits (as lvm2: it could be a failing disk) until a commit that
 * repairs (vgck --updatemetadata) writes it afresh. */
static void test_bad_area_skipped_then_repaired(void **state)
{
	struct fixture2 f;
	struct pv_disk *pd;
	char *l;
	(void)state;
	two_pv_vg(&f, "sk");
	forget_log();
	flip(f.paths[0], 4096 + 200, 0x01);
	rescan(&f.s, f.devices);
	l = take_log();
	assert_non_null(strstr(l, "WARNING: bad metadata header on "));
	assert_non_null(strstr(l, "mda1 failed to read metadata summary."));
	assert_non_null(strstr(l, "with vgck --updatemetadata."));
	free(l);
	pd = scan_find_path(&f.s, f.paths[0]);
	assert_true(pd->mdas[0].bad);
	/* a plain commit: the other PV only; the bad area unchanged */
	assert_int_equal(commit_next(&f, 0), 0);
	rescan(&f.s, f.devices);
	pd = scan_find_path(&f.s, f.paths[0]);
	assert_true(pd->mdas[0].bad);
	assert_int_equal(scan_find_path(&f.s, f.paths[1])->seqno, 5);
	forget_log();
	/* the repair writes it, with the next seqno */
	assert_int_equal(commit_next(&f, 1), 0);
	rescan(&f.s, f.devices);
	pd = scan_find_path(&f.s, f.paths[0]);
	assert_false(pd->mdas[0].bad);
	assert_null(pd->damage);
	assert_int_equal(pd->seqno, 6);
	assert_int_equal(scan_find_path(&f.s, f.paths[1])->seqno, 6);
	l = take_log();
	assert_null(strstr(l, "WARNING"));
	free(l);
	fixture2_free(&f);
}

/* A PV whose header still names the older text (a commit whose header
 * write failed there): readers take the newer copy with lvm2's warnings,
 * and the next commit brings it up to date, saying so. */
static void test_old_copy_warned_and_updated(void **state)
{
	struct fixture2 f;
	uint8_t old_header[512];
	char *l;
	(void)state;
	two_pv_vg(&f, "oc");
	pread_file(f.paths[0], 4096, old_header, sizeof(old_header));
	assert_int_equal(commit_next(&f, 0), 0);
	/* the old text is still where the old header points (invariant 1) */
	pwrite_file(f.paths[0], 4096, old_header, sizeof(old_header));
	rescan(&f.s, f.devices);
	forget_log();
	{
		struct vg *vg = vg_read(&f.s, "dmg");
		assert_non_null(vg);
		assert_int_equal(vg->seqno, 5);
		vg_free(vg);
	}
	l = take_log();
	{
		char want[512];
		snprintf(want, sizeof(want),
		         "WARNING: ignoring metadata seqno 4 on %s for seqno 5 on %s for VG dmg.",
		         f.paths[0], f.paths[1]);
		assert_non_null(strstr(l, want));
	}
	assert_non_null(strstr(l, "WARNING: Inconsistent metadata found for VG dmg."));
	free(l);
	assert_int_equal(commit_next(&f, 0), 0);
	l = take_log();
	{
		char want[512];
		snprintf(want, sizeof(want),
		         "WARNING: updating old metadata to 6 on %s for VG dmg.", f.paths[0]);
		assert_non_null(strstr(l, want));
	}
	free(l);
	rescan(&f.s, f.devices);
	forget_log();
	{
		struct vg *vg = vg_read(&f.s, "dmg");
		assert_int_equal(vg->seqno, 6);
		vg_free(vg);
	}
	assert_int_equal(scan_find_path(&f.s, f.paths[0])->seqno, 6);
	l = take_log();
	assert_null(strstr(l, "WARNING"));
	free(l);
	fixture2_free(&f);
}

/* Replace the committed text of `path` by `text` (checksum fixed). */
static void rewrite_text(const char *path, const char *text)
{
	uint8_t b[512];
	struct mda_header h;
	struct strbuf err = STRBUF_INIT;
	size_t len = strlen(text) + 1;
	pread_file(path, 4096, b, 512);
	assert_int_equal(mda_header_parse(b, 4096, 1044480, &h, &err), 0);
	pwrite_file(path, 4096 + h.loc[0].offset, text, len);
	h.loc[0].size = len;
	h.loc[0].checksum = lvm_crc32(LVM_CRC_INITIAL, text, len);
	mda_header_build(&h, b);
	pwrite_file(path, 4096, b, 512);
	strbuf_release(&err);
}

static char *replace(const char *text, const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = strstr(text, from);
	assert_non_null(p);
	strbuf_add(&sb, text, (size_t)(p - text));
	strbuf_addstr(&sb, to);
	strbuf_addstr(&sb, p + strlen(from));
	return strbuf_detach(&sb, NULL);
}

/* Write to `path` the VG text `text` one seqno on (5 for 4), with `from`
 * replaced by `to`. */
static void write_newer(const char *path, const char *text, const char *from, const char *to)
{
	char *newer = replace(text, "seqno = 4", "seqno = 5"), *changed = replace(newer, from, to);
	rewrite_text(path, changed);
	free(changed);
	free(newer);
}

/* Two PVs whose areas hold the same seqno but other texts (one written
 * by hand, as lvm2's test metadata-old does with pvck --repair): the scan
 * takes the first it reads and sets the other aside with lvm2's two
 * warnings; a commit skips it, so the next scan finds an older copy
 * there, and vgck --updatemetadata brings it up to date. */
static void test_same_seqno_other_text(void **state)
{
	struct fixture2 f;
	struct pv_disk *pd;
	char *changed, *l;
	(void)state;
	two_pv_vg(&f, "ms");
	changed = replace(f.text, "lv2", "lv3");
	rewrite_text(f.paths[1], changed);
	forget_log();
	rescan(&f.s, f.devices);
	l = take_log();
	assert_non_null(strstr(l, "WARNING: scan of VG dmg from "));
	assert_non_null(strstr(l, "mda1 found mismatch with other metadata."));
	free(l);
	pd = scan_find_path(&f.s, f.paths[1]);
	assert_true(pd->mdas[0].bad);
	assert_false(scan_find_path(&f.s, f.paths[0])->mdas[0].bad);
	assert_reads(&f.s, "dmg", f.text);
	/* the next commit leaves it alone; then it is an older copy */
	assert_int_equal(commit_next(&f, 0), 0);
	forget_log();
	rescan(&f.s, f.devices);
	l = take_log();
	assert_null(strstr(l, "mismatch"));
	free(l);
	assert_int_equal(scan_find_path(&f.s, f.paths[1])->seqno, 4);
	assert_int_equal(commit_next(&f, 1), 0);
	rescan(&f.s, f.devices);
	assert_int_equal(scan_find_path(&f.s, f.paths[1])->seqno, 6);
	free(changed);
	fixture2_free(&f);
}

static void test_bad_text_with_good_checksum(void **state)
{
	struct fixture2 f;
	struct pv_disk *pd;
	char *bad, *l;
	(void)state;
	two_pv_vg(&f, "bt");
	/* unparseable on one PV: the other one serves */
	bad = replace(f.text, "seqno = 4", "seqno = = 4");
	rewrite_text(f.paths[0], bad);
	free(bad);
	rescan(&f.s, f.devices);
	pd = scan_find_path(&f.s, f.paths[0]);
	assert_non_null(pd->damage);
	assert_null(pd->vg_name);
	assert_reads(&f.s, "dmg", f.text);
	/* the same past the head (the scan parses only the head): found
	 * when the VG is read, and the other copy serves, with a warning */
	write_newer(f.paths[0], f.text, "pe_count = ", "pe_count = = ");
	rescan(&f.s, f.devices);
	assert_non_null(scan_find_path(&f.s, f.paths[0])->vg_name);
	forget_log();
	assert_reads(&f.s, "dmg", f.text);
	l = take_log();
	assert_non_null(strstr(l, "bad metadata text on"));
	assert_non_null(strstr(l, f.paths[0]));
	free(l);
	/* parseable, invalid, with a higher seqno: refused, not used */
	write_newer(f.paths[0], f.text, "pe_count = ", "pe_count = 9");
	rescan(&f.s, f.devices);
	forget_log();
	assert_null(vg_read(&f.s, "dmg"));
	l = take_log();
	assert_non_null(strstr(l, "invalid"));
	assert_non_null(strstr(l, f.paths[0]));
	free(l);
	fixture2_free(&f);
}

static void test_area_outside_device(void **state)
{
	struct fixture2 f;
	struct pv_disk *pd;
	uint8_t b[512];
	struct pv_label lab;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	two_pv_vg(&f, "ao");
	pread_file(f.paths[0], 512, b, 512);
	assert_int_equal(label_parse(b, 1, &lab, &err), 1);
	lab.mda[0].size = 64 * MiB; /* 4096 + 64 MiB > device */
	label_build(&lab, b);
	pwrite_file(f.paths[0], 512, b, 512);
	rescan(&f.s, f.devices);
	pd = scan_find_path(&f.s, f.paths[0]);
	assert_non_null(pd);
	assert_non_null(strstr(pd->damage, "outside"));
	assert_reads(&f.s, "dmg", f.text);
	/* and a device cut short after its label: below pv_min_size it is
	 * no PV at all (lvm2's filter), above it a damaged one */
	assert_int_equal(truncate(f.paths[1], 3000), 0);
	rescan(&f.s, f.devices);
	assert_null(scan_find_path(&f.s, f.paths[1]));
	scan_set_pv_min_size(512);
	rescan(&f.s, f.devices);
	pd = scan_find_path(&f.s, f.paths[1]);
	assert_non_null(pd);
	assert_non_null(pd->damage);
	assert_null(vg_read(&f.s, "dmg"));
	forget_log();
	/* shorter than the label scan area: not a PV */
	assert_int_equal(truncate(f.paths[1], 1000), 0);
	rescan(&f.s, f.devices);
	assert_null(scan_find_path(&f.s, f.paths[1]));
	scan_set_pv_min_size(2048 * 1024);
	strbuf_release(&err);
	fixture2_free(&f);
}

static uint64_t rnd(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return *seed >> 33;
}

/* Random bit flips in the label sectors and metadata areas: scanning and
 * reading never crash, and whatever is read is exactly the committed VG
 * (every byte that matters is under a checksum). */
static void test_random_damage(void **state)
{
	struct fixture2 f;
	uint8_t *base[2];
	uint64_t seed = 99;
	const size_t region = 16384;
	(void)state;
	two_pv_vg(&f, "rd");
	for (int p = 0; p < 2; p++) {
		base[p] = xmalloc(region);
		pread_file(f.paths[p], 0, base[p], region);
	}
	for (int i = 0; i < 1500; i++) {
		struct vg *vg;
		for (int p = 0; p < 2; p++)
			pwrite_file(f.paths[p], 0, base[p], region);
		for (int k = 1 + (int)(rnd(&seed) % 4); k > 0; k--) {
			int p = (int)(rnd(&seed) % 2);
			/* label sectors, area header, text */
			static const uint64_t spots[][2] = {{0, 2048}, {4096, 512}, {4608, 2048}};
			const uint64_t *sp = spots[rnd(&seed) % 3];
			flip(f.paths[p], sp[0] + rnd(&seed) % sp[1],
			     (uint8_t)(1 << (rnd(&seed) % 8)));
		}
		rescan(&f.s, f.devices);
		vg = vg_read(&f.s, "dmg");
		if (vg) {
			char *got;
			for (size_t p = 0; p < vg->n_pvs; p++)
				if (!vg->pvs[p]->dev_path) {
					vg->pvs[p]->dev_path = xstrdup(f.paths[p]);
					vg->pvs[p]->status &= ~PV_MISSING;
				}
			got = text_of(vg);
			if (strcmp(got, f.text)) {
				print_error("round %d read a different VG:\n%s\n", i, got);
				fail();
			}
			free(got);
			vg_free(vg);
		}
		forget_log();
	}
	free(base[0]);
	free(base[1]);
	fixture2_free(&f);
}

/* ---- crashes ---- */

/* The crash: a child stops dead (_exit, no cleanup) right after a chosen
 * write has reached the image file, as a power cut after it would leave
 * the disk.  Done here, around pwrite, because the library the tests link
 * is vgtool's own, which has no crash hook (misc/test-hooks.h). */
static unsigned long writes_to_crash; /* 0: no crash */

ssize_t __real_pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	ssize_t r = __real_pwrite(fd, buf, n, off);
	if (writes_to_crash && r == (ssize_t)n && !--writes_to_crash)
		_exit(99);
	return r;
}

/* What the child of a crash test does to the VG read from disk; returns
 * the PVs to drop (vgreduce), if any. */
typedef size_t (*change_fn)(struct vg *vg, struct scan *s, struct pv_disk **dropped);

struct crash_case {
	const char *name; /* VG name */
	char **paths;
	size_t n_paths;
	char devices[400];
	uint64_t region; /* bytes at the start of each PV that commits write */
	change_fn change;
	char *old_text, *new_text; /* NULL old: no VG before */
};

/* Run the change in a child that dies after its nth write from now.
 * Returns the child's exit status (99: crashed). */
static int run_child(struct crash_case *c, unsigned long n)
{
	pid_t pid;
	int status;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct scan s = {0};
		struct vg *vg;
		struct pv_disk *dropped[4];
		size_t nd;
		writes_to_crash = n;
		if (scan_pvs(&s, c->devices))
			_exit(3);
		vg = c->old_text ? vg_read(&s, c->name) : NULL;
		nd = c->change(vg, &s, dropped);
		_exit(vg_commit(&s, vg, &origin, dropped, nd, 0) ? 2 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* The text the completed change gives, from a child without a crash. */
static char *expected_new(struct crash_case *c, uint8_t **saved)
{
	struct scan s = {0};
	struct vg *vg;
	char *t;
	assert_int_equal(run_child(c, 0), 0);
	rescan(&s, c->devices);
	vg = vg_read(&s, c->name);
	assert_non_null(vg);
	t = text_of(vg);
	vg_free(vg);
	scan_free(&s);
	for (size_t p = 0; p < c->n_paths; p++)
		pwrite_file(c->paths[p], 0, saved[p], c->region);
	return t;
}

/* For every n from 1 until the child no longer crashes: crash after the
 * nth write, then the VG must read as exactly the old or the new version
 * (never new and then old again for a larger n), and a further commit
 * from that state must work. */
static unsigned crash_every_write(struct crash_case *c)
{
	uint8_t *saved[4];
	unsigned long n;
	int seen_new = 0;
	unsigned n_old = 0, n_new = 0;
	for (size_t p = 0; p < c->n_paths; p++) {
		saved[p] = xmalloc(c->region);
		pread_file(c->paths[p], 0, saved[p], c->region);
	}
	c->new_text = expected_new(c, saved);
	for (n = 1;; n++) {
		struct scan s = {0};
		struct vg *vg;
		const char *got_which;
		char *got = NULL;
		int st;
		assert_true(n < 100);
		for (size_t p = 0; p < c->n_paths; p++)
			pwrite_file(c->paths[p], 0, saved[p], c->region);
		st = run_child(c, n);
		if (st != 99 && st != 0) {
			print_error("%s: child exited %d at write %lu\n", c->name, st, n);
			fail();
		}
		rescan(&s, c->devices);
		vg = vg_read(&s, c->name);
		forget_log();
		if (vg)
			got = text_of(vg);
		if (got && !strcmp(got, c->new_text)) {
			got_which = "new";
			seen_new = 1;
			n_new++;
		} else if ((!got && !c->old_text) ||
		           (got && c->old_text && !strcmp(got, c->old_text))) {
			got_which = "old";
			n_old++;
			if (seen_new) {
				print_error("%s: crash after write %lu reads the old VG after an "
				            "earlier crash read the new one\n",
				            c->name, n);
				fail();
			}
		} else {
			print_error(
			    "%s: crash after write %lu: VG reads as neither old nor new:\n%s\n",
			    c->name, n, got ? got : "(no VG)");
			fail();
			got_which = "";
		}
		(void)got_which;
		/* and the next commit from there works */
		if (vg) {
			struct scan s2 = {0};
			char *again;
			vg->seqno++;
			tag_list_add(&vg->tags, "after_crash");
			commit(&s, vg);
			again = text_of(vg);
			rescan(&s2, c->devices);
			assert_reads(&s2, c->name, again);
			free(again);
			scan_free(&s2);
			vg_free(vg);
		}
		free(got);
		scan_free(&s);
		if (st == 0)
			break;
	}
	assert_true(seen_new);
	/* the child crashed after each of the n - 1 writes, then completed */
	print_message("%s: %lu writes; a crash after the first %u left the old VG, after the "
	              "others the new one\n",
	              c->name, n - 1, n_old);
	assert_int_equal(n_old + n_new, n);
	for (size_t p = 0; p < c->n_paths; p++)
		free(saved[p]);
	free(c->new_text);
	return (unsigned)(n - 1);
}

static size_t change_add_lv(struct vg *vg, struct scan *s, struct pv_disk **dropped)
{
	(void)s;
	(void)dropped;
	vg->seqno++;
	add_lv(vg, "new_lv", 17); /* spans both PVs */
	return 0;
}

static void test_crash_during_commit(void **state)
{
	char *paths[2] = {image("x1.img", 64 * MiB), image("x2.img", 64 * MiB)};
	struct crash_case c = {"crash", paths, 2, "", 1 * MiB, change_add_lv, NULL, NULL};
	struct scan s = {0};
	struct vg *vg;
	unsigned writes;
	(void)state;
	make_pvs(c.devices, sizeof(c.devices), paths, 2, 0, 0);
	rescan(&s, c.devices);
	vg = vg_on(&s, "crash", paths, 2);
	add_lv(vg, "lv1", 10);
	vg->seqno = 5;
	commit(&s, vg);
	c.old_text = text_of(vg);
	writes = crash_every_write(&c);
	/* 2 texts + 2 headers */
	assert_true(writes >= 4);
	free(c.old_text);
	vg_free(vg);
	scan_free(&s);
	free(paths[0]);
	free(paths[1]);
}

/* The new text wraps around the end of the small area: two writes for
 * it. */
static void test_crash_during_wrapping_commit(void **state)
{
	char *paths[2] = {image("w1.img", 64 * MiB), image("w2.img", 64 * MiB)};
	struct crash_case c = {"wrap", paths, 2, "", 40960, change_add_lv, NULL, NULL};
	struct scan s = {0};
	struct vg *vg;
	int wraps_next = 0;
	(void)state;
	make_pvs(c.devices, sizeof(c.devices), paths, 2, 32768, 4096);
	rescan(&s, c.devices);
	vg = vg_on(&s, "wrap", paths, 2);
	add_lv(vg, "lv1", 10);
	/* commit until the child's change would wrap */
	for (int i = 0; i < 200 && !wraps_next; i++) {
		struct vg *next;
		char *t;
		uint64_t off;
		const struct mda_header *h;
		vg->seqno++;
		tag_list_add(&vg->tags, i % 2 ? "abcdefghijklmnopqrstuvwxyz" : "abc");
		commit(&s, vg);
		rescan(&s, c.devices);
		next = vg_read(&s, "wrap");
		change_add_lv(next, NULL, NULL);
		t = text_of(next);
		h = &scan_find_path(&s, paths[0])->mdas[0].hdr;
		assert_int_equal(mda_next_offset(h, strlen(t) + 1, &off), 0);
		wraps_next = off + strlen(t) + 1 > h->size;
		free(t);
		vg_free(next);
	}
	assert_true(wraps_next);
	c.old_text = text_of(vg);
	crash_every_write(&c);
	free(c.old_text);
	vg_free(vg);
	scan_free(&s);
	free(paths[0]);
	free(paths[1]);
}

static char *create_paths[2];

static size_t change_create(struct vg *vg, struct scan *s, struct pv_disk **dropped)
{
	(void)vg;
	(void)dropped;
	vg = vg_on(s, "fresh", create_paths, 2);
	add_lv(vg, "lv", 5);
	/* the child would commit the VG it passed in (none): commit here */
	if (vg_commit(s, vg, &origin, NULL, 0, 0))
		_exit(2);
	_exit(0);
}

/* vgcreate on two new PVs: before, no VG; after, the VG. */
static void test_crash_during_vgcreate(void **state)
{
	struct crash_case c = {"fresh", create_paths, 2, "", 1 * MiB, change_create, NULL, NULL};
	unsigned writes;
	(void)state;
	create_paths[0] = image("v1.img", 64 * MiB);
	create_paths[1] = image("v2.img", 64 * MiB);
	make_pvs(c.devices, sizeof(c.devices), create_paths, 2, 0, 0);
	/* 2 texts, 2 labels (now in use), 2 headers */
	writes = crash_every_write(&c);
	assert_true(writes >= 6);
	free(create_paths[0]);
	free(create_paths[1]);
}

static char *reduce_drop_path;

static size_t change_reduce(struct vg *vg, struct scan *s, struct pv_disk **dropped)
{
	struct pv *pv = vg_find_pv_by_path(vg, reduce_drop_path);
	vg->seqno++;
	vg_remove_pv(vg, pv);
	dropped[0] = scan_find_path(s, reduce_drop_path);
	return 1;
}

/* vgreduce of an unused PV: the VG reads as old (3 PVs) or new (2 PVs);
 * once done, the dropped PV is an orphan again. */
static void test_crash_during_vgreduce(void **state)
{
	char *paths[3] = {image("r1.img", 64 * MiB), image("r2.img", 64 * MiB),
	                  image("r3.img", 64 * MiB)};
	struct crash_case c = {"reduce", paths, 3, "", 1 * MiB, change_reduce, NULL, NULL};
	struct scan s = {0};
	struct vg *vg;
	struct pv_disk *pd;
	(void)state;
	make_pvs(c.devices, sizeof(c.devices), paths, 3, 0, 0);
	reduce_drop_path = paths[2];
	rescan(&s, c.devices);
	vg = vg_on(&s, "reduce", paths, 3);
	add_lv(vg, "lv1", 20);
	vg->seqno = 3;
	commit(&s, vg);
	c.old_text = text_of(vg);
	crash_every_write(&c);
	/* the complete vgreduce (the last round) left r3 an orphan; the
	 * commit after it did not touch r3 */
	free(c.old_text);
	vg_free(vg);
	rescan(&s, paths[2]);
	pd = scan_find_path(&s, paths[2]);
	assert_non_null(pd);
	assert_null(pd->vg_name);
	assert_false(pd->label.ext_flags & PV_EXT_USED);
	scan_free(&s);
	for (int i = 0; i < 3; i++)
		free(paths[i]);
}

/* ---- refusals ---- */

/* A PV of the VG that the scan did not find: nothing is written. */
static void test_commit_with_missing_pv(void **state)
{
	struct fixture2 f;
	struct vg *vg;
	uint8_t before[8192], after[8192];
	char *l;
	(void)state;
	two_pv_vg(&f, "mp");
	vg = vg_read(&f.s, "dmg");
	rescan(&f.s, f.paths[0]); /* PV 1 not scanned */
	pread_file(f.paths[0], 0, before, sizeof(before));
	vg->seqno++;
	assert_int_equal(vg_commit(&f.s, vg, &origin, NULL, 0, 0), -1);
	l = take_log();
	assert_non_null(strstr(l, "missing"));
	free(l);
	pread_file(f.paths[0], 0, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	vg_free(vg);
	fixture2_free(&f);
}

/* A PV whose device is gone: vg_read warns as lvm2 and flags it MISSING;
 * a commit of that VG (the recovery commands) goes to the PV present and
 * leaves the gone one alone; read again, the flag and "[unknown]" are
 * there. */
static void test_commit_flags_missing_pv(void **state)
{
	struct fixture2 f;
	struct vg *vg, *again;
	uint8_t before[8192], after[8192];
	char *l, uuid[UUID_FORMATTED_LEN + 1];
	(void)state;
	two_pv_vg(&f, "fm");
	rescan(&f.s, f.paths[0]); /* PV 1 gone */
	pread_file(f.paths[1], 0, before, sizeof(before));
	forget_log();
	vg = vg_read(&f.s, "dmg");
	assert_non_null(vg);
	l = take_log();
	uuid_format(vg->pvs[1]->id, uuid);
	assert_non_null(strstr(l, "WARNING: Couldn't find device with uuid "));
	assert_non_null(strstr(l, uuid));
	assert_non_null(strstr(l, "WARNING: VG dmg is missing PV "));
	assert_non_null(strstr(l, f.paths[1])); /* "last written to" */
	free(l);
	assert_true(vg->pvs[1]->status & PV_MISSING);
	assert_false(vg->pvs[0]->status & PV_MISSING);
	vg->seqno++;
	assert_int_equal(vg_commit(&f.s, vg, &origin, NULL, 0, 0), 0);
	pread_file(f.paths[1], 0, after, sizeof(after));
	assert_memory_equal(before, after, sizeof(before));
	rescan(&f.s, f.paths[0]);
	forget_log();
	again = vg_read(&f.s, "dmg");
	assert_non_null(again);
	assert_int_equal(again->seqno, 5);
	assert_true(again->pvs[1]->status & PV_MISSING);
	assert_string_equal(again->pvs[1]->device_hint, "[unknown]");
	l = take_log();
	assert_non_null(strstr(l, "(last written to [unknown])"));
	free(l);
	vg_free(again);

	/* the device is back: still missing (extents in use) */
	rescan(&f.s, f.devices);
	forget_log();
	again = vg_read(&f.s, "dmg");
	l = take_log();
	assert_non_null(strstr(l, "was previously updated while PV"));
	assert_non_null(strstr(l, "WARNING: VG dmg was missing PV"));
	free(l);
	assert_true(again->pvs[1]->status & PV_MISSING);
	assert_non_null(again->pvs[1]->dev_path);
	vg_free(again);
	vg_free(vg);
	fixture2_free(&f);
}

/* Two different VGs of one name: vg_read does not pick one (lvm2's
 * lines); vg_read_id reads either by its id. */
static void test_two_vgs_one_name(void **state)
{
	char *paths[2] = {image("n1.img", 64 * MiB), image("n2.img", 64 * MiB)};
	char devices[300], *l;
	struct scan s = {0};
	struct vg *a, *b;
	(void)state;
	make_pvs(devices, sizeof(devices), paths, 2, 0, 0);
	rescan(&s, devices);
	a = vg_on(&s, "same", paths, 1);
	b = vg_on(&s, "same", paths + 1, 1);
	b->id[0] = 'Z';
	commit(&s, a);
	commit(&s, b);
	rescan(&s, devices);
	forget_log();
	assert_null(vg_read(&s, "same"));
	l = take_log();
	assert_non_null(strstr(l, "Multiple VGs found with the same name: skipping same"));
	assert_non_null(strstr(l, "Use --select vg_uuid=<uuid> in place of the VG name."));
	free(l);
	{
		struct vg *ra = vg_read_id(&s, "same", a->id), *rb = vg_read_id(&s, "same", b->id);
		assert_non_null(ra);
		assert_non_null(rb);
		assert_string_equal(ra->id, a->id);
		assert_string_equal(rb->id, b->id);
		assert_string_equal(ra->pvs[0]->dev_path, paths[0]);
		assert_string_equal(rb->pvs[0]->dev_path, paths[1]);
		vg_free(ra);
		vg_free(rb);
		assert_null(vg_read_id(&s, "other", a->id));
	}
	vg_free(a);
	vg_free(b);
	scan_free(&s);
	free(paths[0]);
	free(paths[1]);
}

/* pvcreate --metadatacopies 0 (tests/fixtures/lvm2/host/10-*): a label
 * without metadata areas.  Such a PV in a VG is still marked used in
 * its label by lvm2 (pv_header_extension.flags 1 after vgcreate/
 * vgextend), so that lvm2 knows it belongs to a VG even though it holds
 * no metadata. */
static void test_pv_without_mda_in_vg(void **state)
{
	char *paths[2] = {image("z1.img", 64 * MiB), image("z0.img", 64 * MiB)};
	char devices[300];
	struct pv_label l;
	uint8_t b[512];
	struct scan s = {0};
	struct vg *vg;
	char *want;
	struct pv_disk *pd;
	(void)state;
	make_pv(paths[0], pv_ids[0], 0, 0);
	memset(&l, 0, sizeof(l));
	l.sector = 1;
	memcpy(l.pv_id, pv_ids[1], 33);
	l.dev_size = 64 * MiB;
	l.data[0] = (struct disk_area){1 * MiB, 0};
	l.n_data = 1;
	l.ext_version = 2;
	label_build(&l, b);
	pwrite_file(paths[1], 512, b, 512);
	join_paths(devices, sizeof(devices), paths, 2);
	rescan(&s, devices);
	pd = scan_find_path(&s, paths[1]);
	assert_non_null(pd);
	assert_int_equal(pd->n_mdas, 0);
	vg = vg_on(&s, "nomda", paths, 2);
	add_lv(vg, "lv", 20);
	commit(&s, vg);
	want = text_of(vg);
	rescan(&s, devices);
	assert_reads(&s, "nomda", want);
	assert_true(scan_find_path(&s, paths[0])->label.ext_flags & PV_EXT_USED);
	assert_true(scan_find_path(&s, paths[1])->label.ext_flags & PV_EXT_USED);
	/* the PV without metadata is the VG's, found through the other */
	pd = scan_find_path(&s, paths[1]);
	assert_string_equal(pv_disk_vg_name(pd), "nomda");
	assert_false(pv_disk_has_copy(pd));
	assert_int_equal(pv_disk_seqno(pd), 0);
	/* the VG's only copy gone: the PV is in no VG found, but marked used */
	{
		uint8_t zero[512] = {0};
		pwrite_file(paths[0], 512, zero, sizeof(zero));
		rescan(&s, devices);
		pd = scan_find_path(&s, paths[1]);
		assert_null(pv_disk_vg_name(pd));
		assert_true(pv_disk_marked_used(pd));
		assert_null(vg_read(&s, "nomda"));
		forget_log();
	}
	free(want);
	vg_free(vg);
	scan_free(&s);
	free(paths[0]);
	free(paths[1]);
}

/* ---- metadata copies: none, two ---- */

static void make_pv_copies(const char *path, const char *id, unsigned copies)
{
	struct pv_create_params p = {0, 0, 0, 0, copies, 1, 0, 0, 0, 0, 0};
	assert_int_equal(write_pv(path, &p, id), 0);
}

static uint32_t crc_at(const char *path, uint64_t off)
{
	uint8_t b[4];
	pread_file(path, off, b, 4);
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* pvcreate --metadatacopies 0, 2 and --labelsector as lvm2 2.03.16 wrote
 * them on the same device sizes (the sandbox; pvck --dump headers): the
 * areas where lvm2 puts them and their headers' checksums, which cover
 * every byte but the checksum. */
static void test_new_pv_copies_are_lvm2s(void **state)
{
	char *p4 = image("c4.img", 4 * MiB), *p64 = image("c64.img", 64 * MiB + 7 * 512);
	struct pv_create_params at3 = {0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0};
	struct scan s = {0};
	struct pv_disk *pd;
	uint8_t sec[512], zero[512] = {0};
	(void)state;

	make_pv_copies(p4, pv_ids[0], 2);
	rescan(&s, p4);
	pd = s.pvs[0];
	assert_int_equal(pd->label.n_mda, 2);
	assert_int_equal(pd->label.data[0].offset, 1 * MiB);
	assert_int_equal(pd->label.mda[0].offset, 4096);
	assert_int_equal(pd->label.mda[0].size, 1044480);
	assert_int_equal(pd->label.mda[1].offset, 3 * MiB);
	assert_int_equal(pd->label.mda[1].size, 1 * MiB);
	assert_int_equal(crc_at(p4, 4096), 0xdb8ed616);
	assert_int_equal(crc_at(p4, 3 * MiB), 0x56db6945);
	assert_int_equal(pv_disk_end_mda_size(pd), 1 * MiB);

	make_pv_copies(p64, pv_ids[1], 2);
	rescan(&s, p64);
	pd = s.pvs[0];
	assert_int_equal(pd->label.mda[1].offset, 66060288);
	assert_int_equal(pd->label.mda[1].size, 1052160);
	assert_int_equal(crc_at(p64, 66060288), 0x6322eaff);

	/* no area: the label's list of areas is empty, the rest as lvm2's */
	make_pv_copies(p64, pv_ids[1], 0);
	rescan(&s, p64);
	pd = s.pvs[0];
	assert_int_equal(pd->label.n_mda, 0);
	assert_int_equal(pd->n_mdas, 0);
	assert_int_equal(pd->label.data[0].offset, 1 * MiB);
	assert_int_equal(pd->label.ext_version, 2);
	assert_null(pd->damage);
	assert_false(pv_disk_has_mda(pd));

	/* the label in sector 3, none left in sector 1 */
	assert_int_equal(write_pv(p64, &at3, pv_ids[2]), 0);
	pread_file(p64, 512, sec, 512);
	assert_memory_equal(sec, zero, 512);
	rescan(&s, p64);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.pvs[0]->label.sector, 3);
	assert_string_equal(s.pvs[0]->label.pv_id, pv_ids[2]);
	scan_free(&s);
	free(p4);
	free(p64);
}

static size_t change_grow_lv(struct vg *vg, struct scan *s, struct pv_disk **dropped)
{
	(void)s;
	(void)dropped;
	vg->seqno++;
	add_lv(vg, "new_lv", 1);
	return 0;
}

/* A VG on a PV with two areas and one with none: every commit writes
 * both areas of the first (text and header each), the PV without one is
 * the VG's, and a crash at any write reads as the old or the new VG. */
static void test_two_copies_and_none_in_vg(void **state)
{
	char *paths[2] = {image("t2.img", 8 * MiB), image("t0.img", 8 * MiB)};
	struct crash_case c = {"copies", paths, 2, "", 8 * MiB, change_grow_lv, NULL, NULL};
	struct scan s = {0};
	struct vg *vg;
	struct pv_disk *pd;
	char *want;
	unsigned writes;
	(void)state;
	make_pv_copies(paths[0], pv_ids[0], 2);
	make_pv_copies(paths[1], pv_ids[1], 0);
	join_paths(c.devices, sizeof(c.devices), paths, 2);
	rescan(&s, c.devices);
	vg = vg_of_disks(&s, "copies", 2048, paths, 2);
	/* the extents end where the area at the end begins: 6 MiB after
	 * 1 MiB of the first, 7 MiB of the second */
	assert_int_equal(vg->pvs[0]->pe_count, 6);
	assert_int_equal(vg->pvs[1]->pe_count, 7);
	assert_int_equal(scan_vg_mda_count(&s, vg), 2);
	add_lv(vg, "lv", 3);
	commit(&s, vg);
	want = text_of(vg);
	rescan(&s, c.devices);
	assert_reads(&s, "copies", want);
	pd = scan_find_path(&s, paths[0]);
	assert_int_equal(pd->mdas[0].seqno, 1);
	assert_int_equal(pd->mdas[1].seqno, 1);
	pd = scan_find_path(&s, paths[1]);
	assert_string_equal(pv_disk_vg_name(pd), "copies");
	assert_true(pv_disk_marked_used(pd));
	/* the second area alone keeps the VG when the first is damaged */
	flip(paths[0], 4096 + 100, 0x01);
	rescan(&s, c.devices);
	assert_reads(&s, "copies", want);
	flip(paths[0], 4096 + 100, 0x01);
	rescan(&s, c.devices);
	c.old_text = want;
	writes = crash_every_write(&c);
	/* 2 texts and 2 headers */
	assert_true(writes >= 4);
	free(want);
	vg_free(vg);
	scan_free(&s);
	free(paths[0]);
	free(paths[1]);
}

/* A VG of PVs without metadata areas has nowhere to go. */
static void test_vg_without_areas_refused(void **state)
{
	char *path = image("n0.img", 8 * MiB);
	struct scan s = {0};
	struct vg *vg;
	char *l;
	uint8_t head[8192], again[8192];
	(void)state;
	make_pv_copies(path, pv_ids[0], 0);
	rescan(&s, path);
	vg = vg_on(&s, "none", &path, 1);
	assert_int_equal(scan_vg_mda_count(&s, vg), 0);
	pread_file(path, 0, head, sizeof(head));
	assert_int_equal(vg_commit(&s, vg, &origin, NULL, 0, 0), -1);
	l = take_log();
	assert_non_null(strstr(l, "Aborting vg_write: No metadata areas to write to!"));
	free(l);
	pread_file(path, 0, again, sizeof(again));
	assert_memory_equal(head, again, sizeof(head)); /* not even the label's mark */
	vg_free(vg);
	scan_free(&s);
	free(path);
}

static const char *moved_path;

static size_t change_move_end(struct vg *vg, struct scan *s, struct pv_disk **dropped)
{
	struct pv_disk *pd = scan_find_path(s, moved_path);
	uint64_t end;
	(void)dropped;
	vg->seqno++;
	if (!pd || pv_disk_move_end_mda(pd, 16 * MiB, 1, &end))
		_exit(4);
	if (pv_resize(vg, vg_find_pv_by_id(vg, pd->label.pv_id), 16 * MiB / 512, end / 512)
	        .result != PV_RESIZE_OK)
		_exit(5);
	return 0;
}

/* pvresize of a PV with an area at its end: the area moves to the new
 * end with the commit, its header before the label that points to it; a
 * crash at any write reads as the old VG (the label on the old area) or
 * the new one. */
static void test_end_area_moves_with_commit(void **state)
{
	char *paths[2] = {image("m2.img", 8 * MiB), image("m1.img", 8 * MiB)};
	struct crash_case c = {"moved", paths, 2, "", 16 * MiB, change_move_end, NULL, NULL};
	struct scan s = {0};
	struct vg *vg;
	struct pv_disk *pd;
	int fd;
	(void)state;
	moved_path = paths[0];
	make_pv_copies(paths[0], pv_ids[0], 2);
	make_pv_copies(paths[1], pv_ids[1], 1);
	join_paths(c.devices, sizeof(c.devices), paths, 2);
	rescan(&s, c.devices);
	vg = vg_of_disks(&s, "moved", 2048, paths, 2);
	add_lv(vg, "lv", 8);
	commit(&s, vg);
	c.old_text = text_of(vg);
	/* the device grows to 16 MiB (both, for the crash test's copies) */
	for (int i = 0; i < 2; i++) {
		fd = open(paths[i], O_RDWR);
		assert_true(fd >= 0);
		assert_int_equal(ftruncate(fd, (off_t)(16 * MiB)), 0);
		close(fd);
	}
	crash_every_write(&c);
	/* the completed move (then one more commit, crash_every_write's, and
	 * this child's): the area at the new end holds the VG */
	assert_int_equal(run_child(&c, 0), 0);
	rescan(&s, c.devices);
	pd = scan_find_path(&s, paths[0]);
	assert_int_equal(pd->label.mda[1].offset, 15 * MiB);
	assert_int_equal(pd->label.mda[1].size, 1 * MiB);
	assert_int_equal(pd->mdas[1].seqno, 4);
	assert_int_equal(pd->mdas[0].seqno, 4);
	assert_null(pd->damage);
	vg_free(vg);
	vg = vg_read(&s, "moved");
	assert_non_null(vg);
	assert_int_equal(vg_find_pv_by_id(vg, pv_ids[0])->pe_count, 14);
	free(c.old_text);
	vg_free(vg);
	scan_free(&s);
	free(paths[0]);
	free(paths[1]);
}

/* ---- PVs written by lvm2 ---- */

static void sector_at(const char *path, uint64_t off, const unsigned char *head, size_t n)
{
	uint8_t b[512] = {0};
	memcpy(b, head, n);
	pwrite_file(path, off, b, 512);
}

/* Lay lvm2's text out in the area as the header says, wrapping. */
static void text_at(const char *path, const unsigned char *mdah, size_t mdah_len, const char *text)
{
	uint8_t b[512] = {0};
	struct mda_header h;
	struct strbuf err = STRBUF_INIT;
	struct mda_span sp;
	memcpy(b, mdah, mdah_len);
	assert_int_equal(
	    mda_header_parse(b, 4096, mdah[32] | mdah[33] << 8 | mdah[34] << 16, &h, &err), 0);
	assert_int_equal(h.loc[0].size, strlen(text) + 1);
	mda_span(&h, h.loc[0].offset, h.loc[0].size, &sp);
	pwrite_file(path, 4096 + sp.off1, text, sp.len1);
	if (sp.len2)
		pwrite_file(path, 4096 + sp.off2, text + sp.len1, sp.len2);
	strbuf_release(&err);
}

static void test_lvm2_vg(void **state)
{
	char *paths[2] = {image("u1.img", 64 * MiB), image("u2.img", 64 * MiB)};
	char devices[300];
	struct scan s = {0};
	struct vg *vg, *ref;
	char *want;
	char *lvm2_a_disk = unit_lvm2_text("a_disk", NULL);
	(void)state;
	sector_at(paths[0], 512, u1_label, sizeof(u1_label));
	sector_at(paths[0], 4096, u1_mdah, sizeof(u1_mdah));
	text_at(paths[0], u1_mdah, sizeof(u1_mdah), lvm2_a_disk);
	sector_at(paths[1], 512, u2_label, sizeof(u2_label));
	sector_at(paths[1], 4096, u2_mdah, sizeof(u2_mdah));
	text_at(paths[1], u2_mdah, sizeof(u2_mdah), lvm2_a_disk);
	join_paths(devices, sizeof(devices), paths, 2);
	rescan(&s, devices);
	assert_int_equal(s.n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_null(s.pvs[i]->damage);
		assert_string_equal(s.pvs[i]->vg_name, "ut_vgA");
		assert_int_equal(s.pvs[i]->seqno, 6);
		assert_int_equal(s.pvs[i]->text_len, strlen(lvm2_a_disk) + 1);
		assert_string_equal(s.pvs[i]->text, lvm2_a_disk);
	}
	/* the VG lvm2 wrote, with the PVs found where they are now */
	vg = vg_read(&s, "ut_vgA");
	assert_non_null(vg);
	ref = text_import_vg(lvm2_a_disk, strlen(lvm2_a_disk), "ref");
	ref->pvs[0]->dev_path = xstrdup(paths[0]);
	ref->pvs[1]->dev_path = xstrdup(paths[1]);
	want = text_of(ref);
	{
		char *got = text_of(vg);
		assert_string_equal(got, want);
		free(got);
	}
	/* vgtool commits on top: the next text goes where lvm2 would put
	 * it, after lvm2's (9216 + 1736 -> 11264) */
	vg->seqno++;
	assert_non_null(add_lv(vg, "by_vgtool", 1));
	commit(&s, vg);
	free(want);
	want = text_of(vg);
	rescan(&s, devices);
	assert_reads(&s, "ut_vgA", want);
	assert_int_equal(s.pvs[0]->mdas[0].hdr.loc[0].offset, 11264);
	assert_int_equal(s.pvs[1]->mdas[0].hdr.loc[0].offset, 11264);
	free(want);
	vg_free(vg);
	vg_free(ref);
	scan_free(&s);
	free(paths[0]);
	free(paths[1]);
	free(lvm2_a_disk);
}

/* lvm2's text wrapped around the end of a 32 KiB area (32256 + 2284). */
static void test_lvm2_wrapped_text(void **state)
{
	char *path = image("e1.img", 32 * MiB);
	struct scan s = {0};
	struct vg *vg;
	char *want;
	char *lvm2_e_disk = unit_lvm2_text("e_disk", NULL);
	(void)state;
	sector_at(path, 512, e1_label, sizeof(e1_label));
	sector_at(path, 4096, e1_mdah, sizeof(e1_mdah));
	text_at(path, e1_mdah, sizeof(e1_mdah), lvm2_e_disk);
	rescan(&s, path);
	assert_int_equal(s.n, 1);
	assert_null(s.pvs[0]->damage);
	assert_string_equal(s.pvs[0]->text, lvm2_e_disk);
	vg = vg_read(&s, "ut_vgE");
	assert_non_null(vg);
	assert_int_equal(vg->seqno, s.pvs[0]->seqno);
	/* next: after the wrapped part, 512 + 1772 -> 2560 */
	vg->seqno++;
	tag_list_add(&vg->tags, "by_vgtool");
	commit(&s, vg);
	want = text_of(vg);
	rescan(&s, path);
	assert_reads(&s, "ut_vgE", want);
	assert_int_equal(s.pvs[0]->mdas[0].hdr.loc[0].offset, 2560);
	free(want);
	vg_free(vg);
	scan_free(&s);
	free(path);
	free(lvm2_e_disk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_pv_is_lvm2s),
	    cmocka_unit_test(test_new_pv_layouts),
	    cmocka_unit_test(test_new_pv_given_pe_start),
	    cmocka_unit_test(test_new_pv_too_small_and_stale_labels),
	    cmocka_unit_test(test_new_pv_copies_are_lvm2s),
	    cmocka_unit_test(test_two_copies_and_none_in_vg),
	    cmocka_unit_test(test_vg_without_areas_refused),
	    cmocka_unit_test(test_end_area_moves_with_commit),
	    cmocka_unit_test(test_commit_and_read),
	    cmocka_unit_test(test_zero_range),
	    cmocka_unit_test(test_refresh_vg),
	    cmocka_unit_test(test_2000_commits),
	    cmocka_unit_test(test_too_large),
	    cmocka_unit_test(test_full_area_limit_is_lvm2s),
	    cmocka_unit_test(test_damaged_label),
	    cmocka_unit_test(test_damaged_mda_header),
	    cmocka_unit_test(test_damaged_text),
	    cmocka_unit_test(test_same_seqno_other_text),
	    cmocka_unit_test(test_bad_text_with_good_checksum),
	    cmocka_unit_test(test_bad_area_skipped_then_repaired),
	    cmocka_unit_test(test_old_copy_warned_and_updated),
	    cmocka_unit_test(test_area_outside_device),
	    cmocka_unit_test(test_random_damage),
	    cmocka_unit_test(test_crash_during_commit),
	    cmocka_unit_test(test_crash_during_wrapping_commit),
	    cmocka_unit_test(test_crash_during_vgcreate),
	    cmocka_unit_test(test_crash_during_vgreduce),
	    cmocka_unit_test(test_commit_with_missing_pv),
	    cmocka_unit_test(test_commit_flags_missing_pv),
	    cmocka_unit_test(test_two_vgs_one_name),
	    cmocka_unit_test(test_pv_without_mda_in_vg),
	    cmocka_unit_test(test_lvm2_vg),
	    cmocka_unit_test(test_lvm2_wrapped_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
