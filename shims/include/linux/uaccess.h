/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Accessing user memory: the user memory of the current task's address
 * space (shims/user.h), SIM_USER_MEM bytes mapped at SIM_USER_BASE.
 *
 * As in the kernel, copy_from_user() and copy_to_user() return the number
 * of bytes NOT copied (a copy stops at the first unmapped byte; a short
 * copy_from_user() zero-fills the rest of the destination); get_user(),
 * put_user() return 0 or -EFAULT (get_user() then stores 0);
 * strndup_user() returns ERR_PTR(-EFAULT) for an unreadable string,
 * ERR_PTR(-EINVAL) for one longer than @n, ERR_PTR(-ENOMEM).  A kernel
 * pointer (any address the host gives an object) never passes access_ok();
 * an address below SIM_TASK_SIZE passes it but faults unless mapped.  A
 * kernel thread, or code outside any simulated thread, has no user memory:
 * every access faults.
 *
 * The copies may sleep (a page fault), so calling them with a spinlock held
 * is reported; they are not scheduling points.
 */
#ifndef __LINUX_UACCESS_H__
#define __LINUX_UACCESS_H__

#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/types.h>

#include "sim/sched.h"

/* Where the user half of the simulated address space ends. */
#define SIM_TASK_SIZE		0x0000100000000000UL
#ifndef TASK_SIZE_MAX
#define TASK_SIZE_MAX		SIM_TASK_SIZE
#endif

static inline bool __access_ok(const void __user *ptr, unsigned long size)
{
	unsigned long addr = (unsigned long)ptr;

	return size <= SIM_TASK_SIZE && addr <= SIM_TASK_SIZE - size;
}
#define access_ok(addr, size)						\
	likely(__access_ok((const void __user *)(addr), (size)))

unsigned long __sim_copy_from_user(void *to, const void __user *from,
				   unsigned long n, bool zero_rest,
				   const struct sim_loc *loc);
unsigned long __sim_copy_to_user(void __user *to, const void *from,
				 unsigned long n, const struct sim_loc *loc);
unsigned long __sim_clear_user(void __user *to, unsigned long n,
			       const struct sim_loc *loc);

#define copy_from_user(to, from, n)					\
	__sim_copy_from_user((to), (from), (n), true, SIM_AT(#from))
#define copy_to_user(to, from, n)					\
	__sim_copy_to_user((to), (from), (n), SIM_AT(#to))
/* The unchecked forms: the same, except no zero-fill on a short copy. */
#define __copy_from_user(to, from, n)					\
	__sim_copy_from_user((to), (from), (n), false, SIM_AT(#from))
#define __copy_to_user(to, from, n)	copy_to_user(to, from, n)
#define clear_user(to, n)		__sim_clear_user((to), (n), SIM_AT(#to))
#define __clear_user(to, n)		clear_user(to, n)

#define get_user(x, ptr)						\
	({								\
		__unqual_scalar_typeof(*(ptr)) __gu_val;		\
		int __gu_err = 0;					\
									\
		if (__sim_copy_from_user(&__gu_val, (ptr),		\
					 sizeof(*(ptr)), true,		\
					 SIM_AT(#ptr))) {		\
			__builtin_memset(&__gu_val, 0, sizeof(__gu_val)); \
			__gu_err = -EFAULT;				\
		}							\
		(x) = (__force __typeof__(*(ptr)))__gu_val;		\
		__gu_err;						\
	})

#define put_user(x, ptr)						\
	({								\
		__typeof__(*(ptr)) __pu_val = (x);			\
									\
		__sim_copy_to_user((ptr), &__pu_val, sizeof(*(ptr)),	\
				   SIM_AT(#ptr)) ? -EFAULT : 0;		\
	})

#define __get_user(x, ptr)	get_user(x, ptr)
#define __put_user(x, ptr)	put_user(x, ptr)

/*
 * Length of a user string including its NUL: 0 when it faults first,
 * more than @count when no NUL comes within @count bytes.
 */
long strnlen_user(const char __user *str, long count);

char *__sim_strndup_user(const char __user *s, long n,
			 const struct sim_loc *loc);
void *__sim_memdup_user(const void __user *src, size_t len,
			const struct sim_loc *loc);
void *__sim_memdup_user_nul(const void __user *src, size_t len,
			    const struct sim_loc *loc);
/* Allocations are accounted to the caller, as kmalloc_track_caller(). */
#define strndup_user(s, n)	__sim_strndup_user((s), (n), SIM_HERE)
#define memdup_user(src, len)	__sim_memdup_user((src), (len), SIM_HERE)
#define vmemdup_user(src, len)	__sim_memdup_user((src), (len), SIM_HERE)
#define memdup_user_nul(src, len)					\
	__sim_memdup_user_nul((src), (len), SIM_HERE)

/*
 * Whether the @size user bytes at @from are all zero: 1 yes, 0 no,
 * -EFAULT when one cannot be read.
 */
int check_zeroed_user(const void __user *from, size_t size);

/*
 * A structure whose size userspace gives (@usize) copied into one the
 * kernel knows (@ksize bytes): a shorter one is zero-extended; a longer
 * one is accepted only when the bytes beyond @ksize are zero (else
 * -E2BIG), and those are checked before anything is copied.  0, -E2BIG or
 * -EFAULT.
 */
static inline int __must_check copy_struct_from_user(void *dst, size_t ksize,
						     const void __user *src,
						     size_t usize)
{
	size_t common = ksize < usize ? ksize : usize;
	int ret;

	if (usize < ksize) {
		__builtin_memset((char *)dst + common, 0, ksize - common);
	} else if (usize > ksize) {
		ret = check_zeroed_user((const char __user *)src + common,
					usize - common);
		if (ret <= 0)
			return ret ? ret : -E2BIG;
	}
	if (copy_from_user(dst, src, common))
		return -EFAULT;
	return 0;
}

#endif /* __LINUX_UACCESS_H__ */
