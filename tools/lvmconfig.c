/* lvmconfig (dumpconfig, config): vgtool's configuration with lvm2's keys
 * and syntax.  The command line as lvm2's lvmconfig takes it, the trees
 * from tools/config.c, the text from lib/config/lvmconfig.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config/lvmconfig.h"
#include "misc/log.h"
#include "tools/commands.h"

/* The type asked for: the later of --typeconfig and --type. */
static const char *type_arg(const struct cmd_context *ctx, int *given)
{
	const struct opt_value *a = &ctx->args.opt[OPT_TYPECONFIG],
	                       *b = &ctx->args.opt[OPT_TYPECONFIG_TYPE];

	*given = a->count || b->count;
	if (!a->count && !b->count)
		return "current";
	if (!b->count || (a->count && a->seq[a->count - 1] > b->seq[b->count - 1]))
		return a->values[a->count - 1];
	return b->values[b->count - 1];
}

/* lvm2's refusals of options that do nothing together, in its order. */
static int check_options(struct cmd_context *ctx, struct lvmconfig_opts *o)
{
	int typed;
	const char *type = type_arg(ctx, &typed);
	const char *at = arg_str(ctx, OPT_ATVERSION, NULL),
	           *since = arg_str(ctx, OPT_SINCEVERSION, NULL);

	if (typed && arg_count(ctx, OPT_VALIDATE)) {
		log_error("Only one of --type and --validate permitted.");
		return -1;
	}
	if (typed && arg_count(ctx, OPT_LISTCONFIG)) {
		log_error("Only one of --type and --list permitted.");
		return -1;
	}
	if (at && !typed && !arg_count(ctx, OPT_LISTCONFIG)) {
		log_error("--atversion requires --type or --list");
		return -1;
	}
	if (lvmconfig_type_parse(type, &o->type)) {
		log_error(
		    "Invalid argument for --typeconfig: %s (current, default, diff, full, list, "
		    "missing or new).",
		    type);
		return -1;
	}
	if (arg_count(ctx, OPT_LISTCONFIG)) {
		o->type = LVMCONFIG_LIST;
		o->summary = 1;
	}
	if (o->type == LVMCONFIG_CURRENT && at) {
		log_error("--atversion has no effect with --type current");
		return -1;
	}
	if (o->type == LVMCONFIG_CURRENT &&
	    (arg_count(ctx, OPT_IGNOREADVANCED) || arg_count(ctx, OPT_IGNOREUNSUPPORTED))) {
		log_error(
		    "--ignoreadvanced and --ignoreunsupported has no effect with --type current");
		return -1;
	}
	if (arg_count(ctx, OPT_MERGEDCONFIG) && o->type != LVMCONFIG_CURRENT &&
	    o->type != LVMCONFIG_FULL) {
		log_error("--mergedconfig has no effect without --type current or --type full");
		return -1;
	}
	if (since && o->type != LVMCONFIG_NEW) {
		log_error("--sinceversion requires --type new");
		return -1;
	}
	if (arg_count(ctx, OPT_WITHCOMMENTS) && o->type == LVMCONFIG_LIST) {
		log_error("--withcomments has no effect with --type list");
		return -1;
	}
	o->atversion = at ? setting_version(at) : 0;
	o->sinceversion = setting_version(since ? since : SETTING_LVM2_VERSION);
	if ((at && !o->atversion) || !o->sinceversion) {
		log_error("Incorrect version format: %s (major.minor.patch, such as 2.3.16).",
		          at && !o->atversion ? at : since);
		return -1;
	}
	o->summary |= arg_count(ctx, OPT_WITHSUMMARY) > 0;
	o->comments = arg_count(ctx, OPT_WITHCOMMENTS) > 0;
	o->versions = arg_count(ctx, OPT_WITHVERSIONS) > 0;
	o->spaces = arg_count(ctx, OPT_WITHSPACES) > 0;
	o->values_only = arg_count(ctx, OPT_VALUESONLY) > 0;
	o->preamble = arg_count(ctx, OPT_WITHGENERALPREAMBLE) > 0;
	o->ignore_advanced = arg_count(ctx, OPT_IGNOREADVANCED) > 0;
	return 0;
}

static int validate(struct cmd_context *ctx, const struct config_sources *src,
                    const struct setting_layers *l)
{
	struct cfg_node *merged = NULL;
	const struct cfg_node *tree = src->override ? src->override : src->conf;
	const char *source = src->override ? "--config" : src->conf_path;
	size_t problems = 0;

	/* as lvm2: the front of the cascade, or all of it merged; the files,
	 * each by its name, where lvm2 checks them merged (and without their
	 * tags sections) */
	if (arg_count(ctx, OPT_MERGEDCONFIG)) {
		tree = merged = lvmconfig_merged(l);
		source = "the merged configuration";
	} else if (!src->override) {
		for (size_t i = 0; i < src->n_files; i++)
			problems += lvmconfig_validate(src->files[i].tree, src->files[i].path);
		tree = NULL;
	}
	problems += lvmconfig_validate(tree, source);
	cfg_free(merged);
	if (problems)
		return EXIT_FAILED;
	log_print("LVM configuration valid.");
	return EXIT_DONE;
}

/* The text, to stdout or to -f's file. */
static int put(struct cmd_context *ctx, const struct strbuf *text)
{
	const char *file = arg_str(ctx, OPT_OUTFILE, NULL);
	FILE *f;

	if (!file) {
		fwrite(text->buf, 1, text->len, stdout);
		return EXIT_DONE;
	}
	if (!(f = fopen(file, "w"))) {
		log_error("%s: open failed: %s", file, strerror(errno));
		return EXIT_FAILED;
	}
	fwrite(text->buf, 1, text->len, f);
	if (fclose(f)) {
		log_error("%s: write failed: %s", file, strerror(errno));
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}

int cmd_lvmconfig(struct cmd_context *ctx)
{
	struct lvmconfig_opts o = {0};
	struct config_sources src;
	struct setting_layers l;
	struct cfg_node *merged = NULL;
	const struct cfg_node *tree;
	struct strbuf out = STRBUF_INIT;
	size_t missing;
	int rc;

	if (check_options(ctx, &o))
		return EXIT_INVALID;
	/* lvm2 refuses a bad activation/activation_mode in every command,
	 * this one included */
	if ((rc = tool_activation_mode(ctx)) != EXIT_DONE)
		return rc;
	config_sources(&src);
	l.vgtool = src.merged;
	l.lvm = src.lvm;
	if (arg_count(ctx, OPT_VALIDATE))
		return validate(ctx, &src, &l);

	/* "current" is the front of the cascade: --config when given, else
	 * vgtool.conf; --mergedconfig, everything vgtool reads */
	tree = src.override ? src.override : src.conf;
	if (arg_count(ctx, OPT_MERGEDCONFIG))
		tree = merged = lvmconfig_merged(&l);
	missing = lvmconfig_write(&o, tree, &l, ctx->args.argv, (size_t)ctx->args.argc, &out);
	cfg_free(merged);
	rc = put(ctx, &out);
	strbuf_release(&out);
	return missing && rc == EXIT_DONE ? EXIT_FAILED : rc;
}
