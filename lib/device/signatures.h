/* Signatures of other users of a device (filesystems, RAID members,
 * partition tables, LUKS...), found and wiped with libblkid. */
#ifndef VGTOOL_SIGNATURES_H
#define VGTOOL_SIGNATURES_H

#include "misc/strbuf.h"

/* Append a description ("ext4 at offset 1080") of every signature on
 * the device other than an LVM2 label to `found`.  Returns the number
 * found, or -1 after logging. */
int sig_find(const char *path, struct strbuf *found);
/* Wipe every signature libblkid finds (except LVM2's own label, which the
 * caller rewrites), adding the type of each one wiped ("ext4") as a line
 * to `wiped`, for the command to tell.  Returns 0 or -1 (logged). */
int sig_wipe(const char *path, struct strbuf *wiped);

#endif
