// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz input -> scenario text.  The layout (docs/fuzzing.md):
 *
 *	byte 0		devices (1 + b % 4), processes (1 + (b >> 2) % 3)
 *	per device	bus (b % 3), iommu group ((b >> 2) & 7), kind (b >> 5:
 *			5 noiommu, 6 emulated, 7 in a device set)
 *	per process	caps (bit 0 SYS_RAWIO, bit 1 SYS_ADMIN), a second
 *			thread (bit 2), may exit (bit 3, one thread only)
 *	schedule	strategy and depth, a 32-bit seed, fail-nth
 *	then lines	thread, operation, arguments, until the input or
 *			VF_MAX_OPS lines run out
 *
 * Past the end of the input every byte reads as 0, so any input decodes,
 * and a short input is a small program.  Names and values are only the
 * ones the target declares (its ioctl table, symbols, driver operations,
 * device keys) and the vfio uAPI's paths.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "targets/target.h"

struct rd {
	const uint8_t *p, *end;
};

static unsigned int rd8(struct rd *r)
{
	return r->p < r->end ? *r->p++ : 0;
}

static bool rd_more(const struct rd *r)
{
	return r->p < r->end;
}

struct buf {
	char *s;
	size_t len, cap;
	bool oom;
};

/*
 * The text is appended piece by piece, without printf(): formatting was
 * most of the decoder's time, and the decoder runs for every input.
 */
static bool reserve(struct buf *b, size_t n)
{
	if (b->oom)
		return false;
	if (b->len + n + 1 > b->cap) {
		char *s;

		b->cap = 2 * b->cap + n;
		s = realloc(b->s, b->cap);
		if (!s) {
			b->oom = true;
			return false;
		}
		b->s = s;
	}
	return true;
}

/* The strings up to NULL, in order; the text stays NUL terminated. */
static void put(struct buf *b, ...) __attribute__((sentinel));

static void put(struct buf *b, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, b);
	while ((s = va_arg(ap, const char *))) {
		size_t n = strlen(s);

		if (!reserve(b, n))
			break;
		memcpy(b->s + b->len, s, n + 1);
		b->len += n;
	}
	va_end(ap);
}

#define NUM_MAX	24

/* @v in decimal, in @out (NUM_MAX bytes). */
static const char *num(char *out, long v)
{
	char tmp[NUM_MAX];
	unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
	int n = 0, o = 0;

	do {
		tmp[n++] = '0' + u % 10;
		u /= 10;
	} while (u);
	if (v < 0)
		out[o++] = '-';
	while (n)
		out[o++] = tmp[--n];
	out[o] = 0;
	return out;
}

/* The iommu groups devices are put in; slot 7 means no group key. */
static const int groups[] = { 7, 8, 9, 7, 8, 7, 10 };
#define NO_GROUP	7

#define MAX_THREADS	(2 * VF_MAX_PROCS + 1)
#define MAX_HANDLES	64
#define MAX_IOCTLS	64

struct gen {
	struct rd rd;
	struct buf b;
	const struct sim_target *t;
	const struct sim_ioctl *vfio[16];	/* by vfio_ioctls[] */
	const struct sim_ioctl *extra[MAX_IOCTLS];
	int nextra;
	bool has_group_key;
	bool has_noiommu_key, has_emulated_key, has_devset_key;
	bool iommu_less;		/* a noiommu or emulated device */
	bool noiommu_mode;		/* param enable_unsafe_noiommu_mode */
	int ndev;
	int dev_group[VF_MAX_DEVICES];	/* -1: none */
	char dev_name[VF_MAX_DEVICES][48];
	int ngroups;
	int group_ids[VF_MAX_DEVICES];
	int nprocs;
	bool may_exit[VF_MAX_PROCS];
	int nthreads;			/* the driver's thread is last */
	int thread_proc[MAX_THREADS];	/* VF_MAX_PROCS: the driver's */
	char thread_name[MAX_THREADS][16];
	bool thread_done[MAX_THREADS];
	bool driver_thread;
	/* fd variables: name index and the process and thread that set it */
	int nhandles;
	int handle_proc[MAX_HANDLES];
	int handle_thread[MAX_HANDLES];
	int nvars;
};

