// SPDX-License-Identifier: GPL-2.0-only
/*
 * The explorer: strategies (DFS with iterative preemption bounding, random
 * walk, PCT, replay), the execution loop, crash isolation and reports.
 *
 * Exploration is stateless: every execution rebuilds the program's world
 * through its setup hook and replays a prefix of decisions.  With
 * isolation on, the loop runs in a child process whose state (the DFS
 * stack, counters, failures) lives in a shared mapping, so that when the
 * code under test crashes, the parent reports the crash with the schedule
 * that caused it and starts a new child that carries on after it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

#define PATH_CAP	(1u << 17)	/* decisions per execution */
#define CRASH_TEXT_MAX	4096

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
};

/* --- strategies ---------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int nth_set_bit(uint32_t mask, unsigned int n)
{
	while (n--)
		mask &= mask - 1;
	return __builtin_ctz(mask);
}

static int pick_default(void *ctx, const struct sim_decision *d,
			uint32_t index)
{
	(void)ctx;
	(void)index;
	return sim_default_choice(d);
}

struct random_ctx {
	uint64_t rng;
};

static int pick_random(void *ctx, const struct sim_decision *d,
		       uint32_t index)
{
	struct random_ctx *r = ctx;
	unsigned int n = __builtin_popcount(d->enabled);

	(void)index;
	return nth_set_bit(d->enabled, splitmix64(&r->rng) % n);
}

/*
 * PCT (Burckhardt et al., ASPLOS 2010): random distinct priorities, d-1
 * change points among the k decisions; the highest-priority enabled thread
 * runs; at a change point the running thread drops below everyone.
 */
struct pct_ctx {
	uint64_t rng;
	int64_t prio[SIM_MAX_THREADS];
	uint32_t assigned;
	uint32_t change[16];
	int nchange;
	int64_t floor;		/* lowest priority handed out so far */
};

static void pct_init(struct pct_ctx *p, uint64_t seed, int depth,
		     uint32_t k)
{
	memset(p, 0, sizeof(*p));
	p->rng = seed;
	if (depth > 17)
		depth = 17;
	for (int i = 0; i < depth - 1 && k > 0; i++) {
		uint32_t c;
		bool dup;

		do {
			c = 1 + splitmix64(&p->rng) % k;
			dup = false;
			for (int j = 0; j < p->nchange; j++)
				dup |= p->change[j] == c;
		} while (dup && (uint32_t)p->nchange < k);
		if (!dup)
			p->change[p->nchange++] = c;
	}
}

static int pick_pct(void *ctx, const struct sim_decision *d, uint32_t index)
{
	struct pct_ctx *p = ctx;
	int64_t best_prio = 0;
	int best = -1;

	/*
	 * At a change point the running thread drops below everyone; so
	 * does a thread that yields (spins), or the spin loop of the
	 * highest thread would never end.
	 */
	if (d->cur >= 0) {
		bool lower = d->yielded;

		for (int j = 0; j < p->nchange; j++)
			lower |= p->change[j] == index + 1;
		if (lower) {
			p->prio[d->cur] = --p->floor;
			p->assigned |= 1u << d->cur;
		}
	}
	for (uint32_t m = d->enabled; m; m &= m - 1) {
		int t = __builtin_ctz(m);

		if (!(p->assigned & (1u << t))) {
			/* positive and distinct: the thread breaks ties */
			p->prio[t] = (int64_t)((splitmix64(&p->rng) >> 8) &
					       ~0x3full) | t;
			p->assigned |= 1u << t;
		}
		if (best < 0 || p->prio[t] > best_prio) {
			best = t;
			best_prio = p->prio[t];
		}
	}
	return best;
}

const char *sim_strategy_name(enum sim_strategy s)
{
	switch (s) {
	case SIM_STRATEGY_DFS:
		return "dfs";
	case SIM_STRATEGY_RANDOM:
		return "random";
	case SIM_STRATEGY_PCT:
		return "pct";
	case SIM_STRATEGY_REPLAY:
		return "replay";
	}
	return "?";
}

int sim_strategy_parse(const char *name, enum sim_strategy *s)
{
	for (int i = SIM_STRATEGY_DFS; i <= SIM_STRATEGY_REPLAY; i++) {
		if (!strcmp(name, sim_strategy_name(i))) {
			*s = i;
			return 0;
		}
	}
	return -1;
}

