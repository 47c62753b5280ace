/* The ordered writer and its checker for the snapshot-set scenario
 * (tests/kernel/scenarios/081-snapshot-sets.sh).
 *
 *   seqwrite write STOPFILE DEV...   write k = 0, 1, 2, ... to DEV[k % N],
 *                                    block (k / N) mod the smallest DEV's
 *                                    blocks, each write only once the one
 *                                    before it completed (O_DIRECT: when
 *                                    pwrite returns, the device has it),
 *                                    until STOPFILE exists;
 *                                    prints how many were written
 *   seqwrite check DEV...            the highest k found on each DEV, and
 *                                    whether they are one point in the
 *                                    sequence: exit 0 "consistent", 1
 *                                    "inconsistent", 2 on error
 *
 * A block holds "vgtseq" and k (8 bytes, little-endian).  A set of
 * snapshots taken at one point holds every write up to some K and none
 * after it; so the highest k on DEV[j] must be the last write to DEV[j]
 * at or before K = the highest over all, which is K - ((K - j) mod N)
 * (none when that is below 0).  Snapshots taken one after another while
 * the writer runs hold a later K on the later ones: the check fails. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/fs.h>
#include <sys/ioctl.h>

#define BLOCK 4096
#define MAGIC "vgtseq"

static int open_dev(const char *path, int flags, uint64_t *blocks)
{
	uint64_t bytes = 0;
	int fd = open(path, flags | O_DIRECT);

	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &bytes)) {
		fprintf(stderr, "seqwrite: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	*blocks = bytes / BLOCK;
	return fd;
}

static int do_write(const char *stop, char **devs, int n)
{
	int *fd = calloc((size_t)n, sizeof(int));
	uint64_t blocks = UINT64_MAX, k;
	unsigned char *buf;

	if (!fd || posix_memalign((void **)&buf, BLOCK, BLOCK))
		return 2;
	memset(buf, 0, BLOCK);
	memcpy(buf, MAGIC, 6);
	for (int i = 0; i < n; i++) {
		uint64_t b;
		fd[i] = open_dev(devs[i], O_WRONLY, &b);
		if (b < blocks)
			blocks = b;
	}
	for (k = 0;; k++) {
		int j = (int)(k % (uint64_t)n);
		off_t at = (off_t)((k / (uint64_t)n) % blocks) * BLOCK;

		/* (checked every 16 writes: a stat costs as much as a write
		 * under emulation) */
		if (!(k % 16) && !access(stop, F_OK))
			break;
		for (int b = 0; b < 8; b++)
			buf[8 + b] = (unsigned char)(k >> (8 * b));
		if (pwrite(fd[j], buf, BLOCK, at) != BLOCK) {
			fprintf(stderr, "seqwrite: write %llu to %s: %s\n", (unsigned long long)k,
			        devs[j], strerror(errno));
			return 2;
		}
	}
	printf("%llu\n", (unsigned long long)k);
	return 0;
}

static int do_check(char **devs, int n)
{
	int64_t *high = calloc((size_t)n, sizeof(int64_t)), top = -1;
	unsigned char *buf;
	int bad = 0;

	if (!high || posix_memalign((void **)&buf, BLOCK, BLOCK))
		return 2;
	for (int j = 0; j < n; j++) {
		uint64_t blocks;
		int fd = open_dev(devs[j], O_RDONLY, &blocks);

		high[j] = -1;
		for (uint64_t b = 0; b < blocks; b++) {
			uint64_t k = 0;
			if (pread(fd, buf, BLOCK, (off_t)(b * BLOCK)) != BLOCK) {
				fprintf(stderr, "seqwrite: read %s: %s\n", devs[j],
				        strerror(errno));
				return 2;
			}
			if (memcmp(buf, MAGIC, 6))
				continue;
			for (int i = 0; i < 8; i++)
				k |= (uint64_t)buf[8 + i] << (8 * i);
			if (k % (uint64_t)n != (uint64_t)j) {
				fprintf(stderr,
				        "seqwrite: %s holds write %llu, which went elsewhere\n",
				        devs[j], (unsigned long long)k);
				return 2;
			}
			if ((int64_t)k > high[j])
				high[j] = (int64_t)k;
		}
		close(fd);
		if (high[j] > top)
			top = high[j];
	}
	for (int j = 0; j < n; j++) {
		int64_t want = top - ((top - j) % n + n) % n;
		if (want < 0)
			want = -1;
		printf("%s%lld", j ? " " : "", (long long)high[j]);
		bad |= high[j] != want;
	}
	printf(": %s at %lld\n", bad ? "inconsistent" : "consistent", (long long)top);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "write"))
		return do_write(argv[2], argv + 3, argc - 3);
	if (argc >= 3 && !strcmp(argv[1], "check"))
		return do_check(argv + 2, argc - 2);
	fprintf(stderr, "usage: seqwrite write STOPFILE DEV... | seqwrite check DEV...\n");
	return 2;
}
