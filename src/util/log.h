/* One structured line per event on stderr: t=... level=... key=value ... */
#ifndef LOKET_LOG_H
#define LOKET_LOG_H

void log_line(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
