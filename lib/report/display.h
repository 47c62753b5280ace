/* pvdisplay, vgdisplay and lvdisplay: lvm2's long forms, line for line.
 * Every function appends to `out`, each line indented by two blanks as
 * lvm2's log_print does; sizes follow ctx->units in lvm2's long style
 * ("4.00 MiB"). */
#ifndef VGTOOL_DISPLAY_H
#define VGTOOL_DISPLAY_H

#include "misc/strbuf.h"
#include "report/columns.h"

/* One PV.  vg: its VG, or an empty orphan VG; pv: NULL for an orphan PV
 * (which lvm2 calls "NEW"); pd: NULL when the device is missing.
 * maps: -m, the physical segments. */
void display_pv(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                const struct pv *pv, const struct pv_disk *pd, int maps);

/* pvdisplay -s: one line, the PV's free capacity (an orphan's whole size),
 * as lvm2 words it. */
void display_pv_capacity(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                         const struct pv *pv, const struct pv_disk *pd);

/* One VG; verbose (-v) adds its LVs and a short form of its PVs. */
void display_vg(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg, int verbose);

/* One LV (for a snapshot: its COW LV, as lvs lists it); maps: -m, the
 * segments. */
void display_lv(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                const struct lv *lv, int maps);

/* The -c forms, lvm2's line of colon-separated fields (its internal
 * status words included, as numbers): pvdisplay -c, vgdisplay -c,
 * lvdisplay -c.  vgdisplay -s: one line, the sizes. */
void display_pv_colons(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                       const struct pv *pv, const struct pv_disk *pd);
void display_vg_colons(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg);
void display_vg_short(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg);
void display_lv_colons(struct strbuf *out, const struct report_ctx *ctx, const struct vg *vg,
                       const struct lv *lv);

#endif
