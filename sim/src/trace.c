// SPDX-License-Identifier: GPL-2.0-only
/*
 * Traces.  Exploration runs with tracing off; a failing schedule is then
 * replayed with tracing on, and every step is printed as it happens, so a
 * trace survives even a crash of the code under test.  One line an event:
 * its number, a '*' where a preemption put this thread on the CPU (a '>'
 * where the previous thread blocked or ended), the thread, the operation
 * and its call site, indented by thread so that threads read as columns.
 */
#include <stdio.h>
#include <string.h>

#include "engine.h"

static const char *const op_names[SIM_OP_NR] = {
	[SIM_OP_YIELD] = "yield",
	[SIM_OP_LOCK] = "lock",
	[SIM_OP_TRYLOCK] = "trylock",
	[SIM_OP_UNLOCK] = "unlock",
	[SIM_OP_ATOMIC] = "atomic",
	[SIM_OP_REFCOUNT] = "refcount",
	[SIM_OP_WAIT] = "wait",
	[SIM_OP_WAKE] = "wake",
	[SIM_OP_READ] = "read",
	[SIM_OP_WRITE] = "write",
	[SIM_OP_SPAWN] = "start",
	[SIM_OP_EXIT] = "exit",
	[SIM_OP_BLOCK] = "blocks",
	[SIM_OP_WAKEUP] = "woken",
	[SIM_OP_ALLOC] = "alloc",
	[SIM_OP_FREE] = "free",
	[SIM_OP_USER] = "note",
};

const char *sim_op_name(enum sim_op op)
{
	return (unsigned int)op < SIM_OP_NR ? op_names[op] : "?";
}

/*
 * Objects are shown by their order of first appearance in the execution,
 * not by address: addresses change from run to run, the order does not.
 */
static const void *objects[1024];
static int nr_objects;

void sim_trace_reset(void)
{
	nr_objects = 0;
}

static int object_id(const void *obj)
{
	for (int i = 0; i < nr_objects; i++)
		if (objects[i] == obj)
			return i + 1;
	if (nr_objects == (int)(sizeof(objects) / sizeof(objects[0])))
		return 0;
	objects[nr_objects++] = obj;
	return nr_objects;
}

/*
 * The simulation's own machinery (the shims' internals, the simulated
 * userspace) and the sequential setup are left out of traces unless all
 * is asked for: a trace shows the code under test and the scenario.
 */
static bool machinery(const struct sim_thread *t, const struct sim_loc *loc)
{
	if (!t)
		return true;
	return loc && (!strncmp(loc->file, "shims/", 6) ||
		       !strncmp(loc->file, "sim/world/", 10));
}

static void trace_line(struct sim_thread *t, enum sim_op op,
		       const void *obj, const char *what,
		       const struct sim_loc *loc, long value, bool has_value)
{
	struct sim_engine *e = &sim_engine;
	FILE *out = e->trace;
	int tid = t ? t->tid : -1;
	char mark = ' ';

	if (!e->trace_all && machinery(t, loc))
		return;

	/* a switch: '*' if it preempted a runnable thread, '>' if not */
	if (tid != e->trace_last_tid && e->trace_last_tid >= 0)
		mark = e->last_preempt ? '*' : '>';
	e->trace_last_tid = tid;
	fprintf(out, "%6u %c %*sT%d %s: ", ++e->trace_lines,
		mark, tid > 0 ? tid * 4 : 0, "", tid,
		t ? t->name : "main");
	if (op == SIM_OP_USER || op == SIM_OP_BLOCK || op == SIM_OP_WAKEUP ||
	    op == SIM_OP_SPAWN || op == SIM_OP_EXIT)
		fprintf(out, "[%s] ", sim_op_name(op));
	fprintf(out, "%s", what ? what : sim_op_name(op));
	if (loc && loc->expr)
		fprintf(out, "(%s)", loc->expr);
	if (obj && op != SIM_OP_SPAWN && op != SIM_OP_EXIT)
		fprintf(out, " #%d", object_id(obj));
	if (has_value)
		fprintf(out, " = %ld", value);
	if (op == SIM_OP_WAKEUP && value == SIM_WAIT_TIMEOUT)
		fprintf(out, " (timed out)");
	else if (op == SIM_OP_WAKEUP && value == SIM_WAIT_SIGNAL)
		fprintf(out, " (signal)");
	if (loc)
		fprintf(out, "  %s:%d %s()", loc->file, loc->line, loc->func);
	fputc('\n', out);
	fflush(out);
}

void sim_trace_point(struct sim_thread *t, enum sim_op op, const void *obj,
		     const char *what, const struct sim_loc *loc, long value,
		     bool preempted)
{
	(void)preempted;
	trace_line(t, op, obj, what, loc, value, false);
}

void sim_trace_note(const char *what, const void *obj, long value,
		    const struct sim_loc *loc)
{
	if (sim_engine.trace)
		trace_line(sim_current, SIM_OP_USER, obj, what, loc, value,
			   true);
}
