/* lvm2 identifiers: alphabet, generation, 6-4-4-4-4-4-6 formatting and the
 * tolerant reader.  The reference id is a real one: pvcreate (lvm2
 * 2.03.16) wrote "cKhXxrdf03RMS345n1UUUej2RFilIR89" into a label and
 * vgcreate wrote it as "cKhXxr-df03-RMS3-45n1-UUUe-j2RF-ilIR89" into the
 * metadata text. */
// WRAP: getrandom
#include "unit.h"

#include <errno.h>
#include <sys/random.h>
#include <sys/types.h>

#include "misc/log.h"
#include "misc/uuid.h"

static const char real_raw[] = "cKhXxrdf03RMS345n1UUUej2RFilIR89";
static const char real_formatted[] = "cKhXxr-df03-RMS3-45n1-UUUe-j2RF-ilIR89";

/* getrandom() as the tests want it: pass-through, failing, interrupted
 * once, or returning a few bytes at a time. */
static enum { RANDOM_REAL, RANDOM_FAIL, RANDOM_EINTR_ONCE, RANDOM_SHORT, RANDOM_FF } random_mode;
static int random_calls;

ssize_t __real_getrandom(void *buf, size_t len, unsigned int flags);
ssize_t __wrap_getrandom(void *buf, size_t len, unsigned int flags);
ssize_t __wrap_getrandom(void *buf, size_t len, unsigned int flags)
{
	random_calls++;
	switch (random_mode) {
	case RANDOM_FAIL:
		errno = ENOSYS;
		return -1;
	case RANDOM_EINTR_ONCE:
		if (random_calls == 1) {
			errno = EINTR;
			return -1;
		}
		break;
	case RANDOM_SHORT:
		return __real_getrandom(buf, len < 3 ? len : 3, flags);
	case RANDOM_FF:
		/* Every byte >= 248 must be thrown away; 0xff then 0x00. */
		memset(buf, random_calls < 3 ? 0xff : 0x00, len);
		return (ssize_t)len;
	case RANDOM_REAL:
		break;
	}
	return __real_getrandom(buf, len, flags);
}

static char *captured;
static size_t captured_len;
static FILE *capture;

static int setup(void **state)
{
	(void)state;
	random_mode = RANDOM_REAL;
	random_calls = 0;
	capture = open_memstream(&captured, &captured_len);
	log_init(0, 0);
	log_set_streams(capture, capture);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_set_streams(NULL, NULL);
	fclose(capture);
	free(captured);
	captured = NULL;
	return 0;
}

static const char *logged(void)
{
	fflush(capture);
	return captured;
}

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void test_generate(void **state)
{
	char seen[256] = {0};
	char id[UUID_LEN + 1], prev[UUID_LEN + 1] = "";
	int i, j, distinct = 0;

	(void)state;
	for (i = 0; i < 2000; i++) {
		memset(id, 'x', sizeof(id));
		assert_int_equal(uuid_generate(id), 0);
		assert_int_equal(strlen(id), UUID_LEN);
		assert_true(uuid_valid_raw(id));
		for (j = 0; j < UUID_LEN; j++) {
			/* New ids never use '!' or '#', as in lvm2. */
			assert_true(is_alnum(id[j]));
			seen[(unsigned char)id[j]] = 1;
		}
		distinct += strcmp(id, prev) != 0;
		memcpy(prev, id, sizeof(id));
	}
	assert_int_equal(distinct, 2000);
	/* 64000 draws: every one of the 62 characters turns up. */
	for (j = 0, i = 0; j < 256; j++)
		i += seen[j];
	assert_int_equal(i, 62);
}

