/* pvck (see pvck.h).  The walk and its lines follow lvm2 2.03.16's
 * tools/pvck.c, so that the same bytes give the same output; where lvm2
 * would read past a sector or a buffer (a list with no terminator, a size
 * that wraps), this stops with a CHECK line of its own instead.
 *
 * Layout read here (all integers little-endian, offsets in bytes):
 *   label sector (at label_sector * 512): id "LABELONE" 0, sector 8,
 *     crc 16 (of bytes 20-511), offset 20 (32), type "LVM2 001" 24;
 *   PV header at 32: uuid 32, device size 64, then (offset, size) pairs
 *     of 16 bytes: data areas to a zero offset, metadata areas to a zero
 *     offset, then the extension: version, flags, bootloader areas;
 *   metadata area header (512 bytes at the area's start): checksum 0 (of
 *     bytes 4-511), magic 4, version 20, start 24, size 32, then raw
 *     locations of 24 bytes at 40 (committed) and 64 (precommitted):
 *     offset, size, checksum, flags. */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "metadata/format/label.h"
#include "metadata/format/pvck.h"
#include "misc/crc.h"
#include "misc/log.h"
#include "misc/uuid.h"
#include "misc/xalloc.h"

#define FIRST_MDA_OFFSET 4096ULL
#define ONE_MIB          1048576ULL
/* The largest metadata area read whole (metadata_all, _area, _search):
 * lvm2 reads any size; a damaged header could name terabytes. */
#define MAX_AREA_READ (1ULL << 30)
#define NAME_LEN      128

static const char label_id[8] = {'L', 'A', 'B', 'E', 'L', 'O', 'N', 'E'};
static const char label_type[8] = {'L', 'V', 'M', '2', ' ', '0', '0', '1'};
static const char mda_magic[16] = {' ', 'L', 'V', 'M', '2', ' ', 'x', '[',
                                   '5', 'A', '%', 'r', '0', 'N', '*', '>'};

enum { PRINT_NONE, PRINT_CURRENT, PRINT_ALL };

struct run {
	const struct pvck_dev *d;
	const struct pvck_opts *o;
	struct strbuf *out, *file, *warn;
	unsigned file_texts; /* texts written to the file so far */
};

static void say(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct run *r, const char *fmt, ...)
{
	va_list ap;
	strbuf_addstr(r->out, "  ");
	va_start(ap, fmt);
	strbuf_vaddf(r->out, fmt, ap);
	va_end(ap);
	strbuf_addch(r->out, '\n');
}

static void warn(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct run *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(r->warn, fmt, ap);
	va_end(ap);
	strbuf_addch(r->warn, '\n');
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Bytes of the device; what lies outside it cannot be read. */
static int rd(struct run *r, uint64_t off, void *buf, size_t len)
{
	if (off > r->d->size || len > r->d->size - off || r->d->read(r->d->arg, off, buf, len)) {
		warn(r, "Error reading device %s at %llu length %zu.", r->d->name,
		     (unsigned long long)off, len);
		return -1;
	}
	return 0;
}

/* lvm2's way to show a char field: printable ASCII as is, else '?'. */
static const char *chars(const uint8_t *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = in[i] >= 0x20 && in[i] < 0x7f ? (char)in[i] : '?';
	out[n] = '\0';
	return out;
}

/* Bytes from the disk that go into one of pvck's lines (a VG name, an id,
 * a description): control bytes, which would break the line or drive the
 * terminal, are shown as '?' (lvm2 prints them as they are). */
static char *printable(char *s)
{
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 ? *p != '\t' : *p == 0x7f)
			*p = '?';
	return s;
}

/* ... and the magic: each byte in hex, without leading zeros. */
static const char *hexchars(const uint8_t *in, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		o += (size_t)sprintf(out + o, "%x", in[i]);
	return out;
}

/* --- label and PV header --- */

/* A list of (offset, size) pairs at *pos of the label sector, printed
 * under `name` with what each entry is.  The list ends at a zero offset
 * (lvm2 does not look at the size); the end entry is printed too.  0, or
 * -1 when the sector ends first. */
static int walk_list(struct run *r, const uint8_t *s, uint64_t base, size_t *pos, int *index,
                     const char *name, const char *what, int print, struct pvck_label_info *li,
                     int mdas)
{
	for (;;) {
		uint64_t off, size, at = base + *pos;
		if (*pos + 16 > SECTOR_SIZE) {
			say(r, "CHECK: %s[%d] at %llu runs past the label sector", name, *index,
			    (unsigned long long)at);
			return -1;
		}
		off = get64(s + *pos);
		size = get64(s + *pos + 8);
		if (print) {
			say(r, "%s[%d] at %llu # %s", name, *index, (unsigned long long)at,
			    off ? what : "location list end");
			say(r, "%s[%d].offset %llu", name, *index, (unsigned long long)off);
			say(r, "%s[%d].size %llu", name, *index, (unsigned long long)size);
		}
		if (off && mdas) {
			if (!li->mda_count) {
				li->mda1_offset = off;
				li->mda1_size = size;
				/* the first area starts a page of the machine that made
				 * the PV in */
				if (off != 4096 && off != 8192 && off != 65536)
					say(r,
					    "WARNING: pv_header.disk_locn[%d].offset %llu is "
					    "unexpected "
					    "# for first mda",
					    *index, (unsigned long long)off);
			} else {
				li->mda2_offset = off;
				li->mda2_size = size;
			}
			li->mda_count++;
		}
		*pos += 16;
		(*index)++;
		if (!off)
			return 0;
	}
}

