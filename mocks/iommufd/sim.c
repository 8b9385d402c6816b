// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulation's side of iommufd ("mocks/iommufd.h"): module
 * init and exit, queries for invariant checks, and the per-execution
 * hook.
 */
#include "internal.h"

struct list_head iommufd_live_ctxs = LIST_HEAD_INIT(iommufd_live_ctxs);
struct list_head iommufd_live_devices = LIST_HEAD_INIT(iommufd_live_devices);
struct list_head iommufd_live_accesses = LIST_HEAD_INIT(iommufd_live_accesses);
unsigned int iommufd_nr_live_ctxs;
bool iommufd_registered;
bool iommufd_noiommu;

void sim_iommufd_set_noiommu(bool on)
{
	iommufd_noiommu = on;
}

/* --- the simulation's side ------------------------------------------------ */

int sim_iommufd_init(void)
{
	int err;

	if (iommufd_registered)
		return 0;
	iommufd_registered = true;
	err = misc_register(&iommu_misc_dev);
	if (err)
		iommufd_registered = false;
	return err;
}

void sim_iommufd_exit(void)
{
	if (!iommufd_registered)
		return;
	iommufd_registered = false;
	misc_deregister(&iommu_misc_dev);
}

bool sim_iommufd_registered(void)
{
	return iommufd_registered;
}

unsigned int sim_iommufd_nr_ctxs(void)
{
	return iommufd_nr_live_ctxs;
}

unsigned int sim_iommufd_ctx_nr_devices(struct iommufd_ctx *ictx)
{
	return ictx->nr_devices;
}

unsigned int sim_iommufd_ctx_nr_accesses(struct iommufd_ctx *ictx)
{
	return ictx->nr_accesses;
}

unsigned int sim_iommufd_ctx_nr_ioas(struct iommufd_ctx *ictx)
{
	return ictx->nr_ioas;
}

long sim_iommufd_ctx_refs(struct iommufd_ctx *ictx)
{
	return ictx->file->f_count.counter;
}

struct iommufd_ctx *sim_iommufd_ctx_of_file(struct file *file)
{
	if (!file || file->f_op != &iommufd_fops)
		return NULL;
	return file->private_data;
}

bool sim_iommufd_ctx_live(const struct iommufd_ctx *ictx)
{
	const struct iommufd_ctx *it;

	list_for_each_entry(it, &iommufd_live_ctxs, sim_node)
		if (it == ictx)
			return true;
	return false;
}

struct iommufd_ctx *sim_iommufd_device_owner(struct device *dev)
{
	struct iommufd_device *idev;

	list_for_each_entry(idev, &iommufd_live_devices, sim_node)
		if (idev->dev == dev)
			return idev->ictx;
	return NULL;
}

unsigned int sim_iommufd_device_nr_binds(struct device *dev)
{
	struct iommufd_device *idev;
	unsigned int n = 0;

	list_for_each_entry(idev, &iommufd_live_devices, sim_node)
		n += idev->dev == dev;
	return n;
}

unsigned int sim_iommufd_nr_bound(void)
{
	return list_count_nodes(&iommufd_live_devices);
}

u32 sim_iommufd_device_ioas(struct iommufd_device *idev)
{
	return idev->ioas ? idev->ioas->obj.id : 0;
}

u32 sim_iommufd_access_ioas(struct iommufd_access *access)
{
	return access->ioas ? access->ioas->obj.id : 0;
}

/* --- per execution -------------------------------------------------------- */

/* The slab hook frees what is left; only forget it here. */
static void iommufd_reset(void)
{
	INIT_LIST_HEAD(&iommufd_live_ctxs);
	INIT_LIST_HEAD(&iommufd_live_devices);
	INIT_LIST_HEAD(&iommufd_live_accesses);
	iommufd_nr_live_ctxs = 0;
	iommufd_registered = false;
	iommufd_noiommu = false;
	iommu_misc_dev.minor = MISC_DYNAMIC_MINOR;
	iommu_misc_dev.this_device = NULL;
	INIT_LIST_HEAD(&iommu_misc_dev.list);
}

/* After the world closed every file: the module goes away. */
static void iommufd_check(void)
{
	sim_iommufd_exit();
}

static void iommufd_state_print(FILE *out)
{
	struct iommufd_ctx *ictx;
	struct iommufd_device *idev;

	list_for_each_entry(ictx, &iommufd_live_ctxs, sim_node)
		fprintf(out, "iommufd ctx %p: %ld refs, %u devices, %u "
			"accesses, %u ioas%s\n", (void *)ictx,
			sim_iommufd_ctx_refs(ictx), ictx->nr_devices,
			ictx->nr_accesses, ictx->nr_ioas,
			ictx->no_iommu_mode ? ", no-iommu" : "");
	list_for_each_entry(idev, &iommufd_live_devices, sim_node)
		fprintf(out, "iommufd device %p: ctx %p id %u ioas %u\n",
			(void *)idev->dev, (void *)idev->ictx, idev->obj.id,
			sim_iommufd_device_ioas(idev));
}

/*
 * A failure report is printed after the execution ended and the heap is
 * gone: what it shows was written down at the end.
 */
static char iommufd_last_state[4096];

static void iommufd_begin(void)
{
	iommufd_last_state[0] = 0;
	iommufd_reset();
}

static void iommufd_end(void)
{
	FILE *f = fmemopen(iommufd_last_state, sizeof(iommufd_last_state),
			   "w");

	if (f) {
		iommufd_state_print(f);
		fclose(f);
	}
	iommufd_reset();
}

static bool iommufd_snapshot(void)
{
	SIM_SNAPSHOT_KEEP(iommufd_live_ctxs);
	SIM_SNAPSHOT_KEEP(iommufd_live_devices);
	SIM_SNAPSHOT_KEEP(iommufd_live_accesses);
	SIM_SNAPSHOT_KEEP(iommufd_nr_live_ctxs);
	SIM_SNAPSHOT_KEEP(iommufd_registered);
	SIM_SNAPSHOT_KEEP(iommufd_noiommu);
	SIM_SNAPSHOT_KEEP(iommu_misc_dev);
	return true;
}

static void iommufd_dump(FILE *out)
{
	fputs(iommufd_last_state, out);
}

static struct sim_exec_hook iommufd_hook = {
	.name = "iommufd",
	.order = SIM_HOOK_IOMMUFD,
	.begin = iommufd_begin,
	.check = iommufd_check,
	.end = iommufd_end,
	.dump = iommufd_dump,
	.snapshot = iommufd_snapshot,
};

static void __attribute__((constructor)) iommufd_register(void)
{
	sim_register_exec_hook(&iommufd_hook);
}
