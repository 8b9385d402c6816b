// SPDX-License-Identifier: GPL-2.0-only
/* The kernel's string helpers that the C library does not have. */
#include <ctype.h>
#include <string.h>

#include <linux/errno.h>
#include <linux/string.h>

ssize_t sized_strscpy(char *dst, const char *src, size_t count)
{
	size_t len;

	if (count == 0)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dst, src, count - 1);
		dst[count - 1] = 0;
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}

ssize_t sized_strscpy_pad(char *dst, const char *src, size_t count)
{
	ssize_t ret = sized_strscpy(dst, src, count);

	if (ret >= 0 && (size_t)ret + 1 < count)
		memset(dst + ret + 1, 0, count - ret - 1);
	return ret;
}

bool sysfs_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	if (*a == *b)
		return true;
	/* one may end in a newline the other does not have */
	if (!*a && b[0] == '\n' && !b[1])
		return true;
	return !*b && a[0] == '\n' && !a[1];
}

static int find_string(const char * const *array, size_t n, const char *s,
		       bool sysfs)
{
	for (size_t i = 0; i < n; i++) {
		if (!array[i])
			break;
		if (sysfs ? sysfs_streq(array[i], s) : !strcmp(array[i], s))
			return i;
	}
	return -EINVAL;
}

int match_string(const char * const *array, size_t n, const char *string)
{
	return find_string(array, n, string, false);
}

int __sysfs_match_string(const char * const *array, size_t n, const char *s)
{
	return find_string(array, n, s, true);
}

void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;

	for (size_t i = 0; i < bytes; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

char *skip_spaces(const char *str)
{
	while (isspace((unsigned char)*str))
		str++;
	return (char *)str;
}

char *strim(char *s)
{
	size_t len = strlen(s);

	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	s[len] = 0;
	return skip_spaces(s);
}

char *strreplace(char *str, char old, char new)
{
	for (; *str; str++)
		if (*str == old)
			*str = new;
	return str;
}

char *strnchr(const char *s, size_t count, int c)
{
	for (; count-- && *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return NULL;
}

char *strnstr(const char *s1, const char *s2, size_t len)
{
	size_t l2 = strlen(s2);

	if (!l2)
		return (char *)s1;
	while (len >= l2) {
		if (!strncmp(s1, s2, l2))
			return (char *)s1;
		if (!*s1)
			break;
		len--;
		s1++;
	}
	return NULL;
}
