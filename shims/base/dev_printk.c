// SPDX-License-Identifier: GPL-2.0-only
/*
 * Messages about a device (dev_err() and the rest, <linux/dev_printk.h>):
 * printk() with "<driver, bus or class> <device name>: " in front.
 */
#include <linux/dev_printk.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>

static void dev_vprintk(const char *level, const struct device *dev,
			const char *fmt, va_list args)
{
	struct va_format vaf;
	va_list copy;

	va_copy(copy, args);
	vaf.fmt = fmt;
	vaf.va = &copy;
	if (dev)
		printk("%s%s %s: %pV", level, dev_driver_string(dev),
		       dev_name(dev), &vaf);
	else
		printk("%s(NULL device *): %pV", level, &vaf);
	va_end(copy);
}

void _dev_printk(const char *level, const struct device *dev,
		 const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	dev_vprintk(level, dev, fmt, args);
	va_end(args);
}

#define DEFINE_DEV_LEVEL(func, level)					\
void func(const struct device *dev, const char *fmt, ...)		\
{									\
	va_list args;							\
									\
	va_start(args, fmt);						\
	dev_vprintk(level, dev, fmt, args);				\
	va_end(args);							\
}

DEFINE_DEV_LEVEL(_dev_emerg, KERN_EMERG)
DEFINE_DEV_LEVEL(_dev_alert, KERN_ALERT)
DEFINE_DEV_LEVEL(_dev_crit, KERN_CRIT)
DEFINE_DEV_LEVEL(_dev_err, KERN_ERR)
DEFINE_DEV_LEVEL(_dev_warn, KERN_WARNING)
DEFINE_DEV_LEVEL(_dev_notice, KERN_NOTICE)
DEFINE_DEV_LEVEL(_dev_info, KERN_INFO)

int dev_err_probe(const struct device *dev, int err, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	if (err != -EPROBE_DEFER) {
		struct va_format vaf = { .fmt = fmt, .va = &args };

		_dev_err(dev, "error %pe: %pV", ERR_PTR(err), &vaf);
	}
	va_end(args);
	return err;
}
