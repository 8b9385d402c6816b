// SPDX-License-Identifier: GPL-2.0-only
/*
 * A parsed scenario, every field the parser sets, as text: two scenarios
 * that run the same print the same.  Pointers into a target's tables
 * print as the entry's name and index, strings of the scenario's arena as
 * their contents, the set-up snapshot's key as its bytes (or "own" for a
 * key that is a serial number, different in every scenario).  What an
 * execution resets (values, run-time state) is left out.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "world/scenario_build.h"

static void str(FILE *f, const char *name, const char *s)
{
	if (!s) {
		fprintf(f, " %s=NULL", name);
		return;
	}
	fprintf(f, " %s=\"", name);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void loc(FILE *f, const char *name, const struct sim_loc *l)
{
	fprintf(f, " %s=", name);
	str(f, "file", l->file);
	fprintf(f, ":%d", l->line);
	str(f, "func", l->func);
}

static void text(FILE *f, const char *name, const struct scn_text *t)
{
	fprintf(f, " %s.nseg=%d", name, t->nseg);
	for (int i = 0; i < t->nseg; i++) {
		fprintf(f, " [var=%d len=%zu", t->seg[i].var, t->seg[i].len);
		if (t->seg[i].lit && t->seg[i].len == strlen(t->seg[i].lit))
			str(f, "lit", t->seg[i].lit);
		else
			fprintf(f, " lit=%s", t->seg[i].lit ? "bad" : "NULL");
		fputc(']', f);
	}
}

static void op_ioctl(FILE *f, const struct sim_scenario *s,
		     const struct scn_op *op)
{
	const struct sim_target *t = s->target;
	const struct sim_ioctl *io = op->ioctl;

	if (!io) {
		fprintf(f, " ioctl=NULL");
	} else if (io == op->raw_ioctl) {
		fprintf(f, " ioctl=raw cmd=%#x arg=%d fd=%d",
			io->cmd, io->arg, io->returns_fd);
		str(f, "name", io->name);
		fprintf(f, " name_is_raw_name=%d tables=%d",
			io->name == op->raw_name,
			io->symbols || io->marshal || io->check ||
			io->samples || io->unmarshal);
	} else if (io >= t->ioctls && io < t->ioctls + t->nr_ioctls) {
		fprintf(f, " ioctl=%d", (int)(io - t->ioctls));
		str(f, "name", io->name);
	} else {
		fprintf(f, " ioctl=foreign");
	}
	str(f, "raw_name", op->raw_name);
	fprintf(f, " raw_owned=%d", op->raw_ioctl != NULL);
}

static void op_dop(FILE *f, const struct sim_scenario *s,
		   const struct scn_op *op)
{
	const struct sim_target *t = s->target;
	const struct sim_driver_op *d = op->dop;

	if (!d)
		fprintf(f, " dop=NULL");
	else if (d >= t->driver_ops && d < t->driver_ops + t->nr_driver_ops)
		fprintf(f, " dop=%d", (int)(d - t->driver_ops));
	else
		fprintf(f, " dop=foreign");
}

static void dump_op(FILE *f, const struct sim_scenario *s, int i)
{
	const struct scn_op *o = &s->ops[i];

	fprintf(f, "op %d: kind=%d line=%d thread=%d assign=%d fdvar=%d "
		"fdnum=%ld num=%ld", i, o->kind, o->line, o->thread,
		o->assign, o->fdvar, o->fdnum, o->num);
	text(f, "path", &o->path);
	op_ioctl(f, s, o);
	op_dop(f, s, o);
	fprintf(f, " arg.kind=%d arg.num=%ld arg.var=%d arg.readonly=%d",
		o->arg.kind, o->arg.num, o->arg.var, o->arg.readonly);
	text(f, "arg.text", &o->arg.text);
	str(f, "src", o->src);
	str(f, "expect_src", o->expect_src);
	loc(f, "loc", &o->loc);
	fprintf(f, " noutcomes=%d\n", o->noutcomes);
	for (int j = 0; j < o->noutcomes; j++) {
		const struct scn_outcome *out = &o->out[j];

		fprintf(f, "  outcome %d: kind=%d value=%ld", j, out->kind,
			out->value);
		text(f, "text", &out->text);
		str(f, "src", out->src);
		fputc('\n', f);
	}
}

static void device(FILE *f, const struct sim_scenario *s, int i)
{
	const struct sim_target_device *d = &s->devices[i];
	const char *const *keys = s->target->device_keys;

	fprintf(f, "device %d: bus=%d line=%d", i, d->bus, d->line);
	str(f, "name", d->name);
	loc(f, "loc", &s->device_locs[i]);
	for (int k = 0; k < d->nkeys; k++) {
		int idx = -1;

		/* the key is the target's own string */
		for (int j = 0; keys && keys[j]; j++)
			if (keys[j] == d->keys[k])
				idx = j;
		fprintf(f, " key%d=%d", k, idx);
		str(f, "is", d->keys[k]);
		str(f, "value", d->values[k]);
	}
	fputc('\n', f);
}

