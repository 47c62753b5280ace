/* lvmconfig's output over the settings table (lvmconfig.h). */
#include "config/lvmconfig.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "metadata/names.h"
#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/xalloc.h"

/* The sections vgtool has settings in were all in lvm2's first release. */
#define SECTION_SINCE "1.0.0"

static const char *const type_names[] = {
    [LVMCONFIG_CURRENT] = "current", [LVMCONFIG_DEFAULT] = "default",
    [LVMCONFIG_DIFF] = "diff",       [LVMCONFIG_FULL] = "full",
    [LVMCONFIG_LIST] = "list",       [LVMCONFIG_MISSING] = "missing",
    [LVMCONFIG_NEW] = "new",
};

int lvmconfig_type_parse(const char *name, enum lvmconfig_type *out)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (!strcmp(name, type_names[i])) {
			*out = (enum lvmconfig_type)i;
			return 0;
		}
	return -1;
}

/* What one setting shows under a table type: whether it is there at all,
 * its value and whether that value is commented out. */
struct shown {
	int included;
	int commented;
	int configured; /* the value comes from a configuration file */
	const struct cfg_value *value;
};

/* The default of `s` as a value, in storage the caller provides. */
static const struct cfg_value *default_value(const struct setting *s, struct cfg_value *v,
                                             struct cfg_value *item)
{
	memset(v, 0, sizeof(*v));
	switch (s->type) {
	case SETTING_BOOL:
	case SETTING_INT:
		v->type = CFG_INT;
		v->i = s->def;
		break;
	case SETTING_STRING:
		v->type = CFG_STRING;
		v->s = (char *)s->def_str;
		break;
	case SETTING_STRINGS:
		memset(item, 0, sizeof(*item));
		item->type = CFG_STRING;
		item->s = (char *)s->def_str;
		v->type = CFG_LIST;
		v->n_items = 1;
		v->items = item;
		break;
	}
	return v;
}

struct writer {
	const struct lvmconfig_opts *o;
	const struct setting_layers *l;
	const struct cfg_node *front; /* the front of the cascade */
	struct strbuf *out;
	/* storage for a default value */
	struct cfg_value def, def_item;
};

static void show(struct writer *w, const struct setting *s, struct shown *sh)
{
	const struct lvmconfig_opts *o = w->o;
	const struct cfg_node *n = setting_node(w->l, (enum setting_id)(s - settings), NULL);
	uint32_t since = setting_version(s->since);

	memset(sh, 0, sizeof(*sh));
	if ((o->atversion && since > o->atversion) || (o->ignore_advanced && s->advanced))
		return;
	sh->value = default_value(s, &w->def, &w->def_item);
	sh->commented = 1;
	switch (o->type) {
	case LVMCONFIG_CURRENT:
	case LVMCONFIG_DEFAULT:
	case LVMCONFIG_LIST:
		sh->included = 1;
		break;
	case LVMCONFIG_NEW:
		sh->included = since >= o->sinceversion;
		break;
	case LVMCONFIG_MISSING:
		/* as lvm2: missing from the front of the cascade (--config when
		 * given), unlike diff and full, which see it all */
		sh->included = !(w->front && cfg_find(w->front, s->path));
		break;
	case LVMCONFIG_FULL:
		sh->included = 1;
		sh->commented = 0;
		if (n) {
			sh->value = &n->v;
			sh->configured = 1;
		}
		break;
	case LVMCONFIG_DIFF: /* by the configured tree: write_diff_section */
		break;
	}
}

static void indent(struct strbuf *out, unsigned depth)
{
	for (unsigned i = 0; i < depth; i++)
		strbuf_addch(out, '\t');
}

