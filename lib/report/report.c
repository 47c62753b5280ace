/* The report engine: field lists, rows, sorting, text and JSON output.
 * See report.h; the byte layout is lvm2's (libdm report), checked by
 * tests/unit/test_report.c and the comparison against lvm2 itself. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "misc/log.h"
#include "misc/xalloc.h"
#include "report/report.h"

struct index_list {
	size_t *v;
	size_t n, alloc;
};

static void list_push(struct index_list *l, size_t i)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 16;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	l->v[l->n++] = i;
}

long report_find_field(const struct report_spec *spec, const char *name, size_t len)
{
	size_t plen = strlen(spec->prefix);

	for (size_t i = 0; i < spec->n_fields; i++) {
		const char *id = spec->fields[i].id;
		size_t idlen = strlen(id);

		if (idlen == len && !strncasecmp(id, name, len))
			return (long)i;
		if (idlen == plen + len && !strncasecmp(id, spec->prefix, plen) &&
		    !strncasecmp(id + plen, name, len))
			return (long)i;
	}
	return -1;
}

/* "all" means what the command lists with -o all; "lv_all", "pv_all"...
 * a section of the table, as in lvm2's -o help.  Returns the types, or 0
 * when the name is not one of these. */
static unsigned all_types(const struct report_spec *spec, const char *name, size_t len)
{
	static const struct {
		const char *name;
		unsigned types;
	} sections[] = {
		{"lv_all", RT_LV},		 {"vg_all", RT_VG},	  {"pv_all", RT_LABEL | RT_PV},
		{"seg_all", RT_SEG},	 {"pvseg_all", RT_PVSEG},
	};

	if (len == 3 && !strncasecmp(name, "all", 3))
		return spec->all_types;
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (strlen(sections[i].name) == len && !strncasecmp(sections[i].name, name, len))
			return sections[i].types;
	return 0;
}

/* Resolve a comma-separated list into field indices; empty items are
 * skipped, as lvm2 does. */
static int parse_field_list(const struct report_spec *spec, const char *text,
			    struct index_list *out)
{
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, ",");
		unsigned types;
		long f;

		if (!len) {
			p++;
			continue;
		}
		if ((types = all_types(spec, p, len))) {
			for (size_t i = 0; i < spec->n_fields; i++)
				if (spec->fields[i].type & types)
					list_push(out, i);
		} else if ((f = report_find_field(spec, p, len)) >= 0) {
			list_push(out, (size_t)f);
		} else {
			log_error("Unrecognised field: %.*s", (int)len, p);
			return -1;
		}
		p += len;
	}
	return 0;
}

static int parse_columns(struct report *r, const char *const *opts, size_t n_opts,
			 struct index_list *cols)
{
	const struct report_spec *spec = r->spec;

	if (parse_field_list(spec, spec->columns, cols))
		return -1;
	for (size_t i = 0; i < n_opts; i++) {
		const char *o = opts[i];
		struct index_list drop = {0};

		if (!*o) {
			log_error("Invalid options string: \"\".");
			return -1;
		}
		if (*o == '+') {
			if (parse_field_list(spec, o + 1, cols))
				return -1;
			continue;
		}
		if (*o != '-') {
			cols->n = 0;
			if (parse_field_list(spec, o, cols))
				return -1;
			continue;
		}
		if (parse_field_list(spec, o + 1, &drop)) {
			free(drop.v);
			return -1;
		}
		for (size_t d = 0; d < drop.n; d++) {
			size_t k = 0;
			for (size_t c = 0; c < cols->n; c++)
				if (cols->v[c] != drop.v[d])
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
		int desc = 0;
		long f;

		if (!len) {
			p++;
			continue;
		}
		if (*p == '+' || *p == '-') {
			desc = *p == '-';
			f = report_find_field(r->spec, p + 1, len - 1);
		} else {
			f = report_find_field(r->spec, p, len);
		}
		if (f < 0) {
			log_error("Unrecognised field: %.*s", (int)len, p);
			return -1;
		}
		r->keys = xrealloc(r->keys, (r->n_keys + 1) * sizeof(*r->keys));
		r->keys[r->n_keys].field = (size_t)f;
		r->keys[r->n_keys].descending = desc;
		r->n_keys++;
		p += len;
	}
	return 0;
}

int report_init(struct report *r, const struct report_spec *spec, const char *const *opts,
		size_t n_opts, const char *sort)
{
	struct index_list cols = {0};

	memset(r, 0, sizeof(*r));
	r->spec = spec;
	if (parse_columns(r, opts, n_opts, &cols) || parse_keys(r, sort ? sort : spec->sort_keys)) {
		free(cols.v);
		report_free(r);
		return -1;
	}
	r->cols = cols.v;
	r->n_cols = cols.n;
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

static void row_free(struct report_row *row, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		strbuf_release(&row->values[i].text);
		free(row->values[i].sort);
	}
	free(row->values);
}

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->n_rows; i++)
		row_free(&r->rows[i], r->n_need);
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
	row->values = xcalloc(r->n_need + 1, sizeof(*row->values));
	for (size_t i = 0; i < r->n_need; i++) {
		struct field_value *v = &row->values[i];

		strbuf_init(&v->text, 0);
		r->spec->fields[r->need[i]].get(o, v);
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
		const struct field_value *va = &a->values[r->n_cols + k];
		const struct field_value *vb = &b->values[r->n_cols + k];
		int cmp;

		if (numeric(r->spec->fields[r->keys[k].field].kind))
			cmp = va->num < vb->num ? -1 : va->num > vb->num;
		else
			cmp = strcmp(va->sort ? va->sort : va->text.buf,
				     vb->sort ? vb->sort : vb->text.buf);
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
			report_json_escape(out, r->rows[i].values[c].text.buf);
			strbuf_addch(out, '"');
		}
		strbuf_addstr(out, i + 1 < r->n_rows ? "},\n" : "}\n");
	}
	strbuf_addstr(out, "              ]\n          }\n      ]\n  }\n");
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
			if (r->rows[i].values[c].text.len > width[c])
				width[c] = r->rows[i].values[c].text.len;
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
			const char *t = r->rows[i].values[c].text.buf;

			if (c)
				strbuf_addstr(out, sep);
			if (!aligned)
				strbuf_addstr(out, t);
			else if (right_aligned(r->spec->fields[r->cols[c]].kind))
				strbuf_addf(out, "%*s", (int)width[c], t);
			else
				strbuf_addf(out, "%-*s", (int)width[c], t);
		}
		strbuf_addch(out, '\n');
	}
	free(width);
}
