/* vgtool: the dispatcher.
 *
 * `vgtool CMD [options] [args]` (or a link named CMD to vgtool) looks CMD up
 * in the table below, parses its options with the one shared parser,
 * applies what its flags declare (cmdline.h: the locks tool_begin() takes,
 * whether device-mapper is asked), runs the handler, and makes sure the
 * output really reached stdout.  Exit codes are lvm2's. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "tools/cmdline.h"
#include "tools/commands.h"
#include "tools/lockd.h"
#include "activate/dm.h"
#include "device/dev-io.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

static int cmd_help(struct cmd_context *ctx);
static int cmd_version(struct cmd_context *ctx);

/* the PV layout options of pvcreate, and of vgcreate and vgextend for the
 * devices they make PVs */
#define PV_LAYOUT_OPTS                                                                             \
	OPT_METADATASIZE, OPT_PVMETADATACOPIES, OPT_DATAALIGNMENT, OPT_DATAALIGNMENTOFFSET,        \
	    OPT_BOOTLOADERAREASIZE, OPT_LABELSECTOR, OPT_ZERO
static const enum opt_id pvcreate_opts[] = {OPT_FORCE,         PV_LAYOUT_OPTS, OPT_METADATACOPIES,
                                            OPT_METADATATYPE,  OPT_UUID,       OPT_RESTOREFILE,
                                            OPT_NORESTOREFILE, OPT_SETPVSIZE,  OPT_NONE};
static const enum opt_id pvremove_opts[] = {OPT_FORCE, OPT_NONE};
static const enum opt_id pvchange_opts[] = {OPT_ALLOCATABLE, OPT_ADDTAG,     OPT_DELTAG,
                                            OPT_NEWUUID,     OPT_ALL_PVS,    OPT_SELECT,
                                            OPT_FORCE,       OPT_AUTOBACKUP, OPT_NONE};
static const enum opt_id pvresize_opts[] = {OPT_SETPVSIZE, OPT_NONE};
static const enum opt_id pvck_opts[] = {OPT_DUMP,        OPT_DUMP_FILE, OPT_PVMDACOPIES,
                                        OPT_LABELSECTOR, OPT_SETTINGS,  OPT_REPAIR,
                                        OPT_REPAIRTYPE,  OPT_NONE};
static const enum opt_id vgcreate_opts[] = {
    OPT_PESIZE,     OPT_FORCE,        PV_LAYOUT_OPTS, OPT_ADDTAG,
    OPT_MAXLV,      OPT_MAXPV,        OPT_ALLOC,      OPT_SETAUTOACTIVATION,
    OPT_AUTOBACKUP, OPT_METADATATYPE, OPT_SHARED,     OPT_LOCKTYPE,
    OPT_LOCKOPT,    OPT_NONE};
static const enum opt_id vgextend_opts[] = {OPT_FORCE, PV_LAYOUT_OPTS, OPT_RESTOREMISSING,
                                            OPT_AUTOBACKUP, OPT_NONE};
static const enum opt_id vgreduce_opts[] = {OPT_REMOVEMISSING, OPT_FORCE, OPT_AUTOBACKUP,
                                            OPT_ALL_PVS, OPT_NONE};
static const enum opt_id vgremove_opts[] = {OPT_FORCE, OPT_SELECT, OPT_NONE};
static const enum opt_id snapset_opts[] = {
    OPT_SIZE,      OPT_EXTENTS, OPT_CHUNKSIZE, OPT_ADDTAG,     OPT_AUTOBACKUP, OPT_NOHEADINGS,
    OPT_SEPARATOR, OPT_UNITS,   OPT_FORCE,     OPT_BACKGROUND, OPT_INTERVAL,   OPT_NONE};
static const enum opt_id lvremove_opts[] = {OPT_FORCE, OPT_SELECT, OPT_AUTOBACKUP, OPT_NONE};
static const enum opt_id vgexport_opts[] = {OPT_ALL_VGS, OPT_SELECT, OPT_NONE};
static const enum opt_id vgimport_opts[] = {OPT_ALL_VGS, OPT_FORCE, OPT_SELECT, OPT_NONE};
static const enum opt_id vgsplit_opts[] = {
    OPT_SPLIT_LV, OPT_MAXLV, OPT_MAXPV, OPT_AUTOBACKUP, OPT_ALLOC, OPT_METADATATYPE, OPT_NONE};
static const enum opt_id vgck_opts[] = {OPT_UPDATEMETADATA, OPT_NONE};
static const enum opt_id cfgbackup_opts[] = {OPT_FILE, OPT_IGNORELOCKINGFAILURE, OPT_NONE};
static const enum opt_id cfgrestore_opts[] = {OPT_FILE, OPT_LIST, OPT_AUTOBACKUP, OPT_METADATATYPE,
                                              OPT_NONE};