/*
 * DFS: move to the next schedule.  Alternatives at a decision are tried in
 * a fixed order, the default choice first, then the other enabled threads
 * by number; an alternative that would exceed the preemption bound is
 * skipped (and noted, so that we know whether a larger bound adds any).
 */
static int next_alternative(const struct sim_decision *d, int bound,
			    bool *pruned)
{
	int def = sim_default_choice(d);
	int from = d->choice == def ? 0 : d->choice + 1;

	for (int t = from; t < SIM_MAX_THREADS; t++) {
		if (t == def || !(d->enabled & (1u << t)))
			continue;
		if (d->preempts + sim_choice_cost(d, t) > bound) {
			*pruned = true;
			continue;
		}
		return t;
	}
	return -1;
}

static bool dfs_backtrack(struct explore_state *st)
{
	struct sim_path *p = &st->path;

	while (p->len > 0) {
		struct sim_decision *d = &p->d[p->len - 1];
		int alt = next_alternative(d, st->bound, &st->pruned);

		if (alt >= 0) {
			d->choice = (int8_t)alt;
			p->prefix = p->len;
			return true;
		}
		p->len--;
	}
	return false;
}

/* --- progress ------------------------------------------------------------ */

struct progress {
	int fd;			/* -1: off */
	double start, last;
	uint64_t last_execs;
	bool shown;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void progress_tick(struct progress *pg, const struct sim_program *prog,
			  const struct sim_opts *opts,
			  const struct explore_state *st)
{
	char line[160];
	double t;
	int n;

	if (pg->fd < 0 || (st->res.executions & 1023))
		return;
	t = now();
	if (t - pg->last < 0.25)
		return;
	n = snprintf(line, sizeof(line),
		     "\r\033[Kvfio-sim: %s: %s", prog->name,
		     sim_strategy_name(opts->strategy));
	if (opts->strategy == SIM_STRATEGY_DFS)
		n += snprintf(line + n, sizeof(line) - n, " bound %d",
			      st->bound);
	n += snprintf(line + n, sizeof(line) - n,
		      ": %llu executions, %.0f/s, %u failure%s",
		      (unsigned long long)st->res.executions,
		      (st->res.executions - pg->last_execs) / (t - pg->last),
		      st->res.nfailures, st->res.nfailures == 1 ? "" : "s");
	if (write(pg->fd, line, n) < 0)
		pg->fd = -1;
	pg->last = t;
	pg->last_execs = st->res.executions;
	pg->shown = true;
}

static void progress_done(struct progress *pg)
{
	static const char clear[] = "\r\033[K";

	if (pg->fd >= 0 && pg->shown && write(pg->fd, clear, 4) < 0)
		pg->fd = -1;
	pg->shown = false;
}

/* --- reports ------------------------------------------------------------- */

static const char rule[] =
	"==================================================================";

static void print_header(const struct sim_program *prog,
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

static void print_footer(FILE *out, bool replayed)
{
	if (!replayed)
		fprintf(out, "NOTE: replaying the schedule did not reproduce "
			"the failure: the program is not deterministic.\n");
	fprintf(out, "%s\n", rule);
	fflush(out);
}

/* Replay @f's schedule with tracing on; true if it failed the same way. */
static bool replay_traced(const struct sim_program *prog,
			  const struct sim_opts *opts,
			  const struct sim_failure *f, bool traced)
{
	struct sim_engine *e = &sim_engine;
	struct sim_path *saved = e->path;
	struct sim_path path = { .cap = PATH_CAP };
	char err[256];
	bool same;

	path.d = calloc(PATH_CAP, sizeof(*path.d));
	if (!path.d)
		return false;
	if (sim_schedule_parse(f->schedule, &path, err, sizeof(err))) {
		fprintf(opts->out, "vfio-sim: %s\n", err);
		free(path.d);
		return false;
	}
	e->path = &path;
	e->pick = pick_default;
	e->trace = traced ? opts->out : NULL;
	sim_engine_run();
	e->trace = NULL;
	e->path = saved;
	same = e->fail_kind == f->kind && !strcmp(e->fail_title, f->title);
	free(path.d);
	return same;
}

static void print_body(FILE *out)
{
	struct sim_engine *e = &sim_engine;

	fprintf(out, "------------------------------------------------------"
		"------------\n");
	if (e->report_len)
		fputs(e->report, out);
	sim_trace_threads(out);
}

/* --- the loop ------------------------------------------------------------ */

static bool same_failure(const struct sim_failure *a,
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
		if (same_failure(&res->failures[i], f))
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
		    struct progress *pg)
{
	struct sim_engine *e = &sim_engine;
	struct sim_failure f;

	st->in_exec = 1;
	e->path = &st->path;
	if (opts->trace_always)
		e->trace = opts->out;
	sim_engine_run();
	e->trace = NULL;
	st->in_exec = 0;
	st->res.executions++;
	st->res.steps += e->steps;
	if (e->allocs > st->res.max_allocs)
		st->res.max_allocs = e->allocs;
	if (opts->strategy == SIM_STRATEGY_DFS && st->bound < 16)
		st->res.per_bound[st->bound]++;
	if (e->fail_kind == SIM_FAIL_NONE) {
		progress_tick(pg, prog, opts, st);
		return;
	}
	failure_from_engine(st, &f);
	if (!add_failure(st, opts, &f))
		return;
	progress_done(pg);
	if (opts->trace_always) {
		/* this execution was traced already: just the report */
		f.replayed = true;
		if (!opts->quiet) {
			print_header(prog, opts, &f, true);
			print_body(opts->out);
			print_footer(opts->out, true);
		}
		return;
	}
	if (!opts->quiet)
		print_header(prog, opts, &f, false);
	/* replay it (traced when reporting) to check it is reproducible */
	f.replayed = replay_traced(prog, opts, &f, !opts->quiet);
	st->res.failures[st->res.nfailures - 1].replayed = f.replayed;
	if (!opts->quiet) {
		print_body(opts->out);
		print_footer(opts->out, f.replayed);
	}
}

static uint64_t max_execs(const struct sim_opts *opts)
{
	if (opts->max_executions)
		return opts->max_executions;
	return opts->strategy == SIM_STRATEGY_DFS ? UINT64_MAX : 1000;
}

static void explore_dfs(const struct sim_program *prog,
			const struct sim_opts *opts, struct explore_state *st,
			struct progress *pg)
{
	uint64_t limit = max_execs(opts);

	for (; st->bound <= opts->max_bound && !st->stop; st->bound++) {
		st->res.bound = st->bound;
		if (st->resume) {
			/* the crashed execution is done: go past it */
			st->resume = false;
			if (!dfs_backtrack(st))
				goto bound_done;
		} else {
			st->path.len = st->path.prefix = 0;
			st->pruned = false;
		}
		for (;;) {
			run_one(prog, opts, st, pg);
			if (st->stop || st->res.executions >= limit) {
				st->stop = true;
				return;
			}
			if (!dfs_backtrack(st))
				break;
		}
bound_done:
		if (!st->pruned) {
			st->res.exhausted = true;
			return;
		}
	}
}

static void explore_sampling(const struct sim_program *prog,
			     const struct sim_opts *opts,
			     struct explore_state *st, struct progress *pg)
{
	struct sim_engine *e = &sim_engine;
	uint64_t limit = max_execs(opts);
	struct random_ctx rnd;
	struct pct_ctx pct;

	if (st->resume)
		st->resume = false;
	for (; st->seq < limit && !st->stop; ) {
		uint64_t s = opts->seed ^ (st->seq * 0x2545f4914f6cdd1dull);

		splitmix64(&s);
		st->path.len = st->path.prefix = 0;
		if (opts->strategy == SIM_STRATEGY_RANDOM) {
			rnd.rng = s;
			e->pick = pick_random;
			e->pick_ctx = &rnd;
		} else {
			pct_init(&pct, s, opts->pct_depth ? opts->pct_depth : 3,
				 st->pct_k);
			e->pick = pick_pct;
			e->pick_ctx = &pct;
		}
		st->seq++;
		run_one(prog, opts, st, pg);
		if (st->path.len > st->pct_k)
			st->pct_k = st->path.len;
	}
}

static void explore_loop(const struct sim_program *prog,
			 const struct sim_opts *opts, struct explore_state *st,
			 struct progress *pg)
{
	struct sim_engine *e = &sim_engine;

	e->pick = pick_default;
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
	}
	progress_done(pg);
}

/* --- crash isolation ----------------------------------------------------- */

/* The frame a report should name: the first outside the engine and shims. */
static const char *interesting_frame(const char *report)
{
	const char *first = NULL;

	for (const char *p = strstr(report, "    #"); p;
	     p = strstr(p + 1, "\n    #")) {
		const char *in = strstr(p, " in ");
		size_t len = strcspn(p + 1, "\n");

		if (!in || in > p + len)
			continue;
		if (!first)
			first = in + 4;
		if (!memmem(p, len, "/sim/src/", 9) &&
		    !memmem(p, len, "/shims/src/", 11) &&
		    !memmem(p, len, "libsanitizer", 12) &&
		    !memmem(p, len, "/shims/include/", 15))
			return in + 4;
	}
	return first;
}

/*
 * The title of a crash: the sanitizer's error line without the run-
 * dependent parts (pid, addresses), or the signal.
 */
static void crash_title(const char *text, int status, struct sim_failure *f)
{
	const char *keys[] = { "ERROR: AddressSanitizer: ",
			       "ERROR: LeakSanitizer: ",
			       "ERROR: UndefinedBehaviorSanitizer: ",
			       "runtime error: " };
	const char *frame;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *p = strstr(text, keys[i]);
		int len;

		if (!p)
			continue;
		if (i < 3) {
			p += strlen("ERROR: ");
			/* "AddressSanitizer: heap-use-after-free" */
			len = (int)strcspn(p, "\n");
			for (int j = 0; j < len; j++) {
				if (!strncmp(p + j, " on address", 11) ||
				    !strncmp(p + j, " on unknown", 11) ||
				    !strncmp(p + j, " (pc ", 5)) {
					len = j;
					break;
				}
			}
			snprintf(f->title, sizeof(f->title), "%.*s", len, p);
			frame = interesting_frame(p);
			if (frame) {
				len = (int)strcspn(frame, "\n");
				snprintf(f->where, sizeof(f->where), "%.*s",
					 len, frame);
			}
		} else {
			/* UBSan: "file:line:col: runtime error: msg" */
			const char *bol = p;

			while (bol > text && bol[-1] != '\n')
				bol--;
			len = (int)strcspn(p, "\n");
			snprintf(f->title, sizeof(f->title), "UBSan: %.*s",
				 len - 15, p + 15);
			snprintf(f->where, sizeof(f->where), "%.*s",
				 (int)(p - bol) - 2, bol);
		}
		return;
	}
	if (WIFSIGNALED(status))
		snprintf(f->title, sizeof(f->title), "killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(f->title, sizeof(f->title),
			 "process exited with status %d during an execution",
			 WEXITSTATUS(status));
}

