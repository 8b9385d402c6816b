// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running decoded programs: one execution each, the failure it ends with,
 * minimisation of a failing program, findings written as scenario files.
 *
 * The kernel globals of a target are saved by every sim_explore() call
 * and restored before each of its executions.  A fuzzer calls
 * sim_explore() once per input, after executions that may have failed
 * half-way (a module never unloaded, a list head pointing into the heap
 * the engine took back), and would save that.  So this file keeps its
 * own copy of the regions as the constructors left them, learnt by
 * wrapping sim_register_state() (-Wl,--wrap, cmake/fuzz.cmake), and puts
 * it back before every run: each input starts from the state a fresh
 * `vfio-sim replay` starts from.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/fuzz.h"
#include "world/scenario.h"
#include "targets/target.h"

/* --- pristine state ------------------------------------------------------ */

#define MAX_REGIONS	16

static struct {
	void *start;
	size_t len;
	void *copy;
} regions[MAX_REGIONS];
static int nr_regions;
static bool regions_copied;

void __real_sim_register_state(void *start, size_t len);
void __wrap_sim_register_state(void *start, size_t len);

void __wrap_sim_register_state(void *start, size_t len)
{
	if (nr_regions < MAX_REGIONS) {
		regions[nr_regions].start = start;
		regions[nr_regions].len = len;
		nr_regions++;
	} else {
		fprintf(stderr, "fuzz: more than %d state regions\n",
			MAX_REGIONS);
		abort();
	}
	__real_sim_register_state(start, len);
}

/* Before the first run: the constructors' state.  Then: put it back. */
static void pristine_state(void)
{
	for (int i = 0; i < nr_regions; i++) {
		if (!regions_copied) {
			regions[i].copy = malloc(regions[i].len);
			if (!regions[i].copy)
				abort();
			memcpy(regions[i].copy, regions[i].start,
			       regions[i].len);
		} else {
			memcpy(regions[i].start, regions[i].copy,
			       regions[i].len);
		}
	}
	regions_copied = true;
}

/* --- one run ------------------------------------------------------------- */

bool vf_isolate;
bool vf_no_snapshot;
bool vf_count_steps;

void vf_run_scenario(struct sim_scenario *s, const struct vf_sched *sched,
		     struct vf_result *r)
{
	struct sim_result res;
	struct sim_opts o;

	memset(r, 0, sizeof(*r));
	sim_opts_init(&o);
	o.strategy = sched->strategy;
	o.seed = sched->seed;
	o.pct_depth = sched->depth;
	o.fail_nth = sched->fail_nth;
	o.max_executions = 1;
	o.quiet = true;
	o.progress = 0;
	o.isolate = vf_isolate;
	o.no_snapshot = vf_no_snapshot;
	/*
	 * Without a result to fill, sim_explore() does not copy its 75 KiB
	 * struct sim_result out of memory it has just mapped: a quarter of
	 * the time of a short input.  A failure (rare) runs again for its
	 * report; so does every input when its steps are wanted.
	 */
	pristine_state();
	if (!vf_count_steps &&
	    sim_explore(sim_scenario_program(s), &o, NULL) == 0) {
		sim_scenario_free(s);
		return;
	}
	pristine_state();
	sim_explore(sim_scenario_program(s), &o, &res);
	sim_scenario_free(s);
	r->steps = res.steps;
	if (res.nfailures) {
		r->failed = true;
		r->failure = res.failures[0];
	}
}

int vf_run_text(const char *file, const char *text, size_t len,
		const struct sim_target *t, const struct vf_sched *sched,
		struct vf_result *r, char *err, size_t errlen)
{
	struct sim_scenario *s;

	memset(r, 0, sizeof(*r));
	s = sim_scenario_parse(file, text, len, t->name, err, errlen);
	if (!s)
		return -1;
	vf_run_scenario(s, sched, r);
	return 0;
}

/* --- minimisation -------------------------------------------------------- */

/* Offsets of the operation lines (those with "THREAD:"), -1 terminated. */
static int op_lines(const char *text, size_t *start, size_t *end, int max)
{
	const char *p = text;
	int n = 0;

	while (*p && n < max) {
		const char *e = strchr(p, '\n');
		const char *colon = strchr(p, ':');

		if (!e)
			e = p + strlen(p);
		/* a line "NAME: ..." (device names have ':' after a blank) */
		if (colon && colon < e && !memchr(p, ' ', colon - p)) {
			start[n] = p - text;
			end[n] = e - text + (*e == '\n');
			n++;
		}
		p = *e ? e + 1 : e;
	}
	return n;
}

