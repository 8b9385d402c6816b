// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzz pipeline (fuzz/, docs/fuzzing.md): the "expect any" outcome it
 * relies on, the decoder (every input decodes into a scenario that
 * parses, the same one every time; handles refer to live variables),
 * runs (one execution, the failure and its schedule), minimisation, and
 * the findings written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/fuzz.h"
#include "world/scenario.h"
#include "sim_test.h"
#include "targets/target.h"
#include "random_bytes.h"

static const struct sim_target *simdev(void)
{
	const struct sim_target *t = sim_target_find("simdev");

	assert_non_null(t);
	return t;
}

/* Run @text once on the default schedule; the result. */
static int run_once(const char *text, struct sim_result *r)
{
	char err[SIM_SCENARIO_ERR_MAX];
	struct sim_opts o = sim_test_opts();
	struct sim_scenario *s;
	int ret;

	s = sim_scenario_parse("t.sim", text, strlen(text), NULL, err,
			       sizeof(err));
	if (!s)
		fail_msg("%s", err);
	o.max_bound = 0;
	ret = sim_explore(sim_scenario_program(s), &o, r);
	sim_scenario_free(s);
	return ret;
}

#define RAWIO	"device pci 0000:00:01.0\n" \
		"proc A\n" \
		"A: f = open /dev/simdev/simdev0\n"

static void test_fuzz_expect_any_accepts_errors(void **state)
{
	struct sim_result r;

	/* RAWIO without the capability is EPERM: a failure without expect */
	assert_int_equal(run_once(RAWIO "A: ioctl f RAWIO\n", &r), 1);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_ASSERT);
	/* and accepted with any, as is success, and a bad fd */
	assert_int_equal(run_once(RAWIO "A: ioctl f RAWIO expect any\n"
				  "A: ioctl f GET_ID expect any\n"
				  "A: close 9 expect any\n", &r), 0);
	/* any among other outcomes */
	assert_int_equal(run_once(RAWIO "A: ioctl f RAWIO expect 1|any\n",
				  &r), 0);
}

static void test_fuzz_expect_any_keeps_other_oracles(void **state)
{
	struct sim_result r;

	/* a WAIT nobody wakes is a deadlock, whatever the line accepts */
	assert_int_equal(run_once(RAWIO "A: ioctl f WAIT expect any\n", &r),
			 1);
	assert_int_equal(r.failures[0].kind, SIM_FAIL_DEADLOCK);
}

static void check_decodes(const struct sim_target *t, int inputs,
			  int *with_handles)
{
	char err[SIM_SCENARIO_ERR_MAX];
	uint8_t buf[512];

	for (int i = 0; i < inputs; i++) {
		size_t n = i % 97 * 5;
		struct vf_prog p, q;
		struct sim_scenario *s;

		fill(buf, n, i);
		assert_int_equal(vf_decode(buf, n, t, &p), 0);
		assert_int_equal(vf_decode(buf, n, t, &q), 0);
		/* the same input, the same program */
		assert_string_equal(p.text, q.text);
		assert_true(p.nops <= VF_MAX_OPS);
		s = sim_scenario_parse("fuzz.sim", p.text, p.len, t->name,
				       err, sizeof(err));
		if (!s)
			fail_msg("input %d (seed %d, %zu bytes) decodes into "
				 "a scenario that does not parse: %s\n%s", i,
				 i, n, err, p.text);
		assert_int_equal(sim_scenario_nr_ops(s), p.nops);
		sim_scenario_free(s);
		/* a line using a handle an earlier line opened */
		if (strstr(p.text, "f0 = ") && strstr(p.text, " f0\t"))
			(*with_handles)++;
		vf_prog_free(&p);
		vf_prog_free(&q);
	}
}

static void test_fuzz_every_input_decodes(void **state)
{
	int handles = 0, targets = 0;

	for (int i = 0; i < sim_nr_targets; i++) {
		check_decodes(sim_targets[i], 400, &handles);
		targets++;
	}
	/* most programs with lines use the handles they open */
	assert_true(handles > targets * 400 / 4);
}

static void test_fuzz_empty_input(void **state)
{
	struct vf_prog p;

	assert_int_equal(vf_decode(NULL, 0, simdev(), &p), 0);
	/* one device, one process, and the one line a scenario needs */
	assert_string_equal(p.text, "target simdev\n"
			    "device pci 0000:00:01.0\n"
			    "proc P0\n"
			    "proc K\n"
			    "P0: f0 = open /dev/vfio/vfio\texpect any\n");
	assert_int_equal(p.nops, 1);
	assert_int_equal(p.sched.fail_nth, 0);
	vf_prog_free(&p);
}

