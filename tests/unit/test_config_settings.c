/* The settings table (lib/config/settings.h) and lvmconfig's output over
 * it (lib/config/lvmconfig.h): lookups through the layers, the table's
 * facts against what lvm2 2.03.16 prints for the same keys
 * (tests/unit/data/lvmconfig, its README says how each was made), and
 * the documents that must follow the table: conf/vgtool.conf is its
 * output, doc/vgtool.conf.5 describes every setting and no other. */
#include "unit.h"

#include "config/config.h"
#include "config/lvmconfig.h"
#include "config/settings.h"
#include "misc/log.h"
#include "report/columns.h"

static struct cfg_node *parse(const char *text)
{
	struct strbuf err = STRBUF_INIT;
	struct cfg_node *root = cfg_parse(text, strlen(text), &cfg_limits_config, &err);

	if (!root)
		fail_msg("does not parse: %s: %s", text, err.buf);
	strbuf_release(&err);
	return root;
}

/* The keys vgtool has, in lvm2's order, as the fixtures were made. */
static char **fixture_keys(size_t *n)
{
	char *text = unit_slurp("tests/unit/data/lvmconfig/keys.txt", NULL);
	char **keys = calloc(SET_COUNT + 1, sizeof(*keys));
	char *line = text, *nl;

	*n = 0;
	while ((nl = strchr(line, '\n')) && *n < SET_COUNT + 1) {
		*nl = '\0';
		keys[(*n)++] = strdup(line);
		line = nl + 1;
	}
	free(text);
	return keys;
}

static void free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/* lvmconfig_write's text for `o` over the fixture keys (or `paths`). */
static char *write_text(const struct lvmconfig_opts *o, const struct cfg_node *tree,
                        const struct setting_layers *l, char **paths, size_t n, size_t *missing)
{
	static FILE *devnull;
	struct strbuf out = STRBUF_INIT;
	size_t m;

	/* the "not found" lines are the writer's business, not the test's */
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	log_set_streams(NULL, devnull);
	m = lvmconfig_write(o, tree, l, paths, n, &out);
	if (missing)
		*missing = m;
	return strbuf_detach(&out, NULL);
}

static void expect_fixture(const char *name, const char *got)
{
	char path[256], *want;

	snprintf(path, sizeof(path), "tests/unit/data/lvmconfig/%s", name);
	want = unit_slurp(path, NULL);
	if (strcmp(want, got))
		fail_msg("%s differs:\n--- lvm2:\n%s--- vgtool:\n%s", name, want, got);
	free(want);
}

/* The table is lvm2's order, one entry per key, each complete. */
static void test_table(void **state)
{
	size_t n;
	char **keys = fixture_keys(&n);

	(void)state;
	assert_int_equal(n, SET_COUNT);
	for (size_t i = 0; i < SET_COUNT; i++) {
		const struct setting *s = &settings[i];
		char section[32];

		assert_string_equal(s->path, keys[i]);
		assert_ptr_equal(setting_find(s->path), s);
		snprintf(section, sizeof(section), "%.*s", (int)setting_section_len(s), s->path);
		assert_non_null(setting_section_find(section));
		assert_true(setting_version(s->since) > 0);
		assert_true(setting_version(s->since) <= setting_version(SETTING_LVM2_VERSION));
		assert_true(s->summary && *s->summary && s->summary[strlen(s->summary) - 1] == '.');
		assert_null(strchr(s->summary, '\n'));
		if (s->type == SETTING_STRING || s->type == SETTING_STRINGS)
			assert_non_null(s->def_str);
		if (s->lvm_conf == SETTING_LVM_CONF_GROUP)
			assert_true(i == SET_DEVICES_FILTER || i == SET_DEVICES_GLOBAL_FILTER);
	}
	assert_ptr_equal(setting_find("/backup/archive"), &settings[SET_BACKUP_ARCHIVE]);
	assert_null(setting_find("backup/retain_min"));
	assert_null(setting_find("backup"));
	assert_non_null(setting_section_find("/activation"));
	assert_null(setting_section_find("log"));
	free_keys(keys, n);
}

/* The report engine's own defaults (fullreport, the unit tests) and the
 * report/ settings the commands start from are the same lists. */