#define CHANGE_OPTS                                                                                \
	OPT_ACTIVATE, OPT_POLL, OPT_ACTIVATIONMODE, OPT_PARTIAL, OPT_ADDTAG, OPT_DELTAG,           \
	    OPT_SELECT, OPT_ALLOC, OPT_IGNOREACTIVATIONSKIP, OPT_SETAUTOACTIVATION, OPT_SYSINIT,   \
	    OPT_IGNORELOCKINGFAILURE, OPT_AUTOBACKUP
static const enum opt_id lvchange_opts[] = {
    CHANGE_OPTS, OPT_CONTIGUOUS, OPT_PERMISSION, OPT_SETACTIVATIONSKIP, OPT_REFRESH, OPT_PERSISTENT,
    OPT_MAJOR,   OPT_MINOR,      OPT_NONE};
static const enum opt_id vgchange_opts[] = {
    CHANGE_OPTS, OPT_LOGICALVOLUME, OPT_MAXPV,     OPT_RESIZEABLE, OPT_PESIZE, OPT_NEWUUID,
    OPT_AUTOACTIVATION, OPT_LOCKSTART, OPT_LOCKSTOP, OPT_LOCKOPT, OPT_LOCKTYPE, OPT_NONE};
static const enum opt_id lvconvert_opts[] = {OPT_MERGE,    OPT_MERGESNAPSHOT, OPT_BACKGROUND,
                                             OPT_INTERVAL, OPT_AUTOBACKUP,    OPT_NONE};
static const enum opt_id lvreduce_opts[] = {OPT_SIZE,   OPT_EXTENTS,    OPT_FORCE, OPT_RESIZEFS,
                                            OPT_NOFSCK, OPT_AUTOBACKUP, OPT_NONE};
/* growing takes an allocation policy and a stripe count (only 1) */
#define GROW_OPTS OPT_ALLOC, OPT_STRIPES, OPT_STRIPESIZE
static const enum opt_id lvresize_opts[] = {OPT_SIZE,   OPT_EXTENTS, OPT_FORCE,      OPT_RESIZEFS,
                                            OPT_NOFSCK, GROW_OPTS,   OPT_AUTOBACKUP, OPT_NONE};
static const enum opt_id lvextend_opts[] = {OPT_SIZE,         OPT_EXTENTS,    OPT_FORCE,
                                            OPT_USE_POLICIES, OPT_RESIZEFS,   OPT_NOFSCK,
                                            GROW_OPTS,        OPT_AUTOBACKUP, OPT_NONE};
static const enum opt_id monitor_opts[] = {OPT_ONCE, OPT_INTERVAL, OPT_REPORTFORMAT, OPT_NONE};
static const enum opt_id lvcreate_opts[] = {OPT_SIZE,
                                            OPT_EXTENTS,
                                            OPT_NAME,
                                            OPT_SNAPSHOT,
                                            OPT_CHUNKSIZE,
                                            OPT_ACTIVATE,
                                            OPT_ZERO,
                                            OPT_WIPESIGNATURES,
                                            OPT_ADDTAG,
                                            OPT_ALLOC,
                                            OPT_CONTIGUOUS,
                                            OPT_STRIPES,
                                            OPT_STRIPESIZE,
                                            OPT_TYPE,
                                            OPT_MIRRORS,
                                            OPT_PERMISSION,
                                            OPT_SETACTIVATIONSKIP,
                                            OPT_IGNOREACTIVATIONSKIP,
                                            OPT_SETAUTOACTIVATION,
                                            OPT_AUTOBACKUP,
                                            OPT_VIRTUALSIZE,
                                            OPT_VIRTUALORIGINSIZE,
                                            OPT_PERSISTENT,
                                            OPT_MAJOR,
                                            OPT_MINOR,
                                            OPT_NONE};
/* vgs has no --segments: lvm2 refuses it as an unknown option (3) */
#define REPORT_OPTS                                                                                \
	OPT_OPTIONS, OPT_SORT, OPT_SELECT, OPT_UNITS, OPT_NOHEADINGS, OPT_NOSUFFIX, OPT_SEPARATOR, \
	    OPT_ALL, OPT_REPORTFORMAT, OPT_NAMEPREFIXES, OPT_UNQUOTED, OPT_ROWS, OPT_BINARY,       \
	    OPT_ALIGNED, OPT_UNBUFFERED, OPT_IGNORELOCKINGFAILURE, OPT_SHARED
static const enum opt_id report_opts[] = {REPORT_OPTS, OPT_NONE};
static const enum opt_id seg_report_opts[] = {REPORT_OPTS, OPT_SEGMENTS, OPT_NONE};
/* fullreport: -o, -O and -S per subreport, after --configreport */
static const enum opt_id fullreport_opts[] = {REPORT_OPTS, OPT_CONFIGREPORT, OPT_NONE};
/* the displays take the reports' options too, for -C (lvm2: "pvdisplay -C"
 * is pvs); without it they refuse the report-only ones */
