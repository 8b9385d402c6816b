/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User memory: SIM_USER_MEM bytes at SIM_USER_BASE in every simulated
 * process's address space, reached by kernel code only through the
 * uaccess functions (<linux/uaccess.h>), by the simulated userspace and
 * the targets' argument marshalling through sim_user_read/write() below.
 * Both work on the current task's mm; a kernel thread has none (every
 * access faults).
 */
#ifndef _SHIMS_USER_H
#define _SHIMS_USER_H

#include <stddef.h>

struct mm_struct;

#define SIM_USER_MEM		(64 * 1024)	/* bytes of memory a process */
#define SIM_USER_BASE		0x10000000ul	/* its user address */
/* Where mmap places mappings (no memory behind them). */
#define SIM_MMAP_BASE		0x0000040000000000UL

/*
 * A new address space over @mem (SIM_USER_MEM bytes, all zero): no
 * mappings yet.  sim_mm_clear() makes the memory zero again at the cost of
 * what was written (call it before the memory is reused).
 */
void sim_mm_init(struct mm_struct *mm, unsigned char *mem);
void sim_mm_clear(struct mm_struct *mm);

/*
 * Copy between the current task's user memory and the host: 0, or
 * -EFAULT when any byte is outside the user memory or there is none.
 */
int sim_user_write(unsigned long uaddr, const void *src, size_t len);
int sim_user_read(unsigned long uaddr, void *dst, size_t len);

/*
 * Map @len bytes at @uaddr of the current task's user memory read-only,
 * as an mprotect(PROT_READ) of pages the process has filled: the kernel
 * reads them (copy_from_user()), its writes there fault (copy_to_user(),
 * put_user(), clear_user() return what they could not copy).  The
 * simulated userspace still writes them with sim_user_write().  0, or
 * -EFAULT (not user memory), -ENOMEM (SIM_MAX_RO ranges already).
 */
int sim_user_protect(unsigned long uaddr, size_t len);

#endif /* _SHIMS_USER_H */
