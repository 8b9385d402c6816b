// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim: the command line.  Exit status: 0 nothing found, 1 a failure
 * was found (or an example did not behave as expected), 2 bad usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "examples.h"
#include "sim/explore.h"

#define EXIT_FOUND	1
#define EXIT_USAGE	2

static const char *prog_name = "vfio-sim";

static void usage_main(FILE *out)
{
	fprintf(out,
"usage: vfio-sim COMMAND [OPTIONS]\n"
"\n"
"Runs kernel code under a deterministic scheduler and explores its thread\n"
"interleavings.\n"
"\n"
"commands:\n"
"  examples            explore every bundled example; check each finds\n"
"                      what it should (the demonstration job)\n"
"  list                list the bundled example programs\n"
"  explore --example NAME   explore one program's interleavings\n"
"  replay --example NAME SCHEDULE\n"
"                      run one schedule with a full trace\n"
"  sweep --example NAME     fail each allocation in turn (fail-nth)\n"
"\n"
"'vfio-sim COMMAND --help' describes a command's options.\n");
}

static void usage_explore(FILE *out, const char *cmd)
{
	fprintf(out,
"usage: vfio-sim %s --example NAME [OPTIONS]%s\n"
"\n"
"options:\n"
"  --example NAME        the program (see 'vfio-sim list')\n"
"  --strategy S          dfs (default), random or pct\n"
"  --bound N             dfs: explore preemption bounds 0..N (default 2)\n"
"  --seed S              random, pct: the seed (default 1)\n"
"  --depth D             pct: bug depth (default 3)\n"
"  --max-executions N    stop after N executions\n"
"  --max-steps N         scheduling points per execution (default 100000)\n"
"  --keep-going          report every distinct failure, not the first\n"
"  --no-isolate          run in this process (a crash ends the run)\n"
"  --no-checks           turn lockdep, leak and invariant checks off\n"
"  --no-lockdep          turn lockdep off only\n"
"  --fail-nth N          make the Nth allocation of each execution fail\n"
"  --quiet               print the summary only\n",
		cmd, !strcmp(cmd, "replay") ? " SCHEDULE" : "");
}

struct cli {
	const struct sim_example *ex;
	struct sim_opts opts;
	const char *schedule;
	char hint[256];
};

static int parse_u64(const char *opt, const char *s, uint64_t *v)
{
	char *end;

	*v = strtoull(s, &end, 0);
	if (!*s || *end) {
		fprintf(stderr, "%s: %s: expected a number, got \"%s\"\n",
			prog_name, opt, s);
		return -1;
	}
	return 0;
}

