// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tasks and current: each simulated thread has one task_struct, kept in
 * the thread's data pointer.  A thread made a user task
 * (sim_task_create_user()) has its process's credentials, mm and
 * descriptor table; the first time any other thread asks for current it
 * becomes a kernel thread.  Code outside simulated threads runs as the
 * idle task.  Tasks are reset when an execution begins and ends.
 */
#include <stdio.h>
#include <string.h>

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/sched.h>
#include <linux/task_work.h>

#include "shims/task.h"

struct task_struct init_task;

static struct task_struct tasks[SIM_MAX_THREADS];

static void task_init_idle(struct task_struct *t)
{
	memset(t, 0, sizeof(*t));
	t->flags = PF_KTHREAD;
	t->group_leader = t;
	t->cred = t->real_cred = &init_cred;
	t->sim_tid = -1;
	snprintf(t->comm, sizeof(t->comm), "swapper/0");
}

static void task_init_kthread(struct task_struct *t, int tid)
{
	memset(t, 0, sizeof(*t));
	t->flags = PF_KTHREAD;
	/* pids below the processes', fixed by thread: the same every run */
	t->pid = t->tgid = 2 + tid;
	t->group_leader = t;
	t->cred = t->real_cred = &init_cred;
	t->sim_tid = tid;
	snprintf(t->comm, sizeof(t->comm), "%s", sim_thread_name(tid));
}

struct task_struct *get_current(void)
{
	int tid = sim_current_tid();
	struct task_struct *t;

	if (tid < 0)
		return &init_task;
	t = sim_thread_data(tid);
	if (likely(t))
		return t;
	t = &tasks[tid];
	task_init_kthread(t, tid);
	sim_thread_set_data(tid, t);
	return t;
}

struct task_struct *sim_task_create_user(int tid, pid_t pid,
					 struct task_struct *leader,
					 const char *comm,
					 const struct cred *cred,
					 struct mm_struct *mm,
					 struct files_struct *files)
{
	struct task_struct *t;

	if (tid < 0 || tid >= sim_nr_threads())
		sim_fail(SIM_FAIL_BUG, SIM_HERE, "sim_task_create_user(%d, "
			 "%s): no such thread", tid, comm);
	if (sim_thread_data(tid))
		sim_fail(SIM_FAIL_BUG, SIM_HERE, "sim_task_create_user: "
			 "thread %s already has a task",
			 sim_thread_name(tid));
	t = &tasks[tid];
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->tgid = leader ? leader->tgid : pid;
	t->group_leader = leader ? leader : t;
	t->mm = t->active_mm = mm;
	t->cred = t->real_cred = cred;
	snprintf(t->comm, sizeof(t->comm), "%.*s", TASK_COMM_LEN - 1, comm);
	t->files = files;
	t->sim_tid = tid;
	files->sim_users++;
	sim_thread_set_data(tid, t);
	return t;
}

void sim_task_exit(struct task_struct *task)
{
	task->flags |= PF_EXITING;
	task_work_run();
	task->sim_exited = true;
	if (task->files)
		task->files->sim_users--;
}

/* --- the per-execution hook ---------------------------------------------- */

static void tasks_reset(void)
{
	memset(tasks, 0, sizeof(tasks));
	task_init_idle(&init_task);
}

/* A set-up runs as the idle task and creates no thread. */
static bool tasks_snapshot(void)
{
	SIM_SNAPSHOT_KEEP(init_task);
	return true;
}

static void tasks_check(void)
{
	/* work queued from outside any thread (the processes' exits) */
	if (init_task.task_works)
		task_work_run();
}

static void tasks_thread_exit(int tid)
{
	struct task_struct *t = sim_thread_data(tid);

	if (t && !t->sim_exited)
		sim_task_exit(t);
}

static struct sim_exec_hook tasks_hook = {
	.name = "tasks",
	.order = SIM_HOOK_TASKS,
	.begin = tasks_reset,
	.check = tasks_check,
	.end = tasks_reset,
	.thread_exit = tasks_thread_exit,
	.snapshot = tasks_snapshot,
};

static void __attribute__((constructor)) tasks_register(void)
{
	sim_register_exec_hook(&tasks_hook);
	task_init_idle(&init_task);
}
