/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading and unloading simulated modules, as insmod and rmmod would.
 * Modules are static struct module objects (a target's __this_module);
 * they are live from the start of each execution, not loaded.
 */
#ifndef _SHIMS_MODULE_H
#define _SHIMS_MODULE_H

#include <linux/module.h>

/*
 * Run @mod's init function (module_init()); the module is then loaded.
 * Returns what init returned (the module is gone after a failure), or
 * -EEXIST if it is already loaded.
 */
int sim_module_load(struct module *mod);

/*
 * Unload @mod, as delete_module(2): -ENOENT if it is not loaded, -EBUSY
 * if it is not live, has an init function but no exit function, or while
 * references are held (the kernel's system call says -EWOULDBLOCK for
 * the last case; rmmod reports "in use").  Otherwise the module goes
 * away (try_module_get() fails from now on) and its exit function runs.
 */
int sim_module_unload(struct module *mod);

#endif /* _SHIMS_MODULE_H */
