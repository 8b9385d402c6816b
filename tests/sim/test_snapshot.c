// SPDX-License-Identifier: GPL-2.0-only
/*
 * The set-up snapshot puts back exactly what a set-up builds.  Every
 * scenario file of tests/scenarios and tests/conformance is parsed twice
 * (two programs) on every target that takes it and explored in two
 * children forked from one state, once running the set-up in every
 * execution, once from snapshots (the second program from the first's
 * when their set-ups are shared).  When the second program's threads are
 * about to start (struct sim_program's start()), the test copies the
 * program's whole writable memory and the used part of the slab arena;
 * the two children's copies of the same execution must agree on every
 * variable the layers under test define (shims, mocks, world, targets and
 * the vfio cores: the names of their libraries' symbols), and on the
 * heap.  A variable a set-up changes that no hook keeps shows up here by
 * name.
 *
 * The arena is what makes a snapshot possible: under ASan (malloc'd
 * objects) the engine takes none; the memory test is skipped there (the
 * copy would read the globals' redzones) and the "once" test checks that
 * no execution starts from a snapshot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>

#include "shims/locking.h"
#include "shims/printk.h"
#include "sim/explore.h"
#include "sim/sanitizer.h"
#include "sim/sched.h"
#include "sim_test.h"
#include "targets/target.h"
#include "world/scenario.h"

#define EXECUTIONS	3

extern char __data_start[], _end[];

/* --- which variables are the layers' ------------------------------------- */

struct sym {
	uintptr_t addr;
	size_t size;
	char *name;
};

static struct sym *syms;
static size_t nr_syms;
static char **layer_names;
static size_t nr_layer_names;

/*
 * Bookkeeping of the snapshot itself, scratch memory, and the once
 * epochs, which are one ahead in an exploration that took a snapshot (the
 * set-up and the threads of that execution run in two epochs,
 * shims/kernel/once.c).
 */
static const char *const expected_to_differ[] = {
	"__sim_once_epoch", "__sim_once_setup_epoch", "snapshot_epoch",
	"snap_classes", "snap_edges", "snap_nr_classes", "snap_nr_edges",
	"merged_generation",
	/* scratch */
	"bfs_prev", "bfs_queue", NULL,
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_addr(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static FILE *nm(const char *args)
{
	char cmd[4096];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "nm %s 2>/dev/null", args);
	f = popen(cmd, "r");
	if (!f)
		fail_msg("cannot run %s", cmd);
	return f;
}

static void load_layer_names(void)
{
	char libs[] = SNAPSHOT_LAYER_LIBS, *save = NULL;
	size_t cap = 0;

	for (char *lib = strtok_r(libs, "|", &save); lib;
	     lib = strtok_r(NULL, "|", &save)) {
		char args[2048], line[1024], type, name[512];
		FILE *f;

		snprintf(args, sizeof(args), "--defined-only '%s'", lib);
		f = nm(args);
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%*s %c %511s", &type, name) != 2 ||
			    !strchr("bBdD", type))
				continue;
			if (nr_layer_names == cap) {
				cap = cap ? 2 * cap : 1024;
				layer_names = realloc(layer_names,
						      cap * sizeof(char *));
				assert_non_null(layer_names);
			}
			layer_names[nr_layer_names++] = strdup(name);
		}
		pclose(f);
	}
	qsort(layer_names, nr_layer_names, sizeof(char *), by_name);
	assert_true(nr_layer_names > 100);
}

static bool is_layer_name(const char *name)
{
	for (int i = 0; expected_to_differ[i]; i++)
		if (!strcmp(name, expected_to_differ[i]))
			return false;
	return bsearch(&name, layer_names, nr_layer_names, sizeof(char *),
		       by_name) != NULL;
}

/* The program's data symbols, at their run-time addresses. */
static void load_syms(void)
{
	char line[1024], type, name[512];
	unsigned long long addr, size;
	uintptr_t bias = 0;
	bool found = false;
	char self[1024], args[1100];
	size_t cap = 0;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	FILE *f;

	assert_true(n > 0);
	self[n] = 0;
	/* not /proc/self/exe: nm would read its own */
	snprintf(args, sizeof(args), "-S --defined-only '%s'", self);
	f = nm(args);

	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %llx %c %511s", &addr, &size, &type,
			   name) != 4 || !strchr("bBdD", type))
			continue;
		if (!strcmp(name, "_end") || !strcmp(name, "__data_start"))
			continue;
		if (nr_syms == cap) {
			cap = cap ? 2 * cap : 4096;
			syms = realloc(syms, cap * sizeof(*syms));
			assert_non_null(syms);
		}
		syms[nr_syms].addr = addr;
		syms[nr_syms].size = size;
		syms[nr_syms].name = strdup(name);
		if (!strcmp(name, "layer_names")) {
			bias = (uintptr_t)&layer_names - addr;
			found = true;
		}
		nr_syms++;
	}
	pclose(f);
	assert_true(found);
	for (size_t i = 0; i < nr_syms; i++)
		syms[i].addr += bias;
	qsort(syms, nr_syms, sizeof(*syms), by_addr);
}

