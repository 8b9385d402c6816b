// SPDX-License-Identifier: GPL-2.0-only
/*
 * lockdep-lite.  Validation works on classes, not instances: every lock
 * initialised at one site (one static lock_class_key) is one class, as are
 * static locks (keyed by their own address); a *_nested() subclass makes a
 * distinct class.  The class dependency graph (A -> B: B was taken while A
 * was held) lives for a whole exploration, so an inversion is reported as
 * soon as both orders have been seen, in any executions, whether or not the
 * deadlocking interleaving ever ran.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/lockdep.h>

#include "sim/explore.h"

#define MAX_CLASSES	512
#define MAX_HELD	48
#define MAX_EDGES	8192
#define POISON_WORD	0x6b6b6b6b6b6b6b6bull

struct lock_class {
	const void *key;
	int subclass;
	const char *name;
};

struct held_lock {
	struct lockdep_map *map;
	int class_id;
	int read;
	const struct sim_loc *loc;
};

/* Where a dependency was first seen, for the report. */
struct lock_edge {
	short from, to;
	const struct sim_loc *from_loc, *to_loc;
};

static struct lock_class classes[MAX_CLASSES];
static int nr_classes;
static unsigned int generation = 1;
static uint64_t deps[MAX_CLASSES][MAX_CLASSES / 64];
static struct lock_edge edges[MAX_EDGES];
static int nr_edges;

/* index SIM_MAX_THREADS: code running outside threads (setup) */
static struct held_lock held[SIM_MAX_THREADS + 1][MAX_HELD];
/* for the set-up snapshot: this execution began with an empty graph */
static bool graph_empty_at_begin;
static int nr_held[SIM_MAX_THREADS + 1];
/* bit idx set while nr_held[idx] > 0: kfree() checks only those threads */
static unsigned long long holders;
/* spinlocks among them: might_sleep() (every kmalloc) looks if any */
static int nr_spin_held[SIM_MAX_THREADS + 1];
_Static_assert(SIM_MAX_THREADS + 1 <= 64, "holders is a 64-bit mask");

static int cur_index(void)
{
	int tid = sim_current_tid();

	return tid < 0 ? SIM_MAX_THREADS : tid;
}

static const char *who(void)
{
	return sim_thread_name(sim_current_tid());
}

static void lockdep_explore_begin(void)
{
	/* only the rows of the classes seen have bits (a fuzzer's 32 KiB) */
	memset(deps, 0, nr_classes * sizeof(deps[0]));
	nr_classes = 0;
	nr_edges = 0;
	generation++;
}

/*
 * The lock each thread is waiting for: tells the deadlock report which
 * blocked-on objects are locks, and lets a dropped execution undo a
 * writer's place in an rw_semaphore's queue.
 */
static struct lockdep_map *waiting_for[SIM_MAX_THREADS + 1];
static bool waiting_writer[SIM_MAX_THREADS + 1];

void lockdep_wait_begin(struct lockdep_map *map, bool writer)
{
	waiting_for[cur_index()] = map;
	waiting_writer[cur_index()] = writer;
	if (writer)
		map->writers_waiting++;
}

static void lockdep_wait_end_of(int idx)
{
	if (waiting_writer[idx])
		waiting_for[idx]->writers_waiting--;
	waiting_for[idx] = NULL;
	waiting_writer[idx] = false;
}

void lockdep_wait_end(void)
{
	lockdep_wait_end_of(cur_index());
}

static void lockdep_begin(void)
{
	graph_empty_at_begin = !nr_classes;
	memset(nr_held, 0, sizeof(nr_held));
	memset(nr_spin_held, 0, sizeof(nr_spin_held));
	memset(waiting_for, 0, sizeof(waiting_for));
	memset(waiting_writer, 0, sizeof(waiting_writer));
}

/*
 * A failed execution abandons its threads with their locks held.  Static
 * locks (DEFINE_MUTEX) outlive the execution, so release everything that
 * was left held or waited for: the next execution starts with free locks.
 */
