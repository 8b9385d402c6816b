/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the cmocka suites: quiet options, a program built from
 * setup/teardown/ctx and explored, replayed or swept, reports captured in
 * memory, and assertions on a struct sim_result.
 *
 * House rule: every failure message of a test carries the schedule string
 * that reproduces it.  The assertions below print the schedule of every
 * failure they did not expect (the schedule of a fault injection run starts
 * with "fN/").
 *
 * Include after <cmocka.h>.
 */
#ifndef _SIM_TEST_H
#define _SIM_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "sim/explore.h"

/* Default options without reports or progress on the terminal. */
static inline struct sim_opts sim_test_opts(void)
{
	struct sim_opts o;

	sim_opts_init(&o);
	o.quiet = true;
	o.progress = 0;
	return o;
}

static inline struct sim_program sim_test_program(const char *name,
						  void (*setup)(void *),
						  void (*teardown)(void *),
						  void *ctx)
{
	const struct sim_program p = {
		.name = name,
		.setup = setup,
		.teardown = teardown,
		.ctx = ctx,
	};

	return p;
}

/* sim_explore() of the program @name made of @setup, @teardown and @ctx. */
static inline int sim_test_explore(const char *name, void (*setup)(void *),
				   void (*teardown)(void *), void *ctx,
				   const struct sim_opts *o,
				   struct sim_result *r)
{
	const struct sim_program p = sim_test_program(name, setup, teardown,
						      ctx);

	return sim_explore(&p, o, r);
}

/* sim_replay() of that program under @schedule. */
static inline int sim_test_replay(const char *name, void (*setup)(void *),
				  void (*teardown)(void *), void *ctx,
				  const char *schedule,
				  const struct sim_opts *o,
				  struct sim_result *r)
{
	const struct sim_program p = sim_test_program(name, setup, teardown,
						      ctx);

	return sim_replay(&p, schedule, o, r);
}

/* sim_sweep_faults() of that program. */
static inline int sim_test_sweep(const char *name, void (*setup)(void *),
				 void (*teardown)(void *), void *ctx,
				 const struct sim_opts *o, struct sim_result *r)
{
	const struct sim_program p = sim_test_program(name, setup, teardown,
						      ctx);

	return sim_sweep_faults(&p, o, r);
}

/*
 * Reports written to memory: between sim_test_report_begin() and
 * sim_test_report_end(), @o (when not NULL) has reports on and written to
 * rep->f; end returns the text, which the caller frees.  rep->len is its
 * length once ended.  @rep stays where it is in between.
 */
struct sim_test_report {
	FILE *f;
	char *text;
	size_t len;
};

static inline void sim_test_report_begin(struct sim_test_report *rep,
					 struct sim_opts *o)
{
	rep->text = NULL;
	rep->len = 0;
	rep->f = open_memstream(&rep->text, &rep->len);
	assert_non_null(rep->f);
	if (o) {
		o->out = rep->f;
		o->quiet = false;
	}
}

static inline char *sim_test_report_end(struct sim_test_report *rep)
{
	fclose(rep->f);
	rep->f = NULL;
	assert_non_null(rep->text);
	return rep->text;
}

/* sim_test_explore() with reports on; returns their text (free it). */
static inline char *sim_test_explore_report(const char *name,
					    void (*setup)(void *),
					    void (*teardown)(void *),
					    void *ctx, struct sim_opts *o,
					    struct sim_result *r)
{
	struct sim_test_report rep;

	sim_test_report_begin(&rep, o);
	sim_test_explore(name, setup, teardown, ctx, o, r);
	return sim_test_report_end(&rep);
}

/* One line per failure of @r: kind, title, where and schedule. */
static inline void sim_test_print_failures(const struct sim_result *r)
{
	unsigned int n = r->nfailures;

	if (n > SIM_MAX_FAILURES)
		n = SIM_MAX_FAILURES;
	for (unsigned int i = 0; i < n; i++) {
		const struct sim_failure *f = &r->failures[i];

		print_error("  %s: %s (%s), schedule \"%s\"\n",
			    sim_fail_kind_name(f->kind), f->title, f->where,
			    f->schedule);
	}
}

/*
 * The assertions are macros over sim_test_*_at(), so that cmocka names the
 * line of the test that failed, not a line of this file.
 */

