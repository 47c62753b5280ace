/* vgtool's settings: one table of every configuration key vgtool reads,
 * with lvm2's name, type and default, the lvm2 release that brought the
 * key, and vgtool's own words about it.
 *
 * Everything else follows from the table, so that none of it can drift:
 * the lookups of tools/config.c (no caller names a default of its own),
 * `vgtool lvmconfig` (its listings, defaults, comments and --validate,
 * lib/config/lvmconfig.c), and the unit test that holds doc/vgtool.conf.5
 * and conf/vgtool.conf to it.  A new key is added here first.
 *
 * (This is the one place in lib/config that knows what keys mean: what
 * each setting does is still decided where it is used.) */
#ifndef VGTOOL_SETTINGS_H
#define VGTOOL_SETTINGS_H

#include <stddef.h>
#include <stdint.h>
#include "config/config.h"

/* In the table's order, which is lvm2's (lvmconfig --typeconfig list). */
enum setting_id {
	SET_DEVICES_DIR,
	SET_DEVICES_USE_DEVICESFILE,
	SET_DEVICES_DEVICESFILE,
	SET_DEVICES_FILTER,
	SET_DEVICES_GLOBAL_FILTER,
	SET_DEVICES_SCAN_LVS,
	SET_DEVICES_MULTIPATH_COMPONENT_DETECTION,
	SET_DEVICES_MD_COMPONENT_DETECTION,
	SET_DEVICES_DEFAULT_DATA_ALIGNMENT,
	SET_DEVICES_DATA_ALIGNMENT,
	SET_DEVICES_REQUIRE_RESTOREFILE_WITH_UUID,
	SET_DEVICES_PV_MIN_SIZE,
	SET_DEVICES_ALLOW_CHANGES_WITH_DUPLICATE_PVS,
	SET_DEVICES_ALLOW_MIXED_BLOCK_SIZES,
	SET_ALLOCATION_WIPE_SIGNATURES_WHEN_ZEROING_NEW_LVS,
	SET_BACKUP_BACKUP,
	SET_BACKUP_ARCHIVE,
	SET_GLOBAL_UNITS,
	SET_GLOBAL_SUFFIX,
	SET_GLOBAL_WAIT_FOR_LOCKS,
	SET_GLOBAL_LOCKING_DIR,
	SET_GLOBAL_PRIORITISE_WRITE_LOCKS,
	SET_GLOBAL_EVENT_ACTIVATION,
	SET_GLOBAL_USE_LVMLOCKD,
	SET_GLOBAL_LVMLOCKD_LOCK_RETRIES,
	SET_GLOBAL_SANLOCK_LV_EXTEND,
	SET_ACTIVATION_UDEV_SYNC,
	SET_ACTIVATION_UDEV_RULES,
	SET_ACTIVATION_VERIFY_UDEV_OPERATIONS,
	SET_ACTIVATION_PROCESS_PRIORITY,
	SET_ACTIVATION_SNAPSHOT_AUTOEXTEND_THRESHOLD,
	SET_ACTIVATION_SNAPSHOT_AUTOEXTEND_PERCENT,
	SET_ACTIVATION_POLLING_INTERVAL,
	SET_ACTIVATION_ACTIVATION_MODE,
	SET_METADATA_CHECK_PV_DEVICE_SIZES,
	SET_REPORT_COMPACT_OUTPUT,
	SET_REPORT_COMPACT_OUTPUT_COLS,
	SET_REPORT_LVS_SORT,
	SET_REPORT_LVS_COLS,
	SET_REPORT_VGS_SORT,
	SET_REPORT_VGS_COLS,
	SET_REPORT_PVS_SORT,
	SET_REPORT_PVS_COLS,
	SET_REPORT_SEGS_SORT,
	SET_REPORT_SEGS_COLS,
	SET_REPORT_PVSEGS_SORT,
	SET_REPORT_PVSEGS_COLS,
	SET_TAGS_HOSTTAGS,
	SET_LOCAL_HOST_ID,
	SET_COUNT
};

/* lvm2's types: a boolean is an integer (non-zero is true) or one of
 * y/yes/on/true, n/no/off/false; a list holds strings. */
enum setting_type { SETTING_BOOL, SETTING_INT, SETTING_STRING, SETTING_STRINGS };

