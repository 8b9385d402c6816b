// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reports of the data-race detector, as a kernel developer reads KCSAN's
 * and KASAN's: the headline names both functions, then each access with
 * its size, task, step and call site, then what the address is.
 *
 * Code addresses are turned into function, file and line by addr2line
 * (binutils) on the running executable, once per address; the cores are
 * built with -g for it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "race_impl.h"

struct sym {
	const void *pc;
	struct sim_loc loc;	/* outermost function, file:line of pc */
	char *inlined;		/* "list_add (include/linux/list.h:88)" */
	struct sym *next;
};

#define SYM_BUCKETS	256
static struct sym *syms[SYM_BUCKETS];

/* A path as the reports show it: from the tree's own top folder. */
static const char *short_path(const char *path)
{
	static const char *const roots[] = {
		"/drivers/", "/include/", "/vfio-core/", "/targets/",
		"/shims/", "/mocks/", "/sim/", "/world/", "/frontends/",
	};
	const char *best = NULL;

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		const char *p = strstr(path, roots[i]);

		if (p && (!best || p < best))
			best = p;
	}
	return best ? best + 1 : path;
}

static bool is_pie(const char *file)
{
	FILE *f = fopen(file, "rb");
	Elf64_Ehdr eh;
	bool pie = true;

	if (!f)
		return true;
	if (fread(&eh, sizeof(eh), 1, f) == 1)
		pie = eh.e_type == ET_DYN;
	fclose(f);
	return pie;
}

/*
 * Runs addr2line on @pc; fills @s.  Unknown parts stay "??".  The function
 * is the innermost one, the source function the line is in, whether the
 * compiler inlined it or not: so a report reads the same at -O0 and -O1
 * (and a suppression matches in both); the functions it was inlined into
 * follow in s->inlined.
 */
static void symbolize(struct sym *s)
{
	char cmd[4200], func[512], where[1024], chain[1024] = "";
	unsigned long offset;
	Dl_info info;
	FILE *p;
	int n = 0;

	s->loc.func = "??";
	s->loc.file = "??";
	s->loc.line = 0;
	if (!dladdr(s->pc, &info) || !info.dli_fname)
		return;
	/* a return address (every pc here is one): the call is before it */
	offset = (uintptr_t)s->pc - 1;
	if (is_pie(info.dli_fname))
		offset -= (uintptr_t)info.dli_fbase;
	snprintf(cmd, sizeof(cmd), "addr2line -f -i -e '%s' 0x%lx 2>/dev/null",
		 info.dli_fname, offset);
	p = popen(cmd, "r");
	if (!p)
		return;
	while (fgets(func, sizeof(func), p) && fgets(where, sizeof(where), p)) {
		char *colon;
		int line;

		func[strcspn(func, "\n")] = 0;
		/* addr2line appends " (discriminator N)" to some lines */
		where[strcspn(where, " \n")] = 0;
		colon = strrchr(where, ':');
		line = colon ? atoi(colon + 1) : 0;
		if (colon)
			*colon = 0;
		if (!n++) {
			s->loc.func = strdup(func);
			s->loc.file = strdup(short_path(where));
			s->loc.line = line;
		} else {
			size_t len = strlen(chain);

			snprintf(chain + len, sizeof(chain) - len,
				 "%s%.100s() %.200s:%d", len ? ", in " : "",
				 func, short_path(where), line);
		}
	}
	pclose(p);
	if (!s->loc.func || !s->loc.file) {
		s->loc.func = "??";
		s->loc.file = "??";
	}
	if (chain[0])
		s->inlined = strdup(chain);
}

static const struct sym *sym_of(const void *pc)
{
	size_t b = ((uintptr_t)pc >> 2) % SYM_BUCKETS;
	struct sym *s;

	for (s = syms[b]; s; s = s->next)
		if (s->pc == pc)
			return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->pc = pc;
	symbolize(s);
	s->next = syms[b];
	syms[b] = s;
	return s;
}

const struct sim_loc *sim_code_loc(const void *pc)
{
	/* symbolize() takes return addresses: the call is the byte before */
	return &sym_of((const char *)pc + 1)->loc;
}

/* Where an access happened, as a location. */
static const struct sim_loc *cell_loc(const struct race_cell *c)
{
	if (c->flags & RACE_LOC)
		return c->pc;
	return &sym_of(c->pc)->loc;
}

static const char *cell_func(const struct race_cell *c)
{
	const struct sim_loc *loc = cell_loc(c);

	if (c->flags & RACE_FREE)
		return "kfree";
	return loc && loc->func ? loc->func : "??";
}

