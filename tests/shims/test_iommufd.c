// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iommufd mock: /dev/iommu opened through the simulated world and its
 * context found from the descriptor; IOAS allocation by ioctl; the bind /
 * attach / replace / detach / unbind life cycle of a device and its error
 * codes; accesses of emulated devices; the vfio compat helpers; two
 * contexts racing to bind devices of one iommu group (the second fails
 * with -EPERM in every interleaving); the context freed only after the
 * last of close() and unbind; unbalanced unbinds warn; a fail-nth sweep
 * of open + bind leaves nothing behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <linux/anon_inodes.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/iommu.h>
#include <linux/iommufd.h>
#include <linux/limits.h>

#include "mocks/iommu.h"
#include "mocks/iommufd.h"
#include "world/world.h"
#include "sim_test.h"


static const char prog[] = "iommufd";

/* Executions at preemption bound 2, and how they end, pinned. */
#define EXEC_TWO_CTX	2850
#define WINS_A		1425
#define EXEC_LIFETIME	261
#define FREED_BY_CLOSE	90
/* one run per allocation of open + bind + the setup, and the last one */
#define EXEC_SWEEP	39

/* d0, d1: group 1; d2: group 2; d3: group 3, not coherent; d4: no group. */
static struct device devs[5];
static long res[16];

static void devices_setup(void)
{
	memset(devs, 0, sizeof(devs));
	memset(res, 0, sizeof(res));
	WANT_EQ(sim_iommufd_init(), 0);
	WANT_EQ(sim_iommu_group_attach(&devs[0], 1, true), 0);
	WANT_EQ(sim_iommu_group_attach(&devs[1], 1, true), 0);
	WANT_EQ(sim_iommu_group_attach(&devs[2], 2, true), 0);
	WANT_EQ(sim_iommu_group_attach(&devs[3], 3, false), 0);
}

/* Nothing may be left bound, owned or open once every thread is done. */
static void devices_teardown(void *ctx)
{
	WANT_EQ(sim_iommufd_nr_bound(), 0);
	for (int i = 0; i < 4; i++) {
		struct iommu_group *g = iommu_group_get(&devs[i]);

		WANT_EQ(sim_iommu_group_owner(g).owner_cnt, 0);
		iommu_group_put(g);
	}
	sim_world_exit_all();
	WANT_EQ(sim_iommufd_nr_ctxs(), 0);
	for (int i = 0; i < 4; i++)
		iommu_group_remove_device(&devs[i]);
	sim_iommufd_exit();
}

#define explore_ok(setup, ctx, o, r)					\
	sim_test_explore_ok(prog, setup, devices_teardown, ctx, o, r)

/* Setup of the single-threaded tests: @ctx is the body, run in process P. */
static void run_body(void *body)
{
	((void (*)(void))body)();
}

static void body_setup(void *body)
{
	devices_setup();
	sim_world_attach(sim_thread_create("P", run_body, body),
			 sim_proc_create("P", 0));
}

static struct iommu_group *group_of(struct device *dev)
{
	struct iommu_group *g = iommu_group_get(dev);

	iommu_group_put(g);	/* the device keeps it */
	return g;
}

/* IOMMU_IOAS_ALLOC through the descriptor; the new id or -errno. */
static long ioas_alloc(int fd, u32 size, u32 flags)
{
	struct iommu_ioas_alloc cmd = { .size = size, .flags = flags };
	unsigned long ua = sim_user_alloc(sizeof(cmd));
	long ret;

	WANT_EQ(sim_user_write(ua, &cmd, sizeof(cmd)), 0);
	ret = sim_sys_ioctl(fd, IOMMU_IOAS_ALLOC, ua);
	if (ret)
		return ret;
	WANT_EQ(sim_user_read(ua, &cmd, sizeof(cmd)), 0);
	return cmd.out_ioas_id;
}

