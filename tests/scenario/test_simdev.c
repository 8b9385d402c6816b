// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario semantics, through the simdev target: what the language's
 * lines do in the simulated world (release at the last close, a close
 * racing with an ioctl in flight, an open racing with unregister, the
 * scripted sysfs lookup, -EFAULT, capabilities, devnode conflicts), and
 * how a failed expectation is reported at its scenario line.
 *
 * Execution counts are pinned: the search is deterministic, so a change
 * in a count is a change in the search (or in the scheduling points of
 * the world and the shims), to be explained in the commit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world/scenario.h"
#include "sim_test.h"

static struct sim_scenario *parse(const char *text)
{
	char err[SIM_SCENARIO_ERR_MAX];
	struct sim_scenario *s;

	s = sim_scenario_parse("t.sim", text, strlen(text), NULL, err,
			       sizeof(err));
	if (!s)
		fail_msg("%s", err);
	return s;
}

/* Explore @text at @bound (DFS); returns what sim_explore() returned. */
static int explore(const char *text, int bound, struct sim_result *r)
{
	struct sim_scenario *s = parse(text);
	struct sim_opts o = sim_test_opts();
	int ret;

	o.max_bound = bound;
	ret = sim_explore(sim_scenario_program(s), &o, r);
	sim_scenario_free(s);
	return ret;
}

/* Explore @text at @bound: no failure, in @execs executions. */
static void explore_passes(const char *text, int bound, uint64_t execs)
{
	struct sim_result r;
	int ret = explore(text, bound, &r);

	sim_test_assert_ret(ret, 0, &r);
	sim_test_assert_passed(&r);
	if (r.executions != execs)
		fail_msg("%llu executions, pinned at %llu",
			 (unsigned long long)r.executions,
			 (unsigned long long)execs);
}

#define DEV	"device pci 0000:00:01.0\n"

static void test_simdev_release_at_last_close_after_dup(void **state)
{
	explore_passes(DEV
		       "device pci 0000:00:02.0\n"
		       "proc A\n"
		       "proc B\n"
		       "A: f = open /dev/simdev/simdev0\n"
		       "A: g = dup f\n"
		       "A: close f\n"
		       /* the dup keeps the file: not released */
		       "A: ioctl g OPEN_FILES expect 1\n"
		       "A: ioctl g GET_ID expect 0\n"
		       "A: close g\n"
		       /* released at the last close: a new file is alone */
		       "A: h = open /dev/simdev/simdev0\n"
		       "A: ioctl h OPEN_FILES expect 1\n"
		       "A: close g expect EBADF\n"
		       "B: x = open /dev/simdev/simdev1\n"
		       "B: y = dup x\n"
		       "B: close y\n"
		       "B: ioctl x OPEN_FILES expect 1\n",
		       2, 3862);
}

#define CLOSE_DURING_IOCTL(expect_files)				\
	DEV								\
	"proc A\n"							\
	"thread A2 proc=A\n"						\
	"A: f = open /dev/simdev/simdev0\n"				\
	"A: h = open /dev/simdev/simdev0\n"				\
	"A2: ioctl f WAIT expect ok|EBADF\n"				\
	"A: close f\n"							\
	"A: ioctl h OPEN_FILES expect " expect_files "\n"		\
	"A: ioctl h WAKE\n"						\
	"A: close h\n"

/*
 * close(f) while A2's WAIT ioctl is blocked on f: the ioctl holds the
 * file, so release runs after the ioctl returns (simdev's release WARNs
 * otherwise, and the ioctl would touch freed memory).  Every schedule up
 * to 2 preemptions.
 */
