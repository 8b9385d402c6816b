// SPDX-License-Identifier: GPL-2.0-only
/*
 * A vfio target: a vfio core (vfio_main.c, group.c, device_cdev.c,
 * iommufd.c, container.c) with the mock vfio driver bound to every
 * declared device and the mock type1 backend registered for the
 * container.  The same glue is compiled once per core: `linux` is a
 * kernel tree's drivers/vfio compiled unmodified (docs/linux-target.md),
 * `model` is vfio-core/ (vfio-core/README.md) and `rfc-2021` the model built
 * with the seed RFC's exclusion.  CMake (vfiosim_add_vfio_target) links
 * each core with its glue into one object whose only global symbol is
 * the target, so the cores' identical kernel names never meet.
 *
 * The build defines VFIO_TARGET_SYM (sim_target_<ID>), VFIO_TARGET_STATE
 * (vfiosim_<ID>), VFIO_TARGET_NAME (the name in scenario files) and
 * VFIO_TARGET_SUMMARY.
 *
 * Module init: the iommufd misc device (/dev/iommu), the vfio module's
 * tgt_init(), the type1 backend, then per device its iommu group (key
 * `group N`) and its vfio_device.  Exit undoes it in reverse.
 *
 * The object's globals are in the sections vfiosim_<ID>_kdata and
 * vfiosim_<ID>_kbss (scripts/link-kernel-objects.sh), registered below
 * as state: every execution starts from the state after the
 * constructors ran.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/errname.h>
#include <linux/errno.h>
#include <linux/iommu.h>
#include <linux/kvm_host.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/uuid.h>
#include <linux/version.h>
#include <linux/vfio.h>

#include "mocks/iommu.h"
#include "mocks/iommufd.h"
#include "shims/module.h"
#include "sim/sched.h"

#include "ioctls.h"
#include "mockvfio.h"
#include "targets/target.h"

/* The vfio module: THIS_MODULE of the kernel files. */
struct module vfiosim_vfio_module = {
	.name = "vfio",
};

/* names built from VFIO_TARGET_STATE, vfiosim_<ID> ("linux" is a macro) */
#define TGT_PASTE3(a, b, c)	a##b##c
#define TGT_CAT3(a, b, c)	TGT_PASTE3(a, b, c)
#define KDATA_START	TGT_CAT3(__start_, VFIO_TARGET_STATE, _kdata)
#define KDATA_STOP	TGT_CAT3(__stop_, VFIO_TARGET_STATE, _kdata)
#define KBSS_START	TGT_CAT3(__start_, VFIO_TARGET_STATE, _kbss)
#define KBSS_STOP	TGT_CAT3(__stop_, VFIO_TARGET_STATE, _kbss)

extern char KDATA_START[], KDATA_STOP[], KBSS_START[], KBSS_STOP[];

/* Devices given an iommu group, and devices registered with vfio. */
static bool tgt_grouped[MOCKVFIO_MAX];
/* dev_set cookies: device N's set is keyed by &tgt_devsets[first of it] */
static char tgt_devsets[MOCKVFIO_MAX];

/*
 * The glue's state a module init sets up (probed devices, groups, the
 * type1 backend's counts), for the set-up snapshot.  The kernel's own is
 * in the regions above.
 */
static bool tgt_snapshot(void)
{
	mockvfio_keep();
	SIM_SNAPSHOT_KEEP(tgt_grouped);
	SIM_SNAPSHOT_KEEP(tgt_devsets);
	SIM_SNAPSHOT_KEEP(mocktype1_containers);
	SIM_SNAPSHOT_KEEP(mocktype1_groups);
	return true;
}

static struct sim_exec_hook tgt_hook = {
	.name = "vfio target",
	.order = SIM_HOOK_TARGET,
	.snapshot = tgt_snapshot,
};

static void __attribute__((constructor(200))) tgt_register_state(void)
{
	sim_register_exec_hook(&tgt_hook);
	sim_register_state(KDATA_START, KDATA_STOP - KDATA_START);
	sim_register_state(KBSS_START, KBSS_STOP - KBSS_START);
}

static const char *const tgt_keys[] = {
	"group", "noiommu", "devset", "emulated", "pasids", "token",
	"open_fails", "attach_fails", "coherent", "kvm_lock", "bound", NULL
};

