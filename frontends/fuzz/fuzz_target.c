// SPDX-License-Identifier: GPL-2.0-only
/*
 * The libFuzzer target (clang, -DVFIO_SIM_FUZZ=ON): every input is
 * decoded into a scenario and run once (fuzz.h).  The target is chosen by
 * --vfio-target=NAME (libFuzzer leaves flags starting with "--" alone) or
 * $VFIO_FUZZ_TARGET; findings go to --vfio-findings=DIR or
 * $VFIO_FUZZ_FINDINGS (default ./fuzz-findings), one scenario file and
 * schedule per distinct failure.  With $VFIO_FUZZ_ABORT=1 the first
 * finding aborts, so that libFuzzer saves the input as well.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "targets/target.h"

static const struct sim_target *target;
static const char *findings = "fuzz-findings";
static bool abort_on_finding;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *name = NULL, *env;
	char err[256];

	for (int i = 1; i < *argc; i++) {
		const char *a = (*argv)[i];

		if (!strncmp(a, "--vfio-target=", 14))
			name = a + 14;
		else if (!strncmp(a, "--vfio-findings=", 16))
			findings = a + 16;
	}
	env = getenv(VF_ENV_FINDINGS);
	if (env && *env)
		findings = env;
	env = getenv("VFIO_FUZZ_ABORT");
	abort_on_finding = env && !strcmp(env, "1");
	target = vf_target(name, err, sizeof(err));
	if (!target) {
		fprintf(stderr, "fuzz-vfio: %s\n", err);
		exit(2);
	}
	fprintf(stderr, "fuzz-vfio: target %s, findings in %s/\n",
		target->name, findings);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int before = vf_nr_findings();
	struct vf_result r;

	vf_one_input(data, size, target, findings, stderr, &r);
	if (abort_on_finding && vf_nr_findings() != before)
		abort();
	return 0;
}
