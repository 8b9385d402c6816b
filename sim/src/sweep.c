// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fault sweep: a program run once per allocation, the Nth allocation
 * failing in the Nth run, until a run allocates fewer than N times.
 *
 * Isolated (the default), the runs share child processes: one child runs
 * N, N + 1, ... in turn, in itself, and writes what it found to memory
 * shared with the parent.  When it dies (the code under test crashed in
 * run N), N alone is explored again the way explore isolates an
 * exploration, which reports the crash with its trace, and a new child
 * goes on from N + 1.  A child for every run would cost a fork for every
 * allocation: on a vfio scenario, 25 times the sweep itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine.h"

#define SWEEP_MAX	100000	/* allocations swept at most */

/* What the children and the parent share. */
struct sweep_state {
	int next;		/* the first N a new child runs */
	int cur;		/* the N the child is running */
	bool done;		/* the sweep is over */
	int err;		/* sim_explore() failed (-1) */
	struct sim_result all;
};

/*
 * @one's counts into @all, and each of its failures not already there:
 * one unwind bug is usually met from many allocations, and is reported
 * at the first that shows it.
 */
static void merge(struct sim_result *all, const struct sim_result *one)
{
	all->executions += one->executions;
	all->steps += one->steps;
	if (one->max_allocs > all->max_allocs)
		all->max_allocs = one->max_allocs;
	all->seconds += one->seconds;
	for (unsigned int i = 0; i < one->nfailures &&
	     all->nfailures < SIM_MAX_FAILURES; i++) {
		bool seen = false;

		for (unsigned int j = 0; j < all->nfailures && !seen; j++)
			seen = sim_same_failure(&all->failures[j],
						&one->failures[i]);
		if (!seen)
			all->failures[all->nfailures++] = one->failures[i];
	}
}

/* Whether the sweep ends after run @n, which found @one. */
static bool sweep_over(const struct sim_opts *in, int n,
		       const struct sim_result *one)
{
	if (one->nfailures && !in->keep_going)
		return true;
	/* no execution reached the Nth allocation: all swept */
	return one->max_allocs < (uint64_t)n;
}

/* Runs N = st->next, ... in this process, until the sweep is over. */
static void sweep_here(const struct sim_program *prog,
		       const struct sim_opts *in, struct sweep_state *st)
{
	struct sim_opts opts = *in;

	opts.isolate = false;
	for (int n = st->next; n < SWEEP_MAX; n++) {
		struct sim_result one;

		st->cur = n;
		opts.fail_nth = n;
		if (sim_explore(prog, &opts, &one) < 0) {
			st->err = -1;
			break;
		}
		merge(&st->all, &one);
		if (sweep_over(in, n, &one))
			break;
	}
	st->done = true;
}

static int sweep_isolated(const struct sim_program *prog,
			  const struct sim_opts *in, struct sweep_state *st)
{
	int no_progress = -1;

	while (!st->done && !st->err) {
		struct sim_opts opts = *in;
		struct sim_result one;
		int status, n;
		pid_t pid;

		st->cur = 0;
		pid = sim_spawn(-1, &no_progress);
		if (pid < 0) {
			perror("vfio-sim: fork");
			return -1;
		}
		if (pid == 0) {
			sweep_here(prog, in, st);
			fflush(NULL);
			sim_coverage_flush();
			_exit(0);
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
		    st->done)
			break;
		/* died in run N (or before its first): N alone, isolated */
		n = st->cur ? st->cur : st->next;
		st->done = false;
		opts.fail_nth = n;
		if (sim_explore(prog, &opts, &one) < 0)
			return -1;
		merge(&st->all, &one);
		/* a crash happens after the failed allocation: N was reached */
		if ((one.nfailures && !in->keep_going) || n + 1 >= SWEEP_MAX)
			break;
		st->next = n + 1;
	}
	return st->err;
}

int sim_sweep_faults(const struct sim_program *prog,
		     const struct sim_opts *in, struct sim_result *res)
{
	struct sweep_state *st;
	int ret;

	st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE,
		  (in->isolate ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS,
		  -1, 0);
	if (st == MAP_FAILED)
		return -1;
	st->next = 1;
	if (in->isolate) {
		ret = sweep_isolated(prog, in, st);
	} else {
		sweep_here(prog, in, st);
		ret = st->err;
	}
	if (res)
		*res = st->all;
	if (!ret)
		ret = st->all.nfailures ? 1 : 0;
	munmap(st, sizeof(*st));
	return ret;
}