static bool tgt_has_key(const struct sim_target_device *d, const char *key)
{
	for (int i = 0; i < d->nkeys; i++)
		if (!strcmp(d->keys[i], key))
			return true;
	return false;
}

static int tgt_key(const struct sim_target_device *d, const char *key,
		     const char *value, char *err, size_t errlen)
{
	char *end;
	long id;

	if (!strcmp(key, "devset")) {
		for (const char *c = value; *c; c++)
			if (!(*c == '_' || (*c >= 'a' && *c <= 'z') ||
			      (*c >= 'A' && *c <= 'Z') ||
			      (*c >= '0' && *c <= '9'))) {
				snprintf(err, errlen, "invalid device set "
					 "name '%s' ([A-Za-z0-9_]+)", value);
				return -1;
			}
		return 0;
	}
	if (!strcmp(key, "token")) {
		uuid_t uuid;

		if (uuid_parse(value, &uuid)) {
			snprintf(err, errlen, "invalid token '%s' (a UUID: "
				 "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
				 value);
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "pasids")) {
		/* PASIDs are 20 bits: at most 1 << 20 of them */
		id = strtol(value, &end, 10);
		if (!value[0] || *end || id < 0 || id > (1l << 20)) {
			snprintf(err, errlen, "invalid pasids '%s' (a number "
				 "0..1048576)", value);
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "open_fails") || !strcmp(key, "attach_fails")) {
		id = strtol(value, &end, 10);
		if (!value[0] || *end || id < 0 || id > 100) {
			snprintf(err, errlen, "invalid %s '%s' (a number of "
				 "calls 0..100)", key, value);
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "bound") || !strcmp(key, "coherent")) {
		if (strcmp(value, "0") && strcmp(value, "1")) {
			snprintf(err, errlen, "invalid value '%s' for %s "
				 "(0 or 1)", value, key);
			return -1;
		}
		if (!strcmp(key, "coherent") && !tgt_has_key(d, "group")) {
			snprintf(err, errlen, "coherent: only for a device "
				 "with a group (before it on the line)");
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "noiommu") || !strcmp(key, "emulated") ||
	    !strcmp(key, "kvm_lock")) {
		if (strcmp(value, "1")) {
			snprintf(err, errlen, "invalid value '%s' for %s "
				 "(only 1)", value, key);
			return -1;
		}
	} else {
		id = strtol(value, &end, 10);
		if (!value[0] || *end || id < 0 || id > 0xffff) {
			snprintf(err, errlen, "invalid iommu group '%s' (a "
				 "number 0..65535)", value);
			return -1;
		}
	}
	/* a device is in an iommu group, or noiommu, or emulated */
	if ((!strcmp(key, "group") || !strcmp(key, "noiommu") ||
	     !strcmp(key, "emulated")) &&
	    tgt_has_key(d, "group") + tgt_has_key(d, "noiommu") +
	    tgt_has_key(d, "emulated") > 1) {
		snprintf(err, errlen, "%s: a device takes one of group, "
			 "noiommu, emulated", key);
		return -1;
	}
	return 0;
}

/* --- module parameters ---------------------------------------------------- */

static const struct sim_modparam *tgt_param_find(const char *name)
{
	return sim_param_find(&vfiosim_vfio_module, name);
}

static const char *tgt_param_type(const struct sim_modparam *p)
{
	switch (p->type) {
	case SIM_PARAM_bool:
	case SIM_PARAM_invbool:
		return "a bool: 1, 0, y, n, on, off";
	case SIM_PARAM_charp:
		return "a string";
	case SIM_PARAM_int:
	case SIM_PARAM_long:
	case SIM_PARAM_short:
		return "a signed integer";
	default:
		return "an unsigned integer";
	}
}

