// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel log.  printk() formats with the kernel's format, strips the
 * level header and appends one "[T<tid>] " prefixed line per line of the
 * message to a bounded buffer that lives for one execution: cleared when
 * the next begins, printed in the failure report of the one it belongs
 * to, readable by tests afterwards.
 *
 * A message without a trailing newline leaves its line open; a KERN_CONT
 * message from the same thread continues it, anything else closes it
 * first, as the kernel does.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/printk.h>

#include "shims/printk.h"
#include "sim/sched.h"

/* Longest message; the kernel's limit is about the same. */
#define PRINTK_MESSAGE_MAX	1024
/* Room kept after the log for the note that messages were dropped. */
#define PRINTK_NOTE_ROOM	96

static char log_buf[SIM_PRINTK_LOG_SIZE + PRINTK_NOTE_ROOM];
static size_t log_len;
static bool log_full;
static unsigned long log_dropped;
static bool line_open;		/* the last line has no newline yet */
static int line_tid;		/* who printed it */

void sim_printk_reset(void)
{
	log_len = 0;
	log_buf[0] = 0;
	log_full = false;
	log_dropped = 0;
	line_open = false;
}

const char *sim_printk_log(void)
{
	return log_buf;
}

/* Count a message that did not fit, in the note after the log. */
static void drop(void)
{
	log_full = true;
	log_dropped++;
	snprintf(log_buf + log_len, PRINTK_NOTE_ROOM,
		 "[kernel log full: %lu later message%s dropped]\n",
		 log_dropped, log_dropped == 1 ? "" : "s");
}

/* Append @n bytes of @s; false when they do not fit. */
static bool append(const char *s, size_t n)
{
	if (log_full || log_len + n > SIM_PRINTK_LOG_SIZE)
		return false;
	memcpy(log_buf + log_len, s, n);
	log_len += n;
	log_buf[log_len] = 0;
	return true;
}

static size_t format_prefix(char *buf, size_t size, int tid)
{
	if (tid < 0)
		return snprintf(buf, size, "[main] ");
	return snprintf(buf, size, "[T%d] ", tid);
}

/*
 * Store @text, @cont when it continues the open line.  The whole message
 * goes in or none of it: a truncated log stays line-aligned.
 */
static void store(const char *text, bool cont)
{
	char out[PRINTK_MESSAGE_MAX * 2];
	size_t n = 0;
	int tid = sim_current_tid();
	const char *p = text;

	if (log_full) {
		drop();
		return;
	}
	if (line_open && (!cont || tid != line_tid)) {
		out[n++] = '\n';
		line_open = false;
	}
	if (!*p) {
		if (n && !append(out, n))
			drop();
		return;
	}
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p + 1) : strlen(p);

		if (!line_open)
			n += format_prefix(out + n, sizeof(out) - n, tid);
		if (len > sizeof(out) - n - 1)
			len = sizeof(out) - n - 1;
		memcpy(out + n, p, len);
		n += len;
		p += len;
		line_open = out[n - 1] != '\n';
		if (n >= sizeof(out) - 16)
			break;
	}
	line_tid = tid;
	if (!append(out, n))
		drop();
}

int vprintk(const char *fmt, va_list args)
{
	char text[PRINTK_MESSAGE_MAX];
	const char *msg = text;
	bool cont = false;
	int level;
	int n;

	n = sim_vsnprintf(text, sizeof(text), fmt, args);
	if (n < 0)
		return n;
	if (n >= (int)sizeof(text))
		n = sizeof(text) - 1;
	/* the level may come from an argument too ("%s", KERN_ERR) */
	while ((level = printk_get_level(msg))) {
		if (level == 'c')
			cont = true;
		msg += 2;
		n -= 2;
	}
	/*
	 * Not a dependency for partial-order reduction (sim_note_access()):
	 * the log is shown in reports and decides no verdict, so two
	 * threads' lines may land in either order.
	 */
	store(msg, cont);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void dump_stack_lvl(const char *log_lvl)
{
	int tid = sim_current_tid();

	printk("%sCPU: 0 PID: %d Comm: %s\n", log_lvl, tid,
	       sim_thread_name(tid));
	printk("%sCall Trace: see the execution trace\n", log_lvl);
}

void dump_stack(void)
{
	dump_stack_lvl(KERN_DEFAULT);
}

/* --- per-execution hook -------------------------------------------------- */

static void printk_begin(void)
{
	sim_printk_reset();
}

/* The set-up's messages: the log up to its end. */
static bool printk_snapshot(void)
{
	sim_snapshot_keep(log_buf, log_len + 1);
	SIM_SNAPSHOT_KEEP(log_len);
	SIM_SNAPSHOT_KEEP(log_full);
	SIM_SNAPSHOT_KEEP(log_dropped);
	SIM_SNAPSHOT_KEEP(line_open);
	SIM_SNAPSHOT_KEEP(line_tid);
	return true;
}

static void printk_dump(FILE *out)
{
	const char *p = log_buf;

	if (!log_len && !log_dropped)
		return;
	fprintf(out, "kernel log:\n");
	while (*p) {
		const char *eol = strchr(p, '\n');
		int len = eol ? (int)(eol - p) : (int)strlen(p);

		fprintf(out, "  %.*s\n", len, p);
		p += len + (eol ? 1 : 0);
	}
}

static struct sim_exec_hook printk_hook = {
	.name = "printk",
	.order = SIM_HOOK_PRINTK,
	.begin = printk_begin,
	.dump = printk_dump,
	.snapshot = printk_snapshot,
};

static void __attribute__((constructor)) printk_init(void)
{
	sim_register_exec_hook(&printk_hook);
}
