/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Example programs bundled with the explorer: small concurrency bugs of
 * the shapes the vfio core has had, each with its fixed version.  The CLI
 * runs them as a demonstration; the test suites and the benchmark use them.
 */
#ifndef _TARGETS_EXAMPLES_H
#define _TARGETS_EXAMPLES_H

#include "sim/explore.h"

struct sim_example {
	const char *name;
	const char *summary;
	const struct sim_program *prog;
	/* what exploring it must find (SIM_FAIL_NONE: nothing) */
	enum sim_fail_kind expect;
	/*
	 * Also acceptable: a use after free is a sanitizer crash in ASan
	 * builds and a poison hit otherwise.
	 */
	enum sim_fail_kind expect_alt;
	/* the checks to run with (0: all) */
	unsigned int checks;
};

extern const struct sim_example sim_examples[];
extern const int sim_nr_examples;

const struct sim_example *sim_example_find(const char *name);

/* The benchmark's program: 2 threads, about 50 scheduling points. */
extern const struct sim_program sim_bench_program;
/* Two threads of 5000 atomic operations: the cost of a point alone. */
extern const struct sim_program sim_bench_points_program;

#endif /* _TARGETS_EXAMPLES_H */
