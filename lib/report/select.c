/* lvm2's report selection (-S/--select): parser and evaluator.  See
 * select.h; the grammar, the value syntax and the reserved words follow
 * lvm2 2.03 (libdm's report selection and lvm2's table of reserved
 * values), checked against lvm2 itself by the kernel scenario
 * 062-select-vs-lvm2.
 *
 * An expression becomes a small tree of nodes (and, or, comparison) in
 * one array; each comparison refers to a "slot", one per distinct field
 * named, where a row's value of that field is computed once, on first
 * use, into a buffer the selection owns. */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "misc/log.h"
#include "misc/xalloc.h"
#include "report/select.h"

/* lvm2's fixed-point percent: 1000000 is 1% */
#define PERCENT_1   1000000ULL
#define PERCENT_100 (100 * PERCENT_1)
/* lv_read_ahead's "auto", as columns.c keeps it */
#define READ_AHEAD_AUTO (UINT64_MAX - 1)

/* What kind of value a field compares as (lvm2's field types). */
enum vkind { V_NUMBER, V_SIZE, V_PERCENT, V_STRING, V_LIST, V_TIME };

enum op { OP_EQ, OP_NE, OP_RE, OP_NRE, OP_GE, OP_GT, OP_LE, OP_LT };

/* The comparison operators in lvm2's order: a longer one before any
 * that is a prefix of it.  `ordered`: <, >... (numbers, sizes, percents
 * and times); `time_only`: the words, for times alone. */
static const struct {
	const char *text;
	enum op op;
	int ordered, time_only;
} cmp_ops[] = {
    {"=~", OP_RE, 0, 0},    {"!~", OP_NRE, 0, 0},   {"=", OP_EQ, 0, 0},     {"!=", OP_NE, 0, 0},
    {">=", OP_GE, 1, 0},    {">", OP_GT, 1, 0},     {"<=", OP_LE, 1, 0},    {"<", OP_LT, 1, 0},
    {"since", OP_GE, 1, 1}, {"after", OP_GT, 1, 1}, {"until", OP_LE, 1, 1}, {"before", OP_LT, 1, 1},
};

/* The logical tokens. */
enum {
	T_AND = 1 << 0,
	T_OR = 1 << 1,
	T_NOT = 1 << 2,
	T_LPAREN = 1 << 3,
	T_RPAREN = 1 << 4,
	T_LIST = 1 << 5, /* [ */
	T_LIST_END = 1 << 6,
	T_SUBSET = 1 << 7, /* { */
	T_SUBSET_END = 1 << 8,
};
static const struct {
	const char *text;
	unsigned tok;
} log_ops[] = {
    {"&&", T_AND},     {",", T_AND},    {"||", T_OR},        {"#", T_OR},
    {"!", T_NOT},      {"(", T_LPAREN}, {")", T_RPAREN},     {"[", T_LIST},
    {"]", T_LIST_END}, {"{", T_SUBSET}, {"}", T_SUBSET_END},
};

/* Where an unquoted value ends: at a blank or at one of these. */
#define VALUE_END (T_AND | T_OR | T_RPAREN)

struct slot {
	size_t field;
	int done; /* computed for the current row */
	struct strbuf text;
	uint64_t num;
	char *sort;
};

struct span {
	const char *s;
	size_t len;
};

struct cmp {
	size_t slot;
	enum op op;
	enum vkind kind;
	int regex;       /* =~ or !~ */
	int range;       /* a time given to the day, minute...: [t1, t2] */
	int reserved;    /* the value is the field's "undefined" (-1, auto) */
	uint64_t n1, n2; /* number, percent, time (as int64) */
	double d;        /* size, in sectors */
	char *str;
	regex_t re;
	/* a string list: its items sorted, and whether all must match
	 * (",", "&&") or any ("#", "||"), the whole list ([ ]) or a part
	 * of it ({ }, or a single item) */
	char **items;
	size_t n_items;
	int all, whole;
};

enum nkind { N_CMP, N_AND, N_OR };

struct node {
	enum nkind kind;
	int not ;
	size_t cmp;       /* N_CMP */
	size_t *children; /* N_AND, N_OR */
	size_t n_children;
};

struct selection {
	const struct report_spec *spec;
	struct node *nodes;
	size_t n_nodes;
	struct cmp *cmps;
	size_t n_cmps;
	struct slot *slots;
	size_t n_slots;
	size_t root;
	int failed; /* an error was logged: the callers up the tree add none */
	/* a row's string list split into items, reused from row to row */
	struct span *spans;
	size_t alloc_spans;
};

/* ---- tokens ---- */

static const char *skip_space(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return s;
}

/* The logical token at s (after blanks) among `expect`, or 0; *end after it. */
static unsigned tok_log(const char *s, const char **end, unsigned expect)
{
	s = skip_space(s);
	for (size_t i = 0; i < sizeof(log_ops) / sizeof(log_ops[0]); i++) {
		size_t len = strlen(log_ops[i].text);
		if ((log_ops[i].tok & expect) && !strncmp(s, log_ops[i].text, len)) {
			if (end)
				*end = s + len;
			return log_ops[i].tok;
		}
	}
	if (end)
		*end = s;
	return 0;
}

