/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TYPECHECK_H_INCLUDED
#define TYPECHECK_H_INCLUDED

/*
 * typecheck - 1, with a "comparison of distinct pointer types" warning
 * when @x does not have type @type.
 */
#define typecheck(type, x)						\
	({								\
		type __tc_want;						\
		typeof(x) __tc_got;					\
		(void)(&__tc_want == &__tc_got);			\
		1;							\
	})

/* Same for a function pointer @function of type @type. */
#define typecheck_fn(type, function)					\
	({								\
		typeof(type) __tc_fn = function;			\
		(void)__tc_fn;						\
	})

/* A build error unless @x is a pointer; evaluates to 1. */
#define typecheck_pointer(x)						\
	({								\
		typeof(x) __tc_ptr;					\
		(void)sizeof(*__tc_ptr);				\
		1;							\
	})

#endif /* TYPECHECK_H_INCLUDED */
