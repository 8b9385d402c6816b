/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated userspace's own state, shared by the files of sim/world:
 * processes (credentials, memory, descriptor table, mappings) and tasks.
 */
#ifndef _SIM_WORLD_INTERNAL_H
#define _SIM_WORLD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/cred.h>
#include <linux/mm_types.h>
#include <linux/sched.h>

#include "sim/world.h"

#define SIM_MAX_VMAS		16
/* Where sim_sys_mmap() places mappings (no memory behind them). */
#define SIM_MMAP_BASE		0x0000040000000000UL
#define SIM_PROC_NAME_MAX	32

_Static_assert(SIM_MAX_FDS <= 64, "the descriptor bitmaps are 64 bits");

/*
 * A descriptor table.  open_fds marks descriptors in use (reserved by
 * get_unused_fd_flags() or holding a file); users counts the live threads
 * sharing the table (the kernel's files->count), which decides whether
 * fdget() must take a reference.
 */
struct sim_fdtable {
	struct file *fd[SIM_MAX_FDS];
	uint64_t open_fds;
	uint64_t close_on_exec;
	int users;
	/* for reports, which come after the files are freed */
	char name[SIM_MAX_FDS][32];
};

struct sim_proc {
	char name[SIM_PROC_NAME_MAX];
	pid_t pid;
	bool dead;			/* exited: no more system calls */
	struct cred cred;
	struct mm_struct mm;
	struct sim_fdtable files;
	struct vm_area_struct *vmas[SIM_MAX_VMAS];
	int nr_vmas;
	unsigned long mmap_next;
	struct task_struct *leader;
	int nr_threads;
	size_t brk;			/* sim_user_alloc() */
	size_t dirty;			/* bytes [0, dirty) may be non-zero */
	unsigned char mem[SIM_USER_MEM];
};

/* proc.c */
struct sim_proc *world_proc(int i);
int world_nr_procs(void);
/*
 * The way back to userspace: a scheduling point when task work is
 * pending, then the work (deferred fputs).
 */
void world_exit_to_user(const struct sim_loc *loc);
/*
 * The task exits (exit_task_work()): its pending work runs, then no more
 * can be added; it no longer shares its process's descriptor table.
 */
void world_task_exit(struct task_struct *task);

/* fdtable.c */
/* Take @fd out of @files; its file (the table's reference) or NULL. */
struct file *world_file_close_fd(struct sim_fdtable *files, unsigned int fd);

/* syscalls.c */
/* Process exit: mappings unmapped, every descriptor closed. */
void world_proc_exit_files(struct sim_proc *p);

/* uaccess.c */
void world_mem_reset(struct sim_proc *p);

#endif /* _SIM_WORLD_INTERNAL_H */
