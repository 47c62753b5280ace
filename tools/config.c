/* vgtool.conf, its tag files and --config.
 *
 * The file ($VGTOOL_SYSTEM_DIR/vgtool.conf) is optional; --config text
 * overrides it key by key.  Both use lvm2's syntax through lib/config, so
 * an lvm.conf fragment such as
 *   activation { snapshot_autoextend_threshold = 70 }
 * means the same to both tools.
 *
 * The layers, in lvm2's order (lvm2 reads lvm.conf, lvmlocal.conf, then
 * lvm_TAG.conf for each host tag, merges them by its tag rules, and puts
 * --config over the result):
 *   1. --config (its tags section gives no host tags, as in lvm2);
 *   2. vgtool.conf and, for each host tag its tags sections give,
 *      vgtool_TAG.conf from the same directory, merged by lvm2's rules
 *      (lib/config/hosttags.h): what `vgtool lvmconfig` shows;
 *   3. for the settings shared with lvm2 only, lvm2's own view: lvm.conf,
 *      lvmlocal.conf and lvm_TAG.conf for lvm.conf's host tags, merged
 *      the same way.
 * vgtool has no vgtoollocal.conf: vgtool.conf is already local. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "activate/dm.h"
#include "activate/volume-list.h"
#include <sys/utsname.h>

#include "config/config.h"
#include "config/hosttags.h"
#include "config/settings.h"
#include "device/discovery.h"
#include "metadata/format/backup.h"
#include "metadata/format/store.h"
#include "metadata/pvresize.h"
#include "misc/lock.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/units.h"
#include "misc/xalloc.h"
#include "tools/cmdline.h"
#include "tools/commands.h"

/* vgtool.conf with its tag files merged (NULL without vgtool.conf), the
 * --config tree (NULL without the option), and the two merged: what
 * every lookup reads. */
static struct cfg_node *conf_root, *override_root, *config_root;
/* lvm2's own lvm.conf ($LVM_SYSTEM_DIR, default /etc/lvm) with its tag
 * files, for the settings both tools must agree on (settings.h); NULL
 * when absent or unreadable (lvm2's business, not a reason to fail). */
static struct cfg_node *lvm_root;
static char *lvm_conf_path, *conf_path;
/* Each layer's host tags, and vgtool's files as read (for --validate). */
static struct host_tags vgtool_tags, lvm_tags;
static struct config_file *conf_files;
static size_t n_conf_files;

static struct setting_layers layers(void)
{
	struct setting_layers l = {config_root, lvm_root};
	return l;
}

