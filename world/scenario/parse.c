// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario parser: lines, directives (target, device, proc, thread)
 * and the header comment, into a struct sim_scenario that run.c turns
 * into a struct sim_program; operation lines are parse_op.c's.  The
 * grammar is in docs/scenarios.md.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"

static const char *const reserved[] = {
	"target", "device", "proc", "thread", "expect", NULL
};

static const struct {
	const char *name;
	int bit;
} cap_names[] = {
	{ "SYS_RAWIO", SIM_CAP_SYS_RAWIO },
	{ "SYS_ADMIN", SIM_CAP_SYS_ADMIN },
};

bool scn_word_is(const char *w, size_t len, const char *s)
{
	/* most words differ at once */
	if (len && w[0] != s[0])
		return false;
	/* a line holds no NUL: a shorter @s differs within @len */
	return !strncmp(s, w, len) && !s[len];
}

void scn_check_not_reserved(struct parser *ps, const char *at,
			       size_t len)
{
	for (int i = 0; reserved[i]; i++)
		if (scn_word_is(at, len, reserved[i]))
			scn_error(ps, at, "'%s' is a reserved word, not a name",
				  reserved[i]);
}

void scn_expect_eol(struct parser *ps)
{
	if (!scn_eol(ps))
		scn_expected(ps, ps->p, "end of line");
}

int scn_find_proc(const struct sim_scenario *s, const char *name,
		     size_t len)
{
	for (int i = 0; i < s->nprocs; i++)
		if (scn_word_is(name, len, s->procs[i].name))
			return i;
	return -1;
}

int scn_find_thread(const struct sim_scenario *s, const char *name,
		       size_t len)
{
	for (int i = 0; i < s->nthreads; i++)
		if (scn_word_is(name, len, s->threads[i].name))
			return i;
	return -1;
}

/*
 * Devices on different buses may share a name (a platform device called
 * like a PCI address): a reference is NAME, or BUS/NAME when NAME alone
 * names several (-2).
 */
int scn_find_device(const struct sim_scenario *s, const char *name,
		       size_t len)
{
	const char *slash = memchr(name, '/', len);
	int found = -1;
	enum sim_bus bus;

	if (slash) {
		char *b = strndup(name, slash - name);
		int err = b ? sim_bus_parse(b, &bus) : -1;

		free(b);
		if (err)
			return -1;
		len -= slash + 1 - name;
		name = slash + 1;
	}
	for (int i = 0; i < s->ndevices; i++) {
		if (!scn_word_is(name, len, s->devices[i].name))
			continue;
		if (slash && s->devices[i].bus != bus)
			continue;
		if (found >= 0)
			return -2;
		found = i;
	}
	return found;
}

static const char *target_list(char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (int i = 0; i < sim_nr_targets && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
			      sim_targets[i]->name);
	return buf;
}

/* The target: the command line's, the file's, or the default. */
const struct sim_target *scn_target(struct parser *ps)
{
	struct sim_scenario *s = ps->s;

	if (!s->target)
		s->target = sim_target_find(SIM_SCENARIO_DEFAULT_TARGET);
	return s->target;
}

/* --- directives ---------------------------------------------------------- */

static void parse_target(struct parser *ps, const char *kw)
{
	struct sim_scenario *s = ps->s;
	const struct sim_target *t;
	const char *name;
	char list[256];
	size_t len;
	char *n;

	if (ps->target_line)
		scn_error(ps, kw, "duplicate target line (first at line %d)",
			  ps->target_line);
	if (ps->seen_other)
		scn_error(ps, kw, "target must come before any other line");
	len = scn_word(ps, "a target name", &name);
	n = scn_strndup(ps, name, len);
	t = sim_target_find(n);
	if (!t)
		scn_error(ps, name, "unknown target '%.*s' (targets: %s)",
			  (int)len, name, target_list(list, sizeof(list)));
	scn_expect_eol(ps);
	ps->target_line = ps->line;
	if (!ps->target_name)
		s->target = t;
}

