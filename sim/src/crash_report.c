// SPDX-License-Identifier: GPL-2.0-only
/*
 * A parsed crash as the failure report prints it (the stacks, frames at a
 * traced step marked) and as the JSON failure record carries it.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "crash_impl.h"
#include "engine.h"
#include "sim/sanitizer.h"

/* --- the report ---------------------------------------------------------- */

static bool file_matches(const char *frame, const char *step)
{
	size_t a = strlen(frame), b = strlen(step);

	if (!a || !b)
		return false;
	if (a == b)
		return !strcmp(frame, step);
	if (a > b)
		return frame[a - b - 1] == '/' && !strcmp(frame + a - b, step);
	return step[b - a - 1] == '/' && !strcmp(step + b - a, frame);
}

/*
 * The last traced step at @f's file and line (@any_line: in its
 * function), of thread @tid (-2: any), before step @before (0: any); NULL
 * if none.
 */
static const struct sim_step_rec *
step_of(const struct sim_crash_info *ci, const struct sim_crash_frame *f,
	int tid, uint32_t before, bool any_line)
{
	uint32_t n, first;

	if (!ci || (!f->line && f->file[0]))
		return NULL;
	/* a bare pc: its function is all there is to match */
	if (!f->line)
		any_line = true;
	n = ci->nsteps;
	first = n > SIM_STEPLOG ? n - SIM_STEPLOG : 0;
	while (n-- > first) {
		const struct sim_step_rec *r = &ci->steps[n % SIM_STEPLOG];

		if (before && r->step >= before)
			continue;
		if (tid != -2 && r->tid != tid)
			continue;
		if ((r->line == f->line || any_line) &&
		    !strcmp(r->func, f->func) &&
		    (!f->file[0] || file_matches(f->file, r->file)))
			return r;
	}
	return NULL;
}

/*
 * The steps the frames of the stacks match, one a frame, the innermost
 * match of each stack in first[]; frames below the engine are cut.  The
 * crashing thread's frame that matches no step of its own, but is in the
 * function of its last one, crashed after that step (after[]).
 */
struct mapped {
	const struct sim_step_rec *at[SIM_NSTACKS][SIM_CRASH_FRAMES];
	bool after[SIM_NSTACKS][SIM_CRASH_FRAMES];
	const struct sim_step_rec *first[SIM_NSTACKS];
	int n[SIM_NSTACKS];
};

static void map_stack(const struct sim_crash *c, int k,
		      const struct sim_crash_info *ci, int tid,
		      uint32_t before, struct mapped *m)
{
	const struct sim_crash_stack *s = &c->stack[k];
	bool crashing = k == SIM_STACK_ACCESS && tid >= 0;

	m->first[k] = NULL;
	m->n[k] = 0;
	for (int i = 0; i < s->n; i++) {
		const struct sim_crash_frame *f = &s->f[i];

		m->at[k][i] = NULL;
		m->after[k][i] = false;
		if (crash_sanitizer_frame(f))
			continue;
		m->n[k] = i + 1;
		/* the engine's frames: where every thread starts */
		if (strstr(f->file, "sim/src/"))
			break;
		/* a bare pc names its function only: the crashing thread's */
		if (!f->line && !crashing)
			continue;
		m->at[k][i] = f->line ? step_of(ci, f, tid, before, false) :
			      NULL;
		if (!m->at[k][i] && crashing && !m->first[k]) {
			m->at[k][i] = step_of(ci, f, tid, before, true);
			m->after[k][i] = m->at[k][i] != NULL;
		}
		if (m->at[k][i] && !m->first[k])
			m->first[k] = m->at[k][i];
	}
}

static void print_frames(FILE *out, const struct sim_crash *c, int k,
			 const struct mapped *m)
{
	const struct sim_crash_stack *s = &c->stack[k];

	for (int i = 0; i < m->n[k]; i++) {
		const struct sim_crash_frame *f = &s->f[i];
		const struct sim_step_rec *r = m->at[k][i];

		if (crash_sanitizer_frame(f))
			continue;
		if (f->line)
			fprintf(out, " %s %s:%d", f->func, f->file, f->line);
		else if (f->file[0])
			fprintf(out, " %s (%s)", f->func, f->file);
		else
			fprintf(out, " %s+0x%lx", f->func, f->off);
		if (r)
			fprintf(out, "    <- %sstep %u, T%d %s: %s",
				m->after[k][i] ? "after " : "", r->step,
				r->tid, r->thread, r->what);
		fputc('\n', out);
	}
}

/* The stacks' steps: access (the thread that crashed), free, alloc. */
static void map_all(const struct sim_crash *c, const struct sim_crash_info *ci,
		    struct mapped *m)
{
	uint32_t before = c->after_step + 1;

	map_stack(c, SIM_STACK_ACCESS, ci, c->died ? c->tid : -2, before, m);
	map_stack(c, SIM_STACK_FREE, ci, -2, before, m);
	/* the allocation came before the free */
	if (m->first[SIM_STACK_FREE])
		before = m->first[SIM_STACK_FREE]->step;
	map_stack(c, SIM_STACK_ALLOC, ci, -2, before, m);
}

static const char rule[] =
	"------------------------------------------------------------------";