static void test_simdev_close_racing_blocked_ioctl(void **state)
{
	struct sim_result r;

	sim_test_assert_ret(explore(CLOSE_DURING_IOCTL("1|2"), 2, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, 1181);
}

/*
 * The same, claiming close() always released f at once: the explorer must
 * reach the schedule where close returned while the ioctl held the file.
 */
static void test_simdev_close_racing_ioctl_keeps_file(void **state)
{
	struct sim_result r;

	sim_test_assert_ret(explore(CLOSE_DURING_IOCTL("1"), 2, &r), 1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_ASSERT,
				"t.sim:8: ioctl h OPEN_FILES returned 2, "
				"expected 1");
	sim_test_assert_where(&r.failures[0], "t.sim:8 ioctl()");
	assert_true(r.failures[0].replayed);
}

static const char open_vs_unregister[] =
	DEV
	"proc A\n"
	"proc D\n"
	"A: f = open /dev/simdev/simdev0 expect ok|ENOENT|ENXIO\n"
	"A: ioctl f GET_ID expect 0|EBADF\n"
	"A: close f expect ok|EBADF\n"
	"D: unregister 0000:00:01.0\n"
	"D: unregister 0000:00:01.0 expect ENODEV\n";

/*
 * An open racing with unregister reaches the device or fails with ENOENT
 * (the node is gone) or ENXIO (the cdev is gone); the file works until
 * closed; nothing is used after free (the poison checks and ASan) and
 * nothing leaks (the end checks).
 */
static void test_simdev_open_racing_unregister(void **state)
{
	explore_passes(open_vs_unregister, 2, 1344);
}

/* Each outcome of the race is reached: leave one out and it is found. */
static void test_simdev_open_racing_unregister_outcomes(void **state)
{
	static const struct {
		const char *expect;
		const char *found;
	} variants[] = {
		{ "ENOENT|ENXIO", "returned 0, expected ENOENT|ENXIO" },
		{ "ok|ENXIO", "returned ENOENT, expected ok|ENXIO" },
		{ "ok|ENOENT", "returned ENXIO, expected ok|ENOENT" },
	};

	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		char text[1024], title[256];
		struct sim_result r;

		snprintf(text, sizeof(text), DEV "proc A\nproc D\n"
			 "A: f = open /dev/simdev/simdev0 expect %s\n"
			 "A: close f expect ok|EBADF\n"
			 "D: unregister 0000:00:01.0\n", variants[i].expect);
		snprintf(title, sizeof(title), "t.sim:4: open "
			 "/dev/simdev/simdev0 %s", variants[i].found);
		sim_test_assert_ret(explore(text, 2, &r), 1, &r);
		sim_test_assert_failure(&r, SIM_FAIL_ASSERT, title);
		assert_true(r.failures[0].replayed);
	}
}

static void test_simdev_scripted_sysfs_lookup(void **state)
{
	explore_passes(DEV
		       "device platform plat.0\n"
		       "proc A\n"
		       "A: n = ls /sys/bus/pci/devices/0000:00:01.0/simdev\n"
		       "A: d = cat /sys/class/simdev/${n}/dev\n"
		       "A: readlink /sys/class/simdev/${n} expect ok\n"
		       "A: f = open /dev/simdev/${n}\n"
		       "A: fstat f expect \"${d}\"\n"
		       "A: ioctl f GET_ID expect 0\n"
		       "A: m = ls /sys/bus/platform/devices/plat.0/simdev "
		       "expect \"simdev1\"\n"
		       "A: e = cat /sys/class/simdev/${m}/dev\n"
		       "A: g = open /dev/simdev/${m}\n"
		       "A: fstat g expect \"${e}\"\n"
		       "A: ls /sys/class/simdev expect \"simdev0 simdev1\"\n"
		       "A: read g 64 expect \"simdev1\\n\"\n",
		       2, 1);
}

static void test_simdev_efault_with_badptr(void **state)
{
	explore_passes(DEV
		       "proc A\n"
		       "A: f = open /dev/simdev/simdev0\n"
		       "A: ioctl f SET_INT 42 expect 42|\"42\"\n"
		       "A: ioctl f SET_INT BADPTR expect EFAULT\n"
		       "A: ioctl f SET_INT NULL expect EFAULT\n"
		       "A: ioctl f ECHO \"hello\" expect 5|\"hello\"\n"
		       "A: ioctl f ECHO BADPTR expect EFAULT\n"
		       "A: ioctl f ECHO NULL expect EFAULT\n"
		       "A: ioctl f 0x7fff expect ENOTTY\n"
		       "A: close 99 expect EBADF\n",
		       2, 1);
}

/* BADPTR must really fail: expecting success reports the EFAULT. */
static void test_simdev_badptr_is_efault(void **state)
{
	struct sim_result r;

	sim_test_assert_ret(explore(DEV
				    "proc A\n"
				    "A: f = open /dev/simdev/simdev0\n"
				    "A: ioctl f SET_INT BADPTR\n", 2, &r),
			    1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_ASSERT,
				"t.sim:4: ioctl f SET_INT BADPTR returned "
				"EFAULT, expected ok");
}

