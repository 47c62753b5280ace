/* Metadata text -> VG model.
 *
 * The text comes from a disk or a backup file and is untrusted: every
 * value is type- and range-checked, every reference resolved, and the
 * whole VG validated (vg_validate) before anyone sees it.  Anything valid
 * for lvm2 but outside what vgtool implements (segment types, status
 * flags, locking) does not fail the import: the VG comes back with
 * read_only_reason set, so it can be shown but never written. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "metadata/format/text.h"
#include "metadata/validate.h"
#include "misc/log.h"
#include "misc/xalloc.h"

struct importer {
	const char *source;
	struct vg *vg;
	struct strbuf err; /* the first error */
};

__attribute__((format(printf, 2, 3))) static int bad(struct importer *im, const char *fmt, ...)
{
	va_list ap;
	if (im->err.len)
		return -1;
	va_start(ap, fmt);
	strbuf_vaddf(&im->err, fmt, ap);
	va_end(ap);
	return -1;
}

__attribute__((format(printf, 2, 3))) static void read_only(struct importer *im, const char *fmt,
                                                            ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	if (im->vg->read_only_reason)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	im->vg->read_only_reason = strbuf_detach(&sb, NULL);
}

/* The getters come in pairs: one takes the node (NULL when missing) that a
 * caller found itself, the other looks `key` up in `sec`. */
static int node_u64(struct importer *im, const struct cfg_node *sec, const char *key,
                    const struct cfg_node *n, int required, uint64_t max, uint64_t *out)
{
	int64_t v = 0;
	int r = !n ? -1 : n->v.type != CFG_INT ? -2 : 0;
	if (!r)
		v = n->v.i;
	if (r == -1 && !required)
		return 0;
	if (r == -1)
		return bad(im, "%s: missing \"%s\"", sec->key ? sec->key : "top level", key);
	if (r == -2)
		return bad(im, "%s: \"%s\" is not a number", sec->key, key);
	if (v < 0 || (uint64_t)v > max)
		return bad(im, "%s: \"%s\" = %lld is out of range", sec->key, key, (long long)v);
	*out = (uint64_t)v;
	return 0;
}

static int get_u64(struct importer *im, const struct cfg_node *sec, const char *key, int required,
                   uint64_t max, uint64_t *out)
{
	return node_u64(im, sec, key, cfg_find(sec, key), required, max, out);
}

