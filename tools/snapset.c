/* vgtool snapset: one crash-consistent snapshot of several origins of a
 * VG, kept and handled as a set.
 *
 * A set is ordinary lvm2 snapshots (so lvm2, the reports and the COW
 * watchdog see nothing new) that carry one LV tag, "snapset_NAME", and
 * are called ORIGIN_NAME.  What makes it one point in time is the
 * activation: the members are added in one metadata commit, and one
 * device-mapper plan switches every origin, which suspends all of them
 * before it resumes any (lib/activate/plan.c, plan_ops step 2).  A write
 * that completed before another was issued can then never be missing from
 * the set while the later one is in it: the later write waits for the
 * resumes, which come after every origin's switch.
 *
 * lvm2 takes one origin per command, each suspended and resumed on its
 * own, so its snapshots of two origins are two points in time.
 *
 * Crash safety is lvcreate's: the COWs zeroed, then one commit, then the
 * kernel.  A crash before the commit leaves no set; after it, the next
 * activation (vgchange -ay, lvchange --refresh) finishes the whole set
 * from the metadata, resuming whatever a dead command left suspended.  A
 * refusal by the kernel before the resumes undoes the plan (every origin
 * back to its old table, kdm_run_plan) and the metadata is put back. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "activate/dm.h"
#include "activate/plan.h"
#include "metadata/names.h"
#include "misc/log.h"
#include "misc/units.h"
#include "misc/xalloc.h"
#include "report/columns.h"
#include "tools/commands.h"
#include "tools/lockd.h"
#include "tools/toollib.h"

#define SET_TAG_PREFIX "snapset_"
#define SET_NAME_MAX   64
/* Bytes zeroed at the start of each COW before the commit (as lvcreate:
 * an old exception store there would be taken for a live one). */
#define ZERO_BYTES 4096

/* A set's name becomes part of LV names and of a tag: lvm2's characters
 * for both, no leading '-' (an option), and short enough to leave room
 * for the origin's name.  0, or -1 after one line. */
