/* (Folder lib/report: the model and kernel facts it is handed, turned
 * into lvm2's reports and *display text.  It reads no disk and asks the
 * kernel nothing itself.)
 *
 * The report engine behind pvs, vgs and lvs: one table of fields drives
 * field-list parsing, headings, widths, alignment, sorting and the text
 * and JSON writers, as lvm2's libdm report does.
 *
 * The engine knows nothing about volume groups: a field is an id, a
 * heading, a kind and a function that renders one object; what an object
 * is belongs to the table's owner (lib/report/columns.c). */
#ifndef VGTOOL_REPORT_H
#define VGTOOL_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "misc/strbuf.h"

/* How a field's value is aligned, sorted and compared.  lvm2 right-aligns
 * numbers and sizes (and its binary fields, which it counts as numbers);
 * everything else is left-aligned. */
enum field_kind {
	FK_STR,
	FK_STRLIST, /* a comma-separated list */
	FK_NUM,
	FK_SNUM, /* signed: -1 sorts last, as lvm2 sorts it unsigned */
	FK_SIZE,
	FK_PCT,
	FK_BIN,
	FK_TIME,
};

/* The object a field describes.  The union over the fields asked for
 * decides what one row is (lvm2's report types). */
enum report_type {
	RT_LV = 1 << 0,
	RT_SEG = 1 << 1,
	RT_LABEL = 1 << 2, /* what the PV label alone tells */
	RT_PV = 1 << 3,
	RT_VG = 1 << 4,
	RT_PVSEG = 1 << 5,
};

/* One field's value for one row: the text shown and the key it sorts by
 * (numeric kinds sort by `num`, the others by `sort`, or by the text
 * when `sort` is NULL). */
struct field_value {
	struct strbuf text;
	uint64_t num;
	char *sort; /* owned */
	/* a yes/no value (num 1 or 0, UINT64_MAX for "unknown"): --binary
	 * shows it as 1, 0 or -1 instead of its word, as lvm2 does for the
	 * values it reports through its binary helper only */
	int binary;
};

struct report_object; /* the owner's row object */
typedef void (*field_get_fn)(const struct report_object *o, struct field_value *v);

struct report_field {
	const char *id;
	const char *heading;
	uint8_t kind;     /* enum field_kind */
	uint8_t type;     /* enum report_type */
	uint8_t width;    /* lvm2's initial width; 0: the heading's length */
	field_get_fn get; /* NULL: lvm2's "selected", whether the row passes -S */
};

/* `-o help`'s line for one field. */
struct report_field_help {
	const char *id;
	const char *text;
};

/* A heading of `-o help`: the fields from `first` (an id) up to the next
 * section's are listed under "<title> Fields", with "<prefix>all". */
struct report_section {
	const char *first;
	const char *title;
	const char *prefix;
};

/* What one command reports from a table. */
struct report_spec {
	const struct report_field *fields;
	size_t n_fields;
	const char *name;      /* "lv": the JSON array's name */
	const char *prefix;    /* "lv_": field names may drop it */
	unsigned base;         /* the command's own type: RT_LV for lvs */
	unsigned all_types;    /* its section: what "-o all" lists at least */
	const char *columns;   /* default -o */
	const char *sort_keys; /* default -O */
	/* -o help: the sections in table order, and a line per field */
	const struct report_section *sections;
	size_t n_sections;
	const struct report_field_help *help; /* parallel to fields */
};

struct report_key {
	size_t field; /* index in spec->fields */
	int descending;
};

/* A field's value as a row keeps it: the text (NUL-terminated) lives in
 * the report's pool, as do the cells themselves, so that a report of ten
 * thousand rows costs a few dozen allocations instead of one per cell. */
struct report_cell {
	const char *text;
	size_t len;
	uint64_t num;
	char *sort; /* owned */
};

struct report_row {
	struct report_cell *values; /* one per report.need[], in the pool */
};

struct report_chunk;
struct selection;

