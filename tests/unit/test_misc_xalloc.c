/* Allocation that never returns NULL, and stops the command with lvm2's
 * "failed" exit code 5 and one line on stderr when memory runs out. */
#include "unit.h"

#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "misc/xalloc.h"

/* Under AddressSanitizer an impossible request must fail like glibc's
 * malloc does (NULL) instead of stopping the test. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifdef UNDER_ASAN
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif

static void test_never_null(void **state)
{
	char *p, *q;
	int *z;

	(void)state;
	/* Zero-sized requests still give a pointer to free. */
	p = xmalloc(0);
	assert_non_null(p);
	p = xrealloc(p, 0);
	assert_non_null(p);
	free(p);
	z = xcalloc(0, sizeof(int));
	assert_non_null(z);
	free(z);

	z = xcalloc(1000, sizeof(int));
	for (int i = 0; i < 1000; i++)
		assert_int_equal(z[i], 0);
	z = xrealloc(z, 100000 * sizeof(int));
	assert_int_equal(z[999], 0);
	free(z);
	z = xrealloc(NULL, 16);
	free(z);

	p = xstrdup("vg0");
	assert_string_equal(p, "vg0");
	free(p);
	p = xstrndup("vg0/lv0", 3);
	assert_string_equal(p, "vg0");
	free(p);
	q = xstrndup("ab", 100);
	assert_string_equal(q, "ab");
	free(q);
	q = xstrdup("");
	assert_string_equal(q, "");
	free(q);
}

/* Runs fn in a child with stderr in a pipe; returns the wait status and
 * what the child wrote. */
static int in_child(void (*fn)(void), char *msg, size_t msgsize)
{
	int fds[2], status = 0;
	ssize_t n;
	size_t got = 0;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(fds[1], 2);
		close(fds[0]);
		fn();
		_exit(0);
	}
	close(fds[1]);
	/* Read to the end, keeping the start, so that the child never dies of
	 * SIGPIPE while it still writes. */
	for (;;) {
		char sink[256];

		if (got < msgsize - 1)
			n = read(fds[0], msg + got, msgsize - 1 - got);
		else
			n = read(fds[0], sink, sizeof(sink));
		if (n <= 0)
			break;
		if (got < msgsize - 1)
			got += (size_t)n;
	}
	msg[got] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void huge_malloc(void)
{
	free(xmalloc(SIZE_MAX >> 1));
}

static void huge_calloc(void)
{
	free(xcalloc(SIZE_MAX / 2, 4));
}

/* Still reachable when xrealloc exits, so that LeakSanitizer does not
 * count it as a leak. */
static void *volatile small_block;

static void huge_realloc(void)
{
	small_block = xmalloc(8);
	small_block = xrealloc(small_block, (SIZE_MAX >> 1) - 1);
	free(small_block);
}

/* The complaint is the last line (AddressSanitizer may warn first). */
static void assert_last_line(const char *msg, const char *want)
{
	size_t m = strlen(msg), w = strlen(want);

	assert_true(m >= w);
	assert_string_equal(msg + m - w, want);
	assert_true(m == w || msg[m - w - 1] == '\n');
}

static void test_out_of_memory_exits_5(void **state)
{
	char msg[256], want[256];
	int status;

	(void)state;
	/* Sizes below 2^63, which valgrind does not take for a negative. */
	status = in_child(huge_malloc, msg, sizeof(msg));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 5);
	snprintf(want, sizeof(want), "  Out of memory: cannot allocate %zu bytes.\n",
	         SIZE_MAX >> 1);
	assert_last_line(msg, want);

	/* The product overflows: reported as SIZE_MAX, not a wrapped value. */
	status = in_child(huge_calloc, msg, sizeof(msg));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 5);
	snprintf(want, sizeof(want), "  Out of memory: cannot allocate %zu bytes.\n", SIZE_MAX);
	assert_last_line(msg, want);

	status = in_child(huge_realloc, msg, sizeof(msg));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 5);
	snprintf(want, sizeof(want), "  Out of memory: cannot allocate %zu bytes.\n",
	         (SIZE_MAX >> 1) - 1);
	assert_last_line(msg, want);
}