static void lockdep_end(void)
{
	for (int idx = 0; idx <= SIM_MAX_THREADS; idx++) {
		for (int i = 0; i < nr_held[idx]; i++) {
			struct lockdep_map *m = held[idx][i].map;

			m->owner = 0;
			m->readers = 0;
			m->acquired_at = NULL;
		}
		nr_held[idx] = 0;
		nr_spin_held[idx] = 0;
		if (waiting_for[idx])
			lockdep_wait_end_of(idx);
	}
	holders = 0;
}

/*
 * The set-up snapshot.  The dependency graph outlives executions: within
 * an exploration it already holds what the set-up added, and executions
 * started from the snapshot leave it alone.  Another exploration starts
 * from an empty graph: the set-up's classes and edges are added back into
 * it (lockdep_restore()), as the set-up would have added them.
 */
static bool has_dep(int a, int b);

/*
 * The set-up's graph, copied here when a snapshot is taken and kept in
 * it: putting a snapshot back puts back its graph here, to be merged.
 */
static struct lock_class snap_classes[MAX_CLASSES];
static struct lock_edge snap_edges[MAX_EDGES];
static int snap_nr_classes, snap_nr_edges;
/* the generation the graph of the snapshot put back is merged into */
static unsigned int merged_generation;

unsigned int sim_lockdep_generation(void)
{
	return generation;
}

static bool lockdep_snapshot(void)
{
	/*
	 * A set-up runs outside the threads and must release its locks.  The
	 * graph must hold the set-up's dependencies alone: an exploration's
	 * first execution (another one's may hold some of the set-up's as
	 * an earlier execution's).
	 */
	if (nr_held[SIM_MAX_THREADS] || !graph_empty_at_begin)
		return false;
	memcpy(snap_classes, classes, nr_classes * sizeof(*classes));
	memcpy(snap_edges, edges, nr_edges * sizeof(*edges));
	snap_nr_classes = nr_classes;
	snap_nr_edges = nr_edges;
	merged_generation = generation;
	SIM_SNAPSHOT_KEEP(snap_nr_classes);
	SIM_SNAPSHOT_KEEP(snap_nr_edges);
	SIM_SNAPSHOT_KEEP(merged_generation);
	sim_snapshot_keep(snap_classes, nr_classes * sizeof(*classes));
	sim_snapshot_keep(snap_edges, nr_edges * sizeof(*edges));
	/* what the set-up's locks left in main's stack, past its end */
	SIM_SNAPSHOT_KEEP(held[SIM_MAX_THREADS]);
	return true;
}

static int class_find_or_add(const struct lock_class *c)
{
	for (int i = 0; i < nr_classes; i++)
		if (classes[i].key == c->key &&
		    classes[i].subclass == c->subclass)
			return i;
	if (nr_classes == MAX_CLASSES)
		sim_fail(SIM_FAIL_BUG, NULL, "lockdep: more than %d lock "
			 "classes (MAX_CLASSES)", MAX_CLASSES);
	classes[nr_classes] = *c;
	return nr_classes++;
}

static void lockdep_restore(void)
{
	short id[MAX_CLASSES];

	if (merged_generation == generation)
		return;
	merged_generation = generation;
	for (int i = 0; i < snap_nr_classes; i++)
		id[i] = (short)class_find_or_add(&snap_classes[i]);
	for (int i = 0; i < snap_nr_edges; i++) {
		struct lock_edge e = snap_edges[i];

		e.from = id[e.from];
		e.to = id[e.to];
		if (has_dep(e.from, e.to))
			continue;
		deps[e.from][e.to / 64] |= 1ull << (e.to % 64);
		/* as lock_acquire_check(): the report's sites, while room */
		if (nr_edges < MAX_EDGES)
			edges[nr_edges++] = e;
	}
}

