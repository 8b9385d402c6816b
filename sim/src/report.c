// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the explorer prints: progress on a terminal, and failure reports
 * (header, the trace of a replay of the failing schedule, the kernel-shaped
 * report body, the threads' state).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

double sim_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void sim_progress_tick(struct sim_progress *pg,
		       const struct sim_program *prog,
		       const struct sim_opts *opts, int bound,
		       const struct sim_result *res)
{
	char line[160];
	double t;
	int n;

	if (pg->fd < 0 || (res->executions & 1023))
		return;
	t = sim_now();
	if (t - pg->last < 0.25)
		return;
	n = snprintf(line, sizeof(line),
		     "\r\033[Kvfio-sim: %s: %s", prog->name,
		     sim_strategy_name(opts->strategy));
	if (opts->strategy == SIM_STRATEGY_DFS)
		n += snprintf(line + n, sizeof(line) - n, " bound %d",
			      bound);
	n += snprintf(line + n, sizeof(line) - n,
		      ": %llu executions, %.0f/s, %u failure%s",
		      (unsigned long long)res->executions,
		      (res->executions - pg->last_execs) / (t - pg->last),
		      res->nfailures, res->nfailures == 1 ? "" : "s");
	if (write(pg->fd, line, n) < 0)
		pg->fd = -1;
	pg->last = t;
	pg->last_execs = res->executions;
	pg->shown = true;
}

void sim_progress_done(struct sim_progress *pg)
{
	static const char clear[] = "\r\033[K";

	if (pg->fd >= 0 && pg->shown && write(pg->fd, clear, 4) < 0)
		pg->fd = -1;
	pg->shown = false;
}

/*
 * libgcov's.  A weak reference would not pull it out of libgcov.a, and a
 * child that _exit()s without it loses every count it made: the
 * coverage build (VFIO_SIM_COVERAGE) references it for real.
 */
#ifdef VFIO_SIM_COVERAGE
extern void __gcov_dump(void);
#else
extern void __gcov_dump(void) __attribute__((weak));
#endif

void sim_coverage_flush(void)
{
	if (__gcov_dump)
		__gcov_dump();
}

/* --- reports ------------------------------------------------------------- */

static const char rule[] =
	"==================================================================";

void sim_print_header(const struct sim_program *prog,
			 const struct sim_opts *opts,
			 const struct sim_failure *f, bool traced_above)
{
	FILE *out = opts->out;

	fprintf(out, "%s\n", rule);
	fprintf(out, "vfio-sim: FAIL: %s: %s\n", sim_fail_kind_name(f->kind),
		f->title);
	if (f->where[0])
		fprintf(out, "  at %s\n", f->where);
	fprintf(out, "  program: %s, found by %s", prog->name,
		sim_strategy_name(opts->strategy));
	if (opts->strategy == SIM_STRATEGY_RANDOM ||
	    opts->strategy == SIM_STRATEGY_PCT)
		fprintf(out, " (seed %llu)", (unsigned long long)opts->seed);
	fprintf(out, " at execution %llu, %d preemption%s\n",
		(unsigned long long)f->execution, f->preemptions,
		f->preemptions == 1 ? "" : "s");
	fprintf(out, "  schedule: \"%s\"\n", f->schedule);
	fprintf(out, "  replay:   ");
	if (opts->replay_hint)
		fprintf(out, opts->replay_hint, f->schedule);
	else
		fprintf(out, "sim_replay(&%s, \"%s\", ...)", prog->name,
			f->schedule);
	if (traced_above)
		fprintf(out, "\n  (trace above)\n");
	else
		fprintf(out, "\n---------------------------------------------"
			"---------------------\ntrace (step, thread, "
			"operation, call site; '*' marks a preemption, '>' "
			"a switch\nat a block or exit):\n");
	fflush(out);
}

void sim_print_footer(FILE *out, bool replayed)
{
	if (!replayed)
		fprintf(out, "NOTE: replaying the schedule did not reproduce "
			"the failure: the program is not deterministic.\n");
	fprintf(out, "%s\n", rule);
	fflush(out);
}

/* Replay @f's schedule with tracing on; true if it failed the same way. */
bool sim_replay_traced(const struct sim_program *prog,
			  const struct sim_opts *opts,
			  const struct sim_failure *f, bool traced)
{
	struct sim_engine *e = &sim_engine;
	struct sim_path *saved = e->path;
	struct sim_path path = { .cap = SIM_PATH_CAP };
	char err[256];
	bool same;

	path.d = calloc(SIM_PATH_CAP, sizeof(*path.d));
	if (!path.d)
		return false;
	if (sim_schedule_parse(f->schedule, &path, err, sizeof(err))) {
		fprintf(opts->out, "vfio-sim: %s\n", err);
		free(path.d);
		return false;
	}
	e->path = &path;
	e->pick = sim_pick_default;
	e->trace = traced ? opts->out : NULL;
	sim_engine_run();
	e->trace = NULL;
	e->path = saved;
	same = e->fail_kind == f->kind && !strcmp(e->fail_title, f->title);
	free(path.d);
	return same;
}

void sim_print_body(FILE *out)
{
	struct sim_engine *e = &sim_engine;

	fprintf(out, "------------------------------------------------------"
		"------------\n");
	if (e->report_len)
		fputs(e->report, out);
	sim_trace_threads(out);
}
