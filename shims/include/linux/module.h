/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Modules.  Each target defines its own struct module __this_module (a
 * default one, named "sim", is in the shim library for code that does
 * not); THIS_MODULE is its address, as in a module build.  module_init()
 * and module_exit() record the functions in that module, for the
 * simulation to call: sim_module_load() and sim_module_unload() in
 * <shims/module.h>.
 *
 * References follow the kernel: the count is kept with a bias of one
 * while the module lives; try_module_get() fails once the module is going
 * away (or while an unload is removing the bias); module_put() of a
 * module without references WARNs; a NULL module (built-in code) always
 * gives a reference.  At the start of every execution each module is live
 * again, without references; references still held at the end of an
 * execution that passed fail it as a leak.
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/stringify.h>
#include <linux/types.h>

#define MODULE_NAME_LEN		56

enum module_state {
	MODULE_STATE_LIVE,	/* normal state */
	MODULE_STATE_COMING,	/* running its init */
	MODULE_STATE_GOING,	/* going away (or gone) */
	MODULE_STATE_UNFORMED,
};

struct module {
	enum module_state state;
	struct list_head list;
	char name[MODULE_NAME_LEN];

	int (*init)(void);
	void (*exit)(void);

	atomic_t refcnt;

	/* simulation: known to the per-execution reset; loaded */
	bool sim_known;
	bool sim_loaded;
};

extern struct module __this_module;
#define THIS_MODULE	(&__this_module)

/* The bias a live module's count carries. */
#define MODULE_REF_BASE	1

bool try_module_get(struct module *module);
void __module_get(struct module *module);
void module_put(struct module *module);
/* References held, or -1 while the module is being removed. */
int module_refcount(struct module *mod);

static inline bool module_is_live(struct module *mod)
{
	return mod->state != MODULE_STATE_GOING;
}

static inline const char *module_name(const struct module *mod)
{
	return mod ? mod->name : "kernel";
}

void __sim_module_set_init(struct module *mod, int (*fn)(void));
void __sim_module_set_exit(struct module *mod, void (*fn)(void));

#define module_init(initfn)						\
	static void __attribute__((constructor))			\
	__sim_module_init_##initfn(void)				\
	{								\
		__sim_module_set_init(THIS_MODULE, initfn);		\
	}
#define module_exit(exitfn)						\
	static void __attribute__((constructor))			\
	__sim_module_exit_##exitfn(void)				\
	{								\
		__sim_module_set_exit(THIS_MODULE, exitfn);		\
	}

/* Module information: nothing reads it here. */
#define MODULE_INFO(tag, info)		__SIM_MODINFO_NOP
#define MODULE_LICENSE(license)		__SIM_MODINFO_NOP
#define MODULE_AUTHOR(author)		__SIM_MODINFO_NOP
#define MODULE_DESCRIPTION(desc)	__SIM_MODINFO_NOP
#define MODULE_ALIAS(alias)		__SIM_MODINFO_NOP
#define MODULE_SOFTDEP(dep)		__SIM_MODINFO_NOP
#define MODULE_WEAKDEP(dep)		__SIM_MODINFO_NOP
#define MODULE_VERSION(version)		__SIM_MODINFO_NOP
#define MODULE_IMPORT_NS(ns)		__SIM_MODINFO_NOP
#define MODULE_FIRMWARE(fw)		__SIM_MODINFO_NOP
#define MODULE_DEVICE_TABLE(type, name)	__SIM_MODINFO_NOP

/*
 * A symbol of another module: its address when it is linked into the
 * program, NULL when not (a weak reference).  Nothing to put.
 */
#define symbol_get(x)							\
	({								\
		extern typeof(x) x __attribute__((weak));		\
		&(x);							\
	})
#define symbol_put(x)		do { } while (0)
#define symbol_put_addr(p)	do { } while (0)

#endif /* _LINUX_MODULE_H */