static int node_u32(struct importer *im, const struct cfg_node *sec, const char *key,
                    const struct cfg_node *n, int required, uint32_t *out)
{
	uint64_t v = *out;
	if (node_u64(im, sec, key, n, required, UINT32_MAX, &v))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int get_u32(struct importer *im, const struct cfg_node *sec, const char *key, int required,
                   uint32_t *out)
{
	return node_u32(im, sec, key, cfg_find(sec, key), required, out);
}

static int node_string(struct importer *im, const struct cfg_node *sec, const char *key,
                       const struct cfg_node *n, int required, char **out)
{
	const char *s = NULL;
	int r = !n ? -1 : n->v.type != CFG_STRING ? -2 : 0;
	if (!r)
		s = n->v.s;
	if (r == -1 && !required)
		return 0;
	if (r == -1)
		return bad(im, "%s: missing \"%s\"", sec->key, key);
	if (r == -2)
		return bad(im, "%s: \"%s\" is not a string", sec->key, key);
	free(*out);
	*out = xstrdup(s);
	return 0;
}

static int get_string(struct importer *im, const struct cfg_node *sec, const char *key,
                      int required, char **out)
{
	return node_string(im, sec, key, cfg_find(sec, key), required, out);
}

static int node_id(struct importer *im, const struct cfg_node *sec, const struct cfg_node *n,
                   char id[UUID_LEN + 1])
{
	const char *s;
	if (!n || n->v.type != CFG_STRING)
		return bad(im, "%s: missing or invalid \"id\"", sec->key);
	s = n->v.s;
	if (uuid_parse(s, id))
		return bad(im, "%s: \"%s\" is not a valid id", sec->key, s);
	return 0;
}

static int get_id(struct importer *im, const struct cfg_node *sec, char id[UUID_LEN + 1])
{
	return node_id(im, sec, cfg_find(sec, "id"), id);
}

struct flag_name {
	unsigned bit;
	const char *name;
};

/* Reads `status` (required) and `flags` (optional) string lists into a
 * bit set.  Unknown names make the VG read-only: lvm2 may have features
 * (and meanings) vgtool does not know. */
static int node_flags(struct importer *im, const struct cfg_node *sec, const char *what,
                      const struct cfg_node *status, const struct cfg_node *flags,
                      const struct flag_name *status_names, const struct flag_name *flag_names,
                      unsigned *out)
{
	static const char *const keys[] = {"status", "flags"};
	*out = 0;
	for (int k = 0; k < 2; k++) {
		const struct cfg_node *n = k ? flags : status;
		const struct flag_name *names = k ? flag_names : status_names;
		if (!n) {
			if (!k)
				return bad(im, "%s: missing \"status\"", sec->key);
			continue;
		}
		if (n->v.type != CFG_LIST)
			return bad(im, "%s: \"%s\" is not a list", sec->key, keys[k]);
		for (size_t i = 0; i < n->v.n_items; i++) {
			const struct cfg_value *it = &n->v.items[i];
			const struct flag_name *f;
			if (it->type != CFG_STRING)
				return bad(im, "%s: \"%s\" holds a non-string", sec->key, keys[k]);
			for (f = names; f->name; f++)
				if (!strcmp(f->name, it->s))
					break;
			if (f->name)
				*out |= f->bit;
			else
				read_only(im, "%s %s has the %s flag \"%s\", unknown to vgtool",
				          what, sec->key, keys[k], it->s);
		}
	}
	return 0;
}

static int get_flags(struct importer *im, const struct cfg_node *sec, const char *what,
                     const struct flag_name *status_names, const struct flag_name *flag_names,
                     unsigned *out)
{
	return node_flags(im, sec, what, cfg_find(sec, "status"), cfg_find(sec, "flags"),
	                  status_names, flag_names, out);
}

static int node_tags(struct importer *im, const struct cfg_node *sec, const struct cfg_node *n,
                     struct tag_list *tags)
{
	if (!n)
		return 0;
	if (n->v.type != CFG_LIST)
		return bad(im, "%s: \"tags\" is not a list", sec->key);
	for (size_t i = 0; i < n->v.n_items; i++) {
		if (n->v.items[i].type != CFG_STRING)
			return bad(im, "%s: \"tags\" holds a non-string", sec->key);
		tag_list_add(tags, n->v.items[i].s);
	}
	return 0;
}

static int get_tags(struct importer *im, const struct cfg_node *sec, struct tag_list *tags)
{
	return node_tags(im, sec, cfg_find(sec, "tags"), tags);
}

/* Keys outside this list mean a feature vgtool does not know. */
static void check_keys(struct importer *im, const struct cfg_node *sec, const char *what,
                       const char *const *known)
{
	for (const struct cfg_node *n = sec->child; n; n = n->next) {
		const char *const *k;
		for (k = known; *k; k++)
			if (**k == *n->key && !strcmp(*k, n->key))
				break;
		if (!*k && !(n->v.type == CFG_SECTION && !strncmp(n->key, "segment", 7) &&
		             !strcmp(what, "logical volume")))
			read_only(im, "%s %s has the setting \"%s\", unknown to vgtool", what,
			          sec->key, n->key);
	}
}

static const struct flag_name vg_status_names[] = {
    {VG_READ, "READ"},         {VG_WRITE, "WRITE"}, {VG_RESIZEABLE, "RESIZEABLE"},
    {VG_EXPORTED, "EXPORTED"}, {0, NULL},
};
static const struct flag_name pv_status_names[] = {
    {PV_ALLOCATABLE, "ALLOCATABLE"},
    {PV_EXPORTED, "EXPORTED"},
    {0, NULL},
};
static const struct flag_name pv_flag_names[] = {{PV_MISSING, "MISSING"}, {0, NULL}};
static const struct flag_name lv_status_names[] = {
    {LV_READ, "READ"},
    {LV_WRITE, "WRITE"},
    {LV_VISIBLE, "VISIBLE"},
    {LV_FIXED_MINOR, "FIXED_MINOR"},
    {0, NULL},
};
/* WRITE_LOCKED is lvm2's WRITE in a VG with a lock type or system ID,
 * moved to the flags so that lvm2 releases older than those see it
 * read-only: read as WRITE, as lvm2 reads it */
static const struct flag_name lv_flag_names[] = {
    {LV_WRITE, "WRITE_LOCKED"},
    {LV_ACTIVATION_SKIP, "ACTIVATION_SKIP"},
    {LV_NOAUTOACTIVATE, "NOAUTOACTIVATE"},
    {0, NULL},
};
static const struct flag_name vg_flag_names[] = {
    {VG_WRITE, "WRITE_LOCKED"}, {VG_NOAUTOACTIVATE, "NOAUTOACTIVATE"}, {0, NULL}};

static int import_pv(struct importer *im, const struct cfg_node *sec)
{
	static const char *const known[] = {
	    "id",       "device",   "device_id", "device_id_type", "status",  "flags", "tags",
	    "dev_size", "pe_start", "pe_count",  "ba_start",       "ba_size", NULL,
	};
	char id[UUID_LEN + 1];
	uint64_t dev_size = 0, pe_start = 0;
	uint32_t pe_count = 0;
	struct pv *pv;

	if (sec->v.type != CFG_SECTION)
		return bad(im, "physical_volumes: \"%s\" is not a section", sec->key);
	if (get_id(im, sec, id) || get_u64(im, sec, "dev_size", 0, UINT64_MAX >> 9, &dev_size) ||
	    get_u64(im, sec, "pe_start", 1, UINT64_MAX >> 9, &pe_start) ||
	    get_u32(im, sec, "pe_count", 1, &pe_count))
		return -1;
	if (vg_find_pv_by_id(im->vg, id))
		return bad(im, "%s: PV id %s appears twice", sec->key, id);
	if (vg_find_pv_by_name(im->vg, sec->key))
		return bad(im, "physical_volumes: \"%s\" appears twice", sec->key);
	pv = vg_add_pv(im->vg, id, dev_size, pe_start, pe_count);
	pv->name = xstrdup(sec->key);
	check_keys(im, sec, "physical volume", known);
	if (get_string(im, sec, "device", 0, &pv->device_hint) ||
	    get_string(im, sec, "device_id", 0, &pv->device_id) ||
	    get_string(im, sec, "device_id_type", 0, &pv->device_id_type) ||
	    get_flags(im, sec, "physical volume", pv_status_names, pv_flag_names, &pv->status) ||
	    get_tags(im, sec, &pv->tags) ||
	    get_u64(im, sec, "ba_start", 0, UINT64_MAX >> 9, &pv->ba_start) ||
	    get_u64(im, sec, "ba_size", 0, UINT64_MAX >> 9, &pv->ba_size))
		return -1;
	return 0;
}

/* The keys of a segment section, in the order of seg_keys[]: found in one
 * pass over its keys, as for an LV (see import_lv). */
enum {
	SK_START_EXTENT,
	SK_EXTENT_COUNT,
	SK_TYPE,
	SK_STRIPE_COUNT,
	SK_STRIPE_SIZE,
	SK_STRIPES,
	SK_CHUNK_SIZE,
	SK_ORIGIN,
	SK_COW_STORE,
	SK_MERGING_STORE,
	SK_N,
};
static const char *const seg_keys[SK_N] = {
    "start_extent", "extent_count", "type",   "stripe_count", "stripe_size",
    "stripes",      "chunk_size",   "origin", "cow_store",    "merging_store",
};

/* The string of key node `n`, NULL when it is missing or no string. */
static const char *node_str(const struct cfg_node *n)
{
	return n && n->v.type == CFG_STRING ? n->v.s : NULL;
}

static int import_striped(struct importer *im, const struct cfg_node *sec,
                          const struct cfg_node *const key[SK_N], struct segment *seg)
{
	const struct cfg_node *stripes = key[SK_STRIPES];
	uint32_t count = 0;

	if (node_u32(im, sec, "stripe_count", key[SK_STRIPE_COUNT], 1, &count))
		return -1;
	if (!count || count > 128)
		return bad(im, "%s: stripe_count %u is out of range", sec->key, count);
	if (count > 1 &&
	    node_u32(im, sec, "stripe_size", key[SK_STRIPE_SIZE], 1, &seg->stripe_size))
		return -1;
	if (!stripes || stripes->v.type != CFG_LIST || stripes->v.n_items != 2 * (size_t)count)
		return bad(im, "%s: \"stripes\" must list %u PV and extent pairs", sec->key, count);
	seg->stripe_count = count;
	seg->areas = xcalloc(count, sizeof(*seg->areas));
	for (uint32_t i = 0; i < count; i++) {
		const struct cfg_value *name = &stripes->v.items[2 * i];
		const struct cfg_value *pe = &stripes->v.items[2 * i + 1];
		if (name->type != CFG_STRING || pe->type != CFG_INT || pe->i < 0 ||
		    pe->i > UINT32_MAX)
			return bad(im, "%s: malformed \"stripes\" entry %u", sec->key, i);
		seg->areas[i].pv = vg_find_pv_by_name(im->vg, name->s);
		if (!seg->areas[i].pv)
			return bad(im, "%s: stripe on unknown PV \"%s\"", sec->key, name->s);
		seg->areas[i].pe = (uint32_t)pe->i;
	}
	if (count > 1)
		read_only(im,
		          "logical volume %s is striped over %u PVs, which vgtool does not "
		          "implement",
		          sec->parent ? sec->parent->key : "?", count);
	return 0;
}

/* A snapshot segment's LVs are named by it and may come later in the
 * text: linked once all LVs are in.  The names are copied, as the
 * segment's section may be gone by then (text_import_vg streams the
 * LVs); NULL when missing or not a string. */
struct pending_snap {
	struct segment *seg;
	struct lv *lv;
	char *origin, *cow;
	int merging; /* cow is the merging_store */
};

static int import_segment(struct importer *im, struct lv *lv, const struct cfg_node *sec,
                          struct pending_snap **snaps, size_t *n_snaps)
{
	const struct cfg_node *key[SK_N] = {0};
	uint32_t le = 0, len = 0;
	const char *type;
	struct segment *seg;

	if (sec->v.type != CFG_SECTION)
		return bad(im, "%s: \"%s\" is not a section", lv->name, sec->key);
	for (const struct cfg_node *n = sec->child; n; n = n->next)
		for (size_t k = 0; k < SK_N; k++)
			if (seg_keys[k][0] == n->key[0] && !strcmp(seg_keys[k], n->key)) {
				key[k] = n;
				break;
			}
	if (node_u32(im, sec, "start_extent", key[SK_START_EXTENT], 1, &le) ||
	    node_u32(im, sec, "extent_count", key[SK_EXTENT_COUNT], 1, &len))
		return -1;
	if (!(type = node_str(key[SK_TYPE])))
		return bad(im, "%s/%s: missing \"type\"", lv->name, sec->key);
	/* the model keeps a snapshot segment alone in its LV */
	if (lv->n_segs && (!strcmp(type, "snapshot") || lv->segs[0].type == SEG_SNAPSHOT))
		return bad(im, "snapshot %s has more than one segment", lv->name);
	if (!strcmp(type, "striped")) {
		seg = lv_add_segment(lv, SEG_STRIPED, le, len, 0);
		free(seg->areas);
		seg->areas = NULL;
		return import_striped(im, sec, key, seg);
	}
	if (!strcmp(type, "snapshot")) {
		seg = lv_add_segment(lv, SEG_SNAPSHOT, le, len, 0);
		if (node_u32(im, sec, "chunk_size", key[SK_CHUNK_SIZE], 1, &seg->chunk_size))
			return -1;
		const char *origin = node_str(key[SK_ORIGIN]), *cow = node_str(key[SK_COW_STORE]);
		int merging = 0;
		if (!cow && (cow = node_str(key[SK_MERGING_STORE])))
			merging = 1;
		/* doubling at powers of two */
		if (!(*n_snaps & (*n_snaps - 1)))
			*snaps = xrealloc(*snaps, (*n_snaps ? 2 * *n_snaps : 1) * sizeof(**snaps));
		(*snaps)[(*n_snaps)++] = (struct pending_snap){
		    seg, lv, origin ? xstrdup(origin) : NULL, cow ? xstrdup(cow) : NULL, merging};
		return 0;
	}
	/* (lvm2 reads no other key of a zero segment, and neither does
	 * vgtool: where it may be is checked once the snapshots are linked,
	 * see import_vg_tail) */
	if (!strcmp(type, "zero")) {
		lv_add_segment(lv, SEG_ZERO, le, len, 0);
		return 0;
	}
	seg = lv_add_segment(lv, SEG_UNKNOWN, le, len, 0);
	seg->type_name = xstrdup(type);
	read_only(im,
	          "logical volume %s has a segment of type \"%s\", which vgtool does not "
	          "implement",
	          lv->name, type);
	return 0;
}

static int resolve_snapshot(struct importer *im, struct pending_snap *p)
{
	if (!p->origin)
		return bad(im, "%s: snapshot without \"origin\"", p->lv->name);
	if (!p->cow)
		return bad(im, "%s: snapshot without \"cow_store\"", p->lv->name);
	struct lv *o = vg_find_lv(im->vg, p->origin), *c = vg_find_lv(im->vg, p->cow);
	if (!o)
		return bad(im, "%s: origin \"%s\" does not exist", p->lv->name, p->origin);
	if (!c)
		return bad(im, "%s: COW store \"%s\" does not exist", p->lv->name, p->cow);
	vg_link_snapshot(p->seg, o, c);
	p->seg->merging = p->merging;
	return 0;
}

static void free_pending(struct pending_snap *snaps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(snaps[i].origin);
		free(snaps[i].cow);
	}
	free(snaps);
}

