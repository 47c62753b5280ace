/* The table of vgtool's settings and the lookups over it (settings.h). */
#include "config/settings.h"

#include <stdlib.h>
#include <strings.h>
#include <string.h>

const struct setting_section setting_sections[] = {
    {"devices", "Which block devices vgtool looks at for physical volumes."},
    {"allocation", "How new logical volumes are prepared."},
    {"backup", "Copies of volume group metadata kept after each change."},
    {"global", "Settings shared with lvm2 for running side by side."},
    {"activation", "Device-mapper devices, udev and snapshot policies."},
    {"metadata", "Checks of the metadata on the physical volumes."},
    {"report", "What pvs, vgs and lvs show when the command line does not say."},
    {"tags", "Host tags, and the vgtool_TAG.conf files they bring in."},
    {"local", "This host's own settings (lvm2 keeps them in lvmlocal.conf)."},
};
const size_t n_setting_sections = sizeof(setting_sections) / sizeof(setting_sections[0]);

#define B(path, def, lvm, since, summary, more)                                                    \
	{                                                                                          \
		path, SETTING_BOOL, def, NULL, lvm, since, summary, more, 0                        \
	}
#define I(path, def, since, summary, more)                                                         \
	{                                                                                          \
		path, SETTING_INT, def, NULL, SETTING_VGTOOL_ONLY, since, summary, more, 0         \
	}
#define S(path, def, lvm, since, summary, more)                                                    \
	{                                                                                          \
		path, SETTING_STRING, 0, def, lvm, since, summary, more, 0                         \
	}
#define L(path, def, lvm, since, summary, more)                                                    \
	{                                                                                          \
		path, SETTING_STRINGS, 0, def, lvm, since, summary, more, 0                        \
	}

