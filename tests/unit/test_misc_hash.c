/* lib/misc/hash.c: the model's lookups by name and id.  What hash.h
 * promises: borrowed keys, the first put wins among equal keys, removal of
 * one (key, value) entry, and all of it through growth and removals. */
#include "unit.h"

#include <stdio.h>

#include "misc/hash.h"

static void test_put_get(void **state)
{
	struct hash *h = hash_new();
	int a, b;
	(void)state;
	assert_null(hash_get(h, "lv1"));
	hash_put(h, "lv1", &a);
	hash_put(h, "lv2", &b);
	assert_ptr_equal(hash_get(h, "lv1"), &a);
	assert_ptr_equal(hash_get(h, "lv2"), &b);
	assert_null(hash_get(h, "lv3"));
	assert_null(hash_get(h, ""));
	assert_int_equal(hash_count(h), 2);
	hash_free(h);
	hash_free(NULL);
}

/* Equal keys: the first put is found, whatever was removed or rebuilt
 * in between; removing it uncovers the next. */
static void test_equal_keys(void **state)
{
	struct hash *h = hash_new();
	int v[3];
	char keys[200][16];
	(void)state;
	hash_put(h, "same", &v[0]);
	hash_put(h, "same", &v[1]);
	hash_put(h, "same", &v[2]);
	assert_ptr_equal(hash_get(h, "same"), &v[0]);
	/* enough others to rebuild the table several times */
	for (int i = 0; i < 200; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		hash_put(h, keys[i], &keys[i]);
	}
	assert_ptr_equal(hash_get(h, "same"), &v[0]);
	hash_del(h, "same", &v[1]);
	assert_ptr_equal(hash_get(h, "same"), &v[0]);
	hash_del(h, "same", &v[0]);
	assert_ptr_equal(hash_get(h, "same"), &v[2]);
	/* a removal that matches no entry changes nothing */
	hash_del(h, "same", &v[0]);
	hash_del(h, "none", &v[0]);
	assert_int_equal(hash_count(h), 201);
	hash_del(h, "same", &v[2]);
	assert_null(hash_get(h, "same"));
	for (int i = 0; i < 200; i++)
		assert_ptr_equal(hash_get(h, keys[i]), &keys[i]);
	hash_free(h);
}

/* Puts and removals in turn (an LV renamed again and again): the marks
 * removals leave never make a lookup miss or the table fill. */
static void test_churn(void **state)
{
	struct hash *h = hash_new();
	char keys[64][16];
	(void)state;
	for (int i = 0; i < 64; i++)
		snprintf(keys[i], sizeof(keys[i]), "lv%d", i);
	hash_put(h, keys[0], keys[0]);
	for (int round = 0; round < 10000; round++) {
		int from = round % 64, to = (round + 1) % 64;
		hash_del(h, keys[from], keys[from]);
		hash_put(h, keys[to], keys[to]);
		assert_null(hash_get(h, keys[from]));
		assert_ptr_equal(hash_get(h, keys[to]), keys[to]);
		assert_int_equal(hash_count(h), 1);
	}
	hash_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_put_get),
	    cmocka_unit_test(test_equal_keys),
	    cmocka_unit_test(test_churn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