static void print_frame(const char *prefix, const void *pc, bool is_loc)
{
	const struct sim_loc *loc;

	if (!pc)
		return;
	if (is_loc) {
		loc = pc;
		sim_report("%s%s() %s:%d\n", prefix, loc->func, loc->file,
			   loc->line);
		return;
	}
	loc = &sym_of(pc)->loc;
	sim_report("%s%s() %s:%d\n", prefix, loc->func, loc->file, loc->line);
	if (sym_of(pc)->inlined)
		sim_report("%s  (inlined in %s)\n", prefix,
			   sym_of(pc)->inlined);
}

/* The running thread's calls (__tsan_func_entry's), innermost first. */
static void print_stack(int tid)
{
	const struct race_stack *s = &race_stacks[tid];
	unsigned int depth = s->depth < RACE_STACK_DEPTH ?
			     s->depth : RACE_STACK_DEPTH;

	for (unsigned int i = depth; i-- > 0 && depth - i <= 12;)
		print_frame(" ", s->frame[i], false);
}

static void print_access(const struct race_cell *c, bool current)
{
	const char *kind = c->flags & RACE_FREE ? "kfree" :
			   c->flags & RACE_WRITE ? "write" : "read";

	sim_report("%s%s to 0x%016" PRIx64 " of %u bytes by task %d (%s) "
		   "on step %u:\n", c->flags & RACE_MARKED ? "marked " : "",
		   kind, c->addr, c->size, c->tid, sim_thread_name(c->tid),
		   c->step);
	print_frame(" ", c->pc, c->flags & RACE_LOC);
	if (current)
		print_stack(c->tid);
	else
		print_frame(" ", c->caller, false);
	sim_report("\n");
}

/*
 * With a JSON trace (the failing schedule's replay): the access as a step
 * line that follows trace step c->step in its thread, so that the HTML
 * swimlanes show both accesses where they happened.
 */
static void json_access(const struct race_cell *c, const char *what)
{
	FILE *out = sim_engine.json;
	const struct sim_loc *loc = cell_loc(c);

	if (!out)
		return;
	fprintf(out, "{\"step\":%u,\"race\":true,\"tid\":%d,\"thread\":",
		c->step, c->tid);
	sim_json_string(out, sim_thread_name(c->tid));
	fputs(",\"switch\":\"\",\"op\":\"race\",\"what\":", out);
	sim_json_string(out, what);
	fputs(",\"text\":", out);
	{
		char text[128];

		snprintf(text, sizeof(text), "%s%s of %u bytes (%s)",
			 c->flags & RACE_MARKED ? "marked " : "",
			 c->flags & RACE_FREE ? "kfree" :
			 c->flags & RACE_WRITE ? "write" : "read", c->size,
			 what);
		sim_json_string(out, text);
	}
	if (loc) {
		fputs(",\"file\":", out);
		sim_json_string(out, loc->file);
		fprintf(out, ",\"line\":%d,\"func\":", loc->line);
		sim_json_string(out, loc->func);
	}
	fputs(",\"locks\":[]}\n", out);
	fflush(out);
}

static void print_address(uintptr_t addr)
{
	const struct race_object *o = race_object_at(addr);

	if (o) {
		sim_report("The address is %zu bytes inside a %zu-byte object "
			   "allocated at %s:%d %s()", addr - o->start, o->size,
			   o->alloc ? short_path(o->alloc->file) : "?",
			   o->alloc ? o->alloc->line : 0,
			   o->alloc ? o->alloc->func : "?");
		if (o->free)
			sim_report(", freed at %s:%d %s() by task %d on step "
				   "%u", short_path(o->free->file),
				   o->free->line,
				   o->free->func, o->free_tid, o->free_step);
		sim_report(".\n");
		return;
	}
	o = race_object_left_of(addr);
	if (o) {
		sim_report("The address is %zu bytes to the right of a "
			   "%zu-byte object allocated at %s:%d %s().\n",
			   (size_t)(addr - o->start - o->size), o->size,
			   o->alloc ? short_path(o->alloc->file) : "?",
			   o->alloc ? o->alloc->line : 0,
			   o->alloc ? o->alloc->func : "?");
		return;
	}
	for (int t = 0; t < sim_engine.nthreads; t++) {
		const struct sim_coro *co = &sim_engine.threads[t].coro;

		if (addr - (uintptr_t)co->stack < co->stack_size) {
			sim_report("The address is on the stack of task %d "
				   "(%s).\n", t, sim_thread_name(t));
			return;
		}
	}
	sim_report("The address is not in a kmalloc object (a global of "
		   "the core, or memory of the simulator).\n");
}

/* --- suppressions -------------------------------------------------------- */

struct suppression {
	char *func[2];		/* names, or prefixes ending in '*' */
	char *reason;
	char *origin;		/* "file:line" */
};

bool sim_race_suppress = true;
static struct suppression *supps;
static size_t nr_supps;

