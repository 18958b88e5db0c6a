/* Settings changed while Loket runs: JSON values under keys, versioned
 * (ETag) and journaled (resource "settings"). */
#ifndef LOKET_STORE_SETTINGS_H
#define LOKET_STORE_SETTINGS_H

#include "core/ticket.h"
#include "store/store.h"

/* The value under key (from the arena) and its version; NULL and 0 when
 * it was never set (its default counts as version 1). */
int store_setting_get(struct store *st, const char *key, const char **value, int64_t *version,
		      struct loket_err *err);
/* Sets it when still at if_version (0: any; 1 is the default), journaling
 * old and new. */
int store_setting_put(struct store *st, const char *key, const char *value, int64_t if_version,
		      struct loket_err *err);
/* The journal of a setting, oldest first. */
int store_setting_history(struct store *st, const char *key, struct view **items,
			  struct loket_err *err);
/* The priority matrix in force (the default until an admin sets one). */
int store_priority_matrix(struct store *st, struct tkt_matrix *m, struct loket_err *err);

#endif
