/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the decoder (decode.c) writes a program: as scenario text
 * (--emit, findings, minimisation), or straight into a struct
 * sim_scenario through world/scenario_build.h (every input the fuzzer
 * runs), or both.  The decoder makes each decision once and says it here
 * once; emit.c writes it in the forms asked for, so that the text and the
 * scenario cannot disagree (tests/fuzz/test_decode_build.c checks they do
 * not: the scenario equals the text parsed).
 */
#ifndef _VFIO_FUZZ_EMIT_H
#define _VFIO_FUZZ_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "world/scenario_build.h"

#define VF_SRC_MAX	512	/* an operation's text */

struct vf_out {
	/* text */
	bool want_text;
	char *text;
	size_t len, cap;
	/* the scenario */
	struct sim_scenario_builder sb;
	struct sim_scenario *s;
	bool failed;			/* out of memory, a builder error */
	char *err;
	size_t errlen;
	/* the operation line being written */
	struct sim_scenario_op op;
	char assign[16];
	char src[VF_SRC_MAX];
	size_t src_len;
};

/* @text, @scenario: the forms wanted.  0, or -1 out of memory. */
int vf_out_init(struct vf_out *o, const struct sim_target *t, bool text,
		bool scenario, char *err, size_t errlen);
void vf_out_device(struct vf_out *o, enum sim_bus bus, const char *name,
		   int nkeys, const char *const *keys,
		   const char *const *values);
void vf_out_param(struct vf_out *o, const char *module, const char *name,
		  const char *value);
/* @caps: a mask of 1ull << SIM_CAP_* */
void vf_out_proc(struct vf_out *o, const char *name, uint64_t caps);
void vf_out_thread(struct vf_out *o, const char *name, int proc,
		   const char *proc_name);

/*
 * An operation line of thread @th: start it (the operation's fields
 * zero, no fd, no variable set), append its text piece by piece (the
 * strings up to NULL) while filling o->op, then end it ("expect any").
 */
void vf_line_start(struct vf_out *o, enum sim_scenario_op_kind kind, int th);
void vf_src(struct vf_out *o, ...) __attribute__((sentinel));
void vf_line_end(struct vf_out *o, const char *thread_name);

/* Done: 0, or -1 (then nothing is left to free). */
int vf_out_finish(struct vf_out *o);

#endif /* _VFIO_FUZZ_EMIT_H */
