// SPDX-License-Identifier: GPL-2.0-only
/*
 * Traces.  Exploration runs with tracing off; a failing schedule is then
 * replayed with tracing on, and every step is printed as it happens, so a
 * trace survives even a crash of the code under test.  One line an event:
 * its number, a '*' where a preemption put this thread on the CPU (a '>'
 * where the previous thread blocked or ended), the thread, the operation
 * and its call site, indented by thread so that threads read as columns.
 *
 * A long execution (a livelock runs to the step bound, 100000 steps) is
 * shown as its first TRACE_HEAD steps and its last TRACE_TAIL, with a line
 * saying how many are left out: the lines after the head are kept in a
 * ring and printed when the execution fails or ends.  Until 2026-12-07 a
 * livelock's JSON record held every step: 96 MB a file, minutes to read.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
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

#define TRACE_HEAD	500
#define TRACE_TAIL	1500

/* The lines after the head, text and JSON, the oldest at ring_first. */
static struct {
	char *text, *json;
} ring[TRACE_TAIL];
static unsigned int ring_first, ring_n, ring_dropped;

static void ring_push(char *text, char *json)
{
	unsigned int i = (ring_first + ring_n) % TRACE_TAIL;

	if (ring_n == TRACE_TAIL) {
		free(ring[ring_first].text);
		free(ring[ring_first].json);
		i = ring_first;
		ring_first = (ring_first + 1) % TRACE_TAIL;
		ring_dropped++;
	} else {
		ring_n++;
	}
	ring[i].text = text;
	ring[i].json = json;
}

void sim_trace_flush(void)
{
	struct sim_engine *e = &sim_engine;

	if (ring_dropped && e->trace)
		fprintf(e->trace, "         ... %u steps not shown (the first "
			"%d and the last %d are) ...\n", ring_dropped,
			TRACE_HEAD, TRACE_TAIL);
	if (ring_dropped && e->json)
		fprintf(e->json, "{\"step\":%u,\"tid\":-1,\"thread\":"
			"\"main\",\"switch\":\"\",\"op\":\"note\","
			"\"what\":\"steps not shown\",\"value\":%u,"
			"\"text\":\"... %u steps not shown ...\","
			"\"locks\":[]}\n", TRACE_HEAD, ring_dropped,
			ring_dropped);
	for (unsigned int k = 0; k < ring_n; k++) {
		unsigned int i = (ring_first + k) % TRACE_TAIL;

		if (e->trace && ring[i].text)
			fputs(ring[i].text, e->trace);
		if (e->json && ring[i].json)
			fputs(ring[i].json, e->json);
		free(ring[i].text);
		free(ring[i].json);
		ring[i].text = ring[i].json = NULL;
	}
	if (e->trace)
		fflush(e->trace);
	if (e->json)
		fflush(e->json);
	ring_first = ring_n = ring_dropped = 0;
}

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
 * The simulation's own machinery (the kernel API shims, the subsystem
 * mocks, the simulated userspace's processes) and the sequential setup
 * are left out of traces unless all is asked for: a trace shows the code
 * under test and the scenario.  The folders are the layers' (README.md,
 * Layout): __FILE__ is relative to the source tree.
 */
static const char *const machinery_dirs[] = {
	"shims/", "mocks/", "world/proc/",
};

static bool machinery(const struct sim_thread *t, const struct sim_loc *loc)
{
	if (!t)
		return true;
	if (!loc)
		return false;
	for (size_t i = 0; i < sizeof(machinery_dirs) /
			       sizeof(machinery_dirs[0]); i++)
		if (!strncmp(loc->file, machinery_dirs[i],
			     strlen(machinery_dirs[i])))
			return true;
	return false;
}

/* --- the JSON record of a trace ----------------------------------------- */

void sim_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* The thread a name in lockdep's dump stands for; -1 for "main". */
static int tid_of_name(const char *name)
{
	for (int i = 0; i < sim_engine.nthreads; i++)
		if (!strcmp(sim_thread_name(i), name))
			return i;
	return -1;
}