static int dump_label(struct run *r, int print, struct pvck_label_info *li)
{
	uint8_t s[SECTOR_SIZE];
	char str[64];
	uint64_t base = r->o->label_sector * SECTOR_SIZE;
	size_t pos;
	int bad = 0, good_id, good_type, index = 0;
	uint32_t crc;

	memset(li, 0, sizeof(*li));
	if (r->o->label_sector > UINT64_MAX / SECTOR_SIZE || rd(r, base, s, sizeof(s))) {
		say(r, "CHECK: failed to read label_header at %llu", (unsigned long long)base);
		return -1;
	}
	if (print) {
		say(r, "label_header at %llu", (unsigned long long)base);
		say(r, "label_header.id %s", chars(s, 8, str));
		say(r, "label_header.sector %llu", (unsigned long long)get64(s + 8));
		say(r, "label_header.crc 0x%x", get32(s + 16));
		say(r, "label_header.offset %u", get32(s + 20));
		say(r, "label_header.type %s", chars(s + 24, 8, str));
	}
	good_id = !memcmp(s, label_id, sizeof(label_id));
	if (!good_id) {
		say(r, "CHECK: label_header.id expected LABELONE");
		bad++;
	}
	if (get64(s + 8) != r->o->label_sector) {
		/* (lvm2 prints it as an int) */
		say(r, "CHECK: label_header.sector expected %d", (int)r->o->label_sector);
		bad++;
	}
	crc = lvm_crc32(LVM_CRC_INITIAL, s + 20, SECTOR_SIZE - 20);
	if (crc != get32(s + 16)) {
		say(r, "CHECK: label_header.crc expected 0x%x", crc);
		bad++;
	}
	if (get32(s + 20) != 32) {
		say(r, "CHECK: label_header.offset expected 32");
		bad++;
	}
	good_type = !memcmp(s + 24, label_type, sizeof(label_type));
	if (!good_type) {
		say(r, "CHECK: label_header.type expected LVM2 001");
		bad++;
	}
	li->found = good_id && good_type;

	/* the PV header always follows at 32, whatever the offset field says */
	if (print) {
		say(r, "pv_header at %llu", (unsigned long long)(base + 32));
		say(r, "pv_header.pv_uuid %s", chars(s + 32, UUID_LEN, str));
		say(r, "pv_header.device_size %llu", (unsigned long long)get64(s + 64));
	}
	memcpy(str, s + 32, UUID_LEN);
	str[UUID_LEN] = '\0';
	memcpy(li->pv_id, str, sizeof(li->pv_id));
	if (!uuid_valid_raw(str)) {
		say(r, "CHECK: pv_header.pv_uuid invalid format");
		bad++;
	}
	pos = 72;
	if (walk_list(r, s, base, &pos, &index, "pv_header.disk_locn", "location of data area",
	              print, li, 0) ||
	    walk_list(r, s, base, &pos, &index, "pv_header.disk_locn", "location of metadata area",
	              print, li, 1))
		return li->overrun = -1;
	if (pos + 8 > SECTOR_SIZE) {
		say(r, "CHECK: pv_header_extension at %llu runs past the label sector",
		    (unsigned long long)(base + pos));
		return li->overrun = -1;
	}
	if (print) {
		say(r, "pv_header_extension at %llu", (unsigned long long)(base + pos));
		say(r, "pv_header_extension.version %u", get32(s + pos));
		say(r, "pv_header_extension.flags %u", get32(s + pos + 4));
	}
	pos += 8;
	index = 0;
	if (walk_list(r, s, base, &pos, &index, "pv_header_extension.disk_locn", "bootloader area",
	              print, li, 0))
		return li->overrun = -1;
	return bad ? -1 : 0;
}

/* --- metadata text --- */

/* What lvm2 takes from a text for its lines: the first top-level key and
 * the seqno in the section it opens.  Parsed as lvm2's pvck parses it,
 * duplicate keys allowed. */
static const struct cfg_limits lenient = {32u << 20, 64, 4u << 20, 1u << 20, 0};

static int parse_text(const char *text, size_t len, char **vgname, uint32_t *seqno)
{
	struct cfg_node *root = cfg_parse(text, len, &lenient, NULL);
	const struct cfg_node *first;

	if (vgname)
		*vgname = NULL;
	if (seqno)
		*seqno = 0;
	if (!root)
		return -1;
	first = root->child;
	if (first && first->key && vgname && (*vgname = strdup(first->key)))
		printable(*vgname);
	if (first && first->v.type == CFG_SECTION && seqno)
		for (const struct cfg_node *n = first->child; n; n = n->next)
			if (n->key && !strcmp(n->key, "seqno") && n->v.type == CFG_INT) {
				*seqno = (uint32_t)n->v.i;
				break;
			}
	cfg_free(root);
	return 0;
}

/* The committed text the raw location names: checked (checksum, syntax)
 * and printed as lvm2 does. */