static int set_name_check(const char *set)
{
	size_t len = strlen(set);

	if (!len || len > SET_NAME_MAX || set[0] == '-' ||
	    strspn(set, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+_.-") !=
	        len) {
		log_error("Invalid snapshot set name \"%s\": use up to %d letters, digits and "
		          "\"+_.-\", not starting with \"-\".",
		          set, SET_NAME_MAX);
		return -1;
	}
	return 0;
}

/* The set a snapshot belongs to (its first "snapset_" tag), or NULL. */
static const char *member_set(const struct vg *vg, const struct lv *lv)
{
	if (!lv_is_cow(vg, lv))
		return NULL;
	for (size_t i = 0; i < lv->tags.n; i++)
		if (!strncmp(lv->tags.tags[i], SET_TAG_PREFIX, strlen(SET_TAG_PREFIX)) &&
		    lv->tags.tags[i][strlen(SET_TAG_PREFIX)])
			return lv->tags.tags[i] + strlen(SET_TAG_PREFIX);
	return NULL;
}

/* The members of `set` in `vg`, in the order of the VG's text; the
 * count, *out to free. */
static size_t set_members(const struct vg *vg, const char *set, struct lv ***out)
{
	size_t n = 0;

	*out = xcalloc(vg->n_lvs + 1, sizeof(**out));
	for (size_t i = 0; i < vg->n_lvs; i++) {
		const char *s = member_set(vg, vg->lvs[i]);
		if (s && !strcmp(s, set))
			(*out)[n++] = vg->lvs[i];
	}
	return n;
}

/* "SET" or "VG/SET": *vg NULL for every VG.  0, or -1 after one line. */
static int parse_set_arg(const char *arg, char **vg, char **set)
{
	const char *slash = strchr(arg, '/');

	*vg = NULL;
	if (slash && (slash == arg || strchr(slash + 1, '/'))) {
		log_error("\"%s\" is not of the form SET or VG/SET.", arg);
		return -1;
	}
	*set = xstrdup(slash ? slash + 1 : arg);
	if (slash)
		*vg = xstrndup(arg, (size_t)(slash - arg));
	if (set_name_check(*set)) {
		free(*vg);
		free(*set);
		return -1;
	}
	return 0;
}

/* The VGs holding set `set` (only `vg_name` when given), in lvm2's
 * order, read without locks: each is read again under its lock.  The
 * count, or 0 after saying the set is not there. */
static size_t set_vgs(struct cmd_context *ctx, const char *vg_name, const char *set,
                      struct name_list *out)
{
	struct vg **vgs;
	size_t n_vgs;

	memset(out, 0, sizeof(*out));
	if (tool_read_all_vgs(ctx, &vgs, &n_vgs))
		return 0;
	for (size_t v = 0; v < n_vgs; v++) {
		struct lv **members;
		if ((!vg_name || !strcmp(vgs[v]->name, vg_name)) &&
		    set_members(vgs[v], set, &members))
			name_list_add(out, vgs[v]->name, 0);
		free(members);
	}
	tool_free_vgs(vgs, n_vgs);
	if (!out->n)
		log_error("Snapshot set %s%s%s not found.", vg_name ? vg_name : "",
		          vg_name ? "/" : "", set);
	return out->n;
}

/* --- create --- */

/* The origins named, all of one VG (one set is one VG's commit), none
 * twice.  EXIT_DONE, or EXIT_INVALID after one line. */
static int origin_args(char *const *args, size_t n, char **vg_name, char **names)
{
	for (size_t i = 0; i < n; i++) {
		char *vg = NULL;
		if (parse_lv_arg(args[i], NULL, &vg, &names[i]))
			return EXIT_INVALID;
		if (!*vg_name) {
			*vg_name = vg;
		} else if (strcmp(vg, *vg_name)) {
			log_error("Origins %s/%s and %s/%s are in different volume groups: a "
			          "snapshot set is one volume group's.",
			          *vg_name, names[0], vg, names[i]);
			free(vg);
			return EXIT_INVALID;
		} else {
			free(vg);
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(names[j], names[i])) {
				log_error("Origin %s/%s is named twice.", *vg_name, names[i]);
				return EXIT_INVALID;
			}
	}
	return EXIT_DONE;
}

static int snapset_create(struct cmd_context *ctx, char *const *args, size_t n_args)
{
	const char *set = n_args ? args[0] : NULL;
	size_t n = n_args ? n_args - 1 : 0, n_on = 0;
	char **names = xcalloc(n + 1, sizeof(*names)), **members = NULL, *vg_name = NULL,
	     *tag = NULL;
	struct lv **cows = xcalloc(n + 1, sizeof(*cows)), **on = xcalloc(n + 1, sizeof(*on));
	struct lv **existing = NULL;
	struct vg *old = NULL, *vg = NULL;
	uint64_t when = (uint64_t)time(NULL);
	uint32_t chunk = 0;
	int rc, began = 0;
	struct tool t;

	if (n_args < 2) {
		log_error("snapset create: give the set's name and at least one VG/ORIGIN.");
		rc = EXIT_INVALID;
		goto out;
	}
	if (set_name_check(set)) {
		rc = EXIT_INVALID;
		goto out;
	}
	if ((rc = origin_args(args + 1, n, &vg_name, names)) != EXIT_DONE ||
	    (rc = tool_snapshot_args(ctx, &chunk)) != EXIT_DONE)
		goto out;
	/* the members' names, from the command line alone: as lvcreate -n
	 * (a reserved word is a bad command line, a name too long with its
	 * VG's a failure, as lvm2 exits) */
	members = xcalloc(n + 1, sizeof(*members));
	for (size_t i = 0; i < n; i++) {
		struct strbuf name = STRBUF_INIT;
		strbuf_addf(&name, "%s_%s", names[i], set);
		members[i] = strbuf_detach(&name, NULL);
		if (name_check_lv(members[i])) {
			rc = EXIT_INVALID;
			goto out;
		}
		if (name_check_full(vg_name, members[i])) {
			rc = EXIT_FAILED;
			goto out;
		}
	}
	rc = EXIT_FAILED;
	if (tool_begin(&t, ctx, vg_name))
		goto out;
	began = 1;
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_clone(old)))
		goto out;
	if (set_members(vg, set, &existing)) {
		log_error("Snapshot set %s already exists in volume group %s.", set, vg_name);
		goto out;
	}
	tag = xmalloc(strlen(SET_TAG_PREFIX) + strlen(set) + 1);
	strcpy(tag, SET_TAG_PREFIX);
	strcat(tag, set);
	for (size_t i = 0; i < n; i++) {
		struct lv *origin;
		int active = 1;

		if (!(origin = tool_snapshot_origin(ctx, vg, names[i], &active)))
			goto out;
		/* shared VG: no origin active on another host (lvcreate -s's
		 * lock, for the time of the command) */
		if (tool_lockd_lv(ctx, vg, origin, "ex", 0)) {
			log_error("Failed to lock origin LV %s/%s", vg->name, origin->name);
			goto out;
		}
		if (!(cows[i] = tool_add_snapshot(ctx, vg, origin, members[i], chunk, when)))
			goto out;
		tag_list_add(&cows[i]->tags, tag);
		tool_change_tags(ctx, &cows[i]->tags, 0);
		if (active)
			on[n_on++] = cows[i];
	}
	/* the COWs zeroed before the metadata names them (a crash in
	 * between leaves zeroed free space); one commit for the set */
	if (tool_commit_fits(&t, old, vg, 1))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (lv_zero_start(&t.scan, vg, cows[i], ZERO_BYTES, chunk))
			goto out;
	if (n_on && tool_kernel_check(ctx, vg, on, n_on))
		goto out;
	if (tool_commit_steps(&t, old, vg, NULL, 0, 1))
		goto out;
	/* one plan for every origin: all suspended, then all resumed */
	if (n_on && tool_follow_or_roll_back(&t, old, vg, on, n_on))
		goto out;
	for (size_t i = 0; i < n; i++)
		log_print("Logical volume \"%s\" created.", cows[i]->name);
	log_print("Snapshot set \"%s\" of %zu origin%s created in volume group %s.", set, n,
	          n == 1 ? "" : "s", vg_name);
	rc = EXIT_DONE;
