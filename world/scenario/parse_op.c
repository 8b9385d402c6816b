// SPDX-License-Identifier: GPL-2.0-only
/*
 * Operation lines: THREAD: [VAR =] OP ARGS [expect OUTCOME[|OUTCOME...]],
 * checked against the thread's process, the variables set on earlier
 * lines and the target's ioctl and driver-operation tables.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"

static const struct {
	const char *name;
	enum scn_op_kind kind;
} builtin_ops[] = {
	{ "open", SCN_OPEN },
	{ "close", SCN_CLOSE },
	{ "dup", SCN_DUP },
	{ "ioctl", SCN_IOCTL },
	{ "read", SCN_READ },
	{ "write", SCN_WRITE },
	{ "mmap", SCN_MMAP },
	{ "exit", SCN_EXIT },
	{ "cat", SCN_CAT },
	{ "ls", SCN_LS },
	{ "readlink", SCN_READLINK },
	{ "fstat", SCN_FSTAT },
	{ "dropcaps", SCN_DROPCAPS },
};

static const struct {
	const char *name;
	long value;
	bool mode;
} open_flags[] = {
	{ "O_RDONLY", O_RDONLY, true },
	{ "O_WRONLY", O_WRONLY, true },
	{ "O_RDWR", O_RDWR, true },
	{ "O_CLOEXEC", O_CLOEXEC, false },
	{ "O_NONBLOCK", O_NONBLOCK, false },
};

const char *scn_op_name(const struct scn_op *op)
{
	if (op->kind == SCN_DRIVER)
		return op->dop->name;
	for (int i = 0; i < ARRAY_LEN(builtin_ops); i++)
		if (builtin_ops[i].kind == op->kind)
			return builtin_ops[i].name;
	return "?";
}

/* An fd: a variable holding one of this thread's process, or a number. */
static void parse_fd(struct parser *ps, struct scn_op *op)
{
	struct sim_scenario *s = ps->s;
	const char *name;
	struct scn_var *v;
	size_t len;

	if (scn_peek_number(ps)) {
		op->fdnum = scn_number(ps, "a variable or an fd number", NULL);
		return;
	}
	len = scn_name(ps, "a variable", NULL, &name);
	op->fdvar = scn_var_ref(ps, name, len);
	v = &s->vars[op->fdvar];
	if (v->type != SCN_VAR_FD)
		scn_error(ps, name, "variable %s is not a file descriptor "
			  "(set at line %d)", v->name, v->line);
	if (v->proc != s->threads[op->thread].proc)
		scn_error(ps, name, "variable %s is a file descriptor of "
			  "process %s, not of %s", v->name,
			  s->procs[v->proc].name,
			  s->procs[s->threads[op->thread].proc].name);
}

static void parse_open_flags(struct parser *ps, struct scn_op *op)
{
	static const char what[] =
		"an open flag (O_RDONLY, O_WRONLY, O_RDWR, O_CLOEXEC, "
		"O_NONBLOCK)";
	const char *mode_at = NULL;
	long flags = 0;

	op->num = O_RDWR;
	if (scn_eol(ps) || scn_peek_word(ps, "expect"))
		return;
	if (ps->le - ps->p < 2 || memcmp(ps->p, "O_", 2))
		scn_expected(ps, ps->p, "open flags (O_RDONLY, O_WRONLY, "
			     "O_RDWR, O_CLOEXEC, O_NONBLOCK), expect or end "
			     "of line");
	for (;;) {
		const char *f;
		size_t len;
		int i;

		len = scn_name(ps, what, "|", &f);
		for (i = 0; i < ARRAY_LEN(open_flags); i++)
			if (scn_word_is(f, len, open_flags[i].name))
				break;
		if (i == ARRAY_LEN(open_flags)) {
			char buf[128];

			scn_quote(f, len, buf, sizeof(buf));
			scn_error(ps, f, "unknown open flag %s (expected "
				  "O_RDONLY, O_WRONLY, O_RDWR, O_CLOEXEC or "
				  "O_NONBLOCK)", buf);
		}
		if (open_flags[i].mode) {
			if (mode_at)
				scn_error(ps, f, "conflicting access modes");
			mode_at = f;
		}
		flags |= open_flags[i].value;
		if (ps->p >= ps->le || *ps->p != '|')
			break;
		ps->p++;
		if (ps->p >= ps->le || scn_is_blank(*ps->p))
			scn_expected(ps, ps->p, what);
	}
	if (!mode_at)
		flags |= O_RDWR;
	op->num = flags;
}

