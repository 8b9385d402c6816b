/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel configuration the linux target compiles a tree's vfio core
 * files with: the one place where it is chosen (docs/linux-target.md says
 * why each option is on or off).  A kernel build gets these from the
 * generated autoconf.h, which every file sees first; the linux target
 * force-includes this header (-include shims/kconfig-vfio.h) in the same
 * way.  An option is on when defined to 1; an option left undefined is off.
 */
#ifndef _SHIMS_KCONFIG_VFIO_H
#define _SHIMS_KCONFIG_VFIO_H

/* The group and container uAPI (/dev/vfio/vfio, /dev/vfio/$GROUP). */
#define CONFIG_VFIO_GROUP		1
/* The legacy container backend, vfio_iommu_driver ops (container.c). */
#define CONFIG_VFIO_CONTAINER		1
/* The device cdev (/dev/vfio/devices/vfioX, device_cdev.c). */
#define CONFIG_VFIO_DEVICE_CDEV		1
/* Binding through iommufd (iommufd.c), against the mock iommufd. */
#define CONFIG_IOMMUFD			1
/* Groups without an IOMMU (enable_unsafe_noiommu_mode). */
#define CONFIG_VFIO_NOIOMMU		1
/* vfio_file_set_kvm() and the kvm reference of an open device. */
#define CONFIG_KVM			1
/*
 * No-IOMMU devices through iommufd and the device cdev (7.x): off as in
 * the kernel's default; a target variant turns it on (CMake passes
 * SIM_CONFIG_IOMMUFD_NOIOMMU, KERNEL_SRC_EXTRA "7.3+IOMMUFD_NOIOMMU").
 */
#ifdef SIM_CONFIG_IOMMUFD_NOIOMMU
#define CONFIG_IOMMUFD_NOIOMMU		1
#endif

/*
 * Off: CONFIG_DEBUG_FS and CONFIG_VFIO_DEBUGFS (debugfs is not
 * simulated; no open/release path depends on it), CONFIG_VFIO_VIRQFD
 * (virqfd.c is not compiled), CONFIG_SPAPR_TCE_IOMMU (a POWER backend),
 * CONFIG_COMPAT (no 32-bit callers), CONFIG_PM (runtime PM is not
 * simulated).
 */

#endif /* _SHIMS_KCONFIG_VFIO_H */
