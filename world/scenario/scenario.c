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

static void outcome_free(struct scn_outcome *o)
{
	scn_text_free(&o->text);
	free(o->src);
}

void sim_scenario_free(struct sim_scenario *s)
{
	if (!s)
		return;
	scn_forget(s);
	for (int i = 0; i < s->nops; i++) {
		struct scn_op *op = &s->ops[i];

		scn_text_free(&op->path);
		scn_text_free(&op->arg.text);
		for (int j = 0; j < op->noutcomes; j++)
			outcome_free(&op->out[j]);
		free(op->src);
		free(op->expect_src);
		free(op->raw_name);
		free(op->raw_ioctl);
	}
	free(s->ops);
	for (int i = 0; i < s->ndevices; i++) {
		free((char *)s->devices[i].name);
		for (int j = 0; j < s->devices[i].nkeys; j++)
			free((char *)s->devices[i].values[j]);
	}
	for (int i = 0; i < s->nparams; i++) {
		free((char *)s->params[i].module);
		free((char *)s->params[i].name);
		free((char *)s->params[i].value);
	}
	free(s->setup_key);
	for (int i = 0; i < s->nprocs; i++)
		free(s->procs[i].name);
	for (int i = 0; i < s->nthreads; i++) {
		free(s->threads[i].name);
		free(s->threads[i].ops);
	}
	for (int i = 0; i < s->nvars; i++) {
		free(s->vars[i].name);
		free(s->vars[i].wait_what);
	}
	free(s->file);
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

