/* What full-text search calls a word, the same for SQLite and PostgreSQL:
 * a run of ASCII letters, digits and '_' or of any non-ASCII bytes; the
 * rest separates words ("INC-1042" is "INC" and "1042"). */
#ifndef LOKET_SEARCH_H
#define LOKET_SEARCH_H

#include <stdbool.h>

#include "util/arena.h"

bool search_word_byte(unsigned char c);
/* Splits text into at most 'max' words (copies in the arena); returns how
 * many. */
int search_words(const char *text, const char **words, int max, struct arena *a);

#endif
