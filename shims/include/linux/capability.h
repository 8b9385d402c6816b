/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Capabilities.  The CAP_* numbers come from the system's uapi header,
 * which this one wraps (it also sets the include guard).  capable() reads
 * the effective set of the current task's credentials: a simulated
 * process has the capabilities it was created with; kernel threads and code
 * outside simulated threads run with every capability, as init_cred does.
 */
#ifndef _LINUX_CAPABILITY_H
#include_next <linux/capability.h>
#ifndef _LINUX_CAPABILITY_H
#define _LINUX_CAPABILITY_H
#endif

#include <linux/types.h>

typedef struct {
	u64 val;
} kernel_cap_t;

#define CAP_VALID_MASK		((1ULL << (CAP_LAST_CAP + 1)) - 1)
#define CAP_FULL_SET		((kernel_cap_t){ CAP_VALID_MASK })
#define CAP_EMPTY_SET		((kernel_cap_t){ 0 })

#define cap_raised(c, flag)	(((c).val & (1ULL << (flag))) != 0)
#define cap_raise(c, flag)	((c).val |= (1ULL << (flag)))
#define cap_lower(c, flag)	((c).val &= ~(1ULL << (flag)))

struct task_struct;
struct user_namespace;

/*
 * Whether the current task has @cap in effect (and then it is marked as
 * having used a privilege).  An invalid @cap is a kernel BUG.
 */
bool capable(int cap);
bool ns_capable(struct user_namespace *ns, int cap);
bool has_capability(struct task_struct *t, int cap);

#endif /* _LINUX_CAPABILITY_H */
