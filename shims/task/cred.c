// SPDX-License-Identifier: GPL-2.0-only
/*
 * Credentials and capabilities: capable() reads the effective set of the
 * current task's credentials (a simulated process's are given when it is
 * created; kernel threads and the idle task have init_cred's, every
 * capability) and marks the task as having used a privilege.
 */
#include <linux/bug.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/printk.h>
#include <linux/sched.h>

struct cred init_cred = {
	.cap_inheritable = CAP_EMPTY_SET,
	.cap_permitted = CAP_FULL_SET,
	.cap_effective = CAP_FULL_SET,
	.cap_bset = CAP_FULL_SET,
	.cap_ambient = CAP_EMPTY_SET,
};

static bool cred_capable(struct task_struct *t, int cap, bool mark)
{
	if (unlikely(!cap_valid(cap)))
		__sim_bug_printf(SIM_HERE, "capable() called with invalid "
				 "cap=%u", cap);
	if (!cap_raised(t->cred->cap_effective, cap))
		return false;
	if (mark)
		t->flags |= PF_SUPERPRIV;
	return true;
}

bool capable(int cap)
{
	return cred_capable(current, cap, true);
}

bool ns_capable(struct user_namespace *ns, int cap)
{
	return cred_capable(current, cap, true);
}

bool has_capability(struct task_struct *t, int cap)
{
	return cred_capable(t, cap, false);
}