static void print_held(int idx, const char *name)
{
	int n = nr_held[idx];

	if (!n) {
		sim_report("no locks held by %s.\n", name);
		return;
	}
	sim_report("%d lock%s held by %s:\n", n, n == 1 ? "" : "s", name);
	for (int i = 0; i < n; i++) {
		const struct held_lock *h = &held[idx][i];

		sim_report(" #%d: (%s)%s", i, classes[h->class_id].name,
			   h->read ? " (read)" : "");
		if (h->loc)
			sim_report(", at: %s:%d %s()", h->loc->file,
				   h->loc->line, h->loc->func);
		sim_report("\n");
	}
}

static void lockdep_thread_exit(int tid)
{
	if (!nr_held[tid])
		return;
	sim_report("================================================\n"
		   "WARNING: lock held when returning to user space!\n"
		   "------------------------------------------------\n"
		   "%s/T%d is leaving the kernel with locks still held!\n",
		   sim_thread_name(tid), tid);
	print_held(tid, sim_thread_name(tid));
	sim_fail(SIM_FAIL_LOCKDEP, held[tid][nr_held[tid] - 1].loc,
		 "lock held when thread %s ended: %s", sim_thread_name(tid),
		 classes[held[tid][nr_held[tid] - 1].class_id].name);
}

static void lockdep_dump(FILE *out)
{
	for (int i = 0; i <= SIM_MAX_THREADS; i++) {
		if (!nr_held[i])
			continue;
		fprintf(out, "locks held by %s:\n",
			i == SIM_MAX_THREADS ? "main" : sim_thread_name(i));
		for (int j = 0; j < nr_held[i]; j++) {
			const struct held_lock *h = &held[i][j];

			fprintf(out, " #%d: (%s)%s", j,
				classes[h->class_id].name,
				h->read ? " (read)" : "");
			if (h->loc)
				fprintf(out, ", at: %s:%d %s()", h->loc->file,
					h->loc->line, h->loc->func);
			fprintf(out, "\n");
		}
	}
}

static int owner_of(const void *obj, char *buf, size_t len)
{
	const struct lockdep_map *map = NULL;

	/* only objects some thread waits for as a lock are lockdep maps */
	for (int i = 0; i <= SIM_MAX_THREADS && !map; i++)
		if (waiting_for[i] == obj)
			map = obj;
	if (!map || map->magic != LOCKDEP_MAP_MAGIC)
		return 0;
	if (map->owner) {
		const struct sim_loc *l = map->acquired_at;

		snprintf(buf, len, "%s is held by %s:T%d since %s:%d %s()",
			 map->name, sim_thread_name(map->owner - 2),
			 map->owner - 2, l ? l->file : "?", l ? l->line : 0,
			 l ? l->func : "?");
	} else if (map->readers) {
		snprintf(buf, len, "%s is held for read by %d thread%s",
			 map->name, map->readers,
			 map->readers == 1 ? "" : "s");
	} else {
		snprintf(buf, len, "%s is free (a wakeup was lost?)",
			 map->name);
	}
	return 1;
}

static struct sim_exec_hook lockdep_hook = {
	.name = "lockdep",
	.order = SIM_HOOK_LOCKDEP,
	.explore_begin = lockdep_explore_begin,
	.begin = lockdep_begin,
	.end = lockdep_end,
	.thread_exit = lockdep_thread_exit,
	.dump = lockdep_dump,
	.snapshot = lockdep_snapshot,
	.restore = lockdep_restore,
};

static void __attribute__((constructor)) lockdep_register(void)
{
	sim_register_exec_hook(&lockdep_hook);
	sim_register_owner_fn(owner_of);
}

void lockdep_init_map_type(struct lockdep_map *map, const char *name,
			   const struct lock_class_key *key,
			   unsigned int type)
{
	memset(map, 0, sizeof(*map));
	map->magic = LOCKDEP_MAP_MAGIC;
	map->name = name;
	map->key = key;
	map->type = type;
}

