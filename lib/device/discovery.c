/* Device discovery through libudev: its enumeration reads sysfs directly,
 * so it works with or without udevd running (as in the test sandbox). */
#include <libudev.h>
#include <stdlib.h>
#include <string.h>

#include "device/discovery.h"
#include "misc/log.h"
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

static int skip_device(struct udev_device *d)
{
	const char *sysname = udev_device_get_sysname(d);
	const char *size = udev_device_get_sysattr_value(d, "size");

	if (!sysname || !size || !strcmp(size, "0"))
		return 1; /* no media, empty loop device */
	if (!strncmp(sysname, "dm-", 3) || !strncmp(sysname, "ram", 3) ||
	    !strncmp(sysname, "zram", 4) || !strncmp(sysname, "sr", 2) ||
	    !strncmp(sysname, "fd", 2))
		return 1;
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
		struct udev_device *d =
			udev_device_new_from_syspath(udev, udev_list_entry_get_name(e));
		const char *node = d ? udev_device_get_devnode(d) : NULL;
		if (node && !skip_device(d))
			add(out, node);
		udev_device_unref(d);
	}
	udev_enumerate_unref(en);
	udev_unref(udev);
	return 0;
}