/* Versions are lvm2's for the same keys; the words are vgtool's. */
const struct setting settings[SET_COUNT] = {
    [SET_DEVICES_DIR] = {"devices/dir", SETTING_STRING, 0, "/dev", SETTING_LVM_CONF_TOO, "1.0.0",
                         "The device directory: DIR/mapper nodes and DIR/VG/LV links.",
                         "It must be absolute.  As lvm2's commands, vgtool does not read\n"
                         "DM_DEV_DIR (dmsetup does): set both alike.",
                         1},
    [SET_DEVICES_USE_DEVICESFILE] =
        B("devices/use_devicesfile", 0, SETTING_LVM_CONF_TOO, "2.3.12",
          "Whether lvm2 limits itself to the devices of its devices file.",
          "vgtool does not follow a devices file: when this is set and the file\n"
          "exists, every vgtool command that reads devices refuses to run,\n"
          "rather than see PVs lvm2 is told to leave alone."),
    [SET_DEVICES_DEVICESFILE] =
        S("devices/devicesfile", "system.devices", SETTING_LVM_CONF_TOO, "2.3.12",
          "The name of lvm2's devices file, in LVM_SYSTEM_DIR/devices.", NULL),
    [SET_DEVICES_FILTER] =
        L("devices/filter", "a|.*|", SETTING_LVM_CONF_GROUP, "1.0.0",
          "Patterns that accept or reject devices by their path.",
          "\"a|REGEX|\" accepts, \"r|REGEX|\" rejects (any character may stand for\n"
          "the '|'); for each name of a device the first pattern that matches\n"
          "decides, and a device no pattern matches is used.  When vgtool.conf\n"
          "and --config set neither this nor global_filter, both are taken\n"
          "from lvm2's lvm.conf."),
    [SET_DEVICES_GLOBAL_FILTER] =
        L("devices/global_filter", "a|.*|", SETTING_LVM_CONF_GROUP, "2.2.98",
          "Patterns applied before devices/filter, in the same syntax.", NULL),
    [SET_DEVICES_SCAN_LVS] = B("devices/scan_lvs", 0, SETTING_VGTOOL_ONLY, "2.2.182",
                               "Look for physical volumes inside logical volumes too.",
                               "The private layers of a snapshot are never scanned."),
    [SET_DEVICES_MULTIPATH_COMPONENT_DETECTION] =
        B("devices/multipath_component_detection", 1, SETTING_VGTOOL_ONLY, "2.2.89",
          "Leave out the paths of a multipath device.",
          "The PV is then seen once, on the multipath device."),
    [SET_DEVICES_MD_COMPONENT_DETECTION] =
        B("devices/md_component_detection", 1, SETTING_VGTOOL_ONLY, "1.0.18",
          "Leave out the members of an md array.", "The PV is then seen once, on the array."),
    [SET_DEVICES_DEFAULT_DATA_ALIGNMENT] = {"devices/default_data_alignment", SETTING_INT, 1, NULL,
                                            SETTING_LVM_CONF_TOO, "2.2.75",
                                            "Where a new PV's data area starts: a multiple of this "
                                            "many MiB.",
                                            "0 is taken as 1, as lvm2 2.03 takes it.  "
                                            "devices/data_alignment\n"
                                            "and --dataalignment override it.",
                                            0},
    [SET_DEVICES_DATA_ALIGNMENT] = {"devices/data_alignment", SETTING_INT, 0, NULL,
                                    SETTING_LVM_CONF_TOO, "2.2.45",
                                    "Where a new PV's data area starts: a multiple of this many "
                                    "KiB.",
                                    "0 leaves it to devices/default_data_alignment; "
                                    "--dataalignment\n"
                                    "overrides it.",
                                    0},
    [SET_DEVICES_REQUIRE_RESTOREFILE_WITH_UUID] =
        B("devices/require_restorefile_with_uuid", 1, SETTING_LVM_CONF_TOO, "2.2.73",
          "Refuse pvcreate --uuid without --restorefile.", NULL),
    [SET_DEVICES_PV_MIN_SIZE] = {"devices/pv_min_size", SETTING_INT, 2048, NULL,
                                 SETTING_LVM_CONF_TOO, "2.2.85",
                                 "Smallest device, in KiB, that can hold a physical volume.",
                                 "Smaller devices are not scanned for PVs and pvcreate refuses\n"
                                 "them.  A value below 512 is ignored, with a warning.",
                                 0},
    [SET_DEVICES_ALLOW_CHANGES_WITH_DUPLICATE_PVS] =
        B("devices/allow_changes_with_duplicate_pvs", 0, SETTING_VGTOOL_ONLY, "2.2.153",
          "Change and activate a volume group whose PV is seen on two devices.",
          "Otherwise such a volume group is only shown (with lvm2's warnings)\n"
          "until one of the copies is hidden, by a filter for instance."),
    [SET_DEVICES_ALLOW_MIXED_BLOCK_SIZES] =
        B("devices/allow_mixed_block_sizes", 0, SETTING_LVM_CONF_TOO, "2.3.6",
          "Let one volume group have PVs of different logical block sizes.",
          "Otherwise vgcreate and vgextend refuse devices whose logical block\n"
          "sizes differ (512 and 4096 bytes, say), among themselves or from the\n"
          "volume group's PVs: a file system made for one size may not work on\n"
          "a volume that spans both."),
    [SET_ALLOCATION_WIPE_SIGNATURES_WHEN_ZEROING_NEW_LVS] =
        B("allocation/wipe_signatures_when_zeroing_new_lvs", 1, SETTING_VGTOOL_ONLY, "2.2.105",
          "Wipe the signatures found on a new LV whenever it is zeroed.",
          "lvcreate then looks for every signature libblkid knows (filesystems,\n"
          "swap, RAID members, partition tables) on the new LV's extents and\n"
          "wipes each one, as -Wy asks; -W on the command line decides over\n"
          "this setting.  Zeroing clears only the first 4 KiB."),
    [SET_BACKUP_BACKUP] = B("backup/backup", 1, SETTING_VGTOOL_ONLY, "1.0.0",
                            "Keep a copy of each volume group's metadata as it is after a change.",
                            "In VGTOOL_SYSTEM_DIR/backup/VG, lvm2's backup file format: the file\n"
                            "vgcfgrestore restores by default.  A change whose backup cannot be\n"
                            "written still stands, with a warning."),
    [SET_BACKUP_ARCHIVE] = B("backup/archive", 1, SETTING_VGTOOL_ONLY, "1.0.0",
                             "Keep the metadata as it was before each change.",
                             "In VGTOOL_SYSTEM_DIR/archive/VG_NNNNN-RANDOM.vg, numbered in order\n"
                             "(vgcfgrestore --list shows them); vgtool never deletes them.  A\n"
                             "change whose archive cannot be written is refused."),
    [SET_GLOBAL_UNITS] = S("global/units", "r", SETTING_LVM_CONF_TOO, "1.0.0",
                           "The units of sizes in reports when --units does not say.",
                           "What --units takes (r, h, b, s, k, m, g, t, p, e, a number before\n"
                           "one); a value that is none of these fails every command."),
    [SET_GLOBAL_SUFFIX] =
        B("global/suffix", 1, SETTING_LVM_CONF_TOO, "1.0.0",
          "Show the unit after the sizes in reports.", "0 is --nosuffix on every report."),
    [SET_GLOBAL_WAIT_FOR_LOCKS] =
        B("global/wait_for_locks", 1, SETTING_LVM_CONF_TOO, "2.2.50",
          "Wait for a lock another command holds instead of failing.", NULL),
    [SET_GLOBAL_LOCKING_DIR] =
        S("global/locking_dir", "/run/lock/lvm", SETTING_LVM_CONF_TOO, "1.0.0",
          "The folder of the lock files vgtool shares with lvm2.",
          "Users other than root lock their image files in a folder of their\n"
          "own instead."),
    [SET_GLOBAL_PRIORITISE_WRITE_LOCKS] =
        B("global/prioritise_write_locks", 1, SETTING_LVM_CONF_TOO, "2.2.52",
          "Let a command waiting to change a volume group go before new readers.", NULL),
    [SET_GLOBAL_EVENT_ACTIVATION] =
        B("global/event_activation", 1, SETTING_VGTOOL_ONLY, "2.3.1",
          "Activate volume groups as their PVs appear (udev, at boot).",
          "vgtool's udev rule runs pvscan --cache for each PV, and the VG is\n"
          "activated (-aay) once all of its PVs are there.  0 leaves boot\n"
          "activation to lvm2: pvscan --cache and vgchange --autoactivation\n"
          "then do nothing.  lvm2's own setting of the same name is lvm.conf's\n"
          "and is not read here: each tool has its own switch."),
    [SET_GLOBAL_USE_LVMLOCKD] =
        B("global/use_lvmlockd", 0, SETTING_LVM_CONF_TOO, "2.2.124",
          "Use lvmlockd's locks for shared volume groups, as lvm2 does.",
          "Shared VGs (vgcreate --shared, lock type sanlock or dlm) are\n"
          "locked across hosts by lvm2's lvmlockd, which vgtool talks to\n"
          "as lvm2's commands do.  0: shared VGs are left out of listings\n"
          "and refused when named, as lvm2 refuses them without lvmlockd.\n"
          "Taken from lvm.conf when vgtool.conf does not set it: both tools\n"
          "must agree."),
    [SET_GLOBAL_LVMLOCKD_LOCK_RETRIES] = {"global/lvmlockd_lock_retries", SETTING_INT, 3, NULL,
                                          SETTING_LVM_CONF_TOO, "2.2.125",
                                          "How often a VG or global lock held by another host is "
                                          "asked for again, a second apart.",
                                          NULL, 0},
    [SET_GLOBAL_SANLOCK_LV_EXTEND] = {"global/sanlock_lv_extend", SETTING_INT, 256, NULL,
                                      SETTING_LVM_CONF_TOO, "2.2.124",
                                      "MiB by which lvcreate grows a sanlock VG's lvmlock LV "
                                      "when its leases run out.",
                                      "lvmlock holds one sanlock lease per LV (1 MiB each with\n"
                                      "512-byte sectors).  0: lvcreate fails instead, as lvm2's.",
                                      0},
    [SET_ACTIVATION_UDEV_SYNC] =
        B("activation/udev_sync", 1, SETTING_VGTOOL_ONLY, "2.2.51",
          "Wait for udev to finish with the devices a command changes.",
          "Without udevd running (or with DM_DISABLE_UDEV set) vgtool never\n"
          "waits, whatever this says."),
    [SET_ACTIVATION_UDEV_RULES] =
        B("activation/udev_rules", 1, SETTING_VGTOOL_ONLY, "2.2.57",
          "Leave device nodes and /dev/VG/LV links to udev's rules.",
          "With 0, libdevmapper and vgtool make them; without udevd running\n"
          "they always do."),
    [SET_ACTIVATION_VERIFY_UDEV_OPERATIONS] =
        B("activation/verify_udev_operations", 0, SETTING_VGTOOL_ONLY, "2.2.86",
          "Check (and make) the nodes and links udev should have made.", NULL),
    [SET_ACTIVATION_SNAPSHOT_AUTOEXTEND_THRESHOLD] =
        I("activation/snapshot_autoextend_threshold", 100, "2.2.75",
          "Grow a snapshot's COW space when its use is above this percentage.",
          "In lvextend --use-policies and vgtool monitor.  Values below 50 act\n"
          "as 50; 100 or more turns automatic growth off."),
    [SET_ACTIVATION_SNAPSHOT_AUTOEXTEND_PERCENT] =
        I("activation/snapshot_autoextend_percent", 20, "2.2.75",
          "Grow a snapshot's COW space by at least this percentage of its size.",
          "More when needed to get back under the threshold in one step; 0 is\n"
          "refused."),
    [SET_ACTIVATION_POLLING_INTERVAL] =
        I("activation/polling_interval", 15, "2.2.63",
          "Seconds between the progress reports of a merge (lvconvert -i).", NULL),
    [SET_ACTIVATION_ACTIVATION_MODE] =
        S("activation/activation_mode", "degraded", SETTING_LVM_CONF_TOO, "2.2.108",
          "Whether logical volumes on a missing physical volume are activated.",
          "partial maps their lost parts to I/O errors; degraded and complete\n"
          "refuse them.  The --activationmode option overrides it."),
    [SET_ACTIVATION_PROCESS_PRIORITY] = {"activation/process_priority", SETTING_INT, -18, NULL,
                                         SETTING_LVM_CONF_TOO, "1.0.0",
                                         "The nice value while device-mapper devices change.",
                                         "A command takes it only to raise its priority (a\n"
                                         "lower number than its own), and drops back after.",
                                         0},
    [SET_METADATA_CHECK_PV_DEVICE_SIZES] =
        {"metadata/check_pv_device_sizes", SETTING_BOOL, 1, NULL, SETTING_LVM_CONF_TOO, "2.2.141",
         "Warn when a device is smaller than the physical volume on it.",
         "Each command that reads a volume group says so for each such PV:\n"
         "the extents past the device's end cannot be read or written.",
         1},
    [SET_REPORT_COMPACT_OUTPUT] =
        B("report/compact_output", 0, SETTING_VGTOOL_ONLY, "2.2.115",
          "Leave out every column that is empty in all rows.",
          "Also its heading; a report with --unbuffered is never compacted."),
    [SET_REPORT_COMPACT_OUTPUT_COLS] =
        S("report/compact_output_cols", "", SETTING_VGTOOL_ONLY, "2.2.133",
          "Columns to leave out when empty in all rows.",
          "A comma-separated list of field names; -o#FIELDS replaces it, and\n"
          "report/compact_output compacts every column."),
    [SET_REPORT_VGS_SORT] = S("report/vgs_sort", "vg_name", SETTING_VGTOOL_ONLY, "1.0.0",
                              "The sort keys of vgs without -O.", NULL),
    [SET_REPORT_VGS_COLS] =
        S("report/vgs_cols", "vg_name,pv_count,lv_count,snap_count,vg_attr,vg_size,vg_free",
          SETTING_VGTOOL_ONLY, "1.0.0", "The columns of vgs without -o.",
          "-o+FIELDS and -o-FIELDS change this list."),
    [SET_REPORT_PVS_SORT] = S("report/pvs_sort", "pv_name", SETTING_VGTOOL_ONLY, "1.0.0",
                              "The sort keys of pvs without -O.", NULL),
    [SET_REPORT_PVS_COLS] = S("report/pvs_cols", "pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free",
                              SETTING_VGTOOL_ONLY, "1.0.0", "The columns of pvs without -o.", NULL),
    [SET_REPORT_LVS_SORT] = S("report/lvs_sort", "vg_name,lv_name", SETTING_VGTOOL_ONLY, "1.0.0",
                              "The sort keys of lvs without -O.", NULL),
    [SET_REPORT_LVS_COLS] =
        S("report/lvs_cols",
          "lv_name,vg_name,lv_attr,lv_size,pool_lv,origin,data_percent,metadata_percent,"
          "move_pv,mirror_log,copy_percent,convert_lv",
          SETTING_VGTOOL_ONLY, "1.0.0", "The columns of lvs without -o.", NULL),
    [SET_REPORT_SEGS_SORT] = S("report/segs_sort", "vg_name,lv_name,seg_start", SETTING_VGTOOL_ONLY,
                               "1.0.0", "The sort keys of lvs --segments without -O.", NULL),
    [SET_REPORT_SEGS_COLS] =
        S("report/segs_cols", "lv_name,vg_name,lv_attr,stripes,segtype,seg_size",
          SETTING_VGTOOL_ONLY, "1.0.0", "The columns of lvs --segments without -o.", NULL),
    [SET_REPORT_PVSEGS_SORT] = S("report/pvsegs_sort", "pv_name,pvseg_start", SETTING_VGTOOL_ONLY,
                                 "1.1.3", "The sort keys of pvs --segments without -O.", NULL),
    [SET_REPORT_PVSEGS_COLS] =
        S("report/pvsegs_cols",
          "pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free,pvseg_start,pvseg_size",
          SETTING_VGTOOL_ONLY, "1.1.3", "The columns of pvs --segments without -o.", NULL),
    [SET_TAGS_HOSTTAGS] = B("tags/hosttags", 0, SETTING_VGTOOL_ONLY, "1.0.18",
                            "Give this host a host tag named as its machine name (uname -n).",
                            "Host tags are also the names of the subsections of this section\n"
                            "(\"@\" optional), each given when it is empty or when its host_list\n"
                            "of machine names holds this machine's.  For each host tag, vgtool\n"
                            "reads vgtool_TAG.conf next to vgtool.conf, when there is one, over\n"
                            "vgtool.conf (as lvm2 reads lvm_TAG.conf over lvm.conf), and an\n"
                            "activation list item \"@*\" means any host tag.  Read from the files\n"
                            "only: --config gives no host tags."),
    [SET_LOCAL_HOST_ID] = {"local/host_id", SETTING_INT, 0, NULL, SETTING_LVM_CONF_TOO, "2.2.124",
                           "This host's number in sanlock lockspaces (1 to 2000).",
                           "Sent to lvmlockd when vgchange --lockstart starts a sanlock VG's\n"
                           "lockspace; every host sharing the VG needs its own.  0 leaves it\n"
                           "to lvmlockd's own setting.  lvm2 reads it from lvmlocal.conf,\n"
                           "which vgtool reads with lvm.conf.",
                           0},
};

