/* lvm2's report fields over the model, checked against lvm2 itself: the
 * VG in tests/unit/data/report/rpt_vg.vg and the files next to it are
 * what lvm2 2.03.16 wrote and printed for it (tests/kernel/scenarios/
 * 020-reports-vs-lvm2.sh saves them); each test renders the same report
 * from the model and compares byte for byte.  The kernel's part of a row
 * comes from a table provider filled from `dmsetup status` and `info` as
 * they were when lvm2 printed the active-*.txt files.
 *
 * Run from the top of the tree (make check-unit does). */
#include "unit.h"

#include <ctype.h>
#include <time.h>

#include "metadata/format/text.h"
#include "misc/log.h"
#include "misc/xalloc.h"
#include "report/display.h"

#define DATA "tests/unit/data/report/"

/* rpt_vg as lvm2 left it: lv1 with snapshots snap (4k chunks) and snap2
 * (64k), a 2-stripe str, big over both PVs with snap3 (overfilled, so
 * invalid while active), fixed (minor 77, tags, read-ahead 512) and ro
 * (read-only, contiguous). */
static struct vg *load_vg(void)
{
	char *text = unit_slurp(DATA "rpt_vg.vg", NULL);
	struct vg *vg = text_import_vg(text, strlen(text), "rpt_vg.vg");

	assert_non_null(vg);
	for (size_t i = 0; i < vg->n_pvs; i++)
		vg->pvs[i]->dev_path = xstrdup(vg->pvs[i]->device_hint);
	free(text);
	return vg;
}

/* The kernel as dmsetup showed it: name, major, minor, read-only, open
 * count, and a snapshot's "used/total metadata". */
struct kdev {
	const char *dm_name;
	int major, minor, read_only;
	unsigned open;
	uint64_t used, total, metadata;
	int invalid;
};

static const struct kdev active[] = {
    {"rpt_vg-big", 254, 2, 0, 0, 0, 0, 0, 0},
    {"rpt_vg-fixed", 254, 77, 0, 0, 0, 0, 0, 0},
    {"rpt_vg-lv1", 254, 0, 0, 0, 0, 0, 0, 0},
    {"rpt_vg-ro", 254, 8, 1, 0, 0, 0, 0, 0},
    {"rpt_vg-snap", 254, 5, 0, 0, 2584, 24576, 24, 0},
    {"rpt_vg-snap2", 254, 7, 0, 0, 2816, 24576, 256, 0},
    {"rpt_vg-snap3", 254, 11, 0, 0, 0, 0, 0, 1}, /* "Invalid" */
    {"rpt_vg-str", 254, 1, 0, 0, 0, 0, 0, 0},
};

static int table_state(void *arg, const struct vg *vg, const struct lv *lv, struct lv_kstate *out)
{
	char name[256];

	(void)arg;
	snprintf(name, sizeof(name), "%s-%s", vg->name, lv->name);
	for (size_t i = 0; i < sizeof(active) / sizeof(active[0]); i++) {
		if (strcmp(active[i].dm_name, name))
			continue;
		out->exists = out->live_table = 1;
		out->major = active[i].major;
		out->minor = active[i].minor;
		out->read_only = active[i].read_only;
		out->open_count = active[i].open;
		/* lvm2's default: 256 sectors, 512 for "fixed" (-r 512),
		 * striped devices get more */
		out->read_ahead =
		    !strcmp(lv->name, "fixed") || !strcmp(lv->name, "str") ? 512 : 256;
		if (active[i].total || active[i].invalid) {
			out->has_snap_status = 1;
			out->snap_invalid = active[i].invalid;
			out->snap_used = active[i].used;
			out->snap_total = active[i].total;
			out->snap_metadata = active[i].metadata;
		}
		return 0;
	}
	return 0;
}

static struct report_ctx ctx(const char *units, lv_state_fn state)
{
	struct report_ctx c = {0};

	if (units)
		assert_int_equal(parse_units_arg(units, &c.units), 0);
	else
		units_default(&c.units);
	c.dev_dir = "/dev/";
	c.lv_state = state;
	return c;
}

