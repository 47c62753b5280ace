/* Device discovery: the kernel's own list of block devices, which is there
 * with or without udevd running (as in the test sandbox). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device/discovery.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

static void add(struct dev_list *l, const char *path)
{
	l->paths = xrealloc(l->paths, (l->n + 1) * sizeof(*l->paths));
	l->paths[l->n++] = xstrdup(path);
}

void dev_list_free(struct dev_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	l->paths = NULL;
	l->n = 0;
}

int dev_list_contains(const struct dev_list *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->paths[i], path))
			return 1;
	return 0;
}

/* Kinds of devices that never hold a PV vgtool should see, by kernel name
 * (dm devices are vgtool's and lvm2's own LVs, or other stacks). */
static int skip_name(const char *name)
{
	return !strncmp(name, "dm-", 3) || !strncmp(name, "ram", 3) || !strncmp(name, "zram", 4) ||
	       !strncmp(name, "sr", 2) || !strncmp(name, "fd", 2);
}

/* The kernel's own list of block devices, in one read.  It replaced
 * libudev's enumeration, which resolves every sysfs entry through a chain of
 * symlinks: with 100 active LVs that cost 25 syscalls per dm device and most
 * of the time of `lvs` (measured in the sandbox).  Devices of size 0 (no
 * media, an unbound loop device) are left out. */
static int discover_proc_partitions(struct dev_list *out)
{
	FILE *f = fopen("/proc/partitions", "r");
	char line[256];

	if (!f) {
		log_error("Cannot list block devices: /proc/partitions: %s (is /proc mounted?)",
		          strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned maj, min;
		unsigned long long blocks;
		char name[128];
		struct strbuf path = STRBUF_INIT;
		if (sscanf(line, " %u %u %llu %127s", &maj, &min, &blocks, name) != 4)
			continue; /* the heading and the blank line */
		if (!blocks || skip_name(name))
			continue;
		/* devtmpfs names nodes after the kernel, as udev does; a '/'
		 * in a kernel name (cciss/c0d0) is written '!' in this file */
		for (char *c = name; *c; c++)
			if (*c == '!')
				*c = '/';
		strbuf_addf(&path, "/dev/%s", name);
		add(out, path.buf);
		strbuf_release(&path);
	}
	fclose(f);
	return 0;
}

int dev_list_discover(struct dev_list *out, const char *only)
{
	memset(out, 0, sizeof(*out));
	if (only) {
		char *copy = xstrdup(only), *save = NULL;
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (*tok && !dev_list_contains(out, tok))
				add(out, tok);
		free(copy);
		return 0;
	}
	return discover_proc_partitions(out);
}
