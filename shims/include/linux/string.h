/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * String and memory functions.  The standard ones (strcmp, strlen, memcpy,
 * memset ...) are the C library's; the kernel's own are declared here and
 * implemented in shims/lib/string.c.  kstrdup() and the other allocating
 * helpers are in <linux/slab.h>.
 */
#ifndef _LINUX_STRING_H_
#define _LINUX_STRING_H_

#include <linux/array_size.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include <string.h>
#include <strings.h>

/*
 * Copy the string @src into @dst of @count bytes, always NUL-terminated
 * (when @count > 0).  Returns the length copied, or -E2BIG when @src did
 * not fit (@dst then holds as much of it as fits).
 */
ssize_t sized_strscpy(char *dst, const char *src, size_t count);
/* Same, and the rest of @dst is zero-filled. */
ssize_t sized_strscpy_pad(char *dst, const char *src, size_t count);

/*
 * strscpy(dst, src, count), or strscpy(dst, src) when @dst is an array,
 * whose size is then the count.
 */
#define __strscpy_arr(dst, src)						\
	sized_strscpy(dst, src, sizeof(dst) + __must_be_array(dst))
#define __strscpy_pad_arr(dst, src)					\
	sized_strscpy_pad(dst, src, sizeof(dst) + __must_be_array(dst))
#define __strscpy_pick(_1, _2, _3, name, ...)	name
#define strscpy(...)							\
	__strscpy_pick(__VA_ARGS__, sized_strscpy, __strscpy_arr, )	\
		(__VA_ARGS__)
#define strscpy_pad(...)						\
	__strscpy_pick(__VA_ARGS__, sized_strscpy_pad, __strscpy_pad_arr, ) \
		(__VA_ARGS__)

/*
 * Whether @a and @b are equal, a single trailing newline on either being
 * ignored: for comparing what userspace wrote to a sysfs file.
 */
bool sysfs_streq(const char *a, const char *b);

/*
 * Index of @string in @array of @n strings (a NULL entry ends the array
 * early), or -EINVAL.  The sysfs variant compares with sysfs_streq().
 */
int match_string(const char * const *array, size_t n, const char *string);
int __sysfs_match_string(const char * const *array, size_t n,
			 const char *s);
#define sysfs_match_string(_a, _s)					\
	__sysfs_match_string(_a, ARRAY_SIZE(_a), _s)

/* The first byte of @start that is not @c, or NULL. */
void *memchr_inv(const void *start, int c, size_t bytes);

/* Leading whitespace skipped, or both ends trimmed (in place). */
char *skip_spaces(const char *str);
char *strim(char *s);
static inline __must_check char *strstrip(char *str)
{
	return strim(str);
}

/* Replace every @old by @new in @str; returns the terminating NUL. */
char *strreplace(char *str, char old, char new);

/* @c in the first @count bytes of @s, or NULL. */
char *strnchr(const char *s, size_t count, int c);
/* @s2 in the first @len bytes of @s1, or NULL. */
char *strnstr(const char *s1, const char *s2, size_t len);

/* A memset() the compiler may not drop (for secrets). */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	barrier_data(s);
}

/* strlen(@prefix) when @str starts with it, else 0. */
static __always_inline size_t str_has_prefix(const char *str,
					     const char *prefix)
{
	size_t len = strlen(prefix);

	return strncmp(str, prefix, len) == 0 ? len : 0;
}

#endif /* _LINUX_STRING_H_ */
