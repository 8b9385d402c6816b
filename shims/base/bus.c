// SPDX-License-Identifier: GPL-2.0-only
/*
 * Buses (drivers/base/bus.c) and the simulation's own: pci, platform and
 * mdev, registered from the start of every execution with
 * /sys/bus/<name>/{devices,drivers}.  A device on a registered bus gets a
 * link in the bus's devices/ directory and a "subsystem" link back.
 *
 * Parentless devices of the simulated buses live where the kernel puts
 * theirs: PCI functions under their host bridge's directory
 * (/sys/devices/pci0000:00/0000:00:01.0, here a plain directory made on
 * demand), platform devices under /sys/devices/platform, and mdev
 * devices, which have no parent here, in /sys/devices.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "shims/devices.h"
#include "base.h"

const struct bus_type pci_bus_type = { .name = "pci" };
const struct bus_type platform_bus_type = { .name = "platform" };
const struct bus_type mdev_bus_type = { .name = "mdev" };

static const struct bus_type *const sim_bus_types[SIM_BUS_NR] = {
	[SIM_BUS_PCI] = &pci_bus_type,
	[SIM_BUS_PLATFORM] = &platform_bus_type,
	[SIM_BUS_MDEV] = &mdev_bus_type,
};

/* The simulated buses' registrations: static, made again each execution. */
static struct sim_bus_static {
	struct subsys_private sp;
	struct kernfs_node dir, devices, drivers;
} sim_buses[SIM_BUS_NR];

static LIST_HEAD(bus_list);

/* What a set-up made of the buses, for the snapshot. */
void buses_keep(void)
{
	SIM_SNAPSHOT_KEEP(bus_list);
	SIM_SNAPSHOT_KEEP(sim_buses);
}

void buses_reset(void)
{
	INIT_LIST_HEAD(&bus_list);
	for (int i = 0; i < SIM_BUS_NR; i++) {
		struct sim_bus_static *b = &sim_buses[i];
		const struct bus_type *bus = sim_bus_types[i];

		memset(&b->sp, 0, sizeof(b->sp));
		kn_add_static_dir(&b->dir, kn_top(SYSFS_BUS), bus->name);
		kn_add_static_dir(&b->devices, &b->dir, "devices");
		kn_add_static_dir(&b->drivers, &b->dir, "drivers");
		b->sp.bus = bus;
		b->sp.dir = &b->dir;
		b->sp.devices_dir = &b->devices;
		b->sp.drivers_dir = &b->drivers;
		b->sp.is_static = true;
		INIT_LIST_HEAD(&b->sp.devices);
		list_add_tail(&b->sp.node, &bus_list);
	}
}

struct subsys_private *bus_to_subsys(const struct bus_type *bus)
{
	struct subsys_private *sp;

	if (!bus)
		return NULL;
	list_for_each_entry(sp, &bus_list, node)
		if (sp->bus == bus)
			return sp;
	return NULL;
}

int bus_register(const struct bus_type *bus)
{
	struct subsys_private *sp;
	int err;

	mutex_lock(&sim_subsys_lock);
	sp = bus_to_subsys(bus);
	mutex_unlock(&sim_subsys_lock);
	if (sp) {
		pr_err("bus '%s' is already registered\n", bus->name);
		return -EEXIST;
	}
	sp = kzalloc(sizeof(*sp), GFP_KERNEL);
	if (!sp)
		return -ENOMEM;
	sp->bus = bus;
	INIT_LIST_HEAD(&sp->devices);
	err = kn_create_dir(kn_top(SYSFS_BUS), bus->name, &sp->dir);
	if (err)
		goto err_free;
	err = kn_create_dir(sp->dir, "devices", &sp->devices_dir);
	if (err)
		goto err_dir;
	err = kn_create_dir(sp->dir, "drivers", &sp->drivers_dir);
	if (err)
		goto err_devices;
	mutex_lock(&sim_subsys_lock);
	list_add_tail(&sp->node, &bus_list);
	mutex_unlock(&sim_subsys_lock);
	return 0;

err_devices:
	kn_remove_dir(sp->devices_dir);
err_dir:
	kn_remove_dir(sp->dir);
err_free:
	kfree(sp);
	return err;
}