static int tgt_param(const struct sim_target_param *tp, char *err,
		     size_t errlen)
{
	const struct sim_modparam *p = NULL;
	size_t n = 0;

	if (strcmp(tp->module, vfiosim_vfio_module.name)) {
		snprintf(err, errlen, "unknown module %s (target "
			 VFIO_TARGET_NAME " has module parameters of: %s)",
			 tp->module, vfiosim_vfio_module.name);
		return -ENOENT;
	}
	p = tgt_param_find(tp->name);
	if (!p) {
		n = snprintf(err, errlen, "unknown parameter %s.%s (module %s "
			     "of target " VFIO_TARGET_NAME " has: ",
			     tp->module, tp->name, tp->module);
		p = NULL;
		while ((p = sim_param_next(&vfiosim_vfio_module, p)) &&
		       n < errlen)
			n += snprintf(err + n, errlen - n, "%s%s",
				      err[n - 1] == ' ' ? "" : ", ", p->name);
		if (n < errlen)
			snprintf(err + n, errlen - n, ")");
		return -ENOENT;
	}
	if (sim_param_check(p, tp->value)) {
		snprintf(err, errlen, "invalid value '%s' for %s.%s (%s)",
			 tp->value ? tp->value : "", tp->module, tp->name,
			 tgt_param_type(p));
		return -EINVAL;
	}
	return 0;
}

/* Before the module's init, as modprobe passes them. */
static int tgt_set_params(struct sim_target_env *env)
{
	for (int i = 0; i < env->nparams; i++) {
		const struct sim_target_param *tp = &env->params[i];
		const struct sim_modparam *p = tgt_param_find(tp->name);
		int ret = p ? sim_param_set(p, tp->value) : -ENOENT;

		if (ret) {
			sim_fail(SIM_FAIL_ASSERT, NULL, "%s:%d: %s.%s: %s",
				 env->file, tp->line, tp->module, tp->name,
				 errname(ret) ?: "?");
			return ret;
		}
	}
	return 0;
}

static void tgt_teardown(struct sim_target_env *env, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		mockvfio_remove(i);
		if (tgt_grouped[i]) {
			iommu_group_remove_device(env->devices[i].dev);
			tgt_grouped[i] = false;
		}
	}
}

/* How declared device @i is registered (its keys, checked at parse). */
static void tgt_device_config(struct sim_target_env *env, int i,
			      struct mockvfio_config *cfg)
{
	struct sim_target_device *d = &env->devices[i];
	const char *devset = sim_target_device_key(d, "devset");
	const char *token = sim_target_device_key(d, "token");
	const char *open_fails = sim_target_device_key(d, "open_fails");
	const char *attach_fails = sim_target_device_key(d, "attach_fails");

	memset(cfg, 0, sizeof(*cfg));
	cfg->emulated = sim_target_device_key(d, "emulated");
	cfg->has_token = token;
	cfg->open_fails = open_fails ? atoi(open_fails) : 0;
	cfg->attach_fails = attach_fails ? atoi(attach_fails) : 0;
	cfg->kvm_lock = sim_target_device_key(d, "kvm_lock");
	if (token)
		uuid_parse(token, &cfg->token);

	/* one cookie per set name: the first device of the set's */
	for (int j = 0; devset && j <= i; j++) {
		const char *o = sim_target_device_key(&env->devices[j],
						      "devset");

		if (o && !strcmp(o, devset)) {
			cfg->dev_set = &tgt_devsets[j];
			break;
		}
	}
}