/* A value up to `quote` (then past it), or unquoted up to a blank or a
 * token of `stop`.  NULL (after logging) when a quote is not closed. */
static const char *tok_string(struct selection *sel, const char *s, char quote, unsigned stop,
                              struct span *out)
{
	out->s = s;
	if (quote) {
		const char *q = strchr(s, quote);
		if (!q) {
			log_error("Missing end quote in selection: %s", s - 1);
			sel->failed = 1;
			return NULL;
		}
		out->len = (size_t)(q - s);
		return q + 1;
	}
	while (*s && *s != ' ' && !tok_log(s, NULL, stop))
		s++;
	out->len = (size_t)(s - out->s);
	return s;
}

static char quote_char(const char **s)
{
	char c = **s;
	if (c == '"' || c == '\'') {
		(*s)++;
		return c;
	}
	return 0;
}

/* lvm2's number token: digits with at most one '.'. */
static const char *tok_number(const char *s, struct span *out)
{
	int dot = 0;

	out->s = s;
	while (isdigit((unsigned char)*s) || (*s == '.' && !dot++))
		s++;
	out->len = (size_t)(s - out->s);
	return out->len ? s : NULL;
}

/* ---- errors ---- */

__attribute__((format(printf, 2, 3))) static int fail(struct selection *sel, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	if (!sel->failed) {
		va_start(ap, fmt);
		strbuf_vaddf(&sb, fmt, ap);
		va_end(ap);
		log_error("%s", sb.buf);
		strbuf_release(&sb);
	}
	sel->failed = 1;
	return -1;
}

/* ---- the tree ---- */

static size_t new_node(struct selection *sel, enum nkind kind)
{
	sel->nodes = xrealloc(sel->nodes, (sel->n_nodes + 1) * sizeof(*sel->nodes));
	memset(&sel->nodes[sel->n_nodes], 0, sizeof(*sel->nodes));
	sel->nodes[sel->n_nodes].kind = kind;
	return sel->n_nodes++;
}

static void add_child(struct selection *sel, size_t parent, size_t child)
{
	struct node *p = &sel->nodes[parent];

	p->children = xrealloc(p->children, (p->n_children + 1) * sizeof(*p->children));
	p->children[p->n_children++] = child;
}

static size_t slot_for(struct selection *sel, size_t field)
{
	for (size_t i = 0; i < sel->n_slots; i++)
		if (sel->slots[i].field == field)
			return i;
	sel->slots = xrealloc(sel->slots, (sel->n_slots + 1) * sizeof(*sel->slots));
	memset(&sel->slots[sel->n_slots], 0, sizeof(*sel->slots));
	sel->slots[sel->n_slots].field = field;
	strbuf_init(&sel->slots[sel->n_slots].text, 0);
	return sel->n_slots++;
}

static enum vkind kind_of(const struct report_field *f)
{
	switch (f->kind) {
	case FK_STR:
		return V_STRING;
	case FK_STRLIST:
		return V_LIST;
	case FK_SIZE:
		return V_SIZE;
	case FK_PCT:
		return V_PERCENT;
	case FK_TIME:
		return V_TIME;
	default: /* FK_NUM, FK_SNUM, FK_BIN: lvm2's numbers */
		return V_NUMBER;
	}
}

/* ---- reserved words (lvm2's lib/report/values.h) ---- */

/* Binary fields: the words that mean 1 (the one the field shows, and
 * synonyms); "yes" means 1 and "no" 0 for each of them. */
static const struct {
	const char *field;
	const char *words[4];
} binary_words[] = {
    {"pv_allocatable", {"allocatable"}},
    {"pv_exported", {"exported"}},
    {"pv_missing", {"missing"}},
    {"pv_in_use", {"used", "in use"}},
    {"pv_duplicate", {"duplicate"}},
    {"vg_extendable", {"extendable"}},
    {"vg_exported", {"exported"}},
    {"vg_partial", {"partial"}},
    {"vg_clustered", {"clustered"}},
    {"vg_shared", {"shared"}},
    {"lv_initial_image_sync", {"initial image sync", "sync"}},
    {"lv_image_synced", {"image synced", "synced"}},
    {"lv_merging", {"merging"}},
    {"lv_converting", {"converting"}},
    {"lv_allocation_locked", {"allocation locked", "locked"}},
    {"lv_fixed_minor", {"fixed minor", "fixed"}},
    {"lv_active_locally", {"active locally", "active", "locally"}},
    {"lv_active_remotely", {"active remotely", "active", "remotely"}},
    {"lv_active_exclusively", {"active exclusively", "active", "exclusively"}},
    {"lv_merge_failed", {"merge failed", "failed"}},
    {"lv_snapshot_invalid", {"snapshot invalid", "invalid"}},
    {"lv_suspended", {"suspended"}},
    {"lv_live_table", {"live table present", "live table", "live"}},
    {"lv_inactive_table", {"inactive table present", "inactive table", "inactive"}},
    {"lv_device_open", {"open"}},
    {"lv_skip_activation", {"skip activation", "skip"}},
    {"zero", {"zero"}},
    {"lv_check_needed", {"check needed", "needed"}},
    {"vdo_compression", {"enabled"}},
    {"vdo_deduplication", {"enabled"}},
    {"vdo_use_metadata_hints", {"enabled"}},
    {"vdo_use_sparse_index", {"enabled"}},
};

