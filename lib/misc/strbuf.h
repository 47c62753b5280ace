/* A growable string, used for anything built from user or disk data.
 *
 * Invariants (as in git's strbuf): `buf` is never NULL and is always
 * NUL-terminated, even right after STRBUF_INIT; `len` counts bytes before
 * the terminator; the text may contain NUL bytes when built with
 * strbuf_add().  strbuf_detach() hands the memory to the caller and leaves
 * the strbuf empty again. */
#ifndef VGTOOL_STRBUF_H
#define VGTOOL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		strbuf_empty, 0, 0                                                                 \
	}

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add_slow(struct strbuf *sb, const void *data, size_t len);
void strbuf_addch_slow(struct strbuf *sb, int c);
/* Inline when the text fits: reports and metadata writers append a few
 * bytes at a time, hundreds of thousands of times for a big VG.  memmove,
 * since the data may come from the strbuf itself. */
static inline void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (len < sb->alloc - sb->len) {
		memmove(sb->buf + sb->len, data, len);
		sb->len += len;
		sb->buf[sb->len] = '\0';
	} else {
		strbuf_add_slow(sb, data, len);
	}
}
static inline void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}
/* Inline: writers of metadata text add a byte at a time. */
static inline void strbuf_addch(struct strbuf *sb, int c)
{
	if (sb->len + 1 < sb->alloc) {
		sb->buf[sb->len++] = (char)c;
		sb->buf[sb->len] = '\0';
	} else {
		strbuf_addch_slow(sb, c);
	}
}
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif
