// SPDX-License-Identifier: GPL-2.0-only
/*
 * Crash isolation and crash reports: forking a child with the crash
 * handlers from before main(), capturing its stderr, and turning what a
 * crashed child leaves behind into a report shaped as the kernel's KASAN,
 * UBSAN or oops reports are: a headline that names the bug and the
 * function ("BUG: KASAN: slab-use-after-free in vfio_device_release"),
 * the access, the stacks of the access, the allocation and the free with
 * the frames that match a step of the trace marked, then the tool's own
 * report as it printed it.  Titles have no pids or addresses: a replay
 * must crash with the same one.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "engine.h"
#include "sim/sanitizer.h"

static void copy(char *dst, size_t len, const char *src, size_t n)
{
	if (n > len - 1)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

static void copy_str(char *dst, size_t len, const char *src)
{
	copy(dst, len, src ? src : "", src ? strlen(src) : 0);
}

/* --- what the child leaves behind ---------------------------------------- */

void sim_crash_info_reset(struct sim_crash_info *ci)
{
	if (!ci)
		return;
	ci->nsteps = 0;
	ci->died = false;
	ci->tid = -1;
	ci->thread[0] = 0;
	ci->after_step = 0;
	memset(&ci->last, 0, sizeof(ci->last));
	ci->sig = ci->code = 0;
	ci->addr = 0;
	ci->npc = 0;
}

static void fill_rec(struct sim_step_rec *r, uint32_t step,
		     const struct sim_thread *t, const struct sim_loc *loc,
		     const char *what)
{
	r->step = step;
	r->tid = t ? t->tid : -1;
	copy_str(r->thread, sizeof(r->thread), t ? t->name : "main");
	copy_str(r->file, sizeof(r->file), loc ? loc->file : NULL);
	copy_str(r->func, sizeof(r->func), loc ? loc->func : NULL);
	r->line = loc ? loc->line : 0;
	copy_str(r->what, sizeof(r->what), what);
}

void sim_crash_note_step(struct sim_thread *t, const struct sim_loc *loc,
			 const char *what)
{
	struct sim_engine *e = &sim_engine;
	struct sim_crash_info *ci = e->crash;

	if (!ci)
		return;
	/* a new execution numbers its steps from 1 again */
	if (e->trace_lines == 1)
		ci->nsteps = 0;
	fill_rec(&ci->steps[ci->nsteps++ % SIM_STEPLOG], e->trace_lines, t,
		 loc, what);
}

/* The child is dying: note who ran.  Plain stores only. */
static void note_death(void)
{
	struct sim_engine *e = &sim_engine;
	struct sim_crash_info *ci = e->crash;
	struct sim_thread *t = sim_current;

	if (!ci || ci->died)
		return;
	ci->tid = t ? t->tid : -1;
	copy_str(ci->thread, sizeof(ci->thread), t ? t->name : "main");
	ci->after_step = e->trace ? e->trace_lines : 0;
	if (t && t->last_loc)
		fill_rec(&ci->last, 0, t, t->last_loc, t->last_what);
	ci->died = true;
}

/*
 * With no sanitizer, a crash signal is caught once, in the child: the
 * signal, the faulting address and the return addresses along the frame
 * pointers (the build keeps them) are noted, and the signal is raised
 * again with its default action, so that the child dies of it.  A fault
 * while walking the stack ends the child the same way, with what was
 * noted so far.
 */
static void crash_signal(int sig, siginfo_t *si, void *uctx)
{
	struct sim_crash_info *ci = sim_engine.crash;
	ucontext_t *uc = uctx;
	uintptr_t fp;

	if (ci && !ci->died) {
		ci->sig = sig;
		ci->code = si->si_code;
		ci->addr = (uintptr_t)si->si_addr;
		ci->pc[0] = uc->uc_mcontext.gregs[REG_RIP];
		ci->npc = 1;
		fp = uc->uc_mcontext.gregs[REG_RBP];
		while (ci->npc < SIM_CRASH_PCS && fp && !(fp & 7)) {
			uintptr_t next = ((uintptr_t *)fp)[0];
			uintptr_t ret = ((uintptr_t *)fp)[1];

			if (!ret)
				break;
			ci->pc[ci->npc++] = ret;
			if (next <= fp || next - fp > (1u << 20))
				break;
			fp = next;
		}
		note_death();
	}
	raise(sig);	/* SA_RESETHAND: the default action now */
}

#ifdef SIM_ASAN
/* the sanitizers' runtime calls it as it dies (the report is written) */
extern void __sanitizer_set_death_callback(void (*callback)(void));

/*
 * UBSan's reports with their stack, as ASan's are, so that a crash's
 * headline names the function (UBSAN_OPTIONS still has the last word).
 */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "print_stacktrace=1";
}
#endif

/* --- symbols, for the bare return addresses of a signal ------------------ */

#ifndef SIM_ASAN
struct symtab {
	void *map;
	size_t size;
	const Elf64_Sym *sym;
	size_t nsym;
	const char *str;
	uintptr_t bias;
};

static int main_bias(struct dl_phdr_info *info, size_t size, void *data)
{
	*(uintptr_t *)data = info->dlpi_addr;
	return 1;	/* the first object is the program */
}

