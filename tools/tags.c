/* Tags on the command line, as lvm2 takes them: --addtag/--deltag change
 * an object's tag list, and "@TAG" in place of a VG, LV or PV argument
 * stands for every object carrying that tag.
 *
 * lvm2's selection (tools/toollib.c, process_each_lv_in_vg and
 * process_each_vg): a command given a tag looks at every VG.  A VG is
 * taken when it is named or carries one of the tags; an LV when it is
 * named, when its VG is named whole or carries one of the tags, or when
 * it carries one of the tags itself (vgtool's lvchange and lvremove take
 * no bare VG name, with or without tags).  Named objects that are missing are
 * an error only where the VG exists: with a tag given, an unknown VG name
 * is passed over in silence. */
#include <stdlib.h>
#include <string.h>

#include "device/discovery.h"
#include "metadata/names.h"
#include "misc/log.h"
#include "misc/xalloc.h"
#include "tools/toollib.h"

static void push(char ***v, size_t *n, char *s)
{
	*v = xrealloc(*v, (*n + 2) * sizeof(**v));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

int tag_args_split(struct cmd_context *ctx, struct tag_args *ta, enum tag_bad bad)
{
	memset(ta, 0, sizeof(*ta));
	for (int i = 0; i < ctx->args.argc; i++) {
		char *a = ctx->args.argv[i];

		if (*a != '@') {
			push(&ta->names, &ta->n_names, a);
			continue;
		}
		if (!tag_problem(a + 1)) {
			push(&ta->tags, &ta->n_tags, a + 1);
			continue;
		}
		/* lvm2's three answers, each kept but the one that would make
		 * a changing command work on everything (see enum tag_bad) */
		switch (bad) {
		case TAG_BAD_SKIP:
			log_error("Skipping invalid tag %s.", a);
			continue;
		case TAG_BAD_VG:
			log_error("Skipping invalid tag: %s", a);
			break;
		case TAG_BAD_PV:
			log_error("Skipping invalid tag %s.", a + 1);
			break;
		case TAG_BAD_REFUSE:
			log_error("Invalid tag %s: nothing changed (a tag has the characters "
			          "A-Z a-z 0-9 _ + . - / = ! : & #).",
			          a);
			break;
		}
		tag_args_release(ta);
		return EXIT_INVALID;
	}
	return EXIT_DONE;
}

void tag_args_release(struct tag_args *ta)
{
	free(ta->names);
	free(ta->tags);
	memset(ta, 0, sizeof(*ta));
}

int tag_args_has_name(const struct tag_args *ta, const char *name)
{
	for (size_t i = 0; i < ta->n_names; i++)
		if (!strcmp(ta->names[i], name))
			return 1;
	return 0;
}

int tool_change_tags(struct cmd_context *ctx, struct tag_list *tl, int del_first)
{
	const struct opt_value *add = &ctx->args.opt[OPT_ADDTAG];
	const struct opt_value *del = &ctx->args.opt[OPT_DELTAG];
	int changed = 0;

	/* lvm2's order: vgchange deletes first, lvchange adds first, so
	 * `--addtag T --deltag T` leaves T on a VG and not on an LV */
	for (int pass = 0; pass < 2; pass++) {
		int deleting = (pass == 0) == !!del_first;
		const struct opt_value *o = deleting ? del : add;
		for (unsigned i = 0; i < o->count; i++)
			changed |= deleting ? tag_list_del(tl, o->values[i])
			                    : tag_list_add_new(tl, o->values[i]);
	}
	return changed;
}

int tool_tags_given(const struct cmd_context *ctx)
{
	return arg_count(ctx, OPT_ADDTAG) || arg_count(ctx, OPT_DELTAG);
}

int tool_read_all_vgs(struct cmd_context *ctx, struct vg ***vgs, size_t *n)
{
	struct tool t;
	char **names = NULL;
	size_t n_names;

	*vgs = NULL;
	*n = 0;
	if (tool_begin(&t, ctx, NULL))
		return -1;
	n_names = scan_vg_names_lvm2_order(&t.scan, &names);
	*vgs = xcalloc(n_names + 1, sizeof(**vgs));
	for (size_t i = 0; i < n_names; i++) {
		struct vg *vg = vg_read(&t.scan, names[i]);
		if (vg)
			(*vgs)[(*n)++] = vg;
		free(names[i]);
	}
	free(names);
	tool_end(&t);
	return 0;
}

void tool_free_vgs(struct vg **vgs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vg_free(vgs[i]);
	free(vgs);
}

int tool_vg_args(struct cmd_context *ctx, enum tag_bad bad, struct name_list *out)
{
	struct tag_args ta;
	struct vg **vgs;
	size_t n_vgs;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = tag_args_split(ctx, &ta, bad)) != EXIT_DONE)
		return rc;
	if (!ta.n_tags) {
		for (size_t i = 0; i < ta.n_names; i++)
			name_list_add(out, ta.names[i], 0);
		tag_args_release(&ta);
		return EXIT_DONE;
	}
	if (tool_read_all_vgs(ctx, &vgs, &n_vgs)) {
		tag_args_release(&ta);
		return EXIT_FAILED;
	}
	for (size_t v = 0; v < n_vgs; v++)
		if (tag_args_has_name(&ta, vgs[v]->name) ||
		    tag_list_has_any(&vgs[v]->tags, ta.tags, ta.n_tags))
			name_list_add(out, vgs[v]->name, 1);
	tool_free_vgs(vgs, n_vgs);
	tag_args_release(&ta);
	return EXIT_DONE;
}

