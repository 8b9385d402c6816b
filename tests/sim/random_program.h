/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Seeded random small programs for the explorer's differential suites
 * (test_dpor, test_dpor_shard): two to four threads over a few mutexes,
 * shared variables, atomics and refcounts, with assertions; the final
 * state of each execution hashed into a set.  Include after <cmocka.h>
 * and the shims' headers (linux/atomic.h, compiler.h, mutex.h,
 * refcount.h).
 */
#ifndef _RANDOM_PROGRAM_H
#define _RANDOM_PROGRAM_H

#include "sim/race.h"

enum rop_kind {
	ROP_LOCK,	/* mutex_lock(locks[a]) */
	ROP_UNLOCK,	/* mutex_unlock(locks[a]) */
	ROP_READ,	/* r[b] = READ_ONCE(vars[a]) */
	ROP_WRITE,	/* WRITE_ONCE(vars[a], r[b] + 1) */
	ROP_INC,	/* atomic_inc(counters[a]) */
	ROP_INC_RETURN,	/* r[b] = atomic_inc_return(counters[a]) */
	ROP_DEC_TEST,	/* r[b] = refcount_dec_and_test(ref) */
	ROP_CHECK,	/* r[b] == a: an assertion fails */
	ROP_GET,	/* refcount_inc(held) */
	ROP_PUT,	/* r[b] = refcount_dec_and_test(held) */
	ROP_DEC,	/* atomic_dec(counters[a]) */
	ROP_INC_NZ,	/* r[b] = atomic_inc_not_zero(counters[a]) */
	ROP_SET,	/* flags[a] = 1, waking who waits for it */
	ROP_NEED,	/* wait until flags[a] is set, as a scenario does */
};

#define RP_THREADS	4
#define RP_OPS		10
#define RP_VARS		3
#define RP_COUNTERS	2
#define RP_LOCKS	2
#define RP_REGS		3
#define RP_FLAGS	2
#define RP_STATES	8192

struct rop {
	uint8_t kind, a, b;
};

struct rprog {
	int nthreads;
	int nops[RP_THREADS];
	struct rop op[RP_THREADS][RP_OPS];
	int ndec;
	int held;	/* the initial value of held: 1 to 3 */
};

/*
 * Programs with waits for flags (off unless set before rp_generate()):
 * thread 0 sets them, the others wait for them like a scenario's thread
 * waits for a variable another sets (SIM_WAIT_UNSEEN).
 */
static bool rp_flags;
static int flags[RP_FLAGS];

static struct rprog rp;
static int vars[RP_VARS];
static atomic_t counters[RP_COUNTERS];
static refcount_t ref;
/* gets and puts around a count that may or may not reach zero */
static refcount_t held;
static struct mutex locks[RP_LOCKS];
static int regs[RP_THREADS][RP_REGS];

/* The final states one exploration reached (a set of hashes). */
struct state_set {
	uint64_t h[RP_STATES];
	int n;
	bool overflow;
};

static struct state_set *collecting;

static void rthread(void *arg)
{
	int t = (int)(intptr_t)arg;

	for (int i = 0; i < rp.nops[t]; i++) {
		const struct rop *o = &rp.op[t][i];

		switch (o->kind) {
		case ROP_LOCK:
			mutex_lock(&locks[o->a]);
			break;
		case ROP_UNLOCK:
			mutex_unlock(&locks[o->a]);
			break;
		case ROP_READ:
			regs[t][o->b] = READ_ONCE(vars[o->a]);
			break;
		case ROP_WRITE:
			WRITE_ONCE(vars[o->a], regs[t][o->b] + 1);
			break;
		case ROP_INC:
			atomic_inc(&counters[o->a]);
			break;
		case ROP_INC_RETURN:
			regs[t][o->b] = atomic_inc_return(&counters[o->a]);
			break;
		case ROP_DEC_TEST:
			regs[t][o->b] = refcount_dec_and_test(&ref);
			break;
		case ROP_GET:
			refcount_inc(&held);
			break;
		case ROP_PUT:
			regs[t][o->b] = refcount_dec_and_test(&held);
			break;
		case ROP_DEC:
			atomic_dec(&counters[o->a]);
			break;
		case ROP_INC_NZ:
			regs[t][o->b] = atomic_inc_not_zero(&counters[o->a]);
			break;
		case ROP_SET:
			sim_point(SIM_OP_USER, NULL, "set", SIM_HERE);
			sim_hb_release(&flags[o->a]);
			flags[o->a] = 1;
			sim_wake_all(&flags[o->a]);
			break;
		case ROP_NEED:
			sim_point(SIM_OP_USER, NULL, "need", SIM_HERE);
			while (!flags[o->a])
				sim_block(&flags[o->a], "need",
					  SIM_WAIT_UNSEEN, SIM_HERE);
			sim_hb_acquire(&flags[o->a]);
			break;
		case ROP_CHECK:
			if (regs[t][o->b] == o->a)
				sim_fail(SIM_FAIL_ASSERT, SIM_HERE,
					 "T%d: r%d == %d", t, o->b, o->a);
			break;
		}
	}
}

