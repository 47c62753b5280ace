/* The report engine: field lists, rows, sorting, text and JSON output.
 * See report.h; the byte layout is lvm2's (libdm report), checked by
 * tests/unit/test_report.c and the comparison against lvm2 itself. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "misc/log.h"
#include "misc/xalloc.h"
#include "report/report.h"
#include "report/select.h"

/* lvm2 compares field names without their underscores and ignoring case,
 * so "lvname", "LV_NAME" and "seg_type" are lv_name and segtype. */
static int same_name(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < alen && a[i] == '_')
			i++;
		while (j < blen && b[j] == '_')
			j++;
		if (i == alen || j == blen)
			return i == alen && j == blen;
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j]))
			return 0;
		i++;
		j++;
	}
}

/* Does `name` (len bytes) name the field `id`, with or without the report's
 * prefix ("lv_")? */
static int field_named(const char *id, const char *prefix, const char *name, size_t len)
{
	size_t plen = strlen(prefix), idlen = strlen(id);
	size_t n = 0, i = 0;

	if (same_name(id, idlen, name, len))
		return 1;
	/* The prefix, less its trailing '_', must start the id's canonical
	 * form; what follows must be the name. */
	if (plen && prefix[plen - 1] == '_')
		plen--;
	while (n < plen && i < idlen) {
		if (id[i] == '_') {
			i++;
			continue;
		}
		if (tolower((unsigned char)id[i]) != tolower((unsigned char)prefix[n]))
			return 0;
		i++;
		n++;
	}
	return n == plen && plen && same_name(id + i, idlen - i, name, len);
}

/* The first letter of a name as same_name() sees it, or 0 */
static int first_letter(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] == '_')
		i++;
	return i < len ? tolower((unsigned char)s[i]) : 0;
}

long report_find_field(const struct report_spec *spec, const char *name, size_t len)
{
	int n0, p0;

	if (!len)
		return -1;
	/* A field's own id names it and no field before it (a unit test
	 * holds every table to that), so an exact id is found by comparing
	 * bytes: every command looks up a dozen default names among some
	 * 150 fields. */
	for (size_t i = 0; i < spec->n_fields; i++) {
		const char *id = spec->fields[i].id;
		if (id[0] == name[0] && !strncmp(id, name, len) && !id[len])
			return (long)i;
	}
	/* Otherwise a field can match only if its id begins as the name
	 * does or as the prefix does. */
	n0 = first_letter(name, len);
	p0 = first_letter(spec->prefix, strlen(spec->prefix));
	for (size_t i = 0; i < spec->n_fields; i++) {
		const char *id = spec->fields[i].id;
		int f0 = first_letter(id, strlen(id));
		if (f0 != n0 && f0 != p0)
			continue;
		if (field_named(id, spec->prefix, name, len))
			return (long)i;
	}
	return -1;
}

/* "lv_all", "pv_all"...: a section of the table, as in lvm2's -o help;
 * "all" is the command's own section plus the types of every other field
 * and key asked for (lvm2 collects those first: so lvs -o all shows VG
 * fields too, because lvs sorts by vg_name).  Returns the section's types,
 * RT_ALL_OF_REPORT for "all", or 0. */
#define RT_ALL_OF_REPORT 0x80000000u

static unsigned all_types(const char *name, size_t len)
{
	static const struct {
		const char *name;
		unsigned types;
	} sections[] = {
	    {"all", RT_ALL_OF_REPORT},    {"lv_all", RT_LV},   {"vg_all", RT_VG},
	    {"pv_all", RT_LABEL | RT_PV}, {"seg_all", RT_SEG}, {"pvseg_all", RT_PVSEG},
	};

	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (same_name(sections[i].name, strlen(sections[i].name), name, len))
			return sections[i].types;
	return 0;
}

/* The column list as lvm2 builds it: a list of names, each -o replacing
 * it, or adding to it (+), or taking out (-) the names of the same fields.
 * Names are resolved here and "all" expanded later. */
struct token {
	const char *name;
	size_t len;
	long field;     /* -1 for a section ("all", "lv_all") */
	unsigned types; /* the section's types */
};

