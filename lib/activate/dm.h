/* The executor: the only code that talks to device-mapper (through
 * libdevmapper).  It reads the kernel's state and runs plans. */
#ifndef VGTOOL_DM_H
#define VGTOOL_DM_H

#include <stddef.h>
#include "activate/plan.h"

/* Is device-mapper there at all (control node, driver answers)? */
int kdm_available(void);
/* The kernel's version of device-mapper target `name` ("snapshot"), from
 * its list of loaded targets: 1 with v[0..2] set, 0 when it is not
 * loaded, -1 when the list could not be read. */
int kdm_target_version(const char *name, unsigned v[3]);

/* The block major of device-mapper devices (/proc/devices), or -1. */
int kdm_major(void);

/* Read the kernel's devices: every device's name, uuid and number; the
 * tables and status of those whose uuid starts with one of `prefixes`;
 * and, as uuid-less entries named by path, the device numbers of
 * `pv_paths` (so plans can resolve PV references).  0 or -1 (logged). */
int kdm_read_state(char *const *prefixes, size_t n_prefixes, char *const *pv_paths, size_t n_pvs,
                   struct kdm_state *out);

/* Run the ops in order.  On a failure, the completed ops that can be
 * undone (create, load, suspend, rename) are undone in reverse; what
 * cannot (a switch already resumed, a removal) is left for the next
 * activation, which converges.  `have` is updated as ops complete.
 * Returns 0, or -1 after one message with the kernel's answer. */
int kdm_run_plan(const struct kdm_plan *p, struct kdm_state *have);

/* "used/total" sectors of a snapshot's COW from its status, or the
 * state: returns 0 and fills, -1 on error; *invalid set for an invalid
 * snapshot, *overflow for an overflowed one. */
int kdm_snapshot_status(const char *name, unsigned long long *used, unsigned long long *total,
                        unsigned long long *metadata, int *invalid, int *overflow);
/* The same, also giving the device's uuid (caller frees), from the same
 * single ioctl. */
int kdm_snapshot_status_uuid(const char *name, unsigned long long *used, unsigned long long *total,
                             unsigned long long *metadata, int *invalid, int *overflow,
                             char **uuid);
/* The names of all device-mapper devices, sorted (caller frees each and
 * the array): one ioctl.  0 when there are none or on error. */
size_t kdm_list_names(char ***names);

/* The configuration's udev settings (activation/udev_rules, udev_sync,
 * verify_udev_operations), before any operation; until then lvm2's
 * defaults (1, 1, 0).  With the host's facts they decide each
 * operation's udev flags and whether plans wait for udev
 * (kdm_udev_decide in plan.h). */
void kdm_udev_configure(const struct kdm_udev_config *c);

/* activation/process_priority: the nice value a plan runs at when it is
 * higher than the command's own (see kdm_run_plan). */
void kdm_priority_configure(long long nice_value);

/* Does udev alone make the /dev/mapper nodes and the /dev/VG/LV links
 * (udevd running, its rules on, no fallback)?  Otherwise libdevmapper
 * makes the nodes and vgtool the links (links_sync). */
int kdm_udev_active(void);

/* vgmknodes: have libdevmapper make every missing /dev/mapper node and
 * drop the stale ones, whatever udev does (the repair lvm2's vgmknodes
 * runs first).  0 or -1 (logged). */
int kdm_mknodes(void);

#endif
