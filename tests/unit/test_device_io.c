/* dev_read/dev_write on an O_DIRECT device: any offset and length, done
 * in whole blocks through an aligned buffer, the bytes around the range
 * unchanged.  The build machines have no block device to open, so the
 * block logic runs on an image file with direct_block set by hand (the
 * file is not opened O_DIRECT, which only the kernel's alignment checks
 * would add; the kernel suite covers those on real dm devices). */
#include "unit.h"

#include <fcntl.h>
#include <unistd.h>

#include "device/dev-io.h"
#include "misc/log.h"

#define SIZE (256u * 1024)

/* Random writes and reads through dev-io against a copy kept in memory. */
static void random_io(unsigned block)
{
	char path[] = "/tmp/vgtool-devio-XXXXXX";
	static unsigned char want[SIZE], got[SIZE], buf[3 * 4096 + 100];
	struct device dev;
	int fd = mkstemp(path);
	unsigned seed = 12345 + block;

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, SIZE), 0);
	close(fd);
	memset(want, 0, sizeof(want));
	assert_int_equal(dev_open(&dev, path, DEV_RW), 0);
	dev.direct_block = block;
	for (int i = 0; i < 2000; i++) {
		size_t len = 1 + (size_t)rand_r(&seed) % sizeof(buf);
		uint64_t off = (uint64_t)rand_r(&seed) % (SIZE - len + 1);
		/* now and then an aligned range, which goes straight through */
		if (i % 7 == 0) {
			off &= ~(uint64_t)(block - 1);
			len = len < block ? block : len & ~(size_t)(block - 1);
			if (off + len > SIZE)
				len = block;
		}
		if (rand_r(&seed) % 2) {
			for (size_t k = 0; k < len; k++)
				buf[k] = (unsigned char)rand_r(&seed);
			assert_int_equal(dev_write(&dev, off, buf, len), 0);
			memcpy(want + off, buf, len);
		} else {
			assert_int_equal(dev_read(&dev, off, buf, len), 0);
			assert_memory_equal(buf, want + off, len);
		}
	}
	assert_int_equal(dev_flush(&dev), 0);
	dev_close(&dev);
	fd = open(path, O_RDONLY);
	assert_int_equal(pread(fd, got, SIZE, 0), (ssize_t)SIZE);
	close(fd);
	assert_memory_equal(got, want, SIZE);
	unlink(path);
}

static void test_blocks_of_512(void **state)
{
	(void)state;
	random_io(512);
}

static void test_blocks_of_4096(void **state)
{
	(void)state;
	random_io(4096);
}

/* A failure names the device and the byte, once, and is kept for the
 * caller that words it (dev_quiet_errors). */
static void test_errors_named(void **state)
{
	char path[] = "/tmp/vgtool-devio-XXXXXX";
	char *logbuf = NULL;
	size_t loglen = 0;
	FILE *logf = open_memstream(&logbuf, &loglen);
	unsigned char b[16] = {0};
	struct device dev;
	int fd = mkstemp(path);
	(void)state;

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 4096), 0);
	close(fd);
	log_set_streams(logf, logf);
	assert_int_equal(dev_open(&dev, path, 0), 0);
	/* read-only descriptor: the write fails with EBADF */
	dev_quiet_errors(1);
	assert_int_equal(dev_write(&dev, 1000, b, sizeof(b)), -1);
	dev_quiet_errors(0);
	fflush(logf);
	assert_int_equal(loglen, 0);
	assert_non_null(strstr(dev_last_error(), "Write error on "));
	assert_non_null(strstr(dev_last_error(), " at 1000: Bad file descriptor"));
	assert_int_equal(dev_write(&dev, 1000, b, sizeof(b)), -1);
	fflush(logf);
	assert_non_null(strstr(logbuf, "Write error on "));
	dev_close(&dev);
	log_set_streams(NULL, NULL);
	fclose(logf);
	free(logbuf);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_blocks_of_512),
	    cmocka_unit_test(test_blocks_of_4096),
	    cmocka_unit_test(test_errors_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
