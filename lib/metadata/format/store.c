/* PVs on disk: scan, read, commit.
 *
 * Commit invariants (what makes a crash at any write harmless):
 *
 *  1. The committed text of an area is never overwritten while the area's
 *     header names it: a new text goes to the free part of the circular
 *     buffer (mda_next_offset refuses when the two copies would overlap).
 *  2. The switch from old to new is one 512-byte sector write (the area
 *     header), which disks perform whole.
 *  3. Every new text, and every label change, of every PV is written and
 *     flushed before the first header is rewritten.  So after a crash each
 *     area names either its old text or a complete new one.
 *  4. Readers take, among the areas whose text passes its checksum, the
 *     highest seqno.  A crash between two PVs' headers therefore reads as
 *     the new VG; before the first header, as the old one.
 *  5. PVs leaving the VG (vgreduce, vgremove) are emptied only after the
 *     remaining PVs are committed; until then their stale copy has the
 *     lower seqno and loses.
 */
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "device/discovery.h"
#include "device/signatures.h"
#include "metadata/format/layout.h"
#include "metadata/format/store.h"
#include "metadata/missing.h"
#include "metadata/pvresize.h"
#include "misc/crc.h"
#include "misc/log.h"
#include "misc/xalloc.h"

static void pv_disk_free(struct pv_disk *pd)
{
	dev_close(&pd->dev);
	free(pd->text);
	free(pd->vg_name);
	free(pd->damage);
	free(pd);
}

void scan_free(struct scan *s)
{
	for (size_t i = 0; i < s->n; i++)
		pv_disk_free(s->pvs[i]);
	for (size_t i = 0; i < s->n_dups; i++)
		pv_disk_free(s->dups[i]);
	free(s->pvs);
	free(s->dups);
	free(s->sums);
	memset(s, 0, sizeof(*s));
}

/* --- duplicates --- */

/* The device name the VG's metadata last recorded for PV `pv_id` ("device
 * = ..."), read from `pd`'s text; NULL when there is none. */
static char *recorded_device(const struct pv_disk *pd, const char *pv_id)
{
	struct vg *vg;
	struct pv *pv;
	char *name = NULL;
	if (!pd->text || !(vg = text_import_vg(pd->text, pd->text_len, pd->dev.path)))
		return NULL;
	if ((pv = vg_find_pv_by_id(vg, pv_id)) && pv->device_hint)
		name = xstrdup(pv->device_hint);
	vg_free(vg);
	return name;
}

/* lvm2's order of preference between two devices with the same PV (its
 * lvmcache, without the rules that need state lvm2 keeps between commands
 * or a devices file).  Returns 1 to prefer `b` over `a`, with the reason. */
static int prefer_second(const struct pv_disk *a, const struct pv_disk *b, const char **why)
{
	char *recorded;
	int x, y;
	if ((x = dev_held_by_lv(a->dev.rdev)) != (y = dev_held_by_lv(b->dev.rdev))) {
		*why = "device is used by LV";
		return y;
	}
	x = a->dev.size == a->label.dev_size;
	y = b->dev.size == b->label.dev_size;
	if (x != y) {
		*why = "device size is correct";
		return y;
	}
	recorded = recorded_device(a, a->label.pv_id);
	x = recorded && !strcmp(recorded, a->dev.path);
	y = recorded && !strcmp(recorded, b->dev.path);
	free(recorded);
	if (x != y) {
		*why = "device name matches previous";
		return y;
	}
	if ((x = dev_is_dm(a->dev.rdev)) != (y = dev_is_dm(b->dev.rdev))) {
		*why = "device is in dm subsystem";
		return y;
	}
	*why = "device was seen first";
	return 0;
}

static void choose_duplicates(struct scan *s)
{
	size_t kept = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct pv_disk *pd = s->pvs[i], *loser = pd;
		char uuid[UUID_FORMATTED_LEN + 1];
		const char *why;
		size_t k;
		for (k = 0; k < kept && strcmp(s->pvs[k]->label.pv_id, pd->label.pv_id); k++)
			;
		if (k == kept) {
			s->pvs[kept++] = pd;
			continue;
		}
		if (prefer_second(s->pvs[k], pd, &why)) {
			loser = s->pvs[k];
			s->pvs[k] = pd;
		}
		uuid_format(pd->label.pv_id, uuid);
		log_warn("WARNING: Not using device %s for PV %s.", loser->dev.path, uuid);
		log_warn("WARNING: PV %s prefers device %s because %s.", uuid, s->pvs[k]->dev.path,
		         why);
		s->dups = xrealloc(s->dups, (s->n_dups + 1) * sizeof(*s->dups));
		s->dups[s->n_dups++] = loser;
	}
	s->n = kept;
}

int scan_vg_has_duplicates(const struct scan *s, const struct vg *vg)
{
	for (size_t i = 0; i < s->n_dups; i++)
		if (vg_find_pv_by_id(vg, s->dups[i]->label.pv_id))
			return 1;
	return 0;
}

static void note_damage(struct pv_disk *pd, const char *what, const struct strbuf *why)
{
	struct strbuf sb = STRBUF_INIT;
	if (pd->damage)
		return;
	strbuf_addf(&sb, "%s: %s", what, why->buf);
	pd->damage = strbuf_detach(&sb, NULL);
	log_verbose("%s: %s", pd->dev.path, pd->damage);
}

/* A device's first bytes, read in one go as lvm2 does (128 KiB): the
 * label, the first area's header and often its text come from there.  As
 * with lvm2, a device whose start cannot be read is no PV for this
 * command (a PV of a VG then shows as missing). */
#define SCAN_HEAD_BYTES (128u << 10)

struct head {
	const uint8_t *buf;
	size_t len;
};

/* Read from the head when it holds the range, else from the device. */
static int head_read(struct pv_disk *pd, const struct head *h, uint64_t off, void *buf, size_t len)
{
	if (off <= h->len && len <= h->len - off) {
		memcpy(buf, h->buf + off, len);
		return 0;
	}
	return dev_read(&pd->dev, off, buf, len);
}

/* Read `len` bytes of circular-buffer text at `offset` of the area. */
static char *read_text(struct pv_disk *pd, const struct head *h, const struct mda_state *m,
                       const struct raw_locn *r)
{
	struct mda_span sp;
	char *buf;

	mda_span(&m->hdr, r->offset, r->size, &sp);
	xalloc_expect_large(r->size);
	buf = xmalloc(r->size + 1);
	if (head_read(pd, h, m->area.offset + sp.off1, buf, sp.len1) ||
	    (sp.len2 && head_read(pd, h, m->area.offset + sp.off2, buf + sp.len1, sp.len2))) {
		free(buf);
		return NULL;
	}
	buf[r->size] = '\0';
	return buf;
}

/* lvm2's warnings for an area it cannot use, in its words, so that a
 * script watching for them sees the same lines from both tools. */
static void warn_bad_area(const struct pv_disk *pd, const struct mda_state *m, unsigned num,
                          int header)
{
	if (header)
		log_warn("WARNING: bad metadata header on %s at %llu.", pd->dev.path,
		         (unsigned long long)m->area.offset);
	else
		log_warn("WARNING: bad metadata text on %s in mda%u", pd->dev.path, num);
	log_warn("WARNING: scanning %s mda%u failed to read metadata summary.", pd->dev.path, num);
	log_warn("WARNING: repair VG metadata on %s with vgck --updatemetadata.", pd->dev.path);
}

/* lvm2's warning per faulty header field, before its "bad metadata
 * header" (scripts and lvm2's own tests look for "checksum" in them). */
