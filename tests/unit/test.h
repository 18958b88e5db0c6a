/* A minimal unit-test harness: ok() checks and counts; test_done() prints
 * the tally and gives the exit status. */
#ifndef LOKET_TEST_H
#define LOKET_TEST_H

#include <stdio.h>

static int test_passed, test_failed;

#define ok(cond)                                                                           \
	do {                                                                               \
		if (cond) {                                                                \
			test_passed++;                                                     \
		} else {                                                                   \
			test_failed++;                                                     \
			fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                          \
	} while (0)

#define ok_msg(cond, ...)                                                                  \
	do {                                                                               \
		if (cond) {                                                                \
			test_passed++;                                                     \
		} else {                                                                   \
			test_failed++;                                                     \
			fprintf(stderr, "%s:%d: failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                      \
			fputc('\n', stderr);                                               \
		}                                                                          \
	} while (0)

static inline int test_done(void)
{
	printf("%d passed, %d failed\n", test_passed, test_failed);
	return test_failed ? 1 : 0;
}

#endif