static long parse_len(struct parser *ps)
{
	const char *at;
	long n;

	scn_eol(ps);
	at = ps->p;
	n = scn_number(ps, "a length", NULL);
	if (n < 0 || n > SCN_MAX_LEN)
		scn_error(ps, at, "length %ld out of range (0 to %d)", n,
			  SCN_MAX_LEN);
	return n;
}

static bool arg_ends(struct parser *ps)
{
	return scn_eol(ps) || scn_peek_word(ps, "expect") ||
	       scn_peek_word(ps, "READONLY");
}

/*
 * READONLY after an ioctl's argument: the argument is placed in user
 * memory the kernel can read but not write, so that what the ioctl
 * copies back faults (-EFAULT after the work is done).
 */
static void parse_readonly(struct parser *ps, struct scn_op *op)
{
	const struct sim_ioctl *io = op->ioctl;
	const char *at, *name;

	if (!scn_peek_word(ps, "READONLY"))
		return;
	at = ps->p;	/* the peek went past the blanks */
	scn_name(ps, "READONLY", NULL, &name);
	if (io->arg == SIM_IOCTL_NONE || io->arg == SIM_IOCTL_INT ||
	    op->arg.kind == SCN_ARG_BADPTR || op->arg.kind == SCN_ARG_NULL)
		scn_error(ps, at, "READONLY: the argument of ioctl %s is not "
			  "in memory", io->name);
	op->arg.readonly = true;
}

static const struct sim_symbol *find_symbol(const struct sim_ioctl *io,
					    const char *name, size_t len)
{
	for (const struct sim_symbol *sym = io->symbols; sym && sym->name;
	     sym++)
		if (scn_word_is(name, len, sym->name))
			return sym;
	return NULL;
}

/*
 * A literal string argument the target reads as fields: checked now (one
 * built from variables is the run's business).
 */
static void check_string_arg(struct parser *ps, const struct sim_ioctl *io,
			     const struct scn_text *t, const char *at)
{
	char buf[SCN_MAX_LEN], err[160];
	size_t n = 0;

	if (!io->check)
		return;
	for (int i = 0; i < t->nseg; i++) {
		if (t->seg[i].var >= 0)
			return;
		if (t->seg[i].len >= sizeof(buf) - n)
			return;
		memcpy(buf + n, t->seg[i].lit, t->seg[i].len);
		n += t->seg[i].len;
	}
	buf[n] = 0;
	if (io->check(io, buf, err, sizeof(err)))
		scn_error(ps, at, "bad argument for ioctl %s: %s", io->name,
			  err);
}

/* @s appended at @buf[*n], cut as snprintf() cuts at @len. */
static void append(char *buf, size_t len, size_t *n, const char *s)
{
	size_t l = strlen(s);

	if (l > len - 1 - *n)
		l = len - 1 - *n;
	memcpy(buf + *n, s, l);
	*n += l;
	buf[*n] = 0;
}

/*
 * "@pre for ioctl NAME" in @buf, as snprintf() would write it, without
 * its cost: the text is only read when the argument is wrong.
 */
static void what_for(char *buf, size_t len, const char *pre,
		     const char *name)
{
	size_t n = 0;

	append(buf, len, &n, pre);
	append(buf, len, &n, " for ioctl ");
	append(buf, len, &n, name);
}

