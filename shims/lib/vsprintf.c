// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's printf format on top of the C library's.
 *
 * Conversions are taken one at a time: the standard ones are handed to
 * snprintf() with their arguments fetched here (so the va_list stays in
 * step), and %p with an extension is formatted here the way the kernel
 * does it.  As in the kernel every letter and digit right after %p belongs
 * to the extension, and an unknown extension prints the plain pointer.
 * Plain pointers are printed in full, as with no_hash_pointers.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/err.h>
#include <linux/errname.h>
#include <linux/printk.h>
#include <linux/sprintf.h>
#include <linux/types.h>

#include "shims/printk.h"

struct out {
	char *buf;
	size_t size;
	size_t len;		/* what the whole output needs */
};

static size_t room(const struct out *o)
{
	return o->len < o->size ? o->size - o->len : 0;
}

static void put_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_str(struct out *o, const char *s)
{
	while (*s)
		put_char(o, *s++);
}

static void __printf(2, 3) put_fmt(struct out *o, const char *fmt, ...)
{
	size_t r = room(o);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(r ? o->buf + o->len : NULL, r, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += n;
}

/* A standard conversion, rebuilt in @spec, with up to two '*' values. */
struct conv {
	char spec[32];
	int nstars;
	int star[2];
	int width;		/* -1: none */
};

#define PUT_CONV(o, c, val)						\
	do {								\
		if ((c)->nstars == 2)					\
			put_fmt(o, (c)->spec, (c)->star[0], (c)->star[1], \
				val);					\
		else if ((c)->nstars == 1)				\
			put_fmt(o, (c)->spec, (c)->star[0], val);	\
		else							\
			put_fmt(o, (c)->spec, val);			\
	} while (0)

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J,
	      LEN_BIG_L };

