/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scope-based cleanup: a CLASS() variable runs its class's destructor
 * when it goes out of scope (the compiler's cleanup attribute), whatever
 * path leaves the scope.  Only what the vfio cores use: DEFINE_CLASS()
 * and CLASS() (7.x's CLASS(fd, f)(fd), <linux/file.h>).
 */
#ifndef _LINUX_CLEANUP_H
#define _LINUX_CLEANUP_H

#include <linux/compiler.h>

/*
 * DEFINE_CLASS(name, type, exit, init, init_args...): a class of
 * variables of @type built by @init from @init_args and undone by @exit,
 * which names the variable _T.
 */
#define DEFINE_CLASS(_name, _type, _exit, _init, _init_args...)		\
	typedef _type class_##_name##_t;					\
	static inline void class_##_name##_destructor(_type *__sim_p)	\
	{									\
		_type _T = *__sim_p;						\
		_exit;								\
	}									\
	static inline _type class_##_name##_constructor(_init_args)	\
	{									\
		_type __sim_t = _init;						\
		return __sim_t;						\
	}

/* CLASS(name, var)(args): a variable of class @name built from args. */
#define CLASS(_name, var)							\
	class_##_name##_t var						\
	__attribute__((cleanup(class_##_name##_destructor))) =		\
		class_##_name##_constructor

#endif /* _LINUX_CLEANUP_H */
