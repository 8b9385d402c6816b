/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario files: plain-text race scenarios (docs/scenarios.md).  A file
 * declares devices, processes and threads, then lists operations, one a
 * line, each run by a named thread:
 *
 *	device pci 0000:00:01.0
 *	proc A caps=SYS_RAWIO
 *	proc B
 *	A: f = open /dev/simdev/simdev0
 *	B: g = open /dev/simdev/simdev0
 *	A: ioctl f RAWIO
 *	B: ioctl g RAWIO		expect EPERM
 *	A: close f
 *
 * Parsing gives a struct sim_program that sim_explore() and sim_replay()
 * run: each execution builds a fresh world (processes, bus devices, the
 * target's module init), runs one simulated thread per scenario thread,
 * checks every result against its `expect` (a mismatch fails the
 * execution at the scenario line), then runs the target's module exit and
 * end checks.
 */
#ifndef _WORLD_SCENARIO_H
#define _WORLD_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/explore.h"

#define SIM_SCENARIO_ERR_MAX	512
#define SIM_SCENARIO_DEFAULT_TARGET	"simdev"

struct sim_scenario;

/*
 * Parse the scenario @text of @len bytes; @file names it in messages and
 * reports.  @target, when not NULL, overrides the file's `target` line
 * (without either, SIM_SCENARIO_DEFAULT_TARGET).  Returns the scenario, or
 * NULL with one line in @err: "FILE:LINE:COL: error: ...".
 */
struct sim_scenario *sim_scenario_parse(const char *file, const char *text,
					size_t len, const char *target,
					char *err, size_t errlen);
/* The same for the file at @path ("FILE: error: ..." when unreadable). */
struct sim_scenario *sim_scenario_load(const char *path, const char *target,
				       char *err, size_t errlen);
void sim_scenario_free(struct sim_scenario *s);

/* The program that runs the scenario; valid until sim_scenario_free(). */
const struct sim_program *sim_scenario_program(const struct sim_scenario *s);
const char *sim_scenario_target_name(const struct sim_scenario *s);
const char *sim_scenario_file(const struct sim_scenario *s);

/*
 * The failures the file says exploring it finds, from a comment line
 * "# expect-failure: KIND[|KIND...]" (KIND as sim_fail_kind_name()): a
 * mask of 1u << kind, 0 when it should pass.
 */
unsigned int sim_scenario_expected_failures(const struct sim_scenario *s);

/*
 * Whether the file applies to its target (its `requires` lines hold for
 * the target's kernel version); when not, @why says which line fails.
 */
bool sim_scenario_applies(const struct sim_scenario *s, char *why,
			  size_t len);
/* Operation lines left out for this target by their [condition]. */
int sim_scenario_nr_guarded_out(const struct sim_scenario *s);

/* Counts, for tests and the CLI. */
int sim_scenario_nr_ops(const struct sim_scenario *s);
int sim_scenario_nr_threads(const struct sim_scenario *s);

#endif /* _WORLD_SCENARIO_H */
