// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running a parsed scenario: the struct sim_program hooks.  Setup builds
 * the world of one execution (processes, bus devices, the target's module
 * init) and one simulated thread per scenario thread; each thread runs its
 * lines in order through the simulated system calls and checks every
 * result against the line's outcomes.  When the last thread of a process
 * ends, the process exits (its files are closed, as exit_group would); an
 * `exit` line ends the process at once, and its other threads run no
 * further line.
 * Teardown runs the target's module exit and end checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/err.h>
#include <linux/errno.h>

#include "internal.h"
#include "sim/race.h"

#define PROT_RW		3	/* PROT_READ | PROT_WRITE */
#define MSG_TEXT	80	/* characters of a text shown in a failure */

/* What snprintf("%ld") writes, without its cost: every line does it. */
static void set_text(struct scn_val *r, long ret)
{
	char digits[24];
	unsigned long u = ret < 0 ? 0ul - (unsigned long)ret :
		(unsigned long)ret;
	int n = 0, o = 0;

	do {
		digits[n++] = '0' + u % 10;
		u /= 10;
	} while (u);
	if (ret < 0)
		r->text[o++] = '-';
	while (n)
		r->text[o++] = digits[--n];
	r->text[o] = 0;
}

/* The scenario of the execution running (or last run), for reports. */
static const struct sim_scenario *scn_current;

/* In a failure report: the line each scenario thread is at. */
static void scn_dump(FILE *out)
{
	const struct sim_scenario *s = scn_current;

	if (!s)
		return;
	fprintf(out, "scenario %s:\n", s->file);
	for (int i = 0; i < s->nthreads; i++) {
		const struct scn_thread_rt *rt = &s->rt_threads[i];
		const struct scn_op *op;

		if (rt->tid < 0)
			continue;
		fprintf(out, "  T%d %-12s ", rt->tid, s->threads[i].name);
		if (rt->done) {
			fprintf(out, "ended\n");
			continue;
		}
		if (rt->cur < 0) {
			fprintf(out, "not started\n");
			continue;
		}
		op = &s->ops[rt->cur];
		fprintf(out, "at %s:%d: %s\n", s->file, op->line, op->src);
	}
}

static struct sim_exec_hook scn_hook = {
	.name = "scenario",
	.order = SIM_HOOK_SCENARIO,
	.dump = scn_dump,
};

static void __attribute__((constructor)) scn_register(void)
{
	sim_register_exec_hook(&scn_hook);
}

void scn_forget(const struct sim_scenario *s)
{
	if (scn_current == s)
		scn_current = NULL;
}

/* Wait until variable @v is set: another thread may be setting it. */
static struct scn_val *need(struct sim_scenario *s, int v,
			    const struct scn_op *op)
{
	/*
	 * No sim_note_access() here: a need() that would run before the
	 * setter only waits for it (sim_block() is its dependency), so the
	 * order in which it finds the value set adds no behaviour.
	 */
	while (!s->vals[v].set)
		sim_block(&s->vals[v], s->vars[v].wait_what, SIM_WAIT_UNSEEN,
			  &op->loc);
	/*
	 * The value came from the setter's thread as userspace would pass
	 * it (a pipe, a futex): the setter's work happens before the use.
	 */
	sim_hb_acquire(&s->vals[v]);
	return &s->vals[v];
}

static void need_text(struct sim_scenario *s, const struct scn_text *t,
		      const struct scn_op *op)
{
	for (int i = 0; i < t->nseg; i++)
		if (t->seg[i].var >= 0)
			need(s, t->seg[i].var, op);
}

/* @t with its variables replaced; returns the length. */
static size_t expand(struct sim_scenario *s, const struct scn_text *t,
		     char *buf, size_t len)
{
	size_t n = 0;

	for (int i = 0; i < t->nseg; i++) {
		const struct scn_seg *seg = &t->seg[i];
		const char *p = seg->lit;
		size_t l = seg->len;

		if (seg->var >= 0) {
			p = s->vals[seg->var].text;
			l = strlen(p);
		}

		if (l > len - 1 - n)
			l = len - 1 - n;
		memcpy(buf + n, p, l);
		n += l;
	}
	buf[n] = 0;
	return n;
}