/*
 * @ret is what sim_explore(), sim_replay() or sim_sweep_faults() returned
 * with @r: it must be @want; else the failures found, with their schedules.
 */
#define sim_test_assert_ret(ret, want, r)				\
	sim_test_assert_ret_at(ret, want, r, __FILE__, __LINE__)

static inline void sim_test_assert_ret_at(int ret, int want,
					  const struct sim_result *r,
					  const char *file, int line)
{
	if (ret == want)
		return;
	if (ret < 0 || !r) {
		print_error("ERROR: returned %d, wanted %d\n", ret, want);
		_fail(file, line);
		return;
	}
	print_error("ERROR: returned %d, wanted %d: %u failure%s in %llu "
		    "executions%s\n", ret, want, r->nfailures,
		    r->nfailures == 1 ? "" : "s",
		    (unsigned long long)r->executions,
		    r->nfailures ? ":" : "");
	sim_test_print_failures(r);
	_fail(file, line);
}

/* No failure; else the first one, with its schedule. */
#define sim_test_assert_passed(r)					\
	sim_test_assert_passed_at(r, __FILE__, __LINE__)

static inline void sim_test_assert_passed_at(const struct sim_result *r,
					     const char *file, int line)
{
	const struct sim_failure *f = &r->failures[0];

	if (!r->nfailures)
		return;
	print_error("ERROR: unexpected %s failure: %s (%s), schedule "
		    "\"%s\"%s\n", sim_fail_kind_name(f->kind), f->title,
		    f->where, f->schedule,
		    r->nfailures > 1 ? " (and more)" : "");
	_fail(file, line);
}

/*
 * Exactly one failure, of kind @k, its title containing @title_part; else
 * what was found, with the schedules.
 */
#define sim_test_assert_failure(r, k, title_part)			\
	sim_test_assert_failure_at(r, k, title_part, __FILE__, __LINE__)

static inline void sim_test_assert_failure_at(const struct sim_result *r,
					      enum sim_fail_kind k,
					      const char *title_part,
					      const char *file, int line)
{
	if (r->nfailures == 1 && r->failures[0].kind == k &&
	    strstr(r->failures[0].title, title_part))
		return;
	print_error("ERROR: wanted one %s failure with \"%s\", got %u%s\n",
		    sim_fail_kind_name(k), title_part, r->nfailures,
		    r->nfailures ? ":" : "");
	sim_test_print_failures(r);
	_fail(file, line);
}

/* @f happened where @part says ("file.c:line func()"). */
#define sim_test_assert_where(f, part)					\
	sim_test_assert_where_at(f, part, __FILE__, __LINE__)

static inline void sim_test_assert_where_at(const struct sim_failure *f,
					    const char *part,
					    const char *file, int line)
{
	if (strstr(f->where, part))
		return;
	print_error("ERROR: where \"%s\" lacks \"%s\", schedule \"%s\"\n",
		    f->where, part, f->schedule);
	_fail(file, line);
}

/* A report (which names its schedule) contains @part. */
#define sim_test_assert_contains(text, part)				\
	sim_test_assert_contains_at(text, part, __FILE__, __LINE__)

static inline void sim_test_assert_contains_at(const char *text,
					       const char *part,
					       const char *file, int line)
{
	if (strstr(text, part))
		return;
	print_error("ERROR: report lacks \"%s\":\n%s\n", part, text);
	_fail(file, line);
}

/* Explore the program and require that it passes, at the caller's line. */
#define sim_test_explore_ok(name, setup, teardown, ctx, o, r)		\
	do {								\
		sim_test_assert_ret(sim_test_explore((name), (setup),	\
						     (teardown), (ctx),	\
						     (o), (r)), 0, (r));	\
		sim_test_assert_passed(r);				\
	} while (0)

/*
 * Checks inside simulated threads, where cmocka's asserts must not be
 * used: a mismatch fails the execution, so the failure carries the
 * schedule that produced it.
 */
#define WANT_EQ(got, want)						\
	do {								\
		long __g = (long)(got), __w = (long)(want);		\
									\
		if (__g != __w)						\
			sim_fail(SIM_FAIL_ASSERT, SIM_HERE,		\
				 "%s is %ld, want %ld", #got, __g, __w); \
	} while (0)
#define WANT(cond)	WANT_EQ(!!(cond), 1)

#endif /* _SIM_TEST_H */
