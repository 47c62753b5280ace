/* Logging.
 *
 * (Folder lib/misc: the small services every other folder uses: logging,
 * strbuf, allocation and the two ways lib/ may end the process (xalloc.h),
 * crc32, uuids, size units, locks, the clock, test hooks.  It knows
 * nothing of volume groups, disks or the kernel.)
 *
 * One precise message, logged once, by the code that knows the reason;
 * callers only pass the failure status up.  Everything goes to stderr
 * except log_print(), which is a command's normal output (stdout), as in
 * lvm2.  Every line is indented by two spaces, as lvm2's; the text carries
 * its own "WARNING: " where lvm2 writes one.  Levels follow the command
 * line as in lvm2 2.03.16: a single -q only cancels -v; -qq also silences
 * log_print (warnings and errors always show); -v .. -vvvv open the
 * verbose levels.  log_use_syslog()
 * additionally sends errors, warnings and notices to syslog (for the
 * monitor, whose output nobody may be watching); log_detach_to_syslog()
 * sends everything there instead (for the background merge poller, whose
 * output leads nowhere). */
#ifndef VGTOOL_LOG_H
#define VGTOOL_LOG_H

enum log_level {
	LOG_LVL_ERROR = 0,        /* always shown */
	LOG_LVL_WARN = 1,         /* hidden by -q */
	LOG_LVL_PRINT = 1,        /* normal output on stdout, hidden by -q */
	LOG_LVL_VERBOSE = 2,      /* -v */
	LOG_LVL_VERY_VERBOSE = 3, /* -vv */
	LOG_LVL_DEBUG = 4,        /* -vvv: each dm ioctl with its duration */
	LOG_LVL_TRACE = 5,        /* -vvvv */
};

/* quiet: number of -q (1 and 2 differ, see above); verbose: number of -v. */
void log_init(int quiet, int verbose);
/* Would a message at this level be shown?  Level 1 (WARN == PRINT) answers
 * for log_print, the only one of the two that can be hidden. */
int log_enabled(enum log_level level);
void log_use_syslog(const char *ident);
/* For a process that has left its terminal: what it would have printed
 * goes to syslog under `ident` instead of stdout and stderr, at the
 * priority of its kind (log_print as LOG_INFO, verbose lines, when -v
 * enables them, as LOG_DEBUG). */
void log_detach_to_syslog(const char *ident);
/* For a command whose stdout is a document for programs (a JSON report):
 * while `on`, log_print lines are dropped and notices go to syslog only
 * (when log_use_syslog() was called), so that nothing else lands in the
 * document. */
void log_hold_stdout(int on);

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_very_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Also sent to syslog when log_use_syslog() was called. */
void log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Generic entry point (used by libdevmapper's log hook); level 1 here is a
 * warning, on stderr. */
void log_message(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* For tests: send stderr/stdout output of the logger to these streams
 * (NULL: back to stderr/stdout). */
#include <stdio.h>
void log_set_streams(FILE *out, FILE *err);

#endif
