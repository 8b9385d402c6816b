/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error pointers: a function returning a pointer can return a negative
 * errno instead, encoded in the top MAX_ERRNO addresses, which no object
 * ever occupies.
 */
#ifndef _LINUX_ERR_H
#define _LINUX_ERR_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

#define MAX_ERRNO	4095

#define IS_ERR_VALUE(x)							\
	unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

/* Encode @error, a negative errno, as a pointer. */
static inline void *__must_check ERR_PTR(long error)
{
	return (void *)error;
}

/* The errno an error pointer encodes. */
static inline long __must_check PTR_ERR(__force const void *ptr)
{
	return (long)ptr;
}

static inline bool __must_check IS_ERR(__force const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool __must_check IS_ERR_OR_NULL(__force const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

/* Pass an error pointer on as another pointer type. */
static inline void *__must_check ERR_CAST(__force const void *ptr)
{
	return (void *)ptr;
}

/* 0 for a valid pointer (or NULL), the errno for an error pointer. */
static inline int __must_check PTR_ERR_OR_ZERO(__force const void *ptr)
{
	if (unlikely(IS_ERR(ptr)))
		return PTR_ERR(ptr);
	return 0;
}

#endif /* _LINUX_ERR_H */