static int dump_current_text(struct run *r, int print_fields, int print_metadata, int mn,
                             uint64_t mda_offset, uint64_t mda_size, uint64_t meta_offset,
                             uint64_t meta_size, uint32_t meta_checksum)
{
	char *text, *vgname = NULL;
	uint32_t crc, seqno = 0;
	int bad = 0, failed;

	/* checked before anything is allocated: the sizes come from disk */
	if (meta_offset >= mda_size || meta_size > r->d->size) {
		say(r,
		    "CHECK: failed to read metadata text at mda_header_%d.raw_locn[0].offset %llu "
		    "size %llu",
		    mn, (unsigned long long)meta_offset, (unsigned long long)meta_size);
		return -1;
	}
	text = malloc(meta_size + 1);
	if (!text) {
		say(r, "CHECK: mda_header_%d.raw_locn[0] no mem for metadata text size %llu", mn,
		    (unsigned long long)meta_size);
		return -1;
	}
	if (meta_offset + meta_size > mda_size) {
		/* the text wraps to the start of the ring, after the header */
		uint64_t size_a = mda_size - meta_offset, size_b = meta_size - size_a;
		failed = rd(r, mda_offset + meta_offset, text, size_a) ||
		         rd(r, mda_offset + SECTOR_SIZE, text + size_a, size_b);
	} else {
		failed = rd(r, mda_offset + meta_offset, text, meta_size);
	}
	if (failed) {
		say(r,
		    "CHECK: failed to read metadata text at mda_header_%d.raw_locn[0].offset %llu "
		    "size %llu",
		    mn, (unsigned long long)meta_offset, (unsigned long long)meta_size);
		free(text);
		return -1;
	}
	text[meta_size] = '\0';
	crc = lvm_crc32(LVM_CRC_INITIAL, text, meta_size);
	if (crc != meta_checksum) {
		say(r,
		    "CHECK: metadata text at %llu crc does not match "
		    "mda_header_%d.raw_locn[0].checksum",
		    (unsigned long long)(mda_offset + meta_offset), mn);
		bad++;
	}
	if (parse_text(text, meta_size, &vgname, &seqno)) {
		say(r, "CHECK: failed to parse metadata text at %llu size %llu",
		    (unsigned long long)(mda_offset + meta_offset), (unsigned long long)meta_size);
		bad++;
	}
	if (print_fields || print_metadata)
		say(r, "metadata text at %llu crc 0x%x # vgname %s seqno %u",
		    (unsigned long long)(mda_offset + meta_offset), crc, vgname ? vgname : "?",
		    seqno);
	if (print_metadata) {
		/* printf("%s"): up to the first NUL */
		if (!r->o->to_file) {
			say(r, "---");
			strbuf_addstr(r->out, text);
			strbuf_addch(r->out, '\n');
			say(r, "---");
		} else {
			strbuf_addstr(r->file, text);
		}
	}
	free(vgname);
	free(text);
	return bad ? -1 : 0;
}

/* lvm2's _copy_line: up to `max` bytes of `buf` (NULs past its end), to
 * and with the first newline or NUL; the length it steps over. */
static size_t copy_line(const char *buf, size_t buf_len, size_t at, char *line, size_t max)
{
	size_t i;
	for (i = 0; i < max; i++) {
		line[i] = at + i < buf_len ? buf[at + i] : '\0';
		if (line[i] == '\n' || line[i] == '\0')
			break;
	}
	return i + 1;
}

int pvck_vgname_start(const char *line, size_t line_size, int *len)
{
	int chars_seen = 0, space = 0;

	for (size_t i = 0; i <= NAME_LEN + 2 && i < line_size; i++) {
		char c = line[i];
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '.' || c == '_' || c == '-' || c == '+') {
			if (space)
				return 0;
			chars_seen++;
		} else if (c == ' ') {
			if (!chars_seen || space)
				return 0;
			space++;
		} else if (c == '{') {
			if (!chars_seen || !space)
				return 0;
			*len = chars_seen;
			return 1;
		} else {
			return 0;
		}
	}
	return 0;
}

/* The text starting at `start` of the area `buf` (offsets from the area's
 * start), to its NUL, wrapping to just after the header; stopping where
 * the first text found began.  NULL when there is no end, or too little
 * text to be metadata. */
static char *copy_out_text(struct run *r, const char *buf, uint64_t start, uint64_t first_start,
                           uint64_t mda_size, uint64_t *size, int *bad_end)
{
	uint64_t stop = first_start ? first_start : start, i, len, len_a = 0, len_b = 0;
	char *text;

	for (i = start; i < mda_size && buf[i]; i++)
		;
	if (i < mda_size) {
		len = i - start;
	} else {
		len_a = i - start;
		for (i = SECTOR_SIZE; i < stop && buf[i]; i++)
			;
		if (i >= stop)
			return NULL;
		len_b = i - SECTOR_SIZE;
		len = len_a + len_b;
	}
	if (len < 256) {
		/* (lvm2 gives the offset in the area here) */
		say(r, "skip invalid metadata with len %llu at %llu", (unsigned long long)len,
		    (unsigned long long)start);
		return NULL;
	}
	len++;
	text = calloc(1, len);
	if (!text)
		return NULL;
	if (len_a) {
		memcpy(text, buf + start, len_a);
		memcpy(text + len_a, buf + SECTOR_SIZE, len_b);
	} else {
		memcpy(text, buf + start, len);
	}
	*bad_end = text[len - 1] || len < 3 || text[len - 2] != '\n' || text[len - 3] != '\n';
	*size = len;
	return text;
}

