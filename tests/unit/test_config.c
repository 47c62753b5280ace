/* lib/config: the tokenizer, parser, tree, emitter and merge.  lvm2's own
 * metadata text is checked in test_config_lvm2.c. */
#include "unit.h"

#include <inttypes.h>

#include "config/config.h"

/* ---- helpers ---- */

static struct cfg_node *parse_with(const char *text, size_t len, const struct cfg_limits *lim)
{
	struct strbuf err = STRBUF_INIT;
	struct cfg_node *root = cfg_parse(text, len, lim, &err);

	if (!root)
		fail_msg("parse of \"%s\" failed: %s", text, err.buf);
	strbuf_release(&err);
	return root;
}

static struct cfg_node *parse_ok(const char *text)
{
	return parse_with(text, strlen(text), &cfg_limits_config);
}

static struct cfg_node *parse_md(const char *text)
{
	return parse_with(text, strlen(text), &cfg_limits_metadata);
}

static void expect_error_len(const char *text, size_t len, const struct cfg_limits *lim,
                             const char *msg)
{
	struct strbuf err = STRBUF_INIT;
	struct cfg_node *root = cfg_parse(text, len, lim, &err);

	if (root)
		fail_msg("\"%s\" parsed, expected: %s", text, msg);
	assert_string_equal(err.buf, msg);
	strbuf_release(&err);
}

static void expect_error(const char *text, const char *msg)
{
	expect_error_len(text, strlen(text), &cfg_limits_config, msg);
}

static void expect_error_md(const char *text, const char *msg)
{
	expect_error_len(text, strlen(text), &cfg_limits_metadata, msg);
}

static int64_t get_int(const struct cfg_node *root, const char *path)
{
	int64_t v = 0;

	if (cfg_get_int(root, path, &v))
		fail_msg("no int at %s", path);
	return v;
}

static const char *get_str(const struct cfg_node *root, const char *path)
{
	const char *s = NULL;

	if (cfg_get_str(root, path, &s))
		fail_msg("no string at %s", path);
	return s;
}

static double get_float(const struct cfg_node *root, const char *path)
{
	double f = 0;

	if (cfg_get_float(root, path, &f))
		fail_msg("no number at %s", path);
	return f;
}

/* ---- tokens and values ---- */

static void test_empty_input(void **state)
{
	struct cfg_node *root;

	(void)state;
	root = parse_ok("");
	assert_null(root->child);
	assert_null(root->key);
	assert_int_equal(root->v.type, CFG_SECTION);
	cfg_free(root);
	root = parse_ok("  \n\t# only a comment\n\r\n\v\f");
	assert_null(root->child);
	cfg_free(root);
	root = parse_with("", 0, NULL); /* NULL limits are the config ones */
	cfg_free(root);
}

static void test_integers(void **state)
{
	struct cfg_node *root;

	(void)state;
	root = parse_ok("a = 0\nb = -3\nc = +5\nd = 9223372036854775807\n"
	                "e = -9223372036854775808\nf = 077\ng = -010\nh = 00\ni = 1234567890\n");
	assert_int_equal(get_int(root, "a"), 0);
	assert_int_equal(get_int(root, "b"), -3);
	assert_int_equal(get_int(root, "c"), 5);
	assert_true(get_int(root, "d") == INT64_MAX);
	assert_true(get_int(root, "e") == INT64_MIN);
	assert_int_equal(get_int(root, "f"), 63); /* octal, as lvm2's umask = 077 */
	assert_int_equal(get_int(root, "g"), -8);
	assert_int_equal(get_int(root, "h"), 0);
	assert_int_equal(get_int(root, "i"), 1234567890);
	cfg_free(root);

	/* The largest octal values, both ends. */
	root = parse_ok("a = 0777777777777777777777\nb = -01000000000000000000000\n");
	assert_true(get_int(root, "a") == INT64_MAX);
	assert_true(get_int(root, "b") == INT64_MIN);
	cfg_free(root);
}

static void test_floats(void **state)
{
	struct cfg_node *root;

	(void)state;
	root = parse_ok("a = 1.5\nb = -.5\nc = 5.\nd = +0.25\ne = 07.5\nf = -0.0\n");
	assert_int_equal(cfg_find(root, "a")->v.type, CFG_FLOAT);
	assert_true(get_float(root, "a") == 1.5);
	assert_true(get_float(root, "b") == -0.5);
	assert_true(get_float(root, "c") == 5.0);
	assert_true(get_float(root, "d") == 0.25);
	assert_true(get_float(root, "e") == 7.5); /* decimal, as strtod reads it */
	assert_true(get_float(root, "f") == 0.0);
	cfg_free(root);

	/* A very small number is its nearest double, not an error. */
	root = parse_ok("a = 0."
	                "000000000000000000000000000000000000000000000000000000000000000000000000"
	                "000000000000000000000000000000000000000000000000000000000000000000000000"
	                "000000000000000000000000000000000000000000000000000000000000000000000000"
	                "000000000000000000000000000000000000000000000000000000000000000000000000"
	                "000000000000000000000000000000000000000001\n");
	assert_true(get_float(root, "a") >= 0.0);
	cfg_free(root);
}

