// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tokens of the scenario language and the parser's error messages.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>	/* hex_to_bin() */

#include "parser.h"

#define FOUND_MAX	40	/* characters of a token shown in errors */

static bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

void scn_quote(const char *s, size_t len, char *buf, size_t buflen)
{
	size_t n = 0;
	bool cut = len > FOUND_MAX;

	if (cut)
		len = FOUND_MAX;
	if (buflen < 8) {
		if (buflen)
			buf[0] = 0;
		return;
	}
	buf[n++] = '\'';
	for (size_t i = 0; i < len && n + 8 < buflen; i++) {
		unsigned char c = s[i];

		if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\')
			n += snprintf(buf + n, buflen - n,
				      c == '\'' ? "\\'" : c == '\\' ? "\\\\" :
				      "\\x%02x", c);
		else
			buf[n++] = c;
	}
	if (cut && n + 5 < buflen) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n++] = '\'';
	buf[n] = 0;
}

const char *scn_found(struct parser *ps, const char *at, char *buf,
		      size_t len)
{
	const char *e = at;

	if (at >= ps->le)
		return "end of line";
	if (*at == '"') {
		for (e++; e < ps->le && *e != '"'; e++)
			if (*e == '\\' && e + 1 < ps->le)
				e++;
		if (e < ps->le)
			e++;
	} else {
		while (e < ps->le && !scn_is_blank(*e))
			e++;
	}
	if (e == at)
		e = at + 1;
	scn_quote(at, e - at, buf, len);
	return buf;
}

void scn_error(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (at < ps->lp)
		at = ps->lp;
	if (at > ps->le)
		at = ps->le;
	n = snprintf(ps->err, ps->errlen, "%s:%d:%d: error: ", ps->file,
		     ps->line, (int)(at - ps->lp) + 1);
	if (n >= 0 && (size_t)n < ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
		va_end(ap);
	}
	longjmp(ps->jb, 1);
}

void scn_expected(struct parser *ps, const char *at, const char *what)
{
	char buf[FOUND_MAX * 4 + 16];

	scn_error(ps, at, "expected %s, found %s", what,
		  scn_found(ps, at, buf, sizeof(buf)));
}

void *scn_alloc(struct parser *ps, size_t size)
{
	void *p = scn_arena_alloc(&ps->s->arena, size);

	if (!p)
		scn_error(ps, ps->p, "out of memory");
	return p;
}

char *scn_strndup(struct parser *ps, const char *s, size_t len)
{
	char *p = scn_alloc(ps, len + 1);

	memcpy(p, s, len);
	return p;
}

bool scn_eol(struct parser *ps)
{
	while (ps->p < ps->le && scn_is_blank(*ps->p))
		ps->p++;
	if (ps->p < ps->le && *ps->p == '#')
		ps->p = ps->le;
	return ps->p >= ps->le;
}

static bool ends_token(struct parser *ps, const char *q, const char *stops)
{
	return q >= ps->le || scn_is_blank(*q) ||
	       (stops && *q && strchr(stops, *q));
}

bool scn_peek_name(struct parser *ps, const char **start, size_t *len)
{
	const char *q;

	if (scn_eol(ps) || !is_name_start(*ps->p))
		return false;
	for (q = ps->p; q < ps->le && is_name_char(*q); q++)
		;
	*start = ps->p;
	*len = q - ps->p;
	return true;
}

size_t scn_name(struct parser *ps, const char *what, const char *stops,
		const char **start)
{
	const char *q;

	scn_eol(ps);
	if (ps->p >= ps->le || !is_name_start(*ps->p))
		scn_expected(ps, ps->p, what);
	for (q = ps->p; q < ps->le && is_name_char(*q); q++)
		;
	if (!ends_token(ps, q, stops))
		scn_expected(ps, ps->p, what);
	*start = ps->p;
	ps->p = ps->tok_end = q;
	return q - *start;
}

size_t scn_word(struct parser *ps, const char *what, const char **start)
{
	const char *q;

	if (scn_eol(ps))
		scn_expected(ps, ps->p, what);
	for (q = ps->p; q < ps->le && !scn_is_blank(*q); q++)
		;
	*start = ps->p;
	ps->p = ps->tok_end = q;
	return q - *start;
}

