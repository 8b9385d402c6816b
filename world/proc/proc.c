// SPDX-License-Identifier: GPL-2.0-only
/*
 * Processes of the simulated userspace: created by a scenario (or a test)
 * with a name and capabilities, each with the kernel objects a process
 * has (credentials, address space and user memory, descriptor table) and
 * its threads made user tasks of it (sim_world_attach()).  The world's
 * per-execution hook resets them.
 *
 * When an execution ends without failure, every process still alive exits
 * as process exit would (mappings unmapped, descriptors closed, releases
 * run) before the other hooks' end checks, so that the leak check sees
 * what a real exit leaves behind.
 */
#include <stdio.h>
#include <string.h>

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/sched.h>

#include "internal.h"
#include "shims/syscalls.h"
#include "shims/task.h"

#define FIRST_PID		100

static struct sim_proc procs[SIM_MAX_PROCS];
static int nr_procs;
static pid_t next_pid;

/* --- processes ----------------------------------------------------------- */

struct sim_proc *sim_proc_create(const char *name, uint64_t caps)
{
	struct sim_proc *p;

	if (nr_procs == SIM_MAX_PROCS || !name || !*name ||
	    sim_proc_find(name))
		return NULL;
	sim_note_access(procs, true);	/* the process table and its pids */
	p = &procs[nr_procs++];
	/* the memory was cleared when the execution began */
	memset(p, 0, offsetof(struct sim_proc, mm));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->pid = next_pid++;
	p->cred.cap_permitted.val = caps & CAP_VALID_MASK;
	p->cred.cap_effective.val = caps & CAP_VALID_MASK;
	p->cred.cap_bset = CAP_FULL_SET;
	sim_mm_init(&p->mm, p->mem);
	return p;
}

struct sim_proc *sim_proc_find(const char *name)
{
	for (int i = 0; i < nr_procs; i++)
		if (!strcmp(procs[i].name, name))
			return &procs[i];
	return NULL;
}

const char *sim_proc_name(const struct sim_proc *p)
{
	return p->name;
}

int sim_proc_pid(const struct sim_proc *p)
{
	return p->pid;
}

struct sim_proc *sim_proc_current(void)
{
	struct task_struct *t = current;

	for (int i = 0; i < nr_procs; i++)
		if (t->files == &procs[i].files)
			return &procs[i];
	return NULL;
}

void sim_world_attach(int tid, struct sim_proc *p)
{
	struct task_struct *t;
	pid_t pid;

	if (tid < 0 || tid >= sim_nr_threads() || !p)
		sim_fail(SIM_FAIL_BUG, SIM_HERE, "sim_world_attach(%d, %s): "
			 "no such thread or process", tid,
			 p ? p->name : "NULL");
	if (sim_thread_data(tid))
		sim_fail(SIM_FAIL_BUG, SIM_HERE, "sim_world_attach: thread "
			 "%s already has a task", sim_thread_name(tid));
	if (p->dead)
		sim_fail(SIM_FAIL_BUG, SIM_HERE, "sim_world_attach: process "
			 "%s has exited", p->name);
	sim_note_access(procs, true);
	pid = p->nr_threads ? next_pid++ : p->pid;
	t = sim_task_create_user(tid, pid, p->leader, p->name, &p->cred,
				 &p->mm, &p->files);
	if (!p->leader)
		p->leader = t;
	p->nr_threads++;
}

unsigned long sim_user_alloc(size_t len)
{
	struct sim_proc *p = sim_proc_current();
	size_t start;

	if (!p || p->dead)
		return 0;
	if (!len)
		len = 1;
	start = (p->brk + 15) & ~(size_t)15;
	if (start > SIM_USER_MEM || len > SIM_USER_MEM - start)
		return 0;
	p->brk = start + len;
	memset(p->mem + start, 0, len);
	return SIM_USER_BASE + start;
}

/* --- exit ---------------------------------------------------------------- */

void world_proc_exit_files(struct sim_proc *p)
{
	sim_exit_mmap(&p->mm);
	sim_exit_files(&p->files);
	sim_exit_mm(&p->mm);
	p->dead = true;
}

/* --- the per-execution hook ---------------------------------------------- */

void sim_world_exit_all(void)
{
	for (int i = 0; i < nr_procs; i++) {
		struct sim_proc *p = &procs[i];

		if (!p->dead)
			world_proc_exit_files(p);
	}
}

static void world_begin(void)
{
	for (int i = 0; i < SIM_MAX_PROCS; i++) {
		sim_mm_clear(&procs[i].mm);
		procs[i].brk = 0;
	}
	nr_procs = 0;
	next_pid = FIRST_PID;
}

/* The processes a set-up made, without their untouched user memory. */
static bool world_snapshot(void)
{
	SIM_SNAPSHOT_KEEP(nr_procs);
	SIM_SNAPSHOT_KEEP(next_pid);
	for (int i = 0; i < nr_procs; i++) {
		sim_snapshot_keep(&procs[i], offsetof(struct sim_proc, mem));
		sim_snapshot_keep(procs[i].mem, procs[i].mm.sim_dirty);
	}
	return true;
}

static void world_check(void)
{
	/* as if every process exited, from outside any thread */
	sim_world_exit_all();
}

static void world_end(void)
{
	/*
	 * The allocator's hook frees the heap next: forget every pointer
	 * into it.  What a report prints (processes, descriptors and their
	 * names) stays until the next execution begins.
	 */
	for (int i = 0; i < nr_procs; i++) {
		struct sim_proc *p = &procs[i];

		memset(p->files.fd, 0, sizeof(p->files.fd));
		memset(p->mm.sim_vmas, 0, sizeof(p->mm.sim_vmas));
		p->mm.map_count = 0;
		p->leader = NULL;
	}
}

static void world_dump(FILE *out)
{
	for (int i = 0; i < nr_procs; i++) {
		const struct sim_proc *p = &procs[i];

		fprintf(out, "process %s pid %d%s:", p->name, p->pid,
			p->dead ? " (exited)" : "");
		for (int fd = 0; fd < SIM_MAX_FDS; fd++) {
			if (!(p->files.open_fds & (1ull << fd)))
				continue;
			fprintf(out, " %d=%s", fd, p->files.sim_name[fd][0] ?
				p->files.sim_name[fd] : "(reserved)");
		}
		fprintf(out, "\n");
	}
}

static struct sim_exec_hook world_hook = {
	.name = "world",
	/* the check closes what processes left open before other checks */
	.order = SIM_HOOK_WORLD,
	.begin = world_begin,
	.check = world_check,
	.end = world_end,
	.dump = world_dump,
	.snapshot = world_snapshot,
};

static void __attribute__((constructor)) world_register(void)
{
	sim_register_exec_hook(&world_hook);
}
