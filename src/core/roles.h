/* Roles (design.md section 3) as a bit set, and their names in the API. */
#ifndef LOKET_ROLES_H
#define LOKET_ROLES_H

#include <stdbool.h>
#include <stdint.h>

enum role {
	ROLE_REQUESTER = 1 << 0,
	ROLE_AGENT = 1 << 1,
	ROLE_MANAGER = 1 << 2,
	ROLE_CHANGE_MANAGER = 1 << 3,
	ROLE_CAB_MEMBER = 1 << 4,
	ROLE_PROBLEM_MANAGER = 1 << 5,
	ROLE_CONFIGURATION_MANAGER = 1 << 6,
	ROLE_AUDITOR = 1 << 7,
	ROLE_ADMIN = 1 << 8,
};

enum { ROLE_COUNT = 9 };

/* The name of the n-th role (0 <= n < ROLE_COUNT), in the order above. */
const char *role_name(int n);
/* The bit for a name, or 0 when there is no such role. */
int64_t role_from_name(const char *name);
/* Names in 'set' joined by commas, into 'out' (at least 160 bytes). */
void role_set_text(int64_t set, char *out, int outlen);

#endif
