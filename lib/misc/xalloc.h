/* Allocation that never returns NULL.
 *
 * vgtool is a short-lived command: when memory runs out there is nothing
 * sensible to do but stop before touching a disk, so every allocation goes
 * through these and callers never carry out-of-memory paths. */
#ifndef VGTOOL_XALLOC_H
#define VGTOOL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A metadata text of `text_bytes` is about to be read and imported: from
 * XALLOC_LARGE_TEXT on, the heap is set up for the memory a VG of
 * thousands of LVs takes (see xalloc.c); below it, nothing changes. */
#define XALLOC_LARGE_TEXT ((size_t)256 << 10)
void xalloc_expect_large(size_t text_bytes);

/* The only two ways lib/ ends the process; everything else returns an
 * error to its caller.
 *   fatal_oom:  memory ran out (the policy above): one line, exit 5, lvm2's
 *               "command failed".
 *   fatal_bug:  a broken internal promise (an API misused by vgtool's own
 *               code, never bad input): one line "Internal error: ...",
 *               then abort() for a core, since carrying on would build or
 *               write something that means something else.
 * Both write to stderr directly, not through the logger, which may itself
 * be what failed, after flushing what stdout holds. */
_Noreturn void fatal_oom(size_t size);
_Noreturn void fatal_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
