/* The report engine on a toy table: field-list parsing (prefixes, "all",
 * +/- lists, bad names), sorting (stable, descending, numeric), widths,
 * alignment and the text and JSON writers, byte for byte in lvm2's
 * layout. */
#include "unit.h"

#include "misc/log.h"
#include "report/report.h"

struct report_object {
	const char *name;
	uint64_t size;
	const char *note;
};

static void get_name(const struct report_object *o, struct field_value *v)
{
	strbuf_addstr(&v->text, o->name);
}

static void get_size(const struct report_object *o, struct field_value *v)
{
	strbuf_addf(&v->text, "%llum", (unsigned long long)o->size);
	v->num = o->size;
}

static void get_note(const struct report_object *o, struct field_value *v)
{
	strbuf_addstr(&v->text, o->note);
}

static void get_group(const struct report_object *o, struct field_value *v)
{
	(void)o;
	strbuf_addstr(&v->text, "g");
}

static const struct report_field fields[] = {
    {"lv_name", "LV", FK_STR, RT_LV, 4, get_name},
    {"lv_size", "LSize", FK_SIZE, RT_LV, 0, get_size},
    {"lv_note", "InitialNote", FK_STR, RT_LV, 7, get_note},
    {"vg_name", "VG", FK_STR, RT_VG, 0, get_group},
};

static const struct report_spec spec = {
    fields, 4, "lv", "lv_", RT_LV, RT_LV, "lv_name,lv_size", "lv_name", NULL, 0, NULL,
};

static const struct report_object objs[] = {
    {"beta", 8, "x"},
    {"alpha", 1500, "quote\"d"},
    {"gamma", 8, ""},
};

static void build(struct report *r, const char *const *opts, size_t n, const char *sort)
{
	assert_int_equal(report_init(r, &spec, opts, n, sort), 0);
	for (size_t i = 0; i < 3; i++)
		report_add_row(r, &objs[i]);
	report_sort(r);
}

static char *render(const struct report *r, int json, int headings, const char *sep)
{
	struct report_format f = {.json = json, .headings = headings, .separator = sep};
	struct strbuf out = STRBUF_INIT;

	report_write(r, &f, &out);
	return strbuf_detach(&out, NULL);
}

static void test_find_field(void **state)
{
	(void)state;
	assert_int_equal(report_find_field(&spec, "lv_size", 7), 1);
	assert_int_equal(report_find_field(&spec, "size", 4), 1);
	assert_int_equal(report_find_field(&spec, "SIZE", 4), 1);
	assert_int_equal(report_find_field(&spec, "Lv_Name", 7), 0);
	assert_int_equal(report_find_field(&spec, "vg_name", 7), 3);
	/* The prefix is the command's: "name" is lv_name here. */
	assert_int_equal(report_find_field(&spec, "name", 4), 0);
	assert_int_equal(report_find_field(&spec, "nam", 3), -1);
	assert_int_equal(report_find_field(&spec, "lv_sizes", 8), -1);
	assert_int_equal(report_find_field(&spec, "lv_", 3), -1);
	/* Underscores do not count, as in lvm2 2.03. */
	assert_int_equal(report_find_field(&spec, "lvname", 6), 0);
	assert_int_equal(report_find_field(&spec, "l_v_n_a_m_e", 11), 0);
	assert_int_equal(report_find_field(&spec, "_size", 5), 1);
	assert_int_equal(report_find_field(&spec, "vgname", 6), 3);
	assert_int_equal(report_find_field(&spec, "lvvgname", 8), -1);
	assert_int_equal(report_find_field(&spec, "", 0), -1);
}

static void expect_cols(const char *const *opts, size_t n, const size_t *want, size_t n_want)
{
	struct report r;

	assert_int_equal(report_init(&r, &spec, opts, n, NULL), 0);
	assert_int_equal(r.n_cols, n_want);
	for (size_t i = 0; i < n_want; i++)
		assert_int_equal(r.cols[i], want[i]);
	report_free(&r);
}

