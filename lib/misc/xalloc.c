/* Allocation that never returns NULL: see xalloc.h for why dying is the
 * right answer for a short-lived command. */
#include "misc/xalloc.h"

#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void *xmalloc(size_t size)
{
	/* malloc(0) may legitimately return NULL; ask for one byte instead so
	 * that NULL always means failure. */
	void *p = malloc(size ? size : 1);

	if (!p)
		fatal_oom(size);
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
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	/* realloc(p, 0) frees p in glibc and returns NULL: never ask for 0. */
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		fatal_oom(size);
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
