/* The long forms of pvdisplay, vgdisplay and lvdisplay.  The labels, their
 * padding, the tabs in the segment maps and the "   " lines that end each
 * block are lvm2's (lib/display/display.c and the segment types' display
 * hooks), as compared against lvm2 2.03 output. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "metadata/missing.h"
#include "report/display.h"

static void line(struct strbuf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line(struct strbuf *out, const char *fmt, ...)
{
	va_list ap;

	strbuf_addstr(out, "  ");
	va_start(ap, fmt);
	strbuf_vaddf(out, fmt, ap);
	va_end(ap);
	strbuf_addch(out, '\n');
}

/* A size as lvm2's display_size() writes it, for use in a line. */
static const char *sz(const struct report_ctx *ctx, struct strbuf *tmp, uint64_t sectors)
{
	strbuf_reset(tmp);
	format_size_long(tmp, sectors, &ctx->units, 0);
	return tmp->buf;
}

static const char *fmt_uuid(const char *raw, char buf[UUID_FORMATTED_LEN + 1])
{
	buf[0] = '\0';
	if (raw && strlen(raw) == UUID_LEN)
		uuid_format(raw, buf);
	return buf;
}

static uint32_t alloc_extents(const struct vg *vg)
{
	uint32_t n = 0;
	for (size_t i = 0; i < vg->n_pvs; i++)
		n += pv_used_extents(vg, vg->pvs[i]);
	return n;
}

static const char *pv_path(const struct pv *pv)
{
	return pv->dev_path ? pv->dev_path : "[unknown]";
}

void display_pv_capacity(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                         const struct pv *pv, const struct pv_disk *pd)
{
	struct strbuf a = STRBUF_INIT;
	const char *name = pd ? pd->dev.path : pv_path(pv);
	uint64_t size;

	if (pv)
		size = (uint64_t)(pv->pe_count - pv_used_extents(vg, pv)) * vg->extent_size;
	else
		size = pd->label.dev_size ? pd->label.dev_size / 512 : pd->dev.size / 512;
	line(out, "Device \"%s\" has a capacity of %s", name, sz(ctx, &a, size));
	strbuf_release(&a);
}

/* A PV's size in sectors (an orphan's: its device's), after lvm2's line
 * for a PV in no group or in an exported one. */
static uint64_t pv_announce(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                            const struct pv *pv, const struct pv_disk *pd, const char *name)
{
	struct strbuf a = STRBUF_INIT;
	uint64_t size = pv                   ? pv->dev_size
	                : pd->label.dev_size ? pd->label.dev_size / 512
	                                     : pd->dev.size / 512;

	if (!pv)
		line(out, "\"%s\" is a new physical volume of \"%s\"", name, sz(ctx, &a, size));
	else if (vg->status & VG_EXPORTED)
		line(out, "Physical volume \"%s\" of volume group \"%s\" is exported", name,
		     vg->name);
	strbuf_release(&a);
	return size;
}

