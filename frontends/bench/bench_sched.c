// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-sched: executions per second and nanoseconds per scheduling point
 * for a two-thread program of about 50 points, with every check off and
 * with every check on, under the random walk and under exhaustive DFS; and
 * the cost of one scheduling point measured on long threads.  Prints the
 * median of several runs; it never fails on a figure (machines are shared
 * and noisy).
 *
 *   bench-sched [runs] [executions-per-run]
 */
#include <stdio.h>
#include <stdlib.h>

#include "targets/examples.h"
#include "sim/explore.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct figures {
	double rate[64], ns[64];
	uint64_t points, execs;
};

static void run(const struct sim_program *prog, enum sim_strategy strategy,
		bool checks, int runs, uint64_t execs, struct figures *fig)
{
	struct sim_result res;
	struct sim_opts o;

	for (int i = 0; i < runs; i++) {
		sim_opts_init(&o);
		o.strategy = strategy;
		o.max_bound = 3;
		o.seed = 1 + i;
		o.max_executions = execs;
		o.no_checks = !checks;
		o.quiet = true;
		o.progress = 0;
		sim_explore(prog, &o, &res);
		if (res.nfailures) {
			fprintf(stderr, "bench-sched: %s failed: %s\n",
				prog->name, res.failures[0].title);
			exit(1);
		}
		fig->rate[i] = res.executions / res.seconds;
		fig->ns[i] = res.seconds * 1e9 / res.steps;
		fig->points = res.steps / res.executions;
		fig->execs = res.executions;
	}
	qsort(fig->rate, runs, sizeof(fig->rate[0]), cmp_double);
	qsort(fig->ns, runs, sizeof(fig->ns[0]), cmp_double);
}

static void measure(const char *label, const struct sim_program *prog,
		    enum sim_strategy strategy, bool checks, int runs,
		    uint64_t execs)
{
	struct figures fig;

	run(prog, strategy, checks, runs, execs, &fig);
	printf("%-22s %-10s %9.0f executions/s %6.1f ns/point  "
	       "(%llu points/execution, %llu executions/run, "
	       "range %.0f-%.0f/s)\n", label, checks ? "checks on" :
	       "checks off", fig.rate[runs / 2], fig.ns[runs / 2],
	       (unsigned long long)fig.points, (unsigned long long)fig.execs,
	       fig.rate[0], fig.rate[runs - 1]);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 5;
	uint64_t execs = argc > 2 ? strtoull(argv[2], NULL, 0) : 200000;

	if (runs < 1 || runs > 64 || !execs) {
		fprintf(stderr, "usage: bench-sched [runs 1..64] "
			"[executions per run]\n");
		return 2;
	}
	printf("bench-sched: 2 threads (mutex, atomic, refcount), medians of "
	       "%d runs\n", runs);
	for (int checks = 0; checks <= 1; checks++) {
		measure("random walk", &sim_bench_program,
			SIM_STRATEGY_RANDOM, checks, runs, execs);
		measure("dfs, bounds 0..3", &sim_bench_program,
			SIM_STRATEGY_DFS, checks, runs, execs);
		measure("point cost (10k/exec)", &sim_bench_points_program,
			SIM_STRATEGY_RANDOM, checks, runs, 100);
	}
	return 0;
}
