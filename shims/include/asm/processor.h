/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _ASM_X86_PROCESSOR_H
#define _ASM_X86_PROCESSOR_H

#include "sim/sched.h"

/*
 * The pause in a busy-wait loop: a voluntary yield, so that the thread
 * being waited for runs (and the explorer does not count a preemption).
 */
#define cpu_relax()	sim_yield(SIM_HERE)

#endif /* _ASM_X86_PROCESSOR_H */