/* The keys of an LV section, in the order of lv_keys[]. */
enum {
	LK_ID,
	LK_STATUS,
	LK_FLAGS,
	LK_TAGS,
	LK_CREATION_HOST,
	LK_CREATION_TIME,
	LK_ALLOCATION_POLICY,
	LK_LOCK_ARGS,
	LK_READ_AHEAD,
	LK_MAJOR,
	LK_MINOR,
	LK_SEGMENT_COUNT,
	LK_N,
};
static const char *const lv_keys[LK_N] = {
    "id",
    "status",
    "flags",
    "tags",
    "creation_host",
    "creation_time",
    "allocation_policy",
    "lock_args",
    "read_ahead",
    "major",
    "minor",
    "segment_count",
};

/* segmentN: N (1 and up), or 0 for any other key */
static unsigned long segment_number(const struct cfg_node *n)
{
	char *end;
	unsigned long k;

	if (n->v.type != CFG_SECTION || strncmp(n->key, "segment", 7) || n->key[7] < '1' ||
	    n->key[7] > '9')
		return 0;
	k = strtoul(n->key + 7, &end, 10);
	return *end ? 0 : k;
}

/* An LV's section is read in one pass over its keys, each put in its slot
 * (its segments in theirs): a VG of ten thousand LVs has some 150,000 of
 * them, and looking each one up by name walked the section again. */
