/* The growable string: its invariants (buf never NULL, always terminated,
 * detach hands over memory the caller frees) and its growth. */
#include "unit.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "misc/strbuf.h"

static void assert_invariants(const struct strbuf *sb)
{
	assert_non_null(sb->buf);
	assert_int_equal(sb->buf[sb->len], '\0');
	if (sb->alloc)
		assert_true(sb->len < sb->alloc);
	else
		assert_int_equal(sb->len, 0);
}

static void test_init_is_empty_string(void **state)
{
	struct strbuf a = STRBUF_INIT, b;

	(void)state;
	assert_invariants(&a);
	assert_string_equal(a.buf, "");
	assert_ptr_equal(a.buf, strbuf_empty);

	strbuf_init(&b, 0);
	assert_invariants(&b);
	assert_int_equal(b.alloc, 0);
	strbuf_release(&b);

	/* A hint allocates at once, and the text is still "". */
	strbuf_init(&b, 100);
	assert_invariants(&b);
	assert_true(b.alloc >= 101);
	assert_string_equal(b.buf, "");
	strbuf_release(&b);
	assert_invariants(&b);
	assert_ptr_equal(b.buf, strbuf_empty);

	/* Releasing twice, or releasing a never-used strbuf, is fine. */
	strbuf_release(&a);
	strbuf_release(&a);
	assert_invariants(&a);
}

static void test_appends(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, "");
	assert_invariants(&sb);
	strbuf_addstr(&sb, "Volume group");
	strbuf_addch(&sb, ' ');
	strbuf_addf(&sb, "\"%s\" has %d LVs", "vg0", 3);
	strbuf_add(&sb, ", ok", 4);
	strbuf_add(&sb, "ignored", 0);
	assert_invariants(&sb);
	assert_string_equal(sb.buf, "Volume group \"vg0\" has 3 LVs, ok");
	assert_int_equal(sb.len, strlen(sb.buf));

	strbuf_reset(&sb);
	assert_invariants(&sb);
	assert_string_equal(sb.buf, "");
	strbuf_addf(&sb, "%s", "");
	assert_invariants(&sb);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

static void test_embedded_nul(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_add(&sb, "a\0b", 3);
	strbuf_addch(&sb, '\0');
	strbuf_addch(&sb, 'c');
	assert_int_equal(sb.len, 5);
	assert_memory_equal(sb.buf, "a\0b\0c", 6);
	assert_invariants(&sb);
	strbuf_release(&sb);
}

static void test_growth(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *big;
	size_t i;

	(void)state;
	for (i = 0; i < 100000; i++)
		strbuf_addch(&sb, 'a' + (char)(i % 26));
	assert_int_equal(sb.len, 100000);
	assert_invariants(&sb);
	for (i = 0; i < 100000; i++)
		assert_int_equal(sb.buf[i], 'a' + (char)(i % 26));

	/* A formatted append far larger than the space left. */
	big = malloc(70001);
	memset(big, 'x', 70000);
	big[70000] = '\0';
	strbuf_reset(&sb);
	strbuf_addf(&sb, "<%s>%d", big, 42);
	assert_int_equal(sb.len, 70004);
	assert_int_equal(sb.buf[0], '<');
	assert_string_equal(sb.buf + 70001, ">42");
	assert_invariants(&sb);
	free(big);

	/* Growing leaves the contents alone and reserves the space. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "keep");
	strbuf_grow(&sb, 1 << 20);
	assert_true(sb.alloc >= sb.len + (1 << 20) + 1);
	assert_string_equal(sb.buf, "keep");
	strbuf_release(&sb);
}

static void test_self_append(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	(void)state;
	strbuf_addstr(&sb, "ab");
	/* Each append doubles the text from inside the buffer itself, across
	 * reallocations. */
	for (i = 0; i < 16; i++)
		strbuf_add(&sb, sb.buf, sb.len);
	assert_int_equal(sb.len, 2u << 16);
	for (i = 0; i < (2 << 16); i += 2)
		assert_memory_equal(sb.buf + i, "ab", 2);
	strbuf_addstr(&sb, sb.buf + sb.len - 3);
	assert_string_equal(sb.buf + sb.len - 7, "ababbab");
	assert_invariants(&sb);
	strbuf_release(&sb);
}

static void test_setlen(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_setlen(&sb, 0); /* allowed on the shared empty buffer */
	assert_invariants(&sb);
	strbuf_addstr(&sb, "pv0 pv1");
	strbuf_setlen(&sb, 3);
	assert_string_equal(sb.buf, "pv0");
	assert_invariants(&sb);
	strbuf_release(&sb);
}

static void test_detach(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 99;
	char *s;

	(void)state;
	/* Even an empty, never-allocated strbuf yields memory to free. */
	s = strbuf_detach(&sb, &len);
	assert_int_equal(len, 0);
	assert_string_equal(s, "");
	assert_ptr_not_equal(s, strbuf_empty);
	free(s);
	assert_invariants(&sb);

	strbuf_addstr(&sb, "vg0/lv0");
	s = strbuf_detach(&sb, NULL);
	assert_string_equal(s, "vg0/lv0");
	assert_invariants(&sb);
	assert_ptr_equal(sb.buf, strbuf_empty);
	/* The strbuf is reusable and independent of the detached string. */
	strbuf_addstr(&sb, "other");
	assert_string_equal(s, "vg0/lv0");
	free(s);
	strbuf_release(&sb);
}

/* Runs fn in a child and returns its wait status. */
static int in_child(void (*fn)(void))
{
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* Keep the expected complaint out of the test output. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(99);
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void setlen_too_far(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "abc");
	strbuf_setlen(&sb, sb.alloc);
}

static void setlen_on_empty(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_setlen(&sb, 1);
}

static void grow_overflow(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "abc");
	strbuf_grow(&sb, SIZE_MAX - 2);
}

/* Breaking an invariant is a bug: stop at once rather than corrupt. */
static void test_misuse_aborts(void **state)
{
	int status;

	(void)state;
	status = in_child(setlen_too_far);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	status = in_child(setlen_on_empty);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	status = in_child(grow_overflow);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_is_empty_string),
	    cmocka_unit_test(test_appends),
	    cmocka_unit_test(test_embedded_nul),
	    cmocka_unit_test(test_growth),
	    cmocka_unit_test(test_self_append),
	    cmocka_unit_test(test_setlen),
	    cmocka_unit_test(test_detach),
	    cmocka_unit_test(test_misuse_aborts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