static const char *key_list(const struct sim_target *t, char *buf,
			    size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (int i = 0; t->device_keys && t->device_keys[i] && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
			      t->device_keys[i]);
	return buf;
}

static void parse_device_key(struct parser *ps, struct sim_target_device *d)
{
	const struct sim_target *t = scn_target(ps);
	const char *key, *value;
	size_t klen, vlen;
	char buf[256], msg[256];
	int i;

	klen = scn_word(ps, "a device key", &key);
	for (i = 0; t->device_keys && t->device_keys[i]; i++)
		if (scn_word_is(key, klen, t->device_keys[i]))
			break;
	if (!t->device_keys || !t->device_keys[i]) {
		scn_quote(key, klen, buf, sizeof(buf));
		if (!t->device_keys || !t->device_keys[0])
			scn_error(ps, key, "unknown device key %s (target %s "
				  "takes no device keys)", buf, t->name);
		scn_error(ps, key, "unknown device key %s for target %s "
			  "(valid keys: %s)", buf, t->name,
			  key_list(t, msg, sizeof(msg)));
	}
	for (int j = 0; j < d->nkeys; j++)
		if (!strcmp(d->keys[j], t->device_keys[i]))
			scn_error(ps, key, "duplicate key '%s'",
				  t->device_keys[i]);
	if (d->nkeys == SIM_TARGET_MAX_KEYS)
		scn_error(ps, key, "too many keys (at most %d)",
			  SIM_TARGET_MAX_KEYS);
	snprintf(buf, sizeof(buf), "a value for key '%s'", t->device_keys[i]);
	vlen = scn_word(ps, buf, &value);
	d->keys[d->nkeys] = t->device_keys[i];
	d->values[d->nkeys] = scn_strndup(ps, value, vlen);
	d->nkeys++;
	if (t->device_key && t->device_key(d, d->keys[d->nkeys - 1],
					   d->values[d->nkeys - 1], msg,
					   sizeof(msg)))
		scn_error(ps, value, "%s", msg);
}

static void parse_device(struct parser *ps)
{
	static const char *const formats[SIM_BUS_NR] = {
		[SIM_BUS_PCI] = " (expected DDDD:BB:SS.F)",
		[SIM_BUS_MDEV] = " (expected a UUID: 8-4-4-4-12 hex digits)",
	};
	struct sim_scenario *s = ps->s;
	struct sim_target_device *d;
	const char *bus, *name;
	size_t blen, nlen;
	enum sim_bus b;
	char buf[128];
	char *tmp;
	int other, err;

	blen = scn_word(ps, "a bus (pci, platform, mdev)", &bus);
	tmp = scn_strndup(ps, bus, blen);
	err = sim_bus_parse(tmp, &b);
	if (err) {
		scn_quote(bus, blen, buf, sizeof(buf));
		scn_error(ps, bus, "unknown bus %s (expected pci, platform or "
			  "mdev)", buf);
	}
	nlen = scn_word(ps, "a device name", &name);
	if (s->ndevices == SCN_MAX_DEVICES)
		scn_error(ps, name, "too many devices (at most %d)",
			  SCN_MAX_DEVICES);
	d = &s->devices[s->ndevices];
	d->name = scn_strndup(ps, name, nlen);
	d->bus = b;
	d->line = ps->line;
	s->device_locs[s->ndevices].file = s->file;
	s->device_locs[s->ndevices].line = ps->line;
	s->device_locs[s->ndevices].func = "device";
	s->ndevices++;
	if (!sim_bus_name_valid(b, d->name)) {
		scn_quote(name, nlen, buf, sizeof(buf));
		scn_error(ps, name, "invalid %s device name %s%s",
			  sim_bus_name(b), buf, formats[b] ? formats[b] : "");
	}
	for (other = 0; other < s->ndevices - 1; other++)
		if (s->devices[other].bus == b &&
		    !strcmp(s->devices[other].name, d->name))
			scn_error(ps, name, "duplicate device %s (declared at "
				  "line %d)", d->name,
				  s->devices[other].line);
	while (!scn_eol(ps))
		parse_device_key(ps, d);
}

