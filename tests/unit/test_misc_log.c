/* The logger: which stream each kind of message reaches at each -q/-v
 * setting, lvm2's two-space indentation, and what goes to syslog.
 *
 * The quiet rules are lvm2 2.03.16's as observed: `lvcreate -q` still
 * prints "Logical volume "x" created." and its warnings (a single -q only
 * cancels -v); `lvcreate -qq` drops that stdout line but keeps warnings
 * and errors on stderr. */
// WRAP: syslog __syslog_chk openlog closelog
#include "unit.h"

#include <errno.h>
#include <syslog.h>

#include "misc/log.h"
#include "misc/strbuf.h"

/* syslog() as the tests see it: the calls are recorded, not sent. */
static struct strbuf syslogged = STRBUF_INIT;
static char opened_ident[64];

void __wrap_openlog(const char *ident, int option, int facility);
void __wrap_openlog(const char *ident, int option, int facility)
{
	snprintf(opened_ident, sizeof(opened_ident), "%s", ident);
	assert_int_equal(option & LOG_PID, LOG_PID);
	assert_int_equal(facility, LOG_USER);
}

void __wrap_closelog(void);
void __wrap_closelog(void)
{
}

static void record(int pri, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void record(int pri, const char *fmt, va_list ap)
{
	strbuf_addf(&syslogged, "<%d>", pri);
	strbuf_vaddf(&syslogged, fmt, ap);
	strbuf_addch(&syslogged, '\n');
}

void __wrap_syslog(int pri, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void __wrap_syslog(int pri, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(pri, fmt, ap);
	va_end(ap);
}

void __wrap___syslog_chk(int pri, int flag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void __wrap___syslog_chk(int pri, int flag, const char *fmt, ...)
{
	va_list ap;

	(void)flag;
	va_start(ap, fmt);
	record(pri, fmt, ap);
	va_end(ap);
}

static char *out_text, *err_text;
static size_t out_len, err_len;
static FILE *out, *err;

static int setup(void **state)
{
	(void)state;
	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	log_set_streams(out, err);
	log_init(0, 0);
	strbuf_reset(&syslogged);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_set_streams(NULL, NULL);
	fclose(out);
	fclose(err);
	free(out_text);
	free(err_text);
	return 0;
}

static const char *got_out(void)
{
	fflush(out);
	return out_text;
}

static const char *got_err(void)
{
	fflush(err);
	return err_text;
}

/* One of each kind of message. */
static void log_all(void)
{
	log_error("Volume group \"%s\" not found", "vg9");
	log_warn("WARNING: %s", "warn");
	log_print("Logical volume \"%s\" created.", "lv0");
	log_notice("notice %d", 1);
	log_verbose("verbose");
	log_very_verbose("very verbose");
	log_debug("debug");
	log_trace("trace");
}

static void test_defaults(void **state)
{
	(void)state;
	log_all();
	assert_string_equal(got_err(), "  Volume group \"vg9\" not found\n"
	                               "  WARNING: warn\n");
	assert_string_equal(got_out(), "  Logical volume \"lv0\" created.\n"
	                               "  notice 1\n");
}

static void test_single_q_only_cancels_v(void **state)
{
	(void)state;
	log_init(1, 4);
	log_all();
	assert_string_equal(got_err(), "  Volume group \"vg9\" not found\n"
	                               "  WARNING: warn\n");
	assert_string_equal(got_out(), "  Logical volume \"lv0\" created.\n"
	                               "  notice 1\n");
}

static void test_qq_silences_print_only(void **state)
{
	(void)state;
	log_init(2, 0);
	log_all();
	assert_string_equal(got_err(), "  Volume group \"vg9\" not found\n"
	                               "  WARNING: warn\n");
	assert_string_equal(got_out(), "");
}

static void test_verbose_levels(void **state)
{
	static const char *const expect[] = {
	    "",
	    "  verbose\n",
	    "  verbose\n  very verbose\n",
	    "  verbose\n  very verbose\n  debug\n",
	    "  verbose\n  very verbose\n  debug\n  trace\n",
	    "  verbose\n  very verbose\n  debug\n  trace\n",
	};
	int v;

	(void)state;
	for (v = 0; v <= 5; v++) {
		teardown(NULL);
		setup(NULL);
		log_init(0, v);
		log_verbose("verbose");
		log_very_verbose("very verbose");
		log_debug("debug");
		log_trace("trace");
		assert_string_equal(got_err(), expect[v]);
		assert_string_equal(got_out(), "");
	}
}

static void test_enabled(void **state)
{
	(void)state;
	log_init(0, 0);
	assert_true(log_enabled(LOG_LVL_ERROR));
	assert_true(log_enabled(LOG_LVL_WARN));
	assert_true(log_enabled(LOG_LVL_PRINT));
	assert_false(log_enabled(LOG_LVL_VERBOSE));

	log_init(0, 2);
	assert_true(log_enabled(LOG_LVL_VERBOSE));
	assert_true(log_enabled(LOG_LVL_VERY_VERBOSE));
	assert_false(log_enabled(LOG_LVL_DEBUG));

	log_init(0, 4);
	assert_true(log_enabled(LOG_LVL_TRACE));

	log_init(1, 4);
	assert_true(log_enabled(LOG_LVL_PRINT));
	assert_false(log_enabled(LOG_LVL_VERBOSE));

	log_init(2, 0);
	assert_true(log_enabled(LOG_LVL_ERROR));
	assert_false(log_enabled(LOG_LVL_PRINT));

	log_init(0, -1);
	assert_false(log_enabled(LOG_LVL_VERBOSE));
}

static void test_log_message(void **state)
{
	(void)state;
	log_init(0, 1);
	log_message(LOG_LVL_ERROR, "e%d", 1);
	log_message(LOG_LVL_WARN, "w%d", 2);
	log_message(LOG_LVL_VERBOSE, "v%d", 3);
	log_message(LOG_LVL_DEBUG, "d%d", 4);
	assert_string_equal(got_err(), "  e1\n  w2\n  v3\n");
	assert_string_equal(got_out(), "");
}

static void test_errno_kept(void **state)
{
	(void)state;
	errno = ENOENT;
	log_error("open failed: %m");
	assert_int_equal(errno, ENOENT);
	log_verbose("not shown");
	assert_int_equal(errno, ENOENT);
	assert_string_equal(got_err(), "  open failed: No such file or directory\n");
}

static void test_long_message(void **state)
{
	char *big = malloc(100001);
	const char *e;

	(void)state;
	memset(big, 'm', 100000);
	big[100000] = '\0';
	log_error("%s|%s", big, big);
	e = got_err();
	assert_int_equal(strlen(e), 2 + 200001 + 1);
	assert_int_equal(e[2 + 100000], '|');
	assert_int_equal(e[strlen(e) - 1], '\n');
	free(big);
}

static void test_syslog(void **state)
{
	(void)state;
	log_all();
	assert_string_equal(syslogged.buf, "");

	log_use_syslog("vgtool-monitor");
	assert_string_equal(opened_ident, "vgtool-monitor");
	log_init(2, 4);
	log_all();
	/* Errors, warnings and notices, unindented, whatever -q says. */
	assert_string_equal(syslogged.buf, "<3>Volume group \"vg9\" not found\n"
	                                   "<4>WARNING: warn\n"
	                                   "<5>notice 1\n");
	/* Every kind still reaches the terminal streams as before. */
	assert_string_equal(got_out(), "  Logical volume \"lv0\" created.\n"
	                               "  notice 1\n");
	strbuf_release(&syslogged);
}

/* Held (the watchdog writing JSON): nothing but the document on stdout;
 * notices still reach syslog, errors and warnings stderr as always.
 * Released, stdout is back. */
static void test_hold_stdout(void **state)
{
	(void)state;
	log_use_syslog("vgtool-monitor");
	log_hold_stdout(1);
	log_all();
	log_hold_stdout(0);
	assert_string_equal(got_out(), "");
	assert_string_equal(got_err(), "  Volume group \"vg9\" not found\n"
	                               "  WARNING: warn\n");
	assert_string_equal(syslogged.buf, "<3>Volume group \"vg9\" not found\n"
	                                   "<4>WARNING: warn\n"
	                                   "<5>notice 1\n");
	log_print("back");
	assert_string_equal(got_out(), "  back\n");
	strbuf_release(&syslogged);
}

/* Detached (the background merge poller): all that would have been
 * printed, to syslog only, each kind at its priority; -qq and -v filter
 * as on a terminal.  Last: there is no way back. */
static void test_detached(void **state)
{
	(void)state;
	log_detach_to_syslog("vgtool");
	assert_string_equal(opened_ident, "vgtool");
	log_init(0, 1);
	log_all();
	assert_string_equal(syslogged.buf, "<3>Volume group \"vg9\" not found\n"
	                                   "<4>WARNING: warn\n"
	                                   "<6>Logical volume \"lv0\" created.\n"
	                                   "<5>notice 1\n"
	                                   "<7>verbose\n");
	strbuf_reset(&syslogged);
	log_init(2, 0);
	log_all();
	assert_string_equal(syslogged.buf, "<3>Volume group \"vg9\" not found\n"
	                                   "<4>WARNING: warn\n");
	assert_string_equal(got_out(), "");
	assert_string_equal(got_err(), "");
	strbuf_release(&syslogged);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_single_q_only_cancels_v, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_qq_silences_print_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_verbose_levels, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_enabled, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_log_message, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errno_kept, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_long_message, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_syslog, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hold_stdout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_detached, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
