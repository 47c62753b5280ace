/* lvm2's selection (-S) on a toy table: the parser (precedence, units,
 * percents, string lists, regular expressions, times, reserved words)
 * and its refusals, each one line; the evaluator on rows of each kind
 * of field. */
#include "unit.h"

#include <time.h>

#include "misc/log.h"
#include "report/report.h"
#include "report/select.h"

struct report_object {
	const char *name;
	uint64_t sectors;
	uint64_t count; /* UINT64_MAX: lvm2's -1 */
	uint64_t pct;   /* fixed point, UINT64_MAX: none */
	const char *tags;
	int64_t time;
	int active;
	const char *perm;
};

static void get_name(const struct report_object *o, struct field_value *v)
{
	strbuf_addstr(&v->text, o->name);
}
static void get_size(const struct report_object *o, struct field_value *v)
{
	strbuf_addf(&v->text, "%llus", (unsigned long long)o->sectors);
	v->num = o->sectors;
}
static void get_count(const struct report_object *o, struct field_value *v)
{
	strbuf_addf(&v->text, "%lld", (long long)o->count);
	v->num = o->count;
}
static void get_pct(const struct report_object *o, struct field_value *v)
{
	v->num = o->pct;
}
static void get_tags(const struct report_object *o, struct field_value *v)
{
	strbuf_addstr(&v->text, o->tags);
}
static void get_time(const struct report_object *o, struct field_value *v)
{
	v->num = (uint64_t)o->time;
}
static void get_active(const struct report_object *o, struct field_value *v)
{
	strbuf_addstr(&v->text, o->active ? "active locally" : "");
	v->num = (uint64_t)o->active;
	v->binary = 1;
}
static void get_perm(const struct report_object *o, struct field_value *v)
{
	strbuf_addstr(&v->text, o->perm);
}
static void get_vg(const struct report_object *o, struct field_value *v)
{
	(void)o;
	strbuf_addstr(&v->text, "vg");
}

static const struct report_field fields[] = {
    {"lv_name", "LV", FK_STR, RT_LV, 0, get_name},
    {"lv_size", "LSize", FK_SIZE, RT_LV, 0, get_size},
    {"seg_count", "#Seg", FK_NUM, RT_LV, 0, get_count},
    {"data_percent", "Data%", FK_PCT, RT_LV, 0, get_pct},
    {"lv_tags", "LV Tags", FK_STRLIST, RT_LV, 0, get_tags},
    {"lv_time", "CTime", FK_TIME, RT_LV, 0, get_time},
    {"lv_active_locally", "ActLocal", FK_BIN, RT_LV, 0, get_active},
    {"lv_permissions", "LPerms", FK_STR, RT_LV, 0, get_perm},
    {"vg_name", "VG", FK_STR, RT_VG, 0, get_vg},
    {"selected", "Selected", FK_NUM, 0, 0, NULL},
};

static const struct report_spec spec = {
    fields,    sizeof(fields) / sizeof(fields[0]),
    "lv",      "lv_",
    RT_LV,     RT_LV,
    "lv_name", "lv_name",
    NULL,      0,
    NULL,
};

#define MIB 2048ULL /* sectors */
static const struct report_object rows[] = {
    {"small", 4 * MIB, 1, UINT64_MAX, "a,b", 1600000000, 0, "writeable"},
    {"mid", 12 * MIB, 1, UINT64_MAX, "a", 1600000000, 0, "read-only"},
    {"big", 40 * MIB, 2, UINT64_MAX, "c", 1700000000, 1, "writeable"},
    {"snap1", 8 * MIB, UINT64_MAX, 75000000, "", 1700000100, 1, "writeable"},
    {"snap2", 16 * MIB, UINT64_MAX, 37500000, "", 1700000200, 1, "writeable"},
};
#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

/* Refusals go to a buffer of their own (see refused()); the rest of
 * stderr is dropped. */
static int setup(void **state)
{
	(void)state;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_set_streams(NULL, NULL);
	return 0;
}

/* The names of the rows `text` selects, space-separated. */
static char *pick(const char *text)
{
	struct selection *s;
	struct strbuf out = STRBUF_INIT;

	if (selection_parse(&spec, text, &s))
		fail_msg("selection refused: %s", text);
	for (size_t i = 0; i < N_ROWS; i++)
		if (selection_match(s, &rows[i])) {
			if (out.len)
				strbuf_addch(&out, ' ');
			strbuf_addstr(&out, rows[i].name);
		}
	selection_free(s);
	return strbuf_detach(&out, NULL);
}

#define PICK(text, want)                                                                           \
	do {                                                                                       \
		char *got_ = pick(text);                                                           \
		if (strcmp(got_, want))                                                            \
			fail_msg("%s: got \"%s\", want \"%s\"", text, got_, want);                 \
		free(got_);                                                                        \
	} while (0)

