// SPDX-License-Identifier: GPL-2.0-only
/*
 * The entry points the compiler's thread-sanitizer instrumentation calls
 * (-fsanitize=thread on the cores only; the program links no sanitizer
 * runtime for it).  Each load or store of a core reaches race_check() with
 * its address, size, kind and return address.  Volatile accesses (the
 * cores are built with tsan-distinguish-volatile) are the marked ones:
 * READ_ONCE(), WRITE_ONCE() and the atomics of the shims' headers.
 *
 * The cores use no __atomic builtins (the shims' atomics are volatile
 * accesses between scheduling points), so the __tsan_atomic* family is not
 * provided: a core that needed it would fail to link, by name.
 *
 * Outside a simulated thread (an execution's set-up and teardown) or with
 * the detector off, every entry point only does what the access would.
 */
#include <stdint.h>
#include <string.h>

#include "race_impl.h"

#define PC	__builtin_return_address(0)

/*
 * SanitizerCoverage's 8-bit counters (clang's fuzz builds): the compiler
 * instruments their increments too, and every thread that runs a function
 * bumps its counter.  Not the cores' memory: never checked.  The linker
 * bounds the section; both are NULL in other builds.
 */
extern char __start___sancov_cntrs[] __attribute__((weak));
extern char __stop___sancov_cntrs[] __attribute__((weak));

#ifdef VFIO_SIM_FUZZ
/*
 * SanitizerCoverage's stack-depth tracing (libFuzzer's, on Linux): each
 * instrumented function lowers this thread-local to its stack pointer.
 * All simulated threads run on one host thread and share it, so every
 * two core functions of two threads "race" on it in their prologues:
 * not the cores' memory, never checked.  (The sanitizer runtimes define
 * it; fuzz builds always have one.)
 */
extern __thread uintptr_t __sancov_lowest_stack;
#define SANCOV_STACK(addr)	((addr) == (const void *)&__sancov_lowest_stack)
#else
#define SANCOV_STACK(addr)	false
#endif

static inline void tsan_access(const volatile void *addr, size_t size,
			       unsigned int flags, const void *pc)
{
	if (!sim_race_active())
		return;
	if ((const char *)addr >= __start___sancov_cntrs &&
	    (const char *)addr < __stop___sancov_cntrs)
		return;
	if (SANCOV_STACK((const void *)addr))
		return;
	race_check((uintptr_t)addr, size, flags, pc);
}

void __tsan_init(void)
{
}

void __tsan_func_entry(void *call_site)
{
	struct race_stack *s;

	if (!sim_current)
		return;
	s = &race_stacks[current_tid()];
	if (s->depth < RACE_STACK_DEPTH)
		s->frame[s->depth] = call_site;
	s->depth++;
}

/* gcc passes an argument, clang none: it is not used */
void __tsan_func_exit(void *unused)
{
	struct race_stack *s;

	if (!sim_current)
		return;
	s = &race_stacks[current_tid()];
	if (s->depth)
		s->depth--;
}

#define TSAN_ACCESS(name, size, flags)					\
void __tsan_##name(void *addr);						\
void __tsan_##name(void *addr)						\
{									\
	tsan_access(addr, size, flags, PC);				\
}

#define TSAN_SIZES(name, flags)						\
	TSAN_ACCESS(name##1, 1, flags)					\
	TSAN_ACCESS(name##2, 2, flags)					\
	TSAN_ACCESS(name##4, 4, flags)					\
	TSAN_ACCESS(name##8, 8, flags)					\
	TSAN_ACCESS(name##16, 16, flags)

TSAN_SIZES(read, 0)
TSAN_SIZES(write, RACE_WRITE)
TSAN_SIZES(unaligned_read, 0)
TSAN_SIZES(unaligned_write, RACE_WRITE)
TSAN_SIZES(volatile_read, RACE_MARKED)
TSAN_SIZES(volatile_write, RACE_WRITE | RACE_MARKED)
TSAN_SIZES(unaligned_volatile_read, RACE_MARKED)
TSAN_SIZES(unaligned_volatile_write, RACE_WRITE | RACE_MARKED)

void __tsan_read_range(void *addr, long size);
void __tsan_read_range(void *addr, long size)
{
	tsan_access(addr, size, 0, PC);
}

void __tsan_write_range(void *addr, long size);
void __tsan_write_range(void *addr, long size)
{
	tsan_access(addr, size, RACE_WRITE, PC);
}

/* clang calls these instead of memcpy/memset/memmove. */
void *__tsan_memcpy(void *dst, const void *src, size_t n);
void *__tsan_memcpy(void *dst, const void *src, size_t n)
{
	tsan_access(src, n, 0, PC);
	tsan_access(dst, n, RACE_WRITE, PC);
	return memcpy(dst, src, n);
}

void *__tsan_memmove(void *dst, const void *src, size_t n);
void *__tsan_memmove(void *dst, const void *src, size_t n)
{
	tsan_access(src, n, 0, PC);
	tsan_access(dst, n, RACE_WRITE, PC);
	return memmove(dst, src, n);
}

void *__tsan_memset(void *dst, int c, size_t n);
void *__tsan_memset(void *dst, int c, size_t n)
{
	tsan_access(dst, n, RACE_WRITE, PC);
	return memset(dst, c, n);
}
