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

#include "config/config.h"
#include "metadata/format/backup.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "tools/cmdline.h"
#include "tools/commands.h"

static struct cfg_node *config_root;

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
out:
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&err);
	return rc;
}

void config_release(void)
{
	cfg_free(config_root);
	config_root = NULL;
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