static const struct sym *sym_at(uintptr_t a)
{
	size_t lo = 0, hi = nr_syms;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (syms[mid].addr <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && a - syms[lo - 1].addr < syms[lo - 1].size)
		return &syms[lo - 1];
	return NULL;
}

/* --- the images ---------------------------------------------------------- */

/*
 * Each exploration runs in a child forked from the same state, so that
 * the two differ in nothing but the snapshot (the lockdep generation, the
 * tables' stale entries past their ends are the same), and writes its
 * copies into memory shared with the parent.
 */
#define HEAP_MAX	(8u << 20)

struct image {
	size_t heap_len;
	/* lockdep generations: at the capture, the first program's */
	unsigned int gen_now, gen_first;
	bool arena;		/* snapshots possible: not ASan */
	bool restored;
	bool taken;
};

static struct image *images;	/* [2][EXECUTIONS + 1], shared */
static unsigned char *image_data, *image_heap;
static size_t data_len;
static int run;			/* 0: no snapshot, 1: snapshot */
static unsigned int first_generation;
static int restored;		/* executions of run 1 that were */
static int crashed;		/* files whose explorations crash */
static int from_other;		/* ... from another program's */
static const struct sim_program *inner;

static unsigned char *data_of(int r, uint64_t n)
{
	return image_data + (r * (EXECUTIONS + 1) + n) * data_len;
}

static unsigned char *heap_of(int r, uint64_t n)
{
	return image_heap + (r * (EXECUTIONS + 1) + n) * (size_t)HEAP_MAX;
}

static struct image *image_of(int r, uint64_t n)
{
	return &images[r * (EXECUTIONS + 1) + n];
}

static void *shared(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	assert_true(p != MAP_FAILED);
	return p;
}

static void capture_start(void *ctx)
{
	uint64_t n = sim_execution();

	if (run >= 0 && n <= EXECUTIONS) {
		struct image *im = image_of(run, n);
		const void *heap;

		sim_slab_arena_span(&heap, &im->heap_len);
		if (im->heap_len > HEAP_MAX)
			abort();
		memcpy(data_of(run, n), __data_start, data_len);
		if (im->heap_len)
			memcpy(heap_of(run, n), heap, im->heap_len);
		im->arena = heap != NULL;
		im->gen_now = sim_lockdep_generation();
		im->gen_first = first_generation;
		im->restored = sim_execution_restored();
		im->taken = true;
	}
	inner->start(ctx);
}

/*
 * A lock's cached class (struct lockdep_map's gen) is stamped with the
 * generation of the graph it was looked up in: the memory put back from
 * the first program's snapshot says the first exploration's, a set-up of
 * the second the second's.  Same class either way (the set-up's graph is
 * merged in its order), looked up again on first use: equal.
 */
static bool same_stamp(const struct image *ia, const struct image *ib,
		       const unsigned char *a, const unsigned char *b,
		       size_t i, size_t len)
{
	unsigned int va, vb;
	size_t at = i & ~(sizeof(unsigned int) - 1);

	if (!ib->restored || at + sizeof(va) > len)
		return false;
	memcpy(&va, a + at, sizeof(va));
	memcpy(&vb, b + at, sizeof(vb));
	return va == ia->gen_now && vb == ib->gen_first &&
	       ib->gen_first != ib->gen_now;
}