static int read_whole(const char *path, struct strbuf *out)
{
	FILE *f = fopen(path, "r");
	char buf[8192];
	size_t n;

	if (!f)
		return errno == ENOENT ? 1 : -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_add(out, buf, n);
		if (out->len > cfg_limits_config.max_input)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* A list of strings at `path` of `root` (a single string counts as a list
 * of one); 0 when absent, -1 after logging when it is not strings.  The
 * strings stay owned by the tree. */
static int string_list(const struct cfg_node *root, const char *path, const char *file, char ***out,
                       size_t *n)
{
	const struct cfg_value *items;
	size_t count;
	int r = root ? cfg_get_list(root, path, &items, &count) : -1;

	*out = NULL;
	*n = 0;
	if (r == -1)
		return 0;
	for (size_t i = 0; r == 0 && i < count; i++)
		if (items[i].type != CFG_STRING)
			r = -2;
	if (r) {
		log_error("%s: %s must be a list of strings.", file, path);
		return -1;
	}
	*out = xcalloc(count ? count : 1, sizeof(**out));
	for (size_t i = 0; i < count; i++)
		(*out)[i] = items[i].s;
	*n = count;
	return 0;
}

/* The text at `path` parsed into *out (NULL when there is no such file).
 * Only ever read: one arena instead of a malloc a node (Debian's lvm.conf
 * is 111 KB, read by every command).  0, or -1 with one line in `err`. */
static int read_conf(const char *path, struct cfg_node **out, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	int r = read_whole(path, &text);

	*out = NULL;
	if (r < 0)
		strbuf_addf(err, "Cannot read %s: %s.", path, strerror(errno));
	else if (r == 0 && !(*out = cfg_parse_arena(text.buf, text.len, &cfg_limits_config, &why)))
		strbuf_addf(err, "%s: %s.", path, why.buf);
	strbuf_release(&text);
	strbuf_release(&why);
	return r < 0 || (r == 0 && !*out) ? -1 : 0;
}

/* One layer of files as lvm2 reads its own (toolcontext.c): DIR/NAME.conf,
 * DIR/LOCAL.conf when `local` is not NULL, then DIR/NAME_TAG.conf for
 * each host tag in turn (the list grows as the files give more), every
 * one that exists merged in that order by lvm2's rules for tag files into
 * *merged (NULL when none exists).  The files are kept in *files (path
 * and tree, `n` of them).  0, or -1 with one line in `err`. */
static int read_layer(const char *dir, const char *name, const char *local, struct host_tags *tags,
                      struct cfg_node **merged, struct config_file **files, size_t *n,
                      struct strbuf *err)
{
	struct utsname uts;
	const char *host = uname(&uts) ? "" : uts.nodename;
	size_t done = 0, logged = tags->n;

	*merged = NULL;
	for (size_t step = 0; step < 2 + tags->n; step++) {
		struct strbuf path = STRBUF_INIT;
		struct cfg_node *tree;

		if (step == 0)
			strbuf_addf(&path, "%s/%s.conf", dir, name);
		else if (step == 1 && local)
			strbuf_addf(&path, "%s/%s.conf", dir, local);
		else if (step >= 2)
			strbuf_addf(&path, "%s/%s_%s.conf", dir, name, tags->tags[done++]);
		if (!path.len)
			continue;
		if (read_conf(path.buf, &tree, err) ||
		    (tree && host_tags_read(tags, tree, host, err))) {
			if (tree)
				cfg_free(tree);
			strbuf_release(&path);
			return -1;
		}
		if (!tree) {
			strbuf_release(&path);
			continue;
		}
		*files = xrealloc(*files, (*n + 1) * sizeof(**files));
		(*files)[(*n)++] = (struct config_file){strbuf_detach(&path, NULL), tree};
		for (; logged < tags->n; logged++)
			log_very_verbose("Setting host tag: %s", tags->tags[logged]);
	}
	/* merged once every tag is known: a section of an earlier file may
	 * be kept for a tag a later one gives */
	for (size_t i = 0; i < *n; i++) {
		if (!*merged)
			*merged = cfg_new_root();
		cfg_merge_tagged(*merged, (*files)[i].tree, tags);
	}
	return 0;
}

static void release_files(struct config_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(files[i].path);
		cfg_free(files[i].tree);
	}
	free(files);
}

/* lvm2's view of the shared settings; whatever stops it reading them
 * (a file it cannot parse, a bad tag) leaves vgtool without them. */
static void load_lvm_conf(void)
{
	struct strbuf err = STRBUF_INIT;
	const char *dir = getenv("LVM_SYSTEM_DIR");
	struct config_file *files = NULL;
	size_t n = 0;

	dir = dir && *dir ? dir : "/etc/lvm";
	if (read_layer(dir, "lvm", "lvmlocal", &lvm_tags, &lvm_root, &files, &n, &err)) {
		cfg_free(lvm_root);
		lvm_root = NULL;
		host_tags_release(&lvm_tags);
	}
	release_files(files, n);
	strbuf_release(&err);
	strbuf_addf(&err, "%s/lvm.conf", dir);
	lvm_conf_path = strbuf_detach(&err, NULL);
}

/* The devices section, for discovery (lib/device/discovery.h).  The
 * filters come from vgtool.conf; when it sets neither, from lvm.conf, so
 * that a device an administrator hid from lvm2 (a guest's disk, a backup
 * copy) is hidden from vgtool too (settings.h, SETTING_LVM_CONF_GROUP). */
static int configure_devices(void)
{
	struct setting_layers l = layers();
	struct dev_filter_config c = {0};
	enum setting_source from;
	const struct cfg_node *root = setting_list_layer(&l, SET_DEVICES_FILTER, &from);
	const char *file = from == SETTING_FROM_LVM_CONF ? lvm_conf_path : "vgtool.conf";
	char **global = NULL, **filter = NULL;
	int r = -1;

	if (string_list(root, settings[SET_DEVICES_GLOBAL_FILTER].path, file, &global,
	                &c.n_global_filter) ||
	    string_list(root, settings[SET_DEVICES_FILTER].path, file, &filter, &c.n_filter))
		goto out;
	c.global_filter = global;
	c.filter = filter;
	c.scan_lvs = config_bool(SET_DEVICES_SCAN_LVS);
	c.multipath_components = config_bool(SET_DEVICES_MULTIPATH_COMPONENT_DETECTION);
	c.md_components = config_bool(SET_DEVICES_MD_COMPONENT_DETECTION);
	r = dev_discovery_configure(&c);
out:
	free(global);
	free(filter);
	return r;
}

