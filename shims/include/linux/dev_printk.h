/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Messages about a device: printk() with the kernel's "<driver, bus or
 * class> <device name>: " prefix ("vfio-dev vfio0: ...", "pci
 * 0000:00:01.0: ..."), or "(NULL device *): " for a NULL device.
 * dev_dbg() prints only in files compiled with DEBUG, as pr_debug();
 * the _ratelimited and _once variants follow <linux/printk.h>.
 */
#ifndef _DEVICE_PRINTK_H_
#define _DEVICE_PRINTK_H_

#include <linux/compiler.h>
#include <linux/kern_levels.h>
#include <linux/once_lite.h>
#include <linux/printk.h>
#include <linux/types.h>

#ifndef dev_fmt
#define dev_fmt(fmt) fmt
#endif

struct device;

__printf(3, 4) __cold
void _dev_printk(const char *level, const struct device *dev,
		 const char *fmt, ...);
__printf(2, 3) __cold
void _dev_emerg(const struct device *dev, const char *fmt, ...);
__printf(2, 3) __cold
void _dev_alert(const struct device *dev, const char *fmt, ...);
__printf(2, 3) __cold
void _dev_crit(const struct device *dev, const char *fmt, ...);
__printf(2, 3) __cold
void _dev_err(const struct device *dev, const char *fmt, ...);
__printf(2, 3) __cold
void _dev_warn(const struct device *dev, const char *fmt, ...);
__printf(2, 3) __cold
void _dev_notice(const struct device *dev, const char *fmt, ...);
__printf(2, 3) __cold
void _dev_info(const struct device *dev, const char *fmt, ...);

/* Prints unless @err is -EPROBE_DEFER; returns @err. */
__printf(3, 4)
int dev_err_probe(const struct device *dev, int err, const char *fmt, ...);

#define dev_printk(level, dev, fmt, ...)				\
	_dev_printk(level, dev, dev_fmt(fmt), ##__VA_ARGS__)

#define dev_emerg(dev, fmt, ...)					\
	_dev_emerg(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)						\
	_dev_crit(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_alert(dev, fmt, ...)					\
	_dev_alert(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)						\
	_dev_err(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)						\
	_dev_warn(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...)					\
	_dev_notice(dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)						\
	_dev_info(dev, dev_fmt(fmt), ##__VA_ARGS__)

/* Checks the format and arguments, prints nothing. */
#define dev_no_printk(level, dev, fmt, ...)				\
	({								\
		if (0)							\
			_dev_printk(level, dev, fmt, ##__VA_ARGS__);	\
	})

#ifdef DEBUG
#define dev_dbg(dev, fmt, ...)						\
	dev_printk(KERN_DEBUG, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_vdbg(dev, fmt, ...)	dev_dbg(dev, fmt, ##__VA_ARGS__)
#else
#define dev_dbg(dev, fmt, ...)						\
	dev_no_printk(KERN_DEBUG, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_vdbg(dev, fmt, ...)						\
	dev_no_printk(KERN_DEBUG, dev, dev_fmt(fmt), ##__VA_ARGS__)
#endif

/* Once per execution and call site (see <linux/once_lite.h>). */
#define dev_level_once(dev_level, dev, fmt, ...)			\
	DO_ONCE_LITE(dev_level, dev, fmt, ##__VA_ARGS__)

#define dev_emerg_once(dev, fmt, ...)					\
	dev_level_once(dev_emerg, dev, fmt, ##__VA_ARGS__)
#define dev_alert_once(dev, fmt, ...)					\
	dev_level_once(dev_alert, dev, fmt, ##__VA_ARGS__)
#define dev_crit_once(dev, fmt, ...)					\
	dev_level_once(dev_crit, dev, fmt, ##__VA_ARGS__)
#define dev_err_once(dev, fmt, ...)					\
	dev_level_once(dev_err, dev, fmt, ##__VA_ARGS__)
#define dev_warn_once(dev, fmt, ...)					\
	dev_level_once(dev_warn, dev, fmt, ##__VA_ARGS__)
#define dev_notice_once(dev, fmt, ...)					\
	dev_level_once(dev_notice, dev, fmt, ##__VA_ARGS__)
#define dev_info_once(dev, fmt, ...)					\
	dev_level_once(dev_info, dev, fmt, ##__VA_ARGS__)
#define dev_dbg_once(dev, fmt, ...)					\
	dev_level_once(dev_dbg, dev, fmt, ##__VA_ARGS__)

/* The first messages of a call site in an execution (<linux/printk.h>). */
#define dev_level_ratelimited(dev_level, dev, fmt, ...)			\
	do {								\
		static unsigned long __drl_epoch;			\
		static int __drl_count;					\
									\
		if (__sim_printk_ratelimit(&__drl_epoch, &__drl_count))	\
			dev_level(dev, fmt, ##__VA_ARGS__);		\
	} while (0)

#define dev_emerg_ratelimited(dev, fmt, ...)				\
	dev_level_ratelimited(dev_emerg, dev, fmt, ##__VA_ARGS__)
#define dev_alert_ratelimited(dev, fmt, ...)				\
	dev_level_ratelimited(dev_alert, dev, fmt, ##__VA_ARGS__)
#define dev_crit_ratelimited(dev, fmt, ...)				\
	dev_level_ratelimited(dev_crit, dev, fmt, ##__VA_ARGS__)
#define dev_err_ratelimited(dev, fmt, ...)				\
	dev_level_ratelimited(dev_err, dev, fmt, ##__VA_ARGS__)
#define dev_warn_ratelimited(dev, fmt, ...)				\
	dev_level_ratelimited(dev_warn, dev, fmt, ##__VA_ARGS__)
#define dev_notice_ratelimited(dev, fmt, ...)				\
	dev_level_ratelimited(dev_notice, dev, fmt, ##__VA_ARGS__)
#define dev_info_ratelimited(dev, fmt, ...)				\
	dev_level_ratelimited(dev_info, dev, fmt, ##__VA_ARGS__)
#define dev_dbg_ratelimited(dev, fmt, ...)				\
	dev_level_ratelimited(dev_dbg, dev, fmt, ##__VA_ARGS__)

/* A WARN (which fails the execution) with the device prefix. */
#define dev_WARN(dev, format, ...)					\
	WARN(1, "%s %s: " format, dev_driver_string(dev), dev_name(dev), \
	     ##__VA_ARGS__)
#define dev_WARN_ONCE(dev, condition, format, ...)			\
	WARN_ONCE(condition, "%s %s: " format, dev_driver_string(dev),	\
		  dev_name(dev), ##__VA_ARGS__)

#endif /* _DEVICE_PRINTK_H_ */