struct token_list {
	struct token *v;
	size_t n, alloc;
	int help; /* "help" or "?" was among the names */
	const char *compact; /* the last -o#FIELDS */
};

/* lvm2's two names for its field list, accepted in -o and -O */
static int is_help(const char *name, size_t len)
{
	return (len == 1 && *name == '?') || same_name("help", 4, name, len);
}

/* An unknown field: one line, as every refusal.  lvm2 prints its whole
 * list of fields before that line; vgtool does only when the list was
 * asked for ("-o help,nosuch"). */
static void unknown_field(const struct report_spec *spec, const char *name, int len, int help_asked)
{
	if (help_asked)
		report_log_help(spec);
	log_error("Unrecognised field: %.*s", len, name);
}

static void token_push(struct token_list *l, struct token t)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 16;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	l->v[l->n++] = t;
}

/* Resolve a comma-separated list; empty items are skipped, as lvm2 does. */
static int parse_tokens(const struct report_spec *spec, const char *text, struct token_list *out)
{
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, ",");
		struct token t = {p, len, -1, 0};

		if (!len) {
			p++;
			continue;
		}
		if (is_help(p, len)) {
			out->help = 1;
			p += len;
			continue;
		}
		t.field = report_find_field(spec, p, len);
		if (t.field < 0 && !(t.types = all_types(p, len))) {
			unknown_field(spec, p, (int)len, out->help);
			return -1;
		}
		token_push(out, t);
		p += len;
	}
	return 0;
}

static int parse_columns(const struct report_spec *spec, const char *const *opts, size_t n_opts,
                         struct token_list *cols)
{
	if (parse_tokens(spec, spec->columns, cols))
		return -1;
	for (size_t i = 0; i < n_opts; i++) {
		const char *o = opts[i];
		struct token_list drop = {0};

		if (!*o) {
			log_error("Invalid options string: \"\".");
			return -1;
		}
		if (*o == '+') {
			if (parse_tokens(spec, o + 1, cols))
				return -1;
			continue;
		}
		/* lvm2's -o#FIELDS: which columns to leave out when no row has a
		 * value there (replacing report/compact_output_cols) */
		if (*o == '#') {
			cols->compact = o + 1;
			continue;
		}
		if (*o != '-') {
			cols->n = 0;
			if (parse_tokens(spec, o, cols))
				return -1;
			continue;
		}
		if (parse_tokens(spec, o + 1, &drop)) {
			free(drop.v);
			return -1;
		}
		cols->help |= drop.help;
		/* Only single fields are taken out: "-o lv_all -o-lv_uuid" keeps
		 * lv_uuid, as in lvm2. */
		for (size_t d = 0; d < drop.n; d++) {
			size_t k = 0;
			for (size_t c = 0; c < cols->n; c++)
				if (drop.v[d].field < 0 || cols->v[c].field != drop.v[d].field)
					cols->v[k++] = cols->v[c];
			cols->n = k;
		}
		free(drop.v);
	}
	return 0;
}

static int parse_keys(struct report *r, const char *text)
{
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, ",");
		const char *name = p;
		int desc = 0, dup = 0;
		long f;

		if (!len) {
			p++;
			continue;
		}
		if (*name == '+' || *name == '-') {
			desc = *name == '-';
			name++;
		}
		if (name == p + len) {
			log_error("Missing sort field name.");
			return -1;
		}
		if (is_help(name, len - (size_t)(name - p))) {
			r->help = 1;
			p += len;
			continue;
		}
		f = report_find_field(r->spec, name, len - (size_t)(name - p));
		if (f < 0) {
			unknown_field(r->spec, p, (int)len, r->help);
			return -1;
		}
		for (size_t k = 0; k < r->n_keys; k++)
			dup |= r->keys[k].field == (size_t)f;
		if (dup) {
			log_warn("Ignoring duplicate sort field: %s.", r->spec->fields[f].id);
		} else {
			r->keys = xrealloc(r->keys, (r->n_keys + 1) * sizeof(*r->keys));
			r->keys[r->n_keys].field = (size_t)f;
			r->keys[r->n_keys].descending = desc;
			r->n_keys++;
		}
		p += len;
	}
	return 0;
}