/* The line of `text` that starts with `key`, as lvm2 prints it (-v; lvm2
 * keeps at most 1023 bytes of it); `blank` adds an empty line.  Where the
 * line starts, or NULL. */
static const char *say_line_of(struct run *r, const char *text, const char *key, int blank)
{
	const char *at = strstr(text, key);
	char line[1024];
	size_t len;

	if (!at)
		return NULL;
	len = strcspn(at, "\n");
	if (len > sizeof(line) - 1)
		len = sizeof(line) - 1;
	memcpy(line, at, len);
	line[len] = '\0';
	say(r, "%s%s", printable(line), blank ? "\n" : "");
	return at;
}

/* Every copy of metadata in the area `buf` (mda_size bytes read at
 * mda_offset): lvm2 looks at each sector after the header for a text
 * that starts "name {", "id = ", "seqno = ". */
static void dump_all_text(struct run *r, uint64_t mda_offset, uint64_t mda_size, const char *buf)
{
	char id_first[40] = {0};
	const struct pvck_settings *set = r->o->set;
	uint64_t first_start = 0, count = 0, sectors;
	int multiple_vgs = 0, one_found = 0;

	if (mda_size < SECTOR_SIZE)
		return;
	sectors = (mda_size - SECTOR_SIZE) / SECTOR_SIZE;
	while (count < sectors && !one_found) {
		char line[128], vgname[NAME_LEN + 1] = {0}, id[40] = {0}, *text;
		uint64_t at = SECTOR_SIZE + count * SECTOR_SIZE, p = at, size = 0;
		uint32_t seqno = 0, crc;
		int namelen = 0, bad_end = 0;

		/* --settings metadata_offset: only the copy there is looked at */
		if (set && set->metadata_offset_set) {
			if (set->metadata_offset != mda_offset + at) {
				count++;
				continue;
			}
			one_found = 1;
		}
		memset(line, 0, sizeof(line));
		p += copy_line(buf, mda_size, p, line, sizeof(line) - 1);
		if (!pvck_vgname_start(line, sizeof(line), &namelen)) {
			count++;
			continue;
		}
		memcpy(vgname, line, (size_t)namelen);
		memset(line, 0, sizeof(line));
		p += copy_line(buf, mda_size, p, line, sizeof(line) - 1);
		if (strncmp(line, "id = ", 5)) {
			count++;
			continue;
		}
		memcpy(id, line + 6, 38);
		printable(id);
		memset(line, 0, sizeof(line));
		copy_line(buf, mda_size, p, line, sizeof(line) - 1);
		if (strncmp(line, "seqno = ", 8) || sscanf(line, "seqno = %u", &seqno) != 1) {
			count++;
			continue;
		}
		/* --settings seqno: only the first copy of that seqno */
		if (set && set->seqno_set) {
			if (set->seqno != seqno) {
				count++;
				continue;
			}
			one_found = 1;
		}
		text = copy_out_text(r, buf, at, first_start, mda_size, &size, &bad_end);
		if (!text) {
			warn(r, "Failed to extract full metadata text at %llu, skipping.",
			     (unsigned long long)(mda_offset + at));
			count++;
			continue;
		}
		if (!id_first[0])
			memcpy(id_first, id, sizeof(id_first));
		else if (memcmp(id_first, id, sizeof(id_first)))
			multiple_vgs = 1;
		crc = lvm_crc32(LVM_CRC_INITIAL, text, size);
		say(r, "metadata at %llu length %llu crc %08x vg %s seqno %u id %s",
		    (unsigned long long)(mda_offset + at), (unsigned long long)size, crc, vgname,
		    seqno, id);
		if (!first_start)
			first_start = at;
		if (parse_text(text, size, NULL, NULL))
			warn(r, "WARNING: parse error for metadata at %llu",
			     (unsigned long long)(mda_offset + at));
		if (bad_end)
			warn(r, "WARNING: unexpected terminating bytes for metadata at %llu",
			     (unsigned long long)(mda_offset + at));
		if (r->o->verbose) {
			const char *desc = say_line_of(r, text, "description = ", 0);
			if (desc)
				say_line_of(r, desc, "creation_time = ", 1);
		}
		if (r->o->to_file) {
			if (r->file_texts++)
				strbuf_addstr(r->file, "\n--\n");
			strbuf_addstr(r->file, text);
		}
		free(text);
		count += size < SECTOR_SIZE ? 1 : (size + SECTOR_SIZE - 1) / SECTOR_SIZE;
	}
	if (multiple_vgs)
		warn(r, "WARNING: metadata from multiple VGs was found.");
}

/* The area's bytes, read whole (bounded); NULL after a CHECK line. */
static char *read_area(struct run *r, uint64_t mda_offset, uint64_t mda_size)
{
	char *buf = NULL;

	if (mda_size <= MAX_AREA_READ && mda_size <= r->d->size &&
	    (buf = calloc(1, mda_size ? mda_size : 1)) && !rd(r, mda_offset, buf, mda_size))
		return buf;
	free(buf);
	say(r, "CHECK: failed to read metadata area at offset %llu size %llu",
	    (unsigned long long)mda_offset, (unsigned long long)mda_size);
	return NULL;
}