const struct setting *setting_find(const char *path)
{
	while (*path == '/')
		path++;
	for (size_t i = 0; i < SET_COUNT; i++)
		if (!strcmp(settings[i].path, path))
			return &settings[i];
	return NULL;
}

const struct setting_section *setting_section_find(const char *name)
{
	while (*name == '/')
		name++;
	for (size_t i = 0; i < n_setting_sections; i++)
		if (!strcmp(setting_sections[i].name, name))
			return &setting_sections[i];
	return NULL;
}

const char *setting_key(const struct setting *s)
{
	return strchr(s->path, '/') + 1;
}

size_t setting_section_len(const struct setting *s)
{
	return (size_t)(strchr(s->path, '/') - s->path);
}

int setting_value_fits(const struct setting *s, const struct cfg_value *v)
{
	switch (s->type) {
	case SETTING_BOOL:
		if (v->type == CFG_INT)
			return 1;
		if (v->type == CFG_STRING) {
			static const char *const words[] = {"y", "yes", "on",  "true",
			                                    "n", "no",  "off", "false"};
			for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
				if (!strcasecmp(v->s, words[i]))
					return 1;
		}
		return 0;
	case SETTING_INT:
		return v->type == CFG_INT;
	case SETTING_STRING:
		return v->type == CFG_STRING;
	case SETTING_STRINGS:
		if (v->type == CFG_STRING)
			return 1;
		if (v->type != CFG_LIST)
			return 0;
		for (uint32_t i = 0; i < v->n_items; i++)
			if (v->items[i].type != CFG_STRING)
				return 0;
		return 1;
	}
	return 0;
}

