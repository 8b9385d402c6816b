/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device numbers.  A dev_t holds a 12-bit major above a 20-bit minor, the
 * kernel's in-core layout; here dev_t is glibc's unsigned long (see
 * <linux/types.h>) of which only the low 32 bits are used.  The macros
 * compute in unsigned int, so MKDEV() of a large major is not a signed
 * overflow.  The 32-bit encodings user space sees in st_rdev are the
 * kernel's as well.
 */
#ifndef _LINUX_KDEV_T_H
#define _LINUX_KDEV_T_H

#include <linux/types.h>

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)

#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)							\
	(((unsigned int)(ma) << MINORBITS) | (unsigned int)(mi))

/* "major:minor" into @buffer (at least 15 bytes); the value is @buffer. */
#define format_dev_t(buffer, dev)					\
	({								\
		sprintf(buffer, "%u:%u", MAJOR(dev), MINOR(dev));	\
		buffer;							\
	})
#define print_dev_t(buffer, dev)					\
	sprintf((buffer), "%u:%u\n", MAJOR(dev), MINOR(dev))

/* The 16-bit encoding: 8-bit major and minor. */
static inline bool old_valid_dev(dev_t dev)
{
	return MAJOR(dev) < 256 && MINOR(dev) < 256;
}

static inline u16 old_encode_dev(dev_t dev)
{
	return (MAJOR(dev) << 8) | MINOR(dev);
}

static inline dev_t old_decode_dev(u16 val)
{
	return MKDEV((val >> 8) & 255, val & 255);
}

/*
 * The 32-bit encoding: minor bits 0-7, major bits 8-19, minor bits 8-19
 * in bits 20-31, so that an old 16-bit number reads the same.
 */
static inline u32 new_encode_dev(dev_t dev)
{
	unsigned int major = MAJOR(dev);
	unsigned int minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static inline dev_t new_decode_dev(u32 dev)
{
	unsigned int major = (dev & 0xfff00) >> 8;
	unsigned int minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	return MKDEV(major, minor);
}

static inline u64 huge_encode_dev(dev_t dev)
{
	return new_encode_dev(dev);
}

static inline dev_t huge_decode_dev(u64 dev)
{
	return new_decode_dev(dev);
}

static inline int new_valid_dev(dev_t dev)
{
	return 1;
}

static inline u32 sysv_encode_dev(dev_t dev)
{
	return MINOR(dev) | (MAJOR(dev) << 18);
}

static inline unsigned int sysv_major(u32 dev)
{
	return (dev >> 18) & 0x3fff;
}

static inline unsigned int sysv_minor(u32 dev)
{
	return dev & 0x3ffff;
}

#endif /* _LINUX_KDEV_T_H */
