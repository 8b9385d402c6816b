// SPDX-License-Identifier: GPL-2.0-only
/*
 * The explorer: strategies (DFS with iterative preemption bounding, random
 * walk, PCT, replay), the execution loop, crash isolation and reports.
 *
 * Exploration is stateless: every execution rebuilds the program's world
 * through its setup hook (or gets back the state a set-up built:
 * snapshot.c) and replays a prefix of decisions.  With
 * isolation on, the loop runs in a child process whose state (the DFS
 * stack, counters, failures) lives in a shared mapping, so that when the
 * code under test crashes, the parent reports the crash with the schedule
 * that caused it and starts a new child that carries on after it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"


struct explore_state {
	struct sim_result res;
	struct sim_path path;
	int bound;
	bool pruned;		/* DFS: the bound cut an alternative */
	bool resume;		/* a crashed child handed over */
	bool stop;
	volatile int in_exec;
	uint32_t pct_k;		/* PCT: estimate of decisions per run */
	uint64_t seq;		/* executions started (random, pct) */
	struct sim_dpor *dpor;	/* DPOR: its own mapping */
	/* sharded DPOR: the fixed decisions, 0 while they are chosen */
	unsigned int shard_depth;
	unsigned int probe_depth;	/* the depth being counted */
};

/* --- the loop ------------------------------------------------------------ */

bool sim_same_failure(const struct sim_failure *a,
		      const struct sim_failure *b)
{
	return a->kind == b->kind && !strcmp(a->title, b->title) &&
	       !strcmp(a->where, b->where);
}

/* Append @f to the results unless already there; false if a duplicate. */
static bool add_failure(struct explore_state *st, const struct sim_opts *opts,
			struct sim_failure *f)
{
	struct sim_result *res = &st->res;
	unsigned int max = opts->max_failures ? opts->max_failures :
						SIM_MAX_FAILURES;

	for (unsigned int i = 0; i < res->nfailures; i++)
		if (sim_same_failure(&res->failures[i], f))
			return false;
	if (res->nfailures < SIM_MAX_FAILURES)
		res->failures[res->nfailures++] = *f;
	if (!opts->keep_going || res->nfailures >= max)
		st->stop = true;
	return true;
}

static void failure_from_engine(struct explore_state *st,
				struct sim_failure *f)
{
	struct sim_engine *e = &sim_engine;

	memset(f, 0, sizeof(*f));
	f->kind = e->fail_kind;
	_Static_assert(sizeof(f->title) == sizeof(e->fail_title), "sizes");
	memcpy(f->title, e->fail_title, sizeof(f->title));
	memcpy(f->where, e->fail_where, sizeof(f->where));
	f->execution = st->res.executions;
	f->fail_nth = st->path.fail_nth;
	if (sim_schedule_format(&st->path, f->schedule, sizeof(f->schedule),
				&f->preemptions))
		snprintf(f->schedule, sizeof(f->schedule), "(too long)");
}

static void run_one(const struct sim_program *prog,
		    const struct sim_opts *opts, struct explore_state *st,
		    struct sim_progress *pg)
{
	struct sim_engine *e = &sim_engine;
	struct sim_failure f;

	/*
	 * Another shard's default schedule: run only to learn the decisions
	 * that the owned subtrees branch from, and count nothing.
	 */
	if (opts->strategy == SIM_STRATEGY_DFS && st->path.prefix == 0 &&
	    opts->nshards > 1 && opts->shard != 0) {
		e->path = &st->path;
		sim_engine_run();
		return;
	}

