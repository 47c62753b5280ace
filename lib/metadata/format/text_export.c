/* VG model -> metadata text, laid out exactly as lvm2 2.03 lays it out.
 *
 * lvm2 has two layouts of the same text: in a metadata area it writes no
 * indentation and drops the explanatory comments (size in megabytes,
 * "Hint only", ...), and puts the header fields (contents, version,
 * description, creation_host/time) after the VG; in backup files it
 * indents with tabs, aligns those comments, and puts the header first.
 * Matching it line for line keeps `pvck --dump metadata` and diffs of
 * backups between the two tools readable. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "metadata/format/text.h"
#include "misc/uuid.h"

/* Who wrote a text, as its trailer comment says: lvm2 2.03.16 names
 * itself with a longer string than vgtool does. */
#define VGTOOL_GENERATOR "vgtool version " VGTOOL_VERSION
#define LVM2_GENERATOR   "LVM2 version 2.03.16(2) (2022-05-18)"

struct fmt {
	struct strbuf *out;
	enum text_layout layout;
	int indent;
	size_t start; /* where the current line's text begins */
};

#define COMMENT_COLUMN_TABS 6

/* A line is begun, its text appended, and ended.  The pieces are added
 * directly rather than through printf: a VG of ten thousand LVs is some
 * 300,000 lines, written up to three times by one command. */
static void begin(struct fmt *f)
{
	for (int i = 0; f->layout == TEXT_FILE && i < f->indent; i++)
		strbuf_addch(f->out, '\t');
	f->start = f->out->len;
}

/* The comment (if any) only in backup files, tab-aligned toward column 48
 * as lvm2 aligns it. */
static void end(struct fmt *f, const char *comment)
{
	if (f->layout == TEXT_FILE && comment) {
		int col = (int)((f->out->len - f->start + 8 * (size_t)f->indent) / 8) + 1;
		do
			strbuf_addch(f->out, '\t');
		while (++col < COMMENT_COLUMN_TABS);
		strbuf_addstr(f->out, comment);
	}
	strbuf_addch(f->out, '\n');
}

/* One line from a format, for the few lines that are not "key = value". */
__attribute__((format(printf, 3, 4))) static void line(struct fmt *f, const char *comment,
                                                       const char *fmt, ...)
{
	va_list ap;
	begin(f);
	va_start(ap, fmt);
	strbuf_vaddf(f->out, fmt, ap);
	va_end(ap);
	end(f, comment);
}

static void blank(struct fmt *f)
{
	strbuf_addch(f->out, '\n');
}

static void add_u64(struct strbuf *sb, uint64_t v)
{
	char b[24];
	size_t i = sizeof(b);
	do
		b[--i] = (char)('0' + v % 10);
	while (v /= 10);
	strbuf_add(sb, b + i, sizeof(b) - i);
}

static void key_is(struct fmt *f, const char *key)
{
	begin(f);
	strbuf_addstr(f->out, key);
	strbuf_add(f->out, " = ", 3);
}

/* "key = 123" */
static void num_line(struct fmt *f, const char *comment, const char *key, uint64_t v)
{
	key_is(f, key);
	add_u64(f->out, v);
	end(f, comment);
}

/* `prefix` and `n` in decimal into buf (at least strlen(prefix) + 21
 * bytes), as "%s%zu" would; returns the length.  Section names and size
 * comments of every segment: printf costs a thousand instructions each. */
static size_t numbered(char *buf, const char *prefix, uint64_t n)
{
	char d[21];
	size_t i = sizeof(d), p = strlen(prefix);
	do
		d[--i] = (char)('0' + n % 10);
	while (n /= 10);
	memcpy(buf, prefix, p);
	memcpy(buf + p, d + i, sizeof(d) - i);
	buf[p + sizeof(d) - i] = '\0';
	return p + sizeof(d) - i;
}

/* "# 64 Megabytes": the size in the largest unit that keeps it above 1.
 * NULL for a metadata area's text, which has no such comments. */
