/* Which devices may hold PVs. */
#ifndef VGTOOL_DISCOVERY_H
#define VGTOOL_DISCOVERY_H

#include <stddef.h>
#include <sys/types.h>

/* The device directory, lvm2's devices/dir (default "/dev"; lvm2's test
 * harness keeps its nodes in a private one), never with a trailing '/':
 * its mapper/ holds the dm nodes, VG/LV the links.  Like lvm2's commands
 * (and unlike dmsetup), vgtool does not read $DM_DEV_DIR.  Configured
 * once, before the first use (NULL: the default); a relative or too long
 * name is refused, -1 after one line. */
int dev_dir_configure(const char *dir);
const char *dev_dir(void);

struct dev_list {
	char **paths;
	size_t n;
};

/* What may hold a PV, in lvm2's terms (the devices section of its
 * configuration; the tools layer reads it and hands it over once). */
struct dev_filter_config {
	char *const *global_filter; /* devices/global_filter: "a|REGEX|", "r|REGEX|" */
	size_t n_global_filter;
	char *const *filter; /* devices/filter, the same syntax */
	size_t n_filter;
	int scan_lvs;             /* devices/scan_lvs: look inside LVs too (default 0) */
	int multipath_components; /* devices/multipath_component_detection (default 1) */
	int md_components;        /* devices/md_component_detection (default 1) */
};

/* Install the filters (patterns are checked here: a bad one is logged
 * with the key it came from, -1).  Without a call, the defaults hold: no
 * filter, scan_lvs 0, component detection on. */
int dev_discovery_configure(const struct dev_filter_config *c);
void dev_discovery_release(void);

/* With `only` (the --devices argument, comma-separated) the list is
 * exactly those paths (block devices or regular files).  Without it,
 * every block device the kernel lists (/proc/partitions), less those that
 * cannot or must not hold a PV for us, as lvm2 decides:
 *   - device-mapper devices that are LVs (dm uuid "LVM-"), unless scan_lvs
 *     (and their private layers, -real and -cow, always); other dm devices
 *     (LUKS, multipath, plain tables) are scanned, as /dev/mapper/NAME;
 *   - suspended dm devices (reading one would hang);
 *   - multipath and md components: a device held by a multipath device
 *     (dm uuid "mpath-") or an md array, when detection is on;
 *   - devices the filters reject;
 *   - empty devices (no media, unbound loop devices), ram disks, CD drives.
 * Returns 0, or -1 after logging. */
int dev_list_discover(struct dev_list *out, const char *only);

/* Whether the configured filters accept a device by this path (and, for
 * a dm device, its other name `alias`, which may be NULL).  An accept
 * pattern matching any name accepts; else a reject pattern matching any
 * name rejects; a device nothing matches is accepted (lvm2's rules;
 * global_filter first, then filter). */
int dev_filter_accepts(const char *path, const char *alias);
/* The same for any number of names of one device. */
int dev_filter_accepts_names(const char *const *names, size_t n);
/* The DIR/VG/LV link of an LV's dm name ("vg-lv", a '-' in either name
 * doubled), as lvm2 makes it and matches filters against: 0, or -1 when
 * the name splits into no VG and LV (into *out, to release). */
int dev_lv_link(const char *dm_name, const char *dir, char **out);
void dev_list_free(struct dev_list *l);
int dev_list_contains(const struct dev_list *l, const char *path);
/* The index among the first n entries of the device that `path` names
 * too (the same block device), or n when none is. */
size_t dev_list_find_rdev(const struct dev_list *l, size_t n, const char *path);
/* Is `path` an LV (a dm device with an LVM- uuid, any layer) while
 * devices/scan_lvs is off?  lvm2 then takes no PV from it, even named. */
int dev_path_is_hidden_lv(const char *path);

/* The first line of sysfs attribute ATTR ("dm/uuid", "dm/name", ...) of
 * block device NAME (its kernel name), without the newline; "" when there
 * is none.  (Bounded kernel data: a dm uuid has at most 128 characters.) */
void dev_sys_attr(const char *name, const char *attr, char *buf, size_t size);

/* Facts about block device `rdev` from sysfs: is it used by an active LV
 * (a holder of it is a dm device with an LVM uuid), is it a dm device. */
int dev_held_by_lv(dev_t rdev);
int dev_is_dm(dev_t rdev);

#endif
