/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * File descriptors of the current task's process: looking files up,
 * reserving and installing descriptors, and dropping file references.
 *
 * fdget() follows 6.12: when the process's descriptor table is not shared
 * (one live thread) the file is borrowed without a reference, otherwise a
 * reference is taken (and dropped by fdput()), so a close() racing with a
 * system call of another thread on the same file cannot free it under
 * that call.  Looking a descriptor up and taking its reference is one
 * scheduling point; the table itself changes atomically between points.
 */
#ifndef __LINUX_FILE_H
#define __LINUX_FILE_H

#include <linux/bug.h>
#include <linux/cleanup.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/types.h>

#include "sim/sched.h"

struct file;
struct file_operations;

void fput(struct file *file);
void __sim_fput(struct file *file, const struct sim_loc *loc);
#define fput(file)		__sim_fput((file), SIM_AT(#file))
/* The final put runs ->release now, whoever calls (close(2) does this). */
void __fput_sync(struct file *file);
void __sim_fput_sync(struct file *file, const struct sim_loc *loc);
#define __fput_sync(file)	__sim_fput_sync((file), SIM_AT(#file))
/* Nothing is ever queued for a worker here (see file_table.c). */
static inline void flush_delayed_fput(void)
{
}

/*
 * A file borrowed or referenced by fdget(): the pointer with FDPUT_FPUT in
 * its low bit when fdput() must drop a reference, or 0 for a bad fd.
 */
struct fd {
	unsigned long word;
};
#define FDPUT_FPUT		1
#define FDPUT_POS_UNLOCK	2

#define fd_file(f)							\
	((struct file *)((f).word & ~(unsigned long)(FDPUT_FPUT |	\
						     FDPUT_POS_UNLOCK)))
static inline bool fd_empty(struct fd f)
{
	return unlikely(!f.word);
}

#define EMPTY_FD		((struct fd){ 0 })
static inline struct fd BORROWED_FD(struct file *f)
{
	return (struct fd){ (unsigned long)f };
}

static inline struct fd CLONED_FD(struct file *f)
{
	return (struct fd){ (unsigned long)f | FDPUT_FPUT };
}

static inline void __sim_fdput(struct fd fd, const struct sim_loc *loc)
{
	if (fd.word & FDPUT_FPUT)
		__sim_fput(fd_file(fd), loc);
}
#define fdput(fd)		__sim_fdput((fd), SIM_AT(#fd))

struct file *fget(unsigned int fd);
struct file *fget_raw(unsigned int fd);
struct fd fdget(unsigned int fd);
struct fd fdget_raw(unsigned int fd);
struct file *__sim_fget(unsigned int fd, const struct sim_loc *loc);
struct fd __sim_fdget(unsigned int fd, const struct sim_loc *loc);
#define fget(fd)		__sim_fget((fd), SIM_AT(#fd))
#define fget_raw(fd)		__sim_fget((fd), SIM_AT(#fd))
#define fdget(fd)		__sim_fdget((fd), SIM_AT(#fd))
#define fdget_raw(fd)		__sim_fdget((fd), SIM_AT(#fd))
/* No f_pos locking here: files of char devices never need it. */
#define fdget_pos(fd)		fdget(fd)
#define fdput_pos(f)		fdput(f)

/*
 * The lowest free descriptor of the current process, reserved (O_CLOEXEC
 * in @flags sets close-on-exec), or -EMFILE when SIM_MAX_FDS are in use.
 */
int get_unused_fd_flags(unsigned int flags);
void put_unused_fd(unsigned int fd);
/* Install @file at a reserved @fd; the reference moves to the table. */
void fd_install(unsigned int fd, struct file *file);
void set_close_on_exec(unsigned int fd, int flag);
bool get_close_on_exec(unsigned int fd);

/* CLASS(fd, f)(fd): fdget() now, fdput() when f goes out of scope. */
DEFINE_CLASS(fd, struct fd, fdput(_T), fdget(fd), int fd)

/*
 * FD_ADD(flags, file): a descriptor reserved first; only then is @file
 * (an expression: a file whose reference moves to the table, or an
 * ERR_PTR) evaluated; it is installed and the descriptor returned, or the
 * descriptor is given back and the error returned (a NULL file WARNs, as
 * the kernel's does).  When no descriptor is free, @file is not evaluated
 * and -EMFILE is returned.
 */
#define FD_ADD(_fd_flags, _file_expr)						({										int __sim_fd = get_unused_fd_flags(_fd_flags);				if (__sim_fd >= 0) {								struct file *__sim_file = (_file_expr);					if (IS_ERR_OR_NULL(__sim_file)) {						put_unused_fd(__sim_fd);						__sim_fd = __sim_file ?								PTR_ERR(__sim_file) : -EINVAL;				} else {									fd_install(__sim_fd, __sim_file);				}								}									__sim_fd;							})

#endif /* __LINUX_FILE_H */
