/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Module parameters, as a registry the simulation can set them through.
 *
 * module_param_named(name, var, type, perm) (and module_param(), the
 * _unsafe variants, module_param_cb()) emit one constant entry
 * {THIS_MODULE, "name", &var, type} into the section sim_modparams
 * (a C-identifier name: the linker bounds it with __start_sim_modparams
 * and __stop_sim_modparams), so the entries of every module compiled
 * into the program can be listed, and a target finds its own by
 * THIS_MODULE.  Types: bool, invbool, int, uint, long, ulong, short,
 * ushort, byte, charp (and callbacks, module_param_cb()).
 *
 * No command line reaches a simulated module: the simulation sets a
 * parameter with sim_param_set() before the module's init, as the kernel
 * parses "module.name=value" (shims/kernel/moduleparam.c).  The variables
 * are the module's globals, restored before every execution, so whoever
 * sets them does so in every execution.  A charp parameter is set to
 * point at the caller's string, which must outlive the execution (the
 * kernel would copy it; nothing here frees it).
 */
#ifndef _LINUX_MODULE_PARAMS_H
#define _LINUX_MODULE_PARAMS_H

#include <linux/compiler.h>
#include <linux/stringify.h>
#include <linux/types.h>

struct module;
struct kernel_param;

/* A declaration, so that the semicolon after the macro is not stray. */
#define __SIM_MODINFO_NOP	extern int __sim_modinfo_unused

#define MODULE_PARM_DESC(_parm, desc)	__SIM_MODINFO_NOP

struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};

struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	u16 perm;
	s8 level;
	u8 flags;
	union {
		void *arg;
	};
};

/* The kernel's setters and getters of the standard types. */
int param_set_bool(const char *val, const struct kernel_param *kp);
int param_get_bool(char *buffer, const struct kernel_param *kp);
int param_set_int(const char *val, const struct kernel_param *kp);
int param_get_int(char *buffer, const struct kernel_param *kp);
int param_set_uint(const char *val, const struct kernel_param *kp);
int param_get_uint(char *buffer, const struct kernel_param *kp);
int param_set_charp(const char *val, const struct kernel_param *kp);
int param_get_charp(char *buffer, const struct kernel_param *kp);

enum sim_param_type {
	SIM_PARAM_bool,
	SIM_PARAM_invbool,
	SIM_PARAM_int,
	SIM_PARAM_uint,
	SIM_PARAM_long,
	SIM_PARAM_ulong,
	SIM_PARAM_short,
	SIM_PARAM_ushort,
	SIM_PARAM_byte,
	SIM_PARAM_charp,
	SIM_PARAM_cb,		/* module_param_cb(): through its ops */
};

/* The C type of each parameter type, checked against the variable. */
typedef bool __sim_param_ctype_bool;
typedef bool __sim_param_ctype_invbool;
typedef int __sim_param_ctype_int;
typedef unsigned int __sim_param_ctype_uint;
typedef long __sim_param_ctype_long;
typedef unsigned long __sim_param_ctype_ulong;
typedef short __sim_param_ctype_short;
typedef unsigned short __sim_param_ctype_ushort;
typedef unsigned char __sim_param_ctype_byte;
typedef char *__sim_param_ctype_charp;

struct sim_modparam {
	struct module *mod;
	const char *name;
	void *var;			/* the variable, or the cb's arg */
	enum sim_param_type type;
	const struct kernel_param_ops *ops;	/* SIM_PARAM_cb only */
	bool unsafe;			/* setting it taints, as the kernel */
};

/*
 * The outermost macros paste and stringify their arguments themselves:
 * passed on, "bool" would already be stdbool's _Bool.
 */
#define __SIM_PARAM_ENTRY(_id, _name, _ptr, _type, _ops, _unsafe)	\
	static const struct sim_modparam __sim_param_##_id		\
	__attribute__((used, section("sim_modparams"),			\
		       aligned(__alignof__(struct sim_modparam)))) = {	\
		.mod = THIS_MODULE,					\
		.name = _name,						\
		.var = (void *)(_ptr),					\
		.type = _type,						\
		.ops = _ops,						\
		.unsafe = _unsafe,					\
	}

#define __SIM_PARAM_CHECK(_value, _ctype, _msg)			\
	_Static_assert(__builtin_types_compatible_p(__typeof__(_value),	\
						    _ctype), _msg)

#define module_param_named(name, value, type, perm)			\
	__SIM_PARAM_ENTRY(name, #name, &(value), SIM_PARAM_##type, NULL,	\
			  false);					\
	__SIM_PARAM_CHECK(value, __sim_param_ctype_##type,		\
			  "module parameter " #name " is not a " #type)
#define module_param_named_unsafe(name, value, type, perm)		\
	__SIM_PARAM_ENTRY(name, #name, &(value), SIM_PARAM_##type, NULL,	\
			  true);					\
	__SIM_PARAM_CHECK(value, __sim_param_ctype_##type,		\
			  "module parameter " #name " is not a " #type)
#define module_param(name, type, perm)					\
	__SIM_PARAM_ENTRY(name, #name, &(name), SIM_PARAM_##type, NULL,	\
			  false);					\
	__SIM_PARAM_CHECK(name, __sim_param_ctype_##type,		\
			  "module parameter " #name " is not a " #type)
#define module_param_unsafe(name, type, perm)				\
	__SIM_PARAM_ENTRY(name, #name, &(name), SIM_PARAM_##type, NULL,	\
			  true);					\
	__SIM_PARAM_CHECK(name, __sim_param_ctype_##type,		\
			  "module parameter " #name " is not a " #type)
#define module_param_cb(name, ops, arg, perm)				\
	__SIM_PARAM_ENTRY(name, #name, arg, SIM_PARAM_cb, ops, false)
#define module_param_cb_unsafe(name, ops, arg, perm)			\
	__SIM_PARAM_ENTRY(name, #name, arg, SIM_PARAM_cb, ops, true)
/* Arrays are not registered (no simulated module has one). */
#define module_param_array(name, type, nump, perm)			\
	static const void *const __sim_param_##name __maybe_unused = &(name)

/* --- the simulation's side (kernel code never calls these) --------------- */

/*
 * The parameter @name of @mod (NULL if it has none).  sim_param_next()
 * iterates @mod's parameters (all modules' with @mod NULL), from
 * @prev == NULL, in link order.
 */
const struct sim_modparam *sim_param_find(const struct module *mod,
					  const char *name);
const struct sim_modparam *sim_param_next(const struct module *mod,
					  const struct sim_modparam *prev);
/* "bool", "int", ... */
const char *sim_param_type_name(enum sim_param_type type);
/*
 * Whether @val is a valid value for @p, as the kernel's parser decides
 * ("1", "y", "N", "on" ... for bool; base-0 integers in range; any
 * string for charp; a NULL @val means "name" alone: bool true).  Callback
 * parameters accept anything here (their set() decides at set time).
 */
int sim_param_check(const struct sim_modparam *p, const char *val);
/*
 * Set @p from @val: 0, or -EINVAL (bad value) leaving the variable
 * unchanged.  A charp is pointed at @val itself.
 */
int sim_param_set(const struct sim_modparam *p, const char *val);

#endif /* _LINUX_MODULE_PARAMS_H */
