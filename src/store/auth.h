/* Storage for signing in: passwords, API tokens, browser sessions and the
 * log of failed logins used for throttling. Secrets are never stored: only
 * their hashes (util/secret.h). */
#ifndef LOKET_STORE_AUTH_H
#define LOKET_STORE_AUTH_H

#include "core/authz.h"
#include "store/store.h"

/* The active user behind a token or session hash; LOKET_EAUTH when there is
 * none (unknown, revoked, expired, or the account is disabled). 'csrf' (may
 * be NULL) gets the session's CSRF token, from the arena. */
int store_actor_by_token(struct store *st, const char *token_hash, struct actor *out,
			 struct loket_err *err);
int store_actor_by_session(struct store *st, const char *session_hash, struct actor *out,
			   const char **csrf, struct loket_err *err);
int store_actor_by_id(struct store *st, int64_t user_id, struct actor *out, struct loket_err *err);

/* The account for a login: id, password hash (NULL when it has none), active. */
int store_login_lookup(struct store *st, const char *email, int64_t *id, const char **hash,
		       bool *active, struct loket_err *err);
/* A user id by e-mail address; LOKET_ENOTFOUND when there is none. */
int store_user_id_by_email(struct store *st, const char *email, int64_t *id, struct loket_err *err);
/* Sets a password hash and journals that the password changed. */
int store_password_set(struct store *st, int64_t user_id, const char *hash, struct loket_err *err);

int store_token_create(struct store *st, int64_t user_id, const char *name, const char *token_hash,
		       int64_t *id, struct loket_err *err);
/* Tokens of one user (0: everyone's), newest first, without hashes. */
int store_token_list(struct store *st, int64_t user_id, struct view **items, struct loket_err *err);
/* The user a token belongs to. */
int store_token_owner(struct store *st, int64_t id, int64_t *user_id, struct loket_err *err);
int store_token_revoke(struct store *st, int64_t id, struct loket_err *err);

int store_session_create(struct store *st, int64_t user_id, const char *session_hash,
			 const char *csrf, int64_t expires_at, struct loket_err *err);
int store_session_delete(struct store *st, const char *session_hash, struct loket_err *err);

/* Records a failed login and forgets failures older than 'window' ms. */
int store_login_failure_add(struct store *st, const char *email, const char *address,
			    int64_t window, struct loket_err *err);
/* Failures since 'since' for the e-mail address and for the client address,
 * and the time of the oldest of them (for Retry-After). */
int store_login_failures(struct store *st, const char *email, const char *address, int64_t since,
			 int *by_email, int *by_address, int64_t *oldest, struct loket_err *err);

#endif