/* --- metadata area header --- */

/* One raw location: printed, checked; *size clamped as lvm2 does.  0 or
 * -1 (nothing of lvm2's makes it fail today, as in lvm2). */
static int dump_raw_locn(struct run *r, int print, const uint8_t *h, int ri, int mn,
                         uint64_t mda_offset, uint64_t mda_size, uint64_t *offset, uint64_t *size,
                         uint32_t *checksum)
{
	const uint8_t *p = h + 40 + 24 * ri;
	uint64_t off = get64(p), sz = get64(p + 8), limit;
	uint32_t sum = get32(p + 16), flags = get32(p + 20);

	if (print) {
		say(r, "mda_header_%d.raw_locn[%d] at %llu # %s%s", mn, ri,
		    (unsigned long long)(mda_offset + 40 + 24 * (unsigned)ri),
		    ri ? "precommit" : "commit",
		    (off > mda_size || sz > mda_size - off) ? " wrapped" : "");
		say(r, "mda_header_%d.raw_locn[%d].offset %llu", mn, ri, (unsigned long long)off);
		say(r, "mda_header_%d.raw_locn[%d].size %llu", mn, ri, (unsigned long long)sz);
		say(r, "mda_header_%d.raw_locn[%d].checksum 0x%x", mn, ri, sum);
		say(r, "mda_header_%d.raw_locn[%d].flags 0x%x%s", mn, ri, flags,
		    (flags & RAW_LOCN_IGNORED) ? " # RAW_LOCN_IGNORED" : "");
	}
	if (ri == 1 && off)
		say(r, "CHECK: mda_header_%d.raw_locn[%d] for precommit not empty", mn, ri);
	/* an ignored area holds no text worth reading */
	if (flags & RAW_LOCN_IGNORED)
		return 0;
	limit = mda_size > SECTOR_SIZE ? mda_size - SECTOR_SIZE : 0;
	if (sz > limit) {
		say(r, "CHECK: mda_header_%d.raw_locn[%d].size larger than metadata area size", mn,
		    ri);
		sz = limit;
	}
	if (offset) {
		*offset = off;
		*size = sz;
		*checksum = sum;
	}
	return 0;
}

static int dump_mda_header(struct run *r, int print_fields, int print_metadata, int print_area,
                           uint64_t mda_offset, uint64_t mda_size, uint32_t *checksum0,
                           int *found_header)
{
	uint8_t h[MDA_HEADER_SIZE];
	char str[64];
	uint64_t meta_offset = 0, meta_size = 0;
	uint32_t meta_checksum = 0, crc;
	int mn = mda_offset == FIRST_MDA_OFFSET ? 1 : 2, bad = 0, good_magic;

	*checksum0 = 0;
	if (rd(r, mda_offset, h, sizeof(h))) {
		say(r, "CHECK: failed to read mda_header at %llu", (unsigned long long)mda_offset);
		return -1;
	}
	if (print_fields) {
		say(r, "mda_header_%d at %llu # metadata area", mn, (unsigned long long)mda_offset);
		say(r, "mda_header_%d.checksum 0x%x", mn, get32(h));
		say(r, "mda_header_%d.magic 0x%s", mn, hexchars(h + 4, 16, str));
		say(r, "mda_header_%d.version %u", mn, get32(h + 20));
		say(r, "mda_header_%d.start %llu", mn, (unsigned long long)get64(h + 24));
		say(r, "mda_header_%d.size %llu", mn, (unsigned long long)get64(h + 32));
	}
	crc = lvm_crc32(LVM_CRC_INITIAL, h + 4, MDA_HEADER_SIZE - 4);
	if (crc != get32(h)) {
		say(r, "CHECK: mda_header_%d.checksum expected 0x%x", mn, crc);
		bad++;
	}
	good_magic = !memcmp(h + 4, mda_magic, sizeof(mda_magic));
	if (!good_magic) {
		say(r, "CHECK: mda_header_%d.magic expected 0x%s", mn,
		    hexchars((const uint8_t *)mda_magic, 16, str));
		bad++;
	}
	if (get32(h + 20) != 1) {
		say(r, "CHECK: mda_header_%d.version expected 1", mn);
		bad++;
	}
	if (get64(h + 24) != mda_offset) {
		say(r, "CHECK: mda_header_%d.start does not match pv_header.disk_locn.offset %llu",
		    mn, (unsigned long long)mda_offset);
		bad++;
	}
	if (get64(h + 32) != mda_size) {
		say(r, "CHECK: mda_header_%d.size does not match pv_header.disk_locn.size %llu", mn,
		    (unsigned long long)mda_size);
		bad++;
	}
	if (found_header && good_magic)
		*found_header = 1;
	if (print_area) {
		/* lvm2 writes the area from its start, header included, one
		 * sector short of its end */
		char *buf = r->o->to_file ? read_area(r, mda_offset, mda_size) : NULL;
		if (!buf)
			return -1;
		if (mda_size > SECTOR_SIZE)
			strbuf_add(r->file, buf, mda_size - SECTOR_SIZE);
		free(buf);
		return bad ? -1 : 0;
	}
	if (dump_raw_locn(r, print_fields, h, 0, mn, mda_offset, mda_size, &meta_offset, &meta_size,
	                  &meta_checksum))
		bad++;
	*checksum0 = meta_checksum;
	if (dump_raw_locn(r, print_fields, h, 1, mn, mda_offset, mda_size, NULL, NULL, NULL))
		bad++;
	if (!meta_offset)
		return bad ? -1 : 0;
	if (print_metadata <= PRINT_CURRENT &&
	    dump_current_text(r, print_fields, print_metadata, mn, mda_offset, mda_size,
	                      meta_offset, meta_size, meta_checksum))
		bad++;
	if (print_metadata == PRINT_ALL) {
		char *buf = read_area(r, mda_offset, mda_size);
		if (!buf)
			return -1;
		dump_all_text(r, mda_offset, mda_size, buf);
		free(buf);
	}
	return bad ? -1 : 0;
}

