// SPDX-License-Identifier: GPL-2.0-only
/*
 * User memory: SIM_USER_MEM bytes of every address space at
 * SIM_USER_BASE (shims/user.h), reached by kernel code only through the
 * uaccess functions, by the simulated userspace and the targets through
 * sim_user_read/write().  Memory is zero when a process is created: only
 * the bytes written since the address space was last cleared are cleared
 * again, so a reset costs what was used.
 */
#include <string.h>

#include <linux/lockdep.h>
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "shims/syscalls.h"
#include "shims/user.h"
#include "sim/race.h"

#define USER_END	(SIM_USER_BASE + SIM_USER_MEM)

void sim_mm_init(struct mm_struct *mm, unsigned char *mem)
{
	memset(mm, 0, sizeof(*mm));
	mm->task_size = SIM_USER_BASE + SIM_USER_MEM;
	mm->sim_mmap_next = SIM_MMAP_BASE;
	mm->sim_mem = mem;
}

void sim_mm_clear(struct mm_struct *mm)
{
	if (mm->sim_mem)
		memset(mm->sim_mem, 0, mm->sim_dirty);
	mm->sim_dirty = 0;
}

void sim_exit_mm(struct mm_struct *mm)
{
	mm->sim_dead = true;
}

/* The address space whose memory the current task sees; NULL: none. */
static struct mm_struct *user_mm(void)
{
	struct mm_struct *mm = current->mm;

	return mm && !mm->sim_dead ? mm : NULL;
}

/* How many of the @n bytes at @uaddr are mapped, from the first on. */
static unsigned long mapped(unsigned long uaddr, unsigned long n)
{
	if (uaddr < SIM_USER_BASE || uaddr >= USER_END)
		return 0;
	return n < USER_END - uaddr ? n : USER_END - uaddr;
}

static void *user_ptr(struct mm_struct *mm, unsigned long uaddr)
{
	return mm->sim_mem + (uaddr - SIM_USER_BASE);
}

/* How many of the @n mapped bytes at @uaddr the kernel may write. */
static unsigned long writable(const struct mm_struct *mm,
			      unsigned long uaddr, unsigned long n)
{
	size_t off = uaddr - SIM_USER_BASE;

	for (unsigned int i = 0; i < mm->sim_nr_ro; i++) {
		size_t start = mm->sim_ro[i].start, end = mm->sim_ro[i].end;

		if (off >= end || off + n <= start)
			continue;
		n = off >= start ? 0 : start - off;
	}
	return n;
}

static void mark_dirty(struct mm_struct *mm, unsigned long uaddr,
		       unsigned long n)
{
	size_t end = uaddr - SIM_USER_BASE + n;

	if (end > mm->sim_dirty)
		mm->sim_dirty = end;
}

/* Bytes of [uaddr, uaddr + n) the current task can access. */
static unsigned long user_span(struct mm_struct **mmp,
			       const void __user *ptr, unsigned long n,
			       const struct sim_loc *loc)
{
	unsigned long uaddr = (unsigned long)ptr;

	__might_sleep_at(loc);
	*mmp = user_mm();
	if (!*mmp || !access_ok(ptr, n))
		return 0;
	return mapped(uaddr, n);
}

unsigned long __sim_copy_from_user(void *to, const void __user *from,
				   unsigned long n, bool zero_rest,
				   const struct sim_loc *loc)
{
	struct mm_struct *mm;
	unsigned long ok;

	if (!n)
		return 0;
	/* the destination is kernel memory: a plain write by the caller */
	sim_race_access(to, n, true, loc);
	ok = user_span(&mm, from, n, loc);
	if (ok)
		memcpy(to, user_ptr(mm, (unsigned long)from), ok);
	if (ok < n && zero_rest)
		memset((char *)to + ok, 0, n - ok);
	return n - ok;
}

unsigned long __sim_copy_to_user(void __user *to, const void *from,
				 unsigned long n, const struct sim_loc *loc)
{
	struct mm_struct *mm;
	unsigned long ok;

	if (!n)
		return 0;
	sim_race_access(from, n, false, loc);
	ok = user_span(&mm, to, n, loc);
	if (ok)
		ok = writable(mm, (unsigned long)to, ok);
	if (ok) {
		memcpy(user_ptr(mm, (unsigned long)to), from, ok);
		mark_dirty(mm, (unsigned long)to, ok);
	}
	return n - ok;
}