	st->in_exec = 1;
	e->path = &st->path;
	if (opts->trace_always) {
		e->trace = opts->out;
		e->json = opts->json;
	}
	if (st->dpor) {
		e->dpor = st->dpor;
		e->pick = sim_dpor_pick;
		e->pick_ctx = st->dpor;
		sim_dpor_execution_begin(st->dpor);
	}
	sim_engine_run();
	e->dpor = NULL;
	e->trace = NULL;
	e->json = NULL;
	st->in_exec = 0;
	if (st->dpor) {
		sim_dpor_analyse(st->dpor);
		/* another shard's prefix, or one counted to choose the depth */
		if (!sim_dpor_owned(st->dpor)) {
			st->res.shard_probes++;
			return;
		}
	}
	st->res.executions++;
	st->res.steps += e->steps;
	if (e->allocs > st->res.max_allocs)
		st->res.max_allocs = e->allocs;
	if (e->abandoned) {
		st->res.redundant++;
		return;
	}
	if (opts->strategy == SIM_STRATEGY_DFS && st->bound < 16)
		st->res.per_bound[st->bound]++;
	if (e->fail_kind == SIM_FAIL_NONE) {
		sim_progress_tick(pg, prog, opts, st->bound, &st->res);
		return;
	}
	failure_from_engine(st, &f);
	if (!add_failure(st, opts, &f))
		return;
	sim_progress_done(pg);
	if (opts->trace_always) {
		/* this execution was traced already: just the report */
		f.replayed = true;
		if (!opts->quiet) {
			sim_print_header(prog, opts, &f, true);
			sim_print_body(opts->out);
			sim_print_footer(opts->out, true);
		}
		return;
	}
	if (!opts->quiet)
		sim_print_header(prog, opts, &f, false);
	/* replay it (traced when reporting) to check it is reproducible */
	f.replayed = sim_replay_traced(prog, opts, &f, !opts->quiet);
	st->res.failures[st->res.nfailures - 1].replayed = f.replayed;
	if (!opts->quiet) {
		sim_print_body(opts->out);
		sim_print_footer(opts->out, f.replayed);
	}
}

/*
 * Sharding: the shard that owns the subtree of @path, keyed by its first
 * decision that is not the default choice (none: the default schedule,
 * shard 0's).
 */
static bool shard_owns(const struct sim_opts *opts,
		       const struct sim_path *path)
{
	uint64_t key = 0;

	if (opts->nshards <= 1)
		return true;
	for (uint32_t i = 0; i < path->len; i++) {
		const struct sim_decision *d = &path->d[i];

		if (d->choice == sim_default_choice(d))
			continue;
		key = (uint64_t)i * SIM_MAX_THREADS + d->choice + 1;
		key = sim_splitmix64(&key);
		break;
	}
	return key % opts->nshards == opts->shard;
}

/* DFS with sharding: the next schedule in a subtree this shard owns. */
static bool dfs_next_owned(const struct sim_opts *opts, struct sim_path *p,
			   int bound, bool *pruned)
{
	while (sim_dfs_backtrack(p, bound, pruned))
		if (shard_owns(opts, p))
			return true;
	return false;
}

static uint64_t max_execs(const struct sim_opts *opts)
{
	if (opts->max_executions)
		return opts->max_executions;
	return opts->strategy == SIM_STRATEGY_DFS ||
	       opts->strategy == SIM_STRATEGY_DPOR ? UINT64_MAX : 1000;
}

/* The budget (--max-executions, --max-seconds) is used up. */
static bool budget_spent(const struct sim_opts *opts,
			 struct explore_state *st,
			 const struct sim_progress *pg)
{
	if (st->res.executions < max_execs(opts) &&
	    (!opts->max_seconds ||
	     sim_now() - pg->start < opts->max_seconds))
		return false;
	st->res.budget_spent = true;
	return true;
}

static void explore_dfs(const struct sim_program *prog,
			const struct sim_opts *opts, struct explore_state *st,
			struct sim_progress *pg)
{
	for (; st->bound <= opts->max_bound && !st->stop; st->bound++) {
		st->res.bound = st->bound;
		if (st->resume) {
			/* the crashed execution is done: go past it */
			st->resume = false;
			if (!dfs_next_owned(opts, &st->path, st->bound,
					    &st->pruned))
				goto bound_done;
		} else {
			st->path.len = st->path.prefix = 0;
			st->pruned = false;
		}
		for (;;) {
			run_one(prog, opts, st, pg);
			if (st->stop || budget_spent(opts, st, pg)) {
				st->stop = true;
				return;
			}
			if (!dfs_next_owned(opts, &st->path, st->bound,
					    &st->pruned))
				break;
		}
bound_done:
		if (!st->pruned) {
			st->res.exhausted = true;
			return;
		}
	}
}

