// SPDX-License-Identifier: GPL-2.0-only
/*
 * Processes and tasks of the simulated userspace, current, capabilities,
 * task work, and the world's per-execution hook.
 *
 * Each simulated thread has one task_struct, kept in the thread's data
 * pointer: a thread attached to a process is a user task of it; the first
 * time an unattached thread asks for current it becomes a kernel thread.
 * Code outside simulated threads runs as the idle task.
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
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/task_work.h>

#include "internal.h"
#include "sim/vfs.h"

#define FIRST_PID		100

struct cred init_cred = {
	.cap_inheritable = CAP_EMPTY_SET,
	.cap_permitted = CAP_FULL_SET,
	.cap_effective = CAP_FULL_SET,
	.cap_bset = CAP_FULL_SET,
	.cap_ambient = CAP_EMPTY_SET,
};

struct task_struct init_task;

static struct sim_proc procs[SIM_MAX_PROCS];
static int nr_procs;
static struct task_struct tasks[SIM_MAX_THREADS];
static pid_t next_pid;

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
	/* pids below FIRST_PID, fixed by thread: independent of schedules */
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

/* --- processes ----------------------------------------------------------- */

struct sim_proc *world_proc(int i)
{
	return &procs[i];
}

int world_nr_procs(void)
{
	return nr_procs;
}

struct sim_proc *sim_proc_create(const char *name, uint64_t caps)
{
	struct sim_proc *p;

	if (nr_procs == SIM_MAX_PROCS || !name || !*name ||
	    sim_proc_find(name))
		return NULL;
	p = &procs[nr_procs++];
	/* the memory was zeroed when the execution began */
	memset(p, 0, offsetof(struct sim_proc, mem));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->pid = next_pid++;
	p->cred.cap_permitted.val = caps & CAP_VALID_MASK;
	p->cred.cap_effective.val = caps & CAP_VALID_MASK;
	p->cred.cap_bset = CAP_FULL_SET;
	p->mm.task_size = SIM_USER_BASE + SIM_USER_MEM;
	p->mmap_next = SIM_MMAP_BASE;
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
	return current->sim_proc;
}

void sim_world_attach(int tid, struct sim_proc *p)
{
	struct task_struct *t;

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
	t = &tasks[tid];
	memset(t, 0, sizeof(*t));
	t->pid = p->nr_threads ? next_pid++ : p->pid;
	t->tgid = p->pid;
	if (!p->leader)
		p->leader = t;
	t->group_leader = p->leader;
	t->mm = t->active_mm = &p->mm;
	t->cred = t->real_cred = &p->cred;
	snprintf(t->comm, sizeof(t->comm), "%.*s", TASK_COMM_LEN - 1,
		 p->name);
	t->sim_proc = p;
	t->sim_tid = tid;
	p->nr_threads++;
	p->files.users++;
	sim_thread_set_data(tid, t);
}

/* --- capabilities -------------------------------------------------------- */

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

/* --- task work ----------------------------------------------------------- */

int task_work_add(struct task_struct *task, struct callback_head *work,
		  enum task_work_notify_mode notify)
{
	notify &= ~TWA_FLAGS;
	if (notify == TWA_NMI_CURRENT && WARN_ON_ONCE(task != current))
		return -EINVAL;
	if (task->sim_exited)
		return -ESRCH;
	work->next = task->task_works;
	task->task_works = work;
	return 0;
}

bool task_work_cancel(struct task_struct *task, struct callback_head *cb)
{
	for (struct callback_head **pp = &task->task_works; *pp;
	     pp = &(*pp)->next) {
		if (*pp == cb) {
			*pp = cb->next;
			return true;
		}
	}
	return false;
}

struct callback_head *task_work_cancel_func(struct task_struct *task,
					    task_work_func_t func)
{
	for (struct callback_head **pp = &task->task_works; *pp;
	     pp = &(*pp)->next) {
		struct callback_head *work = *pp;

		if (work->func == func) {
			*pp = work->next;
			return work;
		}
	}
	return NULL;
}