static const char *size_comment(const struct fmt *f, uint64_t sectors, char *buf, size_t len)
{
	static const char *const units[] = {"Kilobytes", "Megabytes", "Gigabytes",
	                                    "Terabytes", "Petabytes", "Exabytes"};
	double d = (double)sectors / 2.0;
	size_t i = 0;
	if (f->layout != TEXT_FILE)
		return NULL;
	while (d > 1024.0 && i + 1 < sizeof(units) / sizeof(*units)) {
		d /= 1024.0;
		i++;
	}
	/* %g prints a whole number below a million as its digits: the
	 * common case (whole extents), written without printf */
	if (d < 1e6 && d == (double)(uint64_t)d) {
		char digits[24];
		size_t k = numbered(digits, "# ", (uint64_t)d);
		if (k + 1 + strlen(units[i]) < len) {
			memcpy(buf, digits, k);
			buf[k] = ' ';
			strcpy(buf + k + 1, units[i]);
			return buf;
		}
	}
	snprintf(buf, len, "# %g %s", d, units[i]);
	return buf;
}

/* A quoted string with '"' and '\' escaped. */
static void quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (;;) {
		size_t run = strcspn(s, "\"\\");
		strbuf_add(sb, s, run);
		if (!s[run])
			break;
		strbuf_addch(sb, '\\');
		strbuf_addch(sb, s[run]);
		s += run + 1;
	}
	strbuf_addch(sb, '"');
}

static void str_line(struct fmt *f, const char *comment, const char *key, const char *value)
{
	key_is(f, key);
	quoted(f->out, value);
	end(f, comment);
}

struct flag_text {
	unsigned bit;
	const char *name;
};

static void flags_line(struct fmt *f, const char *key, unsigned bits, const struct flag_text *t)
{
	int first = 1;
	key_is(f, key);
	strbuf_addch(f->out, '[');
	for (; t->name; t++) {
		if (!(bits & t->bit))
			continue;
		if (!first)
			strbuf_add(f->out, ", ", 2);
		strbuf_addch(f->out, '"');
		strbuf_addstr(f->out, t->name);
		strbuf_addch(f->out, '"');
		first = 0;
	}
	strbuf_addch(f->out, ']');
	end(f, NULL);
}

static void tags_line(struct fmt *f, const struct tag_list *tags)
{
	if (!tags->n)
		return;
	key_is(f, "tags");
	strbuf_addch(f->out, '[');
	for (size_t i = 0; i < tags->n; i++) {
		if (i)
			strbuf_add(f->out, ", ", 2);
		quoted(f->out, tags->tags[i]);
	}
	strbuf_addch(f->out, ']');
	end(f, NULL);
}

/* lvm2's order of status words. */
static const struct flag_text vg_status[] = {
    {VG_EXPORTED, "EXPORTED"},
    {VG_RESIZEABLE, "RESIZEABLE"},
    {VG_READ, "READ"},
    {VG_WRITE, "WRITE"},
    {0, NULL},
};
static const struct flag_text pv_status[] = {
    {PV_ALLOCATABLE, "ALLOCATABLE"}, {PV_EXPORTED, "EXPORTED"}, {0, NULL}};
static const struct flag_text pv_flags[] = {{PV_MISSING, "MISSING"}, {0, NULL}};
static const struct flag_text lv_status[] = {
    {LV_READ, "READ"},       {LV_WRITE, "WRITE"}, {LV_FIXED_MINOR, "FIXED_MINOR"},
    {LV_VISIBLE, "VISIBLE"}, {0, NULL},
};
/* WRITE written as lvm2 writes it in a shared VG: not in the status, and
 * WRITE_LOCKED in the flags (a bit of the export's own, above the
 * model's) */
#define WRITE_LOCKED (1u << 30)
/* lvm2's order of flags (its COMPATIBLE_FLAG words) */
static const struct flag_text lv_flags[] = {{WRITE_LOCKED, "WRITE_LOCKED"},
                                            {LV_ACTIVATION_SKIP, "ACTIVATION_SKIP"},
                                            {LV_NOAUTOACTIVATE, "NOAUTOACTIVATE"},
                                            {0, NULL}};
static const struct flag_text vg_flags[] = {
    {WRITE_LOCKED, "WRITE_LOCKED"}, {VG_NOAUTOACTIVATE, "NOAUTOACTIVATE"}, {0, NULL}};

