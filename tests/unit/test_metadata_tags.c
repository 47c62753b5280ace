/* Tags: lib/metadata/names.c tag_problem() against lvm2 2.03.16's
 * validate_tag (lib/misc/lvm-string.c), and the tag list changes of
 * lib/metadata/vg.c against lvm2's str_list (what its lvchange and
 * vgchange leave).  Checked in the sandbox with lvm2 2.03.16 (Debian 12):
 * "A-z_0.9+/=!:&#" and the long tags accepted, "", "bad$", "a,b", "x y",
 * "@" and "@x" (as "--addtag @@x") refused with exit 3, and the order of
 * the tags in the text (vgcfgbackup); the other cases follow lvm2's
 * character list. */
#define VGTOOL_UNIT_MODEL
#include "unit.h"

#include "metadata/format/text.h"
#include "metadata/names.h"
#include "misc/strbuf.h"

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void test_tag_characters(void **state)
{
	/* valid for lvm2 */
	static const char *const good[] = {
	    "a", "vt1", "A-z_0.9+/=!:&#", "-", ".", "..", "/", "=x", "k=v", "host:1", "a&b", "#",
	};
	/* ... and invalid */
	static const char *const bad[] = {
	    "", "bad$", "a,b", "x y", "@x", "@", "a@b", "a\"b", "a\tb", "a\n", "a\xc3\xa9", "a*",
	};
	int failed = 0;
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (tag_problem(good[i])) {
			print_error("\"%s\" refused: %s\n", good[i], tag_problem(good[i]));
			failed = 1;
		}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (!tag_problem(bad[i])) {
			print_error("\"%s\" accepted\n", bad[i]);
			failed = 1;
		}
	assert_non_null(tag_problem(NULL));
	if (failed)
		fail();
}

/* No length limit: lvm2 2.03.16 stored tags of 1024, 1025 and 5000
 * characters. */
static void test_tag_length(void **state)
{
	static const size_t lens[] = {1, 127, 128, 1024, 1025, 5000};
	(void)state;
	for (size_t i = 0; i < sizeof(lens) / sizeof(*lens); i++) {
		char *s = repeat('q', lens[i]);
		assert_null(tag_problem(s));
		free(s);
	}
}

static void assert_tags(const struct tag_list *tl, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < tl->n; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "", tl->tags[i]);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_add_and_delete(void **state)
{
	struct tag_list tl = {0};
	(void)state;
	/* `vgcreate --addtag x --addtag x --addtag y`: x once */
	assert_int_equal(tag_list_add_new(&tl, "x"), 1);
	assert_int_equal(tag_list_add_new(&tl, "x"), 0);
	assert_int_equal(tag_list_add_new(&tl, "y"), 1);
	assert_tags(&tl, "x,y");
	/* `vgchange --addtag z`, `vgchange --deltag y --addtag y`, then
	 * `--addtag q`: lvm2's text said ["x", "z", "y", "q"] (a tag added
	 * again goes to the end) */
	tag_list_add_new(&tl, "z");
	assert_int_equal(tag_list_del(&tl, "y"), 1);
	tag_list_add_new(&tl, "y");
	tag_list_add_new(&tl, "q");
	assert_tags(&tl, "x,z,y,q");
	/* deleting a tag not there changes nothing */
	assert_int_equal(tag_list_del(&tl, "nosuch"), 0);
	assert_int_equal(tag_list_del(&tl, "x"), 1);
	assert_int_equal(tag_list_del(&tl, "q"), 1);
	assert_tags(&tl, "z,y");
	assert_int_equal(tag_list_has(&tl, "z"), 1);
	assert_int_equal(tag_list_has(&tl, "x"), 0);
	assert_int_equal(tag_list_del(&tl, "z"), 1);
	assert_int_equal(tag_list_del(&tl, "y"), 1);
	assert_int_equal(tl.n, 0);
	assert_int_equal(tag_list_del(&tl, "y"), 0);
	tag_list_free(&tl);
}

static void test_has_any(void **state)
{
	struct tag_list tl = {0};
	char *one[] = {"b"}, *two[] = {"nope", "a"}, *none[] = {"c", "d"};
	(void)state;
	assert_int_equal(tag_list_has_any(&tl, one, 1), 0);
	tag_list_add_new(&tl, "a");
	tag_list_add_new(&tl, "b");
	assert_int_equal(tag_list_has_any(&tl, one, 1), 1);
	assert_int_equal(tag_list_has_any(&tl, two, 2), 1);
	assert_int_equal(tag_list_has_any(&tl, none, 2), 0);
	assert_int_equal(tag_list_has_any(&tl, NULL, 0), 0);
	tag_list_free(&tl);
}

/* Tags with every allowed character, and a long one, survive the text:
 * what vgtool writes, lvm2 and vgtool read back alike. */
static void test_text_round_trip(void **state)
{
	struct vg *vg = vg_new("vg", 8192), *back;
	struct pv *pv = vg_add_pv(vg, ids[0], 131072, 2048, 15);
	struct lv *lv = linear(vg, "lv", ids[2], pv, 0, 4);
	struct text_origin o = {"desc", "host", "Linux host", 1795644825};
	struct strbuf out = STRBUF_INIT;
	char *big = repeat('k', 5000);
	(void)state;
	memcpy(vg->id, ids[1], sizeof(vg->id));
	tag_list_add_new(&vg->tags, "x");
	tag_list_add_new(&vg->tags, "A-z_0.9+/=!:&#");
	tag_list_add_new(&lv->tags, big);
	tag_list_add_new(&lv->tags, "b");
	tag_list_add_new(&pv->tags, "pt1");
	text_export_vg(vg, TEXT_DISK, &o, &out);
	back = text_import_vg(out.buf, out.len, "t");
	assert_non_null(back);
	assert_tags(&back->tags, "x,A-z_0.9+/=!:&#");
	assert_int_equal(back->lvs[0]->tags.n, 2);
	assert_string_equal(back->lvs[0]->tags.tags[0], big);
	assert_string_equal(back->lvs[0]->tags.tags[1], "b");
	assert_tags(&back->pvs[0]->tags, "pt1");
	vg_free(back);
	vg_free(vg);
	strbuf_release(&out);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tag_characters),  cmocka_unit_test(test_tag_length),
	    cmocka_unit_test(test_add_and_delete),  cmocka_unit_test(test_has_any),
	    cmocka_unit_test(test_text_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