void lockdep_check_map(struct lockdep_map *map, const char *op,
		       const struct sim_loc *loc)
{
	if (map->magic == LOCKDEP_MAP_MAGIC)
		return;
	if (map->magic == POISON_WORD)
		sim_fail(SIM_FAIL_UAF, loc,
			 "BUG: %s on a lock in freed memory", op);
	sim_fail(SIM_FAIL_BUG, loc,
		 "DEBUG_LOCKS_WARN_ON: %s on an uninitialised lock", op);
}

static int class_of(struct lockdep_map *map, int subclass)
{
	const void *key = map->key ? (const void *)map->key : (void *)map;

	if (map->gen == generation && !subclass)
		return map->class_id;
	for (int i = 0; i < nr_classes; i++) {
		if (classes[i].key == key && classes[i].subclass == subclass) {
			if (!subclass) {
				map->class_id = i;
				map->gen = generation;
			}
			return i;
		}
	}
	if (nr_classes == MAX_CLASSES)
		sim_fail(SIM_FAIL_BUG, NULL, "lockdep: more than %d lock "
			 "classes (MAX_CLASSES)", MAX_CLASSES);
	classes[nr_classes].key = key;
	classes[nr_classes].subclass = subclass;
	classes[nr_classes].name = map->name;
	if (!subclass) {
		map->class_id = nr_classes;
		map->gen = generation;
	}
	return nr_classes++;
}

static bool has_dep(int a, int b)
{
	return deps[a][b / 64] & (1ull << (b % 64));
}

static const struct lock_edge *find_edge(int a, int b)
{
	for (int i = 0; i < nr_edges; i++)
		if (edges[i].from == a && edges[i].to == b)
			return &edges[i];
	return NULL;
}

/* Breadth-first search from @from to @to; fills @path (classes) if found. */
/* find_path()'s scratch: what it leaves there means nothing */
static short bfs_prev[MAX_CLASSES], bfs_queue[MAX_CLASSES];

static int find_path(int from, int to, short *path)
{
	short *prev = bfs_prev, *queue = bfs_queue;
	int head = 0, tail = 0, n = 0;

	for (int i = 0; i < nr_classes; i++)
		prev[i] = -2;
	prev[from] = -1;
	queue[tail++] = from;
	while (head < tail) {
		int c = queue[head++];

		if (c == to) {
			for (int x = to; x >= 0; x = prev[x])
				path[n++] = x;
			return n;	/* reversed: to ... from */
		}
		for (int d = 0; d < nr_classes; d++) {
			if (prev[d] == -2 && has_dep(c, d)) {
				prev[d] = c;
				queue[tail++] = d;
			}
		}
	}
	return 0;
}

static void print_loc(const struct sim_loc *l)
{
	if (l)
		sim_report("%s:%d %s()", l->file, l->line, l->func);
	else
		sim_report("?");
}

static void report_circular(int idx, const struct held_lock *h, int cls,
			    const struct sim_loc *loc, const short *path,
			    int n)
{
	sim_report("======================================================\n"
		   "WARNING: possible circular locking dependency detected\n"
		   "------------------------------------------------------\n"
		   "%s/T%d is trying to acquire lock:\n (%s), at: ", who(),
		   sim_current_tid(), classes[cls].name);
	print_loc(loc);
	sim_report("\n\nbut task is already holding lock:\n (%s), at: ",
		   classes[h->class_id].name);
	print_loc(h->loc);
	sim_report("\n\nwhich lock already depends on the new lock.\n\n"
		   "the existing dependency chain (in reverse order) is:\n");
	/*
	 * path[] runs from the held lock back to the new one; each edge
	 * was seen at some site.  The last entry, #0, is this acquisition.
	 */
	for (int i = 0; i + 1 < n; i++) {
		const struct lock_edge *e = find_edge(path[i + 1], path[i]);

		sim_report("\n-> #%d (%s):\n       acquired at ", n - 1 - i,
			   classes[path[i]].name);
		print_loc(e ? e->to_loc : NULL);
		sim_report("\n       while holding (%s) taken at ",
			   classes[path[i + 1]].name);
		print_loc(e ? e->from_loc : NULL);
		sim_report("\n");
	}
	sim_report("\n-> #0 (%s):\n       acquiring at ", classes[cls].name);
	print_loc(loc);
	sim_report("\n       while holding (%s) taken at ",
		   classes[h->class_id].name);
	print_loc(h->loc);
	sim_report("\n");
	sim_report("\nother info that might help us debug this:\n\n"
		   " Possible unsafe locking scenario:\n\n"
		   "       CPU0                    CPU1\n"
		   "       ----                    ----\n"
		   "  lock(%s);\n"
		   "                               lock(%s);\n"
		   "                               lock(%s);\n"
		   "  lock(%s);\n\n *** DEADLOCK ***\n\n",
		   classes[h->class_id].name, classes[cls].name,
		   classes[h->class_id].name, classes[cls].name);
	print_held(idx, who());
	sim_fail(SIM_FAIL_LOCKDEP, loc,
		 "possible circular locking dependency: %s -> %s",
		 classes[h->class_id].name, classes[cls].name);
}

