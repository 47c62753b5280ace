/* lvm2's -S/--select: a selection expression over a report's fields,
 * parsed once and tested against each row object.
 *
 * The grammar is lvm2's (libdm's report selection): comparisons
 * FIELD OP VALUE joined by "&&" or "," (and), "||" or "#" (or), "!" in
 * front of a parenthesised group, parentheses; operators = != =~ !~ < <=
 * > >= and, for times, since after until before.  A value is read by the
 * field's kind: a number, a size with an optional unit (MiB when none), a
 * percent with an optional '%', a string (quoted or bare), a string list
 * ("a", "[a,b]" the whole list, "{a,b}" a subset of it), a time (a date,
 * "@SECONDS"), or one of lvm2's reserved words for the field ("-1",
 * "unknown", the word a binary field shows...).  doc/vgtool-select.7
 * describes it for users.
 *
 * This code does no I/O: a field's value comes from the report table's
 * getter, as for a report cell. */
#ifndef VGTOOL_SELECT_H
#define VGTOOL_SELECT_H

#include "report/report.h"

struct selection;

/* Parse `text` against the fields of `spec` (names resolved as for -o).
 * "" and "all" select everything: *out is then NULL.  Returns 0, or -1
 * after logging one line (lvm2's reason: an unknown field, an operator
 * the field's kind does not take, a value that does not parse...). */
int selection_parse(const struct report_spec *spec, const char *text, struct selection **out);
void selection_free(struct selection *s);

/* The report types of the fields the selection names (enum report_type):
 * they count in what one row is, as the displayed fields do. */
unsigned selection_types(const struct selection *s);

/* Does the row object pass?  A NULL selection passes everything.  Each
 * field named is computed at most once per row, into buffers the
 * selection keeps, so that a row costs no allocation. */
int selection_match(struct selection *s, const struct report_object *o);

/* lvm2's `-S help`: the operators and values, one log_warn() line each
 * (the caller prints the field list first, as lvm2 does). */
void selection_log_help(void);

#endif