static int bool_of(const struct cfg_value *v)
{
	if (v->type == CFG_INT)
		return v->i != 0;
	return !strcasecmp(v->s, "y") || !strcasecmp(v->s, "yes") || !strcasecmp(v->s, "on") ||
	       !strcasecmp(v->s, "true");
}

int setting_value_is_default(const struct setting *s, const struct cfg_value *v)
{
	if (!setting_value_fits(s, v))
		return 0;
	switch (s->type) {
	case SETTING_BOOL:
	case SETTING_INT:
		/* the same text, as lvm2 compares: "y" is not the default 1 */
		return v->type == CFG_INT && v->i == s->def;
	case SETTING_STRING:
		return !strcmp(v->s, s->def_str);
	case SETTING_STRINGS:
		if (v->type == CFG_STRING)
			return !strcmp(v->s, s->def_str);
		return v->n_items == 1 && !strcmp(v->items[0].s, s->def_str);
	}
	return 0;
}

/* A node of `root` at the setting's path, whatever its type. */
static const struct cfg_node *find(const struct cfg_node *root, enum setting_id id)
{
	return root ? cfg_find(root, settings[id].path) : NULL;
}

const struct cfg_node *setting_list_layer(const struct setting_layers *l, enum setting_id id,
                                          enum setting_source *from)
{
	const struct setting *s = &settings[id];
	int in_vgtool = find(l->vgtool, id) != NULL;

