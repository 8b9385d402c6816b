/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compile-time checks.  Conditions must be integer constant expressions
 * (the kernel also accepts ones only its optimiser can prove; see
 * compiletime_assert() in <linux/compiler_types.h>).
 */
#ifndef _LINUX_BUILD_BUG_H
#define _LINUX_BUILD_BUG_H

#include <linux/compiler.h>

/* 0 when @e is false, a build error when it is true; an int expression. */
#define BUILD_BUG_ON_ZERO(e)	__SIM_ZERO_OR_BUILD_ERROR(e)

/* Refuse to build when @cond is true, printing @msg. */
#define BUILD_BUG_ON_MSG(cond, msg)	compiletime_assert(!(cond), msg)
#define BUILD_BUG_ON(condition)						\
	BUILD_BUG_ON_MSG(condition, "BUILD_BUG_ON failed: " #condition)
#define BUILD_BUG_ON_NOT_POWER_OF_2(n)					\
	BUILD_BUG_ON((n) == 0 || (((n) & ((n) - 1)) != 0))
/* Type-check @e without evaluating it. */
#define BUILD_BUG_ON_INVALID(e)	((void)(sizeof((__force long)(e))))
#define BUILD_BUG()	BUILD_BUG_ON_MSG(1, "BUILD_BUG failed")

/*
 * static_assert(expr) or static_assert(expr, "message").  glibc's
 * <assert.h> defines it as plain _Static_assert, which also works for
 * both forms in this compiler mode.
 */
#undef static_assert
#define static_assert(expr, ...)					\
	__sim_static_assert(expr, ##__VA_ARGS__, #expr)
#define __sim_static_assert(expr, msg, ...)	_Static_assert(expr, msg)

#endif /* _LINUX_BUILD_BUG_H */