/* The program's own symbol table (not stripped: a release build). */
static bool symtab_open(struct symtab *st)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	struct stat sb;
	void *map;
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	memset(st, 0, sizeof(*st));
	if (fd < 0)
		return false;
	if (fstat(fd, &sb) || sb.st_size < (off_t)sizeof(*eh)) {
		close(fd);
		return false;
	}
	map = mmap(NULL, sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return false;
	st->map = map;
	st->size = sb.st_size;
	eh = map;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(*sh) >
	    (uint64_t)sb.st_size) {
		munmap(map, sb.st_size);
		return false;
	}
	sh = (const Elf64_Shdr *)((const char *)map + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		st->sym = (const Elf64_Sym *)((const char *)map +
					      sh[i].sh_offset);
		st->nsym = sh[i].sh_size / sizeof(Elf64_Sym);
		st->str = (const char *)map + sh[sh[i].sh_link].sh_offset;
	}
	dl_iterate_phdr(main_bias, &st->bias);
	if (!st->sym)
		munmap(map, sb.st_size);
	return st->sym != NULL;
}

/* The function of the program that contains @pc; false if none does. */
static bool symbolise(const struct symtab *st, uintptr_t pc,
		      struct sim_crash_frame *f)
{
	uintptr_t a = pc - st->bias;

	for (size_t i = 0; i < st->nsym; i++) {
		const Elf64_Sym *s = &st->sym[i];

		if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || !s->st_size ||
		    a < s->st_value || a >= s->st_value + s->st_size)
			continue;
		copy_str(f->func, sizeof(f->func), st->str + s->st_name);
		f->off = a - s->st_value;
		f->file[0] = 0;
		f->line = 0;
		return true;
	}
	return false;
}
#endif

/* --- reading a sanitizer's report ---------------------------------------- */

/* The machinery: a frame of it is not what a headline names. */
static bool machinery_file(const char *file)
{
	static const char *const dirs[] = {
		"sim/src/", "shims/", "mocks/", "world/proc/", "libsanitizer",
	};

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (strstr(file, dirs[i]))
			return true;
	return false;
}

static bool sanitizer_frame(const struct sim_crash_frame *f)
{
	return strstr(f->file, "libsanitizer") ||
	       !strncmp(f->func, "__interceptor_", 14) ||
	       !strncmp(f->func, "__asan", 6) ||
	       !strncmp(f->func, "__ubsan", 7) ||
	       !strncmp(f->func, "__sanitizer", 11);
}

/*
 * The frame a headline names: the first outside the engine and shims.  A
 * bare pc has no file to tell: the first frame in the function of the
 * crashing thread's last scheduling point (code under test), if any.
 */
static const struct sim_crash_frame *named_frame(const struct sim_crash *c)
{
	const struct sim_crash_stack *s = &c->stack[SIM_STACK_ACCESS];

	if (!s->n)
		s = &c->stack[SIM_STACK_ALLOC];	/* a leak */
	if (s->n && !s->f[0].line && !s->f[0].file[0]) {
		for (int i = 0; c->died && i < s->n; i++)
			if (!strcmp(s->f[i].func, c->last.func))
				return &s->f[i];
		return &s->f[0];
	}
	for (int i = 0; i < s->n; i++)
		if (!machinery_file(s->f[i].file) && !sanitizer_frame(&s->f[i]))
			return &s->f[i];
	for (int i = 0; i < s->n; i++)
		if (!sanitizer_frame(&s->f[i]))
			return &s->f[i];
	return NULL;
}

/* The line of @text that @p is in, without its "==PID==" prefix. */
static const char *line_start(const char *text, const char *p)
{
	while (p > text && p[-1] != '\n')
		p--;
	return p;
}

static const char *skip_pid(const char *p)
{
	if (p[0] == '=' && p[1] == '=') {
		const char *e = strstr(p + 2, "==");

		if (e && e - p < 16 && strcspn(p, "\n") > (size_t)(e - p))
			return e + 2;
	}
	return p;
}

static int line_len(const char *p)
{
	return (int)strcspn(p, "\n");
}

/*
 * "    #3 0x55d0 in vfio_device_release /abs/drivers/vfio/vfio_main.c:197"
 * (or ":197:3", or " (/lib/libc.so.6+0x2724a)" for code without lines).
 */
static bool parse_frame(const char *p, const char *root,
			struct sim_crash_frame *f)
{
	int len = line_len(p);
	const char *in, *end = p + len, *loc, *colon;

	memset(f, 0, sizeof(*f));
	while (*p == ' ')
		p++;
	if (*p != '#')
		return false;
	in = strstr(p, " in ");
	if (!in || in > end) {
		/* "#4 0x7f... (/lib/x86_64-linux-gnu/libc.so.6+0x2724a)" */
		loc = strchr(p, '(');
		if (!loc || loc > end)
			return false;
		copy_str(f->func, sizeof(f->func), "??");
		copy(f->file, sizeof(f->file), loc + 1,
		     strcspn(loc + 1, ")\n"));
		return true;
	}
	in += 4;
	copy(f->func, sizeof(f->func), in, strcspn(in, " \n"));
	loc = in + strcspn(in, " \n");
	if (*loc != ' ')
		return true;
	loc++;
	if (*loc == '(') {
		copy(f->file, sizeof(f->file), loc + 1,
		     strcspn(loc + 1, ")\n"));
		return true;
	}
	if (root[0] && !strncmp(loc, root, strlen(root)))
		loc += strlen(root);
	len = (int)(end - loc);
	/* FILE:LINE[:COL] */
	colon = memchr(loc, ':', len);
	if (!colon) {
		copy(f->file, sizeof(f->file), loc, len);
		return true;
	}
	copy(f->file, sizeof(f->file), loc, colon - loc);
	f->line = atoi(colon + 1);
	return true;
}

