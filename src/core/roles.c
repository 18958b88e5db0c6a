#include "core/roles.h"

#include <stdio.h>
#include <string.h>

static const char *const names[ROLE_COUNT] = {
	"requester",
	"agent",
	"manager",
	"change_manager",
	"cab_member",
	"problem_manager",
	"configuration_manager",
	"auditor",
	"admin",
};

const char *role_name(int n)
{
	return n >= 0 && n < ROLE_COUNT ? names[n] : NULL;
}

int64_t role_from_name(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (!strcmp(names[i], name))
			return (int64_t)1 << i;
	return 0;
}

void role_set_text(int64_t set, char *out, int outlen)
{
	int len = 0;

	out[0] = '\0';
	for (int i = 0; i < ROLE_COUNT && len < outlen; i++)
		if (set & ((int64_t)1 << i))
			len += snprintf(out + len, (size_t)(outlen - len), "%s%s", len ? "," : "",
					names[i]);
}