/*
 * The locks every thread holds, as lockdep-lite's dump prints them
 * ("locks held by NAME:", then " #0: (CLASS), at: ..." a lock), written
 * as [{"tid":0,"thread":"A","held":["CLASS", ...]}, ...].  The dump is
 * the shims' own account: the engine does not track locks itself.
 */
static void json_locks(FILE *out)
{
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	bool first_thread = true, first_lock = true, open = false;

	fputs("[", out);
	if (!mem) {
		fputs("]", out);
		return;
	}
	sim_hooks_dump_one("lockdep", mem);
	fclose(mem);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *end;

		if (!strncmp(line, "locks held by ", 14)) {
			end = line + strlen(line) - 1;
			if (*end == ':')
				*end = 0;
			fprintf(out, "%s{\"tid\":%d,\"thread\":",
				open ? "]}," : first_thread ? "" : ",",
				tid_of_name(line + 14));
			sim_json_string(out, line + 14);
			fputs(",\"held\":[", out);
			first_thread = false;
			first_lock = true;
			open = true;
			continue;
		}
		/* " #N: (CLASS)[ (read)][, at: ...]" */
		line = strstr(line, ": (");
		if (!open || !line)
			continue;
		line += 3;
		end = strstr(line, ")");
		for (char *p = end; p; p = strstr(p + 1, ")"))
			if (p[1] == 0 || p[1] == ' ' || p[1] == ',') {
				end = p;
				break;
			}
		if (!end)
			continue;
		*end = 0;
		if (!first_lock)
			fputc(',', out);
		sim_json_string(out, line);
		first_lock = false;
	}
	fputs(open ? "]}]" : "]", out);
	free(text);
}

static void json_loc(FILE *out, const struct sim_loc *loc)
{
	if (!loc)
		return;
	fputs(",\"file\":", out);
	sim_json_string(out, loc->file);
	fprintf(out, ",\"line\":%d,\"func\":", loc->line);
	sim_json_string(out, loc->func);
}

/* One step as one line of JSON, after its text line. */
static void json_step(FILE *out, struct sim_thread *t, enum sim_op op,
		      const void *obj, const char *what,
		      const struct sim_loc *loc, long value, bool has_value,
		      char mark, const char *desc)
{
	struct sim_engine *e = &sim_engine;

	fprintf(out, "{\"step\":%u,\"tid\":%d,\"thread\":", e->trace_lines,
		t ? t->tid : -1);
	sim_json_string(out, t ? t->name : "main");
	fprintf(out, ",\"switch\":\"%s\",\"op\":\"%s\",\"what\":",
		mark == '*' ? "preempt" : mark == '>' ? "block" : "",
		sim_op_name(op));
	sim_json_string(out, what ? what : sim_op_name(op));
	if (loc && loc->expr) {
		fputs(",\"expr\":", out);
		sim_json_string(out, loc->expr);
	}
	if (obj && op != SIM_OP_SPAWN && op != SIM_OP_EXIT)
		fprintf(out, ",\"obj\":%d", object_id(obj));
	if (has_value)
		fprintf(out, ",\"value\":%ld", value);
	fputs(",\"text\":", out);
	sim_json_string(out, desc);
	json_loc(out, loc);
	fputs(",\"locks\":", out);
	json_locks(out);
	fputs("}\n", out);
	fflush(out);
}

void sim_trace_json_fail(void)
{
	struct sim_engine *e = &sim_engine;
	FILE *out = e->json;
	struct sim_thread *t = sim_current;

	if (!out)
		return;
	fprintf(out, "{\"fail\":true,\"after_step\":%u,\"tid\":%d,"
		"\"thread\":", e->trace_lines, t ? t->tid : -1);
	sim_json_string(out, t ? t->name : "main");
	fputs(",\"kind\":", out);
	sim_json_string(out, sim_fail_kind_name(e->fail_kind));
	fputs(",\"message\":", out);
	sim_json_string(out, e->fail_title);
	fputs(",\"where\":", out);
	sim_json_string(out, e->fail_where);
	fputs(",\"locks\":", out);
	json_locks(out);
	fputs("}\n", out);
	fflush(out);
}