/* lvm2's devices file (devices/use_devicesfile, lvm2 2.03): lvm2 then
 * sees only the devices listed in it.  vgtool does not follow the list;
 * rather than see (and change) PVs lvm2 is told to leave alone, or make
 * PVs lvm2 would not see, it refuses to run.  0, or -1 after one line. */
static int refuse_devices_file(void)
{
	struct strbuf path = STRBUF_INIT;
	const char *dir = getenv("LVM_SYSTEM_DIR");
	int r = 0;

	if (!config_bool(SET_DEVICES_USE_DEVICESFILE))
		return 0;
	strbuf_addf(&path, "%s/devices/%s", dir && *dir ? dir : "/etc/lvm",
	            config_str(SET_DEVICES_DEVICESFILE));
	if (!access(path.buf, F_OK)) {
		log_error("lvm2 uses a devices file (%s, devices/use_devicesfile = 1), which "
		          "vgtool does not follow: set devices/use_devicesfile = 0 to use "
		          "vgtool here.",
		          path.buf);
		r = -1;
	}
	strbuf_release(&path);
	return r;
}

/* lvm2's activation lists (lib/activate/volume-list.h), each from
 * vgtool.conf or --config, else from lvm.conf (its "@*" then meaning the
 * host tags lvm2 has, from lvm.conf's files): a host whose lvm.conf keeps
 * lvm2 from activating a VG (a cluster's shared one, another host's)
 * keeps vgtool from it too.  lvm2 gives them no default, so they are not
 * in the settings table (lvmconfig shows them only as configured).  An
 * item that is not a string is left out, as lvm2 ignores it. */
static void configure_volume_lists(void)
{
	static const char *const paths[VOLUME_LIST_COUNT] = {
	    [VOLUME_LIST_ACTIVATION] = "activation/volume_list",
	    [VOLUME_LIST_AUTO_ACTIVATION] = "activation/auto_activation_volume_list",
	    [VOLUME_LIST_READ_ONLY] = "activation/read_only_volume_list",
	};

	for (int w = 0; w < VOLUME_LIST_COUNT; w++) {
		const struct cfg_value *items = NULL;
		size_t count = 0, n = 0;
		int r = cfg_get_list(config_root, paths[w], &items, &count);
		char **strings;
		const struct host_tags *hosts = &vgtool_tags;

		if (r == -1 && lvm_root) {
			r = cfg_get_list(lvm_root, paths[w], &items, &count);
			hosts = &lvm_tags; /* "@*" of lvm.conf's list: lvm2's host tags */
		}
		if (r) {
			volume_list_configure((enum volume_list)w, 0, NULL, 0);
			continue;
		}
		strings = xcalloc(count + 1, sizeof(*strings));
		for (size_t i = 0; i < count; i++)
			if (items[i].type == CFG_STRING)
				strings[n++] = items[i].s;
			else
				log_print("Ignoring invalid string in config file %s.", paths[w]);
		volume_list_configure((enum volume_list)w, 1, strings, n);
		volume_list_host_tags((enum volume_list)w, hosts->tags, hosts->n);
		free(strings);
	}
}

/* lvm2's lock files, their settings and the options that do without them
 * (lib/misc/lock.h). */
static void configure_locks(struct cmd_context *ctx)
{
	int64_t type = 1;
	int nolocking = arg_count(ctx, OPT_NOLOCKING) > 0;
	int sysinit = arg_count(ctx, OPT_SYSINIT) > 0;
	/* lvm2's is_activating: -a on the commands that activate */
	int activating = arg_count(ctx, OPT_ACTIVATE) && ctx->cmd &&
	                 (ctx->cmd->fn == cmd_vgchange || ctx->cmd->fn == cmd_lvchange);

	/* lvm2 2.03's deprecated global/locking_type, read but not a setting
	 * of vgtool's own (lvmconfig leaves it out, as lvm2's does by
	 * default): --config or vgtool.conf, else lvm.conf */
	if (cfg_get_int(config_root, "global/locking_type", &type) == -1 && lvm_root)
		cfg_get_int(lvm_root, "global/locking_type", &type);
	if (!nolocking && (type == 0 || type == 5)) {
		log_warn("WARNING: locking_type (%lld) is deprecated, using --nolocking.",
		         (long long)type);
		nolocking = 1;
	}
	lock_configure(config_str(SET_GLOBAL_LOCKING_DIR), config_bool(SET_GLOBAL_WAIT_FOR_LOCKS),
	               config_bool(SET_GLOBAL_PRIORITISE_WRITE_LOCKS));
	lock_set_mode(nolocking, sysinit || arg_count(ctx, OPT_IGNORELOCKINGFAILURE) > 0,
	              sysinit || getenv("LVM_SUPPRESS_LOCKING_FAILURE_MESSAGES"), activating);
}