/* "VG/LV" (after DM_DEV_DIR) split without a word: what is not of that
 * form goes to the command as given, which says what is wrong. */
static int split_vg_lv(const char *arg, char **vg, char **lv)
{
	const char *dev = dev_dir(), *s = arg, *slash;
	size_t dl = strlen(dev);

	if (!strncmp(s, dev, dl) && s[dl] == '/')
		s += dl + 1;
	slash = strchr(s, '/');
	if (!slash || slash == s || !slash[1] || strchr(slash + 1, '/'))
		return -1;
	*vg = xstrndup(s, (size_t)(slash - s));
	*lv = xstrdup(slash + 1);
	return 0;
}

int tool_lv_args(struct cmd_context *ctx, enum tag_bad bad, int activating, struct name_list *out)
{
	struct tag_args ta;
	struct vg **vgs;
	size_t n_vgs;
	char **arg_vg, **arg_lv;
	int *used, rc;
	size_t n_bare = 0, *order, n_order = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = tag_args_split(ctx, &ta, bad)) != EXIT_DONE)
		return rc;
	/* a name without a slash is a VG: all its LVs, as lvm2 */
	for (size_t i = 0; i < ta.n_names; i++)
		n_bare += !strchr(ta.names[i], '/');
	/* several names are taken in lvm2's order too, not as given */
	if (!ta.n_tags && !n_bare && ta.n_names < 2) {
		for (size_t i = 0; i < ta.n_names; i++)
			name_list_add(out, ta.names[i], 0);
		tag_args_release(&ta);
		return EXIT_DONE;
	}
	if (tool_read_all_vgs(ctx, &vgs, &n_vgs)) {
		tag_args_release(&ta);
		return EXIT_FAILED;
	}
	arg_vg = xcalloc(ta.n_names + 1, sizeof(*arg_vg));
	arg_lv = xcalloc(ta.n_names + 1, sizeof(*arg_lv));
	used = xcalloc(ta.n_names + 1, sizeof(*used));
	for (size_t i = 0; i < ta.n_names; i++)
		if (split_vg_lv(ta.names[i], &arg_vg[i], &arg_lv[i]))
			arg_vg[i] = arg_lv[i] = NULL;
	/* lvm2's order: VG by VG (with tags, every VG in its order; else
	 * the VGs as the names first mention them), each one's LVs in the
	 * order of its text */
	order = xcalloc(n_vgs + 1, sizeof(*order));
	for (size_t v = 0; v < n_vgs && ta.n_tags; v++)
		order[n_order++] = v;
	for (size_t i = 0; i < ta.n_names && !ta.n_tags; i++)
		for (size_t v = 0; v < n_vgs; v++) {
			const char *vn = arg_vg[i] ? arg_vg[i] : ta.names[i];
			size_t k = 0;
			if (strcmp(vn, vgs[v]->name))
				continue;
			while (k < n_order && order[k] != v)
				k++;
			if (k == n_order)
				order[n_order++] = v;
		}
	for (size_t o = 0; o < n_order; o++) {
		const struct vg *vg = vgs[order[o]];
		int whole = tag_list_has_any(&vg->tags, ta.tags, ta.n_tags);

		for (size_t i = 0; i < ta.n_names; i++)
			if (!strcmp(ta.names[i], vg->name))
				whole = used[i] = 1;

		for (size_t k = 0; k < vg->n_lvs; k++) {
			const struct lv *lv = vg->lvs[k];
			int named = 0;
			struct strbuf full = STRBUF_INIT;

			if (lv_snapshot_segment(lv))
				continue; /* a snapshot is named by its COW LV */
			for (size_t i = 0; i < ta.n_names; i++)
				if (arg_vg[i] && !strcmp(arg_vg[i], vg->name) &&
				    !strcmp(arg_lv[i], lv->name))
					named = used[i] = 1;
			if (!named && !lv_is_user_visible(vg, lv))
				continue;
			/* lvm2 leaves a snapshot's activation to its origin
			 * when it takes a whole VG (a sparse snapshot's hidden
			 * origin is reached through the snapshot) */
			if (!named && whole && activating && lv_is_cow(vg, lv) &&
			    !lv_virtual_origin_of(vg, lv))
				continue;
			if (named || whole || tag_list_has_any(&lv->tags, ta.tags, ta.n_tags)) {
				strbuf_addf(&full, "%s/%s", vg->name, lv->name);
				name_list_add(out, full.buf, !named);
			}
			strbuf_release(&full);
		}
	}
	/* the names no VG answered: the command's own error; with tags,
	 * lvm2 passes over those whose VG does not exist at all */
	for (size_t i = 0; i < ta.n_names; i++) {
		int vg_known = 0;
		if (used[i])
			continue;
		for (size_t v = 0; v < n_vgs && !vg_known; v++)
			vg_known = arg_vg[i] ? !strcmp(arg_vg[i], vgs[v]->name) : 1;
		if (vg_known && strchr(ta.names[i], '/')) {
			name_list_add(out, ta.names[i], 0);
		} else if (!ta.n_tags || !strchr(ta.names[i], '/')) {
			log_error("Volume group \"%s\" not found.",
			          arg_vg[i] ? arg_vg[i] : ta.names[i]);
			out->failed = 1;
		}
	}
	for (size_t i = 0; i < ta.n_names; i++) {
		free(arg_vg[i]);
		free(arg_lv[i]);
	}
	free(arg_vg);
	free(arg_lv);
	free(used);
	free(order);
	tool_free_vgs(vgs, n_vgs);
	tag_args_release(&ta);
	return EXIT_DONE;
}

void name_list_add(struct name_list *l, const char *name, int by_tag)
{
	l->names = xrealloc(l->names, (l->n + 1) * sizeof(*l->names));
	l->by_tag = xrealloc(l->by_tag, (l->n + 1) * sizeof(*l->by_tag));
	l->names[l->n] = xstrdup(name);
	l->by_tag[l->n++] = by_tag;
}

void name_list_release(struct name_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	free(l->by_tag);
	memset(l, 0, sizeof(*l));
}