static void warn_header_faults(const struct pv_disk *pd, const uint8_t *hdr, uint64_t at)
{
	struct mda_header h;
	unsigned bad = mda_header_faults(hdr, at, &h);
	const char *dev = pd->dev.path;
	unsigned long long off = (unsigned long long)at;

	if (bad & MDA_BAD_CHECKSUM)
		log_warn("WARNING: wrong checksum %x in mda header on %s at %llu", h.checksum, dev,
		         off);
	if (bad & MDA_BAD_MAGIC)
		log_warn("WARNING: wrong magic number in mda header on %s at %llu", dev, off);
	if (bad & MDA_BAD_VERSION)
		log_warn("WARNING: wrong version %u in mda header on %s at %llu", h.version, dev,
		         off);
	if (bad & MDA_BAD_START)
		log_warn("WARNING: wrong start sector %llu in mda header on %s at %llu",
		         (unsigned long long)h.start, dev, off);
}

/* Is the text of area `num` of `pd` (VG `id`, seqno, its raw location
 * `r`) another than the text of that seqno the scan saw first?  Then 1,
 * after lvm2's two warnings; the first text of each seqno is noted in
 * `s` (NULL: a PV read again, nothing compared). */
static int summary_mismatch(struct scan *s, const struct pv_disk *pd, const char *vg_name,
                            const char *id, uint32_t seqno, const struct raw_locn *r, unsigned num)
{
	if (!s)
		return 0;
	for (size_t i = 0; i < s->n_sums; i++) {
		const struct mda_summary *m = &s->sums[i];
		if (m->seqno != seqno || strcmp(m->vg_id, id))
			continue;
		if (m->size == r->size && m->checksum == r->checksum)
			return 0;
		log_warn("WARNING: scan of VG %s from %s mda%u found mda_checksum %x mda_size %llu "
		         "vs %x %llu",
		         vg_name, pd->dev.path, num, r->checksum, (unsigned long long)r->size,
		         m->checksum, (unsigned long long)m->size);
		log_warn("WARNING: Scanning %s mda%u found mismatch with other metadata.",
		         pd->dev.path, num);
		return 1;
	}
	s->sums = xrealloc(s->sums, (s->n_sums + 1) * sizeof(*s->sums));
	memcpy(s->sums[s->n_sums].vg_id, id, sizeof(s->sums[0].vg_id));
	s->sums[s->n_sums].seqno = seqno;
	s->sums[s->n_sums].checksum = r->checksum;
	s->sums[s->n_sums++].size = r->size;
	return 0;
}

static void scan_mda(struct scan *s, struct pv_disk *pd, const struct head *h, struct mda_state *m,
                     unsigned num)
{
	uint8_t hdr[MDA_HEADER_SIZE];
	struct strbuf err = STRBUF_INIT;
	const struct raw_locn *r;
	char *text, *name = NULL, id[UUID_LEN + 1];
	uint32_t seqno;
	int bad_header = 1;

	if (m->area.offset > pd->dev.size || m->area.size > pd->dev.size - m->area.offset ||
	    m->area.size <= MDA_HEADER_SIZE) {
		strbuf_addstr(&err, "metadata area lies outside the device");
		goto out;
	}
	if (head_read(pd, h, m->area.offset, hdr, sizeof(hdr))) {
		strbuf_addf(&err, "cannot read the metadata area header (%s)", dev_last_error());
		/* lvm2's two lines before its warnings */
		log_error("Error reading device %s at %llu length %u.", pd->dev.path,
		          (unsigned long long)m->area.offset, MDA_HEADER_SIZE);
		log_error("Failed to read metadata area header on %s at %llu", pd->dev.path,
		          (unsigned long long)m->area.offset);
		goto out;
	}
	if (mda_header_parse(hdr, m->area.offset, m->area.size, &m->hdr, &err)) {
		warn_header_faults(pd, hdr, m->area.offset);
		goto out;
	}
	m->header_ok = 1;
	bad_header = 0;
	r = &m->hdr.loc[0];
	if (r->flags & RAW_LOCN_IGNORED)
		m->ignored = 1;
	if (!r->size)
		goto out; /* an empty area: an orphan PV */
	text = read_text(pd, h, m, r);
	if (!text) {
		strbuf_addf(&err, "cannot read the metadata text (%s)", dev_last_error());
		goto out;
	}
	if (lvm_crc32(LVM_CRC_INITIAL, text, r->size) != r->checksum) {
		strbuf_addf(&err, "metadata text checksum mismatch at offset %llu",
		            (unsigned long long)r->offset);
		free(text);
		goto out;
	}
	if (text_peek_vg(text, r->size, &name, &seqno, id)) {
		strbuf_addstr(&err, "metadata text cannot be parsed");
		free(text);
		goto out;
	}
	if (summary_mismatch(s, pd, name, id, seqno, r, num)) {
		/* set aside with lvm2's own warnings only */
		m->bad = 1;
		strbuf_addstr(&err, "other metadata than another area's of the same seqno");
		note_damage(pd, "metadata area", &err);
		strbuf_reset(&err);
		free(text);
		free(name);
		goto out;
	}
	m->seqno = seqno;
	if (!pd->text || seqno > pd->seqno) {
		free(pd->text);
		free(pd->vg_name);
		pd->text = text;
		pd->text_len = r->size;
		pd->vg_name = name;
		pd->seqno = seqno;
		memcpy(pd->vg_id, id, sizeof(pd->vg_id));
	} else {
		free(text);
		free(name);
	}
out:
	if (err.len) {
		m->bad = 1;
		note_damage(pd, "metadata area", &err);
		warn_bad_area(pd, m, num, bad_header);
	}
	strbuf_release(&err);
}

/* Read the label and metadata areas of the opened device of `pd`, all it
 * knew before forgotten: 1 when it holds a label, else 0. */
static int read_pv(struct pv_disk *pd, struct scan *scan)
{
	static uint8_t *head_buf; /* aligned for O_DIRECT; reused by every PV */
	struct strbuf err = STRBUF_INIT;
	struct head h;
	int found = 0, r;

	free(pd->text);
	free(pd->vg_name);
	free(pd->damage);
	pd->text = pd->vg_name = pd->damage = NULL;
	pd->text_len = 0;
	pd->seqno = 0;
	pd->vg_id[0] = '\0';
	pd->n_mdas = 0;
	memset(&pd->label, 0, sizeof(pd->label));
	memset(pd->mdas, 0, sizeof(pd->mdas));
	if (pd->dev.size < LABEL_SCAN_SECTORS * SECTOR_SIZE)
		return 0;
	if (!head_buf) {
		void *p;
		if (posix_memalign(&p, 4096, SCAN_HEAD_BYTES))
			fatal_oom(SCAN_HEAD_BYTES);
		head_buf = p;
	}
	h.buf = head_buf;
	h.len = pd->dev.size < SCAN_HEAD_BYTES ? (size_t)pd->dev.size : SCAN_HEAD_BYTES;
	if (pd->dev.direct_block)
		h.len &= ~(size_t)(pd->dev.direct_block - 1);
	dev_quiet_errors(1);
	r = dev_read(&pd->dev, 0, head_buf, h.len);
	dev_quiet_errors(0);
	if (r)
		return 0;
	for (unsigned s = 0; s < LABEL_SCAN_SECTORS && !found; s++) {
		int lr = label_parse(head_buf + s * SECTOR_SIZE, s, &pd->label, &err);
		if (lr < 0) {
			note_damage(pd, "label", &err);
			strbuf_reset(&err);
		}
		found = lr > 0;
	}
	strbuf_release(&err);
	if (!found)
		return 0;
	/* (a failing read past the head: the area is bad, the PV stays) */
	dev_quiet_errors(1);
	for (unsigned i = 0; i < pd->label.n_mda; i++) {
		struct mda_state *m = &pd->mdas[pd->n_mdas++];
		m->area = pd->label.mda[i];
		scan_mda(scan, pd, &h, m, i + 1);
	}
	dev_quiet_errors(0);
	return 1;
}

