// SPDX-License-Identifier: GPL-2.0-only
/*
 * Errno names in scenario files ("expect EBUSY") and in results.
 */
#include <string.h>

#include <linux/errname.h>
#include <linux/errno.h>

#include "internal.h"

#define SCN_ERRNO_MAX	4096

int scn_errno_parse(const char *name)
{
	static const struct {
		const char *name;
		int value;
	} aliases[] = {
		{ "EWOULDBLOCK", EAGAIN },
		{ "EDEADLOCK", EDEADLK },
		{ "ENOTSUP", EOPNOTSUPP },
	};

	for (unsigned int i = 0; i < sizeof(aliases) / sizeof(aliases[0]);
	     i++)
		if (!strcmp(aliases[i].name, name))
			return aliases[i].value;
	for (int e = 1; e < SCN_ERRNO_MAX; e++) {
		const char *n = errname(e);

		if (n && !strcmp(n, name))
			return e;
	}
	return 0;
}

const char *scn_errno_name(long err)
{
	if (err < 0)
		err = -err;
	if (err <= 0 || err >= SCN_ERRNO_MAX)
		return NULL;
	return errname((int)err);
}