static void test_simdev_rawio_capabilities(void **state)
{
	struct sim_result r;

	explore_passes(DEV
		       "proc A caps=SYS_RAWIO\n"
		       "proc B\n"
		       "proc C caps=SYS_ADMIN\n"
		       "A: f = open /dev/simdev/simdev0\n"
		       "A: ioctl f RAWIO\n"
		       "B: g = open /dev/simdev/simdev0\n"
		       "B: ioctl g RAWIO expect EPERM\n"
		       "C: h = open /dev/simdev/simdev0\n"
		       "C: ioctl h RAWIO expect EPERM\n",
		       0, 6);
	/* without the capability, expecting success fails */
	sim_test_assert_ret(explore(DEV
				    "proc B\n"
				    "B: g = open /dev/simdev/simdev0\n"
				    "B: ioctl g SIMDEV_RAWIO\n", 0, &r),
			    1, &r);
	sim_test_assert_failure(&r, SIM_FAIL_ASSERT,
				"t.sim:4: ioctl g SIMDEV_RAWIO returned "
				"EPERM, expected ok");
}

/*
 * Two devices whose nodes collide: the second registration fails cleanly
 * (or leaves the second device without a node); the first keeps its
 * node, and nothing leaks.
 */
static void test_simdev_devnode_conflict(void **state)
{
	explore_passes("device pci 0000:00:01.0 node shared\n"
		       "device pci 0000:00:02.0 node shared\n"
		       "proc A\n"
		       "A: f = open /dev/simdev/shared\n"
		       "A: ioctl f GET_ID expect 0\n"
		       "A: ls /sys/class/simdev expect "
		       "\"simdev0\"|\"simdev0 simdev1\"\n"
		       "A: close f\n",
		       2, 1);
	/* a node naming another device's default name collides too */
	explore_passes(DEV
		       "device pci 0000:00:02.0 node simdev0\n"
		       "proc A\n"
		       "A: f = open /dev/simdev/simdev0\n"
		       "A: ioctl f GET_ID expect 0\n",
		       2, 1);
}

/* Process exit closes what the scenario left open, once each. */
static void test_simdev_exit_closes_files(void **state)
{
	explore_passes("device mdev 0fe5e5a2-3c4b-4a3c-9a1e-2b7e9a0c1d2e\n"
		       "proc A\n"
		       "proc B\n"
		       "A: f = open /dev/simdev/simdev0\n"
		       "A: g = dup f\n"
		       "A: h = open /dev/simdev/simdev0 O_RDONLY\n"
		       "A: write f \"data\" expect 4\n"
		       "A: exit\n"
		       "B: k = open /dev/simdev/simdev0\n"
		       "B: ioctl k OPEN_FILES expect 1|2|3\n",
		       2, 2598);
}

/* A failed expectation names the scenario line, and replays. */
static void test_simdev_failure_report_points_at_line(void **state)
{
	struct sim_scenario *s = parse(DEV
				       "proc A\n"
				       "A: f = open /dev/simdev/simdev0\n"
				       "A: ioctl f GET_ID expect 1|EBUSY\n");
	struct sim_opts o = sim_test_opts();
	struct sim_test_report rep;
	struct sim_result r;
	char *text;

	o.replay_hint = "vfio-sim replay t.sim \"%s\"";
	sim_test_report_begin(&rep, &o);
	sim_explore(sim_scenario_program(s), &o, &r);
	text = sim_test_report_end(&rep);
	sim_test_assert_failure(&r, SIM_FAIL_ASSERT,
				"t.sim:4: ioctl f GET_ID returned 0, "
				"expected 1|EBUSY");
	sim_test_assert_where(&r.failures[0], "t.sim:4 ioctl()");
	assert_true(r.failures[0].replayed);
	sim_test_assert_contains(text, "vfio-sim: FAIL: assertion: t.sim:4: "
				 "ioctl f GET_ID returned 0, expected "
				 "1|EBUSY");
	sim_test_assert_contains(text, "replay:   vfio-sim replay t.sim \"");
	/* the trace shows the lines with their results */
	sim_test_assert_contains(text, "open /dev/simdev/simdev0 = 0");
	/* and the threads' state, the line each is at */
	sim_test_assert_contains(text, "scenario t.sim:\n");
	sim_test_assert_contains(text, " at t.sim:4: ioctl f GET_ID\n");
	free(text);
	sim_scenario_free(s);
}

