/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Annotations the kernel's static checker (sparse) reads, and the type
 * helpers the other compiler headers are built on.  Without sparse the
 * address-space and lock-context annotations expand to nothing.
 */
#ifndef __LINUX_COMPILER_TYPES_H
#define __LINUX_COMPILER_TYPES_H

#include <linux/compiler_attributes.h>
#include <linux/kconfig.h>

/* Address spaces and checker-only qualifiers. */
#define __user
#define __kernel
#define __iomem
#define __percpu
#define __rcu
#define __force
#define __nocast
#define __safe
#define __private
#define __chk_user_ptr(x)	((void)0)
#define __chk_io_ptr(x)		((void)0)
#define ACCESS_PRIVATE(p, member)	((p)->member)
#ifndef __bitwise
#define __bitwise
#endif

/* Lock context annotations. */
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __acquire(x)		((void)0)
#define __release(x)		((void)0)
#define __cond_lock(x, c)	(c)

/* Code generation hints that have no meaning in userspace. */
#define notrace		__attribute__((__no_instrument_function__))
#define noinline_for_stack	noinline
#define __latent_entropy
#define __randomize_layout
#define __no_randomize_layout
#define randomized_struct_fields_start
#define randomized_struct_fields_end
#define __read_mostly
#define __ro_after_init
#define __noinstr_section(section)
#define noinstr			noinline notrace

/* Token pasting that expands its arguments first. */
#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)
#define __UNIQUE_ID(prefix)						\
	__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

/* Whether two expressions have compatible types. */
#define __same_type(a, b)						\
	__builtin_types_compatible_p(typeof(a), typeof(b))

/* Types a single load or store can access. */
#define __native_word(t)						\
	(sizeof(t) == sizeof(char) || sizeof(t) == sizeof(short) ||	\
	 sizeof(t) == sizeof(int) || sizeof(t) == sizeof(long))

/*
 * The type of @x without const or volatile, for scalars (other types keep
 * their qualifiers).  _Generic converts its controlling expression to an
 * rvalue, which drops the qualifiers; each association then names an
 * object of the plain type.
 */
#define __sim_unqual_int(type)						\
	signed type: (signed type)0, unsigned type: (unsigned type)0
#define __unqual_scalar_typeof(x)					\
	typeof(_Generic((x),						\
			char: (char)0,					\
			__sim_unqual_int(char),				\
			__sim_unqual_int(short),			\
			__sim_unqual_int(int),				\
			__sim_unqual_int(long),				\
			__sim_unqual_int(long long),			\
			_Bool: (_Bool)0,				\
			default: (x)))

/*
 * Compile-time assertions.  The kernel also accepts conditions that only
 * the optimiser can prove; this simulation builds at -O0, so conditions
 * must be integer constant expressions.
 */
#define __compiletime_error(msg)	__attribute__((__error__(msg)))
#define compiletime_assert(condition, msg)				\
	do {								\
		_Static_assert(condition, msg);				\
	} while (0)
#define compiletime_assert_atomic_type(t)				\
	compiletime_assert(__native_word(t),				\
		"Need native word sized stores/loads for atomicity.")

/*
 * An int that is 0 when @e is false, and a compile error (a bit-field of
 * negative width) when @e is a true constant.
 */
#define __SIM_ZERO_OR_BUILD_ERROR(e)					\
	((int)(sizeof(struct { int:(-!!(e)); })))

#endif /* __LINUX_COMPILER_TYPES_H */