/* @text without the operation lines whose @drop is set. */
static char *without(const char *text, const size_t *start, const size_t *end,
		     const bool *drop, int n, size_t *len)
{
	size_t tl = strlen(text), o = 0, from = 0;
	char *out = malloc(tl + 1);

	if (!out)
		return NULL;
	for (int i = 0; i < n; i++) {
		if (!drop[i])
			continue;
		memcpy(out + o, text + from, start[i] - from);
		o += start[i] - from;
		from = end[i];
	}
	memcpy(out + o, text + from, tl - from);
	o += tl - from;
	out[o] = 0;
	*len = o;
	return out;
}

/*
 * Whether two failures' call sites ("FILE:LINE FUNCTION()") are the same
 * place in the code under test.  A site in the scenario itself (a .sim
 * file: a deadlocked line, an assertion) moves as lines are removed: only
 * its operation counts.
 */
static bool same_site(const char *a, const char *b)
{
	const char *ca = strchr(a, ':'), *cb = strchr(b, ':');
	const char *fa = strchr(a, ' '), *fb = strchr(b, ' ');

	if (!ca || !cb || !fa || !fb)
		return !strcmp(a, b);
	if (strcmp(fa, fb))
		return false;
	if (ca - a > 4 && !strncmp(ca - 4, ".sim", 4))
		return cb - b > 4 && !strncmp(cb - 4, ".sim", 4);
	return ca - a == cb - b && !strncmp(a, b, fa - a);
}

void vf_minimise(struct vf_prog *p, const struct sim_target *t,
		 struct vf_result *r, int max_runs)
{
	size_t start[VF_MAX_OPS * 2], end[VF_MAX_OPS * 2];
	bool drop[VF_MAX_OPS * 2];
	enum sim_fail_kind kind = r->failure.kind;
	char where[SIM_TITLE_MAX];
	int n, chunk, runs = 0;
	char err[SIM_SCENARIO_ERR_MAX];

	/*
	 * The same kind at the same call site: not another bug.  Where a
	 * deadlock, a livelock or a crash is reported is no call site (a
	 * blocked thread's last point, none): their kind alone.
	 */
	memcpy(where, r->failure.where, sizeof(where));
	if (kind == SIM_FAIL_DEADLOCK || kind == SIM_FAIL_LIVELOCK ||
	    kind == SIM_FAIL_CRASH)
		where[0] = 0;
	n = op_lines(p->text, start, end, VF_MAX_OPS * 2);
	chunk = n / 2 > 0 ? n / 2 : 1;
	while (n > 0 && runs < max_runs) {
		bool removed = false;

		for (int i = 0; i < n && runs < max_runs; i += chunk) {
			struct vf_result cand;
			size_t len;
			char *text;

			memset(drop, 0, sizeof(drop));
			for (int j = i; j < i + chunk && j < n; j++)
				drop[j] = true;
			text = without(p->text, start, end, drop, n, &len);
			if (!text)
				return;
			runs++;
			if (vf_run_text("fuzz.sim", text, len, t, &p->sched,
					&cand, err, sizeof(err)) ||
			    !cand.failed || cand.failure.kind != kind ||
			    (where[0] &&
			     !same_site(cand.failure.where, where))) {
				free(text);
				continue;
			}
			free(p->text);
			p->text = text;
			p->len = len;
			*r = cand;
			n = op_lines(p->text, start, end, VF_MAX_OPS * 2);
			removed = true;
			i -= chunk;	/* the next chunk moved here */
		}
		if (!removed) {
			if (chunk == 1)
				break;
			chunk /= 2;
		}
	}
	p->nops = n;
}

/* --- findings ------------------------------------------------------------ */

static uint64_t fnv1a(const char *s, uint64_t h)
{
	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ull;
	return h;
}

static int write_file(const char *path, const char *a, const char *b,
		      const char *c)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(a, f);
	if (b)
		fputs(b, f);
	if (c)
		fputs(c, f);
	if (fclose(f))
		return -1;
	return 0;
}