static uint64_t pv_min_bytes = 2048 * 1024;

void scan_set_pv_min_size(uint64_t bytes)
{
	pv_min_bytes = bytes;
}

uint64_t scan_pv_min_size(void)
{
	return pv_min_bytes;
}

/* Returns the PV on `path`, or NULL when it holds no (usable) label. */
static struct pv_disk *scan_one(struct scan *s, const char *path, int quiet_open, int *open_failed)
{
	struct pv_disk *pd = xcalloc(1, sizeof(*pd));

	/* discovered devices that cannot be opened (no media, busy) are
	 * simply not PVs for us; a device the user named gets a message */
	if (dev_open(&pd->dev, path, quiet_open ? DEV_QUIET : 0)) {
		*open_failed = 1;
		free(pd);
		return NULL;
	}
	/* lvm2 does not look for a label on a device smaller than
	 * devices/pv_min_size: whatever it holds is no PV */
	if (pd->dev.size < pv_min_bytes) {
		log_debug("%s: skipped: smaller than pv_min_size", path);
		pv_disk_free(pd);
		return NULL;
	}
	if (read_pv(pd, s)) {
		dev_park(&pd->dev);
		return pd;
	}
	if (pd->damage)
		log_warn("WARNING: %s: damaged %s; ignoring the device.", path, pd->damage);
	pv_disk_free(pd);
	return NULL;
}

static void attach_pvs_without_metadata(struct scan *s);

/* Does any metadata area of `pd` point at other text than when it was
 * read?  A commit always writes new text (its seqno differs) at a new
 * place or with a new checksum, so equal headers mean equal metadata and
 * the text need not be read and parsed again. */
static int mdas_moved(struct pv_disk *pd)
{
	for (unsigned i = 0; i < pd->n_mdas; i++) {
		const struct mda_state *m = &pd->mdas[i];
		uint8_t hdr[MDA_HEADER_SIZE];
		struct mda_header now;
		struct strbuf err = STRBUF_INIT;
		int bad;

		dev_quiet_errors(1);
		bad = dev_read(&pd->dev, m->area.offset, hdr, sizeof(hdr)) ||
		      mda_header_parse(hdr, m->area.offset, m->area.size, &now, &err);
		dev_quiet_errors(0);
		strbuf_release(&err);
		/* an area still unreadable has not moved (reading the PV again
		 * would only repeat the scan's warnings) */
		if (m->bad && bad)
			continue;
		if (!m->header_ok)
			return 1;
		if (bad || now.loc[0].offset != m->hdr.loc[0].offset ||
		    now.loc[0].size != m->hdr.loc[0].size ||
		    now.loc[0].checksum != m->hdr.loc[0].checksum ||
		    now.loc[0].flags != m->hdr.loc[0].flags)
			return 1;
	}
	return 0;
}

void scan_refresh_vg(struct scan *s, const char *vg_name)
{
	int reread = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->pvs[i]->vg_name && !strcmp(s->pvs[i]->vg_name, vg_name) &&
		    mdas_moved(s->pvs[i])) {
			read_pv(s->pvs[i], NULL);
			reread = 1;
		}
	if (!reread)
		return;
	/* the VG's PVs without metadata: as its metadata lists them now */
	for (size_t i = 0; i < s->n; i++) {
		struct pv_disk *pd = s->pvs[i];
		if (pd->text || !pd->vg_name)
			continue;
		free(pd->vg_name);
		pd->vg_name = NULL;
		pd->vg_id[0] = '\0';
	}
	attach_pvs_without_metadata(s);
}

/* Can any area of `pd` hold the VG's metadata (one not "ignored")? */
static int pv_disk_keeps_text(const struct pv_disk *pd)
{
	for (unsigned i = 0; i < pd->n_mdas; i++)
		if (!pd->mdas[i].ignored)
			return 1;
	return 0;
}

/* Does the physical_volumes section `pvs` of a VG's metadata list a PV
 * of uuid `id` (formatted)? */
static int lists_pv(const struct cfg_node *pvs, const char *id)
{
	for (const struct cfg_node *n = pvs ? pvs->child : NULL; n; n = n->next) {
		const char *pv_id;
		if (n->v.type == CFG_SECTION && !cfg_get_str(n, "id", &pv_id) && !strcmp(pv_id, id))
			return 1;
	}
	return 0;
}

/* The PVs of the scan that keep no metadata and that the metadata of
 * `best` lists join its VG; returns how many did. */
static size_t attach_to(struct scan *s, const struct pv_disk *best)
{
	struct strbuf err = STRBUF_INIT;
	struct cfg_node *root = cfg_parse(best->text, best->text_len, &cfg_limits_metadata, &err);
	const struct cfg_node *vg = NULL, *pvs;
	size_t n = 0;

	strbuf_release(&err);
	for (const struct cfg_node *c = root ? root->child : NULL; c && !vg; c = c->next)
		if (c->key && c->v.type == CFG_SECTION && !strcmp(c->key, best->vg_name))
			vg = c;
	pvs = vg ? cfg_find(vg, "physical_volumes") : NULL;
	for (size_t k = 0; pvs && k < s->n; k++) {
		struct pv_disk *pd = s->pvs[k];
		char id[UUID_FORMATTED_LEN + 1];
		if (pd->vg_name || pv_disk_keeps_text(pd))
			continue;
		uuid_format(pd->label.pv_id, id);
		if (!lists_pv(pvs, id))
			continue;
		pd->vg_name = xstrdup(best->vg_name);
		memcpy(pd->vg_id, best->vg_id, sizeof(pd->vg_id));
		n++;
	}
	cfg_free(root);
	return n;
}

/* A PV whose areas hold no metadata (pvcreate --metadatacopies 0, or its
 * areas all "ignored") belongs to the VG whose metadata lists its uuid,
 * as lvm2 finds it: that VG's newest copy on the other PVs says so.  Its
 * own seqno stays 0 and its text NULL: it is never a copy of the VG. */
static void attach_pvs_without_metadata(struct scan *s)
{
	size_t want = 0;
	for (size_t i = 0; i < s->n; i++)
		want += !s->pvs[i]->vg_name && !pv_disk_keeps_text(s->pvs[i]);
	/* each VG (by id) once, through its newest copy */
	for (size_t i = 0; i < s->n && want; i++) {
		const struct pv_disk *best = s->pvs[i];
		int seen = 0;
		if (!best->text)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = s->pvs[j]->text && !strcmp(s->pvs[j]->vg_id, best->vg_id);
		if (seen)
			continue;
		for (size_t j = i + 1; j < s->n; j++)
			if (s->pvs[j]->text && !strcmp(s->pvs[j]->vg_id, best->vg_id) &&
			    s->pvs[j]->seqno > best->seqno)
				best = s->pvs[j];
		want -= attach_to(s, best);
	}
}

int scan_pvs(struct scan *s, const char *devices)
{
	return scan_pvs_extra(s, devices, NULL, 0);
}

