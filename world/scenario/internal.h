/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The parsed form of a scenario, shared by the parser (parse.c) and the
 * runner (run.c).
 */
#ifndef _WORLD_SCENARIO_INTERNAL_H
#define _WORLD_SCENARIO_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/explore.h"
#include "world/scenario.h"
#include "world/world.h"
#include "targets/target.h"

#define SCN_MAX_DEVICES		16
#define SCN_MAX_PARAMS		16
#define SCN_MAX_PROCS		SIM_MAX_PROCS
#define SCN_MAX_THREADS		SIM_MAX_THREADS
#define SCN_MAX_VARS		128
#define SCN_MAX_OPS		4096
#define SCN_MAX_OUTCOMES	8
#define SCN_MAX_REQUIRES	4
#define SCN_TEXT_MAX		512	/* a variable's text, a path */
/* read and mmap lengths, strings; the user memory of a thread */
#define SCN_MAX_LEN		4096
#define SCN_SCRATCH		(SCN_MAX_LEN + 64)

/* An address no process maps: BADPTR. */
#define SCN_BADPTR		0xdead000ul

/*
 * Where a parsed scenario's names, texts and tables live (arena.c): freed
 * at once with the scenario.  The first SCN_ARENA_INLINE bytes are here.
 */
#define SCN_ARENA_INLINE	4096

struct scn_chunk;

struct scn_arena {
	unsigned char *base;	/* the chunk allocated from */
	size_t size, used;
	void *last;		/* the newest allocation: it may grow */
	struct scn_chunk *chunks;
	_Alignas(16) unsigned char inline_buf[SCN_ARENA_INLINE];
};

void scn_arena_init(struct scn_arena *a);
/* Zeroed, aligned for any object; NULL when out of memory. */
void *scn_arena_alloc(struct scn_arena *a, size_t size);
/* @old (of @old_size bytes, or NULL) as @size bytes, the rest zeroed. */
void *scn_arena_grow(struct scn_arena *a, void *old, size_t old_size,
		     size_t size);
/* Everything allocated; the arena is empty again. */
void scn_arena_release(struct scn_arena *a);

/* Text with ${VAR} references, kept as segments. */
struct scn_seg {
	int var;		/* -1: literal */
	char *lit;
	size_t len;
};

struct scn_text {
	int nseg;
	struct scn_seg *seg;
};

enum scn_var_type {
	SCN_VAR_FD,		/* a file descriptor of its process */
	SCN_VAR_VALUE,		/* a result */
	SCN_VAR_TEXT,		/* the text of cat, ls, readlink, fstat */
};

struct scn_var {
	char *name;
	enum scn_var_type type;
	int line;		/* where it is set */
	int thread;
	int proc;
	char *wait_what;	/* "wait for NAME" */
};

enum scn_op_kind {
	SCN_OPEN,
	SCN_CLOSE,
	SCN_DUP,
	SCN_IOCTL,
	SCN_READ,
	SCN_WRITE,
	SCN_MMAP,
	SCN_EXIT,
	SCN_CAT,
	SCN_LS,
	SCN_READLINK,
	SCN_FSTAT,
	SCN_DROPCAPS,		/* capabilities dropped: num, a mask */
	SCN_DRIVER,		/* a target driver-side operation */
};

enum scn_outcome_kind {
	SCN_OUT_OK,		/* >= 0 */
	SCN_OUT_ERRNO,		/* -value */
	SCN_OUT_INT,		/* == value */
	SCN_OUT_STRING,		/* the text == the string */
	SCN_OUT_ANY,		/* any result (generated scenarios) */
};

struct scn_outcome {
	enum scn_outcome_kind kind;
	long value;
	struct scn_text text;
	char *src;		/* as written, for messages */
};

/* An ioctl or driver-operation argument. */
enum scn_arg_kind {
	SCN_ARG_NONE,
	SCN_ARG_NUM,		/* an integer or symbol */
	SCN_ARG_VAR,		/* a variable's value */
	SCN_ARG_TEXT,		/* a string */
	SCN_ARG_BADPTR,
	SCN_ARG_NULL,
};

struct scn_arg {
	enum scn_arg_kind kind;
	long num;
	int var;
	struct scn_text text;
	bool readonly;		/* READONLY: in read-only user memory */
};

struct scn_op {
	enum scn_op_kind kind;
	int line;
	int thread;
	int assign;		/* variable set by the result, or -1 */
	int fdvar;		/* the fd variable operated on, or -1 */
	long fdnum;		/* else this fd number */
	struct scn_text path;	/* open, cat, ls, readlink; write data */
	long num;		/* open flags; read, mmap lengths */
	const struct sim_ioctl *ioctl;
	struct sim_ioctl *raw_ioctl;	/* a numbered ioctl: owned */
	char *raw_name;
	const struct sim_driver_op *dop;
	struct scn_arg arg;
	int noutcomes;
	struct scn_outcome out[SCN_MAX_OUTCOMES];
	char *src;		/* the operation as written, no expect */
	char *expect_src;	/* the outcomes as written */
	struct sim_loc loc;	/* FILE:LINE, for reports and traces */
};

struct scn_proc {
	char *name;
	uint64_t caps;
	int line;
};

