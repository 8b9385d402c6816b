// SPDX-License-Identifier: GPL-2.0-only
/*
 * The set-up snapshot's key of a scenario (struct sim_scenario's
 * setup_key, docs/explorer.md "The set-up snapshot"): what its set-up
 * depends on, as text (target, processes with their capabilities,
 * devices with their keys), so that scenarios declaring the same world
 * share one snapshot.  A scenario with module parameters (a charp keeps
 * a pointer into the scenario) gets a serial number of its own instead.
 *
 * Built without printf(), measured first and then written into one
 * allocation of the arena: the fuzzer makes a scenario per input.
 */
#include <string.h>

#include "internal.h"

/* numbers the scenarios whose set-up snapshot is their own */
static uint64_t setup_serials;

/* the key being written, or with @buf NULL measured */
struct key {
	char *buf;
	size_t len;
};

static void put(struct key *k, const char *str)
{
	size_t n = strlen(str);

	if (k->buf)
		memcpy(k->buf + k->len, str, n);
	k->len += n;
}

/* @v in base @base (10 or 16, lower case), as printf() writes it. */
static void put_num(struct key *k, unsigned long long v, unsigned int base)
{
	char tmp[24], out[24];
	int n = 0, o = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		out[o++] = tmp[--n];
	out[o] = 0;
	put(k, out);
}

static void key_text(const struct sim_scenario *s, struct key *k)
{
	put(k, "target ");
	put(k, s->target->name);
	put(k, "\n");
	for (int i = 0; i < s->nprocs; i++) {
		put(k, "proc ");
		put(k, s->procs[i].name);
		put(k, " ");
		put_num(k, s->procs[i].caps, 16);
		put(k, "\n");
	}
	for (int i = 0; i < s->ndevices; i++) {
		const struct sim_target_device *d = &s->devices[i];

		put(k, "device ");
		put_num(k, d->bus, 10);
		put(k, " ");
		put(k, d->name);
		for (int j = 0; j < d->nkeys; j++) {
			put(k, " ");
			put(k, d->keys[j]);
			put(k, "=");
			put(k, d->values[j]);
		}
		put(k, "\n");
	}
}

void scn_setup_key(struct sim_scenario *s)
{
	struct key k = { NULL, 0 };

	s->prog.setup_key = &s->setup_serial;
	s->prog.setup_key_len = sizeof(s->setup_serial);
	s->setup_serial = ++setup_serials;
	if (s->nparams)
		return;
	key_text(s, &k);
	k.buf = scn_arena_alloc(&s->arena, k.len + 1);
	if (!k.buf)
		return;
	k.len = 0;
	key_text(s, &k);
	s->setup_key = k.buf;
	s->prog.setup_key = k.buf;
	s->prog.setup_key_len = k.len;
	s->prog.setup_shared = true;
}
