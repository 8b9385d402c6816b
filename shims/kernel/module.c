// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module references and unloading (kernel/module/main.c).
 *
 * A module is a static object.  The first time the simulation touches one
 * it joins a list of known modules, which are made live again, without
 * references, when every execution begins.  The count carries a bias of
 * MODULE_REF_BASE while the module lives: try_module_get() increments it
 * unless it is zero, unloading removes the bias and, if anything else was
 * left, puts it back and refuses.  So a reference taken while an unload
 * is deciding either makes the unload fail or fails itself.
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>

#include "shims/module.h"
#include "sim/sched.h"

static LIST_HEAD(modules);

/* Live, loaded or not, without references; not a scheduling point. */
static void module_fresh(struct module *mod)
{
	mod->state = MODULE_STATE_LIVE;
	mod->refcnt.counter = MODULE_REF_BASE;
	mod->sim_loaded = false;
}

static void module_know(struct module *mod)
{
	if (mod->sim_known)
		return;
	mod->sim_known = true;
	list_add_tail(&mod->list, &modules);
	module_fresh(mod);
}

void __sim_module_set_init(struct module *mod, int (*fn)(void))
{
	module_know(mod);
	mod->init = fn;
}

void __sim_module_set_exit(struct module *mod, void (*fn)(void))
{
	module_know(mod);
	mod->exit = fn;
}

bool try_module_get(struct module *module)
{
	if (!module)
		return true;
	module_know(module);
	return module_is_live(module) && atomic_inc_not_zero(&module->refcnt);
}

void __module_get(struct module *module)
{
	if (!module)
		return;
	module_know(module);
	atomic_inc(&module->refcnt);
}

void module_put(struct module *module)
{
	if (!module)
		return;
	module_know(module);
	/*
	 * One atomic step, as the kernel's: never below zero.  It tests only
	 * whether the count was positive (sim_note_counter()).
	 */
	WARN(__SIM_AOP(&module->refcnt, "atomic_dec_if_positive",
		       ({ int __c = __sim_atomic_read(&module->refcnt);

			  if (__c > 0)
				  __sim_atomic_fetch_add(&module->refcnt, -1);
			  sim_note_counter(&module->refcnt, __c,
					   __c > 0 ? -1 : 0, 0);
			  __c <= 0; })),
	     "module_put: module %s has no reference to drop",
	     module->name);
}

int module_refcount(struct module *mod)
{
	module_know(mod);
	return atomic_read(&mod->refcnt) - MODULE_REF_BASE;
}

int sim_module_load(struct module *mod)
{
	int ret;

	module_know(mod);
	if (mod->sim_loaded)
		return -EEXIST;
	mod->state = MODULE_STATE_COMING;
	mod->refcnt.counter = MODULE_REF_BASE;
	ret = mod->init ? mod->init() : 0;
	if (ret < 0) {
		/* the kernel frees it: gone, without its bias */
		mod->state = MODULE_STATE_GOING;
		mod->refcnt.counter -= MODULE_REF_BASE;
		return ret;
	}
	if (ret > 0)
		pr_warn("%s: '%ps'->init suspiciously returned %d, it should "
			"follow 0/-E convention\n", mod->name, mod->init, ret);
	mod->state = MODULE_STATE_LIVE;
	mod->sim_loaded = true;
	return 0;
}

/* Drop the bias unless someone holds a reference: 0 when it was dropped. */
static int try_release_module_ref(struct module *mod)
{
	int ret = atomic_sub_return(MODULE_REF_BASE, &mod->refcnt);

	BUG_ON(ret < 0);
	if (ret)
		ret = atomic_add_unless(&mod->refcnt, MODULE_REF_BASE, 0);
	return ret;
}

int sim_module_unload(struct module *mod)
{
	module_know(mod);
	if (!mod->sim_loaded)
		return -ENOENT;
	if (mod->state != MODULE_STATE_LIVE)
		return -EBUSY;
	if (mod->init && !mod->exit)
		return -EBUSY;
	if (try_release_module_ref(mod))
		return -EBUSY;
	mod->state = MODULE_STATE_GOING;
	if (mod->exit)
		mod->exit();
	mod->sim_loaded = false;
	return 0;
}

/* --- per execution ------------------------------------------------------- */

static void modules_begin(void)
{
	struct module *mod;

	list_for_each_entry(mod, &modules, list)
		module_fresh(mod);
}

/*
 * What a set-up did to the known modules (loaded them, took references).
 * The list itself only grows, across executions: it is not kept.
 */
static bool modules_snapshot(void)
{
	struct module *mod;

	list_for_each_entry(mod, &modules, list) {
		SIM_SNAPSHOT_KEEP(mod->state);
		SIM_SNAPSHOT_KEEP(mod->init);
		SIM_SNAPSHOT_KEEP(mod->exit);
		SIM_SNAPSHOT_KEEP(mod->refcnt);
		SIM_SNAPSHOT_KEEP(mod->sim_loaded);
	}
	return true;
}

/* References left at the end of an execution that passed are a leak. */
static void modules_check(void)
{
	struct module *mod;

	if (!(sim_checks & SIM_CHECK_LEAKS))
		return;
	list_for_each_entry(mod, &modules, list) {
		int want = mod->state == MODULE_STATE_GOING ?
			0 : MODULE_REF_BASE;
		int refs = mod->refcnt.counter - want;

		if (refs)
			sim_fail(SIM_FAIL_LEAK, SIM_HERE,
				 "module %s: %d reference%s still held at the "
				 "end of the execution", mod->name, refs,
				 refs == 1 ? "" : "s");
	}
}

static void modules_dump(FILE *out)
{
	struct module *mod;

	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_LIVE && !mod->sim_loaded &&
		    mod->refcnt.counter == MODULE_REF_BASE)
			continue;
		fprintf(out, "module %s: %s%s, %d reference%s\n", mod->name,
			mod->state == MODULE_STATE_LIVE ? "live" :
			mod->state == MODULE_STATE_COMING ? "coming" : "going",
			mod->sim_loaded ? ", loaded" : "",
			mod->refcnt.counter - MODULE_REF_BASE,
			mod->refcnt.counter - MODULE_REF_BASE == 1 ? "" : "s");
	}
}

static struct sim_exec_hook modules_hook = {
	.name = "modules",
	.order = SIM_HOOK_MODULES,
	.begin = modules_begin,
	.snapshot = modules_snapshot,
	.check = modules_check,
	.dump = modules_dump,
};

static void __attribute__((constructor)) modules_register(void)
{
	sim_register_exec_hook(&modules_hook);
}