/* DPOR until every trace is explored (true) or a budget stops it. */
static bool dpor_run(const struct sim_program *prog,
		     const struct sim_opts *opts, struct explore_state *st,
		     struct sim_progress *pg)
{
	if (st->resume) {
		/* the crashed execution is done: analyse it, go past it */
		st->resume = false;
		sim_dpor_failing(st->dpor);	/* the step that crashed */
		sim_dpor_analyse(st->dpor);
		if (!sim_dpor_backtrack(st->dpor, &st->path))
			return true;
	} else {
		st->path.len = st->path.prefix = 0;
	}
	for (;;) {
		run_one(prog, opts, st, pg);
		if (st->stop || budget_spent(opts, st, pg)) {
			st->stop = true;
			st->res.pending = sim_dpor_pending(st->dpor,
							   &st->path);
			return false;
		}
		if (!sim_dpor_backtrack(st->dpor, &st->path))
			return true;
	}
}

/*
 * Sharded DPOR: how many decisions to fix.  The smallest depth with
 * SHARD_PREFIXES a shard of prefixes that an execution reaches the end of
 * (a prefix cut by sleep sets, or whose execution ends, before the depth
 * holds one execution), or at which every execution ends, found by
 * counting the prefixes of depth 1, 2, ... (each count a DPOR run that
 * owns no prefix, so that every execution stops at the depth).  Every
 * shard counts the same, without talking to the others.  False if a
 * budget stopped it.
 */
#define SHARD_PREFIXES		4
#define SHARD_MAX_DEPTH		256

static bool dpor_shard_depth(const struct sim_program *prog,
			     const struct sim_opts *opts,
			     struct explore_state *st,
			     struct sim_progress *pg)
{
	struct sim_dpor *d = st->dpor;
	uint64_t n;
	bool deeper;

	if (!st->probe_depth) {
		st->probe_depth = 1;
		sim_dpor_shard(d, 1, SIM_DPOR_PROBE, opts->nshards);
	}
	for (;;) {
		if (!dpor_run(prog, opts, st, pg))
			return false;
		sim_dpor_prefixes(d, NULL, &deeper);
		n = sim_dpor_prefixes_reached(d);
		if (n >= (uint64_t)SHARD_PREFIXES * opts->nshards ||
		    !deeper || st->probe_depth == SHARD_MAX_DEPTH)
			break;
		sim_dpor_restart(d);
		sim_dpor_shard(d, ++st->probe_depth, SIM_DPOR_PROBE,
			       opts->nshards);
	}
	st->shard_depth = st->probe_depth;
	sim_dpor_restart(d);
	sim_dpor_shard(d, st->shard_depth, opts->shard, opts->nshards);
	return true;
}

static void explore_dpor(const struct sim_program *prog,
			 const struct sim_opts *opts, struct explore_state *st,
			 struct sim_progress *pg)
{
	if (opts->nshards && !st->shard_depth) {
		if (opts->shard_depth || opts->nshards == 1) {
			/* given, or one shard: the whole, unchanged */
			st->shard_depth = opts->shard_depth;
			sim_dpor_shard(st->dpor, opts->shard_depth,
				       opts->shard, opts->nshards);
		} else if (!dpor_shard_depth(prog, opts, st, pg)) {
			return;
		}
	}
	if (dpor_run(prog, opts, st, pg))
		st->res.exhausted = true;
	st->res.shard_depth = st->shard_depth;
	st->res.shard_prefixes = sim_dpor_prefixes(st->dpor,
						   &st->res.shard_owned, NULL);
}

static void explore_sampling(const struct sim_program *prog,
			     const struct sim_opts *opts,
			     struct explore_state *st, struct sim_progress *pg)
{
	struct sim_engine *e = &sim_engine;
	uint64_t limit = max_execs(opts);
	uint64_t rnd;
	struct sim_pct pct;

