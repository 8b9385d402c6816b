// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz input -> scenario, built directly or as text (emit.c writes each
 * decision in the forms asked for).  The layout (docs/fuzzing.md):
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
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/emit.h"
#include "fuzz/fuzz.h"
#include "targets/target.h"
#include "world/world.h"

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
	struct vf_out *o;
	char path[VF_SRC_MAX];		/* an open's path */
	char raw[8];			/* a numbered ioctl, "0x3bNN" */
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
};

static const enum sim_bus bus_ids[] = {
	SIM_BUS_PCI, SIM_BUS_PLATFORM, SIM_BUS_MDEV,
};

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
	char nb[NUM_MAX], name[8];

	g->ndev = 1 + b % VF_MAX_DEVICES;
	g->nprocs = 1 + (b >> 2) % VF_MAX_PROCS;
	for (int i = 0; i < g->ndev; i++) {
		unsigned int d = rd8(&g->rd);
		unsigned int bus = d % 3;
		unsigned int slot = (d >> 2) & 7;
		unsigned int kind = d >> 5;
		int gid = slot == NO_GROUP ? -1 : groups[slot];
		const char *keys[2], *values[2];
		int nkeys = 0;
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
		if (gid >= 0) {
			keys[nkeys] = "group";
			values[nkeys++] = num(nb, gid);
		}
		if (kind == 5) {
			keys[nkeys] = "noiommu";
			values[nkeys++] = "1";
		} else if (kind == 6) {
			keys[nkeys] = "emulated";
			values[nkeys++] = "1";
		}
		/* two device sets, by the slot's low bit */
		if (kind == 7 && g->has_devset_key) {
			keys[nkeys] = "devset";
			values[nkeys++] = slot & 1 ? "s1" : "s0";
		}
		vf_out_device(g->o, bus_ids[bus], g->dev_name[i], nkeys, keys,
			      values);
		if (kind == 5 && (slot & 1))
			g->noiommu_mode = true;
		for (int j = 0; j < g->ngroups; j++)
			known |= g->group_ids[j] == gid;
		if (gid >= 0 && !known)
			g->group_ids[g->ngroups++] = gid;
	}
	if (g->noiommu_mode)
		vf_out_param(g->o, "vfio", "enable_unsafe_noiommu_mode", "1");
	for (int i = 0; i < g->nprocs; i++) {
		unsigned int p = rd8(&g->rd);
		int threads = 1 + ((p >> 2) & 1);
		uint64_t caps = 0;

		if (p & 1)
			caps |= 1ull << SIM_CAP_SYS_RAWIO;
		if (p & 2)
			caps |= 1ull << SIM_CAP_SYS_ADMIN;
		/* i < VF_MAX_PROCS: one digit */
		strcpy(name, "P0");
		name[1] += i;
		vf_out_proc(g->o, name, caps);
		/*
		 * Only single-thread processes exit: the world frees the
		 * descriptor table of a process whose exit races a system
		 * call of its other thread (docs/fuzzing.md, known gaps).
		 */
		g->may_exit[i] = (p >> 3) & 1 && threads == 1;
		for (int t = 0; t < threads; t++) {
			int n = g->nthreads++;

			g->thread_proc[n] = i;
			strcpy(g->thread_name[n], t ? "P0t" : "P0");
			g->thread_name[n][1] += i;
			if (t)
				vf_out_thread(g->o, g->thread_name[n], i,
					      g->thread_name[n - 1]);
		}
	}
	if (g->t->nr_driver_ops) {
		int n = g->nthreads++;

		g->driver_thread = true;
		g->thread_proc[n] = VF_MAX_PROCS;
		strcpy(g->thread_name[n], "K");
		vf_out_proc(g->o, "K", 0);
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

#define HANDLE_MAX	(2 + NUM_MAX)

struct handle {
	int var;			/* -1: a literal fd number */
	long num;
	char text[HANDLE_MAX];		/* " fN" or " N" */
};

/*
 * A handle for thread @th: one of the fd variables its process set (its
 * own only, when the process may exit: a thread waiting for a sibling's
 * variable would wait forever once an exit ended the sibling), or a
 * literal fd number.  Variable fN is the scenario's Nth: only handles set
 * variables, and every handle made is written.
 */
static void pick_handle(struct gen *g, int th, unsigned int b,
			struct handle *h)
{
	int proc = g->thread_proc[th];
	int cand[MAX_HANDLES], n = 0;

	for (int i = g->nhandles - 1; i >= 0; i--) {
		if (g->handle_proc[i] != proc)
			continue;
		if (g->may_exit[proc] && g->handle_thread[i] != th)
			continue;
		cand[n++] = i;
	}
	h->text[0] = ' ';
	if (n && b % (n + 1) < (unsigned int)n) {
		h->var = cand[b % (n + 1)];
		h->num = 0;
		h->text[1] = 'f';
		num(h->text + 2, h->var);
	} else {
		h->var = -1;
		h->num = (b >> 4) % 8;
		num(h->text + 1, h->num);
	}
}

/* The line's fd is @h. */
static void use_fd(struct gen *g, const struct handle *h)
{
	g->o->op.fdvar = h->var;
	g->o->op.fdnum = h->num;
	vf_src(g->o, h->text, NULL);
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

/* The line sets variable fH. */
static void assign(struct gen *g, int h)
{
	g->o->assign[0] = 'f';
	num(g->o->assign + 1, h);
}

static bool gen_open(struct gen *g, int th)
{
	unsigned int b = rd8(&g->rd);
	unsigned int npaths = 2 + g->ngroups + 1 + g->ndev + 1 + 1 +
			      (g->iommu_less ? 4 : 0);
	unsigned int i = b % npaths;
	unsigned int devs = 2 + g->ngroups + 1 + g->ndev + 1;
	int h = new_handle(g, th);
	struct vf_out *o = g->o;
	char n[NUM_MAX];
	size_t path;

	if (h < 0)
		return false;
	vf_line_start(o, SIM_SCN_OPEN, th);
	assign(g, h);
	vf_src(o, "open ", NULL);
	path = o->src_len;
	if (i == 0)
		vf_src(o, "/dev/vfio/vfio", NULL);
	else if (i == 1)
		vf_src(o, "/dev/iommu", NULL);
	else if (i >= devs + 1)	/* noiommu and emulated devices' groups */
		vf_src(o, "/dev/vfio/", i - devs - 1 < 2 ? "noiommu-" : "",
		       (i - devs - 1) & 1 ? "1" : "0", NULL);
	else if (i == devs)
		vf_src(o, "/dev/kvm", NULL);
	else if ((i -= 2) < (unsigned int)g->ngroups)
		vf_src(o, "/dev/vfio/", num(n, g->group_ids[i]), NULL);
	else if ((i -= g->ngroups) == 0)
		vf_src(o, "/dev/vfio/99", NULL);
	else
		vf_src(o, "/dev/vfio/devices/vfio", num(n, i - 1), NULL);
	/* the path, on its own, in the text */
	memcpy(g->path, o->src + path, o->src_len - path + 1);
	o->op.text = g->path;
	b = rd8(&g->rd) % 16;
	o->op.num = O_RDWR;
	if (b == 14) {
		vf_src(o, " O_RDONLY", NULL);
		o->op.num = O_RDONLY;
	} else if (b == 15) {
		vf_src(o, " O_RDWR|O_CLOEXEC|O_NONBLOCK", NULL);
		o->op.num = O_RDWR | O_CLOEXEC | O_NONBLOCK;
	}
	return true;
}

/* A number argument (written as @text). */
static void arg_num(struct gen *g, long v)
{
	char n[NUM_MAX];

	g->o->op.arg = SIM_SCN_ARG_NUM;
	g->o->op.arg_num = v;
	vf_src(g->o, " ", num(n, v), NULL);
}

/* BADPTR or NULL */
static void arg_ptr(struct gen *g, bool bad)
{
	g->o->op.arg = bad ? SIM_SCN_ARG_BADPTR : SIM_SCN_ARG_NULL;
	vf_src(g->o, bad ? " BADPTR" : " NULL", NULL);
}

/* A "string" argument. */
static void arg_text(struct gen *g, const char *s)
{
	g->o->op.arg = SIM_SCN_ARG_TEXT;
	g->o->op.arg_text = s;
	vf_src(g->o, " \"", s, "\"", NULL);
}

static void gen_ioctl_arg(struct gen *g, int th, const struct sim_ioctl *io)
{
	unsigned int b = rd8(&g->rd);
	unsigned int nsym = 0;
	struct handle h;

	switch (io->arg) {
	case SIM_IOCTL_NONE:
		break;
	case SIM_IOCTL_INT:
		while (io->symbols && io->symbols[nsym].name)
			nsym++;
		if (nsym && b % (nsym + 2) < nsym) {
			const struct sim_symbol *sym;

			sym = &io->symbols[b % (nsym + 2)];
			g->o->op.arg = SIM_SCN_ARG_NUM;
			g->o->op.arg_num = sym->value;
			vf_src(g->o, " ", sym->name, NULL);
		} else {
			arg_num(g, (int)(b >> 4) - 1);
		}
		break;
	case SIM_IOCTL_INT_PTR:
		if (b % 8 < 6)
			arg_num(g, (b >> 3) % 6);
		else
			arg_ptr(g, b % 8 == 6);
		break;
	case SIM_IOCTL_FD_PTR:
		if (b % 8 < 6) {
			pick_handle(g, th, rd8(&g->rd), &h);
			g->o->op.arg = h.var >= 0 ? SIM_SCN_ARG_VAR :
						    SIM_SCN_ARG_NUM;
			g->o->op.arg_var = h.var;
			g->o->op.arg_num = h.num;
			vf_src(g->o, h.text, NULL);
		} else {
			arg_ptr(g, b % 8 == 6);
		}
		break;
	case SIM_IOCTL_STRING:
		if (io->check && io->samples && b % 8 < 6) {
			/* an argument read as fields: one the target gives */
			unsigned int ns = 0;

			while (io->samples[ns])
				ns++;
			arg_text(g, io->samples[(b >> 3) % ns]);
		} else if (b % 8 < 5) {
			arg_text(g, g->dev_name[(b >> 3) % g->ndev]);
		} else if (b % 8 == 5) {
			arg_text(g, (b >> 3) & 1 ? "" : "0000:00:1f.7");
		} else {
			arg_ptr(g, b % 8 == 6);
		}
		break;
	case SIM_IOCTL_STRUCT:
		if (b % 8 >= 6)
			arg_ptr(g, b % 8 == 6);
		break;
	}
}

static bool gen_ioctl(struct gen *g, int th)
{
	const struct sim_ioctl *io;
	struct handle fd;
	int h = -1;

	pick_handle(g, th, rd8(&g->rd), &fd);
	io = pick_ioctl(g, rd8(&g->rd));
	if (!io)
		return false;
	if (io->returns_fd && (h = new_handle(g, th)) < 0)
		return false;
	vf_line_start(g->o, SIM_SCN_IOCTL, th);
	if (h >= 0)
		assign(g, h);
	vf_src(g->o, "ioctl", NULL);
	use_fd(g, &fd);
	vf_src(g->o, " ", io->name, NULL);
	g->o->op.ioctl = io;
	gen_ioctl_arg(g, th, io);
	return true;
}

/* A command number of the vfio ioctl type (';'): mostly unknown ones. */
static bool gen_raw_ioctl(struct gen *g, int th)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int hb = rd8(&g->rd);
	unsigned int nr = rd8(&g->rd);
	struct handle fd;

	vf_line_start(g->o, SIM_SCN_IOCTL, th);
	vf_src(g->o, "ioctl", NULL);
	pick_handle(g, th, hb, &fd);
	use_fd(g, &fd);
	g->raw[0] = '0';
	g->raw[1] = 'x';
	g->raw[2] = '3';
	g->raw[3] = 'b';
	g->raw[4] = hex[nr >> 4];
	g->raw[5] = hex[nr & 15];
	g->raw[6] = 0;
	g->o->op.raw = g->raw;
	g->o->op.raw_cmd = 0x3b00 | nr;
	vf_src(g->o, " ", g->raw, NULL);
	arg_num(g, rd8(&g->rd) % 4);
	return true;
}

static bool gen_fd_op(struct gen *g, int th, bool dup)
{
	struct handle fd;
	int h = -1;

	pick_handle(g, th, rd8(&g->rd), &fd);
	if (dup && (h = new_handle(g, th)) < 0)
		return false;
	vf_line_start(g->o, dup ? SIM_SCN_DUP : SIM_SCN_CLOSE, th);
	if (h >= 0)
		assign(g, h);
	vf_src(g->o, dup ? "dup" : "close", NULL);
	use_fd(g, &fd);
	return true;
}

static bool gen_io(struct gen *g, int th)
{
	static const char *const lens[] = { " 0", " 8", " 4096", " 4096" };
	static const long len_values[] = { 0, 8, 4096, 4096 };
	static const enum sim_scenario_op_kind kinds[] = {
		SIM_SCN_READ, SIM_SCN_WRITE, SIM_SCN_MMAP,
	};
	static const char *const names[] = { "read", "write", "mmap" };
	unsigned int b = rd8(&g->rd);
	struct handle fd;

	vf_line_start(g->o, kinds[b % 3], th);
	vf_src(g->o, names[b % 3], NULL);
	pick_handle(g, th, rd8(&g->rd), &fd);
	use_fd(g, &fd);
	if (b % 3 == 1) {
		vf_src(g->o, " \"x\"", NULL);
		g->o->op.text = "x";
	} else {
		vf_src(g->o, lens[(b >> 2) & 3], NULL);
		g->o->op.num = len_values[(b >> 2) & 3];
	}
	return true;
}

static bool gen_driver_op(struct gen *g, int th)
{
	const struct sim_driver_op *op;
	unsigned int b;

	op = &g->t->driver_ops[rd8(&g->rd) % g->t->nr_driver_ops];
	b = rd8(&g->rd);
	vf_line_start(g->o, SIM_SCN_DRIVER, th);
	g->o->op.dop = op;
	vf_src(g->o, op->name, NULL);
	switch (op->arg) {
	case SIM_DRIVER_NONE:
		break;
	case SIM_DRIVER_DEVICE:
		/* a device by its name: its index */
		g->o->op.arg = SIM_SCN_ARG_NUM;
		g->o->op.arg_num = b % g->ndev;
		vf_src(g->o, " ", g->dev_name[b % g->ndev], NULL);
		break;
	case SIM_DRIVER_INT:
		arg_num(g, b % 4);
		break;
	case SIM_DRIVER_STRING:
		arg_text(g, g->dev_name[b % g->ndev]);
		break;
	}
	return true;
}

/* One line; false when nothing was written (no handle left ...). */
static bool gen_op(struct gen *g)
{
	int th = rd8(&g->rd) % g->nthreads;
	bool wrote;

	if (g->thread_done[th])
		return false;
	if (g->driver_thread && th == g->nthreads - 1) {
		wrote = gen_driver_op(g, th);
		goto done;
	}
	switch (rd8(&g->rd) % 16) {
	case 0: case 1: case 2:
		wrote = gen_open(g, th);
		break;
	case 8: case 9:
		wrote = gen_fd_op(g, th, false);
		break;
	case 10:
		wrote = gen_fd_op(g, th, true);
		break;
	case 11:
		wrote = gen_io(g, th);
		break;
	case 12:
		wrote = gen_raw_ioctl(g, th);
		break;
	case 13:
		if (g->may_exit[g->thread_proc[th]]) {
			vf_line_start(g->o, SIM_SCN_EXIT, th);
			vf_src(g->o, "exit", NULL);
			g->thread_done[th] = true;
			wrote = true;
			break;
		}
		/* fall through */
	default:
		wrote = gen_ioctl(g, th);
		break;
	}
done:
	if (wrote)
		vf_line_end(g->o, g->thread_name[th]);
	return wrote;
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

/* The whole input into @o; the schedule choices into @sched. */
static int decode(const uint8_t *data, size_t size, const struct sim_target *t,
		  struct vf_out *o, struct vf_sched *sched)
{
	struct gen gen = *start_for(t), *g = &gen;
	int nops = 0, tries = 0;

	if (size > VF_MAX_INPUT)
		size = VF_MAX_INPUT;
	g->o = o;
	g->rd.p = data;
	/* the empty input may come as NULL: no arithmetic on it */
	g->rd.end = size ? data + size : data;
	gen_world(g);
	gen_sched(g, sched);
	/* a line needs two bytes at least; give up on runs of no-ops */
	while (rd_more(&g->rd) && nops < VF_MAX_OPS && tries < 4 * VF_MAX_OPS) {
		tries++;
		nops += gen_op(g);
	}
	/* a scenario has one line at least */
	if (!nops) {
		vf_line_start(o, SIM_SCN_OPEN, 0);
		strcpy(o->assign, "f0");
		vf_src(o, "open /dev/vfio/vfio", NULL);
		o->op.text = "/dev/vfio/vfio";
		o->op.num = O_RDWR;
		vf_line_end(o, "P0");
		nops = 1;
	}
	return nops;
}

int vf_decode(const uint8_t *data, size_t size, const struct sim_target *t,
	      struct vf_prog *p)
{
	struct vf_out o;

	memset(p, 0, sizeof(*p));
	if (vf_out_init(&o, t, true, false, NULL, 0))
		return -1;
	p->nops = decode(data, size, t, &o, &p->sched);
	if (vf_out_finish(&o))
		return -1;
	p->text = o.text;
	p->len = o.len;
	return 0;
}

struct sim_scenario *vf_decode_scenario(const uint8_t *data, size_t size,
					const struct sim_target *t,
					struct vf_sched *sched, char *err,
					size_t errlen)
{
	struct vf_out o;

	if (vf_out_init(&o, t, false, true, err, errlen))
		return NULL;
	decode(data, size, t, &o, sched);
	if (vf_out_finish(&o))
		return NULL;
	return o.s;
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
