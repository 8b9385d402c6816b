/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_WORDPART_H
#define _LINUX_WORDPART_H

/* The high and low 32 bits of @n (also fine when @n is 32 bits wide). */
#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n)	((u32)((n) & 0xffffffff))
#define upper_16_bits(n)	((u16)((n) >> 16))
#define lower_16_bits(n)	((u16)((n) & 0xffff))

#endif /* _LINUX_WORDPART_H */