/* String fields: other spellings of a value the field shows. */
static const struct {
	const char *field;
	const char *value;
	const char *words[4];
} string_words[] = {
    {"vg_permissions", "writeable", {"writeable", "rw", "read-write"}},
    {"vg_permissions", "read-only", {"read-only", "r", "ro"}},
    {"lv_permissions", "writeable", {"writeable", "rw", "read-write"}},
    {"lv_permissions", "read-only", {"read-only", "r", "ro"}},
    {"lv_permissions",
     "read-only-override",
     {"read-only-override", "ro-override", "r-override", "R"}},
    {"lv_when_full", "error", {"error", "error when full", "error if no space"}},
    {"lv_when_full", "queue", {"queue", "queue when full", "queue if no space"}},
    {"lv_when_full", "", {"", "undefined"}},
    {"cache_policy", "", {"", "undefined"}},
    {"seg_monitor", "", {"", "undefined"}},
    {"lv_health_status", "", {"", "undefined"}},
    {"kernel_discards", "", {"", "undefined"}},
    {"vdo_write_policy", "", {"", "undefined"}},
};

static int word_is(const char *w, const struct span *v)
{
	return w && strlen(w) == v->len && !strncmp(w, v->s, v->len);
}

/* Is `v` a reserved word for field `id` of kind `kind`?  Fills the
 * comparison's value and returns 1. */
static int reserved_value(const char *id, enum vkind kind, const struct span *v, struct cmp *c)
{
	static const char *const undefined[] = {"-1", "unknown", "undefined", "undef"};

	if (kind == V_NUMBER)
		for (size_t i = 0; i < 4; i++)
			if (word_is(undefined[i], v)) {
				c->n1 = UINT64_MAX;
				c->reserved = 1;
				return 1;
			}
	for (size_t i = 0; i < sizeof(binary_words) / sizeof(binary_words[0]); i++) {
		if (strcmp(binary_words[i].field, id))
			continue;
		for (size_t k = 0; k < 4; k++)
			if (word_is(binary_words[i].words[k], v)) {
				c->n1 = 1;
				return 1;
			}
		if (word_is("yes", v) || word_is("no", v)) {
			c->n1 = word_is("yes", v);
			return 1;
		}
	}
	for (size_t i = 0; i < sizeof(string_words) / sizeof(string_words[0]); i++) {
		if (strcmp(string_words[i].field, id))
			continue;
		for (size_t k = 0; k < 4; k++)
			if (word_is(string_words[i].words[k], v)) {
				c->str = xstrdup(string_words[i].value);
				return 1;
			}
	}
	if (!strcmp(id, "vg_mda_copies") && word_is("unmanaged", v)) {
		c->n1 = UINT64_MAX;
		c->reserved = 1;
		return 1;
	}
	if (!strcmp(id, "lv_read_ahead") && word_is("auto", v)) {
		c->d = (double)READ_AHEAD_AUTO;
		c->reserved = 1;
		return 1;
	}
	return 0;
}

/* ---- values ---- */

/* lvm2's unit letters after a size: lower case binary, upper case
 * decimal, s sectors, b bytes (h and r, the "human" units, count as
 * bytes).  0 when there is no unit letter. */
static uint64_t unit_factor(char c)
{
	const char *bin = "kmgtpe", *dec = "KMGTPE", *p;
	uint64_t f = 1;

	if (c == 'b' || c == 'B' || c == 'h' || c == 'H' || c == 'r' || c == 'R')
		return 1;
	if (c == 's' || c == 'S')
		return 512;
	if (c && (p = strchr(bin, c))) {
		for (long i = 0; i <= p - bin; i++)
			f *= 1024;
		return f;
	}
	if (c && (p = strchr(dec, c))) {
		for (long i = 0; i <= p - dec; i++)
			f *= 1000;
		return f;
	}
	return 0;
}

static const char *parse_number(struct selection *sel, const char *id, enum vkind kind,
                                const char *s, struct cmp *c)
{
	struct span num;
	char *text;
	uint64_t factor = 0;

	if (!(s = tok_number(s, &num))) {
		fail(sel, "Failed to parse numeric value for selection field %s.", id);
		return NULL;
	}
	if (*s == '%') {
		s++;
		if (kind != V_PERCENT) {
			fail(sel,
			     "Found percent value but %s value expected for selection field %s.",
			     kind == V_NUMBER ? "numeric" : "size", id);
			return NULL;
		}
	} else if ((factor = unit_factor(*s))) {
		s++;
		if (kind != V_SIZE) {
			fail(sel,
			     "Found size unit specifier but %s value expected for selection field "
			     "%s.",
			     kind == V_NUMBER ? "numeric" : "percent", id);
			return NULL;
		}
	}
	text = xstrndup(num.s, num.len);
	errno = 0;
	if (kind == V_NUMBER) {
		c->n1 = strtoull(text, NULL, 10);
		if (errno == ERANGE) {
			fail(sel, "Field selection value %s out of supported range for field %s.",
			     text, id);
		} else if (c->n1 == UINT64_MAX) {
			fail(sel, "Numeric value %" PRIu64 " found in selection is reserved.",
			     c->n1);
		}
	} else if (kind == V_SIZE) {
		c->d = strtod(text, NULL) * (double)(factor ? factor : 1024 * 1024) / 512;
		if (errno == ERANGE)
			fail(sel, "Field selection value %s out of supported range for field %s.",
			     text, id);
	} else {
		double d = strtod(text, NULL);
		if (errno == ERANGE || d < 0 || d > 100)
			fail(sel, "Field selection value %s out of supported range for field %s.",
			     text, id);
		c->n1 = (uint64_t)(d * (double)PERCENT_1);
	}
	free(text);
	return sel->failed ? NULL : s;
}

