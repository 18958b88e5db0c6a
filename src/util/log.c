#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>

#include "util/timefmt.h"

void log_line(const char *level, const char *fmt, ...)
{
	char line[2048], at[TIME_RFC3339_LEN];
	va_list ap;
	int n;

	time_rfc3339(time_now_ms(), at);
	n = snprintf(line, sizeof(line), "t=%s level=%s ", at, level);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One write per line so that lines from threads never interleave. */
	fprintf(stderr, "%s\n", line);
}