	if (s->lvm_conf == SETTING_LVM_CONF_GROUP)
		in_vgtool = find(l->vgtool, SET_DEVICES_FILTER) ||
		            find(l->vgtool, SET_DEVICES_GLOBAL_FILTER);
	if (from)
		*from = SETTING_FROM_DEFAULT;
	if (in_vgtool) {
		if (from)
			*from = SETTING_FROM_VGTOOL;
		return l->vgtool;
	}
	if (s->lvm_conf != SETTING_VGTOOL_ONLY && l->lvm) {
		if (from)
			*from = SETTING_FROM_LVM_CONF;
		return l->lvm;
	}
	return NULL;
}

const struct cfg_node *setting_node(const struct setting_layers *l, enum setting_id id,
                                    enum setting_source *from)
{
	const struct setting *s = &settings[id];
	const struct cfg_node *n;
	enum setting_source src;

	if (from)
		*from = SETTING_FROM_DEFAULT;
	if (s->lvm_conf == SETTING_LVM_CONF_GROUP) {
		const struct cfg_node *root = setting_list_layer(l, id, &src);
		n = find(root, id);
		if (!n || !setting_value_fits(s, &n->v))
			return NULL;
		if (from)
			*from = src;
		return n;
	}
	if ((n = find(l->vgtool, id)) && setting_value_fits(s, &n->v)) {
		if (from)
			*from = SETTING_FROM_VGTOOL;
		return n;
	}
	if (s->lvm_conf != SETTING_VGTOOL_ONLY && (n = find(l->lvm, id)) &&
	    setting_value_fits(s, &n->v)) {
		if (from)
			*from = SETTING_FROM_LVM_CONF;
		return n;
	}
	return NULL;
}

int setting_bool(const struct setting_layers *l, enum setting_id id)
{
	const struct cfg_node *n = setting_node(l, id, NULL);
	return n ? bool_of(&n->v) : settings[id].def != 0;
}

int64_t setting_int(const struct setting_layers *l, enum setting_id id)
{
	const struct cfg_node *n = setting_node(l, id, NULL);
	return n ? n->v.i : settings[id].def;
}

const char *setting_str(const struct setting_layers *l, enum setting_id id)
{
	const struct cfg_node *n = setting_node(l, id, NULL);
	return n ? n->v.s : settings[id].def_str;
}

uint32_t setting_version(const char *text)
{
	unsigned long part[3];
	const char *p = text;
	char *end;

	for (int i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return 0;
		part[i] = strtoul(p, &end, 10);
		if (part[i] > 999 || (i < 2 && *end != '.') || (i == 2 && *end))
			return 0;
		p = end + 1;
	}
	return (uint32_t)(part[0] * 1000000 + part[1] * 1000 + part[2]) + 1;
}
