// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sim: the command line.  Exit status: 0 nothing found, 1 a failure
 * was found (or an example did not behave as expected), 2 bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "targets/examples.h"
#include "sim/explore.h"
#include "sim/race.h"
#include "world/scenario.h"
#include "targets/target.h"

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
"  run FILE            run a scenario file once (default schedule), traced\n"
"  explore FILE        explore a scenario's interleavings\n"
"  replay FILE SCHEDULE\n"
"                      run one schedule of a scenario with a full trace\n"
"  sweep FILE          fail each allocation of a scenario in turn\n"
"  explore --example NAME, replay --example NAME SCHEDULE,\n"
"  sweep --example NAME\n"
"                      the same for a bundled example program\n"
"  examples            explore every bundled example; check each finds\n"
"                      what it should (the demonstration job)\n"
"  list                list the bundled example programs\n"
"  targets             list the targets scenario files can run against\n"
"  presubmit           build, run the conformance suite, the races, the\n"
"                      fuzzer and checkpatch on a (patched) vfio core, and\n"
"                      report (docs/presubmit.md)\n"
"  mutate              mutate the vfio core's lifecycle functions and\n"
"                      judge each mutant with presubmit: what the suite\n"
"                      kills, what survives (docs/mutation.md)\n"
"\n"
"Scenario files are described in docs/scenarios.md.\n"
"'vfio-sim COMMAND --help' describes a command's options.\n");
}

static void usage_cmd(FILE *out, const char *cmd)
{
	bool replay = !strcmp(cmd, "replay");
	bool run = !strcmp(cmd, "run");

	fprintf(out,
"usage: vfio-sim %s FILE%s [OPTIONS]\n"
"       vfio-sim %s --example NAME%s [OPTIONS]\n"
"\n", cmd, replay ? " SCHEDULE" : "", cmd, replay ? " SCHEDULE" : "");
	if (run)
		fprintf(out,
"Runs the scenario FILE once, on the default schedule (each thread runs\n"
"until it blocks or ends), and prints the trace of every step.\n");
	else if (replay)
		fprintf(out,
"Runs one schedule (as printed with a failure) with a full trace.\n");
	else if (!strcmp(cmd, "sweep"))
		fprintf(out,
"Runs the program once per allocation site, making the Nth allocation\n"
"fail in the Nth run (fail-nth); each run is explored as 'explore' does\n"
"(--bound 0: on the default schedule only).\n");
	else
		fprintf(out,
"Explores the thread interleavings of the scenario FILE (or of a bundled\n"
"example) and reports every failure with the schedule that replays it.\n");
	fprintf(out,
"\n"
"Exit status: 0 %s, 1 %s, 2 bad usage or a\n"
"malformed scenario (one line on stderr, nothing else written).\n"
"\n"
"options:\n",
		run || replay ? "the execution passed" : "nothing found",
		run || replay ? "it failed" : "a failure was found");
	fprintf(out,
"  --example NAME        a bundled program instead of FILE ('vfio-sim list')\n"
"  --target T            run FILE against target T instead of the one its\n"
"                        'target' line names ('vfio-sim targets')\n");
	if (!run && !replay)
		fprintf(out,
"  --strategy S          dpor (the default for a scenario FILE: every\n"
"                        trace), dfs (the default for --example, and with\n"
"                        --bound), random or pct\n"
"  --bound N             dfs: explore preemption bounds 0..N (default 2)\n"
"  --seed S              random, pct: the seed (default 0)\n"
"  --depth D             pct: bug depth (default 3)\n"
"  --max-executions N    stop after N executions\n"
"  --max-seconds S       stop after S seconds (wall clock); the report says\n"
"                        how far it got\n"
"  --shard K/N           explore part K of N (0 <= K < N); the N parts\n"
"                        together are the whole: every trace (dpor), or\n"
"                        one pass at the bound (dfs)\n"
"  --shard-depth D       dpor shards: split at decision D (default: the\n"
"                        first giving 4 parts a shard that reach it)\n"
"  --keep-going          report every distinct failure, not the first\n"
"  --no-isolate          run in this process (a crash ends the run)\n"
"  --no-snapshot         run the scenario's set-up in every execution, not\n"
"                        once (the results are the same; for comparisons)\n"
"  --check-expect        exit 0 when the outcome is the one the scenario\n"
"                        announces ('# expect-failure: KIND', or none)\n");
	fprintf(out,
"  --max-steps N         scheduling points per execution (default 100000)\n"
"  --no-checks           turn lockdep, leak and invariant checks off\n"
"  --no-lockdep          turn lockdep off only\n"
"  --no-race-detector    do not check plain accesses for data races\n"
"                        (docs/race-detector.md)\n"
"  --no-race-suppressions\n"
"                        report the known races of\n"
"                        targets/race-suppressions.conf too\n");
	if (!replay)
		fprintf(out,
"  --fail-nth N          make the Nth allocation of each execution fail\n");
	fprintf(out,
"  --json FILE           also write the result and each failure (replayed:\n"
"                        steps, locks held, report) as JSON to FILE\n"
"  --quiet               print the summary only\n"
"  --trace-all           traces also show the shims' internals and setup\n");
}


