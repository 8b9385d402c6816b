// SPDX-License-Identifier: GPL-2.0-only
/*
 * seq_printf() and friends over a caller's buffer (<linux/seq_file.h>):
 * an overflow fills the buffer, which seq_has_overflowed() then reports.
 */
#include <stdarg.h>
#include <string.h>

#include <linux/seq_file.h>

#include "shims/printk.h"	/* sim_vsnprintf(): the kernel's formats */

static void seq_append(struct seq_file *m, const char *s, size_t len)
{
	size_t room = m->size - m->count;

	if (len >= room) {
		/* as the kernel's seq_file: an overflow marks it full */
		memcpy(m->buf + m->count, s, room);
		m->count = m->size;
		return;
	}
	memcpy(m->buf + m->count, s, len);
	m->count += len;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = sim_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(line))
		len = sizeof(line) - 1;	/* longer than any vfio line */
	seq_append(m, line, len);
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_append(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_append(m, &c, 1);
}
