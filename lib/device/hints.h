/* lvm2's device hints (lvm2 2.03 lib/label/hints.c): lvm2's commands scan
 * only the devices listed in /run/lvm/hints when the list looks current,
 * so a PV made, or a VG created, renamed or removed, by another tool can
 * stay invisible to `lvm pvs` and `lvm vgs`.  A command that changes which
 * devices are PVs or which VG names exist invalidates the hints as lvm2's
 * own commands do, and lvm2's next command rescans and writes them anew. */
#ifndef VGTOOL_HINTS_H
#define VGTOOL_HINTS_H

#define HINTS_RUN_DIR_LVM2 "/run/lvm" /* lvm2's run directory, compiled in */

/* lvm2's clear_hint_file(), under the global lock and before any VG lock:
 * "nohints" made (readers stop trusting the hints), the hints file locked
 * exclusively (waiting for a command that reads or writes it), "nohints"
 * removed, the hints emptied to one comment line naming `who` and
 * "newhints" made (the next lvm2 command rescans and rewrites them).  The
 * lock on the hints file is kept until hints_release(), after the global
 * lock's release, as lvm2 does.  Nothing is done when `run_dir` does not
 * exist or is not writable (no lvm2 here, or not root).  0, or -1 after a
 * warning (the command goes on: a stale hint is lvm2's to notice). */
int hints_invalidate(const char *run_dir, const char *who);
void hints_release(void);

#endif