static int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line on stderr; a message ending in ')' carries its own hint. */
static int usage_error(const char *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = strlen(msg);
	if (n && msg[n - 1] == ')')
		fprintf(stderr, "%s %s: %s\n", prog_name, cmd, msg);
	else
		fprintf(stderr, "%s %s: %s (try 'vfio-sim %s --help')\n",
			prog_name, cmd, msg, cmd);
	return -1;
}

static int parse_u64(const char *cmd, const char *opt, const char *s,
		     uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (!*s || *end || *s == '-' || errno)
		return usage_error(cmd, "%s: expected a number, got \"%s\"",
				   opt, s);
	return 0;
}

/* Append @s to @buf as one shell word, with '%' doubled (a format). */
static void append_shell_word(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);
	bool plain = *s;

	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:+,=@",
			    *p))
			plain = false;
	if (!plain && n + 1 < len)
		buf[n++] = '\'';
	for (const char *p = s; *p && n + 5 < len; p++) {
		if (*p == '\'') {
			memcpy(buf + n, "'\\''", 4);
			n += 4;
			continue;
		}
		if (*p == '%')
			buf[n++] = '%';
		buf[n++] = *p;
	}
	if (!plain && n + 1 < len)
		buf[n++] = '\'';
	buf[n] = 0;
}

/* The exact command that replays a schedule of this run. */
static void make_hint(struct cli *c)
{
	size_t n;

	snprintf(c->hint, sizeof(c->hint), "vfio-sim replay ");
	if (c->ex) {
		strncat(c->hint, "--example ", sizeof(c->hint) - 1 -
			strlen(c->hint));
		append_shell_word(c->hint, sizeof(c->hint), c->ex->name);
	} else {
		append_shell_word(c->hint, sizeof(c->hint), c->name);
		if (c->target) {
			strncat(c->hint, " --target ", sizeof(c->hint) - 1 -
				strlen(c->hint));
			append_shell_word(c->hint, sizeof(c->hint), c->target);
		}
	}
	n = strlen(c->hint);
	if (c->opts.no_checks)
		n += snprintf(c->hint + n, sizeof(c->hint) - n,
			      " --no-checks");
	else if (c->opts.checks && !(c->opts.checks & SIM_CHECK_LOCKDEP))
		n += snprintf(c->hint + n, sizeof(c->hint) - n,
			      " --no-lockdep");
	if (!sim_race_on)
		n += snprintf(c->hint + n, sizeof(c->hint) - n,
			      " --no-race-detector");
	else if (!sim_race_suppress)
		n += snprintf(c->hint + n, sizeof(c->hint) - n,
			      " --no-race-suppressions");
	if (c->max_steps_set)
		n += snprintf(c->hint + n, sizeof(c->hint) - n,
			      " --max-steps %llu",
			      (unsigned long long)c->opts.max_steps);
	snprintf(c->hint + n, sizeof(c->hint) - n, " \"%%s\"");
	c->opts.replay_hint = c->hint;
}

static void cli_free(struct cli *c);

/*
 * The options and the program of explore, sweep, replay and run: 0 ready,
 * -1 bad usage (said), 1 a scenario file that does not apply to its
 * target (said: "FILE: skipped: why"; the command exits 0).
 */
