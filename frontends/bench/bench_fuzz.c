// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-fuzz: executions per second of the fuzz pipeline (decode into a
 * scenario, one execution with every check on) and the edges it covers, over a
 * fixed time on one core.  A small coverage-guided loop of its own:
 * random inputs and mutations of the inputs that reached new edges,
 * seeded from a corpus directory.  Edges are SanitizerCoverage's 8-bit
 * counters (a build with -DVFIO_SIM_FUZZ=ON, clang; the vfio cores are
 * not instrumented there yet, cmake/fuzz.cmake); other builds print
 * executions only.  A benchmark, never a test: it prints figures and
 * fails on nothing but bad usage.
 *
 *   bench-fuzz [--target T] [--seconds N] [--seed S] [--runs R]
 *              [--breakdown] [--no-race-detector] [--no-snapshot]
 *              [CORPUS]
 *
 * With --runs R it measures R times and prints the median rate; with
 * --breakdown it first prints where the time of one input goes.  Inputs
 * run in a worker process, restarted when one crashes it.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/fuzz.h"
#include "sim/race.h"
#include "world/scenario.h"
#include "targets/target.h"

/* --- SanitizerCoverage counters ----------------------------------------- */

/*
 * The inline 8-bit counters of every instrumented object, one section the
 * linker bounds (absent, NULL, in builds without coverage).  The objects
 * of a relocatable link that renames the section are not counted.
 */
extern uint8_t __start___sancov_cntrs[] __attribute__((weak));
extern uint8_t __stop___sancov_cntrs[] __attribute__((weak));
static uint8_t *seen_map;

static size_t nr_edges(void)
{
	if (!__start___sancov_cntrs)
		return 0;
	return __stop___sancov_cntrs - __start___sancov_cntrs;
}

/* Fold the counters into the seen map; how many edges are new. */
static size_t new_edges(void)
{
	uint8_t *c = __start___sancov_cntrs;
	size_t n = 0, len = nr_edges();

	if (!len)
		return 0;
	if (!seen_map) {
		seen_map = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (seen_map == MAP_FAILED)
			abort();
	}
	for (size_t j = 0; j < len; j++) {
		if (c[j] && !seen_map[j]) {
			seen_map[j] = 1;
			n++;
		}
		c[j] = 0;
	}
	return n;
}

/* --- the loop ------------------------------------------------------------ */

static uint64_t rng;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

#define MAX_KEPT	4096
#define MAX_LEN		256

struct kept {
	uint8_t data[MAX_LEN];
	size_t size;
};

/*
 * What the workers of a run share (MAP_SHARED): the kept inputs, the
 * edges seen, the counts.  A worker is a child process; when the code
 * under test crashes it (linux 6.12's NULL dev_set, tests/findings),
 * the next worker carries on from the shared state.
 */
struct shared {
	double cpu_base;	/* CPU seconds of the workers that ended */
	uint64_t execs, failed, crashes;
	/* set-up snapshots taken, executions started from one */
	uint64_t snap_taken, snap_restored;
	size_t covered;
	int nr_kept;
	struct kept kept[MAX_KEPT];
};

static struct shared *sh;
static struct kept *kept;
#define nr_kept (sh->nr_kept)

static void keep(const uint8_t *d, size_t n)
{
	if (nr_kept == MAX_KEPT)
		return;
	if (n > MAX_LEN)
		n = MAX_LEN;
	memcpy(kept[nr_kept].data, d, n);
	kept[nr_kept].size = n;
	nr_kept++;
}