static const enum opt_id display_opts[] = {REPORT_OPTS, OPT_MAPS, OPT_COLUMNS, OPT_COLON, OPT_NONE};
static const enum opt_id vgdisplay_opts[] = {REPORT_OPTS, OPT_COLUMNS,   OPT_COLON,
                                             OPT_SHORT,   OPT_ACTIVEVGS, OPT_NONE};
static const enum opt_id pvdisplay_opts[] = {REPORT_OPTS, OPT_MAPS,  OPT_COLUMNS,
                                             OPT_SHORT,   OPT_COLON, OPT_NONE};

static const enum opt_id pvscan_opts[] = {
    OPT_SHORT,    OPT_SHOWUUID,   OPT_EXPORTED,       OPT_NOVG,
    OPT_CACHE,    OPT_ACTIVATE,   OPT_LISTVG,         OPT_CHECKCOMPLETE,
    OPT_VGONLINE, OPT_UDEVOUTPUT, OPT_AUTOACTIVATION, OPT_IGNORELOCKINGFAILURE,
    OPT_NONE};
static const enum opt_id lvmconfig_opts[] = {
    OPT_TYPECONFIG,     OPT_TYPECONFIG_TYPE,     OPT_OUTFILE,
    OPT_LISTCONFIG,     OPT_ATVERSION,           OPT_SINCEVERSION,
    OPT_IGNOREADVANCED, OPT_IGNOREUNSUPPORTED,   OPT_IGNORELOCAL,
    OPT_MERGEDCONFIG,   OPT_SHOWDEPRECATED,      OPT_SHOWUNSUPPORTED,
    OPT_VALIDATE,       OPT_VALUESONLY,          OPT_WITHSUMMARY,
    OPT_WITHCOMMENTS,   OPT_WITHGENERALPREAMBLE, OPT_WITHSPACES,
    OPT_UNCONFIGURED,   OPT_WITHVERSIONS,        OPT_NONE};
#define LVMCONFIG_USAGE                                                                            \
	"[--typeconfig current|default|diff|full|list|missing|new] [--validate] [-l] "             \
	"[--withsummary|--withcomments] [--withversions] [--withspaces] [--valuesonly] "           \
	"[--mergedconfig] [--atversion V] [--sinceversion V] [-f FILE] [SECTION|SECTION/KEY...]"
static const enum opt_id vgscan_opts[] = {OPT_MKNODES, OPT_IGNORELOCKINGFAILURE, OPT_AUTOBACKUP,
                                          OPT_NONE};
static const enum opt_id lvscan_opts[] = {OPT_ALL, OPT_IGNORELOCKINGFAILURE, OPT_AUTOBACKUP,
                                          OPT_NONE};
static const enum opt_id autobackup_opts[] = {OPT_AUTOBACKUP, OPT_NONE};
static const enum opt_id vgmknodes_opts[] = {OPT_IGNORELOCKINGFAILURE, OPT_AUTOBACKUP, OPT_NONE};