/* ---- times: lvm2's "YYYY-MM-DD hh:mm:ss +hh:mm" and its shorter forms,
 * each standing for the whole period it names ---- */

enum period { P_NONE, P_SECOND, P_MINUTE, P_HOUR, P_DAY, P_MONTH, P_YEAR };

static int days_in_month(int month /* 1-12 */, long year)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return days[month - 1] + (month == 2 && leap);
}

/* Up to three numbers separated by `delim`, or run together in pairs
 * after the first (YYYYMMDD, hhmmss).  `first` is the first number's
 * standard width.  Returns how many were given (1-3), 0 for a bad form. */
static int split_parts(const char **p, char delim, int first, long n[3])
{
	const char *s = *p;
	char *end;
	int count = 1;
	size_t len;

	n[0] = strtol(s, &end, 10);
	len = (size_t)(end - s);
	if (*end == delim && isdigit((unsigned char)end[1])) {
		if (len != (size_t)first)
			return 0;
		s = end + 1;
		n[1] = strtol(s, &end, 10);
		if (end - s != 2)
			return 0;
		count = 2;
		if (*end == delim && isdigit((unsigned char)end[1])) {
			s = end + 1;
			n[2] = strtol(s, &end, 10);
			if (end - s != 2)
				return 0;
			count = 3;
		}
	} else if (len == (size_t)first + 2 || len == (size_t)first + 4) {
		long v = n[0];
		count = len == (size_t)first + 2 ? 2 : 3;
		if (count == 3) {
			n[2] = v % 100;
			v /= 100;
		}
		n[1] = v % 100;
		n[0] = v / 100;
	} else if (len != (size_t)first) {
		return 0;
	}
	*p = end;
	return count;
}

static int parse_time_text(struct selection *sel, const char *id, const char *text, struct cmp *c)
{
	const char *p = text;
	long d[3] = {0, 1, 1}, t[3] = {0, 0, 0};
	int nd, nt = 0, tz = 0, tz_off = 0;
	enum period period;
	struct tm tm = {0}, up;
	time_t t1, t2;

	if (!isdigit((unsigned char)*p) || !(nd = split_parts(&p, '-', 4, d)))
		return fail(sel, "Failed to parse time value for selection field %s: %s", id, text);
	period = nd == 1 ? P_YEAR : nd == 2 ? P_MONTH : P_DAY;
	if (d[1] < 1 || d[1] > 12)
		return fail(sel, "Specified month out of range: %s", text);
	if (d[2] < 1 || d[2] > days_in_month((int)d[1], d[0]))
		return fail(sel, "Specified day out of range: %s", text);
	p = skip_space(p);
	if (isdigit((unsigned char)*p)) {
		if (period != P_DAY)
			return fail(sel, "Full date specification needed: %s", text);
		if (!(nt = split_parts(&p, ':', 2, t)))
			return fail(sel, "Incorrect time format: %s", text);
		period = nt == 1 ? P_HOUR : nt == 2 ? P_MINUTE : P_SECOND;
		if (t[0] > 23 || t[1] > 60 || t[2] > 60)
			return fail(sel, "Specified time out of range: %s", text);
		p = skip_space(p);
	}
	if (*p == '+' || *p == '-' || isdigit((unsigned char)*p)) {
		int sign = *p == '-' ? -1 : 1;
		long z[3] = {0, 0, 0};
		if (!isdigit((unsigned char)*p))
			p++;
		if (!isdigit((unsigned char)*p) || !split_parts(&p, ':', 2, z) || z[0] > 14 ||
		    z[1] > 60)
			return fail(sel, "Failed to parse time value for selection field %s: %s",
			            id, text);
		tz = 1;
		tz_off = sign * (int)(z[0] * 3600 + z[1] * 60);
		p = skip_space(p);
	}
	if (*p)
		return fail(sel, "Failed to parse time value for selection field %s: %s", id, text);

	tm.tm_year = (int)d[0] - 1900;
	tm.tm_mon = (int)d[1] - 1;
	tm.tm_mday = (int)d[2];
	tm.tm_hour = (int)t[0];
	tm.tm_min = (int)t[1];
	tm.tm_sec = (int)t[2];
	tm.tm_isdst = -1;
	up = tm;
	/* the end of the period: its start, one unit later, less a second */
	switch (period) {
	case P_SECOND:
		up.tm_sec++;
		break;
	case P_MINUTE:
		up.tm_min++;
		break;
	case P_HOUR:
		up.tm_hour++;
		break;
	case P_DAY:
		up.tm_mday++;
		break;
	case P_MONTH:
		up.tm_mon++;
		break;
	default:
		up.tm_year++;
		break;
	}
	if (tz) {
		/* the offset given is against UTC: read the fields as UTC */
		t1 = timegm(&tm) - tz_off;
		t2 = timegm(&up) - tz_off - 1;
	} else {
		t1 = mktime(&tm);
		t2 = mktime(&up) - 1;
	}
	c->n1 = (uint64_t)(int64_t)t1;
	c->n2 = (uint64_t)(int64_t)t2;
	c->range = 1;
	return 0;
}

