/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Credentials: only the capability sets.  A process's credentials live as
 * long as the process (the whole execution), so the reference helpers do
 * nothing.
 */
#ifndef _LINUX_CRED_H
#define _LINUX_CRED_H

#include <linux/capability.h>
#include <linux/sched.h>

struct cred {
	kernel_cap_t cap_inheritable;
	kernel_cap_t cap_permitted;
	kernel_cap_t cap_effective;
	kernel_cap_t cap_bset;
	kernel_cap_t cap_ambient;
};

/* Every capability: kernel threads and the idle task. */
extern struct cred init_cred;

#define current_cred()		(current->cred)
#define current_real_cred()	(current->real_cred)
#define get_current_cred()	(current->cred)

static inline const struct cred *get_cred(const struct cred *cred)
{
	return cred;
}

static inline void put_cred(const struct cred *cred)
{
}

#endif /* _LINUX_CRED_H */