/* The operation of a trace line: what follows "T<n> <name>: ". */
static void describe(char *buf, size_t len, enum sim_op op, const void *obj,
		     const char *what, const struct sim_loc *loc, long value,
		     bool has_value)
{
	size_t n = 0;

#define PUT(...)							\
	do {								\
		if (n < len)						\
			n += snprintf(buf + n, len - n, __VA_ARGS__);	\
	} while (0)
	buf[0] = 0;
	if (op == SIM_OP_USER || op == SIM_OP_BLOCK || op == SIM_OP_WAKEUP ||
	    op == SIM_OP_SPAWN || op == SIM_OP_EXIT)
		PUT("[%s] ", sim_op_name(op));
	PUT("%s", what ? what : sim_op_name(op));
	if (loc && loc->expr)
		PUT("(%s)", loc->expr);
	if (obj && op != SIM_OP_SPAWN && op != SIM_OP_EXIT)
		PUT(" #%d", object_id(obj));
	if (has_value)
		PUT(" = %ld", value);
	if (op == SIM_OP_WAKEUP && value == SIM_WAIT_TIMEOUT)
		PUT(" (timed out)");
	else if (op == SIM_OP_WAKEUP && value == SIM_WAIT_SIGNAL)
		PUT(" (signal)");
#undef PUT
}

static void trace_line(struct sim_thread *t, enum sim_op op,
		       const void *obj, const char *what,
		       const struct sim_loc *loc, long value, bool has_value)
{
	struct sim_engine *e = &sim_engine;
	FILE *out = e->trace;
	int tid = t ? t->tid : -1;
	char mark = ' ';
	char desc[2048];

	if (!e->trace_all && machinery(t, loc))
		return;

	/* a switch: '*' if it preempted a runnable thread, '>' if not */
	if (tid != e->trace_last_tid && e->trace_last_tid >= 0)
		mark = e->last_preempt ? '*' : '>';
	e->trace_last_tid = tid;
	describe(desc, sizeof(desc), op, obj, what, loc, value, has_value);
	if (e->trace_lines >= TRACE_HEAD) {
		char *text = NULL, *json = NULL;
		size_t len;
		FILE *m;

		char site[512] = "";
		int n;

		if (loc)
			snprintf(site, sizeof(site), "  %s:%d %s()", loc->file,
				 loc->line, loc->func);
		n = asprintf(&text, "%6u %c %*sT%d %s: %s%s\n",
			     ++e->trace_lines, mark, tid > 0 ? tid * 4 : 0,
			     "", tid, t ? t->name : "main", desc, site);
		if (n < 0)
			text = NULL;
		if (e->json && (m = open_memstream(&json, &len))) {
			json_step(m, t, op, obj, what, loc, value, has_value,
				  mark, desc);
			fclose(m);
		}
		ring_push(text, json);
		sim_crash_note_step(t, loc, desc);
		return;
	}
	fprintf(out, "%6u %c %*sT%d %s: %s", ++e->trace_lines,
		mark, tid > 0 ? tid * 4 : 0, "", tid,
		t ? t->name : "main", desc);
	if (loc)
		fprintf(out, "  %s:%d %s()", loc->file, loc->line, loc->func);
	fputc('\n', out);
	fflush(out);
	sim_crash_note_step(t, loc, desc);
	if (e->json)
		json_step(e->json, t, op, obj, what, loc, value, has_value,
			  mark, desc);
}

void sim_trace_point(struct sim_thread *t, enum sim_op op, const void *obj,
		     const char *what, const struct sim_loc *loc, long value,
		     bool preempted)
{
	(void)preempted;
	trace_line(t, op, obj, what, loc, value, false);
}

bool sim_tracing(void)
{
	return sim_engine.trace;
}

void sim_trace_note(const char *what, const void *obj, long value,
		    const struct sim_loc *loc)
{
	if (sim_engine.trace)
		trace_line(sim_current, SIM_OP_USER, obj, what, loc, value,
			   true);
}
