/* lib/metadata/format/layout.c against lvm2: the layouts lvm2 2.03.16's
 * pvcreate chose (or its refusals) for a grid of device sizes and
 * options, recorded in the sandbox by tests/fixtures/lvm2/pv-layouts.sh
 * into tests/fixtures/lvm2/pv-layouts.txt; and pvresize's move of the
 * area at the end, with numbers lvm2 wrote in scenario 072. */
#include "unit.h"

#include "metadata/format/layout.h"
#include "misc/strbuf.h"

#define FIXTURE "tests/fixtures/lvm2/pv-layouts.txt"

/* An option's size as lvm2 reads it: a number (decimals allowed) and a
 * unit s, k or m; bytes. */
static uint64_t size_of(const char *v)
{
	char *end;
	double n = strtod(v, &end);
	switch (*end) {
	case 's':
		return (uint64_t)(n * 512);
	case 'k':
		return (uint64_t)(n * 1024);
	case 'm':
		return (uint64_t)(n * 1024 * 1024);
	}
	fail_msg("unit of %s", v);
	return 0;
}

/* "--opt value ..." into the layout's arguments. */
static void options(char *opts, struct pv_layout_args *a)
{
	char *save = NULL;
	for (char *o = strtok_r(opts, " ", &save); o; o = strtok_r(NULL, " ", &save)) {
		char *v = strtok_r(NULL, " ", &save);
		assert_non_null(v);
		if (!strcmp(o, "--metadatacopies"))
			a->mda_copies = (unsigned)atoi(v);
		else if (!strcmp(o, "--metadatasize"))
			a->mda_size = size_of(v);
		else if (!strcmp(o, "--dataalignment"))
			a->align = size_of(v);
		else if (!strcmp(o, "--dataalignmentoffset"))
			a->align_offset = size_of(v);
		else
			fail_msg("option %s", o);
	}
}

/* Each line: SECTORS | OPTIONS | STATUS | layout or lvm2's message. */
static void test_lvm2_grid(void **state)
{
	char *text = unit_slurp(FIXTURE, NULL), *save = NULL;
	unsigned cases = 0, refusals = 0;
	(void)state;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[4], *p = line;
		struct pv_layout_args a = {0, 1, 0, 0, 0, 0, "/dev/mapper/pvl", 0, 0};
		struct pv_layout lay;
		struct strbuf err = STRBUF_INIT, got = STRBUF_INIT;
		int r;

		for (int i = 0; i < 4; i++) {
			char *bar = i < 3 ? strstr(p, " | ") : NULL;
			f[i] = p;
			if (bar) {
				*bar = '\0';
				p = bar + 3;
			} else if (i < 3) {
				fail_msg("%s: bad line %s", FIXTURE, line);
			}
		}
		a.dev_size = strtoull(f[0], NULL, 10) * 512;
		/* (an empty option field is " |", split off above as "") */
		options(f[1], &a);
		r = pv_layout_compute(&a, &lay, &err);
		if (strcmp(f[2], "0")) {
			refusals++;
			if (!r)
				fail_msg("%s %s: lvm2 refused (%s), vgtool did not", f[0], f[1],
				         f[3]);
			assert_string_equal(err.buf, f[3]);
		} else {
			if (r)
				fail_msg("%s %s: vgtool refused: %s", f[0], f[1], err.buf);
			strbuf_addf(&got, "pe_start=%llu", (unsigned long long)lay.pe_start);
			for (unsigned i = 0; i < lay.n_mda; i++)
				strbuf_addf(&got, " mda=%llu+%llu",
				            (unsigned long long)lay.mda[i].offset,
				            (unsigned long long)lay.mda[i].size);
			if (strcmp(got.buf, f[3]))
				fail_msg("%s %s: lvm2 %s, vgtool %s", f[0], f[1], f[3], got.buf);
		}
		cases++;
		strbuf_release(&err);
		strbuf_release(&got);
	}
	/* the whole grid was read: 7 sizes, 14 option sets */
	assert_int_equal(cases, 98);
	assert_true(refusals >= 20);
	free(text);
}

/* A data start kept from a backup (pvcreate --restorefile): the default
 * area where it fits before it, else all the room there is (lvm2's
 * _text_pv_add_metadata_area with the start locked). */
static void test_locked_pe_start(void **state)
{
	static const struct {
		uint64_t pe_start, area;
	} cases[] = {
	    {2 << 20, 1044480},
	    {1536 << 10, 1044480},
	    {192 << 10, (192 << 10) - 4096},
	    {36864, 32768},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct pv_layout_args a = {64 << 20, 1, 0, 0, 0, cases[i].pe_start, "d", 0, 0};
		struct pv_layout lay;
		struct strbuf err = STRBUF_INIT;
		assert_int_equal(pv_layout_compute(&a, &lay, &err), 0);
		assert_int_equal(lay.pe_start, cases[i].pe_start);
		assert_int_equal(lay.n_mda, 1);
		assert_int_equal(lay.mda[0].offset, 4096);
		assert_int_equal(lay.mda[0].size, cases[i].area);
		strbuf_release(&err);
	}
	{
		/* 32 KiB less a sector: under lvm2's floor */
		struct pv_layout_args a = {64 << 20, 1, 0, 0, 0, 36864 - 512, "d", 0, 0};
		struct pv_layout lay;
		struct strbuf err = STRBUF_INIT;
		assert_int_equal(pv_layout_compute(&a, &lay, &err), -1);
		assert_string_equal(err.buf,
		                    "Metadata area size too small: 32256 bytes. It must be "
		                    "at least 32768 bytes.");
		strbuf_release(&err);
	}
}