void task_work_run(void)
{
	struct task_struct *task = current;
	struct callback_head *work, *next;

	/* work may add work: run until the list stays empty */
	while ((work = task->task_works)) {
		task->task_works = NULL;
		for (; work; work = next) {
			next = work->next;
			work->func(work);
		}
	}
}

void world_exit_to_user(const struct sim_loc *loc)
{
	struct task_struct *task = current;

	if (!task->task_works)
		return;
	sim_point(SIM_OP_USER, task, "task_work_run", loc);
	task_work_run();
}

void sim_task_work_run(void)
{
	world_exit_to_user(SIM_AT("sim_task_work_run"));
}

void world_task_exit(struct task_struct *task)
{
	task->flags |= PF_EXITING;
	task_work_run();
	task->sim_exited = true;
	if (task->sim_proc)
		task->sim_proc->files.users--;
}

/* --- sleeping ------------------------------------------------------------ */

long __sim_schedule_timeout(long timeout, const struct sim_loc *loc)
{
	struct task_struct *t = current;
	unsigned int flags = 0, state;
	enum sim_wait_result r;

	sim_point(SIM_OP_WAIT, t, "schedule_timeout", loc);
	/* after the point: a wake_up_process() may have come first */
	state = t->__state;
	if (state == TASK_RUNNING)
		return timeout;
	if (timeout <= 0) {
		t->__state = TASK_RUNNING;
		return 0;
	}
	if (signal_pending_state(state, t)) {
		t->__state = TASK_RUNNING;
		return timeout;
	}
	if (timeout != MAX_SCHEDULE_TIMEOUT)
		flags |= SIM_WAIT_TIMED;
	if (state & TASK_INTERRUPTIBLE)
		flags |= SIM_WAIT_INTERRUPTIBLE;
	else if (state & TASK_WAKEKILL)
		flags |= SIM_WAIT_KILLABLE;
	r = sim_block(t, "schedule_timeout", flags, loc);
	t->__state = TASK_RUNNING;
	return r == SIM_WAIT_TIMEOUT ? 0 : timeout;
}

int wake_up_process(struct task_struct *tsk)
{
	sim_point(SIM_OP_WAKE, tsk, "wake_up_process", SIM_HERE);
	if (tsk->__state == TASK_RUNNING)
		return 0;
	tsk->__state = TASK_RUNNING;
	sim_wake_all(tsk);
	return 1;
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
	for (int i = 0; i < SIM_MAX_PROCS; i++)
		world_mem_reset(&procs[i]);
	nr_procs = 0;
	next_pid = FIRST_PID;
	memset(tasks, 0, sizeof(tasks));
	task_init_idle(&init_task);
}

static void world_check(void)
{
	/* as if every process exited, from outside any thread */
	sim_world_exit_all();
	if (init_task.task_works)
		task_work_run();
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
		memset(p->vmas, 0, sizeof(p->vmas));
		p->nr_vmas = 0;
	}
	memset(tasks, 0, sizeof(tasks));
	task_init_idle(&init_task);
}

static void world_thread_exit(int tid)
{
	struct task_struct *t = sim_thread_data(tid);

	if (t && !t->sim_exited)
		world_task_exit(t);
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
			fprintf(out, " %d=%s", fd, p->files.name[fd][0] ?
				p->files.name[fd] : "(reserved)");
		}
		fprintf(out, "\n");
	}
}

static struct sim_exec_hook world_hook = {
	.name = "world",
	/*
	 * Before every other hook: the check closes what processes left
	 * open before the other end checks (the allocator's leak check
	 * last), and a thread runs its task work as it exits before the
	 * lock checker looks at what it still holds.
	 */
	.order = -10,
	.begin = world_begin,
	.check = world_check,
	.end = world_end,
	.thread_exit = world_thread_exit,
	.dump = world_dump,
};

static void __attribute__((constructor)) world_register(void)
{
	sim_register_exec_hook(&world_hook);
	task_init_idle(&init_task);
}