out:
	vg_free(vg);
	vg_free(old);
	if (began)
		tool_end(&t);
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		free(members ? members[i] : NULL);
	}
	free(names);
	free(members);
	free(cows);
	free(on);
	free(existing);
	free(vg_name);
	free(tag);
	return rc;
}

/* --- remove --- */

static int remove_in_vg(struct cmd_context *ctx, const char *vg_name, const char *set)
{
	struct tool t;
	struct vg *old = NULL, *vg = NULL;
	struct lv **members = NULL;
	const struct lv *open;
	size_t n;
	unsigned steps = 0;
	int rc = EXIT_FAILED, active = 0;

	if (tool_begin(&t, ctx, vg_name))
		return EXIT_FAILED;
	if (!(old = tool_read_vg_for_write(&t, vg_name)) || !(vg = vg_clone(old)))
		goto out;
	if (!(n = set_members(vg, set, &members))) {
		log_error("Snapshot set %s/%s not found.", vg_name, set);
		goto out;
	}
	/* all or none: a member in use keeps the whole set */
	if ((open = tool_first_open(ctx, vg, members, n, &active))) {
		log_error("Logical volume %s/%s of snapshot set %s is in use.", vg_name, open->name,
		          set);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (active && lv_is_merging_cow(vg, members[i])) {
			log_error("Can't remove merging snapshot logical volume %s/%s.", vg_name,
			          members[i]->name);
			goto out;
		}
	/* as lvremove: an active LV goes only when the command line says so */
	if (active && !arg_count(ctx, OPT_FORCE) && !ctx->yes && !ctx->test_mode) {
		log_error("Snapshot set %s/%s is active: confirm its removal with -f or -y.",
		          vg_name, set);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		char *name = xstrdup(members[i]->name);
		tool_remove_lv(vg, members[i], 1, &steps);
		log_print("Logical volume \"%s\" successfully removed.", name);
		free(name);
	}
	/* metadata first: a crash before the kernel follows leaves devices
	 * that the next activation removes */
	if (tool_commit_steps(&t, old, vg, NULL, 0, 1) ||
	    tool_kernel_follow(ctx, vg, NULL, 0, NULL, 0))
		goto out;
	log_print("Snapshot set \"%s\" removed from volume group %s.", set, vg_name);
	rc = EXIT_DONE;
out:
	free(members);
	vg_free(vg);
	vg_free(old);
	tool_end(&t);
	return rc;
}

/* --- merge --- */

/* merge_pick_fn: the members of set `arg` */
static int pick_member(const struct vg *vg, const struct lv *lv, const void *arg)
{
	const char *s;

	if (!lv) {
		log_error("Snapshot set %s/%s not found.", vg->name, (const char *)arg);
		return 0;
	}
	return (s = member_set(vg, lv)) && !strcmp(s, arg);
}

static int merge_in_vg(struct cmd_context *ctx, const char *vg_name, const char *set)
{
	return tool_merge_together(ctx, vg_name, pick_member, set);
}

/* remove and merge: for each SET or VG/SET, in every VG that has it. */
static int each_set(struct cmd_context *ctx, char *const *args, size_t n,
                    int (*fn)(struct cmd_context *, const char *, const char *))
{
	int rc = EXIT_DONE;

	if (!n) {
		log_error("snapset %s: give at least one SET or VG/SET.", ctx->args.argv[0]);
		return EXIT_INVALID;
	}
	/* (every argument checked before anything is done) */
	for (size_t a = 0; a < n; a++) {
		char *vg_name, *set;
		if (parse_set_arg(args[a], &vg_name, &set))
			return EXIT_INVALID;
		free(vg_name);
		free(set);
	}
	for (size_t a = 0; a < n; a++) {
		char *vg_name, *set;
		struct name_list vgs;
		parse_set_arg(args[a], &vg_name, &set);
		if (!set_vgs(ctx, vg_name, set, &vgs))
			rc = EXIT_FAILED;
		for (size_t v = 0; v < vgs.n; v++) {
			int r = fn(ctx, vgs.names[v], set);
			if (r != EXIT_DONE && rc != EXIT_INVALID)
				rc = r;
		}
		name_list_release(&vgs);
		free(vg_name);
		free(set);
	}
	return rc;
}

int tool_snapset_merge(struct cmd_context *ctx, const char *set)
{
	char *arg = (char *)set;
	return each_set(ctx, &arg, 1, merge_in_vg);
}

/* --- list --- */

struct row {
	char *cells[7];
};

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->cells[0], y->cells[0]);
	if (!c)
		c = strcmp(x->cells[1], y->cells[1]);
	return c ? c : strcmp(x->cells[3], y->cells[3]);
}