static size_t make_input(uint8_t *buf)
{
	size_t n;

	if (!nr_kept || next() % 4 == 0) {
		n = 8 + next() % (MAX_LEN - 8);
		for (size_t i = 0; i < n; i++)
			buf[i] = (uint8_t)next();
		return n;
	}
	const struct kept *k = &kept[next() % nr_kept];

	memcpy(buf, k->data, k->size);
	n = k->size;
	for (int m = 1 + next() % 4; m > 0; m--) {
		uint64_t r = next();

		switch (r % 4) {
		case 0:		/* flip a byte */
			if (n)
				buf[(r >> 8) % n] = (uint8_t)(r >> 32);
			break;
		case 1:		/* append bytes */
			while (n < MAX_LEN && (r >>= 3) % 8)
				buf[n++] = (uint8_t)next();
			break;
		case 2:		/* truncate */
			if (n > 8)
				n = 8 + (r >> 8) % (n - 8);
			break;
		default:	/* splice another kept input's tail */
			if (n > 8) {
				const struct kept *o =
					&kept[(r >> 8) % nr_kept];
				size_t at = 8 + (r >> 24) % (n - 8);
				size_t l = o->size < MAX_LEN - at ?
					   o->size : MAX_LEN - at;

				memcpy(buf + at, o->data, l);
				n = at + l;
			}
			break;
		}
	}
	return n;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/*
 * CPU time of the process: a run lasts --seconds of CPU time and its
 * rate is per second of one core's time, whatever else the (shared)
 * machine runs.
 */
static double cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void load_corpus(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		char full[8300];
		uint8_t buf[MAX_LEN];
		FILE *f;
		size_t n;

		if (de->d_name[0] == '.')
			continue;
		snprintf(full, sizeof(full), "%s/%s", dir, de->d_name);
		f = fopen(full, "rb");
		if (!f)
			continue;
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		keep(buf, n);
	}
	closedir(d);
}

/*
 * The input running, written to bench-fuzz-crash (in the working
 * directory) if it crashes the benchmark: fuzz-vfio-replay runs it again.
 */
static uint8_t cur_input[MAX_LEN];
static size_t cur_size;