int vf_write_finding(const char *dir, const struct vf_prog *p,
		     const struct sim_target *t, const struct vf_result *r,
		     char *path, size_t pathlen)
{
	const struct sim_failure *f = &r->failure;
	const char *kind = sim_fail_kind_name(f->kind);
	char head[2 * SIM_TITLE_MAX + SIM_SCHEDULE_MAX + 512];
	char spath[4096 + 16];
	uint64_t h;
	int n;

	if (mkdir(dir, 0777) && errno != EEXIST)
		return -1;
	h = fnv1a(f->title, fnv1a(f->where, 0xcbf29ce484222325ull));
	/* a crash has no call site: its scenario tells crashes apart */
	if (!f->where[0])
		h = fnv1a(p->text, h);
	n = snprintf(path, pathlen, "%s/%s-%016llx.sim", dir, kind,
		     (unsigned long long)h);
	if (n < 0 || (size_t)n >= pathlen)
		return -1;
	snprintf(spath, sizeof(spath), "%s/%s-%016llx.schedule", dir, kind,
		 (unsigned long long)h);
	snprintf(head, sizeof(head),
		 "# SPDX-License-Identifier: GPL-2.0-only\n"
		 "# Found by fuzz-vfio on target %s: %s: %s\n"
		 "#   at %s\n"
		 "# Scheduled by %s, seed %llu, depth %d, fail-nth %d; "
		 "%d lines after minimising.\n"
		 "# replay: vfio-sim replay %s \"%s\"\n"
		 "# expect-failure: %s\n",
		 t->name, kind, f->title, f->where,
		 sim_strategy_name(p->sched.strategy),
		 (unsigned long long)p->sched.seed, p->sched.depth,
		 p->sched.fail_nth, p->nops, path, f->schedule, kind);
	if (write_file(path, head, p->text, NULL))
		return -1;
	if (write_file(spath, f->schedule, "\n", NULL))
		return -1;
	return 0;
}

/* --- the pipeline -------------------------------------------------------- */

#define MAX_SEEN	256

static struct {
	enum sim_fail_kind kind;
	uint64_t hash;
} seen[MAX_SEEN];
static unsigned int nr_seen;

unsigned int vf_nr_findings(void)
{
	return nr_seen;
}

static bool seen_before(const struct sim_failure *f)
{
	uint64_t h = fnv1a(f->title, fnv1a(f->where, 0xcbf29ce484222325ull));

	/*
	 * A crash whose report names no call site (a child that died
	 * without a sanitizer's report or a signal noted): crashes of
	 * different places look alike, so each is minimised and written
	 * (named by its minimised scenario).
	 */
	if (!f->where[0])
		return false;

	for (unsigned int i = 0; i < nr_seen; i++)
		if (seen[i].kind == f->kind && seen[i].hash == h)
			return true;
	if (nr_seen < MAX_SEEN) {
		seen[nr_seen].kind = f->kind;
		seen[nr_seen].hash = h;
		nr_seen++;
	}
	return false;
}

int vf_one_input(const uint8_t *data, size_t size, const struct sim_target *t,
		 const char *dir, FILE *out, struct vf_result *r)
{
	char err[SIM_SCENARIO_ERR_MAX], path[4096];
	struct sim_scenario *s;
	struct vf_sched sched;
	struct vf_prog p;

	/*
	 * The scenario without its text: the text is made only for a
	 * failure to minimise and write (the same scenario, emit.h).
	 */
	s = vf_decode_scenario(data, size, t, &sched, err, sizeof(err));
	if (!s) {
		/* out of memory, or a decoder bug: a line that is refused */
		fprintf(stderr, "fuzz: decoder bug: %s\n", err);
		abort();
	}
	vf_run_scenario(s, &sched, r);
	if (!r->failed)
		return 0;
	if (seen_before(&r->failure))
		return 1;
	if (vf_decode(data, size, t, &p)) {
		fprintf(stderr, "fuzz: out of memory\n");
		abort();
	}
	vf_minimise(&p, t, r, 200);
	if (out)
		fprintf(out, "fuzz: %s: %s (%s)\n",
			sim_fail_kind_name(r->failure.kind),
			r->failure.title, r->failure.where);
	if (dir) {
		if (vf_write_finding(dir, &p, t, r, path, sizeof(path)))
			fprintf(stderr, "fuzz: cannot write the finding into "
				"%s: %s\n", dir, strerror(errno));
		else if (out)
			fprintf(out, "fuzz:   written to %s, schedule \"%s\"\n",
				path, r->failure.schedule);
	}
	vf_prog_free(&p);
	return 1;
}