/* The flags of the mapping holding `addr`, from /proc/self/smaps ("" when
 * not found). */
static void vm_flags_of(const void *addr, char *flags, size_t size)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	int inside = 0;

	flags[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, ' ') &&
		    !strncmp(strchr(line, ' ') + 1, "rw", 2))
			inside = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
		else if (inside && !strncmp(line, "VmFlags:", 8)) {
			size_t n = strlen(line + 8);
			if (n >= size)
				n = size - 1;
			memcpy(flags, line + 8, n);
			flags[n] = '\0';
			break;
		}
	}
	fclose(f);
}

/* A large metadata text: the block read next starts on a huge page boundary
 * of memory advised for huge pages, the heap's later growth too, and the
 * memory works as any other.  A child each: the setting is once a process.
 * Under AddressSanitizer malloc is not glibc's and only the last holds. */
static void large_text(void)
{
	const size_t text = 3u << 20, huge = (size_t)2 << 20;
	char flags[256], *buf, *more[64];
	size_t i;

	/* as main() does */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	for (i = 0; i < 64; i++)
		more[i] = xmalloc(100 + i * 37); /* a heap in use, as after a scan */
	xalloc_expect_large(text);
	buf = xmalloc(text + 1);
	memset(buf, 'x', text + 1);
#ifndef UNDER_ASAN
	if ((uintptr_t)buf % huge)
		_exit(10);
	vm_flags_of(buf, flags, sizeof(flags));
	if (!strstr(flags, " hg"))
		_exit(11);
	/* grown well past the first step: still advised */
	for (i = 0; i < 64; i++) {
		free(more[i]);
		more[i] = xcalloc(1, 1u << 20);
	}
	vm_flags_of(more[63] + (1u << 20) - 1, flags, sizeof(flags));
	if (!strstr(flags, " hg"))
		_exit(12);
#else
	for (i = 0; i < 64; i++) {
		free(more[i]);
		more[i] = xcalloc(1, 1u << 20);
	}
#endif
	for (i = 0; i < 64; i++) {
		if (more[i][0] || more[i][(1u << 20) - 1])
			_exit(13);
		free(more[i]);
	}
	if (buf[0] != 'x' || buf[text] != 'x')
		_exit(14);
	free(buf);
	(void)huge;
	(void)flags;
}

/* A small text changes nothing: a huge page would cost more to clear than
 * the few pages a small command touches. */
static void small_text(void)
{
	char flags[256], *buf;

	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	xalloc_expect_large(XALLOC_LARGE_TEXT - 1);
	buf = xmalloc(XALLOC_LARGE_TEXT);
	memset(buf, 'x', XALLOC_LARGE_TEXT);
	vm_flags_of(buf, flags, sizeof(flags));
	if (strstr(flags, " hg"))
		_exit(20);
	free(buf);
}

/* A fresh process of this program running one of the two above (the test
 * process's heap holds free blocks of earlier tests, which malloc may
 * rightly use first); its wait status. */
static int fresh_child(const char *which)
{
	int status = -1;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		setenv("XALLOC_TEST_CHILD", which, 1);
		execl("/proc/self/exe", "test_misc_xalloc", (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void test_large_text_heap(void **state)
{
	(void)state;
	/* exit codes: which check failed */
	assert_int_equal(fresh_child("large"), 0);
	assert_int_equal(fresh_child("small"), 0);
}

int main(void)
{
	const char *child = getenv("XALLOC_TEST_CHILD");

	if (child) {
		if (!strcmp(child, "large"))
			large_text();
		else
			small_text();
		return 0;
	}

	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_never_null),
	    cmocka_unit_test(test_out_of_memory_exits_5),
	    cmocka_unit_test(test_large_text_heap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