static void test_option_lists(void **state)
{
	static const size_t def[] = {0, 1}, plus[] = {0, 1, 3}, repl[] = {2}, minus[] = {1},
	                    all[] = {0, 1, 2}, dup[] = {0, 0}, last[] = {3, 1},
	                    kept[] = {0, 1, 2, 0};
	const char *o1[] = {"+vg_name"}, *o2[] = {"note"}, *o3[] = {"-lv_name"}, *o4[] = {"all"},
	           *o5[] = {"name,,name"}, *o6[] = {"lv_name", "vg_name,", "+size"}, *o7[] = {"-"},
	           *o8[] = {"+"}, *o9[] = {"lv_all", "-note,size"}, *o10[] = {",vg_name"},
	           *o11[] = {"lv_all,name", "-name"}, *o12[] = {"lvall", "+lvname"};
	(void)state;
	expect_cols(NULL, 0, def, 2);
	expect_cols(o1, 1, plus, 3);
	expect_cols(o2, 1, repl, 1);
	expect_cols(o3, 1, minus, 1);
	expect_cols(o4, 1, all, 3);
	expect_cols(o5, 1, dup, 2);
	/* Each -o replaces the list unless it starts with + or -. */
	expect_cols(o6, 3, last, 2);
	expect_cols(o7, 1, def, 2);
	expect_cols(o8, 1, def, 2);
	expect_cols(o9, 2, all, 3);
	expect_cols(o10, 1, last, 1);
	/* '-' takes out fields named singly, not those of a section. */
	expect_cols(o11, 2, all, 3);
	expect_cols(o12, 2, kept, 4);
}

static void test_all(void **state)
{
	struct report r;
	const char *o[] = {"all"};

	(void)state;
	/* "all": the command's section, plus the types of every field and
	 * key asked for (lvm2 has lvs -o all show VG fields because lvs
	 * sorts by vg_name). */
	assert_int_equal(report_init(&r, &spec, o, 1, "lv_name"), 0);
	assert_int_equal(r.n_cols, 3);
	report_free(&r);
	assert_int_equal(report_init(&r, &spec, o, 1, "vg_name"), 0);
	assert_int_equal(r.n_cols, 4);
	assert_int_equal(r.cols[3], 3);
	report_free(&r);
}

/* The refusals below are expected: keep their messages out of the log. */
static void quiet(int on)
{
	static FILE *null;

	if (on && !null)
		null = fopen("/dev/null", "w");
	log_set_streams(stdout, on && null ? null : stderr);
}

static void test_bad_fields(void **state)
{
	struct report r;
	const char *bad1[] = {"nosuch"}, *bad2[] = {""}, *bad3[] = {"name,+size"};

	(void)state;
	quiet(1);
	assert_int_equal(report_init(&r, &spec, bad1, 1, NULL), -1);
	assert_int_equal(report_init(&r, &spec, bad2, 1, NULL), -1);
	/* '+' appends only at the start of an -o value, as in lvm2. */
	assert_int_equal(report_init(&r, &spec, bad3, 1, NULL), -1);
	assert_int_equal(report_init(&r, &spec, NULL, 0, "-nosuch"), -1);
	assert_int_equal(report_init(&r, &spec, NULL, 0, "-"), -1);
	assert_int_equal(report_init(&r, &spec, NULL, 0, "size,"), 0);
	assert_int_equal(r.n_keys, 1);
	report_free(&r);
	/* A key given twice counts once, the first time. */
	assert_int_equal(report_init(&r, &spec, NULL, 0, "-size,name,lv_size"), 0);
	assert_int_equal(r.n_keys, 2);
	assert_int_equal(r.keys[0].descending, 1);
	report_free(&r);
	quiet(0);
}

static void test_types(void **state)
{
	struct report r;
	const char *o[] = {"name"};

	(void)state;
	/* Sort keys count: a hidden key field still shapes the rows. */
	assert_int_equal(report_init(&r, &spec, o, 1, "vg_name"), 0);
	assert_int_equal(r.types, RT_LV | RT_VG);
	assert_int_equal(r.n_need, 2);
	report_free(&r);
}