static int parse_common(int argc, char **argv, const char *cmd,
			struct cli *c)
{
	static const struct option longopts[] = {
		{ "example", required_argument, NULL, 'e' },
		{ "strategy", required_argument, NULL, 's' },
		{ "bound", required_argument, NULL, 'b' },
		{ "seed", required_argument, NULL, 'S' },
		{ "depth", required_argument, NULL, 'd' },
		{ "max-executions", required_argument, NULL, 'n' },
		{ "max-steps", required_argument, NULL, 'm' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "no-isolate", no_argument, NULL, 'I' },
		{ "no-checks", no_argument, NULL, 'C' },
		{ "no-lockdep", no_argument, NULL, 'L' },
		{ "fail-nth", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL;
	uint64_t v;
	int ch;

	sim_opts_init(&c->opts);
	c->opts.isolate = true;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			name = optarg;
			break;
		case 's':
			if (sim_strategy_parse(optarg, &c->opts.strategy) ||
			    c->opts.strategy == SIM_STRATEGY_REPLAY) {
				fprintf(stderr, "%s: --strategy: expected dfs, "
					"random or pct, got \"%s\"\n",
					prog_name, optarg);
				return -1;
			}
			break;
		case 'b':
			if (parse_u64("--bound", optarg, &v))
				return -1;
			if (v > 15) {
				fprintf(stderr, "%s: --bound: at most 15\n",
					prog_name);
				return -1;
			}
			c->opts.max_bound = (int)v;
			break;
		case 'S':
			if (parse_u64("--seed", optarg, &c->opts.seed))
				return -1;
			break;
		case 'd':
			if (parse_u64("--depth", optarg, &v))
				return -1;
			c->opts.pct_depth = (int)v;
			break;
		case 'n':
			if (parse_u64("--max-executions", optarg,
				      &c->opts.max_executions))
				return -1;
			break;
		case 'm':
			if (parse_u64("--max-steps", optarg,
				      &c->opts.max_steps))
				return -1;
			break;
		case 'k':
			c->opts.keep_going = true;
			break;
		case 'I':
			c->opts.isolate = false;
			break;
		case 'C':
			c->opts.no_checks = true;
			break;
		case 'L':
			c->opts.checks = SIM_CHECK_ALL & ~SIM_CHECK_LOCKDEP;
			break;
		case 'f':
			if (parse_u64("--fail-nth", optarg, &v))
				return -1;
			c->opts.fail_nth = (int)v;
			break;
		case 'q':
			c->opts.quiet = true;
			break;
		case 'h':
			usage_explore(stdout, cmd);
			exit(0);
		default:
			usage_explore(stderr, cmd);
			return -1;
		}
	}
	if (!name) {
		fprintf(stderr, "%s %s: --example NAME is required (see "
			"'vfio-sim list')\n", prog_name, cmd);
		return -1;
	}
	c->ex = sim_example_find(name);
	if (!c->ex) {
		fprintf(stderr, "%s %s: --example: unknown program \"%s\" "
			"(see 'vfio-sim list')\n", prog_name, cmd, name);
		return -1;
	}
	if (c->ex->checks && !c->opts.checks && !c->opts.no_checks)
		c->opts.checks = c->ex->checks;
	if (!strcmp(cmd, "replay")) {
		if (optind != argc - 1) {
			fprintf(stderr, "%s replay: expected one SCHEDULE "
				"argument after the options\n", prog_name);
			return -1;
		}
		c->schedule = argv[optind];
	} else if (optind != argc) {
		fprintf(stderr, "%s %s: unexpected argument \"%s\"\n",
			prog_name, cmd, argv[optind]);
		return -1;
	}
	snprintf(c->hint, sizeof(c->hint), "vfio-sim replay --example %s%s "
		 "\"%%s\"", c->ex->name,
		 c->opts.checks & ~SIM_CHECK_LOCKDEP &&
		 !(c->opts.checks & SIM_CHECK_LOCKDEP) ? " --no-lockdep" : "");
	c->opts.replay_hint = c->hint;
	return 0;
}

static void print_summary(const char *name, const struct sim_opts *o,
			  const struct sim_result *r)
{
	printf("%s: %s: %llu execution%s, %llu steps, %.3f s", name,
	       sim_strategy_name(o->strategy),
	       (unsigned long long)r->executions,
	       r->executions == 1 ? "" : "s",
	       (unsigned long long)r->steps, r->seconds);
	if (o->strategy == SIM_STRATEGY_DFS)
		printf(", bound %d%s", r->bound,
		       r->exhausted ? " (every schedule explored)" : "");
	printf(": %u failure%s\n", r->nfailures, r->nfailures == 1 ? "" : "s");
	for (unsigned int i = 0; i < r->nfailures; i++) {
		const struct sim_failure *f = &r->failures[i];

		printf("  %s: %s\n    schedule \"%s\" (%d preemption%s)%s\n",
		       sim_fail_kind_name(f->kind), f->title, f->schedule,
		       f->preemptions, f->preemptions == 1 ? "" : "s",
		       f->replayed ? "" : " [replay did not reproduce]");
	}
}

static int cmd_explore(int argc, char **argv)
{
	struct sim_result res;
	struct cli c;
	int ret;

	if (parse_common(argc, argv, "explore", &c))
		return EXIT_USAGE;
	ret = sim_explore(c.ex->prog, &c.opts, &res);
	if (ret < 0)
		return EXIT_USAGE;
	print_summary(c.ex->name, &c.opts, &res);
	return ret ? EXIT_FOUND : 0;
}