unsigned long __sim_clear_user(void __user *to, unsigned long n,
			       const struct sim_loc *loc)
{
	struct mm_struct *mm;
	unsigned long ok;

	if (!n)
		return 0;
	ok = user_span(&mm, to, n, loc);
	if (ok)
		ok = writable(mm, (unsigned long)to, ok);
	if (ok)
		memset(user_ptr(mm, (unsigned long)to), 0, ok);
	return n - ok;
}

long strnlen_user(const char __user *str, long count)
{
	unsigned long uaddr = (unsigned long)str;
	struct mm_struct *mm = user_mm();
	unsigned long max, ok;
	const char *s;

	if (count <= 0 || !mm || uaddr >= SIM_TASK_SIZE)
		return 0;
	max = SIM_TASK_SIZE - uaddr;
	if (max > (unsigned long)count)
		max = count;
	ok = mapped(uaddr, max);
	s = ok ? user_ptr(mm, uaddr) : NULL;
	for (unsigned long i = 0; i < ok; i++)
		if (!s[i])
			return i + 1;
	/* no NUL in @count readable bytes: too long; else it faulted */
	return ok == (unsigned long)count ? count + 1 : 0;
}

int check_zeroed_user(const void __user *from, size_t size)
{
	const char __user *p = from;
	unsigned char chunk[64];

	while (size) {
		size_t n = size < sizeof(chunk) ? size : sizeof(chunk);

		if (__sim_copy_from_user(chunk, p, n, false, SIM_HERE))
			return -EFAULT;
		for (size_t i = 0; i < n; i++)
			if (chunk[i])
				return 0;
		p += n;
		size -= n;
	}
	return 1;
}

void *__sim_memdup_user(const void __user *src, size_t len,
			const struct sim_loc *loc)
{
	void *p = __sim_kmalloc(len, GFP_USER | __GFP_NOWARN, loc);

	if (!p)
		return ERR_PTR(-ENOMEM);
	if (__sim_copy_from_user(p, src, len, true, loc)) {
		__sim_kfree(p, loc);
		return ERR_PTR(-EFAULT);
	}
	return p;
}

void *__sim_memdup_user_nul(const void __user *src, size_t len,
			    const struct sim_loc *loc)
{
	char *p = __sim_kmalloc(len + 1, GFP_KERNEL, loc);

	if (!p)
		return ERR_PTR(-ENOMEM);
	if (__sim_copy_from_user(p, src, len, true, loc)) {
		__sim_kfree(p, loc);
		return ERR_PTR(-EFAULT);
	}
	p[len] = 0;
	return p;
}

char *__sim_strndup_user(const char __user *s, long n,
			 const struct sim_loc *loc)
{
	long length = strnlen_user(s, n);
	char *p;

	if (!length)
		return ERR_PTR(-EFAULT);
	if (length > n)
		return ERR_PTR(-EINVAL);
	p = __sim_memdup_user(s, length, loc);
	if (IS_ERR(p))
		return p;
	p[length - 1] = 0;
	return p;
}

/* --- the simulation's side ----------------------------------------------- */

int sim_user_write(unsigned long uaddr, const void *src, size_t len)
{
	struct mm_struct *mm = user_mm();

	if (!len)
		return 0;
	if (!mm || mapped(uaddr, len) != len)
		return -EFAULT;
	memcpy(user_ptr(mm, uaddr), src, len);
	mark_dirty(mm, uaddr, len);
	return 0;
}

int sim_user_protect(unsigned long uaddr, size_t len)
{
	struct mm_struct *mm = user_mm();
	size_t off = uaddr - SIM_USER_BASE;

	if (!mm || !len || mapped(uaddr, len) != len)
		return -EFAULT;
	if (mm->sim_nr_ro == SIM_MAX_RO)
		return -ENOMEM;
	mm->sim_ro[mm->sim_nr_ro].start = off;
	mm->sim_ro[mm->sim_nr_ro].end = off + len;
	mm->sim_nr_ro++;
	return 0;
}

int sim_user_read(unsigned long uaddr, void *dst, size_t len)
{
	struct mm_struct *mm = user_mm();

	if (!len)
		return 0;
	if (!mm || mapped(uaddr, len) != len)
		return -EFAULT;
	memcpy(dst, user_ptr(mm, uaddr), len);
	return 0;
}
