// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading what a crashed child left behind: ASan's and UBSan's reports, or
 * a signal's address and return addresses (looked up in the program's own
 * symbol table when no sanitizer symbolised them), into a struct sim_crash
 * with a KASAN/UBSAN/oops-shaped headline (crash.c says why the shape).
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

#include "crash_impl.h"
#include "engine.h"
#include "sim/sanitizer.h"

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

#ifndef SIM_ASAN
extern char __executable_start[], etext[];

/* Whether the bytes before @ret in the program's text are a call. */
static bool after_call(uintptr_t ret)
{
	const uint8_t *b = (const uint8_t *)ret;

	if (ret - 6 < (uintptr_t)__executable_start || ret > (uintptr_t)etext)
		return false;
	/* call rel32; call *reg / *(reg) / *disp8(reg) / *disp32(...) */
	return b[-5] == 0xe8 ||
	       (b[-2] == 0xff && (b[-1] & 0x38) == 0x10) ||
	       (b[-3] == 0xff && (b[-2] & 0x38) == 0x10) ||
	       (b[-6] == 0xff && (b[-5] & 0x38) == 0x10);
}

/*
 * A fault in a function's first instructions, before it saved the frame
 * pointer: the frame-pointer walk starts at its caller's caller, and the
 * caller is the return address on top of the stack (or under the pushed
 * frame pointer).  Stores it in @out if it is one: 1, else 0.
 */
static int entry_caller(const struct symtab *st,
			const struct sim_crash_info *ci, uintptr_t *out)
{
	struct sim_crash_frame f;

	if (!symbolise(st, ci->pc[0], &f) || f.off > 8)
		return 0;
	for (int k = 0; k < 2; k++) {
		if (!after_call(ci->sp[k]) ||
		    (ci->npc > 1 && ci->sp[k] == ci->pc[1]))
			continue;
		*out = ci->sp[k];
		return 1;
	}
	return 0;
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

bool crash_sanitizer_frame(const struct sim_crash_frame *f)
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
		/* the innermost frame with a line: code under test (-g) */
		for (int i = 0; i < s->n; i++)
			if (s->f[i].line && !machinery_file(s->f[i].file))
				return &s->f[i];
		for (int i = 0; c->died && i < s->n; i++)
			if (!strcmp(s->f[i].func, c->last.func))
				return &s->f[i];
		return &s->f[0];
	}
	for (int i = 0; i < s->n; i++)
		if (!machinery_file(s->f[i].file) && !crash_sanitizer_frame(&s->f[i]))
			return &s->f[i];
	for (int i = 0; i < s->n; i++)
		if (!crash_sanitizer_frame(&s->f[i]))
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

		uintptr_t pcs[SIM_CRASH_PCS + 1];
		int npc = 0;

		if (!symtab_open(&st))
			return;
		for (int i = 0; i < ci->npc; i++) {
			pcs[npc++] = ci->pc[i];
			if (!i)
				npc += entry_caller(&st, ci, &pcs[npc]);
		}
		for (int i = 0; i < npc && s->n < SIM_CRASH_FRAMES; i++) {
			/* a return address: the call is the byte before */
			uintptr_t pc = pcs[i] - (i ? 1 : 0);

			if (symbolise(&st, pc, &s->f[s->n])) {
				struct sim_crash_frame *f = &s->f[s->n];
				const struct sim_loc *l = sim_code_loc(
					(const void *)pc);

				f->off += i ? 1 : 0;
				/*
				 * Code built with -g (the cores): the source
				 * function and line, inlined or not, as the
				 * sanitizers' and the race detector's stacks
				 */
				if (l->line && strcmp(l->file, "??")) {
					copy_str(f->func, sizeof(f->func),
						 l->func);
					copy_str(f->file, sizeof(f->file),
						 l->file);
					f->line = l->line;
				}
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
