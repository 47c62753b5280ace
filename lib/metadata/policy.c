/* The COW watchdog's policy (see policy.h). */
#include "metadata/policy.h"

#include <stdlib.h>
#include <string.h>

#include "misc/xalloc.h"

/* lvm2's dm_make_percent(): a double quotient truncated to millionths of
 * a percent, never rounding a partial use to 0% or 100%. */
int32_t policy_make_percent(uint64_t num, uint64_t den)
{
	int32_t p;

	if (!den || num == den)
		return POLICY_PERCENT_100;
	if (!num)
		return 0;
	p = (int32_t)(POLICY_PERCENT_100 * ((double)num / (double)den));
	if (p == POLICY_PERCENT_100)
		return POLICY_PERCENT_100 - 1;
	return p ? p : 1;
}

int32_t cow_percent(const struct cow_status *st)
{
	if (st->invalid)
		return POLICY_PERCENT_INVALID;
	if (st->overflow)
		return POLICY_PERCENT_100;
	/* a snapshot nothing was copied to yet shows 0%, as in lvm2 */
	if (st->metadata && st->used == st->metadata)
		return 0;
	return policy_make_percent(st->used, st->total);
}

/* lvm2's percent_of_extents(), rounding up: the extents a step adds. */
static uint64_t step_extents(uint32_t extents, int64_t step)
{
	if (step <= 0)
		return 0;
	if (step > 1000000) /* more than any VG could give anyway */
		step = 1000000;
	return ((uint64_t)extents * (uint64_t)step + 99) / 100;
}

/* lvm2's step in percent of the current size: the configured percent, or
 * more when that would not bring the use back under the threshold:
 * ceil(100 * use / threshold) - 100, in lvm2's fixed point. */
static int64_t lvm2_step(int32_t percent, int threshold, int64_t configured)
{
	int64_t t = (int64_t)threshold * (POLICY_PERCENT_1 / 100);
	int64_t need = ((int64_t)percent + t - 1) / t - 100;
	return configured > need ? configured : need;
}

/* Cap `want` at the largest useful COW and check the VG's free space. */
static void settle(const struct cow_state *s, uint64_t want, struct policy_result *r)
{
	r->capped = 0;
	if (want > s->max_extents) {
		want = s->max_extents;
		r->capped = 1;
	}
	r->want = (uint32_t)want;
	r->new_extents = s->extents;
	if (want <= s->extents)
		r->action = r->capped ? POLICY_AT_MAX : POLICY_NONE;
	else if (want - s->extents > s->free_extents)
		r->action = POLICY_NO_SPACE;
	else {
		r->action = POLICY_EXTEND;
		r->new_extents = (uint32_t)want;
	}
}

void policy_lvm2(const struct cow_state *s, const struct policy_config *c, struct policy_result *r)
{
	int64_t t = c->threshold;

	memset(r, 0, sizeof(*r));
	r->want = r->new_extents = s->extents;
	r->percent = cow_percent(&s->st);
	/* lvm2 warns and uses 50 below 50, before it looks at anything else */
	if (t < 50) {
		r->clamped = 1;
		t = 50;
	}
	r->threshold = t >= 100 ? 100 : (int)t;
	if (t >= 100) {
		r->action = POLICY_DISABLED;
		r->alarm = r->percent > 95 * POLICY_PERCENT_1;
		return;
	}
	if (!c->percent) {
		r->action = POLICY_BAD_PERCENT;
		return;
	}
	if (s->st.invalid || s->st.overflow) {
		r->action = POLICY_INVALID;
		return;
	}
	r->step = lvm2_step(r->percent, r->threshold, c->percent);
	if (!(50 * POLICY_PERCENT_1 < r->percent && r->percent <= POLICY_PERCENT_100) ||
	    r->percent <= r->threshold * POLICY_PERCENT_1) {
		r->action = POLICY_NONE;
		return;
	}
	r->reason = REASON_THRESHOLD;
	settle(s, s->extents + step_extents(s->extents, r->step), r);
}

void policy_rate(const struct cow_state *s, const struct policy_config *c,
                 const struct cow_sample *prev, uint64_t now_ms, uint32_t interval_s,
                 struct policy_result *r)
{
	uint64_t want;
	double ahead, need, sectors;

