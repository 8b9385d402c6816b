/* SPDX-License-Identifier: GPL-2.0-only */
/* Coroutine contexts: stacks and the switch between them. */
#ifndef _SIM_CORO_H
#define _SIM_CORO_H

#include <stddef.h>

struct sim_coro {
	void *sp;		/* saved stack pointer while not running */
	void *stack;		/* lowest usable address */
	size_t stack_size;
	void *asan_fake_stack;	/* ASan: this context's fake stack */
};

void sim_ctx_switch(void **save_sp, void *next_sp);

/*
 * Map a stack (with a guard page below it) the first time; reuse after.
 * @dirty: the stack holds frames of a coroutine that never returned.
 */
int sim_coro_init(struct sim_coro *co, size_t size, void (*entry)(void),
		  int dirty);
void sim_coro_free(struct sim_coro *co);

/*
 * Switch from @from to @to.  @from_dying says @from will never be resumed
 * (its ASan fake stack can go).
 */
void sim_coro_switch(struct sim_coro *from, struct sim_coro *to,
		     int from_dying);
/* First thing a new coroutine calls: completes the ASan switch into it. */
void sim_coro_started(void);

#endif /* _SIM_CORO_H */
