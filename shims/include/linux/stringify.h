/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __LINUX_STRINGIFY_H
#define __LINUX_STRINGIFY_H

/*
 * __stringify(x) makes a string literal of @x after macro expansion
 * (plain #x would quote the macro's name instead of its value).
 */
#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)

#define FILE_LINE	__FILE__ ":" __stringify(__LINE__)

#endif /* __LINUX_STRINGIFY_H */