static int tgt_init(struct sim_target_env *env)
{
	int ret;

	mockvfio_reset();
	memset(tgt_grouped, 0, sizeof(tgt_grouped));
	if (env->ndevices > MOCKVFIO_MAX) {
		sim_fail(SIM_FAIL_ASSERT, NULL, "%s: the " VFIO_TARGET_NAME
			 " target takes at most %d devices", env->file,
			 MOCKVFIO_MAX);
		return -EINVAL;
	}

	ret = tgt_set_params(env);
	if (ret)
		return ret;
	ret = sim_iommufd_init();
	if (ret)
		return ret;
	/* this core's iommufd binds devices no IOMMU probed (7.x) */
	sim_iommufd_set_noiommu(IS_ENABLED(CONFIG_IOMMUFD_NOIOMMU));
	/* /dev/kvm; its kvm-vfio device reaches this core's functions */
	ret = sim_kvm_dev_init();
	if (ret)
		goto out_iommufd;
	sim_kvm_set_vfio_ops(vfio_file_is_valid, vfio_file_set_kvm);
	ret = sim_module_load(&vfiosim_vfio_module);
	if (ret)
		goto out_iommufd;
	ret = sim_module_load(&mocktype1_module);
	if (ret)
		goto out_vfio;

	for (int i = 0; i < env->ndevices; i++) {
		struct sim_target_device *d = &env->devices[i];
		const char *group = sim_target_device_key(d, "group");
		const char *pasids = sim_target_device_key(d, "pasids");
		const char *coherent = sim_target_device_key(d, "coherent");
		const char *bound = sim_target_device_key(d, "bound");
		struct mockvfio_config cfg;

		tgt_device_config(env, i, &cfg);
		if (group) {
			ret = sim_iommu_group_attach(d->dev, atoi(group),
					!coherent || atoi(coherent));
			if (ret == -ENOMEM) {
				tgt_teardown(env, i + 1);
				goto out_type1;
			}
			if (ret)
				pr_warn(VFIO_TARGET_NAME ": iommu group %s "
					"for %s: %s\n", group, d->name,
					errname(ret) ?: "?");
			else
				tgt_grouped[i] = true;
		}
		if (pasids && tgt_grouped[i])
			sim_iommu_device_set_max_pasids(d->dev, atoi(pasids));
		/* bound 0: the driver binds later (register) */
		if (bound && !atoi(bound))
			continue;
		/* a failed probe leaves the device without a driver */
		ret = mockvfio_probe(i, d->dev, &cfg);
		if (ret == -ENOMEM) {
			tgt_teardown(env, i + 1);
			goto out_type1;
		}
		if (ret)
			pr_warn(VFIO_TARGET_NAME ": vfio device for %s: "
				"%s\n", d->name, errname(ret) ?: "?");
	}
	return 0;

out_type1:
	sim_module_unload(&mocktype1_module);
out_vfio:
	sim_module_unload(&vfiosim_vfio_module);
out_iommufd:
	sim_kvm_dev_exit();
	sim_iommufd_exit();
	return ret;
}

static void tgt_exit(struct sim_target_env *env)
{
	int ret;

	tgt_teardown(env, env->ndevices);
	/* a scenario may have removed it (rmmod_type1) */
	if (mocktype1_module.sim_loaded) {
		ret = sim_module_unload(&mocktype1_module);
		if (ret)
			sim_fail(SIM_FAIL_ASSERT, NULL, "%s: rmmod mocktype1 "
				 "failed: %s", env->file,
				 errname(ret) ?: "?");
	}
	ret = sim_module_unload(&vfiosim_vfio_module);
	if (ret)
		sim_fail(SIM_FAIL_ASSERT, NULL, "%s: rmmod vfio failed: %s",
			 env->file, errname(ret) ?: "?");
	sim_kvm_dev_exit();
	sim_iommufd_exit();
}

static long tgt_unregister(struct sim_target_env *env,
			     const struct sim_driver_value *v)
{
	return mockvfio_remove(v->device);
}

/*
 * The driver binds again to a device it was unbound from (unregister):
 * a new vfio_device, registered as at module init; -EBUSY while one is
 * registered.
 */
static long tgt_register(struct sim_target_env *env,
			 const struct sim_driver_value *v)
{
	struct mockvfio_config cfg;

	if (mockvfio_vdev(v->device) || mockvfio_leaving_vdev(v->device))
		return -EBUSY;
	tgt_device_config(env, v->device, &cfg);
	return mockvfio_probe(v->device, env->devices[v->device].dev, &cfg);
}

/* rmmod and insmod of the container's type1 backend (mocktype1.c). */
static long tgt_rmmod_type1(struct sim_target_env *env,
			    const struct sim_driver_value *v)
{
	return sim_module_unload(&mocktype1_module);
}

static long tgt_insmod_type1(struct sim_target_env *env,
			     const struct sim_driver_value *v)
{
	return sim_module_load(&mocktype1_module);
}

static void tgt_invariant(struct sim_target_env *env)
{
	vfio_adapter_check(env->ndevices);
	for (int i = 0; i < env->ndevices && i < MOCKVFIO_MAX; i++) {
		const struct mockvfio_stats *st = &mockvfio_stats[i];
		int open = st->open_device.counter - st->close_device.counter;
		int bound = st->bind_iommufd.counter -
			    st->unbind_iommufd.counter;

		/* one open_device for all the device's files */
		if (open < 0 || open > 1)
			sim_fail(SIM_FAIL_ASSERT, NULL, "mockvfio%d: %d "
				 "open_device calls not closed", i, open);
		if (bound < 0 || bound > 1)
			sim_fail(SIM_FAIL_ASSERT, NULL, "mockvfio%d: %d "
				 "bind_iommufd calls not unbound", i, bound);
	}
}