static void parse_ioctl_arg(struct parser *ps, struct scn_op *op)
{
	struct sim_scenario *s = ps->s;
	const struct sim_ioctl *io = op->ioctl;
	struct scn_arg *a = &op->arg;
	char what[160];
	const char *name;
	size_t len;

	switch (io->arg) {
	case SIM_IOCTL_NONE:
		if (!arg_ends(ps)) {
			char buf[128];

			scn_error(ps, ps->p, "ioctl %s takes no argument, "
				  "found %s", io->name,
				  scn_found(ps, ps->p, buf, sizeof(buf)));
		}
		return;
	case SIM_IOCTL_STRUCT:
		/* nothing (the table's structure), BADPTR or NULL */
		if (arg_ends(ps))
			return;
		what_for(what, sizeof(what), "nothing, BADPTR or NULL",
			 io->name);
		if (!scn_peek_name(ps, &name, &len))
			scn_expected(ps, ps->p, what);
		scn_name(ps, what, NULL, &name);
		if (scn_word_is(name, len, "BADPTR"))
			a->kind = SCN_ARG_BADPTR;
		else if (scn_word_is(name, len, "NULL"))
			a->kind = SCN_ARG_NULL;
		else
			scn_expected(ps, name, what);
		return;
	case SIM_IOCTL_STRING:
		what_for(what, sizeof(what), "a \"string\", BADPTR or NULL",
			 io->name);
		if (arg_ends(ps))
			scn_expected(ps, ps->p, what);
		if (*ps->p == '"') {
			const char *at = ps->p;

			a->kind = SCN_ARG_TEXT;
			scn_text(ps, what, false, false, &a->text);
			check_string_arg(ps, io, &a->text, at);
			return;
		}
		break;
	case SIM_IOCTL_INT:
		what_for(what, sizeof(what), "an integer, a symbol or a "
			 "variable", io->name);
		break;
	case SIM_IOCTL_INT_PTR:
		what_for(what, sizeof(what), "an integer, a variable, BADPTR "
			 "or NULL", io->name);
		break;
	case SIM_IOCTL_FD_PTR:
		what_for(what, sizeof(what), "an fd variable, an integer, "
			 "BADPTR or NULL", io->name);
		break;
	}
	if (arg_ends(ps))
		scn_expected(ps, ps->p, what);
	if (io->arg != SIM_IOCTL_STRING && scn_peek_number(ps)) {
		a->kind = SCN_ARG_NUM;
		a->num = scn_number(ps, what, NULL);
		return;
	}
	if (!scn_peek_name(ps, &name, &len))
		scn_expected(ps, ps->p, what);
	scn_name(ps, what, NULL, &name);
	if (io->arg != SIM_IOCTL_INT && scn_word_is(name, len, "BADPTR")) {
		a->kind = SCN_ARG_BADPTR;
		return;
	}
	if (io->arg != SIM_IOCTL_INT && scn_word_is(name, len, "NULL")) {
		a->kind = SCN_ARG_NULL;
		return;
	}
	if (io->arg == SIM_IOCTL_STRING)
		scn_expected(ps, name, what);
	if (io->arg == SIM_IOCTL_INT) {
		const struct sim_symbol *sym = find_symbol(io, name, len);

		if (sym) {
			a->kind = SCN_ARG_NUM;
			a->num = sym->value;
			return;
		}
		if (scn_var_find(s, name, len) < 0)
			scn_error(ps, name, "unknown symbol or variable '%.*s' "
				  "for ioctl %s", (int)len, name, io->name);
	}
	a->kind = SCN_ARG_VAR;
	a->var = scn_var_ref(ps, name, len);
	if (io->arg == SIM_IOCTL_FD_PTR) {
		struct scn_var *v = &s->vars[a->var];

		if (v->type != SCN_VAR_FD)
			scn_error(ps, name, "variable %s is not a file "
				  "descriptor (set at line %d)", v->name,
				  v->line);
		if (v->proc != s->threads[op->thread].proc)
			scn_error(ps, name, "variable %s is a file descriptor "
				  "of process %s, not of %s", v->name,
				  s->procs[v->proc].name,
				  s->procs[s->threads[op->thread].proc].name);
	}
}