/*
 * The source tree as the report's paths spell it: the part before
 * "sim/src/" of a frame of the engine (every simulated thread's stack
 * starts in it), or before @known, a file relative to the tree, so that
 * paths read as in traces, relative to the tree.
 */
static void find_root(const char *report, const char *known, char *root,
		      size_t len)
{
	const char *p = strstr(report, "/sim/src/");

	root[0] = 0;
	/* no stack: a file the trace names, as the report spells it */
	if (!p && known[0]) {
		char rel[160];

		snprintf(rel, sizeof(rel), "/%s", known);
		p = strstr(report, rel);
		if (p) {
			const char *b = p;

			while (b > report && b[-1] != ' ' && b[-1] != '\n')
				b--;
			if (*b == '/')
				copy(root, len, b, p + 1 - b);
		}
		return;
	}
	while (p) {
		const char *b = p;

		while (b > report && b[-1] != ' ' && b[-1] != '\n')
			b--;
		if (*b == '/') {
			copy(root, len, b, p + 1 - b);
			return;
		}
		p = strstr(p + 1, "/sim/src/");
	}
}

/* Read the frames from @p into @s until a line that is not a frame. */
static const char *parse_stack(const char *p, const char *root,
			       struct sim_crash_stack *s)
{
	struct sim_crash_frame f;

	while (*p) {
		if (!parse_frame(p, root, &f))
			break;
		if (s->n < SIM_CRASH_FRAMES)
			s->f[s->n++] = f;
		p += line_len(p);
		if (*p)
			p++;
	}
	return p;
}

/* ASan's names to KASAN's. */
static const struct {
	const char *asan, *kasan;
} kasan_names[] = {
	{ "heap-use-after-free", "slab-use-after-free" },
	{ "heap-buffer-overflow", "slab-out-of-bounds" },
	{ "global-buffer-overflow", "global-out-of-bounds" },
	{ "stack-buffer-overflow", "stack-out-of-bounds" },
	{ "stack-buffer-underflow", "stack-out-of-bounds" },
	{ "dynamic-stack-buffer-overflow", "alloca-out-of-bounds" },
	{ "stack-use-after-scope", "use-after-scope" },
	{ "stack-use-after-return", "use-after-return" },
	{ "attempting double-free", "double-free" },
	{ "attempting free", "invalid-free" },	/* "... not malloc()-ed" */
	{ "alloc-dealloc-mismatch", "invalid-free" },
	{ "use-after-poison", "use-after-poison" },
};

/* UBSan's messages to the check names the kernel's UBSAN prints. */
static const struct {
	const char *in, *check;
} ubsan_checks[] = {
	{ "shift exponent", "shift-out-of-bounds" },
	{ "left shift of", "shift-out-of-bounds" },
	{ "out of bounds for type", "array-index-out-of-bounds" },
	{ "signed integer overflow", "signed-integer-overflow" },
	{ "negation of", "signed-integer-overflow" },
	{ "division by zero", "division-by-zero" },
	{ "division of", "division-overflow" },
	{ "not a valid value for type", "invalid-load" },
	{ "misaligned address", "misaligned-access" },
	{ "null pointer", "null-ptr-deref" },
	{ "pointer overflow", "pointer-overflow" },
	{ "applying non-zero offset", "pointer-overflow" },
	{ "unreachable", "unreachable" },
	{ "variable length array", "vla-bound" },
	{ "outside the range of representable values", "float-cast-overflow" },
	{ "implicit conversion", "implicit-conversion" },
};

/* "READ of size 4 at 0x6160... thread T0" as KASAN says it. */
static void access_line(struct sim_crash *c, const char *s)
{
	int len = line_len(s), vlen = (int)strcspn(s, " \n");
	const char *thr = memmem(s, len, " thread T", 9);
	char verb[16], rest[160];
	char *at;

	copy(verb, sizeof(verb), s, vlen);
	for (char *v = verb + 1; *v; v++)
		if (*v >= 'A' && *v <= 'Z')
			*v = (char)(*v - 'A' + 'a');	/* "READ": "Read" */
	if (thr)
		len = (int)(thr - s);
	copy(rest, sizeof(rest), s + vlen, len - vlen);
	at = strstr(rest, " at 0x");
	if (at) {
		*at = 0;
		snprintf(c->access, sizeof(c->access), "%s%s at addr %.48s",
			 verb, rest, at + 4);
	} else {
		snprintf(c->access, sizeof(c->access), "%s%s", verb, rest);
	}
}

/* @s's line has @needle in it. */
static bool line_has(const char *s, const char *needle)
{
	return memmem(s, line_len(s), needle, strlen(needle)) != NULL;
}

static bool frame_line(const char *s)
{
	s += strspn(s, " ");
	return s[0] == '#' && s[1] >= '0' && s[1] <= '9';
}

/* @s, with the source tree's prefix taken out of its paths. */
static void strip_root(char *s, const char *root)
{
	size_t n = strlen(root);
	char *r;

	if (!n)
		return;
	while ((r = strstr(s, root)))
		memmove(r, r + n, strlen(r + n) + 1);
}

