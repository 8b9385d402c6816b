// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario parser against seeded random input: random bytes, random
 * runs of the language's own tokens, and random mutations of valid
 * scenarios.  Each input must either parse (and be freed) or be rejected
 * with one well-formed "fuzz.sim:LINE:COL: error: ..." line; the suite
 * runs under ASan and UBSan, so a crash, a leak or an out-of-bounds read
 * is a failure too.  Some of the mutations that parse are run once.
 * Every failure names the seed and the case that caused it;
 * VFIO_SIM_FUZZ_SEED=N reruns with another seed.
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

#define DEFAULT_SEED	0x5eedf00dull
#define MAX_INPUT	4096
#define NR_MUTATIONS	20000
#define NR_RUNS		300

static uint64_t seed = DEFAULT_SEED;

/* The case being parsed, for a sanitizer report. */
static const char *cur_phase = "none";
static unsigned int cur_case;
static const char *cur_input;
static size_t cur_len;

static void print_case(FILE *out)
{
	fprintf(out, "fuzz: seed 0x%llx, %s case %u, input (%zu bytes): \"",
		(unsigned long long)seed, cur_phase, cur_case, cur_len);
	for (size_t i = 0; cur_input && i < cur_len; i++) {
		unsigned char c = cur_input[i];

		if (c == '\n')
			fputs("\\n", out);
		else if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputs("\"\n", out);
}

/* Called by ASan before it reports an error: say which input did it. */
void __asan_on_error(void);
void __asan_on_error(void)
{
	print_case(stderr);
}

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned int below(uint64_t *s, unsigned int n)
{
	return n ? (unsigned int)(next(s) % n) : 0;
}

static unsigned int lines_of(const char *t, size_t len)
{
	unsigned int n = 1;

	for (size_t i = 0; i < len; i++)
		n += t[i] == '\n';
	return n;
}

static void check_one(const char *text, size_t len)
{
	char err[SIM_SCENARIO_ERR_MAX];
	struct sim_scenario *s;
	unsigned int line, col;
	int n = 0;

	cur_input = text;
	cur_len = len;
	s = sim_scenario_parse("fuzz.sim", text, len, NULL, err, sizeof(err));
	if (s) {
		if (sim_scenario_nr_ops(s) <= 0) {
			print_case(stderr);
			fail_msg("seed 0x%llx %s case %u: parsed without "
				 "operations", (unsigned long long)seed,
				 cur_phase, cur_case);
		}
		sim_scenario_free(s);
		return;
	}
	if (sscanf(err, "fuzz.sim:%u:%u: error: %n", &line, &col, &n) != 2 ||
	    !n || !err[n] || strchr(err, '\n') || line < 1 ||
	    line > lines_of(text, len) || col < 1) {
		print_case(stderr);
		fail_msg("seed 0x%llx %s case %u: malformed message: %s",
			 (unsigned long long)seed, cur_phase, cur_case, err);
	}
}

static void test_fuzz_random_bytes(void **state)
{
	uint64_t rng = seed ^ 1;
	char buf[512];

	cur_phase = "random-bytes";
	for (cur_case = 0; cur_case < 3000; cur_case++) {
		size_t len = below(&rng, sizeof(buf));

		for (size_t i = 0; i < len; i++)
			buf[i] = (char)next(&rng);
		check_one(buf, len);
	}
}

static const char *const tokens[] = {
	"target", "device", "proc", "thread", "expect", "simdev", "pci",
	"platform", "mdev", "0000:00:01.0",
	"0fe5e5a2-3c4b-4a3c-9a1e-2b7e9a0c1d2e", "node", "caps=",
	"SYS_RAWIO", "SYS_ADMIN", ",",
	"proc=", "A", "B", "T", ":", "=", "f", "g", "n", "open", "close",
	"dup", "ioctl", "read", "write", "mmap", "exit", "cat", "ls",
	"readlink", "fstat", "unregister", "GET_ID", "SET_INT", "ECHO",
	"RAWIO", "WAIT", "WAKE", "SIMDEV_", "BADPTR", "NULL", "O_RDWR",
	"O_CLOEXEC", "|", "ok", "EBUSY", "-EFAULT", "ENOENT", "42", "-1",
	"0x", "99999999999999999999", "\"", "\"abc\"", "\\", "\\x", "\\x4",
	"${", "}", "${f}", "${n}", "/dev/simdev/simdev0", "/sys/class/",
	"#", "# expect-failure: ", "assertion", "\n", "\r\n", " ", "\t",
	"\0", "\xff",
};

static void test_fuzz_token_soup(void **state)
{
	uint64_t rng = seed ^ 2;
	char buf[MAX_INPUT];

	cur_phase = "token-soup";
	for (cur_case = 0; cur_case < 3000; cur_case++) {
		unsigned int ntok = 1 + below(&rng, 60);
		size_t len = 0;

		for (unsigned int i = 0; i < ntok; i++) {
			const char *t = tokens[below(&rng, sizeof(tokens) /
						     sizeof(tokens[0]))];
			size_t tl = *t ? strlen(t) : 1;

			if (len + tl + 1 >= sizeof(buf))
				break;
			memcpy(buf + len, t, tl);
			len += tl;
			if (below(&rng, 3) == 0)
				buf[len++] = ' ';
		}
		check_one(buf, len);
	}
}

static const char *const corpus[] = {
	"# SPDX-License-Identifier: GPL-2.0-only\n"
	"target simdev\n"
	"device pci 0000:00:01.0\n"
	"proc A\n"
	"A: n = ls /sys/bus/pci/devices/0000:00:01.0/simdev\n"
	"A: d = cat /sys/class/simdev/${n}/dev\n"
	"A: f = open /dev/simdev/${n}\n"
	"A: fstat f                      expect \"${d}\"\n"
	"A: ioctl f GET_ID               expect 0\n"
	"A: close f\n",

	"# expect-failure: assertion\n"
	"device pci 0000:00:01.0 node shared\n"
	"device platform plat.0\n"
	"proc A caps=SYS_RAWIO,SYS_ADMIN\n"
	"thread A2 proc=A\n"
	"proc B\n"
	"A: f = open /dev/simdev/shared O_RDWR|O_CLOEXEC\n"
	"A2: ioctl f WAIT expect ok|EBADF\n"
	"A: ioctl f SET_INT 42 expect 42|\"42\"\n"
	"A: ioctl f ECHO \"a\\tb\\x41\" expect 3\n"
	"A: ioctl f ECHO BADPTR expect EFAULT\n"
	"A: close f\n"
	"B: g = open /dev/simdev/simdev1 expect ok|ENOENT|ENXIO\n"
	"B: x = read g 16 expect \"simdev1\\n\"\n"
	"B: write g \"data\" expect 4\n"
	"B: mmap g 4096 expect ENODEV\n"
	"B: h = dup g\n"
	"B: unregister plat.0\n"
	"B: readlink /sys/class/simdev/simdev0\n"
	"B: exit\n",
};

static size_t mutate(uint64_t *rng, char *buf, size_t len, size_t cap)
{
	unsigned int n = 1 + below(rng, 4);

	for (unsigned int k = 0; k < n; k++) {
		size_t at = len ? below(rng, len) : 0;
		size_t span = 1 + below(rng, 16);

		switch (below(rng, 6)) {
		case 0:		/* flip a byte */
			if (len)
				buf[at] ^= (char)(1u << below(rng, 8));
			break;
		case 1:		/* a random byte */
			if (len)
				buf[at] = (char)next(rng);
			break;
		case 2:		/* delete a span */
			if (span > len - at)
				span = len - at;
			memmove(buf + at, buf + at + span, len - at - span);
			len -= span;
			break;
		case 3: {	/* insert a token */
			const char *t = tokens[below(rng, sizeof(tokens) /
						    sizeof(tokens[0]))];
			size_t tl = *t ? strlen(t) : 1;

			if (len + tl > cap)
				break;
			memmove(buf + at + tl, buf + at, len - at);
			memcpy(buf + at, t, tl);
			len += tl;
			break;
		}
		case 4:		/* duplicate a span */
			if (span > len - at)
				span = len - at;
			if (len + span > cap)
				break;
			memmove(buf + at + span, buf + at, len - at);
			len += span;
			break;
		case 5:		/* truncate */
			len = at;
			break;
		}
	}
	return len;
}

static void test_fuzz_mutated_scenarios(void **state)
{
	uint64_t rng = seed ^ 3;
	char buf[MAX_INPUT];
	unsigned int parsed = 0;

	/* the corpus itself is valid */
	cur_phase = "corpus";
	for (cur_case = 0; cur_case < sizeof(corpus) / sizeof(corpus[0]);
	     cur_case++) {
		char err[SIM_SCENARIO_ERR_MAX];
		struct sim_scenario *s;

		s = sim_scenario_parse("fuzz.sim", corpus[cur_case],
				       strlen(corpus[cur_case]), NULL, err,
				       sizeof(err));
		if (!s)
			fail_msg("corpus %u: %s", cur_case, err);
		sim_scenario_free(s);
	}
	cur_phase = "mutation";
	for (cur_case = 0; cur_case < NR_MUTATIONS; cur_case++) {
		const char *base = corpus[below(&rng, sizeof(corpus) /
						 sizeof(corpus[0]))];
		size_t len = strlen(base);
		char err[SIM_SCENARIO_ERR_MAX];
		struct sim_scenario *s;

		memcpy(buf, base, len);
		len = mutate(&rng, buf, len, sizeof(buf));
		check_one(buf, len);
		s = sim_scenario_parse("fuzz.sim", buf, len, NULL, err,
				       sizeof(err));
		parsed += s != NULL;
		sim_scenario_free(s);
	}
	/* some mutations must stay valid, or the parser is only rejecting */
	print_message("fuzz: seed 0x%llx: %u of %d mutations parsed\n",
		      (unsigned long long)seed, parsed, NR_MUTATIONS);
	assert_true(parsed > NR_MUTATIONS / 50);
}

/*
 * Mutations that still parse, run once each: whatever a line asks for,
 * the runner and the world answer with an error or a failed expectation
 * (or a deadlock: a WAIT nobody wakes), never a crash, a leak, a WARN or
 * a use after free.
 */
static void test_fuzz_run_mutated_scenarios(void **state)
{
	uint64_t rng = seed ^ 4;
	char buf[MAX_INPUT];
	unsigned int ran = 0;

	cur_phase = "run";
	for (cur_case = 0; cur_case < NR_MUTATIONS && ran < NR_RUNS;
	     cur_case++) {
		const char *base = corpus[below(&rng, sizeof(corpus) /
						 sizeof(corpus[0]))];
		size_t len = strlen(base);
		char err[SIM_SCENARIO_ERR_MAX];
		struct sim_opts o = sim_test_opts();
		struct sim_scenario *s;
		struct sim_result r;

		memcpy(buf, base, len);
		len = mutate(&rng, buf, len, sizeof(buf));
		s = sim_scenario_parse("fuzz.sim", buf, len, NULL, err,
				       sizeof(err));
		if (!s)
			continue;
		cur_input = buf;
		cur_len = len;
		ran++;
		o.isolate = true;
		o.max_bound = 0;
		o.max_executions = 1;
		sim_explore(sim_scenario_program(s), &o, &r);
		sim_scenario_free(s);
		for (unsigned int i = 0; i < r.nfailures; i++) {
			enum sim_fail_kind k = r.failures[i].kind;

			if (k == SIM_FAIL_ASSERT || k == SIM_FAIL_DEADLOCK)
				continue;
			print_case(stderr);
			fail_msg("seed 0x%llx run case %u: %s: %s (%s)",
				 (unsigned long long)seed, cur_case,
				 sim_fail_kind_name(k), r.failures[i].title,
				 r.failures[i].where);
		}
	}
	assert_int_equal(ran, NR_RUNS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_random_bytes),
		cmocka_unit_test(test_fuzz_token_soup),
		cmocka_unit_test(test_fuzz_mutated_scenarios),
		cmocka_unit_test(test_fuzz_run_mutated_scenarios),
	};
	const char *env = getenv("VFIO_SIM_FUZZ_SEED");

	if (env)
		seed = strtoull(env, NULL, 0);
	print_message("fuzz: seed 0x%llx (VFIO_SIM_FUZZ_SEED=0x%llx to "
		      "rerun)\n", (unsigned long long)seed,
		      (unsigned long long)seed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