/* A WAIT nobody wakes: a deadlock, reported with the scenario line. */
static void test_simdev_deadlock_report_names_line(void **state)
{
	struct sim_scenario *s = parse(DEV
				       "proc A\n"
				       "proc B\n"
				       "A: f = open /dev/simdev/simdev0\n"
				       "A: ioctl f WAIT\n"
				       "B: ls /sys/class/simdev\n");
	struct sim_opts o = sim_test_opts();
	struct sim_test_report rep;
	struct sim_result r;
	char *text;

	sim_test_report_begin(&rep, &o);
	sim_explore(sim_scenario_program(s), &o, &r);
	text = sim_test_report_end(&rep);
	sim_test_assert_failure(&r, SIM_FAIL_DEADLOCK, "blocked forever");
	sim_test_assert_contains(text, " at t.sim:5: ioctl f WAIT\n");
	sim_test_assert_contains(text, " ended\n");
	free(text);
	sim_scenario_free(s);
}

/* A thread waits for a variable another thread sets. */
static void test_simdev_variable_from_another_thread(void **state)
{
	explore_passes(DEV
		       "proc A\n"
		       "thread T proc=A\n"
		       "A: f = open /dev/simdev/simdev0\n"
		       "T: ioctl f GET_ID expect 0\n"
		       "T: close f\n",
		       2, 15);
}

/*
 * Fail each allocation in turn (fail-nth), on the default schedule: the
 * error paths of simdev, the device model and the world give errors the
 * scenario accepts, never a crash, a leak, a WARN or a use after free.
 * An allocation failing while the world is built (a bus device, the
 * module's init and probes) ends that execution early, as passed, after
 * the error path ran under the leak checks.
 */
static void test_simdev_fail_nth_sweep(void **state)
{
	struct sim_scenario *s = parse(DEV
				       "proc A\n"
				       "A: f = open /dev/simdev/simdev0 "
				       "expect ok|ENOMEM|ENOENT|ENXIO\n"
				       "A: g = dup f expect ok|EBADF|ENOMEM|"
				       "EMFILE\n"
				       "A: ioctl g ECHO \"abc\" expect "
				       "3|ENOMEM|EBADF\n"
				       "A: close g expect ok|EBADF\n"
				       "A: close f expect ok|EBADF\n");
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	int n;

	o.max_bound = 0;
	for (n = 1; n < 1000; n++) {
		o.fail_nth = n;
		sim_explore(sim_scenario_program(s), &o, &r);
		if (r.nfailures)
			fail_msg("fail-nth %d: %s: %s (%s), schedule \"%s\"",
				 n, sim_fail_kind_name(r.failures[0].kind),
				 r.failures[0].title, r.failures[0].where,
				 r.failures[0].schedule);
		if (r.max_allocs < (uint64_t)n)
			break;
	}
	/* every allocation site was reached, the setup's ones included */
	assert_true(n > 20);
	sim_scenario_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simdev_release_at_last_close_after_dup),
		cmocka_unit_test(test_simdev_close_racing_blocked_ioctl),
		cmocka_unit_test(test_simdev_close_racing_ioctl_keeps_file),
		cmocka_unit_test(test_simdev_open_racing_unregister),
		cmocka_unit_test(test_simdev_open_racing_unregister_outcomes),
		cmocka_unit_test(test_simdev_scripted_sysfs_lookup),
		cmocka_unit_test(test_simdev_efault_with_badptr),
		cmocka_unit_test(test_simdev_badptr_is_efault),
		cmocka_unit_test(test_simdev_rawio_capabilities),
		cmocka_unit_test(test_simdev_devnode_conflict),
		cmocka_unit_test(test_simdev_exit_closes_files),
		cmocka_unit_test(test_simdev_failure_report_points_at_line),
		cmocka_unit_test(test_simdev_deadlock_report_names_line),
		cmocka_unit_test(test_simdev_variable_from_another_thread),
		cmocka_unit_test(test_simdev_fail_nth_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