void bus_unregister(const struct bus_type *bus)
{
	struct subsys_private *sp;

	mutex_lock(&sim_subsys_lock);
	sp = bus_to_subsys(bus);
	if (sp) {
		WARN(!list_empty(&sp->devices),
		     "bus '%s' unregistered with devices still on it",
		     bus->name);
		list_del(&sp->node);
	}
	mutex_unlock(&sim_subsys_lock);
	if (!sp)
		return;
	kn_remove_dir(sp->drivers_dir);
	kn_remove_dir(sp->devices_dir);
	kn_remove_dir(sp->dir);
	if (!sp->is_static)
		kfree(sp);
}

int bus_add_device(struct device *dev)
{
	struct subsys_private *sp;
	int err;

	mutex_lock(&sim_subsys_lock);
	sp = bus_to_subsys(dev->bus);
	mutex_unlock(&sim_subsys_lock);
	if (!sp)
		return 0;
	err = device_add_groups(dev, dev->bus->dev_groups);
	if (err)
		return err;
	err = kn_create_link(sp->devices_dir, dev_name(dev),
			     dev->kobj.sd);
	if (err)
		goto err_groups;
	err = kn_create_link(dev->kobj.sd, "subsystem", sp->dir);
	if (err)
		goto err_link;
	mutex_lock(&sim_subsys_lock);
	list_add_tail(&dev->p->knode_bus, &sp->devices);
	mutex_unlock(&sim_subsys_lock);
	dev->p->bus_sp = sp;
	return 0;

err_link:
	kn_remove_name(sp->devices_dir, dev_name(dev));
err_groups:
	device_remove_groups(dev, dev->bus->dev_groups);
	return err;
}

void bus_remove_device(struct device *dev)
{
	struct subsys_private *sp = dev->p->bus_sp;

	if (!sp)
		return;
	mutex_lock(&sim_subsys_lock);
	list_del_init(&dev->p->knode_bus);
	mutex_unlock(&sim_subsys_lock);
	kn_remove_name(dev->kobj.sd, "subsystem");
	kn_remove_name(sp->devices_dir, dev_name(dev));
	device_remove_groups(dev, dev->bus->dev_groups);
	dev->p->bus_sp = NULL;
}

/* The list entry after @start's, or the first; under sim_subsys_lock. */
static struct list_head *first_after(struct subsys_private *sp,
				     const struct device *start)
{
	if (start && start->p && !list_empty(&start->p->knode_bus))
		return start->p->knode_bus.next;
	return sp->devices.next;
}

struct device *bus_find_device(const struct bus_type *bus,
			       struct device *start, const void *data,
			       int (*match)(struct device *dev,
					    const void *data))
{
	struct device *found = NULL;
	struct subsys_private *sp;
	struct list_head *pos;

	mutex_lock(&sim_subsys_lock);
	sp = bus_to_subsys(bus);
	for (pos = sp ? first_after(sp, start) : NULL;
	     sp && pos != &sp->devices; pos = pos->next) {
		struct device *dev = list_entry(pos, struct device_private,
						knode_bus)->device;

		if (match(dev, data)) {
			found = get_device(dev);
			break;
		}
	}
	mutex_unlock(&sim_subsys_lock);
	return found;
}

int bus_for_each_dev(const struct bus_type *bus, struct device *start,
		     void *data, int (*fn)(struct device *dev, void *data))
{
	struct subsys_private *sp;
	struct list_head *pos;
	int err = 0;

	mutex_lock(&sim_subsys_lock);
	sp = bus_to_subsys(bus);
	if (!sp)
		err = -EINVAL;
	for (pos = sp ? first_after(sp, start) : NULL;
	     sp && pos != &sp->devices && !err; pos = pos->next)
		err = fn(list_entry(pos, struct device_private,
				    knode_bus)->device, data);
	mutex_unlock(&sim_subsys_lock);
	return err;
}

/* --- the simulated buses ------------------------------------------------- */

