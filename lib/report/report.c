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
};

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
		t.field = report_find_field(spec, p, len);
		if (t.field < 0 && !(t.types = all_types(p, len))) {
			log_error("Unrecognised field: %.*s", (int)len, p);
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
		f = report_find_field(r->spec, name, len - (size_t)(name - p));
		if (f < 0) {
			log_error("Unrecognised field: %.*s", (int)len, p);
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
	free(toks.v);
	r->n_cols = n;
	r->n_need = r->n_cols + r->n_keys;
	r->need = xcalloc(r->n_need + 1, sizeof(*r->need));
	for (size_t i = 0; i < r->n_cols; i++)
		r->need[i] = r->cols[i];
	for (size_t i = 0; i < r->n_keys; i++)
		r->need[r->n_cols + i] = r->keys[i].field;
	for (size_t i = 0; i < r->n_need; i++)
		r->types |= spec->fields[r->need[i]].type;
	return 0;
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
	free(r->rows);
	free(r->cols);
	free(r->keys);
	free(r->need);
	memset(r, 0, sizeof(*r));
}

void report_add_row(struct report *r, const struct report_object *o)
{
	struct report_row *row;

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
		r->spec->fields[r->need[i]].get(o, &v);
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

static void write_json(const struct report *r, struct strbuf *out)
{
	strbuf_addf(out, "  {\n      \"report\": [\n          {\n              \"%s\": [\n",
	            r->spec->name);
	for (size_t i = 0; i < r->n_rows; i++) {
		strbuf_addstr(out, "                  {");
		for (size_t c = 0; c < r->n_cols; c++) {
			if (c)
				strbuf_addstr(out, ", ");
			strbuf_addf(out, "\"%s\":\"", r->spec->fields[r->cols[c]].id);
			report_json_escape(out, r->rows[i].values[c].text);
			strbuf_addch(out, '"');
		}
		strbuf_addstr(out, i + 1 < r->n_rows ? "},\n" : "}\n");
	}
	strbuf_addstr(out, "              ]\n          }\n      ]\n  }\n");
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

void report_write(const struct report *r, const struct report_format *f, struct strbuf *out)
{
	const char *sep = f->separator ? f->separator : " ";
	int aligned = !f->separator;
	size_t *width;

	if (f->json) {
		write_json(r, out);
		return;
	}
	if (!r->n_rows)
		return;

	/* lvm2 starts a column at the field's own width (which may cut the
	 * heading short, "InitImgSyn") and widens it to the longest value. */
	width = xcalloc(r->n_cols + 1, sizeof(*width));
	for (size_t c = 0; c < r->n_cols; c++) {
		const struct report_field *fd = &r->spec->fields[r->cols[c]];

		width[c] = fd->width ? fd->width : strlen(fd->heading);
		for (size_t i = 0; i < r->n_rows; i++)
			if (r->rows[i].values[c].len > width[c])
				width[c] = r->rows[i].values[c].len;
	}
	if (f->headings) {
		strbuf_addstr(out, "  ");
		for (size_t c = 0; c < r->n_cols; c++) {
			const char *h = r->spec->fields[r->cols[c]].heading;

			if (c)
				strbuf_addstr(out, sep);
			if (aligned)
				strbuf_addf(out, "%-*.*s", (int)width[c], (int)width[c], h);
			else
				strbuf_addstr(out, h);
		}
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < r->n_rows; i++) {
		strbuf_addstr(out, "  ");
		for (size_t c = 0; c < r->n_cols; c++) {
			const char *t = r->rows[i].values[c].text;
			size_t len = r->rows[i].values[c].len,
			       fill = aligned && width[c] > len ? width[c] - len : 0;

			/* padded by hand: a report of ten thousand LVs is a
			 * hundred thousand cells */
			if (c)
				strbuf_addstr(out, sep);
			if (aligned && right_aligned(r->spec->fields[r->cols[c]].kind)) {
				pad(out, fill);
				strbuf_add(out, t, len);
			} else {
				strbuf_add(out, t, len);
				pad(out, fill);
			}
		}
		strbuf_addch(out, '\n');
	}
	free(width);
}