static const char *parse_time(struct selection *sel, const char *id, const char *s, struct cmp *c)
{
	struct span v;
	char *text;
	char q;

	if (*s == '@') {
		if (!(s = tok_number(s + 1, &v)) || memchr(v.s, '.', v.len)) {
			fail(sel, "Failed to parse time value for selection field %s.", id);
			return NULL;
		}
		text = xstrndup(v.s, v.len);
		errno = 0;
		c->n1 = strtoull(text, NULL, 10);
		if (errno == ERANGE)
			fail(sel, "Field selection value %s out of supported range for field %s.",
			     text, id);
		free(text);
		return sel->failed ? NULL : s;
	}
	q = quote_char(&s);
	if (!(s = tok_string(sel, s, q, VALUE_END, &v)))
		return NULL;
	text = xstrndup(v.s, v.len);
	if (parse_time_text(sel, id, text, c))
		s = NULL;
	free(text);
	return s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A string list value: one item, or [ ] / { } around items that "," or
 * "&&" join (all must match) or "#" or "||" (any may), one kind per list. */
static const char *parse_list(struct selection *sel, const char *id, const char *s, struct cmp *c)
{
	const char *after;
	unsigned open = tok_log(s, &after, T_LIST | T_SUBSET), close, join = 0;
	struct span v;
	char q;

	if (!open) {
		q = quote_char(&s);
		if (!(s = tok_string(sel, s, q, VALUE_END, &v)))
			return NULL;
		c->items = xcalloc(2, sizeof(*c->items));
		c->items[c->n_items++] = xstrndup(v.s, v.len);
		return s;
	}
	close = open == T_LIST ? T_LIST_END : T_SUBSET_END;
	c->whole = open == T_LIST;
	s = after;
	for (;;) {
		unsigned t;

		s = skip_space(s);
		q = quote_char(&s);
		if (!(s = tok_string(sel, s, q, T_LIST_END | T_SUBSET_END | T_AND | T_OR, &v)))
			return NULL;
		c->items = xrealloc(c->items, (c->n_items + 2) * sizeof(*c->items));
		c->items[c->n_items++] = xstrndup(v.s, v.len);
		if (!(t = tok_log(s, &after, T_LIST_END | T_SUBSET_END | T_AND | T_OR))) {
			fail(sel, "Invalid operator in selection list for field %s.", id);
			return NULL;
		}
		s = after;
		if (t & (T_LIST_END | T_SUBSET_END)) {
			if (t != close) {
				fail(sel, "List ended with incorrect character, expecting '%s'.",
				     close == T_LIST_END ? "]" : "}");
				return NULL;
			}
			break;
		}
		if (join && join != t) {
			fail(sel,
			     "Only one type of logical operator allowed in selection list at a "
			     "time.");
			return NULL;
		}
		join = t;
		if (!*skip_space(s)) {
			fail(sel, "Missing list end for selection field %s.", id);
			return NULL;
		}
	}
	/* a list of one item in brackets joins nothing: [a] is the whole
	 * list "a", {a} any list holding a */
	c->all = join ? join == T_AND : c->whole;
	qsort(c->items, c->n_items, sizeof(*c->items), cmp_str);
	return s;
}

static const char *parse_regex(struct selection *sel, const char *id, const char *s, struct cmp *c)
{
	struct span v;
	char q = 0, *text;
	int err;

	s = skip_space(s);
	if (!*s) {
		fail(sel, "Regular expression expected for selection field %s.", id);
		return NULL;
	}
	switch (*s) {
	case '(':
		q = ')';
		break;
	case '{':
		q = '}';
		break;
	case '[':
		q = ']';
		break;
	case '"':
	case '\'':
		q = *s;
		break;
	}
	if (!(s = tok_string(sel, q ? s + 1 : s, q, VALUE_END, &v)))
		return NULL;
	text = xstrndup(v.s, v.len);
	if ((err = regcomp(&c->re, text, REG_EXTENDED | REG_NOSUB))) {
		char msg[128];
		regerror(err, &c->re, msg, sizeof(msg));
		fail(sel, "Invalid regular expression for selection field %s: %s (%s).", id, text,
		     msg);
		free(text);
		return NULL;
	}
	c->regex = 1;
	free(text);
	return s;
}

/* FIELD OP VALUE */
static long parse_cmp(struct selection *sel, const char *s, const char **next)
{
	const char *ws = skip_space(s), *we = ws, *p;
	const struct report_field *f;
	struct cmp c = {0};
	enum vkind kind;
	size_t i, n_ops = sizeof(cmp_ops) / sizeof(cmp_ops[0]);
	long field;
	size_t node;

	while (isalnum((unsigned char)*we) || *we == '_' || *we == '-')
		we++;
	if (we == ws)
		return fail(sel, "Selection syntax error at '%s': expecting field name.", s);
	field = report_find_field(sel->spec, ws, (size_t)(we - ws));
	if (field < 0)
		return fail(sel, "Unrecognised selection field: %.*s", (int)(we - ws), ws);
	f = &sel->spec->fields[field];
	kind = kind_of(f);
	p = skip_space(we);
	for (i = 0; i < n_ops; i++)
		if (!strncmp(p, cmp_ops[i].text, strlen(cmp_ops[i].text)))
			break;
	if (i == n_ops)
		return fail(sel, "Unrecognised comparison operator: %s", p);
	c.op = cmp_ops[i].op;
	p += strlen(cmp_ops[i].text);
	if (cmp_ops[i].time_only && kind != V_TIME)
		return fail(sel, "Operator can be used only with time fields: %s", f->id);
	if (cmp_ops[i].ordered && (kind == V_STRING || kind == V_LIST))
		return fail(sel,
		            "Operator can be used only with number, size, time or percent "
		            "fields: %s",
		            f->id);
	c.kind = kind;
	if (c.op == OP_RE || c.op == OP_NRE) {
		if (!(p = parse_regex(sel, f->id, p, &c)))
			goto bad;
		/* lvm2 2.03.16 has no regular expression for string lists */
		if (kind != V_STRING) {
			fail(sel, "Incompatible comparison type for selection field %s.", f->id);
			goto bad;
		}
	} else {
		const char *after;
		struct span v;
		char q;

		p = skip_space(p);
		/* a reserved word first, as lvm2 looks for one */
		after = p;
		q = quote_char(&after);
		if (kind != V_LIST && (after = tok_string(sel, after, q, VALUE_END, &v)) &&
		    reserved_value(f->id, kind, &v, &c)) {
			p = after;
		} else if (sel->failed) {
			goto bad;
		} else if (kind == V_STRING) {
			q = quote_char(&p);
			if (!(p = tok_string(sel, p, q, VALUE_END, &v)))
				goto bad;
			c.str = xstrndup(v.s, v.len);
		} else if (kind == V_LIST) {
			if (!(p = parse_list(sel, f->id, p, &c)))
				goto bad;
		} else if (kind == V_TIME) {
			if (!(p = parse_time(sel, f->id, p, &c)))
				goto bad;
		} else if (!(p = parse_number(sel, f->id, kind, p, &c))) {
			goto bad;
		}
	}
	c.slot = slot_for(sel, (size_t)field);
	sel->cmps = xrealloc(sel->cmps, (sel->n_cmps + 1) * sizeof(*sel->cmps));
	sel->cmps[sel->n_cmps] = c;
	node = new_node(sel, N_CMP);
	sel->nodes[node].cmp = sel->n_cmps++;
	*next = skip_space(p);
	return (long)node;
bad:
	if (c.regex)
		regfree(&c.re);
	free(c.str);
	for (i = 0; i < c.n_items; i++)
		free(c.items[i]);
	free(c.items);
	return -1;
}

static long parse_or(struct selection *sel, const char *s, const char **next);

/* "!" "(" EXPR ")" | "(" EXPR ")" | FIELD OP VALUE */
static long parse_ex(struct selection *sel, const char *s, const char **next)
{
	const char *after, *tmp;
	unsigned t = tok_log(s, &after, T_NOT | T_LPAREN);
	long n;

	if (t == T_NOT) {
		if (!tok_log(after, &tmp, T_LPAREN))
			return fail(sel, "Syntax error: left parenthesis expected at '%s'.", after);
		if ((n = parse_or(sel, tmp, next)) < 0)
			return -1;
		/* set, not toggled: lvm2 reads !(!(x)) as !(x) */
		sel->nodes[n].not = 1;
		if (!tok_log(*next, &tmp, T_RPAREN))
			return fail(sel, "Syntax error: right parenthesis expected at '%s'.",
			            *next);
		*next = tmp;
		return n;
	}
	if (t == T_LPAREN) {
		if ((n = parse_or(sel, after, &tmp)) < 0)
			return -1;
		if (!tok_log(tmp, next, T_RPAREN))
			return fail(sel, "Syntax error: right parenthesis expected at '%s'.", tmp);
		return n;
	}
	return parse_cmp(sel, s, next);
}

static long parse_and(struct selection *sel, const char *s, const char **next)
{
	long n = parse_ex(sel, s, next), and = -1;
	const char *tmp;

	while (n >= 0 && tok_log(*next, &tmp, T_AND)) {
		if (and < 0) {
			and = (long)new_node(sel, N_AND);
			add_child(sel, (size_t) and, (size_t)n);
		}
		if ((n = parse_ex(sel, tmp, next)) < 0)
			return -1;
		add_child(sel, (size_t) and, (size_t)n);
	}
	return n < 0 ? -1 : and >= 0 ? and : n;
}

static long parse_or(struct selection *sel, const char *s, const char **next)
{
	long n = parse_and(sel, s, next), or = -1;
	const char *tmp;

	while (n >= 0 && tok_log(*next, &tmp, T_OR)) {
		if (or < 0) {
			or = (long)new_node(sel, N_OR);
			add_child(sel, (size_t) or, (size_t)n);
		}
		if ((n = parse_and(sel, tmp, next)) < 0)
			return -1;
		add_child(sel, (size_t) or, (size_t)n);
	}
	return n < 0 ? -1 : or >= 0 ? or : n;
}

int selection_parse(const struct report_spec *spec, const char *text, struct selection **out)
{
	struct selection *sel;
	const char *next;
	long root;

	*out = NULL;
	if (!text || !*text || !strcasecmp(text, "all"))
		return 0;
	sel = xcalloc(1, sizeof(*sel));
	sel->spec = spec;
	root = parse_or(sel, text, &next);
	if (root >= 0 && *(next = skip_space(next)))
		root =
		    fail(sel, "Selection syntax error at '%s': expecting logical operator.", next);
	if (root < 0) {
		selection_free(sel);
		return -1;
	}
	sel->root = (size_t)root;
	*out = sel;
	return 0;
}

void selection_free(struct selection *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_nodes; i++)
		free(s->nodes[i].children);
	for (size_t i = 0; i < s->n_cmps; i++) {
		struct cmp *c = &s->cmps[i];
		if (c->regex)
			regfree(&c->re);
		free(c->str);
		for (size_t k = 0; k < c->n_items; k++)
			free(c->items[k]);
		free(c->items);
	}
	for (size_t i = 0; i < s->n_slots; i++) {
		strbuf_release(&s->slots[i].text);
		free(s->slots[i].sort);
	}
	free(s->nodes);
	free(s->cmps);
	free(s->slots);
	free(s->spans);
	free(s);
}

