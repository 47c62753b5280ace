/* LVM2-style identifiers: 32 characters, shown in 6-4-4-4-4-4-6 groups. */
#ifndef VGTOOL_UUID_H
#define VGTOOL_UUID_H

#define UUID_LEN           32 /* raw characters, no dashes */
#define UUID_FORMATTED_LEN 38 /* with the six dashes */

/* Fill out[0..31] from getrandom() with lvm2's alphabet for new ids and
 * NUL-terminate at out[32].  Returns 0, or -1 (logged) if getrandom fails. */
int uuid_generate(char out[UUID_LEN + 1]);
/* raw (32 characters) -> "xxxxxx-xxxx-xxxx-xxxx-xxxx-xxxx-xxxxxx" + NUL */
void uuid_format(const char *raw, char out[UUID_FORMATTED_LEN + 1]);
/* Accepts 32 characters with or without the dashes of uuid_format() (and
 * lvm2 also tolerates dashes anywhere: they are skipped).  Checks the
 * alphabet and length.  Returns 0 and fills out (32 + NUL), or -1 without
 * logging (the caller names the object). */
int uuid_parse(const char *text, char out[UUID_LEN + 1]);
/* Is this exactly 32 characters of lvm2's alphabet, NUL-terminated at
 * raw[32]?  (Copy a label's unterminated uuid field out first.) */
int uuid_valid_raw(const char *raw);

#endif
