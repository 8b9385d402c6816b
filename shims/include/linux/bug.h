/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * WARN_ON() and BUG_ON().
 *
 * In the kernel a WARN prints a report and carries on; here every WARN
 * fails the current execution, with a kernel-shaped report ("cut here",
 * "WARNING: CPU: 0 PID: <tid> at file:line func") and the caller's file
 * and line as the failure's location: a warning that fires is a bug the
 * exploration must not hide.  The failure's title is the WARN's message,
 * or the WARN_ON() call as written ("WARN_ON(!group)").  The _ONCE
 * variants fail the same way (they could only differ after the first
 * one, which ends the execution).  BUG() and a true BUG_ON() fail with
 * "kernel BUG at file:line!".
 *
 * WARN_ON(cond) still has the value of @cond, for "if (WARN_ON(x))".
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/once_lite.h>

#include "sim/sched.h"

/* Fail the execution with a WARNING; @loc->expr names the macro. */
void __sim_warn(const struct sim_loc *loc) __noreturn __cold;
void __sim_warn_printf(const struct sim_loc *loc, const char *fmt, ...)
	__printf(2, 3) __noreturn __cold;
/* Fail the execution with a kernel BUG (with a message first). */
void __sim_bug(const struct sim_loc *loc) __noreturn __cold;
void __sim_bug_printf(const struct sim_loc *loc, const char *fmt, ...)
	__printf(2, 3) __noreturn __cold;
/*
 * For shims: a BUG whose failure is titled @title, with @detail (say, the
 * kernel's message with addresses, which change from run to run and so
 * stay out of the title) printed before it.  Either may be NULL.
 */
void __sim_bug_titled(const struct sim_loc *loc, const char *title,
		      const char *detail) __noreturn __cold;

#define __WARN()	__sim_warn(SIM_AT("__WARN()"))
#define __WARN_printf(taint, fmt, ...)					\
	__sim_warn_printf(SIM_AT("WARN()"), fmt, ##__VA_ARGS__)

/*
 * @text is the macro call as written, "WARN_ON(ptr == NULL)": stringified
 * by the outer macro, before NULL is expanded.
 */
#define __sim_warn_on(text, condition)					\
	({								\
		int __ret_warn_on = !!(condition);			\
									\
		if (unlikely(__ret_warn_on))				\
			__sim_warn(SIM_AT(text));			\
		unlikely(__ret_warn_on);				\
	})

#define __sim_warn_fmt(text, condition, fmt, ...)			\
	({								\
		int __ret_warn_on = !!(condition);			\
									\
		if (unlikely(__ret_warn_on))				\
			__sim_warn_printf(SIM_AT(text), fmt, ##__VA_ARGS__); \
		unlikely(__ret_warn_on);				\
	})

#define WARN_ON(condition)						\
	__sim_warn_on("WARN_ON(" #condition ")", condition)
#define WARN_ON_ONCE(condition)						\
	__sim_warn_on("WARN_ON_ONCE(" #condition ")", condition)
#define WARN(condition, fmt, ...)					\
	__sim_warn_fmt("WARN(" #condition ")", condition, fmt, ##__VA_ARGS__)
#define WARN_ONCE(condition, fmt, ...)					\
	__sim_warn_fmt("WARN_ONCE(" #condition ")", condition, fmt,	\
		       ##__VA_ARGS__)
#define WARN_TAINT(condition, taint, fmt, ...)				\
	__sim_warn_fmt("WARN_TAINT(" #condition ")", condition, fmt,	\
		       ##__VA_ARGS__)
#define WARN_TAINT_ONCE(condition, taint, fmt, ...)			\
	__sim_warn_fmt("WARN_TAINT_ONCE(" #condition ")", condition, fmt, \
		       ##__VA_ARGS__)
#define WARN_ON_SMP(condition)	WARN_ON(condition)

#define BUG()	__sim_bug(SIM_AT("BUG()"))
#define BUG_ON(condition)						\
	do {								\
		if (unlikely(condition))				\
			__sim_bug(SIM_AT("BUG_ON(" #condition ")"));	\
	} while (0)

/*
 * A data structure found corrupted: print the message and BUG, as a kernel
 * built with CONFIG_BUG_ON_DATA_CORRUPTION does.  Has @condition's value.
 */
#define CHECK_DATA_CORRUPTION(condition, fmt, ...)			\
	({								\
		bool __corrupted = !!(condition);			\
									\
		if (unlikely(__corrupted))				\
			__sim_bug_printf(SIM_AT("CHECK_DATA_CORRUPTION(" \
						#condition ")"),	\
					 fmt, ##__VA_ARGS__);		\
		unlikely(__corrupted);					\
	})

#endif /* _LINUX_BUG_H */
