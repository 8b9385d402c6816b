/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzzing open/release sequences (docs/fuzzing.md).
 *
 * A fuzz input is decoded into a scenario (docs/scenarios.md): the
 * world (devices on the pci, platform and mdev buses in a few iommu
 * groups, processes with and without capabilities, their threads), a
 * bounded program of lines for those threads, every line ending in
 * "expect any", and the schedule choices (a random walk or PCT seed, the
 * allocation to fail).  The scenario is built without its text (the
 * text is written only for --emit and failures) and run once by the
 * explorer; the oracles are the engine's: the target's invariant at every
 * scheduling point, its end checks, WARN/BUG, lockdep, leaks, deadlocks,
 * use after free.  A failure becomes a finding: the scenario, minimised,
 * and the schedule string that `vfio-sim replay` reproduces.
 *
 * Handles work as syzkaller's typed resources: every fd a line opens
 * (open, dup, an fd-returning ioctl) is a variable that later lines of
 * the same process pick by a small number; picks past the live ones give
 * a literal fd number (stale, closed, or never opened).
 */
#ifndef _VFIO_FUZZ_H
#define _VFIO_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/explore.h"

#define VF_MAX_OPS		32	/* lines of one program */
#define VF_MAX_DEVICES		4
#define VF_MAX_PROCS		3	/* and the driver's process */
#define VF_MAX_INPUT		4096	/* bytes of input read */

/* The target when neither --target nor VFIO_FUZZ_TARGET names one. */
#define VF_ENV_TARGET		"VFIO_FUZZ_TARGET"
#define VF_ENV_FINDINGS		"VFIO_FUZZ_FINDINGS"

/* How the one execution of a program is scheduled. */
struct vf_sched {
	enum sim_strategy strategy;	/* random or pct */
	uint64_t seed;
	int depth;			/* pct */
	int fail_nth;			/* 0: no allocation fails */
};

/* A decoded input. */
struct vf_prog {
	char *text;			/* the scenario, NUL terminated */
	size_t len;
	int nops;
	struct vf_sched sched;
};

struct sim_target;

/*
 * Decode @size bytes of @data into a program for target @t (its ioctl
 * table, driver operations and device keys).  Every input decodes; the
 * text always parses (a parse error is a decoder bug).  0, or -1 when out
 * of memory.  One thread at a time (it keeps the last target's tables).
 */
int vf_decode(const uint8_t *data, size_t size, const struct sim_target *t,
	      struct vf_prog *p);
void vf_prog_free(struct vf_prog *p);

struct sim_scenario;

/*
 * The same program built straight into a scenario (named "fuzz.sim"),
 * without its text: what vf_decode()'s text parsed by
 * sim_scenario_parse() gives, field for field, at a fraction of the cost
 * (emit.h).  The schedule choices into @sched.  NULL, with one line in
 * @err, when out of memory or on a decoder bug.
 */
struct sim_scenario *vf_decode_scenario(const uint8_t *data, size_t size,
					const struct sim_target *t,
					struct vf_sched *sched, char *err,
					size_t errlen);

/*
 * The vfio target to fuzz: @name if not NULL, else $VFIO_FUZZ_TARGET, else
 * "model" when registered, else "linux".  NULL with one line in @err.
 */
const struct sim_target *vf_target(const char *name, char *err,
				   size_t errlen);

/* What one run gave. */
struct vf_result {
	bool failed;
	struct sim_failure failure;	/* when failed */
	uint64_t steps;			/* when failed, or vf_count_steps */
};

/* Count the steps of every run, not only of failing ones (slower). */
extern bool vf_count_steps;

/*
 * Run in a child process (sim_opts.isolate): a crash or sanitizer abort
 * becomes a failure of kind crash, with its schedule, instead of ending
 * the program.  Off in the fuzzer (libFuzzer saves crashing inputs), on in
 * fuzz-vfio-replay --isolate to turn those inputs into findings.
 */
extern bool vf_isolate;

/*
 * Run every input's set-up, not from the set-up snapshot inputs with the
 * same devices and processes share (benchmarks compare the two).
 */
extern bool vf_no_snapshot;

/*
 * Parse @text (named @file in reports) for @t and run it once under
 * @sched.  0, or -1 with one line in @err when the text does not parse.
 */
int vf_run_text(const char *file, const char *text, size_t len,
		const struct sim_target *t, const struct vf_sched *sched,
		struct vf_result *r, char *err, size_t errlen);

/* Run @s (freed here) once under @sched. */
void vf_run_scenario(struct sim_scenario *s, const struct vf_sched *sched,
		     struct vf_result *r);

/*
 * Remove lines of the failing @p while a failure of the same kind at the
 * same call site reproduces under the same schedule choices (delta
 * debugging over the operation lines); @p->text is replaced, @r is the
 * last failure.  At most @max_runs runs.
 */
void vf_minimise(struct vf_prog *p, const struct sim_target *t,
		 struct vf_result *r, int max_runs);

/*
 * Write a finding into directory @dir: KIND-HASH.sim (with the target
 * line, an expect-failure header and the replay command) and the schedule
 * string alone in KIND-HASH.schedule.  The path written is left in @path.
 * 0, or -1 (errno) when the files cannot be written.
 */
int vf_write_finding(const char *dir, const struct vf_prog *p,
		     const struct sim_target *t, const struct vf_result *r,
		     char *path, size_t pathlen);

/*
 * The whole pipeline for one input: decode, run, and on a failure not
 * seen before in this process, minimise and write it into @dir (unless
 * NULL).  Returns 1 when the input failed, 0 when it passed.  @out, when
 * not NULL, receives a summary line per new finding.
 */
int vf_one_input(const uint8_t *data, size_t size, const struct sim_target *t,
		 const char *dir, FILE *out, struct vf_result *r);

/* Distinct findings so far in this process. */
unsigned int vf_nr_findings(void);

#endif /* _VFIO_FUZZ_H */