/* Marks the columns of the fields `names` lists as compactable.  A name
 * no field has is logged and the report goes on uncompacted, as lvm2's
 * (its exit status unchanged). */
static void compact_given(struct report *r, const char *names)
{
	const char *p = names;

	r->compact = xcalloc(r->n_cols + 1, 1);
	while (*p) {
		size_t len = strcspn(p, ",");
		long f = len ? report_find_field(r->spec, p, len) : -2;

		if (f == -1) {
			log_error("Unrecognised field: %.*s", (int)len, p);
			log_error("Failed to compact given columns in report output.");
			free(r->compact);
			r->compact = NULL;
			return;
		}
		for (size_t c = 0; f >= 0 && c < r->n_cols; c++)
			if (r->cols[c] == (size_t)f)
				r->compact[c] = 1;
		p += len + (p[len] == ',');
	}
}

void report_compact_all(struct report *r)
{
	free(r->compact);
	r->compact = xmalloc(r->n_cols + 1);
	memset(r->compact, 1, r->n_cols + 1);
}

/* Drops each compactable column whose value is empty in every row:
 * its cells go from every row (the sort keys' cells after them move
 * down), as libdevmapper's compaction hides such a field. */
void report_compact(struct report *r)
{
	size_t keep = 0;
	unsigned char *drop;

	if (!r->compact)
		return;
	drop = xcalloc(r->n_cols + 1, 1);
	for (size_t c = 0; c < r->n_cols; c++) {
		drop[c] = r->compact[c];
		for (size_t i = 0; drop[c] && i < r->n_rows; i++)
			drop[c] = !r->rows[i].values[c].len;
	}
	for (size_t i = 0; i < r->n_rows; i++) {
		struct report_cell *v = r->rows[i].values;
		size_t k = 0;
		for (size_t c = 0; c < r->n_need; c++)
			if (c >= r->n_cols || !drop[c])
				v[k++] = v[c];
	}
	for (size_t c = 0; c < r->n_need; c++)
		if (c >= r->n_cols || !drop[c]) {
			if (c < r->n_cols)
				r->cols[keep] = r->cols[c];
			r->need[keep++] = r->need[c];
		}
	{
		size_t last = r->n_cols;
		while (last && drop[last - 1])
			last--;
		r->heading_trail = last < r->n_cols && last;
	}
	r->n_cols -= r->n_need - keep;
	r->n_need = keep;
	free(drop);
	free(r->compact);
	r->compact = NULL;
}

int report_init(struct report *r, const struct report_spec *spec, const char *const *opts,
                size_t n_opts, const char *sort)
{
	struct token_list toks = {0};
	unsigned mentioned = spec->base;
	size_t n = 0;

	memset(r, 0, sizeof(*r));
	strbuf_init(&r->scratch, 0);
	r->spec = spec;
	if (parse_columns(spec, opts, n_opts, &toks) ||
	    parse_keys(r, sort ? sort : spec->sort_keys)) {
		free(toks.v);
		report_free(r);
		return -1;
	}
	for (size_t i = 0; i < toks.n; i++)
		mentioned |= toks.v[i].field >= 0 ? spec->fields[toks.v[i].field].type
		                                  : toks.v[i].types & ~RT_ALL_OF_REPORT;
	for (size_t k = 0; k < r->n_keys; k++)
		mentioned |= spec->fields[r->keys[k].field].type;

	for (size_t i = 0; i < toks.n; i++) {
		unsigned types = toks.v[i].types;

		if (toks.v[i].field >= 0) {
			r->cols = xrealloc(r->cols, (n + 1) * sizeof(*r->cols));
			r->cols[n++] = (size_t)toks.v[i].field;
			continue;
		}
		if (types & RT_ALL_OF_REPORT)
			types = spec->all_types | mentioned;
		for (size_t f = 0; f < spec->n_fields; f++)
			if (spec->fields[f].type & types) {
				r->cols = xrealloc(r->cols, (n + 1) * sizeof(*r->cols));
				r->cols[n++] = f;
			}
	}
	r->n_cols = n;
	r->n_need = r->n_cols + r->n_keys;
	r->need = xcalloc(r->n_need + 1, sizeof(*r->need));
	for (size_t i = 0; i < r->n_cols; i++)
		r->need[i] = r->cols[i];
	for (size_t i = 0; i < r->n_keys; i++)
		r->need[r->n_cols + i] = r->keys[i].field;
	for (size_t i = 0; i < r->n_need; i++)
		r->types |= spec->fields[r->need[i]].type;
	r->help |= toks.help;
	if (toks.compact)
		compact_given(r, toks.compact);
	free(toks.v);
	return r->help ? REPORT_HELP : 0;
}