static void test_sort(void **state)
{
	struct report r;
	char *s;

	(void)state;
	build(&r, NULL, 0, NULL);
	s = render(&r, 0, 1, NULL);
	assert_string_equal(s, "  LV    LSize\n"
	                       "  alpha 1500m\n"
	                       "  beta     8m\n"
	                       "  gamma    8m\n");
	free(s);
	report_free(&r);

	/* Numeric, descending, then stable: beta stays before gamma. */
	build(&r, NULL, 0, "-size");
	s = render(&r, 0, 0, ":");
	assert_string_equal(s, "  alpha:1500m\n  beta:8m\n  gamma:8m\n");
	free(s);
	report_free(&r);

	build(&r, NULL, 0, "+lv_size,-lv_name");
	s = render(&r, 0, 0, ":");
	assert_string_equal(s, "  gamma:8m\n  beta:8m\n  alpha:1500m\n");
	free(s);
	report_free(&r);

	/* No keys: the order rows were added in. */
	build(&r, NULL, 0, "");
	s = render(&r, 0, 0, ",");
	assert_string_equal(s, "  beta,8m\n  alpha,1500m\n  gamma,8m\n");
	free(s);
	report_free(&r);
}

/* -o#FIELDS and report/compact_output: a compactable column is left out
 * only when no row has a value in it; the sort keys still work after. */
static void test_compact(void **state)
{
	static const char *const given[] = {"lv_name,lv_note,lv_size", "#note,lv_size"};
	static const char *const bad[] = {"lv_name,lv_note", "#nosuch"};
	struct report r;
	char *s;

	(void)state;
	assert_int_equal(report_init(&r, &spec, given, 2, "-lv_size"), 0);
	report_add_row(&r, &objs[2]);
	report_add_row(&r, &objs[1]);
	report_sort(&r);
	report_compact(&r);
	s = render(&r, 0, 0, ":");
	/* lv_note has a value in alpha's row: kept */
	assert_string_equal(s, "  alpha:quote\"d:1500m\n  gamma::8m\n");
	free(s);
	report_free(&r);

	assert_int_equal(report_init(&r, &spec, given, 2, "-lv_size"), 0);
	report_add_row(&r, &objs[2]);
	report_sort(&r);
	report_compact(&r);
	s = render(&r, 0, 1, NULL);
	assert_string_equal(s, "  LV    LSize\n  gamma    8m\n");
	free(s);
	report_free(&r);

	/* compact_output: every column, yet only the empty one goes */
	assert_int_equal(report_init(&r, &spec, given, 1, "lv_note"), 0);
	report_compact_all(&r);
	report_add_row(&r, &objs[2]);
	report_compact(&r);
	s = render(&r, 0, 0, ",");
	assert_string_equal(s, "  gamma,8m\n");
	free(s);
	report_free(&r);

	/* the last column left out: libdevmapper's headings line still
	 * ends with a separator (its rows do not) */
	{
		static const char *const last[] = {"lv_name,lv_note", "#lv_note"};
		assert_int_equal(report_init(&r, &spec, last, 2, NULL), 0);
		report_add_row(&r, &objs[2]);
		report_compact(&r);
		s = render(&r, 0, 1, NULL);
		assert_string_equal(s, "  LV    \n  gamma\n");
		free(s);
		report_free(&r);
	}

	/* an unknown name: logged, and the report goes on uncompacted */
	assert_int_equal(report_init(&r, &spec, bad, 2, NULL), 0);
	report_add_row(&r, &objs[2]);
	report_compact(&r);
	s = render(&r, 0, 0, ",");
	assert_string_equal(s, "  gamma,\n");
	free(s);
	report_free(&r);
}

static void test_widths(void **state)
{
	struct report r;
	const char *o[] = {"note,vg_name"};
	char *s;

	(void)state;
	/* A field's own width (7) may cut its heading short; strings are
	 * left-aligned, and trailing blanks are kept. */
	build(&r, o, 1, NULL);
	s = render(&r, 0, 1, NULL);
	assert_string_equal(s, "  Initial VG\n"
	                       "  quote\"d g \n"
	                       "  x       g \n"
	                       "          g \n");
	free(s);
	/* A separator turns alignment off, headings included. */
	s = render(&r, 0, 1, "");
	assert_string_equal(s, "  InitialNoteVG\n  quote\"dg\n  xg\n  g\n");
	free(s);
	report_free(&r);

	/* The longest value widens the column, heading included; numbers
	 * and sizes are right-aligned. */
	build(&r, NULL, 0, NULL);
	r.rows[0].values[0].text = "a-much-longer-name";
	r.rows[0].values[0].len = strlen("a-much-longer-name");
	s = render(&r, 0, 1, NULL);
	assert_string_equal(s, "  LV                 LSize\n"
	                       "  a-much-longer-name 1500m\n"
	                       "  beta                  8m\n"
	                       "  gamma                 8m\n");
	free(s);
	report_free(&r);
}