/* What `lvs -a [opts] [-O sort] rpt_vg` prints. */
static char *lvs(const struct vg *vg, const struct report_ctx *c, const char *opts,
                 const char *sort, int json)
{
	struct report r;
	struct report_format f = {.json = json, .headings = 1};
	struct strbuf out = STRBUF_INIT;
	unsigned type;

	assert_int_equal(report_init(&r, &lvs_spec, opts ? &opts : NULL, opts ? 1 : 0, sort), 0);
	assert_int_equal(report_row_type(r.types, RT_LV, &type), 0);
	for (size_t i = 0; i < vg->n_lvs; i++)
		if (report_lv_listed(vg, vg->lvs[i], 1))
			report_add_lv(&r, c, type, vg, vg->lvs[i]);
	report_sort(&r);
	report_write(&r, &f, &out);
	report_free(&r);
	return strbuf_detach(&out, NULL);
}

static void expect_file(const char *name, char *got)
{
	char *want = unit_slurp(name, NULL);

	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void expect_text(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

static void test_lvs(void **state)
{
	struct vg *vg = load_vg();
	struct report_ctx c = ctx(NULL, NULL);

	(void)state;
	expect_file(DATA "lvs-a.txt", lvs(vg, &c, NULL, NULL, 0));
	expect_file(DATA "lvs-o-plus.txt",
	            lvs(vg, &c,
	                "+lv_uuid,seg_pe_ranges,devices,lv_tags,origin_size,chunk_size,lv_path,"
	                "lv_dm_path,seg_count,segtype,seg_start,seg_size,stripes,stripe_size,"
	                "lv_read_ahead,lv_major,lv_minor,lv_time,lv_host,lv_role,lv_layout",
	                NULL, 0));
	expect_file(DATA "lvs-lv-all.txt", lvs(vg, &c, "lv_all", NULL, 1));
	vg_free(vg);
}

static void test_lvs_units(void **state)
{
	struct vg *vg = load_vg();
	struct report_ctx c = ctx("s", NULL);

	(void)state;
	c.nosuffix = 1;
	expect_file(DATA "lvs-units-s.txt",
	            lvs(vg, &c,
	                "lv_name,lv_size,origin,origin_size,seg_start_pe,seg_size_pe,devices",
	                "-lv_size", 0));
	vg_free(vg);
}

static void test_lvs_active(void **state)
{
	struct vg *vg = load_vg();
	struct report_ctx c = ctx(NULL, table_state);

	(void)state;
	expect_file(
	    DATA "active-lvs.txt",
	    lvs(vg, &c,
	        "lv_name,lv_attr,data_percent,snap_percent,lv_kernel_major,lv_kernel_minor,"
	        "lv_kernel_read_ahead,lv_device_open,lv_active,lv_permissions,lv_live_table,"
	        "lv_merge_failed,lv_snapshot_invalid",
	        NULL, 0));
	vg_free(vg);
}

static char *pvs(const struct vg *vg, const char *opts)
{
	struct report_ctx c = ctx(NULL, NULL);
	struct report r;
	struct report_format f = {.headings = 1};
	struct strbuf out = STRBUF_INIT;
	unsigned type;

	assert_int_equal(report_init(&r, &pvs_spec, &opts, 1, NULL), 0);
	assert_int_equal(report_row_type(r.types, RT_LABEL, &type), 0);
	for (size_t i = 0; i < vg->n_pvs; i++)
		report_add_pv(&r, &c, type, vg, vg->pvs[i], NULL);
	report_sort(&r);
	report_write(&r, &f, &out);
	report_free(&r);
	return strbuf_detach(&out, NULL);
}

static void test_vgs_pvs(void **state)
{
	struct vg *vg = load_vg();
	struct report_ctx c = ctx(NULL, NULL);
	const char *opts = "vg_name,pv_count,lv_count,snap_count,vg_attr,vg_size,vg_free,"
	                   "vg_extent_size,vg_extent_count,vg_free_count,vg_seqno,vg_uuid";
	struct report r;
	struct report_format f = {.headings = 1};
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_int_equal(report_init(&r, &vgs_spec, &opts, 1, NULL), 0);
	report_add_vg(&r, &c, vg);
	report_write(&r, &f, &out);
	report_free(&r);
	expect_file(DATA "vgs.txt", strbuf_detach(&out, NULL));

	expect_file(DATA "pvs.txt", pvs(vg, "pv_name,vg_name,pv_attr,pv_size,pv_free,pv_used,"
	                                    "pv_pe_count,pv_pe_alloc_count,pe_start,pv_uuid"));
	expect_file(DATA "pvs-segs.txt",
	            pvs(vg, "pv_name,pvseg_start,pvseg_size,lv_name,seg_start_pe,segtype"));
	vg_free(vg);
}

static void test_display(void **state)
{
	struct vg *vg = load_vg();
	struct report_ctx c = ctx(NULL, NULL), on = ctx(NULL, table_state);
	struct strbuf out = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < vg->n_lvs; i++)
		if (report_lv_listed(vg, vg->lvs[i], 0))
			display_lv(&out, &c, vg, vg->lvs[i], 1);
	expect_file(DATA "lvdisplay-m.txt", strbuf_detach(&out, NULL));

	for (size_t i = 0; i < vg->n_pvs; i++)
		display_pv(&out, &c, vg, vg->pvs[i], NULL, 1);
	expect_file(DATA "pvdisplay-m.txt", strbuf_detach(&out, NULL));

	for (size_t i = 0; i < vg->n_lvs; i++)
		if (report_lv_listed(vg, vg->lvs[i], 0))
			display_lv(&out, &on, vg, vg->lvs[i], 0);
	expect_file(DATA "active-lvdisplay.txt", strbuf_detach(&out, NULL));
	vg_free(vg);
}

static struct vg *tiny_vg(void)
{
	struct vg *vg = vg_new("vg0", 8192);
	struct pv *pv = vg_add_pv(vg, "Xd832wb3sIrntWoOXZ1TYf75Eo0YejdN", 131072, 2048, 15);
	struct lv *lv = vg_add_lv(vg, "lv1", "8vUbaulaBYGeExCtfYJcLlV71SZxCIMK");
	struct segment *seg = lv_add_segment(lv, SEG_STRIPED, 0, 2, 1);

	pv->dev_path = xstrdup("/dev/sda");
	seg->areas[0].pv = pv;
	seg->areas[0].pe = 0;
	return vg;
}

static int all_active(void *arg, const struct vg *vg, const struct lv *lv, struct lv_kstate *out)
{
	(void)arg;
	(void)vg;
	(void)lv;
	out->exists = out->live_table = 1;
	out->major = 254;
	return 0;
}

/* An LV on a lost PV: lvm2's lvdisplay says "(partial)" after its status,
 * active (partial activation) or not. */
static void test_display_partial(void **state)
{
	struct vg *vg = tiny_vg();
	struct report_ctx off = ctx(NULL, NULL), on = ctx(NULL, all_active);
	struct strbuf out = STRBUF_INIT;

	(void)state;
	display_lv(&out, &off, vg, vg->lvs[0], 0);
	assert_null(strstr(out.buf, "(partial)"));
	free(vg->pvs[0]->dev_path);
	vg->pvs[0]->dev_path = NULL;
	strbuf_reset(&out);
	display_lv(&out, &off, vg, vg->lvs[0], 0);
	assert_non_null(strstr(out.buf, "\n  LV Status              NOT available (partial)\n"));
	strbuf_reset(&out);
	display_lv(&out, &on, vg, vg->lvs[0], 0);
	assert_non_null(strstr(out.buf, "\n  LV Status              available (partial)\n"));
	strbuf_release(&out);
	vg_free(vg);
}

static void test_attrs(void **state)
{
	struct vg *vg = load_vg();
	struct lv_kstate ks = {.exists = 1, .live_table = 1, .major = 254};
	char a[11], v[7], p[4];
	struct lv *lv1 = vg_find_lv(vg, "lv1"), *snap = vg_find_lv(vg, "snap");
	struct lv *fixed = vg_find_lv(vg, "fixed"), *ro = vg_find_lv(vg, "ro");

	(void)state;
	lv_attr_string(vg, lv1, NULL, 1, a);
	assert_string_equal(a, "owi---s---");
	lv_attr_string(vg, snap, NULL, 1, a);
	assert_string_equal(a, "swi---s---");
	lv_attr_string(vg, fixed, NULL, 1, a);
	assert_string_equal(a, "-wim------");
	lv_attr_string(vg, ro, NULL, 1, a);
	assert_string_equal(a, "-rc-------");
	lv_attr_string(vg, lv1, &ks, 1, a);
	assert_string_equal(a, "owi-a-s---");
	lv_attr_string(vg, lv1, NULL, 0, a);
	assert_string_equal(a, "owi-XXs---");

	/* open, suspended, read-only activation, an invalid snapshot, a
	 * snapshot whose merge failed */
	ks.open_count = 1;
	lv_attr_string(vg, snap, &ks, 1, a);
	assert_string_equal(a, "swi-aos---");
	ks.open_count = 0;
	ks.has_snap_status = 1;
	ks.snap_invalid = 1;
	lv_attr_string(vg, snap, &ks, 1, a);
	assert_string_equal(a, "swi-I-s---");
	ks.suspended = 1;
	lv_attr_string(vg, snap, &ks, 1, a);
	assert_string_equal(a, "swi-S-s---");
	ks.snap_invalid = 0;
	ks.snap_merge_failed = 1;
	lv_attr_string(vg, snap, &ks, 1, a);
	assert_string_equal(a, "swi-M-s---");
	ks.suspended = 0;
	lv_attr_string(vg, snap, &ks, 1, a);
	assert_string_equal(a, "swi-m-s---");
	memset(&ks, 0, sizeof(ks));
	ks.exists = 1;
	ks.read_only = 1;
	lv_attr_string(vg, fixed, &ks, 1, a);
	assert_string_equal(a, "-Rimd-----");
	lv_attr_string(vg, ro, &ks, 1, a);
	assert_string_equal(a, "-rc-d-----");
	ks.inactive_table = 1;
	lv_attr_string(vg, ro, &ks, 1, a);
	assert_string_equal(a, "-rc-i-----");

	/* A missing PV makes the LVs on it and the VG partial. */
	vg_attr_string(vg, v);
	assert_string_equal(v, "wz--n-");
	pv_attr_string(vg, vg->pvs[0], p);
	assert_string_equal(p, "a--");
	free(vg->pvs[0]->dev_path);
	vg->pvs[0]->dev_path = NULL;
	lv_attr_string(vg, lv1, NULL, 1, a);
	assert_string_equal(a, "owi---s-p-");
	vg_attr_string(vg, v);
	assert_string_equal(v, "wz-pn-");
	pv_attr_string(vg, vg->pvs[0], p);
	assert_string_equal(p, "a-m");
	vg->pvs[0]->status &= ~(unsigned)PV_ALLOCATABLE;
	pv_attr_string(vg, vg->pvs[0], p);
	assert_string_equal(p, "u-m");
	pv_attr_string(vg, NULL, p);
	assert_string_equal(p, "---");

	vg->status = VG_READ | VG_EXPORTED;
	vg_attr_string(vg, v);
	assert_string_equal(v, "r-xpn-");
	fixed->status |= LV_ACTIVATION_SKIP;
	fixed->allocation_policy = xstrdup("cling_by_tags");
	lv_attr_string(vg, fixed, NULL, 1, a);
	assert_string_equal(a, "-wlm----pk"); /* fixed is on the missing PV */
	vg_free(vg);
}

/* The activation flags (lvchange -k, --setautoactivation; vgchange
 * --setautoactivation) in lv_attr, lv_skip_activation,
 * lv_autoactivation and vg_autoactivation, as lvm2 prints them (a
 * snapshot's row shows its COW LV's flags); the columns keep lvm2's
 * widths (SkipAct is 15 wide, AutoAct as wide as its heading or
 * "enabled"). */
static void test_activation_flags(void **state)
{
	struct vg *vg = load_vg();
	struct report_ctx c = ctx(NULL, NULL);
	const char *opts = "vg_name,vg_autoactivation";
	struct report r;
	struct report_format f = {.headings = 1};
	struct strbuf out = STRBUF_INIT;

	(void)state;
	vg_find_lv(vg, "fixed")->status |= LV_ACTIVATION_SKIP;
	vg_find_lv(vg, "snap")->status |= LV_NOAUTOACTIVATE | LV_ACTIVATION_SKIP;
	vg_find_lv(vg, "lv1")->status |= LV_NOAUTOACTIVATE;
	expect_text(lvs(vg, &c,
	                "lv_name,lv_attr,lv_skip_activation,lv_autoactivation,lv_permissions",
	                "lv_name", 0),
	            "  LV    Attr       SkipAct         AutoAct LPerms   \n"
	            "  big   owi---s---                 enabled unknown  \n"
	            "  fixed -wim-----k skip activation enabled unknown  \n"
	            "  lv1   owi---s---                         unknown  \n"
	            "  ro    -rc-------                 enabled read-only\n"
	            "  snap  swi---s--k skip activation         unknown  \n"
	            "  snap2 swi---s---                 enabled unknown  \n"
	            "  snap3 swi---s---                 enabled unknown  \n"
	            "  str   -wi-------                 enabled unknown  \n");
	vg->status |= VG_NOAUTOACTIVATE;
	assert_int_equal(report_init(&r, &vgs_spec, &opts, 1, NULL), 0);
	report_add_vg(&r, &c, vg);
	report_write(&r, &f, &out);
	report_free(&r);
	assert_string_equal(out.buf, "  VG     AutoAct\n  rpt_vg        \n");
	strbuf_release(&out);
	vg_free(vg);
}

static void test_percent(void **state)
{
	struct lv_kstate ks = {.exists = 1, .has_snap_status = 1, .snap_total = 24576};
	struct strbuf sb = STRBUF_INIT;
	static const struct {
		uint64_t used, metadata;
		const char *want;
	} cases[] = {
	    {2584, 24, "10.51"},  {2816, 256, "11.46"}, /* lvm2's numbers above */
	    {24, 24, "0.00"},                           /* only the exception table */
	    {0, 0, "0.00"},       {1, 0, "0.01"},       /* never 0.00 */
	    {24575, 0, "99.99"},                        /* never 100.00 unless full */
	    {24576, 0, "100.00"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ks.snap_used = cases[i].used;
		ks.snap_metadata = cases[i].metadata;
		strbuf_reset(&sb);
		format_percent(&sb, snapshot_percent(&ks));
		assert_string_equal(sb.buf, cases[i].want);
	}
	ks.snap_invalid = 1;
	assert_int_equal(snapshot_percent(&ks), 100000000);
	ks.snap_merge_failed = 1;
	assert_int_equal(snapshot_percent(&ks), -1);
	ks.exists = 0;
	assert_int_equal(snapshot_percent(&ks), -1);
	strbuf_release(&sb);
}

static void test_mda_free(void **state)
{
	struct mda_state m = {.area = {4096, 1044480}, .header_ok = 1};

	(void)state;
	/* pvs -o pv_mda_free on lvm2: 509.00k empty, 507.50k with ~1.5k of
	 * metadata */
	assert_int_equal(mda_free_sectors(&m), 1018);
	m.hdr.loc[0].size = 1562;
	assert_int_equal(mda_free_sectors(&m), 1015);
	m.hdr.loc[0].size = 600000;
	assert_int_equal(mda_free_sectors(&m), 0);
}

static void test_pv_segments(void **state)
{
	struct vg *vg = load_vg();
	struct pvseg *s;
	size_t n = pv_segments(vg, vg->pvs[0], &s);

	(void)state;
	/* ubda: lv1, str's first stripe, big, snap, snap2, fixed, ro, snap3,
	 * free */
	assert_int_equal(n, 9);
	assert_string_equal(s[7].lv->name, "snap3");
	assert_string_equal(s[0].lv->name, "lv1");
	assert_int_equal(s[0].pe, 0);
	assert_string_equal(s[1].lv->name, "str");
	assert_int_equal(s[1].len, 2);
	assert_null(s[n - 1].lv);
	assert_int_equal(s[n - 1].pe + s[n - 1].len, vg->pvs[0]->pe_count);
	for (size_t i = 1; i < n; i++)
		assert_int_equal(s[i].pe, s[i - 1].pe + s[i - 1].len);
	free(s);
	vg_free(vg);

	vg = tiny_vg();
	n = pv_segments(vg, vg->pvs[0], &s);
	assert_int_equal(n, 2);
	assert_int_equal(s[1].pe, 2);
	assert_int_equal(s[1].len, 13);
	free(s);
	assert_int_equal(pv_segments(vg, NULL, &s), 0);
	vg_free(vg);
}

/* The refusals below are expected: keep their messages out of the log. */
static void quiet(int on)
{
	static FILE *null;

	if (on && !null)
		null = fopen("/dev/null", "w");
	log_set_streams(stdout, on && null ? null : stderr);
}

static void test_row_type(void **state)
{
	unsigned t;

	(void)state;
	quiet(1);
	assert_int_equal(report_row_type(RT_LV | RT_VG, RT_LV, &t), 0);
	assert_int_equal(t, RT_LV);
	assert_int_equal(report_row_type(RT_SEG, RT_LV, &t), 0);
	assert_int_equal(t, RT_SEG);
	assert_int_equal(report_row_type(RT_PV, RT_LV, &t), -1);
	assert_int_equal(report_row_type(RT_VG, RT_VG, &t), 0);
	assert_int_equal(t, RT_VG);
	assert_int_equal(report_row_type(RT_LV, RT_VG, &t), 0);
	assert_int_equal(t, RT_LV);
	assert_int_equal(report_row_type(RT_LABEL, RT_VG, &t), 0);
	assert_int_equal(t, RT_PV);
	assert_int_equal(report_row_type(RT_LV | RT_LABEL, RT_VG, &t), -1);
	assert_int_equal(report_row_type(RT_LABEL, RT_LABEL, &t), 0);
	assert_int_equal(t, RT_LABEL);
	assert_int_equal(report_row_type(RT_VG, RT_LABEL, &t), 0);
	assert_int_equal(t, RT_PV);
	assert_int_equal(report_row_type(RT_LV, RT_LABEL, &t), 0);
	assert_int_equal(t, RT_PVSEG);
	assert_int_equal(report_row_type(RT_SEG, RT_LABEL, &t), 0);
	assert_int_equal(t, RT_PVSEG);
	assert_int_equal(report_row_type(RT_PVSEG, RT_VG, &t), 0);
	assert_int_equal(t, RT_PVSEG);
	/* the segment reports: lvs --segments refuses PV fields as lvm2's
	 * "seg" report does; pvs --segments takes LV fields */
	assert_int_equal(report_row_type(RT_LV, RT_SEG, &t), 0);
	assert_int_equal(t, RT_SEG);
	assert_int_equal(report_row_type(RT_PV, RT_SEG, &t), -1);
	assert_int_equal(report_row_type(RT_LV | RT_VG, RT_PVSEG, &t), 0);
	assert_int_equal(t, RT_PVSEG);
	quiet(0);
}

static void test_orphan_and_free(void **state)
{
	struct vg orphans = {.name = "", .allocation_policy = "unknown"};
	struct report_ctx c = ctx(NULL, NULL);
	struct pv_disk pd = {0};
	struct report r;
	struct report_format f = {.json = 1, .headings = 1};
	struct strbuf out = STRBUF_INIT;
	const char *opts = "pv_name,pv_size,pv_free,pv_attr,vg_name,vg_attr,vg_extent_size,"
	                   "pvseg_size,lv_name,lv_attr,segtype,seg_size";

	(void)state;
	/* A 1 GiB orphan PV shows its device size, as free; its one PV
	 * segment is lvm2's empty "free" one. */
	pd.dev.path = "/dev/sdc";
	pd.label.dev_size = 1ULL << 30;
	assert_int_equal(report_init(&r, &pvs_spec, &opts, 1, NULL), 0);
	report_add_pv(&r, &c, RT_PVSEG, &orphans, NULL, &pd);
	report_write(&r, &f, &out);
	report_free(&r);
	assert_non_null(strstr(out.buf, "{\"pv_name\":\"/dev/sdc\", \"pv_size\":\"1.00g\", "
	                                "\"pv_free\":\"1.00g\", \"pv_attr\":\"---\", "
	                                "\"vg_name\":\"\", \"vg_attr\":\"r-----\", "
	                                "\"vg_extent_size\":\"0 \", \"pvseg_size\":\"0\", "
	                                "\"lv_name\":\"\", \"lv_attr\":\"\", \"segtype\":\"free\", "
	                                "\"seg_size\":\"0 \"}"));
	strbuf_release(&out);
}

static int setup(void **state)
{
	(void)state;
	/* The reference outputs were made in UTC. */
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

/* report_find_field finds an exact id by comparing bytes; that is only
 * right if no field before it also answers to that id (lvm2's looser
 * matching: case and underscores ignored, the prefix optional).  The id
 * in capitals takes the loose path and must still find its own field. */
static void test_ids_name_their_own_field(void **state)
{
	const struct report_spec *specs[] = {&lvs_spec, &vgs_spec, &pvs_spec};

	(void)state;
	for (size_t s = 0; s < sizeof(specs) / sizeof(specs[0]); s++)
		for (size_t i = 0; i < specs[s]->n_fields; i++) {
			const char *id = specs[s]->fields[i].id;
			char upper[64];
			size_t n = strlen(id);

			assert_true(n < sizeof(upper));
			for (size_t k = 0; k <= n; k++)
				upper[k] = (char)toupper((unsigned char)id[k]);
			assert_int_equal(report_find_field(specs[s], id, n), (long)i);
			if (report_find_field(specs[s], upper, n) != (long)i)
				fail_msg("%s: field %zu (%s) is found as field %ld", specs[s]->name,
				         i, id, report_find_field(specs[s], upper, n));
		}
}

/* -o help's words go with the table: one line per field, same order, and
 * every section starts at a field of the table. */
static void test_help_table(void **state)
{
	const struct report_spec *specs[] = {&lvs_spec, &vgs_spec, &pvs_spec, &lvsegs_spec,
	                                     &pvsegs_spec};

	(void)state;
	assert_int_equal(n_field_help, lvs_spec.n_fields);
	for (size_t f = 0; f < lvs_spec.n_fields; f++) {
		assert_string_equal(field_help[f].id, lvs_spec.fields[f].id);
		assert_true(*field_help[f].text);
	}
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		assert_ptr_equal(specs[i]->help, field_help);
		for (size_t k = 0; k < specs[i]->n_sections; k++)
			assert_true(report_find_field(specs[i], specs[i]->sections[k].first,
			                              strlen(specs[i]->sections[k].first)) >= 0);
	}
}

/* lvs --segments: a row per segment even for LV fields alone, names
 * completed with "seg_" ("-o name" is unknown, "-o size" is seg_size). */
static void test_lvs_segments(void **state)
{
	struct vg *vg = load_vg();
	struct report_ctx c = ctx(NULL, NULL);
	struct report r;
	const char *name = "name", *size = "size", *lv_size = "lv_name,lv_size";
	size_t n_segs = 0;
	unsigned type;

	(void)state;
	for (size_t i = 0; i < vg->n_lvs; i++)
		if (report_lv_listed(vg, vg->lvs[i], 0))
			n_segs += vg->lvs[i]->n_segs;
	quiet(1);
	assert_int_equal(report_init(&r, &lvsegs_spec, &name, 1, NULL), -1);
	quiet(0);
	assert_int_equal(report_init(&r, &lvsegs_spec, &size, 1, NULL), 0);
	assert_string_equal(lvsegs_spec.fields[r.cols[0]].id, "seg_size");
	report_free(&r);

	assert_int_equal(report_init(&r, &lvsegs_spec, &lv_size, 1, NULL), 0);
	assert_int_equal(report_row_type(r.types, lvsegs_spec.base, &type), 0);
	assert_int_equal(type, RT_SEG);
	for (size_t i = 0; i < vg->n_lvs; i++)
		if (report_lv_listed(vg, vg->lvs[i], 0))
			report_add_lv(&r, &c, type, vg, vg->lvs[i]);
	assert_int_equal(r.n_rows, n_segs);
	report_free(&r);

	/* the default columns and keys are lvm2's for its "seg" report */
	assert_int_equal(report_init(&r, &lvsegs_spec, NULL, 0, NULL), 0);
	assert_int_equal(r.n_cols, 6);
	assert_string_equal(lvsegs_spec.fields[r.cols[3]].id, "stripes");
	assert_int_equal(r.n_keys, 3);
	assert_string_equal(lvsegs_spec.fields[r.keys[2].field].id, "seg_start");
	report_free(&r);
	vg_free(vg);
}

/* fullreport's subreports take the defaults of lvm2's report/vgs_cols_full,
 * vgs_sort_full and their kin: pvseg and seg rows by uuid, uuids shown. */
static void test_fullreport_specs(void **state)
{
	static const struct {
		const struct report_spec *spec;
		const char *name, *first, *last, *key0, *key1;
	} want[] = {
	    {&vgs_full_spec, "vg", "vg_fmt", "vg_mda_copies", "vg_name", NULL},
	    {&pvs_full_spec, "pv", "pv_fmt", "pv_device_id_type", "pv_name", NULL},
	    {&lvs_full_spec, "lv", "lv_uuid", NULL, "vg_name", "lv_name"},
	    {&pvsegs_full_spec, "pvseg", "pvseg_start", "lv_uuid", "pv_uuid", "pvseg_start"},
	    {&segs_full_spec, "seg", "segtype", "lv_uuid", "lv_uuid", "seg_start"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct report_spec *sp = want[i].spec;
		struct report r;

		assert_string_equal(sp->name, want[i].name);
		assert_int_equal(report_init(&r, sp, NULL, 0, NULL), 0);
		assert_string_equal(sp->fields[r.cols[0]].id, want[i].first);
		if (want[i].last)
			assert_string_equal(sp->fields[r.cols[r.n_cols - 1]].id, want[i].last);
		assert_string_equal(sp->fields[r.keys[0].field].id, want[i].key0);
		if (want[i].key1) {
			assert_int_equal(r.n_keys, 2);
			assert_string_equal(sp->fields[r.keys[1].field].id, want[i].key1);
		}
		report_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ids_name_their_own_field),
	    cmocka_unit_test(test_lvs),
	    cmocka_unit_test(test_lvs_units),
	    cmocka_unit_test(test_lvs_active),
	    cmocka_unit_test(test_vgs_pvs),
	    cmocka_unit_test(test_display),
	    cmocka_unit_test(test_display_partial),
	    cmocka_unit_test(test_attrs),
	    cmocka_unit_test(test_activation_flags),
	    cmocka_unit_test(test_percent),
	    cmocka_unit_test(test_mda_free),
	    cmocka_unit_test(test_pv_segments),
	    cmocka_unit_test(test_row_type),
	    cmocka_unit_test(test_orphan_and_free),
	    cmocka_unit_test(test_help_table),
	    cmocka_unit_test(test_lvs_segments),
	    cmocka_unit_test(test_fullreport_specs),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
