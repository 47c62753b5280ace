/* Which devices may hold PVs. */
#ifndef VGTOOL_DISCOVERY_H
#define VGTOOL_DISCOVERY_H

#include <stddef.h>

struct dev_list {
	char **paths;
	size_t n;
};

/* With `only` (the --devices argument, comma-separated) the list is
 * exactly those paths (block devices or regular files).  Without it,
 * every block device the kernel lists (/proc/partitions), less those that
 * cannot hold a PV: device-mapper devices (LVs are not scanned, as
 * lvm2's default scan_lvs=0), empty loop devices, ram disks, CD drives.
 * Returns 0, or -1 after logging. */
int dev_list_discover(struct dev_list *out, const char *only);
void dev_list_free(struct dev_list *l);
int dev_list_contains(const struct dev_list *l, const char *path);

#endif
