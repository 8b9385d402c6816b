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
extern const struct sim_program race_check_then_act_program;
extern const struct sim_program race_check_then_act_fixed_program;
extern const struct sim_program race_publish_relaxed_program;
extern const struct sim_program race_publish_acquire_program;
extern const struct sim_program race_refcount_handoff_program;
extern const struct sim_program race_refcount_late_write_program;
extern const struct sim_program slab_oob_program;
extern const struct sim_program slab_oob_fixed_program;

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
	{ "race-check-then-act",
	  "a flag tested and set under a lock in one thread only",
	  &race_check_then_act_program, SIM_FAIL_DATA_RACE },
	{ "race-check-then-act-fixed", "the same, locked in both threads",
	  &race_check_then_act_fixed_program, SIM_FAIL_NONE },
	{ "race-publish-relaxed",
	  "plain fields published with WRITE_ONCE/READ_ONCE",
	  &race_publish_relaxed_program, SIM_FAIL_DATA_RACE },
	{ "race-publish-acquire",
	  "the same with smp_store_release/smp_load_acquire",
	  &race_publish_acquire_program, SIM_FAIL_NONE },
	{ "race-refcount-handoff",
	  "each thread writes its part, the last put reads them",
	  &race_refcount_handoff_program, SIM_FAIL_NONE },
	{ "race-refcount-late-write",
	  "a thread writes its part after its put",
	  &race_refcount_late_write_program, SIM_FAIL_DATA_RACE,
	  SIM_FAIL_UAF },
	{ "slab-oob", "a bound checked with > for >=: one slot past the end",
	  &slab_oob_program, SIM_FAIL_CRASH },
	{ "slab-oob-fixed", "the same bound checked with >=",
	  &slab_oob_fixed_program, SIM_FAIL_NONE },
};

const int sim_nr_examples = sizeof(sim_examples) / sizeof(sim_examples[0]);

const struct sim_example *sim_example_find(const char *name)
{
	for (int i = 0; i < sim_nr_examples; i++)
		if (!strcmp(sim_examples[i].name, name))
			return &sim_examples[i];
	return NULL;
}
