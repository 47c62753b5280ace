/* The command line: one table of every option vgtool knows, one parser
 * shared by all commands, and the dispatch table's row type.
 *
 * Each command lists the options it accepts; the parser builds a
 * getopt_long table from the global options plus those, so one short
 * letter can mean different things to different commands (as lvm2's
 * `-s`: --snapshot for lvcreate, --physicalextentsize for vgcreate). */
#ifndef VGTOOL_CMDLINE_H
#define VGTOOL_CMDLINE_H

#include <stddef.h>
#include <stdio.h>

/* lvm2's exit codes; scripts test them. */
#define EXIT_DONE    0
#define EXIT_INVALID 3 /* invalid command line */
#define EXIT_FAILED  5 /* the command ran and failed */

enum opt_id {
	OPT_NONE = 0,
	/* global, accepted by every command */
	OPT_HELP,
	OPT_VERSION,
	OPT_VERBOSE,
	OPT_QUIET,
	OPT_TEST,
	OPT_YES,
	OPT_CONFIG,
	OPT_DEVICES,
	OPT_NOLOCKING,
	OPT_GLOBAL_LAST = OPT_NOLOCKING,
	/* per command */
	OPT_FORCE,
	OPT_AUTOBACKUP,           /* -A/--autobackup y|n: archive and backup or not */
	OPT_SYSINIT,              /* vgchange/lvchange --sysinit */
	OPT_IGNORELOCKINGFAILURE, /* reads and activation, as lvm2 */
	OPT_METADATASIZE,
	OPT_DATAALIGNMENT,
	OPT_PESIZE,
	OPT_SIZE,
	OPT_EXTENTS,
	OPT_NAME,
	OPT_SNAPSHOT,
	OPT_CHUNKSIZE,
	OPT_ACTIVATE,
	OPT_ZERO,
	OPT_WIPESIGNATURES,
	OPT_OPTIONS,
	OPT_SORT,
	OPT_SELECT,
	OPT_UNITS,
	OPT_NOHEADINGS,
	OPT_NOSUFFIX,
	OPT_SEPARATOR,
	OPT_ALL,
	OPT_REPORTFORMAT,
	OPT_NAMEPREFIXES,
	OPT_UNQUOTED,
	OPT_ROWS,
	OPT_BINARY,
	OPT_ALIGNED,
	OPT_UNBUFFERED,
	OPT_SEGMENTS,
	OPT_FILE,
	OPT_LIST,
	OPT_MAPS,
	OPT_USE_POLICIES,
	OPT_ONCE,
	OPT_INTERVAL,
	OPT_MERGE,
	OPT_MERGESNAPSHOT,
	OPT_BACKGROUND,
	OPT_POLL,
	OPT_REFRESH,
	OPT_UUID,
	OPT_RESTOREFILE,
	OPT_NORESTOREFILE,
	OPT_REMOVEMISSING,
	OPT_RESTOREMISSING,
	OPT_UPDATEMETADATA,
	OPT_ACTIVATIONMODE,
	OPT_PARTIAL,
	OPT_ADDTAG,
	OPT_DELTAG,
	OPT_RESIZEFS,
	OPT_NOFSCK,
	OPT_ALL_VGS,              /* -a/--all of vgexport and vgimport */
	OPT_MAXLV,                /* -l/--maxlogicalvolumes */
	OPT_MAXPV,                /* -p/--maxphysicalvolumes */
	OPT_SPLIT_LV,             /* vgsplit -n/--name: the LV whose PVs move */
	OPT_SHORT,                /* pvscan -s/--short; pvdisplay -s */
	OPT_COLUMNS,              /* pvdisplay, vgdisplay, lvdisplay -C: the report instead */
	OPT_COLON,                /* pvdisplay, vgdisplay, lvdisplay -c: lvm2's colon line */
	OPT_ACTIVEVGS,            /* vgdisplay -A: only VGs with active LVs */
	OPT_SHOWUUID,             /* pvscan -u/--uuid: a flag there, unlike pvcreate's */
	OPT_EXPORTED,             /* pvscan -e/--exported */
	OPT_NOVG,                 /* pvscan -n/--novolumegroup */
	OPT_CACHE,                /* pvscan --cache: event activation */
	OPT_LISTVG,               /* pvscan --listvg: the PV's VG */
	OPT_CHECKCOMPLETE,        /* pvscan --checkcomplete: is that VG complete? */
	OPT_VGONLINE,             /* pvscan --vgonline: claim it when it is */
	OPT_UDEVOUTPUT,           /* pvscan --udevoutput: KEY='value' for udev */
	OPT_AUTOACTIVATION,       /* pvscan, vgchange --autoactivation event */
	OPT_MKNODES,              /* vgscan --mknodes */
	OPT_ALLOC,                /* --alloc POLICY */
	OPT_CONTIGUOUS,           /* -C/--contiguous y|n */
	OPT_STRIPES,              /* -i/--stripes: only 1 (linear) is done */
	OPT_STRIPESIZE,           /* -I/--stripesize */
	OPT_TYPE,                 /* lvcreate --type */
	OPT_MIRRORS,              /* lvcreate -m/--mirrors: only 0 is done */
	OPT_LOGICALVOLUME,        /* vgchange -l/--logicalvolume */
	OPT_RESIZEABLE,           /* vgchange -x/--resizeable y|n */
	OPT_SETPVSIZE,            /* pvresize --setphysicalvolumesize */
	OPT_ALLOCATABLE,          /* pvchange -x/--allocatable */
	OPT_NEWUUID,              /* pvchange -u/--uuid: a flag there, unlike pvcreate's */
	OPT_ALL_PVS,              /* pvchange -a/--all */
	OPT_DUMP,                 /* pvck --dump */
	OPT_DUMP_FILE,            /* pvck -f/--file */
	OPT_PVMDACOPIES,          /* pvck --pvmetadatacopies: which area to dump */
	OPT_LABELSECTOR,          /* pvck --labelsector */
	OPT_SETTINGS,             /* pvck --settings "key=value ..." (repeatable) */
	OPT_REPAIR,               /* pvck --repair */
	OPT_REPAIRTYPE,           /* pvck --repairtype label_header|pv_header|metadata */
	OPT_PERMISSION,           /* -p/--permission r|rw */
	OPT_SETACTIVATIONSKIP,    /* -k/--setactivationskip y|n */
	OPT_IGNOREACTIVATIONSKIP, /* -K/--ignoreactivationskip */
	OPT_SETAUTOACTIVATION,    /* --setautoactivation y|n */
	OPT_PERSISTENT,           /* -M/--persistent y|n: a fixed minor number */
	OPT_MAJOR,                /* -j/--major N (the kernel's own is used) */
	OPT_MINOR,                /* --minor N */
	OPT_VIRTUALSIZE,          /* lvcreate -V/--virtualsize: a sparse snapshot */
	OPT_VIRTUALORIGINSIZE,    /* lvcreate --virtualoriginsize: the same, always a snapshot */
	OPT_PVMETADATACOPIES,     /* pvcreate, vgcreate, vgextend --pvmetadatacopies 0|1|2 */
	OPT_METADATACOPIES,       /* pvcreate --metadatacopies: lvm2's other name for it */
	OPT_METADATATYPE,         /* -M/--metadatatype lvm2: the only format there is */
	OPT_DATAALIGNMENTOFFSET,  /* --dataalignmentoffset */
	OPT_BOOTLOADERAREASIZE,   /* --bootloaderareasize */
	/* lvmconfig */
	OPT_TYPECONFIG,      /* --typeconfig */
	OPT_TYPECONFIG_TYPE, /* lvmconfig --type, lvm2's other name for --typeconfig */
	OPT_OUTFILE,         /* -f/--file: write the output there */
	OPT_LISTCONFIG,      /* -l/--list: --typeconfig list --withsummary */
	OPT_ATVERSION,
	OPT_SINCEVERSION,
	OPT_IGNOREADVANCED,
	OPT_IGNOREUNSUPPORTED,
	OPT_IGNORELOCAL,
	OPT_MERGEDCONFIG,
	OPT_SHOWDEPRECATED,
	OPT_SHOWUNSUPPORTED,
	OPT_VALIDATE,
	OPT_VALUESONLY,
	OPT_WITHSUMMARY,
	OPT_WITHCOMMENTS,
	OPT_WITHGENERALPREAMBLE,
	OPT_WITHSPACES,
	OPT_UNCONFIGURED,
	OPT_WITHVERSIONS,
	/* fullreport */
	OPT_CONFIGREPORT,
	/* shared VGs (lvmlockd) */
	OPT_SHARED,    /* reports: show shared VGs without lvmlockd; vgcreate --shared */
	OPT_LOCKSTART, /* vgchange --lockstart */
	OPT_LOCKSTOP,  /* vgchange --lockstop */
	OPT_LOCKOPT,   /* --lockopt STRING */
	OPT_LOCKTYPE,  /* vgcreate --locktype sanlock|dlm */
	OPT_COUNT
};