static void parse_ioctl(struct parser *ps, struct scn_op *op)
{
	const struct sim_target *t = scn_target(ps);
	const char *name;
	size_t len;
	char *n;

	parse_fd(ps, op);
	if (scn_peek_number(ps)) {
		/* a raw command: an optional integer argument by value */
		struct sim_ioctl *raw = scn_alloc(ps, sizeof(*raw));
		const char *at = ps->p;
		long cmd;

		op->raw_ioctl = raw;	/* the scenario frees it */
		op->ioctl = raw;
		cmd = scn_number(ps, "an ioctl name or number", NULL);
		if (cmd < 0 || cmd > 0xffffffffl)
			scn_error(ps, at, "ioctl number %ld out of range", cmd);
		raw->name = op->raw_name = scn_strndup(ps, at, ps->p - at);
		raw->cmd = (unsigned int)cmd;
		raw->arg = SIM_IOCTL_INT;
		if (!arg_ends(ps))
			parse_ioctl_arg(ps, op);
		parse_readonly(ps, op);
		return;
	}
	len = scn_name(ps, "an ioctl name or number", NULL, &name);
	n = scn_strndup(ps, name, len);
	op->ioctl = sim_target_find_ioctl(t, n);
	if (!op->ioctl)
		scn_error(ps, name, "unknown ioctl %.*s for target %s",
			  (int)len, name, t->name);
	parse_ioctl_arg(ps, op);
	parse_readonly(ps, op);
}

static void parse_driver_arg(struct parser *ps, struct scn_op *op)
{
	struct sim_scenario *s = ps->s;
	const struct sim_driver_op *d = op->dop;
	const char *name;
	char what[128];
	size_t len;

	switch (d->arg) {
	case SIM_DRIVER_NONE:
		return;
	case SIM_DRIVER_INT:
		snprintf(what, sizeof(what), "an integer for %s", d->name);
		op->arg.kind = SCN_ARG_NUM;
		op->arg.num = scn_number(ps, what, NULL);
		return;
	case SIM_DRIVER_STRING:
		snprintf(what, sizeof(what), "a \"string\" for %s", d->name);
		op->arg.kind = SCN_ARG_TEXT;
		scn_text(ps, what, false, false, &op->arg.text);
		return;
	case SIM_DRIVER_DEVICE:
		if (arg_ends(ps))
			scn_expected(ps, ps->p, "a device name");
		len = scn_word(ps, "a device name", &name);
		op->arg.kind = SCN_ARG_NUM;
		op->arg.num = scn_find_device(s, name, len);
		if (op->arg.num < 0) {
			char buf[128];

			scn_quote(name, len, buf, sizeof(buf));
			if (op->arg.num == -2)
				scn_error(ps, name, "ambiguous device %s: "
					  "devices on several buses have that "
					  "name (write BUS/NAME)", buf);
			scn_error(ps, name, "unknown device %s", buf);
		}
		return;
	}
}

static void parse_args(struct parser *ps, struct scn_op *op)
{
	switch (op->kind) {
	case SCN_OPEN:
		scn_text(ps, "a path", true, false, &op->path);
		parse_open_flags(ps, op);
		break;
	case SCN_CLOSE:
	case SCN_DUP:
	case SCN_FSTAT:
		parse_fd(ps, op);
		break;
	case SCN_IOCTL:
		parse_ioctl(ps, op);
		break;
	case SCN_READ:
	case SCN_MMAP:
		parse_fd(ps, op);
		op->num = parse_len(ps);
		break;
	case SCN_WRITE:
		parse_fd(ps, op);
		scn_text(ps, "a \"string\"", false, false, &op->path);
		break;
	case SCN_EXIT:
		break;
	case SCN_DROPCAPS:
		op->num = (long)scn_parse_caps(ps);
		break;
	case SCN_CAT:
	case SCN_LS:
	case SCN_READLINK:
		scn_text(ps, "a path", true, false, &op->path);
		break;
	case SCN_DRIVER:
		parse_driver_arg(ps, op);
		break;
	}
}

/*
 * Whether squeeze() would copy @s as it is: every blank is one space
 * between two other characters (inside a string or not).
 */
static bool squeezed(const char *s, size_t len)
{
	if (!len)
		return true;
	if (s[0] == ' ' || s[len - 1] == ' ')
		return false;
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] > ' ')
			continue;
		if (s[i] != ' ' || s[i + 1] == ' ' || scn_is_blank(s[i + 1]))
			return false;
	}
	return true;
}