static void test_report_defaults(void **state)
{
	(void)state;
	assert_string_equal(settings[SET_REPORT_LVS_COLS].def_str, lvs_spec.columns);
	assert_string_equal(settings[SET_REPORT_LVS_SORT].def_str, lvs_spec.sort_keys);
	assert_string_equal(settings[SET_REPORT_VGS_COLS].def_str, vgs_spec.columns);
	assert_string_equal(settings[SET_REPORT_VGS_SORT].def_str, vgs_spec.sort_keys);
	assert_string_equal(settings[SET_REPORT_PVS_COLS].def_str, pvs_spec.columns);
	assert_string_equal(settings[SET_REPORT_PVS_SORT].def_str, pvs_spec.sort_keys);
	assert_string_equal(settings[SET_REPORT_SEGS_COLS].def_str, lvsegs_spec.columns);
	assert_string_equal(settings[SET_REPORT_SEGS_SORT].def_str, lvsegs_spec.sort_keys);
	assert_string_equal(settings[SET_REPORT_PVSEGS_COLS].def_str, pvsegs_spec.columns);
	assert_string_equal(settings[SET_REPORT_PVSEGS_SORT].def_str, pvsegs_spec.sort_keys);
}

static void test_versions(void **state)
{
	(void)state;
	assert_true(setting_version("2.3.16") > setting_version("2.2.182"));
	assert_true(setting_version("2.2.182") > setting_version("1.0.18"));
	assert_true(setting_version("0.0.0") > 0);
	assert_int_equal(setting_version("2.3"), 0);
	assert_int_equal(setting_version("2.3.16x"), 0);
	assert_int_equal(setting_version("x"), 0);
	assert_int_equal(setting_version(""), 0);
	assert_int_equal(setting_version("2.3.1000"), 0);
	assert_int_equal(setting_version("2..3"), 0);
}

/* vgtool.conf and --config first; lvm.conf only for the settings that
 * follow it; a value of the wrong type passed over. */
static void test_layers(void **state)
{
	struct cfg_node *vg = parse("backup { archive = 0 }\n"
	                            "activation { snapshot_autoextend_threshold = \"70\"\n"
	                            " activation_mode = \"partial\" udev_sync = \"no\" }\n");
	struct cfg_node *lvm = parse("backup { backup = 0 }\n"
	                             "activation { snapshot_autoextend_threshold = 80\n"
	                             " activation_mode = \"complete\" }\n"
	                             "global { locking_dir = \"/x\" wait_for_locks = \"on\" }\n");
	struct setting_layers l = {vg, lvm}, none = {NULL, NULL};
	enum setting_source from;

	(void)state;
	assert_int_equal(setting_bool(&l, SET_BACKUP_ARCHIVE), 0);
	/* backup/backup is vgtool's own: lvm.conf's 0 does not count */
	assert_int_equal(setting_bool(&l, SET_BACKUP_BACKUP), 1);
	assert_null(setting_node(&l, SET_BACKUP_BACKUP, &from));
	assert_int_equal(from, SETTING_FROM_DEFAULT);
	/* a string where an integer belongs is passed over: the default,
	 * not lvm.conf's (the threshold is vgtool's own) */
	assert_int_equal(setting_int(&l, SET_ACTIVATION_SNAPSHOT_AUTOEXTEND_THRESHOLD), 100);
	assert_string_equal(setting_str(&l, SET_ACTIVATION_ACTIVATION_MODE), "partial");
	assert_int_equal(setting_bool(&l, SET_ACTIVATION_UDEV_SYNC), 0);
	assert_string_equal(setting_str(&l, SET_GLOBAL_LOCKING_DIR), "/x");
	assert_non_null(setting_node(&l, SET_GLOBAL_LOCKING_DIR, &from));
	assert_int_equal(from, SETTING_FROM_LVM_CONF);
	assert_int_equal(setting_bool(&l, SET_GLOBAL_WAIT_FOR_LOCKS), 1);
	assert_int_equal(setting_int(&none, SET_ACTIVATION_POLLING_INTERVAL), 15);
	assert_string_equal(setting_str(&none, SET_DEVICES_DEVICESFILE), "system.devices");
	cfg_free(vg);
	cfg_free(lvm);
}