enum opt_arg { ARG_NONE = 0, ARG_REQUIRED };

struct opt_spec {
	enum opt_id id;
	const char *long_name;
	char short_name; /* 0 when there is none */
	enum opt_arg arg;
	const char *metavar; /* shown in help, e.g. "SIZE" */
	const char *help;
};

/* --activate as lvm2 reads it: y, n, or ay (autoactivation: what the
 * VG's and LV's --setautoactivation allow).  lvm2's exclusive, shared
 * and local spellings (ey, sy, ly, ...) mean y or n outside a cluster. */
enum activate_change { ACTIVATE_BAD = -1, ACTIVATE_NO = 0, ACTIVATE_YES, ACTIVATE_AUTO };
enum activate_change opt_activate_value(const char *value);
/* y 1, n 0, else -1 */
int opt_bool_value(const char *value);
/* The LV lock an --activate value asks for in a shared VG, as lvm2's
 * lv_active_change: "sh" for the shared spellings (s, sy, ys), else "ex";
 * NULL for a value that deactivates. */
const char *opt_activate_lock_mode(const char *v);
/* rw (or wr) 1: writable; r 0: read-only; else -1 */
int opt_permission_value(const char *value);

struct opt_value {
	unsigned count;      /* how many times given */
	const char **values; /* each occurrence's argument, in order */
	/* each occurrence's place among all the options given (0, 1, ...),
	 * for the options whose meaning depends on those before them
	 * (fullreport's --configreport) */
	unsigned *seq;
};