	policy_lvm2(s, c, r);
	/* A reading from the future (clock reset) or with more used sectors
	 * than now (another snapshot under a reused uuid) is no history. */
	if (prev && !s->st.invalid && !s->st.overflow && now_ms >= prev->time_ms &&
	    now_ms - prev->time_ms >= POLICY_MIN_SPAN_MS && s->st.used >= prev->used) {
		r->rate_known = 1;
		r->rate =
		    (double)(s->st.used - prev->used) * 1000.0 / (double)(now_ms - prev->time_ms);
	}
	if (r->action != POLICY_NONE && r->action != POLICY_EXTEND && r->action != POLICY_AT_MAX &&
	    r->action != POLICY_NO_SPACE)
		return; /* disabled, refused or invalid: lvm2's verdict stands */
	if (!r->rate_known || r->rate <= 0 || !s->st.total)
		return;
	ahead = (double)s->st.used + r->rate * interval_s;
	if (r->reason == REASON_NONE) {
		if (ahead * 100 <= (double)r->threshold * (double)s->st.total)
			return;
		r->reason = REASON_RATE;
	}
	/* two intervals at this rate, still under the threshold */
	need = (double)s->st.used + 2.0 * r->rate * interval_s;
	sectors = need * 100.0 / r->threshold / s->extent_size; /* now in extents */
	want = s->extents + step_extents(s->extents, r->step);
	if (sectors >= (double)UINT32_MAX) {
		want = UINT32_MAX;
	} else {
		uint64_t e = (uint64_t)sectors;
		e += (double)e < sectors; /* round up */
		if (e > want)
			want = e;
	}
	settle(s, want, r);
}

/* State file:
 *   vgtool-monitor-state 1
 *   boot BOOT_ID
 *   UUID TIME_MS USED        (one line per snapshot)
 */
#define STATE_MAGIC "vgtool-monitor-state 1"

static int parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	if (!len || len > 20)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static int valid_uuid(const char *s, size_t len)
{
	if (!len || len >= sizeof(((struct monitor_entry *)0)->uuid))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/* One entry line "UUID TIME USED"; 0 or -1. */
static int parse_entry(const char *line, size_t len, struct monitor_entry *e)
{
	const char *sp1 = memchr(line, ' ', len), *sp2;
	if (!sp1)
		return -1;
	sp2 = memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - line));
	if (!sp2 || !valid_uuid(line, (size_t)(sp1 - line)) ||
	    parse_u64(sp1 + 1, (size_t)(sp2 - sp1 - 1), &e->s.time_ms) ||
	    parse_u64(sp2 + 1, len - (size_t)(sp2 + 1 - line), &e->s.used))
		return -1;
	memset(e->uuid, 0, sizeof(e->uuid));
	memcpy(e->uuid, line, (size_t)(sp1 - line));
	return 0;
}

int monitor_state_parse(const char *text, size_t len, const char *boot_id,
                        struct monitor_entry **out, size_t *n)
{
	struct monitor_entry *v = NULL;
	size_t count = 0, lineno = 0, pos = 0;

	*out = NULL;
	*n = 0;
	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t ll;
		if (!nl) /* a file cut short by a crash: no history */
			goto bad;
		ll = (size_t)(nl - line);
		pos += ll + 1;
		if (lineno == 0) {
			if (ll != strlen(STATE_MAGIC) || memcmp(line, STATE_MAGIC, ll))
				goto bad;
		} else if (lineno == 1) {
			/* monotonic time restarts at boot: another boot's
			 * readings cannot be compared with ours */
			if (ll < 5 || memcmp(line, "boot ", 5) || ll - 5 != strlen(boot_id) ||
			    memcmp(line + 5, boot_id, ll - 5))
				goto bad;
		} else {
			struct monitor_entry e;
			if (parse_entry(line, ll, &e))
				goto bad;
			for (size_t i = 0; i < count; i++)
				if (!strcmp(v[i].uuid, e.uuid))
					goto bad;
			v = xrealloc(v, (count + 1) * sizeof(*v));
			v[count++] = e;
		}
		lineno++;
	}
	if (lineno < 2)
		goto bad;
	*out = v;
	*n = count;
	return 0;
bad:
	free(v);
	return -1;
}

const struct cow_sample *monitor_state_find(const struct monitor_entry *e, size_t n,
                                            const char *uuid)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(e[i].uuid, uuid))
			return &e[i].s;
	return NULL;
}

size_t monitor_state_next(const struct monitor_entry *seen, size_t n_seen,
                          const struct monitor_entry *old, size_t n_old, uint64_t now_ms,
                          struct monitor_entry *out)
{
	size_t n = 0;
	for (size_t i = 0; i < n_seen; i++)
		out[n++] = seen[i];
	for (size_t i = 0; i < n_old; i++)
		if (!monitor_state_find(seen, n_seen, old[i].uuid) && old[i].s.time_ms <= now_ms &&
		    now_ms - old[i].s.time_ms < POLICY_KEEP_MS)
			out[n++] = old[i];
	return n;
}

void monitor_state_format(struct strbuf *out, const char *boot_id, const struct monitor_entry *e,
                          size_t n)
{
	strbuf_addf(out, "%s\nboot %s\n", STATE_MAGIC, boot_id);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "%s %llu %llu\n", e[i].uuid, (unsigned long long)e[i].s.time_ms,
		            (unsigned long long)e[i].s.used);
}