unsigned selection_types(const struct selection *s)
{
	unsigned t = 0;

	for (size_t i = 0; s && i < s->n_slots; i++)
		t |= s->spec->fields[s->slots[i].field].type;
	return t;
}

/* ---- evaluation ---- */

static struct slot *slot_value(struct selection *sel, size_t i, const struct report_object *o)
{
	struct slot *sl = &sel->slots[i];
	struct field_value v = {.text = sl->text};

	if (sl->done)
		return sl;
	strbuf_reset(&v.text);
	/* "selected" in a selection: lvm2 takes every row as selected
	 * while it tests it */
	if (sel->spec->fields[sl->field].get)
		sel->spec->fields[sl->field].get(o, &v);
	else
		v.num = 1;
	sl->text = v.text;
	sl->num = v.num;
	free(sl->sort);
	sl->sort = v.sort;
	sl->done = 1;
	return sl;
}

/* The string a field compares by: its sort key when it has one (lv_name
 * of a hidden LV sorts and selects without its brackets), else its text. */
static const char *slot_string(const struct slot *sl)
{
	return sl->sort ? sl->sort : sl->text.buf ? sl->text.buf : "";
}

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->s, y->s, n);
	return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* A list's items, sorted, into sel->spans; returns how many. */
static size_t list_items(struct selection *sel, const char *text)
{
	size_t n = 0;

	while (*text) {
		size_t len = strcspn(text, ",");
		if (n == sel->alloc_spans) {
			sel->alloc_spans = sel->alloc_spans ? 2 * sel->alloc_spans : 16;
			sel->spans = xrealloc(sel->spans, sel->alloc_spans * sizeof(*sel->spans));
		}
		sel->spans[n].s = text;
		sel->spans[n++].len = len;
		text += len;
		if (*text)
			text++;
	}
	if (n > 1)
		qsort(sel->spans, n, sizeof(*sel->spans), cmp_span);
	return n;
}