struct cmd_args {
	struct opt_value opt[OPT_COUNT];
	unsigned n_given; /* options given in all */
	int argc;         /* positional arguments left after the options */
	char **argv;
};

struct command;

/* Everything a handler needs besides its arguments. */
struct cmd_context {
	const struct command *cmd;
	/* cmd->flags as this invocation needs them: an option can make a
	 * reading command write (vgck --updatemetadata: CMD_VG_EX) */
	unsigned flags;
	struct cmd_args args;
	int verbose;
	int quiet;
	int test_mode; /* -t: compute and print, write nothing */
	int yes;       /* -y: answer yes to prompts */
	const char *config_override;
	const char *devices; /* --devices list, or NULL for all */
	char *cmdline;       /* "lvcreate -L 1G ...", for backups' descriptions */
	int kernel;          /* CMD_KERNEL commands: device-mapper is there */
	/* a commit stood but could not reach every PV (store.h, vg_commit):
	 * the command finishes its work and exits 5 */
	int commit_incomplete;
	/* --activationmode partial, or activation/activation_mode in the
	 * configuration (tool_activation_mode): LVs on lost PVs may be
	 * activated, their lost parts mapped to errors */
	int partial_activation;
	/* vgcreate: the lock type of the VG it makes ("none" for a local
	 * one), for lvmlockd's global lock (tools/lockd.h); NULL otherwise */
	const char *lockd_gl_create;
	/* vgchange --locktype none --lockopt force: no lvmlockd lock at all
	 * (lvm2's recovery of a VG whose locks cannot be had) */
	int lockd_disable;
};

