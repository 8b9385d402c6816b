// SPDX-License-Identifier: GPL-2.0-only
/*
 * --json FILE: a machine-readable record of an exploration and of each
 * failure it found, for presubmit's reports (JUnit, the swimlane pages).
 * Each failure is replayed once more, with the trace on, in a child
 * process (a crash ends the child, not this program): its steps come as
 * lines of JSON from the engine (sim_opts.json), its text report (header,
 * trace, kernel-shaped body) is kept whole.
 *
 * {"vfio_sim_json": 1, "command": ..., "program": ..., "target": ...,
 *  "strategy": ..., "bound": N, "exhausted": bool, "budget_spent": bool,
 *  "executions": N, "seconds": S, "ok": bool, "expected": "kind|kind",
 *  with --shard K/N: "shard": "K/N", and for DPOR "shard_depth": D,
 *  "shard_prefixes": [owned, of all],
 *  "failures": [{"kind", "message", "where", "schedule", "preemptions",
 *                "execution", "replayed", "replay", "steps": [...],
 *                "fail": {...} or null, "text": ...}]}
 *
 * The file is written under a temporary name and renamed when complete.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void json_key(FILE *out, const char *key, const char *s, bool comma)
{
	fprintf(out, "%s\"%s\":", comma ? "," : "", key);
	sim_json_string(out, s ? s : "");
}

/* Copy @in (the engine's step lines) as array elements; keep the fail. */
static void copy_steps(FILE *out, FILE *in, char **fail)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool first = true;

	rewind(in);
	fputs("[", out);
	while ((n = getline(&line, &cap, in)) > 0) {
		if (line[n - 1] != '\n')
			break;	/* cut short by a crash */
		line[n - 1] = 0;
		if (!strncmp(line, "{\"fail\":true", 12)) {
			free(*fail);
			*fail = strdup(line);
			continue;
		}
		fprintf(out, "%s\n%s", first ? "" : ",", line);
		first = false;
	}
	fputs("]", out);
	free(line);
}

static void copy_text(FILE *out, FILE *in)
{
	char *text = NULL;
	size_t cap = 0;
	long len;

	fflush(in);
	len = ftell(in);
	rewind(in);
	if (len > 0) {
		text = malloc(len + 1);
		if (text) {
			cap = fread(text, 1, len, in);
			text[cap] = 0;
		}
	}
	sim_json_string(out, text ? text : "");
	free(text);
}

/* Lines in @in that are steps (not the failure's own record). */
static int count_steps(FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	int n = 0;

	rewind(in);
	while (getline(&line, &cap, in) > 0)
		n += strncmp(line, "{\"fail\":true", 12) != 0;
	free(line);
	return n;
}

/* Empty @f for another run. */
static void truncate_file(FILE *f)
{
	fflush(f);
	rewind(f);
	if (ftruncate(fileno(f), 0))
		clearerr(f);
}

/* Replay @f traced into @out as one failure object. */
static void write_failure(FILE *out, const struct cli *c,
			  const struct sim_failure *f)
{
	struct sim_opts o = c->opts;
	struct sim_result r;
	FILE *text = tmpfile(), *steps = tmpfile();
	char *fail = NULL, replay[2048];
	bool replayed = false;

	fputs("{", out);
	json_key(out, "kind", sim_fail_kind_name(f->kind), false);
	json_key(out, "message", f->title, true);
	json_key(out, "where", f->where, true);
	json_key(out, "schedule", f->schedule, true);
	fprintf(out, ",\"preemptions\":%d,\"execution\":%llu",
		f->preemptions, (unsigned long long)f->execution);
	snprintf(replay, sizeof(replay), c->hint, f->schedule);
	json_key(out, "replay", replay, true);
	fputs(",\"steps\":", out);
	if (text && steps) {
		o.strategy = SIM_STRATEGY_REPLAY;
		o.schedule = f->schedule;
		o.fail_nth = 0;
		o.trace_always = true;
		o.quiet = false;
		o.keep_going = false;
		o.max_executions = 0;
		o.isolate = true;
		o.progress = 0;
		o.out = text;
		o.json = steps;
		fflush(NULL);
		sim_explore(c->prog, &o, &r);
		fflush(text);
		fflush(steps);
		if (!count_steps(steps) && !o.trace_all) {
			/*
			 * It failed before any thread ran (in the set-up, a
			 * driver's probe): show the simulation's own steps.
			 */
			truncate_file(text);
			truncate_file(steps);
			o.trace_all = true;
			sim_explore(c->prog, &o, &r);
			fflush(text);
			fflush(steps);
		}
		copy_steps(out, steps, &fail);
		/* the replay here failed the same way */
		replayed = r.nfailures && r.failures[0].kind == f->kind &&
			   !strcmp(r.failures[0].title, f->title);
	} else {
		fputs("[]", out);
	}
	fprintf(out, ",\n\"replayed\":%s", replayed ? "true" : "false");
	fprintf(out, ",\n\"fail\":%s", fail ? fail : "null");
	fputs(",\n\"text\":", out);
	if (text)
		copy_text(out, text);
	else
		fputs("\"\"", out);
	fputs("}", out);
	free(fail);
	if (text)
		fclose(text);
	if (steps)
		fclose(steps);
}

char *volatile cli_json_tmp;

int cli_write_json(const struct cli *c, const struct sim_result *r, bool ok,
		   const char *expected)
{
	char *tmp;
	FILE *out;

	if (asprintf(&tmp, "%s.tmp.%d", c->json, (int)getpid()) < 0)
		return -1;
	cli_json_tmp = tmp;
	out = fopen(tmp, "w");
	if (!out) {
		cli_json_tmp = NULL;
		fprintf(stderr, "vfio-sim %s: --json: cannot write %s\n",
			c->cmd, c->json);
		free(tmp);
		return -1;
	}
	fputs("{\"vfio_sim_json\":1", out);
	json_key(out, "command", c->cmd, true);
	json_key(out, "program", c->name, true);
	json_key(out, "target", c->target, true);
	json_key(out, "strategy", sim_strategy_name(c->opts.strategy), true);
	fprintf(out, ",\"bound\":%d,\"exhausted\":%s,\"budget_spent\":%s,"
		"\"executions\":%llu,\"steps\":%llu,\"seconds\":%.3f,"
		"\"ok\":%s", r->bound, r->exhausted ? "true" : "false",
		r->budget_spent && !r->exhausted ? "true" : "false",
		(unsigned long long)r->executions,
		(unsigned long long)r->steps, r->seconds,
		ok ? "true" : "false");
	if (c->opts.nshards)
		fprintf(out, ",\"shard\":\"%u/%u\"", c->opts.shard,
			c->opts.nshards);
	if (c->opts.nshards && c->opts.strategy == SIM_STRATEGY_DPOR)
		fprintf(out, ",\"shard_depth\":%u,\"shard_prefixes\":"
			"[%llu,%llu]", r->shard_depth,
			(unsigned long long)r->shard_owned,
			(unsigned long long)r->shard_prefixes);
	json_key(out, "expected", expected, true);
	fputs(",\"failures\":[", out);
	for (unsigned int i = 0; i < r->nfailures; i++) {
		fputs(i ? ",\n" : "\n", out);
		write_failure(out, c, &r->failures[i]);
	}
	fputs("]}\n", out);
	if (fclose(out) || rename(tmp, c->json)) {
		fprintf(stderr, "vfio-sim %s: --json: cannot write %s\n",
			c->cmd, c->json);
		unlink(tmp);
		cli_json_tmp = NULL;
		free(tmp);
		return -1;
	}
	cli_json_tmp = NULL;
	free(tmp);
	return 0;
}