/* Only commands that work are listed here: no stubs. */
static const struct command commands[] = {
    {"help", cmd_help, CMD_NONE, "[COMMAND]", "show the commands, or one command's usage", NULL},
    {"fullreport", cmd_fullreport, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL,
     "[--configreport vg|pv|lv|pvseg|seg [-o FIELDS] [-O FIELDS] [-S SELECTION]]... [-a] "
     "[--units U] [--noheadings] [--nosuffix] [--separator S] [--aligned] "
     "[--nameprefixes [--unquoted]] [--rows] [--binary] [--unbuffered] "
     "[--reportformat basic|json] [VG|@TAG...]",
     "report volume groups with their PVs, LVs and segments, one VG after another",
     fullreport_opts},
    {"lvchange", cmd_lvchange, CMD_VG_EX | CMD_KERNEL,
     "-ay|-aay|-an [-K] [--activationmode partial|degraded|complete] VG|VG/LV|@TAG...\n"
     "--addtag TAG|--deltag TAG|-p r|rw|-k y|n|--setautoactivation y|n|--alloc POLICY|-C y|n... "
     "[-ay|-aay|-an] VG|VG/LV|@TAG...\n"
     "--refresh VG|VG/LV|@TAG...\n"
     "(any of the above) -S SELECTION [VG|VG/LV|@TAG...]",
     "activate or deactivate logical volumes (an origin with its snapshots), or change their "
     "tags, permission, activation flags or allocation policy",
     lvchange_opts},
    {"lvconvert", cmd_lvconvert, CMD_VG_EX | CMD_KERNEL, "--merge [-b] [-i SECONDS] VG/SNAPSHOT...",
     "merge snapshots back into their origins (snapshot-merge), waiting for the end",
     lvconvert_opts},
    {"lvcreate", cmd_lvcreate, CMD_VG_EX | CMD_KERNEL,
     "-L SIZE|-l N[%VG|%FREE|%PVS] [-n LV] [-ay|-aay|-an] [-Zy|-Zn] [-p r|rw] [-k y|n [-K]] "
     "[--setautoactivation y|n] [--addtag TAG...] [--alloc POLICY|-C y|n] [-i 1] "
     "[--type linear|striped] VG [PV...]\n"
     "-s|--type snapshot -L SIZE|-l N[%ORIGIN|%VG|%FREE|%PVS] [-c CHUNK] [-n LV] [-ay|-an] "
     "[-p r|rw] [-k y|n] [--addtag TAG...] [--alloc POLICY|-C y|n] VG/ORIGIN [PV...]\n"
     "--type snapshot -V|--virtualsize SIZE -L SIZE|-l N[%VG|%FREE|%PVS] [-c CHUNK] [-n LV] "
     "[-ay|-an] [-p r|rw] [-k y|n] [--addtag TAG...] [--alloc POLICY|-C y|n] VG [PV...]",
     "create a linear logical volume or a classic snapshot (sparse with -V)", lvcreate_opts},
    {"lvdisplay", cmd_lvdisplay, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL,
     "[-a] [-m|-c] [-S SELECTION] [--units U] [VG|VG/LV|@TAG...]\n-C [lvs's options] "
     "[VG|VG/LV|@TAG...]",
     "show logical volumes in long form", display_opts},
    {"lvextend", cmd_lvextend, CMD_VG_EX | CMD_KERNEL,
     "-L [+]SIZE|-l [+]N[%VG|%FREE|%PVS|%LV|%ORIGIN] [-r [-n]] [--alloc POLICY] [-i 1] VG/LV "
     "[PV...]\n"
     "--use-policies [--alloc POLICY] VG/SNAPSHOT [PV...]\n"
     "[-r [-n]] [--alloc POLICY] VG/LV PV...",
     "grow a logical volume or a snapshot's COW", lvextend_opts},
    {"lvreduce", cmd_lvreduce, CMD_VG_EX | CMD_KERNEL,
     "[-f|-y] -L [-]SIZE|-l [-]N[%VG|%FREE|%PVS|%LV|%ORIGIN] VG/LV\n"
     "-r [-n] -L [-]SIZE|-l [-]N[%VG|%FREE|%PVS|%LV|%ORIGIN] VG/LV",
     "shrink a logical volume or a snapshot's COW", lvreduce_opts},
    {"lvmconfig", cmd_lvmconfig, CMD_NONE, LVMCONFIG_USAGE,
     "show vgtool's configuration, its settings and their defaults, with lvm2's keys",
     lvmconfig_opts},
    {"config", cmd_lvmconfig, CMD_NONE, LVMCONFIG_USAGE, "the same as lvmconfig (lvm2's name)",
     lvmconfig_opts},
    {"dumpconfig", cmd_lvmconfig, CMD_NONE, LVMCONFIG_USAGE,
     "the same as lvmconfig (lvm2's older name)", lvmconfig_opts},
    {"lvremove", cmd_lvremove, CMD_VG_EX | CMD_KERNEL,
     "[-f] VG|VG/LV|@TAG...\n[-f] -S SELECTION [VG|VG/LV|@TAG...]",
     "remove logical volumes (an origin takes its snapshots along; -f for active ones)",
     lvremove_opts},
    {"lvrename", cmd_lvrename, CMD_VG_EX | CMD_KERNEL, "VG OLD NEW | VG/OLD [VG/]NEW",
     "rename a logical volume", autobackup_opts},
    {"lvresize", cmd_lvresize, CMD_VG_EX | CMD_KERNEL,
     "-L [+|-]SIZE|-l [+|-]N[%VG|%FREE|%PVS|%LV|%ORIGIN] [-r [-n]] [--alloc POLICY] [-i 1] "
     "VG/LV [PV...]",
     "grow or shrink a logical volume", lvresize_opts},
    {"lvs", cmd_lvs, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL,
     "[-a] [--segments] [-o FIELDS|help] [-O FIELDS] [-S SELECTION|help] [--units U] "
     "[--noheadings] [--nosuffix] "
     "[--separator S] [--aligned] [--nameprefixes [--unquoted]] [--rows] [--binary] "
     "[--unbuffered] [--reportformat basic|json] [VG|VG/LV|@TAG...]",
     "report logical volumes (or their segments)", seg_report_opts},
    {"lvscan", cmd_lvscan, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL, "[-a]",
     "list logical volumes, one line each, active or not", lvscan_opts},
    {"monitor", cmd_monitor, CMD_VG_EX | CMD_KERNEL,
     "[--once] [--interval SECONDS] [--reportformat basic|json] [VG...]",
     "grow active snapshots' COW before they fill (the COW watchdog, for cron or a timer)",
     monitor_opts},
    {"pvchange", cmd_pvchange, CMD_GLOBAL_SH | CMD_VG_EX | CMD_KERNEL,
     "-x y|n|-u|--addtag TAG|--deltag TAG... PV|@TAG...\n"
     "-x y|n|-u|--addtag TAG|--deltag TAG... -a\n"
     "-x y|n|-u|--addtag TAG|--deltag TAG... -S SELECTION [PV|@TAG...]",
     "change physical volumes: allocatable or not, their tags, a new uuid", pvchange_opts},
    {"pvck", cmd_pvck, CMD_NONE,
     "[--labelsector N] PV...\n"
     "--dump headers|metadata|metadata_all|metadata_search [--pvmetadatacopies 1|2] [-f FILE] "
     "[--settings \"KEY=VALUE ...\"] "
     "PV\n"
     "--dump metadata_area -f FILE PV\n"
     "--repair -f FILE [--settings \"KEY=VALUE ...\"] PV\n"
     "--repairtype label_header|pv_header|metadata [-f FILE] [--settings \"KEY=VALUE ...\"] "
     "PV",
     "check the label, headers and metadata of physical volumes, print them, or repair them",
     pvck_opts},
    {"pvcreate", cmd_pvcreate, CMD_GLOBAL_EX,
     "[-f|-y] [--metadatacopies 0|1|2] [--metadatasize SIZE] [--dataalignment SIZE] "
     "[--dataalignmentoffset SIZE] [--labelsector 0-3] [--setphysicalvolumesize SIZE] DEV...\n"
     "--uuid UUID --restorefile FILE DEV",
     "initialise devices (or image files) as physical volumes", pvcreate_opts},
    {"pvremove", cmd_pvremove, CMD_GLOBAL_EX, "[-ff] DEV...",
     "wipe the label of physical volumes not in a volume group", pvremove_opts},
    {"pvdisplay", cmd_pvdisplay, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL,
     "[-m|-s|-c] [-S SELECTION] [--units U] [PV|@TAG...]\n-C [pvs's options] [PV|@TAG...]",
     "show physical volumes in long form", pvdisplay_opts},
    {"pvresize", cmd_pvresize, CMD_GLOBAL_EX | CMD_VG_EX | CMD_KERNEL,
     "[--setphysicalvolumesize SIZE [-y]] PV|@TAG...",
     "grow or shrink physical volumes to their device's size (or a given one)", pvresize_opts},
    {"pvs", cmd_pvs, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL,
     "[-a] [--segments] [-o FIELDS|help] [-O FIELDS] [-S SELECTION|help] [--units U] "
     "[--noheadings] [--nosuffix] "
     "[--separator S] [--aligned] [--nameprefixes [--unquoted]] [--rows] [--binary] "
     "[--unbuffered] [--reportformat basic|json] [PV|@TAG...]",
     "report physical volumes (or their segments, free ones included)", seg_report_opts},
    {"pvscan", cmd_pvscan, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL,
     "[-s] [-u] [-e|-n]\n"
     "--cache [-aay] [--autoactivation event] [PV|MAJOR:MINOR...]\n"
     "--cache --listvg [--checkcomplete [--vgonline]] [--udevoutput] [PV...]\n"
     "--listvg PV...",
     "list physical volumes, one line each, with totals; or record them online for event "
     "activation (udev), activating each volume group once it is complete",
     pvscan_opts},
    {"snapset", cmd_snapset, CMD_VG_EX | CMD_KERNEL,
     "create -L SIZE|-l N[%ORIGIN|%VG|%FREE|%PVS] [-c CHUNK] [--addtag TAG...] SET "
     "VG/ORIGIN...\n"
     "list [--noheadings] [--separator S] [--units U] [SET|VG/SET...]\n"
     "remove [-f|-y] SET|VG/SET...\n"
     "merge [-b] [-i SECONDS] SET|VG/SET...",
     "snapshot several origins of a volume group at one point in time (a snapshot set); "
     "list, remove or merge such sets",
     snapset_opts},
    {"vgcfgbackup", cmd_vgcfgbackup, CMD_GLOBAL_SH | CMD_VG_SH, "[-f FILE] [VG...]",
     "back up volume group metadata (lvm2's backup file format)", cfgbackup_opts},
    {"vgcfgrestore", cmd_vgcfgrestore, CMD_GLOBAL_EX | CMD_VG_EX | CMD_KERNEL,
     "[-f FILE] [--list] VG", "restore volume group metadata from a backup or archive",
     cfgrestore_opts},
    {"vgchange", cmd_vgchange, CMD_VG_EX | CMD_KERNEL,
     "-ay|-aay|-an [-K] [--activationmode partial|degraded|complete] [-S SELECTION] "
     "[VG|@TAG...]\n"
     "--addtag TAG|--deltag TAG|--setautoactivation y|n... [-S SELECTION] [VG|@TAG...]\n"
     "-l N|-p N|-x y|n|-s EXTENT_SIZE|-u|--alloc POLICY... [--addtag TAG|--deltag TAG...] "
     "[-S SELECTION] [VG|@TAG...]\n"
     "--lockstart|--lockstop [--lockopt nowait] [VG...]\n"
     "--locktype sanlock|dlm|none [--lockopt force -y] VG...",
     "activate or deactivate every logical volume of volume groups, or change their tags, "
     "autoactivation, limits, extent size, id and allocation policy",
     vgchange_opts},
    {"vgck", cmd_vgck, CMD_GLOBAL_SH | CMD_VG_SH, "[VG|@TAG...]\n--updatemetadata VG...",
     "check volume group metadata on every PV (exit 5 on damage), or write it again", vgck_opts},
    {"vgcreate", cmd_vgcreate, CMD_GLOBAL_EX | CMD_VG_EX,
     "[-s EXTENT_SIZE] [-l MAX_LV] [-p MAX_PV] [--alloc POLICY] [--addtag TAG...] "
     "[--setautoactivation y|n] [--pvmetadatacopies 0|1|2] [--metadatasize SIZE] "
     "[--dataalignment SIZE] [--dataalignmentoffset SIZE] [--labelsector 0-3] "
     "[--shared [--locktype sanlock|dlm] [--lockopt nowait]] VG DEV...",
     "create a volume group (devices not yet PVs are initialised)", vgcreate_opts},
    {"vgdisplay", cmd_vgdisplay, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL,
     "[-A] [-c|-s] [-S SELECTION] [--units U] [VG|@TAG...]\n-C [vgs's options] [VG|@TAG...]",
     "show volume groups in long form", vgdisplay_opts},
    {"vgexport", cmd_vgexport, CMD_VG_EX | CMD_KERNEL, "VG|@TAG...\n-a\n-S SELECTION [VG|@TAG...]",
     "mark volume groups exported (inactive), to move their disks to another system",
     vgexport_opts},
    {"vgextend", cmd_vgextend, CMD_GLOBAL_EX | CMD_VG_EX,
     "[--pvmetadatacopies 0|1|2] [--metadatasize SIZE] [--dataalignment SIZE] "
     "[--dataalignmentoffset SIZE] [--labelsector 0-3] VG DEV...\n--restoremissing VG PV...",
     "add physical volumes to a volume group, or take back PVs that were missing", vgextend_opts},
    {"vgimport", cmd_vgimport, CMD_VG_EX | CMD_KERNEL,
     "[-f] VG|@TAG...\n[-f] -a\n[-f] -S SELECTION [VG|@TAG...]",
     "make exported volume groups usable again", vgimport_opts},
    {"vgmerge", cmd_vgmerge, CMD_GLOBAL_EX | CMD_VG_EX | CMD_KERNEL, "DESTINATION SOURCE",
     "merge an inactive volume group into another one", autobackup_opts},
    {"vgmknodes", cmd_vgmknodes, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL, "[VG|VG/LV...]",
     "make the /dev/mapper nodes and /dev/VG/LV links of active logical volumes again",
     vgmknodes_opts},
    {"vgreduce", cmd_vgreduce, CMD_GLOBAL_EX | CMD_VG_EX | CMD_KERNEL,
     "VG PV...\n--removemissing [-f] VG",
     "remove unused physical volumes, or the missing ones, from a volume group", vgreduce_opts},
    {"vgremove", cmd_vgremove, CMD_GLOBAL_EX | CMD_VG_EX | CMD_KERNEL,
     "[-f] VG|@TAG...\n[-f] -S SELECTION [VG|@TAG...]",
     "remove volume groups (with -f, their logical volumes too)", vgremove_opts},
    {"vgrename", cmd_vgrename, CMD_GLOBAL_EX | CMD_VG_EX | CMD_KERNEL, "OLD NEW",
     "rename a volume group", autobackup_opts},
    {"vgs", cmd_vgs, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL,
     "[-o FIELDS|help] [-O FIELDS] [-S SELECTION|help] [--units U] [--noheadings] [--nosuffix] "
     "[--separator S] "
     "[--aligned] [--nameprefixes [--unquoted]] [--rows] [--binary] [--unbuffered] "
     "[--reportformat basic|json] [VG|@TAG...]",
     "report volume groups", report_opts},
    {"vgscan", cmd_vgscan, CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL, "[--mknodes]",
     "list volume groups, one line each (--mknodes: then run vgmknodes)", vgscan_opts},
    {"vgsplit", cmd_vgsplit, CMD_GLOBAL_EX | CMD_VG_EX | CMD_KERNEL,
     "[-l N] [-p N] SOURCE DESTINATION PV...\n[-l N] [-p N] -n LV SOURCE DESTINATION",
     "move physical volumes, with the logical volumes on them, to a new or existing volume "
     "group",
     vgsplit_opts},
    {"version", cmd_version, CMD_NONE, "", "show the version of vgtool and its libraries", NULL},
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_overview(FILE *out)
{
	fputs("Usage: vgtool [--version] [--help] COMMAND [OPTIONS] [ARGS]\n\n"
	      "A volume manager that reads and writes LVM2 metadata and builds the same\n"
	      "device-mapper devices as lvm2.\n\nCommands:\n",
	      out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fputs(
	    "\nGlobal options (every command): -h/--help, -v/--verbose (repeatable), -q/--quiet,\n"
	    "-t/--test, -y/--yes, --config STRING, --devices DEV[,DEV...], --nolocking\n"
	    "Exit codes: 0 done, 3 invalid command line, 5 failed.\n"
	    "`vgtool help COMMAND` or `vgtool COMMAND --help` shows one command.\n",
	    out);
}

static int cmd_help(struct cmd_context *ctx)
{
	const struct command *c;

	if (ctx->args.argc == 0) {
		print_overview(stdout);
		return EXIT_DONE;
	}
	c = find_command(ctx->args.argv[0]);
	if (!c) {
		log_error("help: unknown command \"%s\".", ctx->args.argv[0]);
		return EXIT_INVALID;
	}
	cmdline_print_usage(c, stdout);
	return EXIT_DONE;
}

static void print_version(void)
{
#ifdef VGTOOL_TEST_HOOKS
	/* the scenarios that inject crashes check that they run this build
	 * (misc/test-hooks.h); the installed one says no such thing */
	printf("vgtool %s (test build: VGTOOL_TEST_* hooks)\n", VGTOOL_VERSION);
#else
	printf("vgtool %s\n", VGTOOL_VERSION);
#endif
}

static int cmd_version(struct cmd_context *ctx)
{
	if (ctx->args.argc) {
		log_error("version: unexpected argument \"%s\".", ctx->args.argv[0]);
		return EXIT_INVALID;
	}
	print_version();
	return EXIT_DONE;
}

/* git's habit: a command that "succeeded" but whose output was lost (full
 * disk, closed pipe) has failed. */
static int finish_output(int rc)
{
	if (fflush(stdout) || ferror(stdout)) {
		if (errno != EPIPE)
			log_error("Failed to write to standard output: %s", strerror(errno));
		return rc == EXIT_DONE ? EXIT_FAILED : rc;
	}
	return rc;
}

/* The command line as typed, for the descriptions lvm2 keeps in
 * backups ("Created *before* executing 'lvcreate -L 1G ...'"). */
static char *join_cmdline(const char *name, int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, name);
	for (int i = 1; i < argc; i++) {
		strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, argv[i]);
	}
	return strbuf_detach(&sb, NULL);
}

