/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated userspace: processes with credentials, fd tables and
 * memory, and the system calls a scenario makes.  Simulated threads belong
 * to processes (sim_world_attach()); a system call runs in the calling
 * thread, through the VFS shim, into the target's file_operations, exactly
 * as the kernel would run it on behalf of that task.
 *
 * Everything here is reset by the world's per-execution hook: processes,
 * fds and their memory are gone at the end of every execution (files still
 * open are closed first, as process exit would, so that release paths run
 * and leaks are still caught).
 */
#ifndef _WORLD_WORLD_H
#define _WORLD_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/fdtable.h>	/* SIM_MAX_FDS */

#include "shims/task.h"		/* sim_task_work_run() */
#include "shims/user.h"		/* SIM_USER_*, sim_user_read/write() */

#define SIM_MAX_PROCS		8

/* Capabilities a scenario can give a process (bit numbers as the kernel). */
#define SIM_CAP_SYS_ADMIN	21
#define SIM_CAP_SYS_RAWIO	17

struct sim_proc;
struct file;

/* Create a process; @caps is a mask of 1ull << CAP_*.  NULL when full. */
struct sim_proc *sim_proc_create(const char *name, uint64_t caps);
struct sim_proc *sim_proc_find(const char *name);
const char *sim_proc_name(const struct sim_proc *p);
int sim_proc_pid(const struct sim_proc *p);
/* Run simulated thread @tid as a thread of @p (before it starts). */
void sim_world_attach(int tid, struct sim_proc *p);
/* The process of the calling simulated thread (NULL outside). */
struct sim_proc *sim_proc_current(void);

/*
 * System calls, for the calling thread's process.  They return what the
 * system call returns: a non-negative result or -errno.
 */
int sim_sys_open(const char *path, int flags);
int sim_sys_close(int fd);
int sim_sys_dup(int fd);
long sim_sys_ioctl(int fd, unsigned int cmd, unsigned long arg);
long sim_sys_read(int fd, unsigned long ubuf, size_t len);
long sim_sys_write(int fd, unsigned long ubuf, size_t len);
long sim_sys_mmap(int fd, size_t len, int prot, unsigned long pgoff);
/* Read a sysfs attribute or list a sysfs directory into @buf. */
long sim_sys_read_path(const char *path, char *buf, size_t len);
long sim_sys_list_path(const char *path, char *buf, size_t len);
long sim_sys_readlink(const char *path, char *buf, size_t len);
/* fstat's st_rdev of @fd, as "major:minor". */
int sim_sys_fstat_rdev(int fd, unsigned int *major, unsigned int *minor);
/* The process exits: every fd is closed (and task work runs). */
void sim_sys_exit(void);
/*
 * capset(2) dropping @caps (a mask of 1ull << CAP_*) from the effective
 * and permitted sets of the process's credentials, which its threads
 * share here; 0.
 */
int sim_sys_dropcaps(uint64_t caps);

/*
 * Simulated user memory of the calling process (shims/user.h).  Scenario
 * code allocates argument buffers here and passes their user address to
 * ioctl; the kernel side reaches them only through copy_from_user() and
 * friends, which fail with -EFAULT outside a process's mapped range.
 * 0 when the caller has no process or the memory is used up.
 */
unsigned long sim_user_alloc(size_t len);

/*
 * Deferred final fput: a file's last reference dropped by fput() in a
 * task of a process is released when that task returns to userspace
 * (task_work): at the end of the system call that dropped it (an ioctl
 * that held the file while another thread closed it releases it on its
 * way out), at process exit, or when the thread ends.  close() itself
 * drops the descriptor's reference with __fput_sync(), as 6.12 does, so
 * a close() that drops the last reference releases the file before it
 * returns.  The system calls above run the task's pending work on the
 * way out; sim_task_work_run() (shims/task.h) runs it explicitly (for
 * scenario code that calls kernel functions directly).
 */

/*
 * Every process still alive exits now, as at the end of an execution:
 * mappings unmapped, descriptors closed, releases run.  For a teardown
 * that must unregister devices after their files are gone.  Call it
 * outside simulated threads.
 */
void sim_world_exit_all(void);

#endif /* _WORLD_WORLD_H */