/* --- the dumps --- */

/* The label walk of the dumps: 1 with *res set when there is no
 * metadata area to go on with (lvm2's "zero metadata copies", no failure
 * unless a list ran past the sector), else 0; *bad counts damage. */
static int dump_label_areas(struct run *r, int print, struct pvck_label_info *li, int *bad,
                            enum pvck_result *res)
{
	if (dump_label(r, print, li))
		(*bad)++;
	if (li->mda_count)
		return 0;
	say(r, "zero metadata copies");
	*res = li->overrun ? PVCK_BAD : PVCK_OK;
	return 1;
}

static enum pvck_result dump_headers(struct run *r)
{
	struct pvck_label_info li;
	uint32_t sum1 = 0, sum2 = 0;
	int bad = 0;
	enum pvck_result res;

	if (dump_label_areas(r, 1, &li, &bad, &res))
		return res;
	if (dump_mda_header(r, 1, PRINT_NONE, 0, li.mda1_offset, li.mda1_size, &sum1, NULL))
		bad++;
	if (li.mda2_offset) {
		if (dump_mda_header(r, 1, PRINT_NONE, 0, li.mda2_offset, li.mda2_size, &sum2, NULL))
			bad++;
		/* one area committed, the other not */
		if (sum1 && sum2 && sum1 != sum2)
			say(r, "CHECK: mdas have different raw_locn[0].checksum values");
	}
	return bad ? PVCK_BAD : PVCK_OK;
}

/* Where the PV header puts metadata area `num` (1 or 2): 0 and 0 for
 * an area it does not list, or another number. */
static void header_area(const struct pvck_label_info *li, int num, uint64_t *offset, uint64_t *size)
{
	*offset = num == 1 ? li->mda1_offset : num == 2 ? li->mda2_offset : 0;
	*size = num == 1 ? li->mda1_size : num == 2 ? li->mda2_size : 0;
}

static enum pvck_result dump_metadata(struct run *r, int print_metadata, int print_area)
{
	struct pvck_label_info li;
	uint64_t offset, size;
	uint32_t sum;
	int bad = 0;
	enum pvck_result res;

	if (dump_label_areas(r, 0, &li, &bad, &res))
		return res;
	header_area(&li, r->o->mda_num, &offset, &size);
	if (r->o->mda_num == 2 && !offset) {
		say(r, "CHECK: second mda not found");
		bad++;
	} else if ((r->o->mda_num == 1 || r->o->mda_num == 2) &&
	           dump_mda_header(r, 0, print_metadata, print_area, offset, size, &sum, NULL)) {
		bad++;
	}
	return bad ? PVCK_BAD : PVCK_OK;
}

/* The device's size in whole MiB, where lvm2 puts a second area's end;
 * 0 for a device under 2 MiB. */
static uint64_t whole_mib_end(uint64_t dev_size)
{
	uint64_t whole = dev_size / SECTOR_SIZE * SECTOR_SIZE;
	return whole < 2 * ONE_MIB ? 0 : whole - whole % ONE_MIB;
}

/* The area one pair of --settings keys gives: mda_offset and mda_size
 * (mda2 0) for the area mda_num names, or mda2_offset and mda2_size
 * (mda2 1) for the second.  One of offset and size may be left out when
 * mda_num is given; it then comes from the PV header or lvm2's defaults
 * (only the mda2 pair takes the header's offset of the second area).
 * 1 with *offset and *size, -1 when the settings say too little. */