struct scn_thread {
	char *name;
	int proc;
	int line;
	int first_op, nops;	/* its operations, in file order */
	int *ops;
};

/* Values of one execution. */
struct scn_val {
	bool set;
	long ret;
	char text[SCN_TEXT_MAX];
};

struct scn_thread_rt {
	struct sim_scenario *s;
	int index;
	int tid;
	unsigned long scratch;	/* user memory for arguments */
	unsigned long ro_scratch; /* the same, read-only (READONLY) */
	int cur;		/* the line running (index into ops), or -1 */
	bool done;
};

/*
 * A condition on the target's kernel: its version, "linux >= 7.0" (the
 * vfio core's; the model declares the one it follows), or an option of
 * its configuration, "CONFIG_IOMMUFD_NOIOMMU" ("!CONFIG_..." for off).
 */
enum scn_cmp { SCN_LT, SCN_LE, SCN_EQ, SCN_NE, SCN_GE, SCN_GT };

struct scn_cond {
	bool is_config;
	enum scn_cmp cmp;
	unsigned int code;	/* LINUX_VERSION_CODE; missing parts are 0 */
	char config[40];	/* without CONFIG_ */
	bool negate;		/* !CONFIG_ */
	char text[48];		/* as written, for messages */
	int line;
};

struct sim_scenario {
	char *file;
	const struct sim_target *target;
	/* requires lines: the file applies when every one holds */
	int nrequires;
	struct scn_cond requires[SCN_MAX_REQUIRES];
	/* operation lines left out: their [condition] does not hold */
	int nguarded_out;
	unsigned int expect_fail;
	int ndevices;
	struct sim_target_device devices[SCN_MAX_DEVICES];
	struct sim_loc device_locs[SCN_MAX_DEVICES];
	struct sim_loc target_loc;	/* the target line, or line 1 */
	int nparams;
	struct sim_target_param params[SCN_MAX_PARAMS];
	int nprocs;
	struct scn_proc procs[SCN_MAX_PROCS];
	int nthreads;
	struct scn_thread threads[SCN_MAX_THREADS];
	int nvars;
	int nops;
	struct scn_op *ops;	/* malloc()ed: not zeroed as it grows */
	struct sim_program prog;

	/* run time: reset by every execution's setup */
	struct sim_target_env env;
	struct sim_proc *rt_procs[SCN_MAX_PROCS];
	int rt_live[SCN_MAX_PROCS];	/* threads of the process running */
	bool rt_exited[SCN_MAX_PROCS];
	bool rt_skipped;	/* the setup ran out of memory */
	bool rt_loaded;		/* the target's module init succeeded */
	/*
	 * The set-up snapshot's key: what the set-up depends on, as text
	 * (target, processes, devices), shared by every scenario with the
	 * same; with module parameters (a charp keeps a pointer into this
	 * scenario) a number of its own.
	 */
	char *setup_key;
	uint64_t setup_serial;
	struct scn_thread_rt rt_threads[SCN_MAX_THREADS];

	/*
	 * Not zeroed by the parser (most of the structure's size): each
	 * variable is written whole when its line is parsed, setup resets
	 * their values, and the arena is initialised.
	 */
	struct scn_var vars[SCN_MAX_VARS];
	struct scn_val vals[SCN_MAX_VARS];
	struct scn_arena arena;	/* names, texts and tables (arena.c) */
};

/* Errno names: "EBUSY" -> EBUSY (positive), 0 if unknown. */
int scn_errno_parse(const char *name);
/* "EBUSY" for -EBUSY or EBUSY; NULL if it has none. */
const char *scn_errno_name(long err);


/* condition.c: whether @c holds for target @t (no kernel: none holds). */
bool scn_cond_holds(const struct scn_cond *c,
		       const struct sim_target *t);

/* The variable named @name (@len bytes), or -1. */
int scn_var_find(const struct sim_scenario *s, const char *name,
		 size_t len);

/*
 * A scenario with nothing in it but its file name (parse.c), and what
 * makes a scenario whose lines are all in runnable: the threads' lists
 * of operations, the program's hooks, the set-up snapshot's key.  -1
 * when out of memory.  The parser and the builder (build.c) share them.
 */
struct sim_scenario *scn_new(const char *file);
int scn_complete(struct sim_scenario *s, int target_line);
/* setup_key.c: the set-up snapshot's key of the complete @s */
void scn_setup_key(struct sim_scenario *s);
/* parse_op.c: an operation's name in reports; a result's variable type */
const char *scn_op_name(const struct scn_op *op);
enum scn_var_type scn_result_type(const struct scn_op *op);
/*
 * A new operation line at the end of @s, zeroed, with no variable set
 * or used; *@cap is the room s->ops has (grown here).  NULL: no memory.
 */
struct scn_op *scn_op_append(struct sim_scenario *s, int *cap);

/* The runner's program hooks (run.c); scn_forget() before a free. */
void scn_forget(const struct sim_scenario *s);
void scn_setup(void *ctx);
void scn_start(void *ctx);
int scn_save(void *ctx, void *buf, size_t room);
void scn_restore(void *ctx, const void *buf);
void scn_invariant(void *ctx);
void scn_teardown(void *ctx);

#endif /* _WORLD_SCENARIO_INTERNAL_H */