bool scn_peek_word(struct parser *ps, const char *kw)
{
	size_t n = strlen(kw);

	if (scn_eol(ps))
		return false;
	return (size_t)(ps->le - ps->p) >= n && !memcmp(ps->p, kw, n) &&
	       ends_token(ps, ps->p + n, NULL);
}

/* --- text with ${VAR} ---------------------------------------------------- */

static void add_seg(struct parser *ps, struct scn_text *t, int var,
		    const char *lit, size_t len)
{
	struct scn_seg *seg;

	if (var < 0 && !len)
		return;
	/* merge literals: escapes arrive one character at a time */
	if (var < 0 && t->nseg && t->seg[t->nseg - 1].var < 0) {
		struct scn_seg *last = &t->seg[t->nseg - 1];
		char *n = scn_arena_grow(&ps->s->arena, last->lit,
					 last->len + 1, last->len + len + 1);

		if (!n)
			scn_error(ps, ps->p, "out of memory");
		memcpy(n + last->len, lit, len);
		last->len += len;
		n[last->len] = 0;
		last->lit = n;
		return;
	}
	seg = scn_arena_grow(&ps->s->arena, t->seg, t->nseg * sizeof(*seg),
			     (t->nseg + 1) * sizeof(*seg));
	if (!seg)
		scn_error(ps, ps->p, "out of memory");
	t->seg = seg;
	seg = &t->seg[t->nseg++];
	seg->var = var;
	seg->lit = NULL;
	seg->len = 0;
	if (var < 0) {
		seg->lit = scn_strndup(ps, lit, len);
		seg->len = len;
	}
}

/* ${NAME} at the cursor (on the '$'). */
static void var_seg(struct parser *ps, struct scn_text *t)
{
	const char *dollar = ps->p;
	const char *q = ps->p + 2;
	const char *name = q;

	while (q < ps->le && is_name_char(*q))
		q++;
	if (q == name || !is_name_start(*name)) {
		if (q >= ps->le || *q == '"')
			scn_error(ps, dollar, "unterminated ${");
		scn_error(ps, name, "expected a variable name after ${");
	}
	if (q >= ps->le || *q != '}')
		scn_error(ps, dollar, "unterminated ${");
	add_seg(ps, t, scn_var_ref(ps, name, q - name), NULL, 0);
	ps->p = q + 1;
}

static void string_text(struct parser *ps, struct scn_text *t)
{
	const char *open = ps->p;
	size_t total = 0;

	ps->p++;
	for (;;) {
		const char *q = ps->p;
		char c;

		while (q < ps->le && *q != '"' && *q != '\\' &&
		       !(*q == '$' && q + 1 < ps->le && q[1] == '{'))
			q++;
		add_seg(ps, t, -1, ps->p, q - ps->p);
		total += q - ps->p;
		ps->p = q;
		if (q >= ps->le)
			scn_error(ps, open, "unterminated string");
		if (*q == '"') {
			ps->p++;
			break;
		}
		if (*q == '$') {
			var_seg(ps, t);
			continue;
		}
		/* an escape */
		if (q + 1 >= ps->le)
			scn_error(ps, open, "unterminated string");
		switch (q[1]) {
		case 'n':
			c = '\n';
			break;
		case 't':
			c = '\t';
			break;
		case 'r':
			c = '\r';
			break;
		case '\\':
		case '"':
		case '$':
			c = q[1];
			break;
		case 'x': {
			int h = q + 2 < ps->le ? hex_to_bin(q[2]) : -1;
			int l = q + 3 < ps->le ? hex_to_bin(q[3]) : -1;

			if (h < 0 || l < 0)
				scn_error(ps, q, "expected two hex digits "
					  "after \\x");
			c = (char)(h * 16 + l);
			if (!c)
				scn_error(ps, q, "NUL byte in a string");
			ps->p = q + 4;
			add_seg(ps, t, -1, &c, 1);
			total++;
			continue;
		}
		default:
			if ((unsigned char)q[1] > 0x20 &&
			    (unsigned char)q[1] < 0x7f)
				scn_error(ps, q, "unknown escape '\\%c'", q[1]);
			scn_error(ps, q, "unknown escape (backslash, byte "
				  "0x%02x)", (unsigned char)q[1]);
		}
		ps->p = q + 2;
		add_seg(ps, t, -1, &c, 1);
		total++;
	}
	if (total > SCN_MAX_LEN)
		scn_error(ps, open, "string too long (at most %d bytes)",
			  SCN_MAX_LEN);
}