/* Whether lvm2's own lvm.conf counts, for the settings both tools must
 * agree on (which devices exist, the lock files, the devices file). */
enum setting_lvm_conf {
	SETTING_VGTOOL_ONLY,    /* vgtool.conf and --config only */
	SETTING_LVM_CONF_TOO,   /* else lvm.conf's value, else the default */
	SETTING_LVM_CONF_GROUP, /* the same for devices/filter and global_filter
	                         * together: lvm.conf's pair is taken only when
	                         * vgtool.conf and --config set neither */
};

struct setting {
	const char *path; /* "activation/udev_sync" */
	enum setting_type type;
	int64_t def;         /* BOOL, INT */
	const char *def_str; /* STRING; STRINGS: the default list's one item */
	enum setting_lvm_conf lvm_conf;
	/* the lvm2 release that brought the key, as lvm2 writes it ("2.2.51"
	 * is 2.02.51): lvmconfig's --withversions, --atversion, --type new */
	const char *since;
	const char *summary; /* one line: --withsummary, -l */
	const char *more;    /* further lines for --withcomments, '\n' between, or NULL */
	/* lvm2 calls it advanced: lvmconfig --ignoreadvanced leaves it out
	 * and --withsummary says so */
	int advanced;
};

extern const struct setting settings[SET_COUNT];

/* The sections settings live in, in lvm2's order, each with its line. */
struct setting_section {
	const char *name;
	const char *summary;
};
extern const struct setting_section setting_sections[];
extern const size_t n_setting_sections;

/* The setting at "section/key" (a leading '/' is allowed, as lvm2 allows
 * it), or NULL when vgtool has none. */
const struct setting *setting_find(const char *path);
/* The section of that name, or NULL. */
const struct setting_section *setting_section_find(const char *name);
/* The key's last component ("udev_sync" of "activation/udev_sync"), and
 * the length of its section's name. */
const char *setting_key(const struct setting *s);
size_t setting_section_len(const struct setting *s);

/* Where values come from, front first: vgtool.conf with --config merged
 * over it, then lvm2's lvm.conf for the settings that follow it.  Either
 * may be NULL. */
struct setting_layers {
	const struct cfg_node *vgtool;
	const struct cfg_node *lvm;
};

enum setting_source { SETTING_FROM_DEFAULT, SETTING_FROM_VGTOOL, SETTING_FROM_LVM_CONF };

/* The node that gives `s` its value and where it was found (`from` may
 * be NULL), or NULL for the default.  A value of the wrong type is passed
 * over as if absent, so the next layer or the default applies: vgtool
 * commands ignore a bad value rather than fail (lvmconfig --validate
 * reports it).  For the filter pair, the layer is chosen for both keys
 * at once (see SETTING_LVM_CONF_GROUP). */
const struct cfg_node *setting_node(const struct setting_layers *l, enum setting_id id,
                                    enum setting_source *from);
/* The tree a list setting is read from (the filters are read whole, and
 * a bad one fails the command, so its type is not checked here): the
 * vgtool layer when it has the key (for the filter pair, either key),
 * else lvm.conf when the setting follows it, else NULL. */
const struct cfg_node *setting_list_layer(const struct setting_layers *l, enum setting_id id,
                                          enum setting_source *from);

/* Typed values, the default when no layer has one of the right type. */
int setting_bool(const struct setting_layers *l, enum setting_id id);
int64_t setting_int(const struct setting_layers *l, enum setting_id id);
const char *setting_str(const struct setting_layers *l, enum setting_id id);

/* Does a value fit the setting's type (lists: of strings; a single
 * string counts as a list of one, as in lvm2)? */
int setting_value_fits(const struct setting *s, const struct cfg_value *v);
/* Is `v` the setting's default as lvm2's lvmconfig --typeconfig diff
 * judges it: the same integer (a boolean written "y" is not the default
 * 1), string or list of strings? */
int setting_value_is_default(const struct setting *s, const struct cfg_value *v);

/* lvm2's versions "major.minor.patch" as one comparable number; 0 after
 * a string that is not one. */
uint32_t setting_version(const char *text);
/* The lvm2 release whose settings and behaviour vgtool follows. */
#define SETTING_LVM2_VERSION "2.3.16"

#endif