static void on_crash(int sig)
{
	FILE *f = fopen("bench-fuzz-crash", "wb");

	if (f) {
		fwrite(cur_input, 1, cur_size, f);
		fclose(f);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Where the time of one input goes: decoding into text, parsing that
 * text (and freeing), decoding straight into a scenario (and freeing:
 * what the fuzzer does instead of both), the run of a one-line scenario
 * (the fixed cost of a run: the explorer's per-call setup, the world,
 * the target's module init and exit), and whole inputs as the fuzzer
 * runs them; microseconds, averaged over @n inputs.
 */
static void breakdown(const struct sim_target *t, int n)
{
	static const char one[] = "device pci 0000:00:01.0 group 7\n"
				  "proc P0\n"
				  "P0: close 9\texpect any\n";
	const struct vf_sched sched = { SIM_STRATEGY_RANDOM, 1, 1, 0 };
	char err[SIM_SCENARIO_ERR_MAX];
	double t0, dec, parse, build, fixed, whole;
	struct vf_sched sc;
	uint8_t buf[MAX_LEN];
	struct vf_result r;
	struct vf_prog p;

	rng = 42;
	t0 = cpu();
	for (int i = 0; i < n; i++) {
		size_t len = make_input(buf);

		vf_decode(buf, len, t, &p);
		vf_prog_free(&p);
	}
	dec = (cpu() - t0) / n;
	rng = 42;
	t0 = cpu();
	for (int i = 0; i < n; i++) {
		size_t len = make_input(buf);
		struct sim_scenario *s;

		vf_decode(buf, len, t, &p);
		s = sim_scenario_parse("fuzz.sim", p.text, p.len, t->name, err,
				       sizeof(err));
		sim_scenario_free(s);
		vf_prog_free(&p);
	}
	parse = (cpu() - t0) / n - dec;
	rng = 42;
	t0 = cpu();
	for (int i = 0; i < n; i++) {
		size_t len = make_input(buf);

		sim_scenario_free(vf_decode_scenario(buf, len, t, &sc, err,
						     sizeof(err)));
	}
	build = (cpu() - t0) / n;
	t0 = cpu();
	for (int i = 0; i < n; i++)
		vf_run_text("one.sim", one, sizeof(one) - 1, t, &sched, &r,
			    err, sizeof(err));
	fixed = (cpu() - t0) / n;
	rng = 42;
	t0 = cpu();
	for (int i = 0; i < n; i++) {
		size_t len = make_input(buf);

		vf_run_scenario(vf_decode_scenario(buf, len, t, &sc, err,
						   sizeof(err)), &sc, &r);
	}
	whole = (cpu() - t0) / n;
	printf("bench-fuzz: per input, us: decode %.1f, parse %.1f, decode "
	       "into a scenario %.1f, a one-line run %.1f, a whole input "
	       "%.1f\n", dec * 1e6, parse * 1e6, build * 1e6, fixed * 1e6,
	       whole * 1e6);
}

/* CPU time of the workers waited for. */
static double children_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/* A worker: inputs until the workers used @seconds of CPU. */
static void work(const struct sim_target *t, double seconds)
{
	do {
		for (int i = 0; i < 64; i++) {
			uint8_t buf[MAX_LEN];
			size_t n = make_input(buf);
			struct vf_result r;
			size_t fresh;

			memcpy(cur_input, buf, n);
			cur_size = n;
			/* counted first: a crash is an execution too */
			sh->execs++;
			sh->failed += vf_one_input(buf, n, t, NULL, NULL, &r);
			fresh = new_edges();
			if (fresh) {
				sh->covered += fresh;
				keep(buf, n);
			}
		}
	} while (sh->cpu_base + cpu() < seconds);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *name = NULL, *corpus = NULL;
	double seconds = 60, rates[16];
	uint64_t seed = 1;
	int runs = 1;
	bool want_breakdown = false;
	const struct sim_target *t;
	char err[256];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--target") && i + 1 < argc)
			name = argv[++i];
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--breakdown"))
			want_breakdown = true;
		else if (!strcmp(argv[i], "--no-race-detector"))
			sim_race_on = false;
		else if (!strcmp(argv[i], "--no-snapshot"))
			vf_no_snapshot = true;
		else if (argv[i][0] != '-' && !corpus)
			corpus = argv[i];
		else {
			fprintf(stderr, "usage: bench-fuzz [--target T] "
				"[--seconds N] [--seed S] [--runs R] "
				"[--breakdown] [--no-race-detector] "
				"[--no-snapshot] [CORPUS]\n");
			return 2;
		}
	}
	if (seconds <= 0 || runs < 1 || runs > 16) {
		fprintf(stderr, "bench-fuzz: --seconds > 0, --runs 1..16\n");
		return 2;
	}
	t = vf_target(name, err, sizeof(err));
	if (!t) {
		fprintf(stderr, "bench-fuzz: %s\n", err);
		return 2;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		abort();
	kept = sh->kept;
	if (want_breakdown) {
		pid_t pid = fork();
		int status;

		if (pid == 0) {
			breakdown(t, 3000);
			fflush(stdout);
			_exit(0);
		}
		while (pid > 0 && waitpid(pid, &status, 0) < 0)
			;
		if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			printf("bench-fuzz: the breakdown crashed\n");
	}
	for (int run = 0; run < runs; run++) {
		double start, cpu0;

		memset(sh, 0, sizeof(*sh));
		if (seen_map)
			memset(seen_map, 0, nr_edges());
		new_edges();
		if (corpus)
			load_corpus(corpus);
		start = now();
		cpu0 = children_cpu();
		while (sh->cpu_base < seconds) {
			pid_t pid = fork();
			int status;

			if (pid < 0) {
				perror("bench-fuzz: fork");
				return 1;
			}
			if (pid == 0) {
				signal(SIGSEGV, on_crash);
				signal(SIGABRT, on_crash);
				rng = seed + run * 7919 + sh->crashes;
				work(t, seconds);
				sh->snap_taken += sim_snapshot_taken;
				sh->snap_restored += sim_snapshot_restored;
				_exit(0);
			}
			while (waitpid(pid, &status, 0) < 0)
				;
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				sh->crashes++;
			sh->cpu_base = children_cpu() - cpu0;
		}
		rates[run] = sh->execs / (children_cpu() - cpu0);
		printf("bench-fuzz: target %s, %.0f s of CPU (%.0f s): %llu "
		       "executions, %.0f executions/s of CPU, %zu of %zu "
		       "edges covered, %d inputs kept, %llu failed, %llu "
		       "crashed (the last in bench-fuzz-crash); %llu set-up "
		       "snapshots taken, %llu executions from one\n",
		       t->name, children_cpu() - cpu0, now() - start,
		       (unsigned long long)sh->execs, rates[run], sh->covered,
		       nr_edges(), nr_kept, (unsigned long long)sh->failed,
		       (unsigned long long)sh->crashes,
		       (unsigned long long)sh->snap_taken,
		       (unsigned long long)sh->snap_restored);
		fflush(stdout);
	}
	if (runs > 1) {
		qsort(rates, runs, sizeof(rates[0]), cmp_double);
		printf("bench-fuzz: median of %d runs: %.0f executions/s\n",
		       runs, rates[runs / 2]);
	}
	return 0;
}