static void bare_text(struct parser *ps, bool stop_bar, struct scn_text *t)
{
	const char *start = ps->p;

	while (ps->p < ps->le && !scn_is_blank(*ps->p) &&
	       !(stop_bar && *ps->p == '|')) {
		const char *q = ps->p;

		while (q < ps->le && !scn_is_blank(*q) &&
		       !(stop_bar && *q == '|') &&
		       !(*q == '$' && q + 1 < ps->le && q[1] == '{'))
			q++;
		add_seg(ps, t, -1, ps->p, q - ps->p);
		ps->p = q;
		if (q < ps->le && *q == '$' && q + 1 < ps->le && q[1] == '{')
			var_seg(ps, t);
	}
	if (ps->p - start > SCN_TEXT_MAX - 1)
		scn_error(ps, start, "word too long (at most %d bytes)",
			  SCN_TEXT_MAX - 1);
}

void scn_text(struct parser *ps, const char *what, bool bare,
	      bool stop_bar, struct scn_text *t)
{
	if (scn_eol(ps))
		scn_expected(ps, ps->p, what);
	if (*ps->p == '"')
		string_text(ps, t);
	else if (bare && !(stop_bar && *ps->p == '|'))
		bare_text(ps, stop_bar, t);
	else
		scn_expected(ps, ps->p, what);
	ps->tok_end = ps->p;
}

/* --- integers ------------------------------------------------------------ */

bool scn_peek_number(struct parser *ps)
{
	const char *q;

	if (scn_eol(ps))
		return false;
	q = ps->p;
	if (*q == '-' && q + 1 < ps->le)
		q++;
	return *q >= '0' && *q <= '9';
}

long scn_number(struct parser *ps, const char *what, const char *stops)
{
	const char *start, *q;
	unsigned long long v = 0;
	bool neg = false, hexa = false, any = false;

	if (!scn_peek_number(ps))
		scn_expected(ps, ps->p, what);
	start = q = ps->p;
	if (*q == '-') {
		neg = true;
		q++;
	}
	if (q + 1 < ps->le && q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
		hexa = true;
		q += 2;
	}
	for (; q < ps->le; q++) {
		int d = hexa ? hex_to_bin(*q) : (*q >= '0' && *q <= '9') ?
					 *q - '0' : -1;

		if (d < 0)
			break;
		any = true;
		if (v > (ULLONG_MAX - d) / (hexa ? 16 : 10))
			v = ULLONG_MAX;
		else
			v = v * (hexa ? 16 : 10) + d;
	}
	if (!any || !ends_token(ps, q, stops))
		scn_expected(ps, start, what);
	if (v > (unsigned long long)LONG_MAX + neg) {
		char buf[FOUND_MAX * 4 + 16];

		scn_quote(start, q - start, buf, sizeof(buf));
		scn_error(ps, start, "integer %s out of range", buf);
	}
	ps->p = ps->tok_end = q;
	return neg ? (long)(0 - v) : (long)v;
}

/* --- variables ----------------------------------------------------------- */

int scn_var_find(const struct sim_scenario *s, const char *name, size_t len)
{
	for (int i = 0; i < s->nvars; i++)
		if (!strncmp(s->vars[i].name, name, len) &&
		    !s->vars[i].name[len])
			return i;
	return -1;
}

int scn_var_ref(struct parser *ps, const char *at, size_t len)
{
	int v = scn_var_find(ps->s, at, len);

	if (v < 0)
		scn_error(ps, at, "undefined variable %.*s", (int)len, at);
	return v;
}
