/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk() and the pr_*() family.  Messages go to the kernel log of the
 * current execution (see <shims/printk.h>), one line per message, each
 * prefixed with the simulated thread that printed it ("[T1] ...", as the
 * kernel's caller id), not to stdout.  The log is printed with the report
 * of a failing execution.  The format is the kernel's: %pe, %pV, %ph and
 * the other %p extensions work.
 */
#ifndef __KERNEL_PRINTK__
#define __KERNEL_PRINTK__

#include <linux/compiler.h>
#include <linux/kern_levels.h>
#include <linux/once_lite.h>
#include <linux/stdarg.h>
#include <linux/types.h>

/* For %pV: a format and its arguments, printed in place. */
struct va_format {
	const char *fmt;
	va_list *va;
};

/* The level character of @buffer's KERN_SOH header, or 0. */
static inline int printk_get_level(const char *buffer)
{
	if (buffer[0] == KERN_SOH_ASCII && buffer[1]) {
		switch (buffer[1]) {
		case '0' ... '7':
		case 'c':	/* KERN_CONT */
			return buffer[1];
		}
	}
	return 0;
}

static inline const char *printk_skip_level(const char *buffer)
{
	if (printk_get_level(buffer))
		return buffer + 2;
	return buffer;
}

static inline const char *printk_skip_headers(const char *buffer)
{
	while (printk_get_level(buffer))
		buffer = printk_skip_level(buffer);
	return buffer;
}

int vprintk(const char *fmt, va_list args) __printf(1, 0);
int printk(const char *fmt, ...) __printf(1, 2) __cold;
#define _printk			printk
#define printk_deferred		printk
#define vprintk_deferred	vprintk

/* Where the kernel would print a backtrace: the thread and a note. */
void dump_stack(void);
void dump_stack_lvl(const char *log_lvl);

/* Time does not pass while code runs here: never limited. */
static inline int printk_ratelimit(void)
{
	return 1;
}

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* Checks the format and arguments, prints nothing. */
#define no_printk(fmt, ...)						\
	({								\
		if (0)							\
			printk(fmt, ##__VA_ARGS__);			\
		0;							\
	})

#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)						\
	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)

/* Debug messages only exist in files compiled with DEBUG defined. */
#ifdef DEBUG
#define pr_devel(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_devel(fmt, ...)						\
	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)						\
	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* Once per execution (see <linux/once_lite.h>). */
#define printk_once(fmt, ...)	DO_ONCE_LITE(printk, fmt, ##__VA_ARGS__)
#define printk_deferred_once(fmt, ...)	printk_once(fmt, ##__VA_ARGS__)

#define pr_emerg_once(fmt, ...)						\
	printk_once(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_once(fmt, ...)						\
	printk_once(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_once(fmt, ...)						\
	printk_once(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_once(fmt, ...)						\
	printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...)						\
	printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_once(fmt, ...)					\
	printk_once(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...)						\
	printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont_once(fmt, ...)						\
	printk_once(KERN_CONT pr_fmt(fmt), ##__VA_ARGS__)
#ifdef DEBUG
#define pr_devel_once(fmt, ...)						\
	printk_once(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug_once(fmt, ...)						\
	printk_once(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_devel_once(fmt, ...)						\
	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug_once(fmt, ...)						\
	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/*
 * Rate limiting.  The kernel allows a burst of 10 messages per call site
 * every 5 seconds; simulated time does not pass, so each call site prints
 * its first 10 messages of an execution and drops the rest.
 */
#define __SIM_PRINTK_BURST	10

static inline bool __sim_printk_ratelimit(unsigned long *epoch, int *count)
{
	if (!__sim_once_fired(*epoch))
		*count = 0;
	*epoch = __sim_once_epoch;
	if (*count >= __SIM_PRINTK_BURST)
		return false;
	(*count)++;
	return true;
}

#define printk_ratelimited(fmt, ...)					\
	({								\
		static unsigned long __prl_epoch;			\
		static int __prl_count;					\
									\
		if (__sim_printk_ratelimit(&__prl_epoch, &__prl_count))	\
			printk(fmt, ##__VA_ARGS__);			\
	})

#define pr_emerg_ratelimited(fmt, ...)					\
	printk_ratelimited(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_ratelimited(fmt, ...)					\
	printk_ratelimited(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_ratelimited(fmt, ...)					\
	printk_ratelimited(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...)					\
	printk_ratelimited(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...)					\
	printk_ratelimited(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_ratelimited(fmt, ...)					\
	printk_ratelimited(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...)					\
	printk_ratelimited(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#ifdef DEBUG
#define pr_devel_ratelimited(fmt, ...)					\
	printk_ratelimited(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug_ratelimited(fmt, ...)					\
	printk_ratelimited(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_devel_ratelimited(fmt, ...)					\
	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug_ratelimited(fmt, ...)					\
	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

#endif /* __KERNEL_PRINTK__ */