static void test_json(void **state)
{
	struct report r;
	const char *o[] = {"name,note"};
	char *s;

	(void)state;
	build(&r, o, 1, NULL);
	/* Headings and separators do not apply; only '"' is escaped. */
	s = render(&r, 1, 0, ":");
	assert_string_equal(
	    s, "  {\n"
	       "      \"report\": [\n"
	       "          {\n"
	       "              \"lv\": [\n"
	       "                  {\"lv_name\":\"alpha\", \"lv_note\":\"quote\\\"d\"},\n"
	       "                  {\"lv_name\":\"beta\", \"lv_note\":\"x\"},\n"
	       "                  {\"lv_name\":\"gamma\", \"lv_note\":\"\"}\n"
	       "              ]\n"
	       "          }\n"
	       "      ]\n"
	       "  }\n");
	free(s);
	report_free(&r);
}

static void test_empty(void **state)
{
	struct report r;
	char *s;

	(void)state;
	assert_int_equal(report_init(&r, &spec, NULL, 0, NULL), 0);
	s = render(&r, 0, 1, NULL);
	assert_string_equal(s, "");
	free(s);
	s = render(&r, 1, 1, NULL);
	assert_string_equal(s, "  {\n      \"report\": [\n          {\n              \"lv\": [\n"
	                       "              ]\n          }\n      ]\n  }\n");
	free(s);
	report_free(&r);
}

static void test_json_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	report_json_escape(&sb, "a\"b\\c\"");
	assert_string_equal(sb.buf, "a\\\"b\\c\\\"");
	strbuf_release(&sb);
}

static char *render_f(const struct report *r, const struct report_format *f)
{
	struct strbuf out = STRBUF_INIT;

	report_write(r, f, &out);
	return strbuf_detach(&out, NULL);
}

static void test_nameprefixes(void **state)
{
	struct report r;
	const char *o[] = {"name,size,note"};
	struct report_format f = {.headings = 1, .prefixes = 1};
	char *s;

	(void)state;
	build(&r, o, 1, NULL);
	/* LVM2_<ID>='value', the headings unpadded; alignment is off even
	 * when asked for (lvm2's reporter drops it for name prefixes). */
	f.aligned = 1;
	s = render_f(&r, &f);
	assert_string_equal(s,
	                    "  LV LSize InitialNote\n"
	                    "  LVM2_LV_NAME='alpha' LVM2_LV_SIZE='1500m' LVM2_LV_NOTE='quote\"d'\n"
	                    "  LVM2_LV_NAME='beta' LVM2_LV_SIZE='8m' LVM2_LV_NOTE='x'\n"
	                    "  LVM2_LV_NAME='gamma' LVM2_LV_SIZE='8m' LVM2_LV_NOTE=''\n");
	free(s);
	f.unquoted = 1;
	f.headings = 0;
	f.separator = ":";
	s = render_f(&r, &f);
	assert_string_equal(s, "  LVM2_LV_NAME=alpha:LVM2_LV_SIZE=1500m:LVM2_LV_NOTE=quote\"d\n"
	                       "  LVM2_LV_NAME=beta:LVM2_LV_SIZE=8m:LVM2_LV_NOTE=x\n"
	                       "  LVM2_LV_NAME=gamma:LVM2_LV_SIZE=8m:LVM2_LV_NOTE=\n");
	free(s);
	report_free(&r);
}