void sim_crash_print(FILE *out, const struct sim_crash *c,
		     const struct sim_crash_info *ci)
{
	static const char *const names[SIM_NSTACKS] = {
		[SIM_STACK_ALLOC] = "Allocated", [SIM_STACK_FREE] = "Freed",
	};
	struct mapped m;
	const char *task = c->died ? c->thread : "?";

	map_all(c, ci, &m);
	fprintf(out, "%s\n%s\n", rule, c->headline);
	if (c->access[0]) {
		fprintf(out, "%s", c->access);
		/* ASan's access line names no simulated thread */
		if (strcmp(c->tool, "UndefinedBehaviorSanitizer") &&
		    strcmp(c->kind, "memory-leak"))
			fprintf(out, " by task %s", task);
		fputc('\n', out);
	}
	if (c->died && c->tid >= 0)
		fprintf(out, "Task %s (T%d) crashed after its scheduling point "
			"%s:%d %s()%s\n", c->thread, c->tid, c->last.file,
			c->last.line, c->last.func,
			c->after_step ? "" : " (no trace)");
	else if (c->died)
		fprintf(out, "It crashed in the set-up, outside any simulated "
			"thread\n");
	if (c->after_step)
		fprintf(out, "The trace above stops at step %u.\n",
			c->after_step);
	if (m.n[SIM_STACK_ACCESS]) {
		fprintf(out, "\nCall Trace:\n");
		print_frames(out, c, SIM_STACK_ACCESS, &m);
	}
	for (int k = SIM_STACK_ALLOC; k < SIM_NSTACKS; k++) {
		const struct sim_step_rec *r = m.first[k];

		if (!m.n[k])
			continue;
		if (r)
			fprintf(out, "\n%s by task %s (T%d) at step %u:\n",
				names[k], r->thread, r->tid, r->step);
		else
			fprintf(out, "\n%s (at no step of the trace: %s):\n",
				names[k], ci && ci->nsteps ? "the set-up or "
				"the simulation's own code" : "not traced");
		print_frames(out, c, k, &m);
	}
	if (c->located[0] || c->summary[0])
		fputc('\n', out);
	if (c->located[0])
		fprintf(out, "%s\n", c->located);
	if (c->summary[0])
		fprintf(out, "SUMMARY: %s\n", c->summary);
	if (c->report) {
		fprintf(out, "\n%s's report, as printed:\n",
			c->tool[0] ? c->tool : "the child's stderr");
		fwrite(c->report, 1, c->report_len, out);
		if (c->report_len && c->report[c->report_len - 1] != '\n')
			fputc('\n', out);
	} else if (c->sig) {
		fprintf(out, "\nNo sanitizer in this build: the signal's "
			"address and the return addresses on the frame "
			"pointers are all there is (a sanitizer build names "
			"files and lines).\n");
	}
	fflush(out);
}

static void json_frames(FILE *out, const struct sim_crash *c, int k,
			const struct mapped *m)
{
	const struct sim_crash_stack *s = &c->stack[k];
	const struct sim_step_rec *const *at = m->at[k];
	bool first = true;

	fputc('[', out);
	for (int i = 0; i < m->n[k]; i++) {
		const struct sim_crash_frame *f = &s->f[i];

		if (crash_sanitizer_frame(f))
			continue;
		fprintf(out, "%s{\"func\":", first ? "" : ",");
		sim_json_string(out, f->func);
		fputs(",\"file\":", out);
		sim_json_string(out, f->file);
		fprintf(out, ",\"line\":%d", f->line);
		if (!f->line && !f->file[0])
			fprintf(out, ",\"offset\":%lu", f->off);
		if (at[i]) {
			fprintf(out, ",\"%s\":%u,\"tid\":%d,\"thread\":",
				m->after[k][i] ? "after_step" : "step",
				at[i]->step, at[i]->tid);
			sim_json_string(out, at[i]->thread);
		}
		fputc('}', out);
		first = false;
	}
	fputc(']', out);
}

static void json_field(FILE *out, const char *key, const char *s)
{
	fprintf(out, ",\"%s\":", key);
	sim_json_string(out, s);
}

void sim_crash_json(FILE *out, const struct sim_crash *c,
		    const struct sim_crash_info *ci)
{
	static const char *const keys[SIM_NSTACKS] = {
		[SIM_STACK_ACCESS] = "access_stack",
		[SIM_STACK_ALLOC] = "alloc_stack",
		[SIM_STACK_FREE] = "free_stack",
	};
	struct mapped m;
	char *report = NULL;

	if (!out)
		return;
	map_all(c, ci, &m);
	fprintf(out, "{\"fail\":true,\"after_step\":%u,\"tid\":%d,"
		"\"thread\":", c->after_step, c->died ? c->tid : -1);
	sim_json_string(out, c->died ? c->thread : "main");
	json_field(out, "kind", sim_fail_kind_name(SIM_FAIL_CRASH));
	json_field(out, "message", c->headline);
	json_field(out, "where", c->where);
	/* the locks held died with the child */
	fputs(",\"locks\":[],\"crash\":{\"tool\":", out);
	sim_json_string(out, c->tool);
	json_field(out, "error", c->error);
	json_field(out, "kind", c->kind);
	json_field(out, "headline", c->headline);
	json_field(out, "access", c->access);
	json_field(out, "located", c->located);
	json_field(out, "summary", c->summary);
	if (c->died && c->last.file[0]) {
		fputs(",\"last_point\":{\"file\":", out);
		sim_json_string(out, c->last.file);
		fprintf(out, ",\"line\":%d,\"func\":", c->last.line);
		sim_json_string(out, c->last.func);
		fputc('}', out);
	}
	for (int k = 0; k < SIM_NSTACKS; k++) {
		fprintf(out, ",\"%s\":", keys[k]);
		json_frames(out, c, k, &m);
	}
	if (c->report)
		report = strndup(c->report, c->report_len);
	json_field(out, "report", report ? report : "");
	free(report);
	fputs("}}\n", out);
	fflush(out);
}
