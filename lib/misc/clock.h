/* The one clock for durations: monotonic (never goes back within a boot),
 * in milliseconds with a fraction.  Used for -vv/-vvv phase and ioctl
 * times and by the watchdog's rate rule. */
#ifndef VGTOOL_CLOCK_H
#define VGTOOL_CLOCK_H

#include <time.h>

static inline double monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

#endif