static int parse_common(int argc, char **argv, const char *cmd,
			struct cli *c)
{
	static const struct option longopts[] = {
		{ "example", required_argument, NULL, 'e' },
		{ "target", required_argument, NULL, 't' },
		{ "strategy", required_argument, NULL, 's' },
		{ "bound", required_argument, NULL, 'b' },
		{ "seed", required_argument, NULL, 'S' },
		{ "depth", required_argument, NULL, 'd' },
		{ "max-executions", required_argument, NULL, 'n' },
		{ "max-seconds", required_argument, NULL, 'W' },
		{ "shard", required_argument, NULL, 'H' },
		{ "shard-depth", required_argument, NULL, 'D' },
		{ "max-steps", required_argument, NULL, 'm' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "no-isolate", no_argument, NULL, 'I' },
		{ "no-snapshot", no_argument, NULL, 'P' },
		{ "no-checks", no_argument, NULL, 'C' },
		{ "no-lockdep", no_argument, NULL, 'L' },
		{ "no-race-detector", no_argument, NULL, 'R' },
		{ "no-race-suppressions", no_argument, NULL, 'U' },
		{ "fail-nth", required_argument, NULL, 'f' },
		{ "check-expect", no_argument, NULL, 'x' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "trace-all", no_argument, NULL, 'T' },
		{ "json", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool replay = !strcmp(cmd, "replay");
	const char *name = NULL;
	char err[SIM_SCENARIO_ERR_MAX];
	bool bound_given = false, strategy_given = false;
	int npos, ch;
	uint64_t v;

	memset(c, 0, sizeof(*c));
	c->cmd = cmd;
	sim_opts_init(&c->opts);
	c->opts.isolate = true;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			name = optarg;
			break;
		case 't':
			if (!sim_target_find(optarg))
				return usage_error(
					cmd, "--target: unknown target \"%s\" "
					"(see 'vfio-sim targets')", optarg);
			c->target = optarg;
			break;
		case 's':
			if (sim_strategy_parse(optarg, &c->opts.strategy) ||
			    c->opts.strategy == SIM_STRATEGY_REPLAY)
				return usage_error(cmd, "--strategy: expected "
						   "dfs, dpor, random or pct, "
						   "got \"%s\"", optarg);
			strategy_given = true;
			break;
		case 'b':
			if (parse_u64(cmd, "--bound", optarg, &v))
				return -1;
			if (v > 15)
				return usage_error(cmd, "--bound: at most 15");
			c->opts.max_bound = (int)v;
			bound_given = true;
			break;
		case 'S':
			if (parse_u64(cmd, "--seed", optarg, &c->opts.seed))
				return -1;
			break;
		case 'd':
			if (parse_u64(cmd, "--depth", optarg, &v))
				return -1;
			if (v < 1 || v > 16)
				return usage_error(cmd, "--depth: 1 to 16");
			c->opts.pct_depth = (int)v;
			break;
		case 'H': {
			unsigned int k, n;
			char end;

			if (sscanf(optarg, "%u/%u%c", &k, &n, &end) != 2 ||
			    n == 0 || k >= n || n > 4096)
				return usage_error(cmd, "--shard: expected K/N "
						   "with 0 <= K < N <= 4096, "
						   "got \"%s\"", optarg);
			c->opts.shard = k;
			c->opts.nshards = n;
			break;
		}
		case 'D':
			if (parse_u64(cmd, "--shard-depth", optarg, &v))
				return -1;
			if (!v || v > 4096)
				return usage_error(cmd, "--shard-depth: 1 to "
						   "4096");
			c->opts.shard_depth = (unsigned int)v;
			break;
		case 'n':
			if (parse_u64(cmd, "--max-executions", optarg,
				      &c->opts.max_executions))
				return -1;
			break;
		case 'W':
			if (parse_u64(cmd, "--max-seconds", optarg, &v))
				return -1;
			if (!v || v > 1000000)
				return usage_error(cmd, "--max-seconds: 1 to "
						   "1000000");
			c->opts.max_seconds = (unsigned int)v;
			break;
		case 'm':
			if (parse_u64(cmd, "--max-steps", optarg,
				      &c->opts.max_steps))
				return -1;
			c->max_steps_set = true;
			break;
		case 'k':
			c->opts.keep_going = true;
			break;
		case 'I':
			c->opts.isolate = false;
			break;
		case 'P':
			c->opts.no_snapshot = true;
			break;
		case 'C':
			c->opts.no_checks = true;
			break;
		case 'L':
			c->opts.checks = SIM_CHECK_ALL & ~SIM_CHECK_LOCKDEP;
			break;
		case 'R':
			sim_race_on = false;
			break;
		case 'U':
			sim_race_suppress = false;
			break;
		case 'f':
			if (parse_u64(cmd, "--fail-nth", optarg, &v))
				return -1;
			if (v > 1000000000)
				return usage_error(cmd, "--fail-nth: too "
						   "large");
			c->opts.fail_nth = (int)v;
			break;
		case 'x':
			c->check_expect = true;
			break;
		case 'T':
			c->opts.trace_all = true;
			break;
		case 'j':
			if (!*optarg)
				return usage_error(cmd, "--json: expected a "
						   "file name");
			c->json = optarg;
			break;
		case 'q':
			c->opts.quiet = true;
			break;
		case 'h':
			usage_cmd(stdout, cmd);
			exit(0);
		case ':':
			return usage_error(cmd, "%s needs an argument",
					   argv[optind - 1]);
		default:
			return usage_error(cmd, "unknown option \"%s\"",
					   argv[optind - 1]);
		}
	}
	/*
	 * A scenario file is explored completely unless told otherwise
	 * (sharded too); --bound is DFS's, bundled examples stay on DFS
	 * (some show what a preemption bound finds).
	 */
	if (!strcmp(cmd, "explore") && !strategy_given && !bound_given &&
	    !name)
		c->opts.strategy = SIM_STRATEGY_DPOR;
	if (c->opts.nshards && c->opts.strategy != SIM_STRATEGY_DFS &&
	    c->opts.strategy != SIM_STRATEGY_DPOR)
		return usage_error(cmd, "--shard: only with --strategy dpor "
				   "or dfs");
	if (c->opts.shard_depth && (!c->opts.nshards ||
				    c->opts.strategy != SIM_STRATEGY_DPOR))
		return usage_error(cmd, "--shard-depth: only with --shard "
				   "K/N and dpor");
	/* bounded POR with sleep sets can lose traces (docs/explorer.md) */
	if (c->opts.strategy == SIM_STRATEGY_DPOR && bound_given)
		return usage_error(cmd, "--bound: dpor explores every trace, "
				   "without a bound (use --max-executions to "
				   "stop it early)");
	npos = argc - optind;
	if (name) {
		c->ex = sim_example_find(name);
		if (!c->ex)
			return usage_error(cmd, "--example: unknown program "
					   "\"%s\" (see 'vfio-sim list')",
					   name);
		if (npos > (replay ? 1 : 0) || c->target || c->check_expect)
			return usage_error(cmd, "give either a scenario FILE "
					   "or --example NAME%s",
					   npos > (replay ? 1 : 0) ? "" :
					   c->target ? ", --target goes with "
					   "FILE" : ", --check-expect goes "
					   "with FILE");
		if (replay && npos != 1)
			return usage_error(cmd, "expected a SCHEDULE after "
					   "--example NAME");
		if (replay)
			c->schedule = argv[optind];
		c->prog = c->ex->prog;
		c->name = c->ex->name;
		if (c->ex->checks && !c->opts.checks && !c->opts.no_checks)
			c->opts.checks = c->ex->checks;
		make_hint(c);
		return 0;
	}
	if (npos < 1)
		return usage_error(cmd, "expected a scenario FILE (or "
				   "--example NAME)");
	if (replay && npos == 1)
		return usage_error(cmd, "expected a SCHEDULE after FILE");
	if (npos != (replay ? 2 : 1))
		return usage_error(cmd, "unexpected argument \"%s\"",
				   argv[optind + (replay ? 2 : 1)]);
	c->name = argv[optind];
	if (replay)
		c->schedule = argv[optind + 1];
	c->scn = sim_scenario_load(c->name, c->target, err, sizeof(err));
	if (!c->scn) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	/* a file written for other kernel versions: nothing to run */
	if (!sim_scenario_applies(c->scn, err, sizeof(err))) {
		printf("%s: skipped: %s\n", c->name, err);
		cli_free(c);
		return 1;
	}
	c->prog = sim_scenario_program(c->scn);
	make_hint(c);
	return 0;
}