	if (st->resume)
		st->resume = false;
	for (; st->seq < limit && !st->stop; ) {
		uint64_t s = opts->seed ^ (st->seq * 0x2545f4914f6cdd1dull);

		sim_splitmix64(&s);
		st->path.len = st->path.prefix = 0;
		if (opts->strategy == SIM_STRATEGY_RANDOM) {
			rnd = s;
			e->pick = sim_pick_random;
			e->pick_ctx = &rnd;
		} else {
			sim_pct_init(&pct, s,
				     opts->pct_depth ? opts->pct_depth : 3,
				     st->pct_k);
			e->pick = sim_pick_pct;
			e->pick_ctx = &pct;
		}
		st->seq++;
		run_one(prog, opts, st, pg);
		if (st->path.len > st->pct_k)
			st->pct_k = st->path.len;
		if (opts->max_seconds && st->seq < limit &&
		    budget_spent(opts, st, pg))
			break;
	}
}

static void explore_loop(const struct sim_program *prog,
			 const struct sim_opts *opts, struct explore_state *st,
			 struct sim_progress *pg)
{
	struct sim_engine *e = &sim_engine;

	e->pick = sim_pick_default;
	e->pick_ctx = NULL;
	st->path.fail_nth = opts->fail_nth;
	switch (opts->strategy) {
	case SIM_STRATEGY_DFS:
		explore_dfs(prog, opts, st, pg);
		break;
	case SIM_STRATEGY_RANDOM:
	case SIM_STRATEGY_PCT:
		explore_sampling(prog, opts, st, pg);
		break;
	case SIM_STRATEGY_REPLAY:
		run_one(prog, opts, st, pg);
		break;
	case SIM_STRATEGY_DPOR:
		explore_dpor(prog, opts, st, pg);
		break;
	}
	sim_progress_done(pg);
}

/*
 * A crash: its report, and a replay in another child that must crash the
 * same way.  An execution traced already (trace_always) is reported from
 * what its child left; otherwise the replay is traced when reporting, and
 * reported, its steps matching the trace just printed.  @c points into
 * @text; the replay's report goes to the second half of @text.
 */
static void report_crash(const struct sim_program *prog,
			 const struct sim_opts *opts, struct explore_state *st,
			 struct sim_progress *pg, struct sim_failure *f,
			 struct sim_crash *c, int err_fd, char *text)
{
	struct sim_crash_info *ci = sim_engine.crash;
	struct sim_crash *again = c + 1;
	bool traced = !opts->quiet && !opts->trace_always;
	bool crashed;
	int status;
	pid_t pid;

	if (opts->trace_always) {
		if (!opts->quiet) {
			sim_print_header(prog, opts, f, true);
			sim_crash_print(opts->out, c, ci);
		}
		sim_crash_json(opts->json, c, ci);
	} else if (!opts->quiet) {
		sim_print_header(prog, opts, f, false);
	}
	sim_crash_info_reset(ci);
	pid = sim_spawn(err_fd, &pg->fd);
	if (pid == 0) {
		sim_replay_traced(prog, opts, f, traced);
		fflush(NULL);
		sim_coverage_flush();
		_exit(0);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	crashed = pid > 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* @c points into @text: the replay's goes after it */
	text += CRASH_TEXT_MAX;
	sim_read_tail(err_fd, text, CRASH_TEXT_MAX);
	if (crashed)
		sim_crash_parse(text, status, ci, again);
	f->replayed = crashed && !strcmp(again->headline, f->title);
	st->res.failures[st->res.nfailures - 1].replayed = f->replayed;
	if (!opts->quiet) {
		/* what the replay shows, or what the exploration saw */
		if (traced)
			sim_crash_print(opts->out, crashed ? again : c,
					crashed ? ci : NULL);
		sim_print_footer(opts->out, f->replayed);
	}
}

static int explore_isolated(const struct sim_program *prog,
			    const struct sim_opts *opts,
			    struct explore_state *st, struct sim_progress *pg)
{
	int err_fd = memfd_create("vfio-sim-stderr", 0);
	/* the crash read now and its replay's, and what each child wrote */
	char *text = malloc(2 * CRASH_TEXT_MAX);
	struct sim_crash *c = malloc(2 * sizeof(*c));
	struct sim_crash_info *ci;
	int ret = 0;