static void comment_line(struct strbuf *out, unsigned depth, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void comment_line(struct strbuf *out, unsigned depth, const char *fmt, ...)
{
	va_list ap;

	indent(out, depth);
	strbuf_addstr(out, "# ");
	va_start(ap, fmt);
	strbuf_vaddf(out, fmt, ap);
	va_end(ap);
	strbuf_addch(out, '\n');
}

/* The comment block above a setting (lvmconfig.h). */
static void setting_comments(struct writer *w, const struct setting *s, unsigned depth,
                             int configured)
{
	const struct lvmconfig_opts *o = w->o;

	if (o->summary || o->comments) {
		strbuf_addch(w->out, '\n');
		comment_line(w->out, depth, "Configuration option %s.", s->path);
		comment_line(w->out, depth, "%s", s->summary);
		for (const char *p = o->comments ? s->more : NULL; p && *p;) {
			const char *nl = strchr(p, '\n');
			int len = nl ? (int)(nl - p) : (int)strlen(p);

			comment_line(w->out, depth, "%.*s", len, p);
			p = nl ? nl + 1 : NULL;
		}
		if (s->advanced)
			comment_line(w->out, depth, "This configuration option is advanced.");
		comment_line(w->out, depth,
		             "This configuration option has an automatic default value.");
		if (o->type == LVMCONFIG_FULL && configured)
			comment_line(w->out, depth,
			             "Value defined in existing configuration has "
			             "been used for this setting.");
	}
	if (o->versions)
		comment_line(w->out, depth, "Available since version %s.", s->since);
}

static void section_comments(struct writer *w, const struct setting_section *sec)
{
	if (w->o->summary || w->o->comments) {
		strbuf_addch(w->out, '\n');
		comment_line(w->out, 0, "Configuration section %s.", sec->name);
		comment_line(w->out, 0, "%s", sec->summary);
	}
	if (w->o->versions)
		comment_line(w->out, 0, "Available since version %s.", SECTION_SINCE);
}

/* `configured`: the value was read from a configuration (not a
 * default), where lvm2 writes a list of one item as that item (its
 * parser marks no list as one; its defaults are). */
static void value_line(struct writer *w, const char *key, const struct cfg_value *v, unsigned depth,
                       int commented, int configured)
{
	if (configured && v->type == CFG_LIST && v->n_items == 1)
		v = &v->items[0];
	indent(w->out, depth);
	if (commented)
		strbuf_addstr(w->out, "# ");
	if (!w->o->values_only) {
		strbuf_addstr(w->out, key);
		strbuf_addstr(w->out, w->o->spaces ? " = " : "=");
	}
	cfg_emit_value(v, w->o->spaces, w->out);
	strbuf_addch(w->out, '\n');
}

/* One setting of a table type, at `depth`; 0 when it is not shown. */
static int write_setting(struct writer *w, const struct setting *s, unsigned depth)
{
	struct shown sh;

	show(w, s, &sh);
	if (!sh.included)
		return 0;
	if (w->o->type == LVMCONFIG_LIST) {
		strbuf_addstr(w->out, s->path);
		if (w->o->summary)
			strbuf_addf(w->out, " - %s ", s->summary);
		if (w->o->versions)
			strbuf_addf(w->out, "%s[%s]", w->o->summary ? "" : " - ", s->since);
		strbuf_addch(w->out, '\n');
		return 1;
	}
	setting_comments(w, s, depth, sh.configured);
	value_line(w, setting_key(s), sh.value, depth, sh.commented, sh.configured);
	return 1;
}

/* A section of a table type with the settings shown in it; 0 when none
 * is. */
static int write_section(struct writer *w, const struct setting_section *sec)
{
	size_t len = strlen(sec->name), at = w->out->len, n = 0;

	if (w->o->type != LVMCONFIG_LIST) {
		section_comments(w, sec);
		strbuf_addf(w->out, "%s {\n", sec->name);
	}
	for (size_t i = 0; i < SET_COUNT; i++)
		if (setting_section_len(&settings[i]) == len &&
		    !strncmp(settings[i].path, sec->name, len))
			n += (size_t)write_setting(w, &settings[i],
			                           w->o->type == LVMCONFIG_LIST ? 0 : 1);
	if (!n) {
		strbuf_setlen(w->out, at);
		return 0;
	}
	if (w->o->type != LVMCONFIG_LIST)
		strbuf_addstr(w->out, "}\n");
	return 1;
}

/* --- CURRENT: a tree as written --- */

static const struct setting *setting_at(const char *section, const char *key)
{
	const struct setting *found = NULL;
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", section, key);
	found = setting_find(path.buf);
	strbuf_release(&path);
	return found;
}

/* Node `n` of the written tree; `section` is the name of the top-level
 * section it is in (NULL at the top). */
static void write_node(struct writer *w, const struct cfg_node *n, unsigned depth,
                       const char *section)
{
	if (n->v.type == CFG_COMMENT || !n->key)
		return;
	if (n->v.type == CFG_SECTION) {
		const struct setting_section *sec = depth ? NULL : setting_section_find(n->key);

		if (sec)
			section_comments(w, sec);
		indent(w->out, depth);
		strbuf_addf(w->out, "%s {\n", n->key);
		for (const struct cfg_node *c = n->child; c; c = c->next)
			write_node(w, c, depth + 1, section ? section : n->key);
		indent(w->out, depth);
		strbuf_addstr(w->out, "}\n");
		return;
	}
	if (section && depth == 1) {
		const struct setting *s = setting_at(section, n->key);
		if (s)
			setting_comments(w, s, depth, 0);
	}
	value_line(w, n->key, &n->v, depth, 0, 1);
}

/* The node of `tree` at `path`, as lvm2 finds it: a leading '/' is
 * skipped, an empty step (a trailing '/') finds nothing. */
static const struct cfg_node *find_path(const struct cfg_node *tree, const char *path)
{
	while (*path == '/')
		path++;
	if (!*path || path[strlen(path) - 1] == '/' || strstr(path, "//"))
		return NULL;
	return tree ? cfg_find(tree, path) : NULL;
}

static int write_current_path(struct writer *w, const struct cfg_node *tree, const char *path)
{
	const struct cfg_node *n = find_path(tree, path);
	char *section;
	const char *slash;

	if (!n)
		return 0;
	while (*path == '/')
		path++;
	slash = strchr(path, '/');
	section = slash ? xstrndup(path, (size_t)(slash - path)) : NULL;
	/* a setting named alone: its comments, then "key=value" at the top */
	if (n->v.type != CFG_SECTION && section && !strchr(slash + 1, '/')) {
		const struct setting *s = setting_find(path);
		if (s)
			setting_comments(w, s, 0, 0);
		value_line(w, n->key, &n->v, 0, 0, 1);
	} else {
		write_node(w, n, 0, section);
	}
	free(section);
	return 1;
}

/* --- the table types, by path --- */

static int write_table_path(struct writer *w, const char *path)
{
	const struct setting_section *sec;
	const struct setting *s;

	while (*path == '/')
		path++;
	if ((sec = setting_section_find(path)))
		return write_section(w, sec);
	if ((s = setting_find(path)))
		return write_setting(w, s, 0);
	return 0;
}

/* --- DIFF: the configured tree, in its own order, as lvm2 walks it --- */

/* A node of section `sec` that is a setting configured to other than its
 * default, or NULL. */
static const struct setting *differs(const char *sec, const struct cfg_node *n)
{
	const struct setting *s =
	    n->key && n->v.type != CFG_SECTION ? setting_at(sec, n->key) : NULL;
	return s && !setting_value_is_default(s, &n->v) ? s : NULL;
}

static void write_diff_line(struct writer *w, const struct setting *s, const struct cfg_node *n,
                            unsigned depth)
{
	setting_comments(w, s, depth, 1);
	value_line(w, n->key, &n->v, depth, 0, 1);
}

/* Section `n` of the merged tree with its differing settings; 0 when it
 * has none. */
static int write_diff_section(struct writer *w, const struct cfg_node *n)
{
	const struct setting_section *sec = setting_section_find(n->key);
	size_t at = w->out->len, shown = 0;

	if (!sec || n->v.type != CFG_SECTION)
		return 0;
	section_comments(w, sec);
	strbuf_addf(w->out, "%s {\n", n->key);
	for (const struct cfg_node *c = n->child; c; c = c->next) {
		const struct setting *s = differs(n->key, c);
		if (s) {
			write_diff_line(w, s, c, 1);
			shown++;
		}
	}
	if (!shown) {
		strbuf_setlen(w->out, at);
		return 0;
	}
	strbuf_addstr(w->out, "}\n");
	return 1;
}

/* As lvm2: a path the configuration has is found, even when what it
 * holds is the default (and nothing is printed). */
static int write_diff_path(struct writer *w, const struct cfg_node *merged, const char *path)
{
	const struct cfg_node *n = find_path(merged, path);
	const struct setting *s;

	if (!n)
		return 0;
	if (n->v.type == CFG_SECTION) {
		if (n->parent == merged)
			write_diff_section(w, n);
		return 1;
	}
	while (*path == '/')
		path++;
	if ((s = setting_find(path)) && !setting_value_is_default(s, &n->v))
		write_diff_line(w, s, n, 0);
	return 1;
}

static const char preamble[] =
    "# vgtool's configuration file, in lvm2's syntax (see vgtool.conf(5)).\n"
    "#\n"
    "# vgtool reads $VGTOOL_SYSTEM_DIR/vgtool.conf (default /etc/vgtool); a\n"
    "# command's --config 'section { key = value }' overrides it key by key.\n"
    "# A few settings that vgtool and lvm2 must agree on are also taken from\n"
    "# lvm2's lvm.conf when this file does not set them.\n"
    "#\n"
    "# Each setting below shows its default, commented out.  `vgtool lvmconfig`\n"
    "# shows the configuration in effect (--typeconfig full) or what differs\n"
    "# from the defaults (--typeconfig diff).\n"
    "\n";

size_t lvmconfig_write(const struct lvmconfig_opts *o, const struct cfg_node *tree,
                       const struct setting_layers *l, char *const *paths, size_t n_paths,
                       struct strbuf *out)
{
	struct writer w = {.o = o, .l = l, .front = tree, .out = out};
	size_t missing = 0;

	/* diff walks everything configured, in the order it was written */
	struct cfg_node *merged = o->type == LVMCONFIG_DIFF ? lvmconfig_merged(l) : NULL;

	if (o->preamble)
		strbuf_addstr(out, preamble);
	for (size_t i = 0; i < n_paths; i++) {
		int found = o->type == LVMCONFIG_CURRENT ? write_current_path(&w, tree, paths[i])
		            : merged                     ? write_diff_path(&w, merged, paths[i])
		                                         : write_table_path(&w, paths[i]);
		if (!found) {
			log_error("Configuration node %s not found", paths[i]);
			missing++;
		}
	}
	if (!n_paths && o->type == LVMCONFIG_CURRENT) {
		for (const struct cfg_node *c = tree ? tree->child : NULL; c; c = c->next)
			write_node(&w, c, 0, NULL);
	} else if (!n_paths && merged) {
		for (const struct cfg_node *c = merged->child; c; c = c->next)
			write_diff_section(&w, c);
	} else if (!n_paths) {
		for (size_t i = 0; i < n_setting_sections; i++)
			write_section(&w, &setting_sections[i]);
	}
	cfg_free(merged);
	return missing;
}

struct cfg_node *lvmconfig_merged(const struct setting_layers *l)
{
	struct cfg_node *root = cfg_new_root();

	if (l->vgtool)
		cfg_merge(root, l->vgtool);
	for (size_t i = 0; i < SET_COUNT; i++) {
		const struct setting *s = &settings[i];
		enum setting_source from;
		const struct cfg_node *layer = setting_list_layer(l, (enum setting_id)i, &from);
		const struct cfg_node *n;
		struct cfg_node *section;
		char *name;

		if (s->lvm_conf == SETTING_VGTOOL_ONLY || from != SETTING_FROM_LVM_CONF ||
		    !(n = cfg_find(layer, s->path)))
			continue;
		name = xstrndup(s->path, setting_section_len(s));
		section = (struct cfg_node *)cfg_find(root, name);
		if (!section || section->v.type != CFG_SECTION)
			section = cfg_add_section(root, name);
		cfg_add_copy(section, n);
		free(name);
	}
	return root;
}

/* --- --validate --- */

static const char *type_wanted(enum setting_type t)
{
	switch (t) {
	case SETTING_BOOL:
		return "a boolean (0, 1, y, n, yes, no, on, off, true or false)";
	case SETTING_INT:
		return "an integer";
	case SETTING_STRING:
		return "a string";
	case SETTING_STRINGS:
		return "a list of strings";
	}
	return "?";
}

/* What a value is, for a line saying it is not what a setting takes. */
static void type_found(struct strbuf *sb, const struct cfg_value *v)
{
	static const char *const what[] = {[CFG_SECTION] = "a section",
	                                   [CFG_INT] = "the integer ",
	                                   [CFG_FLOAT] = "the decimal number ",
	                                   [CFG_STRING] = "the string ",
	                                   [CFG_LIST] = "the list "};

	if ((size_t)v->type >= sizeof(what) / sizeof(what[0]) || !what[v->type]) {
		strbuf_addstr(sb, "something else");
		return;
	}
	strbuf_addstr(sb, what[v->type]);
	if (v->type != CFG_SECTION)
		cfg_emit_value(v, 0, sb);
}

/* "SOURCE: line L: " (the line when the parser gave one). */
static void where(struct strbuf *sb, const char *source, const struct cfg_node *n)
{
	strbuf_addf(sb, "%s: ", source);
	if (n->line)
		strbuf_addf(sb, "line %u: ", n->line);
}

/* A host tag's subsection of "tags" (config/hosttags.h): a valid name
 * ('@' optional) holding at most a host_list of strings.  `sb` holds
 * "SOURCE: line L: "; the number of problems logged. */
static size_t validate_tag_section(const struct cfg_node *sec, struct strbuf *sb)
{
	size_t problems = 0, at = sb->len;
	const char *tag = sec->key + (sec->key[0] == '@');

	if (name_problem(tag)) {
		/* lvm2's words, as every command says it */
		log_error("%sInvalid tag in config file: %s", sb->buf, sec->key);
		problems++;
	}
	for (const struct cfg_node *k = sec->child; k; k = k->next) {
		static const struct setting host_list = {.path = "tags/<tag>/host_list",
		                                         .type = SETTING_STRINGS};

		if (k->v.type == CFG_COMMENT || !k->key)
			continue;
		strbuf_setlen(sb, at);
		if (strcmp(k->key, "host_list")) {
			log_error("%stags/%s/%s is not a vgtool setting.", sb->buf, sec->key,
			          k->key);
			problems++;
		} else if (!setting_value_fits(&host_list, &k->v)) {
			strbuf_addf(sb, "%s takes %s, not ", host_list.path,
			            type_wanted(host_list.type));
			type_found(sb, &k->v);
			log_error("%s.", sb->buf);
			problems++;
		}
	}
	return problems;
}

size_t lvmconfig_validate(const struct cfg_node *tree, const char *source)
{
	struct strbuf sb = STRBUF_INIT;
	size_t problems = 0;

	for (const struct cfg_node *top = tree ? tree->child : NULL; top; top = top->next) {
		if (top->v.type == CFG_COMMENT || !top->key)
			continue;
		if (top->v.type != CFG_SECTION) {
			strbuf_reset(&sb);
			where(&sb, source, top);
			log_error("%s%s is not in a section: vgtool has no such setting.", sb.buf,
			          top->key);
			problems++;
			continue;
		}
		if (!setting_section_find(top->key)) {
			strbuf_reset(&sb);
			where(&sb, source, top);
			log_error("%ssection %s holds no vgtool setting.", sb.buf, top->key);
			problems++;
			continue;
		}
		for (const struct cfg_node *n = top->child; n; n = n->next) {
			const struct setting *s;

			if (n->v.type == CFG_COMMENT || !n->key)
				continue;
			strbuf_reset(&sb);
			where(&sb, source, n);
			if (!strcmp(top->key, "tags") && n->v.type == CFG_SECTION) {
				problems += validate_tag_section(n, &sb);
			} else if (!(s = setting_at(top->key, n->key))) {
				log_error("%s%s/%s is not a vgtool setting.", sb.buf, top->key,
				          n->key);
				problems++;
			} else if (!setting_value_fits(s, &n->v)) {
				strbuf_addf(&sb, "%s takes %s, not ", s->path,
				            type_wanted(s->type));
				type_found(&sb, &n->v);
				log_error("%s.", sb.buf);
				problems++;
			}
		}
	}
	strbuf_release(&sb);
	return problems;
}
