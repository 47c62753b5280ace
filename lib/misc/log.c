/* Logging, shaped like lvm2's so that vgtool's output reads the same.
 *
 * What lvm2 2.03.16 does, and so what this does (observed on Debian 12):
 *  - every message line is indented by two spaces;
 *  - errors and warnings go to stderr whatever -q says;
 *  - log_print() (a command's "Logical volume "x" created." lines) goes to
 *    stdout and is silenced only by -qq: a single -q merely cancels -v;
 *  - -v, -vv, -vvv, -vvvv open the verbose levels, on stderr.
 * Each line is written with one fwrite so that lines from concurrent
 * commands sharing a terminal or a log file do not interleave. */
#include "misc/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#include "misc/strbuf.h"
#include "misc/xalloc.h"

enum kind { K_ERROR, K_WARN, K_PRINT, K_NOTICE, K_VERBOSE };

static int log_quiet;
static int log_verbose_level;
static char *syslog_ident; /* non-NULL once log_use_syslog() was called */
static int syslog_only;    /* log_detach_to_syslog(): no terminal left */
static int hold_stdout;    /* log_hold_stdout() */
static FILE *log_out;      /* NULL: stdout */
static FILE *log_err;      /* NULL: stderr */

void log_init(int quiet, int verbose)
{
	log_quiet = quiet > 0 ? quiet : 0;
	/* As in lvm2, -q overrides -v. */
	log_verbose_level = (quiet > 0 || verbose < 0) ? 0 : verbose;
}

int log_enabled(enum log_level level)
{
	if (level <= LOG_LVL_ERROR)
		return 1;
	/* Level 1 is both WARN and PRINT; the question is only ever asked
	 * about output that can be hidden, which is log_print's (-qq). */
	if (level == LOG_LVL_PRINT)
		return log_quiet < 2;
	return log_verbose_level >= (int)level - 1;
}

void log_use_syslog(const char *ident)
{
	/* openlog() keeps the pointer: hold our own copy for the process's
	 * lifetime. */
	if (syslog_ident)
		closelog();
	free(syslog_ident);
	syslog_ident = xstrdup(ident ? ident : "vgtool");
	openlog(syslog_ident, LOG_PID, LOG_USER);
}

void log_detach_to_syslog(const char *ident)
{
	log_use_syslog(ident);
	syslog_only = 1;
}

void log_hold_stdout(int on)
{
	hold_stdout = on;
}

void log_set_streams(FILE *out, FILE *err)
{
	log_out = out;
	log_err = err;
}

__attribute__((format(printf, 2, 0))) static void emit(enum kind kind, const char *fmt, va_list ap)
{
	struct strbuf line = STRBUF_INIT;
	int saved_errno = errno; /* callers log and then look at errno */
	FILE *out = log_out ? log_out : stdout;
	FILE *err = log_err ? log_err : stderr;
	int to_tty = 1;
	FILE *f = err;

	switch (kind) {
	case K_PRINT:
	case K_NOTICE:
		to_tty = log_quiet < 2 && !hold_stdout;
		f = out;
		break;
	case K_ERROR:
	case K_WARN:
	case K_VERBOSE:
		break;
	}

	strbuf_addstr(&line, "  ");
	errno = saved_errno; /* so that %m names the caller's error */
	strbuf_vaddf(&line, fmt, ap);

	/* Detached, syslog gets all that would have been printed (verbose
	 * lines are filtered before they get here); otherwise only what
	 * someone must read even when nobody watches the terminal. */
	if (syslog_ident && (syslog_only ? to_tty : kind != K_PRINT && kind != K_VERBOSE))
		syslog(kind == K_ERROR    ? LOG_ERR
		       : kind == K_WARN   ? LOG_WARNING
		       : kind == K_NOTICE ? LOG_NOTICE
		       : kind == K_PRINT  ? LOG_INFO
		                          : LOG_DEBUG,
		       "%s", line.buf + 2);

	if (to_tty && !syslog_only) {
		strbuf_addch(&line, '\n');
		/* Keep stdout and stderr in order when they share a pipe. */
		if (f == err)
			fflush(out);
		fwrite(line.buf, 1, line.len, f);
		fflush(f);
	}

	strbuf_release(&line);
	errno = saved_errno;
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(K_ERROR, fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(K_WARN, fmt, ap);
	va_end(ap);
}

void log_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(K_PRINT, fmt, ap);
	va_end(ap);
}

void log_notice(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(K_NOTICE, fmt, ap);
	va_end(ap);
}

/* The verbose levels are filtered before formatting: -vvvv traces are
 * frequent and usually off. */
__attribute__((format(printf, 2, 0))) static void verbose_at(enum log_level level, const char *fmt,
                                                             va_list ap)
{
	if (log_enabled(level))
		emit(K_VERBOSE, fmt, ap);
}

void log_verbose(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verbose_at(LOG_LVL_VERBOSE, fmt, ap);
	va_end(ap);
}

void log_very_verbose(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verbose_at(LOG_LVL_VERY_VERBOSE, fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verbose_at(LOG_LVL_DEBUG, fmt, ap);
	va_end(ap);
}

void log_trace(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verbose_at(LOG_LVL_TRACE, fmt, ap);
	va_end(ap);
}

void log_message(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* Level 1 through this door is a warning (stderr): it is what
	 * libdevmapper's hook passes for its warnings. */
	if (level <= LOG_LVL_ERROR)
		emit(K_ERROR, fmt, ap);
	else if (level == LOG_LVL_WARN)
		emit(K_WARN, fmt, ap);
	else
		verbose_at(level, fmt, ap);
	va_end(ap);
}