	ci = mmap(NULL, sizeof(*ci), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!text || !c || ci == MAP_FAILED || err_fd < 0) {
		ret = -1;
		goto out;
	}
	sim_engine.crash = ci;
	while (!st->stop) {
		struct sim_failure f;
		int status;
		pid_t pid;

		sim_crash_info_reset(ci);
		pid = sim_spawn(err_fd, &pg->fd);
		if (pid < 0) {
			perror("vfio-sim: fork");
			ret = -1;
			break;
		}
		if (pid == 0) {
			explore_loop(prog, opts, st, pg);
			fflush(NULL);
			sim_coverage_flush();
			_exit(0);
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
		    !st->in_exec)
			break;
		/* the code under test crashed the child mid-execution */
		st->in_exec = 0;
		if (st->dpor && !sim_dpor_owned(st->dpor)) {
			/* in another shard's prefix: that shard reports it */
			sim_clear_text(err_fd);
			st->res.shard_probes++;
			st->resume = true;
			continue;
		}
		memset(&f, 0, sizeof(f));
		f.kind = SIM_FAIL_CRASH;
		sim_read_tail(err_fd, text, CRASH_TEXT_MAX);
		sim_crash_parse(text, status, ci, c);
		_Static_assert(sizeof(f.title) == sizeof(c->headline), "sizes");
		memcpy(f.title, c->headline, sizeof(f.title));
		memcpy(f.where, c->where, sizeof(f.where));
		f.execution = ++st->res.executions;
		f.fail_nth = st->path.fail_nth;
		sim_schedule_format(&st->path, f.schedule, sizeof(f.schedule),
				    &f.preemptions);
		st->resume = true;
		/* every execution may crash: the budget still holds */
		if (budget_spent(opts, st, pg))
			st->stop = true;
		if (!add_failure(st, opts, &f))
			continue;
		report_crash(prog, opts, st, pg, &f, c, err_fd, text);
	}
out:
	sim_engine.crash = NULL;
	if (ci != MAP_FAILED)
		munmap(ci, sizeof(*ci));
	free(c);
	free(text);
	if (err_fd >= 0)
		close(err_fd);
	return ret;
}

/* --- entry points -------------------------------------------------------- */

void sim_opts_init(struct sim_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->strategy = SIM_STRATEGY_DFS;
	opts->max_bound = 2;
	opts->pct_depth = 3;
	opts->progress = -1;
	opts->out = stdout;
}

/*
 * The state of an exploration and its decision path (SIM_PATH_CAP
 * decisions: megabytes, mostly never touched).  Isolated explorations
 * share it with their children (MAP_SHARED) and map it each time; the
 * others reuse one private mapping, so that many short explorations in a
 * row (the fuzzer: one per input) do not pay a map, its page faults and
 * an unmap each.  Only the fixed part is cleared for reuse: the path's
 * decisions are written before they are read (sim_pick()).
 */
static struct explore_state *private_state;

static struct explore_state *explore_state_get(size_t size, bool isolate)
{
	struct explore_state *st;

	if (!isolate && private_state) {
		st = private_state;
		private_state = NULL;
		memset(&st->res, 0, offsetof(struct sim_result, failures));
		st->res.seconds = 0;
		memset(&st->path, 0,
		       sizeof(*st) - offsetof(struct explore_state, path));
		return st;
	}
	st = mmap(NULL, size, PROT_READ | PROT_WRITE,
		  (isolate ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, -1, 0);
	return st == MAP_FAILED ? NULL : st;
}

static void explore_state_put(struct explore_state *st, size_t size,
			      bool isolate)
{
	if (!isolate && !private_state)
		private_state = st;
	else
		munmap(st, size);
}

int sim_explore(const struct sim_program *prog, const struct sim_opts *in,
		struct sim_result *res)
{
	size_t size = sizeof(struct explore_state) +
		      SIM_PATH_CAP * sizeof(struct sim_decision);
	unsigned int saved_checks = sim_checks;
	struct sim_progress pg = { .fd = -1 };
	struct explore_state *st;
	struct sim_opts opts = *in;
	void *dpor_mem = NULL;
	char err[256];
	int ret = 0;