static int span_is(const struct span *sp, const char *s)
{
	return strlen(s) == sp->len && !memcmp(sp->s, s, sp->len);
}

static int list_match(struct selection *sel, const struct cmp *c, const char *text)
{
	size_t n = list_items(sel, text);
	int r = 0;

	if (!n) {
		/* an empty list matches "" alone (or a list that has it) */
		for (size_t k = 0; k < c->n_items; k++)
			if (!*c->items[k] && (!c->all || c->n_items == 1))
				r = 1;
	} else if (c->all && c->whole) {
		/* both sorted: item for item */
		r = n == c->n_items;
		for (size_t k = 0; r && k < n; k++)
			r = span_is(&sel->spans[k], c->items[k]);
	} else if (c->all) {
		r = 1;
		for (size_t k = 0; r && k < c->n_items; k++) {
			r = 0;
			for (size_t j = 0; j < n && !r; j++)
				r = span_is(&sel->spans[j], c->items[k]);
		}
	} else {
		for (size_t k = 0; k < c->n_items && !r; k++)
			for (size_t j = 0; j < n && !r; j++)
				r = span_is(&sel->spans[j], c->items[k]);
	}
	return c->op == OP_NE ? !r : r;
}

/* lvm2 compares sizes as doubles, equal within DBL_EPSILON (no libm
 * for a fabs()) */
static int dbl_eq(double a, double b)
{
	double d = a - b;
	return d < DBL_EPSILON && -d < DBL_EPSILON;
}

