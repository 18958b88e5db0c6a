#include "util/secret.h"

#include <sodium.h>
#include <string.h>

int secret_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void secret_token(const char *prefix, char out[SECRET_TOKEN_LEN])
{
	unsigned char raw[32];
	size_t plen = strlen(prefix);

	randombytes_buf(raw, sizeof(raw));
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, SECRET_TOKEN_LEN - plen, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void secret_hash(const char *token, char out[SECRET_HASH_LEN])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, SECRET_HASH_LEN, h, sizeof(h));
}

int secret_password_hash(const char *password, char out[SECRET_PWHASH_LEN])
{
	return crypto_pwhash_str_alg(
		out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
		crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

bool secret_password_verify(const char *hash, const char *password)
{
	return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}
