/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_CONTAINER_OF_H
#define _LINUX_CONTAINER_OF_H

#include <linux/build_bug.h>
#include <linux/stddef.h>

/*
 * container_of - the structure that embeds a member
 * @ptr: pointer to the member
 * @type: type of the embedding structure
 * @member: name of the member within @type
 *
 * @ptr must have the member's type (or be void *): anything else is a
 * build error, as a wrong member name would silently compute garbage.
 */
#define container_of(ptr, type, member)					\
	({								\
		void *__co_mptr = (void *)(ptr);			\
		static_assert(__same_type(*(ptr), ((type *)0)->member) || \
			      __same_type(*(ptr), void),		\
			      "pointer type mismatch in container_of()"); \
		((type *)(__co_mptr - offsetof(type, member)));		\
	})

/* Same, keeping the const qualifier of @ptr. */
#define container_of_const(ptr, type, member)				\
	_Generic(ptr,							\
		 const typeof(*(ptr)) *: ((const type *)		\
					  container_of(ptr, type, member)), \
		 default: ((type *)container_of(ptr, type, member)))

#endif /* _LINUX_CONTAINER_OF_H */