static void report_recursive(int idx, const struct held_lock *h, int cls,
			     const struct sim_loc *loc)
{
	sim_report("============================================\n"
		   "WARNING: possible recursive locking detected\n"
		   "--------------------------------------------\n"
		   "%s/T%d is trying to acquire lock:\n (%s), at: ", who(),
		   sim_current_tid(), classes[cls].name);
	print_loc(loc);
	sim_report("\n\nbut task is already holding lock:\n (%s), at: ",
		   classes[h->class_id].name);
	print_loc(h->loc);
	sim_report("\n\nother info that might help us debug this:\n"
		   " Possible unsafe locking scenario:\n\n"
		   "       CPU0\n       ----\n  lock(%s);\n  lock(%s);\n\n"
		   " *** DEADLOCK ***\n\n May be due to missing lock nesting "
		   "notation\n\n", classes[cls].name, classes[cls].name);
	print_held(idx, who());
	sim_fail(SIM_FAIL_LOCKDEP, loc, "possible recursive locking: %s",
		 classes[cls].name);
}

void lock_acquire_check(struct lockdep_map *map, int subclass, int read,
			const struct sim_loc *loc)
{
	int idx = cur_index();
	int cls;

	if (!(sim_checks & SIM_CHECK_LOCKDEP) || map->novalidate)
		return;
	cls = class_of(map, subclass);
	for (int i = 0; i < nr_held[idx]; i++) {
		const struct held_lock *h = &held[idx][i];
		short path[MAX_CLASSES];
		int n;

		if (h->class_id == cls)
			report_recursive(idx, h, cls, loc);
		if (has_dep(h->class_id, cls))
			continue;
		n = find_path(cls, h->class_id, path);
		if (n)
			report_circular(idx, h, cls, loc, path, n);
		deps[h->class_id][cls / 64] |= 1ull << (cls % 64);
		if (nr_edges < MAX_EDGES) {
			struct lock_edge *e = &edges[nr_edges++];

			e->from = h->class_id;
			e->to = cls;
			e->from_loc = h->loc;
			e->to_loc = loc;
		}
	}
}

void lock_acquired_held(struct lockdep_map *map, int subclass, int read,
			bool trylock, const struct sim_loc *loc)
{
	int idx = cur_index();
	struct held_lock *h;

	if (nr_held[idx] == MAX_HELD)
		sim_fail(SIM_FAIL_LOCKDEP, loc,
			 "BUG: MAX_LOCK_DEPTH too low: %d locks held",
			 MAX_HELD);
	h = &held[idx][nr_held[idx]++];
	holders |= 1ull << idx;
	nr_spin_held[idx] += map->type == LD_SPINLOCK;
	h->map = map;
	h->class_id = class_of(map, subclass);
	h->read = read;
	h->loc = loc;
	(void)trylock;
}

