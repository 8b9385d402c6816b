// SPDX-License-Identifier: GPL-2.0-only
/*
 * The decoder's output (emit.h): scenario text, appended piece by piece
 * without printf(), and the same lines given to world/scenario's builder.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/emit.h"
#include "world/world.h"

static bool reserve(struct vf_out *o, size_t n)
{
	if (o->failed)
		return false;
	if (o->len + n + 1 > o->cap) {
		char *s;

		o->cap = 2 * o->cap + n;
		s = realloc(o->text, o->cap);
		if (!s) {
			o->failed = true;
			return false;
		}
		o->text = s;
	}
	return true;
}

static void put_v(struct vf_out *o, va_list ap)
{
	const char *s;

	while ((s = va_arg(ap, const char *))) {
		size_t n = strlen(s);

		if (!reserve(o, n))
			break;
		memcpy(o->text + o->len, s, n + 1);
		o->len += n;
	}
}

/* The strings up to NULL, appended to the text (when it is wanted). */
static void put(struct vf_out *o, ...) __attribute__((sentinel));

static void put(struct vf_out *o, ...)
{
	va_list ap;

	if (!o->want_text)
		return;
	va_start(ap, o);
	put_v(o, ap);
	va_end(ap);
}

static void check(struct vf_out *o, int ret)
{
	if (ret)
		o->failed = true;
}

int vf_out_init(struct vf_out *o, const struct sim_target *t, bool text,
		bool scenario, char *err, size_t errlen)
{
	memset(o, 0, offsetof(struct vf_out, op));
	o->want_text = text;
	o->err = err;
	o->errlen = errlen;
	if (text) {
		o->cap = 2048;
		o->text = malloc(o->cap);
		if (!o->text)
			return -1;
		o->text[0] = 0;
		put(o, "target ", t->name, "\n", NULL);
	}
	if (scenario) {
		o->s = sim_scenario_begin(&o->sb, "fuzz.sim", t, err, errlen);
		if (!o->s) {
			free(o->text);
			return -1;
		}
	}
	return 0;
}

void vf_out_device(struct vf_out *o, enum sim_bus bus, const char *name,
		   int nkeys, const char *const *keys,
		   const char *const *values)
{
	static const char *const bus_names[] = {
		[SIM_BUS_PCI] = "pci",
		[SIM_BUS_PLATFORM] = "platform",
		[SIM_BUS_MDEV] = "mdev",
	};

	put(o, "device ", bus_names[bus], " ", name, NULL);
	for (int i = 0; i < nkeys; i++)
		put(o, " ", keys[i], " ", values[i], NULL);
	put(o, "\n", NULL);
	if (o->s && !o->failed)
		check(o, sim_scenario_add_device(&o->sb, bus, name, nkeys,
						 keys, values));
}

void vf_out_param(struct vf_out *o, const char *module, const char *name,
		  const char *value)
{
	put(o, "param ", module, ".", name, "=", value, "\n", NULL);
	if (o->s && !o->failed)
		check(o, sim_scenario_add_param(&o->sb, module, name, value));
}

void vf_out_proc(struct vf_out *o, const char *name, uint64_t caps)
{
	bool rawio = caps & (1ull << SIM_CAP_SYS_RAWIO);
	bool admin = caps & (1ull << SIM_CAP_SYS_ADMIN);

	put(o, "proc ", name, NULL);
	if (rawio || admin)
		put(o, " caps=", rawio ? "SYS_RAWIO" : "",
		    rawio && admin ? "," : "", admin ? "SYS_ADMIN" : "",
		    NULL);
	put(o, "\n", NULL);
	if (o->s && !o->failed)
		check(o, sim_scenario_add_proc(&o->sb, name, caps));
}

void vf_out_thread(struct vf_out *o, const char *name, int proc,
		   const char *proc_name)
{
	put(o, "thread ", name, " proc=", proc_name, "\n", NULL);
	if (o->s && !o->failed)
		check(o, sim_scenario_add_thread(&o->sb, name, proc));
}

void vf_line_start(struct vf_out *o, enum sim_scenario_op_kind kind, int th)
{
	memset(&o->op, 0, sizeof(o->op));
	o->op.kind = kind;
	o->op.thread = th;
	o->op.fdvar = -1;
	o->op.arg_var = -1;
	o->op.expect_any = true;
	o->assign[0] = 0;
	o->src_len = 0;
}

void vf_src(struct vf_out *o, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, o);
	while ((s = va_arg(ap, const char *))) {
		size_t n = strlen(s);

		if (n >= sizeof(o->src) - o->src_len) {
			o->failed = true;
			break;
		}
		memcpy(o->src + o->src_len, s, n);
		o->src_len += n;
	}
	va_end(ap);
	o->src[o->src_len] = 0;
}

void vf_line_end(struct vf_out *o, const char *thread_name)
{
	if (o->want_text) {
		put(o, thread_name, ": ", NULL);
		if (o->assign[0])
			put(o, o->assign, " = ", NULL);
		put(o, o->src, "\texpect any\n", NULL);
	}
	if (!o->s || o->failed)
		return;
	o->op.assign = o->assign[0] ? o->assign : NULL;
	o->op.src = o->src;
	o->op.src_len = o->src_len;
	check(o, sim_scenario_add_op(&o->sb, &o->op));
}

int vf_out_finish(struct vf_out *o)
{
	if (o->s) {
		if (o->failed)
			sim_scenario_builder_abort(&o->sb);
		else
			o->s = sim_scenario_end(&o->sb);
		if (!o->s)
			o->failed = true;
	}
	if (o->failed) {
		free(o->text);
		o->text = NULL;
		o->s = NULL;
		return -1;
	}
	return 0;
}
