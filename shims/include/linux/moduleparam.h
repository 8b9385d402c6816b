/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Module parameters.  No command line reaches a simulated module: a
 * parameter keeps the value its variable is initialised with (a target
 * that wants another sets the variable).  The macros compile to nothing
 * but a check that the variable exists.
 */
#ifndef _LINUX_MODULE_PARAMS_H
#define _LINUX_MODULE_PARAMS_H

#include <linux/compiler.h>
#include <linux/stringify.h>
#include <linux/types.h>

/* A declaration, so that the semicolon after the macro is not stray. */
#define __SIM_MODINFO_NOP	extern int __sim_modinfo_unused

#define MODULE_PARM_DESC(_parm, desc)	__SIM_MODINFO_NOP

#define module_param_named(name, value, type, perm)			\
	static const void *const __sim_param_##name __maybe_unused = &(value)
#define module_param(name, type, perm)					\
	module_param_named(name, name, type, perm)
#define module_param_unsafe(name, type, perm)				\
	module_param_named(name, name, type, perm)
#define module_param_named_unsafe(name, value, type, perm)		\
	module_param_named(name, value, type, perm)
#define module_param_array(name, type, nump, perm)			\
	module_param_named(name, name, type, perm)
#define module_param_cb(name, ops, arg, perm)				\
	static const void *const __sim_param_##name __maybe_unused = (arg)

#endif /* _LINUX_MODULE_PARAMS_H */
