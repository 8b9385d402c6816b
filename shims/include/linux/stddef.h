/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NULL, offsetof, bool and true/false, and the struct layout helpers.
 *
 * The kernel declares false and true as enumerators; userspace headers
 * (and the engine's) use <stdbool.h>, whose macros would turn such an enum
 * into "enum { 0, 1 }".  So the C library's definitions are used, which
 * mean the same thing.
 */
#ifndef _LINUX_STDDEF_H
#include <linux/compiler_types.h>
/* The uapi part (__struct_group, __DECLARE_FLEX_ARRAY); sets the guard. */
#include_next <linux/stddef.h>
#ifndef _LINUX_STDDEF_H
#define _LINUX_STDDEF_H
#endif

#include <stdbool.h>
#include <stddef.h>

/* Size of a member of a struct type, without an object. */
#define sizeof_field(TYPE, MEMBER)	sizeof((((TYPE *)0)->MEMBER))

/* Offset of the first byte after @MEMBER. */
#define offsetofend(TYPE, MEMBER)					\
	(offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))

/*
 * Group members so that they can be addressed both one by one and as a
 * named struct (for memset and memcpy of the group).
 */
#define struct_group(NAME, MEMBERS...)					\
	__struct_group(/* no tag */, NAME, /* no attrs */, MEMBERS)
#define struct_group_attr(NAME, ATTRS, MEMBERS...)			\
	__struct_group(/* no tag */, NAME, ATTRS, MEMBERS)
#define struct_group_tagged(TAG, NAME, MEMBERS...)			\
	__struct_group(TAG, NAME, /* no attrs */, MEMBERS)

#define DECLARE_FLEX_ARRAY(TYPE, NAME)	__DECLARE_FLEX_ARRAY(TYPE, NAME)

#endif /* _LINUX_STDDEF_H */
