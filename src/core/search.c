#include "core/search.h"

bool search_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_';
}

int search_words(const char *text, const char **words, int max, struct arena *a)
{
	const unsigned char *p = (const unsigned char *)text;
	int n = 0;

	while (*p && n < max) {
		while (*p && !search_word_byte(*p))
			p++;
		const unsigned char *start = p;
		while (*p && search_word_byte(*p))
			p++;
		if (p == start)
			break;
		words[n++] = arena_strndup(a, (const char *)start, (size_t)(p - start));
	}
	return n;
}