int scan_pvs_extra(struct scan *s, const char *devices, char *const *extra, size_t n_extra)
{
	struct dev_list dl;
	size_t discovered;
	memset(s, 0, sizeof(*s));
	if (dev_list_discover(&dl, devices))
		return -1;
	discovered = dl.n;
	for (size_t i = 0; i < n_extra; i++) {
		size_t same;
		if (dev_list_contains(&dl, extra[i]) || dev_path_is_hidden_lv(extra[i]))
			continue;
		/* another name of a device the discovery found (DIR/VG/LV
		 * for DIR/mapper/VG-LV, /dev/dm-N): one device, scanned once,
		 * under the name the command line gave */
		if ((same = dev_list_find_rdev(&dl, discovered, extra[i])) < discovered) {
			free(dl.paths[same]);
			dl.paths[same] = xstrdup(extra[i]);
			continue;
		}
		dl.paths = xrealloc(dl.paths, (dl.n + 1) * sizeof(*dl.paths));
		dl.paths[dl.n++] = xstrdup(extra[i]);
	}
	for (size_t i = 0; i < dl.n; i++) {
		/* only devices nobody named may fail to open silently; a device
		 * named as an argument that cannot be opened fails the command
		 * (dev_open said why) */
		int failed = 0, quiet = devices == NULL && i < discovered;
		struct pv_disk *pd = scan_one(s, dl.paths[i], quiet, &failed);
		if (failed && i >= discovered) {
			dev_list_free(&dl);
			scan_free(s);
			return -1;
		}
		if (!pd)
			continue;
		s->pvs = xrealloc(s->pvs, (s->n + 1) * sizeof(*s->pvs));
		s->pvs[s->n++] = pd;
	}
	dev_list_free(&dl);
	choose_duplicates(s);
	attach_pvs_without_metadata(s);
	return 0;
}

unsigned scan_vg_mda_count(const struct scan *s, const struct vg *vg)
{
	unsigned n = 0;
	for (size_t i = 0; i < vg->n_pvs; i++) {
		const struct pv_disk *pd = scan_find_pv_id(s, vg->pvs[i]->id);
		n += pd ? pd->n_mdas : 0;
	}
	return n;
}

struct pv_disk *scan_find_path(const struct scan *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->pvs[i]->dev.path, path))
			return s->pvs[i];
	return NULL;
}

struct pv_disk *scan_find_pv_id(const struct scan *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->pvs[i]->label.pv_id, id))
			return s->pvs[i];
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t scan_vg_names(const struct scan *s, char ***names)
{
	size_t n = 0;
	*names = NULL;
	for (size_t i = 0; i < s->n; i++) {
		const char *name = s->pvs[i]->vg_name;
		int dup = 0;
		if (!name)
			continue;
		for (size_t j = 0; j < n && !dup; j++)
			dup = !strcmp((*names)[j], name);
		if (dup)
			continue;
		*names = xrealloc(*names, (n + 1) * sizeof(**names));
		(*names)[n++] = xstrdup(name);
	}
	if (n)
		qsort(*names, n, sizeof(**names), cmp_str);
	return n;
}

/* Settle the MISSING flags of a VG just read, with lvm2's warnings
 * (_set_pv_device, then vg_read's walk of the PVs). */
static void warn_missing(struct vg *vg)
{
	enum pv_presence *p = xcalloc(vg->n_pvs + 1, sizeof(*p));
	char uuid[UUID_FORMATTED_LEN + 1];

	for (size_t i = 0; i < vg->n_pvs; i++) {
		const struct pv *pv = vg->pvs[i];
		uuid_format(pv->id, uuid);
		if (!pv->dev_path)
			log_warn("WARNING: Couldn't find device with uuid %s.", uuid);
		else if (pv->status & PV_MISSING)
			log_warn("WARNING: VG %s was previously updated while PV %s was missing.",
			         vg->name, pv->dev_path);
	}
	vg_settle_missing(vg, p);
	for (size_t i = 0; i < vg->n_pvs; i++) {
		const struct pv *pv = vg->pvs[i];
		uuid_format(pv->id, uuid);
		if (p[i] == PV_GONE)
			log_warn("WARNING: VG %s is missing PV %s (last written to %s).", vg->name,
			         uuid, pv->device_hint ? pv->device_hint : "[unknown]");
		else if (p[i] == PV_BACK_UNUSED)
			log_warn("WARNING: VG %s has unused reappeared PV %s %s.", vg->name,
			         pv->dev_path, uuid);
		else if (p[i] == PV_BACK_ALLOCATED)
			log_warn("WARNING: VG %s was missing PV %s %s.", vg->name, pv->dev_path,
			         uuid);
	}
	free(p);
}

/* Areas of the VG's PVs that hold an older version than `best` (a commit
 * that failed on one PV after the others were switched, a PV that was
 * away): used by no one, rewritten by the next commit; lvm2's warnings. */
static void warn_old_copies(const struct scan *s, const struct pv_disk *best, const char *name)
{
	int found = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct pv_disk *pd = s->pvs[i];
		/* (outdated PVs too, as lvm2: warn_outdated adds its lines) */
		if (!pd->vg_name || strcmp(pd->vg_name, name) || strcmp(pd->vg_id, best->vg_id))
			continue;
		for (unsigned m = 0; m < pd->n_mdas; m++) {
			uint32_t seqno = pd->mdas[m].seqno;
			if (!seqno || seqno >= best->seqno)
				continue;
			log_warn("WARNING: ignoring metadata seqno %u on %s for seqno %u on %s for "
			         "VG %s.",
			         seqno, pd->dev.path, best->seqno, best->dev.path, name);
			found = 1;
		}
	}
	if (found) {
		log_warn("WARNING: Inconsistent metadata found for VG %s.", name);
		log_warn("See vgck --updatemetadata to correct inconsistency.");
	}
}

size_t scan_vg_outdated(const struct scan *s, const struct vg *vg, struct pv_disk ***out)
{
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; i < s->n; i++) {
		struct pv_disk *pd = s->pvs[i];
		if (!pd->text || !pd->vg_name || strcmp(pd->vg_name, vg->name) ||
		    strcmp(pd->vg_id, vg->id) || vg_find_pv_by_id(vg, pd->label.pv_id))
			continue;
		*out = xrealloc(*out, (n + 1) * sizeof(**out));
		(*out)[n++] = pd;
	}
	return n;
}

/* lvm2's warnings about outdated PVs, the first time a VG is read. */
static void warn_outdated(const struct scan *s, const struct vg *vg)
{
	struct pv_disk **old;
	size_t n = scan_vg_outdated(s, vg, &old);

	for (size_t i = 0; i < n; i++)
		log_warn("WARNING: outdated PV %s seqno %u has been removed in current VG %s seqno "
		         "%u.",
		         old[i]->dev.path, old[i]->seqno, vg->name, vg->seqno);
	if (n)
		log_warn("See vgck --updatemetadata to clear outdated metadata.");
	free(old);
}

/* lvm2's warnings about a PV header out of step with the VG (an old
 * header, or the used flag missing: a header restored from the days the
 * PV was an orphan); the next commit rewrites such headers.  VGs of
 * another host or of a lock manager are not ours to judge, as in lvm2. */
static int check_pv_headers = 1;

void vg_check_pv_headers(int on)
{
	check_pv_headers = on;
}

static void warn_pv_ext(const struct scan *s, const struct vg *vg)
{
	if (!check_pv_headers || (vg->system_id && *vg->system_id) || vg->read_only_reason)
		return;
	for (size_t i = 0; i < vg->n_pvs; i++) {
		const struct pv *pv = vg->pvs[i];
		const struct pv_disk *pd;
		if (!pv->dev_path || (pv->status & PV_MISSING) ||
		    !(pd = scan_find_pv_id(s, pv->id)))
			continue;
		if (pd->label.ext_version < 2)
			log_warn("WARNING: PV %s in VG %s is using an old PV header, modify the VG "
			         "to update.",
			         pd->dev.path, vg->name);
		else if (!(pd->label.ext_flags & PV_EXT_USED))
			log_warn("WARNING: PV %s in VG %s is missing the used flag in PV header.",
			         pd->dev.path, vg->name);
	}
}

/* The highest copy of VG `name` (with id `id`, unless NULL) among the
 * PVs `skip` leaves out. */
static size_t best_copy(const struct scan *s, const char *name, const char *id, const char *skip)
{
	size_t best = s->n;
	for (size_t i = 0; i < s->n; i++) {
		const struct pv_disk *pd = s->pvs[i];
		if (skip[i] || !pd->text || strcmp(pd->vg_name, name) ||
		    (id && strcmp(pd->vg_id, id)))
			continue;
		if (best == s->n || pd->seqno > s->pvs[best]->seqno)
			best = i;
	}
	return best;
}