static int cmp_match(struct selection *sel, const struct cmp *c, const struct report_object *o)
{
	struct slot *sl = slot_value(sel, c->slot, o);

	if (c->regex) {
		const char *s = slot_string(sl);
		int m = !regexec(&c->re, s, 0, NULL, 0);
		return c->op == OP_NRE ? !m : m;
	}
	switch (c->kind) {
	case V_STRING: {
		int eq = !strcmp(slot_string(sl), c->str);
		return c->op == OP_NE ? !eq : eq;
	}
	case V_LIST:
		return list_match(sel, c, slot_string(sl));
	case V_PERCENT:
		/* only a real percent compares: none (blank) matches nothing */
		if (sl->num > PERCENT_100)
			return 0;
		/* fall through */
	case V_NUMBER: {
		uint64_t v = sl->num, w = c->n1;
		/* "-1" (undefined) is no number to order by */
		if (c->op != OP_EQ && c->op != OP_NE && c->kind == V_NUMBER &&
		    (v == UINT64_MAX || c->reserved))
			return 0;
		switch (c->op) {
		case OP_EQ:
			return v == w;
		case OP_NE:
			return v != w;
		case OP_GT:
			return v > w;
		case OP_GE:
			return v >= w;
		case OP_LT:
			return v < w;
		default:
			return v <= w;
		}
	}
	case V_SIZE: {
		double v = (double)sl->num, w = c->d;
		int auto_ra = !strcmp(sel->spec->fields[sl->field].id, "lv_read_ahead") &&
		              sl->num == READ_AHEAD_AUTO;
		if (c->op != OP_EQ && c->op != OP_NE && (auto_ra || c->reserved))
			return 0;
		switch (c->op) {
		case OP_EQ:
			return dbl_eq(v, w);
		case OP_NE:
			return !dbl_eq(v, w);
		case OP_GT:
			return v > w && !dbl_eq(v, w);
		case OP_GE:
			return v > w || dbl_eq(v, w);
		case OP_LT:
			return v < w && !dbl_eq(v, w);
		default:
			return v < w || dbl_eq(v, w);
		}
	}
	case V_TIME: {
		int64_t v = (int64_t)sl->num, t1 = (int64_t)c->n1, t2 = (int64_t)c->n2;
		switch (c->op) {
		case OP_EQ:
			return c->range ? v >= t1 && v <= t2 : v == t1;
		case OP_NE:
			/* lvm2 2.03 tests a period given to "!=" as it does for
			 * "=" (so "!=" a date selects that date); kept alike */
			return c->range ? v >= t1 && v <= t2 : v != t1;
		case OP_GT:
			return v > (c->range ? t2 : t1);
		case OP_GE:
			return v >= t1;
		case OP_LT:
			return v < t1;
		default:
			return v <= (c->range ? t2 : t1);
		}
	}
	}
	return 0;
}

static int node_match(struct selection *sel, size_t i, const struct report_object *o)
{
	const struct node *n = &sel->nodes[i];
	int r;

	if (n->kind == N_CMP) {
		r = cmp_match(sel, &sel->cmps[n->cmp], o);
	} else if (n->kind == N_AND) {
		r = 1;
		for (size_t k = 0; k < n->n_children && r; k++)
			r = node_match(sel, n->children[k], o);
	} else {
		r = 0;
		for (size_t k = 0; k < n->n_children && !r; k++)
			r = node_match(sel, n->children[k], o);
	}
	return n->not ? !r : r;
}

int selection_match(struct selection *s, const struct report_object *o)
{
	if (!s)
		return 1;
	for (size_t i = 0; i < s->n_slots; i++)
		s->slots[i].done = 0;
	return node_match(s, s->root, o);
}

void selection_log_help(void)
{
	/* lvm2's two sections, in vgtool's words */
	static const char *const lines[] = {
	    "Selection operands",
	    "------------------",
	    "  field               - A report field, named as in -o.",
	    "  number              - Digits; -1, unknown, undefined, undef: no value.",
	    "  size                - A number with a unit letter (m when none).",
	    "  percent             - A number from 0 to 100, with or without %.",
	    "  string              - Quoted with \" or ', or bare up to a blank.",
	    "  string list         - One item, or items in [ ] (the whole list) or { } (part",
	    "                        of it), joined by , or && (all) or by # or || (any).",
	    "  regular expression  - POSIX extended, quoted with \" ' ( [ or {, or bare.",
	    "  time                - @SECONDS, or YYYY[-MM[-DD [hh[:mm[:ss]]]]] [+hh:mm].",
	    " ",
	    "Selection operators",
	    "-------------------",
	    "  Comparison operators:",
	    "        =~  - Matches the regular expression. [string]",
	    "        !~  - Does not match the regular expression. [string]",
	    "         =  - Is equal to. [every kind]",
	    "        !=  - Is not equal to. [every kind]",
	    "        >=  - Is at least. [number, size, percent, time]",
	    "         >  - Is more than. [number, size, percent, time]",
	    "        <=  - Is at most. [number, size, percent, time]",
	    "         <  - Is less than. [number, size, percent, time]",
	    "     since  - At or after, as >=. [time]",
	    "     after  - After, as >. [time]",
	    "     until  - At or before, as <=. [time]",
	    "    before  - Before, as <. [time]",
	    " ",
	    "  Logical and grouping operators:",
	    "     &&  - And (binds tighter than or)",
	    "      ,  - And",
	    "     ||  - Or",
	    "      #  - Or",
	    "      !  - Not, before a parenthesis",
	    "      (  - Group start",
	    "      )  - Group end",
	    "      [  - String list: the whole list",
	    "      ]  - End of [",
	    "      {  - String list: part of the list",
	    "      }  - End of {",
	    " ",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		log_warn("%s", lines[i]);
}
