/* lib/config/hosttags.c: lvm2's host tags (toolcontext.c _init_tags,
 * _check_host_filters) and its merging of tag files (config.c
 * merge_config_tree with CONFIG_MERGE_TYPE_TAGS), checked against what
 * lvm2 2.03.16's lvmconfig prints for the same files. */
#include "unit.h"

#include "config/config.h"
#include "config/hosttags.h"

static struct cfg_node *parse(const char *text)
{
	struct strbuf err = STRBUF_INIT;
	struct cfg_node *root = cfg_parse(text, strlen(text), &cfg_limits_config, &err);

	if (!root)
		fail_msg("%s: %s", text, err.buf);
	strbuf_release(&err);
	return root;
}

/* The tags `text` gives host "h1", joined by spaces, or the error. */
static void expect_tags(const char *text, const char *want)
{
	struct cfg_node *root = parse(text);
	struct host_tags t = {0};
	struct strbuf got = STRBUF_INIT;

	if (host_tags_read(&t, root, "h1", &got) == 0)
		for (size_t i = 0; i < t.n; i++)
			strbuf_addf(&got, "%s%s", i ? " " : "", t.tags[i]);
	assert_string_equal(got.buf, want);
	strbuf_release(&got);
	host_tags_release(&t);
	cfg_free(root);
}

static void test_tags(void **state)
{
	(void)state;
	expect_tags("", "");
	expect_tags("tags { hosttags = 0 }", "");
	expect_tags("tags { hosttags = 1 }", "h1");
	expect_tags("tags { hosttags = \"y\" @foo {} bar {} }", "h1 foo bar");
	/* each once; values other than subsections are not tags */
	expect_tags("tags { foo {} @foo {} x = 1 }", "foo");
	/* lvm2's name rules once the '@' is gone, and its words */
	expect_tags("tags { \"@-x\" {} }", "Invalid tag in config file: @-x");
	expect_tags("tags { \"@\" {} }", "Invalid tag in config file: @");
	expect_tags("tags { \"a$\" {} }", "Invalid tag in config file: a$");
}

static void test_host_list(void **state)
{
	(void)state;
	expect_tags("tags { a { host_list = [ \"h2\", \"h1\" ] } b { host_list = \"h2\" } }", "a");
	expect_tags("tags { a { host_list = \"h1\" } b { host_list = [] } }", "a");
	/* a later host_list naming the host still gives the tag */
	expect_tags("tags { a { host_list = \"x\" host_list = \"h1\" } }", "a");
	expect_tags("tags { a { other = 1 } }", "a");
	expect_tags("tags { a { host_list = [ \"h2\", 1 ] } }",
	            "Invalid hostname string for tag host_list");
	expect_tags("tags { a { host_filter = 1 } }", "host_filter not supported yet");
	/* lvm2 stops at the host_list that names the host */
	expect_tags("tags { a { host_list = \"h1\" host_filter = 1 } }", "a");
}

/* A later file's tags section does not take the machine name back. */
static void test_hosttags_stays(void **state)
{
	struct cfg_node *a = parse("tags { hosttags = 1 }"),
	                *b = parse("tags { hosttags = 0 x {} }");
	struct host_tags t = {0};
	struct strbuf err = STRBUF_INIT;

	(void)state;
	assert_int_equal(host_tags_read(&t, a, "h1", &err), 0);
	assert_int_equal(host_tags_read(&t, b, "h1", &err), 0);
	assert_int_equal(t.n, 2);
	assert_true(host_tags_has(&t, "h1"));
	assert_true(host_tags_has(&t, "x"));
	assert_false(host_tags_has(&t, "y"));
	host_tags_release(&t);
	strbuf_release(&err);
	cfg_free(a);
	cfg_free(b);
}

/* The files merged in order into an empty tree, as lvm2 does. */
static void expect_merged(const char *const *files, size_t n, const char *tags, const char *want)
{
	struct cfg_node *root = cfg_new_root();
	struct cfg_node *tag_tree = parse(tags);
	struct host_tags t = {0};
	struct strbuf out = STRBUF_INIT;

	assert_int_equal(host_tags_read(&t, tag_tree, "h1", &out), 0);
	for (size_t i = 0; i < n; i++) {
		struct cfg_node *f = parse(files[i]);
		cfg_merge_tagged(root, f, &t);
		cfg_free(f);
	}
	cfg_emit(root, &cfg_emit_disk, &out);
	assert_string_equal(out.buf, want);
	strbuf_release(&out);
	host_tags_release(&t);
	cfg_free(tag_tree);
	cfg_free(root);
}

