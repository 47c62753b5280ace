/* Event activation's record of what is online, in lvm2's own files under
 * /run/lvm (lvm2 2.03 lib/device/online.c, tools/pvscan.c), so that
 * vgtool and lvm2 share one record and one claim per VG:
 *
 *   pvs_online/PVID   a PV that udev announced: "MAJOR:MINOR\n", then
 *                     "vg:NAME\n" and "dev:PATH\n" when known
 *   pvs_lookup/VG     the PV ids of a VG of several PVs, one per line, for
 *                     a PV that carries no metadata of its own
 *   vgs_online/VG     made (O_EXCL) by the one command that activates VG:
 *                     whichever tool makes it activates, the other not
 *
 * A VG is complete when every PV of its metadata has a pvs_online file.
 * The files are not persistent (/run is a tmpfs): each boot starts empty.
 * Every function takes the run directory, so that the unit tests use
 * their own; the commands pass ONLINE_RUN_DIR.  No device is read here. */
#ifndef VGTOOL_ONLINE_H
#define VGTOOL_ONLINE_H

#include <stddef.h>

#define ONLINE_RUN_DIR "/run/lvm" /* lvm2's run directory, compiled in */

/* Make the run directory and its three folders (0755) where missing.
 * 0, or -1 with errno set. */
int online_setup(const char *run_dir);

/* Remove every file of the three folders: `pvscan --cache` without a
 * device starts the record anew. */
void online_clear(const char *run_dir);

/* A PV's pvs_online file. */
struct online_pv {
	unsigned major, minor;
	char vg_name[128]; /* "" when the file names none */
	char dev_name[256];
};

enum online_record {
	ONLINE_RECORDED,  /* made now */
	ONLINE_ALREADY,   /* there, with this device number */
	ONLINE_DUPLICATE, /* there, with another device number: *other */
	ONLINE_ERROR,     /* errno set */
};

/* Record PV `pv_id` (32 characters) online on MAJOR:MINOR, in VG
 * `vg_name` (NULL: none known) at `dev_name` (NULL: none). */
enum online_record online_pv_record(const char *run_dir, const char *pv_id, unsigned major,
                                    unsigned minor, const char *vg_name, const char *dev_name,
                                    struct online_pv *other);

/* Read PV `pv_id`'s file: 0, or -1 when there is none or it is not one
 * lvm2 or vgtool wrote (no "MAJOR:MINOR" first). */
int online_pv_read(const char *run_dir, const char *pv_id, struct online_pv *out);

/* How many of the `n` PV ids have no pvs_online file. */
size_t online_pvs_missing(const char *run_dir, char *const *pv_ids, size_t n);

/* Forget the PV recorded on MAJOR:MINOR (its device went away or is no
 * longer that PV), and with it its VG's claim and lookup file, so that
 * the VG is activated again once it is complete again (lvm2 does the
 * same).  1 when one was forgotten, 0 when none was recorded there. */
int online_pv_forget_devno(const char *run_dir, unsigned major, unsigned minor);

/* Write pvs_lookup/VG listing `pv_ids`, unless it exists (concurrent
 * commands race to make it; the first wins).  1 written, 0 there,
 * -1 error. */
int online_lookup_write(const char *run_dir, const char *vg_name, char *const *pv_ids, size_t n);

/* The lookup file that lists `pv_id`: its VG's name in *vg_name and its
 * PV ids in *pv_ids (all allocated; free with online_ids_free).  0, or
 * -1 when no lookup file lists it. */
int online_lookup_find(const char *run_dir, const char *pv_id, char **vg_name, char ***pv_ids,
                       size_t *n);
void online_ids_free(char **pv_ids, size_t n);

/* Claim VG `vg_name` for activation: 1 when this call made its
 * vgs_online file, 0 when it was there (another command, of either
 * tool, activates it), -1 error (errno). */
int online_vg_claim(const char *run_dir, const char *vg_name);
/* Give a claim back (the activation could not start). */
void online_vg_unclaim(const char *run_dir, const char *vg_name);

/* Is `name` usable as a file name here: a VG name as lvm2 allows them
 * (no '/', not "." or ".."), or a PV id of 32 letters and digits? */
int online_name_ok(const char *name);
int online_pv_id_ok(const char *pv_id);

#endif
