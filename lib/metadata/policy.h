/* The COW watchdog's policy: when and by how much to grow a snapshot's
 * copy-on-write store.
 *
 * Two rules, both pure (the kernel's status, the clock and the previous
 * reading are inputs; nothing here does I/O):
 *
 *  - lvm2's `lvextend --use-policies` rule (policy_lvm2), reproduced
 *    exactly, including its fixed-point percentages and its rounding, so
 *    that `vgtool lvextend --use-policies` ends at the size lvm2 would;
 *  - vgtool's rate rule (policy_rate), for `vgtool monitor`: from the
 *    previous reading it computes the fill rate, and grows the COW early
 *    enough, and far enough, that it cannot fill between two checks.
 *
 * The monitor's history (one reading per snapshot, kept across runs in a
 * state file) is parsed and written here too, so that corrupt input is
 * handled, and tested, without a file system. */
#ifndef VGTOOL_POLICY_H
#define VGTOOL_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include "misc/strbuf.h"

/* lvm2's dm_percent_t: percent in millionths of a percent. */
#define POLICY_PERCENT_1       1000000
#define POLICY_PERCENT_100     (100 * POLICY_PERCENT_1)
#define POLICY_PERCENT_INVALID (-1)

/* A snapshot's dm status ("used/total metadata", or "Invalid", or
 * "Overflow"), in sectors. */
struct cow_status {
	uint64_t used, total, metadata;
	int invalid, overflow;
};

/* The use lvm2 reports (Snap%, Data%) and its policy compares: lvm2's
 * dm_make_percent() of used/total, 0 while only metadata is used,
 * POLICY_PERCENT_INVALID for an invalid snapshot. */
int32_t cow_percent(const struct cow_status *st);
/* lvm2's dm_make_percent(): num/den in the fixed point above, truncated,
 * never rounding a partial use to 0% or 100% (the reports' percentages
 * and the policy's use the same number). */
int32_t policy_make_percent(uint64_t num, uint64_t den);

/* One snapshot as the policy sees it. */
struct cow_state {
	uint32_t extents;      /* the COW's size now */
	uint32_t max_extents;  /* largest useful size (cow_max_extents) */
	uint32_t free_extents; /* what the VG (or the PVs given) could add */
	uint32_t extent_size;  /* sectors */
	struct cow_status st;
};

/* activation/snapshot_autoextend_threshold and _percent, as configured
 * (clamping is the policy's business). */
struct policy_config {
	int64_t threshold;
	int64_t percent;
};

enum policy_action {
	POLICY_NONE,        /* nothing to do */
	POLICY_EXTEND,      /* grow to new_extents */
	POLICY_AT_MAX,      /* should grow, but is already as large as useful */
	POLICY_NO_SPACE,    /* should grow to `want`; the VG lacks the space */
	POLICY_DISABLED,    /* threshold 100 (or more): lvm2 does nothing */
	POLICY_BAD_PERCENT, /* percent 0 with a threshold below 100: lvm2 refuses */
	POLICY_INVALID,     /* invalid or overflowed: never touched */
};

enum policy_reason {
	REASON_NONE,
	REASON_THRESHOLD, /* the use is above the threshold */
	REASON_RATE,      /* at the measured rate it would be before the next check */
};

struct policy_result {
	enum policy_action action;
	enum policy_reason reason;
	int threshold;        /* in effect: values below 50 act as 50 (lvm2) */
	int clamped;          /* the configured threshold was below 50 */
	int32_t percent;      /* the use, see cow_percent() */
	int64_t step;         /* percent of the current size the rule adds */
	uint32_t want;        /* extents wanted, after the cap at max_extents */
	int capped;           /* want was cut to max_extents ("Reached maximum COW size") */
	uint32_t new_extents; /* the size to set: want for EXTEND, else extents */
	int rate_known;       /* a usable previous reading existed */
	double rate;          /* sectors per second, when rate_known */
	int alarm;            /* disabled policy and the use above 95% */
};

/* lvm2's rule, as `lvm lvextend --use-policies` applies it once:
 *   - the threshold T is clamped to at least 50; T >= 100 disables;
 *   - the percent P must not be 0 (lvm2 refuses, whatever the use);
 *   - nothing unless 50% < use <= 100% and use > T (fixed point);
 *   - the step is max(P, ceil(100 * use / T) - 100) percent of the
 *     current extents, rounded up to whole extents;
 *   - the result is capped at max_extents. */
void policy_lvm2(const struct cow_state *s, const struct policy_config *c, struct policy_result *r);

/* A previous reading: monotonic milliseconds, used sectors. */
struct cow_sample {
	uint64_t time_ms;
	uint64_t used;
};

/* The monitor's rule: lvm2's, and also extend when, at the rate measured
 * since `prev`, the use would pass the threshold before the next check
 * (`interval_s` from now); the new size keeps the use below the
 * threshold for two more intervals at that rate, and is never smaller
 * than lvm2's step.  `prev` NULL, from the future, with more used
 * sectors than now, or too close to now means no history: the rule is
 * then lvm2's alone.  A disabled policy only raises `alarm` above 95%. */
void policy_rate(const struct cow_state *s, const struct policy_config *c,
                 const struct cow_sample *prev, uint64_t now_ms, uint32_t interval_s,
                 struct policy_result *r);

/* Readings closer together than this give no rate (too noisy). */
#define POLICY_MIN_SPAN_MS 250

/* The monitor's state file: one reading per snapshot, keyed by the COW
 * LV's uuid, valid for one boot (monotonic time restarts at boot). */
struct monitor_entry {
	char uuid[40];
	struct cow_sample s;
};

/* Parse a state file.  Anything malformed, or another boot's file,
 * yields no entries (no history) and returns -1; 0 otherwise.  The
 * caller frees *out. */
int monitor_state_parse(const char *text, size_t len, const char *boot_id,
                        struct monitor_entry **out, size_t *n);
/* The reading of the snapshot whose COW LV has this uuid, or NULL. */
const struct cow_sample *monitor_state_find(const struct monitor_entry *e, size_t n,
                                            const char *uuid);
/* The entries to save: this round's readings (`seen`), then the older
 * entries of snapshots not seen (other VGs, inactive ones) that are less
 * than POLICY_KEEP_MS old: a removed snapshot's reading expires.  `out`
 * has room for n_seen + n_old; returns the count. */
#define POLICY_KEEP_MS (24ULL * 3600 * 1000)
size_t monitor_state_next(const struct monitor_entry *seen, size_t n_seen,
                          const struct monitor_entry *old, size_t n_old, uint64_t now_ms,
                          struct monitor_entry *out);
void monitor_state_format(struct strbuf *out, const char *boot_id, const struct monitor_entry *e,
                          size_t n);

#endif