/* A text for a message: quoted, escaped, shortened. */
static void quote(const char *t, char *buf, size_t len)
{
	size_t n = 0, i;

	buf[n++] = '"';
	for (i = 0; t[i] && i < MSG_TEXT && n + 6 < len; i++) {
		unsigned char c = t[i];

		if (c == '\n')
			n += snprintf(buf + n, len - n, "\\n");
		else if (c == '"' || c == '\\')
			n += snprintf(buf + n, len - n, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			n += snprintf(buf + n, len - n, "\\x%02x", c);
		else
			buf[n++] = c;
	}
	if (t[i] && n + 4 < len)
		n += snprintf(buf + n, len - n, "...");
	buf[n++] = '"';
	buf[n] = 0;
}

/*
 * A thread's user memory for arguments, made once; the read-only one
 * (READONLY) for an ioctl argument that asks for it.
 */
static unsigned long scratch(struct scn_thread_rt *rt,
			     const struct scn_op *op)
{
	bool ro = op->arg.readonly;
	unsigned long *slot = ro ? &rt->ro_scratch : &rt->scratch;

	if (!*slot) {
		unsigned long u = sim_user_alloc(SCN_SCRATCH);

		if (!u || (ro && sim_user_protect(u, SCN_SCRATCH)))
			sim_fail(SIM_FAIL_BUG, &op->loc, "%s:%d: no %suser "
				 "memory left for the arguments of thread %s",
				 op->loc.file, op->line, ro ? "read-only " : "",
				 rt->s->threads[rt->index].name);
		*slot = u;
	}
	return *slot;
}

static int fd_of(struct sim_scenario *s, const struct scn_op *op)
{
	if (op->fdvar < 0)
		return (int)op->fdnum;
	return (int)need(s, op->fdvar, op)->ret;
}

/* The integer value of an argument variable. */
static long var_num(struct sim_scenario *s, int v, const struct scn_op *op)
{
	struct scn_val *val = need(s, v, op);
	char *end;
	long n;

	if (s->vars[v].type != SCN_VAR_TEXT)
		return val->ret;
	n = strtol(val->text, &end, 0);
	if (!val->text[0] || *end) {
		char q[MSG_TEXT * 4 + 8];

		quote(val->text, q, sizeof(q));
		sim_fail(SIM_FAIL_ASSERT, &op->loc, "%s:%d: variable %s is not "
			 "a number: %s", op->loc.file, op->line,
			 s->vars[v].name, q);
	}
	return n;
}

static void user_write(struct scn_thread_rt *rt, const struct scn_op *op,
		       unsigned long uaddr, const void *p, size_t len)
{
	if (sim_user_write(uaddr, p, len))
		sim_fail(SIM_FAIL_BUG, &op->loc, "%s:%d: cannot write the "
			 "argument to user memory", op->loc.file, op->line);
}

static long do_ioctl(struct sim_scenario *s, struct scn_thread_rt *rt,
		     const struct scn_op *op, int fd, struct scn_val *r)
{
	const struct sim_ioctl *io = op->ioctl;
	char str[SCN_MAX_LEN + 1];
	unsigned long arg = 0;
	bool mem = false;
	long num = 0, ret;

	str[0] = 0;
	switch (op->arg.kind) {
	case SCN_ARG_NONE:
	case SCN_ARG_NULL:
		break;
	case SCN_ARG_NUM:
		num = op->arg.num;
		break;
	case SCN_ARG_VAR:
		num = var_num(s, op->arg.var, op);
		break;
	case SCN_ARG_TEXT:
		expand(s, &op->arg.text, str, sizeof(str));
		break;
	case SCN_ARG_BADPTR:
		arg = SCN_BADPTR;
		break;
	}
	if (io->arg == SIM_IOCTL_INT) {
		arg = num;
	} else if (io->arg != SIM_IOCTL_NONE &&
		   op->arg.kind != SCN_ARG_BADPTR &&
		   op->arg.kind != SCN_ARG_NULL) {
		arg = scratch(rt, op);
		mem = true;
		if (io->marshal) {
			int err = io->marshal(io, num, str, arg, SCN_SCRATCH);

			if (err)
				sim_fail(SIM_FAIL_BUG, &op->loc, "%s:%d: "
					 "cannot marshal the argument of %s: "
					 "%s",
					 op->loc.file, op->line, io->name,
					 scn_errno_name(err) ?: "?");
		} else if (io->arg == SIM_IOCTL_STRING) {
			user_write(rt, op, arg, str, strlen(str) + 1);
		} else {
			int v = (int)num;

			user_write(rt, op, arg, &v, sizeof(v));
		}
	}
	ret = sim_sys_ioctl(fd, io->cmd, arg);
	set_text(r, ret);
	/*
	 * What the kernel wrote back means something only when the call
	 * succeeded: a failed one keeps its error as its text, so that an
	 * expected text never matches the argument as it was written.
	 */
	if (!mem || ret < 0)
		return ret;
	if (io->unmarshal) {
		io->unmarshal(io, arg, r->text, sizeof(r->text));
	} else if (io->arg == SIM_IOCTL_STRING) {
		if (sim_user_read(arg, r->text, sizeof(r->text) - 1) == 0)
			r->text[sizeof(r->text) - 1] = 0;
	} else {
		int v;

		if (sim_user_read(arg, &v, sizeof(v)) == 0)
			snprintf(r->text, sizeof(r->text), "%d", v);
	}
	return ret;
}

/* Text results: NUL-terminate, drop the trailing newline. */
static void text_result(struct scn_val *r, long ret, bool spaces)
{
	size_t n;

	if (ret < 0) {
		set_text(r, ret);
		return;
	}
	n = (size_t)ret < sizeof(r->text) ? (size_t)ret :
					    sizeof(r->text) - 1;
	r->text[n] = 0;
	while (n && r->text[n - 1] == '\n')
		r->text[--n] = 0;
	if (spaces)
		for (size_t i = 0; i < n; i++)
			if (r->text[i] == '\n')
				r->text[i] = ' ';
}

static long run_driver_op(struct sim_scenario *s, const struct scn_op *op)
{
	struct sim_driver_value v = { .device = -1 };
	char str[SCN_MAX_LEN + 1];

	switch (op->dop->arg) {
	case SIM_DRIVER_NONE:
		break;
	case SIM_DRIVER_DEVICE:
		v.device = (int)op->arg.num;
		break;
	case SIM_DRIVER_INT:
		v.num = op->arg.num;
		break;
	case SIM_DRIVER_STRING:
		expand(s, &op->arg.text, str, sizeof(str));
		v.str = str;
		break;
	}
	return op->dop->run(&s->env, &v);
}

static long run_syscall(struct sim_scenario *s, struct scn_thread_rt *rt,
			const struct scn_op *op, struct scn_val *r)
{
	char path[SCN_TEXT_MAX];
	char data[SCN_MAX_LEN + 1];
	unsigned int major, minor;
	unsigned long ubuf;
	size_t len;
	long ret;

	switch (op->kind) {
	case SCN_OPEN:
		expand(s, &op->path, path, sizeof(path));
		return sim_sys_open(path, (int)op->num);
	case SCN_CLOSE:
		return sim_sys_close(fd_of(s, op));
	case SCN_DUP:
		return sim_sys_dup(fd_of(s, op));
	case SCN_IOCTL:
		return do_ioctl(s, rt, op, fd_of(s, op), r);
	case SCN_READ:
		ubuf = scratch(rt, op);
		ret = sim_sys_read(fd_of(s, op), ubuf, op->num);
		if (ret >= 0) {
			len = sizeof(r->text) - 1;
			if ((size_t)ret < len)
				len = ret;
			if (len && sim_user_read(ubuf, r->text, len))
				len = 0;
			r->text[len] = 0;
		} else {
			set_text(r, ret);
		}
		return ret;
	case SCN_WRITE:
		len = expand(s, &op->path, data, sizeof(data));
		ubuf = scratch(rt, op);
		user_write(rt, op, ubuf, data, len);
		return sim_sys_write(fd_of(s, op), ubuf, len);
	case SCN_MMAP:
		return sim_sys_mmap(fd_of(s, op), op->num, PROT_RW, 0);
	case SCN_EXIT:
		s->rt_exited[s->threads[rt->index].proc] = true;
		sim_sys_exit();
		return 0;
	case SCN_CAT:
		expand(s, &op->path, path, sizeof(path));
		ret = sim_sys_read_path(path, r->text, sizeof(r->text) - 1);
		text_result(r, ret, false);
		return ret;
	case SCN_LS:
		expand(s, &op->path, path, sizeof(path));
		ret = sim_sys_list_path(path, r->text, sizeof(r->text) - 1);
		text_result(r, ret, true);
		return ret;
	case SCN_READLINK:
		expand(s, &op->path, path, sizeof(path));
		ret = sim_sys_readlink(path, r->text, sizeof(r->text) - 1);
		text_result(r, ret, false);
		return ret;
	case SCN_FSTAT:
		ret = sim_sys_fstat_rdev(fd_of(s, op), &major, &minor);
		if (ret >= 0)
			snprintf(r->text, sizeof(r->text), "%u:%u", major,
				 minor);
		else
			set_text(r, ret);
		return ret;
	case SCN_DROPCAPS:
		return sim_sys_dropcaps((uint64_t)op->num);
	case SCN_DRIVER:
		return run_driver_op(s, op);
	}
	return 0;
}

static bool has_text(const struct scn_op *op)
{
	switch (op->kind) {
	case SCN_READ:
	case SCN_CAT:
	case SCN_LS:
	case SCN_READLINK:
	case SCN_FSTAT:
		return true;
	case SCN_IOCTL:
		return op->ioctl->arg != SIM_IOCTL_NONE &&
		       op->ioctl->arg != SIM_IOCTL_INT;
	default:
		return false;
	}
}

static bool matches(struct sim_scenario *s, const struct scn_outcome *o,
		    long ret, const char *text)
{
	char want[SCN_TEXT_MAX];

	switch (o->kind) {
	case SCN_OUT_OK:
		return ret >= 0;
	case SCN_OUT_ANY:
		return true;
	case SCN_OUT_ERRNO:
		return ret == -o->value;
	case SCN_OUT_INT:
		return ret == o->value;
	case SCN_OUT_STRING:
		expand(s, &o->text, want, sizeof(want));
		return !strcmp(want, text);
	}
	return false;
}

static void check(struct sim_scenario *s, const struct scn_op *op, long ret,
		  const char *text)
{
	char got[MSG_TEXT * 4 + 8];
	bool strings = false;
	const char *name;

	if (!op->noutcomes && ret >= 0)
		return;
	for (int i = 0; i < op->noutcomes; i++) {
		if (matches(s, &op->out[i], ret, text))
			return;
		strings |= op->out[i].kind == SCN_OUT_STRING;
	}
	/*
	 * After an injected allocation failure (a sweep) any result may
	 * differ from the file's: what is judged is that the failure path
	 * leaves nothing behind (leaks, warnings, invariants, end checks).
	 */
	if (sim_alloc_failed()) {
		sim_trace_note("result not checked after the injected "
			       "allocation failure", NULL, ret, &op->loc);
		return;
	}
	name = ret < 0 ? scn_errno_name(ret) : NULL;
	if (name)
		snprintf(got, sizeof(got), "%s", name);
	else if (strings && ret >= 0)
		quote(text, got, sizeof(got));
	else
		snprintf(got, sizeof(got), "%ld", ret);
	sim_fail(SIM_FAIL_ASSERT, &op->loc, "%s:%d: %s returned %s, expected "
		 "%s", op->loc.file, op->line, op->src, got,
		 op->expect_src ? op->expect_src : "ok");
}

/* The line with its variables' values, for the trace. */
static void trace_op(struct sim_scenario *s, const struct scn_op *op,
		     long ret, const char *text)
{
	char buf[SCN_TEXT_MAX + MSG_TEXT * 4 + 16];
	const char *p = op->src;
	size_t n = 0;

	if (!sim_tracing())
		return;
	while (*p && n < SCN_TEXT_MAX) {
		const char *e;
		int v;

		if (p[0] == '$' && p[1] == '{' && (e = strchr(p, '}'))) {
			v = scn_var_find(s, p + 2, e - p - 2);
			if (v >= 0) {
				n += snprintf(buf + n, SCN_TEXT_MAX - n, "%s",
					      s->vals[v].text);
				p = e + 1;
				continue;
			}
		}
		buf[n++] = *p++;
	}
	if (n > SCN_TEXT_MAX - 1)
		n = SCN_TEXT_MAX - 1;
	buf[n] = 0;
	if (has_text(op) && ret >= 0) {
		n += snprintf(buf + n, sizeof(buf) - n, " -> ");
		quote(text, buf + n, sizeof(buf) - n);
	} else if (ret < 0 && scn_errno_name(ret)) {
		snprintf(buf + n, sizeof(buf) - n, " -> %s",
			 scn_errno_name(ret));
	}
	sim_trace_note(buf, NULL, ret, &op->loc);
}

/* Run one line; false when the thread's process has exited instead. */
static bool run_op(struct sim_scenario *s, struct scn_thread_rt *rt,
		   const struct scn_op *op)
{
	int proc = s->threads[rt->index].proc;
	struct scn_val r;
	long ret;

	/* exit is exit_group: the process's other threads are gone */
	if (s->rt_exited[proc])
		goto exited;
	rt->cur = op - s->ops;

	/* variables another thread sets: wait for them first */
	if (op->fdvar >= 0)
		need(s, op->fdvar, op);
	need_text(s, &op->path, op);
	need_text(s, &op->arg.text, op);
	if (op->arg.kind == SCN_ARG_VAR)
		need(s, op->arg.var, op);
	for (int i = 0; i < op->noutcomes; i++)
		need_text(s, &op->out[i].text, op);
	if (s->rt_exited[proc])
		goto exited;

	r.text[0] = 0;
	ret = run_syscall(s, rt, op, &r);
	if (!has_text(op))
		set_text(&r, ret);
	trace_op(s, op, ret, r.text);
	check(s, op, ret, r.text);
	if (op->assign >= 0) {
		struct scn_val *v = &s->vals[op->assign];

		v->ret = ret;
		memcpy(v->text, r.text, sizeof(v->text));
		sim_hb_release(v);
		v->set = true;
		sim_wake_all(v);
	}
	return true;
exited:
	sim_trace_note("process exited: the thread ends", NULL, 0, &op->loc);
	return false;
}

static void thread_fn(void *arg)
{
	struct scn_thread_rt *rt = arg;
	struct sim_scenario *s = rt->s;
	const struct scn_thread *t = &s->threads[rt->index];

	for (int i = 0; i < t->nops; i++)
		if (!run_op(s, rt, &s->ops[t->ops[i]]))
			break;
	rt->done = true;
	if (--s->rt_live[t->proc] == 0 && !s->rt_exited[t->proc]) {
		s->rt_exited[t->proc] = true;
		sim_sys_exit();
	}
}

/*
 * An allocation failed while the world was being built (a fail-nth run):
 * what the scenario's lines test cannot happen in this execution, which
 * ends here as passed.  The module's init error path was run, and the
 * leak and WARN checks still judge it.
 */
static void skip(struct sim_scenario *s, const struct sim_loc *loc,
		 const char *what)
{
	s->rt_skipped = true;
	sim_trace_note(what, NULL, -ENOMEM, loc);
	sim_trace_note("setup out of memory: no line runs", NULL, 0, loc);
}

static void scn_env(struct sim_scenario *s)
{
	scn_current = s;
	s->env.scenario = s;
	s->env.file = s->file;
	s->env.ndevices = s->ndevices;
	s->env.devices = s->devices;
	s->env.nparams = s->nparams;
	s->env.params = s->params;
}

/* The world: processes, bus devices, the target's module init. */
void scn_setup(void *ctx)
{
	struct sim_scenario *s = ctx;
	int ret;

	scn_env(s);
	for (int i = 0; i < s->nprocs; i++) {
		s->rt_procs[i] = sim_proc_create(s->procs[i].name,
						 s->procs[i].caps);
		if (!s->rt_procs[i])
			sim_fail(SIM_FAIL_BUG, NULL, "%s:%d: cannot create "
				 "process %s", s->file, s->procs[i].line,
				 s->procs[i].name);
	}
	s->rt_skipped = false;
	s->rt_loaded = false;
	for (int i = 0; i < s->ndevices; i++)
		s->devices[i].dev = NULL;
	for (int i = 0; i < s->ndevices; i++) {
		struct sim_target_device *d = &s->devices[i];
		struct device *dev = sim_bus_device_add(d->bus, d->name);

		if (dev == ERR_PTR(-ENOMEM)) {
			skip(s, &s->device_locs[i], "cannot add the device");
			return;
		}
		if (IS_ERR(dev))
			sim_fail(SIM_FAIL_ASSERT, &s->device_locs[i],
				 "%s:%d: cannot add %s device %s: %s",
				 s->file, d->line,
				 sim_bus_name(d->bus), d->name,
				 scn_errno_name(PTR_ERR(dev)) ?: "?");
		d->dev = dev;
	}
	ret = s->target->init(&s->env);
	if (ret == -ENOMEM) {
		skip(s, &s->target_loc, "module init failed");
		return;
	}
	if (ret)
		sim_fail(SIM_FAIL_ASSERT, &s->target_loc, "%s: module init of "
			 "target %s failed: %s", s->file, s->target->name,
			 scn_errno_name(ret) ?: "?");
	s->rt_loaded = true;
}

/* What scn_setup() leaves in the scenario, for the set-up snapshot. */
struct scn_saved {
	struct sim_proc *procs[SCN_MAX_PROCS];
	struct device *devs[SCN_MAX_DEVICES];
	bool loaded;
};

int scn_save(void *ctx, void *buf, size_t room)
{
	struct sim_scenario *s = ctx;
	struct scn_saved *sv = buf;

	_Static_assert(sizeof(*sv) <= SIM_PROGRAM_SAVE_MAX, "room");
	if (room < sizeof(*sv) || s->rt_skipped)
		return -1;
	memcpy(sv->procs, s->rt_procs, sizeof(sv->procs));
	for (int i = 0; i < s->ndevices; i++)
		sv->devs[i] = s->devices[i].dev;
	sv->loaded = s->rt_loaded;
	return sizeof(*sv);
}

void scn_restore(void *ctx, const void *buf)
{
	struct sim_scenario *s = ctx;
	const struct scn_saved *sv = buf;

	scn_env(s);
	memcpy(s->rt_procs, sv->procs, sizeof(s->rt_procs));
	for (int i = 0; i < s->ndevices; i++)
		s->devices[i].dev = sv->devs[i];
	s->rt_loaded = sv->loaded;
	s->rt_skipped = false;
}

/* Every execution: the variables, and one thread per scenario thread. */
void scn_start(void *ctx)
{
	struct sim_scenario *s = ctx;

	for (int i = 0; i < s->nvars; i++) {
		s->vals[i].set = false;
		s->vals[i].ret = 0;
		s->vals[i].text[0] = 0;
	}
	for (int i = 0; i < s->nprocs; i++) {
		s->rt_live[i] = 0;
		s->rt_exited[i] = false;
	}
	if (s->rt_skipped)
		return;
	for (int i = 0; i < s->nthreads; i++) {
		struct scn_thread_rt *rt = &s->rt_threads[i];
		const struct scn_thread *t = &s->threads[i];

		rt->s = s;
		rt->index = i;
		rt->scratch = 0;
		rt->ro_scratch = 0;
		rt->tid = -1;
		rt->cur = -1;
		rt->done = false;
		if (!t->nops)
			continue;
		s->rt_live[t->proc]++;
		rt->tid = sim_thread_create(t->name, thread_fn, rt);
		sim_world_attach(rt->tid, s->rt_procs[t->proc]);
	}
}

void scn_invariant(void *ctx)
{
	struct sim_scenario *s = ctx;

	if (s->target->invariant)
		s->target->invariant(&s->env);
}

void scn_teardown(void *ctx)
{
	struct sim_scenario *s = ctx;

	/* processes whose threads all ended have exited; any other now */
	sim_world_exit_all();
	if (s->rt_loaded && s->target->exit)
		s->target->exit(&s->env);
	for (int i = s->ndevices - 1; i >= 0; i--) {
		if (s->devices[i].dev)
			sim_bus_device_del(s->devices[i].dev);
		s->devices[i].dev = NULL;
	}
	if (s->rt_loaded && s->target->end_check)
		s->target->end_check(&s->env);
}