static void test_nameprefixes_json(void **state)
{
	struct report r;
	const char *o[] = {"name,size"};
	struct report_format f = {.json = 1, .prefixes = 1};
	char *s;

	(void)state;
	build(&r, o, 1, "");
	/* lvm2 2.03 closes a JSON value with the name=value quote, or with
	 * nothing when unquoted: its output, broken JSON and all. */
	s = render_f(&r, &f);
	assert_non_null(strstr(s, "{\"lv_name\":\"beta', \"lv_size\":\"8m'},\n"));
	free(s);
	f.unquoted = 1;
	s = render_f(&r, &f);
	assert_non_null(strstr(s, "{\"lv_name\":\"beta, \"lv_size\":\"8m},\n"));
	free(s);
	report_free(&r);
}

static void test_rows(void **state)
{
	struct report r;
	const char *o[] = {"name,size,note"};
	struct report_format f = {.headings = 1, .rows = 1};
	char *s;

	(void)state;
	build(&r, o, 1, NULL);
	/* A line per field, heading first; never padded (lvm2 2.03). */
	s = render_f(&r, &f);
	assert_string_equal(s, "  LV alpha beta gamma\n"
	                       "  LSize 1500m 8m 8m\n"
	                       "  InitialNote quote\"d x \n");
	free(s);
	f.headings = 0;
	f.separator = ":";
	f.aligned = 1;
	f.prefixes = 1;
	s = render_f(&r, &f);
	assert_string_equal(s, "  LVM2_LV_NAME='alpha':LVM2_LV_NAME='beta':LVM2_LV_NAME='gamma'\n"
	                       "  LVM2_LV_SIZE='1500m':LVM2_LV_SIZE='8m':LVM2_LV_SIZE='8m'\n"
	                       "  LVM2_LV_NOTE='quote\"d':LVM2_LV_NOTE='x':LVM2_LV_NOTE=''\n");
	free(s);
	report_free(&r);
}

static void test_aligned_separator(void **state)
{
	struct report r;
	const char *o[] = {"name,size"};
	struct report_format f = {.headings = 1, .separator = "|", .aligned = 1};
	char *s;

	(void)state;
	build(&r, o, 1, NULL);
	s = render_f(&r, &f);
	assert_string_equal(s, "  LV   |LSize\n"
	                       "  alpha|1500m\n"
	                       "  beta |   8m\n"
	                       "  gamma|   8m\n");
	free(s);
	report_free(&r);
}

static void test_unbuffered(void **state)
{
	struct report r;
	const char *o[] = {"name,size"};
	struct report_format f = {.headings = 1, .unbuffered = 1};
	char *s;

	(void)state;
	/* Unsorted (the caller does not sort); each row aligned on its own,
	 * the headings with the first row's widths. */
	assert_int_equal(report_init(&r, &spec, o, 1, NULL), 0);
	for (size_t i = 0; i < 3; i++)
		report_add_row(&r, &objs[i]);
	s = render_f(&r, &f);
	assert_string_equal(s, "  LV   LSize\n"
	                       "  beta    8m\n"
	                       "  alpha 1500m\n"
	                       "  gamma    8m\n");
	free(s);
	f.headings = 0;
	f.separator = ":";
	s = render_f(&r, &f);
	assert_string_equal(s, "  beta:8m\n  alpha:1500m\n  gamma:8m\n");
	free(s);
	report_free(&r);
}

/* A yes/no field and a plain one on the same objects. */
static void get_big(const struct report_object *o, struct field_value *v)
{
	v->binary = 1;
	v->num = !strcmp(o->name, "alpha") ? 1 : !strcmp(o->name, "beta") ? 0 : UINT64_MAX;
	strbuf_addstr(&v->text, v->num == 1 ? "big" : v->num ? "unknown" : "");
}

static const struct report_field bin_fields[] = {
    {"lv_name", "LV", FK_STR, RT_LV, 4, get_name},
    {"lv_big", "Big", FK_BIN, RT_LV, 0, get_big},
    {"lv_note", "Note", FK_STR, RT_LV, 0, get_note},
};

static const struct report_field_help bin_help[] = {
    {"lv_name", "The name."},
    {"lv_big", "Whether it is big."},
    {"lv_note", "A note."},
};

static const struct report_section bin_sections[] = {
    {"lv_name", "Toy", "lv_"},
    {"lv_note", "Toy Notes", "lv_"},
};

