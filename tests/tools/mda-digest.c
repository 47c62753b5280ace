/* mda-digest: a hash of what an LVM2-format reader bases its view of a
 * device on, for the power-cut scenario (tests/kernel/scenarios/058-power-
 * cut.sh): two disk states with the same hashes read alike, so the
 * scenario asks vgtool and lvm2 about only one of them.
 *
 *   mda-digest DEV...
 *       one line per DEV: its name and a 64-bit hash (hex) of
 *         - sectors 0 to 3, where a reader looks for the label;
 *         - for each metadata area the label lists (when there is a valid
 *           one): the area's header sector, and the text each of the
 *           header's two raw locations points to (the committed one and
 *           lvm2's precommitted one), wrapping in the circular buffer.
 *
 * The rest of an area is free space that no reader parses: a new text
 * written there changes nothing until a header points to it.  The layout
 * is the LVM2 format (see lib/metadata/format/label.c); the device's bytes
 * are untrusted, so every offset is checked against the device and the
 * area, and a label or header that does not parse adds nothing more.
 * Only libc: the guest runs it from the host's read-only root. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SECTOR         512
#define LABEL_SECTORS  4
#define MDA_HEADER     512
#define MAX_AREAS      8 /* areas per list a label sector can hold, and more */
#define RAW_LOCN_FIRST 40
#define RAW_LOCN_SIZE  24

static int failed;

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* FNV-1a, 64 bits: collisions between a few hundred states are not a
 * concern, and it needs no library */
static uint64_t hash(uint64_t h, const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static int read_at(int fd, unsigned char *buf, size_t len, uint64_t pos)
{
	size_t done = 0;
	while (done < len) {
		ssize_t r = pread(fd, buf + done, len - done, (off_t)(pos + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		done += (size_t)r;
	}
	return 0;
}

/* The text at `offset` (from the area's start) of `size` bytes. */
static uint64_t hash_text(uint64_t h, int fd, uint64_t area, uint64_t area_size, uint64_t offset,
                          uint64_t size)
{
	unsigned char buf[4096];
	if (offset < MDA_HEADER || offset >= area_size || size > area_size - MDA_HEADER)
		return h; /* not a text a reader would take */
	while (size) {
		/* up to the end of the buffer, then on from its start */
		uint64_t n = area_size - offset < size ? area_size - offset : size;
		if (n > sizeof(buf))
			n = sizeof(buf);
		if (read_at(fd, buf, (size_t)n, area + offset))
			return h;
		h = hash(h, buf, (size_t)n);
		size -= n;
		offset += n;
		if (offset == area_size)
			offset = MDA_HEADER;
	}
	return h;
}

static uint64_t hash_area(uint64_t h, int fd, uint64_t dev_size, uint64_t area, uint64_t area_size)
{
	unsigned char hdr[MDA_HEADER];
	if (area > dev_size || area_size > dev_size - area || area_size <= MDA_HEADER ||
	    read_at(fd, hdr, sizeof(hdr), area))
		return h;
	h = hash(h, hdr, sizeof(hdr));
	for (int i = 0; i < 2; i++) {
		const unsigned char *r = hdr + RAW_LOCN_FIRST + i * RAW_LOCN_SIZE;
		h = hash_text(h, fd, area, area_size, le64(r), le64(r + 8));
	}
	return h;
}

static void digest(const char *path)
{
	unsigned char label[LABEL_SECTORS * SECTOR];
	uint64_t h = 0xcbf29ce484222325ULL, dev_size;
	off_t end;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || (end = lseek(fd, 0, SEEK_END)) < 0 || read_at(fd, label, sizeof(label), 0)) {
		fprintf(stderr, "mda-digest: %s: %s\n", path, strerror(errno ? errno : EIO));
		failed = 1;
		if (fd >= 0)
			close(fd);
		return;
	}
	dev_size = (uint64_t)end;
	h = hash(h, label, sizeof(label));
	for (int s = 0; s < LABEL_SECTORS; s++) {
		const unsigned char *l = label + s * SECTOR;
		uint32_t contents;
		size_t pos;
		if (memcmp(l, "LABELONE", 8) || memcmp(l + 24, "LVM2 001", 8))
			continue;
		contents = (uint32_t)l[20] | (uint32_t)l[21] << 8 | (uint32_t)l[22] << 16 |
		           (uint32_t)l[23] << 24;
		/* pv_header: uuid, device size, data areas, metadata areas */
		pos = (size_t)contents + 40;
		for (int list = 0; list < 2; list++) {
			for (int n = 0; n <= MAX_AREAS && pos + 16 <= SECTOR; n++, pos += 16) {
				uint64_t off = le64(l + pos), size = le64(l + pos + 8);
				if (!off && !size) {
					pos += 16;
					break;
				}
				if (list == 1)
					h = hash_area(h, fd, dev_size, off, size);
			}
		}
		break; /* readers take the first label */
	}
	close(fd);
	printf("%s %016llx\n", path, (unsigned long long)h);
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs("usage: mda-digest DEV...\n", argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (int i = 1; i < argc; i++)
		digest(argv[i]);
	return failed;
}
