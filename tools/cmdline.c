/* The option parser shared by every command (see cmdline.h). */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tools/cmdline.h"
#include "metadata/names.h"
#include "misc/log.h"
#include "misc/xalloc.h"

/* Every option vgtool knows.  Long names and letters are lvm2's. */
static const struct opt_spec opt_table[] = {
    {OPT_HELP, "help", 'h', ARG_NONE, NULL, "show this help and exit"},
    {OPT_VERSION, "version", 0, ARG_NONE, NULL, "show the version and exit"},
    {OPT_VERBOSE, "verbose", 'v', ARG_NONE, NULL,
     "more detail; repeat up to -vvvv (-vvv traces each dm ioctl)"},
    {OPT_QUIET, "quiet", 'q', ARG_NONE, NULL,
     "less output: -q cancels -v, -qq also hides normal messages (as lvm2)"},
    {OPT_TEST, "test", 't', ARG_NONE, NULL,
     "do everything but write to disks or the kernel; print the dm operations"},
    {OPT_YES, "yes", 'y', ARG_NONE, NULL, "answer yes to every prompt"},
    {OPT_CONFIG, "config", 0, ARG_REQUIRED, "STRING",
     "configuration settings that override vgtool.conf, in its syntax"},
    {OPT_DEVICES, "devices", 0, ARG_REQUIRED, "DEV[,DEV...]",
     "use only these devices (regular files are accepted)"},
    {OPT_NOLOCKING, "nolocking", 0, ARG_NONE, NULL,
     "take no lock files (lvm2's; other commands may then change the VG at once)"},
    {OPT_IGNORELOCKINGFAILURE, "ignorelockingfailure", 0, ARG_NONE, NULL,
     "when the lock folder is read-only, go on: reads and activation only"},
    {OPT_AUTOBACKUP, "autobackup", 'A', ARG_REQUIRED, "y|n",
     "keep the metadata's archive and backup for this change (default: backup/archive and "
     "backup/backup)"},
    {OPT_SYSINIT, "sysinit", 0, ARG_NONE, NULL,
     "early boot, lock folder perhaps read-only: --ignorelockingfailure, quietly"},
    {OPT_FORCE, "force", 'f', ARG_NONE, NULL, "override checks (repeat to insist)"},
    {OPT_METADATASIZE, "metadatasize", 0, ARG_REQUIRED, "SIZE",
     "size of each metadata area (default 1020k)"},
    {OPT_DATAALIGNMENT, "dataalignment", 0, ARG_REQUIRED, "SIZE",
     "align the start of the data area to a multiple of this (default 1m)"},
    {OPT_PESIZE, "physicalextentsize", 's', ARG_REQUIRED, "SIZE", "extent size (default 4m)"},
    {OPT_SIZE, "size", 'L', ARG_REQUIRED, "SIZE", "size (default unit m)"},
    {OPT_EXTENTS, "extents", 'l', ARG_REQUIRED, "N[%VG|%FREE|%PVS|%ORIGIN]",
     "size in extents or as a percentage"},
    {OPT_NAME, "name", 'n', ARG_REQUIRED, "NAME", "name of the new logical volume"},
    {OPT_SNAPSHOT, "snapshot", 's', ARG_NONE, NULL, "create a classic snapshot"},
    {OPT_CHUNKSIZE, "chunksize", 'c', ARG_REQUIRED, "SIZE",
     "snapshot chunk size, a power of 2 from 4k to 512k (default 4k)"},
    {OPT_ACTIVATE, "activate", 'a', ARG_REQUIRED, "y|n|ay",
     "activate or not (ay: only what --setautoactivation allows)"},
    {OPT_ZERO, "zero", 'Z', ARG_REQUIRED, "y|n", "zero the start of the new volume"},
    {OPT_WIPESIGNATURES, "wipesignatures", 'W', ARG_REQUIRED, "y|n",
     "wipe signatures found on the new volume"},
    {OPT_OPTIONS, "options", 'o', ARG_REQUIRED, "FIELDS",
     "report columns; \"+f\" adds to the defaults"},
    {OPT_SORT, "sort", 'O', ARG_REQUIRED, "FIELDS", "sort by these columns (\"-f\" descending)"},
    {OPT_SELECT, "select", 'S', ARG_REQUIRED, "SELECTION",
     "only the objects this expression selects (vgtool-select(7); \"help\" lists it)"},
    {OPT_UNITS, "units", 0, ARG_REQUIRED, "hHbBsSkKmMgGtTpPeE", "units of sizes"},
    {OPT_NOHEADINGS, "noheadings", 0, ARG_NONE, NULL, "no heading line"},
    {OPT_NOSUFFIX, "nosuffix", 0, ARG_NONE, NULL, "no unit letter after sizes"},
    {OPT_SEPARATOR, "separator", 0, ARG_REQUIRED, "STRING", "column separator"},
    {OPT_ALL, "all", 'a', ARG_NONE, NULL, "include hidden volumes"},
    {OPT_REPORTFORMAT, "reportformat", 0, ARG_REQUIRED, "basic|json", "output format"},
    {OPT_NAMEPREFIXES, "nameprefixes", 0, ARG_NONE, NULL,
     "each value as LVM2_FIELD='value' (for udev rules and shell scripts)"},
    {OPT_UNQUOTED, "unquoted", 0, ARG_NONE, NULL, "with --nameprefixes, values without quotes"},
    {OPT_ROWS, "rows", 0, ARG_NONE, NULL, "a line per field instead of per object"},
    {OPT_BINARY, "binary", 0, ARG_NONE, NULL, "yes/no fields as 1 or 0 (-1: unknown)"},
    {OPT_ALIGNED, "aligned", 0, ARG_NONE, NULL, "align the columns even with --separator"},
    {OPT_UNBUFFERED, "unbuffered", 0, ARG_NONE, NULL,
     "print each row as it comes: unsorted (unless -O), each row aligned on its own"},
    {OPT_SEGMENTS, "segments", 0, ARG_NONE, NULL,
     "a row per segment (lvs: LV segments; pvs: PV segments, free ones included)"},
    {OPT_FILE, "file", 'f', ARG_REQUIRED, "FILE", "backup file"},
    {OPT_LIST, "list", 'l', ARG_NONE, NULL, "list the backups and archives"},
    {OPT_MAPS, "maps", 'm', ARG_NONE, NULL, "show the extent maps"},
    {OPT_USE_POLICIES, "use-policies", 0, ARG_NONE, NULL,
     "grow a snapshot's COW as activation/snapshot_autoextend_* say (as lvm2)"},
    {OPT_ONCE, "once", 0, ARG_NONE, NULL, "check once and exit (the default without --interval)"},
    {OPT_INTERVAL, "interval", 'i', ARG_REQUIRED, "SECONDS",
     "seconds between checks (monitor: alone, check in a loop; with --once, the next "
     "check's distance; lvconvert: between progress reports, default "
     "activation/polling_interval, 15)"},
    {OPT_MERGE, "merge", 0, ARG_NONE, NULL, "merge a snapshot into its origin"},
    {OPT_MERGESNAPSHOT, "mergesnapshot", 0, ARG_NONE, NULL, "the same as --merge"},
    {OPT_BACKGROUND, "background", 'b', ARG_NONE, NULL, "poll in the background"},
    {OPT_POLL, "poll", 0, ARG_REQUIRED, "y|n",
     "finish merges the activation starts, polling in the background (default y)"},
    {OPT_REFRESH, "refresh", 0, ARG_NONE, NULL,
     "reload the tables of active LVs (and start a merge put off while the origin was open)"},
    {OPT_UUID, "uuid", 'u', ARG_REQUIRED, "UUID",
     "the new PV's uuid: the one of a lost PV it replaces (with --restorefile)"},
    {OPT_RESTOREFILE, "restorefile", 0, ARG_REQUIRED, "FILE",
     "take the replaced PV's layout from this metadata backup"},
    {OPT_NORESTOREFILE, "norestorefile", 0, ARG_NONE, NULL, "allow --uuid without --restorefile"},
    {OPT_REMOVEMISSING, "removemissing", 0, ARG_NONE, NULL,
     "remove the PVs that are missing (with -f, the LVs on them too)"},
    {OPT_RESTOREMISSING, "restoremissing", 0, ARG_NONE, NULL,
     "take back PVs written as missing whose device is there again"},
    {OPT_UPDATEMETADATA, "updatemetadata", 0, ARG_NONE, NULL,
     "write the VG's metadata again on every PV: old copies and unreadable areas"},
    {OPT_ACTIVATIONMODE, "activationmode", 0, ARG_REQUIRED, "MODE",
     "partial activates LVs on a lost PV, degraded (default) or complete refuses them"},
    {OPT_PARTIAL, "partial", 'P', ARG_NONE, NULL, "the same as --activationmode partial"},
    {OPT_ADDTAG, "addtag", 0, ARG_REQUIRED, "TAG",
     "add a tag (repeatable; characters A-Z a-z 0-9 _ + . - / = ! : & #)"},
    {OPT_DELTAG, "deltag", 0, ARG_REQUIRED, "TAG", "delete a tag (repeatable)"},
    {OPT_RESIZEFS, "resizefs", 'r', ARG_NONE, NULL,
     "resize the filesystem with the LV (ext2/3/4 with resize2fs, xfs grown with xfs_growfs)"},
    {OPT_NOFSCK, "nofsck", 'n', ARG_NONE, NULL,
     "with -r, no e2fsck of an unmounted filesystem before resizing it"},
    {OPT_ALL_VGS, "all", 'a', ARG_NONE, NULL, "every volume group"},
    {OPT_MAXLV, "maxlogicalvolumes", 'l', ARG_REQUIRED, "N",
     "the most logical volumes the new volume group may hold (0: no limit)"},
    {OPT_MAXPV, "maxphysicalvolumes", 'p', ARG_REQUIRED, "N",
     "the most physical volumes the volume group may hold (0: no limit)"},
    {OPT_SPLIT_LV, "name", 'n', ARG_REQUIRED, "LV", "move the physical volumes this LV uses"},
    {OPT_SHORT, "short", 's', ARG_NONE, NULL,
     "only the device names (pvscan); each PV's free capacity (pvdisplay)"},
    {OPT_COLUMNS, "columns", 'C', ARG_NONE, NULL,
     "columns: what pvs, vgs or lvs reports, with their options"},
    {OPT_COLON, "colon", 'c', ARG_NONE, NULL,
     "one line of colon-separated fields each, as lvm2's (for old scripts)"},
    {OPT_ACTIVEVGS, "activevolumegroups", 'A', ARG_NONE, NULL,
     "only the volume groups with active logical volumes"},
    {OPT_SHOWUUID, "uuid", 'u', ARG_NONE, NULL, "show each PV's UUID too"},
    {OPT_EXPORTED, "exported", 'e', ARG_NONE, NULL, "only PVs of exported volume groups"},
    {OPT_NOVG, "novolumegroup", 'n', ARG_NONE, NULL, "only PVs in no volume group"},
    {OPT_CACHE, "cache", 0, ARG_NONE, NULL,
     "record the PVs as online for event activation (all, or those named)"},
    {OPT_LISTVG, "listvg", 0, ARG_NONE, NULL, "name the VG of each PV named"},
    {OPT_CHECKCOMPLETE, "checkcomplete", 0, ARG_NONE, NULL,
     "with --listvg: and whether all of its PVs are online"},
    {OPT_VGONLINE, "vgonline", 0, ARG_NONE, NULL,
     "with --checkcomplete: claim a complete VG, so that one command activates it"},
    {OPT_UDEVOUTPUT, "udevoutput", 0, ARG_NONE, NULL,
     "print only LVM_VG_NAME_COMPLETE='VG' lines for udev to import"},
    {OPT_AUTOACTIVATION, "autoactivation", 0, ARG_REQUIRED, "event",
     "activation on a device event: does nothing where global/event_activation is 0"},
    {OPT_MKNODES, "mknodes", 0, ARG_NONE, NULL, "then run vgmknodes"},
    {OPT_ALLOC, "alloc", 0, ARG_REQUIRED, "POLICY",
     "allocation policy: contiguous, cling, cling_by_tags, normal, anywhere or inherit"},
    {OPT_CONTIGUOUS, "contiguous", 'C', ARG_REQUIRED, "y|n",
     "y: the contiguous allocation policy; n: inherit"},
    {OPT_STRIPES, "stripes", 'i', ARG_REQUIRED, "N", "stripes: only 1 (linear) is done"},
    {OPT_STRIPESIZE, "stripesize", 'I', ARG_REQUIRED, "SIZE",
     "stripe size (ignored with one stripe, as lvm2)"},
    {OPT_TYPE, "type", 0, ARG_REQUIRED, "TYPE",
     "segment type: linear, striped (one stripe) or snapshot"},
    {OPT_MIRRORS, "mirrors", 'm', ARG_REQUIRED, "N", "mirrors: only 0 is done"},
    {OPT_LOGICALVOLUME, "logicalvolume", 'l', ARG_REQUIRED, "N",
     "the most logical volumes the volume group may hold (0: no limit)"},
    {OPT_RESIZEABLE, "resizeable", 'x', ARG_REQUIRED, "y|n",
     "whether physical volumes may be added or removed"},
    {OPT_SETPVSIZE, "setphysicalvolumesize", 0, ARG_REQUIRED, "SIZE",
     "use this size instead of the device's (default unit m; with -y when it differs)"},
    {OPT_ALLOCATABLE, "allocatable", 'x', ARG_REQUIRED, "y|n",
     "whether new extents may be allocated on the PVs"},
    {OPT_NEWUUID, "uuid", 'u', ARG_NONE, NULL,
     "give each PV a new random uuid (its VG's LVs inactive)"},
    {OPT_ALL_PVS, "all", 'a', ARG_NONE, NULL, "every PV"},
    {OPT_DUMP, "dump", 0, ARG_REQUIRED, "TYPE",
     "headers, metadata, metadata_all, metadata_search or metadata_area"},
    {OPT_DUMP_FILE, "file", 'f', ARG_REQUIRED, "FILE",
     "--dump: write the metadata to this new file instead of stdout; --repair: the metadata "
     "to repair from"},
    {OPT_PVMDACOPIES, "pvmetadatacopies", 0, ARG_REQUIRED, "0|1|2",
     "--dump: the PV's first (1, the default) or second (2) metadata area"},
    {OPT_LABELSECTOR, "labelsector", 0, ARG_REQUIRED, "N",
     "the sector that holds the label (default 1)"},
    {OPT_SETTINGS, "settings", 0, ARG_REQUIRED, "\"KEY=VALUE ...\"",
     "where to look and what to write (mda_num, seqno, mda_offset, pv_uuid, ...)"},
    {OPT_REPAIR, "repair", 0, ARG_NONE, NULL,
     "write a new PV header and metadata from the metadata in -f FILE"},
    {OPT_REPAIRTYPE, "repairtype", 0, ARG_REQUIRED, "TYPE",
     "repair only the label_header, the pv_header or the metadata"},
    {OPT_PVMETADATACOPIES, "pvmetadatacopies", 0, ARG_REQUIRED, "0|1|2",
     "metadata areas on each new PV: none, one at the start (default) or also one at the end"},
    {OPT_METADATACOPIES, "metadatacopies", 0, ARG_REQUIRED, "0|1|2",
     "the same as --pvmetadatacopies"},
    {OPT_METADATATYPE, "metadatatype", 'M', ARG_REQUIRED, "lvm2",
     "the metadata format: lvm2 (also \"2\" or \"text\"), the only one"},
    {OPT_DATAALIGNMENTOFFSET, "dataalignmentoffset", 0, ARG_REQUIRED, "SIZE",
     "shift the aligned start of the data area by this much (default 0)"},
    {OPT_BOOTLOADERAREASIZE, "bootloaderareasize", 0, ARG_REQUIRED, "SIZE",
     "keep this much room for a bootloader between the metadata and the data (default 0)"},
    {OPT_SHARED, "shared", 0, ARG_NONE, NULL,
     "reports: show shared VGs when lvmlockd is not used; vgcreate: a shared VG"},
    {OPT_LOCKSTART, "lockstart", 0, ARG_NONE, NULL,
     "start the VG's lockspace in lvmlockd (shared VGs)"},
    {OPT_LOCKSTOP, "lockstop", 0, ARG_NONE, NULL,
     "stop the VG's lockspace in lvmlockd (its LVs inactive here)"},
    {OPT_LOCKOPT, "lockopt", 0, ARG_REQUIRED, "STRING",
     "lvmlockd options: nowait (--lockstart, vgcreate --shared), force (vgchange --locktype "
     "none without lvmlockd)"},
    {OPT_LOCKTYPE, "locktype", 0, ARG_REQUIRED, "sanlock|dlm|none",
     "vgcreate: the lock manager of a new shared VG; vgchange: make a VG shared or local"},
    {OPT_PERMISSION, "permission", 'p', ARG_REQUIRED, "r|rw",
     "read-only (r) or read/write (rw) access to the LV"},
    {OPT_SETACTIVATIONSKIP, "setactivationskip", 'k', ARG_REQUIRED, "y|n",
     "flag the LV to be skipped by activation (unless -K)"},
    {OPT_IGNOREACTIVATIONSKIP, "ignoreactivationskip", 'K', ARG_NONE, NULL,
     "activate LVs flagged to be skipped too"},
    {OPT_SETAUTOACTIVATION, "setautoactivation", 0, ARG_REQUIRED, "y|n",
     "whether -aay activates it (default y)"},
    {OPT_PERSISTENT, "persistent", 'M', ARG_REQUIRED, "y|n",
     "keep the minor number given with --minor (y), or let the kernel choose (n)"},
    {OPT_MAJOR, "major", 'j', ARG_REQUIRED, "N",
     "accepted as lvm2 does, with its warning: the kernel gives device-mapper's major"},
    {OPT_MINOR, "minor", 0, ARG_REQUIRED, "N", "the persistent minor number (0-1048575)"},
    {OPT_VIRTUALSIZE, "virtualsize", 'V', ARG_REQUIRED, "SIZE",
     "with --type snapshot: a sparse snapshot of this size over a zero origin (default unit "
     "m)"},
    {OPT_VIRTUALORIGINSIZE, "virtualoriginsize", 0, ARG_REQUIRED, "SIZE",
     "the same as --type snapshot --virtualsize SIZE"},
    {OPT_TYPECONFIG, "typeconfig", 0, ARG_REQUIRED, "TYPE",
     "current (default), default, diff, full, list, missing or new"},
    {OPT_TYPECONFIG_TYPE, "type", 0, ARG_REQUIRED, "TYPE", "the same as --typeconfig"},
    {OPT_OUTFILE, "file", 'f', ARG_REQUIRED, "FILE", "write the output to this file"},
    {OPT_LISTCONFIG, "list", 'l', ARG_NONE, NULL,
     "the settings' names, each with its summary (--typeconfig list --withsummary)"},
    {OPT_ATVERSION, "atversion", 0, ARG_REQUIRED, "X.Y.Z",
     "only the settings lvm2 had in this version (2.3.16 is lvm2 2.03.16)"},
    {OPT_SINCEVERSION, "sinceversion", 0, ARG_REQUIRED, "X.Y.Z",
     "with --typeconfig new: the settings lvm2 brought since this version"},
    {OPT_IGNOREADVANCED, "ignoreadvanced", 0, ARG_NONE, NULL,
     "leave out the settings lvm2 calls advanced (devices/dir)"},
    {OPT_IGNOREUNSUPPORTED, "ignoreunsupported", 0, ARG_NONE, NULL,
     "leave out unsupported settings (vgtool has none)"},
    {OPT_IGNORELOCAL, "ignorelocal", 0, ARG_NONE, NULL,
     "leave out the local section (vgtool has none)"},
    {OPT_MERGEDCONFIG, "mergedconfig", 0, ARG_NONE, NULL,
     "show --config merged with vgtool.conf and the lvm.conf settings vgtool follows"},
    {OPT_SHOWDEPRECATED, "showdeprecated", 0, ARG_NONE, NULL,
     "include deprecated settings (vgtool has none)"},
    {OPT_SHOWUNSUPPORTED, "showunsupported", 0, ARG_NONE, NULL,
     "include unsupported settings (vgtool has none)"},
    {OPT_VALIDATE, "validate", 0, ARG_NONE, NULL,
     "check that every key is a vgtool setting of the right type (exit 5 if not)"},
    {OPT_VALUESONLY, "valuesonly", 0, ARG_NONE, NULL, "values without their keys"},
    {OPT_WITHSUMMARY, "withsummary", 0, ARG_NONE, NULL, "a line about each setting"},
    {OPT_WITHCOMMENTS, "withcomments", 0, ARG_NONE, NULL, "all vgtool says about each setting"},
    {OPT_WITHGENERALPREAMBLE, "withgeneralpreamble", 0, ARG_NONE, NULL,
     "begin with the comment that heads vgtool.conf"},
    {OPT_WITHSPACES, "withspaces", 0, ARG_NONE, NULL, "\"key = value\" instead of \"key=value\""},
    {OPT_UNCONFIGURED, "unconfigured", 0, ARG_NONE, NULL,
     "defaults as built (vgtool's are the same)"},
    {OPT_WITHVERSIONS, "withversions", 0, ARG_NONE, NULL,
     "the lvm2 version that brought each setting"},
    {OPT_CONFIGREPORT, "configreport", 0, ARG_REQUIRED, "vg|pv|lv|pvseg|seg|log",
     "the subreport the -o, -O and -S that follow are for"},
};