/* @len bytes at @s, with each run of blanks outside strings as one space. */
static char *squeeze(struct parser *ps, const char *s, size_t len)
{
	char *out = scn_alloc(ps, len + 1);
	bool quoted = false;
	size_t n = 0;

	if (squeezed(s, len)) {
		memcpy(out, s, len);
		return out;
	}

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (quoted && c == '\\' && i + 1 < len) {
			out[n++] = c;
			out[n++] = s[++i];
			continue;
		}
		if (c == '"')
			quoted = !quoted;
		if (!quoted && scn_is_blank(c)) {
			if (n && out[n - 1] != ' ')
				out[n++] = ' ';
			continue;
		}
		out[n++] = c;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = 0;
	return out;
}

static void parse_outcome(struct parser *ps, struct scn_outcome *o)
{
	static const char what[] = "an outcome (ok, an errno name, an "
				   "integer or a \"string\")";
	const char *start;

	if (scn_eol(ps))
		scn_expected(ps, ps->p, what);
	start = ps->p;
	if (*ps->p == '"') {
		o->kind = SCN_OUT_STRING;
		scn_text(ps, what, false, false, &o->text);
	} else if (scn_peek_number(ps)) {
		o->kind = SCN_OUT_INT;
		o->value = scn_number(ps, what, "|");
	} else {
		const char *name = ps->p;
		size_t len;

		if (*name == '-')
			name++;
		ps->p = name;
		if (ps->p >= ps->le || *ps->p == '|')
			scn_expected(ps, start, what);
		len = scn_name(ps, what, "|", &name);
		if (scn_word_is(name, len, "ok") && name == start) {
			o->kind = SCN_OUT_OK;
		} else if (scn_word_is(name, len, "any") && name == start) {
			o->kind = SCN_OUT_ANY;
		} else if (name[0] == 'E') {
			char *n = scn_strndup(ps, name, len);

			o->kind = SCN_OUT_ERRNO;
			o->value = scn_errno_parse(n);
			if (!o->value)
				scn_error(ps, name, "unknown errno name %.*s",
					  (int)len, name);
		} else {
			scn_expected(ps, start, what);
		}
	}
	o->src = scn_strndup(ps, start, ps->p - start);
}

static void parse_expect(struct parser *ps, struct scn_op *op)
{
	const char *start;

	ps->p += strlen("expect");
	scn_eol(ps);
	start = ps->p;
	for (;;) {
		const char *end;

		if (op->noutcomes == SCN_MAX_OUTCOMES)
			scn_error(ps, ps->p, "too many outcomes (at most %d)",
				  SCN_MAX_OUTCOMES);
		parse_outcome(ps, &op->out[op->noutcomes++]);
		end = ps->p;
		if (scn_eol(ps)) {
			op->expect_src = squeeze(ps, start, end - start);
			return;
		}
		if (*ps->p != '|')
			scn_expected(ps, ps->p, "'|' or end of line");
		ps->p++;
	}
}

struct scn_op *scn_op_append(struct sim_scenario *s, int *cap)
{
	struct scn_op *op;

	if (s->nops == *cap) {
		int n = *cap ? *cap * 2 : 32;

		op = realloc(s->ops, n * sizeof(*op));
		if (!op)
			return NULL;
		s->ops = op;
		*cap = n;
	}
	op = &s->ops[s->nops++];
	memset(op, 0, sizeof(*op));
	op->assign = -1;
	op->fdvar = -1;
	op->arg.var = -1;
	return op;
}

static struct scn_op *new_op(struct parser *ps)
{
	struct scn_op *op;

	if (ps->s->nops == SCN_MAX_OPS)
		scn_error(ps, ps->p, "too many operations (at most %d)",
			  SCN_MAX_OPS);
	op = scn_op_append(ps->s, &ps->nops_cap);
	if (!op)
		scn_error(ps, ps->p, "out of memory");
	return op;
}

enum scn_var_type scn_result_type(const struct scn_op *op)
{
	switch (op->kind) {
	case SCN_OPEN:
	case SCN_DUP:
		return SCN_VAR_FD;
	case SCN_IOCTL:
		return op->ioctl->returns_fd ? SCN_VAR_FD : SCN_VAR_VALUE;
	case SCN_READ:
	case SCN_CAT:
	case SCN_LS:
	case SCN_READLINK:
	case SCN_FSTAT:
		return SCN_VAR_TEXT;
	default:
		return SCN_VAR_VALUE;
	}
}