static void parse_asan(struct sim_crash *c, const char *err, const char *root)
{
	const char *p = err + strlen("ERROR: ");
	const char *addr, *hint = NULL, *rw = NULL;
	int len;
	struct sim_crash_stack ignored = { 0 };
	struct sim_crash_stack *cur = &c->stack[SIM_STACK_ACCESS];

	/* "AddressSanitizer: heap-use-after-free on address 0x... at pc" */
	copy(c->tool, sizeof(c->tool), p, strcspn(p, ":\n"));
	p += strlen(c->tool) + 2;
	len = line_len(p);
	for (int j = 0; j < len; j++)
		if (!strncmp(p + j, " on address", 11) ||
		    !strncmp(p + j, " on unknown", 11) ||
		    !strncmp(p + j, " on 0x", 6) ||
		    !strncmp(p + j, " (pc ", 5) ||
		    !strncmp(p + j, ": ", 2)) {
			len = j;
			break;
		}
	copy(c->error, sizeof(c->error), p, len);
	addr = strstr(p, " address 0x");
	if (addr && addr - p > line_len(p))
		addr = NULL;
	for (size_t i = 0; i < sizeof(kasan_names) / sizeof(kasan_names[0]);
	     i++)
		if (!strcmp(c->error, kasan_names[i].asan))
			copy_str(c->kind, sizeof(c->kind),
				 kasan_names[i].kasan);

	/* the lines after the ERROR line */
	for (const char *l = p + line_len(p); *l; l += line_len(l)) {
		const char *s;

		if (*l == '\n')
			l++;
		if (!*l)
			break;
		if (frame_line(l)) {
			l = parse_stack(l, root, cur);
			if (!*l)
				break;
			/* parse_stack() stopped at the start of a line */
			l--;
			continue;
		}
		s = skip_pid(l);
		if (!strncmp(s, "READ of size", 12) ||
		    !strncmp(s, "WRITE of size", 13)) {
			access_line(c, s);
		} else if (!strncmp(s, "freed by thread", 15)) {
			cur = &c->stack[SIM_STACK_FREE];
		} else if (line_has(s, "allocated by thread") &&
			   line_has(s, "here:")) {
			cur = &c->stack[SIM_STACK_ALLOC];
		} else if (!strncmp(s, "Direct leak", 11) ||
			   !strncmp(s, "Indirect leak", 13)) {
			/* the first leak is the one reported */
			if (c->stack[SIM_STACK_ALLOC].n) {
				cur = &ignored;
				continue;
			}
			copy(c->access, sizeof(c->access), s, line_len(s));
			cur = &c->stack[SIM_STACK_ALLOC];
		} else if (!strncmp(s, "0x", 2) &&
			   line_has(s, " is located ")) {
			snprintf(c->located, sizeof(c->located),
				 "The buggy address%.*s",
				 line_len(s) - (int)strcspn(s, " "),
				 s + strcspn(s, " "));
		} else if (!strncmp(s, "The signal is caused by a ", 26)) {
			rw = s + 26;
		} else if (!strncmp(s, "Hint: ", 6)) {
			hint = s + 6;
		} else if (!strncmp(s, "SUMMARY: ", 9)) {
			copy(c->summary, sizeof(c->summary), s + 9,
			     line_len(s + 9));
			strip_root(c->summary, root);
		} else if (!strncmp(s, "Shadow bytes", 12)) {
			break;	/* the shadow map: nothing to read */
		}
	}

	if (!strcmp(c->tool, "LeakSanitizer")) {
		copy_str(c->kind, sizeof(c->kind), "memory-leak");
		return;
	}
	if (!strcmp(c->error, "SEGV")) {
		/* no address: a general protection fault, the hint says */
		uintptr_t a = addr ? strtoull(addr + 9, NULL, 16) : ~0ul;
		char verb[16] = "Access";

		if (hint && line_has(hint, "high value address"))
			copy_str(c->kind, sizeof(c->kind),
				 "general-protection-fault");
		else if ((hint && line_has(hint, "zero page")) || a < 4096)
			copy_str(c->kind, sizeof(c->kind), "null-ptr-deref");
		else
			copy_str(c->kind, sizeof(c->kind), "page-fault");
		if (rw && !strncmp(rw, "READ", 4))
			copy_str(verb, sizeof(verb), "Read");
		else if (rw && !strncmp(rw, "WRITE", 5))
			copy_str(verb, sizeof(verb), "Write");
		if (addr) {
			snprintf(c->access, sizeof(c->access),
				 "%s at addr %.*s", verb,
				 (int)strcspn(addr + 9, " \n"), addr + 9);
		} else {
			snprintf(c->access, sizeof(c->access), "%s of a "
				 "non-canonical address (the signal does not "
				 "say which)", verb);
		}
	} else if (!strcmp(c->error, "FPE")) {
		copy_str(c->kind, sizeof(c->kind), "divide-error");
	} else if (!strcmp(c->error, "ILL")) {
		copy_str(c->kind, sizeof(c->kind), "invalid-opcode");
	} else if (!strcmp(c->error, "BUS")) {
		copy_str(c->kind, sizeof(c->kind), "bus-error");
	} else if (!strcmp(c->error, "ABRT")) {
		copy_str(c->kind, sizeof(c->kind), "abort");
	} else if (!strcmp(c->error, "stack-overflow")) {
		copy_str(c->kind, sizeof(c->kind), "stack-overflow");
	}
	if (!c->kind[0])
		copy_str(c->kind, sizeof(c->kind), c->error);
}