/* The locks an invocation takes: the table's, except where an option
 * makes a reading command change the VGs it visits. */
static unsigned command_flags(const struct command *c, const struct cmd_context *ctx)
{
	if (c->fn == cmd_vgck && arg_count(ctx, OPT_UPDATEMETADATA))
		return (c->flags & ~(unsigned)CMD_VG_SH) | CMD_VG_EX;
	/* a new uuid changes which PVs exist (and lvm2's hints) */
	if (c->fn == cmd_pvchange && arg_count(ctx, OPT_NEWUUID))
		return (c->flags & ~(unsigned)CMD_GLOBAL_SH) | CMD_GLOBAL_EX;
	/* a shared VG's lvmlock LV is active as soon as it is made */
	if (c->fn == cmd_vgcreate && (arg_count(ctx, OPT_SHARED) || arg_count(ctx, OPT_LOCKTYPE)))
		return c->flags | CMD_KERNEL;
	return c->flags;
}

/* LVM_VG_NAME, as lvm2 reads it: the VG of an LV named without one.  The
 * commands that take LVs read a bare name as an LV of that VG (lvs NAME
 * is then no longer "every LV of VG NAME"); lvcreate without a VG creates
 * there, and a snapshot's origin without a VG is looked up there.  The
 * arguments are rewritten to VG/LV once, before the handler sees them. */