/* A member's Data%, as lvs shows it: empty when it is not active. */
static char *member_percent(struct cmd_context *ctx, const struct vg *vg, const struct lv *cow)
{
	struct lv_kstate ks = {0};
	unsigned long long used, total, md;
	int invalid = 0, overflow = 0;
	struct strbuf sb = STRBUF_INIT;
	char *name;

	if (!tool_kernel(ctx))
		return xstrdup("");
	name = kdm_name_for(vg->name, cow->name, LAYER_TOP);
	if (!kdm_snapshot_status(name, &used, &total, &md, &invalid, &overflow)) {
		ks.exists = ks.has_snap_status = 1;
		ks.snap_used = used;
		ks.snap_total = total;
		ks.snap_metadata = md;
		ks.snap_invalid = invalid || overflow;
		format_percent(&sb, snapshot_percent(&ks));
	}
	free(name);
	return strbuf_detach(&sb, NULL);
}

static void add_rows(struct cmd_context *ctx, const struct vg *vg, const struct units *u,
                     char *const *want_vg, char *const *want_set, int *found, size_t n_want,
                     struct row **rows, size_t *n_rows)
{
	for (size_t i = 0; i < vg->n_lvs; i++) {
		const struct lv *cow = vg->lvs[i];
		const char *set = member_set(vg, cow);
		struct strbuf sb = STRBUF_INIT;
		char when[64] = "";
		time_t tt;
		struct tm tm;
		struct row *r;
		int wanted = !n_want;

		for (size_t w = 0; set && w < n_want; w++)
			if (!strcmp(want_set[w], set) &&
			    (!want_vg[w] || !strcmp(want_vg[w], vg->name)))
				wanted = found[w] = 1;
		if (!set || !wanted)
			continue;
		*rows = xrealloc(*rows, (*n_rows + 1) * sizeof(**rows));
		r = &(*rows)[(*n_rows)++];
		tt = (time_t)cow->creation_time;
		if (cow->creation_time && localtime_r(&tt, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", &tm);
		format_size(&sb, (uint64_t)lv_extents(cow) * vg->extent_size, u, 0);
		r->cells[0] = xstrdup(set);
		r->cells[1] = xstrdup(vg->name);
		r->cells[2] = xstrdup(when);
		r->cells[3] = xstrdup(cow->name);
		r->cells[4] = xstrdup(cow->cow_of->origin->name);
		r->cells[5] = strbuf_detach(&sb, NULL);
		r->cells[6] = member_percent(ctx, vg, cow);
	}
}

static void print_rows(struct cmd_context *ctx, struct row *rows, size_t n)
{
	static const char *const head[7] = {"Set",    "VG",    "Time", "Member",
	                                    "Origin", "LSize", "Data%"};
	const char *sep = arg_str(ctx, OPT_SEPARATOR, NULL);
	int headings = !arg_count(ctx, OPT_NOHEADINGS);
	size_t w[7];
	struct strbuf out = STRBUF_INIT;

	for (size_t c = 0; c < 7; c++) {
		w[c] = headings ? strlen(head[c]) : 0;
		for (size_t i = 0; i < n; i++)
			if (strlen(rows[i].cells[c]) > w[c])
				w[c] = strlen(rows[i].cells[c]);
	}
	/* as lvm2's reports: two spaces first, sizes and percentages to the
	 * right; with --separator, no padding */
	for (size_t i = headings ? 0 : 1; i <= n; i++) {
		const char *const *cells = i ? (const char *const *)rows[i - 1].cells : head;
		strbuf_addstr(&out, "  ");
		for (size_t c = 0; c < 7; c++) {
			int right = c >= 5, last = c == 6;
			if (c)
				strbuf_addstr(&out, sep ? sep : " ");
			if (sep)
				strbuf_addstr(&out, cells[c]);
			else if (right)
				strbuf_addf(&out, "%*s", (int)w[c], cells[c]);
			else if (last)
				strbuf_addstr(&out, cells[c]);
			else
				strbuf_addf(&out, "%-*s", (int)w[c], cells[c]);
		}
		strbuf_addch(&out, '\n');
	}
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
}

static int snapset_list(struct cmd_context *ctx, char *const *args, size_t n_args)
{
	char **want_vg = xcalloc(n_args + 1, sizeof(char *));
	char **want_set = xcalloc(n_args + 1, sizeof(char *));
	int *found = xcalloc(n_args + 1, sizeof(int));
	struct row *rows = NULL;
	size_t n_rows = 0, n_parsed = 0, n_names;
	char **names = NULL;
	struct units u;
	struct tool t;
	int rc = EXIT_INVALID, unread = 0;

	units_default(&u);
	if (arg_count(ctx, OPT_UNITS) && parse_units_arg(arg_str(ctx, OPT_UNITS, NULL), &u))
		goto out;
	for (; n_parsed < n_args; n_parsed++)
		if (parse_set_arg(args[n_parsed], &want_vg[n_parsed], &want_set[n_parsed]))
			goto out;
	rc = EXIT_FAILED;
	/* a listing: the global lock shared, each VG's for its read */
	ctx->flags = CMD_GLOBAL_SH | CMD_VG_SH | CMD_KERNEL;
	if (tool_begin(&t, ctx, NULL))
		goto out;
	n_names = scan_vg_names_lvm2_order(&t.scan, &names);
	for (size_t i = 0; i < n_names; i++) {
		struct vg **vgs = NULL;
		int failed = 0;
		size_t n = tool_read_vgs_listed(&t, names[i], &vgs, &failed);
		unread |= failed;
		for (size_t v = 0; v < n; v++) {
			add_rows(ctx, vgs[v], &u, want_vg, want_set, found, n_args, &rows, &n_rows);
			vg_free(vgs[v]);
		}
		free(vgs);
		free(names[i]);
	}
	free(names);
	tool_end(&t);
	if (n_rows) {
		qsort(rows, n_rows, sizeof(*rows), row_cmp);
		print_rows(ctx, rows, n_rows);
	}
	/* (a VG that could not be read was said when it was read) */
	rc = unread ? EXIT_FAILED : EXIT_DONE;
	for (size_t a = 0; a < n_args; a++)
		if (!found[a]) {
			log_error("Snapshot set %s not found.", args[a]);
			rc = EXIT_FAILED;
		}
out:
	for (size_t i = 0; i < n_rows; i++)
		for (size_t c = 0; c < 7; c++)
			free(rows[i].cells[c]);
	free(rows);
	for (size_t i = 0; i < n_parsed; i++) {
		free(want_vg[i]);
		free(want_set[i]);
	}
	free(want_vg);
	free(want_set);
	free(found);
	return rc;
}

/* The options each verb takes (the command table has their union). */
static const struct {
	const char *verb;
	enum opt_id opts[8];
} verb_opts[] = {
    {"create", {OPT_SIZE, OPT_EXTENTS, OPT_CHUNKSIZE, OPT_ADDTAG, OPT_AUTOBACKUP, OPT_NONE}},
    {"list", {OPT_NOHEADINGS, OPT_SEPARATOR, OPT_UNITS, OPT_NONE}},
    {"remove", {OPT_FORCE, OPT_AUTOBACKUP, OPT_NONE}},
    {"merge", {OPT_BACKGROUND, OPT_INTERVAL, OPT_AUTOBACKUP, OPT_NONE}},
};

/* An option given that `verb` does not take: one line, 1. */
static int verb_refuses_options(struct cmd_context *ctx, const char *verb)
{
	size_t v = 0;

	while (strcmp(verb_opts[v].verb, verb))
		v++;
	for (const enum opt_id *o = ctx->cmd->options; *o != OPT_NONE; o++) {
		int takes = 0;
		for (const enum opt_id *k = verb_opts[v].opts; *k != OPT_NONE && !takes; k++)
			takes = *k == *o;
		if (!takes && arg_count(ctx, *o)) {
			log_error("Option --%s does not go with snapset %s.",
			          opt_spec_find(*o)->long_name, verb);
			return 1;
		}
	}
	return 0;
}

int cmd_snapset(struct cmd_context *ctx)
{
	const char *verb = ctx->args.argc ? ctx->args.argv[0] : "";
	char *const *args = ctx->args.argv + 1;
	size_t n = ctx->args.argc ? (size_t)ctx->args.argc - 1 : 0;
	int known = 0;

	for (size_t v = 0; v < sizeof(verb_opts) / sizeof(verb_opts[0]); v++)
		known |= !strcmp(verb, verb_opts[v].verb);
	if (known && verb_refuses_options(ctx, verb))
		return EXIT_INVALID;
	if (!strcmp(verb, "create"))
		return snapset_create(ctx, args, n);
	if (!strcmp(verb, "list"))
		return snapset_list(ctx, args, n);
	if (!strcmp(verb, "remove"))
		return each_set(ctx, args, n, remove_in_vg);
	if (!strcmp(verb, "merge"))
		return each_set(ctx, args, n, merge_in_vg);
	log_error("snapset: give create, list, remove or merge%s%s%s.", *verb ? " (not \"" : "",
	          verb, *verb ? "\")" : "");
	return EXIT_INVALID;
}