/* The filters come as a pair: lvm.conf's only when vgtool sets neither. */
static void test_filter_pair(void **state)
{
	struct cfg_node *vg = parse("devices { global_filter = [ \"r|/dev/a|\" ] }\n");
	struct cfg_node *empty = parse("devices { scan_lvs = 1 }\n");
	struct cfg_node *lvm = parse("devices { filter = [ \"r|/dev/b|\" ] }\n");
	struct setting_layers both = {vg, lvm}, lvm_only = {empty, lvm};
	enum setting_source from;

	(void)state;
	assert_ptr_equal(setting_list_layer(&both, SET_DEVICES_FILTER, &from), vg);
	assert_int_equal(from, SETTING_FROM_VGTOOL);
	assert_null(setting_node(&both, SET_DEVICES_FILTER, NULL));
	assert_non_null(setting_node(&both, SET_DEVICES_GLOBAL_FILTER, NULL));
	assert_ptr_equal(setting_list_layer(&lvm_only, SET_DEVICES_GLOBAL_FILTER, &from), lvm);
	assert_int_equal(from, SETTING_FROM_LVM_CONF);
	assert_non_null(setting_node(&lvm_only, SET_DEVICES_FILTER, &from));
	assert_int_equal(from, SETTING_FROM_LVM_CONF);
	/* scan_lvs is vgtool's own: lvm.conf is never its layer */
	assert_ptr_equal(setting_list_layer(&lvm_only, SET_DEVICES_SCAN_LVS, NULL), empty);
	cfg_free(vg);
	cfg_free(empty);
	cfg_free(lvm);
}

static void test_types(void **state)
{
	struct cfg_node *t = parse("a = 1 b = \"Yes\" c = \"maybe\" d = 1.5 e = [ \"x\", \"y\" ]\n"
	                           "f = [ \"x\", 2 ] g = \"x\" h = [] i = 0\n");
	const struct setting *b = &settings[SET_BACKUP_ARCHIVE], *i = &settings[SET_BACKUP_BACKUP];
	const struct setting *n = &settings[SET_ACTIVATION_POLLING_INTERVAL];
	const struct setting *l = &settings[SET_DEVICES_FILTER];
	const struct setting *s = &settings[SET_ACTIVATION_ACTIVATION_MODE];
#define V(k) (&cfg_find(t, k)->v)

	(void)state;
	assert_true(setting_value_fits(b, V("a")));
	assert_true(setting_value_fits(b, V("b")));
	assert_false(setting_value_fits(b, V("c")));
	assert_false(setting_value_fits(b, V("d")));
	assert_false(setting_value_fits(n, V("b")));
	assert_true(setting_value_fits(l, V("e")));
	assert_false(setting_value_fits(l, V("f")));
	assert_true(setting_value_fits(l, V("g")));
	assert_true(setting_value_fits(l, V("h")));
	assert_false(setting_value_fits(s, V("a")));
	/* as lvm2's diff: the same text, not the same truth */
	assert_true(setting_value_is_default(i, V("a")));
	assert_false(setting_value_is_default(i, V("b")));
	assert_false(setting_value_is_default(i, V("i")));
	assert_false(setting_value_is_default(l, V("e")));
	assert_false(setting_value_is_default(l, V("h")));
#undef V
	cfg_free(t);
}

/* The table types print what lvm2 prints for the same keys. */
static void test_like_lvm2(void **state)
{
	size_t n, missing;
	char **keys = fixture_keys(&n);
	struct cfg_node *over = parse("activation/udev_sync=1 activation/udev_rules=1");
	struct cfg_node *lvm =
	    parse("activation {\n udev_sync=0\n udev_rules=0\n monitoring=0\n}\n");
	struct setting_layers l = {over, lvm};
	struct lvmconfig_opts o = {.type = LVMCONFIG_DEFAULT, .versions = 1};
	char *text;

	(void)state;
	text = write_text(&o, NULL, &l, keys, n, &missing);
	assert_int_equal(missing, 0);
	expect_fixture("default-withversions.txt", text);
	free(text);

	o = (struct lvmconfig_opts){.type = LVMCONFIG_DEFAULT, .spaces = 1};
	text = write_text(&o, NULL, &l, keys, n, NULL);
	expect_fixture("default-withspaces.txt", text);
	free(text);

	o = (struct lvmconfig_opts){.type = LVMCONFIG_LIST, .versions = 1};
	text = write_text(&o, NULL, &l, keys, n, NULL);
	expect_fixture("list-withversions.txt", text);
	free(text);

	o = (struct lvmconfig_opts){.type = LVMCONFIG_FULL};
	text = write_text(&o, over, &l, keys, n, NULL);
	expect_fixture("full.txt", text);
	free(text);

	o = (struct lvmconfig_opts){.type = LVMCONFIG_NEW,
	                            .sinceversion = setting_version("2.2.100")};
	text = write_text(&o, NULL, &l, keys, n, &missing);
	assert_int_equal(missing, SET_COUNT - 15);
	expect_fixture("new-since-2.2.100.txt", text);
	free(text);

	o = (struct lvmconfig_opts){.type = LVMCONFIG_DEFAULT,
	                            .atversion = setting_version("2.2.80")};
	text = write_text(&o, NULL, &l, keys, n, &missing);
	assert_int_equal(missing, SET_COUNT - 30);
	expect_fixture("default-at-2.2.80.txt", text);
	free(text);

	free_keys(keys, n);
	cfg_free(over);
	cfg_free(lvm);
}