static void unknown_op(struct parser *ps, const char *name, size_t len)
{
	const struct sim_target *t = scn_target(ps);
	char list[256];
	size_t n = 0;

	list[0] = 0;
	for (int i = 0; i < t->nr_driver_ops && n < sizeof(list); i++)
		n += snprintf(list + n, sizeof(list) - n, "%s%s",
			      i ? ", " : "", t->driver_ops[i].name);
	if (t->nr_driver_ops)
		scn_error(ps, name, "unknown operation '%.*s' (expected open, "
			  "close, dup, ioctl, read, write, mmap, exit, cat, "
			  "ls, readlink, fstat, dropcaps, or for target %s: "
			  "%s)",
			  (int)len, name, t->name, list);
	scn_error(ps, name, "unknown operation '%.*s' (expected open, close, "
		  "dup, ioctl, read, write, mmap, exit, cat, ls, readlink, "
		  "fstat or dropcaps)", (int)len, name);
}

void scn_parse_op_line(struct parser *ps, const char *tname, size_t tlen)
{
	struct sim_scenario *s = ps->s;
	const char *vname = NULL, *name, *src;
	size_t vlen = 0, len;
	struct scn_op *op;
	int thread, i;

	thread = scn_find_thread(s, tname, tlen);
	if (thread < 0)
		scn_error(ps, tname, "unknown thread %.*s (declare it with "
			  "'proc %.*s' or 'thread %.*s proc=PROC')",
			  (int)tlen, tname, (int)tlen, tname, (int)tlen,
			  tname);
	if (ps->exit_line[thread])
		scn_error(ps, tname, "operation after exit (line %d) in "
			  "thread %s", ps->exit_line[thread],
			  s->threads[thread].name);
	/* VAR = */
	if (scn_peek_name(ps, &name, &len)) {
		const char *q = name + len;

		while (q < ps->le && scn_is_blank(*q))
			q++;
		if (q < ps->le && *q == '=') {
			int other = scn_var_find(s, name, len);

			scn_check_not_reserved(ps, name, len);
			if (other >= 0)
				scn_error(ps, name, "variable %.*s already "
					  "defined at line %d", (int)len,
					  name, s->vars[other].line);
			vname = name;
			vlen = len;
			ps->p = q + 1;
		}
	}
	scn_eol(ps);
	src = ps->p;
	len = scn_name(ps, "an operation", NULL, &name);
	op = new_op(ps);
	op->line = ps->line;
	op->thread = thread;
	for (i = 0; i < ARRAY_LEN(builtin_ops); i++)
		if (scn_word_is(name, len, builtin_ops[i].name))
			break;
	if (i < ARRAY_LEN(builtin_ops)) {
		op->kind = builtin_ops[i].kind;
	} else {
		char *n = scn_strndup(ps, name, len);

		op->kind = SCN_DRIVER;
		op->dop = sim_target_find_driver_op(scn_target(ps), n);
		if (!op->dop)
			unknown_op(ps, name, len);
	}
	if (op->kind == SCN_EXIT && vname)
		scn_error(ps, vname, "exit has no result to assign");
	parse_args(ps, op);
	op->src = squeeze(ps, src, ps->tok_end - src);
	if (!scn_eol(ps)) {
		if (!scn_peek_word(ps, "expect"))
			scn_expected(ps, ps->p, "expect or end of line");
		parse_expect(ps, op);
	}
	op->loc.file = s->file;
	op->loc.line = ps->line;
	op->loc.func = scn_op_name(op);
	if (op->kind == SCN_EXIT)
		ps->exit_line[thread] = ps->line;
	if (vname) {
		struct scn_var *v;
		char *w;

		if (s->nvars == SCN_MAX_VARS)
			scn_error(ps, vname, "too many variables (at most %d)",
				  SCN_MAX_VARS);
		v = &s->vars[s->nvars++];
		v->name = scn_strndup(ps, vname, vlen);
		v->type = scn_result_type(op);
		v->line = ps->line;
		v->thread = thread;
		v->proc = s->threads[thread].proc;
		w = scn_alloc(ps, vlen + sizeof("wait for "));
		memcpy(w, "wait for ", strlen("wait for "));
		memcpy(w + strlen("wait for "), v->name, vlen);
		v->wait_what = w;
		op->assign = s->nvars - 1;
	}
}

