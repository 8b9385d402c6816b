// SPDX-License-Identifier: GPL-2.0-only
/*
 * refcount_t.  The arithmetic follows the kernel's contract: a counter
 * that would leave the valid range is set to REFCOUNT_SATURATED and the
 * event is reported; in the simulation the report ends the execution
 * instead of letting the kernel limp on.
 *
 * Ordering, for the race detector (Documentation/atomic_t.txt and the
 * kernel's refcount.h): increments are unordered; decrements are a release;
 * the decrement that reaches zero is also an acquire, so the last put sees
 * everything done before every earlier put.
 */
#include <stdio.h>

#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include "sim/race.h"

#define POISON_INT	0x6b6b6b6b

static const char *const saturation_msg[] = {
	[REFCOUNT_ADD_NOT_ZERO_OVF] = "saturated; leaking memory",
	[REFCOUNT_ADD_OVF] = "saturated; leaking memory",
	[REFCOUNT_ADD_UAF] = "addition on 0; use-after-free",
	[REFCOUNT_SUB_UAF] = "underflow; use-after-free",
	[REFCOUNT_DEC_LEAK] = "decrement hit 0; leaking memory",
};

static void refcount_warn(enum refcount_saturation_type t,
			  const struct sim_loc *loc)
{
	sim_report("------------[ cut here ]------------\n"
		   "refcount_t: %s.\n"
		   "WARNING: CPU: 0 PID: T%d at %s:%d %s()\n",
		   saturation_msg[t], sim_current_tid(),
		   loc ? loc->file : "?", loc ? loc->line : 0,
		   loc ? loc->func : "?");
	sim_fail(SIM_FAIL_REFCOUNT, loc, "refcount_t: %s (%s)",
		 saturation_msg[t], loc && loc->expr ? loc->expr : "?");
}

static void refcount_warn_saturate(refcount_t *r,
				   enum refcount_saturation_type t,
				   const struct sim_loc *loc)
{
	r->refs.counter = REFCOUNT_SATURATED;
	refcount_warn(t, loc);
}

/* The kernel builds with wrapping signed arithmetic: do it unsigned. */
static inline int wrap_add(int a, int b)
{
	return (int)((unsigned int)a + (unsigned int)b);
}

/* Freed memory is filled with 0x6b when ASan is not there to catch it. */
static void check_poison(const refcount_t *r, const char *op,
			 const struct sim_loc *loc)
{
	if (r->refs.counter == POISON_INT && (sim_checks & SIM_CHECK_POISON))
		sim_fail(SIM_FAIL_UAF, loc,
			 "BUG: use-after-free: %s(%s) on freed memory "
			 "(poison 0x6b6b6b6b)", op,
			 loc && loc->expr ? loc->expr : "?");
}

/*
 * The detector checks the core's counter first: a freed object gets
 * KASAN's report, with where it was allocated and freed.
 */
#define REFCOUNT_POINT(r, op, loc)					\
	do {								\
		sim_point(SIM_OP_REFCOUNT, (r), (op), (loc));		\
		sim_race_atomic_access((r), sizeof(*(r)), true, (loc));	\
		check_poison((r), (op), (loc));				\
	} while (0)

/* Where live counters were initialised, for leak reports. */
#define MAX_TRACKED	4096
static struct {
	const refcount_t *r;
	const struct sim_loc *loc;
} tracked[MAX_TRACKED];
static int nr_tracked;

static void refcount_begin(void)
{
	nr_tracked = 0;
}

static bool refcount_snapshot(void)
{
	SIM_SNAPSHOT_KEEP(nr_tracked);
	sim_snapshot_keep(tracked, nr_tracked * sizeof(tracked[0]));
	return true;
}

static struct sim_exec_hook refcount_hook = {
	.name = "refcount",
	.order = SIM_HOOK_REFCOUNT,
	.begin = refcount_begin,
	.snapshot = refcount_snapshot,
};

static void __attribute__((constructor)) refcount_register(void)
{
	sim_register_exec_hook(&refcount_hook);
}

static void track(const refcount_t *r, const struct sim_loc *loc)
{
	if (!(sim_checks & SIM_CHECK_LEAKS))
		return;
	for (int i = 0; i < nr_tracked; i++) {
		if (tracked[i].r == r) {
			tracked[i].loc = loc;
			return;
		}
	}
	if (nr_tracked < MAX_TRACKED) {
		tracked[nr_tracked].r = r;
		tracked[nr_tracked++].loc = loc;
	}
}

int sim_refcount_describe(const void *obj, unsigned long size, char *buf,
			  unsigned long len)
{
	const char *lo = obj, *hi = lo + size;
	unsigned long off = 0;
	int n = 0;

	buf[0] = 0;
	for (int i = 0; i < nr_tracked && off < len; i++) {
		const char *p = (const char *)tracked[i].r;
		const struct sim_loc *l = tracked[i].loc;

		if (p < lo || p + sizeof(refcount_t) > hi)
			continue;
		off += snprintf(buf + off, len - off,
				"    refcount_t at +0x%lx = %d (set at %s:%d "
				"%s())\n", (unsigned long)(p - lo),
				tracked[i].r->refs.counter, l->file, l->line,
				l->func);
		n++;
	}
	return n;
}

void __refcount_set(refcount_t *r, int n, const struct sim_loc *loc)
{
	sim_point(SIM_OP_REFCOUNT, r, "refcount_set", loc);
	sim_race_atomic_access(r, sizeof(*r), true, loc);
	r->refs.counter = n;
	track(r, loc);
}

