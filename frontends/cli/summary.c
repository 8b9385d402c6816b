// SPDX-License-Identifier: GPL-2.0-only
/*
 * The summary of an exploration: one line (strategy, executions, how far
 * it got: every schedule at the bound, every trace, the shard's part or
 * the budget), then each failure with its schedule.
 */
#include <stdio.h>

#include "cli.h"

void cli_print_summary(const char *name, const struct sim_opts *o,
		       const struct sim_result *r)
{
	printf("%s: %s: %llu execution%s, %llu steps, %.3f s", name,
	       sim_strategy_name(o->strategy),
	       (unsigned long long)r->executions,
	       r->executions == 1 ? "" : "s",
	       (unsigned long long)r->steps, r->seconds);
	if (o->strategy == SIM_STRATEGY_DFS)
		printf(", bound %d%s", r->bound,
		       r->exhausted ? " (every schedule explored)" :
		       r->budget_spent && !r->nfailures ?
		       " (stopped by the budget)" : "");
	if (o->nshards)
		printf(", shard %u/%u", o->shard, o->nshards);
	if (o->strategy == SIM_STRATEGY_DPOR && r->exhausted)
		printf("%s (%llu cut by sleep sets", o->nshards ?
		       " of a complete DPOR exploration" :
		       ", complete: every trace",
		       (unsigned long long)r->redundant);
	if (o->strategy == SIM_STRATEGY_DPOR && r->shard_depth)
		printf("%s%llu of %llu prefixes of %u decision%s, %llu "
		       "execution%s to find them", r->exhausted ? "; " : " (",
		       (unsigned long long)r->shard_owned,
		       (unsigned long long)r->shard_prefixes, r->shard_depth,
		       r->shard_depth == 1 ? "" : "s",
		       (unsigned long long)r->shard_probes,
		       r->shard_probes == 1 ? "" : "s");
	if (o->strategy == SIM_STRATEGY_DPOR &&
	    (r->exhausted || r->shard_depth))
		printf(")");
	if (o->strategy == SIM_STRATEGY_DPOR && !r->exhausted &&
	    !r->nfailures)
		printf(", incomplete: stopped by the budget with %u "
		       "decision%s left to explore", r->pending,
		       r->pending == 1 ? "" : "s");
	printf(": %u failure%s\n", r->nfailures, r->nfailures == 1 ? "" : "s");
	for (unsigned int i = 0; i < r->nfailures; i++) {
		const struct sim_failure *f = &r->failures[i];

		printf("  %s: %s\n    schedule \"%s\" (%d preemption%s)%s\n",
		       sim_fail_kind_name(f->kind), f->title, f->schedule,
		       f->preemptions, f->preemptions == 1 ? "" : "s",
		       f->replayed ? "" : " [replay did not reproduce]");
	}
}