static bool param_name_char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* A name [A-Za-z_][A-Za-z0-9_]* at the cursor, up to @stop. */
static size_t param_name(struct parser *ps, const char *what, char stop)
{
	const char *q = ps->p;

	while (q < ps->le && param_name_char(*q, q == ps->p))
		q++;
	if (q == ps->p || (q < ps->le && *q != stop && !scn_is_blank(*q)))
		scn_expected(ps, q == ps->p ? q : ps->p, what);
	return q - ps->p;
}

/* "param MODULE.NAME[=VALUE]": a module parameter, as on the command line */
static void parse_param(struct parser *ps)
{
	struct sim_scenario *s = ps->s;
	const struct sim_target *t = scn_target(ps);
	struct sim_target_param *p;
	const char *mod, *name, *value = NULL;
	size_t mlen, nlen, vlen = 0;
	char msg[256];
	int ret;

	if (scn_eol(ps))
		scn_expected(ps, ps->p, "MODULE.NAME[=VALUE]");
	mod = ps->p;
	mlen = param_name(ps, "a module name (MODULE.NAME[=VALUE])", '.');
	ps->p += mlen;
	if (ps->p >= ps->le || *ps->p != '.')
		scn_expected(ps, ps->p, "'.' and a parameter name "
			     "(MODULE.NAME[=VALUE])");
	name = ++ps->p;
	nlen = param_name(ps, "a parameter name (MODULE.NAME[=VALUE])", '=');
	ps->p += nlen;
	if (ps->p < ps->le && *ps->p == '=') {
		value = ++ps->p;
		while (ps->p < ps->le && !scn_is_blank(*ps->p) &&
		       *ps->p != '#')
			ps->p++;
		vlen = ps->p - value;
	}
	scn_expect_eol(ps);
	for (int i = 0; i < s->nparams; i++)
		if (scn_word_is(mod, mlen, s->params[i].module) &&
		    scn_word_is(name, nlen, s->params[i].name))
			scn_error(ps, mod, "duplicate parameter %s.%s (set at "
				  "line %d)", s->params[i].module,
				  s->params[i].name, s->params[i].line);
	if (s->nparams == SCN_MAX_PARAMS)
		scn_error(ps, mod, "too many parameters (at most %d)",
			  SCN_MAX_PARAMS);
	p = &s->params[s->nparams++];
	p->module = scn_strndup(ps, mod, mlen);
	p->name = scn_strndup(ps, name, nlen);
	p->value = value ? scn_strndup(ps, value, vlen) : NULL;
	p->line = ps->line;
	if (!t->param)
		scn_error(ps, mod, "unknown parameter %s.%s (target %s takes "
			  "no module parameters)", p->module, p->name,
			  t->name);
	msg[0] = 0;
	ret = t->param(p, msg, sizeof(msg));
	if (ret == -EINVAL)
		scn_error(ps, value ? value : name, "%s", msg);
	if (ret)
		scn_error(ps, mod, "%s", msg);
}

static struct scn_thread *add_thread(struct parser *ps, const char *at,
				     const char *name, size_t len, int proc)
{
	struct sim_scenario *s = ps->s;
	struct scn_thread *t;
	int other = scn_find_thread(s, name, len);

	if (other >= 0)
		scn_error(ps, at, "duplicate thread %s (declared at line %d)",
			  s->threads[other].name, s->threads[other].line);
	if (s->nthreads == SCN_MAX_THREADS)
		scn_error(ps, at, "too many threads (at most %d)",
			  SCN_MAX_THREADS);
	t = &s->threads[s->nthreads++];
	t->name = scn_strndup(ps, name, len);
	t->proc = proc;
	t->line = ps->line;
	return t;
}