static int settings_area(struct run *r, const struct pvck_label_info *li, int mda2,
                         uint64_t *offset, uint64_t *size)
{
	const struct pvck_settings *set = r->o->set;
	const char *key = mda2 ? "mda2" : "mda";
	int offset_set = mda2 ? set->mda2_offset_set : set->mda_offset_set;
	int size_set = mda2 ? set->mda2_size_set : set->mda_size_set;
	int area = mda2 ? 2 : set->mda_num;
	uint64_t end = whole_mib_end(r->d->size);

	*offset = offset_set ? (mda2 ? set->mda2_offset : set->mda_offset) : 0;
	*size = size_set ? (mda2 ? set->mda2_size : set->mda_size) : 0;
	if (*offset && *size)
		return 1;
	if ((set->mda_num != 0) + offset_set + size_set < 2) {
		warn(r, "Specify at least two values from: mda_num, %s_offset, %s_size.", key, key);
		return -1;
	}
	if (mda2 && set->mda_num == 1) {
		warn(r, "Invalid mda_num=1 and mda2 settings.");
		return -1;
	}
	if (!*size && area == 1)
		*size = li->mda1_size ? li->mda1_size : ONE_MIB - FIRST_MDA_OFFSET;
	else if (!*size && area == 2)
		*size = li->mda2_size ? li->mda2_size : (end > *offset ? end - *offset : 0);
	if (!*offset && area == 1)
		*offset = FIRST_MDA_OFFSET;
	else if (!*offset && mda2 && li->mda2_offset)
		*offset = li->mda2_offset;
	else if (!*offset && area == 2)
		*offset = end > *size ? end - *size : 0;
	/* (said only here, not when both values were given: as lvm2 does) */
	if (!mda2 && (set->mda2_offset_set || set->mda2_size_set))
		say(r, "Ignoring mda2 values from settings.");
	return 1;
}

/* Where --settings put the area to search: 1 with *offset and *size,
 * 0 when they do not say, -1 when they say too little (lvm2's line on
 * warn).  The mda pair wins over the mda2 pair.  (lvm2 2.03.16 takes
 * mda2_size only with mda_size also set, a slip this does not repeat.) */
static int search_settings(struct run *r, const struct pvck_label_info *li, uint64_t *offset,
                           uint64_t *size)
{
	const struct pvck_settings *set = r->o->set;

	if (!set)
		return 0;
	if (set->mda_offset_set || set->mda_size_set)
		return settings_area(r, li, 0, offset, size);
	if (set->mda2_offset_set || set->mda2_size_set)
		return settings_area(r, li, 1, offset, size);
	return 0;
}

/* Metadata looked for where it usually is, headers or not: the first
 * area from the PV header if it gives one, else at 4096 up to 1 MiB; the
 * second from the PV header, else the last MiB (and more) of the device;
 * or where --settings say. */
static enum pvck_result dump_search(struct run *r)
{
	struct pvck_label_info li;
	uint64_t offset = 0, size = 0, header_offset, header_size;
	char *buf;
	int from_settings, mda_num;

	dump_label(r, 0, &li);
	from_settings = search_settings(r, &li, &offset, &size);
	if (from_settings < 0)
		return PVCK_FAILED;
	header_area(&li, r->o->mda_num, &header_offset, &header_size);
	if (from_settings) {
		/* where the settings say */
	} else if (li.found && header_offset && header_size) {
		offset = header_offset;
		size = header_size;
	} else if (r->o->mda_num == 1) {
		offset = FIRST_MDA_OFFSET;
		size = ONE_MIB - FIRST_MDA_OFFSET;
		say(r, "Using common defaults for first mda: offset %llu size %llu.",
		    (unsigned long long)offset, (unsigned long long)size);
		say(r, "Override defaults with --settings \"mda_offset=<bytes> mda_size=<bytes>\"");
	} else if (r->o->mda_num == 2) {
		uint64_t end = whole_mib_end(r->d->size);
		if (!end)
			return PVCK_BAD;
		offset = end - ONE_MIB;
		size = r->d->size / SECTOR_SIZE * SECTOR_SIZE - offset;
		say(r, "Using defaults for second mda: offset %llu size %llu.",
		    (unsigned long long)offset, (unsigned long long)size);
		say(r, "Override defaults with --settings \"mda_offset=<bytes> mda_size=<bytes>\"");
	} else {
		return PVCK_BAD;
	}
	/* (with settings, only the mda_num they give) */
	mda_num = from_settings ? r->o->set->mda_num : r->o->mda_num;
	header_area(&li, mda_num, &header_offset, &header_size);
	if ((header_offset && header_offset != offset) || (header_size && header_size != size))
		say(r, "Ignoring mda%d_offset %llu mda%d_size %llu from pv_header.", mda_num,
		    (unsigned long long)header_offset, mda_num, (unsigned long long)header_size);
	say(r, "Searching for metadata at offset %llu size %llu", (unsigned long long)offset,
	    (unsigned long long)size);
	if (!(buf = read_area(r, offset, size)))
		return PVCK_BAD;
	dump_all_text(r, offset, size, buf);
	free(buf);
	return PVCK_OK;
}

/* pvck without --dump: lvm2's historical two lines, after the CHECK lines
 * of whatever is wrong. */
static enum pvck_result check(struct run *r)
{
	struct pvck_label_info li;
	uint32_t sum;
	int bad = 0, header1 = 0, header2 = 0;

	if (dump_label(r, 0, &li))
		bad++;
	if (li.found && li.mda1_offset &&
	    dump_mda_header(r, 0, PRINT_NONE, 0, li.mda1_offset, li.mda1_size, &sum, &header1))
		bad++;
	if (li.found && li.mda2_offset &&
	    dump_mda_header(r, 0, PRINT_NONE, 0, li.mda2_offset, li.mda2_size, &sum, &header2))
		bad++;
	if (!li.found)
		return PVCK_NO_LABEL;
	say(r, "Found label on %s, sector %llu, type=LVM2 001", r->d->name,
	    (unsigned long long)r->o->label_sector);
	if (header1)
		say(r, "Found text metadata area: offset=%llu, size=%llu",
		    (unsigned long long)li.mda1_offset, (unsigned long long)li.mda1_size);
	if (header2)
		say(r, "Found text metadata area: offset=%llu, size=%llu",
		    (unsigned long long)li.mda2_offset, (unsigned long long)li.mda2_size);
	return bad ? PVCK_BAD : PVCK_OK;
}