struct vg *vg_read(const struct scan *s, const char *name)
{
	return vg_read_id(s, name, NULL);
}

struct vg *vg_read_id(const struct scan *s, const char *name, const char *id)
{
	const struct pv_disk *seen = NULL, *best = NULL;
	struct vg *vg = NULL;
	char *skip;
	size_t b;

	for (size_t i = 0; i < s->n; i++) {
		const struct pv_disk *pd = s->pvs[i];
		if (!pd->vg_name || strcmp(pd->vg_name, name) || (id && strcmp(pd->vg_id, id)))
			continue;
		/* two VGs of one name (a cloned disk): which one is meant is
		 * unknown, as lvm2 says; vgrename by uuid tells them apart */
		if (seen && strcmp(seen->vg_id, pd->vg_id)) {
			log_error("Multiple VGs found with the same name: skipping %s", name);
			log_error("Use --select vg_uuid=<uuid> in place of the VG name.");
			return NULL;
		}
		seen = pd;
	}
	if (!seen) {
		log_error("Volume group \"%s\" not found.", name);
		return NULL;
	}
	/* The scan parsed only the head of each text (text_peek_vg).  A copy
	 * whose rest does not parse is a bad area, as one whose head does
	 * not: set aside, with a warning, for the next best copy.  A
	 * copy that parses into an invalid VG is refused: an older copy
	 * would undo changes. */
	skip = xcalloc(s->n, 1);
	while ((b = best_copy(s, name, id, skip)) < s->n) {
		int syntax = 0;
		best = s->pvs[b];
		vg = text_import_vg_syntax(best->text, best->text_len, best->dev.path, &syntax);
		if (vg || !syntax)
			break;
		log_warn("WARNING: bad metadata text on %s; another copy is used if one is left.",
		         best->dev.path);
		skip[b] = 1;
	}
	free(skip);
	if (!vg)
		return NULL;
	if (strcmp(vg->name, name)) {
		log_error("Metadata on %s names volume group \"%s\", expected \"%s\".",
		          best->dev.path, vg->name, name);
		vg_free(vg);
		return NULL;
	}
	for (size_t i = 0; i < vg->n_pvs; i++) {
		struct pv *pv = vg->pvs[i];
		const struct pv_disk *pd = scan_find_pv_id(s, pv->id);
		if (pd)
			pv->dev_path = xstrdup(pd->dev.path);
	}
	warn_old_copies(s, best, name);
	warn_outdated(s, vg);
	warn_missing(vg);
	warn_pv_ext(s, vg);
	if (!vg_warn_pv_sizes(s, vg))
		log_warn("WARNING: One or more devices used as PVs in VG %s have changed sizes.",
		         vg->name);
	return vg;
}

static int check_pv_sizes = 1;

void vg_check_pv_sizes(int on)
{
	check_pv_sizes = on;
}

int vg_warn_pv_sizes(const struct scan *s, const struct vg *vg)
{
	int r = 1;
	if (!check_pv_sizes)
		return 1;
	for (size_t i = 0; i < vg->n_pvs; i++) {
		const struct pv *pv = vg->pvs[i];
		const struct pv_disk *pd = pv->dev_path ? scan_find_pv_id(s, pv->id) : NULL;
		uint64_t dev_size = pd ? pd->dev.size / SECTOR_SIZE : 0;
		/* (a size the scan could not learn is no evidence, as in lvm2) */
		if (!pd || !dev_size || dev_size >= pv->dev_size)
			continue;
		log_warn("WARNING: Device %s has size of %llu sectors which is smaller than "
		         "corresponding PV size of %llu sectors. Was device resized?",
		         pv->dev_path, (unsigned long long)dev_size,
		         (unsigned long long)pv->dev_size);
		r = 0;
	}
	return r;
}

/* --- commit --- */

struct pending {
	struct pv_disk *pd;
	struct mda_state *m;
	uint64_t offset;
	int done; /* its header already switched */
};

static int write_text(struct pv_disk *pd, const struct mda_state *m, uint64_t offset,
                      const char *text, uint64_t len)
{
	static const char zeros[512];
	struct mda_span sp;
	uint64_t end;

	mda_span(&m->hdr, offset, len, &sp);
	if (dev_write(&pd->dev, m->area.offset + sp.off1, text, sp.len1))
		return -1;
	if (sp.len2 && dev_write(&pd->dev, m->area.offset + sp.off2, text + sp.len1, sp.len2))
		return -1;
	/* zeros up to the next sector, where the next copy will start (as
	 * lvm2 writes them): copies are kept apart by zeros, not by what the
	 * area held before */
	end = m->area.offset + (sp.len2 ? sp.off2 + sp.len2 : sp.off1 + sp.len1);
	if (end % 512 && dev_write(&pd->dev, end, zeros, 512 - end % 512))
		return -1;
	return 0;
}

static int write_header(struct pv_disk *pd, struct mda_state *m)
{
	uint8_t buf[MDA_HEADER_SIZE];
	mda_header_build(&m->hdr, buf);
	if (dev_write(&pd->dev, m->area.offset, buf, sizeof(buf)) || dev_flush(&pd->dev))
		return -1;
	return 0;
}

/* Name the new text in the area's header: 0, or -1 with the header as it
 * was in memory (on disk: as it was, or unreadable). */
static int switch_header(struct pending *p, uint64_t len, uint32_t crc, uint32_t seqno)
{
	struct raw_locn *loc = &p->m->hdr.loc[0];
	struct raw_locn keep[2];

	memcpy(keep, p->m->hdr.loc, sizeof(keep));
	loc->offset = p->offset;
	loc->size = len;
	loc->checksum = crc;
	loc->flags = 0;
	memset(&p->m->hdr.loc[1], 0, sizeof(p->m->hdr.loc[1]));
	if (write_header(p->pd, p->m)) {
		memcpy(p->m->hdr.loc, keep, sizeof(keep));
		return -1;
	}
	p->m->seqno = seqno;
	p->m->bad = 0;
	return 0;
}

static int write_label(struct pv_disk *pd)
{
	uint8_t buf[SECTOR_SIZE];
	label_build(&pd->label, buf);
	return dev_write(&pd->dev, pd->label.sector * SECTOR_SIZE, buf, sizeof(buf));
}

/* A header for an area that no valid header describes yet (new PV whose
 * header was damaged, say): an empty one. */
static void ensure_header(struct mda_state *m)
{
	if (m->header_ok)
		return;
	memset(&m->hdr, 0, sizeof(m->hdr));
	m->hdr.version = 1;
	m->hdr.start = m->area.offset;
	m->hdr.size = m->area.size;
	m->header_ok = 1;
}

static int pd_has_moved_area(const struct pv_disk *pd)
{
	for (unsigned m = 0; m < pd->n_mdas; m++)
		if (pd->mdas[m].relocated)
			return 1;
	return 0;
}

/* If pvresize moved an area of `pd`: an empty header for it unless one was
 * written (a commit's), then the label that points to it.  0, or -1. */
static int write_moved_label(struct pv_disk *pd)
{
	int moved = 0;
	for (unsigned m = 0; m < pd->n_mdas; m++) {
		struct mda_state *ms = &pd->mdas[m];
		if (!ms->relocated)
			continue;
		moved = 1;
		if (!ms->seqno && write_header(pd, ms))
			return -1;
	}
	if (!moved)
		return 0;
	if (write_label(pd) || dev_flush(&pd->dev))
		return -1;
	for (unsigned m = 0; m < pd->n_mdas; m++)
		pd->mdas[m].relocated = 0;
	return 0;
}