enum activate_change opt_activate_value(const char *v)
{
	/* lvm2's spellings: the letters of y or n with a (auto), e
	 * (exclusive), s (shared) or l (local), in either order */
	static const char *const yes[] = {"y", "e", "ey", "ye", "s", "sy", "ys", "ly", "yl"};
	static const char *const no[] = {"n", "en", "ne", "ln", "nl"};
	if (!strcmp(v, "a") || !strcmp(v, "ay") || !strcmp(v, "ya"))
		return ACTIVATE_AUTO;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcmp(v, yes[i]))
			return ACTIVATE_YES;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcmp(v, no[i]))
			return ACTIVATE_NO;
	return ACTIVATE_BAD;
}

const char *opt_activate_lock_mode(const char *v)
{
	if (opt_activate_value(v) == ACTIVATE_NO)
		return NULL;
	return strchr(v, 's') ? "sh" : "ex";
}

int opt_bool_value(const char *v)
{
	return !strcmp(v, "y") ? 1 : !strcmp(v, "n") ? 0 : -1;
}

int opt_permission_value(const char *v)
{
	if (!strcmp(v, "rw") || !strcmp(v, "wr"))
		return 1;
	return !strcmp(v, "r") ? 0 : -1;
}

/* The values the parser itself checks, as lvm2 does before anything is
 * read (a bad one: "Invalid argument for --OPT: VALUE", exit 3). */
