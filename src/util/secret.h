/* Secrets: random tokens, their hashes, and password hashing (Argon2id via
 * libsodium). Call secret_init() once at start. */
#ifndef LOKET_SECRET_H
#define LOKET_SECRET_H

#include <stdbool.h>
#include <stddef.h>

enum { SECRET_TOKEN_LEN = 48, SECRET_HASH_LEN = 65, SECRET_PWHASH_LEN = 128 };

int secret_init(void);
/* A new random token: prefix + 43 URL-safe characters. */
void secret_token(const char *prefix, char out[SECRET_TOKEN_LEN]);
/* The hex BLAKE2b-256 of a token, as stored in the database. */
void secret_hash(const char *token, char out[SECRET_HASH_LEN]);
/* An Argon2id hash string of a password; 0, or -1 when out of memory. */
int secret_password_hash(const char *password, char out[SECRET_PWHASH_LEN]);
/* True when the password matches the hash. */
bool secret_password_verify(const char *hash, const char *password);
/* Compares two strings in time independent of where they differ. */
bool secret_equal(const char *a, const char *b);

#endif