/* "FILE:LINE:COL: runtime error: MSG", with or without a stack below. */
static void parse_ubsan(struct sim_crash *c, const char *err,
			const char *root)
{
	const char *bol = line_start(c->report, err);
	const char *msg = err + strlen("runtime error: ");
	const char *p;

	copy_str(c->tool, sizeof(c->tool), "UndefinedBehaviorSanitizer");
	copy(c->error, sizeof(c->error), msg, line_len(msg));
	copy(c->access, sizeof(c->access), msg, line_len(msg));
	for (size_t i = 0; i < sizeof(ubsan_checks) / sizeof(ubsan_checks[0]);
	     i++)
		if (strstr(c->error, ubsan_checks[i].in)) {
			copy_str(c->kind, sizeof(c->kind),
				 ubsan_checks[i].check);
			break;
		}
	if (!c->kind[0])
		copy_str(c->kind, sizeof(c->kind), "undefined-behaviour");
	p = err + line_len(err);
	if (*p)
		parse_stack(p + 1, root, &c->stack[SIM_STACK_ACCESS]);
	if (!c->stack[SIM_STACK_ACCESS].n) {
		/* no stack: the file and line of the error line itself */
		struct sim_crash_frame *f = &c->stack[SIM_STACK_ACCESS].f[0];
		const char *colon = memchr(bol, ':', err - bol);

		memset(f, 0, sizeof(*f));
		if (root[0] && !strncmp(bol, root, strlen(root)))
			bol += strlen(root);
		if (colon) {
			copy(f->file, sizeof(f->file), bol, colon - bol);
			f->line = atoi(colon + 1);
			copy_str(f->func, sizeof(f->func), "??");
			c->stack[SIM_STACK_ACCESS].n = 1;
		}
	}
	p = strstr(err, "SUMMARY: ");
	if (p) {
		copy(c->summary, sizeof(c->summary), p + 9, line_len(p + 9));
		strip_root(c->summary, root);
	}
}

/* With no sanitizer: what the signal handler noted. */
static void parse_signal(struct sim_crash *c, const struct sim_crash_info *ci)
{
	const char *kind = NULL;

	snprintf(c->error, sizeof(c->error), "SIG%s",
		 sigabbrev_np(ci->sig) ? sigabbrev_np(ci->sig) : "?");
	switch (ci->sig) {
	case SIGSEGV:
		if (ci->code == SI_KERNEL)
			kind = "general-protection-fault";
		else if (ci->addr < 4096)
			kind = "null-ptr-deref";
		else
			kind = "page-fault";
		if (ci->code == SI_KERNEL)
			snprintf(c->access, sizeof(c->access), "Access to a "
				 "non-canonical address (the signal does not "
				 "say which)");
		else
			snprintf(c->access, sizeof(c->access),
				 "Access at addr 0x%012lx",
				 (unsigned long)ci->addr);
		break;
	case SIGBUS:
		kind = "bus-error";
		break;
	case SIGFPE:
		kind = "divide-error";
		break;
	case SIGILL:
		kind = "invalid-opcode";
		break;
	case SIGABRT:
		kind = "abort";
		break;
	case SIGTRAP:
		kind = "int3";
		break;
	}
	if (kind)
		copy_str(c->kind, sizeof(c->kind), kind);
#ifndef SIM_ASAN
	{
		struct sim_crash_stack *s = &c->stack[SIM_STACK_ACCESS];
		struct symtab st;

		if (!symtab_open(&st))
			return;
		for (int i = 0; i < ci->npc && s->n < SIM_CRASH_FRAMES; i++) {
			/* a return address: the call is the byte before */
			uintptr_t pc = ci->pc[i] - (i ? 1 : 0);

			if (symbolise(&st, pc, &s->f[s->n])) {
				s->f[s->n].off += i ? 1 : 0;
				s->n++;
			}
		}
		munmap(st.map, st.size);
	}
#endif
}

/* The headline, KASAN's words where a kernel would have them. */
static void make_headline(struct sim_crash *c)
{
	const struct sim_crash_frame *f = named_frame(c);
	char in[192] = "";
	const char *k = c->kind;

	if (f && strcmp(f->func, "??"))
		snprintf(in, sizeof(in), " in %s", f->func);
	else if (f && f->file[0] && f->line)
		snprintf(in, sizeof(in), " in %.160s:%d", f->file,
			 f->line);
	if (f && f->file[0] && f->line)
		snprintf(c->where, sizeof(c->where), "%s:%d %s()", f->file,
			 f->line, f->func);
	else if (f)
		snprintf(c->where, sizeof(c->where), "%s()+0x%lx", f->func,
			 f->off);

	if (!strcmp(k, "null-ptr-deref") && strcmp(c->tool,
		    "UndefinedBehaviorSanitizer"))
		snprintf(c->headline, sizeof(c->headline),
			 "BUG: kernel NULL pointer dereference%s", in);
	else if (!strcmp(k, "page-fault"))
		snprintf(c->headline, sizeof(c->headline),
			 "BUG: unable to handle page fault%s", in);
	else if (!strcmp(k, "general-protection-fault"))
		snprintf(c->headline, sizeof(c->headline),
			 "general protection fault%s", in);
	else if (!strcmp(k, "divide-error") || !strcmp(k, "invalid-opcode") ||
		 !strcmp(k, "int3"))
		snprintf(c->headline, sizeof(c->headline), "Oops: %s%s",
			 !strcmp(k, "divide-error") ? "divide error" :
			 !strcmp(k, "int3") ? "int3" : "invalid opcode", in);
	else if (!strcmp(k, "bus-error"))
		snprintf(c->headline, sizeof(c->headline), "BUG: bus error%s",
			 in);
	else if (!strcmp(k, "abort"))
		snprintf(c->headline, sizeof(c->headline),
			 "BUG: abort() called%s", in);
	else if (!strcmp(k, "stack-overflow"))
		snprintf(c->headline, sizeof(c->headline),
			 "BUG: stack guard page was hit%s", in);
	else if (!strcmp(k, "memory-leak"))
		snprintf(c->headline, sizeof(c->headline), "memory leak%s",
			 in);
	else if (!strcmp(c->tool, "UndefinedBehaviorSanitizer"))
		snprintf(c->headline, sizeof(c->headline), "UBSAN: %s%s", k,
			 in);
	else if (!strcmp(c->tool, "AddressSanitizer"))
		snprintf(c->headline, sizeof(c->headline), "BUG: KASAN: %s%s",
			 k, in);
	else
		snprintf(c->headline, sizeof(c->headline),
			 "BUG: %.30s: %.40s%.150s", c->tool, k, in);
}