uint64_t scn_parse_caps(struct parser *ps)
{
	static const char what[] = "a capability (SYS_RAWIO, SYS_ADMIN)";
	uint64_t caps = 0;

	do {
		const char *c;
		size_t len;
		int i;

		len = scn_name(ps, what, ",", &c);
		if (len > 4 && !memcmp(c, "CAP_", 4)) {
			c += 4;
			len -= 4;
		}
		for (i = 0; i < ARRAY_LEN(cap_names); i++)
			if (scn_word_is(c, len, cap_names[i].name))
				break;
		if (i == ARRAY_LEN(cap_names)) {
			char buf[128];

			scn_quote(c, len, buf, sizeof(buf));
			scn_error(ps, c, "unknown capability %s (expected "
				  "SYS_RAWIO or SYS_ADMIN)", buf);
		}
		if (caps & (1ull << cap_names[i].bit))
			scn_error(ps, c, "duplicate capability %s",
				  cap_names[i].name);
		caps |= 1ull << cap_names[i].bit;
		if (ps->p >= ps->le || *ps->p != ',')
			break;
		ps->p++;
		if (ps->p >= ps->le || scn_is_blank(*ps->p))
			scn_expected(ps, ps->p, what);
	} while (1);
	return caps;
}

static void parse_proc(struct parser *ps)
{
	struct sim_scenario *s = ps->s;
	struct scn_proc *p;
	const char *name;
	size_t len;
	int other;

	len = scn_name(ps, "a process name", NULL, &name);
	scn_check_not_reserved(ps, name, len);
	other = scn_find_proc(s, name, len);
	if (other >= 0)
		scn_error(ps, name, "duplicate process %s (declared at line "
			  "%d)", s->procs[other].name, s->procs[other].line);
	if (s->nprocs == SCN_MAX_PROCS)
		scn_error(ps, name, "too many processes (at most %d)",
			  SCN_MAX_PROCS);
	p = &s->procs[s->nprocs];
	p->name = scn_strndup(ps, name, len);
	p->line = ps->line;
	s->nprocs++;
	add_thread(ps, name, name, len, s->nprocs - 1);
	if (scn_eol(ps))
		return;
	if (ps->le - ps->p < 5 || memcmp(ps->p, "caps=", 5))
		scn_expected(ps, ps->p, "caps=CAP[,CAP...] or end of line");
	ps->p += 5;
	p->caps = scn_parse_caps(ps);
	scn_expect_eol(ps);
}

static void parse_thread(struct parser *ps)
{
	struct sim_scenario *s = ps->s;
	const char *name, *pname;
	size_t len, plen;
	int proc;

	len = scn_name(ps, "a thread name", NULL, &name);
	scn_check_not_reserved(ps, name, len);
	if (scn_eol(ps) || ps->le - ps->p < 5 || memcmp(ps->p, "proc=", 5))
		scn_expected(ps, ps->p, "proc=PROC");
	ps->p += 5;
	plen = scn_name(ps, "a process name", NULL, &pname);
	proc = scn_find_proc(s, pname, plen);
	if (proc < 0)
		scn_error(ps, pname, "thread before its proc: process %.*s is "
			  "not declared", (int)plen, pname);
	scn_expect_eol(ps);
	add_thread(ps, name, name, len, proc);
}
/* "# expect-failure: KIND[|KIND]" */
static void parse_header_comment(struct parser *ps)
{
	static const char tag[] = "expect-failure:";
	struct sim_scenario *s = ps->s;
	const char *q = ps->p + 1;

	while (q < ps->le && scn_is_blank(*q))
		q++;
	if ((size_t)(ps->le - q) < sizeof(tag) - 1 ||
	    memcmp(q, tag, sizeof(tag) - 1))
		return;
	ps->p = q + sizeof(tag) - 1;
	for (;;) {
		const char *k;
		size_t len;
		char *n;
		enum sim_fail_kind kind;

		while (ps->p < ps->le && scn_is_blank(*ps->p))
			ps->p++;
		k = ps->p;
		while (ps->p < ps->le && !scn_is_blank(*ps->p) &&
		       *ps->p != '|' && *ps->p != ',')
			ps->p++;
		len = ps->p - k;
		if (!len)
			scn_expected(ps, k, "a failure kind");
		n = scn_strndup(ps, k, len);
		kind = sim_fail_kind_parse(n);
		if (kind == SIM_FAIL_NONE) {
			char buf[128], list[512];
			size_t m = 0;

			for (int i = 1; i < SIM_FAIL_NR && m < sizeof(list);
			     i++)
				m += snprintf(list + m, sizeof(list) - m,
					      "%s%s", i > 1 ? ", " : "",
					      sim_fail_kind_name(i));
			scn_quote(k, len, buf, sizeof(buf));
			scn_error(ps, k, "unknown failure kind %s (expected "
				  "%s)", buf, list);
		}
		s->expect_fail |= 1u << kind;
		while (ps->p < ps->le && scn_is_blank(*ps->p))
			ps->p++;
		if (ps->p >= ps->le || (*ps->p != '|' && *ps->p != ','))
			break;
		ps->p++;
	}
	if (ps->p < ps->le)
		scn_expected(ps, ps->p, "'|' or end of line");
}

