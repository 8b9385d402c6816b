/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one way a STUB header (see docs/linux-target.md, "Stubs") reports
 * that the simulation reached something it does not simulate: a WARN,
 * which fails the execution with the call site, never a silent success.
 */
#ifndef _SHIMS_STUB_H
#define _SHIMS_STUB_H

#include <linux/bug.h>

#define SIM_STUB_REACHED(what)						\
	WARN(1, "vfio-sim: %s is a stub: not simulated\n", (what))

#endif /* _SHIMS_STUB_H */