static const char *const bus_names[] = { "pci", "platform", "mdev" };

/*
 * The vfio uAPI's ioctls in a fixed order: ioctl byte b with b % 16 < 12
 * picks the same ioctl on every vfio target (linux, model), whatever else
 * their tables hold, so one corpus serves them all and stays meaningful
 * when a target gains ioctls.  b % 16 >= 12 picks among the target's
 * other ioctls, by b >> 4; an ioctl the target lacks falls back to its
 * table.
 */
static const char *const vfio_ioctls[] = {
	"GET_API_VERSION", "CHECK_EXTENSION", "SET_IOMMU",
	"GROUP_GET_STATUS", "GROUP_SET_CONTAINER", "GROUP_UNSET_CONTAINER",
	"GROUP_GET_DEVICE_FD", "DEVICE_GET_INFO", "DEVICE_BIND_IOMMUFD",
	"DEVICE_ATTACH_IOMMUFD_PT", "DEVICE_DETACH_IOMMUFD_PT",
	"IOMMU_IOAS_ALLOC",
};
#define NR_VFIO_IOCTLS	(sizeof(vfio_ioctls) / sizeof(vfio_ioctls[0]))
_Static_assert(NR_VFIO_IOCTLS <= 16, "an ioctl byte picks b % 16");

static void order_ioctls(struct gen *g)
{
	const struct sim_target *t = g->t;

	for (unsigned int i = 0; i < NR_VFIO_IOCTLS; i++)
		g->vfio[i] = sim_target_find_ioctl(t, vfio_ioctls[i]);
	for (int i = 0; i < t->nr_ioctls; i++) {
		bool known = false;

		for (unsigned int j = 0; j < NR_VFIO_IOCTLS; j++)
			known |= g->vfio[j] == &t->ioctls[i];
		if (!known && g->nextra < MAX_IOCTLS)
			g->extra[g->nextra++] = &t->ioctls[i];
	}
}

static const struct sim_ioctl *pick_ioctl(struct gen *g, unsigned int b)
{
	unsigned int k = b % 16;

	if (k < NR_VFIO_IOCTLS && g->vfio[k])
		return g->vfio[k];
	if (k >= NR_VFIO_IOCTLS && g->nextra)
		return g->extra[(b >> 4) % g->nextra];
	if (!g->t->nr_ioctls)
		return NULL;
	return &g->t->ioctls[b % g->t->nr_ioctls];
}

