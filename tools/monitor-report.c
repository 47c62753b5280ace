/* The monitor's report: one row per snapshot of a round, through lvs's
 * report engine (columns, alignment, JSON) with a field table of its own. */
#include <stdio.h>

#include "misc/log.h"
#include "misc/units.h"
#include "report/report.h"
#include "tools/monitor.h"

/* The report: lvs's engine with a small table of its own. */
struct report_object {
	const struct snap *sp;
	const struct units *u;
};

static void size_field(const struct report_object *o, struct field_value *v, uint64_t sectors)
{
	format_size(&v->text, sectors, o->u, 0);
	v->num = sectors;
}

static void f_lv(const struct report_object *o, struct field_value *v)
{
	strbuf_addstr(&v->text, o->sp->lv_name);
}
static void f_vg(const struct report_object *o, struct field_value *v)
{
	strbuf_addstr(&v->text, o->sp->vg_name);
}
/* An invalid (or overflowed) snapshot's status has no sizes: blank, as
 * lvs leaves what it does not know, never "0". */
static int size_unknown(const struct report_object *o)
{
	return !o->sp->s.st.total;
}
static void f_size(const struct report_object *o, struct field_value *v)
{
	if (size_unknown(o))
		return;
	size_field(o, v, (uint64_t)o->sp->s.extents * o->sp->s.extent_size);
}
static void f_pct(const struct report_object *o, struct field_value *v)
{
	int32_t p = o->sp->r.percent;
	/* as lvs shows Snap%: an invalid snapshot as full; never 0.00 or
	 * 100.00 unless exactly so */
	if (p < 0)
		p = POLICY_PERCENT_100;
	if (p > 0 && p < POLICY_PERCENT_1 / 100)
		p = POLICY_PERCENT_1 / 100;
	else if (p < POLICY_PERCENT_100 && p > POLICY_PERCENT_100 - POLICY_PERCENT_1 / 100)
		p = POLICY_PERCENT_100 - POLICY_PERCENT_1 / 100;
	strbuf_addf(&v->text, "%.2f", (double)p / POLICY_PERCENT_1);
	v->num = (uint64_t)p;
}
static void f_rate(const struct report_object *o, struct field_value *v)
{
	if (!o->sp->r.rate_known)
		return;
	size_field(o, v, (uint64_t)(o->sp->r.rate + 0.5));
	while (v->text.len && v->text.buf[v->text.len - 1] == ' ') /* "0 " */
		strbuf_setlen(&v->text, v->text.len - 1);
	strbuf_addstr(&v->text, "/s");
}
static void f_action(const struct report_object *o, struct field_value *v)
{
	strbuf_addstr(&v->text, o->sp->action);
}
static void f_new(const struct report_object *o, struct field_value *v)
{
	if (size_unknown(o))
		return;
	size_field(o, v, (uint64_t)o->sp->final_extents * o->sp->s.extent_size);
}
static void f_note(const struct report_object *o, struct field_value *v)
{
	strbuf_addstr(&v->text, o->sp->note.buf);
}

static const struct report_field monitor_fields[] = {
    {"lv_name", "LV", FK_STR, RT_LV, 4, f_lv},
    {"vg_name", "VG", FK_STR, RT_LV, 4, f_vg},
    {"lv_size", "LSize", FK_SIZE, RT_LV, 5, f_size},
    {"snap_percent", "Snap%", FK_PCT, RT_LV, 6, f_pct},
    {"fill_rate", "Rate", FK_STR, RT_LV, 4, f_rate},
    {"action", "Action", FK_STR, RT_LV, 6, f_action},
    {"new_size", "NewSize", FK_SIZE, RT_LV, 7, f_new},
    {"reason", "Reason", FK_STR, RT_LV, 6, f_note},
};

static const struct report_spec monitor_spec = {
    monitor_fields,
    sizeof(monitor_fields) / sizeof(monitor_fields[0]),
    "snapshot",
    "",
    RT_LV,
    RT_LV,
    "lv_name,vg_name,lv_size,snap_percent,fill_rate,action,new_size,reason",
    "",
    NULL,
    0,
    NULL,
};

int monitor_print_report(const struct round *rd, int json)
{
	struct report rep;
	struct report_format fmt = {.json = json, .headings = 1};
	struct strbuf out = STRBUF_INIT;
	struct units u;

	units_default(&u);
	if (report_init(&rep, &monitor_spec, NULL, 0, NULL))
		return -1;
	for (size_t i = 0; i < rd->n; i++) {
		struct report_object o = {&rd->snaps[i], &u};
		report_add_row(&rep, &o);
	}
	report_write(&rep, &fmt, &out);
	if (log_enabled(LOG_LVL_PRINT))
		fwrite(out.buf, 1, out.len, stdout);
	fflush(stdout);
	strbuf_release(&out);
	report_free(&rep);
	return 0;
}