static char **env_vg_argv; /* kept until exit: the handler holds pointers */

static void apply_env_vg(const struct command *c, struct cmd_context *ctx)
{
	const char *vg = getenv("LVM_VG_NAME");
	int (*fn)(struct cmd_context *) = c->fn;
	int argc = ctx->args.argc, first_only = 0, add = 0;

	if (!vg || !*vg)
		return;
	if (fn == cmd_lvcreate) {
		const char *type = arg_str(ctx, OPT_TYPE, NULL);
		const char *name = arg_str(ctx, OPT_NAME, NULL);
		int snap = arg_count(ctx, OPT_SNAPSHOT) || (type && !strcmp(type, "snapshot"));
		if (!argc && !(name && strchr(name, '/')))
			add = 1;
		else if (!argc || !snap || arg_count(ctx, OPT_VIRTUALSIZE))
			return;
		first_only = 1;
	} else if (fn == cmd_lvrename) {
		if (argc != 2)
			return;
		first_only = 1;
	} else if (fn == cmd_lvextend || fn == cmd_lvreduce || fn == cmd_lvresize) {
		first_only = 1; /* the rest are PVs */
	} else if (fn != cmd_lvs && fn != cmd_lvdisplay && fn != cmd_lvchange &&
	           fn != cmd_lvremove && fn != cmd_lvconvert) {
		return;
	}
	env_vg_argv = xcalloc((size_t)argc + 2, sizeof(*env_vg_argv));
	if (add) {
		env_vg_argv[0] = xstrdup(vg);
		ctx->args.argc = 1;
		ctx->args.argv = env_vg_argv;
		return;
	}
	for (int i = 0; i < argc; i++) {
		const char *a = ctx->args.argv[i];
		struct strbuf sb = STRBUF_INIT;
		if ((first_only && i) || *a == '@' || strchr(a, '/')) {
			env_vg_argv[i] = xstrdup(a);
			continue;
		}
		strbuf_addf(&sb, "%s/%s", vg, a);
		env_vg_argv[i] = strbuf_detach(&sb, NULL);
	}
	ctx->args.argv = env_vg_argv;
}