/* Empty the metadata areas of PVs leaving their VG and mark their labels
 * unused: they become orphan PVs.  0; -1 after an I/O error (its text in
 * dev_last_error()); -2 when a device could not be opened (logged). */
static int drop_pvs(struct pv_disk *const *dropped, size_t n_dropped)
{
	for (size_t i = 0; i < n_dropped; i++) {
		struct pv_disk *pd = dropped[i];
		if (dev_reopen_rw(&pd->dev, NULL)) /* leaving: no LV of ours may be on it */
			return -2;
		for (unsigned m = 0; m < pd->n_mdas; m++) {
			struct mda_header *h;
			uint32_t ignored;
			ensure_header(&pd->mdas[m]);
			h = &pd->mdas[m].hdr;
			/* empty, but an "ignored" mark stays */
			ignored = h->loc[0].flags & RAW_LOCN_IGNORED;
			memset(h->loc, 0, sizeof(h->loc));
			h->loc[0].flags = ignored;
			if (write_header(pd, &pd->mdas[m]))
				return -1;
		}
		/* an orphan's label holds its size: the device's again, as
		 * lvm2 writes it (a pvresize in the VG may have left less) */
		if ((pd->label.ext_flags & PV_EXT_USED) || pd->label.dev_size != pd->dev.size) {
			pd->label.ext_flags &= ~PV_EXT_USED;
			pd->label.dev_size = pd->dev.size;
			if (write_label(pd) || dev_flush(&pd->dev))
				return -1;
		}
		free(pd->vg_name);
		pd->vg_name = NULL;
	}
	return 0;
}

int vg_commit_remove(struct pv_disk *const *pvs, size_t n)
{
	return drop_pvs(pvs, n) ? -1 : 0;
}

/* Does text of `len` bytes fit every metadata area the VG writes to?
 * The limit is lvm2's (mda_max_text_size), for the text as lvm2 would
 * write it (text_size_as_lvm2): both tools refuse at the same LV, and
 * lvm2 can always write again what vgtool wrote.  Logs the refusal in
 * lvm2's words, with the cure. */
static int text_fits(struct scan *s, const struct vg *vg, uint64_t len)
{
	uint64_t need = text_size_as_lvm2(len);
	for (size_t i = 0; i < vg->n_pvs; i++) {
		struct pv_disk *pd = scan_find_pv_id(s, vg->pvs[i]->id);
		for (unsigned m = 0; pd && m < pd->n_mdas; m++) {
			struct mda_state *ms = &pd->mdas[m];
			uint64_t max;
			if (ms->ignored)
				continue;
			ensure_header(ms);
			if (need <= (max = mda_max_text_size(ms->hdr.size)))
				continue;
			log_error("VG %s %u metadata on %s (%llu bytes) exceeds maximum metadata "
			          "size (%llu bytes): failed to write VG %s; keep fewer LVs in it, "
			          "or build it on PVs created by pvcreate with a larger "
			          "--metadatasize.",
			          vg->name, vg->seqno, pd->dev.path, (unsigned long long)need,
			          (unsigned long long)max, vg->name);
			return -1;
		}
	}
	return 0;
}

int vg_commit_fits(struct scan *s, const struct vg *vg, const struct text_origin *origin)
{
	struct strbuf text = STRBUF_INIT;
	int r;
	text_export_vg(vg, TEXT_DISK, origin, &text);
	r = text_fits(s, vg, text.len + 1);
	strbuf_release(&text);
	return r;
}

/* Does `pd` hold a copy of `vg` (not of another VG it is moving from, in
 * vgsplit and vgmerge)? */
static int holds_vg(const struct pv_disk *pd, const struct vg *vg)
{
	return pd && !strcmp(pd->vg_id, vg->id);
}

/* The newest seqno among the areas `vg`'s PVs hold of it: areas below it
 * are old copies that this commit brings up to date. */
static uint32_t newest_copy(struct scan *s, const struct vg *vg)
{
	uint32_t newest = 0;
	for (size_t i = 0; i < vg->n_pvs; i++) {
		const struct pv_disk *pd = scan_find_pv_id(s, vg->pvs[i]->id);
		for (unsigned m = 0; holds_vg(pd, vg) && m < pd->n_mdas; m++)
			if (pd->mdas[m].seqno > newest)
				newest = pd->mdas[m].seqno;
	}
	return newest;
}

/* The labels of the VG's PVs whose end area pvresize moved, after the
 * moved areas' headers (an "ignored" one gets an empty header here: the
 * commit writes no text to it).  0, or -1 after an I/O error. */
static int write_moved_labels(struct scan *s, const struct vg *vg)
{
	for (size_t i = 0; i < vg->n_pvs; i++) {
		struct pv_disk *pd = scan_find_pv_id(s, vg->pvs[i]->id);
		if (pd && write_moved_label(pd))
			return -1;
	}
	return 0;
}

/* A VG's PV whose label lacks the "in a VG" mark, or has a PV header
 * extension older than version 2 (the one lvm2 writes): a commit writes
 * the label anew, as lvm2's does (pvs reads pv_ext_vsn 2 after it). */
static int label_needs_update(const struct pv_disk *pd)
{
	return !(pd->label.ext_flags & PV_EXT_USED) || pd->label.ext_version < 2;
}

int vg_commit(struct scan *s, const struct vg *vg, const struct text_origin *origin,
              struct pv_disk *const *dropped, size_t n_dropped, int repair_bad)
{
	struct strbuf text = STRBUF_INIT, failed = STRBUF_INIT;
	struct pending *p = NULL;
	size_t np = 0, switched = 0;
	uint32_t newest = newest_copy(s, vg);
	uint64_t len;
	uint32_t crc;
	int r = -1;

	text_export_vg(vg, TEXT_DISK, origin, &text);
	len = text.len + 1; /* the NUL is part of the stored text, as lvm2 */
	crc = lvm_crc32(LVM_CRC_INITIAL, text.buf, len);

