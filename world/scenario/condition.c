// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conditions on the kernel of a scenario's target: a `requires linux >=
 * 7.0` line says which versions the whole file applies to; a `[linux <
 * 7.0]` in front of an operation line keeps that line only on those
 * versions (the uAPI changed: two guarded lines give the outcome of
 * each).  `CONFIG_NAME` and `!CONFIG_NAME` ask about an option of the
 * core's configuration (shims/include/shims/kconfig-vfio.h).  A target's
 * version is its vfio core's LINUX_VERSION_CODE (the model's:
 * vfio-core/VERSION); a target that is no kernel (simdev) meets no
 * condition, whatever it says.
 */
#include <stdio.h>
#include <string.h>

#include "parser.h"

static const struct {
	const char *op;
	enum scn_cmp cmp;
} cmps[] = {
	/* two-character operators first */
	{ ">=", SCN_GE }, { "<=", SCN_LE }, { "==", SCN_EQ },
	{ "!=", SCN_NE }, { ">", SCN_GT }, { "<", SCN_LT },
};

/* MAJOR.MINOR[.SUBLEVEL] as LINUX_VERSION_CODE; -1 when malformed. */
static long version_code(const char *s, size_t len)
{
	unsigned long part[3] = { 0, 0, 0 };
	int n = 0;
	size_t i = 0;

	while (n < 3) {
		size_t start = i;

		while (i < len && s[i] >= '0' && s[i] <= '9') {
			part[n] = part[n] * 10 + (s[i] - '0');
			if (part[n] > 255)
				return -1;
			i++;
		}
		if (i == start)
			return -1;
		n++;
		if (i == len)
			break;
		if (s[i] != '.')
			return -1;
		i++;
	}
	if (i != len || n < 2)
		return -1;
	return (long)((part[0] << 16) | (part[1] << 8) | part[2]);
}

/* [!]CONFIG_NAME at the cursor */
static void parse_config_cond(struct parser *ps, char stop,
			      struct scn_cond *c)
{
	char stops[2] = { stop, 0 };
	const char *what, *start = ps->p;
	size_t len;

	c->is_config = true;
	if (*ps->p == '!') {
		c->negate = true;
		ps->p++;
	}
	len = scn_name(ps, "CONFIG_NAME", stops, &what);
	if (len <= 7 || strncmp(what, "CONFIG_", 7))
		scn_error(ps, what, "expected CONFIG_NAME, found '%.*s'",
			  (int)len, what);
	if (len - 7 >= sizeof(c->config))
		scn_error(ps, what, "option name too long");
	snprintf(c->config, sizeof(c->config), "%.*s", (int)len - 7,
		 what + 7);
	c->line = ps->line;
	snprintf(c->text, sizeof(c->text), "%.*s", (int)(ps->p - start),
		 start);
}

void scn_parse_cond(struct parser *ps, char stop,
			    struct scn_cond *c)
{
	char stops[6] = { '<', '>', '=', '!', stop, 0 };
	const char *start, *what;
	size_t len, i;
	long code;

	memset(c, 0, sizeof(*c));
	while (ps->p < ps->le && scn_is_blank(*ps->p))
		ps->p++;
	if (ps->p < ps->le && (*ps->p == '!' || *ps->p == 'C')) {
		parse_config_cond(ps, stop, c);
		return;
	}
	start = ps->p;
	len = scn_name(ps, "linux or CONFIG_NAME", stops, &what);
	if (!scn_word_is(what, len, "linux"))
		scn_error(ps, what, "expected 'linux OP VERSION' or "
			  "'[!]CONFIG_NAME', found '%.*s'", (int)len, what);
	while (ps->p < ps->le && scn_is_blank(*ps->p))
		ps->p++;
	for (i = 0; i < ARRAY_LEN(cmps); i++) {
		size_t n = strlen(cmps[i].op);

		if ((size_t)(ps->le - ps->p) >= n &&
		    !memcmp(ps->p, cmps[i].op, n))
			break;
	}
	if (i == ARRAY_LEN(cmps))
		scn_expected(ps, ps->p, "a comparison (>=, <=, ==, !=, >, <)");
	c->cmp = cmps[i].cmp;
	ps->p += strlen(cmps[i].op);
	while (ps->p < ps->le && scn_is_blank(*ps->p))
		ps->p++;
	what = ps->p;
	while (ps->p < ps->le && !scn_is_blank(*ps->p) && *ps->p != stop &&
	       *ps->p != '#')
		ps->p++;
	code = version_code(what, ps->p - what);
	if (code < 0)
		scn_expected(ps, what, "a kernel version (MAJOR.MINOR or "
			     "MAJOR.MINOR.SUBLEVEL, e.g. 7.0)");
	c->code = code;
	c->line = ps->line;
	while (ps->p > start && scn_is_blank(ps->p[-1]))
		ps->p--;
	snprintf(c->text, sizeof(c->text), "%.*s", (int)(ps->p - start),
		 start);
}

/* Whether target @t's configuration has option @name. */
static bool has_config(const struct sim_target *t, const char *name)
{
	for (const char *const *o = t->kernel_configs; o && *o; o++)
		if (!strcmp(*o, name))
			return true;
	return false;
}

bool scn_cond_holds(const struct scn_cond *c,
		       const struct sim_target *t)
{
	unsigned int v = t ? t->kernel_version : 0;

	if (!v)
		return false;
	if (c->is_config)
		return has_config(t, c->config) != c->negate;
	switch (c->cmp) {
	case SCN_LT:
		return v < c->code;
	case SCN_LE:
		return v <= c->code;
	case SCN_EQ:
		return v == c->code;
	case SCN_NE:
		return v != c->code;
	case SCN_GE:
		return v >= c->code;
	case SCN_GT:
		return v > c->code;
	}
	return false;
}

bool sim_scenario_applies(const struct sim_scenario *s, char *why,
			  size_t len)
{
	const struct sim_target *t = s->target;

	for (int i = 0; i < s->nrequires; i++) {
		const struct scn_cond *c = &s->requires[i];

		if (scn_cond_holds(c, t))
			continue;
		if (t->kernel_version && c->is_config)
			snprintf(why, len, "target %s %s CONFIG_%s; line %d "
				 "requires %s", t->name,
				 c->negate ? "has" : "does not have",
				 c->config, c->line, c->text);
		else if (t->kernel_version)
			snprintf(why, len, "target %s is linux %u.%u.%u; "
				 "line %d requires %s", t->name,
				 t->kernel_version >> 16,
				 (t->kernel_version >> 8) & 0xff,
				 t->kernel_version & 0xff, c->line, c->text);
		else
			snprintf(why, len, "target %s is not a kernel; line "
				 "%d requires %s", t->name, c->line, c->text);
		return false;
	}
	if (len)
		why[0] = 0;
	return true;
}
