/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * UUIDs as the kernel keeps them: 16 bytes, compared and copied whole
 * (7.x's vfio takes one as the device token of VFIO_DEVICE_BIND_IOMMUFD).
 */
#ifndef _LINUX_UUID_H_
#define _LINUX_UUID_H_

#include <linux/string.h>
#include <linux/types.h>

#define UUID_SIZE	16

typedef struct {
	__u8 b[UUID_SIZE];
} uuid_t;

static inline bool uuid_equal(const uuid_t *u1, const uuid_t *u2)
{
	return memcmp(u1, u2, sizeof(uuid_t)) == 0;
}

static inline void uuid_copy(uuid_t *dst, const uuid_t *src)
{
	memcpy(dst, src, sizeof(uuid_t));
}

static inline bool uuid_is_null(const uuid_t *uuid)
{
	static const uuid_t null_uuid;

	return uuid_equal(uuid, &null_uuid);
}

/* The 36 characters of "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx": 0 or -EINVAL. */
int uuid_parse(const char *uuid, uuid_t *u);

#endif /* _LINUX_UUID_H_ */
