/* Device discovery through libudev: its enumeration reads sysfs directly,
 * so it works with or without udevd running (as in the test sandbox). */
#include <libudev.h>
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

/* Kinds of devices that never hold a PV vgtool should see, by kernel name:
 * decided on the sysfs path alone, before libudev builds a device object
 * (which costs dozens of syscalls each: with hundreds of active LVs that
 * was most of the time of a report). */
static int skip_name(const char *syspath)
{
	const char *name = strrchr(syspath, '/');
	name = name ? name + 1 : syspath;
	return !strncmp(name, "dm-", 3) || !strncmp(name, "ram", 3) || !strncmp(name, "zram", 4) ||
	       !strncmp(name, "sr", 2) || !strncmp(name, "fd", 2);
}

static int skip_device(struct udev_device *d)
{
	const char *size = udev_device_get_sysattr_value(d, "size");
	return !size || !strcmp(size, "0"); /* no media, empty loop device */
}

/* The kernel's own list of block devices.  Preferred to libudev's
 * enumeration, which resolves every sysfs entry through a chain of
 * symlinks: with 100 active LVs that cost 25 syscalls per dm device and
 * most of the time of `lvs` (measured in the sandbox); this file is one
 * read.  Returns 0, or -1 when it cannot be read (libudev is used then). */
static int discover_proc_partitions(struct dev_list *out)
{
	FILE *f = fopen("/proc/partitions", "r");
	char line[256];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned maj, min;
		unsigned long long blocks;
		char name[128];
		struct strbuf path = STRBUF_INIT;
		if (sscanf(line, " %u %u %llu %127s", &maj, &min, &blocks, name) != 4)
			continue; /* the heading and the blank line */
		if (!blocks || skip_name(name))
			continue;
		/* devtmpfs names nodes after the kernel, as udev does */
		strbuf_addf(&path, "/dev/%s", name);
		add(out, path.buf);
		strbuf_release(&path);
	}
	fclose(f);
	return 0;
}

int dev_list_discover(struct dev_list *out, const char *only)
{
	struct udev *udev;
	struct udev_enumerate *en;
	struct udev_list_entry *e;

	memset(out, 0, sizeof(*out));
	if (only) {
		char *copy = xstrdup(only), *save = NULL;
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (*tok && !dev_list_contains(out, tok))
				add(out, tok);
		free(copy);
		return 0;
	}

	if (discover_proc_partitions(out) == 0)
		return 0;
	udev = udev_new();
	if (!udev) {
		log_error("Cannot initialise libudev to list block devices.");
		return -1;
	}
	en = udev_enumerate_new(udev);
	if (!en || udev_enumerate_add_match_subsystem(en, "block") ||
	    udev_enumerate_scan_devices(en)) {
		log_error("Cannot list block devices through libudev.");
		udev_enumerate_unref(en);
		udev_unref(udev);
		return -1;
	}
	udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en))
	{
		const char *syspath = udev_list_entry_get_name(e);
		struct udev_device *d;
		const char *node;
		if (skip_name(syspath))
			continue;
		d = udev_device_new_from_syspath(udev, syspath);
		node = d ? udev_device_get_devnode(d) : NULL;
		if (node && !skip_device(d))
			add(out, node);
		udev_device_unref(d);
	}
	udev_enumerate_unref(en);
	udev_unref(udev);
	return 0;
}