static void test_fuzz_decode_layout(void **state)
{
	/*
	 * 2 devices, 2 processes; pci group 8, platform group 7; P0 with
	 * SYS_RAWIO and two threads, P1 may exit; pct depth 2, seed
	 * 0x04030201, fail-nth 1 + 0x0102 % 512; then P0 opens the group,
	 * P0t dups it, P1 exits.
	 */
	static const uint8_t in[] = {
		0x05, 0x06, 0x01, 0x05, 0x08,
		0x03, 0x01, 0x02, 0x03, 0x04, 0xf0, 0x02, 0x01,
		0x00, 0x00, 0x02, 0x00,
		0x01, 0x0a, 0x00,
		0x02, 0x0d,
	};
	struct vf_prog p;

	assert_int_equal(vf_decode(in, sizeof(in), simdev(), &p), 0);
	assert_string_equal(p.text,
		"target simdev\n"
		"device pci 0000:00:01.0\n"
		"device platform vfio-platform.1\n"
		"proc P0 caps=SYS_RAWIO\n"
		"thread P0t proc=P0\n"
		"proc P1\n"
		"proc K\n"
		"P0: f0 = open /dev/vfio/99\texpect any\n"
		"P0t: f1 = dup f0\texpect any\n"
		"P1: exit\texpect any\n");
	assert_int_equal(p.sched.strategy, SIM_STRATEGY_PCT);
	assert_int_equal(p.sched.depth, 2);
	assert_int_equal(p.sched.seed, 0x04030201);
	assert_int_equal(p.sched.fail_nth, 1 + 0x0102 % 512);
	assert_int_equal(p.nops, 3);
	vf_prog_free(&p);
}

/*
 * An ioctl byte b with b % 16 < 12 names the same vfio ioctl on every
 * target that has it, however long its table: one corpus for all.
 */
static void test_fuzz_ioctl_bytes_are_stable(void **state)
{
	static const char *const names[] = {
		"GET_API_VERSION", "GROUP_GET_STATUS", "GROUP_GET_DEVICE_FD",
		"DEVICE_BIND_IOMMUFD", "IOMMU_IOAS_ALLOC",
	};
	static const uint8_t nr[] = { 0, 3, 6, 8, 11 };
	int checked = 0;

	for (int i = 0; i < sim_nr_targets; i++) {
		const struct sim_target *t = sim_targets[i];

		for (unsigned int j = 0; j < sizeof(nr); j++) {
			/* 1 device, 1 process; P0: [f0 =] ioctl 0 <b> ARG */
			uint8_t in[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
					 0, 3, 0x80, (uint8_t)(nr[j] + 32), 0 };
			char want[64];
			struct vf_prog p;

			if (!sim_target_find_ioctl(t, names[j]))
				continue;
			assert_int_equal(vf_decode(in, sizeof(in), t, &p), 0);
			snprintf(want, sizeof(want), "ioctl 0 %s", names[j]);
			if (!strstr(p.text, want))
				fail_msg("target %s: ioctl byte %u is not %s:\n%s",
					 t->name, nr[j] + 32, names[j], p.text);
			vf_prog_free(&p);
			checked++;
		}
	}
	/* simdev has none of them; a vfio target, all */
	if (sim_target_find("linux") || sim_target_find("model"))
		assert_true(checked >= 5);
}

/*
 * The device byte's top bits: noiommu (with the module parameter when
 * the slot is odd), emulated, a device set; on a target with the keys.
 */
static void test_fuzz_device_kinds(void **state)
{
	/* 4 devices, 1 process: kinds 5 (slot 1), 6, 7 (slot 1), 0 */
	static const uint8_t in[] = { 3, 0xa5, 0xc0, 0xe4, 0x00, 0 };
	const struct sim_target *t = NULL;
	char err[SIM_SCENARIO_ERR_MAX];
	struct sim_scenario *s;
	struct vf_prog p;

	for (int i = 0; i < sim_nr_targets && !t; i++) {
		const char *const *k = sim_targets[i]->device_keys;

		for (; k && *k; k++)
			if (!strcmp(*k, "noiommu"))
				t = sim_targets[i];
	}
	if (!t)
		skip();
	assert_int_equal(vf_decode(in, sizeof(in), t, &p), 0);
	assert_non_null(strstr(p.text, "\ndevice pci 0000:00:01.0 "
				       "noiommu 1\n"));
	assert_non_null(strstr(p.text, "\ndevice pci 0000:00:02.0 "
				       "emulated 1\n"));
	assert_non_null(strstr(p.text, "\ndevice pci 0000:00:03.0 group 8 "
				       "devset s1\n"));
	assert_non_null(strstr(p.text, "\ndevice pci 0000:00:04.0 group 7\n"
				       "param vfio.enable_unsafe_noiommu_mode=1"
				       "\n"));
	s = sim_scenario_parse("fuzz.sim", p.text, p.len, t->name, err,
			       sizeof(err));
	if (!s)
		fail_msg("%s\n%s", err, p.text);
	sim_scenario_free(s);
	vf_prog_free(&p);
}

#define DEADLOCK \
	"device pci 0000:00:01.0\n" \
	"proc A\n" \
	"proc B\n" \
	"B: g = open /dev/simdev/simdev0 expect any\n" \
	"A: f = open /dev/simdev/simdev0 expect any\n" \
	"B: ioctl g GET_ID expect any\n" \
	"A: ioctl f SET_INT 3 expect any\n" \
	"B: close g expect any\n" \
	"A: ioctl f WAIT expect any\n" \
	"A: close f expect any\n"