static long ioas_destroy(int fd, u32 id)
{
	struct iommu_destroy cmd = { .size = sizeof(cmd), .id = id };
	unsigned long ua = sim_user_alloc(sizeof(cmd));

	WANT_EQ(sim_user_write(ua, &cmd, sizeof(cmd)), 0);
	return sim_sys_ioctl(fd, IOMMU_DESTROY, ua);
}

/* --- the life cycle, in one thread ---------------------------------------- */

static const struct file_operations other_fops;

static void lifecycle(void)
{
	struct iommufd_device *idev0, *idev1;
	struct iommufd_ctx *ictx, *ictx2;
	struct file *file, *other;
	u32 id0, id1, pt;
	int fd;

	fd = sim_sys_open(SIM_IOMMUFD_PATH, O_RDWR);
	WANT_EQ(fd, 0);
	WANT_EQ(sim_iommufd_nr_ctxs(), 1);

	/* the context from the file, and not from any other file */
	file = fget(fd);
	WANT(file);
	ictx = iommufd_ctx_from_file(file);
	WANT(!IS_ERR(ictx));
	WANT_EQ(ictx, sim_iommufd_ctx_of_file(file));
	fput(file);
	WANT_EQ(sim_iommufd_ctx_refs(ictx), 2);	/* the fd and ours */
	other = anon_inode_getfile("other", &other_fops, NULL, O_RDWR);
	WANT(!IS_ERR(other));
	WANT_EQ(PTR_ERR(iommufd_ctx_from_file(other)), -EBADFD);
	fput(other);
	WANT_EQ(PTR_ERR(iommufd_ctx_from_fd(7)), -EBADF);
	ictx2 = iommufd_ctx_from_fd(fd);
	WANT_EQ(ictx2, ictx);
	iommufd_ctx_put(ictx2);

	/* IOASes */
	WANT_EQ(ioas_alloc(fd, sizeof(struct iommu_ioas_alloc), 0), 1);
	WANT_EQ(ioas_alloc(fd, 4, 0), -EINVAL);
	WANT_EQ(ioas_alloc(fd, sizeof(struct iommu_ioas_alloc), 1),
		-EOPNOTSUPP);
	WANT_EQ(sim_sys_ioctl(fd, _IO(IOMMUFD_TYPE, 0x99), 0), -ENOTTY);
	WANT_EQ(sim_iommufd_ctx_nr_ioas(ictx), 1);

	/* bind: the context owns the group, with a reference on itself */
	WANT_EQ(PTR_ERR(iommufd_device_bind(ictx, &devs[3], &id0)), -EINVAL);
	WANT_EQ(PTR_ERR(iommufd_device_bind(ictx, &devs[4], &id0)), -EINVAL);
	idev0 = iommufd_device_bind(ictx, &devs[0], &id0);
	WANT(!IS_ERR(idev0));
	WANT_EQ(id0, 2);
	WANT_EQ(iommufd_device_to_id(idev0), 2);
	WANT_EQ(iommufd_device_to_ictx(idev0), ictx);
	WANT_EQ(sim_iommufd_ctx_refs(ictx), 3);
	WANT_EQ(sim_iommufd_device_owner(&devs[0]), ictx);
	WANT_EQ(sim_iommu_group_owner(group_of(&devs[0])).owner, ictx);
	WANT(iommufd_ctx_has_group(ictx, group_of(&devs[0])));
	WANT(!iommufd_ctx_has_group(ictx, group_of(&devs[2])));
	WANT(!iommufd_ctx_has_group(NULL, group_of(&devs[0])));

	/* a second device of the group, same context: the count goes up */
	idev1 = iommufd_device_bind(ictx, &devs[1], &id1);
	WANT(!IS_ERR(idev1));
	WANT_EQ(id1, 3);
	WANT_EQ(sim_iommu_group_owner(group_of(&devs[0])).owner_cnt, 2);
	WANT_EQ(sim_iommufd_ctx_nr_devices(ictx), 2);

	/* attach, replace, detach */
	pt = 99;
	WANT_EQ(iommufd_device_attach(idev0, &pt), -ENOENT);
	pt = id1;
	WANT_EQ(iommufd_device_attach(idev0, &pt), -EINVAL);
	pt = 1;
	WANT_EQ(iommufd_device_replace(idev0, &pt), -EINVAL);
	WANT_EQ(iommufd_device_attach(idev0, &pt), 0);
	WANT_EQ(sim_iommufd_device_ioas(idev0), 1);
	WANT_EQ(iommufd_device_attach(idev0, &pt), -EINVAL);
	WANT_EQ(ioas_destroy(fd, 1), -EBUSY);
	WANT_EQ(ioas_destroy(fd, id0), -EBUSY);
	WANT_EQ(ioas_alloc(fd, sizeof(struct iommu_ioas_alloc), 0), 4);
	/* the group shares one IOAS */
	pt = 4;
	WANT_EQ(iommufd_device_attach(idev1, &pt), -EINVAL);
	pt = 1;
	WANT_EQ(iommufd_device_attach(idev1, &pt), 0);
	pt = 99;
	WANT_EQ(iommufd_device_replace(idev0, &pt), -ENOENT);
	pt = 4;
	WANT_EQ(iommufd_device_replace(idev0, &pt), 0);
	WANT_EQ(sim_iommufd_device_ioas(idev0), 4);
	WANT_EQ(sim_iommufd_device_ioas(idev1), 4);
	WANT_EQ(ioas_destroy(fd, 1), 0);
	WANT_EQ(ioas_destroy(fd, 1), -ENOENT);
	iommufd_device_detach(idev1);
	iommufd_device_detach(idev0);
	WANT_EQ(sim_iommufd_device_ioas(idev0), 0);

	/* unbind: ownership and references go back */
	iommufd_device_unbind(idev1);
	WANT_EQ(sim_iommu_group_owner(group_of(&devs[0])).owner_cnt, 1);
	iommufd_device_unbind(idev0);
	WANT_EQ(sim_iommu_group_owner(group_of(&devs[0])).owner_cnt, 0);
	WANT_EQ(sim_iommufd_device_owner(&devs[0]), NULL);
	WANT(!iommufd_ctx_has_group(ictx, group_of(&devs[0])));
	/* the unbind's put is deferred to the return to userspace */
	sim_task_work_run();
	WANT_EQ(sim_iommufd_ctx_refs(ictx), 2);

	/* the context is released by the last put, after close */
	WANT_EQ(sim_sys_close(fd), 0);
	WANT_EQ(sim_iommufd_nr_ctxs(), 1);
	iommufd_ctx_put(ictx);
	sim_task_work_run();
	WANT_EQ(sim_iommufd_nr_ctxs(), 0);
}