/* lvm2's vg_flag_write_locked: a VG with a lock type (or a system ID,
 * which vgtool never writes) */
static unsigned written_status(const struct vg *vg, unsigned status, unsigned write)
{
	int locked = (vg->lock_type && *vg->lock_type && strcmp(vg->lock_type, "none")) ||
	             (vg->system_id && *vg->system_id);
	if (locked && (status & write))
		status = (status & ~write) | WRITE_LOCKED;
	return status;
}

static void open_section(struct fmt *f, const char *name)
{
	begin(f);
	strbuf_addstr(f->out, name);
	strbuf_add(f->out, " {", 2);
	end(f, NULL);
	f->indent++;
}

static void close_section(struct fmt *f)
{
	f->indent--;
	begin(f);
	strbuf_addch(f->out, '}');
	end(f, NULL);
}

/* PVs are renumbered pv0, pv1, ... in VG order on every export. */
static int pv_index(const struct vg *vg, const struct pv *pv)
{
	for (size_t i = 0; i < vg->n_pvs; i++)
		if (vg->pvs[i] == pv)
			return (int)i;
	return -1;
}

static void export_pvs(struct fmt *f, const struct vg *vg)
{
	char buf[64];
	open_section(f, "physical_volumes");
	for (size_t i = 0; i < vg->n_pvs; i++) {
		const struct pv *pv = vg->pvs[i];
		char id[UUID_FORMATTED_LEN + 1], name[32];
		/* lvm2 names a PV it could not find "[unknown]" */
		const char *dev = pv->dev_path                ? pv->dev_path
		                  : (pv->status & PV_MISSING) ? "[unknown]"
		                                              : pv->device_hint;

		uuid_format(pv->id, id);
		numbered(name, "pv", i);
		blank(f);
		open_section(f, name);
		str_line(f, NULL, "id", id);
		str_line(f, "# Hint only", "device", dev ? dev : "unknown device");
		if (pv->device_id_type && pv->device_id) {
			str_line(f, NULL, "device_id_type", pv->device_id_type);
			str_line(f, NULL, "device_id", pv->device_id);
		}
		blank(f);
		flags_line(f, "status", pv->status, pv_status);
		flags_line(f, "flags", pv->status, pv_flags);
		tags_line(f, &pv->tags);
		num_line(f, size_comment(f, pv->dev_size, buf, sizeof(buf)), "dev_size",
		         pv->dev_size);
		num_line(f, NULL, "pe_start", pv->pe_start);
		num_line(
		    f, size_comment(f, (uint64_t)pv->pe_count * vg->extent_size, buf, sizeof(buf)),
		    "pe_count", pv->pe_count);
		if (pv->ba_start || pv->ba_size) {
			num_line(f, NULL, "ba_start", pv->ba_start);
			num_line(f, size_comment(f, pv->ba_size, buf, sizeof(buf)), "ba_size",
			         pv->ba_size);
		}
		close_section(f);
	}
	close_section(f);
}

static void export_segment(struct fmt *f, const struct vg *vg, const struct segment *seg, size_t n)
{
	char buf[64], name[32];
	numbered(name, "segment", n);
	open_section(f, name);
	num_line(f, NULL, "start_extent", seg->le);
	num_line(f, size_comment(f, (uint64_t)seg->len * vg->extent_size, buf, sizeof(buf)),
	         "extent_count", seg->len);
	blank(f);
	if (seg->type == SEG_STRIPED) {
		str_line(f, NULL, "type", "striped");
		num_line(f, seg->stripe_count == 1 ? "# linear" : NULL, "stripe_count",
		         seg->stripe_count);
		if (seg->stripe_count > 1)
			num_line(f, size_comment(f, seg->stripe_size, buf, sizeof(buf)),
			         "stripe_size", seg->stripe_size);
		blank(f);
		key_is(f, "stripes");
		strbuf_addch(f->out, '[');
		end(f, NULL);
		f->indent++;
		for (uint32_t a = 0; a < seg->stripe_count; a++) {
			begin(f);
			strbuf_add(f->out, "\"pv", 3);
			add_u64(f->out, (uint64_t)pv_index(vg, seg->areas[a].pv));
			strbuf_add(f->out, "\", ", 3);
			add_u64(f->out, seg->areas[a].pe);
			if (a + 1 < seg->stripe_count)
				strbuf_addch(f->out, ',');
			end(f, NULL);
		}
		f->indent--;
		begin(f);
		strbuf_addch(f->out, ']');
		end(f, NULL);
	} else if (seg->type == SEG_SNAPSHOT) {
		str_line(f, NULL, "type", "snapshot");
		num_line(f, NULL, "chunk_size", seg->chunk_size);
		str_line(f, NULL, "origin", seg->origin->name);
		str_line(f, NULL, seg->merging ? "merging_store" : "cow_store", seg->cow->name);
	} else if (seg->type == SEG_ZERO) {
		/* a virtual origin's: no areas, nothing else (as lvm2) */
		str_line(f, NULL, "type", "zero");
	}
	close_section(f);
}

