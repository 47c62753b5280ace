/* Name rules (lvm2 2.03): characters a-z A-Z 0-9 + _ . -, not starting
 * with '-' (dm names join VG and LV with a '-'), not "." or "..", at most
 * 127 characters.  LV names also avoid the prefixes and infixes lvm2
 * gives its own hidden sub-volumes, so that a user's LV can never be
 * mistaken for one of them. */
#include <ctype.h>
#include <string.h>

#include "metadata/names.h"
#include "misc/log.h"

const char *name_problem(const char *name)
{
	size_t len = 0;

	if (!name || !*name)
		return "is empty";
	if (name[0] == '-')
		return "starts with a hyphen";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "is \".\" or \"..\"";
	for (const char *p = name; *p; p++, len++) {
		unsigned char c = (unsigned char)*p;
		if (!isalnum(c) && c != '+' && c != '_' && c != '.' && c != '-')
			return "contains invalid characters";
	}
	if (len > NAME_MAX_LEN)
		return "is too long";
	return NULL;
}

/* One line for a bad VG name; a new one in lvm2's words first (scripts
 * and its tests look for them). */
static int check_vg_name(const char *name, int is_new)
{
	const char *why = name_problem(name);
	if (!why)
		return 0;
	if (is_new)
		log_error("New volume group name \"%s\" is invalid: it %s.", name ? name : "", why);
	else
		log_error("Volume group name \"%s\" %s.", name ? name : "", why);
	return -1;
}

int name_check_vg(const char *name)
{
	return check_vg_name(name, 0);
}

int name_check_new_vg(const char *name)
{
	return check_vg_name(name, 1);
}

static const char *const reserved_prefixes[] = {"pvmove", "snapshot"};
/* Infixes of lvm2's component LVs (cache, mirror, raid, thin, vdo) and
 * of its other hidden LVs. */
static const char *const reserved_infixes[] = {
    "_cdata",  "_cmeta", "_corig", "_cpool", "_cvol",  "_imeta",  "_iorig",   "_mimage",  "_mlog",
    "_rimage", "_rmeta", "_tdata", "_tmeta", "_vdata", "_wcorig", "_pmspare", "_vorigin",
};

/* The reserved prefix of an LV name, or NULL. */
static const char *reserved_prefix(const char *name)
{
	for (size_t i = 0; i < sizeof(reserved_prefixes) / sizeof(*reserved_prefixes); i++)
		if (!strncmp(name, reserved_prefixes[i], strlen(reserved_prefixes[i])))
			return reserved_prefixes[i];
	return NULL;
}

/* The reserved infix of an LV name, or NULL. */
static const char *reserved_infix(const char *name)
{
	for (size_t i = 0; i < sizeof(reserved_infixes) / sizeof(*reserved_infixes); i++)
		if (strstr(name, reserved_infixes[i]))
			return reserved_infixes[i];
	return NULL;
}

int name_lv_reserved(const char *name)
{
	return reserved_prefix(name) || reserved_infix(name);
}

int name_check_lv(const char *name)
{
	const char *why = name_problem(name), *r;
	if (why) {
		log_error("Logical volume name \"%s\" %s.", name ? name : "", why);
		return -1;
	}
	if ((r = reserved_prefix(name))) {
		log_error("Logical volume name \"%s\" is reserved: names starting "
		          "\"%s\" are kept for internal volumes.",
		          name, r);
		return -1;
	}
	if ((r = reserved_infix(name))) {
		log_error("Logical volume name \"%s\" is reserved: names containing "
		          "\"%s\" are kept for internal volumes.",
		          name, r);
		return -1;
	}
	return 0;
}

int name_check_full(const char *vg, const char *lv)
{
	/* lvm2 2.03.16 refuses "vg/lv" from 126 characters on (observed:
	 * "ev/" + 122 is accepted, "ev/" + 123 refused) */
	size_t len = strlen(vg) + 1 + strlen(lv);
	if (len > NAME_MAX_LEN - 2) {
		log_error("Logical volume name \"%s/%s\" is too long (%zu characters, at most %d "
		          "with the volume group).",
		          vg, lv, len, NAME_MAX_LEN - 2);
		return -1;
	}
	return 0;
}

const char *tag_problem(const char *tag)
{
	if (!tag || !*tag)
		return "is empty";
	for (const char *p = tag; *p; p++) {
		unsigned char c = (unsigned char)*p;
		/* the name characters, plus those lvm2 allows so that a tag can
		 * hold a path, a key=value pair or a host:port */
		if (!isalnum(c) && !strchr("_+.-/=!:&#", c))
			return "contains invalid characters";
	}
	return NULL;
}