static void setup_key(FILE *f, const struct sim_scenario *s)
{
	const struct sim_program *p = &s->prog;

	fprintf(f, "setup_shared=%d len=%zu", p->setup_shared,
		p->setup_key_len);
	if (p->setup_key == &s->setup_serial) {
		fprintf(f, " key=own\n");
		return;
	}
	fprintf(f, " key_is_setup_key=%d", p->setup_key == s->setup_key);
	str(f, "key", p->setup_key);
	fputc('\n', f);
}

void sim_scenario_dump(const struct sim_scenario *s, FILE *f)
{
	const struct sim_program *p = &s->prog;

	fprintf(f, "scenario");
	str(f, "file", s->file);
	str(f, "target", s->target ? s->target->name : NULL);
	fprintf(f, " nrequires=%d nguarded_out=%d expect_fail=%#x\n",
		s->nrequires, s->nguarded_out, s->expect_fail);
	for (int i = 0; i < s->nrequires; i++)
		fprintf(f, "requires %d: %d %d %u %s %d %s %d\n", i,
			s->requires[i].is_config, s->requires[i].cmp,
			s->requires[i].code, s->requires[i].config,
			s->requires[i].negate, s->requires[i].text,
			s->requires[i].line);
	loc(f, "target_loc", &s->target_loc);
	fputc('\n', f);
	for (int i = 0; i < s->ndevices; i++)
		device(f, s, i);
	for (int i = 0; i < s->nparams; i++) {
		fprintf(f, "param %d: line=%d", i, s->params[i].line);
		str(f, "module", s->params[i].module);
		str(f, "name", s->params[i].name);
		str(f, "value", s->params[i].value);
		fputc('\n', f);
	}
	for (int i = 0; i < s->nprocs; i++) {
		fprintf(f, "proc %d: caps=%#llx line=%d", i,
			(unsigned long long)s->procs[i].caps,
			s->procs[i].line);
		str(f, "name", s->procs[i].name);
		fputc('\n', f);
	}
	for (int i = 0; i < s->nthreads; i++) {
		const struct scn_thread *t = &s->threads[i];

		fprintf(f, "thread %d: proc=%d line=%d nops=%d ops=", i,
			t->proc, t->line, t->nops);
		for (int j = 0; j < t->nops; j++)
			fprintf(f, "%s%d", j ? "," : "", t->ops[j]);
		str(f, "name", t->name);
		fputc('\n', f);
	}
	for (int i = 0; i < s->nvars; i++) {
		const struct scn_var *v = &s->vars[i];

		fprintf(f, "var %d: type=%d line=%d thread=%d proc=%d", i,
			v->type, v->line, v->thread, v->proc);
		str(f, "name", v->name);
		str(f, "wait_what", v->wait_what);
		fputc('\n', f);
	}
	fprintf(f, "nops=%d\n", s->nops);
	for (int i = 0; i < s->nops; i++)
		dump_op(f, s, i);
	fprintf(f, "prog: name_is_file=%d ctx_is_scenario=%d hooks=%d",
		p->name == s->file, p->ctx == s,
		p->setup == scn_setup && p->invariant == scn_invariant &&
		p->teardown == scn_teardown && p->start == scn_start &&
		p->save == scn_save && p->restore == scn_restore);
	fputc(' ', f);
	setup_key(f, s);
}
