/* replay-log: read the log of the kernel's dm "log-writes" target and put
 * a device in the state the log describes at a chosen point, for the
 * power-cut scenario (tests/kernel/scenarios/058-power-cut.sh).
 *
 *   replay-log list LOG
 *       one line per log entry: INDEX FLAGS OFFSET LENGTH [MARK]
 *       (OFFSET and LENGTH in bytes of the recorded device; FLAGS are
 *       letters: W data written, F flush (REQ_PREFLUSH), U FUA, D discard,
 *       M mark, A metadata hint (REQ_META))
 *   replay-log replay LOG DEV SET [LOG DEV SET ...]
 *       write to DEV the recorded device as it would be had exactly the
 *       writes and discards of the entries in SET reached it, in log
 *       order.  SET is "none" or a comma-separated list of indexes and
 *       inclusive ranges ("0-41,44,47").
 *
 * The log format, from the kernel's Documentation/admin-guide/device-mapper/
 * log-writes.rst and drivers/md/dm-log-writes.c (all numbers
 * little-endian): a super block at byte 0 (magic, version 1, the number of
 * entries, the recorded device's logical block size: the "sector" unit of
 * the log), then each entry in a block of its own (sector, number of
 * sectors, flags, data length; a mark's name follows in the same block),
 * followed by the data written (number of sectors blocks), except for a
 * discard, which carries none.  The super block is rewritten on every mark
 * and FUA, and when the target is removed; read the log after that.
 *
 * A replay writes every byte range that any entry of the log touches: the
 * chosen entries' data, zeros elsewhere.  So replays of one log onto one
 * device can follow each other in any order, and the result is the
 * recorded state provided the recorded device was all zeros when the
 * recording started (fresh disks, as in the scenario).  Only libc: the
 * guest runs it from the host's read-only root. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_MAGIC   0x6a736677736872ULL
#define LOG_VERSION 1

#define FLAG_FLUSH    (1u << 0)
#define FLAG_FUA      (1u << 1)
#define FLAG_DISCARD  (1u << 2)
#define FLAG_MARK     (1u << 3)
#define FLAG_METADATA (1u << 4)
#define FLAGS_KNOWN   0x1fu

#define ENTRY_HEADER_SIZE 32 /* four 64-bit fields */

struct entry {
	uint64_t offset, length; /* in bytes of the recorded device */
	uint64_t data_pos;       /* where its data lies in the log file */
	uint32_t flags;
	char *mark; /* a mark's name, else NULL */
};

struct log {
	const char *path;
	int fd;
	uint32_t block; /* the log's sector size */
	uint64_t n;
	struct entry *e;
};