static void cli_free(struct cli *c)
{
	sim_scenario_free(c->scn);
	c->scn = NULL;
}

/* Exit status: 0 nothing found, 1 found; with --check-expect, 0 as said. */
static int verdict(struct cli *c, const struct sim_result *r, int ret,
		   char *list, size_t len)
{
	unsigned int want, kinds = 0;
	size_t n = 0;
	bool ok;

	list[0] = 0;
	if (!c->check_expect)
		return ret ? EXIT_FOUND : 0;
	want = sim_scenario_expected_failures(c->scn);
	for (unsigned int i = 0; i < r->nfailures; i++)
		kinds |= 1u << r->failures[i].kind;
	for (int k = 1; k < SIM_FAIL_NR; k++)
		if (want & (1u << k))
			n += snprintf(list + n, len - n, "%s%s",
				      n ? "|" : "", sim_fail_kind_name(k));
	if (!want) {
		ok = !r->nfailures;
		printf("%s: expected to pass: %s\n", c->name,
		       ok ? "passed" : "FAILED");
	} else {
		ok = r->nfailures && (kinds & ~want) == 0;
		for (unsigned int i = 0; i < r->nfailures; i++)
			ok &= r->failures[i].replayed ||
			      r->failures[i].kind == SIM_FAIL_CRASH;
		printf("%s: expected to fail (%s): %s\n", c->name, list,
		       !r->nfailures ? "NO FAILURE FOUND" :
		       ok ? "found, as expected" : "UNEXPECTED FAILURE");
	}
	return ok ? 0 : EXIT_FOUND;
}