/* devices/pv_min_size: lvm2's floor of 512 KiB, with its warning */
static void configure_pv_min_size(void)
{
	long long kib = (long long)config_int(SET_DEVICES_PV_MIN_SIZE);
	if (kib < 512) {
		log_warn("Ignoring too small pv_min_size %lldKB, using default %dKB.", kib, 512);
		kib = 512;
	}
	scan_set_pv_min_size(kib > INT64_MAX / 1024 ? UINT64_MAX : (uint64_t)kib * 1024);
	pv_set_min_sectors(kib > INT64_MAX / 1024 ? UINT64_MAX / 512 : (uint64_t)kib * 2);
}

/* How udev takes part in activation: lvm2's settings, read by the same
 * names (lib/activate/dm.h). */
static void configure_udev(void)
{
	struct kdm_udev_config u = {config_bool(SET_ACTIVATION_UDEV_RULES),
	                            config_bool(SET_ACTIVATION_UDEV_SYNC),
	                            config_bool(SET_ACTIVATION_VERIFY_UDEV_OPERATIONS)};
	kdm_udev_configure(&u);
	kdm_priority_configure(config_int(SET_ACTIVATION_PROCESS_PRIORITY));
	vg_check_pv_sizes(config_bool(SET_METADATA_CHECK_PV_DEVICE_SIZES));
	configure_pv_min_size();
}

int config_load(struct cmd_context *ctx)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	int rc = EXIT_DONE;

	strbuf_addf(&path, "%s/vgtool.conf", system_dir());
	conf_path = strbuf_detach(&path, NULL);
	if (read_layer(system_dir(), "vgtool", NULL, &vgtool_tags, &conf_root, &conf_files,
	               &n_conf_files, &err)) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_FAILED;
	}
	if (ctx->config_override) {
		override_root = cfg_parse(ctx->config_override, strlen(ctx->config_override),
		                          &cfg_limits_config, &err);
		if (!override_root) {
			log_error("--config: %s.", err.buf);
			strbuf_release(&err);
			return EXIT_INVALID;
		}
	}
	config_root = cfg_new_root();
	if (conf_root)
		cfg_merge(config_root, conf_root);
	if (override_root)
		cfg_merge(config_root, override_root);
	load_lvm_conf();
	/* help, version and lvmconfig look at no device: a bad filter or
	 * lvm2's devices file must not stop them */
	if (ctx->flags != CMD_NONE && (refuse_devices_file() || configure_devices()))
		rc = EXIT_FAILED;
	configure_locks(ctx);
	configure_udev();
	configure_volume_lists();
	if (dev_dir_configure(config_str(SET_DEVICES_DIR)))
		rc = EXIT_FAILED;
	/* as lvm2, at every command's start, before any --units */
	struct units u;
	if (parse_units_quiet(config_str(SET_GLOBAL_UNITS), &u)) {
		log_error("Unrecognised configuration setting for global/units: %s",
		          config_str(SET_GLOBAL_UNITS));
		rc = EXIT_FAILED;
	}
	strbuf_release(&err);
	return rc;
}

void config_release(void)
{
	dev_discovery_release();
	volume_list_release();
	cfg_free(config_root);
	cfg_free(conf_root);
	cfg_free(override_root);
	config_root = conf_root = override_root = NULL;
	cfg_free(lvm_root);
	lvm_root = NULL;
	release_files(conf_files, n_conf_files);
	conf_files = NULL;
	n_conf_files = 0;
	host_tags_release(&vgtool_tags);
	host_tags_release(&lvm_tags);
	free(lvm_conf_path);
	free(conf_path);
	lvm_conf_path = conf_path = NULL;
}

int config_bool(enum setting_id id)
{
	struct setting_layers l = layers();
	return setting_bool(&l, id);
}

int64_t config_int(enum setting_id id)
{
	struct setting_layers l = layers();
	return setting_int(&l, id);
}

const char *config_str(enum setting_id id)
{
	struct setting_layers l = layers();
	return setting_str(&l, id);
}

void config_sources(struct config_sources *out)
{
	out->conf = conf_root;
	out->conf_path = conf_path;
	out->override = override_root;
	out->merged = config_root;
	out->lvm = lvm_root;
	out->lvm_path = lvm_conf_path;
	out->files = conf_files;
	out->n_files = n_conf_files;
}