int sim_race_suppressions_load(const char *text, const char *origin,
			       char *err, size_t errlen)
{
	int lineno = 0;

	for (const char *line = text; *line;) {
		size_t len = strcspn(line, "\n");
		char buf[1024], kind[64], a[256], b[256];
		int used = 0;
		struct suppression *sp;

		lineno++;
		snprintf(buf, sizeof(buf), "%.*s", (int)len, line);
		line += len + (line[len] == '\n');
		if (!buf[strspn(buf, " \t")] || buf[strspn(buf, " \t")] == '#')
			continue;
		if (sscanf(buf, " %63s %255s %255s %n", kind, a, b,
			   &used) != 3 || !used) {
			snprintf(err, errlen, "%s:%d: expected 'data-race "
				 "FUNCTION FUNCTION REASON'", origin, lineno);
			return -1;
		}
		if (strcmp(kind, "data-race")) {
			snprintf(err, errlen, "%s:%d: unknown kind '%s' (only "
				 "data-race can be suppressed)", origin, lineno,
				 kind);
			return -1;
		}
		if (!buf[used]) {
			snprintf(err, errlen, "%s:%d: a suppression needs its "
				 "reason after the two functions", origin,
				 lineno);
			return -1;
		}
		sp = realloc(supps, (nr_supps + 1) * sizeof(*supps));
		if (!sp)
			abort();
		supps = sp;
		sp = &supps[nr_supps++];
		sp->func[0] = strdup(a);
		sp->func[1] = strdup(b);
		sp->reason = strdup(buf + used);
		if (asprintf(&sp->origin, "%s:%d", origin, lineno) < 0)
			abort();
	}
	return 0;
}

/* A function name, or a prefix of one ending in '*'. */
static bool func_match(const char *pattern, const char *name)
{
	size_t len = strlen(pattern);

	if (len && pattern[len - 1] == '*')
		return !strncmp(pattern, name, len - 1);
	return !strcmp(pattern, name);
}

static const struct suppression *suppressed(const char *a, const char *b)
{
	for (size_t i = 0; i < nr_supps; i++) {
		const struct suppression *sp = &supps[i];

		if ((func_match(sp->func[0], a) &&
		     func_match(sp->func[1], b)) ||
		    (func_match(sp->func[0], b) &&
		     func_match(sp->func[1], a)))
			return sp;
	}
	return NULL;
}

bool race_suppressed(const struct race_cell *old, const struct race_cell *now)
{
	if (!nr_supps || !sim_race_suppress)
		return false;
	return suppressed(cell_func(old), cell_func(now));
}

/* --- reports ------------------------------------------------------------- */

void race_report(const struct race_cell *old, const struct race_cell *now)
{
	const char *a = cell_func(old), *b = cell_func(now);
	/* as KCSAN does: the two names in order, so one race has one title */
	bool swap = strcmp(a, b) > 0;

	sim_report("==================================================="
		   "===============\n"
		   "BUG: KCSAN: data-race in %s / %s\n\n", swap ? b : a,
		   swap ? a : b);
	print_access(old, false);
	print_access(now, true);
	print_address(now->addr);
	json_access(old, "data-race");
	json_access(now, "data-race");
	sim_report("No happens-before edge orders the two accesses "
		   "(docs/race-detector.md).\n"
		   "==================================================="
		   "===============\n");
	sim_fail(SIM_FAIL_DATA_RACE, cell_loc(now), "data-race in %s / %s",
		 swap ? b : a, swap ? a : b);
}

/* KASAN's report of @now: BUG, the access, its stack, the address. */
static void __attribute__((noreturn))
report_kasan(const struct race_cell *now, const char *bug, const char *what,
	     enum sim_fail_kind kind)
{
	const char *f = cell_func(now);

	sim_report("==================================================="
		   "===============\n"
		   "BUG: KASAN: %s in %s\n"
		   "%s of size %u at addr %016" PRIx64 " by task %d (%s) on "
		   "step %u:\n", bug, f,
		   now->flags & RACE_WRITE ? "Write" : "Read",
		   now->size, now->addr, now->tid, sim_thread_name(now->tid),
		   now->step);
	print_frame(" ", now->pc, now->flags & RACE_LOC);
	print_stack(now->tid);
	sim_report("\n");
	print_address(now->addr);
	json_access(now, what);
	sim_report("==================================================="
		   "===============\n");
	sim_fail(kind, cell_loc(now), "BUG: KASAN: %s in %s", bug, f);
}

void race_report_oob(const struct race_cell *now)
{
	report_kasan(now, "slab-out-of-bounds", "out-of-bounds",
		     SIM_FAIL_CRASH);
}

void race_report_uaf(const struct race_cell *now)
{
	report_kasan(now, "slab-use-after-free", "use-after-free",
		     SIM_FAIL_UAF);
}