static int cmd_replay(int argc, char **argv)
{
	struct sim_result res;
	struct cli c;
	int ret;

	if (parse_common(argc, argv, "replay", &c))
		return EXIT_USAGE;
	c.opts.isolate = false;
	ret = sim_replay(c.ex->prog, c.schedule, &c.opts, &res);
	if (ret < 0)
		return EXIT_USAGE;
	printf("%s: replay \"%s\": %s\n", c.ex->name, c.schedule,
	       ret ? "failed" : "passed");
	return ret ? EXIT_FOUND : 0;
}

static int cmd_sweep(int argc, char **argv)
{
	struct sim_result res;
	struct cli c;
	int ret;

	if (parse_common(argc, argv, "sweep", &c))
		return EXIT_USAGE;
	if (!c.opts.max_bound)
		c.opts.max_bound = 0;
	ret = sim_sweep_faults(c.ex->prog, &c.opts, &res);
	if (ret < 0)
		return EXIT_USAGE;
	print_summary(c.ex->name, &c.opts, &res);
	return ret ? EXIT_FOUND : 0;
}

static int cmd_list(void)
{
	for (int i = 0; i < sim_nr_examples; i++)
		printf("%-20s %-14s %s\n", sim_examples[i].name,
		       sim_examples[i].expect ?
		       sim_fail_kind_name(sim_examples[i].expect) : "passes",
		       sim_examples[i].summary);
	return 0;
}

/* The demonstration job: every example, with its verdict checked. */
static int cmd_examples(int argc, char **argv)
{
	int bad = 0;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: vfio-sim examples\n\nExplores every bundled "
		       "example (DFS, bounds 0..3, crash isolation on) and\n"
		       "checks that each buggy one is caught with a "
		       "replayable schedule and\neach fixed one passes.\n");
		return 0;
	}
	printf("%-20s %-15s %-15s %9s %5s %8s  %s\n", "example", "expected",
	       "found", "execs", "bound", "ms", "schedule");
	for (int i = 0; i < sim_nr_examples; i++) {
		const struct sim_example *ex = &sim_examples[i];
		struct sim_result res;
		struct sim_opts o;
		enum sim_fail_kind found;
		bool ok;

		sim_opts_init(&o);
		o.max_bound = 3;
		o.isolate = true;
		o.quiet = true;
		o.checks = ex->checks;
		sim_explore(ex->prog, &o, &res);
		found = res.nfailures ? res.failures[0].kind : SIM_FAIL_NONE;
		ok = found == ex->expect ||
		     (ex->expect_alt && found == ex->expect_alt);
		ok &= !res.nfailures || res.failures[0].replayed ||
		      found == SIM_FAIL_CRASH;
		bad += !ok;
		printf("%-20s %-15s %-15s %9llu %5d %8.2f  %s%s\n", ex->name,
		       sim_fail_kind_name(ex->expect),
		       sim_fail_kind_name(found),
		       (unsigned long long)res.executions, res.bound,
		       res.seconds * 1e3,
		       res.nfailures ? res.failures[0].schedule : "-",
		       ok ? "" : "   <-- UNEXPECTED");
	}
	printf("%d passed, %d failed\n", sim_nr_examples - bad, bad);
	return bad ? EXIT_FOUND : 0;
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage_main(stdout);
		return 0;
	}
	if (!strcmp(cmd, "list"))
		return cmd_list();
	if (!strcmp(cmd, "examples"))
		return cmd_examples(argc - 1, argv + 1);
	if (!strcmp(cmd, "explore"))
		return cmd_explore(argc - 1, argv + 1);
	if (!strcmp(cmd, "replay"))
		return cmd_replay(argc - 1, argv + 1);
	if (!strcmp(cmd, "sweep"))
		return cmd_sweep(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command \"%s\" (try 'vfio-sim --help')\n",
		prog_name, cmd);
	return EXIT_USAGE;
}