static void test_fuzz_minimise_keeps_the_failure(void **state)
{
	const struct vf_sched sched = { SIM_STRATEGY_RANDOM, 7, 1, 0 };
	char err[SIM_SCENARIO_ERR_MAX];
	struct vf_result r;
	struct vf_prog p = { 0 };

	p.text = strdup(DEADLOCK);
	p.len = strlen(p.text);
	p.sched = sched;
	assert_int_equal(vf_run_text("t.sim", p.text, p.len, simdev(),
				     &sched, &r, err, sizeof(err)), 0);
	assert_true(r.failed);
	assert_int_equal(r.failure.kind, SIM_FAIL_DEADLOCK);
	vf_minimise(&p, simdev(), &r, 100);
	/* what is left: the open and the WAIT */
	assert_int_equal(p.nops, 2);
	assert_string_equal(p.text,
		"device pci 0000:00:01.0\n"
		"proc A\n"
		"proc B\n"
		"A: f = open /dev/simdev/simdev0 expect any\n"
		"A: ioctl f WAIT expect any\n");
	assert_true(r.failed);
	assert_int_equal(r.failure.kind, SIM_FAIL_DEADLOCK);
	vf_prog_free(&p);
}

static void test_fuzz_passing_run_is_not_a_finding(void **state)
{
	const struct vf_sched sched = { SIM_STRATEGY_PCT, 3, 3, 0 };
	char err[SIM_SCENARIO_ERR_MAX];
	struct vf_result r;
	const char *text = RAWIO "A: ioctl f GET_ID expect any\n";

	assert_int_equal(vf_run_text("t.sim", text, strlen(text), simdev(),
				     &sched, &r, err, sizeof(err)), 0);
	if (r.failed)
		fail_msg("%s (schedule \"%s\")", r.failure.title,
			 r.failure.schedule);
	assert_int_equal(r.steps, 0);
	/* counted when asked for */
	vf_count_steps = true;
	assert_int_equal(vf_run_text("t.sim", text, strlen(text), simdev(),
				     &sched, &r, err, sizeof(err)), 0);
	vf_count_steps = false;
	assert_false(r.failed);
	assert_true(r.steps > 0);
	/* a text that does not parse: -1 and the parser's line */
	assert_int_equal(vf_run_text("t.sim", "proc\n", 5, simdev(), &sched,
				     &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "t.sim:1:"));
}

static void test_fuzz_finding_files(void **state)
{
	const struct vf_sched sched = { SIM_STRATEGY_RANDOM, 7, 1, 0 };
	char err[SIM_SCENARIO_ERR_MAX], dir[] = "/tmp/fuzz-test-XXXXXX";
	char path[4096], sched_path[4200], text[8192];
	struct vf_result r;
	struct vf_prog p = { 0 };
	struct sim_scenario *s;
	FILE *f;
	size_t n;

	assert_non_null(mkdtemp(dir));
	p.text = strdup(DEADLOCK);
	p.len = strlen(p.text);
	p.sched = sched;
	assert_int_equal(vf_run_text("t.sim", p.text, p.len, simdev(),
				     &sched, &r, err, sizeof(err)), 0);
	assert_true(r.failed);
	assert_int_equal(vf_write_finding(dir, &p, simdev(), &r, path,
					  sizeof(path)), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	assert_non_null(strstr(text, "# expect-failure: deadlock\n"));
	assert_non_null(strstr(text, "# replay: vfio-sim replay "));
	/* the file parses and announces its failure */
	s = sim_scenario_parse(path, text, n, NULL, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);
	assert_int_equal(sim_scenario_expected_failures(s),
			 1u << SIM_FAIL_DEADLOCK);
	sim_scenario_free(s);
	/* the schedule, alone */
	snprintf(sched_path, sizeof(sched_path), "%.*s.schedule",
		 (int)(strlen(path) - 4), path);
	f = fopen(sched_path, "r");
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	assert_int_equal(strlen(r.failure.schedule) + 1, n);
	assert_memory_equal(text, r.failure.schedule, n - 1);
	unlink(path);
	unlink(sched_path);
	rmdir(dir);
	vf_prog_free(&p);
}

static void test_fuzz_target_choice(void **state)
{
	char err[256];

	assert_ptr_equal(vf_target("simdev", err, sizeof(err)), simdev());
	assert_null(vf_target("nosuch", err, sizeof(err)));
	assert_string_equal(err, "unknown target 'nosuch' (vfio-sim targets "
			    "lists them)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_expect_any_accepts_errors),
		cmocka_unit_test(test_fuzz_expect_any_keeps_other_oracles),
		cmocka_unit_test(test_fuzz_every_input_decodes),
		cmocka_unit_test(test_fuzz_empty_input),
		cmocka_unit_test(test_fuzz_decode_layout),
		cmocka_unit_test(test_fuzz_ioctl_bytes_are_stable),
		cmocka_unit_test(test_fuzz_device_kinds),
		cmocka_unit_test(test_fuzz_minimise_keeps_the_failure),
		cmocka_unit_test(test_fuzz_passing_run_is_not_a_finding),
		cmocka_unit_test(test_fuzz_finding_files),
		cmocka_unit_test(test_fuzz_target_choice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