static void rp_setup(void *ctx)
{
	(void)ctx;
	memset(vars, 0, sizeof(vars));
	memset(regs, 0, sizeof(regs));
	memset(flags, 0, sizeof(flags));
	for (int i = 0; i < RP_COUNTERS; i++)
		atomic_set(&counters[i], 0);
	refcount_set(&ref, rp.ndec ? rp.ndec : 1);
	refcount_set(&held, rp.held);
	for (int i = 0; i < RP_LOCKS; i++)
		mutex_init(&locks[i]);
	for (int t = 0; t < rp.nthreads; t++)
		sim_thread_create("rp", rthread, (void *)(intptr_t)t);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

static void rp_teardown(void *ctx)
{
	struct state_set *s = collecting;
	uint64_t h = 1;

	(void)ctx;
	for (int i = 0; i < RP_VARS; i++)
		h = mix(h, (uint64_t)vars[i]);
	for (int i = 0; i < RP_COUNTERS; i++)
		h = mix(h, (uint64_t)atomic_read(&counters[i]));
	h = mix(h, (uint64_t)held.refs.counter);
	for (int i = 0; i < RP_FLAGS; i++)
		h = mix(h, (uint64_t)flags[i]);
	for (int t = 0; t < rp.nthreads; t++)
		for (int r = 0; r < RP_REGS; r++)
			h = mix(h, (uint64_t)regs[t][r]);
	for (int i = 0; i < s->n; i++)
		if (s->h[i] == h)
			return;
	if (s->n == RP_STATES)
		s->overflow = true;
	else
		s->h[s->n++] = h;
}

/* Scheduling points of one op (a lock may add a block and a wake-up). */
static int points(const struct rop *o)
{
	return o->kind == ROP_CHECK ? 0 : 1;
}

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/*
 * A program small enough for DFS without a bound: at most @budget
 * scheduling points in all.  Critical sections nest at most two deep, in
 * either order (so some programs deadlock).
 */
static void rp_generate(uint64_t seed, int budget, int nthreads)
{
	uint64_t s = seed;

	memset(&rp, 0, sizeof(rp));
	/* four threads multiply DFS's executions by ~100: one in 16 */
	rp.nthreads = nthreads ? nthreads : seed % 16 ? 2 + rnd(&s) % 2 : 4;
	rp.held = 1 + rnd(&s) % 3;
	for (int t = 0; t < rp.nthreads; t++) {
		int room = budget / rp.nthreads;
		int held[2], nheld = 0;

		while (room > 0 && rp.nops[t] < RP_OPS - 3) {
			struct rop o = { 0 };
			unsigned int k = rnd(&s) % 13;

			if (rp_flags && rnd(&s) % 4 == 0) {
				o.kind = t ? ROP_NEED : ROP_SET;
				o.a = rnd(&s) % RP_FLAGS;
			} else if (k == 0 && nheld < 2 && room >= 3) {
				o.kind = ROP_LOCK;
				o.a = rnd(&s) % RP_LOCKS;
				if (nheld && held[0] == o.a)
					continue;
				held[nheld++] = o.a;
			} else if (k == 1 && nheld) {
				o.kind = ROP_UNLOCK;
				o.a = held[--nheld];
			} else if (k <= 3) {
				o.kind = ROP_READ;
			} else if (k == 4) {
				o.kind = ROP_WRITE;
			} else if (k == 5) {
				o.kind = ROP_INC;
				o.a = rnd(&s) % RP_COUNTERS;
			} else if (k == 6) {
				o.kind = ROP_INC_RETURN;
				o.a = rnd(&s) % RP_COUNTERS;
			} else if (k == 7) {
				o.kind = ROP_DEC_TEST;
				rp.ndec++;
			} else if (k == 8 || k == 9) {
				o.kind = ROP_CHECK;
				o.a = rnd(&s) % 3;
			} else if (k == 10) {
				o.kind = ROP_GET;
			} else if (k == 11) {
				o.kind = ROP_PUT;
			} else {
				o.kind = rnd(&s) % 2 ? ROP_DEC : ROP_INC_NZ;
				o.a = rnd(&s) % RP_COUNTERS;
			}
			if (o.kind == ROP_READ || o.kind == ROP_WRITE)
				o.a = rnd(&s) % RP_VARS;
			if (o.kind != ROP_LOCK && o.kind != ROP_UNLOCK &&
			    o.kind != ROP_INC && o.kind != ROP_GET &&
			    o.kind != ROP_DEC)
				o.b = rnd(&s) % RP_REGS;
			rp.op[t][rp.nops[t]++] = o;
			room -= points(&o);
		}
		while (nheld) {
			struct rop o = { .kind = ROP_UNLOCK };

			o.a = (uint8_t)held[--nheld];
			rp.op[t][rp.nops[t]++] = o;
		}
	}
}

static void rp_print(uint64_t seed)
{
	static const char *const names[] = {
		"lock", "unlock", "read", "write", "inc", "inc_return",
		"dec_and_test", "check", "get", "put", "dec", "inc_not_zero",
		"set", "need",
	};

	print_message("program of seed %llu (held %d):\n",
		      (unsigned long long)seed, rp.held);
	for (int t = 0; t < rp.nthreads; t++) {
		print_message("  T%d:", t);
		for (int i = 0; i < rp.nops[t]; i++)
			print_message(" %s(%d,%d)", names[rp.op[t][i].kind],
				      rp.op[t][i].a, rp.op[t][i].b);
		print_message("\n");
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

#endif /* _RANDOM_PROGRAM_H */
