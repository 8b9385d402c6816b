// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzzer runs the scenario its decoder builds without text
 * (vf_decode_scenario(), world/scenario_build.h); findings, --emit and
 * minimisation use the text (vf_decode()).  Both must be the same
 * scenario: for the committed corpus, tests/fuzz/regress and seeded
 * random inputs on every target, the built scenario and the text parsed
 * by sim_scenario_parse() print the same by sim_scenario_dump(), which
 * prints every field the parser sets; the corpus's, and every tenth
 * random input's, also run the same.  And the comparison can fail: a
 * change of any one of a list of fields changes the dump.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "world/scenario.h"
#include "world/scenario_build.h"
#include "targets/target.h"
#include "../../world/scenario/internal.h"
#include "random_bytes.h"

#define RANDOM_INPUTS	1200
#define SEED_BASE	0x5eed0000u

static char *dump(const struct sim_scenario *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	sim_scenario_dump(s, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* The first line where @a and @b differ, for the message. */
static const char *first_diff(const char *a, const char *b, char *out,
			      size_t len)
{
	const char *la = a, *lb = b;

	while (*a && *a == *b) {
		if (*a == '\n') {
			la = a + 1;
			lb = b + 1;
		}
		a++;
		b++;
	}
	snprintf(out, len, "parsed: %.*s\n  built:  %.*s",
		 (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
	return out;
}

/* Both runs ended the same (steps counted: vf_count_steps). */
static void check_runs(const struct vf_result *a, const struct vf_result *b,
		       const char *what, const struct sim_target *t)
{
	if (a->failed != b->failed || a->steps != b->steps ||
	    (a->failed && (a->failure.kind != b->failure.kind ||
			   strcmp(a->failure.title, b->failure.title) ||
			   strcmp(a->failure.schedule, b->failure.schedule))))
		fail_msg("%s on %s: the runs differ: %llu steps%s%s parsed, "
			 "%llu steps%s%s built", what, t->name,
			 (unsigned long long)a->steps, a->failed ? ", " : "",
			 a->failed ? a->failure.title : "",
			 (unsigned long long)b->steps, b->failed ? ", " : "",
			 b->failed ? b->failure.title : "");
}

/*
 * Input @data on @t: the two paths give the same scenario and schedule,
 * and with @run the same execution.  @what names the input in a failure
 * (its file, or its seed).
 */
static void check_same(const uint8_t *data, size_t n,
		       const struct sim_target *t, const char *what, bool run)
{
	struct vf_result ra, rb;

	char err[SIM_SCENARIO_ERR_MAX], diff[1024];
	struct sim_scenario *parsed, *built;
	struct vf_sched sched;
	struct vf_prog p;
	char *a, *b;

	assert_int_equal(vf_decode(data, n, t, &p), 0);
	parsed = sim_scenario_parse("fuzz.sim", p.text, p.len, t->name, err,
				    sizeof(err));
	if (!parsed)
		fail_msg("%s on %s: the text does not parse: %s\n%s", what,
			 t->name, err, p.text);
	built = vf_decode_scenario(data, n, t, &sched, err, sizeof(err));
	if (!built)
		fail_msg("%s on %s: not built: %s\n%s", what, t->name, err,
			 p.text);
	a = dump(parsed);
	b = dump(built);
	if (strcmp(a, b))
		fail_msg("%s on %s: the built scenario differs from the text "
			 "parsed:\n  %s\n%s", what, t->name,
			 first_diff(a, b, diff, sizeof(diff)), p.text);
	if (memcmp(&sched, &p.sched, sizeof(sched)))
		fail_msg("%s on %s: other schedule choices", what, t->name);
	free(a);
	free(b);
	if (run) {
		vf_count_steps = true;
		vf_run_scenario(parsed, &p.sched, &ra);
		vf_run_scenario(built, &sched, &rb);
		vf_count_steps = false;
		check_runs(&ra, &rb, what, t);
	} else {
		sim_scenario_free(parsed);
		sim_scenario_free(built);
	}
	vf_prog_free(&p);
}

static void test_random_inputs(void **state)
{
	uint8_t buf[320];
	char what[64];

	for (int i = 0; i < sim_nr_targets; i++) {
		for (unsigned int k = 0; k < RANDOM_INPUTS; k++) {
			unsigned int seed = SEED_BASE + k;
			size_t n = k % 5 ? (k * 37) % sizeof(buf) : k % 40;

			fill(buf, n, seed);
			snprintf(what, sizeof(what), "seed %#x (%zu bytes)",
				 seed, n);
			check_same(buf, n, sim_targets[i], what, k % 10 == 0);
		}
		/* the empty input, as libFuzzer may give it: NULL */
		check_same(NULL, 0, sim_targets[i], "the empty input", true);
	}
}

static int run_dir(const char *dir)
{
	char path[4096];
	struct dirent *de;
	int files = 0;
	DIR *d = opendir(dir);

	if (!d)
		fail_msg("%s: cannot open", dir);
	while ((de = readdir(d))) {
		uint8_t buf[VF_MAX_INPUT];
		size_t n;
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		for (int i = 0; i < sim_nr_targets; i++)
			check_same(buf, n, sim_targets[i], path, true);
		files++;
	}
	closedir(d);
	return files;
}

static void test_corpus_and_regress(void **state)
{
	assert_true(run_dir(VF_TEST_DIR "/corpus") > 0);
	assert_true(run_dir(VF_TEST_DIR "/regress") > 0);
}

/* Perturb one field of @s with @change, check the dump moves, undo. */
#define PERTURB(s, field, value) do {					\
	char *before = dump(s), *after;					\
	__typeof__(field) saved = (field);				\
									\
	(field) = (value);						\
	after = dump(s);						\
	if (!strcmp(before, after))					\
		fail_msg("changing %s does not change the dump", #field); \
	free(after);							\
	(field) = saved;						\
	after = dump(s);						\
	assert_string_equal(before, after);				\
	free(before);							\
	free(after);							\
} while (0)

/*
 * The comparison is not blind: the dump of a decoded scenario changes
 * with each of these fields (a device key's value, a capability, a
 * thread's process, a variable's type, an operation's fd, argument,
 * source text, outcome, line, the set-up key, ...).
 */
static void test_dump_sees_every_field(void **state)
{
	static const uint8_t input[] = {
		0x05, 0x00, 0x25, 0x07, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x07, 0x00, 0x06, 0x10,
		0x00, 0x08, 0x00, 0x00, 0x0c, 0x10, 0x07, 0x01, 0x03,
	};
	char err[SIM_SCENARIO_ERR_MAX];
	const struct sim_target *t = sim_targets[0];
	struct sim_scenario *s;
	struct vf_sched sched;
	struct scn_op *op;
	int with_arg = -1, with_var = -1;

	for (int i = 0; i < sim_nr_targets; i++)
		if (sim_target_find_ioctl(sim_targets[i], "GET_API_VERSION"))
			t = sim_targets[i];
	s = vf_decode_scenario(input, sizeof(input), t, &sched, err,
			       sizeof(err));
	if (!s)
		fail_msg("%s", err);
	assert_true(s->nops >= 2);
	assert_true(s->nvars >= 1);
	for (int i = 0; i < s->nops; i++) {
		if (s->ops[i].arg.kind != SCN_ARG_NONE && with_arg < 0)
			with_arg = i;
		if (s->ops[i].fdvar >= 0 && with_var < 0)
			with_var = i;
	}
	op = &s->ops[0];
	PERTURB(s, s->devices[0].name, "0000:00:02.0");
	PERTURB(s, s->devices[0].bus, SIM_BUS_MDEV);
	PERTURB(s, s->devices[0].line, 9);
	PERTURB(s, s->device_locs[0].line, 9);
	PERTURB(s, s->procs[0].caps, s->procs[0].caps ^ 1);
	PERTURB(s, s->procs[0].name, "Q0");
	PERTURB(s, s->threads[0].proc, 5);
	PERTURB(s, s->threads[0].line, 77);
	PERTURB(s, s->vars[0].type, SCN_VAR_TEXT);
	PERTURB(s, s->vars[0].thread, 3);
	PERTURB(s, s->vars[0].wait_what, "wait for g");
	PERTURB(s, s->target_loc.line, 2);
	PERTURB(s, op->kind, SCN_CLOSE);
	PERTURB(s, op->line, 99);
	PERTURB(s, op->thread, 3);
	PERTURB(s, op->assign, 7);
	PERTURB(s, op->num, op->num ^ 1);
	PERTURB(s, op->fdnum, op->fdnum + 1);
	PERTURB(s, op->src, "open /dev/kvm");
	PERTURB(s, op->noutcomes, 0);
	PERTURB(s, op->out[0].kind, SCN_OUT_OK);
	PERTURB(s, op->loc.func, "close");
	if (op->path.nseg)
		PERTURB(s, op->path.seg[0].len, op->path.seg[0].len - 1);
	if (with_arg >= 0) {
		PERTURB(s, s->ops[with_arg].arg.kind, SCN_ARG_NULL);
		PERTURB(s, s->ops[with_arg].arg.num,
			s->ops[with_arg].arg.num + 1);
		PERTURB(s, s->ops[with_arg].ioctl, NULL);
	}
	if (with_var >= 0)
		PERTURB(s, s->ops[with_var].fdvar, -1);
	PERTURB(s, s->prog.setup_key_len, 3);
	PERTURB(s, s->prog.setup_shared, false);
	PERTURB(s, s->prog.ctx, NULL);
	sim_scenario_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_sees_every_field),
		cmocka_unit_test(test_corpus_and_regress),
		cmocka_unit_test(test_random_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
