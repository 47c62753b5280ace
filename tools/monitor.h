/* What the parts of the COW watchdog share: a round's snapshots (the
 * rows of its report) and the entry points of its history state file
 * (tools/monitor-history.c) and report (tools/monitor-report.c); the
 * rounds themselves and the signal loop are tools/monitor.c's. */
#ifndef VGTOOL_MONITOR_H
#define VGTOOL_MONITOR_H

#include <stddef.h>
#include <stdint.h>

#include "metadata/policy.h"
#include "misc/strbuf.h"
#include "misc/uuid.h"
#include "tools/cmdline.h"

/* One active snapshot seen in a round: a row of the report. */
struct snap {
	char *vg_name, *lv_name;
	char lv_id[UUID_LEN + 1];
	struct cow_state s;
	uint64_t time_ms;
	const struct cow_sample *prev; /* into the history, or NULL */
	struct policy_result r;
	uint32_t final_extents; /* size after this round */
	const char *action;     /* one word for the report */
	struct strbuf note;     /* why, in words */
	int problem;            /* counts towards exit status 5 */
};

struct round {
	struct cmd_context *ctx;
	struct policy_config c;
	uint32_t interval;
	char boot_id[64];
	struct monitor_entry *hist;
	size_t n_hist;
	struct snap *snaps;
	size_t n;
	int failed; /* something outside a snapshot's row failed */
};

/* This boot's id, or "unknown": the history is kept per boot, because the
 * readings' monotonic times mean nothing across a reboot. */
void monitor_read_boot_id(char *out, size_t size);
/* The previous round's readings into rd->hist (none when missing or
 * damaged: the next round starts afresh). */
void monitor_history_load(struct round *rd);
/* This round's readings, for the next round's rates. */
void monitor_history_save(struct round *rd);

/* One line per snapshot (or JSON) on stdout, lvs-style.  -1 on failure. */
int monitor_print_report(const struct round *rd, int json);

#endif