	/* Plan every placement before writing anything: a text too large
	 * for any area, or a PV missing, and nothing is written at all. */
	if (text_fits(s, vg, len))
		goto out;
	for (size_t i = 0; i < vg->n_pvs; i++) {
		struct pv_disk *pd = scan_find_pv_id(s, vg->pvs[i]->id);
		/* a PV written as MISSING (recovery commands only) gets
		 * nothing: its metadata is what it had when it went away */
		if (!pd && (vg->pvs[i]->status & PV_MISSING))
			continue;
		if (!pd) {
			log_error("Cannot update volume group %s: PV %s is missing.", vg->name,
			          vg->pvs[i]->id);
			goto out;
		}
		for (unsigned m = 0; m < pd->n_mdas; m++) {
			struct mda_state *ms = &pd->mdas[m];
			uint64_t off;
			if (ms->ignored || (ms->bad && !repair_bad))
				continue;
			if (ms->bad) /* vgck --updatemetadata: start it afresh */
				ms->header_ok = 0;
			ensure_header(ms);
			if (mda_next_offset(&ms->hdr, len, &off)) {
				/* (cannot happen within the size limit: lvm2's
				 * sanity check, in its words) */
				log_error("VG %s %u metadata on %s (%llu bytes) too large for "
				          "circular buffer (%llu bytes with %llu used).",
				          vg->name, vg->seqno, pd->dev.path,
				          (unsigned long long)len,
				          (unsigned long long)(ms->hdr.size - MDA_HEADER_SIZE),
				          (unsigned long long)ms->hdr.loc[0].size);
				goto out;
			}
			if (ms->seqno && ms->seqno < newest && holds_vg(pd, vg))
				log_warn("WARNING: updating old metadata to %u on %s for VG %s.",
				         vg->seqno, pd->dev.path, vg->name);
			p = xrealloc(p, (np + 1) * sizeof(*p));
			p[np++] = (struct pending){pd, ms, off, 0};
		}
	}
	if (!np) {
		log_error("Aborting vg_write: No metadata areas to write to!");
		goto out;
	}
	/* A write that fails is told once, below, with what it means for
	 * the VG: dev-io keeps the failure's text. */
	dev_quiet_errors(1);
	/* Invariant 3: all texts and label changes first, flushed.  A
	 * failure here leaves every area naming its old text. */
	for (size_t i = 0; i < np; i++) {
		struct pv_disk *pd = p[i].pd;
		if (dev_reopen_rw(&pd->dev, vg->id))
			goto out_quiet;
		if (write_text(pd, p[i].m, p[i].offset, text.buf, len))
			goto not_written;
		/* (a label that will point to a moved area waits for it) */
		if (label_needs_update(pd)) {
			pd->label.ext_flags |= PV_EXT_USED;
			pd->label.ext_version = 2;
			if (!pd_has_moved_area(pd) && write_label(pd))
				goto not_written;
		}
	}
	/* PVs of the VG without a metadata area (or with all areas
	 * ignored) still carry the "in a VG" mark in their label */
	for (size_t i = 0; i < vg->n_pvs; i++) {
		struct pv_disk *pd = scan_find_pv_id(s, vg->pvs[i]->id);
		if (pd && label_needs_update(pd)) {
			pd->label.ext_flags |= PV_EXT_USED;
			pd->label.ext_version = 2;
			if (pd_has_moved_area(pd))
				continue;
			if (dev_reopen_rw(&pd->dev, vg->id))
				goto out_quiet;
			if (write_label(pd) || dev_flush(&pd->dev))
				goto not_written;
		}
	}
	for (size_t i = 0; i < np; i++)
		if (dev_flush(&p[i].pd->dev))
			goto not_written;
	/* An area pvresize moved (store.h, pv_disk_move_end_mda) switches
	 * with its PV's label: its header first, where no label points yet,
	 * then the label, one sector, that points to it.  The first switch
	 * of this commit, as good as any other (invariant 4). */
	for (size_t i = 0; i < np; i++)
		if (p[i].m->relocated) {
			if (switch_header(&p[i], len, crc, vg->seqno))
				goto not_written;
			p[i].done = 1;
		}
	if (write_moved_labels(s, vg))
		goto not_written;
	/* Invariant 2: one header sector per area switches it.  Once one has
	 * switched the new VG stands (readers take the newest copy), so a
	 * device failing now does not stop the others: the more areas hold
	 * the new text, the safer it is. */
	for (size_t i = 0; i < np; i++) {
		if (p[i].done) {
			switched++;
			continue;
		}
		if (switch_header(&p[i], len, crc, vg->seqno)) {
			if (!failed.len)
				strbuf_addstr(&failed, dev_last_error());
			continue;
		}
		switched++;
	}
	if (!switched)
		goto not_written;
	/* Invariant 5: leaving PVs last. */
	if ((r = drop_pvs(dropped, n_dropped))) {
		dev_quiet_errors(0);
		/* its old copy loses to the VG's newer one, and names a VG
		 * that no longer lists it */
		log_error("%s%sVG %s is committed, but the PV leaving it still holds an old "
		          "copy of its metadata (pvremove -ff clears it).",
		          r == -1 ? dev_last_error() : "", r == -1 ? ": " : "", vg->name);
		r = 1;
		goto out;
	}
	dev_quiet_errors(0);
	if (failed.len) {
		log_error("%s: VG %s seqno %u is committed on its other PVs; the next change "
		          "of the VG writes it there.",
		          failed.buf, vg->name, vg->seqno);
		r = 1;
	} else
		r = 0;
	goto out;
not_written:
	dev_quiet_errors(0);
	log_error("%s: VG %s was not changed.", dev_last_error(), vg->name);
	goto out;
out_quiet:
	dev_quiet_errors(0);
out:
	free(p);
	strbuf_release(&failed);
	strbuf_release(&text);
	return r;
}

int pv_write_new(struct device *dev, const struct pv_create_params *p, const char *pv_id)
{
	uint64_t size = p->size ? p->size : dev->size;
	struct pv_layout_args a = {
	    size,        p->mda_copies, p->mda_size, p->data_alignment, p->data_alignment_offset,
	    p->pe_start, dev->path,     p->ba_size,  p->ba_start};
	struct pv_layout lay;
	struct strbuf err = STRBUF_INIT;
	struct pv_label l;
	uint8_t sectors[LABEL_SCAN_SECTORS * SECTOR_SIZE];
	/* an area's first 4 KiB: its header, then zeros (as lvm2 wipes it) */
	uint8_t area_head[4096];

	/* (pvcreate says so before it wipes anything; here for any caller) */
	if (size < scan_pv_min_size()) {
		log_error("Device %s is too small for a physical volume (%llu bytes, %llu needed).",
		          dev->path, (unsigned long long)size,
		          (unsigned long long)scan_pv_min_size());
		return -1;
	}
	if (pv_layout_compute(&a, &lay, &err)) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return -1;
	}
	/* (a data start taken from a backup may lie past a smaller device) */
	if (lay.pe_start > size) {
		log_error("%s is too small for a physical volume whose data starts at %llu bytes.",
		          dev->path, (unsigned long long)lay.pe_start);
		return -1;
	}
	memset(&l, 0, sizeof(l));
	l.sector = p->label_sector;
	memcpy(l.pv_id, pv_id, UUID_LEN);
	l.dev_size = size;
	l.data[0] = (struct disk_area){lay.pe_start, 0};
	l.n_data = 1;
	for (unsigned i = 0; i < lay.n_mda; i++)
		l.mda[l.n_mda++] = lay.mda[i];
	if (lay.ba_size)
		l.ba[l.n_ba++] = (struct disk_area){lay.ba_start, lay.ba_size};
	l.ext_version = 2;

	/* Sectors 0-3 are where lvm2 looks for labels: the new label goes
	 * to its sector and no stale label may survive in the others. */
	if (p->zero_start)
		memset(sectors, 0, sizeof(sectors));
	else if (dev_read(dev, 0, sectors, sizeof(sectors)))
		return -1;
	for (unsigned s = 0; s < LABEL_SCAN_SECTORS; s++)
		if (s != l.sector && !memcmp(sectors + s * SECTOR_SIZE, "LABELONE", 8))
			memset(sectors + s * SECTOR_SIZE, 0, SECTOR_SIZE);
	label_build(&l, sectors + l.sector * SECTOR_SIZE);
	/* Areas first, label last: a crash leaves no label pointing at an
	 * unwritten area. */
	for (unsigned i = 0; i < l.n_mda; i++) {
		struct mda_header h;
		size_t len =
		    l.mda[i].size < sizeof(area_head) ? (size_t)l.mda[i].size : sizeof(area_head);
		memset(&h, 0, sizeof(h));
		h.version = 1;
		h.start = l.mda[i].offset;
		h.size = l.mda[i].size;
		memset(area_head, 0, sizeof(area_head));
		mda_header_build(&h, area_head);
		if (dev_write(dev, h.start, area_head, len))
			return -1;
	}
	if ((l.n_mda && dev_flush(dev)) || dev_write(dev, 0, sectors, sizeof(sectors)) ||
	    dev_flush(dev))
		return -1;
	return 0;
}

int pv_disk_rewrite_label(struct pv_disk *pd, const char *id, uint64_t dev_size, const char *vg_id)
{
	struct pv_label keep = pd->label;

	if (id)
		memcpy(pd->label.pv_id, id, sizeof(pd->label.pv_id));
	if (dev_size)
		pd->label.dev_size = dev_size;
	if (dev_reopen_rw(&pd->dev, vg_id)) {
		pd->label = keep;
		return -1;
	}
	/* a moved area (an orphan's pvresize) and its label; else the label */
	for (unsigned m = 0; m < pd->n_mdas; m++)
		if (pd->mdas[m].relocated)
			return write_moved_label(pd);
	if (write_label(pd) || dev_flush(&pd->dev)) {
		pd->label = keep;
		return -1;
	}
	return 0;
}