void sim_crash_parse(const char *text, int status,
		     const struct sim_crash_info *ci, struct sim_crash *c)
{
	static const char *const keys[] = {
		"ERROR: AddressSanitizer: ", "ERROR: LeakSanitizer: ",
		"ERROR: UndefinedBehaviorSanitizer: ", "runtime error: ",
	};
	const char *err = NULL;
	int which = -1;
	char root[256];

	memset(c, 0, sizeof(*c));
	c->tid = -1;
	if (ci && ci->died) {
		c->died = true;
		c->tid = ci->tid;
		copy_str(c->thread, sizeof(c->thread), ci->thread);
		c->after_step = ci->after_step;
		c->last = ci->last;
		c->sig = ci->sig;
	}
	/* the last report in the text is the one that ended the child */
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		for (const char *p = strstr(text, keys[i]); p;
		     p = strstr(p + 1, keys[i])) {
			if (!err || p > err) {
				err = p;
				which = (int)i;
			}
		}
	}
	if (err) {
		const char *bol = line_start(text, err);
		const char *prev = bol;

		/* with the rule ASan prints above its ERROR line */
		if (bol > text) {
			prev = line_start(text, bol - 1);
			if (strncmp(prev, "=====", 5))
				prev = bol;
		}
		c->report = prev;
		c->report_len = strlen(prev);
		find_root(c->report, c->last.file, root, sizeof(root));
		if (which == 3)
			parse_ubsan(c, err, root);
		else
			parse_asan(c, err, root);
		make_headline(c);
		return;
	}
	if (c->died && c->sig) {
		parse_signal(c, ci);
		make_headline(c);
		return;
	}
	if (WIFSIGNALED(status)) {
		snprintf(c->error, sizeof(c->error), "SIG%s",
			 sigabbrev_np(WTERMSIG(status)) ?
			 sigabbrev_np(WTERMSIG(status)) : "?");
		snprintf(c->headline, sizeof(c->headline),
			 "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	} else {
		snprintf(c->headline, sizeof(c->headline),
			 "process exited with status %d during an execution",
			 WEXITSTATUS(status));
	}
	/* whatever the child said last may say why */
	if (text[0]) {
		c->report = text;
		c->report_len = strlen(text);
	}
}

/* --- the report ---------------------------------------------------------- */

static bool file_matches(const char *frame, const char *step)
{
	size_t a = strlen(frame), b = strlen(step);

	if (!a || !b)
		return false;
	if (a == b)
		return !strcmp(frame, step);
	if (a > b)
		return frame[a - b - 1] == '/' && !strcmp(frame + a - b, step);
	return step[b - a - 1] == '/' && !strcmp(step + b - a, frame);
}

/*
 * The last traced step at @f's file and line (@any_line: in its
 * function), of thread @tid (-2: any), before step @before (0: any); NULL
 * if none.
 */
static const struct sim_step_rec *
step_of(const struct sim_crash_info *ci, const struct sim_crash_frame *f,
	int tid, uint32_t before, bool any_line)
{
	uint32_t n, first;

	if (!ci || (!f->line && f->file[0]))
		return NULL;
	/* a bare pc: its function is all there is to match */
	if (!f->line)
		any_line = true;
	n = ci->nsteps;
	first = n > SIM_STEPLOG ? n - SIM_STEPLOG : 0;
	while (n-- > first) {
		const struct sim_step_rec *r = &ci->steps[n % SIM_STEPLOG];

		if (before && r->step >= before)
			continue;
		if (tid != -2 && r->tid != tid)
			continue;
		if ((r->line == f->line || any_line) &&
		    !strcmp(r->func, f->func) &&
		    (!f->file[0] || file_matches(f->file, r->file)))
			return r;
	}
	return NULL;
}

/*
 * The steps the frames of the stacks match, one a frame, the innermost
 * match of each stack in first[]; frames below the engine are cut.  The
 * crashing thread's frame that matches no step of its own, but is in the
 * function of its last one, crashed after that step (after[]).
 */
struct mapped {
	const struct sim_step_rec *at[SIM_NSTACKS][SIM_CRASH_FRAMES];
	bool after[SIM_NSTACKS][SIM_CRASH_FRAMES];
	const struct sim_step_rec *first[SIM_NSTACKS];
	int n[SIM_NSTACKS];
};

