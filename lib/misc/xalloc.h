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

#endif
