// SPDX-License-Identifier: GPL-2.0-only
/*
 * Strategies: how a new decision is made (the default non-preemptive
 * choice, a random walk, PCT) and how DFS moves to its next schedule.
 */
#include <string.h>

#include "engine.h"

uint64_t sim_splitmix64(uint64_t *s)
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

int sim_pick_default(void *ctx, const struct sim_decision *d,
			uint32_t index)
{
	(void)ctx;
	(void)index;
	return sim_default_choice(d);
}

int sim_pick_random(void *ctx, const struct sim_decision *d,
		       uint32_t index)
{
	uint64_t *rng = ctx;
	unsigned int n = __builtin_popcount(d->enabled);

	(void)index;
	return nth_set_bit(d->enabled, sim_splitmix64(rng) % n);
}

/*
 * PCT (Burckhardt et al., ASPLOS 2010): random distinct priorities, d-1
 * change points among the k decisions; the highest-priority enabled thread
 * runs; at a change point the running thread drops below everyone.
 */
void sim_pct_init(struct sim_pct *p, uint64_t seed, int depth,
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
			c = 1 + sim_splitmix64(&p->rng) % k;
			dup = false;
			for (int j = 0; j < p->nchange; j++)
				dup |= p->change[j] == c;
		} while (dup && (uint32_t)p->nchange < k);
		if (!dup)
			p->change[p->nchange++] = c;
	}
}

int sim_pick_pct(void *ctx, const struct sim_decision *d, uint32_t index)
{
	struct sim_pct *p = ctx;
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
			p->prio[t] = (int64_t)((sim_splitmix64(&p->rng) >> 8) &
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
	case SIM_STRATEGY_DPOR:
		return "dpor";
	}
	return "?";
}

int sim_strategy_parse(const char *name, enum sim_strategy *s)
{
	for (int i = SIM_STRATEGY_DFS; i <= SIM_STRATEGY_DPOR; i++) {
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

bool sim_dfs_backtrack(struct sim_path *p, int bound, bool *pruned)
{
	while (p->len > 0) {
		struct sim_decision *d = &p->d[p->len - 1];
		int alt = next_alternative(d, bound, pruned);

		if (alt >= 0) {
			d->choice = (int8_t)alt;
			p->prefix = p->len;
			return true;
		}
		p->len--;
	}
	return false;
}