/* --type current, diff and missing over a --config text, as lvm2. */
static void test_configured_like_lvm2(void **state)
{
	struct cfg_node *over =
	    parse("backup { archive = 0 backup = \"y\" } devices/filter = "
	          "[ \"r|/dev/x|\", \"a|.*|\" ] activation/polling_interval = 15");
	struct cfg_node *lvm =
	    parse("activation {\n udev_sync=0\n udev_rules=0\n monitoring=0\n}\n");
	struct cfg_node *archive_off = parse("backup { archive = 0 }");
	struct setting_layers l = {over, lvm}, l2 = {archive_off, lvm};
	struct lvmconfig_opts o = {.type = LVMCONFIG_CURRENT};
	char *diff_paths[] = {"backup", "devices/filter", "activation/polling_interval"};
	char *missing_paths[] = {"backup/backup", "backup/archive", "activation/udev_sync"};
	size_t missing;
	char *text;

	(void)state;
	text = write_text(&o, over, &l, NULL, 0, NULL);
	expect_fixture("current.txt", text);
	free(text);

	/* polling_interval is there, at its default: found, not shown */
	o.type = LVMCONFIG_DIFF;
	text = write_text(&o, over, &l, diff_paths, 3, &missing);
	assert_int_equal(missing, 0);
	expect_fixture("diff.txt", text);
	free(text);

	o.type = LVMCONFIG_MISSING;
	text = write_text(&o, archive_off, &l2, missing_paths, 3, &missing);
	assert_int_equal(missing, 1);
	expect_fixture("missing.txt", text);
	free(text);

	cfg_free(over);
	cfg_free(lvm);
	cfg_free(archive_off);
}

/* The comment blocks, in lvm2's order of lines. */
static void test_comments(void **state)
{
	size_t missing;
	struct cfg_node *over = parse("backup/archive = 0 foo/bar = 1");
	struct setting_layers l = {over, NULL};
	struct lvmconfig_opts o = {.type = LVMCONFIG_FULL, .summary = 1, .versions = 1};
	char *paths[] = {"backup/backup", "backup/archive"}, *text;
	char want[1024];

	(void)state;
	text = write_text(&o, over, &l, paths, 2, NULL);
	snprintf(want, sizeof(want),
	         "\n# Configuration option backup/backup.\n# %s\n"
	         "# This configuration option has an automatic default value.\n"
	         "# Available since version 1.0.0.\nbackup=1\n"
	         "\n# Configuration option backup/archive.\n# %s\n"
	         "# This configuration option has an automatic default value.\n"
	         "# Value defined in existing configuration has been used for this setting.\n"
	         "# Available since version 1.0.0.\narchive=0\n",
	         settings[SET_BACKUP_BACKUP].summary, settings[SET_BACKUP_ARCHIVE].summary);
	assert_string_equal(text, want);
	free(text);

	/* current: a known section and setting get theirs, the rest none */
	o = (struct lvmconfig_opts){.type = LVMCONFIG_CURRENT, .summary = 1};
	text = write_text(&o, over, &l, NULL, 0, NULL);
	snprintf(want, sizeof(want),
	         "\n# Configuration section backup.\n# %s\nbackup {\n"
	         "\n\t# Configuration option backup/archive.\n\t# %s\n"
	         "\t# This configuration option has an automatic default value.\n"
	         "\tarchive=0\n}\nfoo {\n\tbar=1\n}\n",
	         setting_section_find("backup")->summary, settings[SET_BACKUP_ARCHIVE].summary);
	assert_string_equal(text, want);
	free(text);

	/* an advanced setting says so; --ignoreadvanced leaves it out */
	o = (struct lvmconfig_opts){.type = LVMCONFIG_DEFAULT, .summary = 1};
	text = write_text(&o, over, &l, (char *[]){"devices/dir"}, 1, NULL);
	snprintf(want, sizeof(want),
	         "\n# Configuration option devices/dir.\n# %s\n"
	         "# This configuration option is advanced.\n"
	         "# This configuration option has an automatic default value.\n"
	         "# dir=\"/dev\"\n",
	         settings[SET_DEVICES_DIR].summary);
	assert_string_equal(text, want);
	free(text);
	o.ignore_advanced = 1;
	text = write_text(&o, over, &l, (char *[]){"devices/dir", "devices/scan_lvs"}, 2, &missing);
	assert_int_equal(missing, 1);
	assert_null(strstr(text, "dir="));
	assert_non_null(strstr(text, "scan_lvs=0"));
	free(text);

	/* list: "path - summary " and "[version]" */
	o = (struct lvmconfig_opts){.type = LVMCONFIG_LIST, .summary = 1, .versions = 1};
	text = write_text(&o, over, &l, paths + 1, 1, NULL);
	snprintf(want, sizeof(want), "backup/archive - %s [1.0.0]\n",
	         settings[SET_BACKUP_ARCHIVE].summary);
	assert_string_equal(text, want);
	free(text);
	cfg_free(over);
}

