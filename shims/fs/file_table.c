// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct file: allocation, references and the final put.
 *
 * The final fput() of an opened file runs __fput(): ->release, then the
 * references the file held are dropped (the cdev of a char device, the
 * module owning its file_operations, its inode) and the file is freed.
 * When the final fput() comes from a task of a simulated process it is
 * queued as task work and runs when that task returns to userspace, as in
 * the kernel.  A kernel thread's final fput() (and one from code outside
 * simulated threads) runs __fput() at once: the kernel would hand it to a
 * workqueue, which the simulation does not have.  close(2) uses
 * __fput_sync(), as 6.12 does.
 */
#include <stdio.h>
#include <string.h>

#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/task_work.h>

#include "shims/devices.h"
#include "shims/vfs.h"
#include "sim/race.h"

struct file *sim_alloc_empty_file(unsigned int flags, const char *name)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return ERR_PTR(-ENOMEM);
	__sim_atomic64_set(&f->f_count, 1);
	spin_lock_init(&f->f_lock);
	f->f_flags = flags;
	f->f_mode = OPEN_FMODE(flags);
	f->f_cred = get_cred(current_cred());
	snprintf(f->sim_name, sizeof(f->sim_name), "%s", name ? name : "?");
	return f;
}

const char *sim_file_name(const struct file *file)
{
	return file->sim_name;
}

static void file_free(struct file *file)
{
	put_cred(file->f_cred);
	kfree(file);
}

static void __fput(struct file *file)
{
	struct inode *inode = file->f_inode;
	fmode_t mode = file->f_mode;

	if (unlikely(!(mode & FMODE_OPENED)))
		goto out;
	might_sleep();
	if (unlikely(file->f_flags & FASYNC) && file->f_op->fasync)
		file->f_op->fasync(-1, file, 0);
	if (file->f_op->release)
		file->f_op->release(inode, file);
	if (unlikely(S_ISCHR(inode->i_mode) && inode->i_cdev &&
		     !(mode & FMODE_PATH)))
		sim_cdev_put(inode->i_cdev);
	fops_put(file->f_op);
	iput(inode);
out:
	file_free(file);
}

static void ____fput(struct callback_head *work)
{
	__fput(container_of(work, struct file, f_task_work));
}

/* Drop one reference; true when it was the last. */
static bool file_put_ref(struct file *file, const char *what,
			 const struct sim_loc *loc)
{
	long long old;

	sim_point(SIM_OP_REFCOUNT, file, what, loc);
	/* atomic_long_dec_and_test(): fully ordered */
	sim_hb_acq_rel(&file->f_count);
	old = __sim_atomic64_fetch_add(&file->f_count, -1);
	sim_note_counter(file, (long)old, -1, 1);	/* the last at 1 */
	if (unlikely(old < 1))
		sim_fail(SIM_FAIL_REFCOUNT, loc,
			 "%s: struct file::f_count was %lld: underflow; "
			 "use-after-free condition present!", what, old);
	return old == 1;
}

void __sim_fput(struct file *file, const struct sim_loc *loc)
{
	struct task_struct *task;

	if (!file_put_ref(file, "fput", loc))
		return;
	if (unlikely(!(file->f_mode & (FMODE_BACKING | FMODE_OPENED)))) {
		file_free(file);
		return;
	}
	task = current;
	if (likely(!(task->flags & PF_KTHREAD))) {
		init_task_work(&file->f_task_work, ____fput);
		if (!task_work_add(task, &file->f_task_work, TWA_RESUME))
			return;
		/* the task has exited: no return to userspace any more */
	}
	__fput(file);
}

void (fput)(struct file *file)
{
	__sim_fput(file, NULL);
}

void __sim_fput_sync(struct file *file, const struct sim_loc *loc)
{
	if (file_put_ref(file, "__fput_sync", loc))
		__fput(file);
}

void (__fput_sync)(struct file *file)
{
	__sim_fput_sync(file, NULL);
}

struct file *__sim_get_file(struct file *f, const struct sim_loc *loc)
{
	long long prior;

	sim_point(SIM_OP_REFCOUNT, f, "get_file", loc);
	prior = __sim_atomic64_fetch_add(&f->f_count, 1);
	sim_note_counter(f, (long)prior, 1, 0);	/* warns at 0 */
	if (unlikely(!prior))
		__sim_warn_printf(loc, "struct file::f_count incremented "
				  "from zero; use-after-free condition "
				  "present!");
	return f;
}