static void test_generate_retries(void **state)
{
	char id[UUID_LEN + 1];

	(void)state;
	random_mode = RANDOM_EINTR_ONCE;
	assert_int_equal(uuid_generate(id), 0);
	assert_true(uuid_valid_raw(id));

	random_mode = RANDOM_SHORT;
	random_calls = 0;
	assert_int_equal(uuid_generate(id), 0);
	assert_true(uuid_valid_raw(id));
	assert_true(random_calls > 1);

	/* Bytes 248..255 would bias the result: they are skipped, and the
	 * zero bytes that follow give '0's. */
	random_mode = RANDOM_FF;
	random_calls = 0;
	assert_int_equal(uuid_generate(id), 0);
	assert_string_equal(id, "00000000000000000000000000000000");
	assert_string_equal(logged(), "");
}

static void test_generate_failure(void **state)
{
	char id[UUID_LEN + 1];

	(void)state;
	random_mode = RANDOM_FAIL;
	assert_int_equal(uuid_generate(id), -1);
	assert_string_equal(
	    logged(), "  Cannot create a new uuid: getrandom failed: Function not implemented.\n");
}

static void test_format(void **state)
{
	char out[UUID_FORMATTED_LEN + 1];

	(void)state;
	memset(out, 'x', sizeof(out));
	uuid_format(real_raw, out);
	assert_string_equal(out, real_formatted);
	assert_int_equal(strlen(out), UUID_FORMATTED_LEN);

	/* The raw id need not be NUL-terminated (it comes from a label). */
	uuid_format("0123456789abcdefghijklmnopqrstuvWXYZ-trailing", out);
	assert_string_equal(out, "012345-6789-abcd-efgh-ijkl-mnop-qrstuv");
}

static void test_parse(void **state)
{
	char out[UUID_LEN + 1];

	(void)state;
	assert_int_equal(uuid_parse(real_formatted, out), 0);
	assert_string_equal(out, real_raw);
	assert_int_equal(uuid_parse(real_raw, out), 0);
	assert_string_equal(out, real_raw);
	/* Dashes are skipped wherever they are, as lvm2 does. */
	assert_int_equal(uuid_parse("--cK-hXxrdf03RMS345n1UUUej2RFilIR8-9-", out), 0);
	assert_string_equal(out, real_raw);
	/* '!' and '#' are valid when reading. */
	assert_int_equal(uuid_parse("!#!#!#-0000-0000-0000-0000-0000-000000", out), 0);
	assert_string_equal(out, "!#!#!#00000000000000000000000000");
}

static void test_parse_rejects(void **state)
{
	static const char *const bad[] = {
	    "",
	    "------",
	    "cKhXxrdf03RMS345n1UUUej2RFilIR8",   /* 31 */
	    "cKhXxrdf03RMS345n1UUUej2RFilIR89a", /* 33 */
	    "cKhXxr-df03-RMS3-45n1-UUUe-j2RF-ilIR8",
	    "cKhXxr_df03-RMS3-45n1-UUUe-j2RF-ilIR89",
	    "cKhXxr df03 RMS3 45n1 UUUe j2RF ilIR89",
	    "cKhXxrdf03RMS345n1UUUej2RFilIR8$",
	    "cKhXxrdf03RMS345n1UUUej2RFilIR8\xc3",
	    "cKhXxrdf03RMS345n1UUUej2RFilIR89\n",
	};
	char out[UUID_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(out, "untouched");
		assert_int_equal(uuid_parse(bad[i], out), -1);
		/* No partial result, and no log: the caller names the object. */
		assert_string_equal(out, "untouched");
	}
	assert_string_equal(logged(), "");
}

static void test_valid_raw(void **state)
{
	(void)state;
	assert_true(uuid_valid_raw(real_raw));
	assert_true(uuid_valid_raw("#!zZ9000000000000000000000000000"));
	assert_false(uuid_valid_raw(real_formatted));
	assert_false(uuid_valid_raw("cKhXxrdf03RMS345n1UUUej2RFilIR8"));
	assert_false(uuid_valid_raw("cKhXxrdf03RMS345n1UUUej2RFilIR89X"));
	assert_false(uuid_valid_raw("cKhXxrdf03RMS345n1UUUej2RFilIR-9"));
	assert_false(uuid_valid_raw(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_generate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_generate_retries, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_generate_failure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_format, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse_rejects, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_valid_raw, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