/* explore, or with @sweep the fail-nth sweep: the same options and verdict */
static int cmd_explore(int argc, char **argv, bool sweep)
{
	const char *cmd = sweep ? "sweep" : "explore";
	char expected[256];
	struct sim_result res;
	struct cli c;
	int ret;

	ret = parse_common(argc, argv, cmd, &c);
	if (ret)
		return ret < 0 ? EXIT_USAGE : 0;
	ret = sweep ? sim_sweep_faults(c.prog, &c.opts, &res) :
		      sim_explore(c.prog, &c.opts, &res);
	if (ret < 0) {
		cli_free(&c);
		return EXIT_USAGE;
	}
	cli_print_summary(c.name, &c.opts, &res);
	ret = verdict(&c, &res, ret, expected, sizeof(expected));
	if (c.json && cli_write_json(&c, &res, ret == 0, expected))
		ret = EXIT_USAGE;
	cli_free(&c);
	return ret;
}

static int cmd_replay_or_run(int argc, char **argv, const char *cmd)
{
	struct sim_result res;
	struct cli c;
	int ret;

	ret = parse_common(argc, argv, cmd, &c);
	if (ret)
		return ret < 0 ? EXIT_USAGE : 0;
	/*
	 * In this process, for the sanitizers' reports; but --json replays
	 * again, and a second run of a target in one process would start
	 * from the first one's leftovers: then both run in a child.
	 */
	c.opts.isolate = c.json != NULL;
	ret = sim_replay(c.prog, c.schedule ? c.schedule : "", &c.opts,
			 &res);
	if (ret < 0) {
		cli_free(&c);
		return EXIT_USAGE;
	}
	if (c.schedule)
		printf("%s: replay \"%s\": %s\n", c.name, c.schedule,
		       ret ? "failed" : "passed");
	else
		printf("%s: run: %s\n", c.name, ret ? "failed" : "passed");
	if (c.json && cli_write_json(&c, &res, ret == 0, ""))
		ret = -1;
	cli_free(&c);
	if (ret < 0)
		return EXIT_USAGE;
	return ret ? EXIT_FOUND : 0;
}