struct report_chunk {
	struct report_chunk *next;
	size_t used, size;
	max_align_t data[];
};

/* `n` bytes from the report's pool, aligned to `align` (a power of two).  Texts are packed byte
 * to byte: most cells are a few characters, and rounding each to 16 was
 * a third of the memory of `lvs` over ten thousand LVs. */
static void *pool_alloc(struct report *r, size_t n, size_t align)
{
	struct report_chunk *c = r->pool;

	if (c)
		c->used = (c->used + align - 1) & ~(align - 1);
	if (!c || c->used > c->size || c->size - c->used < n) {
		/* a 64 KiB chunk holds some 200 rows of lvs */
		size_t size = n > 65536 ? n : 65536;
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = r->pool;
		r->pool = c;
	}
	c->used += n;
	return (char *)c->data + c->used - n;
}

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->n_rows; i++)
		for (size_t k = 0; k < r->n_need; k++)
			free(r->rows[i].values[k].sort);
	while (r->pool) {
		struct report_chunk *next = r->pool->next;
		free(r->pool);
		r->pool = next;
	}
	strbuf_release(&r->scratch);
	selection_free(r->selection);
	free(r->rows);
	free(r->cols);
	free(r->keys);
	free(r->need);
	free(r->compact);
	memset(r, 0, sizeof(*r));
}

void report_set_selection(struct report *r, struct selection *sel)
{
	selection_free(r->selection);
	r->selection = sel;
	r->shows_selected = 0;
	for (size_t i = 0; i < r->n_cols; i++)
		r->shows_selected |= !r->spec->fields[r->cols[i]].get;
}

void report_add_row(struct report *r, const struct report_object *o)
{
	struct report_row *row;
	int selected;

	/* -o help: the objects are visited (a VG not found is still an
	 * error, as in lvm2), none is shown */
	if (r->help)
		return;
	selected = selection_match(r->selection, o);
	if (!selected && !r->shows_selected)
		return;
	if (r->n_rows == r->alloc_rows) {
		r->alloc_rows = r->alloc_rows ? 2 * r->alloc_rows : 16;
		r->rows = xrealloc(r->rows, r->alloc_rows * sizeof(*r->rows));
	}
	row = &r->rows[r->n_rows++];
	row->values =
	    pool_alloc(r, (r->n_need + 1) * sizeof(*row->values), _Alignof(struct report_cell));
	for (size_t i = 0; i < r->n_need; i++) {
		struct field_value v = {.text = r->scratch};
		struct report_cell *c = &row->values[i];
		char *t;

		strbuf_reset(&v.text);
		if (r->spec->fields[r->need[i]].get) {
			r->spec->fields[r->need[i]].get(o, &v);
		} else {
			strbuf_addch(&v.text, selected ? '1' : '0');
			v.num = (uint64_t)selected;
		}
		if (v.binary && r->binary) {
			strbuf_reset(&v.text);
			strbuf_addstr(&v.text, v.num == UINT64_MAX ? "-1" : v.num ? "1" : "0");
		}
		r->scratch = v.text; /* the getter may have grown it */
		/* an empty text is "" in the pool too: cells are never NULL */
		t = pool_alloc(r, v.text.len + 1, 1);
		memcpy(t, v.text.buf ? v.text.buf : "", v.text.len);
		t[v.text.len] = '\0';
		c->text = t;
		c->len = v.text.len;
		c->num = v.num;
		c->sort = v.sort;
	}
}