int __refcount_read(const refcount_t *r, const struct sim_loc *loc)
{
	sim_point(SIM_OP_READ, r, "refcount_read", loc);
	sim_race_atomic_access(r, sizeof(*r), false, loc);
	check_poison(r, "refcount_read", loc);
	return r->refs.counter;
}

bool __refcount_add_not_zero(int i, refcount_t *r, int *oldp,
			     const struct sim_loc *loc)
{
	int old;

	REFCOUNT_POINT(r, "refcount_add_not_zero", loc);
	old = r->refs.counter;
	if (oldp)
		*oldp = old;
	/* refuses at 0, warns below */
	sim_note_counter(r, old, old ? i : 0, 0);
	if (!old)
		return false;
	/* stronger than the kernel's control dependency (race-detector.md) */
	sim_hb_acquire(r);
	r->refs.counter = wrap_add(old, i);
	if (old < 0 || wrap_add(old, i) < 0)
		refcount_warn_saturate(r, REFCOUNT_ADD_NOT_ZERO_OVF, loc);
	sim_trace_note("refcount", r, r->refs.counter, loc);
	return true;
}

void __refcount_add(int i, refcount_t *r, int *oldp,
		    const struct sim_loc *loc)
{
	int old;

	REFCOUNT_POINT(r, i == 1 ? "refcount_inc" : "refcount_add", loc);
	old = r->refs.counter;
	if (oldp)
		*oldp = old;
	r->refs.counter = wrap_add(old, i);
	sim_note_counter(r, old, i, 0);		/* warns at 0 and below */
	if (!old)
		refcount_warn_saturate(r, REFCOUNT_ADD_UAF, loc);
	else if (old < 0 || wrap_add(old, i) < 0)
		refcount_warn_saturate(r, REFCOUNT_ADD_OVF, loc);
	sim_trace_note("refcount", r, r->refs.counter, loc);
}

bool __refcount_sub_and_test(int i, refcount_t *r, int *oldp,
			     const struct sim_loc *loc)
{
	int old;

	REFCOUNT_POINT(r, i == 1 ? "refcount_dec_and_test" :
		       "refcount_sub_and_test", loc);
	old = r->refs.counter;
	if (oldp)
		*oldp = old;
	r->refs.counter = wrap_add(old, -i);
	/* true at @i, warns below */
	sim_note_counter(r, old, -i, i);
	sim_trace_note("refcount", r, r->refs.counter, loc);
	sim_hb_release(r);
	if (old == i) {
		/* the last put sees every earlier one */
		sim_hb_acquire(r);
		return true;
	}
	if (old < 0 || wrap_add(old, -i) < 0)
		refcount_warn_saturate(r, REFCOUNT_SUB_UAF, loc);
	return false;
}

void __refcount_dec(refcount_t *r, int *oldp, const struct sim_loc *loc)
{
	int old;

	REFCOUNT_POINT(r, "refcount_dec", loc);
	sim_hb_release(r);
	old = r->refs.counter;
	if (oldp)
		*oldp = old;
	r->refs.counter = wrap_add(old, -1);
	sim_note_counter(r, old, -1, 1);	/* warns at 1 and below */
	sim_trace_note("refcount", r, r->refs.counter, loc);
	if (old <= 1)
		refcount_warn_saturate(r, REFCOUNT_DEC_LEAK, loc);
}

bool __refcount_dec_not_one(refcount_t *r, const struct sim_loc *loc)
{
	unsigned int val;

	REFCOUNT_POINT(r, "refcount_dec_not_one", loc);
	val = (unsigned int)r->refs.counter;
	/* refuses at 1, warns at 0; a saturated counter is below both */
	sim_note_counter(r, (int)val,
			 val == 1 || val == (unsigned int)REFCOUNT_SATURATED ?
			 0 : -1, 1);
	if (val == (unsigned int)REFCOUNT_SATURATED)
		return true;
	if (val == 1)
		return false;
	/* only 0 underflows here; the counter is left as it is */
	if (val - 1 > val)
		refcount_warn(REFCOUNT_SUB_UAF, loc);
	sim_hb_release(r);
	r->refs.counter = (int)(val - 1);
	sim_trace_note("refcount", r, r->refs.counter, loc);
	return true;
}

bool __refcount_dec_if_one(refcount_t *r, const struct sim_loc *loc)
{
	REFCOUNT_POINT(r, "refcount_dec_if_one", loc);
	sim_note_counter(r, r->refs.counter, r->refs.counter == 1 ? -1 : 0, 1);
	if (r->refs.counter != 1)
		return false;
	sim_hb_release(r);
	sim_hb_acquire(r);
	r->refs.counter = 0;
	sim_trace_note("refcount", r, 0, loc);
	return true;
}

bool __refcount_dec_and_mutex_lock(refcount_t *r, struct mutex *lock,
				   const struct sim_loc *loc)
{
	if (__refcount_dec_not_one(r, loc))
		return false;
	__mutex_lock_common(lock, 0, 0, loc);
	if (!__refcount_sub_and_test(1, r, NULL, loc)) {
		__mutex_unlock(lock, loc);
		return false;
	}
	return true;
}

bool __refcount_dec_and_lock(refcount_t *r, struct spinlock *lock,
			     const struct sim_loc *loc)
{
	if (__refcount_dec_not_one(r, loc))
		return false;
	__spin_lock(lock, 0, loc);
	if (!__refcount_sub_and_test(1, r, NULL, loc)) {
		__spin_unlock(lock, loc);
		return false;
	}
	return true;
}