static int import_lv(struct importer *im, const struct cfg_node *sec, struct pending_snap **snaps,
                     size_t *n_snaps)
{
	const struct cfg_node *key[LK_N] = {0}, *few[4], **segs = few, *unexpected = NULL,
	                      *unknown = NULL;
	char id[UUID_LEN + 1];
	uint32_t seg_count = 0;
	size_t n_keys = 0, n_slots;
	struct lv *lv;
	int r = -1;

	if (sec->v.type != CFG_SECTION)
		return bad(im, "logical_volumes: \"%s\" is not a section", sec->key);
	for (const struct cfg_node *n = sec->child; n; n = n->next, n_keys++) {
		size_t k;
		for (k = 0; k < LK_N; k++)
			if (lv_keys[k][0] == n->key[0] && !strcmp(lv_keys[k], n->key))
				break;
		if (k < LK_N)
			key[k] = n;
		else if (!unknown && !(n->v.type == CFG_SECTION && !strncmp(n->key, "segment", 7)))
			unknown = n; /* only the first reason is kept */
	}
	if (node_id(im, sec, key[LK_ID], id))
		return -1;
	if (vg_find_lv(im->vg, sec->key))
		return bad(im, "logical_volumes: \"%s\" appears twice", sec->key);
	lv = vg_add_lv(im->vg, sec->key, id);
	if (unknown)
		read_only(im, "logical volume %s has the setting \"%s\", unknown to vgtool",
		          sec->key, unknown->key);
	if (node_flags(im, sec, "logical volume", key[LK_STATUS], key[LK_FLAGS], lv_status_names,
	               lv_flag_names, &lv->status) ||
	    node_tags(im, sec, key[LK_TAGS], &lv->tags) ||
	    node_string(im, sec, "creation_host", key[LK_CREATION_HOST], 0, &lv->creation_host) ||
	    node_u64(im, sec, "creation_time", key[LK_CREATION_TIME], 0, UINT64_MAX,
	             &lv->creation_time) ||
	    node_string(im, sec, "allocation_policy", key[LK_ALLOCATION_POLICY], 0,
	                &lv->allocation_policy) ||
	    node_string(im, sec, "lock_args", key[LK_LOCK_ARGS], 0, &lv->lock_args) ||
	    node_u32(im, sec, "segment_count", key[LK_SEGMENT_COUNT], 1, &seg_count))
		return -1;
	/* lvm2: -1 none, 0 (never written by it) auto, else sectors */
	if (key[LK_READ_AHEAD] && key[LK_READ_AHEAD]->v.type == CFG_INT) {
		int64_t ra = key[LK_READ_AHEAD]->v.i;
		lv->read_ahead = ra < 0 ? -1 : ra == 0 ? -2 : ra;
	}
	if (key[LK_MAJOR] && key[LK_MAJOR]->v.type == CFG_INT) {
		int64_t v = key[LK_MAJOR]->v.i;
		lv->major = v < 0 || v > 0xfff ? -1 : (int)v;
	}
	if (key[LK_MINOR] && key[LK_MINOR]->v.type == CFG_INT) {
		int64_t v = key[LK_MINOR]->v.i;
		lv->minor = v < 0 || v > 0xfffff ? -1 : (int)v;
	}
	if (!seg_count)
		return bad(im, "%s: segment_count is 0", sec->key);

	/* A slot for each segment up to one more than there are keys: a
	 * count beyond that (untrusted) has a missing segment within it. */
	n_slots = seg_count < n_keys + 1 ? seg_count : n_keys + 1;
	if (n_slots > sizeof(few) / sizeof(few[0]))
		segs = xmalloc(n_slots * sizeof(*segs));
	memset(segs, 0, n_slots * sizeof(*segs));
	for (const struct cfg_node *n = sec->child; n; n = n->next) {
		unsigned long k = segment_number(n);
		if (k && k <= n_slots)
			segs[k - 1] = n;
		else if (!k && n->v.type == CFG_SECTION && !strncmp(n->key, "segment", 7) &&
		         !unexpected)
			unexpected = n;
		else if (k > seg_count && !unexpected)
			unexpected = n;
	}
	for (uint32_t i = 0; i < n_slots; i++) {
		if (!segs[i]) {
			bad(im, "%s: missing segment%u of %u", sec->key, i + 1, seg_count);
			goto out;
		}
		if (import_segment(im, lv, segs[i], snaps, n_snaps))
			goto out;
	}
	if (unexpected) {
		bad(im, "%s: unexpected section \"%s\"", sec->key, unexpected->key);
		goto out;
	}
	r = 0;
out:
	if (segs != few)
		free(segs);
	return r;
}