static void test_iommufd_lifecycle(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(body_setup, lifecycle, &o, &r);
	assert_int_equal(r.executions, 1);
}

/* --- accesses and the vfio compat helpers --------------------------------- */

static int unmaps;

static void count_unmap(void *data, unsigned long iova, unsigned long length)
{
	WANT_EQ(data, &unmaps);
	WANT_EQ(iova, 0);
	WANT_EQ(length, ULONG_MAX);
	unmaps++;
}

static const struct iommufd_access_ops access_ops = {
	.needs_pin_pages = 1,
	.unmap = count_unmap,
};

static void access_and_compat(void)
{
	struct iommufd_ctx *ictx, *ictx2;
	struct iommufd_access *acc;
	u32 id, ioas, ioas2;
	int fd, fd2;

	unmaps = 0;
	fd = sim_sys_open(SIM_IOMMUFD_PATH, O_RDWR);
	fd2 = sim_sys_open(SIM_IOMMUFD_PATH, O_RDWR);
	ictx = iommufd_ctx_from_fd(fd);
	ictx2 = iommufd_ctx_from_fd(fd2);
	WANT(!IS_ERR(ictx) && !IS_ERR(ictx2) && ictx != ictx2);

	/* compat IOAS: created once, then found */
	WANT_EQ(iommufd_vfio_compat_ioas_get_id(ictx, &ioas), -ENODEV);
	WANT_EQ(iommufd_vfio_compat_ioas_create(ictx), 0);
	WANT_EQ(iommufd_vfio_compat_ioas_get_id(ictx, &ioas), 0);
	WANT_EQ(iommufd_vfio_compat_ioas_create(ictx), 0);
	WANT_EQ(iommufd_vfio_compat_ioas_get_id(ictx, &ioas2), 0);
	WANT_EQ(ioas2, ioas);
	WANT_EQ(sim_iommufd_ctx_nr_ioas(ictx), 1);
	WANT_EQ(iommufd_vfio_compat_set_no_iommu(ictx), -EINVAL);
	/* no-iommu mode excludes a compat IOAS */
	WANT_EQ(iommufd_vfio_compat_set_no_iommu(ictx2), 0);
	WANT_EQ(iommufd_vfio_compat_ioas_create(ictx2), -EINVAL);
	WANT_EQ(iommufd_vfio_compat_ioas_get_id(ictx2, &ioas2), -ENODEV);
	WANT_EQ(sim_iommufd_ctx_nr_ioas(ictx2), 0);

	/* an access holds the context */
	acc = iommufd_access_create(ictx, &access_ops, &unmaps, &id);
	WANT(!IS_ERR(acc));
	WANT_EQ(id, ioas + 1);
	WANT_EQ(sim_iommufd_ctx_nr_accesses(ictx), 1);
	WANT_EQ(sim_iommufd_ctx_refs(ictx), 3);
	WANT_EQ(iommufd_access_pin_pages(acc, 0, 4096, NULL, 0), -ENOENT);
	WANT_EQ(iommufd_access_replace(acc, ioas), -ENOENT);
	WANT_EQ(iommufd_access_attach(acc, 99), -ENOENT);
	WANT_EQ(iommufd_access_attach(acc, id), -EINVAL);
	WANT_EQ(iommufd_access_attach(acc, ioas), 0);
	WANT_EQ(sim_iommufd_access_ioas(acc), ioas);
	WANT_EQ(iommufd_access_pin_pages(acc, 0, 4096, NULL, 0), -EOPNOTSUPP);
	WANT_EQ(iommufd_access_rw(acc, 0, &id, sizeof(id), 0), -EOPNOTSUPP);
	/* replacing with the same IOAS changes nothing */
	WANT_EQ(iommufd_access_replace(acc, ioas), 0);
	WANT_EQ(unmaps, 0);
	iommufd_access_detach(acc);
	WANT_EQ(unmaps, 1);
	WANT_EQ(iommufd_access_attach(acc, ioas), 0);
	/* destroying an attached access detaches it */
	iommufd_access_destroy(acc);
	WANT_EQ(unmaps, 2);
	WANT_EQ(sim_iommufd_ctx_nr_accesses(ictx), 0);

	iommufd_ctx_put(ictx);
	iommufd_ctx_put(ictx2);
	/* the IOASes go with the context */
	WANT_EQ(sim_sys_close(fd), 0);
	WANT_EQ(sim_sys_close(fd2), 0);
	WANT_EQ(sim_iommufd_nr_ctxs(), 0);
}