void lock_release_held(struct lockdep_map *map, const struct sim_loc *loc)
{
	int idx = cur_index();
	int top = nr_held[idx] - 1;

	/* most unlocks are of the lock taken last */
	if (top >= 0 && held[idx][top].map == map) {
		nr_spin_held[idx] -= map->type == LD_SPINLOCK;
		nr_held[idx] = top;
		if (!top)
			holders &= ~(1ull << idx);
		return;
	}
	for (int i = nr_held[idx] - 1; i >= 0; i--) {
		if (held[idx][i].map != map)
			continue;
		nr_spin_held[idx] -= map->type == LD_SPINLOCK;
		memmove(&held[idx][i], &held[idx][i + 1],
			(nr_held[idx] - i - 1) * sizeof(held[idx][0]));
		if (!--nr_held[idx])
			holders &= ~(1ull << idx);
		return;
	}
	sim_report("=====================================\n"
		   "WARNING: bad unlock balance detected!\n"
		   "-------------------------------------\n"
		   "%s/T%d is trying to release lock (%s) at:\n", who(),
		   sim_current_tid(), map->name);
	print_loc(loc);
	sim_report("\nbut there are no more locks to release!\n\n"
		   "other info that might help us debug this:\n");
	print_held(idx, who());
	sim_fail(SIM_FAIL_LOCKDEP, loc, "bad unlock balance: %s not held by %s",
		 map->name, who());
}

int lock_is_held_type(const struct lockdep_map *map, int read)
{
	int idx = cur_index();

	for (int i = 0; i < nr_held[idx]; i++) {
		const struct held_lock *h = &held[idx][i];

		if (h->map != map)
			continue;
		if (read < 0)
			return 1;
		return h->read ? 1 : 2;
	}
	return 0;
}

bool sim_lock_held_by_any(const struct lockdep_map *map)
{
	return map->owner || map->readers;
}

void __lockdep_assert(bool ok, const char *what, const struct sim_loc *loc)
{
	if (ok)
		return;
	sim_report("------------[ cut here ]------------\n"
		   "WARNING: CPU: 0 PID: T%d at %s:%d %s()\n  %s failed\n",
		   sim_current_tid(), loc->file, loc->line, loc->func, what);
	print_held(cur_index(), who());
	sim_fail(SIM_FAIL_WARN, loc, "%s failed", what);
}

void debug_check_no_locks_freed(const void *from, unsigned long len)
{
	const char *lo = from, *hi = lo + len;

	for (unsigned long long mask = holders; mask; mask &= mask - 1) {
		int idx = __builtin_ctzll(mask);

		for (int i = 0; i < nr_held[idx]; i++) {
			const char *m = (const char *)held[idx][i].map;

			if (m < lo || m >= hi)
				continue;
			sim_report("=========================\n"
				   "WARNING: held lock freed!\n"
				   "-------------------------\n"
				   "%s/T%d is freeing memory %p-%p, with a "
				   "lock still held there!\n", who(),
				   sim_current_tid(), lo, hi - 1);
			print_held(idx, idx == SIM_MAX_THREADS ? "main" :
				   sim_thread_name(idx));
			sim_fail(SIM_FAIL_LOCKDEP, held[idx][i].loc,
				 "held lock freed: %s",
				 held[idx][i].map->name);
		}
	}
}

static void __attribute__((noinline))
might_sleep_check(int idx, const struct sim_loc *loc)
{
	for (int i = 0; i < nr_held[idx]; i++) {
		const struct held_lock *h = &held[idx][i];

		if (h->map->type != LD_SPINLOCK)
			continue;
		sim_report("BUG: sleeping function called from invalid "
			   "context at %s:%d\n", loc->file, loc->line);
		print_held(idx, who());
		sim_fail(SIM_FAIL_BUG, loc,
			 "sleeping function called from invalid context "
			 "(holding spinlock %s)", h->map->name);
	}
}

void __might_sleep_at(const struct sim_loc *loc)
{
	int idx = cur_index();

	/* every kmalloc() comes here: the scan only with a spinlock held */
	if (nr_spin_held[idx])
		might_sleep_check(idx, loc);
}

int lockdep_depth(void)
{
	return nr_held[cur_index()];
}
