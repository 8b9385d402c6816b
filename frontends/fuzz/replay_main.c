// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz-vfio-replay: the fuzz target without libFuzzer (gcc builds, CI).
 * Runs every input file given, or every file of every directory given
 * (in name order), through the same pipeline as the libFuzzer target.
 *
 *	fuzz-vfio-replay [--target T] [--findings DIR] [--isolate] PATH...
 *	fuzz-vfio-replay [--target T] --emit FILE
 *	fuzz-vfio-replay [--target T] --check-determinism PATH...
 *	fuzz-vfio-replay [--target T] --scenario FILE [--seed S ...]
 *
 * Exit status: 0 every input passed, 1 an input failed (each failure on
 * stdout with its input, and written to --findings DIR if given), 2 bad
 * usage or an unreadable input; 77 when no vfio target is built in and
 * none was named (ctest's skip).  --emit prints the scenario an input
 * decodes to and its schedule choices, without running it.
 * --check-determinism runs the inputs forwards then backwards and fails
 * when an input behaves differently the second time (state left behind
 * by the inputs run before it).  --target all runs every vfio target
 * built in.  --scenario runs a scenario file once under the schedule
 * choices given and, when it fails, minimises it into a finding.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/fuzz.h"
#include "world/scenario.h"
#include "targets/target.h"

#define EXIT_FOUND	1
#define EXIT_USAGE	2
#define EXIT_SKIP	77

struct input {
	char *path;
	uint8_t *data;
	size_t size;
	struct vf_result first;
};

static struct input *inputs;
static int ninputs, cap;

static void usage(FILE *out)
{
	fprintf(out,
"usage: fuzz-vfio-replay [--target T|all] [--findings DIR] [--isolate]\n"
"                        PATH...\n"
"       fuzz-vfio-replay [--target T] --emit FILE\n"
"       fuzz-vfio-replay [--target T|all] --check-determinism PATH...\n"
"       fuzz-vfio-replay [--target T] [--findings DIR] --scenario FILE\n"
"                        [--strategy random|pct] [--seed S] [--depth D]\n"
"                        [--fail-nth N]\n"
"Runs fuzz inputs (files, or the files of directories) as the fuzz-vfio\n"
"target does; --target all: on every vfio target built in.  --scenario:\n"
"runs a scenario file once and minimises it into a finding if it fails.\n"
"--isolate: each run in a child process, so that a crash (libFuzzer's\n"
"crash-* inputs) becomes a finding with its schedule.\n"
"Exit status: 0 all passed, 1 a failure, 2 bad usage, 77 no target.\n");
}

static int add_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct input *in;
	long n;

	if (!f) {
		fprintf(stderr, "fuzz-vfio-replay: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (ninputs == cap) {
		cap = cap ? 2 * cap : 64;
		inputs = realloc(inputs, cap * sizeof(*inputs));
		if (!inputs)
			abort();
	}
	in = &inputs[ninputs++];
	memset(in, 0, sizeof(*in));
	in->path = strdup(path);
	in->data = malloc(VF_MAX_INPUT);
	if (!in->path || !in->data)
		abort();
	n = (long)fread(in->data, 1, VF_MAX_INPUT, f);
	if (ferror(f)) {
		fprintf(stderr, "fuzz-vfio-replay: %s: read error\n", path);
		fclose(f);
		return -1;
	}
	in->size = n;
	fclose(f);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_path(const char *path)
{
	struct dirent *de;
	struct stat st;
	char **names = NULL;
	int n = 0, ncap = 0, ret = 0;
	DIR *d;

	if (stat(path, &st)) {
		fprintf(stderr, "fuzz-vfio-replay: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return add_file(path);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "fuzz-vfio-replay: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == ncap) {
			ncap = ncap ? 2 * ncap : 64;
			names = realloc(names, ncap * sizeof(*names));
			if (!names)
				abort();
		}
		if (asprintf(&names[n++], "%s/%s", path, de->d_name) < 0)
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (int i = 0; i < n; i++) {
		if (!ret && add_file(names[i]))
			ret = -1;
		free(names[i]);
	}
	free(names);
	return ret;
}

static void print_failure(const struct input *in, const struct vf_result *r,
			  const struct sim_target *t)
{
	struct vf_prog p;

	printf("%s: FAIL: %s: %s\n  at %s\n  schedule: \"%s\"\n", in->path,
	       sim_fail_kind_name(r->failure.kind), r->failure.title,
	       r->failure.where, r->failure.schedule);
	if (!vf_decode(in->data, in->size, t, &p)) {
		printf("  scenario (as decoded, before minimising):\n%s",
		       p.text);
		vf_prog_free(&p);
	}
}

static int emit(const struct input *in, const struct sim_target *t)
{
	struct vf_prog p;

	if (vf_decode(in->data, in->size, t, &p))
		return EXIT_USAGE;
	printf("# decoded from %s: %s, seed %llu, depth %d, fail-nth %d\n",
	       in->path, sim_strategy_name(p.sched.strategy),
	       (unsigned long long)p.sched.seed, p.sched.depth,
	       p.sched.fail_nth);
	fputs(p.text, stdout);
	vf_prog_free(&p);
	return 0;
}

static bool same(const struct vf_result *a, const struct vf_result *b)
{
	if (a->failed != b->failed || a->steps != b->steps)
		return false;
	return !a->failed || (a->failure.kind == b->failure.kind &&
			      !strcmp(a->failure.title, b->failure.title) &&
			      !strcmp(a->failure.schedule,
				      b->failure.schedule));
}

/*
 * --scenario FILE: a scenario file instead of fuzz inputs, run once under
 * --strategy/--seed/--depth/--fail-nth and, when it fails, minimised and
 * written as a finding (into --findings DIR, default fuzz-findings).
 */
static int run_scenario(const char *file, const struct sim_target *t,
			const struct vf_sched *sched, const char *dir)
{
	char err[SIM_SCENARIO_ERR_MAX], path[4096];
	struct vf_result r;
	struct vf_prog p;
	FILE *f = fopen(file, "rb");
	long n;

	if (!f) {
		fprintf(stderr, "fuzz-vfio-replay: %s: %s\n", file,
			strerror(errno));
		return EXIT_USAGE;
	}
	memset(&p, 0, sizeof(p));
	p.text = malloc(1 << 16);
	if (!p.text)
		abort();
	n = (long)fread(p.text, 1, (1 << 16) - 1, f);
	fclose(f);
	p.text[n] = 0;
	p.len = n;
	p.sched = *sched;
	if (vf_run_text(file, p.text, p.len, t, sched, &r, err,
			sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		vf_prog_free(&p);
		return EXIT_USAGE;
	}
	if (!r.failed) {
		printf("%s: passed\n", file);
		vf_prog_free(&p);
		return 0;
	}
	vf_minimise(&p, t, &r, 200);
	if (vf_write_finding(dir, &p, t, &r, path, sizeof(path))) {
		fprintf(stderr, "fuzz-vfio-replay: cannot write into %s: %s\n",
			dir, strerror(errno));
		vf_prog_free(&p);
		return EXIT_USAGE;
	}
	printf("%s: FAIL: %s: %s\n  minimised to %d lines: %s\n"
	       "  schedule: \"%s\"\n", file,
	       sim_fail_kind_name(r.failure.kind), r.failure.title, p.nops,
	       path, r.failure.schedule);
	vf_prog_free(&p);
	return EXIT_FOUND;
}

/* @in run as the fuzzer runs it (the scenario built), without findings. */
static int run_built(const struct input *in, const struct sim_target *t,
		     struct vf_result *r, char *err, size_t errlen)
{
	struct sim_scenario *s;
	struct vf_sched sched;

	s = vf_decode_scenario(in->data, in->size, t, &sched, err, errlen);
	if (!s)
		return -1;
	vf_run_scenario(s, &sched, r);
	return 0;
}

static int run_inputs(const struct sim_target *t, const char *findings,
		      bool determinism)
{
	char err[SIM_SCENARIO_ERR_MAX];
	int found = 0, i;

	for (i = 0; i < ninputs; i++) {
		struct input *in = &inputs[i];

		if (determinism) {
			if (run_built(in, t, &in->first, err, sizeof(err))) {
				fprintf(stderr, "fuzz-vfio-replay: %s: %s\n",
					in->path, err);
				return EXIT_USAGE;
			}
			continue;
		}
		if (vf_one_input(in->data, in->size, t, findings, stdout,
				 &in->first)) {
			print_failure(in, &in->first, t);
			found++;
		}
	}
	for (i = ninputs - 1; determinism && i >= 0; i--) {
		struct input *in = &inputs[i];
		struct vf_result r;

		if (run_built(in, t, &r, err, sizeof(err)))
			return EXIT_USAGE;
		if (!same(&in->first, &r)) {
			printf("%s: nondeterministic: %llu steps%s%s first, "
			       "%llu steps%s%s after the inputs that follow "
			       "it\n", in->path,
			       (unsigned long long)in->first.steps,
			       in->first.failed ? ", " : "",
			       in->first.failed ? in->first.failure.title : "",
			       (unsigned long long)r.steps,
			       r.failed ? ", " : "",
			       r.failed ? r.failure.title : "");
			found++;
		}
	}
	printf("fuzz-vfio-replay: %d inputs on target %s, %d %s\n", ninputs,
	       t->name, found, determinism ? "nondeterministic" : "failed");
	return found ? EXIT_FOUND : 0;
}

/* A vfio target: one whose ioctl table has the vfio uAPI's first ioctl. */
static bool is_vfio(const struct sim_target *t)
{
	return sim_target_find_ioctl(t, "GET_API_VERSION") != NULL;
}

int main(int argc, char **argv)
{
	const char *name = NULL, *findings = NULL, *scenario = NULL;
	struct vf_sched sched = { SIM_STRATEGY_PCT, 0, 3, 0 };
	bool do_emit = false, determinism = false;
	const struct sim_target *t;
	int ret = 0, ran = 0, i;
	char err[256];

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--target") && v) {
			name = argv[++i];
		} else if (!strcmp(a, "--findings") && v) {
			findings = argv[++i];
		} else if (!strcmp(a, "--scenario") && v) {
			scenario = argv[++i];
		} else if (!strcmp(a, "--strategy") && v) {
			if (sim_strategy_parse(v, &sched.strategy) ||
			    (sched.strategy != SIM_STRATEGY_PCT &&
			     sched.strategy != SIM_STRATEGY_RANDOM)) {
				fprintf(stderr, "fuzz-vfio-replay: --strategy "
					"is random or pct, not '%s'\n", v);
				return EXIT_USAGE;
			}
			i++;
		} else if (!strcmp(a, "--seed") && v) {
			sched.seed = strtoull(argv[++i], NULL, 0);
		} else if (!strcmp(a, "--depth") && v) {
			sched.depth = atoi(argv[++i]);
		} else if (!strcmp(a, "--fail-nth") && v) {
			sched.fail_nth = atoi(argv[++i]);
		} else if (!strcmp(a, "--isolate")) {
			vf_isolate = true;
		} else if (!strcmp(a, "--emit")) {
			do_emit = true;
		} else if (!strcmp(a, "--check-determinism")) {
			determinism = true;
		} else if (!strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "fuzz-vfio-replay: unknown option "
				"'%s' (--help for usage)\n", a);
			return EXIT_USAGE;
		}
	}
	if (scenario ? i != argc || do_emit || determinism :
	    i == argc || (do_emit && i + 1 != argc)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (name && !strcmp(name, "all")) {
		t = NULL;
	} else {
		t = vf_target(name, err, sizeof(err));
		if (!t) {
			fprintf(stderr, "fuzz-vfio-replay: %s\n", err);
			return name || getenv(VF_ENV_TARGET) ? EXIT_USAGE :
							       EXIT_SKIP;
		}
	}
	if (!t && (scenario || do_emit)) {
		fprintf(stderr, "fuzz-vfio-replay: --target all runs inputs "
			"only, not --scenario or --emit\n");
		return EXIT_USAGE;
	}
	if (scenario)
		return run_scenario(scenario, t, &sched,
				    findings ? findings : "fuzz-findings");
	for (; i < argc; i++)
		if (add_path(argv[i]))
			return EXIT_USAGE;
	if (!ninputs) {
		fprintf(stderr, "fuzz-vfio-replay: no input files\n");
		return EXIT_USAGE;
	}
	if (do_emit)
		return emit(&inputs[0], t);
	vf_count_steps = determinism;
	if (t)
		return run_inputs(t, findings, determinism);
	/* --target all: every vfio target built in */
	for (i = 0; i < sim_nr_targets; i++) {
		int r;

		if (!is_vfio(sim_targets[i]))
			continue;
		ran++;
		r = run_inputs(sim_targets[i], findings, determinism);
		if (r > ret)
			ret = r;
	}
	if (!ran) {
		fprintf(stderr, "fuzz-vfio-replay: no vfio target built in\n");
		return EXIT_SKIP;
	}
	return ret;
}