static void gen_world(struct gen *g)
{
	unsigned int b = rd8(&g->rd);
	char nb[NUM_MAX];

	g->ndev = 1 + b % VF_MAX_DEVICES;
	g->nprocs = 1 + (b >> 2) % VF_MAX_PROCS;
	for (int i = 0; i < g->ndev; i++) {
		unsigned int d = rd8(&g->rd);
		unsigned int bus = d % 3;
		unsigned int slot = (d >> 2) & 7;
		unsigned int kind = d >> 5;
		int gid = slot == NO_GROUP ? -1 : groups[slot];
		bool known = false;

		if (!g->has_group_key)
			gid = -1;
		/* kinds the target lacks are plain devices */
		if ((kind == 5 && !g->has_noiommu_key) ||
		    (kind == 6 && !g->has_emulated_key))
			kind = 0;
		if (kind == 5 || kind == 6) {
			gid = -1;
			g->iommu_less = true;
		}
		/* the last digit counts the devices (fewer than 9) */
		if (bus == 0)
			strcpy(g->dev_name[i], "0000:00:01.0");
		else if (bus == 1)
			strcpy(g->dev_name[i], "vfio-platform.0");
		else
			strcpy(g->dev_name[i],
			       "00000000-0000-0000-0000-000000000000");
		g->dev_name[i][bus == 0 ? 9 : strlen(g->dev_name[i]) - 1] += i;
		g->dev_group[i] = gid;
		put(&g->b, "device ", bus_names[bus], " ", g->dev_name[i],
		    NULL);
		if (gid >= 0)
			put(&g->b, " group ", num(nb, gid), NULL);
		if (kind == 5)
			put(&g->b, " noiommu 1", NULL);
		else if (kind == 6)
			put(&g->b, " emulated 1", NULL);
		/* two device sets, by the slot's low bit */
		if (kind == 7 && g->has_devset_key)
			put(&g->b, " devset ", slot & 1 ? "s1" : "s0", NULL);
		put(&g->b, "\n", NULL);
		if (kind == 5 && (slot & 1))
			g->noiommu_mode = true;
		for (int j = 0; j < g->ngroups; j++)
			known |= g->group_ids[j] == gid;
		if (gid >= 0 && !known)
			g->group_ids[g->ngroups++] = gid;
	}
	if (g->noiommu_mode)
		put(&g->b, "param vfio.enable_unsafe_noiommu_mode=1\n", NULL);
	for (int i = 0; i < g->nprocs; i++) {
		unsigned int p = rd8(&g->rd);
		int threads = 1 + ((p >> 2) & 1);

		put(&g->b, "proc P", num(nb, i), NULL);
		if (p & 3)
			put(&g->b, " caps=", p & 1 ? "SYS_RAWIO" : "",
			    (p & 3) == 3 ? "," : "", p & 2 ? "SYS_ADMIN" : "",
			    NULL);
		put(&g->b, "\n", NULL);
		/*
		 * Only single-thread processes exit: the world frees the
		 * descriptor table of a process whose exit races a system
		 * call of its other thread (docs/fuzzing.md, known gaps).
		 */
		g->may_exit[i] = (p >> 3) & 1 && threads == 1;
		for (int t = 0; t < threads; t++) {
			int n = g->nthreads++;

			g->thread_proc[n] = i;
			/* i < VF_MAX_PROCS: one digit */
			strcpy(g->thread_name[n], t ? "P0t" : "P0");
			g->thread_name[n][1] += i;
			if (t)
				put(&g->b, "thread ", g->thread_name[n],
				    " proc=", g->thread_name[n - 1], "\n",
				    NULL);
		}
	}
	if (g->t->nr_driver_ops) {
		int n = g->nthreads++;

		g->driver_thread = true;
		g->thread_proc[n] = VF_MAX_PROCS;
		strcpy(g->thread_name[n], "K");
		put(&g->b, "proc K\n", NULL);
	}
}

static void gen_sched(struct gen *g, struct vf_sched *s)
{
	unsigned int b = rd8(&g->rd);
	unsigned int f;

	s->strategy = b & 1 ? SIM_STRATEGY_PCT : SIM_STRATEGY_RANDOM;
	s->depth = 1 + ((b >> 1) & 3);
	s->seed = rd8(&g->rd);
	s->seed |= rd8(&g->rd) << 8;
	s->seed |= rd8(&g->rd) << 16;
	s->seed |= (uint64_t)rd8(&g->rd) << 24;
	f = rd8(&g->rd);
	s->fail_nth = 0;
	if (f >= 0xf0) {
		s->fail_nth = rd8(&g->rd);
		s->fail_nth |= rd8(&g->rd) << 8;
		s->fail_nth = 1 + s->fail_nth % 512;
	}
}

/*
 * A handle for thread @th: one of the fd variables its process set (its
 * own only, when the process may exit: a thread waiting for a sibling's
 * variable would wait forever once an exit ended the sibling), or a
 * literal fd number.
 */
/* @out: HANDLE_MAX bytes */
#define HANDLE_MAX	(2 + NUM_MAX)

static void handle_text(struct gen *g, int th, unsigned int b, char *out)
{
	int proc = g->thread_proc[th];
	int cand[MAX_HANDLES], n = 0;

	for (int h = g->nhandles - 1; h >= 0; h--) {
		if (g->handle_proc[h] != proc)
			continue;
		if (g->may_exit[proc] && g->handle_thread[h] != th)
			continue;
		cand[n++] = h;
	}
	if (n && b % (n + 1) < (unsigned int)n) {
		out[0] = ' ';
		out[1] = 'f';
		num(out + 2, cand[b % (n + 1)]);
	} else {
		out[0] = ' ';
		num(out + 1, (b >> 4) % 8);
	}
}