static int value_ok(enum opt_id id, const char *v)
{
	switch (id) {
	case OPT_ACTIVATE:
		return opt_activate_value(v) != ACTIVATE_BAD;
	case OPT_PERMISSION:
		return opt_permission_value(v) >= 0;
	case OPT_SETACTIVATIONSKIP:
	case OPT_SETAUTOACTIVATION:
	case OPT_AUTOBACKUP:
	case OPT_PERSISTENT:
		return opt_bool_value(v) >= 0;
	case OPT_MAJOR:
	case OPT_MINOR: {
		/* lvm2's Number: decimal, an optional "+", no "-" */
		char *end;
		long long n;
		if (*v == '+')
			v++;
		if (*v < '0' || *v > '9')
			return 0;
		errno = 0;
		n = strtoll(v, &end, 10);
		return !*end && !errno && n <= INT32_MAX;
	}
	case OPT_PVMETADATACOPIES:
	case OPT_METADATACOPIES:
		/* lvm2's integer, then 0, 1 or 2 */
		if (*v == '+')
			v++;
		return v[0] >= '0' && v[0] <= '2' && !v[1];
	case OPT_METADATATYPE:
		/* lvm2's names of its one format, in any case */
		return !strcasecmp(v, "lvm2") || !strcasecmp(v, "2") || !strcasecmp(v, "text");
	default:
		return 1;
	}
}