	if (!opts.out)
		opts.out = stdout;
	st = explore_state_get(size, opts.isolate);
	if (!st)
		return -1;
	st->path.d = (struct sim_decision *)(st + 1);
	st->path.cap = SIM_PATH_CAP;
	st->dpor = NULL;
	if (opts.strategy == SIM_STRATEGY_DPOR) {
		dpor_mem = mmap(NULL, sim_dpor_size(), PROT_READ | PROT_WRITE,
				(opts.isolate ? MAP_SHARED : MAP_PRIVATE) |
				MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (dpor_mem == MAP_FAILED) {
			explore_state_put(st, size, opts.isolate);
			return -1;
		}
		st->dpor = sim_dpor_init(dpor_mem);
	}
	/*
	 * Sharded DFS is one pass at the bound: whether a next bound is
	 * needed depends on every shard's subtrees, which no shard sees.
	 */
	if (opts.strategy == SIM_STRATEGY_DFS && opts.nshards >= 1)
		opts.min_bound = opts.max_bound;
	st->bound = opts.strategy == SIM_STRATEGY_DFS ? opts.min_bound : 0;
	if (opts.strategy == SIM_STRATEGY_REPLAY) {
		if (sim_schedule_parse(opts.schedule ? opts.schedule : "",
				       &st->path, err, sizeof(err))) {
			fprintf(stderr, "vfio-sim: %s\n", err);
			explore_state_put(st, size, opts.isolate);
			return -1;
		}
		if (!opts.fail_nth)
			opts.fail_nth = st->path.fail_nth;
	}
	sim_checks = opts.no_checks ? 0 : opts.checks ? opts.checks :
							SIM_CHECK_ALL;
	if (opts.progress > 0 ||
	    (opts.progress < 0 && isatty(STDERR_FILENO) && !opts.quiet))
		pg.fd = STDERR_FILENO;
	pg.start = pg.last = sim_now();
	sim_engine.execution = 0;
	sim_engine.prog = prog;
	sim_engine.trace_all = opts.trace_all;
	sim_engine.max_steps = opts.max_steps ? opts.max_steps : 100000;
	sim_engine.no_snapshot = opts.no_snapshot;
	/* it would only pay for a snapshot no other program shares */
	sim_engine.single_execution = opts.max_executions == 1 ||
				      opts.strategy == SIM_STRATEGY_REPLAY;
	sim_state_save();
	sim_hooks_explore_begin();
	if (opts.isolate)
		ret = explore_isolated(prog, &opts, st, &pg);
	else
		explore_loop(prog, &opts, st, &pg);
	st->res.seconds = sim_now() - pg.start;
	sim_checks = saved_checks;
	sim_engine.prog = NULL;
	if (res)
		*res = st->res;
	if (!ret)
		ret = st->res.nfailures ? 1 : 0;
	if (dpor_mem)
		munmap(dpor_mem, sim_dpor_size());
	explore_state_put(st, size, opts.isolate);
	return ret;
}

int sim_replay(const struct sim_program *prog, const char *schedule,
	       const struct sim_opts *in, struct sim_result *res)
{
	struct sim_opts opts;

	if (in)
		opts = *in;
	else
		sim_opts_init(&opts);
	opts.strategy = SIM_STRATEGY_REPLAY;
	opts.schedule = schedule;
	opts.trace_always = !opts.quiet;
	return sim_explore(prog, &opts, res);
}

uint64_t sim_alloc_count(void)
{
	return sim_engine.allocs;
}

bool sim_should_fail_alloc(void)
{
	struct sim_engine *e = &sim_engine;
	uint64_t n = ++e->allocs;

	if (!e->path || !e->path->fail_nth)
		return false;
	/* which allocation is the Nth depends on the order of all of them */
	if (n <= (uint64_t)e->path->fail_nth)
		sim_note_access(&e->allocs, true);
	return n == (uint64_t)e->path->fail_nth;
}

bool sim_alloc_failed(void)
{
	struct sim_engine *e = &sim_engine;

	return e->path && e->path->fail_nth &&
	       e->allocs >= (uint64_t)e->path->fail_nth;
}