/* "# %Y-%m-%d %T %z" as strftime writes it, by hand: every LV of a backup
 * file has one, and strftime cost two thousand instructions each. */
static void format_when(char *buf, size_t len, const struct tm *tm)
{
	long off = tm->tm_gmtoff, year = 1900L + tm->tm_year;
	char sign = off < 0 ? '-' : '+';

	if (off < 0)
		off = -off;
	off /= 60;
	if (year < 0 || year > 9999 || off > 99 * 60 + 59 || len < 32) {
		strftime(buf, len, "# %Y-%m-%d %T %z", tm);
		return;
	}
	char *o = buf;
	const int two[] = {tm->tm_mon + 1, tm->tm_mday,     tm->tm_hour,    tm->tm_min,
	                   tm->tm_sec,     (int)(off / 60), (int)(off % 60)};
	/* what comes before each two-digit number ('?': the offset's sign) */
	static const char *const before[] = {"-", "-", " ", ":", ":", " ?", ""};

	*o++ = '#';
	*o++ = ' ';
	*o++ = (char)('0' + year / 1000);
	*o++ = (char)('0' + year / 100 % 10);
	*o++ = (char)('0' + year / 10 % 10);
	*o++ = (char)('0' + year % 10);
	for (int i = 0; i < 7; i++) {
		for (const char *c = before[i]; *c; c++)
			*o++ = *c == '?' ? sign : *c;
		*o++ = (char)('0' + two[i] / 10 % 10);
		*o++ = (char)('0' + two[i] % 10);
	}
	*o = '\0';
}

static void export_lv(struct fmt *f, const struct vg *vg, const struct lv *lv)
{
	char id[UUID_FORMATTED_LEN + 1];

	uuid_format(lv->id, id);
	blank(f);
	open_section(f, lv->name);
	str_line(f, NULL, "id", id);
	flags_line(f, "status", written_status(vg, lv->status, LV_WRITE), lv_status);
	flags_line(f, "flags", written_status(vg, lv->status, LV_WRITE), lv_flags);
	tags_line(f, &lv->tags);
	if (lv->creation_host) {
		char when[64] = "";
		time_t t = (time_t)lv->creation_time;
		struct tm tm;
		/* the comment shows in backup files only: no clock work for
		 * the text of a metadata area */
		if (f->layout == TEXT_FILE && localtime_r(&t, &tm))
			format_when(when, sizeof(when), &tm);
		num_line(f, when[0] ? when : NULL, "creation_time", lv->creation_time);
		str_line(f, NULL, "creation_host", lv->creation_host);
	}
	if (lv->lock_args)
		str_line(f, NULL, "lock_args", lv->lock_args);
	if (lv->allocation_policy)
		str_line(f, NULL, "allocation_policy", lv->allocation_policy);
	if (lv->read_ahead == -1)
		line(f, "# None", "read_ahead = -1");
	else if (lv->read_ahead >= 0)
		num_line(f, NULL, "read_ahead", (uint64_t)lv->read_ahead);
	if (lv->major >= 0)
		num_line(f, NULL, "major", (uint64_t)lv->major);
	if (lv->minor >= 0)
		num_line(f, NULL, "minor", (uint64_t)lv->minor);
	num_line(f, NULL, "segment_count", lv->n_segs);
	blank(f);
	for (size_t s = 0; s < lv->n_segs; s++)
		export_segment(f, vg, &lv->segs[s], s + 1);
	close_section(f);
}

