// SPDX-License-Identifier: GPL-2.0-only
/*
 * A parsed scenario: loading a file, freeing, and what callers may ask.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct sim_scenario *sim_scenario_load(const char *path, const char *target,
				       char *err, size_t errlen)
{
	struct sim_scenario *s;
	size_t len = 0, cap = 0;
	char *buf = NULL;
	FILE *f = fopen(path, "r");

	if (!f) {
		snprintf(err, errlen, "%s: error: cannot open: %s", path,
			 strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			char *nb;

			cap = cap ? cap * 2 : 4096;
			if (cap > (64u << 20)) {
				snprintf(err, errlen, "%s: error: file too "
					 "large", path);
				goto fail;
			}
			nb = realloc(buf, cap);
			if (!nb) {
				snprintf(err, errlen, "%s: error: out of "
					 "memory", path);
				goto fail;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: error: cannot read: %s", path,
			 strerror(errno));
		goto fail;
	}
	fclose(f);
	s = sim_scenario_parse(path, buf ? buf : "", len, target, err,
			       errlen);
	free(buf);
	return s;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

void sim_scenario_free(struct sim_scenario *s)
{
	if (!s)
		return;
	scn_forget(s);
	free(s->ops);
	scn_arena_release(&s->arena);
	free(s);
}

const struct sim_program *sim_scenario_program(const struct sim_scenario *s)
{
	return &s->prog;
}

const char *sim_scenario_target_name(const struct sim_scenario *s)
{
	return s->target->name;
}

const char *sim_scenario_file(const struct sim_scenario *s)
{
	return s->file;
}

unsigned int sim_scenario_expected_failures(const struct sim_scenario *s)
{
	return s->expect_fail;
}

int sim_scenario_nr_ops(const struct sim_scenario *s)
{
	return s->nops;
}

int sim_scenario_nr_guarded_out(const struct sim_scenario *s)
{
	return s->nguarded_out;
}

int sim_scenario_nr_threads(const struct sim_scenario *s)
{
	return s->nthreads;
}