static int numeric(unsigned kind)
{
	return kind == FK_NUM || kind == FK_SNUM || kind == FK_SIZE || kind == FK_BIN ||
	       kind == FK_TIME || kind == FK_PCT;
}

static int compare_rows(const struct report *r, const struct report_row *a,
                        const struct report_row *b)
{
	for (size_t k = 0; k < r->n_keys; k++) {
		const struct report_cell *va = &a->values[r->n_cols + k];
		const struct report_cell *vb = &b->values[r->n_cols + k];
		int cmp;

		if (numeric(r->spec->fields[r->keys[k].field].kind))
			cmp = va->num < vb->num ? -1 : va->num > vb->num;
		else
			cmp =
			    strcmp(va->sort ? va->sort : va->text, vb->sort ? vb->sort : vb->text);
		if (cmp)
			return r->keys[k].descending ? -cmp : cmp;
	}
	return 0;
}

/* Merge sort: stable, so rows with equal keys keep the order they were
 * added in (an LV's segments stay in order, as with lvm2). */
static void merge_sort(const struct report *r, struct report_row *v, struct report_row *tmp,
                       size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(r, v, tmp, mid);
	merge_sort(r, v + mid, tmp, n - mid);
	/* halves already in order (rows often come sorted, as LVs do by
	 * name): one comparison instead of a merge */
	if (compare_rows(r, &v[mid], &v[mid - 1]) >= 0)
		return;
	while (i < mid && j < n)
		tmp[k++] = compare_rows(r, &v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

void report_sort(struct report *r)
{
	struct report_row *tmp;

	if (!r->n_keys || r->n_rows < 2)
		return;
	tmp = xmalloc(r->n_rows * sizeof(*tmp));
	merge_sort(r, r->rows, tmp, r->n_rows);
	free(tmp);
}

/* The fields the engine itself answers to, listed last as lvm2 does. */
static const struct {
	const char *id, *description;
} special_fields[] = {
    {"help", "Show help."},
    {"?", "Show help."},
};
#define N_SPECIAL (sizeof(special_fields) / sizeof(special_fields[0]))

static void help_heading(struct strbuf *out, const char *title)
{
	size_t len = strlen(title) + strlen(" Fields");

	strbuf_addf(out, "%s Fields\n", title);
	while (len--)
		strbuf_addch(out, '-');
	strbuf_addch(out, '\n');
}

/* lvm2's layout: the ids in one column as wide as the longest id (or
 * section's "<prefix>all"), a blank line (" ") after each section. */
void report_help(const struct report_spec *spec, struct strbuf *out)
{
	size_t width = 0, sect = 0;

	for (size_t f = 0; f < spec->n_fields; f++)
		if (strlen(spec->fields[f].id) > width)
			width = strlen(spec->fields[f].id);
	for (size_t i = 0; i < N_SPECIAL; i++)
		if (strlen(special_fields[i].id) > width)
			width = strlen(special_fields[i].id);
	for (size_t i = 0; i < spec->n_sections; i++)
		if (strlen(spec->sections[i].prefix) + 3 > width)
			width = strlen(spec->sections[i].prefix) + 3;

	for (size_t f = 0; f < spec->n_fields; f++) {
		const struct report_section *s =
		    sect < spec->n_sections ? &spec->sections[sect] : NULL;

		/* the engine's own field goes with the special ones */
		if (!spec->fields[f].get)
			continue;
		if (s && !strcmp(spec->fields[f].id, s->first)) {
			if (sect)
				strbuf_addstr(out, " \n");
			help_heading(out, s->title);
			strbuf_addf(out, "  %sall%-*s - All fields in this section.\n", s->prefix,
			            (int)(width - 3 - strlen(s->prefix)), "");
			sect++;
		}
		strbuf_addf(out, "  %-*s - %s\n", (int)width, spec->fields[f].id,
		            spec->help ? spec->help[f].text : "");
	}
	strbuf_addstr(out, " \n");
	help_heading(out, "Special");
	for (size_t f = 0; f < spec->n_fields; f++)
		if (!spec->fields[f].get)
			strbuf_addf(out, "  %-*s - %s\n", (int)width, spec->fields[f].id,
			            spec->help ? spec->help[f].text : "");
	for (size_t i = 0; i < N_SPECIAL; i++)
		strbuf_addf(out, "  %-*s - %s\n", (int)width, special_fields[i].id,
		            special_fields[i].description);
	strbuf_addstr(out, " \n");
}

void report_log_help(const struct report_spec *spec)
{
	struct strbuf help = STRBUF_INIT;
	char *line, *nl;

	report_help(spec, &help);
	for (line = help.buf; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		log_warn("%s", line);
	}
	strbuf_release(&help);
}

void report_json_escape(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *s);
	}
}