const struct opt_spec *opt_spec_find(enum opt_id id)
{
	for (size_t i = 0; i < sizeof(opt_table) / sizeof(opt_table[0]); i++)
		if (opt_table[i].id == id)
			return &opt_table[i];
	return NULL;
}

const char *arg_str(const struct cmd_context *ctx, enum opt_id id, const char *def)
{
	const struct opt_value *v = &ctx->args.opt[id];
	return v->count ? v->values[v->count - 1] : def;
}

/* The options `cmd` accepts: the global ones, then its own. */
static size_t accepted_options(const struct command *cmd, const struct opt_spec **out, size_t max)
{
	size_t n = 0;
	for (int id = OPT_HELP; id <= OPT_GLOBAL_LAST && n < max; id++)
		out[n++] = opt_spec_find((enum opt_id)id);
	for (const enum opt_id *o = cmd->options; o && *o != OPT_NONE && n < max; o++)
		out[n++] = opt_spec_find(*o);
	return n;
}

static void record(struct cmd_context *ctx, enum opt_id id, const char *value)
{
	struct opt_value *v = &ctx->args.opt[id];
	v->values = xrealloc(v->values, (v->count + 1) * sizeof(*v->values));
	v->seq = xrealloc(v->seq, (v->count + 1) * sizeof(*v->seq));
	v->seq[v->count] = ctx->args.n_given++;
	v->values[v->count++] = value;
}