/* Configuration files are parsed into an arena (read_conf), and merging
 * copies their sections into a tree of separately allocated nodes: the
 * copies must not keep the arena's flag, or freeing the merged tree passes
 * them over (a leak LeakSanitizer reported in every command with an
 * lvm.conf).  Under the ASan build a leak fails this test. */
static void test_merge_from_arena(void **state)
{
	const char *text = "activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }";
	struct cfg_node *root = cfg_new_root(), *f;
	struct host_tags t = {0};
	struct strbuf out = STRBUF_INIT;

	(void)state;
	f = cfg_parse_arena(text, strlen(text), &cfg_limits_config, &out);
	assert_non_null(f);
	cfg_merge_tagged(root, f, &t);
	cfg_free(f);
	for (const struct cfg_node *n = root->child; n; n = n->next) {
		assert_false(n->flags & (CFG_F_ARENA | CFG_F_ARENA_ROOT));
		for (const struct cfg_node *c = n->child; c; c = c->next)
			assert_false(c->flags & (CFG_F_ARENA | CFG_F_ARENA_ROOT));
	}
	cfg_emit(root, &cfg_emit_disk, &out);
	assert_string_equal(out.buf,
	                    "activation {\nudev_sync = 0\nudev_rules = 0\nmonitoring = 0\n}\n");
	strbuf_release(&out);
	cfg_free(root);
}

static void test_merge_order(void **state)
{
	/* lvm2 2.03.16 printed this for lvm.conf and lvm_foo.conf */
	static const char *const files[] = {
	    "config { checks = 1 } devices { dir = \"/dev\" } activation { volume_list = [ \"a\" ] "
	    "} log { indent = 1 } tags { hosttags = 1 @foo {} }",
	    "log { verbose = 1 } activation { volume_list = [ \"b\" ] }",
	};
	(void)state;
	expect_merged(files, 2, "tags { foo {} }",
	              "config {\nchecks = 1\n}\nlog {\nindent = 1\nverbose = 1\n}\n"
	              "activation {\nvolume_list = [\"b\", \"a\"]\n}\n"
	              "devices {\ndir = \"/dev\"\n}\n");
}

static void test_merge_rules(void **state)
{
	static const char *const files[] = {
	    "devices { filter = \"a|x|\" types = [ \"t\", 1 ] dir = \"/a\" scan = \"s\" }",
	    /* joined lists, a replaced value, a subsection left out where its
	     * section exists, the tags key dropped */
	    "devices { filter = [ \"r|y|\" ] types = [] dir = \"/b\" sub { k = 1 } tags = \"@foo\" "
	    "}",
	    /* a section for a host tag, one for another host's, one whole */
	    "global { tags = [ \"other\", \"@foo\" ] units = \"m\" } "
	    "backup { tags = \"bar\" backup = 0 } "
	    "report { sub { k = 1 tags = 1 } tags = [ \"foo\" ] x = 1 } "
	    "tags { hosttags = 1 }",
	    /* a tags key that is a section never matches */
	    "devices { tags { } dir = \"/c\" }",
	};
	(void)state;
	expect_merged(files, 4, "tags { foo {} }",
	              "devices {\nfilter = [\"r|y|\", \"a|x|\"]\ntypes = [\"t\", 1]\n"
	              "dir = \"/b\"\nscan = \"s\"\n}\n"
	              "report {\nsub {\nk = 1\ntags = 1\n}\nx = 1\n}\n"
	              "global {\nunits = \"m\"\n}\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tags),
	    cmocka_unit_test(test_host_list),
	    cmocka_unit_test(test_hosttags_stays),
	    cmocka_unit_test(test_merge_order),
	    cmocka_unit_test(test_merge_from_arena),
	    cmocka_unit_test(test_merge_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
