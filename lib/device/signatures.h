/* Signatures of other users of a device (filesystems, RAID members,
 * partition tables, LUKS...), found and wiped with libblkid. */
#ifndef VGTOOL_SIGNATURES_H
#define VGTOOL_SIGNATURES_H

#include <stdint.h>
#include "misc/strbuf.h"

/* Append a description ("ext4 at offset 1080") of every signature on
 * the device other than an LVM2 label to `found`.  Returns the number
 * found, or -1 after logging. */
int sig_find(const char *path, struct strbuf *found);
/* Wipe every signature libblkid finds (except LVM2's own label, which the
 * caller rewrites), adding the type of each one wiped ("ext4") as a line
 * to `wiped`, for the command to tell.  Returns 0 or -1 (logged). */
int sig_wipe(const char *path, struct strbuf *wiped);
/* The same over the `size` bytes at `offset` of `path` (a new LV's
 * extents, read through its PV), signatures named as on `name` (the
 * LV's path) and a COW header left alone, as lvm2's lvcreate -W.
 * Without `yes` a signature found is refused instead (lvm2 asks).
 * Returns 0 or -1 (logged). */
int sig_wipe_area(const char *path, uint64_t offset, uint64_t size, int yes, const char *name,
                  struct strbuf *wiped);

#endif
