/* lvm2-style metadata backups in $VGTOOL_SYSTEM_DIR (default /etc/vgtool):
 * archive/VG_NNNNN-RANDOM.vg holds the VG as it was before each change,
 * backup/VG the VG after the last change.  Same text as lvm2's files, so
 * `vgcfgrestore -f` of either tool reads them. */
#ifndef VGTOOL_BACKUP_H
#define VGTOOL_BACKUP_H

#include "metadata/format/text.h"
#include "metadata/metadata.h"

const char *system_dir(void);

/* Write the VG to `path` (layout TEXT_FILE) atomically (temp + rename).
 * Returns 0 or -1 (logged). */
int backup_write_file(const struct vg *vg, const struct text_origin *o, const char *path);
/* archive/ before a change: "Created *before* executing 'CMDLINE'". */
int backup_archive(const struct vg *vg, const char *cmdline);
/* backup/VG after a change: "Created *after* executing 'CMDLINE'". */
int backup_after(const struct vg *vg, const char *cmdline);
/* Remove backup/VG (after vgremove). */
void backup_remove(const char *vg_name);

/* Fill hostname, system line and time for a text export. */
void text_origin_init(struct text_origin *o, const char *description);
void text_origin_release(struct text_origin *o);

#endif
