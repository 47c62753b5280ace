/* Names of VGs and LVs, by lvm2's rules. */
#ifndef VGTOOL_NAMES_H
#define VGTOOL_NAMES_H

#define NAME_MAX_LEN 127 /* characters, as lvm2's NAME_LEN less the NUL */

/* Each returns 0 when the name is acceptable, or -1 after logging one
 * line that names the object kind and says why (lvm2's wording where
 * lvm2 has one). */
int name_check_vg(const char *name);
/* The same, for the name of a VG to be made (vgcreate, vgrename, vgsplit). */
int name_check_new_vg(const char *name);
int name_check_lv(const char *name);

/* Does an LV name have one of the prefixes or infixes lvm2 reserves for
 * its own volumes (lvm2's is_reserved_lvname)?  Such an LV from someone
 * else's metadata gets no disk rules from udev (lib/activate/plan.c). */
int name_lv_reserved(const char *name);

/* lvm2 keeps "VG/LV" under 128 bytes: 0 when it fits, else -1 after
 * logging (a failure, exit 5, as lvm2 treats it). */
int name_check_full(const char *vg, const char *lv);

/* The basic character and shape rules shared by VG and LV names, without
 * logging: returns NULL when valid, else a short reason. */
const char *name_problem(const char *name);

/* Tags (lvm2's validate_tag): at least one character, each of a-z A-Z
 * 0-9 and _ + . - / = ! : & #; no length limit (lvm2 2.03.16 stores a
 * tag of 5,000 characters).  NULL when valid, else a short reason. */
const char *tag_problem(const char *tag);

#endif
