/* The emitter: a tree back to text, in lvm2's layout (config.h tells the
 * layout and the tests check it against lvm2's own output). */
#include "config/config.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cfg_emit_opts cfg_emit_file = {.indent_tabs = 1, .comments = 1};
const struct cfg_emit_opts cfg_emit_disk = {.indent_tabs = 0, .comments = 0};

/* lvm2 lines comments up at column 40 (COMMENT_TAB 6 in its export.c): a
 * line of W columns gets max(1, 5 - W / 8) tabs. */
#define COMMENT_COLUMN_TABS 5

static int is_plain_key_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("_+.-@:&!", c));
}

static void add_escaped(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

/* A key the parser would read back as the same single key: a plain word,
 * else quoted ('/' included, since an unquoted one would be a path). */
static void add_key(struct strbuf *out, const char *key)
{
	const char *s;

	for (s = key; *s && is_plain_key_char((unsigned char)*s); s++)
		;
	if (*key && !*s)
		strbuf_addstr(out, key);
	else
		add_escaped(out, key);
}

static locale_t c_numeric_locale(void)
{
	/* printf("%f") follows LC_NUMERIC; the text always uses '.'. */
	static locale_t loc;

	if (!loc)
		loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return loc;
}

/* "%f" as lvm2 writes floats, with more decimals when six would not read
 * back as the same double (the parser takes no exponent, so "%g" is out). */
static void add_float(struct strbuf *out, double f)
{
	locale_t loc = c_numeric_locale(), old = loc ? uselocale(loc) : (locale_t)0;
	size_t at = out->len;

	for (int prec = 6;; prec++) {
		strbuf_setlen(out, at);
		strbuf_addf(out, "%.*f", prec, f);
		/* 1100 decimals show any double exactly; stop there. */
		if (prec >= 1100 || strtod(out->buf + at, NULL) == f || f != f)
			break;
	}
	if (loc)
		uselocale(old);
}

static void add_scalar(struct strbuf *out, const struct cfg_value *v)
{
	switch (v->type) {
	case CFG_INT: {
		/* By hand: printf costs more than the rest of a metadata line. */
		char buf[24], *e = buf + sizeof(buf), *b = e;
		uint64_t mag = v->i < 0 ? 0 - (uint64_t)v->i : (uint64_t)v->i;

		do
			*--b = (char)('0' + mag % 10);
		while (mag /= 10);
		if (v->i < 0)
			*--b = '-';
		strbuf_add(out, b, (size_t)(e - b));
		break;
	}
	case CFG_FLOAT:
		add_float(out, v->f);
		break;
	case CFG_STRING:
		add_escaped(out, v->s ? v->s : "");
		break;
	default:
		/* Lists hold scalars only; anything else has no text. */
		strbuf_addstr(out, "\"\"");
		break;
	}
}

static void add_indent(struct strbuf *out, const struct cfg_emit_opts *o, unsigned depth)
{
	for (unsigned i = 0; i < depth * (unsigned)o->indent_tabs; i++)
		strbuf_addch(out, '\t');
}

/* A comment's text on one line: a newline in it would start a line the
 * parser reads as content. */
static void add_comment_text(struct strbuf *out, const char *text)
{
	strbuf_addch(out, '#');
	if (*text)
		strbuf_addch(out, ' ');
	for (; *text; text++)
		strbuf_addch(out, *text == '\n' ? ' ' : *text);
}

/* The comment of node `n`, whose line began at `line_at` in `out`. */
static void add_comment(struct strbuf *out, const struct cfg_emit_opts *o, const struct cfg_node *n,
                        unsigned depth, size_t line_at)
{
	size_t width, tabs;

	if (!n->comment)
		return;
	if (n->flags & CFG_F_COMMENT_VERBATIM) {
		strbuf_addch(out, '\t');
	} else {
		if (!o->comments)
			return;
		/* Columns as lvm2 counts them: 8 per level of indentation
		 * plus the bytes of the text. */
		width = (size_t)depth * (size_t)o->indent_tabs * 8 +
		        (out->len - line_at - (size_t)depth * (size_t)o->indent_tabs);
		tabs = width / 8 < COMMENT_COLUMN_TABS - 1 ? COMMENT_COLUMN_TABS - width / 8 : 1;
		while (tabs--)
			strbuf_addch(out, '\t');
	}
	add_comment_text(out, n->comment);
}

static void emit_list(struct strbuf *out, const struct cfg_emit_opts *o, const struct cfg_node *n,
                      unsigned depth, size_t line_at)
{
	const struct cfg_value *v = &n->v;
	size_t per = n->list_wrap;

	strbuf_addch(out, '[');
	if (!per) {
		for (size_t i = 0; i < v->n_items; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			add_scalar(out, &v->items[i]);
		}
		strbuf_addch(out, ']');
		add_comment(out, o, n, depth, line_at);
		strbuf_addch(out, '\n');
		return;
	}

	/* lvm2's stripes = [ one area a line, "pv0", 0, ... ] */
	add_comment(out, o, n, depth, line_at);
	strbuf_addch(out, '\n');
	for (size_t i = 0; i < v->n_items; i += per) {
		add_indent(out, o, depth + 1);
		for (size_t j = i; j < i + per && j < v->n_items; j++) {
			if (j > i)
				strbuf_addstr(out, ", ");
			add_scalar(out, &v->items[j]);
		}
		if (i + per < v->n_items)
			strbuf_addch(out, ',');
		strbuf_addch(out, '\n');
	}
	add_indent(out, o, depth);
	strbuf_addstr(out, "]\n");
}

static void emit_node(struct strbuf *out, const struct cfg_emit_opts *o, const struct cfg_node *n,
                      unsigned depth)
{
	size_t line_at;

	for (unsigned i = 0; i < n->blank_before; i++)
		strbuf_addch(out, '\n');
	line_at = out->len;
	add_indent(out, o, depth);

	switch (n->v.type) {
	case CFG_COMMENT:
		add_comment_text(out, n->comment ? n->comment : "");
		strbuf_addch(out, '\n');
		break;
	case CFG_SECTION:
		add_key(out, n->key ? n->key : "");
		strbuf_addstr(out, " {");
		add_comment(out, o, n, depth, line_at);
		strbuf_addch(out, '\n');
		for (const struct cfg_node *c = n->child; c; c = c->next)
			emit_node(out, o, c, depth + 1);
		add_indent(out, o, depth);
		strbuf_addstr(out, "}\n");
		break;
	case CFG_LIST:
		add_key(out, n->key ? n->key : "");
		strbuf_addstr(out, " = ");
		emit_list(out, o, n, depth, line_at);
		break;
	default:
		add_key(out, n->key ? n->key : "");
		strbuf_addstr(out, " = ");
		add_scalar(out, &n->v);
		add_comment(out, o, n, depth, line_at);
		strbuf_addch(out, '\n');
		break;
	}

	for (unsigned i = 0; i < n->blank_after; i++)
		strbuf_addch(out, '\n');
}

void cfg_emit(const struct cfg_node *root, const struct cfg_emit_opts *opts, struct strbuf *out)
{
	const struct cfg_emit_opts *o = opts ? opts : &cfg_emit_file;

	if (!root)
		return;
	/* The root (no key) is the file itself: its children at level 0.  Any
	 * other node is written as itself, for showing one section. */
	if (!root->key && root->v.type == CFG_SECTION) {
		for (const struct cfg_node *c = root->child; c; c = c->next)
			emit_node(out, o, c, 0);
	} else {
		emit_node(out, o, root, 0);
	}
}

void cfg_emit_value(const struct cfg_value *v, int spaces, struct strbuf *out)
{
	if (v->type != CFG_LIST) {
		add_scalar(out, v);
		return;
	}
	strbuf_addstr(out, spaces ? "[ " : "[");
	for (size_t i = 0; i < v->n_items; i++) {
		if (i)
			strbuf_addstr(out, spaces ? ", " : ",");
		add_scalar(out, &v->items[i]);
	}
	strbuf_addstr(out, spaces && v->n_items ? " ]" : "]");
}
