// SPDX-License-Identifier: GPL-2.0-only
/*
 * UUIDs from text (<linux/uuid.h>): the usual 8-4-4-4-12 hex form, bytes
 * in the order written (the kernel's uuid_t, big-endian fields).
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/uuid.h>

int uuid_parse(const char *uuid, uuid_t *u)
{
	int n = 0;

	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		int hi, lo;

		if (dash) {
			if (uuid[i] != '-')
				return -EINVAL;
			continue;
		}
		hi = hex_to_bin(uuid[i]);
		lo = hi < 0 ? -1 : hex_to_bin(uuid[i + 1]);
		if (lo < 0)
			return -EINVAL;
		u->b[n++] = (__u8)(hi << 4 | lo);
		i++;
	}
	return uuid[36] ? -EINVAL : 0;
}
