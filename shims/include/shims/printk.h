/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel log of the simulation, for tests and reports.
 *
 * printk() appends to a bounded log (64 KiB; when full, later messages
 * are dropped and counted, the oldest are kept).  The log is cleared when
 * an execution begins and kept after it ends, so a test can read what the
 * last execution printed; a failure report prints it after "kernel log:".
 * Outside any exploration printk() appends all the same.
 */
#ifndef _SHIMS_PRINTK_H
#define _SHIMS_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

#define SIM_PRINTK_LOG_SIZE	(64 * 1024)

/* The log: lines of "[T<tid>] message" ("[main] " outside threads). */
const char *sim_printk_log(void);
/* Empty the log (done by the explorer when an execution begins). */
void sim_printk_reset(void);

/*
 * The kernel's vsnprintf(): the C format plus the kernel's %p extensions
 * (%pe error names, %pV, %ph hex dumps, %ps/%pS symbols, %pa, %px ...).
 * Returns the length the whole output needs, like vsnprintf().
 */
int sim_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__attribute__((__format__(printf, 3, 0)));
int sim_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((__format__(printf, 3, 4)));

#endif /* _SHIMS_PRINTK_H */
