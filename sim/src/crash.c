// SPDX-License-Identifier: GPL-2.0-only
/*
 * Crash isolation and crash reports: forking a child with the crash
 * handlers from before main(), capturing its stderr, and turning what a
 * crashed child leaves behind into a report shaped as the kernel's KASAN,
 * UBSAN or oops reports are: a headline that names the bug and the
 * function ("BUG: KASAN: slab-use-after-free in vfio_device_release"),
 * the access, the stacks of the access, the allocation and the free with
 * the frames that match a step of the trace marked, then the tool's own
 * report as it printed it.  Titles have no pids or addresses: a replay
 * must crash with the same one.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "crash_impl.h"
#include "engine.h"
#include "sim/sanitizer.h"

/* --- what the child leaves behind ---------------------------------------- */

void sim_crash_info_reset(struct sim_crash_info *ci)
{
	if (!ci)
		return;
	ci->nsteps = 0;
	ci->died = false;
	ci->tid = -1;
	ci->thread[0] = 0;
	ci->after_step = 0;
	memset(&ci->last, 0, sizeof(ci->last));
	ci->sig = ci->code = 0;
	ci->addr = 0;
	ci->npc = 0;
}

static void fill_rec(struct sim_step_rec *r, uint32_t step,
		     const struct sim_thread *t, const struct sim_loc *loc,
		     const char *what)
{
	r->step = step;
	r->tid = t ? t->tid : -1;
	copy_str(r->thread, sizeof(r->thread), t ? t->name : "main");
	copy_str(r->file, sizeof(r->file), loc ? loc->file : NULL);
	copy_str(r->func, sizeof(r->func), loc ? loc->func : NULL);
	r->line = loc ? loc->line : 0;
	copy_str(r->what, sizeof(r->what), what);
}

void sim_crash_note_step(struct sim_thread *t, const struct sim_loc *loc,
			 const char *what)
{
	struct sim_engine *e = &sim_engine;
	struct sim_crash_info *ci = e->crash;

	if (!ci)
		return;
	/* a new execution numbers its steps from 1 again */
	if (e->trace_lines == 1)
		ci->nsteps = 0;
	fill_rec(&ci->steps[ci->nsteps++ % SIM_STEPLOG], e->trace_lines, t,
		 loc, what);
}

/* The child is dying: note who ran.  Plain stores only. */
static void note_death(void)
{
	struct sim_engine *e = &sim_engine;
	struct sim_crash_info *ci = e->crash;
	struct sim_thread *t = sim_current;

	if (!ci || ci->died)
		return;
	ci->tid = t ? t->tid : -1;
	copy_str(ci->thread, sizeof(ci->thread), t ? t->name : "main");
	ci->after_step = e->trace ? e->trace_lines : 0;
	if (t && t->last_loc)
		fill_rec(&ci->last, 0, t, t->last_loc, t->last_what);
	ci->died = true;
}

/*
 * With no sanitizer, a crash signal is caught once, in the child: the
 * signal, the faulting address and the return addresses along the frame
 * pointers (the build keeps them) are noted, and the signal is raised
 * again with its default action, so that the child dies of it.  A fault
 * while walking the stack ends the child the same way, with what was
 * noted so far.
 */
static void crash_signal(int sig, siginfo_t *si, void *uctx)
{
	struct sim_crash_info *ci = sim_engine.crash;
	ucontext_t *uc = uctx;
	uintptr_t fp;

	if (ci && !ci->died) {
		ci->sig = sig;
		ci->code = si->si_code;
		ci->addr = (uintptr_t)si->si_addr;
		ci->pc[0] = uc->uc_mcontext.gregs[REG_RIP];
		ci->npc = 1;
		memcpy(ci->sp, (void *)uc->uc_mcontext.gregs[REG_RSP],
		       sizeof(ci->sp));
		fp = uc->uc_mcontext.gregs[REG_RBP];
		while (ci->npc < SIM_CRASH_PCS && fp && !(fp & 7)) {
			uintptr_t next = ((uintptr_t *)fp)[0];
			uintptr_t ret = ((uintptr_t *)fp)[1];

			if (!ret)
				break;
			ci->pc[ci->npc++] = ret;
			if (next <= fp || next - fp > (1u << 20))
				break;
			fp = next;
		}
		note_death();
	}
	raise(sig);	/* SA_RESETHAND: the default action now */
}