static int cmd_targets(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help")) {
		fprintf(stderr, "%s targets: unexpected argument \"%s\" (try "
			"'vfio-sim targets --help')\n", prog_name, argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 1) {
		printf("usage: vfio-sim targets\n\nLists the targets scenario "
		       "files can run against, with their ioctls\nand "
		       "driver operations.\n");
		return 0;
	}
	for (int i = 0; i < sim_nr_targets; i++) {
		const struct sim_target *t = sim_targets[i];

		printf("%-10s %s\n  ioctls:", t->name, t->summary);
		for (int j = 0; j < t->nr_ioctls; j++)
			printf(" %s", t->ioctls[j].name);
		printf("\n  driver operations:");
		for (int j = 0; j < t->nr_driver_ops; j++)
			printf(" %s", t->driver_ops[j].name);
		printf("\n  device keys:");
		for (int j = 0; t->device_keys && t->device_keys[j]; j++)
			printf(" %s", t->device_keys[j]);
		printf("\n");
	}
	return 0;
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

/*
 * presubmit and mutate are scripts/CMD.sh of the installed data directory
 * of this program, or of the source tree it was built from
 * (cli_data_dir()).  SIGINT and SIGTERM are given back their default
 * action first: bash cannot trap a signal ignored when it started (a
 * background job of a non-interactive shell starts with SIGINT ignored),
 * and the script must stop on both.
 */
static int cmd_script(const char *cmd, int argc, char **argv)
{
	char buf[4096], path[4096];
	const char *dir = cli_data_dir(buf, sizeof(buf));

	if (!dir || !*dir) {
		fprintf(stderr, "%s %s: this program does not know its "
			"source tree: set VFIO_SIM_SOURCE_DIR\n", prog_name,
			cmd);
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "%s/scripts/%s.sh", dir, cmd);
	argv[0] = path;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	execv(path, argv);
	fprintf(stderr, "%s %s: cannot run %s: %s\n", prog_name, cmd, path,
		strerror(errno));
	return EXIT_USAGE;
}

/*
 * SIGINT (Ctrl-C) and SIGTERM (a CI's timeout) end explore, replay, run
 * and sweep at once, with the shell's status for them (130, 143): a
 * --json file being written is removed, and the crash-isolation child,
 * which dies with its parent (sim_spawn()), goes too.  They are caught
 * even when the program started with them ignored, as a background job
 * of a non-interactive shell does: nothing here wants to outlive a
 * Ctrl-C or a CI's timeout.
 */
static void on_interrupt(int sig)
{
	char *tmp = cli_json_tmp;

	if (tmp)
		unlink(tmp);
	_exit(128 + sig);
}

static void catch_interrupts(void)
{
	static const int sigs[] = { SIGINT, SIGTERM };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_interrupt;
		sigemptyset(&sa.sa_mask);
		sigaddset(&sa.sa_mask, SIGINT);
		sigaddset(&sa.sa_mask, SIGTERM);
		sigaction(sigs[i], &sa, NULL);
	}
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		fprintf(stderr, "%s: expected a command (try 'vfio-sim "
			"--help')\n", prog_name);
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
	if (!strcmp(cmd, "targets"))
		return cmd_targets(argc - 1, argv + 1);
	if (!strcmp(cmd, "explore") || !strcmp(cmd, "run") ||
	    !strcmp(cmd, "replay") || !strcmp(cmd, "sweep"))
		catch_interrupts();
	if (!strcmp(cmd, "explore"))
		return cmd_explore(argc - 1, argv + 1, false);
	if (!strcmp(cmd, "run"))
		return cmd_replay_or_run(argc - 1, argv + 1, "run");
	if (!strcmp(cmd, "replay"))
		return cmd_replay_or_run(argc - 1, argv + 1, "replay");
	if (!strcmp(cmd, "presubmit") || !strcmp(cmd, "mutate"))
		return cmd_script(cmd, argc - 1, argv + 1);
	if (!strcmp(cmd, "sweep"))
		return cmd_explore(argc - 1, argv + 1, true);
	fprintf(stderr, "%s: unknown command \"%s\" (try 'vfio-sim --help')\n",
		prog_name, cmd);
	return EXIT_USAGE;
}