static void test_paths_and_values(void **state)
{
	struct cfg_node *over =
	    parse("backup { archive = 0 } activation/activation_mode=\"partial\"");
	struct setting_layers l = {over, NULL};
	struct lvmconfig_opts o = {.type = LVMCONFIG_CURRENT};
	char *paths[] = {"/backup",          "backup/", "backup//archive",
	                 "backup/archive/x", "nothing", ""};
	char *one[] = {"activation/activation_mode"};
	size_t missing;
	char *text;

	(void)state;
	text = write_text(&o, over, &l, paths, 6, &missing);
	assert_int_equal(missing, 5);
	assert_string_equal(text, "backup {\n\tarchive=0\n}\n");
	free(text);

	o.values_only = 1;
	text = write_text(&o, over, &l, one, 1, NULL);
	assert_string_equal(text, "\"partial\"\n");
	free(text);

	/* nothing configured: current is empty; a section without a shown
	 * setting is not there */
	o = (struct lvmconfig_opts){.type = LVMCONFIG_CURRENT};
	text = write_text(&o, NULL, &l, NULL, 0, NULL);
	assert_string_equal(text, "");
	free(text);
	o.type = LVMCONFIG_MISSING;
	text = write_text(&o, over, &l, (char *[]){"backup"}, 1, &missing);
	assert_int_equal(missing, 0);
	assert_string_equal(text, "backup {\n\t# backup=1\n}\n");
	free(text);
	o.type = LVMCONFIG_DIFF;
	text = write_text(&o, over, &l, (char *[]){"devices", "backup"}, 2, &missing);
	assert_int_equal(missing, 1);
	assert_string_equal(text, "backup {\n\tarchive=0\n}\n");
	free(text);
	cfg_free(over);
}

/* --mergedconfig: vgtool.conf with --config, and what vgtool takes from
 * lvm.conf, nothing else of it (a list of one read from a file written
 * as its item, as lvm2 writes it). */
static void test_merged(void **state)
{
	struct cfg_node *vg = parse("backup { archive = 0 } global { wait_for_locks = 0 }");
	struct cfg_node *lvm = parse("global { wait_for_locks = 1 locking_dir = \"/x\" }\n"
	                             "activation { udev_sync = 0 monitoring = 0 }\n"
	                             "devices { filter = [ \"r|a|\" ] }\n");
	struct setting_layers l = {vg, lvm};
	struct cfg_node *m = lvmconfig_merged(&l);
	struct lvmconfig_opts o = {.type = LVMCONFIG_CURRENT};
	char *text = write_text(&o, m, &l, NULL, 0, NULL);

	(void)state;
	assert_string_equal(text, "backup {\n\tarchive=0\n}\nglobal {\n\twait_for_locks=0\n"
	                          "\tlocking_dir=\"/x\"\n}\ndevices {\n\tfilter=\"r|a|\"\n}\n");
	free(text);
	cfg_free(m);
	cfg_free(vg);
	cfg_free(lvm);
}