struct range {
	uint64_t start, len;
	unsigned char *buf;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("replay-log: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die("out of memory");
	return p;
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* All `len` bytes at `pos`, read into or written from `buf`. */
static void transfer(int fd, const char *path, void *buf, size_t len, uint64_t pos, int writing)
{
	size_t done = 0;
	while (done < len) {
		char *p = (char *)buf + done;
		off_t at = (off_t)(pos + done);
		ssize_t r = writing ? pwrite(fd, p, len - done, at) : pread(fd, p, len - done, at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("%s: cannot %s %zu bytes at %llu: %s", path, writing ? "write" : "read",
			    len - done, (unsigned long long)(pos + done),
			    r < 0 ? strerror(errno) : "end of device");
		done += (size_t)r;
	}
}

static void read_at(int fd, const char *path, void *buf, size_t len, uint64_t pos)
{
	transfer(fd, path, buf, len, pos, 0);
}

static uint64_t file_size(int fd, const char *path)
{
	off_t end = lseek(fd, 0, SEEK_END);
	if (end < 0)
		die("%s: cannot find its size: %s", path, strerror(errno));
	return (uint64_t)end;
}

static void log_open(struct log *l, const char *path)
{
	unsigned char *blk;
	uint64_t size, pos;

	memset(l, 0, sizeof(*l));
	l->path = path;
	if ((l->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		die("%s: %s", path, strerror(errno));
	/* the target writes the log around the page cache: drop any copy a
	 * reader may have left there */
	posix_fadvise(l->fd, 0, 0, POSIX_FADV_DONTNEED);
	size = file_size(l->fd, path);

	blk = xcalloc(1, 512);
	if (size < 512)
		die("%s: too small for a log (%llu bytes)", path, (unsigned long long)size);
	read_at(l->fd, path, blk, 512, 0);
	if (le64(blk) != LOG_MAGIC)
		die("%s: not a log-writes log (bad magic)", path);
	if (le64(blk + 8) != LOG_VERSION)
		die("%s: log version %llu, only 1 is known", path,
		    (unsigned long long)le64(blk + 8));
	l->n = le64(blk + 16);
	l->block = le32(blk + 24);
	free(blk);
	if (l->block < 512 || l->block > 65536 || (l->block & (l->block - 1)))
		die("%s: sector size %u is not a power of two from 512 to 65536", path, l->block);
	/* every entry takes at least one block: a count beyond that is damage */
	if (l->n > size / l->block)
		die("%s: %llu entries cannot fit in %llu bytes", path, (unsigned long long)l->n,
		    (unsigned long long)size);

	l->e = xcalloc(l->n, sizeof(*l->e));
	blk = xcalloc(1, l->block);
	pos = l->block; /* the super block takes the first block */
	for (uint64_t i = 0; i < l->n; i++) {
		struct entry *e = &l->e[i];
		uint64_t sector, nr, data_len;

		if (pos > size || size - pos < l->block)
			die("%s: entry %llu lies beyond the end of the log", path,
			    (unsigned long long)i);
		read_at(l->fd, path, blk, l->block, pos);
		sector = le64(blk);
		nr = le64(blk + 8);
		e->flags = (uint32_t)le64(blk + 16);
		data_len = le64(blk + 24);
		if (le64(blk + 16) & ~(uint64_t)FLAGS_KNOWN)
			die("%s: entry %llu has unknown flags %#llx", path, (unsigned long long)i,
			    (unsigned long long)le64(blk + 16));
		pos += l->block;
		if (nr > UINT64_MAX / l->block || sector > UINT64_MAX / l->block - nr)
			die("%s: entry %llu: %llu sectors at %llu is out of range", path,
			    (unsigned long long)i, (unsigned long long)nr,
			    (unsigned long long)sector);
		e->offset = sector * l->block;
		e->length = nr * l->block;
		if (e->flags & FLAG_MARK) {
			if (data_len > l->block - ENTRY_HEADER_SIZE - 1)
				die("%s: entry %llu: a mark of %llu bytes does not fit its block",
				    path, (unsigned long long)i, (unsigned long long)data_len);
			e->mark = xcalloc(1, data_len + 1);
			memcpy(e->mark, blk + ENTRY_HEADER_SIZE, data_len);
			e->length = 0; /* a mark writes nothing */
		}
		if (e->flags & FLAG_DISCARD)
			continue; /* no data follows a discard */
		e->data_pos = pos;
		if (e->length > size - pos)
			die("%s: entry %llu: its %llu bytes of data run past the end of the log",
			    path, (unsigned long long)i, (unsigned long long)e->length);
		pos += e->length;
	}
	free(blk);
}

static void log_close(struct log *l)
{
	for (uint64_t i = 0; i < l->n; i++)
		free(l->e[i].mark);
	free(l->e);
	close(l->fd);
}

static int list_log(const char *path)
{
	struct log l;
	log_open(&l, path);
	for (uint64_t i = 0; i < l.n; i++) {
		const struct entry *e = &l.e[i];
		char flags[8], *f = flags;
		if (e->length && !(e->flags & FLAG_DISCARD))
			*f++ = 'W';
		if (e->flags & FLAG_FLUSH)
			*f++ = 'F';
		if (e->flags & FLAG_FUA)
			*f++ = 'U';
		if (e->flags & FLAG_DISCARD)
			*f++ = 'D';
		if (e->flags & FLAG_MARK)
			*f++ = 'M';
		if (e->flags & FLAG_METADATA)
			*f++ = 'A';
		if (f == flags)
			*f++ = '-';
		*f = '\0';
		printf("%llu %s %llu %llu%s%s\n", (unsigned long long)i, flags,
		       (unsigned long long)e->offset, (unsigned long long)e->length,
		       e->mark ? " " : "", e->mark ? e->mark : "");
	}
	log_close(&l);
	return 0;
}

/* SET ("none", or "0-41,44,47") as a flag per entry. */
static unsigned char *parse_set(const char *set, uint64_t n)
{
	unsigned char *chosen = xcalloc(n, 1);
	const char *p = set;
	if (!strcmp(set, "none"))
		return chosen;
	for (;;) {
		char *end;
		unsigned long long a, b;
		errno = 0;
		a = strtoull(p, &end, 10);
		if (end == p || errno || *p == '-' || *p == '+')
			die("bad entry set '%s'", set);
		b = a;
		if (*end == '-') {
			p = end + 1;
			b = strtoull(p, &end, 10);
			if (end == p || errno || *p == '-' || *p == '+' || b < a)
				die("bad entry set '%s'", set);
		}
		if (b >= n)
			die("entry set '%s' names entry %llu; the log has %llu", set, b,
			    (unsigned long long)n);
		memset(chosen + a, 1, (size_t)(b - a + 1));
		if (!*end)
			return chosen;
		if (*end != ',')
			die("bad entry set '%s'", set);
		p = end + 1;
	}
}

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The byte ranges the log touches, sorted and merged. */
static struct range *touched_ranges(const struct log *l, size_t *count)
{
	struct range *r = xcalloc(l->n, sizeof(*r));
	size_t n = 0, m = 0;
	for (uint64_t i = 0; i < l->n; i++)
		if (l->e[i].length)
			r[n++] = (struct range){l->e[i].offset, l->e[i].length, NULL};
	qsort(r, n, sizeof(*r), range_cmp);
	for (size_t i = 0; i < n; i++) {
		if (m && r[i].start <= r[m - 1].start + r[m - 1].len) {
			uint64_t end = r[i].start + r[i].len;
			if (end > r[m - 1].start + r[m - 1].len)
				r[m - 1].len = end - r[m - 1].start;
			continue;
		}
		r[m++] = r[i];
	}
	for (size_t i = 0; i < m; i++) {
		if (r[i].len > SIZE_MAX)
			die("%s: a range of %llu bytes is too large", l->path,
			    (unsigned long long)r[i].len);
		r[i].buf = xcalloc(1, (size_t)r[i].len);
	}
	*count = m;
	return r;
}

static void replay(const char *log_path, const char *dev_path, const char *set)
{
	struct log l;
	struct range *r;
	unsigned char *chosen;
	size_t nr, k;
	uint64_t dev_size;
	int fd;

	log_open(&l, log_path);
	chosen = parse_set(set, l.n);
	if ((fd = open(dev_path, O_RDWR | O_CLOEXEC)) < 0)
		die("%s: %s", dev_path, strerror(errno));
	dev_size = file_size(fd, dev_path);
	r = touched_ranges(&l, &nr);
	if (nr && r[nr - 1].start + r[nr - 1].len > dev_size)
		die("%s: the log writes up to byte %llu, past the end of %s (%llu bytes)", log_path,
		    (unsigned long long)(r[nr - 1].start + r[nr - 1].len), dev_path,
		    (unsigned long long)dev_size);
	for (uint64_t i = 0; i < l.n; i++) {
		const struct entry *e = &l.e[i];
		if (!chosen[i] || !e->length)
			continue;
		for (k = 0; r[k].start + r[k].len <= e->offset; k++)
			;
		if (e->flags & FLAG_DISCARD)
			memset(r[k].buf + (e->offset - r[k].start), 0, (size_t)e->length);
		else
			read_at(l.fd, log_path, r[k].buf + (e->offset - r[k].start),
			        (size_t)e->length, e->data_pos);
	}
	for (k = 0; k < nr; k++) {
		transfer(fd, dev_path, r[k].buf, (size_t)r[k].len, r[k].start, 1);
		free(r[k].buf);
	}
	/* readers such as lvm2 use O_DIRECT: the state must be on the
	 * device, not only in the page cache */
	if (fsync(fd))
		die("%s: cannot flush: %s", dev_path, strerror(errno));
	close(fd);
	free(r);
	free(chosen);
	log_close(&l);
}

static void usage(FILE *f)
{
	fputs("usage: replay-log list LOG\n"
	      "       replay-log replay LOG DEV SET [LOG DEV SET ...]\n"
	      "SET: none, or entry indexes and inclusive ranges: 0-41,44,47\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "list"))
		return list_log(argv[2]);
	if (argc >= 5 && (argc - 2) % 3 == 0 && !strcmp(argv[1], "replay")) {
		for (int i = 2; i < argc; i += 3)
			replay(argv[i], argv[i + 1], argv[i + 2]);
		return 0;
	}
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