/* lvm2 reads "--lock-start" as "--lockstart": it drops every '-' of a
 * long option's name (up to an '='), in place, before parsing.  vgtool's
 * names are matched the same way, so both spellings work for each. */
static char *without_hyphens(const char *name)
{
	char *s = xstrdup(name), *d = s;
	for (const char *c = name; *c; c++)
		if (*c != '-')
			*d++ = *c;
	*d = '\0';
	return s;
}

static void strip_long_option_hyphens(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *a = argv[i], *d;
		if (a[0] != '-' || a[1] != '-')
			continue;
		if (!a[2])
			break; /* "--": the rest are arguments */
		for (a += 2, d = a; *a && *a != '='; a++)
			if (*a != '-')
				*d++ = *a;
		memmove(d, a, strlen(a) + 1);
	}
}

int cmdline_parse(struct cmd_context *ctx, const struct command *cmd, int argc, char **argv)
{
	const struct opt_spec *specs[OPT_COUNT];
	size_t n = accepted_options(cmd, specs, OPT_COUNT);
	struct option *longopts = xcalloc(n + 1, sizeof(*longopts));
	char *shortopts = xcalloc(2 * n + 3, 1);
	size_t s = 0;
	int rc = EXIT_DONE;

	/* Leading ':' makes getopt report a missing argument as ':' and
	 * stay quiet, so the message below is the only one printed. */
	shortopts[s++] = ':';
	for (size_t i = 0; i < n; i++) {
		longopts[i].name = without_hyphens(specs[i]->long_name);
		longopts[i].has_arg =
		    specs[i]->arg == ARG_REQUIRED ? required_argument : no_argument;
		/* getopt_long returns val; offset ids past the char range
		 * so a short letter and an id can never be confused. */
		longopts[i].val = 256 + (int)specs[i]->id;
		if (specs[i]->short_name) {
			shortopts[s++] = specs[i]->short_name;
			if (specs[i]->arg == ARG_REQUIRED)
				shortopts[s++] = ':';
		}
	}

	ctx->cmd = cmd;
	strip_long_option_hyphens(argc, argv);
	opterr = 0;
	optind = 1;
	for (;;) {
		int li = -1;
		int c = getopt_long(argc, argv, shortopts, longopts, &li);
		const struct opt_spec *spec = NULL;
		if (c == -1)
			break;
		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];
			if (c == ':')
				log_error("%s: option %s needs an argument.", cmd->name, bad);
			else if (optopt)
				log_error("%s: unrecognised option -%c.", cmd->name, optopt);
			else
				log_error("%s: unrecognised option %s.", cmd->name, bad);
			rc = EXIT_INVALID;
			goto out;
		}
		if (c >= 256) {
			spec = opt_spec_find((enum opt_id)(c - 256));
		} else {
			for (size_t i = 0; i < n && !spec; i++)
				if (specs[i]->short_name == c)
					spec = specs[i];
		}
		if (!spec) { /* cannot happen: getopt only returns what we gave it */
			log_error("%s: internal error parsing options.", cmd->name);
			rc = EXIT_FAILED;
			goto out;
		}
		if (spec->id == OPT_ADDTAG || spec->id == OPT_DELTAG) {
			/* as lvm2: "@tag" is the tag, and a bad one is a bad
			 * command line, refused before anything is read */
			const char *given = optarg;
			if (*optarg == '@')
				optarg++;
			if (tag_problem(optarg)) {
				log_error("Invalid argument for --%s: %s", spec->long_name, given);
				rc = EXIT_INVALID;
				goto out;
			}
		}
		if (spec->arg == ARG_REQUIRED && !value_ok(spec->id, optarg)) {
			log_error("Invalid argument for --%s: %s", spec->long_name, optarg);
			rc = EXIT_INVALID;
			goto out;
		}
		record(ctx, spec->id, spec->arg == ARG_REQUIRED ? optarg : NULL);
	}
	ctx->args.argc = argc - optind;
	ctx->args.argv = argv + optind;

	ctx->verbose = (int)arg_count(ctx, OPT_VERBOSE);
	ctx->quiet = (int)arg_count(ctx, OPT_QUIET);
	ctx->test_mode = arg_count(ctx, OPT_TEST) > 0;
	ctx->yes = arg_count(ctx, OPT_YES) > 0;
	ctx->config_override = arg_str(ctx, OPT_CONFIG, NULL);
	ctx->devices = arg_str(ctx, OPT_DEVICES, NULL);
	/* lvm2 takes one --config (its settings go in one string) */
	if (arg_count(ctx, OPT_CONFIG) > 1) {
		log_error("Option --config may not be repeated.");
		rc = EXIT_INVALID;
	}