/* requires linux OP VERSION: the versions the whole file applies to */
static void parse_requires(struct parser *ps, const char *kw)
{
	struct sim_scenario *s = ps->s;

	if (s->nrequires == SCN_MAX_REQUIRES)
		scn_error(ps, kw, "more than %d requires lines",
			  SCN_MAX_REQUIRES);
	scn_parse_cond(ps, 0, &s->requires[s->nrequires++]);
	scn_expect_eol(ps);
}

/*
 * [linux OP VERSION] in front of an operation line: whether the line is
 * kept for this file's target.  Of a line left out only the "THREAD:"
 * is checked: its operation may name what this target does not have.
 */
static bool parse_guard(struct parser *ps)
{
	struct scn_cond c;
	const char *open = ps->p;

	ps->p++;
	scn_parse_cond(ps, ']', &c);
	while (ps->p < ps->le && scn_is_blank(*ps->p))
		ps->p++;
	if (ps->p >= ps->le || *ps->p != ']')
		scn_expected(ps, ps->p, "']' closing the condition");
	ps->p++;
	if (scn_eol(ps))
		scn_error(ps, open, "a [condition] must be followed by "
			  "THREAD: OPERATION");
	return scn_cond_holds(&c, scn_target(ps));
}

static void parse_line(struct parser *ps)
{
	const char *name, *q;
	size_t len;

	while (ps->p < ps->le && scn_is_blank(*ps->p))
		ps->p++;
	if (ps->p < ps->le && *ps->p == '#')
		parse_header_comment(ps);
	if (scn_eol(ps))
		return;
	if (*ps->p == '[') {
		bool keep;

		ps->seen_other = true;
		keep = parse_guard(ps);
		/* the line's shape is checked whatever the condition says */
		if (!scn_peek_name(ps, &name, &len))
			scn_expected(ps, ps->p, "THREAD: OPERATION");
		q = name + len;
		while (q < ps->le && scn_is_blank(*q))
			q++;
		if (q >= ps->le || *q != ':')
			scn_expected(ps, name, "THREAD: OPERATION");
		if (!keep) {
			ps->s->nguarded_out++;
			return;
		}
		ps->p = q + 1;
		scn_parse_op_line(ps, name, len);
		return;
	}
	if (!scn_peek_name(ps, &name, &len))
		scn_expected(ps, ps->p, "a directive (target, device, param, "
			     "proc, thread, requires) or THREAD: OPERATION");
	q = name + len;
	while (q < ps->le && scn_is_blank(*q))
		q++;
	if (q < ps->le && *q == ':') {
		ps->seen_other = true;
		ps->p = q + 1;
		scn_parse_op_line(ps, name, len);
		return;
	}
	if (scn_word_is(name, len, "target") &&
	    (q > name + len || q == ps->le)) {
		ps->p = q;
		parse_target(ps, name);
		return;
	}
	ps->seen_other = true;
	ps->p = name + len;
	if (ps->p < ps->le && !scn_is_blank(*ps->p))
		scn_expected(ps, name, "a directive (target, device, param, "
			     "proc, thread, requires) or THREAD: OPERATION");
	if (scn_word_is(name, len, "device"))
		parse_device(ps);
	else if (scn_word_is(name, len, "proc"))
		parse_proc(ps);
	else if (scn_word_is(name, len, "thread"))
		parse_thread(ps);
	else if (scn_word_is(name, len, "param"))
		parse_param(ps);
	else if (scn_word_is(name, len, "requires"))
		parse_requires(ps, name);
	else
		scn_expected(ps, name, "a directive (target, device, param, "
			     "proc, thread, requires) or THREAD: OPERATION");
}