static void test_validate(void **state)
{
	struct cfg_node *good = parse("backup { archive = \"no\" backup = 1 }\n"
	                              "devices { filter = \"a|.*|\" global_filter = [] }\n"
	                              "activation { activation_mode = \"degraded\" }\n");
	struct cfg_node *bad = parse("stray = 1\nlog { level = 3 }\n"
	                             "backup { archive = 1.5 retain_min = 3 backup { x = 1 } }\n"
	                             "devices { filter = [ 1 ] }\n"
	                             "activation { polling_interval = \"15\" }\n");

	(void)state;
	free(write_text(&(struct lvmconfig_opts){0}, NULL, NULL, NULL, 0, NULL)); /* quiet */
	assert_int_equal(lvmconfig_validate(good, "vgtool.conf"), 0);
	assert_int_equal(lvmconfig_validate(NULL, "vgtool.conf"), 0);
	assert_int_equal(lvmconfig_validate(bad, "vgtool.conf"), 7);
	cfg_free(good);
	cfg_free(bad);
}

static void test_type_names(void **state)
{
	enum lvmconfig_type t;

	(void)state;
	assert_int_equal(lvmconfig_type_parse("missing", &t), 0);
	assert_int_equal(t, LVMCONFIG_MISSING);
	assert_int_equal(lvmconfig_type_parse("profilable", &t), -1);
	assert_int_equal(lvmconfig_type_parse("", &t), -1);
}

/* The installed vgtool.conf is lvmconfig's own listing of the table. */
static void test_conf_file(void **state)
{
	struct setting_layers l = {NULL, NULL};
	struct lvmconfig_opts o = {
	    .type = LVMCONFIG_DEFAULT, .comments = 1, .spaces = 1, .preamble = 1};
	char *text = write_text(&o, NULL, &l, NULL, 0, NULL);
	char *file = unit_slurp("conf/vgtool.conf", NULL);

	(void)state;
	if (strcmp(text, file))
		fail_msg("conf/vgtool.conf is not the table's: make it with\n"
		         "  ./vgtool lvmconfig --typeconfig default --withcomments --withspaces "
		         "--withgeneralpreamble >conf/vgtool.conf");
	free(text);
	free(file);
}

/* vgtool.conf(5)'s SETTINGS describe each setting (a .B or .BR line
 * naming it) and no other. */
static void test_man_page(void **state)
{
	char *page = unit_slurp("doc/vgtool.conf.5", NULL);
	char *start = strstr(page, "\n.SH SETTINGS\n"), *end;
	int seen[SET_COUNT] = {0};

	(void)state;
	assert_non_null(start);
	end = strstr(start + 1, "\n.SH ");
	assert_non_null(end);
	*end = '\0';
	for (char *line = start; line && *line; line = strchr(line + 1, '\n')) {
		char *p = line + 1, word[128];
		size_t len;

		if (strncmp(p, ".B ", 3) && strncmp(p, ".BR ", 4))
			continue;
		p += p[2] == ' ' ? 3 : 4;
		/* every word of the line that looks like section/key */
		while (*p && *p != '\n') {
			while (*p == ' ' || *p == '"' || *p == ',')
				p++;
			len = strcspn(p, " \",\n");
			snprintf(word, sizeof(word), "%.*s", (int)len, p);
			if (strchr(word, '/') && word[0] != '/' && word[0] != '\\') {
				const struct setting *s = setting_find(word);
				if (!s)
					fail_msg("doc/vgtool.conf.5 describes %s, not a setting",
					         word);
				seen[s - settings] = 1;
			}
			p += len;
		}
	}
	for (size_t i = 0; i < SET_COUNT; i++)
		if (!seen[i])
			fail_msg("doc/vgtool.conf.5 does not describe %s", settings[i].path);
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),           cmocka_unit_test(test_versions),
	    cmocka_unit_test(test_report_defaults), cmocka_unit_test(test_layers),
	    cmocka_unit_test(test_filter_pair),     cmocka_unit_test(test_types),
	    cmocka_unit_test(test_like_lvm2),       cmocka_unit_test(test_configured_like_lvm2),
	    cmocka_unit_test(test_comments),        cmocka_unit_test(test_paths_and_values),
	    cmocka_unit_test(test_merged),          cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_type_names),      cmocka_unit_test(test_conf_file),
	    cmocka_unit_test(test_man_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