/* Empty the captured stderr; the offset is shared with the children. */
static void clear_text(int fd)
{
	if (ftruncate(fd, 0) == 0)
		lseek(fd, 0, SEEK_SET);
}

static void read_tail(int fd, char *buf, size_t len)
{
	off_t size = lseek(fd, 0, SEEK_END);
	off_t from = size > (off_t)len - 1 ? size - (off_t)len + 1 : 0;
	ssize_t n = pread(fd, buf, len - 1, from);

	buf[n > 0 ? n : 0] = 0;
	clear_text(fd);
}

/*
 * The crash signals' handlers as they were before main(): the sanitizers'
 * or the defaults.  A test framework may install its own later (cmocka
 * longjmps out of a SIGSEGV); an isolated child must die of the signal
 * instead, so it gets these back.
 */
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
				     SIGABRT, SIGSYS, SIGTRAP };
static struct sigaction initial_handlers[sizeof(crash_signals) /
					 sizeof(crash_signals[0])];

static void __attribute__((constructor)) save_crash_handlers(void)
{
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(int); i++)
		sigaction(crash_signals[i], NULL, &initial_handlers[i]);
}

static pid_t spawn(int err_fd, int *progress_fd)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		for (size_t i = 0; i < sizeof(crash_signals) / sizeof(int);
		     i++)
			sigaction(crash_signals[i], &initial_handlers[i], NULL);
		if (*progress_fd >= 0)
			*progress_fd = dup(*progress_fd);
		if (err_fd >= 0)
			dup2(err_fd, STDERR_FILENO);
	}
	return pid;
}

