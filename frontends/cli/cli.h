/* SPDX-License-Identifier: GPL-2.0-only */
/* The command line's state, shared by its files. */
#ifndef _SIM_CLI_H
#define _SIM_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/explore.h"
#include "world/scenario.h"

struct sim_example;

struct cli {
	const char *cmd;
	const struct sim_example *ex;
	struct sim_scenario *scn;
	const struct sim_program *prog;
	const char *name;	/* in summaries: the example or the file */
	const char *target;
	struct sim_opts opts;
	const char *schedule;
	bool check_expect;
	bool max_steps_set;
	const char *json;	/* --json FILE */
	char hint[1024];	/* the replay command, a format with one %s */
};

/* The summary of @r, an exploration of @name with @o, on stdout. */
void cli_print_summary(const char *name, const struct sim_opts *o,
		       const struct sim_result *r);

/*
 * Write the result of an exploration (or run, or replay) and each of its
 * failures, replayed with the trace on, as JSON to c->json.  @ok is the
 * command's verdict, @expected the failure kinds the scenario announces.
 * Returns 0, or -1 with one line on stderr and no file written.
 */
int cli_write_json(const struct cli *c, const struct sim_result *r, bool ok,
		   const char *expected);

/*
 * The temporary file cli_write_json() is writing, or NULL: an interrupt
 * (SIGINT, SIGTERM) removes it, so that no half-written report is left.
 */
extern char *volatile cli_json_tmp;

/*
 * The directory of the scripts and data presubmit and mutate run from
 * (datadir.c): $VFIO_SIM_SOURCE_DIR, the installed share/vfio-sim of an
 * installed program, or the source tree it was built from; NULL if none.
 * @buf (of @size bytes) may hold the result.
 */
const char *cli_data_dir(char *buf, size_t size);

#endif /* _SIM_CLI_H */
