/* Common includes for the cmocka unit tests (cmocka needs these first). */
#ifndef VGTOOL_UNIT_H
#define VGTOOL_UNIT_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* The contents of the file `path` in a malloc'd buffer with a NUL after
 * them; their length (without that NUL) in *len unless len is NULL.
 * Paths are relative to the top of the tree, where the tests run
 * (tests/run-all --unit build/tests/unit).  Fails the test, naming the
 * file, if it cannot be read. */
static inline char *unit_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		fail_msg("cannot open %s: %s (run the tests from the top of the tree)", path,
		         strerror(errno));
	do {
		if (cap - n < 4096) {
			cap = cap ? 2 * cap : 16384;
			buf = realloc(buf, cap);
			if (!buf)
				fail_msg("%s: out of memory", path);
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got);
	if (ferror(f))
		fail_msg("cannot read %s: %s", path, strerror(errno));
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* A metadata text lvm2 wrote, from tests/unit/data/lvm2 (its README says
 * where each came from): unit_lvm2_text("a_disk", &len) reads a_disk.vg.
 * The files hold no NUL (checked), so len == strlen() and len + 1 is
 * what sizeof gave for the string literals they once were. */
static inline char *unit_lvm2_text(const char *name, size_t *len)
{
	char path[256], *text;
	size_t n;

	snprintf(path, sizeof(path), "tests/unit/data/lvm2/%s.vg", name);
	text = unit_slurp(path, &n);
	if (strlen(text) != n)
		fail_msg("%s holds a NUL byte", path);
	if (len)
		*len = n;
	return text;
}

#ifdef VGTOOL_UNIT_MODEL
/* For tests that build VGs by hand (define VGTOOL_UNIT_MODEL first). */
#include "metadata/metadata.h"

/* Valid lvm2 ids, 32 characters without dashes. */
static const char *const ids[] = {
    "Xd832wb3sIrntWoOXZ1TYf75Eo0YejdN", "aG9Ogyk8ZHE31yHB1wuntVAVlPwW8IJC",
    "8vUbaulaBYGeExCtfYJcLlV71SZxCIMK", "q61VH0dBZ6nnotBydfOpPGeImhkC4xA3",
    "xMg724htZ9gn6g9cqcryCDyCxf4fJtW2", "iChILI0bzSIwoY1gws3KclMhIpeSj1J4",
    "zoScWGqZx5HUaccID1ck14BMdTeRWmaf", "KmAybJBUbJyJTOpXEzOaFqMOrimzeFef",
};

/* A linear LV of `len` extents at extent `pe` of `pv`. */
static inline struct lv *linear(struct vg *vg, const char *name, const char *id, struct pv *pv,
                                uint32_t pe, uint32_t len)
{
	struct lv *lv = vg_add_lv(vg, name, id);
	struct segment *seg = lv_add_segment(lv, SEG_STRIPED, 0, len, 1);
	seg->areas[0].pv = pv;
	seg->areas[0].pe = pe;
	return lv;
}

/* A classic snapshot of `origin` whose COW is `cow` (hidden, as lvm2
 * keeps it): the snapshotN LV "snapshot0" (id `id`) with its segment. */
static inline struct segment *snapshot(struct vg *vg, struct lv *origin, struct lv *cow,
                                       const char *id, uint32_t chunk)
{
	struct lv *snap = vg_add_lv(vg, "snapshot0", id);
	struct segment *seg = lv_add_segment(snap, SEG_SNAPSHOT, 0, lv_extents(origin), 0);
	vg_link_snapshot(seg, origin, cow);
	seg->chunk_size = chunk;
	cow->status &= ~LV_VISIBLE;
	return seg;
}
#endif

#endif
