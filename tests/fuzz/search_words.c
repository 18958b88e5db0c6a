/* tests/fuzz/search_words.c: a search query split into the words the
 * full-text index matches. The first byte picks how many words may come
 * back (-1 to 30; the list page asks for 8), the rest up to its first NUL
 * is the query, as C text. The words must be exactly the query's first
 * runs of word bytes, found again here by a splitter written from the
 * header's definition, and must be copies, not pointers into the query. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/search.h"

/* ASCII letters, digits and '_', or any non-ASCII byte. */
static bool word_byte(unsigned char c)
{
	return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static void check_bytes(void)
{
	for (int c = 0; c < 256; c++)
		if (search_word_byte((unsigned char)c) != word_byte((unsigned char)c))
			abort();
}

/* The next run of word bytes at or after *at, its length in *len, or NULL
 * when there is none. */
static const char *next_run(const char *text, size_t *at, size_t *len)
{
	size_t i = *at, start;

	while (text[i] && !word_byte((unsigned char)text[i]))
		i++;
	for (start = i; word_byte((unsigned char)text[i]); i++)
		;
	*at = i;
	*len = i - start;
	return *len ? text + start : NULL;
}

static void check_word(const char *text, size_t size, const char *word, const char *run, size_t len)
{
	if (!word || !*word || strlen(word) != len || memcmp(word, run, len))
		abort();
	if (word >= text && word <= text + size)
		abort();
	for (size_t i = 0; i < len; i++)
		if (!search_word_byte((unsigned char)word[i]))
			abort();
}

static void check_words(const char *text, size_t size, const char **words, int n, int max)
{
	size_t at = 0, len;
	int k = 0;
	const char *run;

	if (n < 0 || n > (max > 0 ? max : 0))
		abort();
	while (k < n && (run = next_run(text, &at, &len)))
		check_word(text, size, words[k++], run, len);
	/* As many as the query has, unless 'max' stopped it first. */
	if (k != n || (n < max && next_run(text, &at, &len)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	int max = size ? data[0] % 32 - 1 : 8;
	char *text = malloc(size + 1);
	/* Exactly 'max' slots, so that a word too many is a heap overflow. */
	const char **words = malloc((size_t)(max > 0 ? max : 0) * sizeof(*words));

	check_bytes();
	if (size)
		memcpy(text, data + 1, size - 1);
	text[size ? size - 1 : 0] = '\0';
	check_words(text, size, words, search_words(text, words, max, &a), max);
	free(words);
	free(text);
	arena_release(&a);
	return 0;
}
