/* Allocation that never returns NULL: see xalloc.h for why dying is the
 * right answer for a short-lived command. */
#include "misc/xalloc.h"

#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

_Noreturn void fatal_oom(size_t size)
{
	fflush(stdout);
	fprintf(stderr, "  Out of memory: cannot allocate %zu bytes.\n", size);
	exit(5);
}

_Noreturn void fatal_bug(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("  Internal error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(".\n", stderr);
	abort();
}

/* ---- large metadata: the heap in huge pages ----
 *
 * A command over a VG of ten thousand LVs builds some 15 MB of small
 * objects, and each 4 KiB page of it costs a page fault when first
 * touched: on the virtual machines measured, a fault cost 5 to 10 us, so
 * that `lvs` spent half of its time in them.  Once a large text is ahead
 * (xalloc_expect_large), the heap grows in large steps, large blocks stay
 * on it instead of getting mappings of their own, and each step is marked
 * for transparent huge pages (a fault per 2 MiB).  Small commands never
 * get here: a huge page costs more to clear than the few pages they use. */
static int thp_on;
static uintptr_t thp_seen; /* the heap's end when last looked at */

#define THP_SIZE ((uintptr_t)2 << 20)

/* `x` rounded up to a huge page boundary */
static uintptr_t thp_round_up(uintptr_t x)
{
	return (x + THP_SIZE - 1) & ~(THP_SIZE - 1);
}

/* The spacer (below): kept for the rest of the command and never touched;
 * held here so that the compiler cannot drop the unused allocation. */
static void *volatile spacer;

static void thp_check(void)
{
	uintptr_t end = (uintptr_t)sbrk(0), from;

	if (end <= thp_seen)
		return;
	/* only whole huge pages can be huge */
	from = thp_round_up(thp_seen);
	if (from < end)
		(void)madvise((void *)from, end - from, MADV_HUGEPAGE);
	thp_seen = end;
}

void xalloc_expect_large(size_t text_bytes)
{
	uintptr_t end, top, want;
	size_t pad;

	if (thp_on || text_bytes < XALLOC_LARGE_TEXT)
		return;
	end = (uintptr_t)sbrk(0);
	if (end == (uintptr_t)-1)
		return;
	thp_on = 1;
	/* The model and the report take a few times the text: the heap grows
	 * in steps of that (under main()'s trim threshold, so that nothing is
	 * given back and taken again). */
	pad = text_bytes > (6u << 20) ? (48u << 20) : text_bytes * 8;
	pad = (size_t)thp_round_up(pad);
	mallopt(M_TOP_PAD, (int)pad);

	/* A huge page is only made where nothing of its 2 MiB was touched
	 * before the advice, and malloc writes a block's header as it hands
	 * the block out.  So the heap grows now, by a spacer block that ends
	 * just below a huge page boundary (its body is never touched): the
	 * header of what follows, the text read next, is the last thing
	 * below that boundary, and from there on all is advised before use.
	 * glibc's top block runs to the break (its size is keepcost). */
	top = end - mallinfo2().keepcost;
	want = thp_round_up(end);
	if (want - top >= 64) {
		/* a block of n bytes takes n + 8 rounded to 16, from `top` on;
		 * the next block's 16-byte header then ends at `want` */
		spacer = malloc(want - top - 16 - 8);
	}
	thp_seen = want;
	thp_check();
}

void *xmalloc(size_t size)
{
	/* malloc(0) may legitimately return NULL; ask for one byte instead so
	 * that NULL always means failure. */
	void *p = malloc(size ? size : 1);

	if (!p)
		fatal_oom(size);
	if (thp_on)
		thp_check();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (!nmemb || !size)
		nmemb = size = 1;
	/* calloc checks nmemb * size for overflow itself. */
	p = calloc(nmemb, size);
	if (!p)
		fatal_oom(size > SIZE_MAX / nmemb ? SIZE_MAX : nmemb * size);
	if (thp_on)
		thp_check();
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	/* realloc(p, 0) frees p in glibc and returns NULL: never ask for 0. */
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		fatal_oom(size);
	if (thp_on)
		thp_check();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p;

	if (len == SIZE_MAX)
		fatal_oom(len);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
