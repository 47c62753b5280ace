/* The pieces of a report row that take some reasoning: the attribute
 * strings, snapshot percentages, metadata-area free space, which LVs are
 * listed and the PV segment map.  Behaviour is lvm2's (lib/metadata/lv.c,
 * pv.c, vg.c and libdm's percent helpers), relearned, not copied. */
#include <stdlib.h>
#include <string.h>

#include "metadata/missing.h"
#include "metadata/policy.h"
#include "misc/xalloc.h"
#include "report/columns.h"

const struct segment *report_cow_segment(const struct vg *vg, const struct lv *lv)
{
	return lv ? lv_cow_segment(vg, lv) : NULL;
}

int report_lv_listed(const struct vg *vg, const struct lv *lv, int all)
{
	if (lv_snapshot_segment(lv))
		return 0;
	return all || lv_is_user_visible(vg, lv);
}

int report_lv_state(const struct report_ctx *ctx, const struct vg *vg, const struct lv *lv,
                    struct lv_kstate *out)
{
	memset(out, 0, sizeof(*out));
	out->major = out->minor = -1;
	if (!ctx->lv_state || !lv)
		return 0;
	if (ctx->lv_state(ctx->lv_state_arg, vg, lv, out)) {
		memset(out, 0, sizeof(*out));
		out->major = out->minor = -1;
		return -1;
	}
	return 0;
}

static int lv_merging(const struct vg *vg, const struct lv *lv)
{
	const struct segment *cow = lv_cow_segment(vg, lv);

	if (cow)
		return cow->merging;
	return lv_merging_segment(vg, lv) != NULL;
}

static int lv_has_unknown_segments(const struct lv *lv)
{
	for (size_t i = 0; i < lv->n_segs; i++)
		if (lv->segs[i].type == SEG_UNKNOWN)
			return 1;
	return 0;
}

static char policy_char(const char *policy)
{
	if (!policy || !strcmp(policy, "inherit"))
		return 'i';
	if (!strcmp(policy, "contiguous"))
		return 'c';
	if (!strcmp(policy, "cling") || !strcmp(policy, "cling_by_tags"))
		return 'l';
	if (!strcmp(policy, "normal"))
		return 'n';
	if (!strcmp(policy, "anywhere"))
		return 'a';
	return '-';
}

void lv_attr_string(const struct vg *vg, const struct lv *lv, const struct lv_kstate *ks,
                    int state_known, char out[11])
{
	int origin = lv_is_origin(vg, lv), cow = lv_is_cow(vg, lv);

	memset(out, '-', 10);
	out[10] = '\0';
	if (origin)
		out[0] = lv_merging(vg, lv) ? 'O' : 'o';
	else if (cow)
		out[0] = lv_merging(vg, lv) ? 'S' : 's';

	if (lv->status & LV_WRITE)
		out[1] = 'w';
	else if (lv->status & LV_READ)
		out[1] = 'r';
	out[2] = policy_char(lv->allocation_policy);
	if (lv->status & LV_FIXED_MINOR)
		out[3] = 'm';

	if (!state_known) {
		out[4] = out[5] = 'X';
	} else if (ks && ks->exists) {
		if (ks->suspended)
			out[4] = 's';
		else if (ks->live_table)
			out[4] = 'a';
		else if (ks->inactive_table)
			out[4] = 'i';
		else
			out[4] = 'd';
		/* A snapshot the kernel dropped, or whose merge failed. */
		if (ks->live_table && cow && ks->has_snap_status) {
			if (ks->snap_invalid)
				out[4] = ks->suspended ? 'S' : 'I';
			else if (ks->snap_merge_failed)
				out[4] = ks->suspended ? 'M' : 'm';
		}
		if (out[1] != 'r' && ks->read_only)
			out[1] = 'R';
		out[5] = ks->open_count ? 'o' : '-';
	}

	if (cow || origin)
		out[6] = 's';
	else if (lv_has_unknown_segments(lv))
		out[6] = 'u';
	if (lv_is_partial(vg, lv))
		out[8] = 'p';
	if (lv->status & LV_ACTIVATION_SKIP)
		out[9] = 'k';
}

void vg_attr_string(const struct vg *vg, char out[7])
{
	const char *policy = vg->allocation_policy ? vg->allocation_policy : "normal";

	memset(out, '-', 6);
	out[6] = '\0';
	out[0] = (vg->status & VG_WRITE) ? 'w' : 'r';
	if (vg->status & VG_RESIZEABLE)
		out[1] = 'z';
	if (vg->status & VG_EXPORTED)
		out[2] = 'x';
	if (vg_missing_pv_count(vg))
		out[3] = 'p';
	out[4] = policy_char(policy);
	if (vg_shared(vg))
		out[5] = 's';
}

void pv_attr_string(const struct vg *vg, const struct pv *pv, char out[4])
{
	memcpy(out, "---", 4);
	if (!pv)
		return;
	if (pv->status & PV_ALLOCATABLE)
		out[0] = 'a';
	else
		out[0] = 'u'; /* in a VG, but not allocatable */
	if (vg && (vg->status & VG_EXPORTED))
		out[1] = 'x';
	if (pv_is_missing(pv))
		out[2] = 'm';
}

/* lvm2's fixed point: 1% is 1000000. */
#define PERCENT_1   POLICY_PERCENT_1
#define PERCENT_100 POLICY_PERCENT_100

int32_t snapshot_percent(const struct lv_kstate *ks)
{
	if (!ks->exists || !ks->has_snap_status || ks->snap_merge_failed)
		return -1;
	if (ks->snap_invalid)
		return PERCENT_100; /* lvm2 shows an invalid snapshot as full */
	if (ks->snap_metadata && ks->snap_used == ks->snap_metadata)
		return 0;
	return policy_make_percent(ks->snap_used, ks->snap_total);
}

void format_percent(struct strbuf *sb, int32_t percent)
{
	/* As float, as lvm2 computes it, then nudged off 0.00 and 100.00
	 * unless the value is exactly that. */
	float f = (float)percent / PERCENT_1 + 0.f;
	const float step = .01f;
	const float r = PERCENT_1 * step;

	if (percent < r && percent > 0)
		f = step;
	else if (percent > PERCENT_100 - r && percent < PERCENT_100)
		f = (float)(PERCENT_100 - r) / PERCENT_1;
	strbuf_addf(sb, "%.2f", (double)f);
}

uint64_t mda_free_sectors(const struct mda_state *m)
{
	/* what the next text may take: lvm2's limit, less the text there */
	uint64_t max = mda_max_text_size(m->area.size);
	uint64_t used = m->header_ok ? m->hdr.loc[0].size : 0;

	return used >= max ? 0 : (max - used) >> 9;
}

size_t pv_segments(const struct vg *vg, const struct pv *pv, struct pvseg **out)
{
	struct pv_use *v = NULL;
	size_t n = 0, k = 0;
	uint32_t next = 0;

	*out = NULL;
	if (!vg || !pv || !pv->pe_count)
		return 0;
	n = pv_uses(vg, pv, &v);
	/* Fill the gaps with free runs. */
	*out = xcalloc(2 * n + 1, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		if (v[i].pe > next)
			(*out)[k++] = (struct pvseg){next, v[i].pe - next, NULL, NULL};
		(*out)[k++] = (struct pvseg){v[i].pe, v[i].len, v[i].lv, v[i].seg};
		if (v[i].pe + v[i].len > next)
			next = v[i].pe + v[i].len;
	}
	if (next < pv->pe_count)
		(*out)[k++] = (struct pvseg){next, pv->pe_count - next, NULL, NULL};
	free(v);
	return k;
}