static int right_aligned(unsigned kind)
{
	return kind == FK_NUM || kind == FK_SNUM || kind == FK_SIZE || kind == FK_BIN;
}

/* lvm2 writes LVM2_<FIELD ID IN CAPITALS>= before each value with
 * --nameprefixes: the names udev rules and shell scripts import. */
static void add_name_prefix(struct strbuf *out, const char *id)
{
	strbuf_addstr(out, "LVM2_");
	for (; *id; id++)
		strbuf_addch(out, (char)toupper((unsigned char)*id));
	strbuf_addch(out, '=');
}

void report_write_json_array(const struct report *r, const struct report_format *f,
                             struct strbuf *out)
{
	/* lvm2 2.03 opens each value with '"' and, with --nameprefixes,
	 * closes it with its quote for name=value pairs, or not at all with
	 * --unquoted: broken JSON, kept because it is what lvm2 prints. */
	const char *close = !f->prefixes ? "\"" : f->unquoted ? "" : "'";

	strbuf_addf(out, "              \"%s\": [\n", r->spec->name);
	for (size_t i = 0; i < r->n_rows; i++) {
		strbuf_addstr(out, "                  {");
		for (size_t c = 0; c < r->n_cols; c++) {
			if (c)
				strbuf_addstr(out, ", ");
			strbuf_addf(out, "\"%s\":\"", r->spec->fields[r->cols[c]].id);
			report_json_escape(out, r->rows[i].values[c].text);
			strbuf_addstr(out, close);
		}
		strbuf_addstr(out, i + 1 < r->n_rows ? "},\n" : "}\n");
	}
	strbuf_addstr(out, "              ]\n");
}

static void write_json(const struct report *r, const struct report_format *f, struct strbuf *out)
{
	strbuf_addstr(out, "  {\n      \"report\": [\n          {\n");
	report_write_json_array(r, f, out);
	strbuf_addstr(out, "          }\n      ]\n  }\n");
}

/* `n` spaces (as printf's field width pads, counting bytes) */
static void pad(struct strbuf *out, size_t n)
{
	static const char spaces[] = "                                ";
	while (n) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		strbuf_add(out, spaces, k);
		n -= k;
	}
}

/* How one report is laid out: the format's options resolved once. */
struct layout {
	const char *sep;
	int aligned, prefixes, quoted;
};

/* One value: with its name prefix and quotes, padded to `width` on the
 * side its kind is aligned to when the layout is aligned. */
static void write_cell(const struct report *r, const struct layout *l, size_t c,
                       const struct report_cell *cell, size_t width, struct strbuf *out)
{
	const struct report_field *fd = &r->spec->fields[r->cols[c]];
	size_t fill = l->aligned && width > cell->len ? width - cell->len : 0;

	if (l->prefixes) {
		add_name_prefix(out, fd->id);
		if (l->quoted)
			strbuf_addch(out, '\'');
	}
	/* padded by hand: a report of ten thousand LVs is a hundred
	 * thousand cells */
	if (fill && right_aligned(fd->kind)) {
		pad(out, fill);
		strbuf_add(out, cell->text, cell->len);
	} else {
		strbuf_add(out, cell->text, cell->len);
		pad(out, fill);
	}
	if (l->prefixes && l->quoted)
		strbuf_addch(out, '\'');
}