static void test_iommufd_access_and_compat(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	explore_ok(body_setup, access_and_compat, &o, &r);
	assert_int_equal(r.executions, 1);
}

/* --- two contexts, one group ---------------------------------------------- */

static struct completion tried[2];
static struct iommufd_ctx *ctxs[2];

/* Invariant: a device bound to a context has its group owned by it. */
static void owner_invariant(void *ctx)
{
	for (int i = 0; i < 2; i++) {
		struct iommufd_ctx *owner = sim_iommufd_device_owner(&devs[i]);
		struct iommu_group *g = devs[i].iommu_group;

		if (!owner)
			continue;
		if (sim_iommu_group_owner(g).owner != owner)
			sim_fail(SIM_FAIL_ASSERT, SIM_HERE,
				 "device %d bound to a context that does not "
				 "own its group", i);
		if (sim_iommufd_device_nr_binds(&devs[i]) != 1)
			sim_fail(SIM_FAIL_ASSERT, SIM_HERE,
				 "device %d bound twice", i);
	}
	if (sim_iommufd_device_owner(&devs[0]) &&
	    sim_iommufd_device_owner(&devs[1]) &&
	    sim_iommufd_device_owner(&devs[0]) !=
		    sim_iommufd_device_owner(&devs[1]))
		sim_fail(SIM_FAIL_ASSERT, SIM_HERE,
			 "one group bound to two contexts");
}