static int run_command(const struct command *c, int argc, char **argv)
{
	struct cmd_context ctx = {0};
	int rc;

	ctx.cmdline = join_cmdline(c->name, argc, argv);
	rc = cmdline_parse(&ctx, c, argc, argv);
	if (rc == EXIT_DONE) {
		apply_env_vg(c, &ctx);
		ctx.flags = command_flags(c, &ctx);
		log_init(ctx.quiet, ctx.verbose);
		dev_set_test_mode(ctx.test_mode);
		if (arg_count(&ctx, OPT_HELP)) {
			cmdline_print_usage(c, stdout);
		} else if (arg_count(&ctx, OPT_VERSION)) {
			print_version();
		} else if ((rc = config_load(&ctx)) == EXIT_DONE &&
		           (c->flags == CMD_NONE ||
		            (rc = tool_activation_mode(&ctx)) == EXIT_DONE)) {
			/* one question to the kernel for the whole command */
			ctx.kernel = (c->flags & CMD_KERNEL) && kdm_available();
			/* lvm2 talks to lvmlockd in every command that reads
			 * metadata but pvscan --cache, which leaves shared VGs
			 * alone */
			if ((c->flags & (CMD_GLOBAL_SH | CMD_GLOBAL_EX | CMD_VG_EX | CMD_VG_SH)) &&
			    !(c->fn == cmd_pvscan && arg_count(&ctx, OPT_CACHE)))
				tool_lockd_begin(&ctx);
			rc = c->fn(&ctx);
			tool_lockd_finish();
			if (rc == EXIT_DONE && ctx.commit_incomplete)
				rc = EXIT_FAILED;
		}
		config_release();
	}
	cmdline_release(&ctx);
	free(ctx.cmdline);
	return finish_output(rc);
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const struct command *c;

	/* Every page a command touches for the first time costs a page fault,
	 * which is dear in some places (about 0.2 ms in an emulated sandbox):
	 * large blocks (a parser's key table, I/O buffers) come from the heap
	 * and are reused when freed, instead of fresh mmap()s each time. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	/* The scan keeps a descriptor per device (hundreds of PVs, say):
	 * the soft limit of open files up to the hard one, as lvm2 raises
	 * it when it needs to. */
	{
		struct rlimit r;
		if (!getrlimit(RLIMIT_NOFILE, &r) && r.rlim_cur < r.rlim_max) {
			r.rlim_cur = r.rlim_max;
			(void)setrlimit(RLIMIT_NOFILE, &r);
		}
	}
	log_init(0, 0);
	base = base ? base + 1 : argv[0];
	/* Invoked through a link named after a command (`lvs` -> vgtool). */
	if (strcmp(base, "vgtool") && (c = find_command(base)))
		return run_command(c, argc, argv);

	if (argc < 2) {
		print_overview(stderr);
		return EXIT_INVALID;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_overview(stdout);
		return finish_output(EXIT_DONE);
	}
	if (!strcmp(argv[1], "--version")) {
		print_version();
		return finish_output(EXIT_DONE);
	}
	/* Not for people (so not in the overview): every command with every
	 * option it takes, one line each (cmdline_print_table), from which
	 * the build generates the bash completion; a command that takes none
	 * but the global ones still has their lines. */
	if (!strcmp(argv[1], "--command-table") && argc == 2) {
		for (size_t i = 0; i < N_COMMANDS; i++)
			cmdline_print_table(&commands[i], stdout);
		return finish_output(EXIT_DONE);
	}
	if (argv[1][0] == '-') {
		log_error("Unrecognised option %s: a command must come first.", argv[1]);
		print_overview(stdout);
		fflush(stdout);
		return EXIT_INVALID;
	}
	c = find_command(argv[1]);
	if (!c) {
		/* one line on stderr for scripts; the overview for people */
		log_error("Unknown command \"%s\"; `vgtool help` lists the commands.", argv[1]);
		print_overview(stdout);
		fflush(stdout);
		return EXIT_INVALID;
	}
	return run_command(c, argc - 1, argv + 1);
}