static void test_strings(void **state)
{
	struct cfg_node *root;

	(void)state;
	root = parse_ok("a = \"plain\"\nb = \"\"\nc = 'single'\nd = ''\ne = bare\n"
	                "f = /dev/sda1\ng = \"with # hash\"\nh = \"tab\there\"\n"
	                "i = \"utf8 \xc3\xa9\"\nj = yes\n");
	assert_string_equal(get_str(root, "a"), "plain");
	assert_string_equal(get_str(root, "b"), "");
	assert_string_equal(get_str(root, "c"), "single");
	assert_string_equal(get_str(root, "d"), "");
	assert_string_equal(get_str(root, "e"), "bare");
	assert_string_equal(get_str(root, "f"), "/dev/sda1");
	assert_string_equal(get_str(root, "g"), "with # hash");
	assert_string_equal(get_str(root, "h"), "tab\there");
	assert_string_equal(get_str(root, "i"), "utf8 \xc3\xa9");
	assert_string_equal(get_str(root, "j"), "yes");
	cfg_free(root);
}

static void test_escapes(void **state)
{
	struct cfg_node *root;

	(void)state;
	root = parse_ok("a = \"q\\\"q\"\n"           /* "q\"q"  -> q"q */
	                "b = \"b\\\\s\"\n"           /* "b\\s"  -> b\s */
	                "c = \"n\\nx\"\n"            /* "n\nx"  -> n\nx: lvm2 keeps other escapes */
	                "d = 'r\\\"'\n"              /* 'r\"'   -> r\" : no escapes in '' */
	                "e = \"a|^/dev/sd.*\\.|\"\n" /* a regex, untouched */
	                "f = \"end\\\\\"\n"          /* "end\\" -> end\ */
	                "g = \"\\\\\\\"\"\n"         /* "\\\""  -> \" */
	);
	assert_string_equal(get_str(root, "a"), "q\"q");
	assert_string_equal(get_str(root, "b"), "b\\s");
	assert_string_equal(get_str(root, "c"), "n\\nx");
	assert_string_equal(get_str(root, "d"), "r\\\"");
	assert_string_equal(get_str(root, "e"), "a|^/dev/sd.*\\.|");
	assert_string_equal(get_str(root, "f"), "end\\");
	assert_string_equal(get_str(root, "g"), "\\\"");
	cfg_free(root);
}

static void test_multiline_string_positions(void **state)
{
	struct cfg_node *root;
	const struct cfg_node *n;

	(void)state;
	root = parse_ok("a = \"one\ntwo\nthree\"\n  b = 1\n");
	assert_string_equal(get_str(root, "a"), "one\ntwo\nthree");
	n = cfg_find(root, "b");
	assert_int_equal(n->line, 4);
	assert_int_equal(n->col, 3);
	cfg_free(root);
}