/* The VG section up to its LVs: its own keys and its PVs. */
static int import_vg_head(struct importer *im, const struct cfg_node *sec)
{
	static const char *const known[] = {
	    "id",
	    "seqno",
	    "format",
	    "status",
	    "flags",
	    "tags",
	    "system_id",
	    "lock_type",
	    "lock_args",
	    "extent_size",
	    "max_lv",
	    "max_pv",
	    "metadata_copies",
	    "allocation_policy",
	    "physical_volumes",
	    "logical_volumes",
	    NULL,
	};
	const struct cfg_node *pvs;
	uint32_t extent_size = 0;
	const char *fmt;

	if (get_u32(im, sec, "extent_size", 1, &extent_size))
		return -1;
	if (!extent_size)
		return bad(im, "extent_size is 0");
	im->vg = vg_new(sec->key, extent_size);
	if (get_id(im, sec, im->vg->id) || get_u32(im, sec, "seqno", 1, &im->vg->seqno) ||
	    get_flags(im, sec, "volume group", vg_status_names, vg_flag_names, &im->vg->status) ||
	    get_tags(im, sec, &im->vg->tags) ||
	    get_string(im, sec, "system_id", 0, &im->vg->system_id) ||
	    get_string(im, sec, "lock_type", 0, &im->vg->lock_type) ||
	    get_string(im, sec, "lock_args", 0, &im->vg->lock_args) ||
	    get_u32(im, sec, "max_lv", 0, &im->vg->max_lv) ||
	    get_u32(im, sec, "max_pv", 0, &im->vg->max_pv) ||
	    get_u32(im, sec, "metadata_copies", 0, &im->vg->metadata_copies) ||
	    get_string(im, sec, "allocation_policy", 0, &im->vg->allocation_policy))
		return -1;
	check_keys(im, sec, "volume group", known);
	if (!cfg_get_str(sec, "format", &fmt) && strcmp(fmt, "lvm2"))
		return bad(im, "format \"%s\" is not lvm2", fmt);
	/* sanlock and dlm go through lvmlockd as lvm2's do; idm (its PV
	 * lists) and lock types lvm2 does not know are shown, never used */
	if (im->vg->lock_type && strcmp(im->vg->lock_type, "none") &&
	    (!vg_shared(im->vg) || !strcmp(im->vg->lock_type, "idm")))
		read_only(im, "volume group %s has the lock type \"%s\", which vgtool does not implement",
		          sec->key, im->vg->lock_type);
	if (im->vg->system_id && *im->vg->system_id)
		read_only(im,
		          "volume group %s has a system ID (%s), which vgtool does not "
		          "implement",
		          sec->key, im->vg->system_id);

	pvs = cfg_find(sec, "physical_volumes");
	if (!pvs || pvs->v.type != CFG_SECTION)
		return bad(im, "missing \"physical_volumes\"");
	for (const struct cfg_node *n = pvs->child; n; n = n->next)
		if (import_pv(im, n))
			return -1;
	return 0;
}

