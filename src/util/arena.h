/* A bump allocator for what lives as long as one request (or one command):
 * allocations are never freed one by one; arena_release() frees them all. */
#ifndef LOKET_ARENA_H
#define LOKET_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total; /* bytes handed out, for metrics and tests */
};

#define ARENA_INIT \
	{          \
		0  \
	}

/* Zeroed memory aligned for any type; never NULL (aborts when out of memory). */
void *arena_alloc(struct arena *a, size_t n);
/* Copies of text, NUL-terminated, owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees every block; the arena may be used again afterwards. */
void arena_release(struct arena *a);

#endif
