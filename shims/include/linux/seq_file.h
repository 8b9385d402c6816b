/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sequential files, as far as a show callback writes them: seq_printf()
 * and seq_puts() append to the buffer of a struct seq_file, truncating
 * (and marking the file overflowed) when it is full.  Nothing in the
 * simulation reads /proc; a test may call a show_fdinfo() callback with a
 * seq_file over its own buffer.
 */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H

#include <linux/compiler.h>
#include <linux/types.h>

struct seq_file {
	char *buf;
	size_t size;
	size_t count;
	void *private;
};

__printf(2, 3)
void seq_printf(struct seq_file *m, const char *fmt, ...);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);

/* The buffer is full: what was written since is lost. */
static inline bool seq_has_overflowed(struct seq_file *m)
{
	return m->count == m->size;
}

#endif /* _LINUX_SEQ_FILE_H */
