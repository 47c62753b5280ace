/* `vgtool lvmconfig`'s output, as lvm2's lvmconfig (dumpconfig) writes
 * it, for vgtool's settings (settings.h) and vgtool's configuration.
 *
 * Pure: it is handed the trees (vgtool.conf, --config, lvm.conf) and
 * writes text; tools/lvmconfig.c reads the files and the command line.
 * lvm2's layout, checked against lvm2 2.03.16's output: "key=value" (or
 * "key = value" with spaces), lists ["a","b"], a tab per level, default
 * values commented out ("# key=value"), and before a setting, with
 * summaries or comments, an empty line and
 *   # Configuration option SECTION/KEY.
 *   # <summary>            (and with comments the further lines)
 *   # This configuration option is advanced.   (lvm2's advanced ones)
 *   # This configuration option has an automatic default value.
 *   # Value defined in existing configuration has been used for this setting.
 *                          (full only, when the value is configured)
 *   # Available since version V.   (with versions, also without summaries)
 * and the same for a section ("# Configuration section NAME.").  Lists of
 * names are "section/key", with summaries "section/key - SUMMARY " and
 * with versions "[V]" at the end. */
#ifndef VGTOOL_LVMCONFIG_H
#define VGTOOL_LVMCONFIG_H

#include <stddef.h>
#include <stdint.h>
#include "config/config.h"
#include "config/settings.h"
#include "misc/strbuf.h"

enum lvmconfig_type {
	LVMCONFIG_CURRENT, /* the configuration as written (the front of the cascade) */
	LVMCONFIG_DEFAULT, /* every setting with its default, commented out */
	LVMCONFIG_DIFF,    /* the settings configured to other than the default */
	LVMCONFIG_FULL,    /* every setting with the value in effect */
	LVMCONFIG_LIST,    /* the settings' names */
	LVMCONFIG_MISSING, /* the settings configured nowhere, with their defaults */
	LVMCONFIG_NEW,     /* the settings lvm2 brought since a version */
};
/* "current", "default", ... as --typeconfig takes them; -1 for another. */
int lvmconfig_type_parse(const char *name, enum lvmconfig_type *out);

struct lvmconfig_opts {
	enum lvmconfig_type type;
	int summary;         /* --withsummary */
	int comments;        /* --withcomments */
	int versions;        /* --withversions */
	int spaces;          /* --withspaces */
	int values_only;     /* --valuesonly: value lines without "key=" */
	int preamble;        /* --withgeneralpreamble */
	int ignore_advanced; /* --ignoreadvanced: without the settings lvm2 calls advanced */
	/* settings lvm2 brought after this version are left out (0: none);
	 * versions from setting_version() */
	uint32_t atversion;
	uint32_t sinceversion; /* NEW: settings brought at or after it */
};

/* Write what `o` asks for: for CURRENT, `tree` (may be NULL: nothing),
 * the front of the cascade (--config when given, else vgtool.conf), which
 * is also what MISSING looks in, as lvm2's does; for the other types,
 * vgtool's settings, with the values `l` gives them.
 * With paths ("section", "section/key", a leading '/' allowed), only
 * those, in order; each one not there is logged as lvm2 says it
 * ("Configuration node X not found") and counted.  Returns that count. */
size_t lvmconfig_write(const struct lvmconfig_opts *o, const struct cfg_node *tree,
                       const struct setting_layers *l, char *const *paths, size_t n_paths,
                       struct strbuf *out);

/* The whole configuration vgtool works with, as one tree (the caller
 * frees it): vgtool.conf with --config over it (l->vgtool), and for each
 * setting that follows lvm.conf and is not set there, lvm.conf's value
 * (the filters as a pair). */
struct cfg_node *lvmconfig_merged(const struct setting_layers *l);

/* --validate: each node of `tree` is a setting of the table, in its
 * section, of its type.  Each problem is logged as one line naming
 * `source` ("vgtool.conf", "--config") and the line; returns how many. */
size_t lvmconfig_validate(const struct cfg_node *tree, const char *source);

#endif
