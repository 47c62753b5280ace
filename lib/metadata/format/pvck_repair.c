/* pvck's repairs (see pvck_repair.h), after lvm2 2.03.16's tools/pvck.c.
 *
 * What each repair writes:
 *   label_header  the 32-byte label header of the label sector (id,
 *                 sector, offset, type, crc), the PV header kept as is;
 *   pv_header     the whole label sector: the PV's uuid, device size and
 *                 data start from the metadata (or --settings), a first
 *                 metadata area from 4096 to the data start, a second
 *                 one where the old PV header or an old area header
 *                 says (or --settings), the extension marked used;
 *   metadata      in each metadata area of the label, the file's text
 *                 right after the area header, and a new header whose
 *                 committed location is that text.
 * Unlike lvm2, the label sector of pv_header is built whole (bytes past
 * the lists are zeroed, not kept), and a bootloader area the metadata
 * names is kept in the PV header, the first area ending where it starts
 * (lvm2 drops it and lets the first area run over it). */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "metadata/format/label.h"
#include "metadata/format/pvck_repair.h"
#include "metadata/format/text.h"
#include "misc/crc.h"
#include "misc/log.h"
#include "misc/xalloc.h"

#define FIRST_MDA_OFFSET 4096ULL
#define ONE_MIB          1048576ULL
#define PV_EXT_VERSION   2
/* lvm2 takes a metadata file as metadata only from this size on */
#define MIN_TEXT_SIZE 129
/* a new header's text starts right after it */
#define TEXT_OFFSET MDA_HEADER_SIZE

struct rp {
	const struct pvck_repair_env *e;
	struct pvck_plan *plan;
};

static int rd(const struct pvck_dev *d, uint64_t off, void *buf, size_t len)
{
	if (off > d->size || len > d->size - off)
		return -1;
	return d->read(d->arg, off, buf, len);
}

/* Each line of `lines` (indented by two spaces) through `print`. */
static void print_lines(const struct strbuf *lines, int strip, void (*print)(const char *fmt, ...))
{
	const char *p = lines->buf;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		int skip = strip && len >= 2 && !strncmp(p, "  ", 2) ? 2 : 0;
		print("%.*s", len - skip, p + skip);
		p = nl ? nl + 1 : NULL;
	}
}

/* The label walk of the dumps: its CHECK lines go to stdout, as lvm2's
 * repairs print them; a failed read is said there too. */
static void walk(struct rp *r, struct pvck_label_info *li)
{
	struct strbuf out = STRBUF_INIT, warn = STRBUF_INIT;

	pvck_label_walk(r->e->d, r->e->label_sector, &out, &warn, li);
	print_lines(&out, 1, log_print);
	print_lines(&warn, 0, log_verbose);
	strbuf_release(&out);
	strbuf_release(&warn);
}

static struct pvck_step *new_step(struct rp *r, const char *what)
{
	struct pvck_step *s = &r->plan->steps[r->plan->n++];
	strbuf_init(&s->lines, 0);
	s->what = what;
	return s;
}

static void step_line(struct pvck_step *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void step_line(struct pvck_step *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&s->lines, fmt, ap);
	va_end(ap);
	strbuf_addch(&s->lines, '\n');
}

