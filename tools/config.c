/* vgtool.conf and --config.
 *
 * The file ($VGTOOL_SYSTEM_DIR/vgtool.conf) is optional; --config text
 * overrides it key by key.  Both use lvm2's syntax through lib/config, so
 * an lvm.conf fragment such as
 *   activation { snapshot_autoextend_threshold = 70 }
 * means the same to both tools. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "activate/dm.h"
#include "config/config.h"
#include "device/discovery.h"
#include "metadata/format/backup.h"
#include "misc/lock.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"
#include "tools/cmdline.h"
#include "tools/commands.h"

static struct cfg_node *config_root;
/* lvm2's own lvm.conf ($LVM_SYSTEM_DIR, default /etc/lvm), for the
 * settings both tools must agree on; NULL when absent or unreadable
 * (lvm2's business, not a reason to fail). */
static struct cfg_node *lvm_root;
static char *lvm_conf_path;

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

static int bool_setting(const char *path, int def)
{
	int v;
	return config_root && cfg_get_bool(config_root, path, &v) == 0 ? v : def;
}

static void load_lvm_conf(void)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	const char *dir = getenv("LVM_SYSTEM_DIR");

	strbuf_addf(&path, "%s/lvm.conf", dir && *dir ? dir : "/etc/lvm");
	if (read_whole(path.buf, &text) == 0)
		/* never changed: one arena instead of a malloc a node (Debian's
		 * lvm.conf is 111 KB, read by every command) */
		lvm_root = cfg_parse_arena(text.buf, text.len, &cfg_limits_config, NULL);
	lvm_conf_path = strbuf_detach(&path, NULL);
	strbuf_release(&text);
}

/* The devices section, for discovery (lib/device/discovery.h).  The
 * filters come from vgtool.conf; when it sets neither, from lvm.conf, so
 * that a device an administrator hid from lvm2 (a guest's disk, a backup
 * copy) is hidden from vgtool too. */
static int configure_devices(void)
{
	struct dev_filter_config c = {0};
	const char *file = "vgtool.conf";
	char **global = NULL, **filter = NULL;
	int r = -1;

	if (string_list(config_root, "devices/global_filter", file, &global, &c.n_global_filter) ||
	    string_list(config_root, "devices/filter", file, &filter, &c.n_filter))
		goto out;
	if (!cfg_find(config_root, "devices/global_filter") &&
	    !cfg_find(config_root, "devices/filter") && lvm_root) {
		file = lvm_conf_path;
		free(global);
		free(filter);
		global = filter = NULL;
		if (string_list(lvm_root, "devices/global_filter", file, &global,
		                &c.n_global_filter) ||
		    string_list(lvm_root, "devices/filter", file, &filter, &c.n_filter))
			goto out;
	}
	c.global_filter = global;
	c.filter = filter;
	c.scan_lvs = bool_setting("devices/scan_lvs", 0);
	c.multipath_components = bool_setting("devices/multipath_component_detection", 1);
	c.md_components = bool_setting("devices/md_component_detection", 1);
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

	if (!config_lvm_int("devices/use_devicesfile", 0))
		return 0;
	strbuf_addf(&path, "%s/devices/%s", dir && *dir ? dir : "/etc/lvm",
	            config_lvm_str("devices/devicesfile", "system.devices"));
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

/* lvm2's lock files and their settings (lib/misc/lock.h). */
static void configure_locks(void)
{
	lock_configure(config_lvm_str("global/locking_dir", NULL),
	               (int)config_lvm_int("global/wait_for_locks", 1),
	               (int)config_lvm_int("global/prioritise_write_locks", 1));
}

/* How udev takes part in activation: lvm2's settings, read by the same
 * names (lib/activate/dm.h). */
static void configure_udev(void)
{
	struct kdm_udev_config u = {bool_setting("activation/udev_rules", 1),
	                            bool_setting("activation/udev_sync", 1),
	                            bool_setting("activation/verify_udev_operations", 0)};
	kdm_udev_configure(&u);
}

int config_load(struct cmd_context *ctx)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, err = STRBUF_INIT;
	int rc = EXIT_DONE, r;

	strbuf_addf(&path, "%s/vgtool.conf", system_dir());
	r = read_whole(path.buf, &text);
	if (r < 0) {
		log_error("Cannot read %s: %s.", path.buf, strerror(errno));
		rc = EXIT_FAILED;
		goto out;
	}
	if (r == 0) {
		config_root = cfg_parse(text.buf, text.len, &cfg_limits_config, &err);
		if (!config_root) {
			log_error("%s: %s.", path.buf, err.buf);
			rc = EXIT_FAILED;
			goto out;
		}
	} else {
		config_root = cfg_new_root();
	}
	if (ctx->config_override) {
		struct cfg_node *over;
		strbuf_reset(&err);
		over = cfg_parse(ctx->config_override, strlen(ctx->config_override),
		                 &cfg_limits_config, &err);
		if (!over) {
			log_error("--config: %s.", err.buf);
			rc = EXIT_INVALID;
			goto out;
		}
		cfg_merge(config_root, over);
		cfg_free(over);
	}
	load_lvm_conf();
	if (ctx->flags != CMD_NONE && refuse_devices_file())
		rc = EXIT_FAILED;
	else if (configure_devices())
		rc = EXIT_FAILED;
	configure_locks();
	configure_udev();
	if (dev_dir_configure(config_lvm_str("devices/dir", NULL)))
		rc = EXIT_FAILED;
out:
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&err);
	return rc;
}

void config_release(void)
{
	dev_discovery_release();
	cfg_free(config_root);
	config_root = NULL;
	cfg_free(lvm_root);
	lvm_root = NULL;
	free(lvm_conf_path);
	lvm_conf_path = NULL;
}

int64_t config_int(const char *path, int64_t def)
{
	int64_t v;
	if (config_root && cfg_get_int(config_root, path, &v) == 0)
		return v;
	return def;
}

const char *config_str(const char *path, const char *def)
{
	const char *v;
	if (config_root && cfg_get_str(config_root, path, &v) == 0)
		return v;
	return def;
}

int64_t config_lvm_int(const char *path, int64_t def)
{
	int64_t v;
	/* lvm.conf's value is the default vgtool.conf and --config override */
	return config_int(path, lvm_root && cfg_get_int(lvm_root, path, &v) == 0 ? v : def);
}

const char *config_lvm_str(const char *path, const char *def)
{
	const char *v;
	return config_str(path, lvm_root && cfg_get_str(lvm_root, path, &v) == 0 ? v : def);
}
