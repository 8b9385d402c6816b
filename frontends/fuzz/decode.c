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

static void put(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if ((size_t)n < b->cap - b->len)
			break;
		b->cap = 2 * b->cap + n;
		b->s = realloc(b->s, b->cap);
		if (!b->s) {
			b->oom = true;
			return;
		}
	}
	b->len += n;
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
		if (bus == 0)
			snprintf(g->dev_name[i], sizeof(g->dev_name[i]),
				 "0000:00:%02x.0", i + 1);
		else if (bus == 1)
			snprintf(g->dev_name[i], sizeof(g->dev_name[i]),
				 "vfio-platform.%d", i);
		else
			snprintf(g->dev_name[i], sizeof(g->dev_name[i]),
				 "00000000-0000-0000-0000-00000000000%d", i);
		g->dev_group[i] = gid;
		put(&g->b, "device %s %s", bus_names[bus], g->dev_name[i]);
		if (gid >= 0)
			put(&g->b, " group %d", gid);
		if (kind == 5)
			put(&g->b, " noiommu 1");
		else if (kind == 6)
			put(&g->b, " emulated 1");
		/* two device sets, by the slot's low bit */
		if (kind == 7 && g->has_devset_key)
			put(&g->b, " devset s%u", slot & 1);
		put(&g->b, "\n");
		if (kind == 5 && (slot & 1))
			g->noiommu_mode = true;
		for (int j = 0; j < g->ngroups; j++)
			known |= g->group_ids[j] == gid;
		if (gid >= 0 && !known)
			g->group_ids[g->ngroups++] = gid;
	}
	if (g->noiommu_mode)
		put(&g->b, "param vfio.enable_unsafe_noiommu_mode=1\n");
	for (int i = 0; i < g->nprocs; i++) {
		unsigned int p = rd8(&g->rd);
		int threads = 1 + ((p >> 2) & 1);

		put(&g->b, "proc P%d", i);
		if (p & 3)
			put(&g->b, " caps=%s%s%s", p & 1 ? "SYS_RAWIO" : "",
			    (p & 3) == 3 ? "," : "", p & 2 ? "SYS_ADMIN" : "");
		put(&g->b, "\n");
		/*
		 * Only single-thread processes exit: the world frees the
		 * descriptor table of a process whose exit races a system
		 * call of its other thread (docs/fuzzing.md, known gaps).
		 */
		g->may_exit[i] = (p >> 3) & 1 && threads == 1;
		for (int t = 0; t < threads; t++) {
			int n = g->nthreads++;

			g->thread_proc[n] = i;
			if (t == 0) {
				snprintf(g->thread_name[n], 16, "P%d", i);
			} else {
				snprintf(g->thread_name[n], 16, "P%dt", i);
				put(&g->b, "thread P%dt proc=P%d\n", i, i);
			}
		}
	}
	if (g->t->nr_driver_ops) {
		int n = g->nthreads++;

		g->driver_thread = true;
		g->thread_proc[n] = VF_MAX_PROCS;
		snprintf(g->thread_name[n], 16, "K");
		put(&g->b, "proc K\n");
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
static void handle_text(struct gen *g, int th, unsigned int b, char *out,
			size_t len)
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
	if (n && b % (n + 1) < (unsigned int)n)
		snprintf(out, len, " f%d", cand[b % (n + 1)]);
	else
		snprintf(out, len, " %u", (b >> 4) % 8);
}

static void put_handle(struct gen *g, int th, unsigned int b)
{
	char h[16];

	handle_text(g, th, b, h, sizeof(h));
	put(&g->b, "%s", h);
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

	if (h < 0)
		return;
	put(&g->b, "%s: f%d = open ", g->thread_name[th], h);
	if (i == 0)
		put(&g->b, "/dev/vfio/vfio");
	else if (i == 1)
		put(&g->b, "/dev/iommu");
	else if (i >= devs + 1)	/* noiommu and emulated devices' groups */
		put(&g->b, "/dev/vfio/%s%u", i - devs - 1 < 2 ? "noiommu-" : "",
		    (i - devs - 1) & 1);
	else if (i == devs)
		put(&g->b, "/dev/kvm");
	else if ((i -= 2) < (unsigned int)g->ngroups)
		put(&g->b, "/dev/vfio/%d", g->group_ids[i]);
	else if ((i -= g->ngroups) == 0)
		put(&g->b, "/dev/vfio/99");
	else
		put(&g->b, "/dev/vfio/devices/vfio%u", i - 1);
	b = rd8(&g->rd) % 16;
	if (b == 14)
		put(&g->b, " O_RDONLY");
	else if (b == 15)
		put(&g->b, " O_RDWR|O_CLOEXEC|O_NONBLOCK");
}

static void gen_ioctl_arg(struct gen *g, int th, const struct sim_ioctl *io)
{
	unsigned int b = rd8(&g->rd);
	unsigned int nsym = 0;

	switch (io->arg) {
	case SIM_IOCTL_NONE:
		break;
	case SIM_IOCTL_INT:
		while (io->symbols && io->symbols[nsym].name)
			nsym++;
		if (nsym && b % (nsym + 2) < nsym)
			put(&g->b, " %s", io->symbols[b % (nsym + 2)].name);
		else
			put(&g->b, " %d", (int)(b >> 4) - 1);
		break;
	case SIM_IOCTL_INT_PTR:
		if (b % 8 < 6)
			put(&g->b, " %u", (b >> 3) % 6);
		else
			put(&g->b, b % 8 == 6 ? " BADPTR" : " NULL");
		break;
	case SIM_IOCTL_FD_PTR:
		if (b % 8 < 6)
			put_handle(g, th, rd8(&g->rd));
		else
			put(&g->b, b % 8 == 6 ? " BADPTR" : " NULL");
		break;
	case SIM_IOCTL_STRING:
		if (io->check && io->samples && b % 8 < 6) {
			/* an argument read as fields: one the target gives */
			unsigned int n = 0;

			while (io->samples[n])
				n++;
			put(&g->b, " \"%s\"", io->samples[(b >> 3) % n]);
		} else if (b % 8 < 5)
			put(&g->b, " \"%s\"",
			    g->dev_name[(b >> 3) % g->ndev]);
		else if (b % 8 == 5)
			put(&g->b, (b >> 3) & 1 ? " \"\"" : " \"0000:00:1f.7\"");
		else
			put(&g->b, b % 8 == 6 ? " BADPTR" : " NULL");
		break;
	case SIM_IOCTL_STRUCT:
		if (b % 8 == 6)
			put(&g->b, " BADPTR");
		else if (b % 8 == 7)
			put(&g->b, " NULL");
		break;
	}
}