/* pvresize moves the area at the end to the new end, its size kept and
 * not aligned; when the new end leaves less room after the data start,
 * it takes what there is (down to lvm2's floor). */
static void test_end_mda_moved(void **state)
{
	struct disk_area area;
	struct strbuf err = STRBUF_INIT;
	(void)state;
	/* 64 MiB + 7 sectors grown to 128 MiB: the 1052160-byte area */
	assert_int_equal(pv_layout_end_mda(128 << 20, 1052160, 1 << 20, "d", &area, &err), 0);
	assert_int_equal(area.offset, (128 << 20) - 1052160);
	assert_int_equal(area.size, 1052160);
	/* shrunk to where only 40 KiB are left after the data start */
	assert_int_equal(pv_layout_end_mda((1 << 20) + 40960, 1052160, 1 << 20, "d", &area, &err),
	                 0);
	assert_int_equal(area.offset, 1 << 20);
	assert_int_equal(area.size, 40960);
	/* less than the floor, and no room at all */
	assert_int_equal(pv_layout_end_mda((1 << 20) + 4096, 1052160, 1 << 20, "d", &area, &err),
	                 -1);
	assert_string_equal(err.buf, "Metadata area size too small: 4096 bytes. It must be at "
	                             "least 32768 bytes.");
	strbuf_reset(&err);
	assert_int_equal(pv_layout_end_mda(1 << 20, 1052160, 1 << 20, "d", &area, &err), -1);
	assert_string_equal(err.buf,
	                    "Not enough space available for metadata area with index 1 on PV d.");
	strbuf_release(&err);
}

/* --bootloaderareasize: the numbers lvm2's own tests hold lvm2 to
 * (test/shell/pvcreate-bootloaderarea.sh and pe-align.sh). */
static void check_ba(uint64_t dev, uint64_t mda, uint64_t align, uint64_t ba, uint64_t want_mda,
                     uint64_t want_ba_start, uint64_t want_ba_size, uint64_t want_pe)
{
	struct pv_layout_args a = {dev, 1, mda, align, 0, 0, "/dev/x", ba, 0};
	struct pv_layout lay;
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(pv_layout_compute(&a, &lay, &err), 0);
	assert_int_equal(lay.n_mda, 1);
	assert_int_equal(lay.mda[0].offset, 4096);
	assert_int_equal(lay.mda[0].size, want_mda);
	assert_int_equal(lay.ba_start, want_ba_start);
	assert_int_equal(lay.ba_size, want_ba_size);
	assert_int_equal(lay.pe_start, want_pe);
	strbuf_release(&err);
}

static void test_bootloader_area(void **state)
{
	const uint64_t K = 1024, M = 1024 * 1024, dev = 64 * M;
	struct pv_layout_args a = {dev, 1, 255 * 512, M, 0, 0, "/dev/x", dev - M + 1, 0};
	struct pv_layout lay;
	struct strbuf err = STRBUF_INIT;
	(void)state;

	check_ba(dev, 255 * 512, 256 * K, 600 * K, 252 * K, 256 * K, 768 * K, M);
	/* the whole data area for it: the PV keeps no extent */
	check_ba(dev, 255 * 512, M, dev - M, 1020 * K, M, dev - M, dev);
	check_ba(dev, 0, M, 256 * K, 1020 * K, M, M, 2 * M);
	check_ba(dev, 0, 128 * K, 256 * K, 1020 * K, 1024 * K, 256 * K, 1280 * K);
	check_ba(dev, 256 * K, 128 * K, 256 * K, 380 * K, 384 * K, 256 * K, 640 * K);
	/* one byte more */
	assert_int_equal(pv_layout_compute(&a, &lay, &err), -1);
	assert_string_equal(err.buf,
	                    "/dev/x: Bootloader area with data-aligned start must not exceed device size.");
	strbuf_release(&err);
	/* from a backup: where it was, before the kept data start */
	a = (struct pv_layout_args){dev, 1, 255 * 512, 256 * K, 0, M, "/dev/x", 768 * K, 256 * K};
	assert_int_equal(pv_layout_compute(&a, &lay, &err), 0);
	assert_int_equal(lay.ba_start, 256 * K);
	assert_int_equal(lay.ba_size, 768 * K);
	assert_int_equal(lay.pe_start, M);
	assert_true(lay.mda[0].offset + lay.mda[0].size <= 256 * K);
	/* ... and refused where it would overlap the data */
	a.ba_start = 512 * K;
	assert_int_equal(pv_layout_compute(&a, &lay, &err), -1);
	assert_non_null(strstr(err.buf, "Bootloader area would overlap data area."));
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lvm2_grid),
	    cmocka_unit_test(test_locked_pe_start),
	    cmocka_unit_test(test_end_mda_moved),
	    cmocka_unit_test(test_bootloader_area),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
