// SPDX-License-Identifier: GPL-2.0-only
/*
 * The benchmark's program: two threads, each taking a mutex, updating an
 * atomic and a refcount and releasing the mutex 8 times: 25 scheduling
 * points a thread, about 50 an execution.
 */
#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/refcount.h>

#include "targets/examples.h"

static DEFINE_MUTEX(bench_lock);
static atomic_t bench_counter;
static refcount_t bench_ref;

static void bench_thread(void *arg)
{
	for (int i = 0; i < 8; i++) {
		mutex_lock(&bench_lock);
		atomic_inc(&bench_counter);
		mutex_unlock(&bench_lock);
	}
	refcount_inc(&bench_ref);
}

static void bench_setup(void *ctx)
{
	bench_counter.counter = 0;
	bench_ref.refs.counter = 1;
	sim_thread_create("bench-a", bench_thread, NULL);
	sim_thread_create("bench-b", bench_thread, NULL);
}

const struct sim_program sim_bench_program = {
	.name = "bench",
	.setup = bench_setup,
};

/* Long threads: the cost of a scheduling point without per-run costs. */
static atomic_t points_counter;

static void points_thread(void *arg)
{
	for (int i = 0; i < 5000; i++)
		atomic_inc(&points_counter);
}

static void points_setup(void *ctx)
{
	points_counter.counter = 0;
	sim_thread_create("points-a", points_thread, NULL);
	sim_thread_create("points-b", points_thread, NULL);
}

const struct sim_program sim_bench_points_program = {
	.name = "bench-points",
	.setup = points_setup,
};