/*
 * Thread i opens its own /dev/iommu, binds device i, says it tried, and
 * keeps the binding until the other thread tried too.
 */
static void racer(void *arg)
{
	long i = (long)arg;
	struct iommufd_device *idev;
	u32 id;
	int fd;

	fd = sim_sys_open(SIM_IOMMUFD_PATH, O_RDWR);
	WANT_EQ(fd, 0);
	ctxs[i] = iommufd_ctx_from_fd(fd);
	idev = iommufd_device_bind(ctxs[i], &devs[i], &id);
	res[i] = IS_ERR(idev) ? PTR_ERR(idev) : 0;
	complete(&tried[i]);
	wait_for_completion(&tried[!i]);
	if (!IS_ERR(idev))
		iommufd_device_unbind(idev);
	iommufd_ctx_put(ctxs[i]);
	WANT_EQ(sim_sys_close(fd), 0);
}

static int wins[2];

static void race_setup(void *ctx)
{
	devices_setup();
	init_completion(&tried[0]);
	init_completion(&tried[1]);
	for (long i = 0; i < 2; i++) {
		const char *name = i ? "B" : "A";

		sim_world_attach(sim_thread_create(name, racer, (void *)i),
				 sim_proc_create(name, 0));
	}
}

static void race_teardown(void *ctx)
{
	/* exactly one wins; the other is refused by the ownership rule */
	WANT((res[0] == 0) != (res[1] == 0));
	WANT_EQ(res[0] + res[1], -EPERM);
	wins[res[0] == 0 ? 0 : 1]++;
	devices_teardown(ctx);
}

