/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * STUB: runtime power management.  The simulation is a kernel built
 * without CONFIG_PM (shims/kconfig-vfio.h), and these are that kernel's
 * answers: resuming succeeds at once and takes no usage count, idling
 * and putting report -ENOSYS, which callers (vfio_device_fops_release()
 * through pm_runtime_put()) ignore.  Nothing WARNs because this is
 * exactly what such a kernel does; a scenario about power states would
 * need the real thing.
 */
#ifndef _LINUX_PM_RUNTIME_H
#define _LINUX_PM_RUNTIME_H

#include <linux/device.h>
#include <linux/errno.h>
#include <linux/types.h>

/* Flags of the __pm_runtime_*() calls, as in the kernel. */
#define RPM_ASYNC		0x01
#define RPM_NOWAIT		0x02
#define RPM_GET_PUT		0x04
#define RPM_AUTO		0x08

static inline int __pm_runtime_idle(struct device *dev, int rpmflags)
{
	return -ENOSYS;
}

static inline int __pm_runtime_suspend(struct device *dev, int rpmflags)
{
	return -ENOSYS;
}

static inline int __pm_runtime_resume(struct device *dev, int rpmflags)
{
	return 1;
}

static inline void pm_runtime_get_noresume(struct device *dev) {}
static inline void pm_runtime_put_noidle(struct device *dev) {}

static inline int pm_runtime_get_sync(struct device *dev)
{
	return __pm_runtime_resume(dev, RPM_GET_PUT);
}

static inline int pm_runtime_resume_and_get(struct device *dev)
{
	int ret;

	ret = __pm_runtime_resume(dev, RPM_GET_PUT);
	if (ret < 0) {
		pm_runtime_put_noidle(dev);
		return ret;
	}

	return 0;
}

static inline int pm_runtime_put(struct device *dev)
{
	return __pm_runtime_idle(dev, RPM_GET_PUT | RPM_ASYNC);
}

static inline int pm_runtime_put_sync(struct device *dev)
{
	return __pm_runtime_idle(dev, RPM_GET_PUT);
}

#endif /* _LINUX_PM_RUNTIME_H */