/* Names of the layers' variables that differ, into @out. */
static int compare(uint64_t n, char *out, size_t len)
{
	const unsigned char *a = data_of(0, n), *b = data_of(1, n);
	const struct image *ia = image_of(0, n), *ib = image_of(1, n);
	const struct sym *last = NULL;
	size_t o = 0;
	int bad = 0;

	out[0] = 0;
	for (size_t i = 0; i < data_len; i++) {
		const struct sym *s;

		if (a[i] == b[i])
			continue;
		if (same_stamp(ia, ib, a, b, i, data_len)) {
			i += sizeof(unsigned int) - 1;
			continue;
		}
		s = sym_at((uintptr_t)__data_start + i);
		if (!s || s == last || !is_layer_name(s->name))
			continue;
		last = s;
		bad++;
		if (o < len)
			o += snprintf(out + o, len - o, " %s(+%zu)", s->name,
				      (size_t)((uintptr_t)__data_start + i -
					       s->addr));
	}
	if (ia->heap_len != ib->heap_len) {
		bad++;
		if (o < len)
			snprintf(out + o, len - o, " heap: %zu vs %zu bytes",
				 ia->heap_len, ib->heap_len);
	} else if (memcmp(heap_of(0, n), heap_of(1, n), ia->heap_len)) {
		const unsigned char *ha = heap_of(0, n), *hb = heap_of(1, n);
		uint64_t va = 0, vb = 0;
		size_t i = 0;

		while (i < ia->heap_len &&
		       (ha[i] == hb[i] ||
			same_stamp(ia, ib, ha, hb, i, ia->heap_len)))
			i++;
		if (i == ia->heap_len)
			return bad;
		memcpy(&va, ha + (i & ~(size_t)7), 8);
		memcpy(&vb, hb + (i & ~(size_t)7), 8);
		bad++;
		if (o < len)
			snprintf(out + o, len - o, " heap at +%zu (%#llx, "
				 "%#llx)", i, (unsigned long long)va,
				 (unsigned long long)vb);
	}
	return bad;
}

/*
 * In each child: the file parsed twice, as two programs; the first
 * explored for two executions, then the second, captured.  With the
 * snapshot, the second starts from the first's when their set-ups are
 * shared (same devices and processes), else from its own from its second
 * execution on.  Both children parse and explore alike, so that the
 * scenarios' memory, the lockdep generation and the like agree.
 */
static void explore_in_child(struct sim_program *first,
			     struct sim_program *second, bool snapshot)
{
	struct sim_opts o = sim_test_opts();

	o.strategy = SIM_STRATEGY_DFS;
	o.max_bound = 2;
	o.keep_going = true;
	/* in this process: snapshots outlive an exploration in it */
	o.isolate = false;
	o.no_snapshot = !snapshot;
	o.max_executions = 2;
	run = -1;
	sim_explore(first, &o, NULL);
	o.max_executions = EXECUTIONS;
	first_generation = sim_lockdep_generation();
	run = snapshot;
	sim_explore(second, &o, NULL);
}

static int check_file(const char *path, const struct sim_target *t)
{
	char err[SIM_SCENARIO_ERR_MAX], diff[2048];
	struct sim_scenario *s1, *s2;
	struct sim_program p1, p2;
	int bad = 0, status[2];

	s1 = sim_scenario_load(path, t->name, err, sizeof(err));
	if (!s1)
		return 0;	/* not for this target (requires ...) */
	s2 = sim_scenario_load(path, t->name, err, sizeof(err));
	assert_non_null(s2);
	inner = sim_scenario_program(s2);
	assert_non_null(inner->start);
	p1 = *sim_scenario_program(s1);
	p2 = *inner;
	p2.start = capture_start;
	memset(images, 0, 2 * (EXECUTIONS + 1) * sizeof(*images));
	for (int snapshot = 0; snapshot < 2; snapshot++) {
		pid_t pid;

		fflush(NULL);
		pid = fork();
		assert_true(pid >= 0);
		if (!pid) {
			/* a crash ends the child, not cmocka's test */
			signal(SIGSEGV, SIG_DFL);
			signal(SIGBUS, SIG_DFL);
			signal(SIGILL, SIG_DFL);
			signal(SIGFPE, SIG_DFL);
			signal(SIGABRT, SIG_DFL);
			explore_in_child(&p1, &p2, snapshot);
			_exit(0);
		}
		assert_int_equal(waitpid(pid, &status[snapshot], 0), pid);
	}
	/* a crash is a finding of some files: both must end alike */
	if (status[0] != status[1]) {
		print_error("%s on %s: the explorations ended with status %#x"
			    " without the snapshot, %#x with it\n", path,
			    t->name, status[0], status[1]);
		bad++;
	}
	crashed += status[0] != 0;
	for (int n = 1; n <= EXECUTIONS; n++) {
		struct image *a = image_of(0, n), *b = image_of(1, n);

		if (!a->taken || !b->taken) {
			if (a->taken != b->taken) {
				print_error("%s on %s: execution %d ran in one"
					    " exploration only\n", path,
					    t->name, n);
				bad++;
			}
			continue;
		}
		if (a->restored || (n > 1 && b->restored != b->arena)) {
			print_error("%s on %s: execution %d %s from the "
				    "snapshot\n", path, t->name, n,
				    b->restored ? "started" : "did not start");
			bad++;
		}
		restored += b->restored;
		from_other += n == 1 && b->restored;
		if (compare(n, diff, sizeof(diff))) {
			print_error("%s on %s: execution %d (dfs, schedule of"
				    " execution %d at bound 0..2) differs "
				    "from its set-up:%s\n", path, t->name, n,
				    n, diff);
			bad++;
		}
	}
	sim_scenario_free(s2);
	sim_scenario_free(s1);
	return bad;
}