int pv_disk_move_end_mda(struct pv_disk *pd, uint64_t dev_size, int in_vg, uint64_t *size)
{
	struct strbuf err = STRBUF_INIT;
	uint64_t pe_start = pv_disk_pe_start(pd) * SECTOR_SIZE;
	struct disk_area area;

	*size = 0;
	for (unsigned i = 0; i < pd->n_mdas; i++) {
		struct mda_state *m = &pd->mdas[i];
		if (!pe_start || m->area.offset < pe_start)
			continue;
		if (pv_layout_end_mda(dev_size, m->area.size, pe_start, pd->dev.path, &area,
		                      &err)) {
			log_error("%s", err.buf);
			strbuf_release(&err);
			return -1;
		}
		*size = area.size;
		if (area.offset == m->area.offset && area.size == m->area.size)
			return 0; /* where it was */
		/* the size lvm2 writes in the label with the moved area: in a
		 * VG, what is left for the extents (its pv->size then) */
		pd->label.dev_size = in_vg ? dev_size - pe_start - area.size : dev_size;
		for (unsigned l = 0; l < pd->label.n_mda; l++)
			if (pd->label.mda[l].offset == m->area.offset)
				pd->label.mda[l] = area;
		m->area = area;
		/* a fresh area: no text yet, an "ignored" mark kept */
		memset(&m->hdr, 0, sizeof(m->hdr));
		m->hdr.version = 1;
		m->hdr.start = area.offset;
		m->hdr.size = area.size;
		m->hdr.loc[0].flags = m->ignored ? RAW_LOCN_IGNORED : 0;
		m->header_ok = 1;
		m->bad = 0;
		m->seqno = 0;
		m->relocated = 1;
		return 0;
	}
	return 0;
}

uint64_t pv_disk_pe_start(const struct pv_disk *pd)
{
	return pd->label.n_data ? pd->label.data[0].offset / SECTOR_SIZE : 0;
}

uint64_t pv_disk_end_mda_size(const struct pv_disk *pd)
{
	for (unsigned i = 0; i < pd->label.n_mda; i++)
		if (pd->label.n_data && pd->label.mda[i].offset >= pd->label.data[0].offset)
			return pd->label.mda[i].size;
	return 0;
}

int pv_wipe_label(struct pv_disk *pd)
{
	uint8_t zero[SECTOR_SIZE] = {0};
	if (dev_reopen_rw(&pd->dev, NULL) ||
	    dev_write(&pd->dev, pd->label.sector * SECTOR_SIZE, zero, sizeof(zero)) ||
	    dev_flush(&pd->dev))
		return -1;
	return 0;
}

int lv_zero_range(struct scan *scan, const struct vg *vg, const struct lv *lv, uint64_t from,
                  uint64_t bytes)
{
	static const char zeros[65536];
	uint64_t lv_bytes = (uint64_t)lv_extents(lv) * vg->extent_size * 512;
	uint64_t end = from + bytes < lv_bytes ? from + bytes : lv_bytes;
	uint64_t seg_start = 0; /* the segment's first byte within the LV */

	for (size_t s = 0; s < lv->n_segs && seg_start < end; s++) {
		const struct segment *seg = &lv->segs[s];
		uint64_t seg_bytes = (uint64_t)seg->len * vg->extent_size * 512;
		uint64_t a = from > seg_start ? from - seg_start : 0; /* within the segment */
		uint64_t b = end - seg_start < seg_bytes ? end - seg_start : seg_bytes;
		const struct pv *pv;
		struct pv_disk *pd;
		uint64_t off;

		if (seg->type != SEG_STRIPED || seg->stripe_count != 1)
			break;
		if (a >= b) {
			seg_start += seg_bytes;
			continue;
		}
		pv = seg->areas[0].pv;
		pd = scan_find_pv_id(scan, pv->id);
		if (!pd || dev_reopen_rw(&pd->dev, vg->id))
			return -1;
		off = (pv->pe_start + (uint64_t)seg->areas[0].pe * vg->extent_size) * 512;
		for (uint64_t w = a; w < b;) {
			size_t step = b - w < sizeof(zeros) ? (size_t)(b - w) : sizeof(zeros);
			if (dev_write(&pd->dev, off + w, zeros, step)) {
				/* lvm2's words, the place within the LV */
				log_error(
				    "Failed to initialize logical volume %s/%s at position %llu "
				    "and size %zu.",
				    vg->name, lv->name, (unsigned long long)(seg_start + w), step);
				return -1;
			}
			w += step;
		}
		if (dev_flush(&pd->dev)) {
			log_error("Failed to initialize logical volume %s/%s at position %llu and "
			          "size %llu.",
			          vg->name, lv->name, (unsigned long long)(seg_start + a),
			          (unsigned long long)(b - a));
			return -1;
		}
		seg_start += seg_bytes;
	}
	return 0;
}

int lv_zero_start(struct scan *scan, const struct vg *vg, const struct lv *lv, uint64_t bytes,
                  uint32_t chunk)
{
	if (chunk && (uint64_t)chunk * 512 > bytes)
		bytes = (uint64_t)chunk * 512;
	return lv_zero_range(scan, vg, lv, 0, bytes);
}

int lv_wipe_signatures(struct scan *scan, const struct vg *vg, const struct lv *lv, int yes,
                       const char *name, struct strbuf *wiped)
{
	/* blkid sees one segment at a time: signatures at a device's start
	 * are in the first, those counted from its end in the last */
	for (size_t k = 0; k < lv->n_segs && k < 2; k++) {
		const struct segment *seg = &lv->segs[k ? lv->n_segs - 1 : 0];
		const struct pv *pv;
		struct pv_disk *pd;

		if (k && lv->n_segs == 1)
			break;
		if (seg->type != SEG_STRIPED || seg->stripe_count != 1)
			continue;
		pv = seg->areas[0].pv;
		pd = scan_find_pv_id(scan, pv->id);
		/* (the in-use check of a write, before anything is read) */
		if (!pd || (yes && dev_reopen_rw(&pd->dev, vg->id)))
			return -1;
		if (sig_wipe_area(pd->dev.path,
		                  (pv->pe_start + (uint64_t)seg->areas[0].pe * vg->extent_size) *
		                      512,
		                  (uint64_t)seg->len * vg->extent_size * 512, yes, name, wiped))
			return -1;
	}
	return 0;
}

struct pv *vg_add_pv_disk(struct vg *vg, const struct pv_disk *pd)
{
	uint64_t dev_sectors, pe_start, usable;
	struct pv *pv;

	if (!pd->label.n_data) {
		log_error("Device %s holds no usable PV label.", pd->dev.path);
		return NULL;
	}
	dev_sectors = pd->label.dev_size / 512;
	pe_start = pd->label.data[0].offset / 512;
	/* the extents end where a metadata area at the end begins (lvm2
	 * takes its size off the device's) */
	usable = pv_disk_end_mda_size(pd) / 512;
	usable = usable < dev_sectors ? dev_sectors - usable : 0;
	pv = vg_add_pv(vg, pd->label.pv_id, dev_sectors, pe_start,
	               pe_start < usable ? (uint32_t)((usable - pe_start) / vg->extent_size) : 0);
	pv->dev_path = xstrdup(pd->dev.path);
	if (pd->label.n_ba) {
		pv->ba_start = pd->label.ba[0].offset / 512;
		pv->ba_size = pd->label.ba[0].size / 512;
	}
	return pv;
}