out:
	for (size_t i = 0; i < n; i++)
		free((char *)longopts[i].name);
	free(longopts);
	free(shortopts);
	return rc;
}

void cmdline_release(struct cmd_context *ctx)
{
	for (int i = 0; i < OPT_COUNT; i++) {
		free(ctx->args.opt[i].values);
		free(ctx->args.opt[i].seq);
	}
	memset(&ctx->args, 0, sizeof(ctx->args));
}

void cmdline_print_usage(const struct command *cmd, FILE *out)
{
	const struct opt_spec *specs[OPT_COUNT];
	size_t n = accepted_options(cmd, specs, OPT_COUNT);
	const char *line = cmd->usage ? cmd->usage : "";

	fprintf(out, "%s: %s\n\n", cmd->name, cmd->summary);
	/* usage holds one synopsis per line */
	do {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);
		fprintf(out, "  vgtool %s %.*s\n", cmd->name, len, line);
		line = nl ? nl + 1 : NULL;
	} while (line && *line);
	fputs("\nOptions:\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct opt_spec *o = specs[i];
		char head[96];
		if (o->short_name)
			snprintf(head, sizeof(head), "-%c, --%s%s%s", o->short_name, o->long_name,
			         o->metavar ? " " : "", o->metavar ? o->metavar : "");
		else
			snprintf(head, sizeof(head), "    --%s%s%s", o->long_name,
			         o->metavar ? " " : "", o->metavar ? o->metavar : "");
		fprintf(out, "  %-30s %s\n", head, o->help);
	}
}

/* One line per option `cmd` accepts, for programs rather than people (the
 * bash completion is generated from it at build time, so it follows this
 * table): the command's name, the option's letter with its dash or "",
 * its long name with dashes, and its argument ("" when it takes none),
 * separated by tabs.  The global options come first, as in the usage. */
void cmdline_print_table(const struct command *cmd, FILE *out)
{
	const struct opt_spec *specs[OPT_COUNT];
	size_t n = accepted_options(cmd, specs, OPT_COUNT);

	for (size_t i = 0; i < n; i++) {
		const struct opt_spec *o = specs[i];
		char letter[3] = {0};
		if (o->short_name) {
			letter[0] = '-';
			letter[1] = o->short_name;
		}
		fprintf(out, "%s\t%s\t--%s\t%s\n", cmd->name, letter, o->long_name,
		        o->arg == ARG_REQUIRED ? (o->metavar ? o->metavar : "ARG") : "");
	}
}