static void test_iommufd_two_contexts_one_group(void **state)
{
	const struct sim_program p = {
		.name = prog,
		.setup = race_setup,
		.invariant = owner_invariant,
		.teardown = race_teardown,
	};
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	wins[0] = wins[1] = 0;
	sim_test_assert_ret(sim_explore(&p, &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, EXEC_TWO_CTX);
	assert_int_equal(wins[0], WINS_A);
	assert_int_equal(wins[1], EXEC_TWO_CTX - WINS_A);
}

/* --- the context outlives close() until the last unbind ------------------- */

static struct iommufd_device *shared_idev;
static DECLARE_COMPLETION(bound);
static int closed, unbound, freed_by[2];

/* Invariant: the context goes only after both close and unbind began. */
static void ctx_invariant(void *ctx)
{
	if (shared_idev && !sim_iommufd_nr_ctxs() && !(closed && unbound))
		sim_fail(SIM_FAIL_ASSERT, SIM_HERE,
			 "context freed before close and unbind (closed %d, "
			 "unbound %d)", closed, unbound);
}

static void closer(void *arg)
{
	struct iommufd_ctx *ictx;
	struct iommufd_device *idev;
	u32 id;
	int fd = sim_sys_open(SIM_IOMMUFD_PATH, O_RDWR);

	WANT_EQ(fd, 0);
	ictx = iommufd_ctx_from_fd(fd);
	idev = iommufd_device_bind(ictx, &devs[0], &id);
	WANT(!IS_ERR(idev));
	iommufd_ctx_put(ictx);
	shared_idev = idev;
	complete(&bound);
	closed = 1;
	WANT_EQ(sim_sys_close(fd), 0);
	/* close released the context, or the unbind will */
	res[2] = !sim_iommufd_nr_ctxs();
}

static void unbinder(void *arg)
{
	wait_for_completion(&bound);
	unbound = 1;
	iommufd_device_unbind(shared_idev);
	/* the unbind's put is this task's, at its return to userspace */
	sim_task_work_run();
}

static void lifetime_setup(void *ctx)
{
	devices_setup();
	shared_idev = NULL;
	closed = unbound = 0;
	init_completion(&bound);
	sim_world_attach(sim_thread_create("A", closer, NULL),
			 sim_proc_create("A", 0));
	sim_world_attach(sim_thread_create("B", unbinder, NULL),
			 sim_proc_create("B", 0));
}

static void lifetime_teardown(void *ctx)
{
	WANT_EQ(sim_iommufd_nr_ctxs(), 0);
	freed_by[res[2] ? 0 : 1]++;
	devices_teardown(ctx);
}

static void test_iommufd_ctx_outlives_close_until_unbind(void **state)
{
	const struct sim_program p = {
		.name = prog,
		.setup = lifetime_setup,
		.invariant = ctx_invariant,
		.teardown = lifetime_teardown,
	};
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	o.max_bound = 2;
	freed_by[0] = freed_by[1] = 0;
	sim_test_assert_ret(sim_explore(&p, &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(r.bound, 2);
	assert_int_equal(r.executions, EXEC_LIFETIME);
	/* both orders happen: close last, unbind last */
	assert_int_equal(freed_by[0], FREED_BY_CLOSE);
	assert_int_equal(freed_by[0] + freed_by[1], EXEC_LIFETIME);
}

/* --- misuse warns --------------------------------------------------------- */

static void double_unbind(void)
{
	struct iommufd_device *idev;
	struct iommufd_ctx *ictx;
	u32 id;
	int fd = sim_sys_open(SIM_IOMMUFD_PATH, O_RDWR);

	ictx = iommufd_ctx_from_fd(fd);
	idev = iommufd_device_bind(ictx, &devs[0], &id);
	iommufd_device_unbind(idev);
	iommufd_device_unbind(idev);
}

static void unbind_attached(void)
{
	struct iommufd_device *idev;
	struct iommufd_ctx *ictx;
	u32 id, pt;
	int fd = sim_sys_open(SIM_IOMMUFD_PATH, O_RDWR);

	ictx = iommufd_ctx_from_fd(fd);
	pt = ioas_alloc(fd, sizeof(struct iommu_ioas_alloc), 0);
	idev = iommufd_device_bind(ictx, &devs[0], &id);
	WANT_EQ(iommufd_device_attach(idev, &pt), 0);
	iommufd_device_unbind(idev);
}

static void detach_unattached(void)
{
	struct iommufd_device *idev;
	struct iommufd_ctx *ictx;
	u32 id;
	int fd = sim_sys_open(SIM_IOMMUFD_PATH, O_RDWR);

	ictx = iommufd_ctx_from_fd(fd);
	idev = iommufd_device_bind(ictx, &devs[0], &id);
	iommufd_device_detach(idev);
}

static void forgotten_unbind(void)
{
	struct iommufd_ctx *ictx;
	u32 id;
	int fd = sim_sys_open(SIM_IOMMUFD_PATH, O_RDWR);

	ictx = iommufd_ctx_from_fd(fd);
	iommufd_device_bind(ictx, &devs[2], &id);
	iommufd_ctx_put(ictx);
	/* the binding keeps the context: its file is never released */
}

static void forgotten_teardown(void *ctx)
{
	/* leave the groups to the end: what the binding holds is the leak */
}

static void expect_failure(void (*body)(void), void (*teardown)(void *),
			   enum sim_fail_kind kind, const char *title)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_explore(prog, body_setup,
					     teardown ? teardown :
							devices_teardown,
					     body, &o, &r), 1, &r);
	sim_test_assert_failure(&r, kind, title);
}

static void test_iommufd_unbalanced_unbind_warns(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;
	char *rep;

	expect_failure(double_unbind, NULL, SIM_FAIL_WARN,
		       "unbind of a device that is not bound");
	/* the report shows the context and names its schedule */
	rep = sim_test_explore_report(prog, body_setup, devices_teardown,
				      double_unbind, &o, &r);
	sim_test_assert_failure(&r, SIM_FAIL_WARN, "not bound");
	sim_test_assert_where(&r.failures[0], "iommufd_device_unbind");
	sim_test_assert_contains(rep, "iommufd ctx");
	sim_test_assert_contains(rep, "0 devices");
	sim_test_assert_contains(rep, "schedule:");
	free(rep);
}

static void test_iommufd_unbind_attached_warns(void **state)
{
	expect_failure(unbind_attached, NULL, SIM_FAIL_WARN,
		       "unbind of an attached device");
}

static void test_iommufd_detach_unattached_warns(void **state)
{
	expect_failure(detach_unattached, NULL, SIM_FAIL_WARN,
		       "detach of a device not attached");
}

static void test_iommufd_forgotten_unbind_leaks(void **state)
{
	expect_failure(forgotten_unbind, forgotten_teardown, SIM_FAIL_LEAK,
		       "");
}

/* --- allocation failures -------------------------------------------------- */

static void open_bind(void)
{
	struct iommufd_device *idev;
	struct iommufd_ctx *ictx;
	u32 id;
	int fd = sim_sys_open(SIM_IOMMUFD_PATH, O_RDWR);

	if (fd < 0) {
		WANT_EQ(fd, -ENOMEM);
		return;
	}
	ictx = iommufd_ctx_from_fd(fd);
	idev = iommufd_device_bind(ictx, &devs[0], &id);
	if (IS_ERR(idev)) {
		WANT_EQ(PTR_ERR(idev), -ENOMEM);
		WANT_EQ(sim_iommu_group_owner(devs[0].iommu_group).owner_cnt,
			0);
		WANT_EQ(sim_iommufd_ctx_nr_devices(ictx), 0);
		res[1]++;
	} else {
		res[0]++;
		iommufd_device_unbind(idev);
	}
	iommufd_ctx_put(ictx);
	WANT_EQ(sim_sys_close(fd), 0);
}

/* Setup allocates too: when one of its allocations fails, nothing runs. */
static bool sweep_ready;

static void sweep_setup(void *body)
{
	memset(devs, 0, sizeof(devs));
	memset(res, 0, sizeof(res));
	sweep_ready = false;
	if (sim_iommu_group_attach(&devs[0], 1, true))
		return;
	if (sim_iommufd_init()) {
		iommu_group_remove_device(&devs[0]);
		return;
	}
	sim_world_attach(sim_thread_create("P", run_body, body),
			 sim_proc_create("P", 0));
	sweep_ready = true;
}

static void sweep_teardown(void *ctx)
{
	if (!sweep_ready)
		return;
	WANT_EQ(sim_iommufd_nr_bound(), 0);
	WANT_EQ(sim_iommu_group_owner(devs[0].iommu_group).owner_cnt, 0);
	sim_world_exit_all();
	WANT_EQ(sim_iommufd_nr_ctxs(), 0);
	iommu_group_remove_device(&devs[0]);
	sim_iommufd_exit();
}

static void test_iommufd_bind_fail_nth(void **state)
{
	struct sim_opts o = sim_test_opts();
	struct sim_result r;

	sim_test_assert_ret(sim_test_sweep(prog, sweep_setup, sweep_teardown,
					   open_bind, &o, &r), 0, &r);
	sim_test_assert_passed(&r);
	assert_int_equal(r.executions, EXEC_SWEEP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iommufd_lifecycle),
		cmocka_unit_test(test_iommufd_access_and_compat),
		cmocka_unit_test(test_iommufd_two_contexts_one_group),
		cmocka_unit_test(test_iommufd_ctx_outlives_close_until_unbind),
		cmocka_unit_test(test_iommufd_unbalanced_unbind_warns),
		cmocka_unit_test(test_iommufd_unbind_attached_warns),
		cmocka_unit_test(test_iommufd_detach_unattached_warns),
		cmocka_unit_test(test_iommufd_forgotten_unbind_leaks),
		cmocka_unit_test(test_iommufd_bind_fail_nth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