/* After the LVs: the snapshots' links, then the VG as a whole. */
static void import_vg_tail(struct importer *im, struct pending_snap *snaps, size_t n_snaps)
{
	struct strbuf verr = STRBUF_INIT;

	for (size_t i = 0; i < n_snaps; i++)
		if (resolve_snapshot(im, &snaps[i]))
			return;
	/* zero segments and hidden origins: only as lvm2's sparse snapshots
	 * make them (a hidden origin is a virtual one to lvm2: removing its
	 * snapshot would remove it too) */
	for (size_t i = 0; i < im->vg->n_lvs; i++) {
		const struct lv *lv = im->vg->lvs[i];
		if (lv_zero_layout_ok(im->vg, lv))
			continue;
		if (lv_is_virtual_origin(im->vg, lv))
			read_only(im,
			          "logical volume %s is a hidden origin with segments other than "
			          "\"zero\", which vgtool does not implement",
			          lv->name);
		else
			read_only(im,
			          "logical volume %s has a segment of type \"zero\" outside a "
			          "sparse snapshot's origin, which vgtool does not implement",
			          lv->name);
	}
	if (vg_validate(im->vg, &verr))
		bad(im, "%s", verr.buf);
	strbuf_release(&verr);
}

/* The VG from its section in a whole tree. */
static void import_vg(struct importer *im, const struct cfg_node *sec)
{
	const struct cfg_node *lvs;
	struct pending_snap *snaps = NULL;
	size_t n_snaps = 0;

	if (import_vg_head(im, sec))
		return;
	lvs = cfg_find(sec, "logical_volumes");
	if (lvs && lvs->v.type != CFG_SECTION) {
		bad(im, "\"logical_volumes\" is not a section");
		return;
	}
	for (const struct cfg_node *n = lvs ? lvs->child : NULL; n; n = n->next)
		if (import_lv(im, n, &snaps, &n_snaps))
			goto out;
	import_vg_tail(im, snaps, n_snaps);
out:
	free_pending(snaps, n_snaps);
}

