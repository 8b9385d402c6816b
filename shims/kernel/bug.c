// SPDX-License-Identifier: GPL-2.0-only
/*
 * WARN, BUG and panic: a kernel-shaped report through sim_report(), then
 * the failure of the current execution at the caller's location.  Titles:
 * a WARN's message ("lost update: counter is 1"), or the WARN_ON() call
 * as written ("WARN_ON(!dev)"); "kernel BUG at file:line!" for a BUG.
 */
#include <stdarg.h>
#include <string.h>

#include <linux/bug.h>
#include <linux/panic.h>

#include "shims/printk.h"
#include "sim/sched.h"

#define CUT_HERE	"------------[ cut here ]------------\n"
#define END_TRACE	"---[ end trace 0000000000000000 ]---\n"

static unsigned long taint_mask;

void add_taint(unsigned int flag, enum lockdep_ok lockdep_ok)
{
	if (flag < TAINT_FLAGS_COUNT)
		taint_mask |= 1UL << flag;
}

int test_taint(unsigned int flag)
{
	return flag < TAINT_FLAGS_COUNT && (taint_mask & (1UL << flag));
}

unsigned long get_taint(void)
{
	return taint_mask;
}

/* The kernel's one-letter taint codes, in flag order. */
static const char taint_letters[TAINT_FLAGS_COUNT + 1] =
	"PFSRMBUDAWCIOELKXTN";

static void report_task(void)
{
	int tid = sim_current_tid();

	sim_report("CPU: 0 PID: %d Comm: %s ", tid, sim_thread_name(tid));
	if (!taint_mask) {
		sim_report("Not tainted\n");
		return;
	}
	sim_report("Tainted: ");
	for (int i = 0; i < TAINT_FLAGS_COUNT; i++)
		if (taint_mask & (1UL << i))
			sim_report("[%c]", taint_letters[i]);
	sim_report("\n");
}

/* @msg without its trailing newline, for titles. */
static void chomp(char *msg)
{
	size_t n = strlen(msg);

	while (n && msg[n - 1] == '\n')
		msg[--n] = 0;
}

static void __noreturn warn(const struct sim_loc *loc, const char *msg)
{
	const char *what = msg ? msg : loc->expr ? loc->expr : "WARN";

	sim_report(CUT_HERE);
	if (msg)
		sim_report("%s\n", msg);
	sim_report("WARNING: CPU: 0 PID: %d at %s:%d %s\n",
		   sim_current_tid(), loc->file, loc->line, loc->func);
	report_task();
	sim_report(END_TRACE);
	add_taint(TAINT_WARN, LOCKDEP_STILL_OK);
	/*
	 * The title is the message, or the macro call as written: the
	 * failure's kind ("warning") and location are reported beside it.
	 */
	sim_fail(SIM_FAIL_WARN, loc, "%s", what);
}

void __sim_warn(const struct sim_loc *loc)
{
	warn(loc, NULL);
}

void __sim_warn_printf(const struct sim_loc *loc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	sim_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	chomp(msg);
	warn(loc, msg);
}

/* @title names the failure; @detail, if any, is printed before the BUG. */
void __sim_bug_titled(const struct sim_loc *loc, const char *title,
		      const char *detail)
{
	if (detail)
		sim_report("%s\n", detail);
	sim_report(CUT_HERE);
	sim_report("kernel BUG at %s:%d!\n", loc->file, loc->line);
	sim_report("Oops: invalid opcode: 0000 [#1] SMP\n");
	report_task();
	sim_report(END_TRACE);
	if (title)
		sim_fail(SIM_FAIL_BUG, loc, "%s", title);
	sim_fail(SIM_FAIL_BUG, loc, "kernel BUG at %s:%d!", loc->file,
		 loc->line);
}

void __sim_bug(const struct sim_loc *loc)
{
	__sim_bug_titled(loc, NULL, NULL);
}

void __sim_bug_printf(const struct sim_loc *loc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	sim_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	chomp(msg);
	__sim_bug_titled(loc, msg, msg);
}

void __sim_panic(const struct sim_loc *loc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	sim_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	chomp(msg);
	sim_report("Kernel panic - not syncing: %s\n", msg);
	report_task();
	sim_report("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	sim_fail(SIM_FAIL_BUG, loc, "Kernel panic - not syncing: %s", msg);
}

static void bug_begin(void)
{
	taint_mask = 0;
}

static bool bug_snapshot(void)
{
	SIM_SNAPSHOT_KEEP(taint_mask);
	return true;
}

static struct sim_exec_hook bug_hook = {
	.name = "bug",
	.order = SIM_HOOK_BUG,
	.begin = bug_begin,
	.snapshot = bug_snapshot,
};

static void __attribute__((constructor)) bug_init(void)
{
	sim_register_exec_hook(&bug_hook);
}