static void test_comments(void **state)
{
	struct cfg_node *root;
	const struct cfg_value *items;
	size_t n;

	(void)state;
	root = parse_ok("# leading\n"
	                "a = 1 # after a value\n"
	                "b = # between '=' and the value\n"
	                "  2\n"
	                "c = [ 1, # inside a list\n"
	                "      2 ]\n"
	                "s { # after a brace\n"
	                "  x = \"#not a comment\"#glued\n"
	                "}# glued to the brace\n"
	                "d = 4#glued to a number\n"
	                "e = word#glued to a word\n"
	                "# last, no newline");
	assert_int_equal(get_int(root, "a"), 1);
	assert_int_equal(get_int(root, "b"), 2);
	assert_int_equal(cfg_get_list(root, "c", &items, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(get_str(root, "s/x"), "#not a comment");
	assert_int_equal(get_int(root, "d"), 4);
	assert_string_equal(get_str(root, "e"), "word");
	cfg_free(root);
}

static void test_lists(void **state)
{
	struct cfg_node *root;
	const struct cfg_value *it;
	const char *s;
	size_t n;

	(void)state;
	root = parse_ok("empty = []\nspaced = [ ]\nints = [1, 2, 3]\nnocomma = [1 2 3]\n"
	                "mixed = [\"pv0\", 0, 2.5, bare]\ntrailing = [\"a\",]\n"
	                "lines = [\n\t\"a\",\n\t\"b\"\n]\nglued = [\"a\"\"b\"]\nwords = [a,b]\n"
	                "one = [\"x\"]\nscalar = \"x\"\n");
	assert_int_equal(cfg_get_list(root, "empty", &it, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(cfg_find(root, "empty")->v.type, CFG_LIST);
	assert_int_equal(cfg_get_list(root, "spaced", &it, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(cfg_get_list(root, "ints", &it, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(it[2].i, 3);
	assert_int_equal(cfg_get_list(root, "nocomma", &it, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(it[1].i, 2);
	assert_int_equal(cfg_get_list(root, "mixed", &it, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(it[0].type, CFG_STRING);
	assert_string_equal(it[0].s, "pv0");
	assert_int_equal(it[1].type, CFG_INT);
	assert_int_equal(it[2].type, CFG_FLOAT);
	assert_string_equal(it[3].s, "bare");
	assert_int_equal(cfg_get_list(root, "trailing", &it, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cfg_get_list(root, "lines", &it, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(it[1].s, "b");
	assert_int_equal(cfg_get_list(root, "glued", &it, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(cfg_get_list(root, "words", &it, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(it[0].s, "a");
	assert_string_equal(it[1].s, "b");
	/* A one-item list stays a list; a scalar reads as a list of one. */
	assert_int_equal(cfg_find(root, "one")->v.type, CFG_LIST);
	assert_int_equal(cfg_get_str(root, "one", &s), -2);
	assert_int_equal(cfg_get_list(root, "scalar", &it, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].s, "x");
	cfg_free(root);
}

static void test_sections(void **state)
{
	struct cfg_node *root;
	const struct cfg_node *s;

	(void)state;
	root = parse_ok("top {\n\tmid {\n\t\tleaf = 1\n\t}\n\tv = 2\n}\nempty {}\n"
	                "tight{a=1 b{c=\"x\"}}\n");
	assert_int_equal(get_int(root, "top/mid/leaf"), 1);
	assert_int_equal(get_int(root, "top/v"), 2);
	s = cfg_find(root, "empty");
	assert_non_null(s);
	assert_int_equal(s->v.type, CFG_SECTION);
	assert_null(s->child);
	assert_int_equal(get_int(root, "tight/a"), 1);
	assert_string_equal(get_str(root, "tight/b/c"), "x");
	/* Parents and file order. */
	s = cfg_find(root, "top/mid");
	assert_ptr_equal(s->parent, cfg_find(root, "top"));
	assert_string_equal(root->child->key, "top");
	assert_string_equal(root->child->next->key, "empty");
	assert_string_equal(root->child->next->next->key, "tight");
	assert_null(root->child->next->next->next);
	assert_ptr_equal(root->last_child, root->child->next->next);
	cfg_free(root);
}

static void test_keys(void **state)
{
	struct cfg_node *root;

	(void)state;
	root = parse_ok("pv0 = 1\nlv+x_y.z-w = 2\n@tag { host_list = [\"h\"] }\na:b&c!d = 3\n"
	                "\"quoted key\" = 4\n\"with/slash\" = 5\n'single' = 6\n123 = 7\n"
	                "\"q\\\"k\" = 8\n");
	assert_int_equal(get_int(root, "pv0"), 1);
	assert_int_equal(get_int(root, "lv+x_y.z-w"), 2);
	assert_non_null(cfg_find(root, "@tag/host_list"));
	assert_int_equal(get_int(root, "a:b&c!d"), 3);
	assert_int_equal(get_int(root, "quoted key"), 4);
	/* A quoted key is one key, '/' and all; cfg_find cannot reach it by
	 * path, but the tree holds it. */
	assert_null(cfg_find(root, "with/slash"));
	assert_string_equal(root->child->next->next->next->next->next->key, "with/slash");
	assert_int_equal(get_int(root, "single"), 6);
	assert_int_equal(get_int(root, "123"), 7);
	assert_int_equal(get_int(root, "q\"k"), 8);
	cfg_free(root);
}

static void test_paths(void **state)
{
	struct cfg_node *root;
	const struct cfg_node *a;

	(void)state;
	/* A path key makes the sections it names, and they merge with the
	 * same sections written out, before or after. */
	root = parse_ok("activation/udev_sync = 0\nactivation { udev_rules = 1 }\n"
	                "activation/x/y = 2\n/lead//double/ = 3\n");
	a = cfg_find(root, "activation");
	assert_non_null(a);
	assert_int_equal(get_int(root, "activation/udev_sync"), 0);
	assert_int_equal(get_int(root, "activation/udev_rules"), 1);
	assert_int_equal(get_int(root, "activation/x/y"), 2);
	assert_int_equal(get_int(root, "lead/double"), 3);
	assert_null(root->child->next->next);
	/* cfg_find skips empty path elements and stops at values. */
	assert_ptr_equal(cfg_find(root, "/activation//udev_sync/"),
	                 cfg_find(root, "activation/udev_sync"));
	assert_null(cfg_find(root, "activation/udev_sync/deeper"));
	assert_null(cfg_find(root, ""));
	assert_null(cfg_find(root, "/"));
	assert_null(cfg_find(root, "missing"));
	assert_null(cfg_find(root, "activation/missing"));
	assert_null(cfg_find(NULL, "a"));
	assert_null(cfg_find(cfg_find(root, "activation/udev_sync"), "x"));
	cfg_free(root);

	/* In metadata (duplicates refused), a path may still open a section
	 * that is written out later, once. */
	root = parse_md("vg/seqno = 1\nvg { id = \"x\" }\n");
	assert_int_equal(get_int(root, "vg/seqno"), 1);
	cfg_free(root);
}

static void test_duplicates_config(void **state)
{
	struct cfg_node *root;

	(void)state;
	/* lvm2: sections merge, the later value wins in the earlier place. */
	root = parse_ok("a = 1\ns { x = 1 }\nb = 2\na = 3\ns { y = 2 x = 4 }\n");
	assert_int_equal(get_int(root, "a"), 3);
	assert_int_equal(get_int(root, "s/x"), 4);
	assert_int_equal(get_int(root, "s/y"), 2);
	assert_string_equal(root->child->key, "a");
	assert_string_equal(root->child->next->key, "s");
	assert_string_equal(root->child->next->next->key, "b");
	assert_null(root->child->next->next->next);
	cfg_free(root);
	/* A later value may change type. */
	root = parse_ok("a = 1\na = [\"x\"]\n");
	assert_int_equal(cfg_find(root, "a")->v.type, CFG_LIST);
	cfg_free(root);
}

static void test_positions(void **state)
{
	struct cfg_node *root;

	(void)state;
	root = parse_ok("vg {\n\tseqno = 3\n  lvs {\n    lv1 { }\n  }\n}\n");
	assert_int_equal(cfg_find(root, "vg")->line, 1);
	assert_int_equal(cfg_find(root, "vg")->col, 1);
	assert_int_equal(cfg_find(root, "vg/seqno")->line, 2);
	assert_int_equal(cfg_find(root, "vg/seqno")->col, 2);
	assert_int_equal(cfg_find(root, "vg/lvs/lv1")->line, 4);
	assert_int_equal(cfg_find(root, "vg/lvs/lv1")->col, 5);
	cfg_free(root);
}

static void test_stops_at_nul(void **state)
{
	static const char text[] = "a = 1\n\0this is { not parsed";
	struct cfg_node *root = parse_with(text, sizeof(text), &cfg_limits_metadata);

	(void)state;
	assert_int_equal(get_int(root, "a"), 1);
	assert_null(root->child->next);
	cfg_free(root);
	/* `len` ends the text too, without a NUL. */
	root = parse_with("a = 1b = 2", 5, &cfg_limits_metadata);
	assert_int_equal(get_int(root, "a"), 1);
	assert_null(root->child->next);
	cfg_free(root);
}

/* Many keys in one section (a VG with thousands of LVs): every one is
 * found, and a duplicate at the end is still caught. */
static void test_many_keys(void **state)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	struct cfg_node *root;
	char path[32];

	(void)state;
	strbuf_addstr(&text, "lvs {\n");
	for (int i = 0; i < 20000; i++)
		strbuf_addf(&text, "lv%d { id = %d }\n", i, i);
	strbuf_addstr(&text, "}\n");
	root = parse_md(text.buf);
	strbuf_setlen(&text, text.len - 2);
	for (int i = 0; i < 20000; i += 997) {
		snprintf(path, sizeof(path), "lvs/lv%d/id", i);
		assert_int_equal(get_int(root, path), i);
	}
	cfg_free(root);
	strbuf_addstr(&text, "lv12345 { }\n}\n");
	assert_null(cfg_parse(text.buf, text.len, &cfg_limits_metadata, &err));
	assert_string_equal(err.buf,
	                    "line 20002, column 1: duplicate key 'lv12345' (first at line 12347, "
	                    "column 1)");
	strbuf_release(&text);
	strbuf_release(&err);
}

/* ---- getters ---- */

static void test_getters(void **state)
{
	struct cfg_node *root;
	int64_t i = 42;
	const char *s = "unset";
	double f = 0;
	int b = -1;
	const struct cfg_value *items;
	size_t n;

	(void)state;
	root = parse_ok(
	    "i = 7\ns = \"x\"\nf = 2.5\nl = [1]\nsec { }\n"
	    "b1 = 1\nb0 = 0\nby = \"Yes\"\nbn = off\nbt = TRUE\nbf = \"n\"\nbx = \"maybe\"\n");
	assert_int_equal(cfg_get_int(root, "missing", &i), -1);
	assert_int_equal(cfg_get_int(root, "s", &i), -2);
	assert_int_equal(cfg_get_int(root, "f", &i), -2);
	assert_int_equal(cfg_get_int(root, "sec", &i), -2);
	assert_int_equal(i, 42); /* untouched on failure */
	assert_int_equal(cfg_get_str(root, "i", &s), -2);
	assert_int_equal(cfg_get_str(root, "missing", &s), -1);
	assert_string_equal(s, "unset");
	assert_int_equal(cfg_get_float(root, "i", &f), 0);
	assert_true(f == 7.0);
	assert_int_equal(cfg_get_float(root, "f", &f), 0);
	assert_true(f == 2.5);
	assert_int_equal(cfg_get_float(root, "s", &f), -2);
	assert_int_equal(cfg_get_float(root, "missing", &f), -1);
	assert_int_equal(cfg_get_list(root, "sec", &items, &n), -2);
	assert_int_equal(cfg_get_list(root, "missing", &items, &n), -1);

	assert_int_equal(cfg_get_bool(root, "b1", &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(cfg_get_bool(root, "b0", &b), 0);
	assert_int_equal(b, 0);
	assert_int_equal(cfg_get_bool(root, "by", &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(cfg_get_bool(root, "bn", &b), 0);
	assert_int_equal(b, 0);
	assert_int_equal(cfg_get_bool(root, "bt", &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(cfg_get_bool(root, "bf", &b), 0);
	assert_int_equal(b, 0);
	assert_int_equal(cfg_get_bool(root, "bx", &b), -2);
	assert_int_equal(cfg_get_bool(root, "f", &b), -2);
	assert_int_equal(cfg_get_bool(root, "missing", &b), -1);
	cfg_free(root);
}

/* ---- errors ---- */

static void test_error_unterminated_string(void **state)
{
	(void)state;
	expect_error("a = \"abc", "line 1, column 5: unterminated string: no closing \" before "
	                          "the end of input at line 1, column 9");
	expect_error("x = 1\na = 'ab\ncd", "line 2, column 5: unterminated string: no closing ' "
	                                   "before the end of input at line 3, column 3");
	/* An escaped quote does not close the string, nor does a backslash
	 * at the very end. */
	expect_error("a = \"x\\\"", "line 1, column 5: unterminated string: no closing \" "
	                            "before the end of input at line 1, column 9");
	expect_error("a = \"x\\", "line 1, column 5: unterminated string: no closing \" "
	                          "before the end of input at line 1, column 8");
	expect_error("\"key", "line 1, column 1: unterminated key: no closing \" before the end "
	                      "of input at line 1, column 5");
}

static void test_error_embedded_nul(void **state)
{
	static const char text[] = "a = \"x\0y\"\n";

	(void)state;
	expect_error_len(text, sizeof(text), &cfg_limits_metadata,
	                 "line 1, column 5: unterminated string: no closing \" before the end of "
	                 "input (a NUL byte) at line 1, column 7");
	static const char text2[] = "vg {\n\0}\n";
	expect_error_len(text2, sizeof(text2), &cfg_limits_metadata,
	                 "line 2, column 1: unexpected end of input (a NUL byte): section 'vg' "
	                 "(line 1, column 4) is not closed");
}

static void test_error_missing_equals(void **state)
{
	(void)state;
	expect_error("a 1", "line 1, column 3: expected '=' or '{' after 'a', found '1'");
	expect_error("a\n", "line 2, column 1: expected '=' or '{' after 'a', found the end of "
	                    "input");
	expect_error("s {\n  key \"v\"\n}", "line 2, column 7: expected '=' or '{' after 'key', "
	                                    "found '\"'");
	expect_error("= 1", "line 1, column 1: missing key before '='");
	expect_error("{ }", "line 1, column 1: missing section name before '{'");
	expect_error("a = 1 = 2", "line 1, column 7: missing key before '='");
	/* Keys in messages are escaped and cut short: a message is one line. */
	expect_error("\"a\nb'\\\\\" x", "line 2, column 7: expected '=' or '{' after "
	                                "'a\\x0ab\\x27\\x5c', found 'x'");
	expect_error("\"0123456789012345678901234567890123456789xyz\" 1",
	             "line 1, column 47: expected '=' or '{' after "
	             "'0123456789012345678901234567890123456789...', found '1'");
}

static void test_error_bad_numbers(void **state)
{
	(void)state;
	expect_error("a = 12abc", "line 1, column 5: invalid number '12abc'");
	expect_error("a = 0x10", "line 1, column 5: invalid number '0x10': hexadecimal is not "
	                         "supported");
	expect_error("a = -0X1f", "line 1, column 5: invalid number '-0X1f': hexadecimal is not "
	                          "supported");
	expect_error("a = 1e5", "line 1, column 5: invalid number '1e5': exponents are not "
	                        "supported");
	expect_error("a = 1.2.3", "line 1, column 5: invalid number '1.2.3'");
	expect_error("a = -", "line 1, column 5: invalid number '-'");
	expect_error("a = .", "line 1, column 5: invalid number '.'");
	expect_error("a = +.", "line 1, column 5: invalid number '+.'");
	expect_error("a = --1", "line 1, column 5: invalid number '--1'");
	expect_error("a = [1, 2x]", "line 1, column 9: invalid number '2x'");
	expect_error("a = 09", "line 1, column 5: invalid number '09': a leading 0 means octal, "
	                       "and 9 is no octal digit");
	expect_error("a = 12\"x\"", "line 1, column 5: invalid number '12\"x\"'");
}

static void test_error_overflow(void **state)
{
	char big[1200];

	(void)state;
	expect_error("a = 9223372036854775808", "line 1, column 5: integer '9223372036854775808' "
	                                        "is out of range (64-bit signed)");
	expect_error("a = -9223372036854775809", "line 1, column 5: integer "
	                                         "'-9223372036854775809' is out of range "
	                                         "(64-bit signed)");
	expect_error("a = 99999999999999999999999", "line 1, column 5: integer "
	                                            "'99999999999999999999999' is out of "
	                                            "range (64-bit signed)");
	expect_error("a = 01000000000000000000000", "line 1, column 5: integer "
	                                            "'01000000000000000000000' is out of "
	                                            "range (64-bit signed)");
	/* 1e400 has no double. */
	memset(big, 0, sizeof(big));
	strcpy(big, "a = 1");
	memset(big + 5, '0', 400);
	strcat(big, ".0");
	expect_error(big, "line 1, column 5: number '100000000000000000000000000000000000000"
	                  "0...' is out of range");
	/* And a number may not be endless. */
	memset(big + 5, '0', 1100);
	big[1105] = '\0';
	expect_error(big, "line 1, column 5: number longer than 1024 characters");
}

/* lvm2's one exception: a creation_time past 2^63 (old 32-bit lvm2 wrote
 * some) reads as 2018-05-24, and the root says so; any other key, or a
 * negative time, is still an error. */
static void test_overflow_creation_time(void **state)
{
	struct cfg_node *root;
	int64_t t = 0;

	(void)state;
	root = parse_ok("lv { creation_time = 12029933779523993599\nx = 1 }\n");
	assert_int_equal(cfg_get_int(root, "lv/creation_time", &t), 0);
	assert_int_equal(t, 1527120000);
	assert_true(root->flags & CFG_F_REPAIRED_TIME);
	cfg_free(root);
	root = parse_ok("lv { creation_time = 1527120001 }\n");
	assert_false(root->flags & CFG_F_REPAIRED_TIME);
	cfg_free(root);
	expect_error("creation_time = -12029933779523993599",
	             "line 1, column 17: integer '-12029933779523993599' is out of range (64-bit "
	             "signed)");
	expect_error("removal_time = 12029933779523993599",
	             "line 1, column 16: integer '12029933779523993599' is out of range (64-bit "
	             "signed)");
}

static void test_error_depth(void **state)
{
	struct strbuf text = STRBUF_INIT;
	struct cfg_node *root;

	(void)state;
	/* 64 levels are fine in metadata, 65 are not. */
	for (int i = 0; i < 63; i++)
		strbuf_addstr(&text, "a{");
	strbuf_addstr(&text, "x=1");
	for (int i = 0; i < 63; i++)
		strbuf_addch(&text, '}');
	root = parse_md(text.buf);
	cfg_free(root);

	strbuf_reset(&text);
	for (int i = 0; i < 64; i++)
		strbuf_addstr(&text, "a{");
	strbuf_addstr(&text, "x=1");
	expect_error_md(text.buf,
	                "line 1, column 129: 'x' is nested deeper than 64 levels (limit)");

	/* Path elements count as levels. */
	strbuf_reset(&text);
	for (int i = 0; i < 62; i++)
		strbuf_addstr(&text, "a{");
	strbuf_addstr(&text, "b/c/d=1");
	expect_error_md(text.buf,
	                "line 1, column 125: 'b/c/d' is nested deeper than 64 levels (limit)");

	/* A hostile stack of brackets stops at the limit, not in the stack. */
	strbuf_reset(&text);
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&text, "a{");
	expect_error_md(text.buf,
	                "line 1, column 129: 'a' is nested deeper than 64 levels (limit)");
	strbuf_release(&text);
}

static void test_error_too_many_nodes(void **state)
{
	struct cfg_limits lim = cfg_limits_config;

	(void)state;
	lim.max_nodes = 4;
	expect_error_len("a=1 b=2 c=3 d=4 e=5", 19, &lim,
	                 "line 1, column 17: too many values: more than the limit of 4");
	/* List items count. */
	expect_error_len("a = [1, 2, 3, 4]", 16, &lim,
	                 "line 1, column 15: too many values: more than the limit of 4");
	/* So do the sections a path makes. */
	expect_error_len("a/b/c/d/e = 1", 13, &lim,
	                 "line 1, column 1: too many values: more than the limit of 4");
}

static void test_error_duplicates(void **state)
{
	(void)state;
	expect_error_md("a = 1\na = 2\n",
	                "line 2, column 1: duplicate key 'a' (first at line 1, column 1)");
	expect_error_md("vg {\n\tpv0 { }\n\tpv0 { }\n}\n",
	                "line 3, column 2: duplicate key 'pv0' (first at line 2, column 2)");
	expect_error_md("vg { a = 1 }\nvg { b = 2 }\n",
	                "line 2, column 1: duplicate key 'vg' (first at line 1, column 1)");
	/* A section and a value of one name clash in any mode. */
	expect_error("a = 1\na { }\n",
	             "line 2, column 1: 'a' is already a value (line 1, column 1)");
	expect_error("a { }\na = 1\n",
	             "line 2, column 1: 'a' is already a section (line 1, column 1)");
	expect_error("a = 1\na/b = 2\n",
	             "line 2, column 1: 'a' is a value (line 1, column 1), not a section");
}

static void test_error_garbage(void **state)
{
	(void)state;
	expect_error("\x01", "line 1, column 1: expected a key, found byte 0x01");
	expect_error("a = 1\n\xff\xfe", "line 2, column 1: expected a key, found byte 0xff");
	expect_error("a\xff = 1", "line 1, column 2: invalid character byte 0xff in key");
	expect_error("a$b = 1", "line 1, column 2: invalid character '$' in key");
	expect_error("a = \x02", "line 1, column 5: expected a value, found byte 0x02");
	expect_error("a = ab\x7f", "line 1, column 7: unexpected byte 0x7f in a value");
	expect_error("a = }", "line 1, column 5: expected a value, found '}'");
	expect_error("a = ,", "line 1, column 5: expected a value, found ','");
	expect_error("a = [1,,2]", "line 1, column 8: expected a value before ','");
	expect_error("a = [,]", "line 1, column 6: expected a value before ','");
	expect_error("a = [[1]]", "line 1, column 6: nested lists are not supported");
	expect_error("a = [1, {", "line 1, column 9: expected a value, found '{'");
	expect_error("}", "line 1, column 1: unexpected '}': no section is open");
	expect_error("a { } }", "line 1, column 7: unexpected '}': no section is open");
	expect_error("[", "line 1, column 1: expected a key, found '['");
	expect_error("\"\" = 1", "line 1, column 1: empty key");
	expect_error("/ = 1", "line 1, column 1: empty key '/'");
}

static void test_error_truncated(void **state)
{
	(void)state;
	expect_error_md("vg {\n\ta = 1\n", "line 3, column 1: unexpected end of input: section "
	                                   "'vg' (line 1, column 4) is not closed");
	expect_error_md("vg {\n\tlvs {\n\t\tlv {", "line 3, column 7: unexpected end of input: "
	                                           "section 'lv' (line 3, column 6) is not "
	                                           "closed");
	expect_error_md("a =", "line 1, column 4: expected a value, found the end of input");
	expect_error_md("a = [1, 2", "line 1, column 5: unterminated list: no ']' before the end "
	                             "of input");
	expect_error_md("a = [", "line 1, column 5: unterminated list: no ']' before the end of "
	                         "input");
}

static void test_error_limits(void **state)
{
	struct cfg_limits lim = cfg_limits_config;
	struct cfg_node *root;
	char padded[100] = "a = 1";

	(void)state;
	lim.max_string = 4;
	root = parse_with("abcd = \"1234\"", 13, &lim);
	cfg_free(root);
	/* The limit is on the text as read, escapes undone. */
	root = parse_with("a = \"\\\\\\\\\\\\\\\\\"", 14, &lim);
	assert_string_equal(get_str(root, "a"), "\\\\\\\\");
	cfg_free(root);
	expect_error_len("a = \"12345\"", 11, &lim,
	                 "line 1, column 5: string longer than 4 bytes (limit)");
	expect_error_len("a = '12345'", 11, &lim,
	                 "line 1, column 5: string longer than 4 bytes (limit)");
	expect_error_len("a = abcde", 9, &lim,
	                 "line 1, column 5: value longer than 4 bytes (limit)");
	expect_error_len("abcde = 1", 9, &lim, "line 1, column 1: key longer than 4 bytes (limit)");
	expect_error_len("\"abcde\" = 1", 11, &lim,
	                 "line 1, column 1: key longer than 4 bytes (limit)");

	lim = cfg_limits_config;
	lim.max_input = 10;
	expect_error_len("a = 123456789", 13, &lim,
	                 "line 1, column 1: the text is 13 bytes, more than the limit of 10");
	/* What counts is the text before the NUL, not the buffer. */
	root = parse_with(padded, sizeof(padded), &lim);
	assert_int_equal(get_int(root, "a"), 1);
	cfg_free(root);
}

static void test_error_no_err_buffer(void **state)
{
	(void)state;
	assert_null(cfg_parse("a = ", 4, &cfg_limits_config, NULL));
}

/* cfg_parse_arena builds the same tree as cfg_parse (compared through the
 * emitter, on lvm2's own texts) and gives the same errors. */
static void test_arena_same_parse(void **state)
{
	static const char *const names[] = {"a_disk", "a_file", "b_disk", "c_file"};
	static const char *const bad[] = {"a { b = 1", "a = = 1", "x { y = 1 y = 2 }",
	                                  "a = [1, [2]]", "\"\" = 1"};
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		size_t len;
		char *text = unit_lvm2_text(names[i], &len);
		struct strbuf e1 = STRBUF_INIT, e2 = STRBUF_INIT;
		struct cfg_node *a = cfg_parse(text, len, &cfg_limits_metadata, NULL);
		struct cfg_node *b = cfg_parse_arena(text, len, &cfg_limits_metadata, NULL);
		assert_non_null(a);
		assert_non_null(b);
		cfg_emit(a, &cfg_emit_file, &e1);
		cfg_emit(b, &cfg_emit_file, &e2);
		assert_string_equal(e1.buf, e2.buf);
		cfg_free(a);
		cfg_free(b);
		strbuf_release(&e1);
		strbuf_release(&e2);
		free(text);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct strbuf e1 = STRBUF_INIT, e2 = STRBUF_INIT;
		assert_null(cfg_parse(bad[i], strlen(bad[i]), &cfg_limits_metadata, &e1));
		assert_null(cfg_parse_arena(bad[i], strlen(bad[i]), &cfg_limits_metadata, &e2));
		assert_string_equal(e1.buf, e2.buf);
		strbuf_release(&e1);
		strbuf_release(&e2);
	}
}

/* cfg_parse_head stops at the first section nested in a section: the
 * VG's own values come back, its PVs and LVs and what follows do not, and
 * an error past the head goes unseen. */
static void test_parse_head(void **state)
{
	const char *text = "contents = \"x\"\nvg {\nid = \"i\"\nseqno = 3\n"
	                   "physical_volumes {\npv0 { = broken\n}\n}\nafter = 1\n}\nlast = 2\n";
	struct cfg_node *root = cfg_parse_head(text, strlen(text), &cfg_limits_metadata, NULL);
	int64_t v;
	(void)state;
	assert_non_null(root);
	assert_int_equal(cfg_get_int(root, "vg/seqno", &v), 0);
	assert_int_equal(v, 3);
	assert_null(cfg_find(root, "vg/physical_volumes"));
	assert_null(cfg_find(root, "vg/after"));
	assert_null(cfg_find(root, "last"));
	cfg_free(root);
	/* the whole text does not parse */
	assert_null(cfg_parse(text, strlen(text), &cfg_limits_metadata, NULL));
	/* an error inside the head is an error */
	assert_null(cfg_parse_head("vg {\nseqno = = 3\n", 17, &cfg_limits_metadata, NULL));
}

/* cfg_parse_stream: what the callbacks see, what is dropped after them,
 * and when the parser says the stream did not see the whole. */
struct seen {
	int opened, closed;
	char last[64];
	int whole; /* each closed section had its nested value */
};

static int seen_open(void *ctx, struct cfg_node *sec)
{
	struct seen *s = ctx;
	s->opened++;
	return !strcmp(sec->key, "lvs");
}

static int seen_closed(void *ctx, struct cfg_node *sec)
{
	struct seen *s = ctx;
	s->closed++;
	snprintf(s->last, sizeof(s->last), "%s", sec->key);
	if (!cfg_find(sec, "seg/z"))
		s->whole = 0;
	return 1;
}

static struct cfg_node *stream(const char *text, struct seen *s, struct cfg_stream *st)
{
	*s = (struct seen){0, 0, "", 1};
	*st = (struct cfg_stream){seen_open, seen_closed, s, 0, 0};
	return cfg_parse_stream(text, strlen(text), &cfg_limits_metadata, NULL, st);
}

static void test_parse_stream(void **state)
{
	static const char text[] =
	    "vg {\na = 1\npvs {\np0 { x = 1 }\n}\nlvs {\n"
	    "l1 { x = 1\nseg { z = 2 } }\nl2 { x = 2\nseg { z = 3 } }\n}\n}\n"
	    "after = 1\n";
	struct cfg_stream st;
	struct seen s;
	struct cfg_node *root;
	int64_t v;
	(void)state;

	root = stream(text, &s, &st);
	assert_non_null(root);
	/* "pvs" and "lvs" opened; only the sections of "lvs" streamed, each
	 * whole when handed over */
	assert_int_equal(s.opened, 2);
	assert_int_equal(s.closed, 2);
	assert_string_equal(s.last, "l2");
	assert_true(s.whole);
	assert_false(st.broken);
	assert_true(st.dropped);
	/* dropped: the LVs are there, empty; the rest of the tree is whole */
	assert_non_null(cfg_find(root, "vg/lvs/l1"));
	assert_null(cfg_find(root, "vg/lvs/l1/x"));
	assert_non_null(cfg_find(root, "vg/pvs/p0/x"));
	assert_int_equal(cfg_get_int(root, "after", &v), 0);
	cfg_free(root);

	/* the first section changed after its LVs: an entry after them, a
	 * path key into it or into a streamed section */
	root = stream("vg {\nlvs {\nl1 { x = 1 }\n}\nb = 2\n}\n", &s, &st);
	assert_non_null(root);
	assert_true(st.broken);
	cfg_free(root);
	root = stream("vg {\nlvs {\nl1 { x = 1 }\n}\n}\nvg/c = 1\n", &s, &st);
	assert_non_null(root);
	assert_true(st.broken);
	cfg_free(root);
	root = stream("vg {\nlvs {\nl1 { x = 1 }\nl1/y = 2\n}\n}\n", &s, &st);
	assert_non_null(root);
	assert_true(st.broken);
	cfg_free(root);
	/* as lvm2 writes it, with a value after the first section: whole */
	root = stream("vg {\nlvs {\nl1 { x = 1 }\n}\n}\nc = 1\n", &s, &st);
	assert_non_null(root);
	assert_false(st.broken);
	cfg_free(root);

	/* a section with more keys than are walked goes into the key table:
	 * handed over, but not dropped (the table points into it) */
	root =
	    stream("vg {\nlvs {\nl1 { a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=10 }\n}\n}\n", &s, &st);
	assert_non_null(root);
	assert_int_equal(s.closed, 1);
	assert_false(st.dropped);
	assert_int_equal(cfg_get_int(root, "vg/lvs/l1/j", &v), 0);
	cfg_free(root);

	/* errors as in a whole parse */
	{
		const char *bad = "vg {\nlvs {\nl1 { x = = 1 }\n}\n}\n";
		struct strbuf e1 = STRBUF_INIT, e2 = STRBUF_INIT;
		st = (struct cfg_stream){seen_open, seen_closed, &s, 0, 0};
		assert_null(cfg_parse_stream(bad, strlen(bad), &cfg_limits_metadata, &e1, &st));
		assert_null(cfg_parse_arena(bad, strlen(bad), &cfg_limits_metadata, &e2));
		assert_string_equal(e1.buf, e2.buf);
		strbuf_release(&e1);
		strbuf_release(&e2);
	}
	/* except one the dropped contents would have shown (a duplicate of a
	 * key dropped already): it says broken, and the caller parses whole */
	root = stream("vg {\nlvs {\nl1 { x = 1 }\n}\n}\nvg/lvs/l1/x = 2\n", &s, &st);
	assert_non_null(root);
	assert_true(st.broken);
	cfg_free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_input),
	    cmocka_unit_test(test_integers),
	    cmocka_unit_test(test_floats),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_multiline_string_positions),
	    cmocka_unit_test(test_comments),
	    cmocka_unit_test(test_lists),
	    cmocka_unit_test(test_sections),
	    cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_duplicates_config),
	    cmocka_unit_test(test_positions),
	    cmocka_unit_test(test_stops_at_nul),
	    cmocka_unit_test(test_many_keys),
	    cmocka_unit_test(test_getters),
	    cmocka_unit_test(test_error_unterminated_string),
	    cmocka_unit_test(test_error_embedded_nul),
	    cmocka_unit_test(test_error_missing_equals),
	    cmocka_unit_test(test_error_bad_numbers),
	    cmocka_unit_test(test_error_overflow),
	    cmocka_unit_test(test_overflow_creation_time),
	    cmocka_unit_test(test_error_depth),
	    cmocka_unit_test(test_error_too_many_nodes),
	    cmocka_unit_test(test_error_duplicates),
	    cmocka_unit_test(test_error_garbage),
	    cmocka_unit_test(test_error_truncated),
	    cmocka_unit_test(test_error_limits),
	    cmocka_unit_test(test_error_no_err_buffer),
	    cmocka_unit_test(test_arena_same_parse),
	    cmocka_unit_test(test_parse_head),
	    cmocka_unit_test(test_parse_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