static void export_lvs(struct fmt *f, const struct vg *vg)
{
	if (!vg->n_lvs)
		return;
	open_section(f, "logical_volumes");
	/* user-visible LVs first (a snapshot's COW LV counts as visible,
	 * its snapshotN LV does not), then the others, as lvm2 */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < vg->n_lvs; i++)
			if (lv_is_user_visible(vg, vg->lvs[i]) == !pass)
				export_lv(f, vg, vg->lvs[i]);
	close_section(f);
}

static void export_header(struct fmt *f, const struct text_origin *o)
{
	char when[64];
	struct tm tm;
	struct strbuf desc = STRBUF_INIT;

	/* ctime()'s layout, newline included: lvm2 leaves a blank line after */
	if (!localtime_r(&o->now, &tm) || !strftime(when, sizeof(when), "%a %b %e %T %Y\n", &tm))
		strcpy(when, "\n");
	line(f, NULL, "# Generated by %s: %s", VGTOOL_GENERATOR, when);
	str_line(f, NULL, "contents", "Text Format Volume Group");
	line(f, NULL, "version = 1");
	blank(f);
	quoted(&desc, o->description ? o->description : "");
	line(f, NULL, "description = %s", desc.buf);
	blank(f);
	strbuf_release(&desc);
	{
		struct strbuf host = STRBUF_INIT;
		quoted(&host, o->hostname ? o->hostname : "");
		line(f, NULL, "creation_host = %s\t# %s", host.buf,
		     o->system_line ? o->system_line : "");
		strbuf_release(&host);
	}
	line(f, NULL, "creation_time = %llu\t# %s", (unsigned long long)o->now, when);
}

void text_export_vg(const struct vg *vg, enum text_layout layout, const struct text_origin *o,
                    struct strbuf *out)
{
	struct fmt f = {out, layout, 0, 0};
	char id[UUID_FORMATTED_LEN + 1], buf[64];

	if (layout == TEXT_FILE)
		export_header(&f, o);
	open_section(&f, vg->name);
	uuid_format(vg->id, id);
	str_line(&f, NULL, "id", id);
	num_line(&f, NULL, "seqno", vg->seqno);
	str_line(&f, "# informational", "format", "lvm2");
	flags_line(&f, "status", written_status(vg, vg->status, VG_WRITE), vg_status);
	flags_line(&f, "flags", written_status(vg, vg->status, VG_WRITE), vg_flags);
	tags_line(&f, &vg->tags);
	if (vg->system_id && *vg->system_id)
		str_line(&f, NULL, "system_id", vg->system_id);
	if (vg->lock_type) {
		str_line(&f, NULL, "lock_type", vg->lock_type);
		if (vg->lock_args)
			str_line(&f, NULL, "lock_args", vg->lock_args);
	}
	num_line(&f, size_comment(&f, vg->extent_size, buf, sizeof(buf)), "extent_size",
	         vg->extent_size);
	num_line(&f, NULL, "max_lv", vg->max_lv);
	num_line(&f, NULL, "max_pv", vg->max_pv);
	if (vg->allocation_policy) {
		blank(&f);
		str_line(&f, NULL, "allocation_policy", vg->allocation_policy);
	}
	num_line(&f, NULL, "metadata_copies", vg->metadata_copies);
	blank(&f);
	export_pvs(&f, vg);
	blank(&f);
	export_lvs(&f, vg);
	blank(&f);
	close_section(&f);
	if (layout == TEXT_DISK)
		export_header(&f, o);
}

uint64_t text_size_as_lvm2(uint64_t len)
{
	uint64_t ours = sizeof(VGTOOL_GENERATOR) - 1, theirs = sizeof(LVM2_GENERATOR) - 1;
	return theirs > ours ? len + (theirs - ours) : len;
}