static void tgt_end_check(struct sim_target_env *env)
{
	for (int i = 0; i < env->ndevices && i < MOCKVFIO_MAX; i++) {
		const struct mockvfio_stats *st = &mockvfio_stats[i];

		if (!st->created)
			continue;
		if (st->release.counter != st->created)
			sim_fail(SIM_FAIL_ASSERT, NULL, "mockvfio%d: release "
				 "called %d times for %d device(s) created", i,
				 st->release.counter, st->created);
		if (st->open_device.counter != st->close_device.counter)
			sim_fail(SIM_FAIL_ASSERT, NULL, "mockvfio%d: %d opens "
				 "but %d closes", i, st->open_device.counter,
				 st->close_device.counter);
		if (st->bind_iommufd.counter != st->unbind_iommufd.counter)
			sim_fail(SIM_FAIL_ASSERT, NULL, "mockvfio%d: %d binds "
				 "but %d unbinds", i, st->bind_iommufd.counter,
				 st->unbind_iommufd.counter);
	}
	if (mocktype1_containers.counter || mocktype1_groups.counter)
		sim_fail(SIM_FAIL_ASSERT, NULL, "mocktype1: %d containers, "
			 "%d groups left", mocktype1_containers.counter,
			 mocktype1_groups.counter);
}

/* --- the uAPI scenarios name (marshalling: ioctls.c) ------------------- */

/* well-formed arguments of the ioctls whose string has fields */
static const char *const tgt_pasid_samples[] = {
	"1 1", "2 1", "1 2", "8 1", "0 1", "1 9", NULL
};

static const char *const tgt_token_samples[] = {
	"3 NULL", "4 NULL", "3 01234567-89ab-cdef-0123-456789abcdef",
	"4 00000000-0000-0000-0000-000000000000", NULL
};

/*
 * Newer uAPI headers (7.x) call type 6
 * __VFIO_RESERVED_TYPE1_NESTING_IOMMU (no backend implements it);
 * scenarios keep the old name for the number.
 */
#ifndef VFIO_TYPE1_NESTING_IOMMU
#define VFIO_TYPE1_NESTING_IOMMU	6
#endif

/* VFIO_SET_IOMMU's backends, and what VFIO_CHECK_EXTENSION asks about. */
#define IOMMU_TYPES							\
	{ "TYPE1", VFIO_TYPE1_IOMMU },					\
	{ "SPAPR_TCE", VFIO_SPAPR_TCE_IOMMU },				\
	{ "TYPE1v2", VFIO_TYPE1v2_IOMMU },				\
	{ "TYPE1_NESTING", VFIO_TYPE1_NESTING_IOMMU },			\
	{ "SPAPR_TCE_v2", VFIO_SPAPR_TCE_v2_IOMMU },			\
	{ "NOIOMMU", VFIO_NOIOMMU_IOMMU }

static const struct sim_symbol tgt_iommu_types[] = {
	IOMMU_TYPES,
	{ NULL, 0 },
};

static const struct sim_symbol tgt_extensions[] = {
	IOMMU_TYPES,
	{ "DMA_CC", VFIO_DMA_CC_IOMMU },
	{ "EEH", VFIO_EEH },
	{ "UNMAP_ALL", VFIO_UNMAP_ALL },
	{ "UPDATE_VADDR", VFIO_UPDATE_VADDR },
	{ NULL, 0 },
};