#ifdef SIM_ASAN
/* the sanitizers' runtime calls it as it dies (the report is written) */
extern void __sanitizer_set_death_callback(void (*callback)(void));

/*
 * UBSan's reports with their stack, as ASan's are, so that a crash's
 * headline names the function (UBSAN_OPTIONS still has the last word).
 */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "print_stacktrace=1";
}
#endif

/* --- isolation ----------------------------------------------------------- */

/* Empty the captured stderr; the offset is shared with the children. */
void sim_clear_text(int fd)
{
	if (ftruncate(fd, 0) == 0)
		lseek(fd, 0, SEEK_SET);
}

void sim_read_tail(int fd, char *buf, size_t len)
{
	off_t size = lseek(fd, 0, SEEK_END);
	off_t from = size > (off_t)len - 1 ? size - (off_t)len + 1 : 0;
	ssize_t n = pread(fd, buf, len - 1, from);

	buf[n > 0 ? n : 0] = 0;
	sim_clear_text(fd);
}

/*
 * The crash signals' handlers as they were before main(): the sanitizers'
 * or the defaults.  A test framework may install its own later (cmocka
 * longjmps out of a SIGSEGV); an isolated child must die of the signal
 * instead, so it gets these back.
 */
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
				     SIGABRT, SIGSYS, SIGTRAP };
static struct sigaction initial_handlers[sizeof(crash_signals) /
					 sizeof(crash_signals[0])];

static void __attribute__((constructor)) save_crash_handlers(void)
{
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(int); i++)
		sigaction(crash_signals[i], NULL, &initial_handlers[i]);
}

/* A crash handler's stack: a coroutine's may be the one that overflowed. */
static char alt_stack[64 * 1024];

pid_t sim_spawn(int err_fd, int *progress_fd)
{
	pid_t parent = getpid(), pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		stack_t ss = {
			.ss_sp = alt_stack, .ss_size = sizeof(alt_stack),
		};

		/*
		 * The child dies with its parent: an interrupted or killed
		 * vfio-sim leaves no exploration running (the parent may
		 * have gone before the request was made).  An interrupt
		 * the parent catches ends the child the default way, not
		 * with the parent's handler, which cleans up the parent's
		 * files; one the parent ignores stays ignored.
		 */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(128 + SIGKILL);
		for (size_t i = 0; i < 2; i++) {
			int sig = i ? SIGTERM : SIGINT;
			struct sigaction old;

			if (sigaction(sig, NULL, &old) == 0 &&
			    old.sa_handler != SIG_IGN)
				signal(sig, SIG_DFL);
		}
		sigaltstack(&ss, NULL);
		for (size_t i = 0; i < sizeof(crash_signals) / sizeof(int);
		     i++) {
			struct sigaction sa = initial_handlers[i];

			/* no sanitizer reports it: note it, then die of it */
			if (sim_engine.crash && sa.sa_handler == SIG_DFL &&
			    !(sa.sa_flags & SA_SIGINFO)) {
				sa.sa_sigaction = crash_signal;
				sa.sa_flags = SA_SIGINFO | SA_RESETHAND |
					      SA_NODEFER | SA_ONSTACK;
				sigemptyset(&sa.sa_mask);
			}
			sigaction(crash_signals[i], &sa, NULL);
		}
#ifdef SIM_ASAN
		if (sim_engine.crash)
			__sanitizer_set_death_callback(note_death);
#endif
		if (*progress_fd >= 0)
			*progress_fd = dup(*progress_fd);
		if (err_fd >= 0)
			dup2(err_fd, STDERR_FILENO);
	}
	return pid;
}
