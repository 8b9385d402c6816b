/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building a scenario without its text: what a generator that knows the
 * meaning of every line it writes (the fuzzer's decoder, docs/fuzzing.md)
 * calls instead of printing a scenario file and parsing it back.  The
 * result is the struct sim_scenario sim_scenario_parse() gives for the
 * file those calls describe, field for field (sim_scenario_dump() prints
 * either, canonically, so that a test can compare them):
 *
 *	line 1		target T	(sim_scenario_begin())
 *	one a line	device, param, proc, thread, then operations
 *
 * Only literal texts (no ${VAR}), and for outcomes `expect any` or none.
 * A call that the parser would refuse returns -1 with one line in the
 * builder's @err (no file position: the caller's bug); the scenario is
 * then only good for sim_scenario_builder_abort().
 */
#ifndef _WORLD_SCENARIO_BUILD_H
#define _WORLD_SCENARIO_BUILD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/sched.h"
#include "targets/target.h"
#include "world/scenario.h"

struct sim_scenario_builder {
	/* private */
	struct sim_scenario *s;
	int line;			/* lines so far */
	int nops_cap;
	int exit_line[SIM_MAX_THREADS];
	char *any;			/* "any", an outcome's text */
	char *err;
	size_t errlen;
};

/* What an operation line says ("THREAD: [VAR =] OP ARGS [expect any]"). */
enum sim_scenario_op_kind {
	SIM_SCN_OPEN,			/* text: the path, num: the flags */
	SIM_SCN_CLOSE,
	SIM_SCN_DUP,
	SIM_SCN_IOCTL,			/* ioctl, or raw and raw_cmd */
	SIM_SCN_READ,			/* num: the length */
	SIM_SCN_WRITE,			/* text: the data */
	SIM_SCN_MMAP,			/* num: the length */
	SIM_SCN_EXIT,
	SIM_SCN_DRIVER,			/* dop */
};

/* An ioctl's or a driver operation's argument, as parsed. */
enum sim_scenario_arg_kind {
	SIM_SCN_ARG_NONE,
	SIM_SCN_ARG_NUM,		/* a number, a symbol, a device */
	SIM_SCN_ARG_VAR,		/* variable arg_var */
	SIM_SCN_ARG_TEXT,		/* arg_text */
	SIM_SCN_ARG_BADPTR,
	SIM_SCN_ARG_NULL,
};

struct sim_scenario_op {
	enum sim_scenario_op_kind kind;
	int thread;			/* by declaration order */
	const char *assign;		/* VAR =, or NULL */
	int fdvar;			/* the fd: a variable (index), or -1 */
	long fdnum;			/* ... and then this number */
	const char *text;		/* NUL terminated */
	long num;
	const struct sim_ioctl *ioctl;	/* from the target's table */
	const char *raw;		/* else a numbered ioctl, as written */
	unsigned int raw_cmd;
	const struct sim_driver_op *dop;
	enum sim_scenario_arg_kind arg;
	long arg_num;
	int arg_var;
	const char *arg_text;
	bool expect_any;		/* "expect any", else no outcome */
	/* the operation as written, blanks squeezed, without VAR = */
	const char *src;
	size_t src_len;
};

/*
 * A scenario named @file for target @t, as a file whose line 1 is
 * `target T`.  NULL when out of memory (in @err).
 */
struct sim_scenario *sim_scenario_begin(struct sim_scenario_builder *b,
					const char *file,
					const struct sim_target *t,
					char *err, size_t errlen);
/* device BUS NAME [KEY VALUE]...: @nkeys pairs */
int sim_scenario_add_device(struct sim_scenario_builder *b, enum sim_bus bus,
			    const char *name, int nkeys,
			    const char *const *keys,
			    const char *const *values);
/* param MODULE.NAME[=VALUE] (@value NULL: none) */
int sim_scenario_add_param(struct sim_scenario_builder *b,
			   const char *module, const char *name,
			   const char *value);
/* proc NAME [caps=...]: @caps a mask of 1ull << SIM_CAP_* */
int sim_scenario_add_proc(struct sim_scenario_builder *b, const char *name,
			  uint64_t caps);
/* thread NAME proc=PROC (@proc by declaration order) */
int sim_scenario_add_thread(struct sim_scenario_builder *b, const char *name,
			    int proc);
int sim_scenario_add_op(struct sim_scenario_builder *b,
			const struct sim_scenario_op *op);
/* The scenario, ready to run; NULL (freed) with @err set on an error. */
struct sim_scenario *sim_scenario_end(struct sim_scenario_builder *b);
void sim_scenario_builder_abort(struct sim_scenario_builder *b);

/*
 * Every field of @s the parser sets, one a line, with pointers into the
 * target's tables as names and the scenario's own as offsets: equal for
 * two scenarios that run the same (world/scenario/dump.c).
 */
void sim_scenario_dump(const struct sim_scenario *s, FILE *f);

#endif /* _WORLD_SCENARIO_BUILD_H */