enum pvck_result pvck_run(const struct pvck_dev *d, const struct pvck_opts *o, struct strbuf *out,
                          struct strbuf *file, struct strbuf *warnings)
{
	struct run r = {d, o, out, file, warnings, 0};

	switch (o->dump) {
	case PVCK_CHECK:
		return check(&r);
	case PVCK_HEADERS:
		return dump_headers(&r);
	case PVCK_METADATA:
		return dump_metadata(&r, PRINT_CURRENT, 0);
	case PVCK_METADATA_ALL:
		return dump_metadata(&r, PRINT_ALL, 0);
	case PVCK_METADATA_AREA:
		return dump_metadata(&r, PRINT_NONE, 1);
	case PVCK_METADATA_SEARCH:
		return dump_search(&r);
	}
	return PVCK_BAD;
}

int pvck_dump_parse(const char *name, enum pvck_dump *out)
{
	static const struct {
		const char *name;
		enum pvck_dump dump;
	} dumps[] = {
	    {"headers", PVCK_HEADERS},
	    {"metadata", PVCK_METADATA},
	    {"metadata_all", PVCK_METADATA_ALL},
	    {"metadata_area", PVCK_METADATA_AREA},
	    {"metadata_search", PVCK_METADATA_SEARCH},
	};
	for (size_t i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++)
		if (!strcmp(name, dumps[i].name)) {
			*out = dumps[i].dump;
			return 0;
		}
	return -1;
}

int pvck_label_walk(const struct pvck_dev *d, uint64_t label_sector, struct strbuf *out,
                    struct strbuf *warn, struct pvck_label_info *li)
{
	struct pvck_opts o = {PVCK_CHECK, label_sector, 0, 0, 0, NULL};
	struct run r = {d, &o, out, NULL, warn, 0};

	return dump_label(&r, 0, li);
}

/* --- settings --- */

static int setting_number(const char *val, uint64_t max, uint64_t *out)
{
	char *end;

	if (!isdigit((unsigned char)*val))
		return -1;
	errno = 0;
	*out = strtoull(val, &end, 10);
	return *end || errno || *out > max ? -1 : 0;
}

/* One key=value: 0, or -1 (logged). */
static int setting_one(struct pvck_settings *set, const char *key, const char *val)
{
#define SIZE_KEY(name)                                                                             \
	{                                                                                          \
#name, offsetof(struct pvck_settings, name),                                       \
		    offsetof(struct pvck_settings, name##_set)                                     \
	}
	static const struct {
		const char *key;
		size_t value, flag;
	} sizes[] = {
	    SIZE_KEY(metadata_offset), SIZE_KEY(mda_offset), SIZE_KEY(mda_size),
	    SIZE_KEY(mda2_offset),     SIZE_KEY(mda2_size),  SIZE_KEY(device_size),
	    SIZE_KEY(data_offset),
	};
#undef SIZE_KEY
	uint64_t v;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (strcmp(key, sizes[i].key))
			continue;
		if (setting_number(val, UINT64_MAX, &v))
			break;
		memcpy((char *)set + sizes[i].value, &v, sizeof(v));
		*((unsigned char *)set + sizes[i].flag) = 1;
		return 0;
	}
	if (!strcmp(key, "seqno") && !setting_number(val, UINT32_MAX, &v)) {
		set->seqno = (uint32_t)v;
		set->seqno_set = 1;
		return 0;
	}
	if (!strcmp(key, "mda_num") && !setting_number(val, 2, &v)) {
		set->mda_num = (int)v;
		return 0;
	}
	if (!strcmp(key, "pv_uuid")) {
		if (!uuid_parse(val, set->pv_id)) {
			set->pv_id_set = 1;
			return 0;
		}
		log_error("Failed to parse UUID from pv_uuid setting.");
	}
	log_error("Invalid setting: %s", key);
	return -1;
}

int pvck_settings_parse(const char *str, struct pvck_settings *set)
{
	const char *p = str;

	for (;;) {
		const char *key, *key_end, *val;
		char *k, *v;
		int rc;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			return 0;
		/* key, then '=' (spaces around it allowed), then a word */
		key = p;
		key_end = strchr(p, '=');
		if (!key_end || key_end == key) {
			log_error("Invalid setting at: %s", p);
			return -1;
		}
		val = key_end + 1;
		while (key_end > key && isspace((unsigned char)key_end[-1]))
			key_end--;
		while (isspace((unsigned char)*val))
			val++;
		p = val;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (p == val) {
			log_error("Invalid setting at: %s", key);
			return -1;
		}
		k = xstrndup(key, (size_t)(key_end - key));
		v = xstrndup(val, (size_t)(p - val));
		rc = setting_one(set, k, v);
		free(k);
		free(v);
		if (rc)
			return -1;
	}
}