void display_pv(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                const struct pv *pv, const struct pv_disk *pd, int maps)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	char id[UUID_FORMATTED_LEN + 1];
	const char *name = pd ? pd->dev.path : pv_path(pv);
	uint32_t pe_size = pv ? vg->extent_size : 0, pe_count = pv ? pv->pe_count : 0;
	uint32_t alloc = pv ? pv_used_extents(vg, pv) : 0;
	uint64_t dev_size, data, pvsize, unusable;

	dev_size = pv_announce(out, ctx, vg, pv, pd, name);
	line(out, "--- %sPhysical volume ---", pe_size ? "" : "NEW ");
	line(out, "PV Name               %s", name);
	line(out, "VG Name               %s%s", vg->name,
	     (vg->status & VG_EXPORTED) ? " (exported)" : "");

	/* What the extents leave unused, the label and metadata included. */
	data = (uint64_t)pe_count * pe_size;
	if (pv && dev_size > data + pv->pe_start) {
		pvsize = dev_size;
		unusable = dev_size - data;
	} else {
		pvsize = data + (pv ? pv->pe_start : 0);
		unusable = pvsize - dev_size;
		if (!pv)
			pvsize = dev_size;
	}
	if (data)
		line(out, "PV Size               %s / not usable %s", sz(ctx, &a, pvsize),
		     sz(ctx, &b, unusable));
	else
		line(out, "PV Size               %s", sz(ctx, &a, pvsize));

	if (pe_count && (pv->status & PV_ALLOCATABLE))
		line(out, "Allocatable           yes %s", alloc == pe_count ? "(but full)" : "");
	else
		line(out, "Allocatable           NO");
	line(out, "PE Size               %s", sz(ctx, &a, pe_size));
	line(out, "Total PE              %u", pe_count);
	line(out, "Free PE               %u", pe_count - alloc);
	line(out, "Allocated PE          %u", alloc);
	line(out, "PV UUID               %s", fmt_uuid(pd ? pd->label.pv_id : pv->id, id));
	line(out, " ");

	if (maps) {
		struct pvseg *segs;
		size_t n = pv_segments(vg, pv, &segs);

		if (pe_size)
			line(out, "--- Physical Segments ---");
		for (size_t i = 0; i < n; i++) {
			line(out, "Physical extent %u to %u:", segs[i].pe,
			     segs[i].pe + segs[i].len - 1);
			if (!segs[i].lv) {
				line(out, "  FREE");
				continue;
			}
			line(out, "  Logical volume\t%s%s/%s", ctx->dev_dir, vg->name,
			     segs[i].lv->name);
			line(out, "  Logical extents\t%u to %u", segs[i].seg->le,
			     segs[i].seg->le + segs[i].seg->len - 1);
		}
		line(out, " ");
		free(segs);
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

static void display_pv_short(struct strbuf *out, const struct vg *vg, const struct pv *pv)
{
	char id[UUID_FORMATTED_LEN + 1];

	line(out, "PV Name               %s     ", pv_path(pv));
	line(out, "PV UUID               %s", fmt_uuid(pv->id, id));
	line(out, "PV Status             %sallocatable",
	     (pv->status & PV_ALLOCATABLE) ? "" : "NOT ");
	line(out, "Total PE / Free PE    %u / %u", pv->pe_count,
	     pv->pe_count - pv_used_extents(vg, pv));
	line(out, " ");
}

static int mda_count(const struct report_ctx *ctx, const struct vg *vg)
{
	int n = 0;

	for (size_t i = 0; ctx->scan && i < vg->n_pvs; i++) {
		const struct pv_disk *pd = scan_find_pv_id(ctx->scan, vg->pvs[i]->id);
		if (pd)
			n += (int)pd->n_mdas;
	}
	return n;
}

/* The VG's listed LVs and how many of them are open (lvm2's
 * vg_visible_lvs and lvs_in_vg_opened). */
static void count_lvs(const struct report_ctx *ctx, const struct vg *vg, unsigned *lvs,
                      unsigned *open)
{
	for (size_t i = 0; i < vg->n_lvs; i++) {
		struct lv_kstate ks;

		if (!report_lv_listed(vg, vg->lvs[i], 0))
			continue;
		(*lvs)++;
		if (!report_lv_state(ctx, vg, vg->lvs[i], &ks) && ks.exists && ks.open_count)
			(*open)++;
	}
}

void display_vg(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg, int verbose)
{
	struct strbuf a = STRBUF_INIT;
	char id[UUID_FORMATTED_LEN + 1];
	uint32_t total = vg_extent_count(vg), alloc = alloc_extents(vg);
	unsigned access = vg->status & (VG_READ | VG_WRITE);
	unsigned lvs = 0, open = 0, missing = 0;

	count_lvs(ctx, vg, &lvs, &open);
	missing = (unsigned)vg_missing_pv_count(vg);

	line(out, "--- Volume group ---");
	line(out, "VG Name               %s", vg->name);
	line(out, "System ID             %s", vg->system_id ? vg->system_id : "");
	line(out, "Format                lvm2");
	line(out, "Metadata Areas        %d", mda_count(ctx, vg));
	line(out, "Metadata Sequence No  %u", vg->seqno);
	line(out, "VG Access             %s",
	     access == (VG_READ | VG_WRITE) ? "read/write"
	     : access == VG_READ            ? "read"
	     : access == VG_WRITE           ? "write"
	                                    : "error");
	line(out, "VG Status             %s%sresizable",
	     (vg->status & VG_EXPORTED) ? "exported/" : "",
	     (vg->status & VG_RESIZEABLE) ? "" : "NOT ");
	line(out, "MAX LV                %u", vg->max_lv);
	line(out, "Cur LV                %u", lvs);
	line(out, "Open LV               %u", open);
	line(out, "Max PV                %u", vg->max_pv);
	line(out, "Cur PV                %zu", vg->n_pvs);
	line(out, "Act PV                %zu", vg->n_pvs - missing);
	line(out, "VG Size               %s", sz(ctx, &a, (uint64_t)total * vg->extent_size));
	line(out, "PE Size               %s", sz(ctx, &a, vg->extent_size));
	line(out, "Total PE              %u", total);
	line(out, "Alloc PE / Size       %u / %s", alloc,
	     sz(ctx, &a, (uint64_t)alloc * vg->extent_size));
	line(out, "Free  PE / Size       %u / %s", total - alloc,
	     sz(ctx, &a, (uint64_t)(total - alloc) * vg->extent_size));
	line(out, "VG UUID               %s", fmt_uuid(vg->id, id));
	line(out, " ");

	if (verbose) {
		for (size_t i = 0; i < vg->n_lvs; i++)
			if (report_lv_listed(vg, vg->lvs[i], 0))
				display_lv(out, ctx, vg, vg->lvs[i], 0);
		line(out, "--- Physical volumes ---");
		for (size_t i = 0; i < vg->n_pvs; i++)
			display_pv_short(out, vg, vg->pvs[i]);
	}
	strbuf_release(&a);
}

static void display_area(struct strbuf *out, const struct segment *seg, uint32_t s, const char *pre)
{
	uint32_t len = seg->len / seg->stripe_count;

	line(out, "%sPhysical volume\t%s", pre, pv_path(seg->areas[s].pv));
	line(out, "%sPhysical extents\t%u to %u", pre, seg->areas[s].pe,
	     seg->areas[s].pe + len - 1);
}

static void display_segments(struct strbuf *out, const struct report_ctx *ctx, const struct lv *lv)
{
	struct strbuf a = STRBUF_INIT;

	line(out, "--- Segments ---");
	for (size_t i = 0; i < lv->n_segs; i++) {
		const struct segment *seg = &lv->segs[i];

		/* (lvm2 calls the extents of a segment with no storage behind
		 * it virtual) */
		line(out, "%s extents %u to %u:", seg->type == SEG_ZERO ? "Virtual" : "Logical",
		     seg->le, seg->le + seg->len - 1);
		if (seg->type != SEG_STRIPED) {
			line(out, "  Type\t\t%s",
			     seg->type == SEG_SNAPSHOT ? "snapshot"
			     : seg->type == SEG_ZERO   ? "zero"
			                               : seg->type_name);
			/* (lvm2's zero segment has nothing more to say, not
			 * even the blank line that closes the others) */
			if (seg->type != SEG_ZERO)
				line(out, " ");
			continue;
		}
		line(out, "  Type\t\t%s", seg->stripe_count > 1 ? "striped" : "linear");
		if (seg->stripe_count == 1) {
			display_area(out, seg, 0, "  ");
		} else {
			line(out, "  Stripes\t\t%u", seg->stripe_count);
			line(out, "  Stripe size\t\t%s", sz(ctx, &a, seg->stripe_size));
			for (uint32_t s = 0; s < seg->stripe_count; s++) {
				line(out, "  Stripe %u:", s);
				display_area(out, seg, s, "    ");
			}
		}
		line(out, " ");
	}
	line(out, " ");
	strbuf_release(&a);
}

/* Is this snapshot (given by its COW LV) active and valid? */
static int snapshot_active(const struct report_ctx *ctx, const struct vg *vg, const struct lv *cow)
{
	struct lv_kstate ks;

	if (report_lv_state(ctx, vg, cow, &ks) || !ks.exists)
		return 0;
	return !ks.has_snap_status || !ks.snap_invalid;
}

void display_lv(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                const struct lv *lv, int maps)
{
	struct strbuf a = STRBUF_INIT;
	char id[UUID_FORMATTED_LEN + 1];
	const struct segment *snap = report_cow_segment(vg, lv);
	struct lv_kstate ks;
	int inkernel = !report_lv_state(ctx, vg, lv, &ks) && ks.exists;
	uint32_t le = lv_extents(lv);

	line(out, "--- Logical volume ---");
	if (lv_is_user_visible(vg, lv))
		line(out, "LV Path                %s%s/%s", ctx->dev_dir, vg->name, lv->name);
	/* hidden LVs (a merging snapshot, shown with -a) as lvm2 names them */
	line(out, "%s%s",
	     lv_is_user_visible(vg, lv) ? "LV Name                " : "Internal LV Name       ",
	     lv->name);
	line(out, "VG Name                %s", vg->name);
	line(out, "LV UUID                %s", fmt_uuid(lv->id, id));
	line(out, "LV Write Access        %s",
	     !(lv->status & LV_WRITE)   ? "read only"
	     : inkernel && ks.read_only ? "read/write (activated read only)"
	                                : "read/write");
	if (lv->creation_host) {
		char when[64] = "";
		time_t t = (time_t)lv->creation_time;
		struct tm tm;

		if (t && localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %T %z", &tm);
		line(out, "LV Creation host, time %s, %s", lv->creation_host, when);
	}

	if (lv_is_origin(vg, lv)) {
		line(out, "LV snapshot status     source of");
		for (size_t i = 0; i < lv->n_snapshots; i++) {
			const struct segment *s = lv->snapshots[i];
			line(out, "                       %s [%s]", s->cow->name,
			     inkernel && snapshot_active(ctx, vg, s->cow) ? "active" : "INACTIVE");
		}
	} else if (snap) {
		line(out, "LV snapshot status     %s destination for %s",
		     inkernel && snapshot_active(ctx, vg, lv) ? "active" : "INACTIVE",
		     snap->origin->name);
	}

	if (inkernel && ks.suspended)
		line(out, "LV Status              suspended");
	else
		line(out, "LV Status              %savailable%s", inkernel ? "" : "NOT ",
		     lv_is_partial(vg, lv) ? " (partial)" : "");
	if (inkernel)
		line(out, "# open                 %u", ks.open_count);

	line(out, "LV Size                %s",
	     sz(ctx, &a, (uint64_t)(snap ? lv_extents(snap->origin) : le) * vg->extent_size));
	line(out, "Current LE             %u", snap ? lv_extents(snap->origin) : le);
	if (snap) {
		int32_t p = inkernel ? snapshot_percent(&ks) : -1;

		line(out, "COW-table size         %s", sz(ctx, &a, (uint64_t)le * vg->extent_size));
		line(out, "COW-table LE           %u", le);
		if (p >= 0 && !ks.snap_invalid) {
			strbuf_reset(&a);
			format_percent(&a, p);
			line(out, "Allocated to snapshot  %s%%", a.buf);
		}
		line(out, "Snapshot chunk size    %s", sz(ctx, &a, snap->chunk_size));
	}
	line(out, "Segments               %zu", lv->n_segs);
	line(out, "Allocation             %s",
	     lv->allocation_policy ? lv->allocation_policy : "inherit");
	if (lv->read_ahead == -2)
		line(out, "Read ahead sectors     auto");
	else
		line(out, "Read ahead sectors     %lld",
		     lv->read_ahead < 0 ? 0LL : (long long)lv->read_ahead);
	/* "none" is 0 sectors, so it matches a kernel read-ahead of 0; auto
	 * never matches. */
	if (inkernel && (lv->read_ahead == -2 ||
	                 (uint32_t)(lv->read_ahead < 0 ? 0 : lv->read_ahead) != ks.read_ahead))
		line(out, "- currently set to     %u", ks.read_ahead);
	if (lv->status & LV_FIXED_MINOR) {
		if (lv->major >= 0)
			line(out, "Persistent major       %d", lv->major);
		line(out, "Persistent minor       %d", lv->minor);
	}
	if (inkernel)
		line(out, "Block device           %d:%d", ks.major, ks.minor);
	line(out, " ");

	if (maps)
		display_segments(out, ctx, lv);
	strbuf_release(&a);
}

/* lvm2's status words, as its -c lines print them: the bits of its own
 * flags (lib/metadata/metadata-exported.h), from the metadata's strings
 * (its PARTIAL bit is no longer set for missing PVs: not shown either) */
#define LVM2_EXPORTED       0x2u
#define LVM2_RESIZEABLE_VG  0x4u
#define LVM2_ALLOCATABLE_PV 0x8u
#define LVM2_NOAUTOACTIVATE 0x10u
#define LVM2_READ           0x100u
#define LVM2_WRITE          0x200u

void display_vg_colons(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg)
{
	char id[UUID_FORMATTED_LEN + 1];
	uint32_t total = vg_extent_count(vg), alloc = alloc_extents(vg);
	unsigned access = vg->status & (VG_READ | VG_WRITE), lvs = 0, open = 0;
	size_t missing = (size_t)vg_missing_pv_count(vg);
	unsigned status = ((vg->status & VG_READ) ? LVM2_READ : 0) |
	                  ((vg->status & VG_WRITE) ? LVM2_WRITE : 0) |
	                  ((vg->status & VG_RESIZEABLE) ? LVM2_RESIZEABLE_VG : 0) |
	                  ((vg->status & VG_EXPORTED) ? LVM2_EXPORTED : 0) |
	                  ((vg->status & VG_NOAUTOACTIVATE) ? LVM2_NOAUTOACTIVATE : 0);

	count_lvs(ctx, vg, &lvs, &open);
	/* fields 4 and 8 (the VG's number, the largest LV) lvm2 no longer
	 * knows: -1 */
	line(out, "%s:%s:%u:-1:%u:%u:%u:-1:%u:%zu:%zu:%llu:%u:%u:%u:%u:%s", vg->name,
	     access == (VG_READ | VG_WRITE) ? "r/w"
	     : access == VG_READ            ? "r"
	     : access == VG_WRITE           ? "w"
	                                    : "",
	     status, vg->max_lv, lvs, open, vg->max_pv, vg->n_pvs, vg->n_pvs - missing,
	     (unsigned long long)total * (vg->extent_size / 2), vg->extent_size / 2, total, alloc,
	     total - alloc, fmt_uuid(vg->id, id));
}

void display_vg_short(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	uint32_t total = vg_extent_count(vg), alloc = alloc_extents(vg);

	line(out, "\"%s\" %-9s [%-9s used / %s free]", vg->name,
	     sz(ctx, &a, (uint64_t)total * vg->extent_size),
	     sz(ctx, &b, (uint64_t)alloc * vg->extent_size),
	     sz(ctx, &c, (uint64_t)(total - alloc) * vg->extent_size));
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
}

void display_lv_colons(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                       const struct lv *lv)
{
	struct lv_kstate ks;
	int inkernel = !report_lv_state(ctx, vg, lv, &ks) && ks.exists;
	uint32_t le = lv_extents(lv);
	unsigned access = ((lv->status & LV_READ) ? 1 : 0) | ((lv->status & LV_WRITE) ? 2 : 0) |
	                  (inkernel && ks.read_only ? 4 : 0);
	/* lvm2's read_ahead as a signed number: auto is -1, none 0 */
	long long ra = lv->read_ahead == -2 ? -1 : lv->read_ahead < 0 ? 0 : lv->read_ahead;

	/* fields 5 and 9 (the LV's number, its allocated extents): -1 */
	line(out, "%s%s/%s:%s:%u:%d:-1:%u:%llu:%u:-1:%d:%lld:%d:%d", ctx->dev_dir, vg->name,
	     lv->name, vg->name, access, inkernel, inkernel ? ks.open_count : 0,
	     (unsigned long long)le * vg->extent_size, le,
	     lv->allocation_policy && !strcmp(lv->allocation_policy, "contiguous") ? 2 : 0, ra,
	     inkernel ? ks.major : -1, inkernel ? ks.minor : -1);
}

void display_pv_colons(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                       const struct pv *pv, const struct pv_disk *pd)
{
	char id[UUID_FORMATTED_LEN + 1];
	const char *name = pd ? pd->dev.path : pv_path(pv);
	uint32_t pe_count = pv ? pv->pe_count : 0, alloc = pv ? pv_used_extents(vg, pv) : 0;
	uint64_t size;
	unsigned status = 0;

	if (pv)
		status = ((pv->status & PV_ALLOCATABLE) ? LVM2_ALLOCATABLE_PV : 0) |
		         ((pv->status & PV_EXPORTED) ? LVM2_EXPORTED : 0);
	/* the long form's first line comes first, as lvm2 prints it */
	size = pv_announce(out, ctx, vg, pv, pd, name);
	/* field 4 (the PV's number) and 7 (its LVs): -1 */
	line(out, "%s:%s:%llu:-1:%u:%u:-1:%u:%u:%u:%u:%s", name, pv ? vg->name : "",
	     (unsigned long long)size, status, status & LVM2_ALLOCATABLE_PV,
	     pv ? vg->extent_size / 2 : 0, pe_count, pe_count - alloc, alloc,
	     fmt_uuid(pd ? pd->label.pv_id : pv->id, id));
}