static const struct sim_ioctl tgt_ioctls[] = {
	{ "GET_API_VERSION", VFIO_GET_API_VERSION, SIM_IOCTL_NONE },
	{ "CHECK_EXTENSION", VFIO_CHECK_EXTENSION, SIM_IOCTL_INT,
	  .symbols = tgt_extensions },
	{ "SET_IOMMU", VFIO_SET_IOMMU, SIM_IOCTL_INT,
	  .symbols = tgt_iommu_types },
	{ "GROUP_GET_STATUS", VFIO_GROUP_GET_STATUS, SIM_IOCTL_STRUCT,
	  .marshal = group_status_marshal,
	  .unmarshal = group_status_unmarshal },
	{ "GROUP_SET_CONTAINER", VFIO_GROUP_SET_CONTAINER, SIM_IOCTL_FD_PTR },
	{ "GROUP_UNSET_CONTAINER", VFIO_GROUP_UNSET_CONTAINER,
	  SIM_IOCTL_NONE },
	{ "GROUP_GET_DEVICE_FD", VFIO_GROUP_GET_DEVICE_FD, SIM_IOCTL_STRING,
	  .returns_fd = true },
	{ "DEVICE_GET_INFO", VFIO_DEVICE_GET_INFO, SIM_IOCTL_STRUCT,
	  .marshal = device_info_marshal,
	  .unmarshal = device_info_unmarshal },
	{ "DEVICE_BIND_IOMMUFD", VFIO_DEVICE_BIND_IOMMUFD, SIM_IOCTL_FD_PTR,
	  .marshal = bind_marshal, .unmarshal = bind_unmarshal },
	{ "DEVICE_ATTACH_IOMMUFD_PT", VFIO_DEVICE_ATTACH_IOMMUFD_PT,
	  SIM_IOCTL_INT_PTR,
	  .marshal = attach_marshal, .unmarshal = attach_unmarshal },
	{ "DEVICE_DETACH_IOMMUFD_PT", VFIO_DEVICE_DETACH_IOMMUFD_PT,
	  SIM_IOCTL_STRUCT,
	  .marshal = detach_marshal, .unmarshal = no_text },
	{ "IOMMU_IOAS_ALLOC", IOMMU_IOAS_ALLOC, SIM_IOCTL_STRUCT,
	  .marshal = ioas_alloc_marshal,
	  .unmarshal = ioas_alloc_unmarshal },
	/* malformed structures: argsz or flags given */
	{ "GROUP_GET_STATUS_ARGSZ", VFIO_GROUP_GET_STATUS, SIM_IOCTL_INT_PTR,
	  .marshal = status_argsz_marshal, .unmarshal = no_text },
	{ "DEVICE_BIND_IOMMUFD_ARGSZ", VFIO_DEVICE_BIND_IOMMUFD,
	  SIM_IOCTL_INT_PTR, .marshal = bind_bad_marshal,
	  .unmarshal = no_text },
	{ "DEVICE_BIND_IOMMUFD_FLAGS", VFIO_DEVICE_BIND_IOMMUFD,
	  SIM_IOCTL_INT_PTR, .marshal = bind_bad_marshal,
	  .unmarshal = no_text },
	{ "DEVICE_ATTACH_IOMMUFD_PT_ARGSZ", VFIO_DEVICE_ATTACH_IOMMUFD_PT,
	  SIM_IOCTL_INT_PTR, .marshal = attach_bad_marshal,
	  .unmarshal = no_text },
	{ "DEVICE_ATTACH_IOMMUFD_PT_FLAGS", VFIO_DEVICE_ATTACH_IOMMUFD_PT,
	  SIM_IOCTL_INT_PTR, .marshal = attach_bad_marshal,
	  .unmarshal = no_text },
	{ "DEVICE_DETACH_IOMMUFD_PT_ARGSZ", VFIO_DEVICE_DETACH_IOMMUFD_PT,
	  SIM_IOCTL_INT_PTR, .marshal = detach_bad_marshal,
	  .unmarshal = no_text },
	{ "DEVICE_DETACH_IOMMUFD_PT_FLAGS", VFIO_DEVICE_DETACH_IOMMUFD_PT,
	  SIM_IOCTL_INT_PTR, .marshal = detach_bad_marshal,
	  .unmarshal = no_text },
	/* 6.15's PASIDs and 7.x's token: "PASID PT_ID", PASID, "FD UUID" */
	{ "DEVICE_ATTACH_PASID", VFIO_DEVICE_ATTACH_IOMMUFD_PT,
	  SIM_IOCTL_STRING, .marshal = attach_pasid_marshal,
	  .check = attach_pasid_check, .samples = tgt_pasid_samples,
	  .unmarshal = attach_pasid_unmarshal },
	{ "DEVICE_DETACH_PASID", VFIO_DEVICE_DETACH_IOMMUFD_PT,
	  SIM_IOCTL_INT_PTR, .marshal = detach_pasid_marshal,
	  .unmarshal = no_text },
	{ "DEVICE_BIND_IOMMUFD_TOKEN", VFIO_DEVICE_BIND_IOMMUFD,
	  SIM_IOCTL_STRING, .marshal = bind_token_marshal,
	  .check = bind_token_check, .samples = tgt_token_samples,
	  .unmarshal = bind_token_unmarshal },
	/* a region's size and flags, by index */
	{ "DEVICE_GET_REGION_INFO", VFIO_DEVICE_GET_REGION_INFO,
	  SIM_IOCTL_INT_PTR, .marshal = region_info_marshal,
	  .unmarshal = region_info_unmarshal },
	/* the mock driver's: the id of the device's kvm, 0 without */
	{ "MOCK_GET_KVM", MOCKVFIO_GET_KVM, SIM_IOCTL_NONE },
	/* /dev/kvm and its VM fds (mocks/kvm.c) */
	{ "KVM_CREATE_VM", KVM_CREATE_VM, SIM_IOCTL_NONE, .returns_fd = true },
	{ "KVM_DEV_VFIO_FILE_ADD", SIM_KVM_VFIO_FILE_ADD, SIM_IOCTL_FD_PTR },
	{ "KVM_DEV_VFIO_FILE_DEL", SIM_KVM_VFIO_FILE_DEL, SIM_IOCTL_FD_PTR },
	{ "KVM_VFIO_AT_DESTROY", SIM_KVM_VFIO_AT_DESTROY, SIM_IOCTL_NONE },
	/* /dev/iommu: destroy the object whose id is the argument */
	{ "IOMMU_DESTROY", IOMMU_DESTROY, SIM_IOCTL_INT_PTR,
	  .marshal = destroy_marshal, .unmarshal = no_text },
	/* the PASID forms with argsz ending before the pasid field */
	{ "DEVICE_ATTACH_PASID_SHORT", VFIO_DEVICE_ATTACH_IOMMUFD_PT,
	  SIM_IOCTL_STRING, .marshal = attach_pasid_short_marshal,
	  .check = attach_pasid_check, .samples = tgt_pasid_samples,
	  .unmarshal = no_text },
	{ "DEVICE_DETACH_PASID_SHORT", VFIO_DEVICE_DETACH_IOMMUFD_PT,
	  SIM_IOCTL_INT_PTR, .marshal = detach_pasid_short_marshal,
	  .unmarshal = no_text },
	/* region 0's info asked with the argsz given */
	{ "DEVICE_GET_REGION_INFO_ARGSZ", VFIO_DEVICE_GET_REGION_INFO,
	  SIM_IOCTL_INT_PTR, .marshal = region_info_argsz_marshal,
	  .unmarshal = no_text },
};