struct report {
	const struct report_spec *spec;
	int binary;   /* --binary: yes/no values as 1, 0 and -1 */
	int help;     /* -o help: rows are not kept */
	size_t *cols; /* displayed fields, indices in spec->fields */
	size_t n_cols;
	struct report_key *keys;
	size_t n_keys;
	size_t *need; /* fields computed per row: cols, then the keys' fields */
	size_t n_need;
	unsigned types; /* union of the types of all fields in need[] */
	struct report_row *rows;
	size_t n_rows, alloc_rows;
	struct report_chunk *pool; /* the cells and their texts */
	struct strbuf scratch;     /* what a field getter writes into */
	/* -S: the rows kept (owned; NULL keeps all).  A row that does not
	 * pass is dropped, unless the "selected" field is displayed: then
	 * every row is kept and that field says 1 or 0, as lvm2 does. */
	struct selection *selection;
	int shows_selected;
	/* per column, 1: left out when empty in every row (-o#FIELDS,
	 * report/compact_output); NULL: none */
	unsigned char *compact;
	/* a column left out followed the last one shown: libdevmapper
	 * still ends the headings' line with a separator then */
	int heading_trail;
};

/* The command line's -o values (each replaces the list, or with a leading
 * '+' appends to it, or with '-' removes from it) and the last -O value
 * (NULL: the spec's default).  Returns 0; REPORT_HELP when a list names
 * "help" or "?" (the caller prints report_help() and nothing else, as
 * lvm2); or -1 after logging one line naming the bad field (lvm2 prints
 * the list of fields first: see report_help()). */
#define REPORT_HELP 1
int report_init(struct report *r, const struct report_spec *spec, const char *const *opts,
                size_t n_opts, const char *sort);

/* Every column compactable (report/compact_output). */
void report_compact_all(struct report *r);
/* Leaves out the compactable columns no row has a value in; after the
 * sort (the keys' cells move) and before report_write. */
void report_compact(struct report *r);
void report_free(struct report *r);

/* Resolve one field name as lvm2 does: ignoring case and underscores,
 * with or without the report's prefix.  Returns the index, or -1. */
long report_find_field(const struct report_spec *spec, const char *name, size_t len);

/* Compute every needed field of one row object, unless the report's
 * selection drops it. */
void report_add_row(struct report *r, const struct report_object *o);

/* Take `sel` (may be NULL) as the report's -S; the report frees it. */
void report_set_selection(struct report *r, struct selection *sel);

/* Stable sort by the keys (lvm2 keeps the input order of equal rows). */
void report_sort(struct report *r);

struct report_format {
	int json;
	int headings;
	const char *separator; /* NULL: " " with columns aligned */
	/* The script-facing options, as lvm2's reporter combines them:
	 * aligned pads the columns even with a separator; prefixes writes
	 * LVM2_FIELD='value' (and turns alignment off, whatever was asked);
	 * unquoted drops the quotes around those values; rows prints one
	 * line per field instead of per object; unbuffered prints each row
	 * as it comes, aligned on its own (the caller does not sort). */
	int aligned;
	int prefixes;
	int unquoted;
	int rows;
	int unbuffered;
};

/* Append the whole output, every line indented by two blanks as lvm2's
 * log_print does.  A basic report without rows prints nothing. */
void report_write(const struct report *r, const struct report_format *f, struct strbuf *out);

/* JSON only the report's own array ("lv": [ ... ]), at the depth of a
 * report object's members, for a writer that puts several reports in one
 * object (fullreport). */
void report_write_json_array(const struct report *r, const struct report_format *f,
                             struct strbuf *out);

/* lvm2's `-o help`: every field of the table by section, with its
 * description, in lvm2's layout (printed on stderr by the caller). */
void report_help(const struct report_spec *spec, struct strbuf *out);
/* The same, each line through log_warn() (stderr), as lvm2 prints it. */
void report_log_help(const struct report_spec *spec);

/* JSON string contents as lvm2 writes them: only '"' is escaped. */
void report_json_escape(struct strbuf *out, const char *s);

#endif