static void test_every_scenario_on_every_target(void **state)
{
	static const char *const dirs[] = {
		"tests/scenarios/*.sim", "tests/scenarios/linux/*.sim",
		"tests/conformance/single/*.sim",
		"tests/conformance/races/*.sim", NULL,
	};
	int bad = 0, checked = 0;

	(void)state;
	restored = from_other = crashed = 0;
#ifdef SIM_ASAN
	/*
	 * No snapshot under ASan, and no copying of the whole image either:
	 * it reads the globals' redzones.
	 */
	skip();
#endif
	load_layer_names();
	load_syms();
	data_len = (size_t)(_end - __data_start);
	images = shared(2 * (EXECUTIONS + 1) * sizeof(*images));
	image_data = shared(2 * (EXECUTIONS + 1) * data_len);
	image_heap = shared(2 * (EXECUTIONS + 1) * (size_t)HEAP_MAX);
	for (int d = 0; dirs[d]; d++) {
		char pattern[1024];
		glob_t g;

		snprintf(pattern, sizeof(pattern), "%s/%s",
			 SNAPSHOT_SOURCE_DIR, dirs[d]);
		if (glob(pattern, 0, NULL, &g))
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++) {
			for (int t = 0; t < sim_nr_targets; t++) {
				bad += check_file(g.gl_pathv[i],
						  sim_targets[t]);
				checked++;
			}
		}
		globfree(&g);
	}
	print_message("%d file and target pairs (%d crash, as expected), %d "
		      "executions started from a snapshot (%d from another "
		      "program's)\n", checked, crashed, restored, from_other);
	assert_true(checked > 100);
	assert_int_equal(bad, 0);
}

/* --- "once" across the snapshot ----------------------------------------- */

static void say_once(const char *who)
{
	pr_info_once("said once by %s\n", who);
}

static DEFINE_MUTEX(once_lock);

static void once_thread(void *arg)
{
	(void)arg;
	mutex_lock(&once_lock);	/* scheduling points: several executions */
	mutex_unlock(&once_lock);
	say_once("a thread");
	for (int i = 0; i < 2; i++)
		pr_info_once("a thread's own once\n");
}

static void once_setup(void *ctx)
{
	(void)ctx;
	say_once("the set-up");
}

#ifdef SIM_ASAN
#define SIM_ASAN_ON	1
#else
#define SIM_ASAN_ON	0
#endif

static uint64_t once_restored;

static void once_start(void *ctx)
{
	(void)ctx;
	once_restored += sim_execution_restored();
	sim_thread_create("a", once_thread, NULL);
	sim_thread_create("b", once_thread, NULL);
}

static int once_save(void *ctx, void *buf, size_t room)
{
	(void)ctx, (void)buf, (void)room;
	return 0;
}

static void once_restore(void *ctx, const void *buf)
{
	(void)ctx, (void)buf;
}

static int count(const char *log, const char *what)
{
	int n = 0;

	for (const char *p = log; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/*
 * A flag the set-up fired stays fired in the threads of every execution,
 * from the snapshot or not; a flag only threads fire fires once in each.
 */
static void test_once_fired_by_the_setup_stays_fired(void **state)
{
	static const char key[] = "once";
	struct sim_program p = {
		.name = "once", .setup = once_setup, .start = once_start,
		.save = once_save, .restore = once_restore,
		.setup_key = key, .setup_key_len = sizeof(key),
	};

	(void)state;
	for (int snap = 0; snap < 2; snap++) {
		struct sim_opts o = sim_test_opts();
		struct sim_result r;
		const char *log;

		o.strategy = SIM_STRATEGY_DFS;
		o.max_bound = 1;
		o.no_snapshot = !snap;
		o.isolate = false;
		once_restored = 0;
		assert_int_equal(sim_explore(&p, &o, &r), 0);
		assert_true(r.executions > 2);
		/* from the snapshot after the first, only without ASan */
		assert_int_equal(once_restored, !snap || SIM_ASAN_ON ? 0 :
				 r.executions - 1);
		log = sim_printk_log();
		if (count(log, "said once by the set-up") != 1 ||
		    count(log, "said once by a thread") != 0 ||
		    count(log, "a thread's own once") != 1)
			fail_msg("%s the snapshot, last of %llu executions "
				 "(dfs, bound 1):\n%s", snap ? "with" :
				 "without", (unsigned long long)r.executions,
				 log);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_once_fired_by_the_setup_stays_fired),
		cmocka_unit_test(test_every_scenario_on_every_target),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
