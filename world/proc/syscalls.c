// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system calls of the simulated userspace, as a process issues them.
 * Each one is a scheduling point when it enters the kernel (so that the
 * explorer interleaves system calls), runs the kernel half
 * (shims/syscalls.h) in the calling thread as that thread's task, and
 * ends with the way back to userspace: pending task work (deferred fputs)
 * runs there, in the calling task.  The trace notes each call's argument
 * and result.
 */
#include <string.h>

#include <linux/sched.h>

#include "internal.h"
#include "shims/devices.h"
#include "shims/syscalls.h"
#include "shims/task.h"

/*
 * Entering the kernel: who calls, and the scheduling point @what; the
 * trace notes the argument as "@note = @arg".
 */
static struct sim_proc *sys_enter(const char *what, const char *note,
				  long arg, const struct sim_loc *loc)
{
	struct sim_proc *p = sim_proc_current();

	if (!p)
		sim_fail(SIM_FAIL_ASSERT, loc, "%s: %s is not a thread of a "
			 "simulated process (sim_world_attach())", what,
			 sim_current ? sim_thread_name(sim_current_tid()) :
			 "code outside simulated threads");
	if (p->dead)
		sim_fail(SIM_FAIL_ASSERT, loc, "%s: process %s (pid %d) has "
			 "exited", what, p->name, p->pid);
	sim_point(SIM_OP_USER, p, what, loc);
	if (note)
		sim_trace_note(note, NULL, arg, loc);
	return p;
}

/* Back to userspace with @ret, noted as "@note = @ret". */
static long sys_exit(long ret, const char *note, const struct sim_loc *loc)
{
	sim_exit_to_user(loc);
	sim_trace_note(note, NULL, ret, loc);
	return ret;
}

int sim_sys_open(const char *path, int flags)
{
	const struct sim_loc *loc = SIM_HERE;

	sys_enter("sys_open", "sys_open flags", flags, loc);
	return sys_exit(sim_ksys_open(path, flags), "sys_open returns", loc);
}

int sim_sys_close(int fd)
{
	const struct sim_loc *loc = SIM_HERE;

	sys_enter("sys_close", "sys_close fd", fd, loc);
	return sys_exit(sim_ksys_close(fd), "sys_close returns", loc);
}

int sim_sys_dup(int fd)
{
	const struct sim_loc *loc = SIM_HERE;

	sys_enter("sys_dup", "sys_dup fd", fd, loc);
	return sys_exit(sim_ksys_dup(fd), "sys_dup returns", loc);
}

long sim_sys_ioctl(int fd, unsigned int cmd, unsigned long arg)
{
	const struct sim_loc *loc = SIM_HERE;

	sys_enter("sys_ioctl", "sys_ioctl fd", fd, loc);
	return sys_exit(sim_ksys_ioctl(fd, cmd, arg), "sys_ioctl returns",
			loc);
}

long sim_sys_read(int fd, unsigned long ubuf, size_t len)
{
	const struct sim_loc *loc = SIM_HERE;

	sys_enter("sys_read", "sys_read fd", fd, loc);
	return sys_exit(sim_ksys_read(fd, ubuf, len), "sys_read returns",
			loc);
}

long sim_sys_write(int fd, unsigned long ubuf, size_t len)
{
	const struct sim_loc *loc = SIM_HERE;

	sys_enter("sys_write", "sys_write fd", fd, loc);
	return sys_exit(sim_ksys_write(fd, ubuf, len), "sys_write returns",
			loc);
}

int sim_sys_fstat_rdev(int fd, unsigned int *major, unsigned int *minor)
{
	const struct sim_loc *loc = SIM_HERE;

	sys_enter("sys_fstat", "sys_fstat fd", fd, loc);
	return sys_exit(sim_ksys_fstat_rdev(fd, major, minor),
			"sys_fstat returns", loc);
}

long sim_sys_mmap(int fd, size_t len, int prot, unsigned long pgoff)
{
	const struct sim_loc *loc = SIM_HERE;

	sys_enter("sys_mmap", "sys_mmap fd", fd, loc);
	return sys_exit(sim_ksys_mmap(fd, len, prot, pgoff),
			"sys_mmap returns", loc);
}

/* --- sysfs --------------------------------------------------------------- */

/* A sysfs read, listing or readlink as one system call. */
static long sysfs_call(const char *name, const char *returns,
		       long (*op)(const char *, char *, size_t),
		       const char *path, char *buf, size_t len,
		       const struct sim_loc *loc)
{
	sys_enter(name, NULL, 0, loc);
	return sys_exit(op(path, buf, len), returns, loc);
}

long sim_sys_read_path(const char *path, char *buf, size_t len)
{
	return sysfs_call("sys_read_path", "sys_read_path returns",
			  sim_sysfs_read, path, buf, len, SIM_HERE);
}

long sim_sys_list_path(const char *path, char *buf, size_t len)
{
	return sysfs_call("sys_list_path", "sys_list_path returns",
			  sim_sysfs_list, path, buf, len, SIM_HERE);
}

long sim_sys_readlink(const char *path, char *buf, size_t len)
{
	return sysfs_call("sys_readlink", "sys_readlink returns",
			  sim_sysfs_readlink, path, buf, len, SIM_HERE);
}

/* --- credentials --------------------------------------------------------- */

int sim_sys_dropcaps(uint64_t caps)
{
	const struct sim_loc *loc = SIM_HERE;
	struct sim_proc *p = sys_enter("sys_capset", "sys_capset drop",
				       (long)caps, loc);

	p->cred.cap_effective.val &= ~caps;
	p->cred.cap_permitted.val &= ~caps;
	return sys_exit(0, "sys_capset returns", loc);
}

/* --- exit ---------------------------------------------------------------- */

void sim_sys_exit(void)
{
	const struct sim_loc *loc = SIM_HERE;
	struct sim_proc *p = sys_enter("sys_exit", NULL, 0, loc);

	world_proc_exit_files(p);
	/* exit_task_work(): the deferred fputs run in the exiting task */
	sim_point(SIM_OP_USER, p, "exit_task_work", loc);
	sim_task_exit(current);
}