/* Streaming (cfg_parse_stream): the VG section's keys and PVs are read
 * when its "logical_volumes" opens, each LV as its section closes, and
 * the parser drops the LV's nodes after it.  A text of ten thousand LVs
 * then never exists whole as a tree, which was four times the text's size
 * in memory (each page of it a page fault).  lvm2 writes the VG's keys and
 * PVs before its LVs; a text that does not is read whole instead (the
 * parser says so through `broken`). */
struct streamer {
	struct importer *im;
	const struct cfg_node *lvs; /* the section streamed, once open */
	size_t n_lvs;               /* its sections handed over */
	int head_failed;
	struct pending_snap *snaps;
	size_t n_snaps;
};

static int stream_open(void *ctx, struct cfg_node *sec)
{
	struct streamer *s = ctx;

	if (strcmp(sec->key, "logical_volumes"))
		return 0;
	s->lvs = sec;
	s->head_failed = import_vg_head(s->im, sec->parent) != 0;
	return 1;
}

static int stream_closed(void *ctx, struct cfg_node *sec)
{
	struct streamer *s = ctx;

	s->n_lvs++;
	/* after the first error, as import_vg: the rest is only parsed */
	if (!s->head_failed && !s->im->err.len)
		(void)import_lv(s->im, sec, &s->snaps, &s->n_snaps);
	return 1;
}

/* What the stream read is the whole VG: the parser saw no later change to
 * it, and every child of "logical_volumes" was an LV section it handed
 * over (a value there, or a section made by a path key, was not). */
static int stream_complete(const struct streamer *s, const struct cfg_stream *st)
{
	size_t n = 0;

	if (st->broken)
		return 0;
	for (const struct cfg_node *c = s->lvs->child; c; c = c->next)
		n++;
	return n == s->n_lvs;
}

static void stream_discard(struct streamer *s)
{
	free_pending(s->snaps, s->n_snaps);
	s->snaps = NULL;
	s->n_snaps = 0;
	vg_free(s->im->vg);
	s->im->vg = NULL;
	strbuf_reset(&s->im->err);
	s->lvs = NULL;
}