static int explore_isolated(const struct sim_program *prog,
			    const struct sim_opts *opts,
			    struct explore_state *st, struct progress *pg)
{
	int err_fd = memfd_create("vfio-sim-stderr", 0);
	char *text = malloc(CRASH_TEXT_MAX);

	if (!text)
		return -1;
	while (!st->stop) {
		struct sim_failure f;
		int status;
		pid_t pid = spawn(err_fd, &pg->fd);

		if (pid < 0) {
			perror("vfio-sim: fork");
			free(text);
			return -1;
		}
		if (pid == 0) {
			explore_loop(prog, opts, st, pg);
			fflush(NULL);
			_exit(0);
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
		    !st->in_exec)
			break;
		/* the code under test crashed the child mid-execution */
		st->in_exec = 0;
		memset(&f, 0, sizeof(f));
		f.kind = SIM_FAIL_CRASH;
		read_tail(err_fd, text, CRASH_TEXT_MAX);
		crash_title(text, status, &f);
		f.execution = ++st->res.executions;
		f.fail_nth = st->path.fail_nth;
		sim_schedule_format(&st->path, f.schedule, sizeof(f.schedule),
				    &f.preemptions);
		st->resume = true;
		if (!add_failure(st, opts, &f))
			continue;
		if (!opts->quiet)
			print_header(prog, opts, &f, false);
		/*
		 * Replay it in a child: traced, with the sanitizer's report
		 * on our stderr, when reporting; quietly otherwise.  Either
		 * way the replay must crash again.
		 */
		pid = spawn(opts->quiet ? err_fd : -1, &pg->fd);
		if (pid == 0) {
			replay_traced(prog, opts, &f, !opts->quiet);
			fflush(NULL);
			_exit(0);
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		clear_text(err_fd);
		f.replayed = !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		st->res.failures[st->res.nfailures - 1].replayed = f.replayed;
		if (!opts->quiet)
			print_footer(opts->out, f.replayed);
	}
	free(text);
	close(err_fd);
	return 0;
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

int sim_explore(const struct sim_program *prog, const struct sim_opts *in,
		struct sim_result *res)
{
	size_t size = sizeof(struct explore_state) +
		      PATH_CAP * sizeof(struct sim_decision);
	unsigned int saved_checks = sim_checks;
	struct progress pg = { .fd = -1 };
	struct explore_state *st;
	struct sim_opts opts = *in;
	char err[256];
	int ret = 0;

	if (!opts.out)
		opts.out = stdout;
	st = mmap(NULL, size, PROT_READ | PROT_WRITE,
		  (opts.isolate ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS,
		  -1, 0);
	if (st == MAP_FAILED)
		return -1;
	st->path.d = (struct sim_decision *)(st + 1);
	st->path.cap = PATH_CAP;
	st->bound = opts.strategy == SIM_STRATEGY_DFS ? opts.min_bound : 0;
	if (opts.strategy == SIM_STRATEGY_REPLAY) {
		if (sim_schedule_parse(opts.schedule ? opts.schedule : "",
				       &st->path, err, sizeof(err))) {
			fprintf(stderr, "vfio-sim: %s\n", err);
			munmap(st, size);
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
	pg.start = pg.last = now();
	sim_engine.execution = 0;
	sim_engine.prog = prog;
	sim_engine.max_steps = opts.max_steps ? opts.max_steps : 100000;
	sim_hooks_explore_begin();
	if (opts.isolate)
		ret = explore_isolated(prog, &opts, st, &pg);
	else
		explore_loop(prog, &opts, st, &pg);
	st->res.seconds = now() - pg.start;
	sim_checks = saved_checks;
	sim_engine.prog = NULL;
	if (res)
		*res = st->res;
	if (!ret)
		ret = st->res.nfailures ? 1 : 0;
	munmap(st, size);
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

int sim_sweep_faults(const struct sim_program *prog,
		     const struct sim_opts *in, struct sim_result *res)
{
	struct sim_result one, all;
	struct sim_opts opts = *in;
	int ret = 0;

	memset(&all, 0, sizeof(all));
	for (int n = 1; n < 100000; n++) {
		opts.fail_nth = n;
		ret = sim_explore(prog, &opts, &one);
		if (ret < 0)
			break;
		all.executions += one.executions;
		all.steps += one.steps;
		all.seconds += one.seconds;
		for (unsigned int i = 0; i < one.nfailures &&
		     all.nfailures < SIM_MAX_FAILURES; i++)
			all.failures[all.nfailures++] = one.failures[i];
		if (one.nfailures && !in->keep_going)
			break;
		/* no execution reached the Nth allocation: all swept */
		if (one.max_allocs < (uint64_t)n)
			break;
	}
	if (res)
		*res = all;
	if (ret < 0)
		return ret;
	return all.nfailures ? 1 : 0;
}

uint64_t sim_alloc_count(void)
{
	return sim_engine.allocs;
}

bool sim_should_fail_alloc(void)
{
	struct sim_engine *e = &sim_engine;
	uint64_t n = ++e->allocs;

	return e->path && e->path->fail_nth && n == (uint64_t)e->path->fail_nth;
}