/* A refusal: -1, one line on stderr that holds `words`. */
static void refused(const char *text, const char *words)
{
	struct selection *s = (struct selection *)1;
	char *buf = NULL;
	size_t len = 0;
	FILE *errs = open_memstream(&buf, &len);
	const char *nl;
	int r;

	log_set_streams(NULL, errs);
	r = selection_parse(&spec, text, &s);
	log_set_streams(NULL, NULL);
	fclose(errs);
	assert_int_equal(r, -1);
	assert_null(s);
	if (!buf || !strstr(buf, words))
		fail_msg("%s: want \"%s\" in \"%s\"", text, words, buf ? buf : "");
	nl = strchr(buf, '\n');
	if (!nl || nl[1])
		fail_msg("%s: not one line: \"%s\"", text, buf);
	free(buf);
}

static void test_empty_and_all(void **state)
{
	struct selection *s = (struct selection *)1;

	(void)state;
	assert_int_equal(selection_parse(&spec, "", &s), 0);
	assert_null(s);
	assert_int_equal(selection_parse(&spec, "ALL", &s), 0);
	assert_null(s);
	assert_int_equal(selection_match(NULL, &rows[0]), 1);
	refused("   ", "field name");
}

static void test_sizes(void **state)
{
	(void)state;
	PICK("size > 10m", "mid big snap2");
	PICK("size > 10", "mid big snap2"); /* MiB when no unit */
	PICK("lv_size >= 12M", "mid big snap2");
	PICK("lv_size = 12582912b", "mid");
	PICK("lv_size < 0.01g", "small snap1");
	PICK("size = 8192s", "small");
	PICK("size <= 4195K", "small"); /* K: 1000 bytes */
	PICK("size <= 4096K", "");
	PICK("size < 4096k", "");
	PICK("size > 1h", "small mid big snap1 snap2");
	refused("size > abc", "numeric value");
	refused("size > -1", "numeric value");
	refused("size > 5%", "percent value but size");
}

static void test_numbers_and_reserved(void **state)
{
	(void)state;
	PICK("seg_count = 1", "small mid");
	PICK("seg_count = 1.7", "small mid");
	PICK("seg_count > 1", "big");
	PICK("seg_count = -1", "snap1 snap2");
	PICK("seg_count = unknown", "snap1 snap2");
	PICK("seg_count != undefined", "small mid big");
	/* an undefined value orders against nothing */
	PICK("seg_count > -1", "");
	PICK("seg_count < 5", "small mid big");
	refused("seg_count = 1k", "size unit");
	refused("seg_count = 1%", "percent value but numeric");
	refused("seg_count = 18446744073709551615", "reserved");
	refused("seg_count = 99999999999999999999", "out of supported range");
}

static void test_binary_and_named(void **state)
{
	(void)state;
	PICK("lv_active_locally = 1", "big snap1 snap2");
	PICK("active_locally = \"active locally\"", "big snap1 snap2");
	PICK("active_locally = active", "big snap1 snap2");
	PICK("active_locally = yes", "big snap1 snap2");
	PICK("active_locally = no", "small mid");
	PICK("lv_permissions = rw", "small big snap1 snap2");
	PICK("permissions = ro", "mid");
	PICK("permissions = read-write", "small big snap1 snap2");
}

static void test_percents(void **state)
{
	(void)state;
	PICK("data_percent > 5", "snap1 snap2");
	PICK("data_percent > 50%", "snap1");
	/* a blank percent matches nothing, not even != */
	PICK("data_percent != 50", "snap1 snap2");
	PICK("data_percent = 37.5", "snap2");
	refused("data_percent = 101", "out of supported range");
	refused("data_percent > 5m", "size unit");
}

static void test_strings_and_regex(void **state)
{
	(void)state;
	PICK("name = small", "small");
	PICK("name = 'small'", "small");
	PICK("name = \"snap1\"", "snap1");
	PICK("name =", "");
	PICK("name != big", "small mid snap1 snap2");
	PICK("name =~ ^s", "small snap1 snap2");
	PICK("name !~ ^s", "mid big");
	PICK("name =~ \"^s.*1$\"", "snap1");
	/* ( { [ quote a regular expression, as in lvm2 */
	PICK("name =~ (s|b)", "small big snap1 snap2");
	PICK("name =~ [0-9]", "");
	PICK("name =~ {2}", "snap2");
	PICK("name=~sn.p", "snap1 snap2");
	refused("name = \"small", "end quote");
	refused("name > 1", "only with number");
	refused("name since 1", "only with time");
	refused("size =~ 4", "Incompatible");
	refused("tags =~ a", "Incompatible");
	refused("name =~ \"(\"", "regular expression");
}