static void put_handle(struct gen *g, int th, unsigned int b)
{
	char h[HANDLE_MAX];

	handle_text(g, th, b, h);
	put(&g->b, h, NULL);
}

static int new_handle(struct gen *g, int th)
{
	int h = g->nhandles;

	if (h == MAX_HANDLES)
		return -1;
	g->nhandles++;
	g->handle_proc[h] = g->thread_proc[th];
	g->handle_thread[h] = th;
	return h;
}

static void gen_open(struct gen *g, int th)
{
	unsigned int b = rd8(&g->rd);
	unsigned int npaths = 2 + g->ngroups + 1 + g->ndev + 1 + 1 +
			      (g->iommu_less ? 4 : 0);
	unsigned int i = b % npaths;
	unsigned int devs = 2 + g->ngroups + 1 + g->ndev + 1;
	int h = new_handle(g, th);
	char n[NUM_MAX];

	if (h < 0)
		return;
	put(&g->b, g->thread_name[th], ": f", num(n, h), " = open ", NULL);
	if (i == 0)
		put(&g->b, "/dev/vfio/vfio", NULL);
	else if (i == 1)
		put(&g->b, "/dev/iommu", NULL);
	else if (i >= devs + 1)	/* noiommu and emulated devices' groups */
		put(&g->b, "/dev/vfio/", i - devs - 1 < 2 ? "noiommu-" : "",
		    (i - devs - 1) & 1 ? "1" : "0", NULL);
	else if (i == devs)
		put(&g->b, "/dev/kvm", NULL);
	else if ((i -= 2) < (unsigned int)g->ngroups)
		put(&g->b, "/dev/vfio/", num(n, g->group_ids[i]), NULL);
	else if ((i -= g->ngroups) == 0)
		put(&g->b, "/dev/vfio/99", NULL);
	else
		put(&g->b, "/dev/vfio/devices/vfio", num(n, i - 1), NULL);
	b = rd8(&g->rd) % 16;
	if (b == 14)
		put(&g->b, " O_RDONLY", NULL);
	else if (b == 15)
		put(&g->b, " O_RDWR|O_CLOEXEC|O_NONBLOCK", NULL);
}

static void gen_ioctl_arg(struct gen *g, int th, const struct sim_ioctl *io)
{
	unsigned int b = rd8(&g->rd);
	unsigned int nsym = 0;
	char n[NUM_MAX];

	switch (io->arg) {
	case SIM_IOCTL_NONE:
		break;
	case SIM_IOCTL_INT:
		while (io->symbols && io->symbols[nsym].name)
			nsym++;
		if (nsym && b % (nsym + 2) < nsym)
			put(&g->b, " ", io->symbols[b % (nsym + 2)].name, NULL);
		else
			put(&g->b, " ", num(n, (int)(b >> 4) - 1), NULL);
		break;
	case SIM_IOCTL_INT_PTR:
		if (b % 8 < 6)
			put(&g->b, " ", num(n, (b >> 3) % 6), NULL);
		else
			put(&g->b, b % 8 == 6 ? " BADPTR" : " NULL", NULL);
		break;
	case SIM_IOCTL_FD_PTR:
		if (b % 8 < 6)
			put_handle(g, th, rd8(&g->rd));
		else
			put(&g->b, b % 8 == 6 ? " BADPTR" : " NULL", NULL);
		break;
	case SIM_IOCTL_STRING:
		if (io->check && io->samples && b % 8 < 6) {
			/* an argument read as fields: one the target gives */
			unsigned int ns = 0;

			while (io->samples[ns])
				ns++;
			put(&g->b, " \"", io->samples[(b >> 3) % ns], "\"",
			    NULL);
		} else if (b % 8 < 5)
			put(&g->b, " \"", g->dev_name[(b >> 3) % g->ndev], "\"",
			    NULL);
		else if (b % 8 == 5)
			put(&g->b, (b >> 3) & 1 ? " \"\"" : " \"0000:00:1f.7\"",
			    NULL);
		else
			put(&g->b, b % 8 == 6 ? " BADPTR" : " NULL", NULL);
		break;
	case SIM_IOCTL_STRUCT:
		if (b % 8 == 6)
			put(&g->b, " BADPTR", NULL);
		else if (b % 8 == 7)
			put(&g->b, " NULL", NULL);
		break;
	}
}