/* A column's width over rows [from, to): lvm2 starts at the field's own
 * width (which may cut the heading short, "InitImgSyn") and widens it to
 * the longest value. */
static size_t column_width(const struct report *r, size_t c, size_t from, size_t to)
{
	const struct report_field *fd = &r->spec->fields[r->cols[c]];
	size_t w = fd->width ? fd->width : strlen(fd->heading);

	for (size_t i = from; i < to; i++)
		if (r->rows[i].values[c].len > w)
			w = r->rows[i].values[c].len;
	return w;
}

static void write_headings(const struct report *r, const struct layout *l, const size_t *width,
                           struct strbuf *out)
{
	strbuf_addstr(out, "  ");
	for (size_t c = 0; c < r->n_cols; c++) {
		const char *h = r->spec->fields[r->cols[c]].heading;

		if (c)
			strbuf_addstr(out, l->sep);
		if (l->aligned)
			strbuf_addf(out, "%-*.*s", (int)width[c], (int)width[c], h);
		else
			strbuf_addstr(out, h);
	}
	if (r->heading_trail)
		strbuf_addstr(out, l->sep);
	strbuf_addch(out, '\n');
}

static void write_row(const struct report *r, const struct layout *l, size_t i, const size_t *width,
                      struct strbuf *out)
{
	strbuf_addstr(out, "  ");
	for (size_t c = 0; c < r->n_cols; c++) {
		if (c)
			strbuf_addstr(out, l->sep);
		write_cell(r, l, c, &r->rows[i].values[c], width[c], out);
	}
	strbuf_addch(out, '\n');
}

/* --rows: a line per field, its heading first, then its value in every
 * row. */
static void write_transposed(const struct report *r, const struct layout *l, int headings,
                             const size_t *width, struct strbuf *out)
{
	for (size_t c = 0; c < r->n_cols; c++) {
		strbuf_addstr(out, "  ");
		if (headings) {
			strbuf_addstr(out, r->spec->fields[r->cols[c]].heading);
			strbuf_addstr(out, l->sep);
		}
		for (size_t i = 0; i < r->n_rows; i++) {
			if (i)
				strbuf_addstr(out, l->sep);
			write_cell(r, l, c, &r->rows[i].values[c], width[c], out);
		}
		strbuf_addch(out, '\n');
	}
}

void report_write(const struct report *r, const struct report_format *f, struct strbuf *out)
{
	struct layout l;
	size_t *width;

	if (f->json) {
		write_json(r, f, out);
		return;
	}
	if (!r->n_rows)
		return;

	/* lvm2 aligns unless given a separator, or --aligned; never with
	 * name prefixes, nor (2.03's libdm) a field's values on one line */
	l.sep = f->separator ? f->separator : " ";
	l.aligned = (!f->separator || f->aligned) && !f->prefixes && !f->rows;
	l.prefixes = f->prefixes;
	l.quoted = !f->unquoted;
	width = xcalloc(r->n_cols + 1, sizeof(*width));

	if (f->unbuffered && !f->rows) {
		/* Each row is printed as it comes, so aligned to itself; the
		 * headings go out with the first row's widths. */
		for (size_t i = 0; i < r->n_rows; i++) {
			for (size_t c = 0; c < r->n_cols; c++)
				width[c] = column_width(r, c, i, i + 1);
			if (!i && f->headings)
				write_headings(r, &l, width, out);
			write_row(r, &l, i, width, out);
		}
		free(width);
		return;
	}
	for (size_t c = 0; c < r->n_cols; c++)
		width[c] = column_width(r, c, 0, r->n_rows);
	if (f->rows) {
		write_transposed(r, &l, f->headings, width, out);
	} else {
		if (f->headings)
			write_headings(r, &l, width, out);
		for (size_t i = 0; i < r->n_rows; i++)
			write_row(r, &l, i, width, out);
	}
	free(width);
}
