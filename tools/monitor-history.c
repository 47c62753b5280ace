/* The monitor's history: one reading per snapshot, kept from one round
 * to the next in $VGTOOL_RUN_DIR/monitor.state (default /run/vgtool), so
 * that a round run from cron can measure fill rates.  The file's format
 * and its merging are pure (lib/metadata/policy.c); this file owns its
 * reading and its crash-safe replacement. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "misc/clock.h"
#include "misc/log.h"
#include "misc/xalloc.h"
#include "tools/monitor.h"

static const char *run_dir(void)
{
	const char *d = getenv("VGTOOL_RUN_DIR");
	return d && *d ? d : "/run/vgtool";
}

void monitor_read_boot_id(char *out, size_t size)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	snprintf(out, size, "unknown");
	if (f) {
		if (fgets(out, (int)size, f))
			out[strcspn(out, "\n")] = '\0';
		fclose(f);
	}
}

/* The previous readings; a missing, unreadable or corrupt file is no
 * history (reported at -v, not a failure: the next run starts afresh). */
void monitor_history_load(struct round *rd)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	char buf[4096];
	ssize_t got;
	int fd;

	strbuf_addf(&path, "%s/monitor.state", run_dir());
	fd = open(path.buf, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		while ((got = read(fd, buf, sizeof(buf))) > 0 && text.len < (1u << 24))
			strbuf_add(&text, buf, (size_t)got);
		close(fd);
		if (monitor_state_parse(text.buf, text.len, rd->boot_id, &rd->hist, &rd->n_hist))
			log_verbose("%s: not this boot's readings, or damaged: ignored.", path.buf);
	}
	strbuf_release(&path);
	strbuf_release(&text);
}

/* Write the new readings next to the old file and rename it over: a crash
 * leaves the old or the new file, never half of one. */
void monitor_history_save(struct round *rd)
{
	struct monitor_entry *seen = xcalloc(rd->n + 1, sizeof(*seen));
	struct monitor_entry *e = xcalloc(rd->n + rd->n_hist + 1, sizeof(*e));
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT, text = STRBUF_INIT;
	size_t n_seen = 0, n;
	int fd = -1, ok = 0;

	for (size_t i = 0; i < rd->n; i++) {
		const struct snap *sp = &rd->snaps[i];
		if (sp->s.st.invalid || sp->s.st.overflow)
			continue; /* never touched again: no rate needed */
		memcpy(seen[n_seen].uuid, sp->lv_id, sizeof(sp->lv_id));
		/* a reading too close to the previous one would make the next
		 * rate noisy: keep the older one as the base */
		if (sp->prev && !sp->r.rate_known && sp->time_ms >= sp->prev->time_ms &&
		    sp->s.st.used >= sp->prev->used)
			seen[n_seen].s = *sp->prev;
		else
			seen[n_seen].s = (struct cow_sample){sp->time_ms, sp->s.st.used};
		n_seen++;
	}
	n = monitor_state_next(seen, n_seen, rd->hist, rd->n_hist, (uint64_t)monotonic_ms(), e);
	monitor_state_format(&text, rd->boot_id, e, n);
	strbuf_addf(&path, "%s/monitor.state", run_dir());
	strbuf_addf(&tmp, "%s.%ld", path.buf, (long)getpid());
	if ((mkdir(run_dir(), 0755) == 0 || errno == EEXIST) &&
	    (fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) >= 0 &&
	    write(fd, text.buf, text.len) == (ssize_t)text.len && fsync(fd) == 0) {
		close(fd);
		fd = -1;
		ok = rename(tmp.buf, path.buf) == 0;
	}
	if (!ok) {
		/* the extensions stand; only the next rate is lost */
		log_warn("WARNING: Cannot save the readings in %s: %s.", path.buf, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp.buf);
	}
	strbuf_release(&path);
	strbuf_release(&tmp);
	strbuf_release(&text);
	free(seen);
	free(e);
}