/* What a command needs, declared once in the command table
 * (tools/vgtool.c) and acted on by the dispatcher and tool_begin(): which
 * locks it takes, and whether it asks the kernel.  lvm2's lock order:
 * the global lock before any VG lock. */
enum cmd_flags {
	CMD_NONE = 0,
	/* reads which devices are PVs and which VG names exist */
	CMD_GLOBAL_SH = 1 << 0,
	/* changes them (pvcreate, vgcreate, vgremove, ...): the global lock
	 * exclusive */
	CMD_GLOBAL_EX = 1 << 1,
	/* changes a VG, or its LVs in the kernel: the VG's lock exclusive.  A
	 * command that first lists the VGs to work on (vgchange with no
	 * name) holds the global lock shared for the listing only. */
	CMD_VG_EX = 1 << 2,
	/* reads VGs, each under its lock shared (tool_read_vg_shared()) */
	CMD_VG_SH = 1 << 3,
	/* reads or changes device-mapper state: the dispatcher asks once
	 * whether device-mapper is there (cmd_context.kernel) */
	CMD_KERNEL = 1 << 4,
};

/* The locks a command declared with `flags` takes in one tool_begin():
 * for one VG (`vg_named`), or for a listing of VGs or PVs.  CMD_LOCK_NONE
 * where none is taken. */
enum cmd_lock { CMD_LOCK_NONE, CMD_LOCK_SH, CMD_LOCK_EX };
struct cmd_locks {
	enum cmd_lock global;
	enum cmd_lock vg;
};
static inline struct cmd_locks cmd_locks_for(unsigned flags, int vg_named)
{
	struct cmd_locks l = {CMD_LOCK_NONE, CMD_LOCK_NONE};
	if (flags & CMD_GLOBAL_EX)
		l.global = CMD_LOCK_EX;
	else if (flags & CMD_GLOBAL_SH)
		l.global = CMD_LOCK_SH;
	if (vg_named && (flags & CMD_VG_EX))
		l.vg = CMD_LOCK_EX;
	else if (vg_named && (flags & CMD_VG_SH))
		l.vg = CMD_LOCK_SH;
	/* listing the VGs a per-VG command will visit */
	if (!vg_named && (flags & CMD_VG_EX) && l.global == CMD_LOCK_NONE)
		l.global = CMD_LOCK_SH;
	return l;
}

struct command {
	const char *name;
	int (*fn)(struct cmd_context *ctx);
	unsigned flags;
	const char *usage;          /* synopsis lines, without the command name */
	const char *summary;        /* one line */
	const enum opt_id *options; /* accepted options, OPT_NONE-terminated */
};

const struct opt_spec *opt_spec_find(enum opt_id id);

/* Parse argv (argv[0] is the command name) for `cmd` into ctx->args and
 * the global fields.  Returns EXIT_DONE, or EXIT_INVALID after one
 * message naming the offending option. */
int cmdline_parse(struct cmd_context *ctx, const struct command *cmd, int argc, char **argv);
void cmdline_release(struct cmd_context *ctx);

/* Print "Usage: vgtool CMD ..." and the options CMD accepts. */
void cmdline_print_usage(const struct command *cmd, FILE *out);

/* Print CMD's options as "CMD\t-L\t--size\tSIZE" lines (tab-separated:
 * the letter and the argument may be empty), for generated files such as
 * the bash completion. */
void cmdline_print_table(const struct command *cmd, FILE *out);

static inline unsigned arg_count(const struct cmd_context *ctx, enum opt_id id)
{
	return ctx->args.opt[id].count;
}

/* The last value given for an option, or `def` when it was not given. */
const char *arg_str(const struct cmd_context *ctx, enum opt_id id, const char *def);

#endif
