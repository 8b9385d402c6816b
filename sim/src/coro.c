// SPDX-License-Identifier: GPL-2.0-only
/*
 * Coroutine stacks and switching, with the AddressSanitizer fiber
 * annotations: without them ASan takes a switched stack for a stack
 * overflow or reports false positives from stale frames.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "coro.h"

#include "sim/sanitizer.h"

#ifdef SIM_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

/* Bytes at the top of a stack that an ended coroutine may leave poisoned. */
#define CORO_TOP_DIRTY	(16 * 1024)

#ifdef SIM_ASAN
/* Bounds of the main (scheduler) stack, learnt on the first switch. */
static const void *main_stack_bottom;
static size_t main_stack_size;
#endif

int sim_coro_init(struct sim_coro *co, size_t size, void (*entry)(void),
		  int dirty)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned long *top;

	if (!co->stack) {
		char *base = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
				  -1, 0);

		if (base == MAP_FAILED)
			return -1;
		/* guard page: an overflow faults instead of corrupting */
		mprotect(base, page, PROT_NONE);
		co->stack = base + page;
		co->stack_size = size;
	}
#ifdef SIM_ASAN
	/*
	 * Frames that never returned leave poisoned redzones behind: all of
	 * them when a failure abandoned the coroutine, and the last few of
	 * a coroutine that ended (its final switch never returns).  Stale
	 * poison under a later frame makes ASan report nonsense.
	 */
	if (dirty)
		__asan_unpoison_memory_region(co->stack, co->stack_size);
	else
		__asan_unpoison_memory_region((char *)co->stack +
					      co->stack_size - CORO_TOP_DIRTY,
					      CORO_TOP_DIRTY);
#else
	(void)dirty;
#endif
	top = (unsigned long *)((char *)co->stack + co->stack_size);
	/* after the 6 pops and ret, rsp % 16 == 8 as at a call entry */
	*--top = 0;
	*--top = (unsigned long)entry;
	for (int i = 0; i < 6; i++)
		*--top = 0;
	co->sp = top;
	co->asan_fake_stack = NULL;
	return 0;
}

void sim_coro_free(struct sim_coro *co)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (co->stack)
		munmap((char *)co->stack - page, co->stack_size + page);
	co->stack = NULL;
}

void sim_coro_switch(struct sim_coro *from, struct sim_coro *to,
		     int from_dying)
{
#ifdef SIM_ASAN
	const void *bottom = to->stack ? to->stack : main_stack_bottom;
	size_t size = to->stack ? to->stack_size : main_stack_size;
	const void *old_bottom;
	size_t old_size;

	__sanitizer_start_switch_fiber(from_dying ? NULL :
				       &from->asan_fake_stack, bottom, size);
	sim_ctx_switch(&from->sp, to->sp);
	__sanitizer_finish_switch_fiber(from->asan_fake_stack, &old_bottom,
					&old_size);
#else
	(void)from_dying;
	sim_ctx_switch(&from->sp, to->sp);
#endif
}

void sim_coro_started(void)
{
#ifdef SIM_ASAN
	const void *old_bottom;
	size_t old_size;

	__sanitizer_finish_switch_fiber(NULL, &old_bottom, &old_size);
	/* the first switch of all comes from the main stack */
	if (!main_stack_bottom) {
		main_stack_bottom = old_bottom;
		main_stack_size = old_size;
	}
#endif
}