static void map_stack(const struct sim_crash *c, int k,
		      const struct sim_crash_info *ci, int tid,
		      uint32_t before, struct mapped *m)
{
	const struct sim_crash_stack *s = &c->stack[k];
	bool crashing = k == SIM_STACK_ACCESS && tid >= 0;

	m->first[k] = NULL;
	m->n[k] = 0;
	for (int i = 0; i < s->n; i++) {
		const struct sim_crash_frame *f = &s->f[i];

		m->at[k][i] = NULL;
		m->after[k][i] = false;
		if (sanitizer_frame(f))
			continue;
		m->n[k] = i + 1;
		/* the engine's frames: where every thread starts */
		if (strstr(f->file, "sim/src/"))
			break;
		/* a bare pc names its function only: the crashing thread's */
		if (!f->line && !crashing)
			continue;
		m->at[k][i] = f->line ? step_of(ci, f, tid, before, false) :
			      NULL;
		if (!m->at[k][i] && crashing && !m->first[k]) {
			m->at[k][i] = step_of(ci, f, tid, before, true);
			m->after[k][i] = m->at[k][i] != NULL;
		}
		if (m->at[k][i] && !m->first[k])
			m->first[k] = m->at[k][i];
	}
}

static void print_frames(FILE *out, const struct sim_crash *c, int k,
			 const struct mapped *m)
{
	const struct sim_crash_stack *s = &c->stack[k];

	for (int i = 0; i < m->n[k]; i++) {
		const struct sim_crash_frame *f = &s->f[i];
		const struct sim_step_rec *r = m->at[k][i];

		if (sanitizer_frame(f))
			continue;
		if (f->line)
			fprintf(out, " %s %s:%d", f->func, f->file, f->line);
		else if (f->file[0])
			fprintf(out, " %s (%s)", f->func, f->file);
		else
			fprintf(out, " %s+0x%lx", f->func, f->off);
		if (r)
			fprintf(out, "    <- %sstep %u, T%d %s: %s",
				m->after[k][i] ? "after " : "", r->step,
				r->tid, r->thread, r->what);
		fputc('\n', out);
	}
}

/* The stacks' steps: access (the thread that crashed), free, alloc. */
static void map_all(const struct sim_crash *c, const struct sim_crash_info *ci,
		    struct mapped *m)
{
	uint32_t before = c->after_step + 1;

	map_stack(c, SIM_STACK_ACCESS, ci, c->died ? c->tid : -2, before, m);
	map_stack(c, SIM_STACK_FREE, ci, -2, before, m);
	/* the allocation came before the free */
	if (m->first[SIM_STACK_FREE])
		before = m->first[SIM_STACK_FREE]->step;
	map_stack(c, SIM_STACK_ALLOC, ci, -2, before, m);
}

static const char rule[] =
	"------------------------------------------------------------------";

void sim_crash_print(FILE *out, const struct sim_crash *c,
		     const struct sim_crash_info *ci)
{
	static const char *const names[SIM_NSTACKS] = {
		[SIM_STACK_ALLOC] = "Allocated", [SIM_STACK_FREE] = "Freed",
	};
	struct mapped m;
	const char *task = c->died ? c->thread : "?";

	map_all(c, ci, &m);
	fprintf(out, "%s\n%s\n", rule, c->headline);
	if (c->access[0]) {
		fprintf(out, "%s", c->access);
		/* ASan's access line names no simulated thread */
		if (strcmp(c->tool, "UndefinedBehaviorSanitizer") &&
		    strcmp(c->kind, "memory-leak"))
			fprintf(out, " by task %s", task);
		fputc('\n', out);
	}
	if (c->died && c->tid >= 0)
		fprintf(out, "Task %s (T%d) crashed after its scheduling point "
			"%s:%d %s()%s\n", c->thread, c->tid, c->last.file,
			c->last.line, c->last.func,
			c->after_step ? "" : " (no trace)");
	else if (c->died)
		fprintf(out, "It crashed in the set-up, outside any simulated "
			"thread\n");
	if (c->after_step)
		fprintf(out, "The trace above stops at step %u.\n",
			c->after_step);
	if (m.n[SIM_STACK_ACCESS]) {
		fprintf(out, "\nCall Trace:\n");
		print_frames(out, c, SIM_STACK_ACCESS, &m);
	}
	for (int k = SIM_STACK_ALLOC; k < SIM_NSTACKS; k++) {
		const struct sim_step_rec *r = m.first[k];

		if (!m.n[k])
			continue;
		if (r)
			fprintf(out, "\n%s by task %s (T%d) at step %u:\n",
				names[k], r->thread, r->tid, r->step);
		else
			fprintf(out, "\n%s (at no step of the trace: %s):\n",
				names[k], ci && ci->nsteps ? "the set-up or "
				"the simulation's own code" : "not traced");
		print_frames(out, c, k, &m);
	}
	if (c->located[0] || c->summary[0])
		fputc('\n', out);
	if (c->located[0])
		fprintf(out, "%s\n", c->located);
	if (c->summary[0])
		fprintf(out, "SUMMARY: %s\n", c->summary);
	if (c->report) {
		fprintf(out, "\n%s's report, as printed:\n",
			c->tool[0] ? c->tool : "the child's stderr");
		fwrite(c->report, 1, c->report_len, out);
		if (c->report_len && c->report[c->report_len - 1] != '\n')
			fputc('\n', out);
	} else if (c->sig) {
		fprintf(out, "\nNo sanitizer in this build: the signal's "
			"address and the return addresses on the frame "
			"pointers are all there is (a sanitizer build names "
			"files and lines).\n");
	}
	fflush(out);
}

