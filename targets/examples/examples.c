// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "targets/examples.h"

extern const struct sim_program lost_update_program;
extern const struct sim_program lost_update_fixed_program;
extern const struct sim_program abba_program;
extern const struct sim_program abba_fixed_program;
extern const struct sim_program refcount_uaf_program;
extern const struct sim_program refcount_uaf_fixed_program;
extern const struct sim_program lookup_uaf_program;
extern const struct sim_program lookup_uaf_fixed_program;
extern const struct sim_program peterson_program;
extern const struct sim_program peterson_fixed_program;

const struct sim_example sim_examples[] = {
	{ "lost-update", "two unlocked read-modify-writes of a counter",
	  &lost_update_program, SIM_FAIL_WARN },
	{ "lost-update-fixed", "the same under a mutex",
	  &lost_update_fixed_program, SIM_FAIL_NONE },
	{ "abba", "two locks taken in opposite orders (lockdep)",
	  &abba_program, SIM_FAIL_LOCKDEP },
	{ "abba-deadlock", "the same with lockdep off: the deadlock itself",
	  &abba_program, SIM_FAIL_DEADLOCK, SIM_FAIL_NONE,
	  SIM_CHECK_ALL & ~SIM_CHECK_LOCKDEP },
	{ "abba-fixed", "both threads take the locks in one order",
	  &abba_fixed_program, SIM_FAIL_NONE },
	{ "refcount-uaf", "a get races the release of the last reference",
	  &refcount_uaf_program, SIM_FAIL_UAF, SIM_FAIL_CRASH },
	{ "refcount-uaf-fixed", "get under the lock, put with dec_and_lock",
	  &refcount_uaf_fixed_program, SIM_FAIL_NONE },
	{ "lookup-uaf", "an object used after its lock, freed meanwhile",
	  &lookup_uaf_program, SIM_FAIL_CRASH },
	{ "lookup-uaf-fixed", "the object used under the lock",
	  &lookup_uaf_fixed_program, SIM_FAIL_NONE },
	{ "peterson", "Peterson's lock, stores swapped: a 2-preemption bug",
	  &peterson_program, SIM_FAIL_WARN },
	{ "peterson-fixed", "Peterson's lock as published",
	  &peterson_fixed_program, SIM_FAIL_NONE },
};

const int sim_nr_examples = sizeof(sim_examples) / sizeof(sim_examples[0]);

const struct sim_example *sim_example_find(const char *name)
{
	for (int i = 0; i < sim_nr_examples; i++)
		if (!strcmp(sim_examples[i].name, name))
			return &sim_examples[i];
	return NULL;
}