static void gen_ioctl(struct gen *g, int th)
{
	const struct sim_ioctl *io;
	char fd[16];
	int h = -1;

	handle_text(g, th, rd8(&g->rd), fd, sizeof(fd));
	io = pick_ioctl(g, rd8(&g->rd));
	if (!io)
		return;
	if (io->returns_fd && (h = new_handle(g, th)) < 0)
		return;
	put(&g->b, "%s: ", g->thread_name[th]);
	if (h >= 0)
		put(&g->b, "f%d = ", h);
	put(&g->b, "ioctl%s %s", fd, io->name);
	gen_ioctl_arg(g, th, io);
}

/* A command number of the vfio ioctl type (';'): mostly unknown ones. */
static void gen_raw_ioctl(struct gen *g, int th)
{
	unsigned int hb = rd8(&g->rd);
	unsigned int nr = rd8(&g->rd);

	put(&g->b, "%s: ioctl", g->thread_name[th]);
	put_handle(g, th, hb);
	put(&g->b, " 0x3b%02x %u", nr, rd8(&g->rd) % 4);
}

static void gen_fd_op(struct gen *g, int th, const char *op)
{
	char fd[16];
	int h = -1;

	handle_text(g, th, rd8(&g->rd), fd, sizeof(fd));
	if (!strcmp(op, "dup") && (h = new_handle(g, th)) < 0)
		return;
	put(&g->b, "%s: ", g->thread_name[th]);
	if (h >= 0)
		put(&g->b, "f%d = ", h);
	put(&g->b, "%s%s", op, fd);
}

static void gen_io(struct gen *g, int th)
{
	unsigned int b = rd8(&g->rd);
	static const unsigned int lens[] = { 0, 8, 4096, 4096 };

	put(&g->b, "%s: %s", g->thread_name[th],
	    b % 3 == 0 ? "read" : b % 3 == 1 ? "write" : "mmap");
	put_handle(g, th, rd8(&g->rd));
	if (b % 3 == 1)
		put(&g->b, " \"x\"");
	else
		put(&g->b, " %u", lens[(b >> 2) & 3]);
}

static void gen_driver_op(struct gen *g, int th)
{
	const struct sim_driver_op *op;
	unsigned int b;

	op = &g->t->driver_ops[rd8(&g->rd) % g->t->nr_driver_ops];
	b = rd8(&g->rd);
	put(&g->b, "%s: %s", g->thread_name[th], op->name);
	switch (op->arg) {
	case SIM_DRIVER_NONE:
		break;
	case SIM_DRIVER_DEVICE:
		put(&g->b, " %s", g->dev_name[b % g->ndev]);
		break;
	case SIM_DRIVER_INT:
		put(&g->b, " %u", b % 4);
		break;
	case SIM_DRIVER_STRING:
		put(&g->b, " \"%s\"", g->dev_name[b % g->ndev]);
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
			put(&g->b, "%s: exit", g->thread_name[th]);
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
	put(&g->b, "\texpect any\n");
	return true;
}

int vf_decode(const uint8_t *data, size_t size, const struct sim_target *t,
	      struct vf_prog *p)
{
	struct gen *g = calloc(1, sizeof(*g));
	int nops = 0, tries = 0;

	memset(p, 0, sizeof(*p));
	if (!g)
		return -1;
	if (size > VF_MAX_INPUT)
		size = VF_MAX_INPUT;
	g->rd.p = data;
	/* the empty input may come as NULL: no arithmetic on it */
	g->rd.end = size ? data + size : data;
	g->t = t;
	g->b.cap = 2048;
	g->b.s = malloc(g->b.cap);
	if (!g->b.s) {
		free(g);
		return -1;
	}
	g->b.s[0] = 0;
	for (const char *const *k = t->device_keys; k && *k; k++) {
		g->has_group_key |= !strcmp(*k, "group");
		g->has_noiommu_key |= !strcmp(*k, "noiommu");
		g->has_emulated_key |= !strcmp(*k, "emulated");
		g->has_devset_key |= !strcmp(*k, "devset");
	}
	order_ioctls(g);
	put(&g->b, "target %s\n", t->name);
	gen_world(g);
	gen_sched(g, &p->sched);
	/* a line needs two bytes at least; give up on runs of no-ops */
	while (rd_more(&g->rd) && nops < VF_MAX_OPS && tries < 4 * VF_MAX_OPS) {
		tries++;
		nops += gen_op(g);
	}
	/* a scenario has one line at least */
	if (!nops) {
		put(&g->b, "P0: f0 = open /dev/vfio/vfio\texpect any\n");
		nops = 1;
	}
	if (g->b.oom) {
		free(g->b.s);
		free(g);
		return -1;
	}
	p->text = g->b.s;
	p->len = g->b.len;
	p->nops = nops;
	free(g);
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