static const char *const sim_bus_names[SIM_BUS_NR] = {
	[SIM_BUS_PCI] = "pci",
	[SIM_BUS_PLATFORM] = "platform",
	[SIM_BUS_MDEV] = "mdev",
};

int sim_bus_parse(const char *name, enum sim_bus *bus)
{
	for (int i = 0; i < SIM_BUS_NR; i++) {
		if (name && !strcmp(name, sim_bus_names[i])) {
			*bus = i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *sim_bus_name(enum sim_bus bus)
{
	if ((unsigned int)bus >= SIM_BUS_NR)
		return NULL;
	return sim_bus_names[bus];
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Lower-case hex digits, as the kernel prints names. */
static bool hex_run(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return false;
	return true;
}

static unsigned int hex_value(const char *s, int n)
{
	unsigned int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 16 + (is_digit(s[i]) ? s[i] - '0' : s[i] - 'a' + 10);
	return v;
}

/*
 * A PCI function: domain:bus:slot.function, "%04x:%02x:%02x.%d" as the
 * kernel names it; the slot is 5 bits, the function 3.
 */
static bool pci_name_valid(const char *s)
{
	return strlen(s) == 12 && hex_run(s, 4) && s[4] == ':' &&
	       hex_run(s + 5, 2) && s[7] == ':' && hex_run(s + 8, 2) &&
	       hex_value(s + 8, 2) < 0x20 && s[10] == '.' &&
	       s[11] >= '0' && s[11] <= '7';
}

/* A UUID as mdev names its devices: 8-4-4-4-12 lower-case hex digits. */
static bool uuid_name_valid(const char *s)
{
	static const int dash[] = { 8, 13, 18, 23 };

	if (strlen(s) != 36)
		return false;
	for (int i = 0, d = 0; i < 36; i++) {
		if (d < 4 && i == dash[d]) {
			if (s[i] != '-')
				return false;
			d++;
		} else if (!hex_run(s + i, 1)) {
			return false;
		}
	}
	return true;
}

/* Anything a sysfs directory can be named. */
static bool platform_name_valid(const char *s)
{
	return *s && strlen(s) < 256 && !strchr(s, '/') && strcmp(s, ".") &&
	       strcmp(s, "..");
}

bool sim_bus_name_valid(enum sim_bus bus, const char *name)
{
	if (!name)
		return false;
	switch (bus) {
	case SIM_BUS_PCI:
		return pci_name_valid(name);
	case SIM_BUS_PLATFORM:
		return platform_name_valid(name);
	case SIM_BUS_MDEV:
		return uuid_name_valid(name);
	default:
		return false;
	}
}

const char *sim_bus_root_dir(const struct device *dev, char *buf,
			     size_t len)
{
	const char *name = dev_name(dev);

	if (dev->bus == &pci_bus_type && name && pci_name_valid(name)) {
		/* the host bridge of domain:bus */
		snprintf(buf, len, "pci%.7s", name);
		return buf;
	}
	if (dev->bus == &platform_bus_type)
		return "platform";
	return NULL;
}

static void sim_bus_device_release(struct device *dev)
{
	kfree(dev);
}

struct device *sim_bus_device_add(enum sim_bus bus, const char *name)
{
	struct device *dev;
	int err;

	if (!sim_bus_name_valid(bus, name))
		return ERR_PTR(-EINVAL);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	device_initialize(dev);
	dev->bus = sim_bus_types[bus];
	dev->release = sim_bus_device_release;
	err = dev_set_name(dev, "%s", name);
	if (!err)
		err = device_add(dev);
	if (err) {
		put_device(dev);
		return ERR_PTR(err);
	}
	return dev;
}

void sim_bus_device_del(struct device *dev)
{
	device_unregister(dev);
}

struct device *sim_bus_find_device(enum sim_bus bus, const char *name)
{
	struct device *dev;

	if ((unsigned int)bus >= SIM_BUS_NR || !name)
		return NULL;
	dev = bus_find_device_by_name(sim_bus_types[bus], NULL, name);
	/* no reference for the caller: valid until sim_bus_device_del() */
	put_device(dev);
	return dev;
}