static long long fetch_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
	case LEN_BIG_L:
		return va_arg(*ap, long long);
	case LEN_Z:
		return va_arg(*ap, ssize_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long fetch_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
	case LEN_BIG_L:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static void put_hex_buf(struct out *o, const unsigned char *p, int n,
			char sep)
{
	if (n <= 0)
		n = 1;
	if (n > 64)
		n = 64;
	for (int i = 0; i < n; i++) {
		if (i && sep)
			put_char(o, sep);
		put_fmt(o, "%02x", p[i]);
	}
}

static void put_symbol(struct out *o, const void *ptr, bool offset)
{
	Dl_info info;

	if (dladdr(ptr, &info) && info.dli_sname) {
		put_str(o, info.dli_sname);
		if (offset)
			put_fmt(o, "+0x%lx", (unsigned long)((const char *)ptr -
					(const char *)info.dli_saddr));
		return;
	}
	put_fmt(o, "0x%lx", (unsigned long)ptr);
}

/* %p and its extension @ext (@extlen letters and digits). */
static void put_pointer(struct out *o, const char *ext, size_t extlen,
			const struct conv *c, void *ptr)
{
	char e = extlen ? ext[0] : 0;

	switch (e) {
	case 'e':
		if (IS_ERR(ptr)) {
			const char *name = errname((int)PTR_ERR(ptr));

			if (name)
				put_str(o, name);
			else
				put_fmt(o, "%ld", PTR_ERR(ptr));
			return;
		}
		break;
	case 'x':
	case 'K':
		put_fmt(o, "%016lx", (unsigned long)ptr);
		return;
	}
	if (!ptr) {
		put_str(o, "(null)");
		return;
	}
	switch (e) {
	case 'V': {
		struct va_format *vaf = ptr;
		size_t r = room(o);
		va_list va;

		va_copy(va, *vaf->va);
		o->len += sim_vsnprintf(r ? o->buf + o->len : NULL, r,
					vaf->fmt, va);
		va_end(va);
		return;
	}
	case 'h': {
		char sep = ' ';

		if (extlen > 1)
			sep = ext[1] == 'C' ? ':' : ext[1] == 'D' ? '-' :
			      ext[1] == 'N' ? 0 : ' ';
		put_hex_buf(o, ptr, c->width, sep);
		return;
	}
	case 'a':
		if (extlen > 1 && ext[1] == 'd')
			put_fmt(o, "0x%016llx",
				(unsigned long long)*(dma_addr_t *)ptr);
		else
			put_fmt(o, "0x%016llx",
				(unsigned long long)*(phys_addr_t *)ptr);
		return;
	case 's':
	case 'f':
		put_symbol(o, ptr, false);
		return;
	case 'S':
	case 'F':
	case 'B':
		put_symbol(o, ptr, true);
		return;
	}
	put_fmt(o, "%016lx", (unsigned long)ptr);
}

int sim_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { .buf = buf, .size = buf ? size : 0 };
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		struct conv c = { .nstars = 0, .width = -1 };
		enum length len = LEN_NONE;
		const char *ext;
		size_t n = 0;
		char conv;

		if (*fmt != '%') {
			put_char(&o, *fmt++);
			continue;
		}
		fmt++;
		if (*fmt == '%') {
			put_char(&o, *fmt++);
			continue;
		}
		c.spec[n++] = '%';
		while (*fmt && strchr("-+ #0", *fmt) && n < 8)
			c.spec[n++] = *fmt++;
		if (*fmt == '*') {
			c.spec[n++] = *fmt++;
			c.width = va_arg(ap, int);
			c.star[c.nstars++] = c.width;
		} else if (*fmt >= '0' && *fmt <= '9') {
			c.width = 0;
			while (*fmt >= '0' && *fmt <= '9' && n < 16) {
				c.width = c.width * 10 + (*fmt - '0');
				c.spec[n++] = *fmt++;
			}
		}
		if (*fmt == '.') {
			c.spec[n++] = *fmt++;
			if (*fmt == '*') {
				c.spec[n++] = *fmt++;
				c.star[c.nstars++] = va_arg(ap, int);
			} else {
				while (*fmt >= '0' && *fmt <= '9' && n < 24)
					c.spec[n++] = *fmt++;
			}
		}
		switch (*fmt) {
		case 'h':
			fmt++;
			len = LEN_H;
			if (*fmt == 'h') {
				fmt++;
				len = LEN_HH;
			}
			break;
		case 'l':
			fmt++;
			len = LEN_L;
			if (*fmt == 'l') {
				fmt++;
				len = LEN_LL;
			}
			break;
		case 'z':
		case 'Z':
			fmt++;
			len = LEN_Z;
			break;
		case 't':
			fmt++;
			len = LEN_T;
			break;
		case 'j':
			fmt++;
			len = LEN_J;
			break;
		case 'L':
		case 'q':
			fmt++;
			len = LEN_BIG_L;
			break;
		}
		conv = *fmt;
		if (!conv)
			break;
		fmt++;
		switch (conv) {
		case 'd':
		case 'i':
			strcpy(c.spec + n, "lld");
			PUT_CONV(&o, &c, fetch_signed(&ap, len));
			break;
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			c.spec[n++] = 'l';
			c.spec[n++] = 'l';
			c.spec[n++] = conv;
			c.spec[n] = 0;
			PUT_CONV(&o, &c, fetch_unsigned(&ap, len));
			break;
		case 'c':
			strcpy(c.spec + n, "c");
			PUT_CONV(&o, &c, va_arg(ap, int));
			break;
		case 's':
			strcpy(c.spec + n, "s");
			PUT_CONV(&o, &c, va_arg(ap, const char *));
			break;
		case 'e':
		case 'E':
		case 'f':
		case 'F':
		case 'g':
		case 'G':
		case 'a':
		case 'A':
			if (len == LEN_BIG_L) {
				c.spec[n++] = 'L';
				c.spec[n++] = conv;
				c.spec[n] = 0;
				PUT_CONV(&o, &c, va_arg(ap, long double));
			} else {
				c.spec[n++] = conv;
				c.spec[n] = 0;
				PUT_CONV(&o, &c, va_arg(ap, double));
			}
			break;
		case 'n':
			/* the kernel ignores %n */
			(void)va_arg(ap, void *);
			break;
		case 'p':
			ext = fmt;
			while ((*fmt >= 'a' && *fmt <= 'z') ||
			       (*fmt >= 'A' && *fmt <= 'Z') ||
			       (*fmt >= '0' && *fmt <= '9'))
				fmt++;
			put_pointer(&o, ext, fmt - ext, &c,
				    va_arg(ap, void *));
			break;
		default:
			/* not a conversion: print it as written */
			c.spec[n] = 0;
			put_str(&o, c.spec);
			put_char(&o, conv);
			break;
		}
	}
	va_end(ap);
	if (o.size)
		o.buf[o.len < o.size ? o.len : o.size - 1] = 0;
	return (int)o.len;
}

int sim_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = sim_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n;

	if (!size)
		return 0;
	n = sim_vsnprintf(buf, size, fmt, args);
	return (size_t)n < size ? n : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