/* What of kconfig-vfio.h scenario conditions may name. */
static const char *const tgt_configs[] = {
	"VFIO_GROUP", "VFIO_CONTAINER", "VFIO_DEVICE_CDEV", "IOMMUFD",
	"VFIO_NOIOMMU", "KVM",
#if IS_ENABLED(CONFIG_IOMMUFD_NOIOMMU)
	"IOMMUFD_NOIOMMU",
#endif
	NULL
};

static const struct sim_driver_op tgt_driver_ops[] = {
	{ "unregister", SIM_DRIVER_DEVICE, tgt_unregister },
	{ "register", SIM_DRIVER_DEVICE, tgt_register },
	{ "rmmod_type1", SIM_DRIVER_NONE, tgt_rmmod_type1 },
	{ "insmod_type1", SIM_DRIVER_NONE, tgt_insmod_type1 },
};

const struct sim_target VFIO_TARGET_SYM = {
	.name = VFIO_TARGET_NAME,
	.summary = VFIO_TARGET_SUMMARY,
	.kernel_version = LINUX_VERSION_CODE,
	.kernel_configs = tgt_configs,
	.device_keys = tgt_keys,
	.device_key = tgt_key,
	.param = tgt_param,
	.init = tgt_init,
	.exit = tgt_exit,
	.ioctl_prefix = "VFIO_",
	.ioctls = tgt_ioctls,
	.nr_ioctls = sizeof(tgt_ioctls) / sizeof(tgt_ioctls[0]),
	.driver_ops = tgt_driver_ops,
	.nr_driver_ops = sizeof(tgt_driver_ops) /
			 sizeof(tgt_driver_ops[0]),
	.invariant = tgt_invariant,
	.end_check = tgt_end_check,
};
