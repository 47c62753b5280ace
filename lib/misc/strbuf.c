/* The growable string (see strbuf.h for the invariants). */
#include "misc/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "misc/xalloc.h"

/* Every empty, never-allocated strbuf points here, so that `buf` is always
 * a valid C string without an allocation per strbuf.  Only a '\0' is ever
 * written into it (by strbuf_setlen(sb, 0)). */
char strbuf_empty[1];

/* A broken invariant is a bug in the caller, not a runtime condition;
 * carrying on would corrupt memory, so stop here and say where. */
static _Noreturn void strbuf_bug(const char *what, size_t a, size_t b)
{
	fatal_bug("strbuf: %s (%zu > %zu)", what, a, b);
}

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *res;

	/* The caller always gets memory it may free, even for "". */
	strbuf_grow(sb, 0);
	res = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb, 0);
	return res;
}

void strbuf_reset(struct strbuf *sb)
{
	strbuf_setlen(sb, 0);
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want, next;
	int fresh = !sb->alloc;

	/* len + extra + the terminator, refusing to wrap around. */
	if (extra > SIZE_MAX - 1 - sb->len)
		strbuf_bug("size overflow", extra, SIZE_MAX - 1 - sb->len);
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return;

	/* Grow geometrically so that n appends cost O(n) copies in total. */
	next = sb->alloc < SIZE_MAX / 3 * 2 ? sb->alloc + sb->alloc / 2 : SIZE_MAX;
	if (next < want)
		next = want;
	if (next < 32)
		next = 32;

	sb->buf = xrealloc(fresh ? NULL : sb->buf, next);
	sb->alloc = next;
	if (fresh)
		sb->buf[0] = '\0';
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	size_t max = sb->alloc ? sb->alloc - 1 : 0;

	if (len > max)
		strbuf_bug("setlen beyond allocation", len, max);
	sb->len = len;
	sb->buf[len] = '\0';
}

void strbuf_add_slow(struct strbuf *sb, const void *data, size_t len)
{
	/* Appending part of the strbuf to itself is allowed: remember where
	 * the data sits in the buffer, since growing may move it. */
	const char *src = data;
	int inside = sb->alloc && src >= sb->buf && src < sb->buf + sb->alloc;
	size_t offset = inside ? (size_t)(src - sb->buf) : 0;

	if (!len)
		return;
	strbuf_grow(sb, len);
	if (inside)
		src = sb->buf + offset;
	memmove(sb->buf + sb->len, src, len);
	strbuf_setlen(sb, sb->len + len);
}

void strbuf_addch_slow(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len] = (char)c;
	strbuf_setlen(sb, sb->len + 1);
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	/* Try in the space already there; most appends fit. */
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		goto broken;
	if (!n)
		return;
	if ((size_t)n >= (sb->alloc ? sb->alloc - sb->len : 0)) {
		strbuf_grow(sb, (size_t)n);
		va_copy(cp, ap);
		n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
		va_end(cp);
		if (n < 0)
			goto broken;
	}
	strbuf_setlen(sb, sb->len + (size_t)n);
	return;

broken:
	/* vsnprintf only fails for output beyond INT_MAX or an invalid
	 * multibyte conversion: a bug in the caller's format, not input. */
	sb->buf[sb->len] = '\0';
	fatal_bug("strbuf: cannot format \"%s\"", fmt);
}
