/* Time: stored as epoch milliseconds UTC, written as RFC 3339. */
#ifndef LOKET_TIMEFMT_H
#define LOKET_TIMEFMT_H

#include <stdint.h>

enum { TIME_RFC3339_LEN = 32 };

/* The wall clock, in epoch milliseconds. */
int64_t time_now_ms(void);
/* A monotonic clock in nanoseconds, for measuring durations. */
long long time_mono_ns(void);
/* "2026-11-23T15:49:45.123Z" (milliseconds shown only when not zero). */
void time_rfc3339(int64_t ms, char out[TIME_RFC3339_LEN]);

#endif