static void gen_ioctl(struct gen *g, int th)
{
	const struct sim_ioctl *io;
	char fd[HANDLE_MAX], n[NUM_MAX];
	int h = -1;

	handle_text(g, th, rd8(&g->rd), fd);
	io = pick_ioctl(g, rd8(&g->rd));
	if (!io)
		return;
	if (io->returns_fd && (h = new_handle(g, th)) < 0)
		return;
	put(&g->b, g->thread_name[th], ": ", NULL);
	if (h >= 0)
		put(&g->b, "f", num(n, h), " = ", NULL);
	put(&g->b, "ioctl", fd, " ", io->name, NULL);
	gen_ioctl_arg(g, th, io);
}

/* A command number of the vfio ioctl type (';'): mostly unknown ones. */
static void gen_raw_ioctl(struct gen *g, int th)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int hb = rd8(&g->rd);
	unsigned int nr = rd8(&g->rd);
	char cmd[] = " 0x3bNN", n[NUM_MAX];

	put(&g->b, g->thread_name[th], ": ioctl", NULL);
	put_handle(g, th, hb);
	cmd[5] = hex[nr >> 4];
	cmd[6] = hex[nr & 15];
	put(&g->b, cmd, " ", num(n, rd8(&g->rd) % 4), NULL);
}

static void gen_fd_op(struct gen *g, int th, const char *op)
{
	char fd[HANDLE_MAX], n[NUM_MAX];
	int h = -1;

	handle_text(g, th, rd8(&g->rd), fd);
	if (!strcmp(op, "dup") && (h = new_handle(g, th)) < 0)
		return;
	put(&g->b, g->thread_name[th], ": ", NULL);
	if (h >= 0)
		put(&g->b, "f", num(n, h), " = ", NULL);
	put(&g->b, op, fd, NULL);
}

static void gen_io(struct gen *g, int th)
{
	unsigned int b = rd8(&g->rd);
	static const char *const lens[] = { " 0", " 8", " 4096", " 4096" };

	put(&g->b, g->thread_name[th], ": ",
	    b % 3 == 0 ? "read" : b % 3 == 1 ? "write" : "mmap", NULL);
	put_handle(g, th, rd8(&g->rd));
	if (b % 3 == 1)
		put(&g->b, " \"x\"", NULL);
	else
		put(&g->b, lens[(b >> 2) & 3], NULL);
}

static void gen_driver_op(struct gen *g, int th)
{
	const struct sim_driver_op *op;
	char n[NUM_MAX];
	unsigned int b;

	op = &g->t->driver_ops[rd8(&g->rd) % g->t->nr_driver_ops];
	b = rd8(&g->rd);
	put(&g->b, g->thread_name[th], ": ", op->name, NULL);
	switch (op->arg) {
	case SIM_DRIVER_NONE:
		break;
	case SIM_DRIVER_DEVICE:
		put(&g->b, " ", g->dev_name[b % g->ndev], NULL);
		break;
	case SIM_DRIVER_INT:
		put(&g->b, " ", num(n, b % 4), NULL);
		break;
	case SIM_DRIVER_STRING:
		put(&g->b, " \"", g->dev_name[b % g->ndev], "\"", NULL);
		break;
	}
}