static uint8_t *step_write(struct pvck_step *s, uint64_t offset, size_t len)
{
	struct pvck_write *w = &s->w[s->n_w++];
	w->offset = offset;
	w->len = len;
	w->buf = xcalloc(1, len ? len : 1);
	return w->buf;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* --- the metadata file --- */

/* Bytes from `pos` to and with the next newline or NUL (or to `len`). */
static size_t line_len(const char *buf, size_t len, size_t pos)
{
	size_t i = pos;
	while (i < len && buf[i] != '\n' && buf[i])
		i++;
	return i < len ? i + 1 - pos : i - pos;
}

void pvck_backup_to_raw(const char *buf, size_t len, struct strbuf *out)
{
	size_t pos = 0, head = 0, n;
	int found = 0, name_len;

	/* the VG section starts at the first line that opens one; what the
	 * file has before it goes last */
	while (pos < len && !found) {
		n = line_len(buf, len, pos);
		if (n >= 3 && pvck_vgname_start(buf + pos, n, &name_len)) {
			strbuf_add(out, buf + pos, n);
			head = pos;
			found = 1;
		}
		pos += n;
	}
	while (found && pos < len && buf[pos]) {
		const char *l = buf + pos;
		size_t end, i = 0;

		n = line_len(buf, len, pos);
		pos += n;
		end = n && (l[n - 1] == '\n' || !l[n - 1]) ? n - 1 : n;
		while (i < end && l[i] == '\t')
			i++;
		/* a tab with a '#' after it starts the line's comment */
		for (size_t j = i; j < end; j++)
			if (l[j] == '\t' && memchr(l + j, '#', end - j)) {
				end = j;
				break;
			}
		strbuf_add(out, l + i, end - i);
		strbuf_addch(out, '\n');
	}
	if (found)
		strbuf_add(out, buf, head);
}

/* lvm2's checks of the text (with its NUL, `size` bytes). */
static int check_text(struct pvck_mfile *mf, const char *text, uint64_t size, int yes)
{
	const char *id;
	int name_len;

	if (size < MIN_TEXT_SIZE) {
		log_error("Invalid raw text metadata in file.  File size is too small.");
		return -1;
	}
	/* pvck's own stdout saved to a file, a likely mistake */
	if (isspace((unsigned char)text[0]) && isspace((unsigned char)text[1]) &&
	    strstr(text, "---")) {
		log_error("Invalid raw text metadata in file (pvck stdout is not valid input, see "
		          "pvck -f).");
		return -1;
	}
	if (text[size - 2] != '\n' || text[size - 3] != '\n')
		log_warn("WARNING: unexpected final bytes of raw metadata, expected \\n\\n\\0.");
	if (pvck_vgname_start(text, size, &name_len)) {
		if (!(id = strstr(text, "id = "))) {
			log_error("Invalid raw text metadata in file.  (No VG UUID found.)");
			return -1;
		}
		/* the 38 characters after `id = "` */
		strncpy(mf->vg_id, id + 6, UUID_FORMATTED_LEN);
		mf->vg_id[UUID_FORMATTED_LEN] = '\0';
		return 0;
	}
	log_warn("WARNING: file data does not begin with a VG name and may be invalid.");
	if (!yes) {
		/* lvm2 asks "Write input file data to disk?" */
		log_error("Invalid raw text metadata in file: it is written only with -y.");
		return -1;
	}
	return 0;
}

int pvck_mfile_load(const char *name, const char *buf, size_t len, int yes, struct pvck_mfile *mf)
{
	struct strbuf t = STRBUF_INIT;
	size_t n;

	memset(mf, 0, sizeof(*mf));
	mf->name = name;
	if (!len) {
		log_error("Empty file: %s", name);
		return -1;
	}
	if (len >= 11 && !strncmp(buf, "# Generated", 11))
		pvck_backup_to_raw(buf, len, &t);
	else
		strbuf_add(&t, buf, len);
	/* the text ends with its NUL, which the area holds too */
	strbuf_addch(&t, '\0');
	if (check_text(mf, t.buf, t.len, yes)) {
		strbuf_release(&t);
		return -1;
	}
	mf->text = strbuf_detach(&t, &n);
	mf->size = n;
	mf->crc = lvm_crc32(LVM_CRC_INITIAL, mf->text, n);
	return 0;
}

void pvck_mfile_release(struct pvck_mfile *mf)
{
	free(mf->text);
	mf->text = NULL;
}

/* --- the PV header --- */

const struct pv *pvck_choose_pv(const struct vg *vg, const char *set_id, const char *cur_id,
                                const char *dev_name, int (*is_dev)(void *arg, const char *hint),
                                void *arg)
{
	const char *use = set_id ? set_id : cur_id;

	if (set_id && cur_id && strcmp(set_id, cur_id))
		log_warn("WARNING: existing PV UUID %s does not match pv_uuid setting %s.", cur_id,
		         set_id);
	/* by uuid when one is known; else by the device name the metadata
	 * last saw (weak, but the uuid is then checked unused elsewhere) */
	for (size_t i = 0; i < vg->n_pvs; i++) {
		const struct pv *pv = vg->pvs[i];
		if (use ? !strcmp(pv->id, use)
		        : pv->device_hint && is_dev && is_dev(arg, pv->device_hint))
			return pv;
	}
	if (set_id)
		log_error("PV UUID %s not found in metadata file.", set_id);
	else if (cur_id)
		log_error("PV UUID %s in existing pv_header not found in metadata file: specify a "
		          "PV UUID from metadata in --settings.",
		          cur_id);
	else
		log_error("PV name %s not found in metadata file: specify a PV UUID from metadata "
		          "in --settings.",
		          dev_name);
	return NULL;
}

int pvck_mda2_default(uint64_t dev_size, uint64_t *offset, uint64_t *size)
{
	uint64_t whole = dev_size / SECTOR_SIZE * SECTOR_SIZE;

	if (whole < 2 * ONE_MIB)
		return -1;
	*offset = whole - whole % ONE_MIB - ONE_MIB;
	*size = whole - *offset;
	return 0;
}

int pvck_mda2_matches(const uint8_t *area, uint64_t offset, uint64_t size, const char *vg_id)
{
	struct mda_header h;
	unsigned faults;
	size_t id_len = strlen(vg_id);

	if (size < 2 * MDA_HEADER_SIZE)
		return 0;
	/* magic, version and start right: a header (its checksum is not
	 * asked, as in lvm2) */
	faults = mda_header_faults(area, offset, &h);
	if (faults & MDA_BAD_MAGIC)
		return 0;
	if (faults & MDA_BAD_VERSION) {
		log_print("Skipping mda2 (wrong mda_header.version)");
		return 0;
	}
	if (faults & MDA_BAD_START) {
		log_print("Skipping mda2 (wrong mda_header.start)");
		return 0;
	}
	/* and the VG's id in a text of the ring's first half: the header may
	 * be left over from an older PV on this device */
	for (uint64_t i = 0; i < size / 1024; i++) {
		const char *p = (const char *)area + MDA_HEADER_SIZE + i * SECTOR_SIZE;
		if (memmem(p, strnlen(p, 256), vg_id, id_len)) {
			log_print("Found mda2 header at offset %llu size %llu",
			          (unsigned long long)offset, (unsigned long long)size);
			return 1;
		}
	}
	log_print("Skipping mda2 (no matching VG UUID in metadata area)");
	return 0;
}

/* An area header at 4096 (lvm2 looks at its magic only)? */
static int has_mda1(struct rp *r)
{
	uint8_t b[MDA_HEADER_SIZE];
	struct mda_header h;

	return !rd(r->e->d, FIRST_MDA_OFFSET, b, sizeof(b)) &&
	       !(mda_header_faults(b, FIRST_MDA_OFFSET, &h) & MDA_BAD_MAGIC);
}

static int find_mda2(struct rp *r, uint64_t *offset, uint64_t *size)
{
	const struct pvck_mfile *mf = r->e->mf;
	uint64_t o, s;
	uint8_t *area;
	int found = 0;

	if (pvck_mda2_default(r->e->d->size, &o, &s))
		return 0;
	area = xmalloc(s);
	if (!rd(r->e->d, o, area, s))
		found = pvck_mda2_matches(area, o, s, mf ? mf->vg_id : "");
	free(area);
	if (found) {
		*offset = o;
		*size = s;
	}
	return found;
}

/* What goes into the PV header besides its areas. */
struct pv_values {
	char id[UUID_LEN + 1];
	uint64_t dev_size, data_offset, ba_start, ba_size; /* bytes */
};

/* From --settings alone (all three given, no file), or from the file's
 * PV.  0 or -1 (logged). */
static int pv_values(struct rp *r, const struct pvck_label_info *li, struct pv_values *v)
{
	const struct pvck_settings *set = r->e->set;
	const struct pvck_mfile *mf = r->e->mf;
	const struct pv *pv;
	struct vg *vg;

	memset(v, 0, sizeof(*v));
	if (set->device_size_set && set->pv_id_set && set->data_offset_set && !mf) {
		memcpy(v->id, set->pv_id, sizeof(v->id));
		v->dev_size = set->device_size;
		v->data_offset = set->data_offset / SECTOR_SIZE * SECTOR_SIZE;
		if (r->e->d->size != v->dev_size)
			log_warn(
			    "WARNING: device_size setting %llu bytes does not match device size "
			    "%llu bytes.",
			    (unsigned long long)v->dev_size, (unsigned long long)r->e->d->size);
		return 0;
	}
	if (!mf) {
		log_error("Metadata input file is needed for pv_header info: see pvck --dump to "
		          "locate and create a metadata file.");
		return -1;
	}
	if (!(vg = text_import_vg(mf->text, strlen(mf->text), mf->name))) {
		log_error("Invalid metadata file.");
		return -1;
	}
	pv = pvck_choose_pv(vg, set->pv_id_set ? set->pv_id : NULL,
	                    uuid_valid_raw(li->pv_id) ? li->pv_id : NULL, r->e->d->name,
	                    r->e->is_dev, r->e->arg);
	if (pv) {
		memcpy(v->id, pv->id, sizeof(v->id));
		v->dev_size = pv->dev_size * SECTOR_SIZE;
		v->data_offset = pv->pe_start * SECTOR_SIZE;
		v->ba_start = pv->ba_start * SECTOR_SIZE;
		v->ba_size = pv->ba_size * SECTOR_SIZE;
	}
	vg_free(vg);
	return pv ? 0 : -1;
}

/* The areas the new PV header lists: those of the old one, else those
 * whose headers are found, else (with -y) a first one; or as the
 * settings say.  0 with nl's areas set, or -1 (logged). */
static int pv_areas(struct rp *r, const struct pvck_label_info *li, struct pvck_label_info *nl)
{
	const struct pvck_settings *set = r->e->set;
	uint64_t mda2_offset = li->mda2_offset, mda2_size = li->mda2_size;
	int count = li->mda_count;

	/* a PV header zeroed with its areas' list: look for the areas */
	if (!count) {
		if (has_mda1(r))
			count = 1;
		if (find_mda2(r, &mda2_offset, &mda2_size))
			count = 2;
	}
	if (!count && set->mda_offset_set && set->mda_size_set && !set->mda_offset &&
	    !set->mda_size) {
		log_warn("WARNING: PV will have no metadata with zero metadata areas.");
	} else if (!count) {
		log_warn("WARNING: no previous metadata areas found on device.");
		if (!r->e->yes) {
			/* lvm2 asks "Should a metadata area be included?" */
			log_error("A metadata area is included only with -y; to repair with zero "
			          "metadata areas, use --settings \"mda_offset=0 mda_size=0\".");
			return -1;
		}
		count = 1;
	}
	if (count && (set->mda2_offset_set || set->mda2_size_set)) {
		if (mda2_offset && mda2_offset != set->mda2_offset) {
			log_error(
			    "mda2_offset setting %llu does not match mda2_offset found on disk "
			    "%llu.",
			    (unsigned long long)set->mda2_offset, (unsigned long long)mda2_offset);
			return -1;
		}
		if (mda2_size && mda2_size != set->mda2_size) {
			log_error(
			    "mda2_size setting %llu does not match mda2_size found on disk %llu.",
			    (unsigned long long)set->mda2_size, (unsigned long long)mda2_size);
			return -1;
		}
		mda2_offset = set->mda2_offset;
		mda2_size = set->mda2_size;
		count = 2;
	}
	nl->mda_count = count;
	if (count > 1) {
		nl->mda2_offset = mda2_offset;
		nl->mda2_size = mda2_size;
	}
	return 0;
}

static int plan_pv_header(struct rp *r, struct pvck_label_info *nl)
{
	const struct pvck_repair_env *e = r->e;
	struct pvck_label_info li;
	struct pv_values v;
	struct pv_label l;
	struct pvck_step *s;
	const char *where = NULL;
	uint64_t mda1_end;
	uint8_t *buf;
	int rc;

	memset(nl, 0, sizeof(*nl));
	walk(r, &li);
	/* a zeroed sector, or the wrong device */
	if (!li.found)
		log_warn("WARNING: No LVM label found on %s.  It may not be an LVM device.",
		         e->d->name);
	if (pv_areas(r, &li, nl) || pv_values(r, &li, &v))
		return -1;
	/* the uuid must be this device's alone */
	rc = e->uuid_elsewhere ? e->uuid_elsewhere(e->arg, v.id, &where) : 0;
	if (rc < 0) {
		log_error("Failed to scan devices to check PV UUID.");
		return -1;
	}
	if (rc) {
		log_error("Cannot use PV UUID %s which exists on %s", v.id, where);
		return -1;
	}

	memset(&l, 0, sizeof(l));
	l.sector = e->label_sector;
	memcpy(l.pv_id, v.id, sizeof(l.pv_id));
	l.dev_size = v.dev_size;
	l.data[l.n_data++] = (struct disk_area){v.data_offset, 0};
	mda1_end = v.ba_size ? v.ba_start : v.data_offset;
	if (nl->mda_count > 0) {
		/* checked here: lvm2 would write a size that wrapped */
		if (mda1_end <= FIRST_MDA_OFFSET + MDA_HEADER_SIZE) {
			log_error("Data offset %llu leaves no room for a metadata area at %llu.",
			          (unsigned long long)mda1_end, FIRST_MDA_OFFSET);
			return -1;
		}
		nl->mda1_offset = FIRST_MDA_OFFSET;
		nl->mda1_size = mda1_end - FIRST_MDA_OFFSET;
		l.mda[l.n_mda++] = (struct disk_area){nl->mda1_offset, nl->mda1_size};
	}
	if (nl->mda_count > 1)
		l.mda[l.n_mda++] = (struct disk_area){nl->mda2_offset, nl->mda2_size};
	l.ext_version = PV_EXT_VERSION;
	l.ext_flags = PV_EXT_USED;
	if (v.ba_size)
		l.ba[l.n_ba++] = (struct disk_area){v.ba_start, v.ba_size};
	nl->found = 1;
	memcpy(nl->pv_id, v.id, sizeof(nl->pv_id));

	s = new_step(r, "new LVM header");
	buf = step_write(s, e->label_sector * SECTOR_SIZE, SECTOR_SIZE);
	label_build(&l, buf);
	step_line(s, "Writing label_header.crc 0x%08x pv_header uuid %s device_size %llu",
	          get32(buf + 16), v.id, (unsigned long long)v.dev_size);
	step_line(s,
	          "Writing data_offset %llu mda1_offset %llu mda1_size %llu mda2_offset %llu "
	          "mda2_size %llu",
	          (unsigned long long)v.data_offset, (unsigned long long)nl->mda1_offset,
	          (unsigned long long)nl->mda1_size, (unsigned long long)nl->mda2_offset,
	          (unsigned long long)nl->mda2_size);
	return 0;
}

/* --- the label header --- */

static int plan_label_header(struct rp *r)
{
	const struct pvck_repair_env *e = r->e;
	uint64_t at = e->label_sector * SECTOR_SIZE;
	struct pvck_label_info li;
	struct pvck_step *s;
	uint8_t *buf;

	walk(r, &li);
	if (!li.found) {
		log_warn("WARNING: No LVM label found on %s.  It may not be an LVM device.",
		         e->d->name);
		if (!e->yes) {
			/* lvm2 asks "Write LVM header to device?" */
			log_error(
			    "A new LVM header is written to a device without one only with -y.");
			return -1;
		}
	}
	s = new_step(r, "new LVM header");
	buf = step_write(s, at, SECTOR_SIZE);
	if (rd(e->d, at, buf, SECTOR_SIZE)) {
		log_error("Failed to read label_header at %llu", (unsigned long long)at);
		return -1;
	}
	step_line(s, "Writing label_header.crc 0x%08x", label_header_set(buf, e->label_sector));
	return 0;
}

/* --- the metadata --- */

static int plan_mda(struct rp *r, int num, uint64_t offset, uint64_t size)
{
	const struct pvck_mfile *mf = r->e->mf;
	struct mda_header h;
	struct pvck_step *s;
	uint8_t *text;

	if (offset > r->e->d->size || size > r->e->d->size - offset) {
		log_error("Metadata area %d at %llu size %llu lies past the end of the device.",
		          num, (unsigned long long)offset, (unsigned long long)size);
		return -1;
	}
	/* (lvm2 lets the text run past the area's end) */
	if (size < TEXT_OFFSET || mf->size > size - TEXT_OFFSET) {
		log_error("Metadata text %llu too large for mda_size %llu max %llu",
		          (unsigned long long)mf->size, (unsigned long long)size,
		          (unsigned long long)mda_max_text_size(size));
		return -1;
	}
	s = new_step(r, "new LVM metadata");
	text = step_write(s, offset + TEXT_OFFSET, (size_t)mf->size);
	memcpy(text, mf->text, (size_t)mf->size);
	memset(&h, 0, sizeof(h));
	h.start = offset;
	h.size = size;
	h.loc[0] = (struct raw_locn){TEXT_OFFSET, mf->size, mf->crc, 0};
	mda_header_build(&h, step_write(s, offset, MDA_HEADER_SIZE));
	step_line(s, "Writing metadata at %llu length %llu crc 0x%08x mda%d",
	          (unsigned long long)(offset + TEXT_OFFSET), (unsigned long long)mf->size, mf->crc,
	          num);
	step_line(s, "Writing mda_header at %llu mda%d", (unsigned long long)offset, num);
	return 0;
}

/* The metadata into the areas of the label `known` (the one a --repair
 * writes first), or of the label on disk. */
static int plan_metadata(struct rp *r, const struct pvck_label_info *known)
{
	const struct pvck_settings *set = r->e->set;
	struct pvck_label_info li;
	int num = set->mda_num;

	if (!r->e->mf) {
		log_error("Metadata input file is required.");
		return -1;
	}
	if (known)
		li = *known;
	else
		walk(r, &li);
	if (!li.found) {
		log_error("No lvm label found on device: see --repairtype pv_header to repair "
		          "headers.");
		return -1;
	}
	if (!li.mda_count && set->mda_offset_set && set->mda_size_set && !set->mda_offset &&
	    !set->mda_size) {
		log_print("No metadata areas on device to repair.");
		return 0;
	}
	if (!li.mda_count || (num == 1 && !li.mda1_offset) || (num == 2 && !li.mda2_offset)) {
		log_error("%s: see --repairtype pv_header to repair headers.",
		          !li.mda_count ? "No metadata areas found on device"
		          : num == 1    ? "No mda1 offset found"
		                        : "No mda2 offset found");
		return -1;
	}
	if ((!num || num == 1) && li.mda1_offset && plan_mda(r, 1, li.mda1_offset, li.mda1_size))
		return -1;
	if ((!num || num == 2) && li.mda2_offset && plan_mda(r, 2, li.mda2_offset, li.mda2_size))
		return -1;
	return 0;
}

int pvck_repair_plan(const struct pvck_repair_env *e, enum pvck_repair what, struct pvck_plan *plan)
{
	struct rp r = {e, plan};
	struct pvck_label_info nl;
	int rc = -1;

	memset(plan, 0, sizeof(*plan));
	switch (what) {
	case PVCK_REPAIR_LABEL_HEADER:
		rc = plan_label_header(&r);
		break;
	case PVCK_REPAIR_PV_HEADER:
		rc = plan_pv_header(&r, &nl);
		break;
	case PVCK_REPAIR_METADATA:
		rc = plan_metadata(&r, NULL);
		break;
	case PVCK_REPAIR_ALL:
		/* the metadata goes where the new PV header says */
		rc = plan_pv_header(&r, &nl);
		if (!rc)
			rc = plan_metadata(&r, &nl);
		break;
	}
	if (rc)
		pvck_plan_release(plan);
	return rc;
}

void pvck_plan_release(struct pvck_plan *plan)
{
	for (unsigned i = 0; i < plan->n; i++) {
		strbuf_release(&plan->steps[i].lines);
		for (unsigned j = 0; j < plan->steps[i].n_w; j++)
			free(plan->steps[i].w[j].buf);
	}
	memset(plan, 0, sizeof(*plan));
}

int pvck_repair_parse(const char *name, enum pvck_repair *out)
{
	static const char *const names[] = {"label_header", "pv_header", "metadata"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i])) {
			*out = (enum pvck_repair)i;
			return 0;
		}
	return -1;
}