static void finish(struct parser *ps)
{
	struct sim_scenario *s = ps->s;

	scn_target(ps);
	if (!s->nops) {
		ps->line = 1;
		ps->lp = ps->le = ps->p = ps->text;
		scn_error(ps, ps->p, "no operations (a scenario needs at least "
			  "one 'THREAD: OPERATION' line)");
	}
	if (scn_complete(s, ps->target_line))
		scn_error(ps, ps->p, "out of memory");
}

struct sim_scenario *scn_new(const char *file)
{
	struct sim_scenario *s = malloc(sizeof(*s));

	if (!s)
		return NULL;
	memset(s, 0, offsetof(struct sim_scenario, vars));
	scn_arena_init(&s->arena);
	s->file = scn_arena_alloc(&s->arena, strlen(file) + 1);
	if (!s->file) {
		free(s);
		return NULL;
	}
	strcpy(s->file, file);
	return s;
}

int scn_complete(struct sim_scenario *s, int target_line)
{
	s->target_loc.file = s->file;
	s->target_loc.line = target_line ? target_line : 1;
	s->target_loc.func = "target";
	for (int i = 0; i < s->nthreads; i++) {
		struct scn_thread *t = &s->threads[i];

		t->nops = 0;
		t->ops = scn_arena_alloc(&s->arena, s->nops * sizeof(int));
		if (!t->ops)
			return -1;
	}
	for (int j = 0; j < s->nops; j++) {
		struct scn_thread *t = &s->threads[s->ops[j].thread];

		t->ops[t->nops++] = j;
	}
	s->prog.name = s->file;
	s->prog.setup = scn_setup;
	s->prog.invariant = scn_invariant;
	s->prog.teardown = scn_teardown;
	s->prog.ctx = s;
	s->prog.start = scn_start;
	s->prog.save = scn_save;
	s->prog.restore = scn_restore;
	scn_setup_key(s);
	return 0;
}

struct sim_scenario *sim_scenario_parse(const char *file, const char *text,
					size_t len, const char *target_name,
					char *err, size_t errlen)
{
	struct parser ps;
	struct sim_scenario *volatile s;
	const char *nul;

	if (errlen)
		err[0] = 0;
	s = scn_new(file);
	if (!s) {
		snprintf(err, errlen, "%s: error: out of memory", file);
		return NULL;
	}
	memset(&ps, 0, sizeof(ps));
	ps.s = s;
	ps.file = file;
	ps.text = text;
	ps.end = text + len;
	ps.err = err;
	ps.errlen = errlen;
	ps.target_name = target_name;
	if (target_name) {
		s->target = sim_target_find(target_name);
		if (!s->target) {
			char list[256];

			snprintf(err, errlen, "%s: error: unknown target '%s' "
				 "(targets: %s)", file, target_name,
				 target_list(list, sizeof(list)));
			sim_scenario_free(s);
			return NULL;
		}
	}
	if (setjmp(ps.jb)) {
		sim_scenario_free(s);
		return NULL;
	}
	for (const char *lp = text; lp < ps.end; ) {
		const char *le = memchr(lp, '\n', ps.end - lp);

		if (!le)
			le = ps.end;
		ps.line++;
		ps.lp = ps.p = lp;
		ps.le = le;
		nul = memchr(lp, 0, le - lp);
		if (nul)
			scn_error(&ps, nul, "NUL byte in the file");
		parse_line(&ps);
		lp = le + 1;
	}
	finish(&ps);
	return s;
}