static const struct cfg_node *find_vg_section(const struct cfg_node *root)
{
	for (const struct cfg_node *n = root->child; n; n = n->next)
		if (n->v.type == CFG_SECTION)
			return n;
	return NULL;
}

struct vg *text_import_vg(const char *text, size_t len, const char *source)
{
	return text_import_vg_syntax(text, len, source, NULL);
}

static struct vg *import_text(const char *text, size_t len, const char *source, int *syntax,
                              int stream)
{
	struct strbuf perr = STRBUF_INIT;
	struct importer im = {source, NULL, STRBUF_INIT};
	struct streamer s = {&im, NULL, 0, 0, NULL, 0};
	struct cfg_stream st = {stream_open, stream_closed, &s, 0, 0};
	struct cfg_node *root = stream
	                            ? cfg_parse_stream(text, len, &cfg_limits_metadata, &perr, &st)
	                            : cfg_parse_arena(text, len, &cfg_limits_metadata, &perr);
	const struct cfg_node *sec;
	const char *contents;
	int64_t version;

	/* Read again whole when the stream did not see all of it, or when a
	 * parse error came after the text reached into what was dropped (the
	 * whole tree may fail earlier, on a duplicate of a dropped key). */
	if (stream && (root ? s.lvs && !stream_complete(&s, &st) : st.broken)) {
		stream_discard(&s);
		if (!root || st.dropped) {
			cfg_free(root);
			strbuf_reset(&perr);
			root = cfg_parse_arena(text, len, &cfg_limits_metadata, &perr);
		}
	}
	if (syntax)
		*syntax = !root;
	if (!root) {
		log_error("Metadata on %s cannot be parsed: %s.", source, perr.buf);
		strbuf_release(&perr);
		stream_discard(&s);
		strbuf_release(&im.err);
		return NULL;
	}
	if (root->flags & CFG_F_REPAIRED_TIME)
		log_warn("WARNING: Invalid creation_time found in metadata (repaired with next "
		         "metadata update).");
	/* The errors in the order of a reading of the whole tree: the text's
	 * header first, then the VG's head, its LVs in order, the links,
	 * and the whole VG. */
	if (cfg_get_str(root, "contents", &contents) ||
	    strcmp(contents, "Text Format Volume Group") ||
	    cfg_get_int(root, "version", &version) || version != 1) {
		strbuf_reset(&im.err);
		bad(&im, "not LVM2 text format version 1");
	} else if (!(sec = find_vg_section(root))) {
		bad(&im, "no volume group section");
	} else if (!s.lvs) {
		import_vg(&im, sec);
	} else if (!im.err.len) {
		import_vg_tail(&im, s.snaps, s.n_snaps);
	}
	free_pending(s.snaps, s.n_snaps);
	cfg_free(root);
	strbuf_release(&perr);
	if (im.err.len) {
		log_error("Metadata on %s is invalid: %s.", source, im.err.buf);
		strbuf_release(&im.err);
		vg_free(im.vg);
		return NULL;
	}
	strbuf_release(&im.err);
	return im.vg;
}

struct vg *text_import_vg_syntax(const char *text, size_t len, const char *source, int *syntax)
{
	return import_text(text, len, source, syntax, 1);
}

struct vg *text_import_vg_whole(const char *text, size_t len, const char *source)
{
	return import_text(text, len, source, NULL, 0);
}

static int peek_tree(const struct cfg_node *root, char **name, uint32_t *seqno, char *id)
{
	const struct cfg_node *sec = root ? find_vg_section(root) : NULL;
	int64_t v;
	const char *s;

	if (!sec || cfg_get_int(sec, "seqno", &v) || v < 0 || v > UINT32_MAX ||
	    cfg_get_str(sec, "id", &s) || uuid_parse(s, id))
		return -1;
	*name = xstrdup(sec->key);
	*seqno = (uint32_t)v;
	return 0;
}

/* lvm2 writes id and seqno first in the VG section, so the head of the
 * text says them; only a text laid out otherwise is parsed whole.  The
 * rest of the text is checked when the VG is imported (vg_read). */
int text_peek_vg(const char *text, size_t len, char **name, uint32_t *seqno, char *id)
{
	struct cfg_node *root = cfg_parse_head(text, len, &cfg_limits_metadata, NULL);
	int r = peek_tree(root, name, seqno, id);

	cfg_free(root);
	if (r && root) {
		root = cfg_parse_arena(text, len, &cfg_limits_metadata, NULL);
		r = peek_tree(root, name, seqno, id);
		cfg_free(root);
	}
	return r;
}