/* One line; false when nothing was written (no handle left ...). */
static bool gen_op(struct gen *g)
{
	int th = rd8(&g->rd) % g->nthreads;
	size_t start = g->b.len;
	unsigned int k;

	if (g->thread_done[th])
		return false;
	if (g->driver_thread && th == g->nthreads - 1) {
		gen_driver_op(g, th);
		goto done;
	}
	k = rd8(&g->rd) % 16;
	switch (k) {
	case 0: case 1: case 2:
		gen_open(g, th);
		break;
	case 8: case 9:
		gen_fd_op(g, th, "close");
		break;
	case 10:
		gen_fd_op(g, th, "dup");
		break;
	case 11:
		gen_io(g, th);
		break;
	case 12:
		gen_raw_ioctl(g, th);
		break;
	case 13:
		if (g->may_exit[g->thread_proc[th]]) {
			put(&g->b, g->thread_name[th], ": exit", NULL);
			g->thread_done[th] = true;
			break;
		}
		/* fall through */
	default:
		gen_ioctl(g, th);
		break;
	}
done:
	if (g->b.len == start)
		return false;
	put(&g->b, "\texpect any\n", NULL);
	return true;
}

/*
 * What a decoder for target @t starts from: the target's device keys and
 * ioctls in the decoder's order, the rest zero.  Worked out once for the
 * last target asked (the tables are constant): the lookups by name were
 * a tenth of decoding.
 */
static const struct gen *start_for(const struct sim_target *t)
{
	static struct gen start;

	if (start.t == t)
		return &start;
	memset(&start, 0, sizeof(start));
	start.t = t;
	for (const char *const *k = t->device_keys; k && *k; k++) {
		start.has_group_key |= !strcmp(*k, "group");
		start.has_noiommu_key |= !strcmp(*k, "noiommu");
		start.has_emulated_key |= !strcmp(*k, "emulated");
		start.has_devset_key |= !strcmp(*k, "devset");
	}
	order_ioctls(&start);
	return &start;
}

int vf_decode(const uint8_t *data, size_t size, const struct sim_target *t,
	      struct vf_prog *p)
{
	struct gen gen = *start_for(t), *g = &gen;
	int nops = 0, tries = 0;

	memset(p, 0, sizeof(*p));
	if (size > VF_MAX_INPUT)
		size = VF_MAX_INPUT;
	g->rd.p = data;
	/* the empty input may come as NULL: no arithmetic on it */
	g->rd.end = size ? data + size : data;
	g->b.cap = 2048;
	g->b.s = malloc(g->b.cap);
	if (!g->b.s)
		return -1;
	g->b.s[0] = 0;
	put(&g->b, "target ", t->name, "\n", NULL);
	gen_world(g);
	gen_sched(g, &p->sched);
	/* a line needs two bytes at least; give up on runs of no-ops */
	while (rd_more(&g->rd) && nops < VF_MAX_OPS && tries < 4 * VF_MAX_OPS) {
		tries++;
		nops += gen_op(g);
	}
	/* a scenario has one line at least */
	if (!nops) {
		put(&g->b, "P0: f0 = open /dev/vfio/vfio\texpect any\n",
		    NULL);
		nops = 1;
	}
	if (g->b.oom) {
		free(g->b.s);
		return -1;
	}
	p->text = g->b.s;
	p->len = g->b.len;
	p->nops = nops;
	return 0;
}

void vf_prog_free(struct vf_prog *p)
{
	free(p->text);
	p->text = NULL;
	p->len = 0;
}

const struct sim_target *vf_target(const char *name, char *err,
				   size_t errlen)
{
	const struct sim_target *t;

	if (!name)
		name = getenv(VF_ENV_TARGET);
	if (name && *name) {
		t = sim_target_find(name);
		if (!t)
			snprintf(err, errlen, "unknown target '%s' (vfio-sim "
				 "targets lists them)", name);
		return t;
	}
	t = sim_target_find("model");
	if (!t)
		t = sim_target_find("linux");
	if (!t)
		snprintf(err, errlen, "no vfio target built in (neither "
			 "model nor linux): name one with --target or $%s",
			 VF_ENV_TARGET);
	return t;
}