static void test_logic(void **state)
{
	(void)state;
	PICK("name=small,name=mid", "");
	PICK("name=small||name=mid", "small mid");
	PICK("name=small#name=mid", "small mid");
	PICK("name=small&&size=4", "small");
	PICK("!(name=small)", "mid big snap1 snap2");
	PICK("! (name=small || name=mid)", "big snap1 snap2");
	/* and binds tighter than or */
	PICK("name=small || name=mid && size > 100", "small");
	PICK("(name=small || name=mid) && size > 5", "mid");
	PICK("name=big || name=mid && size > 5 || name=snap1", "mid big snap1");
	/* lvm2 sets negation on a group, it does not toggle it */
	PICK("!(!(name=small))", "mid big snap1 snap2");
	PICK("((name=small))", "small");
	refused("name = small)", "expecting logical operator");
	refused("(name = small", "right parenthesis");
	refused("!name = small", "left parenthesis");
	refused("name == small", "expecting logical operator");
	refused("nosuch = 1", "Unrecognised selection field: nosuch");
	refused("name", "Unrecognised comparison operator");
	refused("name ~ x", "Unrecognised comparison operator");
	refused("name=a &&", "field name");
}

static void test_string_lists(void **state)
{
	(void)state;
	PICK("tags = a", "small mid");
	PICK("lv_tags = a", "small mid");
	PICK("tags = [a]", "mid");
	PICK("tags = [a,b]", "small");
	PICK("tags = [b && a]", "small");
	PICK("tags = {a}", "small mid");
	PICK("tags = {a,b}", "small");
	PICK("tags = {a || c}", "small mid big");
	PICK("tags = [a || c]", "small mid big");
	PICK("tags = \"\"", "snap1 snap2");
	PICK("tags != \"\"", "small mid big");
	PICK("tags != a", "big snap1 snap2");
	PICK("tags != [a]", "small big snap1 snap2");
	PICK("tags = [\"a\", 'b']", "small");
	refused("tags = [a", "operator in selection list");
	refused("tags = [a,b||c]", "Only one type");
	refused("tags = [a}", "expecting ']'");
	refused("tags > a", "only with number");
}

static void test_times(void **state)
{
	(void)state;
	PICK("lv_time since \"2020-01-01\"", "small mid big snap1 snap2");
	PICK("lv_time until \"2020-01-01\"", "");
	PICK("lv_time > @1600000000", "big snap1 snap2");
	PICK("lv_time >= @1600000000", "small mid big snap1 snap2");
	PICK("lv_time = @1700000100", "snap1");
	PICK("lv_time before @1700000100", "small mid big");
	PICK("lv_time after \"2023-11-14 22:13:20 +00:00\"", "snap1 snap2");
	PICK("lv_time = \"2023-11-14 22:13:20 +0000\"", "big");
	/* a minute stands for its sixty seconds */
	PICK("lv_time = \"2023-11-14 22:13 +00\"", "big");
	PICK("lv_time until \"2023-11-14 22:13 +00\"", "small mid big");
	PICK("lv_time = 2020", "small mid");
	PICK("time = \"2020-09\"", "small mid");
	refused("lv_time > 0", "time value");
	refused("lv_time since \"2020-13-01\"", "month");
	refused("lv_time since \"2020-02-30\"", "day");
	refused("lv_time since \"2020 10:00\"", "Full date");
	refused("lv_time since \"today\"", "time value");
	refused("lv_time > 5m", "time value");
}

static void test_types_and_selected(void **state)
{
	struct selection *s;

	(void)state;
	assert_int_equal(selection_parse(&spec, "name=x || vg_name=vg", &s), 0);
	assert_int_equal(selection_types(s), RT_LV | RT_VG);
	selection_free(s);
	/* while a row is tested, lvm2 takes it as selected */
	PICK("selected = 1", "small mid big snap1 snap2");
}

/* A field named several times is computed once per row. */
static int calls;
static void get_counted(const struct report_object *o, struct field_value *v)
{
	calls++;
	strbuf_addstr(&v->text, o->name);
}

static void test_once_per_row(void **state)
{
	static const struct report_field f[] = {{"lv_name", "LV", FK_STR, RT_LV, 0, get_counted}};
	static const struct report_spec sp = {f,         1,         "lv", "lv_", RT_LV, RT_LV,
	                                      "lv_name", "lv_name", NULL, 0,     NULL};
	struct selection *s;

	(void)state;
	assert_int_equal(selection_parse(&sp, "name=a || name=b || name=~c || name!=d", &s), 0);
	calls = 0;
	for (size_t i = 0; i < N_ROWS; i++)
		selection_match(s, &rows[i]);
	assert_int_equal(calls, N_ROWS);
	selection_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_and_all),
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_numbers_and_reserved),
	    cmocka_unit_test(test_binary_and_named),
	    cmocka_unit_test(test_percents),
	    cmocka_unit_test(test_strings_and_regex),
	    cmocka_unit_test(test_logic),
	    cmocka_unit_test(test_string_lists),
	    cmocka_unit_test(test_times),
	    cmocka_unit_test(test_types_and_selected),
	    cmocka_unit_test(test_once_per_row),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