static const struct report_spec bin_spec = {
    bin_fields, 3, "lv", "lv_", RT_LV, RT_LV, "lv_name,lv_big", "", bin_sections, 2, bin_help,
};

static void test_binary(void **state)
{
	struct report r;
	struct report_format f = {.headings = 1};
	char *s;

	(void)state;
	assert_int_equal(report_init(&r, &bin_spec, NULL, 0, NULL), 0);
	for (size_t i = 0; i < 3; i++)
		report_add_row(&r, &objs[i]);
	s = render_f(&r, &f);
	assert_string_equal(s, "  LV    Big    \n"
	                       "  beta         \n"
	                       "  alpha     big\n"
	                       "  gamma unknown\n");
	free(s);
	report_free(&r);

	/* --binary: 1, 0, -1, right-aligned as numbers; set before the rows
	 * are added, which is where the values are made */
	assert_int_equal(report_init(&r, &bin_spec, NULL, 0, NULL), 0);
	r.binary = 1;
	for (size_t i = 0; i < 3; i++)
		report_add_row(&r, &objs[i]);
	s = render_f(&r, &f);
	assert_string_equal(s, "  LV    Big\n"
	                       "  beta    0\n"
	                       "  alpha   1\n"
	                       "  gamma  -1\n");
	free(s);
	report_free(&r);
}

static void test_help(void **state)
{
	struct report r;
	struct strbuf sb = STRBUF_INIT;
	const char *o1[] = {"help"}, *o2[] = {"lv_name,?"}, *o3[] = {"+HELP"};

	(void)state;
	report_help(&bin_spec, &sb);
	/* lvm2's layout: the ids padded to the longest (here "lv_all"'s
	 * section line and "lv_name" are 7 wide), a " " line after each
	 * section, the engine's own fields last. */
	assert_string_equal(sb.buf, "Toy Fields\n"
	                            "----------\n"
	                            "  lv_all  - All fields in this section.\n"
	                            "  lv_name - The name.\n"
	                            "  lv_big  - Whether it is big.\n"
	                            " \n"
	                            "Toy Notes Fields\n"
	                            "----------------\n"
	                            "  lv_all  - All fields in this section.\n"
	                            "  lv_note - A note.\n"
	                            " \n"
	                            "Special Fields\n"
	                            "--------------\n"
	                            "  help    - Show help.\n"
	                            "  ?       - Show help.\n"
	                            " \n");
	strbuf_release(&sb);

	/* "help" or "?" anywhere in -o or -O: REPORT_HELP, and rows added
	 * afterwards are dropped (the objects are still looked for). */
	quiet(1);
	assert_int_equal(report_init(&r, &bin_spec, o1, 1, NULL), REPORT_HELP);
	report_add_row(&r, &objs[0]);
	assert_int_equal(r.n_rows, 0);
	report_free(&r);
	assert_int_equal(report_init(&r, &bin_spec, o2, 1, NULL), REPORT_HELP);
	report_free(&r);
	assert_int_equal(report_init(&r, &bin_spec, o3, 1, NULL), REPORT_HELP);
	report_free(&r);
	assert_int_equal(report_init(&r, &bin_spec, NULL, 0, "help"), REPORT_HELP);
	report_free(&r);
	/* an unknown field still fails, help or not */
	o2[0] = "help,nosuch";
	assert_int_equal(report_init(&r, &bin_spec, o2, 1, NULL), -1);
	quiet(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_find_field),   cmocka_unit_test(test_option_lists),
	    cmocka_unit_test(test_all),          cmocka_unit_test(test_bad_fields),
	    cmocka_unit_test(test_types),        cmocka_unit_test(test_sort),
	    cmocka_unit_test(test_widths),       cmocka_unit_test(test_json),
	    cmocka_unit_test(test_empty),        cmocka_unit_test(test_json_escape),
	    cmocka_unit_test(test_nameprefixes), cmocka_unit_test(test_nameprefixes_json),
	    cmocka_unit_test(test_rows),         cmocka_unit_test(test_aligned_separator),
	    cmocka_unit_test(test_unbuffered),   cmocka_unit_test(test_binary),
	    cmocka_unit_test(test_help),         cmocka_unit_test(test_compact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