static void json_frames(FILE *out, const struct sim_crash *c, int k,
			const struct mapped *m)
{
	const struct sim_crash_stack *s = &c->stack[k];
	const struct sim_step_rec *const *at = m->at[k];
	bool first = true;

	fputc('[', out);
	for (int i = 0; i < m->n[k]; i++) {
		const struct sim_crash_frame *f = &s->f[i];

		if (sanitizer_frame(f))
			continue;
		fprintf(out, "%s{\"func\":", first ? "" : ",");
		sim_json_string(out, f->func);
		fputs(",\"file\":", out);
		sim_json_string(out, f->file);
		fprintf(out, ",\"line\":%d", f->line);
		if (!f->line && !f->file[0])
			fprintf(out, ",\"offset\":%lu", f->off);
		if (at[i]) {
			fprintf(out, ",\"%s\":%u,\"tid\":%d,\"thread\":",
				m->after[k][i] ? "after_step" : "step",
				at[i]->step, at[i]->tid);
			sim_json_string(out, at[i]->thread);
		}
		fputc('}', out);
		first = false;
	}
	fputc(']', out);
}

static void json_field(FILE *out, const char *key, const char *s)
{
	fprintf(out, ",\"%s\":", key);
	sim_json_string(out, s);
}

void sim_crash_json(FILE *out, const struct sim_crash *c,
		    const struct sim_crash_info *ci)
{
	static const char *const keys[SIM_NSTACKS] = {
		[SIM_STACK_ACCESS] = "access_stack",
		[SIM_STACK_ALLOC] = "alloc_stack",
		[SIM_STACK_FREE] = "free_stack",
	};
	struct mapped m;
	char *report = NULL;

	if (!out)
		return;
	map_all(c, ci, &m);
	fprintf(out, "{\"fail\":true,\"after_step\":%u,\"tid\":%d,"
		"\"thread\":", c->after_step, c->died ? c->tid : -1);
	sim_json_string(out, c->died ? c->thread : "main");
	json_field(out, "kind", sim_fail_kind_name(SIM_FAIL_CRASH));
	json_field(out, "message", c->headline);
	json_field(out, "where", c->where);
	/* the locks held died with the child */
	fputs(",\"locks\":[],\"crash\":{\"tool\":", out);
	sim_json_string(out, c->tool);
	json_field(out, "error", c->error);
	json_field(out, "kind", c->kind);
	json_field(out, "headline", c->headline);
	json_field(out, "access", c->access);
	json_field(out, "located", c->located);
	json_field(out, "summary", c->summary);
	if (c->died && c->last.file[0]) {
		fputs(",\"last_point\":{\"file\":", out);
		sim_json_string(out, c->last.file);
		fprintf(out, ",\"line\":%d,\"func\":", c->last.line);
		sim_json_string(out, c->last.func);
		fputc('}', out);
	}
	for (int k = 0; k < SIM_NSTACKS; k++) {
		fprintf(out, ",\"%s\":", keys[k]);
		json_frames(out, c, k, &m);
	}
	if (c->report)
		report = strndup(c->report, c->report_len);
	json_field(out, "report", report ? report : "");
	free(report);
	fputs("}}\n", out);
	fflush(out);
}

/* --- isolation ----------------------------------------------------------- */

/* Empty the captured stderr; the offset is shared with the children. */
void sim_clear_text(int fd)
{
	if (ftruncate(fd, 0) == 0)
		lseek(fd, 0, SEEK_SET);
}

void sim_read_tail(int fd, char *buf, size_t len)
{
	off_t size = lseek(fd, 0, SEEK_END);
	off_t from = size > (off_t)len - 1 ? size - (off_t)len + 1 : 0;
	ssize_t n = pread(fd, buf, len - 1, from);

	buf[n > 0 ? n : 0] = 0;
	sim_clear_text(fd);
}

/*
 * The crash signals' handlers as they were before main(): the sanitizers'
 * or the defaults.  A test framework may install its own later (cmocka
 * longjmps out of a SIGSEGV); an isolated child must die of the signal
 * instead, so it gets these back.
 */
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
				     SIGABRT, SIGSYS, SIGTRAP };
static struct sigaction initial_handlers[sizeof(crash_signals) /
					 sizeof(crash_signals[0])];

static void __attribute__((constructor)) save_crash_handlers(void)
{
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(int); i++)
		sigaction(crash_signals[i], NULL, &initial_handlers[i]);
}

/* A crash handler's stack: a coroutine's may be the one that overflowed. */
static char alt_stack[64 * 1024];

pid_t sim_spawn(int err_fd, int *progress_fd)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		stack_t ss = {
			.ss_sp = alt_stack, .ss_size = sizeof(alt_stack),
		};

		sigaltstack(&ss, NULL);
		for (size_t i = 0; i < sizeof(crash_signals) / sizeof(int);
		     i++) {
			struct sigaction sa = initial_handlers[i];

			/* no sanitizer reports it: note it, then die of it */
			if (sim_engine.crash && sa.sa_handler == SIG_DFL &&
			    !(sa.sa_flags & SA_SIGINFO)) {
				sa.sa_sigaction = crash_signal;
				sa.sa_flags = SA_SIGINFO | SA_RESETHAND |
					      SA_NODEFER | SA_ONSTACK;
				sigemptyset(&sa.sa_mask);
			}
			sigaction(crash_signals[i], &sa, NULL);
		}
#ifdef SIM_ASAN
		if (sim_engine.crash)
			__sanitizer_set_death_callback(note_death);
#endif
		if (*progress_fd >= 0)
			*progress_fd = dup(*progress_fd);
		if (err_fd >= 0)
			dup2(err_fd, STDERR_FILENO);
	}
	return pid;
}
