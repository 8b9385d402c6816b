// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building a scenario from what its lines mean, without their text
 * (world/scenario_build.h): each call writes the fields the parser writes
 * for that line (parse.c, parse_op.c), in the same way, so that the fuzzer
 * runs exactly what it would run by printing the scenario and parsing it
 * back, at a fraction of the cost.  The checks are those that keep the
 * scenario runnable (indices, types of variables, a thread's process);
 * the messages name no position: a refused call is its caller's bug.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "world/scenario_build.h"

static int fail(struct sim_scenario_builder *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct sim_scenario_builder *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(b->err, b->errlen, "%s:%d: error: ", b->s->file,
		     b->line);
	if (n >= 0 && (size_t)n < b->errlen) {
		va_start(ap, fmt);
		vsnprintf(b->err + n, b->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static char *copy(struct sim_scenario_builder *b, const char *str, size_t len)
{
	char *p = scn_arena_alloc(&b->s->arena, len + 1);

	if (p)
		memcpy(p, str, len);
	return p;
}

static char *dup_str(struct sim_scenario_builder *b, const char *str)
{
	return copy(b, str, strlen(str));
}

/* A literal text, as the parser keeps one: a segment unless empty. */
static int literal(struct sim_scenario_builder *b, const char *str,
		   struct scn_text *t)
{
	size_t len = strlen(str);

	t->nseg = 0;
	t->seg = NULL;
	if (!len)
		return 0;
	t->seg = scn_arena_alloc(&b->s->arena, sizeof(*t->seg));
	if (!t->seg)
		return fail(b, "out of memory");
	t->nseg = 1;
	t->seg->var = -1;
	t->seg->len = len;
	t->seg->lit = copy(b, str, len);
	return t->seg->lit ? 0 : fail(b, "out of memory");
}

static bool reserved(const char *name)
{
	static const char *const words[] = {
		"target", "device", "proc", "thread", "expect",
	};

	/* most names differ at once */
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (name[0] == words[i][0] && !strcmp(name, words[i]))
			return true;
	return false;
}

struct sim_scenario *sim_scenario_begin(struct sim_scenario_builder *b,
					const char *file,
					const struct sim_target *t,
					char *err, size_t errlen)
{
	memset(b, 0, sizeof(*b));
	b->err = err;
	b->errlen = errlen;
	if (errlen)
		err[0] = 0;
	b->s = scn_new(file);
	if (!b->s) {
		snprintf(err, errlen, "%s: error: out of memory", file);
		return NULL;
	}
	b->s->target = t;
	b->line = 1;		/* target T */
	return b->s;
}

void sim_scenario_builder_abort(struct sim_scenario_builder *b)
{
	sim_scenario_free(b->s);
	b->s = NULL;
}

int sim_scenario_add_device(struct sim_scenario_builder *b, enum sim_bus bus,
			    const char *name, int nkeys,
			    const char *const *keys,
			    const char *const *values)
{
	struct sim_scenario *s = b->s;
	const struct sim_target *t = s->target;
	struct sim_target_device *d;
	char msg[256];

	b->line++;
	if (s->ndevices == SCN_MAX_DEVICES)
		return fail(b, "too many devices");
	if (!sim_bus_name_valid(bus, name))
		return fail(b, "invalid device name '%s'", name);
	for (int i = 0; i < s->ndevices; i++)
		if (s->devices[i].bus == bus &&
		    !strcmp(s->devices[i].name, name))
			return fail(b, "duplicate device %s", name);
	d = &s->devices[s->ndevices];
	d->name = dup_str(b, name);
	if (!d->name)
		return fail(b, "out of memory");
	d->bus = bus;
	d->line = b->line;
	s->device_locs[s->ndevices].file = s->file;
	s->device_locs[s->ndevices].line = b->line;
	s->device_locs[s->ndevices].func = "device";
	s->ndevices++;
	if (nkeys > SIM_TARGET_MAX_KEYS)
		return fail(b, "too many keys");
	for (int k = 0; k < nkeys; k++) {
		int i;

		for (i = 0; t->device_keys && t->device_keys[i]; i++)
			if (!strcmp(keys[k], t->device_keys[i]))
				break;
		if (!t->device_keys || !t->device_keys[i])
			return fail(b, "unknown device key '%s'", keys[k]);
		for (int j = 0; j < d->nkeys; j++)
			if (d->keys[j] == t->device_keys[i])
				return fail(b, "duplicate key '%s'", keys[k]);
		d->keys[d->nkeys] = t->device_keys[i];
		d->values[d->nkeys] = dup_str(b, values[k]);
		if (!d->values[d->nkeys])
			return fail(b, "out of memory");
		d->nkeys++;
		if (t->device_key && t->device_key(d, d->keys[d->nkeys - 1],
						   d->values[d->nkeys - 1],
						   msg, sizeof(msg)))
			return fail(b, "%s", msg);
	}
	return 0;
}

int sim_scenario_add_param(struct sim_scenario_builder *b,
			   const char *module, const char *name,
			   const char *value)
{
	struct sim_scenario *s = b->s;
	struct sim_target_param *p;
	char msg[256];

	b->line++;
	for (int i = 0; i < s->nparams; i++)
		if (!strcmp(module, s->params[i].module) &&
		    !strcmp(name, s->params[i].name))
			return fail(b, "duplicate parameter %s.%s", module,
				    name);
	if (s->nparams == SCN_MAX_PARAMS)
		return fail(b, "too many parameters");
	p = &s->params[s->nparams++];
	p->module = dup_str(b, module);
	p->name = dup_str(b, name);
	p->value = value ? dup_str(b, value) : NULL;
	p->line = b->line;
	if (!p->module || !p->name || (value && !p->value))
		return fail(b, "out of memory");
	if (!s->target->param)
		return fail(b, "target %s takes no module parameters",
			    s->target->name);
	msg[0] = 0;
	if (s->target->param(p, msg, sizeof(msg)))
		return fail(b, "%s", msg);
	return 0;
}

static int add_thread(struct sim_scenario_builder *b, const char *name,
		      int proc)
{
	struct sim_scenario *s = b->s;
	struct scn_thread *t;

	if (reserved(name))
		return fail(b, "'%s' is a reserved word, not a name", name);
	for (int i = 0; i < s->nthreads; i++)
		if (!strcmp(s->threads[i].name, name))
			return fail(b, "duplicate thread %s", name);
	if (s->nthreads == SCN_MAX_THREADS)
		return fail(b, "too many threads");
	t = &s->threads[s->nthreads++];
	t->name = dup_str(b, name);
	t->proc = proc;
	t->line = b->line;
	return t->name ? 0 : fail(b, "out of memory");
}

int sim_scenario_add_proc(struct sim_scenario_builder *b, const char *name,
			  uint64_t caps)
{
	struct sim_scenario *s = b->s;
	struct scn_proc *p;

	b->line++;
	for (int i = 0; i < s->nprocs; i++)
		if (!strcmp(s->procs[i].name, name))
			return fail(b, "duplicate process %s", name);
	if (s->nprocs == SCN_MAX_PROCS)
		return fail(b, "too many processes");
	p = &s->procs[s->nprocs];
	p->name = dup_str(b, name);
	if (!p->name)
		return fail(b, "out of memory");
	p->line = b->line;
	p->caps = caps;
	s->nprocs++;
	return add_thread(b, name, s->nprocs - 1);
}

int sim_scenario_add_thread(struct sim_scenario_builder *b, const char *name,
			    int proc)
{
	b->line++;
	if (proc < 0 || proc >= b->s->nprocs)
		return fail(b, "thread %s of no process", name);
	return add_thread(b, name, proc);
}

/* A variable usable as an fd by @thread (parse_op.c's checks). */
static int fd_var(struct sim_scenario_builder *b, int var, int thread)
{
	struct sim_scenario *s = b->s;

	if (var < 0 || var >= s->nvars)
		return fail(b, "undefined variable %d", var);
	if (s->vars[var].type != SCN_VAR_FD)
		return fail(b, "variable %s is not a file descriptor",
			    s->vars[var].name);
	if (s->vars[var].proc != s->threads[thread].proc)
		return fail(b, "variable %s is a file descriptor of another "
			    "process", s->vars[var].name);
	return 0;
}

static struct scn_op *new_op(struct sim_scenario_builder *b)
{
	if (b->s->nops == SCN_MAX_OPS)
		return NULL;
	return scn_op_append(b->s, &b->nops_cap);
}

static const enum scn_op_kind kinds[] = {
	[SIM_SCN_OPEN] = SCN_OPEN,
	[SIM_SCN_CLOSE] = SCN_CLOSE,
	[SIM_SCN_DUP] = SCN_DUP,
	[SIM_SCN_IOCTL] = SCN_IOCTL,
	[SIM_SCN_READ] = SCN_READ,
	[SIM_SCN_WRITE] = SCN_WRITE,
	[SIM_SCN_MMAP] = SCN_MMAP,
	[SIM_SCN_EXIT] = SCN_EXIT,
	[SIM_SCN_DRIVER] = SCN_DRIVER,
};

static const enum scn_arg_kind arg_kinds[] = {
	[SIM_SCN_ARG_NONE] = SCN_ARG_NONE,
	[SIM_SCN_ARG_NUM] = SCN_ARG_NUM,
	[SIM_SCN_ARG_VAR] = SCN_ARG_VAR,
	[SIM_SCN_ARG_TEXT] = SCN_ARG_TEXT,
	[SIM_SCN_ARG_BADPTR] = SCN_ARG_BADPTR,
	[SIM_SCN_ARG_NULL] = SCN_ARG_NULL,
};

/* The argument of an ioctl or a driver operation. */
static int op_arg(struct sim_scenario_builder *b,
		  const struct sim_scenario_op *o, struct scn_op *op)
{
	struct scn_arg *a = &op->arg;

	a->kind = arg_kinds[o->arg];
	switch (o->arg) {
	case SIM_SCN_ARG_NUM:
		a->num = o->arg_num;
		break;
	case SIM_SCN_ARG_VAR:
		if (o->arg_var < 0 || o->arg_var >= b->s->nvars)
			return fail(b, "undefined variable %d", o->arg_var);
		a->var = o->arg_var;
		if (op->kind == SCN_IOCTL &&
		    op->ioctl->arg == SIM_IOCTL_FD_PTR)
			return fd_var(b, a->var, op->thread);
		break;
	case SIM_SCN_ARG_TEXT:
		return literal(b, o->arg_text, &a->text);
	default:
		break;
	}
	return 0;
}

static int op_args(struct sim_scenario_builder *b,
		   const struct sim_scenario_op *o, struct scn_op *op)
{
	if (o->fdvar >= 0 && fd_var(b, o->fdvar, op->thread))
		return -1;
	op->fdvar = o->fdvar;
	op->fdnum = o->fdvar >= 0 ? 0 : o->fdnum;
	switch (op->kind) {
	case SCN_OPEN:
	case SCN_WRITE:
		op->num = op->kind == SCN_OPEN ? o->num : 0;
		return literal(b, o->text, &op->path);
	case SCN_READ:
	case SCN_MMAP:
		if (o->num < 0 || o->num > SCN_MAX_LEN)
			return fail(b, "length %ld out of range", o->num);
		op->num = o->num;
		return 0;
	case SCN_IOCTL:
		if (o->raw) {
			struct sim_ioctl *raw;

			raw = scn_arena_alloc(&b->s->arena, sizeof(*raw));
			if (!raw)
				return fail(b, "out of memory");
			op->raw_ioctl = raw;
			op->ioctl = raw;
			raw->name = op->raw_name = dup_str(b, o->raw);
			if (!op->raw_name)
				return fail(b, "out of memory");
			raw->cmd = o->raw_cmd;
			raw->arg = SIM_IOCTL_INT;
		} else {
			op->ioctl = o->ioctl;
		}
		return op_arg(b, o, op);
	case SCN_DRIVER:
		op->dop = o->dop;
		return op_arg(b, o, op);
	default:
		return 0;
	}
}

static int expect_any(struct sim_scenario_builder *b, struct scn_op *op)
{
	struct scn_outcome *out = &op->out[0];

	/* the texts are only read: one copy serves every line */
	if (!b->any) {
		b->any = copy(b, "any", 3);
		if (!b->any)
			return fail(b, "out of memory");
	}
	op->noutcomes = 1;
	out->kind = SCN_OUT_ANY;
	out->src = b->any;
	op->expect_src = b->any;
	return 0;
}

static int new_var(struct sim_scenario_builder *b,
		   const struct sim_scenario_op *o, struct scn_op *op)
{
	static const char wait[] = "wait for ";
	struct sim_scenario *s = b->s;
	size_t len = strlen(o->assign);
	struct scn_var *v;

	if (s->nvars == SCN_MAX_VARS)
		return fail(b, "too many variables");
	v = &s->vars[s->nvars++];
	v->name = copy(b, o->assign, len);
	v->type = scn_result_type(op);
	v->line = b->line;
	v->thread = op->thread;
	v->proc = s->threads[op->thread].proc;
	v->wait_what = scn_arena_alloc(&s->arena, len + sizeof(wait));
	if (!v->name || !v->wait_what)
		return fail(b, "out of memory");
	memcpy(v->wait_what, wait, sizeof(wait) - 1);
	memcpy(v->wait_what + sizeof(wait) - 1, o->assign, len);
	op->assign = s->nvars - 1;
	return 0;
}

int sim_scenario_add_op(struct sim_scenario_builder *b,
			const struct sim_scenario_op *o)
{
	struct sim_scenario *s = b->s;
	struct scn_op *op;

	b->line++;
	if (o->thread < 0 || o->thread >= s->nthreads)
		return fail(b, "unknown thread %d", o->thread);
	if (b->exit_line[o->thread])
		return fail(b, "operation after exit in thread %s",
			    s->threads[o->thread].name);
	if (o->assign && (reserved(o->assign) ||
			  scn_var_find(s, o->assign, strlen(o->assign)) >= 0))
		return fail(b, "variable %s already defined", o->assign);
	if ((o->kind == SIM_SCN_IOCTL && !o->ioctl && !o->raw) ||
	    (o->kind == SIM_SCN_DRIVER && !o->dop))
		return fail(b, "no ioctl or driver operation");
	op = new_op(b);
	if (!op)
		return fail(b, "too many operations, or out of memory");
	op->line = b->line;
	op->thread = o->thread;
	op->kind = kinds[o->kind];
	if (op->kind == SCN_EXIT && o->assign)
		return fail(b, "exit has no result to assign");
	if (op_args(b, o, op))
		return -1;
	op->src = copy(b, o->src, o->src_len);
	if (!op->src)
		return fail(b, "out of memory");
	if (o->expect_any && expect_any(b, op))
		return -1;
	op->loc.file = s->file;
	op->loc.line = b->line;
	op->loc.func = scn_op_name(op);
	if (op->kind == SCN_EXIT)
		b->exit_line[o->thread] = b->line;
	return o->assign ? new_var(b, o, op) : 0;
}

struct sim_scenario *sim_scenario_end(struct sim_scenario_builder *b)
{
	struct sim_scenario *s = b->s;

	if (!s->nops) {
		fail(b, "no operations");
		sim_scenario_builder_abort(b);
		return NULL;
	}
	if (scn_complete(s, 1)) {
		fail(b, "out of memory");
		sim_scenario_builder_abort(b);
		return NULL;
	}
	b->s = NULL;
	return s;
}
